//! MCP authorization (MCP 2025-11-25 and 2026-07-28, "Authorization"):
//! what the client does when the server answers 401 or 403.
//!
//! Every scope decision is the library's: [`select_scope`] and the
//! step-up planner of `oauth_scope::client` say which scope to ask for,
//! whether to authorize again or refresh, and when to stop. This module
//! does the rest: discovery, the client's identity, the grants.
//!
//! [`select_scope`]: oauth_scope::client::select_scope

mod discovery;
mod grant;
mod registration;

use std::collections::HashMap;

use oauth_scope::client::{ResourceScopes, Step, StepUpPlanner};
use oauth_scope::{Challenge, ChallengeOptions, ProtectedResourceMetadata, ScopeSet};

use crate::error::{Error, Result};
use crate::url::Url;
use discovery::AuthorizationServer;
use grant::{Authorization, Redirect};
pub(crate) use registration::{Client, Identity};

/// The authorization state of one run against one MCP server.
#[derive(Debug)]
pub(crate) struct Authorizer {
    /// The MCP endpoint.
    server: Url,
    identity: Identity,
    /// The scope planners, one per resource indicator (RFC 8707).
    scopes: ResourceScopes,
    /// Opened at the first authorization, kept for the run.
    redirect: Option<Redirect>,
    /// Authorization server metadata by issuer.
    servers: HashMap<String, AuthorizationServer>,
    /// Client credentials by issuer: never presented to another
    /// authorization server (SEP-2352).
    clients: HashMap<String, Client>,
    /// The resource's metadata as last read, and the issuer it named.
    bound: Option<(ProtectedResourceMetadata, String)>,
    access_token: Option<String>,
    refresh_token: Option<String>,
}

impl Authorizer {
    /// No token yet: the first 401 starts the authorization.
    pub(crate) fn new(server: Url, identity: Identity) -> Self {
        // The client can keep and use refresh tokens, so it asks for
        // `offline_access` where the authorization server lists it
        // (SEP-2207); three attempts per operation at most.
        let template = StepUpPlanner::new()
            .with_retry_limit(3)
            .with_refresh_tokens(true);
        Self {
            server,
            identity,
            scopes: ResourceScopes::new(template),
            redirect: None,
            servers: HashMap::new(),
            clients: HashMap::new(),
            bound: None,
            access_token: None,
            refresh_token: None,
        }
    }

    /// The access token to send, if there is one.
    pub(crate) fn access_token(&self) -> Option<&str> {
        self.access_token.as_deref()
    }

    /// After a 401 (RFC 6750 §3.1): the token, if any, is refused. The
    /// resource metadata is read again (its authorization server may have
    /// changed, SEP-2352), and the planner says what to do.
    ///
    /// # Errors
    ///
    /// `Auth` when the planner stops or the authorization fails; the
    /// errors of discovery.
    pub(crate) fn on_unauthorized(
        &mut self,
        operation: &str,
        www_authenticate: Option<&str>,
    ) -> Result<()> {
        let challenge = www_authenticate.and_then(read_challenge);
        self.access_token = None;
        self.bind(challenge.as_ref())?;
        let Some((metadata, _)) = &self.bound else {
            return Err(Error::auth("no protected resource metadata"));
        };
        let step = self.scopes.planner(metadata.resource()).on_unauthorized(
            operation,
            challenge.as_ref(),
            Some(metadata),
        );
        self.take(operation, step)
    }

    /// After a 403: an `insufficient_scope` challenge (RFC 6750 §3.1) may
    /// lead to a step-up authorization (MCP "Step-Up Authorization Flow").
    ///
    /// # Errors
    ///
    /// `Auth` when the challenge is missing or unreadable, or the planner
    /// stops; the errors of the authorization.
    pub(crate) fn on_forbidden(
        &mut self,
        operation: &str,
        www_authenticate: Option<&str>,
    ) -> Result<()> {
        let Some(challenge) = www_authenticate.and_then(read_challenge) else {
            return Err(Error::auth(format!(
                "{operation}: 403 without a Bearer challenge ({})",
                www_authenticate.unwrap_or("no WWW-Authenticate")
            )));
        };
        if self.bound.is_none() {
            self.bind(Some(&challenge))?;
        }
        let Some((metadata, _)) = &self.bound else {
            return Err(Error::auth("no protected resource metadata"));
        };
        let step = self
            .scopes
            .planner(metadata.resource())
            .on_forbidden(operation, &challenge);
        self.take(operation, step)
    }

    /// After a request that succeeded: its retries are over.
    pub(crate) fn on_success(&mut self, operation: &str) {
        if let Some((metadata, _)) = &self.bound {
            self.scopes
                .planner(metadata.resource())
                .on_success(operation);
        }
    }

