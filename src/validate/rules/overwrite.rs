//! `OVERWRITE_NOT_UPDATEABLE` — overwrite has no effect on a field Salesforce does not let you
//! update; an update that sends it fails with `INVALID_FIELD_FOR_INSERT_UPDATE`.

use crate::diagnostic::Diagnostic;
use crate::validate::Ctx;

/// Runs the rule.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for r in &ctx.rows {
        let Some(field) = r.field else { continue };
        // A field no row can write has its own finding (TARGET_NOT_WRITABLE).
        if r.row.overwrite
            && field.updateable == Some(false)
            && field.createable != Some(false)
            && !field.never_written()
        {
            out.push(r.diag(
                "OVERWRITE_NOT_UPDATEABLE",
                "overwrite",
                format!(
                    "`{}` can be set on create only, so overwrite cannot apply",
                    field.name
                ),
                "switch overwrite off for this row".to_string(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Row;
    use crate::validate::test_support::*;

    #[test]
    fn overwrite_on_a_create_only_field() {
        let codes = codes_after(|c| {
            c.mappings
                .events
                .push(Row::fixed("EventSubtype", "Event", true));
        });
        assert!(codes.contains(&"OVERWRITE_NOT_UPDATEABLE"), "{codes:?}");
    }
}
