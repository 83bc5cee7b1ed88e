//! `OBJECT_NOT_LOADED` — a tab in use whose object describe is missing. A tab that is not in use
//! (Leads when people become Contacts, Cases without calendars) sends nothing, so its rows wait.
//!
//! Why: without the describe no row of the tab can be checked; the user should know the
//! absence of findings means nothing there.

use crate::config::Tab;
use crate::diagnostic::Diagnostic;
use crate::validate::Ctx;

/// Runs the rule.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for tab in Tab::ALL {
        if let Some(object) = ctx
            .engine
            .object(tab.object())
            .filter(|_| ctx.tab_in_use(tab))
        {
            for name in object.missing_required_standard() {
                out.push(
                    describe_incomplete(object, name, &format!("/mappings/{}", tab.key()))
                        .at(tab, None),
                );
            }
        }
        if ctx.tab_in_use(tab) && ctx.engine.object(tab.object()).is_none() {
            out.push(
                Diagnostic::new(
                    "OBJECT_NOT_LOADED",
                    format!("/mappings/{}", tab.key()),
                    format!(
                        "the {} describe is not loaded, so the {} tab cannot be checked",
                        tab.object(),
                        tab.title()
                    ),
                    format!(
                        "load the {} describe (on the mapping screen: Salesforce connection; in code: loadDescribe)",
                        tab.object()
                    ),
                )
                .at(tab, None),
            );
        }
    }
}

/// `DESCRIBE_INCOMPLETE`: the describe lacks a field Salesforce requires on every record.
pub(crate) fn describe_incomplete(
    object: &crate::describe::SObject,
    name: &str,
    path: &str,
) -> Diagnostic {
    Diagnostic::new(
        "DESCRIBE_INCOMPLETE",
        path,
        format!(
            "the {} describe has no `{name}`, which Salesforce requires on every {}: every new {} would be refused",
            object.name, object.name, object.name
        ),
        format!(
            "load the full {} describe as the integration's user sees it (a partial describe, or one of a user who cannot see `{name}`, lacks it)",
            object.name
        ),
    )
    .prevents(Some("REQUIRED_FIELD_MISSING"))
}

#[cfg(test)]
mod tests {
    use crate::config::MappingConfig;
    use crate::engine::Engine;

    #[test]
    fn an_engine_without_describes_warns_per_tab_in_use() {
        let r = Engine::new().validate(&MappingConfig::default_config());
        let n = r
            .diagnostics
            .iter()
            .filter(|d| d.code == "OBJECT_NOT_LOADED")
            .count();
        // Contacts, Leads (contact else lead) and Events; Cases have no calendars selected.
        assert_eq!(n, 3);
        assert!(r.valid, "warnings only");
        let mut contacts_only = MappingConfig::default_config();
        contacts_only.contacts.target = crate::config::ContactTarget::Contact;
        contacts_only.meetings.create_events = false;
        let r = Engine::new().validate(&contacts_only);
        let tabs: Vec<_> = r
            .diagnostics
            .iter()
            .filter(|d| d.code == "OBJECT_NOT_LOADED")
            .map(|d| d.path.as_str())
            .collect();
        assert_eq!(tabs, ["/mappings/contacts"]);
    }
}
