//! Hierarchies as text: `Hierarchy::from_rules`, `FromStr`, `Display` and
//! `RulesError`.

mod util;

use oauth_scope::{Hierarchy, RulesError};
use proptest::prelude::*;

#[track_caller]
fn rules(text: &str) -> Hierarchy {
    Hierarchy::from_rules(text).unwrap_or_else(|err| panic!("{text:?}: {err}"))
}

#[track_caller]
fn error(text: &str) -> RulesError {
    Hierarchy::from_rules(text).expect_err(text)
}

#[test]
fn every_rule() {
    let h = rules(
        "# GitHub\n\
         repo => repo:status public_repo\n\
         \n\
         chain admin:org write:org read:org\n\
         \t nested https://www.googleapis.com/auth/ .\n\
         nested \"\" /\n\
         wildcard :\n",
    );
    assert!(h.implies("repo", "public_repo"));
    assert!(h.implies("admin:org", "read:org"));
    assert!(h.implies(
        "https://www.googleapis.com/auth/drive",
        "https://www.googleapis.com/auth/drive.readonly"
    ));
    assert!(h.implies("hydra", "hydra/clients"));
    assert!(h.implies("user:*", "user:email"));
    assert!(!h.implies("repo", "delete_repo"));
    let parsed: Hierarchy = "repo => public_repo".parse().unwrap();
    assert!(parsed.implies("repo", "public_repo"));
}

#[test]
fn empty_text_is_the_exact_hierarchy() {
    for text in ["", "\n", "# nothing\r\n\r\n", " \t ", "   # x => y"] {
        let h = rules(text);
        assert!(h.implies("x", "x"));
        assert!(!h.implies("x", "y"));
        assert_eq!(h.to_string(), "", "{text:?}");
    }
}

/// `#` starts a comment at the start of a line or after whitespace, and
/// nowhere else: a comment after the children is never more children.
#[test]
fn comments() {
    let h = rules("repo => public_repo # not admin:org\nuser => user:email\t#tab");
    assert!(h.implies("repo", "public_repo"));
    assert!(!h.implies("repo", "admin:org"));
    assert!(!h.implies("repo", "#"));
    assert!(!h.implies("user", "#tab"));
    let h = rules("a#b => c#d\n  # indented\n#x => y");
    assert!(h.implies("a#b", "c#d"));
    assert!(!h.implies("#x", "y"));
}

/// A quoted word is a token: one that begins with `#`, the token `=>`, a
/// keyword.
#[test]
fn quoted_tokens() {
    let h =
        rules("\"#team\" => \"#team:read\" \"=>\" \"chain\"\nnested x \"#\"\nchain => \"nested\"");
    assert!(h.implies("#team", "#team:read"));
    assert!(h.implies("#team", "=>"));
    assert!(h.implies("#team", "chain"));
    assert!(h.implies("chain", "nested"));
    assert!(h.implies("xa", "xa#b"));
    // Keywords are keywords only bare.
    assert_eq!(
        error("\"chain\" a b").to_string(),
        "line 1: unknown rule \"\\\"chain\\\"\"; expected PARENT => CHILD..., chain, nested, wildcard, smart or param"
    );
}

#[test]
fn cr_lf_and_crlf_end_lines() {
    let h = rules("repo => public_repo\rwildcard :\r\nadmin => admin:org\n");
    assert!(!h.implies("repo", "admin:org"));
    assert!(!h.implies("repo", "wildcard"));
    assert!(h.implies("admin", "admin:org"));
    assert!(h.implies("x:*", "x:y"));
    for (text, line) in [
        ("a => b\rchain x", 2),
        ("a => b\r\nchain x", 2),
        ("a => b\n\rchain x", 3),
        ("a => b\r\r\nchain x", 3),
        ("\r\n\r\n\r\nchain x\r\n", 4),
    ] {
        assert_eq!(error(text).line(), line, "{text:?}");
    }
}

