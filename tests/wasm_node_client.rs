//! The checkout client's exports in Node (no window): redirect verdicts and navigation plans, attempt
//! keys minted from JS's random bytes and reused, what to send and what each outcome means, outcomes
//! from statuses, the polling interval.
#![cfg(target_arch = "wasm32")]

use ckassa_sdk::json::{self, Value};
use ckassa_sdk::redirect::{HOSTILE_ALLOW_LIST, HOSTILE_EXAMPLES};
use ckassa_sdk::wasm::client::{client, client_navigate, client_outcome, client_poll_delay, client_prepare, client_request, client_step};
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
        let arg = format!(r#"{{"action":{{"url":{}}},"allowedHosts":{}}}"#, Value::str(*url).to_json(), allow_list());
        let answer = parse(&client_navigate(&arg));
        let error = answer.get("error").unwrap_or_else(|| panic!("{url:?} passed"));
        assert_eq!(error.get("type").and_then(Value::as_str), Some("redirect_blocked"), "{url:?}");
        assert_eq!(error.get("code").and_then(Value::as_str), Some(*code), "{url:?}");
    }
    let ok = parse(&client_navigate(r#"{"action":{"url":"https://demo-acq.bisys.ru/cardpay/card?order=1"}}"#));
    assert_eq!(ok.get("ok"), Some(&Value::Bool(true)));
    let bad_list = parse(&client_navigate(r#"{"action":{"url":"https://x.com/"},"allowedHosts":["*.com"]}"#));
    assert_eq!(bad_list.get("error").and_then(|e| e.get("type")).and_then(Value::as_str), Some("validation"));
}

#[wasm_bindgen_test]
fn navigation_is_a_plan_for_js() {
    let arg = r#"{"action":{"type":"redirect","reason":"3ds","method":"GET","url":"https://demo-acq.bisys.ru/3ds"},"breakOutOfIframe":true,"framed":true}"#;
    assert_eq!(client_navigate(arg), r#"{"ok":true,"value":{"method":"GET","url":"https://demo-acq.bisys.ru/3ds","top":true,"fields":[]}}"#);
    let post = r#"{"action":{"method":"post","url":"https://demo-acq.bisys.ru/3ds","fields":{"MD":"1"}}}"#;
    assert_eq!(client_navigate(post), r#"{"ok":true,"value":{"method":"POST","url":"https://demo-acq.bisys.ru/3ds","top":false,"fields":[["MD","1"]]}}"#);
    let hostile = parse(&client_navigate(r#"{"action":{"method":"GET","url":"javascript:alert(1)"}}"#));
    assert_eq!(hostile.get("error").and_then(|e| e.get("code")).and_then(Value::as_str), Some("scheme_not_allowed"));
}

/// 16 random bytes as JS passes them (`crypto.getRandomValues`).
fn random() -> String {
    let bytes: Vec<Value> = (0..16).map(|_| Value::uint((js_sys::Math::random() * 256.0) as u64)).collect();
    Value::Array(bytes).to_json()
}

const PAYMENT: &str = r#"{"serviceCode":"1000-13864-2","amount":10000,"comission":0,"properties":[{"name":"a","value":"b"}]}"#;

fn prepare(stored: &str, amount: u32) -> Value {
    let input = PAYMENT.replace("10000", &amount.to_string());
    let arg = format!(r#"{{"operation":"anonymousPayment","input":{input},"returnUrl":"https://shop.example/back","stored":{stored},"random":{}}}"#, random());
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
    // Without random bytes a key cannot be minted; a caller's key needs none.
    let no_crypto = parse(&client_prepare(&format!(r#"{{"operation":"anonymousPayment","input":{PAYMENT},"random":null}}"#)));
    assert_eq!(no_crypto.get("error").and_then(|e| e.get("code")).and_then(Value::as_str), Some("no_crypto"));
    let given = parse(&client_prepare(&format!(r#"{{"operation":"anonymousPayment","input":{PAYMENT},"idempotencyKey":"k-1"}}"#)));
    assert_eq!(given.get("value").and_then(|v| v.get("idempotencyKey")).and_then(Value::as_str), Some("k-1"));
    let read = parse(&client_prepare(r#"{"operation":"paymentStatus","input":{"regPayNum":"1"}}"#));
    assert_eq!(read.get("value").and_then(|v| v.get("idempotencyKey")), None);
}

#[wasm_bindgen_test]
fn calls_are_planned_and_outcomes_decided_synchronously() {
    let plan = parse(&client_request(r#"{"endpoint":"https://shop.example/api/","operation":"refund","idempotencyKey":"k-1","retries":1,"fetch":true,"window":false}"#));
    let plan = plan.get("value").unwrap_or_else(|| panic!("{plan:?}"));
    assert_eq!(plan.get("url").and_then(Value::as_str), Some("https://shop.example/api/refund"));
    assert_eq!(plan.get("headers").and_then(|h| h.get("idempotency-key")).and_then(Value::as_str), Some("k-1"));
    let relative = parse(&client_request(r#"{"endpoint":"/api","operation":"cardList","fetch":true,"window":false}"#));
    assert_eq!(relative.get("error").and_then(|e| e.get("code")).and_then(Value::as_str), Some("relative_endpoint"));
    let no_fetch = parse(&client_request(r#"{"endpoint":"/api","operation":"cardList","fetch":false,"window":true}"#));
    assert_eq!(no_fetch.get("error").and_then(|e| e.get("code")).and_then(Value::as_str), Some("no_fetch"));

    let progress = r#""operation":"paymentStatus","retries":2,"timeoutMs":30000,"honoured":false,"retry":0,"elapsedMs":5,"nowMs":1700000000000,"rand":0"#;
    let wait = parse(&client_step(&format!(r#"{{{progress},"status":429,"retryAfter":"1","requestId":"r"}}"#), "{}"));
    assert_eq!(wait.get("value").map(Value::to_json).as_deref(), Some(r#"{"retryInMs":1000,"idempotencyHonoured":false}"#));
    let done = parse(&client_step(&format!(r#"{{{progress},"status":200,"requestId":"r","idempotency":"honoured"}}"#), r#"{"ok":true,"result":{"state":"payed"}}"#));
    assert_eq!(
        done.get("value").map(Value::to_json).as_deref(),
        Some(r#"{"result":{"state":"payed"},"requestId":"r","idempotencyHonoured":true,"replayed":false,"attempts":1}"#)
    );
    let timeout = parse(&client_step(&format!(r#"{{{progress},"stopped":"timeout"}}"#), ""));
    assert_eq!(timeout.get("error").and_then(|e| e.get("type")).and_then(Value::as_str), Some("timeout"));
    let failed = parse(&client_step(&format!(r#"{{{progress},"retry":2,"failed":"fetch failed (ECONNREFUSED)"}}"#), ""));
    let e = failed.get("error").unwrap();
    assert_eq!(e.get("message").and_then(Value::as_str), Some("the request to the proxy failed: fetch failed (ECONNREFUSED)"));
    assert_eq!(e.get("attempts"), Some(&Value::uint(3)));
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

#[wasm_bindgen_test]
fn the_one_export_dispatches_by_name() {
    let outcome = r#"{"regPayNum":"5","state":"payed"}"#;
    assert_eq!(client("outcome", outcome, ""), client_outcome(outcome));
    let nav = r#"{"action":{"url":"https://bisys.kz/"}}"#;
    assert_eq!(client("navigate", nav, ""), client_navigate(nav));
    let step = r#"{"operation":"cardList","stopped":"aborted"}"#;
    assert_eq!(client("step", step, "ignored"), client_step(step, ""));
    let unknown = parse(&client("send", "{}", ""));
    assert_eq!(unknown.get("error").and_then(|e| e.get("code")).and_then(Value::as_str), Some("unknown_call"));
}
