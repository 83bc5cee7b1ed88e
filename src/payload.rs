//! Reading OnceHub payloads: webhook envelopes (v2 and v1), bare bookings and bare contacts, and
//! the value of every catalogue [`SourceField`] in them, with the JSON pointer it came from.
//!
//! Everything here is untrusted: a value of the wrong JSON type is "unusable" (reported by the
//! caller), a missing or blank one is "empty", and nothing panics.
//!
//! Where a booking's *contact* values come from: the expanded `contact` object when the booking
//! has one (REST API bookings with `expand=contact`); for each value that is empty there, the
//! booking form (`form_submission`: `name` split into first and last name, `email`, `phone`,
//! `mobile_phone`, `company`, `custom_fields`), then `customer_timezone` for `timezone`, the plain
//! `contact` id for `contact_id`, and booking-level `custom_fields` for custom fields.

use crate::catalogue::{Derivation, SourceField, SourceKind};
use crate::error::{EngineError, ErrorCode, Result};
use crate::time;
use crate::tz::Zone;
use crate::value::value_text;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::cell::OnceCell;

/// Largest payload accepted (bytes of JSON text; for an already parsed payload, of its compact
/// JSON form, counting each number as 8 bytes).
pub const MAX_PAYLOAD_BYTES: usize = 1024 * 1024;
/// Deepest nesting accepted in an already parsed payload (JSON text stops at the same depth).
pub const MAX_DEPTH: usize = 128;

/// The booking webhook event types of OnceHub API v2.
pub const BOOKING_EVENT_TYPES: &[&str] = &[
    "booking.scheduled",
    "booking.rescheduled",
    "booking.canceled",
    "booking.canceled_then_rescheduled",
    "booking.canceled_reschedule_requested",
    "booking.completed",
    "booking.no_show",
    "booking.reassigned",
];

/// The conversation (chatbot) webhook event types of OnceHub API v2. A conversation with its
/// contact expanded (webhooks expand it) writes that contact, as a contact does.
pub const CONVERSATION_EVENT_TYPES: &[&str] = &[
    "conversation.started",
    "conversation.closed",
    "conversation.abandoned",
];

const PAYLOAD_HELP: &str = "pass a OnceHub webhook body (`object: \"event\"` with a booking or conversation in `data`), a booking (`object: \"booking\"`), a contact (`object: \"contact\"`) or a conversation (`object: \"conversation\"`)";

/// What a payload is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A webhook envelope (`object: "event"`) around a booking.
    Envelope,
    /// A bare booking (`object: "booking"`).
    Booking,
    /// A bare contact (`object: "contact"`).
    Contact,
}

/// A classified payload.
#[derive(Debug, Clone)]
pub struct Payload<'a> {
    /// Envelope, booking or contact.
    pub shape: Shape,
    /// The webhook event type (`booking.scheduled`), or `booking` / `contact` for bare objects.
    pub kind: &'static str,
    booking: Option<&'a Map<String, Value>>,
    /// The booking's `form_submission`, looked up once.
    form: Option<&'a Map<String, Value>>,
    contact: Option<&'a Map<String, Value>>,
    booking_ptr: &'static str,
    contact_ptr: &'static str,
    /// A chatbot conversation's `answers` (`[{question, internal_label, value}]`) and their
    /// pointer: answers saved to contact fields, read when the contact lacks one.
    answers: Option<(&'a [Value], &'static str)>,
    /// A chatbot conversation (the payload, or the webhook's `data`).
    conversation: Option<&'a Map<String, Value>>,
    /// The names of its custom fields and answers, filed on first use when a list is long.
    names: Names,
}

/// Lists shorter than this are searched by name in order; longer ones are filed by name on the
/// first search, so reading many custom rows from many answers is not rows × answers.
const SCAN_LIMIT: usize = 16;

/// The name index of each list of named entries a payload has.
#[derive(Debug, Clone, Default)]
struct Names {
    booking: OnceCell<NameIndex>,
    form: OnceCell<NameIndex>,
    contact: OnceCell<NameIndex>,
    answers: OnceCell<NameIndex>,
}

/// The first entry of each name in a list, exactly and by [`crate::text::loose_key`]: the
/// answers of a search in order (exact names first, then loose ones).
#[derive(Debug, Clone, Default)]
struct NameIndex {
    exact: crate::text::FastMap<String, usize>,
    loose: crate::text::FastMap<String, usize>,
    /// The names, by position, for a hash of answers (`custom_fields: {name: value}`), whose
    /// entries are found by name rather than by position.
    names: Vec<String>,
}

impl NameIndex {
    fn new<'n>(names: impl Iterator<Item = (usize, &'n str)>) -> NameIndex {
        let mut index = NameIndex::default();
        for (i, name) in names {
            index.exact.entry(name.to_string()).or_insert(i);
            index.loose.entry(crate::text::loose_key(name)).or_insert(i);
        }
        index
    }

    fn find(&self, name: &str) -> Option<usize> {
        self.exact
            .get(name)
            .or_else(|| self.loose.get(&crate::text::loose_key(name)))
            .copied()
    }
}

/// The zone an OnceHub v1 time zone description names (see [`Payload::v1_time_zone`]).
#[derive(Debug, Clone, Copy)]
pub struct V1Zone<'a> {
    /// The description, as sent.
    pub text: &'a str,
    /// The zone's name: an IANA zone, or the description's offset (`GMT+5:30`).
    pub name: &'a str,
    /// The zone.
    pub zone: crate::tz::Zone,
    /// Is it a region's zone (with its daylight saving time), rather than a fixed offset?
    pub region: bool,
}

/// A value read from a payload.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted<'a> {
    /// The value (borrowed from the payload, or derived).
    pub value: Cow<'a, Value>,
    /// JSON pointer (into the payload) of the value, or of the main value it was derived from.
    pub path: String,
    /// How a derived value was computed, in words.
    pub derived: Option<String>,
}

/// The outcome of reading one source field.
#[derive(Debug, Clone, PartialEq)]
pub enum Read<'a> {
    /// Missing, `null`, blank text, or a list of blanks.
    Empty,
    /// A value.
    Value(Extracted<'a>),
    /// Present but unusable for this field (e.g. an object where text is expected).
    Unusable {
        /// JSON pointer of the offending value.
        path: String,
        /// Why, in words.
        reason: String,
        /// A related object sent as its id only (`"owner": "USR-..."`, as webhooks may send
        /// it): the value is absent rather than wrong, so leaving the row out is no error.
        id_only: bool,
    },
}

/// How one source field is read, compiled once from its catalogue entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accessor {
    kind: SourceKind,
    how: How,
    /// `first_name` of a contact without a last name is the whole name's given names (when
    /// another row sends its last name), else `first_name` as written.
    split_first_name: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum How {
    Path(Vec<String>),
    FirstNameOf(Vec<String>),
    LastNameOf(Vec<String>),
    FullName(Vec<String>, Vec<String>),
    LastNameOrName,
    EndTime,
    StartDate,
    Custom(String),
    MajorUnits(Vec<String>),
    FirstOf(Vec<Vec<String>>),
}

fn segments(path: &str) -> Vec<String> {
    path.split('.')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

impl Accessor {
    /// Compiles the catalogue entry's `path` and derivation.
    pub fn new(field: &SourceField) -> Accessor {
        let path = field.path.as_str();
        let how = match field.derive {
            Derivation::Direct => How::Path(segments(path)),
            Derivation::FirstNameOf => How::FirstNameOf(segments(path)),
            Derivation::LastNameOf => How::LastNameOf(segments(path)),
            Derivation::FullName => {
                let (a, b) = path.split_once('+').unwrap_or(("first_name", "last_name"));
                How::FullName(segments(a), segments(b))
            }
            Derivation::LastNameOrName => How::LastNameOrName,
            Derivation::EndTime => How::EndTime,
            Derivation::StartDate => How::StartDate,
            Derivation::MajorUnits => How::MajorUnits(segments(path)),
            Derivation::FirstOf => How::FirstOf(path.split('|').map(segments).collect()),
            Derivation::CustomField => {
                How::Custom(field.payload_name().unwrap_or(path).to_string())
            }
        };
        Accessor {
            kind: field.kind,
            how,
            split_first_name: true,
        }
    }

    /// For a configuration that sends no `last_name_or_name`: a contact's `first_name` is read
    /// as written, never split as a whole name (whose last word nothing would send).
    #[must_use]
    pub fn first_name_as_written(mut self) -> Accessor {
        self.split_first_name = false;
        self
    }

    /// Does reading the field need the booking's time zone?
    pub fn needs_time_zone(&self) -> bool {
        self.how == How::StartDate
    }
}

/// Parses payload JSON text (at most [`MAX_PAYLOAD_BYTES`]); errors point at `path`.
pub fn parse_text(text: &str, path: &str) -> Result<Value> {
    if text.len() > MAX_PAYLOAD_BYTES {
        return Err(too_large(text.len(), path));
    }
    crate::json::parse_value(text, "the payload").map_err(|e| e.under(path))
}

fn too_large(bytes: usize, path: &str) -> EngineError {
    EngineError::new(
        ErrorCode::InputTooLarge,
        format!("the payload is {bytes} bytes or more; the limit is {MAX_PAYLOAD_BYTES}"),
        path,
        "a OnceHub booking or contact is a few kilobytes; check what produced this one",
    )
}

/// Checks a value against [`MAX_PAYLOAD_BYTES`] and [`MAX_DEPTH`] without recursion (so even a
/// hostile, programmatically built value cannot exhaust the stack). Previews check every list
/// or object they copy out of a payload with it.
pub fn check_limits(value: &Value, path: &str) -> Result<()> {
    let mut size: usize = 0;
    let mut stack: Vec<(&Value, usize)> = vec![(value, 1)];
    while let Some((v, depth)) = stack.pop() {
        if depth > MAX_DEPTH {
            return Err(EngineError::new(
                ErrorCode::NestingTooDeep,
                format!("a value nesting deeper than {MAX_DEPTH} levels"),
                path,
                "flatten the JSON; no OnceHub document nests this deep",
            ));
        }
        // The bytes the value takes as JSON text: numbers by their digits, strings with the
        // escapes control characters, quotes and backslashes need.
        size = size.saturating_add(match v {
            Value::Null | Value::Bool(true) => 4,
            Value::Bool(false) => 5,
            Value::Number(n) => n
                .as_u64()
                .map(|u| u.checked_ilog10().map_or(1, |d| d as usize + 1))
                .or_else(|| {
                    n.as_i64().map(|i| {
                        i.unsigned_abs()
                            .checked_ilog10()
                            .map_or(2, |d| d as usize + 2)
                    })
                })
                .unwrap_or_else(|| n.to_string().len()),
            Value::String(s) => {
                s.len()
                    + 2
                    // `\n`-style escapes take one more byte, `\u0001`-style five more.
                    + s.bytes()
                        .map(|b| match b {
                            b'"' | b'\\' | b'\n' | b'\r' | b'\t' | 0x08 | 0x0c => 1,
                            0..=0x1f => 5,
                            _ => 0,
                        })
                        .sum::<usize>()
            }
            // Brackets, and a comma between two items; a key's quotes and colon.
            Value::Array(items) => {
                stack.extend(items.iter().map(|i| (i, depth + 1)));
                items.len().saturating_sub(1) + 2
            }
            Value::Object(map) => {
                stack.extend(map.values().map(|i| (i, depth + 1)));
                map.keys().map(|k| k.len() + 3).sum::<usize>() + map.len().saturating_sub(1) + 2
            }
        });
        if size > MAX_PAYLOAD_BYTES {
            return Err(too_large(MAX_PAYLOAD_BYTES, path));
        }
    }
    Ok(())
}

/// The fixed-offset zones `Etc/GMT-14` (UTC+14) to `Etc/GMT+12` (UTC-12), at index 14 minus
/// the offset in hours.
const ETC_ZONES: [&str; 27] = [
    "Etc/GMT-14",
    "Etc/GMT-13",
    "Etc/GMT-12",
    "Etc/GMT-11",
    "Etc/GMT-10",
    "Etc/GMT-9",
    "Etc/GMT-8",
    "Etc/GMT-7",
    "Etc/GMT-6",
    "Etc/GMT-5",
    "Etc/GMT-4",
    "Etc/GMT-3",
    "Etc/GMT-2",
    "Etc/GMT-1",
    "Etc/GMT",
    "Etc/GMT+1",
    "Etc/GMT+2",
    "Etc/GMT+3",
    "Etc/GMT+4",
    "Etc/GMT+5",
    "Etc/GMT+6",
    "Etc/GMT+7",
    "Etc/GMT+8",
    "Etc/GMT+9",
    "Etc/GMT+10",
    "Etc/GMT+11",
    "Etc/GMT+12",
];

fn invalid(message: impl Into<String>, path: &str, help: &str) -> EngineError {
    EngineError::new(ErrorCode::InvalidPayload, message, path, help)
}

fn text_of<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    map.get(key).and_then(Value::as_str)
}

/// [`text_of`], trimmed, when it is not blank.
fn filled_text<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    text_of(map, key).map(str::trim).filter(|s| !s.is_empty())
}

