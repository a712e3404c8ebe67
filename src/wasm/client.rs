//! Exports of the checkout client: every decision of `CheckoutClient` as a synchronous call (JSON text
//! in, the envelope out): the attempt's request and idempotency key, what to send to the proxy, what
//! each outcome means (the value, the error, or the wait before the next attempt), the status poll's
//! interval, redirect checks and the navigation plan, and the payment's outcome from its status.
//!
//! The rules are in [`crate::retry`] and [`crate::redirect`]. JS (js/api/client.js) does the I/O:
//! fetch, timers, AbortSignals, `crypto.getRandomValues` and `Math.random` (passed in as numbers),
//! storage, events, navigation and the caller's hooks. No futures, closures or floats here: whole
//! milliseconds and random integers only.

use js_sys::Date;
use wasm_bindgen::prelude::*;

use super::parse_arg;
use crate::error::{envelope, write_issues, ApiError, Report, OK_ENVELOPE};
use crate::json::{Doc, Value};
use crate::redirect;
use crate::requests::{self, Operation};
use crate::retry::{self, flag, invalid, text, Answer, Attempt, JsonObject, Kind, Outcome};

/// The client's one export for its decisions (one export instead of six: each export costs a shim in
/// the .wasm and a function in the JS glue). `call` names the function below (`navigate`, `prepare`,
/// `answered`, `request`, `step`, `outcome`), `arg` is its JSON argument and `body` the answer's text
/// (for `step`; `""` otherwise). Answers the envelope.
#[wasm_bindgen]
pub fn client(call: &str, arg: &str, body: &str) -> String {
    match call {
        "navigate" => client_navigate(arg),
        "prepare" => client_prepare(arg),
        "answered" => client_attempt_answered(arg),
        "request" => client_request(arg),
        "step" => client_step(arg, body),
        "outcome" => client_outcome(arg),
        _ => envelope(Err(invalid("", "unknown_call", "is not a checkout client call"))),
    }
}

/// The envelope of a value written as JSON text, or of the error.
fn answer(result: Result<String, ApiError>) -> String {
    match result {
        Ok(json) => retry::cat(&[OK_ENVELOPE, &json, "}"]),
        Err(e) => envelope(Err(e)),
    }
}

// ---- redirects -------------------------------------------------------------------------------

/// `{action: {method?, url, fields?}, allowedHosts?, breakOutOfIframe?, framed?}` → the navigation
/// plan `{method, url, top, fields}` of [`redirect::navigation`], or the `redirect_blocked` error whose
/// code says why (an unusable allow-list is a validation error at `allowedRedirectHosts`). JS carries
/// the plan out; `isAllowedRedirect` is this check with `{action: {url}}`.
pub fn client_navigate(arg: &str) -> String {
    answer(parse_arg(arg).and_then(|a| redirect::navigation(&a)))
}

// ---- the request of one attempt ------------------------------------------------------------------

/// `{operation, input, options?, returnUrl?, stored?, idempotencyKey?}` → `{operation, request,
/// warnings}`, plus for a payment-creating operation `{idempotencyKey, reused, attempt}`.
///
/// Payments (`anonymousPayment`, `recurrentPayment`) get `successUrl`/`failUrl` = `returnUrl` unless
/// the input has them; a recurrent payment with a `cardToken` gets the browser's `clientAuInfo`
/// unless it has one (in a browser). The key is the caller's, or the stored attempt's when this call
/// continues it (same operation, same amount), or a new UUID v4 from `crypto.getRandomValues`.
pub fn client_prepare(arg: &str) -> String {
    answer(parse_arg(arg).and_then(|a| prepare(&a)))
}

