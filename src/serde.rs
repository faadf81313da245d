//! serde support (feature `serde`): a [`ScopeSet`] is its canonical string.
//!
//! - `Serialize` writes the canonical space-delimited string, the `scope` of
//!   RFC 6749 §5.1 token responses, RFC 7662 introspection responses and
//!   RFC 9068 / RFC 8693 `scope` claims.
//! - `Deserialize` reads that string (strict form; `""` is the empty set) or a
//!   sequence of token strings (the `scp` claim of several identity
//!   providers). Formats that are not self-describing (`is_human_readable`
//!   false: bincode, postcard) read the string only. It owns its tokens for every lifetime, so `ScopeSet<'static>`
//!   is `DeserializeOwned` and works with `serde_json::from_reader`,
//!   `reqwest`'s `.json()` or `jsonwebtoken::decode`.
//! - [`borrowed`] is the zero-copy form, opt-in per field.
//!
//! Invalid tokens fail with the message of the [`ParseError`](crate::ParseError).
//!
//! # Optional `scope` members
//!
//! Where a protocol makes `scope` optional, make the field an
//! `Option<ScopeSet>` with `#[serde(default)]`, so that a response without
//! the member reads as `None` instead of failing with "missing field":
//!
//! - a token response (RFC 6749 §5.1) omits `scope` when the grant is what
//!   the client asked for, so `None` means "as requested";
//! - an introspection response (RFC 7662 §2.2) may omit it; for a resource
//!   server such a token grants no scope, `scope.unwrap_or_default()`.
//!
//! # Examples
//!
//! ```
//! use oauth_scope::ScopeSet;
//!
//! /// RFC 6749 §5.1.
//! #[derive(serde::Deserialize)]
//! struct TokenResponse {
//!     access_token: String,
//!     #[serde(default)]
//!     scope: Option<ScopeSet<'static>>,
//! }
//!
//! let json = r#"{"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"Bearer","scope":"email openid"}"#;
//! let response: TokenResponse = serde_json::from_str(json)?;
//! let scope = response.scope.as_ref().unwrap();
//! assert!(scope.contains("openid"));
//! assert_eq!(serde_json::to_string(scope)?, r#""email openid""#);
//!
//! // Granted as requested: no scope member.
//! let json = r#"{"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"Bearer"}"#;
//! let response: TokenResponse = serde_json::from_str(json)?;
//! assert_eq!(response.scope, None);
//! # let _ = response.access_token;
//!
//! /// RFC 7662 §2.2.
//! #[derive(serde::Deserialize)]
//! struct Introspection {
//!     active: bool,
//!     #[serde(default)]
//!     scope: Option<ScopeSet<'static>>,
//!     #[serde(default)]
//!     client_id: Option<String>,
//!     #[serde(default)]
//!     exp: Option<u64>,
//! }
//!
//! let info: Introspection =
//!     serde_json::from_str(r#"{"active":true,"client_id":"l238j323ds-23ij4","exp":1419356238}"#)?;
//! assert!(info.active && info.scope.unwrap_or_default().is_empty());
//! # let _ = (info.client_id, info.exp);
//! let info: Introspection = serde_json::from_str(r#"{"active":false}"#)?;
//! assert!(!info.active);
//! # Ok::<(), serde_json::Error>(())
//! ```

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use ::serde::de::{self, Deserializer, SeqAccess, Visitor};
use ::serde::ser::{Serialize, Serializer};
use ::serde::Deserialize;

use crate::parse;
use crate::set::ScopeSet;

mod claims;

pub use claims::{ClaimError, Claims, RawClaims, ScopeClaim};

impl Serialize for ScopeSet<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ScopeSet<'_> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Formats that are not self-describing (bincode, postcard) cannot
        // say which of string and sequence comes; they get the string, which
        // is what `Serialize` writes.
        if deserializer.is_human_readable() {
            deserializer.deserialize_any(OwningVisitor(PhantomData))
        } else {
            deserializer.deserialize_str(OwningVisitor(PhantomData))
        }
    }
}

