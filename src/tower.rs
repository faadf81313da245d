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
//! [`GrantedScope`]; a token it refuses it marks with [`InvalidToken`], so
//! that the route's layer answers with its own scope and metadata URL.
//! [`RequireScopeLayer`] then decides, for each request:
//!
//! | the request | the answer |
//! | --- | --- |
//! | no [`GrantedScope`] in its extensions | `401`, `WWW-Authenticate: Bearer` with `realm`, `scope` and `resource_metadata`, and no `error`; with [`RequireScopeLayer::with_dpop`], then `DPoP algs="…"` in the same value |
//! | an [`InvalidToken`] mark | `401`, the same challenge with `error="invalid_token"` and the mark's text as `error_description` |
//! | a [`DpopRejected`] mark | `401`, the same challenge in the `DPoP` scheme with `error="invalid_dpop_proof"`, or `use_dpop_nonce` and a `DPoP-Nonce` header |
//! | a [`GrantedScope`] that does not meet the requirement | `403`, `WWW-Authenticate: Bearer` with `realm`, `scope`, `error="insufficient_scope"` and `resource_metadata` |
//! | a [`GrantedScope`] that meets it | whatever the inner service answers; the request reaches it untouched |
//!
//! A request made with `Authorization: DPoP …` (RFC 9449 §7.1) is answered
//! in the `DPoP` scheme instead, with `algs` when DPoP is enabled.
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
//!   knows nothing yet finds the authorization server. MCP 2025-11-25
//!   ("Protected Resource Metadata Discovery Requirements") has servers
//!   implement this header parameter or the well-known URI, one of the two;
//!   sending both serves every client. Set it with
//!   [`RequireScopeLayer::with_resource_metadata`]; it is sent on 403 too,
//!   as MCP asks "for consistency with 401 responses".
//! - **403 `insufficient_scope`.** RFC 6750 §3.1: "The request requires
//!   higher privileges than provided by the access token. The resource
//!   server SHOULD respond with the HTTP 403 (Forbidden) status code and MAY
//!   include the "scope" attribute with the scope necessary to access the
//!   protected resource."
//! - **`scope` is everything the operation needs**, not only what the token
//!   lacks: RFC 6750 §3 calls it "the required scope", and MCP 2026-07-28
//!   asks servers to "include all scopes required for the current operation
//!   in a single challenge". A client that asked for only the
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

use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use crate::challenge::{Challenge, ChallengeError, ErrorCode};
use crate::credentials::{AuthScheme, Credentials};
use crate::hierarchy::Hierarchy;
use crate::metadata::ProtectedResourceMetadata;
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

/// The mark an authenticating layer leaves on a request whose access token
/// it refuses (expired, revoked, malformed, bound to another key, a bad
/// DPoP proof): the route's [`RequireScopeLayer`] answers it with 401 and
/// `error="invalid_token"` (RFC 6750 §3.1), naming the scope the route
/// requires and its `realm` and `resource_metadata`, so that the
/// authenticating layer, which knows none of those, need not build the
/// challenge. The text, if any, becomes `error_description`; it is left out
/// when it has a character RFC 6749 Appendix A.8 refuses (`"`, `\`, a line
/// break, non-ASCII).
///
/// # Examples
///
/// ```
/// use oauth_scope::tower::InvalidToken;
///
/// let mark = InvalidToken(Some("The access token expired".into()));
/// assert_eq!(mark.0.as_deref(), Some("The access token expired"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InvalidToken(pub Option<String>);

/// Which scope a 403 `insufficient_scope` challenge names.
///
/// Clients do two things with it. One kind asks for the challenge's scope
/// and nothing else (MCP 2025-11-25's SDK clients replace their scope with
/// it); another asks for the union of what it holds and the challenge's
/// scope (MCP 2026-07-28, SEP-2350, moves the union to the client). Naming
/// only what the operation requires makes a replacing client lose what it
/// had: the next operation that needed it fails again, and the client
/// authorizes once more, or goes round in circles between two operations.
///
/// The default is [`RequiredAndGranted`](Self::RequiredAndGranted): in the
/// replayed per-operation sequence of `tests/test_tower.rs`
/// (`challenge_styles_against_replacing_and_union_clients`), it takes both
/// kinds of client through in the fewest authorizations, and `Required`
/// takes a replacing client more (the numbers are in the test and in
/// CHANGELOG.md).
///
/// # Examples
///
/// ```
/// use oauth_scope::tower::ChallengeStyle;
///
/// assert_eq!(ChallengeStyle::default(), ChallengeStyle::RequiredAndGranted);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChallengeStyle {
    /// The operation's required scope alone (RFC 6750 §3 "the required
    /// scope"; MCP 2026-07-28).
    Required,
    /// The operation's required scope and the granted tokens relevant to
    /// this resource (MCP 2025-11-25's recommended approach), so that a
    /// client that replaces its scope with the challenge's keeps what it
    /// had. A granted token is relevant when it is among the resource's
    /// scopes (set with [`RequireScopeLayer::with_resource_scopes`]); without
    /// them, every granted token is.
    #[default]
    RequiredAndGranted,
}

