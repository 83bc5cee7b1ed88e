//! Describe ingestion, compatibility and required fields against every real describe.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    unreachable_pub,
    reason = "test code: a failed unwrap is a failed test"
)]

mod common;

use common::{all_describes, fixture, repo_file};
use oncehub_sf_mapping::record::RecordOptions;
use oncehub_sf_mapping::{Engine, ErrorCode};
use std::time::Instant;

fn engine_with(rel: &str) -> Engine {
    let mut e = Engine::new();
    e.load_describe(&fixture(rel)).unwrap();
    e
}

fn required_names(e: &Engine, object: &str) -> Vec<(String, &'static str)> {
    e.required_fields(object, None)
        .unwrap()
        .into_iter()
        .map(|r| (r.name, r.basis))
        .collect()
}

#[test]
fn every_shared_describe_loads_and_answers_every_query() {
    for (rel, text) in all_describes() {
        let mut e = Engine::new();
        let s = e
            .load_describe(&text)
            .unwrap_or_else(|err| panic!("{rel}: {err:?}"));
        assert!(s.field_count > 0, "{rel}");
        let object = s.object.clone();
        for kind in ["contact", "meeting"] {
            let kind = oncehub_sf_mapping::catalogue::SourceKind::parse(kind).unwrap();
            for src in e.source_fields(kind).to_vec() {
                let list = e.compatible_fields(&object, &src.id);
                // Objects other than Lead/Contact/Event/Case take fields of both kinds.
                let Ok(list) = list else { continue };
                for c in &list {
                    let x = e.explain(&object, &src.id, &c.name).unwrap();
                    assert!(
                        x.compatible,
                        "{rel}: {} → {} listed but explain says no",
                        src.id, c.name
                    );
                    assert!(c.createable, "{rel}: {} listed but not createable", c.name);
                }
            }
        }
        e.required_fields(&object, None).unwrap();
    }
}

#[test]
fn required_fields_match_the_real_answers() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "cumulusci/GET_sobjects_Lead_describe.body.json",
            "Lead",
            &["LastName", "Company"],
        ),
        (
            "grouparoo/Lead_describe_v42.0.json",
            "Lead",
            &["LastName", "Company"],
        ),
        (
            "cumulusci/GET_sobjects_Contact_describe.body.json",
            "Contact",
            &["LastName"],
        ),
        (
            "grouparoo/Contact_describe_v42.0.json",
            "Contact",
            &["LastName"],
        ),
        (
            "grouparoo/Contact_variant2_describe_v42.0.json",
            "Contact",
            &["LastName"],
        ),
        (
            "elasticio-salesforce-component/objectDescription.json",
            "Contact",
            &["LastName"],
        ),
        (
            "cumulusci/GET_sobjects_Account_describe.body.json",
            "Account",
            &["Name"],
        ),
        (
            "grouparoo/Account_describe_v42.0.json",
            "Account",
            &["Name"],
        ),
        (
            "elasticio-salesforce-component/sfAccountMetadata.json",
            "Account",
            &["Name"],
        ),
        (
            "grouparoo/Campaign_describe_v42.0.json",
            "Campaign",
            &["Name"],
        ),
        (
            "cumulusci/GET_sobjects_Account_PersonAccount_describe.body.json",
            "Account",
            &[],
        ),
        (
            "cumulusci/GET_sobjects_Case_describe.body.json",
            "Case",
            &[],
        ),
    ];
    for (rel, object, want) in cases {
        let e = engine_with(rel);
        let schema: Vec<String> = required_names(&e, object)
            .into_iter()
            .filter(|(_, b)| *b == "schema")
            .map(|(n, _)| n)
            .collect();
        // CumulusCI's test Account has a hand-added `ns__LinkedAccount__c` (non-nillable,
        // defaulted) that must not count either.
        assert_eq!(
            schema,
            want.iter().map(|s| (*s).to_string()).collect::<Vec<_>>(),
            "{rel}"
        );
    }
}

#[test]
fn event_has_no_schema_requirement_but_the_timing_rules() {
    let e = engine_with("cumulusci/GET_sobjects_Event_describe.body.json");
    let req = e.required_fields("Event", None).unwrap();
    assert!(req.iter().all(|r| r.basis == "rule"), "{req:?}");
    let names: Vec<_> = req
        .iter()
        .map(|r| (r.name.as_str(), r.alternatives.clone()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("StartDateTime", vec!["ActivityDateTime".to_string()]),
            ("DurationInMinutes", vec!["EndDateTime".to_string()]),
        ]
    );
}

#[test]
fn reduced_describes_load_and_say_what_is_unknown() {
    let mut e = Engine::new();
    let s = e
        .load_describe(&fixture("lwrfileupload-soqlMetadata/Lead.json"))
        .unwrap();
    assert_eq!(s.shape, oncehub_sf_mapping::describe::Shape::Reduced);
    let req = e.required_fields("Lead", None).unwrap();
    let names: Vec<_> = req.iter().map(|r| r.name.as_str()).collect();
    assert!(
        names.contains(&"LastName") && names.contains(&"Company"),
        "{names:?}"
    );
    assert!(req
        .iter()
        .all(|r| !r.certain && !r.unknown_facts.is_empty()));
    let email = e.compatible_fields("Lead", "email").unwrap();
    let f = email.iter().find(|f| f.name == "Email").unwrap();
    assert!(f
        .unknown_facts
        .iter()
        .any(|x| format!("{x:?}") == "Createable"));
    let x = e.explain("Lead", "email", "Email").unwrap();
    assert!(
        x.reasons.iter().any(|r| r.contains("does not say")),
        "{:?}",
        x.reasons
    );
}

