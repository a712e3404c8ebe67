//! IP addresses as the proxy sees them: the connection's remote address and `X-Forwarded-For`.
//!
//! Node reports IPv4 clients of a dual-stack socket as `::ffff:203.0.113.7`; the gateway and the
//! issuer expect `203.0.113.7`. Proxies write entries with ports (`203.0.113.7:51234`,
//! `[2001:db8::1]:443`), zone ids (`fe80::1%eth0`) and placeholders (`unknown`).

use std::net::IpAddr;

/// The longest IP text EMV's `browserIP` takes.
pub const MAX_LEN: usize = 45;

/// The address in `text`, canonical (IPv4-mapped IPv6 as plain IPv4, IPv6 compressed, lower case),
/// or `None`. Accepts surrounding white space, `[...]` brackets and a zone id; no port.
pub fn parse(text: &str) -> Option<String> {
    let mut s = text.trim();
    if let Some(inner) = s.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        s = inner;
    }
    if let Some(i) = s.find('%') {
        s = &s[..i];
    }
    canonical(s.parse().ok()?)
}

/// Like [`parse`], and also accepts the forms proxies add: `1.2.3.4:5678`, `[::1]:443`, quotes.
pub fn parse_forwarded(text: &str) -> Option<String> {
    let s = text.trim().trim_matches('"');
    if let Some(rest) = s.strip_prefix('[') {
        let end = rest.find(']')?;
        let port = &rest[end + 1..];
        if !(port.is_empty() || (port.starts_with(':') && port[1..].bytes().all(|b| b.is_ascii_digit()))) {
            return None;
        }
        return parse(&rest[..end]);
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

fn canonical(ip: IpAddr) -> Option<String> {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    };
    Some(ip.to_string())
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
