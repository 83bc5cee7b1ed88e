//! Dates and times in the formats Salesforce accepts (no time-zone database here; see `tz`).

/// Days since 1970-01-01 for a civil date (proleptic Gregorian).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let d = i64::from(d);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Civil date for days since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses `yyyy-MM-dd` (a real calendar date).
pub fn parse_date(s: &str) -> Option<(i64, u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let y = i64::from(digits(s.get(0..4)?)?);
    let m = digits(s.get(5..7)?)?;
    let d = digits(s.get(8..10)?)?;
    ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)).then_some((y, m, d))
}

/// The date Salesforce stores for a date it reads leniently: a year alone (`2019` is 1 January)
/// or a `yyyy-MM-dd` whose month or day runs past its end (`1999-33-01` is 2001-09-01,
/// `2030-02-30` is 2030-03-02), as recorded write requests show Salesforce accepting them.
/// `None` for a real date (see [`parse_date`]) and for text it refuses.
pub fn lenient_date(s: &str) -> Option<(i64, u32, u32)> {
    if parse_date(s).is_some() {
        return None;
    }
    let mut parts = s.split('-');
    let year = parts.next().filter(|y| y.len() == 4)?;
    let y = i64::from(digits(year)?);
    let (m, d) = match (parts.next(), parts.next(), parts.next()) {
        (None, None, None) => (1, 1),
        (Some(m), Some(d), None) if m.len() == 2 && d.len() == 2 => (digits(m)?, digits(d)?),
        _ => return None,
    };
    if m == 0 || d == 0 {
        return None;
    }
    let y = y + i64::from((m - 1) / 12);
    let m = (m - 1) % 12 + 1;
    Some(civil_from_days(days_from_civil(y, m, 1) + i64::from(d) - 1))
}

/// Parses `HH:mm:ss(.SSS)` and returns milliseconds of the day.
fn parse_clock(s: &str) -> Option<i64> {
    let (hms, frac) = match s.split_once('.') {
        Some((a, f)) => (a, Some(f)),
        None => (s, None),
    };
    let mut parts = hms.split(':');
    let h = digits(parts.next()?)?;
    let mi = digits(parts.next()?)?;
    let se = match parts.next() {
        Some(p) => digits(p)?,
        None => 0,
    };
    if parts.next().is_some() || h > 23 || mi > 59 || se > 60 || hms.len() < 5 {
        return None;
    }
    let ms = match frac {
        Some(f) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => {
            let f3: String = f.chars().chain("000".chars()).take(3).collect();
            i64::from(digits(&f3)?)
        }
        Some(_) => return None,
        None => 0,
    };
    Some(((i64::from(h) * 60 + i64::from(mi)) * 60 + i64::from(se)) * 1000 + ms)
}

/// Parses an ISO-8601 datetime as Salesforce accepts it (`yyyy-MM-ddTHH:mm:ss(.SSS)(Z|±HH:mm|±HHmm)`)
/// and returns milliseconds since the epoch, UTC.
pub fn parse_datetime(s: &str) -> Option<i64> {
    let (date, rest) = s.split_once('T')?;
    let (y, m, d) = parse_date(date)?;
    let (clock, offset_min) = if let Some(c) = rest.strip_suffix('Z') {
        (c, 0)
    } else {
        let pos = rest.rfind(['+', '-'])?;
        let (c, off) = rest.split_at(pos);
        let sign = if off.starts_with('-') { -1 } else { 1 };
        let off = off.get(1..)?;
        let (oh, om) = match off.split_once(':') {
            Some((h, m)) => (digits(h)?, digits(m)?),
            None if off.len() == 4 => (digits(off.get(0..2)?)?, digits(off.get(2..4)?)?),
            None => return None,
        };
        if oh > 14 || om > 59 {
            return None;
        }
        (c, sign * i64::from(oh * 60 + om))
    };
    let ms = parse_clock(clock)?;
    Some(days_from_civil(y, m, d) * 86_400_000 + ms - offset_min * 60_000)
}

