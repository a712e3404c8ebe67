//! The gateway's answers: payment states, each operation's result, and errors by code and category.
//!
//! Answers are read leniently where public integrations show the gateway varying (a number or a
//! numeric string for amounts and codes, `"true"` or `true`, `null` for absent), and strictly where the
//! SDK depends on a field (a payment's `payUrl`, the `state` of a status). A field of an unexpected
//! type becomes `null` with a warning; unknown members are ignored (the gateway may add fields).
//!
//! **Errors** are `{code, message, userMessage}` with a non-2xx status (or any status, when a `code`
//! member other than 0 is present). The docs group them by category but our copy lost the numeric table: the codes
//! in [`GATEWAY_ERRORS`] are assigned by this project and shared with the sandbox; only 2365
//! (NeedPass3dsException) is the docs' own. 2365 with a `securePageURL` is not a failure but an action:
//! redirect the payer there by GET for 3-D Secure.

use crate::error::{index_path, member_path, write_issues, Issue, Report};
use crate::json::{self, push_u64, write_string, write_value, Doc, Kind, Node, Value};
use crate::money::{self, Numeric};
use crate::requests::fields::{cat, num, sample};
use crate::requests::Operation;

/// A payment's state, as `check/payment/state` and notifications spell it (lower case).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaymentState {
    /// Created, waiting for the payer (the card form is not completed yet).
    Created,
    /// Paid (the gateway's spelling).
    Payed,
    /// Funds held on the card (two-stage payment, `holdTtl`); the merchant confirms or they return.
    Holded,
    /// Paid and processed (the service is provided).
    Processed,
    /// Declined.
    Rejected,
    /// Returned to the payer.
    Refunded,
    /// Failed.
    Error,
    /// The payment could not be created.
    CreatedError,
}

impl PaymentState {
    /// Every state.
    pub const ALL: [PaymentState; 8] = [
        PaymentState::Created,
        PaymentState::Payed,
        PaymentState::Holded,
        PaymentState::Processed,
        PaymentState::Rejected,
        PaymentState::Refunded,
        PaymentState::Error,
        PaymentState::CreatedError,
    ];

    /// The gateway's spelling.
    #[inline(never)]
    pub fn name(self) -> &'static str {
        STATE_NAMES.get(self as usize).copied().unwrap_or_default()
    }

    /// The state spelled exactly so (lower case; the Open API's `PAYED` is another API's).
    #[inline(never)]
    pub fn from_name(name: &str) -> Option<PaymentState> {
        let at = STATE_NAMES.iter().position(|s| *s == name)?;
        PaymentState::ALL.get(at).copied()
    }

    /// The payment will not move on by itself: every state but `created`. (`holded` waits for the
    /// merchant's confirmation, not for the payer, so polling stops there too.)
    #[inline(never)]
    pub fn is_terminal(self) -> bool {
        self != PaymentState::Created
    }

    /// The payer has paid: `payed`, `holded`, `processed`. `refunded` is terminal but not a success.
    #[inline(never)]
    pub fn is_success(self) -> bool {
        matches!(self, PaymentState::Payed | PaymentState::Holded | PaymentState::Processed)
    }
}

/// The gateway's spellings of the states, in the order of [`PaymentState::ALL`].
const STATE_NAMES: [&str; 8] = ["created", "payed", "holded", "processed", "rejected", "refunded", "error", "created_error"];

/// `{state, isTerminal, isSuccess}` for a state spelled as the gateway does. An unknown state is kept
/// with `isTerminal: false, isSuccess: false` (keep polling until a deadline) and `known: false`.
pub fn state_value(state: &str) -> Value {
    let known = PaymentState::from_name(state);
    let mut out = String::from("{");
    put_state(&mut out, Some(state), known);
    put(&mut out, "known", J::Bool(known.is_some()));
    out.push('}');
    reparse(&out)
}

/// Writes the members `state`, `isTerminal` and `isSuccess` of `state` (`known`: the state it names).
pub(crate) fn put_state(out: &mut String, state: Option<&str>, known: Option<PaymentState>) {
    put(out, "state", opt_str(state));
    let (terminal, success) = match known {
        Some(k) => (k.is_terminal(), k.is_success()),
        None => (false, false),
    };
    put(out, "isTerminal", J::Bool(terminal));
    put(out, "isSuccess", J::Bool(success));
}

