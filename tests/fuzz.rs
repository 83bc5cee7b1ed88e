//! Fuzzing every export that takes outside input, seeded from the real fixtures and the
//! project's samples. `make test` runs a bounded pass (`FUZZ_CASES`, default 20000);
//! `make fuzz` runs the `#[ignore]`d long pass (`FUZZ_CASES`, default 100000).
//!
//! The promise under test: a coded error or a correct result, never a panic or a hang, and the
//! same `Engine` keeps working after any error.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    unreachable_pub,
    reason = "test code: a failed unwrap is a failed test"
)]

mod common;

use oncehub_sf_mapping::preview::PreviewManyOptions;
use oncehub_sf_mapping::record::RecordOptions;
use oncehub_sf_mapping::{Engine, MappingConfig};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::sync::OnceLock;

fn seeds() -> &'static Vec<String> {
    static SEEDS: OnceLock<Vec<String>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut out: Vec<String> = common::all_describes().into_iter().map(|(_, t)| t).collect();
        for rel in ["oncehub-developer-center/sample_booking_object.json", "oncehub-developer-center/sample_contact_object.json", "oncehub-developer-center/sample_webhook_booking.scheduled_v2_from_webhook-signatures.json", "grouparoo/write_interactions_v42.0.json"] {
            out.push(common::fixture(rel));
        }
        for rel in ["tests/data/configs/default.json", "tests/data/configs/kitchen-sink.json", "tests/data/hostile-describe.json", "www/samples/booking-scheduled.json", "www/samples/booking-canceled.json", "www/samples/booking-bare.json", "www/samples/contact.json"] {
            out.push(common::repo_file(rel));
        }
        // Keep mutation cheap: the large describes are cut to their first 40 KB (still valid
        // prefixes of real text; mutations make them invalid JSON anyway).
        out.into_iter().map(|t| t.chars().take(40_000).collect()).collect()
    })
}

const FRAGMENTS: &[&str] = &[
    "null",
    "true",
    "\"\"",
    "{}",
    "[]",
    "-0",
    "1e999",
    "\"__proto__\"",
    "{\"__proto__\":{\"x\":1}}",
    "\"\\ud800\"",
    "\"\u{200f}\u{202e}\"",
    "\"fields\"",
    "[{\"name\":\"A\",\"type\":\"string\"}]",
    "\"picklistValues\":[{\"value\":null}]",
    "\"validFor\":\"!!\"",
    "\"version\":1",
    "{\"source\":1}",
];

/// A seed text, mutated.
fn mutated() -> impl Strategy<Value = String> {
    (
        0..seeds().len(),
        proptest::collection::vec(
            (
                0usize..1_000_000,
                0usize..4,
                0..FRAGMENTS.len(),
                any::<char>(),
            ),
            1..6,
        ),
    )
        .prop_map(|(i, edits)| {
            let mut chars: Vec<char> = seeds()[i].chars().collect();
            for (pos, kind, frag, ch) in edits {
                if chars.is_empty() {
                    chars.push(ch);
                    continue;
                }
                let p = pos % chars.len();
                match kind {
                    0 => chars.truncate(p),
                    1 => chars[p] = ch,
                    2 => {
                        let f: Vec<char> = FRAGMENTS[frag].chars().collect();
                        chars.splice(p..p, f);
                    }
                    _ => {
                        let end = (p + 200).min(chars.len());
                        let dup: Vec<char> = chars[p..end].to_vec();
                        chars.splice(p..p, dup);
                    }
                }
            }
            chars.into_iter().collect()
        })
}

/// Arbitrary JSON, a few levels deep.
fn json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        any::<f64>().prop_map(|f| serde_json::json!(f)),
        "\\PC{0,12}".prop_map(serde_json::Value::String),
        prop_oneof![
            Just("fields"),
            Just("name"),
            Just("type"),
            Just("version"),
            Just("__proto__"),
            Just("data"),
            Just("object")
        ]
        .prop_map(|s| serde_json::json!(s)),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("name".to_string()),
                    Just("fields".to_string()),
                    Just("type".to_string()),
                    Just("version".to_string()),
                    Just("mappings".to_string()),
                    Just("__proto__".to_string()),
                    "[a-z]{1,8}".prop_map(|s| s)
                ],
                inner,
                0..6
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

fn input() -> impl Strategy<Value = String> {
    prop_oneof![3 => mutated(), 1 => json().prop_map(|v| v.to_string())]
}

fn base_engine() -> Engine {
    common::sample_org()
}

