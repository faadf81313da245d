//! An MCP server's authorization (MCP 2025-11-25, "Authorization"): one
//! JSON-RPC endpoint, `POST /mcp`, whose tools need different scopes, and
//! the protected resource metadata (RFC 9728) that tells a client where to
//! get a token.
//!
//! ```text
//! cargo run --example mcp_server --features tower,axum,serde
//! curl -i -X POST http://127.0.0.1:3002/mcp -d '{"jsonrpc":"2.0","id":1,"method":"tools/list"}'
//! curl -i http://127.0.0.1:3002/.well-known/oauth-protected-resource/mcp
//! ```
//!
//! | method | requires |
//! | --- | --- |
//! | any, on `/mcp` | `files:read` (the route's layer) |
//! | `tools/call` `read_file` | `files:read` |
//! | `tools/call` `write_file` | `files:write files:read` |
//! | `tools/call` `delete_file` | `files:admin` |
//!
//! The scope work is what sits between the `scope glue` markers: the
//! policy, the metadata, the route's layer and the per-tool check. A test
//! (`tests/test_mcp_server.rs`) counts its lines; the README gives the
//! number. Token verification, here a fixed table standing in for a JWT
//! check or RFC 7662 introspection, and the tools themselves are the
//! server's own work and not counted.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use oauth_scope::tower::{
    GrantedScope, InvalidToken, MetadataService, RequireScopeLayer, ResourcePolicy,
};
use oauth_scope::{AuthScheme, Credentials, Hierarchy, ProtectedResourceMetadata, ScopeSet};
use serde_json::{json, Value};

/// The tools and the requirement of each.
pub(crate) const TOOLS: [(&str, &str); 3] = [
    ("read_file", "files:read"),
    ("write_file", "files:write files:read"),
    ("delete_file", "files:admin"),
];

// --- token verification (the server's own; not counted) ---

/// Access tokens and the scope each grants: a stand-in for a JWT check or
/// RFC 7662 introspection.
pub(crate) type Tokens = Arc<std::sync::Mutex<BTreeMap<String, ScopeSet<'static>>>>;

/// How a token is verified: the scope it grants, or `None` for a token the
/// server refuses. A JWT check or an RFC 7662 introspection call goes here.
pub(crate) type Verify = Arc<
    dyn Fn(
            String,
        )
            -> std::pin::Pin<Box<dyn std::future::Future<Output = Option<ScopeSet<'static>>> + Send>>
        + Send
        + Sync,
>;

/// A [`Verify`] that looks tokens up in `tokens`.
pub(crate) fn table(tokens: Tokens) -> Verify {
    Arc::new(move |token| {
        let granted = tokens.lock().expect("not poisoned").get(&token).cloned();
        Box::pin(async move { granted })
    })
}

/// Puts the granted scope of a verified token in the request, marks a
/// refused one as invalid, and lets a request without credentials through:
/// the route's layer answers both with its own challenge.
async fn authenticate(State(verify): State<Verify>, mut request: Request, next: Next) -> Response {
    let token = match Credentials::from_headers(request.headers()) {
        // This server verifies no DPoP proof: a DPoP-bound token is
        // refused rather than taken as a bearer token.
        Ok(Some(c)) if c.scheme() == AuthScheme::DPoP => Some(String::new()),
        Ok(Some(c)) => Some(c.token().to_owned()),
        Ok(None) => None,
        Err(_) => Some(String::new()),
    };
    if let Some(token) = token {
        let granted = verify(token).await;
        if let Some(scope) = granted {
            request.extensions_mut().insert(GrantedScope(scope));
        } else {
            let refused = InvalidToken(Some("unknown token".into()));
            request.extensions_mut().insert(refused);
        }
    }
    next.run(request).await
}

// --- the tools (the server's own; not counted) ---

fn call_tool(name: &str, arguments: &Value) -> Value {
    let path = arguments["path"].as_str().unwrap_or("notes.txt");
    let text = match name {
        "read_file" => format!("contents of {path}"),
        "write_file" => format!("wrote {path}"),
        _ => format!("deleted {path}"),
    };
    json!({ "content": [{ "type": "text", "text": text }] })
}

