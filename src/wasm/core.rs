//! Exports of the payment core: amounts, requests, responses, notifications.
//!
//! Three exports over [`crate::requests::boundary`], where the argument shapes and envelopes are plain
//! Rust, tested natively; this file only adds the JS clock. `build_request` and `validate_request`
//! (the hot calls) are exports of their own; every other call goes through `core(call, arg)`, numbered
//! as [`b::CALLS`] numbers them. The functions below it are the same calls as Rust functions (for the
//! wasm-bindgen tests), not exports.

use wasm_bindgen::prelude::*;

use crate::requests::boundary as b;

/// The current time in epoch seconds from the JS clock.
fn now_seconds() -> u64 {
    // Date.now() is a non-negative whole number of milliseconds; `as` saturates on anything odd.
    js_sys::Date::now() as u64 / 1000
}

/// `buildRequest(operation, input, options)`: `{request, warnings}` or the validation error.
#[wasm_bindgen]
pub fn build_request(arg: &str) -> String {
    b::build_request(arg, &now_seconds)
}

/// `validateRequest(operation, input, options)`: `{ok, request, issues, warnings}`, never an error.
#[wasm_bindgen]
pub fn validate_request(arg: &str) -> String {
    b::validate_request(arg, &now_seconds)
}

/// Every other call of the payment core, by its number in [`b::CALLS`].
#[wasm_bindgen]
pub fn core(call: u32, arg: &str) -> String {
    b::call(call, arg, &now_seconds)
}

/// `rublesToKopecks(text)`.
pub fn rubles_to_kopecks(arg: &str) -> String {
    b::rubles_to_kopecks(arg)
}

/// `parseKopecks(value)`.
pub fn parse_kopecks(arg: &str) -> String {
    b::parse_kopecks(arg)
}
