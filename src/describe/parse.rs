//! Describe ingestion: the raw REST describe (`GET .../sobjects/{Object}/describe`) and the
//! Salesforce CLI wrapper (`sf sobject describe --json` → `{status, result}`).
//!
//! Parsing is lenient where real describes are (string-typed numbers such as `"digits": "0"`,
//! `"true"` strings, attributes missing in old or reduced shapes) and strict where a wrong type
//! would change an answer (`"createable": 5` is an error with its path).

use super::{Fact, Field, FieldType, PicklistValue, SObject};
use crate::error::{from_json_error, pointer_from_serde_path, EngineError, ErrorCode, Result};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

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
    if !text.trim_start().starts_with('{') {
        return Err(not_an_object(text));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let raw: RawTop = match serde_path_to_error::deserialize(&mut de).map(|o: Obj<RawTop>| o.0) {
        Ok(raw) => raw,
        Err(err) => return Err(describe_error(text, &err)),
    };
    if let Err(err) = de.end() {
        return Err(from_json_error(
            &err,
            String::new(),
            ErrorCode::NotADescribe,
            "the describe",
            DESCRIBE_HELP,
        ));
    }
    build(raw, "")
}

/// The text does not start with `{`: invalid JSON, too deep, a Salesforce error array, or
/// some other JSON value.
fn not_an_object(text: &str) -> EngineError {
    if let Err(err) = serde_json::from_str::<IgnoredAny>(text) {
        return from_json_error(
            &err,
            String::new(),
            ErrorCode::NotADescribe,
            "the describe",
            DESCRIBE_HELP,
        );
    }
    if let Ok(errors) = serde_json::from_str::<Vec<SalesforceError>>(text) {
        if let Some(first) = errors.first() {
            return EngineError::new(
                ErrorCode::NotADescribe,
                format!(
                    "this is a Salesforce error response (`{}`: {}), not a describe",
                    first.error_code, first.message
                ),
                "",
                "fix the describe request (object name, permissions, session) and paste its successful response",
            );
        }
    }
    EngineError::new(
        ErrorCode::NotADescribe,
        "the JSON is not a Salesforce describe: expected an object with `name` and `fields`",
        "",
        DESCRIBE_HELP,
    )
}

fn describe_error(text: &str, err: &serde_path_to_error::Error<serde_json::Error>) -> EngineError {
    let path = pointer_from_serde_path(err.path());
    let inner = err.inner();
    if inner.is_data() && path.is_empty() {
        // A JSON array at the top: maybe a Salesforce error response.
        if let Ok(errors) = serde_json::from_str::<Vec<SalesforceError>>(text) {
            if let Some(first) = errors.first() {
                return EngineError::new(
                    ErrorCode::NotADescribe,
                    format!(
                        "this is a Salesforce error response (`{}`: {}), not a describe",
                        first.error_code, first.message
                    ),
                    "",
                    "fix the describe request (object name, permissions, session) and paste its successful response",
                );
            }
        }
        return not_an_object(text);
    }
    let mut e = from_json_error(
        inner,
        path,
        ErrorCode::InvalidDescribe,
        "the describe",
        DESCRIBE_HELP,
    );
    if e.code == ErrorCode::InvalidDescribe {
        e.message = format!("invalid describe attribute: {}", strip_prefix(&e.message));
    }
    e
}

fn strip_prefix(message: &str) -> &str {
    message.strip_prefix("the describe: ").unwrap_or(message)
}

#[derive(Deserialize)]
struct SalesforceError {
    #[serde(rename = "errorCode")]
    error_code: String,
    message: String,
}

