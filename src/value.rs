//! Checks one value against one Salesforce field, the way Salesforce would judge it on write.
//! Shared by fallback validation, previews and `validateRecord`.

use crate::describe::{Field, FieldType};
use crate::diagnostic::{Diagnostic, Severity};
use crate::time;
use serde_json::Value;

/// Key prefixes of the objects a reference may point to (first three characters of an id).
const KEY_PREFIXES: &[(&str, &str)] = &[
    ("001", "Account"),
    ("003", "Contact"),
    ("005", "User"),
    ("00G", "Group"),
    ("00Q", "Lead"),
    ("00U", "Event"),
    ("00T", "Task"),
    ("006", "Opportunity"),
    ("500", "Case"),
    ("701", "Campaign"),
    ("02i", "Asset"),
    ("023", "Calendar"),
];

/// The object a record id belongs to, from its key prefix (of the id with its letter case
/// restored, see [`case_restored`]), for the objects in [`KEY_PREFIXES`].
pub fn object_of_id(id: &str) -> Option<&'static str> {
    let id = case_restored(id)?;
    KEY_PREFIXES
        .iter()
        .find(|(p, _)| id.starts_with(p))
        .map(|(_, o)| *o)
}

/// Is `text` a syntactically valid email address as Salesforce accepts it (one `@`, a
/// non-empty local part, a dotted domain, no spaces)?
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    // A comment in parentheses at the start or end of either part is ignored:
    // `john.doe@(comment)example.com` is `john.doe@example.com` (KB 000384328).
    let (Some(local), Some(domain)) = (without_comments(local), without_comments(domain)) else {
        return false;
    };
    let (local, domain) = (local.as_str(), domain.as_str());
    if local.is_empty() || local.chars().count() > 64 || domain.contains('@') {
        return false;
    }
    // Salesforce accepts dots anywhere in the local part but first: `a..a@test.jp` and
    // `a..@test.jp` (addresses Japanese carriers issued) are valid, `.a@test.jp` is not (KB
    // 000384328); since Spring '25 it also keeps such addresses quoted (`"a..a"@test.jp`).
    let quoted = local
        .strip_prefix('"')
        .and_then(|l| l.strip_suffix('"'))
        .filter(|inner| !inner.is_empty());
    let local_ok = if let Some(inner) = quoted {
        inner
            .chars()
            .all(|c| (c.is_ascii_graphic() || c == ' ') && c != '"' && c != '\\')
    } else {
        // Other scripts as in the domain: orgs with Email Address Internationalization take them.
        local.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || "!#$%&'*+-/=?^_`{|}~.".contains(c)
                || (!c.is_ascii() && !crate::text::is_blank_char(c))
        }) && !local.starts_with('.')
    };
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || !c.is_ascii())
        })
        // A top-level domain of letters; one is enough (Salesforce saved `a@b.c` in a recorded
        // Contact create).
        && labels.last().is_some_and(|tld| {
            tld.chars()
                .all(|c| c.is_ascii_alphabetic() || !c.is_ascii())
        });
    local_ok && domain_ok
}

/// `part` without a `(comment)` at its start or end; a quoted part is left as it is. Other
/// parentheses stay, and the character checks refuse them.
fn without_comments(part: &str) -> Option<String> {
    if part.starts_with('"') {
        return Some(part.to_string());
    }
    let mut p = part;
    if p.starts_with('(') {
        p = p.get(p.find(')')? + 1..)?;
    }
    if p.ends_with(')') {
        p = p.get(..p.rfind('(')?)?;
    }
    Some(p.to_string())
}

/// Why Salesforce would refuse `value` for `field` (the first error of [`check_value`]), or
/// `None` when it takes it. Too-long text is left to the row's `truncate`. Previews send a
/// row's fallback in place of a refused value, and validate judges fallbacks the same way.
pub fn refusal(field: &Field, value: &Value) -> Option<String> {
    check_value(field, value, "")
        .into_iter()
        .find(|d| d.severity == Severity::Error && d.code != "VALUE_TOO_LONG")
        .map(|d| d.message)
}

/// Null or blank text: what Salesforce stores as an empty field.
pub fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A checkbox value as Salesforce reads it: `true`/`false`, their text, or 1/0.
pub fn checkbox(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s == "true" => Some(true),
        Value::String(s) if s == "false" => Some(false),
        Value::Number(n) => match n.as_u64() {
            Some(1) => Some(true),
            Some(0) => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Bit *i* set for each character *i* of a five-character part of an id that `is` holds for
/// (capitals: what a suffix character records).
fn bits(part: &[u8], is: fn(&u8) -> bool) -> u8 {
    part.iter()
        .enumerate()
        .filter(|(_, b)| is(b))
        .fold(0, |m, (i, _)| m | (1 << i))
}

/// The five capital-letter bits one character of an 18-character id's suffix records (`A`–`Z`
/// then `0`–`5` for 0 to 31, either case).
fn suffix_code(check: u8) -> Option<u8> {
    match check.to_ascii_uppercase() {
        c @ b'A'..=b'Z' => Some(c - b'A'),
        c @ b'0'..=b'5' => Some(c - b'0' + 26),
        _ => None,
    }
}

/// The 15-character, case-sensitive form of a valid id. An 18-character id whose letters are
/// all lower case (a store that ignores case lowered them) takes the case its suffix records;
/// any other id is read as written (an id with capitals keeps them: `00Q…` stays a Lead id).
/// `None` for text that is not an id.
pub(crate) fn case_restored(id: &str) -> Option<String> {
    if id_problem(id).is_some() {
        return None;
    }
    let (body, suffix) = id.split_at_checked(15)?;
    if suffix.is_empty() || body.bytes().any(|b| b.is_ascii_uppercase()) {
        return Some(body.to_string());
    }
    let mut out = String::with_capacity(15);
    for (part, check) in body.as_bytes().chunks(5).zip(suffix.bytes()) {
        let code = suffix_code(check)?;
        for (i, b) in part.iter().enumerate() {
            let upper = code & (1 << i) != 0;
            out.push(char::from(if upper { b.to_ascii_uppercase() } else { *b }));
        }
    }
    Some(out)
}

/// The 18-character form of a valid id: a 15-character id with the suffix its capitals give.
fn id18(id: &str) -> Option<String> {
    if id_problem(id).is_some() {
        return None;
    }
    let Some(body) = id.get(..15).filter(|_| id.len() == 15) else {
        return Some(id.to_string());
    };
    let mut out = String::with_capacity(18);
    out.push_str(body);
    for part in body.as_bytes().chunks(5) {
        let code = bits(part, u8::is_ascii_uppercase);
        out.push(char::from(if code < 26 {
            b'A' + code
        } else {
            b'0' + code - 26
        }));
    }
    Some(out)
}

/// Do two ids name the same record? Compared in their 18-character form, which tells records
/// apart whatever the letter case.
pub(crate) fn same_id(a: &str, b: &str) -> bool {
    match (id18(a), id18(b)) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(&b),
        _ => false,
    }
}

/// Is `text` a 15- or 18-character Salesforce id (see [`id_problem`])?
pub fn is_salesforce_id(text: &str) -> bool {
    id_problem(text).is_none()
}

/// Why `text` cannot be a Salesforce record id, or `None` when it can: 15 or 18 letters and
/// digits, and in an 18-character id the last three characters must fit the first fifteen.
///
/// Each of those three encodes which of five characters are capital letters (`A`–`Z` then
/// `0`–`5` for 0 to 31). Salesforce refuses an id whose suffix does not fit (`MALFORMED_ID`). An
/// id whose letters were all turned to one case keeps a valid suffix, so the suffix is then
/// only checked against the digits, which are never capitals.
pub fn id_problem(text: &str) -> Option<&'static str> {
    let bytes = text.as_bytes();
    if !(bytes.len() == 15 || bytes.len() == 18) || !bytes.iter().all(u8::is_ascii_alphanumeric) {
        return Some("a Salesforce id is 15 or 18 letters and digits");
    }
    let (body, suffix) = bytes.split_at(15);
    let mixed_case =
        body.iter().any(u8::is_ascii_uppercase) && body.iter().any(u8::is_ascii_lowercase);
    let fits = suffix.iter().zip(body.chunks(5)).all(|(&check, part)| {
        let Some(code) = suffix_code(check) else {
            return false;
        };
        code & bits(part, u8::is_ascii_digit) == 0
            && (!mixed_case || code == bits(part, u8::is_ascii_uppercase))
    });
    (!fits).then_some(
        "its last three characters do not fit the capital letters of the first fifteen, so it was changed or mistyped",
    )
}

