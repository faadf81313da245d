//! The laws the fuzz targets check. `tests/test_fuzz_corpus.rs` of the crate
//! includes this file and replays the committed corpus through the same
//! functions under `cargo test`.

use std::collections::BTreeSet;

use oauth_scope::{
    Challenge, ErrorKind, Hierarchy, ParseOptions, Requirement, RequirementErrorKind, Scope,
    ScopeSet, ScopeToken,
};

/// At most this many probe tokens, so at most its square of `implies` pairs.
const PROBES: usize = 24;

/// The grammar model the tests use too.
#[path = "../../tests/util/grammar.rs"]
mod grammar;

use grammar::{is_nqchar, Problem};

fn problem(kind: ErrorKind) -> Problem {
    match kind {
        ErrorKind::Empty => Problem::Empty,
        ErrorKind::EmptyToken => Problem::EmptyToken,
        ErrorKind::InvalidChar(c) => Problem::InvalidChar(c),
        other => panic!("unexpected kind {other:?}"),
    }
}

fn model_set<'a>(tokens: impl IntoIterator<Item = &'a str>) -> BTreeSet<&'a str> {
    tokens.into_iter().collect()
}

fn members<'s>(set: &'s ScopeSet<'_>) -> BTreeSet<&'s str> {
    set.iter().map(|t| t.as_str()).collect()
}

/// Strict and lenient parsing of arbitrary bytes against byte-loop models.
pub fn check_parse(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let s: &str = &text;
    let verdict = grammar::strict(s);
    assert_eq!(
        verdict.is_ok(),
        grammar::is_strict(s.as_bytes()),
        "the two readings agree"
    );
    let scope = Scope::parse(s);
    let set = ScopeSet::parse(s);
    match (&verdict, &scope, &set) {
        (Ok(tokens), Ok(scope), Ok(set)) => {
            let got: Vec<&str> = scope.tokens().map(|t| t.as_str()).collect();
            assert_eq!(&got, tokens);
            assert_eq!(scope.len(), tokens.len());
            assert_eq!(got.join(" "), s, "tokens round-trip to the text");
            assert_eq!(members(set), model_set(tokens.iter().copied()));
            assert!(tokens.iter().all(|t| scope.contains(t) && set.contains(t)));
            let canonical = set.to_string();
            assert_eq!(
                ScopeSet::parse(&canonical).as_ref(),
                Ok(set),
                "display round-trips"
            );
            assert_eq!(&scope.to_set(), set);
        }
        (Err(expected), Err(e1), Err(e2)) => {
            assert_eq!(e1, e2);
            assert_eq!((problem(e1.kind()), e1.offset()), *expected, "{s:?}: {e1}");
        }
        _ => panic!("{s:?}: model {verdict:?}, Scope {scope:?}, ScopeSet {set:?}"),
    }

    // Lenient, with the switches taken from the first byte.
    let flags = data.first().copied().unwrap_or(0);
    let (commas, whitespace) = (flags & 1 != 0, flags & 2 != 0);
    let opts = ParseOptions::lenient()
        .commas(commas)
        .whitespace(whitespace);
    let is_sep = |b: u8| {
        b == b' ' || (commas && b == b',') || (whitespace && matches!(b, b'\t' | b'\r' | b'\n'))
    };
    match (ScopeSet::parse_with(s, &opts), grammar::lenient(s, is_sep)) {
        (Ok(set), Ok(tokens)) => assert_eq!(members(&set), model_set(tokens)),
        (Err(e), Err(expected)) => {
            assert_eq!((problem(e.kind()), e.offset()), expected, "{s:?}: {e}");
        }
        (got, want) => panic!("{s:?} lenient: {got:?}, model {want:?}"),
    }

    // Limits, also from the first byte.
    let max = usize::from(flags >> 4);
    let limited = ParseOptions::lenient().max_bytes(max * 8).max_tokens(max);
    if let Err(e) = ScopeSet::parse_with(s, &limited) {
        match e.kind() {
            ErrorKind::TooLong { max: m } => {
                let at = e.offset();
                assert!(s.len() > m && at <= m && m - at < 4 && s.is_char_boundary(at));
            }
            ErrorKind::TooManyTokens { max: m } => {
                assert!(s.len() <= max * 8 && m == max);
                let count = s.split(' ').filter(|t| !t.is_empty()).count();
                assert!(count > m);
            }
            _ => assert!(first_bad_plain(s).is_some()),
        }
    } else {
        assert!(s.len() <= max * 8);
        assert!(s.split(' ').filter(|t| !t.is_empty()).count() <= max);
    }
}

