//! SMART App Launch v2 clinical scopes (HL7 FHIR, SMART App Launch STU 2.2,
//! "Scopes and Launch Context"): the parsed view [`SmartScope`], and the
//! token a FHIR interaction requires.
//!
//! Under a hierarchy with the [`smart`](crate::HierarchyBuilder::smart)
//! rule ([`Hierarchy::smart_on_fhir`](crate::Hierarchy::smart_on_fhir)),
//! tokens of this shape are clinical scopes:
//!
//! ```text
//! clinical = context "/" type "." perms [ "?" query ]
//! context  = "patient" / "user" / "system"
//! type     = a resource type (an uppercase letter, then letters) / "*"
//! perms    = v2: a non-empty subset of "cruds", in that order
//!          / v1: "read" (= rs) / "write" (= cud) / "*" (= cruds)
//! query    = name "=" value *( "&" name "=" value )    ; v2 only
//! ```
//!
//! The letters are c (create), r (read), u (update), d (delete) and s
//! (search). A scope implies another when both have the same context, its
//! type is `*` or the same, its letters include the other's, and every
//! `name=value` pair of its query is in the other's query (no query, no
//! restriction): `patient/*.cruds` implies `patient/Observation.rs`, which
//! implies `patient/Observation.rs?category=laboratory`, never the reverse.
//!
//! # Examples
//!
//! ```
//! use oauth_scope::smart::{Context, Interaction, SmartScope};
//!
//! let scope = SmartScope::parse("patient/Observation.read")?;
//! assert_eq!(scope.context(), Context::Patient);
//! assert_eq!(scope.resource_type(), Some("Observation"));
//! assert_eq!(scope.letters(), "rs");
//! assert!(scope.is_v1());
//! assert_eq!(scope.to_string(), "patient/Observation.rs");
//!
//! let search = SmartScope::for_interaction(Context::Patient, "Observation", Interaction::Search)?;
//! assert_eq!(search, "patient/Observation.s");
//! # Ok::<(), oauth_scope::Error>(())
//! ```

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::structured::{VocabularyError, VocabularyErrorKind};

/// The permission letters of SMART v2, in the order a scope writes them.
const LETTERS: &[u8; 5] = b"cruds";

/// All five letters.
pub(crate) const ALL: u8 = 0b1_1111;

/// The letters of a bit set, in order: the v2 form.
pub(crate) fn letters_str(bits: u8) -> &'static str {
    // Each of the 31 non-empty subsets, indexed by its bits.
    const TABLE: [&str; 32] = [
        "", "c", "r", "cr", "u", "cu", "ru", "cru", "d", "cd", "rd", "crd", "ud", "cud", "rud",
        "crud", "s", "cs", "rs", "crs", "us", "cus", "rus", "crus", "ds", "cds", "rds", "crds",
        "uds", "cuds", "ruds", "cruds",
    ];
    TABLE[usize::from(bits & ALL)]
}

/// Where a clinical scope applies: the launch context of SMART App Launch
/// ("Scopes and Launch Context"). No context implies another.
///
/// # Examples
///
/// ```
/// use oauth_scope::smart::{Context, SmartScope};
///
/// assert_eq!(SmartScope::parse("system/*.rs")?.context(), Context::System);
/// assert_eq!(Context::User.as_str(), "user");
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    /// `patient/`: resources in the current patient's compartment.
    Patient,
    /// `user/`: resources the current user may access.
    User,
    /// `system/`: resources a client may access on its own behalf (backend
    /// services).
    System,
}

