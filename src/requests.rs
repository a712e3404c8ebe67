//! One request builder and validator per operation of the Shop API.
//!
//! Each operation is a table of fields (wire name exactly as the gateway spells it, required or not,
//! and the kind of value, checked by [`fields`]). [`validate`] reads any JSON value and returns every
//! problem at once, each at its path with a stable code; warnings (dropped unknown fields, an items
//! total that differs from `amount`, ...) come separately and become errors in strict mode. The request
//! it builds holds only the fields of the table, normalised for the wire (amounts as decimal strings,
//! booleans as booleans), in the table's order.
//!
//! A `null` optional field counts as absent; a `null` required field is `required`.

pub mod boundary;
pub mod fields;

use crate::error::{At, ApiError, Issue, Report, ROOT};
use crate::json::{self, object, push_bool, push_u64, write_string, Doc, Node, Value};
use crate::money::Kopecks;
use crate::order;
use crate::order_note;
use fields::{cat, say};

/// An operation of the Shop API.
#[derive(Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub enum Operation {
    /// `do/payment/anonymous`: a payment on the hosted card form, no saved card.
    AnonymousPayment,
    /// `user/registration`: registers a payer (by phone) for saved cards.
    UserRegistration,
    /// `user/status`: a registered payer's state and token.
    UserStatus,
    /// `card/registration`: links a card to a payer (a small charge that is returned).
    CardRegistration,
    /// `get/cards`: a payer's saved cards.
    CardList,
    /// `card/deactivation`: removes a saved card.
    CardDeactivation,
    /// `do/payment`: a payment by a registered payer, with a saved card or the form.
    RecurrentPayment,
    /// `check/payment/state`: a payment's state.
    PaymentStatus,
    /// `provision-services/refund` (path not in our copy of the docs): a full or partial refund.
    Refund,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    ServiceCode,
    /// Kopecks, more than 0.
    Amount,
    /// Kopecks, 0 or more.
    NonNegativeAmount,
    Phone,
    Email,
    PersonName,
    Token,
    /// A token, `cardToken` (the cross-field check looks for it).
    CardToken,
    PayType,
    ClientType,
    Flag,
    BestBefore,
    HoldTtl,
    FiscalType,
    Url,
    Properties,
    OrderNote,
    OrderItems,
    ClientAuInfo,
    RegPayNum,
    Note,
    // The members of the nested objects.
    /// An order item's `num`: a whole number from 1, unique in the order.
    ItemNum,
    /// An order item's `quantity`.
    Quantity,
    /// An order item's `price`: kopecks, 0 or more, sent as a JSON number.
    Price,
    /// An order item's `tax`.
    Tax,
    /// A property's `value`: text, may be empty.
    PropValue,
    /// `clientAuInfo.ipAddress`: may be empty, else IP characters.
    Ip,
    /// `clientAuInfo.agentName`: may be empty.
    Agent,
    /// `clientAuInfo.authenticationInfo`: base64.
    AuthInfo,
}

#[derive(Clone, Copy)]
struct Field {
    name: &'static str,
    /// The member as the request writes it after another: `,"name":`.
    key: &'static str,
    required: bool,
    kind: Kind,
}

/// A required field: `req!("name", Kind)`.
macro_rules! req {
    ($name:literal, $kind:expr) => {
        Field { name: const { concat!(",\"", $name, "\":").split_at(2).1.split_at($name.len()).0 }, key: concat!(",\"", $name, "\":"), required: true, kind: $kind }
    };
}

/// An optional field: `opt!("name", Kind)`.
macro_rules! opt {
    ($name:literal, $kind:expr) => {
        Field { name: const { concat!(",\"", $name, "\":").split_at(2).1.split_at($name.len()).0 }, key: concat!(",\"", $name, "\":"), required: false, kind: $kind }
    };
}

use Kind::*;

/// The optional fields of both payments that public integrations send beyond the docs' table.
const PAYMENT_EXTRAS: &[Field] = &[
    opt!("userPhone", Phone),
    opt!("userEmail", Email),
    opt!("fiscalType", FiscalType),
    opt!("holdTtl", HoldTtl),
    opt!("orderBestBefore", BestBefore),
    opt!("needRegCard", Flag),
    opt!("successUrl", Url),
    opt!("failUrl", Url),
    opt!("cbUrl", Url),
];

