//! A small JSON value, parser and writer.
//!
//! The core does not use serde_json: in the wasm build it costs about 17 KB gzip, more than the rest of
//! the core. Values cross the JS boundary as JSON text (`JSON.stringify` on the way in, `JSON.parse` on
//! the way out), and this module is all the core needs on both sides of that text.
//!
//! Numbers keep their source text, so a validator can tell `12`, `12.0`, `1e3` and
//! `9007199254740993` apart instead of seeing a rounded `f64`.

/// The deepest nesting the parser accepts; deeper input is refused instead of exhausting the stack.
pub const MAX_DEPTH: usize = 64;

/// A JSON value. Objects keep their members in source order.
#[derive(Debug, PartialEq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, as written in the source (always valid JSON number syntax).
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, members in source order.
    Object(Vec<(String, Value)>),
}

/// A JSON document read into one flat list of entries (a "tape"): each value is one entry and a
/// container's entries follow it (an object's as key, value, key, value, ...). Strings without escapes
/// and number text stay slices of the text read; escaped strings are unescaped into one side buffer.
/// Reading any text allocates the two vectors and nothing per value, and dropping it frees two
/// blocks. The validators read it through [`Node`]; [`Value`] is the owned tree.
#[derive(Clone)]
pub struct Doc<'a> {
    tape: Vec<Entry<'a>>,
    /// The strings that had escapes, unescaped (an entry of one holds its index here).
    owned: Vec<String>,
}

/// One value of a [`Doc`]: what it is, its text (a number's or an unescaped string's; an escaped
/// string's is `owned[count]`), for a container how many elements or members it has, and the index
/// of the entry after it and everything in it.
#[derive(Clone, Copy)]
struct Entry<'a> {
    tag: Tag,
    text: &'a str,
    count: usize,
    end: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tag {
    Null,
    False,
    True,
    Number,
    String,
    /// A string with escapes: its text is `owned[count]`.
    Owned,
    /// A number whose text is `owned[count]` (in a doc made from a [`Value`]).
    OwnedNumber,
    Array,
    Object,
}

/// A value of a [`Doc`]: a cheap handle (the document and an index) that reads like a JSON value.
#[derive(Clone, Copy)]
pub struct Node<'d> {
    doc: &'d Doc<'d>,
    at: usize,
}

/// The entry the doc's tape has at `at` (a missing one reads as `null`: an empty doc is `null`).
#[inline(always)]
fn entry<'d>(doc: &'d Doc<'d>, at: usize) -> Entry<'d> {
    match doc.tape.get(at) {
        Some(e) => *e,
        None => Entry { tag: Tag::Null, text: "", count: 0, end: at + 1 },
    }
}

/// The text of a number or string entry.
#[inline(always)]
fn text_of<'d>(doc: &'d Doc<'d>, e: Entry<'d>) -> &'d str {
    if matches!(e.tag, Tag::Owned | Tag::OwnedNumber) {
        doc.owned.get(e.count).map_or("", String::as_str)
    } else {
        e.text
    }
}

/// What a [`Node`] is, with its contents.
#[derive(Clone)]
pub enum Kind<'d> {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, as written in the source.
    Number(&'d str),
    /// A string, unescaped.
    String(&'d str),
    /// An array.
    Array(Items<'d>),
    /// An object, members in source order.
    Object(Members<'d>),
}

/// The elements of an array, in order.
#[derive(Clone)]
pub struct Items<'d> {
    doc: &'d Doc<'d>,
    next: usize,
    left: usize,
}

/// The members of an object, in source order.
#[derive(Clone)]
pub struct Members<'d> {
    doc: &'d Doc<'d>,
    next: usize,
    left: usize,
}

/// Why a text is not JSON the core accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset in the input where the problem was found.
    pub offset: usize,
    /// What was wrong.
    pub reason: &'static str,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl ParseError {
    /// `"<reason> at byte <offset>"`, the Display text, without `core::fmt`.
    pub fn describe(&self) -> String {
        let mut out = String::with_capacity(self.reason.len() + 16);
        out.push_str(self.reason);
        out.push_str(" at byte ");
        push_u64(&mut out, self.offset as u64);
        out
    }
}

