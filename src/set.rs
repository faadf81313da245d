//! `ScopeSet`: the order-insensitive value of a scope, with the set algebra.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;
use core::fmt;
use core::iter::FusedIterator;
use core::str::FromStr;

use crate::error::ParseError;
use crate::order::{self, search_range};
use crate::parse::{self, ParseOptions};
use crate::token::ScopeToken;

mod algebra;
mod sort;

/// The meaning of a scope: a set of scope-tokens (RFC 6749 §3.3: "the
/// strings are order-insensitive", and case-sensitive).
///
/// Members are kept sorted by bytes and without repeats, so equality, hashing
/// and [`Display`](core::fmt::Display) are those of the set: `"b a a"` and
/// `"a b"` are equal, hash alike and both print as `a b`; `"A a"` has two
/// members. Tokens borrow from the parsed text where they can (`ScopeSet<'a>`)
/// and are owned where they must be ([`into_owned`](Self::into_owned),
/// [`FromStr`], deserialization).
///
/// The algebra has the names of `std`'s sets: [`is_subset`](Self::is_subset),
/// [`intersection`](Self::intersection), [`union`](Self::union),
/// [`difference`](Self::difference)… Each is one linear merge of the two
/// sorted lists; the checks allocate nothing. Hierarchy-aware checks
/// ([`covers`](Self::covers), [`narrow`](Self::narrow)) take a
/// [`Hierarchy`](crate::Hierarchy).
///
/// # Examples
///
/// ```
/// use oauth_scope::ScopeSet;
///
/// let granted = ScopeSet::parse("openid email profile")?;
/// let required = ScopeSet::parse("email openid")?;
/// assert!(required.is_subset(&granted));
/// assert_eq!(granted.difference(&required).to_string(), "profile");
/// assert_eq!(ScopeSet::parse("b a a")?, ScopeSet::parse("a b")?);
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct ScopeSet<'a> {
    /// Sorted by bytes, no repeats, every one a valid scope-token.
    tokens: Vec<Cow<'a, str>>,
    /// The sort keys of `tokens`, for [`contains`](Self::contains), where
    /// the set was sorted by keys (from 128 tokens); no part of its value.
    keys: sort::Keys,
}

// The value of a set is its members; its keys only speed up searching it.
impl PartialEq for ScopeSet<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.tokens == other.tokens
    }
}

impl Eq for ScopeSet<'_> {}

impl PartialOrd for ScopeSet<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ScopeSet<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.tokens.cmp(&other.tokens)
    }
}

impl core::hash::Hash for ScopeSet<'_> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.tokens.hash(state);
    }
}

impl ScopeSet<'static> {
    /// The empty set. Allocates nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ScopeSet;
    ///
    /// let set = ScopeSet::new();
    /// assert!(set.is_empty());
    /// assert_eq!(set.to_string(), "");
    /// ```
    pub const fn new() -> Self {
        ScopeSet {
            tokens: Vec::new(),
            keys: sort::Keys::NONE,
        }
    }
}

impl<'a> ScopeSet<'a> {
    /// Parses a scope value in strict RFC 6749 §3.3 form (see
    /// [`Scope::parse`](crate::Scope::parse) for the grammar) into its set,
    /// borrowing the tokens from `input`. Allocates once under 128 tokens.
    ///
    /// # Errors
    ///
    /// The first problem in `input`, as [`Scope::parse`](crate::Scope::parse)
    /// reports it; `""` is an error ([`ErrorKind::Empty`](crate::ErrorKind::Empty)).
    ///
    /// # Cost
    ///
    /// Linear in `input` to validate, then a sort of its tokens: O(n log n).
    /// Up to 16 tokens, one pass validates the text and finds the tokens,
    /// which are sorted on the stack. From 128 tokens the sort runs on integer keys first (the five bytes
    /// after the prefix every token shares), with three buffers of eight
    /// bytes per token, freed before it returns; then the set's vector is
    /// allocated once, at its final length.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ScopeSet;
    ///
    /// let set = ScopeSet::parse("openid profile openid")?;
    /// assert_eq!(set.len(), 2);
    /// assert!(ScopeSet::parse("openid,profile")?.contains("openid,profile"));
    /// assert!(ScopeSet::parse("openid ").is_err());
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn parse(input: &'a str) -> Result<Self, ParseError> {
        if let Some(set) = sort::small_strict(input) {
            return set;
        }
        let count = parse::strict(input)?;
        Ok(ScopeSet::from_valid_strict(input, count))
    }

