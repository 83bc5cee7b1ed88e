//! The per-configuration part of a preview, resolved once per `preview` / `previewMany` call:
//! each row's source accessor, target field, writability and fallback value, each tab's object
//! and required fields, the REST base URL and the configured time zone.

use crate::catalogue::SourceField;
use crate::config::{MappingConfig, Row, Tab};
use crate::describe::{Field, FieldType, SObject};
use crate::engine::Engine;
use crate::error::pointer_segment;
use crate::payload::Accessor;
use crate::required::{requirements, Requirement};
use crate::tz::{self, Zone};
use serde_json::Value;
use std::sync::Arc;

/// Where a row's value comes from.
pub(super) enum Source<'a> {
    /// A static value (the row's fallback).
    Static,
    /// A source id the catalogue does not know.
    Unknown(&'a str),
    /// A catalogue field and its compiled accessor.
    Known(&'a SourceField, Accessor),
}

/// Can the row's target be written?
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Target {
    /// Writable (or the describe is not loaded).
    Writable,
    /// The loaded describe has no such field; the closest writable one, if any ("did you
    /// mean"), found once per configuration.
    Unknown(Option<String>),
    /// Never writable by a mapping; the reasons.
    Blocked(String),
    /// Not settable on create (update-only); the reason.
    NotCreateable(String),
    /// Settable on create only.
    NotUpdateable,
    /// The source's values cannot be stored in the target (`validate`'s `INCOMPATIBLE_MAPPING`);
    /// the reasons.
    Incompatible(String),
}

/// One row, resolved.
pub(super) struct RowPlan<'a> {
    /// Index in the tab.
    pub index: usize,
    /// The row.
    pub row: &'a Row,
    /// Value source.
    pub source: Source<'a>,
    /// The target field, when the describe is loaded and has it (case-insensitive match).
    pub field: Option<&'a Field>,
    /// The target name to write: the describe's spelling when known.
    pub target: Arc<str>,
    /// The source id, shared by every trace entry of the row.
    pub source_id: Option<Arc<str>>,
    /// `/body/<target>` as a JSON pointer suffix.
    pub body_ptr: String,
    /// Writability.
    pub state: Target,
    /// The fallback as a JSON value.
    pub fallback: Option<Arc<Value>>,
    /// An earlier row of the tab writes the same field.
    pub duplicate_of: Option<usize>,
}

/// One tab, resolved.
pub(super) struct TabPlan<'a> {
    /// The tab.
    pub tab: Tab,
    /// Its object, when loaded.
    pub object: Option<&'a SObject>,
    /// Rows in order.
    pub rows: Vec<RowPlan<'a>>,
    /// Fields a create needs (schema and Event rules), when the object is loaded.
    pub required: Vec<Requirement>,
    /// Fields every record needs that the loaded describe lacks (`DESCRIBE_INCOMPLETE`).
    pub missing_required: Vec<&'static str>,
    /// `/services/data/vXX.X/sobjects/<Object>`.
    pub create_url: Arc<str>,
}

/// Everything about a config that previews of many payloads share.
pub(super) struct Plan<'a> {
    /// The config.
    pub config: &'a MappingConfig,
    /// Tabs in [`Tab::ALL`] order.
    pub tabs: Vec<TabPlan<'a>>,
    /// `/services/data/vXX.X/composite`.
    pub composite_url: Arc<str>,
    /// A shared `null`.
    pub null: Arc<Value>,
    /// The configured time zone, and its rules when known.
    pub config_zone: Option<(&'a str, Option<Zone>)>,
    /// The contact fields the integration matches existing people by, in order.
    pub matching: Vec<(MatchBy, Accessor)>,
}

/// What an existing Lead or Contact is looked up by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum MatchBy {
    /// Email (first choice).
    Email,
    /// Phone, when there is no email.
    Phone,
    /// Mobile phone, when there is no email.
    MobilePhone,
    /// Nothing to match by: a new record.
    None,
}

fn target_state(object: &SObject, field: &Field, is_static: bool) -> Target {
    // A static value may put a fixed id into a reference the integration does not set itself.
    let reference_blocked = field.field_type == FieldType::Reference
        && (!is_static || crate::compat::engine_sets(&object.name, &field.name));
    let always = reference_blocked
        || field.never_written()
        || (field.createable == Some(false) && field.updateable == Some(false));
    if always {
        let reasons = if is_static {
            crate::compat::static_blockers(object, field)
        } else {
            crate::compat::write_blockers(object, field)
        };
        return Target::Blocked(reasons.join("; "));
    }
    if matches!(
        field.field_type,
        FieldType::Base64 | FieldType::Anytype | FieldType::Json | FieldType::Unsupported
    ) {
        return Target::Blocked(format!(
            "Salesforce type `{}` is not supported for mapping",
            field.raw_type
        ));
    }
    if field.createable == Some(false) {
        return Target::NotCreateable(crate::compat::write_blockers(object, field).join("; "));
    }
    if field.updateable == Some(false) {
        return Target::NotUpdateable;
    }
    Target::Writable
}

