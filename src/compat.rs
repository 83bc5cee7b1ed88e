//! Compatibility of a OnceHub source field with a Salesforce field: a grade (`exact`,
//! `converts`, `lossy`) or the plain-words reasons why the pair can never work.

use crate::catalogue::{SourceField, ValueType};
use crate::describe::{Field, FieldType, SObject};
use crate::required;
use serde::Serialize;

/// A number field with fewer whole digits than this cannot hold every OnceHub number (a
/// `number(3, 0)` rejects 1000): `lossy`, not `exact`.
const SMALL_NUMBER_DIGITS: u32 = 6;

/// How well a source fits a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Grade {
    /// Same kind of value; every value fits.
    Exact,
    /// Values are converted (number → text, datetime → date, options → picklist values).
    Converts,
    /// Some values may not fit (too long, decimals into an integer, free text into a picklist).
    Lossy,
}

/// The verdict for one source → target pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// `None` = incompatible.
    pub grade: Option<Grade>,
    /// For incompatible pairs: why. For compatible ones: the facts behind the grade.
    pub reasons: Vec<String>,
    /// Short note for `converts` / `lossy`.
    pub note: String,
    /// Choice options without an active picklist value of the same name.
    pub unmatched_options: Vec<String>,
}

/// The ISO 4217 currency code of a booking's payment.
pub(crate) const CURRENCY_SOURCE: &str = "payment_currency";

/// The OnceHub amount in the smallest currency unit (cents for USD).
pub(crate) const MINOR_UNITS_SOURCE: &str = "payment_amount";
/// The payment's amount in the currency's main unit.
pub(crate) const MAJOR_UNITS_SOURCE: &str = "payment_amount_major";

/// Is `id` one of the payment's amounts (in cents, or in the main unit)?
pub(crate) fn is_payment_amount(id: &str) -> bool {
    id == MINOR_UNITS_SOURCE || id == MAJOR_UNITS_SOURCE
}

/// Reference fields the integration owns, never offered for mapping: `WhoId` and `ContactId`
/// it sets; `WhatId` it keeps empty.
pub const ENGINE_SET_FIELDS: &[(&str, &str)] = &[
    ("Event", "WhoId"),
    ("Event", "WhatId"),
    ("Case", "ContactId"),
];

pub(crate) fn engine_sets(object: &str, field: &str) -> bool {
    ENGINE_SET_FIELDS
        .iter()
        .any(|(o, f)| o.eq_ignore_ascii_case(object) && f.eq_ignore_ascii_case(field))
}

/// Reasons a field can never be filled from a OnceHub field (empty = writable on create).
pub fn write_blockers(object: &SObject, field: &Field) -> Vec<String> {
    blockers(object, field, true, true)
}

/// [`write_blockers`] for a tab whose records the integration only updates (Contacts under
/// `contactElseLead`): an update-only field is writable there.
pub fn update_blockers(object: &SObject, field: &Field) -> Vec<String> {
    blockers(object, field, true, false)
}

/// Can a row of a tab that only updates its records write `field` with a OnceHub value? As
/// [`Field::blocked_on_create`], but a field that is not createable and is updateable is
/// writable.
pub fn blocked_on_update(field: &Field) -> bool {
    if field.createable == Some(false) && field.updateable == Some(true) {
        field.field_type == FieldType::Reference || field.never_written()
    } else {
        field.blocked_on_create()
    }
}

/// Can a row write `field` at all: by [`blocked_on_update`] on a tab whose records the
/// integration only updates, else by [`Field::blocked_on_create`]? `true` = it cannot.
pub fn blocked_for(field: &Field, updates_only: bool) -> bool {
    if updates_only {
        blocked_on_update(field)
    } else {
        field.blocked_on_create()
    }
}

/// [`grade`] for a row of a tab whose records are only updated when `updates_only` (an
/// update-only field is writable there): `None` when the row cannot write the field or the
/// types do not fit.
pub fn grade_for(source: &SourceField, field: &Field, updates_only: bool) -> Option<Grade> {
    if blocked_for(field, updates_only) {
        return None;
    }
    grade_types(source, field, false).ok().map(|(g, _, _)| g)
}

