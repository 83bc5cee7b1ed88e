//! The engine-owned model of a Salesforce sObject describe.
//!
//! A describe is parsed once ([`parse::parse_describe`]) into [`SObject`]; every query works on
//! this model and never re-reads the text.

pub mod parse;
pub mod standard;

pub use oncehub_sf_reader::describe::RecordType;

use serde::Serialize;

/// Salesforce field types (the `type` attribute of a describe field).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    /// Record id (`tns:ID`), never writable.
    Id,
    /// Lookup / master-detail (`tns:ID`).
    Reference,
    /// Text up to `length` characters.
    String,
    /// Long or rich text.
    Textarea,
    /// Email address; Salesforce validates the format.
    Email,
    /// Phone number (any text).
    Phone,
    /// URL.
    Url,
    /// Single-select picklist.
    Picklist,
    /// Multi-select picklist, values joined with `;`.
    Multipicklist,
    /// Picklist that also takes free text.
    Combobox,
    /// Encrypted text (175 characters at most).
    Encryptedstring,
    /// Checkbox.
    Boolean,
    /// Integer with `digits`.
    Int,
    /// 64-bit integer.
    Long,
    /// Floating number with `precision` and `scale`.
    Double,
    /// Money with `precision` and `scale`.
    Currency,
    /// Percent with `precision` and `scale`.
    Percent,
    /// `yyyy-MM-dd`.
    Date,
    /// ISO-8601 date-time, UTC.
    Datetime,
    /// `HH:mm:ss.SSSZ`.
    Time,
    /// Compound address (read-only; write its parts).
    Address,
    /// Compound geolocation (read-only; write its parts).
    Location,
    /// Base64 binary.
    Base64,
    /// Any type (history fields).
    Anytype,
    /// JSON.
    Json,
    /// A type this engine does not know; kept so nothing is lost, never writable by the engine.
    #[serde(rename = "unsupported")]
    Unsupported,
}

impl FieldType {
    /// Maps a describe `type` string (case-insensitive) to a type.
    pub fn from_describe(raw: &str) -> Self {
        match raw.to_ascii_lowercase().as_str() {
            "id" => Self::Id,
            "reference" => Self::Reference,
            "string" => Self::String,
            "textarea" => Self::Textarea,
            "email" => Self::Email,
            "phone" => Self::Phone,
            "url" => Self::Url,
            "picklist" => Self::Picklist,
            "multipicklist" => Self::Multipicklist,
            "combobox" => Self::Combobox,
            "encryptedstring" => Self::Encryptedstring,
            "boolean" => Self::Boolean,
            "int" => Self::Int,
            "long" => Self::Long,
            "double" => Self::Double,
            "currency" => Self::Currency,
            "percent" => Self::Percent,
            "date" => Self::Date,
            "datetime" => Self::Datetime,
            "time" => Self::Time,
            "address" => Self::Address,
            "location" => Self::Location,
            "base64" => Self::Base64,
            "anytype" => Self::Anytype,
            "json" => Self::Json,
            _ => Self::Unsupported,
        }
    }

    /// The type's name as describes spell it (lowercase).
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Reference => "reference",
            Self::String => "string",
            Self::Textarea => "textarea",
            Self::Email => "email",
            Self::Phone => "phone",
            Self::Url => "url",
            Self::Picklist => "picklist",
            Self::Multipicklist => "multipicklist",
            Self::Combobox => "combobox",
            Self::Encryptedstring => "encryptedstring",
            Self::Boolean => "boolean",
            Self::Int => "int",
            Self::Long => "long",
            Self::Double => "double",
            Self::Currency => "currency",
            Self::Percent => "percent",
            Self::Date => "date",
            Self::Datetime => "datetime",
            Self::Time => "time",
            Self::Address => "address",
            Self::Location => "location",
            Self::Base64 => "base64",
            Self::Anytype => "anytype",
            Self::Json => "json",
            Self::Unsupported => "unsupported",
        }
    }

    /// Text-like types whose values are limited by `length`.
    pub fn is_text(&self) -> bool {
        matches!(
            self,
            Self::String
                | Self::Textarea
                | Self::Email
                | Self::Phone
                | Self::Url
                | Self::Picklist
                | Self::Multipicklist
                | Self::Combobox
                | Self::Encryptedstring
        )
    }

    /// Number types.
    pub fn is_number(&self) -> bool {
        matches!(
            self,
            Self::Int | Self::Long | Self::Double | Self::Currency | Self::Percent
        )
    }
}

