//! One checker per kind of field. Each records its problems in a [`Report`] at the field's path and
//! returns the value to send (normalised to what the gateway expects) only when the field is valid.
//! Nothing here indexes or unwraps input: any JSON value is an answer, never a panic.

use crate::error::{index_path, member_path, Report};
use crate::json::{object, Value};
use crate::money::{self, AmountError, Kopecks};

/// The longest personal name part (`name`, `surName`, `middleName`), item name and property name.
pub const MAX_NAME_CHARS: usize = 128;
/// The longest free text (a property's value, a refund's `note`).
pub const MAX_TEXT_CHARS: usize = 1024;
/// The longest e-mail address (RFC 5321 path limit).
pub const MAX_EMAIL_CHARS: usize = 254;
/// The longest URL (`successUrl`, `failUrl`, `cbUrl`).
pub const MAX_URL_CHARS: usize = 2048;
/// The most `properties` of one payment.
pub const MAX_PROPERTIES: usize = 50;
/// The longest `regPayNum`, in digits.
pub const MAX_REG_PAY_NUM_DIGITS: usize = 20;
/// `clientAuInfo.ipAddress`: the longest IPv6 text.
pub const MAX_IP_CHARS: usize = 45;
/// `clientAuInfo.agentName`: the EMV 3DS limit of a User-Agent.
pub const MAX_AGENT_CHARS: usize = 2048;
/// `clientAuInfo.authenticationInfo`: base64 of the browser data, generously bounded.
pub const MAX_AUTH_INFO_CHARS: usize = 16384;
/// `fiscalType`: its values are not documented; a short bounded text.
pub const MAX_FISCAL_TYPE_CHARS: usize = 64;
/// Epoch seconds at or above this are milliseconds by mistake (it is the year 5138 in seconds).
pub const EPOCH_MS_THRESHOLD: u64 = 100_000_000_000;
/// Epoch seconds below this (2001-09-09) are not a plausible expiry: most likely a duration.
pub const EPOCH_SECONDS_FLOOR: u64 = 1_000_000_000;
/// `holdTtl` bounds public integrations report (10 minutes to 4 days); outside them is a warning.
pub const HOLD_TTL_RANGE: (u64, u64) = (600, 345_600);

/// `payType` values.
pub const PAY_TYPES: [&str; 5] = ["card", "sbp", "gPay", "applePay", "fiscalCash"];
/// `clientType` values.
pub const CLIENT_TYPES: [&str; 3] = ["web", "mobile", "iframe"];

fn type_error(value: &Value, path: &str, report: &mut Report, what: &str) {
    report.error(path, "invalid_type", format!("must be {what}, got {}", value.type_name()));
}

/// A string of at most `max_chars` characters; empty only if `allow_empty`.
pub fn text(value: &Value, path: &str, report: &mut Report, max_chars: usize, allow_empty: bool) -> Option<String> {
    let Value::String(s) = value else {
        type_error(value, path, report, "a string");
        return None;
    };
    if !allow_empty && s.trim().is_empty() {
        report.error(path, "empty", "must not be empty");
        return None;
    }
    let chars = s.chars().count();
    if chars > max_chars {
        report.error(path, "too_long", format!("must be at most {max_chars} characters, got {chars}"));
        return None;
    }
    Some(s.clone())
}

/// A short quoted sample of a value for messages (never the whole of a huge string).
pub fn sample(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        Some((cut, _)) => format!("\"{}…\"", s.get(..cut).unwrap_or_default()),
        None => format!("\"{s}\""),
    }
}

