//! A challenge of the `Bearer` (RFC 6750 §3) or `DPoP` (RFC 9449 §7.1)
//! scheme: [`Challenge`], its values checked as they are set, and rendered
//! by `Display` as the `WWW-Authenticate` value.

use alloc::boxed::Box;
use alloc::string::ToString;
use alloc::vec::Vec;
use core::fmt;

use super::error::{check_value, ChallengeError, Problem};
use super::error_code::ErrorCode;
use super::list::is_tchar;
use super::value::Chars;
use crate::credentials::AuthScheme;
use crate::hierarchy::Hierarchy;
use crate::requirement::Requirement;
use crate::set::ScopeSet;

/// A `WWW-Authenticate: Bearer …` challenge (RFC 6750 §3).
///
/// Every value is checked against the RFC's character rules when it is set,
/// so what is built can always be rendered exactly: `scope` is scope-tokens
/// and single spaces (RFC 6749 §3.3); `error` and `error_description` are
/// printable ASCII and space without `"` and `\` (RFC 6749 Appendix A.7,
/// A.8); `error_uri` the same without space (Appendix A.9), and so is
/// `resource_metadata` (RFC 9728 §5.1, a URL). `realm` and
/// extension values are RFC 9110 §5.6.4 quoted-strings, which RFC 6750 does
/// not narrow: any printable ASCII, space and tab, possibly empty, with `"`
/// and `\` escaped as `\"` and `\\` when rendered. Non-ASCII text
/// (`obs-text`) is refused everywhere. Extension names follow the `token`
/// rule of RFC 9110.
///
/// `Display` renders the header value as RFC 6750 §3 shows it; [`parse`]
/// reads a Bearer challenge back from a header that may hold several, and
/// [`parse_all`](Challenge::parse_all) every Bearer and DPoP one.
///
/// [`parse`]: Challenge::parse
///
/// # Examples
///
/// ```
/// use oauth_scope::{Challenge, ErrorCode};
///
/// let challenge = Challenge::new()
///     .with_realm("example")?
///     .with_error(ErrorCode::INVALID_TOKEN)
///     .with_error_description("The access token expired")?;
/// assert_eq!(
///     challenge.to_string(),
///     r#"Bearer realm="example", error="invalid_token", error_description="The access token expired""#,
/// );
/// assert_eq!(challenge.status_code(), 401);
/// assert_eq!(Challenge::parse(&challenge.to_string())?, challenge);
/// # Ok::<(), oauth_scope::ChallengeError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Challenge {
    pub(super) scheme: AuthScheme,
    pub(super) realm: Option<Box<str>>,
    pub(super) scope: Option<ScopeSet<'static>>,
    pub(super) error: Option<ErrorCode>,
    pub(super) error_description: Option<Box<str>>,
    pub(super) error_uri: Option<Box<str>>,
    pub(super) resource_metadata: Option<Box<str>>,
    /// RFC 9449 §7.1: the JWS algorithms the server accepts in DPoP proofs.
    pub(super) algs: Option<Box<str>>,
    /// RFC 9470 §3: the authentication context classes it would accept.
    pub(super) acr_values: Option<Box<str>>,
    /// RFC 9470 §3: the longest time since the user's authentication.
    pub(super) max_age: Option<u64>,
    pub(super) extensions: Vec<(Box<str>, Box<str>)>,
    /// The order the parameters were read in, for a challenge read from a
    /// header: the standard ones by their place in [`STANDARD`], the
    /// extensions as [`EXTENSION`] plus their index. `Display` keeps it, so
    /// that a header reads back and renders byte for byte; a built
    /// challenge has none and renders in the standard order. Equality
    /// ignores it.
    pub(super) read_order: Vec<usize>,
    /// Why [`parse_lenient`](Challenge::parse_lenient) left `scope`
    /// out; boxed, as it is rare.
    pub(super) scope_problem: Option<Box<ChallengeError>>,
}