/// Fields Salesforce fills itself (audit, derived and auto-number fields of the standard
/// objects). Full describes mark them not createable; reduced ones do not say.
pub const SYSTEM_FIELDS: &[&str] = &[
    "Id",
    "IsDeleted",
    "CreatedById",
    "CreatedDate",
    "LastModifiedById",
    "LastModifiedDate",
    "SystemModstamp",
    "MasterRecordId",
    "LastActivityDate",
    "LastViewedDate",
    "LastReferencedDate",
    "IsConverted",
    "ConvertedDate",
    "ConvertedAccountId",
    "ConvertedContactId",
    "ConvertedOpportunityId",
    "CaseNumber",
    "IsClosed",
    "ClosedDate",
    "ContactPhone",
    "ContactMobile",
    "ContactFax",
    "ContactEmail",
    "EndDate",
    "IsChild",
    "IsGroupEvent",
    "GroupEventType",
    "IsArchived",
    "IsClosedOnCreate",
    "PhotoUrl",
    "IsEmailBounced",
    "LastCURequestDate",
    "LastCUUpdateDate",
    "JigsawContactId",
    "JigsawCompanyId",
    "IsPersonAccount",
    "PersonContactId",
    "PersonLastCURequestDate",
    "PersonLastCUUpdateDate",
    "IsRecurrence2",
    "IsRecurrence2Exception",
    "IsRecurrence2Exclusion",
    "Recurrence2PatternStartDate",
    "Recurrence2PatternTimeZone",
    "Recurrence2PatternVersion",
    "RecurrenceActivityId",
    "AmountAllOpportunities",
    "AmountWonOpportunities",
    "NumberOfContacts",
    "NumberOfConvertedLeads",
    "NumberOfLeads",
    "NumberOfOpportunities",
    "NumberOfResponses",
    "NumberOfWonOpportunities",
    "ChannelProgramName",
    "ChannelProgramLevelName",
];

/// A fact about a field that a reduced describe may leave out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Fact {
    /// `createable`
    Createable,
    /// `updateable`
    Updateable,
    /// `nillable`
    Nillable,
    /// `defaultedOnCreate`
    DefaultedOnCreate,
    /// `length` (text types)
    Length,
    /// `precision`/`scale` (number types)
    Precision,
    /// `digits` (int)
    Digits,
    /// `calculated`
    Calculated,
    /// `restrictedPicklist` (picklists)
    RestrictedPicklist,
}

impl Fact {
    /// The describe attribute, as the JSON of the fact spells it.
    pub fn attribute(self) -> &'static str {
        match self {
            Fact::Createable => "createable",
            Fact::Updateable => "updateable",
            Fact::Nillable => "nillable",
            Fact::DefaultedOnCreate => "defaultedOnCreate",
            Fact::Length => "length",
            Fact::Precision => "precision",
            Fact::Digits => "digits",
            Fact::Calculated => "calculated",
            Fact::RestrictedPicklist => "restrictedPicklist",
        }
    }
}

/// One picklist entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PicklistValue {
    /// The API value: what is written.
    pub value: String,
    /// The label users see.
    pub label: String,
    /// Inactive values are rejected by restricted picklists.
    pub active: bool,
    /// The default entry.
    pub default_value: bool,
    /// Dependent picklists: indexes of the controlling values this entry is valid for
    /// (decoded from the `validFor` bitmap). `None` when the field is not dependent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_for: Option<Vec<u32>>,
}

