//! `Scope`: the strict grammar at every position, and its tokens.

mod util;

use oauth_scope::{ErrorKind, Scope};

use crate::util::{
    assert_err, assert_err_msg, is_nqchar, scope, set, strs, synthetic, ALLOWED, BETWEEN, GOOGLE,
    GOOGLE_TOKENS, MUST_START, RFC6750_TOKEN,
};

#[track_caller]
fn assert_tokens(text: &str, expected: &[&str]) {
    let scope = scope(text);
    assert_eq!(strs(scope.tokens()), expected, "tokens of {text:?}");
    assert_eq!(scope.len(), expected.len(), "len of {text:?}");
    let mut reversed = expected.to_vec();
    reversed.reverse();
    assert_eq!(
        strs(scope.tokens().rev()),
        reversed,
        "rev tokens of {text:?}"
    );
    assert_eq!(strs(&scope), expected, "IntoIterator of {text:?}");
}

#[test]
fn test_every_nqchar_in_every_position() {
    for b in (0u8..=0x7F).filter(|&b| is_nqchar(b)) {
        let c = char::from(b);
        assert_tokens(&format!("{c}"), &[&format!("{c}")]);
        assert_tokens(&format!("{c}x"), &[&format!("{c}x")]);
        assert_tokens(&format!("x{c}"), &[&format!("x{c}")]);
        assert_tokens(&format!("x{c}x"), &[&format!("x{c}x")]);
        assert_tokens(&format!("x {c} x"), &["x", &format!("{c}"), "x"]);
    }
}

#[test]
fn test_tokens() {
    let table: &[(&str, &[&str])] = &[
        ("a", &["a"]),
        ("a b c", &["a", "b", "c"]),
        ("! # ~ [ ]", &["!", "#", "~", "[", "]"]),
        ("b a b", &["b", "a", "b"]),
        ("repo,gist", &["repo,gist"]),
        ("a=b c&d", &["a=b", "c&d"]),
        ("user:email read:org", &["user:email", "read:org"]),
        ("api://app/.default", &["api://app/.default"]),
        ("user:* *", &["user:*", "*"]),
        ("[scope] ~user", &["[scope]", "~user"]),
        ("openid profile email", &["openid", "profile", "email"]),
        (
            "https://graph.microsoft.com/User.Read offline_access",
            &["https://graph.microsoft.com/User.Read", "offline_access"],
        ),
        (
            "urn:ietf:params:oauth:grant-type:jwt-bearer urn:example:read",
            &[
                "urn:ietf:params:oauth:grant-type:jwt-bearer",
                "urn:example:read",
            ],
        ),
        (RFC6750_TOKEN, &[RFC6750_TOKEN]),
        (GOOGLE, &GOOGLE_TOKENS),
    ];
    for (text, expected) in table {
        assert_tokens(text, expected);
    }
    assert_eq!(scope(GOOGLE).len(), 11);
}

#[test]
fn test_tokens_from_both_ends() {
    let scope = scope("a b c d");
    let mut tokens = scope.tokens();
    assert_eq!(tokens.next().unwrap(), "a");
    assert_eq!(tokens.next_back().unwrap(), "d");
    assert_eq!(tokens.next().unwrap(), "b");
    assert_eq!(tokens.next_back().unwrap(), "c");
    assert_eq!(tokens.next(), None);
    assert_eq!(tokens.next_back(), None);
    assert_eq!(tokens.next(), None);
}

#[test]
fn test_tokens_borrow_the_input() {
    let text = String::from("openid email");
    let scope = scope(&text);
    assert!(std::ptr::eq(scope.as_str(), text.as_str()));
    let last = scope.tokens().next_back().unwrap().as_str();
    assert!(std::ptr::eq(last, &raw const text[7..]));
}

#[test]
fn test_empty() {
    assert_err_msg(
        Scope::parse(""),
        ErrorKind::Empty,
        0,
        "empty scope; expected at least one scope-token",
    );
}

#[test]
fn test_separator_errors() {
    // (input, offset of the offending space, what the message expects)
    let table = [
        (" ", 0, MUST_START),
        ("  ", 0, MUST_START),
        (" a", 0, MUST_START),
        (" \"", 0, MUST_START),
        ("a ", 1, BETWEEN),
        ("a  ", 2, BETWEEN),
        ("a  b", 2, BETWEEN),
        ("a   b", 2, BETWEEN),
        ("a b  c", 4, BETWEEN),
        // The first problem is the one reported.
        ("a  \"b", 2, BETWEEN),
    ];
    for (text, offset, expected) in table {
        let message = format!("unexpected separator at byte {offset}; {expected}");
        assert_err_msg(Scope::parse(text), ErrorKind::EmptyToken, offset, &message);
        assert_err_msg(
            Scope::try_from(text),
            ErrorKind::EmptyToken,
            offset,
            &message,
        );
    }
}

