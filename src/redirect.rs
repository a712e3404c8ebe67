//! Where the SDK may send the payer: the safety rules for the payment-form and 3-D Secure URLs that the
//! proxy hands back (`payUrl`, `securePageURL`).
//!
//! A URL passes only when it is `https:` (or `http:` to a loopback origin listed explicitly, for the
//! local sandbox), has no user info, no backslash, no white space or control character, a plain ASCII
//! host name (no IP literal, no percent-encoding, no IDN or `xn--` label unless listed exactly), no
//! port other than the listed one, and a host on the allow-list. Everything else is refused with a
//! stable code ([`Blocked::code`]) and nothing navigates.
//!
//! The parser is our own, small and strict: it accepts only the shape a gateway URL has, and refuses
//! whatever a browser's lenient URL parser might read differently from us.
//!
//! [`navigation`] turns a checked redirect action into the plan the JS layer carries out
//! (`location.assign`, the top window's `location.href`, or a submitted form).

use crate::error::ApiError;
use crate::json::{write_string, Value};
use crate::retry::{cat, digits, find_byte, flag, invalid, shorten, starts_ci, text, wrong_type, JsonObject};

/// The hosts allowed by default, each seen as a payment-form or 3-D Secure host in public material:
///
/// - `demo-acq.bisys.ru`: the demo `payUrl` of card payments and card registration,
///   `https://demo-acq.bisys.ru/cardpay/card?order=<id>` (shared/spec/ckassa-public-integrations.md §7,
///   two public integrations).
/// - `bisys.kz`: the `payUrl` of the Shop API docs' own answer examples,
///   `https://bisys.kz/payment/#!search_payment` (shared/spec/shop-api-docs.ru.txt, anonymous and
///   recurrent payment).
///
/// The production card-form and 3-D Secure (ACS) hosts are not in the public material: a merchant adds
/// them with the `allowedRedirectHosts` option (see docs/client.md).
pub const DEFAULT_ALLOWED_HOSTS: &[&str] = &["demo-acq.bisys.ru", "bisys.kz"];

/// The longest URL the SDK navigates to.
pub const MAX_URL_LEN: usize = 8192;

/// Why a URL or an allow-list entry was refused: a stable machine code and a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blocked {
    /// `empty`, `too_long`, `control_character`, `non_ascii`, `backslash`, `not_absolute`,
    /// `scheme_not_allowed`, `malformed`, `userinfo`, `encoded_host`, `idn_host`, `punycode_host`,
    /// `invalid_host`, `ip_literal`, `port_not_allowed`, `host_not_allowed` (and `invalid_allow_list`
    /// for a bad entry).
    pub code: &'static str,
    /// What is wrong, for a person.
    pub message: String,
}

#[inline(never)]
fn blocked(code: &'static str, message: &str) -> Blocked {
    blocked_with(code, message.to_string())
}

#[inline(never)]
fn blocked_with(code: &'static str, message: String) -> Blocked {
    Blocked { code, message }
}

/// One allow-list entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// `demo-acq.bisys.ru`: exactly this host, over https on the default port.
    Host(String),
    /// `*.example.com`: any host below `example.com` (not `example.com` itself), over https.
    Suffix(String),
    /// `https://sandbox.example:8443` or `http://127.0.0.1:4010`: exactly this origin.
    Origin {
        /// `true` for `https`, `false` for `http` (loopback hosts only).
        secure: bool,
        /// The host, lower case; an IP only when it is loopback.
        host: String,
        /// The port (the scheme's default when the entry names none).
        port: u16,
    },
}

/// A checked allow-list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllowList {
    entries: Vec<Entry>,
}

impl Default for AllowList {
    fn default() -> Self {
        // The defaults are plain lower-case host names, which parse as exactly these entries (a test
        // says so): no parsing at run time.
        let mut entries = Vec::new();
        for h in DEFAULT_ALLOWED_HOSTS {
            entries.push(Entry::Host(h.to_string()));
        }
        AllowList { entries }
    }
}

