//! The owner's side: the Emergency Kit and the share sets for trusted persons, on an
//! open register.
//!
//! Every secret here is random and split once: a new share set has a new secret, and
//! making it retires the previous set (its sheets stop working). The kit's 1-of-1
//! phrase can be printed again because a 1-of-1 SLIP-39 share is fully determined by
//! the secret and its set number.

use levensregister_recovery::{split, split_with_identifier};
use levensregister_vault::{RecoveryPurpose, RecoverySecret};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use zeroize::Zeroizing;

use super::TrustedError;
use super::shares::ITERATION_EXPONENT;
use crate::error::{Error, Result};
use crate::session::Session;

/// The most shares SLIP-39 allows in one group.
pub const MAX_HOLDERS: usize = 16;

/// The owner's Emergency Kit: what opens the register without the password.
#[derive(Debug)]
pub struct EmergencyKit {
    /// The register's name.
    pub register: String,
    /// The register's id (as in `profile.json`).
    pub register_id: String,
    /// The Secret Key, as people read it.
    pub secret_key: Zeroizing<String>,
    /// The recovery phrase (20 words, single spaces).
    pub words: Zeroizing<String>,
}

/// One trusted person's share.
#[derive(Debug)]
pub struct HolderShare {
    /// For whom.
    pub holder: String,
    /// Its number in the set (1-based).
    pub number: u8,
    /// The share's words (single spaces).
    pub words: Zeroizing<String>,
}

/// A share set as it is made (the only moment its words exist outside the holders).
#[derive(Debug)]
pub struct ShareSet {
    /// The set's number (the SLIP-39 identifier).
    pub set_id: u16,
    /// How many shares open the register.
    pub threshold: u8,
    /// One share per holder, in order.
    pub shares: Vec<HolderShare>,
}

/// A share set split but not yet in force (see [`Session::prepare_share_set`]).
#[derive(Debug)]
pub struct PreparedShareSet {
    secret: RecoverySecret,
    /// The set, with its words, to write onto the sheets.
    pub set: ShareSet,
}

/// The current share set, without its words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ShareSetInfo {
    /// The set's number.
    pub set_id: u16,
    /// How many shares are needed.
    pub threshold: u8,
    /// The holders, in share order.
    pub holders: Vec<String>,
    /// When it was made (`YYYY-MM-DD`).
    pub created: String,
}

impl Session {
    /// The Emergency Kit; made (and its recovery slot added) the first time.
    pub fn emergency_kit(&mut self) -> Result<EmergencyKit> {
        let vault = self.vault();
        let (set_id, secret) = match vault.recovery_secret(RecoveryPurpose::EmergencyKit)? {
            Some(active) => active,
            None => {
                let secret = RecoverySecret::generate()?;
                let share = one_of_one(&secret, None)?;
                let set_id = share_identifier(&share)?;
                vault.set_recovery_secret(RecoveryPurpose::EmergencyKit, set_id, &secret)?;
                (set_id, secret)
            }
        };
        let words = one_of_one(&secret, Some(set_id))?;
        let profile = vault.profile().clone();
        Ok(EmergencyKit {
            register: profile.name,
            register_id: profile.id,
            secret_key: vault.secret_key()?.display(),
            words,
        })
    }

    /// Makes a new share set: `threshold` of the holders' shares open the register.
    /// Retires the previous set (its sheets stop working). Callers that write sheets
    /// use [`Session::prepare_share_set`] and [`Session::commit_share_set`] instead, so
    /// that the old set keeps working when a sheet cannot be written.
    pub fn create_share_set(&mut self, holders: &[String], threshold: u8) -> Result<ShareSet> {
        let prepared = self.prepare_share_set(holders, threshold)?;
        self.commit_share_set(&prepared)?;
        Ok(prepared.set)
    }

    /// Splits a fresh secret for the holders; nothing is stored yet, so the current set
    /// keeps working until [`Session::commit_share_set`].
    pub fn prepare_share_set(
        &mut self,
        holders: &[String],
        threshold: u8,
    ) -> Result<PreparedShareSet> {
        self.vault().connection()?;
        let holders = check_holders(holders, threshold)?;
        let count = u8::try_from(holders.len()).map_err(|_| too_many())?;
        // Set numbers are random (15 bits); one used before by this register is drawn again.
        let used: Vec<u16> = self
            .vault()
            .recovery_records()?
            .iter()
            .map(|record| record.set_id)
            .collect();
        let (secret, shares, set_id) = loop {
            let secret = RecoverySecret::generate()?;
            let shares = split(secret.as_bytes(), threshold, count, b"", ITERATION_EXPONENT)
                .map_err(|e| Error::Trusted(TrustedError::InvalidShareSet(e.to_string())))?;
            let set_id = shares
                .first()
                .map(|s| s.identifier())
                .ok_or_else(too_many)?;
            if !used.contains(&set_id) {
                break (secret, shares, set_id);
            }
        };
        Ok(PreparedShareSet {
            secret,
            set: ShareSet {
                set_id,
                threshold,
                shares: holders
                    .into_iter()
                    .zip(shares)
                    .zip(1u8..)
                    .map(|((holder, share), number)| HolderShare {
                        holder,
                        number,
                        words: share.words(),
                    })
                    .collect(),
            },
        })
    }

