//! Counts heap allocations to check the crate's allocation promises: parsing a
//! `Scope` and reading it allocates nothing, `ScopeSet::parse` allocates once,
//! and the set checks allocate nothing.
//!
//! Everything runs in one `#[test]`, and only allocations made on the thread
//! that measures are counted, so the test harness's own threads cannot add
//! to a count.

mod util;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

use oauth_scope::{Hierarchy, Scope, ScopeSet};

use crate::util::{set, synthetic, GOOGLE};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Whether this thread's allocations are being counted.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

fn count() {
    if COUNTING.with(Cell::get) {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
    }
}

// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        System.alloc_zeroed(layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        System.realloc(ptr, layout, new_size)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The number of allocations (and reallocations) made while `f` runs.
fn allocations<R>(f: impl FnOnce() -> R) -> usize {
    COUNTING.with(|c| c.set(true));
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let result = f();
    let after = ALLOCATIONS.load(Ordering::SeqCst);
    COUNTING.with(|c| c.set(false));
    black_box(result);
    after - before
}

#[track_caller]
fn assert_allocations<R>(expected: usize, what: &str, f: impl FnOnce() -> R) {
    assert_eq!(allocations(f), expected, "{what}");
}

/// Parses `text` as a `Scope` and reads it every way that promises not to
/// allocate.
fn read_scope(text: &str, probe: &str) -> (usize, usize, bool, bool) {
    let scope = Scope::parse(black_box(text)).unwrap();
    let forward = scope.tokens().map(|t| t.as_str().len()).sum();
    let backward = scope.tokens().rev().count();
    (
        forward,
        backward,
        scope.contains(black_box(probe)),
        scope.contains("absent"),
    )
}