/// The JSON type name, for error messages ("string", "number", "object", ...): index by the
/// variant's position (`null`, `boolean`, `number`, `string`, `array`, `object`).
const TYPE_NAMES: [&str; 6] = ["null", "boolean", "number", "string", "array", "object"];

impl Clone for Value {
    /// A deep copy, element by element (one function for every level, no per-type `Vec::clone`).
    fn clone(&self) -> Value {
        match self {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(*b),
            Value::Number(n) => Value::Number(n.as_str().into()),
            Value::String(s) => Value::String(s.as_str().into()),
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(item.clone());
                }
                Value::Array(out)
            }
            Value::Object(members) => {
                let mut out = Vec::with_capacity(members.len());
                for (k, v) in members {
                    out.push((k.as_str().into(), v.clone()));
                }
                Value::Object(out)
            }
        }
    }
}

impl Value {
    /// The member `key` of an object (the last one when a key repeats), or `None`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => {
                let mut found = None;
                for (k, v) in members {
                    if k == key {
                        found = Some(v);
                    }
                }
                found
            }
            _ => None,
        }
    }

    /// The string inside, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The boolean inside, if this is a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The JSON type name, for error messages ("string", "number", "object", ...).
    pub fn type_name(&self) -> &'static str {
        TYPE_NAMES[match self {
            Value::Null => 0,
            Value::Bool(_) => 1,
            Value::Number(_) => 2,
            Value::String(_) => 3,
            Value::Array(_) => 4,
            Value::Object(_) => 5,
        }]
    }

    /// A string value.
    pub fn str(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    /// A number value from an unsigned integer.
    pub fn uint(n: u64) -> Value {
        let mut s = String::new();
        push_u64(&mut s, n);
        Value::Number(s)
    }

    /// A number value from a signed integer.
    pub fn int(n: i64) -> Value {
        let mut s = String::new();
        if n < 0 {
            s.push('-');
        }
        push_u64(&mut s, n.unsigned_abs());
        Value::Number(s)
    }

    /// Compact JSON text. Non-ASCII characters are written as UTF-8, not escaped.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write_value(self, &mut out);
        out
    }
}

impl<'a> Doc<'a> {
    /// A document of `null` (an empty tape reads as `null`).
    pub const NULL: Doc<'static> = Doc { tape: Vec::new(), owned: Vec::new() };

    /// The document's top value.
    pub fn root(&self) -> Node<'_> {
        Node { doc: self, at: 0 }
    }

    /// A document holding `value` (its strings copied): the validators read a [`Value`] through it.
    /// Any value converts, even one nested deeper than text may be.
    pub fn of(value: &Value) -> Doc<'static> {
        let mut doc = Doc { tape: Vec::new(), owned: Vec::new() };
        doc.push_value(value);
        doc
    }

    fn push_value(&mut self, value: &Value) {
        let at = self.tape.len();
        match value {
            Value::Null => self.push(Tag::Null, "", 0),
            Value::Bool(b) => self.push(if *b { Tag::True } else { Tag::False }, "", 0),
            Value::Number(n) => self.push_owned(Tag::Number, n.clone()),
            Value::String(s) => self.push_owned(Tag::String, s.clone()),
            Value::Array(items) => {
                self.push(Tag::Array, "", items.len());
                items.iter().for_each(|v| self.push_value(v));
                self.close(at);
            }
            Value::Object(members) => {
                self.push(Tag::Object, "", members.len());
                for (k, v) in members {
                    self.push_owned(Tag::String, k.clone());
                    self.push_value(v);
                }
                self.close(at);
            }
        }
    }

    fn push(&mut self, tag: Tag, text: &'a str, count: usize) {
        let end = self.tape.len() + 1;
        self.tape.push(Entry { tag, text, count, end });
    }

    /// A string (or, with `Tag::Number`, a number's text) kept in `owned`.
    fn push_owned(&mut self, tag: Tag, s: String) {
        self.owned.push(s);
        let index = self.owned.len() - 1;
        self.push(if tag == Tag::Number { Tag::OwnedNumber } else { Tag::Owned }, "", index);
    }

    /// Ends the container at `at`: what follows it starts at the next entry.
    fn close(&mut self, at: usize) {
        let end = self.tape.len();
        if let Some(e) = self.tape.get_mut(at) {
            e.end = end;
        }
    }
}

