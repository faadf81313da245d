//! Hostile inputs: shapes an attacker controls, at a size `k`, for the
//! growth-ratio tests (`tests/test_hostile.rs`) and the hostile benches
//! (`benches/hostile.rs`). Each shape costs O(k log k) or less; the old
//! algorithms took the times in the comments at the sizes named.

#![allow(dead_code)]

use oauth_scope::{Challenge, Hierarchy, ScopeSet};

/// The README's hierarchy: explicit edges, nesting under Google's namespace,
/// and wildcard segments split by `:`.
pub(crate) fn readme_hierarchy() -> Hierarchy {
    Hierarchy::builder()
        .chain(["admin:org", "write:org", "read:org"])
        .nested("https://www.googleapis.com/auth/", '.')
        .wildcard(':')
        .build()
        .expect("the README's rules build")
}

/// [`readme_hierarchy`] with named patterns too, so that every query takes
/// the wildcard search.
pub(crate) fn patterned_hierarchy() -> Hierarchy {
    Hierarchy::builder()
        .chain(["admin:org", "write:org", "read:org"])
        .imply("repo:*", "repo:status")
        .imply("*:a", "audit")
        .nested("https://www.googleapis.com/auth/", '.')
        .wildcard(':')
        .build()
        .expect("the rules build")
}

const GOOGLE_NS: &str = "https://www.googleapis.com/auth/";

/// One token, about `4k` bytes: the namespace, `a.` k times, `a:` k times,
/// `a`. Took 0.14 s at 2 KiB, 8.6 s at 8 KiB in `implies`, `covers`,
/// `narrow` and `refresh` under [`readme_hierarchy`].
pub(crate) fn nested_then_segments(k: usize) -> String {
    format!("{GOOGLE_NS}{}{}a", "a.".repeat(k), "a:".repeat(k))
}

/// One token, about `4k` bytes, whose segment-prefixes are patterns: the
/// namespace, then `a:*.` k times, then `a` (each prefix ending in `:*`
/// includes every longer one).
pub(crate) fn starred_segments(k: usize) -> String {
    format!("{GOOGLE_NS}{}a", "a:*.".repeat(k))
}

/// One pattern, about `2k` bytes, of `*:` k times then `a`: a granting token
/// outside every named token, included in many prefixes.
pub(crate) fn star_pattern(k: usize) -> String {
    format!("{}a", "*:".repeat(k))
}

/// Rules that name one long nested token: `a.a.….a` (k + 1 segments) ⇒ `b`,
/// nested by `.`. Building them took 0.18 s at k = 1000, 9.8 s at 4000.
pub(crate) fn long_named_rules(k: usize) -> (String, Hierarchy) {
    let name = format!("{}a", "a.".repeat(k));
    let h = Hierarchy::builder()
        .imply(&name, "b")
        .nested("", '.')
        .build()
        .expect("the rules build");
    (name, h)
}

/// One token of `k` segments `a.a.….a` under nesting alone. `implies` took
/// 0.84 s at 512 KiB, 3.3 s at 1 MiB.
pub(crate) fn long_nested_token(k: usize) -> String {
    format!("{}a", "a.".repeat(k))
}

/// `k` plain requested tokens and `k` plain allowed ones (half of them
/// shared), under a hierarchy with a wildcard rule. `narrow` was quadratic.
pub(crate) fn plain_sets(k: usize) -> (ScopeSet<'static>, ScopeSet<'static>) {
    let requested: String = (0..k)
        .map(|i| format!("api{i}:read"))
        .collect::<Vec<_>>()
        .join(" ");
    let allowed: String = (0..k)
        .map(|i| format!("api{}:read", i + k / 2))
        .collect::<Vec<_>>()
        .join(" ");
    (
        requested.parse().expect("valid"),
        allowed.parse().expect("valid"),
    )
}

/// `k` requested patterns `api<i>:*` against `k` allowed plain tokens.
pub(crate) fn pattern_sets(k: usize) -> (ScopeSet<'static>, ScopeSet<'static>) {
    let requested: String = (0..k)
        .map(|i| format!("api{i}:*"))
        .collect::<Vec<_>>()
        .join(" ");
    let allowed: String = (0..k)
        .map(|i| format!("api{i}:read"))
        .collect::<Vec<_>>()
        .join(" ");
    (
        requested.parse().expect("valid"),
        allowed.parse().expect("valid"),
    )
}

/// A `WWW-Authenticate` value with a Bearer challenge of `k` distinct
/// parameters. Reading it was quadratic (24 s at 100 000 parameters).
pub(crate) fn many_parameters(k: usize) -> String {
    let params: Vec<String> = (0..k).map(|i| format!("p{i}=\"v\"")).collect();
    format!("Bearer {}", params.join(", "))
}

/// Item 1 of the third round: one token whose nested parents all end in an
/// empty `:` segment, `NS` `a:` then `.a:` k times (about `3k` bytes). A
/// trusted `https:*` re-read each parent to its end: 8 s at 256 KiB.
pub(crate) fn colon_dot_token(k: usize) -> String {
    format!("{GOOGLE_NS}a:{}", ".a:".repeat(k))
}

/// Item 2: a long pattern, `NS` `a:` k times then `*:z`, and a token with k
/// nested parents that the pattern's prefix matches, `NS` `a:` k times,
/// `a`, then `.b` k times. Comparing the pattern with each parent was k².
pub(crate) fn long_pattern_and_token(k: usize) -> (String, String) {
    let head = format!("{GOOGLE_NS}{}", "a:".repeat(k));
    (format!("{head}*:z"), format!("{head}a{}", ".b".repeat(k)))
}

