//! Hierarchies as text: the rules that [`Hierarchy::from_rules`] reads and
//! `Display` writes, one rule per line.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use core::str::FromStr;

use crate::error::ParseError;
use crate::hierarchy::{BuildError, Hierarchy, HierarchyBuilder, Rule};
use crate::parse::{is_nqchar, validate_token};
use crate::structured::ParamKind;

impl Hierarchy {
    /// Reads a hierarchy from rules text, one rule per line, the format a
    /// resource server keeps next to its configuration and the
    /// `oauth-scope` tool reads with `--hierarchy FILE`:
    ///
    /// ```text
    /// # a comment: `#` at the start of a line or after whitespace, to the end of the line
    /// admin:org => write:org read:org       # explicit edges: the parent implies each child
    /// chain admin:org write:org read:org    # a => b => c
    /// nested https://www.googleapis.com/auth/ .
    /// nested "" .                           # the empty namespace: hydra => hydra.clients
    /// wildcard :
    /// ```
    ///
    /// - `PARENT => CHILD…` is [`imply_all`](HierarchyBuilder::imply_all):
    ///   one parent, one `=>`, at least one child. A line with `=>` is always
    ///   this rule, so `chain => x` is an edge from the token `chain`.
    /// - `chain A B…` is [`chain`](HierarchyBuilder::chain), with at least
    ///   two tokens.
    /// - `nested NAMESPACE SEP` is [`nested`](HierarchyBuilder::nested);
    ///   `""` is the empty namespace.
    /// - `wildcard SEP` is [`wildcard`](HierarchyBuilder::wildcard).
    ///
    /// Words are separated by spaces and tabs. A word in double quotes is a
    /// token, never a comment, keyword or arrow: write `"#x"` for a token
    /// that begins with `#`, and `"=>"` for the token `=>` (`"` is never
    /// part of a token, so quoting is unambiguous). A `#` inside a word
    /// (`a#b`) is part of the token. CR, LF and CRLF all end a line. Empty
    /// text (or only comments) is [`Hierarchy::exact`].
    ///
    /// A typo never becomes a grant: a comment after the children is a
    /// comment; a second `=>` on a line, a rule with nothing on one side or
    /// with two parents, an unknown keyword, a rule with too few or too many
    /// words, a token outside `NQCHAR`, a separator that is not one
    /// `NQCHAR`, and everything the [builder](HierarchyBuilder::build)
    /// refuses (a second wildcard separator, …) are errors that name the
    /// line.
    ///
    /// # Cost
    ///
    /// One pass over the text, then [`HierarchyBuilder::build`], which
    /// computes the closure of the rules: quadratic in the number of named
    /// tokens at worst.
    ///
    /// # Errors
    ///
    /// A [`RulesError`] naming the line (from 1) of the first problem.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Hierarchy;
    ///
    /// let h = Hierarchy::from_rules(
    ///     "# GitHub, as documented\n\
    ///      repo => repo:status public_repo   # not admin:org\n\
    ///      chain admin:org write:org read:org\n\
    ///      wildcard :\n",
    /// )?;
    /// assert!(h.implies("repo", "public_repo"));
    /// assert!(!h.implies("repo", "admin:org"));
    /// assert!(h.implies("admin:org", "read:org"));
    /// assert!(h.implies("user:*", "user:email"));
    ///
    /// let err = Hierarchy::from_rules("a => b\nb => c => d").unwrap_err();
    /// assert_eq!(err.line(), 2);
    /// assert_eq!(err.to_string(), "line 2: a second '=>'; expected PARENT => CHILD...");
    ///
    /// let err = Hierarchy::from_rules("wildcard :\r\nwildcard .").unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "line 2: second wildcard separator '.' (U+002E); a hierarchy takes one wildcard separator",
    /// );
    /// # Ok::<(), oauth_scope::RulesError>(())
    /// ```
    pub fn from_rules(text: &str) -> Result<Self, RulesError> {
        let mut builder = Self::builder();
        // The line of each rule declared, in order: a refusal of the
        // builder names its rule, and so its line.
        let mut rule_lines: Vec<usize> = Vec::new();
        let refused = |err: BuildError, rule_lines: &[usize]| RulesError {
            line: rule_lines[err.rule()],
            problem: Problem::Refused(err),
        };
        for (index, line) in lines(text).enumerate() {
            let declared = words(line).and_then(|words| declare(&mut builder, &words));
            if let Err(problem) = declared {
                // A rule on an earlier line may be refused already: that
                // problem comes first.
                builder.check().map_err(|err| refused(err, &rule_lines))?;
                return Err(RulesError {
                    line: index + 1,
                    problem,
                });
            }
            rule_lines.resize(builder.rule_count(), index + 1);
        }
        builder.build().map_err(|err| refused(err, &rule_lines))
    }
}

