//! The block-at-a-time recognizer of strict form: RFC 6749 §3.3's grammar
//! checked 32 or 64 bytes at a time with no branch inside a block, so that
//! the compiler vectorizes the loops. It accepts or refuses and splits into
//! tokens; it never says where a problem is. When it refuses, the nom
//! grammar of the parent module runs and reports the first problem, so the
//! two can only differ in speed.

/// Whether byte `b` can never appear in strict form: outside `%x20-7E`, or
/// `"` or `\`. Branch-free, so that the compiler vectorizes loops over it.
/// Adding one sends `0x7F` and every byte from `0x80` below zero as a
/// signed byte, and every byte under `0x20` under `0x21`: one addition and
/// one signed comparison, which the vector unit has, where an unsigned
/// range check takes three.
#[inline(always)]
#[allow(clippy::needless_bitwise_bool)] // `||` would branch, and stop the vectorizing
const fn never_allowed(b: u8) -> bool {
    (i8::from_ne_bytes([b.wrapping_add(1)]) < 0x21) | (b == b'"') | (b == b'\\')
}

/// Bytes per block of the fast recognizer.
const BLOCK: usize = 32;

/// Whether `bytes` is in strict form: `1*NQCHAR *( SP 1*NQCHAR )`. Checks
/// blocks of 32 bytes with no branch inside the loop (the compiler turns each
/// block into a few vector instructions), and gives no position: when it says
/// no, the nom grammar finds the first problem.
#[allow(clippy::needless_bitwise_bool)] // `&&` would branch inside the block
pub(crate) fn fast_strict(bytes: &[u8]) -> bool {
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    if first == b' ' || last == b' ' || never_allowed(last) {
        return false;
    }
    // One flag per lane, reduced once at the end: no branch and no
    // horizontal step inside the loop. Lane i looks at byte i and byte i + 1
    // of a 33-byte window, so a double space across two blocks is seen too;
    // the last byte of the input, checked above, is never byte i.
    let mut lanes = [0u8; BLOCK];
    let mut check = |window: &[u8; BLOCK + 1]| {
        for i in 0..BLOCK {
            let double_space = (window[i] == b' ') & (window[i + 1] == b' ');
            lanes[i] |= u8::from(never_allowed(window[i]) | double_space);
        }
    };
    let window_at = |start: usize| -> &[u8; BLOCK + 1] {
        bytes[start..=start + BLOCK]
            .try_into()
            .expect("a range of BLOCK + 1 bytes is an array of BLOCK + 1 bytes")
    };
    if bytes.len() > BLOCK {
        let mut start = 0;
        while start + BLOCK < bytes.len() {
            check(window_at(start));
            start += BLOCK;
        }
        // The last window overlaps the one before; checking a pair twice
        // changes nothing.
        check(window_at(bytes.len() - BLOCK - 1));
    } else {
        // A short input, padded with a token byte, which changes no verdict.
        let mut padded = [b'a'; BLOCK + 1];
        padded[..bytes.len()].copy_from_slice(bytes);
        check(&padded);
    }
    lanes.iter().fold(0, |acc, &lane| acc | lane) == 0
}

/// [`fast_strict`] and the split into tokens in one pass: yields `(start,
/// end)` for each run of bytes between spaces (empty runs included, when
/// the input is not in strict form); once the last has been read,
/// [`is_strict`](Self::is_strict) tells whether the input is in strict
/// form. Each block of 64 bytes yields the flag of bytes never allowed and
/// the mask of its spaces, from one loop the compiler vectorizes; a double
/// space is two neighbouring bits of the mask, and the tokens come from its
/// bits.
pub(crate) struct StrictScan<'b> {
    bytes: &'b [u8],
    /// Where the next block starts.
    next_block: usize,
    /// The start of the block whose spaces are in `spaces`.
    base: usize,
    spaces: u64,
    token_start: usize,
    bad: u8,
    /// Whether the last byte of the previous block was a space.
    last_was_space: bool,
    done: bool,
}

/// Bytes per block of [`StrictScan`] and [`spaces_in_block`]: one bit of a
/// `u64` per byte.
pub(crate) const SCAN: usize = 64;

