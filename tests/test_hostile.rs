//! Hostile input stays bounded: each shape of `util::hostile` is timed at
//! two sizes 16× apart (see `util::growth`), and must grow by less than 60×:
//! O(n log n) grows about 20× over that span, the quadratic algorithms these
//! replace 256×.
//!
//! Times are never compared with a constant, only with each other.

mod util;

use std::hint::black_box;

use oauth_scope::{Challenge, Grant, Hierarchy, Requirement, ScopeSet};
use util::growth::assert_grows_gently;
use util::hostile::*;

const AUTH_A: &str = "https://www.googleapis.com/auth/a";

fn set(s: &str) -> ScopeSet<'_> {
    ScopeSet::parse(s).expect("valid")
}

#[test]
fn one_long_token_under_nested_and_wildcard_rules() {
    // The cubic ancestor search took 8.6 s at 8 KiB.
    for (name, h) in [
        ("readme", readme_hierarchy()),
        ("patterned", patterned_hierarchy()),
    ] {
        for (shape, make) in [
            (
                "nested then segments",
                nested_then_segments as fn(usize) -> String,
            ),
            ("starred segments", starred_segments),
        ] {
            let what = |op: &str| format!("{op} of one {shape} token under the {name} rules");
            let allowed = set("admin:org https://www.googleapis.com/auth/a");
            let granted = set(AUTH_A);
            assert_grows_gently(&what("implies"), 128, make, |t| {
                black_box(h.implies(AUTH_A, t));
            });
            assert_grows_gently(&what("covers"), 128, make, |t| {
                black_box(granted.covers(&set(t), &h));
            });
            assert_grows_gently(&what("narrow"), 128, make, |t| {
                black_box(set(t).narrow(&allowed, &h));
            });
            assert_grows_gently(&what("refresh"), 128, make, |t| {
                black_box(granted.refresh(Some(&set(t)), &h).is_ok());
            });
            assert_grows_gently(&what("normalize"), 128, make, |t| {
                black_box(set(t).union(&allowed).normalize(&h));
            });
        }
    }
}

#[test]
fn one_long_granted_pattern() {
    let h = patterned_hierarchy();
    assert_grows_gently(
        "implies from a long pattern",
        128,
        |k| (star_pattern(k), format!("{}a", "x:".repeat(k))),
        |(p, r)| {
            black_box(h.implies(p, r));
        },
    );
}

#[test]
fn a_short_trusted_pattern_against_parents_ending_in_an_empty_segment() {
    // `https:*` re-read every nested parent of the token to its end: 8 s
    // at 256 KiB.
    let h = readme_hierarchy();
    let allowed = set("https:* read:org");
    let pattern = set("https:*");
    assert_grows_gently("narrow", 256, colon_dot_token, |t| {
        black_box(set(t).narrow(&allowed, &h));
    });
    assert_grows_gently("refresh", 256, colon_dot_token, |t| {
        black_box(pattern.refresh(Some(&set(t)), &h).is_ok());
    });
    // The answers: the token and each of its nested parents end in an
    // empty segment, which `*` never matches; one more byte makes the token
    // a match.
    let t = colon_dot_token(3);
    assert!(!h.implies("https:*", &t));
    assert_eq!(set(&t).narrow(&allowed, &h).denied().to_string(), t);
    let longer = format!("{t}b");
    assert!(h.implies("https:*", &longer));
    assert_eq!(
        set(&longer).narrow(&allowed, &h).granted().to_string(),
        longer
    );
}

#[test]
fn a_long_pattern_against_a_token_with_many_nested_parents() {
    // Each of the k parents was compared with the pattern in full:
    // `normalize` of a 96 KB set took 2.5 s.
    let h = readme_hierarchy();
    let shape = long_pattern_and_token;
    assert_grows_gently("implies", 128, shape, |(p, t)| {
        black_box(h.implies(p, t));
    });
    assert_grows_gently("covers", 128, shape, |(p, t)| {
        black_box(set(p).covers(&set(t), &h));
    });
    assert_grows_gently("narrow to the token", 128, shape, |(p, t)| {
        black_box(set(p).narrow(&set(t), &h));
    });
    assert_grows_gently("narrow to the pattern", 128, shape, |(p, t)| {
        black_box(set(t).narrow(&set(p), &h));
    });
    assert_grows_gently("normalize", 128, shape, |(p, t)| {
        black_box(set(p).union(&set(t)).normalize(&h));
    });
    assert_grows_gently("implier_of", 128, shape, |(p, t)| {
        black_box(set(p).implier_of(t, &h));
    });
    assert_grows_gently("a requirement", 128, shape, |(p, t)| {
        black_box(Requirement::all(set(t)).is_satisfied_by(&set(p), &h));
    });
    // The pattern's `*:z` matches no parent (each ends in `a.b…`, with no
    // `:z`), nor the token.
    let (p, t) = shape(3);
    assert!(!h.implies(&p, &t));
    // It matches a sibling of the token's first parent, and, through the
    // nested rule, what that sibling nests.
    let sibling = p.replace("*:z", "q:z");
    assert!(h.implies(&p, &sibling));
    assert!(h.implies(&p, &format!("{sibling}.c.d")));
    assert!(set(&p).covers(&set(&format!("{sibling}.c")), &h));
}

