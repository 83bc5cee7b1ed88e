//! The OnceHub field catalogue: built-in Contact and Meeting (booking) fields with their value
//! types and where their values live in OnceHub API v2 payloads, plus caller-registered custom
//! fields (contact custom fields and booking-form / routing-form / chatbot answers saved to them).

use crate::error::{EngineError, ErrorCode, Result};
use serde::Serialize;

/// Which OnceHub object a source field belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SourceKind {
    /// OnceHub Contact fields (Contacts and Leads tabs).
    Contact,
    /// Meeting / booking fields (Events and Cases tabs).
    Meeting,
}

impl SourceKind {
    /// Parses `"contact"` / `"meeting"`.
    pub fn parse(text: &str) -> Result<Self> {
        match text {
            "contact" => Ok(Self::Contact),
            "meeting" => Ok(Self::Meeting),
            other => Err(EngineError::new(
                ErrorCode::InvalidArgument,
                format!("unknown source kind `{other}`"),
                "",
                "use `contact` or `meeting`",
            )),
        }
    }
}

/// OnceHub value types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ValueType {
    /// Short text.
    Text,
    /// Long text (notes, answers).
    LongText,
    /// Email address.
    Email,
    /// Phone number.
    Phone,
    /// URL.
    Url,
    /// Number, possibly with decimals.
    Number,
    /// Whole number.
    Integer,
    /// Yes/no.
    Boolean,
    /// Calendar date.
    Date,
    /// Instant (ISO-8601 UTC).
    Datetime,
    /// One of `options`.
    SingleChoice,
    /// Several of `options`.
    MultipleChoice,
    /// A list of text values (guests, attendees).
    TextList,
}

impl ValueType {
    /// Parses a type name as in the API.
    pub fn parse(text: &str) -> Option<ValueType> {
        [
            Self::Text,
            Self::LongText,
            Self::Email,
            Self::Phone,
            Self::Url,
            Self::Number,
            Self::Integer,
            Self::Boolean,
            Self::Date,
            Self::Datetime,
            Self::SingleChoice,
            Self::MultipleChoice,
            Self::TextList,
        ]
        .into_iter()
        .find(|t| t.as_str() == text)
    }

    /// Name as in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::LongText => "longText",
            Self::Email => "email",
            Self::Phone => "phone",
            Self::Url => "url",
            Self::Number => "number",
            Self::Integer => "integer",
            Self::Boolean => "boolean",
            Self::Date => "date",
            Self::Datetime => "datetime",
            Self::SingleChoice => "singleChoice",
            Self::MultipleChoice => "multipleChoice",
            Self::TextList => "textList",
        }
    }
}

/// How a derived value is computed from the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Derivation {
    /// Read the value at `path`.
    Direct,
    /// First word(s) of a full name.
    FirstNameOf,
    /// Last word of a full name.
    LastNameOf,
    /// `first_name` + `last_name`.
    FullName,
    /// `last_name`, else the last name of the whole name in `first_name`.
    LastNameOrName,
    /// `starting_time` + `duration_minutes`.
    EndTime,
    /// Calendar date of `starting_time` in the booking's time zone.
    StartDate,
    /// Value of a `custom_fields[]` entry whose `name` is the payload name.
    CustomField,
    /// The first non-empty value of the paths in `path`, separated by `|`.
    FirstOf,
    /// An amount in the smallest currency unit (`path`) divided for its sibling `currency`
    /// (ISO 4217): 5000 USD cents is 50, 5000 JPY is 5000.
    MajorUnits,
}

/// One OnceHub field that can be mapped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceField {
    /// Stable id used in configs.
    pub id: String,
    /// Label shown to users.
    pub label: String,
    /// Contact or meeting.
    pub kind: SourceKind,
    /// Value type.
    #[serde(rename = "type")]
    pub value_type: ValueType,
    /// Where the value comes from in a OnceHub payload (dotted path).
    pub path: String,
    /// Options of a choice field.
    pub options: Vec<String>,
    /// Longest value OnceHub produces, in UTF-16 units, where the type or the options fix it
    /// (see [`known_max_length`]); `None` for free text.
    pub max_length: Option<u32>,
    /// Registered by the caller.
    pub custom: bool,
    /// How the engine derives the value, in words.
    pub derivation: Option<String>,
    /// Derivation kind.
    #[serde(skip)]
    pub derive: Derivation,
}

