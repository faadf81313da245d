//! Sorting a set's tokens into byte order, and removing repeats.
//!
//! A strict scope of 8 to 16 tokens (and 1 KiB) is sorted as integer keys
//! on the stack: each token's first eight bytes, then, for tokens that tie,
//! the eight bytes past the prefix they share ([`small_order`]). Other small
//! sets sort their tokens directly, comparing eight bytes at a time
//! ([`order::cmp`]). A large set first sorts integer keys: the five bytes
//! that follow the prefix every token shares, big-endian, padded with
//! zeros, each packed with its token's place into one `u64`. No
//! scope-token holds a zero byte (RFC 6749 §3.3), so the keys are in the
//! tokens' order and differ where those bytes do; only tokens with equal
//! keys are compared as strings. A radix sort orders the keys in at most
//! five linear passes over one array and reads no token: sorting 100 000
//! scrambled tokens by comparison went through their pointers and missed
//! the caches at nearly every step (10.1 ms, against 3.2 ms now).
//!
//! The sorted keys stay with the set as its [`Keys`]: a search then compares
//! integers in one array and reads a token only where keys tie, where a
//! search of the tokens reads one through its pointer at every probe.

use alloc::borrow::Cow;
use alloc::vec::Vec;
use core::cmp::Ordering;
use core::mem;

use super::ScopeSet;
use crate::error::ParseError;
use crate::{order, parse};

/// From this many tokens, keys first. Below it the tokens fit the caches
/// and the keys' allocation costs more than it saves.
const KEYED_FROM: usize = 128;

/// Up to this many tokens, [`small_strict`] reads a set in one pass. Its
/// stack array of slices is filled with empty ones first: at 32, that cost
/// a four-token set more than the pass saved.
const SMALL: usize = 16;

/// Texts longer than this go the usual way without trying [`small_strict`]:
/// 16 tokens of 64 bytes (Google's 11 take 424).
const SMALL_BYTES: usize = 1024;

/// The set of `text` in strict form when it has at most [`SMALL`] tokens,
/// read in one pass: the recognizer that validates it also finds its tokens,
/// which wait on the stack to be sorted, and the set's vector is allocated
/// once, at its final length. `None` when the text has more tokens.
///
/// The first problem of `text`, as the grammar names it, is an `Err`.
pub(super) fn small_strict<'a>(text: &'a str) -> Option<Result<ScopeSet<'a>, ParseError>> {
    if text.len() > SMALL_BYTES {
        // Most likely more than SMALL tokens: reading the first ones here
        // would be lost work.
        return None;
    }
    let mut found: [&'a str; SMALL] = [""; SMALL];
    let mut count = 0;
    let mut scan = parse::StrictScan::new(text.as_bytes());
    for (start, end) in &mut scan {
        let slot = found.get_mut(count)?;
        // Each end is an end of the text or next to a space, a character
        // of one byte, so the slice is on character boundaries and cannot
        // panic. `get` with a fallback cost ten instructions a token more.
        *slot = &text[start..end];
        count += 1;
    }
    if !scan.is_strict() || count == 0 {
        // The grammar names the first problem; were it to find none, the
        // caller reads the text the usual way.
        return parse::validate_strict(text).err().map(Err);
    }
    let found = &mut found[..count];
    let mut tokens = Vec::with_capacity(count);
    let mut last: Option<&str> = None;
    let mut push = |t: &'a str| {
        if last.is_none_or(|l| !order::eq(l, t)) {
            tokens.push(Cow::Borrowed(t));
            last = Some(t);
        }
    };
    if count < KEYED_FROM_SMALL {
        found.sort_unstable_by(|a, b| order::cmp(a, b));
        for &t in found.iter() {
            push(t);
        }
    } else {
        // The tokens are read where they are: a copy to permute them in
        // place made the reads wait for its stores. Where the keys prove
        // the tokens distinct, no neighbours are compared.
        let mut all_keys = [0u64; SMALL];
        let keys = &mut all_keys[..count];
        if small_order(found, keys) {
            tokens.extend(keys.iter().map(|&k| Cow::Borrowed(found[small_place(k)])));
        } else {
            for &k in keys.iter() {
                push(found[small_place(k)]);
            }
        }
    }
    Some(Ok(ScopeSet::from_sorted(tokens)))
}