/// A field of an sObject, as the engine understands it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Field {
    /// API name (`LastName`, `Foo__c`).
    pub name: String,
    /// UI label.
    pub label: String,
    /// Field type.
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// The `type` as the describe spelled it (kept for unsupported types).
    pub raw_type: String,
    /// Max characters for text types.
    pub length: Option<u32>,
    /// Total digits for numbers.
    pub precision: Option<u32>,
    /// Digits right of the point.
    pub scale: Option<u32>,
    /// Max digits for `int`.
    pub digits: Option<u32>,
    /// May the field be empty?
    pub nillable: Option<bool>,
    /// Settable on create?
    pub createable: Option<bool>,
    /// Settable on update?
    pub updateable: Option<bool>,
    /// Does Salesforce assign a value on create?
    pub defaulted_on_create: Option<bool>,
    /// Formula field.
    pub calculated: bool,
    /// Auto-number field.
    pub auto_number: bool,
    /// The compound field this one is part of (`Name`, `Address`, ...).
    pub compound_field_name: Option<String>,
    /// `personname`, `plaintextarea`, `richtextarea`, ...
    pub extra_type_info: Option<String>,
    /// Rich text.
    pub html_formatted: bool,
    /// Picklist entries.
    pub picklist_values: Vec<PicklistValue>,
    /// Restricted picklist: only its active values are accepted.
    pub restricted_picklist: bool,
    /// Dependent picklist.
    pub dependent_picklist: bool,
    /// Controlling field of a dependent picklist.
    pub controller_name: Option<String>,
    /// Objects a reference field points to.
    pub reference_to: Vec<String>,
    /// Relationship name of a reference field.
    pub relationship_name: Option<String>,
    /// External id (upsert key).
    pub external_id: bool,
    /// Unique constraint.
    pub unique: bool,
    /// Custom field (`__c`).
    pub custom: bool,
    /// Deprecated and hidden.
    pub deprecated_and_hidden: bool,
    /// Static default value, as text.
    pub default_value: Option<String>,
    /// Facts the describe left out (reduced shapes); queries say so instead of guessing.
    pub unknown_facts: Vec<Fact>,
    /// On `RecordTypeId`: the object's record types (`recordTypeInfos`), to judge an id
    /// against; empty when the describe does not list them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub record_types: Vec<RecordType>,
    /// On the text `State` and `Country` of an address (`MailingState`) in an org with state and
    /// country picklists: the code picklist beside it (`MailingStateCode`), whose names are the
    /// only text Salesforce takes.
    #[serde(skip)]
    pub place_names: Option<String>,
    /// Long picklists: their entries by value and by label, so a lookup is not a scan. Built
    /// on the first lookup (loading a describe stays a parse).
    #[serde(skip)]
    pub lookup: std::sync::OnceLock<Option<Box<PicklistLookup>>>,
}

/// The entries of a long picklist by folded value (letter case aside) and by loosely folded
/// label (see [`crate::text::loose_key`]), as positions in order. Lookups take the candidates
/// from here and still test them exactly, so the answers are those of a scan.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PicklistLookup {
    /// (hash of the value's key, position), sorted: one allocation for the whole picklist.
    by_value: Vec<(u64, u32)>,
    /// (hash of the label's loose key, position), sorted; built on the first lookup by label
    /// (comparing two describes, for one, looks up values only).
    by_label: std::sync::OnceLock<Vec<(u64, u32)>>,
}

impl PicklistLookup {
    fn values<'a>(&'a self, _: &'a [PicklistValue]) -> &'a [(u64, u32)] {
        &self.by_value
    }

    fn labels<'a>(&'a self, values: &'a [PicklistValue]) -> &'a [(u64, u32)] {
        self.by_label
            .get_or_init(|| filed_by(values, |v| crate::text::loose_hash(&v.label)))
    }
}

/// (key of each entry, its position), sorted by key, then position: the entries of one key
/// stay in picklist order.
fn filed_by(values: &[PicklistValue], key: impl Fn(&PicklistValue) -> u64) -> Vec<(u64, u32)> {
    let mut filed: Vec<(u64, u32)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| Some((key(v), u32::try_from(i).ok()?)))
        .collect();
    crate::order::sort_by(&mut filed, &|a, b| a.cmp(b));
    filed
}

