//! One SLIP-0039 share and its words: identifier (15 bits), extendable flag (1),
//! iteration exponent (4), group index, group threshold, group count, member index,
//! member threshold (4 bits each), the share value (left-padded to whole words) and the
//! RS1024 checksum (3 words).

use std::fmt;

use zeroize::Zeroizing;

use crate::error::ShareError;
use crate::rs1024;
use crate::wordlist::{self, RADIX_BITS};

/// Words before the value: identifier/flag/exponent (2) and the group/member fields (2).
const PREFIX_WORDS: usize = 4;
const METADATA_WORDS: usize = PREFIX_WORDS + rs1024::CHECKSUM_WORDS;
/// 128-bit values need 13 words.
pub(crate) const MIN_WORDS: usize = METADATA_WORDS + 13;
const RADIX: u32 = 1 << RADIX_BITS;

/// One parsed, checksum-verified SLIP-39 share.
///
/// `Debug` shows the set parameters only, never the words or the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Share {
    pub(crate) identifier: u16,
    pub(crate) extendable: bool,
    pub(crate) iteration_exponent: u8,
    pub(crate) group_index: u8,
    pub(crate) group_threshold: u8,
    pub(crate) group_count: u8,
    pub(crate) member_index: u8,
    pub(crate) member_threshold: u8,
    pub(crate) value: Zeroizing<Vec<u8>>,
}

impl fmt::Debug for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Share")
            .field("identifier", &self.identifier)
            .field("extendable", &self.extendable)
            .field("iteration_exponent", &self.iteration_exponent)
            .field("group_index", &self.group_index)
            .field("group_threshold", &self.group_threshold)
            .field("group_count", &self.group_count)
            .field("member_index", &self.member_index)
            .field("member_threshold", &self.member_threshold)
            .finish_non_exhaustive()
    }
}

impl Share {
    /// Parses a share from its words: separated by whitespace, any case, each given in
    /// full or by a unique prefix (the first four letters always suffice).
    pub fn parse(text: &str) -> Result<Share, ShareError> {
        let mut indices = Zeroizing::new(Vec::new());
        for (i, typed) in text.split_whitespace().enumerate() {
            let lower = Zeroizing::new(typed.to_lowercase());
            indices.push(wordlist::index_of(&lower, i + 1)?);
        }
        Self::from_indices(&indices)
    }

    fn from_indices(indices: &[u16]) -> Result<Share, ShareError> {
        let words = indices.len();
        if words < MIN_WORDS {
            return Err(ShareError::WrongLength { words });
        }
        let value_words = &indices[PREFIX_WORDS..words - rs1024::CHECKSUM_WORDS];
        let value_bits = value_words.len() * RADIX_BITS as usize;
        let padding = value_bits % 16;
        if padding > 8 {
            return Err(ShareError::WrongLength { words });
        }

        let id_exp = join_words(indices[0], indices[1]);
        let extendable = (id_exp >> 4) & 1 == 1;
        if !rs1024::verify(extendable, indices) {
            return Err(ShareError::Checksum);
        }
        let params = join_words(indices[2], indices[3]);
        let nibble = |shift: u32| ((params >> shift) & 0xF) as u8;
        let share = Share {
            identifier: (id_exp >> 5) as u16,
            extendable,
            iteration_exponent: (id_exp & 0xF) as u8,
            group_index: nibble(16),
            group_threshold: nibble(12) + 1,
            group_count: nibble(8) + 1,
            member_index: nibble(4),
            member_threshold: nibble(0) + 1,
            value: decode_value(value_words, padding)?,
        };
        if share.group_threshold > share.group_count {
            return Err(ShareError::GroupThresholdAboveCount {
                group_threshold: share.group_threshold,
                group_count: share.group_count,
            });
        }
        Ok(share)
    }

    fn indices(&self) -> Zeroizing<Vec<u16>> {
        let id_exp = (u32::from(self.identifier) << 5)
            | (u32::from(self.extendable) << 4)
            | u32::from(self.iteration_exponent);
        let params = [
            self.group_index,
            self.group_threshold - 1,
            self.group_count - 1,
            self.member_index,
            self.member_threshold - 1,
        ]
        .iter()
        .fold(0u32, |acc, &n| (acc << 4) | u32::from(n & 0xF));
        let mut out = Zeroizing::new(Vec::new());
        out.extend(split_words(id_exp));
        out.extend(split_words(params));
        out.extend_from_slice(&encode_value(&self.value));
        let checksum = rs1024::create(self.extendable, &out);
        out.extend(checksum);
        out
    }

