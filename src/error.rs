//! Problems the core reports: validation issues (one per field and rule) and the error envelope that
//! crosses the JS boundary.

use crate::json::{object, Value};

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
        object([
            ("path", Some(Value::str(self.path.clone()))),
            ("code", Some(Value::str(self.code))),
            ("message", Some(Value::str(self.message.clone()))),
        ])
    }
}

/// Issues as a JSON array.
pub fn issues_to_value(issues: &[Issue]) -> Value {
    Value::Array(issues.iter().map(Issue::to_value).collect())
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

    /// A validation error carrying `issues` (and `warnings`); its code and message are the first issue's.
    pub fn validation(issues: Vec<Issue>, warnings: Vec<Issue>) -> ApiError {
        let (code, message) = match issues.first() {
            Some(first) if issues.len() == 1 => {
                (first.code.to_string(), path_message(first))
            }
            Some(first) => (
                first.code.to_string(),
                format!("{} (and {} more problems)", path_message(first), issues.len() - 1),
            ),
            None => ("invalid".to_string(), "invalid input".to_string()),
        };
        ApiError {
            kind: "validation",
            code,
            message,
            extra: vec![
                ("issues".into(), issues_to_value(&issues)),
                ("warnings".into(), issues_to_value(&warnings)),
            ],
        }
    }

    /// Adds one extra field.
    pub fn with(mut self, key: &str, value: Value) -> ApiError {
        self.extra.push((key.to_string(), value));
        self
    }

    /// The error as JSON `{type, code, message, ...extra}`.
    pub fn to_value(&self) -> Value {
        let mut members = vec![
            ("type".to_string(), Value::str(self.kind)),
            ("code".to_string(), Value::str(self.code.clone())),
            ("message".to_string(), Value::str(self.message.clone())),
        ];
        members.extend(self.extra.iter().cloned());
        Value::Object(members)
    }
}

fn path_message(issue: &Issue) -> String {
    if issue.path.is_empty() {
        issue.message.clone()
    } else {
        format!("{}: {}", issue.path, issue.message)
    }
}

/// The envelope every wasm export returns: `{"ok":true,"value":...}` or `{"ok":false,"error":{...}}`.
pub fn envelope(result: Result<Value, ApiError>) -> String {
    match result {
        Ok(value) => object([("ok", Some(Value::Bool(true))), ("value", Some(value))]).to_json(),
        Err(error) => {
            object([("ok", Some(Value::Bool(false))), ("error", Some(error.to_value()))]).to_json()
        }
    }
}

/// The most issues (and, separately, the most warnings) one [`Report`] keeps; one more issue with the
/// code `too_many_issues` says that the rest were left out. It bounds the answer to huge junk input.
pub const MAX_ISSUES: usize = 100;

/// Collects every problem of one validation: errors (`issues`) and remarks that do not stop it
/// (`warnings`), each list capped at [`MAX_ISSUES`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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
        list.push(Issue::new(
            "",
            "too_many_issues",
            format!("more than {MAX_ISSUES} problems; the rest are not listed"),
        ));
    }
}

/// The path of member `key` under `base` (`orderItems[1]` + `price` → `orderItems[1].price`). A very
/// long key (junk input) is shortened so that a path never echoes megabytes back.
pub fn member_path(base: &str, key: &str) -> String {
    const MAX_KEY_CHARS: usize = 64;
    let key: std::borrow::Cow<'_, str> = match key.char_indices().nth(MAX_KEY_CHARS) {
        Some((cut, _)) => format!("{}…", &key[..cut]).into(),
        None => key.into(),
    };
    if base.is_empty() {
        key.into_owned()
    } else {
        format!("{base}.{key}")
    }
}

/// The path of element `index` under `base` (`orderItems` + 1 → `orderItems[1]`).
pub fn index_path(base: &str, index: usize) -> String {
    format!("{base}[{index}]")
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
    }
}
