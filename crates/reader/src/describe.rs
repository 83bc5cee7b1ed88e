//! The raw attributes of a Salesforce describe: the REST `GET .../sobjects/{Object}/describe`
//! response or the `sf sobject describe --json` wrapper (`{status, result}`).
//!
//! One pass over the text with [`crate::json::Reader`]: the attributes the engine uses are read,
//! everything else is skipped (syntax still checked). Reading is lenient where real describes
//! are (string-typed numbers such as `"digits": "0"`, `"true"` strings, attributes missing in
//! old or reduced shapes) and strict where a wrong type would change an answer
//! (`"createable": 5` is an error with its JSON pointer). The engine builds its model from
//! [`RawTop`].

use crate::error::{EngineError, ErrorCode};
use crate::json::{Kind, Reader, R as Result};
use serde::Serialize;

/// Largest describe text accepted (bytes). Real describes are under 2 MB; the largest
/// standard objects with 800 custom fields stay well below this.
pub const MAX_DESCRIBE_BYTES: usize = 16 * 1024 * 1024;
/// Most fields accepted on one object (Salesforce allows at most 800 custom fields plus the
/// standard ones).
pub const MAX_FIELDS: usize = 5_000;
/// Most picklist entries accepted on one field.
pub const MAX_PICKLIST_VALUES: usize = 10_000;

/// How to get a describe, for the help of describe errors.
pub const DESCRIBE_HELP: &str = "paste the JSON returned by `GET /services/data/vXX.X/sobjects/<Object>/describe` or by `sf sobject describe --sobject <Object> --json`";

/// Reads describe text into its raw attributes: syntax, attribute types and limits are checked
/// here; what the attributes mean (names, required facts, duplicates) is the engine's to judge.
pub fn read_describe(text: &str) -> Result<RawTop> {
    if text.len() > MAX_DESCRIBE_BYTES {
        return Err(Box::new(EngineError::new(
            ErrorCode::InputTooLarge,
            format!(
                "the describe is {} bytes; the limit is {} bytes",
                text.len(),
                MAX_DESCRIBE_BYTES
            ),
            "",
            "load one object's describe at a time; a real describe is well under this size",
        )));
    }
    let mut r = Reader::new(text);
    r.skip_bom();
    let raw = match r.kind()? {
        Kind::Object => read_top(&mut r)?,
        Kind::Array => return Err(Box::new(array_at_top(&mut r)?)),
        _ => {
            r.skip()?;
            r.end()?;
            return Err(Box::new(not_a_describe("")));
        }
    };
    r.end()?;
    Ok(raw)
}

fn not_a_describe(path: &str) -> EngineError {
    EngineError::new(
        ErrorCode::NotADescribe,
        "the JSON is not a Salesforce describe: expected an object with `name` and `fields`",
        path,
        DESCRIBE_HELP,
    )
}

/// A JSON array at the top: maybe a Salesforce error response (`[{"errorCode", "message"}]`).
fn array_at_top(r: &mut Reader<'_>) -> Result<EngineError> {
    let mut first: Option<(String, String)> = None;
    r.array(&mut |r, i| {
        if i == 0 && r.kind()? == Kind::Object {
            let (mut code, mut message) = (None, None);
            r.object(&mut |r, k| {
                match (k, r.kind()?) {
                    ("errorCode", Kind::String) => code = Some(r.string()?.into_owned()),
                    ("message", Kind::String) => message = Some(r.string()?.into_owned()),
                    _ => r.skip()?,
                }
                Ok(())
            })?;
            if let (Some(c), Some(m)) = (code, message) {
                first = Some((c, m));
            }
            Ok(())
        } else {
            r.skip()
        }
    })?;
    r.end()?;
    Ok(match first {
        Some((code, message)) => EngineError::new(
            ErrorCode::NotADescribe,
            format!("this is a Salesforce error response (`{code}`: {message}), not a describe"),
            "",
            "fix the describe request (object name, permissions, session) and paste its successful response",
        ),
        None => not_a_describe(""),
    })
}

