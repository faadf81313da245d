//! The list syntax of a `WWW-Authenticate` value (RFC 9110 §11.6.1, with
//! the `#element` rule of §5.6.1): challenges, each an auth-scheme with a
//! token68 or auth-params, whose values are tokens or quoted-strings
//! (§5.6.4), read one item at a time.
//!
//! ```text
//! WWW-Authenticate = #challenge
//! challenge        = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//! auth-param       = token BWS "=" BWS ( token / quoted-string )
//! ```
//!
//! Nothing here knows a scheme: which challenge is Bearer, and what its
//! parameters mean, is for the reader of the items.

use alloc::borrow::Cow;
use alloc::collections::BTreeSet;
use alloc::string::String;

use super::error::{ChallengeError, Problem};

/// RFC 9110 `tchar`.
pub(super) fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// A parameter name, ordered and equal as its ASCII lowercase (RFC 9110
/// §11.2: names are case-insensitive), without allocating the lowercase.
struct Caseless<'h>(&'h str);

impl Ord for Caseless<'_> {
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        let (a, b) = (self.0.bytes(), other.0.bytes());
        a.map(|x| x.to_ascii_lowercase())
            .cmp(b.map(|x| x.to_ascii_lowercase()))
    }
}

impl PartialOrd for Caseless<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Caseless<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for Caseless<'_> {}

/// What comes next in a `WWW-Authenticate` value.
pub(super) enum Item<'h> {
    /// A challenge begins: its scheme, and where its token68 is if it has
    /// one instead of parameters.
    Challenge {
        scheme: &'h str,
        token68: Option<usize>,
    },
    /// A parameter of the current challenge: its name, its unescaped value,
    /// and where the value's text starts (inside the quotes if any).
    Param {
        name: &'h str,
        value: Cow<'h, str>,
        at: usize,
    },
}

/// What the reader expects next.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// An element of the list of challenges, or the end.
    Challenge,
    /// A parameter of the current challenge.
    Param,
    /// After a parameter: the end, or a comma and then a parameter of the
    /// same challenge or the next challenge.
    AfterParam,
}

/// Whether `rest` starts with `BWS "="`.
fn equals_follows(rest: &[u8]) -> bool {
    rest.iter().find(|&&b| !matches!(b, b' ' | b'\t')) == Some(&b'=')
}

/// The problem of a parameter where a challenge should be.
const NOT_A_PARAM: &str =
    "an auth-scheme, not a parameter (a challenge's parameters follow its scheme and a space)";

/// Reads `#challenge` (RFC 9110 §11.6.1) one [`Item`] at a time, to the end
/// of the input, so that a problem anywhere is found and each problem is
/// found in the order of the text.
pub(super) struct Reader<'h> {
    input: &'h str,
    pos: usize,
    state: State,
    /// The parameter names of the current challenge, for the duplicate
    /// check: a search tree, so a header with n parameters costs O(n log n),
    /// not O(n²).
    seen: BTreeSet<Caseless<'h>>,
}

impl<'h> Reader<'h> {
    /// A reader at the start of `input`, expecting a challenge.
    pub(super) fn new(input: &'h str) -> Self {
        Reader {
            input,
            pos: 0,
            state: State::Challenge,
            seen: BTreeSet::new(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.input.as_bytes().get(self.pos).copied()
    }

    fn skip_ows(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// Skips OWS and commas: empty list elements. Whether there was a comma.
    fn skip_empty_elements(&mut self) -> bool {
        let mut comma = false;
        loop {
            self.skip_ows();
            if self.peek() != Some(b',') {
                return comma;
            }
            self.pos += 1;
            comma = true;
        }
    }

    fn error<T>(&self, expected: &'static str) -> Result<T, ChallengeError> {
        Err(ChallengeError::new(
            Problem::Syntax(expected),
            Some(self.pos),
        ))
    }

    fn token(&mut self) -> Option<&'h str> {
        let start = self.pos;
        while self.peek().is_some_and(is_tchar) {
            self.pos += 1;
        }
        (self.pos > start).then(|| &self.input[start..self.pos])
    }

    /// Whether `BWS "="` comes next.
    fn equals_follows(&self) -> bool {
        equals_follows(&self.input.as_bytes()[self.pos..])
    }

    /// Whether `token BWS "="` comes next: a parameter rather than a
    /// challenge.
    fn param_follows(&self) -> bool {
        let rest = &self.input.as_bytes()[self.pos..];
        let name = rest.iter().take_while(|&&b| is_tchar(b)).count();
        name > 0 && equals_follows(&rest[name..])
    }

    /// The next item, or `None` at the end of the input.
    pub(super) fn next_item(&mut self) -> Result<Option<Item<'h>>, ChallengeError> {
        match self.state {
            State::Challenge => self.challenge(),
            State::Param => self.param().map(Some),
            State::AfterParam => {
                self.skip_ows();
                match self.peek() {
                    None => Ok(None),
                    Some(b',') => {
                        self.skip_empty_elements();
                        if self.param_follows() {
                            self.param().map(Some)
                        } else {
                            self.challenge()
                        }
                    }
                    Some(_) => self.error("',' or the end of the header"),
                }
            }
        }
    }

    /// `auth-scheme [ 1*SP ( token68 / #auth-param ) ]`, up to its first
    /// parameter; or the end of the list.
    fn challenge(&mut self) -> Result<Option<Item<'h>>, ChallengeError> {
        // Empty list elements are allowed: `, , Bearer`.
        self.skip_empty_elements();
        if self.peek().is_none() {
            return Ok(None);
        }
        let start = self.pos;
        let Some(scheme) = self.token() else {
            return self.error("an auth-scheme");
        };
        if self.equals_follows() {
            // `Bearer, scope="a"`: after the comma the grammar wants a
            // challenge, and a parameter is none.
            return Err(ChallengeError::new(
                Problem::Syntax(NOT_A_PARAM),
                Some(start),
            ));
        }
        self.seen.clear();
        self.state = State::Challenge;
        let challenge = |token68| Ok(Some(Item::Challenge { scheme, token68 }));
        if self.peek() != Some(b' ') {
            self.end_of_element()?;
            return challenge(None);
        }
        self.skip_ows();
        if let Some(end) = self.token68_end() {
            let at = self.pos;
            self.pos = end;
            self.end_of_element()?;
            return challenge(Some(at));
        }
        // The parameter list may start with empty elements (`Bearer ,,
        // scope="a"`), or be empty, or the next challenge may follow.
        let comma = self.skip_empty_elements();
        if self.param_follows() {
            self.state = State::Param;
        } else if !comma && self.peek().is_some() {
            return self.error("a token68 or a parameter");
        }
        challenge(None)
    }

