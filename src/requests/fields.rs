//! One checker per kind of field. Each records its problems in a [`Report`] at the field's place
//! ([`At`], written out as a path only when there is a problem) and returns the value to send only when
//! the field is valid, borrowed from the input where it is sent unchanged.
//! Nothing here indexes or unwraps input: any JSON value is an answer, never a panic.

use crate::error::{At, Report};
use crate::json::{push_u64, Items, Kind, Members, Node};
use crate::money::{self, AmountError, Kopecks, Numeric};

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
/// Short codes (`serviceCode`, phones, tokens) are read only up to this length before their shape is
/// checked.
pub const MAX_CODE_CHARS: usize = 64;
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
/// [`PAY_TYPES`] joined for messages.
pub(crate) const PAY_TYPE_LIST: &str = "card, sbp, gPay, applePay, fiscalCash";
/// [`CLIENT_TYPES`] joined for messages.
pub(crate) const CLIENT_TYPE_LIST: &str = "web, mobile, iframe";

/// A message from its parts (what `format!` does, without its machinery).
pub(crate) fn cat(parts: &[&str]) -> String {
    let mut len = 0;
    for p in parts {
        len += p.len();
    }
    let mut s = String::with_capacity(len);
    for p in parts {
        s.push_str(p);
    }
    s
}

/// The decimal text of `n`, for messages.
pub(crate) fn num(n: u64) -> String {
    let mut s = String::new();
    push_u64(&mut s, n);
    s
}

/// A message of `parts` with the numbers `nums` between them (`nums[i]` after `parts[i]`, none after
/// the last part).
pub(crate) fn say(parts: &[&str], nums: &[u64]) -> String {
    let mut s = String::new();
    let mut i = 0usize;
    for p in parts {
        if let Some(n) = nums.get(i.wrapping_sub(1)) {
            push_u64(&mut s, *n);
        }
        s.push_str(p);
        i += 1;
    }
    s
}

/// `invalid_type`: "must be {what}, got {the JSON type}".
pub(crate) fn type_error(value: Node<'_>, at: &At<'_>, report: &mut Report, what: &str) {
    report.add(false, at, "invalid_type", cat(&["must be ", what, ", got ", value.type_name()]));
}

/// True when `s` has more than `max` characters (counted only when its bytes could be that many).
pub(crate) fn longer_than(s: &str, max: usize) -> Option<usize> {
    if s.len() <= max {
        return None;
    }
    // Characters are the bytes that do not continue a UTF-8 sequence.
    let mut chars = 0;
    for &b in s.as_bytes() {
        chars += (b & 0xC0 != 0x80) as usize;
    }
    (chars > max).then_some(chars)
}

/// `too_long`: "must be at most {max} characters, got {chars}".
pub(crate) fn too_long(at: &At<'_>, report: &mut Report, max: usize, chars: usize) {
    report.add(false, at, "too_long", say(&["must be at most ", " characters, got ", ""], &[max as u64, chars as u64]));
}

/// True for an empty string or one of white space only (decided at the first byte for most text).
fn is_blank(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(&b) if b > b' ' && b < 0x80 => false,
        _ => s.trim().is_empty(),
    }
}

/// A string of at most `max_chars` characters; empty only if `allow_empty`.
pub fn text<'d>(value: Node<'d>, at: &At<'_>, report: &mut Report, max_chars: usize, allow_empty: bool) -> Option<&'d str> {
    let Kind::String(s) = value.kind() else {
        type_error(value, at, report, "a string");
        return None;
    };
    if !allow_empty && is_blank(s) {
        report.err(at, "empty", "must not be empty");
        return None;
    }
    if let Some(chars) = longer_than(s, max_chars) {
        too_long(at, report, max_chars, chars);
        return None;
    }
    Some(s)
}

/// A short quoted sample of a value for messages (never the whole of a huge string).
pub fn sample(s: &str) -> String {
    let cut = crate::retry::prefix(s, 40);
    cat(&["\"", cut, if cut.len() < s.len() { "…\"" } else { "\"" }])
}

/// `invalid_<kind>`: "must be {what}, got {sample}".
pub(crate) fn shape_error(at: &At<'_>, report: &mut Report, code: &'static str, what: &str, got: &str) {
    report.add(false, at, code, cat(&["must be ", what, ", got ", &sample(got)]));
}