/// The state named `state`, or the `unknown_state` issue.
pub fn payment_state(state: &str) -> Result<PaymentState, Issue> {
    PaymentState::from_name(state).ok_or_else(|| {
        Issue::new("", "unknown_state", cat(&[&sample(state), " is not a payment state; the states are ", &joined(&STATE_NAMES)]))
    })
}

/// A gateway error code of this project's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KnownError {
    /// The numeric code.
    pub code: i64,
    /// The exception's name, as the gateway's messages spell it.
    pub name: &'static str,
    /// The docs' group.
    pub category: &'static str,
}

const fn known(code: i64, name: &'static str, category: &'static str) -> KnownError {
    KnownError { code, name, category }
}

/// The gateway error codes. Only 2365 is the docs'; the others are assigned by this project (our copy
/// of the docs lost the numeric table) and used by the sandbox too.
pub const GATEWAY_ERRORS: [KnownError; 17] = [
    known(1101, "CardNotFound", "card_reregister"),
    known(1102, "CardInactive", "card_reregister"),
    known(1103, "CardExpired", "card_reregister"),
    known(1201, "InvalidCredentials", "authorization"),
    known(1301, "ServiceNotFound", "service_list"),
    known(1401, "UserNotRegisteredForShop", "registration"),
    known(1402, "InvalidLogin", "registration"),
    known(1501, "UserNotActive", "activation"),
    known(1601, "PaymentNotFound", "payment_status"),
    known(1602, "RefundNotAllowed", "payment_status"),
    known(1603, "RefundAmountMismatch", "payment_status"),
    known(1701, "InvalidPaymentRequest", "payment_creation"),
    known(1702, "OrderExpired", "payment_creation"),
    known(2365, "NeedPass3dsException", "payment_creation"),
    known(1901, "BadRequest", "general"),
    known(1902, "PayloadTooLarge", "general"),
    known(1999, "InternalError", "general"),
];

/// The code that asks for 3-D Secure (NeedPass3dsException).
pub const NEED_3DS: i64 = 2365;
/// The code of the gateway's internal error (worth retrying).
pub const INTERNAL_ERROR: i64 = 1999;
/// The longest text of a non-JSON error body kept in `message`.
pub const MAX_RAW_MESSAGE_CHARS: usize = 300;

/// The error with this code.
pub fn known_by_code(code: i64) -> Option<&'static KnownError> {
    GATEWAY_ERRORS.iter().find(|e| e.code == code)
}

/// The first error whose exception name appears in `text` (`"...UserNotRegisteredForShop..."`).
pub fn known_by_name_in(text: &str) -> Option<&'static KnownError> {
    GATEWAY_ERRORS.iter().find(|e| contains(text, e.name))
}

/// Whether `needle` occurs in `text`: a byte search (`str::contains` would bring the two-way searcher
/// and the panicking string slicing it uses into the wasm, for nothing more than this).
pub(crate) fn contains(text: &str, needle: &str) -> bool {
    let (text, needle) = (text.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = needle.split_first() else { return true };
    text.iter().enumerate().any(|(i, &b)| b == first && text.get(i + 1..i + 1 + rest.len()) == Some(rest))
}

/// An integer code from a number or a numeric string (`1001`, `"1001"`, `-1`).
pub fn parse_code(value: &Value) -> Option<i64> {
    code_numeric(Numeric::of(value))
}

fn code_of(value: Node<'_>) -> Option<i64> {
    code_numeric(Numeric::node(value))
}

/// At most 18 digits, with an optional `-`: always an `i64`.
fn code_numeric(value: Numeric<'_>) -> Option<i64> {
    let (Numeric::Number(text) | Numeric::Text(text)) = value else { return None };
    let (negative, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        all => (false, all),
    };
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    let mut n: i64 = 0;
    for &b in digits {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10 + i64::from(b - b'0');
    }
    Some(if negative { -n } else { n })
}

/// What the gateway's error says, normalised.
#[derive(Clone, Debug, PartialEq)]
pub struct GatewayError {
    /// The docs' group, or `unknown`.
    pub category: &'static str,
    /// The numeric code, if the body has one.
    pub gateway_code: Option<i64>,
    /// The `code` member as sent, when it is not a number (kept, not dropped).
    pub raw_code: Option<String>,
    /// The exception's name, when the code or message tells it.
    pub name: Option<&'static str>,
    /// The technical message.
    pub message: Option<String>,
    /// The message for the payer.
    pub user_message: Option<String>,
    /// Worth retrying later (1999, HTTP 429 and 5xx); whether a call is retried is the caller's rule.
    pub retryable: bool,
    /// The HTTP status, if known.
    pub http_status: Option<u16>,
    /// For 2365 with a `securePageURL`: the redirect to perform instead of failing.
    pub action: Option<Value>,
    /// Why a 2xx answer could not be read (then the category is `unknown`).
    pub issues: Vec<Issue>,
}

/// The JSON text of a value (what `to_value().to_json()` gives).
pub(crate) fn node_json(v: Node<'_>) -> String {
    v.to_value().to_json()
}

/// The member `key` of `v` when it is a string.
pub(crate) fn str_member<'d>(v: Node<'d>, key: &str) -> Option<&'d str> {
    v.get(key)?.as_str()
}

