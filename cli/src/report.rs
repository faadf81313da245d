//! What each subcommand finds: worked out with the library, then shown as
//! text for people (`Display`) or as one JSON object (`Serialize`).
//!
//! In JSON every scope is its canonical string (tokens sorted by bytes,
//! single spaces, `""` for the empty scope), and maps from token to token
//! are ordered the same way.

use std::collections::BTreeMap;
use std::fmt;

use oauth_scope::serde::ClaimError;
use oauth_scope::smart::SmartScope;
use oauth_scope::{Annotated, Challenge, ChallengeError, Grant, Hierarchy, ParseError, ScopeSet};
use serde::Serialize;

use crate::shown::shown;

/// The outcome of one run, whatever the subcommand.
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum Report {
    Valid(Valid),
    Normalized(NormalizeReport),
    Checked(Checked),
    Narrowed(Narrowed),
    Challenge(Box<Challenged>),
    /// An argument cannot be used; JSON: `{"error": {…}}`, the one error
    /// shape (see [`ERRORS`]).
    Error {
        error: ArgumentError,
    },
}

impl From<ArgumentError> for Report {
    fn from(error: ArgumentError) -> Self {
        Self::Error { error }
    }
}

impl Report {
    /// Whether the run succeeded: every scope parsed and, for `check`, the
    /// granted scope covers the required one.
    pub(crate) fn succeeded(&self) -> bool {
        match self {
            Self::Checked(checked) => checked.covered,
            Self::Error { .. } => false,
            Self::Valid(_) | Self::Normalized(_) | Self::Narrowed(_) | Self::Challenge(_) => true,
        }
    }

    /// Whether the text belongs on stderr: it diagnoses an argument.
    pub(crate) fn is_diagnostic(&self) -> bool {
        matches!(self, Self::Error { .. })
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Valid(report) => report.fmt(f),
            Self::Normalized(report) => report.fmt(f),
            Self::Checked(report) => report.fmt(f),
            Self::Narrowed(report) => report.fmt(f),
            Self::Challenge(report) => report.fmt(f),
            Self::Error { error } => error.fmt(f),
        }
    }
}

/// `validate`: the scope parses.
#[derive(Serialize)]
pub(crate) struct Valid {
    scope: ScopeSet<'static>,
    /// Distinct tokens: a repeated token is the same token.
    tokens: usize,
}

impl Valid {
    pub(crate) fn new(scope: &ScopeSet<'_>) -> Self {
        Self {
            scope: scope.clone().into_owned(),
            tokens: scope.len(),
        }
    }
}

impl fmt::Display for Valid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, s) = (self.tokens, if self.tokens == 1 { "" } else { "s" });
        writeln!(f, "valid scope: {n} distinct token{s}")
    }
}

/// `normalize`: the canonical set, the normalized one
/// ([`ScopeSet::normalize`]), and for each token dropped, the first token of
/// the normalized set that implies it ([`ScopeSet::implier_of`]).
#[derive(Serialize)]
pub(crate) struct NormalizeReport {
    canonical: ScopeSet<'static>,
    normalized: ScopeSet<'static>,
    implied_by: BTreeMap<String, String>,
}

impl NormalizeReport {
    pub(crate) fn new(scope: &ScopeSet<'_>, hierarchy: &Hierarchy) -> Self {
        let normalized = scope.normalize(hierarchy);
        let implied_by = scope
            .difference(&normalized)
            .iter()
            .filter_map(|dropped| {
                let by = covering(&normalized, dropped.as_str(), hierarchy)?;
                Some((dropped.to_string(), by))
            })
            .collect();
        Self {
            canonical: scope.clone().into_owned(),
            normalized: normalized.into_owned(),
            implied_by,
        }
    }
}

impl fmt::Display for NormalizeReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "canonical: {}", Listed(&self.canonical))?;
        writeln!(f, "normalized: {}", Listed(&self.normalized))?;
        write_rows(f, &self.implied_by, "implied by")
    }
}

