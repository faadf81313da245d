//! All parsing: the RFC 6749 §3.3 grammar, strict and lenient.
//!
//! nom is the grammar engine and stays inside this module: the token and
//! separator rules are nom parsers over bytes, and the tokenizer drives them
//! one token at a time (a loop, never recursion). The strict form has a
//! second recognizer (`blocks`: [`fast_strict`], [`StrictScan`]) that accepts valid input in one
//! branch-free pass over 32-byte blocks, which the compiler vectorizes;
//! whenever it says no, the nom grammar runs and reports the first problem,
//! so the two can only differ in speed. Tests and fuzz targets check both
//! against a byte-loop model.

use nom::bytes::complete::{take_while, take_while1};
use nom::{IResult, Parser};

use crate::error::{ErrorKind, ParseError};

mod blocks;

pub(crate) use blocks::{
    count_spaces, fast_strict, for_each_space, spaces_in_block, StrictScan, SCAN,
};

/// `NQCHAR = %x21 / %x23-5B / %x5D-7E` (RFC 6749 Appendix A.4).
#[inline]
pub(crate) const fn is_nqchar(b: u8) -> bool {
    matches!(b, 0x21 | 0x23..=0x5B | 0x5D..=0x7E)
}

/// How to read a scope string.
///
/// The default is strict RFC 6749 §3.3 form: tokens separated by exactly one
/// space, none at either end, no limits. [`lenient`](Self::lenient) accepts
/// what real providers and clients put on the wire: runs of separators and
/// separators at either end. Two switches widen the set of separators, in
/// either mode: [`commas`](Self::commas) (GitHub's `X-OAuth-Scopes: repo,
/// user`, Slack's and Facebook's `a,b`) and [`whitespace`](Self::whitespace)
/// (HTAB, CR, LF). Unicode whitespace is never a separator. Limits bound the
/// work done on untrusted input.
///
/// Whatever the options, every token must be made of `NQCHAR`s, and the error
/// offsets point into the original input.
///
/// # Examples
///
/// ```
/// use oauth_scope::{ParseOptions, ScopeSet};
///
/// let github = ParseOptions::lenient().commas(true);
/// let set = ScopeSet::parse_with(" repo, gist,,user ", &github)?;
/// assert_eq!(set.to_string(), "gist repo user");
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ParseOptions {
    lenient: bool,
    commas: bool,
    whitespace: bool,
    max_bytes: usize,
    max_tokens: usize,
}

impl Default for ParseOptions {
    fn default() -> Self {
        Self::strict()
    }
}

impl ParseOptions {
    /// Strict RFC 6749 §3.3 form, the same rules as
    /// [`ScopeSet::parse`](crate::ScopeSet::parse): exactly one space between
    /// tokens, none at either end, and `""` is an error. No limits.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{ErrorKind, ParseOptions, ScopeSet};
    ///
    /// let strict = ParseOptions::strict();
    /// assert!(ScopeSet::parse_with("read write", &strict).is_ok());
    /// let err = ScopeSet::parse_with("read  write", &strict).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::EmptyToken);
    /// ```
    pub const fn strict() -> Self {
        Self {
            lenient: false,
            commas: false,
            whitespace: false,
            max_bytes: usize::MAX,
            max_tokens: usize::MAX,
        }
    }

    /// Lenient form: any run of separators splits tokens, runs at either end
    /// are ignored, and an input with no token (`""`, `"   "`) gives the empty
    /// set. Only ASCII space separates unless [`commas`](Self::commas) or
    /// [`whitespace`](Self::whitespace) say otherwise.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{ParseOptions, ScopeSet};
    ///
    /// let set = ScopeSet::parse_with("  openid   email ", &ParseOptions::lenient())?;
    /// assert_eq!(set.to_string(), "email openid");
    /// assert!(ScopeSet::parse_with("", &ParseOptions::lenient())?.is_empty());
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub const fn lenient() -> Self {
        Self {
            lenient: true,
            ..Self::strict()
        }
    }

    /// Also split on `,`. A comma is an ordinary token character in RFC 6749,
    /// so this is for providers that use it as a separator (GitHub, Slack,
    /// Facebook). In strict mode exactly one separator, space or comma, must
    /// stand between tokens.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{ParseOptions, ScopeSet};
    ///
    /// let set = ScopeSet::parse_with("repo,gist", &ParseOptions::strict().commas(true))?;
    /// assert_eq!(set.len(), 2);
    /// // Without the switch the comma belongs to the token.
    /// assert_eq!(ScopeSet::parse("repo,gist")?.len(), 1);
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    #[must_use]
    pub const fn commas(mut self, yes: bool) -> Self {
        self.commas = yes;
        self
    }

