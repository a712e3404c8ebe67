//! Requests of every operation (`requests::validate`, `build`, `validate_named`, `Options::from_value`),
//! which also drives the field checkers of `requests::fields`, `order`, `order_note` and the
//! `clientAuInfo` check.
//!
//! Input: `<operation>\n<JSON>` text (the seeds), or a docs example mutated structurally.
//! Asserts, for lenient and strict validation:
//! - a request is built iff there is no issue; issue and warning lists are capped; every issue has a
//!   code and a message, and neither its path nor its message echoes huge input;
//! - the verdict and the built request serialise to JSON the parser reads back; `build` agrees;
//! - strict passes iff lenient passes without warnings, and then builds the same request;
//! - **a validated request re-validates OK, to itself**, with no `unknown_field` warning;
//! - the built request holds every required field and only the operation's fields; amounts are
//!   decimal strings that parse back to kopecks, and the items' wire form re-checks to the same items;
//! - an unknown operation name is refused as `unknown_operation`.
#![no_main]

use ckassa_fuzz::{examples, mutated_with_header, value, Input};
use ckassa_sdk::error::{Issue, Report, MAX_ISSUES};
use ckassa_sdk::json::{self, Value};
use ckassa_sdk::money;
use ckassa_sdk::order;
use ckassa_sdk::requests::{self, Operation, Options, Validated};
use libfuzzer_sys::fuzz_target;

const NOW: u64 = 1_700_000_000;
const AMOUNTS: [&str; 4] = ["amount", "comission", "refundAmount", "remainingAmount"];

fuzz_target!(|data: &[u8]| {
    let (name, input, options) = match Input::of(data) {
        Input::Text(t) => (String::new(), t.to_string(), None),
        Input::Bytes(_) if data.contains(&b'\n') && std::str::from_utf8(data).is_ok() => {
            let text = std::str::from_utf8(data).unwrap_or_default();
            let (name, body) = examples::split_header(text);
            (name.to_string(), body.to_string(), None)
        }
        Input::Bytes(mut u) => {
            let Ok((name, mut v)) = mutated_with_header(&mut u, examples::REQUESTS, 8) else { return };
            if u.ratio(1, 16).unwrap_or(false) {
                v = value(&mut u, 3).unwrap_or(Value::Null);
            }
            let options = if u.ratio(1, 4).unwrap_or(false) { value(&mut u, 2).ok() } else { None };
            (name.to_string(), v.to_json(), options)
        }
    };
    let Ok(input) = json::parse(&input) else { return };
    let op = Operation::from_name(&name);
    match op {
        Some(op) => check_operation(op, &input),
        None => {
            for op in Operation::ALL {
                let _ = requests::validate(op, &input, &Options { strict: false, now: Some(NOW) });
            }
            let v = requests::validate_named(&name, &input, &Options::default());
            assert!(v.request.is_none());
            assert_eq!(v.issues.iter().map(|i| i.code).collect::<Vec<_>>(), ["unknown_operation"]);
            check_issues(&v.issues);
        }
    }
    if let Some(o) = options {
        // The wasm export's path: options read first, their problems refuse the call.
        let mut report = Report::new();
        let parsed = Options::from_value(Some(&o), &mut report);
        check_issues(&report.issues);
        check_issues(&report.warnings);
        if report.is_ok() {
            if let Some(op) = op {
                verdict(op, &input, &parsed);
            }
        }
    }
});

fn check_operation(op: Operation, input: &Value) {
    let lenient_opts = Options { strict: false, now: Some(NOW) };
    let strict_opts = Options { strict: true, now: Some(NOW) };
    let lenient = verdict(op, input, &lenient_opts);
    let strict = verdict(op, input, &strict_opts);
    let _ = verdict(op, input, &Options { strict: false, now: None });

    assert_eq!(
        strict.request.is_some(),
        lenient.request.is_some() && lenient.warnings.is_empty(),
        "strict passes iff lenient passes without warnings: {op:?} {}\nlenient {:?}\nstrict {:?}",
        input.to_json(),
        lenient.warnings,
        strict.issues
    );
    if let (Some(a), Some(b)) = (&strict.request, &lenient.request) {
        assert_eq!(a, b, "strict and lenient build the same request");
    }

    let Some(request) = &lenient.request else { return };
    // The built request: only the operation's fields, every required one.
    let Value::Object(members) = request else { panic!("a request is an object: {}", request.to_json()) };
    let required = op.required_fields();
    let optional = op.optional_fields();
    for (k, v) in members {
        assert!(required.contains(&k.as_str()) || optional.contains(&k.as_str()), "{op:?} built an unknown field {k}");
        if AMOUNTS.contains(&k.as_str()) {
            let Value::String(digits) = v else { panic!("{k} goes on the wire as a string: {}", v.to_json()) };
            assert_eq!(money::parse_kopecks_str(digits).map(|k| k.get().to_string()).as_deref(), Ok(digits.as_str()));
        }
        if k == "orderItems" {
            let mut r = Report::new();
            let items = order::check_items(v, "orderItems", &mut r).expect("the built items re-check");
            let wire = Value::Array(items.iter().map(order::OrderItem::to_wire).collect());
            assert_eq!(&wire, v, "the items' wire form is a fixed point");
        }
    }
    for name in &required {
        assert!(request.get(name).is_some(), "{op:?} built a request without the required {name}");
    }

    // A validated request re-validates OK, to itself.
    let again = verdict(op, request, &lenient_opts);
    assert_eq!(
        again.request.as_ref(),
        Some(request),
        "{op:?}: the built request does not re-validate to itself.\ninput {}\nbuilt {}\nissues {:?}",
        input.to_json(),
        request.to_json(),
        again.issues
    );
    assert!(
        again.warnings.iter().all(|w| w.code != "unknown_field"),
        "{op:?}: the built request carries a field the operation drops: {:?}",
        again.warnings
    );
}

fn verdict(op: Operation, input: &Value, options: &Options) -> Validated {
    let v = requests::validate(op, input, options);
    assert_eq!(v.request.is_some(), v.issues.is_empty(), "{op:?}: a request iff no issue: {:?}", v.issues);
    check_issues(&v.issues);
    check_issues(&v.warnings);
    if options.strict {
        assert!(v.warnings.is_empty(), "strict mode has no warnings");
    }
    let text = v.to_value().to_json();
    assert!(json::parse(&text).is_ok(), "the verdict is JSON");
    let built = requests::build(op, input, options);
    assert_eq!(built.is_ok(), v.request.is_some());
    match built {
        Ok(b) => assert_eq!(b.get("request"), v.request.as_ref()),
        Err(e) => {
            assert_eq!(e.kind, "validation");
            assert!(json::parse(&e.to_value().to_json()).is_ok());
        }
    }
    assert_eq!(requests::validate_named(op.name(), input, options), v);
    v
}

fn check_issues(list: &[Issue]) {
    assert!(list.len() <= MAX_ISSUES + 1, "{} issues (cap {MAX_ISSUES} + 1)", list.len());
    for i in list {
        assert!(!i.code.is_empty() && !i.message.is_empty(), "{i:?}");
        assert!(i.path.chars().count() <= 200, "a path echoes input: {} chars", i.path.chars().count());
        assert!(i.message.chars().count() <= 1000, "a message echoes input: {} chars: {}", i.message.chars().count(), i.message.chars().take(200).collect::<String>());
    }
}
