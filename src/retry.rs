//! The checkout client's rules for the wire to the merchant proxy (docs/proxy-protocol.md): which
//! operations may be retried and when, how long to wait (capped exponential backoff with jitter,
//! `Retry-After` in seconds or as an HTTP date), what an answer means, how often to poll a payment's
//! status, and the idempotency key of a payment attempt.
//!
//! Everything here is pure: randomness and the clock come in as arguments, so the rules are tested
//! natively; the wasm edge (`src/wasm/client.rs`) does the fetching, the waiting and the storage.

use crate::error::{ApiError, Issue};
use crate::json::{object, Value};
use crate::requests::Operation;

/// How an operation may be repeated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Creates a payment or moves money (`anonymousPayment`, `recurrentPayment`, `cardRegistration`,
    /// `refund`): carries an `Idempotency-Key`; retried only where the proxy honours keys.
    Payment,
    /// Reads (`paymentStatus`, `cardList`, `userStatus`): retried on network errors, 429 and 5xx.
    Read,
    /// Other changes (`userRegistration`, `cardDeactivation`): no key, never retried.
    Write,
}

/// How `op` may be repeated.
pub fn kind(op: Operation) -> Kind {
    use Operation::*;
    match op {
        AnonymousPayment | RecurrentPayment | CardRegistration | Refund => Kind::Payment,
        PaymentStatus | CardList | UserStatus => Kind::Read,
        UserRegistration | CardDeactivation => Kind::Write,
    }
}

/// The client's retry settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Retries after the first attempt; `0` means exactly one attempt.
    pub retries: u32,
    /// The first backoff step.
    pub base_ms: u64,
    /// The largest backoff step.
    pub cap_ms: u64,
    /// The longest `Retry-After` the client waits for; a longer one ends the call with its error.
    pub max_retry_after_ms: u64,
}

/// Retries by default (three attempts in all), as stripe-node does.
pub const DEFAULT_RETRIES: u32 = 2;
/// The most retries a caller may ask for.
pub const MAX_RETRIES: u32 = 10;
/// Each call's default time limit, retries and waits included.
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;

impl Default for Policy {
    fn default() -> Self {
        Policy { retries: DEFAULT_RETRIES, base_ms: 500, cap_ms: 5_000, max_retry_after_ms: 60_000 }
    }
}

/// The wait before retry number `retry` (0 for the first retry): `min(base·2^retry, cap)` scaled by
/// a jitter factor in `[0.5, 1]` taken from `rand01` (a uniform number in `[0, 1)`).
pub fn backoff_ms(policy: &Policy, retry: u32, rand01: f64) -> u64 {
    let step = policy.base_ms.saturating_mul(1u64 << retry.min(20)).min(policy.cap_ms);
    let rand01 = if rand01.is_finite() { rand01.clamp(0.0, 1.0) } else { 0.0 };
    (step as f64 * (0.5 + rand01 / 2.0)) as u64
}

/// A `Retry-After` value in milliseconds from `now_ms` (epoch): whole seconds (`"120"`) or an HTTP date
/// (`"Sun, 06 Nov 1994 08:49:37 GMT"`, RFC 9110 IMF-fixdate; a date in the past is 0). `None` when the
/// value is neither.
pub fn retry_after_ms(value: &str, now_ms: u64) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.len() <= 10 && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<u64>().ok().map(|s| s.saturating_mul(1000));
    }
    http_date_ms(value).map(|at| at.saturating_sub(now_ms))
}

