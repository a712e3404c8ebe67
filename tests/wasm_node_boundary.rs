//! The wasm exports' boundary in Node (wasm-bindgen-test's default runtime).
#![cfg(target_arch = "wasm32")]

mod boundary;
