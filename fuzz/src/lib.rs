//! Helpers shared by the fuzz targets: JSON values built from fuzz bytes, mutations of the docs'
//! examples, and the input convention every target follows.
//!
//! **Input convention.** A fuzz input that starts like JSON text (`{`, `[`, `"`, a digit, `-`, white
//! space, `t`, `f`, `n`) and is UTF-8 is used as that text, so the seed corpus is plain JSON files taken
//! from the docs. Any other input drives [`arbitrary::Unstructured`]: pick one of the docs' examples,
//! apply a few structural mutations (replace, drop, add, duplicate a member, swap a number for a
//! string, nest, ...), and use the result. libFuzzer explores both.

pub mod examples;
pub mod oracle;

use arbitrary::{Result, Unstructured};
use ckassa_sdk::json::{self, Value};

/// How a target sees one fuzz input.
pub enum Input<'a> {
    /// The input is JSON text (or something that starts like it).
    Text(&'a str),
    /// Anything else: a source of structured choices.
    Bytes(Unstructured<'a>),
}

impl<'a> Input<'a> {
    /// Classifies `data` by the convention of this crate.
    pub fn of(data: &'a [u8]) -> Input<'a> {
        match data.first() {
            Some(b'{' | b'[' | b'"' | b'-' | b'0'..=b'9' | b' ' | b'\t' | b'\r' | b'\n' | b't' | b'f' | b'n') => {
                match std::str::from_utf8(data) {
                    Ok(text) => Input::Text(text),
                    Err(_) => Input::Bytes(Unstructured::new(data)),
                }
            }
            _ => Input::Bytes(Unstructured::new(data)),
        }
    }
}

/// Words the SDK's validators care about: field names, enum values, magic numbers, URL shapes,
/// currency tags, and text that trips naive code (signs, exponents, non-ASCII digits, emoji).
pub const WORDS: &[&str] = &[
    "", " ", "0", "-0", "00", "1", "-1", "12.5", "12.00", "1e3", "1E+21", ".5", "5.", "1,5", "123,45",
    "NaN", "Infinity", "-Infinity", "+1", "0x10", "١٢", "9007199254740991", "9007199254740992",
    "90071992547409.91", "99999999999999999999999", "100000000000", "1000000000", "4102444800",
    "serviceCode", "109-5804-1", "amount", "comission", "commission", "payType", "clientType", "userPhone",
    "userEmail", "properties", "name", "value", "orderItems", "num", "quantity", "price", "tax", "vat0",
    "vat110", "vat20", "VAT20", "none", "orderNote", "orderBestBefore", "holdTtl", "fiscalType", "login",
    "email", "surName", "middleName", "userToken", "cardToken", "enableSMSConfirm", "clientAuInfo",
    "ipAddress", "agentName", "authenticationInfo", "regPayNum", "refundAmount", "remainingAmount", "note",
    "state", "payed", "holded", "processed", "rejected", "refunded", "error", "created", "created_error",
    "errorCode", "errorMsg", "code", "message", "userMessage", "securePageURL", "payUrl", "methodType",
    "GET", "POST", "2365", "totalAmount", "provisionServices", "createdDate", "procDate", "cardMask",
    "cardType", "cards", "resultState", "success", "fail", "desc", "card", "sbp", "gPay", "applePay",
    "fiscalCash", "web", "mobile", "iframe", "true", "false", "null", "79020000000", "ana@mi.ru",
    "_RUB_", "_GPB_", "_XYZ_", "__RUB__", "_Rub_", "Л/СЧЕТ", "ФИО", "я", "😀", "\u{FFFD}", "\u{0}",
    "\u{1F}", "\u{7F}", "\u{200B}", "\u{202E}", "\"", "\\", "/", "\n", "https://", "http://",
    "https://demo-acq.bisys.ru/cardpay/card?order=1", "https://api2.ckassa.ru/api-shop",
    "https://demo-api2.ckassa.ru", "http://localhost:8080/", "http://127.0.0.1/", "http://[::1]/",
    "javascript:alert(1)", "data:text/html,x", "//evil.example", "https://evil.example/", "@", ":", "#",
    "?", "%2F", "https://ckassa.ru.evil.example/", "https://xn--80ak6aa92e.com/", "HTTPS://API2.CKASSA.RU/",
    "browserTZ", "browserColorDepth", "browserScreenHeight", "browserScreenWidth", "browserLanguage",
    "browserUserAgent", "browserJavaEnabled", "browserJavascriptEnabled", "browserAcceptHeader",
    "browserIP", "ru-RU", "zh-Hant-TW", "-180", "30", "48", "Mozilla/5.0", "e30=", "eyJ9", "====", "ey",
    "Retry-After", "120", "Wed, 21 Oct 2015 07:28:00 GMT", "::ffff:127.0.0.1", "94.138.149.34",
];

/// The text of a JSON number (always valid JSON number syntax), often an edge case.
pub fn number_text(u: &mut Unstructured) -> Result<String> {
    const POOL: &[&str] = &[
        "0", "-0", "1", "-1", "0.5", "12.00", "12.5", "1e3", "1E+21", "-0.0", "0e0", "9007199254740991",
        "9007199254740992", "18446744073709551616", "100000000000", "1000000000", "4102444800",
        "99999999999999999999999999", "0.001", "0.0005", "1.2345", "1000000", "1000000.001", "600",
        "345600", "2365", "-840", "720", "999999", "1000000", "24", "30", "-9223372036854775808",
        "1234567890123456789012345678901234567890.0000000000000000000001",
    ];
    Ok(match u.int_in_range(0u8..=4)? {
        0 => (*u.choose(POOL)?).to_string(),
        1 => u.arbitrary::<u64>()?.to_string(),
        2 => u.arbitrary::<i64>()?.to_string(),
        3 => u.int_in_range(0u64..=10_000)?.to_string(),
        _ => {
            let mut s = String::new();
            if u.arbitrary()? {
                s.push('-');
            }
            let whole: u64 = u.arbitrary()?;
            s.push_str(&if u.ratio(1, 4)? { "0".to_string() } else { whole.to_string() });
            if u.arbitrary()? {
                s.push('.');
                s.push_str(&u.int_in_range(0u32..=999_999)?.to_string());
            }
            if u.ratio(1, 4)? {
                s.push(*u.choose(&['e', 'E'])?);
                if u.arbitrary()? {
                    s.push(*u.choose(&['+', '-'])?);
                }
                s.push_str(&u.int_in_range(0u32..=400)?.to_string());
            }
            s
        }
    })
}

/// A string: a dictionary word, arbitrary text, a concatenation of both, or a long repeat.
pub fn string(u: &mut Unstructured) -> Result<String> {
    Ok(match u.int_in_range(0u8..=5)? {
        0 | 1 => (*u.choose(WORDS)?).to_string(),
        2 => u.arbitrary::<String>()?,
        3 | 4 => {
            let mut s = String::new();
            for _ in 0..u.int_in_range(1u8..=4)? {
                if u.arbitrary()? {
                    s.push_str(u.choose(WORDS)?);
                } else {
                    s.push_str(&u.arbitrary::<String>()?);
                }
            }
            s
        }
        _ => {
            let piece = *u.choose(WORDS)?;
            let piece = if piece.is_empty() { "x" } else { piece };
            piece.repeat(u.int_in_range(1usize..=1200)?)
        }
    })
}

/// A JSON value of at most `depth` levels (rarely, a chain deeper than the parser's limit).
pub fn value(u: &mut Unstructured, depth: usize) -> Result<Value> {
    let kind = if depth == 0 { u.int_in_range(0u8..=3)? } else { u.int_in_range(0u8..=6)? };
    Ok(match kind {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::Number(number_text(u)?),
        3 => Value::String(string(u)?),
        4 => {
            let n = u.int_in_range(0usize..=6)?;
            let mut items = Vec::with_capacity(n);
            for _ in 0..n {
                items.push(value(u, depth - 1)?);
            }
            Value::Array(items)
        }
        5 => {
            let n = u.int_in_range(0usize..=6)?;
            let mut members = Vec::with_capacity(n);
            for _ in 0..n {
                members.push((string(u)?, value(u, depth - 1)?));
            }
            Value::Object(members)
        }
        _ => {
            // A chain of arrays or objects around a leaf, up to past MAX_DEPTH.
            let levels = u.int_in_range(1usize..=json::MAX_DEPTH + 4)?;
            let mut v = value(u, 0)?;
            for _ in 0..levels {
                v = if u.arbitrary()? { Value::Array(vec![v]) } else { Value::Object(vec![(string(u)?, v)]) };
            }
            v
        }
    })
}

/// How deep `v` nests (a scalar is 0, `[]` is 1).
pub fn depth(v: &Value) -> usize {
    match v {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(members) => 1 + members.iter().map(|(_, v)| depth(v)).max().unwrap_or(0),
        _ => 0,
    }
}

fn node_at<'v>(v: &'v mut Value, path: &[usize]) -> &'v mut Value {
    match (path.split_first(), v) {
        (Some((&i, rest)), Value::Array(items)) => node_at(&mut items[i], rest),
        (Some((&i, rest)), Value::Object(members)) => node_at(&mut members[i].1, rest),
        (_, v) => v,
    }
}

