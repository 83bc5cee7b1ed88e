//! Findings: data, never errors. Every finding has a stable code from [`CODES`], the one
//! registry of codes; `docs/diagnostics.md` is generated from it (checked by a test).

use crate::config::Tab;
use serde::Serialize;

/// Severity of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// Salesforce would reject the request, or data would be lost.
    Error,
    /// Works, but probably not as intended.
    Warning,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    /// Stable code.
    pub code: &'static str,
    /// Severity.
    pub severity: Severity,
    /// JSON pointer into the input the finding is about.
    pub path: String,
    /// One line, lowercase, user values in backticks.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// The Salesforce error it saves the user from.
    pub prevents: Option<&'static str>,
    /// Tab, when the finding is about one.
    pub tab: Option<Tab>,
    /// Row index in the tab.
    pub row: Option<usize>,
}

impl Diagnostic {
    /// A finding with the registry's severity and `prevents` for `code`.
    pub fn new(
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        let info = info(code);
        Self {
            code,
            severity: info.map_or(Severity::Error, |i| i.severity),
            path: path.into(),
            message: message.into(),
            help: help.into(),
            prevents: info.and_then(|i| i.prevents),
            tab: None,
            row: None,
        }
    }

    /// Sets the tab and row.
    #[must_use]
    pub fn at(mut self, tab: Tab, row: Option<usize>) -> Self {
        self.tab = Some(tab);
        self.row = row;
        self
    }

    /// Overrides the severity (e.g. a picklist miss is an error for restricted picklists only).
    #[must_use]
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Overrides `prevents`.
    #[must_use]
    pub fn prevents(mut self, code: Option<&'static str>) -> Self {
        self.prevents = code;
        self
    }
}

/// A registered code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    /// The code.
    pub code: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// The Salesforce error it prevents.
    pub prevents: Option<&'static str>,
    /// What it means (for the docs: not in the wasm build, which only needs the rest).
    #[cfg(not(target_arch = "wasm32"))]
    pub summary: &'static str,
    /// Where it is raised (for the docs).
    #[cfg(not(target_arch = "wasm32"))]
    pub raised_by: &'static str,
}

const fn c(
    code: &'static str,
    severity: Severity,
    prevents: Option<&'static str>,
    summary: &'static str,
    raised_by: &'static str,
) -> CodeInfo {
    // The wasm build drops the docs' words: some kilobytes of text no call returns.
    #[cfg(target_arch = "wasm32")]
    let _ = (summary, raised_by);
    CodeInfo {
        code,
        severity,
        prevents,
        #[cfg(not(target_arch = "wasm32"))]
        summary,
        #[cfg(not(target_arch = "wasm32"))]
        raised_by,
    }
}

use Severity::{Error as E, Warning as W};