/// From this many tokens, [`small_strict`] sorts them by [`small_order`];
/// fewer are sorted as strings, which cost a four-token set less than
/// computing their keys (77 against 81 ns).
const KEYED_FROM_SMALL: usize = 8;

/// Bits of a token's place in the keys of [`small_order`].
const SMALL_BITS: u32 = SMALL.trailing_zeros();

/// The mask of those bits.
const PLACE: u64 = (1 << SMALL_BITS) - 1;

/// Fills `keys`, one per token of `tokens` (at most [`SMALL`]), with keys
/// whose low [`SMALL_BITS`] bits are the tokens' places, in byte order of
/// the tokens, repeats side by side. True when the keys alone tell every
/// token from the others: then no two tokens are equal.
///
/// Each token's first eight bytes, as [`key`] reads them, with its place in
/// the low [`SMALL_BITS`] bits, are sorted as integers. Tokens whose keys
/// still tie above those bits share at least their first seven bytes: they
/// are keyed again past the prefix they all share (Google's scopes share
/// 32 bytes, `https://www.googleapis.com/auth/`), and sorted once more.
/// Only where keys tie even then are tokens compared as strings. Sorting
/// the strings directly compared those 32 bytes at nearly every step.
fn small_order(tokens: &[&str], keys: &mut [u64]) -> bool {
    let keyed = |token: &str, at: usize, place: u64| key(token.as_bytes(), at) & !PLACE | place;
    let token = |k: u64| tokens[small_place(k)];
    let tied = |a: u64, b: u64| a >> SMALL_BITS == b >> SMALL_BITS;
    for (place, (slot, token)) in (0..).zip(keys.iter_mut().zip(tokens)) {
        *slot = keyed(token, 0, place);
    }
    keys.sort_unstable();
    let mut distinct = true;
    let mut start = 0;
    while start < keys.len() {
        let run_key = keys[start];
        let end = start
            + keys[start..]
                .iter()
                .take_while(|&&k| tied(k, run_key))
                .count();
        let run = &mut keys[start..end];
        start = end;
        if run.len() < 2 {
            continue;
        }
        let shared = common_prefix(run.iter().map(|&k| token(k).as_bytes()));
        for k in run.iter_mut() {
            *k = keyed(token(*k), shared, *k & PLACE);
        }
        run.sort_unstable();
        if run.windows(2).any(|w| tied(w[0], w[1])) {
            run.sort_unstable_by(|&a, &b| order::cmp(token(a), token(b)));
            distinct = false;
        }
    }
    distinct
}

/// The place of a token in a key of [`small_order`].
#[inline]
fn small_place(key: u64) -> usize {
    (key & PLACE) as usize
}

/// Sorts `tokens` into byte order and removes repeats; the keys of the
/// sorted tokens when the set is large.
pub(super) fn sort_dedup(tokens: &mut Vec<Cow<'_, str>>) -> Keys {
    if tokens.len() < KEYED_FROM {
        tokens.sort_unstable_by(|a, b| order::cmp(a, b));
        tokens.dedup_by(|a, b| order::eq(a, b));
        Keys::NONE
    } else {
        sort_by_keys(tokens)
    }
}

/// The sort keys of a large set's members, kept for searching it.
///
/// `packed[i]` holds, above its low [`INDEX_BITS`], the five bytes of
/// member `i` after the `shared` bytes that every member starts with
/// (big-endian, zero-padded); the low bits are a leftover of the sort and
/// never read. The keys are in the members' order, so a search compares
/// integers and reads a member only where its key equals the probe's. A set
/// has keys only where it was sorted by them (128 tokens or more) or kept
/// them through a change; `packed` is empty otherwise.
#[derive(Clone, Debug, Default)]
pub(super) struct Keys {
    shared: usize,
    packed: Vec<u64>,
}

impl Keys {
    /// No keys: searches read the members.
    pub(super) const NONE: Self = Self {
        shared: 0,
        packed: Vec::new(),
    };

    /// Whether these are the keys of `tokens`.
    #[inline]
    fn of<T>(&self, tokens: &[T]) -> bool {
        !self.packed.is_empty() && self.packed.len() == tokens.len()
    }

    /// The key of `token`, when it starts with the `shared` bytes of
    /// `first`, the set's first member.
    #[inline]
    fn probe(&self, first: &[u8], token: &[u8]) -> Option<u64> {
        let head = token.get(..self.shared)?;
        order::eq_bytes(head, &first[..self.shared]).then(|| key(token, self.shared) >> INDEX_BITS)
    }

