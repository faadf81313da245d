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
use crate::structured::{Param, ParamKind, Shape, Structure};

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

    /// Declares SMART App Launch v2 clinical scopes (HL7 SMART App Launch
    /// STU 2.2, "Scopes and Launch Context"; see [`crate::smart`]): tokens
    /// `context/type.perms[?query]` imply by context, type, letters and
    /// query, and each letter is an atom, so `patient/Observation.r` and
    /// `patient/Observation.s` together cover `patient/Observation.rs`.
    /// Every other token stays plain (`launch` does not imply
    /// `launch/patient`), and so does a clinical-looking token that is
    /// malformed (`patient/Observation.`), which implies only itself;
    /// [`Hierarchy::validate`] says why.
    ///
    /// No other rule reaches a clinical token: [`build`](Self::build)
    /// refuses a wildcard rule beside this one, and a nested rule whose
    /// namespace could start a clinical token (`""`, `pat`, `patient/…`).
    /// Explicit edges may name clinical tokens (`launch/patient =>
    /// patient/*.rs`).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, ScopeSet};
    ///
    /// let h = Hierarchy::builder().smart().imply("admin", "user/*.cruds").build()?;
    /// assert!(h.implies("patient/*.cruds", "patient/Observation.rs"));
    /// assert!(h.implies("admin", "user/Patient.r"));
    /// let granted = ScopeSet::parse("patient/Observation.r patient/*.s")?;
    /// assert!(granted.covers(&ScopeSet::parse("patient/Observation.rs")?, &h));
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn smart(mut self) -> Self {
        self.rules.push(Rule::Smart);
        self
    }

    /// Declares a typed parameter (Keycloak's parameterized scopes, Duende's
    /// and Doorkeeper's dynamic scopes): tokens `name` + `delimiter` +
    /// value are instances, and `name` + `delimiter` + `*` is the template,
    /// which implies every instance whose value is of `kind`, and itself. An
    /// instance implies only itself, and one whose value is not of `kind`
    /// is implied by nothing but itself ([`Hierarchy::validate`] says why).
    /// The bare `name` implies nothing it does not name.
    ///
    /// [`build`](Self::build) refuses a wildcard rule beside this one (the
    /// template is this rule's wildcard), and a nested rule or another
    /// parameter whose prefix could start an instance.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, ParamKind};
    ///
    /// let h = Hierarchy::builder().parameter("transaction", ':', ParamKind::Integer).build()?;
    /// assert!(h.implies("transaction:*", "transaction:42"));
    /// assert!(!h.implies("transaction:*", "transaction:forty-two"));
    /// assert!(!h.implies("transaction:*", "transaction"));
    /// assert!(!h.implies("transaction:42", "transaction:43"));
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn parameter(mut self, name: &str, delimiter: char, kind: ParamKind) -> Self {
        let mut prefix = alloc::string::String::from(name);
        prefix.push(delimiter);
        self.rules.push(Rule::Param(Param {
            prefix: prefix.into(),
            kind,
        }));
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
    /// `*`, or inside a namespace with a `*` segment, beside a wildcard rule;
    /// beside a structured rule ([`smart`](Self::smart),
    /// [`parameter`](Self::parameter)), a wildcard rule, a nested rule or
    /// parameter whose prefix overlaps a structured one, a parameter whose
    /// name or values are not scope-tokens, or an edge that names a
    /// malformed structured token.
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
        let (nested, wildcard, structure) = self.check()?;
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
            structure: structure.map(alloc::boxed::Box::new),
            structured_names: Vec::new(),
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
        let structured: Vec<u32> = (0..n)
            .filter(|&i| h.shape(names[i]).is_structured())
            .map(|i| i as u32)
            .collect();

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

        // Structured names imply one another by the structured rules.
        for &a in &structured {
            for &b in &structured {
                let (sa, sb) = (h.shape(names[a as usize]), h.shape(names[b as usize]));
                if a != b && Structure::implies(sa, sb) {
                    direct[a as usize].push(b);
                }
            }
        }
        h.t_mut().structured_names = structured;

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
    /// the nested rules, the wildcard separator and the structured rules.
    /// No closure is computed, so this is linear in the length of the
    /// rules (and in structured rules times the other rules).
    #[allow(clippy::type_complexity)]
    pub(crate) fn check(&self) -> Result<(Vec<Nested>, Option<u8>, Option<Structure>), BuildError> {
        let mut nested: Vec<Nested> = Vec::new();
        let mut wildcard: Option<u8> = None;
        let mut structure: Option<Structure> = None;
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
                    if structure
                        .as_ref()
                        .is_some_and(|s| s.prefixes().any(|p| overlaps(p, ns)))
                    {
                        return Err(refuse(BuildErrorKind::OverlappingRules));
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
                            if structure.is_some() {
                                return Err(refuse(BuildErrorKind::WildcardBesideStructured));
                            }
                            if let Some(n) = nested.iter().find(|n| nests_patterns(n, w)) {
                                let c = char::from(n.separator);
                                return Err(refuse(BuildErrorKind::NestedWildcard(c)));
                            }
                            wildcard = Some(w);
                        }
                    }
                }
                Rule::Smart | Rule::Param(_) => {
                    if wildcard.is_some() {
                        return Err(refuse(BuildErrorKind::WildcardBesideStructured));
                    }
                    let s = structure.get_or_insert_with(Structure::default);
                    let new: alloc::vec::Vec<&str> = match rule {
                        Rule::Param(p) => {
                            check_param(p).map_err(refuse)?;
                            alloc::vec![&*p.prefix]
                        }
                        _ if s.smart => alloc::vec![],
                        _ => alloc::vec!["patient/", "user/", "system/"],
                    };
                    let clash = new.iter().any(|p| {
                        s.prefixes().any(|q| overlaps(p, q))
                            || nested.iter().any(|n| overlaps(p, &n.namespace))
                    });
                    if clash {
                        return Err(refuse(BuildErrorKind::OverlappingRules));
                    }
                    match rule {
                        Rule::Param(p) => s.params.push(p.clone()),
                        _ => s.smart = true,
                    }
                }
            }
        }
        // An edge may name a structured token only when it is well formed:
        // a typo must not become a grant.
        if let Some(s) = &structure {
            for (i, rule) in self.rules.iter().enumerate() {
                if let Rule::Imply(a, b) = rule {
                    for t in [a, b] {
                        if let Shape::Malformed(kind, _) = s.shape(t) {
                            return Err(BuildError::new(i, BuildErrorKind::MalformedToken(kind)));
                        }
                    }
                    if matches!(s.shape(a), Shape::Smart(p) if p.bits().count_ones() > 1) {
                        return Err(BuildError::new(i, BuildErrorKind::JointParent));
                    }
                }
            }
        }
        Ok((nested, wildcard, structure))
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

