//! Collection in the browser (wasm32 only): the seven values of the docs' `getFingerprint()`, read
//! through web-sys. Public so that the wasm-bindgen tests can compare it with the docs' script; the
//! JS-facing exports are in `src/wasm/fingerprint.rs`.

use js_sys::{Date, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::json::Value;

/// True when the global object has a `window` (checked through `Reflect` first, so that nothing
/// browser-only is called in Node, SSR or a worker).
pub fn has_window() -> bool {
    WINDOW_KEY.with(|key| Reflect::get(&js_sys::global(), key).is_ok_and(|w| w.is_object()))
}

// Property names made into JS strings once: each `JsValue::from_str` is a trip through TextDecoder,
// and these are read on every clientAuInfo() call.
thread_local! {
    static WINDOW_KEY: JsValue = JsValue::from_str("window");
    static JAVA_ENABLED_KEY: JsValue = JsValue::from_str("javaEnabled");
}

/// The seven fields exactly as the docs' script reads them, in its key order, or `None` where there
/// is no browser window. A value the browser does not give becomes `null` (the normaliser then
/// applies its default and reports it).
pub fn collect() -> Option<Value> {
    if !has_window() {
        return None;
    }
    let window = web_sys::window()?;
    let navigator = window.navigator();
    let screen = window.screen().ok();
    let screen_value = |read: fn(&web_sys::Screen) -> Result<i32, JsValue>| {
        screen.as_ref().and_then(|s| read(s).ok()).map_or(Value::Null, |n| Value::int(n.into()))
    };
    Some(Value::Object(vec![
        (super::TZ.into(), js_number(Date::new_0().get_timezone_offset())),
        (super::COLOR_DEPTH.into(), screen_value(web_sys::Screen::color_depth)),
        (super::SCREEN_HEIGHT.into(), screen_value(web_sys::Screen::height)),
        (super::SCREEN_WIDTH.into(), screen_value(web_sys::Screen::width)),
        (super::LANGUAGE.into(), navigator.language().map_or(Value::Null, Value::String)),
        (super::USER_AGENT.into(), navigator.user_agent().map_or(Value::Null, Value::String)),
        (super::JAVA_ENABLED.into(), Value::Bool(java_enabled(&navigator))),
    ]))
}

/// `navigator.javaEnabled()`: web-sys has no binding for it (obsolete, always `false` in current
/// browsers), so it is called through `Reflect`; a missing or throwing method gives `false`.
fn java_enabled(navigator: &web_sys::Navigator) -> bool {
    JAVA_ENABLED_KEY
        .with(|key| Reflect::get(navigator, key))
        .ok()
        .filter(JsValue::is_function)
        .and_then(|f| f.unchecked_into::<Function>().call0(navigator).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// A JS number as `JSON.stringify` writes it (`null` for NaN and the infinities, `0` for -0,
/// exponent form outside 1e-6..1e21).
pub fn js_number(f: f64) -> Value {
    if !f.is_finite() {
        return Value::Null;
    }
    if f == 0.0 {
        return Value::int(0);
    }
    if (1e-6..1e21).contains(&f.abs()) {
        return Value::Number(format!("{f}"));
    }
    let text = format!("{f:e}");
    Value::Number(match text.split_once('e') {
        Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e}"),
        _ => text,
    })
}
