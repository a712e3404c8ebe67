//! Problems the core reports: validation issues (one per field and rule) and the error envelope that
//! crosses the JS boundary.

use crate::json::{push_u64, write_string, write_value, Value};

/// One problem with one field: where (`orderItems[1].price`), which rule (a stable machine code) and a
/// sentence for a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// The field's path in the input, `""` for the input itself.
    pub path: String,
    /// A stable machine code from the table in README.md (`required`, `not_integer`, ...).
    pub code: &'static str,
    /// What is wrong, in English, naming the field.
    pub message: String,
}

impl Issue {
    /// A new issue.
    pub fn new(path: impl Into<String>, code: &'static str, message: impl Into<String>) -> Issue {
        Issue { path: path.into(), code, message: message.into() }
    }

    /// The issue as JSON `{path, code, message}`.
    pub fn to_value(&self) -> Value {
        Value::Object(vec![text_member("path", &self.path), text_member("code", self.code), text_member("message", &self.message)])
    }
}

/// A member whose value is a string (one copy of the code for every such member built here).
#[inline(never)]
fn text_member(key: &str, value: &str) -> (String, Value) {
    (key.into(), Value::String(value.into()))
}

/// Issues as a JSON array.
pub fn issues_to_value(issues: &[Issue]) -> Value {
    let mut out = Vec::with_capacity(issues.len());
    for issue in issues {
        out.push(issue.to_value());
    }
    Value::Array(out)
}

/// Writes issues as a JSON array of `{path, code, message}`.
pub fn write_issues(issues: &[Issue], out: &mut String) {
    out.push('[');
    for (i, issue) in issues.iter().enumerate() {
        out.push_str(if i == 0 { "{\"path\":" } else { ",{\"path\":" });
        write_string(&issue.path, out);
        out.push_str(",\"code\":\"");
        out.push_str(issue.code);
        out.push_str("\",\"message\":");
        write_string(&issue.message, out);
        out.push('}');
    }
    out.push(']');
}

/// An error as the JS layer receives it; `kind` picks the JS error class (`validation` →
/// `CKassaValidationError`, `gateway` → `CKassaGatewayError`, ...).
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// The error's type string (`validation`, `gateway`, `browser_only`, `redirect_blocked`, ...).
    pub kind: &'static str,
    /// A stable machine code.
    pub code: String,
    /// A sentence for a person.
    pub message: String,
    /// More fields for the JS error object (`issues`, `warnings`, `gatewayCode`, ...).
    pub extra: Vec<(String, Value)>,
}

impl ApiError {
    /// A new error with no extra fields.
    pub fn new(kind: &'static str, code: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError { kind, code: code.into(), message: message.into(), extra: Vec::new() }
    }

    /// A validation error carrying `issues` (and `warnings`); its code and message are the first issue's
    /// (the message prefixed with its path), with how many more problems there are.
    pub fn validation(issues: Vec<Issue>, warnings: Vec<Issue>) -> ApiError {
        let (mut code, mut message) = ("invalid", String::from("invalid input"));
        if let Some(first) = issues.first() {
            code = first.code;
            message.clear();
            if !first.path.is_empty() {
                message.push_str(&first.path);
                message.push_str(": ");
            }
            message.push_str(&first.message);
            if issues.len() > 1 {
                message.push_str(" (and ");
                push_u64(&mut message, (issues.len() - 1) as u64);
                message.push_str(" more problems)");
            }
        }
        ApiError {
            kind: "validation",
            code: code.into(),
            message,
            extra: vec![("issues".into(), issues_to_value(&issues)), ("warnings".into(), issues_to_value(&warnings))],
        }
    }

    /// The validation error of one issue.
    pub fn invalid(issue: Issue) -> ApiError {
        ApiError::validation(vec![issue], Vec::new())
    }

    /// Adds one extra field.
    pub fn with(mut self, key: &str, value: Value) -> ApiError {
        self.extra.push((key.to_string(), value));
        self
    }

    /// The error as JSON `{type, code, message, ...extra}`.
    pub fn to_value(&self) -> Value {
        let mut members = vec![text_member("type", self.kind), text_member("code", &self.code), text_member("message", &self.message)];
        members.extend(self.extra.iter().cloned());
        Value::Object(members)
    }

