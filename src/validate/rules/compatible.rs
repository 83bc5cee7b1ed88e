//! `INCOMPATIBLE_MAPPING` — the source's values cannot be stored in the target (the same reasons
//! as `explain`). `AMOUNT_IN_MINOR_UNITS` — a payment amount in cents into a currency field.

use crate::compat::assess;
use crate::describe::FieldType;
use crate::diagnostic::Diagnostic;
use crate::validate::Ctx;

/// Runs the rule.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for r in &ctx.rows {
        let (Some(object), Some(field), Some(source)) = (r.object, r.field, r.source) else {
            continue;
        };
        if source.id == crate::compat::MINOR_UNITS_SOURCE
            && field.field_type == FieldType::Currency
            && !field.blocked_on_create()
        {
            out.push(r.diag(
                "AMOUNT_IN_MINOR_UNITS",
                "source",
                format!(
                    "{} is in the smallest currency unit (cents): a $50.00 payment arrives as 5000, and `{}` would store 5,000.00",
                    source.named(), field.name
                ),
                "map `payment_amount_major` (the amount in the currency's main unit) instead".to_string(),
            ));
        }
        // Contacts under `contactElseLead` are only updated: an update-only field is writable.
        let updates_only = ctx.updates_only(r.tab);
        let grade = crate::compat::grade_for(source, field, updates_only);
        let blocked = crate::compat::blocked_for(field, updates_only);
        if grade.is_some() && !blocked {
            short_text_target(r, source, field, out);
        }
        if blocked || grade.is_some() || crate::compat::rescued_by_row(source, field, r.row) {
            continue; // blocked: reported by the writable rule
        }
        let a = assess(object, source, field);
        if a.grade.is_none() {
            let prevents = crate::compat::incompatible_prevents(field);
            out.push(
                r.diag(
                    "INCOMPATIBLE_MAPPING",
                    "source",
                    format!("{} cannot be mapped to `{}`: {}", source.named(), field.name, a.reasons.join("; ")),
                    "pick a compatible Salesforce field (the dropdown lists them), or another OnceHub field".to_string(),
                )
                .prevents(Some(prevents)),
            );
        }
    }
}

/// Shorter than this, a text field is too short for free text: a company name, a title or an
/// answer runs past it often.
const SHORT_TEXT: u32 = 20;

/// At most this long, a text field is too short for long text: a booker's note or a web
/// conferencing location (about 600 characters for a Zoom invitation) runs past it often.
const LINE_OF_TEXT: u32 = 255;

