//! `ScopeToken`: validation, and `Eq`, `Ord` and `Hash` as `str` has them.

mod util;

use std::cmp::Ordering;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeSet, HashSet};
use std::hash::{Hash, Hasher};
use std::panic;

use oauth_scope::{ErrorKind, ScopeToken};

use crate::util::{
    assert_err, assert_err_msg, is_nqchar, token, ALLOWED, GOOGLE_TOKENS, RFC6750_TOKEN,
};

/// Tokens that differ in case, length, prefix and punctuation, for the
/// comparison tests.
const SAMPLES: &[&str] = &[
    "!",
    "#",
    "A",
    "B",
    "Z[",
    "]",
    "a",
    "a.b",
    "a:b",
    "ab",
    "b",
    "email",
    "openid",
    "~",
    "~~",
    "https://www.googleapis.com/auth/drive",
    "https://www.googleapis.com/auth/drive.readonly",
    RFC6750_TOKEN,
];

fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

#[test]
fn test_new() {
    let valid = [
        "a",
        "!",
        "~",
        "openid",
        "repo,gist",
        "user:*",
        "[]",
        RFC6750_TOKEN,
        GOOGLE_TOKENS[2],
    ];
    for text in valid {
        let t = token(text);
        assert_eq!(t.as_str(), text);
        assert!(std::ptr::eq(t.as_str(), text), "{text:?} was copied");
        assert_eq!(ScopeToken::try_from(text), Ok(t));
    }
}