impl FromStr for Hierarchy {
    type Err = RulesError;

    /// [`Hierarchy::from_rules`].
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Hierarchy;
    ///
    /// let h: Hierarchy = "write => read".parse()?;
    /// assert!(h.implies("write", "read"));
    /// # Ok::<(), oauth_scope::RulesError>(())
    /// ```
    fn from_str(text: &str) -> Result<Self, RulesError> {
        Self::from_rules(text)
    }
}

/// The lines of `text`, ended by CR, LF or CRLF.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    core::iter::from_fn(move || {
        let text = rest?;
        match text.find(['\r', '\n']) {
            None => {
                rest = None;
                Some(text)
            }
            Some(end) => {
                let width = if text[end..].starts_with("\r\n") {
                    2
                } else {
                    1
                };
                rest = Some(&text[end + width..]);
                Some(&text[..end])
            }
        }
    })
}

/// A word of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Word<'t> {
    /// As it is: a keyword, `=>` or a token.
    Bare(&'t str),
    /// Between double quotes: always a token.
    Quoted(&'t str),
}

impl<'t> Word<'t> {
    /// The token the word stands for.
    fn text(self) -> &'t str {
        match self {
            Word::Bare(t) | Word::Quoted(t) => t,
        }
    }

    /// The word as written, for messages.
    fn written(self) -> String {
        match self {
            Word::Bare(t) => t.into(),
            Word::Quoted(t) => alloc::format!("\"{t}\""),
        }
    }
}

/// The words of `line` up to its comment.
fn words(line: &str) -> Result<Vec<Word<'_>>, Problem> {
    let is_space = |c: char| c == ' ' || c == '\t';
    let mut words = Vec::new();
    let mut rest = line;
    loop {
        rest = rest.trim_start_matches(is_space);
        if rest.is_empty() || rest.starts_with('#') {
            return Ok(words);
        }
        if let Some(quoted) = rest.strip_prefix('"') {
            let Some(end) = quoted.find('"') else {
                return Err(Problem::Unclosed(rest.into()));
            };
            rest = &quoted[end + 1..];
            if !rest.is_empty() && !rest.starts_with(is_space) {
                let word = &quoted[..end + 1 + rest.find(is_space).unwrap_or(rest.len())];
                return Err(Problem::AfterQuote(alloc::format!("\"{word}")));
            }
            words.push(Word::Quoted(&quoted[..end]));
        } else {
            let end = rest.find(is_space).unwrap_or(rest.len());
            words.push(Word::Bare(&rest[..end]));
            rest = &rest[end..];
        }
    }
}

