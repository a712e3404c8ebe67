//! 3-D Secure browser data: the fields of the docs' `getFingerprint()`, normalised to the EMV 3DS
//! 2.2 limits with a report of what changed, encoded as `authenticationInfo` (base64 of UTF-8 JSON)
//! and wrapped as `clientAuInfo` `{ipAddress, agentName, authenticationInfo}`.
//!
//! Every rule is described in `docs/fingerprint.md`. Apart from the browser collector ([`browser`],
//! wasm32 only) everything here is pure and runs the same in the browser and in Node.

pub mod base64;
#[cfg(target_arch = "wasm32")]
pub mod browser;
pub mod decode;
pub mod enrich;
pub mod ip;
pub mod language;

use crate::error::{ApiError, Issue};
use crate::json::{object, Value};

pub use decode::{decode_client_au_info, Decoded};
pub use enrich::enrich_client_au_info;

/// `Date.getTimezoneOffset()`: minutes, UTC minus local time.
pub const TZ: &str = "browserTZ";
/// `screen.colorDepth`.
pub const COLOR_DEPTH: &str = "browserColorDepth";
/// `screen.height`.
pub const SCREEN_HEIGHT: &str = "browserScreenHeight";
/// `screen.width`.
pub const SCREEN_WIDTH: &str = "browserScreenWidth";
/// `navigator.language`.
pub const LANGUAGE: &str = "browserLanguage";
/// `navigator.userAgent`.
pub const USER_AGENT: &str = "browserUserAgent";
/// `navigator.javaEnabled()`.
pub const JAVA_ENABLED: &str = "browserJavaEnabled";
/// EMV 2.2's `browserJavascriptEnabled` (optional here: the docs' script does not send it).
pub const JAVASCRIPT_ENABLED: &str = "browserJavascriptEnabled";
/// The HTTP `Accept` header, filled by the proxy.
pub const ACCEPT_HEADER: &str = "browserAcceptHeader";
/// The payer's IP address, filled by the proxy.
pub const IP: &str = "browserIP";

/// The fields of the docs' script, in its `JSON.stringify` order.
pub const DOCS_FIELDS: [&str; 7] = [TZ, COLOR_DEPTH, SCREEN_HEIGHT, SCREEN_WIDTH, LANGUAGE, USER_AGENT, JAVA_ENABLED];

/// The colour depths EMV 3DS 2.2 allows.
pub const COLOR_DEPTHS: [u32; 8] = [1, 4, 8, 15, 16, 24, 32, 48];
/// The colour depth used when the value is missing, not a number, or not positive.
pub const DEFAULT_COLOR_DEPTH: u32 = 24;
/// `browserTZ` range in minutes: UTC+14 (Kiribati) is -840, UTC-12 is 720.
pub const TZ_MIN: i64 = -840;
/// See [`TZ_MIN`].
pub const TZ_MAX: i64 = 720;
/// Screen sizes have at most 6 digits.
pub const SCREEN_MAX: i64 = 999_999;
/// `browserUserAgent` and `browserAcceptHeader`: at most 2048 UTF-16 code units.
pub const TEXT_MAX: usize = 2048;

/// The browser data, normalised: every value within the EMV limits.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub struct BrowserInfo {
    /// Minutes, UTC minus local, `TZ_MIN..=TZ_MAX`.
    pub tz: i64,
    /// One of [`COLOR_DEPTHS`].
    pub color_depth: u32,
    /// `0..=SCREEN_MAX`.
    pub screen_height: i64,
    /// `0..=SCREEN_MAX`.
    pub screen_width: i64,
    /// A BCP 47 tag of at most 8 characters.
    pub language: String,
    /// At most [`TEXT_MAX`] UTF-16 code units.
    pub user_agent: String,
    /// `navigator.javaEnabled()`.
    pub java_enabled: bool,
    /// EMV 2.2 `browserJavascriptEnabled`, when given.
    pub javascript_enabled: Option<bool>,
    /// The `Accept` header the proxy saw.
    pub accept_header: Option<String>,
    /// The payer's IP address, canonical text.
    pub ip: Option<String>,
}

