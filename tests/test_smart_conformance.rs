//! Conformance of `Hierarchy::smart_on_fhir()` and `oauth_scope::smart` to
//! the scope rules of SMART App Launch 2.2.0 (HL7/smart-app-launch, tag
//! `2.2.0`, commit 13449f93ba52d401d29ca9e72e8a4cbced8d6424), file
//! `input/pages/scopes-and-launch-context.md`: every example scope and every
//! normative sentence about the scope language becomes a row, with the line
//! of that file it comes from ("spec L…"). Rows marked "peer" pin down
//! mistakes that other SMART implementations make.

use oauth_scope::smart::{Context, Interaction, SmartScope};
use oauth_scope::{Hierarchy, Requirement, ScopeSet, VocabularyErrorKind as Kind};

/// The example of spec L98.
const LAB: &str = concat!(
    "patient/Observation.rs?category=",
    "http://terminology.hl7.org/CodeSystem/observation-category|laboratory"
);
/// `LAB` with read alone.
const LAB_R: &str = concat!(
    "patient/Observation.r?category=",
    "http://terminology.hl7.org/CodeSystem/observation-category|laboratory"
);
/// Another category of the same code system.
const VITALS: &str = concat!(
    "patient/Observation.rs?category=",
    "http://terminology.hl7.org/CodeSystem/observation-category|vital-signs"
);
/// `LAB` narrowed further by a second pair.
const LAB_GLUCOSE: &str = concat!(
    "patient/Observation.rs?category=",
    "http://terminology.hl7.org/CodeSystem/observation-category|laboratory",
    "&code=http://loinc.org|2345-7"
);
/// `LAB` in the user context.
const LAB_USER: &str = concat!(
    "user/Observation.rs?category=",
    "http://terminology.hl7.org/CodeSystem/observation-category|laboratory"
);
/// The letters of spec L80, in order.
const CRUDS: &str = "cruds";
/// The request of the wildcard section's table (spec L458).
const ALLERGY: &str = "patient/AllergyIntolerance.cruds";

/// A set from its text; `""` is the empty set (spec L469).
fn set(text: &str) -> oauth_scope::Result<ScopeSet<'_>> {
    if text.is_empty() {
        return Ok(ScopeSet::default());
    }
    Ok(ScopeSet::parse(text)?)
}

#[track_caller]
fn check_implies(h: &Hierarchy, rows: &[(&str, &str, bool)]) {
    for &(granted, required, expected) in rows {
        assert_eq!(
            h.implies(granted, required),
            expected,
            "implies({granted:?}, {required:?})"
        );
    }
}

#[track_caller]
fn check_covers(h: &Hierarchy, rows: &[(&str, &str, bool)]) -> oauth_scope::Result<()> {
    for &(granted, required, expected) in rows {
        assert_eq!(
            set(granted)?.covers(&set(required)?, h),
            expected,
            "{granted:?} covers {required:?}"
        );
    }
    Ok(())
}

/// Rows of (requested, allowed, granted).
#[track_caller]
fn check_narrow(h: &Hierarchy, rows: &[(&str, &str, &str)]) -> oauth_scope::Result<()> {
    for &(requested, allowed, granted) in rows {
        let grant = set(requested)?.narrow(&set(allowed)?, h);
        assert_eq!(
            grant.granted().to_string(),
            granted,
            "{requested:?} narrowed by {allowed:?}"
        );
    }
    Ok(())
}

#[track_caller]
fn check_validate(h: &Hierarchy, rows: &[(&str, Result<(), Kind>)]) {
    for &(token, expected) in rows {
        let got = h.validate_token(token);
        if let Err(e) = &got {
            assert_eq!(e.token(), token);
        }
        assert_eq!(
            got.map_err(|e| e.kind()),
            expected,
            "validate_token({token:?})"
        );
    }
}

// ---------------------------------------------------------------- Quick Start

#[test]
fn quick_start() -> oauth_scope::Result<()> {
    let h = Hierarchy::smart_on_fhir();
    check_validate(
        &h,
        &[
            // spec L19: "`patient/*.rs` | Permission to read and search any resource"
            ("patient/*.rs", Ok(())),
            // spec L20: "`user/*.cruds` | Permission to read and write all resources"
            ("user/*.cruds", Ok(())),
            // spec L21: "`openid fhirUser` | Permission to retrieve information about
            // the current logged-in user."
            ("openid", Ok(())),
            ("fhirUser", Ok(())),
            // spec L22: "`launch` | Permission to obtain launch context"
            ("launch", Ok(())),
            // spec L23: "`launch/patient` | ... ask for a patient to be selected"
            ("launch/patient", Ok(())),
            // spec L24: "`offline_access` | Request a `refresh_token`"
            ("offline_access", Ok(())),
            // spec L25: "`online_access` | Request a `refresh_token`"
            ("online_access", Ok(())),
        ],
    );
    check_implies(
        &h,
        &[
            // spec L19: "read and search any resource for the current patient"
            ("patient/*.rs", "patient/Observation.r", true),
            ("patient/*.rs", "patient/Condition.s", true),
            ("patient/*.rs", "patient/Condition.u", false),
            // spec L20: "read and write all resources that the current user can access"
            ("user/*.cruds", "user/Observation.cud", true),
            ("user/*.cruds", "user/Observation.rs", true),
        ],
    );
    // spec L21: "`openid fhirUser`": two tokens, each needed.
    check_covers(
        &h,
        &[
            ("openid fhirUser", "fhirUser", true),
            ("openid fhirUser", "openid", true),
            ("openid", "openid fhirUser", false),
        ],
    )
}

// ------------------------------------ SMART's scopes are used to delegate access

#[test]
fn delegate_access_full_access_wildcards() {
    let h = Hierarchy::smart_on_fhir();
    check_implies(
        &h,
        &[
            // spec L36: "request `user/*.cruds` ... these scopes convey "full access"
            // relative to the user's underlying permissions"
            ("user/*.cruds", "user/Patient.cruds", true),
            ("user/*.cruds", "patient/Patient.r", false),
            // spec L37: "request `system/*.cruds`, these scopes convey "full access"
            // relative to a server's pre-configured client-specific policy"
            ("system/*.cruds", "system/Encounter.cruds", true),
            ("system/*.cruds", "user/Encounter.r", false),
        ],
    );
}

// ------------------------------------------ Scopes for requesting FHIR Resources

