//! Starts the axum example on 127.0.0.1 with an ephemeral port and checks
//! its answers over real HTTP: every status, and the exact
//! `WWW-Authenticate` values. Then the same server asks an RFC 7662
//! endpoint (a stand-in on another ephemeral port) instead of its table.

#[path = "util/http.rs"]
mod http;
#[allow(dead_code)]
#[path = "../examples/resource_server.rs"]
mod resource_server;

use http::{send, serve};

use std::net::SocketAddr;

use oauth_scope::{Challenge, ScopeSet};
use resource_server::Verifier;

/// The authorization server the example's metadata names.
const AUTHORIZATION_SERVER: &str = "https://auth.example";

/// The challenges of the example, with its realm and metadata URL.
struct Expect {
    metadata: String,
}

impl Expect {
    fn new(addr: SocketAddr) -> Self {
        Self {
            metadata: format!(
                r#"resource_metadata="http://{addr}/.well-known/oauth-protected-resource/items""#
            ),
        }
    }

    /// 401 without credentials: the required scope, no error code.
    fn no_token(&self, scope: &str) -> String {
        format!(
            r#"Bearer realm="example", scope="{scope}", {}"#,
            self.metadata
        )
    }

    /// 403: the whole required scope.
    fn insufficient(&self, scope: &str) -> String {
        format!(
            r#"Bearer realm="example", scope="{scope}", error="insufficient_scope", {}"#,
            self.metadata
        )
    }

    /// 401 for a token the authenticating middleware refused, answered by
    /// the route's layer with the route's scope.
    fn invalid_token(&self, scope: &str) -> String {
        format!(
            r#"Bearer realm="example", scope="{scope}", error="invalid_token", {}"#,
            self.metadata
        )
    }

    /// 400 or 401 from the authenticating middleware.
    fn error(&self, code: &str) -> String {
        format!(
            r#"Bearer realm="example", error="{code}", {}"#,
            self.metadata
        )
    }
}

