//! Typed scope parameters (`param NAME DELIM KIND`) checked row by row
//! against the cases of three peers that have "dynamic" or "parameterized"
//! scopes:
//!
//! - Doorkeeper, `doorkeeper-gem/doorkeeper` at commit
//!   `d0cd44a7fa1f92d65002a5ec01ed8eb0ba83ba99`: `spec/lib/oauth/scopes_spec.rb`,
//!   `spec/lib/oauth/pre_authorization_spec.rb`,
//!   `spec/lib/oauth/base_request_spec.rb`,
//!   `spec/lib/oauth/refresh_token_request_spec.rb` and the matcher in
//!   `lib/doorkeeper/oauth/scopes.rb` (`enable_dynamic_scopes`, `user:*`).
//! - Keycloak 26.7 parameterized client scopes (the former "dynamic scopes",
//!   whose `dynamic.scope.regexp` became the `custom` type):
//!   <https://www.keycloak.org/docs/latest/server_admin/#_parameterized_client_scopes>,
//!   from `docs/documentation/server_admin/topics/clients/con-parameterized-client-scopes.adoc`
//!   in `keycloak/keycloak` at commit `02b6a1a3c6bcb35c4fff7f3f25a0773b8dc3ca83`,
//!   and the types in `services/src/main/java/org/keycloak/protocol/oidc/scope/`
//!   (`IntegerScopeType.java` at `c4e55647b6ad92cb3380136f6f605ec71c0bfa05`,
//!   `BooleanScopeType.java` at `e7394b1d9cdf66d601a7e9ef65b46c225f128b9f`).
//! - Duende `IdentityServer` parameterized scopes (`transaction:123`):
//!   <https://docs.duendesoftware.com/identityserver/fundamentals/resources/api-scopes/>
//!   (section "Parameterized Scopes", the `ParameterizedScopeParser` sample)
//!   and <https://docs.duendesoftware.com/identityserver/reference/v7/parsers/scope-parser/>.
//!
//! Our semantics: with the rule `param consent : integer`, the template
//! `consent:*` implies itself and every valid instance (`consent:42`), but
//! neither the bare name `consent` nor an invalid instance (`consent:abc`);
//! an instance implies only itself; a value that fails its kind is an error
//! of `validate_token` (`BadParameterValue`, or `EmptyParameterValue` for
//! `consent:`) and is implied by nothing but itself. Where a peer answers
//! differently on purpose, the row holds our answer and a comment names the
//! peer's behaviour and why we differ.

use oauth_scope::{Hierarchy, ParamKind, ScopeSet, VocabularyErrorKind};

/// The rules every general table below reads.
const RULES: &str =
    "param consent : integer\nparam tx : oneof a b c\nparam id - uuid\nparam x : any\n";

/// An instance of `id` (delimiter `-`): the hyphenated lowercase UUID form.
const UUID_LOWER: &str = "id-123e4567-e89b-12d3-a456-426614174000";

/// The same UUID in uppercase: a valid instance, and a different token.
const UUID_UPPER: &str = "id-123E4567-E89B-12D3-A456-426614174000";

/// `validate_token` accepts the token.
const OK: Option<VocabularyErrorKind> = None;

/// The value fails its kind.
const BAD: Option<VocabularyErrorKind> = Some(VocabularyErrorKind::BadParameterValue);

/// The delimiter is followed by nothing.
const EMPTY: Option<VocabularyErrorKind> = Some(VocabularyErrorKind::EmptyParameterValue);

