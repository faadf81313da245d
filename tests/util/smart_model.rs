//! A brute-force model of SMART v2 clinical scopes: each token read as the
//! set of concrete accesses it allows, over a universe small enough to
//! enumerate, and the laws the crate must keep against it. Shared by
//! `tests/test_smart_model.rs` (property tests) and the `smart` fuzz
//! target, which replays its corpus under `cargo test` too.
//!
//! The universe: 3 contexts, 3 named types plus one that no token names
//! (only `*` reaches it), the 5 letters, and the 8 worlds a resource can be
//! in with respect to 3 query pairs (which pairs it satisfies). A query
//! allows the worlds that hold all its pairs. A plain or malformed token is
//! an access of its own. `implies(a, b)` is inclusion; a set covers a token
//! when the union of its members' meanings includes the token's; the meet of
//! two tokens is the intersection of their meanings.

#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeSet;

use oauth_scope::{Hierarchy, Requirement, ScopeSet, ScopeToken};

pub const CONTEXTS: [&str; 3] = ["patient", "user", "system"];
pub const TYPES: [&str; 3] = ["Observation", "Condition", "Patient"];
pub const PAIRS: [&str; 3] = ["category=laboratory", "category=vital-signs", "code=1234"];
pub const LETTERS: &[u8; 5] = b"cruds";
pub const PLAIN: [&str; 11] = [
    "openid",
    "launch",
    "launch/patient",
    "patient/Observation.",
    "Patient/Observation.rs",
    // Malformed clinical-looking tokens, which sort among the clinical ones
    // of their type: plain, each an access of its own.
    "patient/*.x0",
    "patient/Observation.read?code=1234",
    "patient/Observation.rs?bad",
    "patient/Observation.rs.x",
    "user/Condition.sr",
    "system/*.rs?category=",
];

/// One bit per access: 3 contexts × 4 types × 5 letters × 8 worlds, then
/// one per plain token.
pub const CLINICAL_BITS: usize = 3 * 4 * 5 * 8;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Default)]
pub struct Meaning([u64; 8]);

impl Meaning {
    pub fn set(&mut self, bit: usize) {
        self.0[bit / 64] |= 1 << (bit % 64);
    }
    pub fn union(self, o: Self) -> Self {
        Self(std::array::from_fn(|i| self.0[i] | o.0[i]))
    }
    pub fn inter(self, o: Self) -> Self {
        Self(std::array::from_fn(|i| self.0[i] & o.0[i]))
    }
    pub fn within(self, o: Self) -> bool {
        self.inter(o) == self
    }
    pub fn is_empty(self) -> bool {
        self.0.iter().all(|&w| w == 0)
    }
}

/// A clinical token, as generated.
#[derive(Clone, Debug)]
pub struct Clinical {
    pub context: usize,
    /// 0..3 a named type, 3 = `*`.
    pub ty: usize,
    pub letters: u8,
    /// Written in v1 form (`read`, `write`, `*`) when its letters have one
    /// and it has no query.
    pub v1: bool,
    /// The pairs of the query, in the order written.
    pub pairs: Vec<usize>,
}

