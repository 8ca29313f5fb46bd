//! A picture of a report's first page, for the app's Reports screen.

use typst::utils::Scalar;
use typst_render::RenderOptions;

use crate::error::{ReportError, Result};
use crate::kind::template;
use crate::render::{built_in, compile};
use levensregister_core::ReportKind;

/// The largest scale a preview may ask for: A4 at 8 px/pt is 4763 × 6736 pixels.
const MAX_PIXELS_PER_PT: f32 = 8.0;

/// Page 1 of a report as PNG, and how many pages the whole report has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// Page 1, a PNG image (white background, no transparency).
    pub png: Vec<u8>,
    /// The number of pages of the report.
    pub pages: usize,
}

/// Compiles report `kind` from `data` once and rasterises its first page at
/// `pixels_per_pt` (1.0 = 72 dpi; A4 is 595 × 842 pt). Like [`crate::render_pdf`],
/// it evicts Typst's caches afterwards.
pub fn render_preview(
    kind: ReportKind,
    data: &serde_json::Value,
    pixels_per_pt: f32,
) -> Result<Preview> {
    if !(pixels_per_pt > 0.0 && pixels_per_pt <= MAX_PIXELS_PER_PT) {
        return Err(ReportError::Data(format!(
            "a preview's scale must be above 0 and at most {MAX_PIXELS_PER_PT} pixels per point"
        )));
    }
    compile(built_in(template(kind))?, data, |document| {
        let pages = document.pages();
        let first = pages
            .first()
            .ok_or_else(|| ReportError::Preview("the report has no pages".into()))?;
        let options = RenderOptions {
            pixel_per_pt: Scalar::new(f64::from(pixels_per_pt)),
            render_bleed: false,
        };
        let png = typst_render::render(first, &options)
            .encode_png()
            .map_err(|e| ReportError::Preview(e.to_string()))?;
        Ok(Preview {
            png,
            pages: pages.len(),
        })
    })
}