/// The last fields of both payments: what the payer sees and what the receipt holds.
const PAYMENT_TAIL: &[Field] = &[opt!("orderNote", OrderNote), req!("properties", Properties), opt!("orderItems", OrderItems)];

/// The most fields an operation has (the recurrent payment's).
const MAX_FIELDS: usize = 21;

/// The fields of `groups` one after the other (`N` of them in all: a wrong `N` does not compile).
const fn fields_of<const N: usize>(groups: &[&[Field]]) -> [Field; N] {
    let mut out = [opt!("", Note); N];
    let (mut n, mut g) = (0, 0);
    while g < groups.len() {
        let mut i = 0;
        while i < groups[g].len() {
            out[n] = groups[g][i];
            n += 1;
            i += 1;
        }
        g += 1;
    }
    assert!(n == N, "N is not the number of fields");
    out
}

/// `do/payment/anonymous`: the docs' table, plus `orderItems` (in the docs' example), `cardToken` and
/// [`PAYMENT_EXTRAS`].
const ANONYMOUS_PAYMENT: [Field; 18] = fields_of(&[
    &[
        req!("serviceCode", ServiceCode),
        req!("amount", Amount),
        req!("comission", NonNegativeAmount),
        opt!("cardToken", CardToken),
        opt!("payType", PayType),
        opt!("clientType", ClientType),
    ],
    PAYMENT_EXTRAS,
    PAYMENT_TAIL,
]);

/// `do/payment`: the docs' table (with `clientAuInfo`, for recurrent payments only), plus
/// `orderItems` and [`PAYMENT_EXTRAS`].
const RECURRENT_PAYMENT: [Field; MAX_FIELDS] = fields_of(&[
    &[
        req!("serviceCode", ServiceCode),
        req!("userToken", Token),
        req!("amount", Amount),
        req!("comission", NonNegativeAmount),
        opt!("cardToken", CardToken),
        opt!("enableSMSConfirm", Flag),
        opt!("payType", PayType),
        opt!("clientType", ClientType),
    ],
    PAYMENT_EXTRAS,
    &[opt!("clientAuInfo", ClientAuInfo)],
    PAYMENT_TAIL,
]);

const USER_REGISTRATION: &[Field] = &[
    req!("login", Phone),
    opt!("email", Email),
    opt!("name", PersonName),
    opt!("surName", PersonName),
    opt!("middleName", PersonName),
];
const USER_STATUS: &[Field] = &[req!("login", Phone)];
const CARD_REGISTRATION: &[Field] = &[req!("userToken", Token), opt!("clientType", ClientType)];
const CARD_LIST: &[Field] = &[req!("userToken", Token)];
const CARD_DEACTIVATION: &[Field] = &[req!("userToken", Token), req!("cardToken", CardToken)];
const PAYMENT_STATUS: &[Field] = &[req!("regPayNum", RegPayNum)];
const REFUND: &[Field] = &[
    req!("regPayNum", RegPayNum),
    req!("note", Note),
    req!("refundAmount", Amount),
    req!("remainingAmount", NonNegativeAmount),
];

/// The members of an order item, in wire order (names and items are [`PersonName`]'s 128 characters).
const ITEM: &[Field] = &[
    req!("num", ItemNum),
    req!("name", PersonName),
    req!("quantity", Quantity),
    req!("price", Price),
    req!("tax", Tax),
];
const PROPERTY: &[Field] = &[req!("name", PersonName), req!("value", PropValue)];
const CLIENT_AU_INFO: &[Field] = &[req!("ipAddress", Ip), req!("agentName", Agent), req!("authenticationInfo", AuthInfo)];

/// Each operation's fields, in the order of [`Operation::ALL`].
const SPECS: [&[Field]; 9] = [
    &ANONYMOUS_PAYMENT,
    USER_REGISTRATION,
    USER_STATUS,
    CARD_REGISTRATION,
    CARD_LIST,
    CARD_DEACTIVATION,
    &RECURRENT_PAYMENT,
    PAYMENT_STATUS,
    REFUND,
];

impl Operation {
    /// Every operation, in the docs' order.
    pub const ALL: [Operation; 9] = [
        Operation::AnonymousPayment,
        Operation::UserRegistration,
        Operation::UserStatus,
        Operation::CardRegistration,
        Operation::CardList,
        Operation::CardDeactivation,
        Operation::RecurrentPayment,
        Operation::PaymentStatus,
        Operation::Refund,
    ];