/// The top of a describe (or of the CLI wrapper, whose describe is in `result`). `None` is an
/// attribute that was missing or `null`.
#[derive(Default)]
pub struct RawTop {
    /// `name`: the object's API name.
    pub name: Option<String>,
    /// `label`.
    pub label: Option<String>,
    /// `custom`.
    pub custom: Option<bool>,
    /// `fields`.
    pub fields: Option<Vec<RawField>>,
    /// `urls.describe`, which carries the API version.
    pub describe_url: Option<String>,
    /// `result`: the describe inside the `sf sobject describe --json` wrapper.
    pub result: Option<Box<RawTop>>,
    /// `status` of the CLI wrapper, as text.
    pub status: Option<String>,
    /// `message` of the CLI wrapper, as text.
    pub message: Option<String>,
    /// `recordTypeInfos`, those with an id.
    pub record_types: Vec<RecordType>,
}

/// One entry of `fields`, attribute by attribute (`None`: missing or `null`, so unknown).
#[derive(Default)]
#[expect(
    missing_docs,
    reason = "each field is the describe attribute of the same name in camelCase"
)]
pub struct RawField {
    pub name: Option<String>,
    pub label: Option<String>,
    /// `type`.
    pub field_type: Option<String>,
    pub length: Option<u32>,
    pub precision: Option<u32>,
    pub scale: Option<u32>,
    pub digits: Option<u32>,
    pub nillable: Option<bool>,
    pub createable: Option<bool>,
    pub updateable: Option<bool>,
    pub defaulted_on_create: Option<bool>,
    pub calculated: Option<bool>,
    pub auto_number: Option<bool>,
    pub compound_field_name: Option<String>,
    pub extra_type_info: Option<String>,
    pub html_formatted: Option<bool>,
    pub picklist_values: Vec<RawPicklistValue>,
    pub restricted_picklist: Option<bool>,
    pub dependent_picklist: Option<bool>,
    pub controller_name: Option<String>,
    pub reference_to: Vec<String>,
    pub relationship_name: Option<String>,
    pub external_id: Option<bool>,
    pub unique: Option<bool>,
    pub custom: Option<bool>,
    pub deprecated_and_hidden: Option<bool>,
    /// `defaultValue`, any scalar as text.
    pub default_value: Option<String>,
}

/// One entry of a field's `picklistValues`.
#[derive(Default)]
#[expect(
    missing_docs,
    reason = "each field is the describe attribute of the same name in camelCase"
)]
pub struct RawPicklistValue {
    pub value: Option<String>,
    pub label: Option<String>,
    pub active: Option<bool>,
    pub default_value: Option<bool>,
    /// `validFor`: the base64 bitmap of the controlling values.
    pub valid_for: Option<String>,
}

#[cold]
#[expect(
    clippy::unnecessary_box_returns,
    reason = "the error of a reader step is boxed (see `json::R`)"
)]
fn bad(r: &Reader<'_>, expected: &str, found: Kind) -> Box<EngineError> {
    let mut e = r.type_error(ErrorCode::InvalidDescribe, expected, found, DESCRIBE_HELP);
    e.message = format!("invalid describe attribute: {}", e.message);
    e
}

/// A string or `null`.
fn lstr(r: &mut Reader<'_>) -> Result<Option<String>> {
    match r.kind()? {
        Kind::String => Ok(Some(r.string()?.into_owned())),
        Kind::Null => r.null().map(|()| None),
        k => Err(bad(r, "a string", k)),
    }
}

/// A boolean, a `"true"`/`"false"` string, or `null` (unknown).
fn lbool(r: &mut Reader<'_>) -> Result<Option<bool>> {
    match r.kind()? {
        Kind::Bool => Ok(Some(r.boolean()?)),
        Kind::Null => r.null().map(|()| None),
        Kind::String => {
            let s = r.string()?;
            match s.trim().to_ascii_lowercase().as_str() {
                "true" => Ok(Some(true)),
                "false" => Ok(Some(false)),
                _ => Err(bad(r, "a boolean", Kind::String)),
            }
        }
        k => Err(bad(r, "a boolean", k)),
    }
}

