//! `Hierarchy`: scopes that imply other scopes, as the vocabulary's owner
//! declares them; and the hierarchy-aware checks on `ScopeSet`.

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;

use crate::order;
use crate::parse;
use crate::set::ScopeSet;
use crate::structured::{self, Param, Structure};

mod builder;
mod checks;
mod error;
mod index;
mod members;
mod search;
mod structure;
mod wildcard;

pub use builder::HierarchyBuilder;
pub use error::{BuildError, BuildErrorKind};
use index::NameIndex;
use search::Universe;
pub(crate) use structure::each_letter;

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
/// Every query is bounded by the size of what it is asked about (a token, a
/// set) times the size of the rules, and never worse than O(n log n) in the
/// untrusted part; wildcard patterns add (patterns × input) only where they
/// are present.
///
/// * Building ([`HierarchyBuilder::build`]) computes the closure of the
///   declared edges and of the nested steps between named tokens, once.
/// * Without a pattern in play, [`implies`](Self::implies) looks once at each
///   byte of the required token, looks each nested parent of it up among the
///   named tokens (one hash, over at most the longest name's length), and
///   reads the declared ancestors it finds; it allocates nothing.
/// * When a named token, the granting token or a segment-prefix of the
///   required token is a wildcard pattern, `implies` searches the named
///   tokens, their segment-prefixes and those of the required token, and
///   allocates; each named pattern makes one pass over the required token,
///   and each token found is compared once with each prefix of the required
///   token that is a pattern.
/// * When only the granting token is a pattern, one pass of it over the
///   required token decides the token and all its nested parents together:
///   linear in the two tokens, with no allocation.
///
/// * Under the structured rules ([`smart`](HierarchyBuilder::smart),
///   [`parameter`](HierarchyBuilder::parameter)), a token is read once to
///   know its shape. The SMART members that may imply a clinical scope are
///   found in a sorted set by a range search per type (the scope's and
///   `*`), skipping the members with a query when the scope has none; a
///   required scope with a query is compared with each member of its
///   context and type that has a query too (the required scope's pairs are
///   sorted once per search when there are eight or more, and each
///   member's pairs looked up in them): (members with a query × input) at
///   worst,
///   as with patterns (deciding which of many queries is a subset of which
///   is the orthogonal-vectors problem, with no known near-linear
///   algorithm). Explicit edges that name structured tokens add a walk
///   over the names above the token.
///
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
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct Hierarchy {
    /// The tables, shared: a hierarchy is a handle, cheap to clone, as
    /// `regex::Regex` is; the compiled checks and the tower layers hold one.
    t: Arc<Tables>,
}

/// What a hierarchy knows, computed once by
/// [`build`](HierarchyBuilder::build).
#[derive(Clone, Default)]
pub(crate) struct Tables {
    /// The declared tokens (the ends of explicit edges), sorted.
    names: Vec<Box<str>>,
    /// Where each name is in `names`, by hash.
    name_index: NameIndex,
    /// For each name: the names it implies, itself excluded, sorted.
    down: Rows,
    /// For each name: the names that imply it, itself excluded, sorted.
    up: Rows,
    /// For each name: the lengths of its prefixes that nest it (one nested
    /// step, under any rule), shortest first.
    nest_parents: Rows,
    nested: Vec<Nested>,
    /// The separator of the wildcard rules (there is at most one).
    wildcard: Option<u8>,
    /// Every separator of a nested or wildcard rule.
    separators: ByteSet,
    /// With a wildcard rule: the names and their segment-prefixes, for the
    /// search that patterns need.
    universe: Option<Box<Universe>>,
    /// The structured rules (SMART, typed parameters), if any.
    structure: Option<Box<Structure>>,
    /// The places in `names` of the names that are structured tokens.
    structured_names: Vec<u32>,
    /// The rules as declared, for `Debug`.
    rules: Vec<Rule>,
}

/// A shared hierarchy is the same handle: its tables are shared already.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use oauth_scope::Hierarchy;
///
/// let shared = Arc::new(Hierarchy::github());
/// let h: Hierarchy = shared.into();
/// assert!(h.implies("repo", "repo:status"));
/// ```
impl From<Arc<Self>> for Hierarchy {
    fn from(shared: Arc<Self>) -> Self {
        Self::clone(&shared)
    }
}

