//! `CompiledRequirement`: a requirement and a hierarchy turned, once, into a
//! table of the tokens that meet each required token, so that each request
//! is answered in one pass over its scope string.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;

use super::{Conjunction, Requirement};
use crate::error::ParseError;
use crate::hierarchy::each_letter;
use crate::hierarchy::Hierarchy;
use crate::parse;
use crate::set::ScopeSet;
use crate::structured::Shape;

/// The most atoms a compiled requirement tracks in one word.
const WORD: usize = 64;

/// The atoms of each required token, in order: one per letter of a SMART
/// token, else the token itself. `None` when they do not fit in a word, or
/// when explicit edges name structured tokens (a search per token then).
fn atoms_of(hierarchy: &Hierarchy, required: &[&str]) -> Option<Vec<Vec<String>>> {
    if hierarchy.has_structured_names() {
        return None;
    }
    let atoms: Vec<Vec<String>> = required
        .iter()
        .map(|&r| match hierarchy.shape(r) {
            Shape::Smart(s) => each_letter(s.bits()).map(|l| s.restricted(l)).collect(),
            _ => alloc::vec![String::from(r)],
        })
        .collect();
    (atoms.iter().map(Vec::len).sum::<usize>() <= WORD).then_some(atoms)
}

/// A [`Requirement`] compiled against a [`Hierarchy`]: the per-request check
/// of a resource server or gateway, which knows its routes' requirements and
/// its vocabulary when it starts.
///
/// It owns what it needs (it is `Send + Sync + Clone + 'static`, and clones
/// share one copy) and gives exactly the answers of
/// [`Requirement::is_satisfied_by`] and [`Requirement::required_scope`] under
/// that hierarchy.
///
/// # Cost
///
/// [`is_satisfied_by_str`](Self::is_satisfied_by_str) reads the scope string
/// once, 64 bytes at a time, validating the strict RFC 6749 §3.3 grammar and
/// splitting tokens in the same pass, and looks each token up in a table of
/// the tokens that imply a required token (built by `compile`); it allocates
/// nothing under exact, explicit and nested rules. Beside a wildcard rule, a
/// token of the input that is a pattern is also tried against each required
/// token it does not yet cover. Under the [`smart`] rule each letter of a
/// clinical scope is tracked on its own, and the table holds the tokens
/// without a query that imply it (some forty per letter); a requirement
/// with a query also compares each input token that has a query with it,
/// still without allocating for queries of fewer than eight pairs. A
/// requirement naming more than 64 distinct tokens (SMART letters
/// counted one by one), or compiled against a hierarchy whose explicit
/// edges name structured tokens, is checked through [`ScopeSet::parse`],
/// which allocates.
///
/// [`smart`]: crate::HierarchyBuilder::smart
///
/// # Examples
///
/// ```
/// use oauth_scope::{Hierarchy, Requirement};
///
/// let need: Requirement = "openid https://www.googleapis.com/auth/drive.readonly".parse()?;
/// let check = need.compile(&Hierarchy::google_drive());
/// assert_eq!(
///     check.is_satisfied_by_str("openid email https://www.googleapis.com/auth/drive"),
///     Ok(true),
/// );
/// assert_eq!(check.is_satisfied_by_str("openid email"), Ok(false));
/// assert!(check.is_satisfied_by_str("openid  email").is_err());
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone)]
pub struct CompiledRequirement {
    inner: Arc<Compiled>,
}

