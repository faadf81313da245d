//! [`Claims`]: the scope an access token grants, read from its JWT claims
//! or from an introspection response; [`RawClaims`] and [`ScopeClaim`], the
//! same members as written, for reading them with other parse options.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use ::serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use ::serde::Deserialize;

use crate::error::{ErrorKind, ParseError};
use crate::parse::{self, ParseOptions};
use crate::set::ScopeSet;

/// The scope an access token grants, read from the members that carry it in
/// a JWT access token's claims (RFC 9068 §2.2.3: `scope`) or an RFC 7662
/// introspection response (`scope`, `active`), and the `scp` claim that
/// several identity providers write instead: a space-delimited string
/// (Microsoft Entra ID) or an array of tokens (Okta), each item one token.
/// Other members are skipped.
///
/// - An introspection response with `"active": false` grants nothing,
///   whatever else it says (RFC 7662 §2.2): its `scope` and `scp` are not
///   read (a member given twice, or an `active` that is not a boolean, is
///   still an error: the document itself is malformed).
/// - `scope` is the standard member, a string; `scp` is read only when
///   `scope` is absent. A token with neither grants nothing. An empty
///   string is the empty scope.
/// - Every token is validated in the strict form (RFC 6749 §3.3): an
///   invalid scope, a member of the wrong type, or a member given twice is
///   an error, never a token silently dropped. To read the strings with
///   other [`ParseOptions`] (an identity provider that writes commas),
///   deserialize [`RawClaims`] and call [`RawClaims::claims_with`].
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
        RawClaims::deserialize(deserializer)?
            .claims_with(&ParseOptions::strict())
            .map_err(de::Error::custom)
    }
}

/// The members [`Claims`] reads, as written: `active`, and the scope
/// member with its text, not yet validated. The same reading as `Claims`
/// (the member types, a member given twice, `scope` before `scp`), for a
/// caller that chooses the [`ParseOptions`] of the strings or wants to know
/// which member carried the scope.
///
/// # Examples
///
/// ```
/// use oauth_scope::serde::{RawClaims, ScopeClaim};
/// use oauth_scope::ParseOptions;
///
/// // An identity provider that separates its scopes with commas.
/// let raw: RawClaims = serde_json::from_str(r#"{"sub":"u1","scope":"read,write"}"#)?;
/// assert!(matches!(raw.scope(), Some(ScopeClaim::Scope(text)) if text == "read,write"));
/// // Strictly, a comma is part of a scope-token (RFC 6749 §3.3).
/// let strict = raw.claims_with(&ParseOptions::strict())?;
/// assert_eq!(strict.granted().to_string(), "read,write");
/// let claims = raw.claims_with(&ParseOptions::strict().commas(true))?;
/// assert_eq!(claims.granted().to_string(), "read write");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawClaims {
    active: bool,
    scope: Option<ScopeClaim>,
}

impl RawClaims {
    /// Whether the token is active: `false` only for `"active": false`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::serde::RawClaims;
    ///
    /// let raw: RawClaims = serde_json::from_str(r#"{"active":false}"#)?;
    /// assert!(!raw.is_active());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn is_active(&self) -> bool {
        self.active
    }

    /// The member that carries the scope: `scope` when it is there, else
    /// `scp`; `None` for neither.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::serde::{RawClaims, ScopeClaim};
    ///
    /// let raw: RawClaims = serde_json::from_str(r#"{"scp":["a","b"]}"#)?;
    /// assert_eq!(raw.scope(), Some(&ScopeClaim::ScpItems(vec!["a".into(), "b".into()])));
    /// let raw: RawClaims = serde_json::from_str(r#"{"access_token":"t"}"#)?;
    /// assert_eq!(raw.scope(), None);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn scope(&self) -> Option<&ScopeClaim> {
        self.scope.as_ref()
    }

    /// The [`Claims`], the strings read with `options`: nothing for an
    /// inactive token (its scope is not read), the empty scope for a token
    /// without `scope` or `scp`.
    ///
    /// # Errors
    ///
    /// A [`ClaimError`] naming the member, and the item of an `scp` array,
    /// that is not a valid scope.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::serde::RawClaims;
    /// use oauth_scope::ParseOptions;
    ///
    /// let raw: RawClaims = serde_json::from_str(r#"{"scope":" read  write "}"#)?;
    /// let claims = raw.claims_with(&ParseOptions::lenient())?;
    /// assert_eq!(claims.granted().len(), 2);
    /// let err = raw.claims_with(&ParseOptions::strict()).unwrap_err();
    /// assert_eq!((err.member(), err.parse_error().offset()), ("scope", 0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn claims_with(&self, options: &ParseOptions) -> Result<Claims, ClaimError> {
        let granted = match &self.scope {
            Some(claim) if self.active => claim.parse_with(options)?.into_owned(),
            _ => ScopeSet::new(),
        };
        Ok(Claims {
            active: self.active,
            granted,
        })
    }
}