/// One of `allowed`, exactly (case matters: the gateway spells `gPay`, `applePay`).
pub fn one_of(value: &Value, path: &str, report: &mut Report, allowed: &[&'static str]) -> Option<&'static str> {
    let Value::String(s) = value else {
        type_error(value, path, report, &format!("one of {}", allowed.join(", ")));
        return None;
    };
    let found = allowed.iter().find(|a| **a == s.as_str()).copied();
    if found.is_none() {
        report.error(path, "invalid_value", format!("must be one of {}, got {}", allowed.join(", "), sample(s)));
    }
    found
}

/// Records an amount error at `path`.
pub fn amount_error(e: AmountError, path: &str, report: &mut Report) {
    report.push_error(e.at(path));
}

/// Kopecks (a number, a numeric string or a BigInt's digits); `positive` refuses 0 (`not_positive`).
pub fn kopecks(value: &Value, path: &str, report: &mut Report, positive: bool) -> Option<Kopecks> {
    match money::parse_kopecks(value) {
        Ok(k) if positive && k.get() == 0 => {
            report.error(path, "not_positive", "must be more than 0 kopecks");
            None
        }
        Ok(k) => Some(k),
        Err(e) => {
            amount_error(e, path, report);
            None
        }
    }
}

/// A phone number as the gateway wants it: 11 to 15 ASCII digits, country code first, no `+`.
pub fn phone(value: &Value, path: &str, report: &mut Report) -> Option<String> {
    let s = text(value, path, report, 64, false)?;
    let digits = s.bytes().all(|b| b.is_ascii_digit());
    if digits && (11..=15).contains(&s.len()) {
        return Some(s);
    }
    let why = if s.starts_with('+') {
        "must be digits only, without '+' (79020000000)".to_string()
    } else if digits {
        format!("must have 11 to 15 digits with the country code (79020000000), got {}", s.len())
    } else {
        format!("must be 11 to 15 digits with the country code and no '+' (79020000000), got {}", sample(&s))
    };
    report.error(path, "invalid_phone", why);
    None
}

/// True for the shape of an e-mail address: one `@`, a local part, a dotted domain, no white space.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && local.chars().count() <= 64
        && !domain.contains('@')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
}

/// An e-mail address (shape only).
pub fn email(value: &Value, path: &str, report: &mut Report) -> Option<String> {
    let s = text(value, path, report, MAX_EMAIL_CHARS, false)?;
    if is_email(&s) {
        Some(s)
    } else {
        report.error(path, "invalid_email", format!("must be an e-mail address such as ana@example.ru, got {}", sample(&s)));
        None
    }
}

/// True for a UUID in its 8-4-4-4-12 hex form, any letter case.
pub fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// A `userToken` or `cardToken`: a UUID (8-4-4-4-12 hex, any case).
pub fn token(value: &Value, path: &str, report: &mut Report) -> Option<String> {
    let s = text(value, path, report, 64, false)?;
    if is_uuid(&s) {
        Some(s)
    } else {
        report.error(
            path,
            "invalid_token",
            format!("must be a token the gateway issued, a UUID such as cc507cb4-fe90-4cb4-af75-37b9b5b41387, got {}", sample(&s)),
        );
        None
    }
}

/// True for a service code: three groups of ASCII digits joined by hyphens (`109-5804-1`).
pub fn is_service_code(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 3 && groups.iter().all(|g| (1..=10).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()))
}

/// A `serviceCode` (`109-5804-1`, `1000-13864-2`).
pub fn service_code(value: &Value, path: &str, report: &mut Report) -> Option<String> {
    let s = text(value, path, report, 64, false)?;
    if is_service_code(&s) {
        Some(s)
    } else {
        report.error(path, "invalid_service_code", format!("must be three groups of digits joined by hyphens, such as 109-5804-1, got {}", sample(&s)));
        None
    }
}

/// A boolean; the strings `"true"` and `"false"` are accepted (public integrations send them) and sent
/// as booleans.
pub fn flag(value: &Value, path: &str, report: &mut Report) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s == "true" => Some(true),
        Value::String(s) if s == "false" => Some(false),
        other => {
            type_error(other, path, report, "a boolean (or the string \"true\" or \"false\")");
            None
        }
    }
}

