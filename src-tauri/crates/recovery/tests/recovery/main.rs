//! Integration tests of `levensregister-recovery`, one module per concern: the official
//! vectors, the reference implementation as an oracle (both ways), share words and their
//! typos, splitting and combining, and QR images.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod oracle;
mod qr_image;
mod set;
mod share;
mod vectors;

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes of lowercase or uppercase hex.
pub fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// `n` random bytes.
pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut out = vec![0u8; n];
    getrandom::fill(&mut out).unwrap();
    out
}

/// A random number in `low..=high`.
pub fn random_in(low: u8, high: u8) -> u8 {
    low + random_bytes(1)[0] % (high - low + 1)
}

/// `k` distinct items of `items`, in random order.
pub fn pick<T: Clone>(items: &[T], k: usize) -> Vec<T> {
    let mut pool: Vec<T> = items.to_vec();
    let mut out = Vec::with_capacity(k);
    for _ in 0..k {
        let i = usize::from(random_bytes(1)[0]) % pool.len();
        out.push(pool.swap_remove(i));
    }
    out
}
