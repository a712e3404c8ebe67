//! Exports of the checkout client: the fetch transport to the merchant proxy (time limit, abort,
//! retries), the attempt's request and idempotency key, redirect checks and navigation, and the
//! payment's outcome from its status.
//!
//! The rules are in [`crate::retry`] and [`crate::redirect`]; this module does only what needs the JS
//! runtime: `fetch` (the global one or the caller's), `setTimeout`, `AbortController`,
//! `crypto.getRandomValues`, `Math.random`, `Date.now`, `location` and forms. JS stays a thin class
//! around these exports (js/api/client.js) that owns storage, events and the caller's hooks.

use js_sys::{Array, Date, Function, Math, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

use super::fingerprint::has_window;
use super::parse_arg;
use crate::error::{envelope, ApiError, Issue, Report};
use crate::json::{object, Value};
use crate::redirect::{self, AllowList};
use crate::requests::{self, Operation};
use crate::retry::{self, Attempt, Failure, Kind, Policy, Reply};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// The abort reason of the call's own time limit (any other reason is the caller's signal).
const TIMEOUT_REASON: &str = "ckassa:timeout";
/// The longest time limit a call may be given (10 minutes).
const MAX_TIMEOUT_MS: u64 = 600_000;

fn invalid(path: &str, code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::validation(vec![Issue::new(path, code, message)], vec![])
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

// ---- redirects -------------------------------------------------------------------------------

/// The allow-list of `allowedRedirectHosts` (`null`: [`redirect::DEFAULT_ALLOWED_HOSTS`]).
fn allow_list(v: Option<&Value>) -> Result<AllowList, ApiError> {
    let path = "allowedRedirectHosts";
    match v {
        None | Some(Value::Null) => Ok(AllowList::default()),
        Some(Value::Array(items)) => {
            let mut entries = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let entry = item.as_str().ok_or_else(|| {
                    invalid(&format!("{path}[{i}]"), "invalid_type", format!("must be a string, got {}", item.type_name()))
                })?;
                entries.push(entry);
            }
            AllowList::parse(entries).map_err(|b| invalid(path, b.code, b.message))
        }
        Some(other) => Err(invalid(path, "invalid_type", format!("must be an array of hosts, got {}", other.type_name()))),
    }
}

fn check_redirect(url: Option<&Value>, allow: &AllowList) -> Result<Value, ApiError> {
    let url = url.and_then(Value::as_str).unwrap_or("");
    redirect::check(url, allow)
        .map(|t| object([("host", Some(Value::str(t.host))), ("port", Some(Value::uint(t.port.into())))]))
        .map_err(|b| {
            ApiError::new("redirect_blocked", b.code, format!("redirect refused: {}", b.message))
                .with("url", Value::str(shorten(url)))
        })
}

/// `{url, allowedHosts}` → `{host, port}`, or the `redirect_blocked` error whose code says why
/// (an unusable allow-list is a validation error at `allowedRedirectHosts`).
#[wasm_bindgen]
pub fn client_check_redirect(arg: &str) -> String {
    envelope(parse_arg(arg).and_then(|a| check_redirect(a.get("url"), &allow_list(a.get("allowedHosts"))?)))
}

/// `{action: {method, url, fields?}, allowedHosts, breakOutOfIframe}`: checks the URL again and
/// navigates (GET: `location.assign`; POST: a submitted form). Answers `{navigated}`: `false` where
/// there is no window (Node, SSR, a worker), where nothing is touched.
#[wasm_bindgen]
pub fn client_navigate(arg: &str) -> String {
    envelope(parse_arg(arg).and_then(|a| navigate(&a)))
}

fn navigate(a: &Value) -> Result<Value, ApiError> {
    let action = a.get("action").unwrap_or(&Value::Null);
    let allow = allow_list(a.get("allowedHosts"))?;
    check_redirect(action.get("url"), &allow)?;
    let url = action.get("url").and_then(Value::as_str).unwrap_or("");
    let post = match action.get("method").and_then(Value::as_str) {
        None => false,
        Some(m) if m.eq_ignore_ascii_case("get") => false,
        Some(m) if m.eq_ignore_ascii_case("post") => true,
        Some(_) => return Err(ApiError::new("redirect_blocked", "bad_method", "the redirect method is neither GET nor POST")),
    };
    let fields = match action.get("fields") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Object(members)) if post => members,
        Some(_) => return Err(invalid("action.fields", "invalid_type", "must be an object of strings, for a POST redirect")),
    };
    let navigated = |yes: bool| Ok(object([("navigated", Some(Value::Bool(yes)))]));
    if !has_window() {
        return navigated(false);
    }
    let Some(window) = web_sys::window() else { return navigated(false) };
    let top = a.get("breakOutOfIframe").and_then(Value::as_bool).unwrap_or(false)
        && window.top().ok().flatten().is_some_and(|t| !Object::is(&t, &window));
    let failed = |e: JsValue| {
        ApiError::new("redirect_blocked", "navigation_failed", format!("the browser refused to navigate: {}", js_message(&e)))
    };
    if post {
        submit_form(&window, url, fields, top).map_err(failed)?;
    } else if top {
        let top_window = window.top().map_err(failed)?.ok_or_else(|| failed(JsValue::NULL))?;
        top_window.location().set_href(url).map_err(failed)?;
    } else {
        window.location().assign(url).map_err(failed)?;
    }
    navigated(true)
}

