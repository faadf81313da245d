//! The parse error: what went wrong, and at which byte.

use core::fmt;

/// What kind of problem a [`ParseError`] reports.
///
/// The enum is `#[non_exhaustive]`: later versions may add kinds, so match it
/// with a wildcard arm.
///
/// # Examples
///
/// ```
/// use oauth_scope::{ErrorKind, Scope};
///
/// let err = Scope::parse("read\twrite").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::InvalidChar('\t'));
/// assert_eq!(err.offset(), 4);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is empty (or, in lenient mode where that is an error, holds no
    /// token). RFC 6749 §3.1 treats a parameter without a value as omitted, so
    /// `""` is never a scope value.
    Empty,
    /// A character outside `NQCHAR` (`%x21 / %x23-5B / %x5D-7E`, RFC 6749
    /// Appendix A.4): space inside a single token, TAB, CR, LF, `"`, `\`, DEL,
    /// any control character, any non-ASCII character.
    InvalidChar(char),
    /// A separator with no token on one side of it: a leading or trailing space,
    /// or two spaces in a row (or commas, HTAB, CR, LF when
    /// [`ParseOptions`](crate::ParseOptions) make them separators). Strict
    /// RFC 6749 §3.3 form allows exactly one SP between tokens. The offset
    /// is that of the separator; which one it is, the input shows.
    EmptyToken,
    /// The input is longer than [`ParseOptions::max_bytes`](crate::ParseOptions::max_bytes).
    TooLong {
        /// The configured limit, in bytes.
        max: usize,
    },
    /// The input holds more tokens than
    /// [`ParseOptions::max_tokens`](crate::ParseOptions::max_tokens).
    TooManyTokens {
        /// The configured limit, in tokens.
        max: usize,
    },
    /// A `%` not followed by two hexadecimal digits, in a percent-encoded
    /// scope ([`ScopeSet::from_query`](crate::ScopeSet::from_query),
    /// [`ScopeSet::from_form`](crate::ScopeSet::from_form)).
    InvalidPercentEncoding,
    /// A [`Hierarchy`](crate::Hierarchy) declared wildcards with a second
    /// separator (this one): patterns split two ways would chain through
    /// patterns no rule names, and `implies` could no longer be exact.
    ConflictingWildcards(char),
    /// A [`Hierarchy`](crate::Hierarchy) with a wildcard rule also nests at
    /// `*` (the separator given here), or inside a namespace with a `*`
    /// segment: such nesting makes patterns that no rule names (`x:` would
    /// nest into the pattern `x:*:z`), and `implies` could no longer be
    /// exact.
    NestedWildcard(char),
    /// In the text form of a [`Requirement`](crate::Requirement): a `(` that
    /// no `)` closes (the offset is the `(`).
    UnclosedGroup,
    /// In the text form of a [`Requirement`](crate::Requirement): a `)` that
    /// no `(` opened.
    UnopenedGroup,
    /// In the text form of a [`Requirement`](crate::Requirement): a `|` with
    /// no term on one side of it, or a group with nothing in it.
    EmptyAlternative,
    /// In the quoted text form of a [`Requirement`](crate::Requirement): a
    /// word outside double quotes (there, scopes go inside them).
    UnquotedScope,
    /// In the quoted text form of a [`Requirement`](crate::Requirement): a
    /// `"` that no `"` closes.
    UnclosedQuote,
    /// In the text form of a [`Requirement`](crate::Requirement): a `(`
    /// (the offset) that opens a group inside `max` others, more than
    /// [`Requirement::MAX_DEPTH`](crate::Requirement::MAX_DEPTH) allows.
    TooDeep {
        /// The deepest nesting read.
        max: usize,
    },
}

/// An error from parsing a scope or a scope-token.
///
/// It reports the **first** problem in the input: its [`kind`](Self::kind)
/// and the byte [`offset`](Self::offset) where it starts. `Display` says what
/// was found, where, and what was expected; the text is lowercase, without a
/// trailing period; a character is shown as Rust escapes it in a `char`
/// literal and by its code point, as in `'é' (U+00E9)` or `'\t' (U+0009)`.
///
/// # Examples
///
/// ```
/// use oauth_scope::{ErrorKind, Scope};
///
/// let err = Scope::parse("openid \"profile\"").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::InvalidChar('"'));
/// assert_eq!(err.offset(), 7);
/// assert_eq!(
///     err.to_string(),
///     "invalid character '\"' (U+0022) at byte 7; a scope-token allows ! # through [ and ] through ~",
/// );
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ParseError {
    kind: ErrorKind,
    offset: usize,
}