#[test]
fn fhir_resources_interactions_map_to_letters() {
    // spec L59: "We define permissions to support the following FHIR REST API
    // interactions:"
    let rows = [
        // spec L61-62: "`c` for `create`" / "Type level create"
        (Interaction::Create, "patient/Observation.c"),
        // spec L63-66: "`r` for `read`" / "Instance level read", "vread", "history"
        (Interaction::Read, "patient/Observation.r"),
        (Interaction::Vread, "patient/Observation.r"),
        (Interaction::HistoryInstance, "patient/Observation.r"),
        // spec L67-70: "`u` for `update`" / "Instance level update", "patch"
        (Interaction::Update, "patient/Observation.u"),
        (Interaction::Patch, "patient/Observation.u"),
        // spec L71-72: "`d` for `delete`" / "Instance level delete"
        (Interaction::Delete, "patient/Observation.d"),
        // spec L73-75: "`s` for `search`" / "Type level search", "Type level history"
        (Interaction::Search, "patient/Observation.s"),
        (Interaction::HistoryType, "patient/Observation.s"),
    ];
    for (interaction, want) in rows {
        assert_eq!(
            SmartScope::for_interaction(Context::Patient, "Observation", interaction).unwrap(),
            want
        );
    }
    // The context and the type are those asked for.
    assert_eq!(
        SmartScope::for_interaction(Context::System, "Encounter", Interaction::Delete).unwrap(),
        "system/Encounter.d"
    );
    assert_eq!(
        SmartScope::for_interaction(Context::User, "Patient", Interaction::Vread).unwrap(),
        "user/Patient.r"
    );
}

#[test]
fn fhir_resources_valid_suffixes_are_in_order_subsets_of_cruds() -> oauth_scope::Result<()> {
    let h = Hierarchy::smart_on_fhir();
    // spec L80: "Valid suffixes are a subset of the in-order string `.cruds`."
    // All 31 non-empty subsets, each in order: valid, with those letters, and
    // implied by `.cruds`; only `.cruds` itself implies `.cruds`.
    for mask in 1_u8..32 {
        let letters: String = CRUDS
            .chars()
            .enumerate()
            .filter(|&(i, _)| mask & (1 << i) != 0)
            .map(|(_, c)| c)
            .collect();
        let token = format!("patient/Observation.{letters}");
        assert!(h.validate_token(&token).is_ok(), "{token} is valid");
        assert_eq!(SmartScope::parse(&token)?.letters(), letters);
        assert!(h.implies("patient/Observation.cruds", &token), "{token}");
        assert_eq!(
            h.implies(&token, "patient/Observation.cruds"),
            mask == 31,
            "{token} implies patient/Observation.cruds"
        );
    }
    // spec L80: "in-order": each pair of letters swapped (10 rows).
    let letters: Vec<char> = CRUDS.chars().collect();
    for (i, &first) in letters.iter().enumerate() {
        for &later in &letters[i + 1..] {
            let token = format!("patient/Observation.{later}{first}");
            assert_eq!(
                h.validate_token(&token).map_err(|e| e.kind()),
                Err(Kind::PermissionsOutOfOrder),
                "{token}"
            );
        }
    }
    check_validate(
        &h,
        &[
            // spec L80: "to convey support for creating and updating observations,
            // use scope `patient/Observation.cu`"
            ("patient/Observation.cu", Ok(())),
            // spec L80: "To convey support for reading and searching observations,
            // use scope `patient/Observation.rs`"
            ("patient/Observation.rs", Ok(())),
            // spec L80: "a subset": no letter twice.
            ("patient/Observation.rr", Err(Kind::RepeatedPermission)),
            // spec L80: "a subset of ... `.cruds`": no other letter.
            ("patient/Observation.x", Err(Kind::UnknownPermission)),
            ("patient/Observation.rsx", Err(Kind::UnknownPermission)),
        ],
    );
    check_implies(
        &h,
        &[
            // spec L80: `.cu` is create and update, nothing else.
            ("patient/Observation.cu", "patient/Observation.c", true),
            ("patient/Observation.cu", "patient/Observation.u", true),
            ("patient/Observation.cu", "patient/Observation.r", false),
            ("patient/Observation.cu", "patient/Observation.d", false),
            // spec L80: `.rs` is read and search, nothing else.
            ("patient/Observation.rs", "patient/Observation.s", true),
            ("patient/Observation.rs", "patient/Observation.u", false),
        ],
    );
    Ok(())
}

#[test]
fn fhir_resources_v1_scopes_read_as_v2_letters() -> oauth_scope::Result<()> {
    // spec L80: "SHOULD process v1 scopes with the following semantics in v2:"
    // (token, type, letters, v1, shown)
    let rows = [
        // spec L82: "v1 `.read` ⇒ v2 `.rs`"
        (
            "patient/Observation.read",
            Some("Observation"),
            "rs",
            true,
            "patient/Observation.rs",
        ),
        // spec L83: "v1 `.write` ⇒ v2 `.cud`"
        (
            "patient/Observation.write",
            Some("Observation"),
            "cud",
            true,
            "patient/Observation.cud",
        ),
        // spec L84: "v1 `.*` ⇒ v2 `.cruds`"
        (
            "patient/Observation.*",
            Some("Observation"),
            "cruds",
            true,
            "patient/Observation.cruds",
        ),
        ("user/*.read", None, "rs", true, "user/*.rs"),
        ("system/*.*", None, "cruds", true, "system/*.cruds"),
        // The v2 forms are not v1.
        (
            "patient/Observation.rs",
            Some("Observation"),
            "rs",
            false,
            "patient/Observation.rs",
        ),
    ];
    for (token, ty, letters, v1, shown) in rows {
        let s = SmartScope::parse(token)?;
        assert_eq!(s.resource_type(), ty, "{token}");
        assert_eq!(s.letters(), letters, "{token}");
        assert_eq!(s.is_v1(), v1, "{token}");
        assert_eq!(s.query(), None, "{token}");
        assert_eq!(s.to_string(), shown, "{token}");
    }
    Ok(())
}