/// A user value for a one-line message: at most 60 characters, control characters as spaces,
/// backticks as quotes.
pub fn shown(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(60)
        .map(|c| match c {
            '`' => '\'',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    if text.chars().nth(60).is_some() {
        out.push('…');
    }
    out
}

fn number_of(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    }
}

/// Digits left of the decimal point.
fn integer_digits(n: f64) -> u32 {
    let mut digits = 1;
    let mut v = n.abs().trunc();
    while v >= 10.0 && digits < 400 {
        v /= 10.0;
        digits += 1;
    }
    digits
}

/// A number written with more decimal digits than `scale` (trailing zeros aside): the scale
/// and the value Salesforce keeps, which drops the extra digits without rounding.
fn decimals_dropped(value: &Value, scale: u32) -> Option<(u32, String)> {
    let text = value_text(value);
    let (whole, frac) = text.trim().split_once('.')?;
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None; // an exponent form; not written with decimals
    }
    let keep = usize::try_from(scale).ok()?;
    if frac.trim_end_matches('0').len() <= keep {
        return None;
    }
    let kept = frac.get(..keep)?;
    // `.5` and `-0.5` at scale 0 keep 0.
    let whole = match whole.trim_start_matches(['-', '+']) {
        "" | "0" if kept.bytes().all(|b| b == b'0') => "0",
        "" => "0",
        _ => whole,
    };
    Some((
        scale,
        if kept.is_empty() {
            whole.to_string()
        } else {
            format!("{whole}.{kept}")
        },
    ))
}

/// Digits left of the decimal point, counted on the value as written (a float would round
/// `999999999999999999` up to 19 digits); exponent forms are counted on the number.
fn whole_digits(value: &Value, n: f64) -> u32 {
    let text = value_text(value);
    let t = text.trim().trim_start_matches(['-', '+']);
    if t.contains(['e', 'E']) {
        return integer_digits(n);
    }
    let whole = t
        .split('.')
        .next()
        .unwrap_or_default()
        .trim_start_matches('0');
    if !whole.bytes().all(|b| b.is_ascii_digit()) {
        return integer_digits(n);
    }
    u32::try_from(whole.len().max(1)).unwrap_or(u32::MAX)
}

/// Salesforce stores dates from 1700-01-01 to 4000-12-31.
fn in_range(year: i64) -> bool {
    (1700..=4000).contains(&year)
}

