//! The crate's errors. Each variant carries the data a caller needs to word the message
//! in the user's language; `Display` is plain English. No error carries secret bytes;
//! the word-level errors name the one word the user typed, so it can be corrected.

/// Why a share could not be read, or a set of shares could not be split or combined.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ShareError {
    /// A word is not in the SLIP-39 word list (nor the prefix of a word in it).
    #[error("word {position}, \"{word}\", is not in the SLIP-39 word list")]
    UnknownWord {
        /// 1-based position of the word in the share.
        position: usize,
        /// The word as typed.
        word: String,
    },
    /// A prefix shorter than four letters that matches several words.
    #[error("word {position}, \"{word}\", is too short: several words start with it")]
    AmbiguousWord {
        /// 1-based position of the word in the share.
        position: usize,
        /// The prefix as typed.
        word: String,
    },
    /// A share has a number of words no share can have (at least 20, and no length that
    /// would leave more than 8 padding bits).
    #[error("a share cannot have {words} words")]
    WrongLength {
        /// How many words were given.
        words: usize,
    },
    /// The RS1024 checksum does not match.
    #[error("a word is mistyped: the checksum does not match")]
    Checksum,
    /// The padding bits of the share value are not zero.
    #[error("the share is damaged: its padding bits are not zero")]
    Padding,
    /// A share says it needs more groups than the set has.
    #[error(
        "the share is damaged: group threshold {group_threshold} exceeds group count {group_count}"
    )]
    GroupThresholdAboveCount {
        /// The group threshold the share states.
        group_threshold: u8,
        /// The group count the share states.
        group_count: u8,
    },
    /// Shares from different sets: identifier, iteration exponent, extendable flag, group
    /// parameters, member threshold or value length differ.
    #[error("these shares belong to different sets")]
    MixedSets,
    /// The same member index was given twice in one group (with the same or a different
    /// value).
    #[error("share number {} of a group was given twice", member_index + 1)]
    Duplicate {
        /// The member index as encoded in the share (0-based; `+ 1` for people).
        member_index: u8,
    },
    /// A group has fewer shares than its threshold.
    #[error("{have} of the {need} needed shares were given")]
    TooFewShares {
        /// Distinct shares given for the group.
        have: usize,
        /// The group's member threshold.
        need: usize,
    },
    /// Fewer groups than the group threshold.
    #[error("shares of {have} of the {need} needed groups were given")]
    TooFewGroups {
        /// Distinct groups given.
        have: usize,
        /// The group threshold.
        need: usize,
    },
    /// The shares do not fit together: the digest of the recovered secret does not match,
    /// or a surplus share does not lie on the recovered polynomial.
    #[error("the shares do not fit together (digest mismatch)")]
    Digest,
    /// Parameters a split cannot use (threshold, count, secret length, passphrase, exponent).
    #[error("invalid parameters: {0}")]
    InvalidParameters(String),
    /// The operating system's random generator failed.
    #[error("the system random generator failed")]
    Random,
}

/// Why no share text could be read from an image.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QrImageError {
    /// The bytes are not a PNG or JPEG image, or the image is unreadable.
    #[error("not a readable PNG or JPEG image: {0}")]
    Image(String),
    /// The image holds no readable QR code.
    #[error("no QR code found in the image")]
    NoCode,
}

/// The crate's result type.
pub type Result<T, E = ShareError> = std::result::Result<T, E>;