#[test]
fn fhir_resources_v1_scopes_have_v2_semantics() -> oauth_scope::Result<()> {
    let h = Hierarchy::smart_on_fhir();
    // spec L80: "SHOULD process v1 scopes with the following semantics in v2:"
    check_validate(
        &h,
        &[
            ("patient/Observation.read", Ok(())),
            ("patient/Observation.write", Ok(())),
            ("patient/Observation.*", Ok(())),
            ("patient/*.*", Ok(())),
        ],
    );
    check_implies(
        &h,
        &[
            // spec L82: "v1 `.read` ⇒ v2 `.rs`", both ways.
            ("patient/Observation.read", "patient/Observation.rs", true),
            ("patient/Observation.rs", "patient/Observation.read", true),
            ("patient/Observation.read", "patient/Observation.s", true),
            ("patient/Observation.read", "patient/Observation.c", false),
            // spec L83: "v1 `.write` ⇒ v2 `.cud`", both ways.
            ("patient/Observation.write", "patient/Observation.cud", true),
            ("patient/Observation.cud", "patient/Observation.write", true),
            ("patient/Observation.write", "patient/Observation.r", false),
            (
                "patient/Observation.write",
                "patient/Observation.read",
                false,
            ),
            (
                "patient/Observation.read",
                "patient/Observation.write",
                false,
            ),
            // spec L84: "v1 `.*` ⇒ v2 `.cruds`", both ways.
            ("patient/Observation.*", "patient/Observation.cruds", true),
            ("patient/Observation.cruds", "patient/Observation.*", true),
            ("patient/Observation.*", "patient/Observation.read", true),
            ("patient/Observation.*", "patient/Observation.write", true),
            ("patient/Observation.write", "patient/Observation.*", false),
            ("patient/Observation.rs", "patient/Observation.*", false),
            // spec L82 with a wildcard type.
            ("patient/*.read", "patient/Observation.rs", true),
            ("patient/*.read", "patient/Observation.u", false),
        ],
    );
    // spec L82-84: `.read` and `.write` together are `.*`.
    check_covers(
        &h,
        &[
            (
                "patient/Observation.read patient/Observation.write",
                "patient/Observation.*",
                true,
            ),
            (
                "patient/Observation.read patient/Observation.write",
                "patient/Observation.cruds",
                true,
            ),
        ],
    )
}

#[test]
fn fhir_resources_v1_requests_are_answered_in_v1() -> oauth_scope::Result<()> {
    let h = Hierarchy::smart_on_fhir();
    check_narrow(
        &h,
        &[
            // spec L80: "SHOULD return v1 scopes when v1 scopes are requested and
            // granted"
            (
                "patient/Observation.read",
                "patient/Observation.rs",
                "patient/Observation.read",
            ),
            (
                "patient/Observation.read",
                "patient/*.cruds",
                "patient/Observation.read",
            ),
            ("user/*.write", "user/*.cud", "user/*.write"),
            // spec L80: "requested and granted": a `.write` granted in part has
            // no v1 form; the answer is the part granted.
            (
                "user/Observation.write",
                "user/Observation.cu",
                "user/Observation.cu",
            ),
        ],
    )?;
    // spec L82: "v1 `.read` ⇒ v2 `.rs`": a refresh of a v1 grant may ask for
    // its v2 parts, and not for more.
    let original = set("patient/Observation.read")?;
    for requested in ["patient/Observation.rs", "patient/Observation.s", LAB] {
        let refreshed = original.refresh(Some(&set(requested)?), &h)?;
        assert_eq!(refreshed.to_string(), requested);
    }
    let err = original
        .refresh(Some(&set("patient/Observation.cud")?), &h)
        .unwrap_err();
    assert_eq!(err.scope().to_string(), "patient/Observation.cud");
    // spec L82: what a `.r` grant lacks of a `.read` requirement, in v2 form.
    let missing = set("patient/Observation.r")?.uncovered(&set("patient/Observation.read")?, &h);
    assert_eq!(missing.to_string(), "patient/Observation.s");
    Ok(())
}

#[test]
fn fhir_resources_undefined_or_out_of_order_interactions() -> oauth_scope::Result<()> {
    let h = Hierarchy::smart_on_fhir();
    // spec L86: "Scope requests with undefined or out of order interactions MAY
    // be ignored, replaced with server default scopes, or rejected. For
    // example, a request of `.dus` is not a defined scope request."
    check_validate(
        &h,
        &[
            ("patient/Observation.dus", Err(Kind::PermissionsOutOfOrder)),
            ("patient/Observation.sr", Err(Kind::PermissionsOutOfOrder)),
            (
                "patient/Observation.scrud",
                Err(Kind::PermissionsOutOfOrder),
            ),
            ("patient/Observation.rw", Err(Kind::UnknownPermission)),
            ("patient/Observation.all", Err(Kind::UnknownPermission)),
        ],
    );
    check_implies(
        &h,
        &[
            // A malformed token is a plain token: implied by nothing but itself,
            // and implying nothing else.
            ("patient/Observation.dus", "patient/Observation.dus", true),
            ("patient/Observation.dus", "patient/Observation.d", false),
            ("patient/Observation.dus", "patient/Observation.us", false),
            ("patient/*.cruds", "patient/Observation.dus", false),
            (
                "patient/Observation.cruds",
                "patient/Observation.dus",
                false,
            ),
            // spec L86: "(e.g., interpreting `.read` as `.rd` and granting
            // extraneous delete permissions)"
            ("patient/Observation.read", "patient/Observation.d", false),
            ("patient/Observation.read", "patient/Observation.rd", false),
        ],
    );
    // spec L86: "MAY be ignored ... or rejected": never granted through a wildcard.
    let grant = set("patient/Observation.dus")?.narrow(&set("patient/*.cruds")?, &h);
    assert!(grant.granted().is_empty());
    assert_eq!(grant.denied().to_string(), "patient/Observation.dus");
    Ok(())
}

// ------------------------------------------------------------ Scope Equivalence

#[test]
fn scope_equivalence_union() -> oauth_scope::Result<()> {
    let h = Hierarchy::smart_on_fhir();
    check_covers(
        &h,
        &[
            // spec L94: "Scopes can be combined to represent a union of access. For
            // example, "patient/Condition.rs patient/AllergyIntolerance.rs" expresses
            // access to the Conditions and Allergies"
            (
                "patient/Condition.rs patient/AllergyIntolerance.rs",
                "patient/Condition.r patient/AllergyIntolerance.s",
                true,
            ),
            (
                "patient/Condition.rs patient/AllergyIntolerance.rs",
                "patient/Observation.r",
                false,
            ),
            (
                "patient/Condition.rs patient/AllergyIntolerance.rs",
                "patient/Condition.c",
                false,
            ),
            // spec L94: ""Observation.rs" expresses access equivalent to
            // "Observation.r Observation.s""
            (
                "patient/Observation.rs",
                "patient/Observation.r patient/Observation.s",
                true,
            ),
            (
                "patient/Observation.r patient/Observation.s",
                "patient/Observation.rs",
                true,
            ),
            // spec L94: the union works across a wildcard and a named type.
            (
                "patient/Observation.r patient/*.s",
                "patient/Observation.rs",
                true,
            ),
            // spec L94: ... but not across contexts.
            (
                "user/Observation.r patient/Observation.s",
                "patient/Observation.rs",
                false,
            ),
            // spec L94 with spec L98: a union of a narrowed read and a plain search
            // covers the narrowed `.rs`, not the plain one.
            (
                "patient/Observation.r?category=laboratory patient/Observation.s",
                "patient/Observation.rs?category=laboratory",
                true,
            ),
            (
                "patient/Observation.r?category=laboratory patient/Observation.s",
                "patient/Observation.rs",
                false,
            ),
        ],
    )
}

