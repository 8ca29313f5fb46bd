//! How items, sections and statuses are printed: plain text for people, JSON for scripts.

use std::fmt::Write as _;

use levensregister_core::{
    Catalogue, Item, Lang, SectionStatus, Visibility, display_value, item_title_in,
};

/// Items as a JSON array (the exchange format's item objects).
pub fn items_json(items: &[Item]) -> String {
    serde_json::to_string_pretty(items).unwrap_or_else(|_| "[]".into())
}

/// One line per item: id, section, type and title.
pub fn items_text(items: &[Item], lang: Lang) -> String {
    let catalogue = Catalogue::builtin();
    let mut out = String::new();
    for item in items {
        let section = catalogue
            .section(&item.section)
            .map_or(item.section.as_str(), |s| s.label.get(lang));
        let kind = catalogue
            .item_type(&item.section, &item.item_type)
            .map_or(item.item_type.as_str(), |t| t.label.get(lang));
        let _ = writeln!(
            out,
            "{}  {section} / {kind}: {}",
            item.id,
            item_title_in(item, lang)
        );
    }
    if items.is_empty() {
        out.push_str(lang.pick("(geen gegevens)\n", "(no items)\n"));
    }
    out
}

/// One item with every field, labelled in `lang`.
pub fn item_text(item: &Item, lang: Lang) -> String {
    let catalogue = Catalogue::builtin();
    let section = catalogue.section(&item.section);
    let item_type = catalogue.item_type(&item.section, &item.item_type);
    let mut out = String::new();
    let row = |out: &mut String, label: &str, value: &str| {
        let _ = writeln!(out, "{label:<14} {value}");
    };
    row(&mut out, "Id:", &item.id);
    row(
        &mut out,
        lang.pick("Rubriek:", "Section:"),
        section.map_or(&item.section, |s| s.label.get(lang)),
    );
    row(
        &mut out,
        lang.pick("Soort:", "Type:"),
        item_type.map_or(&item.item_type, |t| t.label.get(lang)),
    );
    row(
        &mut out,
        lang.pick("Zichtbaar:", "Visible:"),
        visibility_label(item.visibility, lang),
    );
    row(&mut out, lang.pick("Gemaakt:", "Created:"), &item.created);
    row(&mut out, lang.pick("Gewijzigd:", "Changed:"), &item.changed);
    out.push('\n');
    for (field_id, value) in &item.fields {
        let field = item_type.and_then(|t| t.field(field_id));
        let label = field.map_or(field_id.as_str(), |f| f.label.get(lang));
        let shown = field.map_or_else(|| value.clone(), |f| display_value(f, value, lang));
        let mut lines = shown.lines();
        let _ = writeln!(out, "  {label}: {}", lines.next().unwrap_or(""));
        for more in lines {
            let _ = writeln!(out, "    {more}");
        }
    }
    out
}

/// Who may see an item, in words.
pub fn visibility_label(visibility: Visibility, lang: Lang) -> &'static str {
    match visibility {
        Visibility::Now => lang.pick("nu", "now"),
        Visibility::Incapacity => lang.pick("bij wilsonbekwaamheid", "on incapacity"),
        Visibility::Death => lang.pick("na overlijden", "after death"),
    }
}

/// The catalogue: sections, their item types and fields.
pub fn sections_text(lang: Lang) -> String {
    let mut out = String::new();
    for section in Catalogue::builtin().sections() {
        let _ = writeln!(out, "{}  {}", section.id, section.label.get(lang));
        for item_type in &section.item_types {
            let fields: Vec<String> = item_type
                .fields
                .iter()
                .map(|f| format!("{}{}", f.id, if f.required { "*" } else { "" }))
                .collect();
            let _ = writeln!(
                out,
                "    {}  ({}): {}",
                item_type.id,
                item_type.label.get(lang),
                fields.join(", ")
            );
        }
    }
    out
}

/// Completeness and reviews per section.
pub fn statuses_text(statuses: &[SectionStatus], lang: Lang) -> String {
    let catalogue = Catalogue::builtin();
    let mut out = String::new();
    for status in statuses {
        let label = catalogue
            .section(&status.section)
            .map_or(status.section.as_str(), |s| s.label.get(lang));
        let due = if status.review_due {
            lang.pick("  — nakijken!", "  — review due!")
        } else {
            ""
        };
        let reviewed = status.last_reviewed.as_deref().unwrap_or("-");
        let _ = writeln!(
            out,
            "{label:<40} {:>3}%  {:>4} {}  {} {reviewed}{due}",
            status.completeness,
            status.items,
            lang.pick("gegevens", "items"),
            lang.pick("nagekeken", "reviewed"),
        );
    }
    out
}
