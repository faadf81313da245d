//! An MCP client that is not ours against the MCP server of
//! `examples/mcp_server.rs`: the official MCP TypeScript SDK
//! (`@modelcontextprotocol/sdk`, pinned in `tests/interop/package.json`),
//! driven by `tests/interop/mcp_client.mjs`, with tokens from a real
//! authorization server, oidc-provider (`tests/interop/server.mjs`), and no
//! browser. The MCP server verifies tokens by asking oidc-provider to
//! introspect them (RFC 7662), with the introspection client of
//! `examples/resource_server.rs`.
//!
//! ```text
//! (cd tests/interop && npm ci)
//! cargo test --all-features --test test_interop_mcp -- --nocapture
//! ```
//!
//! The SDK does all of the OAuth work: the first 401's `resource_metadata`
//! and `scope`, discovery (RFC 9728, RFC 8414), dynamic client registration
//! (RFC 7591), the authorization code grant with PKCE and a resource
//! indicator (RFC 8707), and on each 403 `insufficient_scope` a new
//! authorization with the challenge's scope. The script fills in
//! oidc-provider's login and consent forms in place of a user.
//!
//! oidc-provider treats a client's registered `scope` as a ceiling, and the
//! SDK registers with the first challenge's scope (`files:read`); so that
//! the step-up can succeed, `server.mjs` widens a dynamic registration to the
//! MCP resource's scopes (see the top of that file). Each authorization
//! still asks for what the challenge names, and consent grants it. No
//! refresh tokens are issued to this client, so each step-up is a new
//! authorization: three in all.
//!
//! Without `node` or `tests/interop/node_modules` the test says so loudly and
//! passes, except when `CI` is set: then it fails.

#[path = "util/interop.rs"]
mod interop;
#[allow(dead_code)]
#[path = "../examples/mcp_server.rs"]
mod mcp_server;
#[allow(dead_code)]
#[path = "../examples/resource_server.rs"]
mod resource_server;

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use oauth_scope::{Challenge, ErrorCode, ScopeSet};
use resource_server::Verifier;
use serde_json::Value;

/// A [`mcp_server::Verify`] that introspects at `verifier`: the token's
/// scope when it is active and not expired, else `None`.
fn introspecting(verifier: Verifier) -> mcp_server::Verify {
    let verifier = Arc::new(verifier);
    Arc::new(move |token: String| {
        let verifier = Arc::clone(&verifier);
        Box::pin(async move {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            verifier.verify(&token, now).await.ok()?.ok()
        })
    })
}

fn set(s: &str) -> ScopeSet<'static> {
    ScopeSet::parse(s).unwrap().into_owned()
}

/// The `WWW-Authenticate` of an exchange, parsed, strictly and leniently
/// alike.
fn challenge(line: &Value) -> Challenge {
    let header = line["www_authenticate"]
        .as_str()
        .unwrap_or_else(|| panic!("no WWW-Authenticate: {line}"));
    let challenge = Challenge::parse(header).unwrap();
    assert_eq!(Challenge::parse_lenient(header).unwrap(), challenge);
    challenge
}

