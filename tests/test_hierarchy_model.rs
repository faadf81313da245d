//! `Hierarchy::implies` against a brute-force model: the closure of every
//! rule, computed by search over all tokens of up to three characters from a
//! small alphabet. Every chain the crate uses stays inside that universe (named
//! tokens, their prefixes, the required token and its prefixes), so on it the
//! two must agree exactly.

mod util;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use oauth_scope::Hierarchy;
use proptest::prelude::*;

const ALPHABET: &[u8] = b"ab*:.";
const SEPARATORS: [char; 2] = [':', '.'];

/// All tokens of one to `max` characters over `ALPHABET`.
fn tokens_up_to(max: usize) -> Vec<String> {
    let mut all: Vec<String> = vec![String::new()];
    let mut out = Vec::new();
    for _ in 0..max {
        all = all
            .iter()
            .flat_map(|p| ALPHABET.iter().map(move |&c| format!("{p}{}", c as char)))
            .collect();
        out.extend(all.iter().cloned());
    }
    out
}

fn universe() -> &'static [String] {
    static U: OnceLock<Vec<String>> = OnceLock::new();
    U.get_or_init(|| tokens_up_to(3))
}

fn is_pattern(t: &str, sep: char) -> bool {
    t.split(sep).any(|s| s == "*")
}

/// Whether pattern `p` matches the concrete token `t`, by recursion over
/// segments (a plain reading of the rules, independent of the crate's).
fn matches(p: &str, t: &str, sep: char) -> bool {
    fn go(ps: &[&str], ts: &[&str]) -> bool {
        match (ps.split_first(), ts.split_first()) {
            (None, None) => true,
            (Some((&"*", [])), _) => !ts.is_empty() && ts.iter().all(|s| !s.is_empty()),
            (Some((&"*", prest)), Some((t, trest))) => !t.is_empty() && go(prest, trest),
            (Some((p, prest)), Some((t, trest))) => p == t && go(prest, trest),
            _ => false,
        }
    }
    if p == "*" {
        return true;
    }
    let ps: Vec<&str> = p.split(sep).collect();
    let ts: Vec<&str> = t.split(sep).collect();
    go(&ps, &ts)
}

/// Concrete witnesses for pattern inclusion: tokens of up to five characters
/// with no `*` segment.
fn witnesses(sep: char) -> &'static [String] {
    static W: OnceLock<BTreeMap<char, Vec<String>>> = OnceLock::new();
    &W.get_or_init(|| {
        let all = tokens_up_to(5);
        SEPARATORS
            .iter()
            .map(|&s| {
                (
                    s,
                    all.iter().filter(|t| !is_pattern(t, s)).cloned().collect(),
                )
            })
            .collect()
    })[&sep]
}

/// One wildcard step: `p` is a pattern and matches `u`, or includes the
/// pattern `u` (every witness `u` matches, `p` matches).
fn wildcard_step(p: &str, u: &str, sep: char) -> bool {
    if p == u || !is_pattern(p, sep) {
        return false;
    }
    if !is_pattern(u, sep) {
        return matches(p, u, sep);
    }
    witnesses(sep)
        .iter()
        .filter(|w| matches(u, w, sep))
        .all(|w| matches(p, w, sep))
}

fn wildcard_steps(sep: char) -> &'static BTreeSet<(usize, usize)> {
    static S: OnceLock<BTreeMap<char, BTreeSet<(usize, usize)>>> = OnceLock::new();
    &S.get_or_init(|| {
        let u = universe();
        SEPARATORS
            .iter()
            .map(|&s| {
                let mut steps = BTreeSet::new();
                for (i, p) in u.iter().enumerate() {
                    for (j, t) in u.iter().enumerate() {
                        if wildcard_step(p, t, s) {
                            steps.insert((i, j));
                        }
                    }
                }
                (s, steps)
            })
            .collect()
    })[&sep]
}

fn nested_step(t: &str, u: &str, ns: &str, sep: char) -> bool {
    t.len() > ns.len()
        && t.starts_with(ns)
        && u.len() > t.len() + 1
        && u.starts_with(t)
        && u[t.len()..].starts_with(sep)
}

#[derive(Clone, Debug)]
struct Rules {
    edges: Vec<(usize, usize)>,
    nested: Vec<(&'static str, char)>,
    wildcards: Vec<char>,
}

impl Rules {
    fn hierarchy(&self) -> Hierarchy {
        let u = universe();
        let mut b = Hierarchy::builder();
        for &(a, c) in &self.edges {
            b = b.imply(&u[a], &u[c]);
        }
        for &(ns, sep) in &self.nested {
            b = b.nested(ns, sep);
        }
        for &sep in &self.wildcards {
            b = b.wildcard(sep);
        }
        b.build().unwrap()
    }

