//! Property tests against naive models: `ScopeSet` against a
//! `BTreeSet<String>`, and the grammar against a plain byte loop.

mod util;

use std::collections::hash_map::DefaultHasher;
use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};

use oauth_scope::{ErrorKind, ParseOptions, Scope, ScopeSet};
use proptest::prelude::*;
use proptest::sample::select;

use crate::util::{grammar, kind_of, strs, token};

// ---------------------------------------------------------------------------
// ScopeSet against BTreeSet<String>

type Model = BTreeSet<String>;

/// Up to eight tokens over a five-letter alphabet: 30 possible tokens, so two
/// sets often share members and one is sometimes inside the other.
fn tokens() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[a-c:.*]{1,2}", 0..8)
}

fn set_of(tokens: &[String]) -> ScopeSet<'_> {
    tokens.iter().map(|t| token(t)).collect()
}

fn model_of(tokens: &[String]) -> Model {
    tokens.iter().cloned().collect()
}

#[track_caller]
fn assert_same(set: &ScopeSet<'_>, model: &Model) {
    let expected: Vec<&str> = model.iter().map(String::as_str).collect();
    assert_eq!(strs(set.iter()), expected);
    assert_eq!(set.len(), model.len());
    assert_eq!(set.is_empty(), model.is_empty());
}

fn hash_of<T: Hash>(value: &T) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

