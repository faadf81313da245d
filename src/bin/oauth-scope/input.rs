//! Where the text of a scope argument comes from: the argument itself;
//! standard input, when the argument is `-`; or the `scope` or `scp` member
//! of a JSON document, with the argument's `--…-json FILE` twin (`-` for
//! standard input): an OAuth token response (RFC 6749 §5.1), an
//! introspection response (RFC 7662 §2.2) or a JWT claims set (RFC 9068
//! `scope`, or the `scp` string or array some identity providers write).

use std::fs;
use std::io::{self, Read};

use serde_json::Value;

/// The argument that means standard input.
const STDIN: &str = "-";

/// Reads the arguments' sources; standard input at most once.
#[derive(Default)]
pub struct Inputs {
    /// The argument that read standard input, if one did.
    stdin_read_by: Option<&'static str>,
}

impl Inputs {
    /// The text of a scope argument: `text`, given as `name`, or the scope
    /// in the JSON document `json`, given as `json_name`. Clap makes sure
    /// exactly one of them is there (an absent one reads as the empty text).
    /// Returns the name of the argument used, for messages, and the text.
    ///
    /// # Errors
    ///
    /// A one-line message when standard input or the file cannot be read,
    /// standard input is asked for twice, the document is not JSON, or it
    /// has no string `scope` member and no `scp` string or array of strings.
    pub fn scope(
        &mut self,
        (name, text): (&'static str, Option<&str>),
        (json_name, json): (&'static str, Option<&str>),
    ) -> Result<(&'static str, String), String> {
        match json {
            Some(source) => {
                let (shown, document) = self.read(json_name, source)?;
                Ok((json_name, scope_member(&document, &shown)?))
            }
            None => Ok((name, self.text(name, text.unwrap_or_default())?)),
        }
    }

    /// `text`, or standard input when it is `-`.
    ///
    /// # Errors
    ///
    /// As for [`scope`](Self::scope), for standard input.
    pub fn text(&mut self, name: &'static str, text: &str) -> Result<String, String> {
        if text == STDIN {
            self.stdin(name)
        } else {
            Ok(text.to_owned())
        }
    }

    /// The JSON document in `source` (a file, or `-`): how to name the
    /// source in messages, and its text.
    fn read(&mut self, name: &'static str, source: &str) -> Result<(String, String), String> {
        if source == STDIN {
            return Ok(("standard input".to_owned(), self.stdin(name)?));
        }
        let text = fs::read_to_string(source)
            .map_err(|err| format!("{name}: cannot read {source}: {err}"))?;
        Ok((source.to_owned(), text))
    }

    /// Standard input, without one trailing newline (`\n` or `\r\n`), as
    /// `echo` and here-strings add one.
    fn stdin(&mut self, name: &'static str) -> Result<String, String> {
        if let Some(first) = self.stdin_read_by.replace(name) {
            return Err(format!(
                "{first} and {name} both read standard input ('-'); only one can"
            ));
        }
        let mut text = String::new();
        io::stdin()
            .read_to_string(&mut text)
            .map_err(|err| format!("{name}: cannot read standard input: {err}"))?;
        if text.ends_with('\n') {
            text.pop();
            if text.ends_with('\r') {
                text.pop();
            }
        }
        Ok(text)
    }
}

/// The scope text in a JSON document: its `scope` member, a string; or else
/// its `scp` member, a string or an array of strings (joined with spaces).
///
/// # Errors
///
/// A one-line message naming `source` when the text is not a JSON object,
/// the member found has another type, or neither member is there.
pub fn scope_member(text: &str, source: &str) -> Result<String, String> {
    let document: Value = serde_json::from_str(text)
        .map_err(|err| format!("{source} is not a JSON document: {err}"))?;
    let Value::Object(members) = document else {
        return Err(format!(
            "{source} is {}, not a JSON object",
            type_name(&document)
        ));
    };
    if let Some(scope) = members.get("scope") {
        return match scope {
            Value::String(text) => Ok(text.clone()),
            other => Err(format!(
                "the \"scope\" member in {source} is {}, not a string",
                type_name(other)
            )),
        };
    }
    match members.get("scp") {
        Some(Value::String(text)) => Ok(text.clone()),
        Some(Value::Array(items)) => {
            let tokens: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
            tokens.map(|t| t.join(" ")).ok_or_else(|| {
                format!(
                    "the \"scp\" member in {source} is an array with an item that is not a string"
                )
            })
        }
        Some(other) => Err(format!(
            "the \"scp\" member in {source} is {}, not a string or an array of strings",
            type_name(other)
        )),
        None => Err(format!("no \"scope\" or \"scp\" member in {source}")),
    }
}

/// What a JSON value is, for messages.
fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