/// How a row's value is read: a static value, a known OnceHub field, or an unknown id.
fn source_of<'a>(
    engine: &'a Engine,
    tab: Tab,
    row: &'a Row,
    splits_whole_name: bool,
) -> Source<'a> {
    match row.source.as_deref() {
        None => Source::Static,
        Some(id) => match engine.catalogue().get(tab.source_kind(), id) {
            Some(f) => {
                let accessor = Accessor::new(f);
                Source::Known(
                    f,
                    if splits_whole_name {
                        accessor
                    } else {
                        accessor.first_name_as_written()
                    },
                )
            }
            None => Source::Unknown(id),
        },
    }
}

impl<'a> Plan<'a> {
    /// Resolves a config against the engine.
    pub(super) fn new(engine: &'a Engine, config: &'a MappingConfig) -> Plan<'a> {
        let version = config.api_version();
        let version = version.strip_prefix('v').unwrap_or(version);
        let api_base = format!("/services/data/v{version}");
        let mut hints = crate::suggest::Hints::default();
        let tabs = Tab::ALL
            .iter()
            .map(|&tab| {
                let object = engine.object(tab.object());
                let rows_in = config.mappings.rows(tab);
                let mut rows: Vec<RowPlan<'a>> = Vec::with_capacity(rows_in.len());
                let mut first_by_target: crate::text::FastMap<String, usize> =
                    crate::text::FastMap::with_capacity_and_hasher(
                        rows_in.len(),
                        std::hash::BuildHasherDefault::default(),
                    );
                // The whole name (a booking form's name, or a contact's first name without a last
                // name) is split between first and last name only when a row sends the last name
                // (`last_name_or_name` or `last_name`); else the first name is read as written, so
                // no word of it is lost.
                let splits_whole_name = rows_in.iter().any(|r| {
                    matches!(r.source.as_deref(), Some("last_name_or_name" | "last_name"))
                });
                for (index, row) in rows_in.iter().enumerate() {
                    let field = object.and_then(|o| o.field_ci(&row.target));
                    let source = source_of(engine, tab, row, splits_whole_name);
                    let mut state = match (object, field) {
                        (Some(o), Some(f)) => target_state(o, f, row.source.is_none()),
                        // A row without a field yet has nothing to be close to.
                        (Some(_), None) if row.target.trim().is_empty() => Target::Unknown(None),
                        (Some(o), None) => Target::Unknown(hints.writable(o, &row.target)),
                        (None, _) => Target::Writable,
                    };
                    if let (Some(o), Some(f), Source::Known(src, _)) = (object, field, &source) {
                        if matches!(state, Target::Writable | Target::NotUpdateable)
                            && crate::compat::grade(src, f).is_none()
                            && !crate::compat::rescued_by_row(src, f, row)
                        {
                            let a = crate::compat::assess(o, src, f);
                            if a.grade.is_none() {
                                state = Target::Incompatible(a.reasons.join("; "));
                            }
                        }
                    }
                    let target: &str = field.map_or(row.target.as_str(), |f| f.name.as_str());
                    // Rows without a field yet are no duplicates of each other.
                    let duplicate_of = if target.trim().is_empty() {
                        None
                    } else {
                        match first_by_target.entry(target.to_ascii_lowercase()) {
                            std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
                            std::collections::hash_map::Entry::Vacant(e) => {
                                e.insert(index);
                                None
                            }
                        }
                    };
                    rows.push(RowPlan {
                        index,
                        row,
                        source,
                        field,
                        target: Arc::from(target),
                        source_id: row.source.as_deref().map(Arc::from),
                        body_ptr: format!("/body/{}", pointer_segment(target)),
                        state,
                        fallback: row.fallback.as_ref().map(|f| Arc::new(f.to_json())),
                        duplicate_of,
                    });
                }
                TabPlan {
                    tab,
                    object,
                    rows,
                    required: object.map(requirements).unwrap_or_default(),
                    missing_required: object
                        .map(SObject::missing_required_standard)
                        .unwrap_or_default(),
                    create_url: Arc::from(format!("{api_base}/sobjects/{}", tab.object())),
                }
            })
            .collect();
        Plan {
            config,
            tabs,
            composite_url: Arc::from(format!("{api_base}/composite")),
            null: Arc::new(Value::Null),
            matching: [
                (MatchBy::Email, "email"),
                (MatchBy::Phone, "phone"),
                (MatchBy::MobilePhone, "mobile_phone"),
            ]
            .into_iter()
            .filter_map(|(by, id)| {
                engine
                    .catalogue()
                    .get(crate::catalogue::SourceKind::Contact, id)
                    .map(|f| (by, Accessor::new(f)))
            })
            .collect(),
            config_zone: config
                .time_zone
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|name| (name, tz::zone(name))),
        }
    }

    /// The plan of a tab.
    pub(super) fn tab(&self, tab: Tab) -> Option<&TabPlan<'a>> {
        self.tabs.iter().find(|t| t.tab == tab)
    }
}