/// Longest label of a registered custom field, in characters.
pub const MAX_LABEL_CHARS: usize = 255;

impl SourceField {
    /// The field for a message: its label and its id, `` `Meeting subject` (`subject`) ``, or
    /// only the id when the label is the id.
    pub fn named(&self) -> String {
        if self.label == self.id {
            format!("`{}`", self.id)
        } else {
            format!("`{}` (`{}`)", self.label, self.id)
        }
    }

    /// For a custom field: its answer's `name` in OnceHub's `custom_fields` (from its path,
    /// `custom_fields[name=…]`).
    pub fn payload_name(&self) -> Option<&str> {
        self.path
            .strip_prefix("custom_fields[name=")
            .and_then(|rest| rest.strip_suffix(']'))
    }
}

struct Builtin {
    id: &'static str,
    label: &'static str,
    value_type: ValueType,
    path: &'static str,
    options: &'static [&'static str],
    derive: Derivation,
    derivation: Option<&'static str>,
}

const fn b(
    id: &'static str,
    label: &'static str,
    value_type: ValueType,
    path: &'static str,
) -> Builtin {
    Builtin {
        id,
        label,
        value_type,
        path,
        options: &[],
        derive: Derivation::Direct,
        derivation: None,
    }
}

const fn derived(
    id: &'static str,
    label: &'static str,
    value_type: ValueType,
    path: &'static str,
    derive: Derivation,
    words: &'static str,
) -> Builtin {
    Builtin {
        id,
        label,
        value_type,
        path,
        options: &[],
        derive,
        derivation: Some(words),
    }
}

const fn choice(
    id: &'static str,
    label: &'static str,
    path: &'static str,
    options: &'static [&'static str],
) -> Builtin {
    Builtin {
        id,
        label,
        value_type: ValueType::SingleChoice,
        path,
        options,
        derive: Derivation::Direct,
        derivation: None,
    }
}

use ValueType as T;

/// Contact status options (OnceHub API v2 contact schema).
pub const CONTACT_STATUS: &[&str] = &[
    "Qualified",
    "Marketing qualified",
    "Sales qualified",
    "Disqualified",
];
/// Booking status options.
pub const BOOKING_STATUS: &[&str] = &[
    "requested",
    "scheduled",
    "rescheduled",
    "completed",
    "canceled",
    "no_show",
];

const CONTACT_FIELDS: &[Builtin] = &[
    b("first_name", "First name", T::Text, "first_name"),
    b("last_name", "Last name", T::Text, "last_name"),
    derived("last_name_or_name", "Last name (or the whole name)", T::Text, "last_name | first_name", Derivation::LastNameOrName, "the last name; when it is empty, the last name of the whole name (the booking form's name, else the first-name field, where booking forms save the whole name): its last word with particles and suffixes, the family name of a Chinese, Japanese or Korean name, or the whole name when it is one word. First name then reads the other words, so no word is sent twice"),
    derived("full_name", "Full name", T::Text, "first_name + last_name", Derivation::FullName, "first name and last name joined with a space"),
    b("email", "Email", T::Email, "email"),
    b("phone", "Phone", T::Phone, "phone"),
    b("mobile_phone", "Mobile phone", T::Phone, "mobile_phone"),
    b("company", "Company", T::Text, "company"),
    b("company_size", "Company size", T::Text, "company_size"),
    b("employees", "Employees", T::Integer, "employees"),
    b("job_title", "Job title", T::Text, "job_title"),
    b("salutation", "Salutation", T::Text, "salutation"),
    b("street_address", "Street address", T::Text, "street_address"),
    b("city", "City", T::Text, "city"),
    b("state", "State", T::Text, "state"),
    b("post_code", "Post code", T::Text, "post_code"),
    b("country", "Country", T::Text, "country"),
    b("timezone", "Time zone", T::Text, "timezone"),
    choice("status", "Contact status", "status", CONTACT_STATUS),
    b("has_consent", "Consent given", T::Boolean, "has_consent"),
    b("terms_of_service", "Terms of service accepted", T::Boolean, "terms_of_service"),
    b("owner", "Owner (OnceHub user id)", T::Text, "owner"),
    b("contact_id", "OnceHub contact id", T::Text, "id"),
    b("creation_time", "Created at", T::Datetime, "creation_time"),
    b("last_interacted_time", "Last interaction", T::Datetime, "last_interacted_time"),
];

