//! Parsing and set operations beside their peers, group by group, so that
//! each ratio is read off one run: `cargo bench --bench scope`.
//!
//! Peers: a naive `split(' ')` with a byte check, `std`'s `HashSet<&str>`,
//! and `memchr` counting spaces, the floor no tokenizer can beat (it reads
//! every byte and decides nothing). The `oxide-auth` crate's `Scope` is
//! measured in the same groups by `benches/peers` (its own package, so that
//! `cargo test` never builds it).

// `criterion_group!` defines a public function it does not document.
#![allow(missing_docs)]

use std::collections::{BTreeSet, HashSet};
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use oauth_scope::{Hierarchy, ParseOptions, Scope, ScopeSet};

#[path = "common/workloads.rs"]
mod workloads;
use workloads::{config, synthetic, synthetic_tokens, workloads, GOOGLE, GOOGLE_SUBSET};

const GITHUB_LIST: &str = "repo, user, admin:org, read:packages, write:packages, gist, notifications, workflow, admin:repo_hook, delete_repo";

/// `is_nqchar`, as the tests and fuzz targets model the grammar.
#[path = "../tests/util/grammar.rs"]
mod grammar;
use grammar::is_nqchar;

/// What people write by hand: split on spaces, check every byte.
fn naive_parse_iterate(s: &str) -> Option<usize> {
    let mut total = 0;
    for token in s.split(' ') {
        if token.is_empty() || !token.bytes().all(is_nqchar) {
            return None;
        }
        total += token.len();
    }
    Some(total)
}

fn naive_hash_set(s: &str) -> Option<HashSet<&str>> {
    let mut set = HashSet::new();
    for token in s.split(' ') {
        if token.is_empty() || !token.bytes().all(is_nqchar) {
            return None;
        }
        set.insert(token);
    }
    Some(set)
}

/// The same into a `BTreeSet`: sorted, as this crate's sets are.
fn naive_btree_set(s: &str) -> Option<BTreeSet<&str>> {
    let mut set = BTreeSet::new();
    for token in s.split(' ') {
        if token.is_empty() || !token.bytes().all(is_nqchar) {
            return None;
        }
        set.insert(token);
    }
    Some(set)
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
            });
        });
        group.bench_with_input(BenchmarkId::new("naive-split", name), s, |b, s| {
            b.iter(|| naive_parse_iterate(black_box(s)).unwrap());
        });
        group.bench_with_input(BenchmarkId::new("memchr-count", name), s, |b, s| {
            b.iter(|| memchr::memchr_iter(b' ', black_box(s).as_bytes()).count());
        });
    }
    group.finish();
}

/// The two halves of `parse_iterate`: validation alone, iteration alone.
fn parse_parts(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_parts");
    for (name, input) in workloads() {
        let s = input.as_str();
        group.throughput(Throughput::Bytes(s.len() as u64));
        group.bench_with_input(BenchmarkId::new("validate", name), s, |b, s| {
            b.iter(|| Scope::parse(black_box(s)).unwrap().as_str().len());
        });
        let scope = Scope::parse(s).unwrap();
        group.bench_with_input(BenchmarkId::new("iterate", name), &scope, |b, scope| {
            b.iter(|| {
                black_box(scope)
                    .tokens()
                    .map(|t| t.as_str().len())
                    .sum::<usize>()
            });
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
            b.iter(|| ScopeSet::parse(black_box(s)).unwrap());
        });
        group.bench_with_input(BenchmarkId::new("naive-btreeset", name), s, |b, s| {
            b.iter(|| naive_btree_set(black_box(s)).unwrap());
        });
        group.bench_with_input(BenchmarkId::new("naive-hashset", name), s, |b, s| {
            b.iter(|| naive_hash_set(black_box(s)).unwrap());
        });
    }
    group.finish();
}

fn lenient(c: &mut Criterion) {
    let mut group = c.benchmark_group("lenient");
    let opts = ParseOptions::lenient().commas(true);
    group.throughput(Throughput::Bytes(GITHUB_LIST.len() as u64));
    group.bench_function("oauth-scope/github-list", |b| {
        b.iter(|| ScopeSet::parse_with(black_box(GITHUB_LIST), &opts).unwrap());
    });
    group.bench_function("naive-split-trim/github-list", |b| {
        b.iter(|| {
            let mut set = HashSet::new();
            for t in black_box(GITHUB_LIST)
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
            {
                assert!(t.bytes().all(is_nqchar));
                set.insert(t);
            }
            set
        });
    });
    group.finish();
}

