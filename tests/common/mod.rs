//! Shared helpers for integration tests: where the real fixtures are, and the sample org.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    unreachable_pub,
    reason = "test code: a failed unwrap is a failed test"
)]
#![allow(dead_code, reason = "each test binary uses a different subset")]

use oncehub_sf_mapping::Engine;
use std::path::PathBuf;

/// `$ONCEHUB_SF_FIXTURES`, or `../shared/fixtures` beside the repository.
pub fn fixtures_dir() -> PathBuf {
    std::env::var_os("ONCEHUB_SF_FIXTURES").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures"),
        PathBuf::from,
    )
}

/// Reads a fixture (relative to the fixtures dir); panics with a clear message if absent.
pub fn fixture(rel: &str) -> String {
    let path = fixtures_dir().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "fixture {} not readable ({e}); set ONCEHUB_SF_FIXTURES to the shared fixtures folder",
            path.display()
        )
    })
}

/// Every JSON file under the fixtures dir that is a describe (has a `fields` array, directly
/// or under `result`), as (relative path, text).
pub fn all_describes() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let root = fixtures_dir();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path).unwrap();
                let v: serde_json::Value = serde_json::from_str(&text).unwrap();
                if v.get("fields").is_some_and(serde_json::Value::is_array)
                    || v.pointer("/result/fields").is_some()
                {
                    let rel = path
                        .strip_prefix(&root)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned();
                    out.push((rel, text));
                }
            }
        }
    }
    out.sort();
    assert!(
        out.len() >= 20,
        "expected the shared describes, found {}",
        out.len()
    );
    out
}

/// The project's own sample org.
pub fn sample_org() -> Engine {
    let mut e = Engine::new();
    for name in ["Lead", "Contact", "Event", "Case"] {
        let path =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("www/sample-org/{name}.json"));
        e.load_describe(&std::fs::read_to_string(path).unwrap())
            .unwrap();
    }
    e
}

/// Reads a file of the repository.
pub fn repo_file(rel: &str) -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// An active picklist entry in the describe format (`validFor` is the dependent picklist's base64
/// bitmap of controlling values).
pub fn picklist_entry(
    value: &str,
    label: &str,
    default: bool,
    valid_for: Option<&str>,
) -> serde_json::Value {
    serde_json::json!({"value": value, "label": label, "active": true, "defaultValue": default, "validFor": valid_for})
}

/// A writable text field in the describe format: `required` fields are not nillable (and not
/// defaulted), so Salesforce requires them on create.
pub fn text_field(name: &str, length: u32, required: bool) -> serde_json::Value {
    serde_json::json!({"name": name, "type": "string", "length": length, "nillable": !required, "createable": true, "updateable": true, "defaultedOnCreate": false})
}

/// Registers custom OnceHub fields, given as their JSON definitions (an array).
pub fn register(engine: &mut Engine, fields: &serde_json::Value) {
    engine
        .add_source_fields(
            oncehub_sf_mapping::catalogue::CustomFieldInput::parse_list(&fields.to_string())
                .unwrap(),
        )
        .unwrap();
}
