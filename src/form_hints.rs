//! `formHints(config)`: Salesforce's constraints pushed back to where the data is entered. For
//! each question of a booking form (and of the routing forms and chatbots whose answers are
//! saved to contact fields) that a used tab maps, what the question should enforce so that the
//! answer reaches Salesforce as it is: required, a length limit, a choice of the values a
//! restricted picklist takes, a format. A fallback keeps the integration running; a required
//! question keeps placeholders out of the CRM.
//!
//! Several OnceHub fields read one question: the booking form's name fills `first_name`,
//! `last_name`, `last_name_or_name`, `booker_name`, …; its company fills `company` (Contacts and
//! Leads) and `booker_company` (Cases). Hints are given per question.

use crate::catalogue::{Derivation, SourceField, ValueType};
use crate::config::{MappingConfig, Tab};
use crate::describe::{Field, FieldType};
use crate::engine::Engine;
use crate::required::{schema_required, source_can_be_empty};
use crate::validate::{Ctx, RowCtx};
use serde::Serialize;

/// The question a built-in OnceHub field reads, and the question's label; `None` for fields no
/// one types (meeting times, ids, statuses, …). Registered custom fields are questions of their
/// own (one per name in OnceHub's payloads).
fn question_of(id: &str) -> Option<(&'static str, &'static str)> {
    Some(match id {
        "first_name" | "last_name" | "last_name_or_name" | "full_name" | "booker_name"
        | "booker_first_name" | "booker_last_name" => ("name", "Name"),
        "email" | "booker_email" => ("email", "Email"),
        // `booker_phone` reads the mobile phone when the phone is empty.
        "phone" | "booker_phone" => ("phone", "Phone"),
        "mobile_phone" | "booker_mobile_phone" => ("mobile_phone", "Mobile phone"),
        "company" | "booker_company" => ("company", "Company"),
        "company_size" => ("company_size", "Company size"),
        "employees" => ("employees", "Employees"),
        "job_title" => ("job_title", "Job title"),
        "salutation" => ("salutation", "Salutation"),
        "street_address" => ("street_address", "Street address"),
        "city" => ("city", "City"),
        "state" => ("state", "State"),
        "post_code" => ("post_code", "Post code"),
        "country" => ("country", "Country"),
        "note" => ("note", "Note"),
        "cancel_reschedule_reason" => (
            "cancel_reschedule_reason",
            "Reason for canceling or rescheduling",
        ),
        _ => return None,
    })
}

/// The second question a built-in field reads, when the first is empty: `booker_phone` takes
/// the mobile phone when there is no phone. Its limits apply to that question too.
fn also_reads(id: &str) -> Option<(&'static str, &'static str)> {
    (id == "booker_phone").then_some(("mobile_phone", "Mobile phone"))
}

/// Fields whose question is never answered when the records they write are created: the
/// reason for canceling or rescheduling exists only on the updates that follow.
const NEVER_AT_CREATE: &[&str] = &["cancel_reschedule_reason"];

/// Fields that take part of the name question (its last word, the words before it): a name no
/// longer than their field always fits.
const NAME_PARTS: &[&str] = &[
    "first_name",
    "last_name",
    "last_name_or_name",
    "booker_first_name",
    "booker_last_name",
];

/// Longest list of allowed values a hint spells out; a longer picklist is named by its size.
pub const MAX_OPTIONS_LISTED: usize = 1000;

/// The format an answer should be asked in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Format {
    /// An email address.
    Email,
    /// A number.
    Number,
    /// A whole number.
    WholeNumber,
    /// A date.
    Date,
    /// A date and time.
    Datetime,
    /// A time of day (asked as a date and time: OnceHub has no time-only answer).
    Time,
    /// Yes or no.
    YesNo,
}

impl Format {
    fn words(self) -> &'static str {
        match self {
            Format::Email => "an email address",
            Format::Number => "a number",
            Format::WholeNumber => "a whole number",
            Format::Date => "a date",
            Format::Datetime | Format::Time => "a date and time",
            Format::YesNo => "a yes/no answer",
        }
    }

    /// The custom field type that reads answers of this format.
    fn source_type(self) -> &'static str {
        match self {
            Format::Email => "email",
            Format::Number | Format::WholeNumber => "number",
            Format::Date => "date",
            Format::Datetime | Format::Time => "datetime",
            Format::YesNo => "boolean",
        }
    }
}

