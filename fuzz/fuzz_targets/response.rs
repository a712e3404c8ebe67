//! Gateway answers and errors (`response::parse_response`, `parse_result`, `parse_payment_status`,
//! `GatewayError::from_body`, `payment_state`, `state_value`, `parse_code`, `reg_pay_num_text`).
//!
//! Input: `<operation> <status>\n<body>` (the body is JSON, or raw text when it is not), or a docs
//! answer mutated structurally with a random status. Asserts:
//! - the outcome is JSON the parser reads back; a status outside 2xx is never `Done`;
//! - an `Action` exists only for gateway code 2365 and is a GET redirect whose `url` is the body's
//!   non-blank `securePageURL` (or `securePageUrl`), with `regPayNum` digits when present;
//! - `Failed.retryable` iff code 1999, HTTP 429 or 5xx; a raw message is cut to MAX_RAW_MESSAGE_CHARS;
//! - a read payment state is one of the eight, and `isSuccess` implies `isTerminal`;
//! - `parse_code` agrees with an independent reading of an 18-digit signed integer.
#![no_main]

use ckassa_fuzz::{examples, mutated_with_header, Input};
use ckassa_sdk::json::{self, Value};
use ckassa_sdk::requests::Operation;
use ckassa_sdk::response::{self, GatewayError, Outcome, PaymentState, MAX_RAW_MESSAGE_CHARS, NEED_3DS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (header, body, status_override): (String, Result<Value, String>, Option<u16>) = match Input::of(data) {
        Input::Bytes(mut u) if !data.contains(&b'\n') || std::str::from_utf8(data).is_err() => {
            let Ok((header, v)) = mutated_with_header(&mut u, examples::RESPONSES, 6) else { return };
            let status = if u.ratio(1, 3).unwrap_or(false) { u.int_in_range(0u16..=999).ok() } else { None };
            let body = if u.ratio(1, 10).unwrap_or(false) { Err(v.to_json()) } else { Ok(v) };
            (header.to_string(), body, status)
        }
        _ => {
            let text = String::from_utf8_lossy(data);
            let (header, body) = examples::split_header(&text);
            (header.to_string(), response::body_from(&Value::str(body)), None)
        }
    };
    let mut words = header.split(' ');
    let op = words.next().and_then(Operation::from_name).unwrap_or(Operation::PaymentStatus);
    let status = status_override.or_else(|| words.next().and_then(|s| s.parse().ok())).unwrap_or(200);

    for op in [op, Operation::ALL[usize::from(status) % Operation::ALL.len()]] {
        check(op, status, &body);
    }
    if let Ok(v) = &body {
        check_values(v);
    }
});

fn check(op: Operation, status: u16, body: &Result<Value, String>) {
    let outcome = response::parse_response(op, status, body);
    let text = outcome.to_value().to_json();
    assert!(json::parse(&text).is_ok(), "the outcome is JSON");
    let code_2365 = matches!(body, Ok(b) if b.get("code").and_then(response::parse_code) == Some(NEED_3DS));
    match &outcome {
        Outcome::Done(result, _) => {
            assert!((200..=299).contains(&status), "Done for HTTP {status}");
            assert!(!matches!(body, Ok(b) if b.get("code").is_some_and(|c| !c.is_null() && response::parse_code(c) != Some(0))));
            if op == Operation::PaymentStatus {
                check_state_flags(&result);
            }
        }
        Outcome::Action(action) => {
            let Ok(b) = body else { panic!("an action from a raw-text body") };
            let by_name = b.to_json().contains("NeedPass3dsException");
            assert!(code_2365 || by_name, "an action without 2365: {}", b.to_json());
            assert_eq!(action.get("type").and_then(Value::as_str), Some("redirect"));
            assert_eq!(action.get("method").and_then(Value::as_str), Some("GET"));
            let url = action.get("url").and_then(Value::as_str).expect("an action has a url");
            assert!(!url.trim().is_empty());
            let from_body = ["securePageURL", "securePageUrl"].iter().find_map(|k| b.get(k).and_then(Value::as_str));
            assert_eq!(Some(url), from_body, "the action's url is the body's securePageURL");
            if let Some(Value::String(n)) = action.get("regPayNum") {
                assert!(!n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()));
            }
        }
        Outcome::Failed(e) => check_error(e, Some(status)),
    }
    let e = GatewayError::from_body(body, Some(status));
    check_error(&e, Some(status));
    assert!(json::parse(&e.to_value().to_json()).is_ok());
    let e = GatewayError::from_body(body, None);
    assert!(!e.retryable || e.gateway_code == Some(response::INTERNAL_ERROR));
}

fn check_error(e: &GatewayError, status: Option<u16>) {
    let want = e.gateway_code == Some(response::INTERNAL_ERROR) || status.is_some_and(|s| s == 429 || s >= 500);
    assert_eq!(e.retryable, want, "{e:?}");
    if let Some(raw) = &e.raw_code {
        assert!(raw.chars().count() <= MAX_RAW_MESSAGE_CHARS + 1);
    }
    if e.action.is_some() {
        assert_eq!(e.gateway_code, Some(NEED_3DS));
    }
}

fn check_values(v: &Value) {
    if let Ok((result, _)) = response::parse_payment_status(v) {
        check_state_flags(&result);
    }
    for op in Operation::ALL {
        if let Ok((r, _)) = response::parse_result(op, v) {
            assert!(json::parse(&r.to_json()).is_ok());
        }
    }
    if let Value::Object(members) = v {
        for (k, m) in members {
            for s in [k.as_str(), m.as_str().unwrap_or("")] {
                let sv = response::state_value(s);
                let known = response::payment_state(s).ok();
                assert_eq!(sv.get("known"), Some(&Value::Bool(known.is_some())));
                assert_eq!(sv.get("isSuccess"), Some(&Value::Bool(known.is_some_and(PaymentState::is_success))));
            }
            let code = response::parse_code(m);
            let text = match m {
                Value::Number(t) | Value::String(t) => Some(t.as_str()),
                _ => None,
            };
            let want = text.filter(|t| {
                let d = t.strip_prefix('-').unwrap_or(t);
                !d.is_empty() && d.len() <= 18 && d.bytes().all(|b| b.is_ascii_digit())
            });
            assert_eq!(code, want.map(|t| t.parse::<i64>().unwrap()), "parse_code({m:?})");
            if let Some(n) = response::reg_pay_num_text(m) {
                assert!(!n.is_empty() && n.len() <= 20 && n.bytes().all(|b| b.is_ascii_digit()), "{n}");
            }
        }
    }
}

/// `isTerminal` and `isSuccess` follow the state (both false for a state outside the eight, which is
/// kept with a warning), and success implies terminal.
fn check_state_flags(result: &Value) {
    let state = result.get("state").and_then(Value::as_str).and_then(PaymentState::from_name);
    let flag = |k: &str| result.get(k).and_then(Value::as_bool).unwrap_or_else(|| panic!("{k} is a boolean: {}", result.to_json()));
    assert_eq!(flag("isTerminal"), state.is_some_and(PaymentState::is_terminal), "{}", result.to_json());
    assert_eq!(flag("isSuccess"), state.is_some_and(PaymentState::is_success), "{}", result.to_json());
    assert!(!flag("isSuccess") || flag("isTerminal"));
}
