//! `Requirement`: what a protected resource demands of an access token, and
//! the scope a challenge names when the token falls short.

use alloc::borrow::Cow;
use alloc::vec::Vec;
use core::fmt;
use core::str::FromStr;

use crate::hierarchy::Hierarchy;
use crate::outcome::{Reason, ScopeError};
use crate::set::ScopeSet;

mod compiled;
mod error;

pub use compiled::CompiledRequirement;
pub use error::{RequirementError, RequirementErrorKind};

/// What a protected resource requires of an access token's scope: all of
/// some tokens, any of some alternatives, or any nesting of both.
///
/// A requirement fails closed: one with no token at all is satisfied by
/// nothing, so a misconfigured route refuses every request instead of
/// letting every request through.
///
/// Alternatives keep the order they were declared in: [`any_of`](Self::any_of)
/// and [`all_of`](Self::all_of) in iteration order, [`FromStr`] in text order,
/// [`any`](Self::any) in the set's canonical order. When no alternative is
/// met, a challenge names the first ([`required_scope`](Self::required_scope)),
/// so list the one clients should ask for first.
///
/// # As text
///
/// [`Display`](fmt::Display) writes what [`FromStr`] reads, for every
/// requirement with groups nested at most [`MAX_DEPTH`](Self::MAX_DEPTH)
/// deep (deeper ones can only be built in code: their text is refused with
/// [`RequirementErrorKind::TooDeep`], and serde refuses to write them). A text without a double quote is a plain scope, read as
/// [`parse`](Self::parse) reads it: `a b` is all of `a` and `b`, whatever
/// its tokens (`(`, `|`, `any(` are tokens like any other). Anything else
/// puts each scope in double quotes, which never occur in a scope:
///
/// ```text
/// requirement  = scope / DQUOTE DQUOTE / alternatives  ; DQUOTE DQUOTE: no token, satisfied by nothing
/// alternatives = conjunction *( SP "|" SP conjunction )
/// conjunction  = term *( SP term )                      ; all of the terms
/// term         = DQUOTE scope DQUOTE / "(" SP alternatives SP ")"
/// ```
///
/// So `"api:write api:read" | "api:admin"` is "both `api:write` and
/// `api:read`, or `api:admin`", and `"repo:status" ( "read:org" |
/// "read:user" )` nests an any-of in an all-of.
///
/// # Examples
///
/// ```
/// use oauth_scope::{Hierarchy, Requirement, ScopeSet};
///
/// // "repo:status", and either "read:org" or "read:user".
/// let need: Requirement = r#""repo:status" ( "read:org" | "read:user" )"#.parse()?;
/// let h = Hierarchy::github();
/// assert!(need.is_satisfied_by(&ScopeSet::parse("repo user")?, &h));
/// assert!(!need.is_satisfied_by(&ScopeSet::parse("repo")?, &h));
/// // A challenge names everything the operation needs, not only what is missing.
/// let granted = ScopeSet::parse("repo")?;
/// assert_eq!(need.required_scope(&granted, &h).to_string(), "read:org repo:status");
/// assert_eq!(need.missing(&granted, &h).to_string(), "read:org");
/// assert_eq!(need.to_string().parse::<Requirement>()?, need);
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Requirement {
    /// Any of these, in declared order; none at all is satisfied by nothing.
    alternatives: Vec<Conjunction>,
}

/// All of `tokens` and of every group. Never empty: it has a token or a
/// group; a group has two alternatives or more.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Conjunction {
    tokens: ScopeSet<'static>,
    groups: Vec<Requirement>,
}

impl Conjunction {
    fn tokens(tokens: ScopeSet<'static>) -> Self {
        Self {
            tokens,
            groups: Vec::new(),
        }
    }

    fn is_satisfied_by(&self, granted: &ScopeSet<'_>, h: &Hierarchy) -> bool {
        granted.covers(&self.tokens, h) && self.groups.iter().all(|g| g.is_satisfied_by(granted, h))
    }

