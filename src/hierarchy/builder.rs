//! `HierarchyBuilder`: declaring the rules, validating them, and computing
//! what queries need.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::index::NameIndex;
use super::search::Universe;
use super::{wildcard, ByteSet, Hierarchy, Nested, Rows, Rule};
use crate::error::{ErrorKind, ParseError};
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
    /// wildcard separator; [`ErrorKind::NestedWildcard`] for a nested rule
    /// that nests at `*`, or inside a namespace with a `*` segment, next to a
    /// wildcard rule.
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
    /// use oauth_scope::{ErrorKind, Hierarchy};
    ///
    /// let err = Hierarchy::builder().imply("read write", "read").build().unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidChar(' '));
    /// let err = Hierarchy::builder().nested("", ' ').build().unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidChar(' '));
    /// let err = Hierarchy::builder().nested("", '*').wildcard(':').build().unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::NestedWildcard('*'));
    /// ```
    // Its steps (validate, universe, direct edges, closure) are named in
    // comments and share the names and tables they build.
    #[allow(clippy::too_many_lines)]
    pub fn build(self) -> Result<Hierarchy, ParseError> {
        // Validate.
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
            ));
        }
        let wildcard = wildcards.first().copied();
        if let Some(w) = wildcard {
            // Nesting that makes patterns out of tokens that are not (`x:`
            // nests at `*` into `x:*:z`), or nests patterns whose matches it
            // does not nest (`*:a` ⇒ `*:a:b` under namespace `*`), would
            // chain through patterns no rule names.
            for n in &nested {
                let mut ns = n.namespace.as_bytes().to_vec();
                ns.push(w);
                if n.separator == b'*' || wildcard::is_pattern_for(&ns, w) {
                    return Err(ParseError::new(
                        ErrorKind::NestedWildcard(char::from(n.separator)),
                        0,
                    ));
                }
            }
        }
        let mut separators = ByteSet::default();
        for sep in nested.iter().map(|n| n.separator).chain(wildcard) {
            separators.insert(sep);
        }

        let mut h = Hierarchy {
            names: Vec::new(),
            name_index: NameIndex::default(),
            down: Rows::default(),
            up: Rows::default(),
            nest_parents: Rows::default(),
            nested,
            wildcard,
            separators,
            universe: None,
            rules,
        };

        // The names: the ends of the declared edges.
        let mut names: Vec<&str> = self
            .edges
            .iter()
            .flat_map(|(a, b)| [a.as_str(), b.as_str()])
            .collect();
        names.sort_unstable();
        names.dedup();
        h.names = names.iter().map(|&n| Box::from(n)).collect();
        h.name_index = NameIndex::new(&h.names);
        h.nest_parents = Rows::new(names.iter().map(|n| {
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
        for (a, b) in &self.edges {
            if let (Some(a), Some(b)) = (id(a), id(b)) {
                direct[a].push(b as u32);
            }
        }
        if !h.nested.is_empty() {
            let mut stack: Vec<usize> = Vec::new();
            for (i, name) in names.iter().enumerate() {
                while stack
                    .last()
                    .is_some_and(|&top| !name.starts_with(names[top]))
                {
                    stack.pop();
                }
                for &p in &stack {
                    if h.nest_parents
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
        h.down = Rows::new(down);
        h.up = Rows::new(up);
        if wildcard.is_some() {
            h.universe = Some(Box::new(Universe::build(&h, &self.edges)));
        }
        Ok(h)
    }
}

fn separator_byte(sep: char) -> Result<u8, ParseError> {
    match u8::try_from(sep) {
        Ok(b) if is_nqchar(b) => Ok(b),
        _ => Err(ParseError::new(ErrorKind::InvalidChar(sep), 0)),
    }
}