#[test]
fn reduced_describes_never_offer_system_fields_or_defaulted_requirements() {
    let mut e = Engine::new();
    for rel in ["Lead", "Contact", "Event", "Case"] {
        e.load_describe(&fixture(&format!("lwrfileupload-soqlMetadata/{rel}.json")))
            .unwrap();
    }
    let names = |object: &str, src: &str| -> Vec<String> {
        e.compatible_fields(object, src)
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect()
    };
    let start = names("Event", "starting_time");
    assert!(start.contains(&"StartDateTime".to_string()), "{start:?}");
    for system in [
        "CreatedDate",
        "LastModifiedDate",
        "SystemModstamp",
        "EndDate",
        "Recurrence2PatternStartDate",
    ] {
        assert!(
            !start.contains(&system.to_string()),
            "{system} in {start:?}"
        );
    }
    // Read-only fields a full describe marks not createable, on every Contact and Lead source.
    for object in ["Lead", "Contact"] {
        let sources = e.source_fields(oncehub_sf_mapping::catalogue::SourceKind::Contact);
        for src in sources {
            let offered = names(object, &src.id);
            for system in [
                "IsEmailBounced",
                "JigsawContactId",
                "LastCURequestDate",
                "LastCUUpdateDate",
            ] {
                assert!(
                    !offered.contains(&system.to_string()),
                    "{object}: {system} offered for {}",
                    src.id
                );
            }
        }
    }
    let subject = names("Case", "subject");
    for system in ["CaseNumber", "ContactPhone", "ContactEmail"] {
        assert!(
            !subject.contains(&system.to_string()),
            "{system} in {subject:?}"
        );
    }
    let required: Vec<String> = e
        .required_fields("Lead", None)
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(
        required,
        vec!["LastName", "Company"],
        "Status has a default; OwnerId is the user"
    );
    let case_required = e.required_fields("Case", None).unwrap();
    assert!(
        case_required.iter().all(|r| r.name != "CaseNumber"),
        "{case_required:?}"
    );
}

#[test]
fn hand_trimmed_case_with_string_numbers_and_odd_picklist_values_loads() {
    let mut e = Engine::new();
    e.load_describe(&fixture("apache-camel/case.json")).unwrap();
    let o = e.object("Case").unwrap();
    let values: Vec<&str> = o
        .fields
        .iter()
        .flat_map(|f| f.picklist_values.iter().map(|v| v.value.as_str()))
        .collect();
    assert!(values.iter().any(|v| v.contains('ó')), "{values:?}");
    assert!(values.iter().any(|v| v.contains('/')), "{values:?}");
    assert!(values.iter().any(|v| v.contains('"')), "{values:?}");
}

#[test]
fn dependent_picklist_valid_for_bitmaps_are_decoded() {
    let mut e = Engine::new();
    e.load_describe(&fixture("restforce/sobject_describe_success_response.json"))
        .unwrap();
    let o = e.object("Whizbang").unwrap();
    let dep = o.fields.iter().find(|f| f.dependent_picklist).unwrap();
    assert!(dep.controller_name.is_some());
    let decoded: Vec<_> = dep
        .picklist_values
        .iter()
        .map(|v| v.valid_for.clone().unwrap())
        .collect();
    assert!(decoded.iter().all(|v| !v.is_empty()), "{decoded:?}");
    // `ParentWhizbang__c` has no `length`/`byteLength` and still loads.
    assert!(o
        .fields
        .iter()
        .any(|f| f.name.starts_with("ParentWhizbang") && f.length.is_none()));
}

#[test]
fn time_fields_and_unknown_types_are_kept() {
    let mut e = Engine::new();
    e.load_describe(&fixture("apache-nifi/describe_sobject.json"))
        .unwrap();
    let x = e.explain("DateTestObject__c", "starting_time", "time__c");
    // Whatever the field names, the time field exists and unknown types never crash.
    let _ = x;
    let mut text: serde_json::Value =
        serde_json::from_str(&fixture("apache-nifi/describe_sobject.json")).unwrap();
    text["fields"][0]["type"] = serde_json::json!("hologram");
    let s = e.load_describe(&text.to_string()).unwrap();
    assert_eq!(s.unsupported_fields.len(), 1);
}

#[test]
fn sf_cli_wrapper_and_raw_describe_give_the_same_model() {
    let mut e = Engine::new();
    let s = e
        .load_describe(&repo_file("tests/data/sf-cli-wrapper.json"))
        .unwrap();
    assert_eq!(s.object, "Contact");
    let raw: serde_json::Value =
        serde_json::from_str(&repo_file("tests/data/sf-cli-wrapper.json")).unwrap();
    let mut e2 = Engine::new();
    e2.load_describe(&raw["result"].to_string()).unwrap();
    // The same model; only where the describe sits in its text differs.
    let (wrapped, bare) = (e.object("Contact").unwrap(), e2.object("Contact").unwrap());
    assert_eq!(
        (wrapped.pointer.as_str(), bare.pointer.as_str()),
        ("/result", "")
    );
    let mut unwrapped = wrapped.clone();
    unwrapped.pointer.clear();
    assert_eq!(&unwrapped, bare);
}

#[test]
fn compatible_fields_on_the_real_lead() {
    let e = engine_with("cumulusci/GET_sobjects_Lead_describe.body.json");
    let names = |src: &str| -> Vec<String> {
        e.compatible_fields("Lead", src)
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect()
    };
    let email = names("email");
    assert_eq!(
        email.first().map(String::as_str),
        Some("Company"),
        "required first: {email:?}"
    );
    assert!(email.contains(&"Email".to_string()));
    assert!(!email.contains(&"NumberOfEmployees".to_string()));
    let employees = names("employees");
    assert!(employees.contains(&"NumberOfEmployees".to_string()));
    assert!(!employees.contains(&"Email".to_string()));
    // Never: id, formula, compound, reference, read-only.
    for src in [
        "first_name",
        "email",
        "company",
        "creation_time",
        "employees",
        "has_consent",
    ] {
        for n in names(src) {
            assert!(
                ![
                    "Id",
                    "Name",
                    "Address",
                    "OwnerId",
                    "IsDeleted",
                    "CreatedDate"
                ]
                .contains(&n.as_str()),
                "{src} → {n}"
            );
        }
    }
    let x = e.explain("Lead", "company", "NumberOfEmployees").unwrap();
    assert!(!x.compatible);
    assert!(
        x.reasons
            .iter()
            .any(|r| r.contains("text") && r.contains("int(8 digits)")),
        "{:?}",
        x.reasons
    );
    let x = e.explain("Lead", "email", "Address").unwrap();
    assert!(
        x.reasons.iter().any(|r| r.contains("compound")),
        "{:?}",
        x.reasons
    );
    let x = e.explain("Lead", "company", "Title").unwrap();
    assert_eq!(x.grade, Some(oncehub_sf_mapping::compat::Grade::Lossy));
    // Salesforce names are case-insensitive; the answer uses the describe's spelling.
    assert_eq!(
        e.explain("Lead", "company", "title").unwrap().target,
        "Title"
    );
}

