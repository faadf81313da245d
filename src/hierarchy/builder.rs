//! `HierarchyBuilder`: declaring the rules, validating them, and computing
//! what queries need.

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;

use super::error::{BuildError, BuildErrorKind};
use super::index::NameIndex;
use super::search::Universe;
use super::{wildcard, ByteSet, Hierarchy, Nested, Rows, Rule, Tables};
use crate::parse::{self, is_nqchar};

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
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
#[must_use]
pub struct HierarchyBuilder {
    /// The rules in the order they were declared: what `Display` writes,
    /// and what a [`BuildError`] counts.
    rules: Vec<Rule>,
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
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn imply(mut self, parent: &str, child: &str) -> Self {
        self.rules.push(Rule::Imply(parent.into(), child.into()));
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
    /// # Ok::<(), oauth_scope::Error>(())
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
    /// # Ok::<(), oauth_scope::Error>(())
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
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn nested(mut self, namespace: &str, separator: char) -> Self {
        self.rules.push(Rule::Nested(namespace.into(), separator));
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
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn wildcard(mut self, separator: char) -> Self {
        self.rules.push(Rule::Wildcard(separator));
        self
    }

    /// Validates every token and separator and computes the closure.
    ///
    /// # Errors
    ///
    /// A [`BuildError`] naming the first rule, in the order declared, that is
    /// refused, and why ([`BuildErrorKind`]): a token that is not a valid
    /// scope-token (a namespace may be empty), a separator that is not an
    /// `NQCHAR`, a second wildcard separator, or a nested rule that nests at
    /// `*`, or inside a namespace with a `*` segment, beside a wildcard rule.
    ///
    /// # Cost
    ///
    /// Linear in the length of the rules, plus the closure of the declared
    /// edges: a search from each named token over the declared edges and the
    /// nested steps between named tokens. With a wildcard rule, also the
    /// segment-prefixes of the named tokens, and one pass of each named
    /// pattern over each named token.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{BuildErrorKind, ErrorKind, Hierarchy};
    ///
    /// let err = Hierarchy::builder().imply("read write", "read").build().unwrap_err();
    /// let BuildErrorKind::InvalidToken(token) = err.kind() else { unreachable!() };
    /// assert_eq!((token.kind(), token.offset()), (ErrorKind::InvalidChar(' '), 4));
    /// let err = Hierarchy::builder().nested("", ' ').build().unwrap_err();
    /// assert_eq!(err.kind(), BuildErrorKind::InvalidSeparator(' '));
    /// let err = Hierarchy::builder().nested("", '*').wildcard(':').build().unwrap_err();
    /// assert_eq!((err.rule(), err.kind()), (1, BuildErrorKind::NestedWildcard('*')));
    /// ```
    // Its steps (validate, universe, direct edges, closure) are named in
    // comments and share the names and tables they build.
    #[allow(clippy::too_many_lines)]
    pub fn build(self) -> Result<Hierarchy, BuildError> {
        // Validate.
        let (nested, wildcard) = self.check()?;
        let edges: Vec<(&str, &str)> = self
            .rules
            .iter()
            .filter_map(|r| match r {
                Rule::Imply(a, b) => Some((&**a, &**b)),
                _ => None,
            })
            .collect();
        let mut separators = ByteSet::default();
        for sep in nested.iter().map(|n| n.separator).chain(wildcard) {
            separators.insert(sep);
        }

        let mut h = Hierarchy::from_tables(Tables {
            names: Vec::new(),
            name_index: NameIndex::default(),
            down: Rows::default(),
            up: Rows::default(),
            nest_parents: Rows::default(),
            nested,
            wildcard,
            separators,
            universe: None,
            rules: Vec::new(),
        });

        // The names: the ends of the declared edges.
        let mut names: Vec<&str> = edges.iter().flat_map(|&(a, b)| [a, b]).collect();
        names.sort_unstable();
        names.dedup();
        h.t_mut().names = names.iter().map(|&n| Box::from(n)).collect();
        h.t_mut().name_index = NameIndex::new(&h.t.names);
        h.t_mut().nest_parents = Rows::new(names.iter().map(|n| {
            h.nest_parent_lens(n)
                .map(|l| l as u32)
                .collect::<Vec<u32>>()
        }));
        let n = names.len();
        let id = |t: &str| names.binary_search(&t).ok();

        // Direct edges: declared, then nested steps between names. The names
        // that are prefixes of a name are on a stack when it is reached in
        // sorted order (everything between a prefix and its extension in
        // sorted order shares the prefix).
        let mut direct: Vec<Vec<u32>> = vec![Vec::new(); n];
        for &(a, b) in &edges {
            if let (Some(a), Some(b)) = (id(a), id(b)) {
                direct[a].push(b as u32);
            }
        }
        if !h.t.nested.is_empty() {
            let mut stack: Vec<usize> = Vec::new();
            for (i, name) in names.iter().enumerate() {
                while stack
                    .last()
                    .is_some_and(|&top| !name.starts_with(names[top]))
                {
                    stack.pop();
                }
                for &p in &stack {
                    if h.t
                        .nest_parents
                        .get(i)
                        .binary_search(&(names[p].len() as u32))
                        .is_ok()
                    {
                        direct[p].push(i as u32);
                    }
                }
                stack.push(i);
            }
        }

        // The closure, by a search from every name.
        let mut down: Vec<Vec<u32>> = Vec::with_capacity(n);
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
            down.push(reach);
        }
        let mut up: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (x, ds) in down.iter().enumerate() {
            for &y in ds {
                up[y as usize].push(x as u32);
            }
        }
        h.t_mut().down = Rows::new(down);
        h.t_mut().up = Rows::new(up);
        if wildcard.is_some() {
            h.t_mut().universe = Some(Box::new(Universe::build(&h, &edges)));
        }
        h.t_mut().rules = self.rules;
        Ok(h)
    }

    /// How many rules have been declared: each edge is one.
    pub(crate) fn rule_count(&self) -> usize {
        self.rules.len()
    }

    /// The first rule, in the order declared, that `build` refuses; else
    /// the nested rules and the wildcard separator. No closure is computed,
    /// so this is linear in the length of the rules.
    pub(crate) fn check(&self) -> Result<(Vec<Nested>, Option<u8>), BuildError> {
        let mut nested: Vec<Nested> = Vec::new();
        let mut wildcard: Option<u8> = None;
        for (i, rule) in self.rules.iter().enumerate() {
            let refuse = |kind| BuildError::new(i, kind);
            let token = |t: &str| {
                parse::validate_token(t).map_err(|e| refuse(BuildErrorKind::InvalidToken(e)))
            };
            let separator = |sep: char| {
                separator_byte(sep).ok_or(refuse(BuildErrorKind::InvalidSeparator(sep)))
            };
            match rule {
                Rule::Imply(a, b) => {
                    token(a)?;
                    token(b)?;
                }
                Rule::Nested(ns, sep) => {
                    if !ns.is_empty() {
                        token(ns)?;
                    }
                    let n = Nested {
                        namespace: ns.clone(),
                        separator: separator(*sep)?,
                    };
                    if wildcard.is_some_and(|w| nests_patterns(&n, w)) {
                        return Err(refuse(BuildErrorKind::NestedWildcard(*sep)));
                    }
                    nested.push(n);
                }
                Rule::Wildcard(sep) => {
                    let w = separator(*sep)?;
                    match wildcard {
                        // Patterns split two ways chain through patterns
                        // nobody named (`*:read` ⊇ `*.x:read` ⊇ `a:b.x:read`);
                        // one separator keeps `implies` exact.
                        Some(first) if first != w => {
                            return Err(refuse(BuildErrorKind::ConflictingWildcards(*sep)));
                        }
                        Some(_) => {}
                        None => {
                            if let Some(n) = nested.iter().find(|n| nests_patterns(n, w)) {
                                let c = char::from(n.separator);
                                return Err(refuse(BuildErrorKind::NestedWildcard(c)));
                            }
                            wildcard = Some(w);
                        }
                    }
                }
            }
        }
        Ok((nested, wildcard))
    }
}

/// Whether nested rule `n` beside wildcards split by `w` would make
/// patterns out of tokens that are not (`x:` nests at `*` into `x:*:z`),
/// or nest patterns whose matches it does not nest (`*:a` ⇒ `*:a:b` under
/// namespace `*`): chains through patterns no rule names.
fn nests_patterns(n: &Nested, w: u8) -> bool {
    let mut ns = n.namespace.as_bytes().to_vec();
    ns.push(w);
    n.separator == b'*' || wildcard::is_pattern_for(&ns, w)
}

fn separator_byte(sep: char) -> Option<u8> {
    u8::try_from(sep).ok().filter(|&b| is_nqchar(b))
}
