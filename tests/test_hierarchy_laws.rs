//! Laws of the hierarchy-aware operations, on random hierarchies and sets.
//! That `implies` is the reflexive–transitive closure of the rules is
//! `tests/test_hierarchy_model.rs`, against a model; these are the laws of
//! what is built on it.

mod util;

use oauth_scope::{Hierarchy, ScopeSet, ScopeToken};
use proptest::prelude::*;

/// Tokens from a small alphabet so that rules and sets overlap often.
fn token() -> impl Strategy<Value = String> {
    "[ab*][ab*:.]{0,3}"
}

fn set_of(tokens: &[String]) -> ScopeSet<'_> {
    tokens.iter().map(|t| ScopeToken::new(t).unwrap()).collect()
}

fn hierarchy() -> impl Strategy<Value = Hierarchy> {
    (
        proptest::collection::vec((token(), token()), 0..6),
        proptest::option::of(prop::sample::select(vec!["", "a", "a:"])),
        any::<bool>(),
    )
        .prop_map(|(edges, nested, wildcard)| {
            let mut b = Hierarchy::builder();
            for (p, c) in &edges {
                b = b.imply(p, c);
            }
            if let Some(ns) = nested {
                b = b.nested(ns, '.');
            }
            if wildcard {
                b = b.wildcard(':');
            }
            b.build().unwrap()
        })
}

fn tokens() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(token(), 0..6)
}

proptest! {
    #![proptest_config(util::proptest_config(concat!(env!("CARGO_MANIFEST_DIR"), "/proptest-regressions/test_hierarchy_laws.txt"), 256))]

    #[test]
    fn covers_agrees_with_implies_and_is_monotone(
        h in hierarchy(), g in tokens(), extra in tokens(), r in tokens(),
    ) {
        let (granted, required) = (set_of(&g), set_of(&r));
        let expected = required.iter().all(|r| granted.iter().any(|g| h.implies(g.as_str(), r.as_str())));
        prop_assert_eq!(granted.covers(&required, &h), expected);
        let uncovered: Vec<&str> = required
            .iter()
            .filter(|r| !granted.iter().any(|g| h.implies(g.as_str(), r.as_str())))
            .map(|t| t.as_str())
            .collect();
        let got = granted.uncovered(&required, &h);
        prop_assert_eq!(got.iter().map(|t| t.as_str()).collect::<Vec<_>>(), uncovered);
        let mut more = granted.clone();
        more.extend(extra.iter().map(|t| ScopeToken::new(t).unwrap()));
        if granted.covers(&required, &h) {
            prop_assert!(more.covers(&required, &h));
        }
    }

    #[test]
    fn implier_of_is_the_first_member_that_implies(h in hierarchy(), t in tokens(), r in tokens()) {
        let set = set_of(&t);
        // The set's own members, then tokens it may or may not cover.
        for token in t.iter().chain(&r) {
            let expected = set.iter().find(|m| h.implies(m.as_str(), token));
            prop_assert_eq!(set.implier_of(token, &h), expected, "{} in {}", token, set);
        }
    }

    #[test]
    fn normalize_keeps_coverage_and_is_minimal(h in hierarchy(), t in tokens()) {
        let x = set_of(&t);
        let n = x.normalize(&h);
        prop_assert!(n.is_subset(&x));
        prop_assert!(n.covers(&x, &h));
        prop_assert!(x.covers(&n, &h));
        for a in &n {
            for b in &n {
                prop_assert!(a == b || !h.implies(a.as_str(), b.as_str()), "{a} => {b} in {n}");
            }
        }
        prop_assert_eq!(n.normalize(&h), n.clone());
    }

    #[test]
    fn narrow_grants_only_what_is_allowed_and_asked(h in hierarchy(), r in tokens(), a in tokens()) {
        let (requested, allowed) = (set_of(&r), set_of(&a));
        let grant = requested.narrow(&allowed, &h);
        prop_assert!(allowed.covers(grant.granted(), &h));
        prop_assert!(requested.covers(grant.granted(), &h));
        prop_assert!(grant.denied().is_subset(&requested));
        // A denied token is one no allowed token implies and that implies no
        // allowed token. It may still imply a granted token that was requested
        // on its own (request `d c`, allow `x`, with `x ⇒ c` and `d ⇒ c`).
        for d in grant.denied() {
            let d = d.as_str();
            prop_assert!(!allowed.iter().any(|x| h.implies(x.as_str(), d) || h.implies(d, x.as_str())));
        }
        // The grant, token by token, as `ScopeSet::narrow` documents it.
        let mut expected = std::collections::BTreeSet::new();
        let mut expected_denied = std::collections::BTreeSet::new();
        for q in &requested {
            let q = q.as_str();
            if allowed.iter().any(|a| h.implies(a.as_str(), q)) {
                expected.insert(q);
                continue;
            }
            let narrower: Vec<&str> = allowed.iter().map(|a| a.as_str()).filter(|a| h.implies(q, a)).collect();
            if narrower.is_empty() {
                expected_denied.insert(q);
            }
            expected.extend(narrower);
        }
        let granted: std::collections::BTreeSet<&str> = grant.granted().iter().map(|t| t.as_str()).collect();
        prop_assert_eq!(granted, expected);
        let denied: std::collections::BTreeSet<&str> = grant.denied().iter().map(|t| t.as_str()).collect();
        prop_assert_eq!(denied, expected_denied);
        prop_assert_eq!(grant.is_narrowed(), grant.granted() != &requested);
    }

    #[test]
    fn refresh_never_widens(h in hierarchy(), o in tokens(), r in tokens()) {
        let (original, requested) = (set_of(&o), set_of(&r));
        match original.refresh(Some(&requested), &h) {
            Ok(scope) => {
                prop_assert!(original.covers(&scope, &h));
                if !requested.is_empty() {
                    prop_assert_eq!(scope, requested);
                }
            }
            Err(err) => {
                prop_assert_eq!(err.error_code(), "invalid_scope");
                prop_assert!(!err.scope().is_empty());
                prop_assert!(!original.covers(&requested, &h));
                prop_assert_eq!(err.scope(), &original.uncovered(&requested, &h).into_owned());
            }
        }
    }
}

