//! `Hierarchy`: scopes that imply other scopes, as the vocabulary's owner
//! declares them; and the hierarchy-aware checks on `ScopeSet`.

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::collections::BTreeSet;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use crate::error::{Context, ErrorKind, ParseError};
use crate::parse::{self, is_nqchar};
use crate::set::{lower_bound_from, ScopeSet};

/// Which scopes imply which: a preorder on scope-tokens, declared by the
/// server that owns the vocabulary.
///
/// [`implies(granted, required)`](Self::implies) is true when holding
/// `granted` gives everything `required` gives. It is the reflexive–transitive
/// closure of the declared rules, which come in three kinds:
///
/// 1. **Explicit edges**: [`imply`](HierarchyBuilder::imply),
///    [`imply_all`](HierarchyBuilder::imply_all),
///    [`chain`](HierarchyBuilder::chain). Cycles mean equivalence.
/// 2. **Nesting inside a namespace**: [`nested(namespace,
///    separator)`](HierarchyBuilder::nested): among tokens that start with
///    `namespace`, `namespace + x` implies `namespace + x + separator + y`
///    (`x`, `y` non-empty). Only whole segments count, and nothing outside the
///    namespace is touched.
/// 3. **Wildcard segments**: [`wildcard(separator)`](HierarchyBuilder::wildcard):
///    a token with a `*` segment is a pattern and implies what it matches.
///    An inner `*` matches exactly one non-empty segment, a trailing `*` one
///    or more non-empty segments, a lone `*` any token; `*` inside a segment
///    (`foo*`) is an ordinary character. A pattern implies another pattern
///    when it matches every token the other matches.
///
/// Nothing is ever inferred from the shape of a token: no rule, no
/// implication. A `.` in a name means nothing unless a rule says so, because
/// vocabularies disagree: Slack's `chat:write.public` *adds* to `chat:write`,
/// Microsoft Graph's `User.Read.All` is *broader* than `User.Read`, and a
/// dotted-prefix rule over URLs would let the legal token `https://www` cover
/// every Google scope.
///
/// The rules combine: a chain may pass through tokens nobody named, such as
/// the segment-prefixes of the required token (`*:read` ⇒ `x:read` ⇒
/// `x:read:y` under `wildcard(':')` and `nested("", ':')`).
///
/// # Cost
///
/// Building computes the closure of the rules over the named tokens (and
/// their segment-prefixes): quadratic in their number at worst, done once.
/// Without wildcard rules, [`implies`](Self::implies) is a few binary
/// searches (one per declared ancestor of the required token and of each of
/// its nested parents) and allocates nothing. With `wildcard` rules it
/// searches the finite set of named tokens and segment-prefixes of the
/// required token, trying each named pattern against them, and allocates;
/// that search is quadratic in the number of segments of the required token
/// at worst (about 200 ms for a 16 000-segment token), so bound untrusted
/// input with [`ParseOptions::max_bytes`](crate::ParseOptions::max_bytes).
/// A hierarchy has at most one wildcard separator.
///
/// # Examples
///
/// ```
/// use oauth_scope::Hierarchy;
///
/// let h = Hierarchy::builder()
///     .chain(["admin:org", "write:org", "read:org"])
///     .nested("https://www.googleapis.com/auth/", '.')
///     .build()?;
/// assert!(h.implies("admin:org", "read:org"));
/// assert!(!h.implies("read:org", "admin:org"));
/// assert!(h.implies(
///     "https://www.googleapis.com/auth/drive",
///     "https://www.googleapis.com/auth/drive.readonly",
/// ));
/// // Outside the namespace nothing nests: `https://www` covers nothing.
/// assert!(!h.implies("https://www", "https://www.googleapis.com/auth/drive"));
/// # Ok::<(), oauth_scope::ParseError>(())
/// ```
#[derive(Clone, Default)]
pub struct Hierarchy {
    /// The named tokens and their segment-prefixes, sorted.
    names: Vec<Box<str>>,
    /// For each name: the names it implies, itself excluded, sorted.
    down: Vec<Box<[u32]>>,
    /// For each name: the names that imply it, itself excluded, sorted.
    up: Vec<Box<[u32]>>,
    /// The indices of the names that are wildcard patterns.
    patterns: Vec<u32>,
    nested: Vec<Nested>,
    /// The separators of the wildcard rules.
    wildcards: Vec<u8>,
    /// Every separator of a nested or wildcard rule, without repeats.
    separators: Vec<u8>,
    /// The rules as declared, for `Debug`.
    rules: Vec<Rule>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Nested {
    namespace: Box<str>,
    separator: u8,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Rule {
    Imply(Box<str>, Box<str>),
    Nested(Box<str>, char),
    Wildcard(char),
}

impl Hierarchy {
    /// The rules as declared, in order: what `Display` writes as rules text.
    pub(crate) fn declared_rules(&self) -> &[Rule] {
        &self.rules
    }
}

impl Hierarchy {
    /// No rule: a token implies only itself. Same as `Hierarchy::default()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Hierarchy;
    ///
    /// let h = Hierarchy::exact();
    /// assert!(h.implies("repo", "repo"));
    /// assert!(!h.implies("repo", "repo:status"));
    /// ```
    pub fn exact() -> Self {
        Hierarchy::default()
    }

    /// Starts declaring rules.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Hierarchy;
    ///
    /// let h = Hierarchy::builder().imply("write", "read").build()?;
    /// assert!(h.implies("write", "read"));
    /// # Ok::<(), oauth_scope::ParseError>(())
    /// ```
    pub fn builder() -> HierarchyBuilder {
        HierarchyBuilder::default()
    }

    /// Whether holding `granted` gives everything `required` gives: the
    /// reflexive–transitive closure of the declared rules. Strings that are
    /// not valid scope-tokens imply and are implied by nothing but themselves.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Hierarchy;
    ///
    /// let github = Hierarchy::github();
    /// assert!(github.implies("repo", "repo:status"));
    /// assert!(github.implies("admin:org", "read:org"));
    /// assert!(!github.implies("repo", "delete_repo"));
    /// assert!(!github.implies("repo", "workflow"));
    /// ```
    pub fn implies(&self, granted: &str, required: &str) -> bool {
        if granted == required {
            return true;
        }
        if self.nested.is_empty() && self.wildcards.is_empty() {
            return self.any_ancestor(required, |a| a == granted);
        }
        if parse::validate_token(granted).is_err() || parse::validate_token(required).is_err() {
            return false;
        }
        if self.wildcards.is_empty() {
            return self.any_ancestor(required, |a| a == granted);
        }
        let anc = self.ancestors(required);
        match anc.marked(self, granted) {
            Some(marked) => marked,
            None => self.is_pattern(granted) && anc.any(self, |y| self.step(granted, y)),
        }
    }

    /// Whether `token` is a wildcard pattern under this hierarchy's rules: it
    /// has a segment that is exactly `*` for the separator of some
    /// [`wildcard`](HierarchyBuilder::wildcard) rule. A server whose
    /// allow-list means "any one of these" rather than "all of these" must
    /// refuse requested patterns before narrowing.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Hierarchy;
    ///
    /// let h = Hierarchy::builder().wildcard(':').build()?;
    /// assert!(h.is_pattern("user:*"));
    /// assert!(h.is_pattern("*"));
    /// assert!(!h.is_pattern("user*"));
    /// assert!(!Hierarchy::exact().is_pattern("user:*"));
    /// # Ok::<(), oauth_scope::ParseError>(())
    /// ```
    pub fn is_pattern(&self, token: &str) -> bool {
        self.wildcards
            .iter()
            .any(|&sep| is_pattern_for(token.as_bytes(), sep))
    }

    fn is_structural(&self) -> bool {
        !self.separators.is_empty()
    }

    pub(crate) fn has_wildcards(&self) -> bool {
        !self.wildcards.is_empty()
    }

    /// Without wildcard rules: whether `f` holds for some token that implies
    /// `required` among the named ones and `required`'s own nested parents.
    /// No allocation.
    ///
    /// Those are all the ancestors: a chain into `required` ends with a
    /// declared edge (from a name) or a nested step from a segment-prefix `p`
    /// of `required`; and any rule that lets a shorter prefix reach `p` also
    /// lets it reach `required` directly, since `required` has the same
    /// separator where `p` does. Named ancestors of each are in `up`.
    fn any_ancestor(&self, required: &str, f: impl FnMut(&str) -> bool) -> bool {
        self.any_ancestor_of(required, self.index(required), f)
    }

    /// [`any_ancestor`](Self::any_ancestor), with the index of `required` in
    /// the names already known.
    fn any_ancestor_of(
        &self,
        required: &str,
        index: Option<usize>,
        mut f: impl FnMut(&str) -> bool,
    ) -> bool {
        let named = |i: usize, f: &mut dyn FnMut(&str) -> bool| {
            self.up[i].iter().any(|&a| f(&self.names[a as usize]))
        };
        if f(required) || index.is_some_and(|i| named(i, &mut f)) {
            return true;
        }
        if self.nested.is_empty() {
            return false;
        }
        required
            .bytes()
            .enumerate()
            .filter(|&(i, b)| i > 0 && self.separators.contains(&b))
            .any(|(i, _)| {
                let parent = &required[..i];
                self.step(parent, required)
                    && (f(parent) || self.index(parent).is_some_and(|i| named(i, &mut f)))
            })
    }

    fn index(&self, token: &str) -> Option<usize> {
        self.names.binary_search_by(|n| (**n).cmp(token)).ok()
    }

    /// One structural step `t ⇒ u` (a nested or a wildcard rule), `t != u`.
    fn step(&self, t: &str, u: &str) -> bool {
        let (tb, ub) = (t.as_bytes(), u.as_bytes());
        self.nested.iter().any(|n| {
            let ns = n.namespace.as_bytes();
            tb.len() > ns.len()
                && tb.starts_with(ns)
                && ub.len() > tb.len() + 1
                && ub.starts_with(tb)
                && ub[tb.len()] == n.separator
        }) || self
            .wildcards
            .iter()
            .any(|&sep| t != u && pattern_includes(tb, ub, sep))
    }

    /// `token` and its segment-prefixes under every structural separator,
    /// shortest first.
    fn prefixes<'t>(&self, token: &'t str) -> Vec<&'t str> {
        let mut out: Vec<&str> = token
            .bytes()
            .enumerate()
            .filter(|&(i, b)| i > 0 && self.separators.contains(&b))
            .map(|(i, _)| &token[..i])
            .collect();
        out.push(token);
        out
    }

