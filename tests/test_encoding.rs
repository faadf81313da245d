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
        assert_eq!(ScopeSet::from_query(query).unwrap(), set, "{query}");
        assert_eq!(ScopeSet::from_form(form).unwrap(), set, "{form}");
    }
    assert_eq!(ScopeSet::new().to_query(), "");
}

#[test]
fn plus_is_a_space_in_queries_and_forms() {
    // RFC 6749 Appendix B: OAuth's query parameters are form-urlencoded.
    assert_eq!(
        ScopeSet::from_query("openid+email").unwrap().to_string(),
        "email openid"
    );
    assert_eq!(ScopeSet::from_form("a+b").unwrap().to_string(), "a b");
    assert_eq!(ScopeSet::from_query("a%2bb").unwrap().to_string(), "a+b");
    assert_eq!(ScopeSet::from_form("a%2Bb").unwrap().to_string(), "a+b");
}

type Decode = fn(&str) -> Result<ScopeSet<'static>, ParseError>;

#[test]
fn rejects_malformed_escapes_and_what_does_not_decode_to_a_scope() {
    let cases: [(Decode, &str, ErrorKind, usize, &str); 8] = [
        (ScopeSet::from_query, "a%", ErrorKind::InvalidPercentEncoding, 1, "invalid percent-encoding at byte 1; expected '%' and two hexadecimal digits"),
        (ScopeSet::from_query, "a%2", ErrorKind::InvalidPercentEncoding, 1, "invalid percent-encoding at byte 1; expected '%' and two hexadecimal digits"),
        (ScopeSet::from_form, "a%zz", ErrorKind::InvalidPercentEncoding, 1, "invalid percent-encoding at byte 1; expected '%' and two hexadecimal digits"),
        (ScopeSet::from_query, "", ErrorKind::Empty, 0, "empty scope; expected at least one scope-token"),
        (ScopeSet::from_query, "a%20%20b", ErrorKind::EmptyToken, 4, "unexpected space at byte 4; scope-tokens are separated by exactly one space"),
        (ScopeSet::from_form, "a++b", ErrorKind::EmptyToken, 2, "unexpected space at byte 2; scope-tokens are separated by exactly one space"),
        (ScopeSet::from_form, "caf%C3%A9", ErrorKind::InvalidChar('é'), 3, "invalid character 'é' (U+00E9) at byte 3; a scope-token allows ! # through [ and ] through ~"),
        (ScopeSet::from_query, "a%FFb", ErrorKind::InvalidChar('\u{FFFD}'), 1, "invalid character '\u{FFFD}' (U+FFFD) at byte 1; a scope-token allows ! # through [ and ] through ~"),
    ];
    for (decode, input, kind, offset, message) in cases {
        let err = decode(input).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (kind, offset), "{input}");
        assert_eq!(err.to_string(), message, "{input}");
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
        prop_assert_eq!(ScopeSet::from_query(&query), Ok(set.clone().into_owned()));
        prop_assert_eq!(ScopeSet::from_form(&form), Ok(set.into_owned()));
    }

    #[test]
    fn decoding_never_panics(input in "[ -~\u{e9}]{0,24}") {
        for result in [ScopeSet::from_query(&input), ScopeSet::from_form(&input)] {
            if let Err(err) = result {
                prop_assert!(err.offset() <= input.len());
            }
        }
    }
}
