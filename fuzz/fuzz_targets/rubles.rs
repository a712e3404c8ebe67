//! Roubles to kopecks (`money::rubles_to_kopecks`, `format_rubles`).
//!
//! Asserts the verdict and the amount equal the documented grammar computed independently
//! (`digits[.|,]1–2 digits`, `.5` allowed, no sign or white space, at most MAX_SAFE_INTEGER kopecks),
//! and that an accepted amount formats to roubles text that re-parses to the same kopecks (with a
//! comma too).
#![no_main]

use ckassa_fuzz::oracle;
use ckassa_sdk::money::{self, Kopecks};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let got = money::rubles_to_kopecks(text);
    assert_eq!(got.ok().map(Kopecks::get), oracle::rubles(text), "{text:?}: {got:?}");
    if let Ok(k) = got {
        let formatted = money::format_rubles(k);
        assert_eq!(money::rubles_to_kopecks(&formatted), Ok(k), "{formatted}");
        assert_eq!(money::rubles_to_kopecks(&formatted.replace('.', ",")), Ok(k), "{formatted} with a comma");
        assert_eq!(money::parse_kopecks_str(&k.get().to_string()), Ok(k));
    }
});
