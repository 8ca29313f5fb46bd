//! The Emergency Kit and the share sheets, in both languages, from the data core
//! prepares: their text read back with pdftotext, their QR codes read back with a QR
//! decoder (rqrr) from a pdftoppm render at 150 dpi, as a person's scan would be.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::process::Command;

use levensregister_report::{Sheet, render_sheet};
use serde_json::{Value, json};

use crate::render::{artifacts, check, contains_all};

/// Share words from the SLIP-39 reference vectors ("4. Basic sharing 2-of-3" and
/// "20. Valid mnemonic without sharing (256 bits)"; SatoshiLabs, MIT licence).
const SHARE: &str = "shadow pistol academic always adequate wildlife fancy gross oasis cylinder mustang wrist rescue view short owner flip making coding armed";
const LONG: &str = "theory painting academic academic armed sweater year military elder discuss acne wildlife boring employer fused large satoshi bundle carbon diagnose anatomy hamster leaves tracks paces beyond phantom capital marvel lips brave detect luck";
const REGISTER: &str = "Oma Riet";
const REGISTER_ID: &str = "0f9c2a5e-7b1d-4c3e-9a8f-2d6e5b4c3a21";
const SECRET_KEY: &str = "A3F9-2MQ8-XK7P-D4RT-9WBZ-HN6C-E5JV";

fn date(lang: &str) -> &'static str {
    if lang == "en" {
        "26 November 2026"
    } else {
        "26 november 2026"
    }
}

fn kit(lang: &str, words: &str) -> Value {
    json!({
        "lang": lang, "today": "2026-11-26", "date": date(lang),
        "register": REGISTER, "register_id": REGISTER_ID,
        "secret_key": SECRET_KEY,
        "words": words.split(' ').collect::<Vec<_>>(),
        "qr_svg": levensregister_core::qr_svg(words).unwrap(),
    })
}

fn share(lang: &str, others: &[&str]) -> Value {
    json!({
        "lang": lang, "today": "2026-11-26", "date": date(lang),
        "register": REGISTER, "register_id": REGISTER_ID,
        "holder": "Jan de Vries", "number": 1, "threshold": 2, "count": 3,
        "set": "12345",
        "words": SHARE.split(' ').collect::<Vec<_>>(),
        "qr_svg": levensregister_core::qr_svg(SHARE).unwrap(),
        "other_holders": others,
    })
}

/// The text of every QR code on page 1, read from a 150 dpi greyscale render.
fn qr_codes(pdf: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sheet.pdf");
    std::fs::write(&file, pdf).unwrap();
    let prefix = dir.path().join("page");
    let status = Command::new("pdftoppm")
        .args([
            "-png",
            "-gray",
            "-r",
            "150",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
        ])
        .arg(&file)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success(), "pdftoppm failed");
    let page = image::open(prefix.with_extension("png"))
        .unwrap()
        .to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(
        page.width() as usize,
        page.height() as usize,
        |x, y| page.get_pixel(x as u32, y as u32).0[0],
    );
    prepared
        .detect_grids()
        .iter()
        .map(|grid| grid.decode().unwrap().1)
        .collect()
}

/// Keeps page 2 (the instructions) as `<name>-2.png` beside page 1.
fn keep_page_two(pdf: &[u8], name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sheet.pdf");
    std::fs::write(&file, pdf).unwrap();
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-f", "2", "-l", "2", "-singlefile"])
        .arg(&file)
        .arg(artifacts().join(format!("{name}-2")))
        .status()
        .unwrap();
    assert!(status.success(), "pdftoppm failed");
}

fn pages(text: &str) -> usize {
    text.matches('\u{c}').count()
}

