//! `ScopeSet`: building, editing and iterating a set, and its algebra.

mod util;

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use oauth_scope::{ErrorKind, ParseOptions, ScopeSet, ScopeToken};

use crate::util::{
    assert_err, set, set_or_empty, set_with, strs, synthetic, token, GOOGLE, GOOGLE_TOKENS,
};

fn hash_of<T: Hash>(value: &T) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// Asserts the members of `set`, in order, through every view of them.
#[track_caller]
fn assert_members(set: &ScopeSet<'_>, expected: &[&str]) {
    assert_eq!(strs(set.iter()), expected);
    assert_eq!(set.len(), expected.len());
    assert_eq!(set.is_empty(), expected.is_empty());
    assert_eq!(set.to_string(), expected.join(" "));
}

#[test]
fn test_new() {
    let empty = ScopeSet::new();
    assert_members(&empty, &[]);
    assert_eq!(empty, ScopeSet::default());
    assert_eq!(format!("{empty:?}"), "{}");
    assert_eq!(String::from(empty), "");
}

#[test]
fn test_parse() {
    let table: &[(&str, &[&str])] = &[
        ("a", &["a"]),
        ("b a", &["a", "b"]),
        ("b a a b", &["a", "b"]),
        ("A a", &["A", "a"]),
        ("a A a", &["A", "a"]),
        ("~ ! a Z", &["!", "Z", "a", "~"]),
        ("a.b a:b a ab", &["a", "a.b", "a:b", "ab"]),
        ("openid,profile", &["openid,profile"]),
        (
            "openid email profile email",
            &["email", "openid", "profile"],
        ),
    ];
    for (text, expected) in table {
        assert_members(&set(text), expected);
        assert_members(&ScopeSet::try_from(*text).unwrap(), expected);
    }
    let mut google = GOOGLE_TOKENS;
    google.sort_unstable();
    assert_members(&set(GOOGLE), &google);
}

#[test]
fn test_parse_errors() {
    let table = [
        ("", ErrorKind::Empty, 0),
        ("a ", ErrorKind::EmptyToken, 1),
        ("a\tb", ErrorKind::InvalidChar('\t'), 1),
        ("openid café", ErrorKind::InvalidChar('é'), 10),
    ];
    for (text, kind, offset) in table {
        assert_err(ScopeSet::parse(text), kind, offset);
        assert_err(text.parse::<ScopeSet<'static>>(), kind, offset);
    }
}

#[test]
fn test_parse_with() {
    let table = [
        (ParseOptions::strict(), "b a", "a b"),
        (ParseOptions::lenient(), "  b  a ", "a b"),
        (ParseOptions::lenient(), "", ""),
        (
            ParseOptions::lenient().commas(true),
            "repo, user",
            "repo user",
        ),
        (ParseOptions::lenient().whitespace(true), "a\r\nb", "a b"),
    ];
    for (options, text, canonical) in table {
        assert_eq!(
            set_with(text, &options),
            set_or_empty(canonical),
            "{text:?}"
        );
    }
}

#[test]
fn test_from_str_owns_its_tokens() {
    let owned: ScopeSet<'static> = {
        let text = String::from("profile openid profile");
        text.parse().unwrap()
    };
    assert_members(&owned, &["openid", "profile"]);
}

#[test]
fn test_from_iterator() {
    let table: &[(&[&str], &[&str])] = &[
        (&[], &[]),
        (&["a"], &["a"]),
        (&["b", "a", "b"], &["a", "b"]),
        (&["openid", "OPENID", "openid"], &["OPENID", "openid"]),
    ];
    for (tokens, expected) in table {
        let set: ScopeSet<'_> = tokens.iter().map(|t| token(t)).collect();
        assert_members(&set, expected);
    }
}

#[test]
fn test_extend() {
    let table: &[(&str, &[&str], &[&str])] = &[
        ("", &[], &[]),
        ("", &["b", "a"], &["a", "b"]),
        ("a c", &[], &["a", "c"]),
        ("a c", &["b", "c", "b", "d"], &["a", "b", "c", "d"]),
        ("a", &["a"], &["a"]),
    ];
    for (initial, tokens, expected) in table {
        let mut set = set_or_empty(initial);
        set.extend(tokens.iter().map(|t| token(t)));
        assert_members(&set, expected);
    }
}

