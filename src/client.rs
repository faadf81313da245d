//! The client's exchange: which scope to ask for after a `401`, and what to
//! do after each challenge and token response, without looping.
//!
//! - [`select_scope`] is the first choice (MCP 2025-11-25 and 2026-07-28,
//!   "Scope Selection Strategy"): the challenge's `scope`, else every scope
//!   of the protected resource metadata's `scopes_supported` (RFC 9728
//!   §2), else none: the request omits `scope`. Never the authorization
//!   server's `scopes_supported`, which lists what it can grant to anyone,
//!   not what this resource needs.
//! - [`StepUpPlanner`] follows one resource: fed the challenges and token
//!   responses, it answers [`Step::Authorize`], [`Step::Refresh`] or
//!   [`Step::Stop`], and why. It is pure logic: the caller makes the
//!   requests.
//! - [`ResourceScopes`] keeps one planner per resource indicator (RFC 8707),
//!   so that what was asked of one resource is never sent to another.
//!
//! The rules, and where they come from:
//!
//! - **Union.** After a `403 insufficient_scope`, the scope to ask for is
//!   the union of the scope last requested and the challenge's scope (MCP
//!   2026-07-28, SEP-2350: "the union of the client's previously requested
//!   scope set and the scopes from the current challenge"). MCP 2025-11-25
//!   asks for "an increased set of scopes"; the union is one, and a server
//!   that names only the operation's scope (RFC 6750 §3.1) then does not
//!   make the client lose what it had.
//! - **Nothing new, stop.** A union that adds nothing to the last request
//!   would ask for the same token again: [`StopReason::NothingNew`].
//! - **Refresh only within the grant.** A refresh request may not ask for a
//!   scope the resource owner did not grant (RFC 6749 §6), so a refresh is
//!   planned only when the scope wanted is within the scope the last
//!   authorization granted and a refresh token is at hand; a strict
//!   superset needs a new authorization.
//! - **A retry limit per operation** (MCP: "Clients SHOULD implement retry
//!   limits and SHOULD track scope upgrade attempts to avoid repeated
//!   failures for the same resource and operation combination"): at most
//!   [`StepUpPlanner::DEFAULT_RETRY_LIMIT`] (3) planned authorizations or
//!   refreshes for one operation until it succeeds (the authorization that
//!   replaces a refused refresh is part of that refresh's attempt).
//! - **`offline_access`** (MCP 2026-07-28: clients "MAY add
//!   `offline_access` to the `scope` parameter … when the Authorization
//!   Server metadata contains it in `scopes_supported`"): added only when
//!   the client wants refresh tokens and the authorization server lists it,
//!   never alone, and never taken from a challenge (servers "SHOULD NOT
//!   include `offline_access` in `WWW-Authenticate`").
//!
//! # Examples
//!
//! A client's loop, with the requests left to it:
//!
//! ```
//! use oauth_scope::client::{Step, StepUpPlanner};
//! use oauth_scope::{Challenge, ScopeSet};
//!
//! let mut planner = StepUpPlanner::new();
//! // 401 with scope="files:read": ask for it.
//! let challenge = Challenge::parse(r#"Bearer scope="files:read""#)?;
//! let Step::Authorize(scope) = planner.on_unauthorized("read", Some(&challenge), None) else {
//!     unreachable!()
//! };
//! assert_eq!(scope.unwrap().to_string(), "files:read");
//! planner.on_token(None, false); // granted as requested
//! planner.on_success("read");
//!
//! // 403 for another operation: the union, so that files:read stays.
//! let challenge =
//!     Challenge::parse(r#"Bearer error="insufficient_scope", scope="files:write""#)?;
//! let step = planner.on_forbidden("write", &challenge);
//! assert_eq!(step, Step::Authorize(Some(ScopeSet::parse("files:read files:write")?.into_owned())));
//! planner.on_token(None, false);
//!
//! // The same challenge again: asking for the same scope would loop.
//! assert!(matches!(planner.on_forbidden("write", &challenge), Step::Stop(_)));
//! # Ok::<(), oauth_scope::Error>(())
//! ```

