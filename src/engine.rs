//! The engine: loaded describes plus the OnceHub catalogue, and the queries over them.

use crate::catalogue::{Catalogue, CustomFieldInput, SourceField, SourceKind, ValueType};
use crate::compat::{self, Grade};
use crate::config::{MappingConfig, Tab};
use crate::describe::{parse::parse_describe, Fact, FieldType, SObject, Shape};
use crate::error::{EngineError, ErrorCode, Result};
use crate::required::{self, Basis};
use serde::Serialize;
use std::collections::BTreeMap;

/// Result of `loadDescribe`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadSummary {
    /// API name.
    pub object: String,
    /// Label.
    pub label: String,
    /// API version, when known.
    pub api_version: Option<String>,
    /// Full or reduced.
    pub shape: Shape,
    /// Number of fields.
    pub field_count: usize,
    /// Fields of types the engine does not know.
    pub unsupported_fields: Vec<String>,
    /// Replaced an already loaded describe.
    pub replaced: bool,
    /// Changes against the replaced describe, and what the describe lacks that every record
    /// needs (a Lead or Contact without `LastName`), in words: the messages of `findings` (a
    /// `DESCRIBE_INCOMPLETE` one followed by its help).
    pub warnings: Vec<String>,
    /// The same as findings with codes: `DRIFT_*` warnings for what changed against the
    /// replaced describe, each pointing at its field in the new describe's text, and a
    /// `DESCRIBE_INCOMPLETE` error for each field every record needs that the describe lacks.
    pub findings: Vec<crate::diagnostic::Diagnostic>,
}

/// Entry of `objects()`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectSummary {
    /// API name.
    pub name: String,
    /// Label.
    pub label: String,
    /// API version, when known.
    pub api_version: Option<String>,
    /// Full or reduced.
    pub shape: Shape,
    /// Number of fields.
    pub field_count: usize,
}

/// Entry of `compatibleFields`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompatibleField {
    /// API name.
    pub name: String,
    /// Label.
    pub label: String,
    /// Type.
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// `string(80)` etc.
    pub type_label: String,
    /// Length of text fields.
    pub length: Option<u32>,
    /// Grade.
    pub grade: Grade,
    /// Note for converts / lossy.
    pub note: String,
    /// Required on create.
    pub required: bool,
    /// Settable on create.
    pub createable: bool,
    /// Settable on update.
    pub updateable: bool,
    /// Facts the describe did not give.
    pub unknown_facts: Vec<Fact>,
    /// Active picklist values.
    pub picklist_values: Vec<String>,
    /// Choice options with no matching picklist value.
    pub unmatched_options: Vec<String>,
}

/// Entry of `staticTargets`: a field a static-value row can set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StaticTarget {
    /// API name.
    pub name: String,
    /// Label.
    pub label: String,
    /// Type.
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// `string(80)` etc.
    pub type_label: String,
    /// Length of text fields.
    pub length: Option<u32>,
    /// Required on create (by the describe or an object rule).
    pub required: bool,
    /// Settable on update too.
    pub updateable: bool,
    /// Facts the describe did not give.
    pub unknown_facts: Vec<Fact>,
    /// Active picklist values.
    pub picklist_values: Vec<String>,
    /// For `RecordTypeId`: the record types a value may name (active, available to the
    /// integration's user, not the master), by name, in describe order.
    pub record_types: Vec<RecordTypeChoice>,
}

/// A record type a `RecordTypeId` value may name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordTypeChoice {
    /// Its id, the value to send.
    pub id: String,
    /// Its label.
    pub name: String,
}

/// Result of `explain`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// Object.
    pub object: String,
    /// Source field id.
    pub source: String,
    /// Target field name.
    pub target: String,
    /// Compatible?
    pub compatible: bool,
    /// Grade when compatible.
    pub grade: Option<Grade>,
    /// Plain-words reasons.
    pub reasons: Vec<String>,
    /// Source value type.
    pub source_type: ValueType,
    /// Target type.
    pub target_type: FieldType,
    /// Target type label.
    pub target_type_label: String,
}

