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

use crate::error::{issues_to_value, member_path, Issue, Report};
use crate::json::{self, object, Value};
use crate::money;
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
    pub fn name(self) -> &'static str {
        match self {
            PaymentState::Created => "created",
            PaymentState::Payed => "payed",
            PaymentState::Holded => "holded",
            PaymentState::Processed => "processed",
            PaymentState::Rejected => "rejected",
            PaymentState::Refunded => "refunded",
            PaymentState::Error => "error",
            PaymentState::CreatedError => "created_error",
        }
    }

    /// The state spelled exactly so (lower case; the Open API's `PAYED` is another API's).
    pub fn from_name(name: &str) -> Option<PaymentState> {
        PaymentState::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The payment will not move on by itself: every state but `created`. (`holded` waits for the
    /// merchant's confirmation, not for the payer, so polling stops there too.)
    pub fn is_terminal(self) -> bool {
        self != PaymentState::Created
    }

    /// The payer has paid: `payed`, `holded`, `processed`. `refunded` is terminal but not a success.
    pub fn is_success(self) -> bool {
        matches!(self, PaymentState::Payed | PaymentState::Holded | PaymentState::Processed)
    }
}

/// `{state, isTerminal, isSuccess}` for a state spelled as the gateway does. An unknown state is kept
/// with `isTerminal: false, isSuccess: false` (keep polling until a deadline) and `known: false`.
pub fn state_value(state: &str) -> Value {
    let known = PaymentState::from_name(state);
    object([
        ("state", Some(Value::str(state))),
        ("isTerminal", Some(Value::Bool(known.is_some_and(PaymentState::is_terminal)))),
        ("isSuccess", Some(Value::Bool(known.is_some_and(PaymentState::is_success)))),
        ("known", Some(Value::Bool(known.is_some()))),
    ])
}

/// The state named `state`, or the `unknown_state` issue.
pub fn payment_state(state: &str) -> Result<PaymentState, Issue> {
    PaymentState::from_name(state).ok_or_else(|| {
        let names: Vec<&str> = PaymentState::ALL.iter().map(|s| s.name()).collect();
        Issue::new("", "unknown_state", cat(&[&sample(state), " is not a payment state; the states are ", &names.join(", ")]))
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
fn contains(text: &str, needle: &str) -> bool {
    let (text, needle) = (text.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = needle.split_first() else { return true };
    text.iter().enumerate().any(|(i, &b)| b == first && text.get(i + 1..i + 1 + rest.len()) == Some(rest))
}

/// An integer code from a number or a numeric string (`1001`, `"1001"`, `-1`).
pub fn parse_code(value: &Value) -> Option<i64> {
    let text = match value {
        Value::Number(t) | Value::String(t) => t.as_str(),
        _ => return None,
    };
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
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

fn text_member(body: &Value, key: &str) -> Option<String> {
    match body.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.clone()),
        _ => None,
    }
}

/// Reads a body given as a JSON value: a string is parsed as JSON text when it is JSON, otherwise it
/// is the raw text of the answer (`Err`).
pub fn body_from(value: &Value) -> Result<Value, String> {
    match value {
        Value::String(text) => json::parse(text).map_err(|_| text.clone()),
        other => Ok(other.clone()),
    }
}

impl GatewayError {
    /// Reads an error body (`{code, message, userMessage}`, or anything else) with its HTTP status.
    pub fn from_body(body: &Result<Value, String>, status: Option<u16>) -> GatewayError {
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
            Ok(obj @ Value::Object(_)) => {
                let code = obj.get("code");
                e.gateway_code = code.and_then(parse_code);
                if e.gateway_code.is_none() {
                    e.raw_code = code.filter(|c| !c.is_null()).map(|c| match c {
                        Value::String(s) => truncate(s),
                        other => truncate(&other.to_json()),
                    });
                }
                e.message = text_member(obj, "message").or_else(|| text_member(obj, "error")).or_else(|| text_member(obj, "detail"));
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
            Ok(other) => e.message = Some(truncate(&other.to_json())),
            Err(text) => e.message = Some(truncate(text)).filter(|m| !m.is_empty()),
        }
        e.retryable = e.gateway_code == Some(INTERNAL_ERROR) || status.is_some_and(|s| s == 429 || s >= 500);
        e
    }

    /// The error as JSON `{category, gatewayCode, rawCode, name, message, userMessage, retryable,
    /// httpStatus, action}` (+ `issues` when a 2xx answer was unreadable).
    pub fn to_value(&self) -> Value {
        let opt_str = |s: &Option<String>| Some(s.clone().map_or(Value::Null, Value::String));
        object([
            ("category", Some(Value::str(self.category))),
            ("gatewayCode", Some(self.gateway_code.map_or(Value::Null, Value::int))),
            ("rawCode", opt_str(&self.raw_code)),
            ("name", Some(self.name.map_or(Value::Null, Value::str))),
            ("message", opt_str(&self.message)),
            ("userMessage", opt_str(&self.user_message)),
            ("retryable", Some(Value::Bool(self.retryable))),
            ("httpStatus", Some(self.http_status.map_or(Value::Null, |s| Value::uint(u64::from(s))))),
            ("action", Some(self.action.clone().unwrap_or(Value::Null))),
            ("issues", (!self.issues.is_empty()).then(|| issues_to_value(&self.issues))),
        ])
    }
}

fn truncate(text: &str) -> String {
    match text.char_indices().nth(MAX_RAW_MESSAGE_CHARS) {
        Some((cut, _)) => cat(&[text.get(..cut).unwrap_or_default(), "…"]),
        None => text.to_string(),
    }
}

/// The 3-D Secure redirect of a 2365 body: `{type:'redirect', reason:'3ds', method:'GET', url,
/// regPayNum}`, or `None` without a `securePageURL`. The URL's safety (scheme, host allow-list) is
/// checked where the redirect happens, not here.
fn redirect_action(body: &Value) -> Option<Value> {
    let url = ["securePageURL", "securePageUrl"]
        .iter()
        .find_map(|k| body.get(k).and_then(Value::as_str))
        .filter(|u| !u.trim().is_empty())?;
    let reg_pay_num = body.get("regPayNum").and_then(reg_pay_num_text);
    Some(object([
        ("type", Some(Value::str("redirect"))),
        ("reason", Some(Value::str("3ds"))),
        ("method", Some(Value::str("GET"))),
        ("url", Some(Value::str(url))),
        ("regPayNum", Some(reg_pay_num.map_or(Value::Null, Value::String))),
    ]))
}

/// A payment number from a string of digits or a whole number.
pub fn reg_pay_num_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit()) => Some(s.clone()),
        Value::Number(_) => money::parse_whole_number(value).ok().map(num),
        _ => None,
    }
}

/// Lenient readers of answer fields: a wrong type is `null` plus a warning.
pub(crate) struct Reader<'a> {
    pub body: &'a Value,
    pub report: Report,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(body: &'a Value) -> Reader<'a> {
        Reader { body, report: Report::new() }
    }

    fn present(&self, key: &str) -> Option<&'a Value> {
        self.body.get(key).filter(|v| !v.is_null())
    }

    fn wrong(&mut self, key: &str, want: &str, got: &Value) {
        self.report.warn(member_path("", key), "invalid_type", cat(&["should be ", want, ", got ", got.type_name(), "; read as null"]));
    }

    /// A string (a number is taken as its text).
    pub(crate) fn string(&mut self, key: &str) -> Value {
        match self.present(key) {
            None => Value::Null,
            Some(Value::String(s)) => Value::String(s.clone()),
            Some(Value::Number(n)) => Value::String(n.clone()),
            Some(other) => {
                self.wrong(key, "a string", other);
                Value::Null
            }
        }
    }

    /// A string that must be there and not be empty.
    pub(crate) fn required_string(&mut self, key: &str) -> Value {
        let v = self.string(key);
        if v.as_str().map_or(true, str::is_empty) {
            self.report.error(key, "required", "is missing from the answer");
        }
        v
    }

    /// Kopecks from a number or numeric string.
    pub(crate) fn kopecks(&mut self, key: &str) -> Value {
        match self.present(key) {
            None => Value::Null,
            Some(v) => match money::parse_kopecks(v) {
                Ok(k) => Value::uint(k.get()),
                Err(e) => {
                    self.report.warn(key, e.code(), cat(&[e.message(), "; read as null"]));
                    Value::Null
                }
            },
        }
    }

    /// An integer code from a number or numeric string.
    pub(crate) fn code(&mut self, key: &str) -> Value {
        match self.present(key) {
            None => Value::Null,
            Some(v) => match parse_code(v) {
                Some(n) => Value::int(n),
                None => {
                    self.wrong(key, "an integer code", v);
                    Value::Null
                }
            },
        }
    }

    /// A boolean from `true`/`false` or `"true"`/`"false"`.
    pub(crate) fn boolean(&mut self, key: &str) -> Value {
        match self.present(key) {
            None => Value::Null,
            Some(Value::Bool(b)) => Value::Bool(*b),
            Some(Value::String(s)) if s == "true" => Value::Bool(true),
            Some(Value::String(s)) if s == "false" => Value::Bool(false),
            Some(other) => {
                self.wrong(key, "a boolean", other);
                Value::Null
            }
        }
    }

    /// A payment number (digits string or whole number), required.
    pub(crate) fn reg_pay_num(&mut self, key: &str, required: bool) -> Value {
        match self.present(key) {
            None if required => {
                self.report.error(key, "required", "is missing from the answer");
                Value::Null
            }
            None => Value::Null,
            Some(v) => match reg_pay_num_text(v) {
                Some(s) => Value::String(s),
                None => {
                    self.report.error(key, "invalid_reg_pay_num", "is not a payment number (digits)");
                    Value::Null
                }
            },
        }
    }

    /// A string from a known set; another value is kept with a warning `code`.
    pub(crate) fn one_of(&mut self, key: &str, allowed: &[&str], code: &'static str, required: bool) -> Value {
        let v = if required { self.required_string(key) } else { self.string(key) };
        if let Some(s) = v.as_str() {
            if !s.is_empty() && !allowed.contains(&s) {
                self.report.warn(key, code, cat(&[&sample(s), " is not one of ", &allowed.join(", "), "; kept as sent"]));
            }
        }
        v
    }
}