/// Findings for writing `value` into `field`. `path` points at the value. `null` is never a
/// finding here (required checks are the caller's).
#[expect(clippy::too_many_lines, reason = "one arm per Salesforce type")]
pub fn check_value(field: &Field, value: &Value, path: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let name = &field.name;
    // Takes `out` as an argument: a closure capturing it would hold it for the whole function.
    let push = |out: &mut Vec<Diagnostic>, code: &'static str, message: String, help: String| {
        out.push(Diagnostic::new(code, path, message, help));
    };
    if value.is_null() {
        return out;
    }
    if matches!(value, Value::Object(_) | Value::Array(_)) {
        push(
            &mut out,
            "NOT_TEXT",
            format!(
                "`{name}` gets an object or array; Salesforce expects one {} value",
                field.type_label()
            ),
            "send a single value".to_string(),
        );
        return out;
    }
    match field.field_type {
        FieldType::String
        | FieldType::Textarea
        | FieldType::Email
        | FieldType::Phone
        | FieldType::Url
        | FieldType::Picklist
        | FieldType::Multipicklist
        | FieldType::Combobox
        | FieldType::Encryptedstring => {
            let text: std::borrow::Cow<'_, str> = match value {
                Value::String(s) => std::borrow::Cow::Borrowed(s),
                Value::Bool(b) => std::borrow::Cow::Owned(b.to_string()),
                Value::Number(n) => std::borrow::Cow::Owned(n.to_string()),
                _ => std::borrow::Cow::Borrowed(""),
            };
            if let Some(max) = field.length.filter(|l| *l > 0) {
                // Salesforce counts UTF-16 code units: an emoji is two characters. A text has
                // no more units than bytes, so only a text longer in bytes is counted.
                let len = if text.len() > max as usize {
                    text.encode_utf16().count()
                } else {
                    0
                };
                if len > max as usize {
                    push(
                        &mut out,
                        "VALUE_TOO_LONG",
                        format!("`{name}` gets {len} characters; the field holds {max}"),
                        format!("shorten the value to {max} characters or fewer"),
                    );
                }
            }
            if field.field_type == FieldType::Email && !text.is_empty() && !is_email(&text) {
                push(
                    &mut out,
                    "INVALID_EMAIL",
                    format!(
                        "`{}` is not a valid email address for `{name}`",
                        shown(&text)
                    ),
                    "use an address such as `name@company.com`".to_string(),
                );
            }
            if matches!(
                field.field_type,
                FieldType::Picklist | FieldType::Multipicklist
            ) && !text.is_empty()
                && !field.picklist_values.is_empty()
            {
                let parts: Vec<&str> = if field.field_type == FieldType::Multipicklist {
                    text.split(';')
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .collect()
                } else {
                    vec![&*text]
                };
                let missing: Vec<&str> = parts
                    .into_iter()
                    .filter(|p| !field.has_active_value(p))
                    .collect();
                if !missing.is_empty() {
                    let options = value_list(&field.active_values().collect::<Vec<_>>());
                    let mut d = Diagnostic::new(
                        "VALUE_NOT_IN_PICKLIST",
                        path,
                        format!(
                            "`{}` is not an active value of the {}picklist `{name}`",
                            shown(&missing.join(";")),
                            if field.restricted_picklist {
                                "restricted "
                            } else {
                                ""
                            }
                        ),
                        format!("use one of {options}"),
                    );
                    if !field.restricted_picklist {
                        d = d.severity(Severity::Warning).prevents(None);
                        d.help = format!(
                            "Salesforce stores it as an inactive value; use one of {options}"
                        );
                    }
                    out.push(d);
                }
            }
        }
        FieldType::Boolean if checkbox(value).is_none() => {
            push(
                &mut out,
                "NOT_A_BOOLEAN",
                format!(
                    "`{name}` is a checkbox and gets `{}`",
                    shown(&value.to_string())
                ),
                "use true or false".to_string(),
            );
        }
        FieldType::Int
        | FieldType::Long
        | FieldType::Double
        | FieldType::Currency
        | FieldType::Percent => {
            let Some(n) = number_of(value) else {
                // Salesforce cannot read the JSON at all (JSON_PARSER_ERROR, the table's code).
                push(
                    &mut out,
                    "NOT_A_NUMBER",
                    format!(
                        "`{name}` is a number field and gets `{}`",
                        shown(&value.to_string())
                    ),
                    if matches!(field.field_type, FieldType::Int | FieldType::Long) {
                        "send a whole number such as 42".to_string()
                    } else {
                        "send a number such as 42 or 12.5".to_string()
                    },
                );
                return out;
            };
            let int_like = matches!(field.field_type, FieldType::Int | FieldType::Long);
            // `250.0` and `1e3` are not whole-number literals (INVALID_TYPE_ON_FIELD_IN_RECORD).
            if int_like && (n.fract() != 0.0 || value_text(value).contains(['.', 'e', 'E'])) {
                out.push(
                    Diagnostic::new(
                        "NOT_A_NUMBER",
                        path,
                        format!(
                            "`{name}` takes whole numbers and gets `{}`",
                            shown(&value_text(value))
                        ),
                        "round the value".to_string(),
                    )
                    .prevents(Some("INVALID_TYPE_ON_FIELD_IN_RECORD")),
                );
            }
            let max_digits = if int_like {
                field.digits.filter(|d| *d > 0)
            } else {
                field
                    .precision
                    .filter(|p| *p > 0)
                    .map(|p| p.saturating_sub(field.scale.unwrap_or(0)).max(1))
            };
            if let Some(max) = max_digits {
                let digits = whole_digits(value, n);
                if digits > max {
                    push(
                        &mut out,
                        "NUMBER_OUT_OF_RANGE",
                        format!(
                            "`{name}` holds at most {max} digits before the decimal point; `{}` has {digits}",
                            shown(&value_text(value))
                        ),
                        "use a smaller number".to_string(),
                    );
                }
            }
            if let Some((axis, limit)) = coordinate(field) {
                // The limit is a whole number: formatting an f64 would pull Rust's float
                // printing (some 20 KB) into the package.
                if n.abs() > f64::from(limit) {
                    push(
                        &mut out,
                        "NUMBER_OUT_OF_RANGE",
                        format!(
                            "`{name}` is a {axis}, from -{limit} to {limit}; `{}` is outside",
                            shown(&value_text(value))
                        ),
                        format!("check the {axis}"),
                    );
                }
            }
            if !int_like {
                if let Some((scale, stored)) = field.scale.and_then(|s| decimals_dropped(value, s))
                {
                    push(
                        &mut out,
                        "NUMBER_DECIMALS_DROPPED",
                        format!(
                            "`{name}` keeps {}, so Salesforce stores `{}` as `{stored}`",
                            if scale == 0 {
                                "no decimal places".to_string()
                            } else {
                                format!(
                                    "{} after the decimal point",
                                    crate::text::count(scale as usize, "digit")
                                )
                            },
                            shown(&value_text(value))
                        ),
                        "round the value, or use a field with more decimal places".to_string(),
                    );
                }
            }
        }
        FieldType::Date => match value.as_str().map(|s| (s, time::parse_date(s))) {
            Some((_, Some((y, _, _)))) if in_range(y) => {}
            Some((s, Some(_))) => push(
                &mut out,
                "INVALID_DATE",
                format!(
                    "`{name}` gets `{}`, outside the dates Salesforce stores (years 1700 to 4000)",
                    shown(s)
                ),
                "check the year".to_string(),
            ),
            Some((s, None)) if time::parse_salesforce_datetime(s).is_some() => push(
                &mut out,
                "INVALID_DATE",
                format!(
                    "`{name}` is a date field and gets the datetime `{}`",
                    shown(s)
                ),
                "send only the date, `yyyy-MM-dd`".to_string(),
            ),
            // Salesforce reads some text leniently and stores another date than the one written.
            other => match other.and_then(|(s, _)| {
                time::lenient_date(s)
                    .filter(|(y, _, _)| in_range(*y))
                    .map(|stored| (s, stored))
            }) {
                Some((s, (y, m, d))) => push(
                    &mut out,
                    "DATE_READ_LENIENTLY",
                    format!(
                        "`{name}` gets `{}`, which is not a real date: Salesforce accepts it and stores {y:04}-{m:02}-{d:02}",
                        shown(s)
                    ),
                    "send the date you mean, as `yyyy-MM-dd`".to_string(),
                ),
                None => push(
                    &mut out,
                    "INVALID_DATE",
                    format!(
                        "`{}` is not a `yyyy-MM-dd` date for `{name}`",
                        shown(&value_text(value))
                    ),
                    "use a date such as `2025-05-20`".to_string(),
                ),
            },
        },
        FieldType::Datetime => match value
            .as_str()
            .filter(|s| time::parse_salesforce_datetime(s).is_some())
        {
            // The year as written (the date before the `T`).
            Some(s)
                if s.split_once('T')
                    .and_then(|(d, _)| time::parse_date(d))
                    .is_some_and(|(y, _, _)| !in_range(y)) =>
            {
                push(
                    &mut out,
                    "INVALID_DATETIME",
                    format!(
                        "`{name}` gets `{}`, outside the dates Salesforce stores (years 1700 to 4000)",
                        shown(s)
                    ),
                    "check the year".to_string(),
                );
            }
            Some(s) if time::bare_compact_offset(s) => push(
                &mut out,
                "INVALID_DATETIME",
                format!(
                    "`{name}` gets `{}`: Salesforce cannot read an offset without a colon",
                    shown(s)
                ),
                "write the offset with a colon, such as `+00:00`, or the time in UTC with `Z`"
                    .to_string(),
            ),
            Some(s) if time::lacks_offset(s) => {
                let mut d = Diagnostic::new(
                    "DATETIME_WITHOUT_OFFSET",
                    path,
                    format!(
                        "`{name}` gets `{}` without a time zone; Salesforce reads it as UTC",
                        shown(s)
                    ),
                    "add `Z` if the time is UTC, or its offset such as `-04:00`".to_string(),
                );
                d = d.severity(Severity::Warning).prevents(None);
                out.push(d);
            }
            Some(_) => {}
            None => push(
                &mut out,
                "INVALID_DATETIME",
                format!(
                    "`{}` is not an ISO-8601 datetime for `{name}`",
                    shown(&value_text(value))
                ),
                "use a datetime such as `2025-05-20T14:30:00.000Z`".to_string(),
            ),
        },
        FieldType::Time => match value {
            Value::String(s) if time::parse_time(s).is_some() => {}
            _ => push(
                &mut out,
                "INVALID_TIME",
                format!(
                    "`{}` is not a `HH:mm:ss.SSSZ` time for `{name}`",
                    shown(&value_text(value))
                ),
                "use a time such as `14:30:00.000Z`".to_string(),
            ),
        },
        FieldType::Reference | FieldType::Id => {
            let text = value_text(value);
            if text.starts_with("@{") && text.ends_with('}') {
                // A Composite reference such as @{newLead.id}: resolved by Salesforce.
            } else if let Some(why) = id_problem(&text) {
                push(
                    &mut out,
                    "MALFORMED_ID",
                    format!(
                        "`{}` is not a Salesforce id for `{name}`: {why}",
                        shown(&text)
                    ),
                    "copy the record's 18-character id from Salesforce".to_string(),
                );
            } else if let Some(object) = object_of_id(&text) {
                if !field.reference_to.is_empty()
                    && !field
                        .reference_to
                        .iter()
                        .any(|r| r.eq_ignore_ascii_case(object))
                {
                    push(
                        &mut out,
                        "ID_OF_WRONG_OBJECT",
                        format!(
                            "`{}` is {} {object} id; `{name}` points to {}",
                            shown(&text),
                            crate::text::article(object),
                            short_list(&field.reference_to, ", ")
                        ),
                        if field.reference_to.len() == 1 {
                            format!(
                                "use the id of {} {} record",
                                crate::text::article(&short_list(&field.reference_to, "")),
                                short_list(&field.reference_to, "")
                            )
                        } else {
                            format!(
                                "use the id of a record of one of: {}",
                                short_list(&field.reference_to, ", ")
                            )
                        },
                    );
                }
            }
            if text.starts_with("012") && id_problem(&text).is_none() {
                if let Some((message, help)) = record_type_problem(&field.record_types, &text) {
                    push(&mut out, "RECORD_TYPE_NOT_AVAILABLE", message, help);
                }
            }
        }
        _ => {}
    }
    out
}

