//! The payment core as the JS layer calls it: one JSON argument in, the JSON envelope out.
//!
//! The wasm exports of `src/wasm/core.rs` are one line each over these functions, so the boundary
//! itself (argument shapes, default options, error envelopes) is plain Rust, tested natively against
//! the same table of cases the JS tests run through the built package (`src/requests/cases.json`).
//! The clock is a parameter: the wasm build passes the JS clock, tests pass a fixed time.

use crate::error::{envelope, write_issues, ApiError, Issue, Report, OK_ENVELOPE};
use crate::json::{self, push_u64, write_string, Doc, Kind, Node};
#[cfg(test)]
use crate::json::{object, Value};
use crate::requests::fields::{cat, num};
use crate::requests::{self, BestBeforeFrom, Operation, Options, Verdict};
use crate::response::{self, Written};
use crate::{money, notification, order_note};

/// The largest JSON argument read (1 MiB): a protective bound for huge input.
pub const MAX_ARG_BYTES: usize = 1 << 20;

/// The current time in epoch seconds.
pub type Clock<'a> = &'a dyn Fn() -> u64;

/// The problems of a call's argument (the validation error's issues).
type Problems = Vec<Issue>;

/// The problems of one issue.
#[inline(never)]
fn one(issue: Issue) -> Problems {
    vec![issue]
}

fn invalid(path: &str, code: &'static str, message: &str) -> Problems {
    one(Issue::new(path, code, message))
}

/// The argument, refused above [`MAX_ARG_BYTES`] before it is parsed.
fn arg_node(text: &str) -> Result<Doc<'_>, Issue> {
    if text.len() > MAX_ARG_BYTES {
        return Err(Issue::new(
            "",
            "too_large",
            cat(&["the input is ", &num(text.len() as u64), " bytes of JSON; at most 1048576 are read"]),
        ));
    }
    json::parse_doc(text).map_err(|e| Issue::new("", "invalid_json", cat(&["the input is not JSON the SDK accepts: ", &e.describe()])))
}

fn arg(text: &str) -> Result<Doc<'_>, Problems> {
    arg_node(text).map_err(one)
}

fn string_arg<'d>(v: Node<'d>, what: &str) -> Result<&'d str, Problems> {
    match v.kind() {
        Kind::String(s) => Ok(s),
        _ => Err(invalid("", "invalid_type", &cat(&[what, " must be a string, got ", v.type_name()]))),
    }
}

fn operation_arg(v: Option<Node<'_>>) -> Result<Operation, Problems> {
    let Some(v) = v else { return Err(invalid("", "unknown_operation", "the operation is missing")) };
    match v.kind() {
        Kind::String(s) => requests::operation_named(s).map_err(one),
        _ => Err(invalid(
            "",
            "unknown_operation",
            &cat(&["the operation must be a name such as \"anonymousPayment\", got ", v.type_name()]),
        )),
    }
}

/// The envelope of a call's answer: `Ok` is the whole envelope already, an error is written now.
fn done(answer: Result<String, Problems>) -> String {
    answer.unwrap_or_else(|issues| envelope(Err(ApiError::validation(issues, Vec::new()))))
}

/// The start of an answer's envelope.
fn ok() -> String {
    String::from(OK_ENVELOPE)
}

/// The envelope of a string.
fn ok_str(s: &str) -> String {
    let mut out = ok();
    write_string(s, &mut out);
    out.push('}');
    out
}

/// The envelope of a whole number.
fn ok_num(n: u64) -> String {
    let mut out = ok();
    push_u64(&mut out, n);
    out.push('}');
    out
}