/// `state` with `isTerminal` and `isSuccess` as members `(state, isTerminal, isSuccess)`; an unknown
/// state is kept with a warning `unknown_state`.
pub(crate) fn state_members(r: &mut Reader<'_>) -> [(&'static str, Option<Value>); 3] {
    let state = r.required_string("state");
    let known = state.as_str().and_then(PaymentState::from_name);
    if let (Some(s), None) = (state.as_str().filter(|s| !s.is_empty()), known) {
        r.report.warn("state", "unknown_state", cat(&[&sample(s), " is not a documented payment state; kept, neither terminal nor success"]));
    }
    [
        ("state", Some(state)),
        ("isTerminal", Some(Value::Bool(known.is_some_and(PaymentState::is_terminal)))),
        ("isSuccess", Some(Value::Bool(known.is_some_and(PaymentState::is_success)))),
    ]
}

/// A read answer: the normalised result and its warnings, or the problems that make it unusable.
pub type Parsed = Result<(Value, Vec<Issue>), Vec<Issue>>;

fn finish(result: Value, r: Reader<'_>) -> Parsed {
    if r.report.is_ok() {
        Ok((result, r.report.warnings))
    } else {
        Err(r.report.issues)
    }
}

fn not_an_object(body: &Value) -> Vec<Issue> {
    vec![Issue::new("", "invalid_type", cat(&["the answer must be a JSON object, got ", body.type_name()]))]
}

