//! `ParseError`: its message, `Debug`, kind and offset, and `std::error::Error`.

mod util;

use std::error::Error;

use oauth_scope::{ErrorKind, ParseError, ParseOptions, Scope, ScopeSet, ScopeToken};

use crate::util::{ALLOWED, BETWEEN, MUST_START};

#[track_caller]
fn scope_err(text: &str) -> ParseError {
    Scope::parse(text).unwrap_err()
}

#[track_caller]
fn token_err(text: &str) -> ParseError {
    ScopeToken::new(text).unwrap_err()
}

#[track_caller]
fn options_err(text: &str, options: &ParseOptions) -> ParseError {
    ScopeSet::parse_with(text, options).unwrap_err()
}

/// One error of every kind and every wording, with its exact `Display`.
fn every_message() -> Vec<(ParseError, String)> {
    let commas = ParseOptions::strict().commas(true);
    let invalid =
        |shown: &str, at: usize| format!("invalid character {shown} at byte {at}; {ALLOWED}");
    let space =
        |at: usize, expected: &str| format!("unexpected separator at byte {at}; {expected}");
    let comma =
        |at: usize, expected: &str| format!("unexpected separator at byte {at}; {expected}");
    vec![
        (
            scope_err(""),
            "empty scope; expected at least one scope-token".into(),
        ),
        (
            token_err(""),
            "empty scope; expected at least one scope-token".into(),
        ),
        (scope_err("a\"b"), invalid(r#"'"' (U+0022)"#, 1)),
        (scope_err("a\\b"), invalid(r"'\\' (U+005C)", 1)),
        (token_err("a'b c"), invalid("' ' (U+0020)", 3)),
        (scope_err("a\tb"), invalid(r"'\t' (U+0009)", 1)),
        (scope_err("a\u{7f}"), invalid(r"'\u{7f}' (U+007F)", 1)),
        (scope_err("\u{a0}"), invalid(r"'\u{a0}' (U+00A0)", 0)),
        (scope_err("a b\u{2028}"), invalid(r"'\u{2028}' (U+2028)", 3)),
        (scope_err("café"), invalid("'é' (U+00E9)", 3)),
        (scope_err("🎉"), invalid("'🎉' (U+1F389)", 0)),
        (scope_err(" a"), space(0, MUST_START)),
        (scope_err("a "), space(1, BETWEEN)),
        (scope_err("a  b"), space(2, BETWEEN)),
        (options_err(",a", &commas), comma(0, MUST_START)),
        (options_err("a,", &commas), comma(1, BETWEEN)),
        (options_err("a,,b", &commas), comma(2, BETWEEN)),
        (options_err("a, b", &commas), space(2, BETWEEN)),
        (
            options_err("a b", &ParseOptions::strict().max_bytes(2)),
            "scope longer than the limit of 2 bytes".into(),
        ),
        (
            options_err("a b", &ParseOptions::strict().max_tokens(1)),
            "too many scope-tokens: the limit is 1, and the token past it starts at byte 2".into(),
        ),
    ]
}

#[test]
fn test_display() {
    for (err, message) in every_message() {
        assert_eq!(err.to_string(), message);
        // Lowercase, without a trailing period.
        assert!(!message.ends_with('.'), "{message}");
        assert!(!message.starts_with(char::is_uppercase), "{message}");
    }
}

#[test]
fn test_debug() {
    for (err, message) in every_message() {
        assert_eq!(format!("{err:?}"), format!("ParseError(\"{message}\")"));
    }
    assert_eq!(
        format!("{:?}", scope_err("")),
        r#"ParseError("empty scope; expected at least one scope-token")"#
    );
}

#[test]
fn test_kind_and_offset() {
    let table = [
        (scope_err(""), ErrorKind::Empty, 0),
        (token_err(""), ErrorKind::Empty, 0),
        (scope_err("café"), ErrorKind::InvalidChar('é'), 3),
        (scope_err("a  b"), ErrorKind::EmptyToken, 2),
        (
            options_err("abc", &ParseOptions::strict().max_bytes(2)),
            ErrorKind::TooLong { max: 2 },
            2,
        ),
        (
            options_err("a b", &ParseOptions::strict().max_tokens(1)),
            ErrorKind::TooManyTokens { max: 1 },
            2,
        ),
    ];
    for (err, kind, offset) in table {
        assert_eq!((err.kind(), err.offset()), (kind, offset), "{err}");
    }
}

#[test]
fn test_kind_traits() {
    let table = [
        (ErrorKind::Empty, "Empty"),
        (ErrorKind::InvalidChar('"'), "InvalidChar('\"')"),
        (ErrorKind::EmptyToken, "EmptyToken"),
        (ErrorKind::TooLong { max: 8 }, "TooLong { max: 8 }"),
        (
            ErrorKind::TooManyTokens { max: 2 },
            "TooManyTokens { max: 2 }",
        ),
    ];
    for (i, (kind, debug)) in table.iter().enumerate() {
        let copy = *kind;
        assert_eq!(format!("{copy:?}"), *debug);
        for (j, (other, _)) in table.iter().enumerate() {
            assert_eq!(kind == other, i == j, "{kind:?} == {other:?}");
        }
    }
    assert_ne!(ErrorKind::InvalidChar('a'), ErrorKind::InvalidChar('b'));
    assert_ne!(ErrorKind::TooLong { max: 1 }, ErrorKind::TooLong { max: 2 });
}

#[test]
fn test_clone_and_eq() {
    // Equality is honest: two errors are equal exactly when their kind and
    // offset are, and then their messages are the same too.
    let errors = every_message();
    for (err, _) in &errors {
        assert_eq!(err.clone(), *err);
        for (other, _) in &errors {
            let same = (err.kind(), err.offset()) == (other.kind(), other.offset());
            assert_eq!(err == other, same, "{err} == {other}");
            assert_eq!(
                err.to_string() == other.to_string(),
                same,
                "{err} / {other}"
            );
        }
    }
    // The same problem at the same place in different inputs is the same error.
    assert_eq!(scope_err("a\"b"), scope_err("x\"yz"));
    assert_ne!(scope_err("a\"b"), scope_err("ab\""));
    // Whatever the options that found it.
    let commas = ParseOptions::strict().commas(true);
    assert_eq!(
        options_err("a  b", &ParseOptions::strict()),
        options_err("a  b", &commas)
    );
    assert_eq!(options_err("a,,b", &commas), scope_err("a  b"));
    assert_eq!(scope_err(""), token_err(""));
}

#[test]
fn test_std_error() {
    fn parse(text: &str) -> Result<usize, Box<dyn Error + Send + Sync>> {
        Ok(Scope::parse(text)?.len())
    }
    let err = parse("a  b").unwrap_err();
    assert!(err.source().is_none());
    assert_eq!(
        err.to_string(),
        "unexpected separator at byte 2; scope-tokens are separated by exactly one separator, and a scope must end with a scope-token"
    );
    let parse_error = err.downcast::<ParseError>().unwrap();
    assert_eq!(parse_error.kind(), ErrorKind::EmptyToken);
    assert_eq!(parse("a b").unwrap(), 2);
}
