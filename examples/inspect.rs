//! Validates a scope string, lists its tokens, and shows its canonical and
//! minimal forms under Google Drive's scope hierarchy.
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
            // Point at the offending character.
            let column = input[..err.offset()].chars().count();
            eprintln!("{input}");
            eprintln!("{:column$}^", "");
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
    let minimal = set.normalize(&Hierarchy::google_drive());
    println!(
        "minimal under Google Drive's hierarchy ({}): {minimal}",
        minimal.len()
    );
    ExitCode::SUCCESS
}