/// `check/payment/state`: `{state, isTerminal, isSuccess, totalAmount, createdDate, procDate,
/// providerServCode, providerName, errorCode, error, message, provisionServices}` (the docs' example's
/// `serviceCode` is read as `providerServCode`).
pub fn parse_payment_status(body: &Value) -> Parsed {
    if body.as_object().is_none() {
        return Err(not_an_object(body));
    }
    let mut r = Reader::new(body);
    let [s, t, ok] = state_members(&mut r);
    let mut serv = r.string("providerServCode");
    if serv.is_null() {
        serv = r.string("serviceCode");
    }
    let result = object([
        ("regPayNum", Some(r.reg_pay_num("regPayNum", false))),
        s,
        t,
        ok,
        ("totalAmount", Some(r.kopecks("totalAmount"))),
        ("createdDate", Some(r.string("createdDate"))),
        ("procDate", Some(r.string("procDate"))),
        ("providerServCode", Some(serv)),
        ("providerName", Some(r.string("providerName"))),
        ("errorCode", Some(r.code("errorCode"))),
        ("error", Some(r.string("error"))),
        ("message", Some(r.string("message"))),
        ("provisionServices", Some(r.boolean("provisionServices"))),
    ]);
    finish(result, r)
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

fn method_type(r: &mut Reader<'_>) -> Value {
    match r.string("methodType") {
        Value::String(m) => Value::String(m.to_ascii_uppercase()),
        _ => {
            r.report.warn("methodType", "required", "is missing from the answer; GET assumed (what the docs' examples send)");
            Value::str("GET")
        }
    }
}

/// Payment creation (`do/payment/anonymous`, `do/payment`) and card registration:
/// `{regPayNum, methodType, payUrl, userToken, payUrlImg, userPhone}`.
fn parse_pay_link(body: &Value) -> Parsed {
    let mut r = Reader::new(body);
    let result = object([
        ("regPayNum", Some(r.reg_pay_num("regPayNum", true))),
        ("methodType", Some(method_type(&mut r))),
        ("payUrl", Some(r.required_string("payUrl"))),
        ("userToken", Some(r.string("userToken"))),
        ("payUrlImg", Some(r.string("payUrlImg"))),
        ("userPhone", Some(r.string("userPhone"))),
    ]);
    finish(result, r)
}

/// `user/status`, `user/registration`: `{login, email, name, surName, middleName, state, userToken}`.
fn parse_user(body: &Value) -> Parsed {
    let mut r = Reader::new(body);
    let result = object([
        ("login", Some(r.required_string("login"))),
        ("email", Some(r.string("email"))),
        ("name", Some(r.string("name"))),
        ("surName", Some(r.string("surName"))),
        ("middleName", Some(r.string("middleName"))),
        ("state", Some(r.one_of("state", &USER_STATES, "unknown_user_state", true))),
        ("userToken", Some(r.required_string("userToken"))),
    ]);
    finish(result, r)
}

/// `get/cards`: `{userToken, cards: [{cardMask, cardToken, cardType, state, exp}]}`.
fn parse_cards(body: &Value) -> Parsed {
    let mut r = Reader::new(body);
    let user_token = r.required_string("userToken");
    let mut cards = Vec::new();
    match body.get("cards") {
        Some(Value::Array(list)) => {
            for (i, card) in list.iter().take(MAX_CARDS).enumerate() {
                let mut c = Reader::new(card);
                if card.as_object().is_none() {
                    r.report.warn(crate::error::index_path("cards", i), "invalid_type", "is not an object; skipped");
                    continue;
                }
                let value = object([
                    ("cardMask", Some(c.string("cardMask"))),
                    ("cardToken", Some(c.required_string("cardToken"))),
                    ("cardType", Some(c.one_of("cardType", &CARD_TYPES, "unknown_card_type", false))),
                    ("state", Some(c.one_of("state", &CARD_STATES, "unknown_card_state", false))),
                    ("exp", Some(c.string("exp"))),
                ]);
                let prefix = |issue: Issue| Issue { path: member_path(&crate::error::index_path("cards", i), &issue.path), ..issue };
                c.report.warnings.into_iter().map(prefix).for_each(|w| r.report.warn(w.path, w.code, w.message));
                c.report.issues.into_iter().map(prefix).for_each(|e| r.report.push_error(e));
                cards.push(value);
            }
        }
        None | Some(Value::Null) => r.report.warn("cards", "required", "is missing from the answer; read as no cards"),
        Some(other) => r.report.error("cards", "invalid_type", cat(&["should be an array, got ", other.type_name()])),
    }
    let result = object([("userToken", Some(user_token)), ("cards", Some(Value::Array(cards)))]);
    finish(result, r)
}

/// `card/deactivation`, refund: `{resultState, success, desc, userToken}`.
fn parse_result_state(body: &Value) -> Parsed {
    let mut r = Reader::new(body);
    let state = r.one_of("resultState", &RESULT_STATES, "unknown_result_state", true);
    let success = state.as_str() == Some("success");
    let result = object([
        ("resultState", Some(state)),
        ("success", Some(Value::Bool(success))),
        ("desc", Some(r.string("desc"))),
        ("userToken", Some(r.string("userToken"))),
    ]);
    finish(result, r)
}

/// The result of a 2xx answer to `op`.
pub fn parse_result(op: Operation, body: &Value) -> Parsed {
    if body.as_object().is_none() {
        return Err(not_an_object(body));
    }
    match op {
        Operation::AnonymousPayment | Operation::RecurrentPayment | Operation::CardRegistration => parse_pay_link(body),
        Operation::UserRegistration | Operation::UserStatus => parse_user(body),
        Operation::CardList => parse_cards(body),
        Operation::CardDeactivation | Operation::Refund => parse_result_state(body),
        Operation::PaymentStatus => parse_payment_status(body),
    }
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
    pub fn to_value(&self) -> Value {
        match self {
            Outcome::Done(result, warnings) => object([
                ("ok", Some(Value::Bool(true))),
                ("result", Some(result.clone())),
                ("warnings", Some(issues_to_value(warnings))),
            ]),
            Outcome::Action(action) => object([("ok", Some(Value::Bool(false))), ("action", Some(action.clone()))]),
            Outcome::Failed(e) => object([("ok", Some(Value::Bool(false))), ("error", Some(e.to_value()))]),
        }
    }
}

/// One answer of the gateway to `op`: its HTTP status and body (a JSON value, or the raw text as
/// `Err`). An error is a status outside 200..=299 or a body with a non-null `code` member.
pub fn parse_response(op: Operation, status: u16, body: &Result<Value, String>) -> Outcome {
    // `code: 0` is "no error" where a gateway writes it on success.
    let has_code = matches!(body, Ok(b) if b.get("code").is_some_and(|c| !c.is_null() && parse_code(c) != Some(0)));
    if !(200..=299).contains(&status) || has_code {
        let e = GatewayError::from_body(body, Some(status));
        return match e.action.clone() {
            Some(action) => Outcome::Action(action),
            None => Outcome::Failed(e),
        };
    }
    let parsed = match body {
        Ok(v) => parse_result(op, v),
        Err(_) => Err(vec![Issue::new("", "invalid_json", "the answer is not JSON")]),
    };
    match parsed {
        Ok((result, warnings)) => Outcome::Done(result, warnings),
        Err(issues) => {
            let mut e = GatewayError::from_body(&Err(String::new()), Some(status));
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
            Outcome::Failed(e)
        }
    }
}

#[cfg(test)]
mod tests;
