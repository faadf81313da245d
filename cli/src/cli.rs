//! The command line: the clap types, whose doc comments are the `--help`
//! text, and the hierarchy `--hierarchy` names. `main` carries them out.

// The doc comments here are the `--help` text, where backticks would be
// printed.
#![allow(clippy::doc_markdown)]

use std::convert::Infallible;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use clap::{Args, Parser, Subcommand};
use oauth_scope::{Hierarchy, ParseOptions};

use crate::exit_codes;
use crate::report::ERRORS;

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
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    /// Accept runs of separators and separators at either end ("" is then
    /// the empty scope)
    #[arg(long, global = true)]
    lenient: bool,
    /// Also split on commas, as GitHub writes scopes (repo,gist)
    #[arg(long, global = true)]
    commas: bool,
    /// Print one JSON object; scopes are canonical strings
    #[arg(long, global = true)]
    pub(crate) json: bool,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
pub(crate) struct ChallengeArgs {
    /// Read this WWW-Authenticate header value (it may hold several
    /// challenges) instead of rendering one (- reads standard input). Pasted
    /// field lines ("WWW-Authenticate: …", or several lines) are one value,
    /// joined with ", " as RFC 9110 §5.3 combines them
    #[arg(long, value_name = "HEADER", conflicts_with_all = [
        "realm", "error", "error_description", "error_uri", "resource_metadata",
        "scope", "scope_json", "granted", "granted_json", "required", "required_json",
    ])]
    pub(crate) parse: Option<String>,
    /// The realm attribute
    #[arg(long)]
    pub(crate) realm: Option<String>,
    /// The error code: invalid_request, invalid_token, insufficient_scope, …
    #[arg(long)]
    pub(crate) error: Option<String>,
    /// The error_description attribute
    #[arg(long, value_name = "TEXT")]
    pub(crate) error_description: Option<String>,
    /// The error_uri attribute
    #[arg(long, value_name = "URI")]
    pub(crate) error_uri: Option<String>,
    /// The resource_metadata attribute: the URL of the resource's OAuth
    /// metadata (RFC 9728 §5.1)
    #[arg(long, value_name = "URL")]
    pub(crate) resource_metadata: Option<String>,
    /// The scope attribute (- reads standard input)
    #[arg(long, value_name = "SCOPE", conflicts_with = "required_in")]
    pub(crate) scope: Option<String>,
    /// Read the scope attribute from this JSON document's "scope" or "scp"
    /// member
    #[arg(long, value_name = "FILE", conflicts_with_all = ["scope", "required_in"])]
    pub(crate) scope_json: Option<String>,
    /// With --required: the insufficient_scope challenge for this granted
    /// scope, naming the whole required scope (- reads standard input)
    #[arg(long, value_name = "SCOPE", requires = "required_in")]
    pub(crate) granted: Option<String>,
    /// Read the granted scope from this JSON document
    #[arg(
        long,
        value_name = "FILE",
        requires = "required_in",
        conflicts_with = "granted"
    )]
    pub(crate) granted_json: Option<String>,
    /// With --granted: the scope the resource requires (- reads standard
    /// input)
    #[arg(long, value_name = "SCOPE", requires = "granted_in")]
    pub(crate) required: Option<String>,
    /// Read the required scope from this JSON document
    #[arg(
        long,
        value_name = "FILE",
        requires = "granted_in",
        conflicts_with = "required"
    )]
    pub(crate) required_json: Option<String>,
    #[command(flatten)]
    hierarchy: HierarchyOption,
}

/// `--hierarchy`, for the subcommands that reason with one.
#[derive(Args)]
pub(crate) struct HierarchyOption {
    /// Which scopes imply which: exact (none but itself), github,
    /// google-drive, smart-on-fhir (SMART App Launch v2 clinical scopes), or
    /// a hierarchy file (format in `oauth-scope --help`; write ./github for
    /// a file of that name)
    #[arg(long, value_name = "H", default_value = "exact")]
    hierarchy: HierarchyArg,
}

/// How a built-in hierarchy is made.
type BuiltIn = fn() -> Hierarchy;

/// The built-in hierarchies, by the names `--hierarchy` takes.
const BUILT_IN: [(&str, BuiltIn); 4] = [
    ("exact", Hierarchy::exact),
    ("github", Hierarchy::github),
    ("google-drive", Hierarchy::google_drive),
    ("smart-on-fhir", Hierarchy::smart_on_fhir),
];

/// A hierarchy as `--hierarchy` names it.
#[derive(Clone)]
pub(crate) enum HierarchyArg {
    BuiltIn(BuiltIn),
    File(PathBuf),
}

impl FromStr for HierarchyArg {
    type Err = Infallible;

    /// A built-in name, or else the path of a file.
    fn from_str(arg: &str) -> Result<Self, Infallible> {
        Ok(match BUILT_IN.iter().find(|(name, _)| *name == arg) {
            Some(&(_, hierarchy)) => Self::BuiltIn(hierarchy),
            None => Self::File(arg.into()),
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
    pub(crate) fn load(&self) -> Result<Hierarchy, String> {
        Ok(match self {
            Self::BuiltIn(hierarchy) => hierarchy(),
            Self::File(path) => {
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
    pub(crate) fn parse_options(&self) -> ParseOptions {
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
    pub(crate) fn hierarchy(&self) -> Option<&HierarchyArg> {
        match self {
            Self::Validate { .. } => None,
            Self::Normalize { hierarchy, .. }
            | Self::Check { hierarchy, .. }
            | Self::Narrow { hierarchy, .. } => Some(&hierarchy.hierarchy),
            Self::Challenge(args) => Some(&args.hierarchy.hierarchy),
        }
    }
}

/// The command line, or `None` when there is nothing to run: help and
/// version print as clap prints them.
///
/// # Errors
///
/// A usage error, clap's message as one line.
pub(crate) fn parse() -> Result<Option<Cli>, String> {
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
    Err(format!("{message} (see 'oauth-scope --help')"))
}
