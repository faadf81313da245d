//! The search that wildcard patterns need: everything that implies a
//! required token, among the named tokens, their segment-prefixes, and the
//! required token and its segment-prefixes.
//!
//! Why that universe is enough: take a chain into the required token and the
//! last token on it outside the universe. Its step into the universe is a
//! wildcard step (a nested step would come from a segment-prefix of a token
//! in the universe, which is in it; an edge from a name, which is in it), so
//! it is a pattern, and the step before it can be cut out: after a wildcard
//! step, the earlier pattern includes the later target directly; after a
//! nested step from `s` to the pattern `s + sep + y`, either `s` nests the
//! target directly, or `s` includes the target's prefix of as many segments
//! as `s` has, which nests the target. (That last argument is what fails when
//! nesting happens at `*` or inside a namespace with a `*` segment, which
//! `build` refuses next to wildcard rules.) The first token of a chain, if
//! it is outside the universe, is a pattern that includes a token inside.

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;

use super::wildcard::{includes_prefixes, includes_segments, is_pattern_for};
use super::Hierarchy;

/// The named tokens and their segment-prefixes, with their direct
/// predecessors, for a hierarchy with a wildcard rule.
#[derive(Clone, Debug)]
pub(super) struct Universe {
    /// The named tokens and their segment-prefixes, sorted.
    tokens: Vec<Box<str>>,
    /// For each token: the longest of its segment-prefixes that a nested rule
    /// lets nest at the separator after it (so it nests the token, when two
    /// bytes or more follow it); the next ones down are that prefix's.
    nest_link: Vec<u32>,
    /// For each token: the tokens with a declared edge to it.
    edge_parents: Vec<Box<[u32]>>,
    /// For each token: the patterns among the tokens that include it.
    pattern_parents: Vec<Box<[u32]>>,
    /// The tokens that are patterns.
    patterns: Vec<u32>,
    wildcard: u8,
}

const NONE: u32 = u32::MAX;

impl Universe {
    pub(super) fn build(h: &Hierarchy, edges: &[(&str, &str)]) -> Self {
        let wildcard =
            h.t.wildcard
                .expect("a universe is built for wildcard rules");
        let mut tokens: Vec<&str> = Vec::new();
        for name in &h.t.names {
            tokens.extend(h.prefix_ends(name).map(|end| &name[..end]));
        }
        tokens.sort_unstable();
        tokens.dedup();
        let id = |t: &str| tokens.binary_search(&t).ok().map(|i| i as u32);

        let nest_link: Vec<u32> = tokens
            .iter()
            .map(|t| {
                // The longest proper segment-prefix that nests at the byte
                // after it. Its own link continues the chain: every prefix of
                // it sees the same byte after it as in `t`.
                let b = t.as_bytes();
                (1..b.len())
                    .rev()
                    .filter(|&i| h.t.separators.contains(b[i]))
                    .find(|&i| h.nests_at(&b[..i], b[i]))
                    .and_then(|i| id(&t[..i]))
                    .unwrap_or(NONE)
            })
            .collect();

        let mut edge_parents: Vec<Vec<u32>> = vec![Vec::new(); tokens.len()];
        for &(a, b) in edges {
            if let (Some(a), Some(b)) = (id(a), id(b)) {
                edge_parents[b as usize].push(a);
            }
        }

        let patterns: Vec<u32> = (0..tokens.len() as u32)
            .filter(|&i| is_pattern_for(tokens[i as usize].as_bytes(), wildcard))
            .collect();
        let mut pattern_parents: Vec<Vec<u32>> = vec![Vec::new(); tokens.len()];
        let mut ends: Vec<usize> = Vec::new();
        for &p in &patterns {
            let pt = tokens[p as usize].as_bytes();
            for name in &h.t.names {
                ends.clear();
                ends.extend(h.prefix_ends(name));
                let mut add = |i: usize| {
                    if let Some(t) = id(&name[..ends[i]]) {
                        if t != p {
                            pattern_parents[t as usize].push(p);
                        }
                    }
                };
                if pt == b"*" {
                    (0..ends.len()).for_each(&mut add);
                } else {
                    includes_prefixes(
                        pt,
                        name.as_bytes(),
                        ends.iter().copied(),
                        wildcard,
                        &mut add,
                    );
                }
            }
        }
        let finish = |lists: Vec<Vec<u32>>| -> Vec<Box<[u32]>> {
            lists
                .into_iter()
                .map(|mut l| {
                    l.sort_unstable();
                    l.dedup();
                    l.into_boxed_slice()
                })
                .collect()
        };
        Self {
            tokens: tokens.iter().map(|&t| Box::from(t)).collect(),
            nest_link,
            edge_parents: finish(edge_parents),
            pattern_parents: finish(pattern_parents),
            patterns,
            wildcard,
        }
    }

