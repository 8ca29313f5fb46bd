//! Times report compiles: the first in the process (fonts, library, templates
//! loaded), then warm compiles of the full report at 100 and 1,000 items, and the
//! access sheet. Run with
//! `cargo run --release -p levensregister-report --example bench`.
#![allow(clippy::unwrap_used)] // a benchmark that fails should stop loudly

#[path = "../tests/report/fixture.rs"]
mod fixture;

use std::time::{Duration, Instant};

use levensregister_core::{Lang, access_sheet_data};
use levensregister_report::{ReportKind, render_pdf};

const WARM_RUNS: u32 = 5;

fn time(data: &serde_json::Value, kind: ReportKind) -> (Duration, usize) {
    let start = Instant::now();
    let pdf = render_pdf(kind, data).unwrap();
    (start.elapsed(), pdf.len())
}

fn warm(label: &str, data: &serde_json::Value, kind: ReportKind) {
    let mut best = Duration::MAX;
    let mut total = Duration::ZERO;
    let mut size = 0;
    for _ in 0..WARM_RUNS {
        let (took, bytes) = time(data, kind);
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
}
