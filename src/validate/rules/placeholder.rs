//! `PLACEHOLDER_FALLBACK` — fallbacks such as `Unspecified`, `email@example.com`, `1234567890`,
//! `http://NA` or `0` fill Salesforce with junk that looks like data (what OnceHub's legacy
//! connector silently did). A warning: the user may mean it.

use crate::describe::FieldType;
use crate::diagnostic::Diagnostic;
use crate::validate::Ctx;

const PLACEHOLDERS: &[&str] = &[
    "unspecified",
    "unknown",
    "n/a",
    "na",
    "none",
    "null",
    "nil",
    "-",
    "--",
    "tbd",
    "test",
    "placeholder",
    "default",
    "xxx",
    "x",
    "?",
    ".",
    "0",
    "0.0",
    "0.00",
    "$0.00",
    "0%",
    "0,0",
    "1234567890",
    "0000000000",
    "123-456-7890",
    "http://na",
    "https://na",
    "http://n/a",
    "email@example.com",
    "test@test.com",
    "noemail@noemail.com",
    "no@email.com",
];

/// Does the text look like a placeholder?
pub fn is_placeholder(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    if PLACEHOLDERS.contains(&t.as_str()) {
        return true;
    }
    if let Some((_, domain)) = t.split_once('@') {
        if matches!(
            domain,
            "example.com" | "example.org" | "example.net" | "test.com"
        ) {
            return true;
        }
    }
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    digits.len() >= 7
        && (digits.chars().all(|c| digits.starts_with(c))
            || "01234567890123456789".contains(&digits))
}

/// Runs the rule.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for r in &ctx.rows {
        let Some(f) = &r.row.fallback else { continue };
        let text = f.as_text();
        if is_placeholder(&text) {
            out.push(r.diag(
                "PLACEHOLDER_FALLBACK",
                "fallback",
                format!("the fallback `{text}` for `{}` looks like a placeholder and would pollute the CRM", r.row.target),
                // `[not provided]` is text: an email, number, phone or date field refuses it.
                if r.field.is_none_or(|f| {
                    matches!(
                        f.field_type,
                        FieldType::String | FieldType::Textarea | FieldType::Combobox
                    )
                }) {
                    "use a value that plainly marks the data as missing, such as `[not provided]` (the brackets tell it from real data, as `Unknown` does not), or set a default in Salesforce".to_string()
                } else if r.field.is_some_and(|f| crate::required::schema_required(f).is_some()) {
                    "use a value that is true for every record without this data, or set a default in Salesforce".to_string()
                } else {
                    "remove the fallback so the field stays empty, or set a default in Salesforce".to_string()
                },
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_placeholder;

    #[test]
    fn known_placeholders() {
        for p in [
            "Unspecified",
            "email@example.com",
            "1234567890",
            "http://NA",
            "0",
            " n/a ",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        for ok in ["[not provided]", "Web", "Acme Ltd", "+1 202 555 0195"] {
            assert!(!is_placeholder(ok), "{ok}");
        }
    }

    #[test]
    fn the_help_fits_the_field_type() {
        use crate::config::Row;
        use crate::validate::test_support::sample_engine;
        let e = sample_engine();
        let mut c = crate::config::MappingConfig::default_config();
        c.mappings
            .leads
            .push(Row::map("email", "Email", false).with_fallback("email@example.com"));
        c.mappings
            .leads
            .push(Row::map("company", "Company", false).with_fallback("Unknown"));
        let helps: Vec<(String, String)> = e
            .validate(&c)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == "PLACEHOLDER_FALLBACK")
            .map(|d| (d.path, d.help))
            .collect();
        let email = helps
            .iter()
            .find(|(p, _)| p.ends_with(&format!("/{}/fallback", c.mappings.leads.len() - 2)));
        assert!(
            email.is_some_and(|(_, h)| !h.contains("[not provided]")),
            "{helps:?}"
        );
        let company = helps
            .iter()
            .find(|(p, _)| p.ends_with(&format!("/{}/fallback", c.mappings.leads.len() - 1)));
        assert!(
            company.is_some_and(|(_, h)| h.contains("[not provided]")),
            "{helps:?}"
        );
    }
}