/// How a requirement is met by a config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Satisfied {
    /// A row maps a OnceHub field that is never empty to it (no fallback needed). A row whose
    /// field can be empty and that has no fallback meets nothing: `satisfied_by` is `None`.
    Mapping,
    /// A static value / fallback only.
    Fallback,
    /// A mapped source with a fallback.
    MappingWithFallback,
    /// An alternative field of the same rule is mapped.
    Alternative,
}

/// Entry of `requiredFields`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequiredField {
    /// API name.
    pub name: String,
    /// Label.
    pub label: String,
    /// Type.
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// Type label.
    pub type_label: String,
    /// `schema` or `rule`.
    pub basis: &'static str,
    /// Rule text.
    pub rule: Option<String>,
    /// Alternatives of the rule.
    pub alternatives: Vec<String>,
    /// Certain?
    pub certain: bool,
    /// Missing facts.
    pub unknown_facts: Vec<Fact>,
    /// How a given config meets it.
    pub satisfied_by: Option<Satisfied>,
    /// Active picklist values for the fallback.
    pub picklist_values: Vec<String>,
    /// Length of text fields.
    pub length: Option<u32>,
}

/// The mapping engine.
#[derive(Debug, Clone, Default)]
pub struct Engine {
    objects: BTreeMap<String, SObject>,
    catalogue: Catalogue,
}

/// Most objects loaded at once.
pub const MAX_OBJECTS: usize = 50;

impl Engine {
    /// An engine with no describes and the built-in catalogue.
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses and loads a describe; replaces an already loaded describe of the same object.
    pub fn load_describe(&mut self, text: &str) -> Result<LoadSummary> {
        let object = parse_describe(text)?;
        let key = object.name.to_ascii_lowercase();
        if !self.objects.contains_key(&key) && self.objects.len() >= MAX_OBJECTS {
            return Err(EngineError::new(
                ErrorCode::TooManyItems,
                format!("at most {MAX_OBJECTS} objects can be loaded"),
                "",
                "create a new Engine per org, or load only Lead, Contact, Event and Case",
            ));
        }
        let mut findings = self
            .objects
            .get(&key)
            .map(|old| crate::drift::describe_changes(old, &object))
            .unwrap_or_default();
        let mut warnings: Vec<String> = findings.iter().map(|d| d.message.clone()).collect();
        // Salesforce requires `LastName` on every Lead and Contact (and a Lead's `Company`): a
        // describe without it is partial (or the integration user cannot see the field), and
        // every create would fail.
        // The finding validate gives (DESCRIBE_INCOMPLETE); in words, with what to do.
        for name in object.missing_required_standard() {
            let d = crate::validate::rules::object_loaded::describe_incomplete(
                &object,
                name,
                &format!("{}/fields", object.pointer),
            );
            warnings.push(format!("{}; {}", d.message, d.help));
            findings.push(d);
        }
        let summary = LoadSummary {
            object: object.name.clone(),
            label: object.label.clone(),
            api_version: object.api_version.clone(),
            shape: object.shape,
            field_count: object.fields.len(),
            unsupported_fields: object
                .fields
                .iter()
                .filter(|f| f.field_type == FieldType::Unsupported)
                .map(|f| f.name.clone())
                .collect(),
            replaced: self.objects.contains_key(&key),
            warnings,
            findings,
        };
        self.objects.insert(key, object);
        Ok(summary)
    }

    /// Loaded objects, by name.
    pub fn objects(&self) -> Vec<ObjectSummary> {
        self.objects
            .values()
            .map(|o| ObjectSummary {
                name: o.name.clone(),
                label: o.label.clone(),
                api_version: o.api_version.clone(),
                shape: o.shape,
                field_count: o.fields.len(),
            })
            .collect()
    }

