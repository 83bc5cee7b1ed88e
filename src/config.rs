//! The mapping configuration: one versioned JSON document holding everything the integration
//! settings screen holds. Its shape is a public contract (see docs/config.md).

use crate::error::{pointer_segment, EngineError, ErrorCode, Result};
use crate::jsonv::{self, Ctx};
use serde::Serialize;
use std::collections::BTreeMap;

/// The only configuration version this engine reads and writes.
pub const CONFIG_VERSION: u64 = 1;
const _: () = assert!(CONFIG_VERSION == 1, "parse accepts `1.0` for version 1");
/// Most mapping rows in one configuration (all tabs together).
pub const MAX_ROWS: usize = 20_000;
/// Most booking calendars in `caseCalendars` or `bookingCalendars`.
pub const MAX_CALENDARS: usize = 1_000;
/// Most entries in one row's `valueMap` (a picklist holds at most 10,000 values).
pub const MAX_VALUE_MAP_ENTRIES: usize = 10_000;
/// Largest configuration text accepted (bytes).
pub const MAX_CONFIG_BYTES: usize = 8 * 1024 * 1024;
/// Default Salesforce REST API version for previews.
pub const DEFAULT_API_VERSION: &str = "62.0";

/// A mapping tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Tab {
    /// OnceHub contact fields → Salesforce Contact.
    Contacts,
    /// OnceHub contact fields → Salesforce Lead.
    Leads,
    /// Meeting fields → Salesforce Event.
    Events,
    /// Meeting fields → Salesforce Case.
    Cases,
}

impl Tab {
    /// Every tab, in screen order.
    pub const ALL: [Tab; 4] = [Tab::Contacts, Tab::Leads, Tab::Events, Tab::Cases];

    /// The Salesforce object of the tab.
    pub fn object(self) -> &'static str {
        match self {
            Tab::Contacts => "Contact",
            Tab::Leads => "Lead",
            Tab::Events => "Event",
            Tab::Cases => "Case",
        }
    }

    /// The tab's name on the screen.
    pub fn title(self) -> &'static str {
        match self {
            Tab::Contacts => "Contacts",
            Tab::Leads => "Leads",
            Tab::Events => "Events",
            Tab::Cases => "Cases",
        }
    }

    /// The tab's key in `mappings`.
    pub fn key(self) -> &'static str {
        match self {
            Tab::Contacts => "contacts",
            Tab::Leads => "leads",
            Tab::Events => "events",
            Tab::Cases => "cases",
        }
    }

    /// Parses a tab key.
    pub fn parse(text: &str) -> Result<Tab> {
        Tab::ALL
            .into_iter()
            .find(|t| t.key() == text)
            .ok_or_else(|| {
                EngineError::new(
                    ErrorCode::InvalidArgument,
                    format!("unknown tab `{text}`"),
                    "",
                    "use `contacts`, `leads`, `events` or `cases`",
                )
            })
    }

    /// The tab that maps to an object.
    pub fn for_object(object: &str) -> Option<Tab> {
        Tab::ALL
            .into_iter()
            .find(|t| t.object().eq_ignore_ascii_case(object))
    }

    /// The OnceHub source kind of the tab.
    pub fn source_kind(self) -> crate::catalogue::SourceKind {
        match self {
            Tab::Contacts | Tab::Leads => crate::catalogue::SourceKind::Contact,
            Tab::Events | Tab::Cases => crate::catalogue::SourceKind::Meeting,
        }
    }
}

/// What a new OnceHub contact does in Salesforce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ContactTarget {
    /// Create or update a Lead.
    Lead,
    /// Create or update a Contact.
    Contact,
    /// Update the Contact if one exists, otherwise create or update a Lead.
    ContactElseLead,
}

/// A fallback or static value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Fallback {
    /// Text (also dates, datetimes, picklist values).
    Text(String),
    /// A number.
    Number(serde_json::Number),
    /// A checkbox value.
    Bool(bool),
}

