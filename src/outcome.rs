//! `ScopeError`: an OAuth-level scope failure with its RFC error code.

use core::fmt;

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
/// # Ok::<(), oauth_scope::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeError {
    reason: Reason,
    scope: ScopeSet<'static>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reason {
    /// A refresh asked for more than the original grant (RFC 6749 §6).
    NotGranted,
    /// A request omitted `scope` and there is no default (RFC 6749 §3.3).
    Omitted,
    /// A request asked for tokens of which nothing could be granted.
    Denied,
    /// A resource requires scope the token does not carry (RFC 6750 §3.1).
    Insufficient,
}

impl ScopeError {
    pub(crate) fn new(reason: Reason, scope: ScopeSet<'_>) -> Self {
        Self {
            reason,
            scope: scope.into_owned(),
        }
    }

    /// The OAuth error code: `"invalid_scope"` (RFC 6749 §5.2) or
    /// `"insufficient_scope"` (RFC 6750 §3.1).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, Requirement, ScopeSet};
    ///
    /// let need = Requirement::parse("admin")?;
    /// let err = need.check(&ScopeSet::parse("read")?, &Hierarchy::exact()).unwrap_err();
    /// assert_eq!(err.error_code(), "insufficient_scope");
    /// # Ok::<(), oauth_scope::ParseError>(())
    /// ```
    pub fn error_code(&self) -> &'static str {
        match self.reason {
            Reason::Insufficient => "insufficient_scope",
            Reason::NotGranted | Reason::Omitted | Reason::Denied => "invalid_scope",
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
    /// # Ok::<(), oauth_scope::ParseError>(())
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
    /// # Ok::<(), oauth_scope::ParseError>(())
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