/// The protocol version to answer `initialize` with: the client's when this
/// server speaks it, else the newest it speaks (MCP lifecycle).
fn supported_version(requested: Option<&str>) -> &'static str {
    const SPOKEN: [&str; 3] = ["2025-11-25", "2025-06-18", "2025-03-26"];
    SPOKEN
        .into_iter()
        .find(|v| Some(*v) == requested)
        .unwrap_or(SPOKEN[0])
}

fn json_response(body: &Value) -> Response {
    ([(CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

fn answer(id: &Value, result: &Value) -> Response {
    json_response(&json!({ "jsonrpc": "2.0", "id": id, "result": result }))
}

fn jsonrpc_error(id: &Value, code: i64, message: &str) -> Response {
    json_response(
        &json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } }),
    )
}

/// One JSON-RPC request on `/mcp`: `initialize`, `tools/list`,
/// `tools/call`, and notifications (answered 202).
async fn mcp(State(server): State<Arc<Server>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, 1 << 20).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let Ok(message) = serde_json::from_slice::<Value>(&body) else {
        return jsonrpc_error(&Value::Null, -32700, "parse error");
    };
    let id = message["id"].clone();
    match message["method"].as_str().unwrap_or("") {
        "initialize" => answer(
            &id,
            &json!({
                "protocolVersion": supported_version(message["params"]["protocolVersion"].as_str()),
                "capabilities": { "tools": {} },
                "serverInfo": { "name": "oauth-scope-mcp-example", "version": "0.1.0" },
            }),
        ),
        "tools/list" => {
            let tools: Vec<Value> = TOOLS
                .iter()
                .map(|(name, _)| json!({ "name": name, "inputSchema": { "type": "object" } }))
                .collect();
            answer(&id, &json!({ "tools": tools }))
        }
        "tools/call" => {
            let name = message["params"]["name"].as_str().unwrap_or("");
            // scope glue: start
            let Some((_, layer)) = server.tools.iter().find(|(tool, _)| *tool == name) else {
                return jsonrpc_error(&id, -32602, "unknown tool");
            };
            if let Err(refused) = layer.check(&parts.headers, &parts.extensions) {
                return refused;
            }
            // scope glue: end
            answer(&id, &call_tool(name, &message["params"]["arguments"]))
        }
        _ if message.get("id").is_none() => StatusCode::ACCEPTED.into_response(),
        _ => jsonrpc_error(&id, -32601, "method not found"),
    }
}

/// What the handler needs: the layer of each tool.
pub(crate) struct Server {
    tools: Vec<(&'static str, RequireScopeLayer)>,
}

/// The MCP endpoint at `{base_url}/mcp`, its metadata naming
/// `authorization_server`, with tokens verified by `verify`.
pub(crate) fn app(base_url: &str, authorization_server: &str, verify: Verify) -> Router {
    // scope glue: start
    let resource = ProtectedResourceMetadata::new(&format!("{base_url}/mcp"))
        .and_then(|m| m.with_authorization_server(authorization_server))
        .expect("valid URLs");
    let policy = ResourcePolicy::new(
        Hierarchy::from_rules("files:admin => files:write files:read").expect("valid rules"),
    )
    .with_realm("mcp")
    .and_then(|p| p.with_resource_metadata(&resource.well_known_url()))
    .expect("a valid realm and URL");
    let endpoint = policy.layer("files:read".parse().expect("a requirement"));
    let tools = TOOLS
        .iter()
        .map(|&(tool, need)| (tool, policy.layer(need.parse().expect("a requirement"))))
        .collect();
    let metadata = MetadataService::new(&policy.metadata(resource));
    let path = metadata.path().to_owned();
    Router::new()
        .route("/mcp", post(mcp).route_layer(endpoint))
        .with_state(Arc::new(Server { tools }))
        .layer(middleware::from_fn_with_state(verify, authenticate))
        .route_service(&path, metadata)
    // scope glue: end
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3002").await?;
    let base_url = format!("http://{}", listener.local_addr()?);
    let issuer =
        std::env::var("AUTHORIZATION_SERVER").unwrap_or_else(|_| "https://auth.example".into());
    let tokens: Tokens = Arc::default();
    tokens
        .lock()
        .expect("not poisoned")
        .insert("reader".into(), "files:read".parse().expect("a scope"));
    println!("MCP endpoint {base_url}/mcp; try: Authorization: Bearer reader");
    axum::serve(listener, app(&base_url, &issuer, table(tokens))).await
}
