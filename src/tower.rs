//! A tower layer that checks each request's scope against a route's
//! [`Requirement`] and answers as RFC 6750 §3 and the MCP authorization spec
//! want (feature `tower`: `tower-layer`, `tower-service` and `http`, not the
//! full tower crate); and, with feature `serde` too, `MetadataService`,
//! which serves the protected resource metadata that the challenges'
//! `resource_metadata` points to (RFC 9728 §3).
//!
//! Token verification stays out of this crate. The layer before this one
//! (a JWT check, an RFC 7662 introspection call) verifies the access token
//! and puts the scope it grants into the request's extensions as a
//! [`GrantedScope`]; a request it refuses (an invalid token) never gets this
//! far. [`RequireScopeLayer`] then decides, for each request:
//!
//! | the request | the answer |
//! | --- | --- |
//! | no [`GrantedScope`] in its extensions | `401`, `WWW-Authenticate: Bearer` with `realm`, `scope` and `resource_metadata`, and no `error` |
//! | a [`GrantedScope`] that does not meet the requirement | `403`, `WWW-Authenticate: Bearer` with `realm`, `scope`, `error="insufficient_scope"` and `resource_metadata` |
//! | a [`GrantedScope`] that meets it | whatever the inner service answers; the request reaches it untouched |
//!
//! `realm` and `resource_metadata` are there when the layer was given them;
//! the body of a challenge is empty, and the inner service is not called.
//!
//! How that meets the specifications:
//!
//! - **401 without credentials.** RFC 6750 §3.1: "If the request lacks any
//!   authentication information (e.g., the client was unaware that
//!   authentication is necessary or attempted using an unsupported
//!   authentication method), the resource server SHOULD NOT include an error
//!   code or other error information." So no `error`; `scope` is what the
//!   operation requires of a client that holds nothing
//!   ([`required_scope`](Requirement::required_scope) of the empty set), so
//!   that the client asks for it in its first authorization request.
//! - **`resource_metadata` on 401.** RFC 9728 §5.1 has the resource server
//!   name its protected resource metadata in the challenge, so a client that
//!   knows nothing yet finds the authorization server; the MCP authorization
//!   spec (2025-11-25) requires servers to send it. Set it with
//!   [`RequireScopeLayer::resource_metadata`]; it is sent on 403 too.
//! - **403 `insufficient_scope`.** RFC 6750 §3.1: "The request requires
//!   higher privileges than provided by the access token. The resource
//!   server SHOULD respond with the HTTP 403 (Forbidden) status code and MAY
//!   include the "scope" attribute with the scope necessary to access the
//!   protected resource."
//! - **`scope` is everything the operation needs**, not only what the token
//!   lacks: RFC 6750 §3 calls it "the required scope", and the MCP spec (with
//!   SEP-2350) asks servers to "include all scopes required for the current
//!   operation in a single challenge". A client that asked for only the
//!   missing tokens would lose those it had and go round in circles. For an
//!   any-of requirement the scope is the alternative the token already meets
//!   part of the way to, or else the first declared one
//!   ([`Requirement::required_scope`] says exactly which).
//!
//! The hierarchy is shared: a [`Hierarchy`] is a handle on its tables, so
//! every route's layer may take a clone of the same one. With axum, put the layer on each route with
//! `Router::route_layer`, so that a path that matches no route is still a
//! 404, and the authenticating layer around the whole router with
//! `Router::layer`.
//!
//! # Cost
//!
//! The layer compiles its requirement once ([`Requirement::compile`]): a
//! request that meets it costs one
//! [`CompiledRequirement::is_satisfied_by`], a table lookup per granted
//! token, and allocates nothing in the layer under exact, explicit and
//! nested rules. A request without credentials gets a challenge built when
//! the layer was; a refused one builds its challenge and response.
//!
//! # Examples
//!
//! ```
//! use std::sync::Arc;
//!
//! use axum::body::Body;
//! use axum::routing::{delete, get};
//! use axum::Router;
//! use http::header::WWW_AUTHENTICATE;
//! use http::{Request, StatusCode};
//! use oauth_scope::tower::{GrantedScope, RequireScopeLayer};
//! use oauth_scope::{Hierarchy, ScopeSet};
//! use tower_service::Service;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> oauth_scope::Result<()> {
//! let h = Hierarchy::exact();
//! let metadata = "https://api.example/.well-known/oauth-protected-resource";
//! let require = |need: &str| -> oauth_scope::Result<RequireScopeLayer> {
//!     Ok(RequireScopeLayer::new(need.parse()?, h.clone())
//!         .with_realm("api")?
//!         .with_resource_metadata(metadata)?)
//! };
//! let mut app = Router::new()
//!     .route("/items", get(|| async { "items" }).route_layer(require("api:read")?))
//!     .route(
//!         "/items/{id}",
//!         delete(|| async { "deleted" }).route_layer(require(r#""api:write api:read" | "api:admin""#)?),
//!     );
//!
//! // The authenticating layer found no token: 401, no error code.
//! let response = app.call(Request::get("/items").body(Body::empty()).unwrap()).await?;
//! assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
//! assert_eq!(
//!     response.headers()[WWW_AUTHENTICATE],
//!     "Bearer realm=\"api\", scope=\"api:read\", \
//!      resource_metadata=\"https://api.example/.well-known/oauth-protected-resource\"",
//! );
//!
//! // A token with `api:read` only: 403 naming all that the operation needs.
//! let mut request = Request::delete("/items/7").body(Body::empty()).unwrap();
//! request.extensions_mut().insert(GrantedScope(ScopeSet::parse("api:read")?.into_owned()));
//! let response = app.call(request).await?;
//! assert_eq!(response.status(), StatusCode::FORBIDDEN);
//! assert_eq!(
//!     response.headers()[WWW_AUTHENTICATE],
//!     "Bearer realm=\"api\", scope=\"api:read api:write\", error=\"insufficient_scope\", \
//!      resource_metadata=\"https://api.example/.well-known/oauth-protected-resource\"",
//! );
//!
//! // Enough: the handler answers.
//! let mut request = Request::get("/items").body(Body::empty()).unwrap();
//! request.extensions_mut().insert(GrantedScope(ScopeSet::parse("api:read")?.into_owned()));
//! assert_eq!(app.call(request).await?.status(), StatusCode::OK);
//! # Ok(())
//! # }
//! ```

