//! Invariants, checked over generated inputs (proptest) and exhaustively over real describes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    unreachable_pub,
    reason = "test code: a failed unwrap is a failed test"
)]

mod common;

use oncehub_sf_mapping::catalogue::{CustomFieldInput, SourceKind, ValueType};
use oncehub_sf_mapping::config::{
    BookingCalendar, ContactSettings, ContactTarget, Fallback, Mappings, MeetingSettings, Row,
};
use oncehub_sf_mapping::{MappingConfig, Tab};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z_]{1,12}",
        "\\PC{0,20}",
        Just("__proto__".to_string()),
        Just("constructor".to_string()),
        Just("\u{200f}rtl\u{202e}".to_string()),
    ]
}

fn fallback() -> impl Strategy<Value = Fallback> {
    prop_oneof![
        text().prop_map(Fallback::Text),
        any::<i64>().prop_map(|n| Fallback::Number(n.into())),
        (-1.0e12f64..1.0e12).prop_map(|f| Fallback::Number(
            serde_json::Number::from_f64(f).unwrap_or_else(|| 0.into())
        )),
        any::<bool>().prop_map(Fallback::Bool),
    ]
}

fn row() -> impl Strategy<Value = Row> {
    (
        proptest::option::of(text()),
        text(),
        any::<bool>(),
        proptest::option::of(fallback()),
        proptest::option::of(proptest::collection::btree_map(text(), text(), 0..3)),
        proptest::option::of(any::<bool>()),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(
            |(source, target, overwrite, fallback, value_map, truncate, clear_when_empty)| Row {
                source,
                target,
                overwrite,
                fallback,
                value_map,
                truncate,
                clear_when_empty,
            },
        )
}

fn config() -> impl Strategy<Value = MappingConfig> {
    let rows = || proptest::collection::vec(row(), 0..4);
    (
        prop_oneof![
            Just(ContactTarget::Lead),
            Just(ContactTarget::Contact),
            Just(ContactTarget::ContactElseLead)
        ],
        any::<bool>(),
        proptest::collection::vec(text(), 0..3),
        proptest::option::of(any::<bool>()),
        (rows(), rows(), rows(), rows()),
        proptest::option::of(proptest::collection::vec((text(), text()), 0..3)),
        (
            proptest::option::of(text()),
            proptest::option::of(proptest::collection::vec(
                (
                    text(),
                    proptest::option::of(text()),
                    any::<bool>(),
                    proptest::collection::vec(text(), 0..3),
                ),
                0..3,
            )),
        ),
    )
        .prop_map(
            |(
                target,
                create_events,
                case_calendars,
                create_cases,
                (c, l, e, k),
                cals,
                (tz, custom),
            )| {
                MappingConfig {
                    version: 1,
                    contacts: ContactSettings { target },
                    meetings: MeetingSettings {
                        create_events,
                        case_calendars,
                        create_cases,
                    },
                    mappings: Mappings {
                        contacts: c,
                        leads: l,
                        events: e,
                        cases: k,
                    },
                    booking_calendars: cals.map(|v| {
                        v.into_iter()
                            .map(|(id, name)| BookingCalendar { id, name })
                            .collect()
                    }),
                    api_version: None,
                    time_zone: tz,
                    source_fields: custom.map(|v| {
                        v.into_iter()
                            .map(|(id, label, meeting, options)| CustomFieldInput {
                                id,
                                label,
                                kind: meeting.then_some(SourceKind::Meeting),
                                value_type: if options.is_empty() {
                                    ValueType::Text
                                } else {
                                    ValueType::SingleChoice
                                },
                                options,
                                payload_name: None,
                            })
                            .collect()
                    }),
                    field_snapshot: None,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn export_then_import_is_lossless(c in config()) {
        let text = c.export();
        let back = MappingConfig::parse(&text).unwrap();
        prop_assert_eq!(back, c);
    }

    #[test]
    fn validation_is_deterministic_and_never_panics(c in config()) {
        let engine = common::sample_org();
        let a = serde_json::to_string(&engine.validate(&c)).unwrap();
        let b = serde_json::to_string(&engine.validate(&c)).unwrap();
        prop_assert_eq!(a, b);
    }
}

/// Mapping any listed compatible field never yields a type or writability finding, on the
/// sample org and on every real describe of Lead, Contact, Event and Case.
#[test]
fn every_compatible_target_validates_when_mapped() {
    let mut engines = vec![common::sample_org()];
    for (_, text) in common::all_describes() {
        let mut e = oncehub_sf_mapping::Engine::new();
        let s = e.load_describe(&text).unwrap();
        if Tab::for_object(&s.object).is_some() {
            engines.push(e);
        }
    }
    let mut checked = 0;
    for engine in &engines {
        for tab in Tab::ALL {
            if engine.object(tab.object()).is_none() {
                continue;
            }
            for source in engine.source_fields(tab.source_kind()).to_vec() {
                for target in engine.compatible_fields(tab.object(), &source.id).unwrap() {
                    let mut c = MappingConfig::default_config();
                    let rows = c.mappings.rows_mut(tab);
                    rows.retain(|r| r.target != target.name);
                    rows.push(Row::map(&source.id, &target.name, target.updateable));
                    let row_path = format!("/mappings/{}/{}/", tab.key(), rows.len() - 1);
                    let report = engine.validate(&c);
                    for d in report
                        .diagnostics
                        .iter()
                        .filter(|d| d.path.starts_with(&row_path))
                    {
                        assert!(
                            !matches!(
                                d.code,
                                "INCOMPATIBLE_MAPPING"
                                    | "TARGET_NOT_WRITABLE"
                                    | "UNKNOWN_TARGET_FIELD"
                                    | "TARGET_FIELD_WRONG_CASE"
                                    | "UNKNOWN_SOURCE_FIELD"
                                    | "OVERWRITE_NOT_UPDATEABLE"
                            ),
                            "{tab:?} {} → {}: {d:?}",
                            source.id,
                            target.name
                        );
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 1_000, "{checked}");
}

/// A field the dropdown does not list is explained as incompatible, with a reason.
#[test]
fn every_unlisted_field_has_a_reason() {
    let engine = common::sample_org();
    for tab in Tab::ALL {
        let object = engine.object(tab.object()).unwrap().clone();
        for source in engine.source_fields(tab.source_kind()).to_vec() {
            let listed: Vec<String> = engine
                .compatible_fields(tab.object(), &source.id)
                .unwrap()
                .into_iter()
                .map(|c| c.name)
                .collect();
            for f in &object.fields {
                let x = engine.explain(tab.object(), &source.id, &f.name).unwrap();
                assert_eq!(
                    x.compatible,
                    listed.contains(&f.name),
                    "{} {}",
                    source.id,
                    f.name
                );
                assert!(!x.reasons.is_empty());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    /// Field lookup by name without regard to case (a hash table) answers as a scan of the
    /// describe in order would: the first field of that name, whatever the case, or none; and a
    /// name given twice is refused at its second place, with the first.
    #[test]
    fn field_lookup_by_name_matches_a_scan(
        names in proptest::collection::vec("[A-Ba-b_@`]{1,2}|aAbB_@`[ab]{0,3}", 1..60),
        probes in proptest::collection::vec("[A-Ba-b_@`]{1,2}|aAbB_@`[ab]{0,3}", 1..30),
    ) {
        let fields: Vec<serde_json::Value> =
            names.iter().map(|n| common::text_field(n, 10, false)).collect();
        let text = serde_json::json!({ "name": "Visit__c", "fields": fields }).to_string();
        let first_twice = names.iter().enumerate().find_map(|(j, n)| {
            let i = names.iter().position(|m| m.eq_ignore_ascii_case(n))?;
            (i != j).then_some(j)
        });
        match oncehub_sf_mapping::describe::parse::parse_describe(&text) {
            Ok(object) => {
                prop_assert!(first_twice.is_none());
                for probe in probes.iter().chain(&names) {
                    let scan = names.iter().find(|n| n.eq_ignore_ascii_case(probe));
                    prop_assert_eq!(object.field_ci(probe).map(|f| &f.name), scan);
                    let exact = names.iter().find(|n| *n == probe);
                    prop_assert_eq!(object.field(probe).map(|f| &f.name), exact);
                }
            }
            Err(e) => {
                let j = first_twice.expect("only a name given twice is refused");
                prop_assert_eq!(e.path, format!("/fields/{j}/name"));
            }
        }
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "(\\PC|[\\x00-\\x1f\"\\\\\u{7f}\u{2028}])*".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 40, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            proptest::collection::btree_map("(\\PC|[\\x00-\\x1f\"\\\\])*", inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    /// The engine's JSON writer writes what `serde_json` writes, for any JSON value: strings
    /// with quotes, backslashes, control and non-ASCII characters, any number.
    #[test]
    fn the_writer_writes_what_serde_json_writes(v in json_value()) {
        prop_assert_eq!(
            oncehub_sf_mapping::json::to_json(&v).unwrap(),
            serde_json::to_string(&v).unwrap()
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    /// A picklist's entries by value (letter case aside) and by label (loosely), through the
    /// lookup long picklists get: every entry a scan would find is a candidate, in picklist
    /// order, and the entry found is the one a scan finds first.
    #[test]
    fn picklist_lookups_find_what_a_scan_finds(
        entries in proptest::collection::vec(("[aAbBéÉ_ -]{1,4}", "[aAbBéÉ_ -]{1,4}"), 1..80),
        queries in proptest::collection::vec("[aAbBéÉ_ -]{1,4}", 1..20),
    ) {
        use oncehub_sf_mapping::text::{loosely_equal, lower};
        let values: Vec<serde_json::Value> = entries
            .iter()
            .map(|(v, l)| common::picklist_entry(v, l, false, None))
            .collect();
        let text = serde_json::json!({"name": "Visit__c", "fields": [{
            "name": "Kind__c", "type": "picklist", "length": 255, "nillable": true,
            "createable": true, "updateable": true, "defaultedOnCreate": false,
            "restrictedPicklist": false, "picklistValues": values,
        }]})
        .to_string();
        let object = oncehub_sf_mapping::describe::parse::parse_describe(&text).unwrap();
        let field = object.field("Kind__c").unwrap();
        let same = |a: &str, b: &str| a.chars().map(lower).eq(b.chars().map(lower));
        for q in queries.iter().chain(entries.iter().map(|(v, _)| v)) {
            let by_value: Vec<u32> = field.value_candidates(q).map(|(i, _)| i).collect();
            let scan: Vec<u32> = (0..).zip(&entries).filter(|(_, (v, _))| same(v, q)).map(|(i, _)| i).collect();
            prop_assert!(scan.iter().all(|i| by_value.contains(i)), "{q:?}: {scan:?} / {by_value:?}");
            prop_assert!(by_value.windows(2).all(|w| w[0] < w[1]));
            prop_assert_eq!(
                field.picklist_entry(q).map(|e| e.value.as_str()),
                entries.iter().find(|(v, _)| same(v, q)).map(|(v, _)| v.as_str())
            );
            let by_label: Vec<u32> = field.label_candidates(q).map(|(i, _)| i).collect();
            let scan: Vec<u32> = (0..).zip(&entries).filter(|(_, (_, l))| loosely_equal(l, q)).map(|(i, _)| i).collect();
            prop_assert!(scan.iter().all(|i| by_label.contains(i)), "{q:?}: {scan:?} / {by_label:?}");
        }
    }
}