    /// A loaded object (case-insensitive name).
    pub fn object(&self, name: &str) -> Option<&SObject> {
        self.objects.get(&name.to_ascii_lowercase())
    }

    /// A loaded object, or an `UNKNOWN_OBJECT` error.
    pub fn require_object(&self, name: &str) -> Result<&SObject> {
        self.object(name).ok_or_else(|| {
            let loaded: Vec<&str> = self.objects.values().map(|o| o.name.as_str()).collect();
            EngineError::new(
                ErrorCode::UnknownObject,
                format!("object `{name}` is not loaded"),
                "",
                if loaded.is_empty() {
                    "load its describe first with loadDescribe".to_string()
                } else {
                    format!(
                        "load its describe first with loadDescribe; loaded: {}",
                        loaded.join(", ")
                    )
                },
            )
        })
    }

    /// The catalogue.
    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// Source fields of a kind.
    pub fn source_fields(&self, kind: SourceKind) -> &[SourceField] {
        self.catalogue.fields(kind)
    }

    /// Registers custom source fields.
    pub fn add_source_fields(&mut self, inputs: Vec<CustomFieldInput>) -> Result<Vec<SourceField>> {
        self.catalogue.add_custom(inputs)
    }

    /// Finds a source field for an object: contact fields for Lead/Contact, meeting fields for
    /// Event/Case, and both otherwise (contact first).
    pub fn source_for(&self, object: &str, id: &str) -> Result<&SourceField> {
        let kinds: &[SourceKind] = match kind_for_object(object) {
            Some(SourceKind::Contact) => &[SourceKind::Contact],
            Some(SourceKind::Meeting) => &[SourceKind::Meeting],
            None => &[SourceKind::Contact, SourceKind::Meeting],
        };
        kinds
            .iter()
            .find_map(|k| self.catalogue.get(*k, id))
            .ok_or_else(|| {
                EngineError::new(
                    ErrorCode::UnknownSourceField,
                    format!("`{id}` is not a OnceHub field that maps to {object}"),
                    "",
                    "use an id from sourceFields(\"contact\") for Lead/Contact or sourceFields(\"meeting\") for Event/Case, or register it with addSourceFields",
                )
            })
    }

    /// Compatible Salesforce fields for a source field.
    pub fn compatible_fields(&self, object: &str, source: &str) -> Result<Vec<CompatibleField>> {
        let o = self.require_object(object)?;
        let s = self.source_for(&o.name, source)?;
        Ok(compat::compatible_fields(o, s)
            .into_iter()
            .filter_map(|(f, a, required)| {
                Some(CompatibleField {
                    name: f.name.clone(),
                    label: f.label.clone(),
                    field_type: f.field_type.clone(),
                    type_label: f.type_label(),
                    length: f.length.filter(|_| f.field_type.is_text()),
                    grade: a.grade?,
                    note: a.note,
                    required,
                    createable: f.createable_or_unknown(),
                    updateable: f.updateable_or_unknown(),
                    unknown_facts: f.unknown_facts.clone(),
                    picklist_values: f.active_values().map(|v| v.value.clone()).collect(),
                    unmatched_options: a.unmatched_options,
                })
            })
            .collect())
    }

