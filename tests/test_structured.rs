//! Structured rules beside the rest of the crate: what the builder and the
//! rules text refuse (and on which line), the `Display` round trip, a token
//! response read on the client's side, refresh, requirements and their
//! challenges, edges that name structured tokens, and the umbrella error.

use oauth_scope::{
    BuildErrorKind, Error, Grant, Hierarchy, ParamKind, Requirement, RulesErrorKind, ScopeSet,
    VocabularyErrorKind,
};

fn set(s: &str) -> ScopeSet<'static> {
    ScopeSet::parse(s).expect("a valid scope").into_owned()
}

#[test]
fn the_builder_keeps_other_rules_away_from_structured_tokens() {
    let refused = |b: oauth_scope::HierarchyBuilder| b.build().unwrap_err();
    // A wildcard beside SMART or a parameter, in either order.
    let err = refused(Hierarchy::builder().smart().wildcard(':'));
    assert_eq!(
        (err.rule(), err.kind()),
        (1, BuildErrorKind::WildcardBesideStructured)
    );
    let err = refused(
        Hierarchy::builder()
            .wildcard('.')
            .parameter("consent", ':', ParamKind::Any),
    );
    assert_eq!(
        (err.rule(), err.kind()),
        (1, BuildErrorKind::WildcardBesideStructured)
    );
    // Nesting that could reach a clinical token or an instance.
    for ns in [
        "",
        "pat",
        "patient",
        "patient/Obs",
        "user/",
        "Patient",
        "USER/x",
    ] {
        let err = refused(Hierarchy::builder().smart().nested(ns, ':'));
        assert_eq!(err.kind(), BuildErrorKind::OverlappingRules, "{ns:?}");
    }
    let err = refused(Hierarchy::builder().nested("con", '.').parameter(
        "consent",
        ':',
        ParamKind::Any,
    ));
    assert_eq!(
        (err.rule(), err.kind()),
        (1, BuildErrorKind::OverlappingRules)
    );
    // Nesting elsewhere is fine.
    let h = Hierarchy::builder()
        .smart()
        .nested("https://www.googleapis.com/auth/", '.')
        .build()
        .unwrap();
    assert!(h.implies(
        "https://www.googleapis.com/auth/drive",
        "https://www.googleapis.com/auth/drive.file"
    ));
    assert!(h.implies("patient/*.rs", "patient/Observation.r"));
    // Two parameters, one of which could start the other's instances; a
    // parameter inside the SMART contexts.
    let err = refused(
        Hierarchy::builder()
            .parameter("tx", ':', ParamKind::Integer)
            .parameter("tx:id", ':', ParamKind::Any),
    );
    assert_eq!(
        (err.rule(), err.kind()),
        (1, BuildErrorKind::OverlappingRules)
    );
    let err = refused(
        Hierarchy::builder()
            .smart()
            .parameter("patient/x", '=', ParamKind::Any),
    );
    assert_eq!(err.kind(), BuildErrorKind::OverlappingRules);
    let err = refused(
        Hierarchy::builder()
            .parameter("User", '/', ParamKind::Any)
            .smart(),
    );
    assert_eq!(
        (err.rule(), err.kind()),
        (1, BuildErrorKind::OverlappingRules)
    );
    // A list without values, or with the template's `*` as a value.
    let err = refused(Hierarchy::builder().parameter("x", ':', ParamKind::OneOf(vec![])));
    assert_eq!(err.kind(), BuildErrorKind::InvalidParameter);
    let err = refused(Hierarchy::builder().parameter("x", ':', ParamKind::OneOf(vec!["*".into()])));
    assert_eq!(err.kind(), BuildErrorKind::InvalidParameter);
    let err = refused(Hierarchy::builder().parameter("x y", ':', ParamKind::Any));
    assert!(matches!(err.kind(), BuildErrorKind::InvalidToken(_)));
    let err = refused(Hierarchy::builder().parameter("x", ' ', ParamKind::Any));
    assert_eq!(err.kind(), BuildErrorKind::InvalidSeparator(' '));
    // Edges: a malformed structured token, declared before the rule that
    // makes it structured; an edge from a SMART token of several letters.
    let err = refused(
        Hierarchy::builder()
            .imply("admin", "patient/Observation.sr")
            .smart(),
    );
    assert_eq!(
        (err.rule(), err.kind()),
        (
            0,
            BuildErrorKind::MalformedToken(VocabularyErrorKind::PermissionsOutOfOrder)
        )
    );
    let err = refused(
        Hierarchy::builder()
            .smart()
            .imply("patient/Observation.rs", "audit"),
    );
    assert_eq!((err.rule(), err.kind()), (1, BuildErrorKind::JointParent));
    assert_eq!(
        err.to_string(),
        "rule at index 1: edge from a SMART token with more than one letter; declare edges from single-letter tokens"
    );
}