impl Default for Challenge {
    fn default() -> Self {
        Self {
            scheme: AuthScheme::Bearer,
            realm: None,
            scope: None,
            error: None,
            error_description: None,
            error_uri: None,
            resource_metadata: None,
            algs: None,
            acr_values: None,
            max_age: None,
            extensions: Vec::new(),
            read_order: Vec::new(),
            scope_problem: None,
        }
    }
}

/// Two challenges are equal when they say the same: the order their
/// parameters were read in does not count.
impl PartialEq for Challenge {
    fn eq(&self, other: &Self) -> bool {
        self.scheme == other.scheme
            && self.realm == other.realm
            && self.scope == other.scope
            && self.error == other.error
            && self.error_description == other.error_description
            && self.error_uri == other.error_uri
            && self.resource_metadata == other.resource_metadata
            && self.algs == other.algs
            && self.acr_values == other.acr_values
            && self.max_age == other.max_age
            && self.extensions == other.extensions
            && self.scope_problem == other.scope_problem
    }
}

impl Eq for Challenge {}

/// Where the extensions start among the slots of `read_order`.
pub(super) const EXTENSION: usize = 1 << 16;

impl Challenge {
    /// A `DPoP` challenge with no parameter (RFC 9449 §7.1): what a
    /// resource server that accepts DPoP-bound tokens answers, with
    /// [`with_algs`](Self::with_algs) to name the proof algorithms it takes.
    /// The other parameters are those of `Bearer` (RFC 9449 §7.1: "the
    /// `realm`, `scope`, `error`, `error_description`, and `error_uri`
    /// parameters"); a `DPoP-Nonce` header (§8, §9) is the caller's to send
    /// beside an `use_dpop_nonce` challenge.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{AuthScheme, Challenge, ErrorCode};
    ///
    /// let c = Challenge::dpop().with_algs("ES256 PS256")?;
    /// assert_eq!(c.to_string(), r#"DPoP algs="ES256 PS256""#);
    /// assert_eq!(c.scheme(), AuthScheme::DPoP);
    /// let nonce = Challenge::dpop().with_error(ErrorCode::USE_DPOP_NONCE);
    /// assert_eq!(nonce.status_code(), 401);
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn dpop() -> Self {
        Self {
            scheme: AuthScheme::DPoP,
            ..Self::default()
        }
    }

    /// The scheme: [`AuthScheme::Bearer`] or [`AuthScheme::DPoP`].
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{AuthScheme, Challenge};
    ///
    /// assert_eq!(Challenge::new().scheme(), AuthScheme::Bearer);
    /// ```
    pub const fn scheme(&self) -> AuthScheme {
        self.scheme
    }

    /// A challenge with no parameter: `Bearer`, the answer to a request
    /// without credentials (RFC 6750 §3.1: no error code then).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Challenge;
    ///
    /// assert_eq!(Challenge::new().to_string(), "Bearer");
    /// assert_eq!(Challenge::new().status_code(), 401);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The `insufficient_scope` challenge naming `scope` (RFC 6750 §3.1:
    /// "The resource server SHOULD respond with the HTTP 403 (Forbidden)
    /// status code and MAY include the "scope" attribute with the scope
    /// necessary to access the protected resource"). An empty `scope` leaves
    /// the attribute out. [`for_requirement`](Self::for_requirement) names
    /// the whole scope a [`Requirement`] needs.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Challenge, ScopeSet};
    ///
    /// let needed = ScopeSet::parse("write admin")?;
    /// let challenge = Challenge::insufficient_scope(&needed);
    /// assert_eq!(challenge.to_string(), r#"Bearer scope="admin write", error="insufficient_scope""#);
    /// assert_eq!(challenge.status_code(), 403);
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn insufficient_scope(scope: &ScopeSet<'_>) -> Self {
        Self {
            scope: (!scope.is_empty()).then(|| scope.clone().into_owned()),
            error: Some(ErrorCode::INSUFFICIENT_SCOPE),
            ..Self::default()
        }
    }