const MEETING_FIELDS: &[Builtin] = &[
    b("subject", "Meeting subject", T::Text, "subject"),
    b("starting_time", "Start time", T::Datetime, "starting_time"),
    derived(
        "end_time",
        "End time",
        T::Datetime,
        "starting_time + duration_minutes",
        Derivation::EndTime,
        "start time plus duration",
    ),
    derived(
        "start_date",
        "Start date",
        T::Date,
        "starting_time",
        Derivation::StartDate,
        "calendar date of the start time in the booking's time zone",
    ),
    b(
        "duration_minutes",
        "Duration (minutes)",
        T::Integer,
        "duration_minutes",
    ),
    choice("status", "Meeting status", "status", BOOKING_STATUS),
    // Long text: a web-conferencing location holds the whole invitation (about 600 characters
    // for Zoom).
    derived(
        "location",
        "Location",
        T::LongText,
        "location_description | virtual_conferencing.join_url",
        Derivation::FirstOf,
        "the location description; for a virtual meeting without one, its join URL",
    ),
    b(
        "conferencing_url",
        "Web conferencing URL",
        T::Url,
        "virtual_conferencing.join_url",
    ),
    b(
        "booking_calendar",
        "Booking calendar id",
        T::Text,
        "booking_calendar",
    ),
    b("event_type", "Event type", T::Text, "event_type.name"),
    b("booking_page", "Booking page", T::Text, "booking_page.name"),
    b("owner_id", "Host (OnceHub user id)", T::Text, "owner.id"),
    derived(
        "owner_name",
        "Host name",
        T::Text,
        "owner.first_name + owner.last_name",
        Derivation::FullName,
        "host first name and last name joined with a space",
    ),
    b("owner_email", "Host email", T::Email, "owner.email"),
    b("note", "Booker note", T::LongText, "form_submission.note"),
    b(
        "cancel_reschedule_reason",
        "Cancel/reschedule reason",
        T::LongText,
        "cancel_reschedule_information.reason",
    ),
    choice(
        "cancel_reschedule_actioned_by",
        "Canceled/rescheduled by",
        "cancel_reschedule_information.actioned_by",
        &["user", "customer"],
    ),
    b(
        "booker_name",
        "Booker full name",
        T::Text,
        "form_submission.name",
    ),
    derived(
        "booker_first_name",
        "Booker first name",
        T::Text,
        "form_submission.name",
        Derivation::FirstNameOf,
        "the given names of the full name (the words before the last name)",
    ),
    derived(
        "booker_last_name",
        "Booker last name",
        T::Text,
        "form_submission.name",
        Derivation::LastNameOf,
        "last name of the full name: the last word with its particles and suffixes (`van der Berg`, `King Jr.`), the first word for Chinese, Japanese and Korean names; the whole name when it is one word",
    ),
    b(
        "booker_email",
        "Booker email",
        T::Email,
        "form_submission.email",
    ),
    // Real booking forms often leave `phone` empty and give `mobile_phone`: a Case has one
    // phone field (SuppliedPhone), so this reads the mobile phone when there is no phone.
    derived(
        "booker_phone",
        "Booker phone (else mobile)",
        T::Phone,
        "form_submission.phone | form_submission.mobile_phone",
        Derivation::FirstOf,
        "the phone the booker gave; without one, the mobile phone",
    ),
    b(
        "booker_mobile_phone",
        "Booker mobile phone",
        T::Phone,
        "form_submission.mobile_phone",
    ),
    b(
        "booker_company",
        "Booker company",
        T::Text,
        "form_submission.company",
    ),
    b("guests", "Guests", T::TextList, "form_submission.guests"),
    b("attendees", "Attendees", T::TextList, "attendees"),
    b("booking_id", "OnceHub booking id", T::Text, "id"),
    b("tracking_id", "Tracking id", T::Text, "tracking_id"),
    b(
        "customer_timezone",
        "Booker time zone",
        T::Text,
        "customer_timezone",
    ),
    b("creation_time", "Booked at", T::Datetime, "creation_time"),
    b(
        "cancel_reschedule_url",
        "Cancel/reschedule page URL",
        T::Url,
        "cancel_reschedule_url",
    ),
    b("cancel_url", "Cancel URL", T::Url, "cancel_url"),
    b("reschedule_url", "Reschedule URL", T::Url, "reschedule_url"),
    b("ics_url", "Calendar file (ICS) URL", T::Url, "ics_url"),
    b(
        "external_calendar_event_id",
        "External calendar event id",
        T::Text,
        "external_calendar.event_id",
    ),
    b(
        "payment_amount",
        "Payment amount (minor units)",
        T::Integer,
        "payment_information.amount_charged",
    ),
    derived(
        "payment_amount_major",
        "Payment amount",
        T::Number,
        "payment_information.amount_charged",
        Derivation::MajorUnits,
        "the amount charged in the currency's main unit: 5000 in USD cents is 50.00",
    ),
    b(
        "payment_currency",
        "Payment currency",
        T::Text,
        "payment_information.currency",
    ),
    b("utm_source", "UTM source", T::Text, "utm_params.source"),
    b("utm_medium", "UTM medium", T::Text, "utm_params.medium"),
    b(
        "utm_campaign",
        "UTM campaign",
        T::Text,
        "utm_params.campaign",
    ),
    b("utm_term", "UTM term", T::Text, "utm_params.term"),
    b("utm_content", "UTM content", T::Text, "utm_params.content"),
    b(
        "payment_transaction_id",
        "Payment transaction id (Stripe charge)",
        T::Text,
        "payment_information.transaction_id",
    ),
    b(
        "master_page",
        "Master booking page",
        T::Text,
        "master_page.name",
    ),
    b(
        "rescheduled_booking_id",
        "Rescheduled booking id (the earlier booking)",
        T::Text,
        "rescheduled_booking_id",
    ),
];

