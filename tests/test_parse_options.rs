//! `ParseOptions`: the lenient separators, commas, whitespace and the limits.

mod util;

use oauth_scope::{ErrorKind, ParseOptions, ScopeSet};

use crate::util::{assert_err, assert_err_msg, set, set_with, BETWEEN, GOOGLE, MUST_START};

/// Asserts the canonical text of each input's set under `options`.
#[track_caller]
fn assert_sets(options: &ParseOptions, table: &[(&str, &str)]) {
    for &(text, canonical) in table {
        assert_eq!(
            set_with(text, options).to_string(),
            canonical,
            "{text:?} under {options:?}"
        );
    }
}

/// Asserts the error kind and offset of each input under `options`.
#[track_caller]
fn assert_errors(options: &ParseOptions, table: &[(&str, ErrorKind, usize)]) {
    for &(text, kind, offset) in table {
        assert_err(ScopeSet::parse_with(text, options), kind, offset);
    }
}

#[test]
fn test_default_is_strict() {
    assert_eq!(ParseOptions::default(), ParseOptions::strict());
    for text in ["a b", "b a b", GOOGLE, "", " a", "a  b", "a\tb", "a,b"] {
        assert_eq!(
            ScopeSet::parse_with(text, &ParseOptions::default()),
            ScopeSet::parse(text),
            "{text:?}"
        );
    }
}

#[test]
fn test_lenient_spaces() {
    assert_sets(
        &ParseOptions::lenient(),
        &[
            ("", ""),
            (" ", ""),
            ("     ", ""),
            ("a", "a"),
            ("a  b", "a b"),
            ("b   a b", "a b"),
            ("  a b  ", "a b"),
            (" openid", "openid"),
            ("openid ", "openid"),
            ("repo,gist", "repo,gist"),
            (GOOGLE, &set(GOOGLE).to_string()),
        ],
    );
}

#[test]
fn test_lenient_errors() {
    use ErrorKind::InvalidChar;
    assert_errors(
        &ParseOptions::lenient(),
        &[
            ("a\tb", InvalidChar('\t'), 1),
            ("  a  \"b", InvalidChar('"'), 5),
            ("   \\", InvalidChar('\\'), 3),
            ("a   b\u{7f}", InvalidChar('\u{7f}'), 5),
            ("  café ", InvalidChar('é'), 5),
            ("a\r\n", InvalidChar('\r'), 1),
        ],
    );
}

#[test]
fn test_commas() {
    let github = ParseOptions::lenient().commas(true);
    assert_sets(
        &github,
        &[
            ("repo,gist", "gist repo"),
            ("repo, user", "repo user"),
            (" repo, gist,,user ", "gist repo user"),
            ("repo ,user", "repo user"),
            (",", ""),
            (", ,", ""),
            ("admin:org,read:org,admin:org", "admin:org read:org"),
        ],
    );
    assert_errors(
        &github,
        &[
            ("repo,\tgist", ErrorKind::InvalidChar('\t'), 5),
            ("a,, é", ErrorKind::InvalidChar('é'), 4),
        ],
    );
}

#[test]
fn test_whitespace() {
    let ws = ParseOptions::lenient().whitespace(true);
    assert_sets(
        &ws,
        &[
            ("a\tb", "a b"),
            ("a\r\nb", "a b"),
            ("\ta\nb\r", "a b"),
            (" \t\r\n ", ""),
            ("a,b", "a,b"),
        ],
    );
    assert_sets(
        &ws.clone().commas(true),
        &[("a,\tb,\r\nc", "a b c"), (" , \t\r\n", "")],
    );
    // Form feed and vertical tab are not HTAB, CR or LF.
    assert_errors(
        &ws,
        &[
            ("a\u{c}b", ErrorKind::InvalidChar('\u{c}'), 1),
            ("a \u{b}", ErrorKind::InvalidChar('\u{b}'), 2),
        ],
    );
}

#[test]
fn test_unicode_whitespace_is_never_a_separator() {
    let every_switch = [
        ParseOptions::strict(),
        ParseOptions::strict().commas(true).whitespace(true),
        ParseOptions::lenient(),
        ParseOptions::lenient().commas(true).whitespace(true),
    ];
    for options in &every_switch {
        for c in ['\u{a0}', '\u{2003}', '\u{3000}', '\u{2028}', '\u{85}'] {
            let table = [
                (format!("a{c}b"), 1),
                (format!("{c}a"), 0),
                (format!("a b {c}"), 4),
            ];
            for (text, offset) in table {
                assert_err(
                    ScopeSet::parse_with(&text, options),
                    ErrorKind::InvalidChar(c),
                    offset,
                );
            }
        }
    }
}

/// Asserts `EmptyToken` errors under strict `options`: (input, offset, the
/// message's name for the separator, what the message expects).
#[track_caller]
fn assert_separator_errors(options: &ParseOptions, table: &[(&str, usize, &str)]) {
    for &(text, offset, expected) in table {
        assert_err_msg(
            ScopeSet::parse_with(text, options),
            ErrorKind::EmptyToken,
            offset,
            &format!("unexpected separator at byte {offset}; {expected}"),
        );
    }
}