/// Why a record type id cannot be written to `RecordTypeId`, judged against the object's
/// `recordTypeInfos` (none known: no judgement). Salesforce refuses an id of another org
/// (record type ids differ between a sandbox and production), an inactive record type, and one
/// the user's profile lacks, with `INVALID_CROSS_REFERENCE_KEY`.
fn record_type_problem(
    types: &[crate::describe::RecordType],
    id: &str,
) -> Option<(String, String)> {
    if types.is_empty() {
        return None;
    }
    let usable: Vec<String> = types
        .iter()
        .filter(|t| t.active && t.available && !t.master)
        .map(|t| format!("`{}` ({})", shown(&t.name), shown(&t.id)))
        .collect();
    let choices = if usable.is_empty() {
        "this object has no active record type the integration can use; leave the field out"
            .to_string()
    } else {
        format!("use one of {}", short_list(&usable, ", "))
    };
    let same = |t: &&crate::describe::RecordType| same_id(&t.id, id);
    let Some(found) = types.iter().find(same) else {
        return Some((
            format!(
                "`{}` is not a record type of this object in the loaded describe",
                shown(id)
            ),
            format!(
                "record type ids differ between orgs (a sandbox's are not production's): {choices}"
            ),
        ));
    };
    let why = if !found.active {
        "is inactive"
    } else if !found.available {
        "is not available to the user the describe was read with (the integration's)"
    } else {
        return None;
    };
    Some((
        format!(
            "`{}` is the record type `{}`, which {why}",
            shown(id),
            shown(&found.name)
        ),
        if found.active {
            format!("give that user's profile the record type, or {choices}")
        } else {
            format!("activate it in Setup, or {choices}")
        },
    ))
}

/// A value as text: a string as it is, anything else as JSON.
pub(crate) fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `("latitude", 90)` or `("longitude", 180)` for a part of a geolocation: an address's
/// (`Latitude`, `MailingLongitude`...) or a custom location field's (`Site__Latitude__s`).
pub(crate) fn coordinate(field: &Field) -> Option<(&'static str, u8)> {
    if field.field_type != FieldType::Double || !may_be_coordinate(&field.name) {
        return None;
    }
    let lower = field.name.to_ascii_lowercase();
    let base = lower.strip_suffix("__s").unwrap_or(&lower);
    let part_of_compound = field.compound_field_name.is_some() || base.len() != lower.len();
    let standard = |word: &str| {
        ["", "mailing", "other", "billing", "shipping"]
            .iter()
            .any(|p| base.strip_prefix(p) == Some(word))
    };
    let axis = if base.ends_with("latitude") && (part_of_compound || standard("latitude")) {
        ("latitude", 90)
    } else if base.ends_with("longitude") && (part_of_compound || standard("longitude")) {
        ("longitude", 180)
    } else {
        return None;
    };
    Some(axis)
}

/// For a coordinate field: its axis, the other axis, and the field of the other axis in the
/// same geolocation (`Latitude` ↔ `Longitude`, `Site__Latitude__s` ↔ `Site__Longitude__s`).
pub(crate) fn coordinate_partner<'o>(
    object: &'o crate::describe::SObject,
    field: &Field,
) -> Option<(&'static str, &'static str, &'o Field)> {
    let (axis, _) = coordinate(field)?;
    // `coordinate` found the axis word at the end of the name, before any `__s`.
    let (word, partner_word, other) = if axis == "latitude" {
        (8, "Longitude", "longitude")
    } else {
        (9, "Latitude", "latitude")
    };
    let tail = if field.name.len() > 3 && field.name.to_ascii_lowercase().ends_with("__s") {
        3
    } else {
        0
    };
    let split = field.name.len().saturating_sub(tail);
    let partner = format!(
        "{}{partner_word}{}",
        field
            .name
            .get(..split.saturating_sub(word))
            .unwrap_or_default(),
        field.name.get(split..).unwrap_or_default()
    );
    Some((axis, other, object.field_ci(&partner)?))
}

/// A cheap first look, before any allocation: does `name` end in `…itude` or `…itude__s`?
fn may_be_coordinate(name: &str) -> bool {
    ends_with_ci(name, "itude") || ends_with_ci(name, "itude__s")
}

/// Findings on a new record that gives one coordinate of a geolocation without the other:
/// Salesforce refuses it (`FIELD_INTEGRITY_EXCEPTION`, "Longitude value is missing").
/// `given(name)` says whether the body has a non-blank value for a field.
/// `path(name)` is the pointer of a finding on `name`, built only for a finding.
pub(crate) fn lone_coordinates<'n>(
    object: &crate::describe::SObject,
    names: &mut dyn Iterator<Item = &'n str>,
    given: &dyn Fn(&str) -> bool,
    path: &dyn Fn(&str) -> String,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for key in names {
        if !may_be_coordinate(key) {
            continue;
        }
        let Some(field) = object.field_ci(key) else {
            continue;
        };
        let Some((axis, other, partner)) = coordinate_partner(object, field) else {
            continue;
        };
        if given(key) && !given(&partner.name) {
            out.push(Diagnostic::new(
                "COORDINATE_WITHOUT_PAIR",
                path(key),
                format!(
                    "`{}` is given without `{}`: Salesforce stores a {axis} only with its {other}",
                    field.name, partner.name
                ),
                format!(
                    "give `{}` a value too (a row for it, in a configuration), or leave both out",
                    partner.name
                ),
            ));
        }
    }
    out
}

