//! The Levensregister register: what a person records for their next of kin.
//!
//! This crate owns the section and field catalogue (data, in `assets/catalogue.json`),
//! the validation of field values, the register's items, search, reviews and
//! completeness, the JSON exchange format, the password rules, and the use cases a
//! front end calls (create a register, unlock it, work in it, lock it). It owns no
//! storage crypto (that is `levensregister-vault`) and no user interface (the CLI and
//! the desktop app).

mod app;
mod catalogue;
mod error;
mod fields;
mod idle;
mod lang;
mod life_events;
mod model;
mod password;
mod profiles;
mod qr;
mod reports;
mod secret_warning;
mod session;
mod settings;
mod store;
mod trusted;

pub use app::{
    App, AuthenticatorView, Confirmed, EmergencyKitView, EnrolmentView, Overview, ReceivedFileView,
    ReceivedView, RecoveredView, TrustedOverview,
};
pub use catalogue::{
    Catalogue, CatalogueError, Choice, Field, FieldKind, ItemType, Label, Section,
};
pub use error::{Error, FieldError, Result};
pub use fields::{display as display_value, normalize as normalize_value};
pub use idle::IdleLock;
pub use lang::Lang;
pub use life_events::{LifeEvent, life_events};
pub use model::{Item, ItemChange, NewItem, Visibility};
pub use password::{PasswordProblem, PasswordStrength, rate_password};
pub use profiles::{ProfileSummary, list_profiles, new_register_dir, profile_dir};
pub use qr::qr_svg;
pub use reports::{ReportKind, ReportRequest, VisibilityFilter, access_sheet_data, report_data};
pub use secret_warning::{SecretReason, SecretWarning, secret_warning};
pub use session::{CheckedValue, Session, check_value, create_register, default_registers_root};
pub use settings::Settings;
pub use store::{
    ChangeAction, ChangeEntry, EXPORT_FORMAT, EXPORT_VERSION, ExportDocument, ImportSummary,
    SCHEMA_VERSION, SectionStatus, fold, item_title, item_title_in,
};
pub use trusted::*;

/// The storage layer, re-exported so front ends need one dependency.
pub use levensregister_vault as vault;