// Everything runs in this one test: see the top of the file.
#[allow(clippy::too_many_lines)]
#[test]
fn test_allocations() {
    // The counter sees allocations at all.
    assert_allocations(1, "one Vec", || Vec::<u8>::with_capacity(1));
    assert_allocations(2, "a Vec that grows", || {
        let mut v = Vec::<u8>::with_capacity(1);
        v.extend_from_slice(b"grow");
        v
    });

    let large = synthetic(1000);
    let scope_inputs = [
        (GOOGLE, "https://www.googleapis.com/auth/photos.native"),
        (large.as_str(), "x:00000999"),
    ];
    for (text, probe) in scope_inputs {
        assert_allocations(0, "Scope::parse, tokens, contains", || {
            let (_, count, found, absent) = read_scope(text, probe);
            assert!(found && !absent && count > 10);
        });
    }
    for bad in ["", "openid  email", "openid café", &format!("{large}\"")] {
        assert_allocations(0, "Scope::parse error", || Scope::parse(bad).unwrap_err());
    }

    assert_allocations(1, "ScopeSet::parse(GOOGLE)", || ScopeSet::parse(GOOGLE));
    // From 128 tokens: the tokens' places, their keys (which the set keeps
    // for searching), the radix sort's scratch, then the set's tokens.
    assert_allocations(4, "ScopeSet::parse(synthetic)", || ScopeSet::parse(&large));
    let typical = synthetic(127);
    assert_allocations(1, "ScopeSet::parse(127 tokens)", || {
        ScopeSet::parse(&typical)
    });

    let google = set(GOOGLE);
    let large_set = set(&large);
    let some = set("email openid");
    let other = set("email profile");
    let one = set("x:00000500");
    assert_allocations(0, "set checks", || {
        assert!(some.is_subset(&google));
        assert!(google.is_superset(&some));
        assert!(!other.is_subset(&google));
        assert!(!other.is_disjoint(&google));
        assert!(one.is_subset(&large_set));
        assert!(large_set.is_superset(&one));
        assert!(google.is_disjoint(&large_set));
        assert!(google.contains("https://www.googleapis.com/auth/drive"));
        assert!(!large_set.contains("x:00001000"));
    });

    // implies, covers and implier_of under exact and explicit-edge
    // hierarchies, and under nested rules, allocate nothing (the closure is
    // built up front).
    let exact = Hierarchy::exact();
    let github = Hierarchy::github();
    let nested = Hierarchy::builder()
        .imply("admin", "https://www.googleapis.com/auth/drive")
        .nested("https://www.googleapis.com/auth/", '.')
        .build()
        .unwrap();
    let granted = set("repo user admin:org");
    let required = set("repo:status public_repo user:email read:org");
    let missing = set("repo:status workflow");
    let drive = set("admin");
    let drive_parent = set("https://www.googleapis.com/auth/drive openid");
    let drive_required =
        set("https://www.googleapis.com/auth/drive.readonly https://www.googleapis.com/auth/drive");
    assert_allocations(0, "implies and covers", || {
        assert!(exact.implies("repo", "repo"));
        assert!(!exact.implies("repo", "repo:status"));
        assert!(github.implies("admin:org", "read:org"));
        assert!(!github.implies("repo", "workflow"));
        assert!(google.covers(&some, &exact));
        assert!(granted.covers(&required, &github));
        assert!(!granted.covers(&missing, &github));
        assert!(nested.implies("admin", "https://www.googleapis.com/auth/drive.readonly"));
        assert!(drive.covers(&drive_required, &nested));
        assert!(drive_parent.covers(&drive_required, &nested));
        assert!(!drive_parent.covers(&missing, &nested));
        let readonly = "https://www.googleapis.com/auth/drive.readonly";
        assert_eq!(
            granted.implier_of("read:org", &github).unwrap(),
            "admin:org"
        );
        assert_eq!(granted.implier_of("workflow", &github), None);
        assert_eq!(drive.implier_of(readonly, &nested).unwrap(), "admin");
        assert!(drive_parent.implier_of(readonly, &nested).is_some());
    });

    // At scale too: 10 000 granted parents against their 10 000 children
    // (`api7` grants `api7:write`), under one declared edge each and under
    // a nested rule, as in the `covers` bench.
    let verbs = ["read", "write", "admin"];
    let children: Vec<String> = (0..10_000)
        .map(|i| format!("api{i}:{}", verbs[i % 3]))
        .collect();
    let parents: Vec<String> = (0..10_000).map(|i| format!("api{i}")).collect();
    let edges = parents
        .iter()
        .zip(&children)
        .fold(Hierarchy::builder(), |h, (p, c)| h.imply(p, c))
        .build()
        .unwrap();
    let colon = Hierarchy::builder().nested("", ':').build().unwrap();
    let (parents_text, children_text) = (parents.join(" "), children.join(" "));
    let (all_parents, all_children) = (set(&parents_text), set(&children_text));
    // One parent, `api9999`, is replaced by a token that grants nothing.
    let most_text = parents_text.replacen("api9999", "api99999", 1);
    let most_parents = set(&most_text);
    // Half the children granted as themselves, the other half through their
    // parents: the walk finds members and ancestors in turn.
    let mixed_text = (0..10_000)
        .map(|i| {
            if i % 2 == 0 {
                &children[i]
            } else {
                &parents[i]
            }
        })
        .map(String::as_str)
        .collect::<Vec<&str>>()
        .join(" ");
    let mixed = set(&mixed_text);
    // All children but one, which its parent grants: the members follow one
    // another, so the walk must not skip any.
    let one_parent_text = (0..10_000)
        .map(|i| if i == 5000 { &parents[i] } else { &children[i] })
        .map(String::as_str)
        .collect::<Vec<&str>>()
        .join(" ");
    let one_parent = set(&one_parent_text);
    assert_allocations(0, "covers at 10 000 tokens", || {
        assert!(mixed.covers(&all_children, &edges));
        assert!(mixed.covers(&all_children, &colon));
        assert!(one_parent.covers(&all_children, &edges));
        assert!(one_parent.covers(&all_children, &colon));
        assert!(all_parents.covers(&all_children, &edges));
        assert!(all_parents.covers(&all_children, &colon));
        assert!(!most_parents.covers(&all_children, &edges));
        assert!(!most_parents.covers(&all_children, &colon));
        assert!(!all_children.covers(&all_parents, &edges));
    });

    // The compiled check reads a scope string without allocating, under
    // exact, explicit and nested rules, and on an invalid one too.
    let need =
        oauth_scope::Requirement::parse("openid https://www.googleapis.com/auth/drive.readonly")
            .unwrap();
    let drive = need.compile(&Hierarchy::google_drive());
    let nested_check = oauth_scope::Requirement::parse("x:00000500:read")
        .unwrap()
        .compile(&Hierarchy::builder().nested("", ':').build().unwrap());
    let bad_large = format!("{large}\u{e9}");
    assert_allocations(0, "compiled checks", || {
        assert_eq!(drive.is_satisfied_by_str(GOOGLE), Ok(true));
        assert_eq!(drive.is_satisfied_by_str("openid email"), Ok(false));
        assert!(drive.is_satisfied_by_str("openid  email").is_err());
        assert_eq!(nested_check.is_satisfied_by_str(&large), Ok(true));
        assert!(nested_check.is_satisfied_by_str(&bad_large).is_err());
        assert!(drive.is_satisfied_by(&google));
    });

    // A hierarchy is a handle: a clone shares the tables, and so does
    // compiling a requirement against it.
    let github = Hierarchy::github();
    assert_allocations(0, "cloning a hierarchy", || {
        std::hint::black_box(github.clone());
    });

    // With a wildcard rule, plain tokens under rules that name no pattern take
    // the same path, and so does a granting pattern: nothing is allocated
    // until a named token or a prefix of the required one is a pattern.
    let readme = util::hostile::readme_hierarchy();
    let long = util::hostile::nested_then_segments(1000);
    let org = set("admin:org");
    let orgs = set("read:org write:org");
    assert_allocations(0, "implies and covers beside a wildcard rule", || {
        assert!(readme.implies("admin:org", "read:org"));
        assert!(readme.implies("https://www.googleapis.com/auth/a", &long));
        assert!(readme.implies("read:*", "read:org"));
        assert!(!readme.implies("https://www", &long));
        assert!(org.covers(&orgs, &readme));
    });

    // SMART clinical scopes: implies, covers of small and large sets, and
    // the compiled check of a requirement without a query read a scope
    // string with queries in it, all without allocating.
    let smart = Hierarchy::smart_on_fhir();
    let typical = "launch/patient openid fhirUser offline_access patient/Patient.rs \
                   patient/Observation.rs?category=laboratory patient/Observation.rs?category=vital-signs \
                   patient/Condition.rs patient/AllergyIntolerance.rs patient/MedicationRequest.rs \
                   patient/Immunization.rs patient/Procedure.rs patient/Encounter.rs patient/DiagnosticReport.rs";
    let granted = set(typical);
    let many: String = std::iter::once(typical.to_owned())
        .chain((0..40).map(|i| format!("user/{}.cruds", util::hostile::resource_type(i))))
        .collect::<Vec<_>>()
        .join(" ");
    let large_smart = set(&many);
    let route = set("patient/Condition.r patient/Patient.s");
    let check = oauth_scope::Requirement::parse("patient/Condition.r patient/Patient.s")
        .unwrap()
        .compile(&smart);
    assert_allocations(0, "SMART implies, covers and compiled checks", || {
        assert!(smart.implies("patient/*.cruds", "patient/Observation.rs"));
        assert!(!smart.implies(
            "patient/Observation.rs?category=laboratory",
            "patient/Observation.rs"
        ));
        assert!(granted.covers(&route, &smart));
        assert!(large_smart.covers(&route, &smart));
        assert_eq!(check.is_satisfied_by_str(typical), Ok(true));
        assert_eq!(check.is_satisfied_by_str("patient/Condition.r"), Ok(false));
        assert!(check.is_satisfied_by(&granted));
    });
}
