//! The client's one error type: what failed, said once, in words, and the
//! exit code it ends the run with.

use std::fmt;
use std::process::ExitCode;

/// Why the run failed. Every message names what was being done and what
/// the other side said, so that the line printed is enough to act on.
#[derive(Debug)]
pub(crate) enum Error {
    /// The command line or the environment is wrong (exit code 2).
    Usage(String),
    /// A connection could not be made, or broke.
    Io {
        /// What the client was doing, e.g. `POST http://localhost:3000/mcp`.
        doing: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A server answered something this client cannot use.
    Protocol(String),
    /// The authorization failed, was refused, or was given up on.
    Auth(String),
    /// A JSON-RPC error answer (MCP's JSON-RPC 2.0 `error` member).
    Rpc {
        /// The JSON-RPC method that was refused.
        method: String,
        /// The error's `code`.
        code: i64,
        /// The error's `message`.
        message: String,
    },
}

impl Error {
    /// A `Protocol` error from anything printable.
    pub(crate) fn protocol(message: impl Into<String>) -> Self {
        Self::Protocol(message.into())
    }

    /// An `Auth` error from anything printable.
    pub(crate) fn auth(message: impl Into<String>) -> Self {
        Self::Auth(message.into())
    }

    /// The process exit code for this error: 2 for a usage error, 1 for
    /// everything that went wrong talking to the servers.
    pub(crate) fn exit_code(&self) -> ExitCode {
        match self {
            Self::Usage(_) => ExitCode::from(2),
            _ => ExitCode::FAILURE,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Usage(message) => write!(f, "usage: {message}"),
            Self::Io { doing, source } => write!(f, "{doing}: {source}"),
            Self::Protocol(message) => write!(f, "protocol: {message}"),
            Self::Auth(message) => write!(f, "authorization: {message}"),
            Self::Rpc {
                method,
                code,
                message,
            } => write!(f, "{method}: the server answered error {code}: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The client's result type.
pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;