impl BrowserInfo {
    /// The info as JSON: the docs' seven fields in the docs' order, then the optional ones.
    pub fn to_value(&self) -> Value {
        object([
            (TZ, Some(Value::int(self.tz))),
            (COLOR_DEPTH, Some(Value::uint(self.color_depth.into()))),
            (SCREEN_HEIGHT, Some(Value::int(self.screen_height))),
            (SCREEN_WIDTH, Some(Value::int(self.screen_width))),
            (LANGUAGE, Some(Value::str(self.language.clone()))),
            (USER_AGENT, Some(Value::str(self.user_agent.clone()))),
            (JAVA_ENABLED, Some(Value::Bool(self.java_enabled))),
            (JAVASCRIPT_ENABLED, self.javascript_enabled.map(Value::Bool)),
            (ACCEPT_HEADER, self.accept_header.clone().map(Value::String)),
            (IP, self.ip.clone().map(Value::String)),
        ])
    }

    /// The same text as `to_value().to_json()`, written directly: this is on the path of every
    /// `clientAuInfo()` call, where building a [`Value`] and `core::fmt` cost more than the rest.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(220 + self.user_agent.len());
        self.write_json(&mut out);
        out
    }

    /// Appends the JSON text of [`BrowserInfo::to_json`] to `out`.
    pub fn write_json(&self, out: &mut String) {
        let numbers = [
            (TZ, self.tz),
            (COLOR_DEPTH, self.color_depth.into()),
            (SCREEN_HEIGHT, self.screen_height),
            (SCREEN_WIDTH, self.screen_width),
        ];
        // Slice iterators (`iter()`): no array `IntoIter` instance in the wasm.
        for (i, &(key, n)) in numbers.iter().enumerate() {
            push_key(out, i == 0, key);
            push_int(out, n);
        }
        push_key(out, false, LANGUAGE);
        crate::json::write_string(&self.language, out);
        push_key(out, false, USER_AGENT);
        crate::json::write_string(&self.user_agent, out);
        let booleans = [(JAVA_ENABLED, Some(self.java_enabled)), (JAVASCRIPT_ENABLED, self.javascript_enabled)];
        for &(key, b) in booleans.iter() {
            if let Some(b) = b {
                push_key(out, false, key);
                crate::json::push_bool(out, b);
            }
        }
        for &(key, text) in [(ACCEPT_HEADER, &self.accept_header), (IP, &self.ip)].iter() {
            if let Some(text) = text {
                push_key(out, false, key);
                crate::json::write_string(text, out);
            }
        }
        out.push('}');
    }

    /// `authenticationInfo`: base64 (standard, padded) of the UTF-8 bytes of the JSON text. For the
    /// docs' seven fields and ASCII text this is byte for byte what `btoa(JSON.stringify(...))` gives.
    pub fn authentication_info(&self) -> String {
        base64::encode(self.to_json().as_bytes())
    }
}

/// One value the normaliser (or the proxy's enrichment) changed.
#[derive(Clone, PartialEq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub struct Change {
    /// The field's name (`browserColorDepth`, `ipAddress`, ...).
    pub field: String,
    /// The value before; `null` when the field was missing.
    pub from: Value,
    /// The value after; `null` when the field was dropped.
    pub to: Value,
    /// The rule's stable code (`color_depth_nearest_allowed`, `truncated`, ...; see docs/fingerprint.md).
    pub rule: &'static str,
}

impl Change {
    /// A change of `field` (one function for every place that reports one).
    #[inline(never)]
    pub(crate) fn new(field: &str, from: Value, to: Value, rule: &'static str) -> Change {
        Change { field: field.to_string(), from, to, rule }
    }

    /// The change as JSON `{field, from, to, rule}`.
    pub fn to_value(&self) -> Value {
        object([
            ("field", Some(Value::str(self.field.clone()))),
            ("from", Some(self.from.clone())),
            ("to", Some(self.to.clone())),
            ("rule", Some(Value::str(self.rule))),
        ])
    }
}

/// Changes as a JSON array.
pub fn changes_to_value(changes: &[Change]) -> Value {
    Value::Array(changes.iter().map(Change::to_value).collect())
}

/// Appends the JSON text of [`changes_to_value`] to `out`, written directly.
pub fn write_changes(changes: &[Change], out: &mut String) {
    out.push('[');
    for (i, c) in changes.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_key(out, true, "field");
        crate::json::write_string(&c.field, out);
        push_key(out, false, "from");
        crate::json::write_value(&c.from, out);
        push_key(out, false, "to");
        crate::json::write_value(&c.to, out);
        push_key(out, false, "rule");
        crate::json::write_string(c.rule, out);
        out.push('}');
    }
    out.push(']');
}