/// Findings on a body's state and country in an org with state and country picklists
/// (`MailingStateCode` depends on `MailingCountryCode`, through `validFor`; the text
/// `MailingState` and `MailingCountry` beside them take the org's names, which Salesforce turns
/// into the codes). Salesforce refuses a state that is not one of its country's, a name and a code
/// that name different places, and on a new record a state without a country
/// (`FIELD_INTEGRITY_EXCEPTION`). Other dependent picklists are not enforced on API writes.
/// `value(name)` is the body's non-blank text of a field; `path(name)` the pointer of a finding.
#[expect(
    clippy::too_many_lines,
    reason = "the state and country rules in the order Salesforce applies them"
)]
pub(crate) fn state_country_findings<'n>(
    object: &crate::describe::SObject,
    names: &mut dyn Iterator<Item = &'n str>,
    value: &dyn Fn(&str) -> Option<String>,
    existing: &dyn Fn(&str) -> Option<String>,
    existing_blank: &dyn Fn(&str) -> bool,
    create: bool,
    path: &dyn Fn(&str) -> String,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for key in names {
        let Some((state_code, country_code)) = state_pair(object, key) else {
            continue;
        };
        if seen.contains(&state_code.name.as_str()) {
            continue;
        }
        seen.push(state_code.name.as_str());
        let text_of = |code: &Field| name_field_of(object, code);
        let state = Place::read(state_code, text_of(state_code), value);
        let country = Place::read(country_code, text_of(country_code), value);
        let finding = |at: &str, message: String, help: String| {
            Diagnostic::new("STATE_COUNTRY_MISMATCH", path(at), message, help)
                .prevents(Some("FIELD_INTEGRITY_EXCEPTION"))
        };
        // A name and a code that do not name the same place: refused on an update (a new
        // record's name is overwritten with the code's).
        for (place, what) in [(&state, "states"), (&country, "countries")] {
            if let Some((name_field, code_field)) = place.conflict().filter(|_| !create) {
                out.push(finding(
                    &name_field.name,
                    format!(
                        "`{}` and `{}` do not name the same place: on an update Salesforce refuses names and codes of different {what}",
                        name_field.name, code_field.name
                    ),
                    "send the code alone, or the name the org gives it".to_string(),
                ));
            }
        }
        let state_in_body = state.given();
        // On an update, what the body leaves out is the record's own (when it is known).
        let state = if state.given() || create {
            state
        } else {
            Place::read(state_code, text_of(state_code), existing)
        };
        let Some(state_at) = state.given_field() else {
            continue;
        };
        let country = if country.given() || create {
            country
        } else {
            Place::read(country_code, text_of(country_code), existing)
        };
        // A new record without a country takes the org's default country, when it has one.
        let country_index = if country.given() {
            country.index
        } else if create {
            default_entry(country_code)
        } else {
            None
        };
        if !country.given() && country_index.is_none() {
            // A new record without a country, or a state sent to a record known to have none.
            let without = if create {
                Some(("is given without a country", "send"))
            } else if state_in_body
                && existing_blank(&country_code.name)
                && text_of(country_code).is_none_or(|name| existing_blank(&name.name))
            {
                Some(("is given, and the record has no country", "map"))
            } else {
                None
            };
            if let Some((what, verb)) = without {
                out.push(finding(
                    &state_at.name,
                    format!(
                        "`{}` {what}: Salesforce takes a state only with its country",
                        state_at.name
                    ),
                    format!(
                        "{verb} the country too ({}), or leave the state out",
                        name_field_of(object, country_code).map_or_else(
                            || format!("`{}`", country_code.name),
                            |name| format!("`{}` or `{}`", name.name, country_code.name)
                        )
                    ),
                ));
            }
            continue;
        }
        let Some(country_index) = country_index else {
            continue;
        };
        // A code or name several countries share (`AL`: Alabama and Alagoas) is fine when one
        // of its entries is the country's.
        let entries = state.entries();
        let valid = |e: &&crate::describe::PicklistValue| {
            e.valid_for
                .as_ref()
                .is_none_or(|valid| valid.contains(&country_index))
        };
        if !entries.is_empty() && !entries.iter().any(valid) {
            // The values as sent (or as the record has them), and the country they were judged by.
            let sent = |f: &Field| {
                value(&f.name)
                    .or_else(|| existing(&f.name))
                    .unwrap_or_default()
            };
            let of_country = match country.given_field() {
                Some(f) => format!("`{}` `{}`", f.name, shown(&sent(f))),
                None => format!(
                    "the org's default country `{}`",
                    country_code
                        .active_values()
                        .find(|v| v.default_value)
                        .map_or("", |v| v.value.as_str())
                ),
            };
            out.push(finding(
                &state_at.name,
                format!(
                    "`{}` is `{}`, which is not a state of {of_country}: Salesforce refuses the pair",
                    state_at.name,
                    shown(&sent(state_at))
                ),
                states_help(state_code, country_index),
            ));
        }
    }
    out
}

/// The trimmed, non-blank text of the entry named `name` (letter case aside) among a body's or a
/// record's `(name, value)` entries.
pub(crate) fn text_named<'v>(
    entries: impl IntoIterator<Item = (&'v str, &'v Value)>,
    name: &str,
) -> Option<String> {
    entries
        .into_iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .and_then(|(_, v)| v.as_str())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// Does `name` end in `suffix`, without regard to letter case?
pub(crate) fn ends_with_ci(name: &str, suffix: &str) -> bool {
    name.len() >= suffix.len()
        && name
            .get(name.len() - suffix.len()..)
            .is_some_and(|t| t.eq_ignore_ascii_case(suffix))
}

/// A state or country as a body gives it: by code, by name, or both. A state code or name may
/// stand for entries of several countries (`AL`, `Punjab`).
struct Place<'f> {
    code_field: &'f Field,
    name_field: Option<&'f Field>,
    /// The entries the code names.
    by_code: Vec<&'f crate::describe::PicklistValue>,
    /// The entries the name names (by label, else by code).
    by_name: Vec<&'f crate::describe::PicklistValue>,
    code_given: bool,
    name_given: bool,
    /// The position of the first entry (by code, else by name) among the picklist's entries.
    index: Option<u32>,
}

