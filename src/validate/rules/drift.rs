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
        let Some(old) = snapshot
            .get(&object.name)
            .and_then(|fields| fields.get(&r.row.target))
        else {
            continue;
        };
        for change in compare(
            old,
            r.field
                .or_else(|| object.field_ci(&r.row.target))
                .filter(|f| f.name == r.row.target),
        ) {
            let code = match change {
                Change::Deleted => "DRIFT_FIELD_DELETED",
                Change::TypeChanged(..) => "DRIFT_TYPE_CHANGED",
                Change::LengthShrunk(..) => "DRIFT_LENGTH_SHRUNK",
                Change::ValuesDeactivated(..) => "DRIFT_PICKLIST_VALUE_DEACTIVATED",
                Change::BecameRequired => "DRIFT_BECAME_REQUIRED",
            };
            out.push(r.diag(
                code,
                "target",
                change.describe(&object.name, &r.row.target),
                "review the row against the current Salesforce field, then export the configuration again".to_string(),
            ));
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
    }
}