/// The normaliser's answer: the info within the EMV limits, and what was changed to get there.
#[derive(Clone, PartialEq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub struct Normalized {
    /// The normalised info.
    pub info: BrowserInfo,
    /// Every change, in field order.
    pub changes: Vec<Change>,
}

impl Normalized {
    /// `{info, changes}` as JSON.
    pub fn to_value(&self) -> Value {
        object([("info", Some(self.info.to_value())), ("changes", Some(changes_to_value(&self.changes)))])
    }

    /// The same text as `to_value().to_json()`, written directly.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    /// Appends the JSON text of [`Normalized::to_json`] to `out`.
    pub fn write_json(&self, out: &mut String) {
        self.write_members(out, true);
    }

    /// `info` and `changes` then `}`, the first member of the object when `first`.
    pub(crate) fn write_members(&self, out: &mut String, first: bool) {
        push_key(out, first, "info");
        self.info.write_json(out);
        push_key(out, false, "changes");
        write_changes(&self.changes, out);
        out.push('}');
    }
}

/// `clientAuInfo` as the gateway takes it.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub struct ClientAuInfo {
    /// The payer's IP address; empty in the browser (the proxy fills it).
    pub ip_address: String,
    /// The user agent.
    pub agent_name: String,
    /// Base64 of the browser data's JSON.
    pub authentication_info: String,
}

impl ClientAuInfo {
    /// Built from normalised info: `agentName` is the info's user agent.
    pub fn from_info(info: &BrowserInfo, ip_address: String) -> ClientAuInfo {
        ClientAuInfo {
            ip_address,
            agent_name: info.user_agent.clone(),
            authentication_info: info.authentication_info(),
        }
    }

    /// The same text as `to_value().to_json()`, written directly (see [`BrowserInfo::to_json`]).
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(64 + self.agent_name.len() + self.authentication_info.len());
        self.write_json(&mut out);
        out
    }

    /// Appends the JSON text of [`ClientAuInfo::to_json`] to `out`.
    pub fn write_json(&self, out: &mut String) {
        self.write_members(out);
        out.push('}');
    }

    /// The record's members after `{`, for a writer that adds more.
    pub(crate) fn write_members(&self, out: &mut String) {
        let members = [
            ("ipAddress", &self.ip_address),
            ("agentName", &self.agent_name),
            ("authenticationInfo", &self.authentication_info),
        ];
        for (i, &(key, text)) in members.iter().enumerate() {
            push_key(out, i == 0, key);
            crate::json::write_string(text, out);
        }
    }

    /// `{ipAddress, agentName, authenticationInfo}` as JSON.
    pub fn to_value(&self) -> Value {
        object([
            ("ipAddress", Some(Value::str(self.ip_address.clone()))),
            ("agentName", Some(Value::str(self.agent_name.clone()))),
            ("authenticationInfo", Some(Value::str(self.authentication_info.clone()))),
        ])
    }
}

/// How many unknown members [`normalize`] reports; the rest are dropped without a report.
pub const MAX_REPORTED_UNKNOWN: usize = 16;

/// Normalises browser data (the docs' seven fields, raw as a browser reports them, or anything a
/// caller passes) to the EMV 3DS 2.2 limits. Never fails for an object: every field gets a value and
/// every change is reported. Only a non-object is an error.
pub fn normalize(input: &Value) -> Result<Normalized, ApiError> {
    match input.as_object() {
        Some(members) => Ok(normalize_members(Inputs::MISSING, members, false)),
        None => Err(not_an_object("", "the browser info", input)),
    }
}

/// The known fields, in the order of [`Inputs`]' members.
const KNOWN: [&str; 10] =
    [TZ, COLOR_DEPTH, SCREEN_HEIGHT, SCREEN_WIDTH, LANGUAGE, USER_AGENT, JAVA_ENABLED, JAVASCRIPT_ENABLED, ACCEPT_HEADER, IP];