impl Context {
    /// The context as a scope writes it: `patient`, `user` or `system`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::smart::Context;
    ///
    /// assert_eq!(Context::Patient.as_str(), "patient");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Patient => "patient",
            Self::User => "user",
            Self::System => "system",
        }
    }

    fn from_bytes(s: &[u8]) -> Option<Self> {
        match s {
            b"patient" => Some(Self::Patient),
            b"user" => Some(Self::User),
            b"system" => Some(Self::System),
            _ => None,
        }
    }
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A FHIR `RESTful` interaction (FHIR R4, "`RESTful` API"), mapped to the letter
/// a SMART v2 scope needs for it by the table of "Scopes and Launch Context":
/// `c` for create; `r` for read, vread and history of an instance; `u` for
/// update and patch; `d` for delete; `s` for search and history of a type.
///
/// # Examples
///
/// ```
/// use oauth_scope::smart::{Context, Interaction, SmartScope};
///
/// let need = SmartScope::for_interaction(Context::User, "Patient", Interaction::Patch)?;
/// assert_eq!(need, "user/Patient.u");
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Interaction {
    /// `GET [type]/[id]`: `r`.
    Read,
    /// `GET [type]/[id]/_history/[vid]`: `r`.
    Vread,
    /// `GET [type]/[id]/_history`: `r`.
    HistoryInstance,
    /// `GET [type]/_history`: `s`.
    HistoryType,
    /// `GET [type]?…` or `POST [type]/_search`: `s`.
    Search,
    /// `POST [type]`: `c`.
    Create,
    /// `PUT [type]/[id]`: `u`.
    Update,
    /// `PATCH [type]/[id]`: `u`.
    Patch,
    /// `DELETE [type]/[id]`: `d`.
    Delete,
}

impl Interaction {
    /// The v2 letter this interaction needs.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::smart::Interaction;
    ///
    /// assert_eq!(Interaction::Vread.letter(), 'r');
    /// assert_eq!(Interaction::HistoryType.letter(), 's');
    /// ```
    pub const fn letter(self) -> char {
        match self {
            Self::Create => 'c',
            Self::Read | Self::Vread | Self::HistoryInstance => 'r',
            Self::Update | Self::Patch => 'u',
            Self::Delete => 'd',
            Self::HistoryType | Self::Search => 's',
        }
    }
}

/// A SMART App Launch v2 clinical scope, read: its context, resource type,
/// permission letters and query. v1 permissions (`read`, `write`, `*`) are
/// read as their v2 letters; `Display` writes the v2 form.
///
/// Parsing borrows from the token and allocates nothing.
///
/// # Examples
///
/// ```
/// use oauth_scope::smart::SmartScope;
///
/// let scope = SmartScope::parse("patient/Observation.rs?category=laboratory")?;
/// assert_eq!(scope.query(), Some("category=laboratory"));
/// assert_eq!(SmartScope::parse("user/*.write")?.to_string(), "user/*.cud");
///
/// let err = SmartScope::parse("patient/Observation.sr").unwrap_err();
/// assert_eq!(err.to_string(), "`patient/Observation.sr` at byte 21: permission letters out of order; SMART v2 writes them in the order c r u d s");
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SmartScope<'a> {
    context: Context,
    /// The resource type, or `*`.
    resource: &'a str,
    letters: u8,
    v1: bool,
    query: Option<&'a str>,
}

/// How a token reads under the SMART grammar.
pub(crate) enum Reading<'a> {
    /// Not clinical-looking: its context is not one of the three in any case.
    Other,
    Clinical(SmartScope<'a>),
    /// Clinical-looking but malformed.
    Malformed(VocabularyErrorKind, usize),
}

impl<'a> SmartScope<'a> {
    /// Reads a clinical scope.
    ///
    /// # Errors
    ///
    /// The token is not checked against the scope-token grammar (RFC 6749
    /// §3.3): a hierarchy only ever reads valid tokens, and
    /// [`ScopeToken::new`](crate::ScopeToken::new) checks that.
    ///
    /// A [`VocabularyError`] naming the first thing that is not SMART v2 (or
    /// v1) grammar and its byte: a context other than `patient`, `user` or
    /// `system` (lowercase), a resource type that is not an uppercase letter
    /// then letters, no permissions, a letter outside `cruds`, letters out of
    /// order or repeated, a malformed query, or a query after v1
    /// permissions.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::VocabularyErrorKind;
    /// use oauth_scope::smart::SmartScope;
    ///
    /// assert!(SmartScope::parse("patient/*.cruds").is_ok());
    /// let err = SmartScope::parse("patient/Observation.").unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (VocabularyErrorKind::MissingPermissions, 20));
    /// let err = SmartScope::parse("launch/patient").unwrap_err();
    /// assert_eq!(err.kind(), VocabularyErrorKind::NotClinical);
    /// ```
    pub fn parse(token: &'a str) -> Result<Self, VocabularyError> {
        match Self::read(token) {
            Reading::Clinical(s) => Ok(s),
            Reading::Malformed(kind, at) => Err(VocabularyError::new(token, kind, at)),
            Reading::Other => Err(VocabularyError::new(
                token,
                VocabularyErrorKind::NotClinical,
                0,
            )),
        }
    }