#[test]
fn a_member_that_shares_the_prefix_of_every_nested_parent() {
    // Looking each nested parent up compared it with the member in full:
    // 0.5 s at 256 KiB, with no wildcard rule at all.
    let h = nested_only_hierarchy();
    let shape = shared_prefix_pair;
    assert_grows_gently("covers", 256, shape, |(m, t)| {
        black_box(set(m).covers(&set(t), &h));
    });
    assert_grows_gently("normalize", 256, shape, |(m, t)| {
        black_box(set(m).union(&set(t)).normalize(&h));
    });
    assert_grows_gently("Grant::from_response", 256, shape, |(m, t)| {
        black_box(Grant::from_response(&set(t), Some(&set(m)), &h));
    });
    let (m, t) = shape(3);
    assert!(!set(&m).covers(&set(&t), &h));
    let parent = &t[..t.len() - 2];
    assert!(set(parent).covers(&set(&t), &h));
    assert_eq!(
        set(&m).union(&set(parent)).normalize(&h).to_string(),
        parent
    );
}

#[test]
fn narrowing_plain_sets_under_a_wildcard_rule() {
    // This was quadratic as soon as the hierarchy had a wildcard rule.
    let h = readme_hierarchy();
    assert_grows_gently("narrow", 250, plain_sets, |(requested, allowed)| {
        black_box(requested.narrow(allowed, &h));
    });
    let (requested, allowed) = plain_sets(4);
    let grant = requested.narrow(&allowed, &h);
    assert_eq!(grant.granted().to_string(), "api2:read api3:read");
    assert_eq!(grant.denied().to_string(), "api0:read api1:read");
}

#[test]
fn narrowing_requested_patterns() {
    // Each requested pattern was tried against every allowed token; now only
    // against those that start with its literal part.
    for (name, h) in [
        ("readme", readme_hierarchy()),
        ("wildcard and edges", wildcard_and_edge_hierarchy()),
    ] {
        assert_grows_gently(
            &format!("narrow under the {name} rules"),
            250,
            pattern_sets,
            |(requested, allowed)| {
                black_box(requested.narrow(allowed, &h));
            },
        );
    }
    let (requested, allowed) = pattern_sets(12);
    let grant = requested.narrow(&allowed, &readme_hierarchy());
    assert_eq!(grant.granted(), &allowed);
    assert!(grant.denied().is_empty());
}

#[test]
fn narrowing_tokens_that_prefix_the_allowed_ones_under_a_wildcard_rule() {
    let h = wildcard_and_edge_hierarchy();
    assert_grows_gently("narrow", 250, prefix_sets, |(requested, allowed)| {
        black_box(requested.narrow(allowed, &h));
    });
    let (requested, allowed) = prefix_sets(3);
    let grant = requested.narrow(&allowed, &h);
    assert!(grant.granted().is_empty());
    assert_eq!(grant.denied(), &requested);
}

#[test]
fn requirement_text_with_many_terms() {
    // Each term was merged into the tokens so far: 1.4 s for 56 KB.
    assert_grows_gently("FromStr", 250, many_terms, |text| {
        black_box(text.parse::<Requirement>().unwrap());
    });
    assert_grows_gently(
        "all_of",
        250,
        |k| {
            (0..k)
                .map(|i| Requirement::parse(&format!("t{i}")).unwrap())
                .collect::<Vec<_>>()
        },
        |parts| {
            black_box(Requirement::all_of(parts.iter().cloned()));
        },
    );
    let r: Requirement = many_terms(3).parse().unwrap();
    assert_eq!(r, Requirement::parse("t2 t0 t1").unwrap());
}

#[test]
fn building_rules_with_one_long_nested_name() {
    // The cubic closure took 9.8 s (132 MB) at k = 4000.
    assert_grows_gently(
        "build",
        250,
        |k| k,
        |&k| {
            black_box(long_named_rules(k));
        },
    );
    let (name, h) = long_named_rules(1000);
    assert!(h.implies(&name, "b"));
    assert!(
        h.implies("a", "b"),
        "a prefix of the name nests it, so implies what it implies"
    );
    assert!(h.implies("a.a", &name));
    assert!(!h.implies("b", &name));
}

