//! `Requirement` against a tree model: the text form reads what it writes
//! whatever the tokens (`(`, `)`, `|`, `any(`, quotes), `is_satisfied_by`
//! evaluates the tree, and `required_scope` and `missing` keep their laws.

mod util;

use oauth_scope::{Hierarchy, Requirement, ScopeSet};
use proptest::prelude::*;

/// A requirement as built, before any normalization.
#[derive(Clone, Debug)]
enum Tree {
    Token(&'static str),
    All(Vec<Self>),
    Any(Vec<Self>),
}

const TOKENS: &[&str] = &[
    "a",
    "b",
    "c",
    "(",
    ")",
    "|",
    "()",
    "any(",
    "all(",
    "a,b",
    "x)",
    "(y",
    "read:org",
    "admin:org",
    "repo",
    "repo:status",
    "user",
    "*",
];

impl Tree {
    fn build(&self) -> Requirement {
        match self {
            Self::Token(t) => Requirement::parse(t).unwrap(),
            Self::All(c) => Requirement::all_of(c.iter().map(Self::build)),
            Self::Any(c) => Requirement::any_of(c.iter().map(Self::build)),
        }
    }

    /// The plain reading: all of nothing is satisfied by nothing.
    fn satisfied(&self, granted: &ScopeSet<'_>, h: &Hierarchy) -> bool {
        match self {
            Self::Token(t) => granted.covers(&ScopeSet::parse(t).unwrap(), h),
            Self::All(c) => !c.is_empty() && c.iter().all(|t| t.satisfied(granted, h)),
            Self::Any(c) => c.iter().any(|t| t.satisfied(granted, h)),
        }
    }
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = prop::sample::select(TOKENS).prop_map(Tree::Token);
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Tree::All),
            prop::collection::vec(inner, 0..4).prop_map(Tree::Any),
        ]
    })
}

fn granted() -> impl Strategy<Value = ScopeSet<'static>> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..5).prop_map(|ts| {
        ts.into_iter()
            .map(|t| oauth_scope::ScopeToken::new(t).unwrap())
            .collect::<ScopeSet<'_>>()
            .into_owned()
    })
}

fn hierarchy(github: bool) -> Hierarchy {
    if github {
        Hierarchy::github()
    } else {
        Hierarchy::builder()
            .imply("a", "b")
            .imply("|", "(")
            .wildcard(':')
            .build()
            .unwrap()
    }
}

/// Every kind of rule, so that the compiled check meets each of them.
fn any_hierarchy() -> impl Strategy<Value = Hierarchy> {
    (0..6usize).prop_map(|i| match i {
        0 => Hierarchy::exact(),
        1 => Hierarchy::github(),
        2 => hierarchy(false),
        3 => Hierarchy::builder()
            .nested("", ':')
            .imply("x)", "a")
            .build()
            .unwrap(),
        4 => Hierarchy::builder()
            .imply("repo:*", "audit")
            .nested("", ':')
            .wildcard(':')
            .build()
            .unwrap(),
        _ => Hierarchy::builder()
            .nested("", ':')
            .wildcard(':')
            .build()
            .unwrap(),
    })
}

/// Scope strings: valid ones from the tokens and their extensions, and
/// near-valid ones with one mistake.
fn scope_text() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        prop::sample::select(TOKENS).prop_map(String::from),
        prop::sample::select(TOKENS).prop_map(|t| format!("{t}:x")),
        prop::sample::select(TOKENS).prop_map(|t| format!("{t}:*")),
        Just("*:status".to_string()),
    ];
    (
        prop::collection::vec(word, 0..6),
        prop::sample::select(vec!["", "", "", " ", "\t", "\"", "é", "  "]),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(words, mistake, at)| {
            let mut text = words.join(" ");
            if !mistake.is_empty() {
                let mut i = at.index(text.len() + 1);
                while !text.is_char_boundary(i) {
                    i -= 1;
                }
                text.insert_str(i, mistake);
            }
            text
        })
}

proptest! {
    #![proptest_config(util::proptest_config(concat!(env!("CARGO_MANIFEST_DIR"), "/proptest-regressions/test_compiled.txt"), 512))]

    #[test]
    fn the_compiled_check_answers_as_the_requirement(
        t in tree(),
        h in any_hierarchy(),
        text in scope_text(),
    ) {
        let r = t.build();
        let compiled = r.compile(&h);
        let expected = ScopeSet::parse(&text).map(|g| r.is_satisfied_by(&g, &h));
        prop_assert_eq!(compiled.is_satisfied_by_str(&text), expected, "{:?} under {:?}", text, h);
        if let Ok(g) = ScopeSet::parse(&text) {
            prop_assert_eq!(compiled.is_satisfied_by(&g), r.is_satisfied_by(&g, &h));
            prop_assert_eq!(compiled.required_scope(&g), r.required_scope(&g, &h));
        }
    }
}

proptest! {
    #![proptest_config(util::proptest_config(concat!(env!("CARGO_MANIFEST_DIR"), "/proptest-regressions/test_requirement_props.txt"), 512))]

    #[test]
    fn the_text_form_round_trips(t in tree()) {
        let r = t.build();
        let text = r.to_string();
        prop_assert_eq!(text.parse::<Requirement>(), Ok(r.clone()), "{}", text);
        // serde carries the same text.
        let json = serde_json::to_string(&r).unwrap();
        prop_assert_eq!(serde_json::from_str::<Requirement>(&json).unwrap(), r);
    }

    #[test]
    fn answers_follow_the_tree(t in tree(), g in granted(), github in any::<bool>()) {
        let h = hierarchy(github);
        let r = t.build();
        let satisfied = r.is_satisfied_by(&g, &h);
        prop_assert_eq!(satisfied, t.satisfied(&g, &h));
        let required = r.required_scope(&g, &h);
        let missing = r.missing(&g, &h);
        prop_assert_eq!(&missing, &g.uncovered(&required, &h));
        prop_assert_eq!(r.required_scope(&g, &h), required.clone(), "deterministic");
        if required.is_empty() {
            // Only the requirement with no token names nothing.
            prop_assert!(!t.satisfied(&ScopeSet::parse(&TOKENS.join(" ")).unwrap(), &h));
        } else {
            prop_assert!(r.is_satisfied_by(&required, &h), "{} names {}", r, required);
            prop_assert!(r.is_satisfied_by(&required.union(&g), &h));
            prop_assert_eq!(satisfied, missing.is_empty());
        }
        if satisfied {
            prop_assert!(missing.is_empty());
            prop_assert!(g.covers(&required, &h));
        }
    }
}