fn build(raw: RawTop, prefix: &str) -> Result<SObject> {
    if let Some(result) = raw.result {
        // `sf sobject describe --json` wrapper.
        return build(result.0, &format!("{prefix}/result"));
    }
    if let (Some(status), Some(message)) = (raw.status_code, raw.message.as_ref()) {
        if status != 0 {
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
    let Some(name) = raw.name.0.filter(|n| !n.is_empty()) else {
        return Err(EngineError::new(
            ErrorCode::NotADescribe,
            "the describe has no object `name`",
            format!("{prefix}/name"),
            DESCRIBE_HELP,
        ));
    };
    let label = raw.label.0.unwrap_or_else(|| name.clone());
    let api_version = raw
        .urls
        .and_then(|u| u.0.describe.0)
        .and_then(|u| api_version_of(&u));
    let mut out = Vec::with_capacity(fields.0.len());
    for (i, f) in fields.0.into_iter().enumerate() {
        out.push(build_field(f, &format!("{prefix}/fields/{i}"))?);
    }
    Ok(SObject::new(
        name,
        label,
        api_version,
        raw.custom.0.unwrap_or(false),
        out,
    ))
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
fn build_field(f: RawField, path: &str) -> Result<Field> {
    let Some(name) = f.name.0.filter(|n| !n.is_empty()) else {
        return Err(EngineError::new(
            ErrorCode::InvalidDescribe,
            "a field has no `name`",
            format!("{path}/name"),
            "every entry of `fields` needs its API `name`; paste the describe unedited",
        ));
    };
    let Some(raw_type) = f.field_type.0.filter(|t| !t.is_empty()) else {
        return Err(EngineError::new(
            ErrorCode::InvalidDescribe,
            format!("field `{name}` has no `type`"),
            format!("{path}/type"),
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
    note(f.createable.0.is_some(), Fact::Createable);
    note(f.updateable.0.is_some(), Fact::Updateable);
    note(f.nillable.0.is_some(), Fact::Nillable);
    note(f.defaulted_on_create.0.is_some(), Fact::DefaultedOnCreate);
    note(f.calculated.0.is_some(), Fact::Calculated);
    if field_type.is_text() {
        note(f.length.0.is_some(), Fact::Length);
    }
    if matches!(
        field_type,
        FieldType::Double | FieldType::Currency | FieldType::Percent
    ) {
        note(
            f.precision.0.is_some() && f.scale.0.is_some(),
            Fact::Precision,
        );
    }
    if field_type == FieldType::Int {
        note(f.digits.0.is_some(), Fact::Digits);
    }
    if matches!(field_type, FieldType::Picklist | FieldType::Multipicklist) {
        note(f.restricted_picklist.0.is_some(), Fact::RestrictedPicklist);
    }
    let dependent = f.dependent_picklist.0.unwrap_or(false);
    let mut picklist_values = Vec::new();
    for (i, v) in f
        .picklist_values
        .unwrap_or_default()
        .0
        .into_iter()
        .enumerate()
    {
        let vpath = format!("{path}/picklistValues/{i}");
        let Some(value) = v.value.0 else {
            return Err(EngineError::new(
                ErrorCode::InvalidDescribe,
                format!("a picklist entry of field `{name}` has no `value`"),
                format!("{vpath}/value"),
                "every picklist entry needs its API `value`",
            ));
        };
        let valid_for = match v.valid_for.0 {
            Some(bits) if dependent => Some(decode_valid_for(&bits).ok_or_else(|| {
                EngineError::new(
                    ErrorCode::InvalidDescribe,
                    format!("`validFor` of picklist value `{value}` is not base64"),
                    format!("{vpath}/validFor"),
                    "`validFor` is the base64 bitmap Salesforce returns; paste the describe unedited",
                )
            })?),
            _ => None,
        };
        picklist_values.push(PicklistValue {
            label: v.label.0.unwrap_or_else(|| value.clone()),
            value,
            active: v.active.0.unwrap_or(true),
            default_value: v.default_value.0.unwrap_or(false),
            valid_for,
        });
    }
    Ok(Field {
        label: f.label.0.unwrap_or_else(|| name.clone()),
        name,
        field_type,
        raw_type,
        length: f.length.0,
        precision: f.precision.0,
        scale: f.scale.0,
        digits: f.digits.0,
        nillable: f.nillable.0,
        createable: f.createable.0,
        updateable: f.updateable.0,
        defaulted_on_create: f.defaulted_on_create.0,
        calculated: f.calculated.0.unwrap_or(false),
        auto_number: f.auto_number.0.unwrap_or(false),
        compound_field_name: f.compound_field_name.0,
        extra_type_info: f.extra_type_info.0,
        html_formatted: f.html_formatted.0.unwrap_or(false),
        picklist_values,
        restricted_picklist: f.restricted_picklist.0.unwrap_or(false),
        dependent_picklist: dependent,
        controller_name: f.controller_name.0,
        reference_to: f.reference_to.unwrap_or_default().0,
        relationship_name: f.relationship_name.0,
        external_id: f.external_id.0.unwrap_or(false),
        unique: f.unique.0.unwrap_or(false),
        custom: f.custom.0.unwrap_or(false),
        deprecated_and_hidden: f.deprecated_and_hidden.0.unwrap_or(false),
        default_value: f.default_value.0,
        unknown_facts: unknown,
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

// ---- raw serde shapes -------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawTop {
    #[serde(default)]
    name: LStr,
    #[serde(default)]
    label: LStr,
    #[serde(default)]
    custom: LBool,
    #[serde(default)]
    fields: Option<Fields>,
    #[serde(default)]
    urls: Option<Obj<RawUrls>>,
    #[serde(default)]
    result: Option<Box<Obj<RawTop>>>,
    #[serde(default, rename = "status")]
    status_code: Option<i64>,
    #[serde(default)]
    message: Option<String>,
}

#[derive(Deserialize, Default)]
struct RawUrls {
    #[serde(default)]
    describe: LStr,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawField {
    #[serde(default)]
    name: LStr,
    #[serde(default)]
    label: LStr,
    #[serde(default, rename = "type")]
    field_type: LStr,
    #[serde(default)]
    length: LNum,
    #[serde(default)]
    precision: LNum,
    #[serde(default)]
    scale: LNum,
    #[serde(default)]
    digits: LNum,
    #[serde(default)]
    nillable: LBool,
    #[serde(default)]
    createable: LBool,
    #[serde(default)]
    updateable: LBool,
    #[serde(default)]
    defaulted_on_create: LBool,
    #[serde(default)]
    calculated: LBool,
    #[serde(default)]
    auto_number: LBool,
    #[serde(default)]
    compound_field_name: LStr,
    #[serde(default)]
    extra_type_info: LStr,
    #[serde(default)]
    html_formatted: LBool,
    #[serde(default)]
    picklist_values: Option<Picklist>,
    #[serde(default)]
    restricted_picklist: LBool,
    #[serde(default)]
    dependent_picklist: LBool,
    #[serde(default)]
    controller_name: LStr,
    #[serde(default)]
    reference_to: Option<StrList>,
    #[serde(default)]
    relationship_name: LStr,
    #[serde(default)]
    external_id: LBool,
    #[serde(default)]
    unique: LBool,
    #[serde(default)]
    custom: LBool,
    #[serde(default)]
    deprecated_and_hidden: LBool,
    #[serde(default)]
    default_value: LScalar,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawPicklistValue {
    #[serde(default)]
    value: LStr,
    #[serde(default)]
    label: LStr,
    #[serde(default)]
    active: LBool,
    #[serde(default)]
    default_value: LBool,
    #[serde(default)]
    valid_for: LStr,
}

/// A struct that must be a JSON object (serde's derive would also take an array).
struct Obj<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Obj<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<Obj<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Obj)
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// `fields`, capped at [`MAX_FIELDS`] while parsing so memory stays bounded.
struct Fields(Vec<RawField>);

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Fields;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of field descriptions")
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Fields, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX_FIELDS));
                while let Some(Obj(f)) = seq.next_element::<Obj<RawField>>()? {
                    if out.len() >= MAX_FIELDS {
                        return Err(de::Error::custom(format_args!(
                            "the object has more than {MAX_FIELDS} fields"
                        )));
                    }
                    out.push(f);
                }
                Ok(Fields(out))
            }
        }
        d.deserialize_seq(V)
    }
}

#[derive(Default)]
struct Picklist(Vec<RawPicklistValue>);

impl<'de> Deserialize<'de> for Picklist {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Picklist;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of picklist entries")
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<Picklist, E> {
                Ok(Picklist::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Picklist, A::Error> {
                let mut out = Vec::new();
                while let Some(Obj(v)) = seq.next_element::<Obj<RawPicklistValue>>()? {
                    if out.len() >= MAX_PICKLIST_VALUES {
                        return Err(de::Error::custom(format_args!(
                            "the field has more than {MAX_PICKLIST_VALUES} picklist values"
                        )));
                    }
                    out.push(v);
                }
                Ok(Picklist(out))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Default)]
struct StrList(Vec<String>);

impl<'de> Deserialize<'de> for StrList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StrList;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of strings")
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<StrList, E> {
                Ok(StrList::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<StrList, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element::<String>()? {
                    if out.len() >= MAX_PICKLIST_VALUES {
                        return Err(de::Error::custom("too many entries"));
                    }
                    out.push(v);
                }
                Ok(StrList(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// A boolean that also accepts `"true"`/`"false"` strings and `null` (unknown).
#[derive(Default)]
struct LBool(Option<bool>);

impl<'de> Deserialize<'de> for LBool {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = LBool;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a boolean")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<LBool, E> {
                Ok(LBool(Some(v)))
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<LBool, E> {
                Ok(LBool(None))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<LBool, E> {
                match v.trim().to_ascii_lowercase().as_str() {
                    "true" => Ok(LBool(Some(true))),
                    "false" => Ok(LBool(Some(false))),
                    _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// A non-negative whole number that also accepts numeric strings (`"0"`), integral floats and
/// `null` (unknown).
#[derive(Default)]
struct LNum(Option<u32>);

impl<'de> Deserialize<'de> for LNum {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = LNum;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a non-negative whole number")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<LNum, E> {
                u32::try_from(v)
                    .map(|n| LNum(Some(n)))
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<LNum, E> {
                u32::try_from(v)
                    .map(|n| LNum(Some(n)))
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<LNum, E> {
                if v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&v) {
                    #[expect(
                        clippy::cast_possible_truncation,
                        clippy::cast_sign_loss,
                        reason = "range and integrality checked above"
                    )]
                    Ok(LNum(Some(v as u32)))
                } else {
                    Err(E::invalid_value(de::Unexpected::Float(v), &self))
                }
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<LNum, E> {
                Ok(LNum(None))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<LNum, E> {
                v.trim()
                    .parse::<u32>()
                    .map(|n| LNum(Some(n)))
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_any(V)
    }
}

/// A string or `null`.
#[derive(Default)]
struct LStr(Option<String>);

impl<'de> Deserialize<'de> for LStr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = LStr;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<LStr, E> {
                Ok(LStr(Some(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<LStr, E> {
                Ok(LStr(Some(v)))
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<LStr, E> {
                Ok(LStr(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// Any scalar, kept as text (`defaultValue` is a boolean, number or string); objects and
/// arrays are skipped.
#[derive(Default)]
struct LScalar(Option<String>);

impl<'de> Deserialize<'de> for LScalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LScalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a scalar")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<LScalar, E> {
                Ok(LScalar(Some(v.to_string())))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<LScalar, E> {
                Ok(LScalar(Some(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<LScalar, E> {
                Ok(LScalar(Some(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<LScalar, E> {
                Ok(LScalar(Some(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<LScalar, E> {
                Ok(LScalar(Some(v.to_string())))
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<LScalar, E> {
                Ok(LScalar(None))
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<LScalar, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(LScalar(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<LScalar, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(LScalar(None))
            }
        }
        d.deserialize_any(V)
    }
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
}