/// The JSON type of a member (`null` when it is absent).
pub(crate) fn type_of(v: Option<Node<'_>>) -> &'static str {
    match v {
        Some(v) => v.type_name(),
        None => "null",
    }
}

fn text_member(body: Node<'_>, key: &str) -> Option<String> {
    match body.get(key)?.kind() {
        Kind::String(s) | Kind::Number(s) => Some(s.to_string()),
        _ => None,
    }
}

fn is_object(v: Node<'_>) -> bool {
    matches!(v.kind(), Kind::Object(_))
}

/// Reads a body given as a JSON value: a string is parsed as JSON text when it is JSON, otherwise it
/// is the raw text of the answer (`Err`).
pub fn body_from(value: &Value) -> Result<Value, String> {
    match value {
        Value::String(text) => json::parse(text).map_err(|_| text.clone()),
        other => Ok(other.clone()),
    }
}

/// A body of the Value API as a document ([`Doc::NULL`] for raw text, which is not read as JSON).
fn body_doc(body: &Result<Value, String>) -> Doc<'static> {
    body.as_ref().map_or(Doc::NULL, Doc::of)
}

/// The body read through `doc` (from [`body_doc`]), or the raw text.
fn body_node<'a>(body: &'a Result<Value, String>, doc: &'a Doc<'a>) -> Result<Node<'a>, &'a str> {
    match body {
        Ok(_) => Ok(doc.root()),
        Err(text) => Err(text.as_str()),
    }
}

impl GatewayError {
    /// Reads an error body (`{code, message, userMessage}`, or anything else) with its HTTP status.
    #[inline(never)]
    pub fn from_body(body: &Result<Value, String>, status: Option<u16>) -> GatewayError {
        let doc = body_doc(body);
        GatewayError::read(body_node(body, &doc), status)
    }

    /// [`GatewayError::from_body`] of a body read as a [`Node`] (or the raw text as `Err`).
    #[inline(never)]
    pub(crate) fn read(body: Result<Node<'_>, &str>, status: Option<u16>) -> GatewayError {
        let mut e = GatewayError {
            category: "unknown",
            gateway_code: None,
            raw_code: None,
            name: None,
            message: None,
            user_message: None,
            retryable: false,
            http_status: status,
            action: None,
            issues: Vec::new(),
        };
        match body {
            Ok(obj) if is_object(obj) => {
                let code = obj.present("code");
                e.gateway_code = code.and_then(code_of);
                if let (None, Some(c)) = (e.gateway_code, code) {
                    let json;
                    let text = match c.kind() {
                        Kind::String(s) => s,
                        _ => {
                            json = node_json(c);
                            &json
                        }
                    };
                    e.raw_code = Some(truncate(text));
                }
                e.message = ["message", "error", "detail"].iter().find_map(|k| text_member(obj, k));
                e.user_message = text_member(obj, "userMessage");
                let by_code = e.gateway_code.and_then(known_by_code);
                let by_name = || {
                    e.raw_code.as_deref().and_then(known_by_name_in).or_else(|| e.message.as_deref().and_then(known_by_name_in))
                };
                if let Some(k) = by_code.or_else(by_name) {
                    e.category = k.category;
                    e.name = Some(k.name);
                    e.gateway_code = e.gateway_code.or(Some(k.code));
                }
                if e.gateway_code == Some(NEED_3DS) {
                    e.action = redirect_action(obj);
                }
            }
            Ok(other) => e.message = Some(truncate(&node_json(other))),
            Err(text) => e.message = Some(truncate(text)).filter(|m| !m.is_empty()),
        }
        e.retryable = e.gateway_code == Some(INTERNAL_ERROR) || status.is_some_and(|s| s == 429 || s >= 500);
        e
    }