    /// Whether a named token, or a segment-prefix of one, is a pattern.
    pub(super) fn has_patterns(&self) -> bool {
        !self.patterns.is_empty()
    }

    fn index(&self, token: &str) -> Option<usize> {
        self.tokens.binary_search_by(|t| (**t).cmp(token)).ok()
    }

    /// Everything in the universe of the query about `required` that implies
    /// it.
    ///
    /// Cost: linear in `required` and in the universe, plus one pass of each
    /// named pattern over `required`, plus, for each token of the universe
    /// found, one comparison with each segment-prefix of `required` that is a
    /// pattern.
    // One pass with its steps named in comments; the short names are those
    // of the comments.
    #[allow(clippy::too_many_lines, clippy::many_single_char_names)]
    pub(super) fn ancestors<'s>(&'s self, h: &Hierarchy, required: &'s str) -> Ancestors<'s> {
        let w = self.wildcard;
        let r = required.as_bytes();
        let ends: Vec<usize> = h.prefix_ends(required).collect();
        let m = ends.len();
        let in_universe: Vec<u32> = ends
            .iter()
            .map(|&e| self.index(&required[..e]).map_or(NONE, |i| i as u32))
            .collect();

        // Per prefix: whether it is a pattern, whether it ends in a `*`
        // segment (then it includes longer prefixes), and where the last
        // empty segment of it starts (a longer prefix is included by a
        // shorter one ending in `*` only if none starts after the `*`).
        let mut is_pattern = vec![false; m];
        let mut last_empty: Vec<Option<usize>> = vec![None; m];
        let mut trailing_star: Vec<usize> = Vec::new();
        {
            let (mut pos, mut seg_start, mut starred, mut empty) = (0, 0, false, None);
            for (k, &e) in ends.iter().enumerate() {
                while pos < e {
                    if r[pos] == w {
                        if pos == seg_start {
                            empty = Some(seg_start);
                        }
                        starred |= &r[seg_start..pos] == b"*";
                        seg_start = pos + 1;
                    }
                    pos += 1;
                }
                let ends_in_star = &r[seg_start..e] == b"*";
                is_pattern[k] = starred || ends_in_star;
                last_empty[k] = if e == seg_start { Some(e) } else { empty };
                if ends_in_star && k + 1 < m {
                    trailing_star.push(k);
                }
            }
        }
        let prefix_patterns: Vec<usize> = (0..m.saturating_sub(1))
            .filter(|&k| is_pattern[k] && &required[..ends[k]] != "*")
            .collect();

        // The named patterns that include each prefix, as (prefix, pattern).
        let mut included: Vec<(u32, u32)> = Vec::new();
        for &p in &self.patterns {
            let pt = self.tokens[p as usize].as_bytes();
            if pt == b"*" {
                continue; // marked from the start
            }
            includes_prefixes(pt, r, ends.iter().copied(), w, |k| {
                included.push((k as u32, p));
            });
        }
        included.sort_unstable();

        let mut anc = Ancestors {
            universe: self,
            required,
            ends,
            in_universe,
            marked_q: vec![false; m],
            marked_u: vec![false; self.tokens.len()],
        };
        let mut links_done = vec![false; self.tokens.len()];
        let mut work: Vec<Item> = Vec::new();
        anc.mark(Item::Prefix(m - 1), &mut work);
        for k in 0..m - 1 {
            // A prefix that nests at the separator after it nests `required`
            // and every longer prefix; no other prefix nests one of them.
            let e = anc.ends[k];
            if r.len() >= e + 2 && h.nests_at(&r[..e], r[e]) {
                anc.mark(Item::Prefix(k), &mut work);
            }
        }
        if m > 1 && &required[..anc.ends[0]] == "*" {
            anc.mark(Item::Prefix(0), &mut work);
        }
        if let Some(star) = self.index("*") {
            anc.mark(Item::Token(star as u32), &mut work);
        }

        while let Some(item) = work.pop() {
            match item {
                Item::Prefix(k) => {
                    if anc.in_universe[k] != NONE {
                        anc.mark(Item::Token(anc.in_universe[k]), &mut work);
                    }
                    // Shorter prefixes ending in `*` include this one when no
                    // empty segment follows their `*`. Stop at one already
                    // marked: it includes the rest of them, and has or will
                    // mark them itself.
                    let below = trailing_star.partition_point(|&j| j < k);
                    for &j in trailing_star[..below].iter().rev() {
                        let star_at = anc.ends[j] - 1;
                        if last_empty[k].is_some_and(|le| le > star_at) || anc.marked_q[j] {
                            break;
                        }
                        anc.mark(Item::Prefix(j), &mut work);
                    }
                    let from = included.partition_point(|&(q, _)| (q as usize) < k);
                    for &(q, p) in &included[from..] {
                        if q as usize != k {
                            break;
                        }
                        anc.mark(Item::Token(p), &mut work);
                    }
                }
                Item::Token(x) => {
                    let xi = x as usize;
                    for &p in self.edge_parents[xi]
                        .iter()
                        .chain(&*self.pattern_parents[xi])
                    {
                        anc.mark(Item::Token(p), &mut work);
                    }
                    // The prefixes that nest this token: its link (if two
                    // bytes or more follow it) and everything below the link.
                    let mut link = self.nest_link[xi];
                    if link != NONE && self.tokens[link as usize].len() + 2 <= self.tokens[xi].len()
                    {
                        anc.mark(Item::Token(link), &mut work);
                    }
                    while link != NONE && !links_done[link as usize] {
                        links_done[link as usize] = true;
                        link = self.nest_link[link as usize];
                        if link != NONE {
                            anc.mark(Item::Token(link), &mut work);
                        }
                    }
                    let t = self.tokens[xi].as_bytes();
                    if t != b"*" {
                        for &k in &prefix_patterns {
                            if !anc.marked_q[k] && includes_segments(&r[..anc.ends[k]], t, w) {
                                anc.mark(Item::Prefix(k), &mut work);
                            }
                        }
                    }
                }
            }
        }
        anc
    }
}

