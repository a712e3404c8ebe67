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

use crate::error::{At, Report};
use crate::json::{object, push_u64, Doc, Node, Value};
use crate::money::{self, AmountError, Kopecks, Numeric};
use crate::requests::fields;
use crate::requests::{self, Ctx};

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

/// The codes of [`TAX_CODES`] alone, what the check compares with.
pub(crate) const TAX_NAMES: [&str; 12] = {
    let mut names = [""; 12];
    let mut i = 0;
    while i < names.len() {
        names[i] = TAX_CODES[i].0;
        i += 1;
    }
    names
};

/// [`TAX_NAMES`] joined for messages.
pub(crate) const TAX_LIST: &str = "none, vat0, vat5, vat7, vat10, vat20, vat22, vat105, vat107, vat110, vat120, vat122";

/// A quantity in thousandths of a unit (`1.5` is 1500).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub struct Quantity(u64);

impl Quantity {
    /// The quantity in thousandths of a unit.
    pub fn thousandths(self) -> u64 {
        self.0
    }

    /// The shortest decimal text (`2`, `0.5`, `1.25`).
    pub fn to_decimal(self) -> String {
        let mut s = String::new();
        self.write(&mut s);
        s
    }

    /// Writes [`Quantity::to_decimal`].
    pub(crate) fn write(self, out: &mut String) {
        let (whole, mut frac) = (self.0 / 1000, self.0 % 1000);
        push_u64(out, whole);
        if frac != 0 {
            out.push('.');
            let mut div = 100;
            while frac != 0 {
                out.push(char::from(b'0' + (frac / div) as u8));
                frac %= div;
                div /= 10;
            }
        }
    }
}

/// Parses a quantity: a JSON number or numeric string, more than 0, at most [`MAX_QUANTITY`], with at
/// most three fraction digits.
pub(crate) fn parse_quantity(value: Node<'_>, at: &At<'_>, report: &mut Report) -> Option<Quantity> {
    let (code, message) = match money::scaled_of(Numeric::node(value), QUANTITY_FRACTION_DIGITS) {
        Ok(0) => ("not_positive", "must be more than 0"),
        Ok(q) if q > MAX_QUANTITY * 1000 => ("too_large", "must be at most 1000000"),
        Ok(q) => return Some(Quantity(q)),
        Err(AmountError::TooManyFractionDigits) => {
            ("too_many_fraction_digits", "must have at most three digits after the decimal point")
        }
        Err(AmountError::NotANumber) => ("not_a_number", "must be a number such as 2 or 0.5 (or its decimal text)"),
        Err(e) => (e.code(), e.message()),
    };
    report.err(at, code, message);
    None
}

/// One valid line of the receipt.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
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

/// `quantity × price` in kopecks, rounded half up.
fn line_total(quantity: Quantity, price: Kopecks) -> u128 {
    (u128::from(quantity.0) * u128::from(price.get()) + 500) / 1000
}

impl OrderItem {
    /// `quantity × price` in kopecks, rounded half up.
    pub fn line_total(&self) -> u128 {
        line_total(self.quantity, self.price)
    }