impl AllowList {
    /// Parses entries: exact hosts, `*.suffix` entries (at least two labels after `*.`) and full
    /// origins. An entry that is none of these is refused with the code `invalid_allow_list`.
    pub fn parse<'a>(entries: impl IntoIterator<Item = &'a str>) -> Result<AllowList, Blocked> {
        let mut out = Vec::new();
        for raw in entries {
            out.push(entry(raw)?);
        }
        Ok(AllowList { entries: out })
    }

    /// The entries.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    fn allows(&self, secure: bool, host: &str, port: u16) -> bool {
        self.entries.iter().any(|e| match e {
            Entry::Host(h) => secure && port == 443 && h == host,
            Entry::Suffix(s) => {
                secure
                    && port == 443
                    && host.len() > s.len() + 1
                    && host.ends_with(s.as_str())
                    && host.as_bytes().get(host.len() - s.len() - 1) == Some(&b'.')
            }
            Entry::Origin { secure: s, host: h, port: p } => *s == secure && h == host && *p == port,
        })
    }

    /// True when `host` is named exactly by an entry (so an `xn--` or IP host may pass).
    fn names_exactly(&self, host: &str) -> bool {
        self.entries.iter().any(|e| match e {
            Entry::Host(h) | Entry::Origin { host: h, .. } => h == host,
            Entry::Suffix(_) => false,
        })
    }
}

/// One allow-list entry, or the `invalid_allow_list` refusal (not generic: one copy in the wasm).
fn entry(raw: &str) -> Result<Entry, Blocked> {
    parse_entry(raw).map_err(|why| blocked_with("invalid_allow_list", cat(&["allow-list entry \"", raw, "\" is not usable: ", why])))
}

fn parse_entry(raw: &str) -> Result<Entry, &'static str> {
    let lower = raw.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("*.") {
        check_host_syntax(rest).map_err(|_| "the suffix is not a host name")?;
        if !rest.as_bytes().contains(&b'.') || ends_in_number(rest) {
            return Err("a suffix entry needs at least two labels after \"*.\"");
        }
        return Ok(Entry::Suffix(rest.to_string()));
    }
    if crate::response::contains(&lower, "://") {
        let url = split(&lower).map_err(|b| b.code)?;
        if !(url.rest.is_empty() || url.rest == "/") {
            return Err("an origin entry has no path, query or fragment");
        }
        let secure = match url.scheme {
            "https" => true,
            "http" => false,
            _ => return Err("an origin entry is https:// (or http:// for a loopback host)"),
        };
        let host = url.host.to_string();
        let loopback = is_loopback(&host);
        if !secure && !loopback {
            return Err("http:// is allowed only for loopback hosts (127.0.0.1, localhost, [::1])");
        }
        if !loopback {
            check_host_syntax(&host).map_err(|_| "the host is not a host name")?;
            if ends_in_number(&host) {
                return Err("an IP address is allowed only for loopback");
            }
        }
        let port = match url.port {
            Some(p) => p,
            None => if secure { 443 } else { 80 },
        };
        return Ok(Entry::Origin { secure, host, port });
    }
    check_host_syntax(&lower).map_err(|_| "not a host name (write `host`, `*.suffix` or `https://host:port`)")?;
    if ends_in_number(&lower) {
        return Err("an IP address is not a host entry (loopback origins only: http://127.0.0.1:PORT)");
    }
    Ok(Entry::Host(lower))
}

/// What [`check`] read from an allowed URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The host, lower case.
    pub host: String,
    /// The port (443 when the URL names none).
    pub port: u16,
}

struct Parts<'a> {
    scheme: &'a str,
    host: &'a str,
    port: Option<u16>,
    rest: &'a str,
}

/// `s` cut at byte `i`. The positions here come from finding ASCII bytes, so they are char
/// boundaries; `get` keeps the panicking slice code out of the wasm all the same.
fn cut(s: &str, i: usize) -> (&str, &str) {
    (s.get(..i).unwrap_or(""), s.get(i..).unwrap_or(""))
}