impl Fallback {
    /// The value as text, as a user typed it.
    pub fn as_text(&self) -> String {
        match self {
            Fallback::Text(s) => s.clone(),
            Fallback::Number(n) => n.to_string(),
            Fallback::Bool(b) => b.to_string(),
        }
    }

    /// The JSON value the fallback is sent as.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Fallback::Text(s) => serde_json::Value::String(s.clone()),
            Fallback::Number(n) => serde_json::Value::Number(n.clone()),
            Fallback::Bool(b) => serde_json::Value::Bool(*b),
        }
    }

    /// Blank text (`""`, spaces): Salesforce stores it as an empty field.
    pub fn is_blank(&self) -> bool {
        matches!(self, Fallback::Text(s) if s.trim().is_empty())
    }
}

/// One mapping row.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    /// OnceHub field id; absent = static value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Salesforce field API name.
    pub target: String,
    /// May an existing non-blank Salesforce value be replaced?
    pub overwrite: bool,
    /// Used when the source value is empty (or always, for a static row).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<Fallback>,
    /// Source option → picklist value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_map: Option<BTreeMap<String, String>>,
    /// Cut text longer than the field instead of failing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truncate: Option<bool>,
    /// Send null to clear the Salesforce value when the source is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clear_when_empty: Option<bool>,
}

impl Row {
    /// Is this a static row that checks the checkbox `target` (`true`, `"true"` or 1)?
    pub fn checks_static(&self, target: &str) -> bool {
        self.target.eq_ignore_ascii_case(target)
            && self.source.is_none()
            && self
                .fallback
                .as_ref()
                .is_some_and(|f| crate::value::checkbox(&f.to_json()) == Some(true))
    }

    /// A mapped row.
    pub fn map(source: &str, target: &str, overwrite: bool) -> Row {
        Row {
            source: Some(source.to_string()),
            target: target.to_string(),
            overwrite,
            fallback: None,
            value_map: None,
            truncate: None,
            clear_when_empty: None,
        }
    }

    /// Lets the row cut text longer than the field.
    #[must_use]
    pub fn truncating(mut self) -> Row {
        self.truncate = Some(true);
        self
    }

    /// Adds a text fallback.
    #[must_use]
    pub fn with_fallback(mut self, value: &str) -> Row {
        self.fallback = Some(Fallback::Text(value.to_string()));
        self
    }

    /// A static-value row.
    pub fn fixed(target: &str, value: &str, overwrite: bool) -> Row {
        Row {
            source: None,
            target: target.to_string(),
            overwrite,
            fallback: Some(Fallback::Text(value.to_string())),
            value_map: None,
            truncate: None,
            clear_when_empty: None,
        }
    }
}

/// Contact settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactSettings {
    /// Lead, Contact, or Contact-else-Lead.
    pub target: ContactTarget,
}

/// Meeting settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MeetingSettings {
    /// Create an Event for every meeting.
    pub create_events: bool,
    /// Booking calendar ids whose meetings create Cases; empty = none.
    pub case_calendars: Vec<String>,
    /// The "create Cases" switch of the settings screen. Absent: Cases are on exactly when
    /// `caseCalendars` is not empty. `false` keeps the calendar selection but creates no Case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_cases: Option<bool>,
}

impl MeetingSettings {
    /// Will meetings from some calendar create Cases?
    pub fn cases_enabled(&self) -> bool {
        self.create_cases.unwrap_or(true) && !self.case_calendars.is_empty()
    }
}

/// Rows per tab.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Mappings {
    /// Contacts tab.
    pub contacts: Vec<Row>,
    /// Leads tab.
    pub leads: Vec<Row>,
    /// Events tab.
    pub events: Vec<Row>,
    /// Cases tab.
    pub cases: Vec<Row>,
}

impl Mappings {
    /// Rows of a tab.
    pub fn rows(&self, tab: Tab) -> &[Row] {
        match tab {
            Tab::Contacts => &self.contacts,
            Tab::Leads => &self.leads,
            Tab::Events => &self.events,
            Tab::Cases => &self.cases,
        }
    }

