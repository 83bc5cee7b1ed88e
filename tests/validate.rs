//! `validate` over the configurations in tests/data/configs, snapshotted; and the bad-input
//! contract of configurations.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    unreachable_pub,
    reason = "test code: a failed unwrap is a failed test"
)]

mod common;

use oncehub_sf_mapping::{ErrorCode, MappingConfig};

#[test]
fn validation_reports_snapshot() {
    let engine = common::sample_org();
    insta::glob!("data/configs/*.json", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let config = MappingConfig::parse(&text).unwrap();
        let report = engine.validate(&config);
        insta::assert_json_snapshot!(report);
    });
}

#[test]
fn the_committed_default_matches_default_config() {
    let committed =
        MappingConfig::parse(&common::repo_file("tests/data/configs/default.json")).unwrap();
    assert_eq!(committed, MappingConfig::default_config());
}

#[test]
fn kitchen_sink_reports_every_problem_at_once() {
    let engine = common::sample_org();
    let config =
        MappingConfig::parse(&common::repo_file("tests/data/configs/kitchen-sink.json")).unwrap();
    let report = engine.validate(&config);
    let codes: std::collections::BTreeSet<&str> =
        report.diagnostics.iter().map(|d| d.code).collect();
    for want in [
        "UNKNOWN_TARGET_FIELD",
        "TARGET_FIELD_WRONG_CASE",
        "UNKNOWN_SOURCE_FIELD",
        "INCOMPATIBLE_MAPPING",
        "TARGET_NOT_WRITABLE",
        "DUPLICATE_TARGET",
        // (Not REQUIRED_FIELD_UNMAPPED: its Contacts tab lacks LastName, but under
        // contactElseLead a Contact is only updated. lead-only-missing-required.json has it.)
        "REQUIRED_FIELD_NO_FALLBACK",
        "VALUE_TOO_LONG",
        "VALUE_NOT_IN_PICKLIST",
        "INVALID_EMAIL",
        "NUMBER_OUT_OF_RANGE",
        "INVALID_DATETIME",
        "PLACEHOLDER_FALLBACK",
        "UNMAPPED_CHOICE_OPTIONS",
        "VALUE_MAP_UNKNOWN_OPTION",
        "EVENT_TIMING_UNMAPPED",
        "UNKNOWN_CASE_CALENDAR",
        "DUPLICATE_CASE_CALENDAR",
        "OVERWRITE_NOT_UPDATEABLE",
        "EMPTY_ROW",
        "TRUNCATE_NOT_TEXT",
    ] {
        assert!(codes.contains(want), "{want} missing; got {codes:?}");
    }
    for d in &report.diagnostics {
        assert!(d.path.starts_with('/'), "{d:?}");
        assert!(!d.message.is_empty() && !d.help.is_empty());
        assert!(
            d.message.chars().next().is_some_and(|c| !c.is_uppercase()),
            "lowercase: {}",
            d.message
        );
        assert!(!d.message.contains('\n'));
    }
    assert!(!report.valid);
}

#[test]
fn bad_configs_get_one_clear_error_with_a_path() {
    let cases: &[(&str, ErrorCode, &str)] = &[
        ("{", ErrorCode::InvalidJson, ""),
        ("[]", ErrorCode::InvalidConfig, ""),
        (
            r#"{"version":"1"}"#,
            ErrorCode::UnsupportedConfigVersion,
            "/version",
        ),
        (
            r#"{"version":1,"contacts":{"target":"account"}}"#,
            ErrorCode::InvalidConfig,
            "/contacts/target",
        ),
        (
            r#"{"version":1,"contacts":{"target":"lead"},"meetings":{"createEvents":true,"caseCalendars":[]},"mappings":{"contacts":[],"leads":[{"target":"Email"}],"events":[],"cases":[]}}"#,
            ErrorCode::InvalidConfig,
            "/mappings/leads/0",
        ),
        (
            r#"{"version":1,"contacts":{"target":"lead"},"meetings":{"createEvents":true,"caseCalendars":[]},"mappings":{"contacts":[],"leads":[],"events":[],"cases":[]},"extra":1}"#,
            ErrorCode::InvalidConfig,
            "/extra",
        ),
    ];
    for (text, code, path) in cases {
        let err = MappingConfig::parse(text).unwrap_err();
        assert_eq!(
            (err.code, err.path.as_str()),
            (*code, *path),
            "{text}: {err:?}"
        );
        assert!(!err.help.is_empty());
    }
    // A describe picked where a configuration belongs says what it is.
    for text in [
        common::repo_file("www/sample-org/Lead.json"),
        format!(
            r#"{{"status":0,"result":{}}}"#,
            common::repo_file("www/sample-org/Lead.json")
        ),
    ] {
        let err = MappingConfig::parse(&text).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidConfig);
        assert!(
            err.message.contains("Salesforce describe of `Lead`"),
            "{}",
            err.message
        );
        assert!(err.help.contains("describe"), "{}", err.help);
    }
    // So is a OnceHub webhook.
    let err = MappingConfig::parse(&common::repo_file("www/samples/booking-rescheduled.json"))
        .unwrap_err();
    assert!(
        err.message
            .contains("OnceHub webhook, not a mapping configuration"),
        "{}",
        err.message
    );
}

#[test]
fn ten_thousand_rows_validate_in_bounded_time() {
    let engine = common::sample_org();
    let mut config = MappingConfig::default_config();
    for i in 0..10_000 {
        let row = oncehub_sf_mapping::config::Row::map(
            if i % 2 == 0 { "email" } else { "nope" },
            if i % 3 == 0 { "Email" } else { "Nope__c" },
            false,
        );
        config.mappings.leads.push(row);
    }
    let text = config.export();
    let start = std::time::Instant::now();
    let parsed = MappingConfig::parse(&text).unwrap();
    let report = engine.validate(&parsed);
    assert!(report.diagnostics.len() >= 10_000);
    // A hang guard, not a performance assertion (`make bench` measures speed).
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
}