    /// `(name, path)` of each operation, in the order of [`Operation::ALL`].
    const NAMES: [(&'static str, &'static str); 9] = [
        ("anonymousPayment", "do/payment/anonymous"),
        ("userRegistration", "user/registration"),
        ("userStatus", "user/status"),
        ("cardRegistration", "card/registration"),
        ("cardList", "get/cards"),
        ("cardDeactivation", "card/deactivation"),
        ("recurrentPayment", "do/payment"),
        ("paymentStatus", "check/payment/state"),
        // Not in our copy of the docs; public integrations call this path (for cancelling a hold).
        ("refund", "provision-services/refund"),
    ];

    /// The operation's name in the JS API (`anonymousPayment`).
    pub fn name(self) -> &'static str {
        Operation::NAMES[self as usize].0
    }

    /// The gateway path, relative to `/api-shop/` (`do/payment/anonymous`).
    pub fn path(self) -> &'static str {
        Operation::NAMES[self as usize].1
    }

    /// The operation with this JS name.
    pub fn from_name(name: &str) -> Option<Operation> {
        let mut i = 0;
        while let Some((n, _)) = Operation::NAMES.get(i) {
            if *n == name {
                return Operation::ALL.get(i).copied();
            }
            i += 1;
        }
        None
    }

    /// The operation's fields in wire order.
    fn fields(self) -> &'static [Field] {
        SPECS.get(self as usize).copied().unwrap_or_default()
    }

    /// The wire names of the required fields, in order.
    pub fn required_fields(self) -> Vec<&'static str> {
        self.fields().iter().filter(|f| f.required).map(|f| f.name).collect()
    }

    /// The wire names of the optional fields, in order.
    pub fn optional_fields(self) -> Vec<&'static str> {
        self.fields().iter().filter(|f| !f.required).map(|f| f.name).collect()
    }

    /// `{operation, path, required, optional}` as JSON.
    pub fn to_value(self) -> Value {
        let names = |v: Vec<&'static str>| Value::Array(v.into_iter().map(Value::str).collect());
        object([
            ("operation", Some(Value::str(self.name()))),
            ("path", Some(Value::str(self.path()))),
            ("required", Some(names(self.required_fields()))),
            ("optional", Some(names(self.optional_fields()))),
        ])
    }
}

/// The names of every operation, for messages.
pub fn operation_names() -> String {
    OPERATION_NAMES.to_string()
}

/// The names of every operation joined with `", "` (a test checks it against [`Operation::ALL`]).
const OPERATION_NAMES: &str =
    "anonymousPayment, userRegistration, userStatus, cardRegistration, cardList, cardDeactivation, recurrentPayment, paymentStatus, refund";

/// The operation named `name`, or the `unknown_operation` issue.
pub fn operation_named(name: &str) -> Result<Operation, Issue> {
    Operation::from_name(name).ok_or_else(|| {
        Issue::new("", "unknown_operation", cat(&[&fields::sample(name), " is not an operation; use one of ", OPERATION_NAMES]))
    })
}

/// How to validate.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub struct Options {
    /// Warnings become errors.
    pub strict: bool,
    /// The current time in epoch seconds, for `orderBestBefore`; `None` skips the "in the future"
    /// check (the wasm exports fill it from the JS clock when the caller gives none).
    pub now: Option<u64>,
}

impl Options {
    /// Reads `{strict?, now?}` (`null` or absent is the default); problems are issues at `options.…`.
    pub fn from_value(value: Option<&Value>, report: &mut Report) -> Options {
        let doc = value.map(Doc::of);
        Options::from_node(doc.as_ref().map(Doc::root), report)
    }

