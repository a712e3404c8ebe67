//! `browserLanguage`: a BCP 47 tag of at most 8 characters (EMV 3DS 2.2: string, 1–8).
//!
//! Browsers report tags that are longer (`zh-Hant-TW`, `sr-Latn-RS`, `ca-ES-valencia`), POSIX-style
//! (`en_US`), or a whole `Accept-Language` list when the value comes from a server. The canonical form
//! keeps the language and the region, because that is what an issuer's challenge page localises by.

/// What EMV allows at most.
pub const MAX_LEN: usize = 8;

/// The tag used when the input holds no usable language subtag (empty, `*`, `C`, `POSIX`, garbage).
pub const FALLBACK: &str = "en";

/// How the input was turned into the result; `Unchanged` when it already was canonical.
#[derive(Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub enum LanguageRule {
    /// Already a canonical tag of at most 8 characters.
    Unchanged,
    /// Only the letter case or the separator (`_` → `-`) changed, or a POSIX suffix (`.UTF-8`) went.
    Canonicalised,
    /// Script, extended language, variants or extensions were dropped to fit 8 characters.
    Shortened,
    /// The input was a list (`ru-RU,ru;q=0.9`); its first tag was taken.
    FirstOfList,
    /// Nothing usable: [`FALLBACK`].
    Fallback,
}

impl LanguageRule {
    /// The rule's code in the changes report.
    pub fn code(self) -> &'static str {
        match self {
            LanguageRule::Unchanged => "unchanged",
            LanguageRule::Canonicalised => "language_canonicalised",
            LanguageRule::Shortened => "language_shortened",
            LanguageRule::FirstOfList => "language_first_of_list",
            LanguageRule::Fallback => "language_fallback",
        }
    }
}

/// The canonical tag of at most [`MAX_LEN`] characters and the rule that made it.
pub fn canonicalize(input: &str) -> (String, LanguageRule) {
    match parse(input) {
        Some((tag, from_list)) => {
            let rule = if tag.shortened {
                LanguageRule::Shortened
            } else if from_list {
                LanguageRule::FirstOfList
            } else if tag.text == input {
                LanguageRule::Unchanged
            } else {
                LanguageRule::Canonicalised
            };
            (tag.text, rule)
        }
        None => (FALLBACK.to_string(), LanguageRule::Fallback),
    }
}

/// True when `tag` is what EMV accepts: 1–8 characters shaped like a language tag
/// (2–3 letters, then `-` and 1–8 letters or digits per subtag). Case is not checked.
pub fn is_acceptable(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang_ok = parts
        .next()
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_alphabetic()));
    lang_ok
        && tag.len() <= MAX_LEN
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

struct Tag {
    text: String,
    shortened: bool,
}

/// The tag to read: the first of a list (and whether there was a list), without a POSIX suffix.
fn first_tag(input: &str) -> (&str, bool) {
    let mut s = input.trim();
    let mut from_list = false;
    // `get`, not `[..i]`: no slicing panic in the wasm (the indices are at ASCII bytes anyway).
    let i = find2(s, b',', b';');
    if i < s.len() {
        s = s.get(..i).unwrap_or_default().trim();
        from_list = true;
    }
    // POSIX locales: en_US.UTF-8, sr_RS@latin.
    s = s.get(..find2(s, b'.', b'@')).unwrap_or_default();
    (s, from_list)
}

/// Where the first `a` or `b` (ASCII) is in `s`, or its length. One loop for every search here
/// (no `str::find` with a char array nor an iterator adapter of its own in the wasm).
#[inline(never)]
fn find2(s: &str, a: u8, b: u8) -> usize {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&c) = bytes.get(i) {
        if c == a || c == b {
            break;
        }
        i += 1;
    }
    i
}

