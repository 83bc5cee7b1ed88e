//! Preview inputs (`{ payload, existing? }`) and reading them from JSON text with
//! [`crate::json::Reader`]: one pass, exact JSON pointers in errors, unknown keys refused, and
//! each payload limited to [`MAX_PAYLOAD_BYTES`] while it is read.

use crate::error::{EngineError, ErrorCode, Result};
use crate::json::{Kind, Reader, R};
use crate::payload::MAX_PAYLOAD_BYTES;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Most inputs of one `previewMany` call.
pub const MAX_PREVIEW_INPUTS: usize = 50_000;
/// Largest `previewMany` inputs text accepted (bytes).
pub const MAX_BATCH_BYTES: usize = 128 * 1024 * 1024;
/// Largest `previewMany` result written (bytes): past it the call fails rather than exhaust
/// memory or JavaScript's longest string.
pub const MAX_RESULT_BYTES: usize = 256 * 1024 * 1024;
/// Largest text of one preview input (the payload plus existing records).
pub const MAX_INPUT_BYTES: usize = 2 * MAX_PAYLOAD_BYTES;

const HELP: &str = "pass { payload, existing?: { lead?, contact?, event?, case? } } with each existing record as { id, fields?, isConverted? }";

/// An existing Salesforce record the integration would find for the payload.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExistingRecord {
    /// Salesforce id of the record.
    pub id: String,
    /// Its current field values (API name → value), for the overwrite rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, Value>>,
    /// Lead only: a converted Lead cannot be updated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_converted: Option<bool>,
}

impl ExistingRecord {
    /// A record with an id and current field values.
    pub fn new(id: &str, fields: BTreeMap<String, Value>) -> ExistingRecord {
        ExistingRecord {
            id: id.to_string(),
            fields: Some(fields),
            is_converted: None,
        }
    }
}

/// Records that already exist in Salesforce.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExistingRecords {
    /// The Lead matching the person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead: Option<ExistingRecord>,
    /// The Contact matching the person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<ExistingRecord>,
    /// The Event created earlier for the booking.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<ExistingRecord>,
    /// The Case created earlier for the booking (a re-delivered `booking.scheduled` then
    /// creates no second Case).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case: Option<ExistingRecord>,
}

/// What to preview.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewInput {
    /// A OnceHub webhook envelope (v2 or v1; a booking or a conversation event), a bare
    /// booking, contact or conversation; or the same as JSON text. Read from JSON text, it may hold at most [`MAX_PAYLOAD_BYTES`].
    pub payload: Value,
    /// Records the integration would find in Salesforce.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub existing: Option<ExistingRecords>,
}

impl PreviewInput {
    /// An input with no existing records.
    pub fn new(payload: Value) -> PreviewInput {
        PreviewInput {
            payload,
            existing: None,
        }
    }

    /// Parses one input from JSON text (at most [`MAX_INPUT_BYTES`]).
    pub fn parse(text: &str) -> Result<PreviewInput> {
        if text.len() > MAX_INPUT_BYTES {
            return Err(EngineError::new(
                ErrorCode::InputTooLarge,
                format!(
                    "the preview input is {} bytes; the limit is {MAX_INPUT_BYTES} bytes",
                    text.len()
                ),
                "",
                "a OnceHub booking or contact is a few kilobytes; check what produced this one",
            ));
        }
        let mut r = Reader::new(text);
        r.skip_bom();
        let input = read_input(&mut r)?;
        r.end()?;
        Ok(input)
    }

    /// Parses a JSON array of inputs (at most [`MAX_PREVIEW_INPUTS`]).
    pub fn parse_many(text: &str) -> Result<Vec<PreviewInput>> {
        let mut out = Vec::new();
        PreviewInput::for_each(text, &mut |_, input| {
            out.push(input?);
            Ok(())
        })?;
        Ok(out)
    }

