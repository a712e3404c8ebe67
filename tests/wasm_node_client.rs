//! The checkout client's exports in Node (no window): redirect verdicts, nothing navigates, attempt
//! keys minted and reused, outcomes from statuses, the polling interval.
#![cfg(target_arch = "wasm32")]

use ckassa_sdk::json::{self, Value};
use ckassa_sdk::redirect::{HOSTILE_ALLOW_LIST, HOSTILE_EXAMPLES};
use ckassa_sdk::wasm::client::{client_check_redirect, client_navigate, client_outcome, client_poll_delay, client_prepare};
use wasm_bindgen_test::wasm_bindgen_test;

fn parse(text: &str) -> Value {
    json::parse(text).unwrap()
}

fn allow_list() -> String {
    Value::Array(HOSTILE_ALLOW_LIST.iter().map(|h| Value::str(*h)).collect()).to_json()
}

#[wasm_bindgen_test]
fn every_hostile_url_is_refused_with_its_code() {
    for (url, code) in HOSTILE_EXAMPLES {
        let arg = format!(r#"{{"url":{},"allowedHosts":{}}}"#, Value::str(*url).to_json(), allow_list());
        let answer = parse(&client_check_redirect(&arg));
        let error = answer.get("error").unwrap_or_else(|| panic!("{url:?} passed"));
        assert_eq!(error.get("type").and_then(Value::as_str), Some("redirect_blocked"), "{url:?}");
        assert_eq!(error.get("code").and_then(Value::as_str), Some(*code), "{url:?}");
    }
    let ok = parse(&client_check_redirect(r#"{"url":"https://demo-acq.bisys.ru/cardpay/card?order=1"}"#));
    assert_eq!(ok.get("ok"), Some(&Value::Bool(true)));
    let bad_list = parse(&client_check_redirect(r#"{"url":"https://x.com/","allowedHosts":["*.com"]}"#));
    assert_eq!(bad_list.get("error").and_then(|e| e.get("type")).and_then(Value::as_str), Some("validation"));
}

#[wasm_bindgen_test]
fn nothing_navigates_without_a_window() {
    let arg = r#"{"action":{"type":"redirect","reason":"3ds","method":"GET","url":"https://demo-acq.bisys.ru/3ds"}}"#;
    assert_eq!(client_navigate(arg), r#"{"ok":true,"value":{"navigated":false}}"#);
    // Still checked first: a hostile URL is an error even where nothing could navigate.
    let hostile = parse(&client_navigate(r#"{"action":{"method":"GET","url":"javascript:alert(1)"}}"#));
    assert_eq!(hostile.get("error").and_then(|e| e.get("code")).and_then(Value::as_str), Some("scheme_not_allowed"));
}

const PAYMENT: &str = r#"{"serviceCode":"1000-13864-2","amount":10000,"comission":0,"properties":[{"name":"a","value":"b"}]}"#;

fn prepare(stored: &str, amount: u32) -> Value {
    let input = PAYMENT.replace("10000", &amount.to_string());
    let arg = format!(r#"{{"operation":"anonymousPayment","input":{input},"returnUrl":"https://shop.example/back","stored":{stored}}}"#);
    let answer = parse(&client_prepare(&arg));
    answer.get("value").cloned().unwrap_or_else(|| panic!("{answer:?}"))
}

#[wasm_bindgen_test]
fn attempts_mint_a_uuid_and_reuse_it_for_the_same_amount() {
    let first = prepare("null", 10000);
    let key = first.get("idempotencyKey").and_then(Value::as_str).unwrap().to_string();
    assert_eq!(key.len(), 36);
    assert_eq!(&key[14..15], "4");
    assert_eq!(first.get("reused"), Some(&Value::Bool(false)));
    let request = first.get("request").unwrap();
    assert_eq!(request.get("successUrl").and_then(Value::as_str), Some("https://shop.example/back"));
    let record = first.get("attempt").unwrap().to_json();
    let again = prepare(&record, 10000);
    assert_eq!(again.get("idempotencyKey").and_then(Value::as_str), Some(key.as_str()));
    assert_eq!(again.get("reused"), Some(&Value::Bool(true)));
    let other = prepare(&record, 12000);
    assert_ne!(other.get("idempotencyKey").and_then(Value::as_str), Some(key.as_str()));
    // Junk in storage is ignored, not an error.
    assert_eq!(prepare(r#"{"v":1,"key":"x y"}"#, 10000).get("reused"), Some(&Value::Bool(false)));
}

#[wasm_bindgen_test]
fn outcomes_follow_the_core_state_table() {
    let final_ = parse(&client_outcome(r#"{"regPayNum":"5","state":"payed"}"#));
    assert_eq!(final_.get("value").and_then(|v| v.get("type")).and_then(Value::as_str), Some("final"));
    let pending = parse(&client_outcome(r#"{"regPayNum":5,"state":"created"}"#));
    let v = pending.get("value").unwrap();
    assert_eq!(v.get("type").and_then(Value::as_str), Some("pending"));
    assert_eq!(v.get("regPayNum").and_then(Value::as_str), Some("5"));
    for elapsed in [0, 59_000] {
        for rand in [0, 1 << 31, u32::MAX] {
            let d = client_poll_delay(elapsed, rand);
            assert!((1_800..2_200).contains(&d), "{d}");
        }
    }
    assert_eq!(client_poll_delay(61_000, 1 << 31), 10_000);
    assert_eq!(client_poll_delay(61_000, 0), 9_000);
}