/// Most custom source fields a caller may register.
pub const MAX_CUSTOM_FIELDS: usize = 2_000;
/// Largest custom field list text accepted (bytes).
pub const MAX_SOURCE_FIELDS_BYTES: usize = 16 * 1024 * 1024;
/// Most options on one custom choice field.
pub const MAX_OPTIONS: usize = 1_000;

/// The catalogue: built-ins plus registered custom fields.
#[derive(Debug, Clone)]
pub struct Catalogue {
    contact: Vec<SourceField>,
    meeting: Vec<SourceField>,
    custom_count: usize,
}

impl Default for Catalogue {
    fn default() -> Self {
        Self::new()
    }
}

/// The longest value of a type, in UTF-16 units, where the type or the options fix it: a
/// choice's longest option (a multiple choice: all options joined with `; `), `false`, a
/// `yyyy-MM-dd` date, a `yyyy-MM-ddTHH:mm:ss.SSSZ` datetime. `None` for free text and numbers.
pub fn known_max_length(value_type: ValueType, options: &[String]) -> Option<u32> {
    let units = |o: &String| o.encode_utf16().count();
    let n = match value_type {
        ValueType::SingleChoice if !options.is_empty() => options.iter().map(units).max()?,
        // Joined with `; ` for text (with `;` for a multipicklist, one character less each).
        ValueType::MultipleChoice if !options.is_empty() => {
            options.iter().map(units).sum::<usize>() + 2 * (options.len() - 1)
        }
        ValueType::Boolean => 5,
        ValueType::Date => 10,
        ValueType::Datetime => 24,
        _ => return None,
    };
    u32::try_from(n).ok()
}

fn from_builtin(kind: SourceKind, b: &Builtin) -> SourceField {
    let options: Vec<String> = b.options.iter().map(|s| (*s).to_string()).collect();
    SourceField {
        id: b.id.to_string(),
        label: b.label.to_string(),
        kind,
        value_type: b.value_type,
        path: b.path.to_string(),
        max_length: known_max_length(b.value_type, &options),
        options,
        custom: false,
        derivation: b.derivation.map(str::to_string),
        derive: b.derive,
    }
}

/// A custom field definition from the caller (and, in a configuration, `sourceFields`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomFieldInput {
    /// Unique id.
    pub id: String,
    /// Label; defaults to the id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Contact (default) or meeting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<SourceKind>,
    /// Value type.
    #[serde(rename = "type")]
    pub value_type: ValueType,
    /// Choice options.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// `custom_fields[].name` in payloads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload_name: Option<String>,
}

const CUSTOM_HELP: &str = "pass an array of { id, type, label?, kind?, options?, payloadName? }";

impl CustomFieldInput {
    /// Reads custom field definitions from JSON text (an array), with JSON-pointer errors.
    pub fn parse_list(text: &str) -> Result<Vec<CustomFieldInput>> {
        let v = crate::json::parse_value(text, "the custom fields")?;
        Self::read_list(&v, "")
    }

