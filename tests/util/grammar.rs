//! RFC 6749's scope grammar as plain loops over bytes: the model that the
//! tests and the fuzz targets hold the crate to.
//!
//! ```text
//! scope       = scope-token *( SP scope-token )      ; §3.3
//! scope-token = 1*NQCHAR
//! NQCHAR      = %x21 / %x23-5B / %x5D-7E             ; Appendix A.4
//! NQSCHAR     = %x20-21 / %x23-5B / %x5D-7E          ; Appendix A.7
//! ```
//!
//! It depends on nothing but `alloc`, so the crate's unit tests, the
//! integration tests (through `tests/util`), the benches and the fuzz crate
//! all include this one file.

#![allow(dead_code)]

extern crate alloc;

use alloc::vec::Vec;

/// `NQCHAR`, written out from RFC 6749 Appendix A.4.
pub(crate) fn is_nqchar(b: u8) -> bool {
    b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b)
}

/// `NQSCHAR` (RFC 6749 Appendix A.7): `NQCHAR` and SP.
pub(crate) fn is_nqschar(b: u8) -> bool {
    b == b' ' || is_nqchar(b)
}

/// The first problem of a text that is not a scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    /// The text is empty.
    Empty,
    /// A separator with no token on one side of it.
    EmptyToken,
    /// A character that is neither a token character nor a separator.
    InvalidChar(char),
}

/// Strict RFC 6749 §3.3 form, read left to right: the tokens, or the first
/// problem and its byte offset.
///
/// `""` is `Empty` at 0. Otherwise the first byte that is one of these is
/// the problem:
/// - neither NQCHAR nor SP: `InvalidChar` with the character starting there
///   (every byte before it is ASCII, so it starts a character);
/// - a SP at byte 0 (leading), a SP right after a SP (the second of a double
///   space: the first one is a fine separator until then), or a SP as the
///   last byte (trailing): `EmptyToken` at that SP.
///
/// So `"  a"` fails at 0, `"a  b"` at 2, `"a "` at 1 and `"a  "` at 2.
pub(crate) fn strict(text: &str) -> Result<Vec<&str>, (Problem, usize)> {
    let bytes = text.as_bytes();
    if bytes.is_empty() {
        return Err((Problem::Empty, 0));
    }
    let mut tokens = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b' ' {
            if i == 0 || bytes[i - 1] == b' ' || i == bytes.len() - 1 {
                return Err((Problem::EmptyToken, i));
            }
            tokens.push(&text[start..i]);
            start = i + 1;
        } else if !is_nqchar(b) {
            let c = text[i..].chars().next().expect("a character starts here");
            return Err((Problem::InvalidChar(c), i));
        }
    }
    tokens.push(&text[start..]);
    Ok(tokens)
}

/// Whether `bytes` is in strict form, said another way: split at every SP,
/// each part is a non-empty run of NQCHAR. A second reading of the grammar,
/// to check [`strict`] against.
pub(crate) fn is_strict(bytes: &[u8]) -> bool {
    !bytes.is_empty()
        && bytes
            .split(|&b| b == b' ')
            .all(|t| !t.is_empty() && t.iter().all(|&b| is_nqchar(b)))
}

/// Lenient form: the tokens between runs of separators, or the first byte
/// that is neither a separator nor NQCHAR.
pub(crate) fn lenient(
    text: &str,
    is_separator: impl Fn(u8) -> bool,
) -> Result<Vec<&str>, (Problem, usize)> {
    if let Some(i) = text.bytes().position(|b| !is_separator(b) && !is_nqchar(b)) {
        let c = text[i..].chars().next().expect("a character starts here");
        return Err((Problem::InvalidChar(c), i));
    }
    Ok(text
        .split(|c: char| c.is_ascii() && is_separator(c as u8))
        .filter(|t| !t.is_empty())
        .collect())
}