#[test]
fn the_emergency_kit_has_key_words_and_instructions_in_both_languages() {
    for lang in ["nl", "en"] {
        let pdf = render_sheet(Sheet::EmergencyKit, &kit(lang, SHARE)).unwrap();
        let text = check(&pdf, &format!("emergency-kit-{lang}"));
        keep_page_two(&pdf, &format!("emergency-kit-{lang}"));
        let mut wanted = vec![
            REGISTER,
            REGISTER_ID,
            date(lang),
            "levensregister recover --share-file kit.txt",
        ];
        wanted.extend(SHARE.split(' '));
        wanted.extend(match lang {
            "nl" => [
                "Noodset",
                "Vertrouwelijk — onversleutelde kopie",
                "Geheime sleutel",
                "Herstelzin",
                "„Wachtwoord vergeten?”",
                "nooit een foto",
            ],
            _ => [
                "Emergency Kit",
                "Confidential — unencrypted copy",
                "Secret Key",
                "Recovery phrase",
                "“Forgot password?”",
                "Never photograph it",
            ],
        });
        contains_all(&text, "emergency kit", &wanted);
        // The key's characters stand in even cells; read without the spacing.
        let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let key = SECRET_KEY.replace('-', "–");
        assert!(squeezed.contains(&key), "no Secret Key {key} in:\n{text}");
        assert!((1..=2).contains(&pages(&text)), "{} pages", pages(&text));
        assert_eq!(qr_codes(&pdf), [SHARE]);
    }
    // Thirty-three words (a 256-bit secret) still fit on two pages.
    let pdf = render_sheet(Sheet::EmergencyKit, &kit("en", LONG)).unwrap();
    let text = check(&pdf, "emergency-kit-33-words-en");
    contains_all(&text, "emergency kit", &["33.", "luck", "page 1 of 2"]);
    assert_eq!(pages(&text), 2);
    assert_eq!(qr_codes(&pdf), [LONG]);
}

#[test]
fn a_share_sheet_names_its_holder_and_says_how_to_recover_in_both_languages() {
    for lang in ["nl", "en"] {
        let pdf = render_sheet(
            Sheet::ShareSheet,
            &share(lang, &["Piet Jansen", "Els Bakker"]),
        )
        .unwrap();
        let text = check(&pdf, &format!("share-sheet-{lang}"));
        keep_page_two(&pdf, &format!("share-sheet-{lang}"));
        let mut wanted = vec![
            REGISTER,
            date(lang),
            "12345",
            "tar xf <export file>",
            "LEES-MIJ-READ-ME.txt",
            "pip install \"shamir-mnemonic[cli]\"",
            "shamir recover",
            "openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt hexkey:<master secret> \
             -kdfopt info:levensregister/export-key/v1 HKDF | tr -d :",
            "sqlcipher register.db",
            "PRAGMA key = \"x'<the 64 hex digits>'\";",
            "PRAGMA cipher_compatibility = 3;",
            "SELECT * FROM items;",
        ];
        wanted.extend(SHARE.split(' '));
        wanted.extend(match lang {
            "nl" => [
                "Deelsleutel voor Jan de Vries",
                "deel 1 van 3 — u hebt er 2 nodig",
                "Piet Jansen en Els Bakker",
                "Vertrouwelijk — onversleutelde kopie",
                "„Een register openen dat ik heb gekregen”",
                "pagina 2 van 2",
            ],
            _ => [
                "Recovery share for Jan de Vries",
                "share 1 of 3 — 2 are needed",
                "Piet Jansen and Els Bakker",
                "Confidential — unencrypted copy",
                "“Open a register I received”",
                "page 2 of 2",
            ],
        });
        contains_all(&text, "share sheet", &wanted);
        assert_eq!(pages(&text), 2, "{text}");
        // SQLCipher 4 takes the compatibility setting only once it has the key.
        let key = text.find("PRAGMA key").unwrap();
        assert!(
            text.find("PRAGMA cipher_compatibility").unwrap() > key,
            "{text}"
        );
        assert_eq!(qr_codes(&pdf), [SHARE]);
    }
}

#[test]
fn a_share_sheet_without_other_holders_names_no_one() {
    let pdf = render_sheet(Sheet::ShareSheet, &share("nl", &[])).unwrap();
    let text = check(&pdf, "share-sheet-alone-nl");
    contains_all(
        &text,
        "share sheet",
        &["Deelsleutel voor Jan de Vries", "academic"],
    );
    assert!(!text.contains("De andere bladen"), "{text}");
    assert_eq!(pages(&text), 2, "{text}");
}
