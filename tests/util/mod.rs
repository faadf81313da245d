#![allow(dead_code)]

pub(crate) mod grammar;
pub(crate) mod growth;
pub(crate) mod hostile;

use std::fmt::Debug;

use oauth_scope::{ErrorKind, ParseError, ParseOptions, Scope, ScopeSet, ScopeToken};

/// The scopes of Google's consent screen for Drive, as sent on the wire.
pub(crate) const GOOGLE: &str = "email openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/docs.test https://www.googleapis.com/auth/drive https://www.googleapis.com/auth/drive.photos.readonly https://www.googleapis.com/auth/peopleapi.readonly https://www.googleapis.com/auth/meetings https://www.googleapis.com/auth/drive.activity.readonly https://www.googleapis.com/auth/experimentsandconfigs https://www.googleapis.com/auth/photos.native";

/// The tokens of [`GOOGLE`], in order.
pub(crate) const GOOGLE_TOKENS: [&str; 11] = [
    "email",
    "openid",
    "https://www.googleapis.com/auth/userinfo.email",
    "https://www.googleapis.com/auth/docs.test",
    "https://www.googleapis.com/auth/drive",
    "https://www.googleapis.com/auth/drive.photos.readonly",
    "https://www.googleapis.com/auth/peopleapi.readonly",
    "https://www.googleapis.com/auth/meetings",
    "https://www.googleapis.com/auth/drive.activity.readonly",
    "https://www.googleapis.com/auth/experimentsandconfigs",
    "https://www.googleapis.com/auth/photos.native",
];

/// RFC 6750 §3's example of a single scope-token.
pub(crate) const RFC6750_TOKEN: &str = "urn:example:channel=HBO&urn:example:rating=G,PG-13";

/// The tail of every `InvalidChar` message.
pub(crate) const ALLOWED: &str = "a scope-token allows ! # through [ and ] through ~";
/// The tails of the `EmptyToken` messages: at byte 0, and anywhere else.
pub(crate) const MUST_START: &str = "a scope must start with a scope-token";
pub(crate) const BETWEEN: &str =
    "scope-tokens are separated by exactly one separator, and a scope must end with a scope-token";

#[allow(unused_imports)]
pub(crate) use grammar::is_nqchar;

/// The kind of error the crate reports for a problem of the grammar model.
pub(crate) fn kind_of(problem: grammar::Problem) -> ErrorKind {
    match problem {
        grammar::Problem::Empty => ErrorKind::Empty,
        grammar::Problem::EmptyToken => ErrorKind::EmptyToken,
        grammar::Problem::InvalidChar(c) => ErrorKind::InvalidChar(c),
    }
}

/// `n` distinct ten-byte tokens (`x:00000000`, `x:00000001`, …) separated by
/// single spaces.
pub(crate) fn synthetic(n: usize) -> String {
    (0..n)
        .map(|i| format!("x:{i:08}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[track_caller]
pub(crate) fn token(text: &str) -> ScopeToken<'_> {
    ScopeToken::new(text).unwrap_or_else(|err| panic!("{text:?} should be a token: {err}"))
}

#[track_caller]
pub(crate) fn scope(text: &str) -> Scope<'_> {
    Scope::parse(text).unwrap_or_else(|err| panic!("{text:?} should be a scope: {err}"))
}

#[track_caller]
pub(crate) fn set(text: &str) -> ScopeSet<'_> {
    ScopeSet::parse(text).unwrap_or_else(|err| panic!("{text:?} should be a scope: {err}"))
}

/// A set from its canonical text, where `""` stands for the empty set.
#[track_caller]
pub(crate) fn set_or_empty(text: &str) -> ScopeSet<'_> {
    if text.is_empty() {
        ScopeSet::new()
    } else {
        set(text)
    }
}

#[track_caller]
pub(crate) fn set_with<'a>(text: &'a str, options: &ParseOptions) -> ScopeSet<'a> {
    ScopeSet::parse_with(text, options)
        .unwrap_or_else(|err| panic!("{text:?} should parse under {options:?}: {err}"))
}

/// The tokens an iterator yields, as strings.
pub(crate) fn strs<'a>(tokens: impl IntoIterator<Item = ScopeToken<'a>>) -> Vec<&'a str> {
    tokens.into_iter().map(|t| t.as_str()).collect()
}

/// Asserts that `result` failed with `kind` at `offset`, and returns the error.
#[track_caller]
pub(crate) fn assert_err<T: Debug>(
    result: Result<T, ParseError>,
    kind: ErrorKind,
    offset: usize,
) -> ParseError {
    let err = match result {
        Ok(value) => panic!("expected {kind:?} at byte {offset}, got Ok({value:?})"),
        Err(err) => err,
    };
    assert_eq!(
        (err.kind(), err.offset()),
        (kind, offset),
        "wrong error: {err}"
    );
    err
}

/// Asserts that `result` failed with `kind` at `offset` and exactly `message`.
#[track_caller]
pub(crate) fn assert_err_msg<T: Debug>(
    result: Result<T, ParseError>,
    kind: ErrorKind,
    offset: usize,
    message: &str,
) {
    let err = assert_err(result, kind, offset);
    assert_eq!(err.to_string(), message);
}

/// The configuration of every property test: `cases` cases unless the
/// `PROPTEST_CASES` environment variable asks for another count, and failures
/// persisted to `file` (an absolute path under `proptest-regressions/`) so
/// that they replay on every later run.
pub(crate) fn proptest_config(file: &'static str, cases: u32) -> proptest::test_runner::Config {
    use proptest::test_runner::{Config, FileFailurePersistence};
    // `Config::default()` already reads `PROPTEST_CASES`.
    let mut config = Config {
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(file))),
        ..Config::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    config
}