#[test]
fn one_long_token_under_nesting_alone() {
    // Re-reading each prefix took 3.3 s at 1 MiB.
    let (_, h) = long_named_rules(4);
    assert_grows_gently(
        "implies of a long nested token",
        8 * 1024,
        long_nested_token,
        |t| {
            black_box(h.implies("a", t));
            black_box(h.implies("b", t));
        },
    );
    let t = long_nested_token(1000);
    assert!(h.implies("a", &t));
    assert!(!h.implies("b", &t));
}

#[test]
fn a_challenge_with_many_parameters() {
    // Reading them was quadratic: 24 s at 100 000 parameters.
    assert_grows_gently("Challenge::parse", 2_000, many_parameters, |header| {
        black_box(Challenge::parse(header).is_ok());
    });
    let c = Challenge::parse(&many_parameters(20_000)).unwrap();
    assert_eq!(c.extensions().count(), 20_000);
    // Rendering in the order read is linear too.
    assert_grows_gently(
        "Display of a challenge read",
        2_000,
        |k| Challenge::parse(&many_parameters(k)).unwrap(),
        |c| {
            black_box(c.to_string());
        },
    );
}

#[test]
fn nesting_at_a_star_beside_wildcards_is_refused() {
    // Under nested("", '*') and wildcard(':'), `x:` nests into the
    // pattern `x:*:z`, which includes `x:q:z`; no search over named tokens
    // and prefixes finds that chain, so such rules are refused.
    for builder in [
        Hierarchy::builder().nested("", '*').wildcard(':'),
        Hierarchy::builder().nested("*", ':').wildcard(':'),
        Hierarchy::builder().nested("a:*", '.').wildcard(':'),
        Hierarchy::builder().wildcard(':').nested("ns:", '*'),
    ] {
        let err = builder.build().unwrap_err();
        assert!(
            matches!(err.kind(), oauth_scope::BuildErrorKind::NestedWildcard(_)),
            "{err:?}"
        );
        assert!(err.to_string().contains("beside a wildcard rule"), "{err}");
    }
    // Without a wildcard rule, `*` is an ordinary separator.
    let h = Hierarchy::builder().nested("", '*').build().unwrap();
    assert!(h.implies("x:", "x:*:z"));
    assert!(!h.implies("x:", "x:q:z"));
    // A `*` that is not a whole segment of the namespace is ordinary too.
    let h = Hierarchy::builder()
        .nested("a*", '.')
        .wildcard(':')
        .build()
        .unwrap();
    assert!(h.implies("a*b", "a*b.c"));
    assert!(h.implies("a*b:*", "a*b:c"));
}

#[test]
fn a_clinical_scope_with_a_long_query() {
    let h = structured_hierarchy();
    let allowed = set("patient/*.rs?p0=v0 user/*.rs");
    assert_grows_gently(
        "implies, pairs in the other order",
        256,
        |k| (long_query_token(k, false), long_query_token(k, true)),
        |(a, b)| {
            black_box(h.implies(a, b));
        },
    );
    assert_grows_gently(
        "covers",
        256,
        |k| long_query_token(k, false),
        |t| {
            black_box(allowed.covers(&set(t), &h));
        },
    );
    assert_grows_gently(
        "narrow",
        256,
        |k| long_query_token(k, true),
        |t| {
            black_box(set(t).narrow(&allowed, &h));
        },
    );
    assert_grows_gently(
        "validate",
        256,
        |k| long_query_token(k, false),
        |t| {
            black_box(h.validate_token(t).is_ok());
        },
    );
    let check = Requirement::parse("patient/Observation.r?p0=v0")
        .unwrap()
        .compile(&h);
    assert_grows_gently(
        "compiled check",
        256,
        |k| long_query_token(k, true),
        |t| {
            black_box(check.is_satisfied_by_str(t).ok());
        },
    );
}

#[test]
fn many_clinical_scopes_in_one_request() {
    let h = structured_hierarchy();
    let allowed = set("patient/*.rs user/*.r launch/patient openid");
    assert_grows_gently("narrow", 128, many_clinical_scopes, |t| {
        black_box(set(t).narrow(&allowed, &h));
    });
    assert_grows_gently("normalize", 128, many_clinical_scopes, |t| {
        black_box(set(t).normalize(&h));
    });
    assert_grows_gently("refresh", 128, many_clinical_scopes, |t| {
        black_box(allowed.refresh(Some(&set(t)), &h).is_ok());
    });
    assert_grows_gently("validate", 128, many_clinical_scopes, |t| {
        black_box(h.validate(&set(t)).is_ok());
    });
    let need = Requirement::parse("patient/Observation.rs user/Patient.r?category=c1").unwrap();
    let check = need.compile(&h);
    assert_grows_gently("compiled check", 128, many_clinical_scopes, |t| {
        black_box(check.is_satisfied_by_str(t).ok());
    });
    assert_grows_gently("covers as granted", 128, many_clinical_scopes, |t| {
        black_box(set(t).covers(&set("patient/Aa.rs user/Ab.r"), &h));
    });
    // Malformed tokens among the `*` type's members are jumped over.
    assert_grows_gently(
        "normalize among malformed",
        128,
        malformed_among_clinical,
        |t| {
            black_box(set(t).normalize(&h));
        },
    );
    assert_grows_gently(
        "covers among malformed",
        128,
        malformed_among_clinical,
        |t| {
            let granted = set(t);
            black_box(granted.covers(&granted, &h));
        },
    );
}

