//! The core of ckassa-sdk: payments for the CKassa Shop API built and validated, gateway answers and
//! notifications understood, 3-D Secure browser data normalised and encoded, redirect targets checked.
//!
//! Everything here is plain Rust, tested natively with `cargo test`. The wasm build adds the
//! JS-facing edge in [`wasm`] (browser collection, the fetch client, the exported functions).
#![deny(missing_docs)]
// Unsafe code is refused everywhere but in the wasm build's allocator (src/wasm/alloc.rs), which says why.
#![deny(unsafe_code)]

pub mod error;
pub mod json;
pub mod money;

pub mod currency;
pub mod notification;
pub mod order;
pub mod order_note;
pub mod requests;
pub mod response;

pub mod fingerprint;

pub mod redirect;
pub mod retry;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

/// The version of this crate and of the npm package built from it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
