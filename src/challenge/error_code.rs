//! The `error` code of a Bearer challenge (RFC 6750 §3.1): [`BearerError`],
//! one of the RFC's three codes or an extension code, which may hold only
//! `NQSCHAR`s (RFC 6749 Appendix A.7).

use alloc::borrow::Cow;
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
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BearerError(Cow<'static, str>);

impl BearerError {
    /// `invalid_request` (HTTP 400): the request is missing a parameter, has
    /// an unsupported or repeated one, or is otherwise malformed.
    pub const INVALID_REQUEST: BearerError = BearerError(Cow::Borrowed("invalid_request"));
    /// `invalid_token` (HTTP 401): the access token is expired, revoked,
    /// malformed or invalid for other reasons.
    pub const INVALID_TOKEN: BearerError = BearerError(Cow::Borrowed("invalid_token"));
    /// `insufficient_scope` (HTTP 403): the request requires more privileges
    /// than the access token provides.
    pub const INSUFFICIENT_SCOPE: BearerError = BearerError(Cow::Borrowed("insufficient_scope"));

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
        Ok(match code {
            "invalid_request" => BearerError::INVALID_REQUEST,
            "invalid_token" => BearerError::INVALID_TOKEN,
            "insufficient_scope" => BearerError::INSUFFICIENT_SCOPE,
            other => BearerError(Cow::Owned(other.into())),
        })
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
        &self.0
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
        match self.as_str() {
            "invalid_request" => Some(400),
            "invalid_token" => Some(401),
            "insufficient_scope" => Some(403),
            _ => None,
        }
    }
}

impl fmt::Display for BearerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