    /// The item as the gateway receives it.
    pub fn to_wire(&self) -> Value {
        object([
            ("num", Some(Value::uint(self.num))),
            ("name", Some(Value::str(self.name.as_str()))),
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

/// An item's `num`: a whole number from 1; a num an earlier item of the list has is `duplicate_num`
/// (reported even when the rest of the item is wrong, and before the num's own error).
pub(crate) fn check_num(value: Node<'_>, at: &At<'_>, report: &mut Report, cx: &mut Ctx) -> Option<u64> {
    let num = match money::whole_number(value) {
        Ok(n) => n,
        Err(e) => {
            e.report(at, report);
            return None;
        }
    };
    // `at` is `list[i].num`.
    if let At::Key(At::Index(list, i), _) = *at {
        if let Some((_, first)) = cx.nums.iter().find(|(n, _)| *n == num) {
            let path = list.index(*first).to_path();
            let why = fields::cat(&[&fields::say(&["repeats num ", " of "], &[num]), &path, ": each item needs its own num"]);
            report.add(false, at, "duplicate_num", why);
        } else {
            cx.nums.push((num, *i));
        }
    }
    if num == 0 {
        report.err(at, "not_positive", "must be a whole number from 1");
        return None;
    }
    Some(num)
}

/// `quantity × price` in kopecks, rounded half up; `u64::MAX` when it is above
/// `Number.MAX_SAFE_INTEGER` by far.
fn line_total_u64(quantity: u64, price: u64) -> u64 {
    let (whole, part) = (quantity / 1000, quantity % 1000);
    if whole != 0 && price > money::MAX_SAFE_INTEGER / whole {
        return u64::MAX;
    }
    // quantity × price = 1000 × whole × price + part × price, each term below 2^63.
    whole * price + (part * price + 500) / 1000
}

/// Validates `orderItems`: an array of 1 to [`MAX_ORDER_ITEMS`] items with unique `num`s whose total
/// fits in `Number.MAX_SAFE_INTEGER`. Writes the items as the gateway receives them (a JSON array;
/// worthless when it reported an error) and returns their total only when every one is valid.
pub(crate) fn check_list(value: Node<'_>, at: &At<'_>, report: &mut Report, out: &mut String, cx: &mut Ctx) -> Option<Kopecks> {
    let list = fields::bounded_array(value, at, report, MAX_ORDER_ITEMS, "order item {num, name, quantity, price, tax}")?;
    let before = report.issues.len();
    cx.nums.clear();
    cx.nums.reserve(list.len());
    let mut total: u64 = 0;
    out.push('[');
    let mut i = 0;
    for item in list {
        if i > 0 {
            out.push(',');
        }
        cx.line = (None, None);
        requests::check_item(item, &at.index(i), report, out, cx);
        if let (Some(q), Some(p)) = cx.line {
            total = total.saturating_add(line_total_u64(q, p));
        }
        i += 1;
    }
    out.push(']');
    if report.issues.len() != before {
        return None;
    }
    let total = Kopecks::new(total);
    if total.is_none() {
        report.err(at, "too_large", "the items' total must be at most 9007199254740991 kopecks");
    }
    total
}

/// Validates `orderItems` (see [`check_list`]) at `path`, returning the items.
pub fn check_items(value: &Value, path: &str, report: &mut Report) -> Option<Vec<OrderItem>> {
    let doc = Doc::of(value);
    // The list's own report, merged into `report` after: what the list wrote is then read back only
    // when the list had no error at all.
    let mut own = Report::new();
    let mut out = String::new();
    let total = check_list(doc.root(), &At::Path(path), &mut own, &mut out, &mut Ctx::new(None));
    for issue in own.issues {
        report.push_error(issue);
    }
    for w in own.warnings {
        report.warn(w.path, w.code, w.message);
    }
    total?;
    let wire = crate::json::parse(&out).ok()?;
    wire.as_array()?
        .iter()
        .map(|item| {
            let tax = item.get("tax")?.as_str()?;
            Some(OrderItem {
                num: money::parse_whole_number(item.get("num")?).ok()?,
                name: item.get("name")?.as_str()?.to_string(),
                quantity: Quantity(money::parse_scaled(item.get("quantity")?, QUANTITY_FRACTION_DIGITS).ok()?),
                price: money::parse_kopecks(item.get("price")?).ok()?,
                tax: TAX_NAMES.iter().find(|t| **t == tax)?,
            })
        })
        .collect()
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
    fn the_tax_list_is_the_table() {
        assert_eq!(TAX_LIST, TAX_NAMES.join(", "));
    }

    #[test]
    fn quantity_text_is_canonical() {
        for (q, text) in [(2000, "2"), (500, "0.5"), (1250, "1.25"), (1, "0.001"), (1_000_000_000, "1000000")] {
            assert_eq!(Quantity(q).to_decimal(), text);
        }
    }
}