/// The member of JWT claims or an introspection response that carries the
/// scope, as written.
///
/// # Examples
///
/// ```
/// use oauth_scope::serde::{RawClaims, ScopeClaim};
/// use oauth_scope::ParseOptions;
///
/// let raw: RawClaims = serde_json::from_str(r#"{"scp":"User.Read Mail.Send"}"#)?;
/// let claim = raw.scope().unwrap();
/// assert_eq!(claim, &ScopeClaim::Scp("User.Read Mail.Send".into()));
/// assert_eq!(claim.member(), "scp");
/// assert_eq!(claim.parse_with(&ParseOptions::strict())?.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ScopeClaim {
    /// The `scope` member, a space-delimited string (RFC 9068 §2.2.3,
    /// RFC 7662 §2.2).
    Scope(String),
    /// An `scp` member that is a space-delimited string (Microsoft Entra ID).
    Scp(String),
    /// An `scp` member that is an array (Okta): each item one scope-token.
    ScpItems(Vec<String>),
}

impl ScopeClaim {
    /// The member's name: `"scope"` or `"scp"`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::serde::ScopeClaim;
    ///
    /// assert_eq!(ScopeClaim::ScpItems(vec![]).member(), "scp");
    /// ```
    pub fn member(&self) -> &'static str {
        match self {
            Self::Scope(_) => "scope",
            Self::Scp(_) | Self::ScpItems(_) => "scp",
        }
    }

    /// The scope, borrowing the member's text. A string is read with
    /// `options`, except that `""` is always the empty scope, as for
    /// [`ScopeSet`]'s own `Deserialize`; each item of an array is one
    /// scope-token, whatever the options: an item is never split or joined.
    ///
    /// # Errors
    ///
    /// A [`ClaimError`]: the [`ParseError`] of the string or of the first
    /// invalid item, with the item's index.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::serde::ScopeClaim;
    /// use oauth_scope::ParseOptions;
    ///
    /// let commas = ParseOptions::strict().commas(true);
    /// let items = ScopeClaim::ScpItems(vec!["a,b".into(), "c".into()]);
    /// assert_eq!(items.parse_with(&commas)?.to_string(), "a,b c");
    /// let string = ScopeClaim::Scp("a,b c".into());
    /// assert_eq!(string.parse_with(&commas)?.to_string(), "a b c");
    ///
    /// let err = ScopeClaim::ScpItems(vec!["a".into(), "b c".into()])
    ///     .parse_with(&commas)
    ///     .unwrap_err();
    /// assert_eq!((err.item(), err.parse_error().offset()), (Some(1), 1));
    /// # Ok::<(), oauth_scope::serde::ClaimError>(())
    /// ```
    pub fn parse_with(&self, options: &ParseOptions) -> Result<ScopeSet<'_>, ClaimError> {
        let member = self.member();
        match self {
            Self::Scope(text) | Self::Scp(text) if text.is_empty() => Ok(ScopeSet::new()),
            Self::Scope(text) | Self::Scp(text) => {
                ScopeSet::parse_with(text, options).map_err(|error| ClaimError {
                    member,
                    item: None,
                    error,
                })
            }
            Self::ScpItems(items) => {
                let mut tokens = Vec::with_capacity(items.len());
                for (index, item) in items.iter().enumerate() {
                    parse::validate_token(item).map_err(|error| ClaimError {
                        member,
                        item: Some(index),
                        error,
                    })?;
                    tokens.push(Cow::Borrowed(item.as_str()));
                }
                Ok(ScopeSet::from_unsorted(tokens))
            }
        }
    }
}

