//! [`MetadataError`]: a protected resource metadata member that this crate
//! refuses, building a document or reading one.

use alloc::boxed::Box;
use core::fmt;

/// A member of a protected resource metadata document (RFC 9728 §2) that is
/// refused: which member, what is wrong with it, and at which byte of its
/// value, when the problem has a place.
///
/// # Examples
///
/// ```
/// use oauth_scope::{MetadataErrorKind, ProtectedResourceMetadata};
///
/// let err = ProtectedResourceMetadata::new("https://rs.example/api#top").unwrap_err();
/// assert_eq!(err.kind(), MetadataErrorKind::Fragment);
/// assert_eq!(err.member(), "resource");
/// assert_eq!(err.offset(), Some(22));
/// assert_eq!(
///     err.to_string(),
///     "invalid resource \"https://rs.example/api#top\" at byte 22: \
///      fragment; resource and issuer identifiers have none (RFC 9728 §1.2, RFC 8414 §2)",
/// );
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct MetadataError {
    kind: MetadataErrorKind,
    member: Box<str>,
    value: Option<Box<str>>,
    offset: Option<usize>,
}

/// What a [`MetadataError`] reports.
///
/// The enum is `#[non_exhaustive]`: later versions may add kinds.
///
/// # Examples
///
/// ```
/// use oauth_scope::{MetadataErrorKind, ProtectedResourceMetadata};
///
/// let err = ProtectedResourceMetadata::new("/api").unwrap_err();
/// assert_eq!(err.kind(), MetadataErrorKind::NotAbsolute);
/// assert_eq!(MetadataErrorKind::InsecureHttp.code(), "insecure_http");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MetadataErrorKind {
    /// Not an absolute URL: no scheme, or no `//` and authority after it.
    NotAbsolute,
    /// A scheme other than `https` and `http`.
    UnsupportedScheme,
    /// `http` with a host that is not loopback (`localhost`, `127.0.0.0/8`,
    /// `[::1]`).
    InsecureHttp,
    /// Userinfo (`user@`) before the host, which RFC 9110 §4.2.4 forbids in
    /// `http` and `https` URLs.
    Userinfo,
    /// Nothing between `//` and the port, path, query or end.
    EmptyHost,
    /// A host that is neither a name nor a bracketed IPv6 address.
    InvalidHost,
    /// A port that is not 1 to 5 digits up to 65535.
    InvalidPort,
    /// A query in an authorization server's issuer identifier (RFC 8414 §2).
    Query,
    /// A fragment in a resource or issuer identifier (RFC 9728 §1.2, RFC 8414
    /// §2).
    Fragment,
    /// A character that no URL holds (RFC 3986 §2): a space, a non-ASCII
    /// character, `"`, `<`, `\`, ….
    InvalidChar,
    /// A `%` not followed by two hexadecimal digits.
    InvalidPercentEncoding,
    /// An empty JWS `alg` value, or one with a character outside visible
    /// ASCII without `"` and `\`.
    InvalidAlg,
    /// `none`, in any case, among the `DPoP` signing algorithms (RFC 9449
    /// §4.3: a proof's `alg` "is not none").
    AlgNone,
    /// A bearer method other than `header`, `body` and `query` (RFC 9728
    /// §2).
    UnknownBearerMethod,
    /// A document without its required `resource` member.
    MissingResource,
    /// A member given twice in a document.
    DuplicateMember,
    /// A member that this crate models, set as another member: it has its
    /// own method.
    ModeledMember,
}

