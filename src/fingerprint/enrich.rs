//! The proxy's side of `clientAuInfo`: what only the server knows goes in, and wins.
//!
//! A browser cannot read its own IP address, the `Accept` header it sends, or be trusted about the
//! `User-Agent` (extensions and privacy settings change `navigator.userAgent` but not always the
//! header, and vice versa; the issuer compares with the header it will see). So the proxy takes
//! those from the request: IP from the connection (or `X-Forwarded-For` behind a trusted proxy),
//! `User-Agent` and `Accept` from the headers. It also works when the browser sent nothing.

use super::{
    decode::decode_issues, ip, normalize_inputs, push_key, Input, Inputs, truncate_utf16, BrowserInfo, Change, ClientAuInfo, ACCEPT_HEADER, IP,
    TEXT_MAX, USER_AGENT,
};
use crate::error::ApiError;
use crate::json::{object, Value};

/// Where the IP address came from.
#[derive(Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub enum IpSource {
    /// The left-most valid address of `X-Forwarded-For` (only with `trustProxy`).
    XForwardedFor,
    /// The connection's remote address.
    RemoteAddress,
    /// Neither gave a valid address; `ipAddress` is empty.
    None,
}

impl IpSource {
    /// The name in the JSON answer.
    pub fn name(self) -> &'static str {
        match self {
            IpSource::XForwardedFor => "x-forwarded-for",
            IpSource::RemoteAddress => "remote-address",
            IpSource::None => "none",
        }
    }
}

/// The enriched record, the browser data inside it, and what the server changed.
#[derive(Clone, PartialEq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub struct Enriched {
    /// The record to send to the gateway.
    pub client: ClientAuInfo,
    /// The browser data encoded in it.
    pub info: BrowserInfo,
    /// What changed: defaults for a record built from headers only, then the server's values.
    pub changes: Vec<Change>,
    /// Where `ipAddress` came from.
    pub ip_source: IpSource,
}

impl Enriched {
    /// `{clientAuInfo, info, changes, ipSource}` as JSON.
    pub fn to_value(&self) -> Value {
        object([
            ("clientAuInfo", Some(self.client.to_value())),
            ("info", Some(self.info.to_value())),
            ("changes", Some(super::changes_to_value(&self.changes))),
            ("ipSource", Some(Value::str(self.ip_source.name()))),
        ])
    }

    /// The same text as `to_value().to_json()`, written directly.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    /// Appends the JSON text of [`Enriched::to_json`] to `out`.
    pub fn write_json(&self, out: &mut String) {
        push_key(out, true, "clientAuInfo");
        self.client.write_json(out);
        push_key(out, false, "info");
        self.info.write_json(out);
        push_key(out, false, "changes");
        super::write_changes(&self.changes, out);
        push_key(out, false, "ipSource");
        crate::json::write_string(self.ip_source.name(), out);
        out.push('}');
    }
}