/// Applies one structural mutation at a random node of `v`.
pub fn mutate(v: &mut Value, u: &mut Unstructured) -> Result<()> {
    // Choose the node first (an index path), then change it.
    let mut path = Vec::new();
    {
        let mut node: &Value = v;
        while u.ratio(3, 4)? {
            let next = match node {
                Value::Array(items) if !items.is_empty() => {
                    let i = u.choose_index(items.len())?;
                    path.push(i);
                    &items[i]
                }
                Value::Object(members) if !members.is_empty() => {
                    let i = u.choose_index(members.len())?;
                    path.push(i);
                    &members[i].1
                }
                _ => break,
            };
            node = next;
        }
    }
    let node = node_at(v, &path);
    match u.int_in_range(0u8..=9)? {
        0 | 1 => *node = value(u, 2)?,
        2 => match node {
            Value::Object(members) if !members.is_empty() => {
                let i = u.choose_index(members.len())?;
                members.remove(i);
            }
            Value::Array(items) if !items.is_empty() => {
                let i = u.choose_index(items.len())?;
                items.remove(i);
            }
            _ => *node = Value::Null,
        },
        3 => match node {
            Value::Object(members) => {
                let key = if u.arbitrary()? { (*u.choose(WORDS)?).to_string() } else { string(u)? };
                let at = u.int_in_range(0..=members.len())?;
                members.insert(at, (key, value(u, 2)?));
            }
            Value::Array(items) => {
                let at = u.int_in_range(0..=items.len())?;
                let item = if !items.is_empty() && u.arbitrary()? { items[u.choose_index(items.len())?].clone() } else { value(u, 2)? };
                items.insert(at, item);
            }
            _ => *node = Value::Array(vec![node.clone()]),
        },
        4 => match node {
            // A repeated key (the parser keeps both; `get` takes the last).
            Value::Object(members) if !members.is_empty() => {
                let i = u.choose_index(members.len())?;
                let (k, _) = members[i].clone();
                members.push((k, value(u, 1)?));
            }
            Value::Array(items) if !items.is_empty() => {
                // Many copies of a small item (past the 100-item limits), few of a big one, so that
                // repeated mutations cannot grow a value exponentially.
                let item = items[0].clone();
                let max = if item.to_json().len() <= 256 { 150 } else { 2 };
                let n = u.int_in_range(1usize..=max)?;
                items.extend(std::iter::repeat(item).take(n));
            }
            _ => *node = Value::Object(vec![]),
        },
        5 => {
            *node = match std::mem::replace(node, Value::Null) {
                Value::Number(n) => Value::String(n),
                Value::String(s) if json::parse(&s).map(|p| matches!(p, Value::Number(_))).unwrap_or(false) => Value::Number(s),
                Value::String(s) => Value::String(format!("{s}{}", string(u)?)),
                Value::Bool(b) => Value::String(b.to_string()),
                other => Value::String(other.to_json()),
            }
        }
        6 => *node = Value::Number(number_text(u)?),
        7 => *node = Value::String(string(u)?),
        8 => {
            // Rename a member (a typo, a case change, a look-alike).
            if let Value::Object(members) = node {
                if !members.is_empty() {
                    let i = u.choose_index(members.len())?;
                    let k = &mut members[i].0;
                    *k = match u.int_in_range(0u8..=3)? {
                        0 => k.to_uppercase(),
                        1 => format!("{k} "),
                        2 => (*u.choose(WORDS)?).to_string(),
                        _ => string(u)?,
                    };
                }
            }
        }
        _ => *node = Value::Bool(u.arbitrary()?),
    }
    Ok(())
}