#[test]
fn mistakes_name_the_line() {
    let allowed = "expected one character from ! # through [ and ] through ~";
    let cases = [
        ("a => b\nrepo =>", "line 2: repo => needs at least one child"),
        ("repo => # c", "line 1: repo => needs at least one child"),
        ("=> repo", "line 1: nothing before '=>'; expected PARENT => CHILD..."),
        ("a => b c => d", "line 1: a second '=>'; expected PARENT => CHILD..."),
        ("a => => b", "line 1: a second '=>'; expected PARENT => CHILD..."),
        ("a b => c", "line 1: more than one token before '=>'; expected PARENT => CHILD..."),
        ("chain a", "line 1: chain needs at least two tokens"),
        ("chain", "line 1: chain needs at least two tokens"),
        ("nested x", "line 1: nested takes a namespace and a separator: nested NAMESPACE SEP"),
        ("nested x . y", "line 1: nested takes a namespace and a separator: nested NAMESPACE SEP"),
        ("nested x #", "line 1: nested takes a namespace and a separator: nested NAMESPACE SEP"),
        ("wildcard", "line 1: wildcard takes one separator: wildcard SEP"),
        ("wildcard : .", "line 1: wildcard takes one separator: wildcard SEP"),
        ("\n\nimply a b", "line 3: unknown rule \"imply\"; expected PARENT => CHILD..., chain, nested, wildcard, smart or param"),
        ("repo public_repo", "line 1: unknown rule \"repo\"; expected PARENT => CHILD..., chain, nested, wildcard, smart or param"),
        ("Chain a b", "line 1: unknown rule \"Chain\"; expected PARENT => CHILD..., chain, nested, wildcard, smart or param"),
        (
            "repo => ré",
            "line 1: invalid token \"ré\": invalid character 'é' (U+00E9) at byte 1; \
             a scope-token allows ! # through [ and ] through ~",
        ),
        (
            "repo => a\"b",
            "line 1: invalid token \"a\\\"b\": invalid character '\"' (U+0022) at byte 1; \
             a scope-token allows ! # through [ and ] through ~",
        ),
        (
            "\"\" => a",
            "line 1: invalid token \"\\\"\\\"\": empty scope; expected at least one scope-token",
        ),
        (
            "chain a\u{a0}b c",
            "line 1: invalid token \"a\\u{a0}b\": invalid character '\\u{a0}' (U+00A0) at byte 1; \
             a scope-token allows ! # through [ and ] through ~",
        ),
        (
            "nested \"a b\" .",
            "line 1: invalid token \"\\\"a b\\\"\": invalid character ' ' (U+0020) at byte 1; \
             a scope-token allows ! # through [ and ] through ~",
        ),
        ("wildcard ::", &format!("line 1: invalid separator \"::\": {allowed}")),
        ("nested x \\", &format!("line 1: invalid separator \"\\\\\": {allowed}")),
        ("wildcard é", &format!("line 1: invalid separator \"é\": {allowed}")),
        ("wildcard \"\"", &format!("line 1: invalid separator \"\\\"\\\"\": {allowed}")),
        ("a => \"#x", "line 1: no closing '\"' in \"\\\"#x\""),
        ("a => \"x\"y z", "line 1: expected a space after the closing '\"' in \"\\\"x\\\"y\""),
        (
            "# one separator\nwildcard :\nnested \"\" .\nwildcard .",
            "line 4: second wildcard separator '.' (U+002E); a hierarchy takes one wildcard separator",
        ),
    ];
    for (text, message) in cases {
        assert_eq!(error(text).to_string(), message, "{text:?}");
    }
    // The first mistake is the one reported.
    assert_eq!(error("a => b\nchain x\nwildcard").line(), 2);
}

