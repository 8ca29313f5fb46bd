//! The Levensregister register: what a person records for their next of kin.
//!
//! This crate owns the section and field catalogue (data, in `assets/catalogue.json`),
//! the validation of field values, the register's items, search, reviews and
//! completeness, the JSON exchange format, and the use cases a front end calls
//! (create a register, unlock it, work in it). It owns no storage crypto (that is
//! `levensregister-vault`) and no user interface (the CLI and the desktop app).

mod catalogue;
mod error;
mod fields;
mod lang;
mod model;
mod secret_warning;
mod store;

pub use error::{Error, FieldError, Result};
pub use lang::Lang;
pub use model::{Item, ItemChange, NewItem, Visibility};
