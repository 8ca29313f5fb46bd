//! Shamir's secret sharing as SLIP-0039 does it: byte-wise polynomials over GF(256), the
//! secret at x = 255 and a digest share at x = 254 (4 bytes of HMAC-SHA256 keyed with the
//! rest of that share), so a wrong combination is caught instead of yielding garbage.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::error::ShareError;
use crate::gf256;

const SECRET_X: u8 = 255;
const DIGEST_X: u8 = 254;
const DIGEST_LEN: usize = 4;

/// One point of the polynomials: x and the bytes f(x).
pub(crate) struct Point<'a> {
    pub(crate) x: u8,
    pub(crate) y: &'a [u8],
}

/// Fills `buf` from the operating system's generator.
pub(crate) fn random(buf: &mut [u8]) -> Result<(), ShareError> {
    getrandom::fill(buf).map_err(|_| ShareError::Random)
}

/// f(x) for the polynomials through `points` (distinct x, equal lengths).
fn interpolate(points: &[Point<'_>], x: u8) -> Zeroizing<Vec<u8>> {
    let len = points.first().map_or(0, |p| p.y.len());
    let mut out = Zeroizing::new(vec![0u8; len]);
    for (i, pi) in points.iter().enumerate() {
        let mut num = 1u8;
        let mut den = 1u8;
        for (j, pj) in points.iter().enumerate() {
            if i != j {
                num = gf256::mul(num, x ^ pj.x);
                den = gf256::mul(den, pi.x ^ pj.x);
            }
        }
        let basis = gf256::mul(num, gf256::inv(den));
        for (o, &y) in out.iter_mut().zip(pi.y) {
            *o ^= gf256::mul(y, basis);
        }
    }
    out
}

fn digest(random_part: &[u8], secret: &[u8]) -> [u8; DIGEST_LEN] {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(random_part)
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(secret);
    let tag = mac.finalize().into_bytes();
    let mut out = [0u8; DIGEST_LEN];
    out.copy_from_slice(&tag[..DIGEST_LEN]);
    out
}

/// Splits `secret` into `count` shares (x = 0..count) of which any `threshold` recover it.
/// The caller has checked 1 ≤ threshold ≤ count ≤ 16 and secret length ≥ 16.
pub(crate) fn split(
    threshold: u8,
    count: u8,
    secret: &[u8],
) -> Result<Vec<Zeroizing<Vec<u8>>>, ShareError> {
    if threshold == 1 {
        return Ok((0..count)
            .map(|_| Zeroizing::new(secret.to_vec()))
            .collect());
    }
    let random_count = threshold - 2;
    let mut base: Vec<(u8, Zeroizing<Vec<u8>>)> = Vec::with_capacity(usize::from(threshold));
    for x in 0..random_count {
        let mut y = Zeroizing::new(vec![0u8; secret.len()]);
        random(&mut y)?;
        base.push((x, y));
    }
    let mut digest_share = Zeroizing::new(vec![0u8; secret.len()]);
    random(&mut digest_share[DIGEST_LEN..])?;
    let tag = digest(&digest_share[DIGEST_LEN..], secret);
    digest_share[..DIGEST_LEN].copy_from_slice(&tag);
    base.push((DIGEST_X, digest_share));
    base.push((SECRET_X, Zeroizing::new(secret.to_vec())));

    let points: Vec<Point<'_>> = base.iter().map(|(x, y)| Point { x: *x, y }).collect();
    let mut shares: Vec<Zeroizing<Vec<u8>>> = base
        .iter()
        .take(usize::from(random_count))
        .map(|(_, y)| y.clone())
        .collect();
    for x in random_count..count {
        shares.push(interpolate(&points, x));
    }
    Ok(shares)
}

/// Recovers the secret from `points` (distinct x, equal lengths, at least `threshold` of
/// them). The first `threshold` points determine the polynomials; any surplus point must
/// lie on them, and the digest must match (for threshold > 1).
pub(crate) fn recover(
    threshold: u8,
    points: &[Point<'_>],
) -> Result<Zeroizing<Vec<u8>>, ShareError> {
    let (used, surplus) = points.split_at(usize::from(threshold).min(points.len()));
    for extra in surplus {
        if interpolate(used, extra.x).as_slice() != extra.y {
            return Err(ShareError::Digest);
        }
    }
    if threshold == 1 {
        let first = used
            .first()
            .ok_or(ShareError::TooFewShares { have: 0, need: 1 })?;
        return Ok(Zeroizing::new(first.y.to_vec()));
    }
    let secret = interpolate(used, SECRET_X);
    let digest_share = interpolate(used, DIGEST_X);
    if digest_share.len() < DIGEST_LEN
        || digest(&digest_share[DIGEST_LEN..], &secret) != digest_share[..DIGEST_LEN]
    {
        return Err(ShareError::Digest);
    }
    Ok(secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(shares: &[Zeroizing<Vec<u8>>], xs: &[u8]) -> Vec<(u8, Vec<u8>)> {
        xs.iter()
            .map(|&x| (x, shares[usize::from(x)].to_vec()))
            .collect()
    }

    fn recover_from(
        threshold: u8,
        pts: &[(u8, Vec<u8>)],
    ) -> Result<Zeroizing<Vec<u8>>, ShareError> {
        let pts: Vec<Point<'_>> = pts.iter().map(|(x, y)| Point { x: *x, y }).collect();
        recover(threshold, &pts)
    }

    #[test]
    fn any_threshold_subset_recovers() {
        let secret: Vec<u8> = (0..32).collect();
        let shares = split(3, 5, &secret).unwrap();
        for xs in [[0, 1, 2], [4, 2, 0], [1, 3, 4]] {
            let got = recover_from(3, &points(&shares, &xs)).unwrap();
            assert_eq!(got.as_slice(), secret.as_slice());
        }
        let all = recover_from(3, &points(&shares, &[0, 1, 2, 3, 4])).unwrap();
        assert_eq!(all.as_slice(), secret.as_slice());
    }

    #[test]
    fn a_changed_share_is_caught() {
        let secret = [7u8; 16];
        let shares = split(2, 3, &secret).unwrap();
        let mut pts = points(&shares, &[0, 2]);
        pts[1].1[5] ^= 0x40;
        assert_eq!(recover_from(2, &pts), Err(ShareError::Digest));
        let mut pts = points(&shares, &[0, 1, 2]);
        pts[2].1[0] ^= 1;
        assert_eq!(recover_from(2, &pts), Err(ShareError::Digest));
    }
}