#[test]
fn suggestions_are_compatible_and_never_replace_rows() {
    let engine = common::sample_org();
    let config = MappingConfig::default_config();
    for tab in oncehub_sf_mapping::Tab::ALL {
        let suggestions =
            oncehub_sf_mapping::suggest::suggest_mappings(&engine, Some(&config), tab).unwrap();
        let mut with = config.clone();
        for s in &suggestions {
            assert!(
                !config
                    .mappings
                    .rows(tab)
                    .iter()
                    .any(|r| r.target == s.row.target),
                "{s:?}"
            );
            assert!((0.0..=1.0).contains(&s.confidence));
            with.mappings.rows_mut(tab).push(s.row.clone());
        }
        let report = engine.validate(&with);
        for d in &report.diagnostics {
            assert!(
                !matches!(
                    d.code,
                    "INCOMPATIBLE_MAPPING"
                        | "TARGET_NOT_WRITABLE"
                        | "UNKNOWN_TARGET_FIELD"
                        | "DUPLICATE_TARGET"
                ),
                "{tab:?}: {d:?}"
            );
        }
    }
    let fresh = oncehub_sf_mapping::suggest::suggest_mappings(
        &engine,
        None,
        oncehub_sf_mapping::Tab::Leads,
    )
    .unwrap();
    let pairs: Vec<(String, String)> = fresh
        .iter()
        .map(|s| (s.row.source.clone().unwrap(), s.row.target.clone()))
        .collect();
    for want in [
        ("mobile_phone", "MobilePhone"),
        ("post_code", "PostalCode"),
        ("job_title", "Title"),
        ("email", "Email"),
    ] {
        assert!(
            pairs.contains(&(want.0.to_string(), want.1.to_string())),
            "{want:?} in {pairs:?}"
        );
    }
}

/// Nothing is quadratic in fields or rows: 5,000 fields and 5,000 rows, end to end.
#[test]
fn five_thousand_fields_and_rows_stay_fast() {
    let mut fields = vec![
        common::text_field("LastName", 80, true),
        common::text_field("Company", 255, true),
    ];
    for i in 0..4_998 {
        fields.push(serde_json::json!({"name": format!("Field_{i}__c"), "label": format!("Field {i}"), "type": "string", "length": 255, "nillable": true, "createable": true, "updateable": true, "defaultedOnCreate": false}));
    }
    let describe = serde_json::json!({"name": "Lead", "fields": fields}).to_string();
    let mut config = MappingConfig::default_config();
    config.contacts.target = oncehub_sf_mapping::config::ContactTarget::Lead;
    config.mappings.leads = (0..5_000)
        .map(|i| {
            oncehub_sf_mapping::config::Row::map(
                "company",
                &format!("Field_{}__c", i % 4_998),
                false,
            )
        })
        .collect();
    let start = std::time::Instant::now();
    let mut engine = oncehub_sf_mapping::Engine::new();
    engine.load_describe(&describe).unwrap();
    assert_eq!(
        engine.compatible_fields("Lead", "company").unwrap().len(),
        5_000
    );
    let report = engine.validate(&config);
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.code == "DUPLICATE_TARGET"));
    let payload = common::repo_file("www/samples/contact.json");
    let input =
        oncehub_sf_mapping::preview::PreviewInput::parse(&format!("{{\"payload\":{payload}}}"))
            .unwrap();
    let preview = engine.preview(&config, &input).unwrap();
    assert!(preview.trace.as_ref().is_some_and(|t| !t.is_empty()));
    // 2,000 custom OnceHub fields whose labels match unmapped fields: suggestions try each
    // candidate row alone, not against all 5,000 rows.
    let custom: Vec<serde_json::Value> = (0..2_000)
        .map(|i| serde_json::json!({"id": format!("custom.f{i}"), "label": format!("Field {}", 2_998 + i % 2_000), "type": "text"}))
        .collect();
    common::register(&mut engine, &serde_json::Value::from(custom));
    let mut used = config.clone();
    used.mappings.leads.truncate(2_998);
    let suggestions = oncehub_sf_mapping::suggest::suggest_mappings(
        &engine,
        Some(&used),
        oncehub_sf_mapping::config::Tab::Leads,
    )
    .unwrap();
    assert!(suggestions.len() >= 1_000, "{}", suggestions.len());
    let elapsed = start.elapsed();
    eprintln!("5,000 fields + 5,000 rows: load, list, validate, preview, suggest in {elapsed:?}");
    // A hang guard (debug build, busy CI); `make bench` holds the speed figures.
    assert!(elapsed.as_secs() < 10, "{elapsed:?}");
}

/// Suggestions for custom OnceHub fields whose names only resemble field names (`field_12_x`
/// and `Field_12__c`, in an org whose 5,000 field names all share a prefix) look up the similar
/// names instead of testing every field for every OnceHub field.
#[test]
fn similar_name_suggestions_among_many_fields_stay_fast() {
    let text = |name: String| common::text_field(&name, 255, false);
    let mut fields = vec![text("LastName".into()), text("Company".into())];
    fields.extend((0..4_996).map(|i| text(format!("Field_{i}__c"))));
    fields.extend([text("Abudgetsz__c".into()), text("Budgets__c".into())]);
    let mut engine = oncehub_sf_mapping::Engine::new();
    engine
        .load_describe(&serde_json::json!({"name": "Lead", "fields": fields}).to_string())
        .unwrap();
    let custom: Vec<serde_json::Value> = (0..1_999)
        .map(|i| serde_json::json!({"id": format!("custom.field_{i}_x"), "label": format!("Other {i}"), "type": "text"}))
        .chain([serde_json::json!({"id": "custom.budget", "type": "text"})])
        .collect();
    common::register(&mut engine, &serde_json::Value::from(custom));
    let mut config = MappingConfig::default_config();
    config.contacts.target = oncehub_sf_mapping::config::ContactTarget::Lead;
    let start = std::time::Instant::now();
    let suggestions = oncehub_sf_mapping::suggest::suggest_mappings(
        &engine,
        Some(&config),
        oncehub_sf_mapping::config::Tab::Leads,
    )
    .unwrap();
    let elapsed = start.elapsed();
    let similar = |i: usize| {
        suggestions
            .iter()
            .find(|s| s.row.source.as_deref() == Some(format!("custom.field_{i}_x").as_str()))
    };
    // `field12x` holds `field12` and `field1`: the closer name is proposed.
    let s = similar(12).unwrap();
    assert_eq!(s.row.target, "Field_12__c");
    assert!(s.reason.contains("similar names"), "{}", s.reason);
    let budget = suggestions
        .iter()
        .find(|s| s.row.source.as_deref() == Some("custom.budget"))
        .unwrap();
    assert_eq!(budget.row.target, "Budgets__c");
    assert!(suggestions.len() >= 1_000, "{}", suggestions.len());
    eprintln!("2,000 similar-name suggestions among 5,000 fields in {elapsed:?}");
    // A hang guard (debug build, busy CI): every field was tested for every OnceHub field.
    assert!(elapsed.as_secs() < 5, "{elapsed:?}");
}

