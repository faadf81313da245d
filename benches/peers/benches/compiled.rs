//! A route's requirement checked against a token's scope string, per
//! request: `CompiledRequirement::is_satisfied_by_str` beside the uncompiled
//! path, the validating peers (parse, then an exact subset check) and an
//! unvalidated `split(' ')` check of the same two tokens.
//!
//! `cargo bench --manifest-path benches/peers/Cargo.toml`

use std::hint::black_box;
use std::str::FromStr;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use oauth_scope::{Hierarchy, Requirement, ScopeSet};

/// Google's consent-screen scope for Drive, as sent on the wire.
const GOOGLE: &str = "email openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/docs.test https://www.googleapis.com/auth/drive https://www.googleapis.com/auth/drive.photos.readonly https://www.googleapis.com/auth/peopleapi.readonly https://www.googleapis.com/auth/meetings https://www.googleapis.com/auth/drive.activity.readonly https://www.googleapis.com/auth/experimentsandconfigs https://www.googleapis.com/auth/photos.native";
const OPENID: &str = "openid";
const READONLY: &str = "https://www.googleapis.com/auth/drive.readonly";

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(40)
}

/// What people write by hand, validating nothing.
fn naive(scope: &str) -> bool {
    scope.split(' ').any(|t| t == OPENID) && scope.split(' ').any(|t| t == READONLY)
}

fn google(c: &mut Criterion) {
    let mut group = c.benchmark_group("compiled_google");
    let h = Hierarchy::google_drive();
    let need = Requirement::parse(&format!("{OPENID} {READONLY}")).unwrap();
    let compiled = need.compile(&h);
    assert_eq!(compiled.is_satisfied_by_str(GOOGLE), Ok(true));
    assert!(!naive(GOOGLE), "the naive check knows no hierarchy");

    group.bench_function("oauth-scope/compiled", |b| {
        b.iter(|| compiled.is_satisfied_by_str(black_box(GOOGLE)))
    });
    group.bench_function("oauth-scope/parse+requirement", |b| {
        b.iter(|| {
            let set = ScopeSet::parse(black_box(GOOGLE)).unwrap();
            need.is_satisfied_by(&set, &h)
        })
    });
    group.bench_function("naive/split-any", |b| b.iter(|| naive(black_box(GOOGLE))));

    let oxide_need =
        oxide_auth::primitives::scope::Scope::from_str(&format!("{OPENID} {READONLY}")).unwrap();
    group.bench_function("oxide-auth/parse+subset", |b| {
        b.iter(|| {
            let granted =
                oxide_auth::primitives::scope::Scope::from_str(black_box(GOOGLE)).unwrap();
            oxide_need.priviledged_to(&granted)
        })
    });
    let aliri_need = aliri_oauth2::Scope::from_str(&format!("{OPENID} {READONLY}")).unwrap();
    group.bench_function("aliri_oauth2/parse+subset", |b| {
        b.iter(|| {
            let granted = aliri_oauth2::Scope::from_str(black_box(GOOGLE)).unwrap();
            granted.contains_all(&aliri_need)
        })
    });
    group.bench_function("oauth2-types/parse+subset", |b| {
        b.iter(|| {
            let granted = oauth2_types::scope::Scope::from_str(black_box(GOOGLE)).unwrap();
            granted.contains(OPENID) && granted.contains(READONLY)
        })
    });
    group.finish();
}

/// Per-byte cost as the scope grows: `n` ten-byte tokens, the required
/// ones last.
fn scale(c: &mut Criterion) {
    let mut group = c.benchmark_group("compiled_scale");
    let h = Hierarchy::google_drive();
    let need = Requirement::parse(&format!("{OPENID} {READONLY}")).unwrap();
    let compiled = need.compile(&h);
    for n in [1_000, 100_000] {
        let mut tokens: Vec<String> = (0..n).map(|i| format!("x:{i:08}")).collect();
        tokens.push(OPENID.into());
        tokens.push("https://www.googleapis.com/auth/drive".into());
        let text = tokens.join(" ");
        assert_eq!(compiled.is_satisfied_by_str(&text), Ok(true));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("compiled", n), &text, |b, t| {
            b.iter(|| compiled.is_satisfied_by_str(black_box(t)))
        });
        group.bench_with_input(BenchmarkId::new("naive", n), &text, |b, t| {
            b.iter(|| naive(black_box(t)))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = google, scale
}
criterion_main!(benches);