/// Every finding code, grouped by where it is raised.
pub const CODES: &[CodeInfo] = &[
    // configuration rules (src/validate/rules/*.rs)
    c("DESCRIBE_INCOMPLETE", E, Some("REQUIRED_FIELD_MISSING"), "the Lead or Contact describe lacks a field Salesforce requires on every record (`LastName`; a Lead's `Company`): it is partial, or the integration's user cannot see the field", "validate/rules/object_loaded.rs, preview/build.rs, record.rs, engine.rs (loadDescribe)"),
    c("OBJECT_NOT_LOADED", W, None, "a tab that is in use maps to an object whose describe is not loaded, so its rows cannot be checked (in a preview, the body is built without type checks)", "validate/rules/object_loaded.rs, preview/build.rs"),
    c("UNKNOWN_TARGET_FIELD", E, Some("INVALID_FIELD"), "the Salesforce field does not exist on the object", "validate/rules/target_field.rs, preview/build.rs"),
    c("TARGET_FIELD_WRONG_CASE", W, None, "the Salesforce field exists with other letter case (previews write the field's own spelling)", "validate/rules/target_field.rs"),
    c("UNKNOWN_SOURCE_FIELD", E, None, "the OnceHub field is not in the catalogue", "validate/rules/source_field.rs, preview/build.rs"),
    c("EMPTY_ROW", E, None, "a row has neither a OnceHub field nor a fallback, so it sends nothing", "validate/rules/source_field.rs"),
    c("TARGET_NOT_WRITABLE", E, Some("INVALID_FIELD_FOR_INSERT_UPDATE"), "the Salesforce field cannot be set on create (read-only, formula, auto-number, compound, id or reference); on a tab whose records are only updated (Contacts under `contactElseLead`), an update-only field can be set", "validate/rules/writable.rs, preview/build.rs"),
    c("INCOMPATIBLE_MAPPING", E, Some("INVALID_TYPE_ON_FIELD_IN_RECORD"), "the OnceHub field's values cannot be stored in the Salesforce field (`prevents` names the Salesforce error of the pair, such as INVALID_EMAIL_ADDRESS); text into a restricted picklist is accepted when the row's fallback is one of its values", "validate/rules/compatible.rs, preview/build.rs"),
    c("AMOUNT_IN_MINOR_UNITS", W, None, "a payment amount in the smallest currency unit (cents) is mapped to a currency field, which would store 100 times the amount", "validate/rules/compatible.rs"),
    c("DUPLICATE_TARGET", E, None, "two rows of one tab write the same Salesforce field", "validate/rules/duplicate_target.rs, preview/build.rs"),
    c("REQUIRED_FIELD_UNMAPPED", E, Some("REQUIRED_FIELD_MISSING"), "a field required on create has neither a mapping nor a fallback, on a tab that creates records (not Contacts under `contactElseLead`, which only updates them; a warning when a reduced describe leaves the requirement uncertain)", "validate/rules/required.rs"),
    c("REQUIRED_FIELD_NO_FALLBACK", E, Some("REQUIRED_FIELD_MISSING"), "a field required on create is mapped from a OnceHub field that can be empty, without a fallback, on a tab that creates records (a warning when a reduced describe leaves the requirement uncertain)", "validate/rules/required.rs"),
    c("EVENT_TIMING_UNMAPPED", E, Some("REQUIRED_FIELD_MISSING"), "an Event needs its start and its duration or end time", "validate/rules/event_rules.rs"),
    c("EVENT_TIMING_NOT_UPDATED", W, None, "the Event's start and end rows all have overwrite off, so a rescheduled booking never moves the Event", "validate/rules/event_rules.rs"),
    c("EVENT_TIMING_OVERWRITE_MIXED", W, None, "the Event's start row has overwrite off while its end or duration row has it on, so a reschedule can put the end before the start", "validate/rules/event_rules.rs"),
    c("EVENT_WHAT_ID_WITH_LEAD", E, Some("FIELD_INTEGRITY_EXCEPTION"), "WhatId must stay empty when the Event's WhoId is a Lead (in validate, when the Event describe is not loaded; with it, TARGET_NOT_WRITABLE says why)", "validate/rules/event_rules.rs, event_rules.rs"),
    c("EVENT_TIMES_DISAGREE", E, None, "an Event body whose end is before its start (StartDateTime, else ActivityDateTime), whose EndDateTime and DurationInMinutes do not add up, or whose ActivityDateTime or ActivityDate differs from StartDateTime; in validate, a fixed ActivityDate, ActivityDateTime or duration that cannot match every booking, one mapped from another OnceHub time than the start, or a start, end and duration that are not the booking's own (a warning when a start, end or duration row takes another built-in OnceHub time than the meeting's own, such as `end_time` as the start, or when one of the start and the end is a custom OnceHub field and the other the meeting's own)", "event_rules.rs, validate/rules/event_rules.rs"),
    c("EVENT_MULTIDAY", W, None, "an Event longer than a day, which Salesforce accepts only with multiday events enabled", "event_rules.rs"),
    c("EVENT_TOO_LONG", E, None, "an Event longer than 14 days, or a negative duration", "event_rules.rs"),
    c("EVENT_PRIVATE_LINKED", E, None, "a private Event (IsPrivate) linked to a person or a record", "validate/rules/event_rules.rs, event_rules.rs"),
    c("EVENTS_DISABLED", W, None, "the Events tab has rows but Events are switched off", "validate/rules/event_rules.rs"),
    c("CASES_WITHOUT_CALENDARS", W, None, "creating Cases is switched on but no booking calendar is selected, so no Case is ever created", "validate/rules/case_calendars.rs"),
    c("CASES_WITHOUT_ROWS", W, None, "Cases are switched on for selected booking calendars but the Cases tab has no rows, so no Case is created", "validate/rules/case_calendars.rs, preview/build.rs"),
    c("UNKNOWN_CASE_CALENDAR", E, None, "a selected booking calendar id is not one of the account's calendars (a warning, without the list, for a value that is not shaped as an id)", "validate/rules/case_calendars.rs"),
    c("DUPLICATE_CASE_CALENDAR", W, None, "a booking calendar is selected twice", "validate/rules/case_calendars.rs"),
    c("OVERWRITE_NOT_UPDATEABLE", W, Some("INVALID_FIELD_FOR_INSERT_UPDATE"), "overwrite is on for a field Salesforce does not let you update", "validate/rules/overwrite.rs"),
    c("UNMAPPED_CHOICE_OPTIONS", E, Some("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"), "some options of a OnceHub choice field have no value in the picklist and no value mapping (a warning for unrestricted picklists, or when the row's fallback is sent instead)", "validate/rules/value_map.rs"),
    c("VALUE_MAP_INVALID_TARGET", E, Some("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"), "a value mapping points to a value the picklist does not have (a warning for unrestricted picklists)", "validate/rules/value_map.rs"),
    c("VALUE_MAP_UNKNOWN_OPTION", W, None, "a value mapping names an option the OnceHub field does not have", "validate/rules/value_map.rs"),
    c("VALUE_MAP_AMBIGUOUS_KEYS", W, None, "two keys of a value map differ only in letter case or in `-`, `_` and spaces (which previews match loosely) and map to different values: a OnceHub value equal to neither gets the value of the key that sorts first (by character code), as previews look keys up", "validate/rules/value_map.rs"),
    c("VALUE_MAP_NOT_A_CHOICE", W, None, "a value mapping is set on a row whose source is a number or a yes/no value, which are never mapped (text, lists and dates are mapped when a value equals a key)", "validate/rules/value_map.rs"),
    c("PLACEHOLDER_FALLBACK", W, None, "a fallback looks like a placeholder (`Unspecified`, `email@example.com`, `0` ...) and would pollute the CRM", "validate/rules/placeholder.rs"),
    c("TRUNCATE_NOT_TEXT", W, None, "`truncate` is set on a row whose target is not a text field", "validate/rules/fallback_value.rs"),
    c("UNIQUE_FIELD_FIXED_VALUE", E, Some("DUPLICATE_VALUE"), "a static value in a unique field, which fits only one record (a warning for a fallback)", "validate/rules/fallback_value.rs"),
    // schema drift (src/validate/rules/drift.rs)
    c("DRIFT_FIELD_DELETED", E, Some("INVALID_FIELD"), "a mapped field no longer exists in the current describe", "validate/rules/drift.rs, drift.rs (loadDescribe)"),
    c("DRIFT_TYPE_CHANGED", E, Some("INVALID_TYPE_ON_FIELD_IN_RECORD"), "a mapped field changed type since the configuration was saved (a warning when the OnceHub field still fits the new type)", "validate/rules/drift.rs, drift.rs (loadDescribe)"),
    c("DRIFT_LENGTH_SHRUNK", W, Some("STRING_TOO_LONG"), "a mapped text field, or a picklist that receives free text, got shorter since the configuration was saved", "validate/rules/drift.rs, drift.rs (loadDescribe)"),
    c("DRIFT_PICKLIST_VALUE_DEACTIVATED", W, Some("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"), "picklist values the configuration relied on are no longer active", "validate/rules/drift.rs, drift.rs (loadDescribe)"),
    c("DRIFT_BECAME_REQUIRED", W, Some("REQUIRED_FIELD_MISSING"), "a field became required since the configuration was saved", "validate/rules/drift.rs, drift.rs (loadDescribe)"),
    // values: fallbacks (validate), outgoing bodies (preview), records (validateRecord) — src/value.rs
    c("VALUE_TOO_LONG", E, Some("STRING_TOO_LONG"), "text longer than the field's length", "value.rs"),
    c("VALUE_NOT_IN_PICKLIST", E, Some("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"), "not an active value of the picklist (a warning for unrestricted picklists)", "value.rs"),
    c("INVALID_EMAIL", E, Some("INVALID_EMAIL_ADDRESS"), "not a valid email address", "value.rs"),
    c("NOT_A_NUMBER", E, Some("JSON_PARSER_ERROR"), "not a number (JSON_PARSER_ERROR), or decimals in a whole-number field (INVALID_TYPE_ON_FIELD_IN_RECORD)", "value.rs"),
    c("NUMBER_OUT_OF_RANGE", E, Some("NUMBER_OUTSIDE_VALID_RANGE"), "more digits than the field's precision allows, or a latitude or longitude outside -90 to 90 or -180 to 180", "value.rs"),
    c("RECORD_TYPE_NOT_AVAILABLE", E, Some("INVALID_CROSS_REFERENCE_KEY"), "a RecordTypeId that is not an active record type of the object available to the integration's user (an id from another org, such as a sandbox)", "value.rs"),
    c("LINK_FIELD_NOT_WRITABLE", E, Some("INVALID_FIELD"), "the describe lacks a link field the integration sets itself (Event WhoId, Case ContactId: INVALID_FIELD), or it cannot be set on create (INVALID_FIELD_FOR_INSERT_UPDATE): field-level security hides it from the integration's user", "value.rs, preview/build.rs, validate/rules/writable.rs"),
    c("BOOKING_NOT_CONFIRMED", W, None, "a bare booking that awaits the host's approval (status requested): no Event or Case is written until OnceHub sends booking.scheduled", "preview/build.rs"),
    c("NO_PERSON_DATA", W, None, "a booking without any booker data (no contact, no form with a name, email or phone): no Lead or Contact is written and the Event and Case are linked to no one; a contact without a name, email or phone, or a chatbot conversation without its contact, writes nothing", "preview/build.rs"),
    c("LIFECYCLE_NOT_RECORDED", W, None, "a canceled, completed or no-show booking updates its Event, but no Events row maps the meeting's status, so Salesforce would not show what happened", "preview/build.rs"),
    c("VALUE_MAY_BE_TOO_LONG", W, Some("STRING_TOO_LONG"), "free text mapped to a text field shorter than 20 characters, or long text (a location, a booker's note) to one of at most 255, on a row that does not truncate: many values would be refused", "validate/rules/compatible.rs"),
    c("COORDINATE_WITHOUT_PAIR", E, Some("FIELD_INTEGRITY_EXCEPTION"), "a new record gives a latitude without its longitude, or the reverse (in validate, a tab with a row for one and none for the other; a warning for a row whose OnceHub field can be empty beside the other axis from another value)", "value.rs, record.rs, preview/build.rs, validate/rules/coordinates.rs"),
    c("NUMBER_DECIMALS_DROPPED", W, None, "more decimal digits than the field's scale: Salesforce drops the extra digits without a word", "value.rs"),
    c("INVALID_DATE", E, Some("JSON_PARSER_ERROR"), "not a `yyyy-MM-dd` date (a datetime in a date field is rejected too)", "value.rs"),
    c("STATE_COUNTRY_NAME_UNKNOWN", W, Some("FIELD_INTEGRITY_EXCEPTION"), "in an org with state and country picklists, a text state or country that is none of the org's names (Salesforce refuses other text; an admin may have renamed the integration values, so a warning)", "value.rs, validate/rules/states.rs"),
    c("AMOUNT_CURRENCY_UNMAPPED", W, None, "a payment amount is mapped to a currency field in an org that keeps several currencies, and no row sets the record's `CurrencyIsoCode`: the amount is stored in the integration user's default currency", "validate/rules/currency.rs"),
    c("AMOUNT_IN_FALLBACK_CURRENCY", W, None, "a booking paid in a currency the org does not keep: the record's `CurrencyIsoCode` gets its fallback, and a payment amount in the same record is stored as if it were in that currency", "preview/build.rs"),
    c("CURRENCY_MAY_BE_REFUSED", W, Some("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"), "the payment's currency is mapped to `CurrencyIsoCode` without a fallback: a booking paid in a currency the org has not enabled would be refused", "validate/rules/currency.rs"),
    c("STATE_COUNTRY_MISMATCH", E, Some("FIELD_INTEGRITY_EXCEPTION"), "in an org with state and country picklists, a state (code or name) that is not one of its country's, a name and a code that name different places (on an update), a new record's state without a country (the org's default country, when it has one, stands in), or (in a preview) a state sent to a record known to have no country; in validate, a tab that writes a state without any country, or fixed values that are not a pair", "value.rs, validate/rules/states.rs"),
    c("DATE_READ_LENIENTLY", W, None, "a date Salesforce accepts but reads leniently, storing another date: a year alone (1 January) or a month or day past its end (`2030-02-30` is stored as 2 March)", "value.rs"),
    c("INVALID_DATETIME", E, Some("JSON_PARSER_ERROR"), "not an ISO-8601 datetime Salesforce reads (an offset such as `+0000` needs a colon unless milliseconds come first)", "value.rs"),
    c("DATETIME_WITHOUT_OFFSET", W, None, "a datetime without `Z` or an offset, which Salesforce reads as UTC", "value.rs"),
    c("INVALID_TIME", E, Some("JSON_PARSER_ERROR"), "not a `HH:mm:ss.SSSZ` time", "value.rs"),
    c("NOT_A_BOOLEAN", E, Some("JSON_PARSER_ERROR"), "not `true` or `false`", "value.rs"),
    c("NOT_TEXT", E, Some("JSON_PARSER_ERROR"), "an object or array where Salesforce expects a single value", "value.rs"),
    c("MALFORMED_ID", E, Some("MALFORMED_ID"), "not a 15- or 18-character Salesforce id, or an 18-character id whose last three characters do not fit the capitals of its first fifteen (an id in lower case only is read by its suffix)", "value.rs"),
    c("ID_OF_WRONG_OBJECT", E, Some("FIELD_INTEGRITY_EXCEPTION"), "the id's key prefix belongs to an object the field cannot point to (or, for a record's own `Id`, another object)", "value.rs, record.rs, preview/build.rs"),
    // records (src/record.rs) and previews (src/preview/*.rs)
    c("RECORD_UNKNOWN_FIELD", E, Some("INVALID_FIELD"), "the record names a field the object does not have", "record.rs"),
    c("RECORD_FIELD_NOT_WRITABLE", E, Some("INVALID_FIELD_FOR_INSERT_UPDATE"), "the record sets a field that cannot be set by this operation", "record.rs"),
    c("RECORD_REQUIRED_MISSING", E, Some("REQUIRED_FIELD_MISSING"), "a create leaves a required field empty", "record.rs, preview/build.rs"),
    c("RECORD_REQUIRED_UNKNOWN", W, None, "a create leaves empty a field that may be required: the describe does not say (a reduced describe)", "record.rs, preview/build.rs"),
    c("RECORD_CLEARS_REQUIRED", E, Some("REQUIRED_FIELD_MISSING"), "an update sets a field that cannot be empty to null, or clears a timed Event's start, or both its end and duration (a clearWhenEmpty row on such a field, in validate)", "record.rs, preview/build.rs, validate/rules/fallback_value.rs"),
    c("CONVERTED_LEAD", E, Some("CANNOT_UPDATE_CONVERTED_LEAD"), "the existing Lead is converted: Salesforce refuses an update of it or an Event linked to it (a warning when the preview writes nothing to it and links nothing to it)", "preview/build.rs"),
    c("SOURCE_VALUE_UNUSABLE", E, None, "a OnceHub value could not be converted for its Salesforce field, or Salesforce would refuse it while the row has a fallback (a warning when the fallback is sent instead, and when OnceHub sent a related object as its id only, which leaves the row out as an empty value would)", "preview/build.rs"),
    c("EXISTING_RECORD_UNUSED", W, None, "a preview input gives an existing record the preview cannot use: a Lead or Contact of the kind the contact setting never writes, an Event while Events are off, a Case for a booking that creates none, or an Event or Case with a contact or chatbot conversation (which write neither)", "preview/build.rs"),
    c("INPUT_NOT_PREVIEWED", E, None, "an input of a previewMany batch that is not a OnceHub booking, contact or conversation (or is malformed): it gets no request", "preview/mod.rs"),
    c("NO_EXISTING_EVENT", W, None, "a lifecycle update (reschedule, cancel, ...), or a booking whose Case exists, without the id of the Event created for the booking", "preview/build.rs"),
    c("EXISTING_RECORD_MISMATCH", W, None, "a preview input's existing Lead or Contact has an Email other than the one the integration looks the person up by, so the lookup would not have found it", "preview/build.rs"),
    c("EXISTING_VALUES_UNKNOWN", W, None, "an update whose rows depend on the existing record's values (overwrite off, fallbacks), but its `fields`, or the fields these rows write, were not given", "preview/build.rs"),
    c("TIME_ZONE_ASSUMED", W, None, "a date or time is computed from a booking that names its time zone only by OnceHub v1's description (its region's zone, else its fixed offset is used), or that gives none with no `timeZone` configured (UTC is assumed)", "preview/build.rs"),
    c("API_VERSION_TOO_OLD", E, Some("NOT_FOUND"), "the configuration's `apiVersion` is older than 38.0, which has no Composite resource: every booking's request would be answered NOT_FOUND", "validate/rules/api_version.rs"),
    c("TIME_ZONE_WITHOUT_DST", W, None, "the configured `timeZone` is `EST` or `MST`: IANA names of fixed offsets, without the daylight saving time of the region they read like (use `America/New_York`)", "validate/rules/time_zone.rs"),
    c("UNKNOWN_TIME_ZONE", W, None, "the booking's (or the configured) time zone is not a known IANA zone, so a date is computed in another zone (validate checks `timeZone`)", "preview/build.rs, validate/rules/time_zone.rs"),
];

