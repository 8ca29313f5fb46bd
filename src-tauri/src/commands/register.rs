//! Working in the open register: the catalogue, the overview, items, search, reviews.

use levensregister_core::{
    Catalogue, CheckedValue, Item, ItemChange, NewItem, Overview, check_value as check,
};
use tauri::State;

use crate::error::CommandResult;
use crate::state::Desktop;
use crate::transport::SavedItem;

/// The sections, item types and fields (labels in both languages).
#[tauri::command]
pub fn catalogue() -> &'static Catalogue {
    Catalogue::builtin()
}

/// Sections with completeness and review state, and the life-event checklist.
#[tauri::command]
pub fn overview(state: State<'_, Desktop>) -> CommandResult<Overview> {
    state.run(|app| app.overview())
}

/// The items of one section, or all.
#[tauri::command]
pub fn list_items(state: State<'_, Desktop>, section: Option<String>) -> CommandResult<Vec<Item>> {
    state.run(|app| app.session()?.items(section.as_deref()))
}

/// One item.
#[tauri::command]
pub fn get_item(state: State<'_, Desktop>, id: String) -> CommandResult<Item> {
    state.run(|app| app.session()?.item(&id))
}

/// Adds an item; warns about values that look like passwords.
#[tauri::command]
pub fn add_item(state: State<'_, Desktop>, item: NewItem) -> CommandResult<SavedItem> {
    state.run(|app| {
        let lang = app.lang();
        Ok(SavedItem::new(app.session()?.add_item(&item)?, lang))
    })
}

/// Changes an item.
#[tauri::command]
pub fn edit_item(
    state: State<'_, Desktop>,
    id: String,
    change: ItemChange,
) -> CommandResult<SavedItem> {
    state.run(|app| {
        let lang = app.lang();
        Ok(SavedItem::new(
            app.session()?.edit_item(&id, &change)?,
            lang,
        ))
    })
}

/// Removes an item.
#[tauri::command]
pub fn remove_item(state: State<'_, Desktop>, id: String) -> CommandResult<Item> {
    state.run(|app| app.session()?.remove_item(&id))
}

/// Items with every word in some field (case and accents ignored).
#[tauri::command]
pub fn search(state: State<'_, Desktop>, text: String) -> CommandResult<Vec<Item>> {
    state.run(|app| app.session()?.search(&text))
}

/// Marks a section reviewed today.
#[tauri::command]
pub fn mark_reviewed(state: State<'_, Desktop>, section: String) -> CommandResult<()> {
    state.run(|app| app.session()?.mark_reviewed(&section))
}

/// Checks one value as the user types (nothing is saved).
#[tauri::command]
pub fn check_value(
    state: State<'_, Desktop>,
    section: String,
    item_type: String,
    field: String,
    value: String,
) -> CommandResult<CheckedValue> {
    state.run(|app| check(&section, &item_type, &field, &value, app.lang()))
}