#[test]
fn scope_equivalence_shortest_form() -> oauth_scope::Result<()> {
    let h = Hierarchy::smart_on_fhir();
    // spec L94: "In order to reduce token size, it is recommended that scopes be
    // factored to their shortest form."
    let rows = [
        (
            "patient/Observation.rs patient/Observation.r",
            "patient/Observation.rs",
        ),
        (
            "patient/*.rs patient/Observation.r patient/Condition.s",
            "patient/*.rs",
        ),
        (
            "patient/Observation.rs patient/Observation.rs?category=laboratory",
            "patient/Observation.rs",
        ),
        // Nothing to drop: distinct types, distinct contexts.
        (
            "patient/Condition.rs patient/AllergyIntolerance.rs",
            "patient/AllergyIntolerance.rs patient/Condition.rs",
        ),
        (
            "user/Observation.rs patient/Observation.rs",
            "patient/Observation.rs user/Observation.rs",
        ),
    ];
    for (asked, shortest) in rows {
        assert_eq!(set(asked)?.normalize(&h).to_string(), shortest, "{asked}");
    }
    Ok(())
}

// ---------------------------- Finer-grained resource constraints using search parameters

#[test]
fn search_parameters_narrow_a_scope() -> oauth_scope::Result<()> {
    let h = Hierarchy::smart_on_fhir();
    // spec L98: "add a query string suffix to existing scopes, starting with `?`
    // and followed by a series of `param=value` items separated by `&`"
    check_validate(
        &h,
        &[
            (LAB, Ok(())),
            (LAB_GLUCOSE, Ok(())),
            ("patient/Observation.rs?category=laboratory", Ok(())),
            ("patient/Observation.rs?", Err(Kind::BadQuery)),
            ("patient/Observation.rs?category", Err(Kind::BadQuery)),
            ("patient/Observation.rs?=laboratory", Err(Kind::BadQuery)),
            ("patient/Observation.rs?category=", Err(Kind::BadQuery)),
            (
                "patient/Observation.rs?category=laboratory&",
                Err(Kind::BadQuery),
            ),
            ("patient/Observation.rs?a=1&&b=2", Err(Kind::BadQuery)),
            // spec L98: "In SMART 1.0, scopes were based entirely on FHIR Resource
            // types ... In SMART 2.0, we provide more detailed constraints"
            (
                "patient/Observation.read?category=laboratory",
                Err(Kind::V1WithQuery),
            ),
            (
                "patient/Observation.*?category=laboratory",
                Err(Kind::V1WithQuery),
            ),
        ],
    );
    let s = SmartScope::parse(LAB)?;
    assert_eq!(s.letters(), "rs");
    assert_eq!(
        s.query(),
        Some("category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory")
    );
    assert_eq!(s.to_string(), LAB);
    check_implies(
        &h,
        &[
            // spec L98: "to request read and search access to laboratory
            // observations but not other observations"
            ("patient/Observation.rs", LAB, true),
            ("patient/Observation.read", LAB, true),
            (LAB, LAB, true),
            (LAB, LAB_R, true),
            (LAB, LAB_GLUCOSE, true),
            (LAB, "patient/Observation.rs", false),
            (LAB, "patient/Observation.r", false),
            (LAB, VITALS, false),
            (LAB_R, LAB, false),
            (LAB_GLUCOSE, LAB, false),
            (LAB, LAB_USER, false),
            // spec L98: "a series of `param=value` items": each item narrows, in
            // any order.
            (
                "patient/Observation.rs?category=a&code=b",
                "patient/Observation.rs?code=b&category=a",
                true,
            ),
            (
                "patient/Observation.rs?category=a&code=b",
                "patient/Observation.rs?category=a",
                false,
            ),
            (
                "patient/Observation.rs?category=a",
                "patient/Observation.rs?category=b",
                false,
            ),
        ],
    );
    // spec L98: a grant narrowed by category answers a request without one.
    check_narrow(
        &h,
        &[(
            "patient/Observation.rs",
            "patient/Observation.rs?category=laboratory",
            "patient/Observation.rs?category=laboratory",
        )],
    )
}

#[test]
fn search_parameters_experimental_features_parse() {
    let h = Hierarchy::smart_on_fhir();
    // spec L112: "Use of search modifiers such as
    // `Observation.rs?code:in=http://valueset.example.org/ValueSet/diabetes-codes`"
    let modifier =
        "patient/Observation.rs?code:in=http://valueset.example.org/ValueSet/diabetes-codes";
    // spec L113: "Use of search parameter chaining such as
    // `Observation.rs?patient.birthdate=1990`"
    let chained = "patient/Observation.rs?patient.birthdate=1990";
    check_validate(&h, &[(modifier, Ok(())), (chained, Ok(()))]);
    check_implies(
        &h,
        &[
            ("patient/Observation.rs", modifier, true),
            (modifier, "patient/Observation.rs", false),
            ("patient/Observation.rs", chained, true),
            (chained, "patient/Observation.rs", false),
        ],
    );
}

// ----------------------------------------------------- FHIR Resource Scope Syntax

