//! DRIFT_* — what changed in the current describe for each mapped field since the config was
//! exported (its `fieldSnapshot`). A saved config never silently loses rows: rows stay, findings
//! say what to fix.

use crate::diagnostic::Diagnostic;
use crate::drift::{compare, Change};
use crate::validate::Ctx;

/// Runs the rule.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(snapshot) = &ctx.config.field_snapshot else {
        return;
    };
    for r in &ctx.rows {
        let Some(object) = r.object else { continue };
        // The snapshot holds the describe's spelling; rows may differ in letter case.
        let Some((snap_name, old)) = snapshot
            .iter()
            .find(|(o, _)| o.eq_ignore_ascii_case(&object.name))
            .and_then(|(_, fields)| {
                fields
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(&r.row.target))
            })
        else {
            continue;
        };
        let now = r
            .field
            .or_else(|| object.field_ci(snap_name))
            .filter(|f| f.name.eq_ignore_ascii_case(snap_name));
        for change in compare(old, now) {
            let code = match change {
                Change::Deleted => "DRIFT_FIELD_DELETED",
                Change::TypeChanged(..) => "DRIFT_TYPE_CHANGED",
                Change::LengthShrunk(..) => "DRIFT_LENGTH_SHRUNK",
                Change::ValuesDeactivated(..) => "DRIFT_PICKLIST_VALUE_DEACTIVATED",
                Change::BecameRequired => "DRIFT_BECAME_REQUIRED",
            };
            let mut d = r.diag(
                code,
                "target",
                change.describe(&object.name, snap_name),
                "review the row against the current Salesforce field, then export the configuration again".to_string(),
            );
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

#[cfg(test)]
mod tests {
    use crate::config::MappingConfig;
    use crate::validate::test_support::*;

    #[test]
    fn a_shrunk_and_deleted_field_are_reported_and_rows_kept() {
        let e = sample_engine();
        let c = MappingConfig::default_config();
        let saved = MappingConfig::parse(&e.export_config(&c)).unwrap();
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
        let e = sample_engine();
        let mut c = MappingConfig::default_config();
        for r in &mut c.mappings.leads {
            if r.target == "Title" {
                r.target = "title".to_string();
            }
        }
        c.mappings
            .leads
            .push(crate::config::Row::fixed("LeadSource", "Web", true));
        let saved = MappingConfig::parse(&e.export_config(&c)).unwrap();
        let mut lead: serde_json::Value =
            serde_json::from_str(include_str!("../../../www/sample-org/Lead.json")).unwrap();
        for f in lead["fields"].as_array_mut().unwrap().iter_mut() {
            if f["name"] == "Title" {
                f["length"] = serde_json::json!(40);
            }
            if f["name"] == "LeadSource" {
                f["picklistValues"] = serde_json::json!([]);
            }
        }
        let mut e2 = e.clone();
        e2.load_describe(&lead.to_string()).unwrap();
        let r = e2.validate(&saved);
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
}