use alloc::sync::Arc;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use pin_project_lite::pin_project;

use crate::challenge::{BearerChallenge, ChallengeError, ErrorCode};
use crate::hierarchy::Hierarchy;
use crate::requirement::{CompiledRequirement, Requirement};
use crate::set::ScopeSet;

#[cfg(feature = "serde")]
mod metadata;

#[cfg(feature = "serde")]
pub use metadata::MetadataService;

/// The scope of the request's verified access token, which the
/// authenticating layer puts into the request's extensions for
/// [`RequireScope`] to check (the JWT's `scope` or `scp` claim, the `scope`
/// of an RFC 7662 introspection response; a token without one grants the
/// empty set).
///
/// # Examples
///
/// ```
/// use oauth_scope::tower::GrantedScope;
/// use oauth_scope::ScopeSet;
///
/// let mut request = http::Request::new(());
/// request.extensions_mut().insert(GrantedScope(ScopeSet::parse("api:read")?.into_owned()));
/// assert!(request.extensions().get::<GrantedScope>().unwrap().0.contains("api:read"));
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GrantedScope(pub ScopeSet<'static>);

/// Wraps a service in [`RequireScope`]: the requests that reach it meet the
/// route's [`Requirement`] (see the [module docs](self) for the answers to
/// the others).
///
/// Cloning it is cheap (a reference count), and so is each service it
/// builds; the hierarchy is shared by reference count too.
///
/// # Examples
///
/// ```
/// use oauth_scope::tower::RequireScopeLayer;
/// use oauth_scope::{Hierarchy, Requirement};
///
/// let github = Hierarchy::github();
/// let read = RequireScopeLayer::new(Requirement::parse("read:org")?, github.clone());
/// let write = RequireScopeLayer::new("write:org".parse()?, github);
/// # let _ = (read, write);
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct RequireScopeLayer {
    policy: Arc<Policy>,
}

/// What a route requires and how its challenges look.
#[derive(Clone, Debug)]
struct Policy {
    /// The route's requirement, compiled against the shared hierarchy.
    requirement: CompiledRequirement,
    /// `realm` and `resource_metadata`, the parts of every challenge that do
    /// not depend on the request.
    challenge: BearerChallenge,
    /// The answer to a request without credentials, which never changes.
    unauthenticated: BearerChallenge,
}

impl Policy {
    /// The one place that decides: `None` lets the request through, `Some`
    /// is the challenge to answer with.
    fn refusal(&self, granted: Option<&ScopeSet<'_>>) -> Option<BearerChallenge> {
        match granted {
            // No usable credentials: no error code (RFC 6750 §3.1).
            None => Some(self.unauthenticated.clone()),
            Some(granted) if self.requirement.is_satisfied_by(granted) => None,
            Some(granted) => Some(
                self.challenge
                    .clone()
                    .with_owned_scope(self.requirement.required_scope(granted))
                    .with_error(ErrorCode::INSUFFICIENT_SCOPE),
            ),
        }
    }

    /// Recomputes the answer without credentials after `challenge` changed.
    fn with_challenge(mut self, challenge: BearerChallenge) -> Self {
        self.unauthenticated = challenge
            .clone()
            .with_owned_scope(self.requirement.required_scope(&ScopeSet::new()));
        self.challenge = challenge;
        self
    }
}

impl RequireScopeLayer {
    /// A layer that lets through the requests whose [`GrantedScope`] meets
    /// `requirement` under `hierarchy`. A [`Hierarchy`] is a handle on
    /// shared tables, so passing clones of one to every route costs nothing;
    /// an `Arc<Hierarchy>` converts too.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::tower::RequireScopeLayer;
    /// use oauth_scope::Hierarchy;
    ///
    /// let layer = RequireScopeLayer::new(r#""api:write api:read" | "api:admin""#.parse()?, Hierarchy::exact());
    /// # let _ = layer;
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    // Taken by value so that a requirement can be written in place; the
    // layer keeps only its compiled form.
    #[allow(clippy::needless_pass_by_value)]
    pub fn new(requirement: Requirement, hierarchy: impl Into<Hierarchy>) -> Self {
        let policy = Policy {
            requirement: requirement.compile(&hierarchy.into()),
            challenge: BearerChallenge::new(),
            unauthenticated: BearerChallenge::new(),
        };
        Self {
            policy: Arc::new(policy.with_challenge(BearerChallenge::new())),
        }
    }

    /// Sends `realm` in every challenge.
    ///
    /// # Errors
    ///
    /// As [`BearerChallenge::with_realm`]: a character outside printable
    /// ASCII, space and tab.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::tower::RequireScopeLayer;
    /// use oauth_scope::Hierarchy;
    ///
    /// let layer = RequireScopeLayer::new("api:read".parse()?, Hierarchy::exact()).with_realm("api")?;
    /// assert!(RequireScopeLayer::new("api:read".parse()?, Hierarchy::exact()).with_realm("café").is_err());
    /// # let _ = layer;
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn with_realm(mut self, realm: &str) -> Result<Self, ChallengeError> {
        let challenge = self.policy.challenge.clone().with_realm(realm)?;
        self.policy = Arc::new(Policy::clone(&self.policy).with_challenge(challenge));
        Ok(self)
    }

    /// Sends `resource_metadata`, the URL of the protected resource metadata
    /// (RFC 9728 §5.1), in every challenge.
    ///
    /// # Errors
    ///
    /// As [`BearerChallenge::with_resource_metadata`]: an empty URL, or a
    /// character outside printable ASCII without space, `"` and `\`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::tower::RequireScopeLayer;
    /// use oauth_scope::Hierarchy;
    ///
    /// let layer = RequireScopeLayer::new("api:read".parse()?, Hierarchy::exact())
    ///     .with_resource_metadata("https://api.example/.well-known/oauth-protected-resource")?;
    /// # let _ = layer;
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn with_resource_metadata(mut self, url: &str) -> Result<Self, ChallengeError> {
        let challenge = self.policy.challenge.clone().with_resource_metadata(url)?;
        self.policy = Arc::new(Policy::clone(&self.policy).with_challenge(challenge));
        Ok(self)
    }

    /// The name [`with_realm`](Self::with_realm) had before the crate took
    /// `with_*` for every setter of a value.
    ///
    /// # Errors
    ///
    /// As [`with_realm`](Self::with_realm).
    #[deprecated(since = "0.1.0", note = "renamed to `with_realm`")]
    pub fn realm(self, realm: &str) -> Result<Self, ChallengeError> {
        self.with_realm(realm)
    }

    /// The name [`with_resource_metadata`](Self::with_resource_metadata) had
    /// before the crate took `with_*` for every setter of a value.
    ///
    /// # Errors
    ///
    /// As [`with_resource_metadata`](Self::with_resource_metadata).
    #[deprecated(since = "0.1.0", note = "renamed to `with_resource_metadata`")]
    pub fn resource_metadata(self, url: &str) -> Result<Self, ChallengeError> {
        self.with_resource_metadata(url)
    }
}

impl<S> tower_layer::Layer<S> for RequireScopeLayer {
    type Service = RequireScope<S>;

    fn layer(&self, inner: S) -> RequireScope<S> {
        RequireScope {
            inner,
            policy: Arc::clone(&self.policy),
        }
    }
}

/// The service [`RequireScopeLayer`] builds: `inner` behind the route's
/// [`Requirement`]. See the [module docs](self) for what it answers.
///
/// [`poll_ready`](tower_service::Service::poll_ready) is the inner
/// service's: a refused request does not use the readiness it reserved.
///
/// # Examples
///
/// ```
/// use oauth_scope::tower::{RequireScope, RequireScopeLayer};
/// use oauth_scope::Hierarchy;
/// use tower_layer::Layer;
///
/// # #[derive(Clone)] struct Handler;
/// let layer = RequireScopeLayer::new("api:read".parse()?, Hierarchy::exact());
/// let service: RequireScope<Handler> = layer.layer(Handler);
/// # let _ = service;
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct RequireScope<S> {
    inner: S,
    policy: Arc<Policy>,
}

impl<S, ReqB, ResB> tower_service::Service<http::Request<ReqB>> for RequireScope<S>
where
    S: tower_service::Service<http::Request<ReqB>, Response = http::Response<ResB>>,
    ResB: Default,
{
    type Response = http::Response<ResB>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future, ResB>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<ReqB>) -> Self::Future {
        let granted = request.extensions().get::<GrantedScope>().map(|g| &g.0);
        let state = match self.policy.refusal(granted) {
            None => State::Inner {
                future: self.inner.call(request),
            },
            Some(challenge) => State::Refused {
                response: Some(challenge.to_response()),
            },
        };
        ResponseFuture { state }
    }
}

