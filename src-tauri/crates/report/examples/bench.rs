//! Times report compiles: the first in the process (fonts, library, templates
//! loaded), then warm compiles of the full report at 100 and 1,000 items, the
//! access sheet, a share sheet, and a page-1 preview of the 1,000-item report. Run with
//! `cargo run --release -p levensregister-report --example bench`.
#![allow(clippy::unwrap_used)] // a benchmark that fails should stop loudly

#[path = "../tests/report/fixture.rs"]
mod fixture;

use std::time::{Duration, Instant};

use levensregister_core::{Lang, access_sheet_data};
use levensregister_report::{ReportKind, Sheet, render_pdf, render_preview, render_sheet};

const WARM_RUNS: u32 = 5;

fn time(data: &serde_json::Value, kind: ReportKind) -> (Duration, usize) {
    let start = Instant::now();
    let pdf = render_pdf(kind, data).unwrap();
    (start.elapsed(), pdf.len())
}

fn warm(label: &str, data: &serde_json::Value, kind: ReportKind) {
    warm_with(label, || render_pdf(kind, data).unwrap().len());
}

/// Runs `render` `WARM_RUNS` times; it returns the size of what it made.
fn warm_with(label: &str, mut render: impl FnMut() -> usize) {
    let mut best = Duration::MAX;
    let mut total = Duration::ZERO;
    let mut size = 0;
    for _ in 0..WARM_RUNS {
        let start = Instant::now();
        let bytes = render();
        let took = start.elapsed();
        best = best.min(took);
        total += took;
        size = bytes;
    }
    println!(
        "{label:<40} warm: best {:>7.1} ms, mean {:>7.1} ms ({} kB)",
        best.as_secs_f64() * 1e3,
        total.as_secs_f64() * 1e3 / f64::from(WARM_RUNS),
        size / 1024
    );
}

fn main() {
    let mut small = fixture::Fixture::new(100);
    let mut large = fixture::Fixture::new(1_000);
    let data_100 = small.data(ReportKind::Full, None, Lang::Nl);
    let data_1000 = large.data(ReportKind::Full, None, Lang::Nl);
    let sheet = access_sheet_data(Lang::Nl, fixture::TODAY);

    let (cold, size) = time(&data_1000, ReportKind::Full);
    println!(
        "{:<40} cold: {:>7.1} ms ({} kB)",
        "full report, 1,000 items (first compile)",
        cold.as_secs_f64() * 1e3,
        size / 1024
    );
    warm("full report, 100 items", &data_100, ReportKind::Full);
    warm("full report, 1,000 items", &data_1000, ReportKind::Full);
    warm("access-code sheet", &sheet, ReportKind::AccessSheet);
    let share = share_sheet_data();
    warm_with("share sheet", || {
        render_sheet(Sheet::ShareSheet, &share).unwrap().len()
    });
    warm_with("preview (page 1 PNG), 1,000 items", || {
        render_preview(ReportKind::Full, &data_1000, 1.0)
            .unwrap()
            .png
            .len()
    });
}

fn share_sheet_data() -> serde_json::Value {
    let words = "shadow pistol academic always adequate wildlife fancy gross oasis cylinder \
                 mustang wrist rescue view short owner flip making coding armed";
    serde_json::json!({
        "lang": "nl", "today": "2025-03-01", "date": "1 maart 2025",
        "register": fixture::NAME, "register_id": "0f9c2a5e-7b1d-4c3e-9a8f-2d6e5b4c3a21",
        "holder": "Anna Jansen", "number": 1, "threshold": 2, "count": 3, "set": "12345",
        "words": words.split_whitespace().collect::<Vec<_>>(),
        "qr_svg": levensregister_core::qr_svg(words).unwrap(),
        "other_holders": ["Piet Jansen", "Els Bakker"],
    })
}
