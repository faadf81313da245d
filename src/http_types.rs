//! `http` crate conversions (feature `http`): a challenge as a header value,
//! a status code and a whole response, and read back from a response's
//! headers, so that axum, hyper and tower code needs no glue. With feature
//! `axum`, a challenge is an axum response.

use alloc::string::ToString;

use crate::challenge::{BearerChallenge, ChallengeError, Leniency};

impl BearerChallenge {
    /// The challenge as a `WWW-Authenticate` header value.
    ///
    /// # Examples
    ///
    /// ```
    /// use http::header::WWW_AUTHENTICATE;
    /// use oauth_scope::{BearerChallenge, ScopeSet};
    ///
    /// let challenge = BearerChallenge::insufficient_scope(&ScopeSet::parse("admin")?);
    /// let response = http::Response::builder()
    ///     .status(challenge.http_status())
    ///     .header(WWW_AUTHENTICATE, challenge.header_value())
    ///     .body(())?;
    /// assert_eq!(response.status(), http::StatusCode::FORBIDDEN);
    /// assert_eq!(
    ///     response.headers()[WWW_AUTHENTICATE],
    ///     r#"Bearer scope="admin", error="insufficient_scope""#,
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn header_value(&self) -> http::HeaderValue {
        // Every value is checked when it is set, so the rendering is
        // printable ASCII, space and tab, which is always a valid header
        // value (RFC 9110 §5.5); the fallback is never taken.
        http::HeaderValue::try_from(self.to_string())
            .unwrap_or_else(|_| http::HeaderValue::from_static("Bearer"))
    }

