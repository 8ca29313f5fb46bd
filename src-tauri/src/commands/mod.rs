//! One file per domain; each command takes the state, calls one use case and maps
//! the error. Logic that would need an `if` here belongs in `levensregister-core`.

pub mod profiles;
pub mod register;
pub mod reports;
pub mod settings;