    /// Where `token` is in `tokens` (`Ok`), or would go (`Err`), as
    /// `binary_search` answers; `None` when these are not their keys.
    #[inline]
    pub(super) fn search(
        &self,
        tokens: &[Cow<'_, str>],
        token: &str,
    ) -> Option<Result<usize, usize>> {
        if !self.of(tokens) {
            return None;
        }
        let token = token.as_bytes();
        let first = tokens[0].as_bytes();
        let Some(k) = self.probe(first, token) else {
            // It differs from every member within their shared bytes, so
            // it is below them all or above them all.
            return Some(if order::cmp_bytes(token, first).is_lt() {
                Err(0)
            } else {
                Err(tokens.len())
            });
        };
        // The first member whose key is not below the probe's: a search
        // of integers in one array, with no branch to mispredict.
        let keys = &self.packed;
        let (mut base, mut size) = (0, keys.len());
        while size > 1 {
            let half = size / 2;
            if keys[base + half - 1] >> INDEX_BITS < k {
                base += half;
            }
            size -= half;
        }
        let lo = base + usize::from(keys[base] >> INDEX_BITS < k);
        let has_key = |i: usize| keys.get(i).is_some_and(|&e| e >> INDEX_BITS == k);
        if !has_key(lo) {
            return Some(Err(lo));
        }
        // Members whose keys equal the probe's are equal to it up to
        // `after`: their order is that of the bytes after it.
        let after = self.shared + 5;
        let probe_tail = tail(token, after);
        let found = if has_key(lo + 1) {
            let hi = lo + keys[lo..].partition_point(|&e| e >> INDEX_BITS == k);
            tokens[lo..hi]
                .binary_search_by(|t| order::cmp_bytes(tail(t.as_bytes(), after), probe_tail))
                .map(|i| lo + i)
                .map_err(|i| lo + i)
        } else {
            match order::cmp_bytes(tail(tokens[lo].as_bytes(), after), probe_tail) {
                Ordering::Equal => Ok(lo),
                Ordering::Less => Err(lo + 1),
                Ordering::Greater => Err(lo),
            }
        };
        Some(found)
    }

    /// Keeps the keys right after `token` went in at `at`: drops them when
    /// it does not start with the shared bytes.
    pub(super) fn inserted(&mut self, tokens: &[Cow<'_, str>], at: usize) {
        if self.packed.len() + 1 != tokens.len() {
            self.packed = Vec::new();
            return;
        }
        let first = if at == 0 {
            tokens.get(1)
        } else {
            tokens.first()
        };
        let token = tokens[at].as_bytes();
        match first.and_then(|f| self.probe(f.as_bytes(), token)) {
            Some(k) => self.packed.insert(at, k << INDEX_BITS),
            None => self.packed = Vec::new(),
        }
    }

    /// Keeps the keys right after the member at `at` went out of `tokens`.
    pub(super) fn removed(&mut self, tokens: &[Cow<'_, str>], at: usize) {
        if self.packed.len() == tokens.len() + 1 {
            self.packed.remove(at);
        } else {
            self.packed = Vec::new();
        }
    }
}

/// The bytes of `t` from `after`, none when it is shorter.
fn tail(t: &[u8], after: usize) -> &[u8] {
    t.get(after..).unwrap_or_default()
}

/// The length of the prefix every token shares. It is first guessed as the
/// prefix of the first two, and checked against the others: the processor
/// guesses the check's answer, so the work that needs the length does not
/// wait for it, where a running minimum of each token's common prefix with
/// the first made every comparison wait for the one before (Google's 11
/// tokens: 241 against 229 ns). Linear in the bytes read either way.
fn common_prefix<'t>(mut tokens: impl Iterator<Item = &'t [u8]> + Clone) -> usize {
    let Some(first) = tokens.next() else {
        return 0;
    };
    let guess = tokens
        .clone()
        .next()
        .map_or(first.len(), |second| order::common_prefix(first, second));
    let prefix = &first[..guess];
    if tokens.clone().all(|t| t.starts_with(prefix)) {
        guess
    } else {
        tokens
            .map(|t| order::common_prefix(prefix, t))
            .min()
            .unwrap_or(guess)
    }
}

/// The eight bytes of `token` from `at`, big-endian, zeros past its end.
fn key(token: &[u8], at: usize) -> u64 {
    let rest = token.get(at..).unwrap_or_default();
    if let Some(head) = rest.first_chunk::<8>() {
        return u64::from_be_bytes(*head);
    }
    // Fewer than eight bytes: two loads that overlap, each moved to its
    // bytes' places (the overlap holds the same bytes in both), rather than
    // a copy into a padded array, which called `memcpy`. `order::short_key`
    // loads the same way but leaves the tail where it is, which orders
    // slices of one length only; giving it this padding cost its callers
    // (`contains`, `covers`) 10 % to 18 % more instructions.
    let n = rest.len();
    let pad = 8 * (8 - n as u32);
    if n >= 4 {
        let head = u32::from_be_bytes(order::chunk(rest));
        let tail = u32::from_be_bytes(order::chunk(&rest[n - 4..]));
        u64::from(head) << 32 | u64::from(tail) << pad
    } else if n >= 2 {
        let head = u16::from_be_bytes(order::chunk(rest));
        let tail = u16::from_be_bytes(order::chunk(&rest[n - 2..]));
        u64::from(head) << 48 | u64::from(tail) << pad
    } else {
        rest.first().map_or(0, |&b| u64::from(b) << 56)
    }
}

/// Bits of a token's place in the packed keys: up to 16 777 216 tokens are
/// sorted by packed keys, more by wide ones.
const INDEX_BITS: u32 = 24;

/// Sorts by keys, then the tokens whose keys are equal by their bytes after
/// the key; drops repeats; then puts the tokens in that order.
fn sort_by_keys(tokens: &mut Vec<Cow<'_, str>>) -> Keys {
    if tokens.len() >= 1 << INDEX_BITS {
        // A set this large (16 million tokens) is sorted by comparisons.
        tokens.sort_unstable_by(|a, b| order::cmp(a, b));
        tokens.dedup_by(|a, b| order::eq(a, b));
        return Keys::NONE;
    }
    let keys = sorted_places(tokens.len(), |i| tokens[i].as_bytes());
    let mut sorted = Vec::with_capacity(keys.packed.len());
    sorted.extend(
        keys.packed
            .iter()
            .map(|&e| mem::take(&mut tokens[place(e)])),
    );
    *tokens = sorted;
    keys
}

/// The tokens of `text`, valid in strict form with `count` tokens, sorted
/// and without repeats; `None` when the set is small (or over 16 million
/// tokens, or the text over 4 GiB), for the caller to sort the usual way.
///
/// The tokens are found as `(start, length)` pairs, eight bytes each, and
/// the set's vector is written once, in order, at its final length.
pub(super) fn sorted_text(text: &str, count: usize) -> Option<(Vec<Cow<'_, str>>, Keys)> {
    if !(KEYED_FROM..1 << INDEX_BITS).contains(&count) || u32::try_from(text.len()).is_err() {
        return None;
    }
    let bytes = text.as_bytes();
    let mut spans: Vec<(u32, u32)> = Vec::with_capacity(count);
    // Positions fit in u32: the text's length does.
    let mut start = 0;
    parse::for_each_space(bytes, |at| {
        spans.push((start, at as u32 - start));
        start = at as u32 + 1;
    });
    spans.push((start, bytes.len() as u32 - start));
    let token = |i: usize| {
        let (start, len) = spans[i];
        &bytes[start as usize..(start + len) as usize]
    };
    let keys = sorted_places(spans.len(), token);
    let mut sorted = Vec::with_capacity(keys.packed.len());
    sorted.extend(keys.packed.iter().map(|&e| {
        let (start, len) = spans[place(e)];
        Cow::Borrowed(&text[start as usize..(start + len) as usize])
    }));
    Some((sorted, keys))
}

/// The place of a token in a packed key.
fn place(packed: u64) -> usize {
    (packed & 0xFF_FFFF) as usize
}

/// The packed keys of `count` tokens (`token(i)` the bytes of the `i`th),
/// sorted into the tokens' byte order, one per distinct token, with the
/// length of the prefix they share.
///
/// Each key is packed with its token's place into one `u64`: the first five
/// bytes after the shared prefix above, the place below, so that the radix
/// sort moves eight bytes per token and reads only the five key bytes.
fn sorted_places<'t>(count: usize, token: impl Fn(usize) -> &'t [u8]) -> Keys {
    let shared = common_prefix((0..count).map(&token));
    let mut keyed: Vec<u64> = (0..count)
        .map(|i| (key(token(i), shared) & !0xFF_FFFF) | i as u64)
        .collect();
    radix_sort(&mut keyed);
    let after = shared + 5;
    let tail = |e: u64| tail(token(place(e)), after);
    // Runs of equal keys: sorted by the rest of their bytes, repeats out.
    let mut unique = 0;
    let mut start = 0;
    while start < keyed.len() {
        let k = keyed[start] >> INDEX_BITS;
        let end = start
            + keyed[start..]
                .iter()
                .take_while(|&&e| e >> INDEX_BITS == k)
                .count();
        if end - start > 1 {
            keyed[start..end].sort_unstable_by(|&a, &b| order::cmp_bytes(tail(a), tail(b)));
        }
        for at in start..end {
            if at == start || tail(keyed[at]) != tail(keyed[at - 1]) {
                keyed[unique] = keyed[at];
                unique += 1;
            }
        }
        start = end;
    }
    keyed.truncate(unique);
    Keys {
        shared,
        packed: keyed,
    }
}

/// Sorts packed keys by their key bytes (the top five), least significant
/// first (a stable counting sort per byte), skipping the bytes that every
/// key shares: at most five linear passes, and no comparison.
fn radix_sort(items: &mut Vec<u64>) {
    const PASSES: usize = 5;
    let shift = |pass: usize| INDEX_BITS as usize + 8 * pass;
    let mut counts = [[0usize; 256]; PASSES];
    for &item in items.iter() {
        for (pass, count) in counts.iter_mut().enumerate() {
            count[(item >> shift(pass)) as usize & 0xFF] += 1;
        }
    }
    let mut scratch = items.clone();
    for (pass, count) in counts.iter().enumerate() {
        if count.contains(&items.len()) {
            continue;
        }
        let mut next = [0usize; 256];
        let mut sum = 0;
        for (slot, &c) in next.iter_mut().zip(count) {
            *slot = sum;
            sum += c;
        }
        for &item in items.iter() {
            let digit = (item >> shift(pass)) as usize & 0xFF;
            scratch[next[digit]] = item;
            next[digit] += 1;
        }
        mem::swap(items, &mut scratch);
    }
}

#[cfg(test)]
mod tests {
    use alloc::format;
    use alloc::string::String;
    use alloc::vec::Vec;

