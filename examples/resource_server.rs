//! A model resource server with axum: an authenticating middleware verifies
//! the bearer token and puts its scope into the request as a `GrantedScope`,
//! and the layer a `ResourcePolicy` hands each route answers 401 or 403 with
//! the challenge RFC 6750 §3 and the MCP authorization spec want. The
//! protected resource metadata (RFC 9728) of `/items` is served at
//! `/.well-known/oauth-protected-resource/items`, naming the authorization
//! server (`AUTHORIZATION_SERVER`, else `https://auth.example`) and the
//! scopes the routes require.
//!
//! ```text
//! cargo run --example resource_server --features tower,axum,serde
//! curl -i http://127.0.0.1:3000/items
//! curl -i -H 'Authorization: Bearer read-token' http://127.0.0.1:3000/items
//! curl -i -X POST -H 'Authorization: bearer read-token' http://127.0.0.1:3000/items
//! curl -i -X DELETE -H 'Authorization: Bearer admin-token' http://127.0.0.1:3000/items
//! ```
//!
//! | route | requires |
//! | --- | --- |
//! | `GET /items` | `api:read` (or `api:admin`, which implies it here) |
//! | `POST /items` | `api:write api:read`: both |
//! | `DELETE /items` | `"api:write api:read" \| "api:admin"`: both, or `api:admin` |
//!
//! Tokens are verified in one of two ways, and either way the scope is read
//! by the crate's [`Claims`]:
//!
//! - RFC 7662 introspection. By default the answers come from a fixed table
//!   ([`Verifier::table`]), so the example needs no authorization server;
//!   with `INTROSPECTION_URL` (an `http://` URL on the loopback interface),
//!   `INTROSPECTION_CLIENT_ID` and `INTROSPECTION_CLIENT_SECRET` set, it
//!   asks that endpoint instead.
//! - JWT access tokens (RFC 9068), with `JWT_HS256_KEY` (the key shared
//!   with the authorization server, as text), `JWT_ISSUER` and
//!   `JWT_AUDIENCE` (this resource's identifier) set: the signature (HS256,
//!   RFC 7518 §3.2), `typ`, `iss`, `aud` and `exp` are checked before the
//!   `scope` claim is read ([`JwtVerifier`]). A server whose authorization
//!   server signs with RS256 or ES256 checks the signature with that
//!   server's public key (its `jwks_uri`) instead; the rest is the same.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::Router;
use hmac::{Hmac, Mac};
use oauth_scope::serde::Claims;
use oauth_scope::tower::{GrantedScope, InvalidToken, MetadataService, ResourcePolicy};
use oauth_scope::{Challenge, ErrorCode, Hierarchy, ProtectedResourceMetadata, ScopeSet};
use serde::Deserialize;

const REALM: &str = "example";

/// The members of an RFC 7662 §2.2 introspection response that this server
/// reads; the others are ignored. The scope and `active` are the crate's
/// [`Claims`]: `scope` (else `scp`), each token validated, and an inactive
/// token granting nothing.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct Introspection {
    /// `active` and the scope the token grants.
    #[serde(flatten)]
    pub claims: Claims,
    /// Expiry, in seconds since the Unix epoch.
    #[serde(default)]
    pub exp: Option<u64>,
}

impl Introspection {
    /// What an unknown token introspects to.
    fn inactive() -> Self {
        serde_json::from_str(r#"{"active":false}"#).expect("an introspection response")
    }

    /// The scope the token grants when it can be used at `now`: active and
    /// not expired (a server must not trust `active` alone for `exp`).
    pub(crate) fn granted(self, now: u64) -> Option<ScopeSet<'static>> {
        let live = self.claims.is_active() && self.exp.is_none_or(|exp| exp > now);
        live.then(|| self.claims.granted().clone())
    }
}

/// How tokens are verified. Each mode answers with the scope a token grants,
/// or why it is refused, so the rest of the server does not know which one
/// runs.
pub(crate) enum Verifier {
    /// Fixed introspection responses, by token.
    Table(BTreeMap<String, Introspection>),
    /// An RFC 7662 endpoint on the loopback interface.
    Endpoint(IntrospectionEndpoint),
    /// JWT access tokens (RFC 9068) signed with a shared key.
    Jwt(JwtVerifier),
}

/// The introspection endpoint could not be asked, or answered with
/// something other than an introspection response.
#[derive(Debug)]
pub(crate) struct Unavailable(pub String);

