//! The `RequireScope` layer: 401 without a granted scope, 403 when it falls
//! short, the inner service untouched otherwise; `poll_ready` delegated; and
//! axum 0.8's `Router::route_layer`.

#[path = "util/poll.rs"]
mod poll;
use poll::{noop_waker, now};

use std::future::{ready, Ready};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use http::header::WWW_AUTHENTICATE;
use http::{Request, Response};
use oauth_scope::tower::{GrantedScope, RequireScope, RequireScopeLayer};
use oauth_scope::{Challenge, Hierarchy, ScopeSet};
use tower_layer::Layer;
use tower_service::Service;

const METADATA: &str = "https://api.example/.well-known/oauth-protected-resource";

/// Counts its calls and answers with what it received.
#[derive(Clone, Default)]
struct Echo {
    calls: Arc<AtomicUsize>,
    readiness_checks: Arc<AtomicUsize>,
    /// `poll_ready` answers `Pending` while this is set.
    busy: bool,
}

impl Service<Request<String>> for Echo {
    type Response = Response<String>;
    type Error = &'static str;
    type Future = Ready<Result<Response<String>, &'static str>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), &'static str>> {
        self.readiness_checks.fetch_add(1, Ordering::SeqCst);
        if self.busy {
            Poll::Pending
        } else {
            Poll::Ready(Ok(()))
        }
    }

    fn call(&mut self, request: Request<String>) -> Self::Future {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if request.body() == "fail" {
            return ready(Err("the inner service failed"));
        }
        let granted = request
            .extensions()
            .get::<GrantedScope>()
            .map(|g| g.0.to_string());
        let echo = format!(
            "{} {} x-test={:?} body={:?} granted={granted:?}",
            request.method(),
            request.uri(),
            request.headers().get("x-test"),
            request.body(),
        );
        ready(Ok(Response::new(echo)))
    }
}

fn request(granted: Option<&str>) -> Request<String> {
    let mut request = Request::post("/items?x=1")
        .header("x-test", "kept")
        .body("payload".to_string())
        .unwrap();
    if let Some(scope) = granted {
        let scope = ScopeSet::parse_with(scope, &oauth_scope::ParseOptions::lenient()).unwrap();
        request
            .extensions_mut()
            .insert(GrantedScope(scope.into_owned()));
    }
    request
}

/// A layer that names the required scope alone in a 403, as RFC 6750 §3
/// does; the default style is checked on its own below.
fn layer(need: &str) -> RequireScopeLayer {
    RequireScopeLayer::new(need.parse().unwrap(), Hierarchy::github())
        .with_style(oauth_scope::tower::ChallengeStyle::Required)
        .with_realm("api")
        .unwrap()
        .with_resource_metadata(METADATA)
        .unwrap()
}

/// The status, the one `WWW-Authenticate` value if any, and the body.
fn answer(response: Response<String>) -> (u16, Option<String>, String) {
    let mut lines = response.headers().get_all(WWW_AUTHENTICATE).iter();
    let challenge = lines.next().map(|v| v.to_str().unwrap().to_string());
    assert!(lines.next().is_none(), "one WWW-Authenticate line");
    (response.status().as_u16(), challenge, response.into_body())
}

#[track_caller]
fn assert_answers(
    layer: &RequireScopeLayer,
    granted: Option<&str>,
    want: (u16, Option<&str>, &str),
    inner_called: bool,
) {
    let echo = Echo::default();
    let mut service = layer.layer(echo.clone());
    assert_eq!(
        now(std::future::poll_fn(|cx| service.poll_ready(cx))),
        Ok(())
    );
    let got = answer(now(service.call(request(granted))).unwrap());
    assert_eq!(
        (got.0, got.1.as_deref(), got.2.as_str()),
        want,
        "granted {granted:?}"
    );
    assert_eq!(
        echo.calls.load(Ordering::SeqCst),
        usize::from(inner_called),
        "inner service called, granted {granted:?}"
    );
}