/// Looks a code up.
pub fn info(code: &str) -> Option<&'static CodeInfo> {
    CODES.iter().find(|c| c.code == code)
}

/// Compares JSON pointers segment by segment, numbers numerically (`/leads/2` < `/leads/10`).
pub fn compare_paths(a: &str, b: &str) -> std::cmp::Ordering {
    let mut x = a.split('/');
    let mut y = b.split('/');
    loop {
        match (x.next(), y.next()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(p), Some(q)) => {
                let ord = match (p.parse::<u64>(), q.parse::<u64>()) {
                    (Ok(m), Ok(n)) => m.cmp(&n),
                    _ => p.cmp(q),
                };
                if ord != std::cmp::Ordering::Equal {
                    return ord;
                }
            }
        }
    }
}

/// Sorts findings deterministically: errors first, then by path (numbers in order), then by code.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    crate::order::sort_by(diags, &|a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| compare_paths(&a.path, &b.path))
            .then_with(|| a.code.cmp(b.code))
            .then_with(|| a.message.cmp(&b.message))
    });
}

/// The markdown table of every code (docs/diagnostics.md).
#[cfg(not(target_arch = "wasm32"))]
pub fn markdown() -> String {
    use std::fmt::Write as _;
    let mut out = String::from(
        "# Diagnostic codes\n\nGenerated from `src/diagnostic.rs` (`CODES`); a test keeps this file in step.\n\
         Every finding of `validate`, `preview` and `validateRecord` carries one of these codes. Codes never change meaning.\n\
         In `validate`, a finding on a tab that is not in use (Cases with no calendar selected, Events off, a Contacts or Leads tab the contact setting never writes) is a warning whatever its severity below, as nothing is sent from that tab.\n\n\
         | code | severity | prevents (Salesforce error) | meaning | raised by |\n|---|---|---|---|---|\n",
    );
    for c in CODES {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | `src/{}` |",
            c.code,
            match c.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            c.prevents.map_or("—".to_string(), |p| format!("`{p}`")),
            c.summary.replace('|', "\\|"),
            c.raised_by
        );
    }
    out
}

