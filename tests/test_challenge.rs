//! RFC 6750 §3 challenges: rendering, refusing what cannot be rendered,
//! parsing headers with several challenges, and the round trip.

mod util;

use oauth_scope::{Challenge, ErrorCode, ErrorKind, Hierarchy, Requirement, ScopeSet};
use proptest::prelude::*;

fn set(s: &str) -> ScopeSet<'_> {
    ScopeSet::parse(s).unwrap()
}

#[test]
fn renders_the_rfc_examples_exactly() {
    // RFC 6750 §3.
    let c = Challenge::new().with_realm("example").unwrap();
    assert_eq!(c.to_string(), r#"Bearer realm="example""#);
    let c = Challenge::new()
        .with_realm("example")
        .unwrap()
        .with_error(ErrorCode::INVALID_TOKEN)
        .with_error_description("The access token expired")
        .unwrap();
    assert_eq!(
        c.to_string(),
        r#"Bearer realm="example", error="invalid_token", error_description="The access token expired""#
    );
    assert_eq!(c.status_code(), 401);
}

#[test]
fn escapes_quotes_and_backslashes_in_realm_and_extensions() {
    // RFC 9110 §5.6.4: a quoted-string carries `"` and `\` as quoted-pairs.
    let c = Challenge::new()
        .with_realm(r#"the "staff" API \ v2"#)
        .unwrap()
        .with_scope(&set("read"))
        .with_extension("x-note", "tab\there")
        .unwrap()
        .with_extension("x-empty", "")
        .unwrap();
    let header = c.to_string();
    assert_eq!(
        header,
        "Bearer realm=\"the \\\"staff\\\" API \\\\ v2\", scope=\"read\", \
         x-note=\"tab\there\", x-empty=\"\""
    );
    let back = Challenge::parse(&header).unwrap();
    assert_eq!(back, c);
    for value in [
        "\"",
        "\\",
        "",
        "\\\"",
        "ends with \\",
        "\"\"\\\\",
        "\t",
        " ",
    ] {
        let c = Challenge::new()
            .with_realm(value)
            .unwrap()
            .with_extension("x", value)
            .unwrap();
        let header = c.to_string();
        assert_eq!(Challenge::parse(&header), Ok(c), "{header}");
    }
    assert_eq!(back.realm(), Some(r#"the "staff" API \ v2"#));
    assert_eq!(
        back.extensions().collect::<Vec<_>>(),
        [("x-note", "tab\there"), ("x-empty", "")]
    );
}

#[test]
fn status_codes() {
    let cases = [
        (None, 401),
        (Some(ErrorCode::INVALID_REQUEST), 400),
        (Some(ErrorCode::INVALID_TOKEN), 401),
        (Some(ErrorCode::INSUFFICIENT_SCOPE), 403),
        (Some(ErrorCode::new("use_dpop_nonce").unwrap()), 401),
    ];
    for (error, status) in cases {
        let c = match error {
            Some(e) => Challenge::new().with_error(e),
            None => Challenge::new(),
        };
        assert_eq!(c.status_code(), status, "{c}");
    }
}

#[test]
fn built_from_a_requirement_names_the_whole_required_scope() {
    let need = Requirement::all_of([
        Requirement::parse("repo:status").unwrap(),
        Requirement::parse("workflow").unwrap(),
    ]);
    let h = Hierarchy::github();
    // Not only the missing `workflow`: asking for that alone would lose
    // `repo:status` (RFC 6750 §3 "the required scope"; MCP: "all scopes
    // required for the current operation in a single challenge").
    let c = Challenge::for_requirement(&need, &set("repo"), &h).unwrap();
    assert_eq!(
        c.to_string(),
        r#"Bearer scope="repo:status workflow", error="insufficient_scope""#
    );
    assert_eq!(c.status_code(), 403);
    assert!(Challenge::for_requirement(&need, &set("repo workflow"), &h).is_none());
    let c = Challenge::insufficient_scope(&ScopeSet::new());
    assert_eq!(c.to_string(), r#"Bearer error="insufficient_scope""#);

    // The round trip that used to go in circles, and an any-of.
    let exact = Hierarchy::exact();
    let cases = [
        ("api:write api:read", "api:read", "api:read api:write"),
        ("api:write api:read", "api:write", "api:read api:write"),
        (
            r#""api:write api:read" | "api:admin""#,
            "",
            "api:read api:write",
        ),
        (
            r#""api:write api:read" | "api:admin""#,
            "api:read",
            "api:read api:write",
        ),
        (
            r#""api:admin" | "api:write api:read""#,
            "api:read",
            "api:admin",
        ),
        (
            r#""api:read" ( "api:write" | "api:admin" )"#,
            "api:write",
            "api:read api:write",
        ),
    ];
    for (need, granted, named) in cases {
        let need: Requirement = need.parse().unwrap();
        let granted = ScopeSet::parse_with(granted, &oauth_scope::ParseOptions::lenient()).unwrap();
        let c = Challenge::for_requirement(&need, &granted, &exact).unwrap();
        assert_eq!(
            c.scope(),
            Some(&set(named).into_owned()),
            "{need} with {granted:?}"
        );
        assert_eq!(c.error(), Some(&ErrorCode::INSUFFICIENT_SCOPE));
        // What it names meets the requirement, together with the grant.
        assert!(need.is_satisfied_by(&granted.union(c.scope().unwrap()), &exact));
    }
    // No token: nothing to name, still refused.
    let c = Challenge::for_requirement(&Requirement::nothing(), &set("a"), &exact).unwrap();
    assert_eq!(c.to_string(), r#"Bearer error="insufficient_scope""#);
}

#[test]
fn carries_resource_metadata() {
    // RFC 9728 §5.1.
    let url = "https://resource.example.com/.well-known/oauth-protected-resource";
    let c = Challenge::new()
        .with_realm("api")
        .unwrap()
        .with_scope(&set("files:read"))
        .with_error(ErrorCode::INVALID_TOKEN)
        .with_error_uri("https://e.example/x")
        .unwrap()
        .with_resource_metadata(url)
        .unwrap()
        .with_extension("x-a", "b")
        .unwrap();
    assert_eq!(c.resource_metadata(), Some(url));
    let header = c.to_string();
    assert_eq!(
        header,
        format!(
            r#"Bearer realm="api", scope="files:read", error="invalid_token", error_uri="https://e.example/x", resource_metadata="{url}", x-a="b""#
        )
    );
    assert_eq!(Challenge::parse(&header).as_ref(), Ok(&c));
    // Case-insensitive name, token or quoted value, any position.
    let c = Challenge::parse(&format!(
        "DPoP algs=ES256, Bearer Resource_Metadata=\"{url}\", scope=a"
    ))
    .unwrap();
    assert_eq!(c.resource_metadata(), Some(url));
    assert_eq!(c.extensions().count(), 0);

    // The characters of error_uri: no space, '"' or '\', not empty.
    let b = Challenge::new;
    assert_eq!(
        b().with_resource_metadata("https://e.example/a b")
            .unwrap_err()
            .to_string(),
        "invalid character ' ' (U+0020) at byte 19 of the resource_metadata value; \
         expected printable ASCII without space, '\"' and '\\'"
    );
    assert_eq!(
        b().with_resource_metadata("").unwrap_err().to_string(),
        "empty resource_metadata value"
    );
    assert!(b().with_resource_metadata("https://e.example/é").is_err());
    let err = Challenge::parse(r#"Bearer resource_metadata="a b""#).unwrap_err();
    assert_eq!(err.offset(), Some(26));
    assert!(Challenge::parse(r#"Bearer resource_metadata="""#).is_err());
    assert!(Challenge::parse(r#"Bearer resource_metadata="a", RESOURCE_METADATA="b""#).is_err());
    // It is a standard parameter now, not an extension.
    assert!(b().with_extension("resource_metadata", "x").is_err());
}

#[test]
fn refuses_values_it_cannot_render() {
    let b = Challenge::new;
    let cases: Vec<(Result<Challenge, oauth_scope::ChallengeError>, &str)> = vec![
        (
            b().with_realm("café"),
            "invalid character 'é' (U+00E9) at byte 3 of the realm value; \
             expected printable ASCII, space or tab",
        ),
        (
            b().with_extension("x", "line\nbreak"),
            r"invalid character '\n' (U+000A) at byte 4 of the x value",
        ),
        (
            b().with_error_description(""),
            "empty error_description value",
        ),
        (
            b().with_error_description("tab\there"),
            r"invalid character '\t' (U+0009) at byte 3 of the error_description value",
        ),
        (
            b().with_error_description("back\\slash"),
            r"invalid character '\\' (U+005C) at byte 4 of the error_description value",
        ),
        (
            b().with_error_description("naïve"),
            "invalid character 'ï' (U+00EF) at byte 2 of the error_description value",
        ),
        (
            b().with_error_uri("https://e.example/a b"),
            "invalid character ' ' (U+0020) at byte 19 of the error_uri value",
        ),
        (
            b().with_extension("bad name", "x"),
            r#"invalid parameter name "bad name": expected an RFC 9110 token"#,
        ),
        (
            b().with_extension("REALM", "x"),
            r#"parameter "REALM" given twice"#,
        ),
        (
            b().with_extension("x", "1")
                .unwrap()
                .with_extension("X", "2"),
            r#"parameter "X" given twice"#,
        ),
    ];
    for (result, message) in cases {
        let text = result.unwrap_err().to_string();
        assert!(text.starts_with(message), "{text}");
    }
    assert!(ErrorCode::new("").is_err());
    assert!(ErrorCode::new("a\\b").is_err());
}

#[test]
fn parses_headers_with_several_challenges() {
    let cases = [
        // (header, realm, scope, error)
        (r#"Bearer realm="example""#, Some("example"), None, None),
        (
            r#"Basic realm="x", Bearer realm="y", error="invalid_token""#,
            Some("y"),
            None,
            Some("invalid_token"),
        ),
        (
            r#"DPoP algs="ES256 PS256", bearer ERROR=insufficient_scope, Scope="a b""#,
            None,
            Some("a b"),
            Some("insufficient_scope"),
        ),
        (
            r#"Negotiate, Basic dXNlcjpwYXNz==, BEARER scope="read""#,
            None,
            Some("read"),
            None,
        ),
        (
            r#"Bearer error="invalid_token" , realm = "r" ,, "#,
            Some("r"),
            None,
            Some("invalid_token"),
        ),
        ("Bearer", None, None, None),
        (r#", Bearer realm="a\"b\\c""#, Some("a\"b\\c"), None, None),
        (r#"Bearer realm="", scope="a""#, Some(""), Some("a"), None),
        (r#"Bearer realm="\s\p\a\c\e""#, Some("space"), None, None),
    ];
    for (header, realm, scope, error) in cases {
        let c = Challenge::parse(header).unwrap_or_else(|e| panic!("{header}: {e}"));
        assert_eq!(c.realm(), realm, "{header}");
        assert_eq!(
            c.scope().map(ToString::to_string).as_deref(),
            scope,
            "{header}"
        );
        assert_eq!(c.error().map(ErrorCode::as_str), error, "{header}");
    }
}

#[test]
fn reports_malformed_headers() {
    let cases = [
        ("", "no Bearer challenge in the header"),
        (r#"Basic realm="x""#, "no Bearer challenge in the header"),
        ("=x", "malformed challenge at byte 0: expected an auth-scheme"),
        (r#"Bearer realm="x"#, "malformed challenge at byte 15: expected a closing '\"'"),
        (r#"Bearer realm="x" error="y""#, "malformed challenge at byte 17: expected ',' or the end of the header"),
        (r"Bearer realm=", "malformed challenge at byte 7: expected auth-params after \"Bearer\", not a token68"),
        (r"Bearer realm=,", "malformed challenge at byte 7: expected auth-params after \"Bearer\", not a token68"),
        (r#"Bearer a="1", a="2""#, "parameter \"a\" given twice at byte 17"),
        (r#"Bearer scope="a" , SCOPE="b""#, "parameter \"scope\" given twice at byte 26"),
        (r#"Bearer scope="""#, "invalid scope value at byte 14: empty scope; expected at least one scope-token"),
        (r#"Bearer error="bad\"code""#, "invalid character '\"' (U+0022) at byte 3 of the error value (the value starts at byte 14); expected printable ASCII without '\"' and '\\'"),
    ];
    for (header, message) in cases {
        let err = Challenge::parse(header).unwrap_err();
        assert_eq!(err.to_string(), message, "{header}");
    }
    let err = Challenge::parse(r#"Bearer scope="read  write""#).unwrap_err();
    assert_eq!(err.offset(), Some(14));
    assert_eq!(err.scope_error().unwrap().kind(), ErrorKind::EmptyToken);
}

/// RFC 9110 §5.6.1: a list may hold empty elements, the parameter list of a
/// challenge too, so what follows `Bearer ,,` is still Bearer's.
#[test]
fn reads_parameters_after_empty_list_elements() {
    let c = Challenge::parse(r#"Bearer ,, scope="admin", error="insufficient_scope""#).unwrap();
    assert_eq!(c.scope(), Some(&set("admin").into_owned()));
    assert_eq!(c.error(), Some(&ErrorCode::INSUFFICIENT_SCOPE));
    assert_eq!(c.status_code(), 403);
    let cases = [
        // (header, realm, scope)
        (r#"Bearer , scope="a""#, None, Some("a")),
        (
            r#"Bearer ,	, realm="r",, , scope="a" ,"#,
            Some("r"),
            Some("a"),
        ),
        (r#"Bearer ,, Basic realm="x""#, None, None),
        (r#"Basic realm="x", , Bearer , realm="y""#, Some("y"), None),
        ("Bearer ,", None, None),
        ("Bearer  ", None, None),
        ("Bearer,", None, None),
    ];
    for (header, realm, scope) in cases {
        let c = Challenge::parse(header).unwrap_or_else(|e| panic!("{header}: {e}"));
        assert_eq!(c.realm(), realm, "{header}");
        assert_eq!(
            c.scope().map(ToString::to_string).as_deref(),
            scope,
            "{header}"
        );
    }
}

/// The whole header must be a list of challenges (RFC 9110 §11.6.1), also
/// after the Bearer challenge: what is not is refused, never skipped.
#[test]
fn refuses_what_is_not_a_list_of_challenges() {
    let outside = "malformed challenge at byte 8: expected an auth-scheme, not a parameter \
                   (a challenge's parameters follow its scheme and a space)";
    let cases = [
        (
            r#"Bearer error="invalid_token", Basic @@@"#,
            36,
            "malformed challenge at byte 36: expected a token68 or a parameter",
        ),
        (
            r#"Bearer scope="read", ="x""#,
            21,
            "malformed challenge at byte 21: expected an auth-scheme",
        ),
        // `challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]`: a
        // parameter follows the scheme after a space; after a comma it would
        // have to be a challenge, and `scope="admin"` is not one.
        (r#"Bearer, scope="admin""#, 8, outside),
        (
            r#"Bearer,, scope="admin""#,
            9,
            "malformed challenge at byte 9: expected an auth-scheme, not a parameter \
                   (a challenge's parameters follow its scheme and a space)",
        ),
        (
            r#"Basic dXNlcg==, realm="x", Bearer"#,
            16,
            "malformed challenge at byte 16: expected an auth-scheme, not a parameter \
                   (a challenge's parameters follow its scheme and a space)",
        ),
        (
            r#"Bearer realm="x", "junk""#,
            18,
            "malformed challenge at byte 18: expected an auth-scheme",
        ),
        (
            r#"Bearer realm="x", Basic realm="a", REALM="b""#,
            42,
            "parameter \"realm\" given twice at byte 42",
        ),
        (
            r#"Bearer realm="x", Basic realm="a"#,
            32,
            "malformed challenge at byte 32: expected a closing '\"'",
        ),
        (
            r#"Bearer realm="x", Basic realm="a" b"#,
            34,
            "malformed challenge at byte 34: expected ',' or the end of the header",
        ),
    ];
    for (header, offset, message) in cases {
        let err = Challenge::parse(header).unwrap_err();
        assert_eq!(err.to_string(), message, "{header}");
        assert_eq!(err.offset(), Some(offset), "{header}");
    }
}

/// The first problem in the header is the one reported, whether it is in a
/// value or in the syntax.
#[test]
fn reports_the_first_problem_of_the_header() {
    let cases = [
        (r#"Bearer scope="a  b", Basic @@@"#, 14),
        (r#"Bearer scope="a  b" x"#, 14),
        (r#"Bearer realm="caf\é", scope="a"#, 14),
        (r#"Bearer x="1", realm="é", X="2""#, 21),
        (r#"Bearer realm="x" @, scope="a  b""#, 17),
    ];
    for (header, offset) in cases {
        let err = Challenge::parse(header).unwrap_err();
        assert_eq!(err.offset(), Some(offset), "{header}: {err}");
    }
    // Of two Bearer challenges the first is read; the second must still be
    // well formed.
    let c = Challenge::parse(r#"Bearer realm="a", bearer realm="b", scope="c""#).unwrap();
    assert_eq!((c.realm(), c.scope()), (Some("a"), None));
    assert!(Challenge::parse(r#"Bearer realm="a", Bearer realm="b"#).is_err());
}

/// RFC 9110 §5.6.4: `quoted-pair = "\\" ( HTAB / SP / VCHAR / obs-text )`,
/// and `obs-text` (%x80-FF) is, in a `str`, any character outside ASCII, a
/// C1 control such as U+0085 too. An escaped one reads as the unescaped one
/// does: in another scheme's parameters it is accepted; in a Bearer value it
/// meets the value's rule, which refuses non-ASCII text, with the same error.
#[test]
fn quoted_pairs_take_obs_text() {
    for value in ["\\\u{85}", "\\é", "a\\\u{202e}b"] {
        let header = format!(r#"Basic realm="{value}", Bearer realm="x""#);
        let c = Challenge::parse(&header).unwrap();
        assert_eq!(c.realm(), Some("x"), "{header}");
        let header = format!(r#"Bearer realm="x", DPoP algs="{value}""#);
        assert!(Challenge::parse(&header).is_ok(), "{header}");
    }
    let escaped = Challenge::parse("Bearer realm=\"\\\u{85}\"").unwrap_err();
    let unescaped = Challenge::parse("Bearer realm=\"\u{85}\"").unwrap_err();
    let message = "invalid character '\\u{85}' (U+0085) at byte 0 of the realm value \
                   (the value starts at byte 14); expected printable ASCII, space or tab";
    assert_eq!(escaped.to_string(), message);
    assert_eq!(unescaped.to_string(), message);
    // HTAB, SP and VCHAR are the rest of the rule: ASCII controls stay out.
    for header in ["Bearer realm=\"\\\u{1}\"", "Bearer realm=\"\\\u{7f}\""] {
        assert_eq!(
            Challenge::parse(header).unwrap_err().to_string(),
            "malformed challenge at byte 15: expected a visible character after '\\'",
            "{header:?}"
        );
    }
}

fn nqs_value() -> impl Strategy<Value = String> {
    "[ !#-\\[\\]-~]{1,12}"
}

/// The text of a quoted-string: printable ASCII, space and tab, maybe empty.
fn quoted_value() -> impl Strategy<Value = String> {
    "[\t -~]{0,12}"
}

fn challenge() -> impl Strategy<Value = Challenge> {
    (
        proptest::option::of(quoted_value()),
        proptest::option::of("[a-c:./]{1,3}( [a-c:./]{1,3}){0,3}"),
        proptest::option::of(prop::sample::select(vec![
            "invalid_request",
            "invalid_token",
            "insufficient_scope",
            "other_code",
        ])),
        proptest::option::of(nqs_value()),
        proptest::option::of("[!#-\\[\\]-~]{1,12}"),
        proptest::option::of("[!#-\\[\\]-~]{1,12}"),
        proptest::collection::vec(("x-[a-z]{1,4}", quoted_value()), 0..3),
    )
        .prop_map(
            |(realm, scope, error, description, uri, metadata, extensions)| {
                let mut c = Challenge::new();
                if let Some(r) = realm {
                    c = c.with_realm(&r).unwrap();
                }
                if let Some(s) = scope {
                    c = c.with_scope(&ScopeSet::parse(&s).unwrap());
                }
                if let Some(e) = error {
                    c = c.with_error(ErrorCode::new(e).unwrap());
                }
                if let Some(d) = description {
                    c = c.with_error_description(&d).unwrap();
                }
                if let Some(u) = uri {
                    c = c.with_error_uri(&u).unwrap();
                }
                if let Some(m) = metadata {
                    c = c.with_resource_metadata(&m).unwrap();
                }
                for (n, v) in extensions {
                    // Only a repeated name is refused.
                    if c.extensions().all(|(taken, _)| taken != n) {
                        c = c.with_extension(&n, &v).unwrap();
                    }
                }
                c
            },
        )
}

proptest! {
    #![proptest_config(util::proptest_config(concat!(env!("CARGO_MANIFEST_DIR"), "/proptest-regressions/test_challenge.txt"), 512))]

    #[test]
    fn parse_of_render_is_identity(c in challenge()) {
        let header = c.to_string();
        prop_assert_eq!(Challenge::parse(&header), Ok(c.clone()));
        let among_others = format!(r#"Basic realm="a", {header}, DPoP algs="ES256""#);
        prop_assert_eq!(Challenge::parse(&among_others), Ok(c));
    }

    #[test]
    fn parse_never_panics(header in "[ -~\t\u{e9}]{0,40}") {
        if let Ok(c) = Challenge::parse(&header) {
            // Read to the end: nothing after it is skipped, nothing before
            // it counts.
            let garbage = format!("{header}, @");
            prop_assert!(Challenge::parse(&garbage).is_err());
            let after_basic = format!("Basic realm=\"x\", {header}");
            prop_assert_eq!(Challenge::parse(&after_basic), Ok(c));
        }
    }
}

#[test]
fn converts_to_and_from_http_types() {
    let c = Challenge::insufficient_scope(&set("repo:status"));
    let value = http::HeaderValue::from(&c);
    assert_eq!(
        value,
        r#"Bearer scope="repo:status", error="insufficient_scope""#
    );
    assert_eq!(c.http_status(), http::StatusCode::FORBIDDEN);
    assert_eq!(Challenge::from_header_value(&value), Ok(c));
    // A tab and escaped quotes in the realm survive the header value.
    let c = Challenge::new()
        .with_realm("a\t\"b\"")
        .unwrap()
        .with_error(oauth_scope::ErrorCode::INVALID_TOKEN);
    let value = c.header_value();
    assert_eq!(
        value,
        "Bearer realm=\"a\t\\\"b\\\"\", error=\"invalid_token\""
    );
    assert_eq!(Challenge::from_header_value(&value), Ok(c));
    let bytes = http::HeaderValue::from_bytes(b"Bearer realm=\"caf\xc3\xa9\"").unwrap();
    let err = Challenge::from_header_value(&bytes).unwrap_err();
    assert_eq!(
        err.to_string(),
        "malformed challenge at byte 17: expected visible ASCII in the header value"
    );
}

#[test]
fn is_a_whole_response() {
    let c = Challenge::new()
        .with_realm("api")
        .unwrap()
        .with_resource_metadata("https://api.example/meta")
        .unwrap();
    let response: http::Response<Vec<u8>> = c.to_response();
    assert_eq!(response.status(), http::StatusCode::UNAUTHORIZED);
    let lines: Vec<_> = response
        .headers()
        .get_all(http::header::WWW_AUTHENTICATE)
        .iter()
        .collect();
    assert_eq!(
        lines,
        [r#"Bearer realm="api", resource_metadata="https://api.example/meta""#]
    );
    assert_eq!(response.headers().len(), 1);
    assert!(response.body().is_empty());
    for (error, status) in [
        (ErrorCode::INVALID_REQUEST, 400),
        (ErrorCode::INVALID_TOKEN, 401),
        (ErrorCode::INSUFFICIENT_SCOPE, 403),
    ] {
        let with_error = c.clone().with_error(error);
        let response: http::Response<()> = with_error.to_response();
        assert_eq!(response.status(), status);
        assert_eq!(Challenge::from_headers(response.headers()), Ok(with_error));
    }
    // As an axum response (feature `axum`).
    let response = axum::response::IntoResponse::into_response(c.clone());
    assert_eq!(response.status(), http::StatusCode::UNAUTHORIZED);
    assert_eq!(Challenge::from_headers(response.headers()), Ok(c));
}

/// A response's headers, with `lines` as its `WWW-Authenticate` lines in
/// order.
fn www_authenticate(lines: &[&[u8]]) -> http::HeaderMap {
    let mut map = http::HeaderMap::new();
    map.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/plain"),
    );
    for line in lines {
        map.append(
            http::header::WWW_AUTHENTICATE,
            http::HeaderValue::from_bytes(line).unwrap(),
        );
    }
    map
}

#[test]
fn reads_the_bearer_challenge_among_all_header_lines() {
    let read = |lines: &[&[u8]]| Challenge::from_headers(&www_authenticate(lines));
    let bearer = Challenge::new()
        .with_realm("api")
        .unwrap()
        .with_scope(&set("api:read"))
        .with_error(ErrorCode::INSUFFICIENT_SCOPE);

    // oidc-provider 9: one line per scheme, DPoP first.
    let dpop: &[u8] =
        br#"DPoP realm="api", algs="ES256 PS256", error="insufficient_scope", scope="api:read""#;
    let line: &[u8] = br#"Bearer realm="api", error="insufficient_scope", scope="api:read""#;
    assert_eq!(read(&[dpop, line]).as_ref(), Ok(&bearer));
    assert_eq!(read(&[line, dpop]).as_ref(), Ok(&bearer));
    // Several challenges in one line, and the first Bearer wins.
    assert_eq!(
        read(&[
            br#"Basic realm="x", bearer Realm=api, error=insufficient_scope, scope="api:read""#,
            b"Bearer"
        ])
        .as_ref(),
        Ok(&bearer)
    );
    assert_eq!(
        read(&[b"Basic realm=x", b"Bearer", line]),
        Ok(Challenge::new())
    );

    // No Bearer line, or no line at all.
    let none = "no Bearer challenge in the header";
    assert_eq!(read(&[dpop]).unwrap_err().to_string(), none);
    assert_eq!(read(&[]).unwrap_err().to_string(), none);

    // A malformed line is an error wherever it is, with its offset in the
    // lines joined with ", " (the line above is 64 bytes long).
    assert_eq!(line.len(), 64);
    let err = read(&[line, b"Basic @@@"]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "malformed challenge at byte 72: expected a token68 or a parameter"
    );
    let err = read(&[b"Basic @@@", line]).unwrap_err();
    assert_eq!(err.offset(), Some(6));
    let err = read(&[b"Bearer realm=\"caf\xc3\xa9\"", line]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "malformed challenge at byte 17: expected visible ASCII in the header value"
    );
    let err = read(&[line, b"Bearer realm=\"caf\xc3\xa9\""]).unwrap_err();
    assert_eq!(err.offset(), Some(64 + 2 + 17));
    // An invalid Bearer value is an error too, not skipped for a later line.
    assert!(read(&[br#"Bearer scope="a  b""#, line])
        .unwrap_err()
        .scope_error()
        .is_some());
}

/// RFC 9110 §5.2: the value of a field sent in several lines is the lines
/// joined in order with commas, and §5.3 lets any hop join them. So the
/// lines read as `parse` reads them joined with ", ", whatever they hold.
#[test]
fn reads_the_header_lines_as_one_value_joined_with_commas() {
    // A challenge whose parameters go on in the next line.
    let split: &[&[u8]] = &[
        br#"Bearer realm="x""#,
        br#"scope="a", error="insufficient_scope""#,
    ];
    let c = Challenge::from_headers(&www_authenticate(split)).unwrap();
    assert_eq!(
        c,
        Challenge::new()
            .with_realm("x")
            .unwrap()
            .with_scope(&set("a"))
            .with_error(ErrorCode::INSUFFICIENT_SCOPE)
    );
    let cases: &[&[&[u8]]] = &[
        split,
        &[b"Bearer ", br#"scope="a""#],
        &[b"Bearer", br#"scope="a""#],
        &[br#"Basic realm="a", Bearer"#, br#"scope="a""#],
        &[br#"Bearer realm="a"#, br#"b""#],
        &[br#"Bearer realm="a"#, br#"Bearer realm="b""#],
        &[br#"Bearer realm="a""#, br#"REALM="b""#],
        &[br#"Bearer realm="a""#, br#"Bearer realm="b""#],
        &[b"", b"Bearer", b""],
        &[b"Basic abc==", br#"realm="x""#],
        &[br#"Bearer scope="""#, br#"error="insufficient_scope""#],
    ];
    for &lines in cases {
        let joined: Vec<&str> = lines
            .iter()
            .map(|line| std::str::from_utf8(line).unwrap())
            .collect();
        let joined = joined.join(", ");
        let headers = www_authenticate(lines);
        assert_eq!(
            Challenge::from_headers(&headers),
            Challenge::parse(&joined),
            "{joined}"
        );
        assert_eq!(
            Challenge::from_headers_with(&headers, &oauth_scope::ChallengeOptions::lenient()),
            Challenge::parse_lenient(&joined),
            "{joined}"
        );
    }
}

#[test]
fn parse_lenient_keeps_the_rest_when_the_scope_is_malformed() {
    // (header, the scope error strict parsing reports)
    let cases = [
        (
            r#"Bearer realm="api", error="insufficient_scope", scope="", resource_metadata="https://rs.example/m""#,
            "invalid scope value at byte 55: empty scope; expected at least one scope-token",
        ),
        (
            r#"Bearer realm="api", error="insufficient_scope", scope="a\"b", resource_metadata="https://rs.example/m""#,
            "invalid scope value at byte 55: invalid character '\"' (U+0022) at byte 1; \
             a scope-token allows ! # through [ and ] through ~",
        ),
        (
            r#"Bearer realm="api", error="insufficient_scope", scope="a  b", resource_metadata="https://rs.example/m""#,
            "invalid scope value at byte 55: unexpected separator at byte 2; \
             scope-tokens are separated by exactly one separator, and a scope must end with a scope-token",
        ),
    ];
    for (header, message) in cases {
        let strict = Challenge::parse(header).unwrap_err();
        assert_eq!(strict.to_string(), message, "{header}");
        let c = Challenge::parse_lenient(header).unwrap();
        assert_eq!(c.scope(), None);
        assert_eq!(c.realm(), Some("api"));
        assert_eq!(c.error(), Some(&ErrorCode::INSUFFICIENT_SCOPE));
        assert_eq!(c.resource_metadata(), Some("https://rs.example/m"));
        assert_eq!(c.status_code(), 403);
        assert_eq!(c.scope_problem(), Some(&strict), "{header}");
        // What it renders has no scope, and parses strictly.
        assert_eq!(
            c.to_string(),
            r#"Bearer realm="api", error="insufficient_scope", resource_metadata="https://rs.example/m""#
        );
        assert!(Challenge::parse(&c.to_string()).is_ok());
    }
}

#[test]
fn parse_lenient_is_strict_about_everything_else() {
    let headers = [
        r#"Bearer scope="a"#,
        r#"Bearer error="bad\"code", scope="""#,
        r#"Bearer realm="caf\é""#,
        r#"Bearer error_uri="a b", scope="""#,
        r#"Basic realm="x""#,
        "Bearer abc==",
    ];
    for header in headers {
        assert_eq!(
            Challenge::parse_lenient(header).unwrap_err(),
            Challenge::parse(header).unwrap_err(),
            "{header}"
        );
    }
}

#[test]
fn parse_lenient_reports_the_problems_after_a_malformed_scope() {
    let header = r#"Bearer scope="", scope="a""#;
    let err = Challenge::parse_lenient(header).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"parameter "scope" given twice at byte 24"#
    );
    // Nor does a malformed scope hide what follows it.
    let err = Challenge::parse_lenient(r#"Bearer scope="", Basic @@@"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "malformed challenge at byte 23: expected a token68 or a parameter"
    );
}

#[test]
fn parse_lenient_reads_well_formed_headers_as_parse_does() {
    let headers = [
        "Bearer",
        r#"Bearer realm="example""#,
        r#"Bearer error="insufficient_scope", scope="api:read api:write""#,
        r#"Basic realm="x", Bearer error=invalid_token, DPoP algs="ES256""#,
    ];
    for header in headers {
        let lenient = Challenge::parse_lenient(header).unwrap();
        assert_eq!(lenient, Challenge::parse(header).unwrap(), "{header}");
        assert_eq!(lenient.scope_problem(), None);
    }
}

#[test]
fn setting_a_scope_clears_the_scope_problem() {
    let c = Challenge::parse_lenient(r#"Bearer scope="""#).unwrap();
    assert!(c.scope_problem().is_some());
    let c = c.with_scope(&set("a"));
    assert!(c.scope_problem().is_none());
    assert_eq!(c, Challenge::parse(r#"Bearer scope="a""#).unwrap());
}