/// Splits `scheme://host[:port]rest` strictly; user info and empty hosts are refused.
fn split(url: &str) -> Result<Parts<'_>, Blocked> {
    let colon = find_byte(url.as_bytes(), |b| b == b':').ok_or_else(|| blocked("not_absolute", "the URL has no scheme"))?;
    let (scheme, from_colon) = cut(url, colon);
    let scheme_ok = scheme.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && find_byte(scheme.as_bytes(), |b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))).is_none();
    if !scheme_ok {
        return Err(blocked("not_absolute", "the URL has no scheme"));
    }
    let after = from_colon
        .strip_prefix("://")
        .ok_or_else(|| blocked("malformed", "the URL does not start with scheme://"))?;
    if after.starts_with('/') {
        return Err(blocked("malformed", "the URL has more than two slashes after the scheme"));
    }
    let end = find_byte(after.as_bytes(), |b| matches!(b, b'/' | b'?' | b'#')).unwrap_or(after.len());
    let (authority, rest) = cut(after, end);
    if authority.contains('@') {
        return Err(blocked("userinfo", "the URL carries user info (user@host): a known disguise"));
    }
    let (host, port) = if authority.starts_with('[') {
        match find_byte(authority.as_bytes(), |b| b == b']') {
            Some(i) => cut(authority, i + 1),
            None => return Err(blocked("malformed", "an IPv6 literal is not closed")),
        }
    } else {
        match last_of(authority, b':') {
            Some(i) => cut(authority, i),
            None => (authority, ""),
        }
    };
    let port = match port {
        "" => None,
        p => {
            let digits = p.strip_prefix(':').unwrap_or("x");
            match crate::retry::parse_digits(digits).filter(|_| digits.len() <= 5) {
                None => return Err(blocked("malformed", "the port is not a number")),
                Some(n) if (1..=65535).contains(&n) => Some(n as u16),
                _ => return Err(blocked("malformed", "the port is out of range")),
            }
        }
    };
    if host.is_empty() {
        return Err(blocked("malformed", "the URL has no host"));
    }
    Ok(Parts { scheme, host, port, rest })
}

/// The place of the last byte `x` of `s`.
fn last_of(s: &str, x: u8) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = b.len();
    while i > 0 {
        i -= 1;
        if b.get(i) == Some(&x) {
            return Some(i);
        }
    }
    None
}

fn is_loopback(host: &str) -> bool {
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
}

/// A host name of letters, digits and hyphens in dot-separated labels (1..=63 each, 253 in all).
fn check_host_syntax(host: &str) -> Result<(), Blocked> {
    if host.len() > 253 {
        return Err(blocked("invalid_host", "the host name is too long"));
    }
    for label in host.split('.') {
        if label.is_empty() {
            return Err(blocked("invalid_host", "the host has an empty label (\"..\", or a leading or trailing dot)"));
        }
        if label.len() > 63
            || find_byte(label.as_bytes(), |b| !(b.is_ascii_alphanumeric() || b == b'-')).is_some()
            || label.starts_with('-')
            || label.ends_with('-')
        {
            return Err(blocked_with("invalid_host", cat(&["\"", label, "\" is not a host-name label"])));
        }
    }
    Ok(())
}

/// True when a browser would read the host as an IPv4 address: its last label is a decimal or a
/// `0x` hexadecimal number (the WHATWG URL rule), e.g. `127.1`, `2130706433`, `0x7f.1`.
fn ends_in_number(host: &str) -> bool {
    // The last non-empty label (`127.1.` ends in `1`); byte positions next to dots are char boundaries.
    let name = host.trim_end_matches('.');
    let last = name.get(last_of(name, b'.').map_or(0, |i| i + 1)..).unwrap_or("");
    let hex = last.strip_prefix("0x");
    (!last.is_empty() && find_byte(last.as_bytes(), |b| !b.is_ascii_digit()).is_none())
        || hex.is_some_and(|h| find_byte(h.as_bytes(), |b| !b.is_ascii_hexdigit()).is_none())
}

