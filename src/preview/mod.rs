//! `preview` / `previewMany`: the exact Salesforce REST Composite request a OnceHub booking or
//! contact would produce under a mapping configuration, with a per-row trace and findings.
//!
//! One preview is one `POST /services/data/vXX.X/composite` request (`allOrNone: true`) with up
//! to three subrequests, in this order:
//!
//! 1. **The person** (every payload), per `contacts.target`: `lead` → `PATCH` the existing Lead
//!    when `existing.lead` is given (a converted one is a `CONVERTED_LEAD` error), else `POST` a
//!    Lead (`referenceId` `lead`); `contact` → the same with Contact (`contact`);
//!    `contactElseLead` → `PATCH` the existing Contact, else `PATCH` the existing Lead, else
//!    `POST` a Lead.
//! 2. **The Event** (bookings, when `meetings.createEvents`): `PATCH` the existing Event when
//!    `existing.event` is given (whatever the event type, so a re-delivered
//!    `booking.scheduled` never creates a second Event). Otherwise `POST` one, linked with
//!    `WhoId` to the person (`@{lead.id}` / `@{contact.id}` for a created person, the known id
//!    for an updated one, since `PATCH` returns no body). Lifecycle events (`rescheduled`,
//!    `canceled*`, `completed`, `no_show`, `reassigned`, or a bare booking in such a status)
//!    without `existing.event` show that `POST` with a `NO_EXISTING_EVENT` warning rather than a
//!    `PATCH` to a made-up id: the integration cannot update an Event it cannot find. A `PATCH`
//!    writes the mapped fields only; `WhoId` is set when the Event is created. `WhatId` is
//!    never set by the integration (it must stay empty when `WhoId` is a Lead).
//! 3. **The Case** (bookings whose `booking_calendar` is in `meetings.caseCalendars`, when Cases
//!    are on and the Cases tab has rows): `POST` a Case, with `ContactId` when the person is a
//!    Contact. Only for a new booking (`booking.scheduled`, or a bare booking that is
//!    scheduled or requested, and no `existing.event`): the input has no existing Case to
//!    update, and creating one per lifecycle event would duplicate it.
//!
//! Each body holds the mapped fields of the object's tab in row order, then the references the
//! integration sets. Every diagnostic path is a JSON pointer into the preview
//! (`/requests/0/body/compositeRequest/1/body/LastName`).

mod build;
pub(crate) mod convert;
mod input;
mod plan;

pub use input::{
    ExistingRecord, ExistingRecords, PreviewInput, MAX_BATCH_BYTES, MAX_INPUT_BYTES,
    MAX_PREVIEW_INPUTS, MAX_RESULT_BYTES,
};
pub use plan::MatchBy;

use crate::config::{MappingConfig, Tab};
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Engine;
use crate::error::Result;
use plan::Plan;
use serde::{Serialize, Serializer};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Field names, URLs and values are shared between the plan, the bodies and the trace (a
/// preview of many payloads would otherwise copy each of them several times per row).
fn ser_str<S: Serializer>(v: &Arc<str>, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(v)
}

#[expect(
    clippy::ref_option,
    reason = "the signature serde's `serialize_with` calls"
)]
fn ser_opt_str<S: Serializer>(v: &Option<Arc<str>>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_str(v),
        None => s.serialize_none(),
    }
}

fn ser_value<S: Serializer>(v: &Arc<Value>, s: S) -> std::result::Result<S::Ok, S::Error> {
    v.as_ref().serialize(s)
}

/// HTTP method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Method {
    /// Create.
    #[serde(rename = "POST")]
    Post,
    /// Update.
    #[serde(rename = "PATCH")]
    Patch,
}

/// The fields of a request body, in the order they are written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Body(Vec<(Arc<str>, Arc<Value>)>);

impl Body {
    /// The value written to `name` (exact name).
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0
            .iter()
            .find(|(k, _)| k.as_ref() == name)
            .map(|(_, v)| v.as_ref())
    }

    /// Field names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_ref())
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// No fields?
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn push(&mut self, name: Arc<str>, value: Arc<Value>) {
        self.0.push((name, value));
    }
}

impl Serialize for Body {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k.as_ref(), v.as_ref())?;
        }
        map.end()
    }
}

