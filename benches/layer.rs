//! One request through `RequireScope` beside the bare
//! `Requirement::is_satisfied_by` it wraps, for a request that passes (200)
//! and one that is refused (403), and the inner service alone:
//! `cargo bench --bench layer`.
//!
//! The inner service answers at once and the future is polled once with a
//! no-op waker, so what is timed is the layer: reading the `GrantedScope`
//! from the extensions, the check, and on 403 the challenge and its
//! response. Building the request is not timed; dropping it is.

// `criterion_group!` defines a public function it does not document.
#![allow(missing_docs)]

use std::future::{ready, Future, Ready};
use std::hint::black_box;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use http::{Request, Response};
use oauth_scope::tower::{GrantedScope, RequireScopeLayer};
use oauth_scope::{Hierarchy, Requirement, ScopeSet};
use tower_layer::Layer;
use tower_service::Service;

/// Answers every request with an empty 200 at once.
#[derive(Clone)]
struct Ok200;

impl Service<Request<()>> for Ok200 {
    type Response = Response<()>;
    type Error = std::convert::Infallible;
    type Future = Ready<Result<Response<()>, Self::Error>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<()>) -> Self::Future {
        drop(request);
        ready(Ok(Response::new(())))
    }
}

/// A waker that does nothing: every future here is ready at once. Made
/// once, outside the timed code.
fn noop_waker() -> Waker {
    struct Noop;
    impl Wake for Noop {
        fn wake(self: Arc<Self>) {}
    }
    Waker::from(Arc::new(Noop))
}

/// Polls a future that is ready at once.
fn now<F: Future>(future: F, waker: &Waker) -> F::Output {
    match pin!(future).poll(&mut Context::from_waker(waker)) {
        Poll::Ready(output) => output,
        Poll::Pending => unreachable!("the inner service answers at once"),
    }
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

fn layer(c: &mut Criterion) {
    let mut group = c.benchmark_group("layer");
    let waker = noop_waker();
    let h = Hierarchy::exact();
    let need: Requirement = "api:write api:read".parse().unwrap();
    let mut service = RequireScopeLayer::new(need.clone(), h.clone())
        .with_realm("api")
        .unwrap()
        .with_resource_metadata("https://api.example/.well-known/oauth-protected-resource")
        .unwrap()
        .layer(Ok200);
    for (case, granted) in [("200", "api:read api:write"), ("403", "api:read")] {
        let granted = ScopeSet::parse(granted).unwrap().into_owned();
        let status = if case == "200" { 200 } else { 403 };
        group.bench_function(format!("is_satisfied_by/{case}"), |b| {
            b.iter(|| need.is_satisfied_by(black_box(&granted), &h));
        });
        let request = || {
            let mut request = Request::new(());
            request
                .extensions_mut()
                .insert(GrantedScope(granted.clone()));
            request
        };
        assert_eq!(
            now(service.call(request()), &waker).unwrap().status(),
            status
        );
        if case == "200" {
            // What the layer adds to: the inner service called directly,
            // dropping the same request.
            group.bench_function("inner_alone/200", |b| {
                b.iter_batched(
                    request,
                    |request| now(Ok200.call(black_box(request)), &waker),
                    BatchSize::SmallInput,
                );
            });
        }
        group.bench_function(format!("require_scope/{case}"), |b| {
            b.iter_batched(
                request,
                |request| now(service.call(black_box(request)), &waker),
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = layer
}
criterion_main!(benches);