/// Enriches the browser's `clientAuInfo` (an object, its JSON text, or null/absent to build one from
/// the headers alone) with the request: input `{clientAuInfo, remoteAddress, headers, trustProxy}`,
/// header names in any case, values strings or arrays of strings (as Node gives them).
/// A malformed `clientAuInfo` is a validation error (paths under `clientAuInfo.`).
pub fn enrich_client_au_info(input: &Value) -> Result<Enriched, ApiError> {
    if input.as_object().is_none() {
        return Err(super::not_an_object("", "the enrichment input", input));
    }
    let trust_proxy = super::typed(input, "trustProxy", "a ", "boolean")?.and_then(Value::as_bool).unwrap_or(false);
    let remote_address = super::typed(input, "remoteAddress", "a ", "string")?.and_then(Value::as_str);
    let headers = super::typed(input, "headers", "an ", "object")?.and_then(Value::as_object).unwrap_or_default();
    let header = |name: &str, joiner: &str| header_value(headers, name, joiner);

    let mut e = match input.get("clientAuInfo") {
        None | Some(Value::Null) => {
            // Nothing from the browser: the defaults, and the language of Accept-Language if any.
            let language = header("accept-language", ",");
            let n = normalize_inputs(Inputs { language: language.as_deref().map_or(Input::Missing, Input::Text), ..Inputs::MISSING });
            // `authenticationInfo` is written at the end.
            let client = ClientAuInfo { ip_address: String::new(), agent_name: n.info.user_agent.clone(), authentication_info: String::new() };
            Enriched { client, info: n.info, changes: n.changes, ip_source: IpSource::None }
        }
        Some(v) => {
            let d = decode_issues(v, false).map_err(|mut issues| {
                for i in &mut issues {
                    i.path = if i.path.is_empty() { "clientAuInfo".into() } else { crate::json::join(&["clientAuInfo.", &i.path], "") };
                }
                ApiError::validation(issues, vec![])
            })?;
            Enriched { client: d.client, info: d.info, changes: Vec::new(), ip_source: IpSource::None }
        }
    };
    let (info, client, changes) = (&mut e.info, &mut e.client, &mut e.changes);

    if let Some(ua) = header_text(headers, "user-agent") {
        set_text(changes, USER_AGENT, &mut info.user_agent, &ua, "server_user_agent");
        set_text(changes, "agentName", &mut client.agent_name, &ua, "server_user_agent");
    } else if client.agent_name.trim().is_empty() && !info.user_agent.trim().is_empty() {
        // No User-Agent header and none from the browser's record: the user agent inside the browser
        // data is the best the proxy has, and the gateway needs an agentName.
        set_text(changes, "agentName", &mut client.agent_name, &info.user_agent, "browser_user_agent");
    }

    let accept = header_text(headers, "accept");
    set_server_field(changes, ACCEPT_HEADER, &mut info.accept_header, accept, "server_accept_header");

    let mut address = if trust_proxy { header("x-forwarded-for", ",").as_deref().and_then(ip::first_forwarded) } else { None };
    if address.is_some() {
        e.ip_source = IpSource::XForwardedFor;
    } else {
        address = remote_address.and_then(ip::parse);
        if address.is_some() {
            e.ip_source = IpSource::RemoteAddress;
        }
    }
    let address_text = address.clone().unwrap_or_default();
    set_server_field(changes, IP, &mut info.ip, address, "server_ip");
    let rule = if address_text.is_empty() { "not_from_server" } else { "server_ip" };
    set_text(changes, "ipAddress", &mut client.ip_address, &address_text, rule);

    client.authentication_info = info.authentication_info();
    Ok(e)
}

/// A header the server's value of a text field comes from: not blank, cut to [`TEXT_MAX`].
fn header_text(headers: &[(String, Value)], name: &str) -> Option<String> {
    let text = header_value(headers, name, ", ").filter(|s| !s.trim().is_empty())?;
    Some(truncate_utf16(&text, TEXT_MAX).map(str::to_string).unwrap_or(text))
}

/// Sets a text field to the server's value (rule `rule`) when it differs.
#[inline(never)]
fn set_text(changes: &mut Vec<Change>, field: &str, slot: &mut String, to: &str, rule: &'static str) {
    if slot != to {
        changes.push(Change::new(field, Value::str(slot.as_str()), Value::str(to), rule));
        *slot = to.to_string();
    }
}

/// Puts the server's value in (rule `rule`), or drops a value only the server may give when the
/// server has none (rule `not_from_server`): a browser cannot know its IP or its Accept header.
fn set_server_field(
    changes: &mut Vec<Change>,
    field: &str,
    slot: &mut Option<String>,
    server: Option<String>,
    rule: &'static str,
) {
    if *slot == server {
        return;
    }
    let rule = if server.is_some() { rule } else { "not_from_server" };
    let as_value = super::text_value;
    changes.push(Change::new(field, as_value(slot), as_value(&server), rule));
    *slot = server;
}

/// A header's value: names compared without case; arrays (repeated headers) joined by `joiner`;
/// non-string values ignored.
fn header_value(headers: &[(String, Value)], name: &str, joiner: &str) -> Option<String> {
    let mut out: Option<String> = None;
    for (_, value) in headers.iter().filter(|(key, _)| key.eq_ignore_ascii_case(name)) {
        let items = match value {
            Value::Array(items) => &items[..],
            one => std::slice::from_ref(one),
        };
        for part in items.iter().filter_map(Value::as_str) {
            match &mut out {
                Some(text) => {
                    text.push_str(joiner);
                    text.push_str(part);
                }
                None => out = Some(part.to_string()),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_without_case_and_repeated_ones_are_joined() {
        let headers = crate::json::parse(r#"{"A":"x","b":"no","a":["y",1,"",["w"],"z"],"X-a":"no","a ":"no","A":5}"#).unwrap();
        let headers = headers.as_object().unwrap();
        assert_eq!(header_value(headers, "a", ", ").as_deref(), Some("x, y, , z"));
        assert_eq!(header_value(headers, "B", ",").as_deref(), Some("no"));
        assert_eq!(header_value(headers, "c", ","), None);
        let only_numbers = crate::json::parse(r#"{"a":1,"a":[2]}"#).unwrap();
        assert_eq!(header_value(only_numbers.as_object().unwrap(), "a", ","), None);
    }
}