#[derive(Clone, Copy)]
enum Item {
    /// A segment-prefix of the required token (or itself), by its place.
    Prefix(usize),
    /// A token of the universe.
    Token(u32),
}

/// What implies a required token, within the universe of its query.
pub(super) struct Ancestors<'s> {
    universe: &'s Universe,
    required: &'s str,
    /// The ends of the segment-prefixes of `required`, and its length.
    ends: Vec<usize>,
    /// For each prefix: its index among the universe's tokens, or `NONE`.
    in_universe: Vec<u32>,
    marked_q: Vec<bool>,
    marked_u: Vec<bool>,
}

impl<'s> Ancestors<'s> {
    fn mark(&mut self, item: Item, work: &mut Vec<Item>) {
        let seen = match item {
            Item::Prefix(k) => &mut self.marked_q[k],
            Item::Token(x) => &mut self.marked_u[x as usize],
        };
        if !*seen {
            *seen = true;
            work.push(item);
        }
    }

    /// The place of `t` among the prefixes of the required token.
    fn prefix_index(&self, t: &str) -> Option<usize> {
        if !self.required.starts_with(t) {
            return None;
        }
        self.ends.binary_search(&t.len()).ok()
    }

    fn prefix_marked(&self, k: usize) -> bool {
        self.marked_q[k]
            || (self.in_universe[k] != NONE && self.marked_u[self.in_universe[k] as usize])
    }

    /// Whether `t` is in the universe of the query.
    pub(super) fn in_universe(&self, t: &str) -> bool {
        self.prefix_index(t).is_some() || self.universe.index(t).is_some()
    }

    /// The tokens found, each once or twice.
    pub(super) fn marked(&self) -> impl Iterator<Item = &'s str> + '_ {
        let prefixes = (0..self.ends.len())
            .filter(|&k| self.marked_q[k])
            .map(|k| &self.required[..self.ends[k]]);
        let tokens = (0..self.marked_u.len())
            .filter(|&x| self.marked_u[x])
            .map(|x| &*self.universe.tokens[x]);
        prefixes.chain(tokens)
    }

    /// Whether `granted` implies the required token.
    pub(super) fn implied_by(&self, granted: &str) -> bool {
        if let Some(k) = self.prefix_index(granted) {
            return self.prefix_marked(k);
        }
        if let Some(x) = self.universe.index(granted) {
            return self.marked_u[x];
        }
        self.included_by(granted)
    }

    /// Whether the pattern `p`, outside the universe, includes a token found.
    pub(super) fn included_by(&self, p: &str) -> bool {
        let w = self.universe.wildcard;
        let pb = p.as_bytes();
        if !is_pattern_for(pb, w) {
            return false;
        }
        if pb == b"*" {
            return true;
        }
        let mut hit = false;
        includes_prefixes(
            pb,
            self.required.as_bytes(),
            self.ends.iter().copied(),
            w,
            |k| {
                hit |= self.prefix_marked(k);
            },
        );
        hit || (0..self.marked_u.len()).any(|x| {
            let t = self.universe.tokens[x].as_bytes();
            self.marked_u[x] && t != b"*" && includes_segments(pb, t, w)
        })
    }
}
