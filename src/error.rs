//! The parse error: what went wrong in a scope, and at which byte; and its
//! rendering under the input.

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
    /// scope ([`ScopeSet::from_urlencoded`](crate::ScopeSet::from_urlencoded)).
    InvalidPercentEncoding,
}

impl ErrorKind {
    /// The kind's name in `snake_case` (`"invalid_char"`), for logs and
    /// machine-readable output; stable across releases.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Scope;
    ///
    /// assert_eq!(Scope::parse("a\tb").unwrap_err().kind().code(), "invalid_char");
    /// assert_eq!(Scope::parse("").unwrap_err().kind().code(), "empty");
    /// ```
    pub const fn code(self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::InvalidChar(_) => "invalid_char",
            Self::EmptyToken => "empty_token",
            Self::TooLong { .. } => "too_long",
            Self::TooManyTokens { .. } => "too_many_tokens",
            Self::InvalidPercentEncoding => "invalid_percent_encoding",
        }
    }
}

/// An error from parsing a scope or a scope-token: the grammar of RFC 6749
/// §3.3, and the percent-encoding around it.
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
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
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
pub(crate) fn write_char(f: &mut fmt::Formatter<'_>, c: char) -> fmt::Result {
    if c == '"' {
        f.write_str("'\"'")?;
    } else if is_hidden(c) {
        f.write_str("'")?;
        write_shown(f, c)?;
        f.write_str("'")?;
    } else {
        write!(f, "'{}'", c.escape_debug())?;
    }
    write!(f, " (U+{:04X})", c as u32)
}

impl ParseError {
    /// `input` on one line with a caret under the problem, for a terminal
    /// or a log: the way `regex-syntax` shows where a pattern went wrong.
    /// `input` is the text that was parsed (the offset is a byte of it).
    ///
    /// Characters that would not show as themselves are escaped as in a
    /// Rust literal (`\t`, `\u{202e}`), and the caret counts them as
    /// escaped: a TAB or CR would move the rest of the line, a bidi override
    /// (U+202A–U+202E, U+2066–U+2069) would show the text reversed, a
    /// zero-width character would not show at all, and the caret would point
    /// at the wrong place.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Scope;
    ///
    /// let input = "openid\tprofile";
    /// let err = Scope::parse(input).unwrap_err();
    /// assert_eq!(err.annotate(input).to_string(), "openid\\tprofile\n      ^");
    ///
    /// let reversed = "a b\u{202e}c";
    /// let err = Scope::parse(reversed).unwrap_err();
    /// assert_eq!(err.annotate(reversed).to_string(), "a b\\u{202e}c\n   ^");
    /// ```
    pub fn annotate<'i>(&self, input: &'i str) -> Annotated<'i> {
        Annotated::new(input, self.offset)
    }
}

impl<'i> Annotated<'i> {
    /// `input` with a caret under byte `offset` (or under the start of the
    /// character it falls in; past the end, after the last character): for
    /// the offsets of the other errors of the crate, such as
    /// [`ChallengeError::offset`](crate::ChallengeError::offset) or
    /// [`RequirementError::offset`](crate::RequirementError::offset).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Annotated, Challenge};
    ///
    /// let header = r#"Bearer realm="api"#;
    /// let err = Challenge::parse(header).unwrap_err();
    /// let shown = Annotated::new(header, err.offset().unwrap());
    /// assert_eq!(shown.to_string(), "Bearer realm=\"api\n                 ^");
    /// assert_eq!(shown.column(), 17);
    /// ```
    pub fn new(input: &'i str, offset: usize) -> Self {
        let mut at = offset.min(input.len());
        while !input.is_char_boundary(at) {
            at -= 1;
        }
        Annotated { input, at }
    }

    /// The caret's column: the number of characters before it on the first
    /// line, escapes counted as they are shown.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Scope;
    ///
    /// let input = "a\tb c\u{e9}";
    /// let err = Scope::parse(input).unwrap_err();
    /// assert_eq!(err.annotate(input).column(), 1);
    /// ```
    pub fn column(&self) -> usize {
        self.input[..self.at].chars().map(shown_width).sum()
    }
}

/// A parsed text with a caret under a problem: what
/// [`ParseError::annotate`] returns, shown by its `Display` on two lines.
///
/// # Examples
///
/// ```
/// use oauth_scope::ScopeSet;
///
/// let input = "read  write";
/// let err = ScopeSet::parse(input).unwrap_err();
/// println!("{}\nerror: {err}", err.annotate(input));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Annotated<'i> {
    input: &'i str,
    /// A character boundary of `input`.
    at: usize,
}

impl fmt::Display for Annotated<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.input.chars() {
            write_shown(f, c)?;
        }
        write!(f, "\n{:column$}^", "", column = self.column())
    }
}

/// Writes `c` as shown: itself, or escaped as in a Rust literal when it
/// would not show (the Hangul fillers, which `escape_debug` leaves as they
/// are, as `\u{3164}` too).
fn write_shown(f: &mut impl fmt::Write, c: char) -> fmt::Result {
    if !is_hidden(c) {
        f.write_char(c)
    } else if c.escape_debug().len() > 1 {
        c.escape_debug().try_for_each(|e| f.write_char(e))
    } else {
        write!(f, "\\u{{{:x}}}", u32::from(c))
    }
}

/// How many characters `c` takes as shown.
fn shown_width(c: char) -> usize {
    struct Count(usize);
    impl fmt::Write for Count {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0 += s.chars().count();
            Ok(())
        }
    }
    let mut count = Count(0);
    // Counting cannot fail.
    let _ = write_shown(&mut count, c);
    count.0
}

/// Whether `c` does not show as itself in a terminal: what a Rust literal
/// escapes, quotes and backslash aside (controls, C1 ones too; format
/// characters such as the bidi embeddings, overrides and isolates, the
/// zero-width ones and U+FEFF; separators other than the space, U+2028
/// among them; combining marks, which draw on the character before), and
/// the Hangul fillers, letters that draw nothing.
fn is_hidden(c: char) -> bool {
    let escaped = !matches!(c, '"' | '\'' | '\\') && c.escape_debug().len() > 1;
    escaped || matches!(c, '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}')
}

impl fmt::Debug for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ParseError(\"{self}\")")
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ParseError {}