fn prepare(a: &Value) -> Result<String, ApiError> {
    let op = retry::operation(a)?;
    let mut input = a.get("input").cloned().unwrap_or(Value::Null);
    if let Value::Object(members) = &mut input {
        let absent = |m: &[(String, Value)], key: &str| !m.iter().any(|(k, v)| k == key && !v.is_null());
        if matches!(op, Operation::AnonymousPayment | Operation::RecurrentPayment) {
            if let Some(url) = text(a, "returnUrl") {
                for key in ["successUrl", "failUrl"] {
                    if absent(members, key) {
                        members.push((key.to_string(), Value::str(url)));
                    }
                }
            }
        }
        if op == Operation::RecurrentPayment && !absent(members, "cardToken") && absent(members, "clientAuInfo") {
            if let Some(info) = browser_client_au_info() {
                members.push(("clientAuInfo".to_string(), info));
            }
        }
    }
    let mut report = Report::new();
    let mut options = requests::Options::from_value(a.get("options"), &mut report);
    if !report.is_ok() {
        return Err(ApiError::validation(report.issues, report.warnings));
    }
    // Date.now() is a whole number of milliseconds: one conversion, integers from here on.
    let now_ms = Date::now() as u64;
    options.now = options.now.or(Some(now_ms / 1000));
    // The validators' own verdict: the request as the JSON text they wrote (what `buildRequest` answers).
    let verdict = requests::check(op, Doc::of(&input).root(), &options);
    let Some(request) = &verdict.request else {
        return Err(ApiError::validation(verdict.report.issues, verdict.report.warnings));
    };
    let mut out = JsonObject::new();
    out.str("operation", op.name());
    out.key("request").push_str(request);
    write_issues(&verdict.report.warnings, out.key("warnings"));
    if retry::kind(op) == Kind::Payment {
        // The text is JSON the core wrote itself, so it always parses.
        let subject = retry::attempt_subject(op, &crate::json::parse(request).unwrap_or(Value::Null));
        let stored = a.get("stored").and_then(Attempt::from_value).filter(|s| s.continues(op, &subject));
        let given = match a.get("idempotencyKey") {
            None | Some(Value::Null) => None,
            Some(Value::String(k)) => {
                retry::check_idempotency_key(k)?;
                Some(k.as_str())
            }
            Some(other) => {
                return Err(retry::wrong_type("idempotencyKey", "a string", other))
            }
        };
        let reused = stored.as_ref().is_some_and(|s| given.map_or(true, |g| g == s.key));
        let attempt = match stored {
            Some(s) if reused => s,
            _ => Attempt {
                operation: op.name().to_string(),
                subject,
                key: match given {
                    Some(k) => k.to_string(),
                    None => retry::uuid_v4(random_bytes(a.get("random"))?),
                },
                reg_pay_num: None,
                started_ms: now_ms,
            },
        };
        out.str("idempotencyKey", &attempt.key);
        out.bool("reused", reused);
        out.key("attempt").push_str(&attempt.to_json());
    }
    Ok(out.end())
}

/// The browser's `clientAuInfo` (collected and normalised by the fingerprint module, on its typed
/// path as `clientAuInfo()` does; no IP: the proxy fills it), or `None` outside a browser.
fn browser_client_au_info() -> Option<Value> {
    use crate::fingerprint as fp;
    let normalized = fp::normalize_inputs(fp::browser::collect_fields()?.inputs());
    // Its JSON text read back: the writer is the fingerprint export's own, and the parser is shared.
    crate::json::parse(&fp::ClientAuInfo::from_info(&normalized.info, String::new()).to_json()).ok()
}

/// The 16 random bytes JS passed (`random`: from `crypto.getRandomValues`, `null` where there is none).
fn random_bytes(v: Option<&Value>) -> Result<[u8; 16], ApiError> {
    let mut bytes = [0u8; 16];
    let mut read = 0;
    if let Some(Value::Array(items)) = v {
        if items.len() == 16 {
            for (b, item) in bytes.iter_mut().zip(items) {
                match retry::whole(Some(item)) {
                    Some(n) if n <= 255 => *b = n as u8,
                    _ => break,
                }
                read += 1;
            }
        }
    }
    if read != 16 {
        return Err(ApiError::new(
            "error",
            "no_crypto",
            "this runtime has no crypto.getRandomValues to mint an idempotency key; pass `idempotencyKey`",
        ));
    }
    Ok(bytes)
}

/// The attempt record after the proxy answered: `{attempt, regPayNum}` → the record with its
/// `regPayNum`, for storage before the payer leaves the page.
pub fn client_attempt_answered(arg: &str) -> String {
    answer(parse_arg(arg).and_then(|a| {
        let mut attempt = a
            .get("attempt")
            .and_then(Attempt::from_value)
            .ok_or_else(|| invalid("attempt", "invalid_attempt", "is not an attempt record"))?;
        attempt.reg_pay_num = retry::reg_pay_num_text(&a);
        Ok(attempt.to_json())
    }))
}

