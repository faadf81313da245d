//! The `error` code of a Bearer challenge (RFC 6750 §3.1): [`BearerError`],
//! one of the RFC's three codes or an extension code, which may hold only
//! `NQSCHAR`s (RFC 6749 Appendix A.7).

use alloc::boxed::Box;
use core::fmt;

use super::error::{check_value, ChallengeError};
use super::value::Chars;

/// The `error` code of a Bearer challenge (RFC 6750 §3.1).
///
/// The three codes of RFC 6750 are constants; others (extension codes a
/// server may send) are kept as they are, provided they use only the
/// characters RFC 6749 Appendix A.7 allows.
///
/// # Examples
///
/// ```
/// use oauth_scope::BearerError;
///
/// assert_eq!(BearerError::INSUFFICIENT_SCOPE.as_str(), "insufficient_scope");
/// assert_eq!(BearerError::INSUFFICIENT_SCOPE.status_code(), Some(403));
/// let other = BearerError::new("use_dpop_nonce")?;
/// assert_eq!(other.status_code(), None);
/// # Ok::<(), oauth_scope::ChallengeError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct BearerError(Inner);

/// The code, one variant for each of RFC 6750's three, so that what is
/// known about a code is a `match`, not a string comparison.
///
/// `Extension` never holds one of the three (only [`BearerError::new`]
/// makes one, after matching them), so the derived equality and hash are
/// those of the code's text.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Inner {
    InvalidRequest,
    InvalidToken,
    InsufficientScope,
    /// Any other code: `1*NQSCHAR`, checked.
    Extension(Box<str>),
}

impl BearerError {
    /// `invalid_request` (HTTP 400): the request is missing a parameter, has
    /// an unsupported or repeated one, or is otherwise malformed.
    pub const INVALID_REQUEST: Self = Self(Inner::InvalidRequest);
    /// `invalid_token` (HTTP 401): the access token is expired, revoked,
    /// malformed or invalid for other reasons.
    pub const INVALID_TOKEN: Self = Self(Inner::InvalidToken);
    /// `insufficient_scope` (HTTP 403): the request requires more privileges
    /// than the access token provides.
    pub const INSUFFICIENT_SCOPE: Self = Self(Inner::InsufficientScope);

    /// An error code: `1*NQSCHAR` (RFC 6749 Appendix A.7: printable ASCII and
    /// space, without `"` and `\`).
    ///
    /// # Errors
    ///
    /// A [`ChallengeError`] when `code` is empty or has another character.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::BearerError;
    ///
    /// assert_eq!(BearerError::new("invalid_token")?, BearerError::INVALID_TOKEN);
    /// assert!(BearerError::new("bad\"code").is_err());
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn new(code: &str) -> Result<Self, ChallengeError> {
        check_value("error", code, Chars::NqsChar)?;
        Ok(Self(match code {
            "invalid_request" => Inner::InvalidRequest,
            "invalid_token" => Inner::InvalidToken,
            "insufficient_scope" => Inner::InsufficientScope,
            other => Inner::Extension(other.into()),
        }))
    }

    /// The code as it goes on the wire.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::BearerError;
    ///
    /// assert_eq!(BearerError::INVALID_TOKEN.as_str(), "invalid_token");
    /// ```
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Inner::InvalidRequest => "invalid_request",
            Inner::InvalidToken => "invalid_token",
            Inner::InsufficientScope => "insufficient_scope",
            Inner::Extension(code) => code,
        }
    }

    /// The HTTP status RFC 6750 §3.1 gives the code: 400, 401 or 403; `None`
    /// for other codes.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::BearerError;
    ///
    /// assert_eq!(BearerError::INVALID_REQUEST.status_code(), Some(400));
    /// assert_eq!(BearerError::INVALID_TOKEN.status_code(), Some(401));
    /// ```
    pub fn status_code(&self) -> Option<u16> {
        match self.0 {
            Inner::InvalidRequest => Some(400),
            Inner::InvalidToken => Some(401),
            Inner::InsufficientScope => Some(403),
            Inner::Extension(_) => None,
        }
    }
}

// The code's text, `BearerError("invalid_token")`, whichever variant holds it.
impl fmt::Debug for BearerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("BearerError").field(&self.as_str()).finish()
    }
}

impl fmt::Display for BearerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::{BearerError, Inner};
    use alloc::format;

    #[test]
    fn the_three_codes_read_as_their_variants() {
        for (code, constant) in [
            ("invalid_request", BearerError::INVALID_REQUEST),
            ("invalid_token", BearerError::INVALID_TOKEN),
            ("insufficient_scope", BearerError::INSUFFICIENT_SCOPE),
        ] {
            let read = BearerError::new(code).unwrap();
            assert!(!matches!(read.0, Inner::Extension(_)), "{code}");
            assert_eq!(read, constant);
            assert_eq!(read.as_str(), code);
        }
        let other = BearerError::new("Invalid_Token").unwrap();
        assert!(matches!(other.0, Inner::Extension(_)));
        assert_eq!(other.status_code(), None);
    }

    #[test]
    fn debug_shows_the_code() {
        assert_eq!(
            format!("{:?}", BearerError::INVALID_TOKEN),
            r#"BearerError("invalid_token")"#
        );
        let other = BearerError::new("use_dpop_nonce").unwrap();
        assert_eq!(format!("{other:?}"), r#"BearerError("use_dpop_nonce")"#);
    }
}
