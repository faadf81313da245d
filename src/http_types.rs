//! `http` crate conversions (feature `http`): a challenge as a header value,
//! a status code and a whole response, and read back from a response's
//! headers, so that axum, hyper and tower code needs no glue. With feature
//! `axum`, a challenge is an axum response.

use alloc::string::{String, ToString};

use crate::challenge::{Challenge, ChallengeError, ChallengeOptions};

impl Challenge {
    /// The challenge as a `WWW-Authenticate` header value.
    ///
    /// # Examples
    ///
    /// ```
    /// use http::header::WWW_AUTHENTICATE;
    /// use oauth_scope::{Challenge, ScopeSet};
    ///
    /// let challenge = Challenge::insufficient_scope(&ScopeSet::parse("admin")?);
    /// let response = http::Response::builder()
    ///     .status(challenge.http_status())
    ///     .header(WWW_AUTHENTICATE, challenge.header_value())
    ///     .body(())
    ///     .expect("a status and a valid header make a response");
    /// assert_eq!(response.status(), http::StatusCode::FORBIDDEN);
    /// assert_eq!(
    ///     response.headers()[WWW_AUTHENTICATE],
    ///     r#"Bearer scope="admin", error="insufficient_scope""#,
    /// );
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    ///
    /// # Panics
    ///
    /// Never: every value is checked when it is set, so the rendering is
    /// always a valid header value.
    pub fn header_value(&self) -> http::HeaderValue {
        http::HeaderValue::try_from(self.to_string()).expect(
            "every value of a challenge is checked when it is set, so its rendering is \
             printable ASCII, space and tab: a valid header value (RFC 9110 §5.5)",
        )
    }

    /// [`status_code`](Self::status_code) as an `http::StatusCode`: 400, 401
    /// or 403.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Challenge;
    ///
    /// assert_eq!(Challenge::new().http_status(), http::StatusCode::UNAUTHORIZED);
    /// ```
    ///
    /// # Panics
    ///
    /// Never: the status is one of three valid ones.
    pub fn http_status(&self) -> http::StatusCode {
        http::StatusCode::from_u16(self.status_code())
            .expect("status_code is 400, 401 or 403, each a valid status")
    }

    /// Reads the Bearer challenge of a `WWW-Authenticate` header value, as
    /// [`parse`](Self::parse) does.
    ///
    /// # Errors
    ///
    /// As [`parse`](Self::parse); a value that is not visible ASCII is
    /// malformed.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Challenge;
    ///
    /// let value = http::HeaderValue::from_static(r#"Bearer error="invalid_token""#);
    /// let challenge = Challenge::from_header_value(&value)?;
    /// assert_eq!(challenge.http_status(), http::StatusCode::UNAUTHORIZED);
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn from_header_value(value: &http::HeaderValue) -> Result<Self, ChallengeError> {
        match value.to_str() {
            Ok(text) => Self::parse(text),
            Err(_) => Err(ChallengeError::not_visible_ascii(value.as_bytes(), 0)),
        }
    }
}

impl Challenge {
    /// The response that carries the challenge: its
    /// [`http_status`](Self::http_status) (400, 401 or 403), the
    /// `WWW-Authenticate` header and an empty body.
    ///
    /// # Examples
    ///
    /// ```
    /// use http::header::WWW_AUTHENTICATE;
    /// use oauth_scope::{Challenge, ScopeSet};
    ///
    /// let challenge = Challenge::insufficient_scope(&ScopeSet::parse("api:read api:write")?);
    /// let response: http::Response<String> = challenge.to_response();
    /// assert_eq!(response.status(), http::StatusCode::FORBIDDEN);
    /// assert_eq!(
    ///     response.headers()[WWW_AUTHENTICATE],
    ///     r#"Bearer scope="api:read api:write", error="insufficient_scope""#,
    /// );
    /// assert!(response.body().is_empty());
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn to_response<B: Default>(&self) -> http::Response<B> {
        let mut response = http::Response::new(B::default());
        *response.status_mut() = self.http_status();
        response
            .headers_mut()
            .insert(http::header::WWW_AUTHENTICATE, self.header_value());
        response
    }

