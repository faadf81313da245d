//! How the tool (and the `inspect` example, which includes this file) shows
//! an input on one line under a caret.

/// `text` as shown on one line: control characters (TAB, CR, LF, …) escaped
/// as in a Rust literal. Printed as they are, a TAB or a CR would move the
/// rest of the line and an LF would break it, and the caret would point at
/// the wrong place.
pub fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}