/// Method, path, header lines; status and `WWW-Authenticate` value.
type Case<'a> = (&'a str, &'a str, &'a [&'a str], u16, Option<String>);

#[track_caller]
fn check(addr: SocketAddr, cases: &[Case<'_>]) {
    for (method, path, headers, status, challenge) in cases {
        let got = send(addr, method, path, headers);
        let want: Vec<String> = challenge.iter().cloned().collect();
        assert_eq!(
            (got.status, &got.challenges),
            (*status, &want),
            "{method} {path} {headers:?}: {got:?}"
        );
        // A client reads the challenge back: the status it means, the
        // metadata URL and the scope to ask for.
        if let Some(header) = got.challenges.first() {
            let parsed = Challenge::parse(header).unwrap();
            assert_eq!(parsed.status_code(), *status);
            assert!(parsed.resource_metadata().is_some());
        }
    }
}

// One table of requests against one running server.
#[allow(clippy::too_many_lines)]
#[test]
fn answers_with_the_right_status_and_challenge() {
    let addr =
        serve(|base_url| resource_server::app(Verifier::table(), base_url, AUTHORIZATION_SERVER));
    let e = Expect::new(addr);
    let read = "Authorization: Bearer read-token";
    let cases: &[Case<'_>] = &[
        ("GET", "/items", &[read], 200, None),
        // The scheme in any case (RFC 9110 §11.1).
        (
            "GET",
            "/items",
            &["Authorization: bearer read-token"],
            200,
            None,
        ),
        (
            "GET",
            "/items",
            &["Authorization: BEARER admin-token"],
            200,
            None,
        ),
        (
            "POST",
            "/items",
            &["Authorization: Bearer write-token"],
            201,
            None,
        ),
        (
            "DELETE",
            "/items",
            &["Authorization: Bearer admin-token"],
            204,
            None,
        ),
        (
            "DELETE",
            "/items",
            &["Authorization: Bearer write-token"],
            204,
            None,
        ),
        // No credentials: 401, the scope the operation requires, no error.
        ("GET", "/items", &[], 401, Some(e.no_token("api:read"))),
        (
            "POST",
            "/items",
            &[],
            401,
            Some(e.no_token("api:read api:write")),
        ),
        (
            "DELETE",
            "/items",
            &[],
            401,
            Some(e.no_token("api:read api:write")),
        ),
        // Another scheme is no Bearer credentials either (RFC 6750 §3.1).
        (
            "GET",
            "/items",
            &["Authorization: Basic dXNlcjpwYXNz"],
            401,
            Some(e.no_token("api:read")),
        ),
        // Not enough: 403 naming all that the operation requires. Holding
        // api:read, POST is told both tokens, not only api:write.
        (
            "POST",
            "/items",
            &[read],
            403,
            Some(e.insufficient("api:read api:write")),
        ),
        // The granted api:admin is named too (the default challenge style),
        // so that a client that replaces its scope does not lose it.
        (
            "POST",
            "/items",
            &["Authorization: bearer admin-token"],
            403,
            Some(e.insufficient("api:admin api:read api:write")),
        ),
        // An any-of names its first alternative, not the shorter api:admin.
        (
            "DELETE",
            "/items",
            &["Authorization: Bearer no-scope-token"],
            403,
            Some(e.insufficient("api:read api:write")),
        ),
        (
            "DELETE",
            "/items",
            &[read],
            403,
            Some(e.insufficient("api:read api:write")),
        ),
        (
            "GET",
            "/items",
            &["Authorization: Bearer no-scope-token"],
            403,
            Some(e.insufficient("api:read")),
        ),
        // Tokens that are not usable.
        (
            "GET",
            "/items",
            &["Authorization: Bearer nope"],
            401,
            Some(e.invalid_token("api:read")),
        ),
        (
            "GET",
            "/items",
            &["Authorization: Bearer expired-token"],
            401,
            Some(e.invalid_token("api:read")),
        ),
        (
            "GET",
            "/items",
            &["Authorization: Bearer revoked-token"],
            401,
            Some(e.invalid_token("api:read")),
        ),
        // Malformed credentials.
        (
            "GET",
            "/items",
            &["Authorization: Bearer"],
            400,
            Some(e.error("invalid_request")),
        ),
        (
            "GET",
            "/items",
            &["Authorization: Bearer read token"],
            400,
            Some(e.error("invalid_request")),
        ),
        (
            "GET",
            "/items",
            &["Authorization: Bearer read\"token"],
            400,
            Some(e.error("invalid_request")),
        ),
        (
            "GET",
            "/items",
            &[read, read],
            400,
            Some(e.error("invalid_request")),
        ),
        // Outside the routes.
        ("GET", "/missing", &[read], 404, None),
        ("PUT", "/items", &[read], 405, None),
    ];
    check(addr, cases);

    assert_eq!(
        send(addr, "GET", "/items", &[read]).body,
        "item-1\nitem-2\n"
    );
    // RFC 9728 §3.3: `resource` is the URL requested, the metadata is at
    // the well-known URL with its path inserted, and MCP wants an
    // authorization server listed.
    let metadata = send(
        addr,
        "GET",
        "/.well-known/oauth-protected-resource/items",
        &[],
    );
    assert_eq!(metadata.status, 200);
    let metadata: serde_json::Value = serde_json::from_str(&metadata.body).unwrap();
    assert_eq!(metadata["resource"], format!("http://{addr}/items"));
    assert_eq!(
        metadata["authorization_servers"],
        serde_json::json!([AUTHORIZATION_SERVER])
    );
    assert_eq!(
        metadata["scopes_supported"],
        serde_json::json!(["api:admin", "api:read", "api:write"])
    );
    assert_eq!(
        send(addr, "GET", "/.well-known/oauth-protected-resource", &[]).status,
        404
    );
}

#[test]
fn a_client_that_asks_for_the_challenge_scope_gets_through() {
    let addr =
        serve(|base_url| resource_server::app(Verifier::table(), base_url, AUTHORIZATION_SERVER));
    // Holding api:read, POST is refused ...
    let held = ScopeSet::parse("api:read").unwrap();
    let answer = send(
        addr,
        "POST",
        "/items",
        &["Authorization: Bearer read-token"],
    );
    assert_eq!(answer.status, 403);
    let challenge = Challenge::parse(&answer.challenges[0]).unwrap();
    // ... and the scope to ask for next (MCP SEP-2350: the union of what
    // was held and what the challenge names) is what write-token has, which
    // gets through instead of being refused for api:read.
    let next = held.union(challenge.scope().unwrap());
    assert_eq!(next.to_string(), "api:read api:write");
    let answer = send(
        addr,
        "POST",
        "/items",
        &["Authorization: Bearer write-token"],
    );
    assert_eq!(answer.status, 201);
}

/// A stand-in RFC 7662 endpoint: HTTP Basic client authentication, a form
/// body with `token`, a JSON answer.
fn introspection_endpoint(_: &str) -> axum::Router {
    use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
    use axum::http::{HeaderMap, StatusCode};
    use axum::response::IntoResponse;

    // "rs-client" and "s3cret:+/", each form-encoded (RFC 6749 §2.3.1).
    const CLIENT: &str = "Basic cnMtY2xpZW50OnMzY3JldCUzQSUyQiUyRg==";
    axum::Router::new().route(
        "/introspect",
        axum::routing::post(|headers: HeaderMap, body: String| async move {
            if headers.get(AUTHORIZATION).is_none_or(|v| v != CLIENT) {
                return StatusCode::UNAUTHORIZED.into_response();
            }
            let form = headers.get(CONTENT_TYPE).unwrap();
            assert_eq!(form, "application/x-www-form-urlencoded");
            let json = match body.as_str() {
                "token=remote%2Bread%3D&token_type_hint=access_token" => {
                    r#"{"active":true,"scope":"api:read","client_id":"c","exp":4102444800,"token_type":"Bearer"}"#
                }
                "token=remote-no-scope&token_type_hint=access_token" => r#"{"active":true}"#,
                _ => r#"{"active":false}"#,
            };
            ([(CONTENT_TYPE, "application/json")], json).into_response()
        }),
    )
}

#[test]
fn asks_an_introspection_endpoint() {
    let endpoint = serve(introspection_endpoint);
    let url = format!("http://{endpoint}/introspect");
    let verifier = Verifier::endpoint(&url, "rs-client", "s3cret:+/").unwrap();
    let addr =
        serve(move |base_url| resource_server::app(verifier, base_url, AUTHORIZATION_SERVER));
    let e = Expect::new(addr);
    let cases: &[Case<'_>] = &[
        (
            "GET",
            "/items",
            &["Authorization: Bearer remote+read="],
            200,
            None,
        ),
        (
            "POST",
            "/items",
            &["Authorization: bearer remote+read="],
            403,
            Some(e.insufficient("api:read api:write")),
        ),
        (
            "DELETE",
            "/items",
            &["Authorization: Bearer remote-no-scope"],
            403,
            Some(e.insufficient("api:read api:write")),
        ),
        (
            "GET",
            "/items",
            &["Authorization: Bearer read-token"],
            401,
            Some(e.invalid_token("api:read")),
        ),
        ("GET", "/items", &[], 401, Some(e.no_token("api:read"))),
    ];
    check(addr, cases);

    // The endpoint refuses the client: not the token's fault, so no
    // challenge.
    let verifier = Verifier::endpoint(&url, "rs-client", "wrong").unwrap();
    let addr =
        serve(move |base_url| resource_server::app(verifier, base_url, AUTHORIZATION_SERVER));
    let answer = send(
        addr,
        "GET",
        "/items",
        &["Authorization: Bearer remote+read="],
    );
    assert_eq!((answer.status, answer.challenges.len()), (503, 0));

    // Plain HTTP only on the loopback interface.
    for url in [
        "http://10.0.0.1:80/introspect",
        "https://127.0.0.1:80/x",
        "http://localhost:80/x",
    ] {
        assert!(Verifier::endpoint(url, "a", "b").is_err(), "{url}");
    }
    assert!(Verifier::endpoint("http://[::1]:80/x", "a", "b").is_ok());
}
