//! `AMOUNT_CURRENCY_UNMAPPED` / `CURRENCY_MAY_BE_REFUSED` — payments in an org that keeps several
//! currencies (its objects have `CurrencyIsoCode`): an amount is stored in the record's currency,
//! and that currency must be one the org has enabled.

use crate::config::Tab;
use crate::describe::FieldType;
use crate::diagnostic::{Diagnostic, Severity};
use crate::validate::Ctx;

/// Runs the rule.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for tab in Tab::ALL {
        // Once per tab: a search is as good as the index.
        let currency_row = ctx
            .tab_rows(tab)
            .find(|r| r.row.target.eq_ignore_ascii_case("CurrencyIsoCode"));
        for r in ctx.tab_rows(tab) {
            let (Some(object), Some(field), Some(source)) = (r.object, r.field, r.source) else {
                continue;
            };
            let Some(codes) = object.field_ci("CurrencyIsoCode") else {
                continue;
            };
            let payment_amount = crate::compat::is_payment_amount(&source.id);
            if payment_amount && field.field_type == FieldType::Currency && currency_row.is_none() {
                out.push(
                    r.diag(
                        "AMOUNT_CURRENCY_UNMAPPED",
                        "target",
                        format!(
                            "the org keeps several currencies and no row sets `{}`: the amount in `{}` is stored in the integration user's default currency, whatever currency the booking was paid in",
                            codes.name, field.name
                        ),
                        format!(
                            "map OnceHub `{}` to {} (with a fallback: one of the org's currencies)",
                            crate::compat::CURRENCY_SOURCE,
                            codes.name
                        ),
                    )
                    .severity(Severity::Warning),
                );
            }
            if source.id == crate::compat::CURRENCY_SOURCE
                && field.is_currency_code_picklist()
                && field.restricted_picklist
                && r.row.fallback.is_none()
            {
                let enabled: Vec<String> = field
                    .active_values()
                    .take(8)
                    .map(|v| format!("`{}`", v.value))
                    .collect();
                out.push(
                    r.diag(
                        "CURRENCY_MAY_BE_REFUSED",
                        "fallback",
                        format!(
                            "`{}` takes only the org's currencies ({}): a booking paid in another one would be refused",
                            field.name,
                            enabled.join(", ")
                        ),
                        "give the row a fallback: one of the org's currencies, sent when the payment's is not".to_string(),
                    )
                    .severity(Severity::Warning)
                    .prevents(Some("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Fallback, MappingConfig, Row};

    #[test]
    fn payments_in_a_multi_currency_org_need_the_records_currency() {
        let mut e = crate::engine::Engine::new();
        e.load_describe(
            r#"{"name":"Case","fields":[
            {"name":"Subject","type":"string","length":255,"createable":true,"updateable":true,"nillable":true,"defaultedOnCreate":false},
            {"name":"Amount_Paid__c","type":"currency","precision":18,"scale":2,"createable":true,"updateable":true,"nillable":true,"defaultedOnCreate":false},
            {"name":"CurrencyIsoCode","type":"picklist","length":3,"createable":true,"updateable":true,"nillable":true,"defaultedOnCreate":true,"restrictedPicklist":true,
             "picklistValues":[{"value":"USD","label":"U.S. Dollar","active":true,"defaultValue":true},{"value":"EUR","label":"Euro","active":true,"defaultValue":false}]}]}"#,
        )
        .unwrap();
        let mut c = MappingConfig::default_config();
        c.meetings.case_calendars = vec!["BKC-1".to_string()];
        c.mappings.cases = vec![Row::map("payment_amount_major", "Amount_Paid__c", true)];
        let codes = |c: &MappingConfig| -> Vec<(&'static str, String)> {
            e.validate(c)
                .diagnostics
                .into_iter()
                .filter(|d| d.code.contains("CURRENCY"))
                .map(|d| (d.code, d.message))
                .collect()
        };
        let found = codes(&c);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].0, "AMOUNT_CURRENCY_UNMAPPED");
        c.mappings
            .cases
            .push(Row::map("payment_currency", "CurrencyIsoCode", true));
        let found = codes(&c);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].0, "CURRENCY_MAY_BE_REFUSED");
        assert!(found[0].1.contains("`USD`, `EUR`"), "{}", found[0].1);
        if let Some(r) = c.mappings.cases.last_mut() {
            r.fallback = Some(Fallback::Text("USD".to_string()));
        }
        assert_eq!(codes(&c), Vec::new());
    }
}