/// A payment number: a string of 1 to 20 digits, or a whole number (sent as a string).
pub fn reg_pay_num(value: &Value, path: &str, report: &mut Report) -> Option<String> {
    let s = match value {
        Value::String(s) => s.clone(),
        Value::Number(_) => match money::parse_whole_number(value) {
            Ok(n) => n.to_string(),
            Err(_) => {
                report.error(path, "invalid_reg_pay_num", "must be the payment's number: digits, or a whole number");
                return None;
            }
        },
        other => {
            type_error(other, path, report, "a string of digits (or a whole number)");
            return None;
        }
    };
    if s.is_empty() {
        report.error(path, "empty", "must not be empty");
        return None;
    }
    if s.len() <= MAX_REG_PAY_NUM_DIGITS && s.bytes().all(|b| b.is_ascii_digit()) {
        Some(s)
    } else {
        report.error(
            path,
            "invalid_reg_pay_num",
            format!("must be the payment's number, 1 to {MAX_REG_PAY_NUM_DIGITS} digits (1310958041), got {}", sample(&s)),
        );
        None
    }
}

/// An absolute `http:` or `https:` URL without white space.
pub fn url(value: &Value, path: &str, report: &mut Report) -> Option<String> {
    let s = text(value, path, report, MAX_URL_CHARS, false)?;
    let lower = s.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    let host_ok = rest.is_some_and(|r| !r.is_empty() && !r.starts_with(['/', '?', '#']));
    if host_ok && !s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Some(s)
    } else {
        report.error(path, "invalid_url", format!("must be an absolute https:// (or http://) URL, got {}", sample(&s)));
        None
    }
}

/// `orderBestBefore`: absolute UTC epoch **seconds**, after `now` when `now` is known.
pub fn best_before(value: &Value, path: &str, report: &mut Report, now: Option<u64>) -> Option<u64> {
    let seconds = match money::parse_whole_number(value) {
        Ok(s) => s,
        Err(AmountError::NotANumber) if matches!(value, Value::String(_)) => {
            report.error(
                path,
                "invalid_type",
                "must be absolute UTC time in epoch seconds (a Date becomes text in JSON: use orderBestBefore(date))",
            );
            return None;
        }
        Err(e) => {
            amount_error(e, path, report);
            return None;
        }
    };
    if seconds >= EPOCH_MS_THRESHOLD {
        report.error(
            path,
            "epoch_milliseconds",
            format!("looks like epoch milliseconds ({seconds}); the gateway wants seconds: divide by 1000, or use orderBestBefore(date)"),
        );
        return None;
    }
    if seconds < EPOCH_SECONDS_FLOOR {
        report.error(
            path,
            "in_the_past",
            format!("{seconds} is before 2001: it looks like a duration; the gateway wants absolute UTC seconds (use orderBestBefore(seconds))"),
        );
        return None;
    }
    if let Some(now) = now {
        if seconds <= now {
            report.error(path, "in_the_past", format!("must be in the future: {seconds} is not after now ({now})"));
            return None;
        }
    }
    Some(seconds)
}

/// `holdTtl`: whole seconds, more than 0; outside [`HOLD_TTL_RANGE`] is a warning. Sent as a string,
/// as the official checkers do.
pub fn hold_ttl(value: &Value, path: &str, report: &mut Report) -> Option<Value> {
    let seconds = match money::parse_whole_number(value) {
        Ok(0) => {
            report.error(path, "not_positive", "must be more than 0 seconds");
            return None;
        }
        Ok(s) => s,
        Err(e) => {
            amount_error(e, path, report);
            return None;
        }
    };
    let (min, max) = HOLD_TTL_RANGE;
    if !(min..=max).contains(&seconds) {
        report.warn(
            path,
            "hold_ttl_out_of_range",
            format!("{seconds} s is outside the {min}..{max} s (10 minutes to 4 days) public integrations report; the gateway may refuse it"),
        );
    }
    Some(Value::String(seconds.to_string()))
}

/// Drops (with an `unknown_field` warning) the members of `obj` that are not in `known`.
pub fn warn_unknown_members(obj: &[(String, Value)], known: &[&str], path: &str, what: &str, report: &mut Report) {
    for (key, _) in obj {
        if !known.contains(&key.as_str()) {
            report.warn(member_path(path, key), "unknown_field", format!("is not a field of {what}; it was dropped"));
        }
    }
}

