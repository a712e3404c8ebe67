//! Base64 with the standard alphabet and `=` padding (RFC 4648 §4), as `btoa` writes it.
//!
//! Written here instead of taking a crate: about sixty lines, and the decoder's errors say exactly
//! what is wrong (which byte, base64url by mistake, missing padding) for the proxy's error message.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Why a text is not standard padded base64.
#[derive(Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub struct Base64Error {
    /// Byte offset in the text where the problem is.
    pub offset: usize,
    /// What is wrong, for a person.
    pub reason: &'static str,
}

/// Encodes bytes as standard padded base64.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = vec![b'='; bytes.len().div_ceil(3) * 4];
    // Measured inside wasm (opt-level "z"): per-byte writes into zipped chunks are the fastest form;
    // a 4-byte `copy_from_slice` becomes a `memory.copy` call and is five times slower.
    let mut groups = bytes.chunks_exact(3);
    for (c, d) in (&mut groups).zip(out.chunks_exact_mut(4)) {
        let n = (u32::from(c[0]) << 16) | (u32::from(c[1]) << 8) | u32::from(c[2]);
        d[0] = ALPHABET[(n >> 18) as usize & 63];
        d[1] = ALPHABET[(n >> 12) as usize & 63];
        d[2] = ALPHABET[(n >> 6) as usize & 63];
        d[3] = ALPHABET[n as usize & 63];
    }
    let rest = groups.remainder();
    // The last group through a chunk of four (not `out[len - 4]`): no bounds check, so no panic path.
    if let (Some(&a), Some(d)) = (rest.first(), out.rchunks_exact_mut(4).next()) {
        let n = (u32::from(a) << 16) | (u32::from(rest.get(1).copied().unwrap_or(0)) << 8);
        d[0] = ALPHABET[(n >> 18) as usize & 63];
        d[1] = ALPHABET[(n >> 12) as usize & 63];
        if rest.len() == 2 {
            d[2] = ALPHABET[(n >> 6) as usize & 63];
        }
    }
    // Only alphabet bytes and '=' were written, so this is always valid UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

