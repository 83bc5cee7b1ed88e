//! `UNMAPPED_CHOICE_OPTIONS` / `VALUE_MAP_INVALID_TARGET` / `VALUE_MAP_UNKNOWN_OPTION` /
//! `VALUE_MAP_NOT_A_CHOICE` / `VALUE_MAP_AMBIGUOUS_KEYS` — OnceHub choice options must reach a restricted picklist as its
//! values, directly or through `valueMap` (an error); on an unrestricted picklist an option
//! outside its values is a warning, as Salesforce stores it (as an inactive value).

use crate::catalogue::ValueType;
use crate::describe::FieldType;
use crate::diagnostic::{Diagnostic, Severity};
use crate::validate::Ctx;

/// Runs the rule.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for r in &ctx.rows {
        let (Some(field), Some(source)) = (r.field, r.source) else {
            continue;
        };
        let choice = matches!(
            source.value_type,
            ValueType::SingleChoice | ValueType::MultipleChoice
        );
        let picklist = matches!(
            field.field_type,
            FieldType::Picklist | FieldType::Multipicklist | FieldType::Combobox
        );
        let map = r.row.value_map.as_ref();
        // A text value equal to a key is mapped too (an event type's name to a picklist value,
        // a list entry, a date as written): only numbers and yes/no values never use the map.
        let never_mapped = matches!(
            source.value_type,
            ValueType::Integer | ValueType::Number | ValueType::Boolean
        );
        if !choice && never_mapped {
            if map.is_some_and(|m| !m.is_empty()) {
                out.push(r.diag(
                    "VALUE_MAP_NOT_A_CHOICE",
                    "valueMap",
                    format!(
                        "{} is a number or a yes/no value, so its value map is never used",
                        source.named()
                    ),
                    "remove the value map".to_string(),
                ));
            }
            continue;
        }
        if let Some(map) = map {
            ambiguous_keys(r, map, out);
            // Keys match options as previews match them: exactly, else loosely (a long list of
            // options is indexed once per row; the help names the first options only).
            let mut option_names: Option<String> = None;
            let mut known: Option<KnownOptions<'_>> = None;
            for (option, value) in map {
                let key = format!("valueMap/{}", crate::error::pointer_segment(option));
                if choice
                    && !known
                        .get_or_insert_with(|| {
                            KnownOptions::new(source.options.iter().map(String::as_str).collect())
                        })
                        .contains(option)
                {
                    let names = option_names.get_or_insert_with(|| {
                        let quoted: Vec<String> =
                            source.options.iter().map(|o| format!("`{o}`")).collect();
                        crate::value::short_list(&quoted, ", ")
                    });
                    out.push(r.diag(
                        "VALUE_MAP_UNKNOWN_OPTION",
                        &key,
                        format!("`{option}` is not an option of {}", source.named()),
                        format!("options are {names}"),
                    ));
                }
                if picklist && !field.picklist_values.is_empty() && !field.has_active_value(value) {
                    let mut d = r.diag(
                        "VALUE_MAP_INVALID_TARGET",
                        &key,
                        format!("`{value}` is not an active value of `{}`", field.name),
                        format!(
                            "use one of {}",
                            field
                                .active_values()
                                .take(8)
                                .map(|v| format!("`{}`", v.value))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                    // Unrestricted, or a text row whose fallback the picklist takes (previews send
                    // the fallback instead): a warning.
                    if !field.restricted_picklist
                        || field.field_type == FieldType::Combobox
                        || crate::compat::rescued_by_row(source, field, r.row)
                    {
                        d = d.severity(Severity::Warning).prevents(None);
                    }
                    out.push(d);
                }
            }
        }
        // An incompatible row (several options into a single-select picklist, or a field that
        // cannot be written) has its own finding; asking for a value map there would mislead.
        let incompatible = (source.value_type == ValueType::MultipleChoice
            && field.field_type == FieldType::Picklist)
            || field.blocked_on_create();
        if choice && picklist && !incompatible {
            unmapped_options(r, field, source, map, out);
        }
    }
}