    /// Whether `build` must refuse these rules: nesting at `*`, or inside a
    /// namespace with a `*` segment, beside a wildcard rule.
    fn refused(&self) -> bool {
        self.wildcards.first().is_some_and(|&w| {
            self.nested
                .iter()
                .any(|&(ns, sep)| sep == '*' || format!("{ns}{w}").split(w).any(|s| s == "*"))
        })
    }

    /// The model: reachability over the universe, one rule per step.
    fn closure(&self) -> Vec<BTreeSet<usize>> {
        let u = universe();
        let mut adj: Vec<Vec<usize>> = vec![Vec::new(); u.len()];
        for &(a, c) in &self.edges {
            adj[a].push(c);
        }
        for (i, t) in u.iter().enumerate() {
            for (j, v) in u.iter().enumerate() {
                if self
                    .nested
                    .iter()
                    .any(|&(ns, sep)| nested_step(t, v, ns, sep))
                {
                    adj[i].push(j);
                }
            }
        }
        for &sep in &self.wildcards {
            for &(i, j) in wildcard_steps(sep) {
                adj[i].push(j);
            }
        }
        (0..u.len())
            .map(|s| {
                let mut seen = BTreeSet::from([s]);
                let mut stack = vec![s];
                while let Some(x) = stack.pop() {
                    for &y in &adj[x] {
                        if seen.insert(y) {
                            stack.push(y);
                        }
                    }
                }
                seen
            })
            .collect()
    }
}

fn rules() -> impl Strategy<Value = Rules> {
    let n = universe().len();
    (
        proptest::collection::vec((0..n, 0..n), 0..6),
        proptest::collection::vec(
            (
                prop::sample::select(vec!["", "a", "a:", "b.", "*", "a*", "a:*", "*b"]),
                prop::sample::select(vec![':', '.', '*']),
            ),
            0..3,
        ),
        proptest::collection::vec(prop::sample::select(SEPARATORS.to_vec()), 0..2),
    )
        .prop_map(|(edges, nested, wildcards)| Rules {
            edges,
            nested,
            wildcards,
        })
}

fn assert_agrees(rules: &Rules) {
    let u = universe();
    if rules.refused() {
        let conflicting = rules.wildcards.iter().any(|&w| w != rules.wildcards[0]);
        let mut b = Hierarchy::builder();
        for &(ns, sep) in &rules.nested {
            b = b.nested(ns, sep);
        }
        for &sep in &rules.wildcards {
            b = b.wildcard(sep);
        }
        let err = b
            .build()
            .expect_err("nesting at '*' beside wildcards is refused");
        if !conflicting {
            assert!(
                matches!(err.kind(), oauth_scope::BuildErrorKind::NestedWildcard(_)),
                "{err:?} for {rules:?}"
            );
        }
        return;
    }
    if rules.wildcards.iter().any(|&w| w != rules.wildcards[0]) {
        return;
    }
    let h = rules.hierarchy();
    let model = rules.closure();
    for (g, reach) in model.iter().enumerate() {
        for (r, rt) in u.iter().enumerate() {
            assert_eq!(
                h.implies(&u[g], rt),
                reach.contains(&r),
                "implies({:?}, {:?}) under {rules:?}",
                u[g],
                rt
            );
        }
    }
}

proptest! {
    #![proptest_config(util::proptest_config(concat!(env!("CARGO_MANIFEST_DIR"), "/proptest-regressions/test_hierarchy_model.txt"), 40))]

    #[test]
    fn implies_equals_the_model(rules in rules()) {
        assert_agrees(&rules);
    }
}

#[test]
fn mixed_rules_chain_through_unnamed_prefixes() {
    // `*:a` ⇒ `b:a` (wildcard) ⇒ `b:a:b` (nested): the middle token is named nowhere.
    let rules = Rules {
        edges: vec![],
        nested: vec![("", ':')],
        wildcards: vec![':'],
    };
    assert_agrees(&rules);
    let h = rules.hierarchy();
    assert!(h.implies("*:read", "x:read:y"));
    assert!(!h.implies("*:read", "x:y:read"));
}

#[test]
fn wildcard_then_nested_then_edge() {
    // `*:c` ⇒ `a:c` ⇒ `a:c.d` ⇒ `z`, with `a:c` a prefix of a named token.
    let h = Hierarchy::builder()
        .imply("a:c.d", "z")
        .nested("", '.')
        .wildcard(':')
        .build()
        .unwrap();
    assert!(h.implies("*:c", "z"));
    assert!(!h.implies("*:d", "z"));
}
