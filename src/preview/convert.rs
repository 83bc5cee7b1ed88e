//! Converting a OnceHub value (or a fallback) to the Salesforce write format of its target field:
//! datetimes `yyyy-MM-ddTHH:mm:ss.SSSZ`, dates `yyyy-MM-dd`, times `HH:mm:ss.SSSZ`, numbers as
//! JSON numbers, checkboxes as JSON booleans, multi-select picklists `a;b`, lists into text
//! joined with `; ` (choices) or `, ` (other lists), and choice options through the row's
//! value map. Whether the result is acceptable (length, picklist values, email format...) is
//! judged afterwards by [`crate::value::check_value`].

use crate::catalogue::ValueType;
use crate::config::Row;
use crate::describe::{Field, FieldType};
use crate::payload::{json_kind, shown};
use crate::time;
use crate::tz::Zone;
use crate::value::value_text;
use serde_json::{Number, Value};
use std::borrow::Cow;

/// A converted value and, when it changed form, how.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Converted {
    /// The value to send; `None`: the input value as it is.
    pub value: Option<Value>,
    /// What conversion happened, in words (`None`: sent as it is).
    pub detail: Option<String>,
}

impl Converted {
    pub(super) const UNCHANGED: Converted = Converted {
        value: None,
        detail: None,
    };

    fn changed(value: Value, detail: String) -> Converted {
        Converted {
            value: Some(value),
            detail: Some(detail),
        }
    }
}

/// The time zone for datetime → date conversions, resolved on first use.
pub(super) trait ZoneSource {
    /// The zone's name and rules.
    fn zone(&mut self) -> (&str, Zone);
}

/// Applies the row's value map to one option: an exact key first, then one that differs only
/// in letter case or in `-`/space for `_` (v1 payloads send `Scheduled` and `No-Show` where
/// the catalogue lists `scheduled` and `no_show`).
pub(crate) fn mapped<'v>(row: &'v Row, text: &'v str) -> Option<&'v str> {
    let map = row.value_map.as_ref()?;
    map.get(text)
        .or_else(|| {
            // The text folded once, not once per key.
            let key = crate::text::loose_key(text);
            map.iter()
                .find(|(k, _)| crate::text::loosely_equal_key(k, &key))
                .map(|(_, v)| v)
        })
        .map(String::as_str)
}

/// The date of a datetime written at midnight (`2025-09-01T00:00Z`, `…T00:00:00.000+02:00`):
/// a clock of zeros only (`00:00`, `00:00:00`, with any fraction), then the zone.
fn midnight_date(s: &str) -> Option<&str> {
    let date = s.get(..10).filter(|d| time::parse_date(d).is_some())?;
    let rest = s.get(10..)?.strip_prefix(['T', 't', ' '])?;
    let clock_end = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let clock = rest.get(..clock_end)?;
    let zeros = clock.len() >= 5
        && clock.get(2..3) == Some(":")
        && clock.bytes().all(|b| matches!(b, b'0' | b':' | b'.'));
    zeros.then_some(date)
}

