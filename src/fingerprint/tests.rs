use super::*;
use crate::json::parse;

const CHROME_UA: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

fn raw(tz: &str, depth: &str, h: &str, w: &str, lang: &str, ua: &str, java: bool) -> Value {
    parse(&format!(
        r#"{{"browserTZ":{tz},"browserColorDepth":{depth},"browserScreenHeight":{h},"browserScreenWidth":{w},"browserLanguage":{},"browserUserAgent":{},"browserJavaEnabled":{java}}}"#,
        Value::str(lang).to_json(),
        Value::str(ua).to_json(),
    ))
    .unwrap()
}

fn ordinary() -> Value {
    raw("-180", "24", "1080", "1920", "ru-RU", CHROME_UA, false)
}

fn with(field: &str, value: Value) -> Value {
    let mut v = ordinary();
    if let Value::Object(members) = &mut v {
        members.retain(|(k, _)| k != field);
        members.push((field.to_string(), value));
    }
    v
}

fn num(text: &str) -> Value {
    Value::Number(text.to_string())
}

/// The one change to `field`, as (to, rule), or None when the field was not changed.
fn change_of(input: &Value, field: &str) -> Option<(Value, &'static str)> {
    let n = normalize(input).unwrap();
    let mine: Vec<_> = n.changes.iter().filter(|c| c.field == field).collect();
    assert!(mine.len() <= 1, "{mine:?}");
    mine.first().map(|c| {
        assert_eq!(&c.from, input.get(field).unwrap_or(&Value::Null));
        (c.to.clone(), c.rule)
    })
}

fn decodes(auth: &str) -> Value {
    parse(std::str::from_utf8(&base64::decode(auth).unwrap()).unwrap()).unwrap()
}

#[test]
fn an_ordinary_browser_is_left_alone_and_encodes_exactly_as_the_docs_script() {
    let (auth, n) = encode_authentication_info(&ordinary()).unwrap();
    assert!(n.changes.is_empty(), "{:?}", n.changes);
    // What btoa(JSON.stringify({...})) gives for the same values, key order and all.
    let docs_json = format!(
        r#"{{"browserTZ":-180,"browserColorDepth":24,"browserScreenHeight":1080,"browserScreenWidth":1920,"browserLanguage":"ru-RU","browserUserAgent":"{CHROME_UA}","browserJavaEnabled":false}}"#
    );
    assert_eq!(auth, base64::encode(docs_json.as_bytes()));
    assert_eq!(n.info.to_value().to_json(), docs_json);
}

#[test]
fn key_order_follows_the_docs_whatever_the_input_order() {
    let shuffled = parse(
        r#"{"browserJavaEnabled":true,"browserUserAgent":"UA","browserLanguage":"en","browserScreenWidth":1,"browserScreenHeight":2,"browserColorDepth":8,"browserTZ":5}"#,
    )
    .unwrap();
    let n = normalize(&shuffled).unwrap();
    let keys: Vec<_> = n.info.to_value().as_object().unwrap().iter().map(|(k, _)| k.clone()).collect();
    assert_eq!(keys, DOCS_FIELDS);
    assert!(n.changes.is_empty());
}

#[test]
fn time_zone_boundaries() {
    for (input, out, rule) in [
        ("-841", -840, Some("clamped")),
        ("-840", -840, None),
        ("720", 720, None),
        ("721", 720, Some("clamped")),
        ("0", 0, None),
        ("-0", 0, None),
        ("330", 330, None),
        ("-345", -345, None),
        ("-1e9", -840, Some("clamped")),
        ("1e400", 720, Some("clamped")),
        ("299.5", 300, Some("rounded")),
        ("-299.5", -299, Some("rounded")),
        ("-150.28333", -150, Some("rounded")),
    ] {
        let v = with(TZ, num(input));
        let n = normalize(&v).unwrap();
        assert_eq!(n.info.tz, out, "{input}");
        assert_eq!(change_of(&v, TZ).map(|(_, r)| r), rule, "{input}");
    }
}

#[test]
fn screen_boundaries() {
    for field in [SCREEN_HEIGHT, SCREEN_WIDTH] {
        for (input, out, rule) in [
            ("999999", 999_999, None),
            ("1000000", 999_999, Some("clamped")),
            ("1e300", 999_999, Some("clamped")),
            ("0", 0, None),
            ("-1", 0, Some("clamped")),
            ("-0.4", 0, Some("rounded")),
            ("1079.5", 1080, Some("rounded")),
            ("1080.4", 1080, Some("rounded")),
            ("999999.4", 999_999, Some("rounded")),
            ("999999.5", 999_999, Some("clamped")),
        ] {
            let v = with(field, num(input));
            let n = normalize(&v).unwrap();
            let got = if field == SCREEN_HEIGHT { n.info.screen_height } else { n.info.screen_width };
            assert_eq!(got, out, "{field} {input}");
            assert_eq!(change_of(&v, field), rule.map(|r| (Value::int(out), r)), "{field} {input}");
        }
    }
}

/// Independent of `nearest_color_depth`: the expected value written out per range.
fn expected_depth(d: u32) -> u32 {
    match d {
        0 => 24,
        1..=2 => 1,
        3..=5 => 4,
        6..=11 => 8,
        12..=15 => 15,
        16..=19 => 16,
        20..=27 => 24,
        28..=39 => 32,
        _ => 48,
    }
}

#[test]
fn every_colour_depth_from_0_to_64() {
    for d in 0..=64u32 {
        let v = with(COLOR_DEPTH, Value::uint(d.into()));
        let n = normalize(&v).unwrap();
        assert_eq!(n.info.color_depth, expected_depth(d), "{d}");
        let rule = change_of(&v, COLOR_DEPTH).map(|(_, r)| r);
        let expected_rule = match d {
            0 => Some("non_positive"),
            _ if COLOR_DEPTHS.contains(&d) => None,
            _ => Some("color_depth_nearest_allowed"),
        };
        assert_eq!(rule, expected_rule, "{d}");
    }
}