impl ParseError {
    pub(crate) const fn new(kind: ErrorKind, offset: usize) -> Self {
        Self { kind, offset }
    }

    /// The same error, at another offset (of the original input, when the
    /// text parsed was decoded from it).
    pub(crate) const fn at(mut self, offset: usize) -> Self {
        self.offset = offset;
        self
    }

    /// What went wrong.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{ErrorKind, Scope};
    ///
    /// assert_eq!(Scope::parse("").unwrap_err().kind(), ErrorKind::Empty);
    /// assert_eq!(Scope::parse("a  b").unwrap_err().kind(), ErrorKind::EmptyToken);
    /// ```
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The byte offset of the first problem in the input.
    ///
    /// For [`ErrorKind::TooLong`] it is the limit itself (the first byte past
    /// it), or the start of the character that byte falls in; for
    /// [`ErrorKind::TooManyTokens`] it is where the first token past the limit
    /// starts. It is always a character boundary of the input, so
    /// `&input[..err.offset()]` never panics.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Scope;
    ///
    /// // 'é' is two bytes in UTF-8; the offset is where it starts.
    /// let err = Scope::parse("openid café").unwrap_err();
    /// assert_eq!(err.offset(), 10);
    /// ```
    pub const fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.offset;
        match self.kind {
            ErrorKind::Empty => f.write_str("empty scope; expected at least one scope-token"),
            ErrorKind::InvalidChar(c) => {
                f.write_str("invalid character ")?;
                write_char(f, c)?;
                write!(
                    f,
                    " at byte {at}; a scope-token allows ! # through [ and ] through ~"
                )
            }
            ErrorKind::EmptyToken if at == 0 => f.write_str(
                "unexpected separator at byte 0; a scope must start with a scope-token",
            ),
            ErrorKind::EmptyToken => write!(
                f,
                "unexpected separator at byte {at}; {BETWEEN_TOKENS}"
            ),
            ErrorKind::TooLong { max } => {
                write!(f, "scope longer than the limit of {max} bytes")
            }
            ErrorKind::ConflictingWildcards(c) => {
                f.write_str("second wildcard separator ")?;
                write_char(f, c)?;
                f.write_str("; a hierarchy takes one wildcard separator")
            }
            ErrorKind::NestedWildcard(c) => {
                f.write_str("nested rule with separator ")?;
                write_char(f, c)?;
                f.write_str(
                    " beside a wildcard rule; nesting next to wildcards must not use '*' as its separator or have a '*' segment in its namespace",
                )
            }
            ErrorKind::UnclosedGroup => write!(
                f,
                "unclosed group at byte {at}; a '(' needs a ')' after the requirement it groups"
            ),
            ErrorKind::UnopenedGroup => write!(
                f,
                "unexpected ')' at byte {at}; no '(' opened a group here"
            ),
            ErrorKind::UnquotedScope => write!(
                f,
                "unquoted scope at byte {at}; in a requirement with quotes, each scope goes inside double quotes"
            ),
            ErrorKind::UnclosedQuote => write!(
                f,
                "unclosed quote at byte {at}; expected a '\"' after the scope"
            ),
            ErrorKind::TooDeep { max } => write!(
                f,
                "group nested too deep at byte {at}; a requirement nests at most {max} groups"
            ),
            ErrorKind::EmptyAlternative => write!(
                f,
                "empty alternative at byte {at}; expected a quoted scope or a group on each side of '|'"
            ),
            ErrorKind::InvalidPercentEncoding => write!(
                f,
                "invalid percent-encoding at byte {at}; expected '%' and two hexadecimal digits"
            ),
            ErrorKind::TooManyTokens { max } => write!(
                f,
                "too many scope-tokens: the limit is {max}, and the token past it starts at byte {at}"
            ),
        }
    }
}

/// What an `EmptyToken` after the start breaks.
const BETWEEN_TOKENS: &str =
    "scope-tokens are separated by exactly one separator, and a scope must end with a scope-token";

/// Writes `'x' (U+0078)`: the character as Rust would escape it in a `char`
/// literal (so controls and invisible characters show as escapes such as
/// `'\t'` or `'\u{a0}'`), then its code point.
fn write_char(f: &mut fmt::Formatter<'_>, c: char) -> fmt::Result {
    if c == '"' {
        f.write_str("'\"'")?;
    } else {
        write!(f, "'{}'", c.escape_debug())?;
    }
    write!(f, " (U+{:04X})", c as u32)
}

impl fmt::Debug for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ParseError(\"{self}\")")
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ParseError {}
