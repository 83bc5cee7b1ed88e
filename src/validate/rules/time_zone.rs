//! `UNKNOWN_TIME_ZONE` — the configuration's `timeZone` (used for bookings without one) must be
//! an IANA zone the engine knows, or dates computed for such bookings use UTC instead.

use crate::diagnostic::Diagnostic;
use crate::validate::Ctx;

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
    if crate::tz::zone(name.trim()).is_none() {
        out.push(Diagnostic::new(
            "UNKNOWN_TIME_ZONE",
            "/timeZone",
            format!(
                "`{}` is not an IANA time zone, so bookings without their own, their contact's or OnceHub v1's description's zone are dated in their host's zone, else in UTC",
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
    }
}