impl<'b> StrictScan<'b> {
    pub(crate) fn new(bytes: &'b [u8]) -> Self {
        let bad = match (bytes.first(), bytes.last()) {
            (Some(&first), Some(&last)) => {
                u8::from(first == b' ' || last == b' ' || never_allowed(last))
            }
            _ => 1,
        };
        StrictScan {
            bytes,
            next_block: 0,
            base: 0,
            spaces: 0,
            token_start: 0,
            bad,
            last_was_space: false,
            done: bytes.is_empty(),
        }
    }

    /// Whether the input is in strict form; meaningful once every token has
    /// been read.
    pub(crate) fn is_strict(&self) -> bool {
        self.bad == 0
    }

    /// Reads the next block into `spaces`; false past the end.
    #[inline(always)]
    fn refill(&mut self) -> bool {
        let len = self.bytes.len();
        let start = self.next_block;
        if start >= len {
            return false;
        }
        let (flags, spaces) = if start + SCAN <= len {
            let block: &[u8; SCAN] = self.bytes[start..start + SCAN]
                .try_into()
                .expect("SCAN bytes remain from start");
            block_masks(block)
        } else if let Some(last) = self.bytes.last_chunk::<SCAN>() {
            // The last SCAN bytes of the text, whose first ones were read
            // in the block before (their verdict stands): their spaces are
            // shifted out.
            let (flags, spaces) = block_masks(last);
            (flags, spaces >> (SCAN - (len - start)))
        } else {
            // A scope shorter than a block.
            tail_masks(self.bytes, start)
        };
        // Two spaces in a row: two neighbouring bits, within the block or
        // across its start.
        let doubled = (spaces & (spaces << 1)) | (spaces & u64::from(self.last_was_space));
        self.bad |= flags | u8::from(doubled != 0);
        self.last_was_space = spaces >> (SCAN - 1) != 0;
        self.base = start;
        self.spaces = spaces;
        self.next_block = start + SCAN;
        true
    }
}

impl Iterator for StrictScan<'_> {
    type Item = (usize, usize);

    #[inline(always)]
    fn next(&mut self) -> Option<(usize, usize)> {
        loop {
            if self.spaces != 0 {
                let at = self.base + self.spaces.trailing_zeros() as usize;
                self.spaces &= self.spaces - 1;
                let start = core::mem::replace(&mut self.token_start, at + 1);
                return Some((start, at));
            }
            if !self.refill() {
                if self.done {
                    return None;
                }
                self.done = true;
                return Some((self.token_start, self.bytes.len()));
            }
        }
    }
}

/// For one block: nonzero when one of its bytes can never appear in strict
/// form, and the mask of its spaces. One loop the compiler vectorizes marks
/// both, and [`gather`] turns the marks of the spaces into the mask with
/// no multiply.
#[inline(always)]
fn block_masks(block: &[u8; SCAN]) -> (u8, u64) {
    let mut lanes = [0u8; SCAN];
    let mut marks = [0u8; SCAN];
    for i in 0..SCAN {
        lanes[i] = u8::from(never_allowed(block[i]));
        marks[i] = u8::from(block[i] == b' ') << (i / 8);
    }
    // Reduced to a word, not to a byte: two steps fewer per block.
    let mut flags = 0u64;
    for chunk in lanes.chunks_exact(8) {
        flags |= u64::from_le_bytes(chunk.try_into().expect("chunks of eight"));
    }
    (u8::from(flags != 0), gather(&marks))
}

/// The mask of a block's marks, as [`block_masks`] sets them: bit `k` of
/// byte `8 * k + j` marks byte `8 * k + j`. The OR of its eight words
/// holds each byte's mark at bit `k` of byte `j`; a transpose of that 8 × 8
/// matrix of bits puts it at bit `8 * k + j`.
#[inline(always)]
fn gather(marks: &[u8; SCAN]) -> u64 {
    let mut x = 0u64;
    for chunk in marks.chunks_exact(8) {
        x |= u64::from_le_bytes(chunk.try_into().expect("chunks of eight"));
    }
    transpose(x)
}

