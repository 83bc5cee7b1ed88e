//! Describe ingestion: the raw REST describe (`GET .../sobjects/{Object}/describe`) and the
//! Salesforce CLI wrapper (`sf sobject describe --json` → `{status, result}`).
//!
//! One pass over the text with [`crate::json::Reader`]: the attributes the engine uses are read,
//! everything else is skipped (syntax still checked). Parsing is lenient where real describes
//! are (string-typed numbers such as `"digits": "0"`, `"true"` strings, attributes missing in
//! old or reduced shapes) and strict where a wrong type would change an answer
//! (`"createable": 5` is an error with its JSON pointer).

use super::{Fact, Field, FieldType, PicklistValue, RecordType, SObject};
use crate::error::{EngineError, ErrorCode, Result};
use crate::json::{Kind, Reader};

/// Largest describe text accepted (bytes). Real describes are under 2 MB; the largest
/// standard objects with 800 custom fields stay well below this.
pub const MAX_DESCRIBE_BYTES: usize = 16 * 1024 * 1024;
/// Most fields accepted on one object (Salesforce allows at most 800 custom fields plus the
/// standard ones).
pub const MAX_FIELDS: usize = 5_000;
/// Most picklist entries accepted on one field.
pub const MAX_PICKLIST_VALUES: usize = 10_000;

const DESCRIBE_HELP: &str = "paste the JSON returned by `GET /services/data/vXX.X/sobjects/<Object>/describe` or by `sf sobject describe --sobject <Object> --json`";