/// [`normalize`] of `base` with the object's `members` put over it: a known member replaces its
/// field's input (of duplicates, the last), an unknown one is dropped and reported. `moved`: the
/// members were appended to an object one by one, each replacing its earlier duplicate (clientAuInfo
/// overrides), so an unknown member is reported where its last duplicate stands, with its value;
/// otherwise where the first one stands.
pub(crate) fn normalize_members(base: Inputs<'_>, members: &[(String, Value)], moved: bool) -> Normalized {
    let mut fields = base;
    for (key, value) in members {
        if let Some(slot) = KNOWN.iter().position(|k| k == key).and_then(|k| fields.slot(k)) {
            *slot = Input::json(Some(value));
        }
    }
    let mut normalized = normalize_inputs(fields);
    // Unknown members are dropped; the first MAX_REPORTED_UNKNOWN are reported (enough to say what is
    // wrong, and a bound on the work: checking each against the reports is then linear in the input).
    let mut unknown = 0usize;
    for (i, (key, value)) in members.iter().enumerate() {
        if KNOWN.contains(&key.as_str())
            || (moved && members.get(i + 1..).unwrap_or_default().iter().any(|(k, _)| k == key))
        {
            continue;
        }
        unknown += 1;
        if unknown > MAX_REPORTED_UNKNOWN {
            break;
        }
        let reported = normalized.changes.iter().any(|c| &c.field == key);
        if !reported {
            normalized.changes.push(Change { field: key.clone(), from: value.clone(), to: Value::Null, rule: "unknown_field" });
        }
    }
    normalized
}

/// One input value: from JSON, or typed (the browser collector's, which skips building JSON).
#[derive(Clone, Copy, PartialEq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub enum Input<'a> {
    /// Absent or `null`.
    Missing,
    /// A JSON value (not `null`).
    Json(&'a Value),
    /// A JS number.
    Number(f64),
    /// A JS string.
    Text(&'a str),
    /// A JS boolean.
    Bool(bool),
}

impl<'a> Input<'a> {
    /// A JSON member: `None` and `null` are [`Input::Missing`].
    pub fn json(v: Option<&'a Value>) -> Input<'a> {
        match v {
            None | Some(Value::Null) => Input::Missing,
            Some(v) => Input::Json(v),
        }
    }

    fn text(self) -> Option<&'a str> {
        match self {
            Input::Text(s) => Some(s),
            Input::Json(Value::String(s)) => Some(s),
            _ => None,
        }
    }

    /// The rule for a value that gives nothing: `missing` or `wrong_type`.
    fn absent_rule(self) -> &'static str {
        if self == Input::Missing {
            "missing"
        } else {
            "wrong_type"
        }
    }

    /// The value as the changes report shows it.
    pub(crate) fn to_value(self) -> Value {
        match self {
            Input::Missing => Value::Null,
            Input::Json(v) => v.clone(),
            Input::Number(f) => js_number(f),
            Input::Text(s) => Value::str(s),
            Input::Bool(b) => Value::Bool(b),
        }
    }
}

/// Every field's input, for [`normalize_inputs`].
#[derive(Clone, Copy)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub struct Inputs<'a> {
    /// `browserTZ`
    pub tz: Input<'a>,
    /// `browserColorDepth`
    pub color_depth: Input<'a>,
    /// `browserScreenHeight`
    pub screen_height: Input<'a>,
    /// `browserScreenWidth`
    pub screen_width: Input<'a>,
    /// `browserLanguage`
    pub language: Input<'a>,
    /// `browserUserAgent`
    pub user_agent: Input<'a>,
    /// `browserJavaEnabled`
    pub java_enabled: Input<'a>,
    /// `browserJavascriptEnabled`
    pub javascript_enabled: Input<'a>,
    /// `browserAcceptHeader`
    pub accept_header: Input<'a>,
    /// `browserIP`
    pub ip: Input<'a>,
}

impl<'a> Inputs<'a> {
    /// The input of the field `KNOWN[k]`.
    fn slot(&mut self, k: usize) -> Option<&mut Input<'a>> {
        Some(match k {
            0 => &mut self.tz,
            1 => &mut self.color_depth,
            2 => &mut self.screen_height,
            3 => &mut self.screen_width,
            4 => &mut self.language,
            5 => &mut self.user_agent,
            6 => &mut self.java_enabled,
            7 => &mut self.javascript_enabled,
            8 => &mut self.accept_header,
            9 => &mut self.ip,
            _ => return None,
        })
    }
}

impl Inputs<'_> {
    /// Every field missing.
    pub const MISSING: Inputs<'static> = Inputs {
        tz: Input::Missing,
        color_depth: Input::Missing,
        screen_height: Input::Missing,
        screen_width: Input::Missing,
        language: Input::Missing,
        user_agent: Input::Missing,
        java_enabled: Input::Missing,
        javascript_enabled: Input::Missing,
        accept_header: Input::Missing,
        ip: Input::Missing,
    };
}

