//! A share set: splitting a master secret into groups of shares and combining shares
//! back, with the checks of SLIP-0039's "Combining the shares".
//!
//! One deliberate leniency: the specification (and the reference implementation) refuse
//! more shares or groups than the thresholds. Here the first `threshold` shares of a
//! group (in the order given) determine it and every surplus share must lie on the same
//! polynomials, else [`ShareError::Digest`]; the same holds for surplus complete groups.
//! So handing in all shares one has works, and a stray share is still caught.

use zeroize::Zeroizing;

use crate::cipher::{self, Params};
use crate::error::ShareError;
use crate::shamir::{self, Point};
use crate::share::Share;

const MAX_SHARES: u8 = 16;
const MAX_EXPONENT: u8 = 15;
const MIN_SECRET_BYTES: usize = 16;

/// Splits a master secret into one group of `count` shares, any `threshold` of which
/// recover it: a fresh random identifier, the extendable flag set, and the passphrase
/// (the app uses `b""`) encrypting the secret with 10000 · 2^`iteration_exponent`
/// PBKDF2 iterations. `threshold` 1 is allowed only with `count` 1 (per the spec).
pub fn split(
    master_secret: &[u8],
    threshold: u8,
    count: u8,
    passphrase: &[u8],
    iteration_exponent: u8,
) -> Result<Vec<Share>, ShareError> {
    let mut groups = split_groups(
        master_secret,
        1,
        &[(threshold, count)],
        passphrase,
        iteration_exponent,
        true,
    )?;
    Ok(groups.pop().unwrap_or_default())
}

/// Splits a master secret into groups, given as (member threshold, member count) pairs,
/// of which `group_threshold` groups are needed.
pub fn split_groups(
    master_secret: &[u8],
    group_threshold: u8,
    groups: &[(u8, u8)],
    passphrase: &[u8],
    iteration_exponent: u8,
    extendable: bool,
) -> Result<Vec<Vec<Share>>, ShareError> {
    check_split(
        master_secret,
        group_threshold,
        groups,
        passphrase,
        iteration_exponent,
    )?;
    let mut id_bytes = [0u8; 2];
    shamir::random(&mut id_bytes)?;
    split_with_params(
        master_secret,
        group_threshold,
        groups,
        passphrase,
        Params {
            identifier: u16::from_be_bytes(id_bytes) & 0x7FFF,
            extendable,
            iteration_exponent,
        },
    )
}

/// One group like [`split`], but with a given identifier (15 bits). For a 1-of-1 set
/// the result is fully determined by the secret and the identifier, so a recovery
/// phrase can be printed again, word for word; for k ≥ 2 the shares are random and
/// a secret must never be split twice.
pub fn split_with_identifier(
    master_secret: &[u8],
    threshold: u8,
    count: u8,
    passphrase: &[u8],
    iteration_exponent: u8,
    identifier: u16,
) -> Result<Vec<Share>, ShareError> {
    if identifier > 0x7FFF {
        return Err(ShareError::InvalidParameters(format!(
            "an identifier has 15 bits, {identifier} does not fit"
        )));
    }
    let groups = [(threshold, count)];
    check_split(master_secret, 1, &groups, passphrase, iteration_exponent)?;
    let params = Params {
        identifier,
        extendable: true,
        iteration_exponent,
    };
    let mut groups = split_with_params(master_secret, 1, &groups, passphrase, params)?;
    Ok(groups.pop().unwrap_or_default())
}

fn split_with_params(
    master_secret: &[u8],
    group_threshold: u8,
    groups: &[(u8, u8)],
    passphrase: &[u8],
    params: Params,
) -> Result<Vec<Vec<Share>>, ShareError> {
    let Params {
        extendable,
        iteration_exponent,
        ..
    } = params;
    let encrypted = cipher::encrypt(master_secret, passphrase, params);
    // `check_split` bounds the group count by 16.
    let group_count = groups.len() as u8;
    let group_secrets = shamir::split(group_threshold, group_count, &encrypted)?;

    let mut out = Vec::with_capacity(groups.len());
    for ((group_index, &(threshold, count)), group_secret) in
        (0u8..).zip(groups).zip(group_secrets.iter())
    {
        let members = shamir::split(threshold, count, group_secret)?;
        let shares = (0u8..)
            .zip(members)
            .map(|(member_index, value)| Share {
                identifier: params.identifier,
                extendable,
                iteration_exponent,
                group_index,
                group_threshold,
                group_count,
                member_index,
                member_threshold: threshold,
                value,
            })
            .collect();
        out.push(shares);
    }
    Ok(out)
}

