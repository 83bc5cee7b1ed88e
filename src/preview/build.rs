//! Building one preview: the subrequests, their bodies row by row, the trace and the findings.

use super::convert::{self, Converted, ZoneSource};
use super::plan::{Plan, RowPlan, Source, TabPlan, Target};
use super::{
    Body, CompositeBody, CompositeSubrequest, ExistingRecord, Method, Outcome, Preview,
    PreviewInput, SalesforceRequest, TraceEntry,
};
use crate::catalogue::{SourceKind, ValueType};
use crate::config::{ContactTarget, MappingConfig, Tab};
use crate::describe::FieldType;
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::error::{pointer_segment, Result};
use crate::payload::{self, shown, Payload, Read};
use crate::required;
use crate::tz::{self, Zone};
use crate::value::{check_value, id_problem, is_blank};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The time zone of datetime → date and time conversions, the first known of: the booking's
/// `customer_timezone`, the booking contact's `timezone`, OnceHub v1's time zone description
/// (the booker's choice, like `customer_timezone`), the configured `timeZone`, the host's
/// `timezone`; else UTC. Resolved on first use, with a warning when a named zone is unknown
/// (`UNKNOWN_TIME_ZONE`), when none is given and UTC is assumed, or when a v1 description is
/// read (`TIME_ZONE_ASSUMED`).
struct Tz<'p> {
    customer: Option<&'p str>,
    contact: Option<&'p str>,
    config: Option<(&'p str, Option<Zone>)>,
    owner: Option<&'p str>,
    /// OnceHub API v1's time zone description and the zone it names.
    v1: Option<payload::V1Zone<'p>>,
    /// The v1 description as sent (also when no zone could be read from it).
    v1_text: Option<&'p str>,
    resolved: Option<(&'p str, Zone)>,
    /// The finding to report at the row that first needed the zone: its code and message.
    warning: Option<(&'static str, String)>,
}

impl<'p> Tz<'p> {
    fn resolve(&mut self) -> (&'p str, Zone) {
        if let Some(r) = self.resolved {
            return r;
        }
        let mut problems: Vec<String> = Vec::new();
        let named =
            |name: Option<&'p str>, what: &'static str| name.map(|n| (n, tz::zone(n), what, false));
        let v1 = match (self.v1, self.v1_text) {
            (Some(v), _) => Some((v.name, Some(v.zone), "v1", true)),
            (None, Some(text)) => Some((text, None, "v1", true)),
            (None, None) => None,
        };
        let config = self
            .config
            .map(|(name, zone)| (name, zone, "the configured time zone", false));
        let candidates = [
            named(self.customer, "the booking's time zone"),
            named(self.contact, "the contact's time zone"),
            v1,
            config,
            named(self.owner, "the host's time zone"),
        ];
        let mut chosen: Option<(&'p str, Zone, &'static str, bool)> = None;
        for (name, zone, what, is_v1) in candidates.into_iter().flatten() {
            match zone {
                Some(z) => {
                    chosen = Some((name, z, what, is_v1));
                    break;
                }
                None if is_v1 => problems.push(format!(
                    "OnceHub v1's description `{}` gives no offset that can be read (such as `(GMT-5)`)",
                    shown(name)
                )),
                None => problems.push(format!(
                    "{what} `{}` is not a known IANA time zone",
                    shown(name)
                )),
            }
        }
        let r = chosen.map_or(("UTC", Zone::UTC), |(name, z, _, _)| (name, z));
        // How a v1 description was read.
        let v1_reading = |v: &payload::V1Zone<'_>| {
            if v.region {
                format!("`{}`, the zone of the region it names", v.name)
            } else {
                format!(
                    "its fixed offset `{}`, without daylight saving time",
                    v.name
                )
            }
        };
        let v1_chosen = chosen.is_some_and(|c| c.3);
        self.warning = match (self.v1.filter(|_| v1_chosen), chosen) {
            (Some(v), _) if problems.is_empty() => Some((
                "TIME_ZONE_ASSUMED",
                format!(
                    "the payload names its time zone only by OnceHub v1's description `{}`, so dates and times use {}",
                    shown(v.text),
                    v1_reading(&v)
                ),
            )),
            (Some(v), _) => Some((
                "UNKNOWN_TIME_ZONE",
                format!(
                    "{}; dates use OnceHub v1's description `{}`: {}",
                    problems.join(", and "),
                    shown(v.text),
                    v1_reading(&v)
                ),
            )),
            (None, Some((name, _, what, _))) if !problems.is_empty() => Some((
                "UNKNOWN_TIME_ZONE",
                format!("{}; dates use {what} `{name}`", problems.join(", and ")),
            )),
            (None, Some(_)) => None,
            (None, None) if !problems.is_empty() => Some((
                "UNKNOWN_TIME_ZONE",
                format!("{}; dates use UTC", problems.join(", and ")),
            )),
            (None, None) => Some((
                "TIME_ZONE_ASSUMED",
                "the payload gives no time zone (no booking `customer_timezone`, contact `timezone` or host `timezone`) and the configuration sets no `timeZone`, so dates and times are taken in UTC".to_string(),
            )),
        };
        self.resolved = Some(r);
        r
    }
}

impl ZoneSource for Tz<'_> {
    fn zone(&mut self) -> (&str, Zone) {
        self.resolve()
    }
}

/// How the person is written.
#[derive(Clone, Copy)]
enum Person<'i> {
    Create(Tab),
    Update(Tab, &'i ExistingRecord),
}

impl Person<'_> {
    fn tab(self) -> Tab {
        match self {
            Person::Create(t) | Person::Update(t, _) => t,
        }
    }
}

/// Where a row's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueKind {
    /// The OnceHub field.
    Source,
    /// The OnceHub field is empty: the fallback, if the row has one.
    Fallback,
    /// The OnceHub value cannot be used: the row's fallback.
    FallbackForUnusable,
    /// A static row.
    Static,
}

impl ValueKind {
    /// Is the row's fallback sent?
    fn is_fallback(self) -> bool {
        matches!(self, ValueKind::Fallback | ValueKind::FallbackForUnusable)
    }
}

struct Builder<'p> {
    plan: &'p Plan<'p>,
    payload: &'p Payload<'p>,
    tz: Tz<'p>,
    subs: Vec<CompositeSubrequest>,
    trace: Vec<TraceEntry>,
    /// Keep the trace (`previewMany` may leave it out).
    traced: bool,
    /// Targets of the record being written whose rows depend on current values that were not
    /// given.
    unknown_values: Vec<String>,
    /// The id of a converted Lead that got no request of its own (see
    /// [`Builder::converted_lead_linked`]).
    converted_unsent: Option<(String, usize)>,
    /// The booking carries no booker data (no contact, no form): no Lead or Contact is
    /// written, and the Event and Case are linked to no one.
    no_person: bool,
    diags: Vec<Diagnostic>,
    actions: Vec<Cow<'static, str>>,
}

/// Previews one input.
pub(super) fn preview(plan: &Plan<'_>, input: &PreviewInput, traced: bool) -> Result<Preview> {
    let parsed;
    let value = match &input.payload {
        Value::String(text) => {
            parsed = payload::parse_text(text, "/payload")?;
            &parsed
        }
        other => other,
    };
    let payload = Payload::read(value).map_err(|e| e.under("/payload"))?;
    let matching = plan
        .matching
        .iter()
        .find_map(|(by, accessor)| match payload.read_field(accessor, None) {
            payload::Read::Value(x) => x
                .value
                .as_str()
                // What a lookup searches for: spaces around it are not part of it.
                .map(convert::trim_address)
                .filter(|v| !v.is_empty())
                .map(|v| super::Matching {
                    by: *by,
                    value: Some(v.to_string()),
                }),
            _ => None,
        })
        .unwrap_or(super::Matching {
            by: super::plan::MatchBy::None,
            value: None,
        });
    let mut b = Builder {
        plan,
        payload: &payload,
        tz: Tz {
            customer: payload.customer_timezone(),
            contact: payload.contact_timezone(),
            owner: payload.owner_timezone(),
            v1: payload.v1_time_zone(),
            v1_text: payload.v1_time_zone_text(),
            config: plan.config_zone,
            resolved: None,
            warning: None,
        },
        subs: Vec::with_capacity(3),
        trace: Vec::with_capacity(if traced {
            plan.config.row_count() + 2
        } else {
            0
        }),
        traced,
        unknown_values: Vec::new(),
        converted_unsent: None,
        no_person: false,
        diags: Vec::new(),
        actions: Vec::with_capacity(3),
    };
    b.run(input);
    b.converted_lead_linked();
    if let (super::plan::MatchBy::Email, Some(email)) = (matching.by, matching.value.as_deref()) {
        b.diags.extend(existing_email_mismatch(plan, input, email));
    }
    let Builder {
        subs,
        trace,
        mut diags,
        actions,
        ..
    } = b;
    diagnostic::sort(&mut diags);
    Ok(Preview {
        input_kind: payload.kind,
        matching,
        actions,
        // Nothing to write (an existing person with every row skipped, and no meeting): no
        // request at all, as Salesforce refuses a Composite request without subrequests.
        requests: if subs.is_empty() {
            Vec::new()
        } else {
            vec![SalesforceRequest {
                method: Method::Post,
                url: plan.composite_url.clone(),
                body: CompositeBody {
                    all_or_none: true,
                    composite_request: subs,
                },
            }]
        },
        trace: traced.then_some(trace),
        diagnostics: diags,
    })
}