    /// Reads custom field definitions from a parsed array at JSON pointer `base`.
    pub fn read_list(v: &serde_json::Value, base: &str) -> Result<Vec<CustomFieldInput>> {
        use crate::jsonv::Ctx;
        let cx = Ctx {
            code: ErrorCode::InvalidSourceField,
            help: CUSTOM_HELP,
        };
        let list = cx.array(v, base)?;
        if list.len() > MAX_CUSTOM_FIELDS {
            return Err(EngineError::new(
                ErrorCode::TooManyItems,
                format!("at most {MAX_CUSTOM_FIELDS} custom fields can be registered"),
                base,
                "register only the fields you map",
            ));
        }
        let mut out = Vec::with_capacity(list.len());
        for (i, item) in list.iter().enumerate() {
            let path = format!("{base}/{i}");
            let m = cx.object(
                item,
                &path,
                "a custom field",
                &["id", "label", "kind", "type", "options", "payloadName"],
            )?;
            let id = cx.string(
                cx.req(m, "id", &path, "a custom field")?,
                &format!("{path}/id"),
            )?;
            let label = Ctx::opt(m, "label")
                .map(|v| cx.string(v, &format!("{path}/label")))
                .transpose()?;
            let kind = match Ctx::opt(m, "kind") {
                None => None,
                Some(v) => Some(
                    SourceKind::parse(&cx.string(v, &format!("{path}/kind"))?).map_err(|e| {
                        EngineError::new(
                            ErrorCode::InvalidSourceField,
                            e.message,
                            format!("{path}/kind"),
                            e.help,
                        )
                    })?,
                ),
            };
            let type_text = cx.string(
                cx.req(m, "type", &path, "a custom field")?,
                &format!("{path}/type"),
            )?;
            let value_type = ValueType::parse(&type_text).ok_or_else(|| {
                cx.err(
                    &format!("{path}/type"),
                    format!("unknown type `{type_text}`, expected one of `text`, `longText`, `email`, `phone`, `url`, `number`, `boolean`, `date`, `datetime`, `singleChoice`, `multipleChoice`"),
                )
            })?;
            let options = match Ctx::opt(m, "options") {
                None => Vec::new(),
                Some(v) => {
                    let arr = cx.array(v, &format!("{path}/options"))?;
                    if arr.len() > MAX_OPTIONS {
                        return Err(EngineError::new(
                            ErrorCode::TooManyItems,
                            format!("field `{id}` has more than {MAX_OPTIONS} options"),
                            format!("{path}/options"),
                            "a form question with this many options is better mapped as text",
                        ));
                    }
                    arr.iter()
                        .enumerate()
                        .map(|(j, o)| cx.string(o, &format!("{path}/options/{j}")))
                        .collect::<Result<Vec<_>>>()?
                }
            };
            let payload_name = Ctx::opt(m, "payloadName")
                .map(|v| cx.string(v, &format!("{path}/payloadName")))
                .transpose()?;
            out.push(CustomFieldInput {
                id,
                label,
                kind,
                value_type,
                options,
                payload_name,
            });
        }
        Ok(out)
    }
}

impl Catalogue {
    /// The built-in catalogue.
    pub fn new() -> Self {
        Self {
            contact: CONTACT_FIELDS
                .iter()
                .map(|b| from_builtin(SourceKind::Contact, b))
                .collect(),
            meeting: MEETING_FIELDS
                .iter()
                .map(|b| from_builtin(SourceKind::Meeting, b))
                .collect(),
            custom_count: 0,
        }
    }

    /// The registered custom fields as definitions (for a configuration's `sourceFields`),
    /// contact fields first, each in registration order.
    pub fn custom_inputs(&self) -> Vec<CustomFieldInput> {
        self.contact
            .iter()
            .chain(&self.meeting)
            .filter(|f| f.custom)
            .map(|f| CustomFieldInput {
                id: f.id.clone(),
                label: (f.label != f.id).then(|| f.label.clone()),
                kind: (f.kind == SourceKind::Meeting).then_some(SourceKind::Meeting),
                value_type: f.value_type,
                options: f.options.clone(),
                payload_name: f.payload_name().map(str::to_string),
            })
            .collect()
    }

    /// Fields of one kind, built-ins first, then custom fields in registration order.
    pub fn fields(&self, kind: SourceKind) -> &[SourceField] {
        match kind {
            SourceKind::Contact => &self.contact,
            SourceKind::Meeting => &self.meeting,
        }
    }

