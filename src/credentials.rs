//! [`Credentials`]: the access token of a request's `Authorization` header,
//! in the `Bearer` scheme (RFC 6750 §2.1) or the `DPoP` scheme (RFC 9449
//! §7.1), read before anything checks it.

use core::fmt;

use crate::challenge::ErrorCode;

/// The authentication scheme of credentials or of a challenge.
///
/// The enum is `#[non_exhaustive]`: later versions may add schemes.
///
/// # Examples
///
/// ```
/// use oauth_scope::AuthScheme;
///
/// assert_eq!(AuthScheme::DPoP.as_str(), "DPoP");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthScheme {
    /// `Bearer` (RFC 6750): whoever holds the token may use it.
    Bearer,
    /// `DPoP` (RFC 9449): the token is bound to a key, proved per request.
    DPoP,
}

impl AuthScheme {
    /// The scheme's name as it is written in headers.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::AuthScheme;
    ///
    /// assert_eq!(AuthScheme::Bearer.as_str(), "Bearer");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Bearer => "Bearer",
            Self::DPoP => "DPoP",
        }
    }
}

impl fmt::Display for AuthScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The access token of an `Authorization` header in the `Bearer` or `DPoP`
/// scheme, borrowed from the header:
///
/// ```text
/// credentials = ( "Bearer" / "DPoP" ) 1*SP token68    ; scheme case-insensitive
/// token68     = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
/// ```
///
/// (RFC 6750 §2.1 `b64token`, RFC 9449 §7.1, RFC 9110 §11.2 `token68` and
/// §11.1: the scheme is case-insensitive). What the token means, and the
/// `DPoP` proof that goes with it, are for the layer that verifies it.
///
/// # Examples
///
/// ```
/// use oauth_scope::{AuthScheme, Credentials};
///
/// let c = Credentials::parse("bearer mF_9.B5f-4.1JqM")?.unwrap();
/// assert_eq!((c.scheme(), c.token()), (AuthScheme::Bearer, "mF_9.B5f-4.1JqM"));
///
/// // Another scheme: no credentials of these two schemes (RFC 6750 §3.1:
/// // answer with a challenge and no error code).
/// assert_eq!(Credentials::parse("Basic YWxhZGRpbjpvcGVuc2VzYW1l")?, None);
///
/// // A malformed token is an `invalid_request` (400).
/// let err = Credentials::parse("Bearer abc def").unwrap_err();
/// assert_eq!(err.error_code(), "invalid_request");
/// assert_eq!(err.offset(), Some(10));
/// # Ok::<(), oauth_scope::CredentialsError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Credentials<'a> {
    scheme: AuthScheme,
    token: &'a str,
}

impl<'a> Credentials<'a> {
    /// Reads one `Authorization` field value: `Ok(None)` when its scheme is
    /// neither `Bearer` nor `DPoP`. Whitespace around the value is ignored
    /// (HTTP strips it).
    ///
    /// # Cost
    ///
    /// One pass over `value`.
    ///
    /// # Errors
    ///
    /// A [`CredentialsError`] ([`ErrorCode::INVALID_REQUEST`], RFC 6750
    /// §3.1) for an empty value, a `Bearer` or `DPoP` scheme without a
    /// token, or a token that is not `token68`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{AuthScheme, Credentials, CredentialsErrorKind};
    ///
    /// let c = Credentials::parse("DPoP Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU")?.unwrap();
    /// assert_eq!(c.scheme(), AuthScheme::DPoP);
    /// let err = Credentials::parse("Bearer").unwrap_err();
    /// assert_eq!(err.kind(), CredentialsErrorKind::MissingToken);
    /// # Ok::<(), oauth_scope::CredentialsError>(())
    /// ```
    pub fn parse(value: &'a str) -> Result<Option<Self>, CredentialsError> {
        let start = value.len() - value.trim_start_matches([' ', '\t']).len();
        let value_end = value.trim_end_matches([' ', '\t']).len();
        let text = value.get(start..value_end.max(start)).unwrap_or("");
        let malformed =
            |at: usize| CredentialsError::new(CredentialsErrorKind::Malformed, Some(start + at));
        if text.is_empty() {
            return Err(CredentialsError::new(CredentialsErrorKind::Empty, None));
        }
        // The scheme is a token: it ends at the first space (HTAB, which no
        // token holds, ends it too, but only SP may follow a scheme).
        let scheme_end = text.find([' ', '\t']).unwrap_or(text.len());
        let scheme = &text[..scheme_end];
        let scheme = if scheme.eq_ignore_ascii_case("Bearer") {
            AuthScheme::Bearer
        } else if scheme.eq_ignore_ascii_case("DPoP") {
            AuthScheme::DPoP
        } else {
            return Ok(None);
        };
        let rest = &text[scheme_end..];
        if rest.starts_with('\t') {
            return Err(malformed(scheme_end));
        }
        let token = rest.trim_start_matches(' ');
        let token_at = scheme_end + (rest.len() - token.len());
        if token.is_empty() {
            return Err(CredentialsError::new(
                CredentialsErrorKind::MissingToken,
                Some(start + token_at),
            ));
        }
        let body = token.trim_end_matches('=');
        if let Some(i) = body.bytes().position(|b| !is_token68_char(b)) {
            return Err(malformed(token_at + i));
        }
        if body.is_empty() {
            return Err(malformed(token_at));
        }
        Ok(Some(Credentials { scheme, token }))
    }

