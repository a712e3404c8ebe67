//! Reading a received `clientAuInfo` back: the proxy's check before anything goes to the gateway.
//!
//! Strict where the normaliser is lenient: a value the normaliser would have to change is an error
//! here, with the field's path and the reason. So whatever the SDK encodes always decodes.

use super::{base64, invalid_ip, issue, ip, language, truncate_utf16, BrowserInfo, Change, ClientAuInfo, TEXT_MAX};
use crate::error::{ApiError, Issue};
use crate::json::{self, Value};

/// A decoded `clientAuInfo`: the record as received and the browser data inside it.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub struct Decoded {
    /// The record (ipAddress canonicalised when present).
    pub client: ClientAuInfo,
    /// The browser data decoded from `authenticationInfo`.
    pub info: BrowserInfo,
}

impl Decoded {
    /// `{ipAddress, agentName, authenticationInfo, info}` as JSON.
    pub fn to_value(&self) -> Value {
        let mut value = self.client.to_value();
        if let Value::Object(members) = &mut value {
            members.push(("info".into(), self.info.to_value()));
        }
        value
    }

    /// The same text as `to_value().to_json()`, written directly.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    /// Appends the JSON text of [`Decoded::to_json`] to `out`.
    pub fn write_json(&self, out: &mut String) {
        self.client.write_members(out);
        super::push_key(out, false, "info");
        self.info.write_json(out);
        out.push('}');
    }
}

/// Decodes and validates `clientAuInfo` given as an object or as its JSON text. Every problem is
/// reported at once, each with its path (`authenticationInfo.browserColorDepth`) and a stable code.
/// `require_ip`: an empty or missing `ipAddress` or `agentName` is an error (the proxy's last check
/// before the gateway); without it empty ones are accepted, since the browser leaves them for the proxy.
pub fn decode_client_au_info(value: &Value, require_ip: bool) -> Result<Decoded, ApiError> {
    decode_issues(value, require_ip).map_err(|issues| ApiError::validation(issues, vec![]))
}

/// [`decode_client_au_info`] with the problems as plain issues (paths relative to the record).
pub fn decode_issues(value: &Value, require_ip: bool) -> Result<Decoded, Vec<Issue>> {
    let parsed;
    let mut why = String::new(); // the parse error (never empty: it names a byte)
    let record = match value {
        Value::String(text) => match json::parse(text) {
            Ok(v) => {
                parsed = v;
                &parsed
            }
            Err(e) => {
                why = e.describe();
                &Value::Null
            }
        },
        other => other,
    };
    if record.as_object().is_none() {
        let (code, message) = match why.is_empty() {
            false => ("invalid_json", ["is text but not JSON: ", &why]),
            true => ("not_object", ["clientAuInfo must be an object, got ", record.type_name()]),
        };
        return Err(vec![issue("", code, &message)]);
    }
    let mut issues = Vec::new();

    // The IP and the user agent may be left for the proxy (empty, or a browser that reports no user
    // agent): only the proxy's final check (`require_ip`) requires them.
    let ip = member(&mut issues, record, "ipAddress", require_ip);
    let ip_address = if ip.trim().is_empty() {
        String::new()
    } else {
        ip::parse(&ip).unwrap_or_else(|| {
            issues.push(invalid_ip("ipAddress", &ip));
            String::new()
        })
    };
    // Kept as sent, even blank (a record decodes to itself); the proxy replaces a blank one.
    let agent_name = member(&mut issues, record, "agentName", require_ip);
    if truncate_utf16(&agent_name, TEXT_MAX).is_some() {
        issues.push(issue("agentName", "too_long", &[TOO_LONG]));
    }
    let authentication_info = member(&mut issues, record, AUTH, true);
    let info = if authentication_info.is_empty() {
        None
    } else {
        match decode_info(&authentication_info) {
            Ok(v) => check_info(&v, &mut issues),
            Err(issue) => {
                issues.push(issue);
                None
            }
        }
    };
    match info {
        Some(info) if issues.is_empty() => {
            Ok(Decoded { client: ClientAuInfo { ip_address, agent_name, authentication_info }, info })
        }
        _ => Err(issues),
    }
}