/// What the builder refuses, it refuses whether the rules come from text or
/// from code.
#[test]
fn the_builder_refuses_two_wildcard_separators() {
    let err = Hierarchy::builder()
        .wildcard(':')
        .wildcard('.')
        .build()
        .unwrap_err();
    assert_eq!(
        err.kind(),
        oauth_scope::BuildErrorKind::ConflictingWildcards('.')
    );
    assert!(rules("wildcard :\nwildcard :").implies("a:*", "a:b"));
}

#[test]
fn nesting_at_a_star_beside_wildcards_names_the_line_that_completes_it() {
    for (text, line) in [
        ("wildcard :\nnested \"\" *", 2),
        ("nested \"\" *\nrepo => repo:status\nwildcard :", 3),
        ("a => b\nwildcard :\nnested a:* .", 3),
    ] {
        let err = error(text);
        assert_eq!(err.line(), line, "{text:?}: {err}");
        assert!(err.to_string().contains("beside a wildcard rule"), "{err}");
    }
    assert!(rules("nested \"\" *").implies("x:", "x:*:z"));
}

#[test]
fn errors_are_values() {
    let err = error("chain a");
    assert_eq!(err.clone(), err);
    assert_ne!(err, error("\nchain a"));
    assert_ne!(error("x y"), error("y x"));
    assert_eq!(
        format!("{err:?}"),
        "RulesError(\"line 1: chain needs at least two tokens\")"
    );
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(err);
    assert_eq!(boxed.to_string(), "line 1: chain needs at least two tokens");
}

#[test]
fn display_writes_what_from_rules_reads() {
    let h = Hierarchy::builder()
        .imply_all("repo", ["repo:status", "public_repo"])
        .imply("#team", "=>")
        .imply("repo", "repo:invite")
        .chain(["admin", "write", "read"])
        .nested("", '.')
        .nested("ns/", '#')
        .wildcard(':')
        .build()
        .unwrap();
    let text = h.to_string();
    assert_eq!(
        text,
        "repo => repo:status public_repo\n\
         \"#team\" => \"=>\"\n\
         repo => repo:invite\n\
         admin => write\n\
         write => read\n\
         nested \"\" .\n\
         nested ns/ \"#\"\n\
         wildcard :\n"
    );
    let back = rules(&text);
    assert_eq!(back.to_string(), text);
    for (a, b) in [
        ("repo", "repo:invite"),
        ("#team", "=>"),
        ("admin", "read"),
        ("a", "a.b"),
        ("ns/a", "ns/a#b"),
        ("x:*", "x:y"),
    ] {
        assert!(back.implies(a, b), "{a} => {b}");
    }
    assert!(!back.implies("read", "admin"));
}

#[test]
fn built_in_hierarchies_round_trip() {
    let github = Hierarchy::github();
    let back = rules(&github.to_string());
    let tokens = [
        "repo",
        "repo:status",
        "public_repo",
        "admin:org",
        "write:org",
        "read:org",
        "user",
        "user:email",
        "delete_repo",
        "workflow",
    ];
    for a in tokens {
        for b in tokens {
            assert_eq!(back.implies(a, b), github.implies(a, b), "{a} => {b}");
        }
    }
    let drive = Hierarchy::google_drive();
    let back = rules(&drive.to_string());
    let auth = "https://www.googleapis.com/auth/";
    let tokens: Vec<String> = [
        "drive",
        "drive.readonly",
        "drive.file",
        "drive.metadata.readonly",
        "drive.admin.labels",
    ]
    .iter()
    .map(|t| format!("{auth}{t}"))
    .collect();
    for a in &tokens {
        for b in &tokens {
            assert_eq!(back.implies(a, b), drive.implies(a, b), "{a} => {b}");
        }
    }
    assert_eq!(Hierarchy::exact().to_string(), "");
}

/// Words for random rules text: keywords, arrows, separators, comments,
/// quotes and tokens with separators in them.
fn word() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "=>", "chain", "nested", "wildcard", ":", ".", "\"\"", "#", "#c", "\"#a\"", "\"=>\"", "a",
        "b", "a:b", "a.b", "a:*", "*", "*:b", "a.b:c", "\"", "é", "a#",
    ])
}

