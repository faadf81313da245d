//! [`RequirementError`]: requirement text that does not read, and where.

use core::fmt;

use crate::error::ParseError;

/// Why requirement text (see [`Requirement`](crate::Requirement)) does not
/// read: the first problem, its [`kind`](Self::kind) and the byte
/// [`offset`](Self::offset) in the text where it starts.
///
/// # Examples
///
/// ```
/// use oauth_scope::{Requirement, RequirementErrorKind};
///
/// let err = r#""a" ( "b" | "c""#.parse::<Requirement>().unwrap_err();
/// assert_eq!((err.kind(), err.offset()), (RequirementErrorKind::UnclosedGroup, 4));
/// assert_eq!(
///     err.to_string(),
///     "unclosed group at byte 4; a '(' needs a ')' after the requirement it groups",
/// );
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct RequirementError {
    kind: RequirementErrorKind,
    offset: usize,
}

/// What a [`RequirementError`] reports.
///
/// The enum is `#[non_exhaustive]`: later versions may add kinds.
///
/// # Examples
///
/// ```
/// use oauth_scope::{ErrorKind, Requirement, RequirementErrorKind};
///
/// let err = Requirement::parse("read  write").unwrap_err();
/// let RequirementErrorKind::InvalidScope(scope) = err.kind() else { unreachable!() };
/// assert_eq!(scope.kind(), ErrorKind::EmptyToken);
/// assert_eq!(err.kind().code(), "invalid_scope");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RequirementErrorKind {
    /// A scope that breaks the grammar of RFC 6749 §3.3: the whole text when
    /// it has no double quote, or one between quotes. Its offset is in the
    /// requirement text, as the error's own.
    InvalidScope(ParseError),
    /// In the quoted form, a space too many or too few between items (they
    /// are separated by exactly one), or at either end.
    UnexpectedSpace,
    /// A `(` that no `)` closes (the offset is the `(`).
    UnclosedGroup,
    /// A `)` that no `(` opened.
    UnopenedGroup,
    /// A `|` with no term on one side of it, or a group with nothing in it.
    EmptyAlternative,
    /// In the quoted form, a word outside double quotes (there, scopes go
    /// inside them).
    UnquotedScope,
    /// A `"` that no `"` closes.
    UnclosedQuote,
    /// A `(` (the offset) that opens a group inside `max` others, more than
    /// [`Requirement::MAX_DEPTH`](crate::Requirement::MAX_DEPTH) allows.
    TooDeep {
        /// The limit, [`Requirement::MAX_DEPTH`](crate::Requirement::MAX_DEPTH).
        max: usize,
    },
}

impl RequirementErrorKind {
    /// The kind's name in `snake_case` (`"unclosed_group"`), for logs and
    /// machine-readable output.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::RequirementErrorKind;
    ///
    /// assert_eq!(RequirementErrorKind::TooDeep { max: 32 }.code(), "too_deep");
    /// ```
    pub const fn code(self) -> &'static str {
        match self {
            Self::InvalidScope(_) => "invalid_scope",
            Self::UnexpectedSpace => "unexpected_space",
            Self::UnclosedGroup => "unclosed_group",
            Self::UnopenedGroup => "unopened_group",
            Self::EmptyAlternative => "empty_alternative",
            Self::UnquotedScope => "unquoted_scope",
            Self::UnclosedQuote => "unclosed_quote",
            Self::TooDeep { .. } => "too_deep",
        }
    }
}

impl RequirementError {
    pub(crate) const fn new(kind: RequirementErrorKind, offset: usize) -> Self {
        Self { kind, offset }
    }

    /// A scope's own error, `scope` starting at byte `start` of the text.
    pub(crate) fn scope(err: ParseError, start: usize) -> Self {
        let at = start + err.offset();
        Self::new(RequirementErrorKind::InvalidScope(err.at(at)), at)
    }

    /// What went wrong.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Requirement, RequirementErrorKind};
    ///
    /// let err = r#""a" )"#.parse::<Requirement>().unwrap_err();
    /// assert_eq!(err.kind(), RequirementErrorKind::UnopenedGroup);
    /// ```
    pub const fn kind(&self) -> RequirementErrorKind {
        self.kind
    }

    /// The byte offset in the text of the first problem; always a character
    /// boundary.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Requirement;
    ///
    /// let err = r#""a" "café""#.parse::<Requirement>().unwrap_err();
    /// assert_eq!(err.offset(), 8);
    /// ```
    pub const fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for RequirementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.offset;
        match self.kind {
            RequirementErrorKind::InvalidScope(e) => e.fmt(f),
            RequirementErrorKind::UnexpectedSpace => write!(
                f,
                "unexpected space at byte {at}; the items of a requirement are separated by exactly one space"
            ),
            RequirementErrorKind::UnclosedGroup => write!(
                f,
                "unclosed group at byte {at}; a '(' needs a ')' after the requirement it groups"
            ),
            RequirementErrorKind::UnopenedGroup => write!(
                f,
                "unexpected ')' at byte {at}; no '(' opened a group here"
            ),
            RequirementErrorKind::UnquotedScope => write!(
                f,
                "unquoted scope at byte {at}; in a requirement with quotes, each scope goes inside double quotes"
            ),
            RequirementErrorKind::UnclosedQuote => write!(
                f,
                "unclosed quote at byte {at}; expected a '\"' after the scope"
            ),
            RequirementErrorKind::EmptyAlternative => write!(
                f,
                "empty alternative at byte {at}; expected a quoted scope or a group on each side of '|'"
            ),
            RequirementErrorKind::TooDeep { max } => write!(
                f,
                "group nested too deep at byte {at}; a requirement nests at most {max} groups"
            ),
        }
    }
}

impl fmt::Debug for RequirementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RequirementError(\"{self}\")")
    }
}

#[cfg(feature = "std")]
impl std::error::Error for RequirementError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            RequirementErrorKind::InvalidScope(e) => Some(e),
            _ => None,
        }
    }
}
