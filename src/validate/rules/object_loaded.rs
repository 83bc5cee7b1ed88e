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