pin_project! {
    /// The future of [`RequireScope`]: the inner service's, or the
    /// challenge, ready at once. Nothing is boxed.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::convert::Infallible;
    /// use std::future::Ready;
    ///
    /// use oauth_scope::tower::{RequireScope, ResponseFuture};
    /// use tower_service::Service;
    ///
    /// // The future type of a layer over a service that answers at once.
    /// type Answer = Ready<Result<http::Response<String>, Infallible>>;
    /// fn future_of<S>(_: &S) where S: Service<http::Request<()>, Future = ResponseFuture<Answer, String>> {}
    /// # let _ = future_of::<RequireScope<Never>>;
    /// # #[derive(Clone)] struct Never;
    /// # impl Service<http::Request<()>> for Never {
    /// #     type Response = http::Response<String>;
    /// #     type Error = Infallible;
    /// #     type Future = Answer;
    /// #     fn poll_ready(&mut self, _: &mut std::task::Context<'_>) -> std::task::Poll<Result<(), Infallible>> { std::task::Poll::Ready(Ok(())) }
    /// #     fn call(&mut self, _: http::Request<()>) -> Answer { std::future::ready(Ok(http::Response::default())) }
    /// # }
    /// ```
    pub struct ResponseFuture<F, B> {
        #[pin]
        state: State<F, B>,
    }
}

pin_project! {
    #[project = StateProj]
    enum State<F, B> {
        Inner {
            #[pin]
            future: F,
        },
        Refused {
            response: Option<http::Response<B>>,
        },
    }
}

impl<F, B, E> Future for ResponseFuture<F, B>
where
    F: Future<Output = Result<http::Response<B>, E>>,
{
    type Output = Result<http::Response<B>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            StateProj::Inner { future } => future.poll(cx),
            StateProj::Refused { response } => Poll::Ready(Ok(response
                .take()
                .expect("ResponseFuture polled after it completed"))),
        }
    }
}

impl<F, B> core::fmt::Debug for ResponseFuture<F, B> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let state = match &self.state {
            State::Inner { .. } => "Inner",
            State::Refused { .. } => "Refused",
        };
        f.debug_struct("ResponseFuture")
            .field("state", &state)
            .finish()
    }
}
