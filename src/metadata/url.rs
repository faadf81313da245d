//! The URLs of a metadata document, checked by hand: the crate takes no URL
//! dependency for the few rules RFC 9728 and RFC 8414 set.
//!
//! A URL is accepted when it is
//!
//! ```text
//! url       = scheme "://" authority [ path ] [ "?" query ] [ "#" fragment ]
//! scheme    = "https" / "http"                  ; any case; http for a loopback host only
//! authority = host [ ":" port ]                 ; no userinfo (RFC 9110 §4.2.4)
//! host      = 1*( any URL character but ":" "[" "]" ) / "[" 1*( HEXDIG / ":" / "." ) "]"
//! port      = 1*5DIGIT                          ; up to 65535
//! ```
//!
//! with every character one of RFC 3986 §2 (unreserved, reserved, and `%`
//! followed by two hexadecimal digits). What a member allows of the query
//! and the fragment is its [`Rules`]. The text is never rewritten: RFC 9728
//! §3.3 has clients compare `resource` for identity, so it stays as given.

use super::error::{MetadataError, MetadataErrorKind as Kind};

/// What a URL member allows beyond scheme, authority and path.
#[derive(Clone, Copy, Debug)]
pub(super) struct Rules {
    query: bool,
    fragment: bool,
}

/// `resource` (RFC 9728 §1.2): no fragment; a query is allowed though it
/// "SHOULD NOT" be there.
pub(super) const RESOURCE: Rules = Rules {
    query: true,
    fragment: false,
};

/// An authorization server's issuer identifier (RFC 8414 §2): "no query or
/// fragment components".
pub(super) const ISSUER: Rules = Rules {
    query: false,
    fragment: false,
};

/// A page for people (`resource_documentation`): a fragment may point into it.
pub(super) const PAGE: Rules = Rules {
    query: true,
    fragment: true,
};

/// Checks `url`, the value of `member`, and returns where its authority
/// ends (where the path, query or end begins). Of several problems, the one
/// at the smallest byte is reported.
pub(super) fn check(member: &str, url: &str, rules: Rules) -> Result<usize, MetadataError> {
    let structure = structure(url, rules);
    let problem = match (first_bad_char(url), structure) {
        (Some(bad), Err(other)) if other.1 < bad.1 => other,
        (Some(bad), _) => bad,
        (None, Ok(authority_end)) => return Ok(authority_end),
        (None, Err(other)) => other,
    };
    Err(MetadataError::new(
        problem.0,
        member,
        Some(url),
        Some(problem.1),
    ))
}

/// The first character outside RFC 3986 §2, or `%` without two hex digits.
fn first_bad_char(url: &str) -> Option<(Kind, usize)> {
    let bytes = url.as_bytes();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        if b == b'%' {
            let hex = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(at + 1) && hex(at + 2)) {
                return Some((Kind::InvalidPercentEncoding, at));
            }
            at += 3;
        } else if is_url_char(b) {
            at += 1;
        } else {
            return Some((Kind::InvalidChar, at));
        }
    }
    None
}

/// Unreserved and reserved characters (RFC 3986 §2.2, §2.3).
fn is_url_char(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'.'
                | b'_'
                | b'~'
                | b':'
                | b'/'
                | b'?'
                | b'#'
                | b'['
                | b']'
                | b'@'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
        )
}

/// Scheme, authority, query and fragment; the characters are
/// [`first_bad_char`]'s.
fn structure(url: &str, rules: Rules) -> Result<usize, (Kind, usize)> {
    let scheme_end = match url.find(':') {
        Some(end) if is_scheme(&url[..end]) => end,
        _ => return Err((Kind::NotAbsolute, 0)),
    };
    let scheme = &url[..scheme_end];
    let https = scheme.eq_ignore_ascii_case("https");
    if !https && !scheme.eq_ignore_ascii_case("http") {
        return Err((Kind::UnsupportedScheme, 0));
    }
    if !url[scheme_end + 1..].starts_with("//") {
        return Err((Kind::NotAbsolute, scheme_end + 1));
    }
    let start = scheme_end + 3;
    let end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    let authority = &url[start..end];
    if let Some(at) = authority.find('@') {
        return Err((Kind::Userinfo, start + at));
    }
    let host_end = if authority.starts_with('[') {
        match authority.find(']') {
            Some(close)
                if close > 1
                    && authority[1..close]
                        .bytes()
                        .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.') =>
            {
                close + 1
            }
            _ => return Err((Kind::InvalidHost, start)),
        }
    } else {
        authority.find(':').unwrap_or(authority.len())
    };
    let host = &authority[..host_end];
    if host.is_empty() {
        return Err((Kind::EmptyHost, start));
    }
    if !host.starts_with('[') {
        if let Some(at) = host.find(['[', ']']) {
            return Err((Kind::InvalidHost, start + at));
        }
    }
    let after_host = &authority[host_end..];
    if !after_host.is_empty() {
        let Some(port) = after_host.strip_prefix(':') else {
            return Err((Kind::InvalidHost, start + host_end));
        };
        let digits =
            !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
        if !digits || port.parse::<u32>().map_or(true, |p| p > 65_535) {
            return Err((Kind::InvalidPort, start + host_end + 1));
        }
    }
    if !https && !is_loopback(host) {
        return Err((Kind::InsecureHttp, 0));
    }
    // `[` and `]` delimit an IP literal host and nothing else (RFC 3986
    // §3.2.2): in a path, query or fragment they must be percent-encoded.
    if let Some(at) = url[end..].find(['[', ']']) {
        return Err((Kind::InvalidChar, end + at));
    }
    let fragment = url[end..].find('#').map(|i| end + i);
    let query = url[end..fragment.unwrap_or(url.len())]
        .find('?')
        .map(|i| end + i);
    match (query, fragment) {
        (Some(at), _) if !rules.query => Err((Kind::Query, at)),
        (_, Some(at)) if !rules.fragment => Err((Kind::Fragment, at)),
        _ => Ok(end),
    }
}

/// `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )` (RFC 3986 §3.1).
fn is_scheme(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// `localhost`, an address of `127.0.0.0/8`, or `[::1]`: the hosts a
/// development server listens on, where `http` is allowed.
fn is_loopback(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") || host == "[::1]" {
        return true;
    }
    let mut octets = host.split('.');
    let first = octets.next();
    let rest: [Option<&str>; 3] = [octets.next(), octets.next(), octets.next()];
    let octet = |o: Option<&str>| {
        o.is_some_and(|o| {
            !o.is_empty()
                && o.len() <= 3
                && o.bytes().all(|b| b.is_ascii_digit())
                && o.parse::<u16>().is_ok_and(|n| n <= 255)
        })
    };
    first == Some("127") && rest.iter().all(|&o| octet(o)) && octets.next().is_none()
}