/// Adds the rule of one line, if it has one, to `builder`; on a problem,
/// `builder` is left as it was.
fn declare(builder: &mut HierarchyBuilder, words: &[Word<'_>]) -> Result<(), Problem> {
    const ARROW: Word<'static> = Word::Bare("=>");
    let mut arrows = words.iter().enumerate().filter(|(_, &w)| w == ARROW);
    let rule: Decl<'_> = match (arrows.next(), arrows.next()) {
        (Some(_), Some(_)) => return Err(Problem::SecondArrow),
        (Some((0, _)), None) => return Err(Problem::NoParent),
        (Some((1, _)), None) if words.len() == 2 => {
            return Err(Problem::NoChild(words[0].written()))
        }
        (Some((1, _)), None) => Decl::Edges(token(words[0])?, tokens(&words[2..])?),
        (Some(_), None) => return Err(Problem::TwoParents),
        (None, _) => match words {
            [Word::Bare("chain"), chain @ ..] if chain.len() >= 2 => Decl::Chain(tokens(chain)?),
            [Word::Bare("chain"), ..] => return Err(Problem::ChainArity),
            [Word::Bare("nested"), namespace, sep] => {
                let namespace = match namespace {
                    Word::Quoted("") => "",
                    _ => token(*namespace)?,
                };
                Decl::Nested(namespace, separator(*sep)?)
            }
            [Word::Bare("nested"), ..] => return Err(Problem::NestedArity),
            [Word::Bare("wildcard"), sep] => Decl::Wildcard(separator(*sep)?),
            [Word::Bare("wildcard"), ..] => return Err(Problem::WildcardArity),
            [Word::Bare("smart")] => Decl::Smart,
            [Word::Bare("smart"), ..] => return Err(Problem::SmartArity),
            [Word::Bare("param"), name, delim, kind, values @ ..] => {
                let kind = match (kind.text(), values) {
                    ("any", []) => ParamKind::Any,
                    ("integer", []) => ParamKind::Integer,
                    ("uuid", []) => ParamKind::Uuid,
                    ("oneof", [_, ..]) => {
                        ParamKind::OneOf(tokens(values)?.into_iter().map(String::from).collect())
                    }
                    ("any" | "integer" | "uuid" | "oneof", _) => return Err(Problem::ParamArity),
                    _ => return Err(Problem::UnknownKind(kind.written())),
                };
                Decl::Param(token(*name)?, separator(*delim)?, kind)
            }
            [Word::Bare("param"), ..] => return Err(Problem::ParamArity),
            [first, ..] => return Err(Problem::Unknown(first.written())),
            [] => return Ok(()),
        },
    };
    let b = core::mem::take(builder);
    *builder = match rule {
        Decl::Edges(parent, children) => b.imply_all(parent, children),
        Decl::Chain(chain) => b.chain(chain),
        Decl::Nested(namespace, sep) => b.nested(namespace, sep),
        Decl::Wildcard(sep) => b.wildcard(sep),
        Decl::Smart => b.smart(),
        Decl::Param(name, delim, kind) => b.parameter(name, delim, kind),
    };
    Ok(())
}

/// The rule of one line, read.
enum Decl<'t> {
    Edges(&'t str, Vec<&'t str>),
    Chain(Vec<&'t str>),
    Nested(&'t str, char),
    Wildcard(char),
    Smart,
    Param(&'t str, char, ParamKind),
}

/// The token `word` stands for, if it is a valid scope-token.
fn token(word: Word<'_>) -> Result<&str, Problem> {
    validate_token(word.text())
        .map(|()| word.text())
        .map_err(|err| Problem::InvalidToken(word.written(), err))
}

/// The tokens `words` stand for, if each is a valid scope-token.
fn tokens<'t>(words: &[Word<'t>]) -> Result<Vec<&'t str>, Problem> {
    words.iter().map(|&w| token(w)).collect()
}

/// The separator `word` stands for: one character that a scope-token may
/// hold.
fn separator(word: Word<'_>) -> Result<char, Problem> {
    let mut chars = word.text().chars();
    match (chars.next(), chars.next()) {
        (Some(sep), None) if sep.is_ascii() && is_nqchar(sep as u8) => Ok(sep),
        _ => Err(Problem::InvalidSeparator(word.written())),
    }
}