/// The rules of [`normalize`] on inputs already split by field (no unknown fields here).
pub fn normalize_inputs(i: Inputs<'_>) -> Normalized {
    let mut n = Normalizer { changes: Vec::new() };
    let info = BrowserInfo {
        tz: n.integer(TZ, i.tz, false, TZ_MIN, TZ_MAX, 0),
        // Always one of COLOR_DEPTHS: the cast keeps it.
        color_depth: n.integer(COLOR_DEPTH, i.color_depth, true, 0, 0, DEFAULT_COLOR_DEPTH.into()) as u32,
        screen_height: n.integer(SCREEN_HEIGHT, i.screen_height, false, 0, SCREEN_MAX, 0),
        screen_width: n.integer(SCREEN_WIDTH, i.screen_width, false, 0, SCREEN_MAX, 0),
        language: n.language(i.language),
        user_agent: n.text(USER_AGENT, true, i.user_agent).unwrap_or_default(),
        java_enabled: n.boolean(JAVA_ENABLED, true, i.java_enabled).unwrap_or(false),
        javascript_enabled: n.boolean(JAVASCRIPT_ENABLED, false, i.javascript_enabled),
        accept_header: n.text(ACCEPT_HEADER, false, i.accept_header),
        ip: n.ip(i.ip),
    };
    Normalized { info, changes: n.changes }
}

/// A JS number as `JSON.stringify` writes it (`null` for NaN and the infinities, `0` for -0,
/// exponent form outside 1e-6..1e21). Integral values below 2^53 (every value a browser gives) are
/// written here; the rare other value is written by JavaScript's own `String(x)` in the wasm build,
/// so Rust's float formatter is not in the binary.
pub fn js_number(f: f64) -> Value {
    if !f.is_finite() {
        return Value::Null;
    }
    if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
        // Exactly the integer's digits: JSON.stringify writes the shortest text that reads back as
        // `f`, and below 2^53 no other integer is within half a unit of it. -0 becomes 0.
        return Value::int(f as i64);
    }
    Value::Number(float_text(f))
}

#[cfg(target_arch = "wasm32")]
fn float_text(f: f64) -> String {
    browser::js_string(f)
}

/// Native builds (tests, fuzzing) have no JavaScript: Rust's shortest formatting, in JS's shape.
#[cfg(not(target_arch = "wasm32"))]
fn float_text(f: f64) -> String {
    if (1e-6..1e21).contains(&f.abs()) {
        return format!("{f}");
    }
    let text = format!("{f:e}");
    match text.split_once('e') {
        Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e}"),
        _ => text,
    }
}

/// `authenticationInfo` for browser data: normalised first, so the result is always within the EMV
/// limits; for data already within them (any ordinary browser) nothing changes.
pub fn encode_authentication_info(input: &Value) -> Result<(String, Normalized), ApiError> {
    let normalized = normalize(input)?;
    Ok((normalized.info.authentication_info(), normalized))
}

/// The error for a value that should have been an object.
pub(crate) fn not_an_object(path: &str, what: &str, got: &Value) -> ApiError {
    ApiError::invalid(issue(path, "not_object", &[what, " must be an object, got ", got.type_name()]))
}

/// The member `key` when it is absent, `null` or of type `type_name`; a type error otherwise.
pub(crate) fn typed<'v>(input: &'v Value, key: &str, article: &str, type_name: &str) -> Result<Option<&'v Value>, ApiError> {
    match input.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) if v.type_name() == type_name => Ok(Some(v)),
        Some(other) => Err(ApiError::invalid(issue(key, "invalid_type", &["must be ", article, type_name, ", got ", other.type_name()]))),
    }
}

/// An issue whose message is `message` joined: one function for every call site of the module
/// (`Issue::new`'s conversions are generic, and each call site had its own copy).
#[inline(never)]
pub(crate) fn issue(path: &str, code: &'static str, message: &[&str]) -> Issue {
    Issue::new(path, code, crate::json::join(message, ""))
}

/// The issue for text that is not an address: the text as a JSON string, then why.
pub(crate) fn invalid_ip(path: &str, text: &str) -> Issue {
    let mut message = String::with_capacity(text.len() + 40);
    crate::json::write_string(text, &mut message);
    message.push_str(" is not an IPv4 or IPv6 address");
    Issue::new(path, "invalid_ip", message)
}