#[test]
fn test_new_errors() {
    assert_err_msg(
        ScopeToken::new(""),
        ErrorKind::Empty,
        0,
        "empty scope; expected at least one scope-token",
    );
    // (input, the character, its offset, how the message shows it)
    let table = [
        (" ", ' ', 0, "' ' (U+0020)"),
        ("read write", ' ', 4, "' ' (U+0020)"),
        ("openid ", ' ', 6, "' ' (U+0020)"),
        ("a\"b\\", '"', 1, r#"'"' (U+0022)"#),
        ("ab\\", '\\', 2, r"'\\' (U+005C)"),
    ];
    for (text, c, offset, shown) in table {
        let message = format!("invalid character {shown} at byte {offset}; {ALLOWED}");
        let kind = ErrorKind::InvalidChar(c);
        assert_err_msg(ScopeToken::new(text), kind, offset, &message);
        assert_err_msg(ScopeToken::try_from(text), kind, offset, &message);
    }
}

#[test]
fn test_from_static() {
    const OPENID: ScopeToken<'static> = ScopeToken::from_static("openid");
    assert_eq!(OPENID.as_str(), "openid");
    assert_eq!(OPENID, token("openid"));
    assert_eq!(
        ScopeToken::from_static(RFC6750_TOKEN).as_str(),
        RFC6750_TOKEN
    );
}

#[test]
fn test_from_static_panics_on_invalid() {
    for text in ["", " ", "read write", "\"", "\\", "a\tb", "café"] {
        let payload = panic::catch_unwind(|| ScopeToken::from_static(text))
            .expect_err(&format!("from_static({text:?}) should panic"));
        let message = payload.downcast_ref::<&str>().copied().unwrap_or_default();
        assert_eq!(
            message,
            "invalid scope-token: a scope-token is one or more of ! # through [ and ] through ~"
        );
    }
}

#[test]
fn test_every_ascii_byte_alone() {
    let mut valid = 0;
    for b in 0u8..=0x7F {
        let c = char::from(b);
        let text: &'static str = Box::leak(c.to_string().into_boxed_str());
        let from_static_panics = panic::catch_unwind(|| ScopeToken::from_static(text)).is_err();
        if is_nqchar(b) {
            valid += 1;
            assert_eq!(token(text).as_str(), text);
            assert!(!from_static_panics, "from_static({text:?}) panicked");
        } else {
            assert_err(ScopeToken::new(text), ErrorKind::InvalidChar(c), 0);
            assert!(from_static_panics, "from_static({text:?}) accepted");
        }
    }
    // Printable ASCII is 0x21..=0x7E (94 bytes), less '"' and '\'.
    assert_eq!(valid, 92);
}

#[test]
fn test_every_ascii_byte_inside() {
    for b in 0u8..=0x7F {
        let c = char::from(b);
        let text = format!("a{c}b");
        if is_nqchar(b) {
            assert_eq!(token(&text).as_str(), text);
        } else {
            assert_err(ScopeToken::new(&text), ErrorKind::InvalidChar(c), 1);
        }
    }
}

#[test]
fn test_non_ascii() {
    // (character, its UTF-8 length): the offset is where the character starts,
    // and the error carries the whole decoded character.
    let chars = [('é', 2), ('\u{a0}', 2), ('🎉', 4), ('\u{2028}', 3)];
    for (c, utf8_len) in chars {
        assert_eq!(c.len_utf8(), utf8_len);
        for (text, offset) in [
            (format!("{c}ab"), 0),
            (format!("a{c}b"), 1),
            (format!("ab{c}"), 2),
            (format!("open{c}id{c}"), 4),
        ] {
            assert_err(ScopeToken::new(&text), ErrorKind::InvalidChar(c), offset);
        }
    }
}

#[test]
fn test_eq_ord_hash_match_str() {
    for &x in SAMPLES {
        assert_eq!(hash_of(&token(x)), hash_of(x), "{x:?}");
        assert_eq!(hash_of(&token(x)), hash_of(&x), "{x:?}");
        for &y in SAMPLES {
            let (tx, ty) = (token(x), token(y));
            assert_eq!(tx.cmp(&ty), x.cmp(y), "{x:?} cmp {y:?}");
            assert_eq!(tx.partial_cmp(&ty), Some(x.cmp(y)), "{x:?} cmp {y:?}");
            assert_eq!(tx == ty, x == y, "{x:?} == {y:?}");
        }
    }
}

#[test]
fn test_case_sensitive() {
    assert_ne!(token("openid"), token("OpenID"));
    assert_eq!(token("A").cmp(&token("a")), Ordering::Less);
    assert_ne!(hash_of(&token("Email")), hash_of(&token("email")));
}

#[test]
fn test_partial_eq_str() {
    let t = token("openid");
    assert!(t == *"openid");
    assert!(*"openid" == t);
    assert!(t == "openid");
    assert!("openid" == t);
    assert!(t != *"OpenID");
    assert!(*"openi" != t);
    assert!(t != "openid ");
    assert!("" != t);
}

#[test]
fn test_borrow_str_lookup() {
    let btree: BTreeSet<ScopeToken<'_>> = GOOGLE_TOKENS.iter().map(|t| token(t)).collect();
    let hash: HashSet<ScopeToken<'_>> = GOOGLE_TOKENS.iter().map(|t| token(t)).collect();
    for text in GOOGLE_TOKENS {
        assert_eq!(btree.get(text).map(ScopeToken::as_str), Some(text));
        assert_eq!(hash.get(text).map(ScopeToken::as_str), Some(text));
    }
    for absent in [
        "Email",
        "mail",
        "https://www.googleapis.com/auth/drive.readonly",
        "",
    ] {
        assert!(!btree.contains(absent), "{absent:?}");
        assert!(!hash.contains(absent), "{absent:?}");
    }
}

#[test]
fn test_fmt_and_conversions() {
    let t = token(RFC6750_TOKEN);
    let copy = t;
    assert_eq!(t.to_string(), RFC6750_TOKEN);
    assert_eq!(format!("{t:?}"), format!("{RFC6750_TOKEN:?}"));
    assert_eq!(format!("{:?}", token("a'b")), r#""a'b""#);
    assert_eq!(AsRef::<str>::as_ref(&copy), RFC6750_TOKEN);
}

/// Bytes 0x80–0xFF cannot stand alone in a `&str`; each appears here as the
/// character with that code (two bytes of UTF-8), alone and inside a token.
#[test]
fn test_every_latin1_character() {
    for code in 0x80u32..=0xFF {
        let c = char::from_u32(code).unwrap();
        assert_err(
            ScopeToken::new(&c.to_string()),
            ErrorKind::InvalidChar(c),
            0,
        );
        assert_err(
            ScopeToken::new(&format!("a{c}b")),
            ErrorKind::InvalidChar(c),
            1,
        );
        let err = oauth_scope::Scope::parse(&format!("ok a{c}b")).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidChar(c), 4));
    }
}
