//! [`ProtectedResourceMetadata`]: the document of RFC 9728 §2 that tells a
//! client which authorization servers issue tokens for a protected resource
//! and what it accepts, and where that document is served (§3.1).

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::str::FromStr;

mod error;
#[cfg(feature = "serde")]
mod serde;
mod url;

pub use error::{MetadataError, MetadataErrorKind};

use crate::set::ScopeSet;

/// The members that [`ProtectedResourceMetadata`] models, in the order of
/// RFC 9728 §2, which is the order they are written in.
#[cfg_attr(not(feature = "serde"), allow(dead_code))]
const MODELED: [&str; 8] = [
    "resource",
    "authorization_servers",
    "scopes_supported",
    "bearer_methods_supported",
    "resource_name",
    "resource_documentation",
    "dpop_signing_alg_values_supported",
    "dpop_bound_access_tokens_required",
];

/// The metadata of an OAuth 2.0 protected resource (RFC 9728 §2): its
/// resource identifier, the authorization servers that issue tokens for it,
/// the scopes it supports, how it takes a token, and where the document is
/// served (§3.1).
///
/// [`new`](Self::new) takes the resource identifier and checks it; the
/// `with_*` methods set the other members, each checked as it is set, and
/// an accessor of the same name without `with_` reads it back. With feature
/// `serde` the document is `Serialize` and `Deserialize` under the RFC's
/// member names, and keeps the members it does not model (see
/// `other_members`).
///
/// # The URLs
///
/// The crate takes no URL dependency; a small hand check accepts an
/// absolute URL: `https://` (scheme in any case), a host (a name or a
/// bracketed IPv6 address, no `user@`), an optional port, then path, query
/// and fragment as each member allows, every character one of RFC 3986 §2
/// and every `%` followed by two hexadecimal digits.
///
/// - **`http`** is allowed for a loopback host only (`localhost`,
///   `127.0.0.0/8`, `[::1]`), so that a server can run on a developer's
///   machine; RFC 9728 §1.2 asks for `https`, and any other `http` URL is
///   [`InsecureHttp`](MetadataErrorKind::InsecureHttp).
/// - **`resource`** has no fragment (RFC 9728 §1.2). A query is allowed:
///   the RFC says it "SHOULD NOT" be there but recognizes cases that need
///   one, and §3 keeps it after the well-known path.
/// - **Authorization servers** are issuer identifiers (RFC 8414 §2): no
///   query and no fragment.
/// - **`resource_documentation`** is a page for people: query and fragment
///   allowed.
///
/// The text is kept exactly as given, never normalized: RFC 9728 §3.3 has
/// a client compare `resource` with the URL it used, for identity.
///
/// # Examples
///
/// ```
/// use oauth_scope::{BearerMethod, ProtectedResourceMetadata, ScopeSet};
///
/// let metadata = ProtectedResourceMetadata::new("https://rs.example/api/v1")?
///     .with_authorization_server("https://as.example")?
///     .with_scopes_supported(&ScopeSet::parse("api:read api:write")?)
///     .with_bearer_methods_supported([BearerMethod::Header])
///     .with_resource_name("Example API");
/// assert_eq!(metadata.resource(), "https://rs.example/api/v1");
/// assert_eq!(
///     metadata.well_known_url(),
///     "https://rs.example/.well-known/oauth-protected-resource/api/v1",
/// );
/// assert_eq!(metadata.well_known_path(), "/.well-known/oauth-protected-resource/api/v1");
/// assert!(metadata.scopes_supported().contains("api:write"));
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ProtectedResourceMetadata {
    resource: Box<str>,
    /// Where the authority of `resource` ends: the path, query or end.
    path_at: usize,
    authorization_servers: Vec<Box<str>>,
    scopes_supported: ScopeSet<'static>,
    /// `None`: the member is absent; `Some` of an empty list: none
    /// supported (RFC 9728 §2 tells the two apart).
    bearer_methods_supported: Option<Vec<BearerMethod>>,
    resource_name: Option<Box<str>>,
    resource_documentation: Option<Box<str>>,
    dpop_signing_alg_values_supported: Vec<Box<str>>,
    /// `Some(false)` is written, so that a document that says it reads back
    /// the same.
    dpop_bound_access_tokens_required: Option<bool>,
    /// The members not modeled above, in the order they were read or set.
    #[cfg(feature = "serde")]
    other: Vec<(Box<str>, serde_json::Value)>,
}