/// One of `allowed`, exactly (case matters: the gateway spells `gPay`, `applePay`); `list` is
/// `allowed` joined with `", "`, for messages.
pub fn one_of(value: Node<'_>, at: &At<'_>, report: &mut Report, allowed: &[&'static str], list: &str) -> Option<&'static str> {
    let Kind::String(s) = value.kind() else {
        type_error(value, at, report, &cat(&["one of ", list]));
        return None;
    };
    let found = allowed.iter().find(|a| **a == s).copied();
    if found.is_none() {
        shape_error(at, report, "invalid_value", &cat(&["one of ", list]), s);
    }
    found
}

/// Kopecks (a number, a numeric string or a BigInt's digits); `positive` refuses 0 (`not_positive`).
pub fn kopecks(value: Node<'_>, at: &At<'_>, report: &mut Report, positive: bool) -> Option<Kopecks> {
    match money::kopecks_of(Numeric::node(value)) {
        Ok(k) if positive && k.get() == 0 => {
            report.err(at, "not_positive", "must be more than 0 kopecks");
            None
        }
        Ok(k) => Some(k),
        Err(e) => {
            e.report(at, report);
            None
        }
    }
}

/// A phone number as the gateway wants it: 11 to 15 ASCII digits, country code first, no `+`.
pub fn phone<'d>(value: Node<'d>, at: &At<'_>, report: &mut Report) -> Option<&'d str> {
    let s = text(value, at, report, MAX_CODE_CHARS, false)?;
    let digits = !money::any_byte(s, |b| !b.is_ascii_digit());
    if digits && s.len().wrapping_sub(11) <= 4 {
        return Some(s);
    }
    let why = if s.starts_with('+') {
        "must be digits only, without '+' (79020000000)".to_string()
    } else if digits {
        say(&["must have 11 to 15 digits with the country code (79020000000), got ", ""], &[s.len() as u64])
    } else {
        cat(&["must be 11 to 15 digits with the country code and no '+' (79020000000), got ", &sample(s)])
    };
    report.add(false, at, "invalid_phone", why);
    None
}

/// True for the shape of an e-mail address: one `@`, a local part, a dotted domain, no white space.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && longer_than(local, 64).is_none()
        && !domain.contains('@')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
}

/// A non-empty string of at most `max` characters that passes `shape`, else `code` ("must be
/// {what}, got {sample}").
fn shaped<'d>(
    value: Node<'d>,
    at: &At<'_>,
    report: &mut Report,
    max: usize,
    shape: fn(&str) -> bool,
    code: &'static str,
    what: &str,
) -> Option<&'d str> {
    let s = text(value, at, report, max, false)?;
    if shape(s) {
        return Some(s);
    }
    shape_error(at, report, code, what, s);
    None
}

/// An e-mail address (shape only).
pub fn email<'d>(value: Node<'d>, at: &At<'_>, report: &mut Report) -> Option<&'d str> {
    shaped(value, at, report, MAX_EMAIL_CHARS, is_email, "invalid_email", "an e-mail address such as ana@example.ru")
}

/// True for a UUID in its 8-4-4-4-12 hex form, any letter case.
pub fn is_uuid(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.len() != 36 {
        return false;
    }
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let ok = if matches!(i, 8 | 13 | 18 | 23) { b == b'-' } else { b.is_ascii_hexdigit() };
        if !ok {
            return false;
        }
        i += 1;
    }
    true
}

/// A `userToken` or `cardToken`: a UUID (8-4-4-4-12 hex, any case).
pub fn token<'d>(value: Node<'d>, at: &At<'_>, report: &mut Report) -> Option<&'d str> {
    let what = "a token the gateway issued, a UUID such as cc507cb4-fe90-4cb4-af75-37b9b5b41387";
    shaped(value, at, report, MAX_CODE_CHARS, is_uuid, "invalid_token", what)
}

/// True for a service code: three groups of ASCII digits joined by hyphens (`109-5804-1`).
pub fn is_service_code(s: &str) -> bool {
    // Each group 1 to 10 digits: `len - 1` below 10.
    let (mut groups, mut len) = (1, 0usize);
    for &b in s.as_bytes() {
        if b == b'-' {
            if len.wrapping_sub(1) >= 10 {
                return false;
            }
            groups += 1;
            len = 0;
        } else if b.is_ascii_digit() {
            len += 1;
        } else {
            return false;
        }
    }
    groups == 3 && len.wrapping_sub(1) < 10
}

/// A `serviceCode` (`109-5804-1`, `1000-13864-2`).
pub fn service_code<'d>(value: Node<'d>, at: &At<'_>, report: &mut Report) -> Option<&'d str> {
    let what = "three groups of digits joined by hyphens, such as 109-5804-1";
    shaped(value, at, report, MAX_CODE_CHARS, is_service_code, "invalid_service_code", what)
}