impl<'f> Place<'f> {
    fn read(
        code_field: &'f Field,
        name_field: Option<&'f Field>,
        value: &dyn Fn(&str) -> Option<String>,
    ) -> Place<'f> {
        let code = value(&code_field.name);
        let name = name_field.and_then(|f| value(&f.name));
        // Entries with their positions (a long picklist finds them through its lookup).
        let by_code: Vec<(u32, &'f crate::describe::PicklistValue)> =
            code.as_deref().map_or_else(Vec::new, |c| {
                code_field
                    .value_candidates(c)
                    .filter(|(_, v)| v.value.eq_ignore_ascii_case(c))
                    .collect()
            });
        let by_name: Vec<(u32, &'f crate::describe::PicklistValue)> =
            name.as_deref().map_or_else(Vec::new, |n| {
                let by_label: Vec<_> = code_field
                    .label_candidates(n)
                    .filter(|(_, v)| crate::text::loosely_equal(&v.label, n))
                    .collect();
                if by_label.is_empty() {
                    code_field
                        .value_candidates(n)
                        .filter(|(_, v)| v.value.eq_ignore_ascii_case(n))
                        .collect()
                } else {
                    by_label
                }
            });
        let index = by_code.first().or(by_name.first()).map(|(i, _)| *i);
        Place {
            code_field,
            name_field,
            code_given: code.is_some(),
            name_given: name.is_some(),
            index,
            by_code: by_code.into_iter().map(|(_, v)| v).collect(),
            by_name: by_name.into_iter().map(|(_, v)| v).collect(),
        }
    }

    fn given(&self) -> bool {
        self.code_given || self.name_given
    }

    /// The entries the place stands for: by code, else by name.
    fn entries(&self) -> &[&'f crate::describe::PicklistValue] {
        if self.by_code.is_empty() {
            &self.by_name
        } else {
            &self.by_code
        }
    }

    /// The field that gives the place (the code first).
    fn given_field(&self) -> Option<&'f Field> {
        if self.code_given {
            Some(self.code_field)
        } else if self.name_given {
            self.name_field
        } else {
            None
        }
    }

    /// A name beside a known code that does not name one of the code's entries (an unknown
    /// name included).
    fn conflict(&self) -> Option<(&'f Field, &'f Field)> {
        let name_field = self.name_field?;
        let agree = self
            .by_name
            .iter()
            .any(|n| self.by_code.iter().any(|c| c.value == n.value));
        (self.name_given && !self.by_code.is_empty() && !agree)
            .then_some((name_field, self.code_field))
    }
}

/// The text field beside a code field (`MailingCountryCode` → `MailingCountry`).
pub(crate) fn name_field_of<'o>(
    object: &'o crate::describe::SObject,
    code: &Field,
) -> Option<&'o Field> {
    code.name
        .get(..code.name.len().saturating_sub(4))
        .and_then(|n| object.field_ci(n))
}

/// The position of a picklist's active default entry (the org's default country).
pub(crate) fn default_entry(field: &Field) -> Option<u32> {
    field
        .picklist_values
        .iter()
        .position(|v| v.active && v.default_value)
        .and_then(|i| u32::try_from(i).ok())
}

/// What to send instead of a state that is not the country's: one of its states.
fn states_help(state_code: &Field, country_index: u32) -> String {
    let states: Vec<&crate::describe::PicklistValue> = state_code
        .active_values()
        .filter(|v| {
            v.valid_for
                .as_ref()
                .is_some_and(|f| f.contains(&country_index))
        })
        .collect();
    if states.is_empty() {
        "the country has no states in the org: leave the state out".to_string()
    } else {
        format!("send one of the country's states: {}", value_list(&states))
    }
}

/// The state code and country code fields of the pair a body field belongs to (`MailingState`
/// and `MailingCountryCode` → `MailingStateCode` and `MailingCountryCode`), in an org with state
/// and country picklists.
pub(crate) fn state_pair<'o>(
    object: &'o crate::describe::SObject,
    key: &str,
) -> Option<(&'o Field, &'o Field)> {
    let stem = |suffix: &str| {
        key.get(..key.len().saturating_sub(suffix.len()))
            .unwrap_or("")
    };
    let state_code_name = if ends_with_ci(key, "StateCode") {
        key.to_string()
    } else if ends_with_ci(key, "State") {
        format!("{key}Code")
    } else if ends_with_ci(key, "CountryCode") {
        format!("{}StateCode", stem("CountryCode"))
    } else if ends_with_ci(key, "Country") {
        format!("{}StateCode", stem("Country"))
    } else {
        return None;
    };
    let state_code = object.field_ci(&state_code_name)?;
    let country_code = state_code
        .controller_name
        .as_deref()
        .filter(|c| state_code.dependent_picklist && ends_with_ci(c, "CountryCode"))
        .and_then(|c| object.field_ci(c))?;
    Some((state_code, country_code))
}

/// Findings on a body's text state and country (`MailingState`, `Country`) in an org with state
/// and country picklists (the object also has `MailingStateCode`, `CountryCode`): Salesforce takes
/// the text only when it is one of the org's names (a state or country's integration value, by
/// default its name as the picklist labels it) and refuses other text
/// (`FIELD_INTEGRITY_EXCEPTION`). Integration values can be renamed, so this is a warning.
pub(crate) fn state_country_names<'n>(
    object: &crate::describe::SObject,
    names: &mut dyn Iterator<Item = &'n str>,
    value: &dyn Fn(&str) -> Option<String>,
    path: &dyn Fn(&str) -> String,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for key in names {
        let what = if ends_with_ci(key, "State") {
            "state"
        } else if ends_with_ci(key, "Country") {
            "country"
        } else {
            continue;
        };
        let Some(text_field) = object.field_ci(key) else {
            continue;
        };
        let Some(codes) = object
            .field_ci(&format!("{}Code", text_field.name))
            .filter(|f| f.field_type == FieldType::Picklist && !f.picklist_values.is_empty())
        else {
            continue;
        };
        let Some(text) = value(key) else {
            continue;
        };
        // With the code given too, Salesforce goes by the code (and writes the name itself).
        if value(&codes.name).is_some() {
            continue;
        }
        let known = codes
            .label_candidates(&text)
            .any(|(_, v)| v.active && crate::text::loosely_equal(&v.label, &text))
            || codes
                .value_candidates(&text)
                .any(|(_, v)| v.active && v.value.eq_ignore_ascii_case(&text));
        if !known {
            out.push(
                Diagnostic::new(
                    "STATE_COUNTRY_NAME_UNKNOWN",
                    path(key),
                    format!(
                        "`{}` is `{}`, which is not one of the org's {what} names: with state and country picklists, Salesforce takes only those",
                        text_field.name,
                        shown(&text)
                    ),
                    format!(
                        "send the {what} as the org names it (`{}` lists them), or map a code to `{}` with a value map",
                        codes.name, codes.name
                    ),
                )
                .prevents(Some("FIELD_INTEGRITY_EXCEPTION")),
            );
        }
    }
    out
}

/// Why the integration cannot set a link field it writes itself (`Event.WhoId`,
/// `Case.ContactId`) on create, judged by the loaded describe: the field is absent (field-level
/// security hides it from the integration's user) or not createable. Salesforce refuses the
/// request (`INVALID_FIELD`, `INVALID_FIELD_FOR_INSERT_UPDATE`).
pub(crate) fn link_field_problem(
    object: &crate::describe::SObject,
    name: &str,
) -> Option<LinkFieldProblem> {
    let (message, prevents) = match object.field_ci(name) {
        None => (
            format!(
                "the {} describe has no `{name}`, which the integration sets to link the record: Salesforce refuses the request",
                object.name
            ),
            "INVALID_FIELD",
        ),
        Some(f) if f.createable == Some(false) => (
            format!(
                "`{}.{name}` cannot be set on create, and the integration sets it to link the record: Salesforce refuses the request",
                object.name
            ),
            "INVALID_FIELD_FOR_INSERT_UPDATE",
        ),
        Some(_) => return None,
    };
    Some(LinkFieldProblem {
        message,
        prevents,
        help: format!(
            "give the integration's Salesforce user edit access to `{}.{name}` (field-level security), then load the describe again",
            object.name
        ),
    })
}