impl Verifier {
    /// The demonstration tokens, as an authorization server would describe
    /// them (RFC 7662 §2.2).
    pub(crate) fn table() -> Self {
        let responses = [
            (
                "read-token",
                r#"{"active":true,"scope":"api:read","client_id":"reader","sub":"alice","exp":4102444800}"#,
            ),
            (
                "write-token",
                r#"{"active":true,"scope":"api:read api:write","client_id":"writer","sub":"bob"}"#,
            ),
            (
                "admin-token",
                r#"{"active":true,"scope":"api:admin","client_id":"admin"}"#,
            ),
            // No `scope` member: the token grants nothing.
            ("no-scope-token", r#"{"active":true,"client_id":"bare"}"#),
            (
                "expired-token",
                r#"{"active":true,"scope":"api:admin api:read api:write","exp":1}"#,
            ),
            ("revoked-token", r#"{"active":false}"#),
        ];
        Self::Table(
            responses
                .into_iter()
                .map(|(token, json)| {
                    let info = serde_json::from_str(json).expect("a valid introspection response");
                    (token.to_string(), info)
                })
                .collect(),
        )
    }

    /// An RFC 7662 endpoint, `http://` on the loopback interface, asked
    /// with HTTP Basic client authentication (RFC 6749 §2.3.1).
    ///
    /// # Errors
    ///
    /// When `url` is not `http://IP:PORT/PATH` with a loopback IP.
    pub(crate) fn endpoint(
        url: &str,
        client_id: &str,
        client_secret: &str,
    ) -> Result<Self, String> {
        IntrospectionEndpoint::new(url, client_id, client_secret).map(Verifier::Endpoint)
    }

    /// JWT access tokens signed with HS256 and `key`, issued by `issuer`
    /// for `audience`.
    ///
    /// # Errors
    ///
    /// A key under 32 bytes: RFC 7518 §3.2 wants a key at least as long as
    /// the hash (256 bits).
    pub(crate) fn jwt(key: &[u8], issuer: &str, audience: &str) -> Result<Self, String> {
        if key.len() < 32 {
            return Err(format!(
                "an HS256 key has at least 32 bytes (RFC 7518 §3.2), not {}",
                key.len()
            ));
        }
        Ok(Self::Jwt(JwtVerifier {
            key: key.to_vec(),
            issuer: issuer.to_string(),
            audience: audience.to_string(),
        }))
    }

    /// [`jwt`](Self::jwt) when `JWT_HS256_KEY` is set (with `JWT_ISSUER`
    /// and `JWT_AUDIENCE`); else [`endpoint`](Self::endpoint) when
    /// `INTROSPECTION_URL` is set (with `INTROSPECTION_CLIENT_ID` and
    /// `INTROSPECTION_CLIENT_SECRET`); else [`table`](Self::table).
    ///
    /// # Errors
    ///
    /// When a mode is chosen but its other variables are missing, or the
    /// introspection URL is not usable.
    pub(crate) fn from_env() -> Result<Self, String> {
        let var = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set"));
        if let Ok(key) = std::env::var("JWT_HS256_KEY") {
            return Self::jwt(key.as_bytes(), &var("JWT_ISSUER")?, &var("JWT_AUDIENCE")?);
        }
        let Ok(url) = std::env::var("INTROSPECTION_URL") else {
            return Ok(Self::table());
        };
        Self::endpoint(
            &url,
            &var("INTROSPECTION_CLIENT_ID")?,
            &var("INTROSPECTION_CLIENT_SECRET")?,
        )
    }

    /// The scope `token` grants at `now` (seconds since the Unix epoch), or
    /// why it is refused (an `error_description`, or none).
    ///
    /// # Errors
    ///
    /// [`Unavailable`] when the introspection endpoint cannot be asked.
    pub(crate) async fn verify(
        &self,
        token: &str,
        now: u64,
    ) -> Result<Result<ScopeSet<'static>, Option<&'static str>>, Unavailable> {
        let info = match self {
            Self::Table(table) => table
                .get(token)
                .cloned()
                .unwrap_or_else(Introspection::inactive),
            Self::Endpoint(endpoint) => endpoint.introspect(token).await?,
            Self::Jwt(jwt) => return Ok(jwt.verify(token, now).map(Claims::into_granted)),
        };
        Ok(info.granted(now).ok_or(None))
    }
}

/// Verifies a JWT access token (RFC 9068 §4) signed with HS256 and a key
/// shared with the authorization server, then reads its scope.
pub(crate) struct JwtVerifier {
    key: Vec<u8>,
    issuer: String,
    audience: String,
}

/// The JOSE header members checked (RFC 7515 §4.1).
#[derive(Deserialize)]
struct JoseHeader {
    alg: String,
    #[serde(default)]
    typ: Option<String>,
    /// Extensions the token says must be understood: this server knows
    /// none, so a token with `crit` is refused (RFC 7515 §4.1.11).
    #[serde(default)]
    crit: Option<serde::de::IgnoredAny>,
}

/// The claims checked before the scope is read (RFC 9068 §2.2); the scope
/// itself is the crate's [`Claims`].
#[derive(Deserialize)]
struct AccessTokenClaims {
    iss: String,
    aud: Audience,
    /// A `NumericDate`: seconds, possibly with a fraction (RFC 7519 §2).
    exp: f64,
    #[serde(default)]
    nbf: Option<f64>,
    #[serde(flatten)]
    scope: Claims,
}

/// `aud`: one string or an array of them (RFC 7519 §4.1.3).
#[derive(Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

impl JwtVerifier {
    /// The token's claims, once every check passes; else why not, in words
    /// a client may see (`error_description`).
    fn verify(&self, token: &str, now: u64) -> Result<Claims, Option<&'static str>> {
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(Some("The access token is not a JWS"));
        };
        let header_b64 = header;
        let header: JoseHeader = base64url(header)
            .and_then(|json| serde_json::from_slice(&json).ok())
            .ok_or(Some("The access token's header does not read"))?;
        // RFC 9068 §4: the algorithm this server expects, never `none`,
        // and the `at+jwt` type, so that an ID token is not taken for one.
        let typ = header.typ.unwrap_or_default().to_ascii_lowercase();
        if header.alg != "HS256" || !matches!(typ.as_str(), "at+jwt" | "application/at+jwt") {
            return Err(Some("The access token is not an HS256 at+jwt"));
        }
        if header.crit.is_some() {
            return Err(Some("The access token has critical extensions"));
        }
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&self.key).map_err(|_| None)?;
        // What the signature signs: `header.payload`, as sent.
        mac.update(&token.as_bytes()[..header_b64.len() + 1 + payload.len()]);
        let signature = base64url(signature).ok_or(Some("The signature does not read"))?;
        // A constant-time comparison.
        mac.verify_slice(&signature)
            .map_err(|_| Some("The signature is not valid"))?;
        let claims: AccessTokenClaims = base64url(payload)
            .and_then(|json| serde_json::from_slice(&json).ok())
            .ok_or(Some("The access token's claims do not read"))?;
        let for_us = match &claims.aud {
            Audience::One(aud) => *aud == self.audience,
            Audience::Many(auds) => auds.contains(&self.audience),
        };
        if claims.iss != self.issuer || !for_us {
            return Err(Some("The access token is not for this resource"));
        }
        // Seconds fit an f64 exactly for the next 285 million years.
        #[allow(clippy::cast_precision_loss)]
        let now = now as f64;
        if claims.exp <= now {
            return Err(Some("The access token expired"));
        }
        if claims.nbf.is_some_and(|nbf| nbf > now) {
            return Err(Some("The access token is not valid yet"));
        }
        Ok(claims.scope)
    }
}

