// Tables of (input, expected verdicts) read best as literal tuples.
#![allow(clippy::type_complexity)]

use super::*;
use crate::json::parse;

const NOW: u64 = 1_700_000_000;

fn run(op: Operation, json: &str) -> Validated {
    validate(op, &parse(json).unwrap(), &Options { strict: false, now: Some(NOW) })
}

fn codes(list: &[Issue]) -> Vec<(String, &'static str)> {
    list.iter().map(|i| (i.path.clone(), i.code)).collect()
}

fn pairs(want: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
    want.iter().map(|(p, c)| (p.to_string(), *c)).collect()
}

const USER_TOKEN: &str = "cc507cb4-fe90-4cb4-af75-37b9b5b41387";
const CARD_TOKEN: &str = "ae7f3942-4e7c-44d3-9ab9-8c84d118b5ed";

// The docs' examples, verbatim but for the placeholders where noted.
const DOCS_ANONYMOUS: &str = r#"{
"serviceCode":"109-5804-1",
"amount":450,
"comission":13300,
"payType":"card",
"clientType":"web",
"userPhone":"79020000000",
"userEmail":"ana@mi.ru",
"properties":
  [
  {"name":"Л/СЧЕТ","value":"9503006477"},
  {"name":"ФИО","value":"Иванов Н П"},
  {"name":"АДРЕС","value":"Ленина 10"},
  {"name":"МЕСЯЦ","value":"05.2015"},
  {"name":"СУММА_ПЕНИ","value":"10000"}
  ],
"orderItems":
  [
  {"num":1,"name":"name1","quantity":2,"price":100,"tax":"vat0"},
  {"num":2,"name":"name2","quantity":5,"price":50,"tax":"vat110"}
  ]
}"#;

const DOCS_REGISTRATION: &str = r#"{"login":"Login","email":"Email","name":"Name","surName":"SurName","middleName":"MiddleName"}"#;

const DOCS_RECURRENT: &str = r#"{
"cardToken":"CARD_TOKEN",
"value":"10000",
"clientType":"web",
"payType":"card",
"properties":
  [
  {"name":"Л/СЧЕТ","value":"9503006477"},
  {"name":"ФИО","value":"Иванов Н П"},
  {"name":"АДРЕС","value":"Ленина10"},
  {"name":"МЕСЯЦ","value":"05.2015"},
  {"name":"СУММА_ПЕНИ","value":"10000"}
  ],
"orderItems":
  [
  {"num":1,"name":"name1","quantity":2,"price":100,"tax":"vat0"},
  {"num":2,"name":"name2","quantity":5,"price":50,"tax":"vat110"}
  ],
"serviceCode":"109-5804-1",
"userToken":"USER_TOKEN",
"amount":"10000",
"comission":"13300"
}"#;

fn real(json: &str) -> String {
    json.replace("USER_TOKEN", USER_TOKEN)
        .replace("CARD_TOKEN", CARD_TOKEN)
        .replace("\"Login\"", "\"79020000000\"")
        .replace("\"Email\"", "\"ivanov@example.ru\"")
}

