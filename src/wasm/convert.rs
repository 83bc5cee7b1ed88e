//! Conversions between JavaScript values and core types. No logic lives here.

use crate::error::{EngineError, ErrorCode};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Turns an engine error into a real JS `Error` named `MappingEngineError` with `code`,
/// `path` and `help`.
pub(crate) fn to_js_error(err: &EngineError) -> JsValue {
    let e = js_sys::Error::new(&err.message);
    e.set_name("MappingEngineError");
    let _ = js_sys::Reflect::set(&e, &"code".into(), &err.code.as_str().into());
    let _ = js_sys::Reflect::set(&e, &"path".into(), &err.path.as_str().into());
    let _ = js_sys::Reflect::set(&e, &"help".into(), &err.help.as_str().into());
    e.into()
}

#[expect(
    clippy::needless_pass_by_value,
    reason = "shaped for `.map_err(js_err)`"
)]
pub(crate) fn js_err(err: EngineError) -> JsValue {
    to_js_error(&err)
}

fn arg_error(what: &str, expected: &str) -> JsValue {
    to_js_error(&EngineError::new(
        ErrorCode::InvalidArgument,
        format!("{what} must be {expected}"),
        "",
        format!("pass {expected}"),
    ))
}

#[wasm_bindgen]
extern "C" {
    /// The host's `TextEncoder` (browsers, Node): encodes a JS string to UTF-8 natively.
    #[wasm_bindgen(js_name = TextEncoder)]
    type HostTextEncoder;
    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> HostTextEncoder;
    /// `encodeInto`: writes straight into a slice of wasm memory (no intermediate buffer).
    #[wasm_bindgen(method, js_class = "TextEncoder", js_name = encodeInto)]
    fn encode_into(this: &HostTextEncoder, text: &JsValue, dest: &mut [u8]) -> EncodeIntoResult;

    /// `{ read, written }` of `encodeInto`.
    type EncodeIntoResult;
    #[wasm_bindgen(method, getter)]
    fn read(this: &EncodeIntoResult) -> u32;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> usize;
}

thread_local! {
    static ENCODER: HostTextEncoder = HostTextEncoder::new();
}

/// Strings longer than this are encoded by the host's `TextEncoder` straight into wasm memory;
/// wasm-bindgen's own conversion walks them character by character in JS, which costs more
/// than parsing a large describe.
const BULK_STRING: u32 = 16 * 1024;

/// A JS string as a Rust string (lone surrogates become U+FFFD, as with `TextEncoder`).
fn js_string(value: &JsValue) -> Option<String> {
    let s = value.dyn_ref::<js_sys::JsString>()?;
    let units = s.length();
    if units < BULK_STRING {
        return value.as_string();
    }
    // One byte per unit fits ASCII text in one step; the rest, if any, gets room for 3 bytes a
    // unit (a surrogate pair, 2 units, takes 4).
    let mut bytes = vec![0_u8; usize::try_from(units).ok()?];
    let (mut read, mut written) = (0_u32, 0_usize);
    loop {
        let rest = if read == 0 {
            s.clone()
        } else {
            s.slice(read, units)
        };
        let dest = bytes.get_mut(written..)?;
        let done = ENCODER.with(|e| e.encode_into(&rest, dest));
        if done.read() == 0 && done.written() == 0 && read < units && bytes.len() > written + 3 {
            return value.as_string(); // no progress with room to spare: not expected
        }
        read += done.read();
        written += done.written();
        if read >= units {
            break;
        }
        let left = usize::try_from(units - read).ok()?;
        bytes.resize(written.checked_add(left.checked_mul(3)?)?, 0);
    }
    bytes.truncate(written);
    String::from_utf8(bytes).ok()
}

/// A JS number that is a whole number in `u32` range.
fn whole_u32(value: &JsValue) -> Option<u32> {
    let n = value.as_f64()?;
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "range and integrality are checked first"
    )]
    (n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n)).then_some(n as u32)
}

/// A string argument.
pub(crate) fn string_arg(value: &JsValue, what: &str) -> Result<String, JsValue> {
    js_string(value).ok_or_else(|| arg_error(what, "a string"))
}

