//! A FHIR server's scope checks with SMART App Launch v2 (HL7 SMART App
//! Launch STU 2.2, "Scopes and Launch Context"): each route requires the
//! token its FHIR interaction needs on its resource type, in any context,
//! and a `RequireScopeLayer` answers 401 or 403 with the challenge.
//!
//! ```text
//! cargo run --example fhir_server --features tower,axum,serde
//! curl -i http://127.0.0.1:3001/fhir/Observation/1
//! curl -i -H 'Authorization: Bearer patient-reader' http://127.0.0.1:3001/fhir/Observation/1
//! curl -i -H 'Authorization: Bearer lab-only' 'http://127.0.0.1:3001/fhir/Observation?category=laboratory'
//! curl -i -X DELETE -H 'Authorization: Bearer v1-writer' http://127.0.0.1:3001/fhir/Observation/1
//! ```
//!
//! | route | interaction | requires (one of) |
//! | --- | --- | --- |
//! | `GET /fhir/{type}/{id}` | read | `patient/{type}.r`, `user/{type}.r`, `system/{type}.r` |
//! | `GET /fhir/{type}` | search | `…/{type}.s`, or `…/{type}.s?category=X` when the search asks for category X |
//! | `POST /fhir/{type}` | create | `…/{type}.c` |
//! | `PUT /fhir/{type}/{id}` | update | `…/{type}.u` |
//! | `DELETE /fhir/{type}/{id}` | delete | `…/{type}.d` |
//!
//! The types are `Observation`, `Condition` and `Patient`. Tokens come from a
//! fixed table ([`token_table`]); a real server verifies them (RFC 7662
//! introspection, or a JWT access token's `scope` claim, RFC 9068).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::Uri;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::{Extension, Router};
use oauth_scope::smart::{Context, Interaction, SmartScope};
use oauth_scope::tower::{GrantedScope, RequireScopeLayer};
use oauth_scope::{Challenge, Credentials, ErrorCode, Hierarchy, Requirement, ScopeSet};

const REALM: &str = "fhir";

/// The resource types this server holds.
pub(crate) const TYPES: [&str; 3] = ["Observation", "Condition", "Patient"];

/// Access tokens and the scope each was granted.
pub(crate) fn token_table() -> BTreeMap<&'static str, ScopeSet<'static>> {
    [
        // A patient-facing app: read and search everything of the patient.
        (
            "patient-reader",
            "openid fhirUser launch/patient patient/*.rs",
        ),
        // Laboratory results only: search narrowed by a query.
        ("lab-only", "patient/Observation.rs?category=laboratory"),
        // Read and search granted as two tokens: together they cover `.rs`.
        ("split", "patient/Observation.r patient/Observation.s"),
        // SMART v1 scopes: `.write` is create, update and delete; `.read` is
        // read and search.
        ("v1-writer", "user/Observation.write user/*.read"),
        // A backend service.
        ("backend", "system/*.cruds"),
    ]
    .into_iter()
    .map(|(token, scope)| (token, scope.parse().expect("a valid scope")))
    .collect()
}

/// The requirement of `interaction` on `resource_type`: its token in any
/// of the three contexts, patient first (what a challenge names).
pub(crate) fn requirement(resource_type: &str, interaction: Interaction) -> Requirement {
    Requirement::any_of(
        [Context::Patient, Context::User, Context::System]
            .into_iter()
            .map(|c| {
                let token = SmartScope::for_interaction(c, resource_type, interaction)
                    .expect("a FHIR resource type");
                Requirement::parse(&token).expect("a SMART token is a scope-token")
            }),
    )
}

/// The search requirement: `.s`, narrowed by the search's `category` when
/// it has one, so that a token restricted to that category may search.
/// `None` when the category cannot be a query value of a scope.
fn search_requirement(
    hierarchy: &Hierarchy,
    resource_type: &str,
    category: Option<&str>,
) -> Option<Requirement> {
    let alternatives = [Context::Patient, Context::User, Context::System].map(|c| {
        let mut token = SmartScope::for_interaction(c, resource_type, Interaction::Search).ok()?;
        if let Some(category) = category {
            token.push_str("?category=");
            token.push_str(category);
        }
        // A malformed query would make a plain token that only itself
        // meets: refuse the search instead.
        hierarchy.validate_token(&token).ok()?;
        Requirement::parse(&token).ok()
    });
    let alternatives: Option<Vec<Requirement>> = alternatives.into_iter().collect();
    Some(Requirement::any_of(alternatives?))
}

/// What the middleware and the handlers share.
struct Server {
    tokens: BTreeMap<&'static str, ScopeSet<'static>>,
    hierarchy: Hierarchy,
    challenge: Challenge,
}

