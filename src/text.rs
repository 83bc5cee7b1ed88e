//! Letter case and accents for comparing and sorting names and picklist values, for the scripts
//! Salesforce orgs use most (Latin with Vietnamese, Greek, Cyrillic, Armenian), without the
//! Unicode case tables: those would add more to the package than everything here does.

/// The lower-case letter of `c` (Latin-1, Latin Extended-A and Additional, Greek, Cyrillic and
/// Armenian capitals);
/// other characters are returned as they are.
pub fn lower(c: char) -> char {
    let u = u32::from(c);
    let lowered = match u {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => {
            u + 32
        }
        0x400..=0x40F => u + 80,
        // Latin Extended-A: capitals at even code points, except the run 0x139..=0x148 and
        // 0x179..=0x17E (odd capitals), and 0x130/0x131/0x138/0x149/0x17F (no simple pair).
        // Latin Extended Additional (Vietnamese and others) likewise.
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 | 0x1E00..=0x1E94 | 0x1EA0..=0x1EFE
            if u % 2 == 0 =>
        {
            u + 1
        }
        0x139..=0x148 | 0x179..=0x17E if u % 2 == 1 => u + 1,
        0x178 => 0xFF,
        // Greek capitals with tonos.
        0x386 => 0x3AC,
        0x388..=0x38A => u + 37,
        0x38C => 0x3CC,
        0x38E..=0x38F => u + 63,
        // Armenian.
        0x531..=0x556 => u + 48,
        _ => u,
    };
    char::from_u32(lowered).unwrap_or(c)
}

/// `a` or `an` for a word (by its first letter: `an Event`, `a Lead`).
pub fn article(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// `1 value`, `3 values`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Is `c` blank: white space, or an invisible zero-width mark (U+200B, U+FEFF) that a form or a
/// paste leaves behind?
pub fn is_blank_char(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}')
}

/// Is `c` part of a word (a letter or digit of any script), as opposed to a space, punctuation
/// or a symbol? ASCII by its classes; beyond ASCII, everything but the common punctuation and
/// symbol blocks (curly quotes, dashes, full-width and CJK punctuation, arrows, math).
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !matches!(u32::from(c),
        0x80..=0xBF | 0xD7 | 0xF7
        | 0x2000..=0x206F | 0x20A0..=0x20CF | 0x2190..=0x2BFF
        | 0x3000..=0x303F | 0xFE30..=0xFE6F
        | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
}

/// The base letter of an accented lower-case Latin letter (`é` → `e`), for sorting.
pub fn unaccented(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' => 'i',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' => 's',
        'ţ' | 'ť' | 'ŧ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        c => c,
    }
}

/// Do two names match loosely, as a person would read them: outer blanks, letter case, and
/// `-`, `_` and spaces between words, one or several, do not count (`Office size` =
/// `office_size`, `Working - Contacted` = `Working-Contacted`). Used for OnceHub answer names
/// and value-map keys, which people type by hand.
pub fn loosely_equal(a: &str, b: &str) -> bool {
    loose_folded(a).eq(loose_folded(b))
}

/// The text [`loosely_equal`] compares: equal keys, loosely equal names.
pub fn loose_key(s: &str) -> String {
    loose_folded(s).collect()
}

/// A hash of [`loose_key`]`(s)`, without building it.
pub fn loose_hash(s: &str) -> u64 {
    hash_chars(loose_folded(s))
}

/// A hash of a name without regard to ASCII case, for a table whose entries are then compared
/// with `eq_ignore_ascii_case`. Eight bytes at a time, each with its `0x20` bit set: that
/// lowers ASCII letters (and merges a few other pairs, such as `@` and `` ` ``, which the
/// comparison then tells apart).
pub fn ascii_lower_hash(s: &str) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = s.len() as u64;
    let mut words = s.as_bytes().chunks_exact(8);
    for w in words.by_ref() {
        // Always 8 bytes (`chunks_exact`).
        let bytes: [u8; 8] = w.try_into().unwrap_or_default();
        h = (h ^ (u64::from_le_bytes(bytes) | 0x2020_2020_2020_2020))
            .wrapping_mul(K)
            .rotate_left(29);
    }
    let mut last = 0_u64;
    for (i, b) in words.remainder().iter().enumerate() {
        last |= u64::from(b | 0x20) << (8 * i);
    }
    (h ^ last).wrapping_mul(K) ^ (h >> 31)
}

