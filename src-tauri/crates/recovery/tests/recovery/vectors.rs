//! The official SLIP-0039 test vectors (tests/data/vectors.json, from
//! python-shamir-mnemonic, MIT): valid ones recover their secret with passphrase
//! "TREZOR", invalid ones are refused with the error their description names.

use levensregister_recovery::{Share, ShareError, combine};

use crate::{hex, unhex};

/// The error kind an invalid vector must produce, from its description.
fn expected_error(description: &str) -> fn(&ShareError) -> bool {
    let d = description.to_lowercase();
    if d.contains("invalid checksum") {
        |e| matches!(e, ShareError::Checksum)
    } else if d.contains("invalid padding") {
        |e| matches!(e, ShareError::Padding)
    } else if d.contains("basic sharing 2-of-3") || d.contains("insufficient number of members") {
        |e| matches!(e, ShareError::TooFewShares { have: 1, need: 2 })
    } else if d.contains("different identifiers")
        || d.contains("different iteration exponents")
        || d.contains("mismatching")
    {
        |e| matches!(e, ShareError::MixedSets)
    } else if d.contains("greater group threshold") {
        |e| matches!(e, ShareError::GroupThresholdAboveCount { .. })
    } else if d.contains("duplicate member indices") {
        |e| matches!(e, ShareError::Duplicate { .. })
    } else if d.contains("invalid digest") {
        |e| matches!(e, ShareError::Digest)
    } else if d.contains("insufficient number of groups") {
        |e| matches!(e, ShareError::TooFewGroups { have: 1, need: 2 })
    } else if d.contains("insufficient length") || d.contains("invalid master secret length") {
        |e| matches!(e, ShareError::WrongLength { .. })
    } else {
        panic!("no expected error for invalid vector {description:?}")
    }
}

fn parse_all(mnemonics: &[String]) -> Result<Vec<Share>, ShareError> {
    mnemonics.iter().map(|m| Share::parse(m)).collect()
}

#[test]
fn every_official_vector() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/vectors.json");
    let text = std::fs::read_to_string(path).unwrap();
    let vectors: Vec<(String, Vec<String>, String, String)> = serde_json::from_str(&text).unwrap();
    assert_eq!(vectors.len(), 45);
    let (mut valid, mut invalid) = (0, 0);
    for (description, mnemonics, secret_hex, _xprv) in &vectors {
        let result = parse_all(mnemonics).and_then(|shares| combine(&shares, b"TREZOR"));
        if secret_hex.is_empty() {
            let error = result.expect_err(description);
            assert!(
                expected_error(description)(&error),
                "{description}: got {error:?}"
            );
            invalid += 1;
        } else {
            let secret = result.unwrap_or_else(|e| panic!("{description}: {e:?}"));
            assert_eq!(hex(&secret), *secret_hex, "{description}");
            assert_eq!(secret.as_slice(), unhex(secret_hex).as_slice());
            for (share, mnemonic) in parse_all(mnemonics).unwrap().iter().zip(mnemonics) {
                assert_eq!(
                    share.words().as_str(),
                    mnemonic,
                    "{description}: canonical words"
                );
            }
            valid += 1;
        }
    }
    assert_eq!((valid, invalid), (15, 30));
}

#[test]
fn valid_vectors_with_a_wrong_passphrase_give_another_secret() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/vectors.json");
    let text = std::fs::read_to_string(path).unwrap();
    let vectors: Vec<(String, Vec<String>, String, String)> = serde_json::from_str(&text).unwrap();
    let (description, mnemonics, secret_hex, _) = &vectors[0];
    let shares = parse_all(mnemonics).unwrap();
    let other = combine(&shares, b"").unwrap();
    assert_ne!(hex(&other), *secret_hex, "{description}");
}