    /// Fields of `object` a static-value row can set (writable on create, not linked by the
    /// integration itself, of a type a typed value fits), required first, then by label. A
    /// reference field is included: a fixed id (an owner queue, a record type) is a static value.
    pub fn static_targets(&self, object: &str) -> Result<Vec<StaticTarget>> {
        let o = self.require_object(object)?;
        let required = required::RequiredNames::of(o);
        let mut out: Vec<StaticTarget> = o
            .fields
            .iter()
            .filter(|f| {
                compat::static_blockers(o, f).is_empty()
                    && !matches!(
                        f.field_type,
                        FieldType::Base64
                            | FieldType::Anytype
                            | FieldType::Json
                            | FieldType::Unsupported
                    )
            })
            .map(|f| StaticTarget {
                name: f.name.clone(),
                label: f.label.clone(),
                field_type: f.field_type.clone(),
                type_label: f.type_label(),
                length: f.length.filter(|_| f.field_type.is_text()),
                required: required.contains(&f.name),
                updateable: f.updateable_or_unknown(),
                unknown_facts: f.unknown_facts.clone(),
                picklist_values: f.active_values().map(|v| v.value.clone()).collect(),
                record_types: f
                    .record_types
                    .iter()
                    .filter(|t| t.active && t.available && !t.master)
                    .map(|t| RecordTypeChoice {
                        id: t.id.clone(),
                        name: t.name.clone(),
                    })
                    .collect(),
            })
            .collect();
        crate::order::sort_by_key(&mut out, |t| {
            (!t.required, compat::sort_key(&t.label), t.name.clone())
        });
        Ok(out)
    }

    /// Explains a pair.
    pub fn explain(&self, object: &str, source: &str, target: &str) -> Result<Explanation> {
        let o = self.require_object(object)?;
        let s = self.source_for(&o.name, source)?;
        let f = o
            .field_ci(target)
            .ok_or_else(|| unknown_target(o, target))?;
        let a = compat::assess(o, s, f);
        Ok(Explanation {
            object: o.name.clone(),
            source: s.id.clone(),
            target: f.name.clone(),
            compatible: a.grade.is_some(),
            grade: a.grade,
            reasons: a.reasons,
            source_type: s.value_type,
            target_type: f.field_type.clone(),
            target_type_label: f.type_label(),
        })
    }

    /// Required fields of an object; with a config, how each is met.
    pub fn required_fields(
        &self,
        object: &str,
        config: Option<&MappingConfig>,
    ) -> Result<Vec<RequiredField>> {
        let o = self.require_object(object)?;
        let tab = Tab::for_object(&o.name);
        let rows = config.and_then(|c| tab.map(|tab| c.mappings.rows(tab)));
        Ok(required::requirements(o)
            .into_iter()
            .filter_map(|r| {
                let f = o.field(&r.name)?;
                let satisfied_by = rows.and_then(|rows| {
                    // Names in any letter case, as validate reads them; a blank fallback is
                    // no value (Salesforce stores blank text as an empty field).
                    let find = |name: &str| {
                        rows.iter()
                            .find(|row| row.target.eq_ignore_ascii_case(name))
                    };
                    // A mapping alone meets the requirement only when its OnceHub field is
                    // never empty (validate says REQUIRED_FIELD_NO_FALLBACK otherwise).
                    // A OnceHub field the target cannot take never gives it a value: only the
                    // row's fallback can (validate says INCOMPATIBLE_MAPPING).
                    let fits = |row: &crate::config::Row, s: &str| {
                        let source = tab.and_then(|t| self.catalogue.get(t.source_kind(), s));
                        match (source, o.field_ci(&row.target)) {
                            (Some(source), Some(field)) => {
                                compat::assess(o, source, field).grade.is_some()
                                    || compat::rescued_by_row(source, field, row)
                            }
                            _ => true,
                        }
                    };
                    let status = |row: &crate::config::Row| {
                        let fallback = row.fallback.as_ref().is_some_and(|f| !f.is_blank());
                        match (row.source.as_deref(), fallback) {
                            (Some(s), true) if !fits(row, s) => Some(Satisfied::Fallback),
                            (Some(_), true) => Some(Satisfied::MappingWithFallback),
                            (Some(s), false)
                                if fits(row, s)
                                    && tab
                                        .is_some_and(|t| !required::source_can_be_empty(t, s)) =>
                            {
                                Some(Satisfied::Mapping)
                            }
                            (None, true) => Some(Satisfied::Fallback),
                            _ => None,
                        }
                    };
                    let all_day = config.is_some_and(MappingConfig::all_day_events);
                    find(&r.name).and_then(status).or_else(|| {
                        // An alternative field, or for an all-day Event what the rule accepts
                        // then (no duration; the date from ActivityDate).
                        r.met_by(&|n: &str| find(n).and_then(status).is_some(), all_day)
                            .then_some(Satisfied::Alternative)
                    })
                });
                Some(RequiredField {
                    name: f.name.clone(),
                    label: f.label.clone(),
                    field_type: f.field_type.clone(),
                    type_label: f.type_label(),
                    basis: match r.basis {
                        Basis::Schema => "schema",
                        Basis::Rule => "rule",
                    },
                    rule: r.rule,
                    alternatives: r.alternatives,
                    certain: r.certain,
                    unknown_facts: r.unknown_facts,
                    satisfied_by,
                    picklist_values: f.active_values().map(|v| v.value.clone()).collect(),
                    length: f.length.filter(|_| f.field_type.is_text()),
                })
            })
            // What Salesforce requires on every record and the describe does not list: required
            // all the same, and never met (validate says DESCRIBE_INCOMPLETE).
            .chain(o.missing_required_standard().into_iter().map(|name| RequiredField {
                name: name.to_string(),
                label: name.to_string(),
                field_type: FieldType::String,
                type_label: "not in the describe".to_string(),
                basis: "rule",
                rule: Some(format!(
                    "Salesforce requires `{name}` on every {}, and the loaded describe does not list it (a partial describe, or one of a user who cannot see the field): load the full describe",
                    o.name
                )),
                alternatives: vec![],
                certain: true,
                unknown_facts: vec![],
                satisfied_by: None,
                picklist_values: vec![],
                length: None,
            }))
            .collect())
    }
}

