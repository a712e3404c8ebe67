//! Exports of the payment core: amounts, requests, responses, notifications.
//!
//! Each export reads one JSON argument and answers with the envelope; the rules live in the core
//! modules ([`crate::requests`], [`crate::response`], [`crate::notification`], ...), not here.

use wasm_bindgen::prelude::*;

use crate::error::{envelope, ApiError, Issue, Report};
use crate::json::{self, object, Value};
use crate::requests::{self, BestBeforeFrom, Operation, Options};
use crate::{currency, money, notification, order_note, response};

/// The largest JSON argument an export reads (1 MiB): a protective bound for huge input.
pub const MAX_ARG_BYTES: usize = 1 << 20;

fn invalid(path: &str, code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::validation(vec![Issue::new(path, code, message)], vec![])
}

fn invalid_all(issues: Vec<Issue>) -> ApiError {
    ApiError::validation(issues, vec![])
}

/// The argument, refused above [`MAX_ARG_BYTES`] before it is parsed.
fn arg_value(text: &str) -> Result<Value, Issue> {
    if text.len() > MAX_ARG_BYTES {
        return Err(Issue::new(
            "",
            "too_large",
            format!("the input is {} bytes of JSON; at most {MAX_ARG_BYTES} are read", text.len()),
        ));
    }
    json::parse(text).map_err(|e| Issue::new("", "invalid_json", format!("the input is not JSON the SDK accepts: {e}")))
}

fn arg(text: &str) -> Result<Value, ApiError> {
    arg_value(text).map_err(|issue| invalid_all(vec![issue]))
}

/// The current time in epoch seconds from the JS clock.
fn now_seconds() -> u64 {
    // Date.now() is a non-negative whole number of milliseconds; `as` saturates on anything odd.
    (js_sys::Date::now() / 1000.0) as u64
}

fn string_arg(v: &Value, what: &str) -> Result<String, ApiError> {
    match v {
        Value::String(s) => Ok(s.clone()),
        other => Err(invalid("", "invalid_type", format!("{what} must be a string, got {}", other.type_name()))),
    }
}

fn operation_arg(v: Option<&Value>) -> Result<Operation, ApiError> {
    let name = match v {
        Some(Value::String(s)) => s.as_str(),
        Some(other) => {
            return Err(invalid("", "unknown_operation", format!("the operation must be a name such as \"anonymousPayment\", got {}", other.type_name())))
        }
        None => return Err(invalid("", "unknown_operation", "the operation is missing")),
    };
    requests::operation_named(name).map_err(|issue| invalid_all(vec![issue]))
}

/// `{operation, input, options}` → the verdict, with `options.now` defaulting to the JS clock.
fn validated(text: &str) -> requests::Validated {
    let v = match arg_value(text) {
        Ok(v) => v,
        Err(issue) => return requests::Validated::refused(issue),
    };
    let mut report = Report::new();
    let mut options = Options::from_value(v.get("options"), &mut report);
    if !report.is_ok() {
        return requests::Validated { request: None, issues: report.issues, warnings: report.warnings };
    }
    options.now = options.now.or_else(|| Some(now_seconds()));
    let name = match v.get("operation") {
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    };
    let mut out = requests::validate_named(&name, v.get("input").unwrap_or(&Value::Null), &options);
    out.warnings.extend(report.warnings);
    out
}

/// `buildRequest(operation, input, options)`: `{request, warnings}` or the validation error.
#[wasm_bindgen]
pub fn build_request(arg: &str) -> String {
    envelope(validated(arg).into_result())
}

/// `validateRequest(operation, input, options)`: `{ok, request, issues, warnings}`, never an error.
#[wasm_bindgen]
pub fn validate_request(arg: &str) -> String {
    envelope(Ok(validated(arg).to_value()))
}

/// `operationPath(operation)`: the gateway path (`do/payment/anonymous`).
#[wasm_bindgen]
pub fn operation_path(arg_text: &str) -> String {
    envelope(arg(arg_text).and_then(|v| operation_arg(Some(&v))).map(|op| Value::str(op.path())))
}

/// `operations()`: every operation with its path and its required and optional fields.
#[wasm_bindgen]
pub fn operations() -> String {
    envelope(Ok(Value::Array(Operation::ALL.iter().map(|op| op.to_value()).collect())))
}

/// `currencies()`: the docs' currency table.
#[wasm_bindgen]
pub fn currencies() -> String {
    envelope(Ok(currency::table_value()))
}

/// `parseOrderNote(note)`: `{text, rendered, tags, unknownTags, issues}`.
#[wasm_bindgen]
pub fn parse_order_note(arg_text: &str) -> String {
    envelope(
        arg(arg_text)
            .and_then(|v| string_arg(&v, "the note"))
            .map(|note| order_note::parse(&note).to_value("orderNote")),
    )
}

/// `renderOrderNote(note)`: the note with symbols, or the validation error of an invalid note.
#[wasm_bindgen]
pub fn render_order_note(arg_text: &str) -> String {
    envelope(arg(arg_text).and_then(|v| string_arg(&v, "the note")).and_then(|note| {
        let parsed = order_note::parse(&note);
        let mut report = Report::new();
        parsed.check("orderNote", &mut report);
        if report.is_ok() {
            Ok(Value::String(parsed.rendered))
        } else {
            Err(invalid_all(report.issues))
        }
    }))
}

/// `paymentState(state)`: `{state, isTerminal, isSuccess}`; an unknown state is `unknown_state`.
#[wasm_bindgen]
pub fn payment_state(arg_text: &str) -> String {
    envelope(arg(arg_text).and_then(|v| string_arg(&v, "the state")).and_then(|s| {
        let state = response::payment_state(&s).map_err(|i| invalid_all(vec![i]))?;
        Ok(object([
            ("state", Some(Value::str(state.name()))),
            ("isTerminal", Some(Value::Bool(state.is_terminal()))),
            ("isSuccess", Some(Value::Bool(state.is_success()))),
        ]))
    }))
}