/// The 8 × 8 matrix of bits in `x`, bit `k` of byte `j`, transposed: bit
/// `j` of byte `k` (Hacker's Delight, §7-3).
#[inline(always)]
const fn transpose(mut x: u64) -> u64 {
    let t = (x ^ (x >> 7)) & 0x00AA_00AA_00AA_00AA;
    x ^= t ^ (t << 7);
    let t = (x ^ (x >> 14)) & 0x0000_CCCC_0000_CCCC;
    x ^= t ^ (t << 14);
    let t = (x ^ (x >> 28)) & 0x0000_0000_F0F0_F0F0;
    x ^ t ^ (t << 28)
}

/// [`block_masks`] for the bytes of `bytes` from `at` in a text shorter than
/// a block: eight at a time, the last eight of the text for the bytes after
/// the last whole word. Copying them into a padded block cost more than
/// reading them: the vector loads of the copy wait for its stores.
#[inline]
fn tail_masks(bytes: &[u8], at: usize) -> (u8, u64) {
    let (mut flags, mut spaces) = (0u64, 0u64);
    for_each_last_word(bytes, at, |word, before, shift| {
        flags |= never_allowed_word(word);
        spaces |= word_spaces(word) >> before << shift;
    });
    (u8::from(flags != 0), spaces)
}

/// Calls `f` with each word of the bytes of `bytes` from `at`, fewer than a
/// block: each whole word, then the word [`last_word`] gives for the rest.
/// With each word come how many of its first bytes are not part of the rest
/// (read before), and the place of its first byte of the rest from `at`.
#[inline(always)]
fn for_each_last_word(bytes: &[u8], at: usize, mut f: impl FnMut(u64, usize, usize)) {
    let rest = bytes.get(at..).unwrap_or_default();
    let mut words = rest.chunks_exact(8);
    let mut shift = 0;
    for word in &mut words {
        f(
            u64::from_le_bytes(word.try_into().expect("chunks of eight")),
            0,
            shift,
        );
        shift += 8;
    }
    let tail = words.remainder();
    if !tail.is_empty() {
        let (word, before) = last_word(bytes, tail);
        f(word, before, shift);
    }
}

/// The bit `i` set for each byte `i` of `word` that is a space.
#[inline(always)]
const fn word_spaces(word: u64) -> u64 {
    movemask(zero_bytes(word ^ (0x20 * ONES)))
}

/// The word holding `tail`, the last bytes of `bytes` (1 to 7 of them),
/// and how many of its first bytes come before `tail`: the last eight bytes
/// of the text when it has eight, whose first ones were read before
/// (reading them again changes no verdict); else `tail` padded with `a`, a
/// token byte that is not a space.
#[inline(always)]
fn last_word(bytes: &[u8], tail: &[u8]) -> (u64, usize) {
    if let Some(last) = bytes.last_chunk::<8>() {
        return (u64::from_le_bytes(*last), 8 - tail.len());
    }
    let mut padded = [b'a'; 8];
    for (slot, &b) in padded.iter_mut().zip(tail) {
        *slot = b;
    }
    (u64::from_le_bytes(padded), 0)
}

/// Nonzero when a byte of `word` can never appear in strict form, as
/// [`never_allowed`] says of one byte: at or above `0x80`, under `0x20`,
/// `0x7F`, `"` or `\`.
#[inline(always)]
const fn never_allowed_word(word: u64) -> u64 {
    (word & (0x80 * ONES))
        | zero_bytes(word & (0xE0 * ONES))
        | zero_bytes(word ^ (0x7F * ONES))
        | zero_bytes(word ^ (0x22 * ONES))
        | zero_bytes(word ^ (0x5C * ONES))
}

/// The spaces among the [`SCAN`] bytes of `bytes` from `at`: bit `i` set
/// when byte `at + i` is a space. Past the end of `bytes` there are none.
/// One loop the compiler vectorizes, as in [`StrictScan`].
#[inline]
pub(crate) fn spaces_in_block(bytes: &[u8], at: usize) -> u64 {
    let rest = bytes.get(at..).unwrap_or_default();
    if let Some(block) = rest.first_chunk::<SCAN>() {
        return space_mask(block);
    }
    if let (Some(last), false) = (bytes.last_chunk::<SCAN>(), rest.is_empty()) {
        // The last block of the text, the bytes before `at` shifted out.
        return space_mask(last) >> (SCAN - rest.len());
    }
    // A scope shorter than a block: eight bytes at a time, where copying
    // them into a padded block would cost more than reading them.
    let mut spaces = 0u64;
    for_each_last_word(bytes, at, |word, before, shift| {
        spaces |= word_spaces(word) >> before << shift;
    });
    spaces
}

