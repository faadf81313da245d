//! [`Claims`]: the scope an access token grants, read from its JWT claims
//! or from an introspection response.

use core::fmt;
use core::marker::PhantomData;

use ::serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use ::serde::Deserialize;

use super::OwningVisitor;
use crate::set::ScopeSet;

/// The scope an access token grants, read from the members that carry it in
/// a JWT access token's claims (RFC 9068 §2.2.3: `scope`) or an RFC 7662
/// introspection response (`scope`, `active`), and the `scp` claim that
/// several identity providers write instead: a space-delimited string
/// (Microsoft Entra ID) or an array of tokens (Okta), each item one token.
/// Other members are skipped.
///
/// - An introspection response with `"active": false` grants nothing,
///   whatever else it says (RFC 7662 §2.2).
/// - `scope` is the standard member, a string; `scp` is read only when
///   `scope` is absent. A token with neither grants nothing.
/// - Every token is validated (RFC 6749 §3.3): an invalid scope, a `scope`
///   that is not a string, or a member given twice is an error, never a
///   token silently dropped.
///
/// Token verification (the JWT's signature, issuer, audience and expiry,
/// or the introspection call itself) belongs to the layer before this one.
///
/// # Examples
///
/// ```
/// use oauth_scope::serde::Claims;
///
/// let jwt: Claims = serde_json::from_str(r#"{"sub":"u1","scope":"api:read api:write"}"#)?;
/// assert_eq!(jwt.granted().to_string(), "api:read api:write");
///
/// let okta: Claims = serde_json::from_str(r#"{"scp":["openid","api:read"]}"#)?;
/// assert_eq!(okta.granted().to_string(), "api:read openid");
///
/// let inactive: Claims = serde_json::from_str(r#"{"active":false,"scope":"api:read"}"#)?;
/// assert!(!inactive.is_active() && inactive.granted().is_empty());
///
/// // One item of an array is one token: a space inside it is an error.
/// assert!(serde_json::from_str::<Claims>(r#"{"scp":["api:read api:admin"]}"#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claims {
    active: bool,
    granted: ScopeSet<'static>,
}

impl Claims {
    /// Whether the token is active: `false` only for an introspection
    /// response that says `"active": false` (JWT claims have no `active`).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::serde::Claims;
    ///
    /// let claims: Claims = serde_json::from_str(r#"{"active":true,"scope":"read"}"#)?;
    /// assert!(claims.is_active());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn is_active(&self) -> bool {
        self.active
    }

    /// The scope the token grants: empty for an inactive token or one
    /// without `scope` and `scp`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::serde::Claims;
    ///
    /// let entra: Claims = serde_json::from_str(r#"{"scp":"User.Read Mail.Send"}"#)?;
    /// assert_eq!(entra.granted().to_string(), "Mail.Send User.Read");
    /// let neither: Claims = serde_json::from_str(r#"{"sub":"u1"}"#)?;
    /// assert!(neither.granted().is_empty());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn granted(&self) -> &ScopeSet<'static> {
        &self.granted
    }

    /// [`granted`](Self::granted), by value: what an authenticating layer
    /// puts in a request's `GrantedScope`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::serde::Claims;
    ///
    /// let claims: Claims = serde_json::from_str(r#"{"scope":"read"}"#)?;
    /// assert!(claims.into_granted().contains("read"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn into_granted(self) -> ScopeSet<'static> {
        self.granted
    }
}

impl<'de> Deserialize<'de> for Claims {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ClaimsVisitor)
    }
}

struct ClaimsVisitor;

impl<'de> Visitor<'de> for ClaimsVisitor {
    type Value = Claims;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the claims of an access token or an introspection response")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Claims, A::Error> {
        let mut active: Option<bool> = None;
        let mut scope: Option<ScopeString> = None;
        let mut scp: Option<ScopeSet<'static>> = None;
        while let Some(key) = map.next_key::<Member>()? {
            match key {
                Member::Active => once(&mut active, "active", map.next_value()?)?,
                Member::Scope => once(&mut scope, "scope", map.next_value()?)?,
                Member::Scp => once(&mut scp, "scp", map.next_value()?)?,
                Member::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let active = active.unwrap_or(true);
        let granted = if active {
            scope.map(|s| s.0).or(scp).unwrap_or_default()
        } else {
            ScopeSet::new()
        };
        Ok(Claims { active, granted })
    }
}

/// Fills `slot`, or fails on a member given twice.
fn once<T, E: de::Error>(slot: &mut Option<T>, name: &'static str, value: T) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(name));
    }
    *slot = Some(value);
    Ok(())
}

/// The `scope` member: a string only (RFC 9068 §2.2.3, RFC 7662 §2.2).
struct ScopeString(ScopeSet<'static>);

impl<'de> Deserialize<'de> for ScopeString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_str(OwningVisitor(PhantomData))
            .map(ScopeString)
    }
}

/// The members read; every other is skipped.
enum Member {
    Active,
    Scope,
    Scp,
    Other,
}

impl<'de> Deserialize<'de> for Member {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;
        impl Visitor<'_> for Name {
            type Value = Member;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<Member, E> {
                Ok(match name {
                    "active" => Member::Active,
                    "scope" => Member::Scope,
                    "scp" => Member::Scp,
                    _ => Member::Other,
                })
            }
        }
        deserializer.deserialize_identifier(Name)
    }
}
