//! The 3DS browser data in Node (wasm-bindgen-test's default runtime): no `window`, so the collector
//! gives the "browser only" answer without touching anything; the pure functions work as natively.
#![cfg(target_arch = "wasm32")]

use ckassa_sdk::fingerprint::{self as fp, browser};
use ckassa_sdk::json::{parse, Value};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn without_a_window_the_collector_answers_none() {
    assert!(!browser::has_window());
    assert_eq!(browser::collect(), None);
}

#[wasm_bindgen_test]
fn normalise_encode_and_decode_work_without_a_browser() {
    let raw = parse(
        r#"{"browserTZ":-180,"browserColorDepth":30,"browserScreenHeight":1080,"browserScreenWidth":1920,"browserLanguage":"zh-Hant-TW","browserUserAgent":"UA","browserJavaEnabled":false}"#,
    )
    .unwrap();
    let (auth, n) = fp::encode_authentication_info(&raw).unwrap();
    let rules: Vec<_> = n.changes.iter().map(|c| c.rule).collect();
    assert_eq!(rules, ["color_depth_nearest_allowed", "language_shortened"]);
    let json = r#"{"browserTZ":-180,"browserColorDepth":32,"browserScreenHeight":1080,"browserScreenWidth":1920,"browserLanguage":"zh-TW","browserUserAgent":"UA","browserJavaEnabled":false}"#;
    assert_eq!(auth, fp::base64::encode(json.as_bytes()));
    let record = fp::ClientAuInfo::from_info(&n.info, String::new());
    let decoded = fp::decode_client_au_info(&record.to_value(), false).unwrap();
    // The fingerprint types have no Debug in the wasm build (nothing there may format them): `==`.
    assert!(decoded.info == n.info, "decoding gives other info: {}", decoded.info.to_json());
    let Err(e) = fp::decode_client_au_info(&Value::str("nope"), false) else { panic!("text that is not JSON decodes") };
    assert_eq!(e.code, "invalid_json");
}

#[wasm_bindgen_test]
fn numbers_are_written_as_json_stringify_writes_them() {
    // Non-integral and huge values are written by JavaScript's String(x) (no float formatter in the wasm).
    for (f, text) in [
        (-180.0, "-180"),
        (0.0, "0"),
        (-0.0, "0"),
        (1.5, "1.5"),
        (-150.25, "-150.25"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e15, "1000000000000000"),
        (9007199254740991.0, "9007199254740991"),
        (1152921504606846976.0, "1152921504606847000"),
        (1e21, "1e+21"),
        (-1.5e300, "-1.5e+300"),
        (1e-7, "1e-7"),
        (1.5e-6, "0.0000015"),
        (5e-324, "5e-324"),
    ] {
        assert_eq!(fp::js_number(f), Value::Number(text.into()), "{f}");
    }
    assert_eq!(fp::js_number(f64::NAN), Value::Null);
    assert_eq!(fp::js_number(f64::INFINITY), Value::Null);
}