struct Compiled {
    requirement: Requirement,
    /// A handle on the hierarchy's tables, shared with whoever compiled.
    hierarchy: Hierarchy,
    /// The distinct tokens the requirement names, sorted; bit `i` of a mask
    /// stands for `required[i]`.
    required: Box<[Box<str>]>,
    /// Every token that is not a pattern and implies some required token,
    /// with the mask of the required tokens it implies; sorted by length,
    /// then by bytes, so that a lookup compares bytes only of tokens of the
    /// right length.
    table: Box<[(Box<str>, u64)]>,
    /// Bit `n` set when some token of `table` is `n` bytes long (`n < 256`).
    lengths: [u64; 4],
    /// Whether some token of `table` is 256 bytes or longer.
    long: bool,
    /// Where the tokens of each [`key`] start in `table` (sorted by key):
    /// the tokens of key `k` are `table[buckets[k]..buckets[k + 1]]`. The
    /// keys are of trusted tokens; an input token is only looked up, in
    /// the one bucket of its key. Tokens of one vocabulary often share their
    /// lengths (`patient/Condition.rs`, `patient/Encounter.rs`); their last
    /// bytes tell them apart.
    buckets: Box<[u32]>,
    /// Whether the hierarchy has a wildcard rule, so that a pattern in the
    /// input needs a search.
    wildcards: bool,
    /// The requirement over the masks; `None` past 64 atoms, or when
    /// explicit edges name structured tokens.
    formula: Option<Formula>,
    /// The SMART atoms with a query, and their bits: a token of the input
    /// with a query is read and compared with each.
    queried: Box<[(Box<str>, u64)]>,
}

/// Any of these conjunctions.
struct Formula(Box<[Term]>);

/// All of the tokens in `mask`, and every group.
struct Term {
    mask: u64,
    groups: Box<[Formula]>,
}

impl Formula {
    fn holds(&self, covered: u64) -> bool {
        self.0
            .iter()
            .any(|t| covered & t.mask == t.mask && t.groups.iter().all(|g| g.holds(covered)))
    }
}

impl Requirement {
    /// Compiles the requirement against `hierarchy` for repeated checks of
    /// scope strings: see [`CompiledRequirement`].
    ///
    /// # Cost
    ///
    /// One search for the ancestors of each required token, done once.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, Requirement};
    ///
    /// let check = Requirement::parse("repo:status")?.compile(&Hierarchy::github());
    /// assert_eq!(check.is_satisfied_by_str("repo gist"), Ok(true));
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn compile(&self, hierarchy: &Hierarchy) -> CompiledRequirement {
        let hierarchy = hierarchy.clone();
        let mut required: Vec<&str> = Vec::new();
        self.collect_tokens(&mut required);
        required.sort_unstable();
        required.dedup();

        let mut table: Vec<(String, u64)> = Vec::new();
        let mut queried: Vec<(Box<str>, u64)> = Vec::new();
        let formula = atoms_of(&hierarchy, &required).map(|atoms| {
            let mut masks = Vec::with_capacity(required.len());
            for (i, r) in required.iter().enumerate() {
                let first = atoms[..i].iter().map(Vec::len).sum::<usize>();
                let mut mask = 0u64;
                for (k, atom) in atoms[i].iter().enumerate() {
                    let bit = 1u64 << (first + k);
                    mask |= bit;
                    match hierarchy.shape(atom) {
                        Shape::Smart(s) => {
                            for a in Hierarchy::queryless_smart_ancestors(&s) {
                                table.push((a, bit));
                            }
                            if s.query().is_some() {
                                queried.push((atom.as_str().into(), bit));
                            }
                        }
                        Shape::Instance(p) => {
                            table.push((atom.clone(), bit));
                            table.extend(hierarchy.template_of(p).map(|t| (t, bit)));
                        }
                        Shape::Template(_) | Shape::Malformed(..) => {
                            table.push((atom.clone(), bit));
                        }
                        Shape::Plain => {
                            for a in hierarchy.plain_ancestors(r) {
                                table.push((a, bit));
                            }
                        }
                    }
                }
                masks.push(mask);
            }
            self.formula(&required, &masks)
        });
        table
            .sort_unstable_by(|(a, _), (b, _)| (key(a.as_bytes()), a).cmp(&(key(b.as_bytes()), b)));
        let mut merged: Vec<(Box<str>, u64)> = Vec::with_capacity(table.len());
        for (token, bit) in table {
            match merged.last_mut() {
                Some((last, mask)) if **last == *token => *mask |= bit,
                _ => merged.push((token.into_boxed_str(), bit)),
            }
        }
        let mut lengths = [0u64; 4];
        let mut long = false;
        let mut buckets = alloc::vec![0u32; KEYS + 1];
        for (token, _) in &merged {
            buckets[key(token.as_bytes()) + 1] += 1;
            match token.len() {
                n if n < 256 => lengths[n / 64] |= 1 << (n % 64),
                _ => long = true,
            }
        }
        for k in 0..KEYS {
            buckets[k + 1] += buckets[k];
        }
        CompiledRequirement {
            inner: Arc::new(Compiled {
                requirement: self.clone(),
                wildcards: hierarchy.has_wildcards(),
                hierarchy,
                required: required.iter().map(|&r| Box::from(r)).collect(),
                table: merged.into_boxed_slice(),
                queried: queried.into_boxed_slice(),
                lengths,
                long,
                buckets: buckets.into_boxed_slice(),
                formula,
            }),
        }
    }

