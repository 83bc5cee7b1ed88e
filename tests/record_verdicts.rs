//! `validateRecord` agrees with Salesforce's real verdicts (grouparoo write interactions,
//! API v42.0) wherever the describe decides the outcome.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    unreachable_pub,
    reason = "test code: a failed unwrap is a failed test"
)]

mod common;

use common::fixture;
use oncehub_sf_mapping::record::{validate_record, Operation};
use oncehub_sf_mapping::Engine;
use serde_json::Value;

/// Salesforce errors the describe decides.
const DECIDED_BY_DESCRIBE: &[&str] = &["INVALID_EMAIL_ADDRESS", "REQUIRED_FIELD_MISSING"];

#[test]
fn validate_record_agrees_with_every_real_verdict() {
    // The org's Contact describe was recorded twice (before and after two custom fields were
    // added); the verdicts must hold against both.
    for contact in [
        "grouparoo/Contact_describe_v42.0.json",
        "grouparoo/Contact_variant2_describe_v42.0.json",
    ] {
        check_against(contact);
    }
}

fn check_against(contact: &str) {
    let mut e = Engine::new();
    for rel in [
        "grouparoo/Lead_describe_v42.0.json",
        contact,
        "grouparoo/Account_describe_v42.0.json",
        "grouparoo/Campaign_describe_v42.0.json",
    ] {
        e.load_describe(&fixture(rel)).unwrap();
    }
    let interactions: Vec<Value> =
        serde_json::from_str(&fixture("grouparoo/write_interactions_v42.0.json")).unwrap();
    let (mut accepted, mut rejected_caught, mut skipped) = (0, 0, 0);
    for (i, x) in interactions.iter().enumerate() {
        let op = match x["method"].as_str() {
            Some("POST") => Operation::Create,
            Some("PATCH") => Operation::Update,
            _ => {
                skipped += 1;
                continue;
            }
        };
        let path = x["path"].as_str().unwrap();
        // (object, record, verdict) triples.
        let mut cases: Vec<(String, &serde_json::Map<String, Value>, &Value)> = Vec::new();
        if let Some(records) = x["request_body"]["records"].as_array() {
            let verdicts = x["response_body"].as_array().unwrap();
            for (r, v) in records.iter().zip(verdicts) {
                let object = r["attributes"]["type"].as_str().unwrap().to_string();
                cases.push((object, r.as_object().unwrap(), v));
            }
        } else if let Some(object) = path.strip_prefix("/services/data/v42.0/sobjects/") {
            cases.push((
                object.to_string(),
                x["request_body"].as_object().unwrap(),
                &x["response_body"],
            ));
        }
        for (object, record, verdict) in cases {
            let Some(o) = e.object(&object) else {
                skipped += 1; // Topic, TopicAssignment, CampaignMember: no describe in the fixtures
                continue;
            };
            let report = validate_record(o, record, "", op);
            let errors: Vec<_> = report
                .diagnostics
                .iter()
                .filter(|d| d.severity == oncehub_sf_mapping::diagnostic::Severity::Error)
                .collect();
            let sf_errors: Vec<&str> = verdict["errors"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|e| e["statusCode"].as_str().or(e["errorCode"].as_str()))
                        .collect()
                })
                .unwrap_or_default();
            if sf_errors.is_empty() {
                assert!(errors.is_empty(), "interaction {i}: Salesforce accepted {object} {record:?} but we report {errors:#?}");
                accepted += 1;
            } else {
                for code in sf_errors.iter().filter(|c| DECIDED_BY_DESCRIBE.contains(c)) {
                    assert!(
                        errors.iter().any(|d| d.prevents == Some(*code)),
                        "interaction {i}: Salesforce rejected with {code}; we report {errors:#?}"
                    );
                    rejected_caught += 1;
                }
            }
        }
    }
    eprintln!("accepted records checked: {accepted}, describe-decided rejections caught: {rejected_caught}, skipped: {skipped}");
    assert!(
        accepted >= 80 && rejected_caught >= 8,
        "{accepted} {rejected_caught}"
    );
}
