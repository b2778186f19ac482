//! The facts of the Incident model by name: provenance is keyed by [`Field`], the card and
//! `check` list fields with it, so a misspelt field is a compile error, not a missing fact.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// A fact of [`Incident`](super::Incident) that records where it came from. Serialised as the
/// model's field name (`root_cause`), which is also the front matter key of most of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// `title`.
    Title,
    /// `date`: the day the incident began.
    Date,
    /// `start`.
    Start,
    /// `end`.
    End,
    /// `duration_minutes`.
    DurationMinutes,
    /// `impact_percent`.
    ImpactPercent,
    /// `impact`: the impact in words.
    Impact,
    /// `severity`.
    Severity,
    /// `summary`.
    Summary,
    /// `root_cause`: the cause statement.
    RootCause,
    /// `trigger`.
    Trigger,
    /// `category`: the root-cause category.
    Category,
    /// `components`: the services involved.
    Components,
    /// `tags`.
    Tags,
    /// `authors`.
    Authors,
    /// `detection`.
    Detection,
    /// `resolution`.
    Resolution,
    /// `escalation`.
    Escalation,
    /// `status`: the review status.
    Status,
    /// `detected_at`.
    DetectedAt,
    /// `resolved_at`.
    ResolvedAt,
    /// `timeline`.
    Timeline,
    /// `action_items`.
    ActionItems,
}

impl Field {
    /// Every field, in the model's order.
    pub const ALL: [Field; 23] = [
        Field::Title,
        Field::Date,
        Field::Start,
        Field::End,
        Field::DurationMinutes,
        Field::ImpactPercent,
        Field::Impact,
        Field::Severity,
        Field::Summary,
        Field::RootCause,
        Field::Trigger,
        Field::Category,
        Field::Components,
        Field::Tags,
        Field::Authors,
        Field::Detection,
        Field::Resolution,
        Field::Escalation,
        Field::Status,
        Field::DetectedAt,
        Field::ResolvedAt,
        Field::Timeline,
        Field::ActionItems,
    ];

    /// The model's (and JSON's, and templates') name of the field: `root_cause`.
    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Date => "date",
            Field::Start => "start",
            Field::End => "end",
            Field::DurationMinutes => "duration_minutes",
            Field::ImpactPercent => "impact_percent",
            Field::Impact => "impact",
            Field::Severity => "severity",
            Field::Summary => "summary",
            Field::RootCause => "root_cause",
            Field::Trigger => "trigger",
            Field::Category => "category",
            Field::Components => "components",
            Field::Tags => "tags",
            Field::Authors => "authors",
            Field::Detection => "detection",
            Field::Resolution => "resolution",
            Field::Escalation => "escalation",
            Field::Status => "status",
            Field::DetectedAt => "detected_at",
            Field::ResolvedAt => "resolved_at",
            Field::Timeline => "timeline",
            Field::ActionItems => "action_items",
        }
    }
}

impl Field {
    /// The field of a model name (`root_cause`); None for a name that is no such field.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

// Ordered by name, so a map keyed by field serialises in the same order as one keyed by the
// field's name did.
impl Ord for Field {
    fn cmp(&self, other: &Self) -> Ordering {
        self.name().cmp(other.name())
    }
}

impl PartialOrd for Field {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn serialised_names_are_the_model_names() {
        for f in Field::ALL {
            let json = serde_json::to_value(f).unwrap();
            assert_eq!(json, serde_json::Value::String(f.name().into()));
            assert_eq!(serde_json::from_value::<Field>(json).unwrap(), f);
            assert_eq!(Field::from_name(f.name()), Some(f));
        }
    }

    #[test]
    fn maps_keyed_by_field_round_trip_in_name_order() {
        let by_field: BTreeMap<Field, u8> = Field::ALL.iter().map(|f| (*f, 1)).collect();
        let by_name: BTreeMap<&str, u8> = Field::ALL.iter().map(|f| (f.name(), 1)).collect();
        let json = serde_json::to_string(&by_field).unwrap();
        assert_eq!(json, serde_json::to_string(&by_name).unwrap());
        let back: BTreeMap<Field, u8> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, by_field);
    }
}