use alloc::collections::BTreeMap;
use alloc::string::String;
use core::fmt;

use crate::challenge::{Challenge, ErrorCode};
use crate::metadata::ProtectedResourceMetadata;
use crate::set::ScopeSet;
use crate::token::ScopeToken;

/// The scope token that asks for a refresh token (`OpenID` Connect Core
/// §11).
const OFFLINE_ACCESS: ScopeToken<'static> = ScopeToken::from_static("offline_access");

/// The scope to ask for after a `401`, before any authorization (MCP
/// 2025-11-25 and 2026-07-28, "Scope Selection Strategy"): the challenge's
/// `scope` if it names one; else every scope of the protected resource
/// metadata's `scopes_supported`; else `None`, and the authorization
/// request omits `scope`.
///
/// The authorization server's own `scopes_supported` is never a source: it
/// lists what that server can grant to anyone, and the specification does
/// not name it. An empty `scope` or `scopes_supported` counts as none.
///
/// # Examples
///
/// ```
/// use oauth_scope::client::select_scope;
/// use oauth_scope::{Challenge, ProtectedResourceMetadata, ScopeSet};
///
/// let metadata = ProtectedResourceMetadata::new("https://mcp.example.com/mcp")?
///     .with_scopes_supported(&ScopeSet::parse("mcp:read mcp:write")?);
/// let challenge = Challenge::parse(r#"Bearer scope="mcp:read""#)?;
///
/// let scope = select_scope(Some(&challenge), Some(&metadata)).unwrap();
/// assert_eq!(scope.to_string(), "mcp:read");
/// let scope = select_scope(Some(&Challenge::new()), Some(&metadata)).unwrap();
/// assert_eq!(scope.to_string(), "mcp:read mcp:write");
/// assert_eq!(select_scope(None, None), None);
/// # Ok::<(), oauth_scope::Error>(())
/// ```
pub fn select_scope(
    challenge: Option<&Challenge>,
    metadata: Option<&ProtectedResourceMetadata>,
) -> Option<ScopeSet<'static>> {
    choose(challenge, metadata, ScopeSet::clone)
}

/// The first choice of [`select_scope`], each source seen through `view`
/// (the planner leaves `offline_access` out); a source empty in that view
/// counts as none.
fn choose(
    challenge: Option<&Challenge>,
    metadata: Option<&ProtectedResourceMetadata>,
    view: impl Fn(&ScopeSet<'static>) -> ScopeSet<'static>,
) -> Option<ScopeSet<'static>> {
    let nonempty = |s: ScopeSet<'static>| (!s.is_empty()).then_some(s);
    let named = challenge.and_then(Challenge::scope).map(&view);
    named.and_then(nonempty).or_else(|| {
        metadata
            .map(|m| view(m.scopes_supported()))
            .and_then(nonempty)
    })
}

/// What to do next, as [`StepUpPlanner`] answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Run a new authorization (authorization code, or the client's own
    /// grant) with this scope; `None`: omit the `scope` parameter.
    Authorize(Option<ScopeSet<'static>>),
    /// Use the refresh token (RFC 6749 §6) with this scope, which is within
    /// the scope granted; `None`: omit `scope`, for the whole grant.
    Refresh(Option<ScopeSet<'static>>),
    /// Give up on this operation: asking again would not help.
    Stop(StopReason),
}

/// Why [`StepUpPlanner`] answered [`Step::Stop`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StopReason {
    /// A `403` whose challenge is not `insufficient_scope` (or has no
    /// error code): more scope would not help.
    NotInsufficientScope,
    /// A `403 insufficient_scope` that names no scope, and so nothing to
    /// add to the last request.
    NoScope,
    /// The union of the last request and the challenge's scope is the last
    /// request: asking again would get the same token.
    NothingNew,
    /// The operation was retried as many times as the limit allows
    /// without succeeding.
    RetryLimit,
}