// One run of the client, checked exchange by exchange.
#[allow(clippy::too_many_lines)]
#[test]
fn sdk_client_against_mcp_example() {
    let packages = ["oidc-provider", "@modelcontextprotocol/sdk"];
    if !interop::installed("test_interop_mcp", &packages) {
        return;
    }

    // The MCP server's address first: the authorization server issues
    // tokens for its resource.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let mcp_url = format!("{base_url}/mcp");

    let (server, ready) =
        interop::AuthorizationServer::start(&[&format!("{base_url}/"), &mcp_url], &[]);
    let issuer = format!("http://127.0.0.1:{}", server.port);
    println!("authorization server: {ready}; MCP endpoint: {mcp_url}");

    let verifier =
        Verifier::endpoint(&format!("{issuer}/token/introspection"), "rs", "rs-secret").unwrap();
    let app = mcp_server::app(&base_url, &issuer, introspecting(verifier));
    std::thread::spawn(move || runtime.block_on(async move { axum::serve(listener, app).await }));

    // The client, to its end.
    let output = Command::new("node")
        .arg("mcp_client.mjs")
        .arg(&mcp_url)
        .current_dir(interop::dir())
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .expect("node starts");
    let stdout = String::from_utf8(output.stdout).unwrap();
    print!("{stdout}");
    let lines: Vec<Value> = stdout
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(output.status.success(), "the client failed: {stdout}");
    let of_kind =
        |kind: &str| -> Vec<&Value> { lines.iter().filter(|l| l["kind"] == kind).collect() };
    let http = of_kind("http");
    let to_mcp: Vec<&Value> = http
        .iter()
        .copied()
        .filter(|l| l["url"] == mcp_url.as_str() && l["method"] == "POST")
        .collect();

    // 1. connect: initialize, without a token, is refused with a challenge
    // that names the metadata and the endpoint's scope.
    let first = to_mcp[0];
    assert_eq!(first["rpc"], "initialize");
    assert_eq!(first["status"], 401, "{first}");
    let c = challenge(first);
    assert_eq!(c.error(), None);
    assert_eq!(
        c.resource_metadata(),
        Some(format!("{base_url}/.well-known/oauth-protected-resource/mcp").as_str())
    );
    assert_eq!(c.scope(), Some(&set("files:read")));
    assert!(first["www_authenticate"]
        .as_str()
        .unwrap()
        .contains(r#"scope="files:read""#));

    // The metadata names the issuer, the resource and its scopes.
    let metadata = http
        .iter()
        .find(|l| l["path"] == "/.well-known/oauth-protected-resource/mcp")
        .expect("the SDK fetched the protected resource metadata");
    assert_eq!(metadata["status"], 200);
    let metadata = &metadata["metadata"];
    assert_eq!(metadata["resource"], mcp_url.as_str());
    assert_eq!(metadata["authorization_servers"][0], issuer.as_str());
    let supported: Vec<&str> = metadata["scopes_supported"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(
        set(&supported.join(" ")),
        set("files:read files:write files:admin")
    );

    // Registered once, with the first challenge's scope, widened by the
    // server so that step-up can work.
    let registrations: Vec<&&Value> = http
        .iter()
        .filter(|l| l.get("client_id").is_some())
        .collect();
    assert_eq!(registrations.len(), 1, "{registrations:?}");
    assert_eq!(registrations[0]["status"], 201);
    assert_eq!(registrations[0]["scope_requested"], "files:read");
    assert_eq!(
        set(registrations[0]["scope_registered"].as_str().unwrap()),
        set("files:read files:write files:admin")
    );

    // 2. The 403s name the tool's requirement, and (ChallengeStyle's
    // default, RequiredAndGranted) the resource's tokens already granted.
    let refused: Vec<&&Value> = to_mcp.iter().filter(|l| l["status"] == 403).collect();
    assert_eq!(refused.len(), 2, "{refused:?}");
    let expected = [
        (
            "write_file",
            "files:write files:read",
            "files:read files:write",
        ),
        (
            "delete_file",
            "files:admin",
            "files:admin files:read files:write",
        ),
    ];
    for (line, (tool, required, named)) in refused.iter().zip(expected) {
        assert_eq!(line["tool"], tool, "{line}");
        let c = challenge(line);
        assert_eq!(c.error(), Some(&ErrorCode::INSUFFICIENT_SCOPE));
        let scope = c.scope().expect("a scope in the challenge");
        assert!(scope.is_superset(&set(required)), "{line}");
        assert_eq!(scope, &set(named), "{line}");
        assert_eq!(
            c.resource_metadata(),
            Some(format!("{base_url}/.well-known/oauth-protected-resource/mcp").as_str())
        );
    }

    // 3. The authorizations: each for what the last challenge named, for
    // the MCP resource, with PKCE; the first signs in, the later ones reuse
    // the session and only consent.
    let authorizations = of_kind("authorize");
    let scopes = [
        "files:read",
        "files:read files:write",
        "files:admin files:read files:write",
    ];
    assert_eq!(authorizations.len(), scopes.len(), "{authorizations:?}");
    for (i, (a, scope)) in authorizations.iter().zip(scopes).enumerate() {
        assert_eq!(set(a["scope"].as_str().unwrap()), set(scope), "{a}");
        assert_eq!(a["resource"], mcp_url.as_str());
        assert_eq!(a["code_challenge_method"], "S256");
        let forms = if i == 0 {
            vec!["login", "consent"]
        } else {
            vec!["consent"]
        };
        assert_eq!(a["forms"], serde_json::json!(forms), "{a}");
    }

    // Each code is exchanged for a token with exactly that scope.
    let tokens: Vec<&&Value> = http
        .iter()
        .filter(|l| l.get("grant_type").is_some())
        .collect();
    assert_eq!(tokens.len(), scopes.len(), "{tokens:?}");
    for (t, scope) in tokens.iter().zip(scopes) {
        assert_eq!(t["status"], 200, "{t}");
        assert_eq!(t["grant_type"], "authorization_code");
        assert_eq!(t["resource"], mcp_url.as_str());
        assert_eq!(set(t["scope_granted"].as_str().unwrap()), set(scope), "{t}");
    }

    // 4. Every operation succeeded, each tool call's last answer a 200.
    let steps = of_kind("step");
    let names: Vec<&str> = steps.iter().map(|s| s["step"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "connect",
            "tools/list",
            "tools/call read_file",
            "tools/call write_file",
            "tools/call delete_file",
            "tools/call read_file",
        ]
    );
    assert!(steps.iter().all(|s| s["ok"] == true), "{steps:?}");
    assert_eq!(
        steps[1]["tools"],
        serde_json::json!(["read_file", "write_file", "delete_file"])
    );
    for step in &names[2..] {
        let last = to_mcp
            .iter()
            .rfind(|l| l["step"] == *step)
            .unwrap_or_else(|| panic!("no exchange for {step}"));
        assert_eq!(last["status"], 200, "{last}");
    }

    let summary = lines.last().unwrap();
    assert_eq!(summary["kind"], "summary");
    assert_eq!(summary["ok"], true);
    assert_eq!(summary["authorizations"], 3);
    println!(
        "authorizations: {}, registrations: {}, token requests: {}",
        summary["authorizations"], summary["registrations"], summary["token_requests"]
    );
}