/// `VALUE_MAP_AMBIGUOUS_KEYS`: keys that differ only in letter case or in `-`, `_` and spaces
/// (which previews match loosely) and map to different values. A OnceHub value equal to
/// neither gets the first key's value, in key order, as [`crate::preview`] looks it up.
fn ambiguous_keys(
    r: &crate::validate::RowCtx<'_>,
    map: &std::collections::BTreeMap<String, String>,
    out: &mut Vec<Diagnostic>,
) {
    if map.len() < 2 {
        return;
    }
    // The first key of each loose spelling, by its place in key order (a map of that shape is
    // already in the engine, which keeps the package small).
    let mut first: crate::text::FastMap<String, usize> = crate::text::FastMap::default();
    let entries: Vec<(&String, &String)> = map.iter().collect();
    for (i, &(key, value)) in entries.iter().enumerate() {
        let at = *first.entry(crate::text::loose_key(key)).or_insert(i);
        let Some(&(k0, v0)) = entries.get(at) else {
            continue;
        };
        if v0 != value {
            out.push(r.diag(
                "VALUE_MAP_AMBIGUOUS_KEYS",
                &format!("valueMap/{}", crate::error::pointer_segment(key)),
                format!(
                    "`{k0}` and `{key}` differ only in letter case or in `-`, `_` and spaces, but map to `{v0}` and `{value}`: a OnceHub value equal to neither (such as `{}`) gets `{v0}`",
                    loose_variant(k0, key)
                ),
                "keep one of the two keys, or give both the same value".to_string(),
            ));
        }
    }
}

/// A spelling of `a` that equals neither `a` nor `b` exactly but matches both loosely: `a` in
/// another letter case (or with a space for a `_`).
fn loose_variant(a: &str, b: &str) -> String {
    [
        a.to_ascii_uppercase(),
        a.to_ascii_lowercase(),
        a.replace('_', " "),
        a.replace([' ', '-'], "_"),
    ]
    .into_iter()
    .find(|v| v != a && v != b && crate::text::loosely_equal_key(v, &crate::text::loose_key(a)))
    .unwrap_or_else(|| format!(" {a} "))
}

/// `UNMAPPED_CHOICE_OPTIONS`: options of a choice that reach a picklist as values it does not
/// have (an error for a restricted picklist, a warning otherwise).
fn unmapped_options(
    r: &crate::validate::RowCtx<'_>,
    field: &crate::describe::Field,
    source: &crate::catalogue::SourceField,
    map: Option<&std::collections::BTreeMap<String, String>>,
    out: &mut Vec<Diagnostic>,
) {
    // A combobox takes any text; an unrestricted picklist without listed values cannot be
    // judged (a restricted one without values refuses every value).
    if field.field_type != FieldType::Combobox
        && (field.restricted_picklist || !field.picklist_values.is_empty())
    {
        let mut known: Option<KnownOptions<'_>> = None;
        let missing: Vec<&String> = source
            .options
            .iter()
            .filter(|o| {
                !field.has_active_value(o)
                    && !map.is_some_and(|m| {
                        m.contains_key(*o)
                            || known
                                .get_or_insert_with(|| {
                                    KnownOptions::new(m.keys().map(String::as_str).collect())
                                })
                                .contains(o)
                    })
            })
            .collect();
        if !missing.is_empty() {
            let quoted: Vec<String> = missing.iter().map(|o| format!("`{o}`")).collect();
            let list = crate::value::short_list(&quoted, ", ");
            // "option `A` … is not a value", "options `A`, `B` … are not values".
            let one = missing.len() == 1;
            let options = format!("option{} {list}", if one { "" } else { "s" });
            let (are, values) = if one {
                ("is", "a value")
            } else {
                ("are", "values")
            };
            let help = "map each option to a picklist value in the row's value map".to_string();
            // Only a fallback the picklist takes stands in (as in previews).
            let fallback = r
                .row
                .fallback
                .as_ref()
                .filter(|f| !f.is_blank())
                .filter(|f| crate::value::refusal(field, &f.to_json()).is_none())
                .map(crate::config::Fallback::as_text);
            let them = if one { "it" } else { "them" };
            let head = format!(
                "{options} of {} {are} not {values} of the {}picklist `{}`",
                source.named(),
                if field.restricted_picklist {
                    "restricted "
                } else {
                    ""
                },
                field.name
            );
            // Restricted without a usable fallback: Salesforce refuses those bookings' records.
            // With one, those bookings get it instead (SOURCE_VALUE_UNUSABLE); unrestricted,
            // Salesforce stores the text as an inactive value (the preview warns VALUE_NOT_IN_PICKLIST).
            let (message, refused) = match (field.restricted_picklist, fallback) {
                (true, Some(fallback)) => (
                    format!("{head}, so bookings with {them} get the fallback `{fallback}`"),
                    false,
                ),
                (true, None) => (head, true),
                (false, _) => (
                    format!(
                        "{head}; Salesforce would store {them} as inactive values of the picklist"
                    ),
                    false,
                ),
            };
            let d = r.diag("UNMAPPED_CHOICE_OPTIONS", "valueMap", message, help);
            out.push(if refused {
                d
            } else {
                d.severity(Severity::Warning).prevents(None)
            });
        }
    }
}

