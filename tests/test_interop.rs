//! The client's side against a real authorization server: oidc-provider
//! (v9, `OpenID` Certified; tests/interop/server.mjs) on 127.0.0.1, and the
//! model resource server of `examples/resource_server.rs` asking it to
//! introspect tokens (RFC 7662); JWT access tokens (RFC 9068) for a second
//! resource, verified by a second instance of the same example with its
//! JWT verifier (HS256, the key shared through `JWT_HS256_KEY`).
//!
//! ```text
//! (cd tests/interop && npm ci)
//! cargo test --all-features --test test_interop -- --nocapture
//! ```
//!
//! Without `node` or `tests/interop/node_modules` the test says so loudly and
//! passes, except when `CI` is set: then it fails.

#[path = "util/interop.rs"]
mod interop;
#[allow(dead_code)]
#[path = "../examples/resource_server.rs"]
mod resource_server;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use oauth_scope::{Challenge, ErrorCode, Grant, Hierarchy, ScopeSet, StepUpErrorKind};
use resource_server::Verifier;
use serde_json::Value;

/// How long any one wait may take: a connection, a response.
const TIMEOUT: Duration = Duration::from_secs(20);

const CLIENT: &str = "Authorization: Basic Y2xpZW50OmNsaWVudC1zZWNyZXQ="; // client:client-secret
const RS: &str = "Authorization: Basic cnM6cnMtc2VjcmV0"; // rs:rs-secret
const OWNER_APPROVED: &str = "urn:oauth-scope:interop:grant-type:owner-approved";

/// What came back: the status, the header lines, the body.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    /// Every `WWW-Authenticate` value, in order.
    fn challenges(&self) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("www-authenticate"))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// One HTTP/1.1 exchange over a new connection to 127.0.0.1.
fn send(addr: SocketAddr, method: &str, path: &str, headers: &[&str], body: &str) -> Answer {
    assert!(addr.ip().is_loopback());
    let mut stream = TcpStream::connect_timeout(&addr, TIMEOUT).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    stream.set_write_timeout(Some(TIMEOUT)).unwrap();
    let headers: String = headers.iter().flat_map(|h| [*h, "\r\n"]).collect();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status = lines.next().unwrap()[9..12].parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Answer {
        status,
        headers,
        body: body.to_string(),
    }
}

/// `application/x-www-form-urlencoded`, for the few characters used here.
fn form(pairs: &[(&str, &str)]) -> String {
    let encode = |s: &str| {
        s.replace('%', "%25")
            .replace(':', "%3A")
            .replace('/', "%2F")
            .replace(' ', "+")
    };
    pairs
        .iter()
        .map(|(n, v)| format!("{n}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The key oidc-provider signs the second resource's JWT access tokens
/// with (HS256), and that resource's server verifies them with.
const JWT_KEY: &str = "the key oidc-provider and the JWT resource server share";

/// The authorization server and the resource servers, all listening.
struct Servers {
    _server: interop::AuthorizationServer,
    issuer: SocketAddr,
    rs: SocketAddr,
    /// The example again, verifying the JWT access tokens of the second
    /// resource.
    jwt_rs: SocketAddr,
    resource: String,
}

impl Servers {
    /// A token request; prints what the server answered.
    fn token(&self, params: &[(&str, &str)]) -> Answer {
        let form_ct = "Content-Type: application/x-www-form-urlencoded";
        let answer = send(
            self.issuer,
            "POST",
            "/token",
            &[CLIENT, form_ct],
            &form(params),
        );
        println!(
            "POST /token {params:?}\n  -> {} {}",
            answer.status, answer.body
        );
        answer
    }

    /// What the server says of `token`, asked as the resource server asks.
    fn introspect(&self, token: &str) -> Value {
        let form_ct = "Content-Type: application/x-www-form-urlencoded";
        let answer = send(
            self.issuer,
            "POST",
            "/token/introspection",
            &[RS, form_ct],
            &form(&[("token", token)]),
        );
        assert_eq!(answer.status, 200, "{answer:?}");
        println!("POST /token/introspection\n  -> {}", answer.body);
        answer.json()
    }

    /// A request to the resource server; prints the status and challenge.
    fn call(&self, method: &str, token: &str) -> Answer {
        call(self.rs, method, token)
    }
}

/// A request to a resource server; prints the status and challenge.
fn call(rs: SocketAddr, method: &str, token: &str) -> Answer {
    let auth = format!("Authorization: Bearer {token}");
    let answer = send(rs, method, "/items", &[&auth], "");
    println!(
        "{method} /items (resource server at {rs})\n  -> {} {:?}",
        answer.status,
        answer.challenges()
    );
    answer
}

/// Starts both servers, or `None` (after a loud message) when the
/// authorization server cannot run here and `CI` is not set.
fn start() -> Option<Servers> {
    if !interop::installed("test_interop", &["oidc-provider"]) {
        return None;
    }

    // The resource server's address first: the authorization server issues
    // tokens for it.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let rs = listener.local_addr().unwrap();
    let resource = format!("http://{rs}/");

    let (server, ready) =
        interop::AuthorizationServer::start(&[&resource], &[("JWT_HS256_KEY", JWT_KEY)]);
    println!("authorization server: {ready}; resource: {resource}");
    let port = server.port;
    let issuer: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();

    let verifier = Verifier::endpoint(
        &format!("http://{issuer}/token/introspection"),
        "rs",
        "rs-secret",
    )
    .unwrap();
    let base_url = format!("http://{rs}");
    // The second resource's server: the same example, verifying JWTs.
    let jwt_listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let jwt_rs = jwt_listener.local_addr().unwrap();
    let jwt_verifier = Verifier::jwt(
        JWT_KEY.as_bytes(),
        &format!("http://{issuer}"),
        &format!("{resource}jwt"),
    )
    .unwrap();
    let jwt_base_url = format!("http://{jwt_rs}");
    std::thread::spawn(move || {
        runtime.block_on(async move {
            let issuer = format!("http://{issuer}");
            let app = resource_server::app(verifier, &base_url, &issuer);
            let jwt_app = resource_server::app(jwt_verifier, &jwt_base_url, &issuer);
            tokio::try_join!(async { axum::serve(listener, app).await }, async {
                axum::serve(jwt_listener, jwt_app).await
            })
        })
    });
    Some(Servers {
        _server: server,
        issuer,
        rs,
        jwt_rs,
        resource,
    })
}

/// The claims set of a JWT (RFC 7519), unverified: its payload, base64url
/// decoded. Enough to read what the server put in its own token.
fn jwt_claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).expect("a JWT has a payload");
    let bytes =
        resource_server::base64url(payload).unwrap_or_else(|| panic!("not base64url: {payload}"));
    serde_json::from_slice(&bytes).unwrap()
}

fn set(s: &str) -> ScopeSet<'static> {
    ScopeSet::parse(s).unwrap().into_owned()
}