fn first_bad_plain(s: &str) -> Option<usize> {
    s.bytes().position(|b| b != b' ' && !is_nqchar(b))
}

/// Valid tokens of one line, at most 12.
fn tokens_of(line: &str) -> Vec<&str> {
    line.split(' ')
        .filter(|t| ScopeToken::new(t).is_ok() && t.len() <= 12)
        .take(12)
        .collect()
}

fn set_of<'a>(tokens: &[&'a str]) -> ScopeSet<'a> {
    tokens
        .iter()
        .filter_map(|t| ScopeToken::new(t).ok())
        .collect()
}

/// Set laws against a `BTreeSet` model, and the hierarchy laws of `covers`,
/// `normalize`, `narrow` and `refresh`, on two sets and a small hierarchy
/// read from the input.
pub fn check_algebra(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let rules = tokens_of(lines.next().unwrap_or(""));
    let (a_tokens, b_tokens) = (
        tokens_of(lines.next().unwrap_or("")),
        tokens_of(lines.next().unwrap_or("")),
    );
    let (a, b) = (set_of(&a_tokens), set_of(&b_tokens));
    let (ma, mb) = (
        model_set(a_tokens.iter().copied()),
        model_set(b_tokens.iter().copied()),
    );

    // Set algebra.
    assert_eq!(members(&a), ma);
    assert_eq!(members(&a.union(&b)), ma.union(&mb).copied().collect());
    assert_eq!(
        members(&a.intersection(&b)),
        ma.intersection(&mb).copied().collect()
    );
    assert_eq!(
        members(&a.difference(&b)),
        ma.difference(&mb).copied().collect()
    );
    assert_eq!(
        members(&a.symmetric_difference(&b)),
        ma.symmetric_difference(&mb).copied().collect()
    );
    assert_eq!(a.is_subset(&b), ma.is_subset(&mb));
    assert_eq!(a.is_subset(&b), a.intersection(&b) == a);
    assert_eq!(a.is_disjoint(&b), ma.is_disjoint(&mb));
    assert_eq!(a.union(&b), b.union(&a));
    if !a.is_empty() {
        assert_eq!(ScopeSet::parse(&a.to_string()).as_ref(), Ok(&a));
    }

    // A hierarchy: edges between consecutive rule tokens, and rule kinds
    // chosen by the first byte.
    let flags = data.first().copied().unwrap_or(0);
    let mut builder = Hierarchy::builder();
    for pair in rules.chunks_exact(2) {
        builder = builder.imply(pair[0], pair[1]);
    }
    if flags & 1 != 0 {
        builder = builder.nested("", '.');
    }
    if flags & 2 != 0 {
        builder = builder.wildcard(':');
    }
    if flags & 4 != 0 {
        builder = builder.nested("a", ':');
    }
    let h = builder.build().expect("every rule token is valid");

    let implied_by = |set: &ScopeSet<'_>, r: &str| set.iter().any(|g| h.implies(g.as_str(), r));
    assert_eq!(
        a.covers(&b, &h),
        b.iter().all(|r| implied_by(&a, r.as_str()))
    );
    let uncovered: BTreeSet<&str> = b_tokens
        .iter()
        .copied()
        .filter(|r| !implied_by(&a, r))
        .collect();
    assert_eq!(members(&a.uncovered(&b, &h)), uncovered);

    let n = a.normalize(&h);
    assert!(n.is_subset(&a) && n.covers(&a, &h) && a.covers(&n, &h));

    let grant = a.narrow(&b, &h);
    assert!(b.covers(grant.granted(), &h), "granted within allowed");
    assert!(a.covers(grant.granted(), &h), "granted within requested");
    assert!(grant.denied().is_subset(&a));
    // Token by token, as documented: granted as asked when an allowed token
    // implies it, else the allowed tokens it implies, else denied.
    let mut granted = BTreeSet::new();
    let mut denied = BTreeSet::new();
    for q in a_tokens.iter().copied() {
        let narrower: Vec<&str> = b_tokens
            .iter()
            .copied()
            .filter(|x| h.implies(q, x))
            .collect();
        if implied_by(&b, q) {
            granted.insert(q);
        } else if narrower.is_empty() {
            denied.insert(q);
        } else {
            granted.extend(narrower);
        }
    }
    assert_eq!(members(grant.granted()), granted);
    assert_eq!(members(grant.denied()), denied);
    assert_eq!(grant.is_narrowed(), grant.granted() != &a);

    match a.refresh(Some(&b), &h) {
        Ok(scope) => assert!(a.covers(&scope, &h)),
        Err(err) => {
            assert_eq!(err.error_code(), "invalid_scope");
            assert!(!a.covers(&b, &h));
        }
    }
    for t in a.iter().chain(b.iter()) {
        assert!(h.implies(t.as_str(), t.as_str()));
    }
}

