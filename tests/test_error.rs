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

#[test]
fn annotate_puts_the_caret_under_the_problem() {
    // (input, the annotation)
    let cases = [
        (
            "openid email\tprofile",
            "openid email\\tprofile\n            ^",
        ),
        ("a  b", "a  b\n  ^"),
        ("", "\n^"),
        ("café au", "café au\n   ^"),
        // A bidi override would reverse what follows; it is escaped, and
        // the caret counts the escape.
        ("a b\u{202e}c", "a b\\u{202e}c\n   ^"),
        ("x\u{200b} y\u{7f}", "x\\u{200b} y\\u{7f}\n ^"),
        ("a\r\nb", "a\\r\\nb\n ^"),
    ];
    for (input, shown) in cases {
        let err = ScopeSet::parse(input).unwrap_err();
        assert_eq!(err.annotate(input).to_string(), shown, "{input:?}: {err}");
    }
    // An offset past the input, or inside a character, of another text.
    let err = scope_err("abcdefgh\"");
    assert_eq!(err.annotate("ab").to_string(), "ab\n  ^");
    let err = scope_err("a\"");
    assert_eq!(err.annotate("é").to_string(), "é\n^");
}

#[test]
fn every_kind_has_a_stable_code() {
    let kinds = [
        (ErrorKind::Empty, "empty"),
        (ErrorKind::InvalidChar('\t'), "invalid_char"),
        (ErrorKind::EmptyToken, "empty_token"),
        (ErrorKind::TooLong { max: 8 }, "too_long"),
        (ErrorKind::TooManyTokens { max: 2 }, "too_many_tokens"),
        (
            ErrorKind::InvalidPercentEncoding,
            "invalid_percent_encoding",
        ),
    ];
    for (kind, code) in kinds {
        assert_eq!(kind.code(), code, "{kind:?}");
    }
}

