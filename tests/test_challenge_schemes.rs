//! The `DPoP` scheme and the step-up parameters of a `WWW-Authenticate`
//! challenge, checked against their sources:
//!
//! - RFC 9449 (OAuth 2.0 Demonstrating Proof of Possession) §7.1 (Figures
//!   15 and 16), §7.2 (Figures 17, 18 and 19) and §9 (Figure 24): every
//!   resource-server challenge of the RFC, built, rendered byte for byte and
//!   parsed back;
//! - RFC 9470 (OAuth 2.0 Step Up Authentication Challenge Protocol) §3
//!   (Figures 2 and 3): `insufficient_user_authentication` with
//!   `acr_values` and `max_age`, likewise;
//! - Spring Security's `DPoPAuthenticationEntryPoint`: what it writes, read
//!   with `Challenge::parse_all`;
//! - headers offering both schemes (RFC 9110 §11.6.1), CR and LF refused in
//!   values, the `max_age` grammar (RFC 9470 §3), the status codes of the
//!   three new error codes, and the deprecated `BearerChallenge` alias.
//!
//! Texts used:
//!
//! - RFC 9449: the RFC's plain text (September 2023, the published
//!   draft-ietf-oauth-dpop-16), cross-checked against the datatracker HTML
//!   rendering <https://datatracker.ietf.org/doc/html/rfc9449>; no snapshot
//!   of `github:oauth-wg/dpop` was available.
//! - RFC 9470: `github:oauth-wg/oauth-step-up-authn-challenge`, branch
//!   `gh-pages` at 4424c6f2e6492f80722969ae6393568f5326d1d4, file
//!   `draft-ietf-oauth-step-up-authn-challenge-17/draft-ietf-oauth-step-up-authn-challenge.txt`
//!   (draft 17 is the one published as RFC 9470), the same figures as the
//!   Markdown source on `main` at 267a6797e4f610222c0b01fa37466f5dbeb03058.
//! - Spring Security: `github:spring-projects/spring-security` at
//!   d449950b36fe9387c9991130ca8e7701c902192a,
//!   `oauth2/oauth2-resource-server/src/main/java/org/springframework/security/oauth2/server/resource/web/DPoPAuthenticationEntryPoint.java`
//!   and
//!   `config/src/test/java/org/springframework/security/config/annotation/web/configurers/oauth2/server/resource/DPoPAuthenticationTests.java`.
//!
//! The RFCs fold long header lines, with RFC 8792 `\` wrapping (RFC 9449) or
//! plain continuation lines (RFC 9470). The figures are quoted below as
//! folded, and [`unfold`] joins them into the one-line header value, with a
//! single space after each comma.

use std::any::TypeId;

use oauth_scope::{AuthScheme, Challenge, ChallengeErrorKind, ErrorCode, ScopeSet};

/// A folded figure of an RFC as one header line: RFC 8792 §7.2.2 (a line
/// ending in `\` goes on with the next line, whose leading whitespace is not
/// part of the value) or a plain continuation line (its leading whitespace
/// becomes one space).
fn unfold(folded: &str) -> String {
    let mut out = String::new();
    let mut wrapped = false;
    for (i, line) in folded.lines().enumerate() {
        let line = if i == 0 { line } else { line.trim_start() };
        if i > 0 && !wrapped {
            out.push(' ');
        }
        if let Some(head) = line.strip_suffix('\\') {
            out.push_str(head);
            wrapped = true;
        } else {
            out.push_str(line);
            wrapped = false;
        }
    }
    out
}