/// The mark an authenticating layer leaves on a request whose DPoP proof
/// (RFC 9449 §4) it refuses: the route's [`RequireScopeLayer`] answers 401
/// with a `DPoP` challenge naming the route's scope and metadata URL, and
/// `error="use_dpop_nonce"` with a `DPoP-Nonce` header when `nonce` is set
/// (the proof lacked the server's current nonce, RFC 9449 §9), else
/// `error="invalid_dpop_proof"` (§7.1). The nonce is sent only when it is
/// `1*NQCHAR` (RFC 9449 §8.1); `description` becomes `error_description`
/// as for [`InvalidToken`].
///
/// # Examples
///
/// ```
/// use oauth_scope::tower::DpopRejected;
///
/// let mark = DpopRejected { nonce: Some("eyJ7S_zG.eyJH0-Z.HX4w-7v".into()), description: None };
/// assert!(mark.nonce.is_some());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DpopRejected {
    /// The nonce the next proof must carry, if the proof lacked it.
    pub nonce: Option<String>,
    /// Why the proof was refused, for `error_description`.
    pub description: Option<String>,
}

/// What a route requires and how its challenges look.
#[derive(Clone, Debug)]
struct Policy {
    /// The route's requirement, compiled against the shared hierarchy.
    requirement: CompiledRequirement,
    /// `realm` and `resource_metadata`, the parts of every challenge that do
    /// not depend on the request.
    challenge: Challenge,
    /// The answer to a request without credentials, which never changes.
    unauthenticated: Challenge,
    /// With DPoP enabled: the `DPoP` challenge, with `algs`, offered beside
    /// the Bearer one to a request without credentials.
    dpop: Option<Challenge>,
    style: ChallengeStyle,
    /// The resource's scopes, when known: the granted tokens a
    /// `RequiredAndGranted` challenge may name.
    resource_scopes: ResourceScopes,
}