fn check_split(
    master_secret: &[u8],
    group_threshold: u8,
    groups: &[(u8, u8)],
    passphrase: &[u8],
    iteration_exponent: u8,
) -> Result<(), ShareError> {
    let invalid = |why: String| Err(ShareError::InvalidParameters(why));
    if master_secret.len() < MIN_SECRET_BYTES || !master_secret.len().is_multiple_of(2) {
        return invalid(format!(
            "the master secret must be an even number of bytes, at least {MIN_SECRET_BYTES}, not {}",
            master_secret.len()
        ));
    }
    if !passphrase.iter().all(|b| (32..=126).contains(b)) {
        return invalid("the passphrase must be printable ASCII".into());
    }
    if iteration_exponent > MAX_EXPONENT {
        return invalid(format!(
            "the iteration exponent must be at most {MAX_EXPONENT}"
        ));
    }
    if groups.is_empty() || groups.len() > usize::from(MAX_SHARES) {
        return invalid(format!("there must be 1 to {MAX_SHARES} groups"));
    }
    if group_threshold == 0 || usize::from(group_threshold) > groups.len() {
        return invalid(format!(
            "the group threshold must be 1 to {}, not {group_threshold}",
            groups.len()
        ));
    }
    for &(threshold, count) in groups {
        if threshold == 0 || threshold > count || count > MAX_SHARES {
            return invalid(format!(
                "{threshold} of {count} is not possible: 1 <= k <= n <= {MAX_SHARES}"
            ));
        }
        if threshold == 1 && count > 1 {
            return invalid(format!(
                "1 of {count} is not allowed: use 1 of 1, or a threshold of 2 or more"
            ));
        }
    }
    Ok(())
}

/// The shares given for one group, in the order given.
struct Group<'a> {
    index: u8,
    threshold: u8,
    shares: Vec<&'a Share>,
}

impl Group<'_> {
    fn is_complete(&self) -> bool {
        self.shares.len() >= usize::from(self.threshold)
    }

    fn recover(&self) -> Result<Zeroizing<Vec<u8>>, ShareError> {
        let points: Vec<Point<'_>> = self
            .shares
            .iter()
            .map(|s| Point {
                x: s.member_index,
                y: &s.value,
            })
            .collect();
        shamir::recover(self.threshold, &points)
    }
}

fn same_set(a: &Share, b: &Share) -> bool {
    a.identifier == b.identifier
        && a.extendable == b.extendable
        && a.iteration_exponent == b.iteration_exponent
        && a.group_threshold == b.group_threshold
        && a.group_count == b.group_count
        && a.value.len() == b.value.len()
}

fn sort_into_groups(shares: &[Share]) -> Result<Vec<Group<'_>>, ShareError> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    for share in shares {
        let position = groups.iter().position(|g| g.index == share.group_index);
        let group = match position {
            Some(i) => &mut groups[i],
            None => {
                groups.push(Group {
                    index: share.group_index,
                    threshold: share.member_threshold,
                    shares: Vec::new(),
                });
                let last = groups.len() - 1;
                &mut groups[last]
            }
        };
        if group.threshold != share.member_threshold {
            return Err(ShareError::MixedSets);
        }
        if group
            .shares
            .iter()
            .any(|s| s.member_index == share.member_index)
        {
            return Err(ShareError::Duplicate {
                member_index: share.member_index,
            });
        }
        group.shares.push(share);
    }
    Ok(groups)
}

/// Recovers the master secret from shares, decrypting it with `passphrase`.
///
/// A wrong passphrase is not detected (SLIP-0039 has no check for it); it gives a
/// different secret.
pub fn combine(shares: &[Share], passphrase: &[u8]) -> Result<Zeroizing<Vec<u8>>, ShareError> {
    let first = shares
        .first()
        .ok_or(ShareError::TooFewShares { have: 0, need: 1 })?;
    if !shares.iter().all(|s| same_set(first, s)) {
        return Err(ShareError::MixedSets);
    }
    let groups = sort_into_groups(shares)?;
    let need = usize::from(first.group_threshold);
    let complete: Vec<&Group<'_>> = groups.iter().filter(|g| g.is_complete()).collect();
    if complete.len() < need {
        if groups.len() < need {
            return Err(ShareError::TooFewGroups {
                have: groups.len(),
                need,
            });
        }
        let short = groups.iter().find(|g| !g.is_complete());
        return Err(match short {
            Some(g) => ShareError::TooFewShares {
                have: g.shares.len(),
                need: usize::from(g.threshold),
            },
            None => ShareError::TooFewGroups {
                have: complete.len(),
                need,
            },
        });
    }

    let mut group_secrets = Vec::with_capacity(complete.len());
    for group in &complete {
        group_secrets.push((group.index, group.recover()?));
    }
    let points: Vec<Point<'_>> = group_secrets
        .iter()
        .map(|(x, y)| Point { x: *x, y })
        .collect();
    let encrypted = shamir::recover(first.group_threshold, &points)?;
    let params = Params {
        identifier: first.identifier,
        extendable: first.extendable,
        iteration_exponent: first.iteration_exponent,
    };
    Ok(cipher::decrypt(&encrypted, passphrase, params))
}