#[test]
fn answers_401_403_or_passes_the_request_through() {
    let m = METADATA;
    let read = layer("repo:status");
    let no_token = format!(r#"Bearer realm="api", scope="repo:status", resource_metadata="{m}""#);
    assert_answers(&read, None, (401, Some(&no_token), ""), false);
    let short = format!(
        r#"Bearer realm="api", scope="repo:status", error="insufficient_scope", resource_metadata="{m}""#
    );
    assert_answers(&read, Some("public_repo"), (403, Some(&short), ""), false);
    assert_answers(&read, Some(""), (403, Some(&short), ""), false);
    // `repo` implies `repo:status` under GitHub's hierarchy; the request
    // arrives untouched, granted scope included.
    let through = r#"POST /items?x=1 x-test=Some("kept") body="payload" granted=Some("repo")"#;
    assert_answers(&read, Some("repo"), (200, None, through), true);

    // All-of: the whole required scope, not only what is missing.
    let both = layer("repo:status workflow");
    let short = format!(
        r#"Bearer realm="api", scope="repo:status workflow", error="insufficient_scope", resource_metadata="{m}""#
    );
    assert_answers(&both, Some("repo"), (403, Some(&short), ""), false);
    assert_answers(&both, Some("workflow"), (403, Some(&short), ""), false);

    // Any-of: the first declared alternative, unless one is met.
    let any = layer(r#""workflow repo:status" | "admin:org""#);
    let no_token =
        format!(r#"Bearer realm="api", scope="repo:status workflow", resource_metadata="{m}""#);
    assert_answers(&any, None, (401, Some(&no_token), ""), false);
    assert_answers(&any, Some(""), (403, Some(&short), ""), false);
    assert_answers(
        &any,
        Some("admin:org"),
        (200, None, &through.replace("repo", "admin:org")),
        true,
    );
}

#[test]
fn sends_realm_and_resource_metadata_only_when_given() {
    let bare = RequireScopeLayer::new("a b".parse().unwrap(), Hierarchy::exact());
    assert_answers(&bare, None, (401, Some(r#"Bearer scope="a b""#), ""), false);
    assert_answers(
        &bare,
        Some("a"),
        (
            403,
            Some(r#"Bearer scope="a b", error="insufficient_scope""#),
            "",
        ),
        false,
    );
    // A requirement with no token refuses everything and has nothing to name.
    let nothing = RequireScopeLayer::new(oauth_scope::Requirement::nothing(), Hierarchy::exact());
    assert_answers(&nothing, None, (401, Some("Bearer"), ""), false);
    assert_answers(
        &nothing,
        Some("a b"),
        (403, Some(r#"Bearer error="insufficient_scope""#), ""),
        false,
    );

    let err = bare.clone().with_realm("café").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid character 'é' (U+00E9) at byte 3 of the realm value; \
         expected printable ASCII, space or tab"
    );
    assert!(bare
        .clone()
        .with_resource_metadata("https://a.example/ b")
        .is_err());
    assert!(bare.with_resource_metadata("").is_err());
}

#[test]
fn a_client_reads_the_challenge_back() {
    let echo = Echo::default();
    let mut service = layer("repo:status workflow").layer(echo);
    let response = now(service.call(request(Some("repo")))).unwrap();
    let challenge = Challenge::from_headers(response.headers()).unwrap();
    assert_eq!(challenge.status_code(), response.status().as_u16());
    assert_eq!(challenge.resource_metadata(), Some(METADATA));
    // MCP SEP-2350: the next request asks for the union, which is enough.
    let next = challenge
        .scope()
        .unwrap()
        .union(&ScopeSet::parse("repo").unwrap());
    assert!("repo:status workflow"
        .parse::<oauth_scope::Requirement>()
        .unwrap()
        .is_satisfied_by(&next, &Hierarchy::github()));
}

#[test]
fn poll_ready_and_errors_are_the_inner_services() {
    let echo = Echo {
        busy: true,
        ..Echo::default()
    };
    let mut service: RequireScope<Echo> = layer("repo").layer(echo.clone());
    let waker = noop_waker();
    let mut cx = Context::from_waker(&waker);
    assert!(service.poll_ready(&mut cx).is_pending());
    assert_eq!(echo.readiness_checks.load(Ordering::SeqCst), 1);

    let mut service = layer("repo").layer(Echo::default());
    let mut failing = request(Some("repo"));
    *failing.body_mut() = "fail".into();
    assert_eq!(
        now(service.call(failing)).unwrap_err(),
        "the inner service failed"
    );
}

#[test]
fn layers_take_a_hierarchy_or_a_shared_one() {
    // A `Hierarchy` is a handle on shared tables (its clone allocates
    // nothing: tests/test_alloc.rs); an `Arc<Hierarchy>` converts too.
    let h = Hierarchy::github();
    let read = RequireScopeLayer::new("read:org".parse().unwrap(), h.clone());
    let write = RequireScopeLayer::new("write:org".parse().unwrap(), Arc::new(h));
    for (layer, granted, status) in [
        (&read, "admin:org", 200),
        (&write, "admin:org", 200),
        (&write, "read:org", 403),
    ] {
        let mut service = layer.layer(Echo::default());
        let response = now(service.call(request(Some(granted)))).unwrap();
        assert_eq!(response.status(), status, "{granted}");
    }
}

mod with_axum {
    use super::*;
    use axum::body::Body;
    use axum::routing::{delete, get, post};
    use axum::Router;

    /// Method, path, granted scope; status and challenge.
    type Case<'a> = (&'a str, &'a str, Option<&'a str>, u16, Option<&'a str>);

    fn app() -> Router {
        let h = Hierarchy::exact();
        let require = |need: &str| {
            RequireScopeLayer::new(need.parse().unwrap(), h.clone())
                .with_realm("api")
                .unwrap()
        };
        // Router::route_layer on each group of routes, merged; and
        // MethodRouter::route_layer for two methods of one path.
        let reads = Router::new()
            .route("/items", get(|| async { "list" }))
            .route_layer(require("api:read"));
        let deletes = Router::new()
            .route("/items/{id}", delete(|| async { "deleted" }))
            .route_layer(require(r#""api:write api:read" | "api:admin""#));
        Router::new().merge(reads).merge(deletes).route(
            "/items",
            post(|| async { "created" }).route_layer(require("api:write api:read")),
        )
    }

    async fn send(
        app: &mut Router,
        method: &str,
        path: &str,
        granted: Option<&str>,
    ) -> (u16, Option<String>) {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .body(Body::empty())
            .unwrap();
        if let Some(scope) = granted {
            let scope = ScopeSet::parse_with(scope, &oauth_scope::ParseOptions::lenient()).unwrap();
            request
                .extensions_mut()
                .insert(GrantedScope(scope.into_owned()));
        }
        // A Router is always ready.
        respond(&app.call(request).await.unwrap())
    }

    fn respond(response: &axum::response::Response) -> (u16, Option<String>) {
        let challenge = response
            .headers()
            .get(WWW_AUTHENTICATE)
            .map(|v| v.to_str().unwrap().to_string());
        (response.status().as_u16(), challenge)
    }

    #[test]
    fn works_as_route_layer() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let mut app = app();
        let cases: [Case<'_>; 10] = [
            (
                "GET",
                "/items",
                None,
                401,
                Some(r#"Bearer realm="api", scope="api:read""#),
            ),
            ("GET", "/items", Some("api:read"), 200, None),
            (
                "POST",
                "/items",
                Some("api:read"),
                403,
                Some(
                    r#"Bearer realm="api", scope="api:read api:write", error="insufficient_scope""#,
                ),
            ),
            ("POST", "/items", Some("api:write api:read"), 200, None),
            (
                "DELETE",
                "/items/7",
                Some(""),
                403,
                Some(
                    r#"Bearer realm="api", scope="api:read api:write", error="insufficient_scope""#,
                ),
            ),
            ("DELETE", "/items/7", Some("api:admin"), 200, None),
            ("DELETE", "/items/7", Some("api:read api:write"), 200, None),
            // Outside the routes the layer is not there: 404 and 405.
            ("GET", "/nowhere", None, 404, None),
            ("PUT", "/items", None, 405, None),
            ("GET", "/items/7", Some("api:admin"), 405, None),
        ];
        for (method, path, granted, status, challenge) in cases {
            let got = runtime.block_on(send(&mut app, method, path, granted));
            assert_eq!(
                got,
                (status, challenge.map(str::to_string)),
                "{method} {path} {granted:?}"
            );
        }
    }
}

/// Sends `request` through `layer` and answers with the status and the one
/// `WWW-Authenticate` value.
fn through(layer: &RequireScopeLayer, request: Request<String>) -> (u16, Option<String>) {
    let mut service = layer.layer(Echo::default());
    let (status, challenge, _) = answer(now(service.call(request)).unwrap());
    (status, challenge)
}

#[test]
fn answers_in_the_scheme_the_request_used_and_offers_dpop() {
    let dpop_layer = layer("repo").with_dpop("ES256 PS256").unwrap();
    let meta = format!(r#"resource_metadata="{METADATA}""#);

    // No credentials: both schemes offered, Bearer first, in one value.
    assert_eq!(
        through(&dpop_layer, request(None)),
        (
            401,
            Some(format!(
                r#"Bearer realm="api", scope="repo", {meta}, DPoP algs="ES256 PS256""#
            ))
        )
    );
    // Without DPoP enabled, only Bearer.
    assert_eq!(
        through(&layer("repo"), request(None)),
        (
            401,
            Some(format!(r#"Bearer realm="api", scope="repo", {meta}"#))
        )
    );

    // A DPoP-bound token that falls short: 403 in the DPoP scheme, with algs.
    let mut dpop_request = request(Some("gist"));
    dpop_request.headers_mut().insert(
        "authorization",
        "DPoP Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"
            .parse()
            .unwrap(),
    );
    assert_eq!(
        through(&dpop_layer, dpop_request),
        (
            403,
            Some(format!(
                r#"DPoP realm="api", scope="repo", error="insufficient_scope", {meta}, algs="ES256 PS256""#
            ))
        )
    );
    // The same without `with_dpop`: the DPoP scheme, no algs.
    let mut dpop_request = request(Some("gist"));
    dpop_request
        .headers_mut()
        .insert("authorization", "dpop abc".parse().unwrap());
    assert_eq!(
        through(&layer("repo"), dpop_request).1.as_deref(),
        Some(
            r#"DPoP realm="api", scope="repo", error="insufficient_scope", resource_metadata="https://api.example/.well-known/oauth-protected-resource""#
        )
    );
    // A Bearer token: Bearer, whatever the layer accepts.
    let mut bearer_request = request(Some("gist"));
    bearer_request
        .headers_mut()
        .insert("authorization", "Bearer abc".parse().unwrap());
    let (status, challenge) = through(&dpop_layer, bearer_request);
    assert_eq!(status, 403);
    assert!(challenge.unwrap().starts_with("Bearer realm="));
    assert!(layer("repo").with_dpop("ES256\r\n").is_err());
}

#[test]
fn answers_an_invalid_token_with_the_routes_scope_and_metadata() {
    use oauth_scope::tower::InvalidToken;
    let meta = format!(r#"resource_metadata="{METADATA}""#);
    let marked = |description: Option<&str>, authorization: Option<&str>| {
        let mut r = request(None);
        r.extensions_mut()
            .insert(InvalidToken(description.map(String::from)));
        if let Some(a) = authorization {
            r.headers_mut().insert("authorization", a.parse().unwrap());
        }
        r
    };
    assert_eq!(
        through(
            &layer("repo"),
            marked(Some("The access token expired"), Some("Bearer x"))
        ),
        (
            401,
            Some(format!(
                r#"Bearer realm="api", scope="repo", error="invalid_token", error_description="The access token expired", {meta}"#
            ))
        )
    );
    // A description RFC 6749 Appendix A.8 refuses is left out, not escaped.
    assert_eq!(
        through(&layer("repo"), marked(Some("bad \"quote\"\r\n"), None)),
        (
            401,
            Some(format!(
                r#"Bearer realm="api", scope="repo", error="invalid_token", {meta}"#
            ))
        )
    );
    // A bad DPoP proof: answered in the DPoP scheme, with algs.
    let dpop_layer = layer("repo").with_dpop("ES256").unwrap();
    assert_eq!(
        through(
            &dpop_layer,
            marked(Some("Invalid DPoP key binding"), Some("DPoP x"))
        ),
        (
            401,
            Some(format!(
                r#"DPoP realm="api", scope="repo", error="invalid_token", error_description="Invalid DPoP key binding", {meta}, algs="ES256""#
            ))
        )
    );
    // The mark wins over a granted scope the authenticating layer left.
    let mut both = marked(None, None);
    both.extensions_mut()
        .insert(GrantedScope(ScopeSet::parse("repo").unwrap().into_owned()));
    assert_eq!(through(&layer("repo"), both).0, 401);
}

/// How a client takes the scope of a challenge.
#[derive(Clone, Copy, Debug)]
enum Client {
    /// Asks for the challenge's scope alone (MCP 2025-11-25 SDK clients).
    Replacing,
    /// Asks for what it holds and the challenge's scope (MCP 2026-07-28).
    Union,
}

/// Replays a per-tool sequence against one layer per tool and counts the
/// authorizations the client makes; the authorization server grants what
/// is asked. `None` when a call still fails after three authorizations.
fn authorizations(style: oauth_scope::tower::ChallengeStyle, client: Client) -> Option<usize> {
    let tools = [
        ("list", "api:read"),
        ("create", "api:write"),
        ("delete", "api:admin"),
    ];
    let resource = ScopeSet::parse("api:read api:write api:admin").unwrap();
    let layers: Vec<(&str, RequireScopeLayer)> = tools
        .iter()
        .map(|&(tool, need)| {
            let layer = RequireScopeLayer::new(need.parse().unwrap(), Hierarchy::exact())
                .with_style(style)
                .with_resource_scopes(&resource);
            (tool, layer)
        })
        .collect();
    let sequence = ["list", "create", "list", "delete", "create", "list"];
    let mut held: Option<ScopeSet<'static>> = None;
    let mut count = 0;
    for tool in sequence {
        let layer = &layers.iter().find(|(t, _)| *t == tool).unwrap().1;
        let mut tries = 0;
        loop {
            let (status, challenge) = through(
                layer,
                request(held.as_ref().map(ToString::to_string).as_deref()),
            );
            if status == 200 {
                break;
            }
            tries += 1;
            if tries > 3 {
                return None;
            }
            let asked = Challenge::parse(&challenge.unwrap())
                .unwrap()
                .scope()
                .unwrap()
                .clone();
            held = Some(match (client, &held) {
                (Client::Union, Some(h)) => h.union(&asked).into_owned(),
                _ => asked,
            });
            count += 1;
        }
    }
    Some(count)
}

/// The measurement behind the default `ChallengeStyle`: a replacing client
/// needs 6 authorizations for this sequence when the 403 names only the
/// required scope (it loses `api:read` when it asks for `api:write`, and so
/// on) and 3 when it names the granted tokens too; a union client needs 3
/// either way. `RequiredAndGranted` is the default.
#[test]
fn challenge_styles_against_replacing_and_union_clients() {
    use oauth_scope::tower::ChallengeStyle;
    let table: Vec<_> = [ChallengeStyle::Required, ChallengeStyle::RequiredAndGranted]
        .into_iter()
        .flat_map(|style| {
            [Client::Replacing, Client::Union]
                .into_iter()
                .map(move |client| (style, client, authorizations(style, client)))
        })
        .collect();
    let counts: Vec<Option<usize>> = table.iter().map(|(_, _, n)| *n).collect();
    assert_eq!(counts, [Some(6), Some(3), Some(3), Some(3)], "{table:?}");
    assert_eq!(
        ChallengeStyle::default(),
        ChallengeStyle::RequiredAndGranted
    );
}

#[test]
fn the_default_style_names_the_granted_tokens_of_the_resource_too() {
    let plain = RequireScopeLayer::new("repo".parse().unwrap(), Hierarchy::github());
    assert_eq!(
        through(&plain, request(Some("gist read:org"))),
        (
            403,
            Some(r#"Bearer scope="gist read:org repo", error="insufficient_scope""#.into())
        )
    );
    // With the resource's scopes known, only those granted ones.
    let scoped = plain.with_resource_scopes(&ScopeSet::parse("repo gist").unwrap());
    assert_eq!(
        through(&scoped, request(Some("gist read:org")))
            .1
            .as_deref(),
        Some(r#"Bearer scope="gist repo", error="insufficient_scope""#)
    );
    // A 401 names the required scope alone: nothing is granted.
    assert_eq!(
        through(&scoped, request(None)).1.as_deref(),
        Some(r#"Bearer scope="repo""#)
    );
}

#[test]
fn a_resource_policy_hands_out_layers_with_its_settings() {
    use oauth_scope::tower::ResourcePolicy;
    let policy = ResourcePolicy::new(Hierarchy::github())
        .with_realm("api")
        .unwrap()
        .with_resource_metadata(METADATA)
        .unwrap()
        .with_dpop("ES256")
        .unwrap();
    let read = policy.layer("read:org".parse().unwrap());
    let write = policy.layer("write:org".parse().unwrap());
    assert_eq!(policy.scopes_supported().to_string(), "read:org write:org");
    let meta = format!(r#"resource_metadata="{METADATA}""#);
    // Every layer has the realm, the metadata URL and DPoP.
    assert_eq!(
        through(&write, request(None)).1.unwrap(),
        format!(r#"Bearer realm="api", scope="write:org", {meta}, DPoP algs="ES256""#)
    );
    // The granted tokens named are the resource's: `gist` is not.
    assert_eq!(
        through(&write, request(Some("read:org gist"))).1.unwrap(),
        format!(
            r#"Bearer realm="api", scope="read:org write:org", error="insufficient_scope", {meta}"#
        )
    );
    assert_eq!(through(&read, request(Some("admin:org"))).0, 200);
    // Set scopes are not extended by the layers.
    let fixed = ResourcePolicy::new(Hierarchy::exact())
        .with_scopes_supported(&ScopeSet::parse("a b").unwrap());
    let _c = fixed.layer("c".parse().unwrap());
    assert_eq!(fixed.scopes_supported().to_string(), "a b");
    // Clones share what is collected.
    let shared = ResourcePolicy::new(Hierarchy::exact());
    let clone = shared.clone();
    let _x = clone.layer("x".parse().unwrap());
    assert_eq!(shared.scopes_supported().to_string(), "x");
}

#[test]
fn a_handler_checks_a_per_operation_requirement() {
    use oauth_scope::tower::{InvalidToken, ResourcePolicy};
    let policy = ResourcePolicy::new(Hierarchy::exact())
        .with_realm("mcp")
        .unwrap();
    let tools = [
        ("list", policy.layer("files:read".parse().unwrap())),
        ("write", policy.layer("files:write".parse().unwrap())),
    ];
    let check = |tool: &str, r: Request<String>| -> Result<(), (u16, String)> {
        let (parts, _) = r.into_parts();
        let layer = &tools.iter().find(|(t, _)| *t == tool).unwrap().1;
        layer
            .check::<String>(&parts.headers, &parts.extensions)
            .map_err(|response| {
                let challenge = response.headers()[WWW_AUTHENTICATE]
                    .to_str()
                    .unwrap()
                    .to_string();
                (response.status().as_u16(), challenge)
            })
    };
    assert_eq!(check("list", request(Some("files:read"))), Ok(()));
    assert_eq!(
        check("write", request(Some("files:read"))),
        Err((
            403,
            r#"Bearer realm="mcp", scope="files:read files:write", error="insufficient_scope""#
                .into()
        ))
    );
    assert_eq!(
        check("write", request(None)),
        Err((401, r#"Bearer realm="mcp", scope="files:write""#.into()))
    );
    let mut expired = request(None);
    expired
        .extensions_mut()
        .insert(InvalidToken(Some("expired".into())));
    assert_eq!(
        check("list", expired),
        Err((
            401,
            r#"Bearer realm="mcp", scope="files:read", error="invalid_token", error_description="expired""#.into()
        ))
    );
}

#[test]
fn granted_scope_is_an_axum_extractor() {
    use axum::body::Body;
    use axum::routing::get;
    let mut app = axum::Router::new().route(
        "/scope",
        get(|GrantedScope(scope): GrantedScope| async move { scope.to_string() }),
    );
    let mut with = Request::get("/scope").body(Body::empty()).unwrap();
    with.extensions_mut()
        .insert(GrantedScope(ScopeSet::parse("b a").unwrap().into_owned()));
    let response = now(app.call(with)).unwrap();
    assert_eq!(response.status(), 200);
    let without = Request::get("/scope").body(Body::empty()).unwrap();
    let response = now(app.call(without)).unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(response.headers()[WWW_AUTHENTICATE], "Bearer");
}

#[test]
fn a_layer_chooses_the_requirement_per_request() {
    use oauth_scope::tower::{ChooseScopeLayer, ResourcePolicy, ScopeChoice};
    let policy = ResourcePolicy::new(Hierarchy::github())
        .with_style(oauth_scope::tower::ChallengeStyle::Required)
        .with_realm("api")
        .unwrap();
    let read = policy.layer("read:org".parse().unwrap());
    let admin = policy.layer("admin:org".parse().unwrap());
    let layer = ChooseScopeLayer::new(move |parts: &http::request::Parts| match parts.uri.path() {
        "/read" => ScopeChoice::Require(read.clone()),
        "/admin" => ScopeChoice::Require(admin.clone()),
        _ => ScopeChoice::Public,
    });
    let echo = Echo::default();
    let mut service = layer.layer(echo.clone());
    let mut to = |path: &str, granted: Option<&str>| {
        let mut r = request(granted);
        *r.uri_mut() = path.parse().unwrap();
        let (status, challenge, _) = answer(now(service.call(r)).unwrap());
        (status, challenge)
    };
    assert_eq!(to("/read", Some("write:org")).0, 200);
    assert_eq!(
        to("/admin", Some("write:org")),
        (
            403,
            Some(r#"Bearer realm="api", scope="admin:org", error="insufficient_scope""#.into())
        )
    );
    assert_eq!(
        to("/read", None),
        (401, Some(r#"Bearer realm="api", scope="read:org""#.into()))
    );
    // No requirement chosen: the request goes through, credentials or not.
    assert_eq!(to("/public", None).0, 200);
    assert_eq!(echo.calls.load(Ordering::SeqCst), 2);
    assert_eq!(policy.scopes_supported().to_string(), "admin:org read:org");
}

#[test]
fn granted_tokens_that_imply_the_resources_scopes_are_named_too() {
    use oauth_scope::tower::ResourcePolicy;
    let policy = ResourcePolicy::new(Hierarchy::github());
    let _status = policy.layer("repo:status".parse().unwrap());
    let workflow = policy.layer("workflow".parse().unwrap());
    // `repo` is no scope of the resource, but it implies `repo:status`: a
    // client that replaces its scope must keep it.
    assert_eq!(
        through(&workflow, request(Some("repo gist offline_access")))
            .1
            .as_deref(),
        Some(r#"Bearer scope="repo workflow", error="insufficient_scope""#)
    );
    // Without the resource's scopes, every granted token but
    // `offline_access` (MCP 2026-07-28: no resource requirement).
    let plain = RequireScopeLayer::new("workflow".parse().unwrap(), Hierarchy::github());
    assert_eq!(
        through(&plain, request(Some("repo offline_access")))
            .1
            .as_deref(),
        Some(r#"Bearer scope="repo workflow", error="insufficient_scope""#)
    );
    // Unless the operation requires it.
    let refresh = RequireScopeLayer::new("offline_access api".parse().unwrap(), Hierarchy::exact());
    assert_eq!(
        through(&refresh, request(Some("offline_access")))
            .1
            .as_deref(),
        Some(r#"Bearer scope="api offline_access", error="insufficient_scope""#)
    );
}

#[test]
fn the_extractor_answers_a_marked_invalid_token() {
    use axum::body::Body;
    use axum::routing::get;
    use oauth_scope::tower::InvalidToken;
    let mut app = axum::Router::new().route(
        "/scope",
        get(|GrantedScope(scope): GrantedScope| async move { scope.to_string() }),
    );
    let mut marked = Request::get("/scope").body(Body::empty()).unwrap();
    marked
        .extensions_mut()
        .insert(InvalidToken(Some("expired".into())));
    let response = now(app.call(marked)).unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(
        response.headers()[WWW_AUTHENTICATE],
        r#"Bearer error="invalid_token", error_description="expired""#
    );
}

#[test]
fn a_rejected_dpop_proof_gets_a_dpop_challenge_and_the_nonce() {
    use oauth_scope::tower::DpopRejected;
    let meta = format!(r#"resource_metadata="{METADATA}""#);
    let dpop_layer = layer("repo").with_dpop("ES256").unwrap();
    let marked = |mark: DpopRejected| {
        let mut r = request(Some("repo"));
        r.extensions_mut().insert(mark);
        r
    };
    // RFC 9449 §9: the nonce the next proof must carry, in DPoP-Nonce.
    let mut service = dpop_layer.layer(Echo::default());
    let response = now(service.call(marked(DpopRejected {
        nonce: Some("eyJ7S_zG.eyJH0-Z.HX4w-7v".into()),
        description: Some("Resource server requires nonce in DPoP proof".into()),
    })))
    .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(response.headers()["dpop-nonce"], "eyJ7S_zG.eyJH0-Z.HX4w-7v");
    assert_eq!(
        response.headers()[WWW_AUTHENTICATE],
        format!(
            r#"DPoP realm="api", scope="repo", error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof", {meta}, algs="ES256""#
        )
        .as_str()
    );
    // A bad proof without a nonce: invalid_dpop_proof, no DPoP-Nonce.
    let mut service = dpop_layer.layer(Echo::default());
    let response = now(service.call(marked(DpopRejected::default()))).unwrap();
    assert!(response.headers().get("dpop-nonce").is_none());
    assert_eq!(
        response.headers()[WWW_AUTHENTICATE],
        format!(
            r#"DPoP realm="api", scope="repo", error="invalid_dpop_proof", {meta}, algs="ES256""#
        )
        .as_str()
    );
    // A nonce with a character outside NQCHAR is not sent.
    let mut service = dpop_layer.layer(Echo::default());
    let response = now(service.call(marked(DpopRejected {
        nonce: Some("a\"b".into()),
        description: None,
    })))
    .unwrap();
    assert!(response.headers().get("dpop-nonce").is_none());
}
