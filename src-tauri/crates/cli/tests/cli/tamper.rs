//! Damage to the register's files, like KeePassXC's FailDevice: a bit flipped at a
//! random offset of the database or the key-slot file, or the file cut short. Every
//! trial must end in exit 4 with one clear line, never a panic and never any data.
//! The original is restored between trials and opens fine at the end.

use crate::fixtures::Rng;
use crate::support::{Register, assert_no_panic};

const MARKER: &str = "TAMPER-MARKER-4417";
const FLIPS_PER_FILE: usize = 60;
const CUTS_PER_FILE: usize = 20;

/// An enrolled register whose database spans many pages, every item carrying `MARKER`.
fn filled_register() -> Register {
    let mut register = Register::enrolled();
    let long = format!("{MARKER} {}", "Lorem ipsum dolor sit amet. ".repeat(120));
    for n in 0..6 {
        register.add(
            "documents",
            "note",
            &[("title", &format!("{MARKER} nr {n}")), ("text", &long)],
        );
    }
    register.add(
        "finance",
        "bank_account",
        &[("iban", "NL91ABNA0417164300"), ("notes", MARKER)],
    );
    register
}

/// Puts `bytes` in place of `name`, with no WAL left over from an earlier trial.
fn replace(register: &Register, name: &str, bytes: &[u8]) {
    for leftover in ["register.db-wal", "register.db-shm"] {
        let _ = std::fs::remove_file(register.file(leftover));
    }
    std::fs::write(register.file(name), bytes).expect("write register file");
}

/// Logs in and lists: must be refused as damage, showing nothing.
fn assert_refused_as_damage(register: &mut Register, what: &str) {
    let outcome = register.run(&["list", "--json"]);
    assert_no_panic(&outcome.stderr);
    assert!(
        !outcome.stdout.contains(MARKER),
        "{what}: data was shown: {outcome:#?}"
    );
    assert_eq!(outcome.code, 4, "{what}: expected exit 4, got {outcome:#?}");
    assert!(outcome.stdout.is_empty(), "{what}: {outcome:#?}");
    let lines: Vec<&str> = outcome.stderr.lines().collect();
    assert!(
        lines.len() == 1 && lines[0].contains("damaged"),
        "{what}: expected one line saying the register is damaged: {outcome:#?}"
    );
}

fn assert_original_opens(register: &mut Register, items: usize) {
    let listed = register.list_json();
    assert_eq!(listed.len(), items, "the restored register is whole");
    assert!(listed.iter().all(|item| item.to_string().contains(MARKER)));
}

fn flip_bits(name: &str, seed: u64) {
    let mut rng = Rng::seeded(&format!("flip bits in {name}"), seed);
    let mut register = filled_register();
    let items = register.list_json().len();
    let original = std::fs::read(register.file(name)).unwrap();
    for trial in 0..FLIPS_PER_FILE {
        let offset = rng.below(0..original.len());
        let bit = rng.below(0..8);
        let mut damaged = original.clone();
        damaged[offset] ^= 1 << bit;
        replace(&register, name, &damaged);
        assert_refused_as_damage(
            &mut register,
            &format!(
                "{name} trial {trial}: bit {bit} of byte {offset} of {}",
                original.len()
            ),
        );
    }
    replace(&register, name, &original);
    assert_original_opens(&mut register, items);
}

fn cut_short(name: &str, shortest: usize, seed: u64) {
    let mut rng = Rng::seeded(&format!("truncate {name}"), seed);
    let mut register = filled_register();
    let items = register.list_json().len();
    let original = std::fs::read(register.file(name)).unwrap();
    for trial in 0..CUTS_PER_FILE {
        let length = rng.below(shortest..original.len());
        replace(&register, name, &original[..length]);
        assert_refused_as_damage(
            &mut register,
            &format!(
                "{name} trial {trial}: cut to {length} of {} bytes",
                original.len()
            ),
        );
    }
    replace(&register, name, &original);
    assert_original_opens(&mut register, items);
}

#[test]
fn a_flipped_bit_anywhere_in_the_database_is_refused() {
    flip_bits("register.db", 0x5EED_0001);
}

#[test]
fn a_flipped_bit_anywhere_in_the_key_slot_file_is_refused() {
    flip_bits("keyslots.bin", 0x5EED_0002);
}

#[test]
fn a_database_cut_short_is_refused() {
    // Lengths 0 and 1 have their own test below.
    cut_short("register.db", 2, 0x5EED_0003);
}

#[test]
fn a_key_slot_file_cut_short_is_refused() {
    cut_short("keyslots.bin", 0, 0x5EED_0004);
}

/// A database file cut to nothing is damage too, and must not be replaced by a new,
/// empty database.
#[test]
fn an_emptied_database_is_refused_as_damage() {
    let mut register = filled_register();
    let original = std::fs::read(register.file("register.db")).unwrap();
    for length in [0, 1] {
        replace(&register, "register.db", &original[..length]);
        assert_refused_as_damage(&mut register, &format!("register.db cut to {length} bytes"));
        assert_eq!(
            std::fs::metadata(register.file("register.db"))
                .unwrap()
                .len(),
            length as u64,
            "opening a damaged register must not write a new database over it"
        );
    }
    replace(&register, "register.db", &original);
    assert_original_opens(&mut register, 7);
}

#[test]
fn missing_files_are_refused_as_damage() {
    let mut register = filled_register();
    for name in ["register.db", "keyslots.bin", "profile.json"] {
        let original = std::fs::read(register.file(name)).unwrap();
        std::fs::remove_file(register.file(name)).unwrap();
        let outcome = register.run(&["list", "--json"]);
        assert_eq!(outcome.code, 4, "{name} missing: {outcome:#?}");
        assert!(outcome.stdout.is_empty() && outcome.stderr.lines().count() == 1);
        assert_no_panic(&outcome.stderr);
        replace(&register, name, &original);
    }
    assert_original_opens(&mut register, 7);
}