#[test]
fn test_invalid_chars() {
    // (input, the character, its offset, how the message shows it)
    let table = [
        ("\ta", '\t', 0, r"'\t' (U+0009)"),
        ("a\tb", '\t', 1, r"'\t' (U+0009)"),
        ("a \tb", '\t', 2, r"'\t' (U+0009)"),
        ("a\r\nb", '\r', 1, r"'\r' (U+000D)"),
        ("openid\n", '\n', 6, r"'\n' (U+000A)"),
        ("openid \"profile\"", '"', 7, r#"'"' (U+0022)"#),
        ("a\\b", '\\', 1, r"'\\' (U+005C)"),
        ("a\u{7f}", '\u{7f}', 1, r"'\u{7f}' (U+007F)"),
        ("\0", '\0', 0, r"'\0' (U+0000)"),
        ("a \u{1b}[0m", '\u{1b}', 2, r"'\u{1b}' (U+001B)"),
        ("openid\u{a0}email", '\u{a0}', 6, r"'\u{a0}' (U+00A0)"),
        ("openid café", 'é', 10, "'é' (U+00E9)"),
        ("🎉", '🎉', 0, "'🎉' (U+1F389)"),
        ("a b🎉", '🎉', 3, "'🎉' (U+1F389)"),
        // The first problem is the one reported.
        ("a\"  b", '"', 1, r#"'"' (U+0022)"#),
        ("\" ", '"', 0, r#"'"' (U+0022)"#),
    ];
    for (text, c, offset, shown) in table {
        let kind = ErrorKind::InvalidChar(c);
        let message = format!("invalid character {shown} at byte {offset}; {ALLOWED}");
        assert_err_msg(Scope::parse(text), kind, offset, &message);
        assert_err_msg(Scope::try_from(text), kind, offset, &message);
    }
}

/// Five tokens in 44 bytes: a problem at each position lands somewhere else
/// in the eight-byte words that the strict recognizer reads.
const WORDS: &str = "abcdefgh ijklmnop qrstuvwx yz012345 6789ABCD";

fn replace_at(text: &str, at: usize, c: char) -> String {
    format!("{}{c}{}", &text[..at], &text[at + 1..])
}

#[test]
fn test_invalid_char_at_every_position() {
    for at in 0..WORDS.len() {
        for c in ['"', '\\', '\t', '\u{7f}', '\u{a0}', '🎉'] {
            let text = replace_at(WORDS, at, c);
            assert_err(Scope::parse(&text), ErrorKind::InvalidChar(c), at);
        }
    }
}

#[test]
fn test_space_at_every_position() {
    let bytes = WORDS.as_bytes();
    let last = WORDS.len() - 1;
    assert_err(
        Scope::parse(&replace_at(WORDS, 0, ' ')),
        ErrorKind::EmptyToken,
        0,
    );
    assert_err(
        Scope::parse(&replace_at(WORDS, last, ' ')),
        ErrorKind::EmptyToken,
        last,
    );
    // Inside the text, a space in place of a token byte splits the token,
    // unless it makes a double space: then the second space is reported.
    for at in (1..last).filter(|&at| bytes[at] != b' ') {
        let text = replace_at(WORDS, at, ' ');
        if bytes[at - 1] == b' ' {
            assert_err(Scope::parse(&text), ErrorKind::EmptyToken, at);
        } else if bytes[at + 1] == b' ' {
            assert_err(Scope::parse(&text), ErrorKind::EmptyToken, at + 1);
        } else {
            assert_eq!(scope(&text).len(), 6, "{text:?}");
        }
    }
}

#[test]
fn test_contains() {
    let google = scope(GOOGLE);
    for t in GOOGLE_TOKENS {
        assert!(google.contains(t), "{t:?}");
    }
    let absent = [
        "",
        "Email",
        "EMAIL",
        "mail",
        "emai",
        "email openid",
        "drive",
        "https://www.googleapis.com/auth/drive.photos",
        "https://www.googleapis.com/auth/drive.readonly",
        "https://www.googleapis.com/auth/",
    ];
    for t in absent {
        assert!(!google.contains(t), "{t:?}");
    }
}

#[test]
fn test_len_and_to_set() {
    let table = [
        ("a", 1, "a"),
        ("b a b", 3, "a b"),
        ("a A a", 3, "A a"),
        ("openid email openid", 3, "email openid"),
    ];
    for (text, len, canonical) in table {
        let scope = scope(text);
        assert_eq!(scope.len(), len, "{text:?}");
        assert_eq!(scope.to_set().to_string(), canonical, "{text:?}");
        assert_eq!(scope.to_set(), set(text), "{text:?}");
    }
    assert_eq!(scope(GOOGLE).to_set(), set(GOOGLE));
}

#[test]
fn test_as_str_and_fmt() {
    for text in ["b a b", RFC6750_TOKEN, GOOGLE] {
        let scope = scope(text);
        assert_eq!(scope.as_str(), text);
        assert_eq!(scope.to_string(), text);
        assert_eq!(AsRef::<str>::as_ref(&scope), text);
        assert_eq!(format!("{scope:?}"), format!("Scope({text:?})"));
    }
}

#[test]
fn test_large_scope() {
    let text = synthetic(100_000);
    assert!(text.len() >= 1 << 20, "{} bytes", text.len());
    let scope = scope(&text);
    assert_eq!(scope.len(), 100_000);
    assert_eq!(scope.tokens().count(), 100_000);
    assert_eq!(scope.tokens().next_back().unwrap(), "x:00099999");
    assert!(scope.contains("x:00050000"));
    assert_eq!(scope.to_set().len(), 100_000);

    let mut invalid = text.clone();
    invalid.push('"');
    assert_err(
        Scope::parse(&invalid),
        ErrorKind::InvalidChar('"'),
        text.len(),
    );
}
