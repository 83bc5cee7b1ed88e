//! Event rules a describe cannot show, judged on one outgoing Event body (`validateRecord` and
//! the Event request of a preview). From the Event object reference:
//!
//! - `EndDateTime` and `DurationInMinutes` may both be given only when they add up to the same
//!   length; the end is never before the start.
//! - `ActivityDateTime` and `StartDateTime` must match, or one of them must be null; so must
//!   `ActivityDate` and the date of `StartDateTime` (within a day: the date is a local one).
//! - A multiday event cannot exceed 14 days.
//! - When `WhoId` is a Lead, `WhatId` must be empty.
//! - A private event cannot be linked to a Lead, Contact or any record.
//!
//! Only values in the body are judged (an update sends a part of the record); values that do not
//! parse are left to the per-field checks.

use crate::diagnostic::Diagnostic;
use crate::time::{days_from_civil, parse_date, parse_salesforce_datetime};
use serde_json::Value;

/// 14 days, the longest multiday event.
const MAX_MINUTES: i64 = 14 * 24 * 60;
/// A day: an Event longer than this is a multiday event.
const DAY_MINUTES: i64 = 24 * 60;

/// Findings on an Event body; `field(name)` reads a field of it, `base` is the body's pointer.
/// `update`: the body is a PATCH, where a null clears a value (on create the required-field
/// check already says a timing field is missing).
pub fn event_findings<'v>(
    field: &dyn Fn(&str) -> Option<&'v Value>,
    base: &str,
    update: bool,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let text = |name: &str| {
        field(name)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let time = |name: &str| text(name).and_then(parse_salesforce_datetime);
    let flag = |name: &str| field(name).and_then(crate::value::checkbox) == Some(true);
    let all_day = flag("IsAllDayEvent");
    let duration = field("DurationInMinutes").and_then(|v| match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    });
    let at = |name: &str| format!("{base}/{name}");
    // The start: `StartDateTime`, or else `ActivityDateTime`, which Salesforce reads as the
    // start of a timed Event.
    let (start_name, start) = match time("StartDateTime") {
        Some(s) => ("StartDateTime", Some(s)),
        None => ("ActivityDateTime", time("ActivityDateTime")),
    };
    let end = time("EndDateTime");
    if update && !all_day {
        out.extend(cleared_timing(field, &at));
    }

    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            out.push(Diagnostic::new(
                "EVENT_TIMES_DISAGREE",
                at("EndDateTime"),
                format!("`EndDateTime` is before `{start_name}`"),
                format!(
                    "map the booking's end time to EndDateTime and its start time to {start_name}"
                ),
            ));
        } else if let Some(d) = duration.filter(|_| !all_day) {
            let minutes = (e - s) / 60_000;
            if minutes != d {
                out.push(Diagnostic::new(
                    "EVENT_TIMES_DISAGREE",
                    at("DurationInMinutes"),
                    format!(
                        "`DurationInMinutes` is {d}, but `{start_name}` to `EndDateTime` is {minutes} minutes; Salesforce takes both only when they add up"
                    ),
                    "send one of DurationInMinutes and EndDateTime (remove the other row)",
                ));
            }
        }
        if e - s > MAX_MINUTES * 60_000 {
            out.push(Diagnostic::new(
                "EVENT_TOO_LONG",
                at("EndDateTime"),
                format!(
                    "the Event lasts {} minutes, more than 14 days ({MAX_MINUTES} minutes); an Event cannot exceed 14 days",
                    (e - s + 59_999) / 60_000
                ),
                "check the booking's times; Salesforce cannot hold a longer meeting as one Event",
            ));
        }
    }
    if let Some(d) = duration {
        if !(0..=MAX_MINUTES).contains(&d) {
            out.push(Diagnostic::new(
                "EVENT_TOO_LONG",
                at("DurationInMinutes"),
                format!("`DurationInMinutes` is {d}; an Event lasts from 0 minutes to 14 days"),
                "check the booking's duration",
            ));
        }
    }
    out.extend(multiday_finding(start, end, duration, &at));
    if let (Some(s), Some(a)) = (start, time("ActivityDateTime")) {
        if s != a {
            out.push(Diagnostic::new(
                "EVENT_TIMES_DISAGREE",
                at("ActivityDateTime"),
                "`ActivityDateTime` and `StartDateTime` differ; Salesforce needs them equal, or one of them empty",
                "remove the ActivityDateTime row: Salesforce sets it from StartDateTime",
            ));
        }
    }
    out.extend(activity_date_finding(
        text("ActivityDate"),
        (start_name, start),
        &at,
    ));
    out.extend(link_findings(
        text("WhoId"),
        text("WhatId"),
        flag("IsPrivate"),
        &at,
    ));
    out
}

