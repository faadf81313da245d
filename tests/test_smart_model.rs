//! SMART v2 clinical scopes against a brute-force model of what they allow
//! (`util/smart_model.rs`): `implies`, `covers`, `uncovered`, `narrow`
//! (exactly the maximal meets), `normalize` and the compiled check, on
//! small sets, on sets large enough for the crate's range searches, and
//! beside explicit edges to and from structured tokens.

#[path = "util/smart_model.rs"]
mod model;

use model::{meaning, Clinical, PLAIN};
use oauth_scope::Hierarchy;
use proptest::prelude::*;

fn clinical() -> impl Strategy<Value = Clinical> {
    (
        0..3usize,
        0..4usize,
        1..32u8,
        any::<bool>(),
        proptest::sample::subsequence(vec![0usize, 1, 2], 0..=3),
        any::<bool>(),
    )
        .prop_map(|(context, ty, letters, v1, mut pairs, reverse)| {
            if reverse {
                pairs.reverse();
            }
            let v1 = v1 && pairs.is_empty() && matches!(letters, 0b1_0010 | 0b0_1101 | 0b1_1111);
            Clinical {
                context,
                ty,
                letters,
                v1,
                pairs,
            }
        })
}

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => clinical().prop_map(|c| c.text()),
        2 => proptest::sample::select(PLAIN.to_vec()).prop_map(String::from),
    ]
}

fn tokens(max: usize) -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(token(), 0..=max)
}

/// More tokens than the crate reads one by one (16), so that its range
/// searches through a sorted set are checked too.
fn many_tokens() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(token(), 17..48)
}

/// Edges from plain or single-letter tokens to any well-formed token.
fn edges() -> impl Strategy<Value = Vec<(String, String)>> {
    let plain = || {
        proptest::sample::select(vec!["openid", "launch", "launch/patient"]).prop_map(String::from)
    };
    let parent = prop_oneof![
        plain(),
        clinical().prop_map(|mut c| {
            c.letters = 1 << (c.letters % 5);
            c.v1 = false;
            c.text()
        }),
    ];
    let child = prop_oneof![plain(), clinical().prop_map(|c| c.text())];
    proptest::collection::vec((parent, child), 0..4)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn implies_is_inclusion(a in token(), b in token()) {
        let h = Hierarchy::smart_on_fhir();
        prop_assert_eq!(h.implies(&a, &b), meaning(&b).within(meaning(&a)), "{} ⇒ {}", a, b);
    }

    #[test]
    fn covers_and_uncovered_agree_with_the_model(granted in tokens(5), required in tokens(3)) {
        model::check_covers(&granted, &required);
    }

    #[test]
    fn narrow_grants_exactly_the_maximal_meets(requested in tokens(3), allowed in tokens(5)) {
        model::check_narrow(&requested, &allowed);
    }

    #[test]
    fn normalize_keeps_a_minimal_equivalent_subset(tokens in tokens(6)) {
        model::check_normalize(&tokens);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn large_sets_agree_with_the_model(granted in many_tokens(), required in tokens(3)) {
        model::check_covers(&granted, &required);
        model::check_normalize(&granted);
        model::check_narrow(&required, &granted);
    }

    #[test]
    fn edges_to_and_from_structured_tokens_agree_with_the_model(
        edges in edges(),
        granted in tokens(4),
        required in tokens(3),
    ) {
        model::check_edges(&edges, &granted, &required);
    }
}

/// The model itself: a few meanings checked by hand, so that a model that
/// agreed with a wrong crate by being wrong the same way would show here.
#[test]
fn the_model_reads_tokens_as_the_spec_says() {
    let m = meaning;
    assert!(m("patient/Observation.rs").within(m("patient/*.cruds")));
    assert!(m("patient/Observation.rs?code=1234").within(m("patient/Observation.rs")));
    assert!(!m("patient/Observation.rs").within(m("patient/Observation.rs?code=1234")));
    assert_eq!(m("user/*.read"), m("user/*.rs"));
    assert!(!m("patient/Observation.r").within(m("user/*.cruds")));
    assert!(m("patient/Observation.rs").within(m("patient/Observation.r").union(m("patient/*.s"))));
    // `*` reaches a type no token names: three named types do not cover it.
    let named = m("patient/Observation.r")
        .union(m("patient/Condition.r"))
        .union(m("patient/Patient.r"));
    assert!(!m("patient/*.r").within(named));
    assert!(!m("launch/patient").within(m("launch")));
}
