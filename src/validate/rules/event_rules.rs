//! `EVENT_TIMING_UNMAPPED` / `EVENT_TIMING_OVERWRITE_MIXED` / `EVENT_WHAT_ID_WITH_LEAD` / `EVENT_PRIVATE_LINKED` / `EVENTS_DISABLED` — Event rules the describe
//! cannot show: a start and a duration or end time; no `WhatId` when `WhoId` is a Lead.

use crate::config::{ContactTarget, Tab};
use crate::diagnostic::Diagnostic;
use crate::required::{requirements, source_can_be_empty, Basis};
use crate::validate::Ctx;

/// Runs the rule.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let tab = Tab::Events;
    let has_rows = !ctx.config.mappings.events.is_empty();
    if has_rows && !ctx.config.meetings.create_events {
        out.push(
            Diagnostic::new(
                "EVENTS_DISABLED",
                "/meetings/createEvents",
                "the Events tab has rows but creating Events is switched off",
                "switch on \"Create events in Salesforce for all meetings\", or clear the tab",
            )
            .at(tab, None),
        );
    }
    if !ctx.tab_in_use(tab) {
        return;
    }
    timing_rules(ctx, out);
    static_timing(ctx, out);
    overwrite_mixed(ctx, out);
    activity_from_another_time(ctx, out);
    if !times_that_need_not_add_up(ctx, out) {
        times_not_the_meetings(ctx, out);
    }
    // The integration links every Event to its person, and a private Event cannot be linked.
    for r in ctx.tab_rows(tab) {
        if r.row.checks_static("IsPrivate") {
            out.push(r.diag(
                "EVENT_PRIVATE_LINKED",
                "fallback",
                "every Event is linked to its Lead or Contact, and a private Event cannot be linked".to_string(),
                "remove the IsPrivate row, or set it to false".to_string(),
            ));
        }
    }
    // With the Event describe loaded, TARGET_NOT_WRITABLE already refuses a WhatId row.
    if ctx.engine.object("Event").is_none()
        && matches!(
            ctx.config.contacts.target,
            ContactTarget::Lead | ContactTarget::ContactElseLead
        )
    {
        for r in ctx.tab_rows(tab) {
            if r.row.target.eq_ignore_ascii_case("WhatId") {
                out.push(r.diag(
                    "EVENT_WHAT_ID_WITH_LEAD",
                    "target",
                    "`WhatId` must stay empty when the Event is linked to a Lead, and new OnceHub contacts can become Leads".to_string(),
                    "remove the WhatId row".to_string(),
                ));
            }
        }
    }
}

/// The row that gives the Event's start: the `StartDateTime` row, else the `ActivityDateTime`
/// row (Salesforce reads `ActivityDateTime` as the start of a timed Event), as
/// `crate::event_rules::event_findings` picks the start of a body.
fn start_row<'c, 'a>(ctx: &'c Ctx<'a>) -> Option<&'c crate::validate::RowCtx<'a>> {
    let row = |name: &str| {
        ctx.tab_rows(Tab::Events)
            .find(|r| r.row.target.eq_ignore_ascii_case(name))
    };
    row("StartDateTime").or_else(|| row("ActivityDateTime"))
}

/// `EVENT_TIMES_DISAGREE` for an `ActivityDateTime` or `ActivityDate` row that takes another
/// OnceHub time than the `StartDateTime` row: Salesforce needs them equal (the date, the start's
/// date), so every booking's Event would be refused.
fn activity_from_another_time(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let tab = Tab::Events;
    let Some(start_row) = start_row(ctx) else {
        return;
    };
    let Some(start) = start_row.row.source.as_deref() else {
        return;
    };
    let start_name = start_row.row.target.as_str();
    for r in ctx.tab_rows(tab) {
        let Some(source) = r.row.source.as_deref() else {
            continue;
        };
        if r.index == start_row.index {
            continue;
        }
        let same = if r.row.target.eq_ignore_ascii_case("ActivityDateTime") {
            source == start
        } else if r.row.target.eq_ignore_ascii_case("ActivityDate") {
            source == start || (start == "starting_time" && source == "start_date")
        } else {
            continue;
        };
        if !same {
            out.push(r.diag(
                "EVENT_TIMES_DISAGREE",
                "source",
                format!(
                    "`{}` takes OnceHub `{source}` while `{start_name}` takes `{start}`: Salesforce needs the two to match, so it would refuse the Events",
                    r.row.target
                ),
                format!("remove the {} row: Salesforce sets it from the start", r.row.target),
            ));
        }
    }
}

