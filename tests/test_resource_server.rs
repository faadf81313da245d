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

/// The key the authorization server and the resource server share.
const KEY: &[u8] = b"a key shared by the authorization server and this resource";
const ISSUER: &str = "https://auth.example";
const AUDIENCE: &str = "https://rs.example/items";

/// Base64url without padding (RFC 7515 §2).
fn b64url(bytes: &[u8]) -> String {
    resource_server::encode_base64(
        bytes,
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
        false,
    )
}

/// A JWS of `claims` with `header`, signed with HS256 and `key`.
fn jws(header: &serde_json::Value, claims: &serde_json::Value, key: &[u8]) -> String {
    use hmac::Mac;
    let signed = format!(
        "{}.{}",
        b64url(header.to_string().as_bytes()),
        b64url(claims.to_string().as_bytes())
    );
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
    mac.update(signed.as_bytes());
    format!("{signed}.{}", b64url(&mac.finalize().into_bytes()))
}

/// The claims of an access token for this resource, valid until 2100, with
/// `extra` members added or replaced.
fn access_token_claims(extra: &serde_json::Value) -> serde_json::Value {
    let mut claims = serde_json::json!({
        "iss": ISSUER, "aud": AUDIENCE, "exp": 4_102_444_800_u64,
        "sub": "alice", "client_id": "c1", "iat": 1, "jti": "j1",
    });
    let members = claims.as_object_mut().unwrap();
    for (name, value) in extra.as_object().unwrap() {
        members.insert(name.clone(), value.clone());
    }
    claims
}

/// A key shorter than the hash is refused (RFC 7518 §3.2).
#[test]
fn an_hs256_key_has_32_bytes_at_least() {
    let err = Verifier::jwt(&[7; 31], ISSUER, AUDIENCE).err().unwrap();
    assert_eq!(
        err,
        "an HS256 key has at least 32 bytes (RFC 7518 §3.2), not 31"
    );
    assert!(Verifier::jwt(&[7; 32], ISSUER, AUDIENCE).is_ok());
}

/// The example serving with its JWT verifier.
fn jwt_server() -> SocketAddr {
    serve(|base_url| {
        resource_server::app(
            Verifier::jwt(KEY, ISSUER, AUDIENCE).unwrap(),
            base_url,
            AUTHORIZATION_SERVER,
        )
    })
}

fn bearer(token: &str) -> String {
    format!("Authorization: Bearer {token}")
}

/// JWT access tokens (RFC 9068) that pass every check grant the scope of
/// their `scope` (or `scp`) claim.
#[test]
fn verifies_jwt_access_tokens() {
    use serde_json::json;

    let addr = jwt_server();
    let e = Expect::new(addr);
    let at = json!({"alg": "HS256", "typ": "at+jwt"});
    let read = jws(
        &at,
        &access_token_claims(&json!({"scope": "api:read"})),
        KEY,
    );
    let writer = jws(
        &at,
        &access_token_claims(&json!({"scp": ["api:read", "api:write"]})),
        KEY,
    );
    let ok = |status: u16, token: &str, method: &'static str| {
        let got = send(addr, method, "/items", &[&bearer(token)]);
        assert_eq!(got.status, status, "{method} {token}: {got:?}");
        got
    };
    ok(200, &read, "GET");
    let got = ok(403, &read, "POST");
    assert_eq!(got.challenges, [e.insufficient("api:read api:write")]);
    // `scp` as an array, as Okta writes it.
    ok(201, &writer, "POST");
    // `aud` as an array with this resource in it; `typ` in its long form.
    let long = json!({"alg": "HS256", "typ": "application/at+jwt"});
    let many = access_token_claims(&json!({"scope": "api:read", "aud": ["other", AUDIENCE]}));
    ok(200, &jws(&long, &many, KEY), "GET");
}

