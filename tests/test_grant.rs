//! Narrowing (`ScopeSet::narrow`, `Grant`), refresh (RFC 6749 §6), and the
//! omitted-scope case of RFC 6749 §3.3.

#[path = "util/grammar.rs"]
mod grammar;

use oauth_scope::{Grant, Hierarchy, ScopeSet};

fn set(s: &str) -> ScopeSet<'_> {
    ScopeSet::parse(s).unwrap()
}

fn drive(names: &str) -> String {
    names
        .split(' ')
        .map(|n| format!("https://www.googleapis.com/auth/{n}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn narrow_table() {
    let github = Hierarchy::github();
    // (requested, allowed, granted, denied, narrowed)
    let cases = [
        ("repo gist", "repo gist user", "gist repo", "", false),
        ("repo:status", "repo", "repo:status", "", false),
        (
            "repo",
            "public_repo repo:status",
            "public_repo repo:status",
            "",
            true,
        ),
        ("repo delete_repo", "repo", "repo", "delete_repo", true),
        ("admin:org", "read:org", "read:org", "", true),
        ("read:org", "admin:org", "read:org", "", false),
        ("workflow", "repo", "", "workflow", true),
    ];
    for (requested, allowed, granted, denied, narrowed) in cases {
        let grant = set(requested).narrow(&set(allowed), &github);
        assert_eq!(
            grant.granted().to_string(),
            granted,
            "{requested} / {allowed}"
        );
        assert_eq!(
            grant.denied().to_string(),
            denied,
            "{requested} / {allowed}"
        );
        assert_eq!(grant.is_narrowed(), narrowed, "{requested} / {allowed}");
        assert_eq!(grant.response_scope().is_some(), narrowed);
    }
}

#[test]
fn a_denied_token_may_imply_a_token_granted_on_its_own() {
    // `admin` is denied: no allowed token implies it and it implies none.
    // `read` is granted because `editor` implies it, not on `admin`'s account.
    let h = Hierarchy::builder()
        .imply("admin", "read")
        .imply("editor", "read")
        .build()
        .unwrap();
    let grant = set("admin read").narrow(&set("editor"), &h);
    assert_eq!(grant.granted().to_string(), "read");
    assert_eq!(grant.denied().to_string(), "admin");
    assert!(h.implies("admin", "read"));

    // The same shape under a nested rule with an empty namespace: `*.`
    // implies `*..:`, which `*` implies as well (the remainder `.:` is a
    // non-empty tail after the separator), while `*` does not imply `*.`.
    let h = Hierarchy::builder().nested("", '.').build().unwrap();
    let grant = set("*. *..:").narrow(&set("*"), &h);
    assert_eq!(grant.granted().to_string(), "*..:");
    assert_eq!(grant.denied().to_string(), "*.");
}

#[test]
fn narrow_google_drive_to_readonly() {
    let h = Hierarchy::google_drive();
    let requested = drive("drive drive.appdata");
    let allowed = drive("drive.readonly drive.metadata.readonly");
    let grant = set(&requested).narrow(&set(&allowed), &h);
    assert_eq!(
        grant.granted().to_string(),
        drive("drive.metadata.readonly drive.readonly")
    );
    assert_eq!(grant.denied().to_string(), drive("drive.appdata"));
    assert_eq!(grant.response_scope(), Some(grant.granted()));
}

#[test]
fn omitted_scope_uses_the_default_or_fails() {
    let h = Hierarchy::exact();
    let allowed = set("openid email");
    let default = set("openid profile");
    let grant = Grant::decide(None, &allowed, Some(&default), &h).unwrap();
    assert_eq!(grant.granted().to_string(), "openid");
    assert_eq!(grant.denied().to_string(), "profile");
    assert_eq!(
        grant.response_scope().map(ToString::to_string).as_deref(),
        Some("openid")
    );

    // An empty scope counts as omitted (RFC 6749 §3.1).
    let empty = ScopeSet::new();
    let grant = Grant::decide(Some(&empty), &allowed, Some(&allowed), &h).unwrap();
    assert!(!grant.is_narrowed());
    assert!(
        grant.response_scope().is_some(),
        "the client asked nothing: say what it got"
    );

    let err = Grant::decide(None, &allowed, None, &h).unwrap_err();
    assert_eq!(err.error_code(), "invalid_scope");
    assert_eq!(err.status_code(), 400);
    assert_eq!(
        err.to_string(),
        "the request has no scope and there is no default scope"
    );
    assert!(err.scope().is_empty());

    let requested = set("email");
    let grant = Grant::decide(Some(&requested), &allowed, None, &h).unwrap();
    assert_eq!(grant.granted().to_string(), "email");
    assert!(grant.response_scope().is_none());
}

#[test]
fn without_denials_refuses_partial_grants() {
    let h = Hierarchy::exact();
    let ok = set("openid")
        .narrow(&set("openid email"), &h)
        .without_denials();
    assert_eq!(ok.unwrap().granted().to_string(), "openid");
    let err = set("openid admin")
        .narrow(&set("openid"), &h)
        .without_denials()
        .unwrap_err();
    assert_eq!(err.error_code(), "invalid_scope");
    assert_eq!(err.scope().to_string(), "admin");
    assert_eq!(err.to_string(), "scope not allowed for this client: admin");
}

#[test]
fn refresh_table() {
    let github = Hierarchy::github();
    let original = set("repo user");
    // (requested, Ok(new scope) or Err(offending tokens))
    let cases: [(Option<&str>, Result<&str, &str>); 5] = [
        (None, Ok("repo user")),
        (Some("repo"), Ok("repo")),
        (Some("public_repo user:email"), Ok("public_repo user:email")),
        (Some("repo admin:org"), Err("admin:org")),
        (
            Some("delete_repo workflow user"),
            Err("delete_repo workflow"),
        ),
    ];
    for (requested, expected) in cases {
        let requested = requested.map(set);
        let got = original.refresh(requested.as_ref(), &github);
        match expected {
            Ok(scope) => assert_eq!(got.unwrap().to_string(), scope),
            Err(tokens) => {
                let err = got.unwrap_err();
                assert_eq!(err.error_code(), "invalid_scope");
                assert_eq!(err.scope().to_string(), tokens);
                assert_eq!(
                    err.to_string(),
                    format!("scope not originally granted: {tokens}")
                );
            }
        }
    }
    assert_eq!(
        original.refresh(Some(&ScopeSet::new()), &github).unwrap(),
        original
    );
}

#[test]
fn error_descriptions_are_fit_for_error_description() {
    // RFC 6749 §5.2: %x20-21 / %x23-5B / %x5D-7E.
    let h = Hierarchy::exact();
    let err = set("a").refresh(Some(&set("b!#[]~ c")), &h).unwrap_err();
    let text = err.to_string();
    assert!(text.bytes().all(grammar::is_nqschar), "{text}");
}

#[test]
fn reads_a_token_response() {
    let github = Hierarchy::github();
    // (requested, response scope, granted, denied, narrowed)
    let cases = [
        // RFC 6749 §5.1: absent means as requested.
        ("repo gist", None, "gist repo", "", false),
        ("repo gist", Some("gist repo"), "gist repo", "", false),
        // Narrowed through the hierarchy: not denied.
        ("repo", Some("public_repo"), "public_repo", "", true),
        ("admin:org", Some("read:org"), "read:org", "", true),
        // Nothing granted for it.
        (
            "repo delete_repo",
            Some("repo"),
            "repo",
            "delete_repo",
            true,
        ),
        ("workflow", Some(""), "", "workflow", true),
        // More than asked (a server's default): not denied, but narrowed
        // in the sense of "differs from the request".
        ("read:org", Some("admin:org"), "admin:org", "", true),
        // Something else entirely.
        ("gist", Some("user"), "user", "gist", true),
    ];
    for (requested, response, granted, denied, narrowed) in cases {
        let requested = set(requested);
        let response = response
            .map(|r| ScopeSet::parse_with(r, &oauth_scope::ParseOptions::lenient()).unwrap());
        let grant = Grant::from_response(&requested, response.as_ref(), &github);
        assert_eq!(
            (
                grant.granted().to_string().as_str(),
                grant.denied().to_string().as_str(),
                grant.is_narrowed()
            ),
            (granted, denied, narrowed),
            "{requested} answered with {response:?}"
        );
        assert_eq!(
            grant.response_scope().is_some(),
            narrowed,
            "{requested} answered with {response:?}"
        );
    }
}

#[test]
fn reads_a_response_the_way_the_server_narrowed() {
    // What the server decides, the client reads back the same.
    let h = Hierarchy::google_drive();
    let requested =
        ScopeSet::parse_with(&drive("drive gmail"), &oauth_scope::ParseOptions::default())
            .unwrap()
            .into_owned();
    let allowed = ScopeSet::parse(&drive("drive.readonly"))
        .unwrap()
        .into_owned();
    let decided = requested.narrow(&allowed, &h);
    let read = Grant::from_response(&requested, decided.response_scope(), &h);
    assert_eq!(read, decided);
}