#[test]
fn rules_text_names_the_line_and_writes_back_what_it_read() {
    let err = Hierarchy::from_rules("smart\nwildcard :").unwrap_err();
    assert_eq!((err.line(), err.kind()), (2, RulesErrorKind::Refused));
    let err = Hierarchy::from_rules("smart now").unwrap_err();
    assert_eq!((err.line(), err.kind()), (1, RulesErrorKind::SmartArity));
    let err = Hierarchy::from_rules("\nparam consent : float").unwrap_err();
    assert_eq!((err.line(), err.kind()), (2, RulesErrorKind::UnknownKind));
    assert_eq!(
        err.to_string(),
        "line 2: unknown parameter kind \"float\"; expected any, integer, uuid or oneof"
    );
    let err = Hierarchy::from_rules("param consent :").unwrap_err();
    assert_eq!(err.kind(), RulesErrorKind::ParamArity);
    let err = Hierarchy::from_rules("param x : oneof").unwrap_err();
    assert_eq!(err.kind(), RulesErrorKind::ParamArity);

    let text = "smart\nparam consent : integer\nparam region - oneof eu us \"#hq\"\nlaunch/patient => patient/Patient.r\n";
    let h = Hierarchy::from_rules(text).unwrap();
    assert_eq!(h.to_string(), text);
    let back: Hierarchy = h.to_string().parse().unwrap();
    let tokens = [
        "launch/patient",
        "patient/Patient.r",
        "patient/Patient.rs",
        "patient/*.read",
        "consent:*",
        "consent:42",
        "consent:x",
        "region-*",
        "region-eu",
        "region-#hq",
        "region-asia",
    ];
    for a in tokens {
        for b in tokens {
            assert_eq!(h.implies(a, b), back.implies(a, b), "{a} => {b}");
        }
    }
    assert!(back.implies("region-*", "region-#hq"));
    assert!(back.implies("launch/patient", "patient/Patient.r"));
    assert!(back.implies("patient/*.read", "patient/Patient.r"));
    // A custom kind cannot be written: the rule becomes a comment, so the
    // text reads back narrower (no such parameter), never wider.
    let custom = Hierarchy::builder()
        .parameter("p", ':', ParamKind::Custom(|v| v.len() == 3))
        .build()
        .unwrap();
    assert_eq!(
        custom.to_string(),
        "# param p : with a custom function, which rules text cannot name\n"
    );
    let back: Hierarchy = custom.to_string().parse().unwrap();
    assert!(custom.implies("p:*", "p:abc"));
    assert!(!back.implies("p:*", "p:abc"));
    assert!(!back.implies("p:*", "p:abcd"));
}

#[test]
fn a_token_response_read_by_the_client() {
    let h = Hierarchy::smart_on_fhir();
    let asked = set("launch/patient patient/Observation.rs patient/Condition.rs");
    // Observation narrowed to read, Condition refused.
    let answered = set("launch/patient patient/Observation.r");
    let grant = Grant::from_response(&asked, Some(&answered), &h);
    assert!(grant.is_narrowed());
    assert_eq!(grant.denied().to_string(), "patient/Condition.rs");
    // A v1 request answered in v1 form is not narrowed.
    let asked = set("patient/*.read");
    let grant = Grant::from_response(&asked, Some(&set("patient/*.read")), &h);
    assert!(!grant.is_narrowed() && grant.denied().is_empty());
}

#[test]
fn refresh_requirements_and_challenges() -> oauth_scope::Result<()> {
    let h = Hierarchy::from_rules("smart\nparam consent : integer")?;
    let original = set("patient/*.rs consent:*");
    assert_eq!(
        original.refresh(Some(&set("patient/Observation.r consent:7")), &h)?,
        set("patient/Observation.r consent:7")
    );
    let err = original
        .refresh(Some(&set("patient/Observation.rds consent:x")), &h)
        .unwrap_err();
    // What the original grant lacks: the letter d, and the malformed value.
    assert_eq!(err.scope().to_string(), "consent:x patient/Observation.d");
    assert_eq!(err.error_code(), "invalid_scope");

    let need: Requirement = r#""patient/Observation.rs" | "user/Observation.rs""#.parse()?;
    let granted = set("patient/Observation.r");
    assert!(!need.is_satisfied_by(&granted, &h));
    assert_eq!(
        need.missing(&granted, &h).to_string(),
        "patient/Observation.s"
    );
    assert_eq!(
        need.required_scope(&granted, &h).to_string(),
        "patient/Observation.rs"
    );
    let granted = set("patient/Observation.r user/*.s");
    assert!(!need.is_satisfied_by(&granted, &h));
    assert!(need.is_satisfied_by(&set("user/Observation.r user/*.s"), &h));
    assert!(need
        .compile(&h)
        .is_satisfied_by_str("user/Observation.r user/*.s")?);
    Ok(())
}

