//! `UNKNOWN_TARGET_FIELD` / `TARGET_FIELD_WRONG_CASE` — the Salesforce field must exist, spelled
//! exactly.
//!
//! Why: Salesforce answers an unknown field with `INVALID_FIELD` ("No such column"); a config
//! that relies on letter case being forgiven is fragile.

use crate::diagnostic::Diagnostic;
use crate::suggest::Hints;
use crate::validate::Ctx;

/// Runs the rule.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let mut hints = Hints::default();
    for r in &ctx.rows {
        let (Some(object), None) = (r.object, r.field) else {
            continue;
        };
        let target = &r.row.target;
        if let Some(f) = object.field_ci(target) {
            out.push(r.diag(
                "TARGET_FIELD_WRONG_CASE",
                "target",
                format!(
                    "`{target}` has other letter case than the field `{}`, which the integration writes",
                    f.name
                ),
                format!("write `{}` to match the describe", f.name),
            ));
        } else if target.trim().is_empty() {
            out.push(r.diag(
                "UNKNOWN_TARGET_FIELD",
                "target",
                "the row has no Salesforce field yet".to_string(),
                format!(
                    "choose a field of {} for the row, or remove it",
                    object.name
                ),
            ));
        } else {
            let help = hints.writable(object, target).map_or_else(
                || format!("pick a field of the {} describe", object.name),
                |hint| format!("did you mean `{hint}`?"),
            );
            out.push(r.diag(
                "UNKNOWN_TARGET_FIELD",
                "target",
                format!("`{target}` is not a field of {}", object.name),
                help,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Row;
    use crate::validate::test_support::*;

    #[test]
    fn unknown_and_wrong_case_targets() {
        let e = sample_engine();
        let mut c = crate::config::MappingConfig::default_config();
        c.mappings.leads.push(Row::map("city", "Citty", false));
        c.mappings.leads.push(Row::map("country", "country", false));
        let r = e.validate(&c);
        let unknown = r
            .diagnostics
            .iter()
            .find(|d| d.code == "UNKNOWN_TARGET_FIELD")
            .unwrap();
        assert_eq!(unknown.help, "did you mean `City`?");
        assert_eq!(unknown.prevents, Some("INVALID_FIELD"));
        let case = r
            .diagnostics
            .iter()
            .find(|d| d.code == "TARGET_FIELD_WRONG_CASE")
            .unwrap();
        assert!(case.message.contains("`Country`"));
    }

    #[test]
    fn a_row_without_a_field_says_so() {
        let e = sample_engine();
        let mut c = crate::config::MappingConfig::default_config();
        c.mappings.leads.push(Row::map("city", "", false));
        c.mappings.leads.push(Row::map("country", "", false));
        let r = e.validate(&c);
        // Two rows without a field are not duplicates of each other.
        assert!(!r.diagnostics.iter().any(|d| d.code == "DUPLICATE_TARGET"));
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.code == "UNKNOWN_TARGET_FIELD")
            .unwrap();
        assert_eq!(d.message, "the row has no Salesforce field yet");
    }
}