    /// The error as JSON `{category, gatewayCode, rawCode, name, message, userMessage, retryable,
    /// httpStatus, action}` (+ `issues` when a 2xx answer was unreadable).
    #[inline(never)]
    pub fn to_value(&self) -> Value {
        let mut out = String::new();
        self.write(&mut out);
        reparse(&out)
    }

    /// Writes [`GatewayError::to_value`] as JSON text.
    #[inline(never)]
    pub(crate) fn write(&self, out: &mut String) {
        out.push('{');
        put(out, "category", J::Str(self.category));
        put(out, "gatewayCode", self.gateway_code.map_or(J::Null, J::Num));
        put(out, "rawCode", opt_str(self.raw_code.as_deref()));
        put(out, "name", opt_str(self.name));
        put(out, "message", opt_str(self.message.as_deref()));
        put(out, "userMessage", opt_str(self.user_message.as_deref()));
        put(out, "retryable", J::Bool(self.retryable));
        put(out, "httpStatus", self.http_status.map_or(J::Null, |s| J::Num(i64::from(s))));
        key(out, "action");
        match &self.action {
            Some(a) => write_value(a, out),
            None => out.push_str("null"),
        }
        if !self.issues.is_empty() {
            key(out, "issues");
            write_issues(&self.issues, out);
        }
        out.push('}');
    }
}

/// The value of JSON text this module wrote (always JSON the parser reads).
fn reparse(text: &str) -> Value {
    json::parse(text).unwrap_or(Value::Null)
}

fn truncate(text: &str) -> String {
    crate::retry::shorten_to(text, MAX_RAW_MESSAGE_CHARS)
}

/// The 3-D Secure redirect of a 2365 body: `{type:'redirect', reason:'3ds', method:'GET', url,
/// regPayNum}`, or `None` without a `securePageURL`. The URL's safety (scheme, host allow-list) is
/// checked where the redirect happens, not here.
fn redirect_action(body: Node<'_>) -> Option<Value> {
    let url = ["securePageURL", "securePageUrl"]
        .iter()
        .find_map(|k| str_member(body, k))
        .filter(|u| !u.trim().is_empty())?;
    let mut out = String::new();
    write_redirect(&mut out, "3ds", "GET", url);
    let n = body.get("regPayNum").and_then(|v| reg_pay_num_of(Numeric::node(v)));
    put(&mut out, "regPayNum", opt_str(n.as_deref()));
    out.push('}');
    Some(reparse(&out))
}

/// Writes the start of a redirect action, `{"type":"redirect","reason":..,"method":..,"url":..`
/// (the caller writes `regPayNum` and the closing `}`): the one writer of the gateway's 3-D Secure
/// action and the client's actions.
#[inline(never)]
pub(crate) fn write_redirect(out: &mut String, reason: &str, method: &str, url: &str) {
    out.push_str("{\"type\":\"redirect\",\"reason\":");
    write_string(reason, out);
    out.push_str(",\"method\":");
    write_string(method, out);
    out.push_str(",\"url\":");
    write_string(url, out);
}

/// A payment number from a string of digits or a whole number.
pub fn reg_pay_num_text(value: &Value) -> Option<String> {
    reg_pay_num_of(Numeric::of(value))
}

fn reg_pay_num_of(value: Numeric<'_>) -> Option<String> {
    match value {
        Numeric::Text(s) if !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit()) => Some(s.to_string()),
        Numeric::Number(_) => money::kopecks_of(value).ok().map(|k| num(k.get())),
        _ => None,
    }
}

/// A JSON scalar to write.
#[derive(Clone, Copy)]
pub(crate) enum J<'a> {
    Null,
    Bool(bool),
    Num(i64),
    Str(&'a str),
}

pub(crate) fn opt_str(s: Option<&str>) -> J<'_> {
    s.map_or(J::Null, J::Str)
}

