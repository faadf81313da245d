//! Narrowing a request against what a client may have, and refreshing.

use alloc::vec::Vec;

use crate::hierarchy::Hierarchy;
use crate::outcome::{Reason, ScopeError};
use crate::set::ScopeSet;

/// What an authorization server grants from a request: the result of
/// [`ScopeSet::narrow`].
///
/// For each requested token `r`: `r` itself when some allowed token implies
/// it; otherwise the allowed tokens that `r` implies (the narrower ones, as
/// when `drive` is asked and only `drive.readonly` is allowed); otherwise
/// nothing, and `r` is [denied](Self::denied).
///
/// Under structured rules ([`smart`](crate::HierarchyBuilder::smart),
/// [`parameter`](crate::HierarchyBuilder::parameter)) the same rule reads
/// with atoms and meets: `r` itself when the allowed tokens cover it
/// together (a SMART scope letter by letter); otherwise the broadest tokens
/// that both `r` and an allowed token imply, which need not be allowed
/// tokens themselves (`patient/AllergyIntolerance.cruds` against
/// `patient/*.rs` grants `patient/AllergyIntolerance.rs`).
///
/// # Examples
///
/// ```
/// use oauth_scope::{Hierarchy, ScopeSet};
///
/// let h = Hierarchy::github();
/// let requested = ScopeSet::parse("repo gist delete_repo")?;
/// let allowed = ScopeSet::parse("public_repo repo:status gist")?;
/// let grant = requested.narrow(&allowed, &h);
/// assert_eq!(grant.granted().to_string(), "gist public_repo repo:status");
/// assert_eq!(grant.denied().to_string(), "delete_repo");
/// // RFC 6749 §5.1: the token response must then carry `scope`.
/// assert!(grant.response_scope().is_some());
/// # Ok::<(), oauth_scope::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant<'a> {
    granted: ScopeSet<'a>,
    denied: ScopeSet<'a>,
    narrowed: bool,
    omitted: bool,
}

