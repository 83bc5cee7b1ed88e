//! `API_VERSION_TOO_OLD` — previews send one Composite request (`/services/data/vXX.X/composite`),
//! which Salesforce serves from REST API version 38.0 (Winter '17): an older `apiVersion` is
//! answered `NOT_FOUND` for every booking.

use crate::diagnostic::Diagnostic;
use crate::validate::Ctx;

/// The first REST API version with the Composite resource.
const COMPOSITE_FROM: u16 = 38;

/// Runs the rule.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(version) = ctx.config.api_version.as_deref() else {
        return;
    };
    let major = version
        .split_once('.')
        .and_then(|(major, _)| major.parse::<u16>().ok());
    if major.is_some_and(|m| m < COMPOSITE_FROM) {
        out.push(
            Diagnostic::new(
                "API_VERSION_TOO_OLD",
                "/apiVersion",
                format!(
                    "API version {version} has no Composite resource (it came with 38.0), and the integration writes each booking's records in one Composite request: Salesforce would answer NOT_FOUND"
                ),
                format!("use API version {COMPOSITE_FROM}.0 or later, such as the default {}", crate::config::DEFAULT_API_VERSION),
            )
            .prevents(Some("NOT_FOUND")),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::*;

    #[test]
    fn composite_needs_api_version_38() {
        assert!(codes_after(|c| c.api_version = Some("38.0".into())).is_empty());
        assert!(codes_after(|c| c.api_version = Some("62.0".into())).is_empty());
        assert_eq!(
            codes_after(|c| c.api_version = Some("37.0".into())),
            ["API_VERSION_TOO_OLD"]
        );
    }
}