/// Each check of `JwtVerifier` refuses the token that fails it with 401
/// `invalid_token`, saying why in `error_description`.
// One table of tokens, one row per check.
#[allow(clippy::too_many_lines)]
#[test]
fn refuses_jwt_access_tokens_that_fail_a_check() {
    use serde_json::json;

    let addr = jwt_server();
    let e = Expect::new(addr);
    let at = json!({"alg": "HS256", "typ": "at+jwt"});
    let claims = |extra: serde_json::Value| access_token_claims(&extra);
    let read = jws(&at, &claims(json!({"scope": "api:read"})), KEY);
    let refused = |token: String, why: &str| {
        let got = send(addr, "GET", "/items", &[&bearer(&token)]);
        let want = e.invalid_token("api:read").replace(
            r#"error="invalid_token""#,
            &format!(r#"error="invalid_token", error_description="{why}""#),
        );
        assert_eq!((got.status, &got.challenges), (401, &vec![want]), "{why}");
    };
    refused(
        jws(&at, &claims(json!({"scope": "api:read"})), b"another key"),
        "The signature is not valid",
    );
    let mut tampered = read.clone();
    tampered.insert_str(tampered.find('.').unwrap() + 1, "e30");
    refused(tampered, "The signature is not valid");
    refused(
        jws(
            &json!({"alg": "HS512", "typ": "at+jwt"}),
            &claims(json!({})),
            KEY,
        ),
        "The access token is not an HS256 at+jwt",
    );
    refused(
        jws(
            &json!({"alg": "none", "typ": "at+jwt"}),
            &claims(json!({})),
            KEY,
        ),
        "The access token is not an HS256 at+jwt",
    );
    // An ID token (typ JWT, or none) is not an access token (RFC 9068 §4).
    refused(
        jws(
            &json!({"alg": "HS256", "typ": "JWT"}),
            &claims(json!({})),
            KEY,
        ),
        "The access token is not an HS256 at+jwt",
    );
    refused(
        jws(&json!({"alg": "HS256"}), &claims(json!({})), KEY),
        "The access token is not an HS256 at+jwt",
    );
    refused(
        jws(&at, &claims(json!({"iss": "https://evil.example"})), KEY),
        "The access token is not for this resource",
    );
    refused(
        jws(
            &at,
            &claims(json!({"aud": "https://rs.example/other"})),
            KEY,
        ),
        "The access token is not for this resource",
    );
    refused(
        jws(&at, &claims(json!({"scope": "api:read", "exp": 1})), KEY),
        "The access token expired",
    );
    // A scope claim that is not a valid scope: refused, never read in part.
    refused(
        jws(&at, &claims(json!({"scope": "api:read  api:admin"})), KEY),
        "The access token's claims do not read",
    );
    refused(
        jws(&at, &claims(json!({"scp": ["api:read api:admin"]})), KEY),
        "The access token's claims do not read",
    );
    refused(
        jws(
            &at,
            &claims(json!({"scope": "api:read", "nbf": 4_102_444_000_u64})),
            KEY,
        ),
        "The access token is not valid yet",
    );
    refused(
        jws(
            &json!({"alg": "HS256", "typ": "at+jwt", "crit": ["exp"]}),
            &claims(json!({"scope": "api:read"})),
            KEY,
        ),
        "The access token has critical extensions",
    );
    // NumericDate with a fraction (RFC 7519 §2), and an nbf in the past.
    let fractional = claims(json!({"scope": "api:read", "exp": 4_102_444_800.5, "nbf": 1.5}));
    let got = send(
        addr,
        "GET",
        "/items",
        &[&bearer(&jws(&at, &fractional, KEY))],
    );
    assert_eq!(got.status, 200, "{got:?}");
    refused("a.b".to_string(), "The access token is not a JWS");
    refused(format!("{read}.x"), "The access token is not a JWS");
    // `{}` as the header: no `alg`.
    refused(
        "e30.e30.AA".to_string(),
        "The access token's header does not read",
    );
}