/// A scope member of JWT claims or an introspection response that is not
/// a valid scope: which member, which item of an `scp` array, and the
/// [`ParseError`] (its offset is in the string, or in the item).
///
/// # Examples
///
/// ```
/// use oauth_scope::serde::ScopeClaim;
/// use oauth_scope::{ErrorKind, ParseOptions};
///
/// let err = ScopeClaim::Scope("read  write".into())
///     .parse_with(&ParseOptions::strict())
///     .unwrap_err();
/// assert_eq!(err.member(), "scope");
/// assert_eq!(err.item(), None);
/// assert_eq!(err.parse_error().kind(), ErrorKind::EmptyToken);
/// assert!(err.to_string().starts_with("the \"scope\" member is not a valid scope: "));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimError {
    member: &'static str,
    item: Option<usize>,
    error: ParseError,
}

impl ClaimError {
    /// The member's name: `"scope"` or `"scp"`.
    pub fn member(&self) -> &'static str {
        self.member
    }

    /// The index of the item of an `scp` array that is not a scope-token;
    /// `None` for a string.
    pub fn item(&self) -> Option<usize> {
        self.item
    }

    /// What is wrong: the kind of its [`ParseError`].
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::serde::ScopeClaim;
    /// use oauth_scope::{ErrorKind, ParseOptions};
    ///
    /// let err = ScopeClaim::ScpItems(vec!["a".into(), String::new()])
    ///     .parse_with(&ParseOptions::strict())
    ///     .unwrap_err();
    /// assert_eq!((err.kind(), err.item()), (ErrorKind::Empty, Some(1)));
    /// ```
    pub fn kind(&self) -> ErrorKind {
        self.error.kind()
    }

    /// What is wrong, at which byte of the string or item.
    pub fn parse_error(&self) -> &ParseError {
        &self.error
    }
}

impl fmt::Display for ClaimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.item {
            Some(index) if self.error.kind() == ErrorKind::Empty => {
                write!(
                    f,
                    "\"{}\" item {index} is not a scope-token: it is empty",
                    self.member
                )
            }
            Some(index) => write!(
                f,
                "\"{}\" item {index} is not a scope-token: {}",
                self.member, self.error
            ),
            None => write!(
                f,
                "the \"{}\" member is not a valid scope: {}",
                self.member, self.error
            ),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ClaimError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

impl<'de> Deserialize<'de> for RawClaims {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ClaimsVisitor)
    }
}

struct ClaimsVisitor;