#[test]
fn thirty_bit_colour_becomes_32_as_credorax_does() {
    let v = with(COLOR_DEPTH, num("30"));
    assert_eq!(change_of(&v, COLOR_DEPTH), Some((num("32"), "color_depth_nearest_allowed")));
}

#[test]
fn odd_colour_depths() {
    for (input, out, rule) in [
        (num("-1"), 24, "non_positive"),
        (num("-0.0"), 24, "non_positive"),
        (num("1e9"), 48, "color_depth_nearest_allowed"),
        (num("23.9"), 24, "color_depth_nearest_allowed"),
        (num("2.5"), 4, "color_depth_nearest_allowed"),
        (Value::str("30"), 32, "color_depth_nearest_allowed"),
        (Value::str("24"), 24, "from_string"),
        (Value::str("Infinity"), 48, "color_depth_nearest_allowed"),
        (Value::str("-Infinity"), 24, "non_positive"),
        (Value::str("NaN"), 24, "not_a_number"),
        (Value::str("deep"), 24, "not_a_number"),
        (Value::str("inf"), 24, "not_a_number"),
        (Value::Bool(true), 24, "wrong_type"),
        (Value::Array(vec![]), 24, "wrong_type"),
        (Value::Null, 24, "missing"),
    ] {
        let v = with(COLOR_DEPTH, input.clone());
        assert_eq!(change_of(&v, COLOR_DEPTH), Some((Value::uint(out), rule)), "{input:?}");
    }
}

#[test]
fn languages_are_canonicalised_to_eight_characters() {
    for (input, out, rule) in [
        ("ru-RU", "ru-RU", None),
        ("zh-Hant-TW", "zh-TW", Some("language_shortened")),
        ("sr-Latn-RS", "sr-RS", Some("language_shortened")),
        ("en_us", "en-US", Some("language_canonicalised")),
        ("ru-RU,ru;q=0.9", "ru-RU", Some("language_first_of_list")),
        ("", "en", Some("language_fallback")),
        ("русский", "en", Some("language_fallback")),
        ("中文", "en", Some("language_fallback")),
    ] {
        let v = with(LANGUAGE, Value::str(input));
        assert_eq!(normalize(&v).unwrap().info.language, out, "{input}");
        assert_eq!(change_of(&v, LANGUAGE).map(|(_, r)| r), rule, "{input}");
    }
    assert_eq!(change_of(&with(LANGUAGE, num("7")), LANGUAGE), Some((Value::str("en"), "wrong_type")));
}

#[test]
fn user_agent_boundaries_count_utf16_units() {
    for (ua, out_len, rule) in [
        ("a".repeat(2048), 2048, None),
        ("a".repeat(2049), 2048, Some("truncated")),
        ("я".repeat(2048), 2048, None),
        ("я".repeat(2049), 2048, Some("truncated")),
        // 😀 is two UTF-16 units: 1024 fit exactly, a 1025th goes whole.
        ("😀".repeat(1024), 2048, None),
        ("😀".repeat(1025), 2048, Some("truncated")),
        // One unit short of room for the last 😀: it goes whole, leaving 2047 units.
        (format!("a{}", "😀".repeat(1024)), 2047, Some("truncated")),
        (String::new(), 0, None),
    ] {
        let v = with(USER_AGENT, Value::str(ua.clone()));
        let n = normalize(&v).unwrap();
        assert_eq!(utf16_len(&n.info.user_agent), out_len, "{}", ua.chars().count());
        assert!(ua.starts_with(&n.info.user_agent));
        assert_eq!(change_of(&v, USER_AGENT).map(|(_, r)| r), rule);
    }
}

#[test]
fn non_ascii_text_encodes_as_utf8_where_btoa_would_throw() {
    let ua = "Mozilla/5.0 (Linux; Android 14; Редми Ноут 12) 小米浏览器 😀";
    let v = with(USER_AGENT, Value::str(ua));
    let (auth, n) = encode_authentication_info(&v).unwrap();
    assert!(n.changes.is_empty());
    let back = decodes(&auth);
    assert_eq!(back.get(USER_AGENT), Some(&Value::str(ua)));
    // The bytes are UTF-8 (not Latin-1 as btoa would want).
    assert!(String::from_utf8(base64::decode(&auth).unwrap()).unwrap().contains("Редми"));
}