    /// Everything in the finite universe of the query (the named tokens, their
    /// prefixes, `required` and its prefixes) that implies `required`.
    fn ancestors<'r>(&self, required: &'r str) -> Ancestors<'r> {
        let query = self.prefixes(required);
        let mut anc = Ancestors {
            q_marked: vec![false; query.len()],
            query,
            v_marked: BTreeSet::new(),
        };
        let mut work_q = vec![anc.query.len() - 1];
        anc.q_marked[anc.query.len() - 1] = true;
        let mut work_v: Vec<u32> = Vec::new();
        loop {
            if let Some(k) = work_q.pop() {
                let kt = anc.query[k];
                if let Some(i) = self.index(kt) {
                    self.mark(i as u32, &mut anc.v_marked, &mut work_v);
                }
                for j in 0..anc.query.len() {
                    if !anc.q_marked[j] && self.step(anc.query[j], kt) {
                        anc.q_marked[j] = true;
                        work_q.push(j);
                    }
                }
                for &p in &self.patterns {
                    if !anc.v_marked.contains(&p) && self.step(&self.names[p as usize], kt) {
                        self.mark(p, &mut anc.v_marked, &mut work_v);
                    }
                }
            } else if let Some(v) = work_v.pop() {
                let vt = &*self.names[v as usize];
                for j in 0..anc.query.len() {
                    if !anc.q_marked[j] && (anc.query[j] == vt || self.step(anc.query[j], vt)) {
                        anc.q_marked[j] = true;
                        work_q.push(j);
                    }
                }
            } else {
                return anc;
            }
        }
    }

    /// Marks name `i` and everything that implies it.
    fn mark(&self, i: u32, marked: &mut BTreeSet<u32>, work: &mut Vec<u32>) {
        if marked.insert(i) {
            work.push(i);
            for &a in self.up[i as usize].iter() {
                if marked.insert(a) {
                    work.push(a);
                }
            }
        }
    }

    /// Calls `f` with each member of `set` that implies `required`, until `f`
    /// returns `true`; returns whether it did.
    pub(crate) fn find_implier(
        &self,
        required: &str,
        set: &ScopeSet<'_>,
        set_patterns: &[usize],
        mut f: impl FnMut(&str) -> bool,
    ) -> bool {
        if set.contains(required) && f(required) {
            return true;
        }
        if self.wildcards.is_empty() {
            return self.any_ancestor(required, |a| a != required && set.contains(a) && f(a));
        }
        let anc = self.ancestors(required);
        let mut found: Vec<&str> = anc
            .query
            .iter()
            .zip(&anc.q_marked)
            .filter(|&(_, &m)| m)
            .map(|(&q, _)| q)
            .chain(anc.v_marked.iter().map(|&v| &*self.names[v as usize]))
            .filter(|&t| t != required && set.contains(t))
            .collect();
        for &p in set_patterns {
            let pt = set.as_slice()[p].as_ref();
            if anc.marked(self, pt).is_none() && anc.any(self, |y| self.step(pt, y)) {
                found.push(pt);
            }
        }
        found.sort_unstable();
        found.dedup();
        found.into_iter().any(f)
    }

    /// The positions in `set` of its members that are patterns.
    pub(crate) fn patterns_in(&self, set: &ScopeSet<'_>) -> Vec<usize> {
        if self.wildcards.is_empty() {
            return Vec::new();
        }
        set.iter()
            .enumerate()
            .filter(|(_, t)| self.is_pattern(t.as_str()))
            .map(|(i, _)| i)
            .collect()
    }

    /// Whether some member of `set` implies `required`.
    pub(crate) fn is_covered(
        &self,
        required: &str,
        set: &ScopeSet<'_>,
        set_patterns: &[usize],
    ) -> bool {
        self.find_implier(required, set, set_patterns, |_| true)
    }

    /// The members of `set` that `token` implies (itself included).
    pub(crate) fn implied_members<'a>(&self, token: &str, set: &ScopeSet<'a>) -> Vec<Cow<'a, str>> {
        if self.has_wildcards() {
            return set
                .as_slice()
                .iter()
                .filter(|m| self.implies(token, m))
                .cloned()
                .collect();
        }
        // Without wildcards, what `token` implies is: its named descendants,
        // and the nested extensions of it and of them. After a nested step
        // only nested steps follow until a named token is reached, and a named
        // extension of `token` makes `token` one of the names (a prefix), so
        // the closure has it.
        let named = match self.index(token) {
            Some(i) => &self.down[i][..],
            None => &[],
        };
        let roots = core::iter::once(token).chain(named.iter().map(|&d| &*self.names[d as usize]));
        let mut out: Vec<Cow<'a, str>> = Vec::new();
        for root in roots {
            out.extend(set.get(root).cloned());
            out.extend(
                self.extensions(root, set.as_slice())
                    .map(|i| set.as_slice()[i].clone()),
            );
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The positions in the sorted `items` of the tokens that `root` implies
    /// by one nested step: a range search per nested separator.
    fn extensions<'s, T: AsRef<str>>(
        &'s self,
        root: &'s str,
        items: &'s [T],
    ) -> impl Iterator<Item = usize> + 's {
        self.nested.iter().flat_map(move |n| {
            let start = lower_bound_from(items, 0, root);
            items[start..]
                .iter()
                .take_while(move |t| t.as_ref().starts_with(root))
                .enumerate()
                .filter(move |(_, t)| {
                    let t = t.as_ref();
                    t.as_bytes().get(root.len()) == Some(&n.separator) && self.step(root, t)
                })
                .map(move |(k, _)| start + k)
        })
    }
}

