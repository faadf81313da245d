//! A hash index over the declared names: where a token is among them in
//! about one probe, instead of a binary search's log₂(names) comparisons.
//!
//! The table holds trusted tokens only (the hierarchy's), with linear probing
//! at a load of at most one half. A token longer than every name is refused
//! before it is read; any other is hashed once and compared with the names of
//! one run of occupied slots, which the hierarchy alone decides. So a lookup
//! costs at most the length of the longest name times that run, whatever the
//! token: looking up each prefix of a long hostile token stays linear.

use alloc::boxed::Box;
use alloc::vec;

use crate::order;

/// A free slot.
const EMPTY: u32 = u32::MAX;

#[derive(Clone, Debug, Default)]
pub(super) struct NameIndex {
    /// Positions in the names, or [`EMPTY`]; a power of two long, or empty
    /// when there are no names.
    slots: Box<[u32]>,
    /// The length of the longest name.
    longest: usize,
}

impl NameIndex {
    /// The index of `names`, which are distinct.
    pub(super) fn new(names: &[Box<str>]) -> Self {
        if names.is_empty() {
            return Self::default();
        }
        assert!(names.len() < EMPTY as usize, "at most u32::MAX - 1 names");
        let mask = (2 * names.len()).next_power_of_two() - 1;
        let mut slots = vec![EMPTY; mask + 1].into_boxed_slice();
        for (i, name) in names.iter().enumerate() {
            let mut at = hash(name) & mask;
            while slots[at] != EMPTY {
                at = (at + 1) & mask;
            }
            slots[at] = i as u32;
        }
        let longest = names.iter().map(|n| n.len()).max().unwrap_or(0);
        Self { slots, longest }
    }

    /// The position of `token` in `names` (the names this index was built
    /// from).
    pub(super) fn get(&self, names: &[Box<str>], token: &str) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        if token.len() > self.longest {
            return None;
        }
        let mut at = hash(token) & mask;
        // A free slot ends every run: at most half the slots are taken.
        loop {
            let i = self.slots[at];
            if i == EMPTY {
                return None;
            }
            if order::eq(&names[i as usize], token) {
                return Some(i as usize);
            }
            at = (at + 1) & mask;
        }
    }
}

/// A multiplicative hash over eight bytes at a time (the names are trusted,
/// so it need not resist chosen collisions).
fn hash(token: &str) -> usize {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = token.len() as u64;
    let mut rest = token.as_bytes();
    while rest.len() >= 8 {
        h = (h ^ u64::from_le_bytes(order::chunk(rest)))
            .wrapping_mul(K)
            .rotate_left(26);
        rest = &rest[8..];
    }
    h = (h ^ order::short_key(rest)).wrapping_mul(K);
    (h ^ (h >> 29)) as usize
}

#[cfg(test)]
mod tests {
    use super::NameIndex;
    use alloc::boxed::Box;
    use alloc::format;
    use alloc::vec::Vec;

    #[test]
    fn finds_every_name_and_nothing_else() {
        for n in [0, 1, 2, 3, 7, 100, 1000] {
            let mut names: Vec<Box<str>> = (0..n).map(|i| format!("api{i}:read").into()).collect();
            names.sort_unstable();
            let index = NameIndex::new(&names);
            for (i, name) in names.iter().enumerate() {
                assert_eq!(index.get(&names, name), Some(i), "{name}");
            }
            for i in 0..n + 10 {
                assert_eq!(index.get(&names, &format!("api{i}:write")), None);
                assert_eq!(index.get(&names, &format!("api{i}")), None);
            }
            assert_eq!(index.get(&names, ""), None);
            assert_eq!(index.get(&names, &"a".repeat(100)), None);
        }
    }
}
