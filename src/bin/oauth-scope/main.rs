//! `oauth-scope`: validate, normalize, check and narrow OAuth 2.0 scopes from
//! the shell (feature `cli`).
//!
//! Each subcommand reads its scope arguments, asks the library, and prints a
//! [`Report`]: text for people, or JSON with `--json`. The exit status gives
//! the verdict (see [`EXIT_STATUS`]).

mod hierarchy_file;
mod report;

use std::convert::Infallible;
use std::fs;
use std::path::PathBuf;
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
  2  usage error: unknown flag, missing argument, unreadable or malformed hierarchy file";

/// Exit status 2: the command line cannot be carried out (clap uses the same).
const USAGE_ERROR: u8 = 2;

/// Validate, normalize, check and narrow OAuth 2.0 scopes (RFC 6749 §3.3).
#[derive(Parser)]
#[command(name = "oauth-scope", version)]
#[command(after_help = format!("{EXIT_STATUS}\n\n{}", hierarchy_file::FORMAT))]
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
    /// Which scopes imply which: exact (none but itself), github,
    /// google-drive, or a hierarchy file (format in `oauth-scope --help`;
    /// write ./github for a file of that name)
    #[arg(long, value_name = "H", default_value = "exact")]
    hierarchy: HierarchyArg,
}

/// A hierarchy as `--hierarchy` names it.
#[derive(Clone)]
enum HierarchyArg {
    Exact,
    Github,
    GoogleDrive,
    File(PathBuf),
}

impl FromStr for HierarchyArg {
    type Err = Infallible;

    /// A built-in name, or else the path of a file.
    fn from_str(arg: &str) -> Result<Self, Infallible> {
        Ok(match arg {
            "exact" => HierarchyArg::Exact,
            "github" => HierarchyArg::Github,
            "google-drive" => HierarchyArg::GoogleDrive,
            path => HierarchyArg::File(path.into()),
        })
    }
}

impl HierarchyArg {
    /// The hierarchy, read from its file if need be.
    ///
    /// # Errors
    ///
    /// A one-line message when the file cannot be read or has a mistake.
    fn load(&self) -> Result<Hierarchy, String> {
        Ok(match self {
            HierarchyArg::Exact => Hierarchy::exact(),
            HierarchyArg::Github => Hierarchy::github(),
            HierarchyArg::GoogleDrive => Hierarchy::google_drive(),
            HierarchyArg::File(path) => {
                let name = path.display();
                let text = fs::read_to_string(path)
                    .map_err(|err| format!("cannot read hierarchy file {name}: {err}"))?;
                hierarchy_file::parse(&text).map_err(|err| format!("{name}:{err}"))?
            }
        })
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
    let hierarchy = match cli.command.hierarchy().map(HierarchyArg::load) {
        None => Hierarchy::exact(),
        Some(Ok(hierarchy)) => hierarchy,
        Some(Err(message)) => {
            eprintln!("error: {message}");
            return ExitCode::from(USAGE_ERROR);
        }
    };
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