/// `EVENT_TIMES_DISAGREE` when rows map a start, an end and a duration that are not the
/// booking's own (`starting_time`, `end_time`, `duration_minutes`): Salesforce takes both the
/// end and the duration only when the end is the start plus the duration, which other times
/// meet only by chance.
fn times_that_need_not_add_up(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) -> bool {
    let tab = Tab::Events;
    let source_of = |name: &str| {
        ctx.tab_rows(tab)
            .find(|r| r.row.target.eq_ignore_ascii_case(name))
            .and_then(|r| r.row.source.as_deref().map(|s| (r, s)))
    };
    let (Some((start, s)), Some((_, e)), Some((_, d))) = (
        start_row(ctx).and_then(|r| r.row.source.as_deref().map(|s| (r, s))),
        source_of("EndDateTime"),
        source_of("DurationInMinutes"),
    ) else {
        return false;
    };
    if (s, e, d) == ("starting_time", "end_time", "duration_minutes") {
        return false;
    }
    out.push(start.diag(
        "EVENT_TIMES_DISAGREE",
        "source",
        format!(
            "`{}`, `EndDateTime` and `DurationInMinutes` take OnceHub `{s}`, `{e}` and `{d}`: Salesforce refuses an Event whose end is not its start plus its duration, and these times do not make it so",
            start.row.target
        ),
        "map the booking's `starting_time`, `end_time` and `duration_minutes`, or remove the DurationInMinutes row (the end is enough)".to_string(),
    ));
    true
}

/// `EVENT_TIMES_DISAGREE` as a warning: an Event's start, end or duration row that takes another
/// built-in OnceHub field than the meeting's own (`end_time` into `StartDateTime`,
/// `creation_time` as the start). Salesforce may take such an Event, but it would not be at the
/// meeting's time.
fn times_not_the_meetings(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let has_start = ctx
        .tab_rows(Tab::Events)
        .any(|r| r.row.target.eq_ignore_ascii_case("StartDateTime"));
    for r in ctx.tab_rows(Tab::Events) {
        let Some(source) = r.row.source.as_deref() else {
            continue;
        };
        let target = r.row.target.as_str();
        let own: &[&str] = if target.eq_ignore_ascii_case("StartDateTime")
            // Beside a start row, another rule judges ActivityDateTime against it.
            || (target.eq_ignore_ascii_case("ActivityDateTime") && !has_start)
        {
            &["starting_time"]
        } else if target.eq_ignore_ascii_case("EndDateTime") {
            &["end_time"]
        } else if target.eq_ignore_ascii_case("DurationInMinutes") {
            &["duration_minutes"]
        } else {
            continue;
        };
        // A custom OnceHub field (a form's "preferred start") is the admin's own choice.
        if own.contains(&source) || r.source.is_none_or(|f| f.custom) {
            continue;
        }
        out.push(
            r.diag(
                "EVENT_TIMES_DISAGREE",
                "source",
                format!(
                    "`{target}` takes OnceHub `{source}`, not the meeting's `{}`: the Event would not be at the meeting's time",
                    own.join("`, `")
                ),
                format!("map OnceHub `{}` to {target}", own.join("`, `")),
            )
            .severity(crate::diagnostic::Severity::Warning),
        );
    }
    // A custom start with the meeting's own end (or the reverse): the two times come from
    // different places, and an Event that ends before it starts is refused.
    let end_row = ctx
        .tab_rows(Tab::Events)
        .find(|r| r.row.target.eq_ignore_ascii_case("EndDateTime"));
    if let (Some(start), Some(end)) = (start_row(ctx), end_row) {
        let custom = |r: &crate::validate::RowCtx<'_>| r.source.is_some_and(|f| f.custom);
        let own = |r: &crate::validate::RowCtx<'_>, id: &str| r.row.source.as_deref() == Some(id);
        let mixed =
            (custom(start) && own(end, "end_time")) || (custom(end) && own(start, "starting_time"));
        if mixed {
            let at = if custom(start) { start } else { end };
            out.push(
                at.diag(
                    "EVENT_TIMES_DISAGREE",
                    "source",
                    format!(
                        "`{}` takes OnceHub `{}` and `{}` takes `{}`: the start and the end come from different places, and Salesforce refuses an Event that ends before it starts",
                        start.row.target,
                        start.row.source.as_deref().unwrap_or_default(),
                        end.row.target,
                        end.row.source.as_deref().unwrap_or_default()
                    ),
                    "take both times from the meeting (`starting_time`, `end_time`), or both from your own fields; or map a duration instead of the end".to_string(),
                )
                .severity(crate::diagnostic::Severity::Warning),
            );
        }
    }
}