    /// Reads `token`: clinical, malformed clinical-looking, or other.
    pub(crate) fn read(token: &'a str) -> Reading<'a> {
        use VocabularyErrorKind as K;
        let bytes = token.as_bytes();
        let Some(slash) = bytes.iter().position(|&b| b == b'/') else {
            return Reading::Other;
        };
        let Some(context) = Context::from_bytes(&bytes[..slash]) else {
            let looks = [b"patient".as_slice(), b"user", b"system"]
                .iter()
                .any(|c| c.eq_ignore_ascii_case(&bytes[..slash]));
            return if looks {
                Reading::Malformed(K::BadContext, 0)
            } else {
                Reading::Other
            };
        };
        let rest = &bytes[slash + 1..];
        let Some(dot) = rest.iter().position(|&b| b == b'.') else {
            return Reading::Malformed(K::MissingPermissions, token.len());
        };
        let type_at = slash + 1;
        let resource = &rest[..dot];
        if resource != b"*" {
            let bad = resource
                .iter()
                .enumerate()
                .find(|&(i, b)| !b.is_ascii_alphabetic() || (i == 0 && !b.is_ascii_uppercase()));
            if let Some((i, _)) = bad {
                return Reading::Malformed(K::BadResourceType, type_at + i);
            }
            if resource.is_empty() {
                return Reading::Malformed(K::BadResourceType, type_at);
            }
        }
        let perms_at = type_at + dot + 1;
        let tail = &bytes[perms_at..];
        let (perms, query) = match tail.iter().position(|&b| b == b'?') {
            Some(q) => (&tail[..q], Some(perms_at + q + 1)),
            None => (tail, None),
        };
        if perms.is_empty() {
            return Reading::Malformed(K::MissingPermissions, perms_at);
        }
        let (letters, v1) = match perms {
            b"read" => (0b1_0010, true),
            b"write" => (0b0_1101, true),
            b"*" => (ALL, true),
            _ => match v2_letters(perms) {
                Ok(bits) => (bits, false),
                Err((kind, i)) => return Reading::Malformed(kind, perms_at + i),
            },
        };
        let query = match query {
            None => None,
            Some(_) if v1 => return Reading::Malformed(K::V1WithQuery, perms_at + perms.len()),
            Some(at) => {
                if let Err(i) = check_query(&bytes[at..]) {
                    return Reading::Malformed(K::BadQuery, at + i);
                }
                Some(&token[at..])
            }
        };
        Reading::Clinical(SmartScope {
            context,
            resource: &token[type_at..type_at + dot],
            letters,
            v1,
            query,
        })
    }

    /// The launch context.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::smart::{Context, SmartScope};
    ///
    /// assert_eq!(SmartScope::parse("user/Patient.r")?.context(), Context::User);
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub const fn context(&self) -> Context {
        self.context
    }

    /// The resource type, or `None` for `*` (every type).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::smart::SmartScope;
    ///
    /// assert_eq!(SmartScope::parse("user/Patient.r")?.resource_type(), Some("Patient"));
    /// assert_eq!(SmartScope::parse("user/*.r")?.resource_type(), None);
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn resource_type(&self) -> Option<&'a str> {
        (self.resource != "*").then_some(self.resource)
    }