/// Checks `url` against the rules and `allow`; `Ok` carries the host and port it would go to.
pub fn check(url: &str, allow: &AllowList) -> Result<Target, Blocked> {
    if url.is_empty() {
        return Err(blocked("empty", "the URL is empty"));
    }
    if url.len() > MAX_URL_LEN {
        return Err(blocked("too_long", "the URL is longer than 8192 bytes"));
    }
    // Only ASCII bytes can be control characters or a space (UTF-8 continuation bytes are ≥ 0x80).
    if let Some(c) = find_byte(url.as_bytes(), |c| c <= b' ' || c == 0x7f).and_then(|i| url.as_bytes().get(i).copied()) {
        return Err(blocked_with(
            "control_character",
            cat(&["the URL contains white space or a control character (U+00", &hex2(c), ")"]),
        ));
    }
    if url.contains('\\') {
        return Err(blocked("backslash", "the URL contains a backslash, which browsers read as a slash"));
    }
    let parts = split(url).map_err(|b| {
        // `javascript:alert(1)` and `data:text/html,...` have a scheme but no `//`: say the scheme.
        if b.code == "malformed" && !starts_ci(url, "https:") && !starts_ci(url, "http:") {
            scheme_refused(url)
        } else {
            b
        }
    })?;
    let secure = if parts.scheme.eq_ignore_ascii_case("https") {
        true
    } else if parts.scheme.eq_ignore_ascii_case("http") {
        false
    } else {
        return Err(scheme_refused(url));
    };
    let raw_host = parts.host;
    if raw_host.contains('%') {
        return Err(blocked("encoded_host", "the host is percent-encoded"));
    }
    if !raw_host.is_ascii() {
        return Err(blocked("idn_host", "the host has non-ASCII characters (a look-alike risk)"));
    }
    if !parts.rest.is_ascii() {
        return Err(blocked("non_ascii", "the URL has non-ASCII characters; a gateway URL is percent-encoded"));
    }
    let host = raw_host.to_ascii_lowercase();
    let port = parts.port.unwrap_or(if secure { 443 } else { 80 });
    let listed = allow.names_exactly(&host);
    if host.starts_with('[') || ends_in_number(&host) {
        if !(listed && allow.allows(secure, &host, port)) {
            return Err(blocked("ip_literal", "the host is an IP address, not a listed host name"));
        }
        return Ok(Target { host, port });
    }
    if host == "localhost" && allow.allows(secure, &host, port) {
        return Ok(Target { host, port });
    }
    check_host_syntax(&host)?;
    if !listed && (host.starts_with("xn--") || crate::response::contains(&host, ".xn--")) {
        return Err(blocked("punycode_host", "the host has an IDN (xn--) label that is not listed exactly"));
    }
    if allow.allows(secure, &host, port) {
        return Ok(Target { host, port });
    }
    if !secure {
        return Err(blocked("scheme_not_allowed", "http: is refused (https: only; http: for a listed loopback origin)"));
    }
    let host_listed = allow.allows(true, &host, 443) || allow.names_exactly(&host);
    if parts.port.is_some() && host_listed {
        return Err(blocked_with("port_not_allowed", cat(&["port ", &digits(port.into()), " of ", &host, " is not on the allow-list"])));
    }
    Err(blocked_with("host_not_allowed", cat(&[&host, " is not on the allow-list of redirect hosts"])))
}

/// Two upper-case hex digits of `b` (a control character's code in a message).
fn hex2(b: u8) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(2);
    out.push(char::from(DIGITS[usize::from(b >> 4)]));
    out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    out
}

fn scheme_refused(url: &str) -> Blocked {
    let scheme = crate::retry::prefix(url.split(':').next().unwrap_or(""), 16);
    blocked_with("scheme_not_allowed", cat(&["the scheme \"", scheme, "\" is refused: https: only"]))
}

/// True when `url` passes [`check`] with `allow`.
pub fn is_allowed(url: &str, allow: &AllowList) -> bool {
    check(url, allow).is_ok()
}

/// The allow-list of the client option `allowedRedirectHosts` (`null` or absent: the defaults); an
/// unusable one is a validation error at `allowedRedirectHosts`.
pub fn allow_list_option(v: Option<&Value>) -> Result<AllowList, ApiError> {
    let path = "allowedRedirectHosts";
    match v {
        None | Some(Value::Null) => Ok(AllowList::default()),
        Some(Value::Array(items)) => {
            // Every item is a string before any is parsed: a type error comes first.
            for (i, item) in items.iter().enumerate() {
                if item.as_str().is_none() {
                    return Err(wrong_type(&crate::error::index_path(path, i), "a string", item));
                }
            }
            let mut entries = Vec::with_capacity(items.len());
            for item in items {
                entries.push(entry(item.as_str().unwrap_or("")).map_err(|b| invalid(path, b.code, b.message))?);
            }
            Ok(AllowList { entries })
        }
        Some(other) => Err(wrong_type(path, "an array of hosts", other)),
    }
}

