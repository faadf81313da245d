//! All parsing: the RFC 6749 §3.3 grammar, strict and lenient.
//!
//! nom is the grammar engine and stays inside this module: the token and
//! separator rules are nom parsers over bytes, and the tokenizer drives them
//! one token at a time (a loop, never recursion). The strict form has a
//! second recognizer ([`fast_strict`]) that accepts valid input in one
//! branch-free pass over 32-byte blocks, which the compiler vectorizes;
//! whenever it says no, the nom grammar runs and reports the first problem,
//! so the two can only differ in speed. Tests and fuzz targets check both
//! against a byte-loop model.

use nom::bytes::complete::{take_while, take_while1};
use nom::{IResult, Parser};

use crate::error::{ErrorKind, ParseError};

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
/// # Ok::<(), oauth_scope::ParseError>(())
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
        ParseOptions::strict()
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
        ParseOptions {
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
    /// # Ok::<(), oauth_scope::ParseError>(())
    /// ```
    pub const fn lenient() -> Self {
        ParseOptions {
            lenient: true,
            ..ParseOptions::strict()
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
    /// # Ok::<(), oauth_scope::ParseError>(())
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
    /// # Ok::<(), oauth_scope::ParseError>(())
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

// ---------------------------------------------------------------------------
// The block-at-a-time recognizer of strict form

/// Whether byte `b` can never appear in strict form: outside `%x20-7E`, or
/// `"` or `\`. Branch-free, so that the compiler vectorizes loops over it.
#[inline(always)]
const fn never_allowed(b: u8) -> bool {
    (b.wrapping_sub(0x20) >= 0x5F) | (b == b'"') | (b == b'\\')
}

/// Bytes per block of the fast recognizer.
const BLOCK: usize = 32;

/// Whether `bytes` is in strict form: `1*NQCHAR *( SP 1*NQCHAR )`. Checks
/// blocks of 32 bytes with no branch inside the loop (the compiler turns each
/// block into a few vector instructions), and gives no position: when it says
/// no, the nom grammar finds the first problem.
pub(crate) fn fast_strict(bytes: &[u8]) -> bool {
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    if first == b' ' || last == b' ' || never_allowed(last) {
        return false;
    }
    // One flag per lane, reduced once at the end: no branch and no
    // horizontal step inside the loop. Lane i looks at byte i and byte i + 1
    // of a 33-byte window, so a double space across two blocks is seen too;
    // the last byte of the input, checked above, is never byte i.
    let mut lanes = [0u8; BLOCK];
    let mut check = |window: &[u8; BLOCK + 1]| {
        for i in 0..BLOCK {
            let double_space = (window[i] == b' ') & (window[i + 1] == b' ');
            lanes[i] |= u8::from(never_allowed(window[i]) | double_space);
        }
    };
    let window_at = |start: usize| -> &[u8; BLOCK + 1] {
        bytes[start..=start + BLOCK]
            .try_into()
            .expect("a range of BLOCK + 1 bytes is an array of BLOCK + 1 bytes")
    };
    if bytes.len() > BLOCK {
        let mut start = 0;
        while start + BLOCK < bytes.len() {
            check(window_at(start));
            start += BLOCK;
        }
        // The last window overlaps the one before; checking a pair twice
        // changes nothing.
        check(window_at(bytes.len() - BLOCK - 1));
    } else {
        // A short input, padded with a token byte, which changes no verdict.
        let mut padded = [b'a'; BLOCK + 1];
        padded[..bytes.len()].copy_from_slice(bytes);
        check(&padded);
    }
    lanes.iter().fold(0, |acc, &lane| acc | lane) == 0
}

/// [`fast_strict`] and the split into tokens in one pass: yields `(start,
/// end)` for each run of bytes between spaces (empty runs included, when
/// the input is not in strict form); once the last has been read,
/// [`is_strict`](Self::is_strict) tells whether the input is in strict
/// form. Each block of 64 bytes yields the flag of bytes never allowed and
/// the mask of its spaces, from one loop the compiler vectorizes; a double
/// space is two neighbouring bits of the mask, and the tokens come from its
/// bits.
pub(crate) struct StrictScan<'b> {
    bytes: &'b [u8],
    /// Where the next block starts.
    next_block: usize,
    /// The start of the block whose spaces are in `spaces`.
    base: usize,
    spaces: u64,
    token_start: usize,
    bad: u8,
    /// Whether the last byte of the previous block was a space.
    last_was_space: bool,
    done: bool,
}

/// Bytes per block of [`StrictScan`]: one bit of a `u64` per byte.
const SCAN: usize = 64;

impl<'b> StrictScan<'b> {
    pub(crate) fn new(bytes: &'b [u8]) -> Self {
        let bad = match (bytes.first(), bytes.last()) {
            (Some(&first), Some(&last)) => {
                u8::from(first == b' ' || last == b' ' || never_allowed(last))
            }
            _ => 1,
        };
        StrictScan {
            bytes,
            next_block: 0,
            base: 0,
            spaces: 0,
            token_start: 0,
            bad,
            last_was_space: false,
            done: bytes.is_empty(),
        }
    }

    /// Whether the input is in strict form; meaningful once every token has
    /// been read.
    pub(crate) fn is_strict(&self) -> bool {
        self.bad == 0
    }

    /// Reads the next block into `spaces`; false past the end.
    #[inline(always)]
    fn refill(&mut self) -> bool {
        let len = self.bytes.len();
        let start = self.next_block;
        if start >= len {
            return false;
        }
        let (flags, spaces) = if start + SCAN <= len {
            let block: &[u8; SCAN] = self.bytes[start..start + SCAN]
                .try_into()
                .expect("SCAN bytes remain from start");
            block_masks(block)
        } else {
            // The rest, 1 to SCAN - 1 bytes, padded with a token byte, which
            // changes no verdict and adds no space.
            let mut padded = [b'a'; SCAN];
            padded[..len - start].copy_from_slice(&self.bytes[start..]);
            block_masks(&padded)
        };
        // Two spaces in a row: two neighbouring bits, within the block or
        // across its start.
        let doubled = (spaces & (spaces << 1)) | (spaces & u64::from(self.last_was_space));
        self.bad |= flags | u8::from(doubled != 0);
        self.last_was_space = spaces >> (SCAN - 1) != 0;
        self.base = start;
        self.spaces = spaces;
        self.next_block = start + SCAN;
        true
    }
}

impl Iterator for StrictScan<'_> {
    type Item = (usize, usize);

    #[inline(always)]
    fn next(&mut self) -> Option<(usize, usize)> {
        loop {
            if self.spaces != 0 {
                let at = self.base + self.spaces.trailing_zeros() as usize;
                self.spaces &= self.spaces - 1;
                let start = core::mem::replace(&mut self.token_start, at + 1);
                return Some((start, at));
            }
            if !self.refill() {
                if self.done {
                    return None;
                }
                self.done = true;
                return Some((self.token_start, self.bytes.len()));
            }
        }
    }
}

/// For one block: nonzero when one of its bytes can never appear in strict
/// form, and the mask of its spaces. One loop the compiler vectorizes marks
/// both; the marks of the spaces are gathered eight bytes at a time.
#[inline(always)]
fn block_masks(block: &[u8; SCAN]) -> (u8, u64) {
    let mut lanes = [0u8; SCAN];
    let mut high = [0u8; SCAN];
    for i in 0..SCAN {
        lanes[i] = u8::from(never_allowed(block[i]));
        high[i] = u8::from(block[i] == b' ') << 7;
    }
    let flags = lanes.iter().fold(0, |acc, &lane| acc | lane);
    let mut spaces = 0u64;
    for (k, chunk) in high.chunks_exact(8).enumerate() {
        let word = u64::from_le_bytes(chunk.try_into().expect("chunks of eight"));
        spaces |= movemask(word) << (8 * k);
    }
    (flags, spaces)
}

/// The bit `i` set for each byte `i` of `x` that is `0x80` (as
/// [`zero_bytes`] marks them): the eight high bits gathered by one multiply,
/// whose partial products never overlap.
#[inline(always)]
const fn movemask(x: u64) -> u64 {
    (x & (0x80 * ONES)).wrapping_mul(0x0002_0408_1020_4081) >> 56
}

const ONES: u64 = 0x0101_0101_0101_0101;
const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// `0x80` in each byte of `x` that is zero, `0` elsewhere (exact: no carry
/// crosses a byte).
#[inline(always)]
const fn zero_bytes(x: u64) -> u64 {
    !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7)
}