/// The resource's scopes, as a layer knows them.
#[derive(Clone, Debug, Default)]
enum ResourceScopes {
    /// Unknown: every granted token counts as the resource's.
    #[default]
    Unknown,
    /// Set on the layer.
    Fixed(ScopeSet<'static>),
    /// Those of a [`ResourcePolicy`]: set on it, or collected from the
    /// requirements registered with it so far.
    Policy(Arc<std::sync::RwLock<ScopeSet<'static>>>),
}

impl Policy {
    /// The one place that decides: `None` lets the request through, `Some`
    /// holds the challenges to answer with, in the order they go in the
    /// header. `scheme` is that of the request's `Authorization` header.
    fn refusal(
        &self,
        granted: Option<&ScopeSet<'_>>,
        invalid: Option<&InvalidToken>,
        scheme: impl FnOnce() -> Option<AuthScheme>,
    ) -> Option<Vec<Challenge>> {
        if let Some(InvalidToken(description)) = invalid {
            let c = refused(
                self.unauthenticated.clone(),
                ErrorCode::INVALID_TOKEN,
                description.as_deref(),
            );
            return Some(vec![self.in_scheme(c, scheme())]);
        }
        match granted {
            // No usable credentials: no error code (RFC 6750 §3.1), and
            // every scheme the server takes.
            None => Some(
                core::iter::once(self.unauthenticated.clone())
                    .chain(self.dpop.clone())
                    .collect(),
            ),
            Some(granted) if self.requirement.is_satisfied_by(granted) => None,
            Some(granted) => Some(vec![self.in_scheme(
                self.challenge
                    .clone()
                    .with_owned_scope(self.scope_named(granted))
                    .with_error(ErrorCode::INSUFFICIENT_SCOPE),
                scheme(),
            )]),
        }
    }

    /// The scope a 403 names, as the style says.
    fn scope_named(&self, granted: &ScopeSet<'_>) -> ScopeSet<'static> {
        let required = self.requirement.required_scope(granted);
        // A granted token of the resource: one of its scopes, or one that
        // implies one (MCP 2026-07-28: servers "MUST account for scope
        // hierarchies"), so that a broad `repo` is named beside `workflow`.
        // Never `offline_access`: refresh tokens are no resource
        // requirement (MCP 2026-07-28: servers SHOULD NOT name it).
        let hierarchy = self.requirement.hierarchy();
        let of = |resource: &ScopeSet<'_>| -> ScopeSet<'static> {
            granted
                .iter()
                .filter(|t| {
                    resource.contains(t.as_str())
                        || resource
                            .iter()
                            .any(|r| hierarchy.implies(t.as_str(), r.as_str()))
                })
                .collect::<ScopeSet<'_>>()
                .into_owned()
        };
        let relevant = match (self.style, &self.resource_scopes) {
            // Nothing to ask for (a requirement no scope meets): naming the
            // granted tokens alone would send the client back for them.
            (ChallengeStyle::Required, _) => return required,
            (_, _) if required.is_empty() => return required,
            (ChallengeStyle::RequiredAndGranted, ResourceScopes::Fixed(resource)) => of(resource),
            (ChallengeStyle::RequiredAndGranted, ResourceScopes::Policy(shared)) => of(&shared
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner)),
            (ChallengeStyle::RequiredAndGranted, ResourceScopes::Unknown) => {
                granted.clone().into_owned()
            }
        };
        let mut named = required.union(&relevant).into_owned();
        if !required.contains("offline_access") {
            named.remove("offline_access");
        }
        named
    }

    /// `challenge` in the scheme the request used (RFC 9449 §7.1: a DPoP
    /// request is answered with a DPoP challenge), with `algs` when DPoP is
    /// enabled.
    fn in_scheme(&self, challenge: Challenge, scheme: Option<AuthScheme>) -> Challenge {
        if scheme != Some(AuthScheme::DPoP) {
            return challenge;
        }
        let challenge = challenge.in_scheme(AuthScheme::DPoP);
        match self.dpop.as_ref().and_then(Challenge::algs) {
            Some(algs) => challenge.clone().with_algs(algs).unwrap_or(challenge),
            None => challenge,
        }
    }

    /// Recomputes the answer without credentials after `challenge` changed.
    fn with_challenge(mut self, challenge: Challenge) -> Self {
        self.unauthenticated = challenge
            .clone()
            .with_owned_scope(self.requirement.required_scope(&ScopeSet::new()));
        self.challenge = challenge;
        self
    }
}

impl Policy {
    /// The whole answer to a request, or `None` to let it through: a
    /// [`DpopRejected`] mark first, then [`refusal`](Self::refusal).
    fn answer<B: Default>(
        &self,
        extensions: &http::Extensions,
        scheme: impl FnOnce() -> Option<AuthScheme>,
    ) -> Option<http::Response<B>> {
        if let Some(rejected) = extensions.get::<DpopRejected>() {
            let code = if rejected.nonce.is_some() {
                ErrorCode::USE_DPOP_NONCE
            } else {
                ErrorCode::INVALID_DPOP_PROOF
            };
            let c = refused(
                self.unauthenticated.clone(),
                code,
                rejected.description.as_deref(),
            );
            let mut response: http::Response<B> =
                self.in_scheme(c, Some(AuthScheme::DPoP)).to_response();
            let nonce = rejected
                .nonce
                .as_deref()
                .filter(|n| !n.is_empty() && n.bytes().all(crate::parse::is_nqchar))
                .and_then(|n| http::HeaderValue::try_from(n).ok());
            if let Some(nonce) = nonce {
                response.headers_mut().insert("dpop-nonce", nonce);
            }
            return Some(response);
        }
        let granted = extensions.get::<GrantedScope>().map(|g| &g.0);
        let invalid = extensions.get::<InvalidToken>();
        self.refusal(granted, invalid, scheme)
            .map(|challenges| response(&challenges))
    }
}

/// `challenge` with the error `code` and the mark's `description` as
/// `error_description`, left out when RFC 6749 Appendix A.8 refuses a
/// character of it (a mark's text is the authenticating layer's, not
/// checked when it was made).
fn refused(challenge: Challenge, code: ErrorCode, description: Option<&str>) -> Challenge {
    let c = challenge.with_error(code);
    match description {
        Some(d) => c.clone().with_error_description(d).unwrap_or(c),
        None => c,
    }
}

/// The response that carries `challenges`: the status of the first, and one
/// `WWW-Authenticate` value listing them all (RFC 9110 §11.6.1).
fn response<B: Default>(challenges: &[Challenge]) -> http::Response<B> {
    let mut response = challenges[0].to_response();
    if challenges.len() > 1 {
        let value = challenges
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let value = http::HeaderValue::try_from(value)
            .expect("challenges render as printable ASCII: a valid header value");
        response
            .headers_mut()
            .insert(http::header::WWW_AUTHENTICATE, value);
    }
    response
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
            challenge: Challenge::new(),
            unauthenticated: Challenge::new(),
            dpop: None,
            style: ChallengeStyle::default(),
            resource_scopes: ResourceScopes::Unknown,
        };
        Self {
            policy: Arc::new(policy.with_challenge(Challenge::new())),
        }
    }

    /// Sends `realm` in every challenge.
    ///
    /// # Errors
    ///
    /// As [`Challenge::with_realm`]: a character outside printable
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
    /// As [`Challenge::with_resource_metadata`]: an empty URL, or a
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

    /// Which scope a 403 names: see [`ChallengeStyle`] (the default names
    /// the required scope and the relevant granted tokens).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::tower::{ChallengeStyle, RequireScopeLayer};
    /// use oauth_scope::Hierarchy;
    ///
    /// let layer = RequireScopeLayer::new("api:write".parse()?, Hierarchy::exact())
    ///     .with_style(ChallengeStyle::Required);
    /// # let _ = layer;
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    #[must_use]
    pub fn with_style(mut self, style: ChallengeStyle) -> Self {
        let mut policy = Policy::clone(&self.policy);
        policy.style = style;
        self.policy = Arc::new(policy);
        self
    }