/// Parses describe text into the engine model.
pub fn parse_describe(text: &str) -> Result<SObject> {
    if text.len() > MAX_DESCRIBE_BYTES {
        return Err(EngineError::new(
            ErrorCode::InputTooLarge,
            format!(
                "the describe is {} bytes; the limit is {} bytes",
                text.len(),
                MAX_DESCRIBE_BYTES
            ),
            "",
            "load one object's describe at a time; a real describe is well under this size",
        ));
    }
    let mut r = Reader::new(text);
    r.skip_bom();
    let raw = match r.kind()? {
        Kind::Object => read_top(&mut r)?,
        Kind::Array => return Err(array_at_top(&mut r)?),
        _ => {
            r.skip()?;
            r.end()?;
            return Err(not_a_describe(""));
        }
    };
    r.end()?;
    build(raw, "")
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

#[derive(Default)]
struct RawTop {
    name: Option<String>,
    label: Option<String>,
    custom: Option<bool>,
    fields: Option<Vec<RawField>>,
    describe_url: Option<String>,
    result: Option<Box<RawTop>>,
    status: Option<String>,
    message: Option<String>,
    record_types: Vec<RecordType>,
}

#[derive(Default)]
struct RawField {
    name: Option<String>,
    label: Option<String>,
    field_type: Option<String>,
    length: Option<u32>,
    precision: Option<u32>,
    scale: Option<u32>,
    digits: Option<u32>,
    nillable: Option<bool>,
    createable: Option<bool>,
    updateable: Option<bool>,
    defaulted_on_create: Option<bool>,
    calculated: Option<bool>,
    auto_number: Option<bool>,
    compound_field_name: Option<String>,
    extra_type_info: Option<String>,
    html_formatted: Option<bool>,
    picklist_values: Vec<RawPicklistValue>,
    restricted_picklist: Option<bool>,
    dependent_picklist: Option<bool>,
    controller_name: Option<String>,
    reference_to: Vec<String>,
    relationship_name: Option<String>,
    external_id: Option<bool>,
    unique: Option<bool>,
    custom: Option<bool>,
    deprecated_and_hidden: Option<bool>,
    default_value: Option<String>,
}

#[derive(Default)]
struct RawPicklistValue {
    value: Option<String>,
    label: Option<String>,
    active: Option<bool>,
    default_value: Option<bool>,
    valid_for: Option<String>,
}

fn bad(r: &Reader<'_>, expected: &str, found: Kind) -> EngineError {
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
    r.object(&mut |r, key| {
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
        r.object(&mut |r, key| {
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

fn build(raw: RawTop, prefix: &str) -> Result<SObject> {
    if let Some(result) = raw.result {
        // `sf sobject describe --json` wrapper.
        return build(*result, &format!("{prefix}/result"));
    }
    if let (Some(status), Some(message)) = (raw.status.as_ref(), raw.message.as_ref()) {
        if status != "0" {
            return Err(EngineError::new(
                ErrorCode::NotADescribe,
                format!("the Salesforce CLI reported an error (status {status}): {message}"),
                prefix,
                "run `sf sobject describe --sobject <Object> --json` again and paste a result with status 0",
            ));
        }
    }
    let Some(fields) = raw.fields else {
        return Err(EngineError::new(
            ErrorCode::NotADescribe,
            "the JSON has no `fields` array, so it is not an sObject describe",
            prefix,
            DESCRIBE_HELP,
        ));
    };
    // API names never hold spaces; a pasted `"Lead "` is the Lead.
    let Some(name) = raw
        .name
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
    else {
        return Err(EngineError::new(
            ErrorCode::NotADescribe,
            "the describe has no object `name`",
            format!("{prefix}/name"),
            DESCRIBE_HELP,
        ));
    };
    // An API name: a letter, then letters, digits and underscores (`Lead`, `ns__Visit__c`).
    let api_name = name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !api_name {
        return Err(EngineError::new(
            ErrorCode::InvalidDescribe,
            format!(
                "`{}` is not a Salesforce object API name (a letter, then letters, digits and underscores)",
                crate::payload::shown(&name)
            ),
            format!("{prefix}/name"),
            "paste the describe as Salesforce returned it: its `name` is the object's API name, such as `Lead` or `Visit__c`",
        ));
    }
    // Every object has fields (`Id` at least): an empty list is no describe of one.
    if fields.is_empty() {
        return Err(EngineError::new(
            ErrorCode::NotADescribe,
            format!(
                "the {name} describe lists no fields; every Salesforce object has at least `Id`"
            ),
            format!("{prefix}/fields"),
            DESCRIBE_HELP,
        ));
    }
    let label = raw.label.unwrap_or_else(|| name.clone());
    let api_version = raw.describe_url.and_then(|u| api_version_of(&u));
    let mut out = Vec::with_capacity(fields.len());
    for (i, f) in fields.into_iter().enumerate() {
        out.push(build_field(f, prefix, i)?);
    }
    super::standard::complete(&name, &mut out);
    if !raw.record_types.is_empty() {
        if let Some(f) = out
            .iter_mut()
            .find(|f| f.name.eq_ignore_ascii_case("RecordTypeId"))
        {
            f.record_types = raw.record_types;
        }
    }
    let object = SObject::new(name, label, api_version, raw.custom.unwrap_or(false), out);
    // Field names are unique without regard to case; a name given twice means an edited or
    // merged describe, and keeping either one silently could judge values by the wrong field.
    if object.index.len() < object.fields.len() {
        let mut seen = crate::text::FastMap::default();
        for (i, f) in object.fields.iter().enumerate() {
            if let Some(first) = seen.insert(f.name.to_ascii_lowercase(), i) {
                let first_name = object.fields.get(first).map_or("", |f| f.name.as_str());
                return Err(EngineError::new(
                    ErrorCode::InvalidDescribe,
                    format!(
                        "the field `{}` appears twice (also as `{first_name}` at {prefix}/fields/{first}); Salesforce field names are unique without regard to case",
                        f.name
                    ),
                    format!("{prefix}/fields/{i}/name"),
                    "paste the describe as Salesforce returned it, unedited and not merged with another",
                ));
            }
        }
    }
    Ok(object)
}

fn api_version_of(url: &str) -> Option<String> {
    let rest = url.split("/services/data/v").nth(1)?;
    let version = rest.split('/').next()?;
    let numeric = !version.is_empty()
        && version.chars().all(|c| c.is_ascii_digit() || c == '.')
        && version.chars().next().is_some_and(|c| c.is_ascii_digit());
    numeric.then(|| version.to_string())
}

#[expect(
    clippy::too_many_lines,
    reason = "one assignment per describe attribute"
)]
fn build_field(f: RawField, prefix: &str, index: usize) -> Result<Field> {
    // Paths are written only for an error: a describe has hundreds of fields and picklist values.
    let path = || format!("{prefix}/fields/{index}");
    let Some(name) = f.name.filter(|n| !n.is_empty()) else {
        return Err(EngineError::new(
            ErrorCode::InvalidDescribe,
            "a field has no `name`",
            format!("{}/name", path()),
            "every entry of `fields` needs its API `name`; paste the describe unedited",
        ));
    };
    let Some(raw_type) = f.field_type.filter(|t| !t.is_empty()) else {
        return Err(EngineError::new(
            ErrorCode::InvalidDescribe,
            format!("field `{name}` has no `type`"),
            format!("{}/type", path()),
            "every entry of `fields` needs its `type`; paste the describe unedited",
        ));
    };
    let field_type = FieldType::from_describe(&raw_type);
    let mut unknown = Vec::new();
    let mut note = |present: bool, fact: Fact| {
        if !present {
            unknown.push(fact);
        }
    };
    note(f.createable.is_some(), Fact::Createable);
    note(f.updateable.is_some(), Fact::Updateable);
    note(f.nillable.is_some(), Fact::Nillable);
    note(f.defaulted_on_create.is_some(), Fact::DefaultedOnCreate);
    note(f.calculated.is_some(), Fact::Calculated);
    if field_type.is_text() {
        note(f.length.is_some(), Fact::Length);
    }
    if matches!(
        field_type,
        FieldType::Double | FieldType::Currency | FieldType::Percent
    ) {
        note(f.precision.is_some() && f.scale.is_some(), Fact::Precision);
    }
    if field_type == FieldType::Int {
        note(f.digits.is_some(), Fact::Digits);
    }
    if matches!(field_type, FieldType::Picklist | FieldType::Multipicklist) {
        note(f.restricted_picklist.is_some(), Fact::RestrictedPicklist);
    }
    let dependent = f.dependent_picklist.unwrap_or(false);
    let mut picklist_values = Vec::with_capacity(f.picklist_values.len());
    for (i, v) in f.picklist_values.into_iter().enumerate() {
        let vpath = || format!("{}/picklistValues/{i}", path());
        let Some(value) = v.value else {
            return Err(EngineError::new(
                ErrorCode::InvalidDescribe,
                format!("a picklist entry of field `{name}` has no `value`"),
                format!("{}/value", vpath()),
                "every picklist entry needs its API `value`",
            ));
        };
        let valid_for = match v.valid_for {
            Some(bits) if dependent => Some(decode_valid_for(&bits).ok_or_else(|| {
                EngineError::new(
                    ErrorCode::InvalidDescribe,
                    format!("`validFor` of picklist value `{value}` is not base64"),
                    format!("{}/validFor", vpath()),
                    "`validFor` is the base64 bitmap Salesforce returns; paste the describe unedited",
                )
            })?),
            _ => None,
        };
        picklist_values.push(PicklistValue {
            label: v.label.unwrap_or_else(|| value.clone()),
            value,
            active: v.active.unwrap_or(true),
            default_value: v.default_value.unwrap_or(false),
            valid_for,
        });
    }
    Ok(Field {
        label: f.label.unwrap_or_else(|| name.clone()),
        name,
        field_type,
        raw_type,
        length: f.length,
        precision: f.precision,
        scale: f.scale,
        digits: f.digits,
        nillable: f.nillable,
        createable: f.createable,
        updateable: f.updateable,
        defaulted_on_create: f.defaulted_on_create,
        calculated: f.calculated.unwrap_or(false),
        auto_number: f.auto_number.unwrap_or(false),
        compound_field_name: f.compound_field_name,
        extra_type_info: f.extra_type_info,
        html_formatted: f.html_formatted.unwrap_or(false),
        picklist_values,
        restricted_picklist: f.restricted_picklist.unwrap_or(false),
        dependent_picklist: dependent,
        controller_name: f.controller_name,
        reference_to: f.reference_to,
        relationship_name: f.relationship_name,
        external_id: f.external_id.unwrap_or(false),
        unique: f.unique.unwrap_or(false),
        custom: f.custom.unwrap_or(false),
        deprecated_and_hidden: f.deprecated_and_hidden.unwrap_or(false),
        default_value: f.default_value,
        unknown_facts: unknown,
        record_types: Vec::new(),
        place_names: None,
        lookup: std::sync::OnceLock::new(),
    })
}

/// Decodes a `validFor` bitmap: bit *i*, reading each byte from its most significant bit,
/// is set when the entry is valid for controlling value *i*.
pub fn decode_valid_for(b64: &str) -> Option<Vec<u32>> {
    let bytes = decode_base64(b64)?;
    let mut out = Vec::new();
    for (byte_index, byte) in bytes.iter().enumerate() {
        for bit in 0..8u32 {
            if byte & (0x80 >> bit) != 0 {
                out.push(u32::try_from(byte_index).ok()? * 8 + bit);
            }
        }
    }
    Some(out)
}

fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' | b'\n' | b'\r' | b' ' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).ok()?);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_for_bitmaps_decode_most_significant_bit_first() {
        assert_eq!(decode_valid_for("gAAA"), Some(vec![0]));
        assert_eq!(decode_valid_for("QAAA"), Some(vec![1]));
        assert_eq!(decode_valid_for("AEAA"), Some(vec![9]));
        assert_eq!(decode_valid_for("wAAA"), Some(vec![0, 1]));
        assert_eq!(decode_valid_for("!!"), None);
    }

    #[test]
    fn api_version_is_read_from_numeric_urls_only() {
        assert_eq!(
            api_version_of("/services/data/v59.0/sobjects/Lead/describe").as_deref(),
            Some("59.0")
        );
        assert_eq!(
            api_version_of("/services/data/vxx.0/sobjects/Lead/describe"),
            None
        );
    }

    #[test]
    fn lenient_attributes_accept_string_numbers_and_booleans() {
        let text = r#"{"name":"Case","fields":[{"name":"Type","type":"picklist","digits":"0","length":"40","nillable":"true","createable":true,"defaultedOnCreate":false,"picklistValues":null}]}"#;
        let o = parse_describe(text).unwrap();
        let f = &o.fields[0];
        assert_eq!(f.digits, Some(0));
        assert_eq!(f.length, Some(40));
        assert_eq!(f.nillable, Some(true));
    }

    #[test]
    fn wrong_attribute_type_is_an_error_with_its_path() {
        let text = r#"{"name":"Lead","fields":[{"name":"A","type":"string"},{"name":"B","type":"string","createable":5}]}"#;
        let e = parse_describe(text).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidDescribe);
        assert_eq!(e.path, "/fields/1/createable");
    }

    #[test]
    fn a_key_the_engine_reads_given_twice_is_refused_with_its_path() {
        let cases = [
            (
                r#"{"name":"Lead","fields":[],"fields":[{"name":"A","type":"string"}]}"#,
                "/fields",
            ),
            (
                r#"{"name":"Lead","fields":[{"name":"A","type":"string","createable":true,"createable":false}]}"#,
                "/fields/0/createable",
            ),
            (
                r#"{"name":"Lead","fields":[{"name":"A","type":"picklist","picklistValues":[{"value":"x","value":"y"}]}]}"#,
                "/fields/0/picklistValues/0/value",
            ),
        ];
        for (text, path) in cases {
            let e = parse_describe(text).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidJson, "{text}");
            assert_eq!(e.path, path, "{text}");
            assert!(e.message.contains("appears twice"), "{}", e.message);
        }
        // Keys the engine does not read may repeat: they change no answer.
        let text = r#"{"name":"Lead","x":1,"x":2,"fields":[{"name":"A","type":"string","sortable":true,"sortable":false}]}"#;
        assert!(parse_describe(text).is_ok());
    }
}