/// Epoch milliseconds of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
pub fn http_date_ms(text: &str) -> Option<u64> {
    let parts: Vec<&str> = text.split(' ').collect();
    let [wday, day, month, year, time, "GMT"] = parts[..] else { return None };
    let wday_ok = wday.len() == 4 && wday.ends_with(',') && ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].contains(&&wday[..3]);
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = MONTHS.iter().position(|m| *m == month)? as u64 + 1;
    let num = |s: &str, len: usize| -> Option<u64> {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    };
    let (day, year) = (num(day, 2)?, num(year, 4)?);
    let hms: Vec<&str> = time.split(':').collect();
    let [h, m, s] = hms[..] else { return None };
    let (h, m, s) = (num(h, 2)?, num(m, 2)?, num(s, 2)?);
    if !wday_ok || year < 1970 || day == 0 || day > 31 || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(((days * 24 + h) * 60 + m) * 60_000 + s * 1000)
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm), year ≥ 1970.
fn days_from_civil(y: u64, m: u64, d: u64) -> u64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// What went wrong with one attempt, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The request did not reach the proxy, or its answer did not come back.
    Network,
    /// The proxy answered with an error that it (or the HTTP status) marks retryable or not.
    Answer {
        /// Worth another attempt: 429, 5xx unless the body says `retryable: false`, or
        /// `idempotency_in_progress`.
        retryable: bool,
    },
}

/// True when another attempt of an operation of `kind` is allowed after `failure`; `honoured` says
/// whether this proxy has answered `Idempotency: honoured`.
pub fn may_retry(kind: Kind, honoured: bool, failure: Failure) -> bool {
    let retryable = match failure {
        Failure::Network => true,
        Failure::Answer { retryable } => retryable,
    };
    retryable
        && match kind {
            Kind::Read => true,
            Kind::Payment => honoured,
            Kind::Write => false,
        }
}

/// The wait before retry number `retry` (0-based), or `None` to stop: retries are used up, or the
/// server's `Retry-After` asks for longer than [`Policy::max_retry_after_ms`] or than `remaining_ms`
/// (what is left of the call's time limit).
pub fn next_delay_ms(policy: &Policy, retry: u32, retry_after: Option<u64>, remaining_ms: u64, rand01: f64) -> Option<u64> {
    if retry >= policy.retries {
        return None;
    }
    let delay = match retry_after {
        Some(ms) if ms > policy.max_retry_after_ms => return None,
        Some(ms) => ms,
        None => backoff_ms(policy, retry, rand01),
    };
    (delay < remaining_ms).then_some(delay)
}

/// The status poll's interval: about 2 s for the first minute after the payer came back, then about
/// 10 s (Adyen's schedule), each with ±10 % jitter from `rand01`.
pub fn poll_delay_ms(elapsed_ms: u64, rand01: f64) -> u64 {
    let base = if elapsed_ms < 60_000 { 2_000.0 } else { 10_000.0 };
    let rand01 = if rand01.is_finite() { rand01.clamp(0.0, 1.0) } else { 0.5 };
    (base * (0.9 + 0.2 * rand01)) as u64
}

/// How long `resume()` polls by default before it reports the payment as pending.
pub const DEFAULT_POLL_DEADLINE_MS: u64 = 300_000;

/// One proxy answer, read: the core's result, a redirect the payer must follow, or an error.
#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    /// `{"ok":true,"result":{...}}`
    Result(Value),
    /// `{"ok":true,"action":{"type":"redirect",...}}`, normalised: `type`, `reason`, `method`
    /// (upper case), `url`, and `regPayNum` when given.
    Action(Value),
}