impl<'a> Grant<'a> {
    /// Decides a token request whose `scope` parameter may be absent
    /// (RFC 6749 §3.3): when `requested` is `None` (or empty, which RFC 6749
    /// §3.1 treats as omitted), the server "MUST either process the request
    /// using a pre-defined default value or fail the request indicating an
    /// invalid scope". The default is narrowed against `allowed` like a
    /// request, and the response then always carries `scope`.
    ///
    /// # Errors
    ///
    /// An `invalid_scope` [`ScopeError`] when the scope is omitted and
    /// `default` is `None`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Grant, Hierarchy, ScopeSet};
    ///
    /// let allowed = ScopeSet::parse("openid email profile")?;
    /// let default = ScopeSet::parse("openid")?;
    /// let h = Hierarchy::exact();
    ///
    /// let grant = Grant::decide(None, &allowed, Some(&default), &h)?;
    /// assert_eq!(grant.granted().to_string(), "openid");
    /// assert!(grant.response_scope().is_some());
    ///
    /// let err = Grant::decide(None, &allowed, None, &h).unwrap_err();
    /// assert_eq!(err.error_code(), "invalid_scope");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn decide(
        requested: Option<&ScopeSet<'a>>,
        allowed: &ScopeSet<'a>,
        default: Option<&ScopeSet<'a>>,
        hierarchy: &Hierarchy,
    ) -> Result<Self, ScopeError> {
        match requested.filter(|r| !r.is_empty()) {
            Some(requested) => Ok(requested.narrow(allowed, hierarchy)),
            None => match default {
                Some(default) => {
                    let mut grant = default.narrow(allowed, hierarchy);
                    grant.omitted = true;
                    Ok(grant)
                }
                None => Err(ScopeError::new(Reason::Omitted, ScopeSet::new())),
            },
        }
    }

    /// What a token response granted, read on the client's side: `requested`
    /// is the scope the client asked for, `response_scope` the response's
    /// `scope` member, if it had one.
    ///
    /// RFC 6749 §5.1 makes `scope` "OPTIONAL, if identical to the scope
    /// requested by the client; otherwise, REQUIRED", so an absent `scope`
    /// means "as requested": [`granted`](Self::granted) is the response's
    /// scope, or else `requested`. [`denied`](Self::denied) holds the
    /// requested tokens of which nothing was granted under `hierarchy`: no
    /// granted token implies them and they imply no granted token (a `drive`
    /// answered with `drive.readonly` was narrowed, not denied).
    /// [`is_narrowed`](Self::is_narrowed) says whether the granted scope
    /// differs from the requested one, and
    /// [`response_scope`](Self::response_scope) is `Some(granted)` exactly
    /// then.
    ///
    /// # Absent is not always "as requested"
    ///
    /// Not every server keeps the rule. oidc-provider (v9, `OpenID`
    /// Certified) drops a requested scope it does not know and then leaves
    /// `scope` out of the response all the same: the token holds less than
    /// was asked, and this function, which can only believe the response,
    /// says it holds everything. When the difference matters, ask the
    /// authorization server what the token holds (RFC 7662 introspection,
    /// or the `scope` claim of a JWT access token the client may read) and
    /// pass that as `response_scope`.
    ///
    /// # Cost
    ///
    /// For each requested token, one coverage check against the granted
    /// scope and one search for the granted tokens it implies, as in
    /// [`ScopeSet::narrow`].
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Grant, Hierarchy, ScopeSet};
    ///
    /// let h = Hierarchy::google_drive();
    /// let drive = |s: &str| format!("https://www.googleapis.com/auth/{s}");
    /// let asked = format!("{} {}", drive("drive"), drive("gmail"));
    /// let requested = ScopeSet::parse(&asked)?;
    ///
    /// // `scope` absent: granted as requested.
    /// let grant = Grant::from_response(&requested, None, &h);
    /// assert_eq!(grant.granted(), &requested);
    /// assert!(!grant.is_narrowed() && grant.denied().is_empty());
    ///
    /// // `drive` narrowed to `drive.readonly`, `gmail` denied.
    /// let readonly = drive("drive.readonly");
    /// let answered = ScopeSet::parse(&readonly)?;
    /// let grant = Grant::from_response(&requested, Some(&answered), &h);
    /// assert!(grant.is_narrowed());
    /// assert_eq!(grant.granted().to_string(), readonly);
    /// assert_eq!(grant.denied().to_string(), drive("gmail"));
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn from_response(
        requested: &ScopeSet<'a>,
        response_scope: Option<&ScopeSet<'a>>,
        hierarchy: &Hierarchy,
    ) -> Self {
        let granted = response_scope.unwrap_or(requested).clone();
        let patterns = hierarchy.patterns_in(&granted);
        let plain_granted = hierarchy.is_plain_set(&granted);
        let denied = requested
            .as_slice()
            .iter()
            .filter(|r| {
                !hierarchy.is_covered(r, &granted, &patterns)
                    && hierarchy
                        .meets_structured(r, &granted)
                        .unwrap_or_else(|| hierarchy.implied_members(r, &granted, plain_granted))
                        .is_empty()
            })
            .cloned()
            .collect();
        let narrowed = granted != *requested;
        Grant {
            granted,
            denied: ScopeSet::from_sorted(denied),
            narrowed,
            omitted: false,
        }
    }

    /// The scope granted.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, ScopeSet};
    ///
    /// let grant = ScopeSet::parse("openid email")?
    ///     .narrow(&ScopeSet::parse("openid")?, &Hierarchy::exact());
    /// assert_eq!(grant.granted().to_string(), "openid");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn granted(&self) -> &ScopeSet<'a> {
        &self.granted
    }

    /// The requested tokens of which nothing was granted: no allowed token
    /// implies them and they imply no allowed token. A denied token may
    /// still imply a granted one that was requested, and granted, on its own.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, ScopeSet};
    ///
    /// let grant = ScopeSet::parse("openid email")?
    ///     .narrow(&ScopeSet::parse("openid")?, &Hierarchy::exact());
    /// assert_eq!(grant.denied().to_string(), "email");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn denied(&self) -> &ScopeSet<'a> {
        &self.denied
    }

    /// Whether the granted scope differs from the requested one.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, ScopeSet};
    ///
    /// let allowed = ScopeSet::parse("openid email")?;
    /// let h = Hierarchy::exact();
    /// assert!(!ScopeSet::parse("openid")?.narrow(&allowed, &h).is_narrowed());
    /// assert!(ScopeSet::parse("openid phone")?.narrow(&allowed, &h).is_narrowed());
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn is_narrowed(&self) -> bool {
        self.narrowed
    }

    /// The `scope` to put in the token response: `Some(granted)` when it
    /// differs from what the client asked (or the client asked nothing), since
    /// RFC 6749 §5.1 makes `scope` "OPTIONAL, if identical to the scope
    /// requested by the client; otherwise, REQUIRED"; `None` when it may be
    /// left out.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, ScopeSet};
    ///
    /// let h = Hierarchy::google_drive();
    /// let requested = ScopeSet::parse("https://www.googleapis.com/auth/drive")?;
    /// let allowed = ScopeSet::parse("https://www.googleapis.com/auth/drive.readonly")?;
    /// let grant = requested.narrow(&allowed, &h);
    /// assert_eq!(
    ///     grant.response_scope().unwrap().to_string(),
    ///     "https://www.googleapis.com/auth/drive.readonly",
    /// );
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn response_scope(&self) -> Option<&ScopeSet<'a>> {
        (self.narrowed || self.omitted).then_some(&self.granted)
    }

    /// The grant, or an `invalid_scope` error naming the denied tokens when
    /// anything was denied or nothing was granted: for servers that refuse a
    /// request rather than grant part of it.
    ///
    /// # Errors
    ///
    /// An `invalid_scope` [`ScopeError`] whose [`scope`](ScopeError::scope)
    /// is [`denied`](Self::denied).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, ScopeSet};
    ///
    /// let allowed = ScopeSet::parse("openid email")?;
    /// let grant = ScopeSet::parse("openid admin")?.narrow(&allowed, &Hierarchy::exact());
    /// let err = grant.without_denials().unwrap_err();
    /// assert_eq!(err.to_string(), "scope not allowed for this client: admin");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn without_denials(self) -> Result<Self, ScopeError> {
        if self.denied.is_empty() && !self.granted.is_empty() {
            Ok(self)
        } else {
            Err(ScopeError::new(Reason::Denied, self.denied))
        }
    }
}

