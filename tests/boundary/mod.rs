//! The wasm exports' boundary, shared by the Node and the Chromium test binaries: the envelope crosses
//! the boundary and a bad input leaves the instance working.

use ckassa_sdk::wasm::core::{parse_kopecks, rubles_to_kopecks};
use ckassa_sdk::wasm::version;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn amounts_cross_the_boundary_as_envelopes() {
    assert_eq!(rubles_to_kopecks("\"123.45\""), r#"{"ok":true,"value":12345}"#);
    let bad = parse_kopecks("1.5");
    assert!(bad.starts_with(r#"{"ok":false,"error":{"type":"validation","code":"not_integer""#), "{bad}");
    // Not JSON at all: a validation error, and the instance still answers.
    assert!(parse_kopecks("{").contains(r#""code":"invalid_json""#));
    assert_eq!(parse_kopecks("\"42\""), r#"{"ok":true,"value":42}"#);
}