impl<'d> Node<'d> {
    /// What this value is, with its contents.
    pub fn kind(self) -> Kind<'d> {
        let e = entry(self.doc, self.at);
        let (doc, next, left) = (self.doc, self.at + 1, e.count);
        match e.tag {
            Tag::Null => Kind::Null,
            Tag::False => Kind::Bool(false),
            Tag::True => Kind::Bool(true),
            Tag::Number | Tag::OwnedNumber => Kind::Number(text_of(doc, e)),
            Tag::String | Tag::Owned => Kind::String(text_of(doc, e)),
            Tag::Array => Kind::Array(Items { doc, next, left }),
            Tag::Object => Kind::Object(Members { doc, next, left }),
        }
    }

    /// The member `key` of an object (the last one when a key repeats), or `None`.
    pub fn get(self, key: &str) -> Option<Node<'d>> {
        let Kind::Object(members) = self.kind() else { return None };
        let mut found = None;
        for (k, v) in members {
            if k == key {
                found = Some(v);
            }
        }
        found
    }

    /// The member `key` unless it is absent or `null`.
    pub fn present(self, key: &str) -> Option<Node<'d>> {
        self.get(key).filter(|v| !v.is_null())
    }

    /// The string inside, if this is a string.
    pub fn as_str(self) -> Option<&'d str> {
        match self.kind() {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    /// True for `null`.
    pub fn is_null(self) -> bool {
        entry(self.doc, self.at).tag == Tag::Null
    }

    /// The JSON type name, for error messages ("string", "number", "object", ...).
    pub fn type_name(self) -> &'static str {
        TYPE_NAMES[match entry(self.doc, self.at).tag {
            Tag::Null => 0,
            Tag::False | Tag::True => 1,
            Tag::Number | Tag::OwnedNumber => 2,
            Tag::String | Tag::Owned => 3,
            Tag::Array => 4,
            Tag::Object => 5,
        }]
    }

    /// The owned value.
    pub fn to_value(self) -> Value {
        match self.kind() {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(b),
            Kind::Number(n) => Value::Number(n.into()),
            Kind::String(s) => Value::String(s.into()),
            Kind::Array(items) => {
                let mut out = Vec::with_capacity(items.left);
                for item in items {
                    out.push(item.to_value());
                }
                Value::Array(out)
            }
            Kind::Object(members) => {
                let mut out = Vec::with_capacity(members.left);
                for (k, v) in members {
                    out.push((k.into(), v.to_value()));
                }
                Value::Object(out)
            }
        }
    }
}

impl<'d> Iterator for Items<'d> {
    type Item = Node<'d>;

    fn next(&mut self) -> Option<Node<'d>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let node = Node { doc: self.doc, at: self.next };
        self.next = entry(self.doc, self.next).end;
        Some(node)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Items<'_> {}

impl<'d> Iterator for Members<'d> {
    type Item = (&'d str, Node<'d>);