    /// The scheme: `Bearer` or `DPoP`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{AuthScheme, Credentials};
    ///
    /// assert_eq!(Credentials::parse("BEARER abc")?.unwrap().scheme(), AuthScheme::Bearer);
    /// # Ok::<(), oauth_scope::CredentialsError>(())
    /// ```
    pub const fn scheme(&self) -> AuthScheme {
        self.scheme
    }

    /// The access token, as it was sent.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Credentials;
    ///
    /// assert_eq!(Credentials::parse("Bearer abc==")?.unwrap().token(), "abc==");
    /// # Ok::<(), oauth_scope::CredentialsError>(())
    /// ```
    pub const fn token(&self) -> &'a str {
        self.token
    }
}

/// `ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/"`.
fn is_token68_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/')
}

/// Why an `Authorization` header holds no usable `Bearer` or `DPoP`
/// credentials: always `invalid_request` (RFC 6750 §3.1, HTTP 400).
///
/// # Examples
///
/// ```
/// use oauth_scope::Credentials;
///
/// let err = Credentials::parse("Bearer a b").unwrap_err();
/// assert_eq!(err.to_string(), "malformed credentials at byte 8: expected one token68 after the scheme");
/// assert_eq!(err.status_code(), 400);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct CredentialsError {
    kind: CredentialsErrorKind,
    offset: Option<usize>,
}

/// What a [`CredentialsError`] reports.
///
/// The enum is `#[non_exhaustive]`: later versions may add kinds.
///
/// # Examples
///
/// ```
/// use oauth_scope::{Credentials, CredentialsErrorKind};
///
/// assert_eq!(Credentials::parse("").unwrap_err().kind(), CredentialsErrorKind::Empty);
/// assert_eq!(CredentialsErrorKind::Malformed.code(), "malformed");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// An empty `Authorization` value.
    Empty,
    /// A `Bearer` or `DPoP` scheme with no token after it.
    MissingToken,
    /// A token that is not one `token68`, or text after it.
    Malformed,
    /// More than one `Authorization` header (RFC 6750 §2: a request uses
    /// one method).
    Repeated,
    /// A header value with a byte outside visible ASCII, space and HTAB.
    NotVisibleAscii,
}

impl CredentialsErrorKind {
    /// The kind's name in `snake_case`, for logs and machine-readable output.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::CredentialsErrorKind;
    ///
    /// assert_eq!(CredentialsErrorKind::MissingToken.code(), "missing_token");
    /// ```
    pub const fn code(self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::MissingToken => "missing_token",
            Self::Malformed => "malformed",
            Self::Repeated => "repeated",
            Self::NotVisibleAscii => "not_visible_ascii",
        }
    }
}

impl CredentialsError {
    const fn new(kind: CredentialsErrorKind, offset: Option<usize>) -> Self {
        Self { kind, offset }
    }

