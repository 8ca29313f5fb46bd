//! Levensregister's PDF reports: Typst templates compiled in-process to PDF.
//!
//! This crate owns the report catalogue ([`ReportKind`]), the trusted-persons sheets
//! ([`Sheet`]: Emergency Kit, share sheet), page-1 previews, the Typst templates in
//! `assets/reports/` (compiled in, editable by a designer without touching Rust), the
//! embedded fonts (DejaVu Sans, from `assets/fonts/`; system fonts are never scanned)
//! and a small Typst `World` that serves one template plus the report data as a
//! virtual `/data.json`. It does not read the register: `levensregister-core`
//! prepares the JSON (`reports::report_data`), so this crate stays free of storage
//! and crypto, and core stays free of Typst.
//!
//! Typst memoises work in a process-wide cache that would keep register text alive;
//! every compile evicts it afterwards, and [`evict_caches`] lets the app do so on lock.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error;
mod kind;
mod preview;
mod render;
mod sheet;
mod world;

pub use error::{ReportError, Result};
pub use levensregister_core::ReportKind;
pub use preview::{Preview, render_preview};
pub use render::{evict_caches, render_pdf, render_template, warm_up};
pub use sheet::{Sheet, render_sheet};
pub use world::FONT_FAMILIES;