/// Reasons a field can never take a static value (empty = writable on create). Unlike
/// [`write_blockers`], a fixed record id may go into a reference field the integration does not
/// set itself (an owner queue, a record type).
pub fn static_blockers(object: &SObject, field: &Field) -> Vec<String> {
    blockers(object, field, false, true)
}

fn blockers(object: &SObject, field: &Field, from_source: bool, creates: bool) -> Vec<String> {
    let mut out = Vec::new();
    let name = &field.name;
    match field.field_type {
        FieldType::Id => out.push(format!("`{name}` is the record id; Salesforce assigns it")),
        FieldType::Address | FieldType::Location => {
            let parts: Vec<&str> = object
                .fields
                .iter()
                .filter(|f| f.compound_field_name.as_deref() == Some(name.as_str()))
                .map(|f| f.name.as_str())
                .collect();
            let parts = if parts.is_empty() {
                String::new()
            } else {
                format!(": map its parts (`{}`)", parts.join("`, `"))
            };
            out.push(format!("`{name}` is a compound field and read-only{parts}"));
        }
        FieldType::Reference if from_source || engine_sets(&object.name, name) => {
            let to = field.reference_to.join(", ");
            if name.eq_ignore_ascii_case("WhatId") {
                // Kept empty: Salesforce refuses a WhatId when WhoId is a Lead (and new OnceHub
                // contacts can become Leads).
                out.push(format!(
                    "`{name}` stays empty: the integration links each Event to its Lead or Contact through WhoId only (and Salesforce refuses a WhatId beside a Lead)"
                ));
            } else if engine_sets(&object.name, name) {
                out.push(format!(
                    "`{name}` links the record to {to} records; the integration sets it itself"
                ));
            } else {
                out.push(format!(
                    "`{name}` holds the id of a Salesforce record ({to}), which no OnceHub field contains"
                ));
            }
        }
        _ => {}
    }
    // Createable in full describes (for data imports), but a Lead is converted by Salesforce's
    // lead conversion, which creates its Account and Contact; a flag alone breaks the record.
    if field.is_lead_conversion_flag() {
        out.push(format!(
            "`{name}` marks a converted Lead; Salesforce's lead conversion sets it, never the integration"
        ));
    }
    // Writable on Event, but they turn the Event into a recurring series (with `IsRecurrence`
    // and `RecurrenceType`, or an RFC 5545 rule in `Recurrence2PatternText`); each booking is
    // one meeting, so a value there is refused or makes a malformed series.
    if field.is_series_field() {
        out.push(format!(
            "`{name}` defines a recurring series of Events; the integration creates one Event per meeting"
        ));
    }
    if field.calculated {
        out.push(format!(
            "`{name}` is a formula field; Salesforce computes it"
        ));
    }
    if field.auto_number {
        out.push(format!(
            "`{name}` is an auto-number field; Salesforce assigns it"
        ));
    }
    if field.deprecated_and_hidden {
        out.push(format!("`{name}` is deprecated and hidden"));
    }
    if field.is_system_field_of_reduced_describe() && out.is_empty() {
        out.push(format!(
            "`{name}` is set by Salesforce (the describe does not say `createable`; this is a system field)"
        ));
    }
    // A reference field's own reason does not say the field is read-only too.
    let read_only_unsaid = out.is_empty()
        || (field.field_type == FieldType::Reference
            && out.len() == 1
            && !engine_sets(&object.name, name));
    if field.createable == Some(false) && read_only_unsaid {
        if field.updateable == Some(true) {
            if !creates {
                return out;
            }
            out.push(format!(
                "`{name}` cannot be set when a record is created (it is update-only)"
            ));
        } else {
            out.push(format!(
                "`{name}` is read-only (not createable, not updateable)"
            ));
        }
    }
    out
}

/// Characters a source value can reach, for length checks: the longest value the type or the
/// options fix (`SourceField::max_length`), else a nominal length for free text.
fn nominal_length(source: &SourceField) -> u32 {
    if let Some(n) = source.max_length {
        return n;
    }
    match source.value_type {
        ValueType::LongText | ValueType::TextList => 32_000,
        ValueType::Email => 80,
        ValueType::Phone => 40,
        ValueType::Number | ValueType::Integer => 20,
        // Text, URLs, and choices without options.
        _ => 255,
    }
}

