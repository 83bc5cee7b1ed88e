//! `validate(config)`: every finding at once, never stopping at the first.
//!
//! Each rule lives in its own file under `rules/` with its messages and tests; [`RULES`] lists
//! them and `crate::diagnostic::CODES` lists every code they raise.

pub mod rules;

use crate::catalogue::SourceField;
use crate::config::{ContactTarget, MappingConfig, Row, Tab};
use crate::describe::{Field, SObject};
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::engine::Engine;
use crate::text::FastMap;
use serde::Serialize;

/// The result of `validate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// No error-severity finding.
    pub valid: bool,
    /// Number of errors.
    pub error_count: usize,
    /// Number of warnings.
    pub warning_count: usize,
    /// Every finding, errors first, then by path.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Builds a report from findings (sorted deterministically).
    pub fn from(mut diagnostics: Vec<Diagnostic>) -> Report {
        diagnostic::sort(&mut diagnostics);
        // A rule that meets one target on several rows may say the same twice: once is enough.
        diagnostics.dedup();
        let error_count = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        Report {
            valid: error_count == 0,
            error_count,
            warning_count: diagnostics.len() - error_count,
            diagnostics,
        }
    }
}

/// A row with everything rules need resolved once.
pub struct RowCtx<'a> {
    /// Tab.
    pub tab: Tab,
    /// Index in the tab.
    pub index: usize,
    /// The row.
    pub row: &'a Row,
    /// The tab's object, when loaded.
    pub object: Option<&'a SObject>,
    /// The target field, matched exactly.
    pub field: Option<&'a Field>,
    /// The source field, when the row has a known source.
    pub source: Option<&'a SourceField>,
}

impl RowCtx<'_> {
    /// JSON pointer of the row, or of one of its keys.
    pub fn path(&self, key: &str) -> String {
        if key.is_empty() {
            format!("/mappings/{}/{}", self.tab.key(), self.index)
        } else {
            format!("/mappings/{}/{}/{key}", self.tab.key(), self.index)
        }
    }

    /// A finding about this row.
    pub fn diag(&self, code: &'static str, key: &str, message: String, help: String) -> Diagnostic {
        Diagnostic::new(code, self.path(key), message, help).at(self.tab, Some(self.index))
    }
}

/// What every rule sees.
pub struct Ctx<'a> {
    /// The engine (describes, catalogue).
    pub engine: &'a Engine,
    /// The config.
    pub config: &'a MappingConfig,
    /// Every row, resolved.
    pub rows: Vec<RowCtx<'a>>,
    /// The first row of each tab and target, as a position in `rows`, keyed by a hash of the
    /// target in lower case (no text is copied; a lookup checks the name it finds).
    by_target: std::cell::OnceCell<FastMap<(Tab, u64), usize>>,
}