/// A boolean; the strings `"true"` and `"false"` are accepted (public integrations send them) and sent
/// as booleans.
pub fn flag(value: Node<'_>, at: &At<'_>, report: &mut Report) -> Option<bool> {
    match value.kind() {
        Kind::Bool(b) => Some(b),
        Kind::String("true") => Some(true),
        Kind::String("false") => Some(false),
        _ => {
            type_error(value, at, report, "a boolean (or the string \"true\" or \"false\")");
            None
        }
    }
}

/// A payment number: a string of 1 to 20 digits, or a whole number (sent as a string); writes the
/// wire text (a JSON string) to `out`.
pub fn reg_pay_num(value: Node<'_>, at: &At<'_>, report: &mut Report, out: &mut String) -> bool {
    let s = match value.kind() {
        Kind::String(s) => s,
        Kind::Number(_) => match money::whole_number(value) {
            Ok(n) => {
                out.push('"');
                push_u64(out, n);
                out.push('"');
                return true;
            }
            Err(_) => {
                report.err(at, "invalid_reg_pay_num", "must be the payment's number: digits, or a whole number");
                return false;
            }
        },
        _ => {
            type_error(value, at, report, "a string of digits (or a whole number)");
            return false;
        }
    };
    if s.is_empty() {
        report.err(at, "empty", "must not be empty");
        return false;
    }
    if s.len() <= MAX_REG_PAY_NUM_DIGITS && !money::any_byte(s, |b| !b.is_ascii_digit()) {
        out.push('"');
        out.push_str(s);
        out.push('"');
        return true;
    }
    shape_error(at, report, "invalid_reg_pay_num", "the payment's number, 1 to 20 digits (1310958041)", s);
    false
}

/// An absolute `http:` or `https:` URL without white space.
pub fn url<'d>(value: Node<'d>, at: &At<'_>, report: &mut Report) -> Option<&'d str> {
    let s = text(value, at, report, MAX_URL_CHARS, false)?;
    let bytes = s.as_bytes();
    let head = |p: &[u8]| bytes.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    let host = if head(b"https://") {
        bytes.get(8)
    } else if head(b"http://") {
        bytes.get(7)
    } else {
        None
    };
    let host_ok = host.is_some_and(|b| !matches!(b, b'/' | b'?' | b'#'));
    if host_ok && !s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some(s);
    }
    shape_error(at, report, "invalid_url", "an absolute https:// (or http://) URL", s);
    None
}

/// `orderBestBefore`: absolute UTC epoch **seconds**, after `now` when `now` is known.
pub fn best_before(value: Node<'_>, at: &At<'_>, report: &mut Report, now: Option<u64>) -> Option<u64> {
    let seconds = match money::whole_number(value) {
        Ok(s) => s,
        Err(AmountError::NotANumber) if value.as_str().is_some() => {
            report.err(
                at,
                "invalid_type",
                "must be absolute UTC time in epoch seconds (a Date becomes text in JSON: use orderBestBefore(date))",
            );
            return None;
        }
        Err(e) => {
            e.report(at, report);
            return None;
        }
    };
    let (code, parts): (_, &[&str]) = if seconds >= EPOCH_MS_THRESHOLD {
        ("epoch_milliseconds", &["looks like epoch milliseconds (", "); the gateway wants seconds: divide by 1000, or use orderBestBefore(date)"])
    } else if seconds < EPOCH_SECONDS_FLOOR {
        ("in_the_past", &["", " is before 2001: it looks like a duration; the gateway wants absolute UTC seconds (use orderBestBefore(seconds))"])
    } else if now.is_some_and(|now| seconds <= now) {
        ("in_the_past", &["must be in the future: ", " is not after now (", ")"])
    } else {
        return Some(seconds);
    };
    let why = say(parts, &[seconds, now.unwrap_or_default()]);
    report.add(false, at, code, why);
    None
}

/// `holdTtl`: whole seconds, more than 0; outside [`HOLD_TTL_RANGE`] is a warning. Sent as a string,
/// as the official checkers do.
pub fn hold_ttl(value: Node<'_>, at: &At<'_>, report: &mut Report) -> Option<u64> {
    let seconds = match money::whole_number(value) {
        Ok(0) => {
            report.err(at, "not_positive", "must be more than 0 seconds");
            return None;
        }
        Ok(s) => s,
        Err(e) => {
            e.report(at, report);
            return None;
        }
    };
    let (min, max) = HOLD_TTL_RANGE;
    if seconds < min || seconds > max {
        report.add(
            true,
            at,
            "hold_ttl_out_of_range",
            say(&["", " s is outside the 600..345600 s (10 minutes to 4 days) public integrations report; the gateway may refuse it"], &[seconds]),
        );
    }
    Some(seconds)
}