/// How the JS layer sends the payer away, from `{action: {method?, url, fields?}, allowedHosts?,
/// breakOutOfIframe?, framed?}` (`framed`: the page is in a frame): `{method: 'GET'|'POST', url, top,
/// fields}`, `fields` the POST form's `[name, value]` pairs (`[]` for GET), `top` to navigate the top
/// window. Errors: the URL's `redirect_blocked` (with its `url`), an unusable allow-list,
/// `bad_method`, or `fields` that are not an object of a POST.
pub fn navigation(a: &Value) -> Result<String, ApiError> {
    let action = a.get("action").unwrap_or(&Value::Null);
    let allow = allow_list_option(a.get("allowedHosts"))?;
    let url = text(action, "url").unwrap_or("");
    if let Err(b) = check(url, &allow) {
        return Err(ApiError::new("redirect_blocked", b.code, cat(&["redirect refused: ", &b.message])).with("url", Value::str(shorten(url))));
    }
    let post = match text(action, "method") {
        None => false,
        Some(m) if m.eq_ignore_ascii_case("get") => false,
        Some(m) if m.eq_ignore_ascii_case("post") => true,
        Some(_) => return Err(ApiError::new("redirect_blocked", "bad_method", "the redirect method is neither GET nor POST")),
    };
    let fields = match action.get("fields") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Object(members)) if post => members,
        Some(_) => return Err(invalid("action.fields", "invalid_type", "must be an object of strings, for a POST redirect")),
    };
    let mut o = JsonObject::new();
    o.str("method", if post { "POST" } else { "GET" });
    o.str("url", url);
    o.bool("top", flag(a, "breakOutOfIframe") && flag(a, "framed"));
    let out = o.key("fields");
    out.push('[');
    for (i, (name, value)) in fields.iter().enumerate() {
        out.push_str(if i == 0 { "[" } else { ",[" });
        write_string(name, out);
        out.push(',');
        match value {
            Value::String(s) => write_string(s, out),
            other => write_string(&other.to_json(), out),
        }
        out.push(']');
    }
    out.push(']');
    Ok(o.end())
}

/// The allow-list [`HOSTILE_EXAMPLES`] is checked against: the defaults plus a loopback sandbox origin
/// and a suffix entry, to show that neither opens more than it names.
pub const HOSTILE_ALLOW_LIST: &[&str] = &["demo-acq.bisys.ru", "bisys.kz", "http://127.0.0.1:4010", "*.secure.example.com"];