fn submit_form(window: &web_sys::Window, url: &str, fields: &[(String, Value)], top: bool) -> Result<(), JsValue> {
    let document = window.document().ok_or(JsValue::NULL)?;
    let form: web_sys::HtmlFormElement = document.create_element("form")?.unchecked_into();
    form.set_attribute("method", "post")?;
    form.set_attribute("action", url)?;
    form.set_attribute("hidden", "")?;
    if top {
        form.set_attribute("target", "_top")?;
    }
    for (name, value) in fields {
        let input = document.create_element("input")?;
        input.set_attribute("type", "hidden")?;
        input.set_attribute("name", name)?;
        let text = match value {
            Value::String(s) => s.clone(),
            other => other.to_json(),
        };
        input.set_attribute("value", &text)?;
        form.append_child(&input)?;
    }
    let parent: web_sys::Node = match document.body() {
        Some(body) => body.into(),
        None => document.document_element().ok_or(JsValue::NULL)?.into(),
    };
    parent.append_child(&form)?;
    form.submit()
}

// ---- the request of one attempt ------------------------------------------------------------------

/// `{operation, input, options?, returnUrl?, stored?, idempotencyKey?}` → `{operation, request,
/// warnings}`, plus for a payment-creating operation `{idempotencyKey, reused, attempt}`.
///
/// Payments (`anonymousPayment`, `recurrentPayment`) get `successUrl`/`failUrl` = `returnUrl` unless
/// the input has them; a recurrent payment with a `cardToken` gets the browser's `clientAuInfo`
/// unless it has one (in a browser). The key is the caller's, or the stored attempt's when this call
/// continues it (same operation, same amount), or a new UUID v4 from `crypto.getRandomValues`.
#[wasm_bindgen]
pub fn client_prepare(arg: &str) -> String {
    envelope(parse_arg(arg).and_then(|a| prepare(&a)))
}

