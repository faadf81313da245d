//! Scope in URL queries (`%20`) and form bodies (`+`), both directions.

mod util;

use oauth_scope::{ErrorKind, ParseError, ScopeSet, ScopeToken};
use proptest::prelude::*;

#[test]
fn encodes_for_queries_and_forms() {
    let cases = [
        // (scope, query, form)
        ("openid", "openid", "openid"),
        ("openid email", "email%20openid", "email+openid"),
        ("read:org", "read:org", "read%3Aorg"),
        (
            "https://www.googleapis.com/auth/drive",
            "https://www.googleapis.com/auth/drive",
            "https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fdrive",
        ),
        ("a+b c%d", "a%2Bb%20c%25d", "a%2Bb+c%25d"),
        (
            "x=1&y=2 #frag",
            "%23frag%20x%3D1%26y%3D2",
            "%23frag+x%3D1%26y%3D2",
        ),
        ("~*_.-", "~%2A_.-", "%7E*_.-"),
    ];
    for (scope, query, form) in cases {
        let set = ScopeSet::parse(scope).unwrap();
        assert_eq!(set.to_query(), query, "{scope}");
        assert_eq!(set.to_form(), form, "{scope}");
        assert_eq!(ScopeSet::from_urlencoded(query).unwrap(), set, "{query}");
        assert_eq!(ScopeSet::from_urlencoded(form).unwrap(), set, "{form}");
    }
    assert_eq!(ScopeSet::new().to_query(), "");
}

#[test]
fn plus_is_a_space_in_queries_and_forms() {
    // RFC 6749 Appendix B: OAuth's query parameters are form-urlencoded.
    assert_eq!(
        ScopeSet::from_urlencoded("openid+email")
            .unwrap()
            .to_string(),
        "email openid"
    );
    assert_eq!(ScopeSet::from_urlencoded("a+b").unwrap().to_string(), "a b");
    assert_eq!(
        ScopeSet::from_urlencoded("a%2bb").unwrap().to_string(),
        "a+b"
    );
    assert_eq!(
        ScopeSet::from_urlencoded("a%2Bb").unwrap().to_string(),
        "a+b"
    );
}

type Decode = fn(&str) -> Result<ScopeSet<'static>, ParseError>;

#[test]
fn rejects_malformed_escapes_and_what_does_not_decode_to_a_scope() {
    let cases: [(Decode, &str, ErrorKind, usize, &str); 8] = [
        (ScopeSet::from_urlencoded, "a%", ErrorKind::InvalidPercentEncoding, 1, "invalid percent-encoding at byte 1; expected '%' and two hexadecimal digits"),
        (ScopeSet::from_urlencoded, "a%2", ErrorKind::InvalidPercentEncoding, 1, "invalid percent-encoding at byte 1; expected '%' and two hexadecimal digits"),
        (ScopeSet::from_urlencoded, "a%zz", ErrorKind::InvalidPercentEncoding, 1, "invalid percent-encoding at byte 1; expected '%' and two hexadecimal digits"),
        (ScopeSet::from_urlencoded, "", ErrorKind::Empty, 0, "empty scope; expected at least one scope-token"),
        (ScopeSet::from_urlencoded, "a%20%20b", ErrorKind::EmptyToken, 4, "unexpected separator at byte 4; scope-tokens are separated by exactly one separator, and a scope must end with a scope-token"),
        (ScopeSet::from_urlencoded, "a++b", ErrorKind::EmptyToken, 2, "unexpected separator at byte 2; scope-tokens are separated by exactly one separator, and a scope must end with a scope-token"),
        (ScopeSet::from_urlencoded, "caf%C3%A9", ErrorKind::InvalidChar('é'), 3, "invalid character 'é' (U+00E9) at byte 3; a scope-token allows ! # through [ and ] through ~"),
        (ScopeSet::from_urlencoded, "a%FFb", ErrorKind::InvalidChar('\u{FFFD}'), 1, "invalid character '\u{FFFD}' (U+FFFD) at byte 1; a scope-token allows ! # through [ and ] through ~"),
    ];
    for (decode, input, kind, offset, message) in cases {
        let err = decode(input).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (kind, offset), "{input}");
        assert_eq!(err.to_string(), message, "{input}");
    }
}

