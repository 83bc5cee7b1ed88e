//! Schema drift: what changed for mapped fields between the describe a configuration was made
//! against (its `fieldSnapshot`, or a previously loaded describe) and the current one.

use crate::config::FieldSnapshot;
use crate::describe::{Field, SObject};
use crate::diagnostic::{Diagnostic, Severity};
use crate::required::schema_required;

/// Snapshot of a field for a config.
pub fn snapshot(field: &Field) -> FieldSnapshot {
    FieldSnapshot {
        field_type: field.raw_type.to_ascii_lowercase(),
        // Also a picklist's: free text sent into it is refused past it (a v42 describe says 40
        // where v59 says 255 for the same list). Validate reports a shorter picklist only for rows
        // that send free text.
        length: field.length.filter(|_| field.field_type.is_text()),
        // Unknown (`None`) when a reduced describe cannot tell.
        required: match schema_required(field) {
            Some(true) => Some(true),
            Some(false) => None,
            None => Some(false),
        },
        picklist_values: field.active_values().map(|v| v.value.clone()).collect(),
    }
}

/// One change of a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The field is gone.
    Deleted,
    /// Type changed from → to.
    TypeChanged(String, String),
    /// Length shrank from → to.
    LengthShrunk(u32, u32),
    /// Picklist values no longer active.
    ValuesDeactivated(Vec<String>),
    /// Became required on create.
    BecameRequired,
}

impl Change {
    /// The finding code of the change.
    pub fn code(&self) -> &'static str {
        match self {
            Change::Deleted => "DRIFT_FIELD_DELETED",
            Change::TypeChanged(..) => "DRIFT_TYPE_CHANGED",
            Change::LengthShrunk(..) => "DRIFT_LENGTH_SHRUNK",
            Change::ValuesDeactivated(..) => "DRIFT_PICKLIST_VALUE_DEACTIVATED",
            Change::BecameRequired => "DRIFT_BECAME_REQUIRED",
        }
    }

    /// Words for the change.
    pub fn describe(&self, object: &str, field: &str) -> String {
        match self {
            Change::Deleted => format!("`{object}.{field}` no longer exists in the describe"),
            Change::TypeChanged(a, b) => {
                format!("`{object}.{field}` changed type from `{a}` to `{b}`")
            }
            Change::LengthShrunk(a, b) => {
                format!("`{object}.{field}` shrank from {a} to {b} characters")
            }
            Change::ValuesDeactivated(v) => format!(
                "`{object}.{field}` no longer has the active picklist values `{}`",
                v.join("`, `")
            ),
            Change::BecameRequired => format!("`{object}.{field}` became required on create"),
        }
    }
}

/// The picklist values a row sends: its value map's values, its fallback or static value (each
/// entry of a multi-select one), and its choice source's options. Drift findings judge these.
pub fn sent_values(
    row: &crate::config::Row,
    source: Option<&crate::catalogue::SourceField>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(map) = &row.value_map {
        out.extend(map.values().cloned());
    }
    if let Some(fallback) = &row.fallback {
        out.extend(
            fallback
                .as_text()
                .split(';')
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty()),
        );
    }
    if let Some(source) = source {
        out.extend(source.options.iter().cloned());
    }
    out
}

/// Changes between a snapshot and the current field (`None` = deleted).
pub fn compare(old: &FieldSnapshot, new: Option<&Field>) -> Vec<Change> {
    let Some(new) = new else {
        return vec![Change::Deleted];
    };
    let mut out = Vec::new();
    let now = snapshot(new);
    if now.field_type != old.field_type {
        out.push(Change::TypeChanged(
            old.field_type.clone(),
            now.field_type.clone(),
        ));
    }
    if let (Some(a), Some(b)) = (old.length, now.length) {
        if b < a {
            out.push(Change::LengthShrunk(a, b));
        }
    }
    // Looked up through the field (a long picklist has an index), as written.
    let gone: Vec<String> = old
        .picklist_values
        .iter()
        .filter(|v| {
            !new.value_candidates(v)
                .any(|(_, x)| x.active && x.value == **v)
        })
        .cloned()
        .collect();
    // A picklist that lost every value is still a picklist; a type change is reported above.
    if !gone.is_empty() && now.field_type == old.field_type {
        out.push(Change::ValuesDeactivated(gone));
    }
    // Only from certainly optional to certainly required: a reduced describe does not say.
    if now.required == Some(true) && old.required == Some(false) {
        out.push(Change::BecameRequired);
    }
    out
}

/// Changes of every field of `old` in `new`, as findings (for `loadDescribe` replacing a
/// describe): warnings, since a change matters only to the rows that map the field, which
/// validate names. Each points at the field in the new describe's text (a deleted field at its
/// `fields`). Fields are compared in place; findings are only built for what changed.
pub fn describe_changes(old: &SObject, new: &SObject) -> Vec<Diagnostic> {
    let finding = |change: &Change, name: &str, at: Option<usize>| {
        let help = match change {
            Change::Deleted => "if the field still exists in Salesforce, give the integration's user access to it (field-level security) and load the describe again; otherwise map its rows to another field",
            _ => "validate the configuration: it names the rows this affects",
        };
        let path = match at {
            Some(i) => format!("{}/fields/{i}", new.pointer),
            None => format!("{}/fields", new.pointer),
        };
        Diagnostic::new(change.code(), path, change.describe(&new.name, name), help)
            .severity(Severity::Warning)
    };
    let mut out = Vec::new();
    for f in &old.fields {
        let Some(at) = new
            .position_ci(&f.name)
            .filter(|&i| new.fields.get(i).is_some_and(|n| n.name == f.name))
        else {
            out.push(finding(&Change::Deleted, &f.name, None));
            continue;
        };
        let Some(n) = new.fields.get(at) else {
            continue;
        };
        let unchanged = n.raw_type.eq_ignore_ascii_case(&f.raw_type)
            && !(f.field_type.is_text()
                && matches!((f.length, n.length), (Some(a), Some(b)) if b < a))
            && (schema_required(n) != Some(true) || schema_required(f).is_some())
            && (same_active_values(f, n)
                || f.active_values().all(|v| n.has_active_value(&v.value)));
        if !unchanged {
            out.extend(
                compare(&snapshot(f), Some(n))
                    .iter()
                    .map(|c| finding(c, &f.name, Some(at))),
            );
        }
    }
    out
}

/// Do both fields list the same picklist values, active alike, in the same order? The usual
/// case when a describe is loaded again; it needs no lookup.
fn same_active_values(a: &Field, b: &Field) -> bool {
    a.picklist_values.len() == b.picklist_values.len()
        && a.picklist_values
            .iter()
            .zip(&b.picklist_values)
            .all(|(x, y)| x.active == y.active && x.value == y.value)
}
