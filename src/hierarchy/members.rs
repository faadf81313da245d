//! The hierarchy's queries about the members of a set: which members imply
//! a token, which members a token implies, which members are patterns.
//! The checks on `ScopeSet` (`checks.rs`), narrowing and the grant build on
//! them.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::{wildcard, Hierarchy};
use crate::order::{self, lower_bound_from};
use crate::set::ScopeSet;

impl Hierarchy {
    /// Calls `f` with each member of `set` that implies `required`, until `f`
    /// returns `true`; returns whether it did.
    pub(crate) fn find_implier(
        &self,
        required: &str,
        set: &ScopeSet<'_>,
        set_patterns: &[usize],
        mut f: impl FnMut(&str) -> bool,
    ) -> bool {
        if self.structure().is_some() {
            return self.find_implier_structured(required, set, set_patterns, &mut f);
        }
        self.find_implier_plain(required, set, set_patterns, f)
    }

    /// [`find_implier`](Self::find_implier) by the rules other than the
    /// structured ones.
    pub(crate) fn find_implier_plain(
        &self,
        required: &str,
        set: &ScopeSet<'_>,
        set_patterns: &[usize],
        mut f: impl FnMut(&str) -> bool,
    ) -> bool {
        if set.contains(required) && f(required) {
            return true;
        }
        let Some(universe) = self.search_for(required) else {
            // Members that the other rules take to `required`, and patterns
            // that include a token those rules take to it.
            let below = order::lower_bound_from(set.as_slice(), 0, required);
            let mut other = |a: &str| a != required && f(a);
            return self.any_member_proper_ancestor(
                required,
                self.index(required),
                set,
                below,
                &mut other,
            ) || set_patterns.iter().any(|&p| {
                let pt: &str = &set.as_slice()[p];
                pt != required && self.includes_an_ancestor(pt, required) && f(pt)
            });
        };
        let anc = universe.ancestors(self, required);
        let mut found: Vec<&str> = anc
            .marked()
            .filter(|&t| t != required && set.contains(t))
            .collect();
        for &p in set_patterns {
            let pt: &str = &set.as_slice()[p];
            if !anc.in_universe(pt) && anc.included_by(pt) {
                found.push(pt);
            }
        }
        found.sort_unstable();
        found.dedup();
        found.into_iter().any(f)
    }

