//! Auto-mapping suggestions and did-you-mean hints.

use crate::catalogue::SourceField;
use crate::compat::{assess, Grade};
use crate::config::{Fallback, MappingConfig, Row, Tab, DEFAULT_FALLBACK};
use crate::describe::{Field, SObject};
use crate::diagnostic::Severity;
use crate::engine::Engine;
use crate::error::Result;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// A proposed row.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Suggestion {
    /// Tab.
    pub tab: Tab,
    /// The row to add.
    pub row: Row,
    /// 0..1.
    pub confidence: f64,
    /// Why.
    pub reason: String,
}

/// Known synonyms: OnceHub field id → Salesforce field names, best first.
const SYNONYMS: &[(&str, &[&str])] = &[
    ("first_name", &["FirstName"]),
    ("last_name_or_name", &["LastName"]),
    ("email", &["Email"]),
    ("phone", &["Phone"]),
    ("mobile_phone", &["MobilePhone"]),
    ("company", &["Company", "SuppliedCompany"]),
    ("job_title", &["Title"]),
    ("salutation", &["Salutation"]),
    ("street_address", &["Street", "MailingStreet"]),
    ("city", &["City", "MailingCity"]),
    ("state", &["State", "MailingState"]),
    ("post_code", &["PostalCode", "MailingPostalCode"]),
    ("country", &["Country", "MailingCountry"]),
    ("employees", &["NumberOfEmployees"]),
    ("subject", &["Subject"]),
    ("starting_time", &["StartDateTime"]),
    ("end_time", &["EndDateTime"]),
    ("duration_minutes", &["DurationInMinutes"]),
    ("location", &["Location"]),
    ("note", &["Description"]),
    ("booker_name", &["SuppliedName"]),
    ("booker_email", &["SuppliedEmail"]),
    ("booker_phone", &["SuppliedPhone"]),
    ("booker_company", &["SuppliedCompany"]),
];

/// Lowercase letters and digits, without punctuation, symbols or spaces and without a
/// `__c`/`__pc` suffix or namespace prefix. Letters of other scripts are kept (lower-cased
/// where [`crate::text::lower`] knows them), so `ご予算` and `説明` stay apart.
pub fn normalize(name: &str) -> String {
    let base = name
        .strip_suffix("__c")
        .or_else(|| name.strip_suffix("__pc"))
        .unwrap_or(name);
    let base = match base.split_once("__") {
        Some((_ns, rest)) if !rest.is_empty() => rest,
        _ => base,
    };
    base.chars()
        .filter(|c| crate::text::is_word_char(*c))
        .map(crate::text::lower)
        .collect()
}

/// Longest name compared, in chars (field names are at most 40 in Salesforce).
const MAX_NAME_CHARS: usize = 128;

/// Table cells one "did you mean" search may fill, and one call (a [`Hints`] budget) in all:
/// names of the longest kind in an object of thousands of fields get a hint or plain help in
/// bounded time.
const SEARCH_CELLS: usize = 4_000_000;
const CALL_CELLS: usize = 16_000_000;

/// Buffers for [`distance_at_most`] and [`Bigrams::shared`], reused across the fields of a
/// search.
#[derive(Default)]
struct Scratch {
    a: Vec<char>,
    prev: Vec<usize>,
    cur: Vec<usize>,
    counts: Vec<u32>,
}

/// The pairs of adjacent chars of a name, with their counts, sorted: two names within edit
/// distance `k` share at least `max(len) - 1 - 2k` of them (each edit breaks at most two), so a
/// field that shares fewer is farther than the limit without filling a table.
/// (A pair is kept as one number: the first char's code point above the second's.)
struct Bigrams(Vec<(u64, u32)>);

fn pair_of(w: &[char]) -> Option<u64> {
    Some(u64::from(*w.first()?) << 32 | u64::from(*w.get(1)?))
}

impl Bigrams {
    fn new(chars: &[char]) -> Bigrams {
        let mut pairs: Vec<(u64, u32)> = chars
            .windows(2)
            .filter_map(|w| Some((pair_of(w)?, 1)))
            .collect();
        crate::order::sort_by(&mut pairs, &|a, b| a.cmp(b));
        let mut out: Vec<(u64, u32)> = Vec::with_capacity(pairs.len());
        for (pair, _) in pairs {
            match out.last_mut() {
                Some((last, n)) if *last == pair => *n += 1,
                _ => out.push((pair, 1)),
            }
        }
        Bigrams(out)
    }

    /// How many pairs of `chars` are among these (counted as multisets).
    fn shared(&self, chars: &[char], counts: &mut Vec<u32>) -> usize {
        counts.clear();
        counts.extend(self.0.iter().map(|(_, n)| *n));
        let mut shared = 0;
        for pair in chars.windows(2).filter_map(pair_of) {
            if let Ok(i) = self.0.binary_search_by(|(p, _)| p.cmp(&pair)) {
                if let Some(left) = counts.get_mut(i).filter(|n| **n > 0) {
                    *left -= 1;
                    shared += 1;
                }
            }
        }
        shared
    }
}