    /// Looks a field up by id.
    pub fn get(&self, kind: SourceKind, id: &str) -> Option<&SourceField> {
        self.fields(kind).iter().find(|f| f.id == id)
    }

    /// Registers custom fields. All-or-nothing: on any invalid definition nothing is added.
    /// Registering an id again replaces that custom field's definition.
    pub fn add_custom(&mut self, inputs: Vec<CustomFieldInput>) -> Result<Vec<SourceField>> {
        let mut staged: Vec<SourceField> = Vec::with_capacity(inputs.len());
        for (i, input) in inputs.into_iter().enumerate() {
            let path = format!("/{i}");
            let kind = input.kind.unwrap_or(SourceKind::Contact);
            let field = validate_custom(input, kind).map_err(|e| e.under(&path))?;
            if let Some(existing) = self.get(kind, &field.id) {
                if !existing.custom {
                    return Err(EngineError::new(
                        ErrorCode::InvalidSourceField,
                        format!("`{}` is a built-in OnceHub field", field.id),
                        format!("{path}/id"),
                        "choose another id, for example with a `custom.` prefix",
                    ));
                }
            }
            if staged.iter().any(|f| f.id == field.id && f.kind == kind) {
                return Err(EngineError::new(
                    ErrorCode::InvalidSourceField,
                    format!("the id `{}` is given twice", field.id),
                    format!("{path}/id"),
                    "give every custom field its own id",
                ));
            }
            staged.push(field);
        }
        let new_count = staged
            .iter()
            .filter(|f| self.get(f.kind, &f.id).is_none())
            .count();
        if self.custom_count + new_count > MAX_CUSTOM_FIELDS {
            return Err(EngineError::new(
                ErrorCode::TooManyItems,
                format!("at most {MAX_CUSTOM_FIELDS} custom fields can be registered"),
                "",
                "register only the fields you map",
            ));
        }
        for field in &staged {
            let list = match field.kind {
                SourceKind::Contact => &mut self.contact,
                SourceKind::Meeting => &mut self.meeting,
            };
            if let Some(slot) = list.iter_mut().find(|f| f.id == field.id) {
                *slot = field.clone();
            } else {
                list.push(field.clone());
                self.custom_count += 1;
            }
        }
        Ok(staged)
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

fn validate_custom(input: CustomFieldInput, kind: SourceKind) -> Result<SourceField> {
    if !valid_id(&input.id) {
        return Err(EngineError::new(
            ErrorCode::InvalidSourceField,
            format!("custom field id `{}` is not valid", input.id),
            "/id",
            "use 1 to 100 letters, digits, `_`, `.` or `-`, e.g. `custom.industry`",
        ));
    }
    let choice = matches!(
        input.value_type,
        ValueType::SingleChoice | ValueType::MultipleChoice
    );
    if matches!(input.value_type, ValueType::Integer | ValueType::TextList) {
        return Err(EngineError::new(
            ErrorCode::InvalidSourceField,
            format!(
                "type `{}` is for built-in fields only",
                input.value_type.as_str()
            ),
            "/type",
            "use `number` for numbers and `multipleChoice` for lists",
        ));
    }
    // A label shows in every dropdown; OnceHub's own question labels are far shorter.
    if input
        .label
        .as_ref()
        .is_some_and(|l| l.chars().count() > MAX_LABEL_CHARS)
    {
        return Err(EngineError::new(
            ErrorCode::InvalidSourceField,
            format!(
                "the label of field `{}` is longer than {MAX_LABEL_CHARS} characters",
                input.id
            ),
            "/label",
            "give a short label, as the form shows the question",
        ));
    }
    if choice && input.options.is_empty() {
        return Err(EngineError::new(
            ErrorCode::InvalidSourceField,
            format!("choice field `{}` has no options", input.id),
            "/options",
            "list the options the form offers, exactly as OnceHub sends them",
        ));
    }
    if !choice && !input.options.is_empty() {
        return Err(EngineError::new(
            ErrorCode::InvalidSourceField,
            format!("field `{}` is not a choice field but has options", input.id),
            "/options",
            "remove `options`, or use type `singleChoice` / `multipleChoice`",
        ));
    }
    if input.options.len() > MAX_OPTIONS {
        return Err(EngineError::new(
            ErrorCode::TooManyItems,
            format!("field `{}` has more than {MAX_OPTIONS} options", input.id),
            "/options",
            "a form question with this many options is better mapped as text",
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, o) in input.options.iter().enumerate() {
        if o.trim().is_empty() || !seen.insert(o.as_str()) {
            return Err(EngineError::new(
                ErrorCode::InvalidSourceField,
                format!("option `{o}` of field `{}` is empty or repeated", input.id),
                format!("/options/{i}"),
                "give each option once, non-empty",
            ));
        }
    }
    let payload_name = input.payload_name.unwrap_or_else(|| {
        input
            .id
            .strip_prefix("custom.")
            .unwrap_or(&input.id)
            .to_string()
    });
    let label = input
        .label
        .filter(|l| !l.trim().is_empty())
        .unwrap_or_else(|| input.id.clone());
    let path = format!("custom_fields[name={payload_name}]");
    Ok(SourceField {
        id: input.id,
        label,
        kind,
        value_type: input.value_type,
        path,
        max_length: known_max_length(input.value_type, &input.options),
        options: input.options,
        custom: true,
        derivation: None,
        derive: Derivation::CustomField,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(json: &str) -> Vec<CustomFieldInput> {
        CustomFieldInput::parse_list(json).unwrap()
    }

    #[test]
    fn the_longest_value_is_known_where_the_type_or_options_fix_it() {
        let mut c = Catalogue::new();
        let added = c
            .add_custom(input(
                r#"[{"id":"custom.size","type":"singleChoice","options":["1-10","11-50","51+"]},
                    {"id":"custom.topics","type":"multipleChoice","options":["a","bb","ccc"]},
                    {"id":"custom.note","type":"text"},{"id":"custom.day","type":"date"}]"#,
            ))
            .unwrap();
        let lengths: Vec<Option<u32>> = added.iter().map(|f| f.max_length).collect();
        // `a; bb; ccc` is 10 units; free text has no known end.
        assert_eq!(lengths, [Some(5), Some(10), None, Some(10)]);
        assert_eq!(known_max_length(ValueType::Datetime, &[]), Some(24));
        assert_eq!(known_max_length(ValueType::SingleChoice, &[]), None);
    }

    #[test]
    fn custom_field_shape_errors_name_the_path() {
        let e = CustomFieldInput::parse_list(
            r#"[{"id":"a","type":"text"},{"id":"b","type":"colour"}]"#,
        )
        .unwrap_err();
        assert_eq!(
            (e.code, e.path.as_str()),
            (ErrorCode::InvalidSourceField, "/1/type")
        );
        let e =
            CustomFieldInput::parse_list(r#"[{"id":"a","type":"text","colour":1}]"#).unwrap_err();
        assert_eq!(e.path, "/0/colour");
        let e = CustomFieldInput::parse_list(r#"{"id":"a"}"#).unwrap_err();
        assert_eq!(e.path, "");
        // A label past 255 characters.
        let long = format!(
            r#"[{{"id":"custom.a","type":"text"}},{{"id":"custom.b","type":"text","label":"{}"}}]"#,
            "x".repeat(MAX_LABEL_CHARS + 1)
        );
        let e = Catalogue::new()
            .add_custom(CustomFieldInput::parse_list(&long).unwrap())
            .unwrap_err();
        assert_eq!(
            (e.code, e.path.as_str()),
            (ErrorCode::InvalidSourceField, "/1/label")
        );
    }

    #[test]
    fn builtin_catalogue_has_unique_ids_per_kind() {
        let c = Catalogue::new();
        for kind in [SourceKind::Contact, SourceKind::Meeting] {
            let mut ids: Vec<_> = c.fields(kind).iter().map(|f| f.id.as_str()).collect();
            let n = ids.len();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), n);
        }
    }

    #[test]
    fn custom_choice_fields_need_options_and_unique_ids() {
        let mut c = Catalogue::new();
        let e = c
            .add_custom(input(r#"[{"id":"custom.size","type":"singleChoice"}]"#))
            .unwrap_err();
        assert_eq!(e.path, "/0/options");
        let e = c
            .add_custom(input(r#"[{"id":"email","type":"text"}]"#))
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidSourceField);
        let added = c
            .add_custom(input(
                r#"[{"id":"custom.size","type":"singleChoice","options":["1-10","11-50"]}]"#,
            ))
            .unwrap();
        assert_eq!(added[0].path, "custom_fields[name=size]");
        assert!(c.get(SourceKind::Contact, "custom.size").is_some());
    }
}