fn text_fit(source: &SourceField, field: &Field, how: &str) -> (Grade, String) {
    let need = nominal_length(source);
    match field.length {
        Some(len) if len > 0 && len < need => (
            Grade::Lossy,
            format!(
                "{how}values longer than {len} characters are rejected (STRING_TOO_LONG) unless the row truncates them"
            ),
        ),
        None => (
            if how.is_empty() { Grade::Exact } else { Grade::Converts },
            format!("{how}the describe does not give the field's length"),
        ),
        _ => (
            if how.is_empty() { Grade::Exact } else { Grade::Converts },
            how.trim_end_matches("; ").to_string(),
        ),
    }
}

fn picklist_cover(source: &SourceField, field: &Field) -> Vec<String> {
    source
        .options
        .iter()
        .filter(|o| !field.has_active_value(o))
        .cloned()
        .collect()
}

/// "option `A` is not a picklist value: map it, or it is" / "options `A`, `B` are not
/// picklist values: map them, or they are".
fn options_are(items: &[String], quote: &dyn Fn(&[String]) -> String) -> String {
    if items.len() == 1 {
        format!(
            "option {} is not a picklist value: map it, or it is",
            quote(items)
        )
    } else {
        format!(
            "options {} are not picklist values: map them, or they are",
            quote(items)
        )
    }
}

/// "option `A` needs" / "options `A`, `B` need".
fn options_need(items: &[String], quote: &dyn Fn(&[String]) -> String) -> String {
    if items.len() == 1 {
        format!("option {} needs", quote(items))
    } else {
        format!("options {} need", quote(items))
    }
}

fn quote_list(items: &[String]) -> String {
    let shown: Vec<String> = items.iter().take(5).map(|s| format!("`{s}`")).collect();
    let more = items.len().saturating_sub(5);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// The Salesforce error an incompatible pair would meet, by the target's type.
pub(crate) fn incompatible_prevents(field: &Field) -> &'static str {
    if field.place_names.is_some() {
        return "FIELD_INTEGRITY_EXCEPTION";
    }
    match field.field_type {
        FieldType::Email => "INVALID_EMAIL_ADDRESS",
        FieldType::Picklist | FieldType::Multipicklist if field.restricted_picklist => {
            "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"
        }
        FieldType::Date | FieldType::Datetime | FieldType::Time | FieldType::Boolean => {
            "JSON_PARSER_ERROR"
        }
        _ => "INVALID_TYPE_ON_FIELD_IN_RECORD",
    }
}