    /// The resource's scopes (its metadata's `scopes_supported`, RFC 9728
    /// §2): the granted tokens a [`ChallengeStyle::RequiredAndGranted`]
    /// challenge may name beside the required ones, so that a token's
    /// scopes for other resources are never named here.
    ///
    /// # Examples
    ///
    /// ```
    /// use http::header::WWW_AUTHENTICATE;
    /// use oauth_scope::tower::{GrantedScope, RequireScopeLayer};
    /// use oauth_scope::{Hierarchy, ScopeSet};
    /// use tower_layer::Layer;
    /// use tower_service::Service;
    ///
    /// let layer = RequireScopeLayer::new("api:write".parse()?, Hierarchy::exact())
    ///     .with_resource_scopes(&ScopeSet::parse("api:read api:write")?);
    /// let mut service = layer.layer(tower_service_fn());
    /// let mut request = http::Request::new(String::new());
    /// let granted = ScopeSet::parse("api:read calendar:read")?.into_owned();
    /// request.extensions_mut().insert(GrantedScope(granted));
    /// let response = futures_now(service.call(request));
    /// assert_eq!(
    ///     response.headers()[WWW_AUTHENTICATE],
    ///     r#"Bearer scope="api:read api:write", error="insufficient_scope""#,
    /// );
    /// # fn tower_service_fn() -> impl Service<http::Request<String>, Response = http::Response<String>, Error = std::convert::Infallible, Future = std::future::Ready<Result<http::Response<String>, std::convert::Infallible>>> + Clone {
    /// #     #[derive(Clone)] struct Ok200;
    /// #     impl Service<http::Request<String>> for Ok200 {
    /// #         type Response = http::Response<String>; type Error = std::convert::Infallible;
    /// #         type Future = std::future::Ready<Result<Self::Response, Self::Error>>;
    /// #         fn poll_ready(&mut self, _: &mut std::task::Context<'_>) -> std::task::Poll<Result<(), Self::Error>> { std::task::Poll::Ready(Ok(())) }
    /// #         fn call(&mut self, _: http::Request<String>) -> Self::Future { std::future::ready(Ok(http::Response::new(String::new()))) }
    /// #     }
    /// #     Ok200
    /// # }
    /// # fn futures_now<F: std::future::Future<Output = Result<http::Response<String>, std::convert::Infallible>>>(f: F) -> http::Response<String> {
    /// #     let mut f = std::pin::pin!(f);
    /// #     let waker = std::task::Waker::noop();
    /// #     match f.as_mut().poll(&mut std::task::Context::from_waker(&waker)) { std::task::Poll::Ready(Ok(r)) => r, _ => unreachable!() }
    /// # }
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    #[must_use]
    pub fn with_resource_scopes(mut self, scopes: &ScopeSet<'_>) -> Self {
        let mut policy = Policy::clone(&self.policy);
        policy.resource_scopes = ResourceScopes::Fixed(scopes.clone().into_owned());
        self.policy = Arc::new(policy);
        self
    }