    /// The challenge for a request whose `granted` scope does not meet
    /// `requirement`: `insufficient_scope` naming the
    /// [`required_scope`](Requirement::required_scope), everything the
    /// operation needs and not only what is missing; `None` when the
    /// requirement is met.
    ///
    /// RFC 6750 §3 has the `scope` attribute name "the required scope", and
    /// MCP 2026-07-28 asks servers to "include all scopes required for the
    /// current operation in a single challenge": a client
    /// that asks for only the missing tokens loses the ones it had, and the
    /// next request fails for those. For an any-of, the scope named is the
    /// alternative `granted` already meets, or else the first declared one.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Challenge, Hierarchy, Requirement, ScopeSet};
    ///
    /// let need = Requirement::parse("repo workflow")?;
    /// let github = Hierarchy::github();
    /// let challenge = Challenge::for_requirement(&need, &ScopeSet::parse("repo")?, &github);
    /// assert_eq!(
    ///     challenge.unwrap().to_string(),
    ///     r#"Bearer scope="repo workflow", error="insufficient_scope""#,
    /// );
    /// assert!(Challenge::for_requirement(&need, &ScopeSet::parse("repo workflow")?, &github)
    ///     .is_none());
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn for_requirement(
        requirement: &Requirement,
        granted: &ScopeSet<'_>,
        hierarchy: &Hierarchy,
    ) -> Option<Self> {
        if requirement.is_satisfied_by(granted, hierarchy) {
            return None;
        }
        let scope = requirement.required_scope(granted, hierarchy);
        Some(
            Self::new()
                .with_owned_scope(scope)
                .with_error(ErrorCode::INSUFFICIENT_SCOPE),
        )
    }

    /// Sets `realm`.
    ///
    /// # Errors
    ///
    /// A [`ChallengeError`] when `realm` has a character outside printable
    /// ASCII, space and tab (the quoted-string of RFC 9110 §5.6.4 without
    /// `obs-text`). `"` and `\` are allowed and escaped when rendered.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Challenge;
    ///
    /// let c = Challenge::new().with_realm("example")?;
    /// assert_eq!(c.realm(), Some("example"));
    /// let c = Challenge::new().with_realm(r#"the "staff" API"#)?;
    /// assert_eq!(c.to_string(), r#"Bearer realm="the \"staff\" API""#);
    /// assert!(Challenge::new().with_realm("café").is_err());
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn with_realm(mut self, realm: &str) -> Result<Self, ChallengeError> {
        check_value("realm", realm, Chars::Quoted)?;
        self.realm = Some(realm.into());
        Ok(self)
    }

    /// Sets `scope`. An empty set removes the attribute.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Challenge, ScopeSet};
    ///
    /// let c = Challenge::new().with_scope(&ScopeSet::parse("read")?);
    /// assert_eq!(c.to_string(), r#"Bearer scope="read""#);
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    #[must_use]
    pub fn with_scope(mut self, scope: &ScopeSet<'_>) -> Self {
        self.scope = (!scope.is_empty()).then(|| scope.clone().into_owned());
        self.scope_problem = None;
        self
    }

    /// Sets `scope` to a set already owned, without copying it; an empty set
    /// removes the attribute.
    /// The same challenge in `scheme`.
    #[cfg(feature = "tower")]
    pub(crate) fn in_scheme(mut self, scheme: AuthScheme) -> Self {
        self.scheme = scheme;
        self
    }

    pub(crate) fn with_owned_scope(mut self, scope: ScopeSet<'static>) -> Self {
        self.scope = (!scope.is_empty()).then_some(scope);
        self.scope_problem = None;
        self
    }

    /// Sets `error`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Challenge, ErrorCode};
    ///
    /// let c = Challenge::new().with_error(ErrorCode::INVALID_REQUEST);
    /// assert_eq!(c.status_code(), 400);
    /// ```
    #[must_use]
    pub fn with_error(mut self, error: ErrorCode) -> Self {
        self.error = Some(error);
        self
    }