    /// Parses `input` under `options`: lenient separators, commas, HTAB/CR/LF,
    /// limits. See [`ParseOptions`].
    ///
    /// # Errors
    ///
    /// The first problem in `input` under `options`, with its offset in
    /// `input`: an invalid character, a separator where `options` are strict,
    /// `""` where they are strict, or a limit passed.
    ///
    /// # Cost
    ///
    /// As [`parse`](Self::parse): linear to read, O(n log n) to sort. The
    /// limits are checked while reading, so an input over
    /// [`max_bytes`](ParseOptions::max_bytes) is refused before it is read.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{ErrorKind, ParseOptions, ScopeSet};
    ///
    /// // GitHub's X-OAuth-Scopes header.
    /// let opts = ParseOptions::lenient().commas(true);
    /// let set = ScopeSet::parse_with("repo, user, admin:org", &opts)?;
    /// assert_eq!(set.to_string(), "admin:org repo user");
    ///
    /// let err = ScopeSet::parse_with("repo, us\"er", &opts).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidChar('"'));
    /// assert_eq!(err.offset(), 8);
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn parse_with(input: &'a str, options: &ParseOptions) -> Result<Self, ParseError> {
        if options.is_plain_strict() {
            return ScopeSet::parse(input);
        }
        let mut tokens = Vec::new();
        parse::for_each_token(input, options, |t| tokens.push(Cow::Borrowed(t)))?;
        Ok(ScopeSet::from_unsorted(tokens))
    }

    /// The set of a text already validated in strict form with `count` tokens.
    pub(crate) fn from_valid_strict(text: &'a str, count: usize) -> Self {
        if let Some((tokens, keys)) = sort::sorted_text(text, count) {
            return ScopeSet { tokens, keys };
        }
        let mut tokens = Vec::with_capacity(count);
        // The splitter of `Scope::tokens`, eight bytes at a time: three
        // times `str::split` at 100 000 tokens.
        tokens.extend(
            crate::scope::Scope::from_valid(text)
                .tokens()
                .map(|t| Cow::Borrowed(t.as_str())),
        );
        ScopeSet::from_unsorted(tokens)
    }

    /// Sorts and removes repeats; every token must already be valid.
    pub(crate) fn from_unsorted(mut tokens: Vec<Cow<'a, str>>) -> Self {
        let keys = sort::sort_dedup(&mut tokens);
        ScopeSet { tokens, keys }
    }

    /// Wraps tokens that are valid, sorted and without repeats.
    pub(crate) fn from_sorted(tokens: Vec<Cow<'a, str>>) -> Self {
        debug_assert!(tokens.windows(2).all(|w| w[0] < w[1]));
        ScopeSet {
            tokens,
            keys: sort::Keys::NONE,
        }
    }