/// `{operation, input, options}` → the verdict; `options.now` defaults to the clock.
fn verdict(text: &str, clock: Clock<'_>) -> Verdict {
    let doc = match arg_node(text) {
        Ok(doc) => doc,
        Err(issue) => return Verdict::refused(issue),
    };
    let v = doc.root();
    let mut report = Report::new();
    let mut options = Options::from_node(v.get("options"), &mut report);
    if !report.is_ok() {
        return Verdict { request: None, report };
    }
    if options.now.is_none() {
        options.now = Some(clock());
    }
    let name = response::str_member(v, "operation").unwrap_or_default();
    let mut out = match requests::operation_named(name) {
        Ok(op) => requests::check(op, v.get("input").unwrap_or(Doc::NULL.root()), &options),
        Err(issue) => Verdict::refused(issue),
    };
    out.report.warnings.append(&mut report.warnings);
    out
}

/// `buildRequest`: `{operation, input, options}` → `{request, warnings}` or the validation error.
pub fn build_request(text: &str, clock: Clock<'_>) -> String {
    let v = verdict(text, clock);
    let Some(request) = &v.request else {
        return envelope(Err(ApiError::validation(v.report.issues, v.report.warnings)));
    };
    let mut out = String::with_capacity(request.len() + 64);
    out.push_str(OK_ENVELOPE);
    out.push_str("{\"request\":");
    out.push_str(request);
    v.write_lists(&mut out, false);
    out.push('}');
    out
}

/// `validateRequest`: `{operation, input, options}` → `{ok, request, issues, warnings}`, never an error.
pub fn validate_request(text: &str, clock: Clock<'_>) -> String {
    let v = verdict(text, clock);
    let mut out = String::with_capacity(v.request.as_ref().map_or(256, |r| r.len() + 96));
    out.push_str(OK_ENVELOPE);
    v.write(&mut out);
    out.push('}');
    out
}

/// The calls of the `core` export, by number: every call of the payment core but `buildRequest` and
/// `validateRequest` (the hot ones, exports of their own). One export instead of one per call keeps a
/// wasm-bindgen shim and a JS glue function per call out of the download; `js/api/core.js` numbers
/// its calls the same way.
pub const CALLS: [&str; 14] = [
    "version",
    "operationPath",
    "operations",
    "currencies",
    "parseOrderNote",
    "renderOrderNote",
    "paymentState",
    "parsePaymentStatus",
    "parseGatewayError",
    "parseGatewayResponse",
    "parseNotification",
    "orderBestBefore",
    "rublesToKopecks",
    "parseKopecks",
];

/// The call numbered `call` in [`CALLS`] with the JSON argument `text`; an unknown number is a
/// validation error `unknown_call`.
pub fn call(call: u32, text: &str, clock: Clock<'_>) -> String {
    match call {
        0 => ok_str(crate::VERSION),
        2 => operations(),
        3 => currencies(),
        1..=13 => arg_call(call, text, clock),
        _ => done(Err(invalid("", "unknown_call", "is not a call of the core"))),
    }
}

/// The calls of [`CALLS`] that read their JSON argument, by number.
fn arg_call(call: u32, text: &str, clock: Clock<'_>) -> String {
    let doc = match arg(text) {
        Ok(doc) => doc,
        Err(e) => return done(Err(e)),
    };
    done(arg_value(call, doc.root(), clock))
}

/// The answer of the call `call` of [`arg_call`] to its parsed argument `v`.
fn arg_value(call: u32, v: Node<'_>, clock: Clock<'_>) -> Result<String, Problems> {
    match call {
        1 => operation_arg(Some(v)).map(|op| ok_str(op.path())),
        4 | 5 => {
            let note = order_note::parse(string_arg(v, "the note")?);
            if call == 4 {
                // `{text, rendered, tags, unknownTags, issues}`.
                let mut out = ok();
                note.write("orderNote", &mut out);
                out.push('}');
                return Ok(out);
            }
            // The note with symbols, or the validation error of an invalid note.
            let mut report = Report::new();
            note.check("orderNote", &mut report);
            if report.is_ok() {
                Ok(ok_str(&note.rendered))
            } else {
                Err(report.issues)
            }
        }
        6 => {
            // `{state, isTerminal, isSuccess}`; unknown is `unknown_state`.
            let state = response::payment_state(string_arg(v, "the state")?).map_err(one)?;
            let mut out = ok();
            out.push('{');
            response::put_state(&mut out, Some(state.name()), Some(state));
            out.push_str("}}");
            Ok(out)
        }
        7..=10 => body_call(v, call),
        _ => number_call(v, call, clock).map(ok_num),
    }
}