    fn required_scope(&self, granted: &ScopeSet<'_>, h: &Hierarchy) -> ScopeSet<'static> {
        self.groups.iter().fold(self.tokens.clone(), |scope, g| {
            scope.union(&g.required_scope(granted, h))
        })
    }
}

/// An all-of being assembled: the tokens of its parts gathered unsorted and
/// made a set once at the end, so that k parts cost O(k log k), not the k
/// merges of a union per part.
#[derive(Default)]
struct AllOf {
    tokens: Vec<Cow<'static, str>>,
    groups: Vec<Requirement>,
}

impl AllOf {
    /// Adds what `r` requires.
    fn and(&mut self, r: Requirement) -> Result<(), Unsatisfiable> {
        let mut alternatives = r.alternatives;
        match alternatives.len() {
            0 => return Err(Unsatisfiable),
            1 => {
                let c = alternatives.pop().expect("one alternative");
                self.tokens.extend(c.tokens.into_tokens());
                self.groups.extend(c.groups);
            }
            _ => self.groups.push(Requirement { alternatives }),
        }
        Ok(())
    }

    fn finish(self) -> Conjunction {
        Conjunction {
            tokens: ScopeSet::from_unsorted(self.tokens),
            groups: self.groups,
        }
    }
}

/// An all-of with a part that nothing satisfies.
struct Unsatisfiable;

impl Requirement {
    /// The deepest nesting of groups that the text form reads: `( … )`
    /// inside at most this many others. Deeper text is an error
    /// ([`RequirementErrorKind::TooDeep`]), so that a hostile or corrupted
    /// configuration cannot exhaust the stack of the reader (which recurses
    /// once per group); a route's requirement needs two or three levels.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Requirement, RequirementErrorKind};
    ///
    /// let deep = |n: usize| format!("{}\"a\"{}", "( ".repeat(n), " )".repeat(n));
    /// assert!(deep(Requirement::MAX_DEPTH).parse::<Requirement>().is_ok());
    /// let err = deep(Requirement::MAX_DEPTH + 1).parse::<Requirement>().unwrap_err();
    /// assert_eq!(err.kind(), RequirementErrorKind::TooDeep { max: Requirement::MAX_DEPTH });
    /// assert_eq!(err.offset(), 2 * Requirement::MAX_DEPTH);
    /// ```
    pub const MAX_DEPTH: usize = 32;

    /// The requirement with no token: satisfied by nothing. Written `""`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, Requirement, ScopeSet};
    ///
    /// let nothing = Requirement::nothing();
    /// assert!(!nothing.is_satisfied_by(&ScopeSet::parse("admin")?, &Hierarchy::exact()));
    /// assert_eq!(nothing.to_string(), "\"\"");
    /// assert_eq!(nothing, Requirement::all(ScopeSet::new()));
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub const fn nothing() -> Self {
        Self {
            alternatives: Vec::new(),
        }
    }

    /// Requires every token of `scope`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, Requirement, ScopeSet};
    ///
    /// let need = Requirement::all(ScopeSet::parse("read write")?);
    /// assert!(!need.is_satisfied_by(&ScopeSet::parse("read")?, &Hierarchy::exact()));
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn all(scope: ScopeSet<'_>) -> Self {
        if scope.is_empty() {
            return Self::nothing();
        }
        Self {
            alternatives: alloc::vec![Conjunction::tokens(scope.into_owned())],
        }
    }

    /// Requires at least one token of `scope`; the alternatives are the
    /// tokens in canonical order.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, Requirement, ScopeSet};
    ///
    /// let need = Requirement::any(ScopeSet::parse("read admin")?);
    /// assert!(need.is_satisfied_by(&ScopeSet::parse("read")?, &Hierarchy::exact()));
    /// assert_eq!(need.to_string(), r#""admin" | "read""#);
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    #[allow(clippy::needless_pass_by_value)] // takes the set by value, as `all` does
    pub fn any(scope: ScopeSet<'_>) -> Self {
        Self {
            alternatives: scope
                .iter()
                .map(|t| Conjunction::tokens(ScopeSet::from(t).into_owned()))
                .collect(),
        }
    }

