//! IP addresses as the proxy sees them: the connection's remote address and `X-Forwarded-For`.
//!
//! Node reports IPv4 clients of a dual-stack socket as `::ffff:203.0.113.7`; the gateway and the
//! issuer expect `203.0.113.7`. Proxies write entries with ports (`203.0.113.7:51234`,
//! `[2001:db8::1]:443`), zone ids (`fe80::1%eth0`) and placeholders (`unknown`).

/// The longest IP text EMV's `browserIP` takes.
pub const MAX_LEN: usize = 45;

/// The address in `text`, canonical (IPv4-mapped IPv6 as plain IPv4, IPv6 compressed, lower case),
/// or `None`. Accepts surrounding white space, `[...]` brackets and a zone id; no port.
///
/// The address itself is read as `std::net::IpAddr` reads it (the same addresses accepted and
/// refused: a native test compares the two) and written as its `Display` writes it, without
/// `core::net` and `core::fmt` in the wasm.
pub fn parse(text: &str) -> Option<String> {
    let mut s = text.trim();
    if s.starts_with('[') && s.ends_with(']') {
        s = s.get(1..s.len() - 1).unwrap_or_default();
    }
    if let Some(i) = s.find('%') {
        s = s.get(..i).unwrap_or_default();
    }
    let mut p = Reader { s: s.as_bytes(), i: 0 };
    // As std: IPv4 first; whichever reads must take the whole text.
    let v4 = p.v4();
    let groups = if v4.is_none() { p.v6()? } else { [0; 8] };
    if p.i != s.len() {
        return None;
    }
    let mut out = String::with_capacity(39);
    let octets = match (v4, groups) {
        (Some(octets), _) => octets,
        (None, [0, 0, 0, 0, 0, 0xffff, ab, cd]) => {
            let ([a, b], [c, d]) = (ab.to_be_bytes(), cd.to_be_bytes());
            [a, b, c, d]
        }
        (None, g) => {
            write_v6(&g, &mut out);
            return Some(out);
        }
    };
    for (i, &octet) in octets.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        crate::json::push_u64(&mut out, octet.into());
    }
    Some(out)
}

/// Like [`parse`], and also accepts the forms proxies add: `1.2.3.4:5678`, `[::1]:443`, quotes.
pub fn parse_forwarded(text: &str) -> Option<String> {
    // Without the quotes around the entry (RFC 7239 style), as many as there are on either side.
    let s = text.trim();
    let quote = |b: &&u8| **b == b'"';
    let start = s.as_bytes().iter().take_while(quote).count();
    let end = s.len() - s.as_bytes()[start..].iter().rev().take_while(quote).count();
    unquoted(s.get(start..end).unwrap_or_default())
}

/// [`parse_forwarded`] of an entry without quotes.
fn unquoted(s: &str) -> Option<String> {
    if let Some(rest) = s.strip_prefix('[') {
        let end = rest.find(']')?;
        // `get`, not `[..]`: no slicing panic in the wasm (the indices are at ASCII bytes anyway).
        let port = rest.get(end + 1..).unwrap_or_default();
        if !(port.is_empty() || port.strip_prefix(':').is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))) {
            return None;
        }
        return parse(rest.get(..end).unwrap_or_default());
    }
    if let Some((host, port)) = s.split_once(':') {
        // One colon: IPv4 with a port. More colons: IPv6 without brackets (no port possible).
        if !port.contains(':') {
            if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            return parse(host).filter(|ip| !ip.contains(':'));
        }
    }
    parse(s)
}

