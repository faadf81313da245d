//! [`BuildError`]: a rule that [`HierarchyBuilder::build`] refuses, named by
//! its place among the rules as declared.
//!
//! [`HierarchyBuilder::build`]: super::HierarchyBuilder::build

use core::fmt;

use crate::error::{write_char, ParseError};

/// Why [`HierarchyBuilder::build`](super::HierarchyBuilder::build) refused
/// the rules: the first rule, in the order they were declared, that is
/// malformed or that cannot stand beside the rules before it.
///
/// # Examples
///
/// ```
/// use oauth_scope::{BuildErrorKind, ErrorKind, Hierarchy};
///
/// let err = Hierarchy::builder()
///     .imply("admin", "read")
///     .wildcard(':')
///     .wildcard('.')
///     .build()
///     .unwrap_err();
/// assert_eq!(err.rule(), 2);
/// assert_eq!(err.kind(), BuildErrorKind::ConflictingWildcards('.'));
/// assert_eq!(
///     err.to_string(),
///     "rule at index 2: second wildcard separator '.' (U+002E); a hierarchy takes one wildcard separator",
/// );
///
/// let err = Hierarchy::builder().imply("read write", "read").build().unwrap_err();
/// let BuildErrorKind::InvalidToken(token) = err.kind() else { unreachable!() };
/// assert_eq!(token.kind(), ErrorKind::InvalidChar(' '));
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct BuildError {
    rule: usize,
    kind: BuildErrorKind,
}

/// What is wrong with the rule a [`BuildError`] names.
///
/// The enum is `#[non_exhaustive]`: later versions may add kinds.
///
/// # Examples
///
/// ```
/// use oauth_scope::{BuildErrorKind, Hierarchy};
///
/// let err = Hierarchy::builder().nested("", ' ').build().unwrap_err();
/// assert_eq!(err.kind(), BuildErrorKind::InvalidSeparator(' '));
/// assert_eq!(err.kind().code(), "invalid_separator");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BuildErrorKind {
    /// A token of the rule (a parent, a child or a namespace) is not a
    /// scope-token; the offset of the [`ParseError`] is within that token.
    InvalidToken(ParseError),
    /// The separator of a nested or wildcard rule is not one `NQCHAR` (a
    /// character a scope-token may hold).
    InvalidSeparator(char),
    /// A wildcard rule with a second separator (this one): patterns split
    /// two ways would chain through patterns no rule names, and `implies`
    /// could no longer be exact.
    ConflictingWildcards(char),
    /// A nested rule (its separator here) that nests at `*`, or inside a
    /// namespace with a `*` segment, beside a wildcard rule: such nesting
    /// makes patterns that no rule names (`x:` would nest into the pattern
    /// `x:*:z`), and `implies` could no longer be exact. The rule named is
    /// the later of the two.
    NestedWildcard(char),
    /// A wildcard rule beside a structured rule
    /// ([`smart`](super::HierarchyBuilder::smart) or
    /// [`parameter`](super::HierarchyBuilder::parameter)): a template is a
    /// parameter's wildcard and SMART has its own `*`, so a second kind of
    /// pattern would reach structured tokens by a rule that does not know
    /// them. The rule named is the later of the two.
    WildcardBesideStructured,
    /// A nested rule or a parameter whose prefix overlaps a structured one
    /// (`nested("", ':')` beside `smart`: `patient/Obs.rs?code=a` would
    /// nest `patient/Obs.rs?code=a:b`), or two parameters of which one could
    /// start the other's instances. The rule named is the later of the two.
    OverlappingRules,
    /// A parameter of kind `OneOf` with no value, or with `*` as a value.
    InvalidParameter,
    /// An edge that names a structured token its rule calls malformed (the
    /// kind says why; see [`Hierarchy::validate`](super::Hierarchy::validate)).
    MalformedToken(crate::structured::VocabularyErrorKind),
    /// An edge whose parent is a SMART token with more than one letter
    /// (`patient/Observation.rs => x`). A set may hold such a token by
    /// holding each letter through a different member, and following every
    /// such joint route through the edges would make `implies` search
    /// combinations. Declare the edge from a single-letter or a plain token.
    JointParent,
}