/// `VALUE_MAY_BE_TOO_LONG`: free text (no options to bound it) into a text field shorter than
/// [`SHORT_TEXT`], or long text into one of at most [`LINE_OF_TEXT`] characters, on a row that
/// does not truncate: many values would be refused (`STRING_TOO_LONG`), as `company` into
/// `CompanyDunsNumber` (9) or a Zoom `location` into `Location` (255).
fn short_text_target(
    r: &crate::validate::RowCtx<'_>,
    source: &crate::catalogue::SourceField,
    field: &crate::describe::Field,
    out: &mut Vec<Diagnostic>,
) {
    use crate::catalogue::ValueType;
    let free_text = matches!(
        source.value_type,
        ValueType::Text | ValueType::LongText | ValueType::TextList | ValueType::Url
    ) && source.max_length.is_none();
    let long_text = source.value_type == ValueType::LongText && source.max_length.is_none();
    let short_for = |n: u32| n < SHORT_TEXT || (long_text && n <= LINE_OF_TEXT);
    let Some(length) = field.length.filter(|n| *n > 0 && short_for(*n)) else {
        return;
    };
    // Picklists are judged by their values, not their length.
    let text_field = field.field_type.is_text()
        && !matches!(
            field.field_type,
            FieldType::Picklist | FieldType::Multipicklist
        );
    if free_text && text_field && r.row.truncate != Some(true) {
        out.push(
            r.diag(
                "VALUE_MAY_BE_TOO_LONG",
                "target",
                format!(
                    "`{}` holds {length} characters, and {} is {}: longer values are refused",
                    field.name,
                    source.named(),
                    if long_text && length >= SHORT_TEXT {
                        "long text"
                    } else {
                        "free text"
                    }
                ),
                "map a longer field, or let the row cut values (truncate)".to_string(),
            )
            .severity(crate::diagnostic::Severity::Warning),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Row;
    use crate::validate::test_support::*;

    #[test]
    fn text_into_a_number_field_is_incompatible() {
        let e = sample_engine();
        let mut c = crate::config::MappingConfig::default_config();
        c.mappings
            .leads
            .push(Row::map("city", "NumberOfEmployees", false));
        let r = e.validate(&c);
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.code == "INCOMPATIBLE_MAPPING")
            .unwrap();
        assert_eq!(d.path, "/mappings/leads/7/source");
        assert_eq!(d.row, Some(7));
    }

    #[test]
    fn free_text_into_a_very_short_text_field_is_a_warning_unless_it_truncates() {
        let e = sample_engine();
        let mut c = crate::config::MappingConfig::default_config();
        c.mappings
            .leads
            .push(Row::map("company", "CompanyDunsNumber", false));
        let codes = |c: &crate::config::MappingConfig| -> Vec<&'static str> {
            e.validate(c).diagnostics.iter().map(|d| d.code).collect()
        };
        assert!(
            codes(&c).contains(&"VALUE_MAY_BE_TOO_LONG"),
            "{:?}",
            codes(&c)
        );
        if let Some(r) = c.mappings.leads.last_mut() {
            r.truncate = Some(true);
        }
        assert!(!codes(&c).contains(&"VALUE_MAY_BE_TOO_LONG"));
    }

    #[test]
    fn long_text_into_a_line_of_text_is_a_warning_unless_it_truncates() {
        let e = sample_engine();
        let mut c = crate::config::MappingConfig::default_config();
        let too_long = |c: &crate::config::MappingConfig| -> Vec<String> {
            e.validate(c)
                .diagnostics
                .iter()
                .filter(|d| d.code == "VALUE_MAY_BE_TOO_LONG")
                .map(|d| format!("{} {}", d.path, d.message))
                .collect()
        };
        // The default Location row truncates: a Zoom location runs to about 600 characters.
        assert_eq!(too_long(&c), Vec::<String>::new());
        for r in &mut c.mappings.events {
            r.truncate = None;
        }
        let found = too_long(&c);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("`Location` holds 255 characters"),
            "{found:?}"
        );
        assert!(found[0].contains("is long text"), "{found:?}");
        // A long text area holds it.
        c.mappings.events.retain(|r| r.target != "Location");
        assert!(c.mappings.events.iter().any(|r| r.target == "Description"));
        assert_eq!(too_long(&c), Vec::<String>::new());
    }

    #[test]
    fn an_amount_in_cents_into_a_currency_field_is_a_warning() {
        let mut e = crate::engine::Engine::new();
        e.load_describe(
            r#"{"name":"Case","label":"Case","fields":[{"name":"Amount__c","label":"Amount","type":"currency",
            "createable":true,"updateable":true,"nillable":true,"defaultedOnCreate":false,"precision":18,"scale":2}]}"#,
        )
        .unwrap();
        let mut c = crate::config::MappingConfig::default_config();
        c.mappings.cases = vec![Row::map("payment_amount", "Amount__c", true)];
        let r = e.validate(&c);
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.code == "AMOUNT_IN_MINOR_UNITS")
            .unwrap_or_else(|| panic!("{:#?}", r.diagnostics));
        assert_eq!(d.severity, crate::diagnostic::Severity::Warning);
        c.mappings.cases = vec![Row::map("payment_amount_major", "Amount__c", true)];
        assert!(!e
            .validate(&c)
            .diagnostics
            .iter()
            .any(|d| d.code == "AMOUNT_IN_MINOR_UNITS"));
    }
}
