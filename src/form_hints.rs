//! `formHints(config)`: Salesforce's constraints pushed back to where the data is entered. For
//! each OnceHub question a used tab maps (booking-form, routing-form and chatbot answers saved
//! to contact fields, and the booker's note), what the question should enforce so that the
//! answer reaches Salesforce as it is: required, a length limit, a choice of the values a
//! restricted picklist takes, an email or number format. A fallback keeps the integration
//! running; a required question keeps placeholders out of the CRM.

use crate::catalogue::{Derivation, SourceField, ValueType};
use crate::config::{MappingConfig, Tab};
use crate::describe::{Field, FieldType};
use crate::engine::Engine;
use crate::required::{schema_required, source_can_be_empty};
use crate::validate::{Ctx, RowCtx};
use serde::Serialize;

/// Built-in OnceHub fields that a booking form asks (its name question fills the derived name
/// fields). Registered custom fields are answers by definition.
const ASKED: &[&str] = &[
    "first_name",
    "last_name",
    "last_name_or_name",
    "full_name",
    "email",
    "phone",
    "mobile_phone",
    "company",
    "company_size",
    "employees",
    "job_title",
    "salutation",
    "street_address",
    "city",
    "state",
    "post_code",
    "country",
    "note",
];

/// The format an answer should be asked in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Format {
    /// An email address (Salesforce refuses others: `INVALID_EMAIL_ADDRESS`).
    Email,
    /// A number.
    Number,
    /// A whole number.
    WholeNumber,
    /// A date.
    Date,
}

/// What one question should enforce, and which rows ask for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FormHint {
    /// The OnceHub field (`company`, `custom.team_size`).
    pub source: String,
    /// Its label.
    pub label: String,
    /// For a registered answer: its name in OnceHub's payloads (the question's label).
    pub question: Option<String>,
    /// Make the question required: a record the integration creates needs the value.
    pub required: bool,
    /// Limit answers to this many characters (the shortest Salesforce field the answer goes to).
    pub max_length: Option<u32>,
    /// Ask a choice of these values: a restricted picklist takes no other text.
    pub options: Option<Vec<String>>,
    /// Ask the answer in this format.
    pub format: Option<Format>,
    /// Why, row by row.
    pub reasons: Vec<HintReason>,
}

/// One row's reason for a hint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HintReason {
    /// `required`, `maxLength`, `options` or `format`.
    pub hint: &'static str,
    /// The row's tab.
    pub tab: Tab,
    /// The row's index in its tab.
    pub row: usize,
    /// The Salesforce field (`Lead.Company`).
    pub field: String,
    /// In words.
    pub message: String,
}

/// Every question's hints, in the order of the first row that maps each (tab by tab, row by
/// row). Rows of tabs the settings never use, and rows whose field is not in a loaded
/// describe, give none.
pub fn form_hints(engine: &Engine, config: &MappingConfig) -> Vec<FormHint> {
    let ctx = Ctx::new(engine, config);
    let mut out: Vec<FormHint> = Vec::new();
    let mut position: crate::text::FastMap<&str, usize> = crate::text::FastMap::default();
    for r in &ctx.rows {
        let (Some(source), Some(field), Some(object)) = (r.source, r.field, r.object) else {
            continue;
        };
        if !ctx.tab_in_use(r.tab) || !(source.custom || ASKED.contains(&source.id.as_str())) {
            continue;
        }
        let reasons = row_reasons(&ctx, r, source, field, &object.name);
        if reasons.is_empty() {
            continue;
        }
        // One hint per question, found through an index (a config may have thousands of rows).
        let at = *position.entry(source.id.as_str()).or_insert_with(|| {
            out.push(FormHint {
                source: source.id.clone(),
                label: source.label.clone(),
                question: source.payload_name().map(str::to_string),
                required: false,
                max_length: None,
                options: None,
                format: None,
                reasons: Vec::new(),
            });
            out.len() - 1
        });
        let Some(hint) = out.get_mut(at) else {
            continue;
        };
        for (reason, what) in reasons {
            match what {
                What::Required => hint.required = true,
                What::MaxLength(n) => {
                    hint.max_length = Some(hint.max_length.map_or(n, |m| m.min(n)));
                }
                What::Options(values) => {
                    // Several restricted picklists: only values every one of them takes.
                    hint.options = Some(match hint.options.take() {
                        Some(kept) => {
                            let takes: std::collections::HashSet<&str> =
                                values.iter().map(String::as_str).collect();
                            kept.into_iter()
                                .filter(|v| takes.contains(v.as_str()))
                                .collect()
                        }
                        None => values,
                    });
                }
                What::Format(f) => hint.format = hint.format.or(Some(f)),
            }
            hint.reasons.push(reason);
        }
    }
    out
}

/// What a row asks of its question.
enum What {
    Required,
    MaxLength(u32),
    Options(Vec<String>),
    Format(Format),
}