    /// Accepts DPoP-bound access tokens (RFC 9449) whose proofs use one of
    /// `algs` (space-separated JWS algorithms, `ES256 PS256`): a request
    /// without credentials is offered both schemes (`Bearer realm=…,
    /// scope=…, DPoP algs="ES256"`), and a request made with
    /// `Authorization: DPoP` is answered in the `DPoP` scheme, with `algs`.
    /// Proof verification is the authenticating layer's, as token
    /// verification is; it marks a bad proof with [`InvalidToken`].
    ///
    /// Without this, a request made with `Authorization: DPoP` is still
    /// answered in its own scheme (RFC 9449 §7.1), without `algs`.
    ///
    /// # Errors
    ///
    /// A [`ChallengeError`] when `algs` is empty or has a character outside
    /// printable ASCII and space, or `"` or `\`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::tower::RequireScopeLayer;
    /// use oauth_scope::Hierarchy;
    ///
    /// let layer = RequireScopeLayer::new("api:read".parse()?, Hierarchy::exact())
    ///     .with_realm("api")?
    ///     .with_dpop("ES256")?;
    /// # let _ = layer;
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn with_dpop(mut self, algs: &str) -> Result<Self, ChallengeError> {
        let dpop = Challenge::dpop().with_algs(algs)?;
        let mut policy = Policy::clone(&self.policy);
        policy.dpop = Some(dpop);
        self.policy = Arc::new(policy);
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

impl RequireScopeLayer {
    /// The check of this layer, for a handler: `Ok(())` when the request
    /// (its headers and extensions, as the authenticating layer left them)
    /// meets the requirement, else the complete challenge response the
    /// layer would send (401 or 403, `WWW-Authenticate` with realm, scope,
    /// error and `resource_metadata`, in the request's scheme). For an
    /// endpoint that carries many operations, such as an MCP server's
    /// `tools/call`, whose requirement is known only once the body is read:
    /// make a layer per operation with [`ResourcePolicy::layer`] at start-up
    /// and check the one the request names.
    ///
    /// # Cost
    ///
    /// That of the layer: one compiled check when the requirement is met.
    ///
    /// # Errors
    ///
    /// The response to send back when the requirement is not met.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::tower::{GrantedScope, ResourcePolicy};
    /// use oauth_scope::{Hierarchy, ScopeSet};
    ///
    /// let policy = ResourcePolicy::new(Hierarchy::exact()).with_realm("mcp")?;
    /// let _read = policy.layer("files:read".parse()?);
    /// let write = policy.layer("files:write".parse()?);
    ///
    /// let mut request = http::Request::new(());
    /// request.extensions_mut().insert(GrantedScope(ScopeSet::parse("files:read")?.into_owned()));
    /// let (parts, ()) = request.into_parts();
    /// let refused: http::Response<()> = write.check(&parts.headers, &parts.extensions).unwrap_err();
    /// assert_eq!(refused.status(), 403);
    /// assert_eq!(
    ///     refused.headers()["www-authenticate"],
    ///     r#"Bearer realm="mcp", scope="files:read files:write", error="insufficient_scope""#,
    /// );
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn check<B: Default>(
        &self,
        headers: &http::HeaderMap,
        extensions: &http::Extensions,
    ) -> Result<(), http::Response<B>> {
        // The scheme is read only for a request that is refused.
        let scheme = || {
            Credentials::from_headers(headers)
                .ok()
                .flatten()
                .map(|c| c.scheme())
        };
        match self.policy.answer(extensions, scheme) {
            None => Ok(()),
            Some(refused) => Err(refused),
        }
    }
}

/// One protected resource's policy, set once: its hierarchy, `realm`,
/// protected resource metadata URL (RFC 9728 §5.1), [`ChallengeStyle`] and
/// DPoP. It hands out the route layers ([`layer`](Self::layer)), each with
/// those settings, so that no route repeats them; and it knows the
/// resource's scopes ([`scopes_supported`](Self::scopes_supported)):
/// those set with [`with_scopes_supported`](Self::with_scopes_supported),
/// else every token named by the requirements of the layers it handed out,
/// which is what the resource's metadata lists and what a
/// [`ChallengeStyle::RequiredAndGranted`] challenge may name beside the
/// required scope.
///
/// A policy is a handle: clones share the scopes collected.
///
/// # Examples
///
/// ```
/// use oauth_scope::tower::ResourcePolicy;
/// use oauth_scope::Hierarchy;
///
/// let policy = ResourcePolicy::new(Hierarchy::from_rules("api:admin => api:write api:read")?)
///     .with_realm("api")?
///     .with_resource_metadata("https://api.example/.well-known/oauth-protected-resource")?;
/// let read = policy.layer("api:read".parse()?);
/// let write = policy.layer("api:write api:read".parse()?);
/// assert_eq!(policy.scopes_supported().to_string(), "api:read api:write");
/// # let _ = (read, write);
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ResourcePolicy {
    hierarchy: Hierarchy,
    /// A layer with every setting and no requirement: what each layer
    /// handed out starts from.
    template: Policy,
    /// The scopes set, or those collected so far.
    scopes: Arc<std::sync::RwLock<ScopeSet<'static>>>,
    /// Whether `scopes` was set rather than collected.
    fixed: bool,
}

impl ResourcePolicy {
    /// A policy with no realm, no metadata URL, the default
    /// [`ChallengeStyle`], Bearer tokens only, and scopes collected from
    /// the layers it hands out.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::tower::ResourcePolicy;
    /// use oauth_scope::Hierarchy;
    ///
    /// let policy = ResourcePolicy::new(Hierarchy::github());
    /// assert!(policy.scopes_supported().is_empty());
    /// ```
    pub fn new(hierarchy: impl Into<Hierarchy>) -> Self {
        let hierarchy = hierarchy.into();
        let scopes = Arc::new(std::sync::RwLock::new(ScopeSet::new()));
        let template = Policy {
            requirement: Requirement::nothing().compile(&hierarchy),
            challenge: Challenge::new(),
            unauthenticated: Challenge::new(),
            dpop: None,
            style: ChallengeStyle::default(),
            resource_scopes: ResourceScopes::Policy(Arc::clone(&scopes)),
        };
        Self {
            hierarchy,
            template,
            scopes,
            fixed: false,
        }
    }

    /// Sets the `realm` of every challenge.
    ///
    /// # Errors
    ///
    /// As [`Challenge::with_realm`].
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::tower::ResourcePolicy;
    /// use oauth_scope::Hierarchy;
    ///
    /// assert!(ResourcePolicy::new(Hierarchy::exact()).with_realm("café").is_err());
    /// ```
    pub fn with_realm(mut self, realm: &str) -> Result<Self, ChallengeError> {
        self.template.challenge = self.template.challenge.with_realm(realm)?;
        Ok(self)
    }

    /// Sets the `resource_metadata` URL of every challenge (RFC 9728 §5.1).
    ///
    /// # Errors
    ///
    /// As [`Challenge::with_resource_metadata`].
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::tower::ResourcePolicy;
    /// use oauth_scope::Hierarchy;
    ///
    /// let url = "https://api.example/.well-known/oauth-protected-resource";
    /// assert!(ResourcePolicy::new(Hierarchy::exact()).with_resource_metadata(url).is_ok());
    /// ```
    pub fn with_resource_metadata(mut self, url: &str) -> Result<Self, ChallengeError> {
        self.template.challenge = self.template.challenge.with_resource_metadata(url)?;
        Ok(self)
    }

    /// Sets the [`ChallengeStyle`] of every layer.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::tower::{ChallengeStyle, ResourcePolicy};
    /// use oauth_scope::Hierarchy;
    ///
    /// let policy = ResourcePolicy::new(Hierarchy::exact()).with_style(ChallengeStyle::Required);
    /// # let _ = policy;
    /// ```
    #[must_use]
    pub fn with_style(mut self, style: ChallengeStyle) -> Self {
        self.template.style = style;
        self
    }

    /// Accepts DPoP-bound tokens in every layer: see
    /// [`RequireScopeLayer::with_dpop`].
    ///
    /// # Errors
    ///
    /// As [`RequireScopeLayer::with_dpop`].
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::tower::ResourcePolicy;
    /// use oauth_scope::Hierarchy;
    ///
    /// assert!(ResourcePolicy::new(Hierarchy::exact()).with_dpop("ES256").is_ok());
    /// ```
    pub fn with_dpop(mut self, algs: &str) -> Result<Self, ChallengeError> {
        self.template.dpop = Some(Challenge::dpop().with_algs(algs)?);
        Ok(self)
    }

    /// Sets the resource's scopes (its metadata's `scopes_supported`, RFC
    /// 9728 §2) instead of collecting them from the layers.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::tower::ResourcePolicy;
    /// use oauth_scope::{Hierarchy, ScopeSet};
    ///
    /// let policy = ResourcePolicy::new(Hierarchy::exact())
    ///     .with_scopes_supported(&ScopeSet::parse("api:read api:write api:admin")?);
    /// let _read = policy.layer("api:read".parse()?);
    /// assert_eq!(policy.scopes_supported().len(), 3);
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    #[must_use]
    pub fn with_scopes_supported(mut self, scopes: &ScopeSet<'_>) -> Self {
        // Into the set the layers handed out so far read, too.
        *self
            .scopes
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = scopes.clone().into_owned();
        self.fixed = true;
        self
    }

    /// The layer of a route that requires `requirement`, with the policy's
    /// settings; its tokens join the resource's scopes unless they were
    /// set. Hand the layers out at start-up: each call takes a lock and
    /// merges into the collected scopes, which a call per request would
    /// grow without bound.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::tower::ResourcePolicy;
    /// use oauth_scope::Hierarchy;
    ///
    /// let policy = ResourcePolicy::new(Hierarchy::exact());
    /// let _delete = policy.layer(r#""api:write api:read" | "api:admin""#.parse()?);
    /// assert_eq!(policy.scopes_supported().to_string(), "api:admin api:read api:write");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    // Taken by value so that a requirement can be written in place.
    #[allow(clippy::needless_pass_by_value)]
    pub fn layer(&self, requirement: Requirement) -> RequireScopeLayer {
        if !self.fixed {
            let mut scopes = self
                .scopes
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let named = requirement.named();
            *scopes = scopes.union(&named).into_owned();
        }
        let mut policy = self.template.clone();
        policy.requirement = requirement.compile(&self.hierarchy);
        let challenge = policy.challenge.clone();
        RequireScopeLayer {
            policy: Arc::new(policy.with_challenge(challenge)),
        }
    }

    /// The resource's protected resource metadata (RFC 9728 §2): `base`,
    /// with `scopes_supported` set to the policy's
    /// [`scopes_supported`](Self::scopes_supported) unless `base` has them,
    /// and, with DPoP enabled, `dpop_signing_alg_values_supported` set to
    /// its algorithms unless `base` has them. Call it once every layer has
    /// been handed out, so that the collected scopes are all there; serve
    /// the result with [`MetadataService`] (feature `serde`).
    ///
    /// The `resource` of `base` must be the URL the clients reach (RFC 9728
    /// §3.3: a client that found the metadata through a
    /// `WWW-Authenticate` challenge checks that `resource` is the URL it
    /// requested, or a prefix the server chose for the whole API), and the
    /// challenges' `resource_metadata` its
    /// [`well_known_url`](ProtectedResourceMetadata::well_known_url).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::tower::ResourcePolicy;
    /// use oauth_scope::{Hierarchy, ProtectedResourceMetadata};
    ///
    /// let base = ProtectedResourceMetadata::new("https://api.example/mcp")?
    ///     .with_authorization_server("https://auth.example")?;
    /// let policy = ResourcePolicy::new(Hierarchy::exact())
    ///     .with_resource_metadata(&base.well_known_url())?
    ///     .with_dpop("ES256")?;
    /// let _read = policy.layer("files:read".parse()?);
    /// let _write = policy.layer("files:write".parse()?);
    ///
    /// let metadata = policy.metadata(base);
    /// assert_eq!(metadata.scopes_supported().to_string(), "files:read files:write");
    /// assert_eq!(metadata.dpop_signing_alg_values_supported().collect::<Vec<_>>(), ["ES256"]);
    /// assert_eq!(
    ///     metadata.well_known_url(),
    ///     "https://api.example/.well-known/oauth-protected-resource/mcp",
    /// );
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn metadata(&self, base: ProtectedResourceMetadata) -> ProtectedResourceMetadata {
        let mut metadata = base;
        if metadata.scopes_supported().is_empty() {
            metadata = metadata.with_scopes_supported(&self.scopes_supported());
        }
        let algs = self.template.dpop.as_ref().and_then(Challenge::algs);
        let has_algs = metadata.dpop_signing_alg_values_supported().len() > 0;
        if let (Some(algs), false) = (algs, has_algs) {
            // Checked when the policy took them; an algorithm the metadata
            // refuses (`none`) is left out rather than failing here.
            let taken = metadata.clone().with_dpop_signing_alg_values_supported(
                algs.split(' ')
                    .filter(|a| !a.is_empty() && !a.eq_ignore_ascii_case("none")),
            );
            if let Ok(with_algs) = taken {
                metadata = with_algs;
            }
        }
        metadata
    }

    /// The resource's scopes: those set, or every token named by the
    /// requirements of the layers handed out so far, for the metadata's
    /// `scopes_supported` (RFC 9728 §2).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::tower::ResourcePolicy;
    /// use oauth_scope::Hierarchy;
    ///
    /// let policy = ResourcePolicy::new(Hierarchy::exact());
    /// let _read = policy.layer("api:read".parse()?);
    /// assert_eq!(policy.scopes_supported().to_string(), "api:read");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn scopes_supported(&self) -> ScopeSet<'static> {
        self.scopes
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
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
        // The scheme the client used, to answer in it, read only for a
        // refused request; malformed credentials are the authenticating
        // layer's to refuse.
        let headers = request.headers();
        let scheme = || {
            Credentials::from_headers(headers)
                .ok()
                .flatten()
                .map(|c| c.scheme())
        };
        let state = match self.policy.answer(request.extensions(), scheme) {
            None => State::Inner {
                future: self.inner.call(request),
            },
            Some(refused) => State::Refused {
                response: Some(refused),
            },
        };
        ResponseFuture { state }
    }
}

/// What a [`ChooseScopeLayer`] applies to one request.
///
/// There is no default: a request the choice does not foresee must still
/// be answered, so a `match` over the request names its arms, and one for
/// the rest, explicitly. A method the map forgets (`HEAD`, which axum runs
/// through the `GET` handler; `OPTIONS`) is then refused rather than let
/// through.
///
/// # Examples
///
/// ```
/// use oauth_scope::tower::{ResourcePolicy, ScopeChoice};
/// use oauth_scope::{Hierarchy, Requirement};
///
/// let policy = ResourcePolicy::new(Hierarchy::exact());
/// let refuse_all = ScopeChoice::Require(policy.layer(Requirement::nothing()));
/// # let _ = (refuse_all, ScopeChoice::Public);
/// ```
#[derive(Clone, Debug)]
pub enum ScopeChoice {
    /// Check the request with this layer.
    Require(RequireScopeLayer),
    /// The request needs no scope and no credentials: it goes through.
    Public,
}

/// A layer whose requirement is chosen for each request: `choose` looks at
/// the request's method, URI and headers and answers with the layer to
/// apply (one of those a [`ResourcePolicy`] handed out at start-up, a
/// cheap clone), or [`ScopeChoice::Public`] for a request that needs no
/// scope. Read the path as the router does: a path parameter is
/// percent-decoded by axum's `Path`, not in `parts.uri`. For routes
/// whose requirement follows from the request rather than from the route,
/// such as `/fhir/{type}` needing `…/{type}.r`: one layer on the route
/// instead of one route per value. A requirement read from the body (an
/// MCP `tools/call`) is checked in the handler with
/// [`RequireScopeLayer::check`] instead.
///
/// # Cost
///
/// `choose`, then what the chosen layer costs.
///
/// # Examples
///
/// ```
/// use std::collections::BTreeMap;
///
/// use oauth_scope::tower::{ChooseScopeLayer, RequireScopeLayer, ResourcePolicy, ScopeChoice};
/// use oauth_scope::{Hierarchy, Requirement};
/// use tower_layer::Layer;
///
/// let policy = ResourcePolicy::new(Hierarchy::exact());
/// let by_method: BTreeMap<http::Method, RequireScopeLayer> = [
///     (http::Method::GET, policy.layer("api:read".parse()?)),
///     (http::Method::HEAD, policy.layer("api:read".parse()?)),
///     (http::Method::DELETE, policy.layer("api:admin".parse()?)),
/// ]
/// .into_iter()
/// .collect();
/// // Any other method: refused (a requirement nothing meets).
/// let refused = policy.layer(Requirement::nothing());
/// let layer = ChooseScopeLayer::new(move |parts: &http::request::Parts| {
///     ScopeChoice::Require(by_method.get(&parts.method).unwrap_or(&refused).clone())
/// });
/// # let _ = layer;
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone)]
pub struct ChooseScopeLayer<F> {
    choose: Arc<F>,
}

