//! What went wrong with a Bearer challenge, building it or reading it:
//! [`ChallengeError`], the problem and where in the header it is. Its
//! problems come from the list syntax (RFC 9110 §11.6.1), from the value
//! rules of RFC 6750 §3 (checked here by `check_value`), and from the
//! scope (RFC 6749 §3.3).

use alloc::string::String;
use core::fmt;

use super::value::Chars;
use crate::error::ParseError;

/// Checks `value`, the value of the parameter `name`, against the rule
/// `chars`: the error names the first character the rule refuses.
pub(super) fn check_value(name: &str, value: &str, chars: Chars) -> Result<(), ChallengeError> {
    if value.is_empty() && !chars.allows_empty() {
        return Err(ChallengeError::new(Problem::EmptyValue(name.into()), None));
    }
    let too_long = (chars == Chars::Seconds && value.len() > super::value::SECONDS_DIGITS)
        .then_some(super::value::SECONDS_DIGITS);
    match value.bytes().position(|b| !chars.allows(b)).or(too_long) {
        None => Ok(()),
        Some(at) => {
            let c = value[at..].chars().next().unwrap_or('\0');
            Err(ChallengeError::new(
                Problem::InvalidChar {
                    param: name.into(),
                    c,
                    at,
                    chars,
                },
                None,
            ))
        }
    }
}

/// What went wrong with a challenge: building it or reading it.
///
/// # Examples
///
/// ```
/// use oauth_scope::Challenge;
///
/// let err = Challenge::parse(r#"Bearer scope="a  b""#).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid scope value at byte 14: unexpected separator at byte 2; \
///      scope-tokens are separated by exactly one separator, and a scope must end with a scope-token",
/// );
/// assert_eq!(err.offset(), Some(14));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChallengeError {
    problem: Problem,
    offset: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Problem {
    Syntax(&'static str),
    NoBearer,
    Duplicate(String),
    InvalidName(String),
    EmptyValue(String),
    InvalidChar {
        param: String,
        c: char,
        at: usize,
        chars: Chars,
    },
    Scope(ParseError),
    /// A number (`max_age`) beyond 64 bits: the parameter's name.
    TooLarge(String),
}

/// What a [`ChallengeError`] reports.
///
/// The enum is `#[non_exhaustive]`: later versions may add kinds.
///
/// # Examples
///
/// ```
/// use oauth_scope::{Challenge, ChallengeErrorKind};
///
/// let err = Challenge::parse(r#"Bearer realm="a", realm="b""#).unwrap_err();
/// assert_eq!(err.kind(), ChallengeErrorKind::DuplicateParameter);
/// assert_eq!(err.kind().code(), "duplicate_parameter");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChallengeErrorKind {
    /// The header breaks the `WWW-Authenticate` syntax (RFC 9110 §11.6.1),
    /// or holds a byte outside visible ASCII, space and HTAB.
    Syntax,
    /// No Bearer challenge in the header.
    NoBearer,
    /// A parameter given twice in the challenge (RFC 9110 §11.2).
    DuplicateParameter,
    /// A parameter name that is not an RFC 9110 token.
    InvalidParameterName,
    /// A parameter whose value may not be empty is.
    EmptyValue,
    /// A value with a character its rule (RFC 6750 §3) refuses.
    InvalidChar,
    /// The `scope` value breaks the scope grammar (RFC 6749 §3.3); the
    /// [`ParseError`] is [`scope_error`](ChallengeError::scope_error) and
    /// `source()`.
    InvalidScope,
    /// A number (RFC 9470 `max_age`) larger than 18446744073709551615.
    NumberTooLarge,
}

impl ChallengeErrorKind {
    /// The kind's name in `snake_case` (`"no_bearer"`), for logs and
    /// machine-readable output.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ChallengeErrorKind;
    ///
    /// assert_eq!(ChallengeErrorKind::InvalidScope.code(), "invalid_scope");
    /// ```
    pub const fn code(self) -> &'static str {
        match self {
            Self::Syntax => "syntax",
            Self::NoBearer => "no_bearer",
            Self::DuplicateParameter => "duplicate_parameter",
            Self::InvalidParameterName => "invalid_parameter_name",
            Self::EmptyValue => "empty_value",
            Self::InvalidChar => "invalid_char",
            Self::InvalidScope => "invalid_scope",
            Self::NumberTooLarge => "number_too_large",
        }
    }
}

