//! `orderItems`: the receipt's lines (`num`, `name`, `quantity`, `price`, `tax`) and their total.
//!
//! - `num`: a whole number from 1, unique within the order.
//! - `name`: 1 to 128 characters (the fiscal item-name limit).
//! - `quantity`: more than 0, at most [`MAX_QUANTITY`], with at most three fraction digits (a weight in
//!   kg to the gram), read exactly from the decimal text, never through a float.
//! - `price`: kopecks per unit (the money rules of [`crate::money`]).
//! - `tax`: one of [`TAX_CODES`] (the Russian fiscal VAT codes the docs' `vat0` / `vat110` belong to).
//!
//! **Total:** each line is `quantity × price` rounded to whole kopecks **half up** (0.5 kopeck goes
//! up), and the order's total is the sum of the lines. On the wire the items keep the docs' example
//! form: `num`, `quantity` and `price` as JSON numbers (exact: at most `Number.MAX_SAFE_INTEGER`).

use crate::error::{index_path, member_path, Report};
use crate::json::{object, Value};
use crate::money::{self, AmountError, Kopecks, MAX_SAFE_INTEGER};
use crate::requests::fields::{self, MAX_NAME_CHARS};

/// The most items one order may have.
pub const MAX_ORDER_ITEMS: usize = 100;
/// Digits after the decimal point a quantity may have.
pub const QUANTITY_FRACTION_DIGITS: u32 = 3;
/// The largest quantity of one line, in whole units.
pub const MAX_QUANTITY: u64 = 1_000_000;

/// The tax codes, with what each means (the `vat1xx` codes are the calculated rates `x/1xx`).
pub const TAX_CODES: [(&str, &str); 12] = [
    ("none", "no VAT"),
    ("vat0", "VAT 0%"),
    ("vat5", "VAT 5%"),
    ("vat7", "VAT 7%"),
    ("vat10", "VAT 10%"),
    ("vat20", "VAT 20%"),
    ("vat22", "VAT 22%"),
    ("vat105", "VAT 5/105"),
    ("vat107", "VAT 7/107"),
    ("vat110", "VAT 10/110"),
    ("vat120", "VAT 20/120"),
    ("vat122", "VAT 22/122"),
];

/// A quantity in thousandths of a unit (`1.5` is 1500).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quantity(u64);

impl Quantity {
    /// The quantity in thousandths of a unit.
    pub fn thousandths(self) -> u64 {
        self.0
    }

    /// The shortest decimal text (`2`, `0.5`, `1.25`).
    pub fn to_decimal(self) -> String {
        let (whole, frac) = (self.0 / 1000, self.0 % 1000);
        if frac == 0 {
            whole.to_string()
        } else {
            format!("{whole}.{}", format!("{frac:03}").trim_end_matches('0'))
        }
    }
}

/// Parses a quantity: a JSON number or numeric string, more than 0, at most [`MAX_QUANTITY`], with at
/// most three fraction digits.
pub fn parse_quantity(value: &Value, path: &str, report: &mut Report) -> Option<Quantity> {
    match money::parse_scaled(value, QUANTITY_FRACTION_DIGITS) {
        Ok(0) => report.error(path, "not_positive", "must be more than 0"),
        Ok(q) if q > MAX_QUANTITY * 1000 => {
            report.error(path, "too_large", format!("must be at most {MAX_QUANTITY}"))
        }
        Ok(q) => return Some(Quantity(q)),
        Err(AmountError::TooManyFractionDigits) => report.error(
            path,
            "too_many_fraction_digits",
            "must have at most three digits after the decimal point",
        ),
        Err(AmountError::NotANumber) => {
            report.error(path, "not_a_number", "must be a number such as 2 or 0.5 (or its decimal text)")
        }
        Err(e) => fields::amount_error(e, path, report),
    }
    None
}

/// One valid line of the receipt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderItem {
    /// The line's number, unique in the order.
    pub num: u64,
    /// What was sold.
    pub name: String,
    /// How much of it.
    pub quantity: Quantity,
    /// The price of one unit.
    pub price: Kopecks,
    /// The tax code (one of [`TAX_CODES`]).
    pub tax: &'static str,
}

impl OrderItem {
    /// `quantity × price` in kopecks, rounded half up.
    pub fn line_total(&self) -> u128 {
        (u128::from(self.quantity.0) * u128::from(self.price.get()) + 500) / 1000
    }

    /// The item as the gateway receives it.
    pub fn to_wire(&self) -> Value {
        object([
            ("num", Some(Value::uint(self.num))),
            ("name", Some(Value::str(self.name.clone()))),
            ("quantity", Some(Value::Number(self.quantity.to_decimal()))),
            ("price", Some(Value::uint(self.price.get()))),
            ("tax", Some(Value::str(self.tax))),
        ])
    }
}

/// The sum of the lines' totals, or `None` above `Number.MAX_SAFE_INTEGER`.
pub fn items_total(items: &[OrderItem]) -> Option<Kopecks> {
    let sum: u128 = items.iter().map(OrderItem::line_total).sum();
    u64::try_from(sum).ok().and_then(Kopecks::new)
}