/// Converts `raw` for `field`. `source` is the OnceHub value type (`None` for fallbacks).
/// `Err` says why the value cannot be converted.
#[expect(clippy::too_many_lines, reason = "one arm per Salesforce type")]
pub(super) fn to_field(
    raw: &Value,
    field: &Field,
    source: Option<ValueType>,
    row: &Row,
    zone: &mut dyn ZoneSource,
) -> Result<Converted, String> {
    use FieldType as F;
    match field.field_type {
        F::String | F::Textarea | F::Combobox | F::Encryptedstring | F::Phone | F::Url => {
            to_text(raw, source, row)
        }
        // Spaces (and invisible zero-width marks) around an address are never part of it:
        // removing them loses nothing.
        F::Email => {
            let c = to_text(raw, source, row)?;
            match c.value.as_ref().unwrap_or(raw).as_str() {
                Some(text) if trim_address(text) != text && !trim_address(text).is_empty() => {
                    let trimmed = "spaces around the address removed".to_string();
                    Ok(Converted::changed(
                        Value::String(trim_address(text).to_string()),
                        c.detail
                            .map_or(trimmed.clone(), |d| format!("{d}; {trimmed}")),
                    ))
                }
                _ => Ok(c),
            }
        }
        F::Picklist | F::Multipicklist => picklist_value(raw, field, source, row),
        F::Boolean => match raw {
            Value::Bool(_) => Ok(Converted::UNCHANGED),
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" => Ok(Converted::changed(
                    Value::Bool(true),
                    format!("text `{}` sent as true", shown(s)),
                )),
                "false" | "no" | "0" => Ok(Converted::changed(
                    Value::Bool(false),
                    format!("text `{}` sent as false", shown(s)),
                )),
                _ => Err(format!("`{}` is not yes/no", shown(s))),
            },
            Value::Number(n) if n.as_u64() == Some(0) || n.as_u64() == Some(1) => {
                Ok(Converted::changed(
                    Value::Bool(n.as_u64() == Some(1)),
                    format!("number `{n}` sent as a checkbox value"),
                ))
            }
            other => Err(format!("{} is not yes/no", json_kind(other))),
        },
        F::Int | F::Long => {
            let n = match raw {
                Value::Number(n) => n.clone(),
                Value::String(s) => {
                    number_from_text(s).ok_or_else(|| format!("`{}` is not a number", shown(s)))?
                }
                other => return Err(format!("{} is not a number", json_kind(other))),
            };
            // A whole number written with a decimal point or an exponent is sent as an integer.
            let whole = match (n.as_i64(), n.as_f64()) {
                (Some(i), _) => Some(Number::from(i)),
                (None, Some(f)) => whole_number(f).map(Number::from),
                (None, None) => None,
            };
            match (whole, raw) {
                (Some(w), Value::Number(orig)) if *orig == w => Ok(Converted::UNCHANGED),
                (Some(w), _) => {
                    let detail =
                        format!("`{}` sent as the whole number {w}", shown(&value_text(raw)));
                    Ok(Converted::changed(Value::Number(w), detail))
                }
                // Decimals: sent as they are; the value check says Salesforce refuses them.
                (None, Value::String(s)) => Ok(Converted::changed(
                    Value::Number(n),
                    format!("text `{}` sent as a number", shown(s)),
                )),
                (None, _) => Ok(Converted::UNCHANGED),
            }
        }
        F::Double | F::Currency | F::Percent => match raw {
            Value::Number(_) => Ok(Converted::UNCHANGED),
            Value::String(s) => number_from_text(s)
                .map(|n| {
                    Converted::changed(
                        Value::Number(n),
                        format!("text `{}` sent as a number", shown(s)),
                    )
                })
                .ok_or_else(|| format!("`{}` is not a number", shown(s))),
            other => Err(format!("{} is not a number", json_kind(other))),
        },
        F::Date => {
            let Value::String(s) = raw else {
                return Err(format!("{} is not a date", json_kind(raw)));
            };
            if time::parse_date(s).is_some() {
                return Ok(Converted::UNCHANGED);
            }
            let ms = time::parse_datetime(s)
                .ok_or_else(|| format!("`{}` is not a date or datetime", shown(s)))?;
            // A date answer written as a midnight (as some forms send dates, in UTC or with an
            // offset) is the date written; any other moment in time is dated in the time zone
            // below.
            if source == Some(ValueType::Date) {
                if let Some(date) = midnight_date(s) {
                    let detail = format!("`{}` is midnight of the date `{date}`", shown(s));
                    return Ok(Converted::changed(Value::String(date.to_string()), detail));
                }
            }
            let (name, z) = zone.zone();
            let (y, m, d) = z.local_date(ms);
            let date = time::format_date(y, m, d);
            let detail = format!("`{}` is `{date}` in `{name}`", shown(s));
            Ok(Converted::changed(Value::String(date), detail))
        }
        F::Datetime => {
            let Value::String(s) = raw else {
                return Err(format!("{} is not a datetime", json_kind(raw)));
            };
            if let Some(ms) = time::parse_datetime(s) {
                let canonical = time::format_datetime(ms);
                return Ok(if canonical == *s {
                    Converted::UNCHANGED
                } else {
                    let detail = format!("`{}` written as `{canonical}`", shown(s));
                    Converted::changed(Value::String(canonical), detail)
                });
            }
            match time::parse_date(s) {
                // A OnceHub datetime always has its time; a bare date there is broken data.
                Some(_) if source == Some(ValueType::Datetime) => {
                    Err(format!("`{}` is a date without a time of day", shown(s)))
                }
                Some((y, m, d)) => Ok(Converted::changed(
                    Value::String(format!("{}T00:00:00.000Z", time::format_date(y, m, d))),
                    format!("date `{}` sent as midnight UTC", shown(s)),
                )),
                None => Err(format!("`{}` is not a datetime", shown(s))),
            }
        }
        F::Time => {
            let Value::String(s) = raw else {
                return Err(format!("{} is not a time", json_kind(raw)));
            };
            if time::parse_time(s).is_some() {
                return Ok(Converted::UNCHANGED);
            }
            let ms = time::parse_datetime(s)
                .ok_or_else(|| format!("`{}` is not a time or datetime", shown(s)))?;
            // A time field holds a time of day with no zone: the booking's local time, as a
            // date field gets the booking's local date.
            let (name, z) = zone.zone();
            let t = time::format_time(ms + i64::from(z.offset_minutes(ms)) * 60_000);
            let detail = format!("`{}` is `{t}` in `{name}`", shown(s));
            Ok(Converted::changed(Value::String(t), detail))
        }
        _ => match raw {
            Value::Array(_) | Value::Object(_) => Err(format!("{} cannot be sent", json_kind(raw))),
            _ => Ok(Converted::UNCHANGED),
        },
    }
}

