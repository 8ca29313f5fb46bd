//! The test hooks (cheap Argon2, a settable clock) reach the binary only in builds with
//! debug assertions: `cargo test --release` unifies the dev-dependency feature into
//! target/release/levensregister, and that optimized binary must ignore the hooks'
//! environment variables.

use std::process::Command;

/// `init` with the hooks' variables set and Argon2 parameters below the floor.
#[test]
fn test_hooks_exist_only_in_unoptimized_builds() {
    let root = tempfile::tempdir().unwrap();
    let fake_now: u64 = 1_800_000_000;
    let output = Command::new(env!("CARGO_BIN_EXE_levensregister"))
        .env_clear()
        .env("LEVENSREGISTER_VAULT", root.path().join("register"))
        .env("LEVENSREGISTER_KEYCHAIN", "file")
        .env("XDG_CONFIG_HOME", root.path().join("config"))
        .env("XDG_DATA_HOME", root.path().join("data"))
        .env("HOME", root.path().join("home"))
        .env("LEVENSREGISTER_PASSWORD", "Geheim-Wachtwoord-2026!")
        .env("LEVENSREGISTER_INSECURE_TEST_KDF", "1")
        .env("LEVENSREGISTER_INSECURE_TEST_CLOCK", fake_now.to_string())
        .args(["--lang", "en", "init", "--name", "Jan", "--kdf-memory", "1"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if cfg!(debug_assertions) {
        assert_eq!(output.status.code(), Some(0), "{stderr}");
        let profile: serde_json::Value = serde_json::from_slice(
            &std::fs::read(root.path().join("register").join("profile.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(profile["created"], fake_now, "the fake clock is used");
    } else {
        assert_eq!(
            output.status.code(),
            Some(2),
            "an optimized binary honoured LEVENSREGISTER_INSECURE_TEST_KDF: {stderr}"
        );
        assert!(stderr.contains("key derivation"), "{stderr}");
        assert!(!root.path().join("register").join("keyslots.bin").exists());
    }
}
