//! The document as JSON (feature `serde`): `Serialize` and `Deserialize`
//! under RFC 9728's member names, and the members the crate does not model,
//! kept as `serde_json` values.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use ::serde::de::{self, Deserializer, MapAccess, Visitor};
use ::serde::ser::{SerializeMap, Serializer};
use ::serde::{Deserialize, Serialize};

use super::{BearerMethod, MetadataError, MetadataErrorKind, ProtectedResourceMetadata, MODELED};
use crate::set::ScopeSet;

impl ProtectedResourceMetadata {
    /// Sets the member `name`, one this type does not model, to `value`:
    /// `jwks_uri`, `resource_signing_alg_values_supported`,
    /// `tls_client_certificate_bound_access_tokens`,
    /// `authorization_details_types_supported`, `resource_policy_uri`,
    /// `resource_tos_uri` (RFC 9728 §2), a name with a language tag
    /// (`resource_name#it`, §2.1), `signed_metadata` (§2.2), or an
    /// extension. A member set again keeps its place and takes the new
    /// value. The value is not checked: it is written as given, after the
    /// modeled members.
    ///
    /// # Errors
    ///
    /// [`MetadataErrorKind::ModeledMember`] when `name` is one of the
    /// members with their own method (`resource`, `scopes_supported`, …).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{MetadataErrorKind, ProtectedResourceMetadata};
    /// use serde_json::json;
    ///
    /// let metadata = ProtectedResourceMetadata::new("https://rs.example")?
    ///     .with_other_member("jwks_uri", json!("https://rs.example/jwks.json"))?
    ///     .with_other_member("resource_name#it", json!("La mia bella risorsa"))?;
    /// assert_eq!(metadata.other_member("jwks_uri"), Some(&json!("https://rs.example/jwks.json")));
    /// assert_eq!(
    ///     serde_json::to_string(&metadata).unwrap(),
    ///     r#"{"resource":"https://rs.example","jwks_uri":"https://rs.example/jwks.json","resource_name#it":"La mia bella risorsa"}"#,
    /// );
    ///
    /// let err = metadata.with_other_member("scopes_supported", json!(["a"])).unwrap_err();
    /// assert_eq!(err.kind(), MetadataErrorKind::ModeledMember);
    /// # Ok::<(), oauth_scope::MetadataError>(())
    /// ```
    pub fn with_other_member(
        mut self,
        name: &str,
        value: serde_json::Value,
    ) -> Result<Self, MetadataError> {
        if MODELED.contains(&name) {
            return Err(MetadataError::new(
                MetadataErrorKind::ModeledMember,
                name,
                None,
                None,
            ));
        }
        match self.other.iter_mut().find(|(n, _)| **n == *name) {
            Some((_, old)) => *old = value,
            None => self.other.push((name.into(), value)),
        }
        Ok(self)
    }

    /// The value of the member `name`, one this type does not model.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ProtectedResourceMetadata;
    ///
    /// let json = r#"{"resource":"https://rs.example","tls_client_certificate_bound_access_tokens":true}"#;
    /// let metadata: ProtectedResourceMetadata = serde_json::from_str(json)?;
    /// assert_eq!(
    ///     metadata.other_member("tls_client_certificate_bound_access_tokens"),
    ///     Some(&serde_json::Value::Bool(true)),
    /// );
    /// assert_eq!(metadata.other_member("resource"), None);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn other_member(&self, name: &str) -> Option<&serde_json::Value> {
        self.other
            .iter()
            .find(|(n, _)| **n == *name)
            .map(|(_, v)| v)
    }

    /// The members this type does not model, in the order they were read
    /// or set. `Deserialize` keeps every member it does not know (RFC 9728
    /// §3.2 has a reader ignore them, and a server that reads a document
    /// to serve it must not lose them) and `Serialize` writes them back
    /// after the modeled ones.
    ///
    /// Each value is a `serde_json::Value`: the same JSON value is written
    /// back, not always the same bytes (the members of a nested object come
    /// out in name order, and a number as `serde_json` prints it).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ProtectedResourceMetadata;
    ///
    /// let json = r#"{"resource":"https://rs.example","resource_policy_uri":"https://rs.example/policy","x_tier":2}"#;
    /// let metadata: ProtectedResourceMetadata = serde_json::from_str(json)?;
    /// let names: Vec<&str> = metadata.other_members().map(|(name, _)| name).collect();
    /// assert_eq!(names, ["resource_policy_uri", "x_tier"]);
    /// assert_eq!(serde_json::to_string(&metadata)?, json);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn other_members(&self) -> impl ExactSizeIterator<Item = (&str, &serde_json::Value)> {
        self.other.iter().map(|(n, v)| (&**n, v))
    }
}