impl<'a> Payload<'a> {
    /// Classifies a payload. Errors (`INVALID_PAYLOAD`) carry a JSON pointer relative to the
    /// payload.
    pub fn read(value: &'a Value) -> Result<Payload<'a>> {
        let Some(root) = value.as_object() else {
            return Err(invalid(
                format!(
                    "the payload must be a JSON object, not {}",
                    json_kind(value)
                ),
                "",
                PAYLOAD_HELP,
            ));
        };
        let object = match root.get("object") {
            Some(Value::String(s)) => s.as_str(),
            Some(other) => {
                return Err(invalid(
                    format!("`object` must be text, not {}", json_kind(other)),
                    "/object",
                    PAYLOAD_HELP,
                ))
            }
            // The browser event an embedded Booking Calendar posts to its page
            // (`{type: "oncehub.booking.scheduled", payload: {...}}`): not what the integration
            // receives, and without the booking form's fields.
            None if text_of(root, "type").is_some_and(|t| t.starts_with("oncehub."))
                && matches!(root.get("payload"), Some(Value::Object(_))) =>
            {
                let event = text_of(root, "type").unwrap_or_default();
                return Err(invalid(
                    format!(
                        "this is the browser event `{}` of an embedded Booking Calendar, not a OnceHub webhook event, booking or contact",
                        shown(event)
                    ),
                    "/type",
                    &browser_event_help(event),
                ))
            }
            // A booking without its `object`: the `payload` of an embedded Booking Calendar's
            // browser event (its booker is in `custom_fields`, with no booking form).
            None if filled_text(root, "id").is_some_and(|id| id.starts_with("BKNG-")) => {
                return Err(invalid(
                    "the payload has no `object`: it looks like the booking an embedded Booking Calendar posts to its page, not a OnceHub webhook event, booking or contact",
                    "/object",
                    &browser_event_help("oncehub.booking.scheduled"),
                ))
            }
            None => {
                return Err(invalid(
                    "the payload has no `object`, so it is not a OnceHub webhook event, booking or contact",
                    "/object",
                    PAYLOAD_HELP,
                ))
            }
        };
        // OnceHub's API answers a deleted resource with `{ id, object, deleted: true }`.
        if root.get("deleted") == Some(&Value::Bool(true)) {
            let id = text_of(root, "id")
                .filter(|id| !id.trim().is_empty())
                .map(|id| format!(" `{}`", shown(id)))
                .unwrap_or_default();
            return Err(invalid(
                format!(
                    "the OnceHub {}{id} is deleted (`deleted: true`), so there is nothing to write",
                    shown(object)
                ),
                "/deleted",
                "preview the booking or contact as OnceHub gave it before it was deleted",
            ));
        }
        match object {
            "event" => Self::envelope(root),
            "booking" => Ok(Self::booking(root, Shape::Booking, "booking", "")),
            "list" => Err(invalid(
                "this is a OnceHub list (`object: \"list\"`), not one booking or contact",
                "/object",
                "preview one of its entries (`data[0]`), or all of them with previewMany(config, list.data.map((payload) => ({ payload })))",
            )),
            "contact" => Ok(Payload {
                shape: Shape::Contact,
                kind: "contact",
                booking: None,
                form: None,
                contact: Some(root),
                booking_ptr: "",
                contact_ptr: "",
                answers: None,
                conversation: None,
                names: Names::default(),
            }),
            "conversation" => Self::conversation(root, "conversation", ""),
            other => Err(invalid(
                format!("a OnceHub `{}` object cannot be previewed", shown(other)),
                "/object",
                PAYLOAD_HELP,
            )),
        }
    }

    fn booking(
        booking: &'a Map<String, Value>,
        shape: Shape,
        kind: &'static str,
        ptr: &'static str,
    ) -> Payload<'a> {
        // The booking's contact, or (a booking from a chatbot conversation, whose webhook
        // expands the conversation) the conversation's contact when that is expanded.
        let via_conversation = || match booking.get("conversation") {
            Some(Value::Object(conv)) => match conv.get("contact") {
                // Only the booking's own contact (when the booking names one by id).
                Some(Value::Object(c))
                    if match booking.get("contact") {
                        Some(Value::String(id)) => text_of(c, "id") == Some(id.as_str()),
                        _ => true,
                    } =>
                {
                    Some(c)
                }
                _ => None,
            },
            _ => None,
        };
        let (contact, contact_ptr) = match booking.get("contact") {
            Some(Value::Object(c)) => (
                Some(c),
                match ptr {
                    "" => "/contact",
                    "/data" => "/data/contact",
                    _ => "/data/booking/contact",
                },
            ),
            _ => match via_conversation() {
                Some(c) => (
                    Some(c),
                    match ptr {
                        "" => "/conversation/contact",
                        "/data" => "/data/conversation/contact",
                        _ => "/data/booking/conversation/contact",
                    },
                ),
                None => (None, ""),
            },
        };
        let form = match booking.get("form_submission") {
            Some(Value::Object(f)) => Some(f),
            _ => None,
        };
        // A booking from a chatbot conversation (webhooks expand it): the answers given there.
        let answers = match booking.get("conversation") {
            Some(Value::Object(conv)) => match conv.get("answers") {
                Some(Value::Array(items)) => Some((
                    items.as_slice(),
                    match ptr {
                        "" => "/conversation/answers",
                        "/data" => "/data/conversation/answers",
                        _ => "/data/booking/conversation/answers",
                    },
                )),
                _ => None,
            },
            _ => None,
        };
        Payload {
            shape,
            kind,
            booking: Some(booking),
            form,
            contact,
            booking_ptr: ptr,
            contact_ptr,
            answers,
            conversation: None,
            names: Names::default(),
        }
    }

