//! `REQUIRED_FIELD_UNMAPPED` / `REQUIRED_FIELD_NO_FALLBACK` — every field Salesforce requires on
//! create needs a mapping or a fallback, and a mapping from a OnceHub field that can be empty
//! needs a fallback too, so the integration never stops on missing data.
//!
//! Event timing rules are reported by `event_rules`.

use crate::diagnostic::{Diagnostic, Severity};
use crate::required::{requirements, source_can_be_empty, Basis};
use crate::validate::Ctx;

/// Runs the rule.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for tab in crate::config::Tab::ALL {
        // A tab not in use sends nothing, and one that only updates (Contacts under
        // `contactElseLead`) creates nothing: its required fields need nothing (the screen's
        // required list says so too). Clearing one on an update is RECORD_CLEARS_REQUIRED.
        if !ctx.tab_creates(tab) {
            continue;
        }
        let Some(object) = ctx.engine.object(tab.object()) else {
            continue;
        };
        for req in requirements(object) {
            if req.basis == Basis::Rule {
                continue;
            }
            let row = ctx
                .tab_rows(tab)
                .find(|r| r.row.target.eq_ignore_ascii_case(&req.name));
            match row {
                None => {
                    let mut d = Diagnostic::new(
                        "REQUIRED_FIELD_UNMAPPED",
                        format!("/mappings/{}", tab.key()),
                        format!("`{}.{}` is required but has neither a mapping nor a fallback", object.name, req.name),
                        format!("add a row for `{}` with a OnceHub field and a fallback, or a static value", req.name),
                    )
                    .at(tab, None);
                    if !req.certain {
                        d = d.severity(Severity::Warning);
                        d.message = format!(
                            "`{}.{}` may be required (the describe does not say whether it is createable or defaulted) and has no mapping",
                            object.name, req.name
                        );
                    }
                    out.push(d);
                }
                Some(r) => {
                    let can_be_empty = r
                        .row
                        .source
                        .as_deref()
                        .is_some_and(|s| source_can_be_empty(tab, s));
                    let blank = r
                        .row
                        .fallback
                        .as_ref()
                        .is_some_and(crate::config::Fallback::is_blank);
                    // A requirement the describe leaves uncertain is a warning, as above.
                    let uncertain = |d: Diagnostic| {
                        if req.certain {
                            d
                        } else {
                            let mut d = d.severity(Severity::Warning);
                            d.message = d.message.replacen(" is required", " may be required", 1);
                            d
                        }
                    };
                    if blank && (can_be_empty || r.row.source.is_none()) {
                        out.push(uncertain(r.diag(
                            "REQUIRED_FIELD_NO_FALLBACK",
                            "fallback",
                            format!(
                                "`{}` is required, and its fallback is blank: Salesforce stores blank text as an empty field and rejects the record",
                                req.name
                            ),
                            "set a fallback with visible text, such as `[not provided]`".to_string(),
                        )));
                    } else if can_be_empty && r.row.fallback.is_none() {
                        out.push(uncertain(
                            r.diag(
                                "REQUIRED_FIELD_NO_FALLBACK",
                                "fallback",
                                format!(
                                    "`{}` is required, and the OnceHub field {} can be empty: give a fallback",
                                    req.name,
                                    r.source.map_or_else(
                                        || format!("`{}`", r.row.source.as_deref().unwrap_or_default()),
                                        crate::catalogue::SourceField::named
                                    )
                                ),
                                "set a fallback value that is true for records without this data"
                                    .to_string(),
                            ),
                        ));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::*;

    #[test]
    fn a_blank_fallback_for_a_required_field_is_reported() {
        for blank in ["", "   "] {
            let codes = codes_after(|c| {
                for r in &mut c.mappings.leads {
                    if r.target == "Company" {
                        r.fallback = Some(crate::config::Fallback::Text(blank.to_string()));
                    }
                }
            });
            assert!(
                codes.contains(&"REQUIRED_FIELD_NO_FALLBACK"),
                "{blank:?}: {codes:?}"
            );
        }
    }

    #[test]
    fn removing_the_company_row_leaves_a_required_field_unmapped() {
        let codes = codes_after(|c| c.mappings.leads.retain(|r| r.target != "Company"));
        assert!(codes.contains(&"REQUIRED_FIELD_UNMAPPED"));
    }

    #[test]
    fn contacts_that_are_only_updated_need_no_required_fields() {
        use crate::config::ContactTarget;
        // contactElseLead (the default): a Contact is updated, never created.
        let codes = codes_after(|c| {
            assert_eq!(c.contacts.target, ContactTarget::ContactElseLead);
            c.mappings.contacts.retain(|r| r.target != "LastName");
        });
        assert!(!codes.contains(&"REQUIRED_FIELD_UNMAPPED"), "{codes:?}");
        // Creating Contacts needs it.
        let codes = codes_after(|c| {
            c.contacts.target = ContactTarget::Contact;
            c.mappings.contacts.retain(|r| r.target != "LastName");
        });
        assert!(codes.contains(&"REQUIRED_FIELD_UNMAPPED"), "{codes:?}");
    }

    #[test]
    fn a_required_mapping_without_fallback_is_reported() {
        let codes = codes_after(|c| {
            for r in &mut c.mappings.leads {
                if r.target == "LastName" {
                    r.fallback = None;
                }
            }
        });
        assert_eq!(codes, vec!["REQUIRED_FIELD_NO_FALLBACK"]);
    }

    #[test]
    fn contact_ids_and_statuses_can_be_empty_on_contact_tabs() {
        let codes = codes_after(|c| {
            for r in &mut c.mappings.leads {
                if r.target == "Company" {
                    *r = crate::config::Row::map("contact_id", "Company", false);
                }
            }
        });
        assert_eq!(codes, vec!["REQUIRED_FIELD_NO_FALLBACK"]);
    }

    #[test]
    fn unused_tabs_are_not_checked() {
        let codes = codes_after(|c| {
            c.contacts.target = crate::config::ContactTarget::Contact;
            c.mappings.leads.clear();
        });
        assert!(codes.is_empty(), "{codes:?}");
    }
}