/// The document as a JSON object: the modeled members in the order of RFC
/// 9728 §2, each only when it has a value (§3.2 omits members with zero
/// values; an empty `bearer_methods_supported` is the exception, §2 gives
/// `[]` a meaning), `scopes_supported` as an array of tokens in canonical
/// order, then the [other members](ProtectedResourceMetadata::other_members).
///
/// # Examples
///
/// ```
/// use oauth_scope::{BearerMethod, ProtectedResourceMetadata, ScopeSet};
///
/// let metadata = ProtectedResourceMetadata::new("https://rs.example")?
///     .with_scopes_supported(&ScopeSet::parse("profile email")?)
///     .with_bearer_methods_supported([BearerMethod::Header]);
/// assert_eq!(
///     serde_json::to_string(&metadata).unwrap(),
///     r#"{"resource":"https://rs.example","scopes_supported":["email","profile"],"bearer_methods_supported":["header"]}"#,
/// );
/// # Ok::<(), oauth_scope::Error>(())
/// ```
impl Serialize for ProtectedResourceMetadata {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len = 1
            + usize::from(!self.authorization_servers.is_empty())
            + usize::from(!self.scopes_supported.is_empty())
            + usize::from(self.bearer_methods_supported.is_some())
            + usize::from(self.resource_name.is_some())
            + usize::from(self.resource_documentation.is_some())
            + usize::from(!self.dpop_signing_alg_values_supported.is_empty())
            + usize::from(self.dpop_bound_access_tokens_required.is_some())
            + self.other.len();
        let mut map = serializer.serialize_map(Some(len))?;
        map.serialize_entry("resource", &*self.resource)?;
        if !self.authorization_servers.is_empty() {
            map.serialize_entry("authorization_servers", &self.authorization_servers)?;
        }
        if !self.scopes_supported.is_empty() {
            map.serialize_entry("scopes_supported", &TokenArray(&self.scopes_supported))?;
        }
        if let Some(methods) = &self.bearer_methods_supported {
            map.serialize_entry("bearer_methods_supported", methods)?;
        }
        if let Some(name) = &self.resource_name {
            map.serialize_entry("resource_name", name)?;
        }
        if let Some(url) = &self.resource_documentation {
            map.serialize_entry("resource_documentation", url)?;
        }
        if !self.dpop_signing_alg_values_supported.is_empty() {
            map.serialize_entry(
                "dpop_signing_alg_values_supported",
                &self.dpop_signing_alg_values_supported,
            )?;
        }
        if let Some(required) = self.dpop_bound_access_tokens_required {
            map.serialize_entry("dpop_bound_access_tokens_required", &required)?;
        }
        for (name, value) in &self.other {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// A scope as a JSON array of its tokens, as `scopes_supported` has it
/// (a [`ScopeSet`] alone serializes as its string).
struct TokenArray<'s>(&'s ScopeSet<'static>);

impl Serialize for TokenArray<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|token| token.as_str()))
    }
}

/// Reads a JSON object with the RFC 9728 §2 members, checking each modeled
/// one as its `with_*` method does and `resource` as
/// [`new`](ProtectedResourceMetadata::new) does; every other member is kept
/// ([`other_members`](ProtectedResourceMetadata::other_members)).
///
/// - `resource` is required ([`MetadataErrorKind::MissingResource`]).
/// - A member given twice is refused ([`MetadataErrorKind::DuplicateMember`]).
/// - `scopes_supported` reads as a [`ScopeSet`]: an array of tokens (or a
///   space-delimited string), every token checked; the order and repeats
///   of the array are not kept.
/// - A bearer method other than `header`, `body` and `query` is refused.
/// - Repeated authorization servers, bearer methods and `DPoP` algorithms
///   are listed once.
/// - `signed_metadata` (§2.2) is kept as another member, not verified: a
///   client that uses it checks the JWT itself.
///
/// The error is the deserializer's, with the [`MetadataError`] message.
///
/// # Examples
///
/// ```
/// use oauth_scope::{BearerMethod, ProtectedResourceMetadata};
///
/// // RFC 9728 §3.2's example response.
/// let json = r#"{
///  "resource":
///    "https://resource.example.com",
///  "authorization_servers":
///    ["https://as1.example.com",
///     "https://as2.example.net"],
///  "bearer_methods_supported":
///    ["header", "body"],
///  "scopes_supported":
///    ["profile", "email", "phone"],
///  "resource_documentation":
///    "https://resource.example.com/resource_documentation.html"
/// }"#;
/// let metadata: ProtectedResourceMetadata = serde_json::from_str(json)?;
/// assert_eq!(metadata.authorization_servers().len(), 2);
/// assert_eq!(metadata.bearer_methods_supported(), Some(&[BearerMethod::Header, BearerMethod::Body][..]));
///
/// let err = serde_json::from_str::<ProtectedResourceMetadata>(r#"{"resource":"https://rs.example/#x"}"#)
///     .unwrap_err();
/// assert!(err.to_string().starts_with("invalid resource \"https://rs.example/#x\" at byte 19: fragment"));
/// # Ok::<(), serde_json::Error>(())
/// ```
impl<'de> Deserialize<'de> for ProtectedResourceMetadata {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(DocumentVisitor)
    }
}

struct DocumentVisitor;