/// The TypeScript union of every code, for `src/wasm/types.d.ts` (between its
/// `BEGIN DiagnosticCode` and `END DiagnosticCode` lines).
pub fn typescript_union() -> String {
    let mut out = String::from("export type DiagnosticCode =\n");
    let mut line = String::from("  |");
    for c in CODES {
        let item = format!(" \"{}\" |", c.code);
        if line.len() + item.len() > 100 {
            line.pop();
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from("  |");
        }
        line.push_str(&item);
    }
    line.pop();
    out.push_str(line.trim_end());
    out.push_str(";\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for c in CODES {
            assert!(seen.insert(c.code), "duplicate code {}", c.code);
        }
    }

    #[test]
    fn docs_diagnostics_md_matches_the_registry() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/diagnostics.md");
        let want = markdown();
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            have == want,
            "docs/diagnostics.md is stale: run `UPDATE_DOCS=1 cargo test --lib diagnostic`"
        );
    }

    #[test]
    fn the_typescript_union_of_codes_matches_the_registry() {
        const BEGIN: &str = "// BEGIN DiagnosticCode (generated from CODES in src/diagnostic.rs)\n";
        const END: &str = "// END DiagnosticCode\n";
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/wasm/types.d.ts");
        let have = std::fs::read_to_string(path).unwrap();
        let (head, rest) = have.split_once(BEGIN).expect("BEGIN DiagnosticCode line");
        let (block, tail) = rest.split_once(END).expect("END DiagnosticCode line");
        let want = typescript_union();
        if std::env::var_os("UPDATE_DOCS").is_some() && block != want {
            std::fs::write(path, format!("{head}{BEGIN}{want}{END}{tail}")).unwrap();
            return;
        }
        assert!(
            block == want,
            "src/wasm/types.d.ts DiagnosticCode is stale: run `UPDATE_DOCS=1 cargo test --lib diagnostic`"
        );
    }
}
