//! `oauth-scope`: validate, normalize, check and narrow OAuth 2.0 scopes from
//! the shell (feature `cli`).
//!
//! Each subcommand reads its scope arguments (from the command line, from
//! standard input, or from a JSON document: see [`input`]), asks the
//! library, and prints a
//! [`Report`]: text for people, or JSON with `--json`. The exit status gives
//! the verdict (see [`ExitCode`]); `main` sets it in one place.

// The doc comments of the command-line types are the `--help` text, where
// backticks would be printed.
#![allow(clippy::doc_markdown)]

mod exit_codes;
mod input;
mod json;
mod report;
mod shown;

use std::convert::Infallible;
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use clap::{Args, Parser, Subcommand};
use oauth_scope::{
    BearerChallenge, ChallengeError, ErrorCode, Hierarchy, ParseOptions, Requirement, ScopeSet,
    ScopeToken,
};

use crate::exit_codes::ExitCode;
use crate::input::{Found, Inputs};
use crate::report::{
    ArgumentError, Challenged, Checked, Narrowed, NormalizeReport, Report, Valid, ERRORS,
};
use crate::shown::shown;

/// Where scope arguments can come from, for `--help`.
const INPUT: &str = "\
Input:
  A scope argument (or --parse's header) of - is read from standard input,
  without one trailing newline; only one argument can read it. (The scope
  \"-\" itself, a valid scope-token, is given that way: echo - | … validate -.)
  Every scope argument has a --…-json FILE twin (--scope-json, --granted-json,
  --required-json, --requested-json, --allowed-json) that reads the scope from
  a JSON document: a token response, an introspection response or JWT claims
  (its \"scope\" string, or else its \"scp\" string or array, each item of
  which is one scope-token; --lenient and --commas apply to strings only).
  FILE - is standard input:
    curl -s … /token | oauth-scope validate --scope-json -";

/// The hierarchy file in brief, for `--help`; `Hierarchy::from_rules` reads
/// it and documents it in full.
const HIERARCHY_FILE: &str = "\
Hierarchy file (--hierarchy FILE), one rule per line; a # at the start of a
line or after a space starts a comment:
  repo => repo:status public_repo
      repo implies each token after =>
  chain admin:org write:org read:org
      admin:org implies write:org, which implies read:org
  nested https://www.googleapis.com/auth/ .
      inside the namespace, .../drive implies .../drive.readonly
  nested \"\" .
      the same in the empty namespace: hydra implies hydra.clients
  wildcard :
      a * segment matches segments: user:* implies user:email
A token that begins with # is written in double quotes: \"#team\".";

/// Validate, normalize, check and narrow OAuth 2.0 scopes (RFC 6749 §3.3).
#[derive(Parser)]
#[command(name = "oauth-scope", version)]
#[command(after_help = format!("{}\n\n{ERRORS}\n\n{INPUT}\n\n{HIERARCHY_FILE}", exit_codes::HELP))]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Accept runs of separators and separators at either end ("" is then
    /// the empty scope)
    #[arg(long, global = true)]
    lenient: bool,
    /// Also split on commas, as GitHub writes scopes (repo,gist)
    #[arg(long, global = true)]
    commas: bool,
    /// Print one JSON object; scopes are canonical strings
    #[arg(long, global = true)]
    json: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Check that a scope is well formed, or point at the first problem
    Validate {
        /// The scope, as sent on the wire (- reads standard input)
        #[arg(required_unless_present = "scope_json")]
        scope: Option<String>,
        /// Read the scope from this JSON document's "scope" or "scp" member
        /// (- reads standard input)
        #[arg(long, value_name = "FILE", conflicts_with = "scope")]
        scope_json: Option<String>,
    },
    /// Print the canonical scope and the normalized one under a hierarchy
    Normalize {
        /// The scope, as sent on the wire (- reads standard input)
        #[arg(required_unless_present = "scope_json")]
        scope: Option<String>,
        /// Read the scope from this JSON document's "scope" or "scp" member
        /// (- reads standard input)
        #[arg(long, value_name = "FILE", conflicts_with = "scope")]
        scope_json: Option<String>,
        #[command(flatten)]
        hierarchy: HierarchyOption,
    },
    /// Check that a granted scope covers a required one; say what covers what
    Check {
        /// The scope held, e.g. an access token's (- reads standard input)
        #[arg(long, value_name = "SCOPE", required_unless_present = "granted_json")]
        granted: Option<String>,
        /// Read the granted scope from this JSON document (a token or
        /// introspection response, JWT claims)
        #[arg(long, value_name = "FILE", conflicts_with = "granted")]
        granted_json: Option<String>,
        /// The scope needed, e.g. by a protected resource (- reads standard
        /// input)
        #[arg(long, value_name = "SCOPE", required_unless_present = "required_json")]
        required: Option<String>,
        /// Read the required scope from this JSON document
        #[arg(long, value_name = "FILE", conflicts_with = "required")]
        required_json: Option<String>,
        #[command(flatten)]
        hierarchy: HierarchyOption,
    },
    /// Narrow a requested scope to what a client is allowed, as an
    /// authorization server would
    Narrow {
        /// The scope the client asked for (- reads standard input)
        #[arg(long, value_name = "SCOPE", required_unless_present = "requested_json")]
        requested: Option<String>,
        /// Read the requested scope from this JSON document
        #[arg(long, value_name = "FILE", conflicts_with = "requested")]
        requested_json: Option<String>,
        /// The scope the client may have (- reads standard input)
        #[arg(long, value_name = "SCOPE", required_unless_present = "allowed_json")]
        allowed: Option<String>,
        /// Read the allowed scope from this JSON document
        #[arg(long, value_name = "FILE", conflicts_with = "allowed")]
        allowed_json: Option<String>,
        #[command(flatten)]
        hierarchy: HierarchyOption,
    },
    /// Render a WWW-Authenticate Bearer challenge (RFC 6750 §3), or read one
    /// with --parse
    Challenge(ChallengeArgs),
}

/// `challenge`: the attributes to render, or a header to read.
#[derive(Args)]
#[command(group = clap::ArgGroup::new("granted_in").args(["granted", "granted_json"]))]
#[command(group = clap::ArgGroup::new("required_in").args(["required", "required_json"]))]
struct ChallengeArgs {
    /// Read this WWW-Authenticate header value (it may hold several
    /// challenges) instead of rendering one (- reads standard input). Pasted
    /// field lines ("WWW-Authenticate: …", or several lines) are one value,
    /// joined with ", " as RFC 9110 §5.3 combines them
    #[arg(long, value_name = "HEADER", conflicts_with_all = [
        "realm", "error", "error_description", "error_uri", "resource_metadata",
        "scope", "scope_json", "granted", "granted_json", "required", "required_json",
    ])]
    parse: Option<String>,
    /// The realm attribute
    #[arg(long)]
    realm: Option<String>,
    /// The error code: invalid_request, invalid_token, insufficient_scope, …
    #[arg(long)]
    error: Option<String>,
    /// The error_description attribute
    #[arg(long, value_name = "TEXT")]
    error_description: Option<String>,
    /// The error_uri attribute
    #[arg(long, value_name = "URI")]
    error_uri: Option<String>,
    /// The resource_metadata attribute: the URL of the resource's OAuth
    /// metadata (RFC 9728 §5.1)
    #[arg(long, value_name = "URL")]
    resource_metadata: Option<String>,
    /// The scope attribute (- reads standard input)
    #[arg(long, value_name = "SCOPE", conflicts_with = "required_in")]
    scope: Option<String>,
    /// Read the scope attribute from this JSON document's "scope" or "scp"
    /// member
    #[arg(long, value_name = "FILE", conflicts_with_all = ["scope", "required_in"])]
    scope_json: Option<String>,
    /// With --required: the insufficient_scope challenge for this granted
    /// scope, naming the whole required scope (- reads standard input)
    #[arg(long, value_name = "SCOPE", requires = "required_in")]
    granted: Option<String>,
    /// Read the granted scope from this JSON document
    #[arg(
        long,
        value_name = "FILE",
        requires = "required_in",
        conflicts_with = "granted"
    )]
    granted_json: Option<String>,
    /// With --granted: the scope the resource requires (- reads standard
    /// input)
    #[arg(long, value_name = "SCOPE", requires = "granted_in")]
    required: Option<String>,
    /// Read the required scope from this JSON document
    #[arg(
        long,
        value_name = "FILE",
        requires = "granted_in",
        conflicts_with = "required"
    )]
    required_json: Option<String>,
    #[command(flatten)]
    hierarchy: HierarchyOption,
}

