//! `http` crate conversions (feature `http`): a challenge as a header value
//! and a status code, so that axum, hyper and tower code needs no glue.

use alloc::string::ToString;

use crate::challenge::{BearerChallenge, ChallengeError};

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

impl From<&BearerChallenge> for http::HeaderValue {
    fn from(challenge: &BearerChallenge) -> Self {
        challenge.header_value()
    }
}
