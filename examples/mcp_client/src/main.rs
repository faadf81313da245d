//! `mcp-client`: a small command-line MCP client over Streamable HTTP that
//! authorizes itself with OAuth 2.0 as MCP 2025-11-25 and 2026-07-28
//! describe, and takes every scope decision from `oauth-scope`: which scope
//! to request after a 401, the union to request after a 403
//! `insufficient_scope` (SEP-2350), when to add `offline_access`, when to
//! stop.
//!
//! It connects, lists the tools, calls the first one (or each one), and
//! prints what they answer:
//!
//! ```text
//! mcp-client [--client-id ID [--client-secret SECRET]] [--client-metadata-url URL]
//!            [--protocol-version VERSION] [--all-tools] SERVER_URL
//! ```
//!
//! - `--client-id`, `--client-secret`: a client registered beforehand at
//!   the authorization server. Without them the client uses its metadata
//!   document URL (`--client-metadata-url`) where the authorization server
//!   accepts one, and registers itself dynamically (RFC 7591) otherwise.
//! - `--protocol-version`: `2025-11-25` (the default; also `2025-06-18`,
//!   `2025-03-26`) or the stateless `2026-07-28`.
//! - `--all-tools`: call every tool listed, not only the first.
//!
//! The official MCP conformance suite runs it with the server URL as its
//! last argument and these variables, which it reads too:
//! `MCP_CONFORMANCE_PROTOCOL_VERSION` (the version, under
//! `--protocol-version`), `MCP_CONFORMANCE_CONTEXT` (JSON: `client_id` and
//! `client_secret` of a client registered beforehand, under the flags;
//! `toolCalls`, a list of `{name, arguments}` to call instead of the
//! default), `MCP_CONFORMANCE_SCENARIO` (printed). From the repository's
//! root, as `.ci/run` does:
//!
//! ```text
//! cargo build --release --manifest-path examples/mcp_client/Cargo.toml
//! cd tests/conformance && npm ci
//! npm exec -- conformance client --suite auth \
//!   --command "../../examples/mcp_client/target/release/mcp-client --all-tools \
//!              --client-metadata-url https://conformance-test.local/client-metadata.json"
//! ```
//!
//! It speaks plain `http` only (no TLS), as to the suite's servers on
//! localhost. When an authorization server needs a person, the client
//! prints the authorization URL and waits for the browser's redirect on a
//! loopback port (RFC 8252 §7.3).
//!
//! The exit code is 0 when every call succeeded, 1 when something failed
//! (the message says what), 2 for a usage error.

mod codec;
mod error;
mod http;
mod mcp;
mod oauth;
mod url;

use std::process::ExitCode;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::mcp::Session;
use crate::oauth::{Authorizer, Client, Identity};
use crate::url::Url;

const USAGE: &str = "\
usage: mcp-client [--client-id ID [--client-secret SECRET]] [--client-metadata-url URL]
                  [--protocol-version VERSION] [--all-tools] SERVER_URL";

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(error) => {
            eprintln!("mcp-client: {error}");
            if matches!(error, Error::Usage(_)) {
                eprintln!("{USAGE}");
            }
            error.exit_code()
        }
    }
}