/// Each phase's error converts into `oauth_scope::Error` with `?`, shows
/// the same text, and its `source()` is the error behind it, if any.
#[test]
fn one_error_type_takes_every_phase() {
    use oauth_scope::{Challenge, Hierarchy, Requirement};

    fn run(step: impl FnOnce() -> oauth_scope::Result<()>) -> oauth_scope::Error {
        step().unwrap_err()
    }
    let errors = [
        run(|| ScopeSet::parse("a  b").map(drop).map_err(Into::into)),
        run(|| {
            Hierarchy::builder().imply("a b", "c").build()?;
            Ok(())
        }),
        run(|| {
            Hierarchy::from_rules("wildcard :\nwildcard .")?;
            Ok(())
        }),
        run(|| {
            let _: Requirement = r#""a" ( "b""#.parse()?;
            Ok(())
        }),
        run(|| {
            Challenge::parse(r#"Bearer scope="a  b""#)?;
            Ok(())
        }),
        run(|| {
            let granted = ScopeSet::parse("read")?;
            Requirement::parse("write")?.check(&granted, &Hierarchy::exact())?;
            Ok(())
        }),
    ];
    let expected: [(&str, &str, Option<&str>); 6] = [
        (
            "Parse",
            "unexpected separator at byte 2; scope-tokens are separated by exactly one separator, and a scope must end with a scope-token",
            None,
        ),
        (
            "Build",
            "rule at index 0: invalid token: invalid character ' ' (U+0020) at byte 1; a scope-token allows ! # through [ and ] through ~",
            Some("invalid character ' ' (U+0020) at byte 1; a scope-token allows ! # through [ and ] through ~"),
        ),
        (
            "Rules",
            "line 2: second wildcard separator '.' (U+002E); a hierarchy takes one wildcard separator",
            Some("rule at index 1: second wildcard separator '.' (U+002E); a hierarchy takes one wildcard separator"),
        ),
        (
            "Requirement",
            "unclosed group at byte 4; a '(' needs a ')' after the requirement it groups",
            None,
        ),
        (
            "Challenge",
            "invalid scope value at byte 14: unexpected separator at byte 2; scope-tokens are separated by exactly one separator, and a scope must end with a scope-token",
            Some("unexpected separator at byte 2; scope-tokens are separated by exactly one separator, and a scope must end with a scope-token"),
        ),
        (
            "Scope",
            "the access token lacks the required scope: write",
            None,
        ),
    ];
    for (err, (variant, shown, source)) in errors.iter().zip(expected) {
        assert!(format!("{err:?}").starts_with(variant), "{err:?}");
        assert_eq!(err.to_string(), shown);
        assert_eq!(
            err.source()
                .map(std::string::ToString::to_string)
                .as_deref(),
            source,
            "{err}"
        );
    }
}

#[test]
fn kinds_of_the_other_phases_name_themselves() {
    use oauth_scope::{
        BuildErrorKind, Challenge, ChallengeErrorKind, ErrorCode, Hierarchy, Requirement,
        RequirementErrorKind, RulesErrorKind, ScopeErrorKind,
    };

    let err = Hierarchy::builder()
        .nested("", '*')
        .wildcard(':')
        .build()
        .unwrap_err();
    assert_eq!(
        (err.rule(), err.kind()),
        (1, BuildErrorKind::NestedWildcard('*'))
    );
    assert_eq!(err.kind().code(), "nested_wildcard");

    let err = Hierarchy::from_rules("a => b\nchain x").unwrap_err();
    assert_eq!((err.line(), err.kind()), (2, RulesErrorKind::ChainArity));
    assert!(err.source().is_none());
    let err = Hierarchy::from_rules("a => b c\"").unwrap_err();
    assert_eq!(err.kind(), RulesErrorKind::InvalidToken);
    assert_eq!(
        err.source().unwrap().to_string(),
        "invalid character '\"' (U+0022) at byte 1; a scope-token allows ! # through [ and ] through ~"
    );

    let err = Requirement::parse("a\u{e9}").unwrap_err();
    let RequirementErrorKind::InvalidScope(scope) = err.kind() else {
        panic!("{err}");
    };
    assert_eq!(
        (scope.kind(), err.offset()),
        (ErrorKind::InvalidChar('\u{e9}'), 1)
    );
    assert_eq!(err.source().unwrap().to_string(), scope.to_string());
    let err = r#""a"  "b""#.parse::<Requirement>().unwrap_err();
    assert_eq!(err.kind(), RequirementErrorKind::UnexpectedSpace);
    assert_eq!(
        err.to_string(),
        "unexpected space at byte 4; the items of a requirement are separated by exactly one space"
    );

    for (header, kind) in [
        ("Basic abc", ChallengeErrorKind::NoBearer),
        (
            r#"Bearer realm="a", realm="b""#,
            ChallengeErrorKind::DuplicateParameter,
        ),
        (r#"Bearer scope="""#, ChallengeErrorKind::InvalidScope),
        (r#"Bearer realm="a"#, ChallengeErrorKind::Syntax),
    ] {
        let err = Challenge::parse(header).unwrap_err();
        assert_eq!(err.kind(), kind, "{header}: {err}");
        assert_eq!(
            err.source().is_some(),
            kind == ChallengeErrorKind::InvalidScope
        );
    }

    let original = ScopeSet::parse("read").unwrap();
    let err = original
        .refresh(
            Some(&ScopeSet::parse("write").unwrap()),
            &Hierarchy::exact(),
        )
        .unwrap_err();
    assert_eq!(err.kind(), ScopeErrorKind::NotGranted);
    assert_eq!(err.error_code(), ErrorCode::INVALID_SCOPE);
    assert_eq!(err.error_code(), "invalid_scope");
    assert_eq!(err.error_code().status_code(), Some(400));
}

#[test]
#[allow(deprecated)]
fn bearer_error_is_the_old_name_of_error_code() {
    use oauth_scope::{BearerError, ErrorCode};

    let old: BearerError = BearerError::INSUFFICIENT_SCOPE;
    assert_eq!(old, ErrorCode::INSUFFICIENT_SCOPE);
    assert_eq!(
        ErrorCode::new("invalid_scope").unwrap(),
        ErrorCode::INVALID_SCOPE
    );
    assert_eq!("invalid_token", ErrorCode::INVALID_TOKEN);
}

#[test]
fn annotate_escapes_the_hangul_fillers_too() {
    // `char::escape_debug` leaves these letters that draw nothing as they
    // are; shown raw, the caret would point at a blank.
    for (c, escaped) in [
        ('\u{115f}', "\\u{115f}"),
        ('\u{1160}', "\\u{1160}"),
        ('\u{3164}', "\\u{3164}"),
        ('\u{ffa0}', "\\u{ffa0}"),
    ] {
        let input = format!("a{c}b c");
        let err = ScopeSet::parse(&input).unwrap_err();
        let shown = err.annotate(&input);
        assert_eq!(shown.to_string(), format!("a{escaped}b c\n ^"));
        let err = ScopeSet::parse(&format!("{c}")).unwrap_err();
        let later = format!("{c} \u{7f}");
        assert_eq!(
            oauth_scope::Annotated::new(&later, later.len() - 1).column(),
            escaped.len() + 1,
            "{err}"
        );
    }
}

/// `Authorization: Bearer` (RFC 6750 §2.1) and `DPoP` (RFC 9449 §7.1).
#[test]
fn credentials_read_bearer_and_dpop_tokens() {
    use oauth_scope::{AuthScheme, Credentials, CredentialsErrorKind};

    // (header, scheme and token)
    let read = [
        (
            "Bearer mF_9.B5f-4.1JqM",
            AuthScheme::Bearer,
            "mF_9.B5f-4.1JqM",
        ),
        ("bearer abc", AuthScheme::Bearer, "abc"),
        ("BEARER   abc==", AuthScheme::Bearer, "abc=="),
        ("  Bearer a~b+c/d  ", AuthScheme::Bearer, "a~b+c/d"),
        (
            "DPoP Kz~8mXK1EalYznwH",
            AuthScheme::DPoP,
            "Kz~8mXK1EalYznwH",
        ),
        ("dpop x", AuthScheme::DPoP, "x"),
    ];
    for (header, scheme, token) in read {
        let c = Credentials::parse(header).unwrap().unwrap();
        assert_eq!((c.scheme(), c.token()), (scheme, token), "{header:?}");
    }
    // Other schemes are no credentials of these two.
    for header in [
        "Basic YWxhZGRpbjpvcGVuc2VzYW1l",
        "Bearerabc",
        "Digest x=1",
        "Bear abc",
    ] {
        assert_eq!(Credentials::parse(header), Ok(None), "{header:?}");
    }
    // (header, kind, offset)
    let refused = [
        ("", CredentialsErrorKind::Empty, None),
        ("  ", CredentialsErrorKind::Empty, None),
        ("Bearer", CredentialsErrorKind::MissingToken, Some(6)),
        ("Bearer ", CredentialsErrorKind::MissingToken, Some(6)),
        ("Bearer a b", CredentialsErrorKind::Malformed, Some(8)),
        ("Bearer ab=c", CredentialsErrorKind::Malformed, Some(9)),
        ("Bearer ===", CredentialsErrorKind::Malformed, Some(7)),
        ("Bearer a,b", CredentialsErrorKind::Malformed, Some(8)),
        ("Bearer\tabc", CredentialsErrorKind::Malformed, Some(6)),
        ("DPoP tok\u{e9}n", CredentialsErrorKind::Malformed, Some(8)),
    ];
    for (header, kind, offset) in refused {
        let err = Credentials::parse(header).unwrap_err();
        assert_eq!(
            (err.kind(), err.offset()),
            (kind, offset),
            "{header:?}: {err}"
        );
        assert_eq!(err.error_code(), "invalid_request");
        let any: oauth_scope::Error = err.into();
        assert_eq!(any.to_string(), err.to_string());
    }
}
