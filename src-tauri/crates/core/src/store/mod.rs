//! The register stored in the encrypted database.
