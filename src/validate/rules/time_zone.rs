//! `UNKNOWN_TIME_ZONE` — the configuration's `timeZone` (used for bookings without one) must be
//! an IANA zone the engine knows, or dates computed for such bookings use UTC instead.
//! `TIME_ZONE_WITHOUT_DST` — `EST` and `MST` are IANA names of fixed offsets: a US admin who
//! types `EST` means Eastern time, with its daylight saving time. (`HST` is Hawaii's time,
//! which has none.)

use crate::diagnostic::Diagnostic;
use crate::validate::Ctx;

/// The IANA names of fixed offsets that read like a region's time, their offset, and the help.
const FIXED: &[(&str, &str, &str)] = &[
    ("EST", "UTC-5", "use the region's IANA zone, such as `America/New_York`"),
    ("MST", "UTC-7", "use the region's IANA zone, such as `America/Denver` (or `America/Phoenix`, which keeps no daylight saving time)"),
];

/// Runs the rule.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    // A blank zone is no zone (previews use UTC then), as in the preview.
    let Some(name) = ctx
        .config
        .time_zone
        .as_deref()
        .filter(|n| !n.trim().is_empty())
    else {
        return;
    };
    if let Some((_, offset, help)) = FIXED
        .iter()
        .find(|(n, _, _)| n.eq_ignore_ascii_case(name.trim()))
    {
        out.push(Diagnostic::new(
            "TIME_ZONE_WITHOUT_DST",
            "/timeZone",
            format!(
                "`{}` is {offset} all year, without daylight saving time: in summer, bookings without a zone of their own are dated an hour off their region's time",
                crate::value::shown(name)
            ),
            *help,
        ));
    } else if crate::tz::zone(name.trim()).is_none() {
        out.push(Diagnostic::new(
            "UNKNOWN_TIME_ZONE",
            "/timeZone",
            format!(
                "`{}` is not an IANA time zone, so bookings that give no time zone of their own (nor their contact's) are dated in their host's zone, else in UTC",
                crate::value::shown(name)
            ),
            "use an IANA time zone such as `America/New_York`",
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::*;

    #[test]
    fn the_configured_zone_must_be_known() {
        assert!(codes_after(|c| c.time_zone = Some("America/New_York".into())).is_empty());
        assert!(codes_after(|c| c.time_zone = Some(" ".into())).is_empty());
        assert_eq!(
            codes_after(|c| c.time_zone = Some("Eastern Time".into())),
            vec!["UNKNOWN_TIME_ZONE"]
        );
        for fixed in ["EST", "mst"] {
            assert_eq!(
                codes_after(|c| c.time_zone = Some(fixed.into())),
                vec!["TIME_ZONE_WITHOUT_DST"]
            );
        }
        assert!(codes_after(|c| c.time_zone = Some("EST5EDT".into())).is_empty());
        assert!(codes_after(|c| c.time_zone = Some("HST".into())).is_empty());
        assert!(codes_after(|c| c.time_zone = Some("America/Phoenix".into())).is_empty());
    }
}
