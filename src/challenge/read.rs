//! Reading a Bearer challenge (RFC 6750 §3) from a `WWW-Authenticate`
//! value: [`Challenge::parse`] and [`Challenge::parse_lenient`],
//! which take the items of the RFC 9110 §11.6.1 list reader and give the
//! Bearer challenge's parameters their meaning.

use alloc::boxed::Box;

use super::error::{check_value, ChallengeError, Problem};
use super::error_code::ErrorCode;
use super::list::{Item, Reader};
use super::params::{Challenge, EXTENSION, STANDARD};
use super::value::Chars;
use crate::credentials::AuthScheme;
use crate::set::ScopeSet;

impl Challenge {
    /// Reads the Bearer challenge from a `WWW-Authenticate` header value,
    /// which may hold several challenges (`Basic`, `DPoP`, …) in any order.
    /// Scheme and parameter names are case-insensitive; values may be tokens
    /// or quoted strings (with `\` escapes), in any order.
    ///
    /// The whole header must be a list of challenges as RFC 9110 §11.6.1 and
    /// §5.6.1 write it:
    ///
    /// ```text
    /// WWW-Authenticate = #challenge
    /// challenge        = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
    /// auth-param       = token BWS "=" BWS ( token / quoted-string )
    /// #element         = [ element ] *( OWS "," OWS [ element ] )
    /// ```
    ///
    /// So empty list elements are skipped, also at the start of a parameter
    /// list (`Bearer ,, scope="a"` is Bearer's scope); a parameter belongs to
    /// the challenge before it only when a space follows that challenge's
    /// scheme (`Bearer, scope="a"` is refused rather than read as `Bearer`
    /// without its scope: after the comma the grammar wants a challenge, and
    /// `scope="a"` is none); and what follows the Bearer challenge is read
    /// to the end and must be well formed too. Of two Bearer challenges, the
    /// first is the one returned.
    ///
    /// # Cost
    ///
    /// O(n log n) in the length of the header: one pass over it, and a
    /// search tree of each challenge's parameter names to refuse repeats.
    ///
    /// # Errors
    ///
    /// A [`ChallengeError`] for the first problem in the header: where it is
    /// not a list of challenges (the error gives the byte offset), a
    /// parameter repeated in a challenge, a Bearer value that breaks the
    /// rules of RFC 6750 §3 or, for `resource_metadata`, of RFC 9728 §5.1
    /// (the scope error carries the [`ParseError`](crate::ParseError)), a
    /// token68 after `Bearer`; or when there is no Bearer challenge.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Challenge;
    ///
    /// let header = r#"Basic realm="legacy", bearer Error="insufficient_scope", scope="repo workflow", DPoP algs="ES256""#;
    /// let c = Challenge::parse(header)?;
    /// assert_eq!(c.scope().unwrap().to_string(), "repo workflow");
    /// assert_eq!(c.status_code(), 403);
    ///
    /// let err = Challenge::parse(r#"Basic realm="legacy""#).unwrap_err();
    /// assert_eq!(err.to_string(), "no Bearer challenge in the header");
    ///
    /// // Garbage after the Bearer challenge is not skipped.
    /// let err = Challenge::parse(r#"Bearer error="invalid_token", Basic @@@"#).unwrap_err();
    /// assert_eq!(err.offset(), Some(36));
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn parse(header: &str) -> Result<Self, ChallengeError> {
        Self::read(header, ChallengeOptions::strict())?
            .ok_or(ChallengeError::new(Problem::NoBearer, None))
    }

    /// Reads the first Bearer challenge of a `WWW-Authenticate` value as
    /// `options` say: [`parse`](Self::parse) with
    /// [`ChallengeOptions::strict`], [`parse_lenient`](Self::parse_lenient)
    /// with [`ChallengeOptions::lenient`].
    ///
    /// # Cost
    ///
    /// That of [`parse`](Self::parse).
    ///
    /// # Errors
    ///
    /// As [`parse`](Self::parse), except for a malformed `scope` value when
    /// the options are lenient about it.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Challenge, ChallengeOptions};
    ///
    /// let header = r#"Bearer realm="api", scope="a  b""#;
    /// let c = Challenge::parse_with(header, &ChallengeOptions::lenient())?;
    /// assert_eq!(c.realm(), Some("api"));
    /// assert!(Challenge::parse_with(header, &ChallengeOptions::default()).is_err());
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn parse_with(header: &str, options: &ChallengeOptions) -> Result<Self, ChallengeError> {
        Self::read(header, *options)?.ok_or(ChallengeError::new(Problem::NoBearer, None))
    }