/// Optional text as JSON: the string, or `null`.
#[inline(never)]
pub(crate) fn text_value(text: &Option<String>) -> Value {
    match text {
        Some(t) => Value::String(t.clone()),
        None => Value::Null,
    }
}

/// `{"key":` for the first member, `,"key":` for the others (keys are the SDK's own: no escaping).
pub(crate) fn push_key(out: &mut String, first: bool, key: &str) {
    out.push_str(if first { "{\"" } else { ",\"" });
    out.push_str(key);
    out.push_str("\":");
}

/// Appends the decimal digits of `n` (what `n.to_string()` gives, without `core::fmt`).
pub(crate) fn push_int(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    crate::json::push_u64(out, n.unsigned_abs());
}

/// `s` cut to at most `max` UTF-16 code units, on a character boundary (a character that would
/// straddle the limit goes whole), or `None` when it already fits.
pub fn truncate_utf16(s: &str, max: usize) -> Option<&str> {
    if s.len() <= max {
        return None; // UTF-8 is never shorter in bytes than UTF-16 is in units
    }
    let mut units = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > max {
            return s.get(..i); // `get`, not `[..i]`: no slicing panic (and its formatting) in the wasm
        }
    }
    None
}

/// The length of `s` in UTF-16 code units (what JavaScript's `length` says).
pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// A number read exactly (from its decimal text or from a JS number, never through Rust's float
/// parser): its floor, saturated at ±2^60 (far outside every range here), and where its fraction lies.
#[derive(Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(Debug))]
struct Num {
    floor: i64,
    /// The fraction `x - floor(x)`: 0 none, 1 below one half, 2 exactly one half, 3 above.
    frac: u8,
}

const SATURATED: i64 = 1 << 60;

impl Num {
    /// `|x|` given as its floor (already saturated) and fraction, with the sign.
    fn signed(negative: bool, floor: i64, frac: u8) -> Num {
        if negative {
            // -(a + f) = -(a + 1) + (1 - f) for a fraction; 1 - f mirrors its class around one half.
            Num { floor: -floor - i64::from(frac != 0), frac: (4 - frac) % 4 }
        } else {
            Num { floor, frac }
        }
    }

    /// A JS number; `None` for NaN.
    fn of_f64(f: f64) -> Option<Num> {
        if f.is_nan() {
            return None;
        }
        let a = f.abs();
        let floor = a.floor();
        let rest = a - floor; // exact for every double, and 0 for the infinities (NaN compares false)
        let frac = if !(rest > 0.0) {
            0
        } else if rest < 0.5 {
            1
        } else if rest == 0.5 {
            2
        } else {
            3
        };
        Some(Num::signed(f < 0.0, floor.min(SATURATED as f64) as i64, frac))
    }

    /// Decimal text in Rust's float grammar, `[+-]? (d+ (. d*)? | . d+) ([eE] [+-]? d+)?`, read
    /// exactly; `None` for anything else.
    fn of_decimal(text: &str) -> Option<Num> {
        let t = text.as_bytes();
        let (negative, start) = sign(t, 0);
        // The mantissa: digits with at most one '.', and at least one digit.
        let (mut i, mut int_len) = (start, None);
        while let Some(&b) = t.get(i) {
            match b {
                b'0'..=b'9' => {}
                b'.' if int_len.is_none() => int_len = Some(i - start),
                _ => break,
            }
            i += 1;
        }
        let mantissa = t.get(start..i).unwrap_or_default();
        let digits = mantissa.len() - usize::from(int_len.is_some());
        if digits == 0 {
            return None;
        }
        let mut exp = 0i64;
        if let Some(&e) = t.get(i) {
            let (exp_negative, skip) = sign(t, i + 1);
            let e_digits = t.get(i + 1 + skip..).unwrap_or_default();
            if e | 0x20 != b'e' || e_digits.is_empty() {
                return None;
            }
            for &d in e_digits {
                if !d.is_ascii_digit() {
                    return None;
                }
                exp = (exp * 10 + i64::from(d - b'0')).min(1 << 40);
            }
            if exp_negative {
                exp = -exp;
            }
        }
        // The value is 0.D × 10^point, D = the mantissa's digits: those before `point` make the
        // floor; of the rest, the first and whether any other is non-zero place the fraction.
        let point = int_len.unwrap_or(digits) as i64 + exp;
        let (mut floor, mut k, mut first, mut rest) = (0i64, 0i64, 0u8, false);
        for &b in mantissa.iter().filter(|&&b| b != b'.') {
            let d = b - b'0';
            if k < point {
                floor = times_ten_plus(floor, d);
            } else if k == point {
                first = d;
            } else {
                rest |= d != 0;
            }
            k += 1;
        }
        while k < point && floor != 0 && floor < SATURATED {
            floor = times_ten_plus(floor, 0);
            k += 1;
        }
        let frac = match (first, rest) {
            (0, false) => 0,
            (5, false) => 2,
            (5..=9, _) => 3,
            _ => 1,
        };
        Some(Num::signed(negative, floor, frac))
    }