/// A cursor over an address's bytes, reading as `core::net`'s parser does: each step either reads
/// its whole part or leaves the position where it was.
struct Reader<'a> {
    s: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    /// A maximal run of digits in `radix`, of 1 to `max` digits, no leading zero when
    /// `leading_zero` is false (IPv4), as a number.
    /// A maximal run of decimal digits (IPv4: no leading zero) or of hex digits (IPv6), of 1 to
    /// `max` digits, as a number.
    fn number(&mut self, hex: bool, max: usize) -> Option<u32> {
        let (mut n, mut len) = (0, 0);
        while let Some(&b) = self.s.get(self.i + len) {
            let d = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' | b'A'..=b'F' if hex => (b | 0x20) - b'a' + 10,
                _ => break,
            };
            n = n * if hex { 16 } else { 10 } + u32::from(d);
            len += 1;
            if len > max {
                return None;
            }
        }
        let leading_zero = !hex && len > 1 && self.s.get(self.i) == Some(&b'0');
        if len == 0 || leading_zero {
            return None;
        }
        self.i += len;
        Some(n)
    }

    fn eat(&mut self, c: u8) -> bool {
        let ok = self.s.get(self.i) == Some(&c);
        self.i += usize::from(ok);
        ok
    }

    /// `a.b.c.d`, each part 0 to 255.
    fn v4(&mut self) -> Option<[u8; 4]> {
        let start = self.i;
        let mut octets = [0u8; 4];
        for (k, octet) in octets.iter_mut().enumerate() {
            match (k == 0 || self.eat(b'.')).then(|| self.number(false, 3)).flatten() {
                Some(n) if n <= 255 => *octet = n as u8,
                _ => {
                    self.i = start;
                    return None;
                }
            }
        }
        Some(octets)
    }

    /// Groups separated by `:` into `out` (`:` before each but the first), an IPv4 address allowed
    /// where two groups are left. The count read and whether it ended with IPv4.
    fn groups(&mut self, out: &mut [u16]) -> (usize, bool) {
        let limit = out.len();
        for i in 0..limit {
            let start = self.i;
            if i + 1 < limit && (i == 0 || self.eat(b':')) {
                if let (Some([a, b, c, d]), Some([x, y])) = (self.v4(), out.get_mut(i..i + 2)) {
                    (*x, *y) = (u16::from_be_bytes([a, b]), u16::from_be_bytes([c, d]));
                    return (i + 2, true);
                }
            }
            self.i = start;
            match ((i == 0 || self.eat(b':')).then(|| self.number(true, 4)).flatten(), out.get_mut(i)) {
                (Some(g), Some(x)) => *x = g as u16,
                _ => {
                    self.i = start;
                    return (i, false);
                }
            }
        }
        (limit, false)
    }

    /// An IPv6 address: its eight groups.
    fn v6(&mut self) -> Option<[u16; 8]> {
        let mut head = [0u16; 8];
        let (head_len, head_v4) = self.groups(&mut head);
        if head_len < 8 {
            // `::` stands for at least one group of zeros; IPv4 only after it.
            if head_v4 || !(self.eat(b':') && self.eat(b':')) {
                return None;
            }
            let mut tail = [0u16; 7];
            let (tail_len, _) = self.groups(tail.get_mut(..7 - head_len).unwrap_or_default());
            // The tail goes at the end (`get` and a zip: no slicing panic in the wasm).
            for (h, t) in head.iter_mut().rev().zip(tail.get(..tail_len).unwrap_or_default().iter().rev()) {
                *h = *t;
            }
        }
        Some(head)
    }
}

/// IPv6 as `Ipv6Addr`'s `Display` writes it (RFC 5952): lower-case hex without leading zeros, the
/// first longest run of two or more zero groups as `::`.
fn write_v6(g: &[u16; 8], out: &mut String) {
    let (mut best, mut best_len, mut run) = (0, 0, 0);
    for (i, &x) in g.iter().enumerate() {
        run = if x == 0 { run + 1 } else { 0 };
        if run > best_len {
            (best, best_len) = (i + 1 - run, run);
        }
    }
    let mut i = 0;
    while i < 8 {
        if best_len > 1 && i == best {
            out.push_str("::");
            i += best_len;
            continue;
        }
        if i > 0 && !(best_len > 1 && i == best + best_len) {
            out.push(':');
        }
        let x = g[i];
        for &shift in [12, 8, 4, 0].iter() {
            if x >> shift != 0 || shift == 0 {
                out.push(char::from(b"0123456789abcdef"[usize::from(x >> shift) & 15]));
            }
        }
        i += 1;
    }
}