    /// Rows of a tab, mutable.
    pub fn rows_mut(&mut self, tab: Tab) -> &mut Vec<Row> {
        match tab {
            Tab::Contacts => &mut self.contacts,
            Tab::Leads => &mut self.leads,
            Tab::Events => &mut self.events,
            Tab::Cases => &mut self.cases,
        }
    }
}

/// A booking calendar known to the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BookingCalendar {
    /// `BKC-...`
    pub id: String,
    /// Name.
    pub name: String,
}

/// What a mapped Salesforce field looked like when the config was exported (for drift checks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldSnapshot {
    /// Field type.
    #[serde(rename = "type")]
    pub field_type: String,
    /// Length, for text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<u32>,
    /// Required on create; `None` when the describe did not say (a reduced describe).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// Active picklist values, for picklists.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub picklist_values: Vec<String>,
}

/// The whole configuration.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MappingConfig {
    /// Always 1.
    pub version: u64,
    /// Contact settings.
    pub contacts: ContactSettings,
    /// Meeting settings.
    pub meetings: MeetingSettings,
    /// Rows per tab.
    pub mappings: Mappings,
    /// Known booking calendars (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_calendars: Option<Vec<BookingCalendar>>,
    /// REST API version for previews (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Time zone for datetime → date when a booking has none (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// The custom OnceHub fields the rows may use (optional): written by `exportConfig` so that
    /// an imported configuration can register them again (`addSourceFields`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_fields: Option<Vec<crate::catalogue::CustomFieldInput>>,
    /// Snapshot of mapped fields at export, keyed `Object` → field (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_snapshot: Option<BTreeMap<String, BTreeMap<String, FieldSnapshot>>>,
}

/// The fallback of the default configuration's required rows (Salesforce's Web-to-Lead
/// convention for a value the person did not give).
pub const DEFAULT_FALLBACK: &str = "[not provided]";

const CONFIG_HELP: &str =
    "fix the value the path names (its row and key), comparing with a configuration the mapping screen exported; docs/config.md describes every key";

impl MappingConfig {
    /// Does a static `IsAllDayEvent` row make every Event all-day? (Such an Event needs no
    /// duration or end, and its date may come from `ActivityDate`.)
    pub fn all_day_events(&self) -> bool {
        self.mappings
            .events
            .iter()
            .any(|r| r.checks_static("IsAllDayEvent"))
    }

    /// The configuration a new integration starts with.
    pub fn default_config() -> MappingConfig {
        const NOT_PROVIDED: &str = DEFAULT_FALLBACK;
        MappingConfig {
            version: CONFIG_VERSION,
            contacts: ContactSettings {
                target: ContactTarget::ContactElseLead,
            },
            meetings: MeetingSettings {
                create_events: true,
                case_calendars: vec![],
                create_cases: None,
            },
            mappings: Mappings {
                contacts: vec![
                    Row::map("first_name", "FirstName", false),
                    Row::map("last_name_or_name", "LastName", false).with_fallback(NOT_PROVIDED),
                    Row::map("email", "Email", false),
                    Row::map("phone", "Phone", false),
                    Row::map("mobile_phone", "MobilePhone", false),
                    Row::map("job_title", "Title", false),
                ],
                leads: vec![
                    Row::map("first_name", "FirstName", false),
                    Row::map("last_name_or_name", "LastName", false).with_fallback(NOT_PROVIDED),
                    Row::map("email", "Email", false),
                    Row::map("phone", "Phone", false),
                    Row::map("mobile_phone", "MobilePhone", false),
                    Row::map("company", "Company", false).with_fallback(NOT_PROVIDED),
                    Row::map("job_title", "Title", false),
                ],
                events: vec![
                    Row::map("subject", "Subject", true),
                    Row::map("starting_time", "StartDateTime", true),
                    Row::map("end_time", "EndDateTime", true),
                    // A web-conferencing location runs long (a Zoom invitation is about 600
                    // characters); `Location` holds 255.
                    Row::map("location", "Location", true).truncating(),
                    Row::map("note", "Description", true),
                ],
                cases: vec![
                    Row::map("subject", "Subject", true),
                    Row::map("booker_name", "SuppliedName", true),
                    Row::map("booker_email", "SuppliedEmail", true),
                    Row::map("booker_phone", "SuppliedPhone", true),
                    Row::map("note", "Description", true),
                ],
            },
            booking_calendars: None,
            api_version: None,
            time_zone: None,
            source_fields: None,
            field_snapshot: None,
        }
    }