/// A token as the text writes it.
fn token() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "a", "b", "a:b", "a.b", "a:*", "*", "*:b", "a.b:c", "\"#a\"", "\"=>\"", "a#", "*.b",
    ])
}

fn tokens(min: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(token(), min..4).prop_map(|t| t.join(" "))
}

/// Mostly rules, some of them wrong, some comments, some noise.
fn line() -> impl Strategy<Value = String> {
    let sep = || prop::sample::select(vec![":", ".", "\"#\"", "#", "::"]);
    let namespace = prop::sample::select(vec!["\"\"", "a", "a:", "\"#a\""]);
    let comment = prop::sample::select(vec!["", " # x => y", "\t#c"]);
    prop_oneof![
        4 => (token(), tokens(1), comment).prop_map(|(p, c, k)| format!("{p} => {c}{k}")),
        2 => tokens(0).prop_map(|t| format!("chain {t}")),
        2 => (namespace, sep()).prop_map(|(n, s)| format!("nested {n} {s}")),
        2 => sep().prop_map(|s| format!("wildcard {s}")),
        1 => prop::collection::vec(word(), 0..6).prop_map(|words| words.join(" ")),
    ]
}

fn text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(line(), 0..6),
        prop::sample::select(vec!["\n", "\r", "\r\n"]),
    )
        .prop_map(|(lines, end)| lines.join(end))
}

proptest! {
    #![proptest_config(util::proptest_config(concat!(env!("CARGO_MANIFEST_DIR"), "/proptest-regressions/test_rules.txt"), 512))]

    #[test]
    fn display_round_trips_the_implies_relation(text in text()) {
        let lines = text.replace("\r\n", "\n").split(['\r', '\n']).count();
        match Hierarchy::from_rules(&text) {
            Err(err) => prop_assert!((1..=lines).contains(&err.line()), "{:?}: {}", text, err),
            Ok(h) => {
                let written = h.to_string();
                let back = Hierarchy::from_rules(&written);
                prop_assert!(back.is_ok(), "{:?} wrote {:?}: {:?}", text, written, back);
                let back = back.unwrap();
                prop_assert_eq!(back.to_string(), written.clone());
                let probes = [
                    "a", "b", "a:b", "a.b", "a:*", "*", "*:b", "a.b:c", "a:b:c", "#a", "=>", "a.b.c",
                    "a#", "a#b", "*.b", "a.*", "x:b",
                ];
                for x in probes {
                    prop_assert_eq!(h.is_pattern(x), back.is_pattern(x));
                    for y in probes {
                        prop_assert_eq!(h.implies(x, y), back.implies(x, y), "{} => {} in {:?}", x, y, written);
                    }
                }
            }
        }
    }
}

#[test]
fn display_keeps_the_order_the_rules_were_declared_in() {
    let h = Hierarchy::builder()
        .wildcard(':')
        .imply("admin", "read")
        .nested("", '.')
        .imply("admin", "audit")
        .build()
        .unwrap();
    let text = h.to_string();
    assert_eq!(
        text,
        "wildcard :\nadmin => read\nnested \"\" .\nadmin => audit\n"
    );
    assert_eq!(rules(&text).to_string(), text);
    // A refusal names the line of the rule that completes it.
    let err = Hierarchy::from_rules("a => b\nnested \"\" *\n\nwildcard :").unwrap_err();
    assert_eq!(err.line(), 4);
    assert_eq!(err.kind(), oauth_scope::RulesErrorKind::Refused);
    let err = Hierarchy::from_rules("wildcard :\nnested \"\" *\nx y").unwrap_err();
    assert_eq!(
        err.line(),
        2,
        "the refusal comes before the later syntax error"
    );
}