    /// The canonical text: full lowercase words separated by single spaces.
    pub fn words(&self) -> Zeroizing<String> {
        let mut text = Zeroizing::new(String::new());
        for (i, &index) in self.indices().iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            text.push_str(wordlist::word(index));
        }
        text
    }

    /// The 15-bit identifier shared by all shares of one set.
    pub fn identifier(&self) -> u16 {
        self.identifier
    }

    /// Whether the set uses the extendable-backup flag.
    pub fn extendable(&self) -> bool {
        self.extendable
    }

    /// The iteration exponent e of the passphrase cipher (10000 · 2^e PBKDF2 iterations).
    pub fn iteration_exponent(&self) -> u8 {
        self.iteration_exponent
    }

    /// The group this share belongs to (0-based).
    pub fn group_index(&self) -> u8 {
        self.group_index
    }

    /// How many groups are needed to recover the secret.
    pub fn group_threshold(&self) -> u8 {
        self.group_threshold
    }

    /// How many groups the set has.
    pub fn group_count(&self) -> u8 {
        self.group_count
    }

    /// This share's index within its group (0-based).
    pub fn member_index(&self) -> u8 {
        self.member_index
    }

    /// How many shares of this group are needed.
    pub fn member_threshold(&self) -> u8 {
        self.member_threshold
    }
}

fn join_words(high: u16, low: u16) -> u32 {
    u32::from(high) * RADIX + u32::from(low)
}

fn split_words(value: u32) -> [u16; 2] {
    // Both halves are masked to 10 bits.
    [((value >> 10) & 1023) as u16, (value & 1023) as u16]
}

/// Bit `p` (0 = most significant) of a sequence of 10-bit words.
fn word_bit(words: &[u16], p: usize) -> u8 {
    let shift = RADIX_BITS as usize - 1 - p % RADIX_BITS as usize;
    ((words[p / RADIX_BITS as usize] >> shift) & 1) as u8
}

fn decode_value(words: &[u16], padding: usize) -> Result<Zeroizing<Vec<u8>>, ShareError> {
    let total = words.len() * RADIX_BITS as usize;
    let mut padding_bits = 0u8;
    for p in 0..padding {
        padding_bits |= word_bit(words, p);
    }
    if padding_bits != 0 {
        return Err(ShareError::Padding);
    }
    let mut value = Zeroizing::new(vec![0u8; (total - padding) / 8]);
    for p in padding..total {
        let q = p - padding;
        value[q / 8] |= word_bit(words, p) << (7 - q % 8);
    }
    Ok(value)
}

fn encode_value(value: &[u8]) -> Zeroizing<Vec<u16>> {
    let bits = value.len() * 8;
    let word_count = bits.div_ceil(RADIX_BITS as usize);
    let padding = word_count * RADIX_BITS as usize - bits;
    let mut words = Zeroizing::new(vec![0u16; word_count]);
    for q in 0..bits {
        let bit = u16::from((value[q / 8] >> (7 - q % 8)) & 1);
        let p = q + padding;
        words[p / RADIX_BITS as usize] |=
            bit << (RADIX_BITS as usize - 1 - p % RADIX_BITS as usize);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(value_len: usize) -> Share {
        Share {
            identifier: 0x7ABC,
            extendable: true,
            iteration_exponent: 3,
            group_index: 2,
            group_threshold: 2,
            group_count: 4,
            member_index: 5,
            member_threshold: 3,
            value: Zeroizing::new((0..value_len).map(|i| (i * 37 + 11) as u8).collect()),
        }
    }

    #[test]
    fn words_round_trip() {
        for len in [16, 18, 32, 64] {
            let share = sample(len);
            let parsed = Share::parse(&share.words()).unwrap();
            assert_eq!(parsed, share);
        }
    }

    #[test]
    fn value_lengths_give_the_spec_word_counts() {
        assert_eq!(sample(16).indices().len(), 20);
        assert_eq!(sample(32).indices().len(), 33);
    }
}
