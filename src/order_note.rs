//! `orderNote`: free text shown on the payment form, with currency tags such as `_RUB_`.
//!
//! **What counts as a tag:** an underscore, exactly three ASCII capital letters `A`–`Z`, an
//! underscore (`_RUB_`), found scanning left to right without overlap. Anything else is ordinary text:
//! `snake_case`, `__init__`, `_Rub_`, `_RUBL_`, `_12_`. A tag must name a currency of the docs' table
//! ([`crate::currency`]; the docs' spelling `_GPB_` is accepted as the pound); any other tag (`_XYZ_`)
//! is refused with its position, because the form would show it as raw text. An upper-case identifier
//! such as `ORDER_ABC_1` therefore contains the tag `_ABC_`: write it differently.
//!
//! **Positions** are JS string indices (UTF-16 code units), so `note.slice(index, index + 5)` is the
//! tag; for text without characters beyond U+FFFF (emoji) this is the character count.
//!
//! **Length:** the docs set no limit; the SDK refuses more than [`MAX_NOTE_CHARS`] characters (Unicode
//! code points) as a protective bound.

use crate::currency::{self, Currency};
use crate::error::{write_issues, At, Report};
use crate::json::{self, write_string, Doc, Kind, Node, Value};
use crate::response::{put, sep, J};
use crate::requests::fields::{self, cat, num};

/// The longest note accepted, in characters (Unicode code points).
pub const MAX_NOTE_CHARS: usize = 1024;

/// The most tags [`parse`] lists; a note within [`MAX_NOTE_CHARS`] has at most 204.
pub const MAX_TAGS_LISTED: usize = 256;

/// One currency tag found in a note.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub struct Tag {
    /// The three letters as written (`RUB`, `GPB`, `XYZ`).
    pub letters: String,
    /// The currency they name, or `None` for a tag outside the docs' table.
    pub currency: Option<&'static Currency>,
    /// Where the tag starts, as a JS string index (UTF-16 code units).
    pub index: usize,
}

/// A parsed note: the text, its tags, and the text as the payment form would show it.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub struct OrderNote {
    /// The note as given.
    pub text: String,
    /// Its tags in order (at most [`MAX_TAGS_LISTED`]), known and unknown.
    pub tags: Vec<Tag>,
    /// The note with every known tag replaced by its symbol; unknown tags stay as written.
    pub rendered: String,
    /// The note's length in characters (Unicode code points).
    pub chars: usize,
}

fn is_tag_at(bytes: &[u8], i: usize) -> bool {
    matches!(bytes.get(i..i + 5), Some([b'_', letters @ .., b'_']) if letters.iter().all(u8::is_ascii_uppercase))
}

/// The length of `s` in characters plus `astral` per character beyond U+FFFF (a 4-byte UTF-8
/// sequence): with `astral` 1 that is UTF-16 code units (a JS string's length). A byte count, not an
/// iterator over `char`s.
#[inline(never)]
fn length(s: &str, astral: usize) -> usize {
    let mut n = 0;
    for &b in s.as_bytes() {
        // Continuation bytes (10xxxxxx) add nothing; a 4-byte lead (11110xxx) adds `astral` more.
        n += usize::from(b & 0xC0 != 0x80) + astral * usize::from(b >= 0xF0);
    }
    n
}

fn utf16_len(s: &str) -> usize {
    length(s, 1)
}

/// The next tag at or after byte `from`: its byte position and its three letters (ASCII, so valid
/// UTF-8). Every tag starts with an underscore, so the scan jumps from one underscore to the next,
/// and after a tag it goes on after the tag: tags do not overlap.
fn next_tag(note: &str, mut from: usize) -> Option<(usize, &str)> {
    let bytes = note.as_bytes();
    loop {
        let at = from + crate::retry::find_byte(bytes.get(from..)?, |b| b == b'_')?;
        if is_tag_at(bytes, at) {
            // ASCII letters: `at + 1` and `at + 4` are character boundaries.
            return Some((at, note.get(at + 1..at + 4).unwrap_or_default()));
        }
        from = at + 1;
    }
}

/// Parses a note; never fails (see [`OrderNote::check`] for the verdict).
pub fn parse(note: &str) -> OrderNote {
    let mut tags = Vec::new();
    let mut rendered = String::with_capacity(note.len());
    // `copied_to`: how much of the note is in `rendered`; `utf16`: the JS index of that place.
    let (mut copied_to, mut utf16) = (0, 0);
    while let Some((at, letters)) = next_tag(note, copied_to) {
        // Tags are ASCII, so `at` and `at + 5` are character boundaries.
        let before = note.get(copied_to..at).unwrap_or_default();
        utf16 += utf16_len(before);
        rendered.push_str(before);
        let found = currency::by_code(letters);
        rendered.push_str(match found {
            Some(c) => c.symbol,
            None => note.get(at..at + 5).unwrap_or_default(),
        });
        if tags.len() < MAX_TAGS_LISTED {
            tags.push(Tag { letters: letters.to_string(), currency: found, index: utf16 });
        }
        utf16 += 5;
        copied_to = at + 5;
    }
    rendered.push_str(note.get(copied_to..).unwrap_or_default());
    OrderNote { text: note.to_string(), tags, rendered, chars: length(note, 0) }
}

