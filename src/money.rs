//! Money: amounts are whole kopecks, never floating point.
//!
//! The gateway takes amounts in kopecks (the docs: "сумма платежа в копейках"). Public integrations
//! send them both as JSON numbers and as numeric strings; the SDK accepts a JS number, a numeric string
//! or a BigInt (the JS layer passes a BigInt on as its decimal string) and sends a string, as the
//! official examples do.

use crate::error::{At, Issue, Report};
use crate::json::{push_u64, Kind, Node, Value};

/// `Number.MAX_SAFE_INTEGER`: the largest amount a JS number holds exactly.
pub const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

/// A whole number of kopecks, `0..=MAX_SAFE_INTEGER`.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub struct Kopecks(u64);

impl Kopecks {
    /// The amount, if it is at most `MAX_SAFE_INTEGER`.
    pub fn new(kopecks: u64) -> Option<Kopecks> {
        (kopecks <= MAX_SAFE_INTEGER).then_some(Kopecks(kopecks))
    }

    /// The number of kopecks.
    pub fn get(self) -> u64 {
        self.0
    }

    /// The amount as the gateway expects it on the wire: a decimal string.
    pub fn to_wire(self) -> Value {
        let mut s = String::new();
        push_u64(&mut s, self.0);
        Value::String(s)
    }
}

/// Why a value is not a whole number of kopecks. Each variant has a stable code (see [`AmountError::code`]).
#[derive(Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub enum AmountError {
    /// The value is an empty (or blank) string.
    Empty,
    /// Not a number, not a numeric string (e.g. `"12a"`, `true`, an object).
    NotANumber,
    /// NaN or ±Infinity.
    NotFinite,
    /// Has a fraction (`12.5`), or a fraction part at all in a string (`"12.0"`).
    NotInteger,
    /// Written with an exponent (`1e3`, `"1E3"`).
    Exponent,
    /// Below zero.
    Negative,
    /// Above `Number.MAX_SAFE_INTEGER`.
    TooLarge,
    /// More than two digits after the decimal point (roubles only).
    TooManyFractionDigits,
}

impl AmountError {
    /// The stable machine code.
    pub fn code(self) -> &'static str {
        match self {
            AmountError::Empty => "empty",
            AmountError::NotANumber => "not_a_number",
            AmountError::NotFinite => "not_finite",
            AmountError::NotInteger => "not_integer",
            AmountError::Exponent => "exponent_notation",
            AmountError::Negative => "negative",
            AmountError::TooLarge => "too_large",
            AmountError::TooManyFractionDigits => "too_many_fraction_digits",
        }
    }

    /// A sentence for a person.
    pub fn message(self) -> &'static str {
        match self {
            AmountError::Empty => "must not be empty",
            AmountError::NotANumber => "must be a whole number of kopecks (a number, a numeric string or a BigInt)",
            AmountError::NotFinite => "must be a finite number (got NaN or Infinity)",
            AmountError::NotInteger => "must be a whole number of kopecks, without a fraction",
            AmountError::Exponent => "must be written without exponent notation",
            AmountError::Negative => "must not be negative",
            AmountError::TooLarge => "must be at most Number.MAX_SAFE_INTEGER (9007199254740991)",
            AmountError::TooManyFractionDigits => "must have at most two digits after the decimal point",
        }
    }

    /// This error as an issue at `path`.
    pub fn at(self, path: impl Into<String>) -> Issue {
        Issue::new(path, self.code(), self.message())
    }

    /// Records this error at `at`.
    pub(crate) fn report(self, at: &At<'_>, report: &mut Report) {
        report.err(at, self.code(), self.message());
    }
}

