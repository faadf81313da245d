//! `Scope`: a validated scope value in strict RFC form, zero-copy.

use core::fmt;
use core::iter::FusedIterator;

use crate::error::ParseError;
use crate::parse;
use crate::set::ScopeSet;
use crate::token::ScopeToken;

/// A validated scope value in strict RFC 6749 §3.3 form: the original text,
/// borrowed and never copied.
///
/// ```text
/// scope       = scope-token *( SP scope-token )
/// scope-token = 1*NQCHAR
/// NQCHAR      = %x21 / %x23-5B / %x5D-7E
/// ```
///
/// A `Scope` keeps the text as it came: token order and repeats are kept, so
/// it is the right type to echo a value back or to read tokens in order. For
/// the meaning (order does not matter, a repeated token is one token), turn it
/// into a [`ScopeSet`] with [`to_set`](Self::to_set). For that reason `Scope`
/// has no `PartialEq`: `"a b"` and `"b a"` are the same scope with different
/// texts.
///
/// # Examples
///
/// ```
/// use oauth_scope::Scope;
///
/// let scope = Scope::parse("openid profile email")?;
/// assert!(scope.contains("profile"));
/// let tokens: Vec<&str> = scope.tokens().map(|t| t.as_str()).collect();
/// assert_eq!(tokens, ["openid", "profile", "email"]);
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    text: &'a str,
}

impl<'a> Scope<'a> {
    /// A scope of `text`, already validated in strict form.
    pub(crate) const fn from_valid(text: &'a str) -> Self {
        Scope { text }
    }

    /// Validates `input` as a scope value in strict form.
    ///
    /// ```text
    /// scope       = scope-token *( SP scope-token )
    /// scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
    /// ```
    ///
    /// Exactly one space (`%x20`) separates tokens; none may lead or trail.
    /// This allocates nothing. For input that is not in strict form (GitHub's
    /// comma lists, runs of spaces) use
    /// [`ScopeSet::parse_with`](crate::ScopeSet::parse_with).
    ///
    /// # Errors
    ///
    /// The first problem in `input`:
    /// [`Empty`](crate::ErrorKind::Empty) for `""` (RFC 6749 §3.1: a parameter
    /// without a value is omitted, not an empty scope);
    /// [`EmptyToken`](crate::ErrorKind::EmptyToken) for a leading, trailing or
    /// doubled space; [`InvalidChar`](crate::ErrorKind::InvalidChar) for any
    /// other byte outside `NQCHAR`, with the whole character when it is
    /// multi-byte UTF-8.
    ///
    /// # Cost
    ///
    /// Linear in `input`, with no allocation and no recursion.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{ErrorKind, Scope};
    ///
    /// let scope = Scope::parse("https://www.googleapis.com/auth/drive openid")?;
    /// assert_eq!(scope.len(), 2);
    ///
    /// let err = Scope::parse("openid  email").unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::EmptyToken);
    /// assert_eq!(err.to_string(),
    ///     "unexpected separator at byte 7; scope-tokens are separated by exactly one separator, and a scope must end with a scope-token");
    ///
    /// let err = Scope::parse("openid\u{a0}email").unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidChar('\u{a0}'));
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn parse(input: &'a str) -> Result<Self, ParseError> {
        parse::validate_strict(input)?;
        Ok(Scope { text: input })
    }