impl Clinical {
    pub fn text(&self) -> String {
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
pub fn meaning(token: &str) -> Meaning {
    let mut m = Meaning::default();
    if let Some(i) = PLAIN.iter().position(|&p| p == token) {
        m.set(CLINICAL_BITS + i);
        return m;
    }
    let (ctx, rest) = token.split_once('/').expect("a clinical token");
    let context = CONTEXTS.iter().position(|&c| c == ctx).expect("a context");
    let (ty, rest) = rest.split_once('.').expect("a type");
    let types: Vec<usize> = if let Some(t) = TYPES.iter().position(|&t| t == ty) {
        vec![t]
    } else {
        assert_eq!(ty, "*");
        vec![0, 1, 2, 3]
    };
    let (perms, query) = rest
        .split_once('?')
        .map_or((rest, None), |(p, q)| (p, Some(q)));
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

pub fn union_of<'a>(tokens: impl IntoIterator<Item = &'a str>) -> Meaning {
    tokens
        .into_iter()
        .fold(Meaning::default(), |acc, t| acc.union(meaning(t)))
}

/// The letters of `token` (a clinical token of the universe) whose accesses
/// `cover` lacks in part.
pub fn missing_letters(token: &str, cover: Meaning) -> Vec<u8> {
    let whole = meaning(token);
    (0..5u8)
        .filter(|&l| {
            let letter = letter_part(whole, l);
            !letter.is_empty() && !letter.within(cover)
        })
        .collect()
}

/// The accesses of `m` with letter `l`.
pub fn letter_part(m: Meaning, l: u8) -> Meaning {
    let mut out = Meaning::default();
    for bit in 0..CLINICAL_BITS {
        if (bit / 8) % 5 == usize::from(l) && m.0[bit / 64] & (1 << (bit % 64)) != 0 {
            out.set(bit);
        }
    }
    out
}

/// What `token` gives under `edges`: its own accesses, and those of each
/// edge's child whose parent it gives, until nothing changes.
pub fn meaning_with(token: &str, edges: &[(String, String)]) -> Meaning {
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

/// The set of `tokens` (each a valid scope-token).
pub fn set(tokens: &[String]) -> ScopeSet<'static> {
    tokens
        .iter()
        .map(|t| ScopeToken::new(t).expect("a valid token"))
        .collect::<ScopeSet<'_>>()
        .into_owned()
}

/// `covers`, the requirement and the compiled check agree with inclusion
/// in the union; `uncovered` names exactly the missing letters, and asking
/// for them covers the rest.
pub fn check_covers(granted: &[String], required: &[String]) {
    let h = Hierarchy::smart_on_fhir();
    let (g, r) = (set(granted), set(required));
    let cover = union_of(g.iter().map(|t| t.as_str()));
    let expected = union_of(r.iter().map(|t| t.as_str())).within(cover);
    assert_eq!(g.covers(&r, &h), expected, "{g} covers {r}");
    if !r.is_empty() {
        let need = Requirement::all(r.clone());
        assert_eq!(
            need.is_satisfied_by(&g, &h),
            expected,
            "{g} satisfies {need}"
        );
        let check = need.compile(&h);
        assert_eq!(
            check.is_satisfied_by(&g),
            expected,
            "{g} satisfies {need}, compiled"
        );
        if !g.is_empty() {
            assert_eq!(check.is_satisfied_by_str(&g.to_string()), Ok(expected));
        }
    }
    let mut missing: BTreeSet<Meaning> = BTreeSet::new();
    for t in r.iter().map(|t| t.as_str()) {
        if PLAIN.contains(&t) {
            if !meaning(t).within(cover) {
                missing.insert(meaning(t));
            }
            continue;
        }
        let whole = meaning(t);
        let part = missing_letters(t, cover)
            .iter()
            .fold(Meaning::default(), |acc, &l| {
                acc.union(letter_part(whole, l))
            });
        if !part.is_empty() {
            missing.insert(part);
        }
    }
    let uncovered = g.uncovered(&r, &h);
    let got: BTreeSet<Meaning> = uncovered.iter().map(|t| meaning(t.as_str())).collect();
    assert_eq!(got, missing, "{r} uncovered by {g}: {uncovered}");
    assert!(g.union(&uncovered).covers(&r, &h));
}

/// Narrowing grants a covered token as asked, else exactly the maximal
/// non-empty meets with the allowed tokens, and denies a token with none.
pub fn check_narrow(requested: &[String], allowed: &[String]) {
    let h = Hierarchy::smart_on_fhir();
    let (req, allow) = (set(requested), set(allowed));
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
    let got: BTreeSet<Meaning> = grant
        .granted()
        .iter()
        .map(|t| meaning(t.as_str()))
        .collect();
    assert_eq!(
        got,
        expected,
        "{req} narrowed by {allow}: {}",
        grant.granted()
    );
    let got_denied: BTreeSet<String> = grant
        .denied()
        .iter()
        .map(|t| t.as_str().to_owned())
        .collect();
    assert_eq!(got_denied, denied, "{req} narrowed by {allow}");
    assert!(allow.covers(grant.granted(), &h));
}

/// Normalizing keeps a subset with the same union in which no member is
/// covered by the others, and is idempotent; every member has an implier.
pub fn check_normalize(tokens: &[String]) {
    let h = Hierarchy::smart_on_fhir();
    let s = set(tokens);
    let n = s.normalize(&h);
    assert!(n.is_subset(&s));
    let all = union_of(s.iter().map(|t| t.as_str()));
    assert_eq!(
        union_of(n.iter().map(|t| t.as_str())),
        all,
        "{s} normalized to {n}"
    );
    for x in &n {
        let rest = union_of(n.iter().filter(|y| y != &x).map(|y| y.as_str()));
        assert!(
            !meaning(x.as_str()).within(rest),
            "{x} is covered by the rest of {n}"
        );
    }
    assert_eq!(n.normalize(&h), n);
    for t in &s {
        assert!(s.implier_of(t.as_str(), &h).is_some(), "{t} in {s}");
    }
}

/// Under `edges` beside the smart rule: `implies`, `covers` and the
/// compiled check agree with the closure of the meanings.
pub fn check_edges(edges: &[(String, String)], granted: &[String], required: &[String]) {
    let h = edges
        .iter()
        .fold(Hierarchy::builder().smart(), |b, (p, c)| b.imply(p, c))
        .build()
        .expect("edges between well-formed tokens, from single letters");
    let (g, r) = (set(granted), set(required));
    let cover = g.iter().fold(Meaning::default(), |acc, t| {
        acc.union(meaning_with(t.as_str(), edges))
    });
    for a in g.iter().map(|t| t.as_str()) {
        for b in r.iter().map(|t| t.as_str()) {
            assert_eq!(
                h.implies(a, b),
                meaning(b).within(meaning_with(a, edges)),
                "{a} => {b} under {edges:?}"
            );
        }
    }
    let expected = union_of(r.iter().map(|t| t.as_str())).within(cover);
    assert_eq!(g.covers(&r, &h), expected, "{g} covers {r} under {edges:?}");
    if !r.is_empty() {
        let need = Requirement::all(r.clone());
        assert_eq!(need.compile(&h).is_satisfied_by(&g), expected);
    }
    assert!(g.union(&g.uncovered(&r, &h)).covers(&r, &h));
}

/// A token of the universe from three bytes: context, type, letters, form
/// and query, so that every byte string reads as tokens.
pub fn token_from(bytes: [u8; 3]) -> String {
    let [a, b, c] = bytes;
    if a % 8 == 7 {
        return PLAIN[usize::from(b) % PLAIN.len()].to_owned();
    }
    let letters = b % 31 + 1;
    let query = usize::from(c % 8);
    let mut pairs: Vec<usize> = (0..3).filter(|i| query & (1 << i) != 0).collect();
    if c & 0x10 != 0 {
        pairs.reverse();
    }
    Clinical {
        context: usize::from(a % 3),
        ty: usize::from((a / 3) % 4),
        letters,
        v1: c & 0x20 != 0 && pairs.is_empty() && matches!(letters, 0b1_0010 | 0b0_1101 | 0b1_1111),
        pairs,
    }
    .text()
}
