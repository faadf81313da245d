//! The structured rules inside a hierarchy: SMART clinical scopes and typed
//! parameters, with atoms (a SMART token is one atom per letter, covered
//! when each is implied by some member) and meets (what narrowing grants
//! when a request is only partly allowed).
//!
//! Without explicit edges that name a structured token, a structured token
//! is implied only by the structured rules: a SMART token by SMART tokens of
//! its context and type (or `*`), an instance by itself and its template.
//! Those are found in a sorted set by a few range searches. With such edges,
//! each member is asked in turn, which costs (members × required) and is
//! documented where it applies.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;

use super::{Hierarchy, Rule};
use crate::set::ScopeSet;
use crate::smart::{letters_str, SmartScope, Sought, ALL};
use crate::structured::{Shape, Structure, VocabularyError};

/// Up to this many members are read one by one rather than searched.
const FEW_MEMBERS: usize = 4;

impl Hierarchy {
    /// SMART App Launch v2 clinical scopes (HL7 SMART App Launch STU 2.2,
    /// "Scopes and Launch Context"), the [`smart`](crate::HierarchyBuilder::smart)
    /// rule alone: `patient/*.cruds` implies `patient/Observation.rs`,
    /// `.read` is `.rs`, a query narrows, contexts stay apart, and `openid`,
    /// `fhirUser`, `launch`, `launch/patient`, `offline_access` and
    /// `online_access` are plain tokens. See [`crate::smart`].
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, ScopeSet};
    ///
    /// let h = Hierarchy::smart_on_fhir();
    /// assert!(h.implies("patient/*.read", "patient/Condition.r"));
    /// assert!(!h.implies("patient/Observation.rs?category=laboratory", "patient/Observation.rs"));
    /// assert!(!h.implies("user/*.cruds", "patient/Observation.r"));
    ///
    /// // Narrowing grants the part that is allowed.
    /// let asked = ScopeSet::parse("patient/AllergyIntolerance.cruds")?;
    /// let allowed = ScopeSet::parse("patient/*.rs")?;
    /// assert_eq!(asked.narrow(&allowed, &h).granted().to_string(), "patient/AllergyIntolerance.rs");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn smart_on_fhir() -> Self {
        let mut h = Self::default();
        h.t_mut().structure = Some(alloc::boxed::Box::new(Structure {
            smart: true,
            params: alloc::vec::Vec::new(),
        }));
        h.t_mut().rules = alloc::vec![Rule::Smart];
        h
    }

    /// How this hierarchy reads `token`: plain unless a structured rule
    /// claims it.
    pub(crate) fn shape<'t>(&self, token: &'t str) -> Shape<'t> {
        match &self.t.structure {
            Some(s) => s.shape(token),
            None => Shape::Plain,
        }
    }

    pub(crate) fn structure(&self) -> Option<&Structure> {
        self.t.structure.as_deref()
    }

    /// Whether some explicit edge names a structured token.
    pub(crate) fn has_structured_names(&self) -> bool {
        !self.t.structured_names.is_empty()
    }

    /// The first malformed structured token of `set`, in canonical order:
    /// a clinical-looking token that is not SMART v2 (or v1) grammar, or a
    /// typed parameter whose value is not of its kind. Such a token is
    /// plain (it implies and is implied by nothing but itself), so an
    /// authorization server that wants to say why it refuses it asks here.
    ///
    /// # Errors
    ///
    /// The [`VocabularyError`] of the first malformed member.
    ///
    /// # Cost
    ///
    /// One read of each member.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, ScopeSet, VocabularyErrorKind};
    ///
    /// let h = Hierarchy::smart_on_fhir();
    /// assert!(h.validate(&ScopeSet::parse("openid launch patient/*.rs")?).is_ok());
    /// let err = h.validate(&ScopeSet::parse("patient/Observation.")?).unwrap_err();
    /// assert_eq!(err.kind(), VocabularyErrorKind::MissingPermissions);
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn validate(&self, set: &ScopeSet<'_>) -> Result<(), VocabularyError> {
        set.iter().try_for_each(|t| self.validate_token(t.as_str()))
    }

    /// [`validate`](Self::validate) for one token. Checks the structured
    /// rules only: the scope-token grammar is [`ScopeToken::new`]'s.
    ///
    /// [`ScopeToken::new`]: crate::ScopeToken::new
    ///
    /// # Errors
    ///
    /// A [`VocabularyError`] when a structured rule calls `token` malformed.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, ParamKind, VocabularyErrorKind};
    ///
    /// let h = Hierarchy::builder().parameter("consent", ':', ParamKind::Integer).build()?;
    /// assert!(h.validate_token("consent:42").is_ok());
    /// assert!(h.validate_token("consent:*").is_ok());
    /// let err = h.validate_token("consent:abc").unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (VocabularyErrorKind::BadParameterValue, 8));
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn validate_token(&self, token: &str) -> Result<(), VocabularyError> {
        match self.shape(token) {
            Shape::Malformed(kind, at) => Err(VocabularyError::new(token, kind, at)),
            _ => Ok(()),
        }
    }

    /// [`implies`](Self::implies) under structured rules, for valid tokens.
    pub(crate) fn implies_structured(&self, granted: &str, required: &str) -> bool {
        if granted == required {
            return true;
        }
        let (g, r) = (self.shape(granted), self.shape(required));
        if Structure::implies(g, r) {
            return true;
        }
        if !self.has_structured_names() {
            // Other rules never reach a structured token, nor leave one.
            return !g.is_structured()
                && !r.is_structured()
                && self.implies_plain(granted, required);
        }
        match r {
            // Each letter on its own: `granted` may imply them by edges
            // that name different letters.
            Shape::Smart(s) if s.bits().count_ones() > 1 => each_letter(s.bits()).all(|l| {
                let atom = s.restricted(l);
                self.implies_atom(granted, g, &atom)
            }),
            _ => self.implies_atom(granted, g, required),
        }
    }

    /// Whether `granted` (of shape `g`) implies `atom` (a single-letter
    /// SMART token, or any other token) through declared edges and the
    /// structured rules. The names that imply `atom` are: the names it
    /// is, the structured names that imply it, and what implies those.
    fn implies_atom(&self, granted: &str, g: Shape<'_>, atom: &str) -> bool {
        let mut f = |a: &str| a == granted || Structure::implies(g, self.shape(a));
        let a = self.shape(atom);
        if !a.is_structured() {
            return self.any_ancestor(atom, &mut f);
        }
        f(atom)
            || self
                .index(atom)
                .is_some_and(|i| self.any_named_ancestor(i, &mut f))
            || self.t.structured_names.iter().any(|&n| {
                let name = &*self.t.names[n as usize];
                Structure::implies(self.shape(name), a)
                    && (f(name) || self.any_named_ancestor(n as usize, &mut f))
            })
    }

    /// Whether the members of `set` cover `required` under structured
    /// rules: each atom implied by some member.
    pub(crate) fn covered_structured(
        &self,
        required: &str,
        set: &ScopeSet<'_>,
        set_patterns: &[usize],
    ) -> bool {
        self.missing_letters(required, set, set_patterns) == 0
    }

    /// The letters of `required` (a SMART token) that no member implies, as
    /// bits; for any other token, 1 when it is not covered, else 0.
    pub(crate) fn missing_letters(
        &self,
        required: &str,
        set: &ScopeSet<'_>,
        set_patterns: &[usize],
    ) -> u8 {
        self.missing_letters_among(required, set, set_patterns, &|_| true)
    }

    /// [`missing_letters`](Self::missing_letters), counting only the
    /// members at the positions `counts` accepts.
    fn missing_letters_among(
        &self,
        required: &str,
        set: &ScopeSet<'_>,
        set_patterns: &[usize],
        counts: &dyn Fn(usize) -> bool,
    ) -> u8 {
        let Shape::Smart(s) = self.shape(required) else {
            return u8::from(!self.atom_impliers(required, set, set_patterns, &mut |i| counts(i)));
        };
        // The letters the members give by the SMART rule, in one pass.
        let mut need = s.bits();
        let sought = Sought::new(s);
        self.smart_members(&s, set, &mut |i, m| {
            if counts(i) && sought.reached_by(m) {
                need &= !m.bits();
            }
            need == 0
        });
        // The others, letter by letter, through the names.
        if need != 0 && self.has_structured_names() {
            for l in each_letter(need) {
                let atom = s.restricted(l);
                if self.atom_impliers_by_names(&atom, set, &mut |i| counts(i)) {
                    need &= !l;
                }
            }
        }
        need
    }

    /// Under structured rules: calls `f` with members of `set` that imply
    /// `required` on their own, until it returns `true`.
    pub(crate) fn find_implier_structured(
        &self,
        required: &str,
        set: &ScopeSet<'_>,
        set_patterns: &[usize],
        f: &mut dyn FnMut(&str) -> bool,
    ) -> bool {
        let members = set.as_slice();
        match self.shape(required) {
            Shape::Smart(s) if self.has_structured_names() && s.bits().count_ones() > 1 => {
                // A member that implies `required` implies its first letter:
                // of those, the ones that imply every letter.
                let first = s.restricted(s.bits() & s.bits().wrapping_neg());
                self.atom_impliers(&first, set, set_patterns, &mut |i| {
                    self.implies_structured(&members[i], required) && f(&members[i])
                })
            }
            _ => self.atom_impliers(required, set, set_patterns, &mut |i| f(&members[i])),
        }
    }

    /// Calls `f` with the position of each member of `set` that implies
    /// `atom` (a single-letter SMART token, or any other token) on its own,
    /// until it returns `true`; a member may come up more than once.
    fn atom_impliers(
        &self,
        atom: &str,
        set: &ScopeSet<'_>,
        set_patterns: &[usize],
        f: &mut dyn FnMut(usize) -> bool,
    ) -> bool {
        let direct = match self.shape(atom) {
            Shape::Plain => self.find_implier_plain(atom, set, set_patterns, |m| {
                set.position(m).is_ok_and(&mut *f)
            }),
            _ => self.members_reaching(atom, set, f),
        };
        direct || (self.has_structured_names() && self.atom_impliers_by_names(atom, set, f))
    }

    /// The members that imply `atom` through an explicit edge: those that
    /// are, or imply by the structured rules, a name above it. The other
    /// rules find the rest.
    fn atom_impliers_by_names(
        &self,
        atom: &str,
        set: &ScopeSet<'_>,
        f: &mut dyn FnMut(usize) -> bool,
    ) -> bool {
        let mut reach = |u: &str| {
            if self.shape(u).is_structured() {
                self.members_reaching(u, set, f)
            } else {
                set.position(u).is_ok_and(&mut *f)
            }
        };
        let a = self.shape(atom);
        if !a.is_structured() {
            // Plain names above a plain token, and prefixes that nest them,
            // the other rules find; only structured names are left.
            return self.any_proper_ancestor_of(atom, self.index(atom), &mut |u| {
                self.is_structured_name(u) && reach(u)
            });
        }
        self.index(atom)
            .is_some_and(|i| self.any_named_ancestor(i, &mut reach))
            || self.t.structured_names.iter().any(|&n| {
                let name = &*self.t.names[n as usize];
                name != atom
                    && Structure::implies(self.shape(name), a)
                    && self.any_named_ancestor(n as usize, &mut reach)
            })
    }

    /// Calls `f` with the position of each member that is `token` or
    /// implies it by the structured rules alone.
    fn members_reaching(
        &self,
        token: &str,
        set: &ScopeSet<'_>,
        f: &mut dyn FnMut(usize) -> bool,
    ) -> bool {
        match self.shape(token) {
            Shape::Smart(s) => {
                let sought = Sought::new(s);
                self.smart_members(&s, set, &mut |i, m| sought.implied_by(m) && f(i))
            }
            Shape::Instance(p) => {
                set.position(token).is_ok_and(&mut *f)
                    || self
                        .template_in(p, set)
                        .is_some_and(|t| set.position(t).is_ok_and(&mut *f))
            }
            _ => set.position(token).is_ok_and(f),
        }
    }

    /// Whether `token` is a name that is a structured token.
    fn is_structured_name(&self, token: &str) -> bool {
        self.index(token)
            .is_some_and(|i| self.t.structured_names.binary_search(&(i as u32)).is_ok())
    }

    /// The template of parameter `i`: its name, delimiter and `*`.
    pub(crate) fn template_of(&self, i: usize) -> Option<String> {
        let mut t = String::from(&*self.structure()?.params[i].prefix);
        t.push('*');
        Some(t)
    }

    /// The member of `set` that is the template of parameter `i`.
    fn template_in<'s>(&self, i: usize, set: &'s ScopeSet<'_>) -> Option<&'s str> {
        let prefix = self.structure()?.params[i].prefix.as_bytes();
        let members = set.as_slice();
        let at = lower_bound_parts(members, 0, &[prefix, b"*"]);
        members
            .get(at)
            .filter(|m| cmp_parts(m.as_bytes(), &[prefix, b"*"]) == Ordering::Equal)
            .map(|m| &**m)
    }

    /// Calls `f(index, scope)` with the SMART members of `set` that may
    /// imply `s`: its context, its type or `*`; those with a query only when
    /// `s` has one (a query restricts, so a token with one never implies a
    /// token without). Stops when `f` returns `true`; returns whether it did.
    ///
    /// A small set is read whole. In a large one, each of the two types is a
    /// range found by binary search, walked with jumps: from a member that
    /// cannot imply `s` (a malformed one, or one with a query when `s` has
    /// none) to the next member that starts with a permission spelling
    /// (34 of them, v2 and v1) that could, by another binary search. So
    /// the cost does not grow with the members that cannot imply `s`; when
    /// `s` has a query, the members of its type with a query are read one
    /// by one.
    fn smart_members(
        &self,
        s: &SmartScope<'_>,
        set: &ScopeSet<'_>,
        f: &mut dyn FnMut(usize, &SmartScope<'_>) -> bool,
    ) -> bool {
        let members = set.as_slice();
        let queried = s.query().is_some();
        let wanted = |m: &SmartScope<'_>| m.query().is_none() || queried;
        if members.len() <= FEW_MEMBERS {
            return members
                .iter()
                .enumerate()
                .any(|(i, m)| match self.shape(m) {
                    Shape::Smart(m) => wanted(&m) && f(i, &m),
                    _ => false,
                });
        }
        let ctx = s.context().as_str().as_bytes();
        let types: &[&str] = if s.resource() == "*" {
            &["*"]
        } else {
            &[s.resource(), "*"]
        };
        for ty in types {
            let head: [&[u8]; 4] = [ctx, b"/", ty.as_bytes(), b"."];
            let mut at = lower_bound_parts(members, 0, &head);
            while let Some(m) = members.get(at) {
                if !starts_with_parts(m.as_bytes(), &head) {
                    break;
                }
                let rest = &m.as_bytes()[ctx.len() + ty.len() + 2..];
                match self.shape(m) {
                    Shape::Smart(ms) if wanted(&ms) => {
                        if f(at, &ms) {
                            return true;
                        }
                        at += 1;
                    }
                    // Inside the members with a query of one spelling,
                    // which `s` may need: the next one.
                    _ if queried && in_query_run(rest) => at += 1,
                    _ => {
                        let Some(next) = next_spelling(rest, queried) else {
                            break;
                        };
                        let to: [&[u8]; 6] =
                            [ctx, b"/", ty.as_bytes(), b".", next.0.as_bytes(), next.1];
                        at = lower_bound_parts(members, at + 1, &to);
                    }
                }
            }
        }
        false
    }

    /// What narrowing grants of the requested structured token `r` that the
    /// allowed set does not cover: the maximal meets of `r` with the
    /// allowed tokens. `None` when `r` is plain and no edge names a
    /// structured token (the plain rule applies).
    ///
    /// Beside such edges, a plain `r` is granted every allowed token it
    /// implies, as the plain rule grants; a SMART `r` also the letters of it
    /// that the allowed set covers through the edges.
    pub(crate) fn meets_structured<'a>(
        &self,
        r: &str,
        allowed: &ScopeSet<'a>,
    ) -> Option<Vec<Cow<'a, str>>> {
        let shape = self.shape(r);
        let mut meets: Vec<Cow<'a, str>> = match shape {
            Shape::Plain | Shape::Malformed(..) if !self.has_structured_names() => return None,
            Shape::Plain | Shape::Malformed(..) => {
                return Some(
                    allowed
                        .as_slice()
                        .iter()
                        .filter(|a| self.implies_structured(r, a))
                        .cloned()
                        .collect(),
                );
            }
            Shape::Smart(s) => allowed
                .as_slice()
                .iter()
                .filter_map(|a| match self.shape(a) {
                    Shape::Smart(m) => s.meet(&m).map(|text| {
                        if text == **a {
                            a.clone()
                        } else {
                            Cow::Owned(text)
                        }
                    }),
                    _ => None,
                })
                .collect(),
            Shape::Template(i) => {
                let prefix = &*self.structure()?.params[i].prefix;
                allowed
                    .as_slice()
                    .iter()
                    .filter(|a| {
                        a.starts_with(prefix)
                            && matches!(self.shape(a), Shape::Instance(j) if j == i)
                    })
                    .cloned()
                    .collect()
            }
            Shape::Instance(_) => Vec::new(),
        };
        if self.has_structured_names() {
            meets.extend(
                allowed
                    .as_slice()
                    .iter()
                    .filter(|a| self.implies_structured(r, a))
                    .cloned(),
            );
            // The letters the allowed set covers through the edges.
            if let Shape::Smart(s) = shape {
                let covered = s.bits() & !self.missing_letters(r, allowed, &[]);
                if covered != 0 {
                    meets.push(Cow::Owned(s.restricted(covered)));
                }
            }
        }
        meets.sort_unstable();
        meets.dedup();
        // The maximal ones: a meet implied by another is dropped.
        let kept: Vec<Cow<'a, str>> = meets
            .iter()
            .filter(|x| {
                !meets.iter().any(|y| {
                    y != *x
                        && self.implies_structured(y, x)
                        && (y < *x || !self.implies_structured(x, y))
                })
            })
            .cloned()
            .collect();
        Some(kept)
    }

    /// `required` without the letters some member implies: the token itself
    /// when nothing is covered, the v2 token of the missing letters when
    /// part is, `None` when all is.
    pub(crate) fn uncovered_part<'r>(
        &self,
        required: &Cow<'r, str>,
        set: &ScopeSet<'_>,
        set_patterns: &[usize],
    ) -> Option<Cow<'r, str>> {
        let missing = self.missing_letters(required, set, set_patterns);
        if missing == 0 {
            return None;
        }
        match self.shape(required) {
            Shape::Smart(s) if missing != s.bits() => Some(Cow::Owned(s.restricted(missing))),
            _ => Some(required.clone()),
        }
    }

    /// Normalizing under structured rules: after every member implied by
    /// another is dropped, a SMART member that the remaining members cover
    /// together (letter by letter) is dropped too, last in canonical order
    /// first, so that what stays still covers everything.
    pub(crate) fn drop_jointly_covered<'a>(&self, kept: Vec<Cow<'a, str>>) -> Vec<Cow<'a, str>> {
        let set = ScopeSet::from_sorted(kept);
        let members = set.as_slice();
        let mut dropped = alloc::vec![false; members.len()];
        for x in (0..members.len()).rev() {
            let Shape::Smart(s) = self.shape(&members[x]) else {
                continue;
            };
            if s.bits().count_ones() < 2 {
                continue;
            }
            let counts = |i: usize| i != x && !dropped[i];
            let covered = self.missing_letters_among(&members[x], &set, &[], &counts) == 0;
            dropped[x] = covered;
        }
        set.into_tokens()
            .into_iter()
            .zip(dropped)
            .filter(|(_, d)| !d)
            .map(|(t, _)| t)
            .collect()
    }

    /// Every token that implies the SMART atom `s` with no query of its
    /// own: its type or `*`, any permissions that include its letters, in
    /// v2 and in v1 form. What a compiled check looks up.
    pub(crate) fn queryless_smart_ancestors(s: &SmartScope<'_>) -> Vec<String> {
        let mut out = Vec::new();
        let types: &[&str] = if s.resource() == "*" {
            &["*"]
        } else {
            &[s.resource(), "*"]
        };
        for ty in types {
            let head = alloc::format!("{}/{ty}.", s.context());
            for bits in 1..=ALL {
                if bits & s.bits() == s.bits() {
                    out.push(alloc::format!("{head}{}", letters_str(bits)));
                }
            }
            for (v1, bits) in [("read", 0b1_0010), ("write", 0b0_1101), ("*", ALL)] {
                if bits & s.bits() == s.bits() {
                    out.push(alloc::format!("{head}{v1}"));
                }
            }
        }
        out
    }
}

