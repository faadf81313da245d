//! Hostile input at two sizes 4× apart, so that each row of BENCHMARKS.md's
//! hostile table is a growth ratio read off one run:
//! `cargo bench --bench hostile`.
//!
//! The shapes are those of `tests/util/hostile.rs`, which the growth-ratio
//! tests (`tests/test_hostile.rs`) also time.

// `criterion_group!` defines a public function it does not document.
#![allow(missing_docs)]

#[path = "../tests/util/hostile.rs"]
mod hostile;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use hostile::{
    colon_dot_token, long_named_rules, long_nested_token, long_parameter_value,
    long_pattern_and_token, long_query_token, many_clinical_scopes, many_parameters, many_terms,
    nested_only_hierarchy, nested_then_segments, pattern_sets, patterned_hierarchy, plain_sets,
    prefix_sets, readme_hierarchy, shared_prefix_pair, star_pattern, starred_segments,
    step_up_shape, structured_hierarchy, tied_keys_scope, wildcard_and_edge_hierarchy,
};
use oauth_scope::{Challenge, Requirement, ScopeSet};

const AUTH_A: &str = "https://www.googleapis.com/auth/a";

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(20)
}

fn long_token(c: &mut Criterion) {
    let mut group = c.benchmark_group("hostile_token");
    let allowed = ScopeSet::parse("admin:org https://www.googleapis.com/auth/a").unwrap();
    let granted = ScopeSet::parse(AUTH_A).unwrap();
    for (rules, h) in [
        ("readme", readme_hierarchy()),
        ("patterned", patterned_hierarchy()),
    ] {
        for (shape, make) in [
            ("nested", nested_then_segments as fn(usize) -> String),
            ("starred", starred_segments),
        ] {
            for k in [512, 2048] {
                let token = make(k);
                let set = ScopeSet::parse(&token).unwrap();
                let id = |op: &str| BenchmarkId::new(format!("{op}/{rules}/{shape}"), token.len());
                group.bench_with_input(id("implies"), &token, |b, t| {
                    b.iter(|| h.implies(black_box(AUTH_A), black_box(t)));
                });
                group.bench_with_input(id("covers"), &set, |b, s| {
                    b.iter(|| granted.covers(black_box(s), &h));
                });
                group.bench_with_input(id("narrow"), &set, |b, s| {
                    b.iter(|| black_box(s).narrow(&allowed, &h));
                });
                group.bench_with_input(id("refresh"), &set, |b, s| {
                    b.iter(|| granted.refresh(Some(black_box(s)), &h).is_ok());
                });
            }
        }
    }
    let h = patterned_hierarchy();
    for k in [512, 2048] {
        let (p, r) = (star_pattern(k), format!("{}a", "x:".repeat(k)));
        group.bench_with_input(
            BenchmarkId::new("implies/pattern", p.len()),
            &(p, r),
            |b, (p, r)| b.iter(|| h.implies(black_box(p), black_box(r))),
        );
    }
    // The third round's shapes: a short trusted pattern against parents
    // ending in an empty segment, a long pattern against many parents, and
    // a member that shares every parent's prefix.
    let h = readme_hierarchy();
    let (allowed, https) = (
        ScopeSet::parse("https:* read:org").unwrap(),
        ScopeSet::parse("https:*").unwrap(),
    );
    for k in [1024, 4096] {
        let token = colon_dot_token(k);
        let set = ScopeSet::parse(&token).unwrap();
        group.bench_with_input(
            BenchmarkId::new("narrow/colon_dot", token.len()),
            &set,
            |b, s| b.iter(|| black_box(s).narrow(&allowed, &h)),
        );
        group.bench_with_input(
            BenchmarkId::new("refresh/colon_dot", token.len()),
            &set,
            |b, s| b.iter(|| https.refresh(Some(black_box(s)), &h).is_ok()),
        );
    }
    for k in [512, 2048] {
        let (p, t) = long_pattern_and_token(k);
        let both = ScopeSet::parse(&p)
            .unwrap()
            .union(&ScopeSet::parse(&t).unwrap())
            .into_owned();
        group.bench_with_input(
            BenchmarkId::new("implies/long_pattern", t.len()),
            &(p, t),
            |b, (p, t)| b.iter(|| h.implies(black_box(p), black_box(t))),
        );
        group.bench_with_input(
            BenchmarkId::new("normalize/long_pattern", both.to_string().len()),
            &both,
            |b, s| b.iter(|| black_box(s).normalize(&h)),
        );
    }
    let nested = nested_only_hierarchy();
    for k in [1024, 4096] {
        let (m, t) = shared_prefix_pair(k);
        let (m, t) = (ScopeSet::parse(&m).unwrap(), ScopeSet::parse(&t).unwrap());
        group.bench_with_input(
            BenchmarkId::new("covers/shared_prefix", k),
            &(m, t),
            |b, (m, t)| b.iter(|| black_box(m).covers(black_box(t), &nested)),
        );
    }
    let (_, h) = long_named_rules(4);
    for k in [64 * 1024, 256 * 1024] {
        let token = long_nested_token(k);
        group.bench_with_input(
            BenchmarkId::new("implies/nested_only", token.len()),
            &token,
            |b, t| b.iter(|| h.implies(black_box("a"), black_box(t))),
        );
    }
    group.finish();
}

fn rules(c: &mut Criterion) {
    let mut group = c.benchmark_group("hostile_build");
    for k in [1000, 4000] {
        group.bench_with_input(BenchmarkId::new("long_nested_name", k), &k, |b, &k| {
            b.iter(|| long_named_rules(black_box(k)));
        });
    }
    group.finish();
}