/// "Did you mean" over thousands of field names that share a long prefix (as a managed
/// package's do), at Salesforce's longest name and far past it: each name gets its hint, and
/// the searches stay bounded (the shared start and end cost nothing; a cell budget bounds the
/// rest).
#[test]
fn did_you_mean_among_long_similar_names_stays_fast() {
    for len in [36, 120] {
        let prefix: String = "Marketing_Lead_Score_Component_"
            .chars()
            .cycle()
            .take(len)
            .collect();
        let text = |name: String, required: bool| common::text_field(&name, 255, required);
        let mut fields = vec![text("LastName".into(), true), text("Company".into(), true)];
        fields.extend((0..4_900).map(|i| text(format!("{prefix}{i:04}__c"), false)));
        let mut engine = oncehub_sf_mapping::Engine::new();
        engine
            .load_describe(&serde_json::json!({"name": "Lead", "fields": fields}).to_string())
            .unwrap();
        let mut config = MappingConfig::default_config();
        config.contacts.target = oncehub_sf_mapping::config::ContactTarget::Lead;
        let first = config.mappings.leads.len();
        config.mappings.leads.extend((0..100).map(|i| {
            oncehub_sf_mapping::config::Row::map("company", &format!("{prefix}X{i:04}x__c"), false)
        }));
        let start = std::time::Instant::now();
        let report = engine.validate(&config);
        let elapsed = start.elapsed();
        let hint = |i: usize| {
            report
                .diagnostics
                .iter()
                .find(|d| {
                    d.code == "UNKNOWN_TARGET_FIELD"
                        && d.path == format!("/mappings/leads/{}/target", first + i)
                })
                .map(|d| d.help.clone())
                .unwrap_or_default()
        };
        assert!(
            hint(7).contains(&format!("`{prefix}0007__c`")),
            "{}",
            hint(7)
        );
        // (The default rows' unknown targets take a few of the call's 100 searches.)
        assert!(
            hint(90).contains(&format!("`{prefix}0090__c`")),
            "{}",
            hint(90)
        );
        eprintln!("100 unknown names among 4,900 names of {len}+ chars: {elapsed:?}");
        // A hang guard (debug build, busy CI): this took 10 s in a release build.
        assert!(elapsed.as_secs() < 5, "{elapsed:?}");
    }
}

/// Rows whose OnceHub field is unknown, among thousands of registered custom fields: each gets
/// its "did you mean" through one index, not a scan of every field.
#[test]
fn unknown_sources_among_many_custom_fields_stay_fast() {
    let mut engine = common::sample_org();
    let custom: Vec<serde_json::Value> = (0..2_000)
        .map(|i| serde_json::json!({"id": format!("custom.answer_{i}"), "type": "text"}))
        .collect();
    common::register(&mut engine, &serde_json::Value::from(custom));
    let mut config = MappingConfig::default_config();
    config.mappings.events = (0..5_000)
        .map(|i| {
            oncehub_sf_mapping::config::Row::map(&format!("custom.Answer{i}"), "Description", false)
        })
        .collect();
    let start = std::time::Instant::now();
    let report = engine.validate(&config);
    let elapsed = start.elapsed();
    let help = |i: usize| {
        report
            .diagnostics
            .iter()
            .find(|d| {
                d.code == "UNKNOWN_SOURCE_FIELD" && d.path == format!("/mappings/events/{i}/source")
            })
            .map(|d| d.help.clone())
            .unwrap_or_default()
    };
    // Meeting rows: the custom fields are contact fields, so no hint names them.
    assert!(!help(12).contains("custom.answer_12"), "{}", help(12));
    config.mappings.contacts = config.mappings.events.split_off(0);
    let report = engine.validate(&config);
    let hint = report
        .diagnostics
        .iter()
        .find(|d| d.code == "UNKNOWN_SOURCE_FIELD" && d.path == "/mappings/contacts/12/source")
        .map(|d| d.help.clone())
        .unwrap_or_default();
    assert_eq!(hint, "did you mean `custom.answer_12`?");
    eprintln!("5,000 unknown OnceHub fields among 2,000 custom fields: {elapsed:?}");
    // A hang guard (debug build, busy CI): every row scanned every field.
    assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
}

/// requiredFields says how a config meets each field the way validate reads it: target names in
/// any letter case, and a blank fallback is no value.
#[test]
fn required_fields_agree_with_validate() {
    use oncehub_sf_mapping::config::{Fallback, Row, Tab};
    use oncehub_sf_mapping::engine::Satisfied;
    let engine = common::sample_org();
    let mut config = MappingConfig::default_config();
    config.contacts.target = oncehub_sf_mapping::config::ContactTarget::Lead;
    config
        .mappings
        .leads
        .retain(|r| r.target != "LastName" && r.target != "Company");
    config
        .mappings
        .leads
        .push(Row::map("last_name_or_name", "lastname", false));
    let mut company = Row::fixed("Company", "  ", false);
    company.fallback = Some(Fallback::Text("  ".to_string()));
    config.mappings.leads.push(company);
    let status = |config: &MappingConfig, name: &str| {
        engine
            .required_fields("Lead", Some(config))
            .unwrap()
            .into_iter()
            .find(|r| r.name == name)
            .unwrap()
            .satisfied_by
    };
    // Mapped from a field that can be empty, without a fallback: not met, as validate says.
    assert_eq!(status(&config, "LastName"), None);
    assert_eq!(status(&config, "Company"), None);
    let codes: Vec<_> = engine
        .validate(&config)
        .diagnostics
        .into_iter()
        .filter(|d| d.tab == Some(Tab::Leads))
        .map(|d| d.code)
        .collect();
    assert!(codes.contains(&"REQUIRED_FIELD_NO_FALLBACK"), "{codes:?}");
    // With a fallback it is met; from a meeting field every booking has, a mapping alone is.
    for r in &mut config.mappings.leads {
        if r.target == "lastname" {
            r.fallback = Some(Fallback::Text("[not provided]".to_string()));
        }
    }
    assert_eq!(
        status(&config, "LastName"),
        Some(Satisfied::MappingWithFallback)
    );
    let events = engine.required_fields("Event", Some(&config)).unwrap();
    let start = events.iter().find(|r| r.name == "StartDateTime");
    assert!(start.is_none_or(|r| r.satisfied_by == Some(Satisfied::Mapping)));
    // A OnceHub field the target cannot take meets nothing; with a fallback, the fallback does.
    for r in &mut config.mappings.events {
        if r.target == "DurationInMinutes" || r.target == "EndDateTime" {
            r.source = Some("subject".to_string());
        }
    }
    let duration = |config: &MappingConfig| {
        engine
            .required_fields("Event", Some(config))
            .unwrap()
            .into_iter()
            .find(|r| r.name == "DurationInMinutes")
            .map(|r| r.satisfied_by)
    };
    assert_eq!(duration(&config), Some(None));
    for r in &mut config.mappings.events {
        if r.target == "DurationInMinutes" || r.target == "EndDateTime" {
            r.fallback = Some(Fallback::Number(30.into()));
        }
    }
    assert!(
        matches!(
            duration(&config),
            Some(Some(Satisfied::Fallback | Satisfied::Alternative))
        ),
        "{:?}",
        duration(&config)
    );
}