/// A hash of a run of chars (FNV-1a, one step per code point).
pub fn hash_chars(chars: impl Iterator<Item = char>) -> u64 {
    chars.fold(FNV_OFFSET, |h, c| fnv_step(h, u32::from(c)))
}

/// [`hash_chars`] of the text with every character [`lower`]ed; ASCII text is hashed byte by
/// byte, to the same value.
pub fn lower_hash(s: &str) -> u64 {
    if s.is_ascii() {
        s.bytes().fold(FNV_OFFSET, |h, b| {
            fnv_step(h, u32::from(b.to_ascii_lowercase()))
        })
    } else {
        hash_chars(s.chars().map(lower))
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv_step(h: u64, unit: u32) -> u64 {
    (h ^ u64::from(unit)).wrapping_mul(0x0100_0000_01b3)
}

/// [`loosely_equal`] against a name already folded by [`loose_key`]: for one text compared
/// with many names, folded once (a long text is not folded again for each name).
pub fn loosely_equal_key(name: &str, key: &str) -> bool {
    loose_folded(name).eq(key.chars())
}

fn loose_folded(s: &str) -> impl Iterator<Item = char> + '_ {
    let mut after_separator = false;
    s.trim().chars().filter_map(move |c| {
        let separator = matches!(c, '-' | '_' | ' ');
        let keep = !(separator && after_separator);
        after_separator = separator;
        keep.then(|| if separator { '_' } else { lower(c) })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_hash_of_ascii_text_is_the_hash_of_its_lowered_chars() {
        for s in [
            "",
            "Web",
            "WEB",
            "web",
            "Phone Inquiry",
            "América/New_York",
            "ÉCOLE",
            "école",
        ] {
            assert_eq!(lower_hash(s), hash_chars(s.chars().map(lower)), "{s}");
        }
        assert_eq!(lower_hash("Web"), lower_hash("wEB"));
        assert_eq!(lower_hash("ÉCOLE"), lower_hash("école"));
        assert_ne!(lower_hash("Web"), lower_hash("Webs"));
    }

    #[test]
    fn loose_names_ignore_case_and_runs_of_separators() {
        assert!(loosely_equal("Office size", "office_size"));
        assert!(loosely_equal("Working - Contacted", "Working-Contacted"));
        assert!(loosely_equal(
            " Closed - Not Converted ",
            "closed_not_converted"
        ));
        assert!(loosely_equal("no_show", "No-show"));
        assert!(!loosely_equal("noshow", "No-show"));
        assert!(!loosely_equal("Working", "Working-Contacted"));
    }

    #[test]
    fn lower_agrees_with_unicode_where_it_maps() {
        // Every capital this maps is mapped as Unicode's full lower-casing does.
        for u in 0..0x2000_u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let l = lower(c);
            if l != c {
                assert_eq!(
                    c.to_lowercase().collect::<String>(),
                    l.to_string(),
                    "U+{u:04X}"
                );
            }
        }
        for (a, b) in [
            ('É', 'é'),
            ('Ł', 'ł'),
            ('Ž', 'ž'),
            ('Ÿ', 'ÿ'),
            ('Ж', 'ж'),
            ('Ё', 'ё'),
            ('Σ', 'σ'),
        ] {
            assert_eq!(lower(a), b);
        }
    }

    #[test]
    fn punctuation_of_any_script_is_not_part_of_a_word() {
        for c in ['a', 'Z', '7', 'é', 'ж', 'ご', '予'] {
            assert!(is_word_char(c), "{c}");
        }
        for c in [
            ' ', '\'', '\u{2019}', '\u{2013}', '（', '）', '、', '\u{a0}', '×',
        ] {
            assert!(!is_word_char(c), "{c:?}");
        }
    }
}

/// FNV-1a, for the engine's small maps keyed by field names: far cheaper than the standard
/// library's keyed `SipHash`, and the maps are bounded (5,000 fields, 20,000 rows), so crafted
/// collisions cost at most a bounded amount of work.
#[derive(Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(FNV_OFFSET)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = fnv_step(self.0, u32::from(*b));
        }
    }
}

/// A `HashMap` with [`Fnv`].
pub type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;