#[test]
fn test_strict_with_commas() {
    let options = ParseOptions::strict().commas(true);
    assert_sets(
        &options,
        &[("a,b", "a b"), ("a b", "a b"), ("b,a b", "a b"), ("a", "a")],
    );
    assert_separator_errors(
        &options,
        &[
            (",", 0, MUST_START),
            (",a", 0, MUST_START),
            (" a", 0, MUST_START),
            ("a,", 1, BETWEEN),
            ("a ", 1, BETWEEN),
            ("a,,b", 2, BETWEEN),
            ("a, b", 2, BETWEEN),
            ("a ,b", 2, BETWEEN),
        ],
    );
    assert_errors(
        &options,
        &[
            ("", ErrorKind::Empty, 0),
            ("a\tb", ErrorKind::InvalidChar('\t'), 1),
        ],
    );
}

#[test]
fn test_strict_with_whitespace() {
    let options = ParseOptions::strict().whitespace(true);
    assert_sets(&options, &[("a\tb", "a b"), ("a\nb\rc d", "a b c d")]);
    assert_separator_errors(
        &options,
        &[
            ("\ta", 0, MUST_START),
            ("a\n", 1, BETWEEN),
            ("a\r\nb", 2, BETWEEN),
            ("a\t b", 2, BETWEEN),
        ],
    );
}

#[test]
fn test_max_bytes() {
    let table = [
        (ParseOptions::strict().max_bytes(12), "openid email", Ok(2)),
        (
            ParseOptions::strict().max_bytes(11),
            "openid email",
            Err(11),
        ),
        (ParseOptions::strict().max_bytes(0), "a", Err(0)),
        (ParseOptions::lenient().max_bytes(0), "", Ok(0)),
        (ParseOptions::lenient().max_bytes(3), "  a", Ok(1)),
        (ParseOptions::lenient().max_bytes(3), "  a ", Err(3)),
        // The length is checked before anything else.
        (ParseOptions::strict().max_bytes(1), "\"\"", Err(1)),
        (ParseOptions::strict().max_bytes(2), "a  ", Err(2)),
    ];
    for (options, text, expected) in table {
        let result = ScopeSet::parse_with(text, &options);
        match expected {
            Ok(len) => assert_eq!(result.map(|s| s.len()), Ok(len), "{text:?}"),
            Err(max) => assert_err_msg(
                result,
                ErrorKind::TooLong { max },
                max,
                &format!("scope longer than the limit of {max} bytes"),
            ),
        }
    }
    // A limit inside a multi-byte character: the offset is where it starts.
    for (max, offset) in [(2, 1), (3, 3)] {
        let text = "aé b";
        let options = ParseOptions::lenient().max_bytes(max);
        let err = ScopeSet::parse_with(text, &options).unwrap_err();
        assert_eq!(
            (err.kind(), err.offset()),
            (ErrorKind::TooLong { max }, offset)
        );
        assert_eq!(&text[..err.offset()], &text[..offset]);
    }
    // Not a limit: strict form still refuses "".
    assert_err(
        ScopeSet::parse_with("", &ParseOptions::strict().max_bytes(0)),
        ErrorKind::Empty,
        0,
    );
}

fn github() -> ParseOptions {
    ParseOptions::lenient().commas(true)
}

#[test]
fn test_max_tokens() {
    let strict: fn() -> ParseOptions = ParseOptions::strict;
    let lenient: fn() -> ParseOptions = ParseOptions::lenient;
    // (mode, limit, input, Ok(set length) or Err(offset of the first token past the limit))
    let table = [
        (strict, 2, "a b", Ok(2)),
        (strict, 2, "a b c", Err(4)),
        (strict, 1, "openid email", Err(7)),
        // Counted before repeats are removed.
        (strict, 2, "a a a", Err(4)),
        (lenient, 2, "  a   a   a", Err(10)),
        (github, 2, "a,,b, c", Err(6)),
        (strict, 0, "a", Err(0)),
        (lenient, 0, "   b", Err(3)),
        (lenient, 0, "", Ok(0)),
        (lenient, 0, "   ", Ok(0)),
        // The first problem wins: here the token past the limit starts
        // before the bad character.
        (strict, 1, "a b\"", Err(2)),
        (strict, usize::MAX, "a b c", Ok(3)),
    ];
    for (mode, max, text, expected) in table {
        let result = ScopeSet::parse_with(text, &mode().max_tokens(max));
        match expected {
            Ok(len) => assert_eq!(result.map(|s| s.len()), Ok(len), "{text:?}"),
            Err(offset) => assert_err_msg(
                result,
                ErrorKind::TooManyTokens { max },
                offset,
                &format!(
                    "too many scope-tokens: the limit is {max}, and the token past it starts at byte {offset}"
                ),
            ),
        }
    }
    // A bad character before the token past the limit wins.
    assert_err(
        ScopeSet::parse_with("a \"b c", &strict().max_tokens(1)),
        ErrorKind::InvalidChar('"'),
        2,
    );
}

#[test]
fn test_limits_together() {
    let options = ParseOptions::strict().max_bytes(5).max_tokens(1);
    assert_err(
        ScopeSet::parse_with("a b c", &options),
        ErrorKind::TooManyTokens { max: 1 },
        2,
    );
    // Over both limits: the length is checked first.
    assert_err(
        ScopeSet::parse_with("a b c d", &options),
        ErrorKind::TooLong { max: 5 },
        5,
    );
}

#[test]
fn test_builder_last_call_wins() {
    let options = ParseOptions::lenient()
        .commas(true)
        .commas(false)
        .whitespace(false)
        .whitespace(true)
        .max_tokens(1)
        .max_tokens(3);
    assert_eq!(set_with("a,b\tc d", &options).to_string(), "a,b c d");
    assert_eq!(options.clone(), options);
    assert_ne!(options, ParseOptions::lenient().whitespace(true));
}