#[test]
fn edges_that_name_structured_tokens() -> oauth_scope::Result<()> {
    let h = Hierarchy::from_rules(
        "smart\nparam consent : integer\n\
         clinician => user/*.cruds consent:*\n\
         patient/Patient.r => launch/patient\n",
    )?;
    assert!(h.implies("clinician", "user/Observation.rs?category=laboratory"));
    assert!(h.implies("clinician", "consent:12"));
    assert!(!h.implies("clinician", "patient/Observation.r"));
    // Through the structured rule, then the edge.
    assert!(h.implies("patient/*.rs", "launch/patient"));
    assert!(!h.implies("patient/*.s", "launch/patient"));
    let granted = set("clinician");
    assert!(granted.covers(&set("user/Condition.cruds consent:1"), &h));
    assert_eq!(
        granted
            .uncovered(&set("user/Condition.cruds patient/Condition.r"), &h)
            .to_string(),
        "patient/Condition.r"
    );
    assert_eq!(
        set("clinician user/Observation.rs consent:3")
            .normalize(&h)
            .to_string(),
        "clinician"
    );
    // Narrowing through an edge grants the allowed tokens the request
    // implies.
    let grant = set("clinician").narrow(&set("user/Observation.r consent:5"), &h);
    assert_eq!(grant.granted().to_string(), "consent:5 user/Observation.r");
    Ok(())
}

#[test]
fn narrowing_beside_edges_that_name_structured_tokens() -> oauth_scope::Result<()> {
    // The letters the allowed set covers through an edge are granted.
    let h = Hierarchy::from_rules("smart\nlaunch/patient => patient/*.r")?;
    let grant = set("patient/Observation.rs").narrow(&set("launch/patient"), &h);
    assert_eq!(grant.granted().to_string(), "patient/Observation.r");
    assert!(grant.denied().is_empty());
    // Plain tokens keep the plain rule: every allowed token they imply.
    let h = Hierarchy::from_rules(
        "smart\nlaunch/patient => patient/*.rs\nadmin => write\nwrite => read",
    )?;
    let grant = set("admin").narrow(&set("read write"), &h);
    assert_eq!(grant.granted().to_string(), "read write");
    let plain = Hierarchy::from_rules("admin => write\nwrite => read")?;
    assert_eq!(
        set("admin").narrow(&set("read write"), &plain).granted(),
        grant.granted()
    );
    Ok(())
}

#[test]
fn templates_are_patterns_and_interaction_types_are_checked() {
    use oauth_scope::smart::{Context, Interaction, SmartScope};
    let h = Hierarchy::from_rules("smart\nparam consent : integer").unwrap();
    assert!(h.is_pattern("consent:*"));
    assert!(!h.is_pattern("consent:1"));
    assert!(!h.is_pattern("patient/*.rs"));
    let err =
        SmartScope::for_interaction(Context::Patient, "Observation.r?x=", Interaction::Delete)
            .unwrap_err();
    assert_eq!(err.kind(), VocabularyErrorKind::BadResourceType);
    assert_eq!(err.offset(), 19);
    assert!(SmartScope::for_interaction(Context::Patient, "*", Interaction::Search).is_ok());
    assert!(
        SmartScope::for_interaction(Context::Patient, "observation", Interaction::Read).is_err()
    );
    assert!(SmartScope::for_interaction(Context::Patient, "", Interaction::Read).is_err());
}

#[test]
fn a_vocabulary_error_goes_into_the_umbrella_error() {
    fn check(scope: &str) -> oauth_scope::Result<()> {
        let h = Hierarchy::smart_on_fhir();
        h.validate(&ScopeSet::parse(scope)?)?;
        Ok(())
    }
    assert!(check("patient/*.rs").is_ok());
    let err = check("patient/Observation.").unwrap_err();
    assert!(matches!(err, Error::Vocabulary(_)));
    assert_eq!(
        err.to_string(),
        "`patient/Observation.` at byte 20: missing permissions; expected '.' and letters from cruds, or read, write or *"
    );
    // A long token is cut in the message, and kept whole in the error.
    let long = format!("patient/Observation.rs?{}", "a".repeat(200));
    let err = Hierarchy::smart_on_fhir()
        .validate_token(&long)
        .unwrap_err();
    assert_eq!(err.token(), long);
    let shown = err.to_string();
    assert!(
        shown.contains("…` (223 bytes) at byte 23: invalid query"),
        "{shown}"
    );
}