impl StopReason {
    /// The reason's name in `snake_case` (`"retry_limit"`), for logs and
    /// machine-readable output.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::client::StopReason;
    ///
    /// assert_eq!(StopReason::NothingNew.code(), "nothing_new");
    /// ```
    pub const fn code(self) -> &'static str {
        match self {
            Self::NotInsufficientScope => "not_insufficient_scope",
            Self::NoScope => "no_scope",
            Self::NothingNew => "nothing_new",
            Self::RetryLimit => "retry_limit",
        }
    }
}

impl fmt::Display for StopReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotInsufficientScope => {
                "the resource refused the request for another reason than insufficient_scope"
            }
            Self::NoScope => "the insufficient_scope challenge names no scope to ask for",
            Self::NothingNew => {
                "the challenge names nothing the last request did not ask for: \
                 asking again would loop"
            }
            Self::RetryLimit => "the operation reached its retry limit",
        })
    }
}

/// What the client holds once an authorization has given it a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Held {
    /// Whether a refresh token came with it (or with a refresh since).
    refresh_token: bool,
}

/// The request a [`Step`] asked for, until its token response comes.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Pending {
    Authorize(Option<ScopeSet<'static>>),
    Refresh(Option<ScopeSet<'static>>),
}

/// Plans a client's authorizations and refreshes for one resource: after a
/// `401` or a `403`, and after each token response, it says whether to
/// authorize (with which scope), refresh (with which scope), or stop, and
/// why. Once the token of its last request has come back, it never asks
/// for the same scope again after a `403`, and
/// never more than the retry limit for one operation until it succeeds.
/// The rules are in the [module docs](self).
///
/// The caller reports what happens:
///
/// - [`on_unauthorized`](Self::on_unauthorized) after a `401`,
///   [`on_forbidden`](Self::on_forbidden) after a `403`;
/// - [`on_token`](Self::on_token) after the token response of the
///   authorization or refresh it was told to make;
/// - [`on_success`](Self::on_success) when an operation goes through.
///
/// An operation is what the caller retries: a route, a JSON-RPC method, an
/// MCP tool (`"tools/call:search"`). Its attempts are counted from its
/// first refusal to its success.
///
/// # Examples
///
/// ```
/// use oauth_scope::client::{Step, StepUpPlanner, StopReason};
/// use oauth_scope::{Challenge, ScopeSet};
///
/// let scope = |s: &str| ScopeSet::parse(s).unwrap().into_owned();
/// let mut planner = StepUpPlanner::new().with_refresh_tokens(true);
/// planner.set_authorization_server_scopes(Some(&scope("read write offline_access")));
///
/// // The first authorization, with offline_access since the client wants
/// // refresh tokens and the authorization server lists it.
/// let challenge = Challenge::parse(r#"Bearer scope="read write""#)?;
/// let step = planner.on_unauthorized("list", Some(&challenge), None);
/// assert_eq!(step, Step::Authorize(Some(scope("offline_access read write"))));
/// planner.on_token(None, true);
///
/// // The access token expires: refresh, within the grant.
/// let step = planner.on_unauthorized("list", Some(&Challenge::parse("Bearer")?), None);
/// assert_eq!(step, Step::Refresh(None));
/// planner.on_token(None, true);
/// planner.on_success("list");
///
/// // A 403 for more than was granted: a new authorization.
/// let more = Challenge::parse(r#"Bearer error="insufficient_scope", scope="admin""#)?;
/// let step = planner.on_forbidden("delete", &more);
/// assert_eq!(step, Step::Authorize(Some(scope("admin offline_access read write"))));
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepUpPlanner {
    retry_limit: u32,
    refresh_tokens: bool,
    /// Whether the authorization server lists `offline_access`.
    offline_access: bool,
    /// The scope the current token was asked with; `None` when the request
    /// omitted it, or before any.
    requested: Option<ScopeSet<'static>>,
    /// The scope of the current access token, when known.
    granted: Option<ScopeSet<'static>>,
    /// The scope the last authorization granted, the bound of a refresh
    /// (RFC 6749 §6), when known.
    grant: Option<ScopeSet<'static>>,
    /// The token an authorization gave, if any.
    held: Option<Held>,
    pending: Option<Pending>,
    /// Authorizations and refreshes per operation since its last success.
    attempts: BTreeMap<String, u32>,
}

impl Default for StepUpPlanner {
    fn default() -> Self {
        Self::new()
    }
}

impl StepUpPlanner {
    /// Authorizations and refreshes allowed for one operation until it
    /// succeeds: MCP's "no more than a few times".
    pub const DEFAULT_RETRY_LIMIT: u32 = 3;

    /// A planner with no token yet, the default retry limit, and no wish
    /// for refresh tokens.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::client::StepUpPlanner;
    ///
    /// let planner = StepUpPlanner::new();
    /// assert_eq!(planner.requested(), None);
    /// assert_eq!(planner.retry_limit(), 3);
    /// ```
    pub const fn new() -> Self {
        Self {
            retry_limit: Self::DEFAULT_RETRY_LIMIT,
            refresh_tokens: false,
            offline_access: false,
            requested: None,
            granted: None,
            grant: None,
            held: None,
            pending: None,
            attempts: BTreeMap::new(),
        }
    }

    /// Allows `limit` authorizations and refreshes per operation until it
    /// succeeds (at least one).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::client::{Step, StepUpPlanner, StopReason};
    ///
    /// let mut planner = StepUpPlanner::new().with_retry_limit(1);
    /// assert!(matches!(planner.on_unauthorized("op", None, None), Step::Authorize(None)));
    /// planner.on_token(None, false);
    /// let step = planner.on_unauthorized("op", None, None);
    /// assert_eq!(step, Step::Stop(StopReason::RetryLimit));
    /// ```
    #[must_use]
    pub fn with_retry_limit(mut self, limit: u32) -> Self {
        self.retry_limit = limit.max(1);
        self
    }

    /// Whether the client wants refresh tokens: then `offline_access` is
    /// added to each authorization's scope when the authorization server
    /// lists it ([`set_authorization_server_scopes`](Self::set_authorization_server_scopes)).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::client::{Step, StepUpPlanner};
    /// use oauth_scope::{Challenge, ScopeSet};
    ///
    /// let listed = ScopeSet::parse("read offline_access")?;
    /// let challenge = Challenge::parse(r#"Bearer scope="read""#)?;
    /// for (wants, asked) in [(true, "offline_access read"), (false, "read")] {
    ///     let mut planner = StepUpPlanner::new().with_refresh_tokens(wants);
    ///     planner.set_authorization_server_scopes(Some(&listed));
    ///     let Step::Authorize(Some(scope)) = planner.on_unauthorized("op", Some(&challenge), None)
    ///     else { unreachable!() };
    ///     assert_eq!(scope.to_string(), asked);
    /// }
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    #[must_use]
    pub fn with_refresh_tokens(mut self, wanted: bool) -> Self {
        self.refresh_tokens = wanted;
        self
    }

    /// The authorization server metadata's `scopes_supported` (RFC 8414
    /// §2), or `None` when it has none: only whether it lists
    /// `offline_access` is read from it.
    pub fn set_authorization_server_scopes(&mut self, scopes: Option<&ScopeSet<'_>>) {
        self.offline_access = scopes.is_some_and(|s| s.contains(OFFLINE_ACCESS.as_str()));
    }

    /// The retry limit per operation.
    pub const fn retry_limit(&self) -> u32 {
        self.retry_limit
    }

    /// The scope the current token was asked with: `None` before any
    /// token, or when the request omitted `scope`.
    pub fn requested(&self) -> Option<&ScopeSet<'static>> {
        self.requested.as_ref()
    }

    /// The scope of the current access token, when known: the token
    /// response's `scope`, or the scope asked for when it has none (RFC
    /// 6749 §5.1).
    pub fn granted(&self) -> Option<&ScopeSet<'static>> {
        self.granted.as_ref()
    }

    /// Whether a refresh token is at hand.
    pub const fn has_refresh_token(&self) -> bool {
        matches!(
            self.held,
            Some(Held {
                refresh_token: true
            })
        )
    }

    /// The authorizations and refreshes planned for `operation` since it
    /// last succeeded.
    pub fn attempts(&self, operation: &str) -> u32 {
        self.attempts.get(operation).copied().unwrap_or(0)
    }

    /// After a `401` for `operation`: no token, or one the resource refused
    /// (expired, revoked). `challenge` is the `WWW-Authenticate` challenge
    /// if there was one; `metadata` the resource's protected resource
    /// metadata if the client read it.
    ///
    /// - Before any token: [`Step::Authorize`] with [`select_scope`].
    /// - With one: the scope last asked for, with the challenge's scope
    ///   added; [`Step::Refresh`] when that is within the grant and a
    ///   refresh token is at hand, else [`Step::Authorize`].
    /// - [`Step::Stop`] with [`StopReason::RetryLimit`] once `operation`
    ///   has had its retries.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::client::{Step, StepUpPlanner};
    /// use oauth_scope::{ProtectedResourceMetadata, ScopeSet};
    ///
    /// let metadata = ProtectedResourceMetadata::new("https://mcp.example.com/mcp")?
    ///     .with_scopes_supported(&ScopeSet::parse("mcp:basic")?);
    /// let mut planner = StepUpPlanner::new();
    /// let step = planner.on_unauthorized("initialize", None, Some(&metadata));
    /// assert_eq!(step, Step::Authorize(Some(ScopeSet::parse("mcp:basic")?.into_owned())));
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn on_unauthorized(
        &mut self,
        operation: &str,
        challenge: Option<&Challenge>,
        metadata: Option<&ProtectedResourceMetadata>,
    ) -> Step {
        if self.attempts(operation) >= self.retry_limit {
            return Step::Stop(StopReason::RetryLimit);
        }
        // The first choice, `offline_access` aside: a challenge that names
        // only that names nothing, and the metadata's scopes come next.
        let named = choose(challenge, None, without_offline_access);
        let step = match self.base() {
            // A token whose scope is known: that scope, with the
            // challenge's added.
            Some(base) if self.held.is_some() => {
                let wanted = match &named {
                    Some(named) => base.union(named),
                    None => base,
                };
                self.refresh_or_authorize(Some(wanted))
            }
            // No token, or one of unknown scope: the first choice.
            _ => {
                if named.is_none() && self.has_refresh_token() {
                    // An expired token of unknown scope: the whole grant.
                    Step::Refresh(None)
                } else {
                    let first = named.or_else(|| choose(None, metadata, without_offline_access));
                    Step::Authorize(self.with_offline_access(first))
                }
            }
        };
        self.plan(operation, step)
    }

    /// After a `403` for `operation`, with the challenge of its
    /// `WWW-Authenticate`.
    ///
    /// - [`Step::Stop`] when the challenge is not `insufficient_scope`
    ///   ([`StopReason::NotInsufficientScope`]), names no scope
    ///   ([`NoScope`](StopReason::NoScope)), adds nothing to the last
    ///   request ([`NothingNew`](StopReason::NothingNew)), or the operation
    ///   has had its retries ([`RetryLimit`](StopReason::RetryLimit)).
    /// - Else the union of the last request and the challenge's scope (MCP
    ///   2026-07-28, SEP-2350): [`Step::Refresh`] when it is within the
    ///   grant and a refresh token is at hand (RFC 6749 §6), else
    ///   [`Step::Authorize`].
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::client::{Step, StepUpPlanner, StopReason};
    /// use oauth_scope::Challenge;
    ///
    /// let mut planner = StepUpPlanner::new();
    /// let challenge = Challenge::parse(r#"Bearer error="invalid_request""#)?;
    /// let step = planner.on_forbidden("op", &challenge);
    /// assert_eq!(step, Step::Stop(StopReason::NotInsufficientScope));
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn on_forbidden(&mut self, operation: &str, challenge: &Challenge) -> Step {
        if challenge.error() != Some(&ErrorCode::INSUFFICIENT_SCOPE) {
            return Step::Stop(StopReason::NotInsufficientScope);
        }
        let Some(named) = challenge.scope().filter(|s| !s.is_empty()) else {
            return Step::Stop(StopReason::NoScope);
        };
        if self.attempts(operation) >= self.retry_limit {
            return Step::Stop(StopReason::RetryLimit);
        }
        let base = self.base().unwrap_or_default();
        let wanted = base.union(&without_offline_access(named));
        // Compared with the last request as sent: the same scope would get
        // the same token.
        if self.held.is_some() && wanted.is_subset(&base) {
            return Step::Stop(StopReason::NothingNew);
        }
        let step = self.refresh_or_authorize(Some(wanted));
        self.plan(operation, step)
    }

    /// After the token response of the authorization or refresh last
    /// planned: its `scope` member (`None` when absent: the scope asked
    /// for, RFC 6749 §5.1) and whether it carries a refresh token. A
    /// refresh response without one leaves the previous refresh token in
    /// use (RFC 6749 §6).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::client::StepUpPlanner;
    /// use oauth_scope::ScopeSet;
    ///
    /// let mut planner = StepUpPlanner::new();
    /// planner.on_unauthorized("op", None, None);
    /// planner.on_token(Some(&ScopeSet::parse("read")?), true);
    /// assert_eq!(planner.granted().unwrap().to_string(), "read");
    /// assert!(planner.has_refresh_token());
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn on_token(&mut self, response_scope: Option<&ScopeSet<'_>>, refresh_token: bool) {
        let response = response_scope.map(|s| s.clone().into_owned());
        match self.pending.take() {
            Some(Pending::Refresh(asked)) => {
                self.granted = response
                    .or_else(|| asked.clone())
                    .or_else(|| self.grant.clone());
                self.requested = asked.or_else(|| self.grant.clone());
                let kept = self.has_refresh_token();
                self.held = Some(Held {
                    refresh_token: kept || refresh_token,
                });
            }
            Some(Pending::Authorize(asked)) => self.authorized_with(asked, response, refresh_token),
            // A token the planner did not plan (the caller's own first
            // authorization): what it asked for is not known.
            None => self.authorized_with(None, response, refresh_token),
        }
    }

    /// After the refresh last planned failed (the authorization server
    /// answered `invalid_grant`: the refresh token expired or was revoked,
    /// RFC 6749 §5.2): the refresh token is forgotten, and the answer is
    /// the authorization to make instead, for the scope the refresh asked
    /// for (the whole grant when it named none). It counts as the same
    /// attempt as the refresh. `None` when no refresh was planned.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::client::{Step, StepUpPlanner};
    /// use oauth_scope::{Challenge, ScopeSet};
    ///
    /// let mut planner = StepUpPlanner::new();
    /// let challenge = Challenge::parse(r#"Bearer scope="read""#)?;
    /// planner.on_unauthorized("op", Some(&challenge), None);
    /// planner.on_token(None, true);
    /// // The access token expires; the refresh is refused.
    /// assert_eq!(planner.on_unauthorized("op", None, None), Step::Refresh(None));
    /// let step = planner.on_refresh_failed();
    /// assert_eq!(step, Some(Step::Authorize(Some(ScopeSet::parse("read")?.into_owned()))));
    /// assert!(!planner.has_refresh_token());
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn on_refresh_failed(&mut self) -> Option<Step> {
        if !matches!(self.pending, Some(Pending::Refresh(_))) {
            return None;
        }
        let Some(Pending::Refresh(asked)) = self.pending.take() else {
            return None;
        };
        self.held = self.held.map(|_| Held {
            refresh_token: false,
        });
        let scope = self.with_offline_access(asked.or_else(|| self.grant.clone()));
        self.pending = Some(Pending::Authorize(scope.clone()));
        Some(Step::Authorize(scope))
    }

    /// After a refresh the caller made on its own (before the access token
    /// expired, say): its token response, taken as a refresh of the whole
    /// grant (RFC 6749 §6), so that the grant stays the bound of later
    /// refreshes. [`on_token`](Self::on_token) after a step the planner did
    /// not plan takes the response as a new authorization instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::client::{Step, StepUpPlanner};
    /// use oauth_scope::{Challenge, ScopeSet};
    ///
    /// let mut planner = StepUpPlanner::new();
    /// let challenge = Challenge::parse(r#"Bearer scope="read write""#)?;
    /// planner.on_unauthorized("op", Some(&challenge), None);
    /// planner.on_token(None, true);
    /// planner.on_refreshed(None, false);
    /// assert_eq!(planner.granted().unwrap().to_string(), "read write");
    /// assert!(planner.has_refresh_token());
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn on_refreshed(&mut self, response_scope: Option<&ScopeSet<'_>>, refresh_token: bool) {
        if self.held.is_none() {
            return self.on_token(response_scope, refresh_token);
        }
        self.pending = Some(Pending::Refresh(None));
        self.on_token(response_scope, refresh_token);
    }

    /// After `operation` succeeded: its attempts start again from zero.
    pub fn on_success(&mut self, operation: &str) {
        self.attempts.remove(operation);
    }

    fn authorized_with(
        &mut self,
        asked: Option<ScopeSet<'static>>,
        response: Option<ScopeSet<'static>>,
        refresh_token: bool,
    ) {
        self.granted = response.or_else(|| asked.clone());
        self.grant.clone_from(&self.granted);
        self.requested = asked;
        self.held = Some(Held { refresh_token });
    }

    /// What the next request builds on: the scope last asked for, else the
    /// scope of the token (a request that omitted `scope`).
    fn base(&self) -> Option<ScopeSet<'static>> {
        self.requested.clone().or_else(|| self.granted.clone())
    }

    /// A refresh for `wanted` when it is within the grant and a refresh
    /// token is at hand; else an authorization. `offline_access` is about
    /// the refresh token, not the resource: it is left out of the
    /// comparison, and a refresh keeps it when the grant has it.
    fn refresh_or_authorize(&self, wanted: Option<ScopeSet<'static>>) -> Step {
        let access = wanted.as_ref().map(without_offline_access);
        let within = match (&access, &self.grant) {
            (None, _) => true,
            (Some(access), Some(grant)) => access.is_subset(grant),
            (Some(_), None) => false,
        };
        if !(self.has_refresh_token() && within) {
            return Step::Authorize(self.with_offline_access(wanted));
        }
        // The whole grant needs no `scope` (RFC 6749 §6: "if omitted is
        // treated as equal to the scope originally granted").
        let narrower = access.and_then(|mut access| {
            let grant = self.grant.as_ref()?;
            if grant.contains(OFFLINE_ACCESS.as_str()) {
                access.insert(OFFLINE_ACCESS);
            }
            (access != *grant).then_some(access)
        });
        Step::Refresh(narrower)
    }

    /// `scope` for an authorization request: with `offline_access` when the
    /// client wants refresh tokens and the authorization server lists it,
    /// else without it (even when an earlier grant had it); never
    /// `offline_access` alone, and `None` rather than an empty scope.
    fn with_offline_access(&self, scope: Option<ScopeSet<'static>>) -> Option<ScopeSet<'static>> {
        let mut scope = scope.map(|s| without_offline_access(&s))?;
        if scope.is_empty() {
            return None;
        }
        if self.refresh_tokens && self.offline_access {
            scope.insert(OFFLINE_ACCESS);
        }
        Some(scope)
    }

    /// Counts a planned request for `operation` and remembers it until its
    /// token response.
    fn plan(&mut self, operation: &str, step: Step) -> Step {
        self.pending = match &step {
            Step::Authorize(scope) => Some(Pending::Authorize(scope.clone())),
            Step::Refresh(scope) => Some(Pending::Refresh(scope.clone())),
            Step::Stop(_) => return step,
        };
        *self.attempts.entry(operation.into()).or_insert(0) += 1;
        step
    }
}