/// Writes the `,` before a member or element unless it is the first one of its object or array.
pub(crate) fn sep(out: &mut String) {
    if !matches!(out.as_bytes().last(), None | Some(b'{' | b'[')) {
        out.push(',');
    }
}

/// Writes `"key":` (with the `,` before it where needed); `key` needs no escaping.
#[inline(never)]
pub(crate) fn key(out: &mut String, key: &str) {
    sep(out);
    out.push('"');
    out.push_str(key);
    out.push_str("\":");
}

/// Writes the member `"key":value`.
#[inline(never)]
pub(crate) fn put(out: &mut String, name: &str, value: J<'_>) {
    key(out, name);
    match value {
        J::Null => out.push_str("null"),
        J::Bool(b) => json::push_bool(out, b),
        J::Num(n) => {
            if n < 0 {
                out.push('-');
            }
            push_u64(out, n.unsigned_abs());
        }
        J::Str(s) => write_string(s, out),
    }
}

/// Lenient readers of answer fields: a wrong type is `null` plus a warning. The reader writes the
/// result object to `out` as it goes; issue paths are under `base` (`cards[2]`, or `""`).
pub(crate) struct Reader<'d> {
    pub body: Node<'d>,
    pub report: Report,
    pub out: String,
    base: String,
}

impl<'d> Reader<'d> {
    #[inline(never)]
    pub(crate) fn new(body: Node<'d>, out: String) -> Reader<'d> {
        Reader { body, report: Report::new(), out, base: String::new() }
    }

    #[inline(never)]
    fn path(&self, key: &str) -> String {
        member_path(&self.base, key)
    }

    #[inline(never)]
    pub(crate) fn warn(&mut self, key: &str, code: &'static str, message: String) {
        let path = self.path(key);
        self.report.warn(path, code, message);
    }

    #[inline(never)]
    pub(crate) fn error(&mut self, key: &str, code: &'static str, message: &str) {
        let path = self.path(key);
        self.report.error(path, code, message);
    }

    #[inline(never)]
    pub(crate) fn present(&self, key: &str) -> Option<Node<'d>> {
        self.body.present(key)
    }

    #[inline(never)]
    fn wrong(&mut self, key: &str, want: &str, got: Node<'_>) {
        self.warn(key, "invalid_type", cat(&["should be ", want, ", got ", got.type_name(), "; read as null"]));
    }

    /// Writes the member `"key":value`.
    #[inline(never)]
    pub(crate) fn put(&mut self, key: &str, value: J<'_>) {
        put(&mut self.out, key, value);
    }