    /// The members, sorted, as a vector to extend.
    pub(crate) fn into_tokens(self) -> Vec<Cow<'a, str>> {
        self.tokens
    }

    /// The members as string slices, sorted.
    pub(crate) fn as_slice(&self) -> &[Cow<'a, str>] {
        &self.tokens
    }

    /// The member equal to `token`, if any.
    pub(crate) fn get(&self, token: &str) -> Option<&Cow<'a, str>> {
        self.position(token).ok().map(|i| &self.tokens[i])
    }

    /// The number of tokens.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ScopeSet;
    ///
    /// assert_eq!(ScopeSet::parse("a b a")?.len(), 2);
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether the set has no token.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ScopeSet;
    ///
    /// assert!(ScopeSet::new().is_empty());
    /// assert!(!ScopeSet::parse("openid")?.is_empty());
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The tokens in canonical order (sorted by bytes).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ScopeSet;
    ///
    /// let set = ScopeSet::parse("profile email openid")?;
    /// let tokens: Vec<&str> = set.iter().map(|t| t.as_str()).collect();
    /// assert_eq!(tokens, ["email", "openid", "profile"]);
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            inner: self.tokens.iter(),
        }
    }

    /// Whether `token` is a member: a binary search, no allocation, no hash.
    /// A set parsed from 128 tokens or more searches its sort keys, integers
    /// in one array, and reads a member only where its key equals the
    /// token's. Case-sensitive; a string that is not a valid token is never a
    /// member.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ScopeSet;
    ///
    /// let set = ScopeSet::parse("openid email")?;
    /// assert!(set.contains("email"));
    /// assert!(!set.contains("EMAIL"));
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn contains(&self, token: &str) -> bool {
        self.position(token).is_ok()
    }

    pub(crate) fn position(&self, token: &str) -> Result<usize, usize> {
        match self.keys.search(&self.tokens, token) {
            Some(found) => found,
            None => self.tokens.binary_search_by(|t| order::cmp(t, token)),
        }
    }

    /// [`contains`](Self::contains), searching outward from position `hint`:
    /// a gallop of O(log d) comparisons for a token d places from it, so a
    /// token next to the hint costs one or two. Moves `hint` to where
    /// `token` is or would be, for the next search.
    #[inline(always)]
    pub(crate) fn contains_near(&self, hint: &mut usize, token: &str) -> bool {
        let items = &self.tokens;
        let from = (*hint).min(items.len());
        let found = match from
            .checked_sub(1)
            .map(|p| order::cmp(items[p].as_ref(), token))
        {
            Some(Ordering::Equal) => Ok(from - 1),
            // Every item before `from` is less: forward.
            None | Some(Ordering::Less) => order::search_from(items, from, token),
            // Backward, doubling the step. Invariant: the item at `hi` is
            // above `token`, so it is at or before `hi`, if anywhere.
            Some(Ordering::Greater) => {
                let (mut hi, mut step) = (from - 1, 1);
                loop {
                    let Some(lo) = hi.checked_sub(step) else {
                        break search_range(items, 0, hi, token);
                    };
                    match order::cmp(items[lo].as_ref(), token) {
                        Ordering::Less => break search_range(items, lo + 1, hi, token),
                        Ordering::Equal => break Ok(lo),
                        Ordering::Greater => {
                            hi = lo;
                            step *= 2;
                        }
                    }
                }
            }
        };
        let (Ok(at) | Err(at)) = found;
        *hint = at;
        found.is_ok()
    }

    /// Adds `token`; returns whether it was new.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{ScopeSet, ScopeToken};
    ///
    /// let mut set = ScopeSet::parse("openid")?;
    /// assert!(set.insert(ScopeToken::new("email")?));
    /// assert!(!set.insert(ScopeToken::new("email")?));
    /// assert_eq!(set.to_string(), "email openid");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn insert(&mut self, token: ScopeToken<'a>) -> bool {
        match self.position(token.as_str()) {
            Ok(_) => false,
            Err(at) => {
                self.tokens.insert(at, Cow::Borrowed(token.as_str()));
                self.keys.inserted(&self.tokens, at);
                true
            }
        }
    }

    /// Validates `token` and adds an owned copy of it; returns whether it was
    /// new. Unlike [`insert`](Self::insert), the token need not outlive the
    /// set, so this works on a `ScopeSet<'static>` with a token read at run
    /// time.
    ///
    /// # Errors
    ///
    /// The [`ParseError`] of [`ScopeToken::new`] when `token` is not a valid
    /// scope-token; the set is then unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ScopeSet;
    ///
    /// let mut set: ScopeSet<'static> = "openid".parse()?;
    /// let from_config = String::from("email");
    /// assert!(set.insert_owned(&from_config)?);
    /// assert!(set.insert_owned("a b").is_err());
    /// assert_eq!(set.to_string(), "email openid");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn insert_owned(&mut self, token: &str) -> Result<bool, ParseError> {
        ScopeToken::new(token)?;
        Ok(match self.position(token) {
            Ok(_) => false,
            Err(at) => {
                self.tokens.insert(at, Cow::Owned(token.into()));
                self.keys.inserted(&self.tokens, at);
                true
            }
        })
    }

    /// Removes `token`; returns whether it was a member.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ScopeSet;
    ///
    /// let mut set = ScopeSet::parse("openid email")?;
    /// assert!(set.remove("email"));
    /// assert!(!set.remove("email"));
    /// assert_eq!(set.to_string(), "openid");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn remove(&mut self, token: &str) -> bool {
        match self.position(token) {
            Ok(at) => {
                self.tokens.remove(at);
                self.keys.removed(&self.tokens, at);
                true
            }
            Err(_) => false,
        }
    }

    /// The same set with every token owned, free of the input's lifetime.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ScopeSet;
    ///
    /// let owned: ScopeSet<'static> = {
    ///     let text = String::from("openid email");
    ///     ScopeSet::parse(&text)?.into_owned()
    /// };
    /// assert_eq!(owned.len(), 2);
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn into_owned(self) -> ScopeSet<'static> {
        ScopeSet {
            tokens: self
                .tokens
                .into_iter()
                .map(|t| Cow::Owned(t.into_owned()))
                .collect(),
            // The same bytes: the same keys.
            keys: self.keys,
        }
    }
}