    /// Sets `error_description`, a human-readable explanation.
    ///
    /// # Errors
    ///
    /// A [`ChallengeError`] when `description` is empty or has a character
    /// outside printable ASCII and space, or `"` or `\` (RFC 6749 Appendix
    /// A.8). Nothing is escaped or replaced.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Challenge;
    ///
    /// assert!(Challenge::new().with_error_description("expired").is_ok());
    /// assert!(Challenge::new().with_error_description("expiré").is_err());
    /// ```
    pub fn with_error_description(mut self, description: &str) -> Result<Self, ChallengeError> {
        check_value("error_description", description, Chars::NqsChar)?;
        self.error_description = Some(description.into());
        Ok(self)
    }

    /// Sets `error_uri`, a page that explains the error.
    ///
    /// # Errors
    ///
    /// A [`ChallengeError`] when `uri` is empty or has a character outside
    /// `%x21 / %x23-5B / %x5D-7E` (RFC 6749 Appendix A.9: no space, `"` or `\`).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Challenge;
    ///
    /// let c = Challenge::new().with_error_uri("https://example.com/errors/scope")?;
    /// assert_eq!(c.error_uri(), Some("https://example.com/errors/scope"));
    /// assert!(Challenge::new().with_error_uri("https://example.com/a b").is_err());
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn with_error_uri(mut self, uri: &str) -> Result<Self, ChallengeError> {
        check_value("error_uri", uri, Chars::UriChar)?;
        self.error_uri = Some(uri.into());
        Ok(self)
    }

    /// Sets `resource_metadata`, the URL of the resource server's protected
    /// resource metadata (RFC 9728 §5.1), where a client that got a 401
    /// learns which authorization server to ask for a token. MCP 2025-11-25
    /// has servers send it here or serve the metadata at the well-known URI
    /// (one of the two); MCP clients use this one when it is there.
    ///
    /// # Errors
    ///
    /// A [`ChallengeError`] when `url` is empty or has a character outside
    /// `%x21 / %x23-5B / %x5D-7E`, as for [`with_error_uri`](Self::with_error_uri)
    /// (no space, `"` or `\`). Nothing is escaped or replaced.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Challenge;
    ///
    /// let url = "https://rs.example/.well-known/oauth-protected-resource";
    /// let c = Challenge::new().with_resource_metadata(url)?;
    /// assert_eq!(
    ///     c.to_string(),
    ///     r#"Bearer resource_metadata="https://rs.example/.well-known/oauth-protected-resource""#,
    /// );
    /// assert_eq!(Challenge::parse(&c.to_string())?.resource_metadata(), Some(url));
    /// assert!(Challenge::new().with_resource_metadata("https://rs.example/a b").is_err());
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn with_resource_metadata(mut self, url: &str) -> Result<Self, ChallengeError> {
        check_value("resource_metadata", url, Chars::UriChar)?;
        self.resource_metadata = Some(url.into());
        Ok(self)
    }

    /// Sets `algs` (RFC 9449 §7.1): "a space-delimited list of the JWS `alg`
    /// (Algorithm) header values" the server accepts in DPoP proofs. Meant
    /// for a `DPoP` challenge; a Bearer challenge renders it as any other
    /// parameter.
    ///
    /// # Errors
    ///
    /// A [`ChallengeError`] when `algs` is empty or has a character outside
    /// printable ASCII and space, or `"` or `\`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Challenge;
    ///
    /// let c = Challenge::dpop().with_algs("ES256")?;
    /// assert_eq!(c.algs(), Some("ES256"));
    /// assert!(Challenge::dpop().with_algs("ES256\r\n").is_err());
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn with_algs(mut self, algs: &str) -> Result<Self, ChallengeError> {
        check_value("algs", algs, Chars::NqsChar)?;
        self.algs = Some(algs.into());
        Ok(self)
    }

