//! The Secret Key: 128 random bits kept in the OS keychain and on the Emergency Kit.
//!
//! Combined with the password before the key slot opens (the 1Password "two-secret"
//! idea), it makes a copied register file useless to a password-guessing attacker.
//! Written for people: 28 characters of Crockford base32 (no I, L, O or U) in groups of
//! four, the last 12 bits a checksum, so a mistyped character is caught at once.

use sha2::{Digest, Sha256};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::error::{Error, Result};
use crate::keys::random_bytes;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CHARS: usize = 28;

/// The register's Secret Key.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct SecretKey([u8; 16]);

impl SecretKey {
    /// A fresh random Secret Key.
    pub fn generate() -> Result<SecretKey> {
        Ok(SecretKey(random_bytes()?))
    }

    pub(crate) fn from_bytes(bytes: [u8; 16]) -> SecretKey {
        SecretKey(bytes)
    }

    pub(crate) fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// The key as people read it: `XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX`.
    pub fn display(&self) -> Zeroizing<String> {
        let mut bits = Zeroizing::new([0u8; 18]);
        bits[..16].copy_from_slice(&self.0);
        bits[16..].copy_from_slice(&checksum(&self.0));
        let mut out = Zeroizing::new(String::with_capacity(CHARS + 6));
        for index in 0..CHARS {
            if index > 0 && index % 4 == 0 {
                out.push('-');
            }
            out.push(ALPHABET[read_5_bits(bits.as_ref(), index * 5) as usize] as char);
        }
        out
    }

    /// Parses what a person typed: case, spaces and dashes do not matter; `O` reads as
    /// zero and `I`/`L` as one. A wrong checksum is refused.
    pub fn parse(typed: &str) -> Result<SecretKey> {
        let mut bits = Zeroizing::new([0u8; 18]);
        let mut count = 0;
        for c in typed.chars().filter(|c| !c.is_whitespace() && *c != '-') {
            let value = decode_char(c).ok_or(Error::InvalidSecretKey)?;
            if count == CHARS {
                return Err(Error::InvalidSecretKey);
            }
            write_5_bits(bits.as_mut(), count * 5, value);
            count += 1;
        }
        if count != CHARS {
            return Err(Error::InvalidSecretKey);
        }
        let mut secret = [0u8; 16];
        secret.copy_from_slice(&bits[..16]);
        let expected = checksum(&secret);
        // Only the top 12 bits of the checksum are written (140 bits in all).
        if bits[16] != expected[0] || bits[17] & 0xF0 != expected[1] & 0xF0 {
            secret.zeroize();
            return Err(Error::InvalidSecretKey);
        }
        Ok(SecretKey(secret))
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

fn checksum(secret: &[u8; 16]) -> [u8; 2] {
    let digest = Sha256::new()
        .chain_update(b"levensregister/v1/secret-key-check")
        .chain_update(secret)
        .finalize();
    [digest[0], digest[1]]
}

fn decode_char(c: char) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        other => other,
    };
    ALPHABET
        .iter()
        .position(|&a| a as char == c)
        .map(|p| p as u8)
}

fn read_5_bits(bytes: &[u8], bit: usize) -> u8 {
    (0..5).fold(0u8, |acc, i| {
        let b = bit + i;
        let set = bytes
            .get(b / 8)
            .is_some_and(|byte| byte & (0x80 >> (b % 8)) != 0);
        (acc << 1) | u8::from(set)
    })
}

fn write_5_bits(bytes: &mut [u8], bit: usize, value: u8) {
    for i in 0..5 {
        if value & (0x10 >> i) != 0 {
            let b = bit + i;
            bytes[b / 8] |= 0x80 >> (b % 8);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_parse_round_trip() {
        for _ in 0..200 {
            let key = SecretKey::generate().unwrap();
            let shown = key.display();
            assert_eq!(shown.len(), 34);
            assert_eq!(shown.matches('-').count(), 6);
            assert_eq!(SecretKey::parse(&shown).unwrap(), key);
            let sloppy = shown.to_lowercase().replace('-', " ").replace('0', "o");
            assert_eq!(SecretKey::parse(&sloppy).unwrap(), key);
        }
    }

    #[test]
    fn a_single_changed_character_is_refused() {
        let key = SecretKey::from_bytes([7; 16]);
        let shown: Vec<char> = key.display().chars().collect();
        let mut caught = 0;
        for (index, original) in shown.iter().enumerate().filter(|(_, c)| **c != '-') {
            for replacement in ALPHABET.iter().map(|&b| b as char) {
                if replacement == *original {
                    continue;
                }
                let mut typed = shown.clone();
                typed[index] = replacement;
                let typed: String = typed.into_iter().collect();
                if SecretKey::parse(&typed).is_err() {
                    caught += 1;
                }
            }
        }
        // 27 characters x 31 replacements; a 12-bit check misses about 1 in 4096.
        assert!(caught >= 27 * 31 - 2, "caught only {caught}");
    }

    #[test]
    fn wrong_length_and_characters_are_refused() {
        assert!(SecretKey::parse("").is_err());
        assert!(SecretKey::parse("ABCD-EFGH").is_err());
        let key = SecretKey::from_bytes([1; 16]).display();
        assert!(SecretKey::parse(&format!("{}A", key.as_str())).is_err());
        assert!(SecretKey::parse(&key.replace(&key[0..1], "U")).is_err());
    }
}