    /// A chatbot conversation: its expanded contact is written as a contact is (no Event). One
    /// without its contact (a visitor who left no details yet, or the contact named by id) has
    /// nobody to write: [`Payload::has_person_data`] says so and the preview writes nothing.
    fn conversation(
        conv: &'a Map<String, Value>,
        kind: &'static str,
        ptr: &'static str,
    ) -> Result<Payload<'a>> {
        let (contact_ptr, answers_ptr) = if ptr.is_empty() {
            ("/contact", "/answers")
        } else {
            ("/data/contact", "/data/answers")
        };
        let contact = match conv.get("contact") {
            Some(Value::Object(contact)) => Some(contact),
            // No contact yet, or its id only: nobody to write.
            None | Some(Value::Null | Value::String(_)) => None,
            Some(other) => {
                return Err(invalid(
                    format!(
                        "the conversation's `contact` is {}, not a contact object or id",
                        json_kind(other)
                    ),
                    contact_ptr,
                    "pass the conversation as OnceHub sends it: `contact` is the contact (expanded) or its id",
                ))
            }
        };
        Ok(Payload {
            shape: Shape::Contact,
            kind,
            booking: None,
            form: None,
            contact,
            booking_ptr: "",
            contact_ptr,
            answers: match conv.get("answers") {
                Some(Value::Array(items)) => Some((items.as_slice(), answers_ptr)),
                _ => None,
            },
            conversation: Some(conv),
            names: Names::default(),
        })
    }

    fn envelope(root: &'a Map<String, Value>) -> Result<Payload<'a>> {
        let kind = match root.get("type") {
            Some(Value::String(t)) => t.as_str(),
            Some(_) | None => {
                return Err(invalid(
                    "the webhook event has no text `type`",
                    "/type",
                    "OnceHub webhook bodies have `type`, e.g. `booking.scheduled`; pass the body as received",
                ))
            }
        };
        if let Some(kind) = CONVERSATION_EVENT_TYPES
            .iter()
            .copied()
            .find(|t| *t == kind)
        {
            return match root.get("data") {
                Some(Value::Object(d))
                    if d.get("object").and_then(Value::as_str) == Some("conversation") =>
                {
                    Self::conversation(d, kind, "/data")
                }
                _ => Err(invalid(
                    format!("the `{kind}` event has no conversation in `data`"),
                    "/data",
                    "OnceHub sends the conversation in `data` (with `object: \"conversation\"`); pass the webhook body as received",
                )),
            };
        }
        let Some(kind) = BOOKING_EVENT_TYPES.iter().copied().find(|t| *t == kind) else {
            return Err(invalid(
                format!(
                    "`{}` is not a OnceHub booking or conversation event type",
                    shown(kind)
                ),
                "/type",
                &format!(
                    "previews take booking events (`{}`) and conversation events (`{}`)",
                    BOOKING_EVENT_TYPES.join("`, `"),
                    CONVERSATION_EVENT_TYPES.join("`, `")
                ),
            ));
        };
        let data = match root.get("data") {
            Some(Value::Object(d)) => d,
            Some(other) => {
                return Err(invalid(
                    format!(
                        "`data` must be the booking object, not {}",
                        json_kind(other)
                    ),
                    "/data",
                    PAYLOAD_HELP,
                ))
            }
            None => {
                return Err(invalid(
                    format!("the `{kind}` event has no `data`"),
                    "/data",
                    "OnceHub sends the booking in `data`; pass the webhook body as received",
                ))
            }
        };
        match data.get("object") {
            Some(Value::String(o)) if o == "booking" => {
                Ok(Self::booking(data, Shape::Envelope, kind, "/data"))
            }
            Some(other) => Err(invalid(
                format!("`data` of a `{kind}` event must be a booking, not `{}`", shown(&value_text(other))),
                "/data/object",
                PAYLOAD_HELP,
            )),
            None => match data.get("booking") {
                Some(Value::Object(b)) if data.len() == 1 => {
                    Ok(Self::booking(b, Shape::Envelope, kind, "/data/booking"))
                }
                _ => Err(invalid(
                    format!("the `{kind}` event has no booking in `data`"),
                    "/data",
                    "OnceHub sends the booking in `data` (with `object: \"booking\"`); pass the webhook body as received",
                )),
            },
        }
    }

    /// Does the payload carry anything about the person: a contact (bare, expanded, or the
    /// conversation's) or a booking form with a name, email or phone?
    pub fn has_person_data(&self) -> bool {
        // A name, an email or a phone: something to match the person by or to name them with.
        let filled = |m: &Map<String, Value>| {
            [
                "name",
                "first_name",
                "last_name",
                "email",
                "phone",
                "mobile_phone",
            ]
            .iter()
            .any(|k| m.get(*k).is_some_and(|v| !is_empty(v)))
        };
        self.contact.is_some_and(filled) || self.form.is_some_and(filled)
    }

    /// Does the payload carry a contact object (a bare contact, or one expanded in a booking or
    /// conversation)?
    pub fn has_contact(&self) -> bool {
        self.contact.is_some()
    }

    /// The id of the booking's contact when the booking names it by id only (`"contact":
    /// "CTC-..."`, as OnceHub's API does unless asked to expand it).
    pub fn contact_id_only(&self) -> Option<&'a str> {
        if self.contact.is_some() {
            return None;
        }
        filled_text(self.booking.or(self.conversation)?, "contact")
    }

    /// Is the payload a chatbot conversation (bare, or a `conversation.*` webhook)?
    pub fn is_conversation(&self) -> bool {
        self.conversation.is_some()
    }

    /// Is there a booking (envelope or bare booking)?
    pub fn is_booking(&self) -> bool {
        self.booking.is_some()
    }

    /// The webhook event type, for envelopes.
    pub fn event_type(&self) -> Option<&'a str> {
        (self.shape == Shape::Envelope).then_some(self.kind)
    }

    /// The booking's `status`, as sent (v1 payloads capitalise it).
    pub fn booking_status(&self) -> Option<&'a str> {
        self.booking.and_then(|b| text_of(b, "status"))
    }

    /// The booking's `customer_timezone`, when it is non-blank text.
    pub fn customer_timezone(&self) -> Option<&'a str> {
        self.booking
            .and_then(|b| filled_text(b, "customer_timezone"))
    }

    /// OnceHub API v1's `customer_time_zone_description` (`(GMT-5) United States; Eastern
    /// time`, `(GMT+5:30) India`, `(GMT) United Kingdom`) and the zone it names: the IANA zone
    /// of a region OnceHub names so ([`V1_REGIONS`], with daylight saving time) when its offset
    /// agrees, else its fixed offset: `Etc/GMT+5` for whole hours, else named by the
    /// description's own offset (`GMT+5:30`).
    pub fn v1_time_zone(&self) -> Option<V1Zone<'a>> {
        let text = self.v1_time_zone_text()?;
        let rest = text.trim_start_matches('(').trim_start();
        let rest = rest
            .strip_prefix("GMT")
            .or_else(|| rest.strip_prefix("UTC"))?;
        // `(GMT -5)`: a space may stand between the name and the offset.
        let rest = rest.trim_start_matches(' ');
        let end = rest.find([')', ' ']).unwrap_or(rest.len());
        let offset = rest.get(..end)?;
        let region = rest
            .get(end..)
            .unwrap_or("")
            .trim_start_matches([')', ' '])
            .trim();
        // `(GMT)` and `(UTC)`: no offset.
        let closed = matches!(
            rest.get(end..).and_then(|r| r.chars().next()),
            None | Some(')')
        );
        let (sign, digits) = match offset.split_at_checked(1) {
            _ if offset.is_empty() && closed => (1, "0"),
            Some(("+", d)) => (1, d),
            Some(("-", d)) => (-1, d),
            _ => return None,
        };
        let (hours, minutes) = digits.split_once(':').unwrap_or((digits, "0"));
        let hours: i32 = hours.parse::<u8>().ok().filter(|h| *h <= 14)?.into();
        let minutes: i32 = minutes.parse::<u8>().ok().filter(|m| *m < 60)?.into();
        let total = sign * (hours * 60 + minutes);
        // Offsets in use run from -12:00 to +14:00.
        if !(-12 * 60..=14 * 60).contains(&total) {
            return None;
        }
        // The region's zone, when the offset is its standard or its daylight saving one.
        if let Some((_, zone, _, _)) = V1_REGIONS.iter().find(|(name, _, standard, dst)| {
            crate::text::loosely_equal(name, region)
                && (total == *standard || (*dst && total == *standard + 60))
        }) {
            return crate::tz::zone(zone).map(|z| V1Zone {
                text,
                name: zone,
                zone: z,
                region: true,
            });
        }
        let zone = crate::tz::Zone::fixed(total.checked_mul(60)?);
        if minutes == 0 {
            // `Etc/GMT+5` is five hours behind UTC: the sign is the other way round.
            let index = usize::try_from(14 - total / 60).ok()?;
            return ETC_ZONES.get(index).map(|name| V1Zone {
                text,
                name,
                zone,
                region: false,
            });
        }
        // No IANA name for the offset alone: the description's own words (`GMT+5:30`).
        let head = text.len().saturating_sub(rest.len()).saturating_add(end);
        let name = text.get(..head)?.trim_start_matches('(').trim_start();
        Some(V1Zone {
            text,
            name,
            zone,
            region: false,
        })
    }

    /// OnceHub API v1's `customer_time_zone_description`, when it is non-blank text.
    pub fn v1_time_zone_text(&self) -> Option<&'a str> {
        self.booking
            .and_then(|b| filled_text(b, "customer_time_zone_description"))
    }

    /// The `timezone` of the person the payload is about (the expanded contact of a booking, or
    /// the contact itself), when it is non-blank text.
    pub fn contact_timezone(&self) -> Option<&'a str> {
        self.contact.and_then(|c| filled_text(c, "timezone"))
    }

    /// The `timezone` of the booking's host (an expanded `owner` User), when it is non-blank
    /// text.
    pub fn owner_timezone(&self) -> Option<&'a str> {
        match self.booking?.get("owner")? {
            Value::Object(o) => filled_text(o, "timezone"),
            _ => None,
        }
    }

    /// The booking this one replaces (`rescheduled_booking_id`), when it is non-blank text.
    pub fn rescheduled_from(&self) -> Option<&'a str> {
        self.booking
            .and_then(|b| filled_text(b, "rescheduled_booking_id"))
    }

    /// The booking calendar id (`booking_calendar` as an id, or the `id` of the expanded object).
    pub fn booking_calendar(&self) -> Option<&'a str> {
        match self.booking?.get("booking_calendar")? {
            Value::String(s) => Some(s.as_str()),
            Value::Object(o) => text_of(o, "id"),
            _ => None,
        }
    }

    /// Reads a source field. `zone` is the time zone for date derivations (`start_date`), with
    /// its name for the trace.
    /// A list or object value is checked against [`MAX_DEPTH`] and [`MAX_PAYLOAD_BYTES`] (a
    /// payload built in Rust rather than parsed from JSON text is not checked as a whole).
    pub fn read_field(&self, accessor: &Accessor, zone: Option<(&str, &Zone)>) -> Read<'a> {
        let read = match accessor.kind {
            SourceKind::Meeting => match self.booking {
                Some(b) => self.read_meeting(b, &accessor.how, zone),
                None => Read::Empty,
            },
            SourceKind::Contact => self.read_contact(&accessor.how, accessor.split_first_name),
        };
        match read {
            Read::Value(e) if matches!(e.value.as_ref(), Value::Array(_) | Value::Object(_)) => {
                match check_limits(&e.value, &e.path) {
                    Ok(()) => Read::Value(e),
                    Err(err) => Read::Unusable {
                        reason: err.message,
                        path: e.path,
                        id_only: false,
                    },
                }
            }
            other => other,
        }
    }

    fn read_meeting(
        &self,
        b: &'a Map<String, Value>,
        how: &How,
        zone: Option<(&str, &Zone)>,
    ) -> Read<'a> {
        let at: &[&str] = &[self.booking_ptr];
        let form_at: &[&str] = &[self.booking_ptr, "/form_submission"];
        // Paths into the booking form start from the form looked up once.
        let get = |segs: &[String]| match (segs.split_first(), self.form) {
            (Some((first, rest)), Some(form)) if first == "form_submission" && !rest.is_empty() => {
                get_path(form, form_at, rest)
            }
            _ => get_path(b, at, segs),
        };
        let v1 = is_v1_booking(b);
        match how {
            // A v1 `owner` is the host's name, not an id.
            How::Path(segs) if v1 && is_path(segs, "owner", "id") => Read::Empty,
            How::Path(segs) => {
                let read = get(segs);
                if read == Read::Empty {
                    if let Some(alias) = v1_alias(segs) {
                        return get_path(b, at, alias);
                    }
                    // v1 names who canceled or rescheduled: a host (`user`) or the booker.
                    if v1 && is_path(segs, "cancel_reschedule_information", "actioned_by") {
                        return v1_actioned_by(b, at);
                    }
                }
                read
            }
            How::FirstOf(paths) => {
                for (i, segs) in paths.iter().enumerate() {
                    let mut read = get(segs);
                    if read == Read::Empty {
                        if let Some(alias) = v1_alias(segs) {
                            read = get_path(b, at, alias);
                        }
                    }
                    match read {
                        Read::Empty => {}
                        Read::Value(mut e) if i > 0 => {
                            let first = paths.first().map(|p| p.join(".")).unwrap_or_default();
                            e.derived =
                                Some(format!("`{first}` is empty; `{}` is used", segs.join(".")));
                            return Read::Value(e);
                        }
                        other => return other,
                    }
                }
                Read::Empty
            }
            How::FirstNameOf(segs) => split_name(get(segs), NamePart::First),
            How::LastNameOf(segs) => split_name(get(segs), NamePart::Last),
            How::FullName(first, _) if v1 && is_path(first, "owner", "first_name") => {
                match b.get("owner") {
                    Some(Value::String(_)) => trimmed_text(get_path(b, at, &["owner"])),
                    _ => Read::Empty,
                }
            }
            How::FullName(first, last) => full_name(get(first), get(last)),
            How::EndTime => end_time(b, at),
            How::MajorUnits(segs) => major_units(b, at, segs),
            How::StartDate => start_date(b, at, zone),
            How::Custom(name) => {
                let read = custom_field(b, &self.names.booking, at, name);
                if read != Read::Empty {
                    return read;
                }
                match self.form {
                    Some(form) => custom_field(
                        form,
                        &self.names.form,
                        &[self.booking_ptr, "/form_submission"],
                        name,
                    ),
                    None => Read::Empty,
                }
            }
            How::LastNameOrName => Read::Empty,
        }
    }

    /// Why a field reads empty when the payload cannot hold it: a booking without its contact
    /// (webhooks never include it; API bookings name it by id unless expanded) carries only
    /// what the booking form gives (name, email, phones, company, time zone, answers), and a
    /// webhook never carries UTM parameters.
    pub fn why_empty(&self, accessor: &Accessor) -> Option<&'static str> {
        let form_gives = |segs: &[String]| {
            matches!(segs, [one] if matches!(one.as_str(),
                "first_name" | "last_name" | "email" | "phone" | "mobile_phone" | "company"
                    | "timezone" | "id"))
        };
        if let How::Custom(name) = &accessor.how {
            let has = |m: Option<&'a Map<String, Value>>, index| {
                m.is_some_and(|m| has_custom_entry(m, index, name))
            };
            let names = &self.names;
            let present = has(self.form, &names.form)
                || match accessor.kind {
                    SourceKind::Contact => {
                        has(self.contact, &names.contact)
                            || self.answers.is_some_and(|(a, _)| {
                                answer_index(a, &names.answers, name).is_some()
                            })
                    }
                    SourceKind::Meeting => has(self.booking, &names.booking),
                };
            if present {
                return None;
            }
            // The name is there, as a custom field of the other kind of record.
            let other_kind = match accessor.kind {
                SourceKind::Contact => has(self.booking, &names.booking),
                SourceKind::Meeting => has(self.contact, &names.contact),
            };
            return Some(match (other_kind, accessor.kind) {
                (true, SourceKind::Contact) => "the payload has this name only as a custom field of the booking itself, which is a meeting field: register the custom field with kind `meeting` to map it",
                (true, SourceKind::Meeting) => "the payload has this name only as a custom field of the contact, which is a contact field: register the custom field with kind `contact` to map it",
                (false, _) => "the payload has no custom field or booking form answer of this name (the form may not ask it), so it has no value here, and a row never clears it",
            });
        }
        let How::Path(segs) = &accessor.how else {
            return None;
        };
        match accessor.kind {
            SourceKind::Contact if self.contact.is_none() && !form_gives(segs) => {
                match self.booking?.get("contact") {
                    Some(Value::String(id)) if !id.trim().is_empty() => Some("the booking names its contact only by id, so this contact field is empty here; OnceHub's API gives the contact with the booking when asked (expand=contact), or register the booking form answer with the same data as a custom OnceHub field and pick it as this row's OnceHub field"),
                    _ => Some("the booking carries no contact record (OnceHub webhooks never include it), so this contact field is always empty here; to fill it, register the booking form answer with the same data as a custom OnceHub field and pick it as this row's OnceHub field"),
                }
            }
            SourceKind::Meeting
                if self.shape == Shape::Envelope
                    && segs.first().is_some_and(|s| s == "utm_params") =>
            {
                Some("OnceHub booking webhooks do not carry UTM parameters (the booking from OnceHub's API does), so this field is always empty here")
            }
            _ => None,
        }
    }

    fn read_contact(&self, how: &How, split_first_name: bool) -> Read<'a> {
        if let Some(read) = self.whole_name_part(how, split_first_name) {
            return read;
        }
        if let Some(c) = self.contact {
            let read = read_contact_object(c, &self.names.contact, self.contact_ptr, how);
            if read != Read::Empty {
                return read;
            }
        }
        let Some(b) = self.booking else {
            // A conversation: its answers.
            return match (how, self.answers) {
                (How::Custom(name), Some((answers, at))) => {
                    answer(answers, &self.names.answers, at, name)
                }
                _ => Read::Empty,
            };
        };
        let at: &[&str] = &[self.booking_ptr];
        let form_at: &[&str] = &[self.booking_ptr, "/form_submission"];
        let form = self.form;
        let name = || form.map_or(Read::Empty, |f| get_path(f, form_at, &["name"]));
        match how {
            How::Path(segs) => match segs.as_slice() {
                [one] => match one.as_str() {
                    // The form's whole name: split when a row sends the last name, else as
                    // written.
                    "first_name" if split_first_name => split_name(name(), NamePart::First),
                    "first_name" => trimmed_text(name()),
                    "last_name" => split_name(name(), NamePart::Last),
                    "email" | "phone" | "mobile_phone" | "company" => {
                        form.map_or(Read::Empty, |f| get_path(f, form_at, segs))
                    }
                    "timezone" => get_path(b, at, &["customer_timezone"]),
                    // The booking's plain `contact` id (an expanded contact was read above).
                    "id" => match b.get("contact") {
                        Some(Value::String(_)) => get_path(b, at, &["contact"]),
                        _ => Read::Empty,
                    },
                    _ => Read::Empty,
                },
                _ => Read::Empty,
            },
            How::LastNameOrName => split_name(name(), NamePart::Last),
            How::FullName(..) => trimmed_text(name()),
            // The booking's own `custom_fields` are the meeting's (OnceHub's field library for
            // meetings), never the contact's: only the booking form answers for the person.
            // Then the answers of the chatbot conversation the booking came from.
            How::Custom(n) => match form.map_or(Read::Empty, |f| {
                custom_field(f, &self.names.form, form_at, n)
            }) {
                Read::Empty => self.answers.map_or(Read::Empty, |(answers, at)| {
                    answer(answers, &self.names.answers, at, n)
                }),
                read => read,
            },
            How::FirstNameOf(_)
            | How::LastNameOf(_)
            | How::EndTime
            | How::StartDate
            | How::MajorUnits(_)
            | How::FirstOf(_) => Read::Empty,
        }
    }
}

impl<'a> Payload<'a> {
    /// First and last name of a contact without a last name. OnceHub then keeps the whole name
    /// in `first_name` (a booking form's single "Your name" is saved there), so `first_name`
    /// and `last_name_or_name` read a split of the whole name: the booking form's `name` when
    /// there is one (the name as typed), else the contact's `first_name`. "Carrie Customer"
    /// gives "Carrie" and "Customer", never "Carrie Customer" and "Customer"; a one-word name
    /// is a last name only. `None` when the contact has a last name, or for other fields.
    fn whole_name_part(&self, how: &How, split_first_name: bool) -> Option<Read<'a>> {
        let part = match how {
            How::Path(segs) if split_first_name => match segs.as_slice() {
                [one] if one == "first_name" => NamePart::First,
                // With the first name split, a plain last name is the rest of the whole name.
                [one] if one == "last_name" => NamePart::Last,
                _ => return None,
            },
            How::LastNameOrName => NamePart::Last,
            _ => return None,
        };
        let contact = self.contact;
        if let Some(c) = contact {
            if get_path(c, &[self.contact_ptr], &["last_name"]) != Read::Empty {
                return None;
            }
        }
        let form_name = self.form.map_or(Read::Empty, |f| {
            get_path(f, &[self.booking_ptr, "/form_submission"], &["name"])
        });
        let whole = match (form_name, contact) {
            (Read::Empty, Some(c)) => get_path(c, &[self.contact_ptr], &["first_name"]),
            (Read::Empty, None) => return None,
            (form_name, _) => form_name,
        };
        Some(split_name(whole, part))
    }
}

fn read_contact_object<'a>(
    c: &'a Map<String, Value>,
    index: &OnceCell<NameIndex>,
    ptr: &str,
    how: &How,
) -> Read<'a> {
    let at: &[&str] = &[ptr];
    match how {
        How::Path(segs) => {
            let read = get_path(c, at, segs);
            if read == Read::Empty
                && segs.len() == 1
                && segs.first().is_some_and(|s| s == "terms_of_service")
            {
                // OnceHub's schema and samples spell the key `terms_of_sevice`.
                return get_path(c, at, &["terms_of_sevice"]);
            }
            read
        }
        How::FullName(first, last) => full_name(get_path(c, at, first), get_path(c, at, last)),
        How::LastNameOrName => {
            let last = get_path(c, at, &["last_name"]);
            if last != Read::Empty {
                return trimmed_text(last);
            }
            split_name(get_path(c, at, &["first_name"]), NamePart::Last)
        }
        How::FirstNameOf(segs) => split_name(get_path(c, at, segs), NamePart::First),
        How::LastNameOf(segs) => split_name(get_path(c, at, segs), NamePart::Last),
        How::Custom(name) => custom_field(c, index, at, name),
        How::EndTime | How::StartDate | How::MajorUnits(_) | How::FirstOf(_) => Read::Empty,
    }
}