/// The part of a query's universe that implies the required token.
struct Ancestors<'r> {
    /// The required token and its prefixes.
    query: Vec<&'r str>,
    q_marked: Vec<bool>,
    /// Indices of names.
    v_marked: BTreeSet<u32>,
}

impl Ancestors<'_> {
    /// `Some(whether t implies the required token)` when `t` is in the
    /// universe of the query, `None` when it is not.
    fn marked(&self, h: &Hierarchy, t: &str) -> Option<bool> {
        if let Some(j) = self.query.iter().position(|&q| q == t) {
            return Some(self.q_marked[j]);
        }
        h.index(t).map(|i| self.v_marked.contains(&(i as u32)))
    }

    /// Whether `f` holds for some token that implies the required one.
    fn any(&self, h: &Hierarchy, mut f: impl FnMut(&str) -> bool) -> bool {
        self.query
            .iter()
            .zip(&self.q_marked)
            .any(|(&q, &m)| m && f(q))
            || self.v_marked.iter().any(|&v| f(&h.names[v as usize]))
    }
}

/// Whether `token` has a segment that is exactly `*`.
fn is_pattern_for(token: &[u8], sep: u8) -> bool {
    token.split(|&b| b == sep).any(|s| s == b"*")
}

/// One segment of a wildcard pattern.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Seg<'a> {
    Literal(&'a [u8]),
    /// An inner `*`: exactly one non-empty segment.
    One,
    /// A trailing `*` after other segments: one or more non-empty segments.
    Many,
}

