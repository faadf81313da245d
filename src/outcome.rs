//! `ScopeError`: an OAuth-level scope failure with its RFC error code.

use core::fmt;

use crate::challenge::ErrorCode;
use crate::set::ScopeSet;

/// Why a scope was refused, with the error code an OAuth response carries.
///
/// - `invalid_scope` (RFC 6749 §5.2, HTTP 400): a token request or refresh
///   asked for a scope that is unknown, malformed or exceeds what was granted.
/// - `insufficient_scope` (RFC 6750 §3.1, HTTP 403): a request to a protected
///   resource carried a token whose scope does not cover what is required.
///
/// [`scope`](Self::scope) holds the tokens concerned: the offending ones for
/// `invalid_scope`, the missing ones for `insufficient_scope`. `Display` is a
/// description fit for `error_description`: printable ASCII without `"` and
/// `\` (RFC 6749 §5.2, RFC 6750 §3), since every scope-token is.
///
/// # Examples
///
/// ```
/// use oauth_scope::{Hierarchy, ScopeSet};
///
/// let original = ScopeSet::parse("repo")?;
/// let asked = ScopeSet::parse("repo:status delete_repo")?;
/// let err = original.refresh(Some(&asked), &Hierarchy::github()).unwrap_err();
/// assert_eq!(err.error_code(), "invalid_scope");
/// assert_eq!(err.status_code(), 400);
/// assert_eq!(err.scope().to_string(), "delete_repo");
/// assert_eq!(err.to_string(), "scope not originally granted: delete_repo");
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeError {
    reason: Reason,
    scope: ScopeSet<'static>,
}

pub(crate) use ScopeErrorKind as Reason;

/// Why a [`ScopeError`] refused a scope.
///
/// The enum is `#[non_exhaustive]`: later versions may add kinds.
///
/// # Examples
///
/// ```
/// use oauth_scope::{Hierarchy, ScopeErrorKind, ScopeSet};
///
/// let original = ScopeSet::parse("read")?;
/// let err = original.refresh(Some(&ScopeSet::parse("write")?), &Hierarchy::exact()).unwrap_err();
/// assert_eq!(err.kind(), ScopeErrorKind::NotGranted);
/// assert_eq!(err.kind().code(), "not_granted");
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ScopeErrorKind {
    /// A refresh asked for more than the original grant (RFC 6749 §6).
    NotGranted,
    /// A request omitted `scope` and there is no default (RFC 6749 §3.3).
    Omitted,
    /// A request asked for tokens of which nothing could be granted.
    Denied,
    /// A resource requires scope the token does not carry (RFC 6750 §3.1).
    Insufficient,
}

impl ScopeErrorKind {
    /// The kind's name in `snake_case` (`"not_granted"`), for logs and
    /// machine-readable output; the OAuth code is
    /// [`ScopeError::error_code`].
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ScopeErrorKind;
    ///
    /// assert_eq!(ScopeErrorKind::Insufficient.code(), "insufficient");
    /// ```
    pub const fn code(self) -> &'static str {
        match self {
            Self::NotGranted => "not_granted",
            Self::Omitted => "omitted",
            Self::Denied => "denied",
            Self::Insufficient => "insufficient",
        }
    }
}

impl ScopeError {
    pub(crate) fn new(reason: Reason, scope: ScopeSet<'_>) -> Self {
        Self {
            reason,
            scope: scope.into_owned(),
        }
    }

    /// Why the scope was refused.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, Requirement, ScopeErrorKind, ScopeSet};
    ///
    /// let need = Requirement::parse("admin")?;
    /// let err = need.check(&ScopeSet::parse("read")?, &Hierarchy::exact()).unwrap_err();
    /// assert_eq!(err.kind(), ScopeErrorKind::Insufficient);
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn kind(&self) -> ScopeErrorKind {
        self.reason
    }

    /// The OAuth error code: [`ErrorCode::INVALID_SCOPE`] (RFC 6749 §5.2)
    /// or [`ErrorCode::INSUFFICIENT_SCOPE`] (RFC 6750 §3.1). It compares
    /// equal to its text.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, Requirement, ScopeSet};
    ///
    /// let need = Requirement::parse("admin")?;
    /// let err = need.check(&ScopeSet::parse("read")?, &Hierarchy::exact()).unwrap_err();
    /// assert_eq!(err.error_code(), "insufficient_scope");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn error_code(&self) -> ErrorCode {
        match self.reason {
            Reason::Insufficient => ErrorCode::INSUFFICIENT_SCOPE,
            Reason::NotGranted | Reason::Omitted | Reason::Denied => ErrorCode::INVALID_SCOPE,
        }
    }

    /// The HTTP status that goes with the error code: 400 for
    /// `invalid_scope` (RFC 6749 §5.2), 403 for `insufficient_scope`
    /// (RFC 6750 §3.1).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, Requirement, ScopeSet};
    ///
    /// let need = Requirement::parse("admin")?;
    /// let err = need.check(&ScopeSet::parse("read")?, &Hierarchy::exact()).unwrap_err();
    /// assert_eq!(err.status_code(), 403);
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn status_code(&self) -> u16 {
        match self.reason {
            Reason::Insufficient => 403,
            Reason::NotGranted | Reason::Omitted | Reason::Denied => 400,
        }
    }

    /// The tokens concerned: for `invalid_scope` the ones that could not be
    /// granted, for `insufficient_scope` the ones missing (the value of the
    /// challenge's `scope` attribute). Empty when the request omitted its
    /// scope.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, Requirement, ScopeSet};
    ///
    /// let need = Requirement::parse("read write")?;
    /// let err = need.check(&ScopeSet::parse("read")?, &Hierarchy::exact()).unwrap_err();
    /// assert_eq!(err.scope().to_string(), "write");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn scope(&self) -> &ScopeSet<'static> {
        &self.scope
    }
}

impl fmt::Display for ScopeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scope = &self.scope;
        match self.reason {
            Reason::NotGranted => write!(f, "scope not originally granted: {scope}"),
            Reason::Omitted => {
                f.write_str("the request has no scope and there is no default scope")
            }
            Reason::Denied => write!(f, "scope not allowed for this client: {scope}"),
            Reason::Insufficient => write!(f, "the access token lacks the required scope: {scope}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ScopeError {}
