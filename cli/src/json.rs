//! The tool's JSON: `serde_json`'s compact form, with every hidden character
//! (see [`is_hidden`]) written as a `\uXXXX` escape. `serde_json` escapes only
//! what JSON requires (`"`, `\` and C0 controls), so a bidi override in an
//! input would reach the terminal raw and show the line reversed; escaped,
//! the text reads as it is, and a JSON reader gets the same string.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, Serializer};

use crate::shown::is_hidden;

/// `value` in JSON, on one line, with no hidden character raw.
pub(crate) fn to_string(value: &impl Serialize) -> String {
    let mut out = Vec::new();
    value
        .serialize(&mut Serializer::with_formatter(&mut out, Escaping))
        .expect("a report is plain JSON data");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// `serde_json`'s compact formatter, escaping hidden characters as well.
struct Escaping;

impl Formatter for Escaping {
    /// Writes a run of a string that `serde_json` leaves unescaped, escaping
    /// its hidden characters as UTF-16 code units (two for a character
    /// outside the BMP), as JSON writes them.
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (at, c) in fragment.char_indices() {
            if is_hidden(c) {
                writer.write_all(&fragment.as_bytes()[start..at])?;
                for unit in c.encode_utf16(&mut [0; 2]) {
                    write!(writer, "\\u{unit:04x}")?;
                }
                start = at + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_escaped_and_read_back() {
        let text = "a\u{202e}b\u{85}c\u{7f}d\u{200b}e\u{e0041}f\té\"\\";
        let json = to_string(&text);
        assert_eq!(
            json,
            r#""a\u202eb\u0085c\u007fd\u200be\udb40\udc41f\té\"\\""#
        );
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
        assert_eq!(to_string(&[("k\u{2066}", 1)]), r#"[["k\u2066",1]]"#);
    }
}