    /// Reads a JSON array of inputs (at most [`MAX_PREVIEW_INPUTS`]) one at a time, handing
    /// each to `f` with its index as soon as it is read, so only one input is held in memory.
    /// An input that is valid JSON but not a valid input (an unknown key, a payload over the size
    /// or nesting limit) reaches `f` as its error, with a pointer from the batch's root, and the
    /// walk goes on; text that is not JSON, or an error from `f`, ends it.
    pub fn for_each(
        text: &str,
        f: &mut dyn FnMut(usize, Result<PreviewInput>) -> Result<()>,
    ) -> Result<()> {
        let mut r = Reader::new(text);
        r.skip_bom();
        let kind = r.kind()?;
        if kind != Kind::Array {
            return Err(*r.type_error(
                ErrorCode::InvalidArgument,
                "an array of preview inputs",
                kind,
                "pass [{ payload, existing? }, ...]; for a OnceHub list response, list.data.map((payload) => ({ payload }))",
            ));
        }
        r.array(&mut |r: &mut Reader<'_>, i| {
            if i >= MAX_PREVIEW_INPUTS {
                return Err(Box::new(too_many(None)));
            }
            let mark = r.mark();
            match read_input(r) {
                Ok(input) => f(i, Ok(input)).map_err(Box::new),
                // The input is refused: step over it from its start. Only text that is not JSON
                // makes that step fail, and then the batch is unreadable from here on.
                Err(e) => {
                    r.rewind(mark);
                    r.skip_any_depth()?;
                    f(i, Err(*e)).map_err(Box::new)
                }
            }
        })?;
        Ok(r.end()?)
    }
}

/// `TOO_MANY_ITEMS` for a `previewMany` call.
pub(super) fn too_many(n: Option<usize>) -> EngineError {
    EngineError::new(
        ErrorCode::TooManyItems,
        match n {
            Some(n) => format!("{n} inputs were given; previewMany takes at most {MAX_PREVIEW_INPUTS}"),
            None => format!("more than {MAX_PREVIEW_INPUTS} inputs were given; previewMany takes at most {MAX_PREVIEW_INPUTS}"),
        },
        "",
        "split the inputs into batches",
    )
}

#[cold]
#[expect(
    clippy::unnecessary_box_returns,
    reason = "the error of a reader step is boxed (see `json::R`)"
)]
fn unknown_key(r: &Reader<'_>, key: &str, what: &str, allowed: &[&str]) -> Box<EngineError> {
    Box::new(EngineError::new(
        ErrorCode::InvalidArgument,
        format!(
            "unknown field `{}` in {what}, expected one of `{}`",
            crate::payload::shown(key),
            allowed.join("`, `")
        ),
        r.pointer(),
        HELP,
    ))
}

/// Expects an object (or `null` when `nullable`); `false` when it was `null`.
fn expect_object(r: &mut Reader<'_>, what: &str, nullable: bool) -> R<bool> {
    match r.kind()? {
        Kind::Object => Ok(true),
        Kind::Null if nullable => {
            r.null()?;
            Ok(false)
        }
        other => Err(r.type_error(ErrorCode::InvalidArgument, what, other, HELP)),
    }
}

fn read_input(r: &mut Reader<'_>) -> R<PreviewInput> {
    expect_object(r, "a preview input object", false)?;
    let mut payload = None;
    let mut existing = None;
    r.object(&mut |r: &mut Reader<'_>, key| {
        match key {
            "payload" if r.kind()? == Kind::String => {
                // The payload as JSON text: the text's own bytes count, not its escaped form
                // in the input (quotes and line breaks take two bytes there).
                let path = r.pointer();
                let text = r.string()?;
                if text.len() > MAX_PAYLOAD_BYTES {
                    return Err(payload_too_large(path));
                }
                payload = Some(Value::String(text.into_owned()));
            }
            "payload" => {
                let mut budget = MAX_PAYLOAD_BYTES;
                payload = Some(limited_value(r, &mut budget)?);
            }
            "existing" => existing = read_existing(r)?,
            // `{type: "oncehub.booking.scheduled", payload}`: the browser event of an embedded
            // Booking Calendar, passed as the input itself.
            "type" if r.kind()? == Kind::String => {
                let mark = r.mark();
                let event = r.string()?;
                if event.starts_with("oncehub.") {
                    return Err(Box::new(EngineError::new(
                        ErrorCode::InvalidPayload,
                        format!("this is the browser event `{}` of an embedded Booking Calendar, not a preview input", crate::payload::shown(&event)),
                        r.pointer(),
                        crate::payload::browser_event_help(&event),
                    )));
                }
                r.rewind(mark);
                return Err(unknown_key(
                    r,
                    "type",
                    "a preview input",
                    &["payload", "existing"],
                ));
            }
            other => {
                return Err(unknown_key(
                    r,
                    other,
                    "a preview input",
                    &["payload", "existing"],
                ))
            }
        }
        Ok(())
    })?;
    let payload = payload.ok_or_else(|| {
        EngineError::new(
            ErrorCode::InvalidArgument,
            "the preview input is missing field `payload`",
            r.pointer(),
            HELP,
        )
    })?;
    Ok(PreviewInput { payload, existing })
}

