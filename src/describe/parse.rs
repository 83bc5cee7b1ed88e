//! Describe ingestion: the raw REST describe (`GET .../sobjects/{Object}/describe`) and the
//! Salesforce CLI wrapper (`sf sobject describe --json` → `{status, result}`).
//!
//! [`oncehub_sf_reader::describe`] reads the text in one pass into raw attributes; this module
//! judges them (names, types, duplicates, `validFor` bitmaps) and builds the engine model.

use super::{Fact, Field, FieldType, PicklistValue, SObject};
use crate::error::{EngineError, ErrorCode, Result};
pub use oncehub_sf_reader::describe::{
    RawField, RawTop, DESCRIBE_HELP, MAX_DESCRIBE_BYTES, MAX_FIELDS, MAX_PICKLIST_VALUES,
};

/// Parses describe text into the engine model.
pub fn parse_describe(text: &str) -> Result<SObject> {
    build(oncehub_sf_reader::describe::read_describe(text)?, "")
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
    let mut object = SObject::new(name, label, api_version, raw.custom.unwrap_or(false), out);
    object.pointer = prefix.to_string();
    // Field names are unique without regard to case; a name given twice means an edited or
    // merged describe, and keeping either one silently could judge values by the wrong field.
    if let Some((first, second)) = object.names_twice() {
        let name = |i: usize| object.fields.get(i).map_or("", |f| f.name.as_str());
        return Err(EngineError::new(
            ErrorCode::InvalidDescribe,
            format!(
                "the field `{}` appears twice (also as `{}` at {prefix}/fields/{first}); Salesforce field names are unique without regard to case",
                name(second),
                name(first)
            ),
            format!("{prefix}/fields/{second}/name"),
            "paste the describe as Salesforce returned it, unedited and not merged with another",
        ));
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