    /// [`Options::from_value`] of a [`Node`].
    pub(crate) fn from_node(value: Option<Node<'_>>, report: &mut Report) -> Options {
        let mut options = Options::default();
        let Some(value) = value.filter(|v| !v.is_null()) else { return options };
        let at = At::Path("options");
        let json::Kind::Object(members) = value.kind() else {
            fields::type_error(value, &at, report, "an object {strict, now}");
            return options;
        };
        fields::warn_unknown_members(members, &["strict", "now"], &at, "the options", report);
        if let Some(v) = value.present("strict") {
            options.strict = fields::flag(v, &at.key("strict"), report).unwrap_or(false);
        }
        if let Some(v) = value.present("now") {
            let at = at.key("now");
            match crate::money::whole_number(v) {
                Ok(now) if now >= fields::EPOCH_MS_THRESHOLD => {
                    report.err(&at, "epoch_milliseconds", "looks like epoch milliseconds; give the current time in seconds")
                }
                Ok(now) => options.now = Some(now),
                Err(e) => e.report(&at, report),
            }
        }
        options
    }
}

/// The verdict on one request.
#[derive(Clone, PartialEq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub struct Validated {
    /// The request to send, present only when there is no issue.
    pub request: Option<Value>,
    /// Every problem.
    pub issues: Vec<Issue>,
    /// Remarks (empty in strict mode, where they are issues).
    pub warnings: Vec<Issue>,
}

impl Validated {
    /// An invalid verdict with one issue.
    pub fn refused(issue: Issue) -> Validated {
        Validated { request: None, issues: vec![issue], warnings: vec![] }
    }

    /// `{ok, request, issues, warnings}` as JSON (`request` is `null` unless `ok`).
    pub fn to_value(&self) -> Value {
        object([
            ("ok", Some(Value::Bool(self.request.is_some()))),
            ("request", Some(self.request.clone().unwrap_or(Value::Null))),
            ("issues", Some(crate::error::issues_to_value(&self.issues))),
            ("warnings", Some(crate::error::issues_to_value(&self.warnings))),
        ])
    }

    /// `{request, warnings}`, or the validation error carrying `issues` and `warnings`.
    pub fn into_result(self) -> Result<Value, ApiError> {
        match self.request {
            Some(request) => Ok(object([
                ("request", Some(request)),
                ("warnings", Some(crate::error::issues_to_value(&self.warnings))),
            ])),
            None => Err(ApiError::validation(self.issues, self.warnings)),
        }
    }
}

/// The verdict as the validators leave it: the request to send as JSON text (only when there is no
/// issue) and the report.
pub(crate) struct Verdict {
    pub(crate) request: Option<String>,
    pub(crate) report: Report,
}

impl Verdict {
    pub(crate) fn refused(issue: Issue) -> Verdict {
        Verdict { request: None, report: Report { issues: vec![issue], warnings: Vec::new() } }
    }

    /// The public form: the request as a [`Value`].
    fn validated(self) -> Validated {
        // The text is JSON the core wrote itself, so it always parses.
        let request = self.request.and_then(|text| json::parse(&text).ok());
        Validated { request, issues: self.report.issues, warnings: self.report.warnings }
    }

    /// Writes `{ok, request, issues, warnings}` (what [`Validated::to_value`] gives) as JSON text.
    pub(crate) fn write(&self, out: &mut String) {
        out.push_str("{\"ok\":");
        push_bool(out, self.request.is_some());
        out.push_str(",\"request\":");
        out.push_str(self.request.as_deref().unwrap_or("null"));
        self.write_lists(out, true);
    }

    /// Writes `,"issues":[…],"warnings":[…]}` (`issues` left out unless `with_issues`).
    pub(crate) fn write_lists(&self, out: &mut String, with_issues: bool) {
        if with_issues {
            out.push_str(",\"issues\":");
            crate::error::write_issues(&self.report.issues, out);
        }
        out.push_str(",\"warnings\":");
        crate::error::write_issues(&self.report.warnings, out);
        out.push('}');
    }
}

/// What the checks need beyond one field: the clock, what the checks across fields read, and the
/// order items' state.
pub(crate) struct Ctx {
    now: Option<u64>,
    amount: Option<u64>,
    items_total: Option<u64>,
    /// `orderNote` is present.
    note: bool,
    /// `cardToken` is present.
    card: bool,
    /// `payType` is a string other than `card`.
    not_card: bool,
    /// The current order item's quantity (thousandths) and price, when valid.
    pub(crate) line: (Option<u64>, Option<u64>),
    /// The order items' nums seen so far, with the index of the item that had each.
    pub(crate) nums: Vec<(u64, usize)>,
}