    /// Parses configuration text. Unknown keys, wrong types and other versions are errors
    /// with the JSON pointer of the offending value.
    pub fn parse(text: &str) -> Result<MappingConfig> {
        if text.len() > MAX_CONFIG_BYTES {
            return Err(EngineError::new(
                ErrorCode::InputTooLarge,
                format!(
                    "the configuration is {} bytes; the limit is {MAX_CONFIG_BYTES} bytes",
                    text.len()
                ),
                "",
                "a configuration this large is not a settings screen's; check what produced it",
            ));
        }
        let value = crate::json::parse_value(text, "the configuration")?;
        Self::from_value(&value)
    }

    /// Converts an already parsed JSON value.
    pub fn from_value(value: &serde_json::Value) -> Result<MappingConfig> {
        let Some(obj) = value.as_object() else {
            return Err(EngineError::new(
                ErrorCode::InvalidConfig,
                "the configuration must be a JSON object",
                "",
                CONFIG_HELP,
            ));
        };
        // A describe (or the CLI's wrapper of one) picked where a configuration belongs.
        let describe = obj
            .get("result")
            .and_then(serde_json::Value::as_object)
            .unwrap_or(obj);
        if !obj.contains_key("mappings")
            && describe
                .get("fields")
                .is_some_and(serde_json::Value::is_array)
        {
            let name = describe
                .get("name")
                .and_then(serde_json::Value::as_str)
                .map_or_else(String::new, |n| format!(" of `{n}`"));
            return Err(EngineError::new(
                ErrorCode::InvalidConfig,
                format!("this is a Salesforce describe{name}, not a mapping configuration"),
                "",
                "load it as a describe (on the mapping screen: Salesforce connection, Replace an object's describe; in code: loadDescribe), and import a configuration exported by the screen here",
            ));
        }
        // A OnceHub webhook, booking or contact picked where a configuration belongs.
        let payload = obj
            .get("object")
            .and_then(serde_json::Value::as_str)
            .filter(|o| matches!(*o, "event" | "booking" | "contact"));
        if let (Some(kind), false) = (payload, obj.contains_key("version")) {
            let what = if kind == "event" { "webhook" } else { kind };
            return Err(EngineError::new(
                ErrorCode::InvalidConfig,
                format!("this is a OnceHub {what}, not a mapping configuration"),
                "",
                "preview it as a payload (on the mapping screen: Payload preview; in code: preview), and import a configuration exported by the screen here",
            ));
        }
        match obj.get("version") {
            // `1` or `1.0`: the same JSON number (CONFIG_VERSION is 1).
            Some(v) if v.as_f64() == Some(1.0) => {}
            Some(v) => {
                return Err(EngineError::new(
                    ErrorCode::UnsupportedConfigVersion,
                    format!("configuration version `{v}` is not supported; this engine reads version {CONFIG_VERSION}"),
                    "/version",
                    "export the configuration again from a matching version of the mapping screen",
                ))
            }
            None => {
                return Err(EngineError::new(
                    ErrorCode::InvalidConfig,
                    "the configuration has no `version`",
                    "/version",
                    "add `\"version\": 1`",
                ))
            }
        }
        let rows: usize = obj
            .get("mappings")
            .and_then(serde_json::Value::as_object)
            .map_or(0, |m| {
                m.values()
                    .filter_map(serde_json::Value::as_array)
                    .map(Vec::len)
                    .sum()
            });
        if rows > MAX_ROWS {
            return Err(EngineError::new(
                ErrorCode::TooManyItems,
                format!("the configuration has {rows} rows; the limit is {MAX_ROWS}"),
                "/mappings",
                "remove rows; a Salesforce object has far fewer writable fields",
            ));
        }
        read_config(value)
    }