/// Every permission spelling a clinical scope may have: the 31 v2 letter
/// runs and the three v1 words.
fn spellings() -> impl Iterator<Item = (&'static str, bool)> {
    (1..=ALL).map(|bits| (letters_str(bits), false)).chain([
        ("read", true),
        ("write", true),
        ("*", true),
    ])
}

/// Whether `rest` (a member's text after `type.`) is a v2 spelling
/// followed by `?`: a member with a query, well formed or not.
fn in_query_run(rest: &[u8]) -> bool {
    spellings().any(|(p, v1)| {
        !v1 && rest.len() > p.len() && rest.starts_with(p.as_bytes()) && rest[p.len()] == b'?'
    })
}

/// The least text after `type.` greater than `rest` that a member which
/// may imply the scope sought can start with: a spelling alone, or, when
/// `queried`, a v2 spelling and `?`. `None` when there is none.
fn next_spelling(rest: &[u8], queried: bool) -> Option<(&'static str, &'static [u8])> {
    let plain = spellings().map(|(p, _)| (p, b"".as_slice()));
    let with_query = spellings()
        .filter(move |&(_, v1)| queried && !v1)
        .map(|(p, _)| (p, b"?".as_slice()));
    plain
        .chain(with_query)
        .filter(|(p, q)| cmp_parts(rest, &[p.as_bytes(), q]) == Ordering::Less)
        .min_by(|a, b| {
            let a = a.0.bytes().chain(a.1.iter().copied());
            a.cmp(b.0.bytes().chain(b.1.iter().copied()))
        })
}