/// One of [`PicklistLookup`]'s lists (by value or by label), given the picklist's entries.
type Filed = for<'a> fn(&'a PicklistLookup, &'a [PicklistValue]) -> &'a [(u64, u32)];

/// Picklists longer than this get a [`PicklistLookup`]; shorter ones are scanned.
const LOOKUP_FROM: usize = 32;

impl Field {
    /// `createable`, treating an unknown fact as writable.
    pub fn createable_or_unknown(&self) -> bool {
        self.createable.unwrap_or(true)
    }
    /// `updateable`, treating an unknown fact as writable.
    pub fn updateable_or_unknown(&self) -> bool {
        self.updateable.unwrap_or(true)
    }
    /// Active picklist values.
    pub fn active_values(&self) -> impl Iterator<Item = &PicklistValue> {
        self.picklist_values.iter().filter(|v| v.active)
    }
    /// Is the field blocked from being filled by a OnceHub field on create (id, compound,
    /// reference, formula, auto-number, hidden, not createable, or a system field of a reduced
    /// describe)? See `compat::write_blockers` for the reasons in words.
    pub fn blocked_on_create(&self) -> bool {
        self.field_type == FieldType::Reference || self.blocked_for_static()
    }

    /// Like [`Field::blocked_on_create`], for a static value: a fixed id may go into a
    /// reference field (an owner queue, a record type, a parent account).
    pub fn blocked_for_static(&self) -> bool {
        self.createable == Some(false) || self.never_written()
    }

    /// Never written by a row, on create or on update: id, compound, formula, auto-number,
    /// hidden, system, lead-conversion and recurrence fields (not createable ones, which an
    /// update may write).
    pub fn never_written(&self) -> bool {
        matches!(
            self.field_type,
            FieldType::Id | FieldType::Address | FieldType::Location
        ) || self.calculated
            || self.auto_number
            || self.deprecated_and_hidden
            || self.is_system_field_of_reduced_describe()
            || self.is_lead_conversion_flag()
            || self.is_series_field()
    }

