//! A small, strict, single-pass JSON reader over UTF-8 text, used where speed and exact error
//! paths matter (describes are large). It reads values on demand and skips the rest, checking
//! syntax everywhere, tracking the JSON pointer of the current value for errors, and refusing
//! nesting deeper than [`MAX_DEPTH`] without recursing on the call stack for skipped values.

use crate::error::{pointer_segment, EngineError, ErrorCode};
use std::borrow::Cow;

/// Deepest nesting accepted.
pub const MAX_DEPTH: usize = 128;

/// A JSON reader.
pub struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    /// Deepest nesting accepted: [`MAX_DEPTH`], lifted only by [`Reader::skip_any_depth`].
    max_depth: usize,
    /// The key or index at each open level (`segs[d]` for depth `d`), kept as byte ranges so
    /// reading a key costs no allocation; the pointer is only built for an error.
    segs: Vec<Seg>,
}

/// A position saved by [`Reader::mark`].
#[derive(Clone, Copy)]
pub struct Mark {
    pos: usize,
    depth: usize,
}

/// A path segment.
#[derive(Clone, Copy)]
enum Seg {
    /// A level entered by `skip`, or before its first key.
    None,
    /// A key: the byte range of its raw text between the quotes.
    Key(usize, usize),
    /// An array index.
    Index(usize),
}

/// The kind of the next value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `{`
    Object,
    /// `[`
    Array,
    /// `"`
    String,
    /// a number
    Number,
    /// `true` / `false`
    Bool,
    /// `null`
    Null,
}

impl Kind {
    /// Words for messages.
    pub fn words(self) -> &'static str {
        match self {
            Kind::Object => "an object",
            Kind::Array => "an array",
            Kind::String => "a string",
            Kind::Number => "a number",
            Kind::Bool => "a boolean",
            Kind::Null => "null",
        }
    }
}

/// What the reader's steps return. The error is boxed: a `Result` of one pointer (or a value and
/// a pointer) is returned in registers, where one holding the whole error would go through
/// memory on every call, and the reader makes one call per token.
pub type R<T> = Result<T, Box<EngineError>>;