/// `EVENT_TIMING_OVERWRITE_MIXED`: a start row with overwrite off beside an end or duration row
/// with it on. On a rescheduled booking the end moves and the start stays, and Salesforce refuses
/// an Event whose end is before its start (a start moved alone takes the end with it).
fn overwrite_mixed(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let tab = Tab::Events;
    // `ActivityDateTime` is the start when no row writes `StartDateTime`.
    let Some(start_row) = start_row(ctx).filter(|r| !r.row.overwrite) else {
        return;
    };
    let start = start_row.row.target.as_str();
    // Every timing row with overwrite off: a rescheduled booking never moves the Event.
    let ends = ["EndDateTime", "DurationInMinutes"];
    if !ctx
        .tab_rows(tab)
        .any(|r| r.row.overwrite && ends.iter().any(|n| r.row.target.eq_ignore_ascii_case(n)))
    {
        out.push(
            start_row
                .diag(
                    "EVENT_TIMING_NOT_UPDATED",
                    "overwrite",
                    format!(
                        "`{start}` and the Event's end have overwrite off: Salesforce keeps the times the Event has, so a rescheduled booking never moves it"
                    ),
                    "turn overwrite on for the Event's start, end and duration rows, so that reschedules move the Event".to_string(),
                )
                .severity(crate::diagnostic::Severity::Warning),
        );
        return;
    }
    for r in ctx.tab_rows(tab).filter(|r| {
        r.row.overwrite
            && ["EndDateTime", "DurationInMinutes"]
                .iter()
                .any(|n| r.row.target.eq_ignore_ascii_case(n))
    }) {
        out.push(r.diag(
            "EVENT_TIMING_OVERWRITE_MIXED",
            "overwrite",
            format!(
                "`{}` has overwrite on but `{start}` has it off: a rescheduled booking moves the Event's end and keeps its start, and Salesforce refuses an end before the start",
                r.row.target
            ),
            "give the Event's start, end and duration rows the same overwrite setting (on, so that reschedules move the Event)".to_string(),
        ));
    }
}