    use super::*;

    #[test]
    fn small_order_sorts_like_str() {
        // Runs that tie on their first eight bytes, past a shared prefix or
        // not, repeats, prefixes of each other, and tokens under 8 bytes.
        let sets: [&[&str]; 9] = [
            // The first two share more than the others, which share less
            // with the first than each other.
            &["abcdefgh1xxQ", "abcdefgh1xxP", "abcdefgh12", "abcdefghZ"],
            // The byte at the shared prefix decides, the next one would not.
            &["abcdefgh_Ba", "abcdefgh_Az"],
            // Two still tie past the prefix all three share.
            &["abcdefgh1xxxxxxxxxQ", "abcdefgh1xxxxxxxxxP", "abcdefgh2"],
            &[
                "email",
                "openid",
                "https://x/auth/drive",
                "https://x/auth/docs",
                "https://x/a",
            ],
            &["abcdefgh1", "abcdefgh", "abcdefgh2", "abcdefgh", "abcdefg"],
            &[
                "p:aaaaaaaaaaaaaaaaaa1",
                "p:aaaaaaaaaaaaaaaaaa0",
                "p:aaaab",
                "p:aaaaaaaaaaaaaaaaaa",
            ],
            &["b", "a", "b", "c", "ab", "a"],
            &["s/x1y", "s/x1x", "s/x2", "s/x1", "s/x10", "t", "s/x1y"],
            &[
                "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p",
            ],
        ];
        for tokens in sets {
            let mut keys = [0; SMALL];
            let keys = &mut keys[..tokens.len()];
            let distinct = small_order(tokens, keys);
            let ordered: Vec<&str> = keys.iter().map(|&k| tokens[small_place(k)]).collect();
            let mut expected = tokens.to_vec();
            expected.sort_unstable();
            assert_eq!(ordered, expected, "{tokens:?}");
            let repeats = expected.windows(2).any(|w| w[0] == w[1]);
            assert!(!(distinct && repeats), "{tokens:?}");
        }
    }

