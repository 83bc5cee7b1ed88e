//! The engine's JSON helpers over the reader crate's [`Reader`]: whole values for configurations
//! and records, and results written as text. They are not on a hot path, so they live here,
//! built for size, rather than in the reader crate, built for speed.

pub use oncehub_sf_reader::json::{Kind, Mark, Reader, MAX_DEPTH, R};

use crate::error::{EngineError, ErrorCode};

/// Re-indents compact JSON text (as [`to_json`] writes it) with two spaces, the way
/// `JSON.stringify(v, null, 2)` does: one member per line, `": "` after keys, empty containers
/// kept as `{}` / `[]`.
pub fn indent(compact: &str) -> String {
    let bytes = compact.as_bytes();
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut start = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        let flush =
            |out: &mut String, end: usize| out.push_str(compact.get(start..end).unwrap_or(""));
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                flush(&mut out, i + 1);
                start = i + 1;
                let close = if b == b'{' { b'}' } else { b']' };
                if bytes.get(i + 1) == Some(&close) {
                    out.push(char::from(close));
                    i += 2;
                    start = i;
                    continue;
                }
                depth += 1;
                newline(&mut out, depth);
            }
            b'}' | b']' => {
                flush(&mut out, i);
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(char::from(b));
                start = i + 1;
            }
            b',' => {
                flush(&mut out, i + 1);
                newline(&mut out, depth);
                start = i + 1;
            }
            b':' => {
                flush(&mut out, i + 1);
                out.push(' ');
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(compact.get(start..).unwrap_or(""));
    out
}

/// Compact JSON text of a result. Engine results hold only strings, numbers, booleans, lists
/// and string-keyed maps, so this does not fail; if it ever did, the error says so.
pub fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, EngineError> {
    let mut out = String::with_capacity(128);
    append_json(&mut out, value)?;
    Ok(out)
}

/// [`to_json`] appended to `out`, with no text of its own to copy (a batch writes each result
/// into one buffer).
pub fn append_json<T: serde::Serialize + ?Sized>(
    out: &mut String,
    value: &T,
) -> Result<(), EngineError> {
    oncehub_sf_reader::write::append(out, value).map_err(|e| not_serialized(&e))
}

fn not_serialized(e: &oncehub_sf_reader::write::Error) -> EngineError {
    EngineError::new(
        ErrorCode::InvalidArgument,
        format!("the result could not be serialized: {e}"),
        "",
        "report this with the input that caused it",
    )
}

/// Parses a whole JSON text into a `serde_json::Value` with this reader: the same syntax
/// checks, nesting limit and JSON-pointer errors as describes get. `what` names the input in
/// messages (e.g. "the configuration").
pub fn parse_value(text: &str, what: &str) -> Result<serde_json::Value, EngineError> {
    let mut r = Reader::new(text);
    r.skip_bom();
    let v = value(&mut r).map_err(|mut e| {
        if e.code == ErrorCode::InvalidJson && e.message.starts_with("not valid JSON") {
            e.message = format!("{what} is {}", e.message);
        }
        e
    })?;
    r.end().map_err(|mut e| {
        e.message = format!("{what} is {}", e.message);
        e
    })?;
    Ok(v)
}

/// Reads any value into a `serde_json::Value` (depth is bounded by [`MAX_DEPTH`]).
pub fn value(r: &mut Reader<'_>) -> R<serde_json::Value> {
    r.value_charged(&mut |_| Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indent_matches_json_stringify_with_two_spaces() {
        let compact = r#"{"a":[1,{"b":"x,y:{z}\"q"}],"e":{},"f":[],"g":null}"#;
        let want = "{\n  \"a\": [\n    1,\n    {\n      \"b\": \"x,y:{z}\\\"q\"\n    }\n  ],\n  \"e\": {},\n  \"f\": [],\n  \"g\": null\n}";
        assert_eq!(indent(compact), want);
        let v: serde_json::Value = serde_json::from_str(&indent(compact)).unwrap();
        assert_eq!(
            v,
            serde_json::from_str::<serde_json::Value>(compact).unwrap()
        );
    }

    #[test]
    fn values_parse_like_json_parse() {
        let v = parse_value(
            r#"{"a":[1,-2,3.5,1e2,true,null,"x"],"b":{"c":18446744073709551615}}"#,
            "it",
        )
        .unwrap();
        assert_eq!(v["a"][2], serde_json::json!(3.5));
        assert_eq!(
            v["b"]["c"],
            serde_json::json!(18_446_744_073_709_551_615_u64)
        );
        let e = parse_value("[1e999]", "it").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidJson);
        let e = parse_value("{\"a\":", "the configuration").unwrap_err();
        assert!(
            e.message.starts_with("the configuration is not valid JSON"),
            "{}",
            e.message
        );
    }

    #[test]
    fn pointers_unescape_keys_and_ignore_skipped_levels() {
        let e = parse_value(r#"{"a\/b":{"c\u0041":[1,{"d":tru}]}}"#, "it").unwrap_err();
        assert_eq!(e.path, "/a~1b/cA/1/d");
        let mut r = Reader::new(r#"{"skip":{"x":[1,2]},"k":{"v":[}}"#);
        let e = r
            .object(&mut |r, k| {
                if k == "skip" {
                    r.skip()
                } else {
                    r.object(&mut |r, _| r.skip())
                }
            })
            .unwrap_err();
        assert_eq!(e.path, "/k/v");
    }
}
