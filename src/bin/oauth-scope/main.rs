//! `oauth-scope`: validate, normalize, check and narrow OAuth 2.0 scopes from
//! the shell (feature `cli`).
//!
//! Each subcommand reads its scope arguments, asks the library, and prints a
//! [`Report`]: text for people, or JSON with `--json`. The exit status gives
//! the verdict (see [`EXIT_STATUS`]).

mod report;

use std::process::ExitCode;
use std::str::FromStr;

use clap::{Args, Parser, Subcommand};
use oauth_scope::{Hierarchy, ParseOptions, ScopeSet};

use crate::report::{Checked, Invalid, Narrowed, Normalized, Report, Valid};

/// The exit statuses, for `--help`.
const EXIT_STATUS: &str = "\
Exit status:
  0  success; check: the granted scope covers the required one
  1  a scope argument is invalid; check: the granted scope does not cover the required one
  2  usage error: unknown flag or hierarchy, missing argument";

/// Validate, normalize, check and narrow OAuth 2.0 scopes (RFC 6749 §3.3).
#[derive(Parser)]
#[command(name = "oauth-scope", version)]
#[command(after_help = EXIT_STATUS)]
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
        /// The scope, as sent on the wire
        scope: String,
    },
    /// Print the canonical scope and the minimal one under a hierarchy
    Normalize {
        /// The scope, as sent on the wire
        scope: String,
        #[command(flatten)]
        hierarchy: HierarchyOption,
    },
    /// Check that a granted scope covers a required one; say what covers what
    Check {
        /// The scope held, e.g. an access token's
        #[arg(long, value_name = "SCOPE")]
        granted: String,
        /// The scope needed, e.g. by a protected resource
        #[arg(long, value_name = "SCOPE")]
        required: String,
        #[command(flatten)]
        hierarchy: HierarchyOption,
    },
    /// Narrow a requested scope to what a client is allowed, as an
    /// authorization server would
    Narrow {
        /// The scope the client asked for
        #[arg(long, value_name = "SCOPE")]
        requested: String,
        /// The scope the client may have
        #[arg(long, value_name = "SCOPE")]
        allowed: String,
        #[command(flatten)]
        hierarchy: HierarchyOption,
    },
}

/// `--hierarchy`, for the subcommands that reason with one.
#[derive(Args)]
struct HierarchyOption {
    /// Which scopes imply which: exact (none but itself), github or
    /// google-drive
    #[arg(long, value_name = "H", default_value = "exact")]
    hierarchy: HierarchyArg,
}

/// A hierarchy as `--hierarchy` names it.
#[derive(Clone)]
enum HierarchyArg {
    Exact,
    Github,
    GoogleDrive,
}

impl FromStr for HierarchyArg {
    type Err = String;

    fn from_str(arg: &str) -> Result<Self, String> {
        match arg {
            "exact" => Ok(HierarchyArg::Exact),
            "github" => Ok(HierarchyArg::Github),
            "google-drive" => Ok(HierarchyArg::GoogleDrive),
            _ => Err("expected exact, github or google-drive".into()),
        }
    }
}

impl HierarchyArg {
    fn load(&self) -> Hierarchy {
        match self {
            HierarchyArg::Exact => Hierarchy::exact(),
            HierarchyArg::Github => Hierarchy::github(),
            HierarchyArg::GoogleDrive => Hierarchy::google_drive(),
        }
    }
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
        }
    }

    /// Reads the scope arguments and works out the report.
    fn report(&self, options: &ParseOptions, hierarchy: &Hierarchy) -> Result<Report, Invalid> {
        let read = |argument, input| read_scope(argument, input, options);
        Ok(match self {
            Command::Validate { scope } => Report::Valid(Valid::new(&read("SCOPE", scope)?)),
            Command::Normalize { scope, .. } => {
                Report::Normalized(Normalized::new(&read("SCOPE", scope)?, hierarchy))
            }
            Command::Check {
                granted, required, ..
            } => Report::Checked(Checked::new(
                &read("--granted", granted)?,
                &read("--required", required)?,
                hierarchy,
            )),
            Command::Narrow {
                requested, allowed, ..
            } => {
                let requested = read("--requested", requested)?;
                let grant = requested.narrow(&read("--allowed", allowed)?, hierarchy);
                Report::Narrowed(Narrowed::new(&grant))
            }
        })
    }
}

/// Parses the value of a scope argument.
fn read_scope<'a>(
    argument: &'static str,
    input: &'a str,
    options: &ParseOptions,
) -> Result<ScopeSet<'a>, Invalid> {
    ScopeSet::parse_with(input, options).map_err(|err| Invalid::new(argument, input, &err))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let hierarchy = cli
        .command
        .hierarchy()
        .map_or_else(Hierarchy::exact, HierarchyArg::load);
    let report = cli
        .command
        .report(&cli.parse_options(), &hierarchy)
        .unwrap_or_else(|error| Report::Invalid { error });
    if cli.json {
        let json = serde_json::to_string(&report).expect("a report is plain JSON data");
        println!("{json}");
    } else if report.is_diagnostic() {
        eprint!("{report}");
    } else {
        print!("{report}");
    }
    if report.succeeded() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
