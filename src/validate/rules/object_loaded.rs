//! `OBJECT_NOT_LOADED` — a tab in use (or with rows) whose object describe is missing.
//!
//! Why: without the describe no row of the tab can be checked; the user should know the
//! absence of findings means nothing there.

use crate::config::Tab;
use crate::diagnostic::Diagnostic;
use crate::validate::Ctx;

/// Runs the rule.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for tab in Tab::ALL {
        let has_rows = !ctx.config.mappings.rows(tab).is_empty();
        if (ctx.tab_in_use(tab) || has_rows) && ctx.engine.object(tab.object()).is_none() {
            out.push(
                Diagnostic::new(
                    "OBJECT_NOT_LOADED",
                    format!("/mappings/{}", tab.key()),
                    format!(
                        "the {} describe is not loaded, so the {} tab cannot be checked",
                        tab.object(),
                        tab.key()
                    ),
                    format!("load the {} describe with loadDescribe", tab.object()),
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
        assert_eq!(n, 4);
        assert!(r.valid, "warnings only");
    }
}