/// Deserializing arbitrary JSON never panics; what deserializes serializes
/// back to the same set; a JSON string agrees with `ScopeSet::parse`.
pub fn check_serde(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(set) = serde_json::from_str::<ScopeSet<'static>>(&text) {
        let json = serde_json::to_string(&set).expect("a set serializes");
        let back: ScopeSet<'static> =
            serde_json::from_str(&json).expect("canonical form reads back");
        assert_eq!(back, set);
        let mut de = serde_json::Deserializer::from_str(&text);
        let borrowed = oauth_scope::serde::borrowed(&mut de).expect("borrowed agrees with owned");
        assert_eq!(borrowed, set);
    }
    let as_json = serde_json::to_string(&*text).expect("a string serializes");
    let read = serde_json::from_str::<ScopeSet<'static>>(&as_json);
    match ScopeSet::parse(&text) {
        Ok(set) => assert_eq!(read.expect("valid scope reads"), set),
        Err(_) if text.is_empty() => assert!(read.expect("empty string reads").is_empty()),
        Err(err) => {
            let message = read.expect_err("invalid scope fails").to_string();
            assert!(message.starts_with(&err.to_string()), "{message}");
        }
    }
}

/// Reading arbitrary `WWW-Authenticate` values never panics; whatever reads
/// is read to its end (garbage after it is refused, a challenge before it
/// changes nothing), renders to printable ASCII, space and tab, and reads
/// back to the same challenge.
pub fn check_challenge(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    check_lenient_challenge(&text);
    let Ok(challenge) = Challenge::parse(&text) else {
        return;
    };
    assert!(
        Challenge::parse(&format!("{text}, @")).is_err(),
        "{text:?} and garbage"
    );
    assert_eq!(
        Challenge::parse(&format!("Basic realm=\"x\", {text}")).as_ref(),
        Ok(&challenge),
        "Basic before {text:?}"
    );
    let rendered = challenge.to_string();
    assert!(
        rendered
            .bytes()
            .all(|b| b == b'\t' || (0x20..0x7F).contains(&b)),
        "{rendered:?}"
    );
    assert_eq!(
        Challenge::parse(&rendered).as_ref(),
        Ok(&challenge),
        "{rendered}"
    );
    assert!([400, 401, 403].contains(&challenge.status_code()));
    if let Some(scope) = challenge.scope() {
        assert!(!scope.is_empty());
        assert!(rendered.contains(&format!("scope=\"{scope}\"")));
    }
    // RFC 9728 §5.1: a URL with the characters of error_uri, never an
    // extension.
    if let Some(url) = challenge.resource_metadata() {
        assert!(!url.is_empty() && !url.contains([' ', '\t', '"', '\\']));
        assert!(rendered.contains(&format!("resource_metadata=\"{url}\"")));
    }
    assert!(challenge
        .extensions()
        .all(|(name, _)| !name.eq_ignore_ascii_case("resource_metadata")));
}

