//! The client's identity at an authorization server, in the order MCP
//! 2025-11-25 "Client Registration Approaches" gives: credentials
//! registered beforehand, then a Client ID Metadata Document URL, then
//! Dynamic Client Registration (RFC 7591).

use serde_json::{json, Value};

use super::discovery::AuthorizationServer;
use crate::error::{Error, Result};
use crate::http;

/// A `client_id`, its secret if it has one, and the token endpoint
/// authentication method it was registered with.
#[derive(Debug, Clone)]
pub(crate) struct Client {
    pub(crate) id: String,
    pub(crate) secret: Option<String>,
    /// `token_endpoint_auth_method` from the registration response.
    pub(crate) auth_method: Option<String>,
}

/// What the user configured.
#[derive(Debug, Clone, Default)]
pub(crate) struct Identity {
    /// A client registered beforehand (`--client-id`, `--client-secret`).
    pub(crate) preregistered: Option<Client>,
    /// The HTTPS URL of this client's metadata document, used as its
    /// `client_id` where the server supports it.
    pub(crate) metadata_url: Option<String>,
}

/// The name the client registers under.
const CLIENT_NAME: &str = "oauth-scope MCP client example";

impl Identity {
    /// The client to use at `server`: the one registered beforehand; else
    /// the metadata document URL when the server says it reads them
    /// (`client_id_metadata_document_supported`); else a new registration
    /// at its `registration_endpoint`.
    ///
    /// # Errors
    ///
    /// `Auth` when none of the three is possible, or the registration
    /// fails.
    pub(crate) fn client_for(
        &self,
        server: &AuthorizationServer,
        redirect_uri: &str,
    ) -> Result<Client> {
        if let Some(client) = &self.preregistered {
            return Ok(client.clone());
        }
        if let (Some(url), true) = (
            &self.metadata_url,
            server.client_id_metadata_document_supported,
        ) {
            return Ok(Client {
                id: url.clone(),
                secret: None,
                auth_method: Some("none".to_owned()),
            });
        }
        match &server.registration_endpoint {
            Some(_) => register(server, redirect_uri),
            None => Err(Error::auth(format!(
                "{} offers no dynamic registration{}: pass --client-id (and --client-secret)",
                server.issuer,
                if server.client_id_metadata_document_supported {
                    " (it reads client metadata documents: --client-metadata-url)"
                } else {
                    ""
                }
            ))),
        }
    }
}

/// Dynamic Client Registration (RFC 7591 §3.1) as a native application
/// (OpenID Connect Registration 1.0 `application_type`, which MCP
/// 2026-07-28 requires, SEP-837) that wants refresh tokens: `grant_types`
/// names `refresh_token` beside `authorization_code` (SEP-2207), and
/// `token_endpoint_auth_method` asks for a public client.
fn register(server: &AuthorizationServer, redirect_uri: &str) -> Result<Client> {
    let Some(endpoint) = &server.registration_endpoint else {
        return Err(Error::auth(format!(
            "{} has no registration_endpoint",
            server.issuer
        )));
    };
    let request = json!({
        "client_name": CLIENT_NAME,
        "redirect_uris": [redirect_uri],
        "application_type": "native",
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
        "token_endpoint_auth_method": "none",
    });
    let response = http::post(
        endpoint,
        &[
            ("Content-Type", "application/json"),
            ("Accept", "application/json"),
        ],
        request.to_string().as_bytes(),
    )?;
    let answer: Option<Value> = serde_json::from_slice(&response.body).ok();
    if !response.is_success() {
        // RFC 7591 §3.2.2: `error` and `error_description`.
        let error = answer
            .as_ref()
            .and_then(|a| a.get("error_description").or_else(|| a.get("error")))
            .and_then(Value::as_str)
            .map_or_else(|| response.excerpt(), str::to_owned);
        return Err(Error::auth(format!(
            "registration at {endpoint} answered {}: {error}",
            response.status
        )));
    }
    let text = |name: &str| {
        answer
            .as_ref()
            .and_then(|a| a.get(name))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let Some(id) = text("client_id").filter(|id| !id.is_empty()) else {
        return Err(Error::protocol(format!(
            "the registration response of {endpoint} has no client_id: {}",
            response.excerpt()
        )));
    };
    Ok(Client {
        id,
        secret: text("client_secret"),
        auth_method: text("token_endpoint_auth_method"),
    })
}