fn run() -> Result<ExitCode> {
    let Some(options) = Options::read(std::env::args().skip(1))? else {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    };
    if let Ok(scenario) = std::env::var("MCP_CONFORMANCE_SCENARIO") {
        eprintln!(
            "mcp-client: scenario {scenario}, protocol version {}",
            options.version
        );
    }
    let auth = Authorizer::new(options.server.clone(), options.identity);
    let mut session = Session::connect(options.server, &options.version, auth)?;
    let tools = session.list_tools()?;
    let names: Vec<&str> = tools.iter().map(|t| t.name.as_str()).collect();
    println!("tools: {}", names.join(", "));

    let calls: Vec<(String, Map<String, Value>)> = match options.tool_calls {
        Some(calls) => calls,
        None => names
            .iter()
            .take(if options.all_tools { names.len() } else { 1 })
            .map(|&name| (name.to_owned(), Map::new()))
            .collect(),
    };
    let mut failed = 0;
    for (name, arguments) in calls {
        match session.call_tool(&name, &arguments) {
            Ok(result) => {
                print_result(&name, &result);
                if result.get("isError") == Some(&Value::Bool(true)) {
                    failed += 1;
                }
            }
            // The server refused this call: say so, and go on with the next.
            Err(error @ (Error::Rpc { .. } | Error::Usage(_))) => {
                eprintln!("mcp-client: {name}: {error}");
                failed += 1;
            }
            Err(error) => return Err(error),
        }
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Prints a tool's answer: its text content as text, other content as
/// JSON.
fn print_result(name: &str, result: &Value) {
    let error = if result.get("isError") == Some(&Value::Bool(true)) {
        " (error)"
    } else {
        ""
    };
    println!("{name}{error}:");
    let content = result
        .get("content")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    for item in content {
        match (
            item.get("type").and_then(Value::as_str),
            item.get("text").and_then(Value::as_str),
        ) {
            (Some("text"), Some(text)) => println!("  {text}"),
            _ => println!("  {item}"),
        }
    }
    if let Some(structured) = result.get("structuredContent") {
        println!("  {structured}");
    }
}

/// The command line and the conformance suite's variables, read together.
#[derive(Debug)]
struct Options {
    server: Url,
    version: String,
    identity: Identity,
    all_tools: bool,
    tool_calls: Option<Vec<(String, Map<String, Value>)>>,
}

impl Options {
    /// `None` for `--help`.
    fn read(mut args: impl Iterator<Item = String>) -> Result<Option<Self>> {
        let mut client_id = None;
        let mut client_secret = None;
        let mut metadata_url = None;
        let mut version = None;
        let mut all_tools = false;
        let mut server = None;
        while let Some(arg) = args.next() {
            let mut value = |flag: &str| {
                args.next()
                    .ok_or_else(|| Error::Usage(format!("{flag} needs a value")))
            };
            match arg.as_str() {
                "-h" | "--help" => return Ok(None),
                "--client-id" => client_id = Some(value(&arg)?),
                "--client-secret" => client_secret = Some(value(&arg)?),
                "--client-metadata-url" => metadata_url = Some(value(&arg)?),
                "--protocol-version" => version = Some(value(&arg)?),
                "--all-tools" => all_tools = true,
                flag if flag.starts_with('-') => {
                    return Err(Error::Usage(format!("unknown option {flag}")));
                }
                _ if server.is_some() => {
                    return Err(Error::Usage(format!(
                        "one server URL only (also got {arg})"
                    )));
                }
                _ => server = Some(arg),
            }
        }
        let Some(server) = server else {
            return Err(Error::Usage("no server URL".to_owned()));
        };
        let server = Url::parse(&server).map_err(|e| Error::Usage(e.to_string()))?;

        let context = match std::env::var("MCP_CONFORMANCE_CONTEXT") {
            Ok(text) => serde_json::from_str::<Value>(&text)
                .map_err(|e| Error::Usage(format!("MCP_CONFORMANCE_CONTEXT is not JSON: {e}")))?,
            Err(_) => Value::Null,
        };
        let text = |name: &str| context.get(name).and_then(Value::as_str).map(str::to_owned);
        let client_id = client_id.or_else(|| text("client_id"));
        let client_secret = client_secret.or_else(|| text("client_secret"));
        if client_secret.is_some() && client_id.is_none() {
            return Err(Error::Usage("--client-secret needs --client-id".to_owned()));
        }
        let version = version
            .or_else(|| std::env::var("MCP_CONFORMANCE_PROTOCOL_VERSION").ok())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| mcp::STATEFUL[0].to_owned());
        let tool_calls = match context.get("toolCalls") {
            None => None,
            Some(calls) => Some(read_tool_calls(calls)?),
        };
        Ok(Some(Self {
            server,
            version,
            identity: Identity {
                preregistered: client_id.map(|id| Client {
                    id,
                    secret: client_secret,
                    auth_method: None,
                }),
                metadata_url,
            },
            all_tools,
            tool_calls,
        }))
    }
}

/// `toolCalls` of the conformance context: `[{"name": …, "arguments": {…}}]`.
fn read_tool_calls(calls: &Value) -> Result<Vec<(String, Map<String, Value>)>> {
    let wrong = || {
        Error::Usage(
            "MCP_CONFORMANCE_CONTEXT: toolCalls is not a list of {name, arguments}".to_owned(),
        )
    };
    let mut out = Vec::new();
    for call in calls.as_array().ok_or_else(wrong)? {
        let name = call.get("name").and_then(Value::as_str).ok_or_else(wrong)?;
        let arguments = match call.get("arguments") {
            None => Map::new(),
            Some(Value::Object(arguments)) => arguments.clone(),
            Some(_) => return Err(wrong()),
        };
        out.push((name.to_owned(), arguments));
    }
    Ok(out)
}