    /// The permission letters in v2 form, in the order `cruds`
    /// (`read` is `rs`, `write` is `cud`, `*` is `cruds`).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::smart::SmartScope;
    ///
    /// assert_eq!(SmartScope::parse("user/Patient.write")?.letters(), "cud");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn letters(&self) -> &'static str {
        letters_str(self.letters)
    }

    /// The query after `?`, as written: the search parameters that restrict
    /// the scope.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::smart::SmartScope;
    ///
    /// let s = SmartScope::parse("patient/Condition.rs?category=problem-list-item")?;
    /// assert_eq!(s.query(), Some("category=problem-list-item"));
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub const fn query(&self) -> Option<&'a str> {
        self.query
    }

    /// Whether the permissions were written in v1 form (`read`, `write` or
    /// `*`).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::smart::SmartScope;
    ///
    /// assert!(SmartScope::parse("patient/*.read")?.is_v1());
    /// assert!(!SmartScope::parse("patient/*.rs")?.is_v1());
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub const fn is_v1(&self) -> bool {
        self.v1
    }

    /// The v2 token a FHIR `interaction` on `resource_type` requires in
    /// `context`: one letter, by the table of "Scopes and Launch Context"
    /// (see [`Interaction`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::smart::{Context, Interaction, SmartScope};
    ///
    /// let need = SmartScope::for_interaction(Context::Patient, "Observation", Interaction::Read)?;
    /// assert_eq!(need, "patient/Observation.r");
    /// assert!(SmartScope::for_interaction(Context::Patient, "Observation.r?x=", Interaction::Delete).is_err());
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// A [`VocabularyError`] of kind `BadResourceType` when `resource_type`
    /// is neither `*` nor an uppercase letter followed by letters: a type
    /// taken from a request path (`Observation.r?x=` would make the token
    /// `patient/Observation.r?x=.d`, which `patient/Observation.rs` covers)
    /// never reaches a scope.
    pub fn for_interaction(
        context: Context,
        resource_type: &str,
        interaction: Interaction,
    ) -> Result<String, VocabularyError> {
        let mut out = String::with_capacity(resource_type.len() + 10);
        out.push_str(context.as_str());
        out.push('/');
        out.push_str(resource_type);
        out.push('.');
        out.push(interaction.letter());
        let clinical =
            matches!(SmartScope::read(&out), Reading::Clinical(s) if s.resource == resource_type);
        if clinical {
            return Ok(out);
        }
        let bad = resource_type
            .char_indices()
            .find(|&(i, c)| !c.is_ascii_alphabetic() || (i == 0 && !c.is_ascii_uppercase()))
            .map_or(0, |(i, _)| i);
        let at = context.as_str().len() + 1 + bad;
        Err(VocabularyError::new(
            &out,
            VocabularyErrorKind::BadResourceType,
            at,
        ))
    }

    pub(crate) fn bits(&self) -> u8 {
        self.letters
    }

    pub(crate) fn resource(&self) -> &'a str {
        self.resource
    }

    /// Whether `self` implies `other` apart from the letters: the same
    /// context, a type that covers the other's, and a query whose pairs are
    /// all in the other's.
    pub(crate) fn reaches(&self, other: &SmartScope<'_>) -> bool {
        self.context == other.context
            && (self.resource == "*" || self.resource == other.resource)
            && query_within(self.query, other.query)
    }

    /// Whether `self` implies `other`: [`reaches`](Self::reaches) it and
    /// has all its letters.
    pub(crate) fn implies(&self, other: &SmartScope<'_>) -> bool {
        self.letters & other.letters == other.letters && self.reaches(other)
    }

    /// The broadest scope both `self` and `other` imply, if any: the same
    /// context, the narrower type, the common letters and the union of the
    /// query pairs (`self`'s first, then those of `other` it lacks).
    pub(crate) fn meet(&self, other: &SmartScope<'_>) -> Option<String> {
        if self.context != other.context {
            return None;
        }
        let resource = match (self.resource, other.resource) {
            ("*", r) | (r, "*") => r,
            (a, b) if a == b => a,
            _ => return None,
        };
        let letters = self.letters & other.letters;
        if letters == 0 {
            return None;
        }
        let mut out = self.with_parts(resource, letters, None);
        let ours = Pairs::new(self.query);
        let mut sep = '?';
        for pair in self.query.into_iter().flat_map(|q| q.split('&')) {
            out.push(sep);
            out.push_str(pair);
            sep = '&';
        }
        for pair in other.query.into_iter().flat_map(|q| q.split('&')) {
            if !ours.contains(pair) {
                out.push(sep);
                out.push_str(pair);
                sep = '&';
            }
        }
        Some(out)
    }

    /// This scope with only `letters`, in v2 form.
    pub(crate) fn restricted(&self, letters: u8) -> String {
        self.with_parts(self.resource, letters, self.query)
    }

    fn with_parts(&self, resource: &str, letters: u8, query: Option<&str>) -> String {
        let mut out = String::new();
        out.push_str(self.context.as_str());
        out.push('/');
        out.push_str(resource);
        out.push('.');
        out.push_str(letters_str(letters));
        if let Some(q) = query {
            out.push('?');
            out.push_str(q);
        }
        out
    }
}