/// The position of the first space in `bytes`, eight bytes at a time (tokens
/// are short, so this beats a `memchr` call per token).
#[inline]
pub(crate) fn find_space(bytes: &[u8]) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("chunks of eight"));
        let spaces = zero_bytes(word ^ (0x20 * ONES));
        if spaces != 0 {
            return Some(at + (spaces.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == b' ')
        .map(|i| at + i)
}

/// The number of spaces in `bytes`.
#[inline]
pub(crate) fn count_spaces(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b' ', bytes).count()
}

#[cfg(test)]
#[path = "../tests/util/grammar.rs"]
mod grammar;

#[cfg(test)]
mod tests {
    use alloc::vec;
    use alloc::vec::Vec;

    use super::*;

    /// The grammar model the integration tests and fuzz targets use too.
    fn model(bytes: &[u8]) -> bool {
        super::grammar::is_strict(bytes)
    }

    #[test]
    fn movemask_gathers_every_pattern_of_high_bits() {
        for bits in 0..=255u64 {
            let x = (0..8).fold(0u64, |x, j| x | (((bits >> j) & 1) << (8 * j + 7)));
            assert_eq!(movemask(x | 0x7F7F_7F7F_7F7F_7F7F), bits, "{bits:08b}");
        }
    }

    #[test]
    fn scan_agrees_with_fast_strict_and_split() {
        let inputs = [
            "a",
            "a b",
            "a  b",
            " a",
            "a ",
            "",
            "a\"b",
            "openid email profile",
            "x:00000001 x:00000002 x:00000003 x:00000004 x:00000005 x:00000006",
            "abcdefghijklmnopqrstuvwxyzabcdef abcdefghijklmnopqrstuvwxyzabcdef",
            "abcdefghijklmnopqrstuvwxyzabcde  bcdefghijklmnopqrstuvwxyzabcdef",
            "abcdefghijklmnopqrstuvwxyzabcdefg",
        ];
        let long: alloc::string::String = (0..700).map(|i| alloc::format!("t{i} ")).collect();
        let long = long.trim_end();
        let doubled = alloc::format!("{}  {}", &long[..2047], &long[2048..]);
        let inputs = inputs.iter().copied().chain([long, doubled.as_str()]);
        for input in inputs {
            let mut scan = StrictScan::new(input.as_bytes());
            let tokens: alloc::vec::Vec<&str> = (&mut scan).map(|(a, b)| &input[a..b]).collect();
            let valid = scan.is_strict();
            assert_eq!(valid, fast_strict(input.as_bytes()), "{input:?}");
            let expected: alloc::vec::Vec<&str> = if input.is_empty() {
                alloc::vec::Vec::new()
            } else {
                input.split(' ').collect()
            };
            assert_eq!(tokens, expected, "{input:?}");
        }
    }

