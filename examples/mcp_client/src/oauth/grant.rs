//! The authorization code grant with PKCE (RFC 6749 §4.1, RFC 7636), the
//! refresh token grant (RFC 6749 §6), both with the resource indicator of
//! RFC 8707, and the authorization response checks of RFC 9207.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use oauth_scope::ScopeSet;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::discovery::AuthorizationServer;
use super::registration::Client;
use crate::codec;
use crate::error::{Error, Result};
use crate::http;
use crate::url::Url;

/// How long a person has to finish an authorization in a browser.
const BROWSER_TIMEOUT: Duration = Duration::from_mins(5);

/// A token response (RFC 6749 §5.1), as far as the client uses it.
#[derive(Debug)]
pub(crate) struct Tokens {
    pub(crate) access_token: String,
    pub(crate) refresh_token: Option<String>,
    /// The response's `scope`: `None` when absent (or unreadable), which
    /// RFC 6749 §5.1 makes "as requested".
    pub(crate) scope: Option<ScopeSet<'static>>,
}

/// The loopback redirect URI of a native application (RFC 8252 §7.3): a
/// listener on 127.0.0.1 at a port the system picks, open for the whole
/// run, so that the URI registered is the one every authorization uses.
#[derive(Debug)]
pub(crate) struct Redirect {
    listener: TcpListener,
    uri: String,
}

impl Redirect {
    /// Opens the listener.
    ///
    /// # Errors
    ///
    /// `Io` when no port can be bound.
    pub(crate) fn bind() -> Result<Self> {
        let io = |source| Error::Io {
            doing: "listening for the authorization redirect on 127.0.0.1".to_owned(),
            source,
        };
        let listener = TcpListener::bind("127.0.0.1:0").map_err(io)?;
        let port = listener.local_addr().map_err(io)?.port();
        Ok(Self {
            listener,
            uri: format!("http://127.0.0.1:{port}/callback"),
        })
    }

    /// The redirect URI.
    pub(crate) fn uri(&self) -> &str {
        &self.uri
    }