/// Reads a proxy answer by the protocol's table: `Ok` for `ok: true` on a 2xx status, otherwise the
/// error to throw, carrying `httpStatus`, `requestId`, `retryable` and the proxy's fields.
pub fn read_answer(status: u16, body: &str, request_id: Option<&str>) -> Result<Reply, ApiError> {
    let parsed = crate::json::parse(body).ok();
    let ok = parsed.as_ref().and_then(|v| v.get("ok")).and_then(Value::as_bool);
    let success = (200..300).contains(&status);
    let error = match (&parsed, ok) {
        (Some(v), Some(true)) if success => {
            if let Some(result @ Value::Object(_)) = v.get("result") {
                return Ok(Reply::Result(result.clone()));
            }
            match v.get("action").map(read_action) {
                Some(Ok(action)) => return Ok(Reply::Action(action)),
                Some(Err(why)) => bad_answer(status, why),
                None => bad_answer(status, "an ok answer has neither result nor action"),
            }
        }
        (Some(v), Some(false)) if !success => match v.get("error") {
            Some(e @ Value::Object(_)) => from_proxy_error(status, e),
            _ => bad_answer(status, "an error answer has no error object"),
        },
        _ if status == 429 || status >= 500 => ApiError::new(
            "proxy",
            "unavailable",
            format!("the proxy answered HTTP {status} without the protocol's JSON body"),
        )
        .with("retryable", Value::Bool(true)),
        _ => bad_answer(status, "the answer is not the protocol's JSON ({ok, result|action|error}); is `endpoint` the proxy?"),
    };
    let mut error = error.with("httpStatus", Value::uint(status.into()));
    if let Some(id) = request_id.filter(|id| !id.is_empty()) {
        error = error.with("requestId", Value::str(id.chars().take(200).collect::<String>()));
    }
    Err(error)
}

fn bad_answer(status: u16, why: &str) -> ApiError {
    ApiError::new("proxy", "bad_answer", format!("HTTP {status}: {why}")).with("retryable", Value::Bool(false))
}

fn read_action(action: &Value) -> Result<Value, &'static str> {
    if action.get("type").and_then(Value::as_str) != Some("redirect") {
        return Err("the action is not a redirect");
    }
    let url = action.get("url").and_then(Value::as_str).ok_or("the redirect action has no url")?;
    let method = match action.get("method").and_then(Value::as_str) {
        None => "GET",
        Some(m) if m.eq_ignore_ascii_case("get") => "GET",
        Some(m) if m.eq_ignore_ascii_case("post") => "POST",
        Some(_) => return Err("the redirect method is neither GET nor POST"),
    };
    let reason = match action.get("reason").and_then(Value::as_str) {
        Some("payment_form") => "payment_form",
        _ => "3ds",
    };
    Ok(redirect(reason, method, url, reg_pay_num(action)))
}

/// The redirect action `{type:'redirect', reason, method, url, regPayNum?}`.
pub fn redirect(reason: &str, method: &str, url: &str, reg_pay_num: Option<Value>) -> Value {
    object([
        ("type", Some(Value::str("redirect"))),
        ("reason", Some(Value::str(reason))),
        ("method", Some(Value::str(method))),
        ("url", Some(Value::str(url))),
        ("regPayNum", reg_pay_num),
    ])
}

/// `regPayNum` of an answer as a string (the gateway writes it as a number or a string).
pub fn reg_pay_num(v: &Value) -> Option<Value> {
    v.get("regPayNum").and_then(crate::response::reg_pay_num_text).map(Value::String)
}

/// The error an `{"ok":false,"error":{...}}` answer describes. Its `type` picks the class
/// (`validation`, `gateway`, anything else is `proxy`); `retryable` is the proxy's word when it
/// gives one, else 429 / 5xx / `idempotency_in_progress`.
fn from_proxy_error(status: u16, e: &Value) -> ApiError {
    let kind = match e.get("type").and_then(Value::as_str) {
        Some("validation") => "validation",
        Some("gateway") => "gateway",
        _ => "proxy",
    };
    let code = e.get("code").and_then(Value::as_str).filter(|c| !c.is_empty()).unwrap_or("error");
    let message = e.get("message").and_then(Value::as_str).filter(|m| !m.is_empty());
    let message = message.map(str::to_string).unwrap_or_else(|| format!("the proxy answered HTTP {status} ({code})"));
    let retryable = e.get("retryable").and_then(Value::as_bool).unwrap_or(
        status == 429 || status >= 500 || code == "idempotency_in_progress",
    );
    let mut error = ApiError::new(kind, code.chars().take(100).collect::<String>(), message);
    for key in ["gatewayCode", "userMessage", "issues", "warnings"] {
        if let Some(v) = e.get(key).filter(|v| !v.is_null()) {
            error = error.with(key, v.clone());
        }
    }
    if kind == "validation" {
        for key in ["issues", "warnings"] {
            if e.get(key).and_then(Value::as_array).is_none() {
                error = error.with(key, Value::Array(vec![]));
            }
        }
    }
    error.with("retryable", Value::Bool(retryable))
}

