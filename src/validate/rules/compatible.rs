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
        if field.blocked_on_create()
            || crate::compat::grade(source, field).is_some()
            || crate::compat::rescued_by_row(source, field, r.row)
        {
            continue; // blocked: reported by the writable rule
        }
        let a = assess(object, source, field);
        if a.grade.is_none() {
            let prevents = match field.field_type {
                FieldType::Email => "INVALID_EMAIL_ADDRESS",
                FieldType::Picklist | FieldType::Multipicklist if field.restricted_picklist => {
                    "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"
                }
                FieldType::Date | FieldType::Datetime | FieldType::Time | FieldType::Boolean => {
                    "JSON_PARSER_ERROR"
                }
                _ => "INVALID_TYPE_ON_FIELD_IN_RECORD",
            };
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