impl Ctx {
    pub(crate) fn new(now: Option<u64>) -> Ctx {
        Ctx {
            now,
            amount: None,
            items_total: None,
            note: false,
            card: false,
            not_card: false,
            line: (None, None),
            nums: Vec::new(),
        }
    }
}

/// Checks one present, non-null field and writes its wire value to `out` (worthless when it reported
/// an error: then no request is sent).
fn check_field(kind: Kind, value: Node<'_>, at: &At<'_>, r: &mut Report, out: &mut String, cx: &mut Ctx) {
    let text = match kind {
        ServiceCode => fields::service_code(value, at, r),
        Phone => fields::phone(value, at, r),
        Email => fields::email(value, at, r),
        PersonName | Note | PropValue | FiscalType | Agent | Ip | AuthInfo => {
            let (max, allow_empty) = match kind {
                PersonName => (fields::MAX_NAME_CHARS, false),
                Note => (fields::MAX_TEXT_CHARS, false),
                PropValue => (fields::MAX_TEXT_CHARS, true),
                FiscalType => (fields::MAX_FISCAL_TYPE_CHARS, false),
                Agent => (fields::MAX_AGENT_CHARS, true),
                Ip => (fields::MAX_IP_CHARS, true),
                _ => (fields::MAX_AUTH_INFO_CHARS, false),
            };
            let s = fields::text(value, at, r, max, allow_empty);
            if let Some(s) = s {
                if kind == Ip && crate::money::any_byte(s, |b| !b.is_ascii_hexdigit() && b != b'.' && b != b':') {
                    fields::shape_error(at, r, "invalid_ip", "an IPv4 or IPv6 address", s);
                }
                if kind == AuthInfo && !fields::is_base64(s) {
                    r.err(at, "invalid_base64", "must be base64 (A-Z a-z 0-9 + / with = padding), as the SDK's fingerprint functions write it");
                }
            }
            s
        }
        Token | CardToken => {
            cx.card |= kind == CardToken;
            fields::token(value, at, r)
        }
        PayType => {
            cx.not_card = value.as_str().is_some_and(|p| p != "card");
            fields::one_of(value, at, r, &fields::PAY_TYPES, fields::PAY_TYPE_LIST)
        }
        ClientType => fields::one_of(value, at, r, &fields::CLIENT_TYPES, fields::CLIENT_TYPE_LIST),
        Tax => fields::one_of(value, at, r, &order::TAX_NAMES, order::TAX_LIST),
        Url => fields::url(value, at, r),
        OrderNote => {
            cx.note = true;
            order_note::check_node(value, at, r)
        }
        Amount | NonNegativeAmount | HoldTtl | Price => {
            let n = if kind == HoldTtl {
                fields::hold_ttl(value, at, r)
            } else {
                fields::kopecks(value, at, r, kind == Amount).map(|k| k.get())
            };
            if let Some(n) = n {
                // Only the payments have `orderItems`, and their one Amount is `amount`.
                if kind == Amount {
                    cx.amount = Some(n);
                }
                if kind == Price {
                    cx.line.1 = Some(n);
                    if r.is_ok() {
                        push_u64(out, n);
                    }
                } else if r.is_ok() {
                    out.push('"');
                    push_u64(out, n);
                    out.push('"');
                }
            }
            return;
        }
        ItemNum => {
            if let Some(n) = order::check_num(value, at, r, cx).filter(|_| r.is_ok()) {
                push_u64(out, n);
            }
            return;
        }
        Quantity => {
            if let Some(q) = order::parse_quantity(value, at, r) {
                cx.line.0 = Some(q.thousandths());
                if r.is_ok() {
                    q.write(out);
                }
            }
            return;
        }
        Flag => {
            if let Some(b) = fields::flag(value, at, r).filter(|_| r.is_ok()) {
                push_bool(out, b);
            }
            return;
        }
        BestBefore => {
            if let Some(s) = fields::best_before(value, at, r, cx.now).filter(|_| r.is_ok()) {
                push_u64(out, s);
            }
            return;
        }
        Properties => {
            let what = "{name, value} (the service's requisites)";
            let Some(items) = fields::bounded_array(value, at, r, fields::MAX_PROPERTIES, what) else { return };
            out.push('[');
            let mut i = 0;
            for item in items {
                if i > 0 {
                    out.push(',');
                }
                check_nested(PROPERTY, item, &at.index(i), r, out, cx, "an object {name, value}", "a property");
                i += 1;
            }
            out.push(']');
            return;
        }
        ClientAuInfo => {
            let what = "an object {ipAddress, agentName, authenticationInfo}";
            return check_nested(CLIENT_AU_INFO, value, at, r, out, cx, what, "clientAuInfo");
        }
        RegPayNum => {
            fields::reg_pay_num(value, at, r, out);
            return;
        }
        OrderItems => {
            cx.items_total = order::check_list(value, at, r, out, cx).map(Kopecks::get);
            return;
        }
    };
    if let Some(text) = text.filter(|_| r.is_ok()) {
        write_string(text, out);
    }
}

