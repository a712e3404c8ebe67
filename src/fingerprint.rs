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
#[derive(Clone, Debug, PartialEq, Eq)]
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
    /// `clientAuInfo()` call, and building a [`Value`] first costs more than the rest of the work.
    pub fn to_json(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::with_capacity(200 + self.user_agent.len());
        let _ = write!(
            out,
            r#"{{"{TZ}":{},"{COLOR_DEPTH}":{},"{SCREEN_HEIGHT}":{},"{SCREEN_WIDTH}":{},"{LANGUAGE}":"#,
            self.tz, self.color_depth, self.screen_height, self.screen_width
        );
        push_json_string(&self.language, &mut out);
        let _ = write!(out, r#","{USER_AGENT}":"#);
        push_json_string(&self.user_agent, &mut out);
        let _ = write!(out, r#","{JAVA_ENABLED}":{}"#, self.java_enabled);
        if let Some(b) = self.javascript_enabled {
            let _ = write!(out, r#","{JAVASCRIPT_ENABLED}":{b}"#);
        }
        for (key, text) in [(ACCEPT_HEADER, &self.accept_header), (IP, &self.ip)] {
            if let Some(text) = text {
                let _ = write!(out, r#","{key}":"#);
                push_json_string(text, &mut out);
            }
        }
        out.push('}');
        out
    }

    /// `authenticationInfo`: base64 (standard, padded) of the UTF-8 bytes of the JSON text. For the
    /// docs' seven fields and ASCII text this is byte for byte what `btoa(JSON.stringify(...))` gives.
    pub fn authentication_info(&self) -> String {
        base64::encode(self.to_json().as_bytes())
    }
}

/// One value the normaliser (or the proxy's enrichment) changed.
#[derive(Clone, Debug, PartialEq)]
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

/// The normaliser's answer: the info within the EMV limits, and what was changed to get there.
#[derive(Clone, Debug, PartialEq)]
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
}

/// `clientAuInfo` as the gateway takes it.
#[derive(Clone, Debug, PartialEq, Eq)]
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
        let members = [
            ("ipAddress", &self.ip_address),
            ("agentName", &self.agent_name),
            ("authenticationInfo", &self.authentication_info),
        ];
        for (i, (key, text)) in members.into_iter().enumerate() {
            out.push_str(if i == 0 { "{\"" } else { ",\"" });
            out.push_str(key);
            out.push_str("\":");
            push_json_string(text, &mut out);
        }
        out.push('}');
        out
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

/// Normalises browser data (the docs' seven fields, raw as a browser reports them, or anything a
/// caller passes) to the EMV 3DS 2.2 limits. Never fails for an object: every field gets a value and
/// every change is reported. Only a non-object is an error.
pub fn normalize(input: &Value) -> Result<Normalized, ApiError> {
    let Some(members) = input.as_object() else {
        return Err(not_an_object("", "the browser info", input));
    };
    let mut n = Normalizer { changes: Vec::new() };
    let info = BrowserInfo {
        tz: n.integer(TZ, input.get(TZ), TZ_MIN, TZ_MAX, 0),
        color_depth: n.color_depth(input.get(COLOR_DEPTH)),
        screen_height: n.integer(SCREEN_HEIGHT, input.get(SCREEN_HEIGHT), 0, SCREEN_MAX, 0),
        screen_width: n.integer(SCREEN_WIDTH, input.get(SCREEN_WIDTH), 0, SCREEN_MAX, 0),
        language: n.language(input.get(LANGUAGE)),
        user_agent: n.text(USER_AGENT, input.get(USER_AGENT)).unwrap_or_default(),
        java_enabled: n.boolean(JAVA_ENABLED, input.get(JAVA_ENABLED)).unwrap_or(false),
        javascript_enabled: n.boolean(JAVASCRIPT_ENABLED, input.get(JAVASCRIPT_ENABLED)),
        accept_header: n.text(ACCEPT_HEADER, input.get(ACCEPT_HEADER)),
        ip: n.ip(input.get(IP)),
    };
    const KNOWN: [&str; 10] =
        [TZ, COLOR_DEPTH, SCREEN_HEIGHT, SCREEN_WIDTH, LANGUAGE, USER_AGENT, JAVA_ENABLED, JAVASCRIPT_ENABLED, ACCEPT_HEADER, IP];
    for (key, value) in members {
        if !KNOWN.contains(&key.as_str()) && !n.changes.iter().any(|c| &c.field == key) {
            n.change(key, value.clone(), Value::Null, "unknown_field");
        }
    }
    Ok(Normalized { info, changes: n.changes })
}

/// `authenticationInfo` for browser data: normalised first, so the result is always within the EMV
/// limits; for data already within them (any ordinary browser) nothing changes.
pub fn encode_authentication_info(input: &Value) -> Result<(String, Normalized), ApiError> {
    let normalized = normalize(input)?;
    Ok((normalized.info.authentication_info(), normalized))
}

/// The error for a value that should have been an object.
pub(crate) fn not_an_object(path: &str, what: &str, got: &Value) -> ApiError {
    ApiError::validation(
        vec![Issue::new(path, "not_object", format!("{what} must be an object, got {}", got.type_name()))],
        vec![],
    )
}

/// Writes `s` as a JSON string literal: copied whole when nothing needs escaping (the usual case for
/// user agents, tags and base64), else through [`crate::json::write_string`].
pub(crate) fn push_json_string(s: &str, out: &mut String) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        crate::json::write_string(s, out);
    }
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
            return Some(&s[..i]);
        }
    }
    None
}