/// The offset is that of the first problem in the encoded text, whatever
/// its kind: a bad escape, a byte that decodes outside `NQCHAR` (not UTF-8
/// or not), or a space where none may be.
#[test]
fn reports_the_first_problem_in_the_encoded_text() {
    let fffd = ErrorKind::InvalidChar('\u{FFFD}');
    let cases: [(Decode, &str, ErrorKind, usize); 16] = [
        (
            ScopeSet::from_urlencoded,
            "a\"b%zz",
            ErrorKind::InvalidChar('"'),
            1,
        ),
        (
            ScopeSet::from_urlencoded,
            "a\"b%zz",
            ErrorKind::InvalidChar('"'),
            1,
        ),
        (
            ScopeSet::from_urlencoded,
            "\"%C3",
            ErrorKind::InvalidChar('"'),
            0,
        ),
        (
            ScopeSet::from_urlencoded,
            "\"%C3",
            ErrorKind::InvalidChar('"'),
            0,
        ),
        (
            ScopeSet::from_urlencoded,
            "a%zz\"",
            ErrorKind::InvalidPercentEncoding,
            1,
        ),
        (ScopeSet::from_urlencoded, "a%C3%zz", fffd, 1),
        (ScopeSet::from_urlencoded, "a%FF\"", fffd, 1),
        (
            ScopeSet::from_urlencoded,
            "a%22%FF",
            ErrorKind::InvalidChar('"'),
            1,
        ),
        (
            ScopeSet::from_urlencoded,
            "a+%C3%A9\"",
            ErrorKind::InvalidChar('é'),
            2,
        ),
        (
            ScopeSet::from_urlencoded,
            "é%zz",
            ErrorKind::InvalidChar('é'),
            0,
        ),
        (
            ScopeSet::from_urlencoded,
            "a++%C3%A9",
            ErrorKind::EmptyToken,
            2,
        ),
        (
            ScopeSet::from_urlencoded,
            "a%20%20%zz",
            ErrorKind::EmptyToken,
            4,
        ),
        (ScopeSet::from_urlencoded, "+%zz", ErrorKind::EmptyToken, 0),
        // A space before a bad escape or character is not a trailing space,
        // and a bad escape is not an empty scope.
        (
            ScopeSet::from_urlencoded,
            "a+%zz",
            ErrorKind::InvalidPercentEncoding,
            2,
        ),
        (ScopeSet::from_urlencoded, "a+%FF", fffd, 2),
        (
            ScopeSet::from_urlencoded,
            "%zz",
            ErrorKind::InvalidPercentEncoding,
            0,
        ),
    ];
    for (decode, input, kind, offset) in cases {
        let err = decode(input).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (kind, offset), "{input}: {err}");
    }
    let err = ScopeSet::from_urlencoded("a%20").unwrap_err();
    assert_eq!(
        err.to_string(),
        "unexpected separator at byte 1; scope-tokens are separated by exactly one separator, and a scope must end with a scope-token"
    );
    let err = ScopeSet::from_urlencoded("a+%20%zz").unwrap_err();
    assert_eq!(
        err.to_string(),
        "unexpected separator at byte 2; scope-tokens are separated by exactly one separator, and a scope must end with a scope-token"
    );
}

/// What a byte loop says is the first problem of an encoded scope: its
/// kind (`'%'` escape, `'c'` character, `' '` space, `'0'` empty) and
/// offset.
fn first_problem(input: &str) -> Option<(char, usize)> {
    let b = input.as_bytes();
    let hex = |j: usize| b.get(j).is_some_and(u8::is_ascii_hexdigit);
    let mut units = Vec::new(); // (decoded byte, where it starts)
    let mut i = 0;
    let mut bad_escape = None;
    while i < b.len() {
        match b[i] {
            b'%' if hex(i + 1) && hex(i + 2) => {
                let byte = u8::from_str_radix(&input[i + 1..i + 3], 16).unwrap();
                units.push((byte, i));
                i += 3;
            }
            b'%' => {
                bad_escape = Some(i);
                break;
            }
            b'+' => {
                units.push((b' ', i));
                i += 1;
            }
            byte => {
                units.push((byte, i));
                i += 1;
            }
        }
    }
    for (k, &(byte, at)) in units.iter().enumerate() {
        let last = k + 1 == units.len() && bad_escape.is_none();
        if byte == b' ' {
            if k == 0 || units[k - 1].0 == b' ' || last {
                return Some((' ', at));
            }
        } else if !util::is_nqchar(byte) {
            return Some(('c', at));
        }
    }
    match bad_escape {
        Some(at) => Some(('%', at)),
        None if units.is_empty() => Some(('0', 0)),
        None => None,
    }
}

proptest! {
    #![proptest_config(util::proptest_config(concat!(env!("CARGO_MANIFEST_DIR"), "/proptest-regressions/test_encoding.txt"), 512))]

    #[test]
    fn round_trips(tokens in proptest::collection::vec("[!#-\\[\\]-~]{1,6}", 1..6)) {
        let set: ScopeSet<'_> = tokens.iter().map(|t| ScopeToken::new(t).unwrap()).collect();
        let query = set.to_query();
        let form = set.to_form();
        prop_assert!(!query.contains(' ') && !query.contains('+') && !query.contains('&'));
        prop_assert!(!form.contains(' ') && !form.contains('&') && !form.contains('='));
        prop_assert_eq!(ScopeSet::from_urlencoded(&query), Ok(set.clone().into_owned()));
        prop_assert_eq!(ScopeSet::from_urlencoded(&form), Ok(set.into_owned()));
    }

    #[test]
    fn reports_the_problem_the_byte_loop_finds_first(
        input in "([a\"+%é]|%[0-9A-Fa-f]{2}|%[2CF][0-9A-Fz]){0,8}",
    ) {
        for decode in [ScopeSet::from_urlencoded, ScopeSet::from_urlencoded] {
            let got = decode(&input).err().map(|err| {
                let kind = match err.kind() {
                    ErrorKind::InvalidPercentEncoding => '%',
                    ErrorKind::InvalidChar(_) => 'c',
                    ErrorKind::EmptyToken => ' ',
                    ErrorKind::Empty => '0',
                    other => panic!("{other:?}"),
                };
                (kind, err.offset())
            });
            prop_assert_eq!(got, first_problem(&input), "{:?}", input);
        }
    }

    #[test]
    fn decoding_never_panics(input in "[ -~\u{e9}]{0,24}") {
        for result in [ScopeSet::from_urlencoded(&input), ScopeSet::from_urlencoded(&input)] {
            if let Err(err) = result {
                prop_assert!(err.offset() <= input.len());
            }
        }
    }
}

#[test]
#[allow(deprecated)]
fn the_old_names_of_the_decoder_read_the_same() {
    for input in ["openid%20email", "openid+email", "a%2", "x%22"] {
        let one = ScopeSet::from_urlencoded(input);
        assert_eq!(ScopeSet::from_query(input), one, "{input}");
        assert_eq!(ScopeSet::from_form(input), one, "{input}");
    }
}