#[test]
fn an_all_day_event_is_timed_by_its_activity_date() {
    use oncehub_sf_mapping::config::Row;
    let engine = common::sample_org();
    let mut config = MappingConfig::default_config();
    config.mappings.events.retain(|r| {
        !["StartDateTime", "EndDateTime", "DurationInMinutes"].contains(&r.target.as_str())
    });
    config
        .mappings
        .events
        .push(Row::map("start_date", "ActivityDate", true));
    config
        .mappings
        .events
        .push(Row::fixed("IsAllDayEvent", "true", true));
    let report = engine.validate(&config);
    assert!(
        !report
            .diagnostics
            .iter()
            .any(|d| d.code == "EVENT_TIMING_UNMAPPED"),
        "{:#?}",
        report.diagnostics
    );
    // requiredFields agrees: both Event rules are met.
    for r in engine.required_fields("Event", Some(&config)).unwrap() {
        assert!(r.satisfied_by.is_some(), "{} unmet", r.name);
    }
}

#[test]
#[expect(clippy::too_many_lines, reason = "one Event timing case after another")]
fn event_timing_rows_that_salesforce_would_refuse_on_every_booking() {
    use oncehub_sf_mapping::config::Row;
    let engine = common::sample_org();
    let codes_of = |config: &MappingConfig| -> Vec<(&'static str, String)> {
        engine
            .validate(config)
            .diagnostics
            .into_iter()
            .map(|d| (d.code, d.path))
            .collect()
    };
    // ActivityDateTime from another time than the start: never equal to StartDateTime.
    let mut config = MappingConfig::default_config();
    config
        .mappings
        .events
        .push(Row::map("creation_time", "ActivityDateTime", true));
    let n = config.mappings.events.len() - 1;
    assert!(
        codes_of(&config).contains(&(
            "EVENT_TIMES_DISAGREE",
            format!("/mappings/events/{n}/source")
        )),
        "{:?}",
        codes_of(&config)
    );
    // The start's own date is fine.
    let mut config = MappingConfig::default_config();
    config
        .mappings
        .events
        .push(Row::map("start_date", "ActivityDate", true));
    assert!(!codes_of(&config)
        .iter()
        .any(|(c, _)| *c == "EVENT_TIMES_DISAGREE"));
    // Clearing the start of a timed Event.
    let mut config = MappingConfig::default_config();
    for r in &mut config.mappings.events {
        if r.target == "StartDateTime" {
            r.clear_when_empty = Some(true);
        }
    }
    assert!(codes_of(&config)
        .iter()
        .any(|(c, p)| *c == "RECORD_CLEARS_REQUIRED" && p.ends_with("/clearWhenEmpty")));
    // Clearing the end alone keeps the duration Salesforce has: as validateRecord judges
    // `{"EndDateTime": null}`, no finding; clearing both end and duration is one.
    let mut config = MappingConfig::default_config();
    let set_clear = |config: &mut MappingConfig, target: &str| {
        for r in &mut config.mappings.events {
            if r.target == target {
                r.clear_when_empty = Some(true);
            }
        }
    };
    set_clear(&mut config, "EndDateTime");
    let clears = |config: &MappingConfig| {
        codes_of(config)
            .iter()
            .filter(|(c, _)| *c == "RECORD_CLEARS_REQUIRED")
            .count()
    };
    assert_eq!(clears(&config), 0, "{:?}", codes_of(&config));
    config
        .mappings
        .events
        .push(Row::map("duration_minutes", "DurationInMinutes", true));
    set_clear(&mut config, "DurationInMinutes");
    assert_eq!(clears(&config), 2, "{:?}", codes_of(&config));
    // A start row next to an ActivityDateTime start row with overwrite off: StartDateTime
    // moves the Event, so nothing is mixed.
    let mut config = MappingConfig::default_config();
    config
        .mappings
        .events
        .push(Row::map("starting_time", "ActivityDateTime", false));
    assert!(!codes_of(&config)
        .iter()
        .any(|(c, _)| *c == "EVENT_TIMING_OVERWRITE_MIXED"));
    // ActivityDateTime as the start: a fixed ActivityDate cannot match it.
    let mut config = MappingConfig::default_config();
    for r in &mut config.mappings.events {
        if r.target == "StartDateTime" {
            r.target = "ActivityDateTime".to_string();
        }
    }
    config
        .mappings
        .events
        .push(Row::fixed("ActivityDate", "2024-01-01", true));
    assert!(codes_of(&config)
        .iter()
        .any(|(c, _)| *c == "EVENT_TIMES_DISAGREE"));
    // A start from another time beside the booking's end and duration: they never add up.
    let mut config = MappingConfig::default_config();
    for r in &mut config.mappings.events {
        if r.target == "StartDateTime" {
            r.source = Some("creation_time".to_string());
        }
    }
    if !config
        .mappings
        .events
        .iter()
        .any(|r| r.target == "DurationInMinutes")
    {
        config
            .mappings
            .events
            .push(Row::map("duration_minutes", "DurationInMinutes", true));
    }
    assert!(
        codes_of(&config)
            .iter()
            .any(|(c, p)| *c == "EVENT_TIMES_DISAGREE" && p.ends_with("/source")),
        "{:?}",
        codes_of(&config)
    );
    // Every timing row with overwrite off: a reschedule never moves the Event.
    let mut config = MappingConfig::default_config();
    for r in &mut config.mappings.events {
        if ["StartDateTime", "EndDateTime", "DurationInMinutes"].contains(&r.target.as_str()) {
            r.overwrite = false;
        }
    }
    assert!(codes_of(&config)
        .iter()
        .any(|(c, p)| *c == "EVENT_TIMING_NOT_UPDATED" && p.ends_with("/overwrite")));
    // ActivityDateTime as the start, kept on reschedule while the end moves.
    let mut config = MappingConfig::default_config();
    for r in &mut config.mappings.events {
        if r.target == "StartDateTime" {
            r.target = "ActivityDateTime".to_string();
            r.overwrite = false;
        }
        if r.target == "EndDateTime" || r.target == "DurationInMinutes" {
            r.overwrite = true;
        }
    }
    assert!(codes_of(&config)
        .iter()
        .any(|(c, _)| *c == "EVENT_TIMING_OVERWRITE_MIXED"));
}