/// Hostile or unlisted URLs, each with the code that must refuse it under [`HOSTILE_ALLOW_LIST`]:
/// the catalogue that the native, Node and Chromium tests share.
pub const HOSTILE_EXAMPLES: &[(&str, &str)] = &[
    ("", "empty"),
    ("javascript:alert(1)", "scheme_not_allowed"),
    ("JavaScript:alert(document.domain)", "scheme_not_allowed"),
    ("javascript://demo-acq.bisys.ru/%0aalert(1)", "scheme_not_allowed"),
    ("data:text/html,<script>alert(1)</script>", "scheme_not_allowed"),
    ("data:text/html;base64,PHNjcmlwdD4=", "scheme_not_allowed"),
    ("vbscript:msgbox(1)", "scheme_not_allowed"),
    ("file:///etc/passwd", "scheme_not_allowed"),
    ("ftp://demo-acq.bisys.ru/", "scheme_not_allowed"),
    ("blob:https://demo-acq.bisys.ru/uuid", "scheme_not_allowed"),
    ("http://demo-acq.bisys.ru/cardpay/card", "scheme_not_allowed"),
    ("http://127.0.0.1:9999/", "ip_literal"),
    ("https://127.0.0.1:4010/", "ip_literal"),
    ("http://localhost:4010/", "scheme_not_allowed"),
    ("//demo-acq.bisys.ru/cardpay", "not_absolute"),
    ("/cardpay/card?order=1", "not_absolute"),
    ("demo-acq.bisys.ru/cardpay", "not_absolute"),
    ("https:demo-acq.bisys.ru/cardpay", "malformed"),
    ("https:/demo-acq.bisys.ru/cardpay", "malformed"),
    ("https:///demo-acq.bisys.ru/cardpay", "malformed"),
    ("https://demo-acq.bisys.ru@evil.com/", "userinfo"),
    ("https://user:pass@demo-acq.bisys.ru/", "userinfo"),
    ("https://evil.com#@demo-acq.bisys.ru/", "host_not_allowed"),
    ("https://evil.com?@demo-acq.bisys.ru/", "host_not_allowed"),
    ("https://evil.com\\@demo-acq.bisys.ru/", "backslash"),
    ("https://demo-acq.bisys.ru\\.evil.com/", "backslash"),
    ("https:\\\\evil.com", "backslash"),
    ("https://evil.com/https://demo-acq.bisys.ru/", "host_not_allowed"),
    ("https://demo-acq.bisys.ru.evil.com/", "host_not_allowed"),
    ("https://evil-demo-acq.bisys.ru/", "host_not_allowed"),
    ("https://demo-acq.bisys.ru.", "invalid_host"),
    ("https://demo-acq..bisys.ru/", "invalid_host"),
    ("https://.demo-acq.bisys.ru/", "invalid_host"),
    ("https://demo_acq.bisys.ru/", "invalid_host"),
    ("https://demo-acq.bisys.ru:8443/", "port_not_allowed"),
    ("https://demo-acq.bisys.ru:0/", "malformed"),
    ("https://demo-acq.bisys.ru:99999/", "malformed"),
    ("https://demo-acq.bisys.ru:/", "malformed"),
    ("https://demo-acq.bisys.ru:+443/", "malformed"),
    ("https://demo-acq.bisys.ru:443abc/", "malformed"),
    ("https://demo-acq.bisys.ru%2eevil.com/", "encoded_host"),
    ("https://demo-acq%2Ebisys.ru/", "encoded_host"),
    ("https://%64emo-acq.bisys.ru/", "encoded_host"),
    ("https://demo-acq.bisys.ru%00.evil.com/", "encoded_host"),
    ("https://dеmo-acq.bisys.ru/", "idn_host"),
    ("https://demo-acq.bisys.ru\u{3002}evil.com/", "idn_host"),
    ("https://ｄｅｍｏ-acq.bisys.ru/", "idn_host"),
    ("https://xn--dmo-acq-3ve.bisys.ru/", "punycode_host"),
    ("https://xn--80ak6aa92e.com/", "punycode_host"),
    ("https://192.168.1.10/", "ip_literal"),
    ("https://2130706433/", "ip_literal"),
    ("https://0x7f000001/", "ip_literal"),
    ("https://0x7f.1/", "ip_literal"),
    ("https://127.1/", "ip_literal"),
    ("https://[::1]/", "ip_literal"),
    ("https://[::ffff:127.0.0.1]/", "ip_literal"),
    ("https://[2001:db8::1]:443/", "ip_literal"),
    (" https://demo-acq.bisys.ru/", "control_character"),
    ("https://demo-acq.bisys.ru/ ", "control_character"),
    ("https://demo-acq.bisys.ru/\tx", "control_character"),
    ("https://demo-acq.bisys.ru/\nx", "control_character"),
    ("java\tscript:alert(1)", "control_character"),
    ("https://demo-acq.bisys.ru\r\n.evil.com/", "control_character"),
    ("https://demo-acq.bisys.ru/\u{0}", "control_character"),
    ("https://demo-acq.bisys.ru/\u{7f}", "control_character"),
    ("https://demo-acq.bisys.ru/\u{a0}", "non_ascii"),
    ("https://demo-acq.bisys.ru/\u{2028}", "non_ascii"),
    ("\u{feff}https://demo-acq.bisys.ru/", "not_absolute"),
    ("https://evil.com/", "host_not_allowed"),
    ("https://bisys.kz.evil.com/", "host_not_allowed"),
    ("https://sub.bisys.kz/", "host_not_allowed"),
    ("https://secure.example.com/", "host_not_allowed"),
    ("https://evilsecure.example.com/", "host_not_allowed"),
    ("https://a.secure.example.com:8443/", "port_not_allowed"),
    ("https://-demo-acq.bisys.ru/", "invalid_host"),
    ("https://demo-acq.bisys.ru\u{ff0e}evil.com/", "idn_host"),
    ("https://[demo-acq.bisys.ru]/", "ip_literal"),
    ("https://[::1/", "malformed"),
    ("https://", "malformed"),
    ("https:", "malformed"),
    ("https://:443/", "malformed"),
    ("https://?x=1", "malformed"),
    ("https://#x", "malformed"),
];


#[cfg(test)]
mod tests {
    use super::*;

    fn list(entries: &[&str]) -> AllowList {
        AllowList::parse(entries.iter().copied()).unwrap()
    }

