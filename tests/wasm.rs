//! The JS boundary, in headless Chromium (wasm-bindgen-test): shapes are plain camelCase
//! objects, errors are real `Error`s with `code`/`path`/`help`, and the engine keeps working
//! after an error. Logic is tested natively; this file only checks the seam.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    unreachable_pub,
    reason = "test code: a failed unwrap is a failed test"
)]
#![cfg(target_arch = "wasm32")]

use js_sys::Reflect;
use oncehub_sf_mapping::wasm::JsEngine;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const LEAD: &str = include_str!("../www/sample-org/Lead.json");
const EVENT: &str = include_str!("../www/sample-org/Event.json");
const HOSTILE: &str = include_str!("data/hostile-describe.json");

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap()
}

fn engine() -> JsEngine {
    let mut e = JsEngine::new();
    e.load_describe(&LEAD.into()).unwrap();
    e.load_describe(&EVENT.into()).unwrap();
    e
}

#[wasm_bindgen_test]
fn load_describe_returns_a_plain_camel_case_object() {
    let mut e = JsEngine::new();
    let s = e.load_describe(&LEAD.into()).unwrap();
    assert_eq!(get(&s, "object").as_string().as_deref(), Some("Lead"));
    assert!(get(&s, "fieldCount").as_f64().unwrap() > 40.0);
    assert_eq!(get(&s, "apiVersion").as_string().as_deref(), Some("62.0"));
    // A plain object: its prototype is Object.prototype (not a Map, not a class instance).
    let proto = js_sys::Object::get_prototype_of(&s);
    let plain = js_sys::Object::get_prototype_of(&js_sys::Object::new());
    assert!(js_sys::Object::is(&proto, &plain));
    assert!(js_sys::Array::is_array(&e.objects().unwrap()));
}

#[wasm_bindgen_test]
fn errors_are_real_errors_with_code_path_and_help() {
    let mut e = engine();
    let err = e.load_describe(&"{\"name\":\"Lead\",\"fields\":[{\"name\":\"A\",\"type\":\"string\",\"createable\":5}]}".into()).unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    let err: js_sys::Error = err.unchecked_into();
    assert_eq!(
        err.name().as_string().as_deref(),
        Some("MappingEngineError")
    );
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("INVALID_DESCRIBE")
    );
    assert_eq!(
        get(&err, "path").as_string().as_deref(),
        Some("/fields/0/createable")
    );
    assert!(!get(&err, "help").as_string().unwrap().is_empty());
    // Wrong argument types are coded errors too, not wasm-bindgen panics.
    let err = e
        .compatible_fields(&JsValue::from_f64(1.0), &"email".into())
        .unwrap_err();
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("INVALID_ARGUMENT")
    );
    let err = e
        .compatible_fields(&"Opportunity".into(), &"email".into())
        .unwrap_err();
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("UNKNOWN_OBJECT")
    );
    // The same engine keeps working.
    let list = e
        .compatible_fields(&"Lead".into(), &"email".into())
        .unwrap();
    assert!(js_sys::Array::from(&list).length() > 3);
}

#[wasm_bindgen_test]
fn configs_go_in_as_objects_or_text_and_come_back_equal() {
    let e = engine();
    let config = e.default_config().unwrap();
    let report = e.validate(&config).unwrap();
    assert!(get(&report, "diagnostics").is_instance_of::<js_sys::Array>());
    let text = e.export_config(&config).unwrap();
    let back = e.parse_config(&text.clone().into()).unwrap();
    assert_eq!(
        js_sys::JSON::stringify(&get(&back, "mappings")).unwrap(),
        js_sys::JSON::stringify(&get(&config, "mappings")).unwrap()
    );
    let err = e.validate(&"{\"version\":2}".into()).unwrap_err();
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("UNSUPPORTED_CONFIG_VERSION")
    );
}

#[wasm_bindgen_test]
fn hostile_keys_stay_data_and_never_touch_prototypes() {
    let mut e = engine();
    e.load_describe(&HOSTILE.into()).unwrap();
    let polluted_before = Reflect::get(&js_sys::Object::new(), &"polluted".into()).unwrap();
    let record = js_sys::JSON::parse(
        "{\"__proto__\":{\"polluted\":true},\"LastName\":\"x\",\"Company\":\"y\"}",
    )
    .unwrap();
    let report = e.validate_record(&"Lead".into(), &record, None).unwrap();
    assert!(get(&report, "diagnostics").is_instance_of::<js_sys::Array>());
    let polluted_after = Reflect::get(&js_sys::Object::new(), &"polluted".into()).unwrap();
    assert!(polluted_before.is_undefined() && polluted_after.is_undefined());
    let fields = e.source_fields(&"contact".into()).unwrap();
    assert!(js_sys::Array::from(&fields).length() > 10);
}