    /// A string (a number is taken as its text).
    #[inline(never)]
    pub(crate) fn string(&mut self, key: &str) -> Option<&'d str> {
        let v = self.present(key)?;
        match v.kind() {
            Kind::String(s) | Kind::Number(s) => Some(s),
            _ => {
                self.wrong(key, "a string", v);
                None
            }
        }
    }

    /// A string that must be there and not be empty.
    #[inline(never)]
    pub(crate) fn required_string(&mut self, key: &str) -> Option<&'d str> {
        let v = self.string(key);
        if v.map_or(true, str::is_empty) {
            self.error(key, "required", "is missing from the answer");
        }
        v
    }

    /// Reads and writes a string member.
    #[inline(never)]
    pub(crate) fn text(&mut self, key: &str, required: bool) {
        let v = if required { self.required_string(key) } else { self.string(key) };
        self.put(key, opt_str(v));
    }

    /// Reads and writes kopecks from a number or numeric string.
    #[inline(never)]
    pub(crate) fn kopecks(&mut self, key: &str) {
        let mut out = J::Null;
        if let Some(v) = self.present(key) {
            match money::whole_number(v) {
                Ok(k) => out = J::Num(k as i64),
                Err(e) => self.warn(key, e.code(), cat(&[e.message(), "; read as null"])),
            }
        }
        self.put(key, out);
    }

    /// Reads and writes an integer code from a number or numeric string.
    #[inline(never)]
    pub(crate) fn code(&mut self, key: &str) {
        let mut out = J::Null;
        if let Some(v) = self.present(key) {
            match code_of(v) {
                Some(n) => out = J::Num(n),
                None => self.wrong(key, "an integer code", v),
            }
        }
        self.put(key, out);
    }

    /// Reads and writes a boolean from `true`/`false` or `"true"`/`"false"`.
    #[inline(never)]
    fn boolean(&mut self, key: &str) {
        let mut out = J::Null;
        if let Some(v) = self.present(key) {
            match v.kind() {
                Kind::Bool(b) => out = J::Bool(b),
                Kind::String("true") => out = J::Bool(true),
                Kind::String("false") => out = J::Bool(false),
                _ => self.wrong(key, "a boolean", v),
            }
        }
        self.put(key, out);
    }

    /// Reads and writes a payment number (digits string or whole number).
    #[inline(never)]
    pub(crate) fn reg_pay_num(&mut self, key: &str, required: bool) {
        let mut out = None;
        match self.present(key) {
            None if required => self.error(key, "required", "is missing from the answer"),
            None => {}
            Some(v) => {
                out = reg_pay_num_of(Numeric::node(v));
                if out.is_none() {
                    self.error(key, "invalid_reg_pay_num", "is not a payment number (digits)");
                }
            }
        }
        self.put(key, opt_str(out.as_deref()));
    }

    /// A string from a known set; another value is kept with a warning `code`.
    #[inline(never)]
    pub(crate) fn one_of(&mut self, key: &str, allowed: &[&str], code: &'static str, required: bool) -> Option<&'d str> {
        let v = if required { self.required_string(key) } else { self.string(key) };
        if let Some(s) = v {
            if !s.is_empty() && !allowed.contains(&s) {
                self.warn(key, code, cat(&[&sample(s), " is not one of ", &joined(allowed), "; kept as sent"]));
            }
        }
        v
    }

    /// Reads and writes [`Reader::one_of`].
    #[inline(never)]
    fn one_of_text(&mut self, key: &str, allowed: &[&str], code: &'static str, required: bool) {
        let v = self.one_of(key, allowed, code, required);
        self.put(key, opt_str(v));
    }

    /// Reads `state`; an unknown state is kept with a warning `unknown_state`.
    #[inline(never)]
    pub(crate) fn state(&mut self) -> (Option<&'d str>, Option<PaymentState>) {
        let state = self.required_string("state");
        let known = state.and_then(PaymentState::from_name);
        if let (Some(s), None) = (state.filter(|s| !s.is_empty()), known) {
            self.warn("state", "unknown_state", cat(&[&sample(s), " is not a documented payment state; kept, neither terminal nor success"]));
        }
        (state, known)
    }

    /// Writes `state`, `isTerminal` and `isSuccess` (what [`Reader::state`] read).
    #[inline(never)]
    pub(crate) fn put_state(&mut self, (state, known): (Option<&str>, Option<PaymentState>)) {
        put_state(&mut self.out, state, known);
    }

    /// The result object written, with the warnings; or the errors.
    #[inline(never)]
    pub(crate) fn finish(self) -> Written {
        if self.report.is_ok() {
            Ok((self.out, self.report.warnings))
        } else {
            Err(self.report.issues)
        }
    }
}

/// `a, b, c`.
pub(crate) fn joined(items: &[&str]) -> String {
    let mut out = String::new();
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(s);
    }
    out
}

/// A read answer: the normalised result and its warnings, or the problems that make it unusable.
pub type Parsed = Result<(Value, Vec<Issue>), Vec<Issue>>;

/// A read answer as JSON text (the result object) with its warnings, or the problems.
pub(crate) type Written = Result<(String, Vec<Issue>), Vec<Issue>>;

/// [`Written`] as a [`Parsed`].
pub(crate) fn parsed(written: Written) -> Parsed {
    written.map(|(text, warnings)| (reparse(&text), warnings))
}

fn not_an_object(body: Node<'_>) -> Vec<Issue> {
    vec![Issue::new("", "invalid_type", cat(&["the answer must be a JSON object, got ", body.type_name()]))]
}

/// `check/payment/state`: `{state, isTerminal, isSuccess, totalAmount, createdDate, procDate,
/// providerServCode, providerName, errorCode, error, message, provisionServices}` (the docs' example's
/// `serviceCode` is read as `providerServCode`).
pub fn parse_payment_status(body: &Value) -> Parsed {
    parsed(payment_status(Doc::of(body).root(), String::new()))
}

