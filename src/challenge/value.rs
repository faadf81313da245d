//! The character rules of a Bearer challenge's values (RFC 6750 §3): what
//! `error`, `error_description` and `error_uri` may hold (RFC 6749 Appendix
//! A.7 to A.9), `resource_metadata` too (RFC 9728 §5.1), and `realm` and
//! extension values (RFC 9110 §5.6.4 quoted-strings, without `obs-text`).

/// The character rules of the values (RFC 6750 §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Chars {
    /// `%x20-21 / %x23-5B / %x5D-7E`.
    NqsChar,
    /// `%x21 / %x23-5B / %x5D-7E`.
    UriChar,
    /// The unescaped text of a quoted-string without `obs-text`:
    /// `HTAB / SP / VCHAR`, possibly empty (RFC 9110 §5.6.4).
    Quoted,
    /// `1*20DIGIT`: a number of seconds (RFC 9470 §3 `max_age`); one that
    /// does not fit in 64 bits is refused where it is read.
    Seconds,
}

/// The most digits a [`Chars::Seconds`] value has: those of `u64::MAX`.
pub(super) const SECONDS_DIGITS: usize = 20;

impl Chars {
    /// Whether a value may hold the byte `b`.
    pub(super) fn allows(self, b: u8) -> bool {
        match self {
            Self::NqsChar => matches!(b, 0x20..=0x21 | 0x23..=0x5B | 0x5D..=0x7E),
            Self::UriChar => matches!(b, 0x21 | 0x23..=0x5B | 0x5D..=0x7E),
            Self::Quoted => matches!(b, b'\t' | 0x20..=0x7E),
            Self::Seconds => b.is_ascii_digit(),
        }
    }

    /// Whether a value may be empty: only a quoted-string's.
    pub(super) fn allows_empty(self) -> bool {
        matches!(self, Self::Quoted)
    }

    /// What a value may hold, as an error message says it.
    pub(super) fn expected(self) -> &'static str {
        match self {
            Self::NqsChar => "printable ASCII without '\"' and '\\'",
            Self::UriChar => "printable ASCII without space, '\"' and '\\'",
            Self::Quoted => "printable ASCII, space or tab",
            Self::Seconds => "at most 20 ASCII digits, a number of seconds",
        }
    }
}