/// Keycloak's example pattern for its `custom` type, `[a-z0-9\-]+`
/// (adoc L88, "To restrict the parameter to known project identifiers"),
/// as a `ParamKind::Custom` check.
fn project_id(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Each row: the token, and `None` when `validate_token` accepts it or the
/// kind of its error (whose `token()` must be the token).
fn check_validate(h: &Hierarchy, rows: &[(&str, Option<VocabularyErrorKind>)]) {
    for &(token, want) in rows {
        match h.validate_token(token) {
            Ok(()) => assert_eq!(want, None, "validate_token({token:?}) accepted it"),
            Err(err) => {
                assert_eq!(err.token(), token, "the error of {token:?} names it");
                assert_eq!(Some(err.kind()), want, "validate_token({token:?})");
            }
        }
    }
}

/// Each row: granted token, required token, whether the first implies the
/// second.
fn check_implies(h: &Hierarchy, rows: &[(&str, &str, bool)]) {
    for &(granted, required, want) in rows {
        assert_eq!(
            h.implies(granted, required),
            want,
            "implies({granted:?}, {required:?})"
        );
    }
}

/// Each row: granted scope, required scope, whether the first covers the
/// second.
fn check_covers(h: &Hierarchy, rows: &[(&str, &str, bool)]) -> oauth_scope::Result<()> {
    for &(granted, required, want) in rows {
        let (have, need) = (ScopeSet::parse(granted)?, ScopeSet::parse(required)?);
        assert_eq!(
            have.covers(&need, h),
            want,
            "{granted:?} covers {required:?}"
        );
    }
    Ok(())
}

/// Each row: requested, allowed, then the grant's granted and denied scopes
/// (canonical text) and whether it is narrowed.
fn check_narrow(h: &Hierarchy, rows: &[(&str, &str, &str, &str, bool)]) -> oauth_scope::Result<()> {
    for &(requested, allowed, granted, denied, narrowed) in rows {
        let grant = ScopeSet::parse(requested)?.narrow(&ScopeSet::parse(allowed)?, h);
        let case = format!("{requested:?} against allowed {allowed:?}");
        assert_eq!(grant.granted().to_string(), granted, "{case}: granted");
        assert_eq!(grant.denied().to_string(), denied, "{case}: denied");
        assert_eq!(grant.is_narrowed(), narrowed, "{case}: narrowed");
    }
    Ok(())
}

/// `scopes_spec.rb` L202-L234 and L288-L304, "`#has_scopes?`" with dynamic
/// scopes enabled: `Scopes#has_scopes?` is our `covers`. Doorkeeper's ids
/// are integers in every case, so `user` is an integer parameter.
#[test]
fn doorkeeper_has_scopes_with_dynamic_scopes() -> oauth_scope::Result<()> {
    let h = Hierarchy::from_rules("param user : integer")?;
    // L155 and L185: the subject is `public admin`, then `user:*` added.
    let pattern = "admin public user:*";
    check_covers(
        &h,
        &[
            (pattern, "public user:1", true),   // L214
            (pattern, "public user:*", true),   // L218
            (pattern, "public user:", false),   // L222
            (pattern, "public userA:1", false), // L226
            // Doorkeeper grants both of these: `dynamic_scope_match?`
            // (scopes.rb L136-L146) splits at the first delimiter only
            // (`split(delimiter, 2)`) and `*` then matches any non-blank
            // rest, `abc` and `1:2` alike. Ours checks the value against its
            // kind, and `1:2` is not an integer: the template never grants
            // a value its resource server cannot read.
            (pattern, "public user:abc", false),
            (pattern, "public user:1:2", false),
            // Not the bare name: neither peer nor we let `user:*` grant it.
            (pattern, "user", false),
            // L290: `user:1` added instead of the pattern.
            ("admin public user:1", "public user:1", true), // L294
            ("admin public user:1", "public user:*", false), // L298
            ("admin public user:1", "public user:2", false), // L302
        ],
    )?;
    // L230-L234: an allowed `user:` (no right-hand side) grants no user.
    check_implies(
        &h,
        &[
            ("user:", "user:1", false),
            ("user:*", "user:1", true),
            ("user:*", "user:*", true),
            ("user:*", "user:", false),
        ],
    );
    // `userA:1` (L226) is outside the rule: a plain token, valid, implied
    // only by itself.
    check_validate(&h, &[("userA:1", OK), ("user:", EMPTY), ("user:1", OK)]);
    Ok(())
}

/// `scopes_spec.rb` L305-L325: `enable_dynamic_scopes(delimiter: "-")` with
/// `user-1` added; our `param user - integer`.
#[test]
fn doorkeeper_custom_delimiter() -> oauth_scope::Result<()> {
    let h = Hierarchy::from_rules("param user - integer")?;
    // L290 and L311: `user:1`, then `user-1`, added to `public admin`.
    let allowed = "admin public user-1 user:1";
    check_covers(
        &h,
        &[
            (allowed, "public user-1", true),  // L314-L316
            (allowed, "public user-*", false), // L318-L320
            (allowed, "public user-2", false), // L322-L324
            // Ours: the template with the custom delimiter.
            ("user-*", "user-2 user-30", true),
            ("user-*", "user-x", false),
            // With `-` declared, `user:1` is a plain token.
            ("user-*", "user:1", false),
        ],
    )?;
    check_validate(&h, &[("user-7", OK), ("user-", EMPTY), ("user:1", OK)]);
    Ok(())
}

/// `scopes_spec.rb` L182-L200, dynamic scopes disabled: without a `param`
/// rule `user:*` is a plain token that implies only itself.
#[test]
fn doorkeeper_dynamic_scopes_disabled() -> oauth_scope::Result<()> {
    let h = Hierarchy::exact();
    let pattern = "admin public user:*";
    check_covers(
        &h,
        &[
            (pattern, "public user:1", false), // L188-L190
            (pattern, "public user:*", true),  // L192-L194
            (pattern, "public user:", false),  // L196-L198
        ],
    )?;
    // No rule, no structure: nothing to refuse either.
    check_validate(&h, &[("user:", OK), ("user:abc", OK)]);
    Ok(())
}

/// `Scopes#allowed` (receiver: the allowed set; argument: the request) and
/// `Scopes#common` (`scopes_spec.rb` L236-L285), and the pre-authorization
/// default scope (`pre_authorization_spec.rb` L244-L267,
/// `base_request_spec.rb` L222-L237) are our `narrow`.
#[test]
fn doorkeeper_allowed_and_common_are_narrow() -> oauth_scope::Result<()> {
    let h = Hierarchy::from_rules("param user : integer")?;
    check_narrow(
        &h,
        &[
            // L237-L240, L254-L257, L271-L274: the pattern allows `user:1`.
            ("public user:1", "public user:*", "public user:1", "", false),
            // L242-L245, L259-L262, L281-L284: `user:1` does not allow `user:2`.
            ("public user:2", "public user:1", "public", "user:2", true),
            // L247-L250 and L264-L267: Doorkeeper's `#&`/`#allowed` drop a
            // requested `user:*` when only `user:1` is allowed (`public`).
            // Ours grants the meet, `user:1`, as Doorkeeper's own `#common`
            // does (L276-L279, "allows user:1 when the argument holds the
            // pattern"): the client gets what it may have of what it asked.
            ("public user:*", "public user:1", "public user:1", "", true),
            // pre_authorization_spec.rb L244-L254, base_request_spec.rb
            // L222-L228: default `user:*`, application `user:1`.
            ("user:*", "user:1", "user:1", "", true),
            // pre_authorization_spec.rb L257-L267, base_request_spec.rb
            // L231-L237: default `user:1`, application `user:*`.
            ("user:1", "user:*", "user:1", "", false),
            // Ours: the meet with several instances allowed.
            ("user:*", "user:1 user:2", "user:1 user:2", "", true),
            // Doorkeeper grants these (scopes.rb L144: `*` matches any
            // non-blank rest); ours refuses a value that is no integer.
            (
                "public user:abc",
                "public user:*",
                "public",
                "user:abc",
                true,
            ),
            ("user:1:2", "user:*", "", "user:1:2", true),
            // L222 in narrow form: no value, no grant.
            ("user:", "user:*", "", "user:", true),
        ],
    )
}

/// `refresh_token_request_spec.rb` L246-L292: a token of `public write
/// user:1` (L251) from an application allowed `public write user:*` (L249).
#[test]
fn doorkeeper_refresh() -> oauth_scope::Result<()> {
    let h = Hierarchy::from_rules("param user : integer")?;
    let original = ScopeSet::parse("public write user:1")?;
    // L268-L271: no scope asked, the old token's scope.
    assert_eq!(original.refresh(None, &h)?, original);
    // L282-L286: reduced to the dynamic scope.
    let user1 = ScopeSet::parse("user:1")?;
    assert_eq!(original.refresh(Some(&user1), &h)?, user1);
    // L288-L292: reduced to the public scope.
    let public = ScopeSet::parse("public")?;
    assert_eq!(original.refresh(Some(&public), &h)?, public);
    // L273-L280: `public garbage:*` is an error; ours names `garbage:*`.
    let garbage = ScopeSet::parse("public garbage:*")?;
    let err = original.refresh(Some(&garbage), &h).unwrap_err();
    assert_eq!(err.scope().to_string(), "garbage:*");
    // Ours: refresh does not take the meet (RFC 6749 §6: every requested
    // token must have been granted): `user:*` is wider than `user:1`.
    let wider = ScopeSet::parse("user:*")?;
    let err = original.refresh(Some(&wider), &h).unwrap_err();
    assert_eq!(err.scope().to_string(), "user:*");
    // Ours: from a template, an instance is narrower; an invalid one is not.
    let template = ScopeSet::parse("public user:*")?;
    let user7 = ScopeSet::parse("user:7")?;
    assert_eq!(template.refresh(Some(&user7), &h)?, user7);
    let abc = ScopeSet::parse("public user:abc")?;
    let err = template.refresh(Some(&abc), &h).unwrap_err();
    assert_eq!(err.scope().to_string(), "user:abc");
    Ok(())
}

/// Keycloak's `integer` type ("The parameter value must be parsable as an
/// integer number", adoc L44-L46, `#_parameterized_scopes_parameter_types`;
/// `IntegerScopeType.java` L17-L23 calls `Long.parseLong`). Ours: decimal
/// digits only, at least one, no sign, no range.
#[test]
fn keycloak_integer_values() -> oauth_scope::Result<()> {
    let h = Hierarchy::from_rules(RULES)?;
    check_validate(
        &h,
        &[
            // adoc L13: `contract:42`.
            ("consent:42", OK),
            ("consent:0", OK),
            // Leading zeros: a digit string, accepted (as `Long.parseLong`
            // does); it stays its own token (see `keycloak_integer_implies`).
            ("consent:007", OK),
            // `Long.parseLong` accepts a sign; ours does not: an id has none,
            // and `+` would be a second spelling of the same number.
            ("consent:-5", BAD),
            ("consent:+5", BAD),
            // Refused by both.
            ("consent:1.5", BAD),
            ("consent:1e3", BAD),
            ("consent:0x1F", BAD),
            ("consent:1:2", BAD),
            // Keycloak drops an invalid value silently (adoc L79); ours is an
            // error the server can report (`invalid_scope`).
            ("consent:abc", BAD),
            ("consent:", EMPTY),
            // `Long.parseLong` refuses this (beyond i64); ours has no range:
            // a digit string is an integer.
            ("consent:99999999999999999999", OK),
            // The template is valid: `*` is not a value. Keycloak has no
            // template and would drop `consent:*` (`*` is no integer).
            ("consent:*", OK),
            // The bare name is a plain token.
            ("consent", OK),
            ("openid", OK),
        ],
    );
    Ok(())
}

/// The template and instances of Keycloak's `contract:42` example (adoc
/// L11-L13), as `consent`.
#[test]
fn keycloak_integer_implies() -> oauth_scope::Result<()> {
    let h = Hierarchy::from_rules(RULES)?;
    check_implies(
        &h,
        &[
            ("consent:*", "consent:42", true),
            ("consent:*", "consent:007", true),
            ("consent:*", "consent:*", true),
            ("consent:*", "consent", false),
            ("consent:*", "consent:", false),
            ("consent:*", "consent:abc", false),
            ("consent:*", "consent:-5", false),
            ("consent:42", "consent:42", true),
            ("consent:42", "consent:*", false),
            ("consent:42", "consent:43", false),
            // No numeric equality: `007` and `7` are two tokens.
            ("consent:007", "consent:7", false),
            ("consent", "consent:1", false),
            // An invalid instance is implied by itself only.
            ("consent:abc", "consent:abc", true),
            // Another name's instances are not reached.
            ("consent:*", "tx:a", false),
            ("consent:*", "consentx:1", false),
        ],
    );
    Ok(())
}

/// Keycloak's repeatable scopes (adoc L79-L86: `project:backend-api
/// project:mobile-app`, "Each value is validated independently") and its
/// `custom` type (adoc L62-L64, L88) as a `ParamKind::Custom` function.
#[test]
fn keycloak_custom_kind_and_repeated_values() -> oauth_scope::Result<()> {
    let h = Hierarchy::builder()
        .parameter("project", ':', ParamKind::Custom(project_id))
        .build()?;
    check_validate(
        &h,
        &[
            ("project:backend-api", OK), // adoc L76
            ("project:mobile-app", OK),  // adoc L83
            ("project:*", OK),
            ("project:Backend", BAD),
            ("project:a_b", BAD),
            ("project:", EMPTY),
        ],
    );
    check_implies(
        &h,
        &[
            ("project:*", "project:backend-api", true),
            ("project:*", "project:Backend", false),
            ("project:backend-api", "project:mobile-app", false),
        ],
    );
    check_narrow(
        &h,
        &[
            (
                "openid project:backend-api project:mobile-app",
                "openid project:*",
                "openid project:backend-api project:mobile-app",
                "",
                false,
            ),
            // Keycloak excludes a failing value silently (adoc L79); ours
            // grants the rest and denies it by name.
            (
                "openid project:Backend",
                "openid project:*",
                "openid",
                "project:Backend",
                true,
            ),
        ],
    )?;
    let both = ScopeSet::parse("project:backend-api project:mobile-app")?;
    assert_eq!(both.normalize(&h), both, "two instances: both stay");
    Ok(())
}

/// Keycloak's `boolean` type: `true` or `false`, case-insensitive, not
/// repeatable (adoc L48-L50, L109, L117; `BooleanScopeType.java` L17-L18,
/// L23). Ours is `oneof true false`.
#[test]
fn keycloak_boolean_as_oneof() -> oauth_scope::Result<()> {
    let h = Hierarchy::from_rules("param flag : oneof true false")?;
    check_validate(
        &h,
        &[
            ("flag:true", OK),
            ("flag:false", OK),
            // Keycloak accepts `TRUE` (`equalsIgnoreCase`); scope tokens are
            // case-sensitive (RFC 6749 §3.3), so ours lists its spellings.
            ("flag:TRUE", BAD),
            ("flag:yes", BAD),
        ],
    );
    // Keycloak answers `invalid_scope` to `flag:true flag:false` (a
    // non-repeatable type, adoc L117). Ours has no notion of repetition:
    // both instances are allowed by the template, so both are granted; a
    // server that wants one value checks the grant itself.
    check_narrow(
        &h,
        &[(
            "flag:false flag:true",
            "flag:*",
            "flag:false flag:true",
            "",
            false,
        )],
    )
}

/// Duende's `ParameterizedScopeParser` sample (api-scopes page,
/// "Parameterized Scopes"): `transaction:something` parses as name
/// `transaction` with the parameter; `transaction:` and a value split into
/// more than two non-empty parts are errors ("transaction scope missing
/// transaction parameter value"); the bare `transaction` is ignored.
#[test]
fn duende_transaction() -> oauth_scope::Result<()> {
    let h = Hierarchy::builder()
        .parameter("transaction", ':', ParamKind::Any)
        .build()?;
    check_validate(
        &h,
        &[
            ("transaction:123", OK),
            // The scope-parser reference's example value.
            ("transaction:abc123", OK),
            // Duende: `parts.Length != 2`, an error; ours too.
            ("transaction:", EMPTY),
            ("transaction:*", OK),
            // Duende ignores the bare name (`SetIgnore`); ours keeps it as
            // a plain token, which the template does not grant.
            ("transaction", OK),
        ],
    );
    check_implies(
        &h,
        &[
            ("transaction:*", "transaction:123", true),
            ("transaction:*", "transaction:abc123", true),
            ("transaction:*", "transaction", false),
            ("transaction:123", "transaction:124", false),
        ],
    );
    check_narrow(
        &h,
        &[
            (
                "openid transaction:123",
                "openid transaction:*",
                "openid transaction:123",
                "",
                false,
            ),
            // Duende drops the bare name silently; ours denies it by name.
            (
                "openid transaction",
                "openid transaction:*",
                "openid",
                "transaction",
                true,
            ),
        ],
    )?;
    // With an integer transaction id: Duende splits with
    // `StringSplitOptions.RemoveEmptyEntries`, so `transaction::123` reads
    // as `123`; ours reads the value `:123`, which is no integer. Both
    // refuse `transaction:1:2` (three parts).
    let typed = Hierarchy::builder()
        .parameter("transaction", ':', ParamKind::Integer)
        .build()?;
    check_validate(
        &typed,
        &[
            ("transaction:123", OK),
            ("transaction::123", BAD),
            ("transaction:1:2", BAD),
            ("transaction:abc123", BAD),
        ],
    );
    Ok(())
}

/// `param id - uuid`: the 8-4-4-4-12 hexadecimal form only, in either case;
/// no braces, no `urn:uuid:` prefix, no form without hyphens.
#[test]
fn uuid_forms() -> oauth_scope::Result<()> {
    let h = Hierarchy::from_rules(RULES)?;
    check_validate(
        &h,
        &[
            (UUID_LOWER, OK),
            (UUID_UPPER, OK),
            ("id-00000000-0000-0000-0000-000000000000", OK),
            ("id-*", OK),
            ("id-{123e4567-e89b-12d3-a456-426614174000}", BAD),
            ("id-123e4567e89b12d3a456426614174000", BAD),
            ("id-urn:uuid:123e4567-e89b-12d3-a456-426614174000", BAD),
            ("id-123e4567-e89b-12d3-a456-42661417400", BAD),
            ("id-123e4567-e89b-12d3-a456-4266141740000", BAD),
            ("id-123e4567-e89b-12d3a-456-426614174000", BAD),
            ("id-g23e4567-e89b-12d3-a456-426614174000", BAD),
            ("id-", EMPTY),
        ],
    );
    check_implies(
        &h,
        &[
            ("id-*", UUID_LOWER, true),
            ("id-*", UUID_UPPER, true),
            ("id-*", "id-{123e4567-e89b-12d3-a456-426614174000}", false),
            // No case folding: two spellings, two tokens.
            (UUID_LOWER, UUID_UPPER, false),
            (UUID_LOWER, UUID_LOWER, true),
        ],
    );
    Ok(())
}

/// `oneof` and `any` from the rules text.
#[test]
fn oneof_and_any_kinds() -> oauth_scope::Result<()> {
    let h = Hierarchy::from_rules(RULES)?;
    check_validate(
        &h,
        &[
            ("tx:a", OK),
            ("tx:c", OK),
            ("tx:d", BAD),
            ("tx:A", BAD),
            ("tx:ab", BAD),
            ("tx:a:b", BAD),
            ("tx::a", BAD),
            ("tx:", EMPTY),
            ("x:anything", OK),
            ("x:A.b-c_d", OK),
            ("x:", EMPTY),
        ],
    );
    check_implies(
        &h,
        &[
            ("tx:*", "tx:a", true),
            ("tx:*", "tx:d", false),
            ("tx:a", "tx:b", false),
            ("x:*", "x:hello", true),
            ("x:*", "x", false),
            ("x:*", "tx:a", false),
        ],
    );
    Ok(())
}

/// `covers`, `uncovered` and `normalize` with templates.
#[test]
fn covers_uncovered_normalize() -> oauth_scope::Result<()> {
    let h = Hierarchy::from_rules(RULES)?;
    check_covers(
        &h,
        &[
            ("consent:* openid", "consent:1 consent:2 openid", true),
            ("consent:* openid", "consent:*", true),
            ("consent:* openid", "consent", false),
            ("consent:* openid", "consent:abc", false),
            ("consent:1 consent:2", "consent:*", false),
            ("consent:1", "consent:1 consent:2", false),
        ],
    )?;
    let have = ScopeSet::parse("consent:* openid")?;
    let need = ScopeSet::parse("consent consent:1 consent:abc openid")?;
    assert_eq!(have.uncovered(&need, &h).to_string(), "consent consent:abc");
    for (scope, normal) in [
        ("consent:* consent:1", "consent:*"),
        ("consent:1 consent:2", "consent:1 consent:2"),
        ("consent:007 consent:7", "consent:007 consent:7"),
        ("consent:* consent:abc", "consent:* consent:abc"),
        ("consent consent:*", "consent consent:*"),
        ("tx:* tx:a tx:d x:* x:1", "tx:* tx:d x:*"),
    ] {
        let got = ScopeSet::parse(scope)?.normalize(&h).to_string();
        assert_eq!(got, normal, "normalize({scope:?})");
    }
    Ok(())
}

/// `narrow` against a template and against instances.
#[test]
fn narrow_with_templates() -> oauth_scope::Result<()> {
    let h = Hierarchy::from_rules(RULES)?;
    check_narrow(
        &h,
        &[
            ("consent:42", "consent:*", "consent:42", "", false),
            // The meet: the allowed instance.
            ("consent:*", "consent:42", "consent:42", "", true),
            ("consent:abc", "consent:*", "", "consent:abc", true),
            ("consent", "consent:*", "", "consent", true),
            ("consent:*", "consent:*", "consent:*", "", false),
            (
                "consent:42 tx:d",
                "consent:* tx:*",
                "consent:42",
                "tx:d",
                true,
            ),
            (
                "consent:* tx:*",
                "consent:1 tx:b",
                "consent:1 tx:b",
                "",
                true,
            ),
        ],
    )
}

/// `validate` reports the first malformed token of a set (in canonical
/// order); the byte offset of a bad value is where the value starts.
#[test]
fn validate_sets_and_offsets() -> oauth_scope::Result<()> {
    let h = Hierarchy::from_rules(RULES)?;
    h.validate(&ScopeSet::parse(&format!(
        "openid consent:1 consent:* tx:a x:q {UUID_LOWER}"
    ))?)?;
    let err = h
        .validate(&ScopeSet::parse("openid tx:d consent:1 consent:abc")?)
        .unwrap_err();
    assert_eq!(err.token(), "consent:abc");
    assert_eq!(err.kind(), VocabularyErrorKind::BadParameterValue);
    assert_eq!(err.offset(), "consent:".len());
    let err = h.validate_token("consent:").unwrap_err();
    assert_eq!(err.kind(), VocabularyErrorKind::EmptyParameterValue);
    assert_eq!(err.offset(), "consent:".len());
    let err = h
        .validate_token("id-{123e4567-e89b-12d3-a456-426614174000}")
        .unwrap_err();
    assert_eq!(err.offset(), "id-".len());
    Ok(())
}

/// The rules text: each kind reads, `Display` writes the same lines, and
/// reading them back gives the same `implies` answers.
#[test]
fn rules_text_and_display_round_trip() -> oauth_scope::Result<()> {
    let h = Hierarchy::from_rules(RULES)?;
    assert_eq!(h.to_string(), RULES);
    let back = Hierarchy::from_rules(&h.to_string())?;
    assert!(back.implies("consent:*", "consent:1"));
    let tokens = [
        "consent",
        "consent:",
        "consent:*",
        "consent:1",
        "consent:007",
        "consent:abc",
        "tx:*",
        "tx:a",
        "tx:d",
        "id-*",
        UUID_LOWER,
        UUID_UPPER,
        "x:*",
        "x:q",
    ];
    for granted in tokens {
        for required in tokens {
            assert_eq!(
                back.implies(granted, required),
                h.implies(granted, required),
                "round trip: implies({granted:?}, {required:?})"
            );
        }
    }
    // The builder writes the rule the text reads.
    let built = Hierarchy::builder()
        .parameter("consent", ':', ParamKind::Integer)
        .parameter(
            "tx",
            ':',
            ParamKind::OneOf(vec!["a".into(), "b".into(), "c".into()]),
        )
        .build()?;
    assert_eq!(
        built.to_string(),
        "param consent : integer\nparam tx : oneof a b c\n"
    );
    Ok(())
}

/// Rules text that must not read, with the line named.
#[test]
fn rules_text_errors() -> oauth_scope::Result<()> {
    // The line before each mistake reads.
    Hierarchy::from_rules("openid => profile\nparam consent : integer")?;
    for (text, line) in [
        ("openid => profile\nparam consent : nosuchkind", 2),
        ("param consent :", 1),
        ("param consent : integer extra", 1),
        ("param tx : oneof", 1),
        ("param consent :: integer", 1),
        ("param consent : integer\nparam consent : uuid", 2),
    ] {
        let err = Hierarchy::from_rules(text).unwrap_err();
        assert_eq!(err.line(), line, "{text:?}: {err}");
    }
    Ok(())
}