    /// Stable, pretty JSON text (keys in a fixed order), lossless for [`MappingConfig::parse`].
    pub fn export(&self) -> String {
        // One compact serializer for every output type; indentation is added on the text
        // (a second, pretty serializer would double the serialization code in the wasm).
        crate::json::indent(&crate::json::to_json(self).unwrap_or_default())
    }

    /// Total rows.
    pub fn row_count(&self) -> usize {
        Tab::ALL.iter().map(|t| self.mappings.rows(*t).len()).sum()
    }

    /// API version for previews.
    pub fn api_version(&self) -> &str {
        self.api_version.as_deref().unwrap_or(DEFAULT_API_VERSION)
    }
}

const CX: Ctx<'static> = Ctx {
    code: ErrorCode::InvalidConfig,
    help: CONFIG_HELP,
};

#[expect(
    clippy::too_many_lines,
    reason = "one block per top-level key, read top to bottom"
)]
fn read_config(v: &serde_json::Value) -> Result<MappingConfig> {
    let top = CX.object(
        v,
        "",
        "the configuration",
        &[
            "version",
            "contacts",
            "meetings",
            "mappings",
            "bookingCalendars",
            "apiVersion",
            "timeZone",
            "sourceFields",
            "fieldSnapshot",
        ],
    )?;
    let contacts_v = CX.req(top, "contacts", "", "the configuration")?;
    let contacts = CX.object(contacts_v, "/contacts", "`contacts`", &["target"])?;
    let target_v = CX.req(contacts, "target", "/contacts", "`contacts`")?;
    let target = match target_v.as_str() {
        Some("lead") => ContactTarget::Lead,
        Some("contact") => ContactTarget::Contact,
        Some("contactElseLead") => ContactTarget::ContactElseLead,
        _ => {
            return Err(CX.err(
                "/contacts/target",
                format!("unknown contact target {target_v}, expected `lead`, `contact` or `contactElseLead`"),
            ))
        }
    };
    let meetings_v = CX.req(top, "meetings", "", "the configuration")?;
    let meetings = CX.object(
        meetings_v,
        "/meetings",
        "`meetings`",
        &["createEvents", "caseCalendars", "createCases"],
    )?;
    let create_events = CX.boolean(
        CX.req(meetings, "createEvents", "/meetings", "`meetings`")?,
        "/meetings/createEvents",
    )?;
    let cals = CX.array(
        CX.req(meetings, "caseCalendars", "/meetings", "`meetings`")?,
        "/meetings/caseCalendars",
    )?;
    calendar_limit(cals.len(), "/meetings/caseCalendars")?;
    let case_calendars = cals
        .iter()
        .enumerate()
        .map(|(i, c)| CX.string(c, &format!("/meetings/caseCalendars/{i}")))
        .collect::<Result<Vec<_>>>()?;
    let create_cases = Ctx::opt(meetings, "createCases")
        .map(|v| CX.boolean(v, "/meetings/createCases"))
        .transpose()?;
    let mappings_v = CX.req(top, "mappings", "", "the configuration")?;
    let maps = CX.object(
        mappings_v,
        "/mappings",
        "`mappings`",
        &["contacts", "leads", "events", "cases"],
    )?;
    let mut mappings = Mappings::default();
    for tab in Tab::ALL {
        let path = format!("/mappings/{}", tab.key());
        let rows_v = CX.req(maps, tab.key(), "/mappings", "`mappings`")?;
        let rows = CX.array(rows_v, &path)?;
        let out = mappings.rows_mut(tab);
        out.reserve(rows.len());
        for (i, r) in rows.iter().enumerate() {
            out.push(read_row(r, &format!("{path}/{i}"))?);
        }
    }
    let booking_calendars = match Ctx::opt(top, "bookingCalendars") {
        None => None,
        Some(v) => {
            let list = CX.array(v, "/bookingCalendars")?;
            calendar_limit(list.len(), "/bookingCalendars")?;
            let mut out = Vec::with_capacity(list.len());
            for (i, c) in list.iter().enumerate() {
                let path = format!("/bookingCalendars/{i}");
                let m = CX.object(c, &path, "a booking calendar", &["id", "name"])?;
                out.push(BookingCalendar {
                    id: CX.string(
                        CX.req(m, "id", &path, "a booking calendar")?,
                        &format!("{path}/id"),
                    )?,
                    name: CX.string(
                        CX.req(m, "name", &path, "a booking calendar")?,
                        &format!("{path}/name"),
                    )?,
                });
            }
            Some(out)
        }
    };
    let api_version = Ctx::opt(top, "apiVersion")
        .map(|v| CX.string(v, "/apiVersion"))
        .transpose()?;
    if let Some(v) = &api_version {
        // `62.0`: a release number from 20 (the oldest REST version in use), a dot, one digit.
        let ok = v.split_once('.').is_some_and(|(major, minor)| {
            major.len() <= 3
                && !major.starts_with('0')
                && major.parse::<u16>().is_ok_and(|m| m >= 20)
                && major.bytes().all(|b| b.is_ascii_digit())
                && minor.len() == 1
                && minor.bytes().all(|b| b.is_ascii_digit())
        });
        if !ok {
            return Err(CX.err(
                "/apiVersion",
                format!("`{v}` is not a Salesforce API version such as `62.0`"),
            ));
        }
    }
    let time_zone = Ctx::opt(top, "timeZone")
        .map(|v| CX.string(v, "/timeZone"))
        .transpose()?;
    let source_fields = Ctx::opt(top, "sourceFields")
        .map(|v| crate::catalogue::CustomFieldInput::read_list(v, "/sourceFields"))
        .transpose()?;
    let field_snapshot = match Ctx::opt(top, "fieldSnapshot") {
        None => None,
        Some(v) => Some(read_snapshot(v)?),
    };
    Ok(MappingConfig {
        version: CONFIG_VERSION,
        contacts: ContactSettings { target },
        meetings: MeetingSettings {
            create_events,
            case_calendars,
            create_cases,
        },
        mappings,
        booking_calendars,
        api_version,
        time_zone,
        source_fields,
        field_snapshot,
    })
}