#[test]
fn resource_scope_syntax() {
    let h = Hierarchy::smart_on_fhir();
    // spec L135: "Diagram( Choice(0, 'patient', 'user', 'system'), Choice(0, '/'),
    // Choice(0, 'FHIR Resource Type', '*'), Choice(0, '.'), Optional('c'), ...
    // Optional(Sequence('?', OneOrMore('param=value', '&'))))"
    check_validate(
        &h,
        &[
            ("patient/Observation.rs", Ok(())),
            ("user/Observation.rs", Ok(())),
            ("system/Observation.rs", Ok(())),
            ("patient/*.rs?category=laboratory", Ok(())),
            // Choice(0, 'patient', 'user', 'system'): lowercase only.
            ("Patient/Observation.rs", Err(Kind::BadContext)),
            ("User/Observation.rs", Err(Kind::BadContext)),
            ("SYSTEM/Observation.rs", Err(Kind::BadContext)),
            // Choice(0, 'FHIR Resource Type', '*')
            ("patient/observation.rs", Err(Kind::BadResourceType)),
            // Choice(0, '.') is required.
            ("patient/Observation", Err(Kind::MissingPermissions)),
            // spec L80 "Valid suffixes are a subset of ... `.cruds`": the diagram
            // makes each letter optional, but a scope with no letter grants
            // nothing; the crate rejects it.
            ("patient/Observation.", Err(Kind::MissingPermissions)),
        ],
    );
    check_implies(
        &h,
        &[
            // Optional(Sequence('?', ...)) after a wildcard type.
            (
                "patient/*.rs?category=laboratory",
                "patient/Observation.rs?category=laboratory",
                true,
            ),
            (
                "patient/*.rs?category=laboratory",
                "patient/Observation.rs",
                false,
            ),
            // A token with a bad context is plain: it implies only itself.
            ("Patient/Observation.rs", "patient/Observation.rs", false),
            ("patient/Observation.rs", "Patient/Observation.rs", false),
            ("Patient/Observation.rs", "Patient/Observation.rs", true),
        ],
    );
}

// ------------------------------------------------------- Patient-specific scopes

#[test]
fn patient_specific_scopes() -> oauth_scope::Result<()> {
    let h = Hierarchy::smart_on_fhir();
    // spec L400: "Patient-specific scopes start with `patient/`."
    for token in [
        "patient/Observation.rs",
        "patient/Patient.r",
        "patient/Observation.c",
        "patient/*.cruds",
    ] {
        assert!(h.validate_token(token).is_ok(), "{token}");
        assert!(matches!(
            SmartScope::parse(token)?.context(),
            Context::Patient
        ));
    }
    // spec L412: "Note the difference in capitalization between "patient" the
    // permission type and "Patient" the resource."
    assert_eq!(
        SmartScope::parse("patient/Patient.r")?.resource_type(),
        Some("Patient")
    );
    check_validate(
        &h,
        &[
            ("Patient/Patient.r", Err(Kind::BadContext)),
            ("patient/patient.r", Err(Kind::BadResourceType)),
        ],
    );
    check_implies(
        &h,
        &[
            // spec L411: "Read and search for all observations about a patient |
            // `patient/Observation.rs`"
            ("patient/Observation.rs", "patient/Observation.r", true),
            ("patient/Observation.rs", "patient/Observation.s", true),
            ("patient/Observation.rs", "patient/Observation.c", false),
            // spec L412: "Read demographics about a patient | `patient/Patient.r`"
            ("patient/Patient.r", "patient/Patient.s", false),
            ("patient/Patient.r", "patient/Observation.r", false),
            // spec L413: "the permission is broader than the goal: with this scope,
            // an app can add not only blood pressures, but other observations"
            (
                "patient/Observation.c",
                "patient/Observation.c?code=http://loinc.org|85354-9",
                true,
            ),
            // spec L413: "Note also that write access does not imply read access."
            ("patient/Observation.c", "patient/Observation.r", false),
            ("patient/Observation.cud", "patient/Observation.r", false),
            ("patient/Observation.write", "patient/Observation.rs", false),
            // spec L414: "Read all available data about a patient |
            // `patient/*.cruds`"
            ("patient/*.cruds", "patient/Observation.rs", true),
            ("patient/*.cruds", "patient/Patient.r", true),
        ],
    );
    Ok(())
}

// ------------------------------------------------------------ User-level scopes

#[test]
fn user_level_scopes() -> oauth_scope::Result<()> {
    let h = Hierarchy::smart_on_fhir();
    // spec L421: "User-level scopes start with  `user/`."
    for token in [
        "user/Observation.rs",
        "user/Appointment.cruds",
        "user/*.cruds",
        "user/Patient.rs",
    ] {
        assert!(h.validate_token(token).is_ok(), "{token}");
        assert!(matches!(SmartScope::parse(token)?.context(), Context::User));
    }
    check_implies(
        &h,
        &[
            // spec L427: "Read a feed of all new lab observations ... |
            // `user/Observation.rs`"
            (
                "user/Observation.rs",
                "user/Observation.rs?category=laboratory",
                true,
            ),
            ("user/Observation.rs", "user/Observation.c", false),
            // spec L428: "Individual attributes such as `d` for delete could be
            // removed if not required."
            ("user/Appointment.cruds", "user/Appointment.crus", true),
            ("user/Appointment.crus", "user/Appointment.d", false),
            ("user/Appointment.crus", "user/Appointment.cruds", false),
            // spec L429: "Manage all resources on behalf of the authorizing user |
            // `user/*.cruds`"
            ("user/*.cruds", "user/Appointment.cruds", true),
            // spec L430: "Select a patient | `user/Patient.rs`"
            ("user/Patient.rs", "user/Patient.s", true),
            ("user/Patient.rs", "patient/Patient.r", false),
        ],
    );
    Ok(())
}

// ---------------------------------------------------------- System-level scopes

#[test]
fn system_level_scopes() -> oauth_scope::Result<()> {
    let h = Hierarchy::smart_on_fhir();
    // spec L436-437: "System-level scopes start with `system/`."
    for token in [
        "system/Observation.rs",
        "system/*.rs",
        "system/Encounter.cud",
    ] {
        assert!(h.validate_token(token).is_ok(), "{token}");
        assert!(matches!(
            SmartScope::parse(token)?.context(),
            Context::System
        ));
    }
    check_implies(
        &h,
        &[
            // spec L443: "`system/Observation.rs` | Read-only access to observations."
            ("system/Observation.rs", "system/Observation.r", true),
            ("system/Observation.rs", "system/Observation.c", false),
            ("system/Observation.rs", "system/Observation.u", false),
            ("system/Observation.rs", "system/Observation.d", false),
            // spec L444: "`system/*.rs` | Full read/search for all resources."
            ("system/*.rs", "system/Encounter.rs", true),
            ("system/*.rs", "system/Patient.s", true),
            ("system/*.rs", "system/Encounter.c", false),
            // spec L445: "`system/Encounter.cud` | Write access to Encounters."
            ("system/Encounter.cud", "system/Encounter.write", true),
            ("system/Encounter.cud", "system/Encounter.u", true),
            ("system/Encounter.cud", "system/Encounter.r", false),
            ("system/Encounter.cud", "system/Observation.c", false),
        ],
    );
    Ok(())
}