    /// Sets `acr_values` (RFC 9470 §3): "a space-separated string listing
    /// the authentication context class reference values in order of
    /// preference", sent with `insufficient_user_authentication`.
    ///
    /// # Errors
    ///
    /// A [`ChallengeError`] when `acr_values` is empty or has a character
    /// outside printable ASCII and space, or `"` or `\` (so CR and LF too).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Challenge, ErrorCode};
    ///
    /// let c = Challenge::new()
    ///     .with_error(ErrorCode::INSUFFICIENT_USER_AUTHENTICATION)
    ///     .with_acr_values("myACR")?;
    /// assert_eq!(c.to_string(), r#"Bearer error="insufficient_user_authentication", acr_values="myACR""#);
    /// assert!(Challenge::new().with_acr_values("a\r\nSet-Cookie: x").is_err());
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn with_acr_values(mut self, acr_values: &str) -> Result<Self, ChallengeError> {
        check_value("acr_values", acr_values, Chars::NqsChar)?;
        self.acr_values = Some(acr_values.into());
        Ok(self)
    }

    /// Sets `max_age` (RFC 9470 §3): the allowable elapsed time in seconds
    /// since the user last authenticated, sent with
    /// `insufficient_user_authentication`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Challenge, ErrorCode};
    ///
    /// let c = Challenge::new()
    ///     .with_error(ErrorCode::INSUFFICIENT_USER_AUTHENTICATION)
    ///     .with_max_age(5);
    /// assert_eq!(c.to_string(), r#"Bearer error="insufficient_user_authentication", max_age="5""#);
    /// assert_eq!(c.max_age(), Some(5));
    /// ```
    #[must_use]
    pub fn with_max_age(mut self, seconds: u64) -> Self {
        self.max_age = Some(seconds);
        self
    }