/// Every export that takes outside input, on one text; then the engine must still answer.
fn exercise(engine: &mut Engine, text: &str) {
    let _ = engine.load_describe(text);
    if let Ok(config) = MappingConfig::parse(text) {
        let report = engine.validate(&config);
        assert_eq!(report.valid, report.error_count == 0);
        let _ = engine.export_config(&config);
        let _ = engine.required_fields("Lead", Some(&config));
        // Every hint says why, and a length limit is a length.
        for hint in engine.form_hints(&config) {
            assert!(!hint.reasons.is_empty());
            assert!(hint.max_length.is_none_or(|n| n > 0));
        }
    }
    for object in ["Lead", "Event", "Nope"] {
        for op in [
            oncehub_sf_mapping::record::Operation::Create,
            oncehub_sf_mapping::record::Operation::Update,
        ] {
            let _ = engine.validate_record(object, text, RecordOptions { operation: op });
        }
    }
    if let Ok(fields) = oncehub_sf_mapping::catalogue::CustomFieldInput::parse_list(text) {
        let _ = engine.add_source_fields(fields);
    }
    extra_targets(engine, text);
    // The engine keeps working.
    assert!(!engine
        .compatible_fields("Contact", "email")
        .unwrap()
        .is_empty());
}

/// Payload previews: the text as a whole preview input, and as the payload of one.
fn extra_targets(engine: &mut Engine, text: &str) {
    use oncehub_sf_mapping::preview::PreviewInput;
    let config = MappingConfig::default_config();
    if let Ok(input) = PreviewInput::parse(text) {
        let _ = engine.preview(&config, &input);
    }
    if let Ok(inputs) = PreviewInput::parse_many(text) {
        let _ = engine.preview_many(&config, &inputs, PreviewManyOptions::default());
    }
    if let Ok(payload) = oncehub_sf_mapping::json::parse_value(text, "the payload") {
        let wrapped = serde_json::json!({ "payload": payload }).to_string();
        if let Ok(input) = PreviewInput::parse(&wrapped) {
            let _ = engine.preview(&config, &input);
        }
    }
}

fn cases(default: u32) -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn run(cases: u32) {
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let engine = std::cell::RefCell::new(base_engine());
    let start = std::time::Instant::now();
    runner
        .run(&input(), |text| {
            exercise(&mut engine.borrow_mut(), &text);
            Ok(())
        })
        .unwrap();
    eprintln!(
        "fuzz: {cases} inputs through every export in {:.1?}, no panic",
        start.elapsed()
    );
}

#[test]
fn fuzz_every_export_bounded() {
    // Debug builds (plain `cargo test`) take a short pass; `make test` runs this file in release.
    run(cases(if cfg!(debug_assertions) { 300 } else { 20_000 }));
}

#[test]
#[ignore = "long run: make fuzz"]
fn fuzz_every_export_long() {
    run(cases(100_000));
}

#[test]
fn hostile_text_gets_a_coded_error_or_a_result() {
    let mut e = base_engine();
    let deep_array = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_object = format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    let huge_string = format!("{{\"name\":\"Lead\",\"fields\":[{{\"name\":\"A\",\"type\":\"string\",\"label\":\"{}\"}}]}}", "x".repeat(1 << 20));
    for text in [
        deep_array.as_str(),
        deep_object.as_str(),
        huge_string.as_str(),
        "{\"__proto__\":{\"polluted\":true},\"constructor\":{\"prototype\":{}}}",
        "\"\\ud800\"",
        "\u{feff}{}",
    ] {
        exercise(&mut e, text);
    }
    // Skipped values are checked too: the nesting limit applies everywhere.
    let err = e.load_describe(&deep_object).unwrap_err();
    assert_eq!(
        err.code,
        oncehub_sf_mapping::ErrorCode::NestingTooDeep,
        "{err:?}"
    );
    let deep_fields = format!("{{\"name\":\"Lead\",\"fields\":{deep_array}}}");
    let err = e.load_describe(&deep_fields).unwrap_err();
    assert!(
        matches!(
            err.code,
            oncehub_sf_mapping::ErrorCode::NestingTooDeep
                | oncehub_sf_mapping::ErrorCode::InvalidDescribe
        ),
        "{err:?}"
    );
    let err = MappingConfig::parse(&deep_array).unwrap_err();
    assert_eq!(
        err.code,
        oncehub_sf_mapping::ErrorCode::NestingTooDeep,
        "{err:?}"
    );
    // A 1 MB label is data, and is kept whole.
    let s = e.load_describe(&huge_string).unwrap();
    assert_eq!(s.field_count, 1);
}