    /// Waits for the browser to bring the authorization response, and
    /// returns its query.
    fn wait(&self) -> Result<String> {
        let io = |source| Error::Io {
            doing: format!("waiting for the authorization redirect at {}", self.uri),
            source,
        };
        self.listener.set_nonblocking(true).map_err(io)?;
        let deadline = Instant::now() + BROWSER_TIMEOUT;
        loop {
            match self.listener.accept() {
                Ok((stream, _)) => {
                    if let Some(query) = answer_browser(&stream) {
                        return Ok(query);
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    if Instant::now() > deadline {
                        return Err(Error::auth("no authorization response came back in time"));
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(e) => return Err(io(e)),
            }
        }
    }
}

/// Reads a browser's request to the redirect URI; answers it, and returns
/// its query when it is the callback.
fn answer_browser(stream: &TcpStream) -> Option<String> {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut line = String::new();
    // One line, with a size limit: a stray connection cannot fill memory.
    let _ = BufReader::new(stream).take(8192).read_line(&mut line);
    let target = line.split(' ').nth(1).unwrap_or_default();
    let query = target.strip_prefix("/callback?").map(str::to_owned);
    let (status, text) = match &query {
        Some(_) => (
            "200 OK",
            "The MCP client has the authorization response: you can close this window.",
        ),
        None => ("404 Not Found", "Not the authorization callback."),
    };
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    );
    query
}

/// What one authorization request needs.
#[derive(Debug)]
pub(crate) struct Authorization<'a> {
    pub(crate) server: &'a AuthorizationServer,
    pub(crate) client: &'a Client,
    pub(crate) redirect: &'a Redirect,
    /// `None`: the `scope` parameter is omitted.
    pub(crate) scope: Option<&'a ScopeSet<'static>>,
    /// The resource indicator, byte for byte the metadata's `resource`.
    pub(crate) resource: &'a str,
}

impl Authorization<'_> {
    /// Runs the authorization code grant: the authorization request with
    /// PKCE S256 and `state`, its response checked, then the token request.
    ///
    /// The authorization request is made by the client itself with
    /// redirects off. An authorization server that redirects at once
    /// (one that needs no person, as the conformance suite's does) answers
    /// with the redirect URI in `Location`, which the client reads without
    /// following; any other answer means a person must sign in, and the
    /// URL is printed for a browser whose redirect reaches the loopback
    /// listener.
    ///
    /// # Errors
    ///
    /// `Auth` when the response is an error, or its `state` or `iss` is
    /// wrong; the errors of the token request.
    pub(crate) fn run(&self) -> Result<Tokens> {
        // RFC 7636 §4.1: 32 random octets give a 43-character verifier.
        let verifier = codec::base64url(&random::<32>()?);
        let challenge = codec::base64url(&Sha256::digest(verifier.as_bytes()));
        let state = codec::base64url(&random::<16>()?);
        let scope = self.scope.map(ToString::to_string);
        let mut params = vec![
            ("response_type", "code"),
            ("client_id", self.client.id.as_str()),
            ("redirect_uri", self.redirect.uri()),
            ("state", &state),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
        ];
        if let Some(scope) = &scope {
            params.push(("scope", scope));
        }
        params.push(("resource", self.resource));
        let url = self
            .server
            .authorization_endpoint
            .with_query(&codec::form(&params));

        let response = http::get(&Url::parse(&url)?, &[])?;
        let redirected = response
            .header("location")
            .filter(|_| (300..400).contains(&response.status))
            .and_then(|location| {
                let (base, query) = location.split_once('?').unwrap_or((location, ""));
                (base == self.redirect.uri())
                    .then(|| query.split('#').next().unwrap_or_default().to_owned())
            });
        let query = if let Some(query) = redirected {
            query
        } else {
            eprintln!("mcp-client: open this URL in a browser to authorize:\n  {url}");
            self.redirect.wait()?
        };
        let code = self.read_response(&query, &state)?;

        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", self.redirect.uri()),
            ("code_verifier", verifier.as_str()),
            ("resource", self.resource),
        ];
        token_request(self.server, self.client, &mut form)
    }

    /// The authorization response's checks, in order: an `error` ends the
    /// run (RFC 6749 §4.1.2.1); `state` must be the one sent (§10.12);
    /// `iss` (RFC 9207 §2.4) must be the issuer when present, and must be
    /// present when the server says it sends it. Then the `code`.
    fn read_response(&self, query: &str, state: &str) -> Result<String> {
        let params = codec::form_decode(query);
        let get = |name: &str| {
            params
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        if let Some(error) = get("error") {
            let description = get("error_description")
                .map(|d| format!(": {d}"))
                .unwrap_or_default();
            return Err(Error::auth(format!(
                "the authorization server refused: {error}{description}"
            )));
        }
        if get("state") != Some(state) {
            return Err(Error::auth(
                "the authorization response's state is not the one sent",
            ));
        }
        let issuer = &self.server.issuer;
        match get("iss") {
            Some(iss) if iss != issuer => {
                return Err(Error::auth(format!(
                    "the authorization response comes from iss {iss:?}, not {issuer:?} (RFC 9207): not redeeming its code"
                )));
            }
            None if self.server.iss_parameter_supported => {
                return Err(Error::auth(format!(
                    "{issuer} says it sends iss, and the authorization response has none (RFC 9207): not redeeming its code"
                )));
            }
            _ => {}
        }
        match get("code") {
            Some(code) if !code.is_empty() => Ok(code.to_owned()),
            _ => Err(Error::auth("the authorization response has no code")),
        }
    }
}

/// The refresh token grant (RFC 6749 §6), with the resource indicator
/// (RFC 8707 §2.2) and, when given, a scope within the original grant.
///
/// # Errors
///
/// The errors of the token request.
pub(crate) fn refresh(
    server: &AuthorizationServer,
    client: &Client,
    refresh_token: &str,
    scope: Option<&ScopeSet<'static>>,
    resource: &str,
) -> Result<Tokens> {
    let scope = scope.map(ToString::to_string);
    let mut form = vec![
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token),
    ];
    if let Some(scope) = &scope {
        form.push(("scope", scope));
    }
    form.push(("resource", resource));
    token_request(server, client, &mut form)
}

/// The client authentication method at the token endpoint, as the MCP
/// SDKs choose it: the one registered, if the server supports it (or
/// lists none); else `client_secret_basic` (RFC 6749 §2.3.1), then
/// `client_secret_post`, for a client with a secret; else `none` (a public
/// client, RFC 6749 §2.1). RFC 8414 §2 makes an absent list mean
/// `client_secret_basic`.
fn auth_method<'a>(server: &'a AuthorizationServer, client: &'a Client) -> &'a str {
    let supported = &server.token_endpoint_auth_methods;
    let listed = |m: &str| supported.iter().any(|s| s == m);
    if supported.is_empty() {
        return if client.secret.is_some() {
            "client_secret_basic"
        } else {
            "none"
        };
    }
    if let Some(method) = client.auth_method.as_deref() {
        if ["client_secret_basic", "client_secret_post", "none"].contains(&method) && listed(method)
        {
            return method;
        }
    }
    if client.secret.is_some() && listed("client_secret_basic") {
        "client_secret_basic"
    } else if client.secret.is_some() && listed("client_secret_post") {
        "client_secret_post"
    } else if listed("none") || client.secret.is_none() {
        "none"
    } else {
        "client_secret_post"
    }
}