/// Up to this many nested parents of a token are looked up in a set one by
/// one: each lookup may re-read the prefix the parent shares with a member,
/// which costs a constant factor for so few.
const FEW_PARENTS: usize = 4;

/// A set of bytes, one flag each: the separators of the rules, looked up
/// once per byte of a token with one load.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct ByteSet([bool; 256]);

impl Default for ByteSet {
    fn default() -> Self {
        Self([false; 256])
    }
}

impl fmt::Debug for ByteSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries((0..=u8::MAX).filter(|&b| self.contains(b)).map(char::from))
            .finish()
    }
}

impl ByteSet {
    pub(crate) fn insert(&mut self, b: u8) {
        self.0[usize::from(b)] = true;
    }

    pub(crate) fn contains(&self, b: u8) -> bool {
        self.0[usize::from(b)]
    }
}

/// One list of numbers per name, stored end to end, so that reading them in
/// the order of the names reads memory in order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Rows {
    /// Where each list ends in `items`.
    ends: Box<[u32]>,
    items: Box<[u32]>,
}

impl Rows {
    pub(crate) fn new<L: IntoIterator<Item = u32>>(lists: impl IntoIterator<Item = L>) -> Self {
        let (mut ends, mut items) = (Vec::new(), Vec::new());
        for list in lists {
            items.extend(list);
            ends.push(u32::try_from(items.len()).expect("fewer than 2^32 entries"));
        }
        Self {
            ends: ends.into(),
            items: items.into(),
        }
    }

