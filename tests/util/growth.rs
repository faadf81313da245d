//! Growth-ratio checks that hold on a busy machine.
//!
//! An operation is timed at two sizes 16× apart. O(n log n) grows about
//! 16–20× over that span (a little more when the larger input leaves the
//! cache), a quadratic one 256×: the bound of 60× sits far from both. Each
//! size is timed in batches of about the same length, the two in turn over
//! several rounds, and the fastest run of each is kept; the clock is the
//! time the thread spent on a core (on Linux), so waiting for one while
//! other builds run is not counted. Times are only ever compared with each
//! other, never with a constant.

use std::hint::black_box;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How far apart the two sizes are.
pub(crate) const SPAN: usize = 16;
/// The largest growth accepted over [`SPAN`]× the input.
pub(crate) const BOUND: f64 = 60.0;
const ROUNDS: usize = 7;
/// The shortest timed batch: long enough for the clock, and for both sizes
/// to see the same machine.
const MIN_BATCH: Duration = Duration::from_millis(10);

/// One measurement at a time within a test binary, so that growth tests
/// running beside each other do not skew each other's ratios.
static SERIAL: Mutex<()> = Mutex::new(());

/// The time this thread has spent running: on Linux the scheduler's count
/// (`/proc/thread-self/schedstat`), so that time spent waiting for a core
/// while other processes run is not counted; elsewhere the wall clock.
fn cpu_time() -> Duration {
    static START: OnceLock<Instant> = OnceLock::new();
    let start = *START.get_or_init(Instant::now);
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or_else(|| start.elapsed(), Duration::from_nanos)
}

/// The time per run of `op` on `input`, over a batch of `reps` runs.
fn per_run<T>(input: &T, reps: u32, op: &impl Fn(&T)) -> Duration {
    let start = cpu_time();
    for _ in 0..reps {
        op(black_box(input));
    }
    (cpu_time().saturating_sub(start)) / reps
}

/// How many runs of `op` on `input` make a batch of at least `MIN_BATCH`.
fn batch_size<T>(input: &T, op: &impl Fn(&T)) -> u32 {
    let mut reps = 1u32;
    while per_run(input, reps, op) * reps < MIN_BATCH && reps < 1 << 20 {
        reps *= 2;
    }
    reps
}

/// The growth of `op` from size `k` to size `SPAN * k`, as the ratio of the
/// fastest run at each size, with the two times per run.
pub(crate) fn growth<T>(
    k: usize,
    setup: impl Fn(usize) -> T,
    op: impl Fn(&T),
) -> (f64, Duration, Duration) {
    let _serial = SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let (small, large) = (setup(k), setup(SPAN * k));
    // Batches of about the same length at both sizes, so that whatever the
    // machine does meanwhile falls on both alike.
    let (reps_small, reps_large) = (batch_size(&small, &op), batch_size(&large, &op));
    let (mut t_small, mut t_large) = (Duration::MAX, Duration::MAX);
    for _ in 0..ROUNDS {
        t_small = t_small.min(per_run(&small, reps_small, &op));
        t_large = t_large.min(per_run(&large, reps_large, &op));
    }
    let ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-12);
    (ratio, t_small, t_large)
}

/// Asserts that `op` grows by less than [`BOUND`] from size `k` to `SPAN *
/// k`: O(n log n), not quadratic.
#[track_caller]
pub(crate) fn assert_grows_gently<T>(
    what: &str,
    k: usize,
    setup: impl Fn(usize) -> T,
    op: impl Fn(&T),
) {
    let (ratio, t_small, t_large) = growth(k, setup, op);
    // `GROWTH_REPORT=1 cargo test --test test_hostile -- --nocapture` lists
    // every ratio.
    if std::env::var_os("GROWTH_REPORT").is_some() {
        eprintln!("growth {ratio:5.1}×  {what}");
    }
    assert!(
        ratio < BOUND,
        "{what}: {t_small:?} per run at k = {k}, {t_large:?} at k = {}: {ratio:.1}× for {SPAN}× the input",
        SPAN * k
    );
}