    /// A standard field of Event (or Task) that defines a recurring series: `IsRecurrence`,
    /// `RecurrenceType`, `Recurrence2PatternText`, …
    pub fn is_series_field(&self) -> bool {
        let starts = |prefix: &str| {
            self.name
                .get(..prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        };
        (starts("recurrence") || starts("isrecurrence")) && !self.name.contains("__")
    }

    /// `CurrencyIsoCode` of a multi-currency org: a picklist of the org's ISO 4217 currency
    /// codes. (Other three-letter picklists, such as country codes, are not taken for it.)
    pub fn is_currency_code_picklist(&self) -> bool {
        self.field_type == FieldType::Picklist && self.name.eq_ignore_ascii_case("CurrencyIsoCode")
    }

    /// Lead's `IsConverted`: createable in full describes (for data imports), but a Lead is
    /// converted by Salesforce's lead conversion, never by a flag the integration sends.
    pub fn is_lead_conversion_flag(&self) -> bool {
        self.field_type == FieldType::Boolean && self.name.eq_ignore_ascii_case("IsConverted")
    }

    /// A field Salesforce sets itself, in a describe that does not say `createable` (reduced
    /// shapes list audit fields, auto-numbers and derived fields without write facts).
    pub fn is_system_field_of_reduced_describe(&self) -> bool {
        self.createable.is_none()
            && (SYSTEM_FIELDS.iter().any(|s| s.eq_ignore_ascii_case(&self.name))
                // The compound person name; its parts (FirstName, LastName) carry the same
                // `personname` marker and are writable.
                || (self.name.eq_ignore_ascii_case("Name")
                    && self.extra_type_info.as_deref() == Some("personname")))
    }

    /// The active picklist value `value` stands for, in the spelling the picklist defines
    /// (`web` → `Web`): Salesforce stores that one.
    pub fn defined_value(&self, value: &str) -> Option<&str> {
        self.find_value(value, |v| v.active && v.value == value)
            .or_else(|| self.find_value(value, |v| v.active))
            .map(|(_, v)| v.value.as_str())
    }

    /// The [`PicklistLookup`] of a long picklist, built on first use; `None` for a short one.
    fn picklist_lookup(&self) -> Option<&PicklistLookup> {
        self.lookup.get_or_init(|| self.index_picklist()).as_deref()
    }

    fn index_picklist(&self) -> Option<Box<PicklistLookup>> {
        if self.picklist_values.len() <= LOOKUP_FROM {
            return None;
        }
        // Values fold every character lowered, as picklist values compare.
        let lookup = PicklistLookup {
            by_value: filed_by(&self.picklist_values, |v| crate::text::lower_hash(&v.value)),
            by_label: std::sync::OnceLock::new(),
        };
        Some(Box::new(lookup))
    }

    /// The entries that may equal `value` without regard to letter case, with their
    /// positions, in order: all of them for a short picklist.
    pub fn value_candidates(&self, value: &str) -> impl Iterator<Item = (u32, &PicklistValue)> {
        self.candidates(value, PicklistLookup::values, crate::text::lower_hash)
    }

    /// The entries whose label may equal `name` loosely ([`crate::text::loosely_equal`]), with
    /// their positions, in order: all of them for a short picklist.
    pub fn label_candidates(&self, name: &str) -> impl Iterator<Item = (u32, &PicklistValue)> {
        self.candidates(name, PicklistLookup::labels, crate::text::loose_hash)
    }

    /// A short picklist's entries are all candidates (scanned); a long one's, those its
    /// [`PicklistLookup`] files under the text's key.
    fn candidates(
        &self,
        text: &str,
        map: Filed,
        key: fn(&str) -> u64,
    ) -> impl Iterator<Item = (u32, &PicklistValue)> {
        let lookup = self.picklist_lookup();
        let scanned: &[PicklistValue] = if lookup.is_none() {
            &self.picklist_values
        } else {
            &[]
        };
        // The entries filed under the text's hash (candidates: tested exactly by the caller).
        let filed: &[(u64, u32)] = lookup.map_or(&[], |l| {
            crate::order::run_of(map(l, &self.picklist_values), key(text))
        });
        scanned
            .iter()
            .enumerate()
            .filter_map(|(i, v)| Some((u32::try_from(i).ok()?, v)))
            .chain(filed.iter().filter_map(|&(_, i)| {
                Some((i, self.picklist_values.get(usize::try_from(i).ok()?)?))
            }))
    }

    /// The first entry (with its position) that is `value` letter case aside and passes `keep`.
    fn find_value(
        &self,
        value: &str,
        keep: impl Fn(&PicklistValue) -> bool,
    ) -> Option<(u32, &PicklistValue)> {
        self.value_candidates(value)
            .find(|(_, v)| same_picklist_value(&v.value, value) && keep(v))
    }

    /// The position of `value` among the picklist's entries (active or not), as a dependent
    /// picklist's `validFor` counts them.
    pub fn picklist_index(&self, value: &str) -> Option<u32> {
        self.find_value(value, |_| true).map(|(i, _)| i)
    }

    /// The entry of `value` in the picklist (letter case aside).
    pub fn picklist_entry(&self, value: &str) -> Option<&PicklistValue> {
        self.find_value(value, |_| true).map(|(_, v)| v)
    }

    /// Is `value` an active picklist value? Salesforce compares picklist values without regard
    /// to case ("web" is stored as the defined `Web`; KB 000187910), so this does too.
    pub fn has_active_value(&self, value: &str) -> bool {
        self.find_value(value, |v| v.active).is_some()
    }

    /// A short type description such as `string(80)` or `picklist (restricted)`.
    pub fn type_label(&self) -> String {
        let base = if self.field_type == FieldType::Unsupported {
            self.raw_type.as_str()
        } else {
            self.field_type.as_str()
        };
        match (
            &self.field_type,
            self.length,
            self.precision,
            self.scale,
            self.digits,
        ) {
            (t, Some(len), _, _, _) if t.is_text() && len > 0 => {
                if self.restricted_picklist {
                    format!("{base}({len}, restricted)")
                } else {
                    format!("{base}({len})")
                }
            }
            (FieldType::Int, _, _, _, Some(d)) if d > 0 => format!("{base}({d} digits)"),
            (t, _, Some(p), Some(s), _) if t.is_number() && p > 0 => format!("{base}({p},{s})"),
            _ => base.to_string(),
        }
    }
}

/// Describe shape: full REST describe, or a reduced one missing write facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Shape {
    /// Every field carries `createable`, `nillable`, `defaultedOnCreate`.
    Full,
    /// Some write facts are missing (for example the VS Code SOQL metadata shape).
    Reduced,
}