fn read_existing(r: &mut Reader<'_>) -> R<Option<ExistingRecords>> {
    if !expect_object(r, "an object of existing records", true)? {
        return Ok(None);
    }
    let mut out = ExistingRecords::default();
    r.object(&mut |r: &mut Reader<'_>, key| {
        let slot = match key {
            "lead" => &mut out.lead,
            "contact" => &mut out.contact,
            "event" => &mut out.event,
            "case" => &mut out.case,
            other => {
                return Err(unknown_key(
                    r,
                    other,
                    "`existing`",
                    &["lead", "contact", "event", "case"],
                ))
            }
        };
        *slot = read_record(r)?;
        Ok(())
    })?;
    Ok(Some(out))
}

fn read_record(r: &mut Reader<'_>) -> R<Option<ExistingRecord>> {
    if !expect_object(r, "an existing record object", true)? {
        return Ok(None);
    }
    let mut id = None;
    let mut fields = None;
    let mut is_converted = None;
    r.object(&mut |r: &mut Reader<'_>, key| {
        match key {
            "id" => match r.kind()? {
                Kind::String => id = Some(r.string()?.into_owned()),
                other => {
                    return Err(r.type_error(
                        ErrorCode::InvalidArgument,
                        "the record id as a string",
                        other,
                        HELP,
                    ))
                }
            },
            "fields" => {
                if expect_object(r, "an object of field values", true)? {
                    let mut map = BTreeMap::new();
                    r.object(&mut |r: &mut Reader<'_>, name| {
                        map.insert(name.to_string(), crate::json::value(r)?);
                        Ok(())
                    })?;
                    fields = Some(map);
                }
            }
            "isConverted" => match r.kind()? {
                Kind::Bool => is_converted = Some(r.boolean()?),
                Kind::Null => r.null()?,
                other => {
                    return Err(r.type_error(
                        ErrorCode::InvalidArgument,
                        "true or false",
                        other,
                        HELP,
                    ))
                }
            },
            other => {
                return Err(unknown_key(
                    r,
                    other,
                    "an existing record",
                    &["id", "fields", "isConverted"],
                ))
            }
        }
        Ok(())
    })?;
    let id = id.ok_or_else(|| {
        EngineError::new(
            ErrorCode::InvalidArgument,
            "an existing record is missing field `id`",
            r.pointer(),
            HELP,
        )
    })?;
    Ok(Some(ExistingRecord {
        id,
        fields,
        is_converted,
    }))
}

/// Reads any value, charging the bytes of its JSON text (without white space) to `budget`:
/// `INPUT_TOO_LARGE` at the payload's pointer once it runs out. Nesting is bounded by the
/// reader.
fn limited_value(r: &mut Reader<'_>, budget: &mut usize) -> R<Value> {
    let path = r.pointer();
    let mut charge = |n: usize| -> R<()> {
        match budget.checked_sub(n) {
            Some(left) => {
                *budget = left;
                Ok(())
            }
            None => Err(payload_too_large(path.clone())),
        }
    };
    r.value_charged(&mut charge)
}

#[cold]
#[expect(
    clippy::unnecessary_box_returns,
    reason = "the error of a reader step is boxed (see `json::R`)"
)]
fn payload_too_large(path: String) -> Box<EngineError> {
    Box::new(EngineError::new(
        ErrorCode::InputTooLarge,
        format!("the payload is larger than {MAX_PAYLOAD_BYTES} bytes"),
        path,
        "a OnceHub booking or contact is a few kilobytes; check what produced this one",
    ))
}