fn sets(c: &mut Criterion) {
    let mut group = c.benchmark_group("hostile_sets");
    let h = readme_hierarchy();
    for k in [1000, 4000] {
        let (requested, allowed) = plain_sets(k);
        group.bench_with_input(
            BenchmarkId::new("narrow/plain", k),
            &(requested, allowed),
            |b, (r, a)| b.iter(|| black_box(r).narrow(a, &h)),
        );
    }
    let named = wildcard_and_edge_hierarchy();
    for k in [1000, 4000] {
        let (requested, allowed) = prefix_sets(k);
        group.bench_with_input(
            BenchmarkId::new("narrow/prefixes", k),
            &(requested, allowed),
            |b, (r, a)| b.iter(|| black_box(r).narrow(a, &named)),
        );
    }
    for k in [1000, 4000] {
        let (requested, allowed) = pattern_sets(k);
        group.bench_with_input(
            BenchmarkId::new("narrow/patterns", k),
            &(requested, allowed),
            |b, (r, a)| b.iter(|| black_box(r).narrow(a, &h)),
        );
    }
    group.finish();
}

fn parse_and_plan(c: &mut Criterion) {
    let mut group = c.benchmark_group("hostile_client");
    for k in [10_000, 40_000] {
        let text = tied_keys_scope(k);
        group.bench_with_input(BenchmarkId::new("set_parse/tied-keys", k), &text, |b, t| {
            b.iter(|| ScopeSet::parse(black_box(t)).unwrap().len());
        });
    }
    for k in [10_000, 40_000] {
        // Every member looked up in a set whose sort keys all tie.
        let text = tied_keys_scope(k);
        let set = ScopeSet::parse(&text).unwrap();
        group.bench_with_input(BenchmarkId::new("contains/tied-keys", k), &text, |b, t| {
            b.iter(|| t.split(' ').filter(|m| set.contains(black_box(m))).count());
        });
    }
    for k in [10_000, 40_000] {
        let shape = step_up_shape(k);
        group.bench_with_input(
            BenchmarkId::new("on_forbidden", k),
            &shape,
            |b, (planner, more)| {
                b.iter(|| planner.clone().on_forbidden("op", black_box(more)));
            },
        );
    }
    group.finish();
}

fn requirements(c: &mut Criterion) {
    let mut group = c.benchmark_group("hostile_requirement");
    for k in [1000, 4000] {
        let text = many_terms(k);
        group.bench_with_input(BenchmarkId::new("terms", text.len()), &text, |b, t| {
            b.iter(|| black_box(t).parse::<Requirement>().is_ok());
        });
    }
    group.finish();
}

fn challenge(c: &mut Criterion) {
    let mut group = c.benchmark_group("hostile_challenge");
    for k in [10_000, 40_000] {
        let header = many_parameters(k);
        group.bench_with_input(BenchmarkId::new("parse", k), &header, |b, h| {
            b.iter(|| Challenge::parse(black_box(h)).is_ok());
        });
    }
    group.finish();
}

fn structured(c: &mut Criterion) {
    let mut group = c.benchmark_group("hostile_structured");
    let h = structured_hierarchy();
    let allowed = ScopeSet::parse("patient/*.rs?p0=v0 user/*.rs").unwrap();
    let lab = Requirement::parse("patient/Observation.r?p0=v0")
        .unwrap()
        .compile(&h);
    // One clinical scope with a query of k pairs (about 10k bytes).
    for k in [2_500, 10_000] {
        let (a, b) = (long_query_token(k, false), long_query_token(k, true));
        let id = |op: &str| BenchmarkId::new(format!("long_query/{op}"), a.len());
        group.bench_with_input(id("implies"), &(&a, &b), |bench, (a, b)| {
            bench.iter(|| h.implies(black_box(a), black_box(b)));
        });
        let set = ScopeSet::parse(&b).unwrap();
        group.bench_with_input(id("narrow"), &set, |bench, s| {
            bench.iter(|| black_box(s).narrow(&allowed, &h));
        });
        group.bench_with_input(id("compiled"), &b, |bench, t| {
            bench.iter(|| lab.is_satisfied_by_str(black_box(t)).ok());
        });
    }
    // k clinical scopes of k / 2 types in one request.
    let allowed = ScopeSet::parse("patient/*.rs user/*.r launch/patient openid").unwrap();
    for k in [2_500, 10_000] {
        let request = ScopeSet::parse(&many_clinical_scopes(k))
            .unwrap()
            .into_owned();
        let id = |op: &str| BenchmarkId::new(format!("many_scopes/{op}"), k);
        group.bench_with_input(id("narrow"), &request, |bench, r| {
            bench.iter(|| black_box(r).narrow(&allowed, &h));
        });
        group.bench_with_input(id("normalize"), &request, |bench, r| {
            bench.iter(|| black_box(r).normalize(&h));
        });
        group.bench_with_input(id("refresh"), &request, |bench, r| {
            bench.iter(|| allowed.refresh(Some(black_box(r)), &h).is_ok());
        });
    }
    // A typed parameter with a value of k digits.
    for k in [25_000, 100_000] {
        let token = long_parameter_value(k);
        let id = |op: &str| BenchmarkId::new(format!("long_value/{op}"), token.len());
        group.bench_with_input(id("implies"), &token, |bench, t| {
            bench.iter(|| h.implies("consent:*", black_box(t)));
        });
        let text = format!("{token} consent:*");
        let set = ScopeSet::parse(&text).unwrap();
        group.bench_with_input(id("normalize"), &set, |bench, s| {
            bench.iter(|| black_box(s).normalize(&h));
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = long_token, rules, sets, parse_and_plan, requirements, challenge, structured
}
criterion_main!(benches);
