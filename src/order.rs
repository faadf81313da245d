//! Searching sorted lists of tokens: the byte order of `str`, computed
//! eight bytes at a time, and a galloping lower bound.
//!
//! Scope-tokens are short (most are under 40 bytes) and the checks on sets
//! compare many of them; a call into the C library's `memcmp` for each costs
//! more than the comparison itself.

use core::cmp::Ordering;

/// From this many common bytes, [`cmp_bytes`] leaves the comparison to
/// `memcmp`.
const LONG: usize = 64;

/// The order of `str` (bytewise, a prefix first), comparing eight bytes at a
/// time as big-endian integers, with no loop over single bytes.
#[inline]
pub(crate) fn cmp(a: &str, b: &str) -> Ordering {
    cmp_bytes(a.as_bytes(), b.as_bytes())
}

/// [`cmp`] on bytes.
#[inline]
pub(crate) fn cmp_bytes(a: &[u8], b: &[u8]) -> Ordering {
    let common = a.len().min(b.len());
    if common > LONG {
        // Long tokens (a URL, a hostile kilobyte): the C library's
        // `memcmp` reads them faster than this loop, in any build.
        return a.cmp(b);
    }
    let mut at = 0;
    while at + 8 <= common {
        let (p, q) = (be64(a, at), be64(b, at));
        if p != q {
            return p.cmp(&q);
        }
        at += 8;
    }
    // Fewer than eight bytes left. When at least eight came before, the
    // last eight of the common part overlap bytes already found equal.
    let order = if at == common {
        Ordering::Equal
    } else if common >= 8 {
        be64(a, common - 8).cmp(&be64(b, common - 8))
    } else {
        short_key(&a[..common]).cmp(&short_key(&b[..common]))
    };
    order.then(a.len().cmp(&b.len()))
}

/// The eight bytes of `s` from `at`, big-endian: in the order of the bytes.
#[inline]
fn be64(s: &[u8], at: usize) -> u64 {
    u64::from_be_bytes(chunk(&s[at..]))
}

/// The first `N` bytes of `s`, which has at least that many: one bounds
/// check for the lot (`<[u8]>::first_chunk` is newer than this crate's
/// minimum Rust).
#[inline]
pub(crate) fn chunk<const N: usize>(s: &[u8]) -> [u8; N] {
    s[..N].try_into().expect("N bytes make an array of N")
}

/// For slices of one length under eight: a number in the same order as the
/// slices, and different for different slices. Two overlapping loads cover
/// the slice; where they overlap, two slices whose first load is equal are
/// equal too.
#[inline]
pub(crate) fn short_key(s: &[u8]) -> u64 {
    let n = s.len();
    if n >= 4 {
        let head = u32::from_be_bytes(chunk(s));
        let tail = u32::from_be_bytes(chunk(&s[n - 4..]));
        u64::from(head) << 32 | u64::from(tail)
    } else if n >= 2 {
        let head = u16::from_be_bytes(chunk(s));
        let tail = u16::from_be_bytes(chunk(&s[n - 2..]));
        u64::from(head) << 16 | u64::from(tail)
    } else {
        s.first().map_or(0, |&c| u64::from(c))
    }
}

/// Whether `a == b`, comparing as [`cmp`] does.
#[inline]
pub(crate) fn eq(a: &str, b: &str) -> bool {
    eq_bytes(a.as_bytes(), b.as_bytes())
}

/// [`eq`] on bytes.
#[inline]
pub(crate) fn eq_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && cmp_bytes(a, b) == Ordering::Equal
}

/// The first position at or after `from` in the sorted `items` whose text
/// is not less than `token`, by galloping: logarithmic in the distance moved,
/// so a walk of sorted queries costs what a merge does.
pub(crate) fn lower_bound_from<T: AsRef<str>>(items: &[T], from: usize, token: &str) -> usize {
    search_from(items, from, token).unwrap_or_else(|at| at)
}