    /// Requires every one of `requirements`. With none, or with one that
    /// nothing satisfies, nothing satisfies it.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, Requirement, ScopeSet};
    ///
    /// let need = Requirement::all_of([Requirement::parse("a")?, Requirement::parse("b")?]);
    /// assert!(need.is_satisfied_by(&ScopeSet::parse("a b")?, &Hierarchy::exact()));
    /// assert_eq!(need, Requirement::parse("a b")?);
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn all_of(requirements: impl IntoIterator<Item = Self>) -> Self {
        let mut all = AllOf::default();
        let mut any_part = false;
        for r in requirements {
            any_part = true;
            if all.and(r).is_err() {
                return Self::nothing();
            }
        }
        if !any_part {
            return Self::nothing();
        }
        Self::from_conjunction(all.finish())
    }

    /// Requires at least one of `requirements`, in the order given.
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
    /// assert_eq!(need.to_string(), r#""admin" | "read write""#);
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn any_of(requirements: impl IntoIterator<Item = Self>) -> Self {
        Self {
            alternatives: requirements
                .into_iter()
                .flat_map(|r| r.alternatives)
                .collect(),
        }
    }

    /// A conjunction as a requirement: a conjunction that is one group is
    /// that group's alternatives.
    fn from_conjunction(mut c: Conjunction) -> Self {
        if c.tokens.is_empty() && c.groups.len() == 1 {
            return c.groups.pop().expect("one group");
        }
        if c.tokens.is_empty() && c.groups.is_empty() {
            return Self::nothing();
        }
        Self {
            alternatives: alloc::vec![c],
        }
    }

    /// Reads requirement text (see [`Requirement`]): a plain scope in strict
    /// form, `"a b"`, is all of `a` and `b`; text with double quotes may
    /// also have alternatives and groups. The same as [`FromStr`].
    ///
    /// # Errors
    ///
    /// A [`RequirementError`] at the byte of the first problem: for a plain
    /// scope, its [`ParseError`](crate::ParseError) as
    /// [`RequirementErrorKind::InvalidScope`] (`""` is an error, since a
    /// requirement of nothing would be satisfied by nothing); otherwise see
    /// [`FromStr`].
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{ErrorKind, Requirement, RequirementErrorKind};
    ///
    /// assert!(Requirement::parse("repo read:org").is_ok());
    /// assert!(Requirement::parse(r#""admin" | "read write""#).is_ok());
    /// let err = Requirement::parse("").unwrap_err();
    /// let RequirementErrorKind::InvalidScope(scope) = err.kind() else { unreachable!() };
    /// assert_eq!(scope.kind(), ErrorKind::Empty);
    /// ```
    pub fn parse(text: &str) -> Result<Self, RequirementError> {
        if !text.contains('"') {
            return ScopeSet::parse(text)
                .map(Self::all)
                .map_err(|e| RequirementError::scope(e, 0));
        }
        let mut reader = Reader {
            text,
            at: 0,
            depth: 0,
        };
        let r = reader.alternatives()?;
        match reader.peek() {
            None => Ok(r),
            Some(_) => Err(reader.error(RequirementErrorKind::UnopenedGroup)),
        }
    }

    /// The alternatives of an any-of, in declared order; a requirement that
    /// is not an any-of is its own one alternative, and the requirement with
    /// no token has none.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Requirement;
    ///
    /// let need: Requirement = r#""api:write api:read" | "api:admin""#.parse()?;
    /// let names: Vec<String> = need.alternatives().map(|a| a.to_string()).collect();
    /// assert_eq!(names, ["api:read api:write", "api:admin"]);
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn alternatives(&self) -> impl Iterator<Item = Self> + '_ {
        self.alternatives.iter().map(|c| Self {
            alternatives: alloc::vec![c.clone()],
        })
    }

    /// Whether `granted` meets the requirement under `hierarchy`. A
    /// requirement with no token is satisfied by nothing.
    ///
    /// # Cost
    ///
    /// One [`covers`](ScopeSet::covers) per conjunction in the requirement:
    /// the size of the requirement (trusted) times the cost of `covers` on
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
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn is_satisfied_by(&self, granted: &ScopeSet<'_>, hierarchy: &Hierarchy) -> bool {
        self.alternatives
            .iter()
            .any(|c| c.is_satisfied_by(granted, hierarchy))
    }

