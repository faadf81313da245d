//! Wildcard patterns (`wildcard(separator)` rules): which tokens are patterns,
//! and whether one pattern includes a token or another pattern. Every function
//! here is linear in the segments it reads and never backtracks: an inner `*`
//! is exactly one segment.

use super::ByteSet;

/// Whether `token` has a segment that is exactly `*`.
pub(super) fn is_pattern_for(token: &[u8], sep: u8) -> bool {
    token.split(|&b| b == sep).any(|s| s == b"*")
}

/// Whether some segment-prefix of `token` (a prefix that ends where one of
/// `separators` follows), or `token` itself, is a pattern. Such a token can
/// be reached from a pattern through a prefix of it, so queries about it take
/// the wildcard search.
pub(super) fn has_pattern_prefix(token: &[u8], wild: u8, separators: &ByteSet) -> bool {
    first_pattern_star(token, wild, separators).is_some()
}

/// Where the first `*` of `token` that makes a segment-prefix of it a
/// pattern is: a `*` that starts a segment and ends one (at a separator of
/// any rule, or at the end). Every token that `token` implies, under rules
/// that name nothing starting with `token[..at]`, starts with `token[..at]`.
pub(super) fn first_pattern_star(token: &[u8], wild: u8, separators: &ByteSet) -> Option<usize> {
    token.iter().enumerate().position(|(i, &b)| {
        b == b'*'
            && (i == 0 || token[i - 1] == wild)
            && token
                .get(i + 1)
                .is_none_or(|&next| next == wild || separators.contains(next))
    })
}

/// One segment of a wildcard pattern.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Seg<'a> {
    Literal(&'a [u8]),
    /// An inner `*`: exactly one non-empty segment.
    One,
    /// A trailing `*` after other segments: one or more non-empty segments.
    Many,
}

impl<'a> Seg<'a> {
    /// A segment that others follow.
    fn inner(s: &'a [u8]) -> Self {
        if s == b"*" {
            Seg::One
        } else {
            Seg::Literal(s)
        }
    }

    /// The last segment of a token.
    fn last(s: &'a [u8]) -> Self {
        if s == b"*" {
            Seg::Many
        } else {
            Seg::Literal(s)
        }
    }

    fn is_empty(self) -> bool {
        self == Seg::Literal(b"")
    }
}

/// Whether segment kind `b` (of the included token) only produces segments
/// that `a` (of the including pattern) accepts. `Many` is handled by callers.
fn accepts(a: Seg<'_>, b: Seg<'_>) -> bool {
    match (a, b) {
        (Seg::Literal(x), Seg::Literal(y)) => x == y,
        (Seg::One | Seg::Many, Seg::Literal(y)) => !y.is_empty(),
        (Seg::One | Seg::Many, Seg::One) => true,
        _ => false,
    }
}

/// Whether every token that `q` matches (just `q` itself when it is not a
/// pattern), the pattern `p` matches too; for a pattern `p` and a token `q`,
/// neither of them the lone `*` (which includes everything, and which only
/// itself includes).
///
/// Reads both tokens segment by segment and stops at the end of the shorter
/// one, so the cost is linear in the shorter token, plus the rest of `q` when
/// `p` ends in a trailing `*`.
pub(super) fn includes_segments(p: &[u8], q: &[u8], sep: u8) -> bool {
    let mut ps = p.split(move |&b| b == sep).peekable();
    let mut qs = q.split(move |&b| b == sep).peekable();
    loop {
        match (ps.next(), qs.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) => {
                let p_last = ps.peek().is_none();
                let q_last = qs.peek().is_none();
                let a = if p_last { Seg::last(a) } else { Seg::inner(a) };
                let b = if q_last { Seg::last(b) } else { Seg::inner(b) };
                if a == Seg::Many {
                    // The rest of q must be one or more non-empty segments.
                    return !b.is_empty() && qs.all(|s| !s.is_empty());
                }
                if !accepts(a, b) {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// For a pattern `p` other than the lone `*`: calls `hit(i)` for each `i`
/// such that `p` includes `t[..end]`, where `end` is the `i`-th of `ends`:
/// increasing positions in `t` (the ends of some of its prefixes, and maybe
/// `t.len()`).
///
/// One pass over `p` and `t`, whatever the number of prefixes, and no
/// allocation: the state after each full segment of `t` decides every
/// prefix that ends inside the next one.
pub(super) fn includes_prefixes(
    p: &[u8],
    t: &[u8],
    ends: impl IntoIterator<Item = usize>,
    sep: u8,
    mut hit: impl FnMut(usize),
) {
    let np = memchr::memchr_iter(sep, p).count() + 1;
    let last = Seg::last(p.rsplit(|&b| b == sep).next().unwrap_or_default());
    let many = last == Seg::Many;
    // The segments of `p` before its last, read as `t`'s are.
    let mut inner = p.split(|&b| b == sep).take(np - 1).map(Seg::inner);
    // For the W-segment of `t` now being read: its index and start, whether
    // `p` accepts every full segment before it that must be compared
    // (those before index np - 1), and whether a full segment at index
    // np - 1 or later was empty.
    let (mut index, mut start) = (0usize, 0usize);
    let (mut full_ok, mut empty_tail) = (true, false);
    let mut walls = t
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == sep)
        .map(|(i, _)| i)
        .peekable();
    for (i, end) in ends.into_iter().enumerate() {
        while let Some(&w) = walls.peek() {
            if w >= end {
                break;
            }
            walls.next();
            let seg = &t[start..w];
            if index + 1 < np {
                let a = inner.next().expect("np - 1 inner segments");
                full_ok &= accepts(a, Seg::inner(seg));
            } else if seg.is_empty() {
                empty_tail = true;
            }
            index += 1;
            start = w + 1;
        }
        if !full_ok {
            return; // every longer prefix has the same failing segment
        }
        let prefix = &t[..end];
        if prefix == b"*" {
            continue; // only the lone `*` includes the lone `*`
        }
        let q = Seg::last(&t[start..end]);
        let count = index + 1;
        let included = if many {
            count >= np && !empty_tail && !q.is_empty()
        } else {
            count == np && accepts(last, q)
        };
        if included {
            hit(i);
        }
    }
}
