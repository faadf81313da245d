//! The hierarchy file of `--hierarchy FILE`: the rules of a [`Hierarchy`],
//! one per line.
//!
//! ```text
//! # repo implies each token after `=>`.
//! repo => repo:status public_repo
//! # admin:org => write:org => read:org
//! chain admin:org write:org read:org
//! # Inside the namespace, …/drive implies …/drive.readonly.
//! nested https://www.googleapis.com/auth/ .
//! # "" is the empty namespace: hydra implies hydra.clients.
//! nested "" .
//! # A `*` segment matches: user:* implies user:email.
//! wildcard :
//! ```
//!
//! A line is split into words at ASCII whitespace. Blank lines are ignored,
//! and so is a line whose first word starts with `#`; a `#` anywhere else
//! belongs to a token, since `#` is a legal scope-token character. The rules
//! are those of [`HierarchyBuilder`]:
//!
//! - `PARENT => CHILD…`: [`imply_all`](HierarchyBuilder::imply_all), with at
//!   least one child. A line that is not a comment and whose second word is
//!   `=>` is always this rule, so `chain => x` declares an edge from the
//!   token `chain`.
//! - `chain A B C…`: [`chain`](HierarchyBuilder::chain), with at least two
//!   tokens.
//! - `nested NAMESPACE SEP`: [`nested`](HierarchyBuilder::nested). `""`
//!   stands for the empty namespace; no token can be confused with it,
//!   because `"` is not a scope-token character.
//! - `wildcard SEP`: [`wildcard`](HierarchyBuilder::wildcard).
//!
//! Every token must be a valid scope-token and every separator a single
//! character that is valid in one. The first mistake is reported with its
//! line number.

use std::fmt;

use oauth_scope::{Hierarchy, HierarchyBuilder, ScopeToken};

/// The format in brief, for `--help`.
pub const FORMAT: &str = "\
Hierarchy file (--hierarchy FILE), one rule per line; blank lines and lines
starting with # are ignored:
  repo => repo:status public_repo
      repo implies each token after =>
  chain admin:org write:org read:org
      admin:org implies write:org, which implies read:org
  nested https://www.googleapis.com/auth/ .
      inside the namespace, .../drive implies .../drive.readonly
  nested \"\" .
      the same in the empty namespace: hydra implies hydra.clients
  wildcard :
      a * segment matches segments: user:* implies user:email";

/// A mistake in a hierarchy file: its line (from 1) and what is wrong.
#[derive(Debug)]
pub struct Error {
    line: usize,
    message: String,
}

impl fmt::Display for Error {
    /// `LINE: MESSAGE`, to follow the file's name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.line, self.message)
    }
}

/// Reads the rules in `text`.
///
/// # Errors
///
/// The first line that is not a rule, or that names an invalid token or
/// separator.
pub fn parse(text: &str) -> Result<Hierarchy, Error> {
    let mut builder = Hierarchy::builder();
    for (index, line) in text.lines().enumerate() {
        let words: Vec<&str> = line.split_ascii_whitespace().collect();
        builder = declare(builder, &words).map_err(|message| Error {
            line: index + 1,
            message,
        })?;
    }
    Ok(builder
        .build()
        .expect("every token and separator was checked on its line"))
}

/// Adds the rule on one line, already split into words.
fn declare(builder: HierarchyBuilder, words: &[&str]) -> Result<HierarchyBuilder, String> {
    match words {
        [] => Ok(builder),
        [first, ..] if first.starts_with('#') => Ok(builder),
        [parent, "=>"] => Err(format!("{parent} => needs at least one child")),
        [parent, "=>", children @ ..] => Ok(builder.imply_all(token(parent)?, tokens(children)?)),
        ["chain", chain @ ..] if chain.len() >= 2 => Ok(builder.chain(tokens(chain)?)),
        ["chain", ..] => Err("chain needs at least two tokens".into()),
        ["nested", namespace, sep] => Ok(builder.nested(namespace_of(namespace)?, separator(sep)?)),
        ["nested", ..] => {
            Err("nested takes a namespace and a separator: nested NAMESPACE SEP".into())
        }
        ["wildcard", sep] => Ok(builder.wildcard(separator(sep)?)),
        ["wildcard", ..] => Err("wildcard takes one separator: wildcard SEP".into()),
        [first, ..] => Err(format!(
            "unknown rule {first:?}; expected PARENT => CHILD..., chain, nested or wildcard"
        )),
    }
}

/// `word`, if it is a valid scope-token.
fn token(word: &str) -> Result<&str, String> {
    ScopeToken::new(word)
        .map(|t| t.as_str())
        .map_err(|err| format!("invalid token {word:?}: {err}"))
}

/// `words`, if each is a valid scope-token.
fn tokens<'w>(words: &[&'w str]) -> Result<Vec<&'w str>, String> {
    words.iter().map(|w| token(w)).collect()
}

/// The namespace `word` stands for: `""` is the empty one.
fn namespace_of(word: &str) -> Result<&str, String> {
    match word {
        "\"\"" => Ok(""),
        _ => token(word),
    }
}

/// The separator `word` stands for: one character that a scope-token may
/// hold.
fn separator(word: &str) -> Result<char, String> {
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (Some(sep), None) if ScopeToken::new(word).is_ok() => Ok(sep),
        _ => Err(format!(
            "invalid separator {word:?}: expected one character from ! # through [ and ] through ~"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn error(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn every_rule() {
        let h = parse(
            "# GitHub\n\
             repo => repo:status public_repo\n\
             \n\
             chain admin:org write:org read:org\n\
             \t nested https://www.googleapis.com/auth/ .\n\
             nested \"\" /\n\
             wildcard :\n",
        )
        .unwrap();
        assert!(h.implies("repo", "public_repo"));
        assert!(h.implies("admin:org", "read:org"));
        assert!(h.implies(
            "https://www.googleapis.com/auth/drive",
            "https://www.googleapis.com/auth/drive.readonly"
        ));
        assert!(h.implies("hydra", "hydra/clients"));
        assert!(h.implies("user:*", "user:email"));
        assert!(!h.implies("repo", "delete_repo"));
    }

    #[test]
    fn keywords_are_tokens_before_an_arrow() {
        let h = parse("chain => nested wildcard\n#x => y").unwrap();
        assert!(h.implies("chain", "wildcard"));
        assert!(!h.implies("#x", "y"));
    }

    #[test]
    fn errors_name_the_line() {
        let cases = [
            ("a => b\nrepo =>", "2: repo => needs at least one child"),
            ("chain a", "1: chain needs at least two tokens"),
            (
                "nested x",
                "1: nested takes a namespace and a separator: nested NAMESPACE SEP",
            ),
            (
                "wildcard",
                "1: wildcard takes one separator: wildcard SEP",
            ),
            (
                "\n\nimply a b",
                "3: unknown rule \"imply\"; expected PARENT => CHILD..., chain, nested or wildcard",
            ),
            (
                "repo => ré",
                "1: invalid token \"ré\": invalid character 'é' (U+00E9) at byte 1; \
                 a scope-token allows ! # through [ and ] through ~",
            ),
            (
                "wildcard ::",
                "1: invalid separator \"::\": expected one character from ! # through [ and ] through ~",
            ),
            (
                "nested x \\",
                "1: invalid separator \"\\\\\": expected one character from ! # through [ and ] through ~",
            ),
        ];
        for (text, message) in cases {
            assert_eq!(error(text), message, "{text:?}");
        }
    }
}
