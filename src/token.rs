//! `ScopeToken`: one validated scope-token, borrowed.

use core::borrow::Borrow;
use core::fmt;

use crate::error::ParseError;
use crate::parse;

/// One validated scope-token: `1*NQCHAR` (RFC 6749 §3.3 and Appendix A.4),
/// borrowed from its source.
///
/// `NQCHAR` is printable ASCII except space, `"` and `\`: `!`, `#` through `[`,
/// `]` through `~`. Tokens are case-sensitive. `Eq`, `Ord` and `Hash` are
/// exactly those of the underlying `str` (byte order), so a `ScopeToken` can
/// be looked up by `&str` wherever `Borrow<str>` is used.
///
/// # Examples
///
/// ```
/// use oauth_scope::ScopeToken;
///
/// let token = ScopeToken::new("https://www.googleapis.com/auth/drive")?;
/// assert_eq!(token.as_str(), "https://www.googleapis.com/auth/drive");
/// assert_eq!(token, "https://www.googleapis.com/auth/drive");
///
/// assert!(ScopeToken::new("read write").is_err()); // two tokens
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ScopeToken<'a>(&'a str);

impl<'a> ScopeToken<'a> {
    /// Validates `token` as one scope-token.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`](crate::ErrorKind::Empty) for `""`, and
    /// [`ErrorKind::InvalidChar`](crate::ErrorKind::InvalidChar) at the first
    /// byte that is not an `NQCHAR` (a space included: a token holds no space).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{ErrorKind, ScopeToken};
    ///
    /// let token = ScopeToken::new("urn:example:channel=HBO&urn:example:rating=G,PG-13")?;
    /// assert_eq!(token.as_str().len(), 50);
    ///
    /// let err = ScopeToken::new("read write").unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidChar(' '));
    /// assert_eq!(err.offset(), 4);
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn new(token: &'a str) -> Result<Self, ParseError> {
        parse::validate_token(token)?;
        Ok(ScopeToken(token))
    }

    /// A token from a literal, checked at compile time when used in a `const`.
    ///
    /// # Panics
    ///
    /// If `token` is not a valid scope-token (in a `const` context, the build
    /// fails instead).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ScopeToken;
    ///
    /// const OPENID: ScopeToken<'static> = ScopeToken::from_static("openid");
    /// assert_eq!(OPENID.as_str(), "openid");
    /// ```
    ///
    /// ```should_panic
    /// use oauth_scope::ScopeToken;
    ///
    /// let _ = ScopeToken::from_static("read write"); // panics: a space
    /// ```
    pub const fn from_static(token: &'static str) -> ScopeToken<'static> {
        assert!(
            parse::is_valid_token(token),
            "invalid scope-token: a scope-token is one or more of ! # through [ and ] through ~"
        );
        ScopeToken(token)
    }

    /// Wraps a slice already known to be valid.
    pub(crate) const fn new_unchecked(token: &'a str) -> Self {
        ScopeToken(token)
    }

    /// The token's text.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ScopeToken;
    ///
    /// let s: &str = ScopeToken::new("email")?.as_str();
    /// assert_eq!(s, "email");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub const fn as_str(&self) -> &'a str {
        self.0
    }
}

impl fmt::Display for ScopeToken<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Debug for ScopeToken<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

impl AsRef<str> for ScopeToken<'_> {
    fn as_ref(&self) -> &str {
        self.0
    }
}

impl Borrow<str> for ScopeToken<'_> {
    fn borrow(&self) -> &str {
        self.0
    }
}

impl PartialEq<str> for ScopeToken<'_> {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for ScopeToken<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<ScopeToken<'_>> for str {
    fn eq(&self, other: &ScopeToken<'_>) -> bool {
        self == other.0
    }
}

impl PartialEq<ScopeToken<'_>> for &str {
    fn eq(&self, other: &ScopeToken<'_>) -> bool {
        *self == other.0
    }
}

impl<'a> TryFrom<&'a str> for ScopeToken<'a> {
    type Error = ParseError;

    /// Same as [`ScopeToken::new`].
    fn try_from(token: &'a str) -> Result<Self, ParseError> {
        ScopeToken::new(token)
    }
}