proptest! {
    #![proptest_config(util::proptest_config(concat!(env!("CARGO_MANIFEST_DIR"), "/proptest-regressions/test_proptest_set.txt"), 512))]

    #[test]
    fn operations_match_the_model(a in tokens(), b in tokens()) {
        let (sa, sb) = (set_of(&a), set_of(&b));
        let (ma, mb) = (model_of(&a), model_of(&b));
        assert_same(&sa, &ma);
        assert_same(&sa.union(&sb), &ma.union(&mb).cloned().collect());
        assert_same(&sa.intersection(&sb), &ma.intersection(&mb).cloned().collect());
        assert_same(&sa.difference(&sb), &ma.difference(&mb).cloned().collect());
        assert_same(
            &sa.symmetric_difference(&sb),
            &ma.symmetric_difference(&mb).cloned().collect(),
        );
        prop_assert_eq!(sa.is_subset(&sb), ma.is_subset(&mb));
        prop_assert_eq!(sa.is_superset(&sb), ma.is_superset(&mb));
        prop_assert_eq!(sa.is_disjoint(&sb), ma.is_disjoint(&mb));
    }

    #[test]
    fn contains_matches_the_model(a in tokens(), probes in tokens()) {
        let (set, model) = (set_of(&a), model_of(&a));
        for t in model.iter().chain(&probes) {
            prop_assert_eq!(set.contains(t), model.contains(t), "{:?}", t);
        }
    }

    #[test]
    fn insert_and_remove_match_the_model(
        start in tokens(),
        ops in prop::collection::vec((any::<bool>(), "[a-c:.*]{1,2}"), 0..16),
    ) {
        let mut set = set_of(&start);
        let mut model = model_of(&start);
        for (insert, t) in &ops {
            if *insert {
                prop_assert_eq!(set.insert(token(t)), model.insert(t.clone()));
            } else {
                prop_assert_eq!(set.remove(t), model.remove(t));
            }
            assert_same(&set, &model);
        }
    }

    #[test]
    fn order_and_repeats_do_not_count(a in tokens()) {
        let mut shuffled = a.clone();
        shuffled.reverse();
        shuffled.extend(a.iter().cloned());
        let (set, same) = (set_of(&a), set_of(&shuffled));
        prop_assert_eq!(&set, &same);
        prop_assert_eq!(hash_of(&set), hash_of(&same));
        let mut extended = ScopeSet::new();
        extended.extend(shuffled.iter().map(|t| token(t)));
        prop_assert_eq!(&extended, &set);
    }

    #[test]
    fn commutativity(a in tokens(), b in tokens()) {
        let (a, b) = (set_of(&a), set_of(&b));
        prop_assert_eq!(a.union(&b), b.union(&a));
        prop_assert_eq!(a.intersection(&b), b.intersection(&a));
        prop_assert_eq!(a.symmetric_difference(&b), b.symmetric_difference(&a));
        prop_assert_eq!(a.is_disjoint(&b), b.is_disjoint(&a));
        prop_assert_eq!(a.is_subset(&b), b.is_superset(&a));
    }

    #[test]
    fn associativity(a in tokens(), b in tokens(), c in tokens()) {
        let (a, b, c) = (set_of(&a), set_of(&b), set_of(&c));
        prop_assert_eq!(a.union(&b).union(&c), a.union(&b.union(&c)));
        prop_assert_eq!(
            a.intersection(&b).intersection(&c),
            a.intersection(&b.intersection(&c))
        );
        prop_assert_eq!(
            a.symmetric_difference(&b).symmetric_difference(&c),
            a.symmetric_difference(&b.symmetric_difference(&c))
        );
    }

    #[test]
    fn idempotence(a in tokens()) {
        let a = set_of(&a);
        prop_assert_eq!(&a.union(&a), &a);
        prop_assert_eq!(&a.intersection(&a), &a);
        prop_assert!(a.difference(&a).is_empty());
        prop_assert!(a.symmetric_difference(&a).is_empty());
        prop_assert!(a.is_subset(&a) && a.is_superset(&a));
    }

    #[test]
    fn absorption(a in tokens(), b in tokens()) {
        let (a, b) = (set_of(&a), set_of(&b));
        prop_assert_eq!(&a.union(&a.intersection(&b)), &a);
        prop_assert_eq!(&a.intersection(&a.union(&b)), &a);
    }

    #[test]
    fn subset_laws(a in tokens(), b in tokens()) {
        let (a, b) = (set_of(&a), set_of(&b));
        prop_assert_eq!(a.is_subset(&b), a.intersection(&b) == a);
        prop_assert_eq!(a.is_subset(&b), a.union(&b) == b);
        prop_assert_eq!(a.is_subset(&b), a.difference(&b).is_empty());
        prop_assert!(a.intersection(&b).is_subset(&a));
        prop_assert!(a.union(&b).is_superset(&b));
    }

    #[test]
    fn disjoint_laws(a in tokens(), b in tokens()) {
        let (a, b) = (set_of(&a), set_of(&b));
        prop_assert_eq!(a.is_disjoint(&b), a.intersection(&b).is_empty());
        prop_assert_eq!(a.is_disjoint(&b), a.difference(&b) == a);
    }

    #[test]
    fn display_round_trip(a in tokens()) {
        let set = set_of(&a);
        let text = set.to_string();
        if set.is_empty() {
            prop_assert_eq!(text.as_str(), "");
            prop_assert_eq!(ScopeSet::parse(&text).unwrap_err().kind(), ErrorKind::Empty);
        } else {
            prop_assert_eq!(&ScopeSet::parse(&text).unwrap(), &set);
            prop_assert_eq!(&text.parse::<ScopeSet<'static>>().unwrap(), &set);
            // The canonical text is strict form: sorted, single spaces.
            let scope = Scope::parse(&text).unwrap();
            prop_assert_eq!(scope.len(), set.len());
        }
        prop_assert_eq!(ScopeSet::parse_with(&text, &ParseOptions::lenient()).unwrap(), set);
    }
}

// ---------------------------------------------------------------------------
// Large sets, sorted by integer keys first: against the model's order.

/// 100 to 600 tokens that share a prefix and often agree for five bytes or
/// more after it (where the keys tie), some of them repeated, some a prefix
/// of another.
fn large_tokens() -> impl Strategy<Value = Vec<String>> {
    (
        "[a-z:/.]{0,40}",
        prop::collection::vec(("[ab]{0,7}", "[a-c~!]{0,3}"), 100..600),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(prefix, tails, repeat)| {
            let mut tokens: Vec<String> = tails
                .into_iter()
                .map(|(middle, end)| format!("{prefix}{middle}{end}"))
                .filter(|t| !t.is_empty())
                .collect();
            if !tokens.is_empty() {
                let again = tokens[repeat.index(tokens.len())].clone();
                tokens.push(again);
            }
            tokens
        })
}

proptest! {
    #![proptest_config(util::proptest_config(concat!(env!("CARGO_MANIFEST_DIR"), "/proptest-regressions/test_proptest_set.txt"), 128))]

    /// `Scope::tokens` from both ends in any order, against `str::split`.
    #[test]
    fn tokens_from_both_ends_match_split(
        tokens in prop::collection::vec("[a-z:/.]{1,20}", 1..40),
        ends in prop::collection::vec(any::<bool>(), 0..50),
    ) {
        let text = tokens.join(" ");
        let scope = oauth_scope::Scope::parse(&text).unwrap();
        let mut model: std::collections::VecDeque<&str> = text.split(' ').collect();
        let mut iter = scope.tokens();
        for from_back in ends.into_iter().chain(std::iter::repeat_n(false, 41)) {
            let (got, want) = if from_back {
                (iter.next_back(), model.pop_back())
            } else {
                (iter.next(), model.pop_front())
            };
            prop_assert_eq!(got.map(|t| t.as_str()), want);
        }
    }

    #[test]
    fn large_sets_are_in_byte_order(tokens in large_tokens()) {
        let model = model_of(&tokens);
        // The strict text, and the same tokens collected (lenient form).
        let text = tokens.join(" ");
        assert_same(&ScopeSet::parse(&text).unwrap(), &model);
        let spaced = format!("  {}  ", tokens.join("  "));
        let lenient = ScopeSet::parse_with(&spaced, &ParseOptions::lenient()).unwrap();
        assert_same(&lenient, &model);
        assert_same(&set_of(&tokens), &model);
    }

    /// A large set searches its sort keys: every answer of `contains`, and
    /// every place `insert` and `remove` find, against the model. The
    /// probes share the prefix or leave it, tie on the keys or not, and are
    /// prefixes of members or extend them.
    #[test]
    fn large_sets_search_their_keys(
        tokens in large_tokens(),
        probes in prop::collection::vec(("[ab]{0,7}", "[a-c~!]{0,3}", 0..4usize), 0..40),
        ops in prop::collection::vec((any::<bool>(), any::<prop::sample::Index>(), 0..3usize), 0..24),
    ) {
        let text = tokens.join(" ");
        let prefix = common_prefix(&tokens);
        let mut model = model_of(&tokens);
        let probes: Vec<String> = probes
            .into_iter()
            .map(|(middle, end, shape)| match shape {
                0 => format!("{prefix}{middle}{end}"),
                // Out of the shared prefix: shorter, or a byte changed.
                1 => format!("{}{middle}", &prefix[..prefix.len() / 2]),
                2 => format!("{}~{end}", &prefix[..prefix.len() / 2]),
                _ => format!("!{prefix}{middle}"),
            })
            .filter(|t| !t.is_empty())
            .chain(model.iter().cloned())
            .collect();
        for set in [
            ScopeSet::parse(&text).unwrap(),
            set_of(&tokens),
            ScopeSet::parse(&text).unwrap().into_owned(),
        ] {
            for t in &probes {
                prop_assert_eq!(set.contains(t), model.contains(t), "{:?}", t);
            }
        }
        // Changes keep the keys, or drop them, and the answers stay right.
        let mut set = ScopeSet::parse(&text).unwrap();
        for (insert, pick, shape) in ops {
            let t = &probes[pick.index(probes.len())];
            let t = match shape {
                0 => t.clone(),
                1 => format!("{t}a"),
                _ => format!("{prefix}~{t}"),
            };
            if insert {
                prop_assert_eq!(set.insert_owned(&t).unwrap(), model.insert(t.clone()));
            } else {
                prop_assert_eq!(set.remove(&t), model.remove(&t));
            }
            assert_same(&set, &model);
            for t in &probes {
                prop_assert_eq!(set.contains(t), model.contains(t), "{:?}", t);
            }
        }
    }
}

/// The prefix every token shares.
fn common_prefix(tokens: &[String]) -> String {
    let Some(first) = tokens.first() else {
        return String::new();
    };
    let mut shared = first.len();
    for t in tokens {
        shared = first
            .bytes()
            .zip(t.bytes())
            .take(shared)
            .take_while(|(a, b)| a == b)
            .count();
    }
    first[..shared].to_string()
}

// ---------------------------------------------------------------------------
// The grammar against a byte loop

/// Strict form with a limit that never applies: the same rules, read by the
/// general tokenizer rather than the fast path that plain strict form takes.
const STRICT_GENERAL: ParseOptions = ParseOptions::strict().max_tokens(usize::MAX - 1);

const ALPHABET: [char; 11] = [' ', ' ', 'a', 'b', '"', '\\', '\t', '\u{a0}', '!', '~', ','];

/// Arbitrary strings over a small alphabet holding every class of byte:
/// NQCHAR (`a b ! ~ ,`), SP, `"`, `\`, HTAB, and a two-byte character.
fn any_text() -> impl Strategy<Value = String> {
    prop::collection::vec(select(&ALPHABET[..]), 0..100).prop_map(String::from_iter)
}

/// Valid strict text (up to 80 bytes, so it spans many eight-byte words),
/// then possibly one character from the alphabet inserted anywhere.
fn nearly_valid_text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec("[a!~,]{1,7}", 1..12),
        any::<prop::sample::Index>(),
        prop::option::of(select(&ALPHABET[..])),
    )
        .prop_map(|(tokens, at, extra)| {
            let mut text = tokens.join(" ");
            if let Some(c) = extra {
                text.insert(at.index(text.len() + 1), c);
            }
            text
        })
}