/// What to do about a converted Lead, for every `CONVERTED_LEAD`.
/// `lead` → `Lead`, for messages.
fn title(role: &str) -> &'static str {
    match role {
        "lead" => "Lead",
        "contact" => "Contact",
        "event" => "Event",
        _ => "Case",
    }
}

const CONVERTED_LEAD_HELP: &str = "update the Contact it was converted to instead: give that Contact as the existing record (on the mapping screen: Existing Contact), with new contacts set to update Contacts (\"Update the Contact if one exists, otherwise create or update a Lead\" or \"Create or update a Contact\": contacts.target `contactElseLead` or `contact`)";

/// Key prefix of record ids per object.
fn key_prefix(tab: Tab) -> &'static str {
    match tab {
        Tab::Leads => "00Q",
        Tab::Contacts => "003",
        Tab::Events => "00U",
        Tab::Cases => "500",
    }
}

/// The id as a URL path segment: letters and digits as they are, anything else
/// percent-encoded (a malformed id can never change the URL's structure).
fn url_segment(id: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A current value of an existing record, by exact name, else ignoring case.
fn current<'v>(fields: &'v BTreeMap<String, Value>, name: &str) -> Option<&'v Value> {
    fields.get(name).or_else(|| {
        fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// The existing record's non-blank value of the row's target, when it was given. For a OnceHub
/// value (`from_source`), an unticked checkbox is blank: Salesforce checkboxes are never empty
/// and start unticked, so overwrite off still lets OnceHub tick one. A fallback or a static
/// value never ticks it: that would invent consent nobody gave.
fn salesforce_has<'v>(
    fields: Option<&'v BTreeMap<String, Value>>,
    r: &RowPlan<'_>,
    from_source: bool,
) -> Option<&'v Value> {
    let checkbox = from_source && r.field.is_some_and(|f| f.field_type == FieldType::Boolean);
    fields.and_then(|f| current(f, &r.target)).filter(|v| {
        let unticked = checkbox && crate::value::checkbox(v) == Some(false);
        !(is_blank(v) || unticked)
    })
}

/// Was the existing record's value of `target` given (even blank)? A field left out of
/// `existing.*.fields` is unknown, not blank: the lookup may not have asked for it.
fn value_known(fields: Option<&BTreeMap<String, Value>>, target: &str) -> bool {
    fields.is_some_and(|f| current(f, target).is_some())
}

/// Is the current Salesforce value a placeholder a fallback wrote, which real data may replace
/// even with overwrite off? Only text that cannot be anyone's real data: the engine's default
/// fallback (`[not provided]`), or the row's own text fallback when it is bracketed
/// (`[unknown]`) or placeholder-like (`Unknown`, `N/A`). A fallback such as the picklist value
/// `Web` may equally be what a person chose, so it never counts.
fn is_placeholder(r: &RowPlan<'_>, have: &Value) -> bool {
    let Some(text) = have.as_str() else {
        return false;
    };
    let t = text.trim();
    if t.eq_ignore_ascii_case(crate::config::DEFAULT_FALLBACK) {
        return true;
    }
    let own = r
        .fallback
        .as_deref()
        .and_then(Value::as_str)
        .is_some_and(|f| f.trim().eq_ignore_ascii_case(t));
    own && ((t.starts_with('[') && t.ends_with(']'))
        || crate::validate::rules::placeholder::is_placeholder(t))
}

/// A current Salesforce value as shown in a trace detail.
fn shown_value(value: &Value) -> String {
    match value {
        Value::String(s) => shown(s).into_owned(),
        other => shown(&other.to_string()).into_owned(),
    }
}

/// Appends a clause to a detail.
fn add_detail(detail: &mut Cow<'static, str>, more: Cow<'static, str>) {
    if more.is_empty() {
        return;
    }
    if detail.is_empty() {
        *detail = more;
    } else {
        *detail = Cow::Owned(format!("{detail}; {more}"));
    }
}

/// `EXISTING_RECORD_MISMATCH`: an existing Lead or Contact, of a kind the configuration writes,
/// whose `Email` is another address than the one the integration looks the person up by: the
/// lookup could not have found it, so the preview updates a record it would not touch.
fn existing_email_mismatch(plan: &Plan<'_>, input: &PreviewInput, email: &str) -> Vec<Diagnostic> {
    let Some(existing) = input.existing.as_ref() else {
        return Vec::new();
    };
    let target = plan.config.contacts.target;
    let kinds = [
        (
            "lead",
            "Lead",
            existing.lead.as_ref(),
            target != ContactTarget::Contact,
        ),
        (
            "contact",
            "Contact",
            existing.contact.as_ref(),
            target != ContactTarget::Lead,
        ),
    ];
    kinds
        .into_iter()
        .filter_map(|(role, object, record, written)| {
            let fields = record.filter(|_| written)?.fields.as_ref()?;
            let (key, theirs) = fields
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("Email"))
                .and_then(|(k, v)| Some((k, v.as_str()?.trim())))?;
            (!theirs.is_empty() && !theirs.eq_ignore_ascii_case(email)).then(|| {
                Diagnostic::new(
                    "EXISTING_RECORD_MISMATCH",
                    format!("/existing/{role}/fields/{}", pointer_segment(key)),
                    format!(
                        "the existing {object}'s Email is `{}`, but the integration looks the person up by `{}`: the lookup would not find this {object}, so the real requests differ",
                        crate::value::shown(theirs),
                        crate::value::shown(email)
                    ),
                    format!("give the {object} the lookup finds (its Email is the payload's), or no existing {object} to preview a new person"),
                )
            })
        })
        .collect()
}

impl<'p> Builder<'p> {
    fn run(&mut self, input: &'p PreviewInput) {
        let config = self.plan.config;
        let existing = input.existing.as_ref();
        let lead = existing.and_then(|e| e.lead.as_ref());
        let contact = existing.and_then(|e| e.contact.as_ref());
        let event = existing.and_then(|e| e.event.as_ref());
        let person = match config.contacts.target {
            ContactTarget::Lead => lead.map_or(Person::Create(Tab::Leads), |r| {
                Person::Update(Tab::Leads, r)
            }),
            ContactTarget::Contact => contact.map_or(Person::Create(Tab::Contacts), |r| {
                Person::Update(Tab::Contacts, r)
            }),
            ContactTarget::ContactElseLead => match (contact, lead) {
                (Some(c), _) => Person::Update(Tab::Contacts, c),
                (None, Some(l)) => Person::Update(Tab::Leads, l),
                (None, None) => Person::Create(Tab::Leads),
            },
        };
        // A record given for the kind of person the configuration never writes: say so, as
        // the preview would otherwise silently create another record.
        let unused = match config.contacts.target {
            ContactTarget::Lead => contact.map(|_| ("contact", "lead", "Leads")),
            ContactTarget::Contact => lead.map(|_| ("lead", "contact", "Contacts")),
            ContactTarget::ContactElseLead => None,
        };
        if let Some((given, target, writes)) = unused {
            self.diags.push(Diagnostic::new(
                "EXISTING_RECORD_UNUSED",
                format!("/existing/{given}"),
                format!("the existing {} is not used: new contacts write {writes} only (contacts.target `{target}`), so the integration looks up no {}", title(given), title(given)),
                format!("give the matching {} as the existing record (`existing.{target}`), or set new contacts to \"Update the Contact if one exists, otherwise create or update a Lead\" (`contactElseLead`)", title(target)),
            ));
        }
        // A booking without any booker data (a host's booking without a form): there is nobody
        // to look up or write, and a record of placeholders would be created on every delivery.
        // (An existing record given with it could not have been found: nothing matches it.)
        self.no_person = !self.payload.has_person_data();
        let person_ref = if self.no_person {
            let unmatched = match (lead.is_some() || contact.is_some(), self.payload.is_conversation()) {
                (false, _) => "",
                (true, true) => "; the existing record given is not used, as nothing in the conversation could match it",
                (true, false) => "; the existing record given is not used, as nothing in the booking could match it",
            };
            let diagnostic = self.no_person_finding(unmatched);
            self.diags.push(diagnostic.at(person.tab(), None));
            self.actions
                .push(Cow::Borrowed(if self.payload.is_conversation() {
                    "no Lead or Contact: the conversation carries no contact data"
                } else {
                    "no Lead or Contact: the booking carries no booker data"
                }));
            Arc::from("")
        } else {
            self.person(person)
        };
        if !self.payload.is_booking() {
            self.meeting_records_unused(existing);
            return;
        }
        // A booking that awaits the host's approval is not a meeting yet: OnceHub sends
        // `booking.scheduled` once it is approved, and the Event (and Case) are written then.
        if self.payload.event_type().is_none()
            && self
                .payload
                .booking_status()
                .is_some_and(|s| s.trim().eq_ignore_ascii_case("requested"))
        {
            self.diags.push(
                Diagnostic::new(
                    "BOOKING_NOT_CONFIRMED",
                    "/payload/status",
                    "the booking awaits the host's approval (`requested`), so no Event or Case is written yet: OnceHub sends booking.scheduled once it is approved",
                    "preview the booking after its approval, or its booking.scheduled webhook",
                )
                .at(Tab::Events, None),
            );
            self.actions
                .push(Cow::Borrowed("no Event yet: the booking awaits approval"));
            return;
        }
        let new_booking = match self.payload.event_type() {
            Some(t) => t == "booking.scheduled",
            None => self.payload.booking_status().is_none_or(|s| {
                let s = s.trim();
                s.is_empty() || s.eq_ignore_ascii_case("scheduled")
            }),
        };
        if config.meetings.create_events {
            self.event(person, &person_ref, event, new_booking);
            if event.is_some() {
                self.lifecycle_not_recorded(config);
            }
        } else if event.is_some() {
            self.diags.push(Diagnostic::new(
                "EXISTING_RECORD_UNUSED",
                "/existing/event",
                "the existing Event is not used: creating Events is switched off (meetings.createEvents), so the integration writes no Event",
                "leave the existing Event out (`existing.event`), or switch on \"Create events in Salesforce for all meetings\"",
            ));
        }
        self.case(person, &person_ref, existing, new_booking);
    }