    /// Every token that is not a pattern and implies `required` (itself
    /// included), without repeats: a finite set, since such a token is
    /// `required`, a segment-prefix of it, a named token or a prefix of one.
    /// A pattern implies `required` exactly when it includes one of these
    /// or, beside named patterns, by [`implies`](Self::implies).
    pub(crate) fn plain_ancestors(&self, required: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        match self.search_for(required) {
            // Without a pattern in play, the closure of the other rules.
            None => {
                self.any_ancestor(required, |a| {
                    out.push(a.into());
                    false
                });
            }
            // Else one search: its universe holds every such token.
            Some(universe) => {
                let anc = universe.ancestors(self, required);
                out.extend(
                    anc.marked()
                        .filter(|t| !self.is_wildcard_pattern(t))
                        .map(String::from),
                );
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The positions in `set` of its members that are patterns.
    pub(crate) fn patterns_in(&self, set: &ScopeSet<'_>) -> Vec<usize> {
        if self.t.wildcard.is_none() {
            return Vec::new();
        }
        set.iter()
            .enumerate()
            .filter(|(_, t)| self.is_wildcard_pattern(t.as_str()))
            .map(|(i, _)| i)
            .collect()
    }

    /// Whether no member of `set` has a pattern among its segment-prefixes.
    pub(crate) fn is_plain_set(&self, set: &ScopeSet<'_>) -> bool {
        self.t.wildcard.is_none() || set.iter().all(|t| self.is_plain(t.as_str()))
    }

    /// Whether some member of `set` implies `required`.
    pub(crate) fn is_covered(
        &self,
        required: &str,
        set: &ScopeSet<'_>,
        set_patterns: &[usize],
    ) -> bool {
        if self.structure().is_some() {
            return self.covered_structured(required, set, set_patterns);
        }
        self.find_implier(required, set, set_patterns, |_| true)
    }

    /// The members of `set` that `token` implies (itself included);
    /// `plain_set` is [`is_plain_set`](Self::is_plain_set) of `set`.
    pub(crate) fn implied_members<'a>(
        &self,
        token: &str,
        set: &ScopeSet<'a>,
        plain_set: bool,
    ) -> Vec<Cow<'a, str>> {
        if let Some(universe) = self.t.universe.as_deref() {
            let implied: Option<Vec<Cow<'a, str>>> = if universe.has_patterns() || !plain_set {
                Some(
                    self.candidates_implied_by(token, set)
                        .iter()
                        .filter(|m| self.implies_valid(token, m))
                        .cloned()
                        .collect(),
                )
            } else if self.is_wildcard_pattern(token) {
                // The only pattern in play is `token`: a member is implied
                // when `token` includes one of its ancestors.
                Some(
                    self.candidates_implied_by(token, set)
                        .iter()
                        .filter(|m| self.includes_an_ancestor(token, m))
                        .cloned()
                        .collect(),
                )
            } else {
                None
            };
            if let Some(implied) = implied {
                return implied;
            }
        }
        // Without wildcard steps, what `token` implies is: the names it
        // reaches (itself if it is one, the names it nests, and what those
        // imply), and the nested extensions of it and of them.
        let mut reached: Vec<usize> = Vec::new();
        reached.extend(self.index(token));
        if !self.t.nested.is_empty() {
            let start = lower_bound_from(&self.t.names, 0, token);
            for (k, n) in self.t.names[start..].iter().enumerate() {
                if !n.starts_with(token) {
                    break;
                }
                if self.nests(token, n) {
                    reached.push(start + k);
                }
            }
        }
        let mut roots: Vec<&str> = vec![token];
        for i in reached {
            roots.push(&self.t.names[i]);
            roots.extend(
                self.t
                    .down
                    .get(i)
                    .iter()
                    .map(|&d| &*self.t.names[d as usize]),
            );
        }
        roots.sort_unstable();
        roots.dedup();
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

    /// The members of `set` that `token` may imply: the run of those that
    /// start with its literal part (all of `token`, or the part before its
    /// first `*` segment), or all of them when a name starts with that part
    /// too, or the part is empty.
    ///
    /// Why the run is enough: a chain from `token` cannot start with a
    /// declared edge (it is no name); a nested step from a token leads to a
    /// token that starts with it; a wildcard step from a pattern whose `*`
    /// segments all come after the literal part leads to a token that starts
    /// with the literal part, which has no `*` segment. So every token on
    /// the chain starts with the literal part, and none is a name.
    fn candidates_implied_by<'s, 'a>(
        &self,
        token: &str,
        set: &'s ScopeSet<'a>,
    ) -> &'s [Cow<'a, str>] {
        let members = set.as_slice();
        let literal = match self.t.wildcard {
            Some(w) => {
                let star = wildcard::first_pattern_star(token.as_bytes(), w, &self.t.separators);
                &token[..star.unwrap_or(token.len())]
            }
            None => token,
        };
        let first_name = lower_bound_from(&self.t.names, 0, literal);
        let names_start_with = self
            .t
            .names
            .get(first_name)
            .is_some_and(|n| n.starts_with(literal));
        if literal.is_empty() || names_start_with {
            return members;
        }
        let from = lower_bound_from(members, 0, literal);
        let run = members[from..]
            .iter()
            .take_while(|m| m.starts_with(literal))
            .count();
        &members[from..from + run]
    }

    /// The positions in the sorted `items` of the tokens that `root` implies
    /// by one nested step: one range search.
    fn extensions<'s, T: AsRef<str>>(
        &'s self,
        root: &'s str,
        items: &'s [T],
    ) -> impl Iterator<Item = usize> + 's {
        let start = if self.t.nested.is_empty() {
            items.len()
        } else {
            lower_bound_from(items, 0, root)
        };
        items[start..]
            .iter()
            .take_while(move |t| t.as_ref().starts_with(root))
            .enumerate()
            .filter(move |(_, t)| self.nests(root, t.as_ref()))
            .map(move |(k, _)| start + k)
    }
}
