//! SMART v2 clinical scopes against a brute-force model of what they allow.
//!
//! The model gives each token its meaning as a set of concrete accesses:
//! (context, resource type, letter, world), over 3 contexts, 3 named types
//! plus one that no token names (only `*` reaches it), the 5 letters, and the
//! 8 worlds a resource can be in with respect to 3 query pairs (which pairs
//! it satisfies). A query allows the worlds that hold all its pairs. A plain
//! or malformed token is an access of its own.
//!
//! On that universe: `implies(a, b)` is inclusion; a set covers a token when
//! the union of its members' meanings includes the token's; the meet of two
//! tokens is the intersection of their meanings; narrowing grants a covered
//! token as asked, else the maximal non-empty meets with the allowed tokens;
//! and normalizing keeps a subset with the same union in which no member is
//! covered by the others. The crate must agree with the model on `implies`,
//! `covers`, `uncovered`, `narrow`, `normalize` and the compiled check.

use std::collections::BTreeSet;

use oauth_scope::{Hierarchy, Requirement, ScopeSet};
use proptest::prelude::*;

const CONTEXTS: [&str; 3] = ["patient", "user", "system"];
const TYPES: [&str; 3] = ["Observation", "Condition", "Patient"];
const PAIRS: [&str; 3] = ["category=laboratory", "category=vital-signs", "code=1234"];
const LETTERS: &[u8; 5] = b"cruds";
const PLAIN: [&str; 5] = [
    "openid",
    "launch",
    "launch/patient",
    "patient/Observation.",
    "Patient/Observation.rs",
];

/// One bit per access: 3 contexts × 4 types × 5 letters × 8 worlds, then
/// one per plain token.
const CLINICAL_BITS: usize = 3 * 4 * 5 * 8;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Default)]
struct Meaning([u64; 8]);

impl Meaning {
    fn set(&mut self, bit: usize) {
        self.0[bit / 64] |= 1 << (bit % 64);
    }
    fn union(self, o: Self) -> Self {
        Self(std::array::from_fn(|i| self.0[i] | o.0[i]))
    }
    fn inter(self, o: Self) -> Self {
        Self(std::array::from_fn(|i| self.0[i] & o.0[i]))
    }
    fn within(self, o: Self) -> bool {
        self.inter(o) == self
    }
    fn is_empty(self) -> bool {
        self.0.iter().all(|&w| w == 0)
    }
}

/// A clinical token, as generated.
#[derive(Clone, Debug)]
struct Clinical {
    context: usize,
    /// 0..3 a named type, 3 = `*`.
    ty: usize,
    letters: u8,
    /// Written in v1 form (`read`, `write`, `*`) when its letters have one
    /// and it has no query.
    v1: bool,
    /// The pairs of the query, in the order written.
    pairs: Vec<usize>,
}

impl Clinical {
    fn text(&self) -> String {
        let ty = if self.ty == 3 { "*" } else { TYPES[self.ty] };
        let perms: String = match (self.v1, self.letters) {
            (true, 0b1_0010) => "read".into(),
            (true, 0b0_1101) => "write".into(),
            (true, 0b1_1111) => "*".into(),
            _ => (0..5)
                .filter(|i| self.letters & (1 << i) != 0)
                .map(|i| LETTERS[i] as char)
                .collect(),
        };
        let mut t = format!("{}/{ty}.{perms}", CONTEXTS[self.context]);
        for (k, &p) in self.pairs.iter().enumerate() {
            t.push(if k == 0 { '?' } else { '&' });
            t.push_str(PAIRS[p]);
        }
        t
    }
}

