//! [`Error`], which holds any error of the crate, and [`Result`]. It sits
//! above every phase, so nothing else imports it.

use core::fmt;

use crate::challenge::{ChallengeError, StepUpError};
use crate::credentials::CredentialsError;
use crate::error::ParseError;
use crate::hierarchy::BuildError;
use crate::metadata::MetadataError;
use crate::outcome::ScopeError;
use crate::requirement::RequirementError;
use crate::rules::RulesError;
#[cfg(feature = "serde")]
use crate::serde::ClaimError;
use crate::structured::VocabularyError;

/// Any error of this crate: one type for `?` across phases, as `http::Error`
/// is for the `http` crate. Each phase keeps its own error type, with its
/// own kind to match on; this enum holds one of them and converts from each
/// (`From`), so that a function that parses a scope, builds a hierarchy and
/// reads a requirement can return [`Result<T>`](Result).
///
/// `Display` and `source()` are those of the error inside.
///
/// # Examples
///
/// ```
/// use oauth_scope::{Hierarchy, Requirement, ScopeSet};
///
/// fn allowed(granted: &str) -> oauth_scope::Result<bool> {
///     let h = Hierarchy::builder().imply("admin", "read").build()?;
///     let need: Requirement = "read".parse()?;
///     Ok(need.is_satisfied_by(&ScopeSet::parse(granted)?, &h))
/// }
/// assert!(allowed("admin")?);
/// let err = allowed("admin  read").unwrap_err();
/// assert!(matches!(err, oauth_scope::Error::Parse(_)));
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A scope or scope-token that breaks the grammar.
    Parse(ParseError),
    /// Rules that [`HierarchyBuilder::build`](crate::HierarchyBuilder::build) refuses.
    Build(BuildError),
    /// Rules text that [`Hierarchy::from_rules`](crate::Hierarchy::from_rules) cannot read.
    Rules(RulesError),
    /// Requirement text that does not read.
    Requirement(RequirementError),
    /// A challenge that cannot be built or read.
    Challenge(ChallengeError),
    /// An OAuth outcome: `invalid_scope` or `insufficient_scope`.
    Scope(ScopeError),
    /// A challenge that gives a client nothing new to ask for.
    StepUp(StepUpError),
    /// An `Authorization` header without usable credentials.
    Credentials(CredentialsError),
    /// A structured token (SMART, typed parameter) that is malformed.
    Vocabulary(VocabularyError),
    /// A protected resource metadata member (RFC 9728) that is refused.
    Metadata(MetadataError),
    /// A scope member of token claims that is not a valid scope (feature
    /// `serde`).
    #[cfg(feature = "serde")]
    Claim(ClaimError),
}

/// For each variant of [`Error`]: `From` its error, and the error inside for
/// `Display` and `source()`.
macro_rules! each_phase {
    ($($(#[$cfg:meta])* $variant:ident($error:ty)),* $(,)?) => {
        $(
            $(#[$cfg])*
            impl From<$error> for Error {
                fn from(err: $error) -> Self {
                    Self::$variant(err)
                }
            }
        )*

        impl Error {
            /// The error inside, shown.
            fn inner(&self) -> &dyn fmt::Display {
                match self {
                    $($(#[$cfg])* Self::$variant(e) => e,)*
                }
            }

            /// The error inside, as a `std` error.
            #[cfg(feature = "std")]
            fn inner_std(&self) -> &(dyn std::error::Error + 'static) {
                match self {
                    $($(#[$cfg])* Self::$variant(e) => e,)*
                }
            }
        }
    };
}

each_phase! {
    Parse(ParseError),
    Build(BuildError),
    Rules(RulesError),
    Requirement(RequirementError),
    Challenge(ChallengeError),
    Scope(ScopeError),
    StepUp(StepUpError),
    Credentials(CredentialsError),
    Vocabulary(VocabularyError),
    Metadata(MetadataError),
    #[cfg(feature = "serde")]
    Claim(ClaimError),
}

/// An error that cannot happen (a service that never fails, such as axum's
/// routers), so that `?` on it composes with the crate's errors.
impl From<core::convert::Infallible> for Error {
    fn from(never: core::convert::Infallible) -> Self {
        match never {}
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner().fmt(f)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner_std().source()
    }
}

/// `Result` with this crate's [`Error`] by default, so that `fn main() ->
/// oauth_scope::Result<()>` takes every error of the crate with `?`.
///
/// # Examples
///
/// ```
/// fn main() -> oauth_scope::Result<()> {
///     let scope = oauth_scope::ScopeSet::parse("openid email")?;
///     let h: oauth_scope::Hierarchy = "wildcard :".parse()?;
///     assert!(scope.covers(&"email".parse()?, &h));
///     Ok(())
/// }
/// ```
pub type Result<T, E = Error> = core::result::Result<T, E>;
