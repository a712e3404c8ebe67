//! Exact scaled decimals (`money::parse_scaled`), the rule behind order-item quantities.
//!
//! Asserts, for the input as a string and (when it is JSON) as a JSON value, and for every scale
//! 0..=6: the verdict and the units equal the documented rule computed independently; an accepted
//! quantity written back as a decimal with `scale` digits re-parses to the same units. Larger scales
//! (up to 40) must never panic.
#![no_main]

use ckassa_fuzz::oracle;
use ckassa_sdk::json::{self, Value};
use ckassa_sdk::money::{self, AmountError};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut values = vec![Value::str(text)];
    if let Ok(v) = json::parse(text) {
        values.push(v);
    }
    for v in &values {
        for scale in 0..=6u32 {
            let got = money::parse_scaled(v, scale);
            let want = match v {
                Value::String(s) if matches!(s.as_str(), "NaN" | "Infinity" | "-Infinity" | "+Infinity") => None,
                Value::String(s) | Value::Number(s) => oracle::scaled(s, scale),
                _ => None,
            };
            assert_eq!(got.ok(), want, "{v:?} at scale {scale}: {got:?}");
            if let Ok(units) = got {
                let p = 10u64.pow(scale);
                let text = if scale == 0 { units.to_string() } else { format!("{}.{:0w$}", units / p, units % p, w = scale as usize) };
                assert_eq!(money::parse_scaled(&Value::Number(text.clone()), scale), Ok(units), "{text}");
                assert_eq!(money::parse_scaled(&Value::String(text.clone()), scale), Ok(units), "{text}");
            }
        }
        let _: Result<u64, AmountError> = money::parse_scaled(v, 40);
    }
});
