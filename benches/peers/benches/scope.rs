//! Parsing and the subset check beside the `oxide-auth` crate's `Scope`,
//! in the groups of the crate's own `benches/scope.rs` that measure them,
//! so that each ratio is read off one run:
//!
//! `cargo bench --manifest-path benches/peers/Cargo.toml --bench scope`
//!
//! The naive and `HashSet` peers, which need no dependency, stay in the
//! crate's own bench.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use oauth_scope::{Scope, ScopeSet};
use oxide_auth::primitives::scope::Scope as OxideScope;

const SHORT: &str = "openid profile email offline_access";
const GOOGLE: &str = "email openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/docs.test https://www.googleapis.com/auth/drive https://www.googleapis.com/auth/drive.photos.readonly https://www.googleapis.com/auth/peopleapi.readonly https://www.googleapis.com/auth/meetings https://www.googleapis.com/auth/drive.activity.readonly https://www.googleapis.com/auth/experimentsandconfigs https://www.googleapis.com/auth/photos.native";

/// `n` distinct tokens such as `api42:write`, in a scrambled order: the
/// same as in the crate's `benches/scope.rs`.
fn synthetic_tokens(n: usize) -> Vec<String> {
    let verbs = ["read", "write", "admin"];
    let mut order: Vec<usize> = (0..n).collect();
    // A fixed permutation (xorshift) so runs are comparable.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in (1..n).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        order.swap(i, (x % (i as u64 + 1)) as usize);
    }
    order
        .into_iter()
        .map(|i| format!("api{i}:{}", verbs[i % 3]))
        .collect()
}

fn synthetic(n: usize) -> String {
    synthetic_tokens(n).join(" ")
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
}

fn workloads() -> Vec<(&'static str, String)> {
    vec![
        ("short", SHORT.to_string()),
        ("google", GOOGLE.to_string()),
        ("1k", synthetic(1_000)),
        ("100k", synthetic(100_000)),
    ]
}

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
    }
    group.finish();
}

fn is_subset(c: &mut Criterion) {
    let mut group = c.benchmark_group("is_subset");
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