/// [`lower_bound_from`], saying whether `token` is there: `Ok` with its
/// position, or `Err` with where it would go. Stops at the first probe that
/// finds it.
#[inline(always)]
pub(crate) fn search_from<T: AsRef<str>>(
    items: &[T],
    from: usize,
    token: &str,
) -> Result<usize, usize> {
    let start = from.min(items.len());
    let items = &items[start..];
    // Probes 0, 1, 3, 7, …: every item before `below` is less than `token`,
    // and the one at `probe` (or the end) is greater.
    let (mut below, mut probe) = (0, 0);
    while let Some(item) = items.get(probe) {
        match cmp(item.as_ref(), token) {
            Ordering::Less => {
                below = probe + 1;
                probe = 2 * probe + 1;
            }
            Ordering::Equal => return Ok(start + probe),
            Ordering::Greater => break,
        }
    }
    let above = probe.min(items.len());
    if below == above {
        // Nothing lies between the last probe below and the first above
        // (or the end): usual in a walk of sorted queries.
        return Err(start + below);
    }
    search_range(items, below, above, token)
        .map(|at| start + at)
        .map_err(|at| start + at)
}

/// A binary search of `items[lo..hi]` for `token`, answering in positions
/// of `items`.
pub(crate) fn search_range<T: AsRef<str>>(
    items: &[T],
    lo: usize,
    hi: usize,
    token: &str,
) -> Result<usize, usize> {
    items[lo..hi]
        .binary_search_by(|t| cmp(t.as_ref(), token))
        .map(|i| lo + i)
        .map_err(|i| lo + i)
}

/// The length of the longest common prefix of `a` and `b`, eight bytes at
/// a time.
#[inline]
pub(crate) fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let common = a.len().min(b.len());
    let mut at = 0;
    while at + 8 <= common {
        let diff = u64::from_ne_bytes(chunk(&a[at..])) ^ u64::from_ne_bytes(chunk(&b[at..]));
        if diff != 0 {
            // The first differing byte is the lowest in memory order.
            let byte = if cfg!(target_endian = "little") {
                diff.trailing_zeros()
            } else {
                diff.leading_zeros()
            } / 8;
            return at + byte as usize;
        }
        at += 8;
    }
    at + a[at..common]
        .iter()
        .zip(&b[at..common])
        .take_while(|(x, y)| x == y)
        .count()
}

