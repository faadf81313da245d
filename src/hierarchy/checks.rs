//! The checks on a `ScopeSet` that know a hierarchy: `covers`, `uncovered`,
//! `implier_of` and `normalize`. Each walks the sorted set once and asks the
//! hierarchy about each member or required token, without allocating where
//! no wildcard pattern is in play.

use super::Hierarchy;
use crate::order;
use crate::parse;
use crate::set::ScopeSet;
use crate::token::ScopeToken;

impl ScopeSet<'_> {
    /// Whether every `required` token is implied by some member of `self`
    /// (the granted scope) under `hierarchy`. With
    /// [`Hierarchy::exact`] this is [`is_superset`](Self::is_superset).
    ///
    /// # Cost
    ///
    /// Without a pattern in play (see [`Hierarchy`]), a gallop per required
    /// token through `self` and through the named tokens from where the
    /// previous one was found (a merge step when they lie close; the next
    /// two names are tried by equality first), plus
    /// [`implies`](Hierarchy::implies)'s walk over it and a gallop in `self`
    /// per ancestor found, and no allocation. When a granted token is a
    /// pattern, each granted pattern is also tried against each required
    /// token: (granted patterns × required). Under structured rules, see
    /// [`Hierarchy`]'s `# Cost`: a range search per type of each required
    /// clinical scope.
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
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn covers(&self, required: &ScopeSet<'_>, hierarchy: &Hierarchy) -> bool {
        if required.is_subset(self) {
            return true;
        }
        if hierarchy.structure().is_some() {
            return required
                .iter()
                .all(|r| hierarchy.covered_structured(r.as_str(), self, &[]));
        }
        if hierarchy.has_wildcards() {
            let patterns = hierarchy.patterns_in(self);
            return required
                .iter()
                .all(|r| hierarchy.is_covered(r.as_str(), self, &patterns));
        }
        // Both lists are sorted: find each required token in `self` from
        // where the previous one was found.
        let (mut in_set, mut in_names) = (0, 0);
        required.iter().all(|r| {
            let r = r.as_str();
            // `required` is sorted without repeats: the next token lies
            // past this one, so a search for it starts past this one.
            match order::search_from(self.as_slice(), in_set, r) {
                Ok(at) => {
                    in_set = at + 1;
                    return true;
                }
                Err(at) => in_set = at,
            }
            // The member just before `r` in order is the usual parent
            // under a nested rule: a prefix of `r` that nests it.
            if !hierarchy.t.nested.is_empty()
                && in_set
                    .checked_sub(1)
                    .is_some_and(|i| hierarchy.nests(&self.as_slice()[i], r))
            {
                return true;
            }
            // The names are sorted too: a walk through them in order reads
            // memory in order, which a hash index would not. When the
            // required tokens are names, the next one is usually one of the
            // next two, and an equality test rejects a name of another
            // length without reading it.
            let all = &hierarchy.t.names;
            let found = (in_names..all.len().min(in_names + 2))
                .find(|&i| order::eq(&all[i], r))
                .map_or_else(|| order::search_from(all, in_names, r), Ok);
            in_names = found.map_or_else(|at| at, |at| at + 1);
            let named = found.ok();
            // `r` itself is not in `self`: only its proper ancestors count.
            // Under explicit edges alone, those are the names above it.
            if hierarchy.t.nested.is_empty() {
                let mut hint = in_set;
                return named.is_some_and(|i| {
                    hierarchy.any_named_ancestor(i, &mut |a| self.contains_near(&mut hint, a))
                });
            }
            hierarchy.any_member_proper_ancestor(r, named, self, in_set, &mut |_| true)
        })
    }

    /// The `required` tokens that no member of `self` implies: what is
    /// missing, for an `insufficient_scope` answer (RFC 6750 §3.1).
    ///
    /// `required` is a set, so every token of it is needed. A route whose
    /// need has alternatives is a [`Requirement`](crate::Requirement), and
    /// [`Requirement::missing`](crate::Requirement::missing) is this method
    /// applied to the tokens it names for the grant at hand
    /// ([`required_scope`](crate::Requirement::required_scope)).
    ///
    /// # Cost
    ///
    /// One coverage check per required token, as in
    /// [`covers`](Self::covers), plus the result.
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
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn uncovered<'r>(&self, required: &ScopeSet<'r>, hierarchy: &Hierarchy) -> ScopeSet<'r> {
        let patterns = hierarchy.patterns_in(self);
        if hierarchy.structure().is_some() {
            let missing = required
                .as_slice()
                .iter()
                .filter_map(|r| hierarchy.uncovered_part(r, self, &patterns))
                .collect();
            return ScopeSet::from_unsorted(missing);
        }
        let missing = required
            .as_slice()
            .iter()
            .filter(|r| !hierarchy.is_covered(r, self, &patterns))
            .cloned()
            .collect();
        ScopeSet::from_sorted(missing)
    }

    /// The first member, in canonical order, that implies `token` under
    /// `hierarchy`: the member to name when explaining why `token` is
    /// covered ("covered by …"). `None` when no member implies it. A member
    /// equal to `token` implies it, and is the answer only if no other
    /// member that implies `token` sorts before it. A string that is not a
    /// valid scope-token is implied by nothing but itself, which is never a
    /// member, so the answer for it is `None`.
    ///
    /// So `implier_of` finds a member exactly when [`covers`](Self::covers)
    /// holds for the set of `token` alone, except for a SMART clinical scope
    /// that several members cover letter by letter
    /// ([`smart`](crate::HierarchyBuilder::smart)): no one member implies
    /// it, and the answer is `None`; ask for each letter to name them.
    ///
    /// # Cost
    ///
    /// What [`covers`](Self::covers) costs with `token` as the only required
    /// token (with a wildcard rule, that includes one look at each member,
    /// for patterns), plus a binary search in `self` for each member found
    /// that implies `token`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, ScopeSet};
    ///
    /// let github = Hierarchy::github();
    /// let granted = ScopeSet::parse("repo user")?;
    /// assert_eq!(granted.implier_of("repo:status", &github).unwrap(), "repo");
    /// assert_eq!(granted.implier_of("user:email", &github).unwrap(), "user");
    /// assert_eq!(granted.implier_of("user", &github).unwrap(), "user");
    /// assert_eq!(granted.implier_of("workflow", &github), None);
    ///
    /// // Of two members that imply the token, the first in canonical order.
    /// let h = Hierarchy::builder().imply("admin", "read").build()?;
    /// let set = ScopeSet::parse("read admin")?;
    /// assert_eq!(set.implier_of("read", &h).unwrap(), "admin");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn implier_of(&self, token: &str, hierarchy: &Hierarchy) -> Option<ScopeToken<'_>> {
        if !parse::is_valid_token(token) {
            return None;
        }
        let members = self.as_slice();
        let patterns = hierarchy.patterns_in(self);
        // `find_implier` does not always go in canonical order: keep the
        // least member found, and stop early only at the very first member.
        let mut first: Option<&str> = None;
        hierarchy.find_implier(token, self, &patterns, |found| {
            let Some(member) = self.get(found) else {
                return false;
            };
            let member: &str = member;
            if first.is_none_or(|f| member < f) {
                first = Some(member);
            }
            members.first().is_some_and(|m| **m == *member)
        });
        first.map(ScopeToken::new_unchecked)
    }

    /// The smallest equivalent set: every member implied by another member
    /// is dropped (of equivalent members, the first in canonical order stays).
    /// GitHub does this to requested scopes: `user gist user:email` becomes
    /// `gist user`.
    ///
    /// # Cost
    ///
    /// One search for the members that imply each member, as in
    /// [`covers`](Self::covers): O(n log n) in the set times the size of the
    /// rules, and (patterns × members) when members are patterns. Under
    /// structured rules, a SMART member with several letters is also
    /// checked against the others letter by letter (one range search per
    /// type), and a member with a query against the members of its type
    /// with a query.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, ScopeSet};
    ///
    /// let asked = ScopeSet::parse("user gist user:email")?;
    /// assert_eq!(asked.normalize(&Hierarchy::github()).to_string(), "gist user");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    #[must_use]
    pub fn normalize(&self, hierarchy: &Hierarchy) -> Self {
        let patterns = hierarchy.patterns_in(self);
        let kept = self
            .as_slice()
            .iter()
            .filter(|x| {
                let x: &str = x;
                // Dropped when a strictly stronger member exists, or an
                // equivalent one that sorts first.
                !hierarchy.find_implier(x, self, &patterns, |y| {
                    y != x && (y < x || !hierarchy.implies_valid(x, y))
                })
            })
            .cloned()
            .collect();
        if hierarchy.structure().is_some() {
            return ScopeSet::from_sorted(hierarchy.drop_jointly_covered(kept));
        }
        ScopeSet::from_sorted(kept)
    }
}