/// What one question should enforce, and which rows ask for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FormHint {
    /// The question: `name`, `email`, `phone`, `mobile_phone`, `company`, `note`, … or a
    /// registered answer's id (`custom.team_size`).
    pub question: String,
    /// Its label.
    pub label: String,
    /// For a registered answer: its name in OnceHub's payloads (the question's label there).
    pub payload_name: Option<String>,
    /// The OnceHub fields of the configuration that read the question, in row order.
    pub sources: Vec<String>,
    /// Make the question required: a record the integration creates needs the value.
    pub required: bool,
    /// Limit answers to this many characters (the shortest Salesforce field they go to).
    pub max_length: Option<u32>,
    /// Ask a choice of these values: a restricted picklist takes no other text. `None` also
    /// when the picklists take more than [`MAX_OPTIONS_LISTED`] values (the reasons name the
    /// picklists).
    pub options: Option<Vec<String>>,
    /// Ask the answer in this format.
    pub format: Option<Format>,
    /// Hints that cannot all be met (two picklists with no value in common, two formats).
    pub conflicts: Vec<String>,
    /// Why, row by row.
    pub reasons: Vec<HintReason>,
}

/// One row's reason for a hint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HintReason {
    /// `required`, `maxLength`, `options` or `format`.
    pub hint: &'static str,
    /// The row's OnceHub field.
    pub source: String,
    /// The row's tab.
    pub tab: Tab,
    /// The row's index in its tab.
    pub row: usize,
    /// The Salesforce field (`Lead.Company`).
    pub field: String,
    /// In words.
    pub message: String,
}

/// A hint being gathered, with the fields its options and format come from.
struct Gathered<'a> {
    hint: FormHint,
    /// Restricted picklists the answer goes to, each with its row (whose value map takes
    /// answers too) and its name.
    picklists: Vec<(&'a Field, &'a crate::config::Row, String)>,
    formats: Vec<(Format, String)>,
}