/// OnceHub API v1 (`ScheduleOnce`) keys for v2 paths, read when the v2 key is empty.
fn v1_alias(segs: &[String]) -> Option<&'static [&'static str]> {
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    match segs.as_slice() {
        ["location_description"] => Some(&["virtual_or_physical_location"]),
        ["cancel_reschedule_information", "reason"] => Some(&["cancel_reschedule_reason"]),
        ["cancel_reschedule_url"] => Some(&["cancel_reschedule_link"]),
        ["booking_page", "name"] => Some(&["booking_page", "public_name"]),
        // v1 names the earlier booking by its tracking id.
        ["rescheduled_booking_id"] => Some(&["canceled_booking_tracking_id"]),
        _ => None,
    }
}

/// v2's `cancel_reschedule_information.actioned_by` (`user` or `customer`) of a v1 booking,
/// which names the person instead: `name_of_user_who_canceled_rescheduled` or
/// `name_of_customer_who_canceled_rescheduled`.
fn v1_actioned_by<'a>(b: &'a Map<String, Value>, at: &[&str]) -> Read<'a> {
    for (key, who) in [
        ("name_of_user_who_canceled_rescheduled", "user"),
        ("name_of_customer_who_canceled_rescheduled", "customer"),
    ] {
        if let Some(name) = filled_text(b, key) {
            let mut path = at.concat();
            push_segment(&mut path, key);
            return Read::Value(Extracted {
                value: Cow::Owned(Value::String(who.to_string())),
                derived: Some(format!(
                    "`{who}`: OnceHub v1 names the {} who canceled or rescheduled (`{}`)",
                    if who == "user" { "host" } else { "booker" },
                    shown(name)
                )),
                path,
            });
        }
    }
    Read::Empty
}

/// A v1 (`ScheduleOnce`) booking: a `tracking_id` and no `id`. Its `owner` is the host's name,
/// where v2 has the host's user id.
fn is_v1_booking(b: &Map<String, Value>) -> bool {
    b.contains_key("tracking_id") && !b.contains_key("id")
}

/// Is `segs` the path `a.b`?
fn is_path(segs: &[String], a: &str, b: &str) -> bool {
    matches!(segs, [x, y] if x == a && y == b)
}

/// Is a value empty: `null`, blank text, an empty object, or a list of such?
pub fn is_empty(value: &Value) -> bool {
    // White space and invisible zero-width marks alone are no value.
    let blank = |s: &str| s.chars().all(crate::text::is_blank_char);
    match value {
        Value::Null => true,
        Value::String(s) => blank(s),
        Value::Array(items) => items
            .iter()
            .all(|i| matches!(i, Value::Null) || matches!(i, Value::String(s) if blank(s))),
        Value::Object(map) => map.is_empty(),
        Value::Bool(_) | Value::Number(_) => false,
    }
}

fn push_segment(path: &mut String, key: &str) {
    path.push('/');
    if key.contains(['~', '/']) {
        path.push_str(&crate::error::pointer_segment(key));
    } else {
        path.push_str(key);
    }
}

/// A JSON pointer: the prefix parts, then each key escaped.
fn pointer<S: AsRef<str>>(prefix: &[&str], keys: &[S], extra: &str) -> String {
    let mut path = String::with_capacity(48);
    for p in prefix {
        path.push_str(p);
    }
    for k in keys {
        push_segment(&mut path, k.as_ref());
    }
    path.push_str(extra);
    path
}

fn found<'a, S: AsRef<str>>(
    value: &'a Value,
    prefix: &[&str],
    keys: &[S],
    extra: &str,
) -> Read<'a> {
    Read::Value(Extracted {
        value: Cow::Borrowed(value),
        path: pointer(prefix, keys, extra),
        derived: None,
    })
}

/// Reads a dotted path under the object at `prefix` (JSON pointer parts). An expanded object at
/// the end gives its `id`; a plain id string where an object is expected gives itself for a
/// last segment of `id`, and is unusable for a last segment of `name` (`event_type.name` when
/// `event_type` is `"ET-..."`). Allocates only for a value found (its pointer).
fn get_path<'a, S: AsRef<str>>(
    root: &'a Map<String, Value>,
    prefix: &[&str],
    segs: &[S],
) -> Read<'a> {
    let mut map = root;
    for (i, seg) in segs.iter().enumerate() {
        let Some(value) = map.get(seg.as_ref()) else {
            return Read::Empty;
        };
        let walked = segs.get(..=i).unwrap_or(segs);
        let rest = segs.get(i + 1..).unwrap_or(&[]);
        match (value, rest) {
            (Value::Object(inner), [_, ..]) => map = inner,
            (Value::String(s), [only]) if only.as_ref() == "id" && !s.trim().is_empty() => {
                return found(value, prefix, walked, "");
            }
            // Webhooks may send a related object as its id (`"event_type": "ET-..."`): an id is
            // not the name, so the name cannot be read (the row's fallback stands in).
            // A plain text where the object's name is read is the name itself.
            (Value::String(s), [only])
                if only.as_ref() == "name" && !s.trim().is_empty() && !looks_like_oncehub_id(s) =>
            {
                return found(value, prefix, walked, "");
            }
            (Value::String(s), [only]) if looks_like_oncehub_id(s) => {
                return Read::Unusable {
                    path: pointer(prefix, walked, ""),
                    reason: format!(
                        "OnceHub sent only the id `{}`, not the object with its `{}`",
                        shown(s),
                        shown(only.as_ref())
                    ),
                    id_only: true,
                };
            }
            (_, [_, ..]) => return Read::Empty,
            (Value::Object(inner), []) => {
                return match inner.get("id") {
                    Some(id @ Value::String(s)) if !s.trim().is_empty() => {
                        found(id, prefix, walked, "/id")
                    }
                    _ if inner.is_empty() => Read::Empty,
                    _ => Read::Unusable {
                        path: pointer(prefix, walked, ""),
                        reason: "an object".to_string(),
                        id_only: false,
                    },
                };
            }
            (v, []) if is_empty(v) => return Read::Empty,
            (v, []) => return found(v, prefix, walked, ""),
        }
    }
    Read::Empty
}

/// What to pass instead of an embedded Booking Calendar's browser event (`oncehub.booking.X`):
/// the webhook event of the same name (`booking.X`), or the booking from OnceHub's API.
pub(crate) fn browser_event_help(event: &str) -> String {
    let webhook = event
        .strip_prefix("oncehub.")
        .filter(|t| t.starts_with("booking."))
        .unwrap_or("booking.scheduled");
    format!(
        "the integration receives webhooks: pass the webhook event of the booking (`{}`), or the booking from OnceHub's API (GET /v2/bookings/{{id}}, its id is the event's `payload.id`)",
        shown(webhook)
    )
}

/// Regions as OnceHub names them in its time zone descriptions (`United States; Eastern
/// time`), each with its IANA zone, its standard offset in minutes, and whether it keeps
/// daylight saving time (then its offset is an hour more in summer).
const V1_REGIONS: &[(&str, &str, i32, bool)] = &[
    (
        "United States; Eastern time",
        "America/New_York",
        -300,
        true,
    ),
    ("United States; Central time", "America/Chicago", -360, true),
    ("United States; Mountain time", "America/Denver", -420, true),
    ("United States; Arizona", "America/Phoenix", -420, false),
    (
        "United States; Pacific time",
        "America/Los_Angeles",
        -480,
        true,
    ),
    ("United States; Alaska", "America/Anchorage", -540, true),
    ("United States; Hawaii", "Pacific/Honolulu", -600, false),
    ("Canada; Newfoundland", "America/St_Johns", -210, true),
    ("Canada; Atlantic time", "America/Halifax", -240, true),
    ("Canada; Eastern time", "America/Toronto", -300, true),
    ("Canada; Central time", "America/Winnipeg", -360, true),
    ("Canada; Mountain time", "America/Edmonton", -420, true),
    ("Canada; Pacific time", "America/Vancouver", -480, true),
    ("United Kingdom", "Europe/London", 0, true),
    ("India", "Asia/Kolkata", 330, false),
];

/// A OnceHub object id such as `USR-P4N8ZK2QWT` or `ET-7I7PKDTFJS`: a prefix of capital
/// letters, a dash, and capital letters and digits.
fn looks_like_oncehub_id(text: &str) -> bool {
    // The prefixes of OnceHub's objects; an unknown prefix needs a digit in the rest, so an
    // all-caps name such as `VIP-ONBOARDING` stays a name.
    const PREFIXES: &[&str] = &[
        "BKNG", "CTC", "USR", "TM", "BKC", "BP", "MP", "ET", "CVR", "EVNT", "WHK", "BOT",
    ];
    let Some((prefix, rest)) = text.trim().split_once('-') else {
        return false;
    };
    (2..=5).contains(&prefix.len())
        && prefix.bytes().all(|b| b.is_ascii_uppercase())
        && rest.len() >= 6
        && rest
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && (PREFIXES.contains(&prefix) || rest.bytes().any(|b| b.is_ascii_digit()))
}

/// An answer in `custom_fields`: an entry of the list (`[{name, value}]`, with its index), or a
/// value of the hash OnceHub v1's booking object documents (`{name: value}`, with its key).
enum Entry<'a> {
    Item(usize, &'a Map<String, Value>),
    Keyed(&'a str, &'a Value),
}

/// The `custom_fields` answer named `name`: the one of exactly that name, else the first whose
/// name matches loosely (`Office size` for `office_size`): OnceHub names an answer by its
/// question's label, which the admin retypes when registering the field.
fn custom_entry<'a>(
    map: &'a Map<String, Value>,
    index: &OnceCell<NameIndex>,
    name: &str,
) -> Option<Entry<'a>> {
    let entries = match map.get("custom_fields")? {
        Value::Array(entries) => entries,
        Value::Object(answers) => return keyed_entry(answers, index, name),
        _ => return None,
    };
    let named = |i: usize, e: &'a Value| {
        e.as_object()
            .and_then(|o| Some((i, o, text_of(o, "name")?)))
    };
    let mut all = entries.iter().enumerate().filter_map(|(i, e)| named(i, e));
    if entries.len() > SCAN_LIMIT {
        let i = index
            .get_or_init(|| NameIndex::new(all.map(|(i, _, n)| (i, n))))
            .find(name)?;
        return entries
            .get(i)
            .and_then(Value::as_object)
            .map(|o| Entry::Item(i, o));
    }
    all.clone()
        .find(|(_, _, n)| *n == name)
        .or_else(|| all.find(|(_, _, n)| crate::text::loosely_equal(n, name)))
        .map(|(i, o, _)| Entry::Item(i, o))
}

/// The answer of a `custom_fields` hash keyed `name`, else by a key that matches loosely (the
/// first in key order, which is alphabetical: a parsed hash keeps no order of its own).
fn keyed_entry<'a>(
    answers: &'a Map<String, Value>,
    index: &OnceCell<NameIndex>,
    name: &str,
) -> Option<Entry<'a>> {
    if let Some((key, value)) = answers.get_key_value(name) {
        return Some(Entry::Keyed(key, value));
    }
    let found = if answers.len() > SCAN_LIMIT {
        let index = index.get_or_init(|| {
            let mut index = NameIndex::new(answers.keys().map(String::as_str).enumerate());
            index.names = answers.keys().cloned().collect();
            index
        });
        let key = index.names.get(index.find(name)?)?;
        answers.get_key_value(key)
    } else {
        answers
            .iter()
            .find(|(key, _)| crate::text::loosely_equal(key, name))
    };
    found.map(|(key, value)| Entry::Keyed(key, value))
}

/// Does `custom_fields` hold an answer named `name` (whatever its value)?
fn has_custom_entry(map: &Map<String, Value>, index: &OnceCell<NameIndex>, name: &str) -> bool {
    custom_entry(map, index, name).is_some()
}

/// The value of the `custom_fields` answer named `name` (see [`custom_entry`]).
fn custom_field<'a>(
    map: &'a Map<String, Value>,
    index: &OnceCell<NameIndex>,
    prefix: &[&str],
    name: &str,
) -> Read<'a> {
    match custom_entry(map, index, name) {
        Some(Entry::Item(i, entry)) => match entry.get("value") {
            Some(value) if !is_empty(value) => found(
                value,
                prefix,
                &["custom_fields", &i.to_string(), "value"],
                "",
            ),
            _ => Read::Empty,
        },
        Some(Entry::Keyed(key, value)) if !is_empty(value) => {
            found(value, prefix, &["custom_fields", key], "")
        }
        _ => Read::Empty,
    }
}

/// The index of the conversation answer saved as `name`: its `internal_label`, else its
/// `question`, matched exactly first, then loosely (see [`crate::text::loosely_equal`]).
fn answer_index(answers: &[Value], index: &OnceCell<NameIndex>, name: &str) -> Option<usize> {
    // An answer's names, borrowed from it: its internal label, then its question.
    fn names(a: &Value) -> impl Iterator<Item = &str> {
        ["internal_label", "question"]
            .into_iter()
            .filter_map(move |key| a.as_object().and_then(|o| text_of(o, key)))
            .filter(|t| !t.trim().is_empty())
    }
    if answers.len() > SCAN_LIMIT {
        return index
            .get_or_init(|| {
                NameIndex::new(
                    answers
                        .iter()
                        .enumerate()
                        .flat_map(|(i, a)| names(a).map(move |n| (i, n))),
                )
            })
            .find(name);
    }
    answers
        .iter()
        .position(|a| names(a).any(|n| n == name))
        .or_else(|| {
            answers
                .iter()
                .position(|a| names(a).any(|n| crate::text::loosely_equal(n, name)))
        })
}

/// The value of the conversation answer saved as `name` (see [`answer_index`]).
fn answer<'a>(answers: &'a [Value], index: &OnceCell<NameIndex>, at: &str, name: &str) -> Read<'a> {
    let Some(i) = answer_index(answers, index, name) else {
        return Read::Empty;
    };
    match answers.get(i).and_then(|a| a.get("value")) {
        Some(value) if !is_empty(value) => found(value, &[at], &[&i.to_string(), "value"], ""),
        _ => Read::Empty,
    }
}

#[derive(Clone, Copy)]
enum NamePart {
    First,
    Last,
}