/// The Levenshtein distance over chars between `a` (its first [`MAX_NAME_CHARS`]) and `b` when
/// it is at most `limit`. Only the band of cells within `limit` of the diagonal is filled (a
/// path outside it costs more), and the work stops at the first row whose every cell is past
/// the limit (the distance only grows from there). `cells` counts the cells filled.
fn distance_at_most(
    a: &str,
    b: &[char],
    pairs: Option<&Bigrams>,
    limit: usize,
    scratch: &mut Scratch,
    cells: &mut usize,
) -> Option<usize> {
    let Scratch {
        a: a_all,
        prev,
        cur,
        counts,
    } = scratch;
    a_all.clear();
    a_all.extend(a.chars().take(MAX_NAME_CHARS));
    // A common start and end cost nothing (names of one object often share a long prefix):
    // the table covers only what lies between.
    let start = a_all.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a_rest, b_rest) = (
        a_all.get(start..).unwrap_or_default(),
        b.get(start..).unwrap_or_default(),
    );
    let end = a_rest
        .iter()
        .rev()
        .zip(b_rest.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let a_chars = a_rest.get(..a_rest.len() - end).unwrap_or_default();
    let b = b_rest.get(..b_rest.len() - end).unwrap_or_default();
    let (n, m) = (a_chars.len(), b.len());
    if n.abs_diff(m) > limit {
        return None;
    }
    // Too few pairs of `a`'s rest among `b`'s (all of `b`: a superset of its rest's, so the
    // test stays sound): farther than the limit, without a table (the q-gram lemma).
    let needed = n.max(m).saturating_sub(1 + 2 * limit);
    if needed > 0 && pairs.is_some_and(|p| p.shared(a_chars, counts) < needed) {
        return None;
    }
    // Past the limit: every cell outside the band, and any sum beyond it.
    let far = limit + 1;
    prev.clear();
    prev.extend((0..=m).map(|j| j.min(far)));
    cur.clear();
    cur.resize(m + 1, far);
    for (i, ca) in a_chars.iter().enumerate().map(|(i, c)| (i + 1, c)) {
        let lo = i.saturating_sub(limit).max(1);
        let hi = (i + limit).min(m);
        let mut row_min = far;
        if let Some(edge) = cur.get_mut(lo - 1) {
            *edge = if lo == 1 { i.min(far) } else { far };
            row_min = *edge;
        }
        for j in lo..=hi {
            let same = b.get(j - 1) == Some(ca);
            let sub = prev.get(j - 1).map_or(far, |p| p + usize::from(!same));
            let del = prev.get(j).map_or(far, |p| p + 1);
            let ins = cur.get(j - 1).map_or(far, |c| c + 1);
            let v = sub.min(del).min(ins).min(far);
            if let Some(slot) = cur.get_mut(j) {
                *slot = v;
            }
            row_min = row_min.min(v);
        }
        // The cell after the band is outside the next row's reach from above.
        if let Some(after) = cur.get_mut(hi + 1) {
            *after = far;
        }
        *cells += (hi + 1).saturating_sub(lo);
        if row_min > limit {
            return None;
        }
        std::mem::swap(prev, cur);
    }
    prev.get(m).copied().filter(|d| *d <= limit)
}

/// The closest field name, for "did you mean": same name in other case first, then the
/// nearest by edit distance on normalized names.
pub fn did_you_mean(object: &SObject, name: &str) -> Option<String> {
    closest(object, name, |_| true, &mut { SEARCH_CELLS })
}

/// [`did_you_mean`] among the fields a mapping row can write (on create, or update-only).
pub fn did_you_mean_writable(object: &SObject, name: &str) -> Option<String> {
    closest(object, name, writable, &mut { SEARCH_CELLS })
}

fn writable(f: &Field) -> bool {
    !f.blocked_for_static() || (f.updateable == Some(true) && !f.never_written())
}

/// How many "did you mean" searches one call makes (one per unknown name, each over every
/// field): a configuration or record of thousands of unknown names gets the first hints, and
/// the rest the plain help, in bounded time. The searches share a budget of table cells too.
pub const MAX_HINTS: usize = 100;

/// A budget of [`MAX_HINTS`] "did you mean" searches for one call.
pub struct Hints {
    searches: usize,
    cells: usize,
}

impl Default for Hints {
    fn default() -> Self {
        Hints {
            searches: MAX_HINTS,
            cells: CALL_CELLS,
        }
    }
}

impl Hints {
    /// [`did_you_mean`], while the budget lasts.
    pub fn any(&mut self, object: &SObject, name: &str) -> Option<String> {
        self.search(object, name, |_| true)
    }

    /// [`did_you_mean_writable`], while the budget lasts.
    pub fn writable(&mut self, object: &SObject, name: &str) -> Option<String> {
        self.search(object, name, writable)
    }

    fn search(
        &mut self,
        object: &SObject,
        name: &str,
        keep: impl Fn(&Field) -> bool,
    ) -> Option<String> {
        if self.searches == 0 || self.cells == 0 {
            return None;
        }
        self.searches -= 1;
        let mut cells = self.cells.min(SEARCH_CELLS);
        let before = cells;
        let found = closest(object, name, keep, &mut cells);
        self.cells -= before - cells;
        found
    }
}

/// The nearest field name within a third of the name's length, while `budget` cells last
/// (then none: a hint from a partial search could name a farther field than the nearest).
fn closest(
    object: &SObject,
    name: &str,
    keep: impl Fn(&Field) -> bool,
    budget: &mut usize,
) -> Option<String> {
    if let Some(f) = object.field_ci(name) {
        return Some(f.name.clone());
    }
    let want: Vec<char> = normalize(name).chars().take(MAX_NAME_CHARS).collect();
    if want.is_empty() {
        return None;
    }
    let mut limit = (want.len() / 3).max(2);
    let mut scratch = Scratch::default();
    let pairs = Bigrams::new(&want);
    let mut cells = 0;
    let mut best: Option<(usize, &String)> = None;
    // Names normalized once per object; a name whose length differs by more than the limit is
    // farther than the limit, so most fields are passed over without a distance. Once a name
    // is found, only names as near can win (ties go to the first name in order).
    for (f, (n, chars)) in object.fields.iter().zip(object.normalized_names()) {
        // Both names as compared: their first MAX_NAME_CHARS chars.
        let chars = (*chars).min(MAX_NAME_CHARS);
        if chars.abs_diff(want.len()) > limit || !keep(f) {
            continue;
        }
        let Some(d) = distance_at_most(n, &want, Some(&pairs), limit, &mut scratch, &mut cells)
        else {
            if cells > *budget {
                *budget = 0;
                return None;
            }
            continue;
        };
        if cells > *budget {
            *budget = 0;
            return None;
        }
        if best.is_none_or(|(bd, bn)| d < bd || (d == bd && f.name < *bn)) {
            best = Some((d, &f.name));
            limit = d;
        }
    }
    *budget -= cells;
    best.map(|(_, n)| n.clone())
}

