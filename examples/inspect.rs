//! Validates a scope string and shows its tokens and its canonical set.
//!
//! ```text
//! cargo run --example inspect -- "openid email https://www.googleapis.com/auth/drive"
//! ```

use std::process::ExitCode;

use oauth_scope::{Scope, ScopeSet};

fn main() -> ExitCode {
    let Some(input) = std::env::args().nth(1) else {
        eprintln!("usage: inspect SCOPE");
        return ExitCode::from(2);
    };
    let scope = match Scope::parse(&input) {
        Ok(scope) => scope,
        Err(err) => {
            eprintln!("{input}");
            eprintln!(
                "{:>width$}^",
                "",
                width = input[..err.offset()].chars().count()
            );
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    println!("valid scope, {} tokens:", scope.len());
    for token in scope.tokens() {
        println!("  {token}");
    }
    let set: ScopeSet<'_> = scope.to_set();
    println!("canonical ({} distinct): {set}", set.len());
    ExitCode::SUCCESS
}