    /// After a challenge without parameters: OWS, then the end or a comma.
    fn end_of_element(&mut self) -> Result<(), ChallengeError> {
        self.skip_ows();
        match self.peek() {
            None => Ok(()),
            Some(b',') => {
                self.pos += 1;
                Ok(())
            }
            Some(_) => self.error("',' or the end of the header"),
        }
    }

    /// `auth-param`, which [`param_follows`](Self::param_follows) found.
    fn param(&mut self) -> Result<Item<'h>, ChallengeError> {
        let Some(name) = self.token() else {
            return self.error("a parameter name");
        };
        self.skip_ows();
        if self.peek() != Some(b'=') {
            return self.error("'=' after the parameter name");
        }
        self.pos += 1;
        self.skip_ows();
        // Where the value's text starts, inside the quotes if any.
        let at = self.pos + usize::from(self.peek() == Some(b'"'));
        let value = match self.peek() {
            Some(b'"') => self.quoted_string()?,
            _ => match self.token() {
                Some(t) => Cow::Borrowed(t),
                None => return self.error("a token or a quoted string"),
            },
        };
        if !self.seen.insert(Caseless(name)) {
            return Err(ChallengeError::new(
                Problem::Duplicate(name.to_ascii_lowercase()),
                Some(at),
            ));
        }
        self.state = State::AfterParam;
        Ok(Item::Param { name, value, at })
    }

    /// Where a token68 starting here ends, if one does: `1*( ALPHA / DIGIT /
    /// "-" / "." / "_" / "~" / "+" / "/" ) *"="`, then the end of the
    /// challenge, and not a parameter name followed by `=` and a value.
    fn token68_end(&self) -> Option<usize> {
        let bytes = self.input.as_bytes();
        let mut i = self.pos;
        while bytes
            .get(i)
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b))
        {
            i += 1;
        }
        if i == self.pos {
            return None;
        }
        while bytes.get(i) == Some(&b'=') {
            i += 1;
        }
        let mut j = i;
        while matches!(bytes.get(j), Some(b' ' | b'\t')) {
            j += 1;
        }
        matches!(bytes.get(j), None | Some(b',')).then_some(i)
    }

    /// `DQUOTE *( qdtext / quoted-pair ) DQUOTE`, unescaped (RFC 9110
    /// §5.6.4). Both `qdtext` and `quoted-pair = "\\" ( HTAB / SP / VCHAR /
    /// obs-text )` take `obs-text` (%x80-FF), which in a `str` is any
    /// character outside ASCII; what a Bearer value may hold is for its
    /// reader to say.
    fn quoted_string(&mut self) -> Result<Cow<'h, str>, ChallengeError> {
        self.pos += 1; // the opening quote
        let start = self.pos;
        let mut unescaped: Option<String> = None;
        loop {
            match self.peek() {
                None => return self.error("a closing '\"'"),
                Some(b'"') => {
                    let raw = &self.input[start..self.pos];
                    self.pos += 1;
                    return Ok(unescaped.map_or(Cow::Borrowed(raw), Cow::Owned));
                }
                Some(b'\\') => {
                    let buf = unescaped.get_or_insert_with(|| self.input[start..self.pos].into());
                    self.pos += 1;
                    let Some(c) = self.input[self.pos..].chars().next() else {
                        return self.error("a character after '\\'");
                    };
                    if c.is_ascii_control() && c != '\t' {
                        return self.error("a visible character after '\\'");
                    }
                    buf.push(c);
                    self.pos += c.len_utf8();
                }
                Some(b) if b == b'\t' || b >= 0x20 && b != 0x7F => {
                    let c = self.input[self.pos..].chars().next().unwrap_or('\0');
                    if let Some(buf) = unescaped.as_mut() {
                        buf.push(c);
                    }
                    self.pos += c.len_utf8();
                }
                Some(_) => return self.error("a printable character or '\"'"),
            }
        }
    }
}