    /// Reads the Bearer challenge among all the `WWW-Authenticate` lines of
    /// a response. Servers send one line per scheme (oidc-provider answers
    /// with a `Bearer` line and a `DPoP` line) or several challenges in one
    /// line; both are read, and of two Bearer challenges the first, in line
    /// order, is returned.
    ///
    /// The lines are one field value: RFC 9110 §5.2 defines the value of a
    /// repeated field as its lines joined in order with commas, and §5.3 lets
    /// any recipient join them so "without changing the semantics of the
    /// message". So this reads exactly what [`parse`](Self::parse) reads in
    /// the lines joined with `", "`, also a challenge whose parameters go on
    /// in the next line; and every line is read to its end, also those after
    /// the Bearer challenge: a malformed line is not skipped.
    ///
    /// # Cost
    ///
    /// That of [`parse`](Self::parse) on the joined lines: O(n log n) in
    /// their total length.
    ///
    /// # Errors
    ///
    /// The error of [`from_header_value`](Self::from_header_value) for the
    /// first line that is not visible ASCII, before anything is read; the
    /// first problem of the joined lines, as [`parse`](Self::parse) reports
    /// it; and "no Bearer challenge in the header" when no line
    /// has a Bearer challenge, also when there is no `WWW-Authenticate` line
    /// at all.
    ///
    /// # Examples
    ///
    /// ```
    /// use http::header::WWW_AUTHENTICATE;
    /// use http::{HeaderMap, HeaderValue};
    /// use oauth_scope::Challenge;
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.append(WWW_AUTHENTICATE, HeaderValue::from_static(r#"DPoP algs="ES256 PS256", error="insufficient_scope""#));
    /// headers.append(WWW_AUTHENTICATE, HeaderValue::from_static(r#"Bearer realm="api", error="insufficient_scope", scope="api:write""#));
    /// let challenge = Challenge::from_headers(&headers)?;
    /// assert_eq!(challenge.scope().unwrap().to_string(), "api:write");
    ///
    /// // A challenge may go on in the next line.
    /// let mut split = HeaderMap::new();
    /// split.append(WWW_AUTHENTICATE, HeaderValue::from_static(r#"Bearer realm="api""#));
    /// split.append(WWW_AUTHENTICATE, HeaderValue::from_static(r#"scope="api:write", error="insufficient_scope""#));
    /// assert_eq!(Challenge::from_headers(&split)?.scope(), challenge.scope());
    ///
    /// headers.append(WWW_AUTHENTICATE, HeaderValue::from_static("Basic @@@"));
    /// let err = Challenge::from_headers(&headers).unwrap_err();
    /// assert_eq!(err.to_string(), "malformed challenge at byte 126: expected a token68 or a parameter");
    /// assert!(Challenge::from_headers(&HeaderMap::new()).is_err());
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn from_headers(headers: &http::HeaderMap) -> Result<Self, ChallengeError> {
        Self::read_headers(headers, ChallengeOptions::strict())
    }

    /// Reads the Bearer challenge from every `WWW-Authenticate` line as
    /// [`from_headers`](Self::from_headers) does, reading the joined lines
    /// as [`parse_with`](Self::parse_with) reads a header with the same
    /// `options`.
    ///
    /// # Cost
    ///
    /// That of [`from_headers`](Self::from_headers).
    ///
    /// # Errors
    ///
    /// As [`from_headers`](Self::from_headers), except for a malformed
    /// `scope` value when the options are lenient about it.
    ///
    /// # Examples
    ///
    /// ```
    /// use http::header::WWW_AUTHENTICATE;
    /// use http::{HeaderMap, HeaderValue};
    /// use oauth_scope::{Challenge, ChallengeOptions, ErrorCode};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.append(WWW_AUTHENTICATE, HeaderValue::from_static(r#"Bearer error="insufficient_scope", scope="""#));
    /// assert!(Challenge::from_headers(&headers).is_err());
    /// let challenge = Challenge::from_headers_with(&headers, &ChallengeOptions::lenient())?;
    /// assert_eq!(challenge.error(), Some(&ErrorCode::INSUFFICIENT_SCOPE));
    /// assert!(challenge.scope().is_none() && challenge.scope_problem().is_some());
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn from_headers_with(
        headers: &http::HeaderMap,
        options: &ChallengeOptions,
    ) -> Result<Self, ChallengeError> {
        Self::read_headers(headers, *options)
    }

    /// `from_headers_with(headers, &ChallengeOptions::lenient())`, under the
    /// name it had before the options: a malformed
    /// `scope` value leaves [`scope`](Self::scope) out, keeps the other
    /// parameters and is told by [`scope_problem`](Self::scope_problem).
    ///
    /// # Cost
    ///
    /// That of [`from_headers`](Self::from_headers).
    ///
    /// # Errors
    ///
    /// As [`from_headers`](Self::from_headers), except for a malformed
    /// `scope` value.
    ///
    /// # Examples
    ///
    /// ```
    /// use http::header::WWW_AUTHENTICATE;
    /// use http::{HeaderMap, HeaderValue};
    /// use oauth_scope::{Challenge, ErrorCode};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.append(WWW_AUTHENTICATE, HeaderValue::from_static(r#"Bearer error="insufficient_scope", scope="""#));
    /// assert!(Challenge::from_headers(&headers).is_err());
    /// let challenge = Challenge::from_headers_lenient(&headers)?;
    /// assert_eq!(challenge.error(), Some(&ErrorCode::INSUFFICIENT_SCOPE));
    /// assert!(challenge.scope().is_none() && challenge.scope_problem().is_some());
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    #[deprecated(
        since = "0.1.0",
        note = "use `from_headers_with(headers, &ChallengeOptions::lenient())`"
    )]
    pub fn from_headers_lenient(headers: &http::HeaderMap) -> Result<Self, ChallengeError> {
        Self::from_headers_with(headers, &ChallengeOptions::lenient())
    }