    /// What went wrong.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Credentials, CredentialsErrorKind};
    ///
    /// let err = Credentials::parse("Bearer ab=c").unwrap_err();
    /// assert_eq!(err.kind(), CredentialsErrorKind::Malformed);
    /// ```
    pub const fn kind(&self) -> CredentialsErrorKind {
        self.kind
    }

    /// The byte offset of the problem in the header value, where it has one.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Credentials;
    ///
    /// assert_eq!(Credentials::parse("Bearer ab=c").unwrap_err().offset(), Some(9));
    /// ```
    pub const fn offset(&self) -> Option<usize> {
        self.offset
    }

    /// The OAuth error code to answer with: `invalid_request` (RFC 6750
    /// §3.1).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Credentials, ErrorCode};
    ///
    /// let err = Credentials::parse("Bearer").unwrap_err();
    /// assert_eq!(err.error_code(), ErrorCode::INVALID_REQUEST);
    /// ```
    pub const fn error_code(&self) -> ErrorCode {
        ErrorCode::INVALID_REQUEST
    }

    /// The HTTP status to answer with: 400.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Credentials;
    ///
    /// assert_eq!(Credentials::parse("").unwrap_err().status_code(), 400);
    /// ```
    pub const fn status_code(&self) -> u16 {
        400
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = |f: &mut fmt::Formatter<'_>| match self.offset {
            Some(at) => write!(f, " at byte {at}"),
            None => Ok(()),
        };
        match self.kind {
            CredentialsErrorKind::Empty => f.write_str("empty Authorization header"),
            CredentialsErrorKind::MissingToken => {
                f.write_str("no access token")?;
                at(f)?;
                f.write_str(": expected a token68 after the scheme")
            }
            CredentialsErrorKind::Malformed => {
                f.write_str("malformed credentials")?;
                at(f)?;
                f.write_str(": expected one token68 after the scheme")
            }
            CredentialsErrorKind::Repeated => f.write_str(
                "more than one Authorization header; a request carries one access token",
            ),
            CredentialsErrorKind::NotVisibleAscii => {
                f.write_str("invalid Authorization header")?;
                at(f)?;
                f.write_str(": expected visible ASCII")
            }
        }
    }
}

impl fmt::Debug for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CredentialsError(\"{self}\")")
    }
}

#[cfg(feature = "std")]
impl std::error::Error for CredentialsError {}

#[cfg(feature = "http")]
impl<'a> Credentials<'a> {
    /// Reads the request's one `Authorization` header: `Ok(None)` when it
    /// has none, or one in another scheme.
    ///
    /// # Errors
    ///
    /// As [`parse`](Self::parse), and [`CredentialsErrorKind::Repeated`]
    /// for two `Authorization` headers or more,
    /// [`CredentialsErrorKind::NotVisibleAscii`] for a value with other
    /// bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use http::header::AUTHORIZATION;
    /// use http::{HeaderMap, HeaderValue};
    /// use oauth_scope::{Credentials, CredentialsErrorKind};
    ///
    /// let mut headers = HeaderMap::new();
    /// assert_eq!(Credentials::from_headers(&headers)?, None);
    /// headers.append(AUTHORIZATION, HeaderValue::from_static("Bearer abc"));
    /// assert_eq!(Credentials::from_headers(&headers)?.unwrap().token(), "abc");
    /// headers.append(AUTHORIZATION, HeaderValue::from_static("Bearer def"));
    /// let err = Credentials::from_headers(&headers).unwrap_err();
    /// assert_eq!(err.kind(), CredentialsErrorKind::Repeated);
    /// # Ok::<(), oauth_scope::CredentialsError>(())
    /// ```
    pub fn from_headers(headers: &'a http::HeaderMap) -> Result<Option<Self>, CredentialsError> {
        let mut values = headers.get_all(http::header::AUTHORIZATION).iter();
        let Some(value) = values.next() else {
            return Ok(None);
        };
        if values.next().is_some() {
            return Err(CredentialsError::new(CredentialsErrorKind::Repeated, None));
        }
        let text = value.to_str().map_err(|_| {
            let at = value
                .as_bytes()
                .iter()
                .position(|&b| !(b == b'\t' || (0x20..0x7F).contains(&b)));
            CredentialsError::new(CredentialsErrorKind::NotVisibleAscii, at)
        })?;
        Credentials::parse(text)
    }
}
