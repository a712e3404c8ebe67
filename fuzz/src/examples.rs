//! The docs' examples that the structured half of each target mutates. The same texts are the seed
//! corpus files under `corpus/seed/`, so a target's seeds and its built-in examples never drift apart.
//! Files of the form `<header line>\n<body>` keep the header (an operation name, a status) on line one.

macro_rules! seed {
    ($path:literal) => {
        include_str!(concat!("../corpus/seed/", $path))
    };
}

/// The first line of a seed file and the rest.
pub fn split_header(text: &str) -> (&str, &str) {
    text.split_once('\n').unwrap_or(("", text))
}

/// JSON documents of every kind the SDK reads.
pub const JSON: &[&str] = &[
    seed!("json/anonymous_payment.json"),
    seed!("json/payment_state.json"),
    seed!("json/escapes.json"),
    seed!("notification/payment_basic.json"),
    seed!("fingerprint/enrich.json"),
    r#"[1,-0,12.5e-3,"x",true,null,[],{}]"#,
];

/// One request per operation (`<operation>\n<input>`), from the docs' examples with real tokens.
pub const REQUESTS: &[&str] = &[
    seed!("requests/anonymousPayment.txt"),
    seed!("requests/anonymousPayment_sbp.txt"),
    seed!("requests/userRegistration.txt"),
    seed!("requests/userRegistration_docs.txt"),
    seed!("requests/userStatus.txt"),
    seed!("requests/cardRegistration.txt"),
    seed!("requests/cardList.txt"),
    seed!("requests/cardDeactivation.txt"),
    seed!("requests/recurrentPayment.txt"),
    seed!("requests/recurrentPayment_docs.txt"),
    seed!("requests/paymentStatus.txt"),
    seed!("requests/refund.txt"),
];

/// `orderItems` arrays.
pub const ORDER_ITEMS: &[&str] =
    &[seed!("order_items/docs.json"), seed!("order_items/fractions.json"), seed!("order_items/big.json")];

/// Gateway answers (`<operation> <status>\n<body>`), successes and errors.
pub const RESPONSES: &[&str] = &[
    seed!("response/anonymous.txt"),
    seed!("response/status.txt"),
    seed!("response/status_docs.txt"),
    seed!("response/user.txt"),
    seed!("response/cards.txt"),
    seed!("response/deactivation.txt"),
    seed!("response/need3ds.txt"),
    seed!("response/need3ds_200.txt"),
    seed!("response/error.txt"),
    seed!("response/internal.txt"),
];

/// Notification bodies.
pub const NOTIFICATIONS: &[&str] = &[
    seed!("notification/payment_docs.json"),
    seed!("notification/payment_basic.json"),
    seed!("notification/card_docs.json"),
    seed!("notification/payment_legacy.json"),
];

/// `clientAuInfo` records, raw browser data and the proxy's enrichment input.
pub const FINGERPRINT: &[&str] = &[
    seed!("fingerprint/client_au_info_docs.json"),
    seed!("fingerprint/client_au_info.json"),
    seed!("fingerprint/browser_raw.json"),
    seed!("fingerprint/enrich.json"),
    seed!("fingerprint/enrich_headers_only.json"),
];

/// Proxy answers (`<status>\n<body>`).
pub const PROXY_ANSWERS: &[&str] = &[
    seed!("retry/ok.txt"),
    seed!("retry/action.txt"),
    seed!("retry/validation.txt"),
    seed!("retry/in_progress.txt"),
];
