//! The life-event checklist: after a move, a marriage, a birth… which sections to look
//! at again. Data, in `assets/life_events.json`.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::catalogue::{Catalogue, Label};

/// A life event and the sections it asks the owner to review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct LifeEvent {
    /// Stable id, e.g. `moved`.
    pub id: String,
    /// What happened, in both languages.
    pub label: Label,
    /// Section ids to review, in order.
    pub sections: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LifeEventsFile {
    version: u32,
    events: Vec<LifeEvent>,
}

static BUILTIN: LazyLock<Vec<LifeEvent>> = LazyLock::new(|| {
    parse(
        include_str!("../../../../assets/life_events.json"),
        Catalogue::builtin(),
    )
    .expect("assets/life_events.json is checked by a unit test")
});

/// The built-in checklist.
pub fn life_events() -> &'static [LifeEvent] {
    &BUILTIN
}

fn parse(text: &str, catalogue: &Catalogue) -> Result<Vec<LifeEvent>, String> {
    let file: LifeEventsFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if file.version != 1 {
        return Err(format!("unknown version {}", file.version));
    }
    for event in &file.events {
        if event.label.nl.trim().is_empty() || event.label.en.trim().is_empty() {
            return Err(format!("life event '{}' lacks a label", event.id));
        }
        if let Some(unknown) = event
            .sections
            .iter()
            .find(|s| catalogue.section(s).is_none())
        {
            return Err(format!(
                "life event '{}' names unknown section '{unknown}'",
                event.id
            ));
        }
    }
    Ok(file.events)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_checklist_is_valid_and_complete() {
        let text = include_str!("../../../../assets/life_events.json");
        let events = parse(text, Catalogue::builtin()).unwrap();
        let ids: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "moved",
                "partner",
                "child_born",
                "new_job",
                "retired",
                "death_in_family",
                "new_insurance_or_bank"
            ]
        );
        assert_eq!(life_events().len(), 7);
    }

    #[test]
    fn unknown_sections_are_refused() {
        let text = r#"{"version":1,"events":[{"id":"x","label":{"nl":"a","en":"b"},"sections":["garden"]}]}"#;
        assert!(
            parse(text, Catalogue::builtin())
                .unwrap_err()
                .contains("garden")
        );
    }
}