fn check_item(item: &Value, at: &str, report: &mut Report) -> Option<OrderItem> {
    let Value::Object(members) = item else {
        report.error(at, "invalid_type", format!("must be an object {{num, name, quantity, price, tax}}, got {}", item.type_name()));
        return None;
    };
    fields::warn_unknown_members(members, &["num", "name", "quantity", "price", "tax"], at, "an order item", report);
    let num = fields::required_member(item, "num", at, report).and_then(|v| {
        let path = member_path(at, "num");
        match money::parse_whole_number(v) {
            Ok(0) => {
                report.error(path, "not_positive", "must be a whole number from 1");
                None
            }
            Ok(n) => Some(n),
            Err(e) => {
                fields::amount_error(e, &path, report);
                None
            }
        }
    });
    let name = fields::required_member(item, "name", at, report)
        .and_then(|v| fields::text(v, &member_path(at, "name"), report, MAX_NAME_CHARS, false));
    let quantity = fields::required_member(item, "quantity", at, report)
        .and_then(|v| parse_quantity(v, &member_path(at, "quantity"), report));
    let price = fields::required_member(item, "price", at, report)
        .and_then(|v| fields::kopecks(v, &member_path(at, "price"), report, false));
    let codes: Vec<&'static str> = TAX_CODES.iter().map(|(c, _)| *c).collect();
    let tax = fields::required_member(item, "tax", at, report)
        .and_then(|v| fields::one_of(v, &member_path(at, "tax"), report, &codes));
    Some(OrderItem { num: num?, name: name?, quantity: quantity?, price: price?, tax: tax? })
}

