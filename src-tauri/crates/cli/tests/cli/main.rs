//! The `levensregister` binary from the outside, as a user or a script drives it: real
//! processes, a real SQLCipher file in a temp folder, codes from `oathtool`.
//!
//! Needs `oathtool` on the PATH. The binary is built with the vault's
//! `insecure-test-hooks` (a dev-dependency), which allows cheap Argon2 and a fake clock.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod crash;
mod exchange;
mod fixtures;
mod new_machine;
mod plaintext;
mod refusals;
mod round_trip;
mod shell;
mod support;
mod tamper;
