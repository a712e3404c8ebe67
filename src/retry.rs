//! The checkout client's rules for the wire to the merchant proxy (docs/proxy-protocol.md): which
//! operations may be retried and when, how long to wait (capped exponential backoff with jitter,
//! `Retry-After` in seconds or as an HTTP date), what an answer means, how often to poll a payment's
//! status, and the idempotency key of a payment attempt.
//!
//! Everything here is pure: randomness and the clock come in as arguments (whole numbers: milliseconds
//! and a random `u32`), so the rules are tested natively. The JS class (`js/api/client.js`) does the
//! I/O: it asks [`read_call`] what to send, fetches, and hands each outcome to [`step`], which says
//! what it means: the value, the error to throw, or how long to wait before the next attempt.

use crate::error::{ApiError, Issue};
use crate::json::{push_bool, push_u64, write_string, write_value, Value};
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
/// a jitter factor in `[0.5, 1)` taken from `rand` (uniform over the `u32`s): `step · (2³² + rand) / 2³³`.
/// Integer arithmetic only: no float code in the wasm.
pub fn backoff_ms(policy: &Policy, retry: u32, rand: u32) -> u64 {
    let step = policy.base_ms.saturating_mul(1u64 << retry.min(20)).min(policy.cap_ms);
    // `step` is at most `cap_ms`; u128 keeps any cap from overflowing.
    ((step as u128 * ((1u128 << 32) + rand as u128)) >> 33) as u64
}

/// A `Retry-After` value in milliseconds from `now_ms` (epoch): whole seconds (`"120"`) or an HTTP date
/// (`"Sun, 06 Nov 1994 08:49:37 GMT"`, RFC 9110 IMF-fixdate; a date in the past is 0). `None` when the
/// value is neither.
pub fn retry_after_ms(value: &str, now_ms: u64) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.len() <= 10 && find_byte(value.as_bytes(), |b| !b.is_ascii_digit()).is_none() {
        return parse_digits(value).map(|s| s.saturating_mul(1000));
    }
    http_date_ms(value).map(|at| at.saturating_sub(now_ms))
}

/// Epoch milliseconds of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`): exactly this shape, 29
/// bytes with every field at its fixed place.
pub fn http_date_ms(text: &str) -> Option<u64> {
    // `a`: a letter of a name (checked against the names below), `0`: a digit; the rest as written.
    const SHAPE: &[u8; 29] = b"aaa, 00 aaa 0000 00:00:00 GMT";
    let b = text.as_bytes();
    if b.len() != 29 || !b.iter().zip(SHAPE).all(|(&c, &t)| if t == b'0' { c.is_ascii_digit() } else { t == b'a' || c == t }) {
        return None;
    }
    name_at(b"MonTueWedThuFriSatSun", b, 0)?;
    let month = name_at(b"JanFebMarAprMayJunJulAugSepOctNovDec", b, 8)? + 1;
    // The digits were checked above.
    let (day, year, h, m, s) = (num_at(b, 5, 2), num_at(b, 12, 4), num_at(b, 17, 2), num_at(b, 20, 2), num_at(b, 23, 2));
    if year < 1970 || day == 0 || day > 31 || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(((days * 24 + h) * 60 + m) * 60_000 + s * 1000)
}

/// The place (0-based) of the three letters at `at` of `b` in `list` (names of three letters each).
fn name_at(list: &[u8], b: &[u8], at: usize) -> Option<u64> {
    let name = b.get(at..at + 3)?;
    let mut i = 0;
    while let Some(n) = list.get(i * 3..i * 3 + 3) {
        if n == name {
            return Some(i as u64);
        }
        i += 1;
    }
    None
}

