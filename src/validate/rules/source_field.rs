//! `UNKNOWN_SOURCE_FIELD` / `EMPTY_ROW` — every row needs a known OnceHub field or a fallback.

use crate::diagnostic::Diagnostic;
use crate::validate::Ctx;

/// Runs the rule.
pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    // Custom fields the configuration defines (`sourceFields`), by kind and id, read once.
    let defined: std::collections::HashSet<(crate::catalogue::SourceKind, &str)> = ctx
        .config
        .source_fields
        .iter()
        .flatten()
        .map(|f| {
            (
                f.kind.unwrap_or(crate::catalogue::SourceKind::Contact),
                f.id.as_str(),
            )
        })
        .collect();
    // The OnceHub fields of each kind by normalized id, filed on first use (the first of a
    // name wins, as a search in order would find it): a lookup per unknown row, not a scan.
    let mut near_ids: [Option<crate::text::FastMap<String, usize>>; 2] = [None, None];
    for r in &ctx.rows {
        match (&r.row.source, r.source) {
            (Some(id), None) => {
                let kind = r.tab.source_kind();
                // Defined in the configuration's own `sourceFields` but not registered here.
                let defined = defined.contains(&(kind, id.as_str()));
                let slot = usize::from(kind == crate::catalogue::SourceKind::Meeting);
                let fields = ctx.engine.source_fields(kind);
                let near = near_ids
                    .get_mut(slot)
                    .and_then(|ids| {
                        ids.get_or_insert_with(|| {
                            let mut by_name = crate::text::FastMap::default();
                            for (i, f) in fields.iter().enumerate() {
                                by_name.entry(crate::suggest::normalize(&f.id)).or_insert(i);
                            }
                            by_name
                        })
                        .get(&crate::suggest::normalize(id))
                        .copied()
                    })
                    .and_then(|i| fields.get(i))
                    .map(|f| f.id.as_str());
                out.push(r.diag(
                    "UNKNOWN_SOURCE_FIELD",
                    "source",
                    format!(
                        "`{id}` is not a OnceHub {} field",
                        if kind == crate::catalogue::SourceKind::Contact {
                            "contact"
                        } else {
                            "meeting"
                        }
                    ),
                    if defined {
                        "the configuration defines it under `sourceFields`: register those custom fields first (the mapping screen does this when it imports the configuration; in code, addSourceFields(config.sourceFields))".to_string()
                    } else {
                        near.map_or_else(
                            || {
                                "pick a field from the OnceHub list, or register the custom field first"
                                    .to_string()
                            },
                            |near| format!("did you mean `{near}`?"),
                        )
                    },
                ));
            }
            (None, _) if r.row.fallback.is_none() => out.push(r.diag(
                "EMPTY_ROW",
                "",
                format!(
                    "the row for `{}` has neither a OnceHub field nor a fallback",
                    r.row.target
                ),
                "pick a OnceHub field, give a static value, or remove the row".to_string(),
            )),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Row;
    use crate::validate::test_support::*;

    #[test]
    fn unknown_sources_and_empty_rows() {
        let codes = codes_after(|c| {
            c.mappings.leads.push(Row::map("fax_number", "Fax", false));
            let mut empty = Row::map("x", "Website", false);
            empty.source = None;
            c.mappings.leads.push(empty);
        });
        assert!(codes.contains(&"UNKNOWN_SOURCE_FIELD"));
        assert!(codes.contains(&"EMPTY_ROW"));
    }
}