/// The string member `key`: when `required`, a non-blank string; otherwise also a blank one, or
/// `""` for a missing one. Records the issue and gives `""` for anything else. Owned (one copy
/// made here rather than one per call site).
fn member(issues: &mut Vec<Issue>, record: &Value, key: &str, required: bool) -> String {
    let v = record.get(key);
    let (code, message) = match v {
        Some(Value::String(s)) if !required || !s.trim().is_empty() => return s.clone(),
        None | Some(Value::Null) if !required => return String::new(),
        Some(Value::String(_)) => ("blank", ["must not be blank", ""]),
        None | Some(Value::Null) => ("required", ["is required", ""]),
        Some(other) => ("invalid_type", ["must be a string, got ", other.type_name()]),
    };
    issues.push(issue(key, code, &message));
    String::new()
}

const AUTH: &str = "authenticationInfo";

/// The message for text longer than [`TEXT_MAX`] (a test checks the number).
const TOO_LONG: &str = "must be at most 2048 characters";

/// base64 → UTF-8 → JSON.
#[inline(never)]
fn decode_info(text: &str) -> Result<Value, Issue> {
    // Both offsets' messages end ` (at <unit> <n>)`: one place writes it.
    let (code, head, reason, unit, offset) = match base64::decode(text) {
        Err(e) => ("invalid_base64", "is not base64: ", e.reason, "character ", e.offset),
        Ok(bytes) => match std::str::from_utf8(&bytes) {
            Err(e) => ("invalid_utf8", "decodes to bytes that are not UTF-8", "", "byte ", e.valid_up_to()),
            Ok(json) => {
                return json::parse(json).map_err(|e| {
                    issue(AUTH, "invalid_json", &["decodes to text that is not JSON: ", &e.describe()])
                })
            }
        },
    };
    let mut at = String::new();
    crate::json::push_u64(&mut at, offset as u64);
    Err(issue(AUTH, code, &[head, reason, " (at ", unit, &at, ")"]))
}

/// The decoded JSON through the normaliser; every change it would make is an issue.
#[inline(never)]
fn check_info(v: &Value, issues: &mut Vec<Issue>) -> Option<BrowserInfo> {
    // The members straight to the normaliser (no ApiError made for a non-object, only to be dropped).
    let normalized = match v.as_object() {
        Some(members) => super::normalize_members(super::Inputs::MISSING, members, false),
        None => {
            issues.push(issue(AUTH, "not_object", &["decodes to JSON that is not an object, got ", v.type_name()]));
            return None;
        }
    };
    let before = issues.len();
    for change in &normalized.changes {
        if let Some(found) = issue_for(change) {
            issues.push(found);
        }
    }
    (issues.len() == before).then_some(normalized.info)
}

/// How an issue's message is made, as flags: the value before the text, the value after it, the
/// expected type then `, got ` after the text (`must be a number, got "1"`), the range then `)`
/// (`900 is out of range (-840..720 minutes)`). No flag: the text alone.
const FIXED: u8 = 0;
const VALUE_FIRST: u8 = 1;
const VALUE_LAST: u8 = 2;
const TYPE: u8 = 4 | VALUE_LAST;
const RANGE: u8 = 8 | VALUE_FIRST;

/// The normaliser's rule, the issue's code, how its message is made and the message's text. A table
/// looked up once is smaller in the wasm than a `match` on strings, which compares every arm inline.
const ISSUES: [(&str, &str, u8, &str); 11] = [
    ("missing", "required", FIXED, "is required"),
    ("wrong_type", "invalid_type", TYPE, MUST_BE_A),
    ("not_a_number", "invalid_type", TYPE, MUST_BE_A),
    ("from_string", "invalid_type", TYPE, MUST_BE_A),
    ("rounded", "not_integer", VALUE_LAST, "must be a whole number, got "),
    ("clamped", "out_of_range", RANGE, " is out of range ("),
    ("non_positive", "not_allowed", VALUE_FIRST, COLOUR_DEPTHS),
    ("color_depth_nearest_allowed", "not_allowed", VALUE_FIRST, COLOUR_DEPTHS),
    ("truncated", "too_long", FIXED, TOO_LONG),
    ("blank_dropped", "blank", FIXED, "must not be blank when present"),
    ("invalid_ip", "invalid_ip", VALUE_FIRST, " is not an IPv4 or IPv6 address"),
];