impl ProtectedResourceMetadata {
    /// The path that RFC 9728 §3 inserts between a resource identifier's
    /// host and its path: the registered well-known suffix
    /// `oauth-protected-resource` under `/.well-known` (RFC 8615).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ProtectedResourceMetadata;
    ///
    /// assert_eq!(ProtectedResourceMetadata::WELL_KNOWN, "/.well-known/oauth-protected-resource");
    /// ```
    pub const WELL_KNOWN: &'static str = "/.well-known/oauth-protected-resource";

    /// The metadata of the protected resource whose identifier is
    /// `resource`, with no other member.
    ///
    /// # Errors
    ///
    /// A [`MetadataError`] for `resource` when it is not an absolute
    /// `https` URL with a host (`http` is allowed for a loopback host), has
    /// userinfo, a bad port, a fragment, or a character no URL holds; see
    /// [the URLs](Self#the-urls).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{MetadataErrorKind, ProtectedResourceMetadata};
    ///
    /// let metadata = ProtectedResourceMetadata::new("https://rs.example")?;
    /// assert_eq!(metadata.resource(), "https://rs.example");
    ///
    /// // On a developer's machine.
    /// assert!(ProtectedResourceMetadata::new("http://localhost:8080/mcp").is_ok());
    ///
    /// let refused = |url| ProtectedResourceMetadata::new(url).unwrap_err().kind();
    /// assert_eq!(refused("rs.example/api"), MetadataErrorKind::NotAbsolute);
    /// assert_eq!(refused("https://rs.example/#section"), MetadataErrorKind::Fragment);
    /// assert_eq!(refused("http://rs.example"), MetadataErrorKind::InsecureHttp);
    /// # Ok::<(), oauth_scope::MetadataError>(())
    /// ```
    pub fn new(resource: &str) -> Result<Self, MetadataError> {
        let path_at = url::check("resource", resource, url::RESOURCE)?;
        Ok(Self {
            resource: resource.into(),
            path_at,
            authorization_servers: Vec::new(),
            scopes_supported: ScopeSet::new(),
            bearer_methods_supported: None,
            resource_name: None,
            resource_documentation: None,
            dpop_signing_alg_values_supported: Vec::new(),
            dpop_bound_access_tokens_required: None,
            #[cfg(feature = "serde")]
            other: Vec::new(),
        })
    }

    /// Adds `issuer`, an authorization server's issuer identifier (RFC
    /// 8414 §2), to `authorization_servers`. Call it once per server; the
    /// order is kept and a repeated issuer is listed once.
    ///
    /// # Errors
    ///
    /// A [`MetadataError`] for `authorization_servers` when `issuer` is not
    /// an absolute `https` URL (`http` for a loopback host), or has a query
    /// or a fragment (RFC 8414 §2); see [the URLs](Self#the-urls).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{MetadataErrorKind, ProtectedResourceMetadata};
    ///
    /// let metadata = ProtectedResourceMetadata::new("https://rs.example")?
    ///     .with_authorization_server("https://as1.example")?
    ///     .with_authorization_server("https://as2.example/tenant")?
    ///     .with_authorization_server("https://as1.example")?;
    /// assert_eq!(
    ///     metadata.authorization_servers().collect::<Vec<_>>(),
    ///     ["https://as1.example", "https://as2.example/tenant"],
    /// );
    /// let err = metadata.with_authorization_server("https://as.example/?tenant=a").unwrap_err();
    /// assert_eq!(err.kind(), MetadataErrorKind::Query);
    /// # Ok::<(), oauth_scope::MetadataError>(())
    /// ```
    pub fn with_authorization_server(mut self, issuer: &str) -> Result<Self, MetadataError> {
        url::check("authorization_servers", issuer, url::ISSUER)?;
        if !self.authorization_servers.iter().any(|s| **s == *issuer) {
            self.authorization_servers.push(issuer.into());
        }
        Ok(self)
    }

    /// Sets `scopes_supported`, the scopes a client asks for to access this
    /// resource (RFC 9728 §2, "RECOMMENDED"). An empty set removes the
    /// member: RFC 9728 §3.2 omits members with zero values.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{ProtectedResourceMetadata, ScopeSet};
    ///
    /// let metadata = ProtectedResourceMetadata::new("https://rs.example")?
    ///     .with_scopes_supported(&ScopeSet::parse("profile email phone")?);
    /// assert_eq!(metadata.scopes_supported().to_string(), "email phone profile");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    #[must_use]
    pub fn with_scopes_supported(mut self, scopes: &ScopeSet<'_>) -> Self {
        self.scopes_supported = scopes.clone().into_owned();
        self
    }

