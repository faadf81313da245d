//! The byte encodings the client writes: `application/x-www-form-urlencoded`
//! (query strings and token request bodies), Base64 (HTTP Basic, MCP's
//! `=?base64?…?=` header values) and Base64url without padding (PKCE).

use std::fmt::Write as _;

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64 with the standard alphabet and `=` padding (RFC 4648 §4).
pub(crate) fn base64(bytes: &[u8]) -> String {
    encode64(bytes, STANDARD, true)
}

/// Base64url without padding (RFC 4648 §5), as RFC 7636 §4.1 and
/// Appendix A write the PKCE verifier and challenge.
pub(crate) fn base64url(bytes: &[u8]) -> String {
    encode64(bytes, URL_SAFE, false)
}

fn encode64(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        let sextets = [n >> 18, n >> 12, n >> 6, n];
        // One input byte gives two characters, two give three, three four.
        for &s in &sextets[..=chunk.len()] {
            out.push(char::from(alphabet[(s & 63) as usize]));
        }
        if pad {
            for _ in chunk.len()..3 {
                out.push('=');
            }
        }
    }
    out
}

/// `value` as an `application/x-www-form-urlencoded` component (the URL
/// Standard's serializer, which RFC 6749 Appendix B names): letters,
/// digits and `*-._` as they are, space as `+`, every other byte of the
/// UTF-8 as `%XX`.
pub(crate) fn form_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// Name-value pairs as a form body or a query string: `a=1&b=2`.
pub(crate) fn form(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&form_encode(name));
        out.push('=');
        out.push_str(&form_encode(value));
    }
    out
}

/// Reads a query string or form body into its pairs, in order: `+` is a
/// space and `%XX` a byte (a `%` not followed by two hexadecimal digits is
/// kept as it is); bytes that are not UTF-8 become U+FFFD, so a value
/// compared with an expected one simply differs.
pub(crate) fn form_decode(input: &str) -> Vec<(String, String)> {
    input
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name), percent_decode(value))
        })
        .collect()
}

fn percent_decode(input: &str) -> String {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            ) {
                (Some(hi), Some(lo)) => {
                    out.push(hi << 4 | lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_rfc4648_vectors() {
        // RFC 4648 §10.
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(base64(input.as_bytes()), expected, "{input:?}");
        }
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn pkce_appendix_b() {
        // RFC 7636 Appendix B: the verifier's octets and their encoding.
        let octets = [
            116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212,
            37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
        ];
        assert_eq!(
            base64url(&octets),
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        );
    }

    #[test]
    fn form_round_trip() {
        let body = form(&[
            ("scope", "mcp:basic mcp:write"),
            ("iss", "http://a:1/x?y=&z"),
        ]);
        assert_eq!(
            body,
            "scope=mcp%3Abasic+mcp%3Awrite&iss=http%3A%2F%2Fa%3A1%2Fx%3Fy%3D%26z"
        );
        assert_eq!(
            form_decode(&body),
            [
                ("scope".to_owned(), "mcp:basic mcp:write".to_owned()),
                ("iss".to_owned(), "http://a:1/x?y=&z".to_owned()),
            ]
        );
        assert_eq!(
            form_decode("a=%zz&b=%4&c=%41"),
            [
                ("a".to_owned(), "%zz".to_owned()),
                ("b".to_owned(), "%4".to_owned()),
                ("c".to_owned(), "A".to_owned()),
            ]
        );
    }
}
