//! `TARGET_NOT_WRITABLE` — ids, formulas, auto-numbers, compound fields, references and
//! non-createable fields cannot be mapped.
//!
//! Why: Salesforce rejects such writes with `INVALID_FIELD_FOR_INSERT_UPDATE`.

use crate::compat::{static_blockers, write_blockers};
use crate::diagnostic::Diagnostic;
use crate::validate::Ctx;

/// Runs the rule.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for r in &ctx.rows {
        let (Some(object), Some(field)) = (r.object, r.field) else {
            continue;
        };
        let reasons = if r.row.source.is_some() {
            if !field.blocked_on_create() {
                continue;
            }
            write_blockers(object, field)
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
}