    /// Adds an extension parameter (rendered after the standard ones, in the
    /// order added).
    ///
    /// # Errors
    ///
    /// A [`ChallengeError`] when `name` is not an RFC 9110 token, is one of
    /// the standard names (case-insensitively; `resource_metadata` is one, see
    /// [`with_resource_metadata`](Self::with_resource_metadata)), or was
    /// added already; or when
    /// `value` has a character outside printable ASCII, space and tab (the
    /// quoted-string of RFC 9110 §5.6.4 without `obs-text`; `"` and `\` are
    /// escaped when rendered).
    ///
    /// # Cost
    ///
    /// Linear in the number of extensions added before (to refuse a repeated
    /// name), so adding n of them one by one is quadratic; [`parse`] reads
    /// n of them in O(n log n).
    ///
    /// [`parse`]: Challenge::parse
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Challenge;
    ///
    /// let c = Challenge::new().with_extension("nonce_hint", "300")?;
    /// assert_eq!(c.to_string(), r#"Bearer nonce_hint="300""#);
    /// assert!(Challenge::new().with_extension("Scope", "x").is_err());
    /// assert!(Challenge::new().with_extension("max_age", "300").is_err());
    /// assert!(Challenge::new().with_extension("resource_metadata", "x").is_err());
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn with_extension(mut self, name: &str, value: &str) -> Result<Self, ChallengeError> {
        if name.is_empty() || !name.bytes().all(is_tchar) {
            return Err(ChallengeError::new(Problem::InvalidName(name.into()), None));
        }
        let taken = STANDARD.iter().any(|s| s.eq_ignore_ascii_case(name))
            || self
                .extensions
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name));
        if taken {
            return Err(ChallengeError::new(Problem::Duplicate(name.into()), None));
        }
        check_value(name, value, Chars::Quoted)?;
        self.extensions.push((name.into(), value.into()));
        Ok(self)
    }

    /// The `realm`, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Challenge;
    ///
    /// let c = Challenge::parse(r#"Bearer realm="api""#)?;
    /// assert_eq!(c.realm(), Some("api"));
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn realm(&self) -> Option<&str> {
        self.realm.as_deref()
    }

    /// The `scope` attribute, if any: on the client side, the scope to ask
    /// for.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Challenge;
    ///
    /// let c = Challenge::parse(r#"Bearer error="insufficient_scope", scope="read write""#)?;
    /// assert!(c.scope().unwrap().contains("write"));
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn scope(&self) -> Option<&ScopeSet<'static>> {
        self.scope.as_ref()
    }

    /// Why the challenge has no [`scope`](Self::scope) although the header
    /// had a `scope` parameter: the error [`parse`](Self::parse) gives for
    /// that value (with its offset in the header and the
    /// [`scope_error`](ChallengeError::scope_error)), kept by
    /// [`parse_lenient`](Self::parse_lenient). `None` for a challenge built
    /// or read strictly, and whenever the scope was read. Setting a scope
    /// clears it.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Challenge, ErrorKind};
    ///
    /// let c = Challenge::parse_lenient(r#"Bearer error="insufficient_scope", scope="""#)?;
    /// assert!(c.scope().is_none());
    /// let problem = c.scope_problem().unwrap();
    /// assert_eq!(problem.scope_error().unwrap().kind(), ErrorKind::Empty);
    /// assert_eq!(problem.offset(), Some(42));
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn scope_problem(&self) -> Option<&ChallengeError> {
        self.scope_problem.as_deref()
    }

    /// The `error` code, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Challenge, ErrorCode};
    ///
    /// let c = Challenge::parse("Bearer error=invalid_token")?;
    /// assert_eq!(c.error(), Some(&ErrorCode::INVALID_TOKEN));
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn error(&self) -> Option<&ErrorCode> {
        self.error.as_ref()
    }

    /// The `error_description`, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Challenge;
    ///
    /// let c = Challenge::parse(r#"Bearer error_description="expired""#)?;
    /// assert_eq!(c.error_description(), Some("expired"));
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn error_description(&self) -> Option<&str> {
        self.error_description.as_deref()
    }

    /// The `error_uri`, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Challenge;
    ///
    /// let c = Challenge::parse(r#"Bearer error_uri="https://e.example/x""#)?;
    /// assert_eq!(c.error_uri(), Some("https://e.example/x"));
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn error_uri(&self) -> Option<&str> {
        self.error_uri.as_deref()
    }

    /// The `resource_metadata` URL (RFC 9728 §5.1), if any.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Challenge;
    ///
    /// let c = Challenge::parse(
    ///     r#"Bearer resource_metadata="https://rs.example/.well-known/oauth-protected-resource""#,
    /// )?;
    /// assert_eq!(c.resource_metadata(), Some("https://rs.example/.well-known/oauth-protected-resource"));
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn resource_metadata(&self) -> Option<&str> {
        self.resource_metadata.as_deref()
    }

    /// The `algs` of a DPoP challenge (RFC 9449 §7.1), if any.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Challenge;
    ///
    /// let c = Challenge::parse_all(r#"Bearer realm="api", DPoP algs="ES256 PS256""#)?;
    /// assert_eq!(c[1].algs(), Some("ES256 PS256"));
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn algs(&self) -> Option<&str> {
        self.algs.as_deref()
    }

    /// The `acr_values` (RFC 9470 §3), if any.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Challenge;
    ///
    /// let c = Challenge::parse(r#"Bearer error="insufficient_user_authentication", acr_values="myACR""#)?;
    /// assert_eq!(c.acr_values(), Some("myACR"));
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn acr_values(&self) -> Option<&str> {
        self.acr_values.as_deref()
    }

    /// The `max_age` in seconds (RFC 9470 §3), if any.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Challenge;
    ///
    /// let c = Challenge::parse(r#"Bearer error="insufficient_user_authentication", max_age="5""#)?;
    /// assert_eq!(c.max_age(), Some(5));
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub const fn max_age(&self) -> Option<u64> {
        self.max_age
    }

    /// The extension parameters, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Challenge;
    ///
    /// let c = Challenge::parse(r#"Bearer nonce_hint=300"#)?;
    /// assert_eq!(c.extensions().next(), Some(("nonce_hint", "300")));
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn extensions(&self) -> impl Iterator<Item = (&str, &str)> {
        self.extensions.iter().map(|(n, v)| (&**n, &**v))
    }

    /// The HTTP status to send with the challenge: 400, 401 or 403 for the
    /// three RFC 6750 codes, and 401 when there is no error code (a request
    /// without credentials) or an unknown one.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Challenge, ScopeSet};
    ///
    /// let c = Challenge::insufficient_scope(&ScopeSet::parse("admin")?);
    /// assert_eq!(c.status_code(), 403);
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn status_code(&self) -> u16 {
        self.error
            .as_ref()
            .and_then(ErrorCode::status_code)
            .unwrap_or(401)
    }
}

