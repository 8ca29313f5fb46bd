//! The `levensregister` binary from the outside, as a user or a script drives it: real
//! processes, a real SQLCipher file in a temp folder, codes from `oathtool`.
//!
//! Needs `oathtool` on the PATH. The binary is built with the vault's
//! `insecure-test-hooks` (a dev-dependency), which allows cheap Argon2 and a fake clock.
//!
//! The hooks exist only in builds with debug assertions (an optimized binary never has
//! them), so under `cargo test --release` only `hooks` runs: it checks exactly that.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

#[cfg(debug_assertions)]
mod crash;
#[cfg(debug_assertions)]
mod exchange;
#[cfg(debug_assertions)]
mod fixtures;
#[cfg(debug_assertions)]
mod hardening;
mod hooks;
#[cfg(debug_assertions)]
mod new_machine;
#[cfg(debug_assertions)]
mod plaintext;
#[cfg(debug_assertions)]
mod refusals;
#[cfg(debug_assertions)]
mod reports;
#[cfg(debug_assertions)]
mod round_trip;
#[cfg(debug_assertions)]
mod shell;
#[cfg(debug_assertions)]
mod support;
#[cfg(debug_assertions)]
mod tamper;
#[cfg(debug_assertions)]
mod trusted;
