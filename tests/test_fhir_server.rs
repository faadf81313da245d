//! Starts the SMART on FHIR example (`examples/fhir_server.rs`) on
//! 127.0.0.1 with an ephemeral port and checks its answers over real HTTP:
//! each interaction's route against tokens in every SMART shape (v2 letters,
//! a `*` type, letters granted by two tokens, a query narrowing a search,
//! v1 `read`/`write`, the `system` context), with the exact challenges.

#[allow(dead_code)]
#[path = "../examples/fhir_server.rs"]
mod fhir_server;
#[path = "util/http.rs"]
mod http;

use std::net::SocketAddr;

use http::{send, serve};

/// One request and what it must answer.
struct Case<'a> {
    method: &'a str,
    path: &'a str,
    token: Option<&'a str>,
    status: u16,
    /// The `WWW-Authenticate` value, when there must be one.
    challenge: Option<&'a str>,
}

const fn case<'a>(
    method: &'a str,
    path: &'a str,
    token: Option<&'a str>,
    status: u16,
    challenge: Option<&'a str>,
) -> Case<'a> {
    Case {
        method,
        path,
        token,
        status,
        challenge,
    }
}

fn check(addr: SocketAddr, cases: &[Case<'_>]) {
    for c in cases {
        let auth = c.token.map(|t| format!("Authorization: Bearer {t}"));
        let headers: Vec<&str> = auth.iter().map(String::as_str).collect();
        let answer = send(addr, c.method, c.path, &headers);
        let what = format!("{} {} with {:?}", c.method, c.path, c.token);
        assert_eq!(answer.status, c.status, "{what}: {answer:?}");
        let expected: Vec<String> = c.challenge.iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(answer.challenges, expected, "{what}");
    }
}

/// The 403 of a route's layer: the scope the route requires and, as the
/// default challenge style has it, the token's granted scope, so that a
/// client that replaces its scope with the challenge's keeps what it had.
fn refused_by_layer(token: &str, required: &str) -> String {
    let granted = fhir_server::token_table()[token].clone();
    let scope = granted.union(&oauth_scope::ScopeSet::parse(required).unwrap());
    format!(r#"Bearer realm="fhir", scope="{scope}", error="insufficient_scope""#)
}

#[test]
fn each_interaction_needs_its_letter_on_its_type() {
    let addr = serve(|_| fhir_server::app());
    let delete_obs = refused_by_layer("patient-reader", "patient/Observation.d");
    let create_cond = refused_by_layer("patient-reader", "patient/Condition.c");
    check(
        addr,
        &[
            // No token: 401 naming the scope the route needs.
            case(
                "GET",
                "/fhir/Observation/1",
                None,
                401,
                Some(r#"Bearer realm="fhir", scope="patient/Observation.r""#),
            ),
            case(
                "GET",
                "/fhir/Observation",
                None,
                401,
                Some(r#"Bearer realm="fhir", scope="patient/Observation.s""#),
            ),
            // An unknown token: 401 invalid_token.
            case(
                "GET",
                "/fhir/Observation/1",
                Some("stolen"),
                401,
                Some(r#"Bearer realm="fhir", error="invalid_token""#),
            ),
            // `patient/*.rs`: read and search every type, nothing else.
            case(
                "GET",
                "/fhir/Observation/1",
                Some("patient-reader"),
                200,
                None,
            ),
            case("GET", "/fhir/Condition", Some("patient-reader"), 200, None),
            case("GET", "/fhir/Patient/1", Some("patient-reader"), 200, None),
            case(
                "DELETE",
                "/fhir/Observation/1",
                Some("patient-reader"),
                403,
                Some(&delete_obs),
            ),
            case(
                "POST",
                "/fhir/Condition",
                Some("patient-reader"),
                403,
                Some(&create_cond),
            ),
        ],
    );
}

#[test]
fn queries_split_letters_v1_and_system_scopes() {
    let addr = serve(|_| fhir_server::app());
    let forbidden = |scope: &str| -> String {
        format!(r#"Bearer realm="fhir", scope="{scope}", error="insufficient_scope""#)
    };
    let read_obs = refused_by_layer("lab-only", "patient/Observation.r");
    let search_obs = forbidden("patient/Observation.s");
    let update_patient = refused_by_layer("v1-writer", "patient/Patient.u");
    check(
        addr,
        &[
            // `.rs?category=laboratory`: a laboratory search, nothing wider.
            case(
                "GET",
                "/fhir/Observation?category=laboratory",
                Some("lab-only"),
                200,
                None,
            ),
            case(
                "GET",
                "/fhir/Observation",
                Some("lab-only"),
                403,
                Some(&search_obs),
            ),
            case(
                "GET",
                "/fhir/Observation?category=vital-signs",
                Some("lab-only"),
                403,
                Some(&forbidden("patient/Observation.s?category=vital-signs")),
            ),
            case(
                "GET",
                "/fhir/Observation/1",
                Some("lab-only"),
                403,
                Some(&read_obs),
            ),
            // `.r` and `.s` granted apart: each interaction has its letter.
            case("GET", "/fhir/Observation/1", Some("split"), 200, None),
            case("GET", "/fhir/Observation", Some("split"), 200, None),
            case(
                "GET",
                "/fhir/Observation?category=laboratory",
                Some("split"),
                200,
                None,
            ),
            case(
                "GET",
                "/fhir/Condition/1",
                Some("split"),
                403,
                Some(&refused_by_layer("split", "patient/Condition.r")),
            ),
            // v1: `.write` is create, update and delete, never read.
            case(
                "DELETE",
                "/fhir/Observation/1",
                Some("v1-writer"),
                204,
                None,
            ),
            case("POST", "/fhir/Observation", Some("v1-writer"), 201, None),
            case("GET", "/fhir/Observation/1", Some("v1-writer"), 200, None),
            case(
                "PUT",
                "/fhir/Patient/1",
                Some("v1-writer"),
                403,
                Some(&update_patient),
            ),
            // The system context of a backend service.
            case("PUT", "/fhir/Patient/1", Some("backend"), 200, None),
            case("DELETE", "/fhir/Condition/1", Some("backend"), 204, None),
            case(
                "GET",
                "/fhir/Observation?category=laboratory",
                Some("backend"),
                200,
                None,
            ),
        ],
    );
}

#[test]
fn a_category_no_scope_can_name_is_a_bad_request() {
    let addr = serve(|_| fhir_server::app());
    check(
        addr,
        &[
            // `&` inside the value would add a pair to the scope's query.
            case(
                "GET",
                "/fhir/Observation?category=a%26b",
                Some("lab-only"),
                400,
                None,
            ),
            case(
                "GET",
                "/fhir/Observation?category=a%20b",
                Some("lab-only"),
                400,
                None,
            ),
            case(
                "GET",
                "/fhir/Observation?category=",
                Some("lab-only"),
                400,
                None,
            ),
            // A second pair smuggled into the value, which `lab-only` would
            // otherwise imply; a value that is a pair.
            case(
                "GET",
                "/fhir/Observation?category=vital-signs%26category%3Dlaboratory",
                Some("lab-only"),
                400,
                None,
            ),
            case(
                "GET",
                "/fhir/Observation?category=x%3Dy",
                Some("lab-only"),
                400,
                None,
            ),
            // A percent-encoded value is compared decoded.
            case(
                "GET",
                "/fhir/Observation?category=laborator%79",
                Some("lab-only"),
                200,
                None,
            ),
        ],
    );
}

#[test]
fn the_requirement_of_each_interaction_names_every_context() {
    use oauth_scope::smart::Interaction;
    let need = fhir_server::requirement("Observation", Interaction::Search);
    assert_eq!(
        need.to_string(),
        r#""patient/Observation.s" | "user/Observation.s" | "system/Observation.s""#
    );
}
