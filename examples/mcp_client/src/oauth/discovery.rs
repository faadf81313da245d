//! Finding the authorization server: the protected resource's metadata
//! (RFC 9728), then the authorization server's (RFC 8414, and OpenID
//! Connect Discovery 1.0 as MCP 2025-11-25 allows).

use oauth_scope::{Challenge, ProtectedResourceMetadata, ScopeSet};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::http;
use crate::url::Url;

const ACCEPT_JSON: [(&str, &str); 1] = [("Accept", "application/json")];

/// Fetches the protected resource metadata of the MCP server at `server`
/// (RFC 9728 §3, MCP 2025-11-25 "Protected Resource Metadata Discovery
/// Requirements"):
///
/// - the `resource_metadata` URL of the challenge when it has one (§5.1);
/// - otherwise the well-known URL built from the server URL (§3.1: the
///   well-known path inserted between the host and the path), then the
///   well-known URL at the root of the origin.
///
/// A URL that answers 4xx or 5xx is passed over; the first document found
/// is the answer, so the root is never asked when the path-based URL
/// answered.
///
/// # Errors
///
/// `Protocol` when no URL gives a document, or when the document found is
/// not protected resource metadata: the library's reading of it checks
/// `resource` and `authorization_servers` (absolute URLs, no fragment) and
/// the scope tokens of `scopes_supported`.
pub(crate) fn protected_resource(
    server: &Url,
    challenge: Option<&Challenge>,
) -> Result<ProtectedResourceMetadata> {
    let candidates = if let Some(url) = challenge.and_then(Challenge::resource_metadata) {
        vec![url.to_owned()]
    } else {
        let root = format!(
            "{}{}",
            server.origin(),
            ProtectedResourceMetadata::WELL_KNOWN
        );
        let path = server.path().trim_end_matches('/');
        if path.is_empty() {
            vec![root]
        } else {
            let query = server.query().map(|q| format!("?{q}")).unwrap_or_default();
            vec![format!("{root}{path}{query}"), root]
        }
    };
    let mut refused = Vec::new();
    for candidate in &candidates {
        let url = Url::parse(candidate)?;
        let response = http::get(&url, &ACCEPT_JSON)?;
        if !response.is_success() {
            refused.push(format!("{candidate} answered {}", response.status));
            continue;
        }
        return serde_json::from_slice(&response.body).map_err(|e| {
            Error::protocol(format!(
                "the protected resource metadata at {candidate}: {e}"
            ))
        });
    }
    Err(Error::protocol(format!(
        "no protected resource metadata: {}",
        refused.join("; ")
    )))
}

/// Checks that the metadata describes the server the client talks to: the
/// same origin, and a path that is the server URL's path or a prefix of it
/// ending at a `/` (RFC 9728 §3.3 asks for identity; MCP's SDKs, and this
/// client, accept a resource that covers the endpoint, as
/// `http://host` covers `http://host/mcp`). A document that names another
/// resource (say, an attacker's) stops the run before any authorization
/// request: a token for it would be sent to the wrong audience.
///
/// # Errors
///
/// `Auth` when the resource is not the server's.
pub(crate) fn check_resource(server: &Url, metadata: &ProtectedResourceMetadata) -> Result<()> {
    let resource = metadata.resource();
    let mismatch = || {
        Error::auth(format!(
            "the protected resource metadata is for {resource}, not for {server}: refusing to authorize"
        ))
    };
    let url = Url::parse(resource).map_err(|_| mismatch())?;
    let with_slash = |path: &str| {
        if path.ends_with('/') {
            path.to_owned()
        } else {
            format!("{path}/")
        }
    };
    if url.same_origin(server) && with_slash(server.path()).starts_with(&with_slash(url.path())) {
        Ok(())
    } else {
        Err(mismatch())
    }
}

