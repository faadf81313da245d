//! The client's exchange (`oauth_scope::client`) against the client-side
//! scope tests of three MCP SDKs, each row citing its source, and against
//! the MCP authorization specification where a peer departs from it:
//!
//! - TypeScript SDK, `packages/client/test/client/auth.test.ts` and
//!   `packages/client/test/client/streamableHttp.test.ts` at `3924de9`
//!   (`T…` below);
//! - Python SDK, `tests/client/test_auth.py`, `test_scope_bug_1630.py` and
//!   `tests/interaction/auth/` at `57394b0` (`P…`);
//! - rmcp 3.1.4, `crates/rmcp/src/transport/auth.rs`, its test module, at
//!   `4a738b9` (`R…`).
//!
//! The specification is MCP 2025-11-25 and 2026-07-28, `basic/authorization`
//! ("Scope Selection Strategy", "Step-Up Authorization Flow"), and RFC 6749
//! §6 for refreshes. Each peer test is named with its line. The peers' own
//! helpers differ in shape (string unions, request builders); each row
//! carries the decision the peer test makes into the planner's terms.
//!
//! The peers' tests of the `resource` parameter itself (T25–T32, P23–P25,
//! R29–R33) are about building requests, which this crate leaves to the
//! caller: `examples/mcp_client` sends it, and the MCP conformance suite's
//! `resource-parameter-*` checks hold it to the protected resource's
//! `resource`, byte for byte.

use oauth_scope::client::{select_scope, ResourceScopes, Step, StepUpPlanner, StopReason};
use oauth_scope::{Challenge, ProtectedResourceMetadata, ScopeSet};

fn set(s: &str) -> ScopeSet<'static> {
    ScopeSet::parse(s).unwrap().into_owned()
}

fn authorize(s: &str) -> Step {
    Step::Authorize(Some(set(s)))
}

fn challenge(header: &str) -> Challenge {
    Challenge::parse(header).unwrap()
}