/// `EVENT_WHAT_ID_WITH_LEAD` and `EVENT_PRIVATE_LINKED`: what an Event may be linked to.
fn link_findings(
    who: Option<&str>,
    what: Option<&str>,
    private: bool,
    at: &dyn Fn(&str) -> String,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let (Some(who), Some(_)) = (who, what) {
        if who.starts_with("00Q") || who == "@{lead.id}" {
            out.push(Diagnostic::new(
                "EVENT_WHAT_ID_WITH_LEAD",
                at("WhatId"),
                "`WhatId` must stay empty when the Event's `WhoId` is a Lead",
                "remove the WhatId row, or write Contacts instead of Leads",
            ));
        }
    }
    if private && (who.is_some() || what.is_some()) {
        out.push(Diagnostic::new(
            "EVENT_PRIVATE_LINKED",
            at("IsPrivate"),
            "a private Event cannot be linked to a Lead, a Contact or another record, and this one is",
            "remove the IsPrivate row: the integration links every Event to its person",
        ));
    }
    out
}

/// `RECORD_CLEARS_REQUIRED` for an update of a timed Event that clears its start, or both its
/// end and its duration.
fn cleared_timing<'v>(
    field: &dyn Fn(&str) -> Option<&'v Value>,
    at: &dyn Fn(&str) -> String,
) -> Vec<Diagnostic> {
    let cleared = |name: &str| field(name).is_some_and(crate::value::is_blank);
    let kept = |name: &str| field(name).is_some_and(|v| !crate::value::is_blank(v));
    let mut out = Vec::new();
    if cleared("StartDateTime") && !kept("ActivityDateTime") {
        out.push(Diagnostic::new(
            "RECORD_CLEARS_REQUIRED",
            at("StartDateTime"),
            "the body clears `StartDateTime`, and a timed Event needs a start",
            "leave StartDateTime out of the body to keep the Event's start",
        ));
    }
    if cleared("EndDateTime") && cleared("DurationInMinutes") {
        out.push(Diagnostic::new(
            "RECORD_CLEARS_REQUIRED",
            at("EndDateTime"),
            "the body clears both `EndDateTime` and `DurationInMinutes`, and a timed Event needs one of them",
            "leave them out of the body to keep the Event's end",
        ));
    }
    out
}

/// `EVENT_MULTIDAY`: an Event longer than a day (and not over the limit), timed or all-day,
/// which Salesforce takes only with multiday events turned on.
fn multiday_finding(
    start: Option<i64>,
    end: Option<i64>,
    duration: Option<i64>,
    at: &dyn Fn(&str) -> String,
) -> Option<Diagnostic> {
    let minutes = match (start, end) {
        (Some(s), Some(e)) if e >= s => Some((e - s) / 60_000),
        _ => duration,
    };
    let m = minutes.filter(|m| (DAY_MINUTES + 1..=MAX_MINUTES).contains(m))?;
    Some(
        Diagnostic::new(
            "EVENT_MULTIDAY",
            at(if end.is_some() { "EndDateTime" } else { "DurationInMinutes" }),
            format!(
                "the Event lasts {m} minutes, more than a day; Salesforce accepts it only when multiday events are enabled in the org"
            ),
            "enable multiday events (Setup → Activity Settings → Enable multiday events), or check the booking's times",
        ),
    )
}