/// Grades a pair; `Err(reason)` when the types can never match.
#[expect(
    clippy::too_many_lines,
    reason = "one match over the source × target type table reads best as one piece"
)]
fn grade_types(
    source: &SourceField,
    field: &Field,
    words: bool,
) -> Result<(Grade, String, Vec<String>), String> {
    use FieldType as F;
    use ValueType as V;
    let st = source.value_type.as_str();
    let incompatible = || {
        Err(if words {
            format!(
                "a OnceHub {st} value cannot be stored in a field of type `{}`",
                field.type_label()
            )
        } else {
            String::new()
        })
    };
    // The options named in a note; `grade` alone builds no words.
    let quote_list = |items: &[String]| {
        if words {
            quote_list(items)
        } else {
            String::new()
        }
    };
    let restricted = field.restricted_picklist;
    // With state and country picklists, the text State and Country take only the org's names.
    if let Some(codes) = &field.place_names {
        let what = if crate::value::ends_with_ci(&field.name, "State") {
            "state"
        } else {
            "country"
        };
        return match source.value_type {
            // A choice or a list sends one name when one is chosen or listed.
            V::Text | V::LongText | V::SingleChoice | V::MultipleChoice | V::TextList => Ok((
                Grade::Lossy,
                if words {
                    format!(
                        "with state and country picklists, `{}` takes only the org's {what} names (as `{codes}` labels them); other text is refused (FIELD_INTEGRITY_EXCEPTION)",
                        field.name
                    )
                } else {
                    String::new()
                },
                vec![],
            )),
            _ => Err(if words {
                format!(
                    "with state and country picklists, `{}` takes only the org's {what} names (as `{codes}` labels them), and a OnceHub {st} value is never one (FIELD_INTEGRITY_EXCEPTION)",
                    field.name
                )
            } else {
                String::new()
            }),
        };
    }
    match (source.value_type, &field.field_type) {
        (_, F::Base64 | F::Anytype | F::Json | F::Unsupported | F::Long)
            if !matches!(
                (source.value_type, &field.field_type),
                (V::Integer | V::Number, F::Long)
            ) =>
        {
            Err(format!("Salesforce type `{}` is not supported for mapping", field.raw_type))
        }
        // ---- text-like sources
        (
            V::Text | V::LongText | V::Email | V::Phone | V::Url,
            F::String | F::Textarea | F::Combobox | F::Encryptedstring,
        )
        | (V::SingleChoice, F::String | F::Textarea | F::Encryptedstring) => {
            let (g, n) = text_fit(source, field, "");
            Ok((g, n, vec![]))
        }
        (V::Text | V::LongText, F::Phone | F::Url) => Ok((
            Grade::Lossy,
            format!("text is sent as it is; Salesforce does not check {} format", if field.field_type == F::Phone { "phone" } else { "URL" }),
            vec![],
        )),
        (V::Text | V::LongText, F::Email) => Err(
            "free text is not always an email address; Salesforce rejects invalid ones (INVALID_EMAIL_ADDRESS)".to_string(),
        ),
        // The payment's ISO 4217 code into a picklist of currency codes (`CurrencyIsoCode` of
        // a multi-currency org): the same codes, sent in the picklist's spelling.
        (V::Text, F::Picklist) if source.id == CURRENCY_SOURCE && field.is_currency_code_picklist() => Ok((
            if restricted { Grade::Lossy } else { Grade::Converts },
            if restricted {
                "the payment's ISO 4217 code is sent; a currency the org has not enabled is rejected (INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST), so give the row a fallback"
            } else {
                "the payment's ISO 4217 code is sent; a code that is not a picklist value is stored as an inactive value"
            }
            .to_string(),
            vec![],
        )),
        (V::Text | V::LongText, F::Picklist | F::Multipicklist) => {
            if restricted {
                Err(format!(
                    "`{}` is a restricted picklist that accepts only its {} values; free text cannot be guaranteed to match (INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST){}",
                    field.name,
                    field.active_values().count(),
                    if field.field_type == F::Picklist {
                        " unless the row's fallback is one of them, which is then sent for other text"
                    } else {
                        ""
                    }
                ))
            } else {
                let mut note = if field.unknown_facts.contains(&crate::describe::Fact::RestrictedPicklist) {
                    "the describe does not say whether the picklist is restricted: if it is, text that is not one of its values is rejected (INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST); if not, it is stored as an inactive value".to_string()
                } else {
                    "text that is not a picklist value is stored as an inactive value".to_string()
                };
                if let Some(max) = field.length.filter(|l| *l > 0) {
                    note = format!(
                        "{note}; values longer than {max} characters are rejected (STRING_TOO_LONG)"
                    );
                }
                Ok((Grade::Lossy, note, vec![]))
            }
        }
        (V::Email, F::Email)
        | (V::Phone, F::Phone)
        | (V::Url, F::Url)
        | (V::Boolean, F::Boolean)
        | (V::Date, F::Date)
        | (V::Datetime, F::Datetime) => Ok((Grade::Exact, String::new(), vec![])),
        // ---- numbers
        // OnceHub charges in the smallest currency unit: 5000 is $50.00, not $5,000.
        (V::Integer, F::Currency) if source.id == MINOR_UNITS_SOURCE => Ok((
            Grade::Lossy,
            "the amount is in the smallest currency unit (cents): 5000 would be stored as 5,000.00, not 50.00; map `Payment amount` for the amount itself".to_string(),
            vec![],
        )),
        (V::Number | V::Integer, F::Double | F::Currency | F::Percent) => {
            let whole = field
                .precision
                .filter(|p| *p > 0)
                .map(|p| p.saturating_sub(field.scale.unwrap_or(0)));
            if let Some(w) = whole.filter(|w| *w < SMALL_NUMBER_DIGITS) {
                return Ok((
                    Grade::Lossy,
                    format!("the field holds {w} digits before the decimal point; larger values are rejected (NUMBER_OUTSIDE_VALID_RANGE)"),
                    vec![],
                ));
            }
            let mut notes = Vec::new();
            if let Some(w) = whole {
                notes.push(format!("values over {w} digits before the decimal point are rejected (NUMBER_OUTSIDE_VALID_RANGE)"));
            }
            // A field with fewer decimal places than the value keeps only those: Salesforce
            // silently drops the rest, so the value stored is not the value sent. A payment's
            // amount has cents; another number may have any decimals.
            let decimals = if source.id == MAJOR_UNITS_SOURCE { 2 } else { 1 };
            let drops_decimals = source.value_type == V::Number
                && field.scale.is_some_and(|scale| scale < decimals);
            if drops_decimals {
                notes.push(if field.scale == Some(0) {
                    "the field has no decimal places: Salesforce silently drops the decimals (2.5 is stored as 2)"
                        .to_string()
                } else {
                    "the field keeps one decimal place: Salesforce silently drops the cents (12.34 is stored as 12.3)"
                        .to_string()
                });
            }
            let grade = if drops_decimals {
                Grade::Lossy
            } else {
                Grade::Exact
            };
            Ok((grade, notes.join("; "), vec![]))
        }
        (V::Integer, F::Int | F::Long) => Ok((
            if field.digits.is_some_and(|d| d > 0 && d < SMALL_NUMBER_DIGITS) {
                Grade::Lossy
            } else {
                Grade::Exact
            },
            field
                .digits
                .filter(|d| *d > 0)
                .map(|d| format!("values over {d} digits are rejected (NUMBER_OUTSIDE_VALID_RANGE)"))
                .unwrap_or_default(),
            vec![],
        )),
        (V::Number, F::Int | F::Long) => Ok((
            Grade::Lossy,
            "numbers with decimals are rejected by a whole-number field".to_string(),
            vec![],
        )),
        (V::Number | V::Integer, F::String | F::Textarea | F::Combobox) => {
            let (g, n) = text_fit(source, field, "the number is sent as text; ");
            Ok((g, n, vec![]))
        }
        // ---- booleans
        (V::Boolean, F::String | F::Textarea | F::Combobox) => Ok((
            Grade::Converts,
            "sent as the text `true` or `false`".to_string(),
            vec![],
        )),
        // ---- dates and times
        (V::Date, F::Datetime) => Ok((
            Grade::Converts,
            "sent as midnight UTC of that date".to_string(),
            vec![],
        )),
        (V::Datetime, F::Date) => Ok((
            Grade::Converts,
            "sent as the calendar date in the booking's time zone (else the contact's, the configured or the host's; UTC when none is known)".to_string(),
            vec![],
        )),
        (V::Datetime, F::Time) => Ok((
            Grade::Converts,
            "sent as the time of day in the booking's time zone (else the contact's, the configured or the host's; UTC when none is known), written HH:mm:ss.SSSZ: a Salesforce time field has no time zone".to_string(),
            vec![],
        )),
        (V::Date | V::Datetime, F::String | F::Textarea | F::Combobox) => {
            let how = if source.value_type == V::Date {
                "sent as text `yyyy-MM-dd`; "
            } else {
                "sent as ISO-8601 UTC text; "
            };
            let (g, n) = text_fit(source, field, how);
            Ok((g, n, vec![]))
        }
        // ---- choices
        (V::SingleChoice, F::Picklist | F::Combobox | F::Multipicklist) => {
            let unmatched = picklist_cover(source, field);
            let multi = if field.field_type == F::Multipicklist {
                "sent as one selected value; "
            } else {
                ""
            };
            if unmatched.is_empty() {
                let g = if multi.is_empty() { Grade::Exact } else { Grade::Converts };
                Ok((g, multi.trim_end_matches("; ").to_string(), unmatched))
            } else if field.field_type == F::Combobox || !restricted {
                Ok((
                    Grade::Converts,
                    format!(
                        "{multi}{} stored {}",
                        options_are(&unmatched, &quote_list),
                        if field.field_type == F::Combobox {
                            "as typed"
                        } else {
                            "as inactive values of the picklist"
                        }
                    ),
                    unmatched,
                ))
            } else {
                Ok((
                    Grade::Converts,
                    format!(
                        "{multi}{} a value map to the restricted picklist",
                        options_need(&unmatched, &quote_list)
                    ),
                    unmatched,
                ))
            }
        }
        (V::MultipleChoice, F::Multipicklist) => {
            let unmatched = picklist_cover(source, field);
            if unmatched.is_empty() {
                Ok((Grade::Exact, "values joined with `;`".to_string(), unmatched))
            } else if restricted {
                Ok((
                    Grade::Converts,
                    format!("{} a value map to the restricted picklist", options_need(&unmatched, &quote_list)),
                    unmatched,
                ))
            } else {
                Ok((
                    Grade::Converts,
                    format!("{} stored outside the picklist's values", options_are(&unmatched, &quote_list)),
                    unmatched,
                ))
            }
        }
        (V::MultipleChoice, F::Picklist) => Err(format!(
            "several selected options cannot go into the single-select picklist `{}`",
            field.name
        )),
        (V::MultipleChoice | V::TextList, F::String | F::Textarea | F::Combobox) => {
            let how = if source.value_type == V::TextList {
                "values joined with `, `; "
            } else {
                "selected options joined with `; `; "
            };
            let (g, n) = text_fit(source, field, how);
            Ok((g, n, vec![]))
        }
        (V::TextList, F::Multipicklist) if !restricted => Ok((
            Grade::Lossy,
            "each entry becomes a picklist value; unknown ones are stored as inactive values".to_string(),
            vec![],
        )),
        _ => incompatible(),
    }
}