/// A non-negative whole number, also as a numeric string (`"0"`) or an integral float;
/// `null` = unknown.
fn lnum(r: &mut Reader<'_>) -> Result<Option<u32>> {
    let parse = |t: &str| -> Option<u32> {
        t.trim().parse::<u32>().ok().or_else(|| {
            let f: f64 = t.trim().parse().ok()?;
            if f.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&f) {
                #[expect(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "range and integrality checked above"
                )]
                Some(f as u32)
            } else {
                None
            }
        })
    };
    match r.kind()? {
        Kind::Number => {
            let t = r.number_text()?;
            parse(t)
                .map(Some)
                .ok_or_else(|| bad(r, "a non-negative whole number", Kind::Number))
        }
        Kind::String => {
            let t = r.string()?;
            parse(&t)
                .map(Some)
                .ok_or_else(|| bad(r, "a non-negative whole number", Kind::String))
        }
        Kind::Null => r.null().map(|()| None),
        k => Err(bad(r, "a non-negative whole number", k)),
    }
}

/// Any scalar as text (`defaultValue` is a boolean, number or string); containers are skipped.
fn lscalar(r: &mut Reader<'_>) -> Result<Option<String>> {
    match r.kind()? {
        Kind::String => Ok(Some(r.string()?.into_owned())),
        Kind::Number => Ok(Some(r.number_text()?.to_string())),
        Kind::Bool => Ok(Some(r.boolean()?.to_string())),
        Kind::Null => r.null().map(|()| None),
        Kind::Object | Kind::Array => r.skip().map(|()| None),
    }
}

/// An array of strings, or `null`.
fn lstrings(r: &mut Reader<'_>) -> Result<Vec<String>> {
    let mut out = Vec::new();
    match r.kind()? {
        Kind::Null => r.null()?,
        Kind::Array => r.array(&mut |r, i| {
            if i >= MAX_PICKLIST_VALUES {
                return Err(bad(r, "fewer entries", Kind::Array));
            }
            match r.kind()? {
                Kind::String => {
                    out.push(r.string()?.into_owned());
                    Ok(())
                }
                k => Err(bad(r, "a string", k)),
            }
        })?,
        k => return Err(bad(r, "an array of strings", k)),
    }
    Ok(out)
}

fn expect_object(r: &mut Reader<'_>, what: &str) -> Result<()> {
    match r.kind()? {
        Kind::Object => Ok(()),
        k => Err(bad(r, what, k)),
    }
}

/// Records that a key the engine reads was seen; a second sighting in the same object is
/// refused, as the two values would leave the answer ambiguous. `bit` is the key's own bit.
fn seen_once(r: &Reader<'_>, seen: &mut u32, bit: u32, key: &str) -> Result<()> {
    if *seen & bit != 0 {
        return Err(r.duplicate_key(key));
    }
    *seen |= bit;
    Ok(())
}

/// The top-level keys that are read, each with its bit for [`seen_once`].
const TOP_KEYS: [&str; 9] = [
    "name",
    "label",
    "custom",
    "fields",
    "urls",
    "result",
    "status",
    "message",
    "recordTypeInfos",
];

