//! The client's step-up after a 403 (`ScopeSet::step_up`, MCP SEP-2350):
//! the union with the last request, and the three ways it refuses.

use oauth_scope::{Challenge, ErrorCode, ScopeSet, StepUpErrorKind};

fn set(s: &str) -> ScopeSet<'_> {
    ScopeSet::parse(s).unwrap()
}

#[test]
fn asks_for_the_union_of_the_last_request_and_the_challenge() {
    // (last requested, WWW-Authenticate, next request)
    let cases = [
        (
            "api:read",
            r#"Bearer error="insufficient_scope", scope="api:write""#,
            "api:read api:write",
        ),
        // The server names everything the operation needs (RFC 6750 §3).
        (
            "api:read profile",
            r#"Bearer realm="x", scope="api:read api:write", error="insufficient_scope""#,
            "api:read api:write profile",
        ),
        // The server names only part of what was asked: nothing is lost.
        (
            "a b c",
            r#"Bearer error="insufficient_scope", scope="d""#,
            "a b c d",
        ),
        // From nothing at all.
        ("", r#"Bearer error="insufficient_scope", scope="x""#, "x"),
    ];
    for (last, header, next) in cases {
        let last = ScopeSet::parse_with(last, &oauth_scope::ParseOptions::lenient()).unwrap();
        let challenge = Challenge::parse(header).unwrap();
        assert_eq!(
            last.step_up(&challenge).unwrap().to_string(),
            next,
            "{last} after {header}"
        );
    }
}

#[test]
fn refuses_what_would_not_help() {
    let scoped = |code: ErrorCode| Challenge::new().with_scope(&set("x")).with_error(code);
    // (last requested, challenge, kind, message)
    let cases = [
        (
            "a",
            scoped(ErrorCode::INVALID_TOKEN),
            StepUpErrorKind::NotInsufficientScope,
            "the challenge is not insufficient_scope: a wider scope will not help",
        ),
        (
            "a",
            Challenge::new().with_scope(&set("x")),
            StepUpErrorKind::NotInsufficientScope,
            "the challenge is not insufficient_scope: a wider scope will not help",
        ),
        (
            "a",
            Challenge::new().with_error(ErrorCode::INSUFFICIENT_SCOPE),
            StepUpErrorKind::NoScope,
            "the insufficient_scope challenge names no scope to ask for",
        ),
        (
            "a x",
            scoped(ErrorCode::INSUFFICIENT_SCOPE),
            StepUpErrorKind::NothingNew,
            "the challenge names no scope beyond the last request: asking again would loop",
        ),
        (
            "x",
            scoped(ErrorCode::INSUFFICIENT_SCOPE),
            StepUpErrorKind::NothingNew,
            "the challenge names no scope beyond the last request: asking again would loop",
        ),
    ];
    for (last, challenge, kind, message) in cases {
        let err = set(last).step_up(&challenge).unwrap_err();
        assert_eq!(err.kind(), kind, "{last} after {challenge}");
        assert_eq!(err.to_string(), message);
    }
}

#[test]
fn a_malformed_scope_read_leniently_is_no_scope() {
    let challenge =
        Challenge::parse_lenient(r#"Bearer error="insufficient_scope", scope="""#).unwrap();
    let err = set("a").step_up(&challenge).unwrap_err();
    assert_eq!(err.kind(), StepUpErrorKind::NoScope);
}

#[test]
fn is_a_std_error() {
    let err = set("a").step_up(&Challenge::new()).unwrap_err();
    let _: &dyn std::error::Error = &err;
}

#[test]
fn a_client_loop_ends_within_its_limit() {
    // A server that always wants one more token: the limit stops it.
    let mut requested = set("t0").into_owned();
    let mut step_ups = 0;
    while step_ups < 5 {
        let next = format!("t{}", requested.len());
        let challenge = Challenge::insufficient_scope(&set(&next));
        requested = requested.step_up(&challenge).unwrap();
        step_ups += 1;
    }
    assert_eq!(requested.to_string(), "t0 t1 t2 t3 t4 t5");
    // A server that keeps naming the same scope: the loop ends at once.
    let same = Challenge::insufficient_scope(&set("t1"));
    assert_eq!(
        requested.step_up(&same).unwrap_err().kind(),
        StepUpErrorKind::NothingNew
    );
}
