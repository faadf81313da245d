//! `Hierarchy`: each kind of rule, the built-in vocabularies, and the traps
//! that a rule guessed from the shape of a name falls into.

use oauth_scope::{BuildError, BuildErrorKind, ErrorKind, Hierarchy, ScopeSet};

const AUTH: &str = "https://www.googleapis.com/auth/";

#[track_caller]
fn assert_implies(h: &Hierarchy, pairs: &[(&str, &str)]) {
    for &(g, r) in pairs {
        assert!(h.implies(g, r), "{g} should imply {r}");
    }
}

#[track_caller]
fn assert_not_implies(h: &Hierarchy, pairs: &[(&str, &str)]) {
    for &(g, r) in pairs {
        assert!(!h.implies(g, r), "{g} should not imply {r}");
    }
}

fn google(name: &str) -> String {
    format!("{AUTH}{name}")
}

#[test]
fn exact_implies_only_equal_tokens() {
    let h = Hierarchy::exact();
    assert_implies(&h, &[("repo", "repo"), ("a", "a")]);
    assert_not_implies(
        &h,
        &[("repo", "repo:status"), ("A", "a"), ("drive", "drive.file")],
    );
    assert!(!Hierarchy::default().implies("repo", "repo:status"));
}

#[test]
fn explicit_edges_are_transitive_and_directed() {
    let h = Hierarchy::builder()
        .imply("admin", "write")
        .imply_all("write", ["read", "list"])
        .chain(["root", "admin"])
        .build()
        .unwrap();
    assert_implies(
        &h,
        &[
            ("root", "admin"),
            ("root", "read"),
            ("admin", "list"),
            ("write", "read"),
        ],
    );
    assert_not_implies(
        &h,
        &[
            ("read", "write"),
            ("list", "read"),
            ("admin", "root"),
            ("x", "x:y"),
        ],
    );
}

#[test]
fn cycles_mean_equivalence() {
    let h = Hierarchy::builder()
        .chain(["a", "b", "c", "a"])
        .imply("c", "d")
        .build()
        .unwrap();
    for g in ["a", "b", "c"] {
        for r in ["a", "b", "c", "d"] {
            assert!(h.implies(g, r), "{g} => {r}");
        }
    }
    assert!(!h.implies("d", "a"));
    let set = ScopeSet::parse("c b a d").unwrap();
    assert_eq!(set.normalize(&h).to_string(), "a");
}

#[test]
fn nested_whole_segments_inside_the_namespace() {
    let h = Hierarchy::builder().nested(AUTH, '.').build().unwrap();
    assert_implies(
        &h,
        &[
            (&google("drive"), &google("drive.readonly")),
            (&google("drive"), &google("drive.metadata.readonly")),
            (
                &google("drive.metadata"),
                &google("drive.metadata.readonly"),
            ),
        ],
    );
    assert_not_implies(
        &h,
        &[
            (&google("drive"), &google("drivex")),
            (&google("drive"), &google("drive.")),
            (&google("drive.readonly"), &google("drive")),
            // The namespace alone covers nothing; outside it nothing nests.
            (AUTH, &google("drive")),
            ("https://www", &google("drive")),
            ("https://www.googleapis", &google("drive")),
        ],
    );
}

#[test]
fn nested_with_an_empty_namespace_is_the_fosite_hierarchy() {
    let h = Hierarchy::builder().nested("", '.').build().unwrap();
    assert_implies(
        &h,
        &[("hydra", "hydra.clients"), ("hydra", "hydra.clients.read")],
    );
    assert_not_implies(
        &h,
        &[
            ("hydra.clients", "hydra"),
            ("hydra", "hydrax"),
            ("hydra", "hydra."),
        ],
    );
}

