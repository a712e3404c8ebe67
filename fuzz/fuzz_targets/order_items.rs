//! Order items (`order::check_items`, `items_total`, `OrderItem::line_total`, `Quantity`).
//!
//! Asserts: accepted items are 1..=MAX_ORDER_ITEMS with unique `num`s from 1, names within the limit,
//! quantities in (0, MAX_QUANTITY] with at most three fraction digits, tax codes from the table; each
//! line total equals `quantity × price` rounded half up, computed independently from the decimal text;
//! the total fits MAX_SAFE_INTEGER and is the sum of the lines; the wire form re-checks to the same
//! items (a fixed point); refused input always says why (at least one issue).
#![no_main]

use ckassa_fuzz::{json_text, examples};
use ckassa_sdk::error::Report;
use ckassa_sdk::json::{self, Value};
use ckassa_sdk::money::MAX_SAFE_INTEGER;
use ckassa_sdk::order::{self, OrderItem, MAX_ORDER_ITEMS, MAX_QUANTITY, TAX_CODES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = json_text(data, examples::ORDER_ITEMS) else { return };
    let Ok(v) = json::parse(&text) else { return };
    let mut r = Report::new();
    let Some(items) = order::check_items(&v, "orderItems", &mut r) else {
        assert!(!r.issues.is_empty(), "refused without an issue: {text}");
        return;
    };
    assert!(r.issues.is_empty());
    assert!((1..=MAX_ORDER_ITEMS).contains(&items.len()));
    let mut nums: Vec<u64> = items.iter().map(|i| i.num).collect();
    nums.sort_unstable();
    nums.dedup();
    assert_eq!(nums.len(), items.len(), "nums are unique");
    let mut sum: u128 = 0;
    for item in &items {
        assert!(item.num >= 1);
        assert!(!item.name.trim().is_empty() && item.name.chars().count() <= 128);
        let q = item.quantity.thousandths();
        assert!(q > 0 && q <= MAX_QUANTITY * 1000, "quantity {q}");
        assert!(TAX_CODES.iter().any(|(c, _)| *c == item.tax));
        // quantity × price, half up, from the decimal text of the quantity.
        let text = item.quantity.to_decimal();
        let (w, f) = text.split_once('.').unwrap_or((&text, ""));
        assert!(f.len() <= 3 && !f.ends_with('0'), "canonical quantity text {text}");
        let thousandths: u128 = w.parse::<u128>().unwrap() * 1000 + format!("{f:0<3}").parse::<u128>().unwrap();
        assert_eq!(thousandths, u128::from(q));
        let exact_times_1000 = thousandths * u128::from(item.price.get());
        let want = exact_times_1000 / 1000 + u128::from(exact_times_1000 % 1000 >= 500);
        assert_eq!(item.line_total(), want, "{item:?}");
        sum += want;
    }
    assert!(sum <= u128::from(MAX_SAFE_INTEGER));
    assert_eq!(order::items_total(&items).map(|k| u128::from(k.get())), Some(sum));
    let wire = Value::Array(items.iter().map(OrderItem::to_wire).collect());
    let wire = json::parse(&wire.to_json()).expect("the wire form is JSON");
    let mut r2 = Report::new();
    let again = order::check_items(&wire, "orderItems", &mut r2).expect("the wire form re-checks");
    assert_eq!(again, items, "the wire form re-checks to the same items");
    assert!(r2.warnings.is_empty(), "{:?}", r2.warnings);
});
