//! Hostile input stays bounded: each shape of `util::hostile`, timed at two
//! sizes 4× apart (best of several runs, so a busy machine only adds noise
//! to both), grows by less than `BOUND`. O(n log n) grows about 4.5× per 4×;
//! the quadratic and cubic algorithms these replace grew 16× and 64×.
//!
//! Times are never compared with a constant, only with each other.

mod util;

use std::hint::black_box;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use oauth_scope::{ErrorKind, Hierarchy, ScopeSet};
use util::hostile::*;

/// The largest growth accepted for 4× the input.
const BOUND: f64 = 8.0;
const RUNS: usize = 5;

/// One measurement at a time, so that tests running beside each other do not
/// skew each other's ratios.
static SERIAL: Mutex<()> = Mutex::new(());

fn best_of(mut f: impl FnMut()) -> Duration {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .expect("RUNS > 0")
}

/// Times `op` at sizes `k` and `4k`, repeating it `reps` times per run.
#[track_caller]
fn assert_grows_gently<T>(
    what: &str,
    k: usize,
    reps: usize,
    setup: impl Fn(usize) -> T,
    op: impl Fn(&T),
) {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let (small, large) = (setup(k), setup(4 * k));
    // Warm up, then measure.
    op(&small);
    op(&large);
    let t_small = best_of(|| (0..reps).for_each(|_| op(black_box(&small))));
    let t_large = best_of(|| (0..reps).for_each(|_| op(black_box(&large))));
    let ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-9);
    assert!(
        ratio < BOUND,
        "{what}: {t_small:?} at k = {k}, {t_large:?} at k = {}: {ratio:.1}× for 4× the input",
        4 * k
    );
}

const AUTH_A: &str = "https://www.googleapis.com/auth/a";

#[test]
fn one_long_token_under_nested_and_wildcard_rules() {
    // The cubic ancestor search took 8.6 s at 8 KiB.
    for (name, h) in [
        ("readme", readme_hierarchy()),
        ("patterned", patterned_hierarchy()),
    ] {
        for (shape, make) in [
            (
                "nested then segments",
                nested_then_segments as fn(usize) -> String,
            ),
            ("starred segments", starred_segments),
        ] {
            let what = |op: &str| format!("{op} of one {shape} token under the {name} rules");
            let allowed = ScopeSet::parse("admin:org https://www.googleapis.com/auth/a").unwrap();
            let granted = ScopeSet::parse(AUTH_A).unwrap();
            assert_grows_gently(&what("implies"), 512, 4, make, |t| {
                black_box(h.implies(AUTH_A, t));
            });
            assert_grows_gently(&what("covers"), 512, 4, make, |t| {
                black_box(granted.covers(&ScopeSet::parse(t).unwrap(), &h));
            });
            assert_grows_gently(&what("narrow"), 512, 4, make, |t| {
                black_box(ScopeSet::parse(t).unwrap().narrow(&allowed, &h));
            });
            assert_grows_gently(&what("refresh"), 512, 4, make, |t| {
                black_box(
                    granted
                        .refresh(Some(&ScopeSet::parse(t).unwrap()), &h)
                        .is_ok(),
                );
            });
            assert_grows_gently(&what("normalize"), 512, 4, make, |t| {
                let set = ScopeSet::parse(t).unwrap().union(&allowed);
                black_box(set.normalize(&h));
            });
        }
    }
}

#[test]
fn one_long_granted_pattern() {
    let h = patterned_hierarchy();
    assert_grows_gently(
        "implies from a long pattern",
        512,
        4,
        |k| (star_pattern(k), format!("{}a", "x:".repeat(k))),
        |(p, r)| {
            black_box(h.implies(p, r));
        },
    );
}

#[test]
fn building_rules_with_one_long_nested_name() {
    // The cubic closure took 9.8 s (132 MB) at k = 4000.
    assert_grows_gently(
        "build",
        1000,
        1,
        |k| k,
        |&k| {
            black_box(long_named_rules(k));
        },
    );
    let (name, h) = long_named_rules(1000);
    assert!(h.implies(&name, "b"));
    assert!(
        h.implies("a", "b"),
        "a prefix of the name nests it, so implies what it implies"
    );
    assert!(h.implies("a.a", &name));
    assert!(!h.implies("b", &name));
}

#[test]
fn one_long_token_under_nesting_alone() {
    // Re-reading each prefix took 3.3 s at 1 MiB.
    let (_, h) = long_named_rules(4);
    assert_grows_gently(
        "implies of a long nested token",
        32 * 1024,
        2,
        long_nested_token,
        |t| {
            black_box(h.implies("a", t));
            black_box(h.implies("b", t));
        },
    );
    let t = long_nested_token(1000);
    assert!(h.implies("a", &t));
    assert!(!h.implies("b", &t));
}

#[test]
fn narrowing_plain_sets_under_a_wildcard_rule() {
    // This was quadratic as soon as the hierarchy had a wildcard rule.
    let h = readme_hierarchy();
    assert_grows_gently("narrow", 1000, 1, plain_sets, |(requested, allowed)| {
        black_box(requested.narrow(allowed, &h));
    });
    let (requested, allowed) = plain_sets(4);
    let grant = requested.narrow(&allowed, &h);
    assert_eq!(grant.granted().to_string(), "api2:read api3:read");
    assert_eq!(grant.denied().to_string(), "api0:read api1:read");
}

#[test]
fn nesting_at_a_star_beside_wildcards_is_refused() {
    // Under nested("", '*') and wildcard(':'), `x:` nests into the
    // pattern `x:*:z`, which includes `x:q:z`; no search over named tokens
    // and prefixes finds that chain, so such rules are refused.
    for builder in [
        Hierarchy::builder().nested("", '*').wildcard(':'),
        Hierarchy::builder().nested("*", ':').wildcard(':'),
        Hierarchy::builder().nested("a:*", '.').wildcard(':'),
        Hierarchy::builder().wildcard(':').nested("ns:", '*'),
    ] {
        let err = builder.build().unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::NestedWildcard(_)),
            "{err:?}"
        );
        assert!(err.to_string().contains("beside a wildcard rule"), "{err}");
    }
    // Without a wildcard rule, `*` is an ordinary separator.
    let h = Hierarchy::builder().nested("", '*').build().unwrap();
    assert!(h.implies("x:", "x:*:z"));
    assert!(!h.implies("x:", "x:q:z"));
    // A `*` that is not a whole segment of the namespace is ordinary too.
    let h = Hierarchy::builder()
        .nested("a*", '.')
        .wildcard(':')
        .build()
        .unwrap();
    assert!(h.implies("a*b", "a*b.c"));
    assert!(h.implies("a*b:*", "a*b:c"));
}