fn trimmed_text(read: Read<'_>) -> Read<'_> {
    match read {
        Read::Value(e) => match e.value.as_ref() {
            Value::String(s) if s.trim().len() != s.len() => Read::Value(Extracted {
                value: Cow::Owned(Value::String(s.trim().to_string())),
                path: e.path,
                derived: e.derived,
            }),
            // A number is sent as its text, as for any text field.
            Value::String(_) | Value::Number(_) => Read::Value(e),
            _ => Read::Unusable {
                path: e.path,
                reason: format!("a name must be text, not {}", json_kind(&e.value)),
                id_only: false,
            },
        },
        other => other,
    }
}

/// The given names of a full name (`First`) or its last name (`Last`), split by
/// [`family_name_start`]; a one-word name is all last name, with an empty first name.
fn split_name(read: Read<'_>, part: NamePart) -> Read<'_> {
    let Read::Value(e) = read else { return read };
    let full: Cow<'_, str> = match e.value.as_ref() {
        Value::String(s) => Cow::Borrowed(s.as_str()),
        Value::Number(n) => Cow::Owned(n.to_string()),
        other => {
            return Read::Unusable {
                path: e.path,
                reason: format!("a name must be text, not {}", json_kind(other)),
                id_only: false,
            }
        }
    };
    // A comma before or after the whole name is no part of it (`Smith,`).
    let full: Cow<'_, str> = match full.trim().trim_matches([',', '，', '、']) {
        t if t.len() == full.len() => full,
        t => Cow::Owned(t.to_string()),
    };
    // `García López, María`: the last name, a comma, the given names.
    if let Some((family, given)) = comma_form(&full) {
        // `Smith, Dr. Jane`, `Dr. Smith, Jane`: titles are no part of either.
        let mixed = has_lower_case(&full);
        let (family, given) = (
            without_titles(family, true, mixed),
            without_titles(given, false, mixed),
        );
        let (text, how) = match part {
            // `Smith, Mrs.`: a title alone is no given name.
            NamePart::First if given.is_empty() => return Read::Empty,
            NamePart::First => (given, "the words after the comma"),
            NamePart::Last => (
                family,
                "the words before the comma (the last name comes first)",
            ),
        };
        return Read::Value(Extracted {
            value: Cow::Owned(Value::String(text.to_string())),
            derived: Some(format!("{how} of `{}`", shown(&full))),
            path: e.path,
        });
    }
    // Words other than punctuation alone (a stray `,` or `-` is no name), then the titles before
    // them (`Dr.`, `Prof. Dr.`), which are no given name; a name of a title alone keeps it.
    let mixed = has_lower_case(&full);
    let words = name_words(&full, mixed);
    if words.is_empty() {
        return Read::Empty;
    }
    let titles = words
        .iter()
        .take_while(|w| is_title(w, mixed))
        .count()
        .min(words.len().saturating_sub(1));
    let (title_words, words) = words.split_at(titles);
    let untitled = if title_words.is_empty() {
        String::new()
    } else {
        format!(", without the title `{}`", title_words.join(" "))
    };
    let (family_first, at) = family_name_start(words);
    let (given, family) = if family_first {
        (
            words.get(1..).unwrap_or_default(),
            words.get(..1).unwrap_or_default(),
        )
    } else {
        (
            words.get(..at).unwrap_or_default(),
            words.get(at..).unwrap_or_default(),
        )
    };
    let (text, how) = match part {
        NamePart::First if given.is_empty() => return Read::Empty,
        NamePart::First if family_first => (given.join(" "), "the words after the family name"),
        NamePart::First => (given.join(" "), "the words before the last name"),
        NamePart::Last if family_first => (
            family.join(" "),
            "the first word (the family name comes first)",
        ),
        NamePart::Last if family.len() > 1 => (
            family.join(" "),
            "the last name, with its particles and suffixes",
        ),
        NamePart::Last => (family.join(" "), "the last word"),
    };
    Read::Value(Extracted {
        value: Cow::Owned(Value::String(text)),
        derived: Some(format!("{how} of `{}`{untitled}", shown(&full))),
        path: e.path,
    })
}

/// A name written last name first with a comma (`Smith, John`, `García López, María`,
/// `山田、太郎`): the trimmed parts before and after the first comma, when both are there and
/// what follows is not a suffix (`Davis, Jr.` is one last name).
fn comma_form(full: &str) -> Option<(&str, &str)> {
    const COMMAS: [char; 3] = [',', '，', '、'];
    let (family, given) = full.split_once(COMMAS)?;
    let (family, given) = (family.trim(), given.trim());
    // `Jane Doe, CPA`, `John Smith, Jr., MD`: suffixes and credentials after the name.
    let only_suffixes = given
        .split(COMMAS)
        .flat_map(str::split_whitespace)
        .all(is_name_suffix);
    (!family.is_empty() && !given.is_empty() && !only_suffixes && !given.contains(COMMAS))
        .then_some((family, given))
}

/// A suffix or credential after a name (`Jr.`, `III`, `PhD`, `MBA`, `Inc.`), in any case and
/// with or without dots and commas.
fn is_name_suffix(word: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "mba", "cpa", "rn", "dds", "jd", "cfa",
        "pe", "dvm", "inc", "llc", "ltd",
    ];
    let bare: String = word
        .chars()
        .filter(|c| !matches!(c, '.' | ','))
        .collect::<String>()
        .to_ascii_lowercase();
    SUFFIXES.contains(&bare.as_str())
}

/// The words of a whole name, without stray punctuation; `&` joins two given names (`John &
/// Jane Doe`) or two titles (`Mr. & Mrs. Smith`), and at an end, or beside a title, is no name.
fn name_words(full: &str, mixed_case: bool) -> Vec<&str> {
    let words: Vec<&str> = full
        .split_whitespace()
        .filter(|w| !is_stray_punctuation(w))
        .collect();
    let name_word = |w: Option<&&str>| w.is_some_and(|w| !is_title(w, mixed_case) && *w != "&");
    words
        .iter()
        .enumerate()
        .filter(|&(i, w)| {
            *w != "&" || (i > 0 && name_word(words.get(i - 1)) && name_word(words.get(i + 1)))
        })
        .map(|(_, w)| *w)
        .collect()
}

/// A word of punctuation alone (`,`, `-`, `–`, `…`): no part of a name.
fn is_stray_punctuation(word: &str) -> bool {
    word.chars().all(|c| {
        matches!(c, ',' | '.' | '-' | ';' | ':' | '_')
            || ('\u{2010}'..='\u{2015}').contains(&c)
            || c == '\u{2026}'
    })
}

/// The words of `text` after the titles that start it (`Dr. Jane` → `Jane`, `Mr. & Mrs.
/// Smith` → `Smith`); with `keep_alone`, a title that is all there is stays.
fn without_titles(text: &str, keep_alone: bool, mixed_case: bool) -> &str {
    let mut rest = text.trim_start();
    loop {
        let (word, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let word_is_title = is_title(word, mixed_case) || (word == "&" && !after.is_empty());
        if word.is_empty() || !word_is_title || (keep_alone && after.trim().is_empty()) {
            return rest;
        }
        rest = after.trim_start();
    }
}

/// A title before a name (`Dr.`, `Ms`, `Prof.`), in any case, with or without its dot.
fn is_title(word: &str, mixed_case: bool) -> bool {
    const TITLES: &[&str] = &[
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "sir", "dame", "mme", "mlle",
    ];
    let (bare, dot) = match word.strip_suffix('.') {
        Some(bare) => (bare, true),
        None => (word, false),
    };
    // Two capitals without a dot in a name that has small letters are initials (`MS Dhoni`);
    // in a name typed all in capitals (`MR JOHN SMITH`) they are the title.
    let initials =
        mixed_case && !dot && bare.len() == 2 && bare.bytes().all(|b| b.is_ascii_uppercase());
    !initials && TITLES.iter().any(|t| t.eq_ignore_ascii_case(bare))
}

/// Does the text have small letters (so capitals in it carry meaning)?
fn has_lower_case(text: &str) -> bool {
    text.chars().any(char::is_lowercase)
}

/// Where the last name of a whole name starts, and whether the name is written family name
/// first. Names in Chinese, Japanese or Korean script put the family name first (`山田 太郎`).
/// Otherwise the last name is the last word, with a suffix after it (`King Jr.`) and lowercase
/// particles before it (`van der Berg`, `de la Cruz`); the first word stays a given name unless
/// only suffixes follow it (`John Jr.` is all last name: a last name of `Jr.` alone says less)
/// or it is a particle itself (`de Souza` is a last name alone).
fn family_name_start(words: &[&str]) -> (bool, usize) {
    const PARTICLES: &[&str] = &[
        "van", "von", "der", "den", "de", "del", "della", "da", "das", "di", "do", "dos", "du",
        "la", "le", "ter", "ten", "bin", "binti", "al", "el",
    ];
    if words
        .first()
        .and_then(|w| w.chars().next())
        .is_some_and(is_cjk)
    {
        return (true, 0);
    }
    let mut at = words.len().saturating_sub(1);
    // Suffixes (any case; a comma before them is kept as written) stay with the last name
    // (`Smith Jr.` is all last name).
    while at > 0 && words.get(at).is_some_and(|w| is_name_suffix(w)) {
        at -= 1;
    }
    // Lowercase particles before it, never taking the first word, and only before a name
    // (`Jan van der` ends in a particle: there is no name to attach them to).
    let ends_in_particle = words.get(at).is_some_and(|w| PARTICLES.contains(w));
    while !ends_in_particle && at > 1 && words.get(at - 1).is_some_and(|w| PARTICLES.contains(w)) {
        at -= 1;
    }
    // A particle first (`de Souza`) starts the last name when the name has capitals elsewhere:
    // in a name typed all in lower case (`al gore`), the first word is a given name.
    let lower_case = words.iter().all(|w| !w.chars().any(char::is_uppercase));
    // Two particles first (`de la cruz`) start a last name whatever the case.
    let two_particles = words.len() > 2
        && words.first().is_some_and(|w| PARTICLES.contains(w))
        && words.get(1).is_some_and(|w| PARTICLES.contains(w));
    if !ends_in_particle
        && (!lower_case || two_particles)
        && at <= 2
        && words.first().is_some_and(|w| PARTICLES.contains(w))
        && words
            .get(1..at)
            .unwrap_or_default()
            .iter()
            .all(|w| PARTICLES.contains(w))
    {
        at = 0;
    }
    (false, at)
}

/// A letter of the Han, Hiragana, Katakana or Hangul scripts.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'   // Hangul Jamo
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3130}'..='\u{318F}' // Hangul compatibility Jamo
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{AC00}'..='\u{D7AF}' // Hangul syllables
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{20000}'..='\u{3134F}' // CJK extensions B to G
    )
}

fn full_name<'a>(first: Read<'a>, last: Read<'a>) -> Read<'a> {
    let part = |r: Read<'a>| -> std::result::Result<Option<(String, String)>, Read<'a>> {
        match r {
            Read::Empty => Ok(None),
            Read::Value(e) => match e.value.as_ref() {
                Value::String(s) => Ok(Some((s.trim().to_string(), e.path))),
                // A number is sent as its text, as for any text field.
                Value::Number(n) => Ok(Some((n.to_string(), e.path))),
                other => Err(Read::Unusable {
                    reason: format!("a name must be text, not {}", json_kind(other)),
                    path: e.path,
                    id_only: false,
                }),
            },
            unusable @ Read::Unusable { .. } => Err(unusable),
        }
    };
    let first = match part(first) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let last = match part(last) {
        Ok(v) => v,
        Err(r) => return r,
    };
    match (first, last) {
        (None, None) => Read::Empty,
        (Some((a, path)), Some((b, _))) => Read::Value(Extracted {
            value: Cow::Owned(Value::String(format!("{a} {b}"))),
            path,
            derived: Some("first and last name joined with a space".to_string()),
        }),
        (Some((text, path)), None) | (None, Some((text, path))) => Read::Value(Extracted {
            value: Cow::Owned(Value::String(text)),
            path,
            derived: None,
        }),
    }
}

/// `starting_time` as epoch milliseconds with the value read, or why not.
fn start_ms<'a>(
    b: &'a Map<String, Value>,
    at: &[&str],
) -> std::result::Result<(i64, Extracted<'a>), Read<'a>> {
    match get_path(b, at, &["starting_time"]) {
        Read::Value(e) => {
            let parsed = match e.value.as_ref() {
                Value::String(s) => time::parse_datetime(s)
                    .ok_or_else(|| format!("`{}` is not an ISO-8601 datetime", shown(s))),
                other => Err(format!(
                    "a start time must be text, not {}",
                    json_kind(other)
                )),
            };
            match parsed {
                Ok(ms) => Ok((ms, e)),
                Err(reason) => Err(Read::Unusable {
                    reason,
                    path: e.path,
                    id_only: false,
                }),
            }
        }
        other => Err(other),
    }
}

fn end_time<'a>(b: &'a Map<String, Value>, at: &[&str]) -> Read<'a> {
    let (start, path) = match start_ms(b, at) {
        Ok((ms, e)) => (ms, e.path),
        Err(r) => return r,
    };
    let minutes = match get_path(b, at, &["duration_minutes"]) {
        Read::Value(e) => {
            let n = match e.value.as_ref() {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().parse::<f64>().ok(),
                _ => None,
            };
            match n {
                Some(n)
                    if n.is_finite() && n.fract() == 0.0 && (0.0..=1_000_000.0).contains(&n) =>
                {
                    #[expect(
                        clippy::cast_possible_truncation,
                        reason = "a whole number in 0..=1e6"
                    )]
                    let m = n as i64;
                    m
                }
                _ => {
                    return Read::Unusable {
                        reason: format!(
                            "`{}` is not a whole number of minutes from 0 to 1,000,000",
                            shown(&value_text(&e.value))
                        ),
                        path: e.path,
                        id_only: false,
                    }
                }
            }
        }
        Read::Empty => return Read::Empty,
        unusable @ Read::Unusable { .. } => return unusable,
    };
    Read::Value(Extracted {
        value: Cow::Owned(Value::String(time::format_datetime(
            start + minutes * 60_000,
        ))),
        path,
        derived: Some(format!("start time plus {minutes} minutes")),
    })
}

