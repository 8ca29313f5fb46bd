//! The SLIP-0039 passphrase encryption of the master secret: a 4-round Feistel network
//! whose round function is PBKDF2-HMAC-SHA256 with (10000 · 2^e) / 4 iterations, keyed by
//! the round number and the passphrase, salted with "shamir" + identifier (no salt prefix
//! for extendable backups, so their identifier may change).

use sha2::Sha256;
use zeroize::Zeroizing;

const ROUNDS: u8 = 4;
const BASE_ITERATIONS: u32 = 10_000;

/// What the cipher is keyed and salted with besides the passphrase.
#[derive(Clone, Copy)]
pub(crate) struct Params {
    pub(crate) identifier: u16,
    pub(crate) extendable: bool,
    /// 0..=15.
    pub(crate) iteration_exponent: u8,
}

fn round_function(
    round: u8,
    passphrase: &[u8],
    params: Params,
    right: &[u8],
) -> Zeroizing<Vec<u8>> {
    let mut password = Zeroizing::new(Vec::with_capacity(passphrase.len() + 1));
    password.push(round);
    password.extend_from_slice(passphrase);
    let mut salt = Zeroizing::new(Vec::with_capacity(8 + right.len()));
    if !params.extendable {
        salt.extend_from_slice(b"shamir");
        salt.extend_from_slice(&params.identifier.to_be_bytes());
    }
    salt.extend_from_slice(right);
    let iterations = (BASE_ITERATIONS << params.iteration_exponent) / u32::from(ROUNDS);
    let mut out = Zeroizing::new(vec![0u8; right.len()]);
    pbkdf2::pbkdf2_hmac::<Sha256>(&password, &salt, iterations, &mut out);
    out
}

fn feistel(
    data: &[u8],
    passphrase: &[u8],
    params: Params,
    rounds: impl Iterator<Item = u8>,
) -> Zeroizing<Vec<u8>> {
    let half = data.len() / 2;
    let mut left = Zeroizing::new(data[..half].to_vec());
    let mut right = Zeroizing::new(data[half..].to_vec());
    for round in rounds {
        let f = round_function(round, passphrase, params, &right);
        for (l, f) in left.iter_mut().zip(f.iter()) {
            *l ^= f;
        }
        std::mem::swap(&mut left, &mut right);
    }
    let mut out = Zeroizing::new(Vec::with_capacity(data.len()));
    out.extend_from_slice(&right);
    out.extend_from_slice(&left);
    out
}

/// Encrypts a master secret (even length) into the encrypted master secret.
pub(crate) fn encrypt(secret: &[u8], passphrase: &[u8], params: Params) -> Zeroizing<Vec<u8>> {
    feistel(secret, passphrase, params, 0..ROUNDS)
}

/// Decrypts an encrypted master secret (even length).
pub(crate) fn decrypt(encrypted: &[u8], passphrase: &[u8], params: Params) -> Zeroizing<Vec<u8>> {
    feistel(encrypted, passphrase, params, (0..ROUNDS).rev())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decrypt_undoes_encrypt_and_passphrase_matters() {
        let secret: Vec<u8> = (100..116).collect();
        for extendable in [false, true] {
            let params = Params {
                identifier: 0x1234,
                extendable,
                iteration_exponent: 0,
            };
            let ems = encrypt(&secret, b"pass", params);
            assert_ne!(ems.as_slice(), secret.as_slice());
            assert_eq!(decrypt(&ems, b"pass", params).as_slice(), secret.as_slice());
            assert_ne!(decrypt(&ems, b"", params).as_slice(), secret.as_slice());
        }
    }
}
