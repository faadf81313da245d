//! Starts the axum example on 127.0.0.1 with an ephemeral port and checks
//! its answers over real HTTP.

#[allow(dead_code)]
#[path = "../examples/resource_server.rs"]
mod resource_server;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

/// Sends a GET with an optional bearer token; returns the status and the
/// `WWW-Authenticate` header, if any.
fn get(addr: SocketAddr, path: &str, token: Option<&str>) -> (u16, Option<String>) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let auth = token
        .map(|t| format!("Authorization: {t}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    let challenge = response
        .lines()
        .find_map(|l| l.strip_prefix("www-authenticate: "))
        .map(str::to_string);
    (status, challenge)
}

#[test]
fn answers_with_the_right_status_and_challenge() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        runtime.block_on(async { axum::serve(listener, resource_server::app()).await })
    });

    let cases: [(&str, Option<&str>, u16, Option<&str>); 7] = [
        ("/repos/status", Some("Bearer token-repo"), 200, None),
        (
            "/workflows",
            Some("Bearer token-repo"),
            403,
            Some(r#"Bearer scope="workflow", error="insufficient_scope""#),
        ),
        (
            "/repos/status",
            Some("Bearer token-public"),
            403,
            Some(r#"Bearer scope="repo:status", error="insufficient_scope""#),
        ),
        (
            "/repos/status",
            None,
            401,
            Some(r#"Bearer realm="example""#),
        ),
        (
            "/repos/status",
            Some("Bearer nope"),
            401,
            Some(r#"Bearer realm="example", error="invalid_token""#),
        ),
        (
            "/repos/status",
            Some("Basic dXNlcjpwYXNz"),
            400,
            Some(r#"Bearer realm="example", error="invalid_request""#),
        ),
        ("/missing", Some("Bearer token-repo"), 404, None),
    ];
    for (path, token, status, challenge) in cases {
        let (got_status, got_challenge) = get(addr, path, token);
        assert_eq!(got_status, status, "{path} {token:?}");
        assert_eq!(got_challenge.as_deref(), challenge, "{path} {token:?}");
        // A client reads the challenge back and learns which scope to ask for.
        if let Some(header) = got_challenge {
            let parsed = oauth_scope::BearerChallenge::parse(&header).unwrap();
            assert_eq!(parsed.status_code(), status);
        }
    }
    assert!(!server.is_finished());
}