    pub(super) fn collect_tokens<'s>(&'s self, out: &mut Vec<&'s str>) {
        for c in &self.alternatives {
            out.extend(c.tokens.iter().map(|t| t.as_str()));
            for g in &c.groups {
                g.collect_tokens(out);
            }
        }
    }

    /// The requirement over masks: `masks[i]` holds the bits of the atoms
    /// of `required[i]`.
    fn formula(&self, required: &[&str], masks: &[u64]) -> Formula {
        let bit = |t: &str| {
            masks[required
                .binary_search(&t)
                .expect("every required token was collected")]
        };
        let term = |c: &Conjunction| Term {
            mask: c.tokens.iter().fold(0, |m, t| m | bit(t.as_str())),
            groups: c
                .groups
                .iter()
                .map(|g| g.formula(required, masks))
                .collect(),
        };
        Formula(self.alternatives.iter().map(term).collect())
    }
}

impl CompiledRequirement {
    /// Whether the scope string `scope`, read in strict RFC 6749 §3.3 form,
    /// meets the requirement: the answer of [`Requirement::is_satisfied_by`]
    /// on `ScopeSet::parse(scope)`.
    ///
    /// # Errors
    ///
    /// The [`ParseError`] of [`Scope::parse`](crate::Scope::parse) (same kind
    /// and offset) when `scope` is not in strict form.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{ErrorKind, Hierarchy, Requirement};
    ///
    /// let check = Requirement::parse("read:org")?.compile(&Hierarchy::github());
    /// assert_eq!(check.is_satisfied_by_str("admin:org"), Ok(true));
    /// assert_eq!(check.is_satisfied_by_str("read:user"), Ok(false));
    /// let err = check.is_satisfied_by_str("admin:org\tgist").unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidChar('\t'), 9));
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn is_satisfied_by_str(&self, scope: &str) -> Result<bool, ParseError> {
        let c = &*self.inner;
        let Some(formula) = &c.formula else {
            let set = ScopeSet::parse(scope)?;
            return Ok(c.requirement.is_satisfied_by(&set, &c.hierarchy));
        };
        let mut covered = 0u64;
        let mut scan = parse::StrictScan::new(scope.as_bytes());
        for (start, end) in &mut scan {
            // Most tokens of a long scope meet nothing: their length alone
            // says so, before the token is even sliced.
            if c.wildcards || !c.queried.is_empty() || c.listed(end - start) {
                covered |= c.cover(&scope[start..end], covered);
            }
        }
        if !scan.is_strict() {
            // The grammar engine names the first problem; were it to find
            // none, the tokens read are exactly the scope's.
            parse::validate_strict(scope)?;
        }
        Ok(formula.holds(covered))
    }