#[test]
fn a_link_the_integration_sets_must_be_in_the_describe() {
    // Field-level security hides Event.WhoId from the integration's user: no Event can be
    // linked to its person.
    let mut engine = oncehub_sf_mapping::Engine::new();
    for o in ["Lead", "Contact", "Case"] {
        engine
            .load_describe(&common::repo_file(&format!("www/sample-org/{o}.json")))
            .unwrap();
    }
    let mut event: serde_json::Value =
        serde_json::from_str(&common::repo_file("www/sample-org/Event.json")).unwrap();
    event["fields"]
        .as_array_mut()
        .unwrap()
        .retain(|f| f["name"] != "WhoId");
    engine.load_describe(&event.to_string()).unwrap();
    let config = MappingConfig::default_config();
    let report = engine.validate(&config);
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.code == "LINK_FIELD_NOT_WRITABLE" && d.path == "/meetings/createEvents"),
        "{:#?}",
        report.diagnostics
    );
    let p = engine
        .preview(
            &config,
            &oncehub_sf_mapping::preview::PreviewInput::new(
                serde_json::from_str(&common::repo_file("www/samples/booking-scheduled.json"))
                    .unwrap(),
            ),
        )
        .unwrap();
    assert!(p
        .diagnostics
        .iter()
        .any(|d| d.code == "LINK_FIELD_NOT_WRITABLE" && d.path.ends_with("/body/WhoId")));
    // Present but not createable: the same.
    for f in event["fields"].as_array_mut().unwrap() {
        if f["name"] == "OwnerId" {
            f["name"] = serde_json::json!("WhoId");
            f["createable"] = serde_json::json!(false);
        }
    }
    engine.load_describe(&event.to_string()).unwrap();
    let report = engine.validate(&config);
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == "LINK_FIELD_NOT_WRITABLE")
        .unwrap();
    assert!(
        d.message.contains("cannot be set on create"),
        "{}",
        d.message
    );
    // A Case describe without ContactId, but a Cases tab without rows: no Case, no link.
    let engine = sample_org_with_camel_case();
    let mut config = MappingConfig::default_config();
    config.contacts.target = oncehub_sf_mapping::config::ContactTarget::Contact;
    config.meetings.case_calendars = vec!["BKC-K3PZ8R6WN1".to_string()];
    config.mappings.cases.clear();
    assert!(!engine
        .validate(&config)
        .diagnostics
        .iter()
        .any(|d| d.code == "LINK_FIELD_NOT_WRITABLE"));
}

#[test]
fn a_latitude_needs_a_longitude_row() {
    use oncehub_sf_mapping::config::Row;
    let engine = common::sample_org();
    let mut config = MappingConfig::default_config();
    config.contacts.target = oncehub_sf_mapping::config::ContactTarget::Lead;
    config
        .mappings
        .leads
        .push(Row::fixed("Latitude", "42.65", true));
    let n = config.mappings.leads.len() - 1;
    let found: Vec<(&str, String)> = engine
        .validate(&config)
        .diagnostics
        .into_iter()
        .filter(|d| d.code == "COORDINATE_WITHOUT_PAIR")
        .map(|d| (d.code, d.path))
        .collect();
    assert_eq!(
        found,
        [(
            "COORDINATE_WITHOUT_PAIR",
            format!("/mappings/leads/{n}/target")
        )]
    );
    config
        .mappings
        .leads
        .push(Row::fixed("Longitude", "-73.75", true));
    assert!(!engine
        .validate(&config)
        .diagnostics
        .iter()
        .any(|d| d.code == "COORDINATE_WITHOUT_PAIR"));
    // A latitude from a OnceHub field that can be empty beside a fixed longitude: a warning.
    config.mappings.leads[n] = Row::map("employees", "Latitude", true);
    let found: Vec<_> = engine
        .validate(&config)
        .diagnostics
        .into_iter()
        .filter(|d| d.code == "COORDINATE_WITHOUT_PAIR")
        .map(|d| (d.severity, d.path))
        .collect();
    assert_eq!(
        found,
        [(
            oncehub_sf_mapping::diagnostic::Severity::Warning,
            format!("/mappings/leads/{n}/fallback")
        )]
    );
}

/// The sample org with the Apache Camel Case describe (API 34), which lacks the Supplied* fields
/// the default Cases rows map.
fn sample_org_with_camel_case() -> oncehub_sf_mapping::Engine {
    let mut engine = common::sample_org();
    engine
        .load_describe(&common::fixture("apache-camel/case.json"))
        .unwrap();
    engine
}

#[test]
fn the_default_configuration_fits_the_loaded_describes() {
    let engine = sample_org_with_camel_case();
    let case = engine.object("Case").unwrap();
    let fitted = engine.default_config();
    let full = MappingConfig::default_config();
    let dropped: Vec<&str> = full
        .mappings
        .cases
        .iter()
        .map(|r| r.target.as_str())
        .filter(|t| !fitted.mappings.cases.iter().any(|r| r.target == *t))
        .collect();
    assert!(!dropped.is_empty());
    for t in &dropped {
        assert!(
            case.field_ci(t)
                .is_none_or(|f| f.createable == Some(false) && f.updateable == Some(false)),
            "{t} was left out although Case can write it"
        );
    }
    // The other tabs' objects have every default field.
    assert_eq!(fitted.mappings.leads, full.mappings.leads);
    assert_eq!(fitted.mappings.events, full.mappings.events);
    let report = engine.validate(&fitted);
    assert_eq!(report.error_count, 0, "{:#?}", report.diagnostics);
    // Without the describes, nothing is left out.
    assert_eq!(
        oncehub_sf_mapping::engine::Engine::new().default_config(),
        full
    );
}

#[test]
fn the_default_configuration_fits_person_accounts_and_create_only_fields() {
    // A Person Account org lets a Lead's `Company` be empty (such a Lead converts to a Person
    // Account), and field-level security can make Event `Subject` create-only.
    let mut lead: serde_json::Value =
        serde_json::from_str(&common::repo_file("www/sample-org/Lead.json")).unwrap();
    let mut event: serde_json::Value =
        serde_json::from_str(&common::repo_file("www/sample-org/Event.json")).unwrap();
    for (describe, name, key, value) in [
        (&mut lead, "Company", "nillable", true),
        (&mut event, "Subject", "updateable", false),
    ] {
        let field = describe["fields"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|f| f["name"] == name)
            .unwrap();
        field[key] = serde_json::Value::Bool(value);
    }
    let mut engine = common::sample_org();
    engine.load_describe(&lead.to_string()).unwrap();
    engine.load_describe(&event.to_string()).unwrap();
    let fitted = engine.default_config();
    let row = |rows: &[oncehub_sf_mapping::config::Row], target: &str| {
        rows.iter().find(|r| r.target == target).cloned().unwrap()
    };
    assert_eq!(row(&fitted.mappings.leads, "Company").fallback, None);
    assert!(row(&fitted.mappings.leads, "LastName").fallback.is_some());
    assert!(!row(&fitted.mappings.events, "Subject").overwrite);
    let report = engine.validate(&fitted);
    assert_eq!(
        (report.error_count, report.warning_count),
        (0, 0),
        "{:#?}",
        report.diagnostics
    );
}