#[track_caller]
fn check_strict(text: &str) {
    let expected = grammar::strict(text)
        .map(|tokens| tokens.len())
        .map_err(|(problem, at)| (kind_of(problem), at));
    assert_eq!(
        expected.is_ok(),
        grammar::is_strict(text.as_bytes()),
        "the two readings of the grammar disagree"
    );
    let actual = |result: Result<usize, oauth_scope::ParseError>| {
        result.map_err(|err| (err.kind(), err.offset()))
    };
    assert_eq!(actual(Scope::parse(text).map(|s| s.len())), expected);
    assert_eq!(
        actual(ScopeSet::parse(text).map(|_| text.split(' ').count())),
        expected
    );
    assert_eq!(
        actual(ScopeSet::parse_with(text, &STRICT_GENERAL).map(|_| text.split(' ').count())),
        expected
    );
    if let Ok(set) = ScopeSet::parse(text) {
        let model: Model = text.split(' ').map(String::from).collect();
        assert_same(&set, &model);
    }
}

#[track_caller]
fn check_lenient(text: &str, commas: bool, whitespace: bool) {
    let options = ParseOptions::lenient()
        .commas(commas)
        .whitespace(whitespace);
    let is_separator =
        |b: u8| b == b' ' || (commas && b == b',') || (whitespace && b"\t\r\n".contains(&b));
    let expected = grammar::lenient(text, is_separator)
        .map(|tokens| tokens.into_iter().map(str::to_owned).collect::<Model>())
        .map_err(|(problem, at)| (kind_of(problem), at));
    let actual: Result<Model, _> = ScopeSet::parse_with(text, &options)
        .map(|set| strs(set.iter()).into_iter().map(str::to_owned).collect())
        .map_err(|err| (err.kind(), err.offset()));
    assert_eq!(actual, expected);
}

proptest! {
    #![proptest_config(util::proptest_config(concat!(env!("CARGO_MANIFEST_DIR"), "/proptest-regressions/test_proptest_set.txt"), 512))]

    #[test]
    fn strict_grammar_matches_the_byte_loop(text in any_text()) {
        check_strict(&text);
    }

    #[test]
    fn strict_grammar_matches_the_byte_loop_near_valid(text in nearly_valid_text()) {
        check_strict(&text);
    }

    #[test]
    fn lenient_grammar_matches_the_model(
        text in any_text(),
        commas in any::<bool>(),
        whitespace in any::<bool>(),
    ) {
        check_lenient(&text, commas, whitespace);
    }
}
