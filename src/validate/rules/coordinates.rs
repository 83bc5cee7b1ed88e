//! `COORDINATE_WITHOUT_PAIR` — a tab writes a latitude without its longitude, or the reverse:
//! Salesforce refuses such a new record (`FIELD_INTEGRITY_EXCEPTION`).

use crate::config::Tab;
use crate::diagnostic::Diagnostic;
use crate::validate::Ctx;

/// Runs the rule.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for tab in [Tab::Contacts, Tab::Leads, Tab::Events, Tab::Cases] {
        let Some(object) = ctx.tab_rows(tab).find_map(|r| r.object) else {
            continue;
        };
        let written = |n: &str| ctx.row_for(tab, n).is_some();
        let row_of = |n: &str| ctx.row_for(tab, n);
        let lone = crate::value::lone_coordinates(
            object,
            &mut ctx.tab_rows(tab).map(|r| r.row.target.as_str()),
            &written,
            &|n| row_of(n).map_or_else(String::new, |r| r.path("target")),
        );
        out.extend(lone.into_iter().map(|d| ctx.on_target_row(tab, d)));
        maybe_alone(ctx, tab, object, out);
    }
}

/// A warning for a coordinate row whose OnceHub field can be empty (and that has no fallback)
/// beside a row for the other axis that takes another field: a record where only one has a
/// value is refused.
fn maybe_alone(
    ctx: &Ctx<'_>,
    tab: Tab,
    object: &crate::describe::SObject,
    out: &mut Vec<Diagnostic>,
) {
    let may_be_empty = |r: &crate::validate::RowCtx<'_>| {
        r.row
            .fallback
            .as_ref()
            .is_none_or(crate::config::Fallback::is_blank)
            && r.row
                .source
                .as_deref()
                .is_some_and(|s| crate::required::source_can_be_empty(tab, s))
    };
    for r in ctx.tab_rows(tab) {
        let Some(field) = r.field else { continue };
        // The cheap test first: most rows are no coordinate.
        let Some((_, _, partner)) = crate::value::coordinate_partner(object, field) else {
            continue;
        };
        if !may_be_empty(r) {
            continue;
        }
        let Some(other) = ctx.row_for(tab, &partner.name) else {
            continue; // no row for the other axis: an error above
        };
        if other.row.source.is_some() && other.row.source == r.row.source {
            continue; // one OnceHub field for both: empty together
        }
        let from = r.source.map_or_else(
            || format!("`{}`", r.row.source.as_deref().unwrap_or_default()),
            crate::catalogue::SourceField::named,
        );
        out.push(
            r.diag(
                "COORDINATE_WITHOUT_PAIR",
                "fallback",
                format!(
                    "`{}` comes from {from}, which can be empty, and `{}` from another value: a new record with only one of them is refused",
                    field.name, partner.name
                ),
                "give the row a fallback, or map both from values that are filled together"
                    .to_string(),
            )
            .severity(crate::diagnostic::Severity::Warning),
        );
    }
}
