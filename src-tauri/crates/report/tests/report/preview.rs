//! Page-1 previews: a real PNG of A4's width at the asked scale, and the page count.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use levensregister_core::{Lang, access_sheet_data};
use levensregister_report::{ReportKind, render_preview};

use crate::fixture::{Fixture, TODAY};

/// Width and height from a PNG's IHDR chunk.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert_eq!(&png[12..16], b"IHDR");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn a_preview_is_page_one_as_png_with_the_page_count() {
    let mut fx = Fixture::new(17);
    let data = fx.data(ReportKind::Full, None, Lang::Nl);
    let preview = render_preview(ReportKind::Full, &data, 1.5).unwrap();
    // A4 is 595.3 × 841.9 pt.
    assert_eq!(png_size(&preview.png), (893, 1263));
    assert!(preview.pages > 1, "{} pages", preview.pages);

    let sheet = access_sheet_data(Lang::En, TODAY);
    let preview = render_preview(ReportKind::AccessSheet, &sheet, 1.0).unwrap();
    assert_eq!(png_size(&preview.png), (595, 842));
    assert_eq!(preview.pages, 1);
}

#[test]
fn a_preview_refuses_a_silly_scale() {
    let sheet = access_sheet_data(Lang::En, TODAY);
    for scale in [0.0, -1.0, f32::NAN, f32::INFINITY, 100.0] {
        let error = render_preview(ReportKind::AccessSheet, &sheet, scale).unwrap_err();
        assert_eq!(error.code(), "report_data", "{scale}");
    }
}