/// The number written by the `len` digits at `at` of `b` (checked digits).
fn num_at(b: &[u8], at: usize, len: usize) -> u64 {
    let mut n = 0u64;
    for &c in b.get(at..at + len).unwrap_or(&[]) {
        n = n * 10 + u64::from(c.wrapping_sub(b'0'));
    }
    n
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
pub fn next_delay_ms(policy: &Policy, retry: u32, retry_after: Option<u64>, remaining_ms: u64, rand: u32) -> Option<u64> {
    if retry >= policy.retries {
        return None;
    }
    let delay = match retry_after {
        Some(ms) if ms > policy.max_retry_after_ms => return None,
        Some(ms) => ms,
        None => backoff_ms(policy, retry, rand),
    };
    (delay < remaining_ms).then_some(delay)
}

/// The status poll's interval: about 2 s for the first minute after the payer came back, then about
/// 10 s (Adyen's schedule), each with ±10 % jitter from `rand` (uniform over the `u32`s):
/// `base · (0.9 + 0.2 · rand / 2³²)`.
pub fn poll_delay_ms(elapsed_ms: u64, rand: u32) -> u64 {
    let base: u64 = if elapsed_ms < 60_000 { 2_000 } else { 10_000 };
    base / 10 * 9 + ((base / 5 * rand as u64) >> 32)
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
    // Text that is not JSON reads as `null`, which has no `ok`.
    let v = crate::json::parse(body).unwrap_or(Value::Null);
    let success = (200..300).contains(&status);
    let error = match boolean(&v, "ok") {
        Some(true) if success => {
            if let Some(result @ Value::Object(_)) = v.get("result") {
                return Ok(Reply::Result(result.clone()));
            }
            match v.get("action").map(read_action) {
                Some(Ok(action)) => return Ok(Reply::Action(action)),
                Some(Err(why)) => bad_answer(status, why),
                None => bad_answer(status, "an ok answer has neither result nor action"),
            }
        }
        Some(false) if !success => match v.get("error") {
            Some(e @ Value::Object(_)) => from_proxy_error(status, e),
            _ => bad_answer(status, "an error answer has no error object"),
        },
        _ if status == 429 || status >= 500 => {
            flagged("proxy", "unavailable", cat(&["the proxy answered HTTP ", &digits(status.into()), " without the protocol's JSON body"]), true)
        }
        _ => bad_answer(status, "the answer is not the protocol's JSON ({ok, result|action|error}); is `endpoint` the proxy?"),
    };
    let mut error = error.with("httpStatus", Value::uint(status.into()));
    if let Some(id) = request_id.filter(|id| !id.is_empty()) {
        error = error.with("requestId", Value::str(prefix(id, 200)));
    }
    Err(error)
}

fn bad_answer(status: u16, why: &str) -> ApiError {
    flagged("proxy", "bad_answer", cat(&["HTTP ", &digits(status.into()), ": ", why]), false)
}

/// An error of `kind` with its `retryable` flag.
#[inline(never)]
fn flagged(kind: &'static str, code: &str, message: String, retryable: bool) -> ApiError {
    ApiError::new(kind, code, message).with("retryable", Value::Bool(retryable))
}

fn read_action(action: &Value) -> Result<Value, &'static str> {
    if text(action, "type") != Some("redirect") {
        return Err("the action is not a redirect");
    }
    let url = text(action, "url").ok_or("the redirect action has no url")?;
    let method = match text(action, "method") {
        None => "GET",
        Some(m) if m.eq_ignore_ascii_case("get") => "GET",
        Some(m) if m.eq_ignore_ascii_case("post") => "POST",
        Some(_) => return Err("the redirect method is neither GET nor POST"),
    };
    let reason = match text(action, "reason") {
        Some("payment_form") => "payment_form",
        _ => "3ds",
    };
    let n = reg_pay_num_text(action);
    let mut out = String::new();
    write_redirect(&mut out, reason, method, url, n.as_deref());
    Ok(crate::json::parse(&out).unwrap_or(Value::Null))
}

/// The redirect action `{type:'redirect', reason, method, url, regPayNum?}`.
pub fn redirect(reason: &str, method: &str, url: &str, reg_pay_num: Option<Value>) -> Value {
    let mut out = String::new();
    write_redirect(&mut out, reason, method, url, reg_pay_num.as_ref().and_then(Value::as_str));
    crate::json::parse(&out).unwrap_or(Value::Null)
}

/// Writes [`redirect`] as JSON text.
#[inline(never)]
fn write_redirect(out: &mut String, reason: &str, method: &str, url: &str, reg_pay_num: Option<&str>) {
    crate::response::write_redirect(out, reason, method, url);
    if let Some(n) = reg_pay_num {
        out.push_str(",\"regPayNum\":");
        write_string(n, out);
    }
    out.push('}');
}

/// `regPayNum` of an answer as a string (the gateway writes it as a number or a string).
pub fn reg_pay_num(v: &Value) -> Option<Value> {
    reg_pay_num_text(v).map(Value::String)
}

/// The error an `{"ok":false,"error":{...}}` answer describes. Its `type` picks the class
/// (`validation`, `gateway`, anything else is `proxy`); `retryable` is the proxy's word when it
/// gives one, else 429 / 5xx / `idempotency_in_progress`.
fn from_proxy_error(status: u16, e: &Value) -> ApiError {
    let kind = match text(e, "type") {
        Some("validation") => "validation",
        Some("gateway") => "gateway",
        _ => "proxy",
    };
    let code = text(e, "code").filter(|c| !c.is_empty()).unwrap_or("error");
    let message = text(e, "message").filter(|m| !m.is_empty());
    let message = message.map(str::to_string).unwrap_or_else(|| cat(&["the proxy answered HTTP ", &digits(status.into()), " (", code, ")"]));
    let retryable = boolean(e, "retryable").unwrap_or(
        status == 429 || status >= 500 || code == "idempotency_in_progress",
    );
    let mut error = ApiError::new(kind, prefix(code, 100), message);
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

/// The longest time limit a call may be given (10 minutes).
pub const MAX_TIMEOUT_MS: u64 = 600_000;

/// One call to the proxy as the client sends it: from the client's options, by [`read_call`].
#[derive(Clone, PartialEq, Eq)]
pub struct Call {
    /// The operation.
    pub op: Operation,
    /// `{endpoint}/{operation}`.
    pub url: String,
    /// The request headers, names in lower case: the caller's, then `content-type`, `accept` and
    /// (when given) `idempotency-key`; flat, name then value (one `Vec<String>`, no pair vector).
    pub headers: Vec<String>,
    /// The call's time limit, retries and waits included.
    pub timeout_ms: u64,
    /// The retry settings.
    pub policy: Policy,
}

/// The string member `key` of `v` (one copy of the lookup for every call site).
#[inline(never)]
pub(crate) fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)?.as_str()
}

/// The boolean member `key` of `v`; `false` when it is anything else.
#[inline(never)]
pub(crate) fn flag(v: &Value, key: &str) -> bool {
    boolean(v, key).unwrap_or(false)
}

