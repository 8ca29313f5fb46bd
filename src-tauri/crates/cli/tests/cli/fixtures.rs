//! Test data and randomness: items in the exchange format, a seeded PRNG whose seed
//! is printed, today's date.

use serde_json::{Value, json};

/// A valid item id (16 characters of lowercase base32), distinct for each `n`.
pub fn item_id(n: u64) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    (0..16)
        .map(|digit| {
            let shift = 5 * (15 - digit);
            let value = if shift >= 64 { 0 } else { (n >> shift) & 31 };
            char::from(ALPHABET[value as usize])
        })
        .collect()
}

/// A `note` item in the exchange format.
pub fn note(id: &str, section: &str, title: &str, text: &str) -> Value {
    json!({
        "id": id,
        "section": section,
        "type": "note",
        "fields": { "title": title, "text": text },
        "visibility": "now",
        "created": "2025-03-01T09:30:00Z",
        "changed": "2025-03-01T09:30:00Z",
    })
}

/// An exchange document (format version 1) holding `items` and no reviews.
pub fn exchange_document(items: Vec<Value>) -> String {
    json!({
        "format": "levensregister-export",
        "version": 1,
        "exported": "2025-03-02T10:00:00Z",
        "items": items,
        "reviews": {},
    })
    .to_string()
}

/// A small deterministic PRNG (SplitMix64); the seed is printed so a failure replays.
pub struct Rng(u64);

impl Rng {
    /// Seeded from `LEVENSREGISTER_TEST_SEED` if set, else from `default`.
    pub fn seeded(test: &str, default: u64) -> Rng {
        let seed = std::env::var("LEVENSREGISTER_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(default);
        eprintln!("{test}: seed {seed} (replay with LEVENSREGISTER_TEST_SEED={seed})");
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `range` (half-open, not empty).
    pub fn below(&mut self, range: std::ops::Range<usize>) -> usize {
        let span = (range.end - range.start) as u64;
        range.start + (self.next_u64() % span) as usize
    }
}

/// Today's date in UTC as `YYYY-MM-DD` (civil-from-days, H. Hinnant).
pub fn today_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs();
    let days = i64::try_from(secs / 86_400).expect("days fit") + 719_468;
    let era = days.div_euclid(146_097);
    let doe = days.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