/// One of `seeds` (JSON text), parsed, with up to `max` mutations applied.
pub fn mutated(u: &mut Unstructured, seeds: &[&str], max: u8) -> Result<Value> {
    let seed = *u.choose(seeds)?;
    let mut v = json::parse(seed).expect("the built-in examples are JSON");
    for _ in 0..u.int_in_range(0..=max)? {
        mutate(&mut v, u)?;
    }
    Ok(v)
}

/// One of `seeds` of the form `<header>\n<JSON body>`: its header and its body, parsed, with up to
/// `max` mutations applied.
pub fn mutated_with_header<'s>(u: &mut Unstructured, seeds: &[&'s str], max: u8) -> Result<(&'s str, Value)> {
    let (header, body) = examples::split_header(u.choose(seeds)?);
    let mut v = json::parse(body).expect("the built-in examples are JSON");
    for _ in 0..u.int_in_range(0..=max)? {
        mutate(&mut v, u)?;
    }
    Ok((header, v))
}

/// The JSON input of a target: the text itself, or a mutated example written as text.
pub fn json_text(data: &[u8], seeds: &[&str]) -> Option<String> {
    match Input::of(data) {
        Input::Text(t) => Some(t.to_string()),
        Input::Bytes(mut u) => mutated(&mut u, seeds, 6).ok().map(|v| v.to_json()),
    }
}