#[test]
fn findings_on_a_tab_not_in_use_stop_nothing() {
    let engine = sample_org_with_camel_case();
    let config = MappingConfig::default_config();
    assert!(config.meetings.case_calendars.is_empty());
    let report = engine.validate(&config);
    assert_eq!(report.error_count, 0, "{:#?}", report.diagnostics);
    let cases: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "UNKNOWN_TARGET_FIELD")
        .collect();
    assert!(!cases.is_empty());
    assert!(cases
        .iter()
        .all(|d| d.message.contains("the Cases tab is not in use")));
    // Selecting a calendar puts the tab in use: the same findings are errors.
    let mut on = config.clone();
    on.meetings.case_calendars = vec!["BKC-K3PZ8R6WN1".to_string()];
    let report = engine.validate(&on);
    // And this Case describe lacks `ContactId`, which links a Contact's Case.
    assert_eq!(
        report.error_count,
        cases.len() + 1,
        "{:#?}",
        report.diagnostics
    );
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.code == "LINK_FIELD_NOT_WRITABLE" && d.path == "/meetings/caseCalendars"));
    assert!(cases.iter().all(|d| d.prevents.is_none()));
    // Events off, and the Contacts tab when only Leads are written: the same.
    let mut off = MappingConfig::default_config();
    off.meetings.create_events = false;
    off.contacts.target = oncehub_sf_mapping::config::ContactTarget::Lead;
    off.mappings
        .events
        .push(oncehub_sf_mapping::config::Row::map(
            "subject",
            "NoSuchField__c",
            true,
        ));
    off.mappings
        .contacts
        .push(oncehub_sf_mapping::config::Row::map(
            "email",
            "NoSuchField__c",
            false,
        ));
    let report = common::sample_org().validate(&off);
    assert_eq!(report.error_count, 0, "{:#?}", report.diagnostics);
    for tab in ["Events", "Contacts"] {
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.code == "UNKNOWN_TARGET_FIELD"
                    && d.message.contains(&format!("the {tab} tab is not in use"))),
            "{tab}: {:#?}",
            report.diagnostics
        );
    }
}

#[test]
fn a_picklist_that_got_shorter_is_drift_for_free_text_only() {
    use oncehub_sf_mapping::config::Row;
    // The same Lead in two real orgs: LeadSource holds 255 characters in one (API 59) and 40 in
    // the other (API 42).
    let mut v59 = oncehub_sf_mapping::Engine::new();
    v59.load_describe(&common::fixture(
        "cumulusci/GET_sobjects_Lead_describe.body.json",
    ))
    .unwrap();
    let mut config = MappingConfig::default_config();
    config.contacts.target = oncehub_sf_mapping::config::ContactTarget::Lead;
    config
        .mappings
        .leads
        .push(Row::map("job_title", "LeadSource", false));
    let saved = MappingConfig::parse(&v59.export_config(&config).unwrap()).unwrap();
    let mut v42 = oncehub_sf_mapping::Engine::new();
    v42.load_describe(&common::fixture("grouparoo/Lead_describe_v42.0.json"))
        .unwrap();
    let report = v42.validate(&saved);
    let shrunk: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "DRIFT_LENGTH_SHRUNK")
        .collect();
    assert_eq!(shrunk.len(), 1, "{:#?}", report.diagnostics);
    assert!(
        shrunk[0].message.contains("LeadSource"),
        "{}",
        shrunk[0].message
    );
    // A fixed picklist value is judged as a value, not by the length.
    let mut fixed = MappingConfig::default_config();
    fixed.contacts.target = oncehub_sf_mapping::config::ContactTarget::Lead;
    fixed
        .mappings
        .leads
        .push(Row::fixed("LeadSource", "Web", false));
    let saved = MappingConfig::parse(&v59.export_config(&fixed).unwrap()).unwrap();
    assert!(!v42
        .validate(&saved)
        .diagnostics
        .iter()
        .any(|d| d.code == "DRIFT_LENGTH_SHRUNK"));
}

#[test]
fn custom_fields_travel_with_the_exported_configuration() {
    use oncehub_sf_mapping::catalogue::CustomFieldInput;
    use oncehub_sf_mapping::config::Row;
    let mut engine = common::sample_org();
    let defs = CustomFieldInput::parse_list(
        r#"[{"id": "custom.industry", "type": "singleChoice", "options": ["Retail", "Tech"], "payloadName": "Industry", "label": "Industry"},
            {"id": "custom.room", "type": "text", "kind": "meeting"}]"#,
    )
    .unwrap();
    engine.add_source_fields(defs.clone()).unwrap();
    let mut config = MappingConfig::default_config();
    config
        .mappings
        .leads
        .push(Row::map("custom.industry", "Industry", true));
    let text = engine.export_config(&config).unwrap();
    let back = MappingConfig::parse(&text).unwrap();
    let mut want = defs;
    want[1].payload_name = Some("room".into()); // the default payload name, written out
    assert_eq!(back.source_fields.as_deref(), Some(&want[..]), "{text}");
    // Imported where they are not registered: the row's finding says where they are defined.
    let fresh = common::sample_org();
    let d = fresh
        .validate(&back)
        .diagnostics
        .into_iter()
        .find(|d| d.code == "UNKNOWN_SOURCE_FIELD")
        .unwrap();
    assert!(d.help.contains("sourceFields"), "{}", d.help);
    // Registered from the configuration, the rows validate as before.
    let mut again = common::sample_org();
    again
        .add_source_fields(back.source_fields.clone().unwrap())
        .unwrap();
    assert!(!again
        .validate(&back)
        .diagnostics
        .iter()
        .any(|d| d.code == "UNKNOWN_SOURCE_FIELD"));
}

