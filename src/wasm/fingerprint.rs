//! Exports of the 3-D Secure browser data (collection in the browser, normalisation, encoding).
//!
//! Collection ([`crate::fingerprint::browser`], web-sys) reads the same seven values as the docs'
//! `getFingerprint()`. Where there is no `window` (Node, server-side rendering, a worker) nothing is
//! touched: `collect_browser_info` answers `undefined` and `client_au_info` a `browser_only` error,
//! never a panic or a JS exception.

use wasm_bindgen::prelude::*;

use super::parse_arg;
use crate::error::{envelope, ApiError, Issue};
use crate::fingerprint::{self as fp, ClientAuInfo};
use crate::json::{object, Value};

/// `collectBrowserInfo()`: the raw fields as JSON text, or `undefined` (→ `null` in the JS layer)
/// where there is no browser.
#[wasm_bindgen]
pub fn collect_browser_info() -> Option<String> {
    fp::browser::collect().map(|v| v.to_json())
}

/// `normalizeBrowserInfo(info)` → `{info, changes}`.
#[wasm_bindgen]
pub fn normalize_browser_info(arg: &str) -> String {
    envelope(parse_arg(arg).and_then(|v| fp::normalize(&v)).map(|n| n.to_value()))
}

/// `encodeAuthenticationInfo(info)` → the base64 text (of the normalised info).
#[wasm_bindgen]
pub fn encode_authentication_info(arg: &str) -> String {
    envelope(parse_arg(arg).and_then(|v| fp::encode_authentication_info(&v)).map(|(auth, _)| Value::String(auth)))
}

/// `clientAuInfo(options)` in the browser: collect, apply `options.overrides`, normalise, encode.
/// Answers the record `{ipAddress, agentName, authenticationInfo}`, or the `browser_only` error
/// without a window.
#[wasm_bindgen]
pub fn client_au_info(arg: &str) -> String {
    match parse_arg(arg).and_then(|options| build_client_au_info(&options)) {
        Ok((client, _)) => record_envelope(&client),
        Err(e) => envelope(Err(e)),
    }
}

/// `clientAuInfo()` without options, the call every checkout makes: no argument to pass and parse,
/// no JSON tree for the collected values, and a compact answer:
/// `ipAddress` NUL `authenticationInfo` NUL `agentName`. NUL occurs in neither an IP address nor
/// base64, so the agent name is simply the rest, whatever it holds; the JS layer splits it (measured
/// 0.8 µs cheaper per call than JSON text and `JSON.parse`). An error is the usual JSON envelope: it
/// starts with `{`, which neither an IP address nor NUL does.
#[wasm_bindgen]
pub fn client_au_info_collected() -> String {
    match fp::browser::collect_fields() {
        Some(collected) => {
            let normalized = fp::normalize_inputs(collected.inputs());
            let client = ClientAuInfo::from_info(&normalized.info, String::new());
            let mut out =
                String::with_capacity(2 + client.ip_address.len() + client.authentication_info.len() + client.agent_name.len());
            for (i, part) in [&client.ip_address, &client.authentication_info, &client.agent_name].into_iter().enumerate() {
                if i > 0 {
                    out.push('\0');
                }
                out.push_str(part);
            }
            out
        }
        None => envelope(Err(browser_only())),
    }
}

fn record_envelope(client: &ClientAuInfo) -> String {
    let mut out = String::with_capacity(90 + client.agent_name.len() + client.authentication_info.len());
    out.push_str(r#"{"ok":true,"value":"#);
    client.write_json(&mut out);
    out.push('}');
    out
}

fn browser_only() -> ApiError {
    ApiError::new(
        "browser_only",
        "browser_only",
        "clientAuInfo() collects browser data and needs a browser window; on the server use \
         enrichClientAuInfo() with the request, or tryClientAuInfo() to get null here",
    )
}

/// `clientAuInfoReport(options)`: as [`client_au_info`], answering `{clientAuInfo, info, changes}`.
#[wasm_bindgen]
pub fn client_au_info_report(arg: &str) -> String {
    envelope(parse_arg(arg).and_then(|options| build_client_au_info(&options)).map(|(client, normalized)| {
        object([
            ("clientAuInfo", Some(client.to_value())),
            ("info", Some(normalized.info.to_value())),
            ("changes", Some(fp::changes_to_value(&normalized.changes))),
        ])
    }))
}

fn build_client_au_info(options: &Value) -> Result<(ClientAuInfo, fp::Normalized), ApiError> {
    let (ip_address, overrides) = read_options(options)?;
    let collected = fp::browser::collect_fields().ok_or_else(browser_only)?;
    let normalized = match overrides {
        None => fp::normalize_inputs(collected.inputs()),
        Some(overrides) => {
            let mut raw = collected.to_value();
            if let Value::Object(members) = &mut raw {
                for (key, value) in overrides {
                    members.retain(|(k, _)| k != key);
                    members.push((key.clone(), value.clone()));
                }
            }
            fp::normalize(&raw)?
        }
    };
    Ok((ClientAuInfo::from_info(&normalized.info, ip_address), normalized))
}

/// `{ipAddress?, overrides?}` (or null): the canonical IP (`""` when absent) and the overrides.
fn read_options(options: &Value) -> Result<(String, Option<&[(String, Value)]>), ApiError> {
    let invalid = |path: &str, code, message: String| ApiError::validation(vec![Issue::new(path, code, message)], vec![]);
    if options.is_null() {
        return Ok((String::new(), None));
    }
    if options.as_object().is_none() {
        return Err(fp::not_an_object("", "the options", options));
    }
    let ip_address = match options.get("ipAddress") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) if s.trim().is_empty() => String::new(),
        Some(Value::String(s)) => fp::ip::parse(s).ok_or_else(|| invalid("ipAddress", "invalid_ip", fp::invalid_ip_message(s)))?,
        Some(other) => return Err(invalid("ipAddress", "invalid_type", ["must be a string, got ", other.type_name()].concat())),
    };
    let overrides = match options.get("overrides") {
        None | Some(Value::Null) => None,
        Some(Value::Object(members)) => Some(&members[..]),
        Some(other) => return Err(invalid("overrides", "invalid_type", ["must be an object, got ", other.type_name()].concat())),
    };
    Ok((ip_address, overrides))
}

/// `decodeClientAuInfo(value, options)`: the argument is `{value, requireIpAddress}`; `value` is the
/// record or its JSON text. Answers `{ipAddress, agentName, authenticationInfo, info}`.
#[wasm_bindgen]
pub fn decode_client_au_info(arg: &str) -> String {
    envelope(parse_arg(arg).and_then(|a| {
        let value = a.get("value").cloned().unwrap_or(Value::Null);
        let require_ip = a.get("requireIpAddress").and_then(Value::as_bool).unwrap_or(false);
        fp::decode_client_au_info(&value, require_ip).map(|d| d.to_value())
    }))
}

/// The server toolkit's core: `{clientAuInfo, remoteAddress, headers, trustProxy}` →
/// `{clientAuInfo, info, changes, ipSource}`.
#[wasm_bindgen]
pub fn enrich_client_au_info(arg: &str) -> String {
    envelope(parse_arg(arg).and_then(|v| fp::enrich_client_au_info(&v)).map(|e| e.to_value()))
}