impl fmt::Display for ScopeSet<'_> {
    /// The canonical text: tokens sorted by bytes, one space apart; `""` for
    /// the empty set. [`ScopeSet::parse`] reads back every non-empty set;
    /// `""` is not a scope value in strict form (RFC 6749 §3.1 treats an empty
    /// parameter as omitted), so read it with [`ParseOptions::lenient`] or
    /// leave the parameter out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut tokens = self.tokens.iter();
        if let Some(first) = tokens.next() {
            f.write_str(first)?;
            for t in tokens {
                f.write_str(" ")?;
                f.write_str(t)?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for ScopeSet<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.tokens.iter()).finish()
    }
}

impl FromStr for ScopeSet<'static> {
    type Err = ParseError;

    /// Parses in strict form, like [`ScopeSet::parse`], and owns the tokens.
    fn from_str(s: &str) -> Result<Self, ParseError> {
        ScopeSet::parse(s).map(ScopeSet::into_owned)
    }
}

impl<'a> TryFrom<&'a str> for ScopeSet<'a> {
    type Error = ParseError;

    /// Same as [`ScopeSet::parse`].
    fn try_from(input: &'a str) -> Result<Self, ParseError> {
        ScopeSet::parse(input)
    }
}

impl<'a> FromIterator<ScopeToken<'a>> for ScopeSet<'a> {
    fn from_iter<I: IntoIterator<Item = ScopeToken<'a>>>(iter: I) -> Self {
        let tokens = iter
            .into_iter()
            .map(|t| Cow::Borrowed(t.as_str()))
            .collect();
        ScopeSet::from_unsorted(tokens)
    }
}

impl<'a> Extend<ScopeToken<'a>> for ScopeSet<'a> {
    fn extend<I: IntoIterator<Item = ScopeToken<'a>>>(&mut self, iter: I) {
        let before = self.tokens.len();
        self.tokens
            .extend(iter.into_iter().map(|t| Cow::Borrowed(t.as_str())));
        if self.tokens.len() > before {
            self.keys = sort::sort_dedup(&mut self.tokens);
        }
    }
}

impl<'a> From<ScopeToken<'a>> for ScopeSet<'a> {
    fn from(token: ScopeToken<'a>) -> Self {
        ScopeSet {
            tokens: alloc::vec![Cow::Borrowed(token.as_str())],
            keys: sort::Keys::NONE,
        }
    }
}

impl From<ScopeSet<'_>> for String {
    fn from(set: ScopeSet<'_>) -> Self {
        use alloc::string::ToString;
        set.to_string()
    }
}

impl<'s> IntoIterator for &'s ScopeSet<'_> {
    type Item = ScopeToken<'s>;
    type IntoIter = Iter<'s>;

    fn into_iter(self) -> Iter<'s> {
        self.iter()
    }
}

/// The tokens of a [`ScopeSet`], in canonical order. Created by
/// [`ScopeSet::iter`].
///
/// # Examples
///
/// ```
/// use oauth_scope::ScopeSet;
///
/// let set = ScopeSet::parse("b a")?;
/// assert_eq!(set.iter().len(), 2);
/// assert_eq!(set.iter().next_back().unwrap(), "b");
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Iter<'s> {
    inner: core::slice::Iter<'s, Cow<'s, str>>,
}

impl<'s> Iterator for Iter<'s> {
    type Item = ScopeToken<'s>;

    fn next(&mut self) -> Option<ScopeToken<'s>> {
        self.inner.next().map(|t| ScopeToken::new_unchecked(t))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.inner.next_back().map(|t| ScopeToken::new_unchecked(t))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl FusedIterator for Iter<'_> {}

#[cfg(test)]
mod tests {
    use super::ScopeSet;

    #[test]
    fn contains_near_agrees_with_contains_from_every_hint() {
        let set = ScopeSet::parse("b d f h j l n p r t").unwrap();
        for probe in ["a", "b", "c", "d", "h", "i", "n", "o", "t", "u"] {
            for start in 0..=set.len() + 2 {
                let mut hint = start;
                assert_eq!(
                    set.contains_near(&mut hint, probe),
                    set.contains(probe),
                    "{probe} from {start}"
                );
                // The hint moves to where the token is or would be.
                assert_eq!(hint, set.as_slice().partition_point(|t| t.as_ref() < probe));
            }
        }
        assert!(!ScopeSet::new().contains_near(&mut 0, "a"));
    }
}
