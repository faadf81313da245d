//! How the tool shows an input on one line under a caret.

use std::fmt::Write as _;

/// `text` as shown on one line: every [hidden](is_hidden) character escaped
/// as in a Rust literal (`\t`, `\u{202e}`). Printed as they are, a TAB or a
/// CR would move the rest of the line and an LF would break it, a bidi
/// override would show the text reversed, and a zero-width character would
/// not show at all; the caret would point at the wrong place, and two
/// different inputs could look the same.
pub(crate) fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_hidden(c) && c.escape_debug().len() == 1 {
            // The Hangul fillers, which `escape_debug` leaves as they are.
            // Writing to a String cannot fail.
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else if is_hidden(c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `c` does not show as itself in a terminal: what a Rust literal
/// escapes, quotes and backslash aside (controls, C1 ones too; format
/// characters such as the bidi embeddings, overrides and isolates U+202A to
/// U+202E and U+2066 to U+2069, the zero-width ones and U+FEFF; separators
/// other than the space, U+2028 among them; combining marks, which draw on
/// the character before), and the Hangul fillers, letters that draw nothing.
pub(crate) fn is_hidden(c: char) -> bool {
    let escaped = !matches!(c, '"' | '\'' | '\\') && c.escape_debug().len() > 1;
    escaped || matches!(c, '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}')
}