impl<'a> Reader<'a> {
    /// A reader at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            depth: 0,
            max_depth: MAX_DEPTH,
            segs: vec![Seg::None; MAX_DEPTH + 2],
        }
    }

    fn set_seg(&mut self, seg: Seg) {
        if let Some(slot) = self.segs.get_mut(self.depth) {
            *slot = seg;
        }
    }

    /// The JSON pointer of the value being read.
    pub fn pointer(&self) -> String {
        let mut out = String::new();
        for seg in self.segs.iter().take(self.depth + 1).skip(1) {
            match *seg {
                Seg::None => {}
                Seg::Key(start, end) => {
                    let raw = self.text.get(start..end).unwrap_or("");
                    let key = if raw.contains('\\') {
                        // Re-read the quoted key to unescape it.
                        self.text
                            .get(start.saturating_sub(1)..=end)
                            .and_then(|quoted| Reader::new(quoted).string().ok())
                            .map_or_else(|| raw.to_string(), Cow::into_owned)
                    } else {
                        raw.to_string()
                    };
                    out.push('/');
                    out.push_str(&pointer_segment(&key));
                }
                Seg::Index(i) => {
                    out.push('/');
                    out.push_str(&i.to_string());
                }
            }
        }
        out
    }

    fn line_col(&self) -> (usize, usize) {
        let upto = self.text.get(..self.pos.min(self.text.len())).unwrap_or("");
        let line = upto.bytes().filter(|b| *b == b'\n').count() + 1;
        let col = upto.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }

    /// A syntax error at the current position.
    #[cold]
    pub fn syntax(&self, what: &str) -> Box<EngineError> {
        let (line, col) = self.line_col();
        Box::new(EngineError::new(
            ErrorCode::InvalidJson,
            format!("not valid JSON: {what} (line {line}, column {col})"),
            self.pointer(),
            "check that the text is complete JSON: it may be cut off or edited by hand (the line and column show where)",
        ))
    }

    /// A key given twice in one object (the current value is the second): which one counts is
    /// ambiguous, so it is refused rather than one of them kept silently.
    #[cold]
    pub fn duplicate_key(&self, key: &str) -> Box<EngineError> {
        Box::new(EngineError::new(
            ErrorCode::InvalidJson,
            format!(
                "the key `{}` appears twice in one object",
                key.chars()
                    .take(60)
                    .filter(|c| !c.is_control())
                    .collect::<String>()
            ),
            self.pointer(),
            "keep one of the two; the text was probably edited by hand",
        ))
    }

    /// A type error for the current value.
    #[cold]
    pub fn type_error(
        &self,
        code: ErrorCode,
        expected: &str,
        found: Kind,
        help: &str,
    ) -> Box<EngineError> {
        Box::new(EngineError::new(
            code,
            format!("expected {expected}, found {}", found.words()),
            self.pointer(),
            help,
        ))
    }

    #[expect(
        clippy::inline_always,
        reason = "called for every token, also by the engine's own readers, built at opt-level z, which would not inline it"
    )]
    #[inline(always)]
    fn ws(&mut self) {
        while let Some(b) = self.bytes.get(self.pos) {
            if matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    #[expect(
        clippy::inline_always,
        reason = "called for every token, also by the engine's own readers, built at opt-level z, which would not inline it"
    )]
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips a UTF-8 byte order mark.
    pub fn skip_bom(&mut self) {
        if self.text.starts_with('\u{feff}') {
            self.pos = 3;
        }
    }

    /// The kind of the next value (after whitespace).
    #[inline]
    pub fn kind(&mut self) -> R<Kind> {
        self.ws();
        match self.peek() {
            Some(b'{') => Ok(Kind::Object),
            Some(b'[') => Ok(Kind::Array),
            Some(b'"') => Ok(Kind::String),
            Some(b't' | b'f') => Ok(Kind::Bool),
            Some(b'n') => Ok(Kind::Null),
            Some(b'-' | b'0'..=b'9') => Ok(Kind::Number),
            Some(_) => Err(self.syntax("expected a value")),
            None => Err(self.syntax("unexpected end of text")),
        }
    }

    /// After the last value: only whitespace may follow.
    pub fn end(&mut self) -> R<()> {
        self.ws();
        if self.pos < self.bytes.len() {
            return Err(self.syntax("trailing characters after the JSON value"));
        }
        Ok(())
    }

    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        self.set_seg(Seg::None);
        if self.depth > self.max_depth {
            return Err(Box::new(EngineError::new(
                ErrorCode::NestingTooDeep,
                format!("the JSON nests deeper than {MAX_DEPTH} levels"),
                self.pointer(),
                "flatten the JSON; no Salesforce or OnceHub document nests this deep",
            )));
        }
        Ok(())
    }

    /// Iterates the keys of an object: call with the object next; `f` must consume each value.
    pub fn object(&mut self, f: &mut dyn FnMut(&mut Self, &str) -> R<()>) -> R<()> {
        self.object_with(f)
    }

    /// [`Reader::object`] compiled for one caller, so the hot loops of this crate (the
    /// attributes of every describe field) call their key handler directly.
    #[inline]
    pub(crate) fn object_with<F: FnMut(&mut Self, &str) -> R<()>>(&mut self, mut f: F) -> R<()> {
        self.ws();
        if self.peek() != Some(b'{') {
            return Err(self.syntax("expected `{`"));
        }
        self.pos += 1;
        self.enter()?;
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(());
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(self.syntax("expected a key in quotes"));
            }
            let start = self.pos + 1;
            let escaped: String;
            let key = if let Some(key) = self.plain_key() {
                key
            } else {
                escaped = self.string()?.into_owned();
                escaped.as_str()
            };
            self.set_seg(Seg::Key(start, self.pos - 1));
            self.ws();
            if self.peek() != Some(b':') {
                return Err(self.syntax("expected `:` after a key"));
            }
            self.pos += 1;
            f(self, key)?;
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                _ => return Err(self.syntax("expected `,` or `}` in an object")),
            }
        }
    }

    /// Iterates the elements of an array: `f` gets the index and must consume each value.
    pub fn array(&mut self, f: &mut dyn FnMut(&mut Self, usize) -> R<()>) -> R<()> {
        self.ws();
        if self.peek() != Some(b'[') {
            return Err(self.syntax("expected `[`"));
        }
        self.pos += 1;
        self.enter()?;
        self.ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(());
        }
        let mut i = 0;
        loop {
            self.set_seg(Seg::Index(i));
            f(self, i)?;
            i += 1;
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                _ => return Err(self.syntax("expected `,` or `]` in an array")),
            }
        }
    }

    /// A key without escapes or control characters, read in place (the reader is at its
    /// opening quote); `None` leaves the reader where it was, for [`Reader::string`] to read it.
    /// Keys are short, so a plain byte loop beats the word scan of strings.
    fn plain_key(&mut self) -> Option<&'a str> {
        let start = self.pos + 1;
        let mut end = start;
        loop {
            match *self.bytes.get(end)? {
                b'"' => break,
                b'\\' | 0..=0x1f => return None,
                _ => end += 1,
            }
        }
        let key = self.text.get(start..end)?;
        self.pos = end + 1;
        Some(key)
    }

    /// Reads a string (the next value must be one).
    pub fn string(&mut self) -> R<Cow<'a, str>> {
        self.ws();
        if self.peek() != Some(b'"') {
            return Err(self.syntax("expected a string"));
        }
        self.pos += 1;
        let start = self.pos;
        // Fast path: no escapes. 8 bytes at a time to the first special one.
        self.pos = special_at(self.bytes, self.pos);
        match self.bytes.get(self.pos) {
            Some(b'"') => {
                let s = self
                    .text
                    .get(start..self.pos)
                    .ok_or_else(|| self.syntax("bad string"))?;
                self.pos += 1;
                return Ok(Cow::Borrowed(s));
            }
            Some(0..=0x1f) => return Err(self.syntax("control character in a string")),
            // A backslash, or the end of the text: the slow path says which.
            _ => {}
        }
        let mut out = String::from(self.text.get(start..self.pos).unwrap_or(""));
        loop {
            let Some(&b) = self.bytes.get(self.pos) else {
                return Err(self.syntax("unterminated string"));
            };
            match b {
                b'"' => {
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                b'\\' => {
                    self.pos += 1;
                    let Some(&e) = self.bytes.get(self.pos) else {
                        return Err(self.syntax("unterminated escape"));
                    };
                    self.pos += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&hi) {
                                if self.bytes.get(self.pos) == Some(&b'\\')
                                    && self.bytes.get(self.pos + 1) == Some(&b'u')
                                {
                                    let save = self.pos;
                                    self.pos += 2;
                                    let lo = self.hex4()?;
                                    if (0xDC00..0xE000).contains(&lo) {
                                        char::from_u32(
                                            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00),
                                        )
                                    } else {
                                        self.pos = save;
                                        None
                                    }
                                } else {
                                    None
                                }
                            } else {
                                char::from_u32(hi)
                            };
                            // A lone surrogate cannot be UTF-8: keep the text, mark the spot.
                            out.push(c.unwrap_or('\u{fffd}'));
                        }
                        _ => return Err(self.syntax("invalid escape in a string")),
                    }
                }
                0..=0x1f => return Err(self.syntax("control character in a string")),
                _ => {
                    let run_start = self.pos;
                    self.pos = special_at(self.bytes, self.pos);
                    out.push_str(self.text.get(run_start..self.pos).unwrap_or(""));
                }
            }
        }
    }

    fn hex4(&mut self) -> R<u32> {
        let s = self
            .text
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.syntax("short \\u escape"))?;
        if !s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(self.syntax("invalid \\u escape"));
        }
        let v = u32::from_str_radix(s, 16).map_err(|_| self.syntax("invalid \\u escape"))?;
        self.pos += 4;
        Ok(v)
    }

    /// Reads a number's text (validated JSON number syntax).
    pub fn number_text(&mut self) -> R<&'a str> {
        self.ws();
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                while matches!(self.peek(), Some(b'0'..=b'9')) {
                    self.pos += 1;
                }
            }
            _ => return Err(self.syntax("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.syntax("invalid number"));
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.pos += 1;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.syntax("invalid number"));
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.pos += 1;
            }
        }
        self.text
            .get(start..self.pos)
            .ok_or_else(|| self.syntax("invalid number"))
    }

    /// Steps over `word` (`true`, `fals`+`e`, `null`): compared as a fixed-size array, which
    /// compiles to one integer comparison instead of a `memcmp` call.
    #[inline]
    fn literal<const N: usize>(&mut self, word: &[u8; N]) -> R<()> {
        if self
            .bytes
            .get(self.pos..)
            .and_then(<[u8]>::first_chunk::<N>)
            == Some(word)
        {
            self.pos += N;
            Ok(())
        } else {
            Err(self.syntax("invalid literal"))
        }
    }

    /// Reads `true`/`false`.
    #[inline]
    pub fn boolean(&mut self) -> R<bool> {
        self.ws();
        if self.peek() == Some(b't') {
            self.literal(b"true").map(|()| true)
        } else {
            self.literal(b"fals")?;
            self.literal(b"e").map(|()| false)
        }
    }

    /// Reads `null`.
    #[inline]
    pub fn null(&mut self) -> R<()> {
        self.ws();
        self.literal(b"null")
    }

    /// How many bytes of the text the reader has read.
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// Where the reader is, for [`Reader::rewind`].
    pub fn mark(&self) -> Mark {
        Mark {
            pos: self.pos,
            depth: self.depth,
        }
    }

    /// Goes back to a [`Reader::mark`] taken at the start of a value, e.g. to skip that value
    /// after reading it failed part way.
    pub fn rewind(&mut self, mark: Mark) {
        self.pos = mark.pos;
        self.depth = mark.depth;
    }

    /// [`Reader::skip`] without the nesting limit (the skip keeps its own heap stack, never the
    /// call stack), to step over a value refused for its depth and go on with the next one.
    pub fn skip_any_depth(&mut self) -> R<()> {
        self.max_depth = usize::MAX;
        let done = self.skip();
        self.max_depth = MAX_DEPTH;
        done
    }

    /// Skips one value of any kind, checking its syntax, without recursion.
    pub fn skip(&mut self) -> R<()> {
        // Most skipped values are scalars: step over them without the container machinery.
        self.ws();
        match self.peek() {
            // Through `boolean`, so that a broken `false` is reported where `boolean` reports it.
            Some(b't' | b'f') => return self.boolean().map(drop),
            Some(b'n') => return self.literal(b"null"),
            Some(b'"') => return self.string().map(drop),
            _ => {}
        }
        // Containers open: true = object, false = array. `expect_key` tracks object positions.
        let mut stack: Vec<bool> = Vec::new();
        loop {
            // A value.
            match self.kind()? {
                Kind::String => {
                    self.string()?;
                }
                Kind::Number => {
                    self.number_text()?;
                }
                Kind::Bool => {
                    self.boolean()?;
                }
                Kind::Null => self.null()?,
                Kind::Object | Kind::Array => {
                    let is_obj = self.peek() == Some(b'{');
                    self.pos += 1;
                    self.enter()?;
                    stack.push(is_obj);
                    self.ws();
                    let close = if is_obj { b'}' } else { b']' };
                    if self.peek() == Some(close) {
                        self.pos += 1;
                        self.depth -= 1;
                        stack.pop();
                    } else {
                        if is_obj {
                            self.key_colon()?;
                        }
                        continue;
                    }
                }
            }
            // After a value: close containers or move to the next element.
            loop {
                let Some(&is_obj) = stack.last() else {
                    return Ok(());
                };
                self.ws();
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        if is_obj {
                            self.key_colon()?;
                        }
                        break;
                    }
                    Some(b'}') if is_obj => {
                        self.pos += 1;
                        self.depth -= 1;
                        stack.pop();
                    }
                    Some(b']') if !is_obj => {
                        self.pos += 1;
                        self.depth -= 1;
                        stack.pop();
                    }
                    _ => return Err(self.syntax("expected `,` or a closing bracket")),
                }
            }
        }
    }

    fn key_colon(&mut self) -> R<()> {
        self.ws();
        if self.peek() != Some(b'"') {
            return Err(self.syntax("expected a key in quotes"));
        }
        self.string()?;
        self.ws();
        if self.peek() != Some(b':') {
            return Err(self.syntax("expected `:` after a key"));
        }
        self.pos += 1;
        Ok(())
    }
}