impl fmt::Display for Hierarchy {
    /// The rules as [`Hierarchy::from_rules`] reads them, one per line in
    /// the order they were declared, each line ended by LF: consecutive edges
    /// from one parent on one line (`repo => repo:status public_repo`), then
    /// `nested NAMESPACE SEP` and `wildcard SEP`. A token that begins with
    /// `#` or is `=>`, the empty namespace and the separator `#` are written
    /// in double quotes. Reading the text back gives a hierarchy with the
    /// same [`implies`](Hierarchy::implies) answers (but for a parameter of
    /// a [`ParamKind::Custom`] kind, which text cannot name: its rule is
    /// written as a comment, so the text reads back narrower, never wider);
    /// [`Hierarchy::exact`]
    /// writes the empty text.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Hierarchy;
    ///
    /// let h = Hierarchy::builder()
    ///     .imply_all("repo", ["repo:status", "#private"])
    ///     .nested("", '.')
    ///     .build()?;
    /// assert_eq!(h.to_string(), "repo => repo:status \"#private\"\nnested \"\" .\n");
    /// let back = Hierarchy::from_rules(&h.to_string()).unwrap();
    /// assert!(back.implies("repo", "#private") && back.implies("a", "a.b"));
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rules = self.declared_rules().iter().peekable();
        while let Some(rule) = rules.next() {
            match rule {
                Rule::Imply(parent, child) => {
                    write!(f, "{} => {}", Written(parent), Written(child))?;
                    while let Some(Rule::Imply(next, child)) = rules.peek() {
                        if next != parent {
                            break;
                        }
                        write!(f, " {}", Written(child))?;
                        rules.next();
                    }
                }
                Rule::Nested(namespace, sep) => {
                    write!(
                        f,
                        "nested {} {}",
                        Written(namespace),
                        Written(sep.encode_utf8(&mut [0; 4]))
                    )?;
                }
                Rule::Wildcard(sep) => {
                    write!(f, "wildcard {}", Written(sep.encode_utf8(&mut [0; 4])))?;
                }
                Rule::Smart => f.write_str("smart")?,
                Rule::Param(p) => {
                    let (name, delim) = p.parts();
                    let kind = match &p.kind {
                        ParamKind::Any => Some("any".to_string()),
                        ParamKind::Integer => Some("integer".to_string()),
                        ParamKind::Uuid => Some("uuid".to_string()),
                        ParamKind::OneOf(values) => Some(
                            core::iter::once("oneof".to_string())
                                .chain(values.iter().map(|v| Written(v).to_string()))
                                .collect::<Vec<_>>()
                                .join(" "),
                        ),
                        // Rules text cannot name a function: the rule is
                        // written as a comment, so that the text read back
                        // has no such parameter (its template implies
                        // nothing) rather than a wider kind.
                        ParamKind::Custom(_) => None,
                    };
                    match kind {
                        Some(kind) => {
                            write!(f, "param {} {} {kind}", Written(name), Written(delim))?;
                        }
                        None => write!(
                            f,
                            "# param {} {} with a custom function, which rules text cannot name",
                            Written(name),
                            Written(delim)
                        )?,
                    }
                }
            }
            f.write_str("\n")?;
        }
        Ok(())
    }
}

/// A token, namespace or separator as the rules text writes it.
struct Written<'a>(&'a str);

impl fmt::Display for Written<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0;
        if t.is_empty() || t.starts_with('#') || t == "=>" {
            write!(f, "\"{t}\"")
        } else {
            f.write_str(t)
        }
    }
}

/// A mistake in rules text ([`Hierarchy::from_rules`]): the line it is on
/// and what is wrong.
///
/// `Display` is `line N: ` and the problem, lowercase, without a trailing
/// period; `Debug` is `RulesError("<display text>")`.
///
/// # Examples
///
/// ```
/// use oauth_scope::Hierarchy;
///
/// let err = Hierarchy::from_rules("repo => public_repo\nrepo public_repo").unwrap_err();
/// assert_eq!(err.line(), 2);
/// assert_eq!(
///     err.to_string(),
///     "line 2: unknown rule \"repo\"; expected PARENT => CHILD..., chain, nested, wildcard, smart or param",
/// );
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct RulesError {
    line: usize,
    problem: Problem,
}

