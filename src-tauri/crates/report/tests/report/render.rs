//! Every report from a fixture register, checked with pdftotext and pdftoppm; the
//! page-1 PNGs are kept in `<repo>/artifacts/reports/` for a person to look at.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::{Path, PathBuf};
use std::process::Command;

use levensregister_core::{Lang, access_sheet_data};
use levensregister_report::{ReportError, ReportKind, render_pdf, render_template};

use crate::fixture::{Fixture, NAME, TODAY};

pub(crate) fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../artifacts/reports");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes the PDF, returns its text (pdftotext) and keeps page 1 as PNG (pdftoppm).
pub(crate) fn check(pdf: &[u8], name: &str) -> String {
    assert!(pdf.starts_with(b"%PDF-"), "{name}: not a PDF");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("{name}.pdf"));
    std::fs::write(&file, pdf).unwrap();
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    assert!(text.status.success(), "{name}: pdftotext failed");
    let prefix = artifacts().join(name);
    let png = Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&file)
        .arg(&prefix)
        .output()
        .unwrap();
    assert!(
        png.status.success(),
        "{name}: pdftoppm failed: {}",
        String::from_utf8_lossy(&png.stderr)
    );
    let png = prefix.with_extension("png");
    assert!(
        std::fs::read(&png).unwrap().starts_with(b"\x89PNG"),
        "{name}: no PNG"
    );
    String::from_utf8(text.stdout).unwrap()
}

pub(crate) fn contains_all(text: &str, name: &str, wanted: &[&str]) {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for word in wanted {
        assert!(flat.contains(word), "{name}: missing {word:?} in:\n{text}");
    }
}

fn report(fixture: &mut Fixture, kind: ReportKind, section: Option<&str>, lang: Lang) -> String {
    let data = fixture.data(kind, section, lang);
    let pdf = render_pdf(kind, &data).unwrap();
    check(&pdf, &format!("{}-{}", kind.id(), lang.code()))
}

#[test]
fn every_report_compiles_with_its_content_in_both_languages() {
    let mut fx = Fixture::new(17);
    let full = report(&mut fx, ReportKind::Full, None, Lang::Nl);
    contains_all(
        &full,
        "full-nl",
        &[
            NAME,
            "1 maart 2025",
            "Vertrouwelijk — onversleutelde kopie",
            "pagina 1 van",
            "Persoonlijke gegevens",
            "Bank en geldzaken",
            "Huisdieren",
            "Persoonlijke boodschappen",
            "Anna Jansen",
            "Johanna de Vries",
            "NL91 ABNA 0417 1643 00",
            "185.000,00",
            "23,45",
            "Cremeren",
            "Minoes",
        ],
    );
    let full_en = report(&mut fx, ReportKind::Full, None, Lang::En);
    contains_all(
        &full_en,
        "full-en",
        &[
            "Confidential — unencrypted copy",
            "page 1 of",
            "1 March 2025",
            "Banking and money",
            "Pets",
            "185,000.00",
            "Cremation",
            "Anna Jansen",
        ],
    );

    let emergency = report(&mut fx, ReportKind::Emergency, None, Lang::Nl);
    contains_all(
        &emergency,
        "emergency",
        &[
            "Noodoverzicht",
            "Anna Jansen",
            "06 12345678",
            "Dokter Pietersen",
            "030 2345678",
            "Cremeren",
            "Kluis bij de notaris",
            "Bureaula links",
            "Vertrouwelijk",
        ],
    );
    assert!(
        !emergency.contains("NL91"),
        "the emergency overview has no bank accounts"
    );

    let section = report(&mut fx, ReportKind::Section, Some("finance"), Lang::En);
    contains_all(
        &section,
        "section",
        &["Banking and money", "ING", "Rabobank", "185,000.00"],
    );

    let contacts = report(&mut fx, ReportKind::Contacts, None, Lang::Nl);
    contains_all(
        &contacts,
        "contacts",
        &[
            "Contactenlijst",
            "Anna Jansen",
            "anna@example.nl",
            "Notariaat Bakker",
            "Dokter Pietersen",
            "Centraal Beheer",
            "Eneco",
            "Rabobank",
            "Vertrouwelijk",
        ],
    );

    let financial = report(&mut fx, ReportKind::Financial, None, Lang::En);
    contains_all(
        &financial,
        "financial",
        &[
            "Financial overview",
            "NL91 ABNA 0417 1643 00",
            "185,000.00",
            "23.45",
            "ABP",
            "Eneco",
            "Insurance",
            "Pension and work",
            "Housing",
        ],
    );
    assert!(!financial.contains("Minoes"));

    let funeral = report(&mut fx, ReportKind::Funeral, None, Lang::Nl);
    contains_all(
        &funeral,
        "funeral",
        &[
            "Uitvaartwensen",
            "Cremeren",
            "Crematorium Daelwijck",
            "Bach, Air",
            "Johanna de Vries",
            "12-05-1948",
            "Lindelaan 4",
        ],
    );
}

#[test]
fn empty_sections_say_so() {
    let mut fx = Fixture::new(1);
    let text = report(&mut fx, ReportKind::Financial, None, Lang::Nl);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(flat.matches("nog niet ingevuld").count(), 4, "{text}");
}

#[test]
fn the_access_sheet_needs_no_register_and_has_its_cut_line() {
    for lang in [Lang::Nl, Lang::En] {
        let pdf = render_pdf(ReportKind::AccessSheet, &access_sheet_data(lang, TODAY)).unwrap();
        let text = check(&pdf, &format!("access-sheet-{}", lang.code()));
        let wanted: &[&str] = match lang {
            Lang::Nl => &[
                "Toegangscodelijst",
                "helft 1 van 2 — geef aan één vertrouwenspersoon",
                "helft 2 van 2 — geef aan een ander",
                "✂",
                "onderstreep",
                "pagina 1 van 1",
                "1 maart 2025",
            ],
            Lang::En => &[
                "Access-code sheet",
                "half 1 of 2 — give to one trusted person",
                "half 2 of 2 — give to another",
                "✂",
                "underline",
                "page 1 of 1",
            ],
        };
        contains_all(&text, "access-sheet", wanted);
        assert!(!text.contains("Confidential") && !text.contains("Vertrouwelijk —"));
    }
}

#[test]
fn a_template_error_names_the_template_and_line() {
    let data = access_sheet_data(Lang::En, TODAY);
    let broken = "#import \"common.typ\": *\n= Fine\n\n#let x = (1, 2\n";
    let error = render_template("broken.typ", broken, &data).unwrap_err();
    let ReportError::Template { template, line, .. } = &error else {
        panic!("not a template error: {error:?}");
    };
    assert_eq!((template.as_str(), *line), ("broken.typ", 4), "{error}");
    assert!(
        error
            .to_string()
            .starts_with("report template broken.typ, line 4:"),
        "{error}"
    );

    let unknown = "Hello\n#nonsense-function(1)\n";
    let error = render_template("draft.typ", unknown, &data).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("report template draft.typ, line 2:"),
        "{error}"
    );
    assert_eq!(error.code(), "report_template");

    // Data the template does not expect fails in the template, not in a panic.
    let error = render_pdf(ReportKind::Full, &serde_json::json!({"lang": "nl"})).unwrap_err();
    assert_eq!(error.code(), "report_template");
    assert!(error.to_string().contains("sections"), "{error}");
}

#[test]
fn kinds_have_stable_ids() {
    for kind in ReportKind::ALL {
        assert_eq!(ReportKind::parse(kind.id()), Some(kind));
        assert!(levensregister_core::ReportKind::parse(kind.id()).is_some());
    }
}