impl<'de> Visitor<'de> for ClaimsVisitor {
    type Value = RawClaims;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object: the claims of an access token or an introspection response")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawClaims, A::Error> {
        let mut active: Option<bool> = None;
        let mut scope: Option<String> = None;
        let mut scp: Option<ScopeClaim> = None;
        // Each member of the wrong type, by name. `active` of the wrong type
        // is an error; `scope` only when the token is active, `scp` only
        // when it is active and has no `scope`: those are the members read.
        let mut wrong: [Option<String>; 3] = [None, None, None];
        while let Some(key) = map.next_key::<Member>()? {
            let (name, shapes, slot) = match key {
                Member::Active => ("active", Shapes::BOOL, 0),
                Member::Scope => ("scope", Shapes::STRING, 1),
                Member::Scp => ("scp", Shapes::STRING_OR_ITEMS, 2),
                Member::Other => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            // A member given twice is an error whatever its values.
            if wrong[slot].is_some() {
                return Err(de::Error::duplicate_field(name));
            }
            match (map.next_value_seed(Seed::member(name, shapes))?, key) {
                (Value::Bool(value), Member::Active) => once(&mut active, name, value)?,
                (Value::String(value), Member::Scope) => once(&mut scope, name, value)?,
                (Value::String(value), _) => once(&mut scp, name, ScopeClaim::Scp(value))?,
                (Value::Items(items), _) => once(&mut scp, name, ScopeClaim::ScpItems(items))?,
                (Value::Wrong(message), _) => {
                    let filled = match slot {
                        0 => active.is_some(),
                        1 => scope.is_some(),
                        _ => scp.is_some(),
                    };
                    if filled {
                        return Err(de::Error::duplicate_field(name));
                    }
                    wrong[slot] = Some(message);
                }
                (Value::Bool(_), _) => unreachable!("only `active` takes a boolean"),
            }
        }
        let [wrong_active, wrong_scope, wrong_scp] = wrong;
        if let Some(message) = wrong_active {
            return Err(de::Error::custom(message));
        }
        let active = active.unwrap_or(true);
        let unread_scp = scope.is_some() || wrong_scope.is_some();
        let wrong = wrong_scope.or(if unread_scp { None } else { wrong_scp });
        if let (Some(message), true) = (wrong, active) {
            return Err(de::Error::custom(message));
        }
        Ok(RawClaims {
            active,
            scope: scope.map(ScopeClaim::Scope).or(scp),
        })
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

/// A member's value, of one of the shapes its member allows, or why not.
enum Value {
    Bool(bool),
    String(String),
    Items(Vec<String>),
    /// Another shape: the message that says so.
    Wrong(String),
}

/// The shapes a member allows.
#[derive(Clone, Copy)]
struct Shapes {
    bool: bool,
    string: bool,
    items: bool,
    /// How to say it: "a boolean", "a string", …
    expected: &'static str,
}

impl Shapes {
    const BOOL: Self = Self {
        bool: true,
        string: false,
        items: false,
        expected: "a boolean",
    };
    const STRING: Self = Self {
        bool: false,
        string: true,
        items: false,
        expected: "a string",
    };
    const STRING_OR_ITEMS: Self = Self {
        bool: false,
        string: true,
        items: true,
        expected: "a string or an array of strings",
    };
}

/// Reads one member's value, and names the member and what it is when it
/// has another shape: `the "scope" member is null, not a string`.
struct Seed {
    member: &'static str,
    shapes: Shapes,
    /// Whether the value is an item of the member's array.
    item: bool,
}

impl Seed {
    fn member(member: &'static str, shapes: Shapes) -> Self {
        Self {
            member,
            shapes,
            item: false,
        }
    }

    fn wrong(&self, what: &str) -> Value {
        let (whose, expected) = (self.member, self.shapes.expected);
        Value::Wrong(if self.item {
            format!("an item of the \"{whose}\" array is {what}, not {expected}")
        } else {
            format!("the \"{whose}\" member is {what}, not {expected}")
        })
    }
}

impl<'de> DeserializeSeed<'de> for Seed {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        if deserializer.is_human_readable() || self.shapes.items {
            deserializer.deserialize_any(self)
        } else if self.shapes.bool {
            deserializer.deserialize_bool(self)
        } else {
            deserializer.deserialize_string(self)
        }
    }
}

impl<'de> Visitor<'de> for Seed {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.item {
            write!(f, "an item of the \"{}\" array, a string", self.member)
        } else {
            write!(
                f,
                "the \"{}\" member, {}",
                self.member, self.shapes.expected
            )
        }
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        if self.shapes.bool {
            Ok(Value::Bool(v))
        } else {
            Ok(self.wrong("a boolean"))
        }
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Value, E> {
        Ok(self.wrong("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Value, E> {
        Ok(self.wrong("a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Value, E> {
        Ok(self.wrong("a number"))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        if self.shapes.string {
            Ok(Value::String(v.into()))
        } else {
            Ok(self.wrong("a string"))
        }
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        if self.shapes.string {
            Ok(Value::String(v))
        } else {
            Ok(self.wrong("a string"))
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(self.wrong("null"))
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(self.wrong("null"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(self.wrong("an object"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        if !self.shapes.items {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(self.wrong("an array"));
        }
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element_seed(Self {
            item: true,
            shapes: Shapes::STRING,
            ..self
        })? {
            match item {
                Value::String(item) => items.push(item),
                // The rest of the array is read, and the message kept.
                wrong @ Value::Wrong(_) => {
                    while seq.next_element::<IgnoredAny>()?.is_some() {}
                    return Ok(wrong);
                }
                _ => unreachable!("an item is a string or wrong"),
            }
        }
        Ok(Value::Items(items))
    }
}