/// Digits after the decimal point of an amount in the smallest unit, as the payment processor
/// counts them: 2 unless listed. The lists are Stripe's zero-decimal and three-decimal
/// currencies (plus IQD and LYD, three-decimal in ISO 4217). ISK is not zero-decimal here:
/// Stripe keeps it as a two-decimal currency in its API (100 is 1 króna), unlike ISO 4217.
fn currency_exponent(code: &str) -> u32 {
    const ZERO: &[&str] = &[
        "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV",
        "XAF", "XOF", "XPF",
    ];
    const THREE: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
    let code = code.trim();
    if ZERO.iter().any(|c| c.eq_ignore_ascii_case(code)) {
        0
    } else if THREE.iter().any(|c| c.eq_ignore_ascii_case(code)) {
        3
    } else {
        2
    }
}

/// An amount in the smallest currency unit at `segs`, in the main unit of the `currency` beside
/// it. Without a currency the amount is unusable: dividing by a guess could be off 100 times.
fn major_units<'a>(b: &'a Map<String, Value>, at: &[&str], segs: &[String]) -> Read<'a> {
    let e = match get_path(b, at, segs) {
        Read::Value(e) => e,
        other => return other,
    };
    let minor = match e.value.as_ref() {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    let Some(minor) = minor.filter(|m| m.unsigned_abs() < 1 << 53) else {
        return Read::Unusable {
            reason: format!(
                "`{}` is not a whole amount in the smallest currency unit",
                shown(&value_text(&e.value))
            ),
            path: e.path,
            id_only: false,
        };
    };
    let mut currency_at: Vec<&str> = segs
        .iter()
        .take(segs.len().saturating_sub(1))
        .map(String::as_str)
        .collect();
    currency_at.push("currency");
    let currency = match get_path(b, at, &currency_at) {
        Read::Value(c) => match c.value.as_ref() {
            Value::String(s)
                if s.trim().len() == 3 && s.trim().bytes().all(|b| b.is_ascii_alphabetic()) =>
            {
                s.trim().to_ascii_uppercase()
            }
            _ => String::new(),
        },
        _ => String::new(),
    };
    if currency.is_empty() {
        return Read::Unusable {
            reason: "the payment has no ISO 4217 `currency`, so the amount's unit is unknown"
                .to_string(),
            path: e.path,
            id_only: false,
        };
    }
    let exp = currency_exponent(&currency);
    let scale = 10_i64.pow(exp);
    let value = if minor % scale == 0 {
        Value::from(minor / scale)
    } else {
        #[expect(
            clippy::cast_precision_loss,
            reason = "|minor| < 2^53 is exact in an f64"
        )]
        let major = minor as f64 / scale as f64;
        serde_json::Number::from_f64(major).map_or(Value::Null, Value::Number)
    };
    let derived = format!(
        "{minor} in the smallest unit of {currency} is {}",
        value_text(&value)
    );
    Read::Value(Extracted {
        value: Cow::Owned(value),
        path: e.path,
        derived: Some(derived),
    })
}

fn start_date<'a>(b: &'a Map<String, Value>, at: &[&str], zone: Option<(&str, &Zone)>) -> Read<'a> {
    let (start, e) = match start_ms(b, at) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let (name, (y, m, d)) = match zone {
        Some((name, z)) => (name, z.local_date(start)),
        None => ("UTC", time::civil_from_days(start.div_euclid(86_400_000))),
    };
    let date = time::format_date(y, m, d);
    Read::Value(Extracted {
        derived: Some(format!(
            "`{}` is `{date}` in `{name}`",
            shown(&value_text(&e.value))
        )),
        value: Cow::Owned(Value::String(date)),
        path: e.path,
    })
}