/// A parsed sObject describe.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SObject {
    /// API name (`Lead`).
    pub name: String,
    /// Label (`Lead`).
    pub label: String,
    /// API version, when the describe's URLs tell it (`59.0`).
    pub api_version: Option<String>,
    /// Custom object.
    pub custom: bool,
    /// Shape of the describe.
    pub shape: Shape,
    /// Fields, in describe order.
    pub fields: Vec<Field>,
    /// Where the describe is in the text it was read from, as a JSON pointer: empty, or
    /// `/result` inside the `sf sobject describe --json` wrapper. Findings about a loaded
    /// describe point at `{pointer}/fields/{i}`.
    #[serde(skip)]
    pub pointer: String,
    /// Fields by name without regard to ASCII case: an open-addressing table of at least twice
    /// as many slots as fields, each empty (0) or a position in `fields` plus one, placed by
    /// [`crate::text::ascii_lower_hash`] and the next free slot. No name is copied to build it.
    #[serde(skip)]
    index: Vec<u32>,
    /// The first field whose name (without regard to case) an earlier field already has, and
    /// that earlier field: see [`SObject::names_twice`].
    #[serde(skip)]
    names_twice: Option<(usize, usize)>,
    /// Each field's name as "did you mean" compares it, and its length in characters; built on
    /// first use.
    #[serde(skip)]
    normalized: std::sync::OnceLock<Vec<(String, usize)>>,
}

impl SObject {
    /// The fields Salesforce requires on every record of the object that the describe does not
    /// list (a Lead's `LastName` and `Company`, a Contact's `LastName`): such a describe is
    /// partial, or the integration's user cannot see the field, and every create would fail.
    pub fn missing_required_standard(&self) -> Vec<&'static str> {
        let required: &[&'static str] = match self.name.as_str() {
            "Lead" => &["LastName", "Company"],
            "Contact" => &["LastName"],
            _ => &[],
        };
        required
            .iter()
            .copied()
            .filter(|n| self.field_ci(n).is_none())
            .collect()
    }

    /// Each field's name normalized for "did you mean" (`crate::suggest::normalize`), and its
    /// length in characters, in field order.
    pub fn normalized_names(&self) -> &[(String, usize)] {
        self.normalized.get_or_init(|| {
            self.fields
                .iter()
                .map(|f| {
                    let n = crate::suggest::normalize(&f.name);
                    let chars = n.chars().count();
                    (n, chars)
                })
                .collect()
        })
    }

    /// Builds the object and its name index.
    pub fn new(
        name: String,
        label: String,
        api_version: Option<String>,
        custom: bool,
        fields: Vec<Field>,
    ) -> Self {
        let shape = if fields
            .iter()
            .any(|f| f.createable.is_none() || f.defaulted_on_create.is_none())
        {
            Shape::Reduced
        } else {
            Shape::Full
        };
        let (index, names_twice) = name_table(&fields);
        let mut fields = fields;
        // The text State and Country beside code picklists (state and country picklists).
        let places: Vec<(usize, String)> = fields
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                matches!(f.field_type, FieldType::String | FieldType::Textarea)
                    && (crate::value::ends_with_ci(&f.name, "State")
                        || crate::value::ends_with_ci(&f.name, "Country"))
            })
            .filter_map(|(i, f)| {
                let code = fields.get(position_ci(&index, &fields, &format!("{}Code", f.name))?)?;
                (code.field_type == FieldType::Picklist && !code.picklist_values.is_empty())
                    .then(|| (i, code.name.clone()))
            })
            .collect();
        for (i, code) in places {
            if let Some(f) = fields.get_mut(i) {
                f.place_names = Some(code);
            }
        }
        Self {
            name,
            label,
            api_version,
            custom,
            shape,
            fields,
            pointer: String::new(),
            index,
            names_twice,
            normalized: std::sync::OnceLock::new(),
        }
    }

    /// Exact (case-sensitive) field lookup.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.field_ci(name).filter(|f| f.name == name)
    }

    /// The position in `fields` of the first field named `name` without regard to ASCII case.
    pub fn position_ci(&self, name: &str) -> Option<usize> {
        position_ci(&self.index, &self.fields, name)
    }

    /// Case-insensitive field lookup (Salesforce API names are case-insensitive on write,
    /// but the engine reports wrong case so configs stay exact).
    pub fn field_ci(&self, name: &str) -> Option<&Field> {
        position_ci(&self.index, &self.fields, name).and_then(|i| self.fields.get(i))
    }

    /// The first two fields whose names differ only in case, if any (an edited or merged
    /// describe: Salesforce field names are unique without regard to case).
    pub fn names_twice(&self) -> Option<(usize, usize)> {
        self.names_twice
    }
}