    #[test]
    fn legitimate_gateway_urls_pass_with_the_defaults() {
        let allow = AllowList::default();
        for url in [
            "https://demo-acq.bisys.ru/cardpay/card?order=8a3f2c",
            "https://demo-acq.bisys.ru/cardpay/card?order=123&lang=ru#form",
            "https://DEMO-ACQ.bisys.ru/cardpay/card?order=1",
            "HTTPS://demo-acq.bisys.ru/",
            "https://demo-acq.bisys.ru",
            "https://demo-acq.bisys.ru:443/cardpay/card?order=1",
            "https://bisys.kz/payment/#!search_payment",
            "https://demo-acq.bisys.ru/3ds?md=abc%2Fdef&PaReq=eJzVWFtz",
        ] {
            assert_eq!(check(url, &allow).map(|t| t.host), Ok(url_host(url)), "{url}");
        }
    }

    fn url_host(url: &str) -> String {
        let after = &url[url.find("//").unwrap() + 2..];
        let end = after.find(['/', ':', '?', '#']).unwrap_or(after.len());
        after[..end].to_ascii_lowercase()
    }

    #[test]
    fn configured_entries_pass() {
        let allow = list(&["acs.bank.example", "*.secure.example.com", "http://127.0.0.1:4010", "https://sandbox.example:8443", "xn--80ak6aa92e.com"]);
        for url in [
            "https://acs.bank.example/challenge?id=1",
            "https://a.secure.example.com/x",
            "https://b.a.secure.example.com/x",
            "http://127.0.0.1:4010/cardpay/card?order=1",
            "https://sandbox.example:8443/3ds",
            "https://xn--80ak6aa92e.com/pay",
        ] {
            assert!(is_allowed(url, &allow), "{url}");
        }
    }

    #[test]
    fn hostile_urls_are_refused_with_their_code() {
        let allow = list(HOSTILE_ALLOW_LIST);
        assert!(HOSTILE_EXAMPLES.len() >= 50);
        for (url, code) in HOSTILE_EXAMPLES {
            let got = check(url, &allow);
            assert_eq!(got.as_ref().map_err(|b| b.code), Err(*code), "{url:?} → {got:?}");
        }
        for (url, code) in [("a\u{7f}", "007F"), ("a\tb", "0009"), ("a b", "0020"), ("\u{0}", "0000"), ("x\u{1f}", "001F")] {
            let b = check(url, &allow).unwrap_err();
            assert_eq!(b.message, format!("the URL contains white space or a control character (U+{code})"), "{url:?}");
        }
        assert_eq!(check(&format!("https://{}/", "a".repeat(MAX_URL_LEN)), &allow).unwrap_err().message, format!("the URL is longer than {MAX_URL_LEN} bytes"));
        assert_eq!(check("https://evil.com:444/", &allow).unwrap_err().message, "evil.com is not on the allow-list of redirect hosts");
        assert_eq!(check("https://a.secure.example.com:8443/", &allow).unwrap_err().message, "port 8443 of a.secure.example.com is not on the allow-list");
        assert_eq!(check("JavaScript:alert(1)", &allow).unwrap_err().message, "the scheme \"JavaScript\" is refused: https: only");
        assert_eq!(check("https://a_b.com/", &allow).unwrap_err().message, "\"a_b\" is not a host-name label");
        let long = format!("https://demo-acq.bisys.ru/?q={}", "a".repeat(MAX_URL_LEN));
        assert_eq!(check(&long, &allow).unwrap_err().code, "too_long");
    }

    #[test]
    fn hostile_urls_are_refused_with_the_defaults_too() {
        let allow = AllowList::default();
        for (url, _) in HOSTILE_EXAMPLES {
            assert!(!is_allowed(url, &allow), "{url:?}");
        }
    }

    #[test]
    fn loopback_origins_need_the_exact_scheme_and_port() {
        let allow = list(&["http://127.0.0.1:4010", "http://localhost:5000", "http://[::1]:6000"]);
        assert!(is_allowed("http://127.0.0.1:4010/pay", &allow));
        assert!(is_allowed("http://localhost:5000/pay", &allow));
        assert!(is_allowed("http://[::1]:6000/pay", &allow));
        assert_eq!(check("http://127.0.0.1:4011/pay", &allow).unwrap_err().code, "ip_literal");
        assert_eq!(check("https://127.0.0.1:4010/pay", &allow).unwrap_err().code, "ip_literal");
        assert_eq!(check("http://localhost:5001/pay", &allow).unwrap_err().code, "scheme_not_allowed");
        assert_eq!(check("http://127.0.0.1@evil.com/", &allow).unwrap_err().code, "userinfo");
    }

