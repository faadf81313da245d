//! An OAuth error code: [`ErrorCode`], one of the codes of RFC 6750 §3.1
//! and RFC 6749 §5.2 that this crate answers with, or an extension code,
//! which may hold only `NQSCHAR`s (RFC 6749 Appendix A.7).

use alloc::boxed::Box;
use core::fmt;

use super::error::{check_value, ChallengeError};
use super::value::Chars;

/// An OAuth error code: the `error` of a Bearer challenge (RFC 6750 §3.1)
/// or of a token endpoint's error response (RFC 6749 §5.2).
///
/// The three codes of RFC 6750, `invalid_scope` of RFC 6749, the two of
/// DPoP (RFC 9449 §7.1, §9) and `insufficient_user_authentication` of
/// RFC 9470 are constants; others (extension codes a server may send) are kept as they
/// are, provided they use only the characters RFC 6749 Appendix A.7 allows.
/// A code compares equal to its text (`ErrorCode::INVALID_SCOPE ==
/// "invalid_scope"`).
///
/// # Examples
///
/// ```
/// use oauth_scope::ErrorCode;
///
/// assert_eq!(ErrorCode::INSUFFICIENT_SCOPE.as_str(), "insufficient_scope");
/// assert_eq!(ErrorCode::INSUFFICIENT_SCOPE.status_code(), Some(403));
/// assert_eq!(ErrorCode::new("use_dpop_nonce")?, ErrorCode::USE_DPOP_NONCE);
/// let other = ErrorCode::new("temporarily_unavailable")?;
/// assert_eq!(other.status_code(), None);
/// # Ok::<(), oauth_scope::ChallengeError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ErrorCode(Inner);

/// The name [`ErrorCode`] had while it held only the codes of a Bearer
/// challenge.
#[deprecated(
    since = "0.1.0",
    note = "renamed to `ErrorCode`, which also holds `invalid_scope`"
)]
pub type BearerError = ErrorCode;

/// The code, one variant for each named one, so that what is
/// known about a code is a `match`, not a string comparison.
///
/// `Extension` never holds one of the named codes (only [`ErrorCode::new`]
/// makes one, after matching them), so the derived equality and hash are
/// those of the code's text.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Inner {
    InvalidRequest,
    InvalidToken,
    InsufficientScope,
    InvalidScope,
    InvalidDpopProof,
    UseDpopNonce,
    InsufficientUserAuthentication,
    /// Any other code: `1*NQSCHAR`, checked.
    Extension(Box<str>),
}

impl ErrorCode {
    /// `invalid_request` (HTTP 400): the request is missing a parameter, has
    /// an unsupported or repeated one, or is otherwise malformed.
    pub const INVALID_REQUEST: Self = Self(Inner::InvalidRequest);
    /// `invalid_token` (HTTP 401): the access token is expired, revoked,
    /// malformed or invalid for other reasons.
    pub const INVALID_TOKEN: Self = Self(Inner::InvalidToken);
    /// `insufficient_scope` (HTTP 403): the request requires more privileges
    /// than the access token provides.
    pub const INSUFFICIENT_SCOPE: Self = Self(Inner::InsufficientScope);
    /// `invalid_scope` (RFC 6749 §5.2, HTTP 400): the requested scope is
    /// invalid, unknown, malformed, or exceeds the scope granted by the
    /// resource owner.
    pub const INVALID_SCOPE: Self = Self(Inner::InvalidScope);
    /// `invalid_dpop_proof` (RFC 9449 §7.1, HTTP 401): the DPoP proof is
    /// missing, malformed or invalid.
    pub const INVALID_DPOP_PROOF: Self = Self(Inner::InvalidDpopProof);
    /// `use_dpop_nonce` (RFC 9449 §9, HTTP 401): the DPoP proof must carry
    /// the nonce the server gives in the `DPoP-Nonce` header.
    pub const USE_DPOP_NONCE: Self = Self(Inner::UseDpopNonce);
    /// `insufficient_user_authentication` (RFC 9470 §3, HTTP 401): the
    /// user's authentication does not meet the resource's requirements
    /// (`acr_values`, `max_age`).
    pub const INSUFFICIENT_USER_AUTHENTICATION: Self = Self(Inner::InsufficientUserAuthentication);

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
    /// use oauth_scope::ErrorCode;
    ///
    /// assert_eq!(ErrorCode::new("invalid_token")?, ErrorCode::INVALID_TOKEN);
    /// assert!(ErrorCode::new("bad\"code").is_err());
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn new(code: &str) -> Result<Self, ChallengeError> {
        check_value("error", code, Chars::NqsChar)?;
        Ok(Self(match code {
            "invalid_request" => Inner::InvalidRequest,
            "invalid_token" => Inner::InvalidToken,
            "insufficient_scope" => Inner::InsufficientScope,
            "invalid_scope" => Inner::InvalidScope,
            "invalid_dpop_proof" => Inner::InvalidDpopProof,
            "use_dpop_nonce" => Inner::UseDpopNonce,
            "insufficient_user_authentication" => Inner::InsufficientUserAuthentication,
            other => Inner::Extension(other.into()),
        }))
    }

