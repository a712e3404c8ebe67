//! 3-D Secure browser data (`fingerprint::normalize`, `encode_authentication_info`,
//! `decode_client_au_info`, `enrich_client_au_info`, `base64`, `ip`, `language`, `truncate_utf16`).
//!
//! Asserts:
//! - normalising any object gives info within the EMV limits (TZ range, colour depth of the set,
//!   6-digit screens, a 1–8 character language tag, 2048 UTF-16 units of text, a canonical IP), and
//!   normalising that info again changes nothing;
//! - `authenticationInfo` is base64 of the UTF-8 JSON of the info;
//! - **whatever the SDK encodes decodes**: `clientAuInfo` built from normalised info, and the proxy's
//!   enriched record, pass `decode_client_au_info` back to the same info;
//! - a decoded record is within the limits (normalising it changes nothing) and decodes again;
//! - base64 decoding is strict (one encoding per byte string: `encode(decode(t)) == t`);
//! - a parsed IP is canonical (parsing it again gives itself, at most 45 characters);
//! - a canonical language tag is acceptable and canonical again; `truncate_utf16` cuts on a
//!   character boundary within the limit.
#![no_main]

use ckassa_fuzz::{examples, json_text, Input};
use ckassa_sdk::fingerprint::{self as fp, base64, ip, language, BrowserInfo, ClientAuInfo};
use ckassa_sdk::json::{self, Value};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Input::Bytes(_) = Input::of(data) {
        check_strings(&String::from_utf8_lossy(data));
    }
    let Some(text) = json_text(data, examples::FINGERPRINT) else { return };
    let Ok(v) = json::parse(&text) else { return };
    check_normalize(&v);
    check_decode(&v);
    check_enrich(&v);
    if let Value::Object(members) = &v {
        for (k, m) in members {
            check_strings(k);
            match m {
                Value::String(s) => check_strings(s),
                Value::Object(_) => {
                    check_normalize(m);
                    check_decode(m);
                }
                _ => {}
            }
        }
    }
});

fn within_limits(info: &BrowserInfo) {
    assert!((fp::TZ_MIN..=fp::TZ_MAX).contains(&info.tz), "tz {}", info.tz);
    assert!(fp::COLOR_DEPTHS.contains(&info.color_depth), "color depth {}", info.color_depth);
    assert!((0..=fp::SCREEN_MAX).contains(&info.screen_height) && (0..=fp::SCREEN_MAX).contains(&info.screen_width));
    assert!(language::is_acceptable(&info.language) && info.language.len() <= 8, "language {:?}", info.language);
    assert!(fp::utf16_len(&info.user_agent) <= fp::TEXT_MAX);
    if let Some(a) = &info.accept_header {
        assert!(fp::utf16_len(a) <= fp::TEXT_MAX && !a.trim().is_empty());
    }
    if let Some(i) = &info.ip {
        assert_eq!(ip::parse(i).as_deref(), Some(i.as_str()), "a canonical ip");
    }
}

fn check_normalize(v: &Value) {
    let Ok(n) = fp::normalize(v) else {
        assert!(v.as_object().is_none(), "normalize refuses only non-objects");
        return;
    };
    within_limits(&n.info);
    let again = fp::normalize(&n.info.to_value()).expect("info is an object");
    assert_eq!(again.info, n.info, "normalising twice changes the info");
    assert!(again.changes.is_empty(), "normalised info still changes: {:?}", again.changes);

    let (auth, n2) = fp::encode_authentication_info(v).expect("an object encodes");
    assert_eq!(n2, n);
    let bytes = base64::decode(&auth).expect("our base64 decodes");
    let text = String::from_utf8(bytes).expect("UTF-8");
    assert_eq!(json::parse(&text).ok(), Some(n.info.to_value()), "authenticationInfo is the info's JSON");

    // Whatever the SDK encodes decodes (the browser's clientAuInfo, then the proxy's check).
    for ip_address in ["", "203.0.113.7"] {
        let client = ClientAuInfo::from_info(&n.info, ip_address.to_string());
        match fp::decode_client_au_info(&client.to_value(), false) {
            Ok(d) => {
                assert_eq!(d.info, n.info, "decoding gives other info");
                assert_eq!(d.client, client);
            }
            Err(e) => panic!(
                "clientAuInfo built from normalised info does not decode: {:?}\ninput {}\nrecord {}",
                e.extra,
                v.to_json(),
                client.to_value().to_json()
            ),
        }
    }
}

