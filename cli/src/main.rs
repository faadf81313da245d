//! `oauth-scope`: validate, normalize, check and narrow OAuth 2.0 scopes from
//! the shell.
//!
//! [`cli`] declares the command line; this file carries it out. Each
//! subcommand reads its scope arguments (from the command line, from
//! standard input, or from a JSON document: see [`input`]), asks the
//! library, and prints a
//! [`Report`]: text for people, or JSON with `--json`. The exit status gives
//! the verdict (see [`ExitCode`]); `main` sets it in one place.

mod cli;
mod exit_codes;
mod input;
mod json;
mod report;
mod shown;

use std::io::{self, Write};

use oauth_scope::{
    Challenge, ChallengeError, ErrorCode, Hierarchy, ParseOptions, Requirement, ScopeSet,
};

use oauth_scope::serde::ScopeClaim;

use crate::cli::{ChallengeArgs, Command};
use crate::exit_codes::ExitCode;
use crate::input::{Found, Inputs};
use crate::report::{ArgumentError, Challenged, Checked, Narrowed, NormalizeReport, Report, Valid};
use crate::shown::shown;

impl Command {
    /// Reads the scope arguments and works out the report.
    fn report(
        &self,
        options: &ParseOptions,
        hierarchy: &Hierarchy,
        inputs: &mut Inputs,
    ) -> Result<Report, Failure> {
        // The header to read, first: `scopes` below holds `inputs`.
        let header = match self {
            Self::Challenge(ChallengeArgs {
                parse: Some(header),
                ..
            }) => Some(inputs.text("--parse", header).map_err(Failure::Usage)?),
            _ => None,
        };
        let mut scopes = Scopes { inputs, options };
        Ok(match self {
            Self::Validate { scope, scope_json } => Report::Valid(Valid::new(&scopes.read(
                ("SCOPE", scope.as_deref()),
                ("--scope-json", scope_json.as_deref()),
            )?)),
            Self::Normalize {
                scope, scope_json, ..
            } => {
                let scope = scopes.read(
                    ("SCOPE", scope.as_deref()),
                    ("--scope-json", scope_json.as_deref()),
                )?;
                Report::Normalized(NormalizeReport::new(&scope, hierarchy))
            }
            Self::Check {
                granted,
                granted_json,
                required,
                required_json,
                ..
            } => {
                let granted = scopes.granted(
                    ("--granted", granted.as_deref()),
                    ("--granted-json", granted_json.as_deref()),
                )?;
                let required = scopes.read(
                    ("--required", required.as_deref()),
                    ("--required-json", required_json.as_deref()),
                )?;
                Report::Checked(match granted {
                    Granted::Scope(granted) => Checked::new(&granted, &required, hierarchy),
                    Granted::Inactive { argument, source } => {
                        Checked::inactive(&required, argument, &source)
                    }
                })
            }
            Self::Narrow {
                requested,
                requested_json,
                allowed,
                allowed_json,
                ..
            } => {
                let requested = scopes.read(
                    ("--requested", requested.as_deref()),
                    ("--requested-json", requested_json.as_deref()),
                )?;
                let allowed = scopes.read(
                    ("--allowed", allowed.as_deref()),
                    ("--allowed-json", allowed_json.as_deref()),
                )?;
                Report::Narrowed(Narrowed::new(&requested.narrow(&allowed, hierarchy)))
            }
            Self::Challenge(args) => Report::Challenge(Box::new(Challenged::new(
                &args.challenge(header.as_deref(), |t, j| scopes.read(t, j), hierarchy)?,
            ))),
        })
    }
}

impl ChallengeArgs {
    /// The challenge these arguments describe, or the one read with --parse.
    fn challenge(
        &self,
        header: Option<&str>,
        mut read: impl FnMut(Arg<'_>, Arg<'_>) -> Result<ScopeSet<'static>, Failure>,
        hierarchy: &Hierarchy,
    ) -> Result<Challenge, Failure> {
        let refused = |argument: &'static str| {
            move |err: ChallengeError| {
                Failure::from(ArgumentError::invalid_attribute(argument, &err))
            }
        };
        if let Some(text) = header {
            let header = input::field_value(text).map_err(ArgumentError::invalid_header)?;
            return Challenge::parse(&header)
                .map_err(|err| ArgumentError::invalid_challenge(&header, &err).into());
        }
        let has_granted = self.granted.is_some() || self.granted_json.is_some();
        let has_required = self.required.is_some() || self.required_json.is_some();
        let mut challenge = if has_granted && has_required {
            let required = read(
                ("--required", self.required.as_deref()),
                ("--required-json", self.required_json.as_deref()),
            )?;
            let granted = read(
                ("--granted", self.granted.as_deref()),
                ("--granted-json", self.granted_json.as_deref()),
            )?;
            Challenge::for_requirement(&Requirement::all(required), &granted, hierarchy)
                .ok_or_else(|| Failure::from(ArgumentError::covered()))?
        } else {
            Challenge::new()
        };
        if self.scope.is_some() || self.scope_json.is_some() {
            let scope = read(
                ("--scope", self.scope.as_deref()),
                ("--scope-json", self.scope_json.as_deref()),
            )?;
            challenge = challenge.with_scope(&scope);
        }
        if let Some(realm) = &self.realm {
            challenge = challenge.with_realm(realm).map_err(refused("--realm"))?;
        }
        if let Some(code) = &self.error {
            challenge = challenge.with_error(ErrorCode::new(code).map_err(refused("--error"))?);
        }
        if let Some(text) = &self.error_description {
            challenge = challenge
                .with_error_description(text)
                .map_err(refused("--error-description"))?;
        }
        if let Some(uri) = &self.error_uri {
            challenge = challenge
                .with_error_uri(uri)
                .map_err(refused("--error-uri"))?;
        }
        if let Some(url) = &self.resource_metadata {
            challenge = challenge
                .with_resource_metadata(url)
                .map_err(refused("--resource-metadata"))?;
        }
        Ok(challenge)
    }
}

