//! `orderNote` (`order_note::parse`, `check`, `render`, `to_value`, `check_value`) and the currency
//! table (`currency::by_code`).
//!
//! Asserts: the tags equal the documented rule computed independently (`_` + three ASCII capitals +
//! `_`, left to right, no overlap), capped at MAX_TAGS_LISTED; every index is a JS (UTF-16) index where
//! `note.slice(index, index + 5)` is the tag; `chars` is the code-point count; `rendered` replaces
//! exactly the known tags by their symbols; the verdict is "too long" iff more than MAX_NOTE_CHARS
//! characters plus one `unknown_currency` per unknown tag; `check_value` passes the note through
//! unchanged iff it has no issue; `to_value` is JSON the parser reads back.
#![no_main]

use ckassa_fuzz::oracle;
use ckassa_sdk::currency;
use ckassa_sdk::error::{Report, MAX_ISSUES};
use ckassa_sdk::json::{self, Value};
use ckassa_sdk::order_note::{self, MAX_NOTE_CHARS, MAX_TAGS_LISTED};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let note = String::from_utf8_lossy(data);
    let note: &str = &note;
    let parsed = order_note::parse(note);
    assert_eq!(parsed.text, note);
    assert_eq!(parsed.chars, note.chars().count());

    let want = oracle::note_tags(note);
    assert_eq!(parsed.tags.len(), want.len().min(MAX_TAGS_LISTED), "{note:?}");
    let units: Vec<u16> = note.encode_utf16().collect();
    for (tag, (letters, index)) in parsed.tags.iter().zip(&want) {
        assert_eq!((&tag.letters, tag.index), (letters, *index), "{note:?}");
        let at = String::from_utf16(&units[tag.index..tag.index + 5]).expect("a tag is ASCII");
        assert_eq!(at, format!("_{letters}_"));
        assert_eq!(tag.currency, currency::by_code(letters));
    }

    // rendered: every known tag replaced by its symbol, everything else unchanged.
    let mut rendered = String::new();
    let chars: Vec<char> = note.chars().collect();
    let (mut p, mut utf16, mut next) = (0usize, 0usize, 0usize);
    while p < chars.len() {
        if next < want.len() && want[next].1 == utf16 {
            match currency::by_code(&want[next].0) {
                Some(c) => rendered.push_str(c.symbol),
                None => rendered.push_str(&format!("_{}_", want[next].0)),
            }
            next += 1;
            p += 5;
            utf16 += 5;
        } else {
            rendered.push(chars[p]);
            utf16 += chars[p].len_utf16();
            p += 1;
        }
    }
    assert_eq!(parsed.rendered, rendered, "{note:?}");
    assert_eq!(order_note::render(note), rendered);

    let mut report = Report::new();
    parsed.check("orderNote", &mut report);
    let unknown = parsed.tags.iter().filter(|t| t.currency.is_none()).count();
    let expected = usize::from(parsed.chars > MAX_NOTE_CHARS) + unknown;
    assert_eq!(report.issues.len(), expected.min(MAX_ISSUES + 1), "{note:?}");
    assert!(report.issues.iter().all(|i| i.path == "orderNote" || i.code == "too_many_issues"));

    let mut r2 = Report::new();
    let wire = order_note::check_value(&Value::str(note), "orderNote", &mut r2);
    assert_eq!(wire.is_some(), report.issues.is_empty());
    if let Some(w) = wire {
        assert_eq!(w, Value::str(note), "a valid note goes on the wire unchanged");
    }

    let v = parsed.to_value("orderNote");
    let back = json::parse(&v.to_json()).expect("to_value is JSON");
    let n = |k: &str| back.get(k).and_then(Value::as_array).map_or(usize::MAX, <[Value]>::len);
    assert_eq!(n("tags") + n("unknownTags"), parsed.tags.len());
    assert_eq!(n("issues"), report.issues.len());

    // The currency table: a code is known iff it is in the table or is the docs' spelling GPB.
    for code in [note, note.get(..3).unwrap_or(""), &note.to_ascii_uppercase()] {
        if let Some(c) = currency::by_code(code) {
            assert!(code == c.code || (code == "GPB" && c.code == "GBP"), "{code:?} -> {}", c.code);
        }
    }
});