/// `check`: whether the granted scope covers the required one
/// ([`ScopeSet::covers`]), what is missing, and for each covered token the
/// first granted token that implies it ([`ScopeSet::implier_of`]).
#[derive(Serialize)]
pub(crate) struct Checked {
    covered: bool,
    missing: ScopeSet<'static>,
    covered_by: BTreeMap<String, String>,
    /// Whether the granted scope is an inactive token's, which covers
    /// nothing; in JSON only when it is.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    inactive: bool,
    /// Why nothing is covered, for the text.
    #[serde(skip)]
    note: Option<String>,
}

impl Checked {
    pub(crate) fn new(
        granted: &ScopeSet<'_>,
        required: &ScopeSet<'_>,
        hierarchy: &Hierarchy,
    ) -> Self {
        // What is missing, SMART tokens cut to their missing letters; the
        // others are covered, by the tokens `covering` names.
        let missing = granted.uncovered(required, hierarchy).into_owned();
        let covered_by = required
            .iter()
            .filter_map(|token| {
                let by = covering(granted, token.as_str(), hierarchy)?;
                Some((token.to_string(), by))
            })
            .collect();
        Self {
            covered: missing.is_empty(),
            missing: missing.into_owned(),
            covered_by,
            inactive: false,
            note: None,
        }
    }

    /// The granted token, given as `argument` in `source`, is inactive: it
    /// carries no scope (RFC 7662 §2.2) and covers nothing, not even an
    /// empty required scope.
    pub(crate) fn inactive(required: &ScopeSet<'_>, argument: &str, source: &str) -> Self {
        Self {
            covered: false,
            missing: required.clone().into_owned(),
            covered_by: BTreeMap::new(),
            inactive: true,
            note: Some(format!("{argument}: {}", inactive_token(source))),
        }
    }
}

/// The granted tokens to name for covering `token`: the first that implies
/// it ([`ScopeSet::implier_of`]), or, for a SMART clinical scope that no one
/// token covers but several do letter by letter, the first for each letter
/// joined by "and". `None` when `token` is not covered.
fn covering(granted: &ScopeSet<'_>, token: &str, hierarchy: &Hierarchy) -> Option<String> {
    if let Some(by) = granted.implier_of(token, hierarchy) {
        return Some(by.to_string());
    }
    let smart = SmartScope::parse(token).ok()?;
    let mut by: Vec<String> = Vec::new();
    for letter in smart.letters().chars() {
        let query = smart.query().map(|q| format!("?{q}")).unwrap_or_default();
        let one = format!(
            "{}/{}.{letter}{query}",
            smart.context(),
            smart.resource_type().unwrap_or("*")
        );
        let implier = granted.implier_of(&one, hierarchy)?.to_string();
        if !by.contains(&implier) {
            by.push(implier);
        }
    }
    Some(by.join(" and "))
}

/// What an inactive token is, in messages.
fn inactive_token(source: &str) -> String {
    format!(
        "{source} is an inactive token (\"active\": false), which carries no scope (RFC 7662 §2.2)"
    )
}

impl fmt::Display for Checked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.covered {
            writeln!(f, "covered")?;
        } else {
            writeln!(f, "not covered: missing {}", Listed(&self.missing))?;
        }
        if let Some(note) = &self.note {
            writeln!(f, "  {}", shown(note))?;
        }
        write_rows(f, &self.covered_by, "covered by")
    }
}

/// `narrow`: what an authorization server grants from a request
/// ([`ScopeSet::narrow`]), and the `scope` its token response must carry.
#[derive(Serialize)]
pub(crate) struct Narrowed {
    granted: ScopeSet<'static>,
    denied: ScopeSet<'static>,
    /// `None` when the response may leave `scope` out (RFC 6749 §5.1).
    response_scope: Option<ScopeSet<'static>>,
}

impl Narrowed {
    pub(crate) fn new(grant: &Grant<'_>) -> Self {
        Self {
            granted: grant.granted().clone().into_owned(),
            denied: grant.denied().clone().into_owned(),
            response_scope: grant.response_scope().map(|s| s.clone().into_owned()),
        }
    }
}

impl fmt::Display for Narrowed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "granted: {}", Listed(&self.granted))?;
        writeln!(f, "denied: {}", Listed(&self.denied))?;
        let why = match self.response_scope {
            Some(_) => "required, the grant differs from the request",
            None => "optional, the grant is the request",
        };
        writeln!(f, "scope in the token response: {why} (RFC 6749 §5.1)")
    }
}

