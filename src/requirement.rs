//! `Requirement`: what a protected resource demands of an access token.

use alloc::vec::Vec;
use core::fmt;

use crate::error::ParseError;
use crate::hierarchy::Hierarchy;
use crate::outcome::{Reason, ScopeError};
use crate::set::ScopeSet;

/// What a protected resource requires of an access token's scope: all of
/// some tokens, any of some tokens, or any nesting of both.
///
/// A requirement fails closed: one with no token at all is satisfied by
/// nothing, so a misconfigured route refuses every request instead of
/// letting every request through.
///
/// # Examples
///
/// ```
/// use oauth_scope::{Hierarchy, Requirement, ScopeSet};
///
/// // "repo:status", and either "read:org" or "read:user".
/// let need = Requirement::all_of([
///     Requirement::parse("repo:status")?,
///     Requirement::any(ScopeSet::parse("read:org read:user")?),
/// ]);
/// let h = Hierarchy::github();
/// assert!(need.is_satisfied_by(&ScopeSet::parse("repo user")?, &h));
/// assert!(!need.is_satisfied_by(&ScopeSet::parse("repo")?, &h));
/// assert_eq!(need.missing(&ScopeSet::parse("repo")?, &h).to_string(), "read:org");
/// # Ok::<(), oauth_scope::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    node: Node,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Node {
    /// Every token and every child.
    All(ScopeSet<'static>, Vec<Node>),
    /// Some token or some child.
    Any(ScopeSet<'static>, Vec<Node>),
}

impl Requirement {
    /// Requires every token of `scope`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, Requirement, ScopeSet};
    ///
    /// let need = Requirement::all(ScopeSet::parse("read write")?);
    /// assert!(!need.is_satisfied_by(&ScopeSet::parse("read")?, &Hierarchy::exact()));
    /// # Ok::<(), oauth_scope::ParseError>(())
    /// ```
    pub fn all(scope: ScopeSet<'_>) -> Self {
        Requirement {
            node: Node::All(scope.into_owned(), Vec::new()),
        }
    }

    /// Requires at least one token of `scope`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, Requirement, ScopeSet};
    ///
    /// let need = Requirement::any(ScopeSet::parse("read admin")?);
    /// assert!(need.is_satisfied_by(&ScopeSet::parse("read")?, &Hierarchy::exact()));
    /// # Ok::<(), oauth_scope::ParseError>(())
    /// ```
    pub fn any(scope: ScopeSet<'_>) -> Self {
        Requirement {
            node: Node::Any(scope.into_owned(), Vec::new()),
        }
    }

    /// Requires every one of `requirements`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, Requirement, ScopeSet};
    ///
    /// let need = Requirement::all_of([Requirement::parse("a")?, Requirement::parse("b")?]);
    /// assert!(need.is_satisfied_by(&ScopeSet::parse("a b")?, &Hierarchy::exact()));
    /// # Ok::<(), oauth_scope::ParseError>(())
    /// ```
    pub fn all_of(requirements: impl IntoIterator<Item = Requirement>) -> Self {
        Requirement {
            node: Node::All(
                ScopeSet::new(),
                requirements.into_iter().map(|r| r.node).collect(),
            ),
        }
    }

    /// Requires at least one of `requirements`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, Requirement, ScopeSet};
    ///
    /// let need = Requirement::any_of([
    ///     Requirement::parse("admin")?,
    ///     Requirement::parse("read write")?,
    /// ]);
    /// let h = Hierarchy::exact();
    /// assert!(need.is_satisfied_by(&ScopeSet::parse("write read")?, &h));
    /// assert!(!need.is_satisfied_by(&ScopeSet::parse("write")?, &h));
    /// # Ok::<(), oauth_scope::ParseError>(())
    /// ```
    pub fn any_of(requirements: impl IntoIterator<Item = Requirement>) -> Self {
        Requirement {
            node: Node::Any(
                ScopeSet::new(),
                requirements.into_iter().map(|r| r.node).collect(),
            ),
        }
    }

    /// Requires every token of a scope string in strict form: `"a b"` is all
    /// of `a` and `b`.
    ///
    /// # Errors
    ///
    /// The [`ParseError`] of [`ScopeSet::parse`]; `""` is an error
    /// ([`ErrorKind::Empty`](crate::ErrorKind::Empty)), since a requirement of
    /// nothing would be satisfied by nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{ErrorKind, Requirement};
    ///
    /// assert!(Requirement::parse("repo read:org").is_ok());
    /// assert_eq!(Requirement::parse("").unwrap_err().kind(), ErrorKind::Empty);
    /// ```
    pub fn parse(scope: &str) -> Result<Self, ParseError> {
        ScopeSet::parse(scope).map(Requirement::all)
    }

    /// Whether `granted` meets the requirement under `hierarchy`. A
    /// requirement with no token is satisfied by nothing.
    ///
    /// # Cost
    ///
    /// One [`covers`](ScopeSet::covers) per all-of set in the requirement;
    /// so linear in the requirement (trusted) times the cost of `covers` on
    /// `granted`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, Requirement, ScopeSet};
    ///
    /// let need = Requirement::parse("read:org")?;
    /// assert!(need.is_satisfied_by(&ScopeSet::parse("admin:org")?, &Hierarchy::github()));
    /// assert!(!Requirement::all(ScopeSet::new())
    ///     .is_satisfied_by(&ScopeSet::parse("admin:org")?, &Hierarchy::github()));
    /// # Ok::<(), oauth_scope::ParseError>(())
    /// ```
    pub fn is_satisfied_by(&self, granted: &ScopeSet<'_>, hierarchy: &Hierarchy) -> bool {
        self.node.is_satisfied_by(granted, hierarchy)
    }

    /// What `granted` lacks: the scope to name in an `insufficient_scope`
    /// challenge (RFC 6750 §3.1). Empty when the requirement is satisfied.
    /// For an any-of, the alternative with the fewest missing tokens is named
    /// (the first of equals); for a requirement with no token, nothing can be
    /// named and the set is empty.
    ///
    /// Decide access with [`is_satisfied_by`](Self::is_satisfied_by) or
    /// [`check`](Self::check), never with `missing(..).is_empty()`: a
    /// requirement with no token is satisfied by nothing, yet has nothing to
    /// name.
    ///
    /// # Cost
    ///
    /// That of [`is_satisfied_by`](Self::is_satisfied_by), plus one
    /// [`uncovered`](ScopeSet::uncovered) per all-of set.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, Requirement, ScopeSet};
    ///
    /// let need = Requirement::parse("repo workflow")?;
    /// let granted = ScopeSet::parse("repo")?;
    /// assert_eq!(need.missing(&granted, &Hierarchy::github()).to_string(), "workflow");
    /// # Ok::<(), oauth_scope::ParseError>(())
    /// ```
    pub fn missing(&self, granted: &ScopeSet<'_>, hierarchy: &Hierarchy) -> ScopeSet<'static> {
        if self.is_satisfied_by(granted, hierarchy) {
            return ScopeSet::new();
        }
        self.node.missing(granted, hierarchy)
    }

    /// `Ok` when `granted` meets the requirement, else an
    /// `insufficient_scope` [`ScopeError`] naming what is
    /// [`missing`](Self::missing).
    ///
    /// # Errors
    ///
    /// `insufficient_scope` (RFC 6750 §3.1, HTTP 403) when the requirement is
    /// not met.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, Requirement, ScopeSet};
    ///
    /// let need = Requirement::parse("repo workflow")?;
    /// let err = need.check(&ScopeSet::parse("repo")?, &Hierarchy::github()).unwrap_err();
    /// assert_eq!(err.to_string(), "the access token lacks the required scope: workflow");
    /// # Ok::<(), oauth_scope::ParseError>(())
    /// ```
    pub fn check(&self, granted: &ScopeSet<'_>, hierarchy: &Hierarchy) -> Result<(), ScopeError> {
        if self.is_satisfied_by(granted, hierarchy) {
            Ok(())
        } else {
            Err(ScopeError::new(
                Reason::Insufficient,
                self.node.missing(granted, hierarchy),
            ))
        }
    }
}

impl Node {
    fn is_satisfied_by(&self, granted: &ScopeSet<'_>, h: &Hierarchy) -> bool {
        match self {
            Node::All(tokens, children) => {
                !(tokens.is_empty() && children.is_empty())
                    && granted.covers(tokens, h)
                    && children.iter().all(|c| c.is_satisfied_by(granted, h))
            }
            Node::Any(tokens, children) => {
                tokens.iter().any(|t| granted.covers(&ScopeSet::from(t), h))
                    || children.iter().any(|c| c.is_satisfied_by(granted, h))
            }
        }
    }

    fn missing(&self, granted: &ScopeSet<'_>, h: &Hierarchy) -> ScopeSet<'static> {
        match self {
            Node::All(tokens, children) => {
                let mut out = granted.uncovered(tokens, h).into_owned();
                for c in children.iter().filter(|c| !c.is_satisfied_by(granted, h)) {
                    out = out.union(&c.missing(granted, h));
                }
                out
            }
            Node::Any(tokens, children) => {
                if self.is_satisfied_by(granted, h) {
                    return ScopeSet::new();
                }
                // Every alternative is unmet: name the smallest.
                let singles = tokens.iter().map(|t| ScopeSet::from(t).into_owned());
                let nested = children.iter().map(|c| c.missing(granted, h));
                singles
                    .chain(nested)
                    .filter(|m| !m.is_empty())
                    .min_by_key(ScopeSet::len)
                    .unwrap_or_default()
            }
        }
    }
}

impl fmt::Display for Requirement {
    /// `a b` for all of `a` and `b`; `any(a, b)` and `all(…)` for the rest.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.node.fmt_top(f)
    }
}

impl Node {
    fn fmt_top(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::All(tokens, children) if children.is_empty() && !tokens.is_empty() => {
                write!(f, "{tokens}")
            }
            _ => self.fmt_nested(f),
        }
    }

    fn fmt_nested(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, tokens, children) = match self {
            Node::All(t, c) => ("all", t, c),
            Node::Any(t, c) => ("any", t, c),
        };
        write!(f, "{name}(")?;
        let mut first = true;
        for t in tokens.iter() {
            if !first {
                f.write_str(", ")?;
            }
            first = false;
            write!(f, "{t}")?;
        }
        for c in children {
            if !first {
                f.write_str(", ")?;
            }
            first = false;
            c.fmt_nested(f)?;
        }
        f.write_str(")")
    }
}
