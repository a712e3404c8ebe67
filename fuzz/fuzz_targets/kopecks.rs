//! Kopecks (`money::parse_kopecks`, `parse_kopecks_str`, `parse_whole_number`).
//!
//! Asserts, for any text used both as a string and (when it is JSON) as a JSON value:
//! - the verdict equals the documented rule (digits only for strings; an exact whole number without
//!   an exponent for JSON numbers; `0..=Number.MAX_SAFE_INTEGER`), computed independently;
//! - an accepted amount re-parses to itself from its decimal text, its wire form and its JSON number;
//! - every error has a stable code and a message.
#![no_main]

use ckassa_fuzz::oracle;
use ckassa_sdk::json::{self, Value};
use ckassa_sdk::money::{self, Kopecks, MAX_SAFE_INTEGER};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };

    let as_str = money::parse_kopecks_str(text);
    assert_eq!(as_str.ok().map(Kopecks::get), oracle::kopecks_str(text), "string {text:?}: {as_str:?}");
    assert_eq!(money::parse_kopecks(&Value::str(text)), as_str, "Value::String and &str agree");
    check_accepted(as_str.ok());
    if let Err(e) = as_str {
        assert!(!e.code().is_empty() && !e.message().is_empty());
    }

    if let Ok(v) = json::parse(text) {
        let got = money::parse_kopecks(&v);
        assert_eq!(money::parse_whole_number(&v), got.map(Kopecks::get), "whole numbers follow kopecks");
        match &v {
            // KNOWN (reported): a negative zero with a fraction (`-0.0`) is refused as `negative`, while
            // `-0` and `0.0` are 0. Either verdict passes here so the fuzzer keeps looking further.
            Value::Number(n) if is_negative_zero_with_fraction(n) => assert!(matches!(got.map(Kopecks::get), Ok(0) | Err(_))),
            Value::Number(n) => {
                assert_eq!(got.ok().map(Kopecks::get), oracle::kopecks_number(n), "number {n:?}: {got:?}")
            }
            Value::String(s) => assert_eq!(got, money::parse_kopecks_str(s)),
            _ => assert!(got.is_err(), "only numbers and strings are amounts"),
        }
        check_accepted(got.ok());
    }
});

fn check_accepted(k: Option<Kopecks>) {
    let Some(k) = k else { return };
    assert!(k.get() <= MAX_SAFE_INTEGER);
    let digits = k.get().to_string();
    assert_eq!(money::parse_kopecks_str(&digits), Ok(k));
    assert_eq!(money::parse_kopecks(&Value::Number(digits.clone())), Ok(k));
    assert_eq!(money::parse_kopecks(&k.to_wire()), Ok(k), "the wire form re-parses");
    assert_eq!(k.to_wire(), Value::String(digits));
    let rubles = money::format_rubles(k);
    assert_eq!(money::rubles_to_kopecks(&rubles), Ok(k), "format_rubles({}) = {rubles} re-parses", k.get());
}

fn is_negative_zero_with_fraction(n: &str) -> bool {
    n.starts_with("-0.") && n[3..].bytes().all(|b| b == b'0')
}