/// The meaning of any token of the universe, read back from its text.
fn meaning(token: &str) -> Meaning {
    let mut m = Meaning::default();
    if let Some(i) = PLAIN.iter().position(|&p| p == token) {
        m.set(CLINICAL_BITS + i);
        return m;
    }
    let (ctx, rest) = token.split_once('/').expect("a clinical token");
    let context = CONTEXTS.iter().position(|&c| c == ctx).expect("a context");
    let (ty, rest) = rest.split_once('.').expect("a type");
    let types: Vec<usize> = match TYPES.iter().position(|&t| t == ty) {
        Some(t) => vec![t],
        None => {
            assert_eq!(ty, "*");
            vec![0, 1, 2, 3]
        }
    };
    let (perms, query) = rest.split_once('?').map_or((rest, None), |(p, q)| (p, Some(q)));
    let letters: u8 = match perms {
        "read" => 0b1_0010,
        "write" => 0b0_1101,
        "*" => 0b1_1111,
        _ => perms.bytes().fold(0, |acc, b| {
            acc | 1 << LETTERS.iter().position(|&l| l == b).expect("a letter")
        }),
    };
    let mut need = 0usize;
    for pair in query.into_iter().flat_map(|q| q.split('&')) {
        need |= 1 << PAIRS.iter().position(|&p| p == pair).expect("a pair");
    }
    for t in types {
        for l in 0..5 {
            if letters & (1 << l) == 0 {
                continue;
            }
            for world in 0..8 {
                if world & need == need {
                    m.set(((context * 4 + t) * 5 + l) * 8 + world);
                }
            }
        }
    }
    m
}

fn union_of<'a>(tokens: impl IntoIterator<Item = &'a str>) -> Meaning {
    tokens
        .into_iter()
        .fold(Meaning::default(), |acc, t| acc.union(meaning(t)))
}

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
        1 => proptest::sample::select(PLAIN.to_vec()).prop_map(String::from),
    ]
}

fn tokens(max: usize) -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(token(), 0..=max)
}

fn set(tokens: &[String]) -> ScopeSet<'static> {
    tokens
        .iter()
        .map(|t| oauth_scope::ScopeToken::new(t).expect("a valid token"))
        .collect::<ScopeSet<'_>>()
        .into_owned()
}

/// The letters of `token` (a clinical token of the universe) whose accesses
/// `cover` lacks in part.
fn missing_letters(token: &str, cover: Meaning) -> Vec<u8> {
    let whole = meaning(token);
    (0..5u8)
        .filter(|&l| {
            let letter = letter_part(whole, l);
            !letter.is_empty() && !letter.within(cover)
        })
        .collect()
}

