//! Required fields: what a create needs a value for, from the describe (schema) and from object
//! rules the describe cannot show (Event timing).

use crate::config::Tab;
use crate::describe::{Fact, Field, FieldType, SObject};

/// Owner fields default to the running user; reduced describes still show them non-nillable.
const DEFAULTED_BY_SALESFORCE: &[&str] = &["OwnerId"];

/// Meeting fields that every booking payload carries (contact fields can all be empty: a
/// booking's contact is built from its form, and webhooks carry no contact id).
const ALWAYS_PRESENT_MEETING: &[&str] = &[
    "subject",
    "starting_time",
    "end_time",
    "start_date",
    "duration_minutes",
    "status",
    "booking_id",
    "tracking_id",
    "creation_time",
];

/// Can the OnceHub field `source` be empty on a tab's payloads? Then a required field mapped
/// from it needs a fallback.
pub fn source_can_be_empty(tab: Tab, source: &str) -> bool {
    tab.source_kind() == crate::catalogue::SourceKind::Contact
        || !ALWAYS_PRESENT_MEETING.contains(&source)
}

/// Is the field required on create by the describe rule
/// `createable && !nillable && !defaultedOnCreate` (booleans never)?
/// `Some(true)`: certain. `Some(false)`: likely, but the describe lacks facts. `None`: not required.
pub fn schema_required(field: &Field) -> Option<bool> {
    if field.field_type == FieldType::Boolean || field.field_type == FieldType::Id {
        return None;
    }
    if field.calculated || field.auto_number {
        return None;
    }
    if field.nillable != Some(false) {
        return None;
    }
    match (field.createable, field.defaulted_on_create) {
        (Some(true), Some(false)) => Some(true),
        (Some(false), _) | (_, Some(true)) => None,
        _ => {
            // Reduced describe: non-nillable, write facts unknown. A static default (or a
            // default picklist entry) means Salesforce fills it, as `defaultedOnCreate` would say.
            let has_default = field.default_value.is_some()
                || field
                    .picklist_values
                    .iter()
                    .any(|v| v.default_value && v.active);
            if field.is_system_field_of_reduced_describe()
                || DEFAULTED_BY_SALESFORCE
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(&field.name))
                || has_default
                || matches!(field.field_type, FieldType::Address | FieldType::Location)
            {
                None
            } else {
                Some(false)
            }
        }
    }
}

/// One required field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// API name.
    pub name: String,
    /// Schema or rule.
    pub basis: Basis,
    /// Rule text for rule-based entries.
    pub rule: Option<String>,
    /// Fields that satisfy the same rule.
    pub alternatives: Vec<String>,
    /// False when the describe lacks facts.
    pub certain: bool,
    /// Missing facts.
    pub unknown_facts: Vec<Fact>,
}

impl Requirement {
    /// Is the requirement met by a record (or a mapping) where `present(field)` says which
    /// fields get a value, and `all_day` says whether the Event is all-day? An all-day Event
    /// needs no duration or end, and its date may come from `ActivityDate` alone.
    pub fn met_by(&self, present: &dyn Fn(&str) -> bool, all_day: bool) -> bool {
        if present(&self.name) || self.alternatives.iter().any(|a| present(a)) {
            return true;
        }
        if self.basis != Basis::Rule || !all_day {
            return false;
        }
        match self.rule.as_deref() {
            Some(EVENT_DURATION_RULE) => true,
            Some(EVENT_START_RULE) => present("ActivityDate"),
            _ => false,
        }
    }
}

/// Why a field is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The describe says so.
    Schema,
    /// An object rule says so.
    Rule,
}

/// Rule text for the Event timing rule.
pub const EVENT_DURATION_RULE: &str = "an Event that is not all-day needs DurationInMinutes or EndDateTime (REQUIRED_FIELD_MISSING otherwise)";
/// Rule text for the Event start rule.
pub const EVENT_START_RULE: &str =
    "an Event needs its start: StartDateTime or ActivityDateTime, or ActivityDate when it is all-day (REQUIRED_FIELD_MISSING otherwise)";

/// Names of the fields [`requirements`] lists, for "is this field required?" in field lists.
pub struct RequiredNames(Vec<String>);

impl RequiredNames {
    /// The required fields of `object`, by the describe or an object rule.
    pub fn of(object: &SObject) -> RequiredNames {
        RequiredNames(requirements(object).into_iter().map(|r| r.name).collect())
    }

    /// Is the field named `name` (any letter case) required?
    pub fn contains(&self, name: &str) -> bool {
        self.0.iter().any(|r| r.eq_ignore_ascii_case(name))
    }
}

/// Required fields of an object, schema first (describe order), then rules.
pub fn requirements(object: &SObject) -> Vec<Requirement> {
    let mut out: Vec<Requirement> = object
        .fields
        .iter()
        .filter_map(|f| {
            schema_required(f).map(|certain| Requirement {
                name: f.name.clone(),
                basis: Basis::Schema,
                rule: None,
                alternatives: vec![],
                certain,
                unknown_facts: if certain {
                    vec![]
                } else {
                    f.unknown_facts.clone()
                },
            })
        })
        .collect();
    if object.name.eq_ignore_ascii_case("Event") {
        // Each rule names its preferred field and the one that can stand in for it.
        for (preferred, other, rule) in [
            ("StartDateTime", "ActivityDateTime", EVENT_START_RULE),
            ("DurationInMinutes", "EndDateTime", EVENT_DURATION_RULE),
        ] {
            let has = |n: &str| object.field(n).is_some();
            let (name, alt) = match (has(preferred), has(other)) {
                (true, alt) => (preferred, alt.then_some(other)),
                (false, true) => (other, None),
                (false, false) => continue,
            };
            out.push(Requirement {
                name: name.to_string(),
                basis: Basis::Rule,
                rule: Some(rule.to_string()),
                alternatives: alt.map(str::to_string).into_iter().collect(),
                certain: true,
                unknown_facts: vec![],
            });
        }
    }
    out
}