/// Converts without a describe: scalars as they are (options through the value map), lists
/// joined with `;` (choices) or `, ` (other lists).
pub(super) fn untyped(
    raw: &Value,
    source: Option<ValueType>,
    row: &Row,
) -> Result<Converted, String> {
    match raw {
        Value::Array(items) => {
            let sep = if source == Some(ValueType::MultipleChoice) {
                ";"
            } else {
                ", "
            };
            join(items, sep, row)
        }
        Value::Object(_) => Err("an object cannot be sent".to_string()),
        Value::String(s) => Ok(match mapped(row, s) {
            Some(to) => Converted::changed(
                Value::String(to.to_string()),
                format!("option `{}` mapped to `{}`", shown(s), shown(to)),
            ),
            None => Converted::UNCHANGED,
        }),
        _ => Ok(Converted::UNCHANGED),
    }
}

fn to_text(raw: &Value, source: Option<ValueType>, row: &Row) -> Result<Converted, String> {
    match raw {
        Value::String(s) => {
            if let Some(to) = mapped(row, s) {
                return Ok(Converted::changed(
                    Value::String(to.to_string()),
                    format!("option `{}` mapped to `{}`", shown(s), shown(to)),
                ));
            }
            if source == Some(ValueType::Datetime) {
                if let Some(ms) = time::parse_datetime(s) {
                    let canonical = time::format_datetime(ms);
                    if canonical != *s {
                        let detail = format!("`{}` written as `{canonical}`", shown(s));
                        return Ok(Converted::changed(Value::String(canonical), detail));
                    }
                }
            }
            Ok(Converted::UNCHANGED)
        }
        Value::Number(n) => Ok(Converted::changed(
            Value::String(n.to_string()),
            "number sent as text".to_string(),
        )),
        Value::Bool(b) => Ok(Converted::changed(
            Value::String(b.to_string()),
            "yes/no value sent as text".to_string(),
        )),
        Value::Array(items) => {
            let sep = if source == Some(ValueType::MultipleChoice) {
                "; "
            } else {
                ", "
            };
            join(items, sep, row)
        }
        Value::Object(_) => Err("an object cannot be sent as text".to_string()),
        Value::Null => Ok(Converted::UNCHANGED),
    }
}

/// Joins the non-blank entries of a list (each through the value map); returns the text, the
/// number of entries and a note about mapped options.
/// The items of a list as one text, joined with `sep` (each through the row's value map).
fn join(items: &[Value], sep: &str, row: &Row) -> Result<Converted, String> {
    join_parts(items, sep, row).map(|(text, n, note)| {
        Converted::changed(
            Value::String(text),
            format!(
                "{} joined with `{sep}`{note}",
                crate::text::count(n, "value")
            ),
        )
    })
}