const MUST_BE_A: &str = "must be a ";
const COLOUR_DEPTHS: &str = " is not an EMV colour depth (1, 4, 8, 15, 16, 24, 32, 48)";

/// The issue for a change the normaliser made, or `None` for changes that do not make the record
/// wrong: unknown fields (ignored), an IP or a language tag written in another case or form.
#[inline(never)]
fn issue_for(c: &Change) -> Option<Issue> {
    match c.rule {
        "unknown_field" | "ip_canonicalised" => return None,
        "language_canonicalised" if c.from.as_str().is_some_and(language::is_acceptable) => return None,
        _ => {}
    }
    // The language rules are the rest.
    let (code, how, text) = ISSUES.iter().find(|i| i.0 == c.rule).map_or(
        ("invalid_language", VALUE_FIRST, " is not a BCP 47 language tag of 1 to 8 characters"),
        |&(_, code, how, text)| (code, how, text),
    );
    let from = describe(&c.from);
    let path = crate::json::join(&[AUTH, ".", &c.field], "");
    let value = |flag: u8| if how & flag != 0 { from.as_str() } else { "" };
    let (extra, tail) = match how {
        TYPE => (expected_type(&c.field), ", got "),
        RANGE => (range(&c.field), ")"),
        _ => ("", ""),
    };
    Some(issue(&path, code, &[value(VALUE_FIRST), text, extra, tail, value(VALUE_LAST)]))
}

/// The type a field takes, told by the letter after `browser` in its name (a test checks every field).
fn expected_type(field: &str) -> &'static str {
    match field.as_bytes().get(7) {
        Some(b'J') => "boolean",
        Some(b'T' | b'C' | b'S') => "number",
        _ => "string",
    }
}

/// The range of an integer field, for a message (a test checks it against the constants).
fn range(field: &str) -> &'static str {
    // `browserTZ` or a screen size: told by the letter after `browser`, as in `expected_type`.
    match field.as_bytes().get(7) {
        Some(b'T') => "-840..720 minutes",
        _ => "0..999999",
    }
}

/// A short rendering of a value for a message: JSON text, cut to 40 characters.
#[inline(never)]
fn describe(v: &Value) -> String {
    let text = v.to_json();
    // retry's `prefix`: one instance of the character walk in the wasm.
    let cut = crate::retry::prefix(&text, 40);
    if cut.len() < text.len() {
        crate::json::join(&[cut, "…"], "")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_its_type() {
        use super::super::*;
        for (field, t) in [
            (TZ, "number"),
            (COLOR_DEPTH, "number"),
            (SCREEN_HEIGHT, "number"),
            (SCREEN_WIDTH, "number"),
            (LANGUAGE, "string"),
            (USER_AGENT, "string"),
            (JAVA_ENABLED, "boolean"),
            (JAVASCRIPT_ENABLED, "boolean"),
            (ACCEPT_HEADER, "string"),
            (IP, "string"),
        ] {
            assert_eq!(expected_type(field), t, "{field}");
        }
    }

    #[test]
    fn messages_name_the_limits_of_the_constants() {
        assert_eq!(TOO_LONG, format!("must be at most {TEXT_MAX} characters"));
        assert_eq!(range(super::super::TZ), format!("{}..{} minutes", super::super::TZ_MIN, super::super::TZ_MAX));
        assert_eq!(range(super::super::SCREEN_WIDTH), format!("0..{}", super::super::SCREEN_MAX));
    }
}