/// Base64url without padding (RFC 4648 §5, RFC 7515 §2); `None` for
/// anything else.
pub(crate) fn base64url(text: &str) -> Option<Vec<u8>> {
    let mut bits = 0u32;
    let mut count = 0;
    let mut bytes = Vec::with_capacity(text.len() * 3 / 4);
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        bits = (bits << 6) | u32::from(value);
        count += 6;
        if count >= 8 {
            count -= 8;
            bytes.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    // Leftover bits must be zero, and one character alone is no byte.
    (bits == 0 && text.len() % 4 != 1).then_some(bytes)
}

/// An RFC 7662 introspection endpoint, asked over plain HTTP/1.1. Plain
/// HTTP is only for the loopback interface: anything else needs TLS, and a
/// real HTTP client.
pub(crate) struct IntrospectionEndpoint {
    addr: SocketAddr,
    path: String,
    /// `Basic …` of the client's credentials.
    authorization: String,
}

impl IntrospectionEndpoint {
    fn new(url: &str, client_id: &str, client_secret: &str) -> Result<Self, String> {
        let rest = url
            .strip_prefix("http://")
            .ok_or_else(|| format!("{url}: expected an http:// URL"))?;
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let addr: SocketAddr = authority
            .parse()
            .map_err(|_| format!("{url}: expected IP:PORT after http://"))?;
        if !addr.ip().is_loopback() {
            return Err(format!("{url}: plain HTTP only on the loopback interface"));
        }
        // RFC 6749 §2.3.1: each part form-encoded, then Base64.
        let credentials = format!("{}:{}", form_encode(client_id), form_encode(client_secret));
        Ok(Self {
            addr,
            path: if path.is_empty() { "/" } else { path }.to_string(),
            authorization: format!("Basic {}", base64(credentials.as_bytes())),
        })
    }

    /// POSTs `token` (RFC 7662 §2.1) and reads the JSON answer.
    async fn introspect(&self, token: &str) -> Result<Introspection, Unavailable> {
        let body = format!("token={}&token_type_hint=access_token", form_encode(token));
        let request = format!(
            "POST {} HTTP/1.1\r\nHost: {}\r\nAuthorization: {}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.path,
            self.addr,
            self.authorization,
            body.len(),
        );
        let fail =
            |what: &'static str| move |e: std::io::Error| Unavailable(format!("{what}: {e}"));
        let stream = tokio::net::TcpStream::connect(self.addr)
            .await
            .map_err(fail("connect"))?;
        write_all(&stream, request.as_bytes())
            .await
            .map_err(fail("send"))?;
        let response = read_to_end(&stream, 1 << 20)
            .await
            .map_err(fail("receive"))?;
        let body = http_body(&response)?;
        serde_json::from_slice(&body)
            .map_err(|e| Unavailable(format!("introspection response: {e}")))
    }
}

async fn write_all(stream: &tokio::net::TcpStream, mut bytes: &[u8]) -> std::io::Result<()> {
    while !bytes.is_empty() {
        stream.writable().await?;
        match stream.try_write(bytes) {
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Reads until the peer closes, at most `limit` bytes.
async fn read_to_end(stream: &tokio::net::TcpStream, limit: usize) -> std::io::Result<Vec<u8>> {
    let mut data = Vec::new();
    let mut buf = [0; 4096];
    loop {
        stream.readable().await?;
        match stream.try_read(&mut buf) {
            Ok(0) => return Ok(data),
            Ok(n) if data.len() + n > limit => {
                return Err(std::io::Error::other("response too large"));
            }
            Ok(n) => data.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(e),
        }
    }
}

/// The body of a `200` HTTP/1.1 response read to its end: by
/// `Content-Length`, chunked, or up to the close.
fn http_body(response: &[u8]) -> Result<Vec<u8>, Unavailable> {
    let bad = |what: &str| Unavailable(format!("introspection endpoint: {what}"));
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| bad("no end of headers"))?;
    let head = std::str::from_utf8(&response[..split]).map_err(|_| bad("headers not UTF-8"))?;
    let body = &response[split + 4..];
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap_or_default();
    if status.split(' ').nth(1) != Some("200") {
        return Err(bad(&format!("answered {status:?}")));
    }
    let header = |name: &str| {
        head.split("\r\n").skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    };
    if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        return dechunk(body).ok_or_else(|| bad("malformed chunked body"));
    }
    match header("content-length") {
        Some(len) => {
            let len: usize = len.parse().map_err(|_| bad("bad Content-Length"))?;
            body.get(..len)
                .map(<[u8]>::to_vec)
                .ok_or_else(|| bad("short body"))
        }
        None => Ok(body.to_vec()),
    }
}

/// Decodes a chunked body (RFC 9112 §7.1), ignoring extensions and trailers.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = body.windows(2).position(|w| w == b"\r\n")?;
        let size = std::str::from_utf8(&body[..line_end]).ok()?;
        let size = usize::from_str_radix(size.split(';').next()?.trim(), 16).ok()?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size + 2..)?;
    }
}