/// `a JSON object`, `text`, ... for messages.
pub fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A user value for a message: at most 60 characters, on one line, backticks replaced.
pub fn shown(text: &str) -> Cow<'_, str> {
    let plain = text.len() <= 60 && !text.contains(['`', '\n', '\r']);
    if plain {
        return Cow::Borrowed(text);
    }
    let mut out: String = text
        .chars()
        .take(60)
        .map(|c| match c {
            '`' => '\'',
            '\n' | '\r' => ' ',
            c => c,
        })
        .collect();
    if text.chars().nth(60).is_some() {
        out.push('…');
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;
    use serde_json::json;

    fn read(payload: &Value, kind: SourceKind, id: &str) -> Read<'static> {
        let cat = Catalogue::new();
        let field = cat.get(kind, id).unwrap();
        let p = Payload::read(payload).unwrap();
        match p.read_field(&Accessor::new(field), None) {
            Read::Value(e) => Read::Value(Extracted {
                value: Cow::Owned(e.value.into_owned()),
                path: e.path,
                derived: e.derived,
            }),
            Read::Empty => Read::Empty,
            Read::Unusable {
                path,
                reason,
                id_only,
            } => Read::Unusable {
                path,
                reason,
                id_only,
            },
        }
    }

    /// A field's value and its pointer, with the fields of `cat` (custom ones registered).
    fn value_in(
        cat: &Catalogue,
        payload: &Value,
        kind: SourceKind,
        id: &str,
    ) -> Option<(Value, String)> {
        let p = Payload::read(payload).unwrap();
        match p.read_field(&Accessor::new(cat.get(kind, id).unwrap()), None) {
            Read::Value(e) => Some((e.value.into_owned(), e.path)),
            _ => None,
        }
    }

    fn value(payload: &Value, kind: SourceKind, id: &str) -> Option<(Value, String)> {
        match read(payload, kind, id) {
            Read::Value(e) => Some((e.value.into_owned(), e.path)),
            _ => None,
        }
    }

    #[test]
    fn booking_form_names_are_split() {
        let b = json!({"object":"booking","form_submission":{"name":"  Mary Ann  van Dyke "}});
        let c = SourceKind::Contact;
        assert_eq!(value(&b, c, "first_name").unwrap().0, json!("Mary Ann"));
        assert_eq!(value(&b, c, "last_name").unwrap().0, json!("van Dyke"));
        assert_eq!(
            value(&b, c, "last_name_or_name").unwrap().0,
            json!("van Dyke")
        );
        let split = |name: &str| {
            let b = json!({"object":"booking","form_submission":{"name":name}});
            (
                value(&b, c, "first_name").map(|v| v.0),
                value(&b, c, "last_name").map(|v| v.0),
            )
        };
        let both = |first: &str, last: &str| (Some(json!(first)), Some(json!(last)));
        assert_eq!(split("Jan van der Berg"), both("Jan", "van der Berg"));
        assert_eq!(split("Maria de la Cruz"), both("Maria", "de la Cruz"));
        assert_eq!(
            split("Martin Luther King Jr."),
            both("Martin Luther", "King Jr.")
        );
        assert_eq!(split("Sammy Davis, Jr."), both("Sammy", "Davis, Jr."));
        assert_eq!(split("John Smith III"), both("John", "Smith III"));
        // A capitalised word is a name; a lowercase particle first starts a last name alone.
        assert_eq!(split("Van Morrison"), both("Van", "Morrison"));
        assert_eq!(split("de Gaulle"), (None, Some(json!("de Gaulle"))));
        assert_eq!(split("von Trapp"), (None, Some(json!("von Trapp"))));
        // Titles are no given names; a title alone is kept as the name.
        assert_eq!(split("Dr. Jane Smith"), both("Jane", "Smith"));
        assert_eq!(split("Ms. Smith"), (None, Some(json!("Smith"))));
        assert_eq!(split("ms smith"), (None, Some(json!("smith"))));
        assert_eq!(
            split("Prof. Dr. Hans-Peter Müller"),
            both("Hans-Peter", "Müller")
        );
        assert_eq!(split("Dr. de la Cruz"), (None, Some(json!("de la Cruz"))));
        assert_eq!(split("Dr."), (None, Some(json!("Dr."))));
        assert_eq!(split("Drew Barrymore"), both("Drew", "Barrymore"));
        // Stray punctuation is no name.
        assert_eq!(split(", John"), (None, Some(json!("John"))));
        assert_eq!(split("Jane Smith – Jones"), both("Jane Smith", "Jones"));
        // Titles in the comma form too.
        assert_eq!(split("Smith, Dr. Jane"), both("Jane", "Smith"));
        // Lower case says nothing: `al` is a given name there. Initials are no title.
        assert_eq!(split("al gore"), both("al", "gore"));
        assert_eq!(split("van morrison"), both("van", "morrison"));
        assert_eq!(split("MS Dhoni"), both("MS", "Dhoni"));
        assert_eq!(split("DR. SMITH"), (None, Some(json!("SMITH"))));
        // A comma at either end, and `&` between two given names, are kept out of the parts.
        assert_eq!(split("Smith,"), (None, Some(json!("Smith"))));
        assert_eq!(split("John & Jane Doe"), both("John & Jane", "Doe"));
        // All capitals: titles are titles. `&` at an end or between titles is no name.
        assert_eq!(split("MR JOHN SMITH"), both("JOHN", "SMITH"));
        assert_eq!(split("DR SMITH"), (None, Some(json!("SMITH"))));
        assert_eq!(split("Jane Smith &"), both("Jane", "Smith"));
        assert_eq!(split("& Jane Smith"), both("Jane", "Smith"));
        assert_eq!(split("Mr. & Mrs. Smith"), (None, Some(json!("Smith"))));
        assert_eq!(split("Mr & Mrs John Smith"), both("John", "Smith"));
        // A title alone after the comma is no given name.
        assert_eq!(split("Smith, Mrs."), (None, Some(json!("Smith"))));
        // Two particles first start a last name, whatever the case.
        assert_eq!(split("de la cruz"), (None, Some(json!("de la cruz"))));
        assert_eq!(split("van der berg"), (None, Some(json!("van der berg"))));
        assert_eq!(split("Dr. Smith, Jane"), both("Jane", "Smith"));
        assert_eq!(split("Ana - Ruiz"), both("Ana", "Ruiz"));
        assert_eq!(split("Jr. Smith"), both("Jr.", "Smith"));
        assert_eq!(split("Smith Jr."), (None, Some(json!("Smith Jr."))));
        assert_eq!(split("Jan van der"), both("Jan van", "der"));
        assert_eq!(split("Smith, John"), both("John", "Smith"));
        assert_eq!(split("García López, María"), both("María", "García López"));
        assert_eq!(split("van der Berg, Jan"), both("Jan", "van der Berg"));
        assert_eq!(split("Smith，John"), both("John", "Smith"));
        assert_eq!(split("山田、太郎"), both("太郎", "山田"));
        assert_eq!(split("Davis, Jr."), (None, Some(json!("Davis, Jr."))));
        // Credentials and suffixes after a comma belong to the last name, not a given name.
        assert_eq!(split("Jane Doe, CPA"), both("Jane", "Doe, CPA"));
        assert_eq!(
            split("John Smith, PhD, MBA"),
            both("John", "Smith, PhD, MBA")
        );
        assert_eq!(split("John Smith, Jr., MD"), both("John", "Smith, Jr., MD"));
        // Chinese, Japanese and Korean names put the family name first.
        assert_eq!(split("山田 太郎"), both("太郎", "山田"));
        assert_eq!(split("山田\u{3000}太郎"), both("太郎", "山田"));
        assert_eq!(split("김 민준"), both("민준", "김"));
        assert_eq!(split("山田太郎"), (None, Some(json!("山田太郎"))));
        assert_eq!(
            value(&b, c, "full_name").unwrap().0,
            json!("Mary Ann  van Dyke")
        );
        let one = json!({"object":"booking","form_submission":{"name":"Prince"}});
        assert!(value(&one, c, "first_name").is_none());
        assert_eq!(
            value(&one, c, "last_name").unwrap(),
            (json!("Prince"), "/form_submission/name".to_string())
        );
        let m = SourceKind::Meeting;
        assert!(value(&one, m, "booker_first_name").is_none());
        assert_eq!(
            value(&one, m, "booker_last_name").unwrap().0,
            json!("Prince")
        );
    }

    #[test]
    fn expanded_objects_and_plain_ids() {
        let m = SourceKind::Meeting;
        let b = json!({"object":"booking","owner":"USR-1","event_type":"ET-1","booking_calendar":{"id":"BKC-1","name":"x"}});
        assert_eq!(
            value(&b, m, "owner_id").unwrap(),
            (json!("USR-1"), "/owner".to_string())
        );
        // A short plain text is taken as the name; an id is not the name.
        assert_eq!(value(&b, m, "event_type").unwrap().0, json!("ET-1"));
        let id = json!({"object":"booking","event_type":"ET-7I7PKDTFJS"});
        let Read::Unusable { path, reason, .. } = read(&id, m, "event_type") else {
            panic!("event_type")
        };
        assert_eq!(path, "/event_type");
        assert!(reason.contains("only the id `ET-7I7PKDTFJS`"), "{reason}");
        let named = json!({"object":"booking","event_type":"Live demo"});
        assert_eq!(
            value(&named, m, "event_type").unwrap().0,
            json!("Live demo")
        );
        let caps = json!({"object":"booking","event_type":"VIP-ONBOARDING"});
        assert_eq!(
            value(&caps, m, "event_type").unwrap().0,
            json!("VIP-ONBOARDING")
        );
        assert!(value(&b, m, "owner_email").is_none());
        assert!(value(&b, m, "owner_name").is_none());
        // A real host id stands for the User object: its email and name are not there.
        let host = json!({"object":"booking","owner":"USR-P4N8ZK2QWT"});
        for id in ["owner_email", "owner_name"] {
            let Read::Unusable { reason, .. } = read(&host, m, id) else {
                panic!("{id}")
            };
            assert!(reason.contains("only the id `USR-P4N8ZK2QWT`"), "{reason}");
        }
        assert_eq!(
            value(&b, m, "booking_calendar").unwrap(),
            (json!("BKC-1"), "/booking_calendar/id".to_string())
        );
        let e = json!({"object":"event","type":"booking.scheduled","data":{"object":"booking",
            "owner":{"id":"USR-2","first_name":"Jo","last_name":"Al","email":"jo@x.com"},"event_type":{"id":"ET-2","name":"Demo"}}});
        assert_eq!(
            value(&e, m, "owner_id").unwrap(),
            (json!("USR-2"), "/data/owner/id".to_string())
        );
        assert_eq!(value(&e, m, "owner_name").unwrap().0, json!("Jo Al"));
        assert_eq!(value(&e, m, "event_type").unwrap().0, json!("Demo"));
        let c = json!({"object":"contact","owner":{"id":"USR-3"}});
        assert_eq!(
            value(&c, SourceKind::Contact, "owner").unwrap().0,
            json!("USR-3")
        );
    }

    #[test]
    fn payment_amounts_in_main_units() {
        let m = SourceKind::Meeting;
        let pay = |amount: Value, currency: Value| json!({"object":"booking","payment_information":{"amount_charged":amount,"currency":currency}});
        let major = |b: &Value| value(b, m, "payment_amount_major").map(|v| v.0);
        assert_eq!(major(&pay(json!(5000), json!("USD"))), Some(json!(50)));
        assert_eq!(major(&pay(json!(1999), json!("eur"))), Some(json!(19.99)));
        assert_eq!(major(&pay(json!(5000), json!("JPY"))), Some(json!(5000)));
        assert_eq!(major(&pay(json!(12345), json!("KWD"))), Some(json!(12.345)));
        // Stripe counts Icelandic króna in hundredths.
        assert_eq!(major(&pay(json!(500_000), json!("isk"))), Some(json!(5000)));
        // The minor-unit field is unchanged.
        assert_eq!(
            value(&pay(json!(5000), json!("USD")), m, "payment_amount").map(|v| v.0),
            Some(json!(5000))
        );
        for unusable in [
            pay(json!(5000), json!(null)),
            pay(json!("50.5"), json!("USD")),
        ] {
            assert!(
                matches!(
                    read(&unusable, m, "payment_amount_major"),
                    Read::Unusable { .. }
                ),
                "{unusable}"
            );
        }
        assert!(major(&json!({"object":"booking"})).is_none());
    }

    #[test]
    fn v1_bookings_are_read_by_their_own_keys() {
        // A ScheduleOnce (API v1) booking: a tracking id and no id, the host's name in `owner`,
        // `cancel_reschedule_link`, and a booking page object with `public_name`.
        let m = SourceKind::Meeting;
        let b = json!({"object":"booking","tracking_id":"D36E0002","status":"No-Show",
            "owner":"Andrea Hartie","cancel_reschedule_link":"https://go.oncehub.com/x?Params=1",
            "virtual_or_physical_location":"1600 Pennsylvania Avenue","cancel_reschedule_reason":"Sick",
            "booking_page":{"public_name":"Andrea Hartie","internal_label":"AndreaHartie"},
            "event_type":{"name":"Budget management"},"canceled_booking_tracking_id":"D36E0001"});
        assert_eq!(
            value(&b, m, "rescheduled_booking_id").unwrap(),
            (
                json!("D36E0001"),
                "/canceled_booking_tracking_id".to_string()
            )
        );
        assert_eq!(
            value(&b, m, "owner_name").unwrap(),
            (json!("Andrea Hartie"), "/owner".to_string())
        );
        assert!(value(&b, m, "owner_id").is_none());
        assert_eq!(
            value(&b, m, "cancel_reschedule_url").unwrap(),
            (
                json!("https://go.oncehub.com/x?Params=1"),
                "/cancel_reschedule_link".to_string()
            )
        );
        assert_eq!(
            value(&b, m, "booking_page").unwrap(),
            (
                json!("Andrea Hartie"),
                "/booking_page/public_name".to_string()
            )
        );
        assert_eq!(
            value(&b, m, "location").unwrap().0,
            json!("1600 Pennsylvania Avenue")
        );
        assert_eq!(
            value(&b, m, "cancel_reschedule_reason").unwrap().0,
            json!("Sick")
        );
        assert_eq!(
            value(&b, m, "event_type").unwrap().0,
            json!("Budget management")
        );
        // With an id it is a v2 booking: `owner` is a user id.
        let mut v2 = b.clone();
        v2["id"] = json!("BKNG-1");
        v2["owner"] = json!("USR-1");
        assert_eq!(value(&v2, m, "owner_id").unwrap().0, json!("USR-1"));
        assert!(value(&v2, m, "owner_name").is_none());
    }

    #[test]
    fn a_whole_name_in_first_name_is_split_never_repeated() {
        let c = SourceKind::Contact;
        let names = |contact: &Value| {
            (
                value(contact, c, "first_name").map(|v| v.0),
                value(contact, c, "last_name_or_name").map(|v| v.0),
            )
        };
        let whole = json!({"object":"contact","first_name":"Carrie  Customer","last_name":null});
        assert_eq!(
            names(&whole),
            (Some(json!("Carrie")), Some(json!("Customer")))
        );
        let one = json!({"object":"contact","first_name":"Cher","last_name":""});
        assert_eq!(names(&one), (None, Some(json!("Cher"))));
        let both = json!({"object":"contact","first_name":"Mary Ann","last_name":"van Dyke"});
        assert_eq!(
            names(&both),
            (Some(json!("Mary Ann")), Some(json!("van Dyke")))
        );
        // A booking with the form's name and an expanded contact that has a last name: the
        // contact's own fields win.
        let b = json!({"object":"booking","contact":{"object":"contact","first_name":"Dana","last_name":"Smith"},
            "form_submission":{"name":"Dana Whitfield"}});
        assert_eq!(names(&b), (Some(json!("Dana")), Some(json!("Smith"))));
    }

    #[test]
    fn contact_values_prefer_the_expanded_contact_then_the_form() {
        let c = SourceKind::Contact;
        let b = json!({"object":"booking","customer_timezone":"Europe/Paris","contact":{"object":"contact","first_name":"Dana","last_name":"","email":null,
            "terms_of_sevice":true,"custom_fields":[{"name":"x","value":"from contact"}]},
            "form_submission":{"name":"Dana Whitfield","email":"d@x.com","custom_fields":[{"name":"x","value":"from form"},{"name":"y","value":["a","b"]}]}});
        // The contact has no last name: both name parts come from the form's whole name.
        assert_eq!(
            value(&b, c, "first_name").unwrap(),
            (json!("Dana"), "/form_submission/name".to_string())
        );
        assert_eq!(
            value(&b, c, "last_name").unwrap(),
            (json!("Whitfield"), "/form_submission/name".to_string())
        );
        assert_eq!(
            value(&b, c, "email").unwrap(),
            (json!("d@x.com"), "/form_submission/email".to_string())
        );
        assert_eq!(
            value(&b, c, "terms_of_service").unwrap(),
            (json!(true), "/contact/terms_of_sevice".to_string())
        );
        assert_eq!(value(&b, c, "timezone").unwrap().0, json!("Europe/Paris"));
        assert_eq!(
            value(&b, c, "last_name_or_name").unwrap().0,
            json!("Whitfield")
        );
        let mut cat = Catalogue::new();
        cat.add_custom(crate::catalogue::CustomFieldInput::parse_list(r#"[{"id":"custom.x","type":"text"},{"id":"custom.y","type":"multipleChoice","options":["a","b"]}]"#).unwrap()).unwrap();
        let p = Payload::read(&b).unwrap();
        let x = Accessor::new(cat.get(c, "custom.x").unwrap());
        let Read::Value(e) = p.read_field(&x, None) else {
            panic!()
        };
        assert_eq!(
            (e.value.as_ref(), e.path.as_str()),
            (&json!("from contact"), "/contact/custom_fields/0/value")
        );
        let y = Accessor::new(cat.get(c, "custom.y").unwrap());
        let Read::Value(e) = p.read_field(&y, None) else {
            panic!()
        };
        assert_eq!(
            (e.value.as_ref(), e.path.as_str()),
            (&json!(["a", "b"]), "/form_submission/custom_fields/1/value")
        );
    }

    #[test]
    fn a_v1_hash_of_answers_is_read_by_key() {
        // OnceHub v1's booking object documents `custom_fields` as a hash (`{name: value}`).
        let mut answers = serde_json::Map::new();
        answers.insert("Office size".into(), json!("30-50 people"));
        answers.insert("Title".into(), json!("CTO"));
        answers.insert("a/b".into(), json!("slash"));
        answers.insert("Empty".into(), json!(""));
        let b = json!({"object":"booking","form_submission":{"name":"Dana Whitfield","custom_fields":answers}});
        let mut cat = Catalogue::new();
        cat.add_custom(crate::catalogue::CustomFieldInput::parse_list(
            r#"[{"id":"custom.office_size","type":"text"},{"id":"custom.title","type":"text","payloadName":"Title"},{"id":"custom.ab","type":"text","payloadName":"a/b"},{"id":"custom.empty","type":"text","payloadName":"Empty"},{"id":"custom.none","type":"text"}]"#,
        ).unwrap()).unwrap();
        let read = |id: &str| value_in(&cat, &b, SourceKind::Contact, id);
        let at = |key: &str| format!("/form_submission/custom_fields/{key}");
        assert_eq!(read("custom.title"), Some((json!("CTO"), at("Title"))));
        // Loosely, as list entries are matched.
        assert_eq!(
            read("custom.office_size"),
            Some((json!("30-50 people"), at("Office size")))
        );
        // The key is escaped in the pointer.
        assert_eq!(read("custom.ab"), Some((json!("slash"), at("a~1b"))));
        assert_eq!(read("custom.empty"), None);
        assert_eq!(read("custom.none"), None);
        // Many answers (read through the name index) give the same.
        let mut many = serde_json::Map::new();
        for i in 0..40 {
            many.insert(format!("Question {i}"), json!(format!("answer {i}")));
        }
        many.insert("Office size".into(), json!("11-50"));
        let b = json!({"object":"booking","form_submission":{"name":"Dana Whitfield","custom_fields":many}});
        assert_eq!(
            value_in(&cat, &b, SourceKind::Contact, "custom.office_size"),
            Some((json!("11-50"), at("Office size")))
        );
    }

    #[test]
    fn answers_match_their_question_label_loosely_and_exactly_first() {
        // OnceHub names a form answer by its question's label (`Office size`, `Title`); the
        // admin registers `custom.office_size` / `custom.title`.
        let b = json!({"object":"booking","form_submission":{"name":"Dana Whitfield","custom_fields":[
            {"name":"Office size","value":"11-50"},{"name":"Title","value":"CTO"},
            {"name":"title","value":"exact"}]}});
        let mut cat = Catalogue::new();
        cat.add_custom(crate::catalogue::CustomFieldInput::parse_list(
            r#"[{"id":"custom.office_size","type":"text"},{"id":"custom.title","type":"text"},{"id":"custom.seats","type":"text","payloadName":"Seats"}]"#,
        ).unwrap()).unwrap();
        let read = |id: &str| value_in(&cat, &b, SourceKind::Contact, id);
        assert_eq!(
            read("custom.office_size"),
            Some((
                json!("11-50"),
                "/form_submission/custom_fields/0/value".to_string()
            ))
        );
        // An entry of exactly the name wins over an earlier loose one.
        assert_eq!(
            read("custom.title"),
            Some((
                json!("exact"),
                "/form_submission/custom_fields/2/value".to_string()
            ))
        );
        assert_eq!(read("custom.seats"), None);
    }

    #[test]
    fn the_name_index_finds_what_a_search_in_order_finds() {
        fn named(e: &Value) -> Option<&str> {
            e.get("name").and_then(Value::as_str)
        }
        // Lists of every length around SCAN_LIMIT, of names that differ in letter case and
        // separators, against a search in order (exact names first, then loose ones).
        let pool = [
            "Office size",
            "office_size",
            "OFFICE-SIZE",
            "Office  size",
            "Title",
            "title",
            "Budget",
            "budget ",
            "Job title",
            "job_title",
            "x",
            "",
        ];
        let mut seed = 17_u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            usize::try_from(seed >> 33).unwrap() % n
        };
        for trial in 0..400 {
            let len = trial % 40;
            let entries: Vec<Value> = (0..len)
                .map(|i| match next(10) {
                    0 => json!("not an object"),
                    1 => json!({"value": format!("{i}")}),
                    _ => json!({"name": pool[next(pool.len())], "value": format!("{i}")}),
                })
                .collect();
            let query = pool[next(pool.len() - 2)].trim();
            let expected = entries
                .iter()
                .position(|e| named(e) == Some(query))
                .or_else(|| {
                    entries.iter().position(|e| {
                        named(e).is_some_and(|n| crate::text::loosely_equal(n, query))
                    })
                });
            let b = json!({"object":"booking","form_submission":{"name":"Dana","custom_fields":entries}});
            let mut cat = Catalogue::new();
            cat.add_custom(
                crate::catalogue::CustomFieldInput::parse_list(
                    &json!([{"id": "custom.q", "type": "text", "payloadName": query}]).to_string(),
                )
                .unwrap(),
            )
            .unwrap();
            let found = value_in(&cat, &b, SourceKind::Contact, "custom.q")
                .map(|(v, _)| v.as_str().unwrap().parse::<usize>().unwrap());
            assert_eq!(found, expected, "{query:?} in {entries:?}");
        }
    }

    #[test]
    fn long_answer_lists_are_searched_by_name_as_short_ones_are() {
        // More entries than SCAN_LIMIT: found through the name index, with the same answers
        // as the scan (exact before loose, the first of a name wins, nameless entries skipped).
        let mut entries: Vec<Value> = (0..40)
            .map(|i| json!({"name": format!("Question {i}"), "value": format!("answer {i}")}))
            .collect();
        entries.insert(3, json!({"name":"Office size","value":"11-50"}));
        entries.insert(5, json!({"name":"Title","value":"loose"}));
        entries.insert(7, json!({"value":"nameless"}));
        entries.push(json!({"name":"title","value":"exact"}));
        entries.push(json!({"name":"Office size","value":"second"}));
        let answers: Vec<Value> = entries
            .iter()
            .map(|e| json!({"question": e.get("name"), "internal_label": "", "value": e.get("value")}))
            .collect();
        let b = json!({"object":"booking","form_submission":{"name":"Dana Whitfield","custom_fields":entries},
            "conversation":{"object":"conversation","answers":answers}});
        let mut cat = Catalogue::new();
        cat.add_custom(crate::catalogue::CustomFieldInput::parse_list(
            r#"[{"id":"custom.office_size","type":"text"},{"id":"custom.title","type":"text"},{"id":"custom.question_39","type":"text"},{"id":"custom.seats","type":"text"}]"#,
        ).unwrap()).unwrap();
        let read = |id: &str| value_in(&cat, &b, SourceKind::Contact, id);
        let at = |i: usize| format!("/form_submission/custom_fields/{i}/value");
        assert_eq!(read("custom.office_size"), Some((json!("11-50"), at(3))));
        assert_eq!(read("custom.title"), Some((json!("exact"), at(43))));
        assert_eq!(
            read("custom.question_39"),
            Some((json!("answer 39"), at(42)))
        );
        assert_eq!(read("custom.seats"), None);
        // The conversation's answers, when the form has none.
        let b = json!({"object":"booking","form_submission":{"name":"Dana Whitfield"},
            "conversation":{"object":"conversation","answers":answers}});
        let read = |id: &str| value_in(&cat, &b, SourceKind::Contact, id);
        let at = |i: usize| format!("/conversation/answers/{i}/value");
        assert_eq!(read("custom.office_size"), Some((json!("11-50"), at(3))));
        assert_eq!(read("custom.title"), Some((json!("exact"), at(43))));
        assert_eq!(read("custom.seats"), None);
    }

    #[test]
    fn a_conversation_writes_its_expanded_contact_and_reads_its_answers() {
        let contact = json!({"object":"contact","id":"CTC-1","first_name":"Ana","last_name":"Lopez","email":"ana@example.com",
            "custom_fields":[{"name":"Budget","value":"10k"}]});
        let conv = json!({"object":"conversation","id":"CVR-1","status":"closed","contact":contact,
            "answers":[{"id":"INT-1","internal_label":"","question":"Company size","value":"51-200"},
                       {"id":"INT-2","internal_label":"budget","question":"What budget?","value":"ignored: the contact has it"}]});
        let event =
            json!({"id":"EVNT-1","object":"event","type":"conversation.closed","data":conv});
        let mut cat = Catalogue::new();
        cat.add_custom(crate::catalogue::CustomFieldInput::parse_list(
            r#"[{"id":"custom.company_size","type":"text"},{"id":"custom.budget","type":"text"}]"#,
        ).unwrap()).unwrap();
        for (payload, base, kind) in [
            (&conv, "", "conversation"),
            (&event, "/data", "conversation.closed"),
        ] {
            let p = Payload::read(payload).unwrap();
            assert_eq!((p.kind, p.is_booking()), (kind, false));
            let read = |kind: SourceKind, id: &str| value_in(&cat, payload, kind, id);
            assert_eq!(
                read(SourceKind::Contact, "email"),
                Some((json!("ana@example.com"), format!("{base}/contact/email")))
            );
            assert_eq!(
                read(SourceKind::Contact, "custom.company_size"),
                Some((json!("51-200"), format!("{base}/answers/0/value")))
            );
            assert_eq!(
                read(SourceKind::Contact, "custom.budget"),
                Some((
                    json!("10k"),
                    format!("{base}/contact/custom_fields/0/value")
                ))
            );
        }
        // The booking the conversation led to reads the answers too, after its form's.
        let booking = json!({"id":"EVNT-3","object":"event","type":"booking.scheduled","data":{"object":"booking",
            "form_submission":{"name":"Ana Lopez","custom_fields":[{"name":"budget","value":"from the form"}]},
            "conversation":conv}});
        let read = |id: &str| value_in(&cat, &booking, SourceKind::Contact, id);
        assert_eq!(
            read("custom.company_size"),
            Some((
                json!("51-200"),
                "/data/conversation/answers/0/value".to_string()
            ))
        );
        assert_eq!(
            read("custom.budget").map(|r| r.1),
            Some("/data/conversation/contact/custom_fields/0/value".to_string())
        );
        // A contact named only by id, or none (a visitor who left no details): read, with
        // nobody to write. A `contact` of another kind breaks the contract.
        let by_id = json!({"object":"conversation","contact":"CTC-9QEG09XXYN"});
        let p = Payload::read(&by_id).unwrap();
        assert!(p.is_conversation() && !p.has_person_data());
        assert_eq!(p.contact_id_only(), Some("CTC-9QEG09XXYN"));
        let none = json!({"id":"EVNT-2","object":"event","type":"conversation.abandoned","data":{"object":"conversation","contact":null}});
        let p = Payload::read(&none).unwrap();
        assert!(!p.has_person_data() && p.contact_id_only().is_none());
        let odd = json!({"object":"conversation","contact":42});
        assert_eq!(Payload::read(&odd).err().unwrap().path, "/contact");
    }

    #[test]
    fn end_time_and_start_date() {
        let m = SourceKind::Meeting;
        let b = json!({"object":"booking","starting_time":"2025-05-21T02:30:00Z","duration_minutes":45});
        assert_eq!(
            value(&b, m, "end_time").unwrap(),
            (
                json!("2025-05-21T03:15:00.000Z"),
                "/starting_time".to_string()
            )
        );
        let cat = Catalogue::new();
        let p = Payload::read(&b).unwrap();
        let acc = Accessor::new(cat.get(m, "start_date").unwrap());
        assert!(acc.needs_time_zone());
        let la = crate::tz::zone("America/Los_Angeles").unwrap();
        let Read::Value(e) = p.read_field(&acc, Some(("America/Los_Angeles", &la))) else {
            panic!()
        };
        assert_eq!(e.value.as_ref(), &json!("2025-05-20"));
        let bad = json!({"object":"booking","starting_time":"tomorrow","duration_minutes":"x"});
        assert!(matches!(read(&bad, m, "end_time"), Read::Unusable { .. }));
        let no_duration = json!({"object":"booking","starting_time":"2025-05-21T02:30:00Z"});
        assert_eq!(read(&no_duration, m, "end_time"), Read::Empty);
    }

    #[test]
    fn classification_errors_point_at_the_problem() {
        let cases = [
            (json!([]), ""),
            (json!({"id": 1}), "/object"),
            (json!({"object":"list"}), "/object"),
            (
                json!({"object":"event","type":"conversation.started","data":{}}),
                "/data",
            ),
            (
                json!({"object":"event","type":"meeting.created","data":{}}),
                "/type",
            ),
            (
                json!({"object":"event","type":"booking.scheduled","data":{}}),
                "/data",
            ),
            (
                json!({"object":"event","type":"booking.scheduled"}),
                "/data",
            ),
            (
                json!({"object":"event","type":"booking.scheduled","data":{"object":"contact"}}),
                "/data/object",
            ),
        ];
        for (payload, path) in cases {
            let e = Payload::read(&payload).unwrap_err();
            assert_eq!(
                (e.code, e.path.as_str()),
                (ErrorCode::InvalidPayload, path),
                "{payload}"
            );
        }
    }

    #[test]
    fn limits_are_checked_without_recursion() {
        let mut deep = json!("x");
        for _ in 0..10_000 {
            deep = Value::Array(vec![deep]);
        }
        assert_eq!(
            check_limits(&deep, "/payload").unwrap_err().code,
            ErrorCode::NestingTooDeep
        );
        let big = json!({"note": "x".repeat(MAX_PAYLOAD_BYTES)});
        assert_eq!(
            check_limits(&big, "").unwrap_err().code,
            ErrorCode::InputTooLarge
        );
        assert!(check_limits(&json!({"a":[1,2,{"b":null}]}), "").is_ok());
        // Leak the deep value instead of dropping it recursively.
        std::mem::forget(deep);
    }

    #[test]
    fn a_booking_from_a_conversation_reads_its_expanded_contact() {
        let b = json!({"object":"event","type":"booking.scheduled","data":{"object":"booking","id":"BKNG-1",
            "conversation":{"object":"conversation","id":"CVR-1","contact":{"object":"contact","id":"CTC-1","job_title":"CTO"}}}});
        assert_eq!(
            value(&b, SourceKind::Contact, "job_title"),
            Some((
                json!("CTO"),
                "/data/conversation/contact/job_title".to_string()
            ))
        );
        // Another contact than the booking's is not used.
        let mut other = b.clone();
        other["data"]["contact"] = json!("CTC-2");
        assert_eq!(value(&other, SourceKind::Contact, "job_title"), None);
    }

    /// The size a value is checked at is its compact JSON text's, to the byte.
    #[test]
    fn limits_count_the_bytes_of_the_json_text() {
        let sized = |pad: usize| {
            json!({"a": [1, -20, 3.5, true, false, null, {"k": "x\n\u{1}\"\\"}], "b": {},
                "x": "é".repeat(pad / 2) + &"a".repeat(pad % 2)})
        };
        let base = serde_json::to_string(&sized(0)).unwrap().len();
        let exact = sized(MAX_PAYLOAD_BYTES - base);
        assert_eq!(
            serde_json::to_string(&exact).unwrap().len(),
            MAX_PAYLOAD_BYTES
        );
        assert!(check_limits(&exact, "").is_ok());
        assert!(check_limits(&sized(MAX_PAYLOAD_BYTES - base + 1), "").is_err());
    }

    #[test]
    fn deleted_objects_and_lists_are_refused_with_what_to_do() {
        let deleted = json!({"id": "CTC-1", "object": "contact", "deleted": true});
        let e = Payload::read(&deleted).err().unwrap();
        assert_eq!(
            (e.code, e.path.as_str()),
            (ErrorCode::InvalidPayload, "/deleted")
        );
        let list = json!({"object": "list", "data": [{"object": "booking"}], "has_more": false});
        let e = Payload::read(&list).err().unwrap();
        assert_eq!(e.path, "/object");
        assert!(e.help.contains("previewMany"), "{}", e.help);
    }

    #[test]
    fn v1_time_zone_descriptions_give_a_fixed_offset() {
        let zone = |d: &str| {
            let b = json!({"object": "booking", "customer_time_zone_description": d});
            Payload::read(&b)
                .unwrap()
                .v1_time_zone()
                .map(|v| v.name.to_string())
        };
        // A region OnceHub names, with its standard or daylight saving offset: its IANA zone.
        assert_eq!(
            zone("(GMT-5) United States; Eastern time").as_deref(),
            Some("America/New_York")
        );
        assert_eq!(
            zone("(GMT-7:00) United States; Pacific Time").as_deref(),
            Some("America/Los_Angeles")
        );
        // An offset the region never has is read as the offset only.
        assert_eq!(
            zone("(GMT-3) United States; Eastern time").as_deref(),
            Some("Etc/GMT+3")
        );
        assert_eq!(zone("(GMT-5) Eastern").as_deref(), Some("Etc/GMT+5"));
        // Arizona keeps no daylight saving time: an offset of -6 is not Arizona's.
        assert_eq!(
            zone("(GMT-7) United States; Arizona").as_deref(),
            Some("America/Phoenix")
        );
        assert_eq!(
            zone("(GMT-6) United States; Arizona").as_deref(),
            Some("Etc/GMT+6")
        );
        assert_eq!(zone("(GMT+02:00) Jerusalem").as_deref(), Some("Etc/GMT-2"));
        assert_eq!(
            zone("(UTC) Coordinated Universal Time").as_deref(),
            Some("Etc/GMT")
        );
        assert_eq!(zone("(GMT) Casablanca").as_deref(), Some("Etc/GMT"));
        assert_eq!(
            zone("(GMT) United Kingdom").as_deref(),
            Some("Europe/London")
        );
        assert_eq!(
            zone("(GMT+1) United Kingdom").as_deref(),
            Some("Europe/London")
        );
        assert_eq!(zone("(GMT+05:30) India").as_deref(), Some("Asia/Kolkata"));
        assert_eq!(
            zone("(GMT-3:30) Canada; Newfoundland").as_deref(),
            Some("America/St_Johns")
        );
        // An offset without a whole hour and no region: the offset itself, named as sent.
        assert_eq!(zone("(GMT+5:45) Kathmandu").as_deref(), Some("GMT+5:45"));
        assert_eq!(zone("(GMT+05:30) Chennai").as_deref(), Some("GMT+05:30"));
        let minutes = |d: &str| {
            let b = json!({"object": "booking", "customer_time_zone_description": d});
            Payload::read(&b)
                .unwrap()
                .v1_time_zone()
                .map(|v| v.zone.offset_minutes(0))
        };
        assert_eq!(minutes("(GMT+5:45) Kathmandu"), Some(345));
        assert_eq!(minutes("(GMT-9:30) Marquesas"), Some(-570));
        assert_eq!(minutes("(GMT+5:60) x"), None);
        assert_eq!(minutes("(GMT+14:59) x"), None);
        // A space before the offset, as some descriptions have it.
        assert_eq!(minutes("(GMT -5) Somewhere"), Some(-300));
        assert_eq!(minutes("(UTC -03:00) Brasilia"), Some(-180));
        assert_eq!(
            zone("(GMT -5) United States; Eastern time").as_deref(),
            Some("America/New_York")
        );
        // `GMT` followed by words, not an offset: nothing to read.
        assert_eq!(minutes("(GMT x) Somewhere"), None);
        assert_eq!(
            zone("(GMT+13:00) Nuku'alofa").as_deref(),
            Some("Etc/GMT-13")
        );
        assert_eq!(zone("(GMT+14) Kiritimati").as_deref(), Some("Etc/GMT-14"));
        assert_eq!(zone("(GMT-12) Baker Island").as_deref(), Some("Etc/GMT+12"));
        assert_eq!(zone("(GMT-13) nowhere").as_deref(), None);
        assert_eq!(zone("(GMT-2147483647) x").as_deref(), None);
        assert_eq!(zone("Eastern time").as_deref(), None);
    }
}