/// Reads the bearer token and passes the request on with its
/// [`GrantedScope`]; without credentials it passes it on without one, for
/// the route's layer to answer 401 naming the scope it requires.
async fn authenticate(
    State(server): State<Arc<Server>>,
    mut request: Request,
    next: Next,
) -> Response {
    let token = match Credentials::from_headers(request.headers()) {
        Ok(None) => return next.run(request).await,
        Ok(Some(credentials)) => credentials.token().to_owned(),
        Err(err) => {
            return server
                .challenge
                .clone()
                .with_error(err.error_code())
                .into_response();
        }
    };
    match server.tokens.get(token.as_str()) {
        Some(scope) => {
            request.extensions_mut().insert(GrantedScope(scope.clone()));
            next.run(request).await
        }
        None => server
            .challenge
            .clone()
            .with_error(ErrorCode::INVALID_TOKEN)
            .into_response(),
    }
}

/// `GET /fhir/{type}?category=X`: the requirement depends on the query,
/// so the handler checks it.
fn search(
    server: &Server,
    uri: &Uri,
    granted: Option<Extension<GrantedScope>>,
    resource_type: &'static str,
) -> Response {
    let invalid = || (StatusCode::BAD_REQUEST, "invalid category\n").into_response();
    // The `category` search parameter, percent-decoded: a value a scope can
    // name is one scope-token, which is what the scope decoder reads.
    let category = uri
        .query()
        .unwrap_or("")
        .split('&')
        .find_map(|p| p.strip_prefix("category="))
        .map(ScopeSet::from_urlencoded);
    let category = match category {
        None => None,
        // `&` or `=` would add or change a pair of the scope's query.
        Some(Ok(set)) if set.len() == 1 && !set.iter().any(|t| t.as_str().contains(['&', '='])) => {
            set.iter().next().map(|t| t.as_str().to_owned())
        }
        Some(_) => return invalid(),
    };
    let Some(need) = search_requirement(&server.hierarchy, resource_type, category.as_deref())
    else {
        return invalid();
    };
    let Some(Extension(GrantedScope(granted))) = granted else {
        // No token: 401, naming the scope the search needs.
        let scope = need.required_scope(&ScopeSet::new(), &server.hierarchy);
        return server.challenge.clone().with_scope(&scope).into_response();
    };
    match Challenge::for_requirement(&need, &granted, &server.hierarchy) {
        None => format!("searchset of {resource_type}\n").into_response(),
        Some(insufficient) => insufficient
            .with_realm(REALM)
            .expect("a valid realm")
            .into_response(),
    }
}

/// The routes of one resource type.
fn routes(server: &Arc<Server>, resource_type: &'static str) -> Router<Arc<Server>> {
    let layer = |interaction| {
        RequireScopeLayer::new(
            requirement(resource_type, interaction),
            server.hierarchy.clone(),
        )
        .with_realm(REALM)
        .expect("a valid realm")
    };
    let instance = format!("/fhir/{resource_type}/{{id}}");
    let collection = format!("/fhir/{resource_type}");
    // One method router per interaction: a route layer applies to the
    // methods routed before it.
    Router::new()
        .route(
            &instance,
            get(move || async move { format!("{resource_type}/1\n") })
                .route_layer(layer(Interaction::Read)),
        )
        .route(
            &instance,
            put(|| async { "updated\n" }).route_layer(layer(Interaction::Update)),
        )
        .route(
            &instance,
            delete(|| async { StatusCode::NO_CONTENT }).route_layer(layer(Interaction::Delete)),
        )
        .route(
            &collection,
            get(
                move |State(server): State<Arc<Server>>, uri: Uri, granted| async move {
                    search(&server, &uri, granted, resource_type)
                },
            ),
        )
        .route(
            &collection,
            post(|| async { (StatusCode::CREATED, "created\n") })
                .route_layer(layer(Interaction::Create)),
        )
}

/// The FHIR routes of every type behind the authentication middleware.
pub(crate) fn app() -> Router {
    let challenge = Challenge::new().with_realm(REALM).expect("a valid realm");
    let server = Arc::new(Server {
        tokens: token_table(),
        hierarchy: Hierarchy::smart_on_fhir(),
        challenge,
    });
    TYPES
        .iter()
        .fold(Router::new(), |router, t| router.merge(routes(&server, t)))
        .layer(middleware::from_fn_with_state(server.clone(), authenticate))
        .with_state(server)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3001").await?;
    let addr: SocketAddr = listener.local_addr()?;
    println!("listening on http://{addr}");
    axum::serve(listener, app()).await?;
    Ok(())
}