impl ChallengeArgs {
    /// The challenge these arguments describe, or the one read with --parse.
    fn challenge(
        &self,
        header: Option<&str>,
        mut read: impl FnMut(Arg<'_>, Arg<'_>) -> Result<ScopeSet<'static>, Failure>,
        hierarchy: &Hierarchy,
    ) -> Result<BearerChallenge, Failure> {
        let refused = |argument: &'static str| {
            move |err: ChallengeError| {
                Failure::from(ArgumentError::invalid_attribute(argument, &err))
            }
        };
        if let Some(text) = header {
            let header = input::field_value(text).map_err(ArgumentError::invalid_header)?;
            return BearerChallenge::parse(&header)
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
            BearerChallenge::for_requirement(&Requirement::all(required), &granted, hierarchy)
                .ok_or_else(|| Failure::from(ArgumentError::covered()))?
        } else {
            BearerChallenge::new()
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

/// `--hierarchy`, for the subcommands that reason with one.
#[derive(Args)]
struct HierarchyOption {
    /// Which scopes imply which: exact (none but itself), github,
    /// google-drive, or a hierarchy file (format in `oauth-scope --help`;
    /// write ./github for a file of that name)
    #[arg(long, value_name = "H", default_value = "exact")]
    hierarchy: HierarchyArg,
}

/// How a built-in hierarchy is made.
type BuiltIn = fn() -> Hierarchy;

/// The built-in hierarchies, by the names `--hierarchy` takes.
const BUILT_IN: [(&str, BuiltIn); 3] = [
    ("exact", Hierarchy::exact),
    ("github", Hierarchy::github),
    ("google-drive", Hierarchy::google_drive),
];

/// A hierarchy as `--hierarchy` names it.
#[derive(Clone)]
enum HierarchyArg {
    BuiltIn(BuiltIn),
    File(PathBuf),
}

impl FromStr for HierarchyArg {
    type Err = Infallible;

    /// A built-in name, or else the path of a file.
    fn from_str(arg: &str) -> Result<Self, Infallible> {
        Ok(match BUILT_IN.iter().find(|(name, _)| *name == arg) {
            Some(&(_, hierarchy)) => HierarchyArg::BuiltIn(hierarchy),
            None => HierarchyArg::File(arg.into()),
        })
    }
}

impl HierarchyArg {
    /// The hierarchy, read from its file if need be.
    ///
    /// # Errors
    ///
    /// A one-line message when the file cannot be read or has a mistake.
    /// A bare word that names no file may be a built-in name mistyped: the
    /// message then lists the built-in names.
    fn load(&self) -> Result<Hierarchy, String> {
        Ok(match self {
            HierarchyArg::BuiltIn(hierarchy) => hierarchy(),
            HierarchyArg::File(path) => {
                let name = path.display();
                let text = fs::read_to_string(path).map_err(|err| {
                    if is_bare_name(path) {
                        let names: Vec<&str> = BUILT_IN.iter().map(|(name, _)| *name).collect();
                        format!(
                            "--hierarchy: {name} is neither a built-in hierarchy ({}) \
                             nor a readable file: {err}",
                            names.join(", ")
                        )
                    } else {
                        format!("cannot read hierarchy file {name}: {err}")
                    }
                })?;
                Hierarchy::from_rules(&text).map_err(|err| format!("{name}: {err}"))?
            }
        })
    }
}

/// Whether `path` is one bare name, with no directory: what a mistyped
/// built-in name looks like.
fn is_bare_name(path: &Path) -> bool {
    let mut parts = path.components();
    matches!(
        (parts.next(), parts.next()),
        (Some(Component::Normal(_)), None)
    )
}

impl Cli {
    fn parse_options(&self) -> ParseOptions {
        let options = if self.lenient {
            ParseOptions::lenient()
        } else {
            ParseOptions::strict()
        };
        options.commas(self.commas)
    }
}

impl Command {
    /// The hierarchy the subcommand reasons with, if it takes one.
    fn hierarchy(&self) -> Option<&HierarchyArg> {
        match self {
            Command::Validate { .. } => None,
            Command::Normalize { hierarchy, .. }
            | Command::Check { hierarchy, .. }
            | Command::Narrow { hierarchy, .. } => Some(&hierarchy.hierarchy),
            Command::Challenge(args) => Some(&args.hierarchy.hierarchy),
        }
    }

    /// Reads the scope arguments and works out the report.
    fn report(
        &self,
        options: &ParseOptions,
        hierarchy: &Hierarchy,
        inputs: &mut Inputs,
    ) -> Result<Report, Failure> {
        // The header to read, first: `scopes` below holds `inputs`.
        let header = match self {
            Command::Challenge(ChallengeArgs {
                parse: Some(header),
                ..
            }) => Some(inputs.text("--parse", header).map_err(Failure::Usage)?),
            _ => None,
        };
        let mut scopes = Scopes { inputs, options };
        Ok(match self {
            Command::Validate { scope, scope_json } => Report::Valid(Valid::new(&scopes.read(
                ("SCOPE", scope.as_deref()),
                ("--scope-json", scope_json.as_deref()),
            )?)),
            Command::Normalize {
                scope, scope_json, ..
            } => {
                let scope = scopes.read(
                    ("SCOPE", scope.as_deref()),
                    ("--scope-json", scope_json.as_deref()),
                )?;
                Report::Normalized(NormalizeReport::new(&scope, hierarchy))
            }
            Command::Check {
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
            Command::Narrow {
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
            Command::Challenge(args) => Report::Challenge(Box::new(Challenged::new(
                &args.challenge(header.as_deref(), |t, j| scopes.read(t, j), hierarchy)?,
            ))),
        })
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
            Found::Items(items) => read_items(argument, &items)?.into_owned(),
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
        Failure::Argument(error)
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

/// The scope of an `scp` array: each item one scope-token, whatever the
/// parse options, as the library's serde reads it.
fn read_items<'a>(
    argument: &'static str,
    items: &'a [String],
) -> Result<ScopeSet<'a>, ArgumentError> {
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            ScopeToken::new(item)
                .map_err(|err| ArgumentError::invalid_item(argument, index, item, &err))
        })
        .collect()
}

/// A usage error: the one line to print, and status 2.
struct Usage(String);

/// The command line, or `None` when there is nothing to run: help and
/// version print as clap prints them.
///
/// # Errors
///
/// A usage error, clap's message as one line.
fn parse_command_line() -> Result<Option<Cli>, Usage> {
    use clap::error::ErrorKind;
    let err = match Cli::try_parse() {
        Ok(cli) => return Ok(Some(cli)),
        Err(err) => err,
    };
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        // Help and version go to stdout; if that fails there is nothing to add.
        let _ = err.print();
        return Ok(None);
    }
    // clap's message, up to its first blank line, as one line.
    let rendered = err.render().to_string();
    let message: Vec<&str> = rendered
        .lines()
        .map(str::trim)
        .take_while(|line| !line.is_empty())
        .collect();
    let message = message.join(" ");
    let message = match message.strip_prefix("error: ") {
        Some(m) if !m.is_empty() => m,
        _ => "a subcommand is required",
    };
    Err(Usage(format!("{message} (see 'oauth-scope --help')")))
}

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
    let Some(cli) = parse_command_line()? else {
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