fn parse(input: &str) -> Option<(Tag, bool)> {
    let (s, from_list) = first_tag(input);
    // The canonical text is written while the subtags are read: language lower, up to three
    // extended languages lower, script title, region upper, the rest (variants, extensions,
    // private use) lower. `after` is how far the order has got: 0 language and extended
    // languages, 1 script, 2 region, 3 the rest.
    let mut full = String::with_capacity(s.len());
    let (mut after, mut extlangs, mut lang_len) = (0, 0, 0);
    let (mut script, mut region) = (0..0, 0..0);
    // Subtags cut at `-` or `_` by hand: no char-array `split` in the wasm.
    let (mut rest, mut i) = (s, 0);
    loop {
        let cut = find2(rest, b'-', b'_');
        let t = rest.get(..cut).unwrap_or_default();
        let b = t.as_bytes();
        let len = b.len();
        let alpha = b.iter().all(u8::is_ascii_alphabetic);
        if !(1..=8).contains(&len) || !b.iter().all(u8::is_ascii_alphanumeric) {
            return None;
        }
        if i > 0 {
            full.push('-');
        }
        let start = full.len();
        full.push_str(t);
        let end = full.len();
        let part = full.get_mut(start..).unwrap_or_default();
        part.make_ascii_lowercase();
        if i == 0 {
            if !(alpha && (2..=3).contains(&len)) {
                return None;
            }
            lang_len = end;
        } else if after == 0 && extlangs < 3 && len == 3 && alpha {
            extlangs += 1;
        } else if after < 1 && len == 4 && alpha {
            after = 1;
            part.get_mut(..1).unwrap_or_default().make_ascii_uppercase();
            script = start..end;
        } else if after < 2 && ((len == 2 && alpha) || (len == 3 && b.iter().all(u8::is_ascii_digit))) {
            after = 2;
            part.make_ascii_uppercase();
            region = start..end;
        } else {
            after = 3;
        }
        i += 1;
        match rest.get(cut + 1..) {
            Some(r) => rest = r,
            None => break,
        }
    }
    if full.len() <= MAX_LEN {
        return Some((Tag { text: full, shortened: false }, from_list));
    }
    // Too long: the region says more about the payer's locale than the script does (zh-Hant-TW → zh-TW).
    let keep = if region.is_empty() { script } else { region };
    let mut text = full.get(..lang_len).unwrap_or_default().to_string();
    if !keep.is_empty() {
        text.push('-');
        text.push_str(full.get(keep).unwrap_or_default());
    }
    Some((Tag { text, shortened: true }, from_list))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_tags_of_up_to_eight_characters_stay() {
        for tag in ["en", "ru-RU", "en-US", "es-419", "zh-Hant", "sr-Latn", "yue-HK", "fil-PH", "zh-yue", "de-CH"] {
            assert_eq!(canonicalize(tag), (tag.to_string(), LanguageRule::Unchanged), "{tag}");
            assert!(is_acceptable(tag), "{tag}");
        }
    }

    #[test]
    fn long_tags_keep_language_and_region() {
        for (input, out) in [
            ("zh-Hant-TW", "zh-TW"),
            ("sr-Latn-RS", "sr-RS"),
            ("sr-Cyrl-ME", "sr-ME"),
            ("ca-ES-valencia", "ca-ES"),
            ("de-DE-1996", "de-DE"),
            ("en-US-u-ca-gregory", "en-US"),
            ("zh-cmn-Hans-CN", "zh-CN"),
            ("yue-Hant-HK", "yue-HK"),
            ("zh-Hant-u-nu-hanidec", "zh-Hant"),
            ("sl-rozaj-biske", "sl"),
            ("en-GB-oxendict", "en-GB"),
            ("zh_Hant_TW", "zh-TW"),
            ("uz-Cyrl-UZ", "uz-UZ"),
        ] {
            let (tag, rule) = canonicalize(input);
            assert_eq!((tag.as_str(), rule), (out, LanguageRule::Shortened), "{input}");
            assert!(is_acceptable(&tag));
        }
    }

    #[test]
    fn case_and_separators_are_canonicalised() {
        for (input, out) in [
            ("en_US", "en-US"),
            ("EN-us", "en-US"),
            ("zh-hant", "zh-Hant"),
            ("ZH-HANT", "zh-Hant"),
            (" ru-RU ", "ru-RU"),
            ("en_US.UTF-8", "en-US"),
            ("sr_RS@latin", "sr-RS"),
            ("EN", "en"),
        ] {
            assert_eq!(canonicalize(input), (out.to_string(), LanguageRule::Canonicalised), "{input}");
        }
    }

    #[test]
    fn lists_give_their_first_tag() {
        assert_eq!(canonicalize("ru-RU,ru;q=0.9,en-US;q=0.8"), ("ru-RU".into(), LanguageRule::FirstOfList));
        assert_eq!(canonicalize("de;q=0.7"), ("de".into(), LanguageRule::FirstOfList));
        assert_eq!(canonicalize("zh-Hant-TW,zh;q=0.9"), ("zh-TW".into(), LanguageRule::Shortened));
    }

    #[test]
    fn garbage_falls_back() {
        for input in [
            "", " ", "*", "C", "POSIX", "e", "english-language", "12-US", "en--US", "-en", "en-", "ру-RU",
            "русский", "en US", "i-klingon", "x-private", "abcdefghi", "\u{0}", "en-US\u{301}", "😀",
        ] {
            assert_eq!(canonicalize(input), (FALLBACK.to_string(), LanguageRule::Fallback), "{input:?}");
        }
    }

    #[test]
    fn acceptability_is_the_emv_shape() {
        for bad in ["", "e", "english", "en-USA-xx", "en_US", "ru-RU-xx1", "12", "en-", "en--a", "ру"] {
            assert!(!is_acceptable(bad), "{bad}");
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// The parser as it was (subtags collected, then joined): the reference for the one-pass one.
    fn reference_parse(input: &str) -> Option<((String, bool), bool)> {
        let (s, from_list) = first_tag(input);
        let subtags: Vec<&str> = s.split(['-', '_']).collect();
        let valid = |t: &&str| (1..=8).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphanumeric());
        if !subtags.iter().all(valid) {
            return None;
        }
        let lang = subtags[0];
        if !(2..=3).contains(&lang.len()) || !lang.bytes().all(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        let lang = lang.to_ascii_lowercase();

        let mut extlangs = Vec::new();
        let mut script = None;
        let mut region = None;
        let mut rest = Vec::new();
        let mut i = 1;
        let alpha = |t: &str| t.bytes().all(|b| b.is_ascii_alphabetic());
        let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        while i < subtags.len() && extlangs.len() < 3 && subtags[i].len() == 3 && alpha(subtags[i]) {
            extlangs.push(subtags[i].to_ascii_lowercase());
            i += 1;
        }
        if i < subtags.len() && subtags[i].len() == 4 && alpha(subtags[i]) {
            let lower = subtags[i].to_ascii_lowercase();
            script = Some(lower[..1].to_ascii_uppercase() + &lower[1..]);
            i += 1;
        }
        if i < subtags.len() && ((subtags[i].len() == 2 && alpha(subtags[i])) || (subtags[i].len() == 3 && digits(subtags[i]))) {
            region = Some(subtags[i].to_ascii_uppercase());
            i += 1;
        }
        // Variants, extensions, private use: lower case, and the first to go.
        rest.extend(subtags[i..].iter().map(|t| t.to_ascii_lowercase()));

        let full = std::iter::once(&lang)
            .chain(&extlangs)
            .chain(&script)
            .chain(&region)
            .chain(&rest)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("-");
        if full.len() <= MAX_LEN {
            return Some(((full, false), from_list));
        }
        // Too long: the region says more about the payer's locale than the script does (zh-Hant-TW → zh-TW).
        let text = match (region, script) {
            (Some(r), _) => [&lang, "-", &r].concat(),
            (None, Some(s)) => [&lang, "-", &s].concat(),
            (None, None) => lang,
        };
        Some(((text, true), from_list))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn the_one_pass_parser_gives_what_the_old_one_gave(
            s in prop_oneof![
                "[a-zA-Z]{1,4}([-_][a-zA-Z0-9]{1,9}){0,6}([.@,;][a-zA-Z0-9=.;-]{0,6})?",
                "[a-zA-Z]{2,3}([-_]([a-zA-Z]{3}|[a-zA-Z]{4}|[a-zA-Z]{2}|[0-9]{3})){0,6}",
                "[ a-zA-Z0-9_.@,;-]{0,20}",
                "\\PC{0,12}",
            ],
        ) {
            let got = parse(&s).map(|(t, l)| ((t.text, t.shortened), l));
            prop_assert_eq!(got, reference_parse(&s), "{:?}", s);
        }
    }
}