    /// `parse_with(header, &ChallengeOptions::lenient())`: reads the Bearer
    /// challenge as [`parse`](Self::parse) does, except that
    /// a malformed `scope` value is not an error: the challenge then has no
    /// [`scope`](Self::scope), keeps every other parameter (`error`,
    /// `realm`, `error_description`, `error_uri`, `resource_metadata`,
    /// extensions), and [`scope_problem`](Self::scope_problem) holds the
    /// error `parse` would have returned.
    ///
    /// Real servers send `scope=""` (an empty scope, which RFC 6749 §3.3
    /// does not allow) and scopes with characters it excludes, such as
    /// `scope="a\"b"`; a client that must act on the `error` code should not
    /// lose it to them. Everything else is as strict as `parse`: the header's
    /// syntax, repeated parameters (two `scope` parameters are still an
    /// error), and the other values.
    ///
    /// # Cost
    ///
    /// That of [`parse`](Self::parse).
    ///
    /// # Errors
    ///
    /// As [`parse`](Self::parse), except for a malformed `scope` value.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Challenge, ErrorCode, ErrorKind};
    ///
    /// let header = r#"Bearer realm="api", error="insufficient_scope", scope="a\"b""#;
    /// assert!(Challenge::parse(header).is_err());
    ///
    /// let c = Challenge::parse_lenient(header)?;
    /// assert_eq!(c.error(), Some(&ErrorCode::INSUFFICIENT_SCOPE));
    /// assert_eq!(c.realm(), Some("api"));
    /// assert!(c.scope().is_none());
    /// let problem = c.scope_problem().unwrap();
    /// assert_eq!(problem.scope_error().unwrap().kind(), ErrorKind::InvalidChar('"'));
    ///
    /// // A well-formed header reads as `parse` reads it.
    /// let ok = r#"Bearer error="insufficient_scope", scope="api:write""#;
    /// assert_eq!(Challenge::parse_lenient(ok)?, Challenge::parse(ok)?);
    /// // Syntax errors stay errors.
    /// assert!(Challenge::parse_lenient(r#"Bearer scope="a"#).is_err());
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn parse_lenient(header: &str) -> Result<Self, ChallengeError> {
        Self::parse_with(header, &ChallengeOptions::lenient())
    }

    /// Reads every `Bearer` and `DPoP` challenge of a `WWW-Authenticate`
    /// value, in order (challenges of other schemes are skipped), each as
    /// [`parse`](Self::parse) reads the Bearer one: a client that holds a
    /// DPoP-bound token looks for the `DPoP` challenge, and a server that
    /// offers both schemes sends both (RFC 9449 §7.1).
    ///
    /// # Cost
    ///
    /// That of [`parse`](Self::parse).
    ///
    /// # Errors
    ///
    /// As [`parse`](Self::parse), for every Bearer and DPoP challenge;
    /// a header with neither is no error (the list is empty).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{AuthScheme, Challenge};
    ///
    /// let header = r#"Bearer realm="api", scope="read", DPoP algs="ES256 PS256", Basic realm="x""#;
    /// let all = Challenge::parse_all(header)?;
    /// assert_eq!(all.len(), 2);
    /// assert_eq!(all[0].scheme(), AuthScheme::Bearer);
    /// assert_eq!(all[1].scheme(), AuthScheme::DPoP);
    /// assert_eq!(all[1].algs(), Some("ES256 PS256"));
    /// assert!(Challenge::parse_all(r#"Basic realm="x""#)?.is_empty());
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn parse_all(header: &str) -> Result<alloc::vec::Vec<Self>, ChallengeError> {
        Self::read_all(header, ChallengeOptions::strict(), false)
    }

    /// Reads a whole `WWW-Authenticate` value as
    /// [`parse_with`](Self::parse_with) does with `options`: its first
    /// Bearer challenge, or `None` when it has none.
    pub(crate) fn read(
        header: &str,
        options: ChallengeOptions,
    ) -> Result<Option<Self>, ChallengeError> {
        Ok(Self::read_all(header, options, true)?.pop())
    }

    /// The Bearer and DPoP challenges of a whole `WWW-Authenticate` value,
    /// in order; with `first_bearer`, only the first Bearer one. The whole
    /// value is read either way, so a malformed end is an error.
    fn read_all(
        header: &str,
        options: ChallengeOptions,
        first_bearer: bool,
    ) -> Result<alloc::vec::Vec<Self>, ChallengeError> {
        let mut reader = Reader::new(header);
        let mut found: alloc::vec::Vec<Self> = alloc::vec::Vec::new();
        // Whether the challenge being read is one returned.
        let mut reading = false;
        while let Some(item) = reader.next_item()? {
            match item {
                Item::Challenge { scheme, token68 } => {
                    let scheme = if scheme.eq_ignore_ascii_case("Bearer") {
                        Some(AuthScheme::Bearer)
                    } else if scheme.eq_ignore_ascii_case("DPoP") && !first_bearer {
                        Some(AuthScheme::DPoP)
                    } else {
                        None
                    };
                    reading = scheme.is_some() && (!first_bearer || found.is_empty());
                    let Some(scheme) = scheme.filter(|_| reading) else {
                        continue;
                    };
                    if let Some(at) = token68 {
                        let expected = match scheme {
                            AuthScheme::DPoP => "auth-params after \"DPoP\", not a token68",
                            _ => "auth-params after \"Bearer\", not a token68",
                        };
                        return Err(ChallengeError::new(Problem::Syntax(expected), Some(at)));
                    }
                    found.push(Self {
                        scheme,
                        ..Self::new()
                    });
                }
                Item::Param { name, value, at } => {
                    if let Some(c) = found.last_mut().filter(|_| reading) {
                        c.read_param(name, &value, at, options)?;
                    }
                }
            }
        }
        Ok(found)
    }