#[test]
fn naive_dotted_prefix_traps_stay_closed_under_declared_rules() {
    // Slack: chat:write.public adds to chat:write; Graph: User.Read.All is broader.
    let dotted = Hierarchy::builder().nested("", '.').build().unwrap();
    assert!(
        dotted.implies("chat:write", "chat:write.public"),
        "the naive rule escalates"
    );
    assert!(
        dotted.implies("User.Read", "User.Read.All"),
        "the naive rule escalates"
    );
    assert!(
        dotted.implies("https://www", &google("drive")),
        "the naive rule escalates"
    );

    let declared = Hierarchy::builder()
        .imply("chat:write.public", "chat:write")
        .imply("User.Read.All", "User.Read")
        .nested(AUTH, '.')
        .build()
        .unwrap();
    assert_not_implies(
        &declared,
        &[
            ("chat:write", "chat:write.public"),
            ("User.Read", "User.Read.All"),
            ("https://www", &google("drive")),
        ],
    );
    assert_implies(
        &declared,
        &[
            ("chat:write.public", "chat:write"),
            ("User.Read.All", "User.Read"),
        ],
    );
}

#[test]
fn wildcard_segments() {
    let h = Hierarchy::builder().wildcard(':').build().unwrap();
    assert_implies(
        &h,
        &[
            ("user:*", "user:email"),
            ("user:*", "user:email:primary"),
            ("*:read", "repo:read"),
            ("*", "anything"),
            ("*", "user:*"),
            ("foo:*:bar:*", "foo:a:bar:b:c"),
            ("foo:*:bar:*", "foo:*:bar:*:*:*"),
            ("user:*", "user:*:x"),
        ],
    );
    assert_not_implies(
        &h,
        &[
            ("user:*", "user"),
            ("user:*", "user:"),
            ("user:*", "user::x"),
            ("*:read", "repo:x:read"),
            ("*:read", ":read"),
            ("foo*", "foobar"),
            ("foo:*", "foo"),
            ("user:email", "user:*"),
            ("user:*:x", "user:*"),
            ("*:*", "*"),
        ],
    );
    assert!(h.is_pattern("user:*") && h.is_pattern("*") && h.is_pattern("a:*:b"));
    assert!(!h.is_pattern("user*") && !h.is_pattern("user:**"));
}

#[test]
fn rules_combine_through_tokens_nobody_named() {
    let h = Hierarchy::builder()
        .wildcard(':')
        .nested("", ':')
        .build()
        .unwrap();
    assert_implies(&h, &[("*:read", "x:read:y"), ("repo", "repo:a:b")]);
    assert_not_implies(&h, &[("*:read", "x:y:read"), ("x:read:y", "*:read")]);

    let h = Hierarchy::builder()
        .imply("admin", "org:*")
        .wildcard(':')
        .nested("", '.')
        .build()
        .unwrap();
    assert_implies(
        &h,
        &[("admin", "org:members"), ("admin", "org:members.read")],
    );
    assert_not_implies(&h, &[("admin", "org"), ("org:members", "admin")]);
}

#[test]
fn builder_validates_every_token_and_separator() {
    use oauth_scope::BuildErrorKind::{InvalidSeparator, InvalidToken};
    // (result, rule, what the token's own error says: kind and offset)
    let tokens: &[(Result<Hierarchy, BuildError>, usize, ErrorKind, usize)] = &[
        (
            Hierarchy::builder().imply("a b", "c").build(),
            0,
            ErrorKind::InvalidChar(' '),
            1,
        ),
        (
            Hierarchy::builder().imply("x", "y").imply("a", "").build(),
            1,
            ErrorKind::Empty,
            0,
        ),
        (
            Hierarchy::builder().chain(["a", "b", "c\"d"]).build(),
            1,
            ErrorKind::InvalidChar('"'),
            1,
        ),
        (
            Hierarchy::builder()
                .wildcard(':')
                .nested("ns\\", '.')
                .build(),
            1,
            ErrorKind::InvalidChar('\\'),
            2,
        ),
    ];
    for (result, rule, kind, offset) in tokens {
        let err = result.as_ref().unwrap_err();
        let InvalidToken(token) = err.kind() else {
            panic!("{err}: not an invalid token");
        };
        assert_eq!(
            (err.rule(), token.kind(), token.offset()),
            (*rule, *kind, *offset),
            "{err}"
        );
    }
    for (result, rule, sep) in [
        (Hierarchy::builder().nested("", ' ').build(), 0, ' '),
        (
            Hierarchy::builder().imply("a", "b").wildcard('é').build(),
            1,
            'é',
        ),
    ] {
        let err = result.unwrap_err();
        assert_eq!(
            (err.rule(), err.kind()),
            (rule, InvalidSeparator(sep)),
            "{err}"
        );
    }
    let err = Hierarchy::builder().nested("", ' ').build().unwrap_err();
    assert_eq!(
        err.to_string(),
        "rule at index 0: invalid separator ' ' (U+0020); expected one character from ! # through [ and ] through ~"
    );
}