    #[test]
    fn small_order_says_distinct_only_when_keys_prove_it() {
        // Keys tell these apart: Google's run, keyed past its 32 shared
        // bytes, and two short tokens.
        let google = [
            "email",
            "openid",
            "https://www.googleapis.com/auth/drive",
            "https://www.googleapis.com/auth/drive.readonly",
            "https://www.googleapis.com/auth/docs",
            "https://www.googleapis.com/auth/photos",
            "https://www.googleapis.com/auth/meetings",
            "https://www.googleapis.com/auth/userinfo.email",
        ];
        // A repeat, and two tokens that differ only after the eight bytes
        // past the prefix of their run.
        let repeat = ["a", "b", "c", "d", "e", "f", "g", "a"];
        let late = [
            "p:0",
            "p:1",
            "p:2",
            "p:3",
            "p:4",
            "abcdefgh1xxxxxxxxxQ",
            "abcdefgh1xxxxxxxxxP",
            "abcdefgh2",
        ];
        for (tokens, expected) in [(&google, true), (&repeat, false), (&late, false)] {
            let mut keys = [0; SMALL];
            let keys = &mut keys[..tokens.len()];
            assert_eq!(small_order(tokens, keys), expected, "{tokens:?}");
        }
    }

    #[test]
    fn small_strict_removes_repeats_among_keyed_tokens() {
        // With no repeat the keys prove every token distinct and the sorted
        // tokens are written without comparing neighbours.
        let google = "email openid https://www.googleapis.com/auth/userinfo.email \
            https://www.googleapis.com/auth/docs.test https://www.googleapis.com/auth/drive \
            https://www.googleapis.com/auth/drive.photos.readonly \
            https://www.googleapis.com/auth/peopleapi.readonly \
            https://www.googleapis.com/auth/meetings \
            https://www.googleapis.com/auth/drive.activity.readonly \
            https://www.googleapis.com/auth/experimentsandconfigs \
            https://www.googleapis.com/auth/photos.native";
        let mut sorted: Vec<&str> = google.split(' ').collect();
        sorted.sort_unstable();
        let sorted = sorted.join(" ");
        for (text, expected) in [
            (google, sorted.as_str()),
            ("h g f e d c b a a", "a b c d e f g h"),
            ("x:1 x:2 x:1 x:3 x:2 x:4 x:5 x:6", "x:1 x:2 x:3 x:4 x:5 x:6"),
            (
                "https://x.example/a https://x.example/b https://x.example/a e f g h i",
                "e f g h https://x.example/a https://x.example/b i",
            ),
        ] {
            let set = small_strict(text).expect("few tokens").expect("valid");
            let expected: Vec<&str> = expected.split(' ').collect();
            assert_eq!(set.iter().map(|t| t.as_str()).collect::<Vec<_>>(), expected);
        }
    }