/// [`parse_payment_status`] of a [`Node`], the result appended to `out`.
pub(crate) fn payment_status(body: Node<'_>, out: String) -> Written {
    if !is_object(body) {
        return Err(not_an_object(body));
    }
    let mut r = Reader::new(body, out);
    let state = r.state();
    let mut serv = r.string("providerServCode");
    if serv.is_none() {
        serv = r.string("serviceCode");
    }
    r.out.push('{');
    r.reg_pay_num("regPayNum", false);
    r.put_state(state);
    r.kopecks("totalAmount");
    r.text("createdDate", false);
    r.text("procDate", false);
    r.put("providerServCode", opt_str(serv));
    r.text("providerName", false);
    r.code("errorCode");
    r.text("error", false);
    r.text("message", false);
    r.boolean("provisionServices");
    r.out.push('}');
    r.finish()
}

/// The user states.
pub const USER_STATES: [&str; 3] = ["active", "inactive", "disable"];
/// The card states.
pub const CARD_STATES: [&str; 3] = ["active", "inactive", "deleted"];
/// The card types.
pub const CARD_TYPES: [&str; 5] = ["undefined", "visa", "master_card", "maestro", "mir"];
/// The answers of confirm, refund and deactivation.
pub const RESULT_STATES: [&str; 2] = ["success", "fail"];
/// The most cards read from one card list.
pub const MAX_CARDS: usize = 1000;

/// Payment creation (`do/payment/anonymous`, `do/payment`) and card registration:
/// `{regPayNum, methodType, payUrl, userToken, payUrlImg, userPhone}`.
fn pay_link(r: &mut Reader<'_>) {
    r.reg_pay_num("regPayNum", true);
    let method = match r.string("methodType") {
        Some(m) => m.to_ascii_uppercase(),
        None => {
            r.warn("methodType", "required", "is missing from the answer; GET assumed (what the docs' examples send)".to_string());
            "GET".to_string()
        }
    };
    r.put("methodType", J::Str(&method));
    r.text("payUrl", true);
    r.text("userToken", false);
    r.text("payUrlImg", false);
    r.text("userPhone", false);
}

/// `user/status`, `user/registration`: `{login, email, name, surName, middleName, state, userToken}`.
fn user(r: &mut Reader<'_>) {
    r.text("login", true);
    for key in ["email", "name", "surName", "middleName"] {
        r.text(key, false);
    }
    r.one_of_text("state", &USER_STATES, "unknown_user_state", true);
    r.text("userToken", true);
}

/// `get/cards`: `{userToken, cards: [{cardMask, cardToken, cardType, state, exp}]}`.
fn cards(r: &mut Reader<'_>) {
    r.text("userToken", true);
    key(&mut r.out, "cards");
    r.out.push('[');
    let body = r.body;
    match body.get("cards").map(Node::kind) {
        Some(Kind::Array(list)) => {
            for (i, card) in list.take(MAX_CARDS).enumerate() {
                if !is_object(card) {
                    r.report.warn(index_path("cards", i), "invalid_type", String::from("is not an object; skipped"));
                    continue;
                }
                r.body = card;
                r.base = index_path("cards", i);
                sep(&mut r.out);
                r.out.push('{');
                r.text("cardMask", false);
                r.text("cardToken", true);
                r.one_of_text("cardType", &CARD_TYPES, "unknown_card_type", false);
                r.one_of_text("state", &CARD_STATES, "unknown_card_state", false);
                r.text("exp", false);
                r.out.push('}');
            }
            r.body = body;
            r.base = String::new();
        }
        None | Some(Kind::Null) => r.warn("cards", "required", String::from("is missing from the answer; read as no cards")),
        Some(_) => r.error("cards", "invalid_type", &cat(&["should be an array, got ", type_of(body.get("cards"))])),
    }
    r.out.push(']');
}

/// `card/deactivation`, refund: `{resultState, success, desc, userToken}`.
fn result_state(r: &mut Reader<'_>) {
    let state = r.one_of("resultState", &RESULT_STATES, "unknown_result_state", true);
    r.put("resultState", opt_str(state));
    r.put("success", J::Bool(state == Some("success")));
    r.text("desc", false);
    r.text("userToken", false);
}

/// The result of a 2xx answer to `op`.
pub fn parse_result(op: Operation, body: &Value) -> Parsed {
    parsed(result(op, Doc::of(body).root(), String::new()))
}

