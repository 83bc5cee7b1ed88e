//! `TARGET_NOT_WRITABLE` — ids, formulas, auto-numbers, compound fields, references and
//! non-createable fields cannot be mapped.
//!
//! Why: Salesforce rejects such writes with `INVALID_FIELD_FOR_INSERT_UPDATE`.

use crate::compat::{static_blockers, update_blockers, write_blockers};
use crate::diagnostic::Diagnostic;
use crate::validate::Ctx;

/// Runs the rule.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for r in &ctx.rows {
        let (Some(object), Some(field)) = (r.object, r.field) else {
            continue;
        };
        // Contacts under `contactElseLead` are only updated: an update-only field is fine there.
        let updates_only = ctx.updates_only(r.tab);
        let reasons = if r.row.source.is_some() {
            if !crate::compat::blocked_for(field, updates_only) {
                continue;
            }
            if updates_only {
                update_blockers(object, field)
            } else {
                write_blockers(object, field)
            }
        } else if updates_only && !crate::compat::blocked_for(field, true) {
            continue;
        } else {
            static_blockers(object, field)
        };
        if !reasons.is_empty() {
            out.push(r.diag(
                "TARGET_NOT_WRITABLE",
                "target",
                format!(
                    "`{}` cannot be set by the integration: {}",
                    field.name,
                    reasons.join("; ")
                ),
                "map another field, or remove the row".to_string(),
            ));
        }
    }
    link_fields(ctx, out);
}

/// `LINK_FIELD_NOT_WRITABLE`: the link the integration sets itself on every Event (`WhoId`) and
/// on a Case of a Contact (`ContactId`) is missing from the describe or not createable.
fn link_fields(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    use crate::config::{ContactTarget, Tab};
    let contacts = matches!(
        ctx.config.contacts.target,
        ContactTarget::Contact | ContactTarget::ContactElseLead
    );
    // A Cases tab without rows creates no Case (CASES_WITHOUT_ROWS says so): nothing to link.
    let cases = contacts && !ctx.config.mappings.cases.is_empty();
    let links = [
        (Tab::Events, "WhoId", "/meetings/createEvents", true),
        (Tab::Cases, "ContactId", "/meetings/caseCalendars", cases),
    ];
    for (tab, field, path, applies) in links {
        if !applies || !ctx.tab_in_use(tab) {
            continue;
        }
        let Some(object) = ctx.engine.object(tab.object()) else {
            continue;
        };
        if let Some(problem) = crate::value::link_field_problem(object, field) {
            out.push(problem.into_diagnostic(path.to_string()).at(tab, None));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Row;
    use crate::validate::test_support::*;

    #[test]
    fn read_only_and_reference_targets() {
        let codes = codes_after(|c| {
            c.mappings.leads.push(Row::fixed("Name", "Dana", false));
            c.mappings
                .events
                .push(Row::map("booking_id", "WhoId", true));
            // A fixed queue id for new Leads is fine; a fixed WhoId is not.
            c.mappings
                .leads
                .push(Row::fixed("OwnerId", "00G000000000001AAA", false));
            c.mappings
                .events
                .push(Row::fixed("WhoId", "003000000000001AAA", false));
        });
        // Name (compound), WhoId from a source, WhoId static; not the OwnerId queue.
        assert_eq!(
            codes
                .iter()
                .filter(|c| **c == "TARGET_NOT_WRITABLE")
                .count(),
            3,
            "{codes:?}"
        );
        assert!(!codes.contains(&"MALFORMED_ID"), "{codes:?}");
    }

    #[test]
    fn an_update_only_field_is_writable_where_records_are_only_updated() {
        use crate::config::ContactTarget;
        let mut e = sample_engine();
        with_field(
            &mut e,
            "Contact",
            serde_json::json!({
                "name": "Dept__c", "label": "Department", "type": "string", "length": 80,
                "nillable": true, "createable": false, "updateable": true, "defaultedOnCreate": false
            }),
        );
        let writable = |target: ContactTarget, row: Row| {
            let mut c = crate::config::MappingConfig::default_config();
            c.contacts.target = target;
            c.mappings.contacts.push(row);
            let report = e.validate(&c);
            !report
                .diagnostics
                .iter()
                .any(|d| d.code == "TARGET_NOT_WRITABLE" || d.code == "INCOMPATIBLE_MAPPING")
        };
        // Under contactElseLead a Contact is only ever updated: an update-only field is fine.
        assert!(writable(
            ContactTarget::ContactElseLead,
            Row::map("company", "Dept__c", true)
        ));
        assert!(writable(
            ContactTarget::ContactElseLead,
            Row::fixed("Dept__c", "Sales", true)
        ));
        // A Contact the integration creates cannot take it.
        assert!(!writable(
            ContactTarget::Contact,
            Row::map("company", "Dept__c", true)
        ));
        // Read-only and id fields stay refused.
        assert!(!writable(
            ContactTarget::ContactElseLead,
            Row::map("company", "Name", true)
        ));
        assert!(!writable(
            ContactTarget::ContactElseLead,
            Row::map("company", "Id", true)
        ));
    }
}
