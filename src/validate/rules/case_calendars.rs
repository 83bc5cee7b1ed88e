//! `CASES_WITHOUT_CALENDARS` / `CASES_WITHOUT_ROWS` / `UNKNOWN_CASE_CALENDAR` /
//! `DUPLICATE_CASE_CALENDAR` — Cases are created only for meetings from selected booking calendars.

use crate::config::Tab;
use crate::diagnostic::Diagnostic;
use crate::validate::Ctx;

/// Runs the rule.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let m = &ctx.config.meetings;
    if m.case_calendars.is_empty() && m.create_cases == Some(true) {
        out.push(
            Diagnostic::new(
                "CASES_WITHOUT_CALENDARS",
                "/meetings/caseCalendars",
                "creating Cases is switched on but no booking calendar is selected, so no Case is ever created",
                "select the booking calendars whose meetings should create Cases",
            )
            .at(Tab::Cases, None),
        );
    }
    if m.cases_enabled() && ctx.config.mappings.cases.is_empty() {
        out.push(
            Diagnostic::new(
                "CASES_WITHOUT_ROWS",
                "/mappings/cases",
                "Cases are switched on for the selected booking calendars, but the Cases tab has no rows, so no Case is created",
                "map the meeting's subject and notes to the Case's Subject and Description",
            )
            .at(Tab::Cases, None),
        );
    }
    let known: Option<std::collections::HashSet<&str>> = ctx
        .config
        .booking_calendars
        .as_ref()
        .map(|list| list.iter().map(|c| c.id.as_str()).collect());
    let mut seen = std::collections::HashSet::new();
    for (i, id) in m.case_calendars.iter().enumerate() {
        let path = format!("/meetings/caseCalendars/{i}");
        if !seen.insert(id.as_str()) {
            out.push(
                Diagnostic::new(
                    "DUPLICATE_CASE_CALENDAR",
                    path,
                    format!("booking calendar `{id}` is selected twice"),
                    "remove the repeated id",
                )
                .at(Tab::Cases, None),
            );
            continue;
        }
        // Without the account's list, an id can still be told from a calendar's name: OnceHub
        // booking calendar ids are `BKC-` and letters and digits.
        let looks_like_id = id.strip_prefix("BKC-").is_some_and(|rest| {
            !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric())
        });
        if known.is_none() && !looks_like_id {
            out.push(
                Diagnostic::new(
                    "UNKNOWN_CASE_CALENDAR",
                    path,
                    format!("`{}` is not a booking calendar id, so no booking matches it and no Case is created", crate::payload::shown(id)),
                    "select calendars by id (`BKC-...`), as OnceHub's API lists them",
                )
                .severity(crate::diagnostic::Severity::Warning)
                .at(Tab::Cases, None),
            );
            continue;
        }
        if known.as_ref().is_some_and(|k| !k.contains(id.as_str())) {
            // A calendar's name in place of its id: say which id it is.
            let named = ctx
                .config
                .booking_calendars
                .iter()
                .flatten()
                .find(|c| c.name.trim().eq_ignore_ascii_case(id.trim()));
            let shown_id = crate::payload::shown(id);
            let (message, help) = match named {
                Some(c) if m.case_calendars.contains(&c.id) => (
                    format!("`{shown_id}` is the name of a booking calendar that is selected by its id too"),
                    "remove this entry".to_string(),
                ),
                Some(c) => (
                    format!("`{shown_id}` is the name of a booking calendar; Cases are selected by its id"),
                    format!("select it by its id `{}`", crate::payload::shown(&c.id)),
                ),
                None => (
                    format!("`{shown_id}` is not one of the account's booking calendars"),
                    "pick a calendar from the list; ids look like `BKC-...`".to_string(),
                ),
            };
            out.push(
                Diagnostic::new("UNKNOWN_CASE_CALENDAR", path, message, help).at(Tab::Cases, None),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::BookingCalendar;
    use crate::validate::test_support::*;

    #[test]
    fn calendar_selection_findings() {
        let codes = codes_after(|_| {});
        assert!(codes.is_empty());
        let codes = codes_after(|c| {
            c.booking_calendars = Some(vec![BookingCalendar {
                id: "BKC-1".into(),
                name: "Sales".into(),
            }]);
            c.meetings.case_calendars = vec!["BKC-1".into(), "BKC-1".into(), "BKC-9".into()];
        });
        assert!(codes.contains(&"DUPLICATE_CASE_CALENDAR"));
        assert!(codes.contains(&"UNKNOWN_CASE_CALENDAR"));
        let codes = codes_after(|c| c.meetings.create_cases = Some(true));
        assert_eq!(codes, vec!["CASES_WITHOUT_CALENDARS"]);
        // Without the account's list, a name in place of an id is still caught.
        let codes = codes_after(|c| c.meetings.case_calendars = vec!["sales demo".into()]);
        assert!(codes.contains(&"UNKNOWN_CASE_CALENDAR"), "{codes:?}");
        let codes = codes_after(|c| c.meetings.case_calendars = vec!["BKC-LDJ878496X".into()]);
        assert!(!codes.contains(&"UNKNOWN_CASE_CALENDAR"), "{codes:?}");
    }
}