/// One subrequest of a Composite request.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompositeSubrequest {
    /// `POST` (create) or `PATCH` (update).
    pub method: Method,
    /// `/services/data/vXX.X/sobjects/Lead` or `.../sobjects/Lead/{id}`.
    #[serde(serialize_with = "ser_str")]
    pub url: Arc<str>,
    /// `lead`, `contact`, `event` or `case`; later subrequests refer to `@{lead.id}`.
    pub reference_id: &'static str,
    /// Field values.
    pub body: Body,
}

/// The body of a Composite request.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompositeBody {
    /// Always true: the subrequests succeed or fail together.
    pub all_or_none: bool,
    /// The subrequests, in order.
    pub composite_request: Vec<CompositeSubrequest>,
}

/// One HTTP request to Salesforce.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SalesforceRequest {
    /// Always `POST`.
    pub method: Method,
    /// `/services/data/vXX.X/composite`.
    #[serde(serialize_with = "ser_str")]
    pub url: Arc<str>,
    /// The Composite body.
    pub body: CompositeBody,
}

/// What happened to one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Outcome {
    /// The source value is sent as it is.
    #[serde(rename = "set")]
    Set,
    /// The source is empty; the fallback is sent.
    #[serde(rename = "fallback")]
    Fallback,
    /// Not sent: overwrite is off and the existing record has a value.
    #[serde(rename = "skipped: overwrite off and Salesforce has a value")]
    SkippedOverwrite,
    /// Not sent: the source is empty and there is no fallback.
    #[serde(rename = "skipped: empty")]
    SkippedEmpty,
    /// Not sent on an update: Salesforce does not let the field be updated (create-only).
    #[serde(rename = "skipped: not updateable")]
    SkippedNotUpdateable,
    /// The value is converted (type, format, value map, list join).
    #[serde(rename = "converted")]
    Converted,
    /// Text cut to the field's length (the row opts in).
    #[serde(rename = "truncated")]
    Truncated,
    /// `null` is sent to clear the field (the row opts in; updates only).
    #[serde(rename = "cleared")]
    Cleared,
    /// The value cannot be written as it is; see the diagnostics.
    #[serde(rename = "error")]
    Error,
}

/// One row of the trace.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TraceEntry {
    /// Tab of the row.
    pub tab: Tab,
    /// Object written.
    pub object: &'static str,
    /// Row index in the tab; `None` for fields the integration sets itself (`WhoId`, `ContactId`).
    pub row: Option<usize>,
    /// OnceHub field id; `None` for static values and integration-set fields.
    #[serde(serialize_with = "ser_opt_str")]
    pub source: Option<Arc<str>>,
    /// JSON pointer into the payload of the value (or of the main value it is derived from).
    pub source_path: Option<String>,
    /// Salesforce field.
    #[serde(serialize_with = "ser_str")]
    pub target: Arc<str>,
    /// The value read from the payload (`null` when empty).
    #[serde(serialize_with = "ser_value")]
    pub raw: Arc<Value>,
    /// The value sent (`null` when nothing is sent, or when the row clears the field).
    #[serde(serialize_with = "ser_value")]
    pub sent: Arc<Value>,
    /// What happened.
    pub outcome: Outcome,
    /// What conversion happened, or why the row was skipped or failed.
    pub detail: Cow<'static, str>,
}

/// The preview of one payload.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    /// `booking.scheduled` / `conversation.closed` (envelopes), `booking`, `contact` or
    /// `conversation` (bare objects).
    pub input_kind: &'static str,
    /// How the integration looks for an existing Lead or Contact for this payload: by email
    /// first, then by phone or mobile phone when there is no email. What it finds is what
    /// `existing` stands for.
    pub matching: Matching,
    /// What will happen, in words.
    pub actions: Vec<Cow<'static, str>>,
    /// The requests, in order (one Composite request).
    pub requests: Vec<SalesforceRequest>,
    /// One entry per mapped row per object written, then the integration-set fields. `None`
    /// (and left out of the JSON) only in a `previewMany` asked for `{ trace: false }`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<TraceEntry>>,
    /// Findings, errors first, then by path.
    pub diagnostics: Vec<Diagnostic>,
}

/// The lookup of an existing person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Matching {
    /// The key used.
    pub by: plan::MatchBy,
    /// Its value in the payload.
    pub value: Option<String>,
}