/// What is wrong on the line.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Problem {
    /// A `"` without a closing one: the rest of the line.
    Unclosed(String),
    /// A closing `"` followed by more than whitespace: the word.
    AfterQuote(String),
    SecondArrow,
    NoParent,
    /// The parent as written.
    NoChild(String),
    TwoParents,
    ChainArity,
    NestedArity,
    WildcardArity,
    SmartArity,
    ParamArity,
    /// The kind as written.
    UnknownKind(String),
    /// The first word as written.
    Unknown(String),
    /// The word as written, and why it is not a scope-token.
    InvalidToken(String, ParseError),
    /// The word as written.
    InvalidSeparator(String),
    /// What the builder refused.
    Refused(BuildError),
}

/// What a [`RulesError`] reports.
///
/// The enum is `#[non_exhaustive]`: later versions may add kinds.
///
/// # Examples
///
/// ```
/// use oauth_scope::{Hierarchy, RulesErrorKind};
///
/// let err = Hierarchy::from_rules("a => b => c").unwrap_err();
/// assert_eq!(err.kind(), RulesErrorKind::SecondArrow);
/// assert_eq!(err.kind().code(), "second_arrow");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RulesErrorKind {
    /// A `"` that no `"` closes on the line.
    UnclosedQuote,
    /// A closing `"` followed by more than whitespace.
    TextAfterQuote,
    /// A second `=>` on the line.
    SecondArrow,
    /// Nothing before `=>`.
    NoParent,
    /// Nothing after `=>`.
    NoChild,
    /// More than one token before `=>`.
    TwoParents,
    /// `chain` with fewer than two tokens.
    ChainArity,
    /// `nested` without exactly a namespace and a separator.
    NestedArity,
    /// `wildcard` without exactly one separator.
    WildcardArity,
    /// `smart` followed by more words.
    SmartArity,
    /// `param` without a name, a delimiter and a kind (`oneof` with at
    /// least one value, the other kinds with none).
    ParamArity,
    /// A `param` kind other than `any`, `integer`, `uuid` and `oneof`.
    UnknownKind,
    /// A first word that is no keyword, on a line without `=>`.
    UnknownRule,
    /// A word that is not a scope-token ([`source`](std::error::Error::source)
    /// is its [`ParseError`]).
    InvalidToken,
    /// A separator that is not one `NQCHAR`.
    InvalidSeparator,
    /// A rule that the builder refuses beside the others
    /// ([`source`](std::error::Error::source) is the
    /// [`BuildError`](crate::BuildError)).
    Refused,
}

impl RulesErrorKind {
    /// The kind's name in `snake_case` (`"unknown_rule"`), for logs and
    /// machine-readable output.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::RulesErrorKind;
    ///
    /// assert_eq!(RulesErrorKind::UnknownRule.code(), "unknown_rule");
    /// ```
    pub const fn code(self) -> &'static str {
        match self {
            Self::UnclosedQuote => "unclosed_quote",
            Self::TextAfterQuote => "text_after_quote",
            Self::SecondArrow => "second_arrow",
            Self::NoParent => "no_parent",
            Self::NoChild => "no_child",
            Self::TwoParents => "two_parents",
            Self::ChainArity => "chain_arity",
            Self::NestedArity => "nested_arity",
            Self::WildcardArity => "wildcard_arity",
            Self::SmartArity => "smart_arity",
            Self::ParamArity => "param_arity",
            Self::UnknownKind => "unknown_kind",
            Self::UnknownRule => "unknown_rule",
            Self::InvalidToken => "invalid_token",
            Self::InvalidSeparator => "invalid_separator",
            Self::Refused => "refused",
        }
    }
}