/// The note with its known tags replaced by their symbols (unknown tags stay as written).
pub fn render(note: &str) -> String {
    parse(note).rendered
}

impl OrderNote {
    /// Records the note's problems at `path`: longer than [`MAX_NOTE_CHARS`] (`too_long`), and every
    /// tag outside the docs' table (`unknown_currency`, naming the tag and its index).
    pub fn check(&self, path: &str, report: &mut Report) {
        check_text(&self.text, &At::Path(path), report);
    }

    /// The note as JSON `{text, rendered, tags, unknownTags, issues}`; `tags` are the known ones
    /// (`{tag, currency, numericCode, symbol, index}`), `unknownTags` the others (`{tag, index}`).
    pub fn to_value(&self, path: &str) -> Value {
        let mut out = String::new();
        self.write(path, &mut out);
        json::parse(&out).unwrap_or(Value::Null)
    }

    /// Writes [`OrderNote::to_value`] as JSON text.
    pub(crate) fn write(&self, path: &str, out: &mut String) {
        let mut report = Report::new();
        self.check(path, &mut report);
        out.push_str("{\"text\":");
        write_string(&self.text, out);
        out.push_str(",\"rendered\":");
        write_string(&self.rendered, out);
        for known in [true, false] {
            out.push_str(if known { ",\"tags\":[" } else { "],\"unknownTags\":[" });
            for t in self.tags.iter().filter(|t| t.currency.is_some() == known) {
                sep(out);
                // The letters are three ASCII capitals: nothing to escape.
                out.push_str("{\"tag\":\"_");
                out.push_str(&t.letters);
                out.push_str("_\"");
                if let Some(c) = t.currency {
                    put(out, "currency", J::Str(c.code));
                    put(out, "numericCode", J::Str(c.numeric));
                    put(out, "symbol", J::Str(c.symbol));
                }
                put(out, "index", J::Num(t.index as i64));
                out.push('}');
            }
        }
        out.push_str("],\"issues\":");
        write_issues(&report.issues, out);
        out.push('}');
    }
}

/// Records the problems of the note `note` at `at` (see [`OrderNote::check`]), without rendering it:
/// only the tags are looked at (they start with `_`), and characters are counted only for a note long
/// enough in bytes to be too long.
pub(crate) fn check_text(note: &str, at: &At<'_>, report: &mut Report) {
    if let Some(chars) = fields::longer_than(note, MAX_NOTE_CHARS) {
        fields::too_long(at, report, MAX_NOTE_CHARS, chars);
    }
    // Only the first MAX_TAGS_LISTED tags count, as in [`parse`].
    let (mut from, mut tags) = (0, 0);
    while let Some((tag_at, letters)) = next_tag(note, from).filter(|_| tags < MAX_TAGS_LISTED) {
        from = tag_at + 5;
        tags += 1;
        if currency::by_code(letters).is_none() {
            let index = utf16_len(note.get(..tag_at).unwrap_or_default());
            report.add(
                false,
                at,
                "unknown_currency",
                cat(&[
                    "the currency tag _",
                    letters,
                    "_ at index ",
                    &num(index as u64),
                    " is not a currency of the docs' table (",
                    currency::CODES_LIST,
                    ")",
                ]),
            );
        }
    }
}

/// Validates an `orderNote` field: a string that passes [`OrderNote::check`]. Returns the note (sent
/// unchanged: the form replaces the tags) when it is valid.
pub(crate) fn check_node<'d>(value: Node<'d>, at: &At<'_>, report: &mut Report) -> Option<&'d str> {
    let Kind::String(text) = value.kind() else {
        fields::type_error(value, at, report, "a string");
        return None;
    };
    let before = report.issues.len();
    check_text(text, at, report);
    (report.issues.len() == before).then_some(text)
}

/// Validates an `orderNote` field at `path` (see [`check_node`]), returning the wire value.
pub fn check_value(value: &Value, path: &str, report: &mut Report) -> Option<Value> {
    check_node(Doc::of(value).root(), &At::Path(path), report).map(Value::str)
}

#[cfg(test)]
#[allow(clippy::type_complexity)]
mod tests {
    use super::*;

    fn tags(note: &str) -> Vec<(String, Option<&'static str>, usize)> {
        parse(note).tags.into_iter().map(|t| (t.letters, t.currency.map(|c| c.code), t.index)).collect()
    }