// ----------------------------------------- Patient, user and system kept apart

#[test]
fn contexts_are_kept_apart() {
    let h = Hierarchy::smart_on_fhir();
    // spec L397: "Patient-specific scopes allow access to specific data about a
    // single patient."
    // spec L419: "User-level scopes allow access to specific data that a user can
    // access."
    // spec L434-435: "System-level scopes describe data that a client system is
    // directly authorized to access"
    check_implies(
        &h,
        &[
            ("user/Observation.rs", "patient/Observation.rs", false),
            ("patient/Observation.rs", "user/Observation.rs", false),
            ("system/Observation.rs", "patient/Observation.r", false),
            ("system/Observation.rs", "user/Observation.r", false),
            ("system/*.cruds", "user/Observation.r", false),
            ("user/*.cruds", "system/Observation.r", false),
            ("patient/*.cruds", "user/Observation.r", false),
            ("user/*.cruds", "user/Observation.r", true),
        ],
    );
}

// --------------------------------------------------------------- Wildcard scopes

#[test]
fn wildcard_scopes() -> oauth_scope::Result<()> {
    let h = Hierarchy::smart_on_fhir();
    assert_eq!(SmartScope::parse("patient/*.cruds")?.resource_type(), None);
    check_implies(
        &h,
        &[
            // spec L450: "When a wildcard is requested for the FHIR resource, the
            // client is asking for all data for all available FHIR resources, both
            // now _and in the future_."
            ("patient/*.cruds", "patient/Patient.cruds", true),
            ("patient/*.cruds", "patient/MolecularSequence.r", true),
            ("patient/*.cruds", "patient/FutureGenomicsReport.rs", true),
            ("patient/*.cruds", "patient/*.rs", true),
            ("patient/*.rs", "patient/*.cruds", false),
            // A named type does not reach the others.
            ("patient/Patient.cruds", "patient/*.r", false),
            ("patient/Patient.cruds", "patient/Observation.r", false),
        ],
    );
    // spec L454: "the scopes ultimately granted by the authorization server may
    // differ from the scopes requested by the client! This is often true when
    // dealing with wildcard FHIR Resource scope requests."
    check_narrow(
        &h,
        &[
            (
                "patient/*.cruds",
                "patient/Observation.rs",
                "patient/Observation.rs",
            ),
            ("patient/*.cruds", "patient/*.rs", "patient/*.rs"),
        ],
    )
}

#[test]
fn wildcard_allergy_table_coverage() -> oauth_scope::Result<()> {
    let h = Hierarchy::smart_on_fhir();
    // spec L458: "If this client requests the FHIR Resource scope of
    // `patient/AllergyIntolerance.cruds`, the authorization server may respond in a
    // variety of ways": (granted, covers the request, what is missing)
    let rows = [
        // spec L462: "The client was granted exactly what it requested"
        ("patient/AllergyIntolerance.cruds", true, ""),
        // spec L463: "exactly what it requested ... via two explicit scopes"
        (
            "patient/AllergyIntolerance.rs patient/AllergyIntolerance.cud",
            true,
            "",
        ),
        // spec L464: "just patient-level read access to allergies"
        (
            "patient/AllergyIntolerance.rs",
            false,
            "patient/AllergyIntolerance.cud",
        ),
        // spec L465: "just patient-level write access to allergies"
        (
            "patient/AllergyIntolerance.cud",
            false,
            "patient/AllergyIntolerance.rs",
        ),
        // spec L466: "read access to all data on the patient"
        ("patient/*.rs", false, "patient/AllergyIntolerance.cud"),
        // spec L467: "its requested scopes as well as read/write access to all
        // other data on the patient"
        ("patient/*.cruds", true, ""),
        // spec L468: "an entirely different scope"
        ("patient/Observation.rs", false, ALLERGY),
        // spec L469: "`""` (empty scope string – no scopes granted)"
        ("", false, ALLERGY),
    ];
    let requested = set(ALLERGY)?;
    for (granted, covers, missing) in rows {
        let granted_set = set(granted)?;
        assert_eq!(granted_set.covers(&requested, &h), covers, "{granted:?}");
        assert_eq!(
            granted_set.uncovered(&requested, &h).to_string(),
            missing,
            "{granted:?}"
        );
    }
    check_covers(
        &h,
        &[
            // spec L464: what the read grant does give.
            (
                "patient/AllergyIntolerance.rs",
                "patient/AllergyIntolerance.r",
                true,
            ),
            // spec L466: "read access to all data on the patient"
            (
                "patient/*.rs",
                "patient/AllergyIntolerance.rs patient/Condition.s",
                true,
            ),
            // spec L467: "read/write access to all other data on the patient"
            (
                "patient/*.cruds",
                "patient/Condition.cruds patient/Observation.cud",
                true,
            ),
            // spec L468: "patient-level read access to the patient's observations"
            (
                "patient/Observation.rs",
                "patient/AllergyIntolerance.r",
                false,
            ),
        ],
    )
}

#[test]
fn wildcard_allergy_table_narrowing() -> oauth_scope::Result<()> {
    let h = Hierarchy::smart_on_fhir();
    // spec L458: the request `patient/AllergyIntolerance.cruds`, narrowed by
    // what the server allows, gives the granted column of the table.
    check_narrow(
        &h,
        &[
            // spec L462
            (ALLERGY, ALLERGY, ALLERGY),
            // spec L463
            (
                ALLERGY,
                "patient/AllergyIntolerance.rs patient/AllergyIntolerance.cud",
                ALLERGY,
            ),
            // spec L464
            (
                ALLERGY,
                "patient/AllergyIntolerance.rs",
                "patient/AllergyIntolerance.rs",
            ),
            // spec L465
            (
                ALLERGY,
                "patient/AllergyIntolerance.cud",
                "patient/AllergyIntolerance.cud",
            ),
            // spec L466 "read access to all data on the patient". Peer mistake
            // (narrowing against a wildcard): exactly the read part of the one
            // type requested, neither the wildcard nor the whole request.
            (ALLERGY, "patient/*.rs", "patient/AllergyIntolerance.rs"),
            // spec L467
            (ALLERGY, "patient/*.cruds", ALLERGY),
            // spec L469: "no scopes granted"
            (ALLERGY, "patient/Observation.rs", ""),
        ],
    )?;
    // spec L469: what is not granted is denied.
    let grant = set(ALLERGY)?.narrow(&set("patient/Observation.rs")?, &h);
    assert_eq!(grant.denied().to_string(), ALLERGY);
    let grant = set(ALLERGY)?.narrow(&set("patient/*.cruds")?, &h);
    assert!(grant.denied().is_empty());
    Ok(())
}

