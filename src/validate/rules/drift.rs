//! DRIFT_* — what changed in the current describe for each mapped field since the config was
//! exported (its `fieldSnapshot`). A saved config never silently loses rows: rows stay, findings
//! say what to fix.

use crate::describe::FieldType;
use crate::diagnostic::Diagnostic;
use crate::drift::{compare, Change};
use crate::validate::Ctx;

/// Runs the rule.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(snapshot) = &ctx.config.field_snapshot else {
        return;
    };
    // The snapshot holds the describe's spelling; rows may differ in letter case. Indexed
    // once by object and field in lower case (the first spelling wins).
    let mut by_name: crate::text::FastMap<(String, String), (&str, &crate::config::FieldSnapshot)> =
        crate::text::FastMap::default();
    for (o, fields) in snapshot {
        for (n, snap) in fields {
            by_name
                .entry((o.to_ascii_lowercase(), n.to_ascii_lowercase()))
                .or_insert((n.as_str(), snap));
        }
    }
    for r in &ctx.rows {
        let Some(object) = r.object else { continue };
        let Some(&(snap_name, old)) = by_name.get(&(
            object.name.to_ascii_lowercase(),
            r.row.target.to_ascii_lowercase(),
        )) else {
            continue;
        };
        let now = r
            .field
            .or_else(|| object.field_ci(snap_name))
            .filter(|f| f.name.eq_ignore_ascii_case(snap_name));
        for change in compare(old, now) {
            // Only values the row sends matter: its value map, its fallback or static value,
            // and the options of its choice source (sent as they are when not mapped).
            let change = match change {
                Change::ValuesDeactivated(gone) => {
                    let relied: std::collections::HashSet<String> = relied_values(r)
                        .iter()
                        .map(|x| x.to_ascii_lowercase())
                        .collect();
                    let gone: Vec<String> = gone
                        .into_iter()
                        .filter(|v| relied.contains(&v.to_ascii_lowercase()))
                        .collect();
                    if gone.is_empty() {
                        continue;
                    }
                    Change::ValuesDeactivated(gone)
                }
                // A shorter picklist matters only to free text: list values are checked as
                // values (a choice's options, a value map, a fallback).
                Change::LengthShrunk(..)
                    if now.is_some_and(|f| {
                        matches!(f.field_type, FieldType::Picklist | FieldType::Multipicklist)
                    }) && (r.row.source.is_none()
                        || r.source.is_some_and(|s| !s.options.is_empty())) =>
                {
                    continue;
                }
                other => other,
            };
            let code = change.code();
            let help = if code == "DRIFT_FIELD_DELETED" {
                "remove the row, or map the OnceHub field to another Salesforce field, then export the configuration again"
            } else {
                "review the row against the current Salesforce field, then export the configuration again"
            };
            let mut d = r.diag(
                code,
                "target",
                change.describe(&object.name, snap_name),
                help.to_string(),
            );
            // A type change the row's OnceHub field still fits (text → long text, a whole
            // number → a decimal one) needs a look, not a fix.
            if code == "DRIFT_TYPE_CHANGED"
                && r.source
                    .zip(now)
                    .is_some_and(|(s, f)| crate::compat::grade(s, f).is_some())
            {
                d = d
                    .severity(crate::diagnostic::Severity::Warning)
                    .prevents(None);
                d.message
                    .push_str("; the OnceHub field still fits the new type");
            }
            // An unrestricted picklist still takes a deactivated value.
            if code == "DRIFT_PICKLIST_VALUE_DEACTIVATED"
                && !now.is_some_and(|f| f.restricted_picklist)
            {
                d = d.prevents(None);
            }
            out.push(d);
        }
    }
}

/// The picklist values a row can send.
fn relied_values(r: &crate::validate::RowCtx<'_>) -> Vec<String> {
    crate::drift::sent_values(r.row, r.source)
}

#[cfg(test)]
mod tests {
    use crate::config::MappingConfig;
    use crate::validate::test_support::*;

    /// Exports `c` against the sample org, edits the sample Lead describe with `edit`, loads
    /// it into a copy of the engine and validates the exported configuration there.
    fn drifted(
        c: &MappingConfig,
        edit: impl Fn(&mut serde_json::Value),
    ) -> (crate::validate::Report, crate::engine::LoadSummary) {
        let e = sample_engine();
        let saved = MappingConfig::parse(&e.export_config(c).unwrap()).unwrap();
        let mut lead: serde_json::Value =
            serde_json::from_str(include_str!("../../../www/sample-org/Lead.json")).unwrap();
        for f in lead["fields"].as_array_mut().unwrap().iter_mut() {
            edit(f);
        }
        let mut e2 = e.clone();
        let summary = e2.load_describe(&lead.to_string()).unwrap();
        (e2.validate(&saved), summary)
    }