/// `EVENT_TIMING_UNMAPPED` for a start and a duration or end the rows do not give, and
/// `REQUIRED_FIELD_NO_FALLBACK` for rows that give them only when their OnceHub field has a
/// value.
fn timing_rules(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let tab = Tab::Events;
    if let Some(object) = ctx.engine.object("Event") {
        let all_day = ctx.config.all_day_events();
        for req in requirements(object)
            .into_iter()
            .filter(|r| r.basis == Basis::Rule)
        {
            let names: Vec<&str> = std::iter::once(req.name.as_str())
                .chain(req.alternatives.iter().map(String::as_str))
                .collect();
            let mapped = |n: &str| {
                ctx.tab_rows(tab)
                    .any(|r| r.row.target.eq_ignore_ascii_case(n))
            };
            // Met for every booking: by a row whose OnceHub field is never empty, or that has a
            // fallback (a static value is its fallback).
            let always = |n: &str| {
                ctx.tab_rows(tab).any(|r| {
                    r.row.target.eq_ignore_ascii_case(n)
                        && (r.row.fallback.as_ref().is_some_and(|f| !f.is_blank())
                            || r.row
                                .source
                                .as_deref()
                                .is_some_and(|s| !source_can_be_empty(tab, s)))
                })
            };
            let duration_rule = req.name == "DurationInMinutes" || req.name == "EndDateTime";
            if req.met_by(&mapped, all_day) && !req.met_by(&always, all_day) {
                // Each row that meets the rule only when its OnceHub field has a value.
                // An all-day Event takes its start from ActivityDate.
                let all_day_start = all_day && !duration_rule;
                for r in ctx.tab_rows(tab).filter(|r| {
                    (names.iter().any(|n| r.row.target.eq_ignore_ascii_case(n))
                        || (all_day_start && r.row.target.eq_ignore_ascii_case("ActivityDate")))
                        && r.row.fallback.is_none()
                        && r.row.source.is_some()
                }) {
                    let label = r.source.map_or_else(
                        || r.row.source.clone().unwrap_or_default(),
                        |s| s.label.clone(),
                    );
                    out.push(r.diag(
                        "REQUIRED_FIELD_NO_FALLBACK",
                        "fallback",
                        format!(
                            "`{}` is required by the Event rule ({}), and the OnceHub field {label} can be empty: give a fallback",
                            r.row.target,
                            req.rule.clone().unwrap_or_default()
                        ),
                        "map a field every booking has (the start time, the end time or the duration), or set a fallback".to_string(),
                    ));
                }
            }
            if !req.met_by(&mapped, all_day) {
                out.push(
                    Diagnostic::new(
                        "EVENT_TIMING_UNMAPPED",
                        "/mappings/events",
                        format!("map `{}`: {}", names.join("` or `"), req.rule.clone().unwrap_or_default()),
                        if duration_rule {
                            "map OnceHub `end_time` to EndDateTime or `duration_minutes` to DurationInMinutes".to_string()
                        } else {
                            "map OnceHub `starting_time` to StartDateTime".to_string()
                        },
                    )
                    .at(tab, None),
                );
            }
        }
    }
}

