//! The gateway's notifications to the merchant: a payment's state, and a card registered.
//!
//! **Payment** (`{regPayNum, amount, comission, state, errorCode, errorMsg}`, amounts as strings or
//! numbers): `regPayNum`, `amount` and `state` are required; `comission` is required by the docs but
//! a real BasicAuth-era notification leaves it out, so its absence is a warning. The BasicAuth-era
//! extras `map` (the payment's properties), `transactionId` and `totalAmount` are read too.
//!
//! **Card registration** (`{userToken, cardMask, cardToken, cardType}`): all four required; a
//! `cardType` outside `undefined|visa|master_card|maestro|mir` is kept with a warning, and so are
//! tokens that are not UUIDs and masks of another shape: the gateway is the authority on what it
//! sends, and refusing would make it send the notification again and again.
//!
//! Any other member is a warning `unknown_field` (legacy `sign`/`shopToken` included). Which kind a
//! body is: with `regPayNum` a payment, else with `cardToken` or `cardMask` a card registration.

use crate::error::Issue;
use crate::json::{self, write_string, Doc, Node, Value};
use crate::money;
use crate::requests::fields::{cat, is_uuid, sample};
use crate::response::{self, key, opt_str, sep, Reader, Written, J, CARD_TYPES};

/// What a parsed notification is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A payment's state changed.
    Payment,
    /// A card was registered.
    CardRegistration,
}

impl Kind {
    /// `payment` or `cardRegistration`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Payment => "payment",
            Kind::CardRegistration => "cardRegistration",
        }
    }
}

/// The members each kind reads.
const PAYMENT_FIELDS: [&str; 9] =
    ["regPayNum", "amount", "comission", "state", "errorCode", "errorMsg", "map", "transactionId", "totalAmount"];
const CARD_FIELDS: [&str; 4] = ["userToken", "cardMask", "cardToken", "cardType"];

/// Which kind `body` is, if any.
pub fn detect(body: &Value) -> Option<Kind> {
    kind_of(Doc::of(body).root())
}

fn kind_of(body: Node<'_>) -> Option<Kind> {
    if body.present("regPayNum").is_some() {
        Some(Kind::Payment)
    } else if body.present("cardToken").is_some() || body.present("cardMask").is_some() {
        Some(Kind::CardRegistration)
    } else {
        None
    }
}

/// A read notification with its warnings, or every problem.
pub type Parsed = Result<(Value, Vec<Issue>), Vec<Issue>>;

/// Parses and validates a notification body: `{kind: 'payment' | 'cardRegistration', ...fields}`.
pub fn parse_notification(body: &Value) -> Parsed {
    response::parsed(read(Doc::of(body).root(), String::new()))
}

/// [`parse_notification`] of a [`Node`], the notification appended to `out`.
pub(crate) fn read(body: Node<'_>, out: String) -> Written {
    let json::Kind::Object(members) = body.kind() else {
        return Err(vec![Issue::new("", "invalid_type", cat(&["a notification must be a JSON object, got ", body.type_name()]))]);
    };
    let Some(kind) = kind_of(body) else {
        return Err(vec![Issue::new(
            "",
            "unknown_notification",
            "is neither a payment notification (regPayNum, amount, state) nor a card-registration notification (userToken, cardToken, cardMask, cardType)",
        )]);
    };
    let mut r = Reader::new(body, out);
    let known: &[&str] = match kind {
        Kind::Payment => &PAYMENT_FIELDS,
        Kind::CardRegistration => &CARD_FIELDS,
    };
    let ignored = cat(&["is not a field of a ", kind.name(), " notification; ignored"]);
    for (key, _) in members {
        if !known.contains(&key) {
            r.warn(key, "unknown_field", ignored.clone());
        }
    }
    r.out.push('{');
    r.put("kind", J::Str(kind.name()));
    match kind {
        Kind::Payment => payment(&mut r),
        Kind::CardRegistration => card(&mut r),
    }
    r.out.push('}');
    r.finish()
}

/// Reads and writes kopecks that must be there.
fn required_kopecks(r: &mut Reader<'_>, key: &str) {
    let mut out = J::Null;
    match r.present(key) {
        None => r.error(key, "required", "is required"),
        Some(v) => match money::whole_number(v) {
            Ok(k) => out = J::Num(k as i64),
            Err(e) => r.report.push_error(e.at(key)),
        },
    }
    r.put(key, out);
}