    /// Also split on HTAB, CR and LF (never on Unicode whitespace, which
    /// would make token boundaries disagree with other parsers).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{ParseOptions, ScopeSet};
    ///
    /// let opts = ParseOptions::lenient().whitespace(true);
    /// assert_eq!(ScopeSet::parse_with("a\r\n\tb", &opts)?.len(), 2);
    /// // NO-BREAK SPACE is not a separator: it is an invalid character.
    /// assert!(ScopeSet::parse_with("a\u{a0}b", &opts).is_err());
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    #[must_use]
    pub const fn whitespace(mut self, yes: bool) -> Self {
        self.whitespace = yes;
        self
    }

    /// Refuse inputs longer than `max` bytes with
    /// [`ErrorKind::TooLong`](crate::ErrorKind::TooLong). The length is
    /// checked before anything else, so an oversized input is not read.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{ErrorKind, ParseOptions, ScopeSet};
    ///
    /// let err = ScopeSet::parse_with("openid email", &ParseOptions::strict().max_bytes(8))
    ///     .unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::TooLong { max: 8 });
    /// ```
    #[must_use]
    pub const fn max_bytes(mut self, max: usize) -> Self {
        self.max_bytes = max;
        self
    }

    /// Refuse inputs with more than `max` tokens (counted before duplicates
    /// are removed) with [`ErrorKind::TooManyTokens`](crate::ErrorKind::TooManyTokens).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{ErrorKind, ParseOptions, ScopeSet};
    ///
    /// let err = ScopeSet::parse_with("a b c", &ParseOptions::strict().max_tokens(2))
    ///     .unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::TooManyTokens { max: 2 });
    /// assert_eq!(err.offset(), 4);
    /// ```
    #[must_use]
    pub const fn max_tokens(mut self, max: usize) -> Self {
        self.max_tokens = max;
        self
    }

    /// Whether these options are plain strict form without limits: the fast path.
    pub(crate) const fn is_plain_strict(&self) -> bool {
        !self.lenient
            && !self.commas
            && !self.whitespace
            && self.max_bytes == usize::MAX
            && self.max_tokens == usize::MAX
    }

    const fn separators(&self) -> Separators {
        Separators {
            commas: self.commas,
            whitespace: self.whitespace,
        }
    }

    const fn is_separator(&self, b: u8) -> bool {
        self.separators().contains(b)
    }
}

/// The bytes that separate tokens: always SP, and `,` or HTAB/CR/LF when asked.
#[derive(Clone, Copy)]
struct Separators {
    commas: bool,
    whitespace: bool,
}

impl Separators {
    const fn contains(self, b: u8) -> bool {
        b == b' '
            || (self.commas && b == b',')
            || (self.whitespace && matches!(b, b'\t' | b'\r' | b'\n'))
    }
}

// ---------------------------------------------------------------------------
// The nom grammar

type NomResult<'a> = IResult<&'a [u8], &'a [u8], nom::error::Error<&'a [u8]>>;

/// `scope-token = 1*NQCHAR`, stopping at any byte in the separator set too
/// (a comma is an NQCHAR, but may be a separator when asked).
fn token<'a>(
    seps: Separators,
) -> impl Parser<&'a [u8], Output = &'a [u8], Error = nom::error::Error<&'a [u8]>> {
    take_while1(move |b| is_nqchar(b) && !seps.contains(b))
}

/// A run of separators (possibly empty).
fn separators<'a>(input: &'a [u8], opts: &ParseOptions) -> NomResult<'a> {
    take_while(|b| opts.is_separator(b)).parse(input)
}

/// One step of the tokenizer: what comes next in the input.
enum Step<'a> {
    Token(&'a str),
    End,
}

/// Reads a scope string token by token with the nom grammar, checking the
/// separator rules of `opts` and its token limit. Linear time, no recursion,
/// no allocation.
pub(crate) struct Tokenizer<'a, 'o> {
    input: &'a str,
    pos: usize,
    count: usize,
    opts: &'o ParseOptions,
    done: bool,
}

impl<'a, 'o> Tokenizer<'a, 'o> {
    /// Starts reading `input`, first checking the byte limit and emptiness.
    pub(crate) fn new(input: &'a str, opts: &'o ParseOptions) -> Result<Self, ParseError> {
        if input.len() > opts.max_bytes {
            // The first byte past the limit, or the start of the character
            // it falls in, so that `&input[..offset]` is always a slice.
            let mut offset = opts.max_bytes;
            while !input.is_char_boundary(offset) {
                offset -= 1;
            }
            return Err(ParseError::new(
                ErrorKind::TooLong {
                    max: opts.max_bytes,
                },
                offset,
            ));
        }
        if input.is_empty() && !opts.lenient {
            return Err(ParseError::new(ErrorKind::Empty, 0));
        }
        Ok(Tokenizer {
            input,
            pos: 0,
            count: 0,
            opts,
            done: false,
        })
    }