    /// The scope's text, exactly as given.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Scope;
    ///
    /// assert_eq!(Scope::parse("b a b")?.as_str(), "b a b");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub const fn as_str(&self) -> &'a str {
        self.text
    }

    /// The number of tokens in the text, repeats included. Counts the spaces
    /// (linear in the text, no allocation).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Scope;
    ///
    /// assert_eq!(Scope::parse("a b a")?.len(), 3);
    /// assert_eq!(Scope::parse("a b a")?.to_set().len(), 2);
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    #[allow(clippy::len_without_is_empty)] // a Scope is never empty
    pub fn len(&self) -> usize {
        parse::count_spaces(self.text.as_bytes()) + 1
    }

    /// The tokens in the order of the text, repeats included. Allocates
    /// nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Scope;
    ///
    /// let scope = Scope::parse("repo read:org")?;
    /// let mut tokens = scope.tokens();
    /// assert_eq!(tokens.next().unwrap(), "repo");
    /// assert_eq!(tokens.next().unwrap(), "read:org");
    /// assert_eq!(tokens.next(), None);
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn tokens(&self) -> Tokens<'a> {
        Tokens {
            text: self.text,
            start: 0,
            end: self.text.len(),
            next_block: 0,
            spaces: 0,
            done: false,
        }
    }

    /// Whether `token` is one of the tokens. Linear in the text; allocates
    /// nothing. For many lookups, build a [`ScopeSet`] (logarithmic).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Scope;
    ///
    /// let scope = Scope::parse("openid email")?;
    /// assert!(scope.contains("email"));
    /// assert!(!scope.contains("mail"));
    /// assert!(!scope.contains("Email")); // case-sensitive
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn contains(&self, token: &str) -> bool {
        self.tokens().any(|t| t.as_str() == token)
    }

    /// The set of the tokens: sorted, without repeats, borrowing from the
    /// text. Allocates once under 128 tokens (see
    /// [`ScopeSet::parse`](crate::ScopeSet::parse) for larger ones).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Scope;
    ///
    /// let set = Scope::parse("profile openid profile")?.to_set();
    /// assert_eq!(set.to_string(), "openid profile");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn to_set(&self) -> ScopeSet<'a> {
        ScopeSet::from_valid_strict(self.text, self.len())
    }
}

impl fmt::Display for Scope<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text)
    }
}

impl fmt::Debug for Scope<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Scope").field(&self.text).finish()
    }
}

impl AsRef<str> for Scope<'_> {
    fn as_ref(&self) -> &str {
        self.text
    }
}

impl<'a> TryFrom<&'a str> for Scope<'a> {
    type Error = ParseError;

    /// Same as [`Scope::parse`].
    fn try_from(input: &'a str) -> Result<Self, ParseError> {
        Scope::parse(input)
    }
}

// The iterator method is `tokens`, the name the crate has always used for it.
#[allow(clippy::iter_without_into_iter, clippy::into_iter_without_iter)]
impl<'a> IntoIterator for &Scope<'a> {
    type Item = ScopeToken<'a>;
    type IntoIter = Tokens<'a>;

    fn into_iter(self) -> Tokens<'a> {
        self.tokens()
    }
}

/// The tokens of a [`Scope`], in text order. Created by [`Scope::tokens`].
///
/// # Examples
///
/// ```
/// use oauth_scope::Scope;
///
/// let scope = Scope::parse("a b c")?;
/// assert_eq!(scope.tokens().rev().next().unwrap(), "c");
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Tokens<'a> {
    text: &'a str,
    /// Where the next token from the front starts.
    start: usize,
    /// Where the text not yet read ends: the tokens from the back end here.
    end: usize,
    /// The offset of the next block of 64 bytes to look for spaces in.
    next_block: usize,
    /// The spaces not yet used in the block before `next_block`: bit `i`
    /// for its byte `i`.
    spaces: u64,
    /// Whether the last token has been returned.
    done: bool,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = ScopeToken<'a>;

    /// The spaces are found 64 bytes at a time and kept between calls, so
    /// each byte of the text is looked at once.
    #[inline(always)]
    fn next(&mut self) -> Option<ScopeToken<'a>> {
        if self.done {
            return None;
        }
        loop {
            if self.spaces != 0 {
                let at = self.next_block - parse::SCAN + self.spaces.trailing_zeros() as usize;
                self.spaces &= self.spaces - 1;
                if at >= self.end {
                    break;
                }
                // Both sides of an ASCII space are character boundaries.
                let token = self.text.get(self.start..at)?;
                self.start = at + 1;
                return Some(ScopeToken::new_unchecked(token));
            }
            if self.next_block >= self.end {
                break;
            }
            self.spaces = parse::spaces_in_block(self.text.as_bytes(), self.next_block);
            self.next_block += parse::SCAN;
        }
        self.done = true;
        Some(ScopeToken::new_unchecked(
            self.text.get(self.start..self.end)?,
        ))
    }
}

impl DoubleEndedIterator for Tokens<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let rest = self.text.get(self.start..self.end)?;
        if let Some(at) = rest.rfind(' ') {
            self.end = self.start + at;
            Some(ScopeToken::new_unchecked(rest.get(at + 1..)?))
        } else {
            self.done = true;
            Some(ScopeToken::new_unchecked(rest))
        }
    }
}

impl FusedIterator for Tokens<'_> {}
