//! SLIP-0039 shares of a recovery secret, for Levensregister's trusted persons.
//!
//! This crate owns Shamir's secret sharing as SatoshiLabs' SLIP-0039 specifies it
//! (<https://github.com/satoshilabs/slips/blob/master/slip-0039.md>, the version with the
//! extendable-backup flag, as in the reference implementation python-shamir-mnemonic
//! 0.3.0): GF(256) sharing with the digest share, groups and member thresholds, the
//! 15-bit identifier, the RS1024 checksum ("shamir" / "shamir_extendable"), the
//! 1024-word list, and the passphrase Feistel cipher (PBKDF2-HMAC-SHA256). It also reads
//! share QR codes from PNG/JPEG images of share sheets.
//!
//! It does not own what the secret unlocks (key slots live in `levensregister-vault`),
//! nor printing share sheets. It is written from the specification rather than on the
//! `sharks` crate, which has an unpatched advisory (RUSTSEC-2024-0398). Tests check it
//! against the official vectors and, both ways, against the reference implementation.
//!
//! Secret bytes and share words are held in [`zeroize::Zeroizing`] buffers; `Debug` of a
//! [`Share`] never shows its words.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod cipher;
mod error;
mod gf256;
mod qr_image;
mod rs1024;
mod set;
mod shamir;
mod share;
mod wordlist;

pub use error::{QrImageError, Result, ShareError};
pub use qr_image::decode_qr_image;
pub use set::{combine, split, split_groups, split_with_identifier};
pub use share::Share;
pub use zeroize::Zeroizing;
