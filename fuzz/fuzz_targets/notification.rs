//! Notifications (`notification::parse_notification`, `detect`, `to_value`, `is_card_mask`).
//!
//! Asserts: a read notification's `kind` is what `detect` says; a payment's `amount` (and
//! `comission`, `totalAmount` when present) are whole kopecks equal to `money::parse_kopecks` of the
//! body's member; `isSuccess` implies `isTerminal`, and both are false for an unknown state; a read
//! notification, with the fields the reader adds taken out, reads again to the same value (a fixed
//! point); refused input always says why; the JSON forms parse back.
#![no_main]

use ckassa_fuzz::{examples, json_text};
use ckassa_sdk::json::{self, Value};
use ckassa_sdk::money;
use ckassa_sdk::notification::{self, Kind};
use ckassa_sdk::response::PaymentState;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = json_text(data, examples::NOTIFICATIONS) else { return };
    let Ok(body) = json::parse(&text) else { return };
    let detected = notification::detect(&body);
    let (read, warnings) = match notification::parse_notification(&body) {
        Ok(ok) => ok,
        Err(issues) => {
            assert!(!issues.is_empty(), "refused without an issue");
            return;
        }
    };
    let kind = read.get("kind").and_then(Value::as_str);
    assert_eq!(kind, detected.map(Kind::name), "kind");
    if detected == Some(Kind::Payment) {
        for key in ["amount", "comission", "totalAmount"] {
            let Some(got) = read.get(key).filter(|v| !v.is_null()) else { continue };
            let want = money::parse_kopecks(body.get(key).expect("read from the body")).expect("valid kopecks");
            assert_eq!(got, &Value::uint(want.get()), "{key}");
        }
        let state = read.get("state").and_then(Value::as_str).map(PaymentState::from_name);
        let (terminal, success) = (read.get("isTerminal"), read.get("isSuccess"));
        match state {
            Some(Some(s)) => {
                assert_eq!(terminal, Some(&Value::Bool(s.is_terminal())));
                assert_eq!(success, Some(&Value::Bool(s.is_success())));
            }
            _ => assert_eq!((terminal, success), (Some(&Value::Bool(false)), Some(&Value::Bool(false)))),
        }
    }
    let out = notification::to_value((read.clone(), warnings));
    assert!(json::parse(&out.to_json()).is_ok());

    // Fixed point: the read notification without the members the reader adds reads to itself.
    let Value::Object(members) = &read else { panic!("a notification is an object") };
    let stripped = Value::Object(
        members.iter().filter(|(k, _)| !matches!(k.as_str(), "kind" | "isTerminal" | "isSuccess")).cloned().collect(),
    );
    let (again, _) = notification::parse_notification(&stripped)
        .unwrap_or_else(|i| panic!("a read notification does not read again: {}\n{i:?}", stripped.to_json()));
    assert_eq!(again, read, "reading twice changes the notification: {}", body.to_json());

    if let Some(m) = read.get("cardMask").and_then(Value::as_str) {
        let want = (12..=19).contains(&m.len()) && m.bytes().all(|b| b.is_ascii_digit() || b == b'*') && m.contains('*');
        assert_eq!(notification::is_card_mask(m), want);
    }
});