/// What the client uses of an authorization server's metadata (RFC 8414
/// §2), read and checked once.
#[derive(Debug, Clone)]
pub(crate) struct AuthorizationServer {
    /// The issuer identifier, equal to the one the resource named.
    pub(crate) issuer: String,
    pub(crate) authorization_endpoint: Url,
    pub(crate) token_endpoint: Url,
    pub(crate) registration_endpoint: Option<Url>,
    /// `scopes_supported`; tokens that are not scope tokens are left out.
    pub(crate) scopes_supported: Option<ScopeSet<'static>>,
    /// `token_endpoint_auth_methods_supported`; empty when absent.
    pub(crate) token_endpoint_auth_methods: Vec<String>,
    /// `client_id_metadata_document_supported` (MCP 2025-11-25, Client ID
    /// Metadata Documents).
    pub(crate) client_id_metadata_document_supported: bool,
    /// `authorization_response_iss_parameter_supported` (RFC 9207 §3).
    pub(crate) iss_parameter_supported: bool,
}

/// Fetches and checks the metadata of the authorization server whose
/// issuer identifier is `issuer` (MCP 2025-11-25, "Authorization Server
/// Metadata Discovery"). For an issuer without a path:
/// `/.well-known/oauth-authorization-server`, then
/// `/.well-known/openid-configuration`. For an issuer with path `/p`:
/// `/.well-known/oauth-authorization-server/p` (RFC 8414 §3.1),
/// `/.well-known/openid-configuration/p`, then `/p/.well-known/openid-configuration`
/// (OpenID Connect Discovery 1.0 §4); never the origin's root, which would
/// be another issuer's.
///
/// The document's `issuer` must be `issuer`, compared as strings (RFC 8414
/// §3.3): a document that names another issuer is refused whole, and none
/// of its endpoints is used. PKCE with S256 must be listed (MCP 2025-11-25
/// "Authorization Code Protection": a client refuses to proceed otherwise).
///
/// # Errors
///
/// `Protocol` when no URL gives a document or the document is malformed;
/// `Auth` for an issuer mismatch or no S256.
pub(crate) fn authorization_server(issuer: &str) -> Result<AuthorizationServer> {
    let url = Url::parse(issuer)?;
    let path = url.path().trim_end_matches('/');
    let origin = url.origin();
    let candidates = if path.is_empty() {
        vec![
            format!("{origin}/.well-known/oauth-authorization-server"),
            format!("{origin}/.well-known/openid-configuration"),
        ]
    } else {
        vec![
            format!("{origin}/.well-known/oauth-authorization-server{path}"),
            format!("{origin}/.well-known/openid-configuration{path}"),
            format!("{origin}{path}/.well-known/openid-configuration"),
        ]
    };
    let mut refused = Vec::new();
    for candidate in &candidates {
        let response = http::get(&Url::parse(candidate)?, &ACCEPT_JSON)?;
        if !response.is_success() {
            refused.push(format!("{candidate} answered {}", response.status));
            continue;
        }
        let document: Value = serde_json::from_slice(&response.body).map_err(|e| {
            Error::protocol(format!(
                "the authorization server metadata at {candidate}: {e}"
            ))
        })?;
        return read_metadata(issuer, candidate, &document);
    }
    Err(Error::protocol(format!(
        "no authorization server metadata for {issuer}: {}",
        refused.join("; ")
    )))
}

fn read_metadata(issuer: &str, at: &str, document: &Value) -> Result<AuthorizationServer> {
    let Some(object) = document.as_object() else {
        return Err(Error::protocol(format!(
            "the metadata at {at} is not a JSON object"
        )));
    };
    let member = Members { object, at };
    let stated = member.string("issuer")?.unwrap_or_default();
    if stated != issuer {
        return Err(Error::auth(format!(
            "the metadata at {at} is for issuer {stated:?}, not {issuer:?}: refusing all of its endpoints"
        )));
    }
    let methods = member.strings("code_challenge_methods_supported")?;
    if !methods.iter().any(|m| m == "S256") {
        return Err(Error::auth(format!(
            "{issuer} does not list S256 in code_challenge_methods_supported: PKCE is required"
        )));
    }
    let scopes_supported = match object.get("scopes_supported") {
        None | Some(Value::Null) => None,
        Some(_) => {
            let mut set = ScopeSet::new();
            for token in member.strings("scopes_supported")? {
                // A value that is not a scope token cannot be requested.
                let _ = set.insert_owned(&token);
            }
            Some(set)
        }
    };
    Ok(AuthorizationServer {
        issuer: issuer.to_owned(),
        authorization_endpoint: member.url("authorization_endpoint")?.ok_or_else(|| {
            Error::protocol(format!(
                "the metadata at {at} has no authorization_endpoint"
            ))
        })?,
        token_endpoint: member.url("token_endpoint")?.ok_or_else(|| {
            Error::protocol(format!("the metadata at {at} has no token_endpoint"))
        })?,
        registration_endpoint: member.url("registration_endpoint")?,
        scopes_supported,
        token_endpoint_auth_methods: member.strings("token_endpoint_auth_methods_supported")?,
        client_id_metadata_document_supported: member
            .boolean("client_id_metadata_document_supported")?,
        iss_parameter_supported: member
            .boolean("authorization_response_iss_parameter_supported")?,
    })
}