/// The fields a suggestion may target, with their normalized names and labels, indexed once per
/// call so that each OnceHub field looks up its exact matches instead of scanning every field.
struct Targets<'o> {
    fields: Vec<(&'o Field, String, String)>,
    by_key: HashMap<String, Vec<usize>>,
    /// Built for the first similar-name search: see [`Grams`].
    grams: std::cell::OnceCell<Grams>,
}

/// Shortest name a similar-name match takes (bytes of the normalized name).
const SIMILAR_MIN: usize = 5;

/// The fields whose normalized names contain, or are contained in, a name, found without testing
/// every field. A field containing the name holds each of the name's windows of [`SIMILAR_MIN`]
/// bytes, so the fields holding its rarest window are the candidates. A field inside the name is
/// one of the name's substrings at least [`SIMILAR_MIN`] bytes and 60 % of it long (the
/// similar-name rule), and no longer than the longest field name: those are looked up whole.
#[derive(Default)]
struct Grams {
    /// (each window of each name, the field), sorted: a window's fields are one run. (A window
    /// is kept as a number: its bytes, little-endian.)
    any: Vec<(u64, u32)>,
    /// (a hash of each name ([`crate::text::hash_chars`]), the field), sorted: candidates,
    /// tested exactly afterwards.
    whole: Vec<(u64, u32)>,
    /// Bytes of the longest name.
    longest: usize,
}

/// A window of a name as a number.
fn window_key(w: &[u8]) -> u64 {
    w.iter().rev().fold(0, |k, b| k << 8 | u64::from(*b))
}

impl Grams {
    fn new(fields: &[(&Field, String, String)]) -> Grams {
        let mut grams = Grams::default();
        for (i, (_, name, _)) in fields.iter().enumerate() {
            let Ok(i) = u32::try_from(i) else { break };
            // (A window twice in a name files the field twice: candidates are deduplicated.)
            grams.any.extend(
                name.as_bytes()
                    .windows(SIMILAR_MIN)
                    .map(|w| (window_key(w), i)),
            );
            grams.whole.push((crate::text::hash_chars(name.chars()), i));
            grams.longest = grams.longest.max(name.len());
        }
        crate::order::sort_by(&mut grams.any, &|a, b| a.cmp(b));
        crate::order::sort_by(&mut grams.whole, &|a, b| a.cmp(b));
        grams
    }

    /// Fields whose name may contain `name` or be inside it (a superset; duplicates possible).
    fn around<'g>(&'g self, name: &'g str) -> impl Iterator<Item = usize> + 'g {
        let len = name.len();
        let containing = name
            .as_bytes()
            .windows(SIMILAR_MIN)
            .map(|w| crate::order::run_of(&self.any, window_key(w)))
            .min_by_key(|fields| fields.len())
            .unwrap_or_default();
        // Lengths of a substring that may be a similar field name: 60 % of the name (rounded
        // up) and more, at least SIMILAR_MIN, at most the longest field name and the name.
        let shortest = SIMILAR_MIN.max((len * 6).div_ceil(10));
        let lengths = shortest..=self.longest.min(len);
        let inside = lengths
            .flat_map(move |l| (0..=len.saturating_sub(l)).map(move |start| (start, start + l)))
            .filter_map(move |(start, end)| name.get(start..end))
            .flat_map(|sub| {
                crate::order::run_of(&self.whole, crate::text::hash_chars(sub.chars()))
            });
        containing
            .iter()
            .chain(inside)
            .filter_map(|(_, i)| usize::try_from(*i).ok())
    }
}

impl<'o> Targets<'o> {
    fn new(object: &'o SObject, used: &HashSet<String>) -> Targets<'o> {
        let fields: Vec<(&Field, String, String)> = object
            .fields
            .iter()
            .filter(|f| !used.contains(&f.name.to_ascii_lowercase()))
            .map(|f| (f, normalize(&f.name), normalize(&f.label)))
            .collect();
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, (_, name, label)) in fields.iter().enumerate() {
            by_key.entry(name.clone()).or_default().push(i);
            if label != name {
                by_key.entry(label.clone()).or_default().push(i);
            }
        }
        Targets {
            fields,
            by_key,
            grams: std::cell::OnceCell::new(),
        }
    }
}

/// How well a field's name or label matches a OnceHub field: a confidence and the reason.
fn name_match(
    source: &SourceField,
    (field, norm_name, norm_label_f): &(&Field, String, String),
    norm_src: &str,
    norm_label: &str,
    synonyms: &[&str],
) -> Option<(f64, String)> {
    let (shorter, longer) = if norm_src.len() <= norm_name.len() {
        (norm_src.len(), norm_name.len())
    } else {
        (norm_name.len(), norm_src.len())
    };
    if let Some(pos) = synonyms.iter().position(|s| *s == field.name) {
        Some((
            0.95 - 0.05 * f64::from(u8::try_from(pos).unwrap_or(9)),
            format!(
                "`{}` is the usual home of OnceHub `{}`",
                field.name, source.id
            ),
        ))
    } else if norm_name == norm_src {
        Some((
            0.9,
            format!("`{}` has the same name as `{}`", field.name, source.id),
        ))
    } else if !norm_label_f.is_empty() && (norm_label_f == norm_label || norm_label_f == norm_src) {
        Some((
            0.8,
            format!("`{}` has the same label as `{}`", field.name, source.label),
        ))
    } else if shorter >= SIMILAR_MIN
        // Most of the longer name: `company` is not `zoominfo_company_id`.
        && shorter * 10 >= longer * 6
        && (norm_name.contains(norm_src) || norm_src.contains(norm_name.as_str()))
    {
        Some((
            0.6,
            format!("`{}` and `{}` have similar names", field.name, source.id),
        ))
    } else {
        None
    }
}