    /// `EXISTING_RECORD_UNUSED` for an Event or Case given with a contact or a conversation,
    /// which write neither.
    fn meeting_records_unused(&mut self, existing: Option<&'p super::ExistingRecords>) {
        let what = if self.payload.is_conversation() {
            "a chatbot conversation"
        } else {
            "a contact"
        };
        for (given, name) in [
            (existing.and_then(|e| e.event.as_ref()), "event"),
            (existing.and_then(|e| e.case.as_ref()), "case"),
        ] {
            if given.is_some() {
                self.diags.push(Diagnostic::new(
                    "EXISTING_RECORD_UNUSED",
                    format!("/existing/{name}"),
                    format!(
                        "the existing {} is not used: {what} writes no Event or Case, only the Lead or Contact",
                        title(name)
                    ),
                    format!(
                        "leave the existing {} out (`existing.{name}`) for {what}",
                        title(name)
                    ),
                ));
            }
        }
    }

    /// The Case of a new booking from a calendar selected for Cases, unless the booking was seen
    /// before (its Event or its Case exists).
    fn case(
        &mut self,
        person: Person<'p>,
        person_ref: &Arc<str>,
        existing: Option<&'p super::ExistingRecords>,
        new_booking: bool,
    ) {
        let config = self.plan.config;
        let event = existing.and_then(|e| e.event.as_ref());
        let calendar_selected = self
            .payload
            .booking_calendar()
            .is_some_and(|id| config.meetings.case_calendars.iter().any(|c| c == id));
        let case_booking = new_booking && config.meetings.cases_enabled() && calendar_selected;
        // The booking's Event exists: it was delivered before, and so was its Case. (With
        // Events off the integration writes no Event, so `existing.event` tells nothing.)
        let delivered_before = event.is_some() && config.meetings.create_events;
        let wants_case = case_booking && !delivered_before;
        if case_booking && delivered_before {
            self.actions.push(Cow::Borrowed(
                "no new Case: the booking's Event exists, so the booking was delivered before",
            ));
        }
        let existing_case = existing.and_then(|e| e.case.as_ref());
        if existing_case.is_some() && !case_booking {
            self.diags.push(
                Diagnostic::new(
                    "EXISTING_RECORD_UNUSED",
                    "/existing/case",
                    "the existing Case is not used: only a new booking from a calendar selected for Cases creates a Case",
                    "leave the existing Case out for this booking (`existing.case`)",
                ),
            );
        }
        // A Case needs rows: one with nothing but a link carries no information (and none at
        // all for a Lead), so none is created, and the preview says why.
        if !wants_case {
            return;
        }
        if let Some(case) = existing_case {
            // The booking was delivered before (with Events off, no Event tells).
            // No request uses that id: a wrong one is a warning, not a failing preview.
            self.diags.extend(
                Self::wrong_id(&case.id, Tab::Cases, "/existing/case/id".to_string())
                    .map(|d| d.severity(Severity::Warning).prevents(None)),
            );
            self.actions.push(Cow::Owned(format!(
                "no new Case: Case `{}` exists for this booking",
                shown(&case.id)
            )));
            if config.meetings.create_events {
                self.diags.push(
                    Diagnostic::new(
                        "NO_EXISTING_EVENT",
                        "/existing/event",
                        "the existing Case shows this booking was delivered before, but no existing Event was given (`existing.event`), so its Event is created again",
                        "give the Event the integration created for this booking as the existing Event (`existing.event`)",
                    )
                    .at(Tab::Events, None),
                );
            }
            return;
        }
        if config.mappings.cases.is_empty() {
            self.diags.push(
                Diagnostic::new(
                    "CASES_WITHOUT_ROWS",
                    "/mappings/cases",
                    "the booking is from a calendar selected for Cases, but the Cases tab has no rows, so no Case is created",
                    "map the meeting's subject and notes to the Case's Subject and Description",
                )
                .at(Tab::Cases, None),
            );
        } else {
            let index = self.subrequest(Tab::Cases, "case", None);
            if person.tab() == Tab::Contacts && !self.no_person {
                self.engine_set(
                    Tab::Cases,
                    index,
                    "ContactId",
                    person_ref,
                    "links the Case to the Contact",
                );
                self.actions
                    .push(Cow::Borrowed("create Case linked to the Contact"));
            } else {
                self.actions.push(Cow::Borrowed("create Case"));
            }
            self.check_required(Tab::Cases, index);
        }
    }

    /// The person's subrequest; returns how later subrequests refer to the person.
    fn person(&mut self, person: Person<'p>) -> Arc<str> {
        let reference = if person.tab() == Tab::Leads {
            "lead"
        } else {
            "contact"
        };
        match person {
            Person::Create(tab) => {
                let index = self.subrequest(tab, reference, None);
                self.check_required(tab, index);
                self.actions.push(Cow::Borrowed(if tab == Tab::Leads {
                    "create Lead"
                } else {
                    "create Contact"
                }));
                Arc::from(if tab == Tab::Leads {
                    "@{lead.id}"
                } else {
                    "@{contact.id}"
                })
            }
            Person::Update(tab, record) => {
                let index = self.subrequest(tab, reference, Some(record));
                if self.sent(index) {
                    self.check_pairs(tab, index, false, record.fields.as_ref());
                }
                if tab == Tab::Leads && record.is_converted == Some(true) {
                    let d = if self.sent(index) {
                        Diagnostic::new(
                            "CONVERTED_LEAD",
                            format!("/requests/0/body/compositeRequest/{index}"),
                            format!(
                                "the existing Lead `{}` is converted, and Salesforce refuses to update a converted Lead",
                                shown(&record.id)
                            ),
                            CONVERTED_LEAD_HELP,
                        )
                    } else {
                        // Nothing to write: no request fails, but the person's data goes nowhere
                        // (an Event linked to it makes this an error at the end).
                        self.converted_unsent = Some((record.id.clone(), self.diags.len()));
                        Diagnostic::new(
                            "CONVERTED_LEAD",
                            "/existing/lead",
                            format!(
                                "the existing Lead `{}` is converted; nothing is written to it here, and Salesforce refuses any update to a converted Lead",
                                shown(&record.id)
                            ),
                            CONVERTED_LEAD_HELP,
                        )
                        .severity(Severity::Warning)
                        .prevents(None)
                    };
                    self.diags.push(d.at(tab, None));
                }
                if self.sent(index) {
                    self.actions.push(Cow::Owned(format!(
                        "update {} `{}`",
                        tab.object(),
                        shown(&record.id)
                    )));
                }
                Arc::from(record.id.as_str())
            }
        }
    }

