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
}