/// See [`link_field_problem`].
pub(crate) struct LinkFieldProblem {
    message: String,
    prevents: &'static str,
    help: String,
}

impl LinkFieldProblem {
    /// The finding, at `path`.
    pub(crate) fn into_diagnostic(self, path: String) -> Diagnostic {
        Diagnostic::new("LINK_FIELD_NOT_WRITABLE", path, self.message, self.help)
            .prevents(Some(self.prevents))
    }
}

/// Picklist values for a help text: all of them up to a dozen, else the first ten and how many
/// more (the field's dropdown lists them all).
fn value_list(values: &[&crate::describe::PicklistValue]) -> String {
    const ALL_UP_TO: usize = 12;
    const SHOWN: usize = 10;
    let shown_n = if values.len() > ALL_UP_TO {
        SHOWN
    } else {
        values.len()
    };
    let list = values
        .iter()
        .take(shown_n)
        .map(|v| format!("`{}`", shown(&v.value)))
        .collect::<Vec<_>>()
        .join(", ");
    match values.len().checked_sub(shown_n).filter(|m| *m > 0) {
        Some(more) => format!("{list} and {more} more"),
        None => list,
    }
}

/// The first few names of a list, then how many more (`WhatId` points to some 80 objects).
pub(crate) fn short_list(names: &[String], sep: &str) -> String {
    const SHOWN: usize = 6;
    let head: Vec<&str> = names.iter().take(SHOWN).map(String::as_str).collect();
    match names.len().checked_sub(SHOWN) {
        Some(more) if more > 0 => format!("{}{sep}and {more} more", head.join(sep)),
        _ => head.join(sep),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(field: &Field, value: &Value) -> Vec<&'static str> {
        check_value(field, value, "")
            .iter()
            .map(|d| d.code)
            .collect()
    }

    fn field(json: &str) -> Field {
        let text = format!(r#"{{"name":"X","fields":[{json}]}}"#);
        crate::describe::parse::parse_describe(&text)
            .unwrap()
            .fields
            .remove(0)
    }

    #[test]
    fn an_eighteen_character_id_must_fit_its_suffix() {
        // Real ids as Salesforce gives them: 15 characters, 18 with the case suffix.
        for id in [
            "0053i000001OtatAAC",
            "0053i000001Otat",
            "00Q5e00000AbCdEEAV",
            "001000000000001AAA",
        ] {
            assert_eq!(id_problem(id), None, "{id}");
        }
        // The same id with its letters lowered (a case-insensitive store) keeps a valid suffix.
        assert_eq!(id_problem("0053i000001otataac"), None);
        // A suffix that does not fit the capitals (a real MALFORMED_ID verdict), one that marks
        // a digit as a capital, and characters no suffix has.
        for id in [
            "0053i000001OtatAA1",
            "00Q5e00000AbCdEFGH",
            "0030000000000015AA",
            "0053i000001Otat9AC",
        ] {
            assert!(id_problem(id).is_some(), "{id}");
        }
        assert!(id_problem("0053i000001Otat!").is_some());
        let owner = field(
            r#"{"name":"OwnerId","type":"reference","referenceTo":["User"],"createable":true,"updateable":true,"nillable":false}"#,
        );
        let d = check_value(
            &owner,
            &Value::String("0053i000001OtatAA1".into()),
            "/OwnerId",
        );
        assert_eq!(
            d.iter().map(|d| d.code).collect::<Vec<_>>(),
            ["MALFORMED_ID"]
        );
        assert!(
            d[0].message.contains("last three characters"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn a_compact_offset_needs_milliseconds_before_it() {
        let start = field(
            r#"{"name":"StartDateTime","type":"datetime","createable":true,"updateable":true,"nillable":true}"#,
        );
        let v = |t: &str| Value::String(t.to_string());
        // Salesforce refused this one (JSON_PARSER_ERROR); it writes the second form itself.
        assert_eq!(
            codes(&start, &v("2013-08-12T15:20:00+0000")),
            ["INVALID_DATETIME"]
        );
        assert!(codes(&start, &v("2013-08-12T15:20:00.000+0000")).is_empty());
        assert!(codes(&start, &v("2013-08-12T15:20:00+00:00")).is_empty());
        assert!(codes(&start, &v("2013-08-12T15:20:00Z")).is_empty());
    }

    #[test]
    fn coordinates_keep_to_the_globe() {
        let custom = field(
            r#"{"name":"Site__Latitude__s","type":"double","precision":18,"scale":15,"createable":true,"updateable":true,"nillable":true}"#,
        );
        let v = |t: &str| serde_json::from_str::<Value>(t).unwrap();
        assert!(codes(&custom, &v("-90")).is_empty());
        assert_eq!(codes(&custom, &v("90.5")), ["NUMBER_OUT_OF_RANGE"]);
        // A double merely named so, outside any address or location, is an ordinary number.
        let plain = field(
            r#"{"name":"Max_Latitude__c","type":"double","precision":18,"scale":2,"createable":true,"updateable":true,"nillable":true}"#,
        );
        assert!(codes(&plain, &v("120")).is_empty());
    }

    #[test]
    fn text_in_a_number_field_is_a_parser_error() {
        let n = field(
            r#"{"name":"NumberOfEmployees","type":"int","digits":8,"createable":true,"updateable":true,"nillable":true}"#,
        );
        let prevents = |value: Value| -> Vec<Option<&'static str>> {
            check_value(&n, &value, "")
                .iter()
                .map(|d| d.prevents)
                .collect()
        };
        assert_eq!(
            prevents(Value::String("testNumber".into())),
            [Some("JSON_PARSER_ERROR")]
        );
        assert_eq!(
            prevents(serde_json::json!(12.5)),
            [Some("INVALID_TYPE_ON_FIELD_IN_RECORD")]
        );
    }

    #[test]
    fn picklist_help_names_every_value_or_says_how_many_more() {
        let values = |n: usize| {
            (0..n)
                .map(|i| format!(r#"{{"value":"V{i}","label":"V{i}","active":true}}"#))
                .collect::<Vec<_>>()
                .join(",")
        };
        let pick = |n: usize| {
            field(&format!(
                r#"{{"name":"P","type":"picklist","restrictedPicklist":true,"createable":true,"updateable":true,"nillable":true,"picklistValues":[{}]}}"#,
                values(n)
            ))
        };
        let help = |f: &Field| {
            check_value(f, &Value::String("nope".into()), "")[0]
                .help
                .clone()
        };
        assert_eq!(
            help(&pick(9)),
            "use one of `V0`, `V1`, `V2`, `V3`, `V4`, `V5`, `V6`, `V7`, `V8`"
        );
        let long = help(&pick(32));
        assert!(long.ends_with("`V9` and 22 more"), "{long}");
    }

    #[test]
    fn lengths_count_utf16_units() {
        let f = field(
            r#"{"name":"FirstName","type":"string","length":40,"createable":true,"updateable":true,"nillable":true}"#,
        );
        assert_eq!(
            codes(&f, &Value::String("😀".repeat(20))),
            Vec::<&str>::new()
        );
        assert_eq!(
            codes(&f, &Value::String("😀".repeat(21))),
            ["VALUE_TOO_LONG"]
        );
        assert_eq!(
            codes(&f, &Value::String("é".repeat(40))),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn digits_are_counted_on_the_written_number() {
        let money = field(
            r#"{"name":"AnnualRevenue","type":"currency","precision":18,"scale":0,"createable":true,"updateable":true,"nillable":true}"#,
        );
        let v = |t: &str| serde_json::from_str::<Value>(t).unwrap();
        assert!(codes(&money, &v("999999999999999999")).is_empty());
        assert_eq!(
            codes(&money, &v("9999999999999999999")),
            ["NUMBER_OUT_OF_RANGE"]
        );
        let cents = field(
            r#"{"name":"C__c","type":"currency","precision":18,"scale":2,"createable":true,"updateable":true,"nillable":true}"#,
        );
        assert!(codes(&cents, &v(r#""9999999999999999.99""#)).is_empty());
        assert_eq!(
            codes(&cents, &v(r#""99999999999999999""#)),
            ["NUMBER_OUT_OF_RANGE"]
        );
        assert!(codes(&cents, &v("-0.5")).is_empty());
        assert_eq!(codes(&cents, &v("1e20")), ["NUMBER_OUT_OF_RANGE"]);
    }

    #[test]
    fn dates_outside_the_salesforce_range_are_refused() {
        let d = field(
            r#"{"name":"D__c","type":"date","createable":true,"updateable":true,"nillable":true}"#,
        );
        let t = field(
            r#"{"name":"T__c","type":"datetime","createable":true,"updateable":true,"nillable":true}"#,
        );
        let v = |x: &str| Value::String(x.to_string());
        assert!(codes(&d, &v("1700-01-01")).is_empty());
        assert!(codes(&d, &v("4000-12-31")).is_empty());
        assert_eq!(codes(&d, &v("0001-01-01")), ["INVALID_DATE"]);
        assert_eq!(codes(&d, &v("9999-12-31")), ["INVALID_DATE"]);
        assert!(codes(&t, &v("2025-05-20T14:00:00Z")).is_empty());
        assert_eq!(codes(&t, &v("1699-12-31T23:00:00Z")), ["INVALID_DATETIME"]);
    }

    #[test]
    fn dates_salesforce_reads_leniently_are_a_warning_with_the_date_stored() {
        // As recorded Contact, Individual and Opportunity writes show Salesforce accepting them.
        let d = field(
            r#"{"name":"Birthdate","type":"date","createable":true,"updateable":true,"nillable":true}"#,
        );
        let v = |x: &str| Value::String(x.to_string());
        for (sent, stored) in [
            ("1999-33-01", "2001-09-01"),
            ("1999-01-33", "1999-02-02"),
            ("2000-13-01", "2001-01-01"),
            ("2000-12-50", "2001-01-19"),
            ("2030-02-30", "2030-03-02"),
            ("2019", "2019-01-01"),
        ] {
            let found = check_value(&d, &v(sent), "/Birthdate");
            assert_eq!(found.len(), 1, "{sent}: {found:?}");
            assert_eq!(found[0].code, "DATE_READ_LENIENTLY", "{sent}");
            assert_eq!(found[0].severity, crate::diagnostic::Severity::Warning);
            assert!(
                found[0].message.ends_with(&format!("stores {stored}")),
                "{}",
                found[0].message
            );
        }
        // What Salesforce refuses stays an error.
        for refused in [
            "anytext",
            "02-26-2001",
            "0000-01-01",
            "1699-01-01",
            "2019-00-10",
            "2019-5-1",
            "20190",
        ] {
            assert_eq!(codes(&d, &v(refused)), ["INVALID_DATE"], "{refused}");
        }
    }

    #[test]
    fn whole_number_fields_take_whole_number_literals() {
        let f = field(
            r#"{"name":"NumberOfEmployees","type":"int","digits":8,"createable":true,"updateable":true,"nillable":true}"#,
        );
        let v = |t: &str| serde_json::from_str::<Value>(t).unwrap();
        assert!(codes(&f, &v("250")).is_empty());
        assert!(codes(&f, &v(r#""42""#)).is_empty());
        for bad in ["250.0", r#""42.0""#, "1e3", "12.5"] {
            assert_eq!(codes(&f, &v(bad)), ["NOT_A_NUMBER"], "{bad}");
        }
    }

    #[test]
    fn emails_as_salesforce_accepts_them() {
        for ok in [
            "a@b.co",
            "carrie.customer@gmail.com",
            "x+tag@sub.example.org",
            "o'neil@example.ie",
            "a..a@test.jp",
            "a..@test.jp",
            "taro..yamada@docomo.ne.jp",
            "\"consecutive..dots\"@example.com",
            "john.doe@(comment)example.com",
            "john.doe(comment)@example.com",
            "иван@пример.рф",
            "ivan@пример.рф",
            "\"john(doe\"@example.com",
            "a@b.c",
        ] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "badone",
            "a@b",
            "@b.com",
            "a b@c.com",
            "a@@b.com",
            "a@b.c1",
            "a@-b.com",
            ".a@test.jp",
            "\"\"@example.com",
            "\"a\"b\"@example.com",
            "\"\"\"@x.com",
            "\"\"a\"\"@x.com",
            "\"a@b\"@x.com",
            "john.doe@(comment example.com",
            "john.doe@((nested))example.com",
            "jo(x)hn@example.com",
            "a\u{200B}b@example.com",
            "a\u{3000}b@example.com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn digits_before_the_point() {
        assert_eq!(integer_digits(0.5), 1);
        assert_eq!(integer_digits(12_345.0), 5);
        assert_eq!(integer_digits(-99.9), 2);
    }

    #[test]
    fn decimals_beyond_the_scale_name_what_salesforce_keeps() {
        use serde_json::json;
        let kept = |v: Value, scale: u32| decimals_dropped(&v, scale).map(|(_, k)| k);
        assert_eq!(kept(json!(12.345), 2), Some("12.34".into()));
        assert_eq!(kept(json!(-12.345), 2), Some("-12.34".into()));
        assert_eq!(kept(json!(0.5), 0), Some("0".into()));
        assert_eq!(kept(json!(-0.5), 0), Some("0".into()));
        assert_eq!(kept(json!(".5"), 0), Some("0".into()));
        assert_eq!(kept(json!(-0.345), 2), Some("-0.34".into()));
        assert_eq!(kept(json!(12.30), 1), None);
        assert_eq!(kept(json!("12.300"), 1), None);
        assert_eq!(kept(json!(1e-7), 2), None); // an exponent form is not written with decimals
    }
}
