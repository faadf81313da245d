//! Hostile input at two sizes 4× apart, so that each row of BENCHMARKS.md's
//! hostile table is a growth ratio read off one run:
//! `cargo bench --bench hostile`.
//!
//! The shapes are those of `tests/util/hostile.rs`, which the growth-ratio
//! tests (`tests/test_hostile.rs`) also time.

#[path = "../tests/util/hostile.rs"]
mod hostile;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use hostile::*;
use oauth_scope::{BearerChallenge, ScopeSet};

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
                    b.iter(|| h.implies(black_box(AUTH_A), black_box(t)))
                });
                group.bench_with_input(id("covers"), &set, |b, s| {
                    b.iter(|| granted.covers(black_box(s), &h))
                });
                group.bench_with_input(id("narrow"), &set, |b, s| {
                    b.iter(|| black_box(s).narrow(&allowed, &h))
                });
                group.bench_with_input(id("refresh"), &set, |b, s| {
                    b.iter(|| granted.refresh(Some(black_box(s)), &h).is_ok())
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
            b.iter(|| long_named_rules(black_box(k)))
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
    for k in [250, 1000] {
        let (requested, allowed) = pattern_sets(k);
        group.bench_with_input(
            BenchmarkId::new("narrow/patterns", k),
            &(requested, allowed),
            |b, (r, a)| b.iter(|| black_box(r).narrow(a, &h)),
        );
    }
    group.finish();
}

fn challenge(c: &mut Criterion) {
    let mut group = c.benchmark_group("hostile_challenge");
    for k in [10_000, 40_000] {
        let header = many_parameters(k);
        group.bench_with_input(BenchmarkId::new("parse", k), &header, |b, h| {
            b.iter(|| BearerChallenge::parse(black_box(h)).is_ok())
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = long_token, rules, sets, challenge
}
criterion_main!(benches);