/// Drops (with an `unknown_field` warning) the members of `obj` that are not in `known`.
pub fn warn_unknown_members(obj: Members<'_>, known: &[&str], at: &At<'_>, what: &str, report: &mut Report) {
    for (key, _) in obj {
        if !known.contains(&key) {
            report.add(true, &at.key(key), "unknown_field", cat(&["is not a field of ", what, "; it was dropped"]));
        }
    }
}

/// An array of 1 to `max` elements (`invalid_type`, `empty`, `too_many` otherwise); `what` names an
/// element for messages.
pub fn bounded_array<'d>(value: Node<'d>, at: &At<'_>, report: &mut Report, max: usize, what: &str) -> Option<Items<'d>> {
    let Kind::Array(items) = value.kind() else {
        type_error(value, at, report, &cat(&["an array, each element a ", what]));
        return None;
    };
    if items.len() == 0 {
        report.add(false, at, "empty", cat(&["must have at least one ", what]));
        return None;
    }
    if items.len() > max {
        report.add(false, at, "too_many", say(&["must have at most ", " elements, got ", ""], &[max as u64, items.len() as u64]));
        return None;
    }
    Some(items)
}

/// `properties`: a non-empty array (at most [`MAX_PROPERTIES`]) of `{name, value}` strings, sent
/// untouched (Cyrillic names such as `Л/СЧЕТ` included). Writes the wire array to `out`; whatever it
/// wrote is worthless when it reported an error.
pub fn properties(value: Node<'_>, at: &At<'_>, report: &mut Report, out: &mut String) {
    super::check_field(super::Kind::Properties, value, at, report, out, &mut super::Ctx::new(None));
}

/// True for standard base64 with `=` padding (what `btoa` writes), not empty.
pub fn is_base64(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    !s.is_empty()
        && s.len() % 4 == 0
        && s.len() - body.len() <= 2
        && !money::any_byte(body, |b| !b.is_ascii_alphanumeric() && b != b'+' && b != b'/')
}