/// `challenge`: the header value and the status to send with it, and what
/// it says attribute by attribute.
#[derive(Serialize)]
pub(crate) struct Challenged {
    header: String,
    status: u16,
    realm: Option<String>,
    scope: Option<ScopeSet<'static>>,
    error: Option<String>,
    error_description: Option<String>,
    error_uri: Option<String>,
    /// RFC 9728 §5.1: where the resource's metadata is.
    resource_metadata: Option<String>,
    extensions: BTreeMap<String, String>,
}

impl Challenged {
    pub(crate) fn new(challenge: &Challenge) -> Self {
        let owned = |s: Option<&str>| s.map(str::to_owned);
        Self {
            header: challenge.to_string(),
            status: challenge.status_code(),
            realm: owned(challenge.realm()),
            scope: challenge.scope().cloned(),
            error: challenge.error().map(ToString::to_string),
            error_description: owned(challenge.error_description()),
            error_uri: owned(challenge.error_uri()),
            resource_metadata: owned(challenge.resource_metadata()),
            extensions: challenge
                .extensions()
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
                .collect(),
        }
    }
}

impl fmt::Display for Challenged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "status: {}", self.status)?;
        writeln!(f, "WWW-Authenticate: {}", self.header)?;
        let standard = [
            ("realm", self.realm.as_deref()),
            ("error", self.error.as_deref()),
            ("error_description", self.error_description.as_deref()),
            ("error_uri", self.error_uri.as_deref()),
            ("resource_metadata", self.resource_metadata.as_deref()),
        ];
        if let Some(scope) = &self.scope {
            writeln!(f, "  scope: {scope}")?;
        }
        // Realm and extension values may hold a tab: shown escaped.
        for (name, value) in standard.into_iter().filter_map(|(n, v)| Some((n, v?))) {
            writeln!(f, "  {name}: {}", shown(value))?;
        }
        for (name, value) in &self.extensions {
            writeln!(f, "  {name}: {}", shown(value))?;
        }
        Ok(())
    }
}