fn body_arg(v: &Value) -> Result<Value, String> {
    response::body_from(v.get("body").unwrap_or(&Value::Null))
}

fn with_warnings(parsed: Result<(Value, Vec<Issue>), Vec<Issue>>) -> Result<Value, ApiError> {
    parsed.map(notification::to_value).map_err(invalid_all)
}

/// `parsePaymentStatus(body)`: the normalised status with `warnings`.
#[wasm_bindgen]
pub fn parse_payment_status(arg_text: &str) -> String {
    envelope(arg(arg_text).and_then(|v| match body_arg(&v) {
        Ok(body) => with_warnings(response::parse_payment_status(&body)),
        Err(_) => Err(invalid("", "invalid_json", "the body is not JSON")),
    }))
}

fn status_arg(v: Option<&Value>, required: bool) -> Result<Option<u16>, ApiError> {
    match v {
        None | Some(Value::Null) if !required => Ok(None),
        Some(s) => money::parse_whole_number(s)
            .ok()
            .and_then(|n| u16::try_from(n).ok())
            .filter(|n| (100..=599).contains(n))
            .map(Some)
            .ok_or_else(|| invalid("status", "invalid_status", "must be an HTTP status code, 100 to 599")),
        None => Err(invalid("status", "required", "the HTTP status is required")),
    }
}

/// `parseGatewayError(body, status?)`: `{category, gatewayCode, rawCode, name, message, userMessage,
/// retryable, httpStatus, action}`.
#[wasm_bindgen]
pub fn parse_gateway_error(arg_text: &str) -> String {
    envelope(arg(arg_text).and_then(|v| {
        let status = status_arg(v.get("status"), false)?;
        Ok(response::GatewayError::from_body(&body_arg(&v), status).to_value())
    }))
}

/// `parseGatewayResponse(operation, status, body)`: `{ok:true, result, warnings}` |
/// `{ok:false, action}` | `{ok:false, error}`.
#[wasm_bindgen]
pub fn parse_gateway_response(arg_text: &str) -> String {
    envelope(arg(arg_text).and_then(|v| {
        let op = operation_arg(v.get("operation"))?;
        let status = status_arg(v.get("status"), true)?.unwrap_or(200);
        Ok(response::parse_response(op, status, &body_arg(&v)).to_value())
    }))
}

/// `parseNotification(body)`: `{kind, ...fields, warnings}` or the validation error.
#[wasm_bindgen]
pub fn parse_notification(arg_text: &str) -> String {
    envelope(arg(arg_text).and_then(|v| match body_arg(&v) {
        Ok(body) => with_warnings(notification::parse_notification(&body)),
        Err(_) => Err(invalid("", "invalid_json", "the notification body is not JSON")),
    }))
}

/// `orderBestBefore(dateOrSeconds)`: `{dateMs}` (a Date's epoch milliseconds) or `{seconds}` (a
/// duration), with an optional `now` in seconds → absolute UTC epoch seconds.
#[wasm_bindgen]
pub fn order_best_before(arg_text: &str) -> String {
    envelope(arg(arg_text).and_then(|v| {
        let whole = |key: &str, what: &str| -> Result<Option<u64>, ApiError> {
            match v.get(key).filter(|x| !x.is_null()) {
                None => Ok(None),
                Some(x) => money::parse_whole_number(x).map(Some).map_err(|e| {
                    use money::AmountError::{Negative, NotFinite};
                    let issue = match (key, e) {
                        ("dateMs", NotFinite) => Issue::new("", "invalid_date", "the Date is invalid (its time is NaN)"),
                        ("dateMs", Negative) => Issue::new("", "in_the_past", "the date must be in the future"),
                        _ => Issue::new("", e.code(), format!("{what} {}", e.message())),
                    };
                    invalid_all(vec![issue])
                }),
            }
        };
        let now = whole("now", "now")?.unwrap_or_else(now_seconds);
        let from = match (whole("dateMs", "the date")?, whole("seconds", "the duration")?) {
            (Some(ms), _) => BestBeforeFrom::DateMillis(ms),
            (None, Some(s)) => BestBeforeFrom::Seconds(s),
            (None, None) => {
                return Err(invalid("", "invalid_type", "pass a Date, or a duration in seconds"));
            }
        };
        requests::order_best_before(from, now).map(Value::uint).map_err(|i| invalid_all(vec![i]))
    }))
}

/// `rublesToKopecks(text)`: the argument is a JSON string (the roubles text).
#[wasm_bindgen]
pub fn rubles_to_kopecks(arg_text: &str) -> String {
    envelope(arg(arg_text).and_then(|v| match v {
        Value::String(text) => money::rubles_to_kopecks(&text)
            .map(|k| Value::uint(k.get()))
            .map_err(|e| ApiError::validation(vec![e.at("")], vec![])),
        other => Err(invalid(
            "",
            "invalid_type",
            format!("must be a string of roubles such as \"123.45\", got {}", other.type_name()),
        )),
    }))
}

/// `parseKopecks(value)`: a number, numeric string or BigInt (as its digits) to whole kopecks.
#[wasm_bindgen]
pub fn parse_kopecks(arg_text: &str) -> String {
    envelope(arg(arg_text).and_then(|v| {
        money::parse_kopecks(&v).map(|k| Value::uint(k.get())).map_err(|e| ApiError::validation(vec![e.at("")], vec![]))
    }))
}