/// The modeled members as read, before they are checked together.
#[derive(Default)]
struct Read {
    resource: Option<String>,
    authorization_servers: Option<Vec<String>>,
    scopes_supported: Option<ScopeSet<'static>>,
    bearer_methods_supported: Option<Vec<BearerMethod>>,
    resource_name: Option<String>,
    resource_documentation: Option<String>,
    dpop_signing_alg_values_supported: Option<Vec<String>>,
    dpop_bound_access_tokens_required: Option<bool>,
    other: Vec<(Box<str>, serde_json::Value)>,
    /// The names in `other`, to refuse a repeat in O(log n), not by a scan
    /// of every earlier member: the document may be a hostile server's.
    other_names: alloc::collections::BTreeSet<Box<str>>,
}

impl Read {
    /// The document, each member checked as its method checks it.
    fn build(self) -> Result<ProtectedResourceMetadata, MetadataError> {
        let resource = self.resource.ok_or_else(|| {
            MetadataError::new(MetadataErrorKind::MissingResource, "resource", None, None)
        })?;
        let mut metadata = ProtectedResourceMetadata::new(&resource)?;
        // Each issuer checked, repeats dropped with a set: O(n log n).
        let mut seen = alloc::collections::BTreeSet::new();
        for issuer in self.authorization_servers.unwrap_or_default() {
            super::url::check("authorization_servers", &issuer, super::url::ISSUER)?;
            if seen.insert(issuer.clone()) {
                metadata.authorization_servers.push(issuer.into());
            }
        }
        if let Some(scopes) = self.scopes_supported {
            metadata.scopes_supported = scopes;
        }
        if let Some(methods) = self.bearer_methods_supported {
            metadata = metadata.with_bearer_methods_supported(methods);
        }
        metadata.resource_name = self.resource_name.map(Into::into);
        if let Some(url) = self.resource_documentation {
            metadata = metadata.with_resource_documentation(&url)?;
        }
        if let Some(algs) = self.dpop_signing_alg_values_supported {
            metadata =
                metadata.with_dpop_signing_alg_values_supported(algs.iter().map(|a| &**a))?;
        }
        metadata.dpop_bound_access_tokens_required = self.dpop_bound_access_tokens_required;
        metadata.other = self.other;
        Ok(metadata)
    }
}

/// Stores the next value of the member `name` into `slot`, refusing a
/// second one.
fn read_once<'de, A, T>(map: &mut A, name: &str, slot: &mut Option<T>) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(duplicate(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

fn duplicate<E: de::Error>(name: &str) -> E {
    E::custom(MetadataError::new(
        MetadataErrorKind::DuplicateMember,
        name,
        None,
        None,
    ))
}

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = ProtectedResourceMetadata;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a protected resource metadata document (RFC 9728 §2)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut read = Read::default();
        while let Some(name) = map.next_key::<String>()? {
            match name.as_str() {
                "resource" => read_once(&mut map, &name, &mut read.resource)?,
                "authorization_servers" => {
                    read_once(&mut map, &name, &mut read.authorization_servers)?;
                }
                "scopes_supported" => read_once(&mut map, &name, &mut read.scopes_supported)?,
                "bearer_methods_supported" => {
                    read_once(&mut map, &name, &mut read.bearer_methods_supported)?;
                }
                "resource_name" => read_once(&mut map, &name, &mut read.resource_name)?,
                "resource_documentation" => {
                    read_once(&mut map, &name, &mut read.resource_documentation)?;
                }
                "dpop_signing_alg_values_supported" => {
                    read_once(&mut map, &name, &mut read.dpop_signing_alg_values_supported)?;
                }
                "dpop_bound_access_tokens_required" => {
                    read_once(&mut map, &name, &mut read.dpop_bound_access_tokens_required)?;
                }
                _ => {
                    if !read.other_names.insert(Box::from(&*name)) {
                        return Err(duplicate(&name));
                    }
                    let value = map.next_value()?;
                    read.other.push((name.into(), value));
                }
            }
        }
        read.build().map_err(de::Error::custom)
    }
}

/// The method's name, `header`, `body` or `query`.
///
/// # Examples
///
/// ```
/// use oauth_scope::BearerMethod;
///
/// assert_eq!(serde_json::to_string(&[BearerMethod::Header, BearerMethod::Query])?, r#"["header","query"]"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
impl Serialize for BearerMethod {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Reads `header`, `body` or `query`; any other string is
/// [`MetadataErrorKind::UnknownBearerMethod`].
///
/// # Examples
///
/// ```
/// use oauth_scope::BearerMethod;
///
/// assert_eq!(serde_json::from_str::<BearerMethod>(r#""body""#)?, BearerMethod::Body);
/// let err = serde_json::from_str::<BearerMethod>(r#""cookie""#).unwrap_err();
/// assert!(err.to_string().starts_with("invalid bearer_methods_supported \"cookie\": unknown bearer method"));
/// # Ok::<(), serde_json::Error>(())
/// ```
impl<'de> Deserialize<'de> for BearerMethod {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MethodVisitor;

        impl Visitor<'_> for MethodVisitor {
            type Value = BearerMethod;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a bearer method: \"header\", \"body\" or \"query\"")
            }

            fn visit_str<E: de::Error>(self, s: &str) -> Result<BearerMethod, E> {
                s.parse().map_err(E::custom)
            }
        }

        deserializer.deserialize_str(MethodVisitor)
    }
}