    /// Every token the requirement names, in any alternative: what a
    /// resource lists in its metadata's `scopes_supported` (RFC 9728 §2).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Requirement;
    ///
    /// let need: Requirement = r#""api:write api:read" | "api:admin""#.parse()?;
    /// assert_eq!(need.named().to_string(), "api:admin api:read api:write");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn named(&self) -> ScopeSet<'static> {
        let mut tokens = Vec::new();
        self.collect_tokens(&mut tokens);
        ScopeSet::from_unsorted(tokens.into_iter().map(|t| Cow::Owned(t.into())).collect())
    }

    /// The scope a challenge names (RFC 6750 §3: "the scope necessary to
    /// access the requested resource"): a scope that meets the requirement,
    /// for the client to ask for in full. For all-of, the union of what each
    /// part requires; for any-of, what the first alternative that `granted`
    /// already meets requires, or else what the first *declared* alternative
    /// requires. Empty only for the requirement with no token.
    ///
    /// MCP 2026-07-28 ("Runtime Insufficient Scope Errors") asks servers to
    /// "include all scopes required for the current operation in a single
    /// challenge": a client
    /// that asks for only what is [`missing`](Self::missing) loses what it
    /// had, and goes round in circles.
    ///
    /// Laws: the result satisfies the requirement, and so does its union
    /// with `granted`; the answer depends only on the arguments.
    ///
    /// # Cost
    ///
    /// That of [`is_satisfied_by`](Self::is_satisfied_by), plus the result.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, Requirement, ScopeSet};
    ///
    /// let h = Hierarchy::exact();
    /// let write: Requirement = "api:write api:read".parse()?;
    /// let granted = ScopeSet::parse("api:read")?;
    /// assert_eq!(write.required_scope(&granted, &h).to_string(), "api:read api:write");
    ///
    /// // Nothing met: the first declared alternative, not the smallest one.
    /// let delete: Requirement = r#""api:write api:read" | "api:admin""#.parse()?;
    /// assert_eq!(delete.required_scope(&ScopeSet::new(), &h).to_string(), "api:read api:write");
    /// let admin = ScopeSet::parse("api:admin")?;
    /// assert_eq!(delete.required_scope(&admin, &h).to_string(), "api:admin");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn required_scope(
        &self,
        granted: &ScopeSet<'_>,
        hierarchy: &Hierarchy,
    ) -> ScopeSet<'static> {
        self.alternatives
            .iter()
            .find(|c| c.is_satisfied_by(granted, hierarchy))
            .or_else(|| self.alternatives.first())
            .map(|c| c.required_scope(granted, hierarchy))
            .unwrap_or_default()
    }

    /// What `granted` lacks of the [`required_scope`](Self::required_scope):
    /// `granted.uncovered(&self.required_scope(granted, h), h)`. Empty when
    /// the requirement is satisfied.
    ///
    /// Decide access with [`is_satisfied_by`](Self::is_satisfied_by) or
    /// [`check`](Self::check), never with `missing(..).is_empty()`: a
    /// requirement with no token is satisfied by nothing, yet has nothing to
    /// name.
    ///
    /// # Cost
    ///
    /// That of [`required_scope`](Self::required_scope), plus one
    /// [`uncovered`](ScopeSet::uncovered).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, Requirement, ScopeSet};
    ///
    /// let need = Requirement::parse("repo workflow")?;
    /// let granted = ScopeSet::parse("repo")?;
    /// assert_eq!(need.missing(&granted, &Hierarchy::github()).to_string(), "workflow");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn missing(&self, granted: &ScopeSet<'_>, hierarchy: &Hierarchy) -> ScopeSet<'static> {
        granted
            .uncovered(&self.required_scope(granted, hierarchy), hierarchy)
            .into_owned()
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
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn check(&self, granted: &ScopeSet<'_>, hierarchy: &Hierarchy) -> Result<(), ScopeError> {
        if self.is_satisfied_by(granted, hierarchy) {
            Ok(())
        } else {
            Err(ScopeError::new(
                Reason::Insufficient,
                self.missing(granted, hierarchy),
            ))
        }
    }
}

