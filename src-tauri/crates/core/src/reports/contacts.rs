//! The contacts report: every person and organisation the register names.
//!
//! Trusted persons come first, with their role and how to reach them. Then every
//! filled-in field the catalogue marks `contact: true` (a notary, a bank, a GP, …),
//! merged by name (case and accents ignored), each with what it is in the register
//! and the phone numbers and e-mail addresses of the item it occurs in.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{People, display};
use crate::catalogue::{Catalogue, FieldKind};
use crate::lang::Lang;
use crate::model::Item;
use crate::store::fold;

struct Contact {
    name: String,
    roles: Vec<String>,
    details: Vec<(String, String)>,
}

/// The two groups (trusted persons, others) of the included items.
pub(super) fn groups(items: &[&Item], people: &People, lang: Lang) -> Value {
    let catalogue = Catalogue::builtin();
    let mut trusted = Vec::new();
    let mut others: BTreeMap<String, Contact> = BTreeMap::new();
    for item in items {
        let Some(ty) = catalogue.item_type(&item.section, &item.item_type) else {
            continue;
        };
        let section = catalogue
            .section(&item.section)
            .map_or(item.section.as_str(), |s| s.label.get(lang));
        let reach: Vec<(String, String)> = ty
            .fields
            .iter()
            .filter(|f| matches!(f.kind, FieldKind::Phone | FieldKind::Email))
            .filter_map(|f| {
                let value = item.fields.get(&f.id)?;
                Some((
                    f.label.get(lang).to_owned(),
                    display(f, value, people, lang),
                ))
            })
            .collect();
        if item.section == "trusted_persons" && item.item_type == "person" {
            let mut details: Vec<(String, String)> = Vec::new();
            for field in &ty.fields {
                if field.id == "name" || field.id == "notes" {
                    continue;
                }
                if let Some(value) = item.fields.get(&field.id) {
                    details.push((
                        field.label.get(lang).to_owned(),
                        display(field, value, people, lang),
                    ));
                }
            }
            trusted.push(Contact {
                name: super::item_title_in(item, lang),
                roles: Vec::new(),
                details,
            });
            continue;
        }
        for field in ty.fields.iter().filter(|f| f.contact) {
            let Some(value) = item.fields.get(&field.id) else {
                continue;
            };
            let name = display(field, value, people, lang);
            let role = format!(
                "{} — {} ({section})",
                field.label.get(lang),
                ty.label.get(lang)
            );
            let entry = others.entry(fold(&name)).or_insert_with(|| Contact {
                name: name.clone(),
                roles: Vec::new(),
                details: Vec::new(),
            });
            if !entry.roles.contains(&role) {
                entry.roles.push(role);
            }
            for detail in &reach {
                if !entry.details.contains(detail) {
                    entry.details.push(detail.clone());
                }
            }
        }
    }
    json!([
        {
            "title": lang.pick("Vertrouwenspersonen en adviseurs", "Trusted persons and advisers"),
            "contacts": trusted.iter().map(contact_json).collect::<Vec<_>>(),
        },
        {
            "title": lang.pick("Andere personen en organisaties", "Other people and organisations"),
            "contacts": others.values().map(contact_json).collect::<Vec<_>>(),
        },
    ])
}

fn contact_json(contact: &Contact) -> Value {
    json!({
        "name": contact.name,
        "roles": contact.roles,
        "details": contact.details.iter()
            .map(|(label, value)| json!({ "label": label, "value": value }))
            .collect::<Vec<_>>(),
    })
}