// ---- the transport --------------------------------------------------------------------------------
//
// JS does the I/O (fetch, the time limit, the caller's AbortSignal, the waits between attempts);
// every decision is one synchronous call here: what to send, then what each outcome means.

/// `{endpoint, operation, headers?, idempotencyKey?, timeoutMs?, retries?, fetch, window}` (`fetch`:
/// JS has a fetch to call; `window`: there is a page to resolve a relative endpoint against) →
/// `{url, headers, timeoutMs, retries}`, or the validation (or `no_fetch`) error.
pub fn client_request(arg: &str) -> String {
    answer(parse_arg(arg).and_then(|a| {
        let page = flag(&a, "window");
        retry::read_call(&a, page).map(|call| call.to_json())
    }))
}

/// One attempt's outcome → what it means ([`retry::step`]): the call's value, `{retryInMs,
/// idempotencyHonoured}`, or the error. `arg` is `{operation, retries, timeoutMs, honoured, retry,
/// elapsedMs, nowMs, rand}` (whole numbers; `rand` a random u32) and one of `stopped: 'timeout' |
/// 'aborted'`, `failed: message`, or the answer's `status`, `requestId`, `retryAfter`, `idempotency`,
/// `replayed` (header values or null); `body` is the answer's text.
pub fn client_step(arg: &str, body: &str) -> String {
    answer(parse_arg(arg).and_then(|a| step(&a, body)))
}

fn step(a: &Value, body: &str) -> Result<String, ApiError> {
    let op = retry::operation(a)?;
    let whole = |key: &str| member_whole(a, key);
    let member = |key: &str| text(a, key);
    let progress = retry::Progress {
        op,
        policy: retry::Policy { retries: whole("retries").map_or(retry::DEFAULT_RETRIES, |r| r.min(retry::MAX_RETRIES.into()) as u32), ..Default::default() },
        timeout_ms: whole("timeoutMs").unwrap_or(retry::DEFAULT_TIMEOUT_MS),
        honoured: flag(a, "honoured"),
        retry: whole("retry").unwrap_or(0).min(u32::MAX.into()) as u32,
        elapsed_ms: whole("elapsedMs").unwrap_or(0),
        now_ms: whole("nowMs").unwrap_or(0),
        rand: whole("rand").unwrap_or(0) as u32,
    };
    let outcome = match (member("stopped"), member("failed")) {
        (Some(why), _) => Outcome::Stopped { timed_out: why == "timeout" },
        (None, Some(message)) => Outcome::Failed(message),
        (None, None) => Outcome::Answered(Answer {
            status: whole("status").filter(|s| *s <= 999).unwrap_or(0) as u16,
            body,
            request_id: member("requestId"),
            retry_after: member("retryAfter"),
            idempotency: member("idempotency"),
            replayed: member("replayed"),
        }),
    };
    retry::step(&progress, &outcome)
}

/// The whole-number member `key` of `a` (one copy of the lookup for every member read).
#[inline(never)]
fn member_whole(a: &Value, key: &str) -> Option<u64> {
    retry::whole(a.get(key))
}

// ---- the outcome -----------------------------------------------------------------------------------

/// A `paymentStatus` result → `{type: 'final'|'pending', state, isSuccess, regPayNum, status}`:
/// final when the state is terminal by the core's table.
pub fn client_outcome(arg: &str) -> String {
    answer(parse_arg(arg).map(|status| outcome(&status)))
}

fn outcome(status: &Value) -> String {
    let state = text(status, "state").unwrap_or("");
    let known = crate::response::PaymentState::from_name(state);
    let mut o = JsonObject::new();
    o.str("type", if known.is_some_and(|s| s.is_terminal()) { "final" } else { "pending" });
    o.str("state", state);
    o.bool("isSuccess", known.is_some_and(|s| s.is_success()));
    match retry::reg_pay_num_text(status) {
        Some(n) => o.str("regPayNum", &n),
        None => o.key("regPayNum").push_str("null"),
    }
    o.value("status", status);
    o.end()
}

/// The wait before the next status poll, `elapsed_ms` after polling began, with the jitter from
/// `rand` (a random u32 from JS). Whole milliseconds.
#[wasm_bindgen]
pub fn client_poll_delay(elapsed_ms: u32, rand: u32) -> u32 {
    retry::poll_delay_ms(elapsed_ms.into(), rand) as u32
}