    /// Puts a prepared set in force: its secret opens the register from now on, and the
    /// previous set's sheets stop working.
    pub fn commit_share_set(&mut self, prepared: &PreparedShareSet) -> Result<()> {
        let set = &prepared.set;
        // Who holds the shares is recorded first: a set in force always has its row (a
        // row of a set that never came into force is never read).
        let created = crate::reports::iso_date(crate::session::today());
        let holders: Vec<&str> = set.shares.iter().map(|s| s.holder.as_str()).collect();
        let holders_json = serde_json::to_string(&holders).unwrap_or_default();
        self.vault().connection()?.execute(
            "INSERT OR REPLACE INTO share_sets (set_id, created, threshold, holders_json)
             VALUES (?1, ?2, ?3, ?4)",
            params![set.set_id, created, set.threshold, holders_json],
        )?;
        self.vault().set_recovery_secret(
            RecoveryPurpose::ShareSet,
            set.set_id,
            &prepared.secret,
        )?;
        Ok(())
    }

    /// The current share set, if one was made.
    pub fn share_set(&mut self) -> Result<Option<ShareSetInfo>> {
        let Some((set_id, _)) = self.vault().recovery_secret(RecoveryPurpose::ShareSet)? else {
            return Ok(None);
        };
        let row: Option<(String, u8, String)> = self
            .vault()
            .connection()?
            .query_row(
                "SELECT created, threshold, holders_json FROM share_sets WHERE set_id = ?1",
                [set_id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?;
        // A crash between the vault's record and this row leaves the set without names.
        let (created, threshold, holders) = match row {
            Some((created, threshold, json)) => (
                created,
                threshold,
                serde_json::from_str(&json).unwrap_or_default(),
            ),
            None => (String::new(), 0, Vec::new()),
        };
        Ok(Some(ShareSetInfo {
            set_id,
            threshold,
            holders,
            created,
        }))
    }
}

/// The 1-of-1 phrase of `secret`; with a set number, the same words as before.
fn one_of_one(secret: &RecoverySecret, set_id: Option<u16>) -> Result<Zeroizing<String>> {
    let shares = match set_id {
        Some(id) => split_with_identifier(secret.as_bytes(), 1, 1, b"", ITERATION_EXPONENT, id),
        None => split(secret.as_bytes(), 1, 1, b"", ITERATION_EXPONENT),
    }
    .map_err(|e| Error::Trusted(TrustedError::InvalidShareSet(e.to_string())))?;
    shares
        .first()
        .map(|share| share.words())
        .ok_or_else(too_many)
}

fn share_identifier(words: &str) -> Result<u16> {
    levensregister_recovery::Share::parse(words)
        .map(|share| share.identifier())
        .map_err(|e| Error::Trusted(TrustedError::InvalidShareSet(e.to_string())))
}

fn too_many() -> Error {
    Error::Trusted(TrustedError::HolderCount)
}

/// Trimmed, distinct, non-empty names; 2 ≤ threshold ≤ count ≤ 16.
fn check_holders(holders: &[String], threshold: u8) -> Result<Vec<String>> {
    let names: Vec<String> = holders.iter().map(|h| h.trim().to_owned()).collect();
    let refuse = |why: TrustedError| Err(Error::Trusted(why));
    if names.iter().any(String::is_empty) {
        return refuse(TrustedError::HolderWithoutName);
    }
    for (index, name) in names.iter().enumerate() {
        if names[..index]
            .iter()
            .any(|other| other.to_lowercase() == name.to_lowercase())
        {
            return refuse(TrustedError::HolderTwice(name.clone()));
        }
    }
    if names.len() < 2 || names.len() > MAX_HOLDERS {
        return refuse(TrustedError::HolderCount);
    }
    if threshold < 2 || usize::from(threshold) > names.len() {
        return refuse(TrustedError::Threshold { count: names.len() });
    }
    Ok(names)
}
