//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/`) through the
//! same checks the fuzz targets run, so that the tests keep every input the
//! fuzzer found interesting.

// The fuzz package's library, whose items are public for its targets.
#[allow(unreachable_pub)]
#[path = "../fuzz/src/lib.rs"]
mod checks;

use std::fs;
use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut count = 0;
    for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        let data = fs::read(&path).unwrap();
        check(&data);
        count += 1;
    }
    assert!(count > 0, "no corpus for {target}");
}

#[test]
fn parse_corpus() {
    replay("parse", checks::check_parse);
}

#[test]
fn algebra_corpus() {
    replay("algebra", checks::check_algebra);
}

#[test]
fn serde_corpus() {
    replay("serde", checks::check_serde);
}

#[test]
fn challenge_corpus() {
    replay("challenge", checks::check_challenge);
}

#[test]
fn rules_corpus() {
    replay("rules", checks::check_rules);
}

#[test]
fn requirement_corpus() {
    replay("requirement", checks::check_requirement);
}

#[test]
fn compiled_corpus() {
    replay("compiled", checks::check_compiled);
}

#[test]
fn smart_corpus() {
    replay("smart", checks::check_smart);
}

#[test]
fn planner_corpus() {
    replay("planner", checks::check_planner);
}
