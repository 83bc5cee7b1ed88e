//! `PLACEHOLDER_FALLBACK` — fallbacks such as `Unspecified`, `email@example.com`, `1234567890`,
//! `http://NA` or `0` fill Salesforce with junk that looks like data (what OnceHub's legacy
//! connector silently did). A warning: the user may mean it.

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
                "use a value that is true for every record without this data, such as `[not provided]`, or set a default in Salesforce".to_string(),
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
}