#[test]
fn wildcard_request_only_what_is_needed() -> oauth_scope::Result<()> {
    let h = Hierarchy::smart_on_fhir();
    // spec L472: "if your app only requires access to read allergies, requesting
    // a scope of `patient/AllergyIntolerance.rs` would be more appropriate."
    let need = Requirement::parse("patient/AllergyIntolerance.rs")?;
    assert!(need.is_satisfied_by(&set("patient/AllergyIntolerance.rs")?, &h));
    assert!(need.is_satisfied_by(&set(ALLERGY)?, &h));
    assert!(need.is_satisfied_by(&set("patient/*.rs")?, &h));
    assert!(!need.is_satisfied_by(&set("patient/AllergyIntolerance.cud")?, &h));
    assert!(!need.is_satisfied_by(&set("user/AllergyIntolerance.rs")?, &h));
    assert_eq!(
        need.missing(&set("patient/AllergyIntolerance.r")?, &h)
            .to_string(),
        "patient/AllergyIntolerance.s"
    );
    Ok(())
}

// -------------------------------------------------- Scopes for requesting context data

#[test]
fn context_data_launch_scopes_are_plain() {
    let h = Hierarchy::smart_on_fhir();
    // spec L484-485: "Launch context scopes are easy to tell apart from FHIR Resource
    // scopes, because they always begin with `launch`."
    for token in ["launch", "launch/patient", "launch/encounter"] {
        assert!(SmartScope::parse(token).is_err(), "{token}");
    }
    check_validate(
        &h,
        &[
            // spec L489: "`launch/patient` | Need patient context at launch time"
            ("launch/patient", Ok(())),
            // spec L490: "`launch/encounter` | Need encounter context at launch time"
            ("launch/encounter", Ok(())),
            // spec L491: "convert the type names to *all lowercase* (e.g.,
            // `launch/diagnosticreport`)"
            ("launch/diagnosticreport", Ok(())),
            // spec L495: "(e.g., `launch/relatedperson?role=friend` and
            // `launch/relatedperson?role=neighbor`)"
            ("launch/relatedperson?role=friend", Ok(())),
            ("launch/relatedperson?role=neighbor", Ok(())),
            // spec L613: "requesting a `launch/imagingstudy` scope"
            ("launch/imagingstudy", Ok(())),
            // spec L624-625
            (
                "launch/list?role=https://example.org/med-list-at-home",
                Ok(()),
            ),
            (
                "launch/list?role=https://example.org/med-list-at-hospital",
                Ok(()),
            ),
        ],
    );
    check_implies(
        &h,
        &[
            ("launch/patient", "launch/patient", true),
            // spec L508: "it requests the scope `launch`"; spec L511: "could choose
            // to also provide `launch/patient`": two distinct tokens.
            ("launch", "launch/patient", false),
            ("launch/patient", "launch", false),
            ("launch/patient", "launch/encounter", false),
            // spec L495: "Each requested scope can include at most one role. If an
            // app requires multiple roles, it MAY request multiple scopes"
            (
                "launch/relatedperson?role=friend",
                "launch/relatedperson?role=neighbor",
                false,
            ),
            (
                "launch/list?role=https://example.org/med-list-at-home",
                "launch/list?role=https://example.org/med-list-at-hospital",
                false,
            ),
            // spec L516: "The EHR MAY refuse authorization requests including
            // `patient/` that do not also include a valid `launch`, or it MAY infer
            // the `launch/patient` scope.": inferring is the server's choice, not
            // the scope algebra's.
            ("patient/*.rs", "launch/patient", false),
            ("patient/*.cruds", "launch", false),
            ("launch/patient", "patient/Patient.r", false),
            ("user/*.cruds", "launch/encounter", false),
        ],
    );
}

// ------------------------------------------------ Scopes for requesting identity data

#[test]
fn identity_data_scopes() {
    let h = Hierarchy::smart_on_fhir();
    check_implies(
        &h,
        &[
            // spec L745: "This can be accomplished by requesting the scope `openid`."
            ("openid", "openid", true),
            // spec L745-746: "When the `openid` scope is requested, apps can also
            // request the `fhirUser` scope": a separate request.
            ("openid", "fhirUser", false),
            ("fhirUser", "openid", false),
            ("fhirUser", "fhirUser", true),
            ("fhirUser", "fhiruser", false),
            ("user/*.cruds", "fhirUser", false),
        ],
    );
}

// ------------------------------------------------ Scopes for requesting a refresh token

#[test]
fn refresh_token_scopes() {
    let h = Hierarchy::smart_on_fhir();
    check_implies(
        &h,
        &[
            // spec L794: "`online_access` | Request a `refresh_token` ... usable for
            // as long as the end-user remains online."
            ("online_access", "online_access", true),
            ("online_access", "offline_access", false),
            // spec L795: "`offline_access` | ... regardless of whether the end-user
            // is online."
            ("offline_access", "offline_access", true),
            ("offline_access", "online_access", false),
        ],
    );
}

// -------------------------------------------------------------------- Extensibility