impl<F> ChooseScopeLayer<F>
where
    F: Fn(&http::request::Parts) -> ScopeChoice,
{
    /// The layer that applies what `choose` answers for each request.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::tower::{ChooseScopeLayer, ResourcePolicy, ScopeChoice};
    /// use oauth_scope::Hierarchy;
    ///
    /// let policy = ResourcePolicy::new(Hierarchy::exact());
    /// let read = policy.layer("api:read".parse()?);
    /// let layer = ChooseScopeLayer::new(move |_: &http::request::Parts| ScopeChoice::Require(read.clone()));
    /// # let _ = layer;
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn new(choose: F) -> Self {
        Self {
            choose: Arc::new(choose),
        }
    }
}

impl<F> core::fmt::Debug for ChooseScopeLayer<F> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ChooseScopeLayer").finish_non_exhaustive()
    }
}

impl<S, F> tower_layer::Layer<S> for ChooseScopeLayer<F> {
    type Service = ChooseScope<S, F>;

    fn layer(&self, inner: S) -> ChooseScope<S, F> {
        ChooseScope {
            inner,
            choose: Arc::clone(&self.choose),
        }
    }
}

/// The service of a [`ChooseScopeLayer`].
///
/// # Examples
///
/// ```
/// use oauth_scope::tower::{ChooseScope, ChooseScopeLayer, ScopeChoice};
/// use tower_layer::Layer;
///
/// let layer = ChooseScopeLayer::new(|_: &http::request::Parts| ScopeChoice::Public);
/// let service: ChooseScope<(), _> = layer.layer(());
/// # let _ = service;
/// ```
#[derive(Clone)]
pub struct ChooseScope<S, F> {
    inner: S,
    choose: Arc<F>,
}