#[test]
fn invalid_strings_imply_only_themselves() {
    let h = Hierarchy::builder()
        .nested("", '.')
        .wildcard(':')
        .build()
        .unwrap();
    assert!(h.implies("a b", "a b"));
    assert!(!h.implies("a", "a.b c"));
    assert!(!h.implies("*", "a b"));
}

#[test]
fn github_vocabulary() {
    let h = Hierarchy::github();
    assert_implies(
        &h,
        &[
            ("repo", "repo:status"),
            ("repo", "repo_deployment"),
            ("repo", "public_repo"),
            ("repo", "repo:invite"),
            ("repo", "security_events"),
            ("admin:org", "write:org"),
            ("admin:org", "read:org"),
            ("write:org", "read:org"),
            ("admin:repo_hook", "read:repo_hook"),
            ("admin:public_key", "read:public_key"),
            ("admin:gpg_key", "read:gpg_key"),
            ("user", "read:user"),
            ("user", "user:email"),
            ("user", "user:follow"),
            ("project", "read:project"),
            ("admin:enterprise", "read:enterprise"),
            ("admin:enterprise", "manage_runners:enterprise"),
            ("write:discussion", "read:discussion"),
        ],
    );
    assert_not_implies(
        &h,
        &[
            ("repo", "delete_repo"),
            ("repo", "workflow"),
            ("repo", "admin:repo_hook"),
            ("repo", "admin:org"),
            ("repo", "write:packages"),
            ("write:packages", "read:packages"),
            ("delete:packages", "read:packages"),
            ("read:org", "write:org"),
            ("user:email", "user"),
            ("public_repo", "repo"),
            ("admin:org", "admin:org_hook"),
        ],
    );
}

#[test]
fn google_drive_vocabulary() {
    let h = Hierarchy::google_drive();
    let yes = [
        ("drive", "drive.readonly"),
        ("drive", "drive.file"),
        ("drive", "drive.metadata"),
        ("drive", "drive.metadata.readonly"),
        ("drive", "drive.meet.readonly"),
        ("drive.readonly", "drive.metadata.readonly"),
        ("drive.metadata", "drive.metadata.readonly"),
        ("drive.activity", "drive.activity.readonly"),
        ("drive.labels", "drive.labels.readonly"),
        ("drive.admin.labels", "drive.admin.labels.readonly"),
    ];
    let no = [
        ("drive", "drive.appdata"),
        ("drive", "drive.apps.readonly"),
        ("drive", "drive.photos.readonly"),
        ("drive", "drive.scripts"),
        ("drive", "drive.admin.labels"),
        ("drive", "drive.activity"),
        ("drive", "drive.install"),
        ("drive.readonly", "drive.file"),
        ("drive.file", "drive.readonly"),
        ("drive.metadata", "drive.readonly"),
        ("drive.readonly", "drive"),
    ];
    for (g, r) in yes {
        assert!(h.implies(&google(g), &google(r)), "{g} => {r}");
    }
    for (g, r) in no {
        assert!(!h.implies(&google(g), &google(r)), "{g} =/=> {r}");
    }
    // Only full URLs are part of the vocabulary.
    assert!(!h.implies("drive", "drive.readonly"));
}

