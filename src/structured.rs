//! Structured vocabularies: SMART App Launch v2 clinical scopes and typed
//! parameters. How a hierarchy with such rules reads a token ([`Shape`]),
//! the implication and meet between two structured tokens, and the
//! [`VocabularyError`] that validation reports.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::smart::{Reading, SmartScope};

mod error;

pub use error::{VocabularyError, VocabularyErrorKind};

/// What values a typed parameter takes (see
/// [`HierarchyBuilder::parameter`](crate::HierarchyBuilder::parameter)).
///
/// # Examples
///
/// ```
/// use oauth_scope::{Hierarchy, ParamKind};
///
/// let h = Hierarchy::builder()
///     .parameter("consent", ':', ParamKind::Integer)
///     .parameter("region", ':', ParamKind::OneOf(vec!["eu".into(), "us".into()]))
///     .build()?;
/// assert!(h.implies("consent:*", "consent:42"));
/// assert!(!h.implies("consent:*", "consent:abc"));
/// assert!(h.implies("region:*", "region:eu"));
/// assert!(!h.implies("region:*", "region:asia"));
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum ParamKind {
    /// Any non-empty value (rules text: `any`).
    Any,
    /// ASCII decimal digits, no sign (rules text: `integer`). Leading zeros
    /// are digits like any other: `007` is a value, distinct from `7`.
    Integer,
    /// A UUID in its 8-4-4-4-12 hexadecimal form, either case, without
    /// braces or `urn:uuid:` (RFC 9562 §4; rules text: `uuid`).
    Uuid,
    /// One of a fixed list of values (rules text: `oneof V1 V2 …`).
    OneOf(Vec<String>),
    /// Values a function accepts: for what the other kinds do not say (the
    /// crate has no regex dependency). Rules text cannot name a function, so
    /// a hierarchy's `Display` writes such a rule as a comment: read back,
    /// the text has no such parameter, and its template implies nothing.
    Custom(fn(&str) -> bool),
}

impl ParamKind {
    /// Whether `value` (non-empty, not `*`) is a value of this kind.
    ///
    /// # Cost
    ///
    /// Linear in `value`; for `OneOf`, a comparison with each listed value.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ParamKind;
    ///
    /// assert!(ParamKind::Integer.accepts("1234"));
    /// assert!(!ParamKind::Integer.accepts("-1"));
    /// assert!(ParamKind::Uuid.accepts("123e4567-e89b-12d3-a456-426614174000"));
    /// assert!(!ParamKind::Uuid.accepts("{123e4567-e89b-12d3-a456-426614174000}"));
    /// ```
    pub fn accepts(&self, value: &str) -> bool {
        if value.is_empty() {
            return false;
        }
        match self {
            Self::Any => true,
            Self::Integer => value.bytes().all(|b| b.is_ascii_digit()),
            Self::Uuid => is_uuid(value.as_bytes()),
            Self::OneOf(values) => values.iter().any(|v| v == value),
            Self::Custom(f) => f(value),
        }
    }

    /// The kind as the rules text writes it; `None` for a custom function.
    pub(crate) fn rules_text(&self) -> Option<String> {
        Some(match self {
            Self::Any => "any".into(),
            Self::Integer => "integer".into(),
            Self::Uuid => "uuid".into(),
            Self::OneOf(values) => {
                let mut s = String::from("oneof");
                for v in values {
                    s.push(' ');
                    s.push_str(v);
                }
                s
            }
            Self::Custom(_) => return None,
        })
    }
}

/// Two kinds are equal when they accept the same values by the same rule; a
/// custom kind equals another only when it is the same function pointer.
impl PartialEq for ParamKind {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Any, Self::Any) | (Self::Integer, Self::Integer) | (Self::Uuid, Self::Uuid) => {
                true
            }
            (Self::OneOf(a), Self::OneOf(b)) => a == b,
            (Self::Custom(a), Self::Custom(b)) => core::ptr::fn_addr_eq(*a, *b),
            _ => false,
        }
    }
}

impl Eq for ParamKind {}

fn is_uuid(v: &[u8]) -> bool {
    v.len() == 36
        && v.iter().enumerate().all(|(i, &b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// A typed parameter: `name` + `delimiter` + value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Param {
    /// The name and the delimiter: every instance starts with it.
    pub(crate) prefix: Box<str>,
    pub(crate) kind: ParamKind,
}

/// The structured rules of a hierarchy.
#[derive(Clone, Debug, Default)]
pub(crate) struct Structure {
    pub(crate) smart: bool,
    pub(crate) params: Vec<Param>,
}

/// How a hierarchy with structured rules reads one token.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Shape<'t> {
    /// Not structured: the other rules apply.
    Plain,
    /// A SMART clinical scope.
    Smart(SmartScope<'t>),
    /// `name:*` of parameter `i`.
    Template(usize),
    /// `name:value` of parameter `i`, with a value of its kind.
    Instance(usize),
    /// Structured-looking but malformed: implies and is implied by nothing
    /// but itself.
    Malformed(VocabularyErrorKind, usize),
}

impl Shape<'_> {
    pub(crate) fn is_structured(&self) -> bool {
        !matches!(self, Shape::Plain)
    }
}

impl Structure {
    /// How `token` reads.
    pub(crate) fn shape<'t>(&self, token: &'t str) -> Shape<'t> {
        if self.smart {
            match SmartScope::read(token) {
                Reading::Other => {}
                Reading::Clinical(s) => return Shape::Smart(s),
                Reading::Malformed(kind, at) => return Shape::Malformed(kind, at),
            }
        }
        for (i, p) in self.params.iter().enumerate() {
            if let Some(value) = token.strip_prefix(&*p.prefix) {
                return match value {
                    "" => Shape::Malformed(VocabularyErrorKind::EmptyParameterValue, token.len()),
                    "*" => Shape::Template(i),
                    v if p.kind.accepts(v) => Shape::Instance(i),
                    _ => Shape::Malformed(VocabularyErrorKind::BadParameterValue, p.prefix.len()),
                };
            }
        }
        Shape::Plain
    }

    /// Whether the structured token `g` implies the structured token `r`
    /// by the structured rules alone (the same token always does).
    pub(crate) fn implies(g: Shape<'_>, r: Shape<'_>) -> bool {
        match (g, r) {
            (Shape::Smart(a), Shape::Smart(b)) => a.implies(&b),
            (Shape::Template(i), Shape::Instance(j)) => i == j,
            _ => false,
        }
    }

    /// The prefixes under which a token is structured: what other rules
    /// must keep away from.
    pub(crate) fn prefixes(&self) -> impl Iterator<Item = &str> {
        let smart: &[&str] = if self.smart {
            &["patient/", "user/", "system/"]
        } else {
            &[]
        };
        smart
            .iter()
            .copied()
            .chain(self.params.iter().map(|p| &*p.prefix))
    }
}

impl Param {
    /// The name and the delimiter.
    pub(crate) fn parts(&self) -> (&str, &str) {
        let d = self.prefix.chars().last().map_or(0, char::len_utf8);
        self.prefix.split_at(self.prefix.len() - d)
    }
}

impl fmt::Display for Param {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, delim) = self.parts();
        match self.kind.rules_text() {
            Some(kind) => write!(f, "param({name:?}, {delim:?}, {kind})"),
            None => write!(f, "param({name:?}, {delim:?}, custom)"),
        }
    }
}