/// The mask of the spaces of one block.
#[inline(always)]
fn space_mask(block: &[u8; SCAN]) -> u64 {
    let mut marks = [0u8; SCAN];
    for i in 0..SCAN {
        marks[i] = u8::from(block[i] == b' ') << (i / 8);
    }
    gather(&marks)
}

/// The bit `i` set for each byte `i` of `x` that is `0x80` (as
/// [`zero_bytes`] marks them): the eight high bits gathered by one multiply,
/// whose partial products never overlap.
#[inline(always)]
const fn movemask(x: u64) -> u64 {
    (x & (0x80 * ONES)).wrapping_mul(0x0002_0408_1020_4081) >> 56
}

const ONES: u64 = 0x0101_0101_0101_0101;
const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// `0x80` in each byte of `x` that is zero, `0` elsewhere (exact: no carry
/// crosses a byte).
#[inline(always)]
const fn zero_bytes(x: u64) -> u64 {
    !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7)
}

/// Calls `found` with the position of each space in `bytes`, in order,
/// eight bytes at a time: one pass over the text for all the tokens.
#[inline]
pub(crate) fn for_each_space(bytes: &[u8], mut found: impl FnMut(usize)) {
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("chunks of eight"));
        let mut spaces = zero_bytes(word ^ (0x20 * ONES));
        while spaces != 0 {
            found(at + (spaces.trailing_zeros() / 8) as usize);
            spaces &= spaces - 1;
        }
        at += 8;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if b == b' ' {
            found(at + i);
        }
    }
}

/// The number of spaces in `bytes`.
#[inline]
pub(crate) fn count_spaces(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b' ', bytes).count()
}

#[cfg(test)]
mod tests {
    use alloc::vec;
    use alloc::vec::Vec;

    use super::*;

    #[test]
    fn spaces_in_block_marks_every_space_at_every_length_and_offset() {
        // Texts of 0 to 150 bytes with spaces at scattered places, each read
        // from every offset: full blocks, the last words, the overlapping
        // last eight bytes, and texts under eight bytes.
        for len in 0..150usize {
            let text: Vec<u8> = (0..len)
                .map(|i| if (i * 7 + len) % 5 == 0 { b' ' } else { b'a' })
                .collect();
            for at in 0..=len + 1 {
                let expected = (0..SCAN)
                    .filter(|&i| text.get(at + i) == Some(&b' '))
                    .fold(0u64, |mask, i| mask | 1 << i);
                assert_eq!(spaces_in_block(&text, at), expected, "len {len}, at {at}");
            }
        }
    }