/// A scope to be implied, with its query's pairs ready for lookups: what a
/// search through many members compares each of them with, so that the
/// pairs are sorted (when there are many) once per search, not once per
/// member.
pub(crate) struct Sought<'a> {
    scope: SmartScope<'a>,
    pairs: Pairs<'a>,
}

impl<'a> Sought<'a> {
    pub(crate) fn new(scope: SmartScope<'a>) -> Self {
        Self {
            scope,
            pairs: Pairs::new(scope.query),
        }
    }

    /// [`SmartScope::reaches`]`(m, sought)`.
    pub(crate) fn reached_by(&self, m: &SmartScope<'_>) -> bool {
        let s = &self.scope;
        m.context == s.context
            && (m.resource == "*" || m.resource == s.resource)
            && match (m.query, s.query) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(a), Some(b)) => a == b || self.pairs.contains_all(a),
            }
    }

    /// [`SmartScope::implies`]`(m, sought)`.
    pub(crate) fn implied_by(&self, m: &SmartScope<'_>) -> bool {
        m.letters & self.scope.letters == self.scope.letters && self.reached_by(m)
    }
}

/// Writes the v2 form: `patient/Observation.read` is written
/// `patient/Observation.rs`.
impl fmt::Display for SmartScope<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}.{}", self.context, self.resource, self.letters())?;
        if let Some(q) = self.query {
            write!(f, "?{q}")?;
        }
        Ok(())
    }
}

/// The bits of a v2 letter run, or why it is not one and where.
fn v2_letters(perms: &[u8]) -> Result<u8, (VocabularyErrorKind, usize)> {
    let mut bits = 0u8;
    let mut last = None;
    for (i, b) in perms.iter().enumerate() {
        let Some(pos) = LETTERS.iter().position(|l| l == b) else {
            return Err((VocabularyErrorKind::UnknownPermission, i));
        };
        match last {
            Some(l) if l == pos => return Err((VocabularyErrorKind::RepeatedPermission, i)),
            Some(l) if l > pos => {
                let kind = if bits & (1 << pos) != 0 {
                    VocabularyErrorKind::RepeatedPermission
                } else {
                    VocabularyErrorKind::PermissionsOutOfOrder
                };
                return Err((kind, i));
            }
            _ => {}
        }
        bits |= 1 << pos;
        last = Some(pos);
    }
    Ok(bits)
}

/// Checks `name=value *(& name=value)`: names and values non-empty, a name
/// without `=`. Returns the offset of the first problem.
fn check_query(q: &[u8]) -> Result<(), usize> {
    if q.is_empty() {
        return Err(0);
    }
    let mut at = 0;
    for pair in q.split(|&b| b == b'&') {
        match pair.iter().position(|&b| b == b'=') {
            Some(0) | None => return Err(at),
            Some(eq) if eq + 1 == pair.len() => return Err(at + eq + 1),
            Some(_) => {}
        }
        at += pair.len() + 1;
    }
    Ok(())
}

/// Whether every pair of query `a` is a pair of query `b`; no query
/// restricts nothing. Sorts `b`'s pairs once when both are long, so the
/// cost is O((a + b) log b), never (a × b).
fn query_within(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(a), Some(b)) => a == b || Pairs::new(Some(b)).contains_all(a),
    }
}

/// The pairs of a query, for membership tests: a plain scan when there are
/// few, a sorted list when there are many.
struct Pairs<'q> {
    text: &'q str,
    sorted: Option<Vec<&'q str>>,
}

/// Up to this many pairs are scanned rather than sorted.
const FEW_PAIRS: usize = 8;

impl<'q> Pairs<'q> {
    fn new(query: Option<&'q str>) -> Self {
        let text = query.unwrap_or("");
        let many = text.bytes().filter(|&b| b == b'&').count() >= FEW_PAIRS;
        let sorted = many.then(|| {
            let mut v: Vec<&str> = text.split('&').collect();
            v.sort_unstable();
            v
        });
        Self { text, sorted }
    }

    fn contains(&self, pair: &str) -> bool {
        match &self.sorted {
            Some(v) => v.binary_search(&pair).is_ok(),
            None => !self.text.is_empty() && self.text.split('&').any(|p| p == pair),
        }
    }

    fn contains_all(&self, query: &str) -> bool {
        query.split('&').all(|p| self.contains(p))
    }
}