impl Requirement {
    /// How deep its groups nest: how many `( … )` its text has inside one
    /// another.
    #[cfg(feature = "serde")]
    fn depth(&self) -> usize {
        self.alternatives
            .iter()
            .flat_map(|c| &c.groups)
            .map(|g| 1 + g.depth())
            .max()
            .unwrap_or(0)
    }
}

impl Default for Requirement {
    /// [`Requirement::nothing`]: fails closed.
    fn default() -> Self {
        Self::nothing()
    }
}

// ---------------------------------------------------------------------------
// The text form

impl fmt::Display for Requirement {
    /// The text form (see [`Requirement`]): a plain scope `a b` for all of
    /// `a` and `b`; otherwise every scope in double quotes, `|` between
    /// alternatives and `( … )` around a nested any-of; `""` for the
    /// requirement with no token.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.alternatives[..] {
            [] => f.write_str("\"\""),
            [c] if c.groups.is_empty() => write!(f, "{}", c.tokens),
            alternatives => write_alternatives(f, alternatives),
        }
    }
}

fn write_alternatives(f: &mut fmt::Formatter<'_>, alternatives: &[Conjunction]) -> fmt::Result {
    for (i, c) in alternatives.iter().enumerate() {
        if i > 0 {
            f.write_str(" | ")?;
        }
        let mut first = c.tokens.is_empty();
        if !first {
            write!(f, "\"{}\"", c.tokens)?;
        }
        for g in &c.groups {
            if !core::mem::take(&mut first) {
                f.write_str(" ")?;
            }
            f.write_str("( ")?;
            write_alternatives(f, &g.alternatives)?;
            f.write_str(" )")?;
        }
    }
    Ok(())
}

impl FromStr for Requirement {
    type Err = RequirementError;

    /// Reads the text form (see [`Requirement`]), as [`Requirement::parse`]
    /// does: text without a `"` is a plain scope.
    ///
    /// # Errors
    ///
    /// A [`RequirementError`] at the byte of the first problem: a scope's
    /// own error ([`RequirementErrorKind::InvalidScope`]),
    /// [`RequirementErrorKind::UnexpectedSpace`] for a space too many or too
    /// few, [`RequirementErrorKind::UnclosedGroup`],
    /// [`RequirementErrorKind::UnopenedGroup`],
    /// [`RequirementErrorKind::EmptyAlternative`] for a `|` with nothing on
    /// one side, [`RequirementErrorKind::UnquotedScope`] for a word outside
    /// double quotes, [`RequirementErrorKind::UnclosedQuote`], and
    /// [`RequirementErrorKind::TooDeep`] for groups nested deeper than
    /// [`Requirement::MAX_DEPTH`].
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Requirement, RequirementErrorKind};
    ///
    /// // Inside quotes, `|`, `(` and `any(` are tokens like any other.
    /// let text = r#""any( |" | "c" ( "a" | "b" )"#;
    /// let need: Requirement = text.parse()?;
    /// assert_eq!(need.to_string(), text);
    /// // Without quotes, every word is a token.
    /// assert_eq!("a | b".parse::<Requirement>()?, Requirement::all("a | b".parse()?));
    /// let err = r#""a" ( "b" | "c""#.parse::<Requirement>().unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (RequirementErrorKind::UnclosedGroup, 4));
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    fn from_str(text: &str) -> Result<Self, RequirementError> {
        Self::parse(text)
    }
}