/// The boolean member `key` of `v`, if it is one.
#[inline(never)]
fn boolean(v: &Value, key: &str) -> Option<bool> {
    v.get(key)?.as_bool()
}

/// The `regPayNum` member of `v` as the gateway's number text (one copy of the lookup).
#[inline(never)]
pub(crate) fn reg_pay_num_text(v: &Value) -> Option<String> {
    crate::response::reg_pay_num_text(v.get("regPayNum")?)
}

/// A validation error with one issue.
pub(crate) fn invalid(path: &str, code: &'static str, message: impl Into<String>) -> ApiError {
    one_issue(path, code, message.into())
}

fn one_issue(path: &str, code: &'static str, message: String) -> ApiError {
    ApiError::invalid(Issue::new(path, code, message))
}

/// The `invalid_type` error at `path`: it `must be {what}, got {the type of got}`.
#[inline(never)]
pub(crate) fn wrong_type(path: &str, what: &str, got: &Value) -> ApiError {
    one_issue(path, "invalid_type", cat(&["must be ", what, ", got ", got.type_name()]))
}

/// True when `s` starts with `prefix`, ASCII case ignored.
#[inline(never)]
pub(crate) fn starts_ci(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// The operation named by the member `operation` of `a`, or the `unknown_operation` error.
pub(crate) fn operation(a: &Value) -> Result<Operation, ApiError> {
    crate::requests::operation_named(text(a, "operation").unwrap_or("")).map_err(ApiError::invalid)
}

/// The place of the first byte of `s` for which `hit` is true: one loop (not one iterator instance per
/// predicate) for every byte scan of the crate's text checks (the client's, money's, order notes').
#[inline(never)]
pub(crate) fn find_byte(s: &[u8], hit: fn(u8) -> bool) -> Option<usize> {
    let mut i = 0;
    while let Some(&b) = s.get(i) {
        if hit(b) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The number written by `text`: one or more ASCII digits, not more than `u64::MAX` (what
/// `str::parse::<u64>` accepts, less the `+` sign that no caller here lets through), without the
/// standard library's generic integer parser in the wasm.
pub(crate) fn parse_digits(text: &str) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    text.bytes().try_fold(0u64, |n, b| match b {
        b'0'..=b'9' => n.checked_mul(10)?.checked_add(u64::from(b - b'0')),
        _ => None,
    })
}

/// A whole number of the JSON value (`None` for anything else: a fraction, a sign, text): parsing a
/// float would bring the float parser into the wasm. One integer type for every such number keeps one
/// copy of the integer parser.
pub(crate) fn whole(v: Option<&Value>) -> Option<u64> {
    match v {
        Some(Value::Number(n)) => parse_digits(n),
        _ => None,
    }
}

/// Reads `{endpoint, operation, headers?, idempotencyKey?, timeoutMs?, retries?, fetch}` (the client's
/// options for one call; `fetch`: whether JS has a fetch to call). `has_page`: there is a page to
/// resolve a relative endpoint against. Errors: validation (`required`, `relative_endpoint`,
/// `out_of_range`, `invalid_type`, `invalid_header`, `invalid_idempotency_key`), then `no_fetch`.
pub fn read_call(a: &Value, has_page: bool) -> Result<Call, ApiError> {
    let op = operation(a)?;
    let endpoint = text(a, "endpoint").map(str::trim).unwrap_or("");
    if endpoint.is_empty() {
        return Err(invalid("endpoint", "required", "is required: the URL of the merchant's proxy, e.g. \"/api/ckassa\""));
    }
    let absolute = starts_ci(endpoint, "https://") || starts_ci(endpoint, "http://");
    if !absolute && !has_page {
        return Err(invalid("endpoint", "relative_endpoint", "must be an absolute http(s) URL where there is no page to resolve it against"));
    }
    let timeout_ms = match a.get("timeoutMs") {
        None | Some(Value::Null) => DEFAULT_TIMEOUT_MS,
        Some(Value::Number(_)) => match whole(a.get("timeoutMs")) {
            Some(ms) if ms > 0 && ms <= MAX_TIMEOUT_MS => ms,
            _ => return Err(invalid("timeoutMs", "out_of_range", "must be a whole number of milliseconds in 1..=600000")),
        },
        Some(other) => return Err(wrong_type("timeoutMs", "a number", other)),
    };
    let retries = match a.get("retries") {
        None | Some(Value::Null) => DEFAULT_RETRIES,
        Some(Value::Number(_)) => match whole(a.get("retries")) {
            Some(r) if r <= MAX_RETRIES.into() => r as u32,
            _ => return Err(invalid("retries", "out_of_range", "must be a whole number in 0..=10")),
        },
        Some(other) => return Err(wrong_type("retries", "a number", other)),
    };
    let mut headers = Vec::new();
    match a.get("headers") {
        None | Some(Value::Null) => {}
        Some(Value::Object(members)) => {
            for (k, v) in members {
                let path = crate::error::member_path("headers", k);
                let name_ok = !k.is_empty()
                    && find_byte(k.as_bytes(), |b| !(b.is_ascii_alphanumeric() || matches!(b, b'!' | b'#'..=b'\'' | b'*' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`' | b'|' | b'~'))).is_none();
                if !name_ok {
                    return Err(invalid(&path, "invalid_header", "is not an HTTP header name"));
                }
                let Some(v) = v.as_str() else {
                    return Err(wrong_type(&path, "a string", v));
                };
                if find_byte(v.as_bytes(), |c| c == b'\r' || c == b'\n' || c == 0).is_some() {
                    return Err(invalid(&path, "invalid_header", "must not contain CR, LF or NUL"));
                }
                headers.push(k.to_ascii_lowercase());
                headers.push(v.to_string());
            }
        }
        Some(other) => return Err(wrong_type("headers", "an object", other)),
    }
    for name in ["content-type", "accept"] {
        headers.push(name.into());
        headers.push("application/json".into());
    }
    if let Some(Value::String(k)) = a.get("idempotencyKey") {
        check_idempotency_key(k)?;
        headers.push("idempotency-key".into());
        headers.push(k.clone());
    }
    if !flag(a, "fetch") {
        return Err(ApiError::new("network", "no_fetch", "this runtime has no fetch(); pass the `fetch` option"));
    }
    Ok(Call {
        op,
        url: cat(&[endpoint.trim_end_matches('/'), "/", op.name()]),
        headers,
        timeout_ms,
        policy: Policy { retries, ..Policy::default() },
    })
}

impl Call {
    /// `{url, headers, timeoutMs, retries}` for the JS transport, as JSON text. A header repeated (the
    /// caller's `content-type`) is written twice; `JSON.parse` keeps the last value, as assigning them
    /// in order would.
    pub fn to_json(&self) -> String {
        let mut o = JsonObject::new();
        o.str("url", &self.url);
        let mut headers = JsonObject::new();
        let mut i = 0;
        while let (Some(k), Some(v)) = (self.headers.get(i), self.headers.get(i + 1)) {
            headers.str(k, v);
            i += 2;
        }
        o.key("headers").push_str(&headers.end());
        o.uint("timeoutMs", self.timeout_ms);
        o.uint("retries", self.policy.retries.into());
        o.end()
    }
}

/// A JSON object written straight into its text, member by member: no [`Value`] tree to build, write
/// out and drop.
pub(crate) struct JsonObject {
    out: String,
}

impl JsonObject {
    /// `{`
    pub(crate) fn new() -> JsonObject {
        JsonObject { out: String::from("{") }
    }

    /// Starts the member `name` (its comma, name and colon) and answers the text to write its value to.
    #[inline(never)]
    pub(crate) fn key(&mut self, name: &str) -> &mut String {
        if self.out.len() > 1 {
            self.out.push(',');
        }
        write_string(name, &mut self.out);
        self.out.push(':');
        &mut self.out
    }

    /// A string member.
    #[inline(never)]
    pub(crate) fn str(&mut self, name: &str, value: &str) {
        write_string(value, self.key(name));
    }

    /// A member of any JSON value.
    #[inline(never)]
    pub(crate) fn value(&mut self, name: &str, value: &Value) {
        write_value(value, self.key(name));
    }

    /// A boolean member.
    #[inline(never)]
    pub(crate) fn bool(&mut self, name: &str, value: bool) {
        push_bool(self.key(name), value);
    }

    /// A number member.
    #[inline(never)]
    pub(crate) fn uint(&mut self, name: &str, value: u64) {
        push_u64(self.key(name), value);
    }

    /// The object's text, closed.
    pub(crate) fn end(mut self) -> String {
        self.out.push('}');
        self.out
    }
}

/// `parts` joined. Messages are built without `format!`, which keeps `core::fmt`'s argument
/// formatting out of the wasm.
pub(crate) fn cat(parts: &[&str]) -> String {
    crate::json::join(parts, "")
}

/// The decimal digits of `n` (without `core::fmt`).
pub(crate) fn digits(n: u64) -> String {
    let mut s = String::new();
    crate::json::push_u64(&mut s, n);
    s
}

/// The first `n` characters of `text`.
pub fn prefix(text: &str, n: usize) -> &str {
    match text.char_indices().nth(n) {
        Some((cut, _)) => text.get(..cut).unwrap_or(text),
        None => text,
    }
}

/// `text` cut to 200 characters (with `…`), for messages.
pub fn shorten(text: &str) -> String {
    shorten_to(text, 200)
}

/// `text` cut to `n` characters (with `…`).
#[inline(never)]
pub(crate) fn shorten_to(text: &str, n: usize) -> String {
    let cut = prefix(text, n);
    if cut.len() < text.len() {
        cat(&[cut, "…"])
    } else {
        text.to_string()
    }
}

/// What one attempt came to, as the JS transport saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome<'a> {
    /// The call's time limit passed (`timed_out`) or the caller's `AbortSignal` aborted.
    Stopped {
        /// The time limit, not the caller.
        timed_out: bool,
    },
    /// No answer came back: the JS exception's message.
    Failed(&'a str),
    /// The proxy answered.
    Answered(Answer<'a>),
}

/// A proxy answer: its status, body and the protocol's headers (absent: `None`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answer<'a> {
    /// The HTTP status (0 when the fetch answer had none).
    pub status: u16,
    /// The body text.
    pub body: &'a str,
    /// `X-Request-Id`
    pub request_id: Option<&'a str>,
    /// `Retry-After`
    pub retry_after: Option<&'a str>,
    /// `Idempotency`
    pub idempotency: Option<&'a str>,
    /// `Idempotent-Replayed`
    pub replayed: Option<&'a str>,
}

/// Where a call stands when an attempt's outcome comes in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// The operation.
    pub op: Operation,
    /// The retry settings.
    pub policy: Policy,
    /// The call's time limit.
    pub timeout_ms: u64,
    /// This proxy has answered `Idempotency: honoured` (before this outcome).
    pub honoured: bool,
    /// The attempt's number, 0 for the first.
    pub retry: u32,
    /// Milliseconds since the call began.
    pub elapsed_ms: u64,
    /// The clock (epoch ms), for a `Retry-After` date.
    pub now_ms: u64,
    /// A random `u32` for the backoff's jitter.
    pub rand: u32,
}

/// What an attempt's outcome means: `Ok` with the call's value `{result?, action?, requestId?,
/// idempotencyHonoured, replayed, attempts}`, or `Ok` with `{retryInMs, idempotencyHonoured}` (wait
/// that long, then send again with the same key), both as JSON text, or `Err` with the error to throw
/// (carrying `retryable`, `idempotencyHonoured` and, unless it was stopped, `attempts`).
pub fn step(p: &Progress, outcome: &Outcome<'_>) -> Result<String, ApiError> {
    let kind = kind(p.op);
    let mut honoured = p.honoured;
    let attempts = u64::from(p.retry) + 1;
    let (error, failure, retry_after) = match outcome {
        Outcome::Stopped { timed_out } => {
            let error = if *timed_out {
                let message = cat(&["the call to the proxy did not finish within ", &digits(p.timeout_ms), " ms"]);
                flagged("timeout", "timeout", message, may_retry(kind, honoured, Failure::Network))
            } else {
                flagged("aborted", "aborted", "the call was aborted by its AbortSignal".to_string(), false)
            };
            return Err(error.with("idempotencyHonoured", Value::Bool(honoured)));
        }
        Outcome::Failed(message) => {
            let message = cat(&["the request to the proxy failed: ", &shorten(message)]);
            let retryable = may_retry(kind, honoured, Failure::Network);
            let error = flagged("network", "network_error", message, retryable);
            (error, Failure::Network, None)
        }
        Outcome::Answered(answer) => {
            honoured |= honours_keys(answer.idempotency);
            match read_answer(answer.status, answer.body, answer.request_id) {
                Ok(reply) => {
                    let mut o = answered(p.op, &reply, answer.request_id);
                    o.bool("idempotencyHonoured", honoured);
                    o.bool("replayed", answer.replayed.is_some_and(|v| v.trim().eq_ignore_ascii_case("true")));
                    o.uint("attempts", attempts);
                    return Ok(o.end());
                }
                Err(e) => {
                    let retryable = e.extra.iter().any(|(k, v)| k == "retryable" && matches!(v, Value::Bool(true)));
                    let after = answer.retry_after.and_then(|v| retry_after_ms(v, p.now_ms));
                    (e, Failure::Answer { retryable }, after)
                }
            }
        }
    };
    let remaining = p.timeout_ms.saturating_sub(p.elapsed_ms);
    let delay = if may_retry(kind, honoured, failure) {
        next_delay_ms(&p.policy, p.retry, retry_after, remaining, p.rand)
    } else {
        None
    };
    match delay {
        Some(ms) => {
            let mut o = JsonObject::new();
            o.uint("retryInMs", ms);
            o.bool("idempotencyHonoured", honoured);
            Ok(o.end())
        }
        None => Err(error.with("idempotencyHonoured", Value::Bool(honoured)).with("attempts", Value::uint(attempts))),
    }
}

/// A reply's `result` and/or `action` (with the answer's `requestId`). An anonymous payment's or a
/// card registration's `payUrl` is the card form the payer must be sent to, so it also becomes a
/// `payment_form` action (a recurrent payment's `payUrl` is a receipt link: no action, its status is
/// polled).
fn answered(op: Operation, reply: &Reply, request_id: Option<&str>) -> JsonObject {
    let mut o = JsonObject::new();
    match reply {
        Reply::Result(v) => {
            o.value("result", v);
            let form = matches!(op, Operation::AnonymousPayment | Operation::CardRegistration);
            if let Some(url) = text(v, "payUrl").filter(|u| form && !u.is_empty()) {
                let method = match text(v, "methodType") {
                    Some(m) if m.eq_ignore_ascii_case("post") => "POST",
                    _ => "GET",
                };
                let n = reg_pay_num_text(v);
                write_redirect(o.key("action"), "payment_form", method, url, n.as_deref());
            }
        }
        Reply::Action(a) => o.value("action", a),
    }
    if let Some(id) = request_id {
        o.str("requestId", id);
    }
    o
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
    if is_key(key) {
        return Ok(());
    }
    Err(invalid("idempotencyKey", "invalid_idempotency_key", "must be 1 to 255 visible ASCII characters (a UUID is best)"))
}

fn is_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= 255 && find_byte(key.as_bytes(), |b| !(0x21..=0x7e).contains(&b)).is_none()
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
    /// The record as JSON text `{v:1, operation, subject, key, regPayNum?, startedMs}`.
    pub fn to_json(&self) -> String {
        let mut o = JsonObject::new();
        o.uint("v", 1);
        o.str("operation", &self.operation);
        o.str("subject", &self.subject);
        o.str("key", &self.key);
        if let Some(r) = &self.reg_pay_num {
            o.str("regPayNum", r);
        }
        o.uint("startedMs", self.started_ms);
        o.end()
    }

    /// The record as a JSON value ([`Attempt::to_json`] read back).
    pub fn to_value(&self) -> Value {
        crate::json::parse(&self.to_json()).unwrap_or(Value::Null)
    }

    /// Reads a stored record; anything else (another version, junk a script left) is `None`.
    pub fn from_value(v: &Value) -> Option<Attempt> {
        if !matches!(v.get("v"), Some(Value::Number(n)) if n == "1") {
            return None;
        }
        let owned = |k: &str| text(v, k).map(str::to_string);
        let attempt = Attempt {
            operation: owned("operation").filter(|o| Operation::from_name(o).map(kind) == Some(Kind::Payment))?,
            subject: owned("subject")?,
            key: owned("key").filter(|k| is_key(k))?,
            reg_pay_num: owned("regPayNum"),
            started_ms: whole(v.get("startedMs"))?,
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
        Operation::Refund => cat(&[&text("regPayNum"), "/", &text("refundAmount")]),
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

    /// A `u32` that stands for the fraction `f` of the range (`1.0` → `u32::MAX`).
    fn r(f: f64) -> u32 {
        (f * u32::MAX as f64) as u32
    }

    #[test]
    fn backoff_grows_to_the_cap_within_the_jitter_range() {
        let p = Policy::default();
        for retry in 0..30 {
            let step = (500u64 << retry.min(20)).min(5_000);
            let lo = backoff_ms(&p, retry, 0);
            let hi = backoff_ms(&p, retry, u32::MAX);
            assert_eq!(lo, step / 2, "retry {retry}");
            assert!(hi < step && hi >= step * 99 / 100, "retry {retry}: {hi}");
            for f in [0.1, 0.37, 0.5, 0.93] {
                let d = backoff_ms(&p, retry, r(f));
                assert!((lo..=hi).contains(&d));
            }
        }
        assert_eq!(backoff_ms(&p, 0, 0), 250);
        assert_eq!(backoff_ms(&p, 1, u32::MAX), 999);
        assert_eq!(backoff_ms(&p, 1, 1 << 31), 750);
        assert_eq!(backoff_ms(&p, 10, u32::MAX), 4_999);
        let huge = Policy { base_ms: u64::MAX, cap_ms: u64::MAX, ..p };
        assert_eq!(backoff_ms(&huge, 3, 0), u64::MAX / 2);
        assert_eq!(backoff_ms(&huge, 3, u32::MAX), u64::MAX - (u64::MAX >> 32) / 2 - 1);
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
            "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "Sun Nov  6 08:49:37 1994",
            "Sun, 06 Nov 1994 08-49-37 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT", "Sun, 0a Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:3é GMT",
            "Sun; 06 Nov 1994 08:49:37 GMT", "Sun, 00 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1969 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:60:37 GMT", "Sun,\t06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 +8:49:37 GMT", "é, 06 Nov 1994 08:49:37 GMT"] {
            assert_eq!(retry_after_ms(junk, now), None, "{junk:?}");
        }
    }

    #[test]
    fn digits_parse_as_str_parse_does() {
        for text in ["0", "7", "0042", "18446744073709551615", "18446744073709551616", "", "-1", "+1", "1.0", "1e3", " 1", "١"] {
            let want = if text.starts_with('+') { None } else { text.parse::<u64>().ok() };
            assert_eq!(parse_digits(text), want, "{text:?}");
        }
    }

    #[test]
    fn retries_zero_means_one_attempt() {
        let p = Policy { retries: 0, ..Policy::default() };
        assert_eq!(next_delay_ms(&p, 0, None, 30_000, 1 << 31), None);
        assert_eq!(next_delay_ms(&p, 0, Some(0), 30_000, 1 << 31), None);
    }

    #[test]
    fn next_delay_honours_retry_after_and_the_time_left() {
        let p = Policy::default();
        assert_eq!(next_delay_ms(&p, 0, Some(2_000), 30_000, 1 << 31), Some(2_000));
        assert_eq!(next_delay_ms(&p, 1, None, 30_000, 0), Some(500));
        assert_eq!(next_delay_ms(&p, 2, None, 30_000, 0), None, "two retries are used up");
        assert_eq!(next_delay_ms(&p, 0, Some(61_000), 120_000, 1 << 31), None, "too long a Retry-After");
        assert_eq!(next_delay_ms(&p, 0, Some(5_000), 4_000, 1 << 31), None, "past the call's time limit");
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
        for (elapsed, base) in [(0, 2_000), (59_999, 2_000), (60_000, 10_000), (3_600_000, 10_000)] {
            assert_eq!(poll_delay_ms(elapsed, 0), base / 10 * 9);
            assert_eq!(poll_delay_ms(elapsed, u32::MAX), base / 10 * 11 - 1);
            for f in [0.1, 0.5, 0.999] {
                let d = poll_delay_ms(elapsed, r(f));
                assert!(d >= base / 10 * 9 && d < base / 10 * 11, "{elapsed} {f} {d}");
            }
        }
        assert_eq!(poll_delay_ms(0, 1 << 31), 2_000);
        assert_eq!(poll_delay_ms(60_000, 1 << 31), 10_000);
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

    fn call(text: &str) -> Result<Call, ApiError> {
        read_call(&crate::json::parse(text).unwrap(), false)
    }

    #[test]
    fn calls_are_read_from_the_options_with_their_headers() {
        let c = call(r#"{"endpoint":" https://shop.example/api/ckassa/ ","operation":"anonymousPayment","headers":{"X-CSRF-Token":"t","Content-Type":"text/plain"},"idempotencyKey":"k-1","timeoutMs":300,"retries":0,"fetch":true}"#).ok().unwrap();
        assert_eq!(c.url, "https://shop.example/api/ckassa/anonymousPayment");
        assert_eq!((c.timeout_ms, c.policy.retries), (300, 0));
        assert_eq!(
            c.to_json(),
            r#"{"url":"https://shop.example/api/ckassa/anonymousPayment","headers":{"x-csrf-token":"t","content-type":"text/plain","content-type":"application/json","accept":"application/json","idempotency-key":"k-1"},"timeoutMs":"300","retries":"0"}"#
                .replace(r#""300""#, "300").replace(r#""0"}"#, "0}")
        );
        let d = call(r#"{"endpoint":"http://127.0.0.1:1","operation":"paymentStatus","timeoutMs":null,"fetch":true}"#).ok().unwrap();
        assert_eq!((d.timeout_ms, d.policy.retries, d.headers.len()), (DEFAULT_TIMEOUT_MS, DEFAULT_RETRIES, 4));
        assert!(read_call(&crate::json::parse(r#"{"endpoint":"/api","operation":"cardList","fetch":true}"#).unwrap(), true).is_ok());
        let code = |t: &str| call(t).err().unwrap().code;
        assert_eq!(code(r#"{"endpoint":"/api","operation":"cardList","fetch":true}"#), "relative_endpoint");
        assert_eq!(code(r#"{"endpoint":" ","operation":"cardList","fetch":true}"#), "required");
        assert_eq!(code(r#"{"endpoint":"https://x","operation":"pay","fetch":true}"#), "unknown_operation");
        for bad in ["0", "600001", "1.5", "-1", "1e3"] {
            let t = format!(r#"{{"endpoint":"https://x","operation":"cardList","timeoutMs":{bad},"fetch":true}}"#);
            assert_eq!(code(&t), "out_of_range", "{bad}");
        }
        assert_eq!(code(r#"{"endpoint":"https://x","operation":"cardList","timeoutMs":"5","fetch":true}"#), "invalid_type");
        let message = |t: &str| call(t).err().unwrap().message;
        assert_eq!(message(r#"{"endpoint":"https://x","operation":"cardList","timeoutMs":0,"fetch":true}"#), format!("timeoutMs: must be a whole number of milliseconds in 1..={MAX_TIMEOUT_MS}"));
        assert_eq!(message(r#"{"endpoint":"https://x","operation":"cardList","retries":11,"fetch":true}"#), format!("retries: must be a whole number in 0..={MAX_RETRIES}"));
        assert_eq!(message(r#"{"endpoint":"https://x","operation":"cardList","retries":"1","fetch":true}"#), "retries: must be a number, got string");
        assert_eq!(code(r#"{"endpoint":"https://x","operation":"cardList","retries":11,"fetch":true}"#), "out_of_range");
        assert_eq!(code(r#"{"endpoint":"https://x","operation":"cardList","retries":-1,"fetch":true}"#), "out_of_range");
        assert_eq!(code(r#"{"endpoint":"https://x","operation":"cardList","headers":{"a b":"x"},"fetch":true}"#), "invalid_header");
        for bad in ["a(b", "a\"b", "a/b", "a@b", "a:b", "a,b", "é"] {
            let t = format!(r#"{{"endpoint":"https://x","operation":"cardList","headers":{{{}:"x"}},"fetch":true}}"#, Value::str(bad).to_json());
            assert_eq!(code(&t), "invalid_header", "{bad}");
        }
        let tokens = r#"{"endpoint":"https://x","operation":"cardList","headers":{"Az09!#$%&'*+-.^_`|~":"x"},"fetch":true}"#;
        assert_eq!(call(tokens).ok().map(|c| c.headers.len()), Some(6));
        assert_eq!(code(r#"{"endpoint":"https://x","operation":"cardList","headers":{"a":"x\ny"},"fetch":true}"#), "invalid_header");
        assert_eq!(code(r#"{"endpoint":"https://x","operation":"cardList","headers":{"a":1},"fetch":true}"#), "invalid_type");
        assert_eq!(code(r#"{"endpoint":"https://x","operation":"cardList","headers":[],"fetch":true}"#), "invalid_type");
        assert_eq!(code(r#"{"endpoint":"https://x","operation":"refund","idempotencyKey":"a b","fetch":true}"#), "invalid_idempotency_key");
        let no_fetch = call(r#"{"endpoint":"https://x","operation":"cardList","fetch":false}"#).err().unwrap();
        assert_eq!((no_fetch.kind, no_fetch.code.as_str()), ("network", "no_fetch"));
        // Option errors come before the missing fetch.
        assert_eq!(code(r#"{"endpoint":"https://x","operation":"cardList","retries":99}"#), "out_of_range");
    }

    fn progress(op: Operation, honoured: bool, retry: u32) -> Progress {
        Progress { op, policy: Policy::default(), timeout_ms: 30_000, honoured, retry, elapsed_ms: 100, now_ms: 784_111_777_000, rand: 0 }
    }

    fn answered_with<'a>(status: u16, body: &'a str, headers: &[(&str, &'a str)]) -> Outcome<'a> {
        let h = |name: &str| headers.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
        Outcome::Answered(Answer {
            status,
            body,
            request_id: h("x-request-id"),
            retry_after: h("retry-after"),
            idempotency: h("idempotency"),
            replayed: h("idempotent-replayed"),
        })
    }

    #[test]
    fn steps_turn_outcomes_into_values_waits_and_errors() {
        let ok = r#"{"ok":true,"result":{"regPayNum":7,"payUrl":"https://f/","methodType":"post"}}"#;
        let got = step(&progress(Operation::AnonymousPayment, false, 1), &answered_with(200, ok, &[("x-request-id", "r"), ("idempotency", "honoured"), ("idempotent-replayed", " TRUE ")])).unwrap();
        assert_eq!(
            got,
            r#"{"result":{"regPayNum":7,"payUrl":"https://f/","methodType":"post"},"action":{"type":"redirect","reason":"payment_form","method":"POST","url":"https://f/","regPayNum":"7"},"requestId":"r","idempotencyHonoured":true,"replayed":true,"attempts":2}"#
        );
        // A recurrent payment's payUrl is a receipt: no action.
        let got = crate::json::parse(&step(&progress(Operation::RecurrentPayment, false, 0), &answered_with(200, ok, &[])).unwrap()).unwrap();
        assert_eq!(got.get("action"), None);
        assert_eq!(got.get("replayed"), Some(&Value::Bool(false)));

        // Reads wait and retry on 5xx; Retry-After (seconds or a date) is waited exactly.
        let busy = r#"{"ok":false,"error":{"type":"gateway","code":"gateway_unavailable","retryable":true}}"#;
        let wait = |o: &Outcome<'_>, p: &Progress| step(p, o).ok().and_then(|v| crate::json::parse(&v).unwrap().get("retryInMs").cloned());
        let read = progress(Operation::PaymentStatus, false, 0);
        assert_eq!(wait(&answered_with(503, busy, &[]), &read), Some(Value::uint(250)));
        assert_eq!(wait(&answered_with(429, "{}", &[("retry-after", "2")]), &read), Some(Value::uint(2_000)));
        assert_eq!(wait(&answered_with(429, "{}", &[("retry-after", "Sun, 06 Nov 1994 08:49:40 GMT")]), &read), Some(Value::uint(3_000)));
        assert_eq!(wait(&Outcome::Failed("down"), &read), Some(Value::uint(250)));
        // Out of time for the Retry-After, or out of retries: the answer's error, with the attempts.
        let late = Progress { elapsed_ms: 29_000, ..read };
        let e = step(&late, &answered_with(429, "{}", &[("retry-after", "2")])).unwrap_err();
        assert_eq!((e.code.as_str(), extra(&e, "attempts")), ("unavailable", Some(&Value::uint(1))));
        let e = step(&progress(Operation::PaymentStatus, false, 2), &answered_with(503, busy, &[("x-request-id", "q")])).unwrap_err();
        assert_eq!(e.code, "gateway_unavailable");
        assert_eq!(extra(&e, "attempts"), Some(&Value::uint(3)));
        assert_eq!(extra(&e, "requestId"), Some(&Value::str("q")));
        assert_eq!(extra(&e, "idempotencyHonoured"), Some(&Value::Bool(false)));

        // Payments: a network error is final (and not retryable) until the proxy honours keys.
        let e = step(&progress(Operation::AnonymousPayment, false, 0), &Outcome::Failed("fetch failed (ECONNREFUSED)")).unwrap_err();
        assert_eq!((e.kind, e.code.as_str()), ("network", "network_error"));
        assert_eq!(e.message, "the request to the proxy failed: fetch failed (ECONNREFUSED)");
        assert_eq!(extra(&e, "retryable"), Some(&Value::Bool(false)));
        let honoured = progress(Operation::AnonymousPayment, true, 0);
        assert!(wait(&Outcome::Failed("x"), &honoured).is_some());
        // The header that says so counts from the answer that carries it.
        let in_progress = r#"{"ok":false,"error":{"type":"proxy","code":"idempotency_in_progress"}}"#;
        let v = step(&progress(Operation::Refund, false, 0), &answered_with(409, in_progress, &[("idempotency", "honoured")])).unwrap();
        assert_eq!(v, r#"{"retryInMs":250,"idempotencyHonoured":true}"#);
        // Writes are never retried.
        assert!(step(&progress(Operation::UserRegistration, true, 0), &Outcome::Failed("x")).is_err());

        // Stopped: the time limit or the caller.
        let t = step(&read, &Outcome::Stopped { timed_out: true }).unwrap_err();
        assert_eq!((t.kind, t.code.as_str()), ("timeout", "timeout"));
        assert_eq!(t.message, "the call to the proxy did not finish within 30000 ms");
        assert_eq!(extra(&t, "retryable"), Some(&Value::Bool(true)));
        let a = step(&honoured, &Outcome::Stopped { timed_out: false }).unwrap_err();
        assert_eq!((a.kind, a.code.as_str()), ("aborted", "aborted"));
        assert_eq!(extra(&a, "retryable"), Some(&Value::Bool(false)));
        assert_eq!(extra(&a, "idempotencyHonoured"), Some(&Value::Bool(true)));
        assert_eq!(extra(&a, "attempts"), None);
        // A long message is cut.
        let e = step(&progress(Operation::CardDeactivation, false, 0), &Outcome::Failed(&"é".repeat(500))).unwrap_err();
        assert!(e.message.ends_with('…') && e.message.chars().count() == 34 + 200, "{}", e.message.chars().count());
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
        let back = Attempt::from_value(&crate::json::parse(&a.to_json()).unwrap());
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