/// Reading arbitrary rules text never panics, and an error names one of its
/// lines. What reads writes rules text that reads back to a hierarchy with
/// the same `implies` and `is_pattern` answers, on probe tokens taken from
/// the input's words, their segment-prefixes and one-segment extensions, and
/// that writes the same text again.
pub fn check_rules(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let h = match Hierarchy::from_rules(&text) {
        Ok(h) => h,
        Err(err) => {
            let lines = text.replace("\r\n", "\n").split(['\r', '\n']).count();
            assert!((1..=lines).contains(&err.line()), "{text:?}: {err}");
            assert!(err
                .to_string()
                .starts_with(&format!("line {}: ", err.line())));
            return;
        }
    };
    let written = h.to_string();
    let back = Hierarchy::from_rules(&written).unwrap_or_else(|e| panic!("{written:?}: {e}"));
    assert_eq!(back.to_string(), written, "written twice");

    // Separators are the one-character words; probes, the words that are
    // tokens (quotes taken off), cut at and extended by each separator.
    let words: Vec<&str> = text
        .split(|c: char| c.is_ascii_whitespace())
        .map(|w| w.trim_matches('"'))
        .collect();
    let seps: BTreeSet<char> = words
        .iter()
        .filter(|w| w.len() == 1 && ScopeToken::new(w).is_ok())
        .filter_map(|w| w.chars().next())
        .collect();
    let mut probes: Vec<String> = vec!["*".into()];
    let mut add = |probe: String| {
        if probes.len() < PROBES && !probes.contains(&probe) && ScopeToken::new(&probe).is_ok() {
            probes.push(probe);
        }
    };
    for word in words.iter().filter(|w| w.len() <= 40) {
        add((*word).into());
        for (i, c) in word.char_indices() {
            if i > 0 && seps.contains(&c) {
                add(word[..i].into());
            }
        }
        for sep in &seps {
            add(format!("{word}{sep}x"));
        }
    }
    for a in &probes {
        assert_eq!(h.is_pattern(a), back.is_pattern(a), "{a} in {written:?}");
        for b in &probes {
            assert_eq!(
                h.implies(a, b),
                back.implies(a, b),
                "{a} => {b} in {written:?}"
            );
        }
    }
}

/// A hierarchy chosen by the input's first byte, over every kind of rule.
fn hierarchy_for(flags: u8) -> Hierarchy {
    let built = match flags % 6 {
        0 => return Hierarchy::exact(),
        1 => return Hierarchy::github(),
        2 => return Hierarchy::google_drive(),
        3 => Hierarchy::builder().nested("", ':').build(),
        4 => Hierarchy::builder()
            .imply("repo:*", "audit")
            .imply("a", "b:c")
            .nested("", '.')
            .wildcard(':')
            .build(),
        _ => Hierarchy::builder().nested("", ':').wildcard(':').build(),
    };
    built.expect("the fixed rules build")
}

/// The text form of a requirement: whatever reads, writes text that reads
/// back to the same requirement, and writing is a fixpoint.
pub fn check_requirement(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(need) = text.parse::<Requirement>() else {
        return;
    };
    let shown = need.to_string();
    assert_eq!(
        shown.parse::<Requirement>().as_ref(),
        Ok(&need),
        "{shown:?}"
    );
    assert_eq!(shown.parse::<Requirement>().unwrap().to_string(), shown);
    if ScopeSet::parse(text).is_ok() {
        assert_eq!(
            Ok(&need),
            Requirement::parse(text).as_ref(),
            "a plain scope"
        );
    }
    // Nesting: the same text inside k groups (k from the first byte, up to
    // twice the limit) reads as the same requirement, or is too deep; past
    // the limit it is always too deep, and never an abort.
    if text.contains('"') {
        let max = Requirement::MAX_DEPTH;
        let k = usize::from(data[0]) % (2 * max + 2);
        let wrapped = format!("{}{text}{}", "( ".repeat(k), " )".repeat(k));
        match wrapped.parse::<Requirement>() {
            Ok(r) => {
                assert!(k <= max, "{k} groups read");
                assert_eq!(r, need, "{wrapped:?}");
            }
            Err(e) => assert_eq!(
                e.kind(),
                RequirementErrorKind::TooDeep { max },
                "{wrapped:?}: {e}"
            ),
        }
    }
}

/// The compiled check against the requirement it came from: the first
/// line is a requirement (or, when it does not read, its valid words), the
/// second the scope string; the answer and the error must be the same.
pub fn check_compiled(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.splitn(2, '\n');
    let (first, scope) = (lines.next().unwrap_or(""), lines.next().unwrap_or(""));
    let need = first.parse::<Requirement>().unwrap_or_else(|_| {
        Requirement::any_of(
            tokens_of(first)
                .into_iter()
                .filter_map(|t| Requirement::parse(t).ok()),
        )
    });
    let h = hierarchy_for(data.first().copied().unwrap_or(0));
    let compiled = need.compile(&h);
    let expected = ScopeSet::parse(scope).map(|g| need.is_satisfied_by(&g, &h));
    assert_eq!(compiled.is_satisfied_by_str(scope), expected, "{scope:?}");
    if let Ok(g) = ScopeSet::parse(scope) {
        assert_eq!(compiled.is_satisfied_by(&g), need.is_satisfied_by(&g, &h));
        let required = compiled.required_scope(&g);
        assert_eq!(required, need.required_scope(&g, &h));
        if !required.is_empty() {
            assert!(
                need.is_satisfied_by(&required, &h),
                "{need} names {required}"
            );
        }
        assert_eq!(need.missing(&g, &h), g.uncovered(&required, &h));
    }
}

