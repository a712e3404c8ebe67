//! The currencies an `orderNote` may name, from the docs' table (ISO 4217 letters, number, symbol).
//!
//! The payment form shows a tag such as `_RUB_` as its symbol. The docs spell the pound "GPB"; the ISO
//! code is GBP. Both are accepted and mean the pound (see [`by_code`]).

use crate::json::{object, Value};

/// One currency of the docs' table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Currency {
    /// The ISO 4217 letter code (`RUB`).
    pub code: &'static str,
    /// The ISO 4217 numeric code as written, with its leading zero (`"051"`).
    pub numeric: &'static str,
    /// The symbol the payment form shows (`₽`).
    pub symbol: &'static str,
    /// The currency's English name.
    pub name: &'static str,
}

/// Every currency the docs allow in `orderNote`, in the docs' order.
pub const CURRENCIES: [Currency; 12] = [
    Currency { code: "RUB", numeric: "643", symbol: "₽", name: "Russian rouble" },
    Currency { code: "KZT", numeric: "398", symbol: "₸", name: "Kazakhstani tenge" },
    Currency { code: "USD", numeric: "840", symbol: "$", name: "US dollar" },
    Currency { code: "EUR", numeric: "978", symbol: "€", name: "Euro" },
    Currency { code: "GBP", numeric: "826", symbol: "£", name: "Pound sterling" },
    Currency { code: "KGS", numeric: "417", symbol: "с", name: "Kyrgyzstani som" },
    Currency { code: "UZS", numeric: "860", symbol: "So'm", name: "Uzbekistani sum" },
    Currency { code: "AZN", numeric: "944", symbol: "₼", name: "Azerbaijani manat" },
    Currency { code: "GEL", numeric: "981", symbol: "₾", name: "Georgian lari" },
    Currency { code: "TRY", numeric: "949", symbol: "₺", name: "Turkish lira" },
    Currency { code: "CNY", numeric: "156", symbol: "¥", name: "Chinese yuan" },
    Currency { code: "AMD", numeric: "051", symbol: "֏", name: "Armenian dram" },
];

/// Codes the docs write differently from ISO 4217: `GPB` (the docs' spelling) means `GBP`.
pub const DOCS_SPELLINGS: [(&str, &str); 1] = [("GPB", "GBP")];

/// The currency with this letter code (exact, upper case), or with the docs' spelling of it.
pub fn by_code(code: &str) -> Option<&'static Currency> {
    let code = DOCS_SPELLINGS.iter().find(|(docs, _)| *docs == code).map_or(code, |(_, iso)| iso);
    CURRENCIES.iter().find(|c| c.code == code)
}

/// The letter codes of the table, for messages (`RUB, KZT, ...`).
pub fn codes_list() -> String {
    CODES_LIST.to_string()
}

/// [`codes_list`] as a constant (a test checks it against the table).
pub const CODES_LIST: &str = "RUB, KZT, USD, EUR, GBP, KGS, UZS, AZN, GEL, TRY, CNY, AMD";

impl Currency {
    /// The currency as JSON `{currency, numericCode, symbol, name}`.
    pub fn to_value(&self) -> Value {
        object([
            ("currency", Some(Value::str(self.code))),
            ("numericCode", Some(Value::str(self.numeric))),
            ("symbol", Some(Value::str(self.symbol))),
            ("name", Some(Value::str(self.name))),
        ])
    }
}

/// The whole table as a JSON array.
pub fn table_value() -> Value {
    Value::Array(CURRENCIES.iter().map(Currency::to_value).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_docs_table() {
        let table: &[(&str, &str, &str)] = &[
            ("RUB", "643", "₽"),
            ("KZT", "398", "₸"),
            ("USD", "840", "$"),
            ("EUR", "978", "€"),
            ("GBP", "826", "£"),
            ("GPB", "826", "£"),
            ("KGS", "417", "с"),
            ("UZS", "860", "So'm"),
            ("AZN", "944", "₼"),
            ("GEL", "981", "₾"),
            ("TRY", "949", "₺"),
            ("CNY", "156", "¥"),
            ("AMD", "051", "֏"),
        ];
        for (code, numeric, symbol) in table {
            let c = by_code(code).unwrap_or_else(|| panic!("{code}"));
            assert_eq!((c.numeric, c.symbol), (*numeric, *symbol), "{code}");
        }
        assert_eq!(by_code("GPB").map(|c| c.code), Some("GBP"));
    }

    #[test]
    fn the_codes_list_is_the_tables() {
        assert_eq!(codes_list(), CURRENCIES.iter().map(|c| c.code).collect::<Vec<_>>().join(", "));
    }

    #[test]
    fn unknown_and_lower_case_codes_are_not_currencies() {
        for code in ["rub", "Rub", "XYZ", "", "RUBL", "BYN", "JPY"] {
            assert_eq!(by_code(code), None, "{code}");
        }
    }
}
