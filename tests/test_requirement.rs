//! `Requirement`: all-of, any-of, nesting, fail-closed, and what is missing.

use oauth_scope::{Hierarchy, Requirement, RequirementErrorKind, ScopeSet};

fn set(s: &str) -> ScopeSet<'_> {
    ScopeSet::parse(s).unwrap()
}

#[test]
fn all_any_and_nesting() {
    let h = Hierarchy::github();
    let need = Requirement::all_of([
        Requirement::parse("repo:status").unwrap(),
        Requirement::any(set("read:org read:user")),
    ]);
    // (granted, satisfied, missing)
    let cases = [
        ("repo user", true, ""),
        ("repo admin:org", true, ""),
        ("repo:status read:user", true, ""),
        ("repo", false, "read:org"),
        ("user", false, "repo:status"),
        ("gist", false, "read:org repo:status"),
    ];
    for (granted, satisfied, missing) in cases {
        let granted = set(granted);
        assert_eq!(need.is_satisfied_by(&granted, &h), satisfied, "{granted}");
        assert_eq!(need.missing(&granted, &h).to_string(), missing, "{granted}");
        assert_eq!(need.check(&granted, &h).is_ok(), satisfied);
    }
    assert_eq!(
        need.to_string(),
        r#""repo:status" ( "read:org" | "read:user" )"#
    );
}