/// Several challenges in one `WWW-Authenticate` value (RFC 9110 §11.6.1:
/// `#challenge`), as the RFCs write them: comma and one space.
fn render(challenges: &[Challenge]) -> String {
    challenges
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------------------
// RFC 9449
// ---------------------------------------------------------------------------

// RFC 9449 §7.1, Figure 15 ("HTTP 401 Response to a Protected Resource
// Request without Authentication"):
//
//     HTTP/1.1 401 Unauthorized
//     WWW-Authenticate: DPoP algs="ES256 PS256"
#[test]
fn rfc9449_figure_15_dpop_challenge_without_authentication() {
    let rfc = r#"DPoP algs="ES256 PS256""#;
    let built = Challenge::dpop().with_algs("ES256 PS256").unwrap();
    assert_eq!(built.to_string(), rfc);
    assert_eq!(built.scheme(), AuthScheme::DPoP);
    assert_eq!(built.algs(), Some("ES256 PS256"));
    assert_eq!(built.error(), None);
    assert_eq!(built.status_code(), 401);
    assert_eq!(Challenge::parse_all(rfc).unwrap(), vec![built]);
}

// RFC 9449 §7.1, Figure 16 ("HTTP 401 Response to a Protected Resource
// Request with an Invalid Token"), "\" line wrapping per RFC 8792:
//
//     HTTP/1.1 401 Unauthorized
//     WWW-Authenticate: DPoP error="invalid_token", \
//        error_description="Invalid DPoP key binding", algs="ES256"
#[test]
fn rfc9449_figure_16_invalid_dpop_key_binding() {
    let folded = r#"DPoP error="invalid_token", \
   error_description="Invalid DPoP key binding", algs="ES256""#;
    let rfc = unfold(folded);
    assert_eq!(
        rfc,
        r#"DPoP error="invalid_token", error_description="Invalid DPoP key binding", algs="ES256""#
    );
    let built = Challenge::dpop()
        .with_error(ErrorCode::INVALID_TOKEN)
        .with_error_description("Invalid DPoP key binding")
        .unwrap()
        .with_algs("ES256")
        .unwrap();
    assert_eq!(built.to_string(), rfc);
    assert_eq!(built.status_code(), 401);
    let parsed = Challenge::parse_all(&rfc).unwrap();
    assert_eq!(parsed, vec![built]);
    assert_eq!(parsed[0].scheme(), AuthScheme::DPoP);
    assert_eq!(parsed[0].error(), Some(&ErrorCode::INVALID_TOKEN));
    assert_eq!(
        parsed[0].error_description(),
        Some("Invalid DPoP key binding")
    );
    assert_eq!(parsed[0].algs(), Some("ES256"));
}

// RFC 9449 §7.2, Figure 17 ("HTTP 401 Response to a Protected Resource
// Request without Authentication"):
//
//     HTTP/1.1 401 Unauthorized
//     WWW-Authenticate: Bearer, DPoP algs="ES256 PS256"
#[test]
fn rfc9449_figure_17_both_schemes_without_authentication() {
    let rfc = r#"Bearer, DPoP algs="ES256 PS256""#;
    let built = vec![
        Challenge::new(),
        Challenge::dpop().with_algs("ES256 PS256").unwrap(),
    ];
    assert_eq!(render(&built), rfc);
    assert_eq!(built[0].to_string(), "Bearer");
    assert_eq!(built[0].status_code(), 401);
    assert_eq!(built[1].status_code(), 401);
    assert_eq!(Challenge::parse_all(rfc).unwrap(), built);
    // `parse` returns the Bearer challenge, which has no parameter.
    assert_eq!(Challenge::parse(rfc).unwrap(), Challenge::new());
}

// RFC 9449 §7.2, Figure 18 ("HTTP 401 Response to a Protected Resource
// Request with Invalid Authentication"), "\" line wrapping per RFC 8792:
//
//     HTTP/1.1 401 Unauthorized
//     WWW-Authenticate: Bearer error="invalid_token", \
//         error_description="Invalid token", DPoP algs="ES256 PS256"
#[test]
fn rfc9449_figure_18_error_in_the_bearer_challenge_only() {
    let folded = r#"Bearer error="invalid_token", \
    error_description="Invalid token", DPoP algs="ES256 PS256""#;
    let rfc = unfold(folded);
    assert_eq!(
        rfc,
        r#"Bearer error="invalid_token", error_description="Invalid token", DPoP algs="ES256 PS256""#
    );
    let bearer = Challenge::new()
        .with_error(ErrorCode::INVALID_TOKEN)
        .with_error_description("Invalid token")
        .unwrap();
    let dpop = Challenge::dpop().with_algs("ES256 PS256").unwrap();
    let built = vec![bearer.clone(), dpop];
    assert_eq!(render(&built), rfc);
    assert_eq!(bearer.status_code(), 401);
    assert_eq!(Challenge::parse_all(&rfc).unwrap(), built);
    assert_eq!(Challenge::parse(&rfc).unwrap(), bearer);
}

// RFC 9449 §7.2, Figure 19 ("HTTP 400 Response to a Protected Resource
// Request with Ambiguous Authentication"), "\" line wrapping per RFC 8792:
//
//     HTTP/1.1 400 Bad Request
//     WWW-Authenticate: Bearer error="invalid_request", \
//      error_description="Multiple methods used to include access token", \
//      DPoP algs="ES256 PS256", error="invalid_request", \
//      error_description="Multiple methods used to include access token"
//
// The RFC's DPoP challenge has `algs` first, where the RFC's other examples
// (Figure 16) have it last. A built challenge renders in the crate's order
// (realm, scope, error, error_description, error_uri, resource_metadata,
// algs, ...); a challenge read from a header keeps the order it was read
// in, so the RFC's text reads back and renders byte for byte.
#[test]
fn rfc9449_figure_19_errors_in_both_challenges() {
    let folded = r#"Bearer error="invalid_request", \
 error_description="Multiple methods used to include access token", \
 DPoP algs="ES256 PS256", error="invalid_request", \
 error_description="Multiple methods used to include access token""#;
    let rfc = unfold(folded);
    assert_eq!(
        rfc,
        concat!(
            r#"Bearer error="invalid_request", "#,
            r#"error_description="Multiple methods used to include access token", "#,
            r#"DPoP algs="ES256 PS256", error="invalid_request", "#,
            r#"error_description="Multiple methods used to include access token""#,
        )
    );
    let description = "Multiple methods used to include access token";
    let bearer = Challenge::new()
        .with_error(ErrorCode::INVALID_REQUEST)
        .with_error_description(description)
        .unwrap();
    let dpop = Challenge::dpop()
        .with_algs("ES256 PS256")
        .unwrap()
        .with_error(ErrorCode::INVALID_REQUEST)
        .with_error_description(description)
        .unwrap();
    let built = vec![bearer.clone(), dpop];
    assert_eq!(Challenge::parse_all(&rfc).unwrap(), built);
    assert_eq!(Challenge::parse(&rfc).unwrap(), bearer);
    // HTTP/1.1 400 Bad Request: `invalid_request` (RFC 6750 §3.1).
    assert_eq!(built[0].status_code(), 400);
    assert_eq!(built[1].status_code(), 400);

    // Read from the RFC's text, both render as the RFC has them.
    assert_eq!(render(&Challenge::parse_all(&rfc).unwrap()), rfc);
    // Built, the Bearer challenge renders as the RFC has it; the DPoP one
    // with `algs` last.
    assert!(rfc.starts_with(&format!("{bearer}, ")));
    let rendered = render(&built);
    assert_ne!(rendered, rfc);
    assert_eq!(
        rendered,
        concat!(
            r#"Bearer error="invalid_request", "#,
            r#"error_description="Multiple methods used to include access token", "#,
            r#"DPoP error="invalid_request", "#,
            r#"error_description="Multiple methods used to include access token", "#,
            r#"algs="ES256 PS256""#,
        )
    );
    // What it renders reads back as the same challenges.
    assert_eq!(Challenge::parse_all(&rendered).unwrap(), built);
}

// RFC 9449 §9, Figure 24 ("HTTP 401 Response to a Resource Request without
// a Nonce"), "\" line wrapping per RFC 8792:
//
//     HTTP/1.1 401 Unauthorized
//     WWW-Authenticate: DPoP error="use_dpop_nonce", \
//       error_description="Resource server requires nonce in DPoP proof"
//     DPoP-Nonce: eyJ7S_zG.eyJH0-Z.HX4w-7v
#[test]
fn rfc9449_figure_24_use_dpop_nonce() {
    let folded = r#"DPoP error="use_dpop_nonce", \
  error_description="Resource server requires nonce in DPoP proof""#;
    let rfc = unfold(folded);
    assert_eq!(
        rfc,
        r#"DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof""#
    );
    let built = Challenge::dpop()
        .with_error(ErrorCode::USE_DPOP_NONCE)
        .with_error_description("Resource server requires nonce in DPoP proof")
        .unwrap();
    assert_eq!(built.to_string(), rfc);
    assert_eq!(built.status_code(), 401);
    let parsed = Challenge::parse_all(&rfc).unwrap();
    assert_eq!(parsed, vec![built]);
    assert_eq!(parsed[0].error(), Some(&ErrorCode::USE_DPOP_NONCE));
    assert_eq!(parsed[0].algs(), None);
    // No Bearer challenge in it.
    assert_eq!(
        Challenge::parse(&rfc).unwrap_err().kind(),
        ChallengeErrorKind::NoBearer
    );
}

// ---------------------------------------------------------------------------
// RFC 9470
// ---------------------------------------------------------------------------

// RFC 9470 §3, Figure 2 ("Authentication Requirements Challenge indicating
// acr_values"):
//
//     HTTP/1.1 401 Unauthorized
//     WWW-Authenticate: Bearer error="insufficient_user_authentication",
//       error_description="A different authentication level is required",
//       acr_values="myACR"
#[test]
fn rfc9470_figure_2_acr_values() {
    let folded = r#"Bearer error="insufficient_user_authentication",
  error_description="A different authentication level is required",
  acr_values="myACR""#;
    let rfc = unfold(folded);
    assert_eq!(
        rfc,
        concat!(
            r#"Bearer error="insufficient_user_authentication", "#,
            r#"error_description="A different authentication level is required", "#,
            r#"acr_values="myACR""#,
        )
    );
    let built = Challenge::new()
        .with_error(ErrorCode::INSUFFICIENT_USER_AUTHENTICATION)
        .with_error_description("A different authentication level is required")
        .unwrap()
        .with_acr_values("myACR")
        .unwrap();
    assert_eq!(built.to_string(), rfc);
    assert_eq!(built.status_code(), 401);
    let parsed = Challenge::parse_all(&rfc).unwrap();
    assert_eq!(parsed, vec![built.clone()]);
    assert_eq!(parsed[0].acr_values(), Some("myACR"));
    assert_eq!(parsed[0].max_age(), None);
    assert_eq!(Challenge::parse(&rfc).unwrap(), built);
}

// RFC 9470 §3, Figure 3 ("Authentication Requirements Challenge indicating
// max_age"):
//
//     HTTP/1.1 401 Unauthorized
//     WWW-Authenticate: Bearer error="insufficient_user_authentication",
//       error_description="More recent authentication is required",
//       max_age="5"
#[test]
fn rfc9470_figure_3_max_age() {
    let folded = r#"Bearer error="insufficient_user_authentication",
  error_description="More recent authentication is required",
  max_age="5""#;
    let rfc = unfold(folded);
    assert_eq!(
        rfc,
        concat!(
            r#"Bearer error="insufficient_user_authentication", "#,
            r#"error_description="More recent authentication is required", "#,
            r#"max_age="5""#,
        )
    );
    let built = Challenge::new()
        .with_error(ErrorCode::INSUFFICIENT_USER_AUTHENTICATION)
        .with_error_description("More recent authentication is required")
        .unwrap()
        .with_max_age(5);
    assert_eq!(built.to_string(), rfc);
    assert_eq!(built.status_code(), 401);
    let parsed = Challenge::parse_all(&rfc).unwrap();
    assert_eq!(parsed, vec![built.clone()]);
    assert_eq!(parsed[0].max_age(), Some(5));
    assert_eq!(parsed[0].acr_values(), None);
    assert_eq!(Challenge::parse(&rfc).unwrap(), built);
}

// RFC 9470 §3: "while the auth-param value can be conveyed as a token or
// quoted-string (see section 11.2 of [RFC9110]), it has to represent a
// non-negative integer", and "The auth-params max_age and acr_values MAY
// both occur in the same challenge". Also: "it MAY include the scope
// attribute".
#[test]
fn rfc9470_max_age_as_a_token_and_both_parameters_together() {
    let token =
        Challenge::parse(r"Bearer error=insufficient_user_authentication, max_age=5").unwrap();
    assert_eq!(token.max_age(), Some(5));
    assert_eq!(
        token.to_string(),
        r#"Bearer error="insufficient_user_authentication", max_age="5""#
    );

    let both = Challenge::new()
        .with_scope(&ScopeSet::parse("purchase").unwrap())
        .with_error(ErrorCode::INSUFFICIENT_USER_AUTHENTICATION)
        .with_acr_values("urn:example:loa:3 myACR")
        .unwrap()
        .with_max_age(300);
    let text = concat!(
        r#"Bearer scope="purchase", error="insufficient_user_authentication", "#,
        r#"acr_values="urn:example:loa:3 myACR", max_age="300""#,
    );
    assert_eq!(both.to_string(), text);
    assert_eq!(Challenge::parse_all(text).unwrap(), vec![both]);
}

// ---------------------------------------------------------------------------
// Spring Security's DPoPAuthenticationEntryPoint
// ---------------------------------------------------------------------------

// `DPoPAuthenticationEntryPoint.commence` (spring-security d449950b):
//
//     parameters.put(OAuth2ParameterNames.ERROR, error.getErrorCode());
//     if (StringUtils.hasText(error.getDescription())) {
//         parameters.put(OAuth2ParameterNames.ERROR_DESCRIPTION, error.getDescription());
//     }
//     if (StringUtils.hasText(error.getUri())) {
//         parameters.put(OAuth2ParameterNames.ERROR_URI, error.getUri());
//     }
//     parameters.put("algs",
//             JwsAlgorithms.RS256 + " " + JwsAlgorithms.RS384 + " " + JwsAlgorithms.RS512 + " " + JwsAlgorithms.PS256
//                     + " " + JwsAlgorithms.PS384 + " " + JwsAlgorithms.PS512 + " " + JwsAlgorithms.ES256 + " "
//                     + JwsAlgorithms.ES384 + " " + JwsAlgorithms.ES512);
//     ...
//     response.setStatus(HttpStatus.UNAUTHORIZED.value());
//
// and `toWWWAuthenticateHeader`, after `wwwAuthenticate.append("DPoP")` and
// one space:
//
//     wwwAuthenticate.append(entry.getKey()).append("=\"").append(entry.getValue()).append("\"");
//     if (i++ != parameters.size() - 1) {
//         wwwAuthenticate.append(", ");
//     }
//
// So: a `LinkedHashMap` in the order error, error_description, error_uri,
// algs (the crate's order too); every value quoted and nothing escaped; the
// nine algorithms always; status 401 whatever the error code. The headers
// are those `DPoPAuthenticationTests` expects.
const SPRING_ALGS: &str = "RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512";

// DPoPAuthenticationTests.requestWhenDPoPAccessTokenMalformedThenUnauthorized:
//
//     "DPoP error=\"invalid_token\", error_description=\"DPoP access token is malformed.\", algs=\"RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512\""
#[test]
fn spring_entry_point_invalid_token() {
    let spring = r#"DPoP error="invalid_token", error_description="DPoP access token is malformed.", algs="RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512""#;
    let parsed = Challenge::parse_all(spring).unwrap();
    assert_eq!(parsed.len(), 1);
    let c = &parsed[0];
    assert_eq!(c.scheme(), AuthScheme::DPoP);
    assert_eq!(c.error(), Some(&ErrorCode::INVALID_TOKEN));
    assert_eq!(
        c.error_description(),
        Some("DPoP access token is malformed.")
    );
    assert_eq!(c.error_uri(), None);
    assert_eq!(c.algs(), Some(SPRING_ALGS));
    assert_eq!(c.realm(), None);
    assert_eq!(c.extensions().count(), 0);
    assert_eq!(c.status_code(), 401);
    // Same order as the crate's: it renders back byte for byte.
    assert_eq!(c.to_string(), spring);
    // No Bearer challenge for `parse`.
    assert_eq!(
        Challenge::parse(spring).unwrap_err().kind(),
        ChallengeErrorKind::NoBearer
    );
}

// DPoPAuthenticationTests.requestWhenDPoPAndBearerAuthenticationThenUnauthorized:
//
//     "DPoP error=\"invalid_request\", error_description=\"Found multiple Authorization headers.\", algs=\"RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512\""
//
// and requestWhenMultipleDPoPProofsThenUnauthorized:
//
//     "DPoP error=\"invalid_request\", error_description=\"DPoP proof is missing or invalid.\", algs=\"RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512\""
//
// Spring sends both with status 401 (`HttpStatus.UNAUTHORIZED`); RFC 6750
// §3.1 gives `invalid_request` 400, which is what `status_code` says. (For a
// bad proof RFC 9449 §7.1 has `invalid_dpop_proof`, not `invalid_request`.)
#[test]
fn spring_entry_point_invalid_request() {
    for description in [
        "Found multiple Authorization headers.",
        "DPoP proof is missing or invalid.",
    ] {
        let spring = format!(
            r#"DPoP error="invalid_request", error_description="{description}", algs="{SPRING_ALGS}""#
        );
        let parsed = Challenge::parse_all(&spring).unwrap();
        let expected = Challenge::dpop()
            .with_error(ErrorCode::INVALID_REQUEST)
            .with_error_description(description)
            .unwrap()
            .with_algs(SPRING_ALGS)
            .unwrap();
        assert_eq!(parsed, vec![expected]);
        assert_eq!(parsed[0].error(), Some(&ErrorCode::INVALID_REQUEST));
        assert_ne!(parsed[0].error(), Some(&ErrorCode::INVALID_DPOP_PROOF));
        assert_eq!(parsed[0].status_code(), 400);
        assert_eq!(parsed[0].to_string(), spring);
    }
}

// Without an `OAuth2AuthenticationException` the map holds only "algs", and
// with an error URI it comes between the description and "algs":
//
//     if (StringUtils.hasText(error.getUri())) {
//         parameters.put(OAuth2ParameterNames.ERROR_URI, error.getUri());
//     }
#[test]
fn spring_entry_point_without_error_and_with_error_uri() {
    let bare = format!(r#"DPoP algs="{SPRING_ALGS}""#);
    let parsed = Challenge::parse_all(&bare).unwrap();
    assert_eq!(
        parsed,
        vec![Challenge::dpop().with_algs(SPRING_ALGS).unwrap()]
    );
    assert_eq!(parsed[0].error(), None);
    assert_eq!(parsed[0].status_code(), 401);
    assert_eq!(parsed[0].to_string(), bare);

    let with_uri = format!(
        r#"DPoP error="invalid_token", error_description="Jwt expired", error_uri="https://tools.ietf.org/html/rfc6750#section-3.1", algs="{SPRING_ALGS}""#
    );
    let parsed = Challenge::parse_all(&with_uri).unwrap();
    assert_eq!(parsed.len(), 1);
    assert_eq!(
        parsed[0].error_uri(),
        Some("https://tools.ietf.org/html/rfc6750#section-3.1")
    );
    assert_eq!(parsed[0].algs(), Some(SPRING_ALGS));
    assert_eq!(parsed[0].to_string(), with_uri);
}

// Spring appends `entry.getValue()` between quotes without escaping it: a
// description holding `"` ends the quoted-string early, and the header is
// not a list of challenges. The crate refuses it and says where.
#[test]
fn spring_entry_point_unescaped_quote_is_a_syntax_error() {
    let spring = format!(
        r#"DPoP error="invalid_token", error_description="Claim "aud" mismatch", algs="{SPRING_ALGS}""#
    );
    let err = Challenge::parse_all(&spring).unwrap_err();
    assert_eq!(err.kind(), ChallengeErrorKind::Syntax);
    // Just after `"Claim "`: the `a` of `aud`.
    let at = spring.find("aud").unwrap();
    assert_eq!(at, 54);
    assert_eq!(err.offset(), Some(at));
    assert_eq!(
        err.to_string(),
        "malformed challenge at byte 54: expected ',' or the end of the header"
    );
}

// ---------------------------------------------------------------------------
// Both schemes in one header (RFC 9110 §11.6.1, RFC 9449 §7.2)
// ---------------------------------------------------------------------------

#[test]
fn parse_returns_the_bearer_challenge_and_parse_all_both_in_order() {
    let header = r#"Bearer realm="api", scope="read", DPoP algs="ES256""#;
    let bearer = Challenge::new()
        .with_realm("api")
        .unwrap()
        .with_scope(&ScopeSet::parse("read").unwrap());
    let dpop = Challenge::dpop().with_algs("ES256").unwrap();
    assert_eq!(Challenge::parse(header).unwrap(), bearer);
    assert_eq!(
        Challenge::parse_all(header).unwrap(),
        vec![bearer.clone(), dpop.clone()]
    );
    assert_eq!(render(&[bearer.clone(), dpop.clone()]), header);

    // DPoP first: `parse` still finds the Bearer one; `parse_all` keeps the
    // header's order, and skips other schemes.
    let header = r#"Basic realm="x", DPoP algs="ES256", Bearer realm="api", scope="read""#;
    assert_eq!(Challenge::parse(header).unwrap(), bearer);
    let all = Challenge::parse_all(header).unwrap();
    assert_eq!(all, vec![dpop, bearer]);
    assert_eq!(
        all.iter().map(Challenge::scheme).collect::<Vec<_>>(),
        [AuthScheme::DPoP, AuthScheme::Bearer]
    );
}

#[test]
fn a_dpop_challenge_with_a_token68_is_an_error() {
    let err = Challenge::parse_all("DPoP abc123").unwrap_err();
    assert_eq!(err.kind(), ChallengeErrorKind::Syntax);
    assert_eq!(err.offset(), Some(5));
    assert_eq!(
        err.to_string(),
        r#"malformed challenge at byte 5: expected auth-params after "DPoP", not a token68"#
    );

    let header = r#"Bearer realm="api", DPoP abc123=="#;
    let err = Challenge::parse_all(header).unwrap_err();
    assert_eq!(err.kind(), ChallengeErrorKind::Syntax);
    assert_eq!(err.offset(), Some(25));

    // `parse` reads only the Bearer challenge: a DPoP token68 is not its
    // business, as `Basic <token68>` is not.
    assert_eq!(
        Challenge::parse(header).unwrap(),
        Challenge::new().with_realm("api").unwrap()
    );
}

#[test]
fn scheme_names_are_case_insensitive() {
    let expected = Challenge::dpop().with_algs("ES256").unwrap();
    for header in [
        r#"dpop algs="ES256""#,
        r#"DPOP algs="ES256""#,
        r#"dPoP ALGS="ES256""#,
    ] {
        let all = Challenge::parse_all(header).unwrap();
        assert_eq!(all, vec![expected.clone()], "{header}");
        assert_eq!(all[0].scheme(), AuthScheme::DPoP);
        // Rendered with the registered spelling.
        assert_eq!(all[0].to_string(), r#"DPoP algs="ES256""#);
    }
    let all = Challenge::parse_all(r#"bearer realm="api", dpop algs="ES256""#).unwrap();
    assert_eq!(
        all.iter().map(Challenge::scheme).collect::<Vec<_>>(),
        [AuthScheme::Bearer, AuthScheme::DPoP]
    );
    assert_eq!(all[1], expected);
}

// ---------------------------------------------------------------------------
// CR and LF, and the max_age grammar
// ---------------------------------------------------------------------------

#[test]
fn builders_refuse_cr_and_lf() {
    let err = Challenge::new()
        .with_acr_values("myACR\r\nSet-Cookie: x=1")
        .unwrap_err();
    assert_eq!(err.kind(), ChallengeErrorKind::InvalidChar);
    assert_eq!(
        err.to_string(),
        "invalid character '\\r' (U+000D) at byte 5 of the acr_values value; \
         expected printable ASCII without '\"' and '\\'"
    );

    let err = Challenge::dpop().with_algs("ES256\nPS256").unwrap_err();
    assert_eq!(err.kind(), ChallengeErrorKind::InvalidChar);
    assert_eq!(
        err.to_string(),
        "invalid character '\\n' (U+000A) at byte 5 of the algs value; \
         expected printable ASCII without '\"' and '\\'"
    );

    let err = Challenge::dpop()
        .with_error_description("nonce\r\n")
        .unwrap_err();
    assert_eq!(err.kind(), ChallengeErrorKind::InvalidChar);
    assert_eq!(err.offset(), None);

    for value in ["\r", "\n", "a\rb", "a\nb", "\r\n"] {
        assert_eq!(
            Challenge::new().with_acr_values(value).unwrap_err().kind(),
            ChallengeErrorKind::InvalidChar,
            "{value:?}"
        );
        assert_eq!(
            Challenge::dpop().with_algs(value).unwrap_err().kind(),
            ChallengeErrorKind::InvalidChar,
            "{value:?}"
        );
        assert_eq!(
            Challenge::new()
                .with_error_description(value)
                .unwrap_err()
                .kind(),
            ChallengeErrorKind::InvalidChar,
            "{value:?}"
        );
    }
}

// The list reader refuses a control character inside a quoted-string
// (RFC 9110 §5.6.4: qdtext is HTAB, SP and visible characters) before any
// parameter rule sees the value: a `Syntax` error at the CR.
#[test]
fn the_parser_refuses_cr_and_lf_in_values() {
    for (header, at) in [
        ("Bearer max_age=\"5\r\n\"", 17),
        ("DPoP max_age=\"5\r\n\"", 15),
        ("Bearer acr_values=\"myACR\r\nx\"", 24),
        ("DPoP algs=\"ES256\nPS256\"", 16),
        (
            "DPoP error=\"use_dpop_nonce\", error_description=\"a\r\nb\"",
            49,
        ),
    ] {
        let err = Challenge::parse_all(header).unwrap_err();
        assert_eq!(err.kind(), ChallengeErrorKind::Syntax, "{header:?}");
        assert_eq!(err.offset(), Some(at), "{header:?}");
        assert_eq!(
            err.to_string(),
            format!("malformed challenge at byte {at}: expected a printable character or '\"'"),
        );
    }
    // As a token: the token ends at the CR, and a comma or the end must
    // follow.
    let err = Challenge::parse_all("Bearer max_age=5\r\n").unwrap_err();
    assert_eq!(err.kind(), ChallengeErrorKind::Syntax);
    assert_eq!(err.offset(), Some(16));
    assert_eq!(
        err.to_string(),
        "malformed challenge at byte 16: expected ',' or the end of the header"
    );
}

// RFC 9470 §3: max_age "has to represent a non-negative integer". The crate
// takes 1 to 19 ASCII digits (all of which fit in a u64).
#[test]
fn max_age_must_be_at_most_19_digits() {
    for value in ["5s", "-1", "+5", "1.5", " 5", "5 ", "0x10", "five", "١"] {
        let header =
            format!(r#"Bearer error="insufficient_user_authentication", max_age="{value}""#);
        let err = Challenge::parse_all(&header).unwrap_err();
        assert_eq!(err.kind(), ChallengeErrorKind::InvalidChar, "{value:?}");
        assert_eq!(err.offset(), Some(58), "{value:?}");
    }
    let err = Challenge::parse(r#"Bearer max_age="""#).unwrap_err();
    assert_eq!(err.kind(), ChallengeErrorKind::EmptyValue);

    // 21 digits: refused, at the twenty-first.
    let err = Challenge::parse(r#"Bearer max_age="123456789012345678901""#).unwrap_err();
    assert_eq!(err.kind(), ChallengeErrorKind::InvalidChar);
    assert_eq!(
        err.to_string(),
        "invalid character '1' (U+0031) at byte 20 of the max_age value \
         (the value starts at byte 16); expected at most 20 ASCII digits, a number of seconds"
    );
    let err = Challenge::parse(r#"Bearer max_age="000000000000000000005""#).unwrap_err();
    assert_eq!(err.kind(), ChallengeErrorKind::InvalidChar);

    // 20 digits within u64: accepted.
    let c = Challenge::parse(r#"Bearer max_age="12345678901234567890""#).unwrap();
    assert_eq!(c.max_age(), Some(12_345_678_901_234_567_890));
    let c = Challenge::parse(r#"Bearer max_age="00000000000000000005""#).unwrap();
    assert_eq!(c.max_age(), Some(5));
    assert_eq!(c.to_string(), r#"Bearer max_age="5""#);
}

#[test]
fn max_age_zero_is_accepted() {
    // "authenticate now": zero is a requirement, not an absent one.
    let built = Challenge::new()
        .with_error(ErrorCode::INSUFFICIENT_USER_AUTHENTICATION)
        .with_max_age(0);
    let text = r#"Bearer error="insufficient_user_authentication", max_age="0""#;
    assert_eq!(built.to_string(), text);
    let parsed = Challenge::parse(text).unwrap();
    assert_eq!(parsed.max_age(), Some(0));
    assert_eq!(parsed, built);
    assert_eq!(
        Challenge::parse("Bearer max_age=0").unwrap().max_age(),
        Some(0)
    );
}

// `with_max_age` takes any u64 and `Display` writes it whole; `parse` reads
// every u64 back, and refuses a larger number by name.
#[test]
fn max_age_round_trips_up_to_u64_max() {
    let c = Challenge::new().with_max_age(u64::MAX);
    assert_eq!(c.to_string(), r#"Bearer max_age="18446744073709551615""#);
    assert_eq!(Challenge::parse(&c.to_string()).unwrap(), c);
    let c = Challenge::new().with_max_age(9_999_999_999_999_999_999);
    assert_eq!(Challenge::parse(&c.to_string()).unwrap(), c);
    // One more than u64::MAX: 20 digits, too large.
    let err = Challenge::parse(r#"Bearer max_age="18446744073709551616""#).unwrap_err();
    assert_eq!(err.kind(), ChallengeErrorKind::NumberTooLarge);
    assert_eq!(
        err.to_string(),
        "max_age value larger than 18446744073709551615 at byte 16"
    );
    // 21 digits: not a number of seconds this crate reads.
    let err = Challenge::parse(r#"Bearer max_age="100000000000000000000""#).unwrap_err();
    assert_eq!(err.kind(), ChallengeErrorKind::InvalidChar);
}

// ---------------------------------------------------------------------------
// The new error codes
// ---------------------------------------------------------------------------

// RFC 9449 §7.1 (`invalid_dpop_proof`) and §9 (`use_dpop_nonce`: "Resource
// servers use an HTTP 401 (Unauthorized) error code"), RFC 9470 §3
// (`insufficient_user_authentication`, with "HTTP/1.1 401 Unauthorized" in
// both figures).
#[test]
fn the_new_error_codes_are_401() {
    for (code, text) in [
        (ErrorCode::INVALID_DPOP_PROOF, "invalid_dpop_proof"),
        (ErrorCode::USE_DPOP_NONCE, "use_dpop_nonce"),
        (
            ErrorCode::INSUFFICIENT_USER_AUTHENTICATION,
            "insufficient_user_authentication",
        ),
    ] {
        assert_eq!(code.as_str(), text);
        assert_eq!(code.status_code(), Some(401), "{text}");
        assert_eq!(ErrorCode::new(text).unwrap(), code);
        assert_eq!(Challenge::new().with_error(code.clone()).status_code(), 401);
        assert_eq!(
            Challenge::dpop().with_error(code.clone()).status_code(),
            401
        );
        let parsed = Challenge::parse_all(&format!(r#"DPoP error="{text}""#)).unwrap();
        assert_eq!(parsed[0].error(), Some(&code));
        assert_eq!(parsed[0].status_code(), 401);
    }
    assert_eq!(
        ErrorCode::new("use_dpop_nonce").unwrap(),
        ErrorCode::USE_DPOP_NONCE
    );
    // Codes are case-sensitive: another spelling is an extension code.
    let other = ErrorCode::new("USE_DPOP_NONCE").unwrap();
    assert_ne!(other, ErrorCode::USE_DPOP_NONCE);
    assert_eq!(other.status_code(), None);
}

// ---------------------------------------------------------------------------
// The deprecated alias
// ---------------------------------------------------------------------------

#[test]
#[allow(deprecated)]
fn bearer_challenge_still_names_challenge() {
    use oauth_scope::BearerChallenge;

    assert_eq!(TypeId::of::<BearerChallenge>(), TypeId::of::<Challenge>());
    let old: BearerChallenge = BearerChallenge::dpop().with_algs("ES256").unwrap();
    let new: Challenge = old.clone();
    assert_eq!(new.scheme(), AuthScheme::DPoP);
    assert_eq!(new.to_string(), r#"DPoP algs="ES256""#);
    assert_eq!(
        BearerChallenge::parse(r#"Bearer realm="api""#).unwrap(),
        Challenge::new().with_realm("api").unwrap()
    );
}

#[test]
fn a_header_read_renders_in_the_order_it_was_read() {
    let header = r#"Bearer scope="a b", x_hint="1", realm="r", error="invalid_token""#;
    let read = Challenge::parse(header).unwrap();
    assert_eq!(read.to_string(), header);
    // Built in another order, it is the same challenge.
    let built = Challenge::new()
        .with_realm("r")
        .unwrap()
        .with_scope(&ScopeSet::parse("a b").unwrap())
        .with_error(ErrorCode::INVALID_TOKEN)
        .with_extension("x_hint", "1")
        .unwrap();
    assert_eq!(read, built);
    assert_eq!(
        built.to_string(),
        r#"Bearer realm="r", scope="a b", error="invalid_token", x_hint="1""#
    );
    // A parameter set after reading comes after those read.
    let more = read
        .with_error_description("expired")
        .unwrap()
        .with_extension("y", "2")
        .unwrap();
    assert_eq!(
        more.to_string(),
        r#"Bearer scope="a b", x_hint="1", realm="r", error="invalid_token", error_description="expired", y="2""#
    );
}