#[test]
fn an_imported_configuration_keeps_its_own_custom_fields_on_export() {
    use oncehub_sf_mapping::catalogue::CustomFieldInput;
    // An engine with another custom field exports a configuration that defines its own.
    let mut engine = common::sample_org();
    engine
        .add_source_fields(
            CustomFieldInput::parse_list(r#"[{"id": "custom.team_size", "type": "number"}]"#)
                .unwrap(),
        )
        .unwrap();
    let mut config = MappingConfig::default_config();
    config.source_fields = Some(
        CustomFieldInput::parse_list(
            r#"[{"id": "custom.industry", "type": "text", "payloadName": "Industry"}]"#,
        )
        .unwrap(),
    );
    let back = MappingConfig::parse(&engine.export_config(&config).unwrap()).unwrap();
    let ids: Vec<&str> = back
        .source_fields
        .iter()
        .flatten()
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(ids, ["custom.team_size", "custom.industry"]);
}

#[test]
fn only_text_fields_have_a_length() {
    let engine = common::sample_org();
    for f in engine.compatible_fields("Lead", "employees").unwrap() {
        assert!(
            f.length.is_none()
                || !matches!(
                    f.field_type.as_str(),
                    "int" | "double" | "currency" | "percent"
                ),
            "{} {:?}",
            f.name,
            f.length
        );
    }
    let email = engine
        .compatible_fields("Lead", "email")
        .unwrap()
        .into_iter()
        .find(|f| f.name == "Email")
        .unwrap();
    assert_eq!(email.length, Some(80));
}

/// The state, country and coordinate rules look rows up by target in constant time: a
/// configuration at the row limit whose rows all write address parts is not quadratic.
#[test]
fn state_and_country_rows_at_the_row_limit_stay_fast() {
    let entry = |v: &str, valid_for: Option<&str>| serde_json::json!({"value": v, "label": v, "active": true, "defaultValue": false, "validFor": valid_for});
    let text = |name: &str| common::text_field(name, 80, false);
    let mut fields = vec![
        text("LastName"),
        text("Company"),
        text("State"),
        text("Country"),
    ];
    for axis in ["Latitude", "Longitude"] {
        fields.push(serde_json::json!({"name": axis, "type": "double", "precision": 18, "scale": 15, "nillable": true, "createable": true, "updateable": true, "defaultedOnCreate": false}));
    }
    fields.push(serde_json::json!({"name": "CountryCode", "type": "picklist", "length": 255, "nillable": true, "createable": true, "updateable": true, "defaultedOnCreate": false, "restrictedPicklist": true, "picklistValues": [entry("US", None)]}));
    fields.push(serde_json::json!({"name": "StateCode", "type": "picklist", "length": 255, "nillable": true, "createable": true, "updateable": true, "defaultedOnCreate": false, "restrictedPicklist": true, "dependentPicklist": true, "controllerName": "CountryCode", "picklistValues": [entry("NY", Some("gA=="))]}));
    let describe = serde_json::json!({"name": "Lead", "fields": fields}).to_string();
    let mut engine = oncehub_sf_mapping::Engine::new();
    engine.load_describe(&describe).unwrap();
    let mut config = MappingConfig::default_config();
    config.contacts.target = oncehub_sf_mapping::config::ContactTarget::Lead;
    // Names without code rows (each row's look-up of its code row finds none), and latitudes
    // without a longitude row (each looks for its partner).
    let targets = ["State", "Country", "Latitude"];
    config.mappings.leads = (0..oncehub_sf_mapping::config::MAX_ROWS)
        .map(|i| {
            oncehub_sf_mapping::config::Row::fixed(
                targets.get(i % targets.len()).copied().unwrap_or("State"),
                ["New York", "United States", "40.7"]
                    .get(i % targets.len())
                    .copied()
                    .unwrap_or_default(),
                false,
            )
        })
        .collect();
    let start = std::time::Instant::now();
    let report = engine.validate(&config);
    let elapsed = start.elapsed();
    for code in ["DUPLICATE_TARGET", "COORDINATE_WITHOUT_PAIR"] {
        assert!(report.diagnostics.iter().any(|d| d.code == code), "{code}");
    }
    eprintln!(
        "{} address rows validated in {elapsed:?}",
        oncehub_sf_mapping::config::MAX_ROWS
    );
    // A hang guard (debug build, busy CI); `make bench` holds the speed figures.
    assert!(elapsed.as_millis() < 2_000, "{elapsed:?}");
}

/// Long picklists and value maps are looked up, not scanned: 10,000 picklist values, a choice of
/// 1,000 options whose value map has 10,000 unknown keys, 5,000 fixed values, and a describe
/// reloaded over itself.
#[test]
fn long_picklists_and_value_maps_stay_fast() {
    let values: Vec<serde_json::Value> = (0..10_000)
        .map(|i| serde_json::json!({"value": format!("V{i}"), "label": format!("Value {i}"), "active": true, "defaultValue": false}))
        .collect();
    let text = |name: &str| common::text_field(name, 80, true);
    let describe = serde_json::json!({"name": "Lead", "fields": [text("LastName"), text("Company"),
        {"name": "Big__c", "type": "picklist", "length": 255, "nillable": true, "createable": true, "updateable": true, "defaultedOnCreate": false, "restrictedPicklist": true, "picklistValues": values}]})
    .to_string();
    let start = std::time::Instant::now();
    let mut engine = oncehub_sf_mapping::Engine::new();
    engine.load_describe(&describe).unwrap();
    let replaced = engine.load_describe(&describe).unwrap();
    assert!(replaced.replaced && replaced.warnings.is_empty());
    let options: Vec<String> = (0..1_000).map(|i| format!("Option {i}")).collect();
    common::register(
        &mut engine,
        &serde_json::json!([{"id": "custom.size", "label": "Size", "type": "singleChoice", "options": options}]),
    );
    let mut config = MappingConfig::default_config();
    config.contacts.target = oncehub_sf_mapping::config::ContactTarget::Lead;
    let mut row = oncehub_sf_mapping::config::Row::map("custom.size", "Big__c", false);
    row.value_map = Some(
        (0..oncehub_sf_mapping::config::MAX_VALUE_MAP_ENTRIES)
            .map(|i| (format!("Unknown {i}"), format!("V{i}")))
            .collect(),
    );
    config.mappings.leads = vec![row];
    config.mappings.leads.extend(
        (0..5_000).map(|_| oncehub_sf_mapping::config::Row::fixed("Big__c", "V9999", false)),
    );
    let report = engine.validate(&config);
    let elapsed = start.elapsed();
    let unknown: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "VALUE_MAP_UNKNOWN_OPTION")
        .collect();
    assert_eq!(
        unknown.len(),
        oncehub_sf_mapping::config::MAX_VALUE_MAP_ENTRIES
    );
    // The help names a few options, not all 1,000.
    assert!(
        unknown.iter().all(|d| d.help.len() < 200),
        "{}",
        unknown[0].help
    );
    assert!(!report
        .diagnostics
        .iter()
        .any(|d| d.code == "FALLBACK_NOT_IN_PICKLIST"));
    eprintln!(
        "10,000-value picklist: load twice, 10,000 value-map keys, 5,000 fixed rows in {elapsed:?}"
    );
    // A hang guard (debug build, busy CI); `make bench` holds the speed figures.
    assert!(elapsed.as_secs() < 5, "{elapsed:?}");
    // Past the limit, a value map is refused with a path.
    let mut over = serde_json::to_value(&config).unwrap();
    over["mappings"]["leads"][0]["valueMap"]["one more"] = serde_json::json!("V1");
    let e = MappingConfig::parse(&over.to_string()).unwrap_err();
    assert_eq!(
        (e.code, e.path.as_str()),
        (
            oncehub_sf_mapping::ErrorCode::TooManyItems,
            "/mappings/leads/0/valueMap"
        )
    );
}