fn segments(token: &[u8], sep: u8) -> impl Iterator<Item = Seg<'_>> {
    let count = token.iter().filter(|&&b| b == sep).count() + 1;
    token
        .split(move |&b| b == sep)
        .enumerate()
        .map(move |(i, s)| match s {
            b"*" if i + 1 == count => Seg::Many,
            b"*" => Seg::One,
            _ => Seg::Literal(s),
        })
}

/// Whether every token that `q` matches (just `q` itself when it is not a
/// pattern), the pattern `p` matches too. Linear in the segments.
fn pattern_includes(p: &[u8], q: &[u8], sep: u8) -> bool {
    if p == b"*" {
        return true; // a lone `*` matches any token
    }
    if q == b"*" || !is_pattern_for(p, sep) {
        return p == q;
    }
    // Does segment kind `b` (of q) only produce segments that `a` (of p) accepts?
    let accepts = |a: Seg<'_>, b: Seg<'_>| match (a, b) {
        (Seg::Literal(x), Seg::Literal(y)) => x == y,
        (Seg::One | Seg::Many, Seg::Literal(y)) => !y.is_empty(),
        (Seg::One | Seg::Many, Seg::One) => true,
        _ => false,
    };
    let mut ps = segments(p, sep);
    let mut qs = segments(q, sep);
    loop {
        match (ps.next(), qs.next()) {
            (None, None) => return true,
            (Some(Seg::Many), Some(b)) => {
                // The rest of q must be one or more non-empty segments.
                return core::iter::once(b)
                    .chain(qs)
                    .all(|b| b != Seg::Literal(b""));
            }
            (Some(a), Some(b)) if accepts(a, b) => continue,
            _ => return false,
        }
    }
}

