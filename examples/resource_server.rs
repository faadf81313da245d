//! A resource server with axum: each route requires a scope, and a request
//! whose access token lacks it gets `403` with the RFC 6750 challenge that
//! names what is missing.
//!
//! ```text
//! cargo run --example resource_server --features http
//! curl -i -H 'Authorization: Bearer token-repo' http://127.0.0.1:3000/repos/status
//! curl -i -H 'Authorization: Bearer token-repo' http://127.0.0.1:3000/workflows
//! ```
//!
//! Tokens are looked up in a fixed table standing in for token
//! introspection (RFC 7662), so the example needs no signing keys.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use oauth_scope::{BearerChallenge, BearerError, Hierarchy, Requirement, ScopeSet};

/// What the server knows: the scope of each token, and GitHub's vocabulary.
struct Server {
    tokens: Vec<(&'static str, ScopeSet<'static>)>,
    hierarchy: Hierarchy,
}

impl Server {
    fn new() -> Self {
        let scope = |s: &'static str| ScopeSet::parse(s).expect("a valid scope");
        Server {
            tokens: vec![
                ("token-repo", scope("repo user")),
                ("token-public", scope("public_repo read:user")),
            ],
            hierarchy: Hierarchy::github(),
        }
    }

    /// The granted scope of the request's bearer token (RFC 6750 §2.1).
    fn granted(&self, headers: &HeaderMap) -> Result<&ScopeSet<'static>, BearerChallenge> {
        let realm = BearerChallenge::new()
            .with_realm("example")
            .expect("a valid realm");
        let Some(value) = headers.get(AUTHORIZATION) else {
            // No credentials: no error code (RFC 6750 §3.1).
            return Err(realm);
        };
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(|| realm.clone().with_error(BearerError::INVALID_REQUEST))?;
        self.tokens
            .iter()
            .find(|(t, _)| *t == token)
            .map(|(_, scope)| scope)
            .ok_or_else(|| realm.with_error(BearerError::INVALID_TOKEN))
    }

    /// `200` with `body` when the token meets `requirement`, else the challenge.
    fn guard(&self, headers: &HeaderMap, requirement: &str, body: &'static str) -> Response {
        let requirement = Requirement::parse(requirement).expect("a valid requirement");
        let outcome = self.granted(headers).and_then(|granted| {
            match BearerChallenge::for_requirement(&requirement, granted, &self.hierarchy) {
                Some(challenge) => Err(challenge),
                None => Ok(body),
            }
        });
        match outcome {
            Ok(body) => (StatusCode::OK, body).into_response(),
            Err(challenge) => (
                challenge.http_status(),
                [(WWW_AUTHENTICATE, challenge.header_value())],
            )
                .into_response(),
        }
    }
}

/// The routes, each with the scope it requires.
pub fn app() -> Router {
    Router::new()
        .route(
            "/repos/status",
            get(|State(s): State<Arc<Server>>, h: HeaderMap| async move {
                s.guard(&h, "repo:status", "all green\n")
            }),
        )
        .route(
            "/workflows",
            get(|State(s): State<Arc<Server>>, h: HeaderMap| async move {
                s.guard(&h, "workflow", "ci.yml\n")
            }),
        )
        .with_state(Arc::new(Server::new()))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app()).await
}