/// [`parse_datetime`], and also a datetime without an offset (`2015-08-25T11:49:53`), which
/// Salesforce accepts and reads as UTC. `None` for text Salesforce refuses.
pub fn parse_salesforce_datetime(s: &str) -> Option<i64> {
    parse_datetime(s).or_else(|| {
        let (date, clock) = s.split_once('T')?;
        let (y, m, d) = parse_date(date)?;
        Some(days_from_civil(y, m, d) * 86_400_000 + parse_clock(clock)?)
    })
}

/// Is `s` a datetime whose offset has no colon (`+0000`) and whose seconds no fraction?
/// Salesforce refuses that form (`JSON_PARSER_ERROR`), while it writes `….000+0000` itself.
pub fn bare_compact_offset(s: &str) -> bool {
    // The ending first (`+hhmm`): most datetimes end in `Z` or `+hh:mm` and stop here.
    let Some(offset) = s.len().checked_sub(5).and_then(|at| s.get(at..)) else {
        return false;
    };
    let mut bytes = offset.bytes();
    if !matches!(bytes.next(), Some(b'+' | b'-')) || !bytes.all(|b| b.is_ascii_digit()) {
        return false;
    }
    let clock = s.split_once('T').map_or("", |(_, rest)| {
        rest.get(..rest.len().saturating_sub(5)).unwrap_or("")
    });
    !clock.contains('.') && parse_datetime(s).is_some()
}

/// Does a datetime that [`parse_salesforce_datetime`] reads lack an offset (read as UTC)?
pub fn lacks_offset(s: &str) -> bool {
    parse_datetime(s).is_none() && parse_salesforce_datetime(s).is_some()
}

/// Parses `HH:mm:ss(.SSS)(Z)`.
pub fn parse_time(s: &str) -> Option<i64> {
    parse_clock(s.strip_suffix('Z').unwrap_or(s))
}

/// Formats epoch milliseconds as `yyyy-MM-ddTHH:mm:ss.SSSZ`.
pub fn format_datetime(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let (h, rem) = (rem / 3_600_000, rem % 3_600_000);
    let (mi, rem) = (rem / 60_000, rem % 60_000);
    let (s, milli) = (rem / 1000, rem % 1000);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z")
}

/// Formats a civil date as `yyyy-MM-dd`.
pub fn format_date(y: i64, m: u32, d: u32) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// Formats the UTC time of day as `HH:mm:ss.SSSZ`.
pub fn format_time(ms: i64) -> String {
    let rem = ms.rem_euclid(86_400_000);
    format!(
        "{:02}:{:02}:{:02}.{:03}Z",
        rem / 3_600_000,
        rem % 3_600_000 / 60_000,
        rem % 60_000 / 1000,
        rem % 1000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [-800_000, -1, 0, 1, 18_000, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn datetimes_in_salesforce_formats() {
        let z = parse_datetime("2021-01-20T16:45:00.000Z").unwrap();
        assert_eq!(format_datetime(z), "2021-01-20T16:45:00.000Z");
        assert_eq!(
            parse_datetime("2002-10-10T12:00:00+05:00"),
            parse_datetime("2002-10-10T07:00:00Z")
        );
        assert_eq!(
            parse_datetime("2020-03-22T04:30:00Z"),
            parse_datetime("2020-03-22T04:30:00.000Z")
        );
        for bad in [
            "2024-07-30 20:54:16 UTC",
            "2017-10-17 00:00:00",
            "2024-02-30T00:00:00Z",
            "2024-01-01",
            "2024-01-01T25:00:00Z",
        ] {
            assert!(parse_datetime(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn dates_are_real_calendar_dates() {
        assert!(parse_date("2024-02-29").is_some());
        assert!(parse_date("2023-02-29").is_none());
        assert!(parse_date("2015-07-23T09:38:33").is_none());
    }
}