/// Reads the quoted form: items (`"scope"`, `(`, `)`, `|`) separated by one
/// space.
struct Reader<'t> {
    text: &'t str,
    at: usize,
    /// How many groups are open where the reader is.
    depth: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn error(&self, kind: RequirementErrorKind) -> RequirementError {
        RequirementError::new(kind, self.at)
    }

    /// After an item: one space and more, or the end.
    fn space(&mut self) -> Result<bool, RequirementError> {
        match self.peek() {
            None => Ok(false),
            Some(b' ') => {
                self.at += 1;
                match self.peek() {
                    None | Some(b' ') => Err(RequirementError::new(
                        RequirementErrorKind::UnexpectedSpace,
                        self.at.min(self.text.len()) - usize::from(self.peek().is_none()),
                    )),
                    Some(_) => Ok(true),
                }
            }
            Some(_) => Err(self.error(RequirementErrorKind::UnquotedScope)),
        }
    }

    /// Conjunctions separated by `|`, up to a `)` or the end.
    fn alternatives(&mut self) -> Result<Requirement, RequirementError> {
        let mut alternatives = Vec::new();
        loop {
            let part = self.conjunction()?;
            alternatives.extend(part.alternatives);
            if self.peek() != Some(b'|') {
                return Ok(Requirement { alternatives });
            }
            self.at += 1;
            if !self.space()? {
                return Err(self.error(RequirementErrorKind::EmptyAlternative));
            }
        }
    }

    /// Terms up to a `|`, a `)` or the end; at least one.
    fn conjunction(&mut self) -> Result<Requirement, RequirementError> {
        let mut parts: Vec<Requirement> = Vec::new();
        loop {
            let start = self.at;
            match self.peek() {
                Some(b'|' | b')') | None => break,
                Some(b'"') => parts.push(self.quoted()?),
                Some(b'(') => {
                    if self.depth == Requirement::MAX_DEPTH {
                        return Err(self.error(RequirementErrorKind::TooDeep {
                            max: Requirement::MAX_DEPTH,
                        }));
                    }
                    self.at += 1;
                    if !self.space()? {
                        self.at = start;
                        return Err(self.error(RequirementErrorKind::UnclosedGroup));
                    }
                    self.depth += 1;
                    let inner = self.alternatives()?;
                    self.depth -= 1;
                    if self.peek() != Some(b')') {
                        self.at = start;
                        return Err(self.error(RequirementErrorKind::UnclosedGroup));
                    }
                    self.at += 1;
                    parts.push(inner);
                }
                Some(_) => return Err(self.error(RequirementErrorKind::UnquotedScope)),
            }
            if !self.space()? {
                break;
            }
        }
        match parts.len() {
            0 => Err(self.error(RequirementErrorKind::EmptyAlternative)),
            1 => Ok(parts.pop().expect("one part")),
            _ => Ok(Requirement::all_of(parts)),
        }
    }

    /// `"scope"`: all of its tokens; `""` is the requirement with no token.
    fn quoted(&mut self) -> Result<Requirement, RequirementError> {
        let open = self.at;
        let rest = &self.text[open + 1..];
        let Some(len) = rest.find('"') else {
            return Err(self.error(RequirementErrorKind::UnclosedQuote));
        };
        self.at = open + 1 + len + 1;
        let inner = &rest[..len];
        if inner.is_empty() {
            return Ok(Requirement::nothing());
        }
        ScopeSet::parse(inner)
            .map(Requirement::all)
            .map_err(|e| RequirementError::scope(e, open + 1))
    }
}

#[cfg(feature = "serde")]
mod serde_impl {
    use alloc::string::{String, ToString};
    use core::fmt;

    use serde::de::{self, Visitor};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Requirement;

    impl Serialize for Requirement {
        /// The text form, as [`Display`](core::fmt::Display) writes it.
        /// # Errors
        ///
        /// The serializer's error for a requirement nested deeper than
        /// [`Requirement::MAX_DEPTH`], whose text would not read back.
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            if self.depth() > Self::MAX_DEPTH {
                return Err(serde::ser::Error::custom(format_args!(
                    "requirement nested deeper than {} groups; its text would not read back",
                    Self::MAX_DEPTH
                )));
            }
            serializer.collect_str(self)
        }
    }

    impl<'de> Deserialize<'de> for Requirement {
        /// A string in the text form, as [`FromStr`](core::str::FromStr)
        /// reads it.
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Text;
            impl Visitor<'_> for Text {
                type Value = Requirement;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a requirement in its text form, such as \"api:read api:write\"")
                }
                fn visit_str<E: de::Error>(self, text: &str) -> Result<Requirement, E> {
                    text.parse()
                        .map_err(|e: super::RequirementError| E::custom(e.to_string()))
                }
                fn visit_string<E: de::Error>(self, text: String) -> Result<Requirement, E> {
                    self.visit_str(&text)
                }
            }
            deserializer.deserialize_str(Text)
        }
    }
}