/// A nested object of the fields `spec` (`invalid_type`, must be `what` when it is not an object);
/// `name` names it in the `unknown_field` warning.
fn check_nested(spec: &[Field], value: Node<'_>, at: &At<'_>, r: &mut Report, out: &mut String, cx: &mut Ctx, what: &str, name: &str) {
    match value.kind() {
        json::Kind::Object(members) => check_members(spec, members, at, r, out, cx, &[name]),
        _ => fields::type_error(value, at, r, what),
    }
}

/// One order item (`at` is `orderItems[i]`).
pub(crate) fn check_item(item: Node<'_>, at: &At<'_>, r: &mut Report, out: &mut String, cx: &mut Ctx) {
    check_nested(ITEM, item, at, r, out, cx, "an object {num, name, quantity, price, tax}", "an order item");
}

/// Checks the members of an object against the fields `spec` and writes the object of the valid ones
/// to `out` (worthless when it reported an error); members of other names are dropped with an
/// `unknown_field` warning ("is not a field of {what}"). A `null` member counts as absent.
fn check_members(spec: &[Field], members: json::Members<'_>, at: &At<'_>, r: &mut Report, out: &mut String, cx: &mut Ctx, what: &[&str]) {
    // Each field's member (the last one when a key repeats), found in one pass over the members.
    let mut slots: [Option<Node<'_>>; MAX_FIELDS] = [None; MAX_FIELDS];
    let mut unknown = false;
    // Members mostly come in the table's order: the field after the last one found is tried first.
    let mut next = 0;
    for (key, v) in members.clone() {
        let i = match spec.get(next) {
            Some(f) if f.name == key => Some(next),
            _ => field_index(spec, key),
        };
        match i {
            Some(i) => {
                next = i + 1;
                if let Some(slot) = slots.get_mut(i) {
                    *slot = Some(v);
                }
            }
            None => unknown = true,
        }
    }
    // The top level says a `null` required field is null; the nested objects do not.
    let top = matches!(at, At::Path(""));
    let mut first = true;
    for (field, slot) in spec.iter().zip(slots.iter()) {
        let at = at.key(field.name);
        match *slot {
            Some(v) if !v.is_null() => {
                // After an error nothing is sent: the request is no longer written then.
                if r.is_ok() {
                    if first {
                        out.push('{');
                        out.push_str(field.key.get(1..).unwrap_or_default());
                    } else {
                        out.push_str(field.key);
                    }
                    first = false;
                }
                check_field(field.kind, v, &at, r, out, cx);
            }
            Some(_) if field.required && top => r.err(&at, "required", "is required (got null)"),
            _ if field.required => r.err(&at, "required", "is required"),
            _ => {}
        }
    }
    out.push_str(if first { "{}" } else { "}" });
    if unknown {
        let mut dropped = String::from("is not a field of ");
        for p in what {
            dropped.push_str(p);
        }
        dropped.push_str("; it was dropped");
        for (key, _) in members {
            if field_index(spec, key).is_none() {
                r.add(true, &at.key(key), "unknown_field", dropped.clone());
            }
        }
    }
}

/// The index of the field named `key` in `spec`.
#[inline(never)]
fn field_index(spec: &[Field], key: &str) -> Option<usize> {
    spec.iter().position(|f| f.name == key)
}

/// Validates `input` for `op`, writing the request the gateway receives as JSON text.
pub(crate) fn check(op: Operation, input: Node<'_>, options: &Options) -> Verdict {
    let mut report = Report::new();
    let json::Kind::Object(members) = input.kind() else {
        report.add(
            false,
            &ROOT,
            "invalid_type",
            cat(&["the ", op.name(), " request must be an object of its fields, got ", input.type_name()]),
        );
        return Verdict { request: None, report };
    };
    let mut out = String::with_capacity(1024);
    let mut cx = Ctx::new(options.now);
    check_members(op.fields(), members, &ROOT, &mut report, &mut out, &mut cx, &[op.name(), " (", op.path(), ")"]);
    cross_checks(op, &cx, &mut report);
    if options.strict {
        report.make_warnings_errors();
    }
    let request = report.is_ok().then_some(out);
    Verdict { request, report }
}

fn cross_checks(op: Operation, seen: &Ctx, report: &mut Report) {
    if let (Some(amount), Some(total)) = (seen.amount, seen.items_total) {
        if total != amount {
            report.add(
                true,
                &At::Path("orderItems"),
                "items_total_mismatch",
                say(&["the items add up to ", " kopecks (quantity × price per line, rounded half up), but amount is ", ""], &[total, amount]),
            );
        }
    }
    if op == Operation::RecurrentPayment && seen.note && (seen.card || seen.not_card) {
        report.add(
            true,
            &At::Path("orderNote"),
            "order_note_not_shown",
            "the payer sees orderNote only on the card form: with cardToken, or a payType other than card, it is not shown".to_string(),
        );
    }
}

/// Validates `input` for `op` and builds the request the gateway receives.
pub fn validate(op: Operation, input: &Value, options: &Options) -> Validated {
    check(op, Doc::of(input).root(), options).validated()
}

/// Like [`validate`], for an operation named in the JS API; an unknown name is `unknown_operation`.
pub fn validate_named(name: &str, input: &Value, options: &Options) -> Validated {
    match operation_named(name) {
        Ok(op) => validate(op, input, options),
        Err(issue) => Validated::refused(issue),
    }
}

/// The request for `op`, with its warnings, or the validation error listing every problem.
pub fn build(op: Operation, input: &Value, options: &Options) -> Result<Value, ApiError> {
    validate(op, input, options).into_result()
}

/// `orderBestBefore` from a time or a duration: absolute UTC epoch seconds.
#[derive(Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub enum BestBeforeFrom {
    /// A JS Date's epoch milliseconds (the fraction of a second is dropped).
    DateMillis(u64),
    /// A duration in seconds from now.
    Seconds(u64),
}