#[test]
fn test_insert() {
    // (initial, token, whether new, result)
    let table = [
        ("", "a", true, "a"),
        ("b", "a", true, "a b"),
        ("a", "b", true, "a b"),
        ("a c", "b", true, "a b c"),
        ("a b", "b", false, "a b"),
        ("a", "A", true, "A a"),
    ];
    for (initial, new, inserted, expected) in table {
        let mut set = set_or_empty(initial);
        assert_eq!(set.insert(token(new)), inserted, "{initial:?} + {new:?}");
        assert_eq!(set.to_string(), expected);
    }
}

#[test]
fn test_remove() {
    // (initial, token, whether present, result)
    let table = [
        ("", "a", false, ""),
        ("a", "a", true, ""),
        ("a b c", "b", true, "a c"),
        ("a b", "A", false, "a b"),
        ("ab", "a", false, "ab"),
        ("a b", "a b", false, "a b"),
        ("a", "", false, "a"),
    ];
    for (initial, gone, removed, expected) in table {
        let mut set = set_or_empty(initial);
        assert_eq!(set.remove(gone), removed, "{initial:?} - {gone:?}");
        assert_eq!(set.to_string(), expected);
    }
}

#[test]
fn test_iter() {
    let set = set("c a d b");
    let mut iter = set.iter();
    assert_eq!(iter.len(), 4);
    assert_eq!(iter.size_hint(), (4, Some(4)));
    assert_eq!(iter.next().unwrap(), "a");
    assert_eq!(iter.len(), 3);
    assert_eq!(iter.next_back().unwrap(), "d");
    assert_eq!(iter.len(), 2);
    assert_eq!(strs(iter.by_ref()), ["b", "c"]);
    assert_eq!(iter.len(), 0);
    assert_eq!(iter.next(), None);
    assert_eq!(iter.next_back(), None);
    assert_eq!(strs(set.iter().rev()), ["d", "c", "b", "a"]);
    assert_eq!(strs(&set), ["a", "b", "c", "d"]);
}

#[test]
fn test_iter_borrows_the_input() {
    let text = String::from("openid email");
    let set = set(&text);
    let first = set.iter().next().unwrap().as_str();
    assert!(std::ptr::eq(first, &raw const text[7..]));
}

#[test]
fn test_contains() {
    let google = set(GOOGLE);
    for t in GOOGLE_TOKENS {
        assert!(google.contains(t), "{t:?}");
    }
    for t in [
        "",
        "Email",
        "mail",
        "email openid",
        "https://www.googleapis.com/auth/drive.readonly",
        "https://www.googleapis.com/auth/",
        "openid\u{a0}",
    ] {
        assert!(!google.contains(t), "{t:?}");
    }
}

#[test]
fn test_algebra() {
    // (a, b, a ∩ b, a ∪ b, a − b, a △ b, [a ⊆ b, a ⊇ b, disjoint]), "" for ∅
    #[rustfmt::skip]
    let table = [
        ("", "", "", "", "", "", [true, true, true]),
        ("", "a", "", "a", "", "a", [true, false, true]),
        ("a", "", "", "a", "a", "a", [false, true, true]),
        ("a", "a", "a", "a", "", "", [true, true, false]),
        ("a", "b", "", "a b", "a", "a b", [false, false, true]),
        ("A", "a", "", "A a", "A", "A a", [false, false, true]),
        ("a", "a:b", "", "a a:b", "a", "a a:b", [false, false, true]),
        ("a b", "b c", "b", "a b c", "a", "a c", [false, false, false]),
        ("b d", "a b c d e", "b d", "a b c d e", "", "a c e", [true, false, false]),
        ("c a b", "b a", "a b", "a b c", "c", "c", [false, true, false]),
    ];
    for (a, b, intersection, union, difference, symmetric, checks) in table {
        let case = format!("{a:?} vs {b:?}");
        let (a, b) = (set_or_empty(a), set_or_empty(b));
        assert_eq!(a.intersection(&b).to_string(), intersection, "{case}");
        assert_eq!(a.union(&b).to_string(), union, "{case}");
        assert_eq!(a.difference(&b).to_string(), difference, "{case}");
        assert_eq!(a.symmetric_difference(&b).to_string(), symmetric, "{case}");
        let actual = [a.is_subset(&b), a.is_superset(&b), a.is_disjoint(&b)];
        assert_eq!(actual, checks, "{case}: [subset, superset, disjoint]");
    }
}