#[test]
fn small_number_fields_are_lossy_for_numbers() {
    use oncehub_sf_mapping::compat::Grade;
    let e = engine_with("grouparoo/Lead_describe_v42.0.json");
    // double(3, 0): 1000 employees would be rejected.
    let x = e
        .explain("Lead", "employees", "NumberofLocations__c")
        .unwrap();
    assert_eq!(x.grade, Some(Grade::Lossy), "{x:?}");
    // int(8 digits) holds any head count.
    let x = e.explain("Lead", "employees", "NumberOfEmployees").unwrap();
    assert_eq!(x.grade, Some(Grade::Exact), "{x:?}");
}

#[test]
fn compatible_fields_snapshot_on_the_sample_org() {
    let e = common::sample_org();
    let mut out = serde_json::Map::new();
    for (object, src) in [
        ("Lead", "email"),
        ("Lead", "last_name_or_name"),
        ("Lead", "status"),
        ("Event", "starting_time"),
        ("Event", "duration_minutes"),
        ("Case", "booker_phone"),
    ] {
        out.insert(
            format!("{object} ← {src}"),
            serde_json::to_value(e.compatible_fields(object, src).unwrap()).unwrap(),
        );
    }
    insta::assert_json_snapshot!(out);
}

#[test]
fn bad_input_gets_a_clear_error_with_code_and_path() {
    let mut e = Engine::new();
    let cases: &[(&str, ErrorCode, &str)] = &[
        ("not json", ErrorCode::InvalidJson, ""),
        ("[]", ErrorCode::NotADescribe, ""),
        ("42", ErrorCode::NotADescribe, ""),
        (r#"{"name":"Lead"}"#, ErrorCode::NotADescribe, ""),
        (r#"{"fields":[]}"#, ErrorCode::NotADescribe, "/name"),
        // No fields at all: every object has `Id`.
        (
            r#"{"name":"Lead","fields":[]}"#,
            ErrorCode::NotADescribe,
            "/fields",
        ),
        // Not an API name.
        (
            r#"{"name":"<img src=x onerror=alert(1)>","fields":[{"name":"Id","type":"id"}]}"#,
            ErrorCode::InvalidDescribe,
            "/name",
        ),
        (
            r#"{"name":"__proto__","fields":[{"name":"Id","type":"id"}]}"#,
            ErrorCode::InvalidDescribe,
            "/name",
        ),
        (
            r#"{"name":"Lead","fields":{}}"#,
            ErrorCode::InvalidDescribe,
            "/fields",
        ),
        (
            r#"{"name":"Lead","fields":[{"name":"A","type":"string","nillable":"maybe"}]}"#,
            ErrorCode::InvalidDescribe,
            "/fields/0/nillable",
        ),
        (
            r#"{"name":"Lead","fields":[{"type":"string"}]}"#,
            ErrorCode::InvalidDescribe,
            "/fields/0/name",
        ),
        (
            r#"{"name":"Lead","fields":[{"name":"A","type":"picklist","dependentPicklist":true,"picklistValues":[{"value":"x","validFor":"%%"}]}]}"#,
            ErrorCode::InvalidDescribe,
            "/fields/0/picklistValues/0/validFor",
        ),
        (
            r#"{"status":1,"name":"NoRecordsFound","message":"The requested resource does not exist"}"#,
            ErrorCode::NotADescribe,
            "",
        ),
        (
            r#"{"status":0,"result":{"name":"Lead","fields":[{"name":"A","type":7}]}}"#,
            ErrorCode::InvalidDescribe,
            "/result/fields/0/type",
        ),
        // A field name given twice, also in other letter case: which one counts is unknown.
        (
            r#"{"name":"Lead","fields":[{"name":"Name","type":"string"},{"name":"Email","type":"email"},{"name":"NAME","type":"string","length":5}]}"#,
            ErrorCode::InvalidDescribe,
            "/fields/2/name",
        ),
    ];
    for (text, code, path) in cases {
        let err = e.load_describe(text).unwrap_err();
        assert_eq!(
            (err.code, err.path.as_str()),
            (*code, *path),
            "{text}: {err:?}"
        );
        assert!(!err.message.is_empty() && !err.help.is_empty());
        assert!(
            err.message
                .chars()
                .next()
                .is_some_and(|c| !c.is_uppercase()),
            "lowercase: {}",
            err.message
        );
    }
    let sf_error = fixture("restforce/sobject_describe_error_response.json");
    let err = e.load_describe(&sf_error).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotADescribe);
    assert!(err.message.contains("error response"), "{}", err.message);
    // The engine keeps working after errors.
    e.load_describe(&fixture("cumulusci/GET_sobjects_Lead_describe.body.json"))
        .unwrap();
}

#[test]
fn oversized_input_is_refused_in_bounded_time() {
    let mut e = Engine::new();
    let start = Instant::now();
    let huge = format!(
        "{{\"name\":\"Lead\",\"fields\":[{}]}}",
        vec![r#"{"name":"A","type":"string"}"#; 100_000].join(",")
    );
    let err = e.load_describe(&huge).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidDescribe);
    assert!(err.message.contains("5000"), "{}", err.message);
    let fifty_mb = " ".repeat(50 * 1024 * 1024);
    let err = e.load_describe(&fifty_mb).unwrap_err();
    assert_eq!(err.code, ErrorCode::InputTooLarge);
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let err = e.load_describe(&deep).unwrap_err();
    assert!(
        matches!(
            err.code,
            ErrorCode::NestingTooDeep | ErrorCode::NotADescribe
        ),
        "{err:?}"
    );
    // A hang guard, not a performance assertion (figures live in `make bench`).
    assert!(start.elapsed().as_secs() < 30);
}

#[test]
fn suggestions_validate_cleanly_on_every_real_describe() {
    use oncehub_sf_mapping::config::{MappingConfig, Tab};
    use oncehub_sf_mapping::diagnostic::Severity;
    let mut checked = 0;
    for (rel, text) in all_describes() {
        let mut e = Engine::new();
        let object = e.load_describe(&text).unwrap().object;
        for tab in [Tab::Contacts, Tab::Leads, Tab::Events, Tab::Cases] {
            if tab.object() != object {
                continue;
            }
            let suggestions = oncehub_sf_mapping::suggest::suggest_mappings(&e, None, tab).unwrap();
            for s in suggestions {
                let mut config = MappingConfig::default_config();
                config.mappings.rows_mut(tab).clear();
                config.mappings.rows_mut(tab).push(s.row.clone());
                let errors: Vec<_> = e
                    .validate(&config)
                    .diagnostics
                    .into_iter()
                    .filter(|d| d.row == Some(0) && d.tab == Some(tab))
                    .filter(|d| d.severity == Severity::Error)
                    .map(|d| d.code)
                    .collect();
                assert!(errors.is_empty(), "{rel}: {:?} → {errors:?}", s.row);
                // Candidates whose names only share a short part are not proposed.
                assert!(
                    !s.row.target.starts_with("Recurrence") && s.row.target != "CleanStatus",
                    "{rel}: {:?}",
                    s.row
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "{checked}");
}

#[test]
fn an_amount_in_cents_is_lossy_into_a_currency_field() {
    let mut e = Engine::new();
    e.load_describe(
        r#"{"name":"Case","label":"Case","fields":[{"name":"Amount__c","label":"Amount","type":"currency",
        "createable":true,"updateable":true,"nillable":true,"defaultedOnCreate":false,"calculated":false,
        "precision":18,"scale":2,"custom":true}]}"#,
    )
    .unwrap();
    let grade = |src: &str| {
        e.compatible_fields("Case", src)
            .unwrap()
            .into_iter()
            .find(|c| c.name == "Amount__c")
            .map(|c| (c.grade, c.note))
    };
    let cents = grade("payment_amount").unwrap();
    assert_eq!(cents.0, oncehub_sf_mapping::compat::Grade::Lossy);
    assert!(cents.1.contains("smallest currency unit"), "{}", cents.1);
    assert_eq!(
        grade("payment_amount_major").map(|g| g.0),
        Some(oncehub_sf_mapping::compat::Grade::Exact)
    );
}

#[test]
fn lead_conversion_is_never_offered() {
    // Createable in the full Lead describe, for data imports; the integration never converts.
    let mut engine = oncehub_sf_mapping::Engine::new();
    engine
        .load_describe(&common::fixture(
            "cumulusci/GET_sobjects_Lead_describe.body.json",
        ))
        .unwrap();
    let offered = engine.compatible_fields("Lead", "has_consent").unwrap();
    assert!(!offered.iter().any(|f| f.name == "IsConverted"));
    assert!(!engine
        .static_targets("Lead")
        .unwrap()
        .iter()
        .any(|f| f.name == "IsConverted"));
    let why = engine
        .explain("Lead", "has_consent", "IsConverted")
        .unwrap();
    assert!(
        why.reasons.iter().any(|r| r.contains("lead conversion")),
        "{:?}",
        why.reasons
    );
}

#[test]
fn reduced_describes_make_suggestions_less_sure_and_never_free_text_into_picklists() {
    use oncehub_sf_mapping::config::Tab;
    use oncehub_sf_mapping::suggest::suggest_mappings;
    let load = |rel: &str| {
        let mut e = oncehub_sf_mapping::Engine::new();
        e.load_describe(&common::fixture(rel)).unwrap();
        e.add_source_fields(
            oncehub_sf_mapping::catalogue::CustomFieldInput::parse_list(
                r#"[{"id":"custom.geocode_accuracy","type":"text","label":"Geocode accuracy"}]"#,
            )
            .unwrap(),
        )
        .unwrap();
        suggest_mappings(&e, None, Tab::Leads).unwrap()
    };
    let reduced = load("lwrfileupload-soqlMetadata/Lead.json");
    let full = load("cumulusci/GET_sobjects_Lead_describe.body.json");
    // The reduced describe does not say whether GeocodeAccuracy is restricted.
    assert!(!reduced.iter().any(|s| s.row.target == "GeocodeAccuracy"));
    let score = |list: &[oncehub_sf_mapping::suggest::Suggestion], t: &str| {
        list.iter()
            .find(|s| s.row.target == t)
            .map(|s| s.confidence)
    };
    for t in ["FirstName", "Email"] {
        let (r, f) = (score(&reduced, t).unwrap(), score(&full, t).unwrap());
        assert!(r < f, "{t}: reduced {r} >= full {f}");
    }
}

#[test]
fn event_recurrence_fields_are_never_offered() {
    // Writable in the Event describe, but they define a series; each booking is one meeting.
    let e = engine_with("cumulusci/GET_sobjects_Event_describe.body.json");
    let series = |name: &str| {
        let l = name.to_ascii_lowercase();
        l.starts_with("recurrence") || l.starts_with("isrecurrence")
    };
    for source in e.source_fields(oncehub_sf_mapping::catalogue::SourceKind::Meeting) {
        let offered = e.compatible_fields("Event", &source.id).unwrap();
        assert!(
            !offered.iter().any(|f| series(&f.name)),
            "{}: {:?}",
            source.id,
            offered.iter().map(|f| &f.name).collect::<Vec<_>>()
        );
    }
    assert!(!e
        .static_targets("Event")
        .unwrap()
        .iter()
        .any(|f| series(&f.name)));
    let why = e
        .explain("Event", "conferencing_url", "Recurrence2PatternText")
        .unwrap();
    assert!(
        why.reasons.iter().any(|r| r.contains("recurring series")),
        "{:?}",
        why.reasons
    );
}

#[test]
fn read_only_reference_fields_say_they_are_read_only() {
    let e = engine_with("cumulusci/GET_sobjects_Contact_describe.body.json");
    let why = e
        .explain("Contact", "first_name", "MasterRecordId")
        .unwrap();
    assert!(
        why.reasons.iter().any(|r| r.contains("read-only")),
        "{:?}",
        why.reasons
    );
}

#[test]
fn numbers_into_decimal_fields_name_the_whole_digits_they_hold() {
    use oncehub_sf_mapping::compat::Grade;
    // AnnualRevenue is currency(18, 0): exact for a head count, with the limit in the note.
    let e = engine_with("cumulusci/GET_sobjects_Lead_describe.body.json");
    let x = e.explain("Lead", "employees", "AnnualRevenue").unwrap();
    assert_eq!(x.grade, Some(Grade::Exact), "{x:?}");
    assert!(
        x.reasons
            .iter()
            .any(|r| r.contains("values over 18 digits before the decimal point")),
        "{:?}",
        x.reasons
    );
}

#[test]
fn only_currency_iso_code_takes_the_payment_currency() {
    use oncehub_sf_mapping::compat::Grade;
    let mut event: serde_json::Value =
        serde_json::from_str(&repo_file("www/sample-org/Event.json")).unwrap();
    let fields = event["fields"].as_array_mut().unwrap();
    let values = |codes: &[&str]| {
        codes
            .iter()
            .map(|c| serde_json::json!({"value": c, "label": c, "active": true, "defaultValue": false}))
            .collect::<Vec<_>>()
    };
    for (name, codes, restricted) in [
        ("CurrencyIsoCode", ["USD", "EUR"], true),
        ("Country_Code__c", ["USA", "CAN"], true),
    ] {
        fields.push(serde_json::json!({"name": name, "label": name, "type": "picklist", "length": 3,
            "nillable": true, "createable": true, "updateable": true, "defaultedOnCreate": false,
            "calculated": false, "restrictedPicklist": restricted, "picklistValues": values(&codes)}));
    }
    let mut e = Engine::new();
    e.load_describe(&event.to_string()).unwrap();
    // A restricted CurrencyIsoCode may lack the booking's currency: lossy, with the reason.
    let x = e
        .explain("Event", "payment_currency", "CurrencyIsoCode")
        .unwrap();
    assert_eq!(x.grade, Some(Grade::Lossy), "{x:?}");
    // Three capital letters are not a currency: a country code picklist is no target.
    let x = e
        .explain("Event", "payment_currency", "Country_Code__c")
        .unwrap();
    assert_eq!(x.grade, None, "{x:?}");
    let offered: Vec<String> = e
        .compatible_fields("Event", "payment_currency")
        .unwrap()
        .into_iter()
        .map(|f| f.name)
        .collect();
    assert!(
        offered.contains(&"CurrencyIsoCode".to_string()),
        "{offered:?}"
    );
    assert!(
        !offered.contains(&"Country_Code__c".to_string()),
        "{offered:?}"
    );
}

#[test]
fn did_you_mean_on_rows_names_writable_fields_and_explain_names_any() {
    let e = engine_with("cumulusci/GET_sobjects_Contact_describe.body.json");
    // `CreatedDte` is close to the read-only `CreatedDate`: explain still names it.
    let err = e.explain("Contact", "email", "CreatedDte").unwrap_err();
    assert!(err.help.contains("CreatedDate"), "{}", err.help);
}

#[test]
fn record_type_ids_are_judged_against_the_describes_record_types() {
    let e = engine_with("cumulusci/GET_sobjects_Account_PersonAccount_describe.body.json");
    let check = |id: &str| -> Vec<&'static str> {
        let body = format!(r#"{{"Name":"Acme","RecordTypeId":"{id}"}}"#);
        e.validate_record("Account", &body, RecordOptions::default())
            .unwrap()
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    };
    // The org's own record types, 18 or 15 characters, and its master record type.
    assert!(check("0125j000000RqVkAAK").is_empty());
    assert!(check("0125j000000RqVk").is_empty());
    assert!(check("012000000000000AAA").is_empty());
    // A 15-character id is case-sensitive; an 18-character one keeps its case in the suffix.
    assert_eq!(check("0125j000000rqvk"), ["RECORD_TYPE_NOT_AVAILABLE"]);
    assert!(check("0125J000000RQVKAAK").is_empty());
    // A record type id of another org (an export from a sandbox, say).
    assert_eq!(check("0126g000000kq3rAAA"), ["RECORD_TYPE_NOT_AVAILABLE"]);
    let report = e
        .validate_record(
            "Account",
            r#"{"Name":"Acme","RecordTypeId":"0126g000000kq3rAAA"}"#,
            RecordOptions::default(),
        )
        .unwrap();
    let help = &report.diagnostics[0].help;
    assert!(
        help.contains("`Household Account` (0125j000000RqVkAAK)"),
        "{help}"
    );
    assert!(!help.contains("Master"), "{help}");
    // Inactive and unavailable record types, in the real describe format.
    let mut e = Engine::new();
    e.load_describe(
        r#"{"name":"Case","fields":[{"name":"RecordTypeId","type":"reference","referenceTo":["RecordType"],"createable":true,"updateable":true,"nillable":true,"defaultedOnCreate":true}],
        "recordTypeInfos":[{"name":"Old","recordTypeId":"0125j000000AbcdAAC","active":false,"available":true,"master":false},
        {"name":"Partner","recordTypeId":"0125j000000EfghAAC","active":true,"available":false,"master":false},
        {"name":"Master","recordTypeId":"012000000000000AAA","available":true}]}"#,
    )
    .unwrap();
    let messages = |id: &str| -> Vec<String> {
        e.validate_record(
            "Case",
            &format!(r#"{{"RecordTypeId":"{id}"}}"#),
            RecordOptions::default(),
        )
        .unwrap()
        .diagnostics
        .iter()
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect()
    };
    assert_eq!(
        messages("0125j000000AbcdAAC"),
        ["RECORD_TYPE_NOT_AVAILABLE: `0125j000000AbcdAAC` is the record type `Old`, which is inactive"]
    );
    assert!(messages("0125j000000EfghAAC")[0].contains("not available to the user"));
    // No usable record type at all: the help says to leave the field out.
    let help = e
        .validate_record(
            "Case",
            r#"{"RecordTypeId":"0126g000000kq3rAAA"}"#,
            RecordOptions::default(),
        )
        .unwrap()
        .diagnostics[0]
        .help
        .clone();
    assert!(
        help.contains("no active record type the integration can use"),
        "{help}"
    );
}

#[test]
fn reduced_describes_know_salesforces_fixed_facts_of_standard_fields() {
    let mut e = Engine::new();
    for rel in ["Lead", "Contact", "Event", "Case"] {
        e.load_describe(&fixture(&format!("lwrfileupload-soqlMetadata/{rel}.json")))
            .unwrap();
    }
    let codes = |object: &str, body: &str, update: bool| -> Vec<&'static str> {
        let options = RecordOptions {
            operation: if update {
                oncehub_sf_mapping::record::Operation::Update
            } else {
                oncehub_sf_mapping::record::Operation::Create
            },
        };
        e.validate_record(object, body, options)
            .unwrap()
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    };
    let start =
        r#""Subject":"Demo","StartDateTime":"2025-05-20T14:00:00.000Z","DurationInMinutes":30"#;
    // Event `AccountId` is derived by Salesforce: never offered, never written.
    let statics: Vec<String> = e
        .static_targets("Event")
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert!(!statics.contains(&"AccountId".to_string()), "{statics:?}");
    assert_eq!(
        codes(
            "Event",
            &format!(r#"{{{start},"AccountId":"0015g00000ABCDEAA5"}}"#),
            false
        ),
        ["RECORD_FIELD_NOT_WRITABLE"]
    );
    // Salesforce's own picklists are restricted in every org: a value outside them is refused.
    let show_as = format!(r#"{{{start},"ShowAs":"Sometimes"}}"#);
    assert_eq!(codes("Event", &show_as, false), ["VALUE_NOT_IN_PICKLIST"]);
    assert!(
        !e.validate_record("Event", &show_as, RecordOptions::default())
            .unwrap()
            .valid
    );
    // `EventSubtype` is set on create only.
    assert!(codes(
        "Event",
        &format!(r#"{{{start},"EventSubtype":"Event"}}"#),
        false
    )
    .is_empty());
    assert_eq!(
        codes("Event", r#"{"EventSubtype":"Event"}"#, true),
        ["RECORD_FIELD_NOT_WRITABLE"]
    );
    // A Contact's bounce fields are writable; a Lead's on update only.
    let bounce = r#"{"LastName":"Rivera","EmailBouncedReason":"mailbox full"}"#;
    assert!(codes("Contact", bounce, false).is_empty());
    assert!(codes("Contact", bounce, true).is_empty());
    assert!(codes("Lead", r#"{"EmailBouncedReason":"mailbox full"}"#, true).is_empty());
    assert!(codes(
        "Lead",
        r#"{"LastName":"Rivera","Company":"Acme","EmailBouncedReason":"full"}"#,
        false
    )
    .contains(&"RECORD_FIELD_NOT_WRITABLE"));
    // Standard lengths bound what is sent, and are no longer unknown.
    let long = "x".repeat(300);
    assert_eq!(
        codes(
            "Event",
            &format!(r#"{{{start},"Location":"{long}"}}"#),
            false
        ),
        ["VALUE_TOO_LONG"]
    );
    assert_eq!(
        codes("Case", &format!(r#"{{"SuppliedName":"{long}"}}"#), false),
        ["VALUE_TOO_LONG"]
    );
    let location = e
        .compatible_fields("Event", "location")
        .unwrap()
        .into_iter()
        .find(|f| f.name == "Location")
        .unwrap();
    assert_eq!(location.length, Some(255));
    assert!(!location
        .unknown_facts
        .iter()
        .any(|x| format!("{x:?}") == "Length"));
}

#[test]
#[expect(
    clippy::too_many_lines,
    reason = "one org's state and country pairs, case by case"
)]
fn state_codes_go_with_their_country_codes() {
    // An org with state and country picklists: `MailingStateCode` depends on
    // `MailingCountryCode` through `validFor` (bit 0 = US, bit 1 = CA).
    let picklist = |values: &[(&str, &str, Option<&str>)]| -> serde_json::Value {
        values
            .iter()
            .map(|(v, label, valid_for)| common::picklist_entry(v, label, false, *valid_for))
            .collect()
    };
    let text = |name: &str| common::text_field(name, 80, false);
    let describe = serde_json::json!({"name": "Contact", "fields": [
        {"name": "LastName", "type": "string", "length": 80, "createable": true, "updateable": true, "nillable": false, "defaultedOnCreate": false},
        text("MailingState"),
        text("MailingCountry"),
        {"name": "MailingCountryCode", "type": "picklist", "length": 255, "createable": true, "updateable": true, "nillable": true, "defaultedOnCreate": false,
         "restrictedPicklist": true, "picklistValues": picklist(&[("US", "United States", None), ("CA", "Canada", None)])},
        {"name": "MailingStateCode", "type": "picklist", "length": 255, "createable": true, "updateable": true, "nillable": true, "defaultedOnCreate": false,
         "restrictedPicklist": true, "dependentPicklist": true, "controllerName": "MailingCountryCode",
         "picklistValues": picklist(&[("NY", "New York", Some("gA==")), ("ON", "Ontario", Some("QA=="))])}
    ]});
    let mut e = Engine::new();
    e.load_describe(&describe.to_string()).unwrap();
    let check = |body: &str, update: bool| {
        let options = RecordOptions {
            operation: if update {
                oncehub_sf_mapping::record::Operation::Update
            } else {
                oncehub_sf_mapping::record::Operation::Create
            },
        };
        e.validate_record("Contact", body, options)
            .unwrap()
            .diagnostics
    };
    assert!(check(
        r#"{"LastName":"Roy","MailingStateCode":"ON","MailingCountryCode":"CA"}"#,
        false
    )
    .is_empty());
    let found = check(
        r#"{"LastName":"Roy","MailingStateCode":"ON","MailingCountryCode":"US"}"#,
        false,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, "STATE_COUNTRY_MISMATCH");
    assert_eq!(found[0].path, "/MailingStateCode");
    assert_eq!(found[0].prevents, Some("FIELD_INTEGRITY_EXCEPTION"));
    assert!(found[0].help.contains("`NY`"), "{}", found[0].help);
    assert!(
        found[0].message.contains(
            "`MailingStateCode` is `ON`, which is not a state of `MailingCountryCode` `US`"
        ),
        "{}",
        found[0].message
    );
    // A state alone: refused on a new record; on an update Salesforce has the country.
    let alone = r#"{"LastName":"Roy","MailingStateCode":"NY"}"#;
    assert_eq!(check(alone, false).len(), 1);
    assert!(check(alone, true).is_empty());
    // The mismatch is refused on an update too.
    assert_eq!(
        check(
            r#"{"MailingStateCode":"ON","MailingCountryCode":"US"}"#,
            true
        )
        .len(),
        1
    );
    // Text names are taken only when they are the org's names (a warning: integration values
    // can be renamed).
    assert!(check(
        r#"{"LastName":"Roy","MailingState":"ontario","MailingCountry":"Canada"}"#,
        false
    )
    .is_empty());
    let found = check(
        r#"{"LastName":"Roy","MailingState":"Ontario","MailingCountry":"USA"}"#,
        false,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, "STATE_COUNTRY_NAME_UNKNOWN");
    assert_eq!(found[0].path, "/MailingCountry");
    assert_eq!(
        found[0].severity,
        oncehub_sf_mapping::diagnostic::Severity::Warning
    );
    // Salesforce turns a country's name into its code: a name with a state code is a pair.
    assert!(check(
        r#"{"LastName":"Roy","MailingCountry":"United States","MailingStateCode":"NY"}"#,
        false
    )
    .is_empty());
    // Names are judged like codes: Ontario is not a state of the United States.
    let found = check(
        r#"{"LastName":"Roy","MailingCountry":"United States","MailingState":"Ontario"}"#,
        false,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].code, found[0].path.as_str()),
        ("STATE_COUNTRY_MISMATCH", "/MailingState")
    );
    // A name and a code for different countries: a new record takes the code's name, an
    // update is refused.
    let both = r#"{"LastName":"Roy","MailingCountry":"Canada","MailingCountryCode":"US"}"#;
    assert!(check(both, false).is_empty(), "{:#?}", check(both, false));
    let found = check(both, true);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.contains("different countries"),
        "{}",
        found[0].message
    );
    // An unknown name beside a code on an update is refused too.
    assert_eq!(
        check(
            r#"{"MailingCountry":"USA","MailingCountryCode":"US"}"#,
            true
        )
        .len(),
        1
    );
}

#[test]
fn a_state_code_several_countries_share_is_judged_by_any_of_its_entries() {
    // `AL` is Alabama (US, bit 0) and Alagoas (BR, bit 1), as real orgs list them.
    let entry = |v: &str, label: &str, valid_for: Option<&str>| {
        common::picklist_entry(v, label, false, valid_for)
    };
    let describe = serde_json::json!({"name": "Contact", "fields": [
        {"name": "LastName", "type": "string", "length": 80, "createable": true, "updateable": true, "nillable": false, "defaultedOnCreate": false},
        {"name": "MailingCountryCode", "type": "picklist", "length": 255, "createable": true, "updateable": true, "nillable": true, "defaultedOnCreate": false,
         "restrictedPicklist": true, "picklistValues": [entry("US", "United States", None), entry("BR", "Brazil", None), entry("CA", "Canada", None)]},
        {"name": "MailingStateCode", "type": "picklist", "length": 255, "createable": true, "updateable": true, "nillable": true, "defaultedOnCreate": false,
         "restrictedPicklist": true, "dependentPicklist": true, "controllerName": "MailingCountryCode",
         "picklistValues": [entry("AL", "Alabama", Some("gA==")), entry("AL", "Alagoas", Some("QA=="))]}
    ]});
    let mut e = Engine::new();
    e.load_describe(&describe.to_string()).unwrap();
    let codes = |body: &str| -> Vec<&'static str> {
        e.validate_record("Contact", body, RecordOptions::default())
            .unwrap()
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    };
    for country in ["US", "BR"] {
        let body = format!(
            r#"{{"LastName":"Roy","MailingStateCode":"AL","MailingCountryCode":"{country}"}}"#
        );
        assert!(codes(&body).is_empty(), "{country}");
    }
    assert_eq!(
        codes(r#"{"LastName":"Roy","MailingStateCode":"AL","MailingCountryCode":"CA"}"#),
        ["STATE_COUNTRY_MISMATCH"]
    );
}

#[test]
fn a_new_record_without_a_country_takes_the_orgs_default_country() {
    let entry = |v: &str, default: bool, valid_for: Option<&str>| {
        common::picklist_entry(v, v, default, valid_for)
    };
    let describe = serde_json::json!({"name": "Lead", "fields": [
        {"name": "LastName", "type": "string", "length": 80, "createable": true, "updateable": true, "nillable": false, "defaultedOnCreate": false},
        {"name": "Company", "type": "string", "length": 255, "createable": true, "updateable": true, "nillable": false, "defaultedOnCreate": false},
        {"name": "CountryCode", "type": "picklist", "length": 255, "createable": true, "updateable": true, "nillable": true, "defaultedOnCreate": true,
         "restrictedPicklist": true, "picklistValues": [entry("US", true, None), entry("CA", false, None)]},
        {"name": "StateCode", "type": "picklist", "length": 255, "createable": true, "updateable": true, "nillable": true, "defaultedOnCreate": false,
         "restrictedPicklist": true, "dependentPicklist": true, "controllerName": "CountryCode",
         "picklistValues": [entry("NY", false, Some("gA==")), entry("ON", false, Some("QA=="))]}
    ]});
    let mut e = Engine::new();
    e.load_describe(&describe.to_string()).unwrap();
    let codes = |body: &str| -> Vec<&'static str> {
        e.validate_record("Lead", body, RecordOptions::default())
            .unwrap()
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    };
    assert!(codes(r#"{"LastName":"Roy","Company":"Acme","StateCode":"NY"}"#).is_empty());
    assert_eq!(
        codes(r#"{"LastName":"Roy","Company":"Acme","StateCode":"ON"}"#),
        ["STATE_COUNTRY_MISMATCH"]
    );
}

/// Older reduced describes (an editor's SOQL cache) mark no compound `Name` of a Lead or Contact;
/// Salesforce builds it from the parts and refuses it in a create. A Lead or Contact describe
/// without `LastName` is partial: loading it says so.
#[test]
fn person_names_of_reduced_describes_and_partial_describes() {
    let mut e = Engine::new();
    for object in ["Lead", "Contact"] {
        let mut describe = serde_json::json!({"name": object, "fields": [
            {"name": "Id", "type": "id", "label": "Lead ID"},
            {"name": "Name", "type": "string", "label": "Full Name"},
            {"name": "LastName", "type": "string", "label": "Last Name"},
            {"name": "FirstName", "type": "string", "label": "First Name"}
        ]});
        if object == "Lead" {
            describe["fields"]
                .as_array_mut()
                .unwrap()
                .push(serde_json::json!({"name": "Company", "type": "string", "label": "Company"}));
        }
        let summary = e.load_describe(&describe.to_string()).unwrap();
        assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);
        let names: Vec<String> = e
            .compatible_fields(object, "full_name")
            .unwrap()
            .into_iter()
            .map(|f| f.name)
            .collect();
        assert!(!names.contains(&"Name".to_string()), "{names:?}");
        assert!(names.contains(&"LastName".to_string()), "{names:?}");
        let required: Vec<String> = e
            .required_fields(object, None)
            .unwrap()
            .into_iter()
            .map(|r| r.name)
            .collect();
        assert!(!required.contains(&"Name".to_string()), "{required:?}");
    }
    let partial = serde_json::json!({"name": "Contact", "fields": [
        {"name": "Email", "type": "email", "nillable": true, "createable": true, "updateable": true, "defaultedOnCreate": false}
    ]});
    let summary = e.load_describe(&partial.to_string()).unwrap();
    assert!(
        summary.warnings.iter().any(|w| w.contains("no `LastName`")),
        "{:?}",
        summary.warnings
    );
    assert!(
        summary
            .findings
            .iter()
            .any(|d| d.code == "DESCRIBE_INCOMPLETE" && d.path == "/fields"),
        "{:?}",
        summary.findings
    );
    // validate and previews say so as an error: every new Contact would be refused.
    let mut config = oncehub_sf_mapping::MappingConfig::default_config();
    config.contacts.target = oncehub_sf_mapping::config::ContactTarget::Contact;
    let report = e.validate(&config);
    assert!(!report.valid);
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.code == "DESCRIBE_INCOMPLETE" && d.path == "/mappings/contacts"),
        "{:?}",
        report
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect::<Vec<_>>()
    );
    let payload = common::repo_file("www/samples/contact.json");
    let preview = e
        .preview(
            &config,
            &oncehub_sf_mapping::preview::PreviewInput::parse(&format!(
                "{{\"payload\":{payload}}}"
            ))
            .unwrap(),
        )
        .unwrap();
    assert!(preview
        .diagnostics
        .iter()
        .any(|d| d.code == "DESCRIBE_INCOMPLETE"));
    // requiredFields lists it, by rule and never met.
    let required = e.required_fields("Contact", Some(&config)).unwrap();
    let last = required.iter().find(|r| r.name == "LastName").unwrap();
    assert_eq!((last.basis, last.satisfied_by), ("rule", None));
    let record = e
        .validate_record("Contact", r#"{"Email":"a@b.co"}"#, RecordOptions::default())
        .unwrap();
    assert!(!record.valid);
    assert!(record
        .diagnostics
        .iter()
        .any(|d| d.code == "DESCRIBE_INCOMPLETE"));
}

/// Loading a describe over a loaded one says what changed for each field: deleted, type
/// changed, shorter, picklist values no longer active (short and long picklists, in the same
/// order or not), newly required; a picklist listed the same says nothing.
#[test]
fn a_describe_loaded_again_says_what_changed() {
    let entry = |v: &str, active: bool| serde_json::json!({"value": v, "label": v, "active": active, "defaultValue": false});
    let list = |n: usize, off: Option<usize>| -> Vec<serde_json::Value> {
        (0..n)
            .map(|i| entry(&format!("V{i}"), Some(i) != off))
            .collect()
    };
    let picklist = |name: &str, values: Vec<serde_json::Value>| serde_json::json!({"name": name, "type": "picklist", "length": 255, "nillable": true, "createable": true, "updateable": true, "defaultedOnCreate": false, "restrictedPicklist": true, "picklistValues": values});
    let text = |name: &str, length: u32, required: bool| common::text_field(name, length, required);
    let before = serde_json::json!({"name": "Lead", "fields": [
        text("LastName", 80, true), text("Company", 255, true), text("Gone__c", 10, false),
        text("Short__c", 100, false), text("Typed__c", 10, false), text("Needed__c", 10, false),
        picklist("Same__c", list(5, None)), picklist("SameLong__c", list(40, None)),
        picklist("Off__c", list(5, None)), picklist("OffLong__c", list(40, None)),
    ]});
    let mut reordered = list(5, Some(1));
    reordered.reverse();
    let after = serde_json::json!({"name": "Lead", "fields": [
        text("LastName", 80, true), text("Company", 255, true),
        text("Short__c", 50, false),
        {"name": "Typed__c", "type": "email", "length": 80, "nillable": true, "createable": true, "updateable": true, "defaultedOnCreate": false},
        text("Needed__c", 10, true),
        picklist("Same__c", list(5, None)), picklist("SameLong__c", list(40, None)),
        picklist("Off__c", reordered), picklist("OffLong__c", list(40, Some(33))),
    ]});
    let mut e = Engine::new();
    assert!(e
        .load_describe(&before.to_string())
        .unwrap()
        .warnings
        .is_empty());
    let summary = e.load_describe(&after.to_string()).unwrap();
    assert!(summary.replaced);
    assert_eq!(
        summary.warnings,
        [
            "`Lead.Gone__c` no longer exists in the describe",
            "`Lead.Short__c` shrank from 100 to 50 characters",
            "`Lead.Typed__c` changed type from `string` to `email`",
            "`Lead.Needed__c` became required on create",
            "`Lead.Off__c` no longer has the active picklist values `V1`",
            "`Lead.OffLong__c` no longer has the active picklist values `V33`",
        ]
    );
    // The same as findings with codes, each at its field in the new describe; a deleted field
    // at `fields`.
    let findings: Vec<(&str, &str, &str)> = summary
        .findings
        .iter()
        .map(|d| (d.code, d.path.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(
        findings
            .iter()
            .map(|(c, p, _)| (*c, *p))
            .collect::<Vec<_>>(),
        [
            ("DRIFT_FIELD_DELETED", "/fields"),
            ("DRIFT_LENGTH_SHRUNK", "/fields/2"),
            ("DRIFT_TYPE_CHANGED", "/fields/3"),
            ("DRIFT_BECAME_REQUIRED", "/fields/4"),
            ("DRIFT_PICKLIST_VALUE_DEACTIVATED", "/fields/7"),
            ("DRIFT_PICKLIST_VALUE_DEACTIVATED", "/fields/8"),
        ]
    );
    assert!(summary.findings.iter().all(|d| d.severity
        == oncehub_sf_mapping::diagnostic::Severity::Warning
        && !d.help.is_empty()));
    assert_eq!(
        findings.iter().map(|f| f.2).collect::<Vec<_>>(),
        summary.warnings
    );

    // The same describe again: nothing changed.
    let again = e.load_describe(&after.to_string()).unwrap();
    assert!(again.warnings.is_empty() && again.findings.is_empty());
    // Inside the `sf sobject describe --json` wrapper, paths start at `/result` (the earlier
    // describe again: `Typed__c`, at 4, is text once more).
    let wrapped = serde_json::json!({"status": 0, "result": before});
    let summary = e.load_describe(&wrapped.to_string()).unwrap();
    assert_eq!(
        summary.findings.first().map(|d| (d.code, d.path.as_str())),
        Some(("DRIFT_TYPE_CHANGED", "/result/fields/4"))
    );
}