/// Whether some token could start with both prefixes: one is a prefix of
/// the other (in any case, beside a SMART context).
fn overlaps(a: &str, b: &str) -> bool {
    // A SMART context in another case (`Patient/`) makes a malformed
    // clinical-looking token, which must stay plain too.
    const SMART: [&str; 3] = ["patient/", "user/", "system/"];
    if SMART.contains(&a) || SMART.contains(&b) {
        let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
        return a.starts_with(&b) || b.starts_with(&a);
    }
    a.starts_with(b) || b.starts_with(a)
}

/// A parameter's name must be a scope-token, its delimiter an `NQCHAR`,
/// and each listed value a scope-token other than `*`.
fn check_param(p: &Param) -> Result<(), BuildErrorKind> {
    let (name, delim) = p
        .prefix
        .split_at(p.prefix.len() - p.prefix.chars().last().map_or(0, char::len_utf8));
    parse::validate_token(name).map_err(BuildErrorKind::InvalidToken)?;
    let d = delim.chars().next().unwrap_or(' ');
    if separator_byte(d).is_none() {
        return Err(BuildErrorKind::InvalidSeparator(d));
    }
    if let ParamKind::OneOf(values) = &p.kind {
        if values.is_empty() {
            return Err(BuildErrorKind::InvalidParameter);
        }
        for v in values {
            parse::validate_token(v).map_err(BuildErrorKind::InvalidToken)?;
            if v == "*" {
                return Err(BuildErrorKind::InvalidParameter);
            }
        }
    }
    Ok(())
}

fn separator_byte(sep: char) -> Option<u8> {
    u8::try_from(sep).ok().filter(|&b| is_nqchar(b))
}