/// Builds `orderBestBefore`: a Date (epoch ms) in the future, or a duration in seconds (1 ..
/// 1_000_000_000; a larger number is an epoch time passed by mistake and refused: `epoch_milliseconds`
/// or `epoch_seconds`).
pub fn order_best_before(from: BestBeforeFrom, now: u64) -> Result<u64, Issue> {
    match from {
        BestBeforeFrom::DateMillis(ms) => {
            let seconds = ms / 1000;
            if seconds <= now {
                return Err(Issue::new(
                    "",
                    "in_the_past",
                    say(&["the date must be in the future: ", " s is not after now (", " s)"], &[seconds, now]),
                ));
            }
            Ok(seconds)
        }
        BestBeforeFrom::Seconds(0) => Err(Issue::new("", "not_positive", "the duration must be more than 0 seconds")),
        BestBeforeFrom::Seconds(s) if s >= fields::EPOCH_MS_THRESHOLD => Err(Issue::new(
            "",
            "epoch_milliseconds",
            "looks like epoch milliseconds, not a duration in seconds: pass a Date for an absolute time",
        )),
        BestBeforeFrom::Seconds(s) if s >= fields::EPOCH_SECONDS_FLOOR => Err(Issue::new(
            "",
            "epoch_seconds",
            "looks like an absolute time in epoch seconds, not a duration: pass a Date for an absolute time",
        )),
        // The answer must stay a number JS reads exactly (a caller may override the clock).
        BestBeforeFrom::Seconds(s) => now.checked_add(s).filter(|t| *t <= crate::money::MAX_SAFE_INTEGER).ok_or_else(|| {
            Issue::new("", "too_large", "now plus the duration is past Number.MAX_SAFE_INTEGER seconds")
        }),
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod constant_tests {
    use super::*;

    #[test]
    fn operation_names_are_the_table() {
        let joined = Operation::ALL.iter().map(|op| op.name()).collect::<Vec<_>>().join(", ");
        assert_eq!(operation_names(), joined);
    }
}
