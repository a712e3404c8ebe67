//! The browser collector in headless Chromium, next to the CKassa docs' `getFingerprint()` evaluated
//! in the same page: the same values, the same JSON, and (for an ordinary browser) the same base64.
#![cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use ckassa_sdk::fingerprint::{self as fp, browser};
use ckassa_sdk::json::Value;
use js_sys::Function;
use wasm_bindgen_test::wasm_bindgen_test;

/// The docs' object literal, verbatim (shop-api-docs, "Скрипт получения данных в браузере клиента").
const DOCS_OBJECT: &str = "({
        browserTZ: new Date().getTimezoneOffset(),
        browserColorDepth: window.screen.colorDepth,
        browserScreenHeight:  window.screen.height,
        browserScreenWidth: window.screen.width,
        browserLanguage: navigator.language,
        browserUserAgent: window.navigator.userAgent,
        browserJavaEnabled: window.navigator.javaEnabled()
    })";

fn eval_string(body: &str) -> String {
    Function::new_no_args(body).call0(&wasm_bindgen::JsValue::NULL).unwrap().as_string().unwrap()
}

/// `JSON.stringify` of the docs' object, in this page now.
fn docs_json() -> String {
    eval_string(&format!("return JSON.stringify({DOCS_OBJECT});"))
}

/// The docs' `getFingerprint()`, in this page now.
fn docs_fingerprint() -> String {
    eval_string(&format!("return btoa(JSON.stringify({DOCS_OBJECT}));"))
}

#[wasm_bindgen_test]
fn a_browser_has_a_window() {
    assert!(browser::has_window());
}

#[wasm_bindgen_test]
fn the_collector_reads_what_the_docs_script_reads() {
    let raw = browser::collect().expect("a window");
    assert_eq!(raw.to_json(), docs_json());
    let keys: Vec<_> = raw.as_object().unwrap().iter().map(|(k, _)| k.clone()).collect();
    assert_eq!(keys, fp::DOCS_FIELDS);
    assert!(matches!(raw.get(fp::JAVA_ENABLED), Some(Value::Bool(false))));
}

#[wasm_bindgen_test]
fn the_typed_path_and_the_json_path_agree() {
    let collected = browser::collect_fields().unwrap();
    // The fingerprint types have no Debug in the wasm build (nothing there may format them): `==`.
    let (typed, json) = (fp::normalize_inputs(collected.inputs()), fp::normalize(&collected.to_value()).unwrap());
    assert!(typed == json, "{} != {}", typed.to_value().to_json(), json.to_value().to_json());
}

#[wasm_bindgen_test]
fn an_ordinary_browser_gives_the_docs_base64_byte_for_byte() {
    let (auth, normalized) = fp::encode_authentication_info(&browser::collect().unwrap()).unwrap();
    let changes = fp::changes_to_value(&normalized.changes).to_json();
    assert!(normalized.changes.is_empty(), "headless Chromium needs no normalising: {changes}");
    assert_eq!(auth, docs_fingerprint());
}

#[wasm_bindgen_test]
fn a_30_bit_display_is_read_raw_and_normalised_to_32() {
    let set = "const d = Object.getOwnPropertyDescriptor(Screen.prototype, 'colorDepth');
        window.__savedColorDepth = d;
        Object.defineProperty(Screen.prototype, 'colorDepth', { get: () => 30, configurable: true });
        return '';";
    let restore = "Object.defineProperty(Screen.prototype, 'colorDepth', window.__savedColorDepth); return '';";
    eval_string(set);
    let raw = browser::collect().unwrap();
    let docs = docs_json();
    eval_string(restore);
    assert_eq!(raw.to_json(), docs);
    assert_eq!(raw.get(fp::COLOR_DEPTH), Some(&Value::Number("30".into())));
    let n = fp::normalize(&raw).unwrap();
    assert_eq!(n.info.color_depth, 32);
    assert_eq!(
        n.changes.iter().map(|c| c.to_value().to_json()).collect::<Vec<_>>(),
        [r#"{"field":"browserColorDepth","from":30,"to":32,"rule":"color_depth_nearest_allowed"}"#]
    );
}

#[wasm_bindgen_test]
fn a_non_latin1_user_agent_encodes_where_btoa_throws() {
    let set = "window.__savedUa = Object.getOwnPropertyDescriptor(Navigator.prototype, 'userAgent');
        Object.defineProperty(Navigator.prototype, 'userAgent', { get: () => 'Браузер/1.0 😀', configurable: true });
        try { btoa(JSON.stringify(navigator.userAgent)); return 'no throw'; } catch (e) { return e.name; }";
    let restore = "Object.defineProperty(Navigator.prototype, 'userAgent', window.__savedUa); return '';";
    let thrown = eval_string(set);
    let raw = browser::collect().unwrap();
    eval_string(restore);
    assert_eq!(thrown, "InvalidCharacterError");
    let (auth, _) = fp::encode_authentication_info(&raw).unwrap();
    let bytes = fp::base64::decode(&auth).unwrap_or_else(|e| panic!("{} at {}", e.reason, e.offset));
    let json = String::from_utf8(bytes).unwrap();
    assert!(json.contains(r#""browserUserAgent":"Браузер/1.0 😀""#), "{json}");
}