impl<'a> Ctx<'a> {
    /// Resolves rows once.
    pub fn new(engine: &'a Engine, config: &'a MappingConfig) -> Ctx<'a> {
        let mut rows = Vec::with_capacity(config.row_count());
        for tab in Tab::ALL {
            let object = engine.object(tab.object());
            for (index, row) in config.mappings.rows(tab).iter().enumerate() {
                rows.push(RowCtx {
                    tab,
                    index,
                    row,
                    object,
                    field: object.and_then(|o| o.field(&row.target)),
                    source: row
                        .source
                        .as_deref()
                        .and_then(|s| engine.catalogue().get(tab.source_kind(), s)),
                });
            }
        }
        Ctx {
            engine,
            config,
            rows,
            by_target: std::cell::OnceCell::new(),
        }
    }

    /// The first row of a tab that writes `target` (in any letter case), found in constant time.
    pub fn row_for(&self, tab: Tab, target: &str) -> Option<&RowCtx<'a>> {
        // Built on the first look-up: most configurations never need it.
        let index = self.by_target.get_or_init(|| {
            let mut by_target = FastMap::with_capacity_and_hasher(
                self.rows.len(),
                std::hash::BuildHasherDefault::default(),
            );
            for (i, r) in self.rows.iter().enumerate() {
                by_target
                    .entry((r.tab, ci_hash(&r.row.target)))
                    .or_insert(i);
            }
            by_target
        });
        let found = index
            .get(&(tab, ci_hash(target)))
            .and_then(|&i| self.rows.get(i))?;
        if found.row.target.eq_ignore_ascii_case(target) {
            Some(found)
        } else {
            // Two names with one hash: search.
            self.tab_rows(tab)
                .find(|r| r.row.target.eq_ignore_ascii_case(target))
        }
    }

    /// A finding that points at a row's target (`/mappings/leads/3/target`), placed on that row.
    pub fn on_target_row(&self, tab: Tab, d: Diagnostic) -> Diagnostic {
        // The row's index is in the path: no search over the rows.
        let prefix = format!("/mappings/{}/", tab.key());
        let row = d
            .path
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix("/target"))
            .and_then(|index| index.parse::<usize>().ok())
            .filter(|&i| i < self.config.mappings.rows(tab).len());
        d.at(tab, row)
    }

    /// Is a tab used by the settings (will it ever write records)?
    pub fn tab_in_use(&self, tab: Tab) -> bool {
        let c = self.config;
        match tab {
            Tab::Contacts => matches!(
                c.contacts.target,
                ContactTarget::Contact | ContactTarget::ContactElseLead
            ),
            Tab::Leads => matches!(
                c.contacts.target,
                ContactTarget::Lead | ContactTarget::ContactElseLead
            ),
            Tab::Events => c.meetings.create_events,
            Tab::Cases => c.meetings.cases_enabled(),
        }
    }

    /// Does the integration create records of this tab's object? Under `contactElseLead` a new
    /// person becomes a Lead, so Contacts are only ever updated: what Salesforce requires on
    /// create does not apply to them.
    pub fn tab_creates(&self, tab: Tab) -> bool {
        match tab {
            Tab::Contacts => self.config.contacts.target == ContactTarget::Contact,
            _ => self.tab_in_use(tab),
        }
    }

    /// Does the integration only update this tab's records (Contacts under `contactElseLead`)?
    /// Then an update-only field is writable there.
    pub fn updates_only(&self, tab: Tab) -> bool {
        self.tab_in_use(tab) && !self.tab_creates(tab)
    }

    /// Rows of one tab.
    pub fn tab_rows(&self, tab: Tab) -> impl Iterator<Item = &RowCtx<'a>> {
        self.rows.iter().filter(move |r| r.tab == tab)
    }
}

/// A hash of a name in ASCII lower case (the engine's FNV-1a), without copying it.
fn ci_hash(name: &str) -> u64 {
    use std::hash::Hasher as _;
    let mut h = crate::text::Fnv::default();
    for b in name.bytes() {
        h.write_u8(b.to_ascii_lowercase());
    }
    h.finish()
}