impl<'a> ScopeSet<'a> {
    /// Decides what to grant from this requested scope given what the client
    /// is `allowed`: see [`Grant`].
    ///
    /// # Cost
    ///
    /// One coverage check per requested token (see
    /// [`covers`](Self::covers)); a requested token that is not covered is
    /// compared with the allowed tokens it may imply: a range search among the
    /// allowed tokens per named token it reaches. So O(n log n) in the request
    /// times the size of the rules and of `allowed`. When patterns are in
    /// play, a requested token is tried against the allowed tokens that
    /// start with its literal part (the token, or what comes before its
    /// first `*` segment), or against all of them when that part is empty
    /// or a named token starts with it; and each allowed pattern is tried
    /// against each requested token in one pass over it and its nested
    /// parents (allowed patterns × request).
    ///
    /// Under structured rules, a requested structured token that the allowed
    /// set does not cover is met with each allowed token: (allowed ×
    /// request), the allowed set being trusted.
    ///
    /// Wildcard patterns are granted as asked when an allowed pattern
    /// includes them: a server whose allow-list means "any one of" must refuse
    /// requested patterns first ([`Hierarchy::is_pattern`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, ScopeSet};
    ///
    /// let drive = |s: &str| format!("https://www.googleapis.com/auth/{s}");
    /// let (full, readonly) = (drive("drive"), drive("drive.readonly"));
    /// let requested = ScopeSet::parse(&full)?;
    /// let allowed = ScopeSet::parse(&readonly)?;
    /// let grant = requested.narrow(&allowed, &Hierarchy::google_drive());
    /// assert_eq!(grant.granted().to_string(), readonly);
    /// assert!(grant.denied().is_empty());
    /// assert!(grant.is_narrowed());
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn narrow(&self, allowed: &Self, hierarchy: &Hierarchy) -> Grant<'a> {
        let patterns = hierarchy.patterns_in(allowed);
        let plain_allowed = hierarchy.is_plain_set(allowed);
        let mut granted = Vec::new();
        let mut denied = Vec::new();
        for r in self.as_slice() {
            if hierarchy.is_covered(r, allowed, &patterns) {
                granted.push(r.clone());
                continue;
            }
            let narrower = hierarchy
                .meets_structured(r, allowed)
                .unwrap_or_else(|| hierarchy.implied_members(r, allowed, plain_allowed));
            if narrower.is_empty() {
                denied.push(r.clone());
            } else {
                granted.extend(narrower);
            }
        }
        let granted = ScopeSet::from_unsorted(granted);
        let narrowed = granted != *self;
        Grant {
            granted,
            denied: ScopeSet::from_sorted(denied),
            narrowed,
            omitted: false,
        }
    }

    /// The scope of a refreshed access token (RFC 6749 §6), with `self` the
    /// scope originally granted: `requested` omitted (or empty, RFC 6749
    /// §3.1) means the original scope; otherwise every requested token must be
    /// covered by the original grant (narrower tokens are allowed through the
    /// hierarchy), and the new scope is the requested one.
    ///
    /// # Cost
    ///
    /// That of [`uncovered`](Self::uncovered).
    ///
    /// # Errors
    ///
    /// An `invalid_scope` [`ScopeError`] naming the requested tokens the
    /// original grant does not cover: "The requested scope MUST NOT include
    /// any scope not originally granted by the resource owner".
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, ScopeSet};
    ///
    /// let h = Hierarchy::github();
    /// let original = ScopeSet::parse("repo user")?;
    /// assert_eq!(original.refresh(None, &h)?, original);
    ///
    /// let narrower = ScopeSet::parse("public_repo read:user")?;
    /// assert_eq!(original.refresh(Some(&narrower), &h)?, narrower);
    ///
    /// let wider = ScopeSet::parse("repo admin:org")?;
    /// let err = original.refresh(Some(&wider), &h).unwrap_err();
    /// assert_eq!(err.scope().to_string(), "admin:org");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn refresh(
        &self,
        requested: Option<&Self>,
        hierarchy: &Hierarchy,
    ) -> Result<Self, ScopeError> {
        let Some(requested) = requested.filter(|r| !r.is_empty()) else {
            return Ok(self.clone());
        };
        let missing = self.uncovered(requested, hierarchy);
        if missing.is_empty() {
            Ok(requested.clone())
        } else {
            Err(ScopeError::new(Reason::NotGranted, missing))
        }
    }
}
