//! Registers created on several threads at once, as the first thing the process does:
//! SQLCipher's start-up must be finished before any thread keys a database. This file
//! is its own test binary, so no other test has opened a connection before it.
#![cfg(debug_assertions)]
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use levensregister_vault::{KdfParams, Keychain, Vault};
use secrecy::SecretString;

#[test]
fn threads_that_open_their_first_databases_together_all_succeed() {
    levensregister_vault::enable_insecure_test_kdf();
    let dir = tempfile::tempdir().unwrap();
    let start = std::sync::Arc::new(std::sync::Barrier::new(8));
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let register = dir.path().join(format!("r{i}"));
            let start = start.clone();
            std::thread::spawn(move || {
                let keychain = Keychain::in_memory().unwrap();
                let kdf = KdfParams {
                    memory_kib: 64,
                    iterations: 1,
                    parallelism: 1,
                };
                start.wait();
                let password = SecretString::from("Geheim-2026!".to_string());
                Vault::create(&register, "Jan", &password, kdf, &keychain).map(|_| ())
            })
        })
        .collect();
    for (i, thread) in threads.into_iter().enumerate() {
        let outcome = thread.join().unwrap();
        assert!(outcome.is_ok(), "register {i}: {outcome:?}");
    }
}