/// "Did you mean" passes over fields whose names are too long or short to be close, and
/// previews find it once per configuration: 5,000 unknown targets among 5,000 fields.
#[test]
fn unknown_targets_among_many_fields_stay_fast() {
    let mut fields = vec![
        common::text_field("LastName", 80, true),
        common::text_field("Company", 255, true),
    ];
    for i in 0..4_998 {
        fields.push(serde_json::json!({"name": format!("Field_{i}__c"), "type": "string", "length": 255, "nillable": true, "createable": true, "updateable": true, "defaultedOnCreate": false}));
    }
    let mut engine = oncehub_sf_mapping::Engine::new();
    engine
        .load_describe(&serde_json::json!({"name": "Lead", "fields": fields}).to_string())
        .unwrap();
    let mut config = MappingConfig::default_config();
    config.contacts.target = oncehub_sf_mapping::config::ContactTarget::Lead;
    config.mappings.leads = (0..5_000)
        .map(|i| oncehub_sf_mapping::config::Row::map("company", &format!("Feld_{i}__c"), false))
        .collect();
    let start = std::time::Instant::now();
    let report = engine.validate(&config);
    let hint = report
        .diagnostics
        .iter()
        .find(|d| d.code == "UNKNOWN_TARGET_FIELD" && d.path == "/mappings/leads/7/target")
        .unwrap();
    assert!(hint.help.contains("`Field_7__c`"), "{}", hint.help);
    let payload = common::repo_file("www/samples/contact.json");
    let inputs: Vec<oncehub_sf_mapping::preview::PreviewInput> = (0..20)
        .map(|_| {
            oncehub_sf_mapping::preview::PreviewInput::parse(&format!("{{\"payload\":{payload}}}"))
                .unwrap()
        })
        .collect();
    let many = engine
        .preview_many(
            &config,
            &inputs,
            oncehub_sf_mapping::preview::PreviewManyOptions { trace: false },
        )
        .unwrap();
    assert_eq!(many.summary.total, 20);
    let record: serde_json::Map<String, serde_json::Value> = (0..1_000)
        .map(|i| (format!("Feld_{i}__c"), serde_json::json!("x")))
        .collect();
    let report = oncehub_sf_mapping::record::validate_record_text(
        &engine,
        "Lead",
        &serde_json::Value::Object(record).to_string(),
        oncehub_sf_mapping::record::RecordOptions::default(),
    )
    .unwrap();
    assert!(!report.valid);
    let elapsed = start.elapsed();
    eprintln!("5,000 unknown targets among 5,000 fields: validate, 20 previews, a record of 1,000 unknown keys in {elapsed:?}");
    // A hang guard (debug build, busy CI); `make bench` holds the speed figures.
    assert!(elapsed.as_secs() < 10, "{elapsed:?}");
}

/// An export is a configuration `parseConfig` takes: a snapshot of long picklists that would
/// pass the configuration limit keeps only the values the rows send, and drift is still found.
#[test]
fn an_export_of_long_picklists_stays_under_the_configuration_limit() {
    let values = |field: usize| -> Vec<serde_json::Value> {
        (0..10_000)
            .map(|i| serde_json::json!({"value": format!("Field {field:02} value number {i:05}"), "active": true}))
            .collect()
    };
    let text = |name: &str| common::text_field(name, 80, true);
    let mut fields = vec![text("LastName"), text("Company")];
    for f in 0..30 {
        fields.push(serde_json::json!({"name": format!("Pick_{f}__c"), "type": "picklist", "length": 255, "nillable": true, "createable": true, "updateable": true, "defaultedOnCreate": false, "restrictedPicklist": true, "picklistValues": values(f)}));
    }
    let mut engine = oncehub_sf_mapping::Engine::new();
    engine
        .load_describe(&serde_json::json!({"name": "Lead", "fields": fields}).to_string())
        .unwrap();
    let mut config = MappingConfig::default_config();
    config.contacts.target = oncehub_sf_mapping::config::ContactTarget::Lead;
    config.mappings.leads = (0..30)
        .map(|f| {
            oncehub_sf_mapping::config::Row::fixed(
                &format!("Pick_{f}__c"),
                &format!("Field {f:02} value number 00007"),
                true,
            )
        })
        .collect();
    let text = engine.export_config(&config).unwrap();
    assert!(
        text.len() <= oncehub_sf_mapping::config::MAX_CONFIG_BYTES,
        "{}",
        text.len()
    );
    let saved = MappingConfig::parse(&text).unwrap();
    let snap = saved.field_snapshot.as_ref().unwrap();
    assert_eq!(
        snap["Lead"]["Pick_3__c"].picklist_values,
        ["Field 03 value number 00007"]
    );
    // The value the row sends, deactivated later: still found.
    let mut fields2 = fields.clone();
    fields2[5]["picklistValues"][7]["active"] = serde_json::json!(false);
    engine
        .load_describe(&serde_json::json!({"name": "Lead", "fields": fields2}).to_string())
        .unwrap();
    let report = engine.validate(&saved);
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.code == "DRIFT_PICKLIST_VALUE_DEACTIVATED"
                && d.path.starts_with("/mappings/leads/3")),
        "{:#?}",
        report
            .diagnostics
            .iter()
            .map(|d| (d.code, &d.path))
            .collect::<Vec<_>>()
    );
}

/// A configuration near the limit exports compact when indentation alone would pass it, and
/// reads back the same.
#[test]
fn an_export_near_the_limit_is_compact_and_reads_back() {
    let engine = common::sample_org();
    let mut config = MappingConfig::default_config();
    config.mappings.leads = (0..19_000)
        .map(|i| {
            oncehub_sf_mapping::config::Row::map("company", &format!("Field_{i}__c"), false)
                .with_fallback(&"x".repeat(340))
        })
        .collect();
    let compact = serde_json::to_string(&config).unwrap();
    assert!(
        compact.len() < oncehub_sf_mapping::config::MAX_CONFIG_BYTES,
        "{}",
        compact.len()
    );
    let text = engine.export_config(&config).unwrap();
    assert!(text.len() <= oncehub_sf_mapping::config::MAX_CONFIG_BYTES);
    assert!(!text.contains("\n  "), "compact");
    let back = MappingConfig::parse(&text).unwrap();
    assert_eq!(back.mappings.leads, config.mappings.leads);
}
