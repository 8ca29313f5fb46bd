//! Shares as people hand them in: typed words, text files, or photos and scans of a
//! share sheet's QR code; combined into the recovery secret.

use std::path::Path;

use levensregister_recovery::{Share, ShareError, combine, decode_qr_image};
use levensregister_vault::RecoverySecret;

use super::TrustedError;
use crate::error::{Error, Result};

/// SLIP-39 iteration exponent of our shares (10000 · 2¹ PBKDF2 rounds, as the
/// reference implementation's default).
pub const ITERATION_EXPONENT: u8 = 1;

/// The recovered secret and the set its shares belong to.
#[derive(Debug)]
pub struct Recovered {
    /// The SLIP-39 identifier of the shares' set.
    pub set_id: u16,
    /// The recovery secret.
    pub secret: RecoverySecret,
}

/// Reads the shares' words (one share per text; words separated by spaces or new
/// lines; the first four letters of a word are enough).
pub fn parse_shares(texts: &[impl AsRef<str>]) -> Result<Vec<Share>> {
    texts
        .iter()
        .enumerate()
        .map(|(index, text)| {
            Share::parse(text.as_ref()).map_err(|error| {
                Error::Trusted(TrustedError::Share {
                    share: index + 1,
                    error,
                })
            })
        })
        .collect()
}

/// The share texts in a photo or scan of share sheets (every QR code in it).
pub fn shares_in_image(path: &Path) -> Result<Vec<String>> {
    let bytes =
        std::fs::read(path).map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
    decode_qr_image(&bytes).map_err(|error| {
        Error::Trusted(TrustedError::QrImage {
            file: path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into(),
            ),
            error,
        })
    })
}

/// Combines shares into the recovery secret. Shares of two sets are refused before
/// anything else, naming both sets.
pub fn combine_shares(shares: &[Share]) -> Result<Recovered> {
    let Some(first) = shares.first() else {
        return Err(Error::Trusted(TrustedError::Combine(
            ShareError::TooFewShares { have: 0, need: 1 },
        )));
    };
    let set_id = first.identifier();
    if let Some(other) = shares.iter().find(|s| s.identifier() != set_id) {
        return Err(Error::Trusted(TrustedError::WrongSet {
            have: other.identifier(),
            need: set_id,
        }));
    }
    let secret = combine(shares, b"").map_err(|e| Error::Trusted(TrustedError::Combine(e)))?;
    let secret = RecoverySecret::from_bytes(&secret).map_err(|_| {
        Error::Trusted(TrustedError::Combine(ShareError::InvalidParameters(
            "these shares hold a secret of another length than Levensregister makes".into(),
        )))
    })?;
    Ok(Recovered { set_id, secret })
}

/// Parses and combines, checking the set when one is `expected`.
pub fn recover_secret(texts: &[impl AsRef<str>], expected: Option<u16>) -> Result<Recovered> {
    let shares = parse_shares(texts)?;
    if let Some(need) = expected
        && let Some(wrong) = shares.iter().find(|s| s.identifier() != need)
    {
        return Err(Error::Trusted(TrustedError::WrongSet {
            have: wrong.identifier(),
            need,
        }));
    }
    combine_shares(&shares)
}
