//! Collection in the browser (wasm32 only): the seven values of the docs' `getFingerprint()`, read
//! through web-sys. Public so that the wasm-bindgen tests can compare it with the docs' script; the
//! JS-facing exports are in `src/wasm/fingerprint.rs`.

use js_sys::{Date, Reflect};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use super::{js_number, Input, Inputs};
use crate::json::Value;

/// True when the global object has a `window` (checked through `Reflect` first, so that nothing
/// browser-only is called in Node, SSR or a worker).
pub fn has_window() -> bool {
    // `try_with`, not `with`: no panic path (and its message formatting) in the binary.
    WINDOW_KEY.try_with(|key| Reflect::get(&js_sys::global(), key).is_ok_and(|w| w.is_object())).unwrap_or(false)
}

// The property name made into a JS string once: each `JsValue::from_str` is a trip through
// TextDecoder, and `window` is looked up on every clientAuInfo() call.
thread_local! {
    static WINDOW_KEY: JsValue = JsValue::from_str("window");
}

/// The seven values as the browser gives them; `None` where it gives none (no `screen`, ...).
#[derive(Clone, PartialEq)]
pub struct Collected {
    /// `new Date().getTimezoneOffset()`.
    pub tz: f64,
    /// `screen.colorDepth`.
    pub color_depth: Option<f64>,
    /// `screen.height`.
    pub screen_height: Option<f64>,
    /// `screen.width`.
    pub screen_width: Option<f64>,
    /// `navigator.language`.
    pub language: Option<String>,
    /// `navigator.userAgent`.
    pub user_agent: Option<String>,
    /// `navigator.javaEnabled()`; `false` when the method is missing or throws.
    pub java_enabled: bool,
}

impl Collected {
    /// The raw JSON, exactly the docs' object: its key order, and numbers written as `JSON.stringify`
    /// writes them. A value the browser does not give is `null`.
    pub fn to_value(&self) -> Value {
        let int = |n: Option<f64>| n.map_or(Value::Null, js_number);
        let text = super::text_value;
        Value::Object(vec![
            (super::TZ.into(), js_number(self.tz)),
            (super::COLOR_DEPTH.into(), int(self.color_depth)),
            (super::SCREEN_HEIGHT.into(), int(self.screen_height)),
            (super::SCREEN_WIDTH.into(), int(self.screen_width)),
            (super::LANGUAGE.into(), text(&self.language)),
            (super::USER_AGENT.into(), text(&self.user_agent)),
            (super::JAVA_ENABLED.into(), Value::Bool(self.java_enabled)),
        ])
    }

    /// The text of [`Collected::to_value`], written directly (the `COLLECT` call's answer): the
    /// inputs' values as the changes report shows them are the same JSON values.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(200);
        let i = self.inputs();
        let fields = [i.tz, i.color_depth, i.screen_height, i.screen_width, i.language, i.user_agent, i.java_enabled];
        for (k, (&key, &input)) in super::DOCS_FIELDS.iter().zip(fields.iter()).enumerate() {
            super::push_key(&mut out, k == 0, key);
            crate::json::write_value(&input.to_value(), &mut out);
        }
        out.push('}');
        out
    }

    /// The values as normaliser inputs (the same rules as for the JSON, without building it).
    pub fn inputs(&self) -> Inputs<'_> {
        Inputs {
            tz: number(Some(self.tz)),
            color_depth: number(self.color_depth),
            screen_height: number(self.screen_height),
            screen_width: number(self.screen_width),
            language: text(&self.language),
            user_agent: text(&self.user_agent),
            java_enabled: Input::Bool(self.java_enabled),
            javascript_enabled: Input::Missing,
            accept_header: Input::Missing,
            ip: Input::Missing,
        }
    }
}

/// A number as a normaliser input: NaN and the infinities are `null` in the docs' JSON, missing here too.
#[inline(never)]
fn number(f: Option<f64>) -> Input<'static> {
    match f {
        Some(f) if f.is_finite() => Input::Number(f),
        _ => Input::Missing,
    }
}

/// Text as a normaliser input.
#[inline(never)]
fn text(s: &Option<String>) -> Input<'_> {
    s.as_deref().map_or(Input::Missing, Input::Text)
}

// Bindings of our own for the reads of every clientAuInfo() call. web-sys declares these getters
// `catch`, and each such call goes through wasm-bindgen's `handleError(function () {...}, arguments)`
// wrapper, which cost more than everything else the collector does. Browsers never throw from
// these accessors; a page that redefines one to throw gets its exception back from the call, as
// from the docs' script. `javaEnabled()` keeps `catch`: it may be missing, and calling a missing
// method throws.
#[wasm_bindgen]
extern "C" {
    /// Any object whose properties are read here (`window`, `screen`, `navigator`).
    type Props;
    #[wasm_bindgen(method, structural, getter)]
    fn screen(this: &Props) -> Option<Props>;
    #[wasm_bindgen(method, structural, getter, js_name = colorDepth)]
    fn color_depth(this: &Props) -> f64;
    #[wasm_bindgen(method, structural, getter)]
    fn height(this: &Props) -> f64;
    #[wasm_bindgen(method, structural, getter)]
    fn width(this: &Props) -> f64;
    #[wasm_bindgen(method, structural, getter, js_name = userAgent)]
    fn user_agent(this: &Props) -> Option<String>;
    #[wasm_bindgen(method, structural, js_name = javaEnabled, catch)]
    fn java_enabled(this: &Props) -> Result<JsValue, JsValue>;
}

/// Reads the seven values, or `None` where there is no browser window.
pub fn collect_fields() -> Option<Collected> {
    if !has_window() {
        return None;
    }
    let window = web_sys::window()?;
    let navigator = window.navigator();
    let nav: &Props = navigator.unchecked_ref();
    let screen = window.unchecked_ref::<Props>().screen();
    // A plain f64 comes back without the glue's DataView round trip; `undefined` arrives as NaN,
    // which is "not given" here as in the docs' JSON (`null`).
    let read = |get: fn(&Props) -> f64| screen.as_ref().map(get).filter(|f| !f.is_nan());
    Some(Collected {
        tz: Date::new_0().get_timezone_offset(),
        color_depth: read(Props::color_depth),
        screen_height: read(Props::height),
        screen_width: read(Props::width),
        language: navigator.language(),
        user_agent: nav.user_agent(),
        // `navigator.javaEnabled()`: not in web-sys (obsolete, `false` in every current browser);
        // missing, throwing or not a boolean → `false`.
        java_enabled: nav.java_enabled().ok().and_then(|v| v.as_bool()).unwrap_or(false),
    })
}

/// The seven values as the docs' JSON (see [`Collected::to_value`]), or `None` without a window.
pub fn collect() -> Option<Value> {
    collect_fields().map(|c| c.to_value())
}

#[wasm_bindgen]
extern "C" {
    /// JavaScript's `String(x)`: for a finite number, exactly what `JSON.stringify` writes.
    #[wasm_bindgen(js_name = String)]
    pub(crate) fn js_string(x: f64) -> String;
}