fn payment(r: &mut Reader<'_>) {
    r.reg_pay_num("regPayNum", true);
    required_kopecks(r, "amount");
    if r.present("comission").is_some() {
        required_kopecks(r, "comission");
    } else {
        r.warn("comission", "required", "is missing (BasicAuth-era notifications leave it out); read as null".to_string());
        r.put("comission", J::Null);
    }
    let state = r.state();
    r.put_state(state);
    let map = r.present("map");
    let members = match map.map(Node::kind) {
        None => None,
        Some(json::Kind::Object(members)) => Some(members),
        Some(_) => {
            let got = response::type_of(map);
            r.warn("map", "invalid_type", cat(&["should be an object of the payment's properties, got ", got, "; read as null"]));
            None
        }
    };
    r.code("errorCode");
    r.text("errorMsg", false);
    r.kopecks("totalAmount");
    key(&mut r.out, "map");
    match members {
        None => r.out.push_str("null"),
        Some(members) => {
            r.out.push('{');
            for (k, v) in members {
                sep(&mut r.out);
                write_string(k, &mut r.out);
                r.out.push(':');
                match v.kind() {
                    json::Kind::String(s) => write_string(s, &mut r.out),
                    json::Kind::Null => r.out.push_str("null"),
                    _ => write_string(&response::node_json(v), &mut r.out),
                }
            }
            r.out.push('}');
        }
    }
    r.text("transactionId", false);
}

/// True for a masked card number: 12 to 19 digits and `*` (`400000******0002`). The length by one
/// wrapping compare: no `RangeInclusive<usize>::contains` instance.
pub fn is_card_mask(s: &str) -> bool {
    s.len().wrapping_sub(12) < 8 && !money::any_byte(s, |b| !b.is_ascii_digit() && b != b'*') && money::any_byte(s, |b| b == b'*')
}

fn card(r: &mut Reader<'_>) {
    let user_token = r.required_string("userToken");
    let card_token = r.required_string("cardToken");
    for (key, token) in [("userToken", user_token), ("cardToken", card_token)] {
        if let Some(t) = token.filter(|t| !t.is_empty() && !is_uuid(t)) {
            r.warn(key, "invalid_token", cat(&[&sample(t), " is not a UUID like the gateway's tokens; kept as sent"]));
        }
    }
    let card_mask = r.required_string("cardMask");
    if let Some(m) = card_mask.filter(|m| !m.is_empty() && !is_card_mask(m)) {
        r.warn("cardMask", "invalid_card_mask", cat(&[&sample(m), " is not a masked card number such as 400000******0002; kept as sent"]));
    }
    let card_type = r.one_of("cardType", &CARD_TYPES, "unknown_card_type", true);
    r.put("userToken", opt_str(user_token));
    r.put("cardToken", opt_str(card_token));
    r.put("cardMask", opt_str(card_mask));
    r.put("cardType", opt_str(card_type));
}

/// Same as [`parse_notification`], as JSON: the notification with `warnings`.
pub fn to_value(parsed: (Value, Vec<Issue>)) -> Value {
    let (value, warnings) = parsed;
    let mut members = match value {
        Value::Object(m) => m,
        other => vec![("value".to_string(), other)],
    };
    members.push(("warnings".to_string(), crate::error::issues_to_value(&warnings)));
    Value::Object(members)
}

