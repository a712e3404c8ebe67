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

use crate::error::{member_path, ApiError, Issue, Report};
use crate::json::{object, Value};
use crate::money::Kopecks;
use crate::order::{self, OrderItem};
use crate::order_note;

/// An operation of the Shop API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
}

#[derive(Clone, Copy, Debug)]
struct Field {
    name: &'static str,
    required: bool,
    kind: Kind,
}

const fn req(name: &'static str, kind: Kind) -> Field {
    Field { name, required: true, kind }
}

const fn opt(name: &'static str, kind: Kind) -> Field {
    Field { name, required: false, kind }
}

use Kind::*;

/// The optional fields of both payments that public integrations send beyond the docs' table.
const PAYMENT_EXTRAS: &[Field] = &[
    opt("userPhone", Phone),
    opt("userEmail", Email),
    opt("fiscalType", FiscalType),
    opt("holdTtl", HoldTtl),
    opt("orderBestBefore", BestBefore),
    opt("needRegCard", Flag),
    opt("successUrl", Url),
    opt("failUrl", Url),
    opt("cbUrl", Url),
];

/// The last fields of both payments: what the payer sees and what the receipt holds.
const PAYMENT_TAIL: &[Field] = &[opt("orderNote", OrderNote), req("properties", Properties), opt("orderItems", OrderItems)];

/// `do/payment/anonymous`: the docs' table, plus `orderItems` (in the docs' example), `cardToken` and
/// [`PAYMENT_EXTRAS`].
const ANONYMOUS_PAYMENT: &[&[Field]] = &[
    &[
        req("serviceCode", ServiceCode),
        req("amount", Amount),
        req("comission", NonNegativeAmount),
        opt("cardToken", Token),
        opt("payType", PayType),
        opt("clientType", ClientType),
    ],
    PAYMENT_EXTRAS,
    PAYMENT_TAIL,
];

/// `do/payment`: the docs' table (with `clientAuInfo`, for recurrent payments only), plus
/// `orderItems` and [`PAYMENT_EXTRAS`].
const RECURRENT_PAYMENT: &[&[Field]] = &[
    &[
        req("serviceCode", ServiceCode),
        req("userToken", Token),
        req("amount", Amount),
        req("comission", NonNegativeAmount),
        opt("cardToken", Token),
        opt("enableSMSConfirm", Flag),
        opt("payType", PayType),
        opt("clientType", ClientType),
    ],
    PAYMENT_EXTRAS,
    &[opt("clientAuInfo", ClientAuInfo)],
    PAYMENT_TAIL,
];