/// For each length in `lens`, longest first and each shorter than `r`:
/// whether the prefix `r[..len]` is among `items[..end]`, where `items` is
/// sorted and `end` is where `r` would go in it (so `items[..end]` are all
/// less than `r`). Calls `hit(len)` for each prefix found, until it returns
/// `true`, and returns whether it did.
///
/// Among the items below `r`, the length of the common prefix with `r` never
/// grows going down, so the items that start with `r[..len]` are a run just
/// below `end`, and `r[..len]` is there exactly when the run's first item
/// has that length. The walk gallops down once for all the lengths, and a
/// prefix whose run starts where the last one's did costs no probe at all,
/// so a long item sharing a long prefix with `r` is not re-read for each
/// prefix: the cost is linear in `r` plus, for each probe, the common
/// prefix of the item probed with `r`, with a logarithmic number of probes
/// per prefix whose run starts lower than the last one's.
pub(crate) fn prefixes_among<T: AsRef<str>>(
    items: &[T],
    end: usize,
    r: &str,
    lens: impl Iterator<Item = usize>,
    mut hit: impl FnMut(usize) -> bool,
) -> bool {
    let r = r.as_bytes();
    let lcp = |j: usize| common_prefix(items[j].as_ref().as_bytes(), r);
    // The run for the last length is `items[lo..end]`; `below` is the common
    // prefix of `items[lo - 1]` with `r`, when known.
    let mut lo = end.min(items.len());
    let end = lo;
    let mut below: Option<usize> = None;
    for len in lens {
        debug_assert!(len < r.len());
        if lo > 0 && *below.get_or_insert_with(|| lcp(lo - 1)) >= len {
            // `items[lo - 1]` starts with the prefix too: gallop down to an
            // item that does not, then search between.
            let (mut inside, mut step) = (lo - 1, 1);
            let mut outside: Option<(usize, usize)> = None;
            while inside > 0 {
                let j = inside.saturating_sub(step);
                let l = lcp(j);
                if l < len {
                    outside = Some((j, l));
                    break;
                }
                inside = j;
                step *= 2;
            }
            below = outside.map(|(mut out, mut out_lcp)| {
                while inside - out > 1 {
                    let mid = out + (inside - out) / 2;
                    let l = lcp(mid);
                    if l >= len {
                        inside = mid;
                    } else {
                        (out, out_lcp) = (mid, l);
                    }
                }
                out_lcp
            });
            lo = inside;
        }
        if lo < end && items[lo].as_ref().len() == len && hit(len) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use alloc::format;
    use alloc::string::String;
    use alloc::vec::Vec;

    #[test]
    fn cmp_is_the_order_of_str() {
        // Every pair among tokens that share long prefixes, differ in the
        // first, eighth, ninth or last byte, or are prefixes of each other.
        let mut tokens: Vec<String> = Vec::new();
        for len in 0..26 {
            for at in 0..len {
                for c in [b'a', b'b', b'~', b'!'] {
                    let mut t = alloc::vec![b'm'; len];
                    t[at] = c;
                    tokens.push(String::from_utf8(t).unwrap());
                }
            }
            tokens.push("m".repeat(len));
        }
        for a in &tokens {
            for b in &tokens {
                assert_eq!(super::cmp(a, b), a.cmp(b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn prefixes_among_finds_exactly_the_prefixes_below() {
        let mut items: Vec<String> = Vec::new();
        for a in ["", "a", "a.a", "a.a.a", "a.b", "a.a.a.a.x", "b"] {
            for tail in ["", "!", "0", "a.", "a.a", "z"] {
                items.push(format!("{a}{tail}"));
            }
        }
        items.retain(|t| !t.is_empty());
        items.sort_unstable();
        items.dedup();
        for r in ["a.a.a.a.a", "a.a.a.a.x", "a.b.c", "b.b", "a.a0", "z"] {
            let end = items.partition_point(|t| t.as_str() < r);
            for skip in 0..items.len() {
                // Every subset of the items, by leaving some out.
                let sub: Vec<&String> = items.iter().skip(skip).step_by(2).collect();
                let end = sub.partition_point(|t| t.as_str() < r);
                let lens: Vec<usize> = (1..r.len()).rev().collect();
                let mut found = Vec::new();
                super::prefixes_among(&sub, end, r, lens.iter().copied(), |l| {
                    found.push(l);
                    false
                });
                let expect: Vec<usize> = lens
                    .iter()
                    .copied()
                    .filter(|&l| sub.iter().any(|t| **t == r[..l]))
                    .collect();
                assert_eq!(found, expect, "{r} in {sub:?}");
            }
            let _ = end;
        }
    }

    #[test]
    fn common_prefix_counts_equal_leading_bytes() {
        for (a, b, n) in [
            ("", "", 0),
            ("abc", "abd", 2),
            ("abcdefghijkl", "abcdefghijkm", 11),
            ("abcdefgh", "abcdefgh", 8),
            ("abcdefghi", "abcdefgh", 8),
            ("xbcdefghijklmnopq", "abcdefghijklmnopq", 0),
            ("abcdefghijklmnopq", "abcdefghijklmnopQ", 16),
            ("abcdefghXjklmnopq", "abcdefghijklmnopq", 8),
        ] {
            assert_eq!(
                super::common_prefix(a.as_bytes(), b.as_bytes()),
                n,
                "{a} {b}"
            );
        }
    }

    #[test]
    fn lower_bound_from_is_the_partition_point_after_from() {
        let items: Vec<String> = (0..40).map(|i| format!("t{:02}", 2 * i)).collect();
        for probe in (0..82)
            .map(|i| format!("t{i:02}"))
            .chain(["a".into(), "u".into()])
        {
            let point = items.partition_point(|t| *t < probe);
            for from in 0..=items.len() + 2 {
                let at = point.max(from.min(items.len()));
                assert_eq!(
                    super::lower_bound_from(&items, from, &probe),
                    at,
                    "{probe} from {from}"
                );
                let found = items.get(at) == Some(&probe);
                assert_eq!(
                    super::search_from(&items, from, &probe),
                    if found { Ok(at) } else { Err(at) },
                    "{probe} from {from}"
                );
            }
        }
    }
}