    /// Sets `bearer_methods_supported`, the ways this resource takes a
    /// bearer token (RFC 6750 §2.1 to §2.3), in the order given, each once.
    /// An empty list is written as `[]`: RFC 9728 §2 has it mean that no
    /// bearer method is supported, which the member's absence does not.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{BearerMethod, ProtectedResourceMetadata};
    ///
    /// let metadata = ProtectedResourceMetadata::new("https://rs.example")?;
    /// assert_eq!(metadata.bearer_methods_supported(), None);
    /// let metadata = metadata.with_bearer_methods_supported([BearerMethod::Header, BearerMethod::Body]);
    /// assert_eq!(
    ///     metadata.bearer_methods_supported(),
    ///     Some(&[BearerMethod::Header, BearerMethod::Body][..]),
    /// );
    /// # Ok::<(), oauth_scope::MetadataError>(())
    /// ```
    #[must_use]
    pub fn with_bearer_methods_supported(
        mut self,
        methods: impl IntoIterator<Item = BearerMethod>,
    ) -> Self {
        let mut list = Vec::new();
        for method in methods {
            if !list.contains(&method) {
                list.push(method);
            }
        }
        self.bearer_methods_supported = Some(list);
        self
    }

    /// Sets `resource_name`, the resource's name for display to the end
    /// user (RFC 9728 §2, "RECOMMENDED"). Any text; names in other
    /// languages (`resource_name#it`, §2.1) are other members.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ProtectedResourceMetadata;
    ///
    /// let metadata = ProtectedResourceMetadata::new("https://rs.example")?.with_resource_name("Café API");
    /// assert_eq!(metadata.resource_name(), Some("Café API"));
    /// # Ok::<(), oauth_scope::MetadataError>(())
    /// ```
    #[must_use]
    pub fn with_resource_name(mut self, name: &str) -> Self {
        self.resource_name = Some(name.into());
        self
    }

    /// Sets `resource_documentation`, the URL of a page for developers
    /// (RFC 9728 §2).
    ///
    /// # Errors
    ///
    /// A [`MetadataError`] for `resource_documentation` when `url` is not
    /// an absolute `https` URL (`http` for a loopback host); a query and a
    /// fragment are allowed. See [the URLs](Self#the-urls).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ProtectedResourceMetadata;
    ///
    /// let metadata = ProtectedResourceMetadata::new("https://rs.example")?
    ///     .with_resource_documentation("https://rs.example/docs#authorization")?;
    /// assert_eq!(metadata.resource_documentation(), Some("https://rs.example/docs#authorization"));
    /// assert!(metadata.with_resource_documentation("docs.html").is_err());
    /// # Ok::<(), oauth_scope::MetadataError>(())
    /// ```
    pub fn with_resource_documentation(mut self, url: &str) -> Result<Self, MetadataError> {
        url::check("resource_documentation", url, url::PAGE)?;
        self.resource_documentation = Some(url.into());
        Ok(self)
    }

    /// Sets `dpop_signing_alg_values_supported`, the JWS `alg` values this
    /// resource accepts for `DPoP` proofs (RFC 9728 §2, RFC 9449), in the
    /// order given, each once. An empty list removes the member.
    ///
    /// # Errors
    ///
    /// A [`MetadataError`] for `dpop_signing_alg_values_supported` when a
    /// value is empty or has a character outside visible ASCII without `"`
    /// and `\` ([`InvalidAlg`](MetadataErrorKind::InvalidAlg)), or is
    /// `none` in any case ([`AlgNone`](MetadataErrorKind::AlgNone), RFC 9449
    /// §4.3: a proof's `alg` "is not none").
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{MetadataErrorKind, ProtectedResourceMetadata};
    ///
    /// let metadata = ProtectedResourceMetadata::new("https://rs.example")?
    ///     .with_dpop_signing_alg_values_supported(["ES256", "PS256"])?;
    /// assert_eq!(metadata.dpop_signing_alg_values_supported().collect::<Vec<_>>(), ["ES256", "PS256"]);
    /// let err = metadata.with_dpop_signing_alg_values_supported(["none"]).unwrap_err();
    /// assert_eq!(err.kind(), MetadataErrorKind::AlgNone);
    /// # Ok::<(), oauth_scope::MetadataError>(())
    /// ```
    pub fn with_dpop_signing_alg_values_supported<'a>(
        mut self,
        algs: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self, MetadataError> {
        let member = "dpop_signing_alg_values_supported";
        let mut list: Vec<Box<str>> = Vec::new();
        // Repeats dropped with a set, not a scan per value: O(n log n).
        let mut seen: alloc::collections::BTreeSet<&str> = alloc::collections::BTreeSet::new();
        for alg in algs {
            let bad = alg
                .bytes()
                .position(|b| !(b'!'..=b'~').contains(&b) || b == b'"' || b == b'\\');
            if alg.is_empty() || bad.is_some() {
                let at = bad.unwrap_or(0);
                return Err(MetadataError::new(
                    MetadataErrorKind::InvalidAlg,
                    member,
                    Some(alg),
                    Some(at),
                ));
            }
            if alg.eq_ignore_ascii_case("none") {
                return Err(MetadataError::new(
                    MetadataErrorKind::AlgNone,
                    member,
                    Some(alg),
                    Some(0),
                ));
            }
            if seen.insert(alg) {
                list.push(alg.into());
            }
        }
        self.dpop_signing_alg_values_supported = list;
        Ok(self)
    }