/// Builds the name table of [`SObject::index`], and finds the first name given twice. Fields
/// given twice keep describe order along their probe run, so a lookup finds the first.
fn name_table(fields: &[Field]) -> (Vec<u32>, Option<(usize, usize)>) {
    let size = fields.len().saturating_mul(2).next_power_of_two().max(8);
    let mask = size - 1;
    let mut table = vec![0_u32; size];
    let mut twice = None;
    for (i, f) in fields.iter().enumerate() {
        let Ok(entry) = u32::try_from(i + 1) else {
            break;
        };
        let mut slot = home_slot(&f.name, mask);
        // At most half the slots are taken, so a free one is always found (and the walk is
        // bounded by the table's size all the same).
        for _ in 0..size {
            let Some(taken) = table.get_mut(slot) else {
                break;
            };
            if *taken == 0 {
                *taken = entry;
                break;
            }
            let earlier = *taken as usize - 1;
            if twice.is_none()
                && fields
                    .get(earlier)
                    .is_some_and(|e| e.name.eq_ignore_ascii_case(&f.name))
            {
                twice = Some((earlier, i));
            }
            slot = (slot + 1) & mask;
        }
    }
    (table, twice)
}

/// Where a name's walk through the name table starts.
fn home_slot(name: &str, mask: usize) -> usize {
    #[expect(
        clippy::cast_possible_truncation,
        reason = "the hash only picks a slot: its low bits are enough"
    )]
    let hash = crate::text::ascii_lower_hash(name) as usize;
    hash & mask
}

/// The position of the first field named `name` without regard to ASCII case.
fn position_ci(table: &[u32], fields: &[Field], name: &str) -> Option<usize> {
    let mask = table.len().checked_sub(1)?;
    let mut slot = home_slot(name, mask);
    for _ in 0..table.len() {
        let entry = *table.get(slot)?;
        let i = (entry as usize).checked_sub(1)?;
        if fields.get(i)?.name.eq_ignore_ascii_case(name) {
            return Some(i);
        }
        slot = (slot + 1) & mask;
    }
    None
}

/// Picklist values compare without regard to case.
fn same_picklist_value(a: &str, b: &str) -> bool {
    a == b
        || a.eq_ignore_ascii_case(b)
        || (!(a.is_ascii() && b.is_ascii())
            && a.chars()
                .map(crate::text::lower)
                .eq(b.chars().map(crate::text::lower)))
}

#[cfg(test)]
mod tests {
    use super::Fact;

    #[test]
    fn fact_attributes_are_their_json_names() {
        for f in [
            Fact::Createable,
            Fact::Updateable,
            Fact::Nillable,
            Fact::DefaultedOnCreate,
            Fact::Length,
            Fact::Precision,
            Fact::Digits,
            Fact::Calculated,
            Fact::RestrictedPicklist,
        ] {
            assert_eq!(serde_json::to_value(f).unwrap(), f.attribute());
        }
    }
}