/// Does the row make an incompatible text → restricted picklist pair work? Its fallback is a
/// value of the picklist, so a text the picklist lacks (after the row's value map) gets the
/// fallback instead, as previews do (an event type's name into a restricted `Type`).
pub fn rescued_by_row(source: &SourceField, field: &Field, row: &crate::config::Row) -> bool {
    matches!(source.value_type, ValueType::Text | ValueType::LongText)
        && field.field_type == FieldType::Picklist
        && field.restricted_picklist
        && row
            .fallback
            .as_ref()
            .is_some_and(|f| !f.is_blank() && field.has_active_value(f.as_text().trim()))
}

/// The grade of a pair, or `None` when incompatible; no words are built (fast path for lists
/// and validation).
pub fn grade(source: &SourceField, field: &Field) -> Option<Grade> {
    if field.blocked_on_create() {
        return None;
    }
    grade_types(source, field, false).ok().map(|(g, _, _)| g)
}

/// Assesses a source → target pair.
pub fn assess(object: &SObject, source: &SourceField, field: &Field) -> Assessment {
    let blockers = write_blockers(object, field);
    let typed = grade_types(source, field, true);
    let mut reasons = blockers;
    match typed {
        Err(reason) => {
            reasons.push(reason);
            Assessment {
                grade: None,
                reasons,
                note: String::new(),
                unmatched_options: vec![],
            }
        }
        Ok((grade, note, unmatched)) => {
            if !reasons.is_empty() {
                return Assessment {
                    grade: None,
                    reasons,
                    note: String::new(),
                    unmatched_options: vec![],
                };
            }
            let mut facts = vec![format!(
                "OnceHub {} `{}` → Salesforce {} `{}`",
                source.value_type.as_str(),
                source.id,
                field.type_label(),
                field.name
            )];
            if !note.is_empty() {
                facts.push(note.clone());
            }
            if field.updateable == Some(false) {
                facts.push(format!(
                    "`{}` can be set on create only; updates leave it as it is",
                    field.name
                ));
            }
            if field.dependent_picklist {
                if let Some(ctl) = &field.controller_name {
                    facts.push(format!(
                        "`{}` depends on `{ctl}`: Salesforce's own screens offer only the values valid for the controlling value (the API does not enforce it)",
                        field.name
                    ));
                }
            }
            if !field.unknown_facts.is_empty() {
                let names: Vec<String> = field
                    .unknown_facts
                    .iter()
                    .map(|f| f.attribute().to_string())
                    .collect();
                facts.push(format!(
                    "the describe does not say: {} (assumed writable)",
                    names.join(", ")
                ));
            }
            Assessment {
                grade: Some(grade),
                reasons: facts,
                note,
                unmatched_options: unmatched,
            }
        }
    }
}