/// `parse_lenient` reads what `parse` reads; where only it succeeds, the
/// strict error was the scope's, and it is kept as the scope's problem.
fn check_lenient_challenge(text: &str) {
    let strict = Challenge::parse(text);
    let lenient = Challenge::parse_lenient(text);
    match (&strict, &lenient) {
        (Ok(strict), lenient) => assert_eq!(lenient.as_ref(), Ok(strict), "{text:?}"),
        (Err(err), Ok(lenient)) => {
            assert!(err.scope_error().is_some(), "{text:?}: {err}");
            assert_eq!(lenient.scope_problem(), Some(err), "{text:?}");
            assert!(lenient.scope().is_none(), "{text:?}");
            // Without the problem, it renders and reads back strictly.
            let rendered = lenient.to_string();
            let without = lenient.clone().with_scope(&oauth_scope::ScopeSet::new());
            assert_eq!(Challenge::parse(&rendered), Ok(without), "{rendered}");
        }
        (Err(_), Err(_)) => {}
    }
}

/// The SMART model the tests use too.
#[path = "../../tests/util/smart_model.rs"]
mod smart_model;

/// SMART clinical scopes against the brute-force model: the bytes read as
/// tokens of the model's universe (three bytes each), split into a granted
/// set, a required set and edges.
pub fn check_smart(data: &[u8]) {
    let Some((&split, rest)) = data.split_first() else {
        return;
    };
    let tokens: Vec<String> = rest
        .chunks_exact(3)
        .take(64)
        .map(|c| smart_model::token_from([c[0], c[1], c[2]]))
        .collect();
    let at = usize::from(split) % (tokens.len() + 1);
    let (granted, required) = tokens.split_at(at);
    let required = &required[..required.len().min(4)];
    smart_model::check_covers(granted, required);
    smart_model::check_narrow(required, granted);
    smart_model::check_normalize(granted);
    // Edges from the first required tokens, made single-letter or plain.
    let edges: Vec<(String, String)> = required
        .iter()
        .zip(granted.iter().rev())
        .take(usize::from(split >> 6))
        .filter_map(|(p, c)| {
            let parent = oauth_scope::smart::SmartScope::parse(p).ok().map_or_else(
                || p.clone(),
                |s| {
                    let first = s.letters().chars().next().expect("a letter");
                    let q = s.query().map(|q| format!("?{q}")).unwrap_or_default();
                    format!(
                        "{}/{}.{first}{q}",
                        s.context(),
                        s.resource_type().unwrap_or("*")
                    )
                },
            );
            let smart = Hierarchy::smart_on_fhir();
            let malformed = |t: &str| smart.validate_token(t).is_err();
            (!malformed(&parent) && !malformed(c)).then(|| (parent, c.clone()))
        })
        .collect();
    smart_model::check_edges(&edges, granted, required);
}

