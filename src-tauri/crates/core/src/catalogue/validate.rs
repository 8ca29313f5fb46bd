//! The rules a parsed catalogue must meet (see `Catalogue::from_json`).

use std::collections::HashSet;

use super::{CatalogueError, Field, FieldKind, ItemType, Label, Section};

pub(super) fn catalogue(sections: &[Section]) -> Result<(), CatalogueError> {
    if sections.is_empty() {
        return Err(CatalogueError::NoSections);
    }
    unique("catalogue", sections.iter().map(|s| s.id.as_str()))?;
    sections.iter().try_for_each(section)
}

fn section(section: &Section) -> Result<(), CatalogueError> {
    let at = section.id.as_str();
    id(at, at)?;
    label(at, "label", &section.label)?;
    label(at, "description", &section.description)?;
    if !(1..=60).contains(&section.review_months) {
        return Err(CatalogueError::ReviewMonths {
            section: at.to_owned(),
            months: section.review_months,
        });
    }
    unique(at, section.item_types.iter().map(|t| t.id.as_str()))?;
    for item_type in &section.item_types {
        self::item_type(at, item_type)?;
    }
    unique(
        &format!("{at} expected"),
        section.expected.iter().map(String::as_str),
    )?;
    for expected in &section.expected {
        if !section.item_types.iter().any(|t| &t.id == expected) {
            return Err(CatalogueError::UnknownExpected {
                section: at.to_owned(),
                item_type: expected.clone(),
            });
        }
    }
    note(section)
}

fn item_type(section: &str, item_type: &ItemType) -> Result<(), CatalogueError> {
    let at = format!("{section}.{}", item_type.id);
    id(&at, &item_type.id)?;
    label(&at, "label", &item_type.label)?;
    if item_type.fields.is_empty() {
        return Err(CatalogueError::NoFields { at });
    }
    unique(&at, item_type.fields.iter().map(|f| f.id.as_str()))?;
    if item_type.field(&item_type.title_field).is_none() {
        return Err(CatalogueError::TitleFieldMissing {
            at,
            title_field: item_type.title_field.clone(),
        });
    }
    item_type.fields.iter().try_for_each(|f| field(&at, f))
}

fn field(item_type: &str, field: &Field) -> Result<(), CatalogueError> {
    let at = format!("{item_type}.{}", field.id);
    id(&at, &field.id)?;
    label(&at, "label", &field.label)?;
    if let Some(help) = &field.help {
        label(&at, "help", help)?;
    }
    if let FieldKind::Choice { options } = &field.kind {
        if options.is_empty() {
            return Err(CatalogueError::ChoiceWithoutOptions { at });
        }
        unique(&at, options.iter().map(|o| o.id.as_str()))?;
        for option in options {
            let at = format!("{at}.{}", option.id);
            id(&at, &option.id)?;
            label(&at, "label", &option.label)?;
        }
    }
    Ok(())
}

fn note(section: &Section) -> Result<(), CatalogueError> {
    let Some(note) = section.item_types.iter().find(|t| t.id == "note") else {
        return Err(CatalogueError::MissingNote {
            section: section.id.clone(),
        });
    };
    let shape_ok = match note.fields.as_slice() {
        [title, text] => {
            title.id == "title"
                && title.kind == FieldKind::Text
                && title.required
                && text.id == "text"
                && text.kind == FieldKind::Multiline
        }
        _ => false,
    };
    if shape_ok {
        Ok(())
    } else {
        Err(CatalogueError::BadNote {
            section: section.id.clone(),
        })
    }
}

fn id(at: &str, id: &str) -> Result<(), CatalogueError> {
    let snake = id.starts_with(|c: char| c.is_ascii_lowercase())
        && !id.ends_with('_')
        && !id.contains("__")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if snake {
        Ok(())
    } else {
        Err(CatalogueError::BadId {
            at: at.to_owned(),
            id: id.to_owned(),
        })
    }
}

fn label(at: &str, what: &'static str, label: &Label) -> Result<(), CatalogueError> {
    if label.is_complete() {
        Ok(())
    } else {
        Err(CatalogueError::EmptyLabel {
            at: at.to_owned(),
            what,
        })
    }
}

fn unique<'a>(at: &str, ids: impl Iterator<Item = &'a str>) -> Result<(), CatalogueError> {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(CatalogueError::Duplicate {
                at: at.to_owned(),
                id: id.to_owned(),
            });
        }
    }
    Ok(())
}