impl BuildErrorKind {
    /// The kind's name in `snake_case` (`"conflicting_wildcards"`), for logs
    /// and machine-readable output.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::BuildErrorKind;
    ///
    /// assert_eq!(BuildErrorKind::NestedWildcard('*').code(), "nested_wildcard");
    /// ```
    pub const fn code(self) -> &'static str {
        match self {
            Self::InvalidToken(_) => "invalid_token",
            Self::InvalidSeparator(_) => "invalid_separator",
            Self::ConflictingWildcards(_) => "conflicting_wildcards",
            Self::NestedWildcard(_) => "nested_wildcard",
            Self::WildcardBesideStructured => "wildcard_beside_structured",
            Self::OverlappingRules => "overlapping_rules",
            Self::InvalidParameter => "invalid_parameter",
            Self::MalformedToken(_) => "malformed_token",
            Self::JointParent => "joint_parent",
        }
    }
}

impl BuildError {
    pub(crate) const fn new(rule: usize, kind: BuildErrorKind) -> Self {
        Self { rule, kind }
    }

    /// The place of the refused rule among the rules as declared, from 0:
    /// each `imply` is one rule, `imply_all` and `chain` one per edge.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Hierarchy;
    ///
    /// let err = Hierarchy::builder()
    ///     .chain(["a", "b", "c"])
    ///     .imply("d", "e\u{e9}")
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(err.rule(), 2);
    /// ```
    pub const fn rule(&self) -> usize {
        self.rule
    }

    /// What is wrong with the rule.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{BuildErrorKind, Hierarchy};
    ///
    /// let err = Hierarchy::builder().nested("", '*').wildcard(':').build().unwrap_err();
    /// assert_eq!(err.kind(), BuildErrorKind::NestedWildcard('*'));
    /// ```
    pub const fn kind(&self) -> BuildErrorKind {
        self.kind
    }

    /// The reason alone, without the rule's place: what the rules text's
    /// error, which names a line instead, says.
    pub(crate) fn reason(&self) -> Reason<'_> {
        Reason(&self.kind)
    }
}

/// A [`BuildErrorKind`] as a message.
pub(crate) struct Reason<'e>(&'e BuildErrorKind);

impl fmt::Display for Reason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self.0 {
            BuildErrorKind::InvalidToken(e) => write!(f, "invalid token: {e}"),
            BuildErrorKind::InvalidSeparator(c) => {
                f.write_str("invalid separator ")?;
                write_char(f, c)?;
                f.write_str("; expected one character from ! # through [ and ] through ~")
            }
            BuildErrorKind::ConflictingWildcards(c) => {
                f.write_str("second wildcard separator ")?;
                write_char(f, c)?;
                f.write_str("; a hierarchy takes one wildcard separator")
            }
            BuildErrorKind::NestedWildcard(c) => {
                f.write_str("nested rule with separator ")?;
                write_char(f, c)?;
                f.write_str(
                    " beside a wildcard rule; nesting next to wildcards must not use '*' as its separator or have a '*' segment in its namespace",
                )
            }
            BuildErrorKind::WildcardBesideStructured => f.write_str(
                "wildcard rule beside a smart or param rule; structured scopes have their own wildcards",
            ),
            BuildErrorKind::OverlappingRules => f.write_str(
                "prefix overlaps a smart or param rule's; a token would be read by two rules",
            ),
            BuildErrorKind::InvalidParameter => {
                f.write_str("parameter values must be listed, and '*' is the template, not a value")
            }
            BuildErrorKind::JointParent => f.write_str(
                "edge from a SMART token with more than one letter; declare edges from single-letter tokens",
            ),
            BuildErrorKind::MalformedToken(kind) => {
                write!(f, "edge names a malformed structured token ({})", kind.code())
            }
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rule at index {}: {}", self.rule, self.reason())
    }
}

impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BuildError(\"{self}\")")
    }
}

#[cfg(feature = "std")]
impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            BuildErrorKind::InvalidToken(e) => Some(e),
            _ => None,
        }
    }
}
