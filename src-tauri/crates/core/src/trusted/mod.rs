//! Trusted persons: the owner's Emergency Kit, SLIP-39 share sets, the encrypted export
//! for trusted persons, opening such an export, and "forgot password" recovery.
//!
//! The secrets and slots are the vault's (`levensregister_vault::RecoverySecret`,
//! recovery slots, `ExportDatabase`); splitting and combining shares is
//! `levensregister-recovery`'s. This module decides what is made when, what an export
//! holds, and words every refusal for a person.

mod error;
mod export;
mod owner;
mod received;
mod recover;
mod shares;
mod sheets;

pub use error::TrustedError;
pub use export::{
    DATABASE_NAME, DatabaseInfo, EXPORT_FORMAT as TRUSTED_EXPORT_FORMAT,
    EXPORT_VERSION as TRUSTED_EXPORT_VERSION, ExportHeader, ExportSummary, HEADER_NAME, KeyInfo,
    README_NAME,
};
pub use owner::{EmergencyKit, HolderShare, MAX_HOLDERS, PreparedShareSet, ShareSet, ShareSetInfo};
pub use received::ReceivedRegister;
pub use recover::{Recovery, recover_register};
pub use shares::{
    ITERATION_EXPONENT, Recovered, combine_shares, parse_shares, recover_secret, shares_in_image,
};
pub use sheets::{emergency_kit_data, share_sheet_file_stem, share_sheets_data};