/// Reads scope arguments: finds them (see [`Inputs`]), then parses them.
struct Scopes<'r> {
    inputs: &'r mut Inputs,
    options: &'r ParseOptions,
}

impl Scopes<'_> {
    /// The scope a scope argument gives, `text` or its JSON twin `json`.
    /// An inactive token is an invalid argument here: it carries no scope
    /// (RFC 7662 §2.2), so it cannot be what is required, requested or
    /// allowed, nor a scope to validate or to name in a challenge.
    fn read(&mut self, text: Arg<'_>, json: Arg<'_>) -> Result<ScopeSet<'static>, Failure> {
        match self.granted(text, json)? {
            Granted::Scope(scope) => Ok(scope),
            Granted::Inactive { argument, source } => {
                Err(ArgumentError::inactive(argument, &source).into())
            }
        }
    }

    /// The scope a granted scope argument gives, where an inactive token
    /// grants nothing.
    fn granted(&mut self, text: Arg<'_>, json: Arg<'_>) -> Result<Granted, Failure> {
        let (argument, found) = self.inputs.scope(text, json).map_err(Failure::Usage)?;
        let scope = match found {
            Found::Text(text) => read_scope(argument, &text, self.options)?.into_owned(),
            Found::Claim(claim) => read_claim(argument, &claim, self.options)?.into_owned(),
            Found::Inactive(source) => return Ok(Granted::Inactive { argument, source }),
        };
        Ok(Granted::Scope(scope))
    }
}

/// What a granted scope argument gives.
enum Granted {
    Scope(ScopeSet<'static>),
    /// An inactive token (RFC 7662 §2.2), given as `argument`, in `source`.
    Inactive {
        argument: &'static str,
        source: String,
    },
}

/// A scope argument as clap gives it: its name, and its value if given.
type Arg<'a> = (&'static str, Option<&'a str>);

/// Why there is no report of the usual kind.
enum Failure {
    /// An argument cannot be used: reported like an answer, in text or JSON,
    /// and the status is 1.
    Argument(ArgumentError),
    /// An input cannot be read: one line, and the status is 2.
    Usage(String),
}

impl From<ArgumentError> for Failure {
    fn from(error: ArgumentError) -> Self {
        Self::Argument(error)
    }
}

/// Parses the value of a scope argument.
fn read_scope<'a>(
    argument: &'static str,
    input: &'a str,
    options: &ParseOptions,
) -> Result<ScopeSet<'a>, ArgumentError> {
    ScopeSet::parse_with(input, options)
        .map_err(|err| ArgumentError::invalid_scope(argument, input, &err))
}

/// The scope of a document's member, as the library reads it: a string
/// with the parse options, each item of an `scp` array one scope-token.
fn read_claim<'a>(
    argument: &'static str,
    claim: &'a ScopeClaim,
    options: &ParseOptions,
) -> Result<ScopeSet<'a>, ArgumentError> {
    claim
        .parse_with(options)
        .map_err(|err| match (claim, err.item()) {
            (ScopeClaim::ScpItems(items), Some(index)) => {
                ArgumentError::invalid_item(argument, &items[index], &err)
            }
            (ScopeClaim::Scope(text) | ScopeClaim::Scp(text), _) => {
                ArgumentError::invalid_scope(argument, text, err.parse_error())
            }
            _ => unreachable!("an item error comes from an array"),
        })
}

/// A usage error: the one line to print, and status 2.
struct Usage(String);

fn main() -> std::process::ExitCode {
    let code = match run() {
        Ok(code) => code,
        Err(Usage(message)) => {
            // A usage error either way, written or not.
            // It may quote an argument or a file name: shown, not raw.
            let _ = writeln!(io::stderr(), "error: {}", shown(&message));
            ExitCode::UsageError
        }
    };
    code.into()
}

/// Carries out the command line: prints the report and says how the run
/// ends.
///
/// # Errors
///
/// A usage error, for `main` to print.
fn run() -> Result<ExitCode, Usage> {
    let Some(cli) = cli::parse().map_err(Usage)? else {
        return Ok(ExitCode::Success);
    };
    let hierarchy = match cli.command.hierarchy() {
        None => Hierarchy::exact(),
        Some(arg) => arg.load().map_err(Usage)?,
    };
    let report = match cli
        .command
        .report(&cli.parse_options(), &hierarchy, &mut Inputs::default())
    {
        Ok(report) => report,
        Err(Failure::Argument(error)) => error.into(),
        Err(Failure::Usage(message)) => return Err(Usage(message)),
    };
    let written = if cli.json {
        let json = json::to_string(&report);
        write_all(io::stdout().lock(), format_args!("{json}\n"))
    } else if report.is_diagnostic() {
        write_all(io::stderr().lock(), format_args!("{report}"))
    } else {
        write_all(io::stdout().lock(), format_args!("{report}"))
    };
    if written.is_err() {
        // A pipe closed by its reader, a full disk: the answer is lost, and
        // there is nowhere left to say so.
        return Ok(ExitCode::UsageError);
    }
    Ok(if report.succeeded() {
        ExitCode::Success
    } else {
        ExitCode::Failure
    })
}

/// Writes `text` to `out` and flushes it.
fn write_all(mut out: impl Write, text: std::fmt::Arguments<'_>) -> io::Result<()> {
    out.write_fmt(text)?;
    out.flush()
}