/// `application/x-www-form-urlencoded` for one value: unreserved characters
/// as they are, everything else `%XX`.
fn form_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Standard Base64 with padding (RFC 4648 §4).
fn base64(bytes: &[u8]) -> String {
    encode_base64(
        bytes,
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
        true,
    )
}

/// Base64 of `bytes` in `alphabet` (RFC 4648 §4, or §5 for base64url),
/// with `=` padding or without.
pub(crate) fn encode_base64(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(alphabet[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// The bearer token of the request (RFC 6750 §2.1): `Ok(None)` when there
/// are no Bearer credentials, `Err` when the `Authorization` header is
/// malformed. The scheme is case-insensitive (RFC 9110 §11.1).
fn bearer_token(headers: &HeaderMap) -> Result<Option<String>, ()> {
    let mut values = headers.get_all(AUTHORIZATION).iter();
    let (Some(value), None) = (values.next(), values.next()) else {
        // None at all, or two: a request may carry one set of credentials.
        return if headers.contains_key(AUTHORIZATION) {
            Err(())
        } else {
            Ok(None)
        };
    };
    let value = value.to_str().map_err(|_| ())?;
    let (scheme, token) = value.split_once(' ').unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("Bearer") {
        // Another scheme (Basic, DPoP): no Bearer credentials, which the
        // route's layer answers with 401 and no error code (RFC 6750 §3.1).
        return Ok(None);
    }
    // `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`
    let token = token.trim_start_matches(' ');
    let chars = token.trim_end_matches('=');
    let b64 = |b: u8| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b);
    if chars.is_empty() || !chars.bytes().all(b64) {
        return Err(());
    }
    Ok(Some(token.to_string()))
}

/// What the middleware needs.
struct Authenticator {
    verifier: Verifier,
    /// `realm` and `resource_metadata`.
    challenge: Challenge,
}

/// Verifies the bearer token and passes the request on with its
/// [`GrantedScope`]; without Bearer credentials it passes it on without
/// one, for the route's layer to answer 401 with the scope it requires.
async fn authenticate(
    State(auth): State<Arc<Authenticator>>,
    mut request: Request,
    next: Next,
) -> Response {
    let token = match bearer_token(request.headers()) {
        Ok(None) => return next.run(request).await,
        Ok(Some(token)) => token,
        Err(()) => {
            return auth
                .challenge
                .clone()
                .with_error(ErrorCode::INVALID_REQUEST)
                .into_response();
        }
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    match auth.verifier.verify(&token, now).await {
        Ok(Ok(scope)) => {
            request.extensions_mut().insert(GrantedScope(scope));
        }
        Ok(Err(why)) => {
            // Refused: the route's layer answers 401 `invalid_token` with
            // the route's scope and the metadata URL.
            let why = why.map(str::to_string);
            request.extensions_mut().insert(InvalidToken(why));
        }
        Err(Unavailable(why)) => {
            eprintln!("token introspection failed: {why}");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "token introspection failed\n",
            )
                .into_response();
        }
    }
    next.run(request).await
}

/// The routes, each behind the scope it requires, and the protected
/// resource metadata (RFC 9728) of the resource at `{base_url}/items`,
/// naming `authorization_server` (MCP: servers MUST list one).
///
/// The resource is `/items`, the URL clients request: RFC 9728 §3.3 has a
/// client that found the metadata through a challenge check that `resource`
/// is identical to that URL, so the metadata is at the well-known URL with
/// the path inserted (`/.well-known/oauth-protected-resource/items`).
pub(crate) fn app(verifier: Verifier, base_url: &str, authorization_server: &str) -> Router {
    let resource = ProtectedResourceMetadata::new(&format!("{base_url}/items"))
        .and_then(|m| m.with_authorization_server(authorization_server))
        .expect("valid URLs");
    // One policy for the resource: realm, metadata URL and hierarchy set
    // once, shared by every route.
    let policy =
        ResourcePolicy::new(Hierarchy::from_rules("api:admin => api:read").expect("valid rules"))
            .with_realm(REALM)
            .and_then(|p| p.with_resource_metadata(&resource.well_known_url()))
            .expect("a valid realm and URL");
    let require = |need: &str| policy.layer(need.parse().expect("a valid requirement"));
    let challenge = Challenge::new()
        .with_realm(REALM)
        .and_then(|c| c.with_resource_metadata(&resource.well_known_url()))
        .expect("a valid realm and URL");
    let router = Router::new()
        .route(
            "/items",
            get(|| async { "item-1\nitem-2\n" }).route_layer(require("api:read")),
        )
        .route(
            "/items",
            post(|| async { (StatusCode::CREATED, "item-3\n") })
                .route_layer(require("api:write api:read")),
        )
        .route(
            "/items",
            delete(|| async { StatusCode::NO_CONTENT })
                .route_layer(require(r#""api:write api:read" | "api:admin""#)),
        );
    // After every route: `scopes_supported` is what their requirements name.
    let metadata = MetadataService::new(&policy.metadata(resource));
    let path = metadata.path().to_owned();
    // The metadata route after the authenticating layer, so that it is
    // outside it: a client with an expired token still reads it.
    router
        .layer(middleware::from_fn_with_state(
            Arc::new(Authenticator {
                verifier,
                challenge,
            }),
            authenticate,
        ))
        .route_service(&path, metadata)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let verifier = Verifier::from_env()
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    let base_url = format!("http://{}", listener.local_addr()?);
    println!("listening on {base_url}");
    let issuer = std::env::var("AUTHORIZATION_SERVER")
        .unwrap_or_else(|_| "https://auth.example".to_string());
    axum::serve(listener, app(verifier, &base_url, &issuer)).await?;
    Ok(())
}