/// Validates `orderItems`: an array of 1 to [`MAX_ORDER_ITEMS`] items with unique `num`s whose total
/// fits in `Number.MAX_SAFE_INTEGER`. Returns the items only when every one is valid.
pub fn check_items(value: &Value, path: &str, report: &mut Report) -> Option<Vec<OrderItem>> {
    let list = fields::bounded_array(value, path, report, MAX_ORDER_ITEMS, "order item {num, name, quantity, price, tax}")?;
    let before = report.issues.len();
    let mut items: Vec<OrderItem> = Vec::with_capacity(list.len());
    let mut seen: Vec<(u64, usize)> = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let at = index_path(path, i);
        // A repeated num is reported even when the rest of the item is wrong.
        if let Some(num) = item.get("num").and_then(|v| money::parse_whole_number(v).ok()) {
            if let Some((_, first)) = seen.iter().find(|(n, _)| *n == num) {
                report.error(
                    member_path(&at, "num"),
                    "duplicate_num",
                    format!("repeats num {num} of {}: each item needs its own num", index_path(path, *first)),
                );
            } else {
                seen.push((num, i));
            }
        }
        if let Some(ok) = check_item(item, &at, report) {
            items.push(ok);
        }
    }
    if report.issues.len() != before {
        return None;
    }
    if items_total(&items).is_none() {
        report.error(path, "too_large", format!("the items' total must be at most {MAX_SAFE_INTEGER} kopecks"));
        return None;
    }
    Some(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn check(json: &str) -> (Option<Vec<OrderItem>>, Vec<(String, &'static str)>) {
        let mut r = Report::new();
        let items = check_items(&parse(json).unwrap(), "orderItems", &mut r);
        let issues = r.issues.iter().chain(r.warnings.iter()).map(|i| (i.path.clone(), i.code)).collect();
        (items, issues)
    }

    fn issue(path: &str, code: &'static str) -> (String, &'static str) {
        (path.to_string(), code)
    }

    #[test]
    fn the_docs_items_total_450() {
        let (items, issues) = check(
            r#"[{"num":1,"name":"name1","quantity":2,"price":100,"tax":"vat0"},{"num":2,"name":"name2","quantity":5,"price":50,"tax":"vat110"}]"#,
        );
        assert!(issues.is_empty(), "{issues:?}");
        let items = items.unwrap();
        assert_eq!(items_total(&items).map(Kopecks::get), Some(450));
        assert_eq!(
            Value::Array(items.iter().map(OrderItem::to_wire).collect()).to_json(),
            r#"[{"num":1,"name":"name1","quantity":2,"price":100,"tax":"vat0"},{"num":2,"name":"name2","quantity":5,"price":50,"tax":"vat110"}]"#
        );
    }

    #[test]
    fn fractional_quantities_round_half_up_per_line() {
        let table: &[(&str, u64, u64)] = &[
            // quantity, price, line total
            ("0.5", 3, 2),       // 1.5 → 2
            ("0.5", 1, 1),       // 0.5 → 1
            ("0.001", 499, 0),   // 0.499 → 0
            ("0.001", 500, 1),   // 0.5 → 1
            ("1.234", 1000, 1234),
            ("\"2.500\"", 199, 498), // 497.5 → 498
            ("1000000", 9007199254, 9007199254000000),
        ];
        for (q, price, want) in table {
            let json = format!(r#"[{{"num":1,"name":"n","quantity":{q},"price":{price},"tax":"none"}}]"#);
            let (items, issues) = check(&json);
            assert!(issues.is_empty(), "{q} {issues:?}");
            assert_eq!(items_total(&items.unwrap()).map(Kopecks::get), Some(*want), "{q} × {price}");
        }
        // Two lines of 0.5 kopeck each round up separately: 1 + 1, not round(1.0).
        let (items, _) = check(r#"[{"num":1,"name":"a","quantity":0.5,"price":1,"tax":"none"},{"num":2,"name":"b","quantity":0.5,"price":1,"tax":"none"}]"#);
        assert_eq!(items_total(&items.unwrap()).map(Kopecks::get), Some(2));
    }

    #[test]
    fn every_rule_is_reported_at_its_path() {
        let table: &[(&str, &[(&str, &str)])] = &[
            (r#"{}"#, &[("orderItems", "invalid_type")]),
            (r#"[]"#, &[("orderItems", "empty")]),
            (r#"[null]"#, &[("orderItems[0]", "invalid_type")]),
            (r#"[{}]"#, &[
                ("orderItems[0].num", "required"), ("orderItems[0].name", "required"),
                ("orderItems[0].quantity", "required"), ("orderItems[0].price", "required"), ("orderItems[0].tax", "required"),
            ]),
            (r#"[{"num":0,"name":"","quantity":0,"price":-1,"tax":"VAT20"}]"#, &[
                ("orderItems[0].num", "not_positive"), ("orderItems[0].name", "empty"),
                ("orderItems[0].quantity", "not_positive"), ("orderItems[0].price", "negative"), ("orderItems[0].tax", "invalid_value"),
            ]),
            (r#"[{"num":1.5,"name":5,"quantity":0.0001,"price":1.5,"tax":"vat20"}]"#, &[
                ("orderItems[0].num", "not_integer"), ("orderItems[0].name", "invalid_type"),
                ("orderItems[0].quantity", "too_many_fraction_digits"), ("orderItems[0].price", "not_integer"),
            ]),
            (r#"[{"num":1,"name":"a","quantity":"1e3","price":"NaN","tax":"vat20"}]"#, &[
                ("orderItems[0].quantity", "exponent_notation"), ("orderItems[0].price", "not_finite"),
            ]),
            (r#"[{"num":1,"name":"a","quantity":1000001,"price":"Infinity","tax":"vat20"}]"#, &[
                ("orderItems[0].quantity", "too_large"), ("orderItems[0].price", "not_finite"),
            ]),
            (r#"[{"num":1,"name":"a","quantity":"две","price":9007199254740992,"tax":"vat20"}]"#, &[
                ("orderItems[0].quantity", "not_a_number"), ("orderItems[0].price", "too_large"),
            ]),
            (r#"[{"num":1,"name":"a","quantity":1,"price":1,"tax":"vat20"},{"num":"1","name":"b","quantity":1,"price":1,"tax":"vat20"}]"#, &[
                ("orderItems[1].num", "duplicate_num"),
            ]),
            (r#"[{"num":1,"name":"a","quantity":1,"price":1,"tax":"vat20","sku":"x"}]"#, &[
                ("orderItems[0].sku", "unknown_field"),
            ]),
            (r#"[{"num":1,"name":"a","quantity":1000000,"price":9007199254740991,"tax":"vat20"}]"#, &[
                ("orderItems", "too_large"),
            ]),
        ];
        for (json, want) in table {
            let (_, got) = check(json);
            let want: Vec<_> = want.iter().map(|(p, c)| issue(p, c)).collect();
            assert_eq!(got, want, "{json}");
        }
    }

    #[test]
    fn every_tax_code_passes_and_limits_hold() {
        for (code, _) in TAX_CODES {
            let (items, issues) = check(&format!(r#"[{{"num":1,"name":"a","quantity":1,"price":1,"tax":"{code}"}}]"#));
            assert!(items.is_some() && issues.is_empty(), "{code}");
        }
        let one = r#"{"num":1,"name":"a","quantity":1,"price":1,"tax":"vat20"}"#;
        let (_, issues) = check(&format!("[{}]", vec![one; MAX_ORDER_ITEMS + 1].join(",")));
        assert_eq!(issues, vec![issue("orderItems", "too_many")]);
        let (_, issues) = check(&format!(r#"[{{"num":1,"name":"{}","quantity":1,"price":1,"tax":"vat20"}}]"#, "я".repeat(129)));
        assert_eq!(issues, vec![issue("orderItems[0].name", "too_long")]);
    }

    #[test]
    fn quantity_text_is_canonical() {
        for (q, text) in [(2000, "2"), (500, "0.5"), (1250, "1.25"), (1, "0.001"), (1_000_000_000, "1000000")] {
            assert_eq!(Quantity(q).to_decimal(), text);
        }
    }
}