/// Event rules on the values every Event gets from static rows (a fixed duration, a fixed
/// date), reported on those rows: Salesforce would refuse each booking's Event the same way.
fn static_timing(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let statics: Vec<(&crate::validate::RowCtx<'_>, serde_json::Value)> = ctx
        .tab_rows(Tab::Events)
        .filter(|r| r.row.source.is_none())
        .filter_map(|r| r.row.fallback.as_ref().map(|f| (r, f.to_json())))
        .collect();
    let field = |name: &str| {
        statics
            .iter()
            .find(|(r, _)| r.row.target.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    };
    for d in crate::event_rules::event_findings(&field, "", false) {
        let target = d.path.trim_start_matches('/');
        if let Some((r, _)) = statics
            .iter()
            .find(|(r, _)| r.row.target.eq_ignore_ascii_case(target))
        {
            out.push(r.diag(d.code, "fallback", d.message, d.help));
        }
    }
    // A fixed date next to a start that comes from the booking cannot match every booking.
    if let Some(start) = start_row(ctx).filter(|r| r.row.source.is_some()) {
        for (r, _) in &statics {
            if r.row.target.eq_ignore_ascii_case("ActivityDate")
                || r.row.target.eq_ignore_ascii_case("ActivityDateTime")
            {
                out.push(r.diag(
                    "EVENT_TIMES_DISAGREE",
                    "fallback",
                    format!(
                        "a fixed `{}` cannot match the start of every booking, and Salesforce needs it to match `{}`",
                        r.row.target, start.row.target
                    ),
                    "remove the row: Salesforce sets it from the start".to_string(),
                ));
            }
        }
    }
    // A fixed duration next to an end that comes from the booking adds up only for bookings of
    // that length (EndDateTime and DurationInMinutes must agree).
    let end_mapped = ctx
        .tab_rows(Tab::Events)
        .any(|r| r.row.source.is_some() && r.row.target.eq_ignore_ascii_case("EndDateTime"));
    if end_mapped {
        for (r, _) in &statics {
            if r.row.target.eq_ignore_ascii_case("DurationInMinutes") {
                out.push(r.diag(
                    "EVENT_TIMES_DISAGREE",
                    "fallback",
                    "a fixed `DurationInMinutes` matches the booking's end time only for bookings of that length, and Salesforce needs the two to agree".to_string(),
                    "remove one of the two rows, or map the duration from the booking (`duration_minutes`)".to_string(),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Row;
    use crate::validate::test_support::*;

    #[test]
    fn event_times_from_other_onehub_times_are_a_warning() {
        let e = sample_engine();
        let mut c = crate::config::MappingConfig::default_config();
        for r in &mut c.mappings.events {
            if r.target == "StartDateTime" {
                r.source = Some("end_time".to_string());
            }
        }
        let found: Vec<_> = e
            .validate(&c)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == "EVENT_TIMES_DISAGREE")
            .collect();
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].severity, crate::diagnostic::Severity::Warning);
        assert!(
            found[0]
                .message
                .contains("takes OnceHub `end_time`, not the meeting's `starting_time`"),
            "{}",
            found[0].message
        );
        // The meeting's own times are fine.
        let clean = crate::config::MappingConfig::default_config();
        assert!(!e
            .validate(&clean)
            .diagnostics
            .iter()
            .any(|d| d.code == "EVENT_TIMES_DISAGREE"));
    }

    #[test]
    fn events_need_an_end_or_a_duration() {
        let codes = codes_after(|c| c.mappings.events.retain(|r| r.target != "EndDateTime"));
        assert_eq!(codes, vec!["EVENT_TIMING_UNMAPPED"]);
        let codes = codes_after(|c| {
            c.mappings.events.retain(|r| r.target != "EndDateTime");
            c.mappings
                .events
                .push(Row::map("duration_minutes", "DurationInMinutes", true));
        });
        assert!(codes.is_empty(), "{codes:?}");
    }

    /// The sample org with one custom meeting field registered.
    fn with_meeting_field(id: &str, kind: &str, label: &str) -> crate::engine::Engine {
        let mut e = sample_engine();
        let spec = serde_json::json!([{"id": id, "kind": "meeting", "type": kind, "label": label}]);
        e.add_source_fields(
            crate::catalogue::CustomFieldInput::parse_list(&spec.to_string()).unwrap(),
        )
        .unwrap();
        e
    }

    #[test]
    fn a_start_from_a_field_that_can_be_empty_needs_a_fallback() {
        let with_custom_start = |fallback: Option<&str>| {
            let e = with_meeting_field("custom.start", "datetime", "Preferred start");
            let mut c = crate::config::MappingConfig::default_config();
            for r in &mut c.mappings.events {
                if r.target == "StartDateTime" {
                    r.source = Some("custom.start".to_string());
                    r.fallback = fallback.map(|f| crate::config::Fallback::Text(f.to_string()));
                }
            }
            e.validate(&c).diagnostics
        };
        let found: Vec<_> = with_custom_start(None)
            .into_iter()
            .filter(|d| d.code != "EVENT_TIMES_DISAGREE")
            .collect();
        let codes: Vec<_> = found.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec!["REQUIRED_FIELD_NO_FALLBACK"], "{found:#?}");
        assert!(
            found[0].message.contains("Preferred start"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].path, "/mappings/events/1/fallback");
        // With a fallback, the custom start beside the meeting's own end is still a warning.
        let found = with_custom_start(Some("2025-01-01T09:00:00.000Z"));
        let codes: Vec<_> = found.iter().map(|d| (d.code, d.severity)).collect();
        assert_eq!(
            codes,
            vec![("EVENT_TIMES_DISAGREE", crate::diagnostic::Severity::Warning)],
            "{found:#?}"
        );
    }

    #[test]
    fn an_all_day_start_from_a_field_that_can_be_empty_needs_a_fallback() {
        let e = with_meeting_field("custom.day", "date", "Preferred day");
        let mut c = crate::config::MappingConfig::default_config();
        c.mappings
            .events
            .retain(|r| r.target != "StartDateTime" && r.target != "EndDateTime");
        let mut all_day = Row::fixed("IsAllDayEvent", "x", true);
        all_day.fallback = Some(crate::config::Fallback::Bool(true));
        c.mappings.events.push(all_day);
        c.mappings
            .events
            .push(Row::map("custom.day", "ActivityDate", true));
        let found = e.validate(&c).diagnostics;
        assert!(
            found
                .iter()
                .any(|d| d.code == "REQUIRED_FIELD_NO_FALLBACK"
                    && d.message.contains("Preferred day")),
            "{found:#?}"
        );
    }

    #[test]
    fn fixed_timing_values_follow_the_event_rules() {
        let codes = codes_after(|c| {
            let mut row = Row::fixed("DurationInMinutes", "x", true);
            row.fallback = Some(crate::config::Fallback::Number(30_000.into()));
            c.mappings.events.push(row);
        });
        assert!(codes.contains(&"EVENT_TOO_LONG"), "{codes:?}");
        let codes = codes_after(|c| {
            c.mappings
                .events
                .push(Row::fixed("ActivityDate", "2025-05-20", true));
        });
        assert!(codes.contains(&"EVENT_TIMES_DISAGREE"), "{codes:?}");
    }

    #[test]
    fn what_id_with_lead_targets() {
        // With the Event describe: one finding, that the field is not writable.
        let codes = codes_after(|c| {
            c.mappings
                .events
                .push(Row::map("booking_id", "WhatId", true));
        });
        assert!(codes.contains(&"TARGET_NOT_WRITABLE"), "{codes:?}");
        assert!(!codes.contains(&"EVENT_WHAT_ID_WITH_LEAD"), "{codes:?}");
        // Without it, the Lead rule still says why.
        let mut e = crate::engine::Engine::new();
        e.load_describe(include_str!("../../../www/sample-org/Lead.json"))
            .unwrap();
        let mut c = crate::config::MappingConfig::default_config();
        c.mappings
            .events
            .push(Row::map("booking_id", "WhatId", true));
        let codes: Vec<&str> = e.validate(&c).diagnostics.iter().map(|d| d.code).collect();
        assert!(codes.contains(&"EVENT_WHAT_ID_WITH_LEAD"), "{codes:?}");
    }

    #[test]
    fn a_fixed_private_flag_cannot_go_with_the_link() {
        let codes = codes_after(|c| {
            c.mappings
                .events
                .push(Row::fixed("IsPrivate", "true", true));
        });
        assert_eq!(codes, vec!["EVENT_PRIVATE_LINKED"]);
        let codes = codes_after(|c| {
            c.mappings
                .events
                .push(Row::fixed("IsPrivate", "false", true));
        });
        assert!(codes.is_empty(), "{codes:?}");
        // A number 1 is a checked checkbox too.
        let codes = codes_after(|c| {
            let mut row = Row::fixed("IsPrivate", "x", true);
            row.fallback = Some(crate::config::Fallback::Number(1.into()));
            c.mappings.events.push(row);
        });
        assert!(codes.contains(&"EVENT_PRIVATE_LINKED"), "{codes:?}");
    }

    #[test]
    fn a_fixed_duration_beside_a_mapped_end_cannot_always_agree() {
        let codes = codes_after(|c| {
            c.mappings
                .events
                .push(Row::fixed("DurationInMinutes", "60", true));
        });
        assert!(codes.contains(&"EVENT_TIMES_DISAGREE"), "{codes:?}");
    }
}
