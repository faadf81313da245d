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
            eprintln!("{}", err.annotate(&input));
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
