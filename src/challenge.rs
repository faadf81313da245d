//! The `WWW-Authenticate` challenge of a resource server, rendered and
//! parsed: `Bearer` (RFC 6750 §3) and `DPoP` (RFC 9449 §7.1), with the
//! step-up parameters of RFC 9470 §3.
//!
//! One concern to a file, each using only the files listed before it:
//!
//! - `value`: the character rules of the values (RFC 6750 §3, RFC 6749
//!   Appendix A.7 to A.9, RFC 9110 §5.6.4);
//! - `error`: [`ChallengeError`], which all the others return;
//! - `list`: the list syntax of `WWW-Authenticate` (RFC 9110 §11.6.1),
//!   which knows no scheme;
//! - `error_code`: [`ErrorCode`], the `error` code (RFC 6750 §3.1);
//! - `params`: [`Challenge`], built and rendered;
//! - `read`: [`Challenge::parse`], [`Challenge::parse_lenient`] and
//!   [`Challenge::parse_all`], the Bearer and DPoP challenges from the
//!   list's items;
//! - `step_up`: [`ScopeSet::step_up`](crate::ScopeSet::step_up), the
//!   client's next scope after a 403, and [`StepUpError`].
//!
//! The `http` crate conversions are in `http_types`.

mod error;
mod error_code;
mod list;
mod params;
mod read;
mod step_up;
mod value;

pub use error::{ChallengeError, ChallengeErrorKind};
#[allow(deprecated)]
pub use error_code::BearerError;
pub use error_code::ErrorCode;
pub use params::Challenge;
pub use read::ChallengeOptions;
pub use step_up::{StepUpError, StepUpErrorKind};