    #[test]
    fn key_pads_with_zeros() {
        let token = b"abcdefghij";
        for len in 0..=token.len() {
            let token = &token[..len];
            for at in 0..=len + 1 {
                let rest = token.get(at..).unwrap_or_default();
                let mut padded = [0; 8];
                let n = rest.len().min(8);
                padded[..n].copy_from_slice(&rest[..n]);
                assert_eq!(key(token, at), u64::from_be_bytes(padded), "{len} {at}");
            }
        }
    }

    #[test]
    fn small_strict_slices_only_on_character_boundaries() {
        // Characters of two, three and four bytes at each end of a token,
        // in texts short and long enough for whole blocks: refused, never
        // a panic.
        for c in ['\u{a0}', '\u{2028}', '\u{1F600}'] {
            for filler in ["a", "https://www.googleapis.com/auth/drive"] {
                for at in 0..9 {
                    for side in 0..2 {
                        let tokens: Vec<String> = (0..9)
                            .map(|i| match (i == at, side) {
                                (true, 0) => format!("{c}{filler}"),
                                (true, _) => format!("{filler}{c}"),
                                _ => format!("{filler}{i}"),
                            })
                            .collect();
                        let text = tokens.join(" ");
                        assert!(matches!(small_strict(&text), Some(Err(_))), "{text}");
                    }
                }
            }
            // The character across each place of the first 64-byte blocks'
            // ends, first in a token and then right after a space.
            for pad in 0..140 {
                let fill = "x".repeat(pad);
                for text in [
                    format!("{fill}{c} b c d e f g h i"),
                    format!("{fill} {c}x b c d e f g h"),
                ] {
                    assert!(matches!(small_strict(&text), Some(Err(_))), "{text}");
                }
            }
        }
    }
}