impl fmt::Debug for Hierarchy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Rules<'h>(&'h [Rule]);
        impl fmt::Debug for Rules<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut list = f.debug_list();
                for rule in self.0 {
                    match rule {
                        Rule::Imply(a, b) => list.entry(&format_args!("{a} => {b}")),
                        Rule::Nested(ns, sep) => {
                            list.entry(&format_args!("nested({ns:?}, {sep:?})"))
                        }
                        Rule::Wildcard(sep) => list.entry(&format_args!("wildcard({sep:?})")),
                    };
                }
                list.finish()
            }
        }
        f.debug_struct("Hierarchy")
            .field("rules", &Rules(&self.rules))
            .finish()
    }
}

/// Declares the rules of a [`Hierarchy`]. Methods take and return the
/// builder; [`build`](Self::build) validates every token and computes the
/// closure.
///
/// # Examples
///
/// ```
/// use oauth_scope::Hierarchy;
///
/// let h = Hierarchy::builder()
///     .imply_all("user", ["read:user", "user:email", "user:follow"])
///     .chain(["admin:org", "write:org", "read:org"])
///     .nested("", '.')
///     .wildcard(':')
///     .build()?;
/// assert!(h.implies("user", "user:email"));
/// assert!(h.implies("hydra", "hydra.clients"));
/// assert!(h.implies("repo:*", "repo:status"));
/// # Ok::<(), oauth_scope::ParseError>(())
/// ```
#[derive(Clone, Debug, Default)]
#[must_use]
pub struct HierarchyBuilder {
    edges: Vec<(String, String)>,
    nested: Vec<(String, char)>,
    wildcards: Vec<char>,
}