/// The step-up planner on any sequence of challenges and token responses.
/// The first byte sets the retry limit (1 to 4), whether the client wants
/// refresh tokens and whether the authorization server lists
/// `offline_access`; then each line is an event: `U` a 401 and `F` a 403
/// (the second byte picks one of two operations, the rest is the
/// `WWW-Authenticate` value, read leniently), `T` a token response (the
/// second byte: with a refresh token if odd; the rest its `scope`, or none
/// when it does not read), `R` a refused refresh, `S` a success of an
/// operation.
///
/// The laws: at most the limit of authorizations and refreshes per
/// operation between its successes; `offline_access` asked only when
/// wanted and listed, and never alone; a refresh only with a refresh token
/// and within the last authorization's grant; a step-up that keeps all of
/// the last request; a stop for nothing new only when the challenge adds
/// nothing to it.
pub fn check_planner(data: &[u8]) {
    use oauth_scope::client::{Step, StepUpPlanner};
    use std::collections::BTreeMap;

    let Some((&config, rest)) = data.split_first() else {
        return;
    };
    let limit = u32::from(config % 4) + 1;
    let wants = config & 4 != 0;
    let listed = config & 8 != 0;
    let mut planner = StepUpPlanner::new()
        .with_retry_limit(limit)
        .with_refresh_tokens(wants);
    let as_scopes = ScopeSet::parse(if listed { "a offline_access" } else { "a" }).unwrap();
    planner.set_authorization_server_scopes(Some(&as_scopes));
    let without_offline = |s: &ScopeSet<'_>| -> ScopeSet<'static> {
        let mut s = s.clone().into_owned();
        s.remove("offline_access");
        s
    };
    let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
    // What the last planned authorization asked for, and the grant of the
    // last authorization (the bound of a refresh).
    let mut pending: Option<(bool, Option<ScopeSet<'static>>)> = None;
    let mut grant: Option<ScopeSet<'static>> = None;
    for line in rest.split(|&b| b == b'\n') {
        let Some((&kind, line)) = line.split_first() else {
            continue;
        };
        let (op, text) = match line.split_first() {
            Some((&b, text)) => (["list", "call"][usize::from(b & 1)], text),
            None => ("list", line),
        };
        let text = String::from_utf8_lossy(text);
        let before = planner.requested().cloned();
        let step = match kind {
            b'U' => {
                let challenge = Challenge::parse_lenient(&text).ok();
                planner.on_unauthorized(op, challenge.as_ref(), None)
            }
            b'F' => {
                let Ok(challenge) = Challenge::parse_lenient(&text) else {
                    continue;
                };
                let step = planner.on_forbidden(op, &challenge);
                assert_step_up(&step, before.as_ref(), challenge.scope());
                step
            }
            b'T' => {
                let scope = ScopeSet::parse(&text).ok().map(ScopeSet::into_owned);
                let refresh_token = op == "call";
                planner.on_token(scope.as_ref(), refresh_token);
                match pending.take() {
                    Some((true, _)) => {}
                    Some((false, asked)) => grant = scope.or(asked),
                    None => grant = scope,
                }
                continue;
            }
            b'R' => {
                let was_refresh = matches!(pending, Some((true, _)));
                match planner.on_refresh_failed() {
                    Some(Step::Authorize(scope)) => {
                        assert!(was_refresh && !planner.has_refresh_token());
                        assert_asked(scope.as_ref(), wants && listed);
                        pending = Some((false, scope));
                    }
                    None => assert!(!was_refresh),
                    Some(other) => panic!("a refused refresh gave {other:?}"),
                }
                continue;
            }
            b'S' => {
                planner.on_success(op);
                counts.remove(op);
                continue;
            }
            _ => continue,
        };
        match &step {
            Step::Stop(_) => continue,
            Step::Authorize(scope) => {
                assert_asked(scope.as_ref(), wants && listed);
                pending = Some((false, scope.clone()));
            }
            Step::Refresh(scope) => {
                assert!(planner.has_refresh_token());
                if let Some(scope) = scope {
                    let grant = grant.as_ref().expect("a narrower refresh has a grant");
                    assert!(
                        without_offline(scope).is_subset(grant),
                        "{scope} over {grant}"
                    );
                }
                pending = Some((true, scope.clone()));
            }
        }
        let count = counts.entry(op).or_default();
        *count += 1;
        assert!(*count <= limit, "{count} requests for {op} over {limit}");
        assert_eq!(planner.attempts(op), *count);
    }
}

/// The scope of an authorization the planner asks for: never empty, and
/// `offline_access` only when `offline` (the client wants refresh tokens
/// and the authorization server lists it), never alone.
fn assert_asked(scope: Option<&ScopeSet<'_>>, offline: bool) {
    if let Some(scope) = scope {
        assert!(!scope.is_empty());
        if scope.contains("offline_access") {
            assert!(offline && scope.len() > 1, "{scope}");
        }
    }
}

/// A step-up after a 403 naming `named`, the last request `before`: an
/// authorization keeps all of the last request (but `offline_access`), and
/// a stop for nothing new names nothing the last request lacked.
fn assert_step_up(
    step: &oauth_scope::client::Step,
    before: Option<&ScopeSet<'static>>,
    named: Option<&ScopeSet<'static>>,
) {
    use oauth_scope::client::{Step, StopReason};

    let without_offline = |s: &ScopeSet<'_>| -> ScopeSet<'static> {
        let mut s = s.clone().into_owned();
        s.remove("offline_access");
        s
    };
    match (step, before, named) {
        (Step::Authorize(Some(s)), Some(before), _) => {
            assert!(without_offline(before).is_subset(s), "{before} lost in {s}");
        }
        (Step::Stop(StopReason::NothingNew), Some(before), Some(named)) => {
            let named = without_offline(named);
            assert!(named.is_subset(before), "{named} is new to {before}");
        }
        _ => {}
    }
}