    /// The nearest integer, halves up (JavaScript's `Math.round`).
    fn round(self) -> i64 {
        self.floor + i64::from(self.frac >= 2)
    }

    fn is_integer(self) -> bool {
        self.frac == 0
    }

    fn is_positive(self) -> bool {
        self.floor > 0 || (self.floor == 0 && self.frac != 0)
    }

    /// The allowed colour depth nearest to the number; of two equally near, the larger. A depth
    /// `d` is at least as near as the one below it, `c`, exactly when `x ≥ (c + d) / 2`, that is
    /// `floor(2x) ≥ c + d`.
    fn color_depth(self) -> u32 {
        let twice = 2 * self.floor + i64::from(self.frac >= 2);
        let mut best = COLOR_DEPTHS[0];
        for pair in COLOR_DEPTHS.windows(2) {
            if twice >= i64::from(pair[0] + pair[1]) {
                best = pair[1];
            }
        }
        best
    }
}

/// Whether `t[i]` is `-`, and how many bytes its sign takes (0 or 1).
fn sign(t: &[u8], i: usize) -> (bool, usize) {
    let c = t.get(i).copied();
    (c == Some(b'-'), usize::from(matches!(c, Some(b'-' | b'+'))))
}

/// `10 n + d`, saturated.
fn times_ten_plus(n: i64, d: u8) -> i64 {
    if n >= SATURATED / 10 {
        SATURATED
    } else {
        n * 10 + i64::from(d)
    }
}