    #[test]
    fn finds_tags_and_renders_symbols() {
        let table: &[(&str, &str, &[(&str, Option<&str>, usize)])] = &[
            ("Итого 100 _RUB_", "Итого 100 ₽", &[("RUB", Some("RUB"), 10)]),
            ("_USD_5 или _EUR_4", "$5 или €4", &[("USD", Some("USD"), 0), ("EUR", Some("EUR"), 11)]),
            ("100_KZT_", "100₸", &[("KZT", Some("KZT"), 3)]),
            ("£ _GPB_ = _GBP_", "£ £ = £", &[("GPB", Some("GBP"), 2), ("GBP", Some("GBP"), 10)]),
            ("_AMD__UZS_", "֏So'm", &[("AMD", Some("AMD"), 0), ("UZS", Some("UZS"), 5)]),
            ("__RUB__", "_₽_", &[("RUB", Some("RUB"), 1)]),
            ("😀_RUB_", "😀₽", &[("RUB", Some("RUB"), 2)]),
            ("snake_case_name, __init__, _Rub_, _RUBL_, _12_, _RU_", "snake_case_name, __init__, _Rub_, _RUBL_, _12_, _RU_", &[]),
            ("ORDER_ABC_1", "ORDER_ABC_1", &[("ABC", None, 5)]),
            ("", "", &[]),
        ];
        for (note, rendered, want) in table {
            let got = tags(note);
            let want: Vec<_> = want.iter().map(|(l, c, i)| (l.to_string(), *c, *i)).collect();
            assert_eq!(got, want, "{note}");
            assert_eq!(render(note), *rendered, "{note}");
        }
    }

    #[test]
    fn unknown_tags_are_refused_with_their_index() {
        let mut r = Report::new();
        parse("Сумма _XYZ_ и _RUB_ и _QQQ_").check("orderNote", &mut r);
        let msgs: Vec<_> = r.issues.iter().map(|i| (i.code, i.message.contains("index 6"), i.message.contains("index 22"))).collect();
        assert_eq!(msgs, vec![("unknown_currency", true, false), ("unknown_currency", false, true)]);
        assert!(r.issues.iter().all(|i| i.path == "orderNote"));
    }

    #[test]
    fn length_limit_counts_characters() {
        let mut r = Report::new();
        parse(&"я".repeat(MAX_NOTE_CHARS)).check("orderNote", &mut r);
        assert!(r.is_ok());
        parse(&"я".repeat(MAX_NOTE_CHARS + 1)).check("orderNote", &mut r);
        assert_eq!(r.issues.iter().map(|i| i.code).collect::<Vec<_>>(), vec!["too_long"]);
    }

    #[test]
    fn check_value_wants_a_string() {
        let mut r = Report::new();
        assert_eq!(check_value(&Value::uint(5), "orderNote", &mut r), None);
        assert_eq!(r.issues[0].code, "invalid_type");
        let mut r = Report::new();
        assert_eq!(check_value(&Value::str("к оплате _RUB_"), "orderNote", &mut r), Some(Value::str("к оплате _RUB_")));
    }

    #[test]
    fn lists_at_most_max_tags() {
        let note = "_RUB_".repeat(MAX_TAGS_LISTED * 2);
        let parsed = parse(&note);
        assert_eq!(parsed.tags.len(), MAX_TAGS_LISTED);
        assert_eq!(parsed.rendered, "₽".repeat(MAX_TAGS_LISTED * 2));
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_indices_point_at_tags(s in "(_|[A-Z]|[a-z ]|я|😀|_RUB_|_XYZ_|_GPB_){0,40}") {
            let parsed = parse(&s);
            let units: Vec<u16> = s.encode_utf16().collect();
            for t in &parsed.tags {
                let at = String::from_utf16(&units[t.index..t.index + 5]).unwrap();
                proptest::prop_assert_eq!(at, format!("_{}_", t.letters));
            }
        }

        #[test]
        fn text_without_underscores_renders_unchanged(s in "[^_]{0,60}") {
            let parsed = parse(&s);
            proptest::prop_assert!(parsed.tags.is_empty());
            proptest::prop_assert_eq!(parsed.rendered, s.clone());
            proptest::prop_assert_eq!(parsed.chars, s.chars().count());
        }

        #[test]
        fn a_known_tag_anywhere_is_found_and_rendered(
            pre in "[a-zа-я0-9 ]{0,20}",
            post in "[a-zа-я0-9 ]{0,20}",
            k in 0usize..12,
        ) {
            let c = &crate::currency::CURRENCIES[k];
            let note = format!("{pre}_{}_{post}", c.code);
            let parsed = parse(&note);
            proptest::prop_assert_eq!(parsed.tags.len(), 1);
            proptest::prop_assert_eq!(parsed.tags[0].index, pre.encode_utf16().count());
            proptest::prop_assert_eq!(parsed.rendered, format!("{pre}{}{post}", c.symbol));
        }

        #[test]
        fn any_string_never_panics(s in ".*") {
            let mut r = Report::new();
            parse(&s).check("orderNote", &mut r);
            let _ = parse(&s).to_value("orderNote");
        }
    }
}
