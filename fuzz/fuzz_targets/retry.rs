//! Retries and proxy answers (`retry::read_answer`, `retry_after_ms`, `http_date_ms`, `backoff_ms`,
//! `next_delay_ms`, `poll_delay_ms`, `check_idempotency_key`, `uuid_v4`, `Attempt`).
//!
//! Input: `<status>\n<proxy answer>` (or the whole text as an answer with status 200); every line
//! also goes to the `Retry-After` reader and the key check. Asserts:
//! - `read_answer` gives a result only for a 2xx `{ok:true,result:{...}}`, an action only for a 2xx
//!   `{ok:true,action:{type:'redirect',url}}` (method GET or POST, the url kept as sent); otherwise an
//!   error that carries `httpStatus`, and `retryable: true` for 429/5xx without a protocol body;
//! - `Retry-After` in seconds is exactly `n·1000`; an HTTP date is a well-formed IMF-fixdate and
//!   agrees with an independent civil-date computation (via the `httpdate`-free reference below);
//! - backoff stays within `[step/2, step]` of `min(base·2^retry, cap)`; `next_delay_ms` never exceeds
//!   the time left, never retries past the policy, and honours a `Retry-After` up to its cap;
//! - the poll interval is within ±10 % of 2 s (first minute) or 10 s;
//! - a UUID from any bytes is a valid v4 key; a stored attempt reads back as itself.
#![no_main]

use arbitrary::Unstructured;
use ckassa_sdk::json::{self, Value};
use ckassa_sdk::requests::Operation;
use ckassa_sdk::retry::{self, Attempt, Policy, Reply};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (status, body) = match text.split_once('\n') {
        Some((s, b)) if s.len() == 3 && s.bytes().all(|c| c.is_ascii_digit()) => (s.parse().unwrap_or(200), b),
        _ => (200u16, &*text),
    };
    for st in [status, 200, 429, 503, 409] {
        check_answer(st, body);
    }
    for line in text.split('\n') {
        check_retry_after(line);
        let key_ok = retry::check_idempotency_key(line).is_ok();
        assert_eq!(key_ok, !line.is_empty() && line.len() <= 255 && line.bytes().all(|b| (0x21..=0x7e).contains(&b)));
    }

    let mut u = Unstructured::new(data);
    let policy = Policy {
        retries: u.int_in_range(0..=retry::MAX_RETRIES).unwrap_or(2),
        base_ms: u.int_in_range(0u64..=10_000).unwrap_or(500),
        cap_ms: u.int_in_range(0u64..=120_000).unwrap_or(5_000),
        max_retry_after_ms: u.int_in_range(0u64..=600_000).unwrap_or(60_000),
    };
    let retry_n: u32 = u.arbitrary().unwrap_or(0);
    let rand: u32 = u.arbitrary().unwrap_or(0);
    let step = policy.base_ms.saturating_mul(1u64 << retry_n.min(20)).min(policy.cap_ms);
    let d = retry::backoff_ms(&policy, retry_n, rand);
    assert!(d <= step && d >= step / 2, "backoff {d} outside [{}, {step}]", step / 2);
    let remaining: u64 = u.arbitrary().unwrap_or(0);
    let after: Option<u64> = u.arbitrary().unwrap_or(None);
    match retry::next_delay_ms(&policy, retry_n, after, remaining, rand) {
        Some(delay) => {
            assert!(retry_n < policy.retries && delay < remaining);
            if let Some(a) = after {
                assert!(a <= policy.max_retry_after_ms && delay == a);
            }
        }
        None => assert!(
            retry_n >= policy.retries
                || after.is_some_and(|a| a > policy.max_retry_after_ms || a >= remaining)
                || (after.is_none() && d >= remaining)
        ),
    }
    let elapsed: u64 = u.arbitrary().unwrap_or(0);
    let poll = retry::poll_delay_ms(elapsed, rand);
    let base = if elapsed < 60_000 { 2_000 } else { 10_000 };
    assert!(poll >= base * 9 / 10 && poll <= base * 11 / 10, "poll {poll}");

    let bytes: [u8; 16] = u.arbitrary().unwrap_or([0; 16]);
    let key = retry::uuid_v4(bytes);
    assert!(retry::check_idempotency_key(&key).is_ok());
    assert_eq!(key.len(), 36);
    assert_eq!(&key[14..15], "4");
    assert!(matches!(&key[19..20], "8" | "9" | "a" | "b"));
    let attempt = Attempt {
        operation: (*u.choose(&["anonymousPayment", "recurrentPayment", "cardRegistration", "refund"]).unwrap_or(&"refund")).to_string(),
        subject: text.to_string(),
        key,
        reg_pay_num: if u.arbitrary().unwrap_or(false) { Some(body.to_string()) } else { None },
        started_ms: u.arbitrary().unwrap_or(0),
    };
    let stored = json::parse(&attempt.to_value().to_json()).expect("JSON");
    assert_eq!(Attempt::from_value(&stored), Some(attempt.clone()), "a stored attempt reads back");
    if let Ok(v) = json::parse(body) {
        if let Some(a) = Attempt::from_value(&v) {
            assert!(retry::check_idempotency_key(&a.key).is_ok());
            assert_eq!(Attempt::from_value(&a.to_value()), Some(a.clone()));
        }
        for op in Operation::ALL {
            let _ = retry::attempt_subject(op, &v);
        }
    }
});