/// [`parse_result`] of a [`Node`], the result appended to `out`.
fn result(op: Operation, body: Node<'_>, out: String) -> Written {
    if !is_object(body) {
        return Err(not_an_object(body));
    }
    if op == Operation::PaymentStatus {
        return payment_status(body, out);
    }
    let mut r = Reader::new(body, out);
    r.out.push('{');
    match op {
        Operation::UserRegistration | Operation::UserStatus => user(&mut r),
        Operation::CardList => cards(&mut r),
        Operation::CardDeactivation | Operation::Refund => result_state(&mut r),
        _ => pay_link(&mut r),
    }
    r.out.push('}');
    r.finish()
}

/// What one answer of the gateway means.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The operation's result and the warnings of reading it.
    Done(Value, Vec<Issue>),
    /// 2365: redirect the payer for 3-D Secure (the action value).
    Action(Value),
    /// A failure.
    Failed(GatewayError),
}

impl Outcome {
    /// `{ok:true, result, warnings}` | `{ok:false, action}` | `{ok:false, error}`.
    #[inline(never)]
    pub fn to_value(&self) -> Value {
        let mut out = String::new();
        match self {
            Outcome::Done(result, warnings) => {
                out.push_str("{\"ok\":true,\"result\":");
                write_value(result, &mut out);
                out.push_str(",\"warnings\":");
                write_issues(warnings, &mut out);
            }
            Outcome::Action(action) => {
                out.push_str("{\"ok\":false,\"action\":");
                write_value(action, &mut out);
            }
            Outcome::Failed(e) => write_failure(e, &mut out),
        }
        out.push('}');
        reparse(&out)
    }
}

/// Writes `{"ok":false,"action":...` for an error with an action, else `{"ok":false,"error":...`
/// (without the closing `}`).
pub(crate) fn write_failure(e: &GatewayError, out: &mut String) {
    match &e.action {
        Some(action) => {
            out.push_str("{\"ok\":false,\"action\":");
            write_value(action, out);
        }
        None => {
            out.push_str("{\"ok\":false,\"error\":");
            e.write(out);
        }
    }
}

/// One answer of the gateway to `op`: its HTTP status and body (a JSON value, or the raw text as
/// `Err`). An error is a status outside 200..=299 or a body with a non-null `code` member.
pub fn parse_response(op: Operation, status: u16, body: &Result<Value, String>) -> Outcome {
    let doc = body_doc(body);
    match answer(op, status, body_node(body, &doc), String::new()) {
        Ok((result, warnings)) => Outcome::Done(reparse(&result), warnings),
        Err(e) => match e.action.clone() {
            Some(action) => Outcome::Action(action),
            None => Outcome::Failed(e),
        },
    }
}

/// [`parse_response`] of a body read as a [`Node`]: the result (appended to `out`) with its
/// warnings, or the error (an action when it has one).
// The error is the rare case; boxing it would cost code on the wasm path for nothing.
#[allow(clippy::result_large_err)]
pub(crate) fn answer(op: Operation, status: u16, body: Result<Node<'_>, &str>, out: String) -> Result<(String, Vec<Issue>), GatewayError> {
    // `code: 0` is "no error" where a gateway writes it on success.
    let has_code = matches!(body, Ok(b) if b.present("code").is_some_and(|c| code_of(c) != Some(0)));
    // Outside 200 to 299 (one wrapping compare: no RangeInclusive::contains instance).
    if status.wrapping_sub(200) > 99 || has_code {
        return Err(GatewayError::read(body, Some(status)));
    }
    let issues = match body {
        Ok(v) => match result(op, v, out) {
            Ok(read) => return Ok(read),
            Err(issues) => issues,
        },
        Err(_) => vec![Issue::new("", "invalid_json", "the answer is not JSON")],
    };
    let mut e = GatewayError::read(Err(""), Some(status));
    let mut message = cat(&["the gateway's answer to ", op.path(), " is not what the docs describe: "]);
    for (n, i) in issues.iter().enumerate() {
        if n > 0 {
            message.push_str("; ");
        }
        if !i.path.is_empty() {
            message.push_str(&i.path);
            message.push(' ');
        }
        message.push_str(&i.message);
    }
    e.message = Some(message);
    e.issues = issues;
    Err(e)
}

#[cfg(test)]
mod tests;