#[test]
fn the_direct_json_writer_escapes_as_json_stringify() {
    let mut info = normalize(&ordinary()).unwrap().info;
    info.user_agent = "quote \" backslash \\ tab \t nul \u{0} bell \u{7} line \u{2028} ё".into();
    info.accept_header = Some("text/html".into());
    info.ip = Some("::1".into());
    info.javascript_enabled = Some(true);
    assert_eq!(info.to_json(), info.to_value().to_json());
    assert!(info.to_json().contains(r#""quote \" backslash \\ tab \t nul \u0000 bell \u0007 line "#));
    assert!(info.to_json().contains("line \u{2028} ё\""), "U+2028 is not escaped, as in JSON.stringify");
    let client = ClientAuInfo::from_info(&info, "::1".into());
    assert_eq!(client.to_json(), client.to_value().to_json());
}

#[test]
fn numbers_are_written_as_json_stringify_writes_them() {
    for (f, text) in [(-180.0, "-180"), (0.0, "0"), (-0.0, "0"), (1.5, "1.5"), (-150.25, "-150.25"), (1e21, "1e+21"), (1e-7, "1e-7"), (1e15, "1000000000000000")]
        .into_iter()
        .chain([(0.1 + 0.2, "0.30000000000000004"), (1152921504606846976.0, "1152921504606847000"), (-1.5e300, "-1.5e+300"), (1.5e-6, "0.0000015"), (5e-324, "5e-324")])
    {
        assert_eq!(js_number(f), num(text), "{f}");
    }
    assert_eq!(js_number(f64::NAN), Value::Null);
    assert_eq!(js_number(f64::NEG_INFINITY), Value::Null);
}

#[test]
fn typed_inputs_follow_the_same_rules_as_json() {
    for (tz, depth, h, w, lang, ua, java) in [
        (-180.0, 24, 1080, 1920, "ru-RU", CHROME_UA, false),
        (300.0, 30, 1440, 2560, "zh-Hant-TW", "Браузер 😀", true),
        (-150.5, 0, -1, 1_000_000, "", "", false),
        (721.0, 64, 0, 0, "en_us", &*"u".repeat(2049), false),
    ] {
        let json = raw(&js_number(tz).to_json(), &depth.to_string(), &h.to_string(), &w.to_string(), lang, ua, java);
        let typed = normalize_inputs(Inputs {
            tz: Input::Number(tz),
            color_depth: Input::Number(f64::from(depth)),
            screen_height: Input::Number(f64::from(h)),
            screen_width: Input::Number(f64::from(w)),
            language: Input::Text(lang),
            user_agent: Input::Text(ua),
            java_enabled: Input::Bool(java),
            javascript_enabled: Input::Missing,
            accept_header: Input::Missing,
            ip: Input::Missing,
        });
        assert_eq!(typed, normalize(&json).unwrap(), "{lang}");
    }
}

/// The rules as they were written on `f64` (Rust's float parser, then `Math.round` done exactly):
/// the oracle for the exact reading of the text. `(value, rule)` of an integer field.
fn float_integer(f: Option<f64>, from_string: bool, min: i64, max: i64) -> (i64, Option<&'static str>) {
    let Some(f) = f.filter(|f| !f.is_nan()) else { return (0, Some("not_a_number")) };
    let floor = f.floor();
    let r = if f - floor >= 0.5 { floor + 1.0 } else { floor };
    let clamped = r.clamp(min as f64, max as f64);
    let rule = if clamped != r {
        Some("clamped")
    } else if r != f {
        Some("rounded")
    } else {
        from_string.then_some("from_string")
    };
    (clamped as i64, rule)
}

/// The same for the colour depth (the old f64 nearest-depth loop).
fn float_depth(f: Option<f64>, from_string: bool) -> (u32, Option<&'static str>) {
    let Some(f) = f.filter(|f| !f.is_nan()) else { return (24, Some("not_a_number")) };
    if f <= 0.0 {
        return (24, Some("non_positive"));
    }
    let mut d = COLOR_DEPTHS[0];
    for c in COLOR_DEPTHS {
        if (f - f64::from(c)).abs() <= (f - f64::from(d)).abs() {
            d = c;
        }
    }
    let rule = if f64::from(d) != f {
        Some("color_depth_nearest_allowed")
    } else {
        from_string.then_some("from_string")
    };
    (d, rule)
}

/// What the normaliser does with `value` in the time zone, a screen size and the colour depth.
fn number_rules(value: Value) -> [(i64, Option<&'static str>); 3] {
    let rule = |field: &str, v: &Value| change_of(&with(field, v.clone()), field).map(|(_, r)| r);
    let n = |field| normalize(&with(field, value.clone())).unwrap().info;
    [
        (n(TZ).tz, rule(TZ, &value)),
        (n(SCREEN_WIDTH).screen_width, rule(SCREEN_WIDTH, &value)),
        (n(COLOR_DEPTH).color_depth.into(), rule(COLOR_DEPTH, &value)),
    ]
}

fn float_rules(f: Option<f64>, from_string: bool) -> [(i64, Option<&'static str>); 3] {
    let (d, rule) = float_depth(f, from_string);
    [float_integer(f, from_string, TZ_MIN, TZ_MAX), float_integer(f, from_string, 0, SCREEN_MAX), (d.into(), rule)]
}

#[test]
fn numbers_are_read_exactly_from_their_text() {
    for (text, floor, frac) in [
        ("0", 0, 0),
        ("-0", 0, 0),
        ("-0.0", 0, 0),
        ("720", 720, 0),
        ("+720", 720, 0),
        ("299.5", 299, 2),
        ("-299.5", -300, 2),
        ("-0.4", -1, 3),
        ("0.50001", 0, 3),
        ("0.49999", 0, 1),
        (".5", 0, 2),
        ("5.", 5, 0),
        ("-.25", -1, 3),
        ("1.5e3", 1500, 0),
        ("15e-1", 1, 2),
        ("1E+2", 100, 0),
        ("0.0005e3", 0, 2),
        ("123e-5", 0, 1),
        ("000123.000", 123, 0),
        ("1e400", SATURATED, 0),
        ("-1e400", -SATURATED, 0),
        ("1e99999999999999999999999", SATURATED, 0),
        ("1e-400", 0, 1),
        ("-1e-400", -1, 3),
        ("0e999999", 0, 0),
        ("99999999999999999999999", SATURATED, 0),
        // Exactly, not as the nearest double (0.49999999999999994 → 1 through f64 + 0.5).
        ("0.49999999999999994", 0, 1),
        ("720.00000000000000001", 720, 1),
    ] {
        assert_eq!(Num::of_decimal(text), Some(Num { floor, frac }), "{text}");
    }
    for text in ["", "+", "-", ".", "e5", ".e5", "1e", "1e+", "1.2.3", "--1", "+-1", "0x10", "1 ", " 1", "inf", "NaN", "١"] {
        assert_eq!(Num::of_decimal(text), None, "{text:?}");
    }
    assert_eq!(number_text("-Infinity").map(Num::round), Some(-SATURATED));
    assert_eq!(number_text("nan"), None);
    assert_eq!(number_text("INF").map(Num::round), Some(SATURATED));
    // JS numbers: the same classes.
    for (f, floor, frac) in [
        (0.0, 0, 0),
        (-0.0, 0, 0),
        (299.5, 299, 2),
        (-299.5, -300, 2),
        (-0.4, -1, 3),
        (0.49999999999999994, 0, 1),
        (-0.49999999999999994, -1, 3),
        (1e300, SATURATED, 0),
        (f64::NEG_INFINITY, -SATURATED, 0),
    ] {
        assert_eq!(Num::of_f64(f), Some(Num { floor, frac }), "{f}");
    }
    assert_eq!(Num::of_f64(f64::NAN), None);
    // Math.round(0.49999999999999994) is 0, as the docs say; `floor(x + 0.5)` in f64 gave 1.
    assert_eq!(number_rules(num("0.49999999999999994"))[0], (0, Some("rounded")));
}

#[test]
fn the_exact_reading_agrees_with_the_float_rules_on_js_numbers() {
    let mut cases = vec![0.49999999999999994, 0.5, 2.5, 5.999999999999999, 6.0, 11.5, 19.999999999999996, 27.5, 28.0, 39.99, 40.0];
    cases.extend([-840.5, -840.4999999999999, 720.4999999999999, 720.5, 999_999.5, 999_999.4999999999, 1e-7, 5e-324, 1e21, 1.7976931348623157e308]);
    for f in cases.iter().flat_map(|&f| [f, -f]) {
        for text in [format!("{f}"), format!("{f:e}")] {
            assert_eq!(number_rules(num(&text)), float_rules(Some(f), false), "{text}");
            assert_eq!(number_rules(Value::str(text.clone())), float_rules(Some(f), true), "{text:?}");
        }
    }
}

#[test]
fn integers_are_written_as_to_string_writes_them() {
    for n in [0, 1, -1, 9, 10, -10, 720, -840, 999_999, i64::MAX, i64::MIN] {
        let mut out = String::from("x");
        push_int(&mut out, n);
        assert_eq!(out, format!("x{n}"));
    }
}

#[test]
fn java_enabled_is_a_boolean() {
    for (input, out, rule) in [
        (Value::Bool(true), true, None),
        (Value::Bool(false), false, None),
        (Value::str("true"), true, Some("from_string")),
        (Value::str(" FALSE "), false, Some("from_string")),
        (Value::str("yes"), false, Some("wrong_type")),
        (num("1"), false, Some("wrong_type")),
        (Value::Null, false, Some("missing")),
    ] {
        let v = with(JAVA_ENABLED, input.clone());
        assert_eq!(normalize(&v).unwrap().info.java_enabled, out, "{input:?}");
        assert_eq!(change_of(&v, JAVA_ENABLED).map(|(_, r)| r), rule, "{input:?}");
    }
}

#[test]
fn numeric_strings_are_read_as_emv_sends_them() {
    let v = with(TZ, Value::str(" -180 "));
    assert_eq!(change_of(&v, TZ), Some((num("-180"), "from_string")));
    let v = with(SCREEN_WIDTH, Value::str("1920px"));
    assert_eq!(change_of(&v, SCREEN_WIDTH), Some((num("0"), "not_a_number")));
    let v = with(SCREEN_WIDTH, Value::str("NaN"));
    assert_eq!(change_of(&v, SCREEN_WIDTH), Some((num("0"), "not_a_number")));
    let v = with(TZ, Value::Object(vec![]));
    assert_eq!(change_of(&v, TZ), Some((num("0"), "wrong_type")));
}

#[test]
fn an_empty_object_gets_every_default_and_reports_each() {
    let n = normalize(&Value::Object(vec![])).unwrap();
    assert_eq!(
        n.info.to_value().to_json(),
        r#"{"browserTZ":0,"browserColorDepth":24,"browserScreenHeight":0,"browserScreenWidth":0,"browserLanguage":"en","browserUserAgent":"","browserJavaEnabled":false}"#
    );
    let fields: Vec<_> = n.changes.iter().map(|c| (c.field.as_str(), c.rule)).collect();
    assert_eq!(fields, DOCS_FIELDS.iter().map(|f| (*f, "missing")).collect::<Vec<_>>());
}

#[test]
fn unknown_fields_are_dropped_and_reported() {
    let v = with("canvasHash", Value::str("abc"));
    let n = normalize(&v).unwrap();
    assert_eq!(n.changes.len(), 1);
    assert_eq!(n.changes[0].to_value().to_json(), r#"{"field":"canvasHash","from":"abc","to":null,"rule":"unknown_field"}"#);
    assert!(!n.info.to_value().to_json().contains("canvasHash"));
}

#[test]
fn optional_server_fields_follow_the_seven() {
    let mut v = ordinary();
    if let Value::Object(m) = &mut v {
        m.insert(0, (IP.into(), Value::str("::ffff:203.0.113.7")));
        m.insert(0, (ACCEPT_HEADER.into(), Value::str("text/html")));
        m.push((JAVASCRIPT_ENABLED.into(), Value::Bool(true)));
    }
    let n = normalize(&v).unwrap();
    let json = n.info.to_value().to_json();
    assert!(json.ends_with(r#""browserJavaEnabled":false,"browserJavascriptEnabled":true,"browserAcceptHeader":"text/html","browserIP":"203.0.113.7"}"#), "{json}");
    assert_eq!(n.changes.len(), 1);
    assert_eq!(n.changes[0].rule, "ip_canonicalised");
    for (field, value, rule) in [
        (IP, Value::str("300.1.1.1"), "invalid_ip"),
        (IP, num("1"), "wrong_type"),
        (ACCEPT_HEADER, Value::str("  "), "blank_dropped"),
        (ACCEPT_HEADER, Value::str("*/*".repeat(700)), "truncated"),
        (JAVASCRIPT_ENABLED, num("1"), "wrong_type"),
    ] {
        assert_eq!(change_of(&with(field, value), field).map(|(_, r)| r), Some(rule), "{field}");
    }
}

#[test]
fn only_objects_are_normalised() {
    for v in [Value::Null, num("1"), Value::str("{}"), Value::Array(vec![])] {
        let e = normalize(&v).unwrap_err();
        assert_eq!(e.code, "not_object", "{v:?}");
    }
}

// ---- decoding ----

fn record(ip: &str, agent: &str, auth: &str) -> Value {
    ClientAuInfo { ip_address: ip.into(), agent_name: agent.into(), authentication_info: auth.into() }.to_value()
}

fn issue_codes(v: &Value, require_ip: bool) -> Vec<(String, &'static str)> {
    match decode::decode_issues(v, require_ip) {
        Ok(_) => vec![],
        Err(issues) => issues.into_iter().map(|i| (i.path, i.code)).collect(),
    }
}

#[test]
fn what_the_sdk_encodes_decodes() {
    let n = normalize(&ordinary()).unwrap();
    let client = ClientAuInfo::from_info(&n.info, String::new());
    let d = decode_client_au_info(&client.to_value(), false).unwrap();
    assert_eq!(d.info, n.info);
    assert_eq!(d.client, client);
    // The same as JSON text.
    let d2 = decode_client_au_info(&Value::str(client.to_value().to_json()), false).unwrap();
    assert_eq!(d2, d);
    assert_eq!(issue_codes(&client.to_value(), true), vec![("ipAddress".to_string(), "blank")]);
    let with_ip = record("::ffff:198.51.100.4", &client.agent_name, &client.authentication_info);
    assert_eq!(decode_client_au_info(&with_ip, true).unwrap().client.ip_address, "198.51.100.4");
}

#[test]
fn decoding_reports_every_problem_with_its_path() {
    let b64 = |s: &str| base64::encode(s.as_bytes());
    let p = |s: &str| s.to_string();
    for (v, expected) in [
        (Value::Null, vec![(p(""), "not_object")]),
        (Value::str("{"), vec![(p(""), "invalid_json")]),
        (Value::str("[]"), vec![(p(""), "not_object")]),
        // The browser may leave the IP and the user agent for the proxy: only the final check needs them.
        (Value::Object(vec![]), vec![(p("authenticationInfo"), "required")]),
        (
            record("1.2.3.999", " ", "Zm9v-w=="),
            vec![(p("ipAddress"), "invalid_ip"), (p("authenticationInfo"), "invalid_base64")],
        ),
        (record("", "UA", &base64::encode(&[0xff, 0xfe])), vec![(p("authenticationInfo"), "invalid_utf8")]),
        (record("", "UA", &b64("not json")), vec![(p("authenticationInfo"), "invalid_json")]),
        (record("", "UA", &b64("[1]")), vec![(p("authenticationInfo"), "not_object")]),
        (record("", &"x".repeat(2049), &b64("{}")), {
            let mut v = vec![(p("agentName"), "too_long")];
            v.extend(DOCS_FIELDS.iter().map(|f| (format!("authenticationInfo.{f}"), "required")));
            v
        }),
        (
            record(
                "",
                "UA",
                &b64(r#"{"browserTZ":-841,"browserColorDepth":30,"browserScreenHeight":1080.5,"browserScreenWidth":"1920","browserLanguage":"zh-Hant-TW","browserUserAgent":"UA","browserJavaEnabled":"false","browserIP":"x"}"#),
            ),
            vec![
                (p("authenticationInfo.browserTZ"), "out_of_range"),
                (p("authenticationInfo.browserColorDepth"), "not_allowed"),
                (p("authenticationInfo.browserScreenHeight"), "not_integer"),
                (p("authenticationInfo.browserScreenWidth"), "invalid_type"),
                (p("authenticationInfo.browserLanguage"), "invalid_language"),
                (p("authenticationInfo.browserJavaEnabled"), "invalid_type"),
                (p("authenticationInfo.browserIP"), "invalid_ip"),
            ],
        ),
    ] {
        assert_eq!(issue_codes(&v, false), expected, "{v:?}");
    }
    assert_eq!(
        issue_codes(&Value::Object(vec![]), true),
        vec![(p("ipAddress"), "required"), (p("agentName"), "required"), (p("authenticationInfo"), "required")]
    );
    assert_eq!(issue_codes(&record("1.2.3.4", " ", "Zm9v"), true)[0], (p("agentName"), "blank"));
    let mut bad = record("", "UA", "");
    if let Value::Object(m) = &mut bad {
        m[0].1 = num("1");
        m[2].1 = Value::Bool(true);
    }
    assert_eq!(
        issue_codes(&bad, false),
        vec![(p("ipAddress"), "invalid_type"), (p("authenticationInfo"), "invalid_type")]
    );
}

#[test]
fn decoding_issues_say_what_is_wrong() {
    let info = r#"{"browserTZ":-841,"browserColorDepth":30,"browserScreenHeight":1080.5,"browserScreenWidth":"1920","browserLanguage":"zh-Hant-TW","browserJavaEnabled":"false","browserAcceptHeader":" ","browserIP":"x","browserJavascriptEnabled":0}"#;
    let long = format!(r#"{{"browserTZ":0,"browserColorDepth":-1,"browserScreenHeight":1e7,"browserScreenWidth":0,"browserLanguage":"*","browserUserAgent":"{}","browserJavaEnabled":false}}"#, "u".repeat(2049));
    let messages = |json: &str| match decode::decode_issues(&record("", "UA", &base64::encode(json.as_bytes())), false) {
        Ok(_) => vec![],
        Err(issues) => issues.into_iter().map(|i| (i.path, i.message)).collect::<Vec<_>>(),
    };
    let p = |field: &str, m: &str| (format!("authenticationInfo.{field}"), m.to_string());
    assert_eq!(
        messages(info),
        [
            p(TZ, "-841 is out of range (-840..720 minutes)"),
            p(COLOR_DEPTH, "30 is not an EMV colour depth (1, 4, 8, 15, 16, 24, 32, 48)"),
            p(SCREEN_HEIGHT, "must be a whole number, got 1080.5"),
            p(SCREEN_WIDTH, r#"must be a number, got "1920""#),
            p(LANGUAGE, r#""zh-Hant-TW" is not a BCP 47 language tag of 1 to 8 characters"#),
            p(USER_AGENT, "is required"),
            p(JAVA_ENABLED, r#"must be a boolean, got "false""#),
            p(JAVASCRIPT_ENABLED, "must be a boolean, got 0"),
            p(ACCEPT_HEADER, "must not be blank when present"),
            p(IP, r#""x" is not an IPv4 or IPv6 address"#),
        ]
    );
    assert_eq!(
        messages(&long),
        [
            p(COLOR_DEPTH, "-1 is not an EMV colour depth (1, 4, 8, 15, 16, 24, 32, 48)"),
            p(SCREEN_HEIGHT, "1e7 is out of range (0..999999)"),
            p(LANGUAGE, r#""*" is not a BCP 47 language tag of 1 to 8 characters"#),
            p(USER_AGENT, "must be at most 2048 characters"),
        ]
    );
    // A long value is cut to 40 characters in a message; the record's own ipAddress is quoted whole.
    let e = decode_client_au_info(&record(&"1".repeat(50), "UA", "!!"), false).unwrap_err();
    let issues = e.extra.iter().find(|(k, _)| k == "issues").map(|(_, v)| v.to_json()).unwrap_or_default();
    assert!(issues.contains(&format!(r#""message":"\"{}\" is not an IPv4 or IPv6 address""#, "1".repeat(50))), "{issues}");
    let cut = messages(&format!(r#"{{"browserIP":"{}"}}"#, "9".repeat(60)));
    assert!(cut.iter().any(|(_, m)| m == &format!("\"{}… is not an IPv4 or IPv6 address", "9".repeat(39))), "{cut:?}");
}

#[test]
fn decoding_tolerates_case_and_unknown_fields() {
    let json = r#"{"browserTZ":0,"browserColorDepth":24,"browserScreenHeight":1,"browserScreenWidth":1,"browserLanguage":"EN-us","browserUserAgent":"UA","browserJavaEnabled":false,"extra":1}"#;
    let d = decode_client_au_info(&record("", "UA", &base64::encode(json.as_bytes())), false).unwrap();
    assert_eq!(d.info.language, "en-US");
}

#[test]
fn the_validation_error_names_the_field() {
    let e = decode_client_au_info(&record("", "UA", "!!"), false).unwrap_err();
    assert_eq!(e.kind, "validation");
    assert_eq!(e.code, "invalid_base64");
    assert!(e.message.starts_with("authenticationInfo: is not base64"), "{}", e.message);
}

// ---- the proxy's enrichment ----

fn enrich(input: &str) -> Result<enrich::Enriched, ApiError> {
    enrich_client_au_info(&parse(input).unwrap())
}

fn browser_record() -> String {
    let n = normalize(&ordinary()).unwrap();
    ClientAuInfo::from_info(&n.info, String::new()).to_value().to_json()
}

#[test]
fn the_server_fills_ip_accept_and_user_agent() {
    let e = enrich(&format!(
        r#"{{"clientAuInfo":{},"remoteAddress":"::ffff:203.0.113.7","headers":{{"User-Agent":"Server UA/1.0","accept":"text/html,*/*;q=0.8","x-forwarded-for":"198.51.100.1"}},"trustProxy":false}}"#,
        browser_record()
    ))
    .unwrap();
    assert_eq!(e.to_json(), e.to_value().to_json());
    assert_eq!(e.ip_source, enrich::IpSource::RemoteAddress);
    assert_eq!(e.client.ip_address, "203.0.113.7");
    assert_eq!(e.client.agent_name, "Server UA/1.0");
    let info = decodes(&e.client.authentication_info);
    assert_eq!(info.get(USER_AGENT), Some(&Value::str("Server UA/1.0")));
    assert_eq!(info.get(ACCEPT_HEADER), Some(&Value::str("text/html,*/*;q=0.8")));
    assert_eq!(info.get(IP), Some(&Value::str("203.0.113.7")));
    assert_eq!(info.get(TZ), Some(&num("-180")));
    let rules: Vec<_> = e.changes.iter().map(|c| (c.field.as_str(), c.rule)).collect();
    assert_eq!(
        rules,
        [
            (USER_AGENT, "server_user_agent"),
            ("agentName", "server_user_agent"),
            (ACCEPT_HEADER, "server_accept_header"),
            (IP, "server_ip"),
            ("ipAddress", "server_ip"),
        ]
    );
    // The result is itself a valid record, with the IP the gateway needs.
    assert!(decode_client_au_info(&e.client.to_value(), true).is_ok());
}

#[test]
fn x_forwarded_for_counts_only_behind_a_trusted_proxy() {
    let input = |trust: bool| {
        format!(
            r#"{{"clientAuInfo":{},"remoteAddress":"10.0.0.2","headers":{{"x-forwarded-for":["unknown, 198.51.100.1", "10.0.0.1"]}},"trustProxy":{trust}}}"#,
            browser_record()
        )
    };
    let trusted = enrich(&input(true)).unwrap();
    assert_eq!((trusted.client.ip_address.as_str(), trusted.ip_source), ("198.51.100.1", enrich::IpSource::XForwardedFor));
    let untrusted = enrich(&input(false)).unwrap();
    assert_eq!((untrusted.client.ip_address.as_str(), untrusted.ip_source), ("10.0.0.2", enrich::IpSource::RemoteAddress));
    // Trusted but nothing valid in the header: the connection's address.
    let junk = enrich(r#"{"remoteAddress":"10.0.0.2","headers":{"x-forwarded-for":"unknown"},"trustProxy":true}"#).unwrap();
    assert_eq!(junk.ip_source, enrich::IpSource::RemoteAddress);
}

#[test]
fn without_a_browser_record_one_is_built_from_the_headers() {
    let e = enrich(r#"{"remoteAddress":"2001:db8::7","headers":{"user-agent":"curl/8","accept":"*/*","accept-language":"sr-Latn-RS,sr;q=0.9"}}"#).unwrap();
    assert_eq!(e.client.ip_address, "2001:db8::7");
    assert_eq!(e.client.agent_name, "curl/8");
    assert_eq!(
        decodes(&e.client.authentication_info).to_json(),
        r#"{"browserTZ":0,"browserColorDepth":24,"browserScreenHeight":0,"browserScreenWidth":0,"browserLanguage":"sr-RS","browserUserAgent":"curl/8","browserJavaEnabled":false,"browserAcceptHeader":"*/*","browserIP":"2001:db8::7"}"#
    );
    assert!(e.changes.iter().any(|c| c.field == LANGUAGE && c.rule == "language_shortened"));
    assert!(e.changes.iter().any(|c| c.field == TZ && c.rule == "missing"));
    assert_eq!(e.to_json(), e.to_value().to_json());
}

#[test]
fn values_only_a_server_knows_are_dropped_when_it_does_not_know_them() {
    let mut info = normalize(&ordinary()).unwrap().info;
    info.ip = Some("192.0.2.1".into());
    info.accept_header = Some("text/html".into());
    let forged = ClientAuInfo::from_info(&info, "192.0.2.1".into()).to_value().to_json();
    let e = enrich(&format!(r#"{{"clientAuInfo":{forged},"headers":{{}}}}"#)).unwrap();
    assert_eq!(e.ip_source, enrich::IpSource::None);
    assert_eq!(e.client.ip_address, "");
    assert_eq!(e.info.ip, None);
    assert_eq!(e.info.accept_header, None);
    assert_eq!(e.client.agent_name, CHROME_UA, "no server User-Agent: the browser's stays");
    assert!(e.changes.iter().all(|c| c.rule == "not_from_server"), "{:?}", e.changes);
    assert_eq!(e.changes.len(), 3);
}

#[test]
fn a_malformed_browser_record_is_refused_with_paths_under_client_au_info() {
    let e = enrich(r#"{"clientAuInfo":{"agentName":"UA","authenticationInfo":"%%%"},"remoteAddress":"10.0.0.1"}"#).unwrap_err();
    assert_eq!(e.code, "invalid_base64");
    assert!(e.message.starts_with("clientAuInfo.authenticationInfo:"), "{}", e.message);
    let e = enrich(r#"{"clientAuInfo":"nope"}"#).unwrap_err();
    assert!(e.message.starts_with("clientAuInfo: is text but not JSON"), "{}", e.message);
    for (input, code) in [
        (r#"[]"#, "not_object"),
        (r#"{"trustProxy":"yes"}"#, "invalid_type"),
        (r#"{"remoteAddress":1}"#, "invalid_type"),
        (r#"{"headers":"ua"}"#, "invalid_type"),
    ] {
        assert_eq!(enrich(input).unwrap_err().code, code, "{input}");
    }
}

#[test]
fn a_huge_server_user_agent_is_truncated() {
    let ua = "U".repeat(3000);
    let e = enrich(&format!(r#"{{"headers":{{"user-agent":"{ua}"}}}}"#)).unwrap();
    assert_eq!(e.client.agent_name.len(), 2048);
    assert!(decode_client_au_info(&e.client.to_value(), false).is_ok());
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn json_leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::int),
            any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| Value::Number(format!("{f:e}"))),
            "\\PC{0,12}".prop_map(Value::String),
            "[-+0-9.eE NaInfity]{0,8}".prop_map(Value::String),
            "[a-zA-Z_-]{0,14}".prop_map(Value::String),
        ]
    }

    fn any_info() -> impl Strategy<Value = Value> {
        let field = prop_oneof![
            proptest::sample::select(DOCS_FIELDS.to_vec()).prop_map(str::to_string),
            proptest::sample::select(vec![ACCEPT_HEADER, IP, JAVASCRIPT_ENABLED]).prop_map(str::to_string),
            "[a-z]{1,6}",
        ];
        proptest::collection::vec((field, json_leaf()), 0..12).prop_map(Value::Object)
    }

    proptest! {
        #[test]
        fn whatever_is_normalised_is_within_emv_limits_and_decodes(info in any_info(), ua in "\\PC{0,3000}") {
            let n = normalize(&info).unwrap();
            let i = &n.info;
            prop_assert!((TZ_MIN..=TZ_MAX).contains(&i.tz));
            prop_assert!(COLOR_DEPTHS.contains(&i.color_depth));
            prop_assert!((0..=SCREEN_MAX).contains(&i.screen_height) && (0..=SCREEN_MAX).contains(&i.screen_width));
            prop_assert!(language::is_acceptable(&i.language), "{}", i.language);
            prop_assert!(utf16_len(&i.user_agent) <= TEXT_MAX);
            // The direct writers and the generic ones agree, escapes and all.
            prop_assert_eq!(i.to_json(), i.to_value().to_json());
            prop_assert_eq!(n.to_json(), n.to_value().to_json());
            // Normalising again changes nothing.
            prop_assert_eq!(normalize(&i.to_value()).unwrap().changes, vec![]);
            let mut info = i.clone();
            info.user_agent = truncate_utf16(&ua, TEXT_MAX).unwrap_or(&ua).to_string();
            let client = ClientAuInfo { agent_name: "UA".into(), ..ClientAuInfo::from_info(&info, String::new()) };
            let d = decode_client_au_info(&client.to_value(), false);
            prop_assert!(d.is_ok(), "{:?}", d);
            let d = d.unwrap();
            prop_assert_eq!(d.to_json(), d.to_value().to_json());
            prop_assert_eq!(d.info, info);
        }

        #[test]
        fn numbers_written_by_js_read_as_their_double(f in any::<f64>()) {
            // Every text JSON.stringify writes is the shortest one that reads back as the double: read
            // exactly it gives what the double gives (with Math.round done exactly).
            let want = float_rules((!f.is_nan()).then_some(f), false);
            if f.is_finite() {
                prop_assert_eq!(number_rules(num(&format!("{f}"))), want);
                prop_assert_eq!(number_rules(num(&format!("{f:e}"))), want);
            }
            let typed = normalize_inputs(Inputs {
                tz: Input::Number(f),
                color_depth: Input::Number(f),
                screen_height: Input::Missing,
                screen_width: Input::Number(f),
                language: Input::Text("en"),
                user_agent: Input::Text("UA"),
                java_enabled: Input::Bool(false),
                javascript_enabled: Input::Missing,
                accept_header: Input::Missing,
                ip: Input::Missing,
            });
            let rule = |field: &str| typed.changes.iter().find(|c| c.field == field).map(|c| c.rule);
            let i = &typed.info;
            prop_assert_eq!(
                [(i.tz, rule(TZ)), (i.screen_width, rule(SCREEN_WIDTH)), (i.color_depth.into(), rule(COLOR_DEPTH))],
                want
            );
        }

        #[test]
        fn short_decimal_texts_read_as_rusts_float_parser_reads_them(
            text in "[+-]?[0-9]{0,7}(\\.[0-9]{0,7})?([eE][+-]?[0-9]{1,2})?",
        ) {
            // At most 14 significant digits: the nearest double is on the same side of every half and
            // every integer as the text, so the exact reading and the float parser agree.
            let f = text.parse::<f64>().ok();
            prop_assert_eq!(number_rules(num(&text)), float_rules(f, false));
            let padded = format!(" {text} ");
            prop_assert_eq!(number_rules(Value::str(padded)), float_rules(f, true));
        }

        #[test]
        fn languages_never_break_the_limit(s in "\\PC{0,24}", t in "[a-zA-Z]{1,9}([-_][a-zA-Z0-9]{1,9}){0,4}") {
            for input in [s, t] {
                let (tag, _) = language::canonicalize(&input);
                prop_assert!(language::is_acceptable(&tag), "{} -> {}", input, tag);
                prop_assert_eq!(language::canonicalize(&tag).1, language::LanguageRule::Unchanged);
            }
        }

        #[test]
        fn overrides_apply_as_if_appended_one_by_one(base in any_info(), overrides in any_info()) {
            // clientAuInfo's overrides over the collected fields (known, each once) give what
            // normalising the collected object does after appending each override in place of its key.
            let (mut members, mut inputs) = (Vec::new(), Inputs::MISSING);
            for (k, key) in KNOWN.iter().enumerate() {
                if let Some(value) = base.get(key) {
                    members.push((key.to_string(), value.clone()));
                    *inputs.slot(k).unwrap() = Input::json(Some(value));
                }
            }
            let over = overrides.as_object().unwrap();
            for (key, value) in over {
                members.retain(|(k, _)| k != key);
                members.push((key.clone(), value.clone()));
            }
            let got = normalize_members(inputs, over, true);
            prop_assert_eq!(got, normalize(&Value::Object(members)).unwrap());
        }

        #[test]
        fn decoding_never_panics(v in any_info(), auth in "[A-Za-z0-9+/=]{0,64}") {
            let _ = decode_client_au_info(&v, true);
            let _ = decode_client_au_info(&record("", "UA", &auth), false);
            let _ = enrich_client_au_info(&Value::Object(vec![("clientAuInfo".into(), v)]));
        }
    }
}

#[test]
fn without_a_user_agent_header_a_blank_agent_name_takes_the_browser_datas() {
    // Found by the fingerprint fuzz target: no User-Agent header and `agentName: null` gave a record
    // the proxy's own final check refused.
    let record = browser_record().replace(r#""agentName":"#, r#""agentName":null,"was":"#);
    let e = enrich(&format!(r#"{{"clientAuInfo":{record},"remoteAddress":"203.0.113.7","headers":{{}},"trustProxy":false}}"#)).unwrap();
    let info = decodes(&e.client.authentication_info);
    assert_eq!(Some(&Value::str(e.client.agent_name.clone())), info.get(USER_AGENT));
    assert!(!e.client.agent_name.is_empty());
    assert!(e.changes.iter().any(|c| c.field == "agentName" && c.rule == "browser_user_agent"));
    assert!(decode_client_au_info(&e.client.to_value(), true).is_ok(), "the enriched record passes the final check");
}

#[test]
fn a_repeated_override_is_reported_where_its_last_copy_stands() {
    let over: Vec<(String, Value)> =
        [("x", "1"), ("y", "2"), (TZ, "999"), ("x", "3"), (TZ, "60")].iter().map(|(k, v)| (k.to_string(), num(v))).collect();
    let n = normalize_members(Inputs::MISSING, &over, true);
    assert_eq!(n.info.tz, 60);
    let unknown: Vec<_> =
        n.changes.iter().filter(|c| c.rule == "unknown_field").map(|c| (c.field.as_str(), c.from.to_json())).collect();
    assert_eq!(unknown, [("y", "2".to_string()), ("x", "3".to_string())]);
    // Not moved (a plain object): the first copy's place and value.
    let n = normalize_members(Inputs::MISSING, &over, false);
    let unknown: Vec<_> =
        n.changes.iter().filter(|c| c.rule == "unknown_field").map(|c| (c.field.as_str(), c.from.to_json())).collect();
    assert_eq!(unknown, [("x", "1".to_string()), ("y", "2".to_string())]);
}