fn lookups(c: &mut Criterion) {
    let mut group = c.benchmark_group("contains");
    for n in [1_000, 100_000] {
        let text = synthetic(n);
        let ours = ScopeSet::parse(&text).unwrap();
        let theirs: HashSet<&str> = text.split(' ').collect();
        let sorted: BTreeSet<&str> = text.split(' ').collect();
        let probe = format!("api{}:{}", n / 2, ["read", "write", "admin"][(n / 2) % 3]);
        group.bench_function(BenchmarkId::new("oauth-scope", n), |b| {
            b.iter(|| ours.contains(black_box(&probe)));
        });
        group.bench_function(BenchmarkId::new("hashset", n), |b| {
            b.iter(|| theirs.contains(black_box(probe.as_str())));
        });
        group.bench_function(BenchmarkId::new("btreeset", n), |b| {
            b.iter(|| sorted.contains(black_box(probe.as_str())));
        });
    }
    group.finish();

    let mut group = c.benchmark_group("is_subset");
    // A typical check: three of the Google consent scope's eleven tokens.
    let (a, b) = (
        ScopeSet::parse(GOOGLE_SUBSET).unwrap(),
        ScopeSet::parse(GOOGLE).unwrap(),
    );
    let (ha, hb): (HashSet<&str>, HashSet<&str>) = (
        GOOGLE_SUBSET.split(' ').collect(),
        GOOGLE.split(' ').collect(),
    );
    let (ba, bb): (BTreeSet<&str>, BTreeSet<&str>) = (
        GOOGLE_SUBSET.split(' ').collect(),
        GOOGLE.split(' ').collect(),
    );
    group.bench_function("oauth-scope/google-3-of-11", |bch| {
        bch.iter(|| black_box(&a).is_subset(black_box(&b)));
    });
    group.bench_function("hashset/google-3-of-11", |bch| {
        bch.iter(|| black_box(&ha).is_subset(black_box(&hb)));
    });
    group.bench_function("btreeset/google-3-of-11", |bch| {
        bch.iter(|| black_box(&ba).is_subset(black_box(&bb)));
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
        let (ha, hb): (HashSet<&str>, HashSet<&str>) =
            (a_text.split(' ').collect(), b_text.split(' ').collect());
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(BenchmarkId::new("oauth-scope", n), |bch| {
            bch.iter(|| black_box(&a).is_subset(black_box(&b)));
        });
        group.bench_function(BenchmarkId::new("hashset", n), |bch| {
            bch.iter(|| black_box(&ha).is_subset(black_box(&hb)));
        });
    }
    group.finish();

    let mut group = c.benchmark_group("intersection");
    let n = 1_000;
    let all = synthetic_tokens(2 * n);
    let (a_text, b_text) = (all[..n].join(" "), all[n / 2..n + n / 2].join(" "));
    let (a, b) = (
        ScopeSet::parse(&a_text).unwrap(),
        ScopeSet::parse(&b_text).unwrap(),
    );
    let (ha, hb): (HashSet<&str>, HashSet<&str>) =
        (a_text.split(' ').collect(), b_text.split(' ').collect());
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function(BenchmarkId::new("oauth-scope", n), |bch| {
        bch.iter(|| black_box(&a).intersection(black_box(&b)));
    });
    group.bench_function(BenchmarkId::new("hashset", n), |bch| {
        bch.iter(|| {
            black_box(&ha)
                .intersection(black_box(&hb))
                .copied()
                .collect::<HashSet<&str>>()
        });
    });
    group.finish();
}

/// `covers` with each kind of rule: `n` granted parents against `n` required
/// children (`api7` grants `api7:write`).
fn covers(c: &mut Criterion) {
    let mut group = c.benchmark_group("covers");
    group.sample_size(10);
    for n in [1_000, 10_000, 100_000] {
        let parents: Vec<String> = synthetic_tokens(n)
            .iter()
            .map(|t| t.split(':').next().unwrap().to_string())
            .collect();
        let children: Vec<String> = synthetic_tokens(n);
        let granted_text = parents.join(" ");
        let required_text = children.join(" ");
        let granted = ScopeSet::parse(&granted_text).unwrap();
        let required = ScopeSet::parse(&required_text).unwrap();
        group.throughput(Throughput::Elements(n as u64));

        let exact = Hierarchy::exact();
        let same = ScopeSet::parse(&required_text).unwrap();
        group.bench_function(BenchmarkId::new("exact", n), |b| {
            b.iter(|| assert!(black_box(&same).covers(black_box(&required), &exact)));
        });

        let explicit = parents
            .iter()
            .zip(&children)
            .fold(Hierarchy::builder(), |h, (p, c)| h.imply(p, c))
            .build()
            .unwrap();
        group.bench_function(BenchmarkId::new("explicit", n), |b| {
            b.iter(|| assert!(black_box(&granted).covers(black_box(&required), &explicit)));
        });

        let nested = Hierarchy::builder().nested("", ':').build().unwrap();
        group.bench_function(BenchmarkId::new("nested", n), |b| {
            b.iter(|| assert!(black_box(&granted).covers(black_box(&required), &nested)));
        });

        if n <= 10_000 {
            // 100 granted patterns `f7:*` against n required tokens `f7:t1234`:
            // each required token is tried against every granted pattern.
            let wildcard = Hierarchy::builder().wildcard(':').build().unwrap();
            let patterns: Vec<String> = (0..100).map(|j| format!("f{j}:*")).collect();
            let granted_text = patterns.join(" ");
            let granted = ScopeSet::parse(&granted_text).unwrap();
            let members: Vec<String> = (0..n).map(|i| format!("f{}:t{i}", i % 100)).collect();
            let required_text = members.join(" ");
            let required = ScopeSet::parse(&required_text).unwrap();
            group.bench_function(BenchmarkId::new("wildcard-100-patterns", n), |b| {
                b.iter(|| assert!(black_box(&granted).covers(black_box(&required), &wildcard)));
            });
        }
    }
    group.finish();
}

fn narrow(c: &mut Criterion) {
    let mut group = c.benchmark_group("narrow");
    let h = Hierarchy::google_drive();
    let requested = ScopeSet::parse(GOOGLE).unwrap();
    let allowed = ScopeSet::parse(
        "email openid https://www.googleapis.com/auth/drive.readonly https://www.googleapis.com/auth/userinfo.email",
    )
    .unwrap();
    group.bench_function("google-drive/google", |b| {
        b.iter(|| black_box(&requested).narrow(black_box(&allowed), &h));
    });
    let github = Hierarchy::github();
    let requested = ScopeSet::parse("repo user gist delete_repo admin:org").unwrap();
    let allowed = ScopeSet::parse("public_repo read:user user:email gist read:org").unwrap();
    group.bench_function("github/5", |b| {
        b.iter(|| black_box(&requested).narrow(black_box(&allowed), &github));
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = parse_iterate, parse_parts, set_build, lenient, lookups, covers, narrow
}
criterion_main!(benches);