fn row_reasons(
    ctx: &Ctx<'_>,
    r: &RowCtx<'_>,
    source: &SourceField,
    field: &Field,
    object: &str,
) -> Vec<(HintReason, What)> {
    let name = format!("{object}.{}", field.name);
    let reason = |hint: &'static str, message: String| HintReason {
        hint,
        tab: r.tab,
        row: r.index,
        field: name.clone(),
        message,
    };
    let mut out = Vec::new();
    let free_text = matches!(
        source.value_type,
        ValueType::Text
            | ValueType::LongText
            | ValueType::Email
            | ValueType::Phone
            | ValueType::Url
    );
    // A derived name (the last word of the name question, …) has no length of its own.
    let whole_answer = !matches!(
        source.derive,
        Derivation::LastNameOrName | Derivation::FullName
    );
    if ctx.tab_creates(r.tab)
        && schema_required(field) == Some(true)
        && source_can_be_empty(r.tab, &source.id)
    {
        let without = match r.row.fallback.as_ref() {
            Some(f) if !f.as_text().trim().is_empty() => {
                format!(
                    "an unanswered question sends the fallback `{}`",
                    f.as_text()
                )
            }
            _ => format!(
                "an unanswered question leaves it empty, and Salesforce refuses the {object}"
            ),
        };
        out.push((
            reason(
                "required",
                format!("`{name}` needs a value on every new {object}: {without}"),
            ),
            What::Required,
        ));
    }
    if free_text && whole_answer && field.field_type.is_text() {
        if let Some(length) = field.length.filter(|&n| n > 0) {
            let what = if r.row.truncate == Some(true) {
                "are cut"
            } else {
                "are refused (STRING_TOO_LONG)"
            };
            // Not when OnceHub's own values always fit (a choice's longest option).
            if source.max_length.is_none_or(|m| m > length) {
                out.push((
                    reason(
                        "maxLength",
                        format!("`{name}` holds {length} characters: longer answers {what}"),
                    ),
                    What::MaxLength(length),
                ));
            }
        }
    }
    if free_text
        && field.restricted_picklist
        && matches!(
            field.field_type,
            FieldType::Picklist | FieldType::Multipicklist
        )
    {
        let values: Vec<String> = field.active_values().map(|v| v.value.clone()).collect();
        if !values.is_empty() {
            out.push((
                reason(
                    "options",
                    format!(
                        "`{name}` is a restricted picklist: it takes only its {} values, so ask a choice of them",
                        values.len()
                    ),
                ),
                What::Options(values),
            ));
        }
    }
    let format = format_for(source, field, free_text);
    if let Some((format, why)) = format {
        out.push((
            reason("format", format!("`{name}`: {why}")),
            What::Format(format),
        ));
    }
    out
}

/// The format a question should have for `field`, and why; `None` when its answers already
/// have it (an email question into an email field) or the field takes any text.
fn format_for(
    source: &SourceField,
    field: &Field,
    free_text: bool,
) -> Option<(Format, &'static str)> {
    match field.field_type {
        FieldType::Email if source.value_type != ValueType::Email => Some((
            Format::Email,
            "Salesforce refuses an answer that is not an email address (INVALID_EMAIL_ADDRESS)",
        )),
        FieldType::Int | FieldType::Long
            if free_text || matches!(source.value_type, ValueType::Number) =>
        {
            Some((Format::WholeNumber, "it takes whole numbers only"))
        }
        FieldType::Double | FieldType::Currency | FieldType::Percent if free_text => {
            Some((Format::Number, "it takes numbers only"))
        }
        FieldType::Date | FieldType::Datetime if free_text => {
            Some((Format::Date, "it takes dates only"))
        }
        _ => None,
    }
}