    /// Sets `dpop_bound_access_tokens_required`: whether this resource
    /// always requires DPoP-bound access tokens (RFC 9728 §2, RFC 9449).
    /// Absent, it is `false`; set, it is written, `false` too.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ProtectedResourceMetadata;
    ///
    /// let metadata = ProtectedResourceMetadata::new("https://rs.example")?;
    /// assert!(!metadata.dpop_bound_access_tokens_required());
    /// assert!(metadata.with_dpop_bound_access_tokens_required(true).dpop_bound_access_tokens_required());
    /// # Ok::<(), oauth_scope::MetadataError>(())
    /// ```
    #[must_use]
    pub fn with_dpop_bound_access_tokens_required(mut self, required: bool) -> Self {
        self.dpop_bound_access_tokens_required = Some(required);
        self
    }

    /// The resource identifier, exactly as given or read: RFC 9728 §3.3 has
    /// a client use the document only when this is identical to the
    /// identifier it derived the metadata URL from, or, after a
    /// `WWW-Authenticate` `resource_metadata`, to the URL it requested.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ProtectedResourceMetadata;
    ///
    /// let metadata = ProtectedResourceMetadata::new("https://rs.example/mcp")?;
    /// assert_eq!(metadata.resource(), "https://rs.example/mcp");
    /// # Ok::<(), oauth_scope::MetadataError>(())
    /// ```
    pub fn resource(&self) -> &str {
        &self.resource
    }

    /// The issuer identifiers of the authorization servers, in order; none
    /// when the member is absent.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ProtectedResourceMetadata;
    ///
    /// let metadata = ProtectedResourceMetadata::new("https://rs.example")?;
    /// assert_eq!(metadata.authorization_servers().len(), 0);
    /// let metadata = metadata.with_authorization_server("https://as.example")?;
    /// assert_eq!(metadata.authorization_servers().next(), Some("https://as.example"));
    /// # Ok::<(), oauth_scope::MetadataError>(())
    /// ```
    pub fn authorization_servers(&self) -> impl ExactSizeIterator<Item = &str> {
        self.authorization_servers.iter().map(|s| &**s)
    }

