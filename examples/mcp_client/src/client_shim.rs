//! A stand-in for `oauth_scope::client` until the library has it: the same
//! names and signatures, and the behaviour its documentation describes, so
//! that the rest of the client does not change when it lands.

use std::collections::HashMap;
use std::fmt;

use oauth_scope::{Challenge, ErrorCode, ProtectedResourceMetadata, ScopeSet};

/// The scope to request (MCP 2025-11-25, "Scope Selection Strategy"): the
/// challenge's `scope`, else every scope of the metadata's
/// `scopes_supported`, else `None` (omit the parameter).
pub(crate) fn select_scope(
    challenge: Option<&Challenge>,
    metadata: Option<&ProtectedResourceMetadata>,
) -> Option<ScopeSet<'static>> {
    if let Some(scope) = challenge.and_then(Challenge::scope) {
        return Some(scope.clone());
    }
    metadata
        .map(ProtectedResourceMetadata::scopes_supported)
        .filter(|s| !s.is_empty())
        .cloned()
}

/// What to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    /// A new authorization, with this scope (`None`: omit `scope`).
    Authorize(Option<ScopeSet<'static>>),
    /// A `refresh_token` grant, with this scope (`None`: omit `scope`).
    Refresh(Option<ScopeSet<'static>>),
    /// Give up.
    Stop(StopReason),
}

/// Why the planner gives up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum StopReason {
    /// The challenge asks for nothing that was not asked for already.
    NothingNew,
    /// The operation was retried as often as allowed.
    RetryLimit,
    /// A 403 that is not `insufficient_scope`, or names no scope.
    NotInsufficientScope,
}

impl fmt::Display for StopReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NothingNew => "the challenge asks for no scope beyond the last request",
            Self::RetryLimit => "the retry limit of the operation is reached",
            Self::NotInsufficientScope => "the 403 is not insufficient_scope with a scope",
        })
    }
}

/// The step-up planner for one resource.
#[derive(Debug, Clone)]
pub(crate) struct StepUpPlanner {
    retry_limit: u32,
    refresh_tokens: bool,
    as_scopes: Option<ScopeSet<'static>>,
    requested: Option<ScopeSet<'static>>,
    granted: Option<ScopeSet<'static>>,
    has_refresh_token: bool,
    attempts: HashMap<String, u32>,
}

impl StepUpPlanner {
    pub(crate) fn new() -> Self {
        Self {
            retry_limit: 3,
            refresh_tokens: false,
            as_scopes: None,
            requested: None,
            granted: None,
            has_refresh_token: false,
            attempts: HashMap::new(),
        }
    }

    #[must_use]
    pub(crate) fn with_retry_limit(mut self, limit: u32) -> Self {
        self.retry_limit = limit;
        self
    }

    #[must_use]
    pub(crate) fn with_refresh_tokens(mut self, wanted: bool) -> Self {
        self.refresh_tokens = wanted;
        self
    }

    pub(crate) fn set_authorization_server_scopes(&mut self, scopes: Option<&ScopeSet<'_>>) {
        self.as_scopes = scopes.map(|s| s.clone().into_owned());
    }

    pub(crate) fn on_unauthorized(
        &mut self,
        operation: &str,
        challenge: Option<&Challenge>,
        metadata: Option<&ProtectedResourceMetadata>,
    ) -> Step {
        if !self.count(operation) {
            return Step::Stop(StopReason::RetryLimit);
        }
        let mut scope = select_scope(challenge, metadata);
        if let (Some(named), Some(prior)) = (challenge.and_then(Challenge::scope), self.prior()) {
            scope = Some(prior.union(named));
        }
        self.authorize(scope)
    }

    pub(crate) fn on_forbidden(&mut self, operation: &str, challenge: &Challenge) -> Step {
        let Some(named) = challenge.scope() else {
            return Step::Stop(StopReason::NotInsufficientScope);
        };
        if challenge.error() != Some(&ErrorCode::INSUFFICIENT_SCOPE) {
            return Step::Stop(StopReason::NotInsufficientScope);
        }
        let scope = match self.prior() {
            Some(prior) if prior.is_superset(named) => return Step::Stop(StopReason::NothingNew),
            Some(prior) => prior.union(named),
            None => named.clone(),
        };
        if !self.count(operation) {
            return Step::Stop(StopReason::RetryLimit);
        }
        if self.has_refresh_token && self.granted.as_ref().is_some_and(|g| g.is_superset(&scope)) {
            self.requested = Some(scope.clone());
            return Step::Refresh(Some(scope));
        }
        self.authorize(Some(scope))
    }

    pub(crate) fn on_token(&mut self, scope: Option<&ScopeSet<'_>>, has_refresh_token: bool) {
        self.granted = scope
            .map(|s| s.clone().into_owned())
            .or_else(|| self.requested.clone());
        self.has_refresh_token = has_refresh_token;
    }

    pub(crate) fn on_success(&mut self, operation: &str) {
        self.attempts.remove(operation);
    }

    fn prior(&self) -> Option<ScopeSet<'static>> {
        match (&self.requested, &self.granted) {
            (Some(r), Some(g)) => Some(r.union(g)),
            (r, g) => r.clone().or_else(|| g.clone()),
        }
        .map(|mut s| {
            s.remove("offline_access");
            s
        })
    }

    fn count(&mut self, operation: &str) -> bool {
        let n = self.attempts.entry(operation.to_owned()).or_insert(0);
        *n += 1;
        *n <= self.retry_limit
    }

    fn authorize(&mut self, scope: Option<ScopeSet<'static>>) -> Step {
        self.requested.clone_from(&scope);
        let offline = self.refresh_tokens
            && self
                .as_scopes
                .as_ref()
                .is_some_and(|s| s.contains("offline_access"));
        let sent = match scope {
            Some(mut s) if offline => {
                let _ = s.insert_owned("offline_access");
                Some(s)
            }
            other => other,
        };
        Step::Authorize(sent)
    }
}

/// One planner per resource indicator (RFC 8707).
#[derive(Debug)]
pub(crate) struct ResourceScopes {
    template: StepUpPlanner,
    planners: HashMap<String, StepUpPlanner>,
}

impl ResourceScopes {
    pub(crate) fn new(template: StepUpPlanner) -> Self {
        Self {
            template,
            planners: HashMap::new(),
        }
    }

    pub(crate) fn planner(&mut self, resource: &str) -> &mut StepUpPlanner {
        self.planners
            .entry(resource.to_owned())
            .or_insert_with(|| self.template.clone())
    }
}
