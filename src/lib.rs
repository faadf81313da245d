//! Parse, validate and compute OAuth 2.0 scopes.
//!
//! A scope value is defined by RFC 6749 §3.3 and Appendix A.4:
//!
//! ```text
//! scope       = scope-token *( SP scope-token )
//! scope-token = 1*NQCHAR
//! NQCHAR      = %x21 / %x23-5B / %x5D-7E
//! ```
//!
//! Tokens are printable ASCII except space, `"` and `\`, case-sensitive, and
//! separated by exactly one space. Their order does not matter and a repeated
//! token is the same token.
//!
//! ```
//! use oauth_scope::{Hierarchy, Scope, ScopeSet};
//!
//! // Validate without copying: the tokens are slices of the input.
//! let scope = Scope::parse("openid email https://www.googleapis.com/auth/drive")?;
//! assert_eq!(scope.len(), 3);
//!
//! // The meaning is a set: order and repeats do not count.
//! let granted = scope.to_set();
//! let required = ScopeSet::parse("email openid email")?;
//! assert!(required.is_subset(&granted));
//!
//! // A declared hierarchy: Google's full Drive scope includes read-only access.
//! let drive = Hierarchy::google_drive();
//! let readonly = ScopeSet::parse("https://www.googleapis.com/auth/drive.readonly")?;
//! assert!(granted.covers(&readonly, &drive));
//! # Ok::<(), oauth_scope::Error>(())
//! ```
//!
//! # Layers
//!
//! - **Grammar**: [`Scope`] (strict, zero-copy, allocation-free),
//!   [`ScopeToken`], lenient reading with [`ParseOptions`] (runs of spaces,
//!   GitHub's commas), and [`ParseError`] which names the first problem, its
//!   byte offset and what was expected.
//! - **Algebra**: [`ScopeSet`] with the `std` set operations, [`Hierarchy`]
//!   (scopes that imply others, declared by the vocabulary's owner, never
//!   guessed from dots; [`Hierarchy::from_rules`] reads one from a rules
//!   file and `Display` writes it back), [`ScopeSet::narrow`] to decide a [`Grant`],
//!   [`ScopeSet::refresh`] (RFC 6749 §6), [`Requirement`] for protected
//!   resources (with a text form for configuration, and
//!   [`Requirement::compile`] for a one-pass check of each request's scope
//!   string), and [`ScopeError`] with its RFC error code.
//! - **Structured scopes**: SMART App Launch v2 clinical scopes
//!   ([`smart`], [`Hierarchy::smart_on_fhir`]), whose letters count one by
//!   one and whose narrowing grants the part that is allowed, and typed
//!   parameters ([`HierarchyBuilder::parameter`], `consent:*` ⇒
//!   `consent:42`), with [`Hierarchy::validate`] to say why a token is
//!   malformed.
//! - **HTTP**: [`Challenge`] renders and parses the `WWW-Authenticate`
//!   challenge in the `Bearer` (RFC 6750 §3) and `DPoP` (RFC 9449 §7.1)
//!   schemes (naming the whole scope a [`Requirement`] needs, the RFC 9728
//!   `resource_metadata`, and RFC 9470's step-up parameters); [`ScopeSet::to_query`]
//!   and [`ScopeSet::to_form`] write a scope into a URL or a form body, and
//!   [`ScopeSet::from_urlencoded`] reads it from either.
//!   [`ProtectedResourceMetadata`] is the RFC 9728 document a challenge's
//!   `resource_metadata` points to: its URLs checked, its well-known URL
//!   computed (§3.1), and, with `serde`, read and written under the RFC's
//!   member names.
//! - **Client**: [`client::select_scope`] chooses the first scope after a
//!   `401`, and [`client::StepUpPlanner`] says what to do after each
//!   challenge and token response (authorize, refresh within the grant, or
//!   stop, and why), per resource with [`client::ResourceScopes`].
//! - **serde** (feature `serde`): a [`ScopeSet`] is the canonical string and
//!   reads from that string or from an array of tokens.
//!
//! # Features
//!
//! - `std` (default): `std::error::Error` for the error types. Without it the
//!   crate is `no_std` and needs only `alloc`.
//! - `serde`: `Serialize` and `Deserialize` for [`ScopeSet`] and
//!   [`ProtectedResourceMetadata`], and the [`serde::borrowed`] helper for
//!   zero-copy fields. It brings `serde_json` (alloc only), which holds the
//!   metadata members the crate does not model.
//! - `http`: [`Challenge`] as an `http::HeaderValue`, an
//!   `http::StatusCode` and an `http::Response`, and read from an
//!   `http::HeaderMap`, for axum, hyper and tower.
//! - `axum`: [`Challenge`] is an axum response (`IntoResponse`, from
//!   `axum-core`).
//! - `tower`: the [`tower`] module, a layer that checks each request's scope
//!   against a route's [`Requirement`] and answers 401 or 403 with the right
//!   challenge (`tower-layer` and `tower-service`, not the full tower crate);
//!   with `serde` too, `tower::MetadataService` serves the protected
//!   resource metadata at its well-known path.
#![no_std]
// The other lint levels, and the lints allowed on purpose with their reasons,
// are in Cargo.toml; this one is the library's alone (a test counts
// allocations with an `unsafe impl GlobalAlloc`).
#![forbid(unsafe_code)]
// On docs.rs (nightly, `--cfg docsrs`), `doc_cfg` labels every item behind a
// feature with the feature it needs, `std` included, without an attribute
// on each.
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;

