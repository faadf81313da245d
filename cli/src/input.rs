//! Where the text of a scope argument comes from: the argument itself;
//! standard input, when the argument is `-`; or the `scope` or `scp` member
//! of a JSON document, with the argument's `--…-json FILE` twin (`-` for
//! standard input): an OAuth token response (RFC 6749 §5.1), an
//! introspection response (RFC 7662 §2.2) or a JWT claims set (RFC 9068
//! `scope`, or the `scp` string or array some identity providers write).
//! And what `challenge --parse` reads from its text: see [`field_value`].

use std::borrow::Cow;
use std::fs;
use std::io::{self, Read};

use oauth_scope::serde::{RawClaims, ScopeClaim};
use serde::de::IgnoredAny;
use serde::Deserialize;

/// What a scope argument gives.
pub(crate) enum Found {
    /// A scope string: the argument or standard input. It is read with the
    /// parse options (`--lenient`, `--commas`).
    Text(String),
    /// A document's `scope` or `scp` member, read as the library reads it
    /// ([`ScopeClaim::parse_with`]): a string with the parse options, each
    /// item of an `scp` array as one scope-token.
    Claim(ScopeClaim),
    /// An introspection response with `"active": false`: the token carries
    /// no scope (RFC 7662 §2.2). How to name the document in messages.
    Inactive(String),
}

/// The argument that means standard input.
const STDIN: &str = "-";

/// Reads the arguments' sources; standard input at most once.
#[derive(Default)]
pub(crate) struct Inputs {
    /// The argument that read standard input, if one did.
    stdin_read_by: Option<&'static str>,
}

impl Inputs {
    /// What a scope argument gives: `text`, given as `name`, or the scope
    /// in the JSON document `json`, given as `json_name`. Clap makes sure
    /// exactly one of them is there (an absent one reads as the empty text).
    /// Returns the name of the argument used, for messages, and what it
    /// gives.
    ///
    /// # Errors
    ///
    /// A one-line message when standard input or the file cannot be read,
    /// standard input is asked for twice, or the document gives no scope
    /// (see [`scope_member`]).
    pub(crate) fn scope(
        &mut self,
        (name, text): (&'static str, Option<&str>),
        (json_name, json): (&'static str, Option<&str>),
    ) -> Result<(&'static str, Found), String> {
        match json {
            Some(source) => {
                let (shown, document) = self.read(json_name, source)?;
                Ok((json_name, scope_member(&document, &shown, name)?))
            }
            None => Ok((
                name,
                Found::Text(self.text(name, text.unwrap_or_default())?),
            )),
        }
    }

    /// `text`, or standard input when it is `-`.
    ///
    /// # Errors
    ///
    /// As for [`scope`](Self::scope), for standard input.
    pub(crate) fn text(&mut self, name: &'static str, text: &str) -> Result<String, String> {
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

/// The scope in a JSON document, from `source`, as the library's
/// [`RawClaims`] reads it: its `scope` member, a string; or else its `scp`
/// member, a string or an array of strings. An introspection response with
/// `"active": false` gives none: its token carries no scope (RFC 7662
/// §2.2), whatever other members say.
///
/// # Errors
///
/// A one-line message naming `source` when the text is not a JSON object,
/// a member found has the wrong type or is given twice, it is an OAuth
/// error response (an `error` member, RFC 6749 §5.2), or it has neither
/// `scope` nor `scp`: the message says whether it is a token response (RFC
/// 6749 §5.1: no `scope` means the scope requested, which the document does
/// not say; it names `twin`, the argument to give that scope with) or the
/// introspection response of an active token.
pub(crate) fn scope_member(text: &str, source: &str, twin: &str) -> Result<Found, String> {
    let claims: RawClaims = serde_json::from_str(text).map_err(|err| unread(source, &err))?;
    if !claims.is_active() {
        return Ok(Found::Inactive(source.to_owned()));
    }
    let shape: Shape = serde_json::from_str(text).map_err(|err| unread(source, &err))?;
    if let Some(code) = shape.error {
        return Err(format!(
            "{source} is an OAuth error response (\"error\": {code}), not a token: \
             it carries no scope (RFC 6749 §5.2)"
        ));
    }
    match claims.scope() {
        Some(claim) => Ok(Found::Claim(claim.clone())),
        None => Err(without_scope(&shape, source, twin)),
    }
}

/// The members that say what a document without a scope is.
#[derive(Deserialize)]
struct Shape {
    active: Option<IgnoredAny>,
    error: Option<serde_json::Value>,
    access_token: Option<IgnoredAny>,
    token_type: Option<IgnoredAny>,
}

/// Why a document cannot be read, naming `source`. The message of a member
/// of the wrong type goes without `serde_json`'s position: the library tells
/// it at the end of the object, once it knows that the token is active.
fn unread(source: &str, err: &serde_json::Error) -> String {
    if err.is_data() {
        let message = err.to_string();
        let position = format!(" at line {} column {}", err.line(), err.column());
        let message = message.strip_suffix(&position).unwrap_or(&message);
        format!("{source}: {message}")
    } else {
        format!("{source} is not a JSON document: {err}")
    }
}

/// Why a document with neither `scope` nor `scp` gives no scope, naming
/// what it is.
fn without_scope(shape: &Shape, source: &str, twin: &str) -> String {
    if shape.active.is_some() {
        format!(
            "{source} is the introspection response of an active token without \"scope\" \
             (RFC 7662 §2.2): it does not say what the token may do"
        )
    } else if shape.access_token.is_some() || shape.token_type.is_some() {
        let how = if twin.starts_with('-') { "with" } else { "as" };
        format!(
            "{source} is a token response without \"scope\": RFC 6749 §5.1 then means \
             the scope requested, which only the request says; give that scope {how} {twin}"
        )
    } else {
        format!("no \"scope\" or \"scp\" member in {source}")
    }
}

/// The `WWW-Authenticate` field value in the text of `--parse`, as pasted:
/// one line, or the field's lines, ending in LF or CRLF, each one a value
/// or a field line (`WWW-Authenticate: value`, the name in any case). The
/// lines of a field are one value, joined in order with ", " (RFC 9110
/// §5.2, §5.3), each without the whitespace around it (§5.5). One line
/// without a name is the text itself, so offsets are in it.
///
/// # Errors
///
/// A message naming the line when one is another field's line (`Name:`
/// before the value).
pub(crate) fn field_value(text: &str) -> Result<Cow<'_, str>, String> {
    let mut values = Vec::new();
    let mut named = false;
    for (number, line) in (1..).zip(text.split('\n')) {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let line = line.trim_matches([' ', '\t']);
        let name = line.bytes().take_while(|&b| is_tchar(b)).count();
        let value = match line[name..].strip_prefix(':') {
            Some(value) if name > 0 => {
                let name = &line[..name];
                if !name.eq_ignore_ascii_case("WWW-Authenticate") {
                    return Err(format!(
                        "line {number} is a {name} field line, not WWW-Authenticate"
                    ));
                }
                named = true;
                value.trim_start_matches([' ', '\t'])
            }
            _ => line,
        };
        values.push(value);
    }
    Ok(if values.len() == 1 && !named {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(values.join(", "))
    })
}

/// RFC 9110 `tchar`: what a field name is made of.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}