/// The source kind that maps to an object: Lead/Contact ← contact, Event/Case ← meeting.
pub fn kind_for_object(object: &str) -> Option<SourceKind> {
    match object.to_ascii_lowercase().as_str() {
        "lead" | "contact" => Some(SourceKind::Contact),
        "event" | "case" => Some(SourceKind::Meeting),
        _ => None,
    }
}

/// `UNKNOWN_TARGET_FIELD` with a did-you-mean.
pub fn unknown_target(object: &SObject, target: &str) -> EngineError {
    let help = match crate::suggest::did_you_mean(object, target) {
        Some(hint) => format!("did you mean `{hint}`?"),
        None => format!("use a field API name from the {} describe", object.name),
    };
    EngineError::new(
        ErrorCode::UnknownTargetField,
        format!("`{target}` is not a field of {}", object.name),
        "",
        help,
    )
}

impl Engine {
    /// The configuration a new integration starts with ([`MappingConfig::default_config`]),
    /// fitted to the loaded describes: a row whose Salesforce field the loaded describe does not
    /// have (hidden by field-level security, or removed) or cannot write at all is left out, a
    /// row into a create-only field does not overwrite, and a field that may be empty gets no
    /// fallback (a Person Account org's Lead `Company`), so the untouched default validates in
    /// the org. Tabs whose object is not loaded keep every row.
    pub fn default_config(&self) -> MappingConfig {
        let mut config = MappingConfig::default_config();
        for tab in Tab::ALL {
            let Some(object) = self.object(tab.object()) else {
                continue;
            };
            config.mappings.rows_mut(tab).retain(|row| {
                object
                    .field_ci(&row.target)
                    .is_some_and(|f| f.createable != Some(false) || f.updateable != Some(false))
            });
            for row in config.mappings.rows_mut(tab).iter_mut() {
                let Some(f) = object.field_ci(&row.target) else {
                    continue;
                };
                // A field set on create only is never overwritten.
                if f.updateable == Some(false) {
                    row.overwrite = false;
                }
                // A fallback stands in only where Salesforce needs a value: where `Company` may
                // be empty (an org with Person Accounts converts a Lead without one into a
                // Person Account), a placeholder would name every such booker's account.
                if f.nillable == Some(true) && f.field_type != crate::describe::FieldType::Boolean {
                    row.fallback = None;
                }
            }
        }
        config
    }