#[test]
fn any_of_names_the_first_declared_alternative() {
    let h = Hierarchy::exact();
    let need = Requirement::any_of([
        Requirement::parse("a b c").unwrap(),
        Requirement::parse("d e").unwrap(),
    ]);
    // Nothing met: the first declared alternative, even though `d e` is smaller.
    assert_eq!(need.required_scope(&set("x"), &h).to_string(), "a b c");
    assert_eq!(need.missing(&set("x"), &h).to_string(), "a b c");
    assert_eq!(need.missing(&set("a b"), &h).to_string(), "c");
    // Met: the alternative met, and nothing missing.
    assert!(need.is_satisfied_by(&set("e d"), &h));
    assert_eq!(need.required_scope(&set("e d"), &h).to_string(), "d e");
    assert!(need.missing(&set("e d"), &h).is_empty());
    assert_eq!(need.to_string(), r#""a b c" | "d e""#);
}

#[test]
fn a_challenge_names_the_whole_required_scope() {
    // Holding api:read, a route needing api:write and api:read must name both:
    // a client that asks for only what is missing loses what it had.
    let h = Hierarchy::exact();
    let write: Requirement = "api:write api:read".parse().unwrap();
    let granted = set("api:read");
    assert_eq!(
        write.required_scope(&granted, &h).to_string(),
        "api:read api:write"
    );
    assert_eq!(write.missing(&granted, &h).to_string(), "api:write");
    let asked = write.required_scope(&granted, &h);
    assert!(write.is_satisfied_by(&asked, &h));

    // An any-of names the first declared alternative the client can get, not
    // the one with the fewest missing tokens.
    let delete: Requirement = r#""api:write api:read" | "api:admin""#.parse().unwrap();
    let none = ScopeSet::new();
    assert_eq!(
        delete.required_scope(&none, &h).to_string(),
        "api:read api:write"
    );
    assert_eq!(
        delete.required_scope(&set("api:admin"), &h).to_string(),
        "api:admin"
    );
    assert_eq!(
        delete
            .required_scope(&set("api:read api:write"), &h)
            .to_string(),
        "api:read api:write"
    );
    // The hierarchy decides what is met: admin:org meets read:org.
    let org: Requirement = r#""read:org" | "read:user""#.parse().unwrap();
    let github = Hierarchy::github();
    assert_eq!(
        org.required_scope(&set("user"), &github).to_string(),
        "read:user"
    );
    assert_eq!(
        org.required_scope(&set("gist"), &github).to_string(),
        "read:org"
    );
}

#[test]
fn the_text_form_reads_what_it_writes() {
    let cases = [
        ("a", "a"),
        ("b a", "a b"),
        (r#""a" | "b""#, r#""a" | "b""#),
        (r#""b" | "a""#, r#""b" | "a""#),
        (
            r#""x" ( "a" | "b" ) ( "c" | "d" )"#,
            r#""x" ( "a" | "b" ) ( "c" | "d" )"#,
        ),
        (r#"( "a" | "b" ) "x""#, r#""x" ( "a" | "b" )"#),
        (
            r#"( "a" | "b" ) ( "c" | "d" )"#,
            r#"( "a" | "b" ) ( "c" | "d" )"#,
        ),
        (r#"( "a b" )"#, "a b"),
        (r#""a" "b""#, "a b"),
        (r#"( ( "a" | "b" ) )"#, r#""a" | "b""#),
        (
            r#""a" ( "b" ( "c" | "d" ) | "e" )"#,
            r#""a" ( "b" ( "c" | "d" ) | "e" )"#,
        ),
        (r#""""#, r#""""#),
        (r#""a" """#, r#""""#),
        (r#""" | "a""#, "a"),
        (r#""| ( )" | "any(""#, r#""( ) |" | "any(""#),
    ];
    for (text, shown) in cases {
        let need: Requirement = text.parse().unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(need.to_string(), shown, "{text:?}");
        assert_eq!(shown.parse::<Requirement>().unwrap(), need, "{shown:?}");
    }
    // Text without quotes is a plain scope, read as Requirement::parse reads
    // it, errors included.
    for text in [
        "repo",
        "repo read:org",
        "a,b c(d) any(",
        "a | b",
        "( )",
        "a ( b",
        "a  b",
        "",
    ] {
        assert_eq!(
            text.parse::<Requirement>(),
            Requirement::parse(text),
            "{text:?}"
        );
    }
}

#[test]
fn the_text_form_reports_the_first_problem() {
    // A quoted scope's own error, at its offset in the text.
    let invalid = |c: char, at: usize| {
        let e = oauth_scope::ScopeToken::new(&format!("{}{c}", "x".repeat(at))).unwrap_err();
        RequirementErrorKind::InvalidScope(e)
    };
    let cases = [
        (r#""a"  "b""#, RequirementErrorKind::UnexpectedSpace, 4),
        (r#" "a""#, RequirementErrorKind::UnquotedScope, 0),
        (r#""a" "#, RequirementErrorKind::UnexpectedSpace, 3),
        (r#""a" ( "b" | "c""#, RequirementErrorKind::UnclosedGroup, 4),
        (r#"( ( "a" )"#, RequirementErrorKind::UnclosedGroup, 0),
        (r#""a" )"#, RequirementErrorKind::UnopenedGroup, 4),
        (
            r#""a" | "b" ) "c""#,
            RequirementErrorKind::UnopenedGroup,
            10,
        ),
        (r#"| "a""#, RequirementErrorKind::EmptyAlternative, 0),
        (r#""a" |"#, RequirementErrorKind::EmptyAlternative, 5),
        (r#""a" | | "b""#, RequirementErrorKind::EmptyAlternative, 6),
        (r#"( | "a" )"#, RequirementErrorKind::EmptyAlternative, 2),
        (r#""a" b"#, RequirementErrorKind::UnquotedScope, 4),
        (r#""a"b"#, RequirementErrorKind::UnquotedScope, 3),
        (r#""a b"#, RequirementErrorKind::UnclosedQuote, 0),
        (
            r#""a  b""#,
            RequirementErrorKind::InvalidScope(ScopeSet::parse("xx  b").unwrap_err()),
            3,
        ),
        (r#""a" "b\c""#, invalid('\\', 6), 6),
        (r#""a" "café""#, invalid('é', 8), 8),
    ];
    for (text, kind, offset) in cases {
        let err = text.parse::<Requirement>().unwrap_err();
        assert_eq!(
            (err.kind(), err.offset()),
            (kind, offset),
            "{text:?}: {err}"
        );
    }
    let err = r#""a" ( "b""#.parse::<Requirement>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "unclosed group at byte 4; a '(' needs a ')' after the requirement it groups"
    );
}

#[test]
fn nesting_deeper_than_the_limit_is_an_error_not_an_abort() {
    let deep = |n: usize| format!("{}\"a\"{}", "( ".repeat(n), " )".repeat(n));
    let max = Requirement::MAX_DEPTH;
    let r: Requirement = deep(max).parse().unwrap();
    assert_eq!(r, Requirement::parse("a").unwrap());
    // One level more, and ten thousand (which overflowed the stack): the
    // error names the first `(` past the limit.
    for n in [max + 1, 10_000, 100_000] {
        let err = deep(n).parse::<Requirement>().unwrap_err();
        assert_eq!(
            (err.kind(), err.offset()),
            (RequirementErrorKind::TooDeep { max }, 2 * max),
            "{n} groups"
        );
    }
    // Groups side by side are not nested.
    let wide = vec![r#"( "a" | "b" )"#; 1000].join(" ");
    assert!(wide.parse::<Requirement>().is_ok());
    let err = deep(max + 1).parse::<Requirement>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "group nested too deep at byte 64; a requirement nests at most 32 groups"
    );
}

#[test]
fn deep_nesting_through_serde_is_an_error() {
    let text = format!("{}\"a\"{}", "( ".repeat(10_000), " )".repeat(10_000));
    let json = serde_json::to_string(&text).unwrap();
    let err = serde_json::from_str::<Requirement>(&json).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("group nested too deep at byte 64;"),
        "{err}"
    );
}

#[test]
fn requirements_built_deeper_than_the_text_allows_are_not_written() {
    let r = |t: &str| Requirement::parse(t).unwrap();
    let mut deep = Requirement::any_of([r("a"), r("b")]);
    for depth in 1..=Requirement::MAX_DEPTH + 1 {
        deep = Requirement::any_of([Requirement::all_of([deep, r("c")]), r("d")]);
        let text = deep.to_string();
        let json = serde_json::to_string(&deep);
        if depth <= Requirement::MAX_DEPTH {
            assert_eq!(text.parse::<Requirement>().as_ref(), Ok(&deep), "{depth}");
            let back: Requirement = serde_json::from_str(&json.unwrap()).unwrap();
            assert_eq!(back, deep);
        } else {
            let err = text.parse::<Requirement>().unwrap_err();
            assert_eq!(
                err.kind(),
                RequirementErrorKind::TooDeep {
                    max: Requirement::MAX_DEPTH
                }
            );
            let err = json.unwrap_err();
            assert_eq!(
                err.to_string(),
                "requirement nested deeper than 32 groups; its text would not read back"
            );
        }
    }
}