impl HierarchyBuilder {
    /// Declares that `parent` implies `child`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Hierarchy;
    ///
    /// let h = Hierarchy::builder().imply("repo", "repo:status").build()?;
    /// assert!(h.implies("repo", "repo:status"));
    /// assert!(!h.implies("repo:status", "repo"));
    /// # Ok::<(), oauth_scope::ParseError>(())
    /// ```
    pub fn imply(mut self, parent: &str, child: &str) -> Self {
        self.edges.push((parent.into(), child.into()));
        self
    }

    /// Declares that `parent` implies each of `children`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Hierarchy;
    ///
    /// let h = Hierarchy::builder()
    ///     .imply_all("repo", ["repo:status", "public_repo"])
    ///     .build()?;
    /// assert!(h.implies("repo", "public_repo"));
    /// # Ok::<(), oauth_scope::ParseError>(())
    /// ```
    pub fn imply_all<'c>(
        mut self,
        parent: &str,
        children: impl IntoIterator<Item = &'c str>,
    ) -> Self {
        for child in children {
            self = self.imply(parent, child);
        }
        self
    }

    /// Declares `a ⇒ b ⇒ c ⇒ …` for consecutive tokens.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Hierarchy;
    ///
    /// let h = Hierarchy::builder().chain(["admin", "write", "read"]).build()?;
    /// assert!(h.implies("admin", "read"));
    /// # Ok::<(), oauth_scope::ParseError>(())
    /// ```
    pub fn chain<'c>(mut self, tokens: impl IntoIterator<Item = &'c str>) -> Self {
        let mut previous: Option<&str> = None;
        for token in tokens {
            if let Some(p) = previous {
                self = self.imply(p, token);
            }
            previous = Some(token);
        }
        self
    }

    /// Declares nesting inside `namespace`: among tokens that start with
    /// `namespace`, `namespace + x` implies `namespace + x + separator + y`
    /// for non-empty `x` and `y`. Only whole segments count (`drive` covers
    /// `drive.file` but not `drivex`), and the namespace alone covers nothing.
    /// An empty namespace nests every token (`hydra` ⇒ `hydra.clients`).
    ///
    /// The namespace is a plain string prefix, so end it where the
    /// vocabulary's names begin: `nested("https://www.googleapis.com/auth/",
    /// '.')`, not `nested("hydra", '.')`, under which `hydra` itself nests
    /// nothing (it is the namespace) and `hydrax` ⇒ `hydrax.y`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Hierarchy;
    ///
    /// let h = Hierarchy::builder().nested("", '.').build()?;
    /// assert!(h.implies("hydra", "hydra.clients.read"));
    /// assert!(!h.implies("hydra", "hydrax"));
    /// # Ok::<(), oauth_scope::ParseError>(())
    /// ```
    pub fn nested(mut self, namespace: &str, separator: char) -> Self {
        self.nested.push((namespace.into(), separator));
        self
    }

    /// Declares wildcard segments split by `separator`: a token with a segment
    /// that is exactly `*` is a pattern and implies what it matches (see
    /// [`Hierarchy`]). A hierarchy has at most one wildcard separator.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Hierarchy;
    ///
    /// let h = Hierarchy::builder().wildcard(':').build()?;
    /// assert!(h.implies("user:*", "user:email"));
    /// assert!(!h.implies("user:*", "user"));
    /// assert!(h.implies("*:read", "repo:read"));
    /// assert!(!h.implies("*:read", "repo:x:read"));
    /// # Ok::<(), oauth_scope::ParseError>(())
    /// ```
    pub fn wildcard(mut self, separator: char) -> Self {
        self.wildcards.push(separator);
        self
    }

    /// Validates every token and separator and computes the closure.
    ///
    /// # Errors
    ///
    /// The [`ParseError`] of the first token that is not a valid scope-token
    /// (offsets are within that token), or of a namespace with a character
    /// outside `NQCHAR`; [`ErrorKind::InvalidChar`] for a separator that is
    /// not an `NQCHAR`; [`ErrorKind::ConflictingWildcards`] for a second
    /// wildcard separator.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{ErrorKind, Hierarchy};
    ///
    /// let err = Hierarchy::builder().imply("read write", "read").build().unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidChar(' '));
    /// let err = Hierarchy::builder().nested("", ' ').build().unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidChar(' '));
    /// ```
    pub fn build(self) -> Result<Hierarchy, ParseError> {
        let mut rules = Vec::new();
        for (a, b) in &self.edges {
            parse::validate_token(a)?;
            parse::validate_token(b)?;
            rules.push(Rule::Imply(a.as_str().into(), b.as_str().into()));
        }
        let mut nested = Vec::new();
        for (ns, sep) in &self.nested {
            if !ns.is_empty() {
                parse::validate_token(ns)?;
            }
            nested.push(Nested {
                namespace: ns.as_str().into(),
                separator: separator_byte(*sep)?,
            });
            rules.push(Rule::Nested(ns.as_str().into(), *sep));
        }
        let mut wildcards = Vec::new();
        for &sep in &self.wildcards {
            wildcards.push(separator_byte(sep)?);
            rules.push(Rule::Wildcard(sep));
        }
        if let Some(&second) = wildcards.iter().find(|&&w| w != wildcards[0]) {
            // Patterns split two ways chain through patterns nobody named
            // (`*:read` ⊇ `*.x:read` ⊇ `a:b.x:read`); one separator keeps
            // `implies` exact.
            return Err(ParseError::new(
                ErrorKind::ConflictingWildcards(char::from(second)),
                0,
                Context::Token,
            ));
        }
        wildcards.dedup();
        let mut separators: Vec<u8> = nested
            .iter()
            .map(|n| n.separator)
            .chain(wildcards.iter().copied())
            .collect();
        separators.sort_unstable();
        separators.dedup();

        let mut h = Hierarchy {
            names: Vec::new(),
            down: Vec::new(),
            up: Vec::new(),
            patterns: Vec::new(),
            nested,
            wildcards,
            separators,
            rules,
        };

        // The universe: named tokens and their segment-prefixes.
        let mut names: BTreeSet<&str> = BTreeSet::new();
        for (a, b) in &self.edges {
            for t in [a.as_str(), b.as_str()] {
                names.extend(h.prefixes(t));
            }
        }
        h.names = names.iter().map(|&n| Box::from(n)).collect();
        let n = h.names.len();
        let id = |t: &str| h.index(t).map(|i| i as u32);

        // Direct edges: declared, then structural among names.
        let mut direct: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (a, b) in &self.edges {
            if let (Some(a), Some(b)) = (id(a), id(b)) {
                direct[a as usize].push(b);
            }
        }
        if h.is_structural() {
            for (i, name) in h.names.iter().enumerate() {
                // Nested: a prefix of a name steps to it.
                for p in h.prefixes(name) {
                    if let Some(pi) = id(p) {
                        if h.step(p, name) {
                            direct[pi as usize].push(i as u32);
                        }
                    }
                }
            }
            let patterns: Vec<u32> = (0..n as u32)
                .filter(|&i| h.is_pattern(&h.names[i as usize]))
                .collect();
            for &p in &patterns {
                for (j, name) in h.names.iter().enumerate() {
                    if p as usize != j && h.step(&h.names[p as usize], name) {
                        direct[p as usize].push(j as u32);
                    }
                }
            }
            h.patterns = patterns;
        }

        // The closure, by a search from every name.
        let mut down: Vec<Box<[u32]>> = Vec::with_capacity(n);
        let mut seen = vec![usize::MAX; n];
        for start in 0..n {
            let mut reach = Vec::new();
            let mut stack = vec![start as u32];
            seen[start] = start;
            while let Some(x) = stack.pop() {
                for &y in &direct[x as usize] {
                    if seen[y as usize] != start {
                        seen[y as usize] = start;
                        reach.push(y);
                        stack.push(y);
                    }
                }
            }
            reach.retain(|&y| y as usize != start);
            reach.sort_unstable();
            down.push(reach.into_boxed_slice());
        }
        let mut up: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (x, ds) in down.iter().enumerate() {
            for &y in ds.iter() {
                up[y as usize].push(x as u32);
            }
        }
        h.down = down;
        h.up = up.into_iter().map(Vec::into_boxed_slice).collect();
        Ok(h)
    }
}