fn calendar_limit(n: usize, path: &str) -> Result<()> {
    if n > MAX_CALENDARS {
        return Err(EngineError::new(
            ErrorCode::TooManyItems,
            format!("{n} booking calendars; the limit is {MAX_CALENDARS}"),
            path,
            "list only the account's booking calendars",
        ));
    }
    Ok(())
}

/// A string at `path/key`; the pointer is written only for an error (rows are many).
fn text_at(v: &serde_json::Value, path: &str, key: &str) -> Result<String> {
    match v {
        serde_json::Value::String(s) => Ok(s.clone()),
        other => CX.string(other, &format!("{path}/{key}")),
    }
}

/// A boolean at `path/key`; the pointer is written only for an error.
fn bool_at(v: &serde_json::Value, path: &str, key: &str) -> Result<bool> {
    match v {
        serde_json::Value::Bool(b) => Ok(*b),
        other => CX.boolean(other, &format!("{path}/{key}")),
    }
}

fn read_row(v: &serde_json::Value, path: &str) -> Result<Row> {
    let m = CX.object(
        v,
        path,
        "a mapping row",
        &[
            "source",
            "target",
            "overwrite",
            "fallback",
            "valueMap",
            "truncate",
            "clearWhenEmpty",
        ],
    )?;
    let source = Ctx::opt(m, "source")
        .map(|v| text_at(v, path, "source"))
        .transpose()?;
    let target = text_at(CX.req(m, "target", path, "a mapping row")?, path, "target")?;
    let overwrite = bool_at(
        CX.req(m, "overwrite", path, "a mapping row")?,
        path,
        "overwrite",
    )?;
    let fallback = match Ctx::opt(m, "fallback") {
        None => None,
        Some(serde_json::Value::String(s)) => Some(Fallback::Text(s.clone())),
        Some(serde_json::Value::Number(n)) => Some(Fallback::Number(n.clone())),
        Some(serde_json::Value::Bool(b)) => Some(Fallback::Bool(*b)),
        Some(other) => {
            return Err(CX.err(
                &format!("{path}/fallback"),
                format!(
                    "a fallback is a string, number or boolean, found {}",
                    jsonv::kind(other)
                ),
            ))
        }
    };
    let value_map = match Ctx::opt(m, "valueMap") {
        None => None,
        Some(serde_json::Value::Object(map)) => {
            if map.len() > MAX_VALUE_MAP_ENTRIES {
                return Err(EngineError::new(
                    ErrorCode::TooManyItems,
                    format!(
                        "the value map has {} entries; the limit is {MAX_VALUE_MAP_ENTRIES}",
                        map.len()
                    ),
                    format!("{path}/valueMap"),
                    "map only the values OnceHub sends; a Salesforce picklist holds at most 10,000 values",
                ));
            }
            let mut out = BTreeMap::new();
            for (k, v) in map {
                let value = match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => {
                        CX.string(other, &format!("{path}/valueMap/{}", pointer_segment(k)))?
                    }
                };
                out.insert(k.clone(), value);
            }
            Some(out)
        }
        Some(other) => {
            return Err(CX.err(
                &format!("{path}/valueMap"),
                format!(
                    "`valueMap` must be an object of option → picklist value, found {}",
                    jsonv::kind(other)
                ),
            ))
        }
    };
    let truncate = Ctx::opt(m, "truncate")
        .map(|v| bool_at(v, path, "truncate"))
        .transpose()?;
    let clear_when_empty = Ctx::opt(m, "clearWhenEmpty")
        .map(|v| bool_at(v, path, "clearWhenEmpty"))
        .transpose()?;
    Ok(Row {
        source,
        target,
        overwrite,
        fallback,
        value_map,
        truncate,
        clear_when_empty,
    })
}