fn read_top(r: &mut Reader<'_>) -> Result<RawTop> {
    let mut top = RawTop::default();
    let mut seen = 0_u32;
    r.object(&mut |r, key| {
        if let Some(i) = TOP_KEYS.iter().position(|k| *k == key) {
            seen_once(r, &mut seen, 1 << i, key)?;
        }
        match key {
            "name" => top.name = lstr(r)?,
            "label" => top.label = lstr(r)?,
            "custom" => top.custom = lbool(r)?,
            "fields" => top.fields = Some(read_fields(r)?),
            "urls" if r.kind()? == Kind::Object => r.object(&mut |r, k| {
                if k == "describe" {
                    top.describe_url = lstr(r)?;
                    Ok(())
                } else {
                    r.skip()
                }
            })?,
            "result" if r.kind()? == Kind::Object => top.result = Some(Box::new(read_top(r)?)),
            "recordTypeInfos" => top.record_types = read_record_types(r)?,
            "status" => top.status = lscalar(r)?,
            "message" => top.message = lscalar(r)?,
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok(top)
}

/// `recordTypeInfos`: entries without a `recordTypeId` (older API versions omit none, but a
/// hand-made describe may) are left out; `null` or a missing list means none are known.
fn read_record_types(r: &mut Reader<'_>) -> Result<Vec<RecordType>> {
    let mut out = Vec::new();
    match r.kind()? {
        Kind::Null => return r.null().map(|()| out),
        Kind::Array => {}
        k => return Err(bad(r, "an array of record types", k)),
    }
    r.array(&mut |r, i| {
        if i >= MAX_PICKLIST_VALUES {
            return Err(bad(r, "fewer record types", Kind::Array));
        }
        expect_object(r, "a record type object")?;
        let (mut id, mut name, mut developer_name) = (None, None, None);
        let (mut active, mut available, mut master) = (None, None, None);
        r.object(&mut |r, key| {
            match key {
                "recordTypeId" => id = lstr(r)?,
                "name" => name = lstr(r)?,
                "developerName" => developer_name = lstr(r)?,
                "active" => active = lbool(r)?,
                "available" => available = lbool(r)?,
                "master" => master = lbool(r)?,
                _ => r.skip()?,
            }
            Ok(())
        })?;
        if let Some(id) = id.filter(|id| !id.trim().is_empty()) {
            out.push(RecordType {
                name: name.or(developer_name).unwrap_or_else(|| id.clone()),
                active: active.unwrap_or(true),
                available: available.unwrap_or(true),
                // Older describes leave `master` out; the master record type's id is fixed.
                master: master.unwrap_or_else(|| id.starts_with("012000000000000")),
                id,
            });
        }
        Ok(())
    })?;
    Ok(out)
}

fn read_fields(r: &mut Reader<'_>) -> Result<Vec<RawField>> {
    let mut out = Vec::new();
    match r.kind()? {
        Kind::Array => {}
        k => return Err(bad(r, "an array of field descriptions", k)),
    }
    r.array(&mut |r, i| {
        if i >= MAX_FIELDS {
            let mut e = bad(r, "at most 5000 fields", Kind::Object);
            e.message = format!("the object has more than {MAX_FIELDS} fields");
            e.help = "a real object has at most 800 custom fields plus its standard ones; check what produced this describe".to_string();
            return Err(e);
        }
        expect_object(r, "a field description object")?;
        out.push(read_field(r)?);
        Ok(())
    })?;
    Ok(out)
}

/// The field attributes the engine reads.
#[derive(Clone, Copy)]
enum Attr {
    Name,
    Label,
    Type,
    Length,
    Precision,
    Scale,
    Digits,
    Nillable,
    Createable,
    Updateable,
    DefaultedOnCreate,
    Calculated,
    AutoNumber,
    CompoundFieldName,
    ExtraTypeInfo,
    HtmlFormatted,
    PicklistValues,
    RestrictedPicklist,
    DependentPicklist,
    ControllerName,
    ReferenceTo,
    RelationshipName,
    ExternalId,
    Unique,
    Custom,
    DeprecatedAndHidden,
    DefaultValue,
}

// Each attribute has its own bit in a `u32` for [`seen_once`].
const _: () = assert!((Attr::DefaultValue as u32) < 32);

/// Which attribute a key names. Describes carry about 57 keys per field and the engine reads
/// 27, so keys are bucketed by length before any text is compared.
fn attr(key: &str) -> Option<Attr> {
    use Attr as A;
    Some(match (key.len(), key) {
        (4, "name") => A::Name,
        (4, "type") => A::Type,
        (5, "label") => A::Label,
        (5, "scale") => A::Scale,
        (6, "length") => A::Length,
        (6, "digits") => A::Digits,
        (6, "unique") => A::Unique,
        (6, "custom") => A::Custom,
        (8, "nillable") => A::Nillable,
        (9, "precision") => A::Precision,
        (10, "createable") => A::Createable,
        (10, "updateable") => A::Updateable,
        (10, "calculated") => A::Calculated,
        (10, "autoNumber") => A::AutoNumber,
        (10, "externalId") => A::ExternalId,
        (11, "referenceTo") => A::ReferenceTo,
        (12, "defaultValue") => A::DefaultValue,
        (13, "extraTypeInfo") => A::ExtraTypeInfo,
        (13, "htmlFormatted") => A::HtmlFormatted,
        (14, "picklistValues") => A::PicklistValues,
        (14, "controllerName") => A::ControllerName,
        (16, "relationshipName") => A::RelationshipName,
        (17, "defaultedOnCreate") => A::DefaultedOnCreate,
        (17, "compoundFieldName") => A::CompoundFieldName,
        (17, "dependentPicklist") => A::DependentPicklist,
        (18, "restrictedPicklist") => A::RestrictedPicklist,
        (19, "deprecatedAndHidden") => A::DeprecatedAndHidden,
        _ => return None,
    })
}

fn read_field(r: &mut Reader<'_>) -> Result<RawField> {
    let mut f = RawField::default();
    let mut seen = 0_u32;
    r.object_with(|r, key| {
        let Some(a) = attr(key) else {
            return r.skip();
        };
        seen_once(r, &mut seen, 1 << (a as u32), key)?;
        match a {
            Attr::Name => f.name = lstr(r)?,
            Attr::Label => f.label = lstr(r)?,
            Attr::Type => f.field_type = lstr(r)?,
            Attr::Length => f.length = lnum(r)?,
            Attr::Precision => f.precision = lnum(r)?,
            Attr::Scale => f.scale = lnum(r)?,
            Attr::Digits => f.digits = lnum(r)?,
            Attr::Nillable => f.nillable = lbool(r)?,
            Attr::Createable => f.createable = lbool(r)?,
            Attr::Updateable => f.updateable = lbool(r)?,
            Attr::DefaultedOnCreate => f.defaulted_on_create = lbool(r)?,
            Attr::Calculated => f.calculated = lbool(r)?,
            Attr::AutoNumber => f.auto_number = lbool(r)?,
            Attr::CompoundFieldName => f.compound_field_name = lstr(r)?,
            Attr::ExtraTypeInfo => f.extra_type_info = lstr(r)?,
            Attr::HtmlFormatted => f.html_formatted = lbool(r)?,
            Attr::PicklistValues => f.picklist_values = read_picklist(r)?,
            Attr::RestrictedPicklist => f.restricted_picklist = lbool(r)?,
            Attr::DependentPicklist => f.dependent_picklist = lbool(r)?,
            Attr::ControllerName => f.controller_name = lstr(r)?,
            Attr::ReferenceTo => f.reference_to = lstrings(r)?,
            Attr::RelationshipName => f.relationship_name = lstr(r)?,
            Attr::ExternalId => f.external_id = lbool(r)?,
            Attr::Unique => f.unique = lbool(r)?,
            Attr::Custom => f.custom = lbool(r)?,
            Attr::DeprecatedAndHidden => f.deprecated_and_hidden = lbool(r)?,
            Attr::DefaultValue => f.default_value = lscalar(r)?,
        }
        Ok(())
    })?;
    Ok(f)
}

fn read_picklist(r: &mut Reader<'_>) -> Result<Vec<RawPicklistValue>> {
    let mut out = Vec::new();
    match r.kind()? {
        Kind::Null => {
            r.null()?;
            return Ok(out);
        }
        Kind::Array => {}
        k => return Err(bad(r, "an array of picklist entries", k)),
    }
    r.array(&mut |r, i| {
        if i >= MAX_PICKLIST_VALUES {
            let mut e = bad(r, "fewer picklist values", Kind::Object);
            e.message = format!("the field has more than {MAX_PICKLIST_VALUES} picklist values");
            return Err(e);
        }
        expect_object(r, "a picklist entry object")?;
        let mut v = RawPicklistValue::default();
        let mut seen = 0_u32;
        r.object_with(|r, key| {
            let bit = match key {
                "value" => 1,
                "label" => 2,
                "active" => 4,
                "defaultValue" => 8,
                "validFor" => 16,
                _ => return r.skip(),
            };
            seen_once(r, &mut seen, bit, key)?;
            match bit {
                1 => v.value = lstr(r)?,
                2 => v.label = lstr(r)?,
                4 => v.active = lbool(r)?,
                8 => v.default_value = lbool(r)?,
                _ => v.valid_for = lstr(r)?,
            }
            Ok(())
        })?;
        out.push(v);
        Ok(())
    })?;
    Ok(out)
}

/// A record type of an object, from the describe's `recordTypeInfos`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordType {
    /// The record type's id (`012…`).
    pub id: String,
    /// Its label.
    pub name: String,
    /// Active.
    pub active: bool,
    /// Available to the user whose session read the describe (the integration's).
    pub available: bool,
    /// The object's master record type.
    pub master: bool,
}