/// A rule: reads the context, pushes findings.
pub type Rule = fn(&Ctx<'_>, &mut Vec<Diagnostic>);

/// Every rule, in the order they run (the report is sorted afterwards).
pub const RULES: &[(&str, Rule)] = &[
    ("object_loaded", rules::object_loaded::check),
    ("target_field", rules::target_field::check),
    ("source_field", rules::source_field::check),
    ("writable", rules::writable::check),
    ("compatible", rules::compatible::check),
    ("duplicate_target", rules::duplicate_target::check),
    ("coordinates", rules::coordinates::check),
    ("currency", rules::currency::check),
    ("states", rules::states::check),
    ("required", rules::required::check),
    ("event_rules", rules::event_rules::check),
    ("case_calendars", rules::case_calendars::check),
    ("time_zone", rules::time_zone::check),
    ("api_version", rules::api_version::check),
    ("overwrite", rules::overwrite::check),
    ("value_map", rules::value_map::check),
    ("fallback_value", rules::fallback_value::check),
    ("placeholder", rules::placeholder::check),
    ("drift", rules::drift::check),
];

/// Validates a configuration against the loaded describes and the catalogue.
pub fn validate(engine: &Engine, config: &MappingConfig) -> Report {
    let ctx = Ctx::new(engine, config);
    let mut out = Vec::new();
    for (_, rule) in RULES {
        rule(&ctx, &mut out);
    }
    // A field deleted since the export is one finding: the drift one says more.
    let deleted: Vec<_> = out
        .iter()
        .filter(|d| d.code == "DRIFT_FIELD_DELETED")
        .map(|d| (d.tab, d.row))
        .collect();
    if !deleted.is_empty() {
        out.retain(|d| d.code != "UNKNOWN_TARGET_FIELD" || !deleted.contains(&(d.tab, d.row)));
    }
    // Rows of a tab that is not in use are never sent: what is wrong with them does not stop
    // the integration today, so it is a warning that says so.
    for d in &mut out {
        let Some(tab) = d.tab.filter(|t| !ctx.tab_in_use(*t)) else {
            continue;
        };
        if d.severity == Severity::Error {
            d.severity = Severity::Warning;
            // Nothing is sent from the tab, so no Salesforce error is prevented yet.
            d.prevents = None;
            d.message = format!(
                "{} (the {} tab is not in use, so this stops nothing until it is)",
                d.message,
                tab.title()
            );
        }
    }
    Report::from(out)
}

impl Engine {
    /// Validates a configuration: every finding at once.
    pub fn validate(&self, config: &MappingConfig) -> Report {
        validate(self, config)
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::config::MappingConfig;
    use crate::engine::Engine;

    /// An engine with the project's sample org.
    pub(crate) fn sample_engine() -> Engine {
        let mut e = Engine::new();
        for object in ["Lead", "Contact", "Event", "Case"] {
            e.load_describe(sample_describe(object)).unwrap();
        }
        e
    }

    /// The project's sample describe of `object` (Lead, Contact, Event or Case).
    pub(crate) fn sample_describe(object: &str) -> &'static str {
        match object {
            "Lead" => include_str!("../../www/sample-org/Lead.json"),
            "Contact" => include_str!("../../www/sample-org/Contact.json"),
            "Event" => include_str!("../../www/sample-org/Event.json"),
            _ => include_str!("../../www/sample-org/Case.json"),
        }
    }

    /// Loads the sample describe of `object` into `e` again, with `field` added.
    pub(crate) fn with_field(e: &mut Engine, object: &str, field: serde_json::Value) {
        let mut describe: serde_json::Value =
            serde_json::from_str(sample_describe(object)).unwrap();
        describe["fields"].as_array_mut().unwrap().push(field);
        e.load_describe(&describe.to_string()).unwrap();
    }

    /// The findings of `code` for a config.
    pub(crate) fn findings(
        e: &Engine,
        c: &MappingConfig,
        code: &str,
    ) -> Vec<crate::diagnostic::Diagnostic> {
        e.validate(c)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == code)
            .collect()
    }

    /// The sample org with a custom single choice `custom.meeting_type` (Demo, Intro call).
    pub(crate) fn engine_with_meeting_type() -> Engine {
        let mut e = sample_engine();
        e.add_source_fields(
            crate::catalogue::CustomFieldInput::parse_list(
                r#"[{"id":"custom.meeting_type","type":"singleChoice","options":["Demo","Intro call"]}]"#,
            )
            .unwrap(),
        )
        .unwrap();
        e
    }

    /// Codes of the findings for a config edited by `edit`.
    pub(crate) fn codes_after(edit: impl FnOnce(&mut MappingConfig)) -> Vec<&'static str> {
        let e = sample_engine();
        let mut c = MappingConfig::default_config();
        edit(&mut c);
        e.validate(&c).diagnostics.iter().map(|d| d.code).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use crate::config::MappingConfig;

    #[test]
    fn default_config_is_clean_against_the_sample_org() {
        let e = sample_engine();
        let r = e.validate(&MappingConfig::default_config());
        assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
        assert!(r.valid);
    }

    #[test]
    fn every_rule_code_is_registered() {
        // Any code a rule raises must be in the registry; Diagnostic::new falls back to
        // severity error for unknown codes, so check a broad config.
        let codes = codes_after(|c| {
            c.mappings
                .leads
                .push(crate::config::Row::map("nope", "Nope__c", true));
        });
        for code in codes {
            assert!(
                crate::diagnostic::info(code).is_some(),
                "{code} is not registered"
            );
        }
    }
}