/// `scope` without `offline_access`: a resource's challenge or metadata is
/// no source for it (MCP 2026-07-28: servers "SHOULD NOT include
/// `offline_access` in `WWW-Authenticate` scope").
fn without_offline_access(scope: &ScopeSet<'static>) -> ScopeSet<'static> {
    let mut scope = scope.clone();
    scope.remove(OFFLINE_ACCESS.as_str());
    scope
}

/// One [`StepUpPlanner`] per resource indicator (RFC 8707): the scope asked
/// of one resource, its tokens' grants and its attempts are never mixed
/// with another's. New resources start from a template planner (its retry
/// limit and refresh-token wish).
///
/// # Examples
///
/// ```
/// use oauth_scope::client::{ResourceScopes, Step, StepUpPlanner};
/// use oauth_scope::{Challenge, ScopeSet};
///
/// let mut resources = ResourceScopes::new(StepUpPlanner::new());
/// let files = "https://files.example.com/mcp";
/// let mail = "https://mail.example.com/mcp";
/// let challenge = Challenge::parse(r#"Bearer scope="files:read""#)?;
/// resources.planner(files).on_unauthorized("list", Some(&challenge), None);
/// resources.planner(files).on_token(None, false);
///
/// // The mail server's first authorization knows nothing of files:read.
/// let challenge = Challenge::parse(r#"Bearer scope="mail:read""#)?;
/// let step = resources.planner(mail).on_unauthorized("list", Some(&challenge), None);
/// assert_eq!(step, Step::Authorize(Some(ScopeSet::parse("mail:read")?.into_owned())));
/// assert_eq!(resources.get(files).unwrap().granted().unwrap().to_string(), "files:read");
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct ResourceScopes {
    template: StepUpPlanner,
    planners: BTreeMap<String, StepUpPlanner>,
}

impl ResourceScopes {
    /// No resources yet; each new one starts as `template`.
    pub fn new(template: StepUpPlanner) -> Self {
        Self {
            template,
            planners: BTreeMap::new(),
        }
    }

    /// The planner of `resource`, started from the template the first time.
    /// The resource indicator is compared as given: RFC 8707 §2 has the
    /// client send the same absolute URI each time.
    pub fn planner(&mut self, resource: &str) -> &mut StepUpPlanner {
        self.planners
            .entry(resource.into())
            .or_insert_with(|| self.template.clone())
    }

    /// The planner of `resource`, if it has one.
    pub fn get(&self, resource: &str) -> Option<&StepUpPlanner> {
        self.planners.get(resource)
    }

    /// Forgets `resource` (its authorization server changed, its tokens
    /// were revoked): its next planner starts from the template.
    pub fn remove(&mut self, resource: &str) -> Option<StepUpPlanner> {
        self.planners.remove(resource)
    }

    /// The resources with a planner, in byte order.
    pub fn resources(&self) -> impl Iterator<Item = &str> {
        self.planners.keys().map(String::as_str)
    }
}
