//! `STATE_COUNTRY_MISMATCH` / `STATE_COUNTRY_NAME_UNKNOWN` in a configuration — an org with state
//! and country picklists: a tab that creates records and writes a state without any country
//! (every new record with a state would be refused), fixed values that are not a state of the fixed country, and a fixed
//! name that is none of the org's. The same findings as previews and `validateRecord` give.

use crate::config::Tab;
use crate::diagnostic::Diagnostic;
use crate::validate::Ctx;

/// A mapped row's value, unknown here: given, and equal to no picklist entry.
const MAPPED: &str = "\u{0}mapped";

/// Runs the rule.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for tab in Tab::ALL {
        let Some(object) = ctx.tab_rows(tab).find_map(|r| r.object) else {
            continue;
        };
        // Rows are looked up by target in constant time (a target written twice gives the same
        // finding twice, which the report keeps once).
        let row_of = |n: &str| ctx.row_for(tab, n);
        // A fixed value as it is sent; a mapped one as unknown (given, naming no entry).
        let fixed = |n: &str| -> Option<String> {
            let r = row_of(n)?;
            match (&r.row.source, &r.row.fallback) {
                (None, Some(f)) => Some(f.as_text()).filter(|t| !t.trim().is_empty()),
                _ => None,
            }
        };
        let value = |n: &str| -> Option<String> {
            let r = row_of(n)?;
            if r.row.source.is_some() {
                Some(MAPPED.to_string())
            } else {
                fixed(n)
            }
        };
        let path = |n: &str| row_of(n).map_or_else(String::new, |r| r.path("target"));
        let found = crate::value::state_country_findings(
            object,
            &mut ctx.tab_rows(tab).map(|r| r.row.target.as_str()),
            &value,
            &|_| None,
            &|_| false,
            // A tab that only updates (Contacts under contactElseLead) is judged as updates:
            // the record's own country is unknown here.
            ctx.tab_creates(tab),
            &path,
        )
        .into_iter()
        .chain(crate::value::state_country_names(
            object,
            &mut ctx.tab_rows(tab).map(|r| r.row.target.as_str()),
            // Fixed names are judged; a code row, mapped or fixed, makes Salesforce go by the code.
            &|n: &str| {
                if crate::value::ends_with_ci(n, "Code") {
                    value(n)
                } else {
                    fixed(n)
                }
            },
            &path,
        ));
        out.extend(found.map(|d| ctx.on_target_row(tab, d)));
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{MappingConfig, Row};

    fn engine() -> crate::engine::Engine {
        let entry = |v: &str, label: &str, valid_for: Option<&str>| serde_json::json!({"value": v, "label": label, "active": true, "defaultValue": false, "validFor": valid_for});
        let describe = serde_json::json!({"name": "Lead", "fields": [
            {"name": "LastName", "type": "string", "length": 80, "createable": true, "updateable": true, "nillable": false, "defaultedOnCreate": false},
            {"name": "Company", "type": "string", "length": 255, "createable": true, "updateable": true, "nillable": false, "defaultedOnCreate": false},
            {"name": "State", "type": "string", "length": 80, "createable": true, "updateable": true, "nillable": true, "defaultedOnCreate": false},
            {"name": "Country", "type": "string", "length": 80, "createable": true, "updateable": true, "nillable": true, "defaultedOnCreate": false},
            {"name": "CountryCode", "type": "picklist", "length": 255, "createable": true, "updateable": true, "nillable": true, "defaultedOnCreate": false,
             "restrictedPicklist": true, "picklistValues": [entry("US", "United States", None), entry("CA", "Canada", None)]},
            {"name": "StateCode", "type": "picklist", "length": 255, "createable": true, "updateable": true, "nillable": true, "defaultedOnCreate": false,
             "restrictedPicklist": true, "dependentPicklist": true, "controllerName": "CountryCode",
             "picklistValues": [entry("NY", "New York", Some("gA==")), entry("ON", "Ontario", Some("QA=="))]}
        ]});
        let mut e = crate::engine::Engine::new();
        e.load_describe(&describe.to_string()).unwrap();
        e
    }

    fn codes(e: &crate::engine::Engine, rows: Vec<Row>) -> Vec<(&'static str, String)> {
        let mut c = MappingConfig::default_config();
        c.contacts.target = crate::config::ContactTarget::Lead;
        c.mappings.leads = vec![
            Row::map("last_name_or_name", "LastName", false).with_fallback("[not provided]"),
            Row::map("company", "Company", false).with_fallback("[not provided]"),
        ];
        c.mappings.leads.extend(rows);
        e.validate(&c)
            .diagnostics
            .into_iter()
            .filter(|d| d.code.starts_with("STATE_COUNTRY"))
            .map(|d| (d.code, d.path))
            .collect()
    }

    /// With state and country picklists, the text State and Country take only the org's names:
    /// free text is lossy, and an email, phone or number never fits.
    #[test]
    fn text_states_and_countries_take_only_names() {
        let e = engine();
        let lead = e.object("Lead").unwrap();
        let grade = |src: &str, target: &str| {
            let source = e
                .catalogue()
                .get(crate::catalogue::SourceKind::Contact, src)
                .unwrap();
            crate::compat::assess(lead, source, lead.field(target).unwrap())
        };
        let state = grade("state", "State");
        assert_eq!(state.grade, Some(crate::compat::Grade::Lossy));
        assert!(state.note.contains("`StateCode`"), "{}", state.note);
        let email = grade("email", "Country");
        assert_eq!(email.grade, None);
        assert!(
            email.reasons.iter().any(|r| r.contains("country names")),
            "{:?}",
            email.reasons
        );
        let mut c = MappingConfig::default_config();
        c.contacts.target = crate::config::ContactTarget::Lead;
        c.mappings.leads = vec![
            Row::map("last_name_or_name", "LastName", false).with_fallback("[not provided]"),
            Row::map("company", "Company", false).with_fallback("[not provided]"),
            Row::map("email", "Country", false),
        ];
        let d = e
            .validate(&c)
            .diagnostics
            .into_iter()
            .find(|d| d.code == "INCOMPATIBLE_MAPPING")
            .unwrap();
        assert_eq!(d.prevents, Some("FIELD_INTEGRITY_EXCEPTION"));
    }

    #[test]
    fn contacts_that_are_only_updated_may_send_a_state_alone() {
        // Under contactElseLead a Contact is only updated: its own country stands.
        let entry = |v: &str, valid_for: Option<&str>| serde_json::json!({"value": v, "label": v, "active": true, "defaultValue": false, "validFor": valid_for});
        let describe = serde_json::json!({"name": "Contact", "fields": [
            {"name": "LastName", "type": "string", "length": 80, "createable": true, "updateable": true, "nillable": false, "defaultedOnCreate": false},
            {"name": "MailingCountryCode", "type": "picklist", "length": 255, "createable": true, "updateable": true, "nillable": true, "defaultedOnCreate": false,
             "restrictedPicklist": true, "picklistValues": [entry("US", None), entry("CA", None)]},
            {"name": "MailingStateCode", "type": "picklist", "length": 255, "createable": true, "updateable": true, "nillable": true, "defaultedOnCreate": false,
             "restrictedPicklist": true, "dependentPicklist": true, "controllerName": "MailingCountryCode",
             "picklistValues": [entry("NY", Some("gA==")), entry("ON", Some("QA=="))]}
        ]});
        let mut e = crate::engine::Engine::new();
        e.load_describe(&describe.to_string()).unwrap();
        let found = |target: crate::config::ContactTarget| {
            let mut c = MappingConfig::default_config();
            c.contacts.target = target;
            c.mappings.contacts = vec![
                Row::map("last_name_or_name", "LastName", false).with_fallback("[not provided]"),
                Row::map("state", "MailingStateCode", false),
            ];
            e.validate(&c)
                .diagnostics
                .iter()
                .any(|d| d.code == "STATE_COUNTRY_MISMATCH")
        };
        assert!(!found(crate::config::ContactTarget::ContactElseLead));
        assert!(found(crate::config::ContactTarget::Contact));
    }

    #[test]
    fn states_need_their_country_in_a_configuration() {
        let e = engine();
        // A state without any country: every new Lead with a state is refused.
        assert_eq!(
            codes(&e, vec![Row::map("state", "StateCode", false)]),
            [(
                "STATE_COUNTRY_MISMATCH",
                "/mappings/leads/2/target".to_string()
            )]
        );
        // With a country, by code or by name, mapped or fixed: fine.
        assert!(codes(
            &e,
            vec![
                Row::map("state", "StateCode", false),
                Row::map("country", "Country", false)
            ]
        )
        .is_empty());
        // Fixed values that are not a pair, and a fixed name that is not the org's.
        assert_eq!(
            codes(
                &e,
                vec![
                    Row::fixed("CountryCode", "US", true),
                    Row::fixed("StateCode", "ON", true)
                ]
            ),
            [(
                "STATE_COUNTRY_MISMATCH",
                "/mappings/leads/3/target".to_string()
            )]
        );
        assert_eq!(
            codes(&e, vec![Row::fixed("Country", "USA", true)]),
            [(
                "STATE_COUNTRY_NAME_UNKNOWN",
                "/mappings/leads/2/target".to_string()
            )]
        );
        // Beside a code row, Salesforce goes by the code.
        assert!(codes(
            &e,
            vec![
                Row::fixed("Country", "USA", true),
                Row::map("country", "CountryCode", true)
            ]
        )
        .is_empty());
    }
}
