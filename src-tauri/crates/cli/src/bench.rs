//! `bench`: measures unlock (Argon2id and the rest), save latency, list and search
//! times and a share set's master-key rotation on a register of N items, in a temporary folder that is removed afterwards.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use levensregister_core::vault::{KdfParams, Keychain, Vault, measure_kdf, unix_now};
use levensregister_core::{NewItem, Session, Visibility, create_register};
use secrecy::SecretString;

use crate::failure::Failure;
use levensregister_core::Lang;

/// Runs the benchmark and prints its figures.
pub fn run(items: usize) -> Result<(), Failure> {
    let dir = TempDir::new()?;
    let result = measure(&dir.0, items);
    drop(dir);
    result
}

fn measure(dir: &std::path::Path, items: usize) -> Result<(), Failure> {
    let fail =
        |e: levensregister_core::Error| Failure::from_core(&e, levensregister_core::Lang::En);
    let keychain = Keychain::in_memory().map_err(Failure::vault(Lang::En))?;
    let password = SecretString::from("Bench-Wachtwoord-2026!".to_string());
    let kdf =
        KdfParams::calibrate(KdfParams::CALIBRATION_TARGET).map_err(Failure::vault(Lang::En))?;
    println!(
        "kdf parameters: {} MiB, t={}, p={}",
        kdf.memory_kib / 1024,
        kdf.iterations,
        kdf.parallelism
    );
    let kdf_time = measure_kdf(kdf).map_err(Failure::vault(Lang::En))?;
    println!("argon2id (one derivation): {}", ms(kdf_time));

    let (_, enrolment) =
        create_register(dir, "Bench", &password, Some(kdf), &keychain).map_err(fail)?;
    let now = unix_now();
    // Three time steps are usable without waiting: enrol, then unlock twice.
    let code = |offset: i64| {
        enrolment
            .totp
            .code_at(now.saturating_add_signed(offset * 30))
    };
    let (session, _) = Session::complete_enrolment(
        dir,
        &password,
        &code(-1).map_err(Failure::vault(Lang::En))?,
        &keychain,
        None,
    )
    .map_err(fail)?;
    session.lock();
    report_open(dir, &password, &keychain, "empty register")?;
    let mut vault =
        Vault::open(dir, &password, &keychain, None).map_err(Failure::vault(Lang::En))?;
    let started = Instant::now();
    vault
        .accept_code(&code(0).map_err(Failure::vault(Lang::En))?)
        .map_err(Failure::vault(Lang::En))?;
    println!("unlock, code step: {}", ms(started.elapsed()));
    vault.lock();

    let mut session = Session::unlock(
        dir,
        &password,
        &code(1).map_err(Failure::vault(Lang::En))?,
        &keychain,
        None,
    )
    .map_err(fail)?;

    let mut latencies = Vec::with_capacity(items);
    for index in 0..items {
        let item = sample_item(index);
        let started = Instant::now();
        session.add_item(&item).map_err(fail)?;
        latencies.push(started.elapsed());
    }
    latencies.sort();
    if !latencies.is_empty() {
        println!(
            "save latency over {items} items: median {}, p95 {}, max {}",
            ms(latencies[latencies.len() / 2]),
            ms(latencies[latencies.len() * 95 / 100]),
            ms(latencies[latencies.len() - 1])
        );
    }
    let started = Instant::now();
    let all = session.items(None).map_err(fail)?;
    println!("list all {} items: {}", all.len(), ms(started.elapsed()));
    let started = Instant::now();
    let hits = session.search("Rabobank spaarrekening").map_err(fail)?;
    println!(
        "search 2 words ({} hits): {}",
        hits.len(),
        ms(started.elapsed())
    );
    let started = Instant::now();
    let hits = session.search("zzz-niet-aanwezig").map_err(fail)?;
    println!(
        "search, no hits ({}): {}",
        hits.len(),
        ms(started.elapsed())
    );
    let started = Instant::now();
    session
        .vault()
        .check_integrity()
        .map_err(Failure::vault(Lang::En))?;
    println!(
        "integrity check of the whole file: {}",
        ms(started.elapsed())
    );
    let holders = ["Anna".to_string(), "Bram".to_string(), "Cor".to_string()];
    for what in ["first share set", "replacing share set"] {
        let started = Instant::now();
        session.create_share_set(&holders, 2).map_err(fail)?;
        println!(
            "{what} (new master key, whole database re-encrypted): {}",
            ms(started.elapsed())
        );
    }
    let size = std::fs::metadata(dir.join(levensregister_core::vault::DATABASE_FILE))
        .map(|m| m.len())
        .unwrap_or(0);
    println!("database size: {:.1} MiB", size as f64 / 1048576.0);
    session.lock();
    report_open(dir, &password, &keychain, &format!("{items} items"))?;
    Ok(())
}

/// Opens the register with the password and prints where the time went.
fn report_open(
    dir: &Path,
    password: &SecretString,
    keychain: &Keychain,
    label: &str,
) -> Result<(), Failure> {
    let started = Instant::now();
    let vault = Vault::open(dir, password, keychain, None).map_err(Failure::vault(Lang::En))?;
    let total = started.elapsed();
    let t = vault.open_timings();
    println!(
        "unlock, password step ({label}): total {} = key derivation {} + database open {} + integrity check {} + other {}",
        ms(total),
        ms(t.key_derivation),
        ms(t.database),
        ms(t.integrity),
        ms(total.saturating_sub(t.key_derivation + t.database + t.integrity)),
    );
    vault.lock();
    Ok(())
}

fn sample_item(index: usize) -> NewItem {
    let (section, item_type, fields): (&str, &str, Vec<(&str, String)>) = match index % 4 {
        0 => (
            "finance",
            "bank_account",
            vec![
                ("bank", format!("Rabobank kantoor {index}")),
                ("iban", "NL91 ABNA 0417 1643 00".into()),
                ("purpose", format!("spaarrekening nummer {index}")),
            ],
        ),
        1 => (
            "subscriptions",
            "note",
            vec![
                ("title", format!("Krant {index}")),
                ("text", "Opzeggen na overlijden".into()),
            ],
        ),
        2 => (
            "documents",
            "note",
            vec![
                ("title", format!("Map {index}")),
                ("text", "In de kast op zolder, bovenste plank".into()),
            ],
        ),
        _ => (
            "messages",
            "note",
            vec![
                ("title", format!("Brief {index}")),
                ("text", "Lieve kinderen, ".repeat(20)),
            ],
        ),
    };
    NewItem {
        section: section.into(),
        item_type: item_type.into(),
        fields: fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect::<BTreeMap<_, _>>(),
        visibility: Visibility::Now,
    }
}

fn ms(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}

/// A folder under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir, Failure> {
        let mut suffix = [0u8; 8];
        getrandom_fill(&mut suffix);
        let name: String = suffix.iter().map(|b| format!("{b:02x}")).collect();
        Ok(TempDir(
            std::env::temp_dir().join(format!("levensregister-bench-{name}")),
        ))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn getrandom_fill(buf: &mut [u8]) {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    for (i, b) in buf.iter_mut().enumerate() {
        *b = (nanos.rotate_left(i as u32 * 4) as u8) ^ (std::process::id() as u8);
    }
}