    /// Exports a config with a snapshot of its mapped fields from the loaded describes, as
    /// indented JSON. The export is a configuration `parseConfig` takes: when it would pass
    /// [`crate::config::MAX_CONFIG_BYTES`], the snapshot keeps of each picklist only the values
    /// the rows send (all that drift findings judge), and the text is compact when indentation
    /// alone would pass the limit; a configuration still over is `INPUT_TOO_LARGE`.
    pub fn export_config(&self, config: &MappingConfig) -> Result<String> {
        let max = crate::config::MAX_CONFIG_BYTES;
        // Indented with the whole snapshot when that fits; else indented with the trimmed one
        // (all drift judges); else that one compact.
        let full = crate::json::indent(&self.export_with(config, false));
        if full.len() <= max {
            return Ok(full);
        }
        let trimmed = self.export_with(config, true);
        let pretty = crate::json::indent(&trimmed);
        if pretty.len() <= max {
            return Ok(pretty);
        }
        if trimmed.len() <= max {
            return Ok(trimmed);
        }
        Err(EngineError::new(
            ErrorCode::InputTooLarge,
            format!(
                "the exported configuration would be {} bytes; a configuration may be {}",
                trimmed.len(),
                crate::config::MAX_CONFIG_BYTES
            ),
            "",
            "remove rows or value-map entries the integration does not need",
        ))
    }

    fn export_with(&self, config: &MappingConfig, trim: bool) -> String {
        let mut out = config.clone();
        let mut snap: BTreeMap<String, BTreeMap<String, crate::config::FieldSnapshot>> =
            config.field_snapshot.clone().unwrap_or_default();
        for tab in Tab::ALL {
            let Some(object) = self.object(tab.object()) else {
                continue;
            };
            let entry = snap.entry(object.name.clone()).or_default();
            let mut sent: crate::text::FastMap<String, std::collections::HashSet<String>> =
                crate::text::FastMap::default();
            for row in config.mappings.rows(tab) {
                if let Some(f) = object.field_ci(&row.target) {
                    entry.insert(f.name.clone(), crate::drift::snapshot(f));
                    if trim {
                        let source = row
                            .source
                            .as_deref()
                            .and_then(|s| self.catalogue.get(tab.source_kind(), s));
                        // A choice the configuration defines but this engine has not registered:
                        // its own options.
                        let own_options = row
                            .source
                            .as_deref()
                            .filter(|_| source.is_none())
                            .and_then(|id| {
                                config.source_fields.iter().flatten().find(|c| c.id == id)
                            })
                            .map(|c| c.options.as_slice())
                            .unwrap_or_default();
                        sent.entry(f.name.clone()).or_default().extend(
                            crate::drift::sent_values(row, source)
                                .iter()
                                .chain(own_options)
                                .map(|v| v.to_ascii_lowercase()),
                        );
                    }
                }
            }
            for (name, values) in sent {
                if let Some(s) = entry.get_mut(&name) {
                    s.picklist_values
                        .retain(|v| values.contains(&v.to_ascii_lowercase()));
                }
            }
        }
        snap.retain(|_, v| !v.is_empty());
        out.field_snapshot = if snap.is_empty() { None } else { Some(snap) };
        // The custom OnceHub fields travel with the rows that use them: the engine's registered
        // ones, and those the configuration itself defines that are not registered here (an
        // imported configuration keeps its definitions).
        let mut custom = self.catalogue.custom_inputs();
        let key = |c: &CustomFieldInput| (c.kind.unwrap_or(SourceKind::Contact), c.id.clone());
        let registered: std::collections::HashSet<(SourceKind, String)> =
            custom.iter().map(key).collect();
        for own in config.source_fields.iter().flatten() {
            if !registered.contains(&key(own)) {
                custom.push(own.clone());
            }
        }
        if !custom.is_empty() {
            out.source_fields = Some(custom);
        }
        crate::json::to_json(&out).unwrap_or_default()
    }
}