    #[test]
    fn fast_path_agrees_with_model_on_short_inputs() {
        // Every string of length 0..=3 over an alphabet with each class of byte,
        // at every alignment across the 32-byte blocks and their last window.
        let alphabet = [b' ', b'a', b'"', b'\\', 0x7F, 0x1F, 0x80, 0x21, 0x7E];
        let mut inputs = vec![vec![]];
        for len in 1..=3 {
            let mut next = Vec::new();
            for prefix in inputs.iter().filter(|p| p.len() == len - 1) {
                for &b in &alphabet {
                    let mut s = prefix.clone();
                    s.push(b);
                    next.push(s);
                }
            }
            inputs.extend(next);
        }
        for core in &inputs {
            for pad in 0..72 {
                let mut s = vec![b'x'; pad];
                if pad > 0 {
                    s.push(b' ');
                }
                s.extend_from_slice(core);
                assert_eq!(fast_strict(&s), model(&s), "{s:?}");
                let mut scan = StrictScan::new(&s);
                let runs: Vec<&[u8]> = (&mut scan).map(|(a, b)| &s[a..b]).collect();
                let valid = scan.is_strict();
                assert_eq!(valid, model(&s), "{s:?}");
                let split: Vec<&[u8]> = if s.is_empty() {
                    Vec::new()
                } else {
                    s.split(|&b| b == b' ').collect()
                };
                assert_eq!(runs, split, "{s:?}");
            }
        }
    }
}