/// The one shape of errors in JSON, for `--help`.
pub(crate) const ERRORS: &str = "\
Errors with --json:
  An argument that cannot be used (exit status 1) prints one object:
    {\"error\": {\"kind\": \"empty_token\", \"argument\": \"--granted\", \"message\": \"…\",
               \"offset\": 4, \"input\": \"repo \", \"column\": 4}}
  kind      what is wrong, in snake_case: for a scope, its error kind (empty,
            invalid_char, empty_token, …); inactive_token for a JSON document
            with \"active\": false (but check's granted token, which is then
            not covered, with \"inactive\": true); for challenge,
            invalid_challenge (--parse), invalid_attribute, or covered
            (nothing to send)
  argument  the argument at fault: SCOPE, --granted, --scope-json, --realm, …
  message   what the text output says after the argument
  offset    the byte of the argument where the problem starts, when known
  item      for an item of an \"scp\" array that is not one scope-token: its
            index (offset, input and column are then the item's)
  input, column
            for a scope that does not parse, or a --parse header with a
            problem at a known place: its text (for header lines, the value
            they join into), and the problem's place in characters of it as
            the text output shows it
  Characters that would hide or reorder text (controls, bidi overrides,
  zero-width characters) are written as \\uXXXX escapes in every string.
  Usage errors (exit status 2) are one line of text on stderr, with or
  without --json.";

/// An argument that cannot be used, and why. In JSON, under `"error"`:
/// always `kind`, `argument` and `message`; `offset` when the problem is at
/// a known byte of the argument; `input` and `column` for a scope.
#[derive(Serialize)]
pub(crate) struct ArgumentError {
    kind: &'static str,
    /// `SCOPE`, `--granted`, `--realm`, …
    argument: &'static str,
    message: String,
    /// Where the problem starts, in bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<usize>,
    /// For an item of an `scp` array: its index.
    #[serde(skip_serializing_if = "Option::is_none")]
    item: Option<usize>,
    /// For a scope that does not parse: what to draw the caret under.
    #[serde(flatten)]
    scope: Option<Box<Caret>>,
}

/// A scope argument, and the column of its problem; shown by the library's
/// [`Annotated`].
#[derive(Serialize)]
struct Caret {
    input: String,
    /// Where the problem starts, in characters of the input as shown.
    column: usize,
    #[serde(skip)]
    offset: usize,
}

impl Caret {
    /// `input`, with its problem at byte `offset`.
    fn new(input: &str, offset: usize) -> Self {
        Self {
            input: input.to_owned(),
            column: Annotated::new(input, offset).column(),
            offset,
        }
    }
}

impl ArgumentError {
    /// A scope argument that does not parse.
    pub(crate) fn invalid_scope(argument: &'static str, input: &str, err: &ParseError) -> Self {
        Self {
            kind: err.kind().code(),
            argument,
            message: err.to_string(),
            offset: Some(err.offset()),
            item: None,
            scope: Some(Box::new(Caret::new(input, err.offset()))),
        }
    }

    /// An item of an `scp` array that is not one scope-token.
    pub(crate) fn invalid_item(argument: &'static str, item: &str, err: &ClaimError) -> Self {
        let offset = err.parse_error().offset();
        Self {
            kind: err.parse_error().kind().code(),
            argument,
            message: err.to_string(),
            offset: Some(offset),
            item: err.item(),
            scope: Some(Box::new(Caret::new(item, offset))),
        }
    }

    /// A `--parse` header that cannot be read as a challenge, with a caret
    /// under its problem when the problem has a place.
    pub(crate) fn invalid_challenge(header: &str, err: &ChallengeError) -> Self {
        let caret = err
            .offset()
            .filter(|&at| header.is_char_boundary(at))
            .map(|at| Box::new(Caret::new(header, at)));
        Self {
            scope: caret,
            ..Self::challenge("invalid_challenge", "--parse", err)
        }
    }

    /// `--parse` text that is not a `WWW-Authenticate` value.
    pub(crate) fn invalid_header(message: String) -> Self {
        Self {
            kind: "invalid_challenge",
            argument: "--parse",
            message,
            offset: None,
            item: None,
            scope: None,
        }
    }

    /// A challenge attribute (`--realm`, `--error`, …) that cannot be sent.
    pub(crate) fn invalid_attribute(argument: &'static str, err: &ChallengeError) -> Self {
        Self::challenge("invalid_attribute", argument, err)
    }

    fn challenge(kind: &'static str, argument: &'static str, err: &ChallengeError) -> Self {
        Self {
            kind,
            argument,
            message: err.to_string(),
            offset: err.offset(),
            item: None,
            scope: None,
        }
    }

    /// A JSON document, given as `argument` in `source`, is an inactive
    /// token where a scope must be.
    pub(crate) fn inactive(argument: &'static str, source: &str) -> Self {
        Self {
            kind: "inactive_token",
            argument,
            message: inactive_token(source),
            offset: None,
            item: None,
            scope: None,
        }
    }

    /// `--granted` already covers `--required`: no challenge to send.
    pub(crate) fn covered() -> Self {
        Self {
            kind: "covered",
            argument: "--granted",
            message: "the granted scope covers the required one; no challenge to send".into(),
            offset: None,
            item: None,
            scope: None,
        }
    }
}

impl fmt::Display for ArgumentError {
    /// For a scope: the input, a caret under the problem, and the message.
    /// Otherwise the message alone.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (argument, message) = (self.argument, shown(&self.message));
        match &self.scope {
            Some(caret) => {
                writeln!(f, "{}", Annotated::new(&caret.input, caret.offset))?;
                writeln!(f, "error: invalid {argument}: {message}")
            }
            None => writeln!(f, "error: {argument}: {message}"),
        }
    }
}

/// Writes `  TOKEN  VERB OTHER` for each pair, tokens padded to one width.
fn write_rows(
    f: &mut fmt::Formatter<'_>,
    rows: &BTreeMap<String, String>,
    verb: &str,
) -> fmt::Result {
    let width = rows.keys().map(String::len).max().unwrap_or(0);
    for (token, other) in rows {
        writeln!(f, "  {token:width$}  {verb} {other}")?;
    }
    Ok(())
}

/// A scope in text: its canonical form, or `(none)` when empty.
struct Listed<'s>(&'s ScopeSet<'s>);

impl fmt::Display for Listed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("(none)")
        } else {
            self.0.fmt(f)
        }
    }
}