    /// RFC 6749 §3.3 read plainly: split at every SP, each part a non-empty
    /// run of NQCHAR (`%x21 / %x23-5B / %x5D-7E`). The integration tests,
    /// benches and fuzz targets share a fuller model in `tests/util`, which
    /// the packaged crate leaves out.
    fn model(bytes: &[u8]) -> bool {
        let nqchar = |b: u8| b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b);
        !bytes.is_empty()
            && bytes
                .split(|&b| b == b' ')
                .all(|t| !t.is_empty() && t.iter().all(|&b| nqchar(b)))
    }

    #[test]
    fn never_allowed_is_every_byte_but_space_and_nqchar() {
        for b in 0..=u8::MAX {
            let nqchar = b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b);
            assert_eq!(never_allowed(b), !(nqchar || b == b' '), "{b:#04x}");
            let word = u64::from_le_bytes([b, b'a', b'a', b'a', b'a', b'a', b'a', b'a']);
            assert_eq!(never_allowed_word(word) != 0, never_allowed(b), "{b:#04x}");
        }
    }

    #[test]
    fn gather_puts_each_mark_at_its_byte() {
        // One mark, then scattered marks, against the bit of each byte.
        for i in 0..SCAN {
            let mut marks = [0u8; SCAN];
            marks[i] = 1 << (i / 8);
            assert_eq!(gather(&marks), 1 << i, "byte {i}");
        }
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..1000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mut marks = [0u8; SCAN];
            for (i, mark) in marks.iter_mut().enumerate() {
                *mark = u8::from(x >> i & 1 == 1) << (i / 8);
            }
            assert_eq!(gather(&marks), x, "{x:064b}");
        }
    }

    #[test]
    fn movemask_gathers_every_pattern_of_high_bits() {
        for bits in 0..=255u64 {
            let x = (0..8).fold(0u64, |x, j| x | (((bits >> j) & 1) << (8 * j + 7)));
            assert_eq!(movemask(x | 0x7F7F_7F7F_7F7F_7F7F), bits, "{bits:08b}");
        }
    }

    #[test]
    fn scan_agrees_with_fast_strict_and_split() {
        let inputs = [
            "a",
            "a b",
            "a  b",
            " a",
            "a ",
            "",
            "a\"b",
            "openid email profile",
            "x:00000001 x:00000002 x:00000003 x:00000004 x:00000005 x:00000006",
            "abcdefghijklmnopqrstuvwxyzabcdef abcdefghijklmnopqrstuvwxyzabcdef",
            "abcdefghijklmnopqrstuvwxyzabcde  bcdefghijklmnopqrstuvwxyzabcdef",
            "abcdefghijklmnopqrstuvwxyzabcdefg",
        ];
        let long = (0..700)
            .map(|i| alloc::format!("t{i}"))
            .collect::<alloc::vec::Vec<_>>()
            .join(" ");
        let long = long.as_str();
        let doubled = alloc::format!("{}  {}", &long[..2047], &long[2048..]);
        let inputs = inputs.iter().copied().chain([long, doubled.as_str()]);
        for input in inputs {
            let mut scan = StrictScan::new(input.as_bytes());
            let tokens: alloc::vec::Vec<&str> = (&mut scan).map(|(a, b)| &input[a..b]).collect();
            let valid = scan.is_strict();
            assert_eq!(valid, fast_strict(input.as_bytes()), "{input:?}");
            let expected: alloc::vec::Vec<&str> = if input.is_empty() {
                alloc::vec::Vec::new()
            } else {
                input.split(' ').collect()
            };
            assert_eq!(tokens, expected, "{input:?}");
        }
    }

    #[test]
    fn fast_path_agrees_with_model_on_short_inputs() {
        // Every string of length 0..=3 over an alphabet with each class of byte,
        // at every alignment across the 32-byte blocks and their last window.
        let alphabet = [b' ', b'a', b'"', b'\\', 0x7F, 0x1F, 0x80, 0x21, 0x7E];
        let mut inputs = vec![vec![]];
        for len in 1..=3 {
            let mut next = Vec::new();
            for prefix in inputs.iter().filter(|p| p.len() == len - 1) {
                for &b in &alphabet {
                    let mut s = prefix.clone();
                    s.push(b);
                    next.push(s);
                }
            }
            inputs.extend(next);
        }
        for core in &inputs {
            // The core at the end, then inside the last words of the text.
            for (pad, after) in (0..72).flat_map(|pad| [(pad, 0), (pad, 1), (pad, 6), (pad, 9)]) {
                let mut s = vec![b'x'; pad];
                if pad > 0 {
                    s.push(b' ');
                }
                s.extend_from_slice(core);
                if after > 0 {
                    s.push(b' ');
                    s.extend(core::iter::repeat_n(b'y', after));
                }
                assert_eq!(fast_strict(&s), model(&s), "{s:?}");
                let mut scan = StrictScan::new(&s);
                let runs: Vec<&[u8]> = (&mut scan).map(|(a, b)| &s[a..b]).collect();
                let valid = scan.is_strict();
                assert_eq!(valid, model(&s), "{s:?}");
                let split: Vec<&[u8]> = if s.is_empty() {
                    Vec::new()
                } else {
                    s.split(|&b| b == b' ').collect()
                };
                assert_eq!(runs, split, "{s:?}");
            }
        }
    }
}