#[cfg(test)]
#[allow(clippy::type_complexity)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn run(json: &str) -> Parsed {
        parse_notification(&parse(json).unwrap())
    }

    fn codes(list: &[Issue]) -> Vec<(&str, &str)> {
        list.iter().map(|i| (i.path.as_str(), i.code)).collect()
    }

    #[test]
    fn the_docs_payment_notification() {
        let (v, w) = run(r#"{"regPayNum":"1310958041","amount":"100000","comission":"1000","state":"payed"}"#).unwrap();
        assert!(w.is_empty());
        assert_eq!(
            v.to_json(),
            r#"{"kind":"payment","regPayNum":"1310958041","amount":100000,"comission":1000,"state":"payed","isTerminal":true,"isSuccess":true,"errorCode":null,"errorMsg":null,"totalAmount":null,"map":null,"transactionId":null}"#
        );
    }

    #[test]
    fn the_basic_auth_era_notification() {
        let (v, w) = run(r#"{"regPayNum":"131016599825","amount":10000,"state":"payed","errorCode":0,"errorMsg":null,"map":{"ПОЗЫВНОЙ":"12","N":5},"transactionId":"QUJD","totalAmount":"10100"}"#).unwrap();
        assert_eq!(codes(&w), [("comission", "required")]);
        assert_eq!(
            v.to_json(),
            r#"{"kind":"payment","regPayNum":"131016599825","amount":10000,"comission":null,"state":"payed","isTerminal":true,"isSuccess":true,"errorCode":0,"errorMsg":null,"totalAmount":10100,"map":{"ПОЗЫВНОЙ":"12","N":"5"},"transactionId":"QUJD"}"#
        );
    }

    #[test]
    fn payment_rules() {
        let table: &[(&str, &[(&str, &str)], &[(&str, &str)])] = &[
            (r#"{"regPayNum":1310958041,"amount":"5","comission":0,"state":"rejected","errorCode":"57","errorMsg":"declined"}"#, &[], &[]),
            (r#"{"regPayNum":"1","amount":"5","comission":"0","state":"PAYED"}"#, &[], &[("state", "unknown_state")]),
            (r#"{"regPayNum":"1","amount":"5","comission":"0","state":"payed","sign":"AB","shopToken":"x"}"#, &[], &[("sign", "unknown_field"), ("shopToken", "unknown_field")]),
            (r#"{"regPayNum":"1","amount":"5","comission":"0","state":"payed","map":[1]}"#, &[], &[("map", "invalid_type")]),
            (r#"{"regPayNum":"x1","amount":"5.5","comission":"-1","state":null}"#, &[("regPayNum", "invalid_reg_pay_num"), ("amount", "not_integer"), ("comission", "negative"), ("state", "required")], &[]),
            (r#"{"regPayNum":"1"}"#, &[("amount", "required"), ("state", "required")], &[("comission", "required")]),
            (r#"{"regPayNum":"1","amount":"NaN","comission":"0","state":"payed"}"#, &[("amount", "not_finite")], &[]),
        ];
        for (json, issues, warnings) in table {
            match run(json) {
                Ok((_, w)) => {
                    assert!(issues.is_empty(), "{json}: expected {issues:?}");
                    assert_eq!(codes(&w), *warnings, "{json}");
                }
                Err(e) => assert_eq!(codes(&e), *issues, "{json}"),
            }
        }
    }

    #[test]
    fn the_docs_card_notification_and_its_rules() {
        let (v, w) = run(r#"{"userToken":"cc507cb4-fe90-4cb4-af75-37b9b5b41387","cardMask":"546949******9929","cardToken":"77a3adeb-1f50-400a-88a9-7127dc9ea9f3","cardType":"master_card"}"#).unwrap();
        assert!(w.is_empty());
        assert_eq!(
            v.to_json(),
            r#"{"kind":"cardRegistration","userToken":"cc507cb4-fe90-4cb4-af75-37b9b5b41387","cardToken":"77a3adeb-1f50-400a-88a9-7127dc9ea9f3","cardMask":"546949******9929","cardType":"master_card"}"#
        );
        let (v, w) = run(r#"{"userToken":"USER_TOKEN","cardMask":"5469 49","cardToken":"77a3adeb-1f50-400a-88a9-7127dc9ea9f3","cardType":"amex","clientInfo":"x"}"#).unwrap();
        assert_eq!(codes(&w), [("clientInfo", "unknown_field"), ("userToken", "invalid_token"), ("cardMask", "invalid_card_mask"), ("cardType", "unknown_card_type")]);
        assert_eq!(v.get("cardType"), Some(&Value::str("amex")));
        let e = run(r#"{"cardToken":"77a3adeb-1f50-400a-88a9-7127dc9ea9f3"}"#).unwrap_err();
        assert_eq!(codes(&e), [("userToken", "required"), ("cardMask", "required"), ("cardType", "required")]);
        for t in CARD_TYPES {
            let json = format!(r#"{{"userToken":"cc507cb4-fe90-4cb4-af75-37b9b5b41387","cardMask":"400000******0002","cardToken":"77a3adeb-1f50-400a-88a9-7127dc9ea9f3","cardType":"{t}"}}"#);
            assert!(run(&json).unwrap().1.is_empty(), "{t}");
        }
    }

    #[test]
    fn what_is_not_a_notification() {
        for (json, code) in [("{}", "unknown_notification"), (r#"{"state":"payed"}"#, "unknown_notification"), ("[]", "invalid_type"), ("null", "invalid_type"), ("\"x\"", "invalid_type")] {
            assert_eq!(codes(&run(json).unwrap_err()), [("", code)], "{json}");
        }
    }
}