    #[test]
    fn bad_entries_are_refused() {
        for entry in [
            "", "*", "*.com", "*.", "http://demo-acq.bisys.ru", "http://192.168.0.1:80", "https://10.0.0.1",
            "https://host/path", "ftp://host", "demo-acq.bisys.ru:443", "10.0.0.1", "a b", "*.*.example.com",
            "https://user@host", "bad_host.example", "dеmo.ru",
        ] {
            let e = AllowList::parse([entry]).unwrap_err();
            assert_eq!(e.code, "invalid_allow_list", "{entry:?}");
        }
        assert!(AllowList::parse(["HTTPS://Sandbox.Example:8443/"]).is_ok());
    }

    #[test]
    fn the_defaults_parse() {
        assert_eq!(AllowList::default().entries().len(), DEFAULT_ALLOWED_HOSTS.len());
        assert_eq!(AllowList::parse(DEFAULT_ALLOWED_HOSTS.iter().copied()), Ok(AllowList::default()));
    }

    fn plan(arg: &str) -> Result<Value, ApiError> {
        navigation(&crate::json::parse(arg).unwrap()).map(|text| crate::json::parse(&text).unwrap())
    }

    #[test]
    fn navigation_plans_get_post_and_the_top_window() {
        let get = plan(r#"{"action":{"type":"redirect","reason":"3ds","method":"get","url":"https://demo-acq.bisys.ru/3ds"}}"#).unwrap();
        assert_eq!(get.to_json(), r#"{"method":"GET","url":"https://demo-acq.bisys.ru/3ds","top":false,"fields":[]}"#);
        let post = plan(r#"{"action":{"method":"POST","url":"https://bisys.kz/pay","fields":{"PaReq":"a\"b","n":5}},"breakOutOfIframe":true,"framed":true}"#).unwrap();
        assert_eq!(post.to_json(), r#"{"method":"POST","url":"https://bisys.kz/pay","top":true,"fields":[["PaReq","a\"b"],["n","5"]]}"#);
        let not_framed = plan(r#"{"action":{"url":"https://bisys.kz/"},"breakOutOfIframe":true,"framed":false}"#).unwrap();
        assert_eq!(not_framed.get("top"), Some(&Value::Bool(false)));
        let err = |arg: &str| plan(arg).unwrap_err();
        let e = err(r#"{"action":{"method":"GET","url":"javascript:alert(1)"}}"#);
        assert_eq!((e.kind, e.code.as_str()), ("redirect_blocked", "scheme_not_allowed"));
        assert!(e.extra.contains(&("url".to_string(), Value::str("javascript:alert(1)"))));
        assert_eq!(err(r#"{"action":{"method":"PUT","url":"https://bisys.kz/"}}"#).code, "bad_method");
        assert_eq!(err(r#"{"action":{"method":"GET","url":"https://bisys.kz/","fields":{"a":"b"}}}"#).code, "invalid_type");
        assert_eq!(err(r#"{"action":{"method":"POST","url":"https://bisys.kz/","fields":[]}}"#).code, "invalid_type");
        assert_eq!(err(r#"{"action":{"url":"https://x.com/"},"allowedHosts":["*.com"]}"#).kind, "validation");
        assert!(err(r#"{"action":{"url":"https://x.com/"},"allowedHosts":[1]}"#).message.starts_with("allowedRedirectHosts[0]: "));
        assert_eq!(err(r#"{"action":{"url":"https://x.com/"},"allowedHosts":"x.com"}"#).code, "invalid_type");
        assert!(plan(r#"{"action":{"url":"https://x.com/"},"allowedHosts":["x.com"]}"#).is_ok());
        assert_eq!(err(r#"{}"#).code, "empty");
    }

    #[test]
    fn empty_allow_list_refuses_everything() {
        let none = list(&[]);
        assert_eq!(check("https://demo-acq.bisys.ru/", &none).unwrap_err().code, "host_not_allowed");
    }
}
