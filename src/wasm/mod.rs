//! The JS-facing edge of the core (wasm32 only).
//!
//! Every export takes its arguments as JSON text and returns the JSON envelope of
//! [`crate::error::envelope`]: `{"ok":true,"value":...}` or `{"ok":false,"error":{type,code,message,...}}`.
//! Text is the cheapest way across the boundary for this crate (no serde in the binary), and the JS
//! layer (`js/runtime.js`) turns an error envelope into the right `CKassaError` subclass.

use crate::error::{ApiError, Issue};
use crate::json::{self, Value};

mod alloc;
pub mod core;
mod fingerprint;
pub mod client;

/// The global allocator of the wasm build (std's dlmalloc is larger than this SDK needs).
#[global_allocator]
static ALLOC: alloc::Alloc = alloc::Alloc::new();

/// The SDK's version (the JS layer reads it through the `core` export: [`crate::requests::boundary::CALLS`]).
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// Parses an export's JSON argument; malformed text is a validation error at the input itself.
pub(crate) fn parse_arg(text: &str) -> Result<Value, ApiError> {
    json::parse(text).map_err(|e| {
        let mut message = String::from("the input is not JSON the SDK accepts: ");
        message.push_str(&e.describe());
        ApiError::invalid(Issue::new("", "invalid_json", message))
    })
}