    /// The scopes supported: empty when the member is absent (RFC 9728
    /// §3.2 omits members with zero values, so the two are one).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{ProtectedResourceMetadata, ScopeSet};
    ///
    /// let metadata = ProtectedResourceMetadata::new("https://rs.example")?;
    /// assert!(metadata.scopes_supported().is_empty());
    /// let metadata = metadata.with_scopes_supported(&ScopeSet::parse("openid")?);
    /// assert!(metadata.scopes_supported().contains("openid"));
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn scopes_supported(&self) -> &ScopeSet<'static> {
        &self.scopes_supported
    }

    /// The bearer methods supported: `None` when the member is absent
    /// (nothing implied either way, RFC 9728 §2), an empty slice when it is
    /// `[]` (none supported).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{BearerMethod, ProtectedResourceMetadata};
    ///
    /// let metadata = ProtectedResourceMetadata::new("https://rs.example")?
    ///     .with_bearer_methods_supported([]);
    /// assert_eq!(metadata.bearer_methods_supported(), Some(&[][..]));
    /// # Ok::<(), oauth_scope::MetadataError>(())
    /// ```
    pub fn bearer_methods_supported(&self) -> Option<&[BearerMethod]> {
        self.bearer_methods_supported.as_deref()
    }

    /// The name for display to the end user, if set.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ProtectedResourceMetadata;
    ///
    /// assert_eq!(ProtectedResourceMetadata::new("https://rs.example")?.resource_name(), None);
    /// # Ok::<(), oauth_scope::MetadataError>(())
    /// ```
    pub fn resource_name(&self) -> Option<&str> {
        self.resource_name.as_deref()
    }

    /// The URL of the page for developers, if set.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ProtectedResourceMetadata;
    ///
    /// let metadata = ProtectedResourceMetadata::new("https://rs.example")?
    ///     .with_resource_documentation("https://docs.rs.example/")?;
    /// assert_eq!(metadata.resource_documentation(), Some("https://docs.rs.example/"));
    /// # Ok::<(), oauth_scope::MetadataError>(())
    /// ```
    pub fn resource_documentation(&self) -> Option<&str> {
        self.resource_documentation.as_deref()
    }

    /// The JWS `alg` values accepted for `DPoP` proofs, in order; none when
    /// the member is absent.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ProtectedResourceMetadata;
    ///
    /// let metadata = ProtectedResourceMetadata::new("https://rs.example")?
    ///     .with_dpop_signing_alg_values_supported(["ES256"])?;
    /// assert_eq!(metadata.dpop_signing_alg_values_supported().next(), Some("ES256"));
    /// # Ok::<(), oauth_scope::MetadataError>(())
    /// ```
    pub fn dpop_signing_alg_values_supported(&self) -> impl ExactSizeIterator<Item = &str> {
        self.dpop_signing_alg_values_supported.iter().map(|s| &**s)
    }

    /// Whether the resource always requires DPoP-bound access tokens:
    /// `false` when the member is absent (RFC 9728 §2).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ProtectedResourceMetadata;
    ///
    /// let metadata = ProtectedResourceMetadata::new("https://rs.example")?
    ///     .with_dpop_bound_access_tokens_required(true);
    /// assert!(metadata.dpop_bound_access_tokens_required());
    /// # Ok::<(), oauth_scope::MetadataError>(())
    /// ```
    pub fn dpop_bound_access_tokens_required(&self) -> bool {
        self.dpop_bound_access_tokens_required.unwrap_or(false)
    }

    /// The URL of this document (RFC 9728 §3): [`WELL_KNOWN`](Self::WELL_KNOWN)
    /// inserted between the host (and port) of [`resource`](Self::resource)
    /// and its path and query. A path of `/` alone is the "terminating
    /// slash" that §3.1 removes first; any other path is kept whole, a
    /// trailing slash too, so that `/api` and `/api/` stay two resources.
    /// This is also the `resource_metadata` of a `WWW-Authenticate`
    /// challenge (§5.1).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ProtectedResourceMetadata;
    ///
    /// let url = |resource| Ok::<_, oauth_scope::MetadataError>(ProtectedResourceMetadata::new(resource)?.well_known_url());
    /// // The two examples of RFC 9728 §3.1.
    /// assert_eq!(url("https://resource.example.com")?, "https://resource.example.com/.well-known/oauth-protected-resource");
    /// assert_eq!(
    ///     url("https://resource.example.com/resource1")?,
    ///     "https://resource.example.com/.well-known/oauth-protected-resource/resource1",
    /// );
    /// assert_eq!(url("https://rs.example/")?, "https://rs.example/.well-known/oauth-protected-resource");
    /// assert_eq!(
    ///     url("http://localhost:8080/api?tenant=a")?,
    ///     "http://localhost:8080/.well-known/oauth-protected-resource/api?tenant=a",
    /// );
    /// # Ok::<(), oauth_scope::MetadataError>(())
    /// ```
    pub fn well_known_url(&self) -> String {
        let (origin, rest) = self.resource.split_at(self.path_at);
        let mut url = String::with_capacity(self.resource.len() + Self::WELL_KNOWN.len());
        url.push_str(origin);
        url.push_str(Self::WELL_KNOWN);
        url.push_str(without_lone_slash(rest));
        url
    }

    /// The path part of [`well_known_url`](Self::well_known_url), without
    /// the query: what a router matches to serve the document.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ProtectedResourceMetadata;
    ///
    /// let metadata = ProtectedResourceMetadata::new("https://rs.example/tenant/7?v=2")?;
    /// assert_eq!(metadata.well_known_path(), "/.well-known/oauth-protected-resource/tenant/7");
    /// let metadata = ProtectedResourceMetadata::new("https://rs.example/")?;
    /// assert_eq!(metadata.well_known_path(), "/.well-known/oauth-protected-resource");
    /// # Ok::<(), oauth_scope::MetadataError>(())
    /// ```
    pub fn well_known_path(&self) -> String {
        let rest = without_lone_slash(&self.resource[self.path_at..]);
        let path = &rest[..rest.find('?').unwrap_or(rest.len())];
        let mut out = String::with_capacity(Self::WELL_KNOWN.len() + path.len());
        out.push_str(Self::WELL_KNOWN);
        out.push_str(path);
        out
    }
}