    /// Writes [`ApiError::to_value`] as JSON text.
    pub fn write(&self, out: &mut String) {
        out.push_str("{\"type\":");
        write_string(self.kind, out);
        out.push_str(",\"code\":");
        write_string(&self.code, out);
        out.push_str(",\"message\":");
        write_string(&self.message, out);
        for (k, v) in &self.extra {
            out.push(',');
            write_string(k, out);
            out.push(':');
            write_value(v, out);
        }
        out.push('}');
    }
}

/// The envelope every wasm export returns: `{"ok":true,"value":...}` or `{"ok":false,"error":{...}}`.
pub fn envelope(result: Result<Value, ApiError>) -> String {
    let mut out = String::new();
    match result {
        Ok(value) => {
            out.push_str(OK_ENVELOPE);
            write_value(&value, &mut out);
        }
        Err(error) => {
            out.push_str("{\"ok\":false,\"error\":");
            error.write(&mut out);
        }
    }
    out.push('}');
    out
}

/// The start of an answer envelope; the value and a closing `}` follow.
pub const OK_ENVELOPE: &str = "{\"ok\":true,\"value\":";

/// The most issues (and, separately, the most warnings) one [`Report`] keeps; one more issue with the
/// code `too_many_issues` says that the rest were left out. It bounds the answer to huge junk input.
pub const MAX_ISSUES: usize = 100;

/// Where a value sits in the input, for the path of an issue: written out only when an issue is
/// recorded, so that checking a valid input builds no path text at all.
#[derive(Clone, Copy)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub enum At<'p> {
    /// A path already written out (`""` for the input itself, `orderItems`).
    Path(&'p str),
    /// The member `key` of the parent.
    Key(&'p At<'p>, &'p str),
    /// The element `index` of the parent.
    Index(&'p At<'p>, usize),
}

/// The input itself.
pub const ROOT: At<'static> = At::Path("");

impl<'p> At<'p> {
    /// The member `key` of this value.
    pub fn key(&'p self, key: &'p str) -> At<'p> {
        At::Key(self, key)
    }

    /// The element `index` of this value.
    pub fn index(&'p self, index: usize) -> At<'p> {
        At::Index(self, index)
    }

    /// The path as text (`orderItems[1].price`).
    pub fn to_path(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match *self {
            At::Path(p) => out.push_str(p),
            At::Key(parent, key) => {
                parent.write(out);
                if !out.is_empty() {
                    out.push('.');
                }
                push_key(key, out);
            }
            At::Index(parent, index) => {
                parent.write(out);
                out.push('[');
                push_u64(out, index as u64);
                out.push(']');
            }
        }
    }
}

/// The longest key a path repeats: a junk key is cut there, with `…`, so a path never echoes megabytes.
const MAX_KEY_CHARS: usize = 64;

fn push_key(key: &str, out: &mut String) {
    // A key of at most MAX_KEY_CHARS bytes has at most that many characters.
    if key.len() <= MAX_KEY_CHARS {
        out.push_str(key);
        return;
    }
    let cut = crate::retry::prefix(key, MAX_KEY_CHARS);
    out.push_str(cut);
    if cut.len() < key.len() {
        out.push('…');
    }
}

/// Collects every problem of one validation: errors (`issues`) and remarks that do not stop it
/// (`warnings`), each list capped at [`MAX_ISSUES`].
#[derive(Clone, Default, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub struct Report {
    /// Problems that make the input unusable.
    pub issues: Vec<Issue>,
    /// Remarks: the input is used, but something was dropped or looks wrong.
    pub warnings: Vec<Issue>,
}

impl Report {
    /// An empty report.
    pub fn new() -> Report {
        Report::default()
    }

    /// Records an error.
    pub fn error(&mut self, path: impl Into<String>, code: &'static str, message: impl Into<String>) {
        push_capped(&mut self.issues, Issue::new(path, code, message));
    }

    /// Records an error that is already an [`Issue`].
    pub fn push_error(&mut self, issue: Issue) {
        push_capped(&mut self.issues, issue);
    }

    /// Records a warning.
    pub fn warn(&mut self, path: impl Into<String>, code: &'static str, message: impl Into<String>) {
        push_capped(&mut self.warnings, Issue::new(path, code, message));
    }