/// The length of `s` in UTF-16 code units (what JavaScript's `length` says).
pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// A JSON number or a numeric string, as a float.
enum Num {
    Missing,
    NotANumber(&'static str),
    Value(f64, bool),
}

fn read_num(v: Option<&Value>) -> Num {
    match v {
        None | Some(Value::Null) => Num::Missing,
        // Integers (what browsers give) first: far cheaper than the float parser.
        Some(Value::Number(text)) => {
            Num::Value(text.parse::<i64>().map_or_else(|_| text.parse().unwrap_or(f64::NAN), |i| i as f64), false)
        }
        Some(Value::String(s)) => match numeric_string(s) {
            Some(f) if f.is_nan() => Num::NotANumber("not_a_number"),
            Some(f) => Num::Value(f, true),
            None => Num::NotANumber("not_a_number"),
        },
        Some(_) => Num::NotANumber("wrong_type"),
    }
}

/// A decimal number written as text (`"24"`, `" -300 "`, `"1.5e3"`), or the names the JS layer gives
/// NaN and the infinities. Rust's own float parser also takes `inf`, `nan` and the like: not here.
fn numeric_string(s: &str) -> Option<f64> {
    let t = s.trim();
    match t {
        "NaN" => return Some(f64::NAN),
        "Infinity" | "+Infinity" => return Some(f64::INFINITY),
        "-Infinity" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    let shape_ok = t.bytes().any(|b| b.is_ascii_digit())
        && t.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'));
    if shape_ok {
        t.parse().ok()
    } else {
        None
    }
}

/// Rounds to the nearest integer, halves towards +∞ (as JavaScript's `Math.round`).
fn round_half_up(f: f64) -> f64 {
    (f + 0.5).floor()
}

/// The allowed colour depth nearest to `f`; of two equally near, the larger (28 → 32, 20 → 24).
pub fn nearest_color_depth(f: f64) -> u32 {
    let mut best = COLOR_DEPTHS[0];
    for d in COLOR_DEPTHS {
        if (f - f64::from(d)).abs() <= (f - f64::from(best)).abs() {
            best = d;
        }
    }
    best
}

struct Normalizer {
    changes: Vec<Change>,
}

impl Normalizer {
    fn change(&mut self, field: &str, from: Value, to: Value, rule: &'static str) {
        self.changes.push(Change { field: field.to_string(), from, to, rule });
    }

    fn from(v: Option<&Value>) -> Value {
        v.cloned().unwrap_or(Value::Null)
    }

    fn integer(&mut self, field: &str, v: Option<&Value>, min: i64, max: i64, default: i64) -> i64 {
        let (out, rule) = match read_num(v) {
            Num::Missing => (default, Some("missing")),
            Num::NotANumber(rule) => (default, Some(rule)),
            Num::Value(f, _) if f.is_nan() => (default, Some("not_a_number")),
            Num::Value(f, from_string) => {
                let r = round_half_up(f);
                let clamped = r.clamp(min as f64, max as f64);
                let rule = if clamped != r {
                    Some("clamped")
                } else if r != f {
                    Some("rounded")
                } else if from_string {
                    Some("from_string")
                } else {
                    None
                };
                // -0.0 becomes 0 here, as JSON.stringify writes it.
                (clamped as i64, rule)
            }
        };
        if let Some(rule) = rule {
            self.change(field, Self::from(v), Value::int(out), rule);
        }
        out
    }

    fn color_depth(&mut self, v: Option<&Value>) -> u32 {
        let (out, rule) = match read_num(v) {
            Num::Missing => (DEFAULT_COLOR_DEPTH, Some("missing")),
            Num::NotANumber(rule) => (DEFAULT_COLOR_DEPTH, Some(rule)),
            Num::Value(f, _) if f.is_nan() => (DEFAULT_COLOR_DEPTH, Some("not_a_number")),
            Num::Value(f, _) if f <= 0.0 => (DEFAULT_COLOR_DEPTH, Some("non_positive")),
            Num::Value(f, from_string) => {
                let d = nearest_color_depth(f);
                let rule = if f64::from(d) != f {
                    Some("color_depth_nearest_allowed")
                } else if from_string {
                    Some("from_string")
                } else {
                    None
                };
                (d, rule)
            }
        };
        if let Some(rule) = rule {
            self.change(COLOR_DEPTH, Self::from(v), Value::uint(out.into()), rule);
        }
        out
    }

    fn language(&mut self, v: Option<&Value>) -> String {
        let (out, rule) = match v {
            Some(Value::String(s)) => {
                let (tag, rule) = language::canonicalize(s);
                (tag, (rule != language::LanguageRule::Unchanged).then(|| rule.code()))
            }
            None | Some(Value::Null) => (language::FALLBACK.to_string(), Some("missing")),
            Some(_) => (language::FALLBACK.to_string(), Some("wrong_type")),
        };
        if let Some(rule) = rule {
            self.change(LANGUAGE, Self::from(v), Value::str(out.clone()), rule);
        }
        out
    }

    /// The user agent (required: `""` when missing) and the Accept header (optional: dropped when
    /// missing or blank).
    fn text(&mut self, field: &str, v: Option<&Value>) -> Option<String> {
        let required = field == USER_AGENT;
        let (out, rule) = match v {
            Some(Value::String(s)) if !required && s.trim().is_empty() => (None, Some("blank_dropped")),
            Some(Value::String(s)) => match truncate_utf16(s, TEXT_MAX) {
                Some(cut) => (Some(cut.to_string()), Some("truncated")),
                None => (Some(s.clone()), None),
            },
            None | Some(Value::Null) if required => (Some(String::new()), Some("missing")),
            None | Some(Value::Null) => (None, None),
            Some(_) => (required.then(String::new), Some("wrong_type")),
        };
        if let Some(rule) = rule {
            self.change(field, Self::from(v), out.clone().map_or(Value::Null, Value::String), rule);
        }
        out
    }

    /// `browserJavaEnabled` (required: `false` when missing) and `browserJavascriptEnabled` (optional).
    fn boolean(&mut self, field: &str, v: Option<&Value>) -> Option<bool> {
        let required = field == JAVA_ENABLED;
        let (out, rule) = match v {
            Some(Value::Bool(b)) => (Some(*b), None),
            Some(Value::String(s)) if s.trim().eq_ignore_ascii_case("true") => (Some(true), Some("from_string")),
            Some(Value::String(s)) if s.trim().eq_ignore_ascii_case("false") => (Some(false), Some("from_string")),
            None | Some(Value::Null) if required => (Some(false), Some("missing")),
            None | Some(Value::Null) => (None, None),
            Some(_) => (required.then_some(false), Some("wrong_type")),
        };
        if let Some(rule) = rule {
            self.change(field, Self::from(v), out.map_or(Value::Null, Value::Bool), rule);
        }
        out
    }

    fn ip(&mut self, v: Option<&Value>) -> Option<String> {
        let (out, rule) = match v {
            None | Some(Value::Null) => (None, None),
            Some(Value::String(s)) => match ip::parse(s) {
                Some(canonical) if &canonical == s => (Some(canonical), None),
                Some(canonical) => (Some(canonical), Some("ip_canonicalised")),
                None => (None, Some("invalid_ip")),
            },
            Some(_) => (None, Some("wrong_type")),
        };
        if let Some(rule) = rule {
            self.change(IP, Self::from(v), out.clone().map_or(Value::Null, Value::String), rule);
        }
        out
    }
}

#[cfg(test)]
mod tests;
