//! Growth-ratio checks that hold on a busy machine.
//!
//! An operation is timed at two sizes 16× apart. O(n log n) grows about
//! 16–20× over that span (a little more when the larger input leaves the
//! cache), a quadratic one 256×: the bound of 60× sits far from both. The
//! two sizes are timed in turn, several rounds, and the fastest run of each
//! is kept, so a load that comes and goes slows both sides or neither.
//! Times are only ever compared with each other, never with a constant.

use std::hint::black_box;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How far apart the two sizes are.
pub(crate) const SPAN: usize = 16;
/// The largest growth accepted over [`SPAN`]× the input.
pub(crate) const BOUND: f64 = 60.0;
const ROUNDS: usize = 7;
/// The shortest timed batch at the small size: long enough for the clock.
const MIN_BATCH: Duration = Duration::from_millis(2);

/// One measurement at a time within a test binary, so that growth tests
/// running beside each other do not skew each other's ratios.
static SERIAL: Mutex<()> = Mutex::new(());

/// How long `reps` runs of `op` on `input` take.
fn time<T>(input: &T, reps: u32, op: &impl Fn(&T)) -> Duration {
    let start = Instant::now();
    for _ in 0..reps {
        op(black_box(input));
    }
    start.elapsed()
}

/// The growth of `op` from size `k` to size `SPAN * k`, as the ratio of the
/// fastest batch at each size, with the two times.
pub(crate) fn growth<T>(
    k: usize,
    setup: impl Fn(usize) -> T,
    op: impl Fn(&T),
) -> (f64, Duration, Duration) {
    let _serial = SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let (small, large) = (setup(k), setup(SPAN * k));
    // Enough repetitions that a batch at the small size is measurable.
    let mut reps = 1u32;
    while time(&small, reps, &op) < MIN_BATCH && reps < 1 << 20 {
        reps *= 2;
    }
    let (mut t_small, mut t_large) = (Duration::MAX, Duration::MAX);
    for _ in 0..ROUNDS {
        t_small = t_small.min(time(&small, reps, &op));
        t_large = t_large.min(time(&large, reps, &op));
    }
    let ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-9);
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
    assert!(
        ratio < BOUND,
        "{what}: {t_small:?} at k = {k}, {t_large:?} at k = {}: {ratio:.1}× for {SPAN}× the input",
        SPAN * k
    );
}