/// A small set against a much larger one, where membership is checked by
/// binary search rather than by a merge.
#[test]
fn test_algebra_small_against_large() {
    let text = synthetic(1000);
    let large = set(&text);
    let table = [
        ("x:00000000", true),
        ("x:00000999", true),
        ("x:00000500 x:00000501", true),
        ("x:00001000", false),
        ("x:00000500 x:00000500x", false),
        ("a", false),
    ];
    for (small, subset) in table {
        let small = set(small);
        assert_eq!(small.is_subset(&large), subset, "{small}");
        assert_eq!(large.is_superset(&small), subset, "{small}");
        assert_eq!(small.intersection(&large) == small, subset, "{small}");
    }
    assert!(set("a b").is_disjoint(&large));
    assert!(!set("a x:00000999").is_disjoint(&large));
}

#[test]
fn test_set_semantics() {
    let equal = [
        ("b a a", "a b"),
        ("a b", "b a"),
        ("openid email openid", "email openid"),
        (GOOGLE, &set(GOOGLE).to_string()),
    ];
    for (x, y) in equal {
        assert_eq!(set(x), set(y), "{x:?} == {y:?}");
        assert_eq!(hash_of(&set(x)), hash_of(&set(y)), "{x:?} and {y:?}");
    }
    for (x, y) in [("A a", "a"), ("a b", "a"), ("a", "a:b")] {
        assert_ne!(set(x), set(y), "{x:?} != {y:?}");
    }
    assert_eq!(set("A a").len(), 2);
    let owned = set("b a").into_owned();
    assert_eq!(owned, set("a b"));
    assert_eq!(hash_of(&owned), hash_of(&set("a b")));
}

#[test]
fn test_display_and_debug() {
    let table = [
        ("b a", "a b", r#"{"a", "b"}"#),
        (
            "openid email openid",
            "email openid",
            r#"{"email", "openid"}"#,
        ),
        ("~ Z a", "Z a ~", r#"{"Z", "a", "~"}"#),
    ];
    for (text, display, debug) in table {
        let set = set(text);
        assert_eq!(set.to_string(), display);
        assert_eq!(format!("{set:?}"), debug);
        assert_eq!(String::from(set), display);
    }
    assert_eq!(ScopeSet::new().to_string(), "");
}

#[test]
fn test_into_owned() {
    let owned: ScopeSet<'static> = {
        let text = String::from(GOOGLE);
        set(&text).into_owned()
    };
    assert_eq!(owned, set(GOOGLE));
    assert_eq!(ScopeSet::new().into_owned(), ScopeSet::new());
}

#[test]
fn test_from_token() {
    let t: ScopeToken<'_> = token("openid");
    assert_members(&ScopeSet::from(t), &["openid"]);
}

#[test]
fn covers_finds_ancestors_on_either_side_of_the_token() {
    // `covers` searches for each ancestor from where the required token
    // would be: the ancestor may sort before it, after it, or be it.
    use oauth_scope::Hierarchy;
    let h = Hierarchy::builder()
        .imply("zz", "m:1")
        .imply("a", "m:2")
        .imply("m:3:x", "m:3")
        .nested("", ':')
        .build()
        .unwrap();
    let granted = ScopeSet::parse("a b c m m:3:x n zz").unwrap();
    for (required, covered) in [
        ("m:1", true),
        ("m:2", true),
        ("m:3", true),
        ("m:4", true),
        ("q:4", false),
        ("m:1 m:2 m:3 m:4 m:5:6", true),
        ("m:1 m:2 q", false),
    ] {
        let required = ScopeSet::parse(required).unwrap();
        assert_eq!(granted.covers(&required, &h), covered, "{required}");
        let naive = required
            .iter()
            .all(|r| granted.iter().any(|g| h.implies(g.as_str(), r.as_str())));
        assert_eq!(naive, covered, "{required}");
    }
}
