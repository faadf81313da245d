//! Validates a scope string, lists its tokens, and shows its canonical and
//! normalized forms under Google Drive's scope hierarchy.
//!
//! ```text
//! cargo run --example inspect -- "openid email https://www.googleapis.com/auth/drive"
//! ```

use std::process::ExitCode;

use oauth_scope::{Hierarchy, Scope};

fn main() -> ExitCode {
    let Some(input) = std::env::args().nth(1) else {
        eprintln!("usage: inspect SCOPE");
        return ExitCode::from(2);
    };
    let scope = match Scope::parse(&input) {
        Ok(scope) => scope,
        Err(err) => {
            eprint!("{}", pointer(&input, err.offset()));
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    println!("valid scope, {} tokens:", scope.len());
    for token in scope.tokens() {
        println!("  {token}");
    }
    let set = scope.to_set();
    println!("canonical ({} distinct): {set}", set.len());
    let normalized = set.normalize(&Hierarchy::google_drive());
    println!(
        "normalized under Google Drive's hierarchy ({}): {normalized}",
        normalized.len()
    );
    ExitCode::SUCCESS
}

/// Two lines: `input` as shown, and a caret under its byte `offset` (the
/// offset of a `ParseError`).
pub(crate) fn pointer(input: &str, offset: usize) -> String {
    let column = shown(&input[..offset]).chars().count();
    format!("{}\n{:column$}^\n", shown(input), "")
}

/// `text` as shown on one line: every hidden character escaped as in a Rust
/// literal (`\t`, `\u{202e}`), as the command-line tool shows it, so that
/// the caret stays under the problem and two different inputs never look
/// the same.
fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_hidden(c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `c` does not show as itself in a terminal: what a Rust literal
/// escapes, quotes and backslash aside (controls, format characters such as
/// the bidi overrides, separators other than the space, combining marks),
/// and the Hangul fillers, letters that draw nothing.
fn is_hidden(c: char) -> bool {
    let escaped = !matches!(c, '"' | '\'' | '\\') && c.escape_debug().len() > 1;
    escaped || matches!(c, '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}')
}