    /// The code as it goes on the wire.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ErrorCode;
    ///
    /// assert_eq!(ErrorCode::INVALID_TOKEN.as_str(), "invalid_token");
    /// ```
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Inner::InvalidRequest => "invalid_request",
            Inner::InvalidToken => "invalid_token",
            Inner::InsufficientScope => "insufficient_scope",
            Inner::InvalidScope => "invalid_scope",
            Inner::InvalidDpopProof => "invalid_dpop_proof",
            Inner::UseDpopNonce => "use_dpop_nonce",
            Inner::InsufficientUserAuthentication => "insufficient_user_authentication",
            Inner::Extension(code) => code,
        }
    }

    /// The HTTP status the RFCs give the code: 400, 401 or 403 (RFC 6750
    /// §3.1), 400 for `invalid_scope` (RFC 6749 §5.2), 401 for the DPoP
    /// codes (RFC 9449 §7.1, §9) and `insufficient_user_authentication`
    /// (RFC 9470 §3); `None` for other codes.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ErrorCode;
    ///
    /// assert_eq!(ErrorCode::INVALID_REQUEST.status_code(), Some(400));
    /// assert_eq!(ErrorCode::INVALID_TOKEN.status_code(), Some(401));
    /// assert_eq!(ErrorCode::USE_DPOP_NONCE.status_code(), Some(401));
    /// ```
    pub fn status_code(&self) -> Option<u16> {
        match self.0 {
            Inner::InvalidRequest | Inner::InvalidScope => Some(400),
            Inner::InvalidToken
            | Inner::InvalidDpopProof
            | Inner::UseDpopNonce
            | Inner::InsufficientUserAuthentication => Some(401),
            Inner::InsufficientScope => Some(403),
            Inner::Extension(_) => None,
        }
    }
}

// The code's text, `ErrorCode("invalid_token")`, whichever variant holds it.
impl fmt::Debug for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ErrorCode").field(&self.as_str()).finish()
    }
}

impl PartialEq<str> for ErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<ErrorCode> for str {
    fn eq(&self, other: &ErrorCode) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<ErrorCode> for &str {
    fn eq(&self, other: &ErrorCode) -> bool {
        *self == other.as_str()
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::{ErrorCode, Inner};
    use alloc::format;

    #[test]
    fn the_named_codes_read_as_their_variants() {
        for (code, constant) in [
            ("invalid_request", ErrorCode::INVALID_REQUEST),
            ("invalid_token", ErrorCode::INVALID_TOKEN),
            ("insufficient_scope", ErrorCode::INSUFFICIENT_SCOPE),
            ("invalid_scope", ErrorCode::INVALID_SCOPE),
            ("invalid_dpop_proof", ErrorCode::INVALID_DPOP_PROOF),
            ("use_dpop_nonce", ErrorCode::USE_DPOP_NONCE),
            (
                "insufficient_user_authentication",
                ErrorCode::INSUFFICIENT_USER_AUTHENTICATION,
            ),
        ] {
            let read = ErrorCode::new(code).unwrap();
            assert!(!matches!(read.0, Inner::Extension(_)), "{code}");
            assert_eq!(read, constant);
            assert_eq!(read.as_str(), code);
        }
        let other = ErrorCode::new("Invalid_Token").unwrap();
        assert!(matches!(other.0, Inner::Extension(_)));
        assert_eq!(other.status_code(), None);
    }

    #[test]
    fn debug_shows_the_code() {
        assert_eq!(
            format!("{:?}", ErrorCode::INVALID_TOKEN),
            r#"ErrorCode("invalid_token")"#
        );
        let other = ErrorCode::new("temporarily_unavailable").unwrap();
        assert_eq!(
            format!("{other:?}"),
            r#"ErrorCode("temporarily_unavailable")"#
        );
    }
}
