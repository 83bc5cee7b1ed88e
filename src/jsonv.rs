//! Reading parsed JSON (`serde_json::Value`) into engine types by hand, so every error names the
//! exact JSON pointer, unknown keys are refused with the list of known ones, and no generic
//! deserializer code is duplicated per type.

use crate::error::{pointer_segment, EngineError, ErrorCode, Result};
use serde_json::{Map, Value};

/// Words for a value's JSON type.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A reader bound to one error code and help text (configuration, custom fields, options...).
#[derive(Clone, Copy)]
pub struct Ctx<'h> {
    /// Error code for shape errors.
    pub code: ErrorCode,
    /// Help for shape errors.
    pub help: &'h str,
}

impl Ctx<'_> {
    /// A shape error at `path`.
    pub fn err(&self, path: &str, message: String) -> EngineError {
        EngineError::new(self.code, message, path, self.help)
    }

    /// `v` as an object with only `allowed` keys.
    pub fn object<'v>(
        &self,
        v: &'v Value,
        path: &str,
        what: &str,
        allowed: &[&str],
    ) -> Result<&'v Map<String, Value>> {
        let Value::Object(map) = v else {
            return Err(self.err(path, format!("{what} must be an object, found {}", kind(v))));
        };
        if let Some(key) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(self.err(
                &format!("{path}/{}", pointer_segment(key)),
                format!(
                    "unknown field `{key}` in {what}, expected one of `{}`",
                    allowed.join("`, `")
                ),
            ));
        }
        Ok(map)
    }

    /// A required member.
    pub fn req<'v>(
        &self,
        map: &'v Map<String, Value>,
        key: &str,
        path: &str,
        what: &str,
    ) -> Result<&'v Value> {
        map.get(key)
            .ok_or_else(|| self.err(path, format!("{what} is missing field `{key}`")))
    }

    /// A string.
    pub fn string(&self, v: &Value, path: &str) -> Result<String> {
        v.as_str()
            .map(str::to_string)
            .ok_or_else(|| self.err(path, format!("expected a string, found {}", kind(v))))
    }

    /// A boolean.
    pub fn boolean(&self, v: &Value, path: &str) -> Result<bool> {
        v.as_bool()
            .ok_or_else(|| self.err(path, format!("expected a boolean, found {}", kind(v))))
    }

    /// An array.
    pub fn array<'v>(&self, v: &'v Value, path: &str) -> Result<&'v Vec<Value>> {
        v.as_array()
            .ok_or_else(|| self.err(path, format!("expected an array, found {}", kind(v))))
    }

    /// An optional member (absent or `null` → `None`).
    pub fn opt<'v>(map: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
        map.get(key).filter(|v| !v.is_null())
    }
}
