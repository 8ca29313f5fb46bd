//! `report` and `access-sheet`: core prepares the data, the report crate renders it,
//! and the PDF is written owner-only (0600), atomically, with a warning that it is
//! not encrypted.

use std::path::Path;

use levensregister_core::{
    Lang, ReportKind, ReportRequest, Session, VisibilityFilter, access_sheet_data, report_data,
};

use crate::args::ReportArgs;
use crate::commands::write_private_output;
use crate::failure::Failure;

/// The request `args` describe, checked before any login.
pub fn request(args: &ReportArgs, lang: Lang) -> Result<ReportRequest, Failure> {
    let kind = ReportKind::parse(&args.kind)
        .filter(|kind| *kind != ReportKind::AccessSheet)
        .ok_or_else(|| Failure::usage(format!("unknown report '{}'", args.kind)))?;
    if kind == ReportKind::Section && args.section.is_none() {
        return Err(Failure::usage(lang.pick(
            "report section heeft --section nodig (bijvoorbeeld --section finance)",
            "report section needs --section (for example --section finance)",
        )));
    }
    let visibility = VisibilityFilter::parse(&args.visibility).ok_or_else(|| {
        Failure::usage(lang.pick(
            "--visibility is now, incapacity of death",
            "--visibility is now, incapacity or death",
        ))
    })?;
    Ok(ReportRequest {
        kind,
        section: args.section.clone(),
        lang,
        visibility,
    })
}

/// Writes the report `request` describes to `out`.
pub fn report(
    session: &mut Session,
    request: &ReportRequest,
    out: &Path,
    lang: Lang,
) -> Result<(), Failure> {
    let name = session.vault().profile().name.clone();
    let data =
        report_data(session, request, &name, today()).map_err(|e| Failure::from_core(&e, lang))?;
    render_and_write(request.kind, &data, out, lang)?;
    eprintln!(
        "{}",
        lang.pick(
            "Let op: deze PDF is NIET versleuteld. Bewaar hem veilig en verwijder hem als u hem niet meer nodig hebt.",
            "Note: this PDF is NOT encrypted. Keep it safe and delete it when you no longer need it.",
        )
    );
    Ok(())
}

/// Writes the blank access-code sheet to `out` (no register needed).
pub fn access_sheet(out: &Path, lang: Lang) -> Result<(), Failure> {
    render_and_write(
        ReportKind::AccessSheet,
        &access_sheet_data(lang, today()),
        out,
        lang,
    )?;
    eprintln!(
        "{}",
        lang.pick(
            "Het blad is leeg; eenmaal ingevuld is het geheim. Knip het meteen langs de stippellijn.",
            "The sheet is blank; once filled in it is secret. Cut it along the dashed line straight away.",
        )
    );
    Ok(())
}

pub fn render_and_write(
    kind: ReportKind,
    data: &serde_json::Value,
    out: &Path,
    lang: Lang,
) -> Result<(), Failure> {
    let pdf = levensregister_report::render_pdf(kind, data).map_err(|e| Failure {
        exit_code: 1,
        message: e.to_string(),
    })?;
    write_private_output(out, &pdf, lang)
}

pub fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}