    fn event(
        &mut self,
        person: Person<'_>,
        person_ref: &Arc<str>,
        event: Option<&'p ExistingRecord>,
        new_booking: bool,
    ) {
        if let Some(record) = event {
            let index = self.subrequest(Tab::Events, "event", Some(record));
            if self.sent(index) {
                self.check_event(index, record.fields.as_ref());
                self.actions
                    .push(Cow::Owned(format!("update Event `{}`", shown(&record.id))));
            }
            return;
        }
        if !new_booking {
            // A lifecycle change updates the booking's Event; creating a second one would
            // duplicate the meeting in Salesforce, so nothing is sent for the Event.
            self.diags.push(
                Diagnostic::new(
                    "NO_EXISTING_EVENT",
                    "/existing/event",
                    format!(
                        "{} updates the Event created for the booking, but no existing Event was given, so no Event request is shown",
                        match (self.payload.event_type(), self.payload.booking_status()) {
                            (Some(t), _) => format!("`{}`", shown(t)),
                            (None, Some(s)) => format!("a booking with status `{}`", shown(s.trim())),
                            (None, None) => "the booking".to_string(),
                        }
                    ),
                    if self.payload.rescheduled_from().is_some() {
                        "give the Event the integration created for the earlier booking (`rescheduled_booking_id` names it) as the existing Event (`existing.event`)"
                    } else {
                        "give the Event the integration created for this booking as the existing Event (`existing.event`)"
                    },
                )
                .at(Tab::Events, None),
            );
            self.actions.push(Cow::Borrowed(
                "leave the Event alone: the booking's Event was not given",
            ));
            return;
        }
        let index = self.subrequest(Tab::Events, "event", None);
        if self.no_person {
            self.actions
                .push(Cow::Borrowed("create Event linked to no one"));
            self.check_required(Tab::Events, index);
            self.check_event(index, None);
            return;
        }
        let lead = person.tab() == Tab::Leads;
        let (what, action) = match (person, lead) {
            (Person::Create(_), true) => (
                "links the Event to the Lead created above",
                "create Event linked to the Lead",
            ),
            (Person::Create(_), false) => (
                "links the Event to the Contact created above",
                "create Event linked to the Contact",
            ),
            (Person::Update(..), true) => (
                "links the Event to the existing Lead",
                "create Event linked to the Lead",
            ),
            (Person::Update(..), false) => (
                "links the Event to the existing Contact",
                "create Event linked to the Contact",
            ),
        };
        self.engine_set(Tab::Events, index, "WhoId", person_ref, what);
        self.actions.push(Cow::Borrowed(action));
        self.check_required(Tab::Events, index);
        self.check_event(index, None);
    }

    /// The Event rules on an Event subrequest's body, each at the row that wrote the field. An
    /// update that moves the end but not the start is judged against the start Salesforce keeps
    /// (when the existing Event's values are given): a new end before it is refused. (A new
    /// start alone moves the end with it, keeping the duration; Salesforce derives
    /// `ActivityDateTime` and `ActivityDate` from the start.)
    fn check_event(&mut self, index: usize, current: Option<&BTreeMap<String, Value>>) {
        let Some(sub) = self.subs.get(index) else {
            return;
        };
        let base = format!("/requests/0/body/compositeRequest/{index}/body");
        let kept_start = current
            .filter(|_| {
                sub.body.get("EndDateTime").is_some()
                    && sub.body.get("StartDateTime").is_none()
                    && sub.body.get("ActivityDateTime").is_none()
            })
            .and_then(|c| {
                // The Event's start: StartDateTime, else ActivityDateTime (blank ones skipped).
                let stored = |name: &str| {
                    c.iter()
                        .find(|(k, v)| k.eq_ignore_ascii_case(name) && !is_blank(v))
                        .map(|(_, v)| v)
                };
                stored("StartDateTime").or_else(|| stored("ActivityDateTime"))
            });
        let field = |n: &str| {
            sub.body
                .get(n)
                .or_else(|| kept_start.filter(|_| n == "StartDateTime"))
        };
        let update = matches!(sub.method, Method::Patch);
        let mut found = crate::event_rules::event_findings(&field, &base, update);
        if let Some(start) = kept_start {
            for d in &mut found {
                if d.path.ends_with("/StartDateTime") {
                    d.path = format!("{base}/EndDateTime");
                }
                d.message = format!(
                    "{} (`StartDateTime` is the Event's current `{}`, which this update keeps)",
                    d.message,
                    shown(&crate::value::value_text(start))
                );
            }
        }
        let rows = self.plan.tab(Tab::Events).map(|tp| &tp.rows);
        for d in found {
            let name = d.path.rsplit('/').next().unwrap_or_default();
            let row = rows.and_then(|rows| {
                rows.iter()
                    .find(|r| r.target.eq_ignore_ascii_case(name))
                    .map(|r| r.index)
            });
            self.diags.push(d.at(Tab::Events, row));
        }
    }

    /// Adds a subrequest for a tab; returns its index.
    fn subrequest(
        &mut self,
        tab: Tab,
        reference: &'static str,
        existing: Option<&'p ExistingRecord>,
    ) -> usize {
        let plan = self.plan;
        let index = self.subs.len();
        let Some(tp) = plan.tab(tab) else {
            return index;
        };
        let base = format!("/requests/0/body/compositeRequest/{index}");
        let diags_start = self.diags.len();
        let role = match tab {
            Tab::Leads => "lead",
            Tab::Contacts => "contact",
            Tab::Events => "event",
            Tab::Cases => "case",
        };
        let (method, url) = match existing {
            None => (Method::Post, tp.create_url.clone()),
            Some(r) => {
                self.diags
                    .extend(Self::wrong_id(&r.id, tab, format!("{base}/url")));
                (
                    Method::Patch,
                    Arc::from(format!("{}/{}", tp.create_url, url_segment(&r.id))),
                )
            }
        };
        let body = self.rows(tp, existing, &base);
        let unknown = std::mem::take(&mut self.unknown_values);
        if !unknown.is_empty() {
            let object = tab.object();
            self.diags.push(
                Diagnostic::new(
                    "EXISTING_VALUES_UNKNOWN",
                    format!("/existing/{role}/fields"),
                    if existing.is_some_and(|r| r.fields.is_some()) {
                        format!(
                            "the existing {object}'s values of {} were not given, so these rows (overwrite off, or a fallback) are shown as sent; the integration leaves out each of them the record already has a value for, so the real request may not carry them",
                            crate::value::short_list(&unknown.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>(), ", ")
                        )
                    } else {
                        format!(
                            "the existing {object}'s values were not given, so rows with overwrite off and fallbacks are shown as sent; the integration leaves out each of them the record already has a value for, so the real request may not carry them"
                        )
                    },
                    format!("give the {object}'s current values (`existing.{role}.fields`), including every field these rows write, with blank ones as null"),
                )
                .at(tab, None),
            );
        }
        // An update with nothing to write is left out: an empty PATCH changes no field but
        // still runs the org's triggers and flows. Findings that pointed into it point at the
        // existing record.
        if let Some(r) = existing {
            if body.is_empty() {
                for d in self.diags.iter_mut().skip(diags_start) {
                    if let Some(rest) = d.path.strip_prefix(base.as_str()) {
                        d.path = match (rest.strip_prefix("/body/"), rest) {
                            (Some(field), _) => format!("/existing/{role}/fields/{field}"),
                            (None, "/url") => format!("/existing/{role}/id"),
                            _ => format!("/existing/{role}"),
                        };
                    }
                }
                self.actions.push(Cow::Owned(format!(
                    "leave {} `{}` as it is: nothing to change",
                    tab.object(),
                    shown(&r.id)
                )));
                return index;
            }
        }
        self.subs.push(CompositeSubrequest {
            method,
            url,
            reference_id: reference,
            body,
        });
        index
    }

    /// A converted Lead left without a request of its own: an Event that links to it
    /// (`WhoId`) is refused, so the warning `person` gave becomes that Event's error.
    fn converted_lead_linked(&mut self) {
        let Some((lead_id, warning)) = self.converted_unsent.take() else {
            return;
        };
        let linked = self
            .subs
            .iter()
            .position(|s| matches!(s.body.get("WhoId"), Some(Value::String(id)) if *id == lead_id));
        if let (Some(index), Some(d)) = (linked, self.diags.get_mut(warning)) {
            *d = Diagnostic::new(
                "CONVERTED_LEAD",
                format!("/requests/0/body/compositeRequest/{index}/body/WhoId"),
                format!(
                    "the existing Lead `{}` is converted, and Salesforce refuses an Event linked to a converted Lead",
                    shown(&lead_id)
                ),
                CONVERTED_LEAD_HELP,
            )
            .at(Tab::Leads, None);
        }
    }