#[test]
fn extensibility_scopes() -> oauth_scope::Result<()> {
    let h = Hierarchy::smart_on_fhir();
    check_validate(
        &h,
        &[
            // spec L802: "use a *full URI* that you control (e.g.,
            // http://example.com/scope-name)"
            ("http://example.com/scope-name", Ok(())),
            // spec L824: "`https://ehr.example.org/scopes/profilePhoto.manage`"
            ("https://ehr.example.org/scopes/profilePhoto.manage", Ok(())),
            // spec L803: "use any string starting with `__` (two underscores)"
            // spec L825: "`__profilePhoto.manage`"
            ("__profilePhoto.manage", Ok(())),
        ],
    );
    check_implies(
        &h,
        &[
            ("__profilePhoto.manage", "__profilePhoto.manage", true),
            ("patient/*.cruds", "__profilePhoto.manage", false),
            (
                "https://ehr.example.org/scopes/profilePhoto.manage",
                "__profilePhoto.manage",
                false,
            ),
        ],
    );
    // spec L829-830: "the `scope` parameter of the authorization request might look
    // like: `launch/patient patient/*.rs __profilePhoto.manage`."
    let request = "launch/patient patient/*.rs __profilePhoto.manage";
    h.validate(&set(request)?)?;
    // spec L831-832: "If the user grants these scopes, the access token response
    // would then include a `scope` value that matches the original request."
    check_narrow(
        &h,
        &[(
            request,
            request,
            "__profilePhoto.manage launch/patient patient/*.rs",
        )],
    )?;
    // The set check names the first malformed structured token.
    let err = h
        .validate(&set("launch patient/Observation.dus openid")?)
        .unwrap_err();
    assert_eq!(err.token(), "patient/Observation.dus");
    assert_eq!(err.kind(), Kind::PermissionsOutOfOrder);
    Ok(())
}

// ------------------------------------------------------------------- Peer mistakes

#[test]
fn peer_smart_launcher_v2() -> oauth_scope::Result<()> {
    let h = Hierarchy::smart_on_fhir();
    check_covers(
        &h,
        &[
            // smart-launcher-v2 ignores the query suffix. spec L98: "to request read
            // and search access to laboratory observations but not other
            // observations"
            (
                "patient/Observation.rs?category=laboratory",
                "patient/Observation.rs",
                false,
            ),
            // smart-launcher-v2 requires identical letters. spec L80: "Valid
            // suffixes are a subset of the in-order string `.cruds`."
            ("patient/Observation.cruds", "patient/Observation.rs", true),
            ("patient/Observation.cruds", "patient/Observation.s", true),
        ],
    )
}

#[test]
fn peer_medplum() -> oauth_scope::Result<()> {
    let h = Hierarchy::smart_on_fhir();
    // Medplum accepts an empty suffix. spec L80: "Valid suffixes are a subset of
    // the in-order string `.cruds`" (a suffix that grants nothing is refused).
    check_validate(
        &h,
        &[("patient/Observation.", Err(Kind::MissingPermissions))],
    );
    check_implies(
        &h,
        &[
            ("patient/Observation.", "patient/Observation.", true),
            ("patient/Observation.", "patient/Observation.r", false),
            ("patient/Observation.", "patient/Observation.cruds", false),
            ("patient/*.cruds", "patient/Observation.", false),
        ],
    );
    check_covers(
        &h,
        &[
            // Medplum treats `.c` as allowing read. spec L413: "Note also that
            // write access does not imply read access."
            ("patient/Observation.c", "patient/Observation.r", false),
            // Medplum lets the first scope per type win. spec L94: "Scopes can be
            // combined to represent a union of access."
            (
                "patient/Observation.r patient/Observation.s",
                "patient/Observation.rs",
                true,
            ),
            (
                "patient/Observation.c patient/Observation.rs",
                "patient/Observation.r",
                true,
            ),
            (
                "patient/Observation.c patient/Observation.rs",
                "patient/Observation.crs",
                true,
            ),
            (
                "patient/Observation.c patient/Observation.rs",
                "patient/Observation.cruds",
                false,
            ),
        ],
    )
}

// Normative sentences about scopes of the file at 2.2.0 not turned into a test,
// and why:
//
// - L30-32, L36-37 ("such rights are always limited by underlying system
//   policies and permissions"; "the client will face these same limitations"),
//   L41-54 (200 OK with results omitted, 403 Forbidden, filtered or redacted
//   results): enforcement by the FHIR server's access control, below the scope
//   algebra.
// - L69 ("some servers allow for an update operation to create a new instance,
//   and this is allowed by the update scope"): server behavior; `Interaction`
//   has no upsert of its own (Update maps to `u`, tested).
// - L76-77 (`s` also covers system-level search and history): these have no
//   resource type, and `SmartScope::for_interaction` takes one.
// - L80 ("servers SHOULD advertise the `permission-v1` capability in their
//   `.well-known/smart-configuration`"): discovery document, not scopes.
// - L86 ("MAY be ignored, replaced with server default scopes, or rejected"):
//   the choice among the three is server policy; only the detection (validate
//   error) and "not granted through a wildcard" are tested.
// - L90 ("batch and transaction requests should be validated based on the
//   actual requests within them"): request processing.
// - L94 ("recommended that scopes be factored to their shortest form"): only
//   the dropping of implied tokens is tested; merging `.r` and `.s` into `.rs`
//   is not an API promise.
// - L103-105 (STU note on a mandatory core of search parameters), L110-114
//   ("should be considered experimental"): server support; only the syntax of
//   L112-113 is tested. L114 (`_filter`) gives no example scope, and a filter
//   expression has spaces, which a scope token cannot hold.
// - L119-125 (scope size over the wire: POST over GET, token size limits).
// - L398-405 (which patient; `Patient.link` documentation SHALL), L401 (EHRs may
//   not enable access to related resources): launch context and server docs.
// - L452, L456 (the authorization server "should inform the user"; clients
//   "should examine the granted scopes"): UI and client behavior.
// - L491 ("convert the type names to *all lowercase*"): `launch/...` tokens are
//   plain, so `launch/DiagnosticReport` is not rejected; the rule binds clients.
// - L495 ("Each requested scope can include at most one role"), L496 ("SHOULD
//   return any launch context supported for the supplied resource type"):
//   launch context negotiation; `launch/...` tokens are plain.
// - L506-516, L520-522 (the `launch` URL parameter; the EHR MAY ignore hints,
//   SHALL establish a patient in context, MAY refuse or MAY infer
//   `launch/patient`; SHOULD provide requested context): authorization server
//   decisions and launch context values (only "not inferred by the algebra" is
//   tested).
// - L527-740 (launch context parameters, `fhirContext`, `intent`,
//   `smart_style_url`): token response content, not scopes.
// - L747-779 (`fhirUser` needs users as FHIR resources; `id_token` content and
//   validation; OIDC requirements): identity tokens.
// - L794-795 (lifetimes of refresh tokens from `online_access` and
//   `offline_access`): token lifetime, not scope algebra.
// - L826-828 (advertising custom scopes in `scopes_supported`): discovery.
// - L848-850 (URI representation with the prefix
//   `http://smarthealthit.org/fhir/scopes/` and the OpenID prefix "SHALL be
//   used"): an encoding for exchange, which `smart_on_fhir()` does not read.