/// Every question's hints, in the order of the first row that maps each (tab by tab, row by
/// row). Rows of tabs the settings never use, rows whose field is not in a loaded describe, and
/// rows that cannot be written (see `validate`'s `INCOMPATIBLE_MAPPING`) give none, except
/// that a registered answer of the wrong type gets the format to ask it in.
pub fn form_hints(engine: &Engine, config: &MappingConfig) -> Vec<FormHint> {
    let ctx = Ctx::new(engine, config);
    let mut gathered: Vec<Gathered<'_>> = Vec::new();
    let mut position: crate::text::FastMap<String, usize> = crate::text::FastMap::default();
    for r in &ctx.rows {
        let (Some(source), Some(field), Some(object)) = (r.source, r.field, r.object) else {
            continue;
        };
        if !ctx.tab_in_use(r.tab) {
            continue;
        }
        // Registered answers are keyed by their name in OnceHub's payloads, as previews find
        // them: two fields registered for one answer are one question.
        let mut questions: Vec<(String, String)> = Vec::with_capacity(2);
        match question_of(&source.id) {
            Some((q, l)) => questions.push((q.to_string(), l.to_string())),
            None if source.custom => questions.push((
                format!(
                    "answer:{}",
                    crate::text::loose_key(source.payload_name().unwrap_or(&source.id))
                ),
                source.label.clone(),
            )),
            None => continue,
        }
        if let Some((q, l)) = also_reads(&source.id) {
            questions.push((q.to_string(), l.to_string()));
        }
        let name = format!("{object}.{}", field.name, object = object.name);
        // The row's hints, worked out once for every question it reads (the last one takes
        // them, the others a copy).
        let mut row = row_hints(&ctx, r, source, field, &name);
        let count = questions.len();
        for (n, (question, label)) in questions.into_iter().enumerate() {
            // The second question is read only when the first is empty: requiring the first is
            // enough.
            let keep = |(hint, ..): &(&'static str, String, What)| n == 0 || *hint != "required";
            let found: Vec<(&'static str, String, What)> = if n + 1 == count {
                std::mem::take(&mut row).into_iter().filter(keep).collect()
            } else {
                row.iter().filter(|h| keep(h)).cloned().collect()
            };
            if found.is_empty() {
                continue;
            }
            // One hint per question, found through an index (a config may have thousands of
            // rows).
            let at = *position.entry(question.clone()).or_insert_with(|| {
                gathered.push(Gathered {
                    hint: FormHint {
                        question: if source.custom && n == 0 {
                            source.id.clone()
                        } else {
                            question
                        },
                        label,
                        payload_name: source.payload_name().map(str::to_string),
                        sources: Vec::new(),
                        required: false,
                        max_length: None,
                        options: None,
                        format: None,
                        conflicts: Vec::new(),
                        reasons: Vec::new(),
                    },
                    picklists: Vec::new(),
                    formats: Vec::new(),
                });
                gathered.len() - 1
            });
            let Some(g) = gathered.get_mut(at) else {
                continue;
            };
            if !g.hint.sources.contains(&source.id) {
                g.hint.sources.push(source.id.clone());
            }
            for (hint, message, what) in found {
                match what {
                    What::Required => g.hint.required = true,
                    What::MaxLength(n) => {
                        g.hint.max_length = Some(g.hint.max_length.map_or(n, |m| m.min(n)));
                    }
                    What::Options => {
                        if !g
                            .picklists
                            .iter()
                            .any(|(_, row, n)| *n == name && std::ptr::eq(*row, r.row))
                        {
                            g.picklists.push((field, r.row, name.clone()));
                        }
                    }
                    What::Format(f) => g.formats.push((f, name.clone())),
                }
                g.hint.reasons.push(HintReason {
                    hint,
                    source: source.id.clone(),
                    tab: r.tab,
                    row: r.index,
                    field: name.clone(),
                    message,
                });
            }
        }
    }
    gathered.into_iter().map(finish).collect()
}

/// Does the row take `answer` into its restricted picklist: a value of it, or a key of the
/// row's value map (matched as previews match it) that maps to one?
fn takes(field: &Field, row: &crate::config::Row, answer: &str) -> bool {
    field.has_active_value(answer)
        || crate::preview::convert::mapped(row, answer).is_some_and(|v| field.has_active_value(v))
}

/// Settles a question's options and format, and says what conflicts.
fn finish(g: Gathered<'_>) -> FormHint {
    let mut hint = g.hint;
    if let Some(((first, first_row, _), rest)) = g.picklists.split_first() {
        // The answers the first row takes (its value map's keys, then the picklist's values)
        // that every other row takes too (each lookup is indexed), up to the most a hint lists.
        let keys = first_row
            .value_map
            .iter()
            .flat_map(|m| m.iter())
            // A key that is itself a value is listed once, as the value.
            .filter(|(k, v)| first.has_active_value(v) && !first.has_active_value(k))
            .map(|(k, _)| k.as_str());
        let values = first.active_values().map(|v| v.value.as_str());
        let mut answers: Vec<String> = Vec::new();
        let mut over = false;
        for a in keys.chain(values) {
            if !rest.iter().all(|(f, row, _)| takes(f, row, a)) {
                continue;
            }
            if answers.len() == MAX_OPTIONS_LISTED {
                over = true;
                break;
            }
            answers.push(a.to_string());
        }
        if over {
            hint.options = None;
        } else if answers.is_empty() && !rest.is_empty() {
            let names: Vec<String> = g
                .picklists
                .iter()
                .map(|(_, _, n)| format!("`{n}`"))
                .collect();
            hint.conflicts.push(format!(
                "{} share no value: no single choice fits them all",
                crate::value::short_list(&names, " and ")
            ));
        } else {
            hint.options = Some(answers);
        }
    }
    if let (Some(options), Some(max)) = (&hint.options, hint.max_length) {
        let long: Vec<String> = options
            .iter()
            .filter(|o| o.chars().count() > max as usize)
            .map(|o| format!("`{o}`"))
            .collect();
        if !long.is_empty() {
            hint.conflicts.push(format!(
                "the choices {} are longer than the {max} characters the answer may have",
                crate::value::short_list(&long, ", ")
            ));
        }
    }
    if let Some((format, field)) = g.formats.first() {
        hint.format = Some(*format);
        if let Some((other, other_field)) = g.formats.iter().find(|(f, _)| f != format) {
            hint.conflicts.push(format!(
                "`{field}` needs {} and `{other_field}` {}: no answer is both",
                format.words(),
                other.words()
            ));
        }
    }
    hint
}

/// What a row asks of its question.
#[derive(Clone)]
enum What {
    Required,
    MaxLength(u32),
    Options,
    Format(Format),
}

/// The hints one row gives: (kind, words, what).
fn row_hints(
    ctx: &Ctx<'_>,
    r: &RowCtx<'_>,
    source: &SourceField,
    field: &Field,
    name: &str,
) -> Vec<(&'static str, String, What)> {
    let mut out = Vec::new();
    // Contacts under `contactElseLead` are only updated: an update-only field is writable.
    let updates_only = ctx.updates_only(r.tab);
    if crate::compat::blocked_for(field, updates_only) {
        return out;
    }
    if crate::compat::grade_for(source, field, updates_only).is_none()
        && !crate::compat::rescued_by_row(source, field, r.row)
    {
        return unusable_row_hints(source, field, name);
    }
    let free_text = matches!(
        source.value_type,
        ValueType::Text
            | ValueType::LongText
            | ValueType::Email
            | ValueType::Phone
            | ValueType::Url
    );
    out.extend(required_hint(ctx, r, source, field, name));
    let restricted = field.restricted_picklist
        && matches!(
            field.field_type,
            FieldType::Picklist | FieldType::Multipicklist
        );
    // A restricted picklist's values fit it: its options say what to ask.
    if free_text && field.field_type.is_text() && !restricted {
        if let Some(length) = field
            .length
            .filter(|&n| n > 0 && source.max_length.is_none_or(|m| m > n))
        {
            let message = if NAME_PARTS.contains(&source.id.as_str())
                || matches!(
                    source.derive,
                    Derivation::FirstNameOf | Derivation::LastNameOf | Derivation::LastNameOrName
                ) {
                format!("`{name}` holds {length} characters and gets part of the name: a name of at most {length} characters always fits")
            } else if r.row.truncate == Some(true) {
                format!("`{name}` holds {length} characters: longer answers are cut")
            } else {
                format!("`{name}` holds {length} characters: a longer answer is refused (STRING_TOO_LONG), and with it the whole request, which is all or none")
            };
            out.push(("maxLength", message, What::MaxLength(length)));
        }
    }
    // Free text into a restricted picklist works only through the row's fallback: any other
    // answer is replaced by it.
    if free_text
        && field.restricted_picklist
        && field.field_type == FieldType::Picklist
        && field.active_values().next().is_some()
    {
        let fallback = r
            .row
            .fallback
            .as_ref()
            .map(crate::config::Fallback::as_text)
            .unwrap_or_default();
        out.push((
            "options",
            format!(
                "`{name}` is a restricted picklist: an answer that is not one of its values{} is replaced by the fallback `{fallback}`, so ask a choice of them",
                if r.row.value_map.as_ref().is_some_and(|m| !m.is_empty()) {
                    " or a key of the row's value map"
                } else {
                    ""
                }
            ),
            What::Options,
        ));
    }
    if source.value_type == ValueType::Number
        && matches!(field.field_type, FieldType::Int | FieldType::Long)
    {
        out.push((
            "format",
            format!("`{name}` takes whole numbers only"),
            What::Format(Format::WholeNumber),
        ));
    }
    out
}

/// The `required` hint of a row: its field needs a value on every record the tab creates, and
/// its question can be left unanswered.
fn required_hint(
    ctx: &Ctx<'_>,
    r: &RowCtx<'_>,
    source: &SourceField,
    field: &Field,
    name: &str,
) -> Option<(&'static str, String, What)> {
    let object = r.object.map_or("record", |o| o.name.as_str());
    if ctx.tab_creates(r.tab)
        && source_can_be_empty(r.tab, &source.id)
        && !NEVER_AT_CREATE.contains(&source.id.as_str())
    {
        if let Some(certain) = schema_required(field) {
            let without = match r.row.fallback.as_ref() {
                Some(f) if !f.is_blank() => {
                    format!(
                        "an unanswered question sends the fallback `{}`",
                        f.as_text()
                    )
                }
                _ => format!(
                    "an unanswered question leaves it empty, and Salesforce refuses the {object}"
                ),
            };
            let needs = if certain {
                format!("`{name}` needs a value on every new {object}")
            } else {
                format!("`{name}` is likely needed on every new {object} (the describe does not say whether it is createable or defaulted)")
            };
            return Some(("required", format!("{needs}: {without}"), What::Required));
        }
    }
    None
}

/// The hints of a row that cannot be written as it is: for a registered free-text answer
/// where the field takes only a choice or one format, the question and the type that make the
/// row work.
fn unusable_row_hints(
    source: &SourceField,
    field: &Field,
    name: &str,
) -> Vec<(&'static str, String, What)> {
    let mut out = Vec::new();
    // A registered free-text answer where the field takes only one format: asked in that
    // format and registered with its type, the row works.
    let free = matches!(source.value_type, ValueType::Text | ValueType::LongText);
    if source.custom
        && free
        && field.restricted_picklist
        && matches!(
            field.field_type,
            FieldType::Picklist | FieldType::Multipicklist
        )
        && field.active_values().next().is_some()
    {
        out.push((
            "options",
            format!(
                "`{name}` is a restricted picklist, so as free text the row is left out of every request: ask a choice of its values, and register `{}` as a choice with those options",
                source.id
            ),
            What::Options,
        ));
    }
    if let Some(format) = needed_format(source, field).filter(|_| source.custom) {
        out.push((
            "format",
            format!(
                "`{name}` takes {} only, so as free text the row is left out of every request: ask the question as {}, and register `{}` with type `{}`",
                plural(format),
                format.words(),
                source.id,
                format.source_type()
            ),
            What::Format(format),
        ));
    }
    out
}

/// The one format `field` takes where a free-text answer does not fit it.
fn needed_format(source: &SourceField, field: &Field) -> Option<Format> {
    if !matches!(source.value_type, ValueType::Text | ValueType::LongText) {
        return None;
    }
    match field.field_type {
        FieldType::Email => Some(Format::Email),
        FieldType::Int | FieldType::Long => Some(Format::WholeNumber),
        FieldType::Double | FieldType::Currency | FieldType::Percent => Some(Format::Number),
        FieldType::Date => Some(Format::Date),
        FieldType::Datetime => Some(Format::Datetime),
        FieldType::Time => Some(Format::Time),
        FieldType::Boolean => Some(Format::YesNo),
        _ => None,
    }
}

fn plural(format: Format) -> &'static str {
    match format {
        Format::Email => "email addresses",
        Format::Number => "numbers",
        Format::WholeNumber => "whole numbers",
        Format::Date => "dates",
        Format::Datetime => "dates and times",
        Format::Time => "times of day",
        Format::YesNo => "yes/no values",
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
    use crate::validate::test_support::{sample_engine, with_field};

    fn hint<'h>(hints: &'h [FormHint], question: &str) -> &'h FormHint {
        hints
            .iter()
            .find(|h| h.question == question)
            .unwrap_or_else(|| panic!("no hint for {question}: {hints:#?}"))
    }

    fn register(e: &mut Engine, json: &str) {
        e.add_source_fields(crate::catalogue::CustomFieldInput::parse_list(json).unwrap())
            .unwrap();
    }

    #[test]
    fn the_default_configuration_asks_for_a_name_and_a_company_and_limits_lengths() {
        let e = sample_engine();
        let config = MappingConfig::default_config();
        let hints = e.form_hints(&config);
        // New people become Leads, which need a last name and a company.
        let name = hint(&hints, "name");
        assert!(name.required, "{name:#?}");
        // The name is split: its words before the last go to FirstName (40 characters).
        assert_eq!(name.max_length, Some(40));
        assert!(name.sources.contains(&"first_name".to_string()));
        assert!(name.sources.contains(&"last_name_or_name".to_string()));
        let company = hint(&hints, "company");
        assert!(company.required, "{company:#?}");
        assert_eq!(company.max_length, Some(255));
        let required = company
            .reasons
            .iter()
            .find(|r| r.hint == "required")
            .unwrap();
        assert_eq!(
            (
                required.tab,
                required.field.as_str(),
                required.source.as_str()
            ),
            (Tab::Leads, "Lead.Company", "company")
        );
        assert!(
            required.message.contains("the fallback `[not provided]`"),
            "{}",
            required.message
        );
        assert_eq!(hint(&hints, "email").max_length, Some(80));
        assert_eq!(hint(&hints, "email").format, None);
        // Meeting details no one types are not questions; Cases are off by default.
        assert!(hints
            .iter()
            .all(|h| h.question != "subject" && h.question != "starting_time"));
        assert!(hints
            .iter()
            .flat_map(|h| &h.reasons)
            .all(|r| r.tab != Tab::Cases));
        // Deterministic, in row order.
        assert_eq!(e.form_hints(&config), hints);
    }

    #[test]
    fn one_question_read_by_several_fields_gets_the_shortest_limit() {
        let e = sample_engine();
        let mut config = MappingConfig::default_config();
        config.meetings.case_calendars = vec!["BKC-1".into()];
        config
            .mappings
            .cases
            .push(Row::map("booker_company", "SuppliedCompany", true));
        let hints = e.form_hints(&config);
        // The company question goes to Lead.Company (255) and Case.SuppliedCompany (80).
        let company = hint(&hints, "company");
        assert_eq!(company.max_length, Some(80), "{company:#?}");
        assert_eq!(company.sources, ["company", "booker_company"]);
        // The whole name goes to Case.SuppliedName (80); its parts to FirstName (40).
        assert_eq!(hint(&hints, "name").max_length, Some(40));
        assert!(hint(&hints, "name")
            .reasons
            .iter()
            .any(|r| r.field == "Case.SuppliedName" && r.message.contains("refused")));
    }

    #[test]
    fn registered_answers_of_the_wrong_type_are_told_the_type_to_ask_in() {
        let mut e = sample_engine();
        register(
            &mut e,
            r#"[{"id":"custom.kind","type":"text","payloadName":"What kind of meeting?"},
                {"id":"custom.work_email","type":"text"},
                {"id":"custom.seats","type":"text"},
                {"id":"custom.headcount","type":"number"},
                {"id":"custom.agreed","type":"text"},
                {"id":"custom.bio","type":"longText"}]"#,
        );
        let mut config = MappingConfig::default_config();
        config.contacts.target = ContactTarget::Lead;
        let leads = &mut config.mappings.leads;
        leads.push(Row::map("custom.kind", "Meeting_Type__c", false));
        leads.push(Row::map("custom.work_email", "Email", false));
        leads.push(Row::map("custom.seats", "NumberOfEmployees", false));
        leads.push(Row::map("custom.headcount", "NumberOfEmployees", false));
        leads.push(Row::map("custom.agreed", "IsUnreadByOwner", false));
        let mut bio = Row::map("custom.bio", "Title", false);
        bio.truncate = Some(true);
        leads.push(bio);
        let hints = e.form_hints(&config);
        let kind = hint(&hints, "custom.kind");
        assert_eq!(kind.payload_name.as_deref(), Some("What kind of meeting?"));
        let values: Vec<String> = e
            .object("Lead")
            .unwrap()
            .field("Meeting_Type__c")
            .unwrap()
            .active_values()
            .map(|v| v.value.clone())
            .collect();
        assert_eq!(kind.options.as_ref(), Some(&values));
        assert!(kind.reasons[0]
            .message
            .contains("register `custom.kind` as a choice"));
        let email = hint(&hints, "custom.work_email");
        assert_eq!(email.format, Some(Format::Email));
        assert!(
            email.reasons[0].message.contains("with type `email`"),
            "{email:#?}"
        );
        assert_eq!(
            hint(&hints, "custom.seats").format,
            Some(Format::WholeNumber)
        );
        assert_eq!(
            hint(&hints, "custom.headcount").format,
            Some(Format::WholeNumber)
        );
        let agreed = hint(&hints, "custom.agreed");
        assert_eq!(agreed.format, Some(Format::YesNo));
        assert!(
            agreed.reasons[0].message.contains("with type `boolean`"),
            "{agreed:#?}"
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
    fn free_text_kept_by_a_fallback_in_a_restricted_picklist_asks_a_choice() {
        let mut e = sample_engine();
        register(&mut e, r#"[{"id":"custom.kind","type":"text"}]"#);
        let mut config = MappingConfig::default_config();
        let mut row = Row::map("custom.kind", "Meeting_Type__c", false);
        let values: Vec<String> = e
            .object("Lead")
            .unwrap()
            .field("Meeting_Type__c")
            .unwrap()
            .active_values()
            .map(|v| v.value.clone())
            .collect();
        row.fallback = Some(Fallback::Text(values[0].clone()));
        config.mappings.leads.push(row);
        let hints = e.form_hints(&config);
        let kind = hint(&hints, "custom.kind");
        assert_eq!(kind.options.as_ref(), Some(&values));
        assert!(kind.reasons[0].message.contains("replaced by the fallback"));
        assert!(kind.conflicts.is_empty());
    }

    #[test]
    fn a_required_field_without_a_fallback_says_the_record_is_refused() {
        let e = sample_engine();
        let mut config = MappingConfig::default_config();
        config.contacts.target = ContactTarget::Lead;
        for fallback in [None, Some(Fallback::Text(" ".into()))] {
            for row in &mut config.mappings.leads {
                if row.target == "Company" {
                    row.fallback.clone_from(&fallback);
                }
            }
            let hints = e.form_hints(&config);
            assert!(
                hint(&hints, "company")
                    .reasons
                    .iter()
                    .any(|r| r.hint == "required"
                        && r.message.contains("Salesforce refuses the Lead"))
            );
        }
    }

    #[test]
    fn a_reduced_describe_still_asks_for_what_is_likely_required() {
        let mut e = Engine::new();
        let reduced = r#"{"name":"Lead","fields":[
            {"name":"LastName","type":"string","length":80,"nillable":false},
            {"name":"Company","type":"string","length":255,"nillable":false},
            {"name":"FirstName","type":"string","length":40,"nillable":true}]}"#;
        e.load_describe(reduced).unwrap();
        let mut config = MappingConfig::default_config();
        config.contacts.target = ContactTarget::Lead;
        let hints = e.form_hints(&config);
        let company = hint(&hints, "company");
        assert!(company.required);
        assert!(
            company.reasons[0].message.contains("is likely needed"),
            "{company:#?}"
        );
        assert!(hint(&hints, "name").required);
    }

    #[test]
    fn picklists_with_no_value_in_common_and_formats_that_differ_conflict() {
        let mut e = sample_engine();
        register(&mut e, r#"[{"id":"custom.x","type":"text"}]"#);
        let mut config = MappingConfig::default_config();
        config.contacts.target = ContactTarget::Lead;
        config
            .mappings
            .leads
            .push(Row::map("custom.x", "Meeting_Type__c", false));
        config
            .mappings
            .leads
            .push(Row::map("custom.x", "CleanStatus", false));
        config
            .mappings
            .leads
            .push(Row::map("custom.x", "Email", false));
        config
            .mappings
            .leads
            .push(Row::map("custom.x", "AnnualRevenue", false));
        let hints = e.form_hints(&config);
        let x = hint(&hints, "custom.x");
        assert_eq!(x.options, None);
        assert_eq!(x.conflicts.len(), 2, "{x:#?}");
        assert!(x.conflicts[0].contains("share no value"));
        assert!(x.conflicts[1].contains("no answer is both"));
    }

    #[test]
    fn thousands_of_rows_into_a_long_picklist_stay_fast() {
        let mut e = sample_engine();
        let values: Vec<String> = (0..10_000)
            .map(|i| {
                format!(r#"{{"value":"V{i}","label":"V{i}","active":true,"defaultValue":false}}"#)
            })
            .collect();
        let lead = format!(
            r#"{{"name":"Lead","fields":[{{"name":"LastName","type":"string","length":80,"nillable":false,"createable":true,"updateable":true,"defaultedOnCreate":false}},
            {{"name":"Company","type":"string","length":255,"nillable":false,"createable":true,"updateable":true,"defaultedOnCreate":false}},
            {{"name":"Big__c","type":"picklist","length":255,"nillable":true,"createable":true,"updateable":true,"defaultedOnCreate":false,"restrictedPicklist":true,"picklistValues":[{}]}}]}}"#,
            values.join(",")
        );
        e.load_describe(&lead).unwrap();
        let fields: Vec<String> = (0..2000)
            .map(|i| format!(r#"{{"id":"custom.q{i}","type":"text"}}"#))
            .collect();
        register(&mut e, &format!("[{}]", fields.join(",")));
        let mut config = MappingConfig::default_config();
        config.contacts.target = ContactTarget::Lead;
        for i in 0..5000 {
            config
                .mappings
                .leads
                .push(Row::map(&format!("custom.q{}", i % 2000), "Big__c", false));
        }
        let started = std::time::Instant::now();
        let hints = e.form_hints(&config);
        assert!(hints.len() >= 2000);
        // Too many values to list: the reasons say how many.
        let q0 = hint(&hints, "custom.q0");
        assert_eq!(q0.options, None);
        assert!(q0.reasons[0].message.contains("restricted picklist"));
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn a_value_map_adds_its_keys_to_the_choices_and_says_so() {
        let mut e = sample_engine();
        register(&mut e, r#"[{"id":"custom.kind","type":"text"}]"#);
        let lead = e.object("Lead").unwrap();
        let values: Vec<String> = lead
            .field("Meeting_Type__c")
            .unwrap()
            .active_values()
            .map(|v| v.value.clone())
            .collect();
        let mut config = MappingConfig::default_config();
        let mut row = Row::map("custom.kind", "Meeting_Type__c", false);
        row.fallback = Some(Fallback::Text(values[0].clone()));
        row.value_map = Some(
            [
                ("First call".to_string(), values[1].clone()),
                ("Nowhere".to_string(), "Not a value".to_string()),
            ]
            .into_iter()
            .collect(),
        );
        config.mappings.leads.push(row);
        let hints = e.form_hints(&config);
        let kind = hint(&hints, "custom.kind");
        // The key that maps to a value first, then the values; not the key that maps nowhere.
        let mut want = vec!["First call".to_string()];
        want.extend(values.iter().cloned());
        assert_eq!(kind.options.as_ref(), Some(&want));
        assert!(kind.reasons[0]
            .message
            .contains("or a key of the row's value map"));
    }

    #[test]
    fn a_second_question_read_when_the_first_is_empty_gets_the_limit_but_is_not_required() {
        let mut e = sample_engine();
        with_field(
            &mut e,
            "Case",
            serde_json::json!({
                "name": "Callback__c", "label": "Callback", "type": "phone", "length": 20,
                "nillable": false, "createable": true, "updateable": true, "defaultedOnCreate": false
            }),
        );
        let mut config = MappingConfig::default_config();
        config.meetings.case_calendars = vec!["BKC-1".into()];
        let mut row = Row::map("booker_phone", "Callback__c", true);
        row.fallback = Some(Fallback::Text("000".into()));
        config.mappings.cases.push(row);
        let hints = e.form_hints(&config);
        let phone = hint(&hints, "phone");
        assert!(phone.required && phone.max_length == Some(20), "{phone:#?}");
        let mobile = hint(&hints, "mobile_phone");
        assert_eq!(mobile.max_length, Some(20));
        assert!(
            mobile.reasons.iter().all(|r| r.hint != "required"),
            "{mobile:#?}"
        );
    }

    #[test]
    fn the_cancel_reason_is_never_required_as_new_records_are_made_before_it_exists() {
        let mut e = sample_engine();
        with_field(
            &mut e,
            "Event",
            serde_json::json!({
                "name": "Reason__c", "label": "Reason", "type": "string", "length": 100,
                "nillable": false, "createable": true, "updateable": true, "defaultedOnCreate": false
            }),
        );
        let mut config = MappingConfig::default_config();
        let mut row = Row::map("cancel_reschedule_reason", "Reason__c", true);
        row.fallback = Some(Fallback::Text("none".into()));
        config.mappings.events.push(row);
        let hints = e.form_hints(&config);
        let reason = hint(&hints, "cancel_reschedule_reason");
        assert!(!reason.required);
        assert_eq!(reason.max_length, Some(100));
    }

    #[test]
    fn choices_longer_than_the_answer_may_be_conflict() {
        let mut e = sample_engine();
        register(&mut e, r#"[{"id":"custom.x","type":"text"}]"#);
        with_field(
            &mut e,
            "Lead",
            serde_json::json!({
                "name": "Code__c", "label": "Code", "type": "string", "length": 5,
                "nillable": true, "createable": true, "updateable": true, "defaultedOnCreate": false
            }),
        );
        let status = e.object("Lead").unwrap().field("CleanStatus").unwrap();
        let fallback = status.active_values().next().unwrap().value.clone();
        let long: Vec<String> = status
            .active_values()
            .filter(|v| v.value.chars().count() > 5)
            .map(|v| v.value.clone())
            .collect();
        assert!(!long.is_empty());
        let mut config = MappingConfig::default_config();
        config.contacts.target = ContactTarget::Lead;
        let mut row = Row::map("custom.x", "CleanStatus", false);
        row.fallback = Some(Fallback::Text(fallback));
        config.mappings.leads.push(row);
        config
            .mappings
            .leads
            .push(Row::map("custom.x", "Code__c", false));
        let hints = e.form_hints(&config);
        let x = hint(&hints, "custom.x");
        assert_eq!(x.max_length, Some(5));
        let conflict = x
            .conflicts
            .iter()
            .find(|c| c.contains("are longer than the 5 characters"))
            .unwrap_or_else(|| panic!("{x:#?}"));
        assert!(conflict.contains(&format!("`{}`", long[0])), "{conflict}");
    }

    #[test]
    fn two_fields_registered_for_one_answer_are_one_question() {
        let mut e = sample_engine();
        register(
            &mut e,
            r#"[{"id":"custom.size_a","type":"text","payloadName":"Company size"},
                {"id":"custom.size_b","type":"text","payloadName":"company_size "}]"#,
        );
        let mut config = MappingConfig::default_config();
        config.contacts.target = ContactTarget::Lead;
        config
            .mappings
            .leads
            .push(Row::map("custom.size_a", "Title", false));
        config
            .mappings
            .leads
            .push(Row::map("custom.size_b", "FirstName", false));
        let hints = e.form_hints(&config);
        let sizes: Vec<&FormHint> = hints
            .iter()
            .filter(|h| h.sources.iter().any(|s| s.starts_with("custom.size")))
            .collect();
        assert_eq!(sizes.len(), 1, "{hints:#?}");
        assert_eq!(sizes[0].sources, ["custom.size_a", "custom.size_b"]);
        assert_eq!(sizes[0].max_length, Some(40));
    }

    #[test]
    fn an_update_only_field_of_a_contact_that_is_only_updated_gets_its_limit() {
        let mut e = sample_engine();
        with_field(
            &mut e,
            "Contact",
            serde_json::json!({
                "name": "Dept__c", "label": "Department", "type": "string", "length": 10,
                "nillable": true, "createable": false, "updateable": true, "defaultedOnCreate": false
            }),
        );
        let mut config = MappingConfig::default_config();
        config
            .mappings
            .contacts
            .push(Row::map("company", "Dept__c", true));
        let hints = e.form_hints(&config);
        assert_eq!(hint(&hints, "company").max_length, Some(10));
    }
}