    /// `LIFECYCLE_NOT_RECORDED`: a canceled, completed or no-show booking updates its Event, but
    /// no Events row carries the meeting's status, so the Event would not show what happened.
    fn lifecycle_not_recorded(&mut self, config: &MappingConfig) {
        let status = match self.payload.event_type() {
            Some("booking.canceled" | "booking.canceled_reschedule_requested") => "canceled",
            Some("booking.completed") => "completed",
            Some("booking.no_show") => "marked as a no-show",
            Some(_) => return,
            None => match self.payload.booking_status().map(str::trim) {
                Some(s) if s.eq_ignore_ascii_case("canceled") => "canceled",
                Some(s) if s.eq_ignore_ascii_case("completed") => "completed",
                // v1 spells it `No-Show`.
                Some(s) if crate::text::loosely_equal(s, "no_show") => "marked as a no-show",
                _ => return,
            },
        };
        if config
            .mappings
            .events
            .iter()
            .any(|r| r.source.as_deref() == Some("status"))
        {
            return;
        }
        self.diags.push(
            Diagnostic::new(
                "LIFECYCLE_NOT_RECORDED",
                "/mappings/events",
                format!("the booking was {status}, but no Events row maps the meeting's status, so the Event in Salesforce will not show it"),
                "map OnceHub `Meeting status` to an Event field, such as a custom Meeting Status picklist",
            )
            .at(Tab::Events, None),
        );
    }

    /// Was subrequest `index` added (an update with nothing to write is not)?
    fn sent(&self, index: usize) -> bool {
        index < self.subs.len()
    }

    /// The finding on an existing record's id that is not an id of `tab`'s object, at `at`.
    fn wrong_id(id: &str, tab: Tab, at: String) -> Option<Diagnostic> {
        let object = tab.object();
        let prefix = key_prefix(tab);
        let (code, message, help) = if let Some(why) = id_problem(id) {
            (
                "MALFORMED_ID",
                format!(
                    "`{}` is not a Salesforce id for the existing {object}: {why}",
                    shown(id)
                ),
                "pass the record's 15- or 18-character id as Salesforce gives it".to_string(),
            )
        } else if !crate::value::case_restored(id).is_some_and(|id| id.starts_with(prefix)) {
            (
                "ID_OF_WRONG_OBJECT",
                format!(
                    "`{}` is not {} {object} id ({object} ids start with `{prefix}`)",
                    shown(id),
                    crate::text::article(object)
                ),
                format!("pass the id of the existing {object}"),
            )
        } else {
            return None;
        };
        Some(Diagnostic::new(code, at, message, help).at(tab, None))
    }

    /// Appends a field the integration sets itself to a subrequest.
    fn engine_set(
        &mut self,
        tab: Tab,
        index: usize,
        field: &'static str,
        value: &Arc<str>,
        what: &'static str,
    ) {
        let name: Arc<str> = Arc::from(field);
        let sent = Arc::new(Value::String(value.to_string()));
        if let Some(sub) = self.subs.get_mut(index) {
            sub.body.push(name.clone(), sent.clone());
        }
        let object = self.plan.tab(tab).and_then(|tp| tp.object);
        if let Some(d) = object.and_then(|o| crate::value::link_field_problem(o, field)) {
            let at = format!("/requests/0/body/compositeRequest/{index}/body/{field}");
            self.diags.push(d.into_diagnostic(at).at(tab, None));
        }
        // Built only when kept: a batch without traces skips the detail text.
        if self.traced {
            self.trace.push(TraceEntry {
                tab,
                object: tab.object(),
                row: None,
                source: None,
                source_path: None,
                target: name,
                raw: self.plan.null.clone(),
                sent,
                outcome: Outcome::Set,
                detail: Cow::Owned(format!("set by the integration: {what}")),
            });
        }
    }

    fn push_trace(&mut self, entry: TraceEntry) {
        if self.traced {
            self.trace.push(entry);
        }
    }

    /// A body's fields that go in pairs (a latitude with its longitude on a create, a state with
    /// its country), on an update with what the body leaves out taken from the existing record's
    /// known values (`current`).
    fn check_pairs(
        &mut self,
        tab: Tab,
        index: usize,
        create: bool,
        current: Option<&BTreeMap<String, Value>>,
    ) {
        let plan = self.plan;
        let (Some(tp), Some(sub)) = (plan.tab(tab), self.subs.get(index)) else {
            return;
        };
        let Some(object) = tp.object else {
            return;
        };
        let found: Vec<Diagnostic> = pair_findings(object, &sub.body, index, create, current)
            .into_iter()
            .map(|d| {
                let row = row_of_path(tp, &d.path);
                d.at(tab, row)
            })
            .collect();
        self.diags.extend(found);
    }

    fn check_required(&mut self, tab: Tab, index: usize) {
        let plan = self.plan;
        let Some(tp) = plan.tab(tab) else { return };
        let Some(sub) = self.subs.get(index) else {
            return;
        };
        if tp.object.is_none() || sub.method != Method::Post {
            return;
        }
        let all_day = sub
            .body
            .get("IsAllDayEvent")
            .and_then(crate::value::checkbox)
            == Some(true);
        let mut found = Vec::new();
        for req in &tp.required {
            // Salesforce stores blank text as an empty field.
            let present = |n: &str| sub.body.get(n).is_some_and(|v| !is_blank(v));
            if req.met_by(&present, all_day) {
                continue;
            }
            let row = tp
                .rows
                .iter()
                .find(|r| r.target.eq_ignore_ascii_case(&req.name))
                .map(|r| r.index);
            let object = tab.object();
            let message = match (&req.rule, req.certain) {
                (Some(rule), _) => {
                    let names: Vec<&str> = std::iter::once(req.name.as_str())
                        .chain(req.alternatives.iter().map(String::as_str))
                        .collect();
                    format!("this create leaves `{}` empty: {rule}", names.join("` and `"))
                }
                (None, true) => format!(
                    "`{object}.{}` is required, and this payload leaves it empty",
                    req.name
                ),
                (None, false) => format!(
                    "`{object}.{}` may be required (the describe does not say), and this payload leaves it empty",
                    req.name
                ),
            };
            // The same codes as validateRecord: missing, or (a reduced describe) maybe missing.
            let mut d = Diagnostic::new(
                if req.certain {
                    "RECORD_REQUIRED_MISSING"
                } else {
                    "RECORD_REQUIRED_UNKNOWN"
                },
                format!(
                    "/requests/0/body/compositeRequest/{index}/body/{}",
                    pointer_segment(&req.name)
                ),
                message,
                format!(
                    "give the `{}` row a fallback, or map a OnceHub field that always has a value",
                    req.name
                ),
            )
            .at(tab, row);
            if !req.certain {
                d = d.severity(Severity::Warning);
            }
            found.push(d);
        }
        self.diags.extend(found);
        self.check_pairs(tab, index, true, None);
    }

    /// The body of a tab's subrequest, row by row.
    fn rows(&mut self, tp: &TabPlan<'_>, existing: Option<&'p ExistingRecord>, base: &str) -> Body {
        let tab = tp.tab;
        let mut body = Body(Vec::with_capacity(tp.rows.len() + 1));
        if tp.object.is_none() {
            self.diags.push(
                Diagnostic::new(
                    "OBJECT_NOT_LOADED",
                    base,
                    format!(
                        "the {} describe is not loaded, so this body is built from the configuration without type checks",
                        tab.object()
                    ),
                    format!("load the {} describe with loadDescribe", tab.object()),
                )
                .at(tab, None),
            );
        }
        if let Some(object) = tp.object.filter(|_| existing.is_none()) {
            for name in &tp.missing_required {
                self.diags.push(
                    crate::validate::rules::object_loaded::describe_incomplete(object, name, base)
                        .at(tab, None),
                );
            }
        }
        let current = existing.and_then(|r| r.fields.as_ref());
        for r in &tp.rows {
            self.row(tab, tp, r, existing.is_some(), current, base, &mut body);
        }
        body
    }