    /// The list of name `i`.
    pub(crate) fn get(&self, i: usize) -> &[u32] {
        let start = i.checked_sub(1).map_or(0, |p| self.ends[p] as usize);
        &self.items[start..self.ends[i] as usize]
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Nested {
    namespace: Box<str>,
    separator: u8,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Rule {
    Imply(Box<str>, Box<str>),
    Nested(Box<str>, char),
    Wildcard(char),
    Smart,
    Param(Param),
}

impl Hierarchy {
    /// A hierarchy of `tables`, for the builder.
    pub(crate) fn from_tables(tables: Tables) -> Self {
        Self {
            t: Arc::new(tables),
        }
    }

    /// The tables, to fill while building (nothing shares them yet).
    pub(crate) fn t_mut(&mut self) -> &mut Tables {
        Arc::get_mut(&mut self.t).expect("a hierarchy being built is not shared")
    }

    /// The rules as declared, in order: what `Display` writes as rules text.
    pub(crate) fn declared_rules(&self) -> &[Rule] {
        &self.t.rules
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
        Self::default()
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
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn builder() -> HierarchyBuilder {
        HierarchyBuilder::default()
    }

    /// Whether holding `granted` gives everything `required` gives: the
    /// reflexive–transitive closure of the declared rules. Strings that are
    /// not valid scope-tokens imply and are implied by nothing but themselves.
    ///
    /// # Cost
    ///
    /// Without wildcard patterns in play: linear in `required` (one look at
    /// each of its separators) plus a hash lookup among the named tokens per
    /// nested parent of `required` (reading at most the longest name's
    /// length), and the declared ancestors found; no allocation. When `granted`, a named token or a segment-prefix of
    /// `required` is a pattern, a search over the named tokens, their
    /// segment-prefixes and those of `required` that allocates and costs
    /// (patterns × (input + named tokens)) at worst.
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
        if !self.is_structural() && self.t.structure.is_none() {
            return self.any_ancestor(required, |a| a == granted);
        }
        if !parse::is_valid_token(granted) || !parse::is_valid_token(required) {
            return false;
        }
        self.implies_valid(granted, required)
    }

    /// [`implies`](Self::implies) for two tokens known to be valid (members
    /// of sets, tokens of a compiled requirement): no second validation on
    /// the request path.
    pub(crate) fn implies_valid(&self, granted: &str, required: &str) -> bool {
        if self.t.structure.is_some() {
            return self.implies_structured(granted, required);
        }
        self.implies_plain(granted, required)
    }

    /// [`implies_valid`](Self::implies_valid) by the rules other than the
    /// structured ones.
    pub(crate) fn implies_plain(&self, granted: &str, required: &str) -> bool {
        if granted == required {
            return true;
        }
        if !self.is_structural() {
            return self.any_ancestor(required, |a| a == granted);
        }
        if let Some(universe) = self.search_for(required) {
            universe.ancestors(self, required).implied_by(granted)
        } else if self.is_wildcard_pattern(granted) {
            self.includes_an_ancestor(granted, required)
        } else {
            self.any_ancestor(required, |a| a == granted)
        }
    }

    /// Whether `token` is a pattern under this hierarchy's rules: it has a
    /// segment that is exactly `*` for the separator of the
    /// [`wildcard`](HierarchyBuilder::wildcard) rule, or it is the template
    /// of a typed [`parameter`](HierarchyBuilder::parameter) (`consent:*`).
    /// A server whose allow-list means "any one of these" rather than "all
    /// of these" must refuse requested patterns before narrowing: a
    /// template requested against an allowed template is granted as asked.
    /// (SMART's `*` type is not a pattern here: the spec defines it as
    /// every type.)
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
    ///
    /// let consent = Hierarchy::from_rules("param consent : integer")?;
    /// assert!(consent.is_pattern("consent:*"));
    /// assert!(!consent.is_pattern("consent:42"));
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn is_pattern(&self, token: &str) -> bool {
        self.is_wildcard_pattern(token)
            || matches!(self.shape(token), structured::Shape::Template(_))
    }

    /// Whether `token` is a pattern of the wildcard rule.
    pub(crate) fn is_wildcard_pattern(&self, token: &str) -> bool {
        self.t
            .wildcard
            .is_some_and(|sep| wildcard::is_pattern_for(token.as_bytes(), sep))
    }

    fn is_structural(&self) -> bool {
        !self.t.nested.is_empty() || self.t.wildcard.is_some()
    }

    pub(crate) fn has_wildcards(&self) -> bool {
        self.t.wildcard.is_some()
    }

    /// The wildcard search, when a query about `required` needs it: some
    /// named token or segment-prefix of `required` is a pattern. Otherwise
    /// the only pattern on a chain into `required` can be its first token
    /// (the granting one), whose one wildcard step leads to a token that
    /// the closure of the other rules takes to `required`.
    fn search_for(&self, required: &str) -> Option<&Universe> {
        let universe = self.t.universe.as_deref()?;
        (universe.has_patterns() || !self.is_plain(required)).then_some(universe)
    }

    /// Whether the pattern `pattern` includes the token `token` (a wildcard
    /// step, or the same token). Linear in `token`.
    fn includes(&self, pattern: &str, token: &str) -> bool {
        let Some(w) = self.t.wildcard else {
            return pattern == token;
        };
        pattern == "*"
            || pattern == token
            || (token != "*"
                && wildcard::includes_segments(pattern.as_bytes(), token.as_bytes(), w))
    }

    /// Whether no segment-prefix of `token`, nor `token`, is a pattern.
    pub(crate) fn is_plain(&self, token: &str) -> bool {
        self.t
            .wildcard
            .is_none_or(|w| !wildcard::has_pattern_prefix(token.as_bytes(), w, &self.t.separators))
    }

    /// Whether a nested rule lets `prefix` nest at separator `sep`: `prefix`
    /// followed by `sep` and a non-empty rest implies that token.
    fn nests_at(&self, prefix: &[u8], sep: u8) -> bool {
        self.t.nested.iter().any(|n| {
            n.separator == sep
                && prefix.len() > n.namespace.len()
                && prefix.starts_with(n.namespace.as_bytes())
        })
    }

    /// The lengths of the prefixes of `token` that nest it (one nested step),
    /// shortest first. No allocation; one look at each byte.
    fn nest_parent_lens<'t>(&'t self, token: &'t str) -> NestParents<'t> {
        // Without nested rules, nothing to read at all.
        let token = if self.t.nested.is_empty() {
            &[]
        } else {
            token.as_bytes()
        };
        NestParents {
            hierarchy: self,
            token,
            at: 1,
            // A separator can nest only before a non-empty rest.
            end: token.len().saturating_sub(1),
        }
    }

    /// Whether `t` is `root` nested one step further.
    fn nests(&self, root: &str, t: &str) -> bool {
        let (root, t) = (root.as_bytes(), t.as_bytes());
        t.len() >= root.len() + 2
            && self.t.separators.contains(t[root.len()])
            && order::eq_bytes(&t[..root.len()], root)
            && self.nests_at(root, t[root.len()])
    }

    /// Without wildcard steps: whether `f` holds for some token that implies
    /// `required` (itself included). No allocation.
    ///
    /// A chain into `required` ends with a nested step from one of its
    /// nested parents (one step stands for any run of them) or with a
    /// declared edge from a name. Before that, it runs between names: `up`
    /// holds them, closed over declared edges and nested steps between
    /// names. A chain may also start at a nested parent of such a name,
    /// which `nest_parents` lists.
    fn any_ancestor(&self, required: &str, mut f: impl FnMut(&str) -> bool) -> bool {
        self.any_ancestor_of(required, self.index(required), &mut f)
    }

    /// [`any_ancestor`](Self::any_ancestor), with the index of `required` in
    /// the names already known.
    fn any_ancestor_of(
        &self,
        required: &str,
        index: Option<usize>,
        f: &mut dyn FnMut(&str) -> bool,
    ) -> bool {
        f(required) || self.any_proper_ancestor_of(required, index, f)
    }

    /// [`any_ancestor_of`](Self::any_ancestor_of) without `required` itself
    /// (it may still come up again through a cycle).
    #[inline]
    fn any_proper_ancestor_of(
        &self,
        required: &str,
        index: Option<usize>,
        f: &mut dyn FnMut(&str) -> bool,
    ) -> bool {
        if index.is_some_and(|i| self.any_named_ancestor(i, f)) {
            return true;
        }
        self.nest_parent_lens(required).any(|len| {
            let parent = &required[..len];
            f(parent)
                || self
                    .index(parent)
                    .is_some_and(|i| self.any_named_ancestor(i, f))
        })
    }

    /// Whether `f` holds for a name that implies name `i`, or for a prefix
    /// that nests such a name.
    #[inline]
    pub(crate) fn any_named_ancestor(&self, i: usize, f: &mut dyn FnMut(&str) -> bool) -> bool {
        self.t.up.get(i).iter().any(|&a| {
            let name = &*self.t.names[a as usize];
            f(name)
                || self
                    .t
                    .nest_parents
                    .get(a as usize)
                    .iter()
                    .any(|&len| f(&name[..len as usize]))
        })
    }

    /// Without wildcard steps: whether `f` holds for some member of `set`
    /// that implies `required` other than by being it (a cycle of declared
    /// edges may still lead back to it); `index` is the place
    /// of `required` among the names and `below` where it would go in `set`.
    /// No allocation.
    ///
    /// The nested parents of `required` that are members are found in one
    /// walk down `set` from `below` ([`order::prefixes_among`]) when there
    /// are more than [`FEW_PARENTS`], so a member that shares a long prefix
    /// with `required` is read once, not once per parent; up to that many
    /// are looked up one by one, which is cheaper for so few. The declared ancestors are names (trusted, and bounded by the
    /// longest name): each is looked up from `below`.
    pub(crate) fn any_member_proper_ancestor(
        &self,
        required: &str,
        index: Option<usize>,
        set: &ScopeSet<'_>,
        below: usize,
        f: &mut dyn FnMut(&str) -> bool,
    ) -> bool {
        let mut hint = below;
        let member = |f: &mut dyn FnMut(&str) -> bool, hint: &mut usize, a: &str| {
            set.contains_near(hint, a) && f(a)
        };
        if index.is_some_and(|i| self.any_named_ancestor(i, &mut |a| member(f, &mut hint, a))) {
            return true;
        }
        // A few parents are looked up one by one, from `below` (the usual
        // case: a token nests under one or two), with the names above them.
        let mut parents = self.nest_parent_lens(required);
        for _ in 0..FEW_PARENTS {
            let Some(len) = parents.next() else {
                return false;
            };
            let parent = &required[..len];
            if member(f, &mut hint, parent)
                || self
                    .index(parent)
                    .is_some_and(|i| self.any_named_ancestor(i, &mut |a| member(f, &mut hint, a)))
            {
                return true;
            }
        }
        // More: in one walk whose cost does not grow with their number, then
        // the names above them.
        let rest = parents.clone();
        order::prefixes_among(set.as_slice(), below, required, parents.rev(), |len| {
            f(&required[..len])
        }) || rest.into_iter().any(|len| {
            self.index(&required[..len])
                .is_some_and(|i| self.any_named_ancestor(i, &mut |a| member(f, &mut hint, a)))
        })
    }

    /// Without wildcard steps other than from `pattern`: whether the pattern
    /// `pattern` includes `required`, a nested parent of it, or a name that
    /// implies one of those (or a prefix that nests such a name).
    ///
    /// One pass of the pattern over `required` decides `required` and all
    /// its nested parents together
    /// ([`includes_prefixes`](wildcard::includes_prefixes)), so the cost is
    /// linear in the two tokens, plus the declared ancestors (names) found.
    fn includes_an_ancestor(&self, pattern: &str, required: &str) -> bool {
        let Some(w) = self.t.wildcard else {
            return self.any_ancestor(required, |a| a == pattern);
        };
        if pattern == "*" || pattern == required {
            return true;
        }
        let ends = self
            .nest_parent_lens(required)
            .chain(core::iter::once(required.len()));
        let mut hit = false;
        wildcard::includes_prefixes(pattern.as_bytes(), required.as_bytes(), ends, w, |_| {
            hit = true;
        });
        if hit {
            return true;
        }
        let mut includes = |a: &str| self.includes(pattern, a);
        self.index(required)
            .is_some_and(|i| self.any_named_ancestor(i, &mut includes))
            || self.nest_parent_lens(required).any(|len| {
                self.index(&required[..len])
                    .is_some_and(|i| self.any_named_ancestor(i, &mut includes))
            })
    }

    /// The ends of the segment-prefixes of `token` under every separator of
    /// a nested or wildcard rule, then `token.len()`.
    fn prefix_ends<'t>(&'t self, token: &'t str) -> impl Iterator<Item = usize> + 't {
        token
            .bytes()
            .enumerate()
            .filter(move |&(i, b)| i > 0 && self.t.separators.contains(b))
            .map(|(i, _)| i)
            .chain(core::iter::once(token.len()))
    }

    fn index(&self, token: &str) -> Option<usize> {
        self.t.name_index.get(&self.t.names, token)
    }
}

/// The iterator of [`Hierarchy::nest_parent_lens`]: a separator can nest
/// only after a non-empty prefix and before a non-empty rest.
#[derive(Clone)]
struct NestParents<'t> {
    hierarchy: &'t Hierarchy,
    token: &'t [u8],
    /// The separators not yet read are at `at..end`.
    at: usize,
    end: usize,
}

impl NestParents<'_> {
    fn nests_at(&self, i: usize) -> bool {
        let c = self.token[i];
        self.hierarchy.t.separators.contains(c) && self.hierarchy.nests_at(&self.token[..i], c)
    }
}

impl Iterator for NestParents<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.at < self.end {
            let i = self.at;
            self.at += 1;
            if self.nests_at(i) {
                return Some(i);
            }
        }
        None
    }
}

impl DoubleEndedIterator for NestParents<'_> {
    fn next_back(&mut self) -> Option<usize> {
        while self.at < self.end {
            self.end -= 1;
            if self.nests_at(self.end) {
                return Some(self.end);
            }
        }
        None
    }
}

// The rules say what a hierarchy is; the tables built from them are a cache.
#[allow(clippy::missing_fields_in_debug)]
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
                        Rule::Smart => list.entry(&format_args!("smart")),
                        Rule::Param(p) => list.entry(&format_args!("{p}")),
                    };
                }
                list.finish()
            }
        }
        f.debug_struct("Hierarchy")
            .field("rules", &Rules(&self.t.rules))
            .finish()
    }
}