    /// Reads the resource metadata, checks it, and loads its authorization
    /// server's. A new issuer drops the tokens of the old one.
    fn bind(&mut self, challenge: Option<&Challenge>) -> Result<()> {
        let metadata = discovery::protected_resource(&self.server, challenge)?;
        discovery::check_resource(&self.server, &metadata)?;
        // MCP: the client picks among `authorization_servers`; this one
        // takes the first, kept as the exact string for comparisons.
        let Some(issuer) = metadata.authorization_servers().next().map(str::to_owned) else {
            return Err(Error::auth(format!(
                "the protected resource metadata of {} names no authorization server",
                metadata.resource()
            )));
        };
        if let Some((_, old)) = &self.bound {
            if *old != issuer {
                // What the old server granted says nothing about the new
                // one: its tokens go, and the resource's scope planning
                // starts again.
                eprintln!("mcp-client: the authorization server changed from {old} to {issuer}");
                self.refresh_token = None;
                self.scopes.remove(metadata.resource());
            }
        }
        if !self.servers.contains_key(&issuer) {
            let server = discovery::authorization_server(&issuer)?;
            self.servers.insert(issuer.clone(), server);
        }
        let scopes = self
            .servers
            .get(&issuer)
            .and_then(|s| s.scopes_supported.as_ref());
        self.scopes
            .planner(metadata.resource())
            .set_authorization_server_scopes(scopes);
        self.bound = Some((metadata, issuer));
        Ok(())
    }

    /// Carries out the planner's step, and tells it the outcome.
    fn take(&mut self, operation: &str, step: Step) -> Result<()> {
        let (scope, refresh) = match step {
            Step::Authorize(scope) => (scope, false),
            Step::Refresh(scope) => (scope, true),
            Step::Stop(reason) => {
                return Err(Error::auth(format!(
                    "{operation}: not authorizing again: {reason}"
                )));
            }
        };
        let Some((metadata, issuer)) = &self.bound else {
            return Err(Error::auth("no protected resource metadata"));
        };
        let resource = metadata.resource().to_owned();
        let Some(server) = self.servers.get(issuer).cloned() else {
            return Err(Error::auth(format!("no metadata for {issuer}")));
        };
        if self.redirect.is_none() {
            self.redirect = Some(Redirect::bind()?);
        }
        let Some(redirect) = &self.redirect else {
            return Err(Error::auth("no redirect URI"));
        };
        let client = if let Some(client) = self.clients.get(&server.issuer) {
            client.clone()
        } else {
            let client = self.identity.client_for(&server, redirect.uri())?;
            self.clients.insert(server.issuer.clone(), client.clone());
            client
        };

        let mut refreshed = None;
        let mut scope = scope;
        if refresh {
            let failed = match &self.refresh_token {
                Some(refresh_token) => {
                    match grant::refresh(&server, &client, refresh_token, scope.as_ref(), &resource)
                    {
                        Ok(tokens) => {
                            refreshed = Some(tokens);
                            None
                        }
                        Err(e) => Some(e.to_string()),
                    }
                }
                None => Some("no refresh token".to_owned()),
            };
            if let Some(why) = failed {
                eprintln!("mcp-client: {operation}: the refresh failed ({why}); authorizing again");
                self.refresh_token = None;
                // The planner's authorization in its place: the scope the
                // refresh asked for, or the whole grant.
                if let Some(Step::Authorize(instead)) =
                    self.scopes.planner(&resource).on_refresh_failed()
                {
                    scope = instead;
                }
            }
        }
        let planner = self.scopes.planner(&resource);
        let (done, scope, tokens) = if let Some(tokens) = refreshed {
            ("refreshed", scope, tokens)
        } else {
            let tokens = Authorization {
                server: &server,
                client: &client,
                redirect,
                scope: scope.as_ref(),
                resource: &resource,
            }
            .run()?;
            ("authorized", scope, tokens)
        };
        planner.on_token(tokens.scope.as_ref(), tokens.refresh_token.is_some());
        eprintln!(
            "mcp-client: {operation}: {done} at {} with {}; granted {}",
            server.issuer,
            describe(scope.as_ref()),
            describe(tokens.scope.as_ref().or(scope.as_ref())),
        );
        self.access_token = Some(tokens.access_token);
        if tokens.refresh_token.is_some() {
            self.refresh_token = tokens.refresh_token;
        }
        Ok(())
    }
}

/// A scope for the log: `scope "a b"`, or `no scope`.
fn describe(scope: Option<&ScopeSet<'_>>) -> String {
    scope.map_or_else(
        || "no scope".to_owned(),
        |s| format!("scope {:?}", s.to_string()),
    )
}

/// The Bearer challenge of a `WWW-Authenticate` value, read leniently
/// about its `scope` (a malformed scope leaves the other parameters
/// usable); `None`, with a warning, when there is none.
fn read_challenge(header: &str) -> Option<Challenge> {
    match Challenge::parse_with(header, &ChallengeOptions::lenient()) {
        Ok(challenge) => {
            if let Some(problem) = challenge.scope_problem() {
                eprintln!("mcp-client: ignoring the challenge's scope: {problem}");
            }
            Some(challenge)
        }
        Err(e) => {
            eprintln!("mcp-client: ignoring the WWW-Authenticate value {header:?}: {e}");
            None
        }
    }
}