/// What a JSON value offers to the number rules: the text of a JSON number, the text of a string, or
/// nothing numeric.
#[derive(Clone, Copy)]
pub(crate) enum Numeric<'a> {
    /// A JSON number's text (valid JSON number syntax).
    Number(&'a str),
    /// A string.
    Text(&'a str),
    /// Anything else.
    Other,
}

impl<'a> Numeric<'a> {
    pub(crate) fn of(value: &'a Value) -> Numeric<'a> {
        match value {
            Value::Number(t) => Numeric::Number(t),
            Value::String(t) => Numeric::Text(t),
            _ => Numeric::Other,
        }
    }

    pub(crate) fn node(value: Node<'a>) -> Numeric<'a> {
        match value.kind() {
            Kind::Number(t) => Numeric::Number(t),
            Kind::String(t) => Numeric::Text(t),
            _ => Numeric::Other,
        }
    }
}

/// Parses kopecks from a JSON value: a number or a numeric string of decimal digits.
///
/// The JS layer turns `NaN`, `Infinity` and `-Infinity` into those strings (JSON has no such numbers)
/// and a BigInt into its decimal digits.
pub fn parse_kopecks(value: &Value) -> Result<Kopecks, AmountError> {
    kopecks_of(Numeric::of(value))
}

/// The text of a number or a string, and whether it is a number's.
fn text_of(value: Numeric<'_>) -> Result<(&str, bool), AmountError> {
    match value {
        Numeric::Number(text) => Ok((text, true)),
        Numeric::Text(text) => Ok((text, false)),
        Numeric::Other => Err(AmountError::NotANumber),
    }
}

/// [`parse_kopecks`] of a [`Node`].
///
/// A number's text is valid JSON number syntax; a string is ASCII digits only: no sign, no white
/// space, no fraction.
pub(crate) fn kopecks_of(value: Numeric<'_>) -> Result<Kopecks, AmountError> {
    let (text, number) = text_of(value)?;
    // The usual case, plain digits, in one pass.
    if let Some(k) = plain_digits(text) {
        return k.map(Kopecks);
    }
    let negative = text.strip_prefix('-');
    Err(if number {
        if let Some(digits) = negative {
            // "-0" and "-0.0" are zero written with a sign; JSON.stringify never writes them, but they are 0.
            if !any_byte(digits, |b| b != b'0' && b != b'.') {
                return Ok(Kopecks(0));
            }
            AmountError::Negative
        } else if has_exponent(text) {
            AmountError::Exponent
        } else if let Some((whole, frac)) = text.split_once('.') {
            // JSON.stringify writes 12.0 as "12", so a fraction here is a real fraction, but a
            // hand-written "12.00" is still a whole number.
            if !any_byte(frac, |b| b != b'0') {
                return digits_to_kopecks(whole);
            }
            AmountError::NotInteger
        } else {
            AmountError::NotANumber
        }
    } else if let Some(e) = text_error(text) {
        e
    } else if negative.is_some_and(|r| !r.is_empty() && !any_byte(r, |b| !b.is_ascii_digit() && b != b'.')) {
        AmountError::Negative
    } else if has_exponent(text) && is_numeric(text) {
        AmountError::Exponent
    } else {
        match text.split_once('.') {
            Some((whole, frac)) if !whole.is_empty() && is_digits(whole) && is_digits(frac) => AmountError::NotInteger,
            _ => AmountError::NotANumber,
        }
    })
}

/// Parses kopecks from a numeric string: ASCII digits only, no sign, no white space, no fraction.
pub fn parse_kopecks_str(text: &str) -> Result<Kopecks, AmountError> {
    kopecks_of(Numeric::Text(text))
}

/// `Empty` for a blank text, `NotFinite` for the words JS writes for NaN and ±Infinity.
fn text_error(text: &str) -> Option<AmountError> {
    if text.trim().is_empty() {
        Some(AmountError::Empty)
    } else if matches!(text, "NaN" | "Infinity" | "-Infinity" | "+Infinity") {
        Some(AmountError::NotFinite)
    } else {
        None
    }
}

/// True when `text` has an `e` or an `E`.
fn has_exponent(text: &str) -> bool {
    any_byte(text, |b| b | 0x20 == b'e')
}

/// Whether some byte of `text` is one `hit` accepts.
pub(crate) fn any_byte(text: &str, hit: fn(u8) -> bool) -> bool {
    crate::retry::find_byte(text.as_bytes(), hit).is_some()
}

/// True when every byte of `text` is an ASCII digit, `.`, `e`, `E`, `+` or `-`.
fn is_numeric(text: &str) -> bool {
    !any_byte(text, |b| !b.is_ascii_digit() && !matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
}

/// True when every byte of `text` is an ASCII digit (an empty text too).
fn is_digits(text: &str) -> bool {
    read_digits(0, text).is_some()
}

/// `n` followed by the ASCII digits of `digits` (`None` for any other byte), once above
/// `MAX_SAFE_INTEGER` kept there (never overflowing).
#[inline(never)]
fn read_digits(mut n: u64, digits: &str) -> Option<u64> {
    for b in digits.bytes() {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        if n <= MAX_SAFE_INTEGER {
            n = n * 10 + u64::from(d);
        }
    }
    Some(n)
}

/// The whole number `whole`, `frac` and `zeros` zeros spell as digits (each part ASCII digits,
/// checked before): `TooLarge` above `MAX_SAFE_INTEGER`.
fn spelled(whole: &str, frac: &str, zeros: usize) -> Result<u64, AmountError> {
    let mut n = read_digits(0, whole).and_then(|n| read_digits(n, frac)).ok_or(AmountError::NotANumber)?;
    for _ in 0..zeros {
        if n <= MAX_SAFE_INTEGER {
            n *= 10;
        }
    }
    if n <= MAX_SAFE_INTEGER {
        Ok(n)
    } else {
        Err(AmountError::TooLarge)
    }
}

/// The number `text` spells when it is nothing but ASCII digits (`TooLarge` above
/// `MAX_SAFE_INTEGER`), or `None` for any other text.
fn plain_digits(text: &str) -> Option<Result<u64, AmountError>> {
    if text.is_empty() {
        return None;
    }
    let n = read_digits(0, text)?;
    Some(if n <= MAX_SAFE_INTEGER { Ok(n) } else { Err(AmountError::TooLarge) })
}

fn digits_to_kopecks(digits: &str) -> Result<Kopecks, AmountError> {
    plain_digits(digits).unwrap_or(Err(AmountError::NotANumber)).map(Kopecks)
}

/// A whole number `0..=MAX_SAFE_INTEGER` from the same inputs and with the same rules as kopecks: for
/// counts and seconds (`num`, `orderBestBefore`, `holdTtl`) that are not money.
pub fn parse_whole_number(value: &Value) -> Result<u64, AmountError> {
    parse_kopecks(value).map(Kopecks::get)
}

/// [`parse_whole_number`] of a [`Node`].
pub(crate) fn whole_number(value: Node<'_>) -> Result<u64, AmountError> {
    kopecks_of(Numeric::node(value)).map(Kopecks::get)
}

/// A non-negative decimal with at most `fraction_digits` digits after the point, read exactly as a
/// whole number of `10^-fraction_digits` units (`"1.5"` with 3 digits is 1500): for quantities such as
/// a weight. Takes a JSON number or a numeric string (`"0.250"`); zeros at the end of the fraction do
/// not count; no exponent, sign, comma or white space. At most `MAX_SAFE_INTEGER` units.
pub fn parse_scaled(value: &Value, fraction_digits: u32) -> Result<u64, AmountError> {
    scaled_of(Numeric::of(value), fraction_digits)
}

/// [`parse_scaled`] of a [`Numeric`].
pub(crate) fn scaled_of(value: Numeric<'_>, fraction_digits: u32) -> Result<u64, AmountError> {
    let (text, number) = text_of(value)?;
    let fraction_digits = fraction_digits as usize;
    // The usual case, a whole number in plain digits (as a number or as text), takes no branch here.
    let (whole, frac) = if !text.is_empty() && is_digits(text) {
        (text, "")
    } else {
        if let Some(e) = text_error(text).filter(|_| !number) {
            return Err(e);
        }
        let (negative, body) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        if has_exponent(body) && is_numeric(body) {
            return Err(AmountError::Exponent);
        }
        let (whole, frac) = match body.split_once('.') {
            Some((_, "")) => return Err(AmountError::NotANumber),
            Some(parts) => parts,
            None => (body, ""),
        };
        if whole.is_empty() || !is_digits(whole) || !is_digits(frac) {
            return Err(AmountError::NotANumber);
        }
        let frac = frac.trim_end_matches('0');
        if negative {
            return if frac.is_empty() && !any_byte(whole, |b| b != b'0') { Ok(0) } else { Err(AmountError::Negative) };
        }
        if frac.len() > fraction_digits {
            return Err(AmountError::TooManyFractionDigits);
        }
        (whole, frac)
    };
    // A scale past 10^38 is refused (the rule once computed it in u128), whatever the number.
    if fraction_digits > 38 {
        return Err(AmountError::TooLarge);
    }
    spelled(whole, frac, fraction_digits - frac.len())
}

/// Converts roubles written as a decimal string (`"123.45"`, `"123,45"`, `"100"`, `"0.5"`) to kopecks,
/// exactly: at most two fraction digits, no floating point anywhere.
pub fn rubles_to_kopecks(text: &str) -> Result<Kopecks, AmountError> {
    if let Some(e) = text_error(text) {
        return Err(e);
    }
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    if has_exponent(body) {
        return Err(AmountError::Exponent);
    }
    // The separator is ASCII, so both sides of it are character boundaries.
    let (whole, frac) = match crate::retry::find_byte(body.as_bytes(), |b| b == b'.' || b == b',') {
        Some(at) => (body.get(..at).unwrap_or_default(), body.get(at + 1..).unwrap_or_default()),
        None => (body, ""),
    };
    if (whole.is_empty() && frac.is_empty()) || !is_digits(whole) || !is_digits(frac) || matches!(body.as_bytes().last(), Some(b'.' | b',')) {
        return Err(AmountError::NotANumber);
    }
    if negative {
        return Err(AmountError::Negative);
    }
    if frac.len() > 2 {
        return Err(AmountError::TooManyFractionDigits);
    }
    spelled(whole, frac, 2 - frac.len()).map(Kopecks)
}

/// Formats kopecks as roubles with two fraction digits (`12345` → `"123.45"`).
pub fn format_rubles(amount: Kopecks) -> String {
    let mut s = String::new();
    push_u64(&mut s, amount.0 / 100);
    s.push('.');
    let k = (amount.0 % 100) as u8;
    s.push(char::from(b'0' + k / 10));
    s.push(char::from(b'0' + k % 10));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;
    use AmountError::*;

    fn kop(json: &str) -> Result<u64, AmountError> {
        parse_kopecks(&parse(json).unwrap()).map(Kopecks::get)
    }

    #[test]
    fn kopecks_from_numbers_and_strings() {
        let table: &[(&str, Result<u64, AmountError>)] = &[
            ("0", Ok(0)),
            ("450", Ok(450)),
            ("\"13300\"", Ok(13300)),
            ("\"007\"", Ok(7)),
            ("12.00", Ok(12)),
            ("-0", Ok(0)),
            ("9007199254740991", Ok(MAX_SAFE_INTEGER)),
            ("\"9007199254740991\"", Ok(MAX_SAFE_INTEGER)),
            ("9007199254740992", Err(TooLarge)),
            ("\"99999999999999999999999\"", Err(TooLarge)),
            ("12.5", Err(NotInteger)),
            ("\"12.5\"", Err(NotInteger)),
            ("\"12.0\"", Err(NotInteger)),
            ("1e3", Err(Exponent)),
            ("1E+21", Err(Exponent)),
            ("\"1e3\"", Err(Exponent)),
            ("-5", Err(Negative)),
            ("\"-5\"", Err(Negative)),
            ("\"\"", Err(Empty)),
            ("\"  \"", Err(Empty)),
            ("\"NaN\"", Err(NotFinite)),
            ("\"Infinity\"", Err(NotFinite)),
            ("\"-Infinity\"", Err(NotFinite)),
            ("\"12a\"", Err(NotANumber)),
            ("\" 12\"", Err(NotANumber)),
            ("\"+12\"", Err(NotANumber)),
            ("\"0x10\"", Err(NotANumber)),
            ("\"١٢\"", Err(NotANumber)),
            ("true", Err(NotANumber)),
            ("null", Err(NotANumber)),
            ("[1]", Err(NotANumber)),
            ("{}", Err(NotANumber)),
        ];
        for (json, want) in table {
            assert_eq!(kop(json), *want, "{json}");
        }
    }

    #[test]
    fn rubles_convert_exactly() {
        let table: &[(&str, Result<u64, AmountError>)] = &[
            ("123.45", Ok(12345)),
            ("123,45", Ok(12345)),
            ("0.1", Ok(10)),
            ("0.01", Ok(1)),
            (".5", Ok(50)),
            ("100", Ok(10000)),
            ("0", Ok(0)),
            ("1.10", Ok(110)),
            ("90071992547409.91", Ok(MAX_SAFE_INTEGER)),
            ("90071992547409.92", Err(TooLarge)),
            ("1.234", Err(TooManyFractionDigits)),
            ("-1.00", Err(Negative)),
            ("1e2", Err(Exponent)),
            ("", Err(Empty)),
            ("NaN", Err(NotFinite)),
            ("1.", Err(NotANumber)),
            (".", Err(NotANumber)),
            ("1.2.3", Err(NotANumber)),
            ("12 345", Err(NotANumber)),
            ("₽1", Err(NotANumber)),
        ];
        for (text, want) in table {
            assert_eq!(rubles_to_kopecks(text).map(Kopecks::get), *want, "{text}");
        }
    }

    #[test]
    fn formats_rubles() {
        assert_eq!(format_rubles(Kopecks(12345)), "123.45");
        assert_eq!(format_rubles(Kopecks(5)), "0.05");
    }

    #[test]
    fn scaled_decimals_are_exact() {
        let table: &[(&str, Result<u64, AmountError>)] = &[
            ("2", Ok(2000)),
            ("0.5", Ok(500)),
            ("\"1.250\"", Ok(1250)),
            ("1.2500000", Ok(1250)),
            ("0.001", Ok(1)),
            ("\"0\"", Ok(0)),
            ("-0.0", Ok(0)),
            ("0.0005", Err(TooManyFractionDigits)),
            ("-1", Err(Negative)),
            ("\"-0.5\"", Err(Negative)),
            ("1e3", Err(Exponent)),
            ("\"1E-3\"", Err(Exponent)),
            ("\"1,5\"", Err(NotANumber)),
            ("\".5\"", Err(NotANumber)),
            ("\"1.\"", Err(NotANumber)),
            ("\"\"", Err(Empty)),
            ("\"NaN\"", Err(NotFinite)),
            ("\"Infinity\"", Err(NotFinite)),
            ("\"+1\"", Err(NotANumber)),
            ("\" 1\"", Err(NotANumber)),
            ("true", Err(NotANumber)),
            ("9007199254740.991", Ok(MAX_SAFE_INTEGER)),
            ("9007199254740.992", Err(TooLarge)),
            ("\"99999999999999999999999\"", Err(TooLarge)),
        ];
        for (json, want) in table {
            assert_eq!(parse_scaled(&parse(json).unwrap(), 3), *want, "{json}");
        }
        assert_eq!(parse_whole_number(&parse("\"42\"").unwrap()), Ok(42));
    }

    proptest::proptest! {
        #[test]
        fn every_safe_integer_round_trips(n in 0u64..=MAX_SAFE_INTEGER) {
            proptest::prop_assert_eq!(kop(&n.to_string()), Ok(n));
            proptest::prop_assert_eq!(parse_kopecks_str(&n.to_string()).map(Kopecks::get), Ok(n));
        }

        #[test]
        fn rubles_and_kopecks_agree(r in 0u64..=90_071_992_547_409, k in 0u64..100) {
            let text = format!("{r}.{k:02}");
            let want = r * 100 + k;
            let got = rubles_to_kopecks(&text).map(Kopecks::get);
            if want <= MAX_SAFE_INTEGER {
                proptest::prop_assert_eq!(got, Ok(want));
                proptest::prop_assert_eq!(format_rubles(Kopecks(want)), text);
            } else {
                proptest::prop_assert_eq!(got, Err(TooLarge));
            }
        }

        #[test]
        fn any_string_never_panics(s in ".*") {
            let _ = parse_kopecks_str(&s);
            let _ = rubles_to_kopecks(&s);
            let _ = parse_scaled(&Value::String(s.clone()), 3);
        }

        #[test]
        fn fractions_exponents_and_signs_are_refused_by_name(n in 0u64..1_000_000_000, f in 1u64..1000, e in 0u32..30) {
            let frac = format!("{n}.{f:03}");
            let frac_trimmed = frac.trim_end_matches('0');
            for v in [Value::Number(frac_trimmed.to_string()), Value::String(frac_trimmed.to_string())] {
                proptest::prop_assert_eq!(parse_kopecks(&v), Err(NotInteger));
            }
            for v in [Value::Number(format!("{n}e{e}")), Value::String(format!("{n}E+{e}"))] {
                proptest::prop_assert_eq!(parse_kopecks(&v), Err(Exponent));
            }
            let neg = n + 1;
            for v in [Value::Number(format!("-{neg}")), Value::String(format!("-{neg}"))] {
                proptest::prop_assert_eq!(parse_kopecks(&v), Err(Negative));
            }
        }

        #[test]
        fn above_max_safe_is_too_large(extra in 1u64..1_000_000_000_000) {
            let n = MAX_SAFE_INTEGER as u128 + u128::from(extra);
            proptest::prop_assert_eq!(kop(&n.to_string()), Err(TooLarge));
            proptest::prop_assert_eq!(parse_kopecks_str(&n.to_string()), Err(TooLarge));
        }

        #[test]
        fn scaled_matches_integer_arithmetic(w in 0u64..9_007_199_254, f in 0u64..1000) {
            let v = Value::Number(format!("{w}.{f:03}"));
            proptest::prop_assert_eq!(parse_scaled(&v, 3), Ok(w * 1000 + f));
        }
    }
}