    fn step(&mut self) -> Result<Step<'a>, ParseError> {
        let bytes = self.input.as_bytes();
        let start = self.pos;
        let rest = &bytes[start..];
        let (after_seps, seps) = separators(rest, self.opts)
            .expect("a run of separators, possibly empty, always parses");
        let at = start + seps.len();
        if !self.opts.lenient {
            // Strict: one separator between tokens, none at the ends.
            let expected = usize::from(start > 0);
            if seps.len() > expected || (seps.len() < expected && !after_seps.is_empty()) {
                return Err(ParseError::new(ErrorKind::EmptyToken, start + expected));
            }
            if after_seps.is_empty() && start > 0 {
                // "a " ends with a separator; "a" ends cleanly.
                if seps.is_empty() {
                    return Ok(Step::End);
                }
                return Err(ParseError::new(ErrorKind::EmptyToken, start));
            }
        } else if after_seps.is_empty() {
            return Ok(Step::End);
        }
        match token(self.opts.separators()).parse(after_seps) {
            Ok((after, tok)) => {
                if self.count == self.opts.max_tokens {
                    return Err(ParseError::new(
                        ErrorKind::TooManyTokens {
                            max: self.opts.max_tokens,
                        },
                        at,
                    ));
                }
                self.count += 1;
                let end = at + tok.len();
                self.pos = end;
                // A token must be followed by a separator or the end.
                if let Some(&b) = after.first() {
                    if !self.opts.is_separator(b) {
                        return Err(invalid_char(self.input, end));
                    }
                }
                Ok(Step::Token(&self.input[at..end]))
            }
            Err(_) => Err(invalid_char(self.input, at)),
        }
    }
}

impl<'a> Iterator for Tokenizer<'a, '_> {
    /// The next token, or the first problem.
    type Item = Result<&'a str, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.step() {
            Ok(Step::Token(tok)) => Some(Ok(tok)),
            Ok(Step::End) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// The error for the (invalid) character starting at byte `at` of `input`.
fn invalid_char(input: &str, at: usize) -> ParseError {
    // Every byte before `at` was ASCII, so `at` is a character boundary, and
    // the grammar stopped at a byte it could not take, so one is there.
    let c = input[at..]
        .chars()
        .next()
        .expect("an invalid character starts at the offending byte");
    ParseError::new(ErrorKind::InvalidChar(c), at)
}

/// Validates one scope-token: `1*NQCHAR`.
pub(crate) fn validate_token(input: &str) -> Result<(), ParseError> {
    if input.is_empty() {
        return Err(ParseError::new(ErrorKind::Empty, 0));
    }
    let bytes = input.as_bytes();
    match token(ParseOptions::strict().separators()).parse(bytes) {
        Ok(([], _)) => Ok(()),
        Ok((rest, _)) => Err(invalid_char(input, bytes.len() - rest.len())),
        Err(_) => Err(invalid_char(input, 0)),
    }
}

/// `const` check of one scope-token, for `ScopeToken::from_static`.
pub(crate) const fn is_valid_token(input: &str) -> bool {
    let bytes = input.as_bytes();
    if bytes.is_empty() {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if !is_nqchar(bytes[i]) {
            return false;
        }
        i += 1;
    }
    true
}

/// Validates a whole scope in strict form with the nom grammar, which finds
/// the first problem.
fn strict_slow(input: &str) -> Result<(), ParseError> {
    for tok in Tokenizer::new(input, &ParseOptions::strict())? {
        tok?;
    }
    Ok(())
}

/// Validates `input` in strict RFC 6749 §3.3 form (space separators only)
/// and returns its token count.
pub(crate) fn strict(input: &str) -> Result<usize, ParseError> {
    validate_strict(input)?;
    Ok(count_spaces(input.as_bytes()) + 1)
}

/// Validates `input` in strict RFC 6749 §3.3 form (space separators only).
pub(crate) fn validate_strict(input: &str) -> Result<(), ParseError> {
    if fast_strict(input.as_bytes()) {
        Ok(())
    } else {
        strict_slow(input)
    }
}

/// Calls `f` with each token of `input` under `opts`.
pub(crate) fn for_each_token<'a>(
    input: &'a str,
    opts: &ParseOptions,
    mut f: impl FnMut(&'a str),
) -> Result<(), ParseError> {
    for tok in Tokenizer::new(input, opts)? {
        f(tok?);
    }
    Ok(())
}
