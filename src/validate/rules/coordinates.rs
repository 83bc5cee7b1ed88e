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
        let written = |n: &str| {
            ctx.tab_rows(tab)
                .any(|r| r.row.target.eq_ignore_ascii_case(n))
        };
        let row_of = |n: &str| {
            ctx.tab_rows(tab)
                .find(|r| r.row.target.eq_ignore_ascii_case(n))
        };
        let lone = crate::value::lone_coordinates(
            object,
            &mut ctx.tab_rows(tab).map(|r| r.row.target.as_str()),
            &written,
            &|n| row_of(n).map_or_else(String::new, |r| r.path("target")),
        );
        for d in lone {
            let row = ctx
                .tab_rows(tab)
                .find(|r| d.path == r.path("target"))
                .map(|r| r.index);
            out.push(d.at(tab, row));
        }
    }
}
