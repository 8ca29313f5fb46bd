//! Compiling a template with its data to PDF, and mapping Typst's errors.

use typst::World;
use typst::WorldExt;
use typst::diag::SourceDiagnostic;
use typst::foundations::Datetime;
use typst::syntax::Source;
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::error::{ReportError, Result};
use crate::kind::template;
use crate::world::{self, ReportWorld, file_id, file_name};
use levensregister_core::ReportKind;

/// Renders report `kind` from `data` (the JSON `levensregister-core` prepares) to PDF.
///
/// The data's `today` (`YYYY-MM-DD`) is the date Typst's `datetime.today()` sees; the
/// program's clock is never read inside Typst.
pub fn render_pdf(kind: ReportKind, data: &serde_json::Value) -> Result<Vec<u8>> {
    compile(built_in(template(kind))?, data, write_pdf)
}

/// Renders a template given as text (a designer's draft, or a test's broken one)
/// under the file name `name`; it may import the built-in `common.typ`.
pub fn render_template(name: &str, text: &str, data: &serde_json::Value) -> Result<Vec<u8>> {
    let id = file_id(name).ok_or_else(|| ReportError::Template {
        template: name.to_owned(),
        line: 0,
        message: "not a valid template file name".into(),
    })?;
    compile(Source::new(id, text.to_owned()), data, write_pdf)
}

/// Loads the fonts, the standard library and the templates (once per process), so
/// the first report does not pay for it.
pub fn warm_up() {
    world::load();
}

/// Drops everything Typst memoised, which includes register text. Every compile does
/// this when it ends; the app also calls it when the register locks.
pub fn evict_caches() {
    comemo::evict(0);
}

/// The built-in template `name` as the main file.
pub(crate) fn built_in(name: &str) -> Result<Source> {
    ReportWorld::template(name).ok_or_else(|| ReportError::Template {
        template: name.to_owned(),
        line: 0,
        message: "the template is not built in".into(),
    })
}

/// Compiles `main` with `data` once and hands the document to `export`; Typst's
/// caches (which hold register text) are evicted whatever the outcome.
pub(crate) fn compile<T>(
    main: Source,
    data: &serde_json::Value,
    export: impl FnOnce(&PagedDocument) -> Result<T>,
) -> Result<T> {
    let json = serde_json::to_string(data).map_err(|e| ReportError::Data(e.to_string()))?;
    let world = ReportWorld::new(main, json, today(data));
    let result = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| diagnostic_error(&world, &errors))
        .and_then(|document| export(&document));
    evict_caches();
    result
}

pub(crate) fn write_pdf(document: &PagedDocument) -> Result<Vec<u8>> {
    typst_pdf::pdf(document, &PdfOptions::default())
        .map_err(|errors| ReportError::Pdf(messages(&errors)))
}

/// The data's `today` as a Typst date.
fn today(data: &serde_json::Value) -> Option<Datetime> {
    let text = data.get("today")?.as_str()?;
    let mut parts = text.splitn(3, '-').map(str::parse::<i64>);
    let (Some(Ok(year)), Some(Ok(month)), Some(Ok(day))) =
        (parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    Datetime::from_ymd(
        i32::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    )
}

/// The first error, located: the file it points into and the 1-based line.
fn diagnostic_error(world: &ReportWorld, errors: &[SourceDiagnostic]) -> ReportError {
    let main = world.main();
    let Some(first) = errors.first() else {
        return ReportError::Template {
            template: file_name(main),
            line: 0,
            message: "compilation failed without a message".into(),
        };
    };
    let id = first.span.id().unwrap_or(main);
    let line = world
        .range(first.span)
        .and_then(|range| {
            let source = world.source(id).ok()?;
            source.lines().byte_to_line(range.start)
        })
        .map_or(0, |line| line + 1);
    ReportError::Template {
        template: file_name(id),
        line,
        message: messages(errors),
    }
}

fn messages(errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|error| {
            let mut text = error.message.to_string();
            for hint in &error.hints {
                text.push_str(" (hint: ");
                text.push_str(&hint.v);
                text.push(')');
            }
            text
        })
        .collect::<Vec<_>>()
        .join("; ")
}