fn prepare(a: &Value) -> Result<Value, ApiError> {
    let name = a.get("operation").and_then(Value::as_str).unwrap_or("");
    let op = requests::operation_named(name).map_err(|i| ApiError::validation(vec![i], vec![]))?;
    let mut input = a.get("input").cloned().unwrap_or(Value::Null);
    if let Value::Object(members) = &mut input {
        let absent = |m: &[(String, Value)], key: &str| !m.iter().any(|(k, v)| k == key && !v.is_null());
        if matches!(op, Operation::AnonymousPayment | Operation::RecurrentPayment) {
            if let Some(url) = a.get("returnUrl").and_then(Value::as_str) {
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
    let now_ms = Date::now();
    options.now = options.now.or(Some((now_ms / 1000.0) as u64));
    let built = requests::build(op, &input, &options)?;
    let request = built.get("request").cloned().unwrap_or(Value::Null);
    let mut out = vec![
        ("operation".to_string(), Value::str(op.name())),
        ("warnings".to_string(), built.get("warnings").cloned().unwrap_or(Value::Array(vec![]))),
    ];
    if retry::kind(op) == Kind::Payment {
        let subject = retry::attempt_subject(op, &request);
        let stored = a.get("stored").and_then(Attempt::from_value).filter(|s| s.continues(op, &subject));
        let given = match a.get("idempotencyKey") {
            None | Some(Value::Null) => None,
            Some(Value::String(k)) => {
                retry::check_idempotency_key(k)?;
                Some(k.clone())
            }
            Some(other) => {
                return Err(invalid("idempotencyKey", "invalid_type", format!("must be a string, got {}", other.type_name())))
            }
        };
        let reused = stored.as_ref().is_some_and(|s| given.as_ref().map_or(true, |g| *g == s.key));
        let attempt = match (stored, given) {
            (Some(s), _) if reused => s,
            (_, key) => Attempt {
                operation: op.name().to_string(),
                subject,
                key: match key {
                    Some(k) => k,
                    None => retry::uuid_v4(random_bytes()?),
                },
                reg_pay_num: None,
                started_ms: now_ms as u64,
            },
        };
        out.push(("idempotencyKey".to_string(), Value::str(attempt.key.clone())));
        out.push(("reused".to_string(), Value::Bool(reused)));
        out.push(("attempt".to_string(), attempt.to_value()));
    }
    out.insert(1, ("request".to_string(), request));
    Ok(Value::Object(out))
}

/// The browser's `clientAuInfo` (collected and normalised by the fingerprint module, no IP: the proxy
/// fills it), or `None` outside a browser.
fn browser_client_au_info() -> Option<Value> {
    use crate::fingerprint as fp;
    let normalized = fp::normalize(&fp::browser::collect()?).ok()?;
    Some(fp::ClientAuInfo::from_info(&normalized.info, String::new()).to_value())
}

fn random_bytes() -> Result<[u8; 16], ApiError> {
    let no_crypto = || {
        ApiError::new(
            "error",
            "no_crypto",
            "this runtime has no crypto.getRandomValues to mint an idempotency key; pass `idempotencyKey`",
        )
    };
    let crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).map_err(|_| no_crypto())?;
    let get = Reflect::get(&crypto, &JsValue::from_str("getRandomValues")).map_err(|_| no_crypto())?;
    let get: Function = get.dyn_into().map_err(|_| no_crypto())?;
    let buf = Uint8Array::new_with_length(16);
    get.call1(&crypto, &buf).map_err(|_| no_crypto())?;
    let mut bytes = [0u8; 16];
    buf.copy_to(&mut bytes);
    Ok(bytes)
}

/// The attempt record after the proxy answered: `{attempt, regPayNum}` → the record with its
/// `regPayNum`, for storage before the payer leaves the page.
#[wasm_bindgen]
pub fn client_attempt_answered(arg: &str) -> String {
    envelope(parse_arg(arg).and_then(|a| {
        let mut attempt = a
            .get("attempt")
            .and_then(Attempt::from_value)
            .ok_or_else(|| invalid("attempt", "invalid_attempt", "is not an attempt record"))?;
        attempt.reg_pay_num = a.get("regPayNum").and_then(crate::response::reg_pay_num_text);
        Ok(attempt.to_value())
    }))
}

// ---- the transport --------------------------------------------------------------------------------

struct Call {
    op: Operation,
    url: String,
    body: String,
    headers: Vec<(String, String)>,
    key: Option<String>,
    timeout_ms: u64,
    policy: Policy,
    honoured: bool,
}

fn read_call(a: &Value) -> Result<Call, ApiError> {
    let name = a.get("operation").and_then(Value::as_str).unwrap_or("");
    let op = requests::operation_named(name).map_err(|i| ApiError::validation(vec![i], vec![]))?;
    let endpoint = a.get("endpoint").and_then(Value::as_str).map(str::trim).unwrap_or("");
    if endpoint.is_empty() {
        return Err(invalid("endpoint", "required", "is required: the URL of the merchant's proxy, e.g. \"/api/ckassa\""));
    }
    let absolute = ["https://", "http://"].iter().any(|p| endpoint.get(..p.len()).is_some_and(|s| s.eq_ignore_ascii_case(p)));
    if !absolute && !has_window() {
        return Err(invalid("endpoint", "relative_endpoint", "must be an absolute http(s) URL where there is no page to resolve it against"));
    }
    let timeout_ms = match a.get("timeoutMs") {
        None | Some(Value::Null) => retry::DEFAULT_TIMEOUT_MS,
        // Whole milliseconds: parsing a float would bring the float parser into the wasm.
        Some(Value::Number(n)) => match n.parse::<u64>() {
            Ok(ms) if ms > 0 && ms <= MAX_TIMEOUT_MS => ms,
            _ => return Err(invalid("timeoutMs", "out_of_range", format!("must be a whole number of milliseconds in 1..={MAX_TIMEOUT_MS}"))),
        },
        Some(other) => return Err(invalid("timeoutMs", "invalid_type", format!("must be a number, got {}", other.type_name()))),
    };
    let retries = match a.get("retries") {
        None | Some(Value::Null) => retry::DEFAULT_RETRIES,
        Some(Value::Number(n)) => match n.parse::<u32>() {
            Ok(r) if r <= retry::MAX_RETRIES => r,
            _ => return Err(invalid("retries", "out_of_range", format!("must be a whole number in 0..={}", retry::MAX_RETRIES))),
        },
        Some(other) => return Err(invalid("retries", "invalid_type", format!("must be a number, got {}", other.type_name()))),
    };
    let mut headers = Vec::new();
    match a.get("headers") {
        None | Some(Value::Null) => {}
        Some(Value::Object(members)) => {
            for (k, v) in members {
                let path = crate::error::member_path("headers", k);
                let name_ok = !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
                if !name_ok {
                    return Err(invalid(&path, "invalid_header", "is not an HTTP header name"));
                }
                let Some(v) = v.as_str() else {
                    return Err(invalid(&path, "invalid_type", format!("must be a string, got {}", v.type_name())));
                };
                if v.chars().any(|c| c == '\r' || c == '\n' || c == '\0') {
                    return Err(invalid(&path, "invalid_header", "must not contain CR, LF or NUL"));
                }
                headers.push((k.to_ascii_lowercase(), v.to_string()));
            }
        }
        Some(other) => return Err(invalid("headers", "invalid_type", format!("must be an object, got {}", other.type_name()))),
    }
    let key = match a.get("idempotencyKey") {
        Some(Value::String(k)) => {
            retry::check_idempotency_key(k)?;
            Some(k.clone())
        }
        _ => None,
    };
    Ok(Call {
        op,
        url: format!("{}/{}", endpoint.trim_end_matches('/'), op.name()),
        body: a.get("body").unwrap_or(&Value::Null).to_json(),
        headers,
        key,
        timeout_ms,
        policy: Policy { retries, ..Policy::default() },
        honoured: a.get("honoured").and_then(Value::as_bool).unwrap_or(false),
    })
}

/// `{endpoint, operation, body, headers?, idempotencyKey?, timeoutMs?, retries?, honoured?}` → POSTs
/// the built request to `{endpoint}/{operation}` and answers `{result?, action?, requestId,
/// idempotencyHonoured, replayed, attempts}`; an error carries `retryable`, `attempts` and
/// `idempotencyHonoured`. `fetch` is the caller's function or `undefined` (the global one); `signal`
/// an `AbortSignal` or `undefined`.
#[wasm_bindgen]
pub async fn client_send(arg: String, fetch: JsValue, signal: JsValue) -> String {
    envelope(send(&arg, fetch, signal).await)
}

async fn send(arg: &str, fetch: JsValue, signal: JsValue) -> Result<Value, ApiError> {
    let call = read_call(&parse_arg(arg)?)?;
    let fetch: Function = match fetch.dyn_into::<Function>() {
        Ok(f) => f,
        Err(_) => Reflect::get(&js_sys::global(), &JsValue::from_str("fetch"))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .ok_or_else(|| ApiError::new("network", "no_fetch", "this runtime has no fetch(); pass the `fetch` option"))?,
    };
    let caller: Option<AbortSignal> = signal.is_object().then(|| signal.unchecked_into());
    let kind = retry::kind(call.op);
    if caller.as_ref().is_some_and(AbortSignal::aborted) {
        return Err(stop_error(None, kind, call.honoured, call.timeout_ms));
    }
    let ctrl = AbortController::new().map_err(|e| ApiError::new("network", "no_abort_controller", js_message(&e)))?;
    let ours = ctrl.signal();
    let abort: Function = Reflect::get(&ctrl, &JsValue::from_str("abort")).unwrap_or(JsValue::UNDEFINED).unchecked_into();
    let on_timeout: Function = abort.bind1(&ctrl, &JsValue::from_str(TIMEOUT_REASON)).unchecked_into();
    let timer = set_timeout(&on_timeout, call.timeout_ms as f64);
    let on_abort: Function = abort.bind1(&ctrl, &JsValue::from_str("ckassa:aborted")).unchecked_into();
    if let Some(s) = &caller {
        let _ = s.add_event_listener_with_callback("abort", &on_abort);
    }
    // Resolves (never rejects: no unhandled rejection) when the time limit or the caller aborts;
    // every wait races it.
    let stopped = Promise::new(&mut |resolve, _| {
        let _ = ours.add_event_listener_with_callback("abort", &resolve);
    });
    let result = attempts(&call, kind, &fetch, &ours, &stopped).await;
    clear_timeout(&timer);
    if let Some(s) = &caller {
        let _ = s.remove_event_listener_with_callback("abort", &on_abort);
    }
    result
}

struct Answer {
    status: u16,
    text: String,
    request_id: Option<String>,
    retry_after: Option<String>,
    idempotency: Option<String>,
    replayed: bool,
}

async fn attempts(call: &Call, kind: Kind, fetch: &Function, ours: &AbortSignal, stopped: &Promise) -> Result<Value, ApiError> {
    let started = Date::now();
    let mut honoured = call.honoured;
    let mut retry = 0u32;
    loop {
        let outcome = once(call, fetch, ours, stopped).await;
        if ours.aborted() {
            return Err(stop_error(Some(ours), kind, honoured, call.timeout_ms));
        }
        let (error, failure, retry_after) = match outcome {
            Err(message) => {
                let e = ApiError::new("network", "network_error", format!("the request to the proxy failed: {message}"));
                (e, Failure::Network, None)
            }
            Ok(answer) => {
                honoured |= retry::honours_keys(answer.idempotency.as_deref());
                match retry::read_answer(answer.status, &answer.text, answer.request_id.as_deref()) {
                    Ok(reply) => return Ok(success(call.op, reply, &answer, honoured, retry + 1)),
                    Err(e) => {
                        let retryable = e.extra.iter().any(|(k, v)| k == "retryable" && *v == Value::Bool(true));
                        let after = answer.retry_after.as_deref().and_then(|v| retry::retry_after_ms(v, Date::now() as u64));
                        (e, Failure::Answer { retryable }, after)
                    }
                }
            }
        };
        let finish = |e: ApiError| {
            let e = match failure {
                Failure::Network => e.with("retryable", Value::Bool(retry::may_retry(kind, honoured, failure))),
                Failure::Answer { .. } => e,
            };
            Err(e.with("idempotencyHonoured", Value::Bool(honoured)).with("attempts", Value::uint((retry + 1).into())))
        };
        if !retry::may_retry(kind, honoured, failure) {
            return finish(error);
        }
        let remaining = (started + call.timeout_ms as f64 - Date::now()).max(0.0) as u64;
        let Some(delay) = retry::next_delay_ms(&call.policy, retry, retry_after, remaining, Math::random()) else {
            return finish(error);
        };
        sleep(delay, stopped).await;
        if ours.aborted() {
            return Err(stop_error(Some(ours), kind, honoured, call.timeout_ms));
        }
        retry += 1;
    }
}

/// The answer's value: `result` and/or `action`. An anonymous payment's or a card registration's
/// `payUrl` is the card form the payer must be sent to, so it also becomes a `payment_form` action (a
/// recurrent payment's `payUrl` is a receipt link: no action, its status is polled).
fn success(op: Operation, reply: Reply, answer: &Answer, honoured: bool, attempts: u32) -> Value {
    let (result, action) = match reply {
        Reply::Result(v) => {
            let form = matches!(op, Operation::AnonymousPayment | Operation::CardRegistration);
            let url = v.get("payUrl").and_then(Value::as_str).filter(|u| form && !u.is_empty());
            let method = match v.get("methodType").and_then(Value::as_str) {
                Some(m) if m.eq_ignore_ascii_case("post") => "POST",
                _ => "GET",
            };
            let action = url.map(|u| retry::redirect("payment_form", method, u, retry::reg_pay_num(&v)));
            (Some(v), action)
        }
        Reply::Action(a) => (None, Some(a)),
    };
    object([
        ("result", result),
        ("action", action),
        ("requestId", answer.request_id.clone().map(Value::String)),
        ("idempotencyHonoured", Some(Value::Bool(honoured))),
        ("replayed", Some(Value::Bool(answer.replayed))),
        ("attempts", Some(Value::uint(attempts.into()))),
    ])
}

fn stop_error(ours: Option<&AbortSignal>, kind: Kind, honoured: bool, timeout_ms: u64) -> ApiError {
    let reason = ours.and_then(|s| Reflect::get(s, &JsValue::from_str("reason")).ok()).and_then(|r| r.as_string());
    let error = if reason.as_deref() == Some(TIMEOUT_REASON) {
        let retryable = retry::may_retry(kind, honoured, Failure::Network);
        ApiError::new("timeout", "timeout", format!("the call to the proxy did not finish within {timeout_ms} ms"))
            .with("retryable", Value::Bool(retryable))
    } else {
        ApiError::new("aborted", "aborted", "the call was aborted by its AbortSignal").with("retryable", Value::Bool(false))
    };
    error.with("idempotencyHonoured", Value::Bool(honoured))
}

/// One POST; `Err` carries why no answer came back (the caller then checks the signal).
async fn once(call: &Call, fetch: &Function, ours: &AbortSignal, stopped: &Promise) -> Result<Answer, String> {
    let set = |o: &Object, k: &str, v: &JsValue| {
        let _ = Reflect::set(o, &JsValue::from_str(k), v);
    };
    let headers = Object::new();
    for (k, v) in &call.headers {
        set(&headers, k, &JsValue::from_str(v));
    }
    set(&headers, "content-type", &JsValue::from_str("application/json"));
    set(&headers, "accept", &JsValue::from_str("application/json"));
    if let Some(key) = &call.key {
        set(&headers, "idempotency-key", &JsValue::from_str(key));
    }
    let init = Object::new();
    set(&init, "method", &JsValue::from_str("POST"));
    set(&init, "headers", &headers);
    set(&init, "body", &JsValue::from_str(&call.body));
    set(&init, "signal", ours);
    let pending = fetch.call2(&JsValue::UNDEFINED, &JsValue::from_str(&call.url), &init).map_err(|e| js_message(&e))?;
    let response = race(Promise::resolve(&pending), stopped).await.map_err(|e| js_message(&e))?;
    if ours.aborted() {
        return Err("aborted".into());
    }
    let status = Reflect::get(&response, &JsValue::from_str("status")).ok().and_then(|s| s.as_f64()).unwrap_or(0.0);
    let header = |name: &str| -> Option<String> {
        let headers = Reflect::get(&response, &JsValue::from_str("headers")).ok()?;
        let get: Function = Reflect::get(&headers, &JsValue::from_str("get")).ok()?.dyn_into().ok()?;
        get.call1(&headers, &JsValue::from_str(name)).ok()?.as_string()
    };
    let text: Function = Reflect::get(&response, &JsValue::from_str("text"))
        .ok()
        .and_then(|t| t.dyn_into().ok())
        .ok_or("the fetch answer has no text()")?;
    let pending = text.call0(&response).map_err(|e| js_message(&e))?;
    let body = race(Promise::resolve(&pending), stopped).await.map_err(|e| js_message(&e))?;
    Ok(Answer {
        status: if (0.0..=999.0).contains(&status) { status as u16 } else { 0 },
        text: body.as_string().unwrap_or_default(),
        request_id: header("x-request-id"),
        retry_after: header("retry-after"),
        idempotency: header("idempotency"),
        replayed: header("idempotent-replayed").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")),
    })
}

async fn race(p: Promise, stopped: &Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(Promise::race(&Array::of2(&p, stopped))).await
}

async fn sleep(ms: u64, stopped: &Promise) {
    let mut id = JsValue::UNDEFINED;
    let timer = Promise::new(&mut |resolve, _| {
        id = set_timeout(&resolve, ms as f64);
    });
    let _ = race(timer, stopped).await;
    clear_timeout(&id);
}

/// A JS exception's message (with its `cause`'s code or message: Node's fetch reports
/// `ECONNREFUSED` there), for an error message.
fn js_message(e: &JsValue) -> String {
    let text = |v: &JsValue, k: &str| Reflect::get(v, &JsValue::from_str(k)).ok().and_then(|m| m.as_string());
    let mut message = text(e, "message").or_else(|| e.as_string()).unwrap_or_else(|| "unknown error".into());
    if let Some(cause) = Reflect::get(e, &JsValue::from_str("cause")).ok().filter(JsValue::is_object) {
        if let Some(detail) = text(&cause, "code").or_else(|| text(&cause, "message")) {
            message = format!("{message} ({detail})");
        }
    }
    shorten(&message)
}

// ---- the outcome -----------------------------------------------------------------------------------

/// A `paymentStatus` result → `{type: 'final'|'pending', state, isSuccess, regPayNum, status}`:
/// final when the state is terminal by the core's table.
#[wasm_bindgen]
pub fn client_outcome(arg: &str) -> String {
    envelope(parse_arg(arg).map(|status| outcome(&status)))
}

fn outcome(status: &Value) -> Value {
    let state = status.get("state").and_then(Value::as_str).unwrap_or("");
    let verdict = crate::response::state_value(state);
    let terminal = verdict.get("isTerminal").and_then(Value::as_bool).unwrap_or(false);
    object([
        ("type", Some(Value::str(if terminal { "final" } else { "pending" }))),
        ("state", Some(Value::str(state))),
        ("isSuccess", Some(verdict.get("isSuccess").cloned().unwrap_or(Value::Bool(false)))),
        ("regPayNum", Some(retry::reg_pay_num(status).unwrap_or(Value::Null))),
        ("status", Some(status.clone())),
    ])
}

/// The wait before the next status poll, `elapsed_ms` after polling began (with jitter).
#[wasm_bindgen]
pub fn client_poll_delay(elapsed_ms: f64) -> f64 {
    retry::poll_delay_ms(elapsed_ms.max(0.0) as u64, Math::random()) as f64
}