impl ChallengeError {
    /// What went wrong.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Challenge, ChallengeErrorKind};
    ///
    /// let err = Challenge::parse(r#"Bearer scope="a  b""#).unwrap_err();
    /// assert_eq!(err.kind(), ChallengeErrorKind::InvalidScope);
    /// let err = Challenge::parse("Basic abc").unwrap_err();
    /// assert_eq!(err.kind(), ChallengeErrorKind::NoBearer);
    /// ```
    pub fn kind(&self) -> ChallengeErrorKind {
        match &self.problem {
            Problem::Syntax(_) => ChallengeErrorKind::Syntax,
            Problem::NoBearer => ChallengeErrorKind::NoBearer,
            Problem::Duplicate(_) => ChallengeErrorKind::DuplicateParameter,
            Problem::InvalidName(_) => ChallengeErrorKind::InvalidParameterName,
            Problem::EmptyValue(_) => ChallengeErrorKind::EmptyValue,
            Problem::InvalidChar { .. } => ChallengeErrorKind::InvalidChar,
            Problem::Scope(_) => ChallengeErrorKind::InvalidScope,
            Problem::TooLarge(_) => ChallengeErrorKind::NumberTooLarge,
        }
    }

    pub(super) fn new(problem: Problem, offset: Option<usize>) -> Self {
        Self { problem, offset }
    }

    pub(super) fn at(mut self, offset: usize) -> Self {
        self.offset = Some(offset);
        self
    }

    /// No Bearer challenge in any of the header lines.
    #[cfg(feature = "http")]
    pub(crate) fn no_bearer() -> Self {
        Self::new(Problem::NoBearer, None)
    }

    /// A header value with a byte outside visible ASCII, space and HTAB;
    /// the value starts at byte `start` of the header.
    #[cfg(feature = "http")]
    pub(crate) fn not_visible_ascii(value: &[u8], start: usize) -> Self {
        let at = value
            .iter()
            .position(|&b| !(b == b'\t' || (0x20..0x7F).contains(&b)));
        Self::new(
            Problem::Syntax("visible ASCII in the header value"),
            at.map(|at| start + at),
        )
    }

    /// The byte offset in the header where the problem is, when the error
    /// comes from [`Challenge::parse`](crate::Challenge::parse) (for a bad value: where the
    /// value's text starts, inside its quotes).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Challenge;
    ///
    /// let err = Challenge::parse(r#"Bearer realm="api"#).unwrap_err();
    /// assert_eq!(err.to_string(), "malformed challenge at byte 17: expected a closing '\"'");
    /// assert_eq!(err.offset(), Some(17));
    /// ```
    pub fn offset(&self) -> Option<usize> {
        self.offset
    }

    /// The scope's [`ParseError`], when the problem is an invalid `scope`
    /// value.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Challenge, ErrorKind};
    ///
    /// let err = Challenge::parse(r#"Bearer scope="a\\b""#).unwrap_err();
    /// assert_eq!(err.scope_error().unwrap().kind(), ErrorKind::InvalidChar('\\'));
    /// ```
    pub fn scope_error(&self) -> Option<&ParseError> {
        match &self.problem {
            Problem::Scope(e) => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for ChallengeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = |f: &mut fmt::Formatter<'_>| match self.offset {
            Some(at) => write!(f, " at byte {at}"),
            None => Ok(()),
        };
        match &self.problem {
            Problem::Syntax(expected) => {
                f.write_str("malformed challenge")?;
                at(f)?;
                write!(f, ": expected {expected}")
            }
            Problem::NoBearer => f.write_str("no Bearer challenge in the header"),
            Problem::TooLarge(name) => {
                write!(f, "{name} value larger than {}", u64::MAX)?;
                at(f)
            }
            Problem::Duplicate(name) => {
                write!(f, "parameter {name:?} given twice")?;
                at(f)
            }
            Problem::InvalidName(name) => write!(
                f,
                "invalid parameter name {name:?}: expected an RFC 9110 token"
            ),
            Problem::EmptyValue(name) => {
                write!(f, "empty {name} value")?;
                at(f)
            }
            Problem::InvalidChar {
                param,
                c,
                at: i,
                chars,
            } => {
                write!(
                    f,
                    "invalid character {:?} (U+{:04X}) at byte {i} of the {param} value",
                    c, *c as u32
                )?;
                if let Some(start) = self.offset {
                    write!(f, " (the value starts at byte {start})")?;
                }
                write!(f, "; expected {}", chars.expected())
            }
            Problem::Scope(e) => {
                f.write_str("invalid scope value")?;
                at(f)?;
                write!(f, ": {e}")
            }
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ChallengeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.scope_error()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}
