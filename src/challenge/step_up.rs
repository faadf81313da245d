//! The client's step-up after a 403 (RFC 6750 §3.1 `insufficient_scope`):
//! [`ScopeSet::step_up`], the scope to request next, and [`StepUpError`]
//! when there is none.

use core::fmt;

use super::error_code::ErrorCode;
use super::params::Challenge;
use crate::set::ScopeSet;

impl ScopeSet<'_> {
    /// The scope to request next, with `self` the scope last requested, after
    /// a resource server answered 403 with this `insufficient_scope`
    /// `challenge`: the union of the two, as MCP 2026-07-28 ("Step-Up
    /// Authorization Flow", from SEP-2350) has clients compute it: "the union of the client's
    /// previously requested scope set and the scopes from the current
    /// challenge". Keeping the last request matters: a server may name only
    /// what one operation needs, and a client that asked for that alone
    /// would lose what its other operations need.
    ///
    /// # Errors
    ///
    /// A [`StepUpError`] whose [`kind`](StepUpError::kind) says why there is
    /// nothing to ask for:
    ///
    /// - [`NotInsufficientScope`](StepUpErrorKind::NotInsufficientScope):
    ///   the challenge's error is another code or none (a 401 wants a new
    ///   token, not a wider one);
    /// - [`NoScope`](StepUpErrorKind::NoScope): the challenge names no
    ///   scope (or, read with [`Challenge::parse_lenient`], named a
    ///   malformed one);
    /// - [`NothingNew`](StepUpErrorKind::NothingNew): every token the
    ///   challenge names was in the last request already, so asking again
    ///   would get the same token and the same 403, in a loop.
    ///
    /// # Cost
    ///
    /// That of [`union`](Self::union).
    ///
    /// # Examples
    ///
    /// A client's loop around it: request, and on a 403 step up and retry,
    /// a few times at most. Here `token_for` and `call` stand for the
    /// authorization server and the resource server.
    ///
    /// ```
    /// use oauth_scope::{Challenge, ScopeSet, StepUpErrorKind};
    ///
    /// // The resource needs `files:read files:write` and names it all.
    /// fn call(token: &ScopeSet<'_>) -> Result<&'static str, Challenge> {
    ///     let need = ScopeSet::parse("files:read files:write").unwrap();
    ///     if token.is_superset(&need) {
    ///         Ok("done")
    ///     } else {
    ///         Err(Challenge::insufficient_scope(&need))
    ///     }
    /// }
    /// // The authorization server grants what is asked.
    /// fn token_for(scope: &ScopeSet<'_>) -> ScopeSet<'static> {
    ///     scope.clone().into_owned()
    /// }
    ///
    /// const MAX_STEP_UPS: usize = 3;
    /// let mut requested = ScopeSet::parse("profile files:read")?.into_owned();
    /// let mut token = token_for(&requested);
    /// let mut step_ups = 0;
    /// let answer = loop {
    ///     match call(&token) {
    ///         Ok(answer) => break answer,
    ///         Err(challenge) if step_ups < MAX_STEP_UPS => {
    ///             // Not insufficient_scope, no scope, or nothing new: give up.
    ///             requested = requested.step_up(&challenge)?;
    ///             token = token_for(&requested);
    ///             step_ups += 1;
    ///         }
    ///         Err(challenge) => panic!("still refused after {MAX_STEP_UPS} step-ups: {challenge}"),
    ///     }
    /// };
    /// assert_eq!(answer, "done");
    /// assert_eq!(requested.to_string(), "files:read files:write profile");
    ///
    /// // Asking again for what was asked would loop: an error instead.
    /// let again = Challenge::insufficient_scope(&ScopeSet::parse("files:write")?);
    /// let err = requested.step_up(&again).unwrap_err();
    /// assert_eq!(err.kind(), StepUpErrorKind::NothingNew);
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn step_up(&self, challenge: &Challenge) -> Result<ScopeSet<'static>, StepUpError> {
        if challenge.error() != Some(&ErrorCode::INSUFFICIENT_SCOPE) {
            return Err(StepUpError::new(StepUpErrorKind::NotInsufficientScope));
        }
        let Some(named) = challenge.scope() else {
            return Err(StepUpError::new(StepUpErrorKind::NoScope));
        };
        if self.is_superset(named) {
            return Err(StepUpError::new(StepUpErrorKind::NothingNew));
        }
        Ok(self.union(named).into_owned())
    }
}

/// Why [`ScopeSet::step_up`] found nothing to ask for.
///
/// # Examples
///
/// ```
/// use oauth_scope::{Challenge, ErrorCode, ScopeSet, StepUpErrorKind};
///
/// let expired = Challenge::new().with_error(ErrorCode::INVALID_TOKEN);
/// let err = ScopeSet::parse("read")?.step_up(&expired).unwrap_err();
/// assert_eq!(err.kind(), StepUpErrorKind::NotInsufficientScope);
/// assert_eq!(err.to_string(), "the challenge is not insufficient_scope: a wider scope will not help");
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepUpError {
    kind: StepUpErrorKind,
}

/// What [`StepUpError::kind`] tells.
///
/// # Examples
///
/// ```
/// use oauth_scope::{Challenge, ScopeSet, StepUpErrorKind};
///
/// let challenge = Challenge::insufficient_scope(&ScopeSet::parse("read")?);
/// match ScopeSet::parse("read")?.step_up(&challenge) {
///     Ok(next) => println!("ask for {next}"),
///     Err(e) if e.kind() == StepUpErrorKind::NothingNew => println!("give up: {e}"),
///     Err(e) => println!("cannot step up: {e}"),
/// }
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StepUpErrorKind {
    /// The challenge's error is not `insufficient_scope`, or it has none.
    NotInsufficientScope,
    /// The `insufficient_scope` challenge names no (well-formed) scope.
    NoScope,
    /// The challenge names nothing the last request did not have: asking
    /// again would loop.
    NothingNew,
}

impl StepUpErrorKind {
    /// The kind's name in `snake_case` (`"nothing_new"`), for logs and
    /// machine-readable output.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::StepUpErrorKind;
    ///
    /// assert_eq!(StepUpErrorKind::NothingNew.code(), "nothing_new");
    /// ```
    pub const fn code(self) -> &'static str {
        match self {
            Self::NotInsufficientScope => "not_insufficient_scope",
            Self::NoScope => "no_scope",
            Self::NothingNew => "nothing_new",
        }
    }
}

impl StepUpError {
    fn new(kind: StepUpErrorKind) -> Self {
        Self { kind }
    }

    /// Why there is nothing to ask for.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Challenge, ScopeSet, StepUpErrorKind};
    ///
    /// let challenge = Challenge::parse(r#"Bearer error="insufficient_scope""#)?;
    /// let err = ScopeSet::parse("read")?.step_up(&challenge).unwrap_err();
    /// assert_eq!(err.kind(), StepUpErrorKind::NoScope);
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn kind(&self) -> StepUpErrorKind {
        self.kind
    }
}

impl fmt::Display for StepUpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            StepUpErrorKind::NotInsufficientScope => {
                "the challenge is not insufficient_scope: a wider scope will not help"
            }
            StepUpErrorKind::NoScope => {
                "the insufficient_scope challenge names no scope to ask for"
            }
            StepUpErrorKind::NothingNew => {
                "the challenge names no scope beyond the last request: asking again would loop"
            }
        })
    }
}

#[cfg(feature = "std")]
impl std::error::Error for StepUpError {}