#[test]
fn covers_uncovered_and_normalize() {
    let h = Hierarchy::github();
    let granted = ScopeSet::parse("repo user gist").unwrap();
    let cases = [
        ("repo:status user:email", true, ""),
        ("gist", true, ""),
        ("public_repo workflow", false, "workflow"),
        ("delete_repo admin:org", false, "admin:org delete_repo"),
    ];
    for (required, covered, missing) in cases {
        let required = ScopeSet::parse(required).unwrap();
        assert_eq!(granted.covers(&required, &h), covered, "{required}");
        assert_eq!(
            granted.uncovered(&required, &h).to_string(),
            missing,
            "{required}"
        );
    }
    assert!(granted.covers(&ScopeSet::new(), &h));
    assert!(!ScopeSet::new().covers(&granted, &h));

    let normalize = [
        ("user gist user:email", "gist user"),
        ("admin:org read:org write:org", "admin:org"),
        ("repo public_repo delete_repo", "delete_repo repo"),
        ("read:org", "read:org"),
    ];
    for (input, expected) in normalize {
        assert_eq!(
            ScopeSet::parse(input).unwrap().normalize(&h).to_string(),
            expected
        );
    }
    let wild = Hierarchy::builder().wildcard(':').build().unwrap();
    let set = ScopeSet::parse("user:* user:email *:read repo:read").unwrap();
    assert_eq!(set.normalize(&wild).to_string(), "*:read user:*");
}

/// `implier_of`: the first member, in canonical order, that implies the
/// token; `None` for a token nothing in the set implies.
#[test]
fn implier_of_names_the_first_member_that_implies() {
    let github = Hierarchy::github();
    let chain = Hierarchy::builder()
        .chain(["admin", "write", "read"])
        .build()
        .unwrap();
    let wild = Hierarchy::builder()
        .wildcard(':')
        .nested("", '.')
        .build()
        .unwrap();
    let cases: [(&Hierarchy, &str, &str, Option<&str>); 16] = [
        (&github, "repo user gist", "repo:status", Some("repo")),
        (&github, "repo user gist", "user:email", Some("user")),
        (&github, "repo user gist", "gist", Some("gist")),
        (&github, "repo user gist", "workflow", None),
        (&github, "admin:org read:org", "read:org", Some("admin:org")),
        // A member equal to the token is first only when it sorts first.
        (&chain, "read write", "read", Some("read")),
        (&chain, "admin read", "read", Some("admin")),
        (&chain, "read write", "write", Some("write")),
        (&chain, "read write", "admin", None),
        (&Hierarchy::exact(), "read write", "read", Some("read")),
        (&Hierarchy::exact(), "read write", "admin", None),
        // `*:read` sorts before `user:*`: '*' is below every letter.
        (&wild, "user:* *:read", "user:read", Some("*:read")),
        (&wild, "user:* *:read", "user:write", Some("user:*")),
        (&wild, "user:* *:read", "user", None),
        (&wild, "x x.y", "x.y.z", Some("x")),
        (&wild, "*", "anything:at.all", Some("*")),
    ];
    for (h, set, token, expected) in cases {
        let set = ScopeSet::parse(set).unwrap();
        let got = set.implier_of(token, h);
        assert_eq!(got.map(|t| t.as_str()), expected, "{token} in {set}");
    }
    // Strings that are not scope-tokens are implied by nothing in a set.
    let set = ScopeSet::parse("* x").unwrap();
    for invalid in ["", "x y", "x\\y", "caf\u{e9}"] {
        assert_eq!(set.implier_of(invalid, &wild), None, "{invalid:?}");
    }
    assert_eq!(ScopeSet::new().implier_of("x", &wild), None);
}

#[test]
fn hierarchies_are_send_sync_and_debug() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Hierarchy>();
    assert_send_sync::<oauth_scope::HierarchyBuilder>();
    let h = Hierarchy::builder()
        .imply("a", "b")
        .nested("ns:", '.')
        .wildcard(':')
        .build()
        .unwrap();
    assert_eq!(
        format!("{h:?}"),
        r#"Hierarchy { rules: [a => b, nested("ns:", '.'), wildcard(':')] }"#
    );
}

#[test]
fn one_wildcard_separator_per_hierarchy() {
    // Two would chain through patterns nobody named: `*:read` ⊇ `*.x:read`
    // under ':', and `*.x:read` ⊇ `a:b.x:read` under '.'.
    let err = Hierarchy::builder()
        .wildcard(':')
        .wildcard('.')
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), BuildErrorKind::ConflictingWildcards('.'));
    assert_eq!(
        err.to_string(),
        "rule at index 1: second wildcard separator '.' (U+002E); a hierarchy takes one wildcard separator"
    );
    // The same separator twice is one rule.
    let h = Hierarchy::builder()
        .wildcard(':')
        .wildcard(':')
        .build()
        .unwrap();
    assert!(h.implies("*:read", "repo:read"));
}