    fn next(&mut self) -> Option<(&'d str, Node<'d>)> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let key = text_of(self.doc, entry(self.doc, self.next));
        let value = Node { doc: self.doc, at: self.next + 1 };
        self.next = entry(self.doc, self.next + 1).end;
        Some((key, value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Members<'_> {}

/// Builds an object from `(key, value)` pairs, leaving out the pairs whose value is `None`.
pub fn object<const N: usize>(mut pairs: [(&str, Option<Value>); N]) -> Value {
    object_of(&mut pairs)
}

/// [`object`] over a slice: one copy of the code for every size.
fn object_of(pairs: &mut [(&str, Option<Value>)]) -> Value {
    let mut members = Vec::with_capacity(pairs.len());
    for (k, v) in pairs.iter_mut() {
        if let Some(v) = v.take() {
            members.push((String::from(*k), v));
        }
    }
    Value::Object(members)
}

/// Writes `value` as compact JSON text.
pub fn write_value(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => push_bool(out, *b),
        Value::Number(n) => out.push_str(n),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, (k, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(k, out);
                out.push(':');
                write_value(item, out);
            }
            out.push('}');
        }
    }
}

/// `parts` joined with `sep` between them (what `[..].join(sep)` / `concat()` return, without
/// `alloc::str::join_generic_copy` and its panics).
pub fn join(parts: &[&str], sep: &str) -> String {
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(p);
    }
    out
}

/// Appends `true` or `false`.
pub fn push_bool(out: &mut String, b: bool) {
    out.push_str(if b { "true" } else { "false" });
}

/// Appends the decimal digits of `n` (what `n.to_string()` writes, without `core::fmt`).
pub fn push_u64(out: &mut String, n: u64) {
    // The higher digits first (at most 19 calls deep).
    if n >= 10 {
        push_u64(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// True for a byte JSON must escape in a string: `"`, `\` or a control character.
fn escaped(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// How many bytes at the start of `bytes` need no escape in a JSON string: eight at a time (the
/// zero-byte test of "Bit Twiddling Hacks", exact for whether any byte matches), then one by one.
pub(crate) fn plain_len(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH != 0;
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        if below(x, 0x20) || below(x ^ (ONES * u64::from(b'"')), 1) || below(x ^ (ONES * u64::from(b'\\')), 1) {
            break;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if escaped(b) {
            break;
        }
        i += 1;
    }
    i
}

/// Writes `s` as a JSON string literal, escaping what JSON requires (as `JSON.stringify` does): runs
/// that need no escape are copied whole.
pub fn write_string(s: &str, out: &mut String) {
    out.reserve(s.len() + 2);
    out.push('"');
    let mut rest = s;
    loop {
        let run = plain_len(rest.as_bytes());
        // The byte after a run is ASCII (or there is none), so `run` is a character boundary.
        out.push_str(rest.get(..run).unwrap_or_default());
        let Some(&b) = rest.as_bytes().get(run) else { break };
        rest = rest.get(run + 1..).unwrap_or_default();
        // `\` and a letter, or `\u00` and two hex digits for the other control characters.
        let letter = match b {
            b'"' | b'\\' => b,
            8 => b'b',
            9 => b't',
            10 => b'n',
            12 => b'f',
            13 => b'r',
            _ => 0,
        };
        out.push('\\');
        if letter != 0 {
            out.push(char::from(letter));
        } else {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out.push('"');
}

/// Parses one JSON value (RFC 8259), with surrounding white space, nesting at most [`MAX_DEPTH`].
pub fn parse(text: &str) -> Result<Value, ParseError> {
    parse_doc(text).map(|doc| doc.root().to_value())
}

/// Parses one JSON value into a [`Doc`] that borrows from `text` (see [`parse`]).
pub fn parse_doc(text: &str) -> Result<Doc<'_>, ParseError> {
    // About one entry per 8 bytes of JSON text, up to 1024 entries reserved (a huge string must not
    // reserve megabytes of entries it does not need); the vector grows if there are more.
    let doc = Doc { tape: Vec::with_capacity((text.len() / 8 + 1).min(1024)), owned: Vec::new() };
    let mut p = Parser { s: text.as_bytes(), i: 0, text, doc, why: "" };
    match p.document() {
        Some(()) => Ok(p.doc),
        None => Err(ParseError { offset: p.i, reason: p.why }),
    }
}

/// A parsing step: `None` when the text is refused, the reason in [`Parser::why`] and the offset in
/// [`Parser::i`] (a step that fails moves nothing after recording it).
type Step = Option<()>;

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    text: &'a str,
    doc: Doc<'a>,
    /// Why the text was refused (set by [`Parser::fail`]).
    why: &'static str,
}

impl<'a> Parser<'a> {
    #[inline(never)]
    fn fail(&mut self, why: &'static str) -> Step {
        self.why = why;
        None
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    /// Skips white space: inline only the test for none (JSON.stringify writes none), the loop
    /// out of line.
    #[inline(always)]
    fn ws(&mut self) {
        if self.peek().is_some_and(|b| b <= b' ') {
            self.skip_ws();
        }
    }

    #[inline(never)]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    /// Moves past the byte `b`, or fails with `why`.
    #[inline(always)]
    fn expect(&mut self, b: u8, why: &'static str) -> Step {
        if self.peek() != Some(b) {
            return self.fail(why);
        }
        self.i += 1;
        Some(())
    }

    fn document(&mut self) -> Step {
        self.ws();
        self.value(0)?;
        self.ws();
        if self.i != self.s.len() {
            return self.fail("unexpected text after the value");
        }
        Some(())
    }

    fn eat(&mut self, lit: &str, tag: Tag) -> Step {
        if self.s.get(self.i..self.i + lit.len()) != Some(lit.as_bytes()) {
            return self.fail("invalid literal");
        }
        self.i += lit.len();
        self.doc.push(tag, "", 0);
        Some(())
    }

    fn value(&mut self, depth: usize) -> Step {
        if depth > MAX_DEPTH {
            return self.fail("nesting too deep");
        }
        let open = match self.peek() {
            None => return self.fail("unexpected end of input"),
            Some(b'"') => return self.string(),
            Some(b'-' | b'0'..=b'9') => return self.number(),
            Some(b'n') => return self.eat("null", Tag::Null),
            Some(b't') => return self.eat("true", Tag::True),
            Some(b'f') => return self.eat("false", Tag::False),
            Some(open @ (b'[' | b'{')) => open,
            Some(_) => return self.fail("unexpected character"),
        };
        let object = open == b'{';
        let (close, reason) = if object { (b'}', "expected ',' or '}'") } else { (b']', "expected ',' or ']'") };
        let at = self.doc.tape.len();
        self.doc.push(if object { Tag::Object } else { Tag::Array }, "", 0);
        self.i += 1;
        self.ws();
        let mut count = 0;
        if self.peek() == Some(close) {
            self.i += 1;
        } else {
            loop {
                if object {
                    if self.peek() != Some(b'"') {
                        return self.fail("expected a member name");
                    }
                    self.string()?;
                    self.ws();
                    self.expect(b':', "expected ':'")?;
                    self.ws();
                }
                self.value(depth + 1)?;
                count += 1;
                self.ws();
                if self.peek() == Some(b',') {
                    self.i += 1;
                    self.ws();
                    continue;
                }
                self.expect(close, reason)?;
                break;
            }
        }
        let end = self.doc.tape.len();
        if let Some(e) = self.doc.tape.get_mut(at) {
            e.count = count;
            e.end = end;
        }
        Some(())
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Step {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return self.fail("invalid number"),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return self.fail("invalid number");
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if self.digits() == 0 {
                return self.fail("invalid number");
            }
        }
        // The bytes are ASCII, so the slice is on character boundaries.
        self.doc.push(Tag::Number, self.text.get(start..self.i).unwrap_or_default(), 0);
        Some(())
    }

    /// Four hex digits after `\u` (the offset stays at the first of them when they are not).
    fn hex4(&mut self) -> Option<u32> {
        let mut n = 0u32;
        for k in 0..4 {
            let d = match self.s.get(self.i + k) {
                Some(&b @ b'0'..=b'9') => b - b'0',
                Some(&b @ b'a'..=b'f') => b - b'a' + 10,
                Some(&b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return self.fail("invalid escape").map(|()| 0),
            };
            n = n * 16 + u32::from(d);
        }
        self.i += 4;
        Some(n)
    }

    /// Moves past the bytes that need no attention in a string (everything but `"`, `\` and control
    /// characters).
    fn plain_run(&mut self) {
        self.i += plain_len(self.s.get(self.i..).unwrap_or_default());
    }

    /// Reads a string (a value or a member name) into an entry: a slice of the text when it has no
    /// escape, else unescaped into the side buffer.
    fn string(&mut self) -> Step {
        self.i += 1; // the opening quote
        let start = self.i;
        self.plain_run();
        // The input is a &str and runs end before an ASCII byte, so slices are on char boundaries.
        let text = self.text;
        if self.peek() == Some(b'"') {
            self.doc.push(Tag::String, text.get(start..self.i).unwrap_or_default(), 0);
            self.i += 1;
            return Some(());
        }
        let mut out = String::from(text.get(start..self.i).unwrap_or_default());
        loop {
            match self.peek() {
                None => return self.fail("unterminated string"),
                Some(b'"') => {
                    self.i += 1;
                    self.doc.push_owned(Tag::String, out);
                    return Some(());
                }
                Some(b'\\') => {
                    self.i += 1;
                    let Some(esc) = self.peek() else { return self.fail("invalid escape") };
                    self.i += 1;
                    let c = match esc {
                        b'"' | b'\\' | b'/' => char::from(esc),
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let mut code = hi;
                            if (0xD800..0xDC00).contains(&hi) {
                                // A high surrogate must be followed by \u and a low surrogate;
                                // a lone one (JSON.stringify writes them escaped) becomes U+FFFD.
                                code = 0xFFFD;
                                if self.s.get(self.i..self.i + 2) == Some(b"\\u") {
                                    self.i += 2;
                                    let lo = self.hex4()?;
                                    if (0xDC00..0xE000).contains(&lo) {
                                        code = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                    } else {
                                        self.i -= 6;
                                    }
                                }
                            }
                            char::from_u32(code).unwrap_or('\u{FFFD}')
                        }
                        _ => return self.fail("invalid escape"),
                    };
                    out.push(c);
                }
                Some(_) => return self.fail("control character in string"),
            }
            let run = self.i;
            self.plain_run();
            out.push_str(text.get(run..self.i).unwrap_or_default());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_documents() {
        for text in [
            r#"{"a":1,"b":[true,false,null],"c":"Л/СЧЕТ","d":-0.5e-3}"#,
            r#"[]"#,
            r#"{}"#,
            r#""\"\\\n\t\u0001""#,
            r#"9007199254740993"#,
        ] {
            let v = parse(text).unwrap();
            assert_eq!(v.to_json(), text, "{text}");
        }
    }

    #[test]
    fn keeps_number_text() {
        assert_eq!(parse("1e21").unwrap(), Value::Number("1e21".into()));
        assert_eq!(parse(" 12.50 ").unwrap(), Value::Number("12.50".into()));
    }

    #[test]
    fn decodes_escapes_and_surrogates() {
        assert_eq!(parse(r#""\u0416\ud83d\ude00""#).unwrap(), Value::str("Ж😀"));
        assert_eq!(parse(r#""\ud83d""#).unwrap(), Value::str("\u{FFFD}"));
        assert_eq!(parse(r#""\ud83dx""#).unwrap(), Value::str("\u{FFFD}x"));
    }

    #[test]
    fn refuses_malformed_text() {
        for text in [
            "", "{", "[1,]", "{\"a\"}", "01", "1.", "-", "tru", "\"abc", "{\"a\":1}x", "\"\u{1}\"",
            "[1 2]", "{a:1}", "\"\\x\"", "\"\\u12\"", "NaN", "+1", ".5",
        ] {
            assert!(parse(text).is_err(), "{text:?} should be refused");
        }
    }

    #[test]
    fn refuses_deep_nesting_without_overflow() {
        let deep = "[".repeat(100_000);
        assert_eq!(parse(&deep).unwrap_err().reason, "nesting too deep");
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn docs_read_like_values() {
        let text = r#"{"a":"plain Л","b\\n":"x\"y","c":[1,-2.5e3,true,null,{}],"a":"last"}"#;
        let doc = parse_doc(text).unwrap();
        let root = doc.root();
        let Kind::Object(members) = root.kind() else { panic!("an object") };
        assert_eq!(members.len(), 4);
        let keys: Vec<&str> = members.clone().map(|(k, _)| k).collect();
        assert_eq!(keys, ["a", "b\\n", "c", "a"]);
        assert_eq!(members.clone().next().and_then(|(_, v)| v.as_str()), Some("plain Л"));
        assert_eq!(root.get("a").and_then(Node::as_str), Some("last"));
        assert_eq!(root.get("b\\n").and_then(Node::as_str), Some("x\"y"));
        assert!(root.get("zzz").is_none() && root.present("c").is_some());
        let Some(Kind::Array(items)) = root.get("c").map(Node::kind) else { panic!("an array") };
        let names: Vec<&str> = items.map(Node::type_name).collect();
        assert_eq!(names, ["number", "number", "boolean", "null", "object"]);
        let value = parse(text).unwrap();
        assert_eq!(value.to_json(), text);
        assert_eq!(Doc::of(&value).root().to_value(), value);
        assert_eq!(root.to_value(), value);
        assert!(Doc::NULL.root().is_null());
        // A Value nested deeper than text may be still converts.
        let mut deep = Value::Null;
        for _ in 0..200 {
            deep = Value::Array(vec![deep]);
        }
        assert_eq!(Doc::of(&deep).root().to_value(), deep);
    }

    #[test]
    fn strings_are_escaped_as_json_stringify_does() {
        for (s, json) in [
            ("", r#""""#),
            ("plain text, long enough for words", r#""plain text, long enough for words""#),
            ("tab\there and \"quotes\" and \\", r#""tab\there and \"quotes\" and \\""#),
            ("\u{1}\u{8}\u{c}\n\r\u{1f}Ж", r#""\u0001\b\f\n\r\u001fЖ""#),
            ("12345678\"", r#""12345678\"""#),
        ] {
            let mut out = String::new();
            write_string(s, &mut out);
            assert_eq!(out, json, "{s:?}");
            assert_eq!(parse(&out).unwrap(), Value::str(s));
        }
        assert_eq!(plain_len(b"0123456789abcdef\"x"), 16);
        assert_eq!(plain_len(b"01234\n"), 5);
        assert_eq!(plain_len("ЖЖЖЖЖЖЖЖ".as_bytes()), 16);
        for n in [0, 7, 10, 99, 100, 9_007_199_254_740_991, u64::MAX] {
            assert_eq!(Value::uint(n), Value::Number(n.to_string()));
        }
        assert_eq!(Value::int(i64::MIN), Value::Number(i64::MIN.to_string()));
        assert_eq!(ParseError { offset: 12, reason: "x" }.to_string(), "x at byte 12");
    }

    #[test]
    fn join_is_slice_join() {
        for parts in [&[][..], &["a"][..], &["a", "", "Ж b"][..]] {
            assert_eq!(join(parts, ", "), parts.join(", "));
            assert_eq!(join(parts, ""), parts.concat());
        }
    }

    #[test]
    fn get_takes_the_last_repeated_key() {
        let v = parse(r#"{"a":1,"a":2}"#).unwrap();
        assert_eq!(v.get("a"), Some(&Value::Number("2".into())));
        assert_eq!(v.get("b"), None);
        assert_eq!(Value::Null.get("a"), None);
    }
}
