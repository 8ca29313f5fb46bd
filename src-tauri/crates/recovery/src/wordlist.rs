//! The SLIP-39 word list (1024 words, MIT licence, see `assets/LICENSE-wordlist`) and the
//! lookup of typed words: full words, or any unique prefix (every word is fixed by its
//! first four letters), case-insensitive.

use std::sync::OnceLock;

use crate::error::ShareError;

/// Bits a word carries.
pub(crate) const RADIX_BITS: u32 = 10;
const WORD_COUNT: usize = 1 << RADIX_BITS;

const WORDLIST_TEXT: &str = include_str!("../assets/wordlist.txt");

/// The words in index order. The list is sorted, which the prefix lookup relies on.
fn words() -> &'static [&'static str] {
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let list: Vec<&str> = WORDLIST_TEXT.lines().map(str::trim).collect();
        // The embedded list is fixed at build time and checked by a test (sha256).
        debug_assert_eq!(list.len(), WORD_COUNT);
        debug_assert!(list.windows(2).all(|w| w[0] < w[1]));
        list
    })
}

/// The word for a 10-bit index.
pub(crate) fn word(index: u16) -> &'static str {
    words()[usize::from(index) % WORD_COUNT]
}

/// The index of a typed word (already lowercased), `position` being 1-based for errors.
pub(crate) fn index_of(typed: &str, position: usize) -> Result<u16, ShareError> {
    let list = words();
    let start = list.partition_point(|w| *w < typed);
    let matches = list[start..]
        .iter()
        .take_while(|w| w.starts_with(typed))
        .count();
    let unknown = || ShareError::UnknownWord {
        position,
        word: typed.to_owned(),
    };
    if typed.is_empty() {
        return Err(unknown());
    }
    // `start` < 1024 whenever a word matches, so the casts are lossless.
    match matches {
        0 => Err(unknown()),
        1 => Ok(start as u16),
        // A whole word that also begins longer words (none in this list, but cheap to keep).
        _ if list[start] == typed => Ok(start as u16),
        _ => Err(ShareError::AmbiguousWord {
            position,
            word: typed.to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn embedded_list_is_the_official_one() {
        let digest = Sha256::digest(WORDLIST_TEXT.as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "bcc4555340332d169718aed8bf31dd9d5248cb7da6e5d355140ef4f1e601eec3"
        );
        assert_eq!(words().len(), 1024);
    }

    #[test]
    fn four_letters_fix_every_word() {
        for (i, w) in words().iter().enumerate() {
            assert_eq!(index_of(&w[..4], 1), Ok(i as u16), "{w}");
            assert_eq!(index_of(w, 1), Ok(i as u16), "{w}");
        }
    }

    #[test]
    fn short_prefixes() {
        assert!(matches!(
            index_of("ac", 3),
            Err(ShareError::AmbiguousWord { position: 3, .. })
        ));
        assert!(matches!(
            index_of("academix", 2),
            Err(ShareError::UnknownWord { position: 2, .. })
        ));
        assert!(matches!(
            index_of("", 1),
            Err(ShareError::UnknownWord { .. })
        ));
    }
}
