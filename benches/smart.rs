//! SMART App Launch v2 checks beside their baselines, so that each ratio is
//! read off one run: `cargo bench --bench smart`.
//!
//! The request: a typical SMART token set, the one of `tests/test_alloc.rs`
//! (4 plain tokens and 10 clinical scopes, 2 of them with a query), against
//! a route's requirement.
//!
//! - **compiled, SMART**: `CompiledRequirement::is_satisfied_by_str` under
//!   `Hierarchy::smart_on_fhir()`, requirement `patient/Condition.r`;
//! - **compiled, plain**: the same string with every `/`, `.`, `?`, `&` and
//!   `=` made `:` (plain tokens of the same lengths), under the exact
//!   hierarchy, requirement a member of the same length as the SMART one's
//!   implier;
//! - **hand-written**: what a FHIR server writes without this crate: split
//!   on spaces, parse each token into context, type, permissions (a set of
//!   letters) and query (no regex), then compare the letters as sets; and a
//!   careful variant that skips tokens of other types before reading their
//!   letters, so that only the tokens that apply build a set;
//! - **`covers`**: `ScopeSet::parse` then `covers`, uncompiled.
//!
//! No Rust crate reads SMART scopes, so there is no peer crate to put here.

// `criterion_group!` defines a public function it does not document.
#![allow(missing_docs)]

use std::collections::HashSet;
use std::hint::black_box;

use criterion::{criterion_group, Criterion};
use oauth_scope::{Hierarchy, Requirement, ScopeSet};

/// The criterion settings of the parsing and set groups.
#[path = "common/workloads.rs"]
mod workloads;
use workloads::config;

/// A patient app's grant: 4 plain tokens, 10 clinical scopes, 2 with a query.
const TYPICAL: &str = "launch/patient openid fhirUser offline_access patient/Patient.rs \
patient/Observation.rs?category=laboratory patient/Observation.rs?category=vital-signs \
patient/Condition.rs patient/AllergyIntolerance.rs patient/MedicationRequest.rs \
patient/Immunization.rs patient/Procedure.rs patient/Encounter.rs patient/DiagnosticReport.rs";

/// The route's need: read a Condition.
const NEED: &str = "patient/Condition.r";

/// [`TYPICAL`] with the SMART punctuation made `:`: plain tokens of the
/// same lengths.
fn plain_twin(s: &str) -> String {
    s.chars()
        .map(|c| if "/.?&=".contains(c) { ':' } else { c })
        .collect()
}

/// A required clinical scope, as the hand-written check keeps it.
struct Need<'a> {
    context: &'a str,
    resource: &'a str,
    letters: HashSet<char>,
}

fn letters(perms: &str) -> HashSet<char> {
    match perms {
        "read" => "rs".chars().collect(),
        "write" => "cud".chars().collect(),
        "*" => "cruds".chars().collect(),
        p => p.chars().collect(),
    }
}

/// A clinical scope, parsed by hand.
struct Parsed<'a> {
    context: &'a str,
    resource: &'a str,
    letters: HashSet<char>,
    query: Option<&'a str>,
}

/// Reads a clinical scope into its parts; `None` for any other token.
fn parse_by_hand(token: &str) -> Option<Parsed<'_>> {
    let (context, rest) = token.split_once('/')?;
    let (resource, perms) = rest.split_once('.')?;
    let (perms, query) = match perms.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (perms, None),
    };
    Some(Parsed {
        context,
        resource,
        letters: letters(perms),
        query,
    })
}

/// The straightforward matcher: split, parse every token into its parts
/// with its letters as a set, then union the letters of the scopes that
/// apply (same context, same type or `*`, no query) and compare as sets.
fn hand_written(scope: &str, need: &Need<'_>) -> bool {
    let parsed: Vec<Parsed<'_>> = scope.split(' ').filter_map(parse_by_hand).collect();
    let mut have: HashSet<char> = HashSet::new();
    for p in &parsed {
        if p.context == need.context
            && (p.resource == need.resource || p.resource == "*")
            && p.query.is_none()
        {
            have.extend(p.letters.iter().copied());
        }
    }
    need.letters.is_subset(&have)
}

/// The same, but careful: tokens of another context or type are skipped
/// before their letters are read, so only the ones that apply build a set.
fn hand_written_skipping(scope: &str, need: &Need<'_>) -> bool {
    let mut have: HashSet<char> = HashSet::new();
    for token in scope.split(' ') {
        let Some((context, rest)) = token.split_once('/') else {
            continue;
        };
        let Some((resource, perms)) = rest.split_once('.') else {
            continue;
        };
        let (perms, query) = match perms.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (perms, None),
        };
        if context != need.context
            || (resource != need.resource && resource != "*")
            || query.is_some()
        {
            continue;
        }
        have.extend(letters(perms));
    }
    need.letters.is_subset(&have)
}

