//! Exports of the payment core: amounts, requests, responses, notifications.

use wasm_bindgen::prelude::*;

use super::parse_arg;
use crate::error::{envelope, ApiError};
use crate::json::Value;
use crate::money;

/// `rublesToKopecks(text)`: the argument is a JSON string (the roubles text).
#[wasm_bindgen]
pub fn rubles_to_kopecks(arg: &str) -> String {
    envelope(parse_arg(arg).and_then(|v| match v {
        Value::String(text) => money::rubles_to_kopecks(&text)
            .map(|k| Value::uint(k.get()))
            .map_err(|e| ApiError::validation(vec![e.at("")], vec![])),
        other => Err(ApiError::validation(
            vec![crate::error::Issue::new(
                "",
                "invalid_type",
                format!("must be a string of roubles such as \"123.45\", got {}", other.type_name()),
            )],
            vec![],
        )),
    }))
}

/// `parseKopecks(value)`: a number, numeric string or BigInt (as its digits) to whole kopecks.
#[wasm_bindgen]
pub fn parse_kopecks(arg: &str) -> String {
    envelope(parse_arg(arg).and_then(|v| {
        money::parse_kopecks(&v)
            .map(|k| Value::uint(k.get()))
            .map_err(|e| ApiError::validation(vec![e.at("")], vec![]))
    }))
}