/// The accesses of `m` with letter `l`.
fn letter_part(m: Meaning, l: u8) -> Meaning {
    let mut out = Meaning::default();
    for bit in 0..CLINICAL_BITS {
        if (bit / 8) % 5 == usize::from(l) && m.0[bit / 64] & (1 << (bit % 64)) != 0 {
            out.set(bit);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn implies_is_inclusion(a in token(), b in token()) {
        let h = Hierarchy::smart_on_fhir();
        prop_assert_eq!(h.implies(&a, &b), meaning(&b).within(meaning(&a)), "{} ⇒ {}", a, b);
    }

    #[test]
    fn covers_is_inclusion_in_the_union(granted in tokens(5), required in tokens(3)) {
        let h = Hierarchy::smart_on_fhir();
        let (g, r) = (set(&granted), set(&required));
        let expected = union_of(required.iter().map(String::as_str))
            .within(union_of(granted.iter().map(String::as_str)));
        prop_assert_eq!(g.covers(&r, &h), expected, "{} covers {}", g, r);
        // The compiled check and the requirement agree with it.
        if !r.is_empty() {
            let need = Requirement::all(r.clone());
            prop_assert_eq!(need.is_satisfied_by(&g, &h), expected);
            let check = need.compile(&h);
            prop_assert_eq!(check.is_satisfied_by(&g), expected);
            if !g.is_empty() {
                prop_assert_eq!(check.is_satisfied_by_str(&g.to_string()), Ok(expected));
            }
        }
    }

    #[test]
    fn uncovered_names_the_missing_letters(granted in tokens(5), required in tokens(3)) {
        let h = Hierarchy::smart_on_fhir();
        let (g, r) = (set(&granted), set(&required));
        let cover = union_of(granted.iter().map(String::as_str));
        let mut expected: BTreeSet<Meaning> = BTreeSet::new();
        for t in r.iter().map(|t| t.as_str()) {
            if PLAIN.contains(&t) {
                if !meaning(t).within(cover) {
                    expected.insert(meaning(t));
                }
                continue;
            }
            let missing = missing_letters(t, cover);
            let whole = meaning(t);
            let part = missing
                .iter()
                .fold(Meaning::default(), |acc, &l| acc.union(letter_part(whole, l)));
            if !part.is_empty() {
                expected.insert(part);
            }
        }
        let got: BTreeSet<Meaning> = g.uncovered(&r, &h).iter().map(|t| meaning(t.as_str())).collect();
        prop_assert_eq!(got, expected, "{} uncovered by {}", r, g);
        // Asking for what is missing then covers the requirement.
        let topped = g.union(&g.uncovered(&r, &h));
        prop_assert!(topped.covers(&r, &h));
    }

    #[test]
    fn narrow_grants_exactly_the_maximal_meets(requested in tokens(3), allowed in tokens(5)) {
        let h = Hierarchy::smart_on_fhir();
        let (req, allow) = (set(&requested), set(&allowed));
        let cover = union_of(allow.iter().map(|t| t.as_str()));
        let mut expected: BTreeSet<Meaning> = BTreeSet::new();
        let mut denied: BTreeSet<String> = BTreeSet::new();
        for r in req.iter().map(|t| t.as_str()) {
            let m = meaning(r);
            if m.within(cover) {
                expected.insert(m);
                continue;
            }
            let meets: BTreeSet<Meaning> = allow
                .iter()
                .map(|a| m.inter(meaning(a.as_str())))
                .filter(|x| !x.is_empty())
                .collect();
            let maximal: Vec<Meaning> = meets
                .iter()
                .copied()
                .filter(|x| !meets.iter().any(|y| y != x && x.within(*y)))
                .collect();
            if maximal.is_empty() {
                denied.insert(r.to_owned());
            }
            expected.extend(maximal);
        }
        let grant = req.narrow(&allow, &h);
        let got: BTreeSet<Meaning> = grant.granted().iter().map(|t| meaning(t.as_str())).collect();
        prop_assert_eq!(got, expected, "{} narrowed by {}: {}", req, allow, grant.granted());
        let got_denied: BTreeSet<String> = grant.denied().iter().map(|t| t.as_str().to_owned()).collect();
        prop_assert_eq!(got_denied, denied);
        // Nothing granted that the allowed set does not cover.
        prop_assert!(allow.covers(grant.granted(), &h));
    }

    #[test]
    fn normalize_keeps_a_minimal_equivalent_subset(tokens in tokens(6)) {
        let h = Hierarchy::smart_on_fhir();
        let s = set(&tokens);
        let n = s.normalize(&h);
        prop_assert!(n.is_subset(&s));
        let all = union_of(s.iter().map(|t| t.as_str()));
        prop_assert_eq!(union_of(n.iter().map(|t| t.as_str())), all, "{} normalized to {}", s, n);
        for x in n.iter() {
            let rest = union_of(n.iter().filter(|y| y != &x).map(|y| y.as_str()));
            prop_assert!(!meaning(x.as_str()).within(rest), "{} is covered by the rest of {}", x, n);
        }
        // Normalizing twice changes nothing.
        prop_assert_eq!(n.normalize(&h), n.clone());
    }
}

/// Sets larger than the crate reads one by one (16), so that the range
/// searches through a sorted set are checked too: the padding is tokens of
/// every shape around the ones that matter.
fn padded(core: Vec<String>, padding: Vec<String>) -> Vec<String> {
    core.into_iter().chain(padding).collect()
}

/// Edges from plain or single-letter tokens to any token of the universe.
fn edges() -> impl Strategy<Value = Vec<(String, String)>> {
    let parent = prop_oneof![
        proptest::sample::select(vec!["openid", "launch", "launch/patient"]).prop_map(String::from),
        clinical().prop_map(|mut c| {
            c.letters = 1 << (c.letters % 5);
            c.v1 = false;
            c.text()
        }),
    ];
    let child = prop_oneof![
        proptest::sample::select(vec!["openid", "launch", "launch/patient"]).prop_map(String::from),
        clinical().prop_map(|c| c.text()),
    ];
    proptest::collection::vec((parent, child), 0..4)
}

/// What `token` gives under `edges`: its own accesses, and those of each
/// edge's child whose parent it gives, until nothing changes.
fn meaning_with(token: &str, edges: &[(String, String)]) -> Meaning {
    let mut m = meaning(token);
    loop {
        let before = m;
        for (parent, child) in edges {
            if meaning(parent).within(m) {
                m = m.union(meaning(child));
            }
        }
        if m == before {
            return m;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn large_sets_agree_with_the_model(
        granted in tokens(4),
        padding in proptest::collection::vec(token(), 17..48),
        required in tokens(3),
    ) {
        let h = Hierarchy::smart_on_fhir();
        let granted = padded(granted, padding);
        let (g, r) = (set(&granted), set(&required));
        let cover = union_of(granted.iter().map(String::as_str));
        let expected = union_of(required.iter().map(String::as_str)).within(cover);
        prop_assert_eq!(g.covers(&r, &h), expected, "{} covers {}", g, r);
        prop_assert_eq!(Requirement::all(r.clone()).is_satisfied_by(&g, &h), expected && !r.is_empty());
        let n = g.normalize(&h);
        prop_assert_eq!(union_of(n.iter().map(|t| t.as_str())), cover);
        for x in n.iter() {
            let rest = union_of(n.iter().filter(|y| y != &x).map(|y| y.as_str()));
            prop_assert!(!meaning(x.as_str()).within(rest), "{} is covered by the rest of {}", x, n);
        }
        for t in g.iter() {
            let implied_by_some = g.implier_of(t.as_str(), &h).is_some();
            prop_assert!(implied_by_some);
        }
    }

    #[test]
    fn edges_to_and_from_structured_tokens_agree_with_the_model(
        edges in edges(),
        granted in tokens(4),
        required in tokens(3),
    ) {
        let h = edges
            .iter()
            .fold(Hierarchy::builder().smart(), |b, (p, c)| b.imply(p, c))
            .build()
            .expect("edges between well-formed tokens");
        let (g, r) = (set(&granted), set(&required));
        let cover = g
            .iter()
            .fold(Meaning::default(), |acc, t| acc.union(meaning_with(t.as_str(), &edges)));
        for a in &granted {
            for b in &required {
                prop_assert_eq!(
                    h.implies(a, b),
                    meaning(b).within(meaning_with(a, &edges)),
                    "{} ⇒ {} under {:?}", a, b, edges
                );
            }
        }
        let expected = union_of(r.iter().map(|t| t.as_str())).within(cover);
        prop_assert_eq!(g.covers(&r, &h), expected, "{} covers {} under {:?}", g, r, edges);
        if !r.is_empty() {
            let need = Requirement::all(r.clone());
            prop_assert_eq!(need.compile(&h).is_satisfied_by(&g), expected);
        }
        let topped = g.union(&g.uncovered(&r, &h));
        prop_assert!(topped.covers(&r, &h));
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
    assert!(m("patient/Observation.rs").within(
        m("patient/Observation.r").union(m("patient/*.s"))
    ));
    // `*` reaches a type no token names: three named types do not cover it.
    let named = m("patient/Observation.r")
        .union(m("patient/Condition.r"))
        .union(m("patient/Patient.r"));
    assert!(!m("patient/*.r").within(named));
    assert!(!m("launch/patient").within(m("launch")));
}
