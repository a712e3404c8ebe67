//! The JSON parser and writer (`src/json.rs`).
//!
//! Text inputs: the parser agrees with serde_json (the reference) on what is JSON and on the value,
//! within the parser's documented limits (nesting at most `MAX_DEPTH`; a lone surrogate escape
//! becomes U+FFFD instead of an error); an error's offset lies inside the text; an accepted text round
//! trips: `parse(to_json(parse(t))) == parse(t)` and `to_json` is a fixed point after one pass.
//! Structured inputs: any value built in memory (strings with every character, deep chains, repeated
//! keys) round trips through `to_json` and `parse` unchanged, within the depth limit.
#![no_main]

use ckassa_fuzz::{depth, value, Input};
use ckassa_sdk::error::member_path;
use ckassa_sdk::json::{self, Value};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| match Input::of(data) {
    Input::Text(text) => check_text(text),
    Input::Bytes(mut u) => {
        let Ok(v) = value(&mut u, 4) else { return };
        let text = v.to_json();
        match json::parse(&text) {
            Ok(back) => {
                assert_eq!(back, v, "a written value reads back as itself: {text}");
                assert!(depth(&v) <= json::MAX_DEPTH + 1);
            }
            Err(e) => {
                assert_eq!(e.reason, "nesting too deep", "only depth may refuse a written value: {text}");
                assert!(depth(&v) > json::MAX_DEPTH, "refused at depth {} (limit {})", depth(&v), json::MAX_DEPTH);
            }
        }
        if let Value::Object(members) = &v {
            for (k, _) in members {
                let p = member_path("orderItems[1]", k);
                assert!(p.chars().count() <= "orderItems[1].".len() + 65, "a path never echoes a huge key");
            }
        }
    }
});

fn check_text(text: &str) {
    let ours = json::parse(text);
    if let Err(e) = &ours {
        assert!(e.offset <= text.len(), "error offset {} past the end ({})", e.offset, text.len());
    }
    if let Ok(v) = &ours {
        let once = v.to_json();
        let back = json::parse(&once).expect("our own output is JSON");
        assert_eq!(&back, v, "round trip changed the value: {text:?} -> {once:?}");
        assert_eq!(back.to_json(), once, "to_json is a fixed point");
    }
    // Differential check against serde_json, where both promise the same thing.
    let nesting = text_nesting(text);
    let has_surrogate_escape = has_surrogate_escape(text);
    let reference: Result<serde_json::Value, _> = serde_json::from_str(text);
    match (&ours, &reference) {
        (Ok(a), Ok(b)) => assert!(same(a, b), "values differ for {text:?}: ours {a:?}, serde_json {b:?}"),
        (Err(e), Ok(_)) => assert!(
            nesting > json::MAX_DEPTH,
            "we refuse JSON that serde_json accepts ({e}) at nesting {nesting}: {text:?}"
        ),
        (Ok(_), Err(e)) => assert!(
            has_surrogate_escape || (e.is_syntax() && e.to_string().contains("recursion limit")),
            "we accept text serde_json refuses ({e}): {text:?}"
        ),
        (Err(_), Err(_)) => {}
    }
}

/// The deepest bracket nesting of `text`, outside strings (a rough measure for invalid text too).
fn text_nesting(text: &str) -> usize {
    let (mut d, mut max, mut in_str, mut esc) = (0usize, 0usize, false, false);
    for b in text.bytes() {
        if in_str {
            match (esc, b) {
                (true, _) => esc = false,
                (false, b'\\') => esc = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'[' | b'{' => {
                d += 1;
                max = max.max(d);
            }
            b']' | b'}' => d = d.saturating_sub(1),
            _ => {}
        }
    }
    max
}

fn has_surrogate_escape(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    ["\\ud8", "\\ud9", "\\uda", "\\udb", "\\udc", "\\udd", "\\ude", "\\udf"].iter().any(|p| lower.contains(p))
}

fn same(a: &Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as S;
    match (a, b) {
        (Value::Null, S::Null) => true,
        (Value::Bool(x), S::Bool(y)) => x == y,
        // serde_json writes the exponent as `e+` or `e-` ("1E400" -> "1e+400"); the digits are kept.
        (Value::Number(x), S::Number(y)) => number_form(x) == number_form(&y.to_string()),
        (Value::String(x), S::String(y)) => x == y,
        (Value::Array(x), S::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (Value::Object(x), S::Object(y)) => {
            // Repeated keys: serde_json keeps the last value, as `Value::get` does.
            let mut keys: Vec<&str> = x.iter().map(|(k, _)| k.as_str()).collect();
            keys.sort_unstable();
            keys.dedup();
            keys.len() == y.len() && y.iter().all(|(k, yv)| a.get(k).is_some_and(|xv| same(xv, yv)))
        }
        _ => false,
    }
}

fn number_form(text: &str) -> String {
    text.to_ascii_lowercase().replace("e+", "e")
}