/// Typed reading of a metadata document's members, with the document's URL
/// in every error.
struct Members<'a> {
    object: &'a Map<String, Value>,
    at: &'a str,
}

impl Members<'_> {
    fn wrong(&self, name: &str, expected: &str) -> Error {
        Error::protocol(format!(
            "in the metadata at {}, {name} is not {expected}",
            self.at
        ))
    }

    fn string(&self, name: &str) -> Result<Option<&str>> {
        match self.object.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.wrong(name, "a string")),
        }
    }

    fn strings(&self, name: &str) -> Result<Vec<String>> {
        match self.object.get(name) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| {
                    item.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| self.wrong(name, "an array of strings"))
                })
                .collect(),
            Some(_) => Err(self.wrong(name, "an array of strings")),
        }
    }

    fn boolean(&self, name: &str) -> Result<bool> {
        match self.object.get(name) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.wrong(name, "a boolean")),
        }
    }

    fn url(&self, name: &str) -> Result<Option<Url>> {
        self.string(name)?
            .map(|s| {
                Url::parse(s).map_err(|e| {
                    Error::protocol(format!("{name} in the metadata at {}: {e}", self.at))
                })
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata(resource: &str) -> ProtectedResourceMetadata {
        ProtectedResourceMetadata::new(resource).unwrap()
    }

    #[test]
    fn resource_covers_the_endpoint() {
        let server = Url::parse("http://localhost:3000/mcp").unwrap();
        for resource in [
            "http://localhost:3000/mcp",
            "http://localhost:3000",
            "http://localhost:3000/",
            "http://LOCALHOST:3000/mcp/",
        ] {
            assert!(
                check_resource(&server, &metadata(resource)).is_ok(),
                "{resource}"
            );
        }
        for resource in [
            "https://evil.example.com/mcp",
            "http://localhost:3001/mcp",
            "http://localhost:3000/mc",
            "http://localhost:3000/mcp/tools",
            "http://127.0.0.1:3000/mcp",
        ] {
            assert!(
                check_resource(&server, &metadata(resource)).is_err(),
                "{resource}"
            );
        }
    }

    #[test]
    fn metadata_issuer_and_pkce() {
        let doc = |issuer: &str, methods: Value| {
            serde_json::json!({
                "issuer": issuer,
                "authorization_endpoint": "http://localhost:1/authorize",
                "token_endpoint": "http://localhost:1/token",
                "code_challenge_methods_supported": methods,
                "scopes_supported": ["mcp:basic", "not a token", "offline_access"],
            })
        };
        let ok = read_metadata(
            "http://localhost:1",
            "x",
            &doc("http://localhost:1", serde_json::json!(["S256"])),
        )
        .unwrap();
        assert_eq!(
            ok.scopes_supported.unwrap().to_string(),
            "mcp:basic offline_access"
        );
        assert!(!ok.iss_parameter_supported);
        // String comparison: a trailing slash is another issuer.
        assert!(read_metadata(
            "http://localhost:1",
            "x",
            &doc("http://localhost:1/", serde_json::json!(["S256"]))
        )
        .is_err());
        assert!(read_metadata(
            "http://localhost:1",
            "x",
            &doc("http://localhost:1", serde_json::json!(["plain"]))
        )
        .is_err());
        assert!(read_metadata("http://localhost:1", "x", &serde_json::json!([1])).is_err());
    }
}