/// Targets whose name, label or synonym matches `source`, with a confidence, the reason of the
/// match and the pair's compatibility note: the exact matches (found through the index), or
/// with `similar`, the names that contain one another (found through [`Grams`]).
fn candidates<'o>(
    object: &'o SObject,
    targets: &Targets<'o>,
    source: &SourceField,
    similar: bool,
) -> Vec<(f64, String, String, &'o str)> {
    // A custom field's id and default label carry the `custom.` prefix; its answer's name in
    // OnceHub payloads (a form question's label) names it as people do.
    let bare = |s: &str| normalize(s.strip_prefix("custom.").unwrap_or(s));
    let norm_src = bare(&source.id);
    let norm_label = bare(&source.label);
    let norm_answer = source
        .payload_name()
        .map(normalize)
        .filter(|n| !n.is_empty() && *n != norm_src && *n != norm_label);
    let synonyms = SYNONYMS
        .iter()
        .find(|(id, _)| *id == source.id)
        .map_or(&[][..], |(_, s)| *s);
    let mut picked: Vec<usize> = if similar {
        targets
            .grams
            .get_or_init(|| Grams::new(&targets.fields))
            .around(&norm_src)
            .collect()
    } else {
        synonyms
            .iter()
            .map(|s| normalize(s))
            .chain([norm_src.clone(), norm_label.clone()])
            .chain(norm_answer.clone())
            .filter_map(|key| targets.by_key.get(&key))
            .flatten()
            .copied()
            .collect()
    };
    crate::order::sort_by(&mut picked, &|a, b| a.cmp(b));
    picked.dedup();
    let mut out: Vec<(f64, usize, String, String, &str)> = Vec::new();
    for i in picked {
        let Some(entry) = targets.fields.get(i) else {
            continue;
        };
        let Some((mut conf, why)) = name_match(source, entry, &norm_src, &norm_label, synonyms)
            .or_else(|| {
                let answer = norm_answer.as_deref()?;
                (entry.1 == answer || entry.2 == answer).then(|| {
                    (
                        0.8,
                        format!(
                            "`{}` has the name of the OnceHub answer `{}`",
                            entry.0.name, source.label
                        ),
                    )
                })
            })
        else {
            continue;
        };
        if similar != (conf < 0.7) {
            continue; // each pass takes its own tier
        }
        let field = entry.0;
        let a = assess(object, source, field);
        let Some(grade) = a.grade else { continue };
        match grade {
            Grade::Exact => {}
            Grade::Converts => conf -= 0.05,
            Grade::Lossy => conf -= 0.15,
        }
        let picklist = matches!(
            field.field_type,
            crate::describe::FieldType::Picklist | crate::describe::FieldType::Multipicklist
        );
        // A reduced describe leaves facts out (length, restriction): less is known, so the
        // match is less sure, and free text never goes into a picklist that may be restricted.
        if !field.unknown_facts.is_empty() {
            // More than a length the value may exceed costs on a full describe (lossy, 0.15).
            conf -= 0.2;
            if picklist
                && source.options.is_empty()
                && field
                    .unknown_facts
                    .contains(&crate::describe::Fact::RestrictedPicklist)
            {
                continue;
            }
        }
        // A choice none of whose options is a value of the picklist: every value would be
        // stored outside the picklist's values (or refused by a restricted one). A name match
        // alone does not make that a mapping worth proposing. (A combobox takes any text, and a
        // picklist without listed values cannot be judged.)
        if picklist
            && !field.picklist_values.is_empty()
            && !source.options.is_empty()
            && a.unmatched_options.len() == source.options.len()
        {
            continue;
        }
        // Among equally sure matches, the name closest in length to the OnceHub field's:
        // `field_12_x` is nearer `Field_12__c` than `Field_1__c`.
        let gap = entry.1.len().abs_diff(norm_src.len());
        out.push((conf.max(0.0), gap, why, a.note, field.name.as_str()));
    }
    crate::order::sort_by(&mut out, &|(a, g, _, _, x), (b, h, _, _, y)| {
        b.total_cmp(a).then(g.cmp(h)).then_with(|| x.cmp(y))
    });
    out.into_iter()
        .map(|(conf, _, why, note, name)| (conf, why, note, name))
        .collect()
}