    /// [`from_headers`](Self::from_headers) or its lenient twin.
    fn read_headers<'h>(
        headers: &'h http::HeaderMap,
        options: ChallengeOptions,
    ) -> Result<Self, ChallengeError> {
        let visible = |value: &'h http::HeaderValue, at: usize| {
            value
                .to_str()
                .map_err(|_| ChallengeError::not_visible_ascii(value.as_bytes(), at))
        };
        let mut lines = headers.get_all(http::header::WWW_AUTHENTICATE).iter();
        let Some(first) = lines.next() else {
            return Err(ChallengeError::no_bearer());
        };
        let first = visible(first, 0)?;
        // One line is read in place; several are joined first.
        let joined;
        let text = match lines.next() {
            None => first,
            Some(second) => {
                let mut value = String::from(first);
                for line in core::iter::once(second).chain(lines) {
                    value.push_str(", ");
                    let at = value.len();
                    value.push_str(visible(line, at)?);
                }
                joined = value;
                &joined
            }
        };
        Self::read(text, options)?.ok_or_else(ChallengeError::no_bearer)
    }
}

/// A challenge is a response (feature `axum`): status, `WWW-Authenticate`
/// and an empty body, as [`Challenge::to_response`] builds it.
///
/// # Examples
///
/// ```
/// use axum_core::response::IntoResponse;
/// use oauth_scope::{Challenge, ErrorCode};
///
/// // A handler can answer with a challenge.
/// async fn handler(token_is_valid: bool) -> Result<&'static str, Challenge> {
///     if !token_is_valid {
///         return Err(Challenge::new().with_error(ErrorCode::INVALID_TOKEN));
///     }
///     Ok("hello")
/// }
///
/// let response = Challenge::new().with_error(ErrorCode::INVALID_TOKEN).into_response();
/// assert_eq!(response.status(), http::StatusCode::UNAUTHORIZED);
/// assert_eq!(response.headers()["www-authenticate"], r#"Bearer error="invalid_token""#);
/// ```
#[cfg(feature = "axum")]
impl axum_core::response::IntoResponse for Challenge {
    fn into_response(self) -> axum_core::response::Response {
        self.to_response()
    }
}

impl From<&Challenge> for http::HeaderValue {
    fn from(challenge: &Challenge) -> Self {
        challenge.header_value()
    }
}