/// Two documents are equal when they have the same members with the same
/// values. The order of the other members (feature `serde`) does not count,
/// as it does not in a JSON object; the order of an array does.
///
/// # Examples
///
/// ```
/// use oauth_scope::ProtectedResourceMetadata;
///
/// let a = ProtectedResourceMetadata::new("https://rs.example")?;
/// assert_eq!(a, a.clone());
/// assert_ne!(a, a.clone().with_resource_name("Example"));
/// # Ok::<(), oauth_scope::MetadataError>(())
/// ```
impl PartialEq for ProtectedResourceMetadata {
    fn eq(&self, other: &Self) -> bool {
        // Destructured, so that a new field cannot be left out.
        let Self {
            resource,
            path_at: _,
            authorization_servers,
            scopes_supported,
            bearer_methods_supported,
            resource_name,
            resource_documentation,
            dpop_signing_alg_values_supported,
            dpop_bound_access_tokens_required,
            #[cfg(feature = "serde")]
                other: others,
        } = self;
        #[cfg(feature = "serde")]
        let same_others = others.len() == other.other.len()
            && others
                .iter()
                .all(|(name, value)| other.other.iter().any(|(n, v)| n == name && v == value));
        #[cfg(not(feature = "serde"))]
        let same_others = true;
        *resource == other.resource
            && *authorization_servers == other.authorization_servers
            && *scopes_supported == other.scopes_supported
            && *bearer_methods_supported == other.bearer_methods_supported
            && *resource_name == other.resource_name
            && *resource_documentation == other.resource_documentation
            && *dpop_signing_alg_values_supported == other.dpop_signing_alg_values_supported
            && *dpop_bound_access_tokens_required == other.dpop_bound_access_tokens_required
            && same_others
    }
}

impl Eq for ProtectedResourceMetadata {}

/// Path and query without a path of `/` alone (RFC 9728 §3.1: "any
/// terminating slash (`/`) following the host component MUST be removed").
fn without_lone_slash(path_and_query: &str) -> &str {
    match path_and_query.strip_prefix('/') {
        Some(rest) if rest.is_empty() || rest.starts_with('?') => rest,
        _ => path_and_query,
    }
}

/// A way to send a bearer token to a protected resource, as
/// `bearer_methods_supported` names it (RFC 9728 §2).
///
/// The enum is `#[non_exhaustive]`: later versions may add methods.
///
/// # Examples
///
/// ```
/// use oauth_scope::BearerMethod;
///
/// assert_eq!(BearerMethod::Header.as_str(), "header");
/// assert_eq!("body".parse::<BearerMethod>()?, BearerMethod::Body);
/// assert!("cookie".parse::<BearerMethod>().is_err());
/// # Ok::<(), oauth_scope::MetadataError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum BearerMethod {
    /// `header`: the `Authorization` request header (RFC 6750 §2.1).
    Header,
    /// `body`: the form-encoded body parameter `access_token` (RFC 6750
    /// §2.2).
    Body,
    /// `query`: the URI query parameter `access_token` (RFC 6750 §2.3).
    Query,
}

impl BearerMethod {
    /// The method's name in `bearer_methods_supported`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::BearerMethod;
    ///
    /// assert_eq!(BearerMethod::Query.as_str(), "query");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Header => "header",
            Self::Body => "body",
            Self::Query => "query",
        }
    }
}

impl fmt::Display for BearerMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Reads `header`, `body` or `query`, in that case only.
///
/// # Errors
///
/// [`MetadataErrorKind::UnknownBearerMethod`] for any other text.
impl FromStr for BearerMethod {
    type Err = MetadataError;

    fn from_str(s: &str) -> Result<Self, MetadataError> {
        match s {
            "header" => Ok(Self::Header),
            "body" => Ok(Self::Body),
            "query" => Ok(Self::Query),
            _ => Err(MetadataError::new(
                MetadataErrorKind::UnknownBearerMethod,
                "bearer_methods_supported",
                Some(s),
                None,
            )),
        }
    }
}