/// Proposes rows for a tab. Never proposes an incompatible or read-only target, a target or
/// source the tab already uses, and never replaces a row.
pub fn suggest_mappings(
    engine: &Engine,
    config: Option<&MappingConfig>,
    tab: Tab,
) -> Result<Vec<Suggestion>> {
    let object = engine.require_object(tab.object())?;
    let existing: &[Row] = config.map_or(&[], |c| c.mappings.rows(tab));
    let used_targets: HashSet<String> = existing
        .iter()
        .map(|r| r.target.to_ascii_lowercase())
        .collect();
    let used_sources: HashSet<&str> = existing
        .iter()
        .filter_map(|r| r.source.as_deref())
        .collect();
    let targets = Targets::new(object, &used_targets);
    let overwrite = matches!(tab, Tab::Events | Tab::Cases);
    let mut best: Vec<Suggestion> = Vec::new();
    // Each candidate row is tried alone, in a copy of the configuration's settings without its
    // rows: the findings on a row do not depend on the other rows (used targets are skipped
    // above), and validating one row keeps this linear in the number of rows.
    let mut trial = config
        .cloned()
        .unwrap_or_else(MappingConfig::default_config);
    for t in Tab::ALL {
        trial.mappings.rows_mut(t).clear();
    }
    trial.field_snapshot = None;
    for source in engine.source_fields(tab.source_kind()) {
        if used_sources.contains(source.id.as_str()) {
            continue;
        }
        // The best candidate whose row validates cleanly, with a fallback when it needs one:
        // exact matches first, similar names only when none of those will do.
        // (The similar-name scan runs lazily, only when the exact matches are used up.)
        let exact = candidates(object, &targets, source, false);
        let similar = std::iter::once(()).flat_map(|()| candidates(object, &targets, source, true));
        for (confidence, why, note, target) in exact.into_iter().chain(similar) {
            let field = object.field(target);
            // Overwrite needs an updateable field (create-only fields are never overwritten).
            let updateable = field.is_none_or(|f| f.updateable != Some(false));
            let mut row = Row::map(&source.id, target, overwrite && updateable);
            match row_errors(engine, &mut trial, tab, &row) {
                RowCheck::Clean => {}
                RowCheck::NeedsFallback => {
                    row.fallback = Some(Fallback::Text(fallback_for(field)));
                    if row_errors(engine, &mut trial, tab, &row) != RowCheck::Clean {
                        continue;
                    }
                }
                RowCheck::Errors => continue,
            }
            let reason = complete_row(object, source, field, &mut row, why, note);
            best.push(Suggestion {
                tab,
                row,
                confidence: (confidence * 100.0).round() / 100.0,
                reason,
            });
            break;
        }
    }
    // One suggestion per target: the most confident wins.
    crate::order::sort_by(&mut best, &|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then_with(|| a.row.target.cmp(&b.row.target))
            .then_with(|| a.row.source.cmp(&b.row.source))
    });
    let mut taken = std::collections::HashSet::new();
    best.retain(|s| taken.insert(s.row.target.clone()));
    // A coordinate only with the other axis, suggested too or already mapped.
    let targets_now: HashSet<String> = best
        .iter()
        .map(|s| s.row.target.to_ascii_lowercase())
        .chain(used_targets.iter().cloned())
        .collect();
    best.retain(|s| {
        object.field(&s.row.target).is_none_or(|f| {
            crate::value::coordinate_partner(object, f)
                .is_none_or(|(_, _, p)| targets_now.contains(&p.name.to_ascii_lowercase()))
        })
    });
    // A state only with its country (by code or by name), in an org with state and country
    // picklists, unless the org has a default country.
    best.retain(|s| {
        use crate::value::{default_entry, ends_with_ci, name_field_of, state_pair};
        let target = s.row.target.as_str();
        let Some((_, country)) = state_pair(object, target) else {
            return true;
        };
        let is_state = ends_with_ci(target, "State") || ends_with_ci(target, "StateCode");
        let written = |f: &Field| targets_now.contains(&f.name.to_ascii_lowercase());
        !is_state
            || written(country)
            || name_field_of(object, country).is_some_and(written)
            || default_entry(country).is_some()
    });
    Ok(best)
}

/// Completes a suggested row for its field: a value map for options named like picklist
/// values, and `truncate` for long text into a short field. Returns the suggestion's reason:
/// the match (`why`), the pair's compatibility `note` as it stands for the completed row, and
/// what the row adds.
fn complete_row(
    object: &SObject,
    source: &SourceField,
    field: Option<&Field>,
    row: &mut Row,
    why: String,
    mut note: String,
) -> String {
    let mut mapped = String::new();
    if let Some((f, map)) = field.and_then(|f| Some((f, options_by_name(source, f)?))) {
        mapped = format!(
            "; {} mapped to the picklist value of the same name",
            crate::text::count(map.len(), "option")
        );
        // The note names the options still left unmatched, not the ones just mapped.
        let mut rest = source.clone();
        rest.options.retain(|o| !map.contains_key(o));
        note = assess(object, &rest, f).note;
        row.value_map = Some(map);
    }
    let cut = field.and_then(|f| cut_to(source, f));
    if cut.is_some() {
        // The row truncates: the note's warning about too-long values no longer holds.
        note = note
            .split("; ")
            .filter(|part| !part.contains("STRING_TOO_LONG"))
            .collect::<Vec<_>>()
            .join("; ");
    }
    let mut reason = if note.is_empty() {
        why
    } else {
        format!("{why}; {note}")
    };
    if let Some(fallback) = &row.fallback {
        reason = format!(
            "{reason}; `{}` is required, so the row has the fallback `{}`",
            row.target,
            fallback.as_text()
        );
    }
    if let Some(length) = cut {
        reason =
            format!("{reason}; the row cuts values to the field's {length} characters (truncate)");
        row.truncate = Some(true);
    }
    reason.push_str(&mapped);
    reason
}

/// The length to cut to, for long text (a booker's note, a web-conferencing location) into a
/// text field of at most 255 characters: such text often runs longer, and one value too long
/// would fail the booking's whole request, while its first 255 characters keep what matters.
fn cut_to(source: &SourceField, field: &Field) -> Option<u32> {
    let text_field = field.field_type.is_text()
        && !matches!(
            field.field_type,
            crate::describe::FieldType::Picklist | crate::describe::FieldType::Multipicklist
        );
    (source.value_type == crate::catalogue::ValueType::LongText
        && source.max_length.is_none()
        && text_field)
        .then_some(field.length?)
        .filter(|n| (1..=255).contains(n))
}

