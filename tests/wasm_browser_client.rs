//! The checkout client's navigation plan in headless Chromium: every hostile URL of the catalogue is
//! refused with its code and the page does not move (the core only plans; js/api/client.js
//! navigates); the attempt record survives sessionStorage.
#![cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use ckassa_sdk::json::{self, Value};
use ckassa_sdk::redirect::{HOSTILE_ALLOW_LIST, HOSTILE_EXAMPLES};
use ckassa_sdk::wasm::client::{client_navigate, client_prepare};
use wasm_bindgen_test::wasm_bindgen_test;

fn parse(text: &str) -> Value {
    json::parse(text).unwrap()
}

#[wasm_bindgen_test]
fn hostile_urls_never_navigate() {
    let window = web_sys::window().unwrap();
    let before = window.location().href().unwrap();
    let allow = Value::Array(HOSTILE_ALLOW_LIST.iter().map(|h| Value::str(*h)).collect()).to_json();
    for method in ["GET", "POST"] {
        for (url, code) in HOSTILE_EXAMPLES {
            let arg = format!(
                r#"{{"action":{{"type":"redirect","reason":"3ds","method":"{method}","url":{}}},"allowedHosts":{allow},"breakOutOfIframe":true}}"#,
                Value::str(*url).to_json()
            );
            let answer = parse(&client_navigate(&arg));
            let error = answer.get("error").unwrap_or_else(|| panic!("{url:?} navigated"));
            assert_eq!(error.get("type").and_then(Value::as_str), Some("redirect_blocked"), "{url:?}");
            assert_eq!(error.get("code").and_then(Value::as_str), Some(*code), "{url:?}");
            assert_eq!(window.location().href().unwrap(), before, "{url:?} moved the page");
        }
    }
    // No form was left behind by a refused POST.
    let forms = window.document().unwrap().query_selector("form[method=post]").unwrap();
    assert!(forms.is_none());
    // A legitimate URL gets a plan, and planning never moves the page either.
    let ok = parse(&client_navigate(r#"{"action":{"method":"POST","url":"https://demo-acq.bisys.ru/3ds"}}"#));
    assert_eq!(ok.get("value").and_then(|v| v.get("method")).and_then(Value::as_str), Some("POST"));
    assert_eq!(window.location().href().unwrap(), before);
}

#[wasm_bindgen_test]
fn the_attempt_survives_session_storage() {
    let storage = web_sys::window().unwrap().session_storage().unwrap().unwrap();
    let input = r#"{"serviceCode":"1000-13864-2","amount":5000,"comission":0,"properties":[{"name":"a","value":"b"}]}"#;
    let random = "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]";
    let first = parse(&client_prepare(&format!(r#"{{"operation":"anonymousPayment","input":{input},"random":{random}}}"#)));
    let first = first.get("value").unwrap();
    storage.set_item("ckassa-sdk:attempt", &first.get("attempt").unwrap().to_json()).unwrap();
    let stored = storage.get_item("ckassa-sdk:attempt").unwrap().unwrap();
    let again = parse(&client_prepare(&format!(r#"{{"operation":"anonymousPayment","input":{input},"stored":{stored}}}"#)));
    assert_eq!(again.get("value").unwrap().get("idempotencyKey"), first.get("idempotencyKey"));
    storage.remove_item("ckassa-sdk:attempt").unwrap();
}