/// An array of 1 to `max` elements (`invalid_type`, `empty`, `too_many` otherwise); `what` names an
/// element for messages.
pub fn bounded_array<'v>(value: &'v Value, path: &str, report: &mut Report, max: usize, what: &str) -> Option<&'v [Value]> {
    let Value::Array(items) = value else {
        type_error(value, path, report, &format!("an array, each element a {what}"));
        return None;
    };
    if items.is_empty() {
        report.error(path, "empty", format!("must have at least one {what}"));
        return None;
    }
    if items.len() > max {
        report.error(path, "too_many", format!("must have at most {max} elements, got {}", items.len()));
        return None;
    }
    Some(items)
}

/// `properties`: a non-empty array (at most [`MAX_PROPERTIES`]) of `{name, value}` strings, sent
/// untouched (Cyrillic names such as `Л/СЧЕТ` included).
pub fn properties(value: &Value, path: &str, report: &mut Report) -> Option<Value> {
    let items = bounded_array(value, path, report, MAX_PROPERTIES, "{name, value} (the service's requisites)")?;
    let before = report.issues.len();
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = index_path(path, i);
        let Value::Object(members) = item else {
            type_error(item, &at, report, "an object {name, value}");
            continue;
        };
        warn_unknown_members(members, &["name", "value"], &at, "a property", report);
        let name = required_member(item, "name", &at, report).and_then(|v| text(v, &member_path(&at, "name"), report, MAX_NAME_CHARS, false));
        let val = required_member(item, "value", &at, report).and_then(|v| text(v, &member_path(&at, "value"), report, MAX_TEXT_CHARS, true));
        if let (Some(name), Some(val)) = (name, val) {
            out.push(object([("name", Some(Value::String(name))), ("value", Some(Value::String(val)))]));
        }
    }
    (report.issues.len() == before).then_some(Value::Array(out))
}

/// The member `key` of `obj`, or a `required` error (a `null` member counts as missing).
pub fn required_member<'v>(obj: &'v Value, key: &str, path: &str, report: &mut Report) -> Option<&'v Value> {
    match obj.get(key) {
        Some(v) if !v.is_null() => Some(v),
        _ => {
            report.error(member_path(path, key), "required", "is required");
            None
        }
    }
}