    /// Whether `granted` meets the requirement: the answer of
    /// [`Requirement::is_satisfied_by`].
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, Requirement, ScopeSet};
    ///
    /// let check = Requirement::parse("read:org")?.compile(&Hierarchy::github());
    /// assert!(check.is_satisfied_by(&ScopeSet::parse("admin:org")?));
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn is_satisfied_by(&self, granted: &ScopeSet<'_>) -> bool {
        let c = &*self.inner;
        let Some(formula) = &c.formula else {
            return c.requirement.is_satisfied_by(granted, &c.hierarchy);
        };
        let covered = granted
            .iter()
            .fold(0, |covered, t| covered | c.cover(t.as_str(), covered));
        formula.holds(covered)
    }

    /// The scope a challenge names: the answer of
    /// [`Requirement::required_scope`].
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, Requirement, ScopeSet};
    ///
    /// let check: Requirement = r#""api:write api:read" | "api:admin""#.parse()?;
    /// let check = check.compile(&Hierarchy::exact());
    /// let granted = ScopeSet::parse("api:read")?;
    /// assert_eq!(check.required_scope(&granted).to_string(), "api:read api:write");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn required_scope(&self, granted: &ScopeSet<'_>) -> ScopeSet<'static> {
        let c = &*self.inner;
        c.requirement.required_scope(granted, &c.hierarchy)
    }

    /// The requirement this was compiled from.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, Requirement};
    ///
    /// let need = Requirement::parse("repo")?;
    /// assert_eq!(need.compile(&Hierarchy::github()).requirement(), &need);
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn requirement(&self) -> &Requirement {
        &self.inner.requirement
    }

    /// The hierarchy this was compiled against.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, Requirement};
    ///
    /// let check = Requirement::parse("repo")?.compile(&Hierarchy::github());
    /// assert!(check.hierarchy().implies("repo", "repo:status"));
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn hierarchy(&self) -> &Hierarchy {
        &self.inner.hierarchy
    }
}

impl Compiled {
    /// Whether some token of the table is `n` bytes long.
    #[inline(always)]
    fn listed(&self, n: usize) -> bool {
        if n < 256 {
            self.lengths[n / 64] & (1 << (n % 64)) != 0
        } else {
            self.long
        }
    }

    /// The required tokens that `token` implies, beyond those in `covered`.
    #[inline(always)]
    fn cover(&self, token: &str, covered: u64) -> u64 {
        let mut mask = 0;
        if self.listed(token.len()) {
            let k = key(token.as_bytes());
            let bucket = &self.table[self.buckets[k] as usize..self.buckets[k + 1] as usize];
            // A plain loop: `Iterator::find` was at times left out of line.
            for (t, m) in bucket {
                if crate::order::eq(t, token) {
                    mask = *m;
                    break;
                }
            }
        }
        // In `is_satisfied_by_str` the token may be invalid yet (the text is
        // checked as it is read); an invalid text ends in an error and this
        // answer is dropped, and `implies_valid` reads any bytes safely.
        if !self.queried.is_empty() && token.contains('?') {
            if let Shape::Smart(t) = self.hierarchy.shape(token) {
                for (atom, bit) in &*self.queried {
                    if (covered | mask) & bit == 0 {
                        if let Shape::Smart(a) = self.hierarchy.shape(atom) {
                            if t.implies(&a) {
                                mask |= bit;
                            }
                        }
                    }
                }
            }
        }
        if self.wildcards && token.contains('*') && self.hierarchy.is_wildcard_pattern(token) {
            for (i, r) in self.required.iter().enumerate() {
                let bit = 1u64 << i;
                if (covered | mask) & bit == 0 && self.hierarchy.implies_valid(token, r) {
                    mask |= bit;
                }
            }
        }
        mask
    }
}

/// How many keys [`key`] gives.
const KEYS: usize = 256;

/// A number below [`KEYS`] for `token`, from its length and its last eight
/// bytes (or all of them when shorter): one multiplication.
#[inline(always)]
fn key(token: &[u8]) -> usize {
    let tail = if token.len() >= 8 {
        u64::from_le_bytes(crate::order::chunk(&token[token.len() - 8..]))
    } else {
        crate::order::short_key(token)
    };
    let mixed = (tail ^ token.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> 56) as usize
}

impl fmt::Debug for CompiledRequirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CompiledRequirement")
            .field("requirement", &format_args!("{}", self.inner.requirement))
            .field("hierarchy", &self.inner.hierarchy)
            .field("tokens_that_meet_it", &self.inner.table.len())
            .finish()
    }
}