/// `ActivityDate` against the date of `StartDateTime`: within a day of its UTC date, as the date
/// is the owner's (or, for an all-day Event mapped from a booking's start, the booking's) local
/// date, which differs from the UTC date by up to a day.
fn activity_date_finding(
    activity_date: Option<&str>,
    (start_name, start): (&str, Option<i64>),
    at: &dyn Fn(&str) -> String,
) -> Option<Diagnostic> {
    let (y, m, d) = parse_date(activity_date?)?;
    let off = (days_from_civil(y, m, d) - start?.div_euclid(86_400_000)).abs();
    (off > 1).then(|| {
        Diagnostic::new(
            "EVENT_TIMES_DISAGREE",
            at("ActivityDate"),
            format!("`ActivityDate` is not the date of `{start_name}`; Salesforce needs them to match, or one of them empty"),
            format!("remove the ActivityDate row: Salesforce sets it from {start_name}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn codes(body: &Value) -> Vec<&'static str> {
        let get = |n: &str| body.get(n);
        event_findings(&get, "", true)
            .iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn consistent_bodies_pass() {
        assert!(codes(&json!({"StartDateTime": "2025-05-20T14:00:00.000Z", "EndDateTime": "2025-05-20T14:30:00.000Z",
            "DurationInMinutes": 30, "ActivityDateTime": "2025-05-20T16:00:00+02:00", "WhoId": "@{contact.id}", "WhatId": "001000000000001AAA"}))
        .is_empty());
        // 14 days is the limit; over a day is a multiday event (a warning).
        assert_eq!(
            codes(
                &json!({"StartDateTime": "2025-05-20T14:00:00.000Z", "DurationInMinutes": 20160})
            ),
            ["EVENT_MULTIDAY"]
        );
        assert!(codes(
            &json!({"StartDateTime": "2025-05-20T14:00:00.000Z", "DurationInMinutes": 1440})
        )
        .is_empty());
        assert_eq!(
            codes(
                &json!({"StartDateTime": "2025-05-20T14:00:00.000Z", "EndDateTime": "2025-05-21T15:00:00.000Z"})
            ),
            ["EVENT_MULTIDAY"]
        );
        assert_eq!(
            codes(
                &json!({"IsAllDayEvent": true, "ActivityDate": "2025-05-20", "DurationInMinutes": 2880})
            ),
            ["EVENT_MULTIDAY"]
        );
        // ActivityDate: the owner's local date of the start (within a day of the UTC date);
        // all-day Events are at midnight UTC, so exactly.
        assert!(codes(
            &json!({"StartDateTime": "2025-05-21T02:00:00Z", "DurationInMinutes": 30, "ActivityDate": "2025-05-20"})
        )
        .is_empty());
        assert!(codes(&json!({"IsAllDayEvent": true, "StartDateTime": "2025-05-20T00:00:00Z", "ActivityDate": "2025-05-20"}))
            .is_empty());
        // Salesforce reads a datetime without an offset as UTC.
        assert!(codes(
            &json!({"StartDateTime": "2015-08-25T11:49:53", "ActivityDateTime": "2015-08-25T11:49:53Z"})
        )
        .is_empty());
        assert!(codes(&json!({"IsPrivate": true})).is_empty());
        // Unparseable values are the per-field checks' business.
        assert!(codes(
            &json!({"StartDateTime": "soon", "EndDateTime": "later", "DurationInMinutes": "x"})
        )
        .is_empty());
    }

    #[test]
    fn activity_date_time_is_the_start_and_an_update_may_not_clear_the_timing() {
        let end_before = json!({"ActivityDateTime": "2025-05-20T14:00:00.000Z", "EndDateTime": "2025-05-20T13:00:00.000Z"});
        assert_eq!(codes(&end_before), ["EVENT_TIMES_DISAGREE"]);
        let get = |n: &str| end_before.get(n);
        assert!(event_findings(&get, "", false)[0]
            .message
            .contains("`ActivityDateTime`"));
        assert_eq!(
            codes(&json!({"StartDateTime": null})),
            ["RECORD_CLEARS_REQUIRED"]
        );
        assert_eq!(
            codes(&json!({"EndDateTime": null, "DurationInMinutes": null})),
            ["RECORD_CLEARS_REQUIRED"]
        );
        // One of end and duration may go; an all-day Event needs neither; a create body's
        // missing start is the required-field check's to report.
        assert!(codes(&json!({"EndDateTime": null, "DurationInMinutes": 30})).is_empty());
        assert!(codes(&json!({"IsAllDayEvent": true, "StartDateTime": null})).is_empty());
        let null_start = json!({"StartDateTime": null});
        let get = |n: &str| null_start.get(n);
        assert!(event_findings(&get, "", false).is_empty());
    }

    #[test]
    fn each_rule_is_reported() {
        let start = "2025-05-20T14:00:00.000Z";
        assert_eq!(
            codes(&json!({"StartDateTime": start, "EndDateTime": "2025-05-20T13:00:00.000Z"})),
            ["EVENT_TIMES_DISAGREE"]
        );
        assert_eq!(
            codes(
                &json!({"StartDateTime": start, "EndDateTime": "2025-05-20T14:30:00.000Z", "DurationInMinutes": 60})
            ),
            ["EVENT_TIMES_DISAGREE"]
        );
        assert_eq!(
            codes(&json!({"StartDateTime": start, "ActivityDateTime": "2025-05-19T14:00:00.000Z"})),
            ["EVENT_TIMES_DISAGREE"]
        );
        assert_eq!(
            codes(&json!({"StartDateTime": start, "ActivityDate": "2025-05-22"})),
            ["EVENT_TIMES_DISAGREE"]
        );
        assert_eq!(
            codes(
                &json!({"IsAllDayEvent": true, "StartDateTime": "2025-06-20T00:00:00Z", "ActivityDate": "2025-05-20"})
            ),
            ["EVENT_TIMES_DISAGREE"]
        );
        // A booking at 20:00 in Los Angeles starts the next day in UTC: still the same Event.
        assert!(codes(
            &json!({"IsAllDayEvent": true, "StartDateTime": "2025-05-21T03:00:00Z", "ActivityDate": "2025-05-20"})
        )
        .is_empty());
        assert_eq!(
            codes(&json!({"StartDateTime": start, "EndDateTime": "2025-06-08T14:00:00.000Z"})),
            ["EVENT_TOO_LONG"]
        );
        assert_eq!(
            codes(&json!({"DurationInMinutes": 30000})),
            ["EVENT_TOO_LONG"]
        );
        assert_eq!(codes(&json!({"DurationInMinutes": -5})), ["EVENT_TOO_LONG"]);
        assert_eq!(
            codes(&json!({"WhoId": "00Q000000000001AAA", "WhatId": "001000000000001AAA"})),
            ["EVENT_WHAT_ID_WITH_LEAD"]
        );
        assert_eq!(
            codes(&json!({"WhoId": "@{lead.id}", "WhatId": "001000000000001AAA"})),
            ["EVENT_WHAT_ID_WITH_LEAD"]
        );
        assert_eq!(
            codes(&json!({"IsPrivate": "true", "WhoId": "003000000000001AAA"})),
            ["EVENT_PRIVATE_LINKED"]
        );
        // All-day events: the length in minutes is not compared.
        assert!(codes(&json!({"IsAllDayEvent": true, "StartDateTime": start, "EndDateTime": "2025-05-20T14:30:00.000Z", "DurationInMinutes": 1440})).is_empty());
    }
}
