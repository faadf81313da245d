//! [`VocabularyError`]: a token that a structured rule calls malformed.

use alloc::boxed::Box;
use core::fmt;

/// A token that the structured rules of a hierarchy (SMART App Launch v2,
/// typed parameters) call malformed: which token, why, and at which byte of
/// it. An authorization server answers it with `invalid_scope` and this
/// text as the description, instead of dropping the token silently.
///
/// # Examples
///
/// ```
/// use oauth_scope::{Hierarchy, ScopeSet, VocabularyErrorKind};
///
/// let h = Hierarchy::smart_on_fhir();
/// let asked = ScopeSet::parse("openid patient/Observation.dus")?;
/// let err = h.validate(&asked).unwrap_err();
/// assert_eq!(err.token(), "patient/Observation.dus");
/// assert_eq!(err.kind(), VocabularyErrorKind::PermissionsOutOfOrder);
/// assert_eq!(err.offset(), 21);
/// assert_eq!(
///     err.to_string(),
///     "`patient/Observation.dus` at byte 21: permission letters out of order; SMART v2 writes them in the order c r u d s",
/// );
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct VocabularyError {
    token: Box<str>,
    kind: VocabularyErrorKind,
    offset: usize,
}

/// Why a structured token is malformed.
///
/// The enum is `#[non_exhaustive]`: later versions may add kinds.
///
/// # Examples
///
/// ```
/// use oauth_scope::VocabularyErrorKind;
///
/// assert_eq!(VocabularyErrorKind::BadQuery.code(), "bad_query");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum VocabularyErrorKind {
    /// Not a clinical scope at all (from [`SmartScope::parse`] only; a
    /// hierarchy calls such a token plain).
    ///
    /// [`SmartScope::parse`]: crate::smart::SmartScope::parse
    NotClinical,
    /// A context spelled in another case (`Patient/`): contexts are
    /// lowercase.
    BadContext,
    /// A resource type that is neither `*` nor an uppercase letter followed
    /// by letters.
    BadResourceType,
    /// No permissions after the type (`patient/Observation.`, or no `.`).
    MissingPermissions,
    /// A permission letter outside `c r u d s`, or v1 permissions other than
    /// `read`, `write` and `*`.
    UnknownPermission,
    /// v2 letters out of the order `c r u d s` (`sr`, `dus`).
    PermissionsOutOfOrder,
    /// A v2 letter written twice (`rr`).
    RepeatedPermission,
    /// A query that is not `name=value` pairs joined by `&`, each name and
    /// value non-empty.
    BadQuery,
    /// A query after v1 permissions: queries are SMART v2 only.
    V1WithQuery,
    /// A typed parameter's value that is not of its kind (`consent:abc` for
    /// an integer parameter).
    BadParameterValue,
    /// A typed parameter with nothing after its delimiter (`consent:`).
    EmptyParameterValue,
}

impl VocabularyErrorKind {
    /// The kind's name in `snake_case`, for logs and machine-readable output.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::VocabularyErrorKind;
    ///
    /// assert_eq!(VocabularyErrorKind::MissingPermissions.code(), "missing_permissions");
    /// ```
    pub const fn code(self) -> &'static str {
        match self {
            Self::NotClinical => "not_clinical",
            Self::BadContext => "bad_context",
            Self::BadResourceType => "bad_resource_type",
            Self::MissingPermissions => "missing_permissions",
            Self::UnknownPermission => "unknown_permission",
            Self::PermissionsOutOfOrder => "permissions_out_of_order",
            Self::RepeatedPermission => "repeated_permission",
            Self::BadQuery => "bad_query",
            Self::V1WithQuery => "v1_with_query",
            Self::BadParameterValue => "bad_parameter_value",
            Self::EmptyParameterValue => "empty_parameter_value",
        }
    }

    fn message(self) -> &'static str {
        match self {
            Self::NotClinical => {
                "not a SMART clinical scope; expected patient/, user/ or system/, a resource type, '.' and permissions"
            }
            Self::BadContext => "context in the wrong case; SMART contexts are patient, user and system, lowercase",
            Self::BadResourceType => {
                "invalid resource type; expected '*' or an uppercase letter followed by letters"
            }
            Self::MissingPermissions => {
                "missing permissions; expected '.' and letters from cruds, or read, write or *"
            }
            Self::UnknownPermission => {
                "unknown permission; SMART v2 letters are c r u d s, v1 permissions read, write and *"
            }
            Self::PermissionsOutOfOrder => {
                "permission letters out of order; SMART v2 writes them in the order c r u d s"
            }
            Self::RepeatedPermission => "permission letter repeated",
            Self::BadQuery => {
                "invalid query; expected name=value pairs joined by '&', names and values non-empty"
            }
            Self::V1WithQuery => "query after v1 permissions; queries are SMART v2 only",
            Self::BadParameterValue => "parameter value not of the parameter's kind",
            Self::EmptyParameterValue => "parameter without a value",
        }
    }
}

impl VocabularyError {
    pub(crate) fn new(token: &str, kind: VocabularyErrorKind, offset: usize) -> Self {
        Self {
            token: token.into(),
            kind,
            offset,
        }
    }

    /// The malformed token.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Hierarchy;
    ///
    /// let err = Hierarchy::smart_on_fhir().validate_token("user/obs.r").unwrap_err();
    /// assert_eq!(err.token(), "user/obs.r");
    /// ```
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Why it is malformed.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, VocabularyErrorKind};
    ///
    /// let err = Hierarchy::smart_on_fhir().validate_token("user/obs.r").unwrap_err();
    /// assert_eq!(err.kind(), VocabularyErrorKind::BadResourceType);
    /// ```
    pub const fn kind(&self) -> VocabularyErrorKind {
        self.kind
    }

    /// The byte of the token where the problem is.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Hierarchy;
    ///
    /// let err = Hierarchy::smart_on_fhir().validate_token("user/Obs.rx").unwrap_err();
    /// assert_eq!(err.offset(), 10);
    /// ```
    pub const fn offset(&self) -> usize {
        self.offset
    }
}

/// Tokens longer than this are cut in messages (the error keeps them whole).
const SHOWN: usize = 80;

impl fmt::Display for VocabularyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let token = &*self.token;
        if token.len() <= SHOWN {
            write!(f, "`{token}`")?;
        } else {
            let cut = (0..=SHOWN)
                .rev()
                .find(|&i| token.is_char_boundary(i))
                .unwrap_or(0);
            write!(f, "`{}…` ({} bytes)", &token[..cut], token.len())?;
        }
        write!(f, " at byte {}: {}", self.offset, self.kind.message())
    }
}

impl fmt::Debug for VocabularyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VocabularyError(\"{self}\")")
    }
}

#[cfg(feature = "std")]
impl std::error::Error for VocabularyError {}