impl RulesError {
    /// What is wrong on the line.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, RulesErrorKind};
    ///
    /// let err = Hierarchy::from_rules("wildcard :\nwildcard .").unwrap_err();
    /// assert_eq!((err.line(), err.kind()), (2, RulesErrorKind::Refused));
    /// ```
    pub fn kind(&self) -> RulesErrorKind {
        match &self.problem {
            Problem::Unclosed(_) => RulesErrorKind::UnclosedQuote,
            Problem::AfterQuote(_) => RulesErrorKind::TextAfterQuote,
            Problem::SecondArrow => RulesErrorKind::SecondArrow,
            Problem::NoParent => RulesErrorKind::NoParent,
            Problem::NoChild(_) => RulesErrorKind::NoChild,
            Problem::TwoParents => RulesErrorKind::TwoParents,
            Problem::ChainArity => RulesErrorKind::ChainArity,
            Problem::NestedArity => RulesErrorKind::NestedArity,
            Problem::WildcardArity => RulesErrorKind::WildcardArity,
            Problem::SmartArity => RulesErrorKind::SmartArity,
            Problem::ParamArity => RulesErrorKind::ParamArity,
            Problem::UnknownKind(_) => RulesErrorKind::UnknownKind,
            Problem::Unknown(_) => RulesErrorKind::UnknownRule,
            Problem::InvalidToken(..) => RulesErrorKind::InvalidToken,
            Problem::InvalidSeparator(_) => RulesErrorKind::InvalidSeparator,
            Problem::Refused(_) => RulesErrorKind::Refused,
        }
    }

    /// The line of the first problem, from 1. Lines end at CR, LF or CRLF.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Hierarchy;
    ///
    /// let err = Hierarchy::from_rules("a => b\rchain x").unwrap_err();
    /// assert_eq!(err.line(), 2);
    /// ```
    pub fn line(&self) -> usize {
        self.line
    }
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const EDGE: &str = "expected PARENT => CHILD...";
        write!(f, "line {}: ", self.line)?;
        match &self.problem {
            Problem::Unclosed(rest) => write!(f, "no closing '\"' in {rest:?}"),
            Problem::AfterQuote(word) => {
                write!(f, "expected a space after the closing '\"' in {word:?}")
            }
            Problem::SecondArrow => write!(f, "a second '=>'; {EDGE}"),
            Problem::NoParent => write!(f, "nothing before '=>'; {EDGE}"),
            Problem::NoChild(parent) => write!(f, "{parent} => needs at least one child"),
            Problem::TwoParents => write!(f, "more than one token before '=>'; {EDGE}"),
            Problem::ChainArity => f.write_str("chain needs at least two tokens"),
            Problem::NestedArity => f.write_str(
                "nested takes a namespace and a separator: nested NAMESPACE SEP",
            ),
            Problem::WildcardArity => f.write_str("wildcard takes one separator: wildcard SEP"),
            Problem::SmartArity => f.write_str("smart takes nothing after it"),
            Problem::ParamArity => f.write_str(
                "param takes a name, a delimiter and a kind: param NAME DELIM any|integer|uuid|oneof V1 V2...",
            ),
            Problem::UnknownKind(word) => write!(
                f,
                "unknown parameter kind {word:?}; expected any, integer, uuid or oneof"
            ),
            Problem::Unknown(word) => write!(
                f,
                "unknown rule {word:?}; {EDGE}, chain, nested, wildcard, smart or param"
            ),
            Problem::InvalidToken(word, err) => write!(f, "invalid token {word:?}: {err}"),
            Problem::InvalidSeparator(word) => write!(
                f,
                "invalid separator {word:?}: expected one character from ! # through [ and ] through ~"
            ),
            Problem::Refused(err) => write!(f, "{}", err.reason()),
        }
    }
}

impl fmt::Debug for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RulesError(\"{self}\")")
    }
}

#[cfg(feature = "std")]
impl std::error::Error for RulesError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.problem {
            Problem::InvalidToken(_, e) => Some(e),
            Problem::Refused(e) => Some(e),
            _ => None,
        }
    }
}
