//! Checking raw field values against the catalogue, shared by add, edit and import.
//!
//! Every value passes through `fields::normalize`, so what is stored is always the
//! canonical form. Person references are collected rather than checked here: add and
//! edit look them up in the database, an import also accepts persons in the same file.

use std::collections::BTreeMap;

use crate::catalogue::{Catalogue, FieldKind, ItemType};
use crate::error::{Error, FieldError, Result};
use crate::fields;
use crate::secret_warning::{SecretWarning, secret_warning};

/// The section whose items person-reference fields point at.
pub(crate) const TRUSTED_PERSONS: &str = "trusted_persons";

/// The item type within [`TRUSTED_PERSONS`] that is a person (the section's notes are not).
pub(crate) const PERSON_TYPE: &str = "person";

/// Field values that passed the catalogue, with what the caller must still check.
pub(crate) struct Checked {
    /// The item's fields after the change, normalised; empty fields absent.
    pub fields: BTreeMap<String, String>,
    /// Warnings for values that look like secrets (saved anyway).
    pub warnings: Vec<SecretWarning>,
    /// `(field id, item id)` of every person reference that was set or changed.
    pub person_refs: Vec<(String, String)>,
}

/// The catalogue's item type, or the error naming what is unknown.
pub(crate) fn item_type(section: &str, item_type: &str) -> Result<&'static ItemType> {
    let catalogue = Catalogue::builtin();
    if catalogue.section(section).is_none() {
        return Err(Error::UnknownSection(section.to_owned()));
    }
    catalogue
        .item_type(section, item_type)
        .ok_or_else(|| Error::UnknownItemType {
            section: section.to_owned(),
            item_type: item_type.to_owned(),
        })
}

/// Applies raw `changes` to `base` (an empty value clears a field) and checks the
/// result: every field known, every value valid, every required field present.
pub(crate) fn apply_fields(
    ty: &ItemType,
    base: BTreeMap<String, String>,
    changes: &BTreeMap<String, String>,
) -> Result<Checked> {
    let mut checked = Checked {
        fields: base,
        warnings: Vec::new(),
        person_refs: Vec::new(),
    };
    for (id, raw) in changes {
        let field = ty.field(id).ok_or_else(|| Error::UnknownField {
            item_type: ty.id.clone(),
            field: id.clone(),
        })?;
        let normalized = fields::normalize(field, raw).map_err(|reason| Error::InvalidField {
            field: id.clone(),
            reason,
        })?;
        match normalized {
            None => {
                checked.fields.remove(id);
            }
            Some(value) => {
                checked.warnings.extend(secret_warning(field, &value));
                // Only references this change sets are checked: an unchanged one may
                // point at a person removed since, which must not block other edits.
                let unchanged = checked.fields.get(id) == Some(&value);
                if matches!(field.kind, FieldKind::PersonRef) && !unchanged {
                    checked.person_refs.push((id.clone(), value.clone()));
                }
                checked.fields.insert(id.clone(), value);
            }
        }
    }
    if let Some(missing) = ty
        .fields
        .iter()
        .find(|f| f.required && !checked.fields.contains_key(&f.id))
    {
        return Err(Error::MissingField(missing.id.clone()));
    }
    Ok(checked)
}

/// Fails on the first person reference that `is_person` does not know.
pub(crate) fn check_person_refs(
    refs: &[(String, String)],
    mut is_person: impl FnMut(&str) -> Result<bool>,
) -> Result<()> {
    for (field, id) in refs {
        if !is_person(id)? {
            return Err(Error::InvalidField {
                field: field.clone(),
                reason: FieldError::PersonRef,
            });
        }
    }
    Ok(())
}