fn check_answer(status: u16, body: &str) {
    let parsed = json::parse(body).ok();
    let ok = parsed.as_ref().and_then(|v| v.get("ok")).and_then(Value::as_bool);
    let success = (200..300).contains(&status);
    match retry::read_answer(status, body, Some(body)) {
        Ok(Reply::Result(r)) => {
            assert!(success && ok == Some(true));
            assert_eq!(parsed.as_ref().and_then(|v| v.get("result")), Some(&r));
        }
        Ok(Reply::Action(a)) => {
            assert!(success && ok == Some(true));
            let sent = parsed.as_ref().and_then(|v| v.get("action")).expect("an action was sent");
            assert_eq!(sent.get("type").and_then(Value::as_str), Some("redirect"));
            assert_eq!(a.get("url"), sent.get("url"), "the url is kept as sent");
            assert!(matches!(a.get("method").and_then(Value::as_str), Some("GET" | "POST")));
        }
        Err(e) => {
            assert_eq!(e.to_value().get("httpStatus"), Some(&Value::uint(status.into())));
            if (status == 429 || status >= 500) && ok.is_none() {
                assert_eq!(e.to_value().get("retryable"), Some(&Value::Bool(true)));
            }
            let v = e.to_value();
            if let Some(Value::String(id)) = v.get("requestId") {
                assert!(id.chars().count() <= 200);
            }
            assert!(json::parse(&v.to_json()).is_ok());
        }
    }
}

fn check_retry_after(line: &str) {
    let now = 1_700_000_000_000u64;
    let got = retry::retry_after_ms(line, now);
    let t = line.trim();
    if !t.is_empty() && t.len() <= 10 && t.bytes().all(|b| b.is_ascii_digit()) {
        assert_eq!(got, Some(t.parse::<u64>().unwrap() * 1000));
        return;
    }
    let date = retry::http_date_ms(t);
    assert_eq!(got, date.map(|at| at.saturating_sub(now)));
    if let Some(ms) = date {
        // An IMF-fixdate: "Www, DD Mon YYYY HH:MM:SS GMT".
        assert_eq!(t.len(), 29, "{t:?}");
        let want = reference_ms(t).unwrap_or_else(|| panic!("accepted a date the reference refuses: {t:?}"));
        assert_eq!(ms, want, "{t:?}");
    }
}

/// Epoch milliseconds of an IMF-fixdate, counting days year by year (a plain, slow reference).
fn reference_ms(t: &str) -> Option<u64> {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let b = t.as_bytes();
    if b.len() != 29 || &t[3..5] != ", " || &t[25..] != " GMT" {
        return None;
    }
    let day: u64 = t[5..7].parse().ok()?;
    let month = MONTHS.iter().position(|m| *m == &t[8..11])? as u64;
    let year: u64 = t[12..16].parse().ok()?;
    let (h, m, s): (u64, u64, u64) = (t[17..19].parse().ok()?, t[20..22].parse().ok()?, t[23..25].parse().ok()?);
    let leap = |y: u64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let mut days: u64 = (1970..year).map(|y| if leap(y) { 366 } else { 365 }).sum();
    let lengths = [31, if leap(year) { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    days += lengths[..month as usize].iter().sum::<u64>();
    days += day - 1;
    Some(((days * 24 + h) * 60 + m) * 60_000 + s * 1000)
}
