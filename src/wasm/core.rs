//! Exports of the payment core: amounts, requests, responses, notifications.
//!
//! One line each over [`crate::requests::boundary`], where the argument shapes and envelopes are
//! plain Rust, tested natively; this file only adds the JS clock.

use wasm_bindgen::prelude::*;

use crate::requests::boundary as b;

/// The current time in epoch seconds from the JS clock.
fn now_seconds() -> u64 {
    // Date.now() is a non-negative whole number of milliseconds; `as` saturates on anything odd.
    (js_sys::Date::now() / 1000.0) as u64
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

/// `operationPath(operation)`: the gateway path.
#[wasm_bindgen]
pub fn operation_path(arg: &str) -> String {
    b::operation_path(arg)
}

/// `operations()`: every operation with its path and fields.
#[wasm_bindgen]
pub fn operations() -> String {
    b::operations()
}

/// `currencies()`: the docs' currency table.
#[wasm_bindgen]
pub fn currencies() -> String {
    b::currencies()
}

/// `parseOrderNote(note)`.
#[wasm_bindgen]
pub fn parse_order_note(arg: &str) -> String {
    b::parse_order_note(arg)
}

/// `renderOrderNote(note)`.
#[wasm_bindgen]
pub fn render_order_note(arg: &str) -> String {
    b::render_order_note(arg)
}

/// `paymentState(state)`.
#[wasm_bindgen]
pub fn payment_state(arg: &str) -> String {
    b::payment_state(arg)
}

/// `parsePaymentStatus(body)`.
#[wasm_bindgen]
pub fn parse_payment_status(arg: &str) -> String {
    b::parse_payment_status(arg)
}

/// `parseGatewayError(body, status)`.
#[wasm_bindgen]
pub fn parse_gateway_error(arg: &str) -> String {
    b::parse_gateway_error(arg)
}

/// `parseGatewayResponse(operation, status, body)`.
#[wasm_bindgen]
pub fn parse_gateway_response(arg: &str) -> String {
    b::parse_gateway_response(arg)
}

/// `parseNotification(body)`.
#[wasm_bindgen]
pub fn parse_notification(arg: &str) -> String {
    b::parse_notification(arg)
}

/// `orderBestBefore(dateOrSeconds)`.
#[wasm_bindgen]
pub fn order_best_before(arg: &str) -> String {
    b::order_best_before(arg, &now_seconds)
}

/// `rublesToKopecks(text)`.
#[wasm_bindgen]
pub fn rubles_to_kopecks(arg: &str) -> String {
    b::rubles_to_kopecks(arg)
}

/// `parseKopecks(value)`.
#[wasm_bindgen]
pub fn parse_kopecks(arg: &str) -> String {
    b::parse_kopecks(arg)
}
