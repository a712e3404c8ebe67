//! Exports of the 3-D Secure browser data (collection in the browser, normalisation, encoding).
//!
//! Collection ([`crate::fingerprint::browser`], web-sys) reads the same seven values as the docs'
//! `getFingerprint()`. Where there is no `window` (Node, server-side rendering, a worker) nothing is
//! touched: collection answers `null` and `clientAuInfo()` a `browser_only` error, never a panic or a
//! JS exception.
//!
//! Two exports: `client_au_info_collected()` for `clientAuInfo()` without options (the call every
//! checkout makes, kept apart for speed) and `fingerprint(call, arg)` for the rest.

use wasm_bindgen::prelude::*;

use super::parse_arg;
use crate::error::{envelope, ApiError};
use crate::fingerprint::{self as fp, ClientAuInfo};
use crate::json::{self, Value};

/// The calls of [`fingerprint`], by number (`js/api/fingerprint.js` names them the same way).
mod call {
    pub const NORMALIZE: u32 = 0;
    pub const ENCODE: u32 = 1;
    pub const CLIENT_AU_INFO: u32 = 2;
    pub const REPORT: u32 = 3;
    pub const DECODE: u32 = 4;
    pub const ENRICH: u32 = 5;
    pub const COLLECT: u32 = 6;
}

/// Every fingerprint call but `clientAuInfo()` without options, in one export (one shim and one
/// piece of glue instead of seven), `call` numbered as in [`call`]. The argument is JSON text; the
/// answer the JSON envelope, written directly:
///
/// - `NORMALIZE`: `normalizeBrowserInfo(info)` → `{info, changes}`;
/// - `ENCODE`: `encodeAuthenticationInfo(info)` → the base64 text (of the normalised info);
/// - `CLIENT_AU_INFO`: `clientAuInfo(options)` in the browser: collect, apply `options.overrides`,
///   normalise, encode → `{ipAddress, agentName, authenticationInfo}`, or the `browser_only` error
///   without a window;
/// - `REPORT`: `clientAuInfoReport(options)` → `{clientAuInfo, info, changes}`;
/// - `DECODE`: `decodeClientAuInfo(value, options)`, the argument `{value, requireIpAddress}` (`value`
///   the record or its JSON text) → `{ipAddress, agentName, authenticationInfo, info}`;
/// - `ENRICH`: the server toolkit's core, `{clientAuInfo, remoteAddress, headers, trustProxy}` →
///   `{clientAuInfo, info, changes, ipSource}`; with the `server` feature only (the Node build), else
///   the `server_only` error;
/// - `COLLECT`: `collectBrowserInfo()` (no argument): the raw fields as JSON text (not an envelope),
///   or `null` where there is no browser.
#[wasm_bindgen]
pub fn fingerprint(call: u32, arg: &str) -> String {
    if call == call::COLLECT {
        return fp::browser::collect_fields().map_or_else(|| "null".into(), |c| c.to_json());
    }
    let mut out = String::from(r#"{"ok":true,"value":"#);
    let written = parse_arg(arg).and_then(|v| match call {
        call::NORMALIZE => fp::normalize(&v).map(|n| n.write_json(&mut out)),
        call::ENCODE => fp::encode_authentication_info(&v).map(|(auth, _)| json::write_string(&auth, &mut out)),
        call::CLIENT_AU_INFO => build_client_au_info(&v).map(|(client, _)| client.write_json(&mut out)),
        call::REPORT => build_client_au_info(&v).map(|(client, normalized)| {
            fp::push_key(&mut out, true, "clientAuInfo");
            client.write_json(&mut out);
            normalized.write_members(&mut out, false);
        }),
        call::DECODE => {
            let value = v.get("value").unwrap_or(&Value::Null);
            let require_ip = v.get("requireIpAddress").and_then(Value::as_bool).unwrap_or(false);
            fp::decode_client_au_info(value, require_ip).map(|d| d.write_json(&mut out))
        }
        #[cfg(feature = "server")]
        call::ENRICH => fp::enrich_client_au_info(&v).map(|e| e.write_json(&mut out)),
        #[cfg(not(feature = "server"))]
        call::ENRICH => Err(ApiError::new(
            "server_only",
            "server_only",
            "enrichClientAuInfoCore is the merchant server's step (the Node entry and ckassa-sdk/server have it); the browser builds leave it out",
        )),
        _ => Err(ApiError::new("internal", "unknown_call", "no such fingerprint call")),
    });
    match written {
        Ok(()) => {
            out.push('}');
            out
        }
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
            // The browser leaves `ipAddress` empty: the answer starts with the first NUL.
            let info = fp::normalize_inputs(collected.inputs()).info;
            let auth = info.authentication_info();
            let mut out = String::with_capacity(2 + auth.len() + info.user_agent.len());
            out.push('\0');
            out.push_str(&auth);
            out.push('\0');
            out.push_str(&info.user_agent);
            out
        }
        None => envelope(Err(browser_only())),
    }
}

fn browser_only() -> ApiError {
    ApiError::new(
        "browser_only",
        "browser_only",
        "clientAuInfo() collects browser data and needs a browser window; on the server use \
         enrichClientAuInfo() with the request, or tryClientAuInfo() to get null here",
    )
}

fn build_client_au_info(options: &Value) -> Result<(ClientAuInfo, fp::Normalized), ApiError> {
    let (ip_address, overrides) = read_options(options)?;
    let collected = fp::browser::collect_fields().ok_or_else(browser_only)?;
    // The overrides as if appended one by one to the collected object, each replacing its key.
    let normalized = fp::normalize_members(collected.inputs(), overrides.unwrap_or_default(), true);
    Ok((ClientAuInfo::from_info(&normalized.info, ip_address), normalized))
}

/// `{ipAddress?, overrides?}` (or null): the canonical IP (`""` when absent) and the overrides.
fn read_options(options: &Value) -> Result<(String, Option<&[(String, Value)]>), ApiError> {
    if options.is_null() {
        return Ok((String::new(), None));
    }
    if options.as_object().is_none() {
        return Err(fp::not_an_object("", "the options", options));
    }
    let ip_address = match fp::typed(options, "ipAddress", "a ", "string")? {
        Some(Value::String(s)) if !s.trim().is_empty() => fp::ip::parse(s).ok_or_else(|| ApiError::invalid(fp::invalid_ip("ipAddress", s)))?,
        _ => String::new(),
    };
    let overrides = match fp::typed(options, "overrides", "an ", "object")? {
        Some(Value::Object(members)) => Some(members.as_slice()),
        _ => None,
    };
    Ok((ip_address, overrides))
}