/// Compatible fields for a source, required first (by the schema or by an object rule, as
/// [`required::requirements`] lists them), then by label, then by API name. The assessments carry
/// grade, note and unmatched options; `reasons` is left empty (see [`assess`]). The flag says
/// whether the field is required.
pub fn compatible_fields<'a>(
    object: &'a SObject,
    source: &SourceField,
) -> Vec<(&'a Field, Assessment, bool)> {
    let required = required::RequiredNames::of(object);
    let mut out: Vec<(&Field, Assessment, bool)> = object
        .fields
        .iter()
        .filter_map(|f| {
            if f.blocked_on_create() {
                return None;
            }
            // The list needs the grade and its note, not the full explanation.
            let (grade, note, unmatched_options) = grade_types(source, f, true).ok()?;
            let a = Assessment {
                grade: Some(grade),
                reasons: Vec::new(),
                note,
                unmatched_options,
            };
            Some((f, a, required.contains(&f.name)))
        })
        .collect();
    crate::order::sort_by_key(&mut out, |(f, _, req)| {
        (!*req, sort_key(&f.label), f.name.clone())
    });
    out
}

/// A label as it sorts for people: without letter case or accents (`Émploi` near `Email`).
pub fn sort_key(label: &str) -> String {
    label
        .chars()
        .map(|c| crate::text::unaccented(crate::text::lower(c)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{sort_key, Grade};

    #[test]
    fn a_number_into_a_field_without_decimals_is_lossy() {
        let mut e = crate::engine::Engine::new();
        e.load_describe(
            r#"{"name":"Line_Item__c","fields":[
            {"name":"Units_Sold__c","type":"double","precision":18,"scale":0,"createable":true,"updateable":true,"nillable":true,"defaultedOnCreate":false},
            {"name":"Price__c","type":"currency","precision":18,"scale":2,"createable":true,"updateable":true,"nillable":true,"defaultedOnCreate":false}]}"#,
        )
        .unwrap();
        let x = e
            .explain("Line_Item__c", "payment_amount_major", "Units_Sold__c")
            .unwrap();
        assert_eq!(x.grade, Some(Grade::Lossy));
        assert!(
            x.reasons.iter().any(|r| r.contains("drops the decimals")),
            "{:?}",
            x.reasons
        );
        // A whole number loses nothing; a field with decimal places keeps them.
        let whole = e
            .explain("Line_Item__c", "employees", "Units_Sold__c")
            .unwrap();
        assert_eq!(whole.grade, Some(Grade::Exact));
        let price = e
            .explain("Line_Item__c", "payment_amount_major", "Price__c")
            .unwrap();
        assert_eq!(price.grade, Some(Grade::Exact));
        // An amount with cents into a field of one decimal place loses the cents.
        let mut e = crate::engine::Engine::new();
        e.load_describe(
            r#"{"name":"Deal__c","fields":[
            {"name":"Rounded__c","type":"currency","precision":18,"scale":1,"createable":true,"updateable":true,"nillable":true,"defaultedOnCreate":false}]}"#,
        )
        .unwrap();
        let x = e
            .explain("Deal__c", "payment_amount_major", "Rounded__c")
            .unwrap();
        assert_eq!(x.grade, Some(Grade::Lossy));
        assert!(
            x.reasons.iter().any(|r| r.contains("drops the cents")),
            "{:?}",
            x.reasons
        );
    }

    #[test]
    fn labels_sort_without_case_or_accents() {
        let mut labels = vec!["Zip/Postal Code", "Émploi", "email", "Ville", "Échéance"];
        labels.sort_by_key(|l| sort_key(l));
        assert_eq!(
            labels,
            ["Échéance", "email", "Émploi", "Ville", "Zip/Postal Code"]
        );
    }
}