    /// `NO_PERSON_DATA`: the booking has nobody to write (`unmatched` adds that an existing
    /// record given is not used).
    fn no_person_finding(&self, unmatched: &str) -> Diagnostic {
        if self.payload.has_contact() && !self.payload.is_booking() {
            return Diagnostic::new(
                "NO_PERSON_DATA",
                "/payload",
                format!("the contact has no name, email or phone, so there is nobody to match or to write, and nothing is written{unmatched}"),
                "nothing to fix: a contact with a name, an email or a phone is written",
            );
        }
        if self.payload.is_conversation() {
            return match self.payload.contact_id_only() {
                Some(id) => Diagnostic::new(
                    "NO_PERSON_DATA",
                    "/payload",
                    format!("the conversation names its contact only by id (`{}`), so it carries no contact data and nothing is written{unmatched}", crate::payload::shown(id)),
                    "preview the conversation as its webhook sends it (the contact expanded), fetch it with expand=contact, or preview the contact itself",
                ),
                None => Diagnostic::new(
                    "NO_PERSON_DATA",
                    "/payload",
                    format!("the conversation has no contact (the visitor left no details), so nothing is written{unmatched}"),
                    "nothing to fix: OnceHub sends the contact once the visitor gives their details (conversation.closed, or contact.created)",
                ),
            };
        }
        match self.payload.contact_id_only() {
            Some(id) => Diagnostic::new(
                "NO_PERSON_DATA",
                "/payload",
                format!("the booking names its contact only by id (`{}`) and has no form with a name, email or phone, so no Lead or Contact is written and the Event is linked to no one{unmatched}", crate::payload::shown(id)),
                "pass the booking with its contact (OnceHub's API gives it with expand=contact), or the webhook event, which carries the booking form",
            ),
            None => Diagnostic::new(
                "NO_PERSON_DATA",
                "/payload",
                format!("the booking carries no booker data (no contact, and no form with a name, email or phone), so no Lead or Contact is written and the Event is linked to no one{unmatched}"),
                "nothing to fix for a booking made without a form; a booking form that asks the booker's name and email gives the integration a person to write",
            ),
        }
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "one row in its context; a struct would only rename them"
    )]
    fn error(
        &mut self,
        mut entry: TraceEntry,
        code: &'static str,
        path: String,
        message: String,
        help: String,
        tab: Tab,
        row: usize,
    ) {
        entry.outcome = Outcome::Error;
        entry.detail = Cow::Owned(message.clone());
        self.diags
            .push(Diagnostic::new(code, path, message, help).at(tab, Some(row)));
        self.push_trace(entry);
    }

    #[expect(
        clippy::too_many_lines,
        clippy::too_many_arguments,
        reason = "one row's steps in order: read, target, empty, convert, overwrite, length, check"
    )]
    fn row(
        &mut self,
        tab: Tab,
        tp: &TabPlan<'_>,
        r: &RowPlan<'_>,
        update: bool,
        current_fields: Option<&BTreeMap<String, Value>>,
        base: &str,
        body: &mut Body,
    ) {
        let path = || format!("{base}{}", r.body_ptr);
        let source_id = r.row.source.as_deref().unwrap_or_default();
        let mut entry = TraceEntry {
            tab,
            object: tab.object(),
            row: Some(r.index),
            source: r.source_id.clone(),
            source_path: None,
            target: r.target.clone(),
            raw: self.plan.null.clone(),
            sent: self.plan.null.clone(),
            outcome: Outcome::SkippedEmpty,
            detail: Cow::Borrowed(""),
        };

        // 1. Read the value.
        let mut kind = ValueKind::Source;
        // Why the OnceHub value could not be used, when the fallback stands in for it.
        let mut unusable: Option<String> = None;
        let mut source_type: Option<ValueType> = None;
        // Why the OnceHub field is empty, when the payload cannot hold it.
        let mut empty_note: Option<&'static str> = None;
        let value: Option<Arc<Value>> = match &r.source {
            Source::Static => {
                kind = ValueKind::Static;
                r.fallback.clone()
            }
            Source::Unknown(id) => {
                let what = if tab.source_kind() == SourceKind::Contact {
                    "contact"
                } else {
                    "meeting"
                };
                let message = format!(
                    "`{}` is not a OnceHub {what} field, so `{}` is left out",
                    shown(id),
                    r.target
                );
                self.error(
                    entry,
                    "UNKNOWN_SOURCE_FIELD",
                    path(),
                    message,
                    "pick a field from sourceFields(), or register it with addSourceFields"
                        .to_string(),
                    tab,
                    r.index,
                );
                return;
            }
            Source::Known(field, accessor) => {
                let zone = if accessor.needs_time_zone() {
                    Some(self.tz.resolve())
                } else {
                    None
                };
                match self
                    .payload
                    .read_field(accessor, zone.as_ref().map(|(n, z)| (*n, z)))
                {
                    Read::Value(e) => {
                        source_type = Some(field.value_type);
                        entry.source_path = Some(e.path);
                        if let Some(d) = e.derived {
                            entry.detail = Cow::Owned(d);
                        }
                        let raw = Arc::new(e.value.into_owned());
                        entry.raw = raw.clone();
                        Some(raw)
                    }
                    Read::Empty => {
                        kind = ValueKind::Fallback;
                        empty_note = self.payload.why_empty(accessor);
                        r.fallback.clone()
                    }
                    // Unusable data with a fallback: the fallback stands in, as for an empty
                    // field, and the finding is a warning (said once the outcome is known).
                    Read::Unusable {
                        path: at, reason, ..
                    } if r.fallback.is_some() => {
                        unusable = Some(format!(
                            "`{}` at `{at}` cannot be used ({reason})",
                            field.id
                        ));
                        entry.source_path = Some(at);
                        kind = ValueKind::FallbackForUnusable;
                        r.fallback.clone()
                    }
                    Read::Unusable {
                        path: at,
                        reason,
                        id_only,
                    } => {
                        let message = format!(
                            "`{}` at `{at}` cannot be used ({reason}), so `{}` is left out",
                            field.id, r.target
                        );
                        // The problem is in the payload: the finding points there.
                        let at_payload = format!("/payload{at}");
                        entry.source_path = Some(at);
                        // An object sent as its id only is a shape OnceHub sends: the value is
                        // missing, as an empty one is (the row's target is still judged), and
                        // the field is never cleared; the finding is a warning.
                        if !id_only {
                            self.error(
                                entry,
                                "SOURCE_VALUE_UNUSABLE",
                                at_payload,
                                message,
                                "check the OnceHub data, or map another field".to_string(),
                                tab,
                                r.index,
                            );
                            return;
                        }
                        self.diags.push(
                            Diagnostic::new(
                                "SOURCE_VALUE_UNUSABLE",
                                at_payload,
                                message,
                                "OnceHub's API sends the whole object when asked (expand=owner,event_type,booking_page,master_page), webhooks may not: give the row a fallback, or map a field the payload carries",
                            )
                            .severity(crate::diagnostic::Severity::Warning)
                            .at(tab, Some(r.index)),
                        );
                        kind = ValueKind::Fallback;
                        empty_note = Some(ID_ONLY);
                        None
                    }
                }
            }
        };
        self.take_tz_warning(&path, tab, r.index);

        // 2. Can the target be written?
        let blocked = match &r.state {
            Target::Unknown(hint) => Some((
                "UNKNOWN_TARGET_FIELD",
                if r.row.target.trim().is_empty() {
                    "the row has no Salesforce field yet, so it is left out".to_string()
                } else {
                    format!(
                        "`{}` is not a field of {}, so the row is left out",
                        r.row.target,
                        tab.object()
                    )
                },
                hint.as_ref().map_or_else(
                        || format!("pick a field of the {} describe", tab.object()),
                        |hint| format!("did you mean `{hint}`?"),
                    ),
            )),
            Target::Incompatible(reasons) => Some((
                "INCOMPATIBLE_MAPPING",
                format!(
                    "{} cannot be mapped to `{}`: {reasons}; the row is left out",
                    match &r.source {
                        Source::Known(field, _) => field.named(),
                        _ => format!("`{source_id}`"),
                    },
                    r.target
                ),
                "pick a compatible Salesforce field (the dropdown lists them), or another OnceHub field"
                    .to_string(),
            )),
            Target::Blocked(reasons) => Some((
                "TARGET_NOT_WRITABLE",
                format!("the integration cannot write `{}`: {reasons}", r.target),
                "map another field, or remove the row".to_string(),
            )),
            Target::NotCreateable(reasons) if !update => Some((
                "TARGET_NOT_WRITABLE",
                format!(
                    "the integration cannot write `{}` when it creates a {}: {reasons}",
                    r.target,
                    tab.object()
                ),
                "map another field, or remove the row".to_string(),
            )),
            _ => None,
        };
        if let Some((code, message, help)) = blocked {
            self.error(entry, code, path(), message, help, tab, r.index);
            // The Salesforce error the pair would meet, as validate names it.
            if let (true, Some(field), Some(d)) = (
                code == "INCOMPATIBLE_MAPPING",
                r.field,
                self.diags.last_mut(),
            ) {
                d.prevents = Some(crate::compat::incompatible_prevents(field));
            }
            return;
        }
        if let Some(first) = r.duplicate_of {
            let message = format!(
                "row {} already writes `{}`, so this row is left out",
                first + 1,
                r.target
            );
            self.error(
                entry,
                "DUPLICATE_TARGET",
                path(),
                message,
                "keep one row per Salesforce field".to_string(),
                tab,
                r.index,
            );
            return;
        }

        // 3. Empty: clear or skip.
        let Some(mut value) = value else {
            let wants_clear =
                update && kind == ValueKind::Fallback && r.row.clear_when_empty == Some(true);
            // A field this payload cannot carry (a webhook has no contact record) is unknown,
            // not empty: clearing it would erase Salesforce data on every booking.
            if !wants_clear || empty_note.is_some() {
                entry.detail = Cow::Borrowed(if kind == ValueKind::Static {
                    "the row has neither a OnceHub field nor a value"
                } else if empty_note == Some(ID_ONLY) {
                    "the row has no fallback"
                } else if wants_clear {
                    "the payload does not carry this OnceHub field, so the row does not clear it"
                } else {
                    "the OnceHub field is empty and the row has no fallback"
                });
                if let Some(note) = empty_note {
                    add_detail(&mut entry.detail, Cow::Borrowed(note));
                }
                self.push_trace(entry);
                return;
            }
            if let Some((outcome, detail)) = Self::update_skip(r, current_fields, false) {
                entry.outcome = outcome;
                entry.detail = detail;
                self.push_trace(entry);
                return;
            }
            // Overwrite off clears only a value known to be blank; an unknown one is shown as
            // cleared, with the warning that Salesforce keeps a value it has.
            if !r.row.overwrite && !value_known(current_fields, &r.target) {
                self.unknown_values.push(r.target.to_string());
            }
            entry.outcome = Outcome::Cleared;
            entry.detail = Cow::Borrowed("the OnceHub field is empty; the row clears the field");
            // A field that may not be empty refuses null on update, even when Salesforce
            // defaults it on create (Lead `Status`): the same rule as `validateRecord`.
            if r.field.is_some_and(|f| {
                required::schema_required(f).is_some()
                    || (f.nillable == Some(false) && f.field_type != FieldType::Boolean)
            }) {
                let message = format!(
                    "the row clears `{}`, which cannot be empty in Salesforce",
                    r.target
                );
                self.diags.push(
                    Diagnostic::new(
                        "RECORD_CLEARS_REQUIRED",
                        path(),
                        message.clone(),
                        "turn off clearWhenEmpty for this row, or give it a fallback",
                    )
                    .at(tab, Some(r.index)),
                );
                entry.outcome = Outcome::Error;
                entry.detail = Cow::Owned(message);
            }
            // A checkbox is never empty: clearing one unticks it.
            let cleared = if r.field.is_some_and(|f| f.field_type == FieldType::Boolean) {
                entry.detail =
                    Cow::Borrowed("the OnceHub field is empty; the row unticks the checkbox (a checkbox cannot be empty)");
                Arc::new(Value::Bool(false))
            } else {
                self.plan.null.clone()
            };
            entry.sent = cleared.clone();
            body.push(r.target.clone(), cleared);
            self.push_trace(entry);
            return;
        };

        // 4. Convert.
        // The field's type for messages, built only for one.
        let label = || {
            r.field
                .map_or_else(String::new, |f| format!(" ({})", f.type_label()))
        };
        let mut converted = self.convert(r, &value, source_type);
        // A value Salesforce would refuse (an invalid email, a value a restricted picklist
        // lacks, a number out of range): with a fallback it is unusable like any other; without
        // one, step 7 reports it. Too-long text keeps its own rule (an error unless the row
        // truncates).
        // A fallback Salesforce would refuse too stands in for nothing: the value keeps its
        // own error.
        if let (Ok(c), Some(f), Some(fallback), ValueKind::Source) =
            (&converted, r.field, r.fallback.as_ref(), kind)
        {
            if let Some(reason) = crate::value::refusal(f, c.value.as_ref().unwrap_or(&value)) {
                if crate::value::refusal(f, fallback).is_none() {
                    converted = Err(reason);
                }
            }
        }
        // A OnceHub value the field cannot take, on a row with a fallback: the fallback is
        // sent, as for an empty field, and the finding is a warning.
        if let (Err(reason), Some(fallback), ValueKind::Source) =
            (&converted, r.fallback.as_ref(), kind)
        {
            unusable = Some(format!(
                "the value of `{source_id}` cannot be written to `{}`{}: {reason}",
                r.target,
                label()
            ));
            value = fallback.clone();
            kind = ValueKind::FallbackForUnusable;
            converted = self.convert(r, &value, None);
        }
        self.take_tz_warning(&path, tab, r.index);
        let Converted {
            value: changed,
            detail,
        } = match converted {
            Ok(c) => c,
            // Fallbacks are typed by the user; validate judges them, and so does check_value below.
            Err(_) if kind != ValueKind::Source => Converted {
                value: None,
                detail: None,
            },
            Err(reason) => {
                let message = format!(
                    "the value of `{source_id}` cannot be written to `{}`{}: {reason}",
                    r.target,
                    label()
                );
                let at_payload = entry
                    .source_path
                    .as_ref()
                    .map_or_else(path, |p| format!("/payload{p}"));
                self.error(
                    entry,
                    "SOURCE_VALUE_UNUSABLE",
                    at_payload,
                    message,
                    "map a OnceHub field of a matching type, or change the Salesforce field"
                        .to_string(),
                    tab,
                    r.index,
                );
                return;
            }
        };
        entry.outcome = match kind {
            ValueKind::Static => {
                entry.detail = Cow::Borrowed("static value");
                Outcome::Set
            }
            ValueKind::Fallback => {
                entry.detail = Cow::Borrowed("the OnceHub field is empty; the fallback is sent");
                if let Some(note) = empty_note {
                    add_detail(&mut entry.detail, Cow::Borrowed(note));
                }
                Outcome::Fallback
            }
            ValueKind::FallbackForUnusable => {
                entry.detail =
                    Cow::Borrowed("the OnceHub value cannot be used; the fallback is sent");
                Outcome::Fallback
            }
            ValueKind::Source if detail.is_some() => Outcome::Converted,
            ValueKind::Source => Outcome::Set,
        };
        if let Some(d) = detail {
            add_detail(&mut entry.detail, Cow::Owned(d));
        }
        let mut sent = changed.map_or(value, Arc::new);

        // 5. Updates: overwrite, fallbacks and create-only fields.
        if update {
            // A placeholder the integration wrote as the row's fallback is no Salesforce data:
            // the OnceHub value replaces it even with overwrite off.
            let placeholder = if kind == ValueKind::Source
                && !r.row.overwrite
                && r.state != Target::NotUpdateable
            {
                salesforce_has(current_fields, r, true).filter(|have| is_placeholder(r, have))
            } else {
                None
            };
            if let Some(have) = placeholder {
                add_detail(
                    &mut entry.detail,
                    Cow::Owned(format!(
                        "Salesforce has `{}`, a fallback placeholder, which the OnceHub value replaces",
                        shown_value(have)
                    )),
                );
            } else if let Some((outcome, detail)) =
                Self::update_skip(r, current_fields, kind == ValueKind::Source)
            {
                if let Some(why) = unusable.take() {
                    self.unusable_warning(
                        path(),
                        format!("{why}; the field is not updated ({detail})"),
                        tab,
                        r.index,
                    );
                }
                entry.outcome = outcome;
                entry.detail = detail;
                self.push_trace(entry);
                return;
            }
            // A fallback completes a record; it never replaces a value Salesforce has.
            if kind.is_fallback() {
                if let Some(have) = salesforce_has(current_fields, r, false) {
                    let have = shown_value(have);
                    let why_empty = if kind == ValueKind::FallbackForUnusable {
                        "the OnceHub value cannot be used"
                    } else {
                        "the OnceHub field is empty"
                    };
                    if let Some(why) = unusable.take() {
                        self.unusable_warning(
                            path(),
                            format!("{why}; Salesforce keeps `{have}`, as a fallback never replaces a value"),
                            tab,
                            r.index,
                        );
                    }
                    entry.outcome = Outcome::SkippedEmpty;
                    entry.detail = Cow::Owned(format!(
                        "{why_empty} and Salesforce has `{have}`; a fallback never replaces a value"
                    ));
                    self.push_trace(entry);
                    return;
                }
            }
            if !value_known(current_fields, &r.target) && (!r.row.overwrite || kind.is_fallback()) {
                self.unknown_values.push(r.target.to_string());
            }
        }

        if let Some(why) = unusable.take() {
            self.unusable_warning(
                path(),
                format!("{why}, so `{}` gets its fallback", r.target),
                tab,
                r.index,
            );
            // The record's currency is the fallback's, not the payment's: an amount the tab
            // takes from the payment is stored as if it were in the fallback's currency.
            let amount = tp.rows.iter().find(|a| {
                a.row
                    .source
                    .as_deref()
                    .is_some_and(crate::compat::is_payment_amount)
                    && a.field
                        .is_some_and(|f| f.field_type == crate::describe::FieldType::Currency)
            });
            // Only when the payment has an amount to store.
            let amount = amount.filter(|a| match &a.source {
                Source::Known(_, accessor) => {
                    matches!(self.payload.read_field(accessor, None), Read::Value(_))
                }
                _ => false,
            });
            if let (true, Some(amount)) = (r.target.eq_ignore_ascii_case("CurrencyIsoCode"), amount)
            {
                // The currency's own warning must not say there is nothing to change.
                if let Some(d) = self
                    .diags
                    .last_mut()
                    .filter(|d| d.code == "SOURCE_VALUE_UNUSABLE")
                {
                    d.help = "the fallback currency is sent instead, and the payment's amount is stored in it: see the amount's warning".to_string();
                }
                self.diags.push(
                    Diagnostic::new(
                        "AMOUNT_IN_FALLBACK_CURRENCY",
                        format!("{base}{}", amount.body_ptr),
                        format!(
                            "the payment is in a currency the org does not keep, so `{}` gets the fallback `{}`, and `{}` stores the payment's amount as if it were in that currency",
                            r.target,
                            shown_value(&sent),
                            amount.target
                        ),
                        "enable the currency in Salesforce, or map the amount to a text field that keeps the currency with it",
                    )
                    .severity(Severity::Warning)
                    .at(tab, Some(amount.index)),
                );
            }
        }

        // 6. Length.
        if let (Some(f), Value::String(text)) = (r.field, sent.as_ref()) {
            if r.row.truncate == Some(true) && f.field_type.is_text() {
                if let Some(max) = f.length.filter(|l| *l > 0) {
                    if let Some((cut, from)) = convert::truncate(text, max as usize) {
                        // A character of two UTF-16 units is never split, so the cut may keep
                        // one unit fewer than the limit.
                        let kept = cut.encode_utf16().count();
                        add_detail(
                            &mut entry.detail,
                            Cow::Owned(format!("cut from {from} to {kept} characters")),
                        );
                        sent = Arc::new(Value::String(cut));
                        entry.outcome = Outcome::Truncated;
                    }
                } else if f.length.is_none() && text.encode_utf16().nth(255).is_some() {
                    // A reduced describe gives no length: nothing to cut to, and it says so.
                    add_detail(
                        &mut entry.detail,
                        Cow::Borrowed("the describe gives no length for this field, so the text is not cut; Salesforce refuses it if it is too long"),
                    );
                }
            }
        }

        // 7. Judge the value as Salesforce would.
        if let Some(f) = r.field {
            let found = check_value(f, &sent, "");
            if !found.is_empty() {
                let at = path();
                for mut d in found {
                    if d.severity == Severity::Error {
                        entry.outcome = Outcome::Error;
                        add_detail(&mut entry.detail, Cow::Owned(d.message.clone()));
                        // The admin cannot edit what the booker typed: say what the row can do.
                        if kind == ValueKind::Source {
                            d.help = if d.code == "VALUE_TOO_LONG" {
                                "the value came from OnceHub: turn on truncation for this row"
                                    .to_string()
                            } else if r.fallback.is_some() {
                                "the value came from OnceHub, and the row's fallback would be refused too: fix the fallback, which is then sent instead".to_string()
                            } else {
                                "the value came from OnceHub: give the row a fallback, which is then sent instead".to_string()
                            };
                        }
                    }
                    d.path.clone_from(&at);
                    self.diags.push(d.at(tab, Some(r.index)));
                }
            }
        }
        body.push(r.target.clone(), sent.clone());
        entry.sent = sent;
        self.push_trace(entry);
    }

    /// On an update: the row is skipped when overwrite is off and the record has a value, or
    /// when the field cannot be updated.
    fn update_skip(
        r: &RowPlan<'_>,
        current_fields: Option<&BTreeMap<String, Value>>,
        from_source: bool,
    ) -> Option<(Outcome, Cow<'static, str>)> {
        if !r.row.overwrite {
            if let Some(have) = salesforce_has(current_fields, r, from_source) {
                return Some((
                    Outcome::SkippedOverwrite,
                    Cow::Owned(format!("Salesforce has `{}`", shown_value(have))),
                ));
            }
        }
        if r.state == Target::NotUpdateable {
            return Some((
                Outcome::SkippedNotUpdateable,
                Cow::Owned(format!(
                    "`{}` can be set when a record is created only",
                    r.target
                )),
            ));
        }
        None
    }

    /// Converts a value for the row's field (as it is, without a describe).
    fn convert(
        &mut self,
        r: &RowPlan<'_>,
        value: &Value,
        source: Option<ValueType>,
    ) -> std::result::Result<Converted, String> {
        match r.field {
            // A date or time the user typed (a fallback or static value, `source` None) is sent
            // as written: reading it in the booker's time zone would move a fixed date to
            // another day. check_value judges it, as validate does.
            Some(f)
                if source.is_none()
                    && value.is_string()
                    && matches!(f.field_type, FieldType::Date | FieldType::Datetime) =>
            {
                Ok(Converted::UNCHANGED)
            }
            Some(f) => convert::to_field(value, f, source, r.row, &mut self.tz),
            None => convert::untyped(value, source, r.row),
        }
    }

    /// `SOURCE_VALUE_UNUSABLE` as a warning: the row's fallback stood in for the value.
    fn unusable_warning(&mut self, path: String, message: String, tab: Tab, row: usize) {
        self.diags.push(
            Diagnostic::new(
                "SOURCE_VALUE_UNUSABLE",
                path,
                message,
                "nothing to change: the fallback is sent instead; check the OnceHub data if this keeps happening",
            )
            .severity(crate::diagnostic::Severity::Warning)
            .at(tab, Some(row)),
        );
    }

    fn take_tz_warning(&mut self, path: &dyn Fn() -> String, tab: Tab, row: usize) {
        if let Some((code, message)) = self.tz.warning.take() {
            self.diags.push(
                Diagnostic::new(
                    code,
                    path(),
                    message,
                    if code == "TIME_ZONE_ASSUMED" {
                        "set `timeZone` in the configuration to the zone your bookings are in"
                    } else {
                        "use an IANA time zone such as `America/New_York` (set `timeZone` in the configuration for bookings without one)"
                    },
                )
                .at(tab, Some(row)),
            );
        }
    }
}