/// The first answer header `Idempotency: honoured` tells the client that this proxy keeps keys.
pub fn honours_keys(header: Option<&str>) -> bool {
    header.is_some_and(|h| h.trim().eq_ignore_ascii_case("honoured"))
}

/// A UUID v4 (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`) from 16 random bytes
/// (`crypto.getRandomValues`).
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(char::from_digit((b >> 4) as u32, 16).unwrap_or('0'));
        out.push(char::from_digit((b & 0xf) as u32, 16).unwrap_or('0'));
    }
    out
}

/// Checks a caller-supplied idempotency key: 1 to 255 visible ASCII characters (an HTTP header value).
pub fn check_idempotency_key(key: &str) -> Result<(), ApiError> {
    if !key.is_empty() && key.len() <= 255 && key.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return Ok(());
    }
    Err(ApiError::validation(
        vec![Issue::new(
            "idempotencyKey",
            "invalid_idempotency_key",
            "must be 1 to 255 visible ASCII characters (a UUID is best)",
        )],
        vec![],
    ))
}

/// A payment attempt as the client keeps it in sessionStorage across the redirect and reloads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    /// The operation (`anonymousPayment`, `recurrentPayment`, `cardRegistration`).
    pub operation: String,
    /// What the attempt is about ([`attempt_subject`]): the amount of a payment, the payment and
    /// amount of a refund, the payer of a card registration.
    pub subject: String,
    /// The attempt's idempotency key.
    pub key: String,
    /// The gateway's payment number, once the proxy answered.
    pub reg_pay_num: Option<String>,
    /// When the attempt began (epoch ms).
    pub started_ms: u64,
}

impl Attempt {
    /// The record as JSON `{v:1, operation, subject, key, regPayNum?, startedMs}`.
    pub fn to_value(&self) -> Value {
        object([
            ("v", Some(Value::uint(1))),
            ("operation", Some(Value::str(self.operation.clone()))),
            ("subject", Some(Value::str(self.subject.clone()))),
            ("key", Some(Value::str(self.key.clone()))),
            ("regPayNum", self.reg_pay_num.clone().map(Value::String)),
            ("startedMs", Some(Value::uint(self.started_ms))),
        ])
    }

    /// Reads a stored record; anything else (another version, junk a script left) is `None`.
    pub fn from_value(v: &Value) -> Option<Attempt> {
        if v.get("v") != Some(&Value::uint(1)) {
            return None;
        }
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let attempt = Attempt {
            operation: text("operation").filter(|o| Operation::from_name(o).map(kind) == Some(Kind::Payment))?,
            subject: text("subject")?,
            key: text("key").filter(|k| check_idempotency_key(k).is_ok())?,
            reg_pay_num: text("regPayNum"),
            started_ms: match v.get("startedMs") {
                Some(Value::Number(n)) => n.parse().ok()?,
                _ => return None,
            },
        };
        Some(attempt)
    }

    /// True when a new call of `op` about `subject` continues this attempt (and so must reuse its
    /// key): same operation, same subject. A final outcome clears the record, so a continued attempt
    /// is always an unfinished one; a changed amount is a new attempt with a new key.
    pub fn continues(&self, op: Operation, subject: &str) -> bool {
        self.operation == op.name() && self.subject == subject
    }
}

