//! The register's section and field catalogue: one definition, read from data.
//!
//! The catalogue lives in `assets/catalogue.json` and is used by the UI, the CLI, the
//! reports and the completeness score. This module owns its types, its parsing and its
//! validation; it does not validate field *values* (that is `fields`).
//!
//! # JSON shape
//!
//! ```json
//! { "version": 1,
//!   "sections": [
//!     { "id": "finance",
//!       "label": { "nl": "Bank en geldzaken", "en": "Banking and money" },
//!       "description": { "nl": "…", "en": "…" },
//!       "review_months": 12,
//!       "expected": ["bank_account"],
//!       "item_types": [
//!         { "id": "bank_account",
//!           "label": { "nl": "Bankrekening", "en": "Bank account" },
//!           "title_field": "bank",
//!           "fields": [
//!             { "id": "bank", "label": { … }, "kind": "text", "contact": true },
//!             { "id": "iban", "label": { … }, "kind": "iban", "required": true },
//!             { "id": "joint", "label": { … }, "kind": "yes_no",
//!               "help": { "nl": "…", "en": "…" } },
//!             { "id": "kind", "label": { … }, "kind": "choice",
//!               "options": [ { "id": "savings", "label": { … } } ] } ] } ] } ] }
//! ```
//!
//! `kind` is one of `text`, `multiline`, `date`, `phone`, `email`, `iban`, `money`,
//! `choice`, `yes_no`, `person_ref`; only `choice` takes `options`. `required`,
//! `help` and `contact` are optional (default false / none / false). Unknown keys are
//! refused, so a typo in the data is an error rather than a silently ignored setting.
//! Serialising a [`Catalogue`] gives the same shape (without `version`).

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// The only catalogue format version this program reads.
const FORMAT_VERSION: u32 = 1;

/// A text in both languages.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    /// Dutch.
    pub nl: String,
    /// English.
    pub en: String,
}

impl Label {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.nl, &self.en)
    }

    fn is_complete(&self) -> bool {
        !self.nl.trim().is_empty() && !self.en.trim().is_empty()
    }
}

/// The whole catalogue: the register's sections in display order.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct Catalogue {
    sections: Vec<Section>,
}

/// One section of the register, e.g. banking and money.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable slug, e.g. `finance`.
    pub id: String,
    /// Name shown to the user.
    pub label: Label,
    /// One line saying what belongs here.
    pub description: Label,
    /// The kinds of entries this section holds; always includes `note`.
    pub item_types: Vec<ItemType>,
    /// How many months after a review the section is due again (1..=60).
    pub review_months: u32,
    /// Item type ids a complete section has at least one item of (may be empty).
    #[serde(default)]
    pub expected: Vec<String>,
}

/// A kind of entry within a section, e.g. a bank account.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemType {
    /// Id, unique within its section, e.g. `bank_account`.
    pub id: String,
    /// Name shown to the user.
    pub label: Label,
    /// The field that names an item in a list; one of `fields`.
    pub title_field: String,
    /// The fields, in display order.
    pub fields: Vec<Field>,
}

impl ItemType {
    /// The field with this id.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|field| field.id == id)
    }
}

/// One typed field of an item type.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawField")]
pub struct Field {
    /// Id, unique within its item type, e.g. `iban`.
    pub id: String,
    /// Name shown to the user.
    pub label: Label,
    /// What the value is; decides validation and display.
    #[serde(flatten)]
    pub kind: FieldKind,
    /// The item cannot be saved with this field empty.
    pub required: bool,
    /// An explanation shown with the field.
    pub help: Option<Label>,
    /// The value names a person or organisation (for the contacts report).
    pub contact: bool,
}

/// What kind of value a field holds.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Several lines of text.
    Multiline,
    /// A calendar date, stored `YYYY-MM-DD`.
    Date,
    /// A phone number.
    Phone,
    /// An e-mail address.
    Email,
    /// A bank account number, checked with mod-97.
    Iban,
    /// An amount of money, stored `EUR 1234.56`.
    Money,
    /// One of a fixed list of options, stored as the option id.
    Choice {
        /// The options, in display order.
        options: Vec<Choice>,
    },
    /// Yes or no, stored `yes` / `no`.
    YesNo,
    /// The id of an item in `trusted_persons`.
    PersonRef,
}

impl FieldKind {
    /// The snake_case name used in the catalogue JSON.
    pub fn name(&self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Multiline => "multiline",
            FieldKind::Date => "date",
            FieldKind::Phone => "phone",
            FieldKind::Email => "email",
            FieldKind::Iban => "iban",
            FieldKind::Money => "money",
            FieldKind::Choice { .. } => "choice",
            FieldKind::YesNo => "yes_no",
            FieldKind::PersonRef => "person_ref",
        }
    }
}

/// One option of a choice field.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Stored value, e.g. `cremation`.
    pub id: String,
    /// Name shown to the user.
    pub label: Label,
}