fn separator_byte(sep: char) -> Result<u8, ParseError> {
    match u8::try_from(sep) {
        Ok(b) if is_nqchar(b) => Ok(b),
        _ => Err(ParseError::new(
            ErrorKind::InvalidChar(sep),
            0,
            Context::Token,
        )),
    }
}

// ---------------------------------------------------------------------------
// Hierarchy-aware checks on ScopeSet

impl<'a> ScopeSet<'a> {
    /// Whether every `required` token is implied by some member of `self`
    /// (the granted scope) under `hierarchy`. With
    /// [`Hierarchy::exact`] this is [`is_superset`](Self::is_superset).
    ///
    /// Cost: without wildcard rules, one merge step per required token plus a
    /// binary search per declared ancestor and per nested parent of it, and no
    /// allocation; with wildcard rules, each granted pattern is also tried
    /// against every required token, so the work grows with
    /// `required × granted patterns`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, ScopeSet};
    ///
    /// let granted = ScopeSet::parse("repo user")?;
    /// let required = ScopeSet::parse("repo:status user:email")?;
    /// assert!(granted.covers(&required, &Hierarchy::github()));
    /// assert!(!granted.covers(&required, &Hierarchy::exact()));
    /// # Ok::<(), oauth_scope::ParseError>(())
    /// ```
    pub fn covers(&self, required: &ScopeSet<'_>, hierarchy: &Hierarchy) -> bool {
        if required.is_subset(self) {
            return true;
        }
        if hierarchy.has_wildcards() {
            let patterns = hierarchy.patterns_in(self);
            return required
                .iter()
                .all(|r| hierarchy.is_covered(r.as_str(), self, &patterns));
        }
        // Both lists, and the hierarchy's names, are sorted: find each
        // required token from where the previous one was found.
        let (mut in_set, mut in_names) = (0, 0);
        required.iter().all(|r| {
            let r = r.as_str();
            in_set = lower_bound_from(self.as_slice(), in_set, r);
            if self.as_slice().get(in_set).is_some_and(|t| t == r) {
                return true;
            }
            in_names = lower_bound_from(&hierarchy.names, in_names, r);
            let named = hierarchy
                .names
                .get(in_names)
                .filter(|n| ***n == *r)
                .map(|_| in_names);
            hierarchy.any_ancestor_of(r, named, |a| a != r && self.contains(a))
        })
    }