fn join_parts(items: &[Value], sep: &str, row: &Row) -> Result<(String, usize, String), String> {
    let mut out = String::new();
    let mut n = 0;
    let mut mapped_count = 0;
    for item in items {
        let text: Cow<'_, str> = match item {
            Value::Null => continue,
            Value::String(s) if s.trim().is_empty() => continue,
            Value::String(s) => match mapped(row, s) {
                Some(to) => {
                    mapped_count += 1;
                    Cow::Borrowed(to)
                }
                None => Cow::Borrowed(s.as_str()),
            },
            Value::Number(num) => Cow::Owned(num.to_string()),
            Value::Bool(b) => Cow::Owned(b.to_string()),
            // A file-upload answer: `[{ fileName, link }]`; its file name and link as text.
            Value::Object(file)
                if file
                    .get("link")
                    .and_then(Value::as_str)
                    .is_some_and(|l| !l.trim().is_empty()) =>
            {
                let link = file
                    .get("link")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .trim();
                match file.get("fileName").and_then(Value::as_str).map(str::trim) {
                    Some(name) if !name.is_empty() => Cow::Owned(format!("{name} ({link})")),
                    _ => Cow::Borrowed(link),
                }
            }
            Value::Array(_) | Value::Object(_) => {
                return Err(format!("a list entry is {}, not text", json_kind(item)));
            }
        };
        if n > 0 {
            out.push_str(sep);
        }
        out.push_str(&text);
        n += 1;
    }
    let note = if mapped_count > 0 {
        format!(" ({mapped_count} mapped by the value map)")
    } else {
        String::new()
    };
    Ok((out, n, note))
}

/// A JSON number from text: an integer when it is one, else a finite decimal.
/// `f` as an integer when it is one and fits an `f64` exactly.
fn whole_number(f: f64) -> Option<i64> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if f.fract() != 0.0 || !f.is_finite() || f.abs() > EXACT {
        return None;
    }
    #[expect(
        clippy::cast_possible_truncation,
        reason = "whole and within ±2^53, so exact"
    )]
    Some(f as i64)
}

fn number_from_text(s: &str) -> Option<Number> {
    let t = s.trim();
    if let Ok(i) = t.parse::<i64>() {
        return Some(Number::from(i));
    }
    t.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .and_then(Number::from_f64)
}

/// Cuts text to `max` characters as Salesforce counts them (UTF-16 code units, so an emoji is
/// two), never inside a character; `None` when it fits. Also returns the length before.
pub(super) fn truncate(text: &str, max: usize) -> Option<(String, usize)> {
    let total = text.encode_utf16().count();
    if total <= max {
        return None;
    }
    let mut units = 0;
    let mut cut = 0;
    for (i, c) in text.char_indices() {
        units += c.len_utf16();
        if units > max {
            break;
        }
        cut = i + c.len_utf8();
    }
    Some((text.get(..cut).unwrap_or_default().to_string(), total))
}

/// An email address without the white space and zero-width marks (U+200B, U+FEFF) around it.
pub(super) fn trim_address(text: &str) -> &str {
    text.trim_matches(crate::text::is_blank_char)
}