const USER_REGISTRATION: &[Field] = &[
    req("login", Phone),
    opt("email", Email),
    opt("name", PersonName),
    opt("surName", PersonName),
    opt("middleName", PersonName),
];
const USER_STATUS: &[Field] = &[req("login", Phone)];
const CARD_REGISTRATION: &[Field] = &[req("userToken", Token), opt("clientType", ClientType)];
const CARD_LIST: &[Field] = &[req("userToken", Token)];
const CARD_DEACTIVATION: &[Field] = &[req("userToken", Token), req("cardToken", Token)];
const PAYMENT_STATUS: &[Field] = &[req("regPayNum", RegPayNum)];
const REFUND: &[Field] = &[
    req("regPayNum", RegPayNum),
    req("note", Note),
    req("refundAmount", Amount),
    req("remainingAmount", NonNegativeAmount),
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

    /// The operation's name in the JS API (`anonymousPayment`).
    pub fn name(self) -> &'static str {
        match self {
            Operation::AnonymousPayment => "anonymousPayment",
            Operation::UserRegistration => "userRegistration",
            Operation::UserStatus => "userStatus",
            Operation::CardRegistration => "cardRegistration",
            Operation::CardList => "cardList",
            Operation::CardDeactivation => "cardDeactivation",
            Operation::RecurrentPayment => "recurrentPayment",
            Operation::PaymentStatus => "paymentStatus",
            Operation::Refund => "refund",
        }
    }

    /// The gateway path, relative to `/api-shop/` (`do/payment/anonymous`).
    pub fn path(self) -> &'static str {
        match self {
            Operation::AnonymousPayment => "do/payment/anonymous",
            Operation::UserRegistration => "user/registration",
            Operation::UserStatus => "user/status",
            Operation::CardRegistration => "card/registration",
            Operation::CardList => "get/cards",
            Operation::CardDeactivation => "card/deactivation",
            Operation::RecurrentPayment => "do/payment",
            Operation::PaymentStatus => "check/payment/state",
            // Not in our copy of the docs; public integrations call this path (for cancelling a hold).
            Operation::Refund => "provision-services/refund",
        }
    }

    /// The operation with this JS name.
    pub fn from_name(name: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|op| op.name() == name)
    }

    /// The operation's fields in wire order.
    fn fields(self) -> impl Iterator<Item = &'static Field> + Clone {
        let groups: &'static [&'static [Field]] = match self {
            Operation::AnonymousPayment => ANONYMOUS_PAYMENT,
            Operation::UserRegistration => &[USER_REGISTRATION],
            Operation::UserStatus => &[USER_STATUS],
            Operation::CardRegistration => &[CARD_REGISTRATION],
            Operation::CardList => &[CARD_LIST],
            Operation::CardDeactivation => &[CARD_DEACTIVATION],
            Operation::RecurrentPayment => RECURRENT_PAYMENT,
            Operation::PaymentStatus => &[PAYMENT_STATUS],
            Operation::Refund => &[REFUND],
        };
        groups.iter().flat_map(|g| g.iter())
    }

    /// The wire names of the required fields, in order.
    pub fn required_fields(self) -> Vec<&'static str> {
        self.fields().filter(|f| f.required).map(|f| f.name).collect()
    }

    /// The wire names of the optional fields, in order.
    pub fn optional_fields(self) -> Vec<&'static str> {
        self.fields().filter(|f| !f.required).map(|f| f.name).collect()
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
    Operation::ALL.iter().map(|op| op.name()).collect::<Vec<_>>().join(", ")
}

/// The operation named `name`, or the `unknown_operation` issue.
pub fn operation_named(name: &str) -> Result<Operation, Issue> {
    Operation::from_name(name).ok_or_else(|| {
        Issue::new(
            "",
            "unknown_operation",
            format!("{} is not an operation; use one of {}", fields::sample(name), operation_names()),
        )
    })
}

/// How to validate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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
        let mut options = Options::default();
        let Some(value) = value.filter(|v| !v.is_null()) else { return options };
        let Value::Object(members) = value else {
            report.error("options", "invalid_type", format!("must be an object {{strict, now}}, got {}", value.type_name()));
            return options;
        };
        fields::warn_unknown_members(members, &["strict", "now"], "options", "the options", report);
        if let Some(v) = value.get("strict").filter(|v| !v.is_null()) {
            options.strict = fields::flag(v, "options.strict", report).unwrap_or(false);
        }
        if let Some(v) = value.get("now").filter(|v| !v.is_null()) {
            match crate::money::parse_whole_number(v) {
                Ok(now) if now >= fields::EPOCH_MS_THRESHOLD => report.error(
                    "options.now",
                    "epoch_milliseconds",
                    "looks like epoch milliseconds; give the current time in seconds",
                ),
                Ok(now) => options.now = Some(now),
                Err(e) => fields::amount_error(e, "options.now", report),
            }
        }
        options
    }
}

/// The verdict on one request.
#[derive(Clone, Debug, PartialEq)]
pub struct Validated {
    /// The request to send, present only when there is no issue.
    pub request: Option<Value>,
    /// Every problem.
    pub issues: Vec<Issue>,
    /// Remarks (empty in strict mode, where they are issues).
    pub warnings: Vec<Issue>,
}