fn check_decode(v: &Value) {
    for require_ip in [false, true] {
        let Ok(d) = fp::decode_client_au_info(v, require_ip) else { continue };
        within_limits(&d.info);
        if require_ip {
            assert!(!d.client.ip_address.is_empty());
        }
        let n = fp::normalize(&d.info.to_value()).expect("object");
        assert!(n.changes.is_empty(), "a decoded record is within the limits: {:?}", n.changes);
        let again = fp::decode_client_au_info(&d.client.to_value(), require_ip).expect("a decoded record decodes again");
        assert_eq!(again, d);
        let as_text = fp::decode_client_au_info(&Value::String(d.client.to_value().to_json()), require_ip);
        assert_eq!(as_text.ok().as_ref(), Some(&d), "the record's JSON text decodes the same");
        assert!(json::parse(&d.to_value().to_json()).is_ok());
    }
}

fn check_enrich(v: &Value) {
    let Ok(e) = fp::enrich_client_au_info(v) else { return };
    within_limits(&e.info);
    assert_eq!(e.ip_source == fp::enrich::IpSource::None, e.client.ip_address.is_empty());
    let require_ip = !e.client.ip_address.is_empty();
    match fp::decode_client_au_info(&e.client.to_value(), require_ip) {
        Ok(d) => assert_eq!(d.info, e.info, "the enriched record decodes to its info"),
        Err(_) if e.info.user_agent.trim().is_empty() => {}
        Err(err) => panic!("the proxy's enriched record does not decode: {:?}\ninput {}", err.extra, v.to_json()),
    }
    assert!(json::parse(&e.to_value().to_json()).is_ok());
}

fn check_strings(s: &str) {
    if let Ok(bytes) = base64::decode(s) {
        assert_eq!(base64::encode(&bytes), s, "two encodings of one byte string");
    }
    assert_eq!(base64::decode(&base64::encode(s.as_bytes())).as_deref(), Ok(s.as_bytes()));
    for parsed in [ip::parse(s), ip::parse_forwarded(s), ip::first_forwarded(s)].into_iter().flatten() {
        assert!(parsed.len() <= ip::MAX_LEN && parsed.parse::<std::net::IpAddr>().is_ok(), "{parsed}");
        assert_eq!(ip::parse(&parsed).as_deref(), Some(parsed.as_str()), "{s:?} -> {parsed:?} is not canonical");
    }
    let (tag, _) = language::canonicalize(s);
    assert!(language::is_acceptable(&tag), "{s:?} -> {tag:?}");
    assert_eq!(language::canonicalize(&tag), (tag.clone(), language::LanguageRule::Unchanged), "{s:?} -> {tag:?}");
    for max in [0usize, 1, 2, 5, 8, fp::TEXT_MAX] {
        match fp::truncate_utf16(s, max) {
            Some(cut) => {
                assert!(s.starts_with(cut) && fp::utf16_len(cut) <= max);
                let next = s[cut.len()..].chars().next().expect("something was cut");
                assert!(fp::utf16_len(cut) + next.len_utf16() > max, "cut too early");
            }
            None => assert!(fp::utf16_len(s) <= max),
        }
    }
    if let Ok(f) = s.trim().parse::<f64>() {
        assert!(fp::COLOR_DEPTHS.contains(&fp::nearest_color_depth(f)));
    }
}