    /// The `required` tokens that no member of `self` implies: what is
    /// missing, for an `insufficient_scope` answer (RFC 6750 §3.1).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, ScopeSet};
    ///
    /// let granted = ScopeSet::parse("repo")?;
    /// let required = ScopeSet::parse("repo:status workflow")?;
    /// let missing = granted.uncovered(&required, &Hierarchy::github());
    /// assert_eq!(missing.to_string(), "workflow");
    /// # Ok::<(), oauth_scope::ParseError>(())
    /// ```
    pub fn uncovered<'r>(&self, required: &ScopeSet<'r>, hierarchy: &Hierarchy) -> ScopeSet<'r> {
        let patterns = hierarchy.patterns_in(self);
        let missing = required
            .as_slice()
            .iter()
            .filter(|r| !hierarchy.is_covered(r, self, &patterns))
            .cloned()
            .collect();
        ScopeSet::from_sorted(missing)
    }

    /// The smallest equivalent set: every member implied by another member
    /// is dropped (of equivalent members, the first in canonical order stays).
    /// GitHub does this to requested scopes: `user gist user:email` becomes
    /// `gist user`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, ScopeSet};
    ///
    /// let asked = ScopeSet::parse("user gist user:email")?;
    /// assert_eq!(asked.normalize(&Hierarchy::github()).to_string(), "gist user");
    /// # Ok::<(), oauth_scope::ParseError>(())
    /// ```
    pub fn normalize(&self, hierarchy: &Hierarchy) -> ScopeSet<'a> {
        let patterns = hierarchy.patterns_in(self);
        let kept = self
            .as_slice()
            .iter()
            .filter(|x| {
                let x: &str = x;
                // Dropped when a strictly stronger member exists, or an
                // equivalent one that sorts first.
                !hierarchy.find_implier(x, self, &patterns, |y| {
                    y != x && (y < x || !hierarchy.implies(x, y))
                })
            })
            .cloned()
            .collect();
        ScopeSet::from_sorted(kept)
    }
}
