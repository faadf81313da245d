//! `Requirement`: all-of, any-of, nesting, fail-closed, and what is missing.

use oauth_scope::{ErrorKind, Hierarchy, Requirement, ScopeSet};

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
        "all(all(repo:status), any(read:org, read:user))"
    );
}

#[test]
fn any_of_names_the_smallest_alternative() {
    let h = Hierarchy::exact();
    let need = Requirement::any_of([
        Requirement::parse("a b c").unwrap(),
        Requirement::parse("d e").unwrap(),
    ]);
    assert_eq!(need.missing(&set("x"), &h).to_string(), "d e");
    assert_eq!(need.missing(&set("a b"), &h).to_string(), "c");
    assert!(need.is_satisfied_by(&set("e d"), &h));
    assert_eq!(need.to_string(), "any(all(a, b, c), all(d, e))");
}

#[test]
fn an_empty_requirement_is_satisfied_by_nothing() {
    let h = Hierarchy::exact();
    let everything = set("a b c");
    for need in [
        Requirement::all(ScopeSet::new()),
        Requirement::any(ScopeSet::new()),
        Requirement::all_of([]),
        Requirement::any_of([]),
    ] {
        assert!(!need.is_satisfied_by(&everything, &h), "{need}");
        assert!(need.check(&everything, &h).is_err());
    }
    assert_eq!(Requirement::parse("").unwrap_err().kind(), ErrorKind::Empty);
    assert_eq!(
        Requirement::parse("a  b").unwrap_err().kind(),
        ErrorKind::EmptyToken
    );
}

#[test]
fn check_gives_insufficient_scope() {
    let need = Requirement::parse("repo workflow").unwrap();
    let err = need.check(&set("repo"), &Hierarchy::github()).unwrap_err();
    assert_eq!(err.error_code(), "insufficient_scope");
    assert_eq!(err.status_code(), 403);
    assert_eq!(err.scope().to_string(), "workflow");
    assert_eq!(
        err.to_string(),
        "the access token lacks the required scope: workflow"
    );
}
