//! How a run ends, for the shell: one enum, which `main` turns into the
//! process's exit status in one place.

use std::process;

/// The exit status of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitCode {
    /// 0: the answer is printed; for `check`, the granted scope covers the
    /// required one.
    Success,
    /// 1: a scope or challenge argument is invalid, or is an inactive token;
    /// for `check`, the granted scope does not cover the required one (an
    /// inactive granted token covers nothing).
    Failure,
    /// 2: the command line cannot be carried out (clap uses the same status
    /// for its own usage errors), or the answer cannot be written.
    UsageError,
}

/// The exit statuses, for `--help`.
pub(crate) const HELP: &str = "\
Exit status:
  0  success; check: the granted scope covers the required one
  1  a scope or challenge argument is invalid, or is an inactive token (\"active\": false);
     check: the granted scope does not cover the required one, or is an inactive token's
  2  usage error: unknown flag, missing argument, unreadable or malformed hierarchy file;
     unreadable standard input or JSON file, or a JSON document without a string \"scope\"
     member or \"scp\" string or array (a token response without \"scope\", an OAuth
     error response); or the output cannot be written";

impl ExitCode {
    /// The number the shell sees.
    pub fn number(self) -> u8 {
        match self {
            Self::Success => 0,
            Self::Failure => 1,
            Self::UsageError => 2,
        }
    }
}

impl From<ExitCode> for process::ExitCode {
    fn from(code: ExitCode) -> Self {
        Self::from(code.number())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The numbers are part of the interface: scripts test them.
    #[test]
    fn exit_statuses_are_0_1_2() {
        let codes = [ExitCode::Success, ExitCode::Failure, ExitCode::UsageError];
        assert_eq!(codes.map(ExitCode::number), [0, 1, 2]);
        for code in codes {
            let line = format!("\n  {}  ", code.number());
            assert!(HELP.contains(&line), "{code:?} in --help");
        }
    }
}