/// Nesting under Google's namespace, nothing else.
pub(crate) fn nested_only_hierarchy() -> Hierarchy {
    Hierarchy::builder()
        .nested(GOOGLE_NS, '.')
        .build()
        .expect("the rule builds")
}

/// Item 3: a member, `NS` `a.` k times then `c`, and a token, `NS` `a.` k
/// times then `a`, under [`nested_only_hierarchy`]: every nested parent of
/// the token is a prefix of the member, and looking each up compared its
/// whole length (0.5 s at 256 KiB).
pub(crate) fn shared_prefix_pair(k: usize) -> (String, String) {
    let head = format!("{GOOGLE_NS}{}", "a.".repeat(k));
    (format!("{head}c"), format!("{head}a"))
}

/// Item 4: `k` requested tokens `p<i>` and `k` allowed ones `p<i>:c`, each
/// requested token a segment-prefix of an allowed one.
pub(crate) fn prefix_sets(k: usize) -> (ScopeSet<'static>, ScopeSet<'static>) {
    let requested: Vec<String> = (0..k).map(|i| format!("p{i}")).collect();
    let allowed: Vec<String> = (0..k).map(|i| format!("p{i}:c")).collect();
    (
        requested.join(" ").parse().expect("valid"),
        allowed.join(" ").parse().expect("valid"),
    )
}

/// A wildcard rule beside two explicit edges, one from a pattern (so that
/// every query takes the wildcard search).
pub(crate) fn wildcard_and_edge_hierarchy() -> Hierarchy {
    Hierarchy::builder()
        .imply("admin", "read")
        .imply("p0:*", "audit")
        .wildcard(':')
        .build()
        .expect("the rules build")
}

/// Item 5: requirement text of `k` quoted terms side by side,
/// `"t0" "t1" … "tk"`: all of them. Merging each term into the tokens so
/// far took 1.4 s at 56 KiB.
pub(crate) fn many_terms(k: usize) -> String {
    (0..k)
        .map(|i| format!("\"t{i}\""))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A FHIR resource type made of letters only, distinct for each `i`:
/// `A` then `i` in base 26 as lowercase letters.
pub(crate) fn resource_type(i: usize) -> String {
    let mut name = String::from("A");
    let mut n = i;
    loop {
        name.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
        if n == 0 {
            return name;
        }
    }
}

/// One SMART clinical scope whose query has `k` pairs, about `10k` bytes:
/// `patient/Observation.rs?p0=v0&p1=v1&…`, with the pairs in the given
/// order (reversed when `reverse`).
pub(crate) fn long_query_token(k: usize, reverse: bool) -> String {
    let mut pairs: Vec<String> = (0..k).map(|i| format!("p{i}=v{i}")).collect();
    if reverse {
        pairs.reverse();
    }
    format!("patient/Observation.rs?{}", pairs.join("&"))
}

/// A request of `k` SMART clinical scopes of `k / 2` types, half of them
/// with a query: what an app asking for everything sends.
pub(crate) fn many_clinical_scopes(k: usize) -> String {
    (0..k)
        .map(|i| {
            let ty = resource_type(i / 2);
            if i % 2 == 0 {
                format!("patient/{ty}.cruds")
            } else {
                format!("user/{ty}.rs?category=c{i}")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A typed parameter whose value is `k` digits.
pub(crate) fn long_parameter_value(k: usize) -> String {
    format!("consent:{}", "7".repeat(k))
}

/// SMART and a typed integer parameter, with an edge from a plain token.
pub(crate) fn structured_hierarchy() -> Hierarchy {
    Hierarchy::from_rules("smart\nparam consent : integer\nlaunch/patient => patient/Patient.r")
        .expect("the rules build")
}

/// `k / 2` clinical scopes of distinct types and `k / 2` malformed tokens
/// that sort among the `*` type's members (`patient/*.x<i>`, and v1 with a
/// query): walking the `*` range member by member for each type took
/// (types × malformed).
pub(crate) fn malformed_among_clinical(k: usize) -> String {
    (0..k)
        .map(|i| match i % 4 {
            0 | 2 => format!("patient/{}.rs", resource_type(i)),
            1 => format!("patient/*.x{i}"),
            _ => format!("patient/*.read?q={i}"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A scope of `k` tokens whose large-set sort keys all tie: `y` breaks the
/// shared prefix, and the others agree on the five bytes after it.
pub(crate) fn tied_keys_scope(k: usize) -> String {
    let mut tokens: Vec<String> = (0..k)
        .map(|i| format!("xAAAA:{:08}", (i * 7919) % k))
        .collect();
    tokens.push("y".into());
    tokens.join(" ")
}

/// A step-up planner whose last request holds `k` tokens, and a 403
/// challenge naming `k` others.
pub(crate) fn step_up_shape(k: usize) -> (oauth_scope::client::StepUpPlanner, Challenge) {
    let scope = |prefix: &str| -> String {
        (0..k)
            .map(|i| format!("{prefix}{i:07}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut planner = oauth_scope::client::StepUpPlanner::new().with_refresh_tokens(true);
    let first = Challenge::parse(&format!(r#"Bearer scope="{}""#, scope("a"))).unwrap();
    planner.on_unauthorized("op", Some(&first), None);
    planner.on_token(None, true);
    let more = Challenge::parse(&format!(
        r#"Bearer error="insufficient_scope", scope="{}""#,
        scope("b")
    ))
    .unwrap();
    (planner, more)
}