/// The `scope` member of a JSON object, if any.
fn scope_member(json: &Value) -> Option<ScopeSet<'static>> {
    json.get("scope")
        .map(|s| ScopeSet::parse(s.as_str().unwrap()).unwrap().into_owned())
}

// One flow against one server, step by step; split, the steps would have to
// hand the server and the tokens along.
#[allow(clippy::too_many_lines)]
#[test]
fn against_oidc_provider() {
    let Some(servers) = start() else { return };
    let resource = servers.resource.as_str();
    let exact = Hierarchy::exact();

    // 1. A token for a small scope.
    let requested = set("api:read");
    let answer = servers.token(&[
        ("grant_type", "client_credentials"),
        ("scope", "api:read"),
        ("resource", resource),
    ]);
    assert_eq!(answer.status, 200);
    let json = answer.json();
    let grant = Grant::from_response(&requested, scope_member(&json).as_ref(), &exact);
    assert_eq!(grant.granted(), &requested);
    assert!(!grant.is_narrowed());
    let token = json["access_token"].as_str().unwrap().to_string();

    // 2. The resource server, asking the real server, lets it read, not write.
    assert_eq!(servers.call("GET", &token).status, 200);
    let refused = servers.call("POST", &token);
    assert_eq!(refused.status, 403);
    let header = refused.challenges()[0].to_string();
    let challenge = Challenge::parse(&header).unwrap();
    assert_eq!(Challenge::parse_lenient(&header).unwrap(), challenge);
    assert_eq!(challenge.error(), Some(&ErrorCode::INSUFFICIENT_SCOPE));

    // 3. Step up: the union of the last request and the challenge.
    let next = requested.step_up(&challenge).unwrap();
    println!("step_up({requested}, {header}) = {next}");
    assert_eq!(next.to_string(), "api:read api:write");
    let answer = servers.token(&[
        ("grant_type", "client_credentials"),
        ("scope", &next.to_string()),
        ("resource", resource),
    ]);
    assert_eq!(answer.status, 200);
    let json = answer.json();
    let grant = Grant::from_response(&next, scope_member(&json).as_ref(), &exact);
    assert_eq!(grant.granted(), &next);
    let token = json["access_token"].as_str().unwrap().to_string();
    let accepted = servers.call("POST", &token);
    assert_eq!(accepted.status, 201, "{accepted:?}");
    // Asking the same again would loop.
    assert_eq!(
        next.step_up(&challenge).unwrap_err().kind(),
        StepUpErrorKind::NothingNew
    );

    // 4. Refresh (RFC 6749 §6): narrowing is allowed, broadening is not, and
    // the crate and the server agree.
    let original = set("api:read api:write");
    let answer = servers.token(&[
        ("grant_type", OWNER_APPROVED),
        ("scope", "api:read api:write"),
        ("resource", resource),
    ]);
    assert_eq!(answer.status, 200);
    let json = answer.json();
    assert_eq!(scope_member(&json).as_ref(), Some(&original));
    let refresh_token = json["refresh_token"].as_str().unwrap().to_string();

    let narrower = set("api:read");
    let ours = original.refresh(Some(&narrower), &exact).unwrap();
    let answer = servers.token(&[
        ("grant_type", "refresh_token"),
        ("refresh_token", &refresh_token),
        ("scope", "api:read"),
        ("resource", resource),
    ]);
    assert_eq!(answer.status, 200);
    let json = answer.json();
    let theirs = scope_member(&json).unwrap();
    println!("refresh to {narrower}: crate {ours}, server {theirs}");
    assert_eq!(theirs, ours);
    let narrowed_token = json["access_token"].as_str().unwrap().to_string();
    assert_eq!(
        scope_member(&servers.introspect(&narrowed_token)),
        Some(ours.clone())
    );
    assert_eq!(servers.call("GET", &narrowed_token).status, 200);
    assert_eq!(servers.call("POST", &narrowed_token).status, 403);

    let wider = set("api:read api:admin");
    let ours = original.refresh(Some(&wider), &exact).unwrap_err();
    let answer = servers.token(&[
        ("grant_type", "refresh_token"),
        ("refresh_token", &refresh_token),
        ("scope", "api:read api:admin"),
        ("resource", resource),
    ]);
    assert_eq!(answer.status, 400);
    let json = answer.json();
    println!(
        "refresh to {wider}: crate {:?} naming {}, server {json}",
        ours.error_code(),
        ours.scope()
    );
    assert_eq!(json["error"], ours.error_code().as_str());
    assert_eq!(json["error"], "invalid_scope");
    // oidc-provider names the tokens too, in a `scope` member of the error.
    assert_eq!(scope_member(&json).as_ref(), Some(ours.scope()));

    // Refresh without scope: the original scope.
    let answer = servers.token(&[
        ("grant_type", "refresh_token"),
        ("refresh_token", &refresh_token),
        ("resource", resource),
    ]);
    assert_eq!(answer.status, 200);
    assert_eq!(
        scope_member(&answer.json()),
        Some(original.refresh(None, &exact).unwrap())
    );

    // 5. Grant::from_response on responses that narrow or omit `scope`.
    // An unknown scope is dropped, and `scope` says so.
    let requested = set("api:read api:unknown");
    let answer = servers.token(&[
        ("grant_type", "client_credentials"),
        ("scope", "api:read api:unknown"),
        ("resource", resource),
    ]);
    let json = answer.json();
    let grant = Grant::from_response(&requested, scope_member(&json).as_ref(), &exact);
    println!(
        "from_response({requested}, {:?}): granted {:?}, denied {:?}, narrowed {}",
        json.get("scope"),
        grant.granted().to_string(),
        grant.denied().to_string(),
        grant.is_narrowed()
    );
    assert_eq!(grant.granted().to_string(), "api:read");
    assert_eq!(grant.denied().to_string(), "api:unknown");
    assert!(grant.is_narrowed());

    // The trap: everything requested was unknown, and `scope` is omitted,
    // which RFC 6749 §5.1 reads as "as requested". Introspection tells the
    // truth.
    let requested = set("api:unknown");
    let answer = servers.token(&[
        ("grant_type", "client_credentials"),
        ("scope", "api:unknown"),
        ("resource", resource),
    ]);
    assert_eq!(answer.status, 200);
    let json = answer.json();
    assert!(json.get("scope").is_none(), "{json}");
    let believed = Grant::from_response(&requested, None, &exact);
    assert_eq!(believed.granted(), &requested);
    let token = json["access_token"].as_str().unwrap().to_string();
    let introspected = servers.introspect(&token);
    assert_eq!(introspected["active"], true);
    let truth = scope_member(&introspected).unwrap_or_default();
    let grant = Grant::from_response(&requested, Some(&truth), &exact);
    println!(
        "omitted scope: believed {:?}; introspected {:?}: denied {:?}",
        believed.granted().to_string(),
        truth.to_string(),
        grant.denied().to_string()
    );
    assert!(grant.granted().is_empty());
    assert_eq!(grant.denied(), &requested);
    // And the resource server, which introspects, lets it do nothing.
    assert_eq!(servers.call("GET", &token).status, 403);

    // The same with JWT access tokens (RFC 9068), for the second resource:
    // the token's own `scope` claim tells the truth.
    let jwt_resource = format!("{resource}jwt");
    let claims_of = |scope: &str| {
        let answer = servers.token(&[
            ("grant_type", "client_credentials"),
            ("scope", scope),
            ("resource", &jwt_resource),
        ]);
        assert_eq!(answer.status, 200);
        let json = answer.json();
        let claims = jwt_claims(json["access_token"].as_str().unwrap());
        println!("  JWT claims: {claims}");
        (json, claims)
    };
    let requested = set("api:read api:write");
    let (json, claims) = claims_of("api:read api:write");
    let from_response = Grant::from_response(&requested, scope_member(&json).as_ref(), &exact);
    let from_claims = Grant::from_response(&requested, scope_member(&claims).as_ref(), &exact);
    assert_eq!(from_response, from_claims);
    assert_eq!(from_claims.granted(), &requested);
    assert!(from_claims.granted().covers(&set("api:write"), &exact));
    // The JWT resource's server verifies the token (signature, typ, iss,
    // aud, exp) and reads the same scope: both operations it allows.
    let token = json["access_token"].as_str().unwrap();
    assert_eq!(call(servers.jwt_rs, "POST", token).status, 201);
    assert_eq!(call(servers.jwt_rs, "DELETE", token).status, 204);
    // One byte of the signature changed: refused.
    let mut forged = token.to_string();
    let last = if forged.ends_with('A') { "B" } else { "A" };
    forged.replace_range(forged.len() - 1.., last);
    let answer = call(servers.jwt_rs, "GET", &forged);
    assert_eq!(answer.status, 401);
    let c = Challenge::parse(answer.challenges()[0]).unwrap();
    assert_eq!(c.error(), Some(&ErrorCode::INVALID_TOKEN));
    assert_eq!(c.error_description(), Some("The signature is not valid"));

    let (json, _) = claims_of("api:read");
    let token = json["access_token"].as_str().unwrap();
    assert_eq!(call(servers.jwt_rs, "GET", token).status, 200);
    let answer = call(servers.jwt_rs, "POST", token);
    assert_eq!(answer.status, 403);
    let c = Challenge::parse(answer.challenges()[0]).unwrap();
    assert_eq!(c.scope().unwrap().to_string(), "api:read api:write");
    // An opaque token of the first resource is no JWT here.
    let opaque = servers.token(&[
        ("grant_type", "client_credentials"),
        ("scope", "api:read"),
        ("resource", resource),
    ]);
    let opaque = opaque.json()["access_token"].as_str().unwrap().to_string();
    assert_eq!(call(servers.jwt_rs, "GET", &opaque).status, 401);

    let requested = set("api:unknown");
    let (json, claims) = claims_of("api:unknown");
    assert!(json.get("scope").is_none() && claims.get("scope").is_none());
    // No `scope` claim: the token holds no scope.
    let truth = scope_member(&claims).unwrap_or_default();
    assert_eq!(
        Grant::from_response(&requested, Some(&truth), &exact).denied(),
        &requested
    );

    // 6. The challenges oidc-provider's own resource endpoint (userinfo)
    // sends.
    let me = |headers: &[&str]| {
        let answer = send(servers.issuer, "GET", "/me", headers, "");
        println!(
            "GET /me {headers:?}\n  -> {} {:?}",
            answer.status,
            answer.challenges()
        );
        answer
    };
    let answer = me(&[]);
    assert_eq!(answer.status, 401);
    let bearer = answer.challenges()[0];
    let c = Challenge::parse(bearer).unwrap();
    assert_eq!(Challenge::parse_lenient(bearer).unwrap(), c);
    assert_eq!(c.error(), None);
    assert_eq!(
        c.realm(),
        Some(format!("http://{}", servers.issuer).as_str())
    );
    // The second line is a DPoP challenge alone.
    let dpop = answer.challenges()[1];
    assert_eq!(
        Challenge::parse(dpop).unwrap_err().to_string(),
        "no Bearer challenge in the header"
    );

    let answer = me(&["Authorization: Bearer not-a-token"]);
    assert_eq!(answer.status, 401);
    let c = Challenge::parse(answer.challenges()[0]).unwrap();
    assert_eq!(c.error(), Some(&ErrorCode::INVALID_TOKEN));
    assert_eq!(
        set("api:read").step_up(&c).unwrap_err().kind(),
        StepUpErrorKind::NotInsufficientScope
    );

    let auth = format!("Authorization: Bearer {narrowed_token}");
    let answer = me(&[&auth]);
    assert_eq!(answer.status, 403);
    let header = answer.challenges()[0];
    let c = Challenge::parse(header).unwrap();
    assert_eq!(Challenge::parse_lenient(header).unwrap(), c);
    assert_eq!(c.error(), Some(&ErrorCode::INSUFFICIENT_SCOPE));
    assert_eq!(
        set("api:read").step_up(&c).unwrap().to_string(),
        "api:read openid"
    );
}