    /// Records an error (or, with `warning`, a warning) at `at`; the path is written out only when
    /// the list has room for it.
    pub fn add(&mut self, warning: bool, at: &At<'_>, code: &'static str, message: String) {
        let list = if warning { &mut self.warnings } else { &mut self.issues };
        if list.len() < MAX_ISSUES {
            list.push(Issue { path: at.to_path(), code, message });
        } else {
            push_capped(list, Issue::new("", code, ""));
        }
    }

    /// Records an error with a fixed message at `at`.
    pub fn err(&mut self, at: &At<'_>, code: &'static str, message: &str) {
        self.add(false, at, code, message.to_string());
    }

    /// True when there is no error (warnings do not count).
    pub fn is_ok(&self) -> bool {
        self.issues.is_empty()
    }

    /// Strict mode: every warning becomes an error.
    pub fn make_warnings_errors(&mut self) {
        for w in std::mem::take(&mut self.warnings) {
            push_capped(&mut self.issues, w);
        }
    }
}

fn push_capped(list: &mut Vec<Issue>, issue: Issue) {
    if list.len() < MAX_ISSUES {
        list.push(issue);
    } else if list.len() == MAX_ISSUES {
        list.push(Issue::new("", "too_many_issues", "more than 100 problems; the rest are not listed"));
    }
}

/// The path of member `key` under `base` (`orderItems[1]` + `price` → `orderItems[1].price`). A very
/// long key (junk input) is shortened so that a path never echoes megabytes back.
pub fn member_path(base: &str, key: &str) -> String {
    At::Path(base).key(key).to_path()
}

/// The path of element `index` under `base` (`orderItems` + 1 → `orderItems[1]`).
pub fn index_path(base: &str, index: usize) -> String {
    At::Path(base).index(index).to_path()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_error_names_the_first_field_and_counts_the_rest() {
        let e = ApiError::validation(
            vec![
                Issue::new("amount", "required", "is required"),
                Issue::new("comission", "negative", "must not be negative"),
            ],
            vec![],
        );
        assert_eq!(e.code, "required");
        assert_eq!(e.message, "amount: is required (and 1 more problems)");
        let json = envelope(Err(e));
        assert!(json.starts_with(r#"{"ok":false,"error":{"type":"validation","code":"required""#), "{json}");
        assert!(json.contains(r#""issues":[{"path":"amount","code":"required","message":"is required"}"#), "{json}");
    }

    #[test]
    fn ok_envelope_wraps_the_value() {
        assert_eq!(envelope(Ok(Value::uint(5))), r#"{"ok":true,"value":5}"#);
        let e = ApiError::new("gateway", "x", "m\"").with("n", Value::Null);
        assert_eq!(envelope(Err(e.clone())), format!(r#"{{"ok":false,"error":{}}}"#, e.to_value().to_json()));
        let issues = vec![Issue::new("a\n", "c", "m"), Issue::new("", "d", "é")];
        let mut out = String::new();
        write_issues(&issues, &mut out);
        assert_eq!(out, issues_to_value(&issues).to_json());
    }

    #[test]
    fn report_caps_its_lists_and_strict_moves_warnings() {
        let mut r = Report::new();
        for _ in 0..MAX_ISSUES + 10 {
            r.error("a", "x", "m");
        }
        assert_eq!(r.issues.len(), MAX_ISSUES + 1);
        assert_eq!(r.issues[MAX_ISSUES].code, "too_many_issues");
        let mut r = Report::new();
        r.warn("b", "w", "m");
        assert!(r.is_ok());
        r.make_warnings_errors();
        assert!(!r.is_ok() && r.warnings.is_empty());
    }

    #[test]
    fn paths_join_and_shorten_junk_keys() {
        assert_eq!(member_path("", "amount"), "amount");
        assert_eq!(index_path("orderItems", 1), "orderItems[1]");
        assert_eq!(member_path("orderItems[1]", "price"), "orderItems[1].price");
        assert_eq!(member_path("", &"я".repeat(1000)).chars().count(), 65);
        assert_eq!(member_path("", &"я".repeat(64)), "я".repeat(64));
        assert_eq!(member_path("", &"x".repeat(65)), format!("{}…", "x".repeat(64)));
        let items = At::Path("orderItems");
        let item = items.index(3);
        assert_eq!(item.key("price").to_path(), "orderItems[3].price");
        assert_eq!(ROOT.key("amount").to_path(), "amount");
        assert_eq!(ROOT.index(0).to_path(), "[0]");
    }
}