impl Validated {
    fn from_report(request: Option<Value>, report: Report) -> Validated {
        let request = if report.is_ok() { request } else { None };
        Validated { request, issues: report.issues, warnings: report.warnings }
    }

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

/// What one field's check leaves for the checks across fields.
#[derive(Default)]
struct Seen {
    amount: Option<Kopecks>,
    items: Option<Vec<OrderItem>>,
}

fn check_field(field: &Field, value: &Value, report: &mut Report, options: &Options, seen: &mut Seen) -> Option<Value> {
    let path = field.name;
    let r = report;
    match field.kind {
        ServiceCode => fields::service_code(value, path, r).map(Value::String),
        Amount | NonNegativeAmount => {
            let k = fields::kopecks(value, path, r, field.kind == Amount)?;
            if path == "amount" {
                seen.amount = Some(k);
            }
            Some(k.to_wire())
        }
        Phone => fields::phone(value, path, r).map(Value::String),
        Email => fields::email(value, path, r).map(Value::String),
        PersonName => fields::text(value, path, r, fields::MAX_NAME_CHARS, false).map(Value::String),
        Note => fields::text(value, path, r, fields::MAX_TEXT_CHARS, false).map(Value::String),
        FiscalType => fields::text(value, path, r, fields::MAX_FISCAL_TYPE_CHARS, false).map(Value::String),
        Token => fields::token(value, path, r).map(Value::String),
        PayType => fields::one_of(value, path, r, &fields::PAY_TYPES).map(Value::str),
        ClientType => fields::one_of(value, path, r, &fields::CLIENT_TYPES).map(Value::str),
        Flag => fields::flag(value, path, r).map(Value::Bool),
        BestBefore => fields::best_before(value, path, r, options.now).map(Value::uint),
        HoldTtl => fields::hold_ttl(value, path, r),
        Url => fields::url(value, path, r).map(Value::String),
        Properties => fields::properties(value, path, r),
        OrderNote => order_note::check_value(value, path, r),
        OrderItems => {
            let items = order::check_items(value, path, r)?;
            let wire = Value::Array(items.iter().map(OrderItem::to_wire).collect());
            seen.items = Some(items);
            Some(wire)
        }
        ClientAuInfo => fields::client_au_info(value, path, r),
        RegPayNum => fields::reg_pay_num(value, path, r).map(Value::String),
    }
}

/// Validates `input` for `op` and builds the request the gateway receives.
pub fn validate(op: Operation, input: &Value, options: &Options) -> Validated {
    let mut report = Report::new();
    let Value::Object(members) = input else {
        report.error(
            "",
            "invalid_type",
            format!("the {} request must be an object of its fields, got {}", op.name(), input.type_name()),
        );
        return Validated::from_report(None, report);
    };
    let spec = op.fields();
    let mut seen = Seen::default();
    let mut out: Vec<(String, Value)> = Vec::new();
    for field in spec.clone() {
        match input.get(field.name) {
            Some(v) if !v.is_null() => {
                if let Some(wire) = check_field(field, v, &mut report, options, &mut seen) {
                    out.push((field.name.to_string(), wire));
                }
            }
            Some(_) if field.required => report.error(field.name, "required", "is required (got null)"),
            None if field.required => report.error(field.name, "required", "is required"),
            _ => {}
        }
    }
    for (key, _) in members {
        if !spec.clone().any(|f| f.name == key) {
            report.warn(
                member_path("", key),
                "unknown_field",
                format!("is not a field of {} ({}); it was dropped", op.name(), op.path()),
            );
        }
    }
    cross_checks(op, input, &seen, &mut report);
    if options.strict {
        report.make_warnings_errors();
    }
    Validated::from_report(Some(Value::Object(out)), report)
}

fn cross_checks(op: Operation, input: &Value, seen: &Seen, report: &mut Report) {
    if let (Some(amount), Some(items)) = (seen.amount, &seen.items) {
        if let Some(total) = order::items_total(items) {
            if total != amount {
                report.warn(
                    "orderItems",
                    "items_total_mismatch",
                    format!(
                        "the items add up to {total} kopecks (quantity × price per line, rounded half up), but amount is {amount}"
                    ),
                );
            }
        }
    }
    if op == Operation::RecurrentPayment && input.get("orderNote").is_some_and(|v| !v.is_null()) {
        let with_card = input.get("cardToken").is_some_and(|v| !v.is_null());
        let not_card = input.get("payType").and_then(Value::as_str).is_some_and(|p| p != "card");
        if with_card || not_card {
            report.warn(
                "orderNote",
                "order_note_not_shown",
                "the payer sees orderNote only on the card form: with cardToken, or a payType other than card, it is not shown",
            );
        }
    }
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
                return Err(Issue::new("", "in_the_past", format!("the date must be in the future: {seconds} s is not after now ({now} s)")));
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
        BestBeforeFrom::Seconds(s) => Ok(now + s),
    }
}

#[cfg(test)]
mod tests;