/// A value map for the options of a choice source that are not values of a picklist target
/// but name exactly one of its active values but for letter case, `-`, `_` and spaces
/// (`no_show` → `No-show`). `None` when there is nothing to map.
fn options_by_name(
    source: &SourceField,
    field: &Field,
) -> Option<std::collections::BTreeMap<String, String>> {
    use crate::describe::FieldType;
    if !matches!(
        field.field_type,
        FieldType::Picklist | FieldType::Multipicklist
    ) {
        return None;
    }
    // Inserted one by one: collecting into a BTreeMap would sort with the standard library's
    // sort, which the package otherwise does without (see `crate::order`).
    let mut map = std::collections::BTreeMap::new();
    for o in source.options.iter().filter(|o| !field.has_active_value(o)) {
        let mut named = field
            .active_values()
            .filter(|v| crate::text::loosely_equal(&v.value, o));
        if let (Some(v), None) = (named.next(), named.next()) {
            map.insert(o.clone(), v.value.clone());
        }
    }
    (!map.is_empty()).then_some(map)
}

/// The fallback a suggested row for a required field gets: a picklist's default value (else
/// its first active value), so that it is a value of the list; `[not provided]` otherwise.
fn fallback_for(field: Option<&Field>) -> String {
    field
        .filter(|f| !f.picklist_values.is_empty())
        .and_then(|f| {
            f.active_values()
                .find(|v| v.default_value)
                .or_else(|| f.active_values().next())
        })
        .map_or_else(|| DEFAULT_FALLBACK.to_string(), |v| v.value.clone())
}

#[derive(Debug, PartialEq, Eq)]
enum RowCheck {
    Clean,
    /// The only error is a required field's missing fallback.
    NeedsFallback,
    Errors,
}