/// JSON text from a string argument; from UTF-8 bytes (a `Uint8Array` such as Node's
/// `fs.readFileSync(path)`, or an `ArrayBuffer`); or from a plain object or array through
/// `JSON.stringify` (which defines no setters and drops nothing JSON can hold). Numbers,
/// booleans, `null` and `undefined` are refused.
/// A plain object whose JSON text is over `max` is refused before the text is copied into wasm
/// memory.
fn json_arg_limited(value: &JsValue, what: &str, max: usize) -> Result<String, JsValue> {
    const EXPECTED: &str = "a JSON string, UTF-8 bytes or a plain object";
    if let Some(s) = js_string(value) {
        return Ok(s);
    }
    let bytes = if let Some(b) = value.dyn_ref::<js_sys::Uint8Array>() {
        Some(b.to_vec())
    } else if js_sys::ArrayBuffer::is_view(value) {
        // Any typed array or DataView (also from another realm): the bytes it views.
        let field = |name: &str| js_sys::Reflect::get(value, &name.into()).ok();
        match (field("buffer"), field("byteOffset"), field("byteLength")) {
            (Some(buffer), Some(offset), Some(length)) => {
                whole_u32(&offset).zip(whole_u32(&length)).map(|(o, l)| {
                    js_sys::Uint8Array::new_with_byte_offset_and_length(&buffer, o, l).to_vec()
                })
            }
            _ => None,
        }
    } else {
        value
            .dyn_ref::<js_sys::ArrayBuffer>()
            .map(|b| js_sys::Uint8Array::new(b).to_vec())
    };
    if let Some(bytes) = bytes {
        return String::from_utf8(bytes).map_err(|e| {
            to_js_error(&EngineError::new(
                ErrorCode::InvalidArgument,
                format!(
                    "{what}: not UTF-8 text (byte {} is not valid UTF-8)",
                    e.utf8_error().valid_up_to()
                ),
                "",
                "pass the JSON as Salesforce or OnceHub returned it, in UTF-8",
            ))
        });
    }
    if !value.is_object() || value.is_function() {
        return Err(arg_error(what, EXPECTED));
    }
    // JSON.stringify writes a Map or a Set as `{}`: their entries would be lost without a word.
    let collection = if value.dyn_ref::<js_sys::Map>().is_some() {
        Some("a Map")
    } else if value.dyn_ref::<js_sys::Set>().is_some() {
        Some("a Set")
    } else {
        None
    };
    if let Some(kind) = collection {
        return Err(to_js_error(&EngineError::new(
            ErrorCode::InvalidArgument,
            format!("{what} must be a plain object or array, not {kind}"),
            "",
            "convert it first, e.g. Object.fromEntries(map) or [...set]",
        )));
    }
    match js_sys::JSON::stringify(value) {
        Ok(s) if usize::try_from(s.length()).is_ok_and(|n| n > max) => Err(too_large(what, max)),
        Ok(s) => js_string(&s).ok_or_else(|| arg_error(what, EXPECTED)),
        Err(e) => {
            // The script's own error (a getter that throws, a cycle, a BigInt) says what it was.
            let why = e
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "a cycle or a BigInt".to_string());
            Err(to_js_error(&EngineError::new(
                ErrorCode::InvalidArgument,
                format!("{what} cannot be turned into JSON: {why}"),
                "",
                "pass plain data: objects, arrays, strings, numbers, booleans and null",
            )))
        }
    }
}

/// [`json_arg_limited`] for an argument with a size limit: text, bytes or an object's JSON text over
/// `max` are refused before they are copied into wasm memory, which never shrinks (a string's
/// UTF-16 length is at most its UTF-8 length, so a string longer than `max` is over the limit
/// in bytes too).
pub(crate) fn json_arg_max(value: &JsValue, what: &str, max: usize) -> Result<String, JsValue> {
    let length = if let Some(s) = value.dyn_ref::<js_sys::JsString>() {
        Some(s.length())
    } else if js_sys::ArrayBuffer::is_view(value)
        || value.dyn_ref::<js_sys::ArrayBuffer>().is_some()
    {
        js_sys::Reflect::get(value, &"byteLength".into())
            .ok()
            .as_ref()
            .and_then(whole_u32)
    } else {
        None
    };
    if length
        .and_then(|n| usize::try_from(n).ok())
        .is_some_and(|n| n > max)
    {
        return Err(too_large(what, max));
    }
    // Characters were counted; UTF-8 may take up to three bytes for one. The text is at most
    // three times the limit, and is refused here.
    let text = json_arg_limited(value, what, max)?;
    if text.len() > max {
        return Err(too_large(what, max));
    }
    Ok(text)
}

/// Is `value` bytes (an `ArrayBuffer`, a typed array, a Node `Buffer`, a `DataView`)?
fn is_bytes(value: &JsValue) -> bool {
    js_sys::ArrayBuffer::is_view(value) || value.dyn_ref::<js_sys::ArrayBuffer>().is_some()
}