impl Preview {
    /// The preview of a batch input that cannot be previewed: no request, one error saying why.
    fn not_previewed(err: &crate::error::EngineError, traced: bool) -> Preview {
        Preview {
            input_kind: "notPreviewed",
            matching: Matching {
                by: plan::MatchBy::None,
                value: None,
            },
            actions: vec![Cow::Borrowed("nothing: the input cannot be previewed")],
            requests: Vec::new(),
            trace: traced.then(Vec::new),
            diagnostics: vec![Diagnostic::new(
                "INPUT_NOT_PREVIEWED",
                err.path.clone(),
                format!("{} ({})", err.message, err.code.as_str()),
                err.help.clone(),
            )],
        }
    }

    /// Does the preview have an error-severity finding?
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Totals of a `previewMany` call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewSummary {
    /// Number of previews.
    pub total: usize,
    /// Previews without errors.
    pub ok: usize,
    /// Previews with at least one error.
    pub failing: usize,
    /// Error code → number of previews with it.
    pub by_code: BTreeMap<&'static str, usize>,
}

/// Result of `previewMany`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewManyResult {
    /// One preview per input, in order.
    pub previews: Vec<Preview>,
    /// Totals.
    pub summary: PreviewSummary,
}

/// Options of `previewMany`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PreviewManyOptions {
    /// Give each preview its per-row `trace` (default `true`). Without it a preview of a
    /// 20-row configuration is about a quarter of the size: the choice for large batches, where
    /// the summary, the requests and the findings are what is read, and `preview` of one
    /// payload gives its trace.
    pub trace: bool,
}

impl Default for PreviewManyOptions {
    fn default() -> Self {
        PreviewManyOptions { trace: true }
    }
}

impl PreviewManyOptions {
    /// Reads `{ trace?: boolean }`.
    pub fn parse(text: &str) -> Result<PreviewManyOptions> {
        use crate::jsonv::Ctx;
        let cx = Ctx {
            code: crate::error::ErrorCode::InvalidArgument,
            help: "pass { trace: true | false }",
        };
        let v = crate::json::parse_value(text, "the options object")?;
        let m = cx.object(&v, "", "the options object", &["trace"])?;
        let trace = match Ctx::opt(m, "trace") {
            None => true,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(cx.err("/trace", "`trace` must be true or false".to_string())),
        };
        Ok(PreviewManyOptions { trace })
    }
}

/// Previews one payload. Errors are broken inputs only (`INVALID_PAYLOAD`, `INVALID_JSON`,
/// `NESTING_TOO_DEEP`, `INPUT_TOO_LARGE`), with a JSON pointer into the input; everything about
/// a valid payload is a diagnostic.
pub fn preview(engine: &Engine, config: &MappingConfig, input: &PreviewInput) -> Result<Preview> {
    let plan = Plan::new(engine, config);
    build::preview(&plan, input, true)
}

/// Previews many payloads against one configuration (resolved once). A payload that cannot be
/// previewed (not a OnceHub booking or contact, malformed) does not stop the batch: its preview
/// has no request and one `INPUT_NOT_PREVIEWED` error, whose path starts with the input's index
/// (`/3/payload/type`), and the summary counts it. Only a batch that is not a list of inputs, or
/// is too long, fails the call.
pub fn preview_many(
    engine: &Engine,
    config: &MappingConfig,
    inputs: &[PreviewInput],
    options: PreviewManyOptions,
) -> Result<PreviewManyResult> {
    if inputs.len() > MAX_PREVIEW_INPUTS {
        return Err(input::too_many(Some(inputs.len())));
    }
    let plan = Plan::new(engine, config);
    let mut previews = Vec::with_capacity(inputs.len());
    let mut tally = Tally::default();
    for (i, input) in inputs.iter().enumerate() {
        let p = preview_at(&plan, i, input, options);
        tally.add(&p);
        previews.push(p);
    }
    Ok(PreviewManyResult {
        previews,
        summary: tally.summary(),
    })
}

