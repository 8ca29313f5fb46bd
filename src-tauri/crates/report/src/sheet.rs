//! The trusted-persons documents: the owner's Emergency Kit and one share sheet per
//! trusted person. Not reports of the register's items, so not in [`ReportKind`]'s
//! catalogue; core prepares their data all the same.
//!
//! [`ReportKind`]: levensregister_core::ReportKind

use crate::error::Result;
use crate::render::{built_in, compile, write_pdf};

/// A document for the trusted-persons feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sheet {
    /// The owner's Emergency Kit: register name and id, Secret Key, recovery words
    /// and their QR code, boxes for the password, what to do with it.
    EmergencyKit,
    /// One trusted person's share: the words and their QR code, k of n, and the
    /// instructions for the day it is needed.
    ShareSheet,
}

impl Sheet {
    /// The template's file name in `assets/reports/`.
    fn template(self) -> &'static str {
        match self {
            Sheet::EmergencyKit => "emergency_kit.typ",
            Sheet::ShareSheet => "share_sheet.typ",
        }
    }
}

/// Renders `sheet` from `data` to PDF. The data shapes are documented at the top of
/// each template (`assets/reports/emergency_kit.typ`, `share_sheet.typ`); `qr_svg`
/// is an SVG document such as `levensregister_core::qr_svg` makes. Typst's caches are
/// evicted afterwards, as for every report.
pub fn render_sheet(sheet: Sheet, data: &serde_json::Value) -> Result<Vec<u8>> {
    compile(built_in(sheet.template())?, data, write_pdf)
}