impl Engine {
    /// See [`form_hints`].
    pub fn form_hints(&self, config: &MappingConfig) -> Vec<FormHint> {
        form_hints(self, config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ContactTarget, Fallback, Row};
    use crate::validate::test_support::sample_engine;

    fn hint<'h>(hints: &'h [FormHint], source: &str) -> &'h FormHint {
        hints
            .iter()
            .find(|h| h.source == source)
            .unwrap_or_else(|| panic!("no hint for {source}: {hints:#?}"))
    }

    #[test]
    fn the_default_configuration_asks_for_a_name_and_a_company_and_limits_lengths() {
        let e = sample_engine();
        let config = MappingConfig::default_config();
        let hints = e.form_hints(&config);
        // New people become Leads, which need a last name and a company.
        let name = hint(&hints, "last_name_or_name");
        assert!(name.required && name.max_length.is_none(), "{name:#?}");
        let company = hint(&hints, "company");
        assert!(company.required, "{company:#?}");
        assert_eq!(company.max_length, Some(255));
        let required = company
            .reasons
            .iter()
            .find(|r| r.hint == "required")
            .unwrap();
        assert_eq!(
            (required.tab, required.field.as_str()),
            (Tab::Leads, "Lead.Company")
        );
        assert!(
            required.message.contains("the fallback `[not provided]`"),
            "{}",
            required.message
        );
        // A Contact is only ever updated here, so nothing of it is required; lengths still count.
        assert!(!hint(&hints, "first_name").required);
        assert_eq!(hint(&hints, "first_name").max_length, Some(40));
        assert_eq!(hint(&hints, "email").max_length, Some(80));
        assert_eq!(hint(&hints, "email").format, None);
        // Meeting details no one types are not questions.
        assert!(hints
            .iter()
            .all(|h| h.source != "subject" && h.source != "starting_time"));
        // Deterministic, in row order.
        assert_eq!(e.form_hints(&config), hints);
    }

    #[test]
    fn answers_into_restricted_picklists_emails_and_numbers_ask_for_that_form() {
        let mut e = sample_engine();
        e.add_source_fields(
            crate::catalogue::CustomFieldInput::parse_list(
                r#"[{"id":"custom.kind","type":"text","payloadName":"What kind of meeting?"},
                    {"id":"custom.work_email","type":"text"},
                    {"id":"custom.seats","type":"text"},
                    {"id":"custom.bio","type":"longText"}]"#,
            )
            .unwrap(),
        )
        .unwrap();
        let mut config = MappingConfig::default_config();
        config.contacts.target = ContactTarget::Lead;
        let leads = &mut config.mappings.leads;
        leads.push(Row::map("custom.kind", "Meeting_Type__c", false));
        leads.push(Row::map("custom.work_email", "Email", false));
        leads.push(Row::map("custom.seats", "NumberOfEmployees", false));
        let mut bio = Row::map("custom.bio", "Title", false);
        bio.truncate = Some(true);
        leads.push(bio);
        let hints = e.form_hints(&config);
        let kind = hint(&hints, "custom.kind");
        assert_eq!(kind.question.as_deref(), Some("What kind of meeting?"));
        let lead = e.object("Lead").unwrap();
        let values: Vec<String> = lead
            .field("Meeting_Type__c")
            .unwrap()
            .active_values()
            .map(|v| v.value.clone())
            .collect();
        assert_eq!(kind.options.as_ref(), Some(&values));
        assert_eq!(
            hint(&hints, "custom.work_email").format,
            Some(Format::Email)
        );
        assert_eq!(
            hint(&hints, "custom.seats").format,
            Some(Format::WholeNumber)
        );
        let bio = hint(&hints, "custom.bio");
        assert_eq!(bio.max_length, Some(128));
        assert!(
            bio.reasons.iter().any(|r| r.message.contains("are cut")),
            "{bio:#?}"
        );
        // The Contacts tab is not used when new people become Leads: its rows ask nothing.
        assert!(hints
            .iter()
            .flat_map(|h| &h.reasons)
            .all(|r| r.tab != Tab::Contacts));
    }

    #[test]
    fn a_required_field_without_a_fallback_says_the_record_is_refused() {
        let e = sample_engine();
        let mut config = MappingConfig::default_config();
        config.contacts.target = ContactTarget::Lead;
        for row in &mut config.mappings.leads {
            if row.target == "Company" {
                row.fallback = None;
            }
        }
        let hints = e.form_hints(&config);
        let company = hint(&hints, "company");
        assert!(company
            .reasons
            .iter()
            .any(|r| r.hint == "required" && r.message.contains("Salesforce refuses the Lead")));
        // A blank fallback is no fallback.
        for row in &mut config.mappings.leads {
            if row.target == "Company" {
                row.fallback = Some(Fallback::Text(" ".into()));
            }
        }
        let hints = e.form_hints(&config);
        assert!(hint(&hints, "company")
            .reasons
            .iter()
            .any(|r| r.message.contains("Salesforce refuses the Lead")));
    }

    #[test]
    fn thousands_of_rows_stay_fast() {
        let mut e = sample_engine();
        let fields: Vec<String> = (0..2000)
            .map(|i| format!(r#"{{"id":"custom.q{i}","type":"text"}}"#))
            .collect();
        e.add_source_fields(
            crate::catalogue::CustomFieldInput::parse_list(&format!("[{}]", fields.join(",")))
                .unwrap(),
        )
        .unwrap();
        let mut config = MappingConfig::default_config();
        for i in 0..5000 {
            config.mappings.leads.push(Row::map(
                &format!("custom.q{}", i % 2000),
                "Meeting_Type__c",
                false,
            ));
        }
        let hints = e.form_hints(&config);
        assert!(hints.len() >= 2000);
        let q0 = hint(&hints, "custom.q0");
        assert_eq!(q0.reasons.iter().filter(|r| r.hint == "options").count(), 3);
    }
}