/// The left-most valid address of an `X-Forwarded-For` value (the client as the first proxy saw
/// it); entries that are not addresses (`unknown`, obfuscated ids) are skipped.
pub fn first_forwarded(header: &str) -> Option<String> {
    header.split(',').find_map(parse_forwarded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_come_out_canonical() {
        for (input, out) in [
            ("203.0.113.7", "203.0.113.7"),
            (" 203.0.113.7 ", "203.0.113.7"),
            ("::ffff:203.0.113.7", "203.0.113.7"),
            ("::FFFF:cb00:7107", "203.0.113.7"),
            ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
            ("[2001:db8::1]", "2001:db8::1"),
            ("fe80::1%eth0", "fe80::1"),
            ("::1", "::1"),
            ("127.0.0.1", "127.0.0.1"),
        ] {
            assert_eq!(parse(input).as_deref(), Some(out), "{input}");
        }
    }

    #[test]
    fn non_addresses_are_refused() {
        for input in [
            "", "unknown", "localhost", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4:80", "::g",
            "1::2::3", "[::1", "example.com", "1.2.3.4/24", "０.０.０.０",
        ] {
            assert_eq!(parse(input), None, "{input}");
        }
    }

    #[test]
    fn forwarded_entries_may_carry_ports() {
        assert_eq!(parse_forwarded("203.0.113.7:51234").as_deref(), Some("203.0.113.7"));
        assert_eq!(parse_forwarded("[2001:db8::1]:443").as_deref(), Some("2001:db8::1"));
        assert_eq!(parse_forwarded("\"[2001:db8::1]\"").as_deref(), Some("2001:db8::1"));
        assert_eq!(parse_forwarded("2001:db8::1").as_deref(), Some("2001:db8::1"));
        assert_eq!(parse_forwarded("1.2.3.4:"), None);
        assert_eq!(parse_forwarded("1.2.3.4:http"), None);
        assert_eq!(parse_forwarded("[::1]x"), None);
        assert_eq!(parse_forwarded("::ffff:1.2.3.4:80"), None);
        assert_eq!(parse_forwarded(" \"\"1.2.3.4\" ").as_deref(), Some("1.2.3.4"));
        assert_eq!(parse_forwarded("\""), None);
        assert_eq!(parse_forwarded("\"::1\"\"\"").as_deref(), Some("::1"));
    }

    #[test]
    fn the_left_most_valid_forwarded_address_wins() {
        assert_eq!(first_forwarded("unknown, 198.51.100.2, 10.0.0.1").as_deref(), Some("198.51.100.2"));
        assert_eq!(first_forwarded("203.0.113.7, 10.0.0.1").as_deref(), Some("203.0.113.7"));
        assert_eq!(first_forwarded(" ,  , ::ffff:10.0.0.1").as_deref(), Some("10.0.0.1"));
        assert_eq!(first_forwarded("unknown, _hidden"), None);
        assert_eq!(first_forwarded(""), None);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use std::net::{IpAddr, Ipv6Addr};

    /// What `parse` did with `std::net` (the reference).
    fn std_parse(text: &str) -> Option<String> {
        let mut s = text.trim();
        if let Some(inner) = s.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            s = inner;
        }
        if let Some(i) = s.find('%') {
            s = &s[..i];
        }
        let ip = match s.parse::<IpAddr>().ok()? {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
            v4 => v4,
        };
        Some(ip.to_string())
    }

    /// Eight groups with long zero runs likely, written in one of the spellings people use.
    fn v6_text() -> impl Strategy<Value = String> {
        let group = prop_oneof![3 => Just(0u16), 1 => Just(0xffff), 1 => 1u16..16, 2 => any::<u16>()];
        (proptest::collection::vec(group, 8), 0..5u8, any::<bool>(), any::<[u8; 4]>()).prop_map(|(g, style, upper, v4)| {
            let addr = Ipv6Addr::new(g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7]);
            let text = match style {
                0 => addr.to_string(),
                1 => g.iter().map(|x| format!("{x:04x}")).collect::<Vec<_>>().join(":"),
                2 => g.iter().map(|x| format!("{x:x}")).collect::<Vec<_>>().join(":"),
                3 => format!("{}:{}.{}.{}.{}", g[..6].iter().map(|x| format!("{x:x}")).collect::<Vec<_>>().join(":"), v4[0], v4[1], v4[2], v4[3]),
                _ => format!("::ffff:{}.{}.{}.{}", v4[0], v4[1], v4[2], v4[3]),
            };
            if upper { text.to_uppercase() } else { text }
        })
    }

    /// A text with a few characters deleted, doubled or replaced by address punctuation.
    fn mutated(base: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
        (base, proptest::collection::vec((any::<prop::sample::Index>(), 0..4u8, "[0-9a-fA-F:.%\\[\\] ]"), 0..3)).prop_map(
            |(text, edits)| {
                let mut chars: Vec<char> = text.chars().collect();
                for (at, kind, c) in edits {
                    if chars.is_empty() {
                        break;
                    }
                    let i = at.index(chars.len());
                    match kind {
                        0 => drop(chars.remove(i)),
                        1 => chars.insert(i, chars[i]),
                        2 => chars[i] = c.chars().next().unwrap_or(':'),
                        _ => chars.insert(i, c.chars().next().unwrap_or(':')),
                    }
                }
                chars.into_iter().collect()
            },
        )
    }

    fn v4_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(prop_oneof![any::<u8>().prop_map(|b| b.to_string()), "0[0-9]{1,2}", "[0-9]{1,4}"], 4)
            .prop_map(|parts| parts.join("."))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn the_same_addresses_as_std_net_and_the_same_text(
            text in prop_oneof![
                v6_text(),
                v4_text(),
                mutated(v6_text()),
                mutated(v4_text()),
                "[0-9a-fA-F:.]{0,45}",
                "[0-9:.%\\[\\] fgx]{0,20}",
            ],
        ) {
            prop_assert_eq!(parse(&text), std_parse(&text), "{:?}", text);
        }
    }

    proptest! {
        #[test]
        fn forwarded_entries_as_before(text in mutated("[\" ]{0,2}\\[?(1\\.2\\.3\\.4|::1|::ffff:1\\.2\\.3\\.4)\\]?(:[0-9]{0,3})?[\" ]{0,2}")) {
            // The quotes went with `trim_matches('"')` before.
            prop_assert_eq!(parse_forwarded(&text), unquoted(text.trim().trim_matches('"')), "{:?}", text);
        }
    }

    #[test]
    fn corner_cases_agree_with_std_net() {
        for text in [
            "::", "::0", "0::", "1::", "::1", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "1::1.2.3.4", "::1.2.3.4", "1.2.3.4::", "1.2.3.4::1",
            "::ffff:1.2.3.4", "::ffff:0:1.2.3.4", "::FFFF:0102:0304", "0:0:0:0:0:ffff:1.2.3.4", "::fffe:1.2.3.4",
            "12345::", "1:2:3:4:5:6:7:8:9", ":1::2", "1:::2", "1::2::3", "::1.2.3", "::1.2.3.4.5", "::01.2.3.4",
            "::256.1.1.1", "0.0.0.0", "255.255.255.255", "00.0.0.0", "1.2.3.04", "1.2.3.4 ", "[::1]", "[1.2.3.4]",
            "fe80::1%eth0", "%", "[]", "1:0:0:1:0:0:0:1", "1:0:0:0:1:0:0:1", "0:0:1:0:0:1:0:0", "1:0:1:0:1:0:1:0",
            "::ffff:ffff:ffff", "a:b:c:d:e:f:0:0", "+1.2.3.4", "1.+2.3.4", "::+1", "１.2.3.4",
        ] {
            assert_eq!(parse(text), std_parse(text), "{text:?}");
        }
    }
}