    #[test]
    fn a_shrunk_and_deleted_field_are_reported_and_rows_kept() {
        let e = sample_engine();
        let c = MappingConfig::default_config();
        let saved = MappingConfig::parse(&e.export_config(&c).unwrap()).unwrap();
        // A newer describe: Title shrank to 40, MobilePhone deleted.
        let mut lead: serde_json::Value =
            serde_json::from_str(include_str!("../../../www/sample-org/Lead.json")).unwrap();
        let fields = lead["fields"].as_array_mut().unwrap();
        fields.retain(|f| f["name"] != "MobilePhone");
        for f in fields.iter_mut() {
            if f["name"] == "Title" {
                f["length"] = serde_json::json!(40);
            }
        }
        let mut e2 = e.clone();
        let summary = e2.load_describe(&lead.to_string()).unwrap();
        assert!(summary.replaced);
        assert!(summary.warnings.iter().any(|w| w.contains("MobilePhone")));
        let r = e2.validate(&saved);
        let codes: Vec<_> = r.diagnostics.iter().map(|d| d.code).collect();
        assert!(codes.contains(&"DRIFT_FIELD_DELETED"), "{codes:?}");
        assert!(codes.contains(&"DRIFT_LENGTH_SHRUNK"), "{codes:?}");
        assert_eq!(saved.mappings.leads.len(), c.mappings.leads.len());
        // One finding for the deleted field, not also UNKNOWN_TARGET_FIELD.
        assert!(!codes.contains(&"UNKNOWN_TARGET_FIELD"), "{codes:?}");
    }

    #[test]
    fn rows_in_another_letter_case_and_emptied_picklists_are_compared() {
        let mut c = MappingConfig::default_config();
        for r in &mut c.mappings.leads {
            if r.target == "Title" {
                r.target = "title".to_string();
            }
        }
        c.mappings
            .leads
            .push(crate::config::Row::fixed("LeadSource", "Web", true));
        let (r, _) = drifted(&c, |f| {
            if f["name"] == "Title" {
                f["length"] = serde_json::json!(40);
            }
            if f["name"] == "LeadSource" {
                f["picklistValues"] = serde_json::json!([]);
            }
        });
        let codes: Vec<_> = r.diagnostics.iter().map(|d| d.code).collect();
        assert!(codes.contains(&"DRIFT_LENGTH_SHRUNK"), "{codes:?}");
        let gone = r
            .diagnostics
            .iter()
            .find(|d| d.code == "DRIFT_PICKLIST_VALUE_DEACTIVATED")
            .unwrap_or_else(|| panic!("{codes:?}"));
        // LeadSource is not restricted: Salesforce still takes the value.
        assert_eq!(gone.prevents, None);
    }

    #[test]
    fn only_drift_that_changes_what_is_sent_is_reported() {
        let mut c = MappingConfig::default_config();
        // Free text into a picklist relies on no value (but on its length); a fixed value does.
        c.mappings
            .leads
            .push(crate::config::Row::map("job_title", "Industry", true));
        c.mappings
            .leads
            .push(crate::config::Row::fixed("LeadSource", "Web", true));
        let (r, _) = drifted(&c, |f| {
            match f["name"].as_str() {
                // Every Industry value but the first gone, and a shorter list length.
                Some("Industry") => {
                    let keep = f["picklistValues"][0].clone();
                    f["picklistValues"] = serde_json::json!([keep]);
                    f["length"] = serde_json::json!(10);
                }
                Some("LeadSource") => f["picklistValues"] = serde_json::json!([]),
                // Title: string → textarea, which a job title still fits.
                Some("Title") => f["type"] = serde_json::json!("textarea"),
                _ => {}
            }
        });
        let found: Vec<(&str, &str)> = r
            .diagnostics
            .iter()
            .filter(|d| d.code.starts_with("DRIFT_"))
            .map(|d| (d.code, d.path.as_str()))
            .collect();
        // Industry relies on no value, but free text is refused past the shorter length.
        let industry = format!("/{}/target", c.mappings.leads.len() - 2);
        let on_industry: Vec<&str> = found
            .iter()
            .filter(|(_, p)| p.ends_with(&industry))
            .map(|(code, _)| *code)
            .collect();
        assert_eq!(on_industry, ["DRIFT_LENGTH_SHRUNK"], "{found:?}");
        assert!(
            found
                .iter()
                .any(|(code, _)| *code == "DRIFT_PICKLIST_VALUE_DEACTIVATED"),
            "{found:?}"
        );
        let title = r
            .diagnostics
            .iter()
            .find(|d| d.code == "DRIFT_TYPE_CHANGED")
            .unwrap_or_else(|| panic!("{found:?}"));
        assert_eq!(title.severity, crate::diagnostic::Severity::Warning);
        // The only shorter length is Industry's.
        assert_eq!(
            found
                .iter()
                .filter(|(code, _)| *code == "DRIFT_LENGTH_SHRUNK")
                .count(),
            1,
            "{found:?}"
        );
    }

    #[test]
    fn a_requirement_the_old_describe_did_not_state_is_not_drift() {
        let mut reduced = crate::engine::Engine::new();
        reduced
            .load_describe(include_str!("../../../tests/data/reduced-describe.json"))
            .unwrap();
        let saved = MappingConfig::parse(
            &reduced
                .export_config(&MappingConfig::default_config())
                .unwrap(),
        )
        .unwrap();
        let full = sample_engine();
        let r = full.validate(&saved);
        assert!(
            !r.diagnostics
                .iter()
                .any(|d| d.code == "DRIFT_BECAME_REQUIRED"),
            "{:#?}",
            r.diagnostics
        );
        // Replacing the reduced describe with a full one warns of no new requirement either.
        let summary = reduced
            .load_describe(include_str!("../../../www/sample-org/Lead.json"))
            .unwrap();
        assert!(
            !summary
                .warnings
                .iter()
                .any(|w| w.contains("became required")),
            "{:?}",
            summary.warnings
        );
    }
}
