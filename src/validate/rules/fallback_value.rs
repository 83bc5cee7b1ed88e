//! Fallback values must be valid for their field — the same checks Salesforce applies on write
//! (`crate::value::check_value`): length, picklist values, email, number and precision, date,
//! datetime. Also `TRUNCATE_NOT_TEXT`.

use crate::diagnostic::Diagnostic;
use crate::validate::Ctx;
use crate::value::check_value;

/// Runs the rule.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for r in &ctx.rows {
        let Some(field) = r.field else { continue };
        if let Some(fallback) = &r.row.fallback {
            for d in check_value(field, &fallback.to_json(), &r.path("fallback")) {
                out.push(d.at(r.tab, Some(r.index)));
            }
        }
        if r.row.truncate == Some(true) && !field.field_type.is_text() {
            out.push(r.diag(
                "TRUNCATE_NOT_TEXT",
                "truncate",
                format!(
                    "`{}` is not a text field, so truncation never applies",
                    field.name
                ),
                "remove `truncate` from the row".to_string(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Row;
    use crate::validate::test_support::*;

    #[test]
    fn fallbacks_are_checked_like_salesforce_would() {
        let codes = codes_after(|c| {
            for r in &mut c.mappings.leads {
                if r.target == "Company" {
                    *r = Row::map("company", "Company", false).with_fallback(&"x".repeat(256));
                }
            }
            c.mappings
                .leads
                .push(Row::fixed("Email", "not-an-email", false));
            c.mappings
                .leads
                .push(Row::fixed("NumberOfEmployees", "12.5", false));
            c.mappings
                .leads
                .push(Row::fixed("Preferred_Contact_Time__c", "2025-05-20", false));
            c.mappings
                .leads
                .push(Row::fixed("Meeting_Type__c", "Webinar", false));
        });
        for want in [
            "VALUE_TOO_LONG",
            "INVALID_EMAIL",
            "NOT_A_NUMBER",
            "INVALID_DATETIME",
            "VALUE_NOT_IN_PICKLIST",
        ] {
            assert!(codes.contains(&want), "{want} missing from {codes:?}");
        }
    }
}