/// What a payment-creating request is about, as text: its `amount` for a payment, `regPayNum` and
/// `refundAmount` for a refund, `userToken` for a card registration.
pub fn attempt_subject(op: Operation, request: &Value) -> String {
    let text = |key: &str| match request.get(key) {
        Some(Value::Number(n)) => n.clone(),
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    };
    match op {
        Operation::Refund => format!("{}/{}", text("regPayNum"), text("refundAmount")),
        Operation::CardRegistration => text("userToken"),
        _ => text("amount"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_have_their_kinds() {
        assert_eq!(kind(Operation::AnonymousPayment), Kind::Payment);
        assert_eq!(kind(Operation::Refund), Kind::Payment);
        assert_eq!(kind(Operation::PaymentStatus), Kind::Read);
        assert_eq!(kind(Operation::CardDeactivation), Kind::Write);
    }

    #[test]
    fn backoff_grows_to_the_cap_within_the_jitter_range() {
        let p = Policy::default();
        for retry in 0..30 {
            let step = (500u64 << retry.min(20)).min(5_000);
            let lo = backoff_ms(&p, retry, 0.0);
            let hi = backoff_ms(&p, retry, 0.999_999);
            assert_eq!(lo, step / 2, "retry {retry}");
            assert!(hi <= step && hi >= step * 99 / 100, "retry {retry}: {hi}");
            for r in [0.1, 0.37, 0.5, 0.93] {
                let d = backoff_ms(&p, retry, r);
                assert!((lo..=hi).contains(&d));
            }
        }
        assert_eq!(backoff_ms(&p, 0, 0.0), 250);
        assert_eq!(backoff_ms(&p, 1, 1.0), 1_000);
        assert_eq!(backoff_ms(&p, 10, 1.0), 5_000);
        assert_eq!(backoff_ms(&p, 2, f64::NAN), 1_000);
        assert_eq!(backoff_ms(&p, 2, 7.0), 2_000);
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(now, 784_111_777_000);
        assert_eq!(retry_after_ms("120", now), Some(120_000));
        assert_eq!(retry_after_ms(" 0 ", now), Some(0));
        assert_eq!(retry_after_ms("Sun, 06 Nov 1994 08:49:40 GMT", now), Some(3_000));
        assert_eq!(retry_after_ms("Sun, 06 Nov 1994 08:49:00 GMT", now), Some(0));
        assert_eq!(http_date_ms("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(http_date_ms("Tue, 29 Feb 2028 23:59:59 GMT"), Some(1_835_481_599_000));
        for junk in ["", "-1", "1.5", "soon", "99999999999", "Sun, 6 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "Sun Nov  6 08:49:37 1994"] {
            assert_eq!(retry_after_ms(junk, now), None, "{junk:?}");
        }
    }

    #[test]
    fn retries_zero_means_one_attempt() {
        let p = Policy { retries: 0, ..Policy::default() };
        assert_eq!(next_delay_ms(&p, 0, None, 30_000, 0.5), None);
        assert_eq!(next_delay_ms(&p, 0, Some(0), 30_000, 0.5), None);
    }

    #[test]
    fn next_delay_honours_retry_after_and_the_time_left() {
        let p = Policy::default();
        assert_eq!(next_delay_ms(&p, 0, Some(2_000), 30_000, 0.5), Some(2_000));
        assert_eq!(next_delay_ms(&p, 1, None, 30_000, 0.0), Some(500));
        assert_eq!(next_delay_ms(&p, 2, None, 30_000, 0.0), None, "two retries are used up");
        assert_eq!(next_delay_ms(&p, 0, Some(61_000), 120_000, 0.5), None, "too long a Retry-After");
        assert_eq!(next_delay_ms(&p, 0, Some(5_000), 4_000, 0.5), None, "past the call's time limit");
    }

    #[test]
    fn who_may_retry() {
        let net = Failure::Network;
        let busy = Failure::Answer { retryable: true };
        let refused = Failure::Answer { retryable: false };
        assert!(may_retry(Kind::Read, false, net) && may_retry(Kind::Read, false, busy));
        assert!(!may_retry(Kind::Read, true, refused));
        assert!(!may_retry(Kind::Payment, false, net) && !may_retry(Kind::Payment, false, busy));
        assert!(may_retry(Kind::Payment, true, net) && may_retry(Kind::Payment, true, busy));
        assert!(!may_retry(Kind::Payment, true, refused));
        assert!(!may_retry(Kind::Write, true, net));
    }

    #[test]
    fn polling_is_two_seconds_then_ten() {
        for (elapsed, base) in [(0, 2_000.0), (59_999, 2_000.0), (60_000, 10_000.0), (3_600_000, 10_000.0)] {
            for r in [0.0, 0.5, 0.999] {
                let d = poll_delay_ms(elapsed, r) as f64;
                assert!(d >= base * 0.9 && d <= base * 1.1, "{elapsed} {r} {d}");
            }
        }
        assert_eq!(poll_delay_ms(0, 0.5), 2_000);
    }

    fn err(status: u16, body: &str) -> ApiError {
        read_answer(status, body, Some("req-1")).unwrap_err()
    }

    fn extra<'a>(e: &'a ApiError, key: &str) -> Option<&'a Value> {
        e.extra.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    #[test]
    fn answers_map_to_results_actions_and_errors() {
        let ok = read_answer(200, r#"{"ok":true,"result":{"regPayNum":"1","payUrl":"https://x","methodType":"GET"}}"#, None);
        assert!(matches!(ok, Ok(Reply::Result(_))));
        let act = read_answer(200, r#"{"ok":true,"action":{"type":"redirect","reason":"3ds","method":"get","url":"https://acs/","regPayNum":42}}"#, None);
        assert_eq!(
            act.unwrap(),
            Reply::Action(redirect("3ds", "GET", "https://acs/", Some(Value::str("42"))))
        );
        let cases: &[(u16, &str, &str, &str, bool)] = &[
            (400, r#"{"ok":false,"error":{"type":"gateway","code":"payment_creation","gatewayCode":1701,"message":"m","userMessage":"u"}}"#, "gateway", "payment_creation", false),
            (403, r#"{"ok":false,"error":{"type":"proxy","code":"operation_not_allowed","message":"m"}}"#, "proxy", "operation_not_allowed", false),
            (409, r#"{"ok":false,"error":{"type":"proxy","code":"idempotency_in_progress"}}"#, "proxy", "idempotency_in_progress", true),
            (409, r#"{"ok":false,"error":{"type":"proxy","code":"idempotency_outcome_unknown"}}"#, "proxy", "idempotency_outcome_unknown", false),
            (409, r#"{"ok":false,"error":{"type":"proxy","code":"idempotency_key_reused"}}"#, "proxy", "idempotency_key_reused", false),
            (413, r#"{"ok":false,"error":{"type":"proxy","code":"body_too_large"}}"#, "proxy", "body_too_large", false),
            (422, r#"{"ok":false,"error":{"type":"validation","code":"required","message":"amount: is required","issues":[{"path":"amount","code":"required","message":"is required"}]}}"#, "validation", "required", false),
            (429, r#"{"ok":false,"error":{"type":"proxy","code":"rate_limited"}}"#, "proxy", "rate_limited", true),
            (502, r#"{"ok":false,"error":{"type":"gateway","code":"gateway_unavailable","retryable":true}}"#, "gateway", "gateway_unavailable", true),
            (502, r#"{"ok":false,"error":{"type":"gateway","code":"gateway_auth","retryable":false}}"#, "gateway", "gateway_auth", false),
            (504, r#"{"ok":false,"error":{"type":"gateway","code":"gateway_timeout","retryable":true}}"#, "gateway", "gateway_timeout", true),
            (503, "<html>Service Unavailable</html>", "proxy", "unavailable", true),
            (404, "<html>Not Found</html>", "proxy", "bad_answer", false),
            (200, "not json", "proxy", "bad_answer", false),
            (200, r#"{"ok":true}"#, "proxy", "bad_answer", false),
            (200, r#"{"ok":false,"error":{"type":"gateway"}}"#, "proxy", "bad_answer", false),
            (200, r#"{"ok":true,"action":{"type":"redirect"}}"#, "proxy", "bad_answer", false),
            (200, r#"{"ok":true,"action":{"type":"redirect","url":"https://x","method":"PUT"}}"#, "proxy", "bad_answer", false),
            (400, r#"{"ok":false}"#, "proxy", "bad_answer", false),
            (418, r#"{"ok":false,"error":{"type":"teapot","code":"x"}}"#, "proxy", "x", false),
        ];
        for (status, body, kind, code, retryable) in cases {
            let e = err(*status, body);
            assert_eq!((e.kind, e.code.as_str()), (*kind, *code), "{status} {body}");
            assert_eq!(extra(&e, "retryable"), Some(&Value::Bool(*retryable)), "{status} {body}");
            assert_eq!(extra(&e, "httpStatus"), Some(&Value::uint((*status).into())));
            assert_eq!(extra(&e, "requestId"), Some(&Value::str("req-1")));
        }
        let g = err(400, cases[0].1);
        assert_eq!(extra(&g, "gatewayCode"), Some(&Value::uint(1701)));
        assert_eq!(extra(&g, "userMessage"), Some(&Value::str("u")));
        let v = err(422, cases[6].1);
        assert_eq!(extra(&v, "issues").and_then(Value::as_array).map(<[Value]>::len), Some(1));
        assert_eq!(extra(&v, "warnings"), Some(&Value::Array(vec![])));
    }

    #[test]
    fn keys_are_uuid_v4_and_caller_keys_are_checked() {
        let k = uuid_v4([0xff; 16]);
        assert_eq!(k, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
        assert!(check_idempotency_key(&k).is_ok());
        for bad in ["", "a b", "ключ", &"x".repeat(256), "a\nb"] {
            assert_eq!(check_idempotency_key(bad).unwrap_err().code, "invalid_idempotency_key");
        }
        assert!(honours_keys(Some("honoured")) && honours_keys(Some(" Honoured ")));
        assert!(!honours_keys(None) && !honours_keys(Some("no")));
    }

    #[test]
    fn attempts_round_trip_and_continue_only_with_the_same_amount() {
        let a = Attempt {
            operation: "anonymousPayment".into(),
            subject: "10000".into(),
            key: uuid_v4([7; 16]),
            reg_pay_num: Some("123".into()),
            started_ms: 1_700_000_000_000,
        };
        let back = Attempt::from_value(&crate::json::parse(&a.to_value().to_json()).unwrap());
        assert_eq!(back.as_ref(), Some(&a));
        assert!(a.continues(Operation::AnonymousPayment, "10000"));
        assert!(!a.continues(Operation::AnonymousPayment, "10001"));
        assert!(!a.continues(Operation::RecurrentPayment, "10000"));
        for junk in [r#"null"#, r#"{"v":2}"#, r#"{"v":1,"operation":"paymentStatus","subject":"1","key":"k","startedMs":1}"#,
            r#"{"v":1,"operation":"refund","subject":"1","key":"bad key","startedMs":1}"#] {
            assert_eq!(Attempt::from_value(&crate::json::parse(junk).unwrap()), None, "{junk}");
        }
        let req = |t: &str| crate::json::parse(t).unwrap();
        assert_eq!(attempt_subject(Operation::AnonymousPayment, &req(r#"{"amount":"100"}"#)), "100");
        assert_eq!(attempt_subject(Operation::RecurrentPayment, &req(r#"{"amount":100}"#)), "100");
        assert_eq!(attempt_subject(Operation::Refund, &req(r#"{"regPayNum":"7","refundAmount":"50"}"#)), "7/50");
        assert_eq!(attempt_subject(Operation::CardRegistration, &req(r#"{"userToken":"u"}"#)), "u");
        assert_eq!(attempt_subject(Operation::AnonymousPayment, &Value::Object(vec![])), "");
    }
}
