//! Parsing and the subset check beside the `oxide-auth` crate's `Scope`,
//! in the groups of the crate's own `benches/scope.rs` that measure them,
//! so that each ratio is read off one run:
//!
//! `cargo bench --manifest-path benches/peers/Cargo.toml --bench scope`
//!
//! The naive and `HashSet` peers, which need no dependency, stay in the
//! crate's own bench.

use std::hint::black_box;

use aliri_oauth2::Scope as AliriScope;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use oauth2_types::scope::Scope as Oauth2TypesScope;
use oauth_scope::{Scope, ScopeSet};
use oxide_auth::primitives::scope::Scope as OxideScope;

#[path = "../../common/workloads.rs"]
mod workloads;
use workloads::{config, synthetic, synthetic_tokens, workloads, GOOGLE, GOOGLE_SUBSET};

fn parse_iterate(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_iterate");
    for (name, input) in workloads() {
        let s = input.as_str();
        group.throughput(Throughput::Bytes(s.len() as u64));
        group.bench_with_input(BenchmarkId::new("oauth-scope", name), s, |b, s| {
            b.iter(|| {
                let scope = Scope::parse(black_box(s)).unwrap();
                scope.tokens().map(|t| t.as_str().len()).sum::<usize>()
            })
        });
        group.bench_with_input(BenchmarkId::new("oxide-auth", name), s, |b, s| {
            b.iter(|| black_box(s).parse::<OxideScope>().unwrap())
        });
    }
    group.finish();
}

fn set_build(c: &mut Criterion) {
    let mut group = c.benchmark_group("set_build");
    for (name, input) in workloads() {
        let s = input.as_str();
        group.throughput(Throughput::Bytes(s.len() as u64));
        group.bench_with_input(BenchmarkId::new("oauth-scope", name), s, |b, s| {
            b.iter(|| ScopeSet::parse(black_box(s)).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("oxide-auth", name), s, |b, s| {
            b.iter(|| black_box(s).parse::<OxideScope>().unwrap())
        });
        group.bench_with_input(BenchmarkId::new("aliri_oauth2", name), s, |b, s| {
            b.iter(|| black_box(s).parse::<AliriScope>().unwrap())
        });
        group.bench_with_input(BenchmarkId::new("oauth2-types", name), s, |b, s| {
            b.iter(|| black_box(s).parse::<Oauth2TypesScope>().unwrap())
        });
    }
    group.finish();
}

fn is_subset(c: &mut Criterion) {
    let mut group = c.benchmark_group("is_subset");
    // A typical check: three of the Google consent scope's eleven tokens.
    let (a, b) = (
        ScopeSet::parse(GOOGLE_SUBSET).unwrap(),
        ScopeSet::parse(GOOGLE).unwrap(),
    );
    let (oa, ob): (OxideScope, OxideScope) =
        (GOOGLE_SUBSET.parse().unwrap(), GOOGLE.parse().unwrap());
    let (aa, ab): (AliriScope, AliriScope) =
        (GOOGLE_SUBSET.parse().unwrap(), GOOGLE.parse().unwrap());
    let (ta, tb): (Oauth2TypesScope, Oauth2TypesScope) =
        (GOOGLE_SUBSET.parse().unwrap(), GOOGLE.parse().unwrap());
    group.bench_function("oauth-scope/google-3-of-11", |bch| {
        bch.iter(|| black_box(&a).is_subset(black_box(&b)))
    });
    group.bench_function("oxide-auth-priviledged_to/google-3-of-11", |bch| {
        bch.iter(|| black_box(&oa).priviledged_to(black_box(&ob)))
    });
    group.bench_function("aliri_oauth2-contains_all/google-3-of-11", |bch| {
        bch.iter(|| black_box(&ab).contains_all(black_box(&aa)))
    });
    group.bench_function("oauth2-types-is_subset/google-3-of-11", |bch| {
        bch.iter(|| black_box(&*ta).is_subset(black_box(&*tb)))
    });
    for n in [1_000, 100_000] {
        let a_text = synthetic(n);
        let b_text = synthetic_tokens(n)
            .iter()
            .rev()
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        let (a, b) = (
            ScopeSet::parse(&a_text).unwrap(),
            ScopeSet::parse(&b_text).unwrap(),
        );
        let (oa, ob): (OxideScope, OxideScope) = (a_text.parse().unwrap(), b_text.parse().unwrap());
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(BenchmarkId::new("oauth-scope", n), |bch| {
            bch.iter(|| black_box(&a).is_subset(black_box(&b)))
        });
        group.bench_function(BenchmarkId::new("oxide-auth-priviledged_to", n), |bch| {
            bch.iter(|| black_box(&oa).priviledged_to(black_box(&ob)))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = parse_iterate, set_build, is_subset
}
criterion_main!(benches);