pub(super) const STANDARD: [&str; 9] = [
    "realm",
    "scope",
    "error",
    "error_description",
    "error_uri",
    "resource_metadata",
    "algs",
    "acr_values",
    "max_age",
];

impl fmt::Display for Challenge {
    /// The scheme (`Bearer` or `DPoP`) then the parameters as quoted
    /// strings, comma-separated: `realm`, `scope`, `error`,
    /// `error_description`, `error_uri`, `resource_metadata`, `algs`,
    /// `acr_values`, `max_age`, then the extensions. The order is that of
    /// the examples of RFC 6750 §3, RFC 9449 §7.1 and §9, and RFC 9470 §3,
    /// which render byte for byte. A challenge read from a header keeps the
    /// order it was read in (RFC 9449 §7.2's Figure 19 puts `algs` first),
    /// with parameters set afterwards after it, in the order above.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.scheme.as_str())?;
        let scope = self.scope.as_ref().map(ToString::to_string);
        let max_age = self.max_age.as_ref().map(ToString::to_string);
        let standard = [
            ("realm", self.realm.as_deref()),
            ("scope", scope.as_deref()),
            ("error", self.error.as_ref().map(ErrorCode::as_str)),
            ("error_description", self.error_description.as_deref()),
            ("error_uri", self.error_uri.as_deref()),
            ("resource_metadata", self.resource_metadata.as_deref()),
            ("algs", self.algs.as_deref()),
            ("acr_values", self.acr_values.as_deref()),
            ("max_age", max_age.as_deref()),
        ];
        let slot = |s: usize| -> Option<(&str, &str)> {
            match s.checked_sub(EXTENSION) {
                Some(i) => self.extensions.get(i).map(|(n, v)| (&**n, &**v)),
                None => standard.get(s).and_then(|&(n, v)| v.map(|v| (n, v))),
            }
        };
        let read = self.read_order.iter().copied();
        // Extensions are read in order: those added later come after.
        let read_extensions = self.read_order.iter().filter(|&&s| s >= EXTENSION).count();
        let rest = (0..standard.len())
            .filter(|s| !self.read_order.contains(s))
            .chain(EXTENSION + read_extensions..EXTENSION + self.extensions.len());
        let params = read.chain(rest).filter_map(slot);
        for (i, (name, value)) in params.enumerate() {
            let sep = if i == 0 { " " } else { ", " };
            write!(f, "{sep}{name}=\"")?;
            // Only `realm` and extension values can hold `"` or `\`: they
            // become quoted-pairs (RFC 9110 §5.6.4).
            let mut rest = value;
            while let Some(i) = rest.find(['"', '\\']) {
                f.write_str(&rest[..i])?;
                f.write_str("\\")?;
                f.write_str(&rest[i..=i])?;
                rest = &rest[i + 1..];
            }
            f.write_str(rest)?;
            f.write_str("\"")?;
        }
        Ok(())
    }
}
