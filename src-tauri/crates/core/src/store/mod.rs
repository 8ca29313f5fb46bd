//! The register stored in the encrypted database.
//!
//! This module owns the register's tables inside the database the vault opens and
//! keys: the schema and its migrations, items and their validation against the
//! catalogue, the change log, search, section reviews and completeness, and the JSON
//! exchange format. It never opens, keys or closes the database, and never touches
//! tables it does not own (the vault keeps its own `vault_state`).

mod exchange;
mod items;
pub(crate) mod migrations;
mod reviews;
mod search;
mod validation;

#[cfg(test)]
mod tests;

pub use exchange::{
    EXPORT_FORMAT, EXPORT_VERSION, ExportDocument, ImportSummary, export_document, import_document,
};
pub use items::{
    ChangeAction, ChangeEntry, add_item, change_log, edit_item, get_item, item_title,
    item_title_in, list_items, remove_item,
};
pub use migrations::{SCHEMA_VERSION, migrate};
pub use reviews::{SectionStatus, mark_reviewed, section_statuses};
pub use search::{fold, search};