impl MetadataErrorKind {
    /// The kind's name in `snake_case`, for logs and machine-readable output.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::MetadataErrorKind;
    ///
    /// assert_eq!(MetadataErrorKind::UnknownBearerMethod.code(), "unknown_bearer_method");
    /// ```
    pub const fn code(self) -> &'static str {
        match self {
            Self::NotAbsolute => "not_absolute",
            Self::UnsupportedScheme => "unsupported_scheme",
            Self::InsecureHttp => "insecure_http",
            Self::Userinfo => "userinfo",
            Self::EmptyHost => "empty_host",
            Self::InvalidHost => "invalid_host",
            Self::InvalidPort => "invalid_port",
            Self::Query => "query",
            Self::Fragment => "fragment",
            Self::InvalidChar => "invalid_char",
            Self::InvalidPercentEncoding => "invalid_percent_encoding",
            Self::InvalidAlg => "invalid_alg",
            Self::AlgNone => "alg_none",
            Self::UnknownBearerMethod => "unknown_bearer_method",
            Self::MissingResource => "missing_resource",
            Self::DuplicateMember => "duplicate_member",
            Self::ModeledMember => "modeled_member",
        }
    }

    /// What is wrong, after the member, its value and the byte.
    fn message(self) -> &'static str {
        match self {
            Self::NotAbsolute => "not an absolute URL; expected https:// and a host",
            Self::UnsupportedScheme => {
                "scheme not https; RFC 9728 §1.2 identifiers use https (http for a loopback host only)"
            }
            Self::InsecureHttp => {
                "http with a host that is not loopback; use https (http only for localhost, 127.0.0.0/8 and [::1])"
            }
            Self::Userinfo => "userinfo before the host; http and https URLs carry none (RFC 9110 §4.2.4)",
            Self::EmptyHost => "empty host",
            Self::InvalidHost => "invalid host; expected a name or a bracketed IPv6 address",
            Self::InvalidPort => "invalid port; expected 1 to 5 digits up to 65535",
            Self::Query => "query; an issuer identifier has none (RFC 8414 §2)",
            Self::Fragment => {
                "fragment; resource and issuer identifiers have none (RFC 9728 §1.2, RFC 8414 §2)"
            }
            Self::InvalidChar => "not allowed in a URL (RFC 3986 §2)",
            Self::InvalidPercentEncoding => "'%' not followed by two hexadecimal digits",
            Self::InvalidAlg => "not a JWS alg value; expected visible ASCII without '\"' and '\\'",
            Self::AlgNone => "`none` signs nothing; a DPoP proof's alg is not none (RFC 9449 §4.3)",
            Self::UnknownBearerMethod => {
                "unknown bearer method; RFC 9728 §2 defines header, body and query"
            }
            Self::MissingResource => "missing; RFC 9728 §2 requires the resource member",
            Self::DuplicateMember => "member given twice",
            Self::ModeledMember => "a member with its own method; set it with that method",
        }
    }
}

impl MetadataError {
    /// A problem with the value `value` of `member`, at byte `offset` of it.
    pub(crate) fn new(
        kind: MetadataErrorKind,
        member: &str,
        value: Option<&str>,
        offset: Option<usize>,
    ) -> Self {
        Self {
            kind,
            member: member.into(),
            value: value.map(Into::into),
            offset,
        }
    }

    /// What is wrong.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{MetadataErrorKind, ProtectedResourceMetadata};
    ///
    /// let err = ProtectedResourceMetadata::new("http://rs.example").unwrap_err();
    /// assert_eq!(err.kind(), MetadataErrorKind::InsecureHttp);
    /// ```
    pub const fn kind(&self) -> MetadataErrorKind {
        self.kind
    }

    /// The name of the member refused, as RFC 9728 §2 spells it
    /// (`resource`, `authorization_servers`, …).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ProtectedResourceMetadata;
    ///
    /// let err = ProtectedResourceMetadata::new("https://rs.example")?
    ///     .with_authorization_server("https://as.example?tenant=a")
    ///     .unwrap_err();
    /// assert_eq!(err.member(), "authorization_servers");
    /// # Ok::<(), oauth_scope::MetadataError>(())
    /// ```
    pub fn member(&self) -> &str {
        &self.member
    }

    /// The byte of the member's value where the problem is: `None` when it
    /// has no place (a member missing or given twice, an unknown bearer
    /// method).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ProtectedResourceMetadata;
    ///
    /// let err = ProtectedResourceMetadata::new("https://rs.example/a b").unwrap_err();
    /// assert_eq!(err.offset(), Some(20));
    /// ```
    pub const fn offset(&self) -> Option<usize> {
        self.offset
    }
}

/// Values longer than this are cut in messages (the error keeps them whole).
const SHOWN: usize = 80;

impl fmt::Display for MetadataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(value) = self.value.as_deref() else {
            return write!(f, "{}: {}", self.member, self.kind.message());
        };
        write!(f, "invalid {} ", self.member)?;
        if value.len() <= SHOWN {
            write!(f, "{value:?}")?;
        } else {
            let cut = (0..=SHOWN)
                .rev()
                .find(|&i| value.is_char_boundary(i))
                .unwrap_or(0);
            write!(f, "{:?}… ({} bytes)", &value[..cut], value.len())?;
        }
        if let Some(at) = self.offset {
            write!(f, " at byte {at}")?;
        }
        f.write_str(": ")?;
        if self.kind == MetadataErrorKind::InvalidChar {
            if let Some(c) = self.offset.and_then(|at| value.get(at..)?.chars().next()) {
                write!(f, "character {c:?} ")?;
            }
        }
        f.write_str(self.kind.message())
    }
}

impl fmt::Debug for MetadataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MetadataError(\"{self}\")")
    }
}

#[cfg(feature = "std")]
impl std::error::Error for MetadataError {}
