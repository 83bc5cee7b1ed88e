//! Fallback values must be valid for their field — the same checks Salesforce applies on write
//! (`crate::value::check_value`): length, picklist values, email, number and precision, date,
//! datetime. Also `TRUNCATE_NOT_TEXT`, `UNIQUE_FIELD_FIXED_VALUE` for one value in a unique field,
//! and `RECORD_CLEARS_REQUIRED` for a row that would clear a field that cannot be empty.

use crate::diagnostic::Diagnostic;
use crate::validate::Ctx;
use crate::value::check_value;

/// Does the row clear what a timed Event cannot lose, by the rule the Event bodies are judged
/// by (`crate::event_rules::event_findings`): its start, unless an `ActivityDateTime` row keeps
/// one; or its end and duration, when both have rows and every one of them clears.
fn clears_event_timing(ctx: &Ctx<'_>, r: &crate::validate::RowCtx<'_>) -> bool {
    use crate::config::Tab;
    if r.tab != Tab::Events || ctx.config.all_day_events() {
        return false;
    }
    let rows = |n: &'static str| {
        ctx.tab_rows(Tab::Events)
            .filter(move |o| o.row.target.eq_ignore_ascii_case(n))
    };
    let clears = |o: &crate::validate::RowCtx<'_>| o.row.clear_when_empty == Some(true);
    let target = |n: &str| r.row.target.eq_ignore_ascii_case(n);
    if target("StartDateTime") {
        return !rows("ActivityDateTime").any(|o| !clears(o));
    }
    (target("EndDateTime") || target("DurationInMinutes"))
        && rows("EndDateTime").next().is_some()
        && rows("DurationInMinutes").next().is_some()
        && rows("EndDateTime")
            .chain(rows("DurationInMinutes"))
            .all(clears)
}

/// Runs the rule.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for r in &ctx.rows {
        let Some(field) = r.field else { continue };
        if let Some(fallback) = &r.row.fallback {
            for d in check_value(field, &fallback.to_json(), &r.path("fallback")) {
                out.push(d.at(r.tab, Some(r.index)));
            }
            // A unique field refuses a value another record has (DUPLICATE_VALUE): a static
            // value fails from the second record on; a fallback whenever it is used twice.
            if field.unique && !fallback.is_blank() {
                let fixed = r.row.source.is_none();
                let d = r.diag(
                    "UNIQUE_FIELD_FIXED_VALUE",
                    "fallback",
                    if fixed {
                        format!("`{}` is a unique field, so one fixed value fits only the first record; every later one is refused", field.name)
                    } else {
                        format!("`{}` is a unique field: its fallback fits only one record, and every later record whose OnceHub field is empty is refused", field.name)
                    },
                    if fixed {
                        "map a OnceHub field that is different for every record (such as an id), or remove the row".to_string()
                    } else {
                        "remove the fallback: a record without the value then leaves the field empty".to_string()
                    },
                );
                out.push(if fixed {
                    d
                } else {
                    d.severity(crate::diagnostic::Severity::Warning)
                });
            }
        }
        // Clearing (on update, when the OnceHub field is empty and there is no fallback) a
        // field that cannot be empty is refused, as for `validateRecord` and previews.
        if r.row.clear_when_empty == Some(true)
            && r.row
                .fallback
                .as_ref()
                .is_none_or(crate::config::Fallback::is_blank)
            && (crate::required::schema_required(field).is_some()
                || (field.nillable == Some(false)
                    && field.field_type != crate::describe::FieldType::Boolean)
                || clears_event_timing(ctx, r))
        {
            out.push(r.diag(
                "RECORD_CLEARS_REQUIRED",
                "clearWhenEmpty",
                format!(
                    "the row clears `{}` when its OnceHub field is empty, but `{}` cannot be empty in Salesforce",
                    field.name, field.name
                ),
                "turn off clearWhenEmpty for this row, or give it a fallback".to_string(),
            ));
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

    #[test]
    fn one_value_in_a_unique_field_fits_one_record() {
        use crate::diagnostic::Severity;
        let e = sample_engine();
        let mut c = crate::config::MappingConfig::default_config();
        c.mappings
            .events
            .retain(|r| r.target != "OnceHub_Booking_Id__c");
        c.mappings
            .events
            .push(Row::fixed("OnceHub_Booking_Id__c", "ONCEHUB", true));
        let d = findings(&e, &c, "UNIQUE_FIELD_FIXED_VALUE");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].severity, Severity::Error);
        // A fallback is used only for records without the value: a warning.
        c.mappings.events.pop();
        c.mappings
            .events
            .push(Row::map("booking_id", "OnceHub_Booking_Id__c", true).with_fallback("none"));
        let d = findings(&e, &c, "UNIQUE_FIELD_FIXED_VALUE");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].severity, Severity::Warning);
    }

    #[test]
    fn clearing_a_field_that_cannot_be_empty_is_refused() {
        let codes = codes_after(|c| {
            c.mappings.leads.push(Row {
                clear_when_empty: Some(true),
                ..Row::map("status", "Status", true)
            });
        });
        assert!(codes.contains(&"RECORD_CLEARS_REQUIRED"), "{codes:?}");
        // A nillable field may be cleared.
        let codes = codes_after(|c| {
            c.mappings.leads.push(Row {
                clear_when_empty: Some(true),
                ..Row::map("job_title", "Title", true)
            });
        });
        assert!(!codes.contains(&"RECORD_CLEARS_REQUIRED"), "{codes:?}");
    }
}
