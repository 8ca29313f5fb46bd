//! Why a report could not be made.

/// The crate's result type.
pub type Result<T> = std::result::Result<T, ReportError>;

/// Why a report could not be made. No variant carries register data beyond what a
/// template's own error message quotes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// The template (or a file it imports) has an error; `line` is 1-based.
    #[error("report template {template}, line {line}: {message}")]
    Template {
        /// The file the error points into, e.g. `full.typ`.
        template: String,
        /// 1-based line in that file (0 when Typst gave no position).
        line: usize,
        /// What Typst said, with its hints.
        message: String,
    },
    /// The compiled document could not be written as PDF.
    #[error("writing the PDF failed: {0}")]
    Pdf(String),
    /// The first page could not be drawn as an image.
    #[error("drawing the preview failed: {0}")]
    Preview(String),
    /// The data could not be serialised for the template.
    #[error("report data: {0}")]
    Data(String),
}

impl ReportError {
    /// A stable snake_case code for front ends.
    pub fn code(&self) -> &'static str {
        match self {
            ReportError::Template { .. } => "report_template",
            ReportError::Pdf(_) => "report_pdf",
            ReportError::Preview(_) => "report_preview",
            ReportError::Data(_) => "report_data",
        }
    }
}