/// True for standard base64 with `=` padding (what `btoa` writes), not empty.
pub fn is_base64(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    !s.is_empty()
        && s.len() % 4 == 0
        && s.len() - body.len() <= 2
        && body.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

/// `clientAuInfo` (recurrent payments, 3-D Secure 2 browser data), shape only:
/// `{ipAddress, agentName, authenticationInfo}`, all strings; `ipAddress` and `agentName` may be empty
/// in the browser (the merchant's proxy fills them), `authenticationInfo` is non-empty base64.
pub fn client_au_info(value: &Value, path: &str, report: &mut Report) -> Option<Value> {
    let Value::Object(members) = value else {
        type_error(value, path, report, "an object {ipAddress, agentName, authenticationInfo}");
        return None;
    };
    let before = report.issues.len();
    warn_unknown_members(members, &["ipAddress", "agentName", "authenticationInfo"], path, "clientAuInfo", report);
    let ip_path = member_path(path, "ipAddress");
    let ip = required_member(value, "ipAddress", path, report).and_then(|v| text(v, &ip_path, report, MAX_IP_CHARS, true));
    if let Some(ip) = &ip {
        if !ip.bytes().all(|b| b.is_ascii_hexdigit() || b == b'.' || b == b':') {
            report.error(&ip_path, "invalid_ip", format!("must be an IPv4 or IPv6 address, got {}", sample(ip)));
        }
    }
    let agent = required_member(value, "agentName", path, report)
        .and_then(|v| text(v, &member_path(path, "agentName"), report, MAX_AGENT_CHARS, true));
    let info_path = member_path(path, "authenticationInfo");
    let info = required_member(value, "authenticationInfo", path, report)
        .and_then(|v| text(v, &info_path, report, MAX_AUTH_INFO_CHARS, false));
    if let Some(info) = &info {
        if !is_base64(info) {
            report.error(&info_path, "invalid_base64", "must be base64 (A-Z a-z 0-9 + / with = padding), as the SDK's fingerprint functions write it");
        }
    }
    if report.issues.len() != before {
        return None;
    }
    Some(object([
        ("ipAddress", ip.map(Value::String)),
        ("agentName", agent.map(Value::String)),
        ("authenticationInfo", info.map(Value::String)),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn codes(f: impl Fn(&Value, &mut Report), json: &str) -> Vec<&'static str> {
        let mut r = Report::new();
        f(&parse(json).unwrap(), &mut r);
        r.issues.iter().chain(r.warnings.iter()).map(|i| i.code).collect()
    }

    #[test]
    fn shapes() {
        let cases: &[(&str, bool)] = &[
            ("ana@mi.ru", true), ("a.b+c@sub.example.com", true), ("Email", false), ("a@b", false),
            ("a b@c.ru", false), ("@c.ru", false), ("a@@c.ru", false), ("a@c..ru", false), ("a@-c.ru", false),
        ];
        for (s, ok) in cases {
            assert_eq!(is_email(s), *ok, "{s}");
        }
        for (s, ok) in [
            ("cc507cb4-fe90-4cb4-af75-37b9b5b41387", true), ("CC507CB4-FE90-4CB4-AF75-37B9B5B41387", true),
            ("USER_TOKEN", false), ("cc507cb4fe904cb4af7537b9b5b41387", false), ("cc507cb4-fe90-4cb4-af75-37b9b5b4138g", false),
            ("сс507cb4-fe90-4cb4-af75-37b9b5b4138", false),
        ] {
            assert_eq!(is_uuid(s), ok, "{s}");
        }
        for (s, ok) in [("109-5804-1", true), ("1000-13864-2", true), ("15636-15727-1", true), ("109-5804", false), ("109-5804-1-2", false), ("109--1", false), ("a-b-c", false), ("１０９-5804-1", false)] {
            assert_eq!(is_service_code(s), ok, "{s}");
        }
        for (s, ok) in [("e2RldmljZQ==", true), ("YWJj", true), ("YWJ", false), ("", false), ("YW=j", false), ("YQ===", false), ("a b=", false)] {
            assert_eq!(is_base64(s), ok, "{s}");
        }
    }

    #[test]
    fn field_verdicts() {
        let phone_c = |v: &Value, r: &mut Report| {
            phone(v, "login", r);
        };
        assert_eq!(codes(phone_c, r#""79020000000""#), Vec::<&str>::new());
        assert_eq!(codes(phone_c, r#""+79020000000""#), vec!["invalid_phone"]);
        assert_eq!(codes(phone_c, r#""7902000000""#), vec!["invalid_phone"]);
        assert_eq!(codes(phone_c, r#""7902000000012345""#), vec!["invalid_phone"]);
        assert_eq!(codes(phone_c, r#""Login""#), vec!["invalid_phone"]);
        assert_eq!(codes(phone_c, "79020000000"), vec!["invalid_type"]);
        assert_eq!(codes(phone_c, r#""""#), vec!["empty"]);

        let flag_c = |v: &Value, r: &mut Report| {
            flag(v, "enableSMSConfirm", r);
        };
        for ok in ["true", "false", r#""true""#, r#""false""#] {
            assert_eq!(codes(flag_c, ok), Vec::<&str>::new(), "{ok}");
        }
        for bad in [r#""TRUE""#, "1", "null", r#""yes""#] {
            assert_eq!(codes(flag_c, bad), vec!["invalid_type"], "{bad}");
        }

        let rpn = |v: &Value, r: &mut Report| {
            reg_pay_num(v, "regPayNum", r);
        };
        assert_eq!(codes(rpn, r#""1310958041""#), Vec::<&str>::new());
        assert_eq!(codes(rpn, "1310958041"), Vec::<&str>::new());
        assert_eq!(codes(rpn, "1.5"), vec!["invalid_reg_pay_num"]);
        assert_eq!(codes(rpn, r#""13-10""#), vec!["invalid_reg_pay_num"]);
        assert_eq!(codes(rpn, r#""123456789012345678901""#), vec!["invalid_reg_pay_num"]);
        assert_eq!(codes(rpn, "[]"), vec!["invalid_type"]);

        let url_c = |v: &Value, r: &mut Report| {
            url(v, "successUrl", r);
        };
        assert_eq!(codes(url_c, r#""https://shop.example/ok?id=1""#), Vec::<&str>::new());
        assert_eq!(codes(url_c, r#""HTTP://shop.example""#), Vec::<&str>::new());
        for bad in [r#""javascript:alert(1)""#, r#""https://""#, r#""https:///x""#, r#""https://a b""#, r#""shop.example""#] {
            assert_eq!(codes(url_c, bad), vec!["invalid_url"], "{bad}");
        }

        let bb = |v: &Value, r: &mut Report| {
            best_before(v, "orderBestBefore", r, Some(1_700_000_000));
        };
        assert_eq!(codes(bb, "1700003600"), Vec::<&str>::new());
        assert_eq!(codes(bb, r#""1700003600""#), Vec::<&str>::new());
        assert_eq!(codes(bb, "1700000000"), vec!["in_the_past"]);
        assert_eq!(codes(bb, "3600"), vec!["in_the_past"]);
        assert_eq!(codes(bb, "1700003600000"), vec!["epoch_milliseconds"]);
        assert_eq!(codes(bb, "1700003600.5"), vec!["not_integer"]);
        assert_eq!(codes(bb, r#""2030-01-01T00:00:00.000Z""#), vec!["invalid_type"]);
        let no_now = |v: &Value, r: &mut Report| {
            best_before(v, "orderBestBefore", r, None);
        };
        assert_eq!(codes(no_now, "1000000001"), Vec::<&str>::new());

        let ttl = |v: &Value, r: &mut Report| {
            hold_ttl(v, "holdTtl", r);
        };
        assert_eq!(codes(ttl, "1800"), Vec::<&str>::new());
        assert_eq!(codes(ttl, r#""345600""#), Vec::<&str>::new());
        assert_eq!(codes(ttl, "0"), vec!["not_positive"]);
        assert_eq!(codes(ttl, "60"), vec!["hold_ttl_out_of_range"]);

        let props = |v: &Value, r: &mut Report| {
            properties(v, "properties", r);
        };
        assert_eq!(codes(props, r#"[{"name":"Л/СЧЕТ","value":"9503006477"},{"name":"X","value":""}]"#), Vec::<&str>::new());
        assert_eq!(codes(props, "[]"), vec!["empty"]);
        assert_eq!(codes(props, "{}"), vec!["invalid_type"]);
        assert_eq!(codes(props, r#"[1,{"name":"","value":5},{"value":"x"},{"name":"a","value":"b","x":1}]"#), vec!["invalid_type", "empty", "invalid_type", "required", "unknown_field"]);
        let many = format!("[{}]", vec![r#"{"name":"a","value":"b"}"#; MAX_PROPERTIES + 1].join(","));
        assert_eq!(codes(props, &many), vec!["too_many"]);

        let cai = |v: &Value, r: &mut Report| {
            client_au_info(v, "clientAuInfo", r);
        };
        assert_eq!(codes(cai, r#"{"ipAddress":"94.138.149.34","agentName":"Mozilla/5.0","authenticationInfo":"e30="}"#), Vec::<&str>::new());
        assert_eq!(codes(cai, r#"{"ipAddress":"","agentName":"","authenticationInfo":"e30="}"#), Vec::<&str>::new());
        assert_eq!(codes(cai, r#"{"ipAddress":"xxx.xxx.xxx.xxx","agentName":1,"authenticationInfo":"{not base64}"}"#), vec!["invalid_ip", "invalid_type", "invalid_base64"]);
        assert_eq!(codes(cai, r#"{}"#), vec!["required", "required", "required"]);
        assert_eq!(codes(cai, r#""e30=""#), vec!["invalid_type"]);
    }

    #[test]
    fn samples_are_short() {
        assert_eq!(sample("abc"), "\"abc\"");
        assert_eq!(sample(&"я".repeat(10_000)).chars().count(), 43);
    }
}
