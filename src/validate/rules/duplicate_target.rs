//! `DUPLICATE_TARGET` — two rows of one tab write the same field; only one value can win.

use crate::diagnostic::Diagnostic;
use crate::validate::Ctx;

/// Runs the rule.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let mut first: crate::text::FastMap<(crate::config::Tab, String), usize> =
        crate::text::FastMap::default();
    for r in &ctx.rows {
        // Rows without a field yet are not duplicates of each other (target_field says so).
        if r.row.target.trim().is_empty() {
            continue;
        }
        let key = (r.tab, r.row.target.to_ascii_lowercase());
        if let Some(&i) = first.get(&key) {
            out.push(r.diag(
                "DUPLICATE_TARGET",
                "target",
                // Row numbers on screen count from 1, `row` from 0.
                format!(
                    "`{}` is already mapped by row {} of the {} tab",
                    r.row.target,
                    i + 1,
                    r.tab.title()
                ),
                "remove one of the rows, or map one of them to another field".to_string(),
            ));
        } else {
            first.insert(key, r.index);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Row;
    use crate::validate::test_support::*;

    #[test]
    fn second_row_with_the_same_target_is_reported() {
        let codes = codes_after(|c| {
            c.mappings
                .leads
                .push(Row::map("phone", "MobilePhone", false));
        });
        assert_eq!(
            codes.iter().filter(|c| **c == "DUPLICATE_TARGET").count(),
            1
        );
    }
}
