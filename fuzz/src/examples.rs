//! The docs' examples that the structured half of each target mutates. The same texts are the seed
//! corpus files under `corpus/seed/`, so a target's seeds and its built-in examples never drift apart.

/// JSON documents of every kind the SDK reads.
pub const JSON: &[&str] = &[
    include_str!("../corpus/seed/json/anonymous_payment.json"),
    include_str!("../corpus/seed/json/payment_state.json"),
    include_str!("../corpus/seed/json/escapes.json"),
    r#"{"regPayNum":"1310958041","amount":"100000","comission":"1000","state":"payed"}"#,
    r#"{"userToken":"cc507cb4-fe90-4cb4-af75-37b9b5b41387","cards":[{"cardMask":"400000******0002","cardToken":"ae7f3942-4e7c-44d3-9ab9-8c84d118b5ed","cardType":"visa","state":"active"}]}"#,
    r#"[1,-0,12.5e-3,"x",true,null,[],{}]"#,
];