/// Names matched exactly, else loosely ([`crate::text::loosely_equal`]): a few are compared in
/// turn, many are indexed.
enum KnownOptions<'a> {
    Few(Vec<&'a str>),
    Many(
        std::collections::HashSet<&'a str>,
        std::collections::HashSet<String>,
    ),
}

impl<'a> KnownOptions<'a> {
    fn new(names: Vec<&'a str>) -> Self {
        if names.len() <= 16 {
            KnownOptions::Few(names)
        } else {
            KnownOptions::Many(
                names.iter().copied().collect(),
                names.iter().map(|n| crate::text::loose_key(n)).collect(),
            )
        }
    }

    fn contains(&self, name: &str) -> bool {
        match self {
            KnownOptions::Few(names) => {
                names.contains(&name) || names.iter().any(|n| crate::text::loosely_equal(n, name))
            }
            KnownOptions::Many(exact, loose) => {
                exact.contains(name) || loose.contains(&crate::text::loose_key(name))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{MappingConfig, Row};
    use crate::validate::test_support::*;
    use std::collections::BTreeMap;

    fn with_status_row(map: Option<&[(&str, &str)]>) -> Vec<&'static str> {
        let e = engine_with_meeting_type();
        let mut c = MappingConfig::default_config();
        let mut row = Row::map("custom.meeting_type", "Meeting_Type__c", false);
        row.value_map = map.map(|m| {
            m.iter()
                .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
                .collect::<BTreeMap<_, _>>()
        });
        c.mappings.leads.push(row);
        e.validate(&c).diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn restricted_picklists_need_every_option_mapped() {
        assert_eq!(with_status_row(None), vec!["UNMAPPED_CHOICE_OPTIONS"]);
        assert!(with_status_row(Some(&[("Intro call", "Discovery")])).is_empty());
        // A key written as previews match it (letter case; `-`, `_` and spaces alike).
        assert!(with_status_row(Some(&[("intro_call", "Discovery")])).is_empty());
        assert_eq!(
            with_status_row(Some(&[("Intro call", "Nope")])),
            vec!["VALUE_MAP_INVALID_TARGET"]
        );
        assert_eq!(
            with_status_row(Some(&[("Webinar", "Demo"), ("Intro call", "Demo")])),
            vec!["VALUE_MAP_UNKNOWN_OPTION"]
        );
    }

    #[test]
    fn keys_that_match_the_same_values_loosely_must_agree() {
        // Two spellings of one option, mapped alike: nothing to say.
        assert!(with_status_row(Some(&[
            ("Intro call", "Discovery"),
            ("intro_call", "Discovery")
        ]))
        .is_empty());
        // Mapped differently: a value equal to neither (`INTRO CALL`) gets the first key's.
        let e = engine_with_meeting_type();
        let mut c = MappingConfig::default_config();
        let mut row = Row::map("custom.meeting_type", "Meeting_Type__c", false);
        row.value_map = Some(BTreeMap::from([
            ("Intro call".to_string(), "Discovery".to_string()),
            ("intro-call".to_string(), "Demo".to_string()),
        ]));
        c.mappings.leads.push(row);
        let report = e.validate(&c);
        let found: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == "VALUE_MAP_AMBIGUOUS_KEYS")
            .collect();
        assert_eq!(found.len(), 1, "{:?}", report.diagnostics);
        let d = found[0];
        assert_eq!(d.severity, crate::diagnostic::Severity::Warning);
        assert!(report.valid);
        assert!(d.path.ends_with("/valueMap/intro-call"), "{}", d.path);
        assert!(
            d.message.contains("gets `Discovery`") && d.message.contains("`INTRO CALL`"),
            "{}",
            d.message
        );
        // What it says is what previews do.
        let row = &c.mappings.leads[c.mappings.leads.len() - 1];
        assert_eq!(
            crate::preview::convert::mapped(row, "INTRO CALL"),
            Some("Discovery")
        );
        assert_eq!(
            crate::preview::convert::mapped(row, "intro-call"),
            Some("Demo")
        );
    }

    #[test]
    fn unrestricted_picklists_warn_for_options_outside_their_values() {
        let mut e = sample_engine();
        e.add_source_fields(
            crate::catalogue::CustomFieldInput::parse_list(
                r#"[{"id":"custom.rating","type":"singleChoice","options":["Hot","Lukewarm"]}]"#,
            )
            .unwrap(),
        )
        .unwrap();
        let mut c = MappingConfig::default_config();
        c.mappings
            .leads
            .push(Row::map("custom.rating", "Rating", false));
        let report = e.validate(&c);
        let d: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == "UNMAPPED_CHOICE_OPTIONS")
            .collect();
        assert_eq!(d.len(), 1, "{:?}", report.diagnostics);
        assert_eq!(d[0].severity, crate::diagnostic::Severity::Warning);
        assert!(d[0].message.contains("`Lukewarm`") && !d[0].message.contains("`Hot`"));
        // A value map for the missing option settles it.
        let last = c.mappings.leads.len() - 1;
        c.mappings.leads[last].value_map =
            Some([("Lukewarm".to_string(), "Warm".to_string())].into());
        assert!(!e
            .validate(&c)
            .diagnostics
            .iter()
            .any(|d| d.code == "UNMAPPED_CHOICE_OPTIONS"));
    }

    #[test]
    fn an_unmapped_option_with_a_fallback_is_a_warning() {
        use crate::diagnostic::Severity;
        let e = engine_with_meeting_type();
        let mut c = MappingConfig::default_config();
        c.mappings
            .leads
            .push(Row::map("custom.meeting_type", "Meeting_Type__c", false).with_fallback("Demo"));
        let d = findings(&e, &c, "UNMAPPED_CHOICE_OPTIONS");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].severity, Severity::Warning);
        assert!(d[0].message.contains("fallback `Demo`"), "{}", d[0].message);
    }

    /// Codes for an Events row `source → target` whose value map has one entry.
    fn events_row_with_map(source: &str, target: &str, from: &str, to: &str) -> Vec<&'static str> {
        let mut c = MappingConfig::default_config();
        let mut row = Row::map(source, target, true);
        row.value_map = Some([(from.to_string(), to.to_string())].into_iter().collect());
        c.mappings.events.push(row);
        sample_engine()
            .validate(&c)
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn a_value_map_on_a_text_source_is_used_and_checked() {
        let codes = events_row_with_map("event_type", "Meeting_Status__c", "Product demo", "Nope");
        assert!(!codes.contains(&"VALUE_MAP_NOT_A_CHOICE"), "{codes:?}");
        assert!(!codes.contains(&"VALUE_MAP_UNKNOWN_OPTION"), "{codes:?}");
        assert!(codes.contains(&"VALUE_MAP_INVALID_TARGET"), "{codes:?}");
        // A number is never mapped.
        let codes = events_row_with_map("duration_minutes", "Description", "30", "half an hour");
        assert!(codes.contains(&"VALUE_MAP_NOT_A_CHOICE"), "{codes:?}");
    }

    #[test]
    fn lists_and_dates_use_a_value_map_and_a_refused_fallback_stands_in_for_nothing() {
        use crate::diagnostic::Severity;
        let codes = events_row_with_map("guests", "Location", "a@b.co", "Ana");
        assert!(!codes.contains(&"VALUE_MAP_NOT_A_CHOICE"), "{codes:?}");
        // A restricted picklist row whose fallback the picklist refuses: still an error.
        let e = engine_with_meeting_type();
        let mut c = MappingConfig::default_config();
        c.mappings
            .leads
            .push(Row::map("custom.meeting_type", "Meeting_Type__c", false).with_fallback("Nope"));
        let d = findings(&e, &c, "UNMAPPED_CHOICE_OPTIONS");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].severity, Severity::Error);
    }
}