/// The position of the first byte at or after `pos` that ends a plain string run (`"`, `\\` or
/// a control character), or the text's length. Works a word of 8 bytes at a time (SWAR): the
/// lowest flagged byte of a word is exact (a false flag can only follow a true one), and bytes
/// are only compared, so multi-byte UTF-8 passes through.
#[inline]
pub(crate) fn special_at(bytes: &[u8], mut pos: usize) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let zero = |v: u64| v.wrapping_sub(LO) & !v & HI;
    // `first_chunk` gives the 8 bytes as an array: no `copy_from_slice` call.
    while let Some(word) = bytes.get(pos..).and_then(<[u8]>::first_chunk::<8>) {
        let x = u64::from_le_bytes(*word);
        let special = zero(x ^ (LO * u64::from(b'"')))
            | zero(x ^ (LO * u64::from(b'\\')))
            | (x.wrapping_sub(LO * 0x20) & !x & HI);
        if special != 0 {
            return pos + (special.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    while let Some(&b) = bytes.get(pos) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        pos += 1;
    }
    pos
}

impl Reader<'_> {
    /// Reads any value into a `serde_json::Value` (nesting bounded by [`MAX_DEPTH`]; a key given
    /// twice is refused), charging the bytes of its JSON text without white space to `charge`,
    /// which may refuse them (a payload's size limit). Booking batches are read through it.
    pub fn value_charged(
        &mut self,
        charge: &mut dyn FnMut(usize) -> R<()>,
    ) -> R<serde_json::Value> {
        use serde_json::{Map, Number, Value};
        Ok(match self.kind()? {
            Kind::Null => {
                charge(4)?;
                self.null()?;
                Value::Null
            }
            Kind::Bool => {
                let b = self.boolean()?;
                charge(if b { 4 } else { 5 })?;
                Value::Bool(b)
            }
            Kind::Number => {
                let t = self.number_text()?;
                charge(t.len())?;
                let n = if let Ok(i) = t.parse::<i64>() {
                    Number::from(i)
                } else if let Ok(u) = t.parse::<u64>() {
                    Number::from(u)
                } else {
                    t.parse::<f64>()
                        .ok()
                        .and_then(Number::from_f64)
                        .ok_or_else(|| self.syntax("number out of range"))?
                };
                Value::Number(n)
            }
            Kind::String => {
                // The bytes of the text, escapes included.
                let start = self.pos;
                let s = self.string()?;
                charge(self.pos.saturating_sub(start))?;
                Value::String(s.into_owned())
            }
            // Brackets, and a comma before every item but the first.
            Kind::Array => {
                charge(2)?;
                let mut out = Vec::new();
                self.array(&mut |r, i| {
                    charge(usize::from(i > 0))?;
                    out.push(r.value_charged(charge)?);
                    Ok(())
                })?;
                Value::Array(out)
            }
            Kind::Object => {
                charge(2)?;
                let mut out = Map::new();
                self.object(&mut |r, key| {
                    // The key's quotes and colon, and the comma before every member but the
                    // first.
                    charge(key.len() + 3 + usize::from(!out.is_empty()))?;
                    // One search of the map for both the duplicate check and the insert.
                    match out.entry(key) {
                        serde_json::map::Entry::Occupied(_) => Err(r.duplicate_key(key)),
                        serde_json::map::Entry::Vacant(slot) => {
                            slot.insert(r.value_charged(charge)?);
                            Ok(())
                        }
                    }
                })?;
                Value::Object(out)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skip_all(text: &str) -> R<()> {
        let mut r = Reader::new(text);
        r.skip()?;
        r.end()
    }

    #[test]
    fn a_broken_literal_is_reported_at_the_same_place_when_skipped() {
        for (text, column) in [
            ("falsx", 5),
            ("fals", 5),
            ("fal", 1),
            ("tru", 1),
            ("nul", 1),
        ] {
            let skipped = skip_all(text).unwrap_err();
            assert!(
                skipped
                    .message
                    .ends_with(&format!("(line 1, column {column})")),
                "{text}: {}",
                skipped.message
            );
            if text.starts_with(['t', 'f']) {
                assert_eq!(Reader::new(text).boolean().unwrap_err(), skipped, "{text}");
            }
        }
    }

    #[test]
    fn skip_accepts_valid_json_and_rejects_invalid() {
        for ok in [
            "{}",
            "[]",
            "[1,2.5e-3,-0,\"a\\u00e9\\n\",true,false,null,{\"a\":[{}]}]",
            " {\"k\" : [ ] } ",
        ] {
            assert!(skip_all(ok).is_ok(), "{ok}");
        }
        for bad in [
            "\"\\u+041\"",
            "\"\\u00g1\"",
            "{",
            "[1,]",
            "{\"a\"}",
            "{\"a\":1,}",
            "01",
            "1.",
            "tru",
            "\"\\x\"",
            "[1 2]",
            "{} x",
            "\"a\nb\"",
        ] {
            assert!(skip_all(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_word_scan_finds_the_first_special_byte_exactly() {
        // Every special byte, at every offset of texts up to 40 bytes, after plain ASCII and
        // multi-byte UTF-8 (whose bytes are all >= 0x80), with later specials as decoys.
        let fillers = ["abcdefghijklmnopqrstuvwxyz0123456789ABCD", "é€𝄞ü✓é€𝄞ü✓"];
        for filler in fillers {
            for special in ['"', '\\', '\n', '\u{0}', '\u{1f}'] {
                for len in 0..=filler.len() {
                    let Some(prefix) = filler.get(..len) else {
                        continue;
                    };
                    for tail in ["", "x\"y\\", "\u{7f}\u{80}\"", "\u{20}\u{1f}"] {
                        let text = format!("{prefix}{special}{tail}");
                        let naive = text
                            .bytes()
                            .position(|b| b == b'"' || b == b'\\' || b < 0x20)
                            .unwrap();
                        assert_eq!(special_at(text.as_bytes(), 0), naive, "{text:?}");
                        assert_eq!(special_at(text.as_bytes(), len), len, "{text:?}");
                    }
                }
            }
            // No special byte at all: the length.
            assert_eq!(special_at(filler.as_bytes(), 0), filler.len());
        }
        // DEL and bytes from 0x20 up are plain.
        assert_eq!(special_at(b" !#~\x7f\x20", 0), 6);
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(skip_all(&deep).unwrap_err().code, ErrorCode::NestingTooDeep);
    }

    #[test]
    fn strings_unescape_and_keep_lone_surrogates_visible() {
        let mut r = Reader::new(r#""a\"b\u00e9\ud83d\ude00\ud800x""#);
        assert_eq!(r.string().unwrap(), "a\"bé😀\u{fffd}x");
    }

    #[test]
    fn errors_carry_the_pointer_of_the_value() {
        let mut r = Reader::new(r#"{"fields":[{"name":1}]}"#);
        let err = r
            .object(&mut |r, k| {
                if k == "fields" {
                    r.array(&mut |r, _| {
                        r.object(&mut |r, _| {
                            let kind = r.kind()?;
                            Err(r.type_error(ErrorCode::InvalidDescribe, "a string", kind, ""))
                        })
                    })
                } else {
                    r.skip()
                }
            })
            .unwrap_err();
        assert_eq!(err.path, "/fields/0/name");
        assert_eq!(err.message, "expected a string, found a number");
    }
}
