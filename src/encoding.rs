//! Scope in a URL query (`%20`) and in `application/x-www-form-urlencoded`
//! bodies (`+`), both directions.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use crate::error::{ErrorKind, ParseError};
use crate::set::ScopeSet;

/// How a byte other than space is written.
#[derive(Clone, Copy)]
enum Style {
    /// A URL query component (RFC 3986 §3.4): unreserved characters, `:` and
    /// `/` as they are, the rest percent-encoded, space as `%20`.
    Query,
    /// `application/x-www-form-urlencoded` (the WHATWG URL standard's
    /// serializer, used by HTML forms and OAuth token requests): `*-._`,
    /// digits and letters as they are, the rest percent-encoded, space as `+`.
    Form,
}

fn encode(set: &ScopeSet<'_>, style: Style) -> String {
    let mut out = String::new();
    for (i, token) in set.iter().enumerate() {
        if i > 0 {
            out.push_str(match style {
                Style::Query => "%20",
                Style::Form => "+",
            });
        }
        for b in token.as_str().bytes() {
            let keep = match style {
                Style::Query => b.is_ascii_alphanumeric() || b"-._~:/".contains(&b),
                Style::Form => b.is_ascii_alphanumeric() || b"*-._".contains(&b),
            };
            if keep {
                out.push(char::from(b));
            } else {
                // Writing to a String cannot fail.
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// Percent-decodes `input`, `+` as space, then reads the result in strict
/// form. The error is the first problem in `input`, at its offset there.
fn decode(input: &str) -> Result<ScopeSet<'static>, ParseError> {
    let bytes = input.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    // For each decoded byte, where it came from in `input`.
    let mut origin = Vec::with_capacity(bytes.len());
    // Where decoding stopped: a `%` without two hex digits.
    let mut bad_escape = None;
    let mut i = 0;
    while i < bytes.len() {
        let (byte, width) = match bytes[i] {
            b'%' => {
                let hex = |j: usize| bytes.get(j).and_then(|&b| char::from(b).to_digit(16));
                if let (Some(hi), Some(lo)) = (hex(i + 1), hex(i + 2)) {
                    ((hi * 16 + lo) as u8, 3)
                } else {
                    bad_escape = Some(i);
                    break;
                }
            }
            // RFC 6749 Appendix B: query parameters of OAuth requests are
            // form-urlencoded too, so `+` is a space either way; a `+` in a
            // token arrives as `%2B`.
            b'+' => (b' ', 1),
            b => (b, 1),
        };
        decoded.push(byte);
        origin.push(i);
        i += width;
    }
    let at = |offset: usize| origin.get(offset).copied().unwrap_or(input.len());

    // Up to the first byte that is not ASCII (never an NQCHAR), the decoded
    // text is ASCII and the grammar reads it. That byte, or else a bad
    // escape, is a problem; a grammar problem before it comes first.
    let ascii = decoded.iter().position(|b| !b.is_ascii());
    let mut text: String = decoded[..ascii.unwrap_or(decoded.len())]
        .iter()
        .map(|&b| char::from(b))
        .collect();
    let stop = match ascii {
        Some(k) => Some(ParseError::new(
            ErrorKind::InvalidChar(first_char(&decoded[k..])),
            at(k),
        )),
        None => bad_escape.map(|i| ParseError::new(ErrorKind::InvalidPercentEncoding, i)),
    };
    let Some(stop) = stop else {
        return match ScopeSet::parse(&text) {
            Ok(set) => Ok(set.into_owned()),
            Err(e) => {
                let offset = at(e.offset());
                Err(e.at(offset))
            }
        };
    };
    // What stopped the text is not a space: an `x` stands for it, so that a
    // space before it is not taken for a trailing one, nor an empty text
    // for an empty scope.
    let len = text.len();
    text.push('x');
    match ScopeSet::parse(&text) {
        Err(e) if e.offset() < len => {
            let offset = at(e.offset());
            Err(e.at(offset))
        }
        _ => Err(stop),
    }
}

/// The character that `bytes` start with, or U+FFFD when they do not start
/// with one in UTF-8.
fn first_char(bytes: &[u8]) -> char {
    let head = &bytes[..bytes.len().min(4)];
    let valid = match core::str::from_utf8(head) {
        Ok(s) => s,
        Err(e) => core::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default(),
    };
    valid.chars().next().unwrap_or('\u{FFFD}')
}

impl ScopeSet<'_> {
    /// The scope as a URL query component value (RFC 3986 §3.4), for an
    /// authorization request (RFC 6749 §4.1.1): tokens joined by `%20`;
    /// letters, digits, `-._~:/` as they are; every other byte as `%XX`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ScopeSet;
    ///
    /// let set = ScopeSet::parse("openid https://www.googleapis.com/auth/drive a&b=c")?;
    /// assert_eq!(
    ///     set.to_query(),
    ///     "a%26b%3Dc%20https://www.googleapis.com/auth/drive%20openid",
    /// );
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn to_query(&self) -> String {
        encode(self, Style::Query)
    }

    /// The scope as an `application/x-www-form-urlencoded` value, for a token
    /// request body (RFC 6749 §4.1.3, Appendix B): tokens joined by `+`;
    /// letters, digits, `*-._` as they are; every other byte as `%XX`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ScopeSet;
    ///
    /// let set = ScopeSet::parse("read:org repo")?;
    /// assert_eq!(set.to_form(), "read%3Aorg+repo");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn to_form(&self) -> String {
        encode(self, Style::Form)
    }
}

impl ScopeSet<'static> {
    /// Reads a percent-encoded scope: a URL query component (`%20` or `+`
    /// between tokens) or an `application/x-www-form-urlencoded` value (a
    /// token request body, RFC 6749 §4.1.3). `%XX` is decoded and `+` is a
    /// space in both (RFC 6749 Appendix B: OAuth puts its query parameters in
    /// `application/x-www-form-urlencoded` form too, as Python's `urlencode`
    /// and HTML forms send `scope=openid+email`); then the strict grammar.
    ///
    /// # Errors
    ///
    /// A [`ParseError`] for the first problem in `input`, whatever its kind,
    /// at its byte offset in `input`: [`ErrorKind::InvalidPercentEncoding`]
    /// at a `%` not followed by two hex digits; [`ErrorKind::InvalidChar`]
    /// where a character or escape decodes to something outside `NQCHAR`
    /// (the decoded character, or U+FFFD when the decoded bytes are not
    /// UTF-8); [`ErrorKind::EmptyToken`] at a `+` or `%20` with no token on
    /// one side; [`ErrorKind::Empty`] for empty `input`.
    ///
    /// # Cost
    ///
    /// One pass to decode, then [`ScopeSet::parse`]: O(n log n) in the
    /// length of `input`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{ErrorKind, ScopeSet};
    ///
    /// let set = ScopeSet::from_urlencoded("openid%20email")?;
    /// assert_eq!(set.to_string(), "email openid");
    /// assert_eq!(ScopeSet::from_urlencoded("openid+email")?, set);
    /// assert_eq!(ScopeSet::from_urlencoded("read%3Aorg+a%2Bb")?.to_string(), "a+b read:org");
    ///
    /// let err = ScopeSet::from_urlencoded("openid%2").unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidPercentEncoding, 6));
    /// let err = ScopeSet::from_urlencoded("openid%20%20email").unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::EmptyToken, 9));
    /// let err = ScopeSet::from_urlencoded("repo+%22x%22").unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidChar('"'), 5));
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn from_urlencoded(input: &str) -> Result<Self, ParseError> {
        decode(input)
    }

    /// [`from_urlencoded`](Self::from_urlencoded), under the name it had
    /// for a URL query.
    ///
    /// # Errors
    ///
    /// As [`from_urlencoded`](Self::from_urlencoded).
    #[deprecated(
        since = "0.1.0",
        note = "one decoder reads both forms: `from_urlencoded`"
    )]
    pub fn from_query(input: &str) -> Result<Self, ParseError> {
        decode(input)
    }

    /// [`from_urlencoded`](Self::from_urlencoded), under the name it had
    /// for a form body.
    ///
    /// # Errors
    ///
    /// As [`from_urlencoded`](Self::from_urlencoded).
    #[deprecated(
        since = "0.1.0",
        note = "one decoder reads both forms: `from_urlencoded`"
    )]
    pub fn from_form(input: &str) -> Result<Self, ParseError> {
        decode(input)
    }
}