fn sextet(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'Z' => Some(u32::from(c - b'A')),
        b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Decodes standard padded base64. Strict: no white space, no base64url, padding required, and the
/// unused bits of the last group must be zero (so every byte string has exactly one encoding).
pub fn decode(text: &str) -> Result<Vec<u8>, Base64Error> {
    let s = text.as_bytes();
    let len = s.len();
    let mut out = Vec::with_capacity(len / 4 * 3);
    // One pass: `k` data characters of the current group in `n`, `pad` the '=' since the last
    // data character, `inner` the first '=' that has data after it.
    let (mut n, mut k, mut pad, mut inner) = (0u32, 0usize, 0usize, None);
    for (i, &c) in s.iter().enumerate() {
        if c == b'=' {
            pad += 1;
            continue;
        }
        let Some(x) = sextet(c) else {
            return Err(Base64Error { offset: i, reason: bad_byte(c) });
        };
        if pad > 0 && inner.is_none() {
            inner = Some(i - pad);
        }
        pad = 0;
        n = n << 6 | x;
        k += 1;
        if k == 4 {
            out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
            k = 0;
        }
    }
    // The checks after the alphabet's, in their order.
    let (offset, reason) = if len % 4 != 0 {
        (len, "the length is not a multiple of 4 (padding '=' missing or text cut)")
    } else if let Some(i) = inner {
        (i, "'=' inside the text; padding belongs only at the end")
    } else if pad > 2 {
        (len - pad, "more than two '=' of padding")
    } else if k == 0 {
        return Ok(out);
    } else {
        // The last group: 3 data characters (one '=') give 2 bytes, 2 (two '=') give 1; the bits
        // past them must be zero.
        // Checked on the bits, then all three bytes pushed and the extra cut (no `split_at` and
        // its panic path, no second `extend_from_slice` in the wasm).
        let n = n << (24 - 6 * k);
        if n & (0xFF_FFFF >> (8 * (k - 1))) == 0 {
            out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
            out.truncate(out.len().saturating_sub(4 - k));
            return Ok(out);
        }
        (len - pad - 1, "the last character has bits set that padding drops")
    };
    Err(Base64Error { offset, reason })
}

fn bad_byte(c: u8) -> &'static str {
    match c {
        b'-' | b'_' => "'-' or '_' is base64url, not the standard alphabet ('+' and '/')",
        b' ' | b'\t' | b'\r' | b'\n' => "white space is not allowed",
        _ => "a character outside the base64 alphabet",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4648_vectors() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded).unwrap(), plain.as_bytes());
        }
    }

    #[test]
    fn every_byte_value_round_trips() {
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(&encode(&all)).unwrap(), all);
        assert_eq!(encode(&[0xfb, 0xff]), "+/8=");
    }

    #[test]
    fn refuses_what_is_not_standard_padded_base64() {
        for (text, reason_part) in [
            ("Zm9", "multiple of 4"),
            ("Zg", "multiple of 4"),
            ("Zm9v-w==", "base64url"),
            ("Zm9v_w==", "base64url"),
            ("Zm9v Yg==", "white space"),
            ("Zm9vYg==\n", "white space"),
            ("Zm9vä===", "outside"),
            ("Z===", "more than two"),
            ("====", "more than two"),
            ("Zg==Zg==", "inside"),
            ("Zh==", "bits set"),
            ("Zm9=", "bits set"),
            ("Zm*v", "outside"),
        ] {
            let e = decode(text).unwrap_err();
            assert!(e.reason.contains(reason_part), "{text:?}: {e:?}");
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    #[allow(clippy::all)]
    /// The decoder as it was (the reference for the smaller one).
        /// Decodes standard padded base64. Strict: no white space, no base64url, padding required, and the
    /// unused bits of the last group must be zero (so every byte string has exactly one encoding).
    fn reference_decode(text: &str) -> Result<Vec<u8>, Base64Error> {
        let s = text.as_bytes();
        let err = |offset, reason| Err(Base64Error { offset, reason });
        if let Some(i) = s.iter().position(|&c| sextet(c).is_none() && c != b'=') {
            return match s[i] {
                b'-' | b'_' => err(i, "'-' or '_' is base64url, not the standard alphabet ('+' and '/')"),
                b' ' | b'\t' | b'\r' | b'\n' => err(i, "white space is not allowed"),
                _ => err(i, "a character outside the base64 alphabet"),
            };
        }
        if s.len() % 4 != 0 {
            return err(s.len(), "the length is not a multiple of 4 (padding '=' missing or text cut)");
        }
        let pad = s.iter().rev().take_while(|&&c| c == b'=').count();
        if let Some(i) = s[..s.len() - pad].iter().position(|&c| c == b'=') {
            return err(i, "'=' inside the text; padding belongs only at the end");
        }
        if pad > 2 {
            return err(s.len() - pad, "more than two '=' of padding");
        }
        let mut out = Vec::with_capacity(s.len() / 4 * 3);
        for (g, group) in s.chunks(4).enumerate() {
            let data = if g == s.len() / 4 - 1 { 4 - pad } else { 4 };
            let mut n = 0u32;
            for (i, &c) in group.iter().enumerate() {
                n |= sextet(c).unwrap_or(0) << (18 - 6 * i);
            }
            let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            let keep = data - 1;
            if bytes[keep..].iter().any(|&b| b != 0) && keep < 3 {
                return err(g * 4 + data - 1, "the last character has bits set that padding drops");
            }
            out.extend_from_slice(&bytes[..keep]);
        }
        Ok(out)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn decodes_as_the_reference(text in prop_oneof![
            "[A-Za-z0-9+/=_ -]{0,16}",
            "[AQgw=]{0,12}",
            proptest::collection::vec(any::<u8>(), 0..24).prop_map(|b| encode(&b)),
            (proptest::collection::vec(any::<u8>(), 1..24), 0..40usize, "[A-Za-z0-9+/=_ ä-]").prop_map(|(b, i, c)| {
                let mut t = encode(&b);
                let i = i % t.len();
                t.replace_range(i..i + 1, &c);
                t
            }),
        ]) {
            prop_assert_eq!(decode(&text), reference_decode(&text), "{:?}", text);
        }
    }

    proptest! {
        #[test]
        fn bytes_round_trip(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let coded = encode(&bytes);
            prop_assert_eq!(coded.len() % 4, 0);
            prop_assert_eq!(decode(&coded).unwrap(), bytes);
        }

        #[test]
        fn decoding_any_text_never_panics_and_re_encodes_exactly(text in "[A-Za-z0-9+/=_ -]{0,40}") {
            if let Ok(bytes) = decode(&text) {
                prop_assert_eq!(encode(&bytes), text);
            }
        }
    }
}