/// The row of a tab that writes the field a body finding points at (`…/body/StateCode`).
fn row_of_path(tp: &TabPlan<'_>, path: &str) -> Option<usize> {
    let name = path.rsplit('/').next().unwrap_or_default();
    tp.rows
        .iter()
        .find(|r| r.target.eq_ignore_ascii_case(name))
        .map(|r| r.index)
}

/// Why a row has no value when OnceHub sent a related object as its id only.
const ID_ONLY: &str = "OnceHub sent only the related object's id, not the object, so this field has no value here and is left out (a row never clears it)";

/// Findings on a new record's fields that go in pairs: a latitude without its longitude (or the
/// reverse), a state code without its country code or not one of its states; and a text state or
/// country that is none of the org's names.
/// On an update, `current` holds the existing record's known values.
fn pair_findings(
    object: &crate::describe::SObject,
    body: &Body,
    index: usize,
    create: bool,
    current: Option<&BTreeMap<String, Value>>,
) -> Vec<Diagnostic> {
    let path = |k: &str| {
        format!(
            "/requests/0/body/compositeRequest/{index}/body/{}",
            pointer_segment(k)
        )
    };
    let given = |n: &str| {
        body.0
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case(n) && !is_blank(v))
    };
    let text_of =
        |n: &str| crate::value::text_named(body.0.iter().map(|(k, v)| (k.as_ref(), v.as_ref())), n);
    // A coordinate alone is refused on a new record only.
    let mut out = if create {
        crate::value::lone_coordinates(object, &mut body.names(), &given, &path)
    } else {
        Vec::new()
    };
    let existing =
        |n: &str| crate::value::text_named(current?.iter().map(|(k, v)| (k.as_str(), v)), n);
    // A field the record is known to leave blank (given, as null or blank text).
    let existing_blank = |n: &str| {
        current.is_some_and(|c| {
            c.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(n))
                .is_some_and(|(_, v)| is_blank(v))
        })
    };
    out.extend(crate::value::state_country_findings(
        object,
        &mut body.names(),
        &text_of,
        &existing,
        &existing_blank,
        create,
        &path,
    ));
    out.extend(crate::value::state_country_names(
        object,
        &mut body.names(),
        &text_of,
        &path,
    ));
    out
}