#[test]
fn a_typed_parameter_with_a_long_value() {
    let h = structured_hierarchy();
    let allowed = set("consent:* openid");
    assert_grows_gently("implies", 1024, long_parameter_value, |t| {
        black_box(h.implies("consent:*", t));
    });
    assert_grows_gently("narrow", 1024, long_parameter_value, |t| {
        black_box(set(t).narrow(&allowed, &h));
    });
    assert_grows_gently("normalize", 1024, long_parameter_value, |t| {
        black_box(set(&format!("{t} consent:*")).normalize(&h));
    });
}

/// A protected resource metadata document of `k` members (an MCP client
/// fetches it from a URL a challenge named): unknown members, issuers and
/// algorithms each checked for repeats with a set.
#[cfg(feature = "serde")]
fn metadata_document(k: usize) -> String {
    let members: Vec<String> = (0..k).map(|i| format!(r#""m{i}":{i}"#)).collect();
    let issuers: Vec<String> = (0..k)
        .map(|i| format!(r#""https://as{i}.example""#))
        .collect();
    let algs: Vec<String> = (0..k).map(|i| format!(r#""A{i}""#)).collect();
    format!(
        r#"{{"resource":"https://rs.example","authorization_servers":[{}],"dpop_signing_alg_values_supported":[{}],{}}}"#,
        issuers.join(","),
        algs.join(","),
        members.join(",")
    )
}

#[cfg(feature = "serde")]
#[test]
fn a_metadata_document_with_many_members() {
    let read: oauth_scope::ProtectedResourceMetadata =
        serde_json::from_str(&metadata_document(3)).unwrap();
    assert_eq!(read.authorization_servers().len(), 3);
    assert_eq!(read.other_members().count(), 3);
    assert_grows_gently(
        "ProtectedResourceMetadata from JSON",
        500,
        metadata_document,
        |doc| {
            black_box(serde_json::from_str::<oauth_scope::ProtectedResourceMetadata>(doc).is_ok());
        },
    );
}

/// A step-up after a 403 whose challenge names `k` tokens, with a last
/// request of `k` others: the union, the comparison with the last request
/// and the refresh-or-authorize choice are linear in both.
#[test]
fn a_step_up_challenge_with_many_tokens() {
    use oauth_scope::client::Step;

    let shape = step_up_shape;
    let (mut planner, more) = shape(3);
    assert!(matches!(planner.on_forbidden("op", &more), Step::Authorize(Some(s)) if s.len() == 6));
    assert_grows_gently(
        "StepUpPlanner::on_forbidden",
        2_000,
        shape,
        |(planner, more)| {
            let mut planner = planner.clone();
            black_box(planner.on_forbidden("op", more));
        },
    );
}

/// `ScopeSet::parse` of `k` tokens whose sort keys all tie: one token
/// breaks the shared prefix, and the others agree on the five bytes the
/// keys hold, so every comparison falls to the tokens' tails. It stays a
/// comparison sort of `k` tokens: O(k log k) comparisons.
#[test]
fn a_set_whose_sort_keys_all_tie() {
    let shape = tied_keys_scope;
    let text = shape(500);
    let set = ScopeSet::parse(&text).unwrap();
    assert_eq!(set.len(), 501);
    assert!(set
        .iter()
        .zip(set.iter().skip(1))
        .all(|(a, b)| a.as_str() < b.as_str()));
    assert_grows_gently("ScopeSet::parse with tied keys", 2_000, shape, |text| {
        black_box(ScopeSet::parse(text).unwrap().len());
    });
    // Searching the keys: every member and a non-member beside each falls
    // to the tails, an O(log k) search among the tied keys.
    assert!(set.iter().all(|t| set.contains(t.as_str())));
    assert!(!set.contains("xAAAA:0000000"));
    assert_grows_gently("contains with tied keys", 2_000, shape, |text| {
        let set = ScopeSet::parse(text).unwrap();
        let found = text
            .split(' ')
            .filter(|t| set.contains(t) && !set.contains(&t[1..]))
            .count();
        assert_eq!(found, set.len());
    });
}