/// `operationPath`: a JSON string (the operation) → its gateway path.
pub fn operation_path(text: &str) -> String {
    arg_call(1, text, &no_clock)
}

/// The clock of the calls that do not read it.
fn no_clock() -> u64 {
    0
}

/// `operations`: every operation with its path and fields.
pub fn operations() -> String {
    OPERATIONS.to_string()
}

/// The answer of [`operations`]: constant, so written out here rather than built at run time (text
/// compresses better than the code that writes it); a test checks it against the operations' tables.
const OPERATIONS: &str = r#"{"ok":true,"value":[{"operation":"anonymousPayment","path":"do/payment/anonymous","required":["serviceCode","amount","comission","properties"],"optional":["cardToken","payType","clientType","userPhone","userEmail","fiscalType","holdTtl","orderBestBefore","needRegCard","successUrl","failUrl","cbUrl","orderNote","orderItems"]},{"operation":"userRegistration","path":"user/registration","required":["login"],"optional":["email","name","surName","middleName"]},{"operation":"userStatus","path":"user/status","required":["login"],"optional":[]},{"operation":"cardRegistration","path":"card/registration","required":["userToken"],"optional":["clientType"]},{"operation":"cardList","path":"get/cards","required":["userToken"],"optional":[]},{"operation":"cardDeactivation","path":"card/deactivation","required":["userToken","cardToken"],"optional":[]},{"operation":"recurrentPayment","path":"do/payment","required":["serviceCode","userToken","amount","comission","properties"],"optional":["cardToken","enableSMSConfirm","payType","clientType","userPhone","userEmail","fiscalType","holdTtl","orderBestBefore","needRegCard","successUrl","failUrl","cbUrl","clientAuInfo","orderNote","orderItems"]},{"operation":"paymentStatus","path":"check/payment/state","required":["regPayNum"],"optional":[]},{"operation":"refund","path":"provision-services/refund","required":["regPayNum","note","refundAmount","remainingAmount"],"optional":[]}]}"#;

/// `currencies`: the docs' currency table, written from it.
pub fn currencies() -> String {
    let mut out = ok();
    out.push('[');
    for c in &crate::currency::CURRENCIES {
        response::sep(&mut out);
        out.push('{');
        response::put(&mut out, "currency", response::J::Str(c.code));
        response::put(&mut out, "numericCode", response::J::Str(c.numeric));
        response::put(&mut out, "symbol", response::J::Str(c.symbol));
        response::put(&mut out, "name", response::J::Str(c.name));
        out.push('}');
    }
    out.push_str("]}");
    out
}

/// `parseOrderNote`: a JSON string → `{text, rendered, tags, unknownTags, issues}`.
pub fn parse_order_note(text: &str) -> String {
    arg_call(4, text, &no_clock)
}

/// `renderOrderNote`: a JSON string → the note with symbols, or the validation error of an invalid note.
pub fn render_order_note(text: &str) -> String {
    arg_call(5, text, &no_clock)
}

/// `paymentState`: a JSON string → `{state, isTerminal, isSuccess}`; unknown is `unknown_state`.
pub fn payment_state(text: &str) -> String {
    arg_call(6, text, &no_clock)
}

/// The `body` member of the argument `v` when it is a string: its text parsed as JSON (`Err` with
/// the text when it is not JSON); otherwise a document of `null`.
fn body_text<'a>(v: Node<'a>) -> Result<Doc<'a>, &'a str> {
    match response::str_member(v, "body") {
        Some(text) => json::parse_doc(text).map_err(|_| text),
        None => Ok(Doc::NULL),
    }
}