impl<S, F> core::fmt::Debug for ChooseScope<S, F> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ChooseScope").finish_non_exhaustive()
    }
}

impl<S, F, ReqB, ResB> tower_service::Service<http::Request<ReqB>> for ChooseScope<S, F>
where
    S: tower_service::Service<http::Request<ReqB>, Response = http::Response<ResB>>,
    F: Fn(&http::request::Parts) -> ScopeChoice,
    ResB: Default,
{
    type Response = http::Response<ResB>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future, ResB>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<ReqB>) -> Self::Future {
        let (parts, body) = request.into_parts();
        let refused = match (self.choose)(&parts) {
            ScopeChoice::Require(layer) => {
                layer.check::<ResB>(&parts.headers, &parts.extensions).err()
            }
            ScopeChoice::Public => None,
        };
        let state = match refused {
            None => State::Inner {
                future: self.inner.call(http::Request::from_parts(parts, body)),
            },
            Some(response) => State::Refused {
                response: Some(response),
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

/// The granted scope as an axum extractor (features `tower` and `axum`):
/// a handler that takes `GrantedScope` gets the scope the authenticating
/// layer put in the request, or answers 401: with `error="invalid_token"`
/// for a request marked [`InvalidToken`], else with a bare `Bearer`
/// challenge (no credentials reached it). It names no scope, realm or
/// metadata URL: use it on routes behind a [`RequireScopeLayer`], which
/// answers those requests first. A handler that checks a
/// per-operation requirement takes the request's parts instead and calls
/// [`RequireScopeLayer::check`], which names the scope, realm and metadata.
///
/// # Examples
///
/// ```
/// use axum::routing::get;
/// use axum::Router;
/// use oauth_scope::tower::GrantedScope;
///
/// async fn whoami(GrantedScope(scope): GrantedScope) -> String {
///     scope.to_string()
/// }
/// let app: Router = Router::new().route("/scope", get(whoami));
/// # let _ = app;
/// ```
#[cfg(feature = "axum")]
impl<S: Send + Sync> axum_core::extract::FromRequestParts<S> for GrantedScope {
    type Rejection = Challenge;

    async fn from_request_parts(
        parts: &mut http::request::Parts,
        _state: &S,
    ) -> Result<Self, Challenge> {
        if let Some(InvalidToken(description)) = parts.extensions.get::<InvalidToken>() {
            return Err(refused(
                Challenge::new(),
                ErrorCode::INVALID_TOKEN,
                description.as_deref(),
            ));
        }
        parts
            .extensions
            .get::<Self>()
            .cloned()
            .ok_or_else(Challenge::new)
    }
}