/// `clientAuInfo` (recurrent payments, 3-D Secure 2 browser data), shape only:
/// `{ipAddress, agentName, authenticationInfo}`, all strings; `ipAddress` and `agentName` may be empty
/// in the browser (the merchant's proxy fills them), `authenticationInfo` is non-empty base64. Writes
/// the wire object to `out`.
pub fn client_au_info(value: Node<'_>, at: &At<'_>, report: &mut Report, out: &mut String) {
    super::check_field(super::Kind::ClientAuInfo, value, at, report, out, &mut super::Ctx::new(None));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse_doc;

    fn codes(f: impl Fn(Node<'_>, &At<'_>, &mut Report), json: &str) -> Vec<&'static str> {
        let mut r = Report::new();
        f(parse_doc(json).unwrap().root(), &At::Path("field"), &mut r);
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
        let phone_c = |v: Node<'_>, at: &At<'_>, r: &mut Report| {
            phone(v, at, r);
        };
        assert_eq!(codes(phone_c, r#""79020000000""#), Vec::<&str>::new());
        assert_eq!(codes(phone_c, r#""+79020000000""#), vec!["invalid_phone"]);
        assert_eq!(codes(phone_c, r#""7902000000""#), vec!["invalid_phone"]);
        assert_eq!(codes(phone_c, r#""7902000000012345""#), vec!["invalid_phone"]);
        assert_eq!(codes(phone_c, r#""Login""#), vec!["invalid_phone"]);
        assert_eq!(codes(phone_c, "79020000000"), vec!["invalid_type"]);
        assert_eq!(codes(phone_c, r#""""#), vec!["empty"]);

        let flag_c = |v: Node<'_>, at: &At<'_>, r: &mut Report| {
            flag(v, at, r);
        };
        for ok in ["true", "false", r#""true""#, r#""false""#] {
            assert_eq!(codes(flag_c, ok), Vec::<&str>::new(), "{ok}");
        }
        for bad in [r#""TRUE""#, "1", "null", r#""yes""#] {
            assert_eq!(codes(flag_c, bad), vec!["invalid_type"], "{bad}");
        }

        let rpn = |v: Node<'_>, at: &At<'_>, r: &mut Report| {
            reg_pay_num(v, at, r, &mut String::new());
        };
        assert_eq!(codes(rpn, r#""1310958041""#), Vec::<&str>::new());
        assert_eq!(codes(rpn, "1310958041"), Vec::<&str>::new());
        assert_eq!(codes(rpn, "1.5"), vec!["invalid_reg_pay_num"]);
        assert_eq!(codes(rpn, r#""13-10""#), vec!["invalid_reg_pay_num"]);
        assert_eq!(codes(rpn, r#""123456789012345678901""#), vec!["invalid_reg_pay_num"]);
        assert_eq!(codes(rpn, "[]"), vec!["invalid_type"]);

        let url_c = |v: Node<'_>, at: &At<'_>, r: &mut Report| {
            url(v, at, r);
        };
        assert_eq!(codes(url_c, r#""https://shop.example/ok?id=1""#), Vec::<&str>::new());
        assert_eq!(codes(url_c, r#""HTTP://shop.example""#), Vec::<&str>::new());
        for bad in [r#""javascript:alert(1)""#, r#""https://""#, r#""https:///x""#, r#""https://a b""#, r#""shop.example""#] {
            assert_eq!(codes(url_c, bad), vec!["invalid_url"], "{bad}");
        }

        let bb = |v: Node<'_>, at: &At<'_>, r: &mut Report| {
            best_before(v, at, r, Some(1_700_000_000));
        };
        assert_eq!(codes(bb, "1700003600"), Vec::<&str>::new());
        assert_eq!(codes(bb, r#""1700003600""#), Vec::<&str>::new());
        assert_eq!(codes(bb, "1700000000"), vec!["in_the_past"]);
        assert_eq!(codes(bb, "3600"), vec!["in_the_past"]);
        assert_eq!(codes(bb, "1700003600000"), vec!["epoch_milliseconds"]);
        assert_eq!(codes(bb, "1700003600.5"), vec!["not_integer"]);
        assert_eq!(codes(bb, r#""2030-01-01T00:00:00.000Z""#), vec!["invalid_type"]);
        let no_now = |v: Node<'_>, at: &At<'_>, r: &mut Report| {
            best_before(v, at, r, None);
        };
        assert_eq!(codes(no_now, "1000000001"), Vec::<&str>::new());

        let ttl = |v: Node<'_>, at: &At<'_>, r: &mut Report| {
            hold_ttl(v, at, r);
        };
        assert_eq!(codes(ttl, "1800"), Vec::<&str>::new());
        assert_eq!(codes(ttl, r#""345600""#), Vec::<&str>::new());
        assert_eq!(codes(ttl, "0"), vec!["not_positive"]);
        assert_eq!(codes(ttl, "60"), vec!["hold_ttl_out_of_range"]);

        let props = |v: Node<'_>, at: &At<'_>, r: &mut Report| {
            properties(v, at, r, &mut String::new());
        };
        assert_eq!(codes(props, r#"[{"name":"Л/СЧЕТ","value":"9503006477"},{"name":"X","value":""}]"#), Vec::<&str>::new());
        assert_eq!(codes(props, "[]"), vec!["empty"]);
        assert_eq!(codes(props, "{}"), vec!["invalid_type"]);
        assert_eq!(codes(props, r#"[1,{"name":"","value":5},{"value":"x"},{"name":"a","value":"b","x":1}]"#), vec!["invalid_type", "empty", "invalid_type", "required", "unknown_field"]);
        let many = format!("[{}]", vec![r#"{"name":"a","value":"b"}"#; MAX_PROPERTIES + 1].join(","));
        assert_eq!(codes(props, &many), vec!["too_many"]);

        let cai = |v: Node<'_>, at: &At<'_>, r: &mut Report| {
            client_au_info(v, at, r, &mut String::new());
        };
        assert_eq!(codes(cai, r#"{"ipAddress":"94.138.149.34","agentName":"Mozilla/5.0","authenticationInfo":"e30="}"#), Vec::<&str>::new());
        assert_eq!(codes(cai, r#"{"ipAddress":"","agentName":"","authenticationInfo":"e30="}"#), Vec::<&str>::new());
        assert_eq!(codes(cai, r#"{"ipAddress":"xxx.xxx.xxx.xxx","agentName":1,"authenticationInfo":"{not base64}"}"#), vec!["invalid_ip", "invalid_type", "invalid_base64"]);
        assert_eq!(codes(cai, r#"{}"#), vec!["required", "required", "required"]);
        assert_eq!(codes(cai, r#""e30=""#), vec!["invalid_type"]);
    }

    #[test]
    fn joined_lists_match_their_tables() {
        assert_eq!(PAY_TYPE_LIST, PAY_TYPES.join(", "));
        assert_eq!(CLIENT_TYPE_LIST, CLIENT_TYPES.join(", "));
    }

    #[test]
    fn samples_are_short() {
        assert_eq!(sample("abc"), "\"abc\"");
        assert_eq!(sample(&"я".repeat(10_000)).chars().count(), 43);
    }
}