/// A value for a picklist or multi-select picklist: the only selected option, or the options
/// joined with `;`, through the value map; then each value in the spelling the picklist
/// defines (Salesforce matches picklist values without regard to case and stores the defined
/// one, so the request shows what will be stored).
fn picklist_value(
    raw: &Value,
    field: &Field,
    source: Option<ValueType>,
    row: &Row,
) -> Result<Converted, String> {
    use FieldType as F;
    let c = match field.field_type {
        F::Picklist => match raw {
            Value::Array(items) => {
                let present: Vec<&Value> = items
                    .iter()
                    .filter(|i| !crate::payload::is_empty(i))
                    .collect();
                match present.as_slice() {
                    [one] => to_text(one, source, row).map(|c| {
                        let detail = c
                            .detail
                            .unwrap_or_else(|| "the only selected option".to_string());
                        Converted::changed(c.value.unwrap_or_else(|| (*one).clone()), detail)
                    }),
                    _ => Err(format!(
                        "{} selected options cannot go into the single-select picklist `{}`",
                        present.len(),
                        field.name
                    )),
                }
            }
            _ => to_text(raw, source, row),
        },
        F::Multipicklist => match raw {
            Value::Array(items) => join_parts(items, ";", row).map(|(text, n, map_note)| {
                Converted::changed(
                    Value::String(text),
                    format!(
                        "{} joined with `;`{map_note}",
                        crate::text::count(n, "value")
                    ),
                )
            }),
            _ => to_text(raw, source, row),
        },
        _ => to_text(raw, source, row),
    }?;
    let sent = c.value.as_ref().unwrap_or(raw);
    let Some(text) = sent.as_str() else {
        return Ok(c);
    };
    let spell = |part: &str| field.defined_value(part).unwrap_or(part).to_string();
    let spelled = if field.field_type == F::Multipicklist {
        text.split(';')
            .map(|part| spell(part.trim()))
            .collect::<Vec<_>>()
            .join(";")
    } else {
        spell(text)
    };
    if spelled == text {
        return Ok(c);
    }
    let note = format!("sent as the picklist's own spelling `{}`", shown(&spelled));
    Ok(Converted::changed(
        Value::String(spelled),
        c.detail.map_or(note.clone(), |d| format!("{d}; {note}")),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::describe::parse::parse_describe;
    use serde_json::json;

    struct Fixed(Zone);
    impl ZoneSource for Fixed {
        fn zone(&mut self) -> (&str, Zone) {
            ("America/Los_Angeles", self.0)
        }
    }

    fn field(kind: &str, extra: &str) -> Field {
        let text = format!(
            r#"{{"name":"X","label":"X","fields":[{{"name":"F","label":"F","type":"{kind}","nillable":true,"createable":true,"updateable":true,"defaultedOnCreate":false{extra}}}]}}"#
        );
        parse_describe(&text).unwrap().fields.remove(0)
    }

    /// The value sent (the input when unchanged) and the detail.
    fn conv(
        raw: Value,
        kind: &str,
        source: Option<ValueType>,
        row: &Row,
    ) -> Result<(Value, Option<String>), String> {
        let mut z = Fixed(crate::tz::zone("America/Los_Angeles").unwrap());
        to_field(&raw, &field(kind, ""), source, row, &mut z)
            .map(|c| (c.value.unwrap_or(raw), c.detail))
    }

    #[test]
    fn conversions_by_target_type() {
        let row = Row::map("x", "F", true);
        let v = |r: Result<(Value, Option<String>), String>| r.unwrap().0;
        assert_eq!(
            v(conv(json!("2025-05-21T02:30:00.000Z"), "date", None, &row)),
            json!("2025-05-20")
        );
        assert_eq!(
            v(conv(json!("2020-03-22T04:30:00Z"), "datetime", None, &row)),
            json!("2020-03-22T04:30:00.000Z")
        );
        assert_eq!(
            v(conv(
                json!("2020-03-22"),
                "datetime",
                Some(ValueType::Date),
                &row
            )),
            json!("2020-03-22T00:00:00.000Z")
        );
        // A OnceHub datetime without its time is broken data, not a midnight.
        assert!(conv(
            json!("2020-03-22"),
            "datetime",
            Some(ValueType::Datetime),
            &row
        )
        .is_err());
        // A time field gets the booking's local time of day (Los Angeles, UTC-7 in March 2020).
        assert_eq!(
            v(conv(json!("2020-03-22T04:30:00Z"), "time", None, &row)),
            json!("21:30:00.000Z")
        );
        assert_eq!(v(conv(json!(40), "string", None, &row)), json!("40"));
        assert_eq!(v(conv(json!(" 12.5 "), "double", None, &row)), json!(12.5));
        assert_eq!(v(conv(json!("40"), "int", None, &row)), json!(40));
        assert_eq!(v(conv(json!(250.0), "int", None, &row)), json!(250));
        assert_eq!(v(conv(json!("1e3"), "int", None, &row)), json!(1000));
        assert_eq!(v(conv(json!(12.5), "int", None, &row)), json!(12.5));
        assert_eq!(v(conv(json!("Yes"), "boolean", None, &row)), json!(true));
        assert_eq!(v(conv(json!(true), "string", None, &row)), json!("true"));
        assert_eq!(
            v(conv(
                json!(["a", "", "b"]),
                "multipicklist",
                Some(ValueType::MultipleChoice),
                &row
            )),
            json!("a;b")
        );
        assert_eq!(
            v(conv(
                json!(["a", "b"]),
                "textarea",
                Some(ValueType::MultipleChoice),
                &row
            )),
            json!("a; b")
        );
        assert_eq!(
            v(conv(
                json!(["a@x.com", "b@x.com"]),
                "textarea",
                Some(ValueType::TextList),
                &row
            )),
            json!("a@x.com, b@x.com")
        );
        assert_eq!(
            v(conv(json!(["only"]), "picklist", None, &row)),
            json!("only")
        );
        assert!(conv(json!(["a", "b"]), "picklist", None, &row).is_err());
        assert!(conv(json!({"a": 1}), "string", None, &row).is_err());
        assert!(conv(json!("many"), "int", None, &row).is_err());
        assert!(conv(json!("NaN"), "double", None, &row).is_err());
        assert!(conv(json!("soon"), "date", None, &row).is_err());
    }

    #[test]
    fn midnights_are_read_in_every_spelling() {
        for s in [
            "2025-09-01T00:00Z",
            "2025-09-01T00:00:00Z",
            "2025-09-01T00:00:00.000+02:00",
            "2025-09-01T00:00-05:00",
        ] {
            assert_eq!(midnight_date(s), Some("2025-09-01"), "{s}");
        }
        for s in [
            "2025-09-01T00:30Z",
            "2025-09-01T10:00:00Z",
            "2025-09-01",
            "2025-09-01T0:00Z",
            "2025-09-01T00:00:00.001Z",
        ] {
            assert_eq!(midnight_date(s), None, "{s}");
        }
    }

    #[test]
    fn file_upload_answers_become_their_names_and_links() {
        let row = Row::map("x", "F", true);
        let c = conv(
            json!([{"fileName": "cv.pdf", "link": "https://files.example/cv.pdf"}, {"link": "https://files.example/b"}]),
            "textarea",
            Some(ValueType::Text),
            &row,
        )
        .unwrap();
        assert_eq!(
            c.0,
            json!("cv.pdf (https://files.example/cv.pdf), https://files.example/b")
        );
        // An object without a link is still no text.
        assert!(conv(
            json!([{"fileName": "cv.pdf"}]),
            "textarea",
            Some(ValueType::Text),
            &row
        )
        .is_err());
    }

    #[test]
    fn value_maps_apply_to_options_and_list_entries() {
        let mut row = Row::map("x", "F", true);
        row.value_map = Some(
            [("Demo".to_string(), "Product demo".to_string())]
                .into_iter()
                .collect(),
        );
        let c = conv(
            json!("Demo"),
            "picklist",
            Some(ValueType::SingleChoice),
            &row,
        )
        .unwrap();
        assert_eq!(c.0, json!("Product demo"));
        assert!(c.1.unwrap().contains("mapped"));
        let c = conv(
            json!("Other"),
            "picklist",
            Some(ValueType::SingleChoice),
            &row,
        )
        .unwrap();
        assert_eq!(c, (json!("Other"), None));
        let c = conv(
            json!(["Demo", "Other"]),
            "multipicklist",
            Some(ValueType::MultipleChoice),
            &row,
        )
        .unwrap();
        assert_eq!(c.0, json!("Product demo;Other"));
    }

    #[test]
    fn truncation_counts_characters_as_salesforce_does() {
        assert_eq!(truncate("héllo wörld", 5), Some(("héllo".to_string(), 11)));
        assert_eq!(truncate("short", 5), None);
        // An emoji is two UTF-16 units; a cut never splits one.
        assert_eq!(truncate("😀😀😀", 4), Some(("😀😀".to_string(), 6)));
        assert_eq!(truncate("😀😀😀", 3), Some(("😀".to_string(), 6)));
        assert_eq!(truncate("a😀", 2), Some(("a".to_string(), 3)));
        assert_eq!(truncate("😀😀", 4), None);
    }
}