    /// Sets the parameter `name` (not repeated: the reader refuses repeats)
    /// to `value`, which starts at byte `at` of the header.
    fn read_param(
        &mut self,
        name: &str,
        value: &str,
        at: usize,
        options: ChallengeOptions,
    ) -> Result<(), ChallengeError> {
        let at_value = |e: ChallengeError| e.at(at);
        let lower = name.to_ascii_lowercase();
        let slot = STANDARD
            .iter()
            .position(|s| *s == lower)
            .unwrap_or(EXTENSION + self.extensions.len());
        self.read_order.push(slot);
        match lower.as_str() {
            "realm" => {
                check_value("realm", value, Chars::Quoted).map_err(at_value)?;
                self.realm = Some(value.into());
            }
            "scope" => match ScopeSet::parse(value) {
                Ok(scope) => self.scope = Some(scope.into_owned()),
                Err(e) => {
                    let problem = ChallengeError::new(Problem::Scope(e), Some(at));
                    if !options.lenient_scope {
                        return Err(problem);
                    }
                    self.scope_problem = Some(Box::new(problem));
                }
            },
            "error" => self.error = Some(ErrorCode::new(value).map_err(at_value)?),
            "error_description" => {
                check_value("error_description", value, Chars::NqsChar).map_err(at_value)?;
                self.error_description = Some(value.into());
            }
            "error_uri" => {
                check_value("error_uri", value, Chars::UriChar).map_err(at_value)?;
                self.error_uri = Some(value.into());
            }
            "resource_metadata" => {
                check_value("resource_metadata", value, Chars::UriChar).map_err(at_value)?;
                self.resource_metadata = Some(value.into());
            }
            "algs" => {
                check_value("algs", value, Chars::NqsChar).map_err(at_value)?;
                self.algs = Some(value.into());
            }
            "acr_values" => {
                check_value("acr_values", value, Chars::NqsChar).map_err(at_value)?;
                self.acr_values = Some(value.into());
            }
            "max_age" => {
                check_value("max_age", value, Chars::Seconds).map_err(at_value)?;
                let seconds = value.parse().map_err(|_| {
                    ChallengeError::new(Problem::TooLarge("max_age".into()), Some(at))
                })?;
                self.max_age = Some(seconds);
            }
            // Checking for a repeat here, as `with_extension` does, would
            // scan every earlier extension.
            _ => {
                check_value(name, value, Chars::Quoted).map_err(at_value)?;
                self.extensions.push((name.into(), value.into()));
            }
        }
        Ok(())
    }
}

/// How a challenge is read: [`Challenge::parse_with`] and, with the
/// `http` feature, `Challenge::from_headers_with`. The default is
/// strict, as [`Challenge::parse`] reads.
///
/// # Examples
///
/// ```
/// use oauth_scope::{Challenge, ChallengeOptions};
///
/// let header = r#"Bearer error="insufficient_scope", scope="""#;
/// assert!(Challenge::parse_with(header, &ChallengeOptions::strict()).is_err());
/// let c = Challenge::parse_with(header, &ChallengeOptions::lenient())?;
/// assert!(c.scope().is_none() && c.scope_problem().is_some());
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ChallengeOptions {
    lenient_scope: bool,
}

impl ChallengeOptions {
    /// Every problem is an error: what [`Challenge::parse`] reads.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ChallengeOptions;
    ///
    /// assert_eq!(ChallengeOptions::strict(), ChallengeOptions::default());
    /// ```
    pub const fn strict() -> Self {
        Self {
            lenient_scope: false,
        }
    }

    /// A malformed `scope` value is left out instead of being an error (see
    /// [`lenient_scope`](Self::lenient_scope)); everything else is strict.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::ChallengeOptions;
    ///
    /// assert_eq!(ChallengeOptions::lenient(), ChallengeOptions::strict().lenient_scope(true));
    /// ```
    pub const fn lenient() -> Self {
        Self {
            lenient_scope: true,
        }
    }

    /// Whether a malformed `scope` value is left out instead of being an
    /// error: the challenge then has no [`scope`](Challenge::scope),
    /// keeps every other parameter, and
    /// [`scope_problem`](Challenge::scope_problem) holds the error.
    /// Real servers send `scope=""` (an empty scope, which RFC 6749 §3.3
    /// does not allow) and scopes with characters it excludes, such as
    /// `scope="a\"b"`; a client that must act on the `error` code should not
    /// lose it to them. The header's syntax, repeated parameters and the
    /// other values stay strict.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Challenge, ChallengeOptions};
    ///
    /// let options = ChallengeOptions::strict().lenient_scope(true);
    /// let c = Challenge::parse_with(r#"Bearer realm="api", scope="a\"b""#, &options)?;
    /// assert_eq!(c.realm(), Some("api"));
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    #[must_use]
    pub const fn lenient_scope(mut self, lenient: bool) -> Self {
        self.lenient_scope = lenient;
        self
    }
}