/// Why a catalogue was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogueError {
    /// Not valid JSON, or not the catalogue's shape.
    #[error("catalogue JSON, line {line} column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// A format version this program does not know.
    #[error("catalogue format version {0} is not supported (expected {FORMAT_VERSION})")]
    Version(u32),
    /// The catalogue has no sections.
    #[error("the catalogue has no sections")]
    NoSections,
    /// An id that is not lowercase snake_case ASCII.
    #[error("{at}: id '{id}' is not lowercase snake_case (a-z, 0-9, _)")]
    BadId {
        /// Where it occurs.
        at: String,
        /// The id.
        id: String,
    },
    /// Two things with the same id at one level.
    #[error("{at}: duplicate id '{id}'")]
    Duplicate {
        /// Where (the parent of the duplicates).
        at: String,
        /// The repeated id.
        id: String,
    },
    /// A label or description with an empty Dutch or English text.
    #[error("{at}: {what} must be filled in both Dutch and English")]
    EmptyLabel {
        /// Where it occurs.
        at: String,
        /// `label`, `description` or `help`.
        what: &'static str,
    },
    /// `review_months` outside 1..=60.
    #[error("{section}: review_months {months} is outside 1..=60")]
    ReviewMonths {
        /// Section id.
        section: String,
        /// The value given.
        months: u32,
    },
    /// An item type without fields.
    #[error("{at}: item type has no fields")]
    NoFields {
        /// Where.
        at: String,
    },
    /// `title_field` names no field of the type.
    #[error("{at}: title_field '{title_field}' is not one of its fields")]
    TitleFieldMissing {
        /// The item type.
        at: String,
        /// The missing field id.
        title_field: String,
    },
    /// A choice field with no options.
    #[error("{at}: a choice field needs at least one option")]
    ChoiceWithoutOptions {
        /// The field.
        at: String,
    },
    /// `expected` names an item type the section does not have.
    #[error("{section}: expected item type '{item_type}' does not exist in the section")]
    UnknownExpected {
        /// Section id.
        section: String,
        /// The unknown type id.
        item_type: String,
    },
    /// A section without the `note` item type every section has.
    #[error("{section}: every section needs an item type 'note'")]
    MissingNote {
        /// Section id.
        section: String,
    },
    /// A `note` type that is not exactly `title` (required text) and `text` (multiline).
    #[error(
        "{section}: item type 'note' must have exactly the fields 'title' (required text) and 'text' (multiline)"
    )]
    BadNote {
        /// Section id.
        section: String,
    },
}

static BUILTIN: LazyLock<Catalogue> = LazyLock::new(|| {
    #[allow(clippy::expect_used)] // the text is compiled in; a unit test proves it valid
    Catalogue::from_json(include_str!("../../../../assets/catalogue.json"))
        .expect("the built-in assets/catalogue.json is invalid")
});

impl Catalogue {
    /// The catalogue shipped with the program, parsed on first use.
    pub fn builtin() -> &'static Catalogue {
        &BUILTIN
    }

    /// Parses and validates a catalogue.
    pub fn from_json(text: &str) -> Result<Catalogue, CatalogueError> {
        let file: CatalogueFile = serde_json::from_str(text).map_err(|e| CatalogueError::Json {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        if file.version != FORMAT_VERSION {
            return Err(CatalogueError::Version(file.version));
        }
        validate::catalogue(&file.sections)?;
        Ok(Catalogue {
            sections: file.sections,
        })
    }

    /// All sections, in display order.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// The section with this id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|section| section.id == id)
    }

    /// The item type `item_type` of section `section`.
    pub fn item_type(&self, section: &str, item_type: &str) -> Option<&ItemType> {
        self.section(section)?
            .item_types
            .iter()
            .find(|t| t.id == item_type)
    }
}

/// The file as written: a version and the sections.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    version: u32,
    sections: Vec<Section>,
}

/// A field as written, before `kind` and `options` are joined into a [`FieldKind`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    id: String,
    label: Label,
    kind: String,
    #[serde(default)]
    options: Option<Vec<Choice>>,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    help: Option<Label>,
    #[serde(default)]
    contact: bool,
}

impl TryFrom<RawField> for Field {
    type Error = String;

    fn try_from(raw: RawField) -> Result<Field, String> {
        let kind = match (raw.kind.as_str(), raw.options) {
            ("choice", options) => FieldKind::Choice {
                options: options.unwrap_or_default(),
            },
            (_, Some(_)) => {
                return Err(format!(
                    "field '{}': only a choice field takes options",
                    raw.id
                ));
            }
            ("text", None) => FieldKind::Text,
            ("multiline", None) => FieldKind::Multiline,
            ("date", None) => FieldKind::Date,
            ("phone", None) => FieldKind::Phone,
            ("email", None) => FieldKind::Email,
            ("iban", None) => FieldKind::Iban,
            ("money", None) => FieldKind::Money,
            ("yes_no", None) => FieldKind::YesNo,
            ("person_ref", None) => FieldKind::PersonRef,
            (other, None) => {
                return Err(format!("field '{}': unknown kind '{other}'", raw.id));
            }
        };
        Ok(Field {
            id: raw.id,
            label: raw.label,
            kind,
            required: raw.required,
            help: raw.help,
            contact: raw.contact,
        })
    }
}

mod validate;

#[cfg(test)]
mod tests;