/// A field's number, and whether it came from a string; or the rule for why there is none.
fn read_num(v: Input<'_>) -> Result<(Num, bool), &'static str> {
    let (number, from_string) = match (v, v.text()) {
        (Input::Missing, _) => return Err("missing"),
        (Input::Number(f), _) => (Num::of_f64(f), false),
        (Input::Json(Value::Number(text)), _) => (number_text(text), false),
        // A decimal number written as text (`"24"`, `" -300 "`, `"1.5e3"`), or the names the JS
        // layer gives the infinities; not NaN nor anything else (`inf`, `nan`, `0x10`, `1920px`).
        (_, Some(s)) => (decimal_or_infinity(s.trim(), true), true),
        _ => return Err("wrong_type"),
    };
    number.map(|n| (n, from_string)).ok_or("not_a_number")
}

/// A JSON number's text (what Rust code may also put in a [`Value::Number`]: Rust's float grammar,
/// with `inf`, `infinity` and `nan` in any case).
fn number_text(text: &str) -> Option<Num> {
    decimal_or_infinity(text, false)
}

/// Decimal text, or a signed infinity: JavaScript's `Infinity` when `js_name`, else Rust's `inf`
/// or `infinity` in any case.
fn decimal_or_infinity(text: &str, js_name: bool) -> Option<Num> {
    Num::of_decimal(text).or_else(|| {
        let (negative, skip) = sign(text.as_bytes(), 0);
        let word = text.get(skip..).unwrap_or_default();
        let infinite = if js_name {
            word == "Infinity"
        } else {
            word.eq_ignore_ascii_case("inf") || word.eq_ignore_ascii_case("infinity")
        };
        infinite.then(|| Num::signed(negative, SATURATED, 0))
    })
}

/// The allowed colour depth nearest to `f`; of two equally near, the larger (28 → 32, 20 → 24).
pub fn nearest_color_depth(f: f64) -> u32 {
    Num::of_f64(f).map_or(COLOR_DEPTHS[0], Num::color_depth)
}

struct Normalizer {
    changes: Vec<Change>,
}

impl Normalizer {
    fn change(&mut self, field: &str, from: Value, to: Value, rule: &'static str) {
        self.changes.push(Change::new(field, from, to, rule));
    }

    /// An integer field: rounded and clamped to `min..=max`, or with `depth` the colour depth's rules
    /// (the allowed depth nearest to a positive number).
    fn integer(&mut self, field: &str, v: Input<'_>, depth: bool, min: i64, max: i64, default: i64) -> i64 {
        let (out, rule) = match read_num(v) {
            Err(rule) => (default, Some(rule)),
            Ok((n, _)) if depth && !n.is_positive() => (default, Some("non_positive")),
            Ok((n, from_string)) => {
                let (out, rule) = if depth {
                    let d = i64::from(n.color_depth());
                    (d, (!n.is_integer() || n.floor != d).then_some("color_depth_nearest_allowed"))
                } else {
                    let r = n.round();
                    let clamped = r.clamp(min, max);
                    let rule = if clamped != r {
                        Some("clamped")
                    } else if !n.is_integer() {
                        Some("rounded")
                    } else {
                        None
                    };
                    (clamped, rule)
                };
                (out, rule.or(from_string.then_some("from_string")))
            }
        };
        if let Some(rule) = rule {
            self.change(field, v.to_value(), Value::int(out), rule);
        }
        out
    }

    fn language(&mut self, v: Input<'_>) -> String {
        // No text: the fallback, as canonicalize gives it for "" (one place makes that String).
        let text = v.text();
        let (out, rule) = language::canonicalize(text.unwrap_or_default());
        let rule = match text {
            Some(_) => (rule != language::LanguageRule::Unchanged).then(|| rule.code()),
            None => Some(v.absent_rule()),
        };
        if let Some(rule) = rule {
            self.change(LANGUAGE, v.to_value(), Value::str(out.clone()), rule);
        }
        out
    }

    /// The user agent (required: `""` when missing) and the Accept header (optional: dropped when
    /// missing or blank).
    fn text(&mut self, field: &str, required: bool, v: Input<'_>) -> Option<String> {
        let (out, rule) = match (v, v.text()) {
            (_, Some(s)) if !required && s.trim().is_empty() => (None, Some("blank_dropped")),
            (_, Some(s)) => {
                let cut = truncate_utf16(s, TEXT_MAX);
                (Some(cut.unwrap_or(s).to_string()), cut.map(|_| "truncated"))
            }
            (_, None) if required => (Some(String::new()), Some(v.absent_rule())),
            (Input::Missing, _) => (None, None),
            _ => (None, Some("wrong_type")),
        };
        if let Some(rule) = rule {
            self.change(field, v.to_value(), text_value(&out), rule);
        }
        out
    }

    /// `browserJavaEnabled` (required: `false` when missing) and `browserJavascriptEnabled` (optional).
    fn boolean(&mut self, field: &str, required: bool, v: Input<'_>) -> Option<bool> {
        // `"true"` and `"false"` in any case, with white space around.
        let from_text = v.text().map(str::trim).and_then(|s| {
            let b = s.eq_ignore_ascii_case("true");
            (b || s.eq_ignore_ascii_case("false")).then_some(b)
        });
        let (out, rule) = match (v, from_text) {
            (Input::Bool(b), _) | (Input::Json(&Value::Bool(b)), _) => (Some(b), None),
            (_, Some(b)) => (Some(b), Some("from_string")),
            (Input::Missing, _) if required => (Some(false), Some("missing")),
            (Input::Missing, _) => (None, None),
            _ => (required.then_some(false), Some("wrong_type")),
        };
        if let Some(rule) = rule {
            self.change(field, v.to_value(), out.map_or(Value::Null, Value::Bool), rule);
        }
        out
    }

    fn ip(&mut self, v: Input<'_>) -> Option<String> {
        let (out, rule) = match (v, v.text()) {
            (_, Some(s)) => match ip::parse(s) {
                Some(canonical) if canonical == s => (Some(canonical), None),
                Some(canonical) => (Some(canonical), Some("ip_canonicalised")),
                None => (None, Some("invalid_ip")),
            },
            (Input::Missing, _) => (None, None),
            _ => (None, Some("wrong_type")),
        };
        if let Some(rule) = rule {
            self.change(IP, v.to_value(), text_value(&out), rule);
        }
        out
    }
}

#[cfg(test)]
mod tests;