/// A 401 challenge naming `scope`, or none.
fn unauthorized(scope: Option<&str>) -> Challenge {
    match scope {
        Some(scope) => challenge(&format!(r#"Bearer scope="{scope}""#)),
        None => challenge("Bearer"),
    }
}

/// A 403 `insufficient_scope` challenge naming `scope`.
fn insufficient(scope: &str) -> Challenge {
    challenge(&format!(
        r#"Bearer error="insufficient_scope", scope="{scope}""#
    ))
}

/// Protected resource metadata with `scopes_supported`, or without.
fn metadata(scopes: Option<&str>) -> ProtectedResourceMetadata {
    let metadata = ProtectedResourceMetadata::new("https://api.example.com/mcp").unwrap();
    match scopes {
        Some(scopes) => metadata.with_scopes_supported(&set(scopes)),
        None => metadata,
    }
}

/// A planner after one authorization that asked for `asked` (`None`:
/// omitted) and got a token response with `response` (`None`: no `scope`).
fn authorized(asked: Option<&str>, response: Option<&str>, refresh_token: bool) -> StepUpPlanner {
    let mut planner = StepUpPlanner::new();
    let step = planner.on_unauthorized("setup", Some(&unauthorized(asked)), None);
    assert_eq!(step, Step::Authorize(asked.map(set)));
    planner.on_token(response.map(set).as_ref(), refresh_token);
    planner.on_success("setup");
    planner
}

// ---------------------------------------------------------------------------
// Scope selection after a 401: challenge, else resource metadata, else omit.

#[test]
fn selection_prefers_the_challenge_then_the_resource_metadata() {
    // (source, challenge scope, metadata scopes_supported, selected)
    let rows = [
        // T01 `returns explicit requestedScope as-is (priority 1)` L4641.
        (
            "T01",
            Some("files:read"),
            Some("mcp:read mcp:write"),
            Some("files:read"),
        ),
        // T02 `uses PRM scopes_supported when no explicit scope (priority 2)` L4657.
        (
            "T02",
            None,
            Some("mcp:read mcp:write mcp:admin"),
            Some("mcp:admin mcp:read mcp:write"),
        ),
        // T03 `falls back to clientMetadata.scope … (priority 3)` L4672: the
        // SDK's configured scope is not in the spec's order, which ends in
        // "omitting the scope parameter if scopes_supported is undefined".
        ("T03 (spec)", None, None, None),
        // T04 `returns undefined when no scope source available` L4686.
        ("T04", None, None, None),
        // T05 `… PRM has no scopes_supported and clientMetadata has no scope` L4694.
        ("T05", None, None, None),
        // T06 `auth function › uses scopes_supported from PRM …` L3544.
        (
            "T06",
            None,
            Some("mcp:read mcp:write mcp:admin"),
            Some("mcp:admin mcp:read mcp:write"),
        ),
        // T07 `prefers explicit scope parameter over scopes_supported` L3614.
        (
            "T07",
            Some("mcp:read"),
            Some("mcp:read mcp:write mcp:admin"),
            Some("mcp:read"),
        ),
        // P01 `test_prioritize_www_auth_scope_over_prm` L531.
        (
            "P01",
            Some("special:scope from:www-authenticate"),
            Some("resource:read resource:write"),
            Some("from:www-authenticate special:scope"),
        ),
        // P02 `test_prioritize_prm_scopes_when_no_www_auth_scope` L551.
        (
            "P02",
            None,
            Some("resource:read resource:write"),
            Some("resource:read resource:write"),
        ),
        // P03 `test_omit_scope_when_no_prm_scopes_or_www_auth` L571.
        ("P03", None, None, None),
        // P05 `test_scope_is_selected_from_the_www_authenticate_challenge_over_prm_metadata` L328.
        (
            "P05",
            Some("from-header"),
            Some("from-prm"),
            Some("from-header"),
        ),
        // R01 `resolve_metadata_from_challenge_uses_challenge_pointer_and_scope` L4742.
        (
            "R01",
            Some("mcp:read mcp:write"),
            None,
            Some("mcp:read mcp:write"),
        ),
        // R02 `resolve_metadata_from_challenge_falls_back_without_metadata_pointer` L4792.
        ("R02", Some("mcp:basic"), None, Some("mcp:basic")),
        // R05 `select_scopes_falls_back_to_defaults` L6987: caller defaults
        // are not in the spec's order either.
        ("R05 (spec)", None, None, None),
    ];
    for (source, named, supported, selected) in rows {
        let challenge = unauthorized(named);
        let metadata = supported.map(|s| metadata(Some(s)));
        let want = selected.map(set);
        assert_eq!(
            select_scope(Some(&challenge), metadata.as_ref()),
            want,
            "{source}"
        );
        // The planner's first authorization asks for the same.
        let mut planner = StepUpPlanner::new();
        let step = planner.on_unauthorized("op", Some(&challenge), metadata.as_ref());
        assert_eq!(step, Step::Authorize(want), "{source}");
    }
}

/// P04 `test_401_uses_www_auth_scope_not_resource_metadata_url`
/// (`test_scope_bug_1630.py` L43): the scope, not the metadata URL beside it.
#[test]
fn selection_reads_the_scope_beside_the_metadata_url() {
    let c = challenge(
        r#"Bearer resource_metadata="https://api.example.com/.well-known/oauth-protected-resource", scope="read write""#,
    );
    let prm = metadata(Some("fallback:scope1 fallback:scope2"));
    assert_eq!(select_scope(Some(&c), Some(&prm)), Some(set("read write")));
}

/// T09 `startAuthorization › excludes scope parameter when not provided`
/// L1800, and T36 `returns empty object if not bearer` L110: a challenge
/// in another scheme is no Bearer challenge, so its scope is not read.
#[test]
fn selection_omits_the_scope_when_nothing_names_one() {
    let mut planner = StepUpPlanner::new();
    assert_eq!(
        planner.on_unauthorized("op", None, None),
        Step::Authorize(None)
    );
    assert!(Challenge::parse(r#"Basic realm="mcp", scope="read""#).is_err());
    // An empty scope or scopes_supported is none.
    let empty = Challenge::parse_lenient(r#"Bearer scope="""#).unwrap();
    assert_eq!(select_scope(Some(&empty), Some(&metadata(None))), None);
}

/// The authorization server's `scopes_supported` is never a source: the
/// spec's order ends in "omitting the scope parameter".
#[test]
fn selection_never_takes_the_authorization_servers_scopes() {
    // (source, authorization server's scopes_supported)
    let rows = [
        // P16 `test_offline_access_not_added_when_no_scopes_selected` L2533
        // asserts `offline_access`, from the AS fallback.
        ("P16 (spec)", "offline_access"),
        // R03 `authorization_session_selects_default_scopes_when_none_provided`
        // L4977 asserts `read write offline_access`, from the AS.
        ("R03 (spec)", "read write offline_access"),
        // R06 `select_scopes_does_not_duplicate_offline_access` L7001.
        ("R06 (spec)", "profile offline_access"),
        // T20 `auth() does not push statically-registered clients into
        // offline_access` L4855: PRM 404, AS lists mcp:read offline_access.
        ("T20 (spec)", "mcp:read offline_access"),
        // T13 `does NOT augment when no other scopes are present` L4767, and
        // R13 `add_offline_access_if_supported_skips_empty_scopes` L7163:
        // offline_access is never the only scope.
        ("T13, R13", "openid profile offline_access"),
    ];
    for (source, listed) in rows {
        let mut planner = StepUpPlanner::new().with_refresh_tokens(true);
        planner.set_authorization_server_scopes(Some(&set(listed)));
        let step = planner.on_unauthorized("op", Some(&unauthorized(None)), Some(&metadata(None)));
        assert_eq!(step, Step::Authorize(None), "{source}");
    }
}

// ---------------------------------------------------------------------------
// offline_access: only when wanted and listed, never alone, never from a
// resource.

// One table, one row per peer test.
#[allow(clippy::too_many_lines)]
#[test]
fn offline_access_is_added_when_wanted_and_listed() {
    let with = "openid profile offline_access";
    let without = "openid profile";
    // (source, challenge scope, PRM scopes, AS scopes, wants refresh tokens, asked)
    let rows = [
        // T10 `augments explicit scope with offline_access` L4728.
        (
            "T10",
            Some("mcp:read mcp:write"),
            None,
            Some(with),
            true,
            Some("mcp:read mcp:write offline_access"),
        ),
        // T11 `adds offline_access when AS supports it and client grant_types includes refresh_token` L4742.
        (
            "T11",
            None,
            Some("mcp:read mcp:write"),
            Some(with),
            true,
            Some("mcp:read mcp:write offline_access"),
        ),
        // T14 `does NOT augment when AS metadata lacks offline_access` L4776.
        (
            "T14",
            None,
            Some("mcp:read mcp:write"),
            Some(without),
            true,
            Some("mcp:read mcp:write"),
        ),
        // T15 `does NOT augment when AS metadata is undefined` L4789.
        (
            "T15",
            None,
            Some("mcp:read mcp:write"),
            None,
            true,
            Some("mcp:read mcp:write"),
        ),
        // T17 `does NOT augment when non-compliant PRM already includes
        // offline_access` L4813: the peer keeps the PRM's offline_access;
        // here it comes from the authorization server's list, once.
        (
            "T17",
            None,
            Some("mcp:read offline_access mcp:write"),
            Some(with),
            true,
            Some("mcp:read mcp:write offline_access"),
        ),
        // T18 `does NOT augment when grant_types omits refresh_token` L4826,
        // T19 (grant_types undefined) L4842, P14 L2507, P19 L2572.
        (
            "T18",
            None,
            Some("mcp:read mcp:write"),
            Some(with),
            false,
            Some("mcp:read mcp:write"),
        ),
        // P11 `test_offline_access_added_when_as_supports_and_client_has_refresh_token` L2469.
        (
            "P11",
            None,
            Some("read write"),
            Some("read write offline_access"),
            true,
            Some("read write offline_access"),
        ),
        // P12 `test_offline_access_added_with_www_authenticate_scope` L2482.
        (
            "P12",
            Some("read write"),
            None,
            Some("read write offline_access"),
            true,
            Some("read write offline_access"),
        ),
        // P13 `test_offline_access_not_added_when_as_does_not_support` L2494.
        (
            "P13",
            None,
            Some("read write"),
            Some("read write"),
            true,
            Some("read write"),
        ),
        // P15 `test_offline_access_not_duplicated_when_already_present` L2520.
        (
            "P15",
            None,
            Some("read offline_access write"),
            Some("read write offline_access"),
            true,
            Some("read offline_access write"),
        ),
        // P17 `…_when_as_scopes_supported_is_none` L2547, P18 (no AS
        // metadata) L2560.
        (
            "P17",
            None,
            Some("read write"),
            None,
            true,
            Some("read write"),
        ),
        // P21 `test_auth_flow_adds_offline_access_when_as_advertises` L2591.
        (
            "P21",
            None,
            Some("read write"),
            Some("read write offline_access"),
            true,
            Some("offline_access read write"),
        ),
        // P22 `test_auth_flow_no_offline_access_when_as_does_not_advertise` L2700.
        (
            "P22",
            None,
            Some("read write"),
            Some("read write"),
            true,
            Some("read write"),
        ),
        // R08 `select_scopes_adds_offline_access_when_as_supports_it` L6950.
        (
            "R08",
            None,
            Some("profile"),
            Some("profile offline_access"),
            true,
            Some("offline_access profile"),
        ),
        // R09 `…_does_not_add_offline_access_when_as_does_not_support_it` L6969.
        (
            "R09",
            None,
            Some("profile"),
            Some("profile email"),
            true,
            Some("profile"),
        ),
        // R10 `select_scopes_adds_offline_access_to_www_authenticate_scopes` L7018.
        (
            "R10",
            Some("profile"),
            None,
            Some("profile offline_access"),
            true,
            Some("offline_access profile"),
        ),
        // R11 `…_to_www_authenticate_argument` L7034, R12 L7148.
        (
            "R11",
            Some("profile email"),
            None,
            Some("profile offline_access"),
            true,
            Some("email offline_access profile"),
        ),
        // A challenge that names offline_access does not make the client ask
        // for it (MCP 2026-07-28: servers "SHOULD NOT include
        // offline_access in WWW-Authenticate scope").
        (
            "challenge",
            Some("read offline_access"),
            None,
            Some("read"),
            true,
            Some("read"),
        ),
    ];
    for (source, named, prm, listed, wants, asked) in rows {
        let mut planner = StepUpPlanner::new().with_refresh_tokens(wants);
        planner.set_authorization_server_scopes(listed.map(set).as_ref());
        let prm = prm.map(|s| metadata(Some(s)));
        let step = planner.on_unauthorized("op", Some(&unauthorized(named)), prm.as_ref());
        assert_eq!(step, Step::Authorize(asked.map(set)), "{source}");
    }
}

/// R19 `scope_upgrade_adds_offline_access_when_as_supports_it` L7181: a
/// step-up asks for `offline_access` again. R35
/// `refresh_token_adds_offline_access_when_as_supports_it` L8173 adds it to
/// a refresh of a grant without it, which RFC 6749 §6 forbids ("MUST NOT
/// include any scope not originally granted"): here the refresh omits
/// `scope`, the whole grant.
#[test]
fn offline_access_on_step_up_but_never_on_refresh() {
    let mut planner = StepUpPlanner::new().with_refresh_tokens(true);
    planner.set_authorization_server_scopes(Some(&set("profile email offline_access")));
    let step = planner.on_unauthorized("op", Some(&unauthorized(Some("profile"))), None);
    assert_eq!(step, authorize("offline_access profile"));
    // The server granted `profile` only, with a refresh token.
    planner.on_token(Some(&set("profile")), true);
    planner.on_success("op");
    let step = planner.on_forbidden("op", &insufficient("email"));
    assert_eq!(step, authorize("email offline_access profile"));

    // R35: the token expired; the grant is `read`.
    let mut planner = StepUpPlanner::new().with_refresh_tokens(true);
    planner.set_authorization_server_scopes(Some(&set("read offline_access")));
    planner.on_unauthorized("op", Some(&unauthorized(Some("read"))), None);
    planner.on_token(Some(&set("read")), true);
    let step = planner.on_unauthorized("op", Some(&unauthorized(None)), None);
    assert_eq!(step, Step::Refresh(None), "R35 (RFC 6749 §6)");
}

// ---------------------------------------------------------------------------
// Step-up after a 403: the union of the last request and the challenge.

#[test]
fn step_up_asks_for_the_union() {
    // (source, asked, token response scope, 403 challenge scope, next request)
    let rows = [
        // T39 `attempts upscoping on 403 with WWW-Authenticate header`
        // L1018: no prior scope.
        ("T39", None, None, "new_scope", "new_scope"),
        // T22 `computeScopeUnion` L197, row ['read write','write admin'].
        (
            "T22",
            Some("read write"),
            None,
            "write admin",
            "admin read write",
        ),
        // T23 `does not collapse hierarchical scopes` L211.
        ("T23", Some("admin"), None, "read", "admin read"),
        // T40b `step-up scope is the union of transport-tracked,
        // token-granted, and challenged scopes` L1115, first 403.
        ("T40b", None, Some("a b"), "b c", "a b c"),
        // P06 `test_403_insufficient_scope_updates_scope_from_header` L1447.
        (
            "P06",
            Some("read write"),
            Some("read write"),
            "admin:write admin:delete",
            "admin:delete admin:write read write",
        ),
        // P07 `test_403_step_up_preserves_scope_from_stored_token` L1537:
        // no record of the request, the token's scope instead.
        ("P07", None, Some("read"), "write", "read write"),
        // P08 `test_union_scopes` L2879.
        (
            "P08",
            Some("mcp:basic"),
            None,
            "mcp:write",
            "mcp:basic mcp:write",
        ),
        ("P08", None, None, "mcp:write", "mcp:write"),
        // P10 `test_a_403_step_up_re_authorizes_with_the_union_of_prior_and_challenged_scopes` L183.
        ("P10", Some("mcp"), None, "write", "mcp write"),
        // R14 `select_scopes_unions_challenge_with_previously_requested` L7052.
        ("R14", Some("read"), None, "write", "read write"),
        // R15 `select_scopes_does_not_replace_previously_requested_with_challenge` L7062.
        (
            "R15",
            Some("read profile"),
            None,
            "write",
            "profile read write",
        ),
        // R17 `select_scopes_deduplicates_challenge_already_requested` L7092.
        (
            "R17",
            Some("read write"),
            None,
            "write admin",
            "admin read write",
        ),
        // R20 `compute_scope_union_adds_new_scopes` L6915, R21 L6927.
        (
            "R20",
            Some("read write"),
            None,
            "admin delete",
            "admin delete read write",
        ),
        (
            "R21",
            Some("read write"),
            None,
            "read admin",
            "admin read write",
        ),
        // R22 `compute_scope_union_handles_empty_current` L6938.
        ("R22", None, None, "read write", "read write"),
        // R24 `resolve_granted_scopes_honors_explicit_server_downgrade`
        // L7129: rmcp then builds on the granted `read` alone; the spec's
        // base is what was requested ("previously requested scope set").
        (
            "R24 (spec)",
            Some("read write"),
            Some("read"),
            "admin",
            "admin read write",
        ),
        // R18 `select_scopes_unions_resource_metadata_as_operational_requirement`
        // L7105 adds the metadata's `profile`; the metadata is for when no
        // challenge names a scope, so it is not an input here.
        ("R18 (spec)", Some("read"), None, "write", "read write"),
    ];
    for (source, asked, response, named, next) in rows {
        let mut planner = authorized(asked, response, false);
        let step = planner.on_forbidden("op", &insufficient(named));
        assert_eq!(step, authorize(next), "{source}");
    }
}

/// R16 `select_scopes_accumulates_across_multiple_step_up_rounds` L7074,
/// T40b (second 403) L1115, T22 row `['a b','c','b d']`.
#[test]
fn step_ups_accumulate() {
    let mut planner = authorized(Some("read"), None, false);
    for (named, next) in [("write", "read write"), ("admin", "admin read write")] {
        assert_eq!(
            planner.on_forbidden("op", &insufficient(named)),
            authorize(next)
        );
        planner.on_token(None, false);
    }
    let mut planner = authorized(Some("a b"), None, false);
    for (named, next) in [("c", "a b c"), ("b d", "a b c d")] {
        assert_eq!(
            planner.on_forbidden("op", &insufficient(named)),
            authorize(next)
        );
        planner.on_token(None, false);
    }
}

/// P09 `test_a_403_insufficient_scope_triggers_one_reauthorize_with_the_challenged_scope`
/// (`test_lifecycle.py` L139): `mcp` from the metadata, then `mcp write`.
#[test]
fn step_up_after_a_first_scope_from_the_metadata() {
    let mut planner = StepUpPlanner::new();
    let step = planner.on_unauthorized("call", None, Some(&metadata(Some("mcp"))));
    assert_eq!(step, authorize("mcp"));
    planner.on_token(None, false);
    let step = planner.on_forbidden("call", &insufficient("mcp write"));
    assert_eq!(step, authorize("mcp write"));
    planner.on_token(None, false);
    planner.on_success("call");
    assert_eq!(planner.attempts("call"), 0);
}

/// The stops, where no peer test has a row: asking again would not help.
#[test]
fn step_up_stops_when_asking_again_would_loop() {
    // T40 `caps step-up retries per send (bounded counter)` L1071: every
    // answer is 403 scope="new_scope". The second is nothing new.
    let mut planner = authorized(None, None, false);
    assert_eq!(
        planner.on_forbidden("op", &insufficient("new_scope")),
        authorize("new_scope")
    );
    planner.on_token(None, false);
    assert_eq!(
        planner.on_forbidden("op", &insufficient("new_scope")),
        Step::Stop(StopReason::NothingNew)
    );
    // T22 row ['read','read']: the union is the last request.
    let mut planner = authorized(Some("read"), None, false);
    assert_eq!(
        planner.on_forbidden("op", &insufficient("read")),
        Step::Stop(StopReason::NothingNew)
    );
    // The server granted less than asked: asking for the same again would
    // get the same token.
    let mut planner = authorized(Some("read write"), Some("read"), false);
    assert_eq!(
        planner.on_forbidden("op", &insufficient("write")),
        Step::Stop(StopReason::NothingNew)
    );
    // P08 rows ('mcp:basic', None) and (None, None): a 403 naming no scope.
    let mut planner = authorized(Some("mcp:basic"), None, false);
    let bare = challenge(r#"Bearer error="insufficient_scope""#);
    assert_eq!(
        planner.on_forbidden("op", &bare),
        Step::Stop(StopReason::NoScope)
    );
    // Another error than insufficient_scope (T37 L148 reads the error).
    let other = challenge(r#"Bearer error="invalid_token", scope="admin""#);
    assert_eq!(
        planner.on_forbidden("op", &other),
        Step::Stop(StopReason::NotInsufficientScope)
    );
    assert_eq!(StopReason::NothingNew.code(), "nothing_new");
    assert!(StopReason::RetryLimit.to_string().contains("retry limit"));
}

// ---------------------------------------------------------------------------
// Refresh or a new authorization (RFC 6749 §6).

/// T24 `isStrictScopeSuperset` L219: a scope wanted that is a strict
/// superset of the grant needs a new authorization; within it, a refresh.
/// The grant is the token's scope (`None`: unknown); the 401 challenge
/// names the scope wanted.
#[test]
fn a_strict_superset_of_the_grant_needs_a_new_authorization() {
    // (challenge scope, grant, refresh)
    let rows = [
        (Some("read"), None, false),
        (Some("read"), Some("read"), true),
        (Some("read write"), Some("read"), false),
        (Some("read write"), Some("read write"), true),
        (Some("read write"), Some("write read admin"), true),
        (Some("read"), Some("read write"), true),
        (None, Some("read"), true),
        (None, None, true),
    ];
    for (named, grant, refresh) in rows {
        let mut planner = authorized(grant, grant, true);
        let step = planner.on_unauthorized("op", Some(&unauthorized(named)), None);
        let is_refresh = matches!(step, Step::Refresh(_));
        assert_eq!(is_refresh, refresh, "{named:?} over {grant:?}: {step:?}");
        // A refresh never asks for more than the grant.
        if let (Step::Refresh(Some(scope)), Some(grant)) = (&step, grant) {
            assert!(scope.is_subset(&set(grant)));
        }
    }
}

/// R34 `refresh_token_sends_granted_scopes_in_request` L8098 sends the
/// grant; R36 `refresh_token_omits_scope_when_granted_scopes_is_empty`
/// L8212 omits it. Both are the whole grant, which an omitted `scope`
/// means (RFC 6749 §6). Python `test_handle_token_response_backfills_omitted_scope_from_request`
/// L2923 and `test_handle_refresh_response_carries_prior_scope_and_refresh_token_when_omitted`
/// L2959: a response without `scope` is the scope asked for, and a refresh
/// response without a refresh token keeps the old one.
#[test]
fn refreshes_of_the_whole_grant_omit_the_scope() {
    let mut planner = authorized(Some("read admin"), None, true);
    assert_eq!(planner.granted(), Some(&set("admin read")));
    let step = planner.on_unauthorized("op", Some(&unauthorized(None)), None);
    assert_eq!(step, Step::Refresh(None));
    planner.on_token(None, false);
    assert_eq!(planner.granted(), Some(&set("admin read")));
    assert!(planner.has_refresh_token());
}

/// A 403 for a scope within the grant is a refresh (RFC 6749 §6 lets a
/// refresh ask for any scope the grant holds); beyond the grant, a new
/// authorization. Here the authorization server granted more than was
/// asked (RFC 6749 §3.3 lets it).
#[test]
fn a_403_within_the_grant_refreshes() {
    let mut planner = authorized(Some("read"), Some("read write"), true);
    let step = planner.on_forbidden("write", &insufficient("write"));
    assert_eq!(step, Step::Refresh(None), "within the grant read write");
    planner.on_token(None, true);
    assert_eq!(planner.requested(), Some(&set("read write")));
    // The same again would ask for the same: stop.
    let step = planner.on_forbidden("write", &insufficient("write"));
    assert_eq!(step, Step::Stop(StopReason::NothingNew));
    let step = planner.on_forbidden("admin", &insufficient("admin"));
    assert_eq!(step, authorize("admin read write"));
    // When the token expires, a refresh asks again for what was asked,
    // no more: a scope narrower than the grant is named.
    let mut planner = authorized(Some("read"), Some("read write"), true);
    let step = planner.on_unauthorized("op", Some(&unauthorized(None)), None);
    assert_eq!(step, Step::Refresh(Some(set("read"))));
}

/// A refused refresh (RFC 6749 §5.2 `invalid_grant`) becomes the
/// authorization of the same scope, as the same attempt; the token it gives
/// is a new grant.
#[test]
fn a_refused_refresh_becomes_an_authorization() {
    let mut planner = authorized(Some("read"), Some("read write"), true);
    assert_eq!(planner.on_refresh_failed(), None, "no refresh planned");
    let step = planner.on_unauthorized("op", Some(&unauthorized(None)), None);
    assert_eq!(step, Step::Refresh(Some(set("read"))));
    assert_eq!(planner.on_refresh_failed(), Some(authorize("read")));
    assert!(!planner.has_refresh_token());
    assert_eq!(planner.attempts("op"), 1);
    planner.on_token(Some(&set("read")), false);
    assert_eq!(planner.granted(), Some(&set("read")));
    // The new grant is the bound now, and without a refresh token the next
    // expiry is an authorization.
    let step = planner.on_unauthorized("op", Some(&unauthorized(None)), None);
    assert_eq!(step, authorize("read"));
}

// ---------------------------------------------------------------------------
// Retry limits per operation (MCP: "track scope upgrade attempts … for the
// same resource and operation combination").

/// R26 `scope_upgrade_config_default_values` L7204 (3), R27
/// `authorization_manager_tracks_scope_upgrade_attempts` L7211, R28
/// `…_can_attempt_scope_upgrade_respects_config` L7224.
#[test]
fn retries_are_limited_per_operation() {
    assert_eq!(StepUpPlanner::new().retry_limit(), 3);
    assert_eq!(StepUpPlanner::DEFAULT_RETRY_LIMIT, 3);
    // A server that refuses every token (401) for `op`.
    let mut planner = StepUpPlanner::new();
    for attempt in 1..=3 {
        assert!(matches!(
            planner.on_unauthorized("op", None, None),
            Step::Authorize(_)
        ));
        planner.on_token(None, false);
        assert_eq!(planner.attempts("op"), attempt);
    }
    assert_eq!(
        planner.on_unauthorized("op", None, None),
        Step::Stop(StopReason::RetryLimit)
    );
    // Another operation has its own count; a success resets one.
    assert!(matches!(
        planner.on_unauthorized("other", None, None),
        Step::Authorize(_)
    ));
    planner.on_success("op");
    assert_eq!(planner.attempts("op"), 0);
    // R28: a limit of 2 with 2 attempts stops; with 1 it goes on.
    let mut planner = StepUpPlanner::new().with_retry_limit(2);
    planner.on_unauthorized("op", None, None);
    planner.on_token(None, false);
    assert!(matches!(
        planner.on_forbidden("op", &insufficient("a")),
        Step::Authorize(_)
    ));
    planner.on_token(None, false);
    assert_eq!(
        planner.on_forbidden("op", &insufficient("b")),
        Step::Stop(StopReason::RetryLimit)
    );
    // A limit of 0 is 1: the first authorization is always possible.
    let mut planner = StepUpPlanner::new().with_retry_limit(0);
    assert_eq!(planner.retry_limit(), 1);
    assert_eq!(
        planner.on_unauthorized("op", None, None),
        Step::Authorize(None)
    );
}

// ---------------------------------------------------------------------------
// Per resource (RFC 8707).

/// Two resources on one authorization server keep their own requests,
/// grants and attempts.
#[test]
fn each_resource_keeps_its_own_scope() {
    let mut resources = ResourceScopes::new(StepUpPlanner::new().with_retry_limit(1));
    let files = "https://files.example.com/mcp";
    let mail = "https://mail.example.com/mcp";
    assert_eq!(
        resources.planner(files).on_unauthorized(
            "list",
            Some(&unauthorized(Some("files:read"))),
            None
        ),
        authorize("files:read")
    );
    resources.planner(files).on_token(None, false);
    // The mail server's step-up does not carry files:read, and its own
    // "list" has its own attempt.
    assert_eq!(
        resources.planner(mail).on_unauthorized(
            "list",
            Some(&unauthorized(Some("mail:read"))),
            None
        ),
        authorize("mail:read")
    );
    resources.planner(mail).on_token(None, false);
    assert_eq!(
        resources.planner(files).on_unauthorized("list", None, None),
        Step::Stop(StopReason::RetryLimit)
    );
    assert_eq!(resources.resources().collect::<Vec<_>>(), [files, mail]);
    assert_eq!(
        resources.get(mail).unwrap().granted(),
        Some(&set("mail:read"))
    );
    assert!(resources.remove(files).is_some());
    assert_eq!(resources.planner(files).attempts("list"), 0);
}

// ---------------------------------------------------------------------------
// Against a naive model, and the laws: no loop, no scope from nowhere.

mod model {
    use std::collections::{BTreeMap, BTreeSet};

    use proptest::prelude::*;

    pub(crate) type Set = BTreeSet<String>;

    /// What the client and servers do, over a universe of four tokens.
    #[derive(Clone, Debug)]
    pub(crate) enum Event {
        /// A 401, its challenge naming these tokens (or no scope), and
        /// whether the client read metadata with `scopes_supported`.
        Unauthorized(usize, Option<Set>, Option<Set>),
        /// A 403: whether `insufficient_scope`, and the scope named.
        Forbidden(usize, bool, Option<Set>),
        /// A token response: its `scope` and whether it has a refresh token.
        Token(Option<Set>, bool),
        /// The refresh planned was refused.
        RefreshFailed,
        /// The caller refreshed on its own: the response's `scope` and
        /// whether it has a refresh token.
        Refreshed(Option<Set>, bool),
        Success(usize),
    }

    pub(crate) const OPS: [&str; 2] = ["list", "call"];
    const OFFLINE: &str = "offline_access";

    fn scope() -> impl Strategy<Value = Option<Set>> {
        prop::option::of(prop::collection::btree_set(
            prop::sample::select(vec!["r", "w", "x", OFFLINE]).prop_map(String::from),
            0..4,
        ))
    }

    pub(crate) fn events() -> impl Strategy<Value = Vec<Event>> {
        let event = prop_oneof![
            (0..2usize, scope(), scope()).prop_map(|(o, c, m)| Event::Unauthorized(o, c, m)),
            (0..2usize, any::<bool>(), scope()).prop_map(|(o, i, c)| Event::Forbidden(o, i, c)),
            (scope(), any::<bool>()).prop_map(|(s, r)| Event::Token(s, r)),
            Just(Event::RefreshFailed),
            (scope(), any::<bool>()).prop_map(|(s, r)| Event::Refreshed(s, r)),
            (0..2usize).prop_map(Event::Success),
        ];
        prop::collection::vec(event, 0..40)
    }

    /// The decision, in the model's terms.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub(crate) enum Step {
        Authorize(Option<Set>),
        Refresh(Option<Set>),
        Stop(&'static str),
    }

    /// The planner's rules, written plainly over sets of strings.
    // Plain on purpose: the planner folds the token's state into an enum.
    #[allow(clippy::struct_excessive_bools)]
    #[derive(Default)]
    pub(crate) struct Model {
        pub(crate) limit: u32,
        pub(crate) wants: bool,
        pub(crate) listed: bool,
        requested: Option<Set>,
        granted: Option<Set>,
        grant: Option<Set>,
        authorized: bool,
        refresh_token: bool,
        pending: Option<(bool, Option<Set>)>,
        attempts: BTreeMap<usize, u32>,
    }

    fn nonempty(s: Option<&Set>) -> Option<Set> {
        s.filter(|s| !s.is_empty()).cloned()
    }

    fn minus_offline(s: &Set) -> Set {
        s.iter().filter(|t| *t != OFFLINE).cloned().collect()
    }

    impl Model {
        pub(crate) fn new(limit: u32, wants: bool, listed: bool) -> Self {
            Self {
                limit,
                wants,
                listed,
                ..Self::default()
            }
        }

        pub(crate) fn granted(&self) -> Option<&Set> {
            self.granted.as_ref()
        }

        pub(crate) fn grant(&self) -> Option<&Set> {
            self.grant.as_ref()
        }

        fn offline(&self, s: Option<Set>) -> Option<Set> {
            let mut s = minus_offline(&s?);
            if s.is_empty() {
                return None;
            }
            if self.wants && self.listed {
                s.insert(OFFLINE.into());
            }
            Some(s)
        }

        fn base(&self) -> Option<Set> {
            self.requested.clone().or_else(|| self.granted.clone())
        }

        fn decide(&self, wanted: Option<Set>) -> Step {
            let access = wanted.as_ref().map(minus_offline);
            let within = match (&access, &self.grant) {
                (None, _) => true,
                (Some(a), Some(g)) => a.is_subset(g),
                (Some(_), None) => false,
            };
            if self.refresh_token && within {
                let narrower = match (access, &self.grant) {
                    (Some(mut a), Some(g)) => {
                        if g.contains(OFFLINE) {
                            a.insert(OFFLINE.into());
                        }
                        (a != *g).then_some(a)
                    }
                    _ => None,
                };
                Step::Refresh(narrower)
            } else {
                Step::Authorize(self.offline(wanted))
            }
        }

        fn count(&mut self, op: usize, step: Step) -> Step {
            match &step {
                Step::Authorize(s) => self.pending = Some((false, s.clone())),
                Step::Refresh(s) => self.pending = Some((true, s.clone())),
                Step::Stop(_) => return step,
            }
            *self.attempts.entry(op).or_default() += 1;
            step
        }

        pub(crate) fn unauthorized(
            &mut self,
            op: usize,
            named: Option<&Set>,
            meta: Option<&Set>,
        ) -> Step {
            if self.attempts.get(&op).copied().unwrap_or(0) >= self.limit {
                return Step::Stop("retry_limit");
            }
            let named = nonempty(named.map(minus_offline).as_ref());
            let meta = nonempty(meta.map(minus_offline).as_ref());
            let step = match self.base() {
                Some(mut base) if self.authorized => {
                    if let Some(n) = named {
                        base.extend(n);
                    }
                    self.decide(Some(base))
                }
                _ if self.authorized && named.is_none() && self.refresh_token => {
                    Step::Refresh(None)
                }
                _ => Step::Authorize(self.offline(named.or(meta))),
            };
            self.count(op, step)
        }

        pub(crate) fn forbidden(
            &mut self,
            op: usize,
            insufficient: bool,
            named: Option<&Set>,
        ) -> Step {
            if !insufficient {
                return Step::Stop("not_insufficient_scope");
            }
            let Some(named) = nonempty(named) else {
                return Step::Stop("no_scope");
            };
            if self.attempts.get(&op).copied().unwrap_or(0) >= self.limit {
                return Step::Stop("retry_limit");
            }
            let base = self.base().unwrap_or_default();
            let mut wanted = base.clone();
            wanted.extend(minus_offline(&named));
            if self.authorized && wanted == base {
                return Step::Stop("nothing_new");
            }
            let step = self.decide(Some(wanted));
            self.count(op, step)
        }

        pub(crate) fn token(&mut self, scope: Option<&Set>, refresh_token: bool) {
            let response = scope.cloned();
            match self.pending.take() {
                Some((true, asked)) => {
                    self.granted = response
                        .or_else(|| asked.clone())
                        .or_else(|| self.grant.clone());
                    self.requested = asked.or_else(|| self.grant.clone());
                    self.refresh_token |= refresh_token;
                }
                other => {
                    let asked = other.and_then(|(_, asked)| asked);
                    self.granted = response.or_else(|| asked.clone());
                    self.grant.clone_from(&self.granted);
                    self.requested = asked;
                    self.authorized = true;
                    self.refresh_token = refresh_token;
                }
            }
        }

        pub(crate) fn refresh_failed(&mut self) -> Option<Step> {
            let Some((true, asked)) = self.pending.clone() else {
                return None;
            };
            self.refresh_token = false;
            let scope = self.offline(asked.or_else(|| self.grant.clone()));
            self.pending = Some((false, scope.clone()));
            Some(Step::Authorize(scope))
        }

        pub(crate) fn refreshed(&mut self, scope: Option<&Set>, refresh_token: bool) {
            if self.authorized {
                self.pending = Some((true, None));
            }
            self.token(scope, refresh_token);
        }

        pub(crate) fn success(&mut self, op: usize) {
            self.attempts.remove(&op);
        }
    }
}

mod laws {
    use std::collections::BTreeMap;

    use oauth_scope::client::{Step, StepUpPlanner};
    use oauth_scope::{Challenge, ProtectedResourceMetadata, ScopeSet};
    use proptest::prelude::*;

    use super::model::{self, Event, Model, Set, OPS};

    fn scope_set(s: &Set) -> ScopeSet<'static> {
        s.iter()
            .map(|t| oauth_scope::ScopeToken::new(t).unwrap())
            .collect::<ScopeSet<'_>>()
            .into_owned()
    }

    fn as_set(s: &ScopeSet<'_>) -> Set {
        s.iter().map(|t| t.as_str().to_owned()).collect()
    }

    fn challenge(error: Option<&str>, scope: Option<&Set>) -> Challenge {
        let mut header = String::from("Bearer");
        let mut params = Vec::new();
        if let Some(scope) = scope.filter(|s| !s.is_empty()) {
            params.push(format!(r#"scope="{}""#, scope_set(scope)));
        }
        if let Some(error) = error {
            params.push(format!(r#"error="{error}""#));
        }
        if !params.is_empty() {
            header.push(' ');
            header.push_str(&params.join(", "));
        }
        Challenge::parse(&header).unwrap()
    }

    fn step_of(step: &Step) -> model::Step {
        match step {
            Step::Authorize(s) => model::Step::Authorize(s.as_ref().map(as_set)),
            Step::Refresh(s) => model::Step::Refresh(s.as_ref().map(as_set)),
            Step::Stop(reason) => model::Step::Stop(reason.code()),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Every answer is the model's, and the laws hold: at most `limit`
        /// requests per operation between its successes; `offline_access`
        /// only when wanted and listed, never alone; a refresh within the
        /// grant; a step-up that keeps all of the last request.
        #[test]
        fn the_planner_is_the_model(
            events in model::events(),
            limit in 1..4u32,
            wants in any::<bool>(),
            listed in any::<bool>(),
        ) {
            let mut planner = StepUpPlanner::new()
                .with_retry_limit(limit)
                .with_refresh_tokens(wants);
            let as_scopes = ScopeSet::parse(if listed { "r offline_access" } else { "r" }).unwrap();
            planner.set_authorization_server_scopes(Some(&as_scopes));
            let mut model = Model::new(limit, wants, listed);
            let mut since_success: BTreeMap<usize, u32> = BTreeMap::new();
            for event in events {
                let (op, step, last) = match &event {
                    Event::Unauthorized(op, named, meta) => {
                        let c = challenge(None, named.as_ref());
                        let m = meta.as_ref().map(|m| {
                            ProtectedResourceMetadata::new("https://rs.example/mcp")
                                .unwrap()
                                .with_scopes_supported(&scope_set(m))
                        });
                        let last = planner.requested().cloned();
                        let step = planner.on_unauthorized(OPS[*op], Some(&c), m.as_ref());
                        prop_assert_eq!(
                            step_of(&step),
                            model.unauthorized(*op, named.as_ref(), meta.as_ref())
                        );
                        (*op, step, last)
                    }
                    Event::Forbidden(op, insufficient, named) => {
                        let error = if *insufficient { "insufficient_scope" } else { "invalid_token" };
                        let c = challenge(Some(error), named.as_ref());
                        let last = planner.requested().cloned();
                        let step = planner.on_forbidden(OPS[*op], &c);
                        prop_assert_eq!(
                            step_of(&step),
                            model.forbidden(*op, *insufficient, named.as_ref())
                        );
                        if let (Step::Authorize(Some(s)) | Step::Refresh(Some(s)), Some(last)) =
                            (&step, &last)
                        {
                            // Never loses what was asked (SEP-2350), except
                            // offline_access on a refresh of a grant
                            // without it.
                            let mut kept = last.clone();
                            kept.remove("offline_access");
                            prop_assert!(kept.is_subset(s) || matches!(step, Step::Refresh(_)));
                        }
                        (*op, step, last)
                    }
                    Event::Token(scope, refresh_token) => {
                        planner.on_token(scope.as_ref().map(scope_set).as_ref(), *refresh_token);
                        model.token(scope.as_ref(), *refresh_token);
                        continue;
                    }
                    Event::Refreshed(scope, refresh_token) => {
                        planner.on_refreshed(scope.as_ref().map(scope_set).as_ref(), *refresh_token);
                        model.refreshed(scope.as_ref(), *refresh_token);
                        prop_assert_eq!(planner.granted().map(as_set), model.granted().cloned());
                        continue;
                    }
                    Event::RefreshFailed => {
                        let step = planner.on_refresh_failed();
                        prop_assert_eq!(step.as_ref().map(step_of), model.refresh_failed());
                        if let Some(Step::Authorize(Some(scope))) = &step {
                            if scope.contains("offline_access") {
                                prop_assert!(wants && listed && scope.len() > 1);
                            }
                        }
                        prop_assert!(!planner.has_refresh_token() || step.is_none());
                        continue;
                    }
                    Event::Success(op) => {
                        planner.on_success(OPS[*op]);
                        model.success(*op);
                        since_success.remove(op);
                        continue;
                    }
                };
                let _ = last;
                match &step {
                    Step::Stop(_) => {}
                    Step::Authorize(scope) => {
                        *since_success.entry(op).or_default() += 1;
                        if let Some(scope) = scope {
                            if scope.contains("offline_access") {
                                prop_assert!(wants && listed);
                                prop_assert!(scope.len() > 1);
                            }
                        }
                    }
                    Step::Refresh(scope) => {
                        *since_success.entry(op).or_default() += 1;
                        prop_assert!(planner.has_refresh_token());
                        if let Some(scope) = scope {
                            let grant = model.grant().expect("a refresh has a grant");
                            prop_assert!(as_set(scope).is_subset(grant));
                        }
                    }
                }
                prop_assert!(since_success.get(&op).copied().unwrap_or(0) <= limit);
                prop_assert_eq!(planner.attempts(OPS[op]), since_success.get(&op).copied().unwrap_or(0));
            }
        }

        /// A client's loop against a server that refuses every call with a
        /// random challenge, and an authorization server that grants what it
        /// likes: it ends in `Stop` within the limit, whatever they send.
        #[test]
        fn the_loop_ends_within_the_limit(
            answers in prop::collection::vec(
                (any::<bool>(), proptest::option::of(proptest::collection::btree_set(
                    proptest::sample::select(vec!["r", "w", "x"]).prop_map(String::from), 0..3)),
                 proptest::option::of(proptest::collection::btree_set(
                    proptest::sample::select(vec!["r", "w", "x"]).prop_map(String::from), 0..3)),
                 any::<bool>()),
                64,
            ),
            limit in 1..5u32,
        ) {
            let mut planner = StepUpPlanner::new().with_retry_limit(limit);
            let mut requests = 0;
            let mut stopped = false;
            for (forbidden, named, granted, refresh_token) in answers {
                let step = if forbidden {
                    planner.on_forbidden("op", &challenge(Some("insufficient_scope"), named.as_ref()))
                } else {
                    planner.on_unauthorized("op", Some(&challenge(None, named.as_ref())), None)
                };
                if matches!(step, Step::Stop(_)) {
                    stopped = true;
                    break;
                }
                requests += 1;
                planner.on_token(granted.as_ref().map(scope_set).as_ref(), refresh_token);
            }
            prop_assert!(stopped, "no stop in 64 refusals");
            prop_assert!(requests <= limit);
        }
    }
}