/// Each bit of `bits`, lowest first.
pub(crate) fn each_letter(bits: u8) -> impl Iterator<Item = u8> {
    (0..5).map(|i| 1u8 << i).filter(move |b| bits & b != 0)
}

/// The order of `item` against the concatenation of `parts`.
fn cmp_parts(item: &[u8], parts: &[&[u8]]) -> Ordering {
    let mut rest = item;
    for part in parts {
        let n = rest.len().min(part.len());
        match rest[..n].cmp(&part[..n]) {
            Ordering::Equal if n < part.len() => return Ordering::Less,
            Ordering::Equal => rest = &rest[n..],
            other => return other,
        }
    }
    if rest.is_empty() {
        Ordering::Equal
    } else {
        Ordering::Greater
    }
}

fn starts_with_parts(item: &[u8], parts: &[&[u8]]) -> bool {
    let mut rest = item;
    parts.iter().all(|p| match rest.strip_prefix(*p) {
        Some(r) => {
            rest = r;
            true
        }
        None => false,
    })
}

/// The first position at or after `from` whose item is not less than the
/// concatenation of `parts`.
fn lower_bound_parts<T: AsRef<str>>(items: &[T], from: usize, parts: &[&[u8]]) -> usize {
    from + items[from..]
        .partition_point(|m| cmp_parts(m.as_ref().as_bytes(), parts) == Ordering::Less)
}
