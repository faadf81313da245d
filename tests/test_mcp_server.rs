//! Starts the MCP example (`examples/mcp_server.rs`) on 127.0.0.1 with an
//! ephemeral port and checks its JSON-RPC endpoint over real HTTP: the 401
//! that starts discovery, the metadata it points to (RFC 9728), each tool's
//! own requirement checked in the handler, and the 403s a client steps up
//! from. Then it counts the scope glue of the example, which the README
//! quotes.

#[path = "util/http.rs"]
mod http;
#[allow(dead_code)]
#[path = "../examples/mcp_server.rs"]
mod mcp_server;

use std::net::SocketAddr;

use http::{send, send_body};
use oauth_scope::ScopeSet;

const ISSUER: &str = "https://auth.example";

fn start() -> SocketAddr {
    let tokens: mcp_server::Tokens = std::sync::Arc::default();
    {
        let mut t = tokens.lock().unwrap();
        for (token, scope) in [
            ("reader", "files:read"),
            ("writer", "files:read files:write"),
            ("admin", "files:admin"),
        ] {
            t.insert(token.into(), ScopeSet::parse(scope).unwrap().into_owned());
        }
    }
    http::serve(move |base| mcp_server::app(base, ISSUER, mcp_server::table(tokens)))
}

fn call(addr: SocketAddr, token: Option<&str>, method: &str, params: &str) -> http::Answer {
    let auth = token.map(|t| format!("Authorization: Bearer {t}"));
    let headers: Vec<&str> = auth.iter().map(String::as_str).collect();
    let body = format!(r#"{{"jsonrpc":"2.0","id":1,"method":"{method}","params":{params}}}"#);
    send_body(addr, "POST", "/mcp", &headers, &body)
}

#[test]
fn the_endpoint_and_each_tool_have_their_requirement() {
    let addr = start();
    let meta =
        format!(r#"resource_metadata="http://{addr}/.well-known/oauth-protected-resource/mcp""#);
    let tool = |name: &str| format!(r#"{{"name":"{name}","arguments":{{"path":"a.txt"}}}}"#);

    // No token: 401 naming the endpoint's scope and the metadata URL.
    let a = call(addr, None, "initialize", "{}");
    assert_eq!(a.status, 401);
    assert_eq!(
        a.challenges,
        [format!(r#"Bearer realm="mcp", scope="files:read", {meta}"#)]
    );

    // The metadata: the resource is the endpoint (RFC 9728 §3.3), with its
    // authorization server and every scope the tools name.
    let m = send(
        addr,
        "GET",
        "/.well-known/oauth-protected-resource/mcp",
        &[],
    );
    assert_eq!(m.status, 200);
    let m: serde_json::Value = serde_json::from_str(&m.body).unwrap();
    assert_eq!(m["resource"], format!("http://{addr}/mcp"));
    assert_eq!(m["authorization_servers"], serde_json::json!([ISSUER]));
    assert_eq!(
        m["scopes_supported"],
        serde_json::json!(["files:admin", "files:read", "files:write"])
    );

    // The metadata is outside the authenticating layer: a refused token
    // does not hide it.
    let with_bad_token = send(
        addr,
        "GET",
        "/.well-known/oauth-protected-resource/mcp",
        &["Authorization: Bearer stolen"],
    );
    assert_eq!(with_bad_token.status, 200);
    // A DPoP-bound token is refused: this server verifies no proof.
    let mut dpop = call(addr, None, "tools/list", "{}");
    assert_eq!(dpop.status, 401);
    dpop = send_body(
        addr,
        "POST",
        "/mcp",
        &["Authorization: DPoP reader"],
        r#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#,
    );
    assert_eq!(dpop.status, 401);
    assert!(
        dpop.challenges[0].starts_with("DPoP "),
        "{:?}",
        dpop.challenges
    );

    // A reader lists the tools and reads; writing needs more.
    assert_eq!(call(addr, Some("reader"), "tools/list", "{}").status, 200);
    let read = call(addr, Some("reader"), "tools/call", &tool("read_file"));
    assert_eq!(read.status, 200);
    assert!(read.body.contains("contents of a.txt"), "{}", read.body);
    let write = call(addr, Some("reader"), "tools/call", &tool("write_file"));
    assert_eq!(write.status, 403);
    assert_eq!(
        write.challenges,
        [format!(
            r#"Bearer realm="mcp", scope="files:read files:write", error="insufficient_scope", {meta}"#
        )]
    );
    // A writer writes; deleting names what it holds too, so a client that
    // replaces its scope keeps reading and writing.
    assert_eq!(
        call(addr, Some("writer"), "tools/call", &tool("write_file")).status,
        200
    );
    let delete = call(addr, Some("writer"), "tools/call", &tool("delete_file"));
    assert_eq!(delete.status, 403);
    assert_eq!(
        delete.challenges,
        [format!(
            r#"Bearer realm="mcp", scope="files:admin files:read files:write", error="insufficient_scope", {meta}"#
        )]
    );
    // files:admin implies the others.
    assert_eq!(
        call(addr, Some("admin"), "tools/call", &tool("write_file")).status,
        200
    );
    // An unknown token: 401 invalid_token with the endpoint's scope.
    let stolen = call(addr, Some("stolen"), "tools/list", "{}");
    assert_eq!(stolen.status, 401);
    assert_eq!(
        stolen.challenges,
        [format!(
            r#"Bearer realm="mcp", scope="files:read", error="invalid_token", error_description="unknown token", {meta}"#
        )]
    );
    // An unknown tool is a JSON-RPC error, not an authorization one.
    let unknown = call(addr, Some("admin"), "tools/call", &tool("format_disk"));
    assert_eq!(unknown.status, 200);
    assert!(unknown.body.contains("-32602"), "{}", unknown.body);
}

/// The lines of scope work a user writes in the example (between the
/// `scope glue` markers, without blank lines and comments), which the
/// README quotes; the goal was under 40.
#[test]
fn the_scope_glue_is_counted_in_the_readme() {
    let example = include_str!("../examples/mcp_server.rs");
    let mut counting = false;
    let mut lines = 0;
    for line in example.lines().map(str::trim) {
        match line {
            "// scope glue: start" => counting = true,
            "// scope glue: end" => counting = false,
            l if counting && !l.is_empty() && !l.starts_with("//") => lines += 1,
            _ => {}
        }
    }
    assert!(lines < 40, "{lines} lines of scope glue");
    let readme = include_str!("../README.md");
    let quoted = format!("{lines} lines of scope glue");
    assert!(readme.contains(&quoted), "README should say {quoted:?}");
}