fn token_request<'a>(
    server: &'a AuthorizationServer,
    client: &'a Client,
    form: &mut Vec<(&'a str, &'a str)>,
) -> Result<Tokens> {
    let endpoint = &server.token_endpoint;
    let mut headers = vec![
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Accept", "application/json"),
    ];
    let basic;
    let secret = client.secret.as_deref().unwrap_or_default();
    match auth_method(server, client) {
        "client_secret_basic" => {
            // RFC 6749 §2.3.1: each part form-encoded before Base64.
            let pair = format!(
                "{}:{}",
                codec::form_encode(&client.id),
                codec::form_encode(secret)
            );
            basic = format!("Basic {}", codec::base64(pair.as_bytes()));
            headers.push(("Authorization", &basic));
        }
        "client_secret_post" => {
            form.push(("client_id", &client.id));
            form.push(("client_secret", secret));
        }
        _ => form.push(("client_id", &client.id)),
    }
    let response = http::post(endpoint, &headers, codec::form(form).as_bytes())?;
    let answer: Option<Value> = serde_json::from_slice(&response.body).ok();
    let text = |name: &str| {
        answer
            .as_ref()
            .and_then(|a| a.get(name))
            .and_then(Value::as_str)
    };
    if !response.is_success() {
        // RFC 6749 §5.2.
        let error = match (text("error"), text("error_description")) {
            (Some(e), Some(d)) => format!("{e}: {d}"),
            (Some(e), None) => e.to_owned(),
            _ => response.excerpt(),
        };
        return Err(Error::auth(format!(
            "the token endpoint {endpoint} answered {}: {error}",
            response.status
        )));
    }
    let Some(access_token) = text("access_token").filter(|t| !t.is_empty()) else {
        return Err(Error::protocol(format!(
            "the token response of {endpoint} has no access_token"
        )));
    };
    match text("token_type") {
        Some(t) if t.eq_ignore_ascii_case("bearer") => {}
        other => {
            return Err(Error::protocol(format!(
                "the token response of {endpoint} has token_type {other:?}; this client uses Bearer tokens only (RFC 6750)"
            )));
        }
    }
    let scope = match text("scope") {
        None | Some("") => None,
        Some(s) => match ScopeSet::parse(s) {
            Ok(set) => Some(set.into_owned()),
            Err(e) => {
                eprintln!("mcp-client: ignoring the token response's scope {s:?}: {e}");
                None
            }
        },
    };
    Ok(Tokens {
        access_token: access_token.to_owned(),
        refresh_token: text("refresh_token").map(str::to_owned),
        scope,
    })
}

/// `N` bytes from the operating system's random source.
fn random<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0; N];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::auth(format!("no random bytes from the system: {e}")))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(methods: &[&str]) -> AuthorizationServer {
        AuthorizationServer {
            issuer: "http://localhost:1".to_owned(),
            authorization_endpoint: Url::parse("http://localhost:1/authorize").unwrap(),
            token_endpoint: Url::parse("http://localhost:1/token").unwrap(),
            registration_endpoint: None,
            scopes_supported: None,
            token_endpoint_auth_methods: methods.iter().map(|&m| m.to_owned()).collect(),
            client_id_metadata_document_supported: false,
            iss_parameter_supported: false,
        }
    }

    fn client(secret: bool, method: Option<&str>) -> Client {
        Client {
            id: "id".to_owned(),
            secret: secret.then(|| "secret".to_owned()),
            auth_method: method.map(str::to_owned),
        }
    }

    #[test]
    fn auth_methods() {
        let cases = [
            (&[][..], client(true, None), "client_secret_basic"),
            (&[][..], client(false, None), "none"),
            (
                &["client_secret_basic"][..],
                client(true, None),
                "client_secret_basic",
            ),
            (
                &["client_secret_post"][..],
                client(true, Some("client_secret_post")),
                "client_secret_post",
            ),
            (
                &["client_secret_basic", "client_secret_post"][..],
                client(true, Some("client_secret_post")),
                "client_secret_post",
            ),
            (&["none"][..], client(false, Some("none")), "none"),
            // A secret handed out by a server that lists only `none`.
            (&["none"][..], client(true, None), "none"),
            (
                &["private_key_jwt"][..],
                client(true, None),
                "client_secret_post",
            ),
        ];
        for (methods, client, expected) in cases {
            assert_eq!(
                auth_method(&server(methods), &client),
                expected,
                "{methods:?} {client:?}"
            );
        }
    }

    #[test]
    fn pkce_s256() {
        // RFC 7636 Appendix B.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert_eq!(
            codec::base64url(&Sha256::digest(verifier.as_bytes())),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }
}