/// Deserializes a [`ScopeSet`] that borrows its tokens from the input when
/// the deserializer lends it (an unescaped JSON string, for one), and owns
/// them otherwise (an escaped string, a reader). Use it on a field with
/// `#[serde(borrow)]`.
///
/// # Errors
///
/// Whatever the deserializer reports, and the [`ParseError`](crate::ParseError)
/// message of the first invalid token.
///
/// # Examples
///
/// ```
/// use oauth_scope::ScopeSet;
///
/// #[derive(serde::Deserialize)]
/// struct Introspection<'a> {
///     active: bool,
///     #[serde(borrow, deserialize_with = "oauth_scope::serde::borrowed")]
///     scope: ScopeSet<'a>,
/// }
///
/// let json = r#"{"active":true,"scope":"read write"}"#;
/// let info: Introspection<'_> = serde_json::from_str(json)?;
/// assert!(info.active && info.scope.contains("write"));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn borrowed<'de: 'a, 'a, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<ScopeSet<'a>, D::Error> {
    if deserializer.is_human_readable() {
        deserializer.deserialize_any(BorrowingVisitor(PhantomData))
    } else {
        deserializer.deserialize_str(BorrowingVisitor(PhantomData))
    }
}

const EXPECTING: &str = "a space-delimited scope string or a sequence of scope-tokens";

/// Validates a scope string in strict form and owns its tokens; `""` is the
/// empty set.
fn owned_from_str<'a, E: de::Error>(s: &str) -> Result<ScopeSet<'a>, E> {
    if s.is_empty() {
        return Ok(ScopeSet::new());
    }
    let count = parse::strict(s).map_err(E::custom)?;
    let mut tokens = Vec::with_capacity(count);
    tokens.extend(s.split(' ').map(|t| Cow::Owned(t.into())));
    Ok(ScopeSet::from_unsorted(tokens))
}

/// Reads a sequence of token strings, validating each.
fn from_seq<'de, 'a, A: SeqAccess<'de>>(
    mut seq: A,
    keep: impl Fn(Cow<'de, str>) -> Cow<'a, str>,
) -> Result<ScopeSet<'a>, A::Error> {
    let mut tokens = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
    while let Some(TokenElement(token)) = seq.next_element::<TokenElement<'de>>()? {
        if let Err(err) = parse::validate_token(&token) {
            let index = tokens.len();
            return Err(de::Error::custom(format_args!(
                "{err} in scope-token {index} of the sequence"
            )));
        }
        tokens.push(keep(token));
    }
    Ok(ScopeSet::from_unsorted(tokens))
}

/// Owns every token, whatever the input's lifetime.
struct OwningVisitor<'a>(PhantomData<ScopeSet<'a>>);

impl<'de, 'a> Visitor<'de> for OwningVisitor<'a> {
    type Value = ScopeSet<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTING)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<ScopeSet<'a>, E> {
        owned_from_str(s)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<ScopeSet<'a>, A::Error> {
        from_seq(seq, |t| Cow::Owned(t.into_owned()))
    }
}

/// Keeps slices of the input where the deserializer lends them.
struct BorrowingVisitor<'a>(PhantomData<ScopeSet<'a>>);

impl<'de: 'a, 'a> Visitor<'de> for BorrowingVisitor<'a> {
    type Value = ScopeSet<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTING)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<ScopeSet<'a>, E> {
        owned_from_str(s)
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<ScopeSet<'a>, E> {
        if s.is_empty() {
            return Ok(ScopeSet::new());
        }
        let count = parse::strict(s).map_err(E::custom)?;
        Ok(ScopeSet::from_valid_strict(s, count))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<ScopeSet<'a>, A::Error> {
        from_seq(seq, |t| t)
    }
}

/// One string of a sequence, borrowed when the deserializer lends it.
struct TokenElement<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for TokenElement<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TokenElement<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a scope-token string")
            }

            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
                Ok(TokenElement(Cow::Borrowed(s)))
            }

            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                Ok(TokenElement(Cow::Owned(s.into())))
            }

            fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
                Ok(TokenElement(Cow::Owned(s)))
            }
        }
        deserializer.deserialize_str(V)
    }
}