/// [`preview_many`] from the inputs' JSON text straight to the result's JSON text: each input
/// is read, previewed and written before the next is read, so a large batch never holds more
/// than one input and one preview as Rust values. The text is what serializing the
/// [`PreviewManyResult`] of [`preview_many`] gives, and an input that is not a valid preview
/// input (an unknown key, a payload over the size or nesting limit) gets a preview with its
/// `INPUT_NOT_PREVIEWED` error instead of failing the batch. Text that is not JSON, is not an
/// array, or holds too many inputs fails the call.
pub fn preview_many_json(
    engine: &Engine,
    config: &MappingConfig,
    inputs: &str,
    options: PreviewManyOptions,
) -> Result<String> {
    let plan = Plan::new(engine, config);
    let mut tally = Tally::default();
    // Previews without a trace take about half their input's bytes, with one about twice: one
    // allocation up front instead of a dozen doublings (each a copy of everything so far). A
    // wish, not a need: when the memory is not there, the buffer grows as it is written.
    let expected = if options.trace {
        inputs.len().saturating_mul(2)
    } else {
        inputs.len() / 2
    };
    let mut out = String::new();
    let _ = out.try_reserve(expected.min(MAX_RESERVED_BYTES));
    out.push_str("{\"previews\":[");
    PreviewInput::for_each(inputs, &mut |i, input| {
        let p = match input {
            Ok(input) => preview_at(&plan, i, &input, options),
            // Its pointer already starts at the batch's root (`/3/payload`).
            Err(e) => Preview::not_previewed(&e, options.trace),
        };
        tally.add(&p);
        if i > 0 {
            out.push(',');
        }
        crate::json::append_json(&mut out, &p)?;
        if out.len() > MAX_RESULT_BYTES {
            return Err(crate::error::EngineError::new(
                crate::error::ErrorCode::InputTooLarge,
                format!(
                    "the result passes {MAX_RESULT_BYTES} bytes at input {i}: too large to hand back"
                ),
                format!("/{i}"),
                "preview the batch in parts (a few thousand inputs each), or with { trace: false }, which writes about a quarter as much",
            ));
        }
        Ok(())
    })?;
    out.push_str("],\"summary\":");
    crate::json::append_json(&mut out, &tally.summary())?;
    out.push('}');
    Ok(out)
}

/// The most a batch reserves for its result before writing it.
const MAX_RESERVED_BYTES: usize = 256 << 20;

/// Input `i` of a batch: its preview, or a preview that says why it has none.
fn preview_at(
    plan: &Plan<'_>,
    i: usize,
    input: &PreviewInput,
    options: PreviewManyOptions,
) -> Preview {
    build::preview(plan, input, options.trace)
        .unwrap_or_else(|e| Preview::not_previewed(&e.under(&format!("/{i}")), options.trace))
}

/// The running totals of a batch.
#[derive(Default)]
struct Tally {
    total: usize,
    ok: usize,
    by_code: BTreeMap<&'static str, usize>,
    codes: Vec<&'static str>,
}

impl Tally {
    fn add(&mut self, p: &Preview) {
        self.total += 1;
        self.codes.clear();
        self.codes.extend(
            p.diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| d.code),
        );
        if self.codes.is_empty() {
            self.ok += 1;
        }
        crate::order::sort_by(&mut self.codes, &|a, b| a.cmp(b));
        self.codes.dedup();
        for c in &self.codes {
            *self.by_code.entry(c).or_insert(0) += 1;
        }
    }

    fn summary(self) -> PreviewSummary {
        PreviewSummary {
            total: self.total,
            ok: self.ok,
            failing: self.total - self.ok,
            by_code: self.by_code,
        }
    }
}

impl Engine {
    /// Previews one payload; see [`preview`].
    pub fn preview(&self, config: &MappingConfig, input: &PreviewInput) -> Result<Preview> {
        preview(self, config, input)
    }

    /// Previews many payloads; see [`preview_many`].
    pub fn preview_many(
        &self,
        config: &MappingConfig,
        inputs: &[PreviewInput],
        options: PreviewManyOptions,
    ) -> Result<PreviewManyResult> {
        preview_many(self, config, inputs, options)
    }

    /// Previews many payloads from JSON text to JSON text; see [`preview_many_json`].
    pub fn preview_many_json(
        &self,
        config: &MappingConfig,
        inputs: &str,
        options: PreviewManyOptions,
    ) -> Result<String> {
        preview_many_json(self, config, inputs, options)
    }
}