/// A request, an allow-list built from extensions of the requested tokens,
/// and edges from those extensions: the cases where narrowing must look past
/// the requested token itself.
fn narrowing_case() -> impl Strategy<Value = (Hierarchy, Vec<String>, Vec<String>)> {
    (
        proptest::collection::vec(token(), 1..5),
        proptest::collection::vec(("[ab]{1,2}", token(), any::<bool>()), 1..6),
        prop::sample::select(vec!["", "a", "b"]),
    )
        .prop_map(|(requested, picks, namespace)| {
            let mut builder = Hierarchy::builder().nested(namespace, '.');
            let mut allowed = Vec::new();
            for (i, (suffix, target, via_edge)) in picks.into_iter().enumerate() {
                let extension = format!("{}.{suffix}", requested[i % requested.len()]);
                if via_edge {
                    builder = builder.imply(&extension, &target);
                    allowed.push(target);
                } else {
                    allowed.push(extension);
                }
            }
            (builder.build().unwrap(), requested, allowed)
        })
}

proptest! {
    #![proptest_config(util::proptest_config(concat!(env!("CARGO_MANIFEST_DIR"), "/proptest-regressions/test_hierarchy_laws.txt"), 256))]

    #[test]
    fn narrow_reaches_nested_and_named_descendants((h, r, a) in narrowing_case()) {
        let (requested, allowed) = (set_of(&r), set_of(&a));
        let grant = requested.narrow(&allowed, &h);
        for q in requested.iter().map(|q| q.as_str()) {
            if !allowed.iter().any(|x| h.implies(x.as_str(), q)) {
                for x in allowed.iter().map(|x| x.as_str()).filter(|x| h.implies(q, x)) {
                    prop_assert!(grant.granted().contains(x), "{q} implies {x}, allowed, not granted");
                }
            }
        }
    }
}