#[test]
fn docs_anonymous_example_builds_unchanged_with_amounts_as_strings() {
    let v = run(Operation::AnonymousPayment, DOCS_ANONYMOUS);
    assert!(v.issues.is_empty() && v.warnings.is_empty(), "{:?} {:?}", v.issues, v.warnings);
    let request = v.request.unwrap().to_json();
    assert!(request.starts_with(r#"{"serviceCode":"109-5804-1","amount":"450","comission":"13300","payType":"card","clientType":"web","userPhone":"79020000000","userEmail":"ana@mi.ru","properties":[{"name":"Л/СЧЕТ","value":"9503006477"}"#), "{request}");
    assert!(request.ends_with(r#""orderItems":[{"num":1,"name":"name1","quantity":2,"price":100,"tax":"vat0"},{"num":2,"name":"name2","quantity":5,"price":50,"tax":"vat110"}]}"#), "{request}");
}

#[test]
fn docs_examples_with_real_values_build() {
    let table: &[(Operation, &str, &[(&str, &str)])] = &[
        (Operation::UserRegistration, DOCS_REGISTRATION, &[]),
        (Operation::UserStatus, r#"{"login":"79150000000"}"#, &[]),
        (Operation::CardRegistration, r#"{"userToken":"USER_TOKEN","clientType":"web"}"#, &[]),
        (Operation::CardList, r#"{"userToken":"USER_TOKEN"}"#, &[]),
        (Operation::CardDeactivation, r#"{"userToken":"USER_TOKEN","cardToken":"CARD_TOKEN"}"#, &[]),
        // The docs' recurrent example: an undocumented "value" (dropped) and items worth 450 for 10000.
        (Operation::RecurrentPayment, DOCS_RECURRENT, &[("value", "unknown_field"), ("orderItems", "items_total_mismatch")]),
        (Operation::PaymentStatus, r#"{"regPayNum":"1310958041"}"#, &[]),
        (Operation::Refund, r#"{"regPayNum":"13693892457","note":"test","refundAmount":"2400","remainingAmount":"225"}"#, &[]),
    ];
    for (op, json, warnings) in table {
        let v = run(*op, &real(json));
        assert!(v.issues.is_empty(), "{op:?}: {:?}", v.issues);
        assert_eq!(codes(&v.warnings), pairs(warnings), "{op:?}");
        assert!(v.request.is_some(), "{op:?}");
    }
}

#[test]
fn docs_examples_with_placeholders_are_refused_at_exactly_those_fields() {
    let table: &[(Operation, &str, &[(&str, &str)])] = &[
        (Operation::UserRegistration, DOCS_REGISTRATION, &[("login", "invalid_phone"), ("email", "invalid_email")]),
        (Operation::CardRegistration, r#"{"userToken":"USER_TOKEN","clientType":"web"}"#, &[("userToken", "invalid_token")]),
        (Operation::CardList, r#"{"userToken":"USER_TOKEN"}"#, &[("userToken", "invalid_token")]),
        (Operation::CardDeactivation, r#"{"userToken":"USER_TOKEN","cardToken":"CARD_TOKEN"}"#, &[("userToken", "invalid_token"), ("cardToken", "invalid_token")]),
        (Operation::RecurrentPayment, DOCS_RECURRENT, &[("userToken", "invalid_token"), ("cardToken", "invalid_token")]),
    ];
    for (op, json, want) in table {
        let v = run(*op, json);
        assert_eq!(codes(&v.issues), pairs(want), "{op:?}");
        assert_eq!(v.request, None);
    }
}

#[test]
fn recurrent_request_on_the_wire() {
    let v = run(Operation::RecurrentPayment, &real(DOCS_RECURRENT));
    let request = v.request.unwrap();
    assert_eq!(request.get("amount"), Some(&Value::str("10000")));
    assert_eq!(request.get("comission"), Some(&Value::str("13300")));
    assert_eq!(request.get("value"), None);
    let keys: Vec<&str> = request.as_object().unwrap().iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["serviceCode", "userToken", "amount", "comission", "cardToken", "payType", "clientType", "properties", "orderItems"]);
}

#[test]
fn strict_mode_turns_warnings_into_errors() {
    let v = validate(Operation::RecurrentPayment, &parse(&real(DOCS_RECURRENT)).unwrap(), &Options { strict: true, now: Some(NOW) });
    assert_eq!(codes(&v.issues), pairs(&[("value", "unknown_field"), ("orderItems", "items_total_mismatch")]));
    assert!(v.warnings.is_empty() && v.request.is_none());
    let e = build(Operation::RecurrentPayment, &parse(&real(DOCS_RECURRENT)).unwrap(), &Options { strict: true, now: None }).unwrap_err();
    assert_eq!((e.kind, e.code.as_str()), ("validation", "unknown_field"));
}

fn anonymous_with(extra: &str) -> String {
    format!(r#"{{"serviceCode":"1000-13864-2","amount":"2500","comission":"0","properties":[{{"name":"ПОЗЫВНОЙ","value":"12"}}]{extra}}}"#)
}

#[test]
fn field_rules_of_payments() {
    let table: &[(&str, &[(&str, &str)], &[(&str, &str)])] = &[
        // extra members, issues, warnings
        ("", &[], &[]),
        (r#","amount":0"#, &[("amount", "not_positive")], &[]),
        (r#","amount":12.5"#, &[("amount", "not_integer")], &[]),
        (r#","amount":"1e3""#, &[("amount", "exponent_notation")], &[]),
        (r#","amount":"NaN""#, &[("amount", "not_finite")], &[]),
        (r#","amount":"-Infinity""#, &[("amount", "not_finite")], &[]),
        (r#","amount":-1"#, &[("amount", "negative")], &[]),
        (r#","amount":9007199254740992"#, &[("amount", "too_large")], &[]),
        (r#","amount":"""#, &[("amount", "empty")], &[]),
        (r#","amount":null"#, &[("amount", "required")], &[]),
        (r#","amount":[450]"#, &[("amount", "not_a_number")], &[]),
        (r#","comission":-1"#, &[("comission", "negative")], &[]),
        (r#","serviceCode":"109_5804_1""#, &[("serviceCode", "invalid_service_code")], &[]),
        (r#","serviceCode":1095804"#, &[("serviceCode", "invalid_type")], &[]),
        (r#","payType":"CARD""#, &[("payType", "invalid_value")], &[]),
        (r#","payType":"gPay","clientType":"iframe""#, &[], &[]),
        (r#","clientType":"desktop""#, &[("clientType", "invalid_value")], &[]),
        (r#","userPhone":"+79020000000""#, &[("userPhone", "invalid_phone")], &[]),
        (r#","userEmail":"ana@mi""#, &[("userEmail", "invalid_email")], &[]),
        (r#","cardToken":"AE7F3942-4E7C-44D3-9AB9-8C84D118B5ED""#, &[], &[]),
        (r#","cardToken":"""#, &[("cardToken", "empty")], &[]),
        (r#","needRegCard":"true","fiscalType":"1","holdTtl":"1800""#, &[], &[]),
        (r#","successUrl":"https://shop.example/ok","failUrl":"https://shop.example/fail","cbUrl":"javascript:x""#, &[("cbUrl", "invalid_url")], &[]),
        (r#","orderBestBefore":1700086400"#, &[], &[]),
        (r#","orderBestBefore":1600000000"#, &[("orderBestBefore", "in_the_past")], &[]),
        (r#","orderBestBefore":1700086400000"#, &[("orderBestBefore", "epoch_milliseconds")], &[]),
        (r#","orderNote":"Итого 25 _RUB_""#, &[], &[]),
        (r#","orderNote":"Итого 25 _RUR_""#, &[("orderNote", "unknown_currency")], &[]),
        (r#","properties":[]"#, &[("properties", "empty")], &[]),
        (r#","properties":null"#, &[("properties", "required")], &[]),
        (r#","properties":{"name":"a","value":"b"}"#, &[("properties", "invalid_type")], &[]),
        (r#","clientAuInfo":{"ipAddress":"1.2.3.4","agentName":"UA","authenticationInfo":"e30="}"#, &[], &[("clientAuInfo", "unknown_field")]),
        (r#","shopToken":"x","sign":"y""#, &[], &[("shopToken", "unknown_field"), ("sign", "unknown_field")]),
        (r#","orderItems":[{"num":1,"name":"a","quantity":1,"price":2400,"tax":"vat20"}]"#, &[], &[("orderItems", "items_total_mismatch")]),
        (r#","orderItems":[{"num":1,"name":"a","quantity":0.5,"price":5000,"tax":"vat20"}]"#, &[], &[]),
        (r#","orderItems":[{"num":1,"name":"a","quantity":1,"price":2500,"tax":"vat21"}]"#, &[("orderItems[0].tax", "invalid_value")], &[]),
    ];
    for (extra, issues, warnings) in table {
        let v = run(Operation::AnonymousPayment, &anonymous_with(extra));
        assert_eq!(codes(&v.issues), pairs(issues), "{extra}");
        assert_eq!(codes(&v.warnings), pairs(warnings), "{extra}");
        assert_eq!(v.request.is_some(), issues.is_empty(), "{extra}");
    }
}

#[test]
fn values_are_normalised_for_the_wire() {
    let v = run(
        Operation::AnonymousPayment,
        &anonymous_with(r#","amount":2500,"comission":"007","needRegCard":"false","holdTtl":1800,"orderBestBefore":"1700086400""#),
    );
    let r = v.request.unwrap();
    assert_eq!(r.get("amount"), Some(&Value::str("2500")));
    assert_eq!(r.get("comission"), Some(&Value::str("7")));
    assert_eq!(r.get("needRegCard"), Some(&Value::Bool(false)));
    assert_eq!(r.get("holdTtl"), Some(&Value::str("1800")));
    assert_eq!(r.get("orderBestBefore"), Some(&Value::uint(1_700_086_400)));
    let v = run(Operation::PaymentStatus, r#"{"regPayNum":1310958041}"#);
    assert_eq!(v.request.unwrap().to_json(), r#"{"regPayNum":"1310958041"}"#);
}

#[test]
fn recurrent_rules() {
    let base = real(r#"{"serviceCode":"109-5804-1","userToken":"USER_TOKEN","amount":"100","comission":"0","properties":[{"name":"a","value":"b"}]"#);
    let table: &[(&str, &[(&str, &str)], &[(&str, &str)])] = &[
        ("", &[], &[]),
        (r#","enableSMSConfirm":"true""#, &[], &[]),
        (r#","enableSMSConfirm":1"#, &[("enableSMSConfirm", "invalid_type")], &[]),
        (r#","clientAuInfo":{"ipAddress":"94.138.149.34","agentName":"Mozilla/5.0","authenticationInfo":"e2RldmljZX0="}"#, &[], &[]),
        (r#","clientAuInfo":"e30=""#, &[("clientAuInfo", "invalid_type")], &[]),
        (r#","clientAuInfo":{"authenticationInfo":"%%%"}"#, &[("clientAuInfo.ipAddress", "required"), ("clientAuInfo.agentName", "required"), ("clientAuInfo.authenticationInfo", "invalid_base64")], &[]),
        (r#","orderNote":"_RUB_""#, &[], &[]),
        (r#","orderNote":"_RUB_","payType":"sbp""#, &[], &[("orderNote", "order_note_not_shown")]),
        (r#","orderNote":"_RUB_","cardToken":"ae7f3942-4e7c-44d3-9ab9-8c84d118b5ed""#, &[], &[("orderNote", "order_note_not_shown")]),
    ];
    for (extra, issues, warnings) in table {
        let v = run(Operation::RecurrentPayment, &format!("{base}{extra}}}"));
        assert_eq!(codes(&v.issues), pairs(issues), "{extra}");
        assert_eq!(codes(&v.warnings), pairs(warnings), "{extra}");
    }
}

#[test]
fn other_operations_rules() {
    let table: &[(Operation, &str, &[(&str, &str)])] = &[
        (Operation::UserRegistration, r#"{"login":"79020000000","name":"","surName":5}"#, &[("name", "empty"), ("surName", "invalid_type")]),
        (Operation::UserRegistration, r#"{"email":"a@b.ru"}"#, &[("login", "required")]),
        (Operation::UserStatus, r#"{"login":"7902000000"}"#, &[("login", "invalid_phone")]),
        (Operation::CardRegistration, r#"{"userToken":"cc507cb4-fe90-4cb4-af75-37b9b5b41387","clientType":"tv"}"#, &[("clientType", "invalid_value")]),
        (Operation::PaymentStatus, r#"{}"#, &[("regPayNum", "required")]),
        (Operation::PaymentStatus, r#"{"regPayNum":"13 10"}"#, &[("regPayNum", "invalid_reg_pay_num")]),
        (Operation::Refund, r#"{"regPayNum":"1","note":"","refundAmount":"0","remainingAmount":"-5"}"#, &[("note", "empty"), ("refundAmount", "not_positive"), ("remainingAmount", "negative")]),
        (Operation::Refund, r#"{}"#, &[("regPayNum", "required"), ("note", "required"), ("refundAmount", "required"), ("remainingAmount", "required")]),
    ];
    for (op, json, want) in table {
        assert_eq!(codes(&run(*op, json).issues), pairs(want), "{op:?} {json}");
    }
}

#[test]
fn every_problem_is_reported_at_once() {
    let v = run(
        Operation::AnonymousPayment,
        r#"{"serviceCode":"x","amount":"1.5","comission":"-1","payType":"cash","properties":[{"name":"","value":"v"}],
            "orderItems":[{"num":1,"name":"a","quantity":1,"price":"x","tax":"vat20"},{"num":1,"name":"b","quantity":-1,"price":1,"tax":"vat20"}],
            "orderNote":"_ABC_","extra":1}"#,
    );
    assert_eq!(
        codes(&v.issues),
        pairs(&[
            ("serviceCode", "invalid_service_code"),
            ("amount", "not_integer"),
            ("comission", "negative"),
            ("payType", "invalid_value"),
            ("orderNote", "unknown_currency"),
            ("properties[0].name", "empty"),
            ("orderItems[0].price", "not_a_number"),
            ("orderItems[1].num", "duplicate_num"),
            ("orderItems[1].quantity", "negative"),
        ])
    );
    assert_eq!(codes(&v.warnings), pairs(&[("extra", "unknown_field")]));
}

#[test]
fn junk_input_never_panics_and_is_bounded() {
    for json in ["null", "[]", "1", "\"x\"", "true", "{\"amount\":{\"a\":[[[[]]]]}}", "[{\"amount\":1}]"] {
        for op in Operation::ALL {
            let v = run(op, json);
            assert!(v.request.is_none() && !v.issues.is_empty(), "{op:?} {json}");
        }
    }
    assert_eq!(codes(&run(Operation::CardList, "null").issues), pairs(&[("", "invalid_type")]));
    // Thousands of unknown fields: the lists stop at MAX_ISSUES + 1.
    let many: Vec<String> = (0..5000).map(|i| format!("\"f{i}\":{i}")).collect();
    let v = run(Operation::CardList, &format!("{{{}}}", many.join(",")));
    assert_eq!(v.warnings.len(), crate::error::MAX_ISSUES + 1);
    // A huge string is refused without being echoed.
    let huge = "я".repeat(1_000_000);
    let v = run(Operation::UserRegistration, &format!(r#"{{"login":"79020000000","name":"{huge}"}}"#));
    assert_eq!(codes(&v.issues), pairs(&[("name", "too_long")]));
    assert!(v.issues[0].message.len() < 200);
    let v = run(Operation::UserRegistration, &format!(r#"{{"login":"{huge}"}}"#));
    assert!(v.issues[0].message.len() < 200);
}

#[test]
fn operations_and_paths() {
    let table = [
        ("anonymousPayment", "do/payment/anonymous"),
        ("userRegistration", "user/registration"),
        ("userStatus", "user/status"),
        ("cardRegistration", "card/registration"),
        ("cardList", "get/cards"),
        ("cardDeactivation", "card/deactivation"),
        ("recurrentPayment", "do/payment"),
        ("paymentStatus", "check/payment/state"),
        ("refund", "provision-services/refund"),
    ];
    for (name, path) in table {
        assert_eq!(Operation::from_name(name).map(Operation::path), Some(path));
    }
    assert_eq!(operation_named("payment").unwrap_err().code, "unknown_operation");
    let v = validate_named("AnonymousPayment", &parse("{}").unwrap(), &Options::default());
    assert_eq!(codes(&v.issues), pairs(&[("", "unknown_operation")]));
    assert_eq!(Operation::Refund.required_fields(), ["regPayNum", "note", "refundAmount", "remainingAmount"]);
}

#[test]
fn options_are_read_and_checked() {
    let mut r = Report::new();
    let o = Options::from_value(Some(&parse(r#"{"strict":"true","now":1700000000}"#).unwrap()), &mut r);
    assert_eq!(o, Options { strict: true, now: Some(NOW) });
    assert!(r.is_ok());
    let mut r = Report::new();
    Options::from_value(Some(&parse(r#"{"strict":1,"now":1700000000000,"x":1}"#).unwrap()), &mut r);
    assert_eq!(codes(&r.issues), pairs(&[("options.strict", "invalid_type"), ("options.now", "epoch_milliseconds")]));
    assert_eq!(codes(&r.warnings), pairs(&[("options.x", "unknown_field")]));
    let mut r = Report::new();
    Options::from_value(Some(&parse("[]").unwrap()), &mut r);
    assert_eq!(codes(&r.issues), pairs(&[("options", "invalid_type")]));
}

#[test]
fn order_best_before_from_a_date_or_a_duration() {
    use BestBeforeFrom::*;
    let table: &[(BestBeforeFrom, Result<u64, &str>)] = &[
        (Seconds(3600), Ok(NOW + 3600)),
        (Seconds(259_200), Ok(NOW + 259_200)),
        (DateMillis((NOW + 60) * 1000 + 999), Ok(NOW + 60)),
        (DateMillis(NOW * 1000), Err("in_the_past")),
        (Seconds(0), Err("not_positive")),
        (Seconds(NOW + 3600), Err("epoch_seconds")),
        (Seconds((NOW + 3600) * 1000), Err("epoch_milliseconds")),
    ];
    for (from, want) in table {
        assert_eq!(order_best_before(*from, NOW).map_err(|i| i.code), *want, "{from:?}");
    }
}

/// Any JSON value: scalars of the kinds the rules look at, arrays, and objects whose keys are often
/// the operations' own field names.
fn any_json() -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    let key = prop_oneof![
        Just("amount".to_string()), Just("comission".to_string()), Just("properties".to_string()),
        Just("orderItems".to_string()), Just("orderNote".to_string()), Just("userToken".to_string()),
        Just("regPayNum".to_string()), Just("state".to_string()), Just("code".to_string()),
        Just("quantity".to_string()), Just("price".to_string()), Just("name".to_string()), Just("value".to_string()),
        Just("clientAuInfo".to_string()), Just("orderBestBefore".to_string()), ".{0,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::int),
        "-?[0-9]{1,20}(\\.[0-9]{1,5})?(e[+-]?[0-9]{1,3})?".prop_map(Value::Number),
        "(NaN|Infinity|-Infinity|[0-9]{0,20}|_RUB_|_XYZ_|.{0,12})".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 8, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            proptest::collection::vec((key.clone(), inner), 0..8).prop_map(Value::Object),
        ]
    })
}

proptest::proptest! {
    #[test]
    fn any_json_gets_an_answer_never_a_panic(v in any_json(), strict in proptest::bool::ANY) {
        for op in Operation::ALL {
            let out = validate(op, &v, &Options { strict, now: Some(NOW) });
            proptest::prop_assert_eq!(out.request.is_some(), out.issues.is_empty());
            let _ = crate::response::parse_result(op, &v);
            let _ = crate::response::parse_response(op, 400, &Ok(v.clone()));
        }
        let _ = crate::notification::parse_notification(&v);
        let _ = crate::response::parse_payment_status(&v);
        let _ = crate::response::GatewayError::from_body(&Ok(v.clone()), Some(500));
    }
}

/// Messages that spell out a limit as text (not formatted from the constant) still say the limit.
#[test]
fn limits_written_in_messages_match_the_constants() {
    assert_eq!(crate::error::MAX_ISSUES, 100);
    assert_eq!(crate::money::MAX_SAFE_INTEGER, 9_007_199_254_740_991);
    assert_eq!(crate::order::MAX_QUANTITY, 1_000_000);
    assert_eq!(fields::HOLD_TTL_RANGE, (600, 345_600));
    assert_eq!(fields::MAX_REG_PAY_NUM_DIGITS, 20);
    assert_eq!(boundary::MAX_ARG_BYTES, 1_048_576);
}

/// The bench's payments (`bench/fixtures/payment.mjs`, 10 order items) as `js/api/core.js` sends them.
const BENCH: &str = include_str!("bench.json");

/// A timing loop for profiling, not a test: `cargo test --release --lib bench_validate -- --ignored
/// --nocapture` (or under `valgrind --tool=callgrind` with `BENCH_N=1000`).
#[test]
#[ignore = "a profiling loop; run it by hand"]
fn bench_validate() {
    let doc = parse(BENCH).unwrap();
    let valid = doc.get("valid").unwrap().to_json();
    let invalid = doc.get("invalid").unwrap().to_json();
    let n: usize = std::env::var("BENCH_N").ok().and_then(|n| n.parse().ok()).unwrap_or(20_000);
    let which = std::env::var("BENCH_WHICH").unwrap_or_default();
    let only_full = std::env::var("BENCH_FULL_ONLY").is_ok();
    let clock = || NOW;
    for (name, text) in [("valid", &valid), ("invalid", &invalid)] {
        if !which.is_empty() && which != name {
            continue;
        }
        let parse_only = text.replace("\"anonymousPayment\"", "\"benchNoSuchOperation\"");
        for (what, arg) in [("validate_request", text), ("parse + refuse", &parse_only)] {
            if only_full && what != "validate_request" {
                continue;
            }
            let start = std::time::Instant::now();
            let mut bytes = 0;
            for _ in 0..n {
                bytes += std::hint::black_box(boundary::validate_request(std::hint::black_box(arg), &clock)).len();
            }
            let ns = start.elapsed().as_nanos() / n as u128;
            println!("{name:8} {what:18} {ns:>7} ns/call ({} bytes out)", bytes / n);
        }
    }
}
