//! Small, obviously correct reference implementations the targets compare the core against. They
//! are written from the documented rules (module docs of `money`, `order_note`), not from the code,
//! and favour plainness over speed: big integers as `u128` with an explicit digit limit.

/// `Number.MAX_SAFE_INTEGER`.
pub const MAX: u128 = 9_007_199_254_740_991;

fn all_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

/// The value of a run of decimal digits, or `None` when it exceeds `MAX` (or is not digits).
pub fn digits(s: &str) -> Option<u128> {
    if s.is_empty() || !all_digits(s) {
        return None;
    }
    let sig = s.trim_start_matches('0');
    if sig.len() > 17 {
        return None;
    }
    let n: u128 = if sig.is_empty() { 0 } else { sig.parse().ok()? };
    (n <= MAX).then_some(n)
}

/// Kopecks from a numeric string: ASCII digits only, at most `MAX`.
pub fn kopecks_str(s: &str) -> Option<u64> {
    digits(s).map(|n| n as u64)
}

/// Kopecks from the text of a JSON number: an exact whole number `0..=MAX` written without an
/// exponent (a zero fraction such as `12.00` is still whole; `-0` is zero).
pub fn kopecks_number(text: &str) -> Option<u64> {
    if text.contains(['e', 'E']) {
        return None;
    }
    let (neg, body) = match text.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, text),
    };
    let (whole, frac) = body.split_once('.').unwrap_or((body, ""));
    if !frac.bytes().all(|b| b == b'0') {
        return None;
    }
    let n = digits(whole)?;
    if neg && n != 0 {
        return None;
    }
    Some(n as u64)
}

/// Roubles text to kopecks: `digits [ (.|,) 1–2 digits ]`, the whole part may be empty when a
/// fraction follows (`.5`), no sign, no white space, at most `MAX` kopecks.
pub fn rubles(s: &str) -> Option<u64> {
    let (whole, frac) = match s.find(['.', ',']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    if !all_digits(whole) {
        return None;
    }
    let frac_kop = match frac {
        None => 0,
        Some(f) if (1..=2).contains(&f.len()) && all_digits(f) => {
            let mut k: u128 = f.parse().ok()?;
            if f.len() == 1 {
                k *= 10;
            }
            k
        }
        Some(_) => return None,
    };
    if whole.is_empty() && frac.is_none() {
        return None;
    }
    let r = if whole.is_empty() { 0 } else { digits(whole)? };
    let total = r * 100 + frac_kop;
    (total <= MAX).then_some(total as u64)
}

/// A decimal `whole[.frac]` (both digit runs non-empty, optional leading `-`, no exponent) as a whole
/// number of `10^-scale` units, `0..=MAX`; zeros at the end of the fraction do not count; a negative
/// value is refused unless it is zero.
pub fn scaled(text: &str, scale: u32) -> Option<u64> {
    let (neg, body) = match text.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, text),
    };
    let (whole, frac) = match body.split_once('.') {
        Some((w, f)) => (w, f),
        None => (body, ""),
    };
    if whole.is_empty() || !all_digits(whole) || !all_digits(frac) || (body.contains('.') && frac.is_empty()) {
        return None;
    }
    let frac = frac.trim_end_matches('0');
    let w = digits(whole)?;
    if neg {
        return (w == 0 && frac.is_empty()).then_some(0);
    }
    if frac.len() > scale as usize {
        return None;
    }
    let mut units = w;
    for i in 0..scale as usize {
        let d = frac.as_bytes().get(i).map_or(0, |b| u128::from(b - b'0'));
        units = units.checked_mul(10)?.checked_add(d)?;
        if units > MAX * 10 {
            return None;
        }
    }
    (units <= MAX).then_some(units as u64)
}

/// A currency tag of `order_note` found by the documented rule: `_`, three ASCII capitals, `_`,
/// scanning left to right without overlap. Returns `(letters, utf16_index)` for each.
pub fn note_tags(note: &str) -> Vec<(String, usize)> {
    let chars: Vec<char> = note.chars().collect();
    let mut out = Vec::new();
    let (mut p, mut utf16) = (0usize, 0usize);
    while p < chars.len() {
        let window = chars.get(p..p + 5);
        if let Some([a, b, c, d, e]) = window {
            if *a == '_' && *e == '_' && [b, c, d].iter().all(|x| x.is_ascii_uppercase()) {
                out.push((format!("{b}{c}{d}"), utf16));
                p += 5;
                utf16 += 5;
                continue;
            }
        }
        utf16 += chars[p].len_utf16();
        p += 1;
    }
    out
}