fn read_snapshot(
    v: &serde_json::Value,
) -> Result<BTreeMap<String, BTreeMap<String, FieldSnapshot>>> {
    let serde_json::Value::Object(objects) = v else {
        return Err(CX.err(
            "/fieldSnapshot",
            format!(
                "`fieldSnapshot` must be an object, found {}",
                jsonv::kind(v)
            ),
        ));
    };
    let mut out = BTreeMap::new();
    for (object, fields_v) in objects {
        let opath = format!("/fieldSnapshot/{}", pointer_segment(object));
        let serde_json::Value::Object(fields) = fields_v else {
            return Err(CX.err(
                &opath,
                format!(
                    "expected an object of fields, found {}",
                    jsonv::kind(fields_v)
                ),
            ));
        };
        let mut snap = BTreeMap::new();
        for (name, f) in fields {
            let fpath = format!("{opath}/{}", pointer_segment(name));
            let m = CX.object(
                f,
                &fpath,
                "a field snapshot",
                &["type", "length", "required", "picklistValues"],
            )?;
            let length = match Ctx::opt(m, "length") {
                None => None,
                Some(l) => Some(l.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or_else(
                    || {
                        CX.err(
                            &format!("{fpath}/length"),
                            "expected a whole number".to_string(),
                        )
                    },
                )?),
            };
            let picklist_values = match Ctx::opt(m, "picklistValues") {
                None => Vec::new(),
                Some(pv) => CX
                    .array(pv, &format!("{fpath}/picklistValues"))?
                    .iter()
                    .enumerate()
                    .map(|(i, x)| CX.string(x, &format!("{fpath}/picklistValues/{i}")))
                    .collect::<Result<Vec<_>>>()?,
            };
            snap.insert(
                name.clone(),
                FieldSnapshot {
                    field_type: CX.string(
                        CX.req(m, "type", &fpath, "a field snapshot")?,
                        &format!("{fpath}/type"),
                    )?,
                    length,
                    required: match Ctx::opt(m, "required") {
                        None | Some(serde_json::Value::Null) => None,
                        Some(b) => Some(CX.boolean(b, &format!("{fpath}/required"))?),
                    },
                    picklist_values,
                },
            );
        }
        out.insert(object.clone(), snap);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_round_trips() {
        let c = MappingConfig::default_config();
        assert_eq!(MappingConfig::parse(&c.export()).unwrap(), c);
    }

    #[test]
    fn unknown_keys_are_rejected_with_their_path() {
        let mut v = serde_json::to_value(MappingConfig::default_config()).unwrap();
        v["mappings"]["leads"][1]["sorce"] = serde_json::json!("email");
        let e = MappingConfig::parse(&v.to_string()).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidConfig);
        assert_eq!(e.path, "/mappings/leads/1/sorce");
        assert!(e.message.contains("unknown field `sorce`"), "{}", e.message);
    }

    #[test]
    fn calendar_lists_are_bounded() {
        let mut v = serde_json::to_value(MappingConfig::default_config()).unwrap();
        v["meetings"]["caseCalendars"] = serde_json::json!(vec!["BKC-1"; MAX_CALENDARS + 1]);
        let e = MappingConfig::parse(&v.to_string()).unwrap_err();
        assert_eq!(
            (e.code, e.path.as_str()),
            (ErrorCode::TooManyItems, "/meetings/caseCalendars")
        );
    }

    #[test]
    fn other_versions_are_rejected() {
        let e = MappingConfig::parse(r#"{"version":2}"#).unwrap_err();
        assert_eq!(e.code, ErrorCode::UnsupportedConfigVersion);
        assert_eq!(e.path, "/version");
        // 1.0 is the number 1.
        let text = serde_json::to_string(&MappingConfig::default_config())
            .unwrap()
            .replacen("\"version\":1", "\"version\":1.0", 1);
        assert_eq!(
            MappingConfig::parse(&text).unwrap(),
            MappingConfig::default_config()
        );
    }

    #[test]
    fn api_versions_and_repeated_keys_are_checked() {
        let config = serde_json::to_value(MappingConfig::default_config()).unwrap();
        for (version, ok) in [
            ("62.0", true),
            ("20.0", true),
            ("7.0", false),
            ("0.0", false),
            ("062.0", false),
            ("62.00", false),
            (".", false),
            ("..", false),
            ("1.2.3", false),
            ("v62.0", false),
            ("62", false),
        ] {
            let mut c = config.clone();
            c["apiVersion"] = serde_json::json!(version);
            let r = MappingConfig::parse(&c.to_string());
            assert_eq!(r.is_ok(), ok, "{version}: {r:?}");
            if let Err(e) = r {
                assert_eq!(e.path, "/apiVersion");
            }
        }
        let text = serde_json::to_string(&config).unwrap().replacen(
            "\"target\":\"contactElseLead\"",
            "\"target\":\"lead\",\"target\":\"contact\"",
            1,
        );
        let e = MappingConfig::parse(&text).unwrap_err();
        assert_eq!(
            (e.code, e.path.as_str()),
            (ErrorCode::InvalidJson, "/contacts/target"),
            "{e:?}"
        );
    }

    #[test]
    fn wrong_types_name_the_path() {
        let mut v = serde_json::to_value(MappingConfig::default_config()).unwrap();
        v["meetings"]["createEvents"] = serde_json::json!("yes");
        let e = MappingConfig::parse(&v.to_string()).unwrap_err();
        assert_eq!(e.path, "/meetings/createEvents");
    }
}