/// A preview input object whose `payload` is bytes (a file read as a `Buffer`): a copy with the
/// payload as its UTF-8 text, as `JSON.stringify` would write the bytes as numbers. `None` when
/// nothing needs converting.
fn input_with_text_payload(input: &JsValue) -> Result<Option<JsValue>, JsValue> {
    if !input.is_object() || is_bytes(input) || js_sys::Array::is_array(input) {
        return Ok(None);
    }
    let payload = js_sys::Reflect::get(input, &"payload".into()).unwrap_or(JsValue::UNDEFINED);
    if !is_bytes(&payload) {
        return Ok(None);
    }
    let text = json_arg_max(&payload, "the payload", crate::payload::MAX_PAYLOAD_BYTES)?;
    let copy = js_sys::Object::assign(&js_sys::Object::new(), input.unchecked_ref());
    js_sys::Reflect::set(&copy, &"payload".into(), &JsValue::from_str(&text))?;
    Ok(Some(copy.into()))
}

/// A preview input (or, with `many`, an array of them) with any bytes payload given as its text
/// (see [`input_with_text_payload`]); other values as they are.
pub(crate) fn text_payloads(value: &JsValue, many: bool) -> Result<JsValue, JsValue> {
    if !many {
        return Ok(input_with_text_payload(value)?.unwrap_or_else(|| value.clone()));
    }
    let Some(list) = value.dyn_ref::<js_sys::Array>() else {
        return Ok(value.clone());
    };
    let mut copy: Option<js_sys::Array> = None;
    for i in 0..list.length() {
        let item = list.get(i);
        if let Some(converted) = input_with_text_payload(&item)? {
            let out = copy.get_or_insert_with(|| list.slice(0, list.length()));
            out.set(i, converted);
        }
    }
    Ok(copy.map_or_else(|| value.clone(), JsValue::from))
}

/// The most an options object may be (they hold a few flags).
pub(crate) const MAX_OPTIONS_BYTES: usize = 64 * 1024;

fn too_large(what: &str, max: usize) -> JsValue {
    let help = match what {
        "the describe" => "load one object's describe at a time; a real describe is well under this size",
        "the configuration" => "a real configuration is far smaller; check what produced it",
        "the preview input" => "a OnceHub booking or contact, with the existing records, is a few kilobytes; check what produced this one",
        "the inputs" => "preview the batch in parts (a few thousand inputs each)",
        "the custom fields" => "register the fields in parts, or fewer of them",
        "the record" => "a Salesforce record is a few kilobytes; check what produced it",
        "the payload" => "a OnceHub booking or contact is a few kilobytes; check what produced this one",
        _ => "pass a few flags, as the documentation lists them",
    };
    to_js_error(&EngineError::new(
        ErrorCode::InputTooLarge,
        format!("{what}: more than the {max} bytes allowed"),
        "",
        help,
    ))
}

/// An optional JSON argument (`undefined`/`null` → `None`), with the size limit of
/// [`json_arg_max`].
pub(crate) fn opt_json_arg_max(
    value: &JsValue,
    what: &str,
    max: usize,
) -> Result<Option<String>, JsValue> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        json_arg_max(value, what, max).map(Some)
    }
}

/// An optional options object (at most [`MAX_OPTIONS_BYTES`]) read by `parse`, or the defaults
/// when it is absent.
pub(crate) fn options_arg<T: Default>(
    options: Option<JsValue>,
    parse: impl FnOnce(&str) -> crate::error::Result<T>,
) -> Result<T, JsValue> {
    match opt_json_arg_max(
        &options.unwrap_or(JsValue::UNDEFINED),
        "the options object",
        MAX_OPTIONS_BYTES,
    )? {
        Some(text) => parse(&text).map_err(js_err),
        None => Ok(T::default()),
    }
}

/// Serializes a result to JSON text and lets `JSON.parse` build the JS value: plain objects
/// with own properties only (a key such as `__proto__` stays data, never a prototype).
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    json_to_js(&crate::json::to_json(value).map_err(|e| to_js_error(&e))?)
}

/// [`to_js`] for a result the core already wrote as JSON text.
pub(crate) fn json_to_js(text: &str) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(text)
}

/// Freezes a value produced by [`to_js`] and everything in it, so a cached result can be shared
/// safely. Only plain arrays and objects occur (JSON), a few levels deep.
pub(crate) fn deep_freeze(value: &JsValue) {
    if !value.is_object() {
        return;
    }
    if let Some(array) = value.dyn_ref::<js_sys::Array>() {
        for item in array.iter() {
            deep_freeze(&item);
        }
    } else if let Some(object) = value.dyn_ref::<js_sys::Object>() {
        for item in js_sys::Object::values(object).iter() {
            deep_freeze(&item);
        }
    }
    if let Some(object) = value.dyn_ref::<js_sys::Object>() {
        js_sys::Object::freeze(object);
    }
}