/// The body of the argument `v` (with `parsed`, what [`body_text`] read): a JSON value, or the raw
/// text of the answer as `Err`.
fn body_node<'a>(v: Node<'a>, parsed: &'a Result<Doc<'a>, &'a str>) -> Result<Node<'a>, &'a str> {
    match parsed {
        Ok(doc) => Ok(match v.get("body") {
            Some(b) if b.as_str().is_none() => b,
            _ => doc.root(),
        }),
        Err(text) => Err(text),
    }
}

/// Ends an answer with the `warnings` member and closes the value and the envelope.
fn close_with_warnings(mut out: String, warnings: &[Issue]) -> String {
    out.push_str(",\"warnings\":");
    write_issues(warnings, &mut out);
    out.push_str("}}");
    out
}

/// The calls that read a gateway's `body` (`v` is their argument), by their numbers in [`CALLS`]:
/// 7 `parsePaymentStatus`, 8 `parseGatewayError`, 9 `parseGatewayResponse`, 10 `parseNotification`.
fn body_call(v: Node<'_>, call: u32) -> Result<String, Problems> {
    let parsed = body_text(v);
    let body = body_node(v, &parsed);
    let mut out = ok();
    match call {
        8 => {
            // `{body, status?}` → the normalised error.
            let status = status_arg(v.get("status"), false)?;
            response::GatewayError::read(body, status).write(&mut out);
            out.push('}');
            Ok(out)
        }
        9 => {
            // `{operation, status, body}` → `{ok:true, result, warnings}` | `{ok:false, action}` |
            // `{ok:false, error}`.
            let op = operation_arg(v.get("operation"))?;
            let status = status_arg(v.get("status"), true)?.unwrap_or(200);
            out.push_str("{\"ok\":true,\"result\":");
            Ok(match response::answer(op, status, body, out) {
                Ok((out, warnings)) => close_with_warnings(out, &warnings),
                Err(e) => {
                    let mut out = ok();
                    response::write_failure(&e, &mut out);
                    out.push_str("}}");
                    out
                }
            })
        }
        _ => {
            // `{body}` → the status or notification with `warnings`, or the validation error.
            let (read, not_json): (fn(Node<'_>, String) -> Written, _) = match call {
                7 => (response::payment_status, "the body is not JSON"),
                _ => (notification::read, "the notification body is not JSON"),
            };
            let body = body.map_err(|_| invalid("", "invalid_json", not_json))?;
            let (mut out, warnings) = read(body, out)?;
            out.pop();
            Ok(close_with_warnings(out, &warnings))
        }
    }
}

/// `parsePaymentStatus`: `{body}` → the normalised status with `warnings`.
pub fn parse_payment_status(text: &str) -> String {
    arg_call(7, text, &no_clock)
}

fn status_arg(v: Option<Node<'_>>, required: bool) -> Result<Option<u16>, Problems> {
    match v.filter(|s| !s.is_null()) {
        None if !required => Ok(None),
        None => Err(invalid("status", "required", "the HTTP status is required")),
        Some(s) => {
            // 100 to 599 (one wrapping compare: no RangeInclusive::contains instance).
            if let Ok(n) = money::whole_number(s) {
                if n.wrapping_sub(100) < 500 {
                    return Ok(Some(n as u16));
                }
            }
            Err(invalid("status", "invalid_status", "must be an HTTP status code, 100 to 599"))
        }
    }
}

/// `parseGatewayError`: `{body, status?}` → the normalised error.
pub fn parse_gateway_error(text: &str) -> String {
    arg_call(8, text, &no_clock)
}

/// `parseGatewayResponse`: `{operation, status, body}` → `{ok:true, result, warnings}` |
/// `{ok:false, action}` | `{ok:false, error}`.
pub fn parse_gateway_response(text: &str) -> String {
    arg_call(9, text, &no_clock)
}

/// `parseNotification`: `{body}` → `{kind, ...fields, warnings}` or the validation error.
pub fn parse_notification(text: &str) -> String {
    arg_call(10, text, &no_clock)
}

/// A whole number member `key` of the `orderBestBefore` argument, if present; `date` for `dateMs`
/// (a Date's time: NaN and negative have issues of their own).
fn whole(v: Node<'_>, key: &str, what: &str, date: bool) -> Result<Option<u64>, Problems> {
    let Some(x) = v.present(key) else { return Ok(None) };
    money::whole_number(x).map(Some).map_err(|e| {
        use money::AmountError::{Negative, NotFinite};
        let issue = match (date, e) {
            (true, NotFinite) => Issue::new("", "invalid_date", "the Date is invalid (its time is NaN)"),
            (true, Negative) => Issue::new("", "in_the_past", "the date must be in the future"),
            _ => Issue::new("", e.code(), cat(&[what, " ", e.message()])),
        };
        one(issue)
    })
}

/// The calls that answer a whole number, by number: 11 `orderBestBefore`, 12 `rublesToKopecks`,
/// 13 `parseKopecks`.
fn number_call(v: Node<'_>, call: u32, clock: Clock<'_>) -> Result<u64, Problems> {
    match call {
        11 => {
            let now = whole(v, "now", "now", false)?.unwrap_or_else(clock);
            let from = match (whole(v, "dateMs", "the date", true)?, whole(v, "seconds", "the duration", false)?) {
                (Some(ms), _) => BestBeforeFrom::DateMillis(ms),
                (None, Some(s)) => BestBeforeFrom::Seconds(s),
                (None, None) => return Err(invalid("", "invalid_type", "pass a Date, or a duration in seconds")),
            };
            requests::order_best_before(from, now).map_err(one)
        }
        12 => match v.kind() {
            Kind::String(s) => money::rubles_to_kopecks(s).map(money::Kopecks::get).map_err(|e| one(e.at(""))),
            _ => Err(invalid("", "invalid_type", &cat(&["must be a string of roubles such as \"123.45\", got ", v.type_name()]))),
        },
        _ => money::whole_number(v).map_err(|e| one(e.at(""))),
    }
}

/// `orderBestBefore`: `{dateMs}` (a Date's epoch milliseconds) or `{seconds}` (a duration), with an
/// optional `now` in seconds (else the clock) → absolute UTC epoch seconds.
pub fn order_best_before(text: &str, clock: Clock<'_>) -> String {
    arg_call(11, text, clock)
}

/// `rublesToKopecks`: a JSON string of roubles → kopecks.
pub fn rubles_to_kopecks(text: &str) -> String {
    arg_call(12, text, &no_clock)
}

/// `parseKopecks`: a number, numeric string or BigInt's digits → whole kopecks.
pub fn parse_kopecks(text: &str) -> String {
    arg_call(13, text, &no_clock)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_700_000_000;

    fn clock() -> u64 {
        NOW
    }

    /// The JS function `name` called with `args`, as `js/api/core.js` turns them into the export's
    /// argument.
    fn call_js(name: &str, args: &[Value]) -> String {
        let at = |i: usize| args.get(i).cloned().unwrap_or(Value::Null);
        let text = |i: usize| at(i).to_json();
        match name {
            "buildRequest" | "validateRequest" => {
                let options = match at(2) {
                    Value::Object(_) => {
                        let o = at(2);
                        object([("strict", o.get("strict").cloned()), ("now", o.get("now").cloned())])
                    }
                    other => other,
                };
                let a = object([("operation", Some(at(0))), ("input", Some(at(1))), ("options", Some(options))]).to_json();
                if name == "buildRequest" { build_request(&a, &clock) } else { validate_request(&a, &clock) }
            }
            "operationPath" => operation_path(&text(0)),
            "parseKopecks" => parse_kopecks(&text(0)),
            "rublesToKopecks" => rubles_to_kopecks(&text(0)),
            "parseOrderNote" => parse_order_note(&text(0)),
            "renderOrderNote" => render_order_note(&text(0)),
            "paymentState" => payment_state(&text(0)),
            "parsePaymentStatus" => parse_payment_status(&object([("body", Some(at(0)))]).to_json()),
            "parseGatewayError" => parse_gateway_error(&object([("body", Some(at(0))), ("status", Some(at(1)))]).to_json()),
            "parseGatewayResponse" => parse_gateway_response(
                &object([("operation", Some(at(0))), ("status", Some(at(1))), ("body", Some(at(2)))]).to_json(),
            ),
            "parseNotification" => parse_notification(&object([("body", Some(at(0)))]).to_json()),
            "orderBestBefore" => {
                // A case gives {dateMs} / {seconds} itself: JSON has no Date.
                let mut a = match at(0) {
                    Value::Object(m) => m,
                    other => vec![("seconds".to_string(), other)],
                };
                if let Some(now) = at(1).get("now") {
                    a.push(("now".to_string(), now.clone()));
                }
                order_best_before(&Value::Object(a).to_json(), &clock)
            }
            other => panic!("no such function in the table: {other}"),
        }
    }

    fn pairs(list: Option<&Value>) -> Vec<(String, String)> {
        list.and_then(Value::as_array)
            .unwrap_or_default()
            .iter()
            .map(|i| {
                let s = |k: &str| i.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
                (s("path"), s("code"))
            })
            .collect()
    }

    fn expected_pairs(list: Option<&Value>) -> Vec<(String, String)> {
        list.and_then(Value::as_array)
            .unwrap_or_default()
            .iter()
            .map(|p| {
                let s = |i: usize| p.as_array().and_then(|a| a.get(i)).and_then(Value::as_str).unwrap_or_default().to_string();
                (s(0), s(1))
            })
            .collect()
    }

    /// Whether `want`'s members all appear in `got` with equal values (recursively for objects).
    fn contains(got: &Value, want: &Value) -> bool {
        match (got, want) {
            (Value::Object(_), Value::Object(w)) => w.iter().all(|(k, wv)| got.get(k).is_some_and(|gv| contains(gv, wv))),
            _ => got == want,
        }
    }

    /// The shared table: every case gives the same verdict here and through the built package
    /// (`tests/js/core.test.mjs`).
    #[test]
    fn the_shared_table_of_cases() {
        let cases = json::parse(include_str!("cases.json")).expect("cases.json is JSON");
        let cases = cases.as_array().expect("an array of cases");
        assert!(cases.len() > 50);
        for case in cases {
            let name = case.get("name").and_then(Value::as_str).unwrap_or("?");
            let f = case.get("call").and_then(Value::as_str).expect("call");
            let args = case.get("args").and_then(Value::as_array).unwrap_or_default();
            let want = case.get("expect").expect("expect");
            let got = json::parse(&call_js(f, args)).expect("an envelope");
            // `error`: the call throws CKassaValidationError with these issues (or this code).
            // `issues`/`warnings` (validateRequest): the verdict. `value`: members the result has.
            if let Some(code) = want.get("error").and_then(Value::as_str) {
                assert_eq!(got.get("ok"), Some(&Value::Bool(false)), "{name}: {}", got.to_json());
                let error = got.get("error").expect("error");
                assert_eq!(error.get("code").and_then(Value::as_str), Some(code), "{name}: {}", got.to_json());
            }
            if want.get("issues").is_some() || want.get("warnings").is_some() {
                let verdict = match f {
                    "validateRequest" => got.get("value").cloned().expect("value"),
                    _ => got.get("error").cloned().unwrap_or_else(|| got.get("value").cloned().unwrap_or(Value::Null)),
                };
                assert_eq!(pairs(verdict.get("issues")), expected_pairs(want.get("issues")), "{name}: {}", got.to_json());
                assert_eq!(pairs(verdict.get("warnings")), expected_pairs(want.get("warnings")), "{name}: {}", got.to_json());
                if f == "validateRequest" {
                    let ok = want.get("issues").and_then(Value::as_array).is_some_and(|a| a.is_empty());
                    assert_eq!(verdict.get("ok"), Some(&Value::Bool(ok)), "{name}");
                }
            }
            if let Some(value) = want.get("value") {
                assert_eq!(got.get("ok"), Some(&Value::Bool(true)), "{name}: {}", got.to_json());
                let v = got.get("value").expect("value");
                assert!(contains(v, value), "{name}: got {} want {}", v.to_json(), value.to_json());
            }
        }
    }

    #[test]
    fn the_core_export_numbers_every_other_call() {
        let args = ["\"refund\"", "null", r#""_RUB_ 5""#, r#"{"body":{"code":1601},"status":404}"#, r#"{"seconds":60}"#, r#""12.50""#, "450"];
        for (i, name) in CALLS.iter().enumerate() {
            for a in args {
                let direct = match *name {
                    "version" => envelope(Ok(Value::str(crate::VERSION))),
                    "operationPath" => operation_path(a),
                    "operations" => operations(),
                    "currencies" => currencies(),
                    "parseOrderNote" => parse_order_note(a),
                    "renderOrderNote" => render_order_note(a),
                    "paymentState" => payment_state(a),
                    "parsePaymentStatus" => parse_payment_status(a),
                    "parseGatewayError" => parse_gateway_error(a),
                    "parseGatewayResponse" => parse_gateway_response(a),
                    "parseNotification" => parse_notification(a),
                    "orderBestBefore" => order_best_before(a, &clock),
                    "rublesToKopecks" => rubles_to_kopecks(a),
                    "parseKopecks" => parse_kopecks(a),
                    other => panic!("{other}"),
                };
                assert_eq!(call(i as u32, a, &clock), direct, "{name} {a}");
            }
        }
        assert!(call(CALLS.len() as u32, "null", &clock).contains(r#""code":"unknown_call""#));
        // js/api/core.js numbers its calls as CALLS does.
        let js = include_str!("../../js/api/core.js");
        for (i, name) in CALLS.iter().enumerate() {
            let constant: String = name.chars().flat_map(|c| if c.is_ascii_uppercase() { vec!['_', c] } else { vec![c.to_ascii_uppercase()] }).collect();
            assert!(js.contains(&format!("const {constant} = {i};")), "js/api/core.js: const {constant} = {i};");
        }
    }

    #[test]
    fn the_constant_answers_are_the_tables() {
        let ops = Value::Array(Operation::ALL.iter().map(|op| op.to_value()).collect());
        assert_eq!(operations(), envelope(Ok(ops)));
        assert_eq!(currencies(), envelope(Ok(crate::currency::table_value())));
    }

    #[test]
    fn huge_and_malformed_arguments() {
        let huge = format!("\"{}\"", "x".repeat(MAX_ARG_BYTES));
        assert!(parse_kopecks(&huge).contains(r#""code":"too_large""#));
        assert!(validate_request(&huge, &clock).starts_with(r#"{"ok":true,"value":{"ok":false,"request":null,"issues":[{"path":"","code":"too_large""#));
        assert!(build_request("{", &clock).contains(r#""code":"invalid_json""#));
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(validate_request(&deep, &clock).contains(r#""code":"invalid_json""#));
    }

    #[test]
    fn options_now_defaults_to_the_clock() {
        let arg = r#"{"operation":"paymentStatus","input":{"regPayNum":"1"},"options":{"strict":true}}"#;
        assert_eq!(build_request(arg, &clock), r#"{"ok":true,"value":{"request":{"regPayNum":"1"},"warnings":[]}}"#);
        let bb = r#"{"operation":"anonymousPayment","input":{"serviceCode":"1-2-3","amount":1,"comission":0,"properties":[{"name":"a","value":"b"}],"orderBestBefore":1699999999}}"#;
        assert!(build_request(bb, &clock).contains(r#""code":"in_the_past""#));
        assert_eq!(order_best_before(r#"{"seconds":60}"#, &clock), format!(r#"{{"ok":true,"value":{}}}"#, NOW + 60));
    }
}