/// Validates `row` added to `trial`'s tab and judges the findings on that row only.
fn row_errors(engine: &Engine, trial: &mut MappingConfig, tab: Tab, row: &Row) -> RowCheck {
    let index = trial.mappings.rows(tab).len();
    trial.mappings.rows_mut(tab).push(row.clone());
    let report = crate::validate::validate(engine, trial);
    trial.mappings.rows_mut(tab).pop();
    let mut needs_fallback = false;
    for d in &report.diagnostics {
        if d.tab != Some(tab) || d.row != Some(index) || d.severity != Severity::Error {
            continue;
        }
        if d.code == "REQUIRED_FIELD_NO_FALLBACK" && row.fallback.is_none() {
            needs_fallback = true;
        } else if matches!(d.code, "COORDINATE_WITHOUT_PAIR" | "STATE_COUNTRY_MISMATCH") {
            // Tried alone, each axis lacks the other (a state its country): the pair is judged
            // together at the end.
        } else {
            return RowCheck::Errors;
        }
    }
    if needs_fallback {
        RowCheck::NeedsFallback
    } else {
        RowCheck::Clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_strips_suffixes_namespaces_and_punctuation() {
        assert_eq!(normalize("Mobile_Phone__c"), "mobilephone");
        assert_eq!(normalize("ns__Post_Code__c"), "postcode");
        assert_eq!(normalize("post_code"), "postcode");
    }

    #[test]
    fn similar_name_search_finds_every_name_a_scan_finds() {
        // Names that contain one another at the start, the middle and the end, in other
        // scripts, of the shortest length, and none.
        let names = [
            "Company",
            "CompanySize",
            "Parent_Company_Name",
            "ZoomInfo_Company_Id",
            "Comp",
            "Budget",
            "Annual_Budget_Range",
            "TotalBudget",
            "見込み予算額",
            "予算",
            "Office_Size",
            "Size",
            "MobilePhone",
            "Phone",
            "Other_Phone",
            "PhoneType",
            "Référence_Client",
            "Client",
            "Street",
            "Streets",
            "Post_Code",
            "PostalCode",
        ];
        let fields: Vec<serde_json::Value> = names.iter().map(|n| serde_json::json!({"name": format!("{n}__c"), "label": n, "type": "string", "length": 80, "createable": true, "updateable": true, "nillable": true, "defaultedOnCreate": false})).collect();
        let object = crate::describe::parse::parse_describe(
            &serde_json::json!({"name": "Lead", "fields": fields}).to_string(),
        )
        .unwrap();
        let targets = Targets::new(&object, &HashSet::new());
        let grams = Grams::new(&targets.fields);
        let sources = names.iter().copied().chain([
            "company_size_band",
            "budgetrange",
            "予算額",
            "officesize",
            "phone_number",
            "référence",
            "xyz",
            "streetaddress",
            "postcode",
        ]);
        let mut found_any = 0;
        for source in sources {
            let src = normalize(source);
            let mut fast: Vec<usize> = grams.around(&src).collect();
            fast.sort_unstable();
            fast.dedup();
            for (i, (_, name, _)) in targets.fields.iter().enumerate() {
                // The similar-name rule of `name_match`.
                let (shorter, longer) = (src.len().min(name.len()), src.len().max(name.len()));
                let similar = shorter >= SIMILAR_MIN
                    && shorter * 10 >= longer * 6
                    && (name.contains(src.as_str()) || src.contains(name.as_str()));
                if similar {
                    found_any += 1;
                    assert!(fast.contains(&i), "{source} / {name}: {fast:?}");
                }
            }
        }
        assert!(found_any > 20, "{found_any}");
    }

    #[test]
    fn required_targets_come_with_a_fallback() {
        let e = crate::validate::test_support::sample_engine();
        let s = suggest_mappings(&e, None, Tab::Leads).unwrap();
        let last = s.iter().find(|s| s.row.target == "LastName").unwrap();
        assert_eq!(
            last.row.fallback,
            Some(Fallback::Text(DEFAULT_FALLBACK.to_string()))
        );
        assert!(last.reason.contains("is required"), "{}", last.reason);
        let email = s.iter().find(|s| s.row.target == "Email").unwrap();
        assert_eq!(email.row.fallback, None);
    }

    #[test]
    fn a_state_is_suggested_with_its_country_in_an_org_with_state_and_country_picklists() {
        let entry = |v: &str, label: &str, valid_for: Option<&str>| serde_json::json!({"value": v, "label": label, "active": true, "defaultValue": false, "validFor": valid_for});
        let text = |name: &str| serde_json::json!({"name": name, "label": name, "type": "string", "length": 80, "createable": true, "updateable": true, "nillable": true, "defaultedOnCreate": false});
        let describe = serde_json::json!({"name": "Lead", "fields": [
            {"name": "LastName", "label": "Last Name", "type": "string", "length": 80, "createable": true, "updateable": true, "nillable": false, "defaultedOnCreate": false},
            {"name": "Company", "label": "Company", "type": "string", "length": 255, "createable": true, "updateable": true, "nillable": false, "defaultedOnCreate": false},
            text("State"),
            text("Country"),
            {"name": "CountryCode", "label": "Country Code", "type": "picklist", "length": 255, "createable": true, "updateable": true, "nillable": true, "defaultedOnCreate": false,
             "restrictedPicklist": true, "picklistValues": [entry("US", "United States", None)]},
            {"name": "StateCode", "label": "State Code", "type": "picklist", "length": 255, "createable": true, "updateable": true, "nillable": true, "defaultedOnCreate": false,
             "restrictedPicklist": true, "dependentPicklist": true, "controllerName": "CountryCode",
             "picklistValues": [entry("NY", "New York", Some("gA=="))]}
        ]});
        let mut e = Engine::new();
        e.load_describe(&describe.to_string()).unwrap();
        let targets: Vec<String> = suggest_mappings(&e, None, Tab::Leads)
            .unwrap()
            .into_iter()
            .map(|s| s.row.target)
            .collect();
        assert!(targets.contains(&"State".to_string()), "{targets:?}");
        assert!(targets.contains(&"Country".to_string()), "{targets:?}");
    }

    #[test]
    fn long_text_into_a_line_of_text_is_suggested_with_truncate() {
        let e = crate::validate::test_support::sample_engine();
        let s = suggest_mappings(&e, None, Tab::Events).unwrap();
        let location = s.iter().find(|s| s.row.target == "Location").unwrap();
        assert_eq!(location.row.source.as_deref(), Some("location"));
        assert_eq!(location.row.truncate, Some(true));
        assert!(
            location
                .reason
                .contains("cuts values to the field's 255 characters"),
            "{}",
            location.reason
        );
        assert!(
            !location.reason.contains("STRING_TOO_LONG"),
            "{}",
            location.reason
        );
        // Into a long text area it is sent whole.
        let description = s.iter().find(|s| s.row.target == "Description").unwrap();
        assert_eq!(description.row.truncate, None);
    }

    #[test]
    fn labels_in_other_scripts_match_only_themselves() {
        assert_eq!(normalize("ご予算"), "ご予算");
        assert_ne!(normalize("Größe"), normalize("Grüße"));
        assert_eq!(normalize("Größe"), normalize("GRÖSSE").replace("ss", "ß"));
        // A source labelled in Japanese does not match a field labelled in Japanese.
        let mut e = Engine::new();
        e.load_describe(
            r#"{"name":"Lead","label":"Lead","fields":[
            {"name":"LastName","label":"姓","type":"string","length":80,"createable":true,"updateable":true,"nillable":false,"defaultedOnCreate":false},
            {"name":"Company","label":"会社名","type":"string","length":255,"createable":true,"updateable":true,"nillable":false,"defaultedOnCreate":false},
            {"name":"Description","label":"説明","type":"textarea","length":32000,"createable":true,"updateable":true,"nillable":true,"defaultedOnCreate":false},
            {"name":"Status","label":"状況","type":"picklist","length":40,"createable":true,"updateable":true,"nillable":false,"defaultedOnCreate":false,"restrictedPicklist":false,
             "picklistValues":[{"value":"Open","label":"Open","active":true,"defaultValue":false},{"value":"New","label":"New","active":true,"defaultValue":true}]},
            {"name":"Created_Once__c","label":"作成","type":"string","length":80,"createable":true,"updateable":false,"nillable":true,"defaultedOnCreate":false,"custom":true}]}"#,
        )
        .unwrap();
        e.add_source_fields(
            crate::catalogue::CustomFieldInput::parse_list(
                r#"[{"id":"custom.budget","label":"ご予算","type":"text","kind":"contact"}]"#,
            )
            .unwrap(),
        )
        .unwrap();
        let s = suggest_mappings(&e, None, Tab::Leads).unwrap();
        assert!(
            s.iter()
                .all(|s| s.row.source.as_deref() != Some("custom.budget")),
            "{s:#?}"
        );
        // A required picklist's fallback is a value of the list (its default).
        let lead = e.require_object("Lead").unwrap();
        assert_eq!(fallback_for(lead.field("Status")), "New");
        assert_eq!(fallback_for(lead.field("Company")), DEFAULT_FALLBACK);
    }

    #[test]
    fn create_only_targets_are_suggested_without_overwrite() {
        let mut e = Engine::new();
        e.load_describe(
            r#"{"name":"Event","label":"Event","fields":[
            {"name":"Subject","label":"Subject","type":"combobox","length":255,"createable":true,"updateable":false,"nillable":true,"defaultedOnCreate":false}]}"#,
        )
        .unwrap();
        let s = suggest_mappings(&e, None, Tab::Events).unwrap();
        let subject = s.iter().find(|s| s.row.target == "Subject").unwrap();
        assert!(!subject.row.overwrite);
    }

    #[test]
    fn custom_fields_match_by_their_name_without_custom_and_by_their_answer() {
        let mut e = crate::validate::test_support::sample_engine();
        e.add_source_fields(
            crate::catalogue::CustomFieldInput::parse_list(
                r#"[{"id":"custom.website","type":"url"},
                    {"id":"custom.q7","type":"longText","label":"Question 7","payloadName":"Description"}]"#,
            )
            .unwrap(),
        )
        .unwrap();
        let config = crate::config::MappingConfig::parse(
            r#"{"version":1,"contacts":{"target":"lead"},"mappings":{"leads":[]}}"#,
        );
        let s = suggest_mappings(&e, config.as_ref().ok(), Tab::Leads).unwrap();
        let pair = |src: &str| {
            s.iter()
                .find(|s| s.row.source.as_deref() == Some(src))
                .map(|s| (s.row.target.clone(), s.reason.clone()))
        };
        assert_eq!(
            pair("custom.website").map(|p| p.0).as_deref(),
            Some("Website")
        );
        let (target, reason) = pair("custom.q7").unwrap();
        assert_eq!(target, "Description");
        assert!(reason.contains("OnceHub answer"), "{reason}");
    }

    #[test]
    fn choice_options_named_like_picklist_values_get_a_value_map() {
        let e = crate::validate::test_support::sample_engine();
        let s = suggest_mappings(&e, None, Tab::Events).unwrap();
        let status = s
            .iter()
            .find(|s| s.row.source.as_deref() == Some("status"))
            .unwrap_or_else(|| panic!("{s:#?}"));
        assert_eq!(status.row.target, "Meeting_Status__c");
        let map = status.row.value_map.as_ref().unwrap();
        assert_eq!(map.get("no_show").map(String::as_str), Some("No-show"));
        // Options that are values but for letter case need no entry.
        assert!(!map.contains_key("canceled"), "{map:?}");
        assert!(
            status.reason.contains("picklist value of the same name"),
            "{}",
            status.reason
        );
        // The reason names only the options still unmatched.
        assert!(
            status.reason.contains("`requested`") && !status.reason.contains("`no_show`"),
            "{}",
            status.reason
        );
    }

    #[test]
    fn coordinates_are_suggested_as_a_pair_only() {
        let suggested = |inputs: &str| {
            let mut e = crate::validate::test_support::sample_engine();
            e.add_source_fields(crate::catalogue::CustomFieldInput::parse_list(inputs).unwrap())
                .unwrap();
            let mut targets: Vec<String> = suggest_mappings(&e, None, Tab::Leads)
                .unwrap()
                .into_iter()
                .filter(|s| {
                    s.row
                        .source
                        .as_deref()
                        .is_some_and(|x| x.starts_with("custom."))
                })
                .map(|s| s.row.target)
                .collect();
            targets.sort();
            targets
        };
        assert_eq!(
            suggested(
                r#"[{"id":"custom.lat","type":"number","label":"Latitude"},{"id":"custom.lng","type":"number","label":"Longitude"}]"#
            ),
            ["Latitude", "Longitude"]
        );
        assert!(
            suggested(r#"[{"id":"custom.lat","type":"number","label":"Latitude"}]"#).is_empty()
        );
    }

    #[test]
    fn every_one_typo_name_gets_its_hint_among_thousands_of_random_names() {
        // Names of 36 to 40 random letters (no shared start to skip): the pair filter passes
        // over most fields without a table, so the call's budget covers every search.
        let mut seed = 99_u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        let alpha: Vec<char> = "abcdefghijklmnopqrstuvwxyz_".chars().collect();
        let names: Vec<String> = (0..5_000)
            .map(|_| {
                let len = 36 + next(5);
                let word: String = (0..len)
                    .map(|_| alpha[usize::try_from(next(27)).unwrap()])
                    .collect();
                format!("{word}__c")
            })
            .collect();
        let fields: Vec<serde_json::Value> = names.iter().map(|n| serde_json::json!({"name": n, "type": "string", "length": 80, "createable": true, "updateable": true, "nillable": true, "defaultedOnCreate": false})).collect();
        let object = crate::describe::parse::parse_describe(
            &serde_json::json!({"name": "Lead", "fields": fields}).to_string(),
        )
        .unwrap();
        let mut hints = Hints::default();
        let mut found = 0;
        for k in 0..100 {
            let mut typo = names[k * 37].trim_end_matches("__c").to_string();
            typo.insert(5, 'q');
            if hints.any(&object, &typo).as_deref() == Some(names[k * 37].as_str()) {
                found += 1;
            }
        }
        assert_eq!(found, 100);
    }

    #[test]
    fn distance_counts_edits() {
        let d = |a: &str, b: &str, limit: usize| {
            let b: Vec<char> = b.chars().collect();
            let pairs = Bigrams::new(&b);
            let with =
                distance_at_most(a, &b, Some(&pairs), limit, &mut Scratch::default(), &mut 0);
            let without = distance_at_most(a, &b, None, limit, &mut Scratch::default(), &mut 0);
            assert_eq!(with, without, "{a} {b:?} {limit}");
            with
        };
        assert_eq!(d("lastname", "lastnme", 2), Some(1));
        assert_eq!(d("", "abc", 3), Some(3));
        assert_eq!(d("", "abc", 2), None);
        assert_eq!(d("kitten", "sitting", 3), Some(3));
        assert_eq!(d("kitten", "sitting", 2), None);
        // The band gives the full table's answers: every pair of short words, every limit.
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "xabcx",
            "kitten",
            "sitting",
            "mobilephone",
            "phone",
            "homephone",
            "名前",
            "名前カナ",
        ];
        for a in words {
            for b in words {
                let full = {
                    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                    let mut prev: Vec<usize> = (0..=b.len()).collect();
                    for (i, ca) in a.iter().enumerate() {
                        let mut cur = vec![i + 1];
                        for (j, cb) in b.iter().enumerate() {
                            cur.push(
                                (prev[j] + usize::from(ca != cb))
                                    .min(prev[j + 1] + 1)
                                    .min(cur[j] + 1),
                            );
                        }
                        prev = cur;
                    }
                    prev[b.len()]
                };
                for limit in 0..12 {
                    assert_eq!(
                        d(a, b, limit),
                        (full <= limit).then_some(full),
                        "{a} {b} {limit}"
                    );
                }
            }
        }
    }
}