    /// [`status_code`](Self::status_code) as an `http::StatusCode`: 400, 401
    /// or 403.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::BearerChallenge;
    ///
    /// assert_eq!(BearerChallenge::new().http_status(), http::StatusCode::UNAUTHORIZED);
    /// ```
    pub fn http_status(&self) -> http::StatusCode {
        http::StatusCode::from_u16(self.status_code()).unwrap_or(http::StatusCode::UNAUTHORIZED)
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
    /// use oauth_scope::BearerChallenge;
    ///
    /// let value = http::HeaderValue::from_static(r#"Bearer error="invalid_token""#);
    /// let challenge = BearerChallenge::from_header_value(&value)?;
    /// assert_eq!(challenge.http_status(), http::StatusCode::UNAUTHORIZED);
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn from_header_value(value: &http::HeaderValue) -> Result<Self, ChallengeError> {
        match value.to_str() {
            Ok(text) => BearerChallenge::parse(text),
            Err(_) => Err(ChallengeError::not_visible_ascii(value.as_bytes())),
        }
    }
}

impl BearerChallenge {
    /// The response that carries the challenge: its
    /// [`http_status`](Self::http_status) (400, 401 or 403), the
    /// `WWW-Authenticate` header and an empty body.
    ///
    /// # Examples
    ///
    /// ```
    /// use http::header::WWW_AUTHENTICATE;
    /// use oauth_scope::{BearerChallenge, ScopeSet};
    ///
    /// let challenge = BearerChallenge::insufficient_scope(&ScopeSet::parse("api:read api:write")?);
    /// let response: http::Response<String> = challenge.to_response();
    /// assert_eq!(response.status(), http::StatusCode::FORBIDDEN);
    /// assert_eq!(
    ///     response.headers()[WWW_AUTHENTICATE],
    ///     r#"Bearer scope="api:read api:write", error="insufficient_scope""#,
    /// );
    /// assert!(response.body().is_empty());
    /// # Ok::<(), oauth_scope::ParseError>(())
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
    /// Every line is read to its end as [`parse`](Self::parse) reads a
    /// header, also those after the Bearer challenge's line: a malformed line
    /// is not skipped.
    ///
    /// # Cost
    ///
    /// O(n log n) in the length of the longest line, times the number of
    /// lines.
    ///
    /// # Errors
    ///
    /// The first problem of the first malformed line, as [`parse`](Self::parse)
    /// reports it (the offset is in that line), or the error of
    /// [`from_header_value`](Self::from_header_value) for a line that is not
    /// visible ASCII; and "no Bearer challenge in the header" when no line
    /// has a Bearer challenge, also when there is no `WWW-Authenticate` line
    /// at all.
    ///
    /// # Examples
    ///
    /// ```
    /// use http::header::WWW_AUTHENTICATE;
    /// use http::{HeaderMap, HeaderValue};
    /// use oauth_scope::BearerChallenge;
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.append(WWW_AUTHENTICATE, HeaderValue::from_static(r#"DPoP algs="ES256 PS256", error="insufficient_scope""#));
    /// headers.append(WWW_AUTHENTICATE, HeaderValue::from_static(r#"Bearer realm="api", error="insufficient_scope", scope="api:write""#));
    /// let challenge = BearerChallenge::from_headers(&headers)?;
    /// assert_eq!(challenge.scope().unwrap().to_string(), "api:write");
    ///
    /// headers.append(WWW_AUTHENTICATE, HeaderValue::from_static("Basic @@@"));
    /// assert_eq!(BearerChallenge::from_headers(&headers).unwrap_err().offset(), Some(6));
    /// assert!(BearerChallenge::from_headers(&HeaderMap::new()).is_err());
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn from_headers(headers: &http::HeaderMap) -> Result<Self, ChallengeError> {
        BearerChallenge::read_headers(headers, Leniency::Strict)
    }

    /// Reads the Bearer challenge from every `WWW-Authenticate` line as
    /// [`from_headers`](Self::from_headers) does, but reads each line as
    /// [`parse_lenient`](Self::parse_lenient) reads a header: a malformed
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
    /// use oauth_scope::{BearerChallenge, BearerError};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.append(WWW_AUTHENTICATE, HeaderValue::from_static(r#"Bearer error="insufficient_scope", scope="""#));
    /// assert!(BearerChallenge::from_headers(&headers).is_err());
    /// let challenge = BearerChallenge::from_headers_lenient(&headers)?;
    /// assert_eq!(challenge.error(), Some(&BearerError::INSUFFICIENT_SCOPE));
    /// assert!(challenge.scope().is_none() && challenge.scope_problem().is_some());
    /// # Ok::<(), oauth_scope::ChallengeError>(())
    /// ```
    pub fn from_headers_lenient(headers: &http::HeaderMap) -> Result<Self, ChallengeError> {
        BearerChallenge::read_headers(headers, Leniency::Scope)
    }

    /// [`from_headers`](Self::from_headers) or its lenient twin.
    fn read_headers(headers: &http::HeaderMap, leniency: Leniency) -> Result<Self, ChallengeError> {
        let mut bearer = None;
        for value in headers.get_all(http::header::WWW_AUTHENTICATE) {
            let text = value
                .to_str()
                .map_err(|_| ChallengeError::not_visible_ascii(value.as_bytes()))?;
            let challenge = BearerChallenge::read(text, leniency)?;
            if bearer.is_none() {
                bearer = challenge;
            }
        }
        bearer.ok_or_else(ChallengeError::no_bearer)
    }
}

/// A challenge is a response (feature `axum`): status, `WWW-Authenticate`
/// and an empty body, as [`BearerChallenge::to_response`] builds it.
///
/// # Examples
///
/// ```
/// use axum_core::response::IntoResponse;
/// use oauth_scope::{BearerChallenge, BearerError};
///
/// // A handler can answer with a challenge.
/// async fn handler(token_is_valid: bool) -> Result<&'static str, BearerChallenge> {
///     if !token_is_valid {
///         return Err(BearerChallenge::new().with_error(BearerError::INVALID_TOKEN));
///     }
///     Ok("hello")
/// }
///
/// let response = BearerChallenge::new().with_error(BearerError::INVALID_TOKEN).into_response();
/// assert_eq!(response.status(), http::StatusCode::UNAUTHORIZED);
/// assert_eq!(response.headers()["www-authenticate"], r#"Bearer error="invalid_token""#);
/// ```
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
impl axum_core::response::IntoResponse for BearerChallenge {
    fn into_response(self) -> axum_core::response::Response {
        self.to_response()
    }
}

impl From<&BearerChallenge> for http::HeaderValue {
    fn from(challenge: &BearerChallenge) -> Self {
        challenge.header_value()
    }
}