fn compiled(c: &mut Criterion) {
    let mut group = c.benchmark_group("smart_check");
    let smart = Hierarchy::smart_on_fhir();
    let check = Requirement::parse(NEED).unwrap().compile(&smart);
    assert_eq!(check.is_satisfied_by_str(TYPICAL), Ok(true));
    group.bench_function("compiled, SMART", |b| {
        b.iter(|| check.is_satisfied_by_str(black_box(TYPICAL)));
    });

    let plain = plain_twin(TYPICAL);
    let plain_need = plain_twin("patient/Condition.rs");
    let plain_check = Requirement::parse(&plain_need)
        .unwrap()
        .compile(&Hierarchy::exact());
    assert_eq!(plain_check.is_satisfied_by_str(&plain), Ok(true));
    group.bench_function("compiled, plain tokens of the same lengths", |b| {
        b.iter(|| plain_check.is_satisfied_by_str(black_box(&plain)));
    });

    let need = Need {
        context: "patient",
        resource: "Condition",
        letters: letters("r"),
    };
    assert!(hand_written(TYPICAL, &need));
    group.bench_function("hand-written: split, parse, letters as sets", |b| {
        b.iter(|| hand_written(black_box(TYPICAL), &need));
    });
    assert!(hand_written_skipping(TYPICAL, &need));
    group.bench_function("hand-written, skipping other types first", |b| {
        b.iter(|| hand_written_skipping(black_box(TYPICAL), &need));
    });

    let required = ScopeSet::parse(NEED).unwrap();
    group.bench_function("ScopeSet::parse + covers", |b| {
        b.iter(|| {
            ScopeSet::parse(black_box(TYPICAL))
                .unwrap()
                .covers(&required, &smart)
        });
    });
    group.finish();
}

fn algebra(c: &mut Criterion) {
    let mut group = c.benchmark_group("smart_algebra");
    let smart = Hierarchy::smart_on_fhir();
    let granted = ScopeSet::parse(TYPICAL).unwrap();
    let route =
        ScopeSet::parse("patient/Condition.r patient/Observation.s?category=laboratory").unwrap();
    group.bench_function("covers, two tokens", |b| {
        b.iter(|| black_box(&granted).covers(&route, &smart));
    });
    let requested = ScopeSet::parse(
        "launch/patient openid patient/*.cruds user/Observation.rs patient/Condition.read",
    )
    .unwrap();
    let allowed = ScopeSet::parse("launch/patient openid patient/*.rs").unwrap();
    group.bench_function("narrow a request", |b| {
        b.iter(|| black_box(&requested).narrow(&allowed, &smart));
    });
    group.bench_function("normalize the grant", |b| {
        b.iter(|| black_box(&granted).normalize(&smart));
    });
    group.bench_function("validate the grant", |b| {
        b.iter(|| smart.validate(black_box(&granted)));
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = compiled, algebra
}

/// Each check of `smart_check` run 10 000 times in its own function, for
/// `valgrind --tool=callgrind --toggle-collect='*count_*'` (instruction
/// counts do not depend on the machine's load): with `SMART_COUNT=1` the
/// bench runs these instead of criterion.
mod counts {
    use super::{
        black_box, hand_written, hand_written_skipping, letters, plain_twin, Need, NEED, TYPICAL,
    };
    use oauth_scope::{Hierarchy, Requirement};

    pub(super) const RUNS: usize = 10_000;

    #[inline(never)]
    fn count_compiled_smart(check: &oauth_scope::CompiledRequirement) -> usize {
        (0..RUNS)
            .filter(|_| check.is_satisfied_by_str(black_box(TYPICAL)) == Ok(true))
            .count()
    }

    #[inline(never)]
    fn count_compiled_plain(check: &oauth_scope::CompiledRequirement, plain: &str) -> usize {
        (0..RUNS)
            .filter(|_| check.is_satisfied_by_str(black_box(plain)) == Ok(true))
            .count()
    }

    #[inline(never)]
    fn count_hand_written(need: &Need<'_>) -> usize {
        (0..RUNS)
            .filter(|_| hand_written(black_box(TYPICAL), need))
            .count()
    }

    #[inline(never)]
    fn count_hand_written_skipping(need: &Need<'_>) -> usize {
        (0..RUNS)
            .filter(|_| hand_written_skipping(black_box(TYPICAL), need))
            .count()
    }

    pub(super) fn run() {
        let smart = Requirement::parse(NEED)
            .unwrap()
            .compile(&Hierarchy::smart_on_fhir());
        let plain = plain_twin(TYPICAL);
        let plain_check = Requirement::parse(&plain_twin("patient/Condition.rs"))
            .unwrap()
            .compile(&Hierarchy::exact());
        let need = Need {
            context: "patient",
            resource: "Condition",
            letters: letters("r"),
        };
        let met = [
            count_compiled_smart(&smart),
            count_compiled_plain(&plain_check, &plain),
            count_hand_written(&need),
            count_hand_written_skipping(&need),
        ];
        assert_eq!(met, [RUNS; 4]);
    }
}

fn main() {
    if std::env::var_os("SMART_COUNT").is_some() {
        counts::run();
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