/// The README's examples, compiled and run as doctests (one of them puts
/// the tower layer on a route).
#[cfg(all(doctest, feature = "tower"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

#[cfg(feature = "std")]
extern crate std;

mod any_error;
mod challenge;
pub mod client;
mod credentials;
mod encoding;
mod error;
mod grant;
mod hierarchy;
#[cfg(feature = "http")]
mod http_types;
mod metadata;
mod order;
mod outcome;
mod parse;
mod requirement;
mod rules;
mod scope;
#[cfg(feature = "serde")]
pub mod serde;
mod set;
pub mod smart;
mod structured;
mod token;
#[cfg(feature = "tower")]
pub mod tower;
mod vocab;

pub use crate::any_error::{Error, Result};
#[allow(deprecated)]
pub use crate::challenge::BearerError;

/// Renamed [`Challenge`], which reads and writes the `DPoP` scheme too
/// (RFC 9449 §7): the old name stays until 0.2.
#[deprecated(since = "0.1.0", note = "renamed `Challenge`")]
pub type BearerChallenge = Challenge;
pub use crate::challenge::{
    Challenge, ChallengeError, ChallengeErrorKind, ChallengeOptions, ErrorCode, StepUpError,
    StepUpErrorKind,
};
pub use crate::credentials::{AuthScheme, Credentials, CredentialsError, CredentialsErrorKind};
pub use crate::error::{Annotated, ErrorKind, ParseError};
pub use crate::grant::Grant;
pub use crate::hierarchy::{BuildError, BuildErrorKind, Hierarchy, HierarchyBuilder};
pub use crate::metadata::{
    BearerMethod, MetadataError, MetadataErrorKind, ProtectedResourceMetadata,
};
pub use crate::outcome::{ScopeError, ScopeErrorKind};
pub use crate::parse::ParseOptions;
pub use crate::requirement::{
    CompiledRequirement, Requirement, RequirementError, RequirementErrorKind,
};
pub use crate::rules::{RulesError, RulesErrorKind};
pub use crate::scope::{Scope, Tokens};
pub use crate::set::{Iter, ScopeSet};
pub use crate::structured::{ParamKind, VocabularyError, VocabularyErrorKind};
pub use crate::token::ScopeToken;
