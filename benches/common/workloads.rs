//! The inputs and the criterion settings that `benches/scope.rs` and the
//! peers' `benches/peers/benches/scope.rs` share, so that the two measure
//! the same workloads: included by `#[path]` in both.

#![allow(dead_code)]

use std::time::Duration;

use criterion::Criterion;

/// A typical `OpenID` Connect request.
pub(crate) const SHORT: &str = "openid profile email offline_access";
/// The scopes of Google's consent screen for Drive, as sent on the wire.
pub(crate) const GOOGLE: &str = "email openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/docs.test https://www.googleapis.com/auth/drive https://www.googleapis.com/auth/drive.photos.readonly https://www.googleapis.com/auth/peopleapi.readonly https://www.googleapis.com/auth/meetings https://www.googleapis.com/auth/drive.activity.readonly https://www.googleapis.com/auth/experimentsandconfigs https://www.googleapis.com/auth/photos.native";

/// Three of [`GOOGLE`]'s eleven tokens, for the subset check of a typical
/// request: one short, two URLs.
pub(crate) const GOOGLE_SUBSET: &str =
    "email https://www.googleapis.com/auth/drive https://www.googleapis.com/auth/photos.native";

/// `n` distinct tokens such as `api42:write`, in a scrambled order.
pub(crate) fn synthetic_tokens(n: usize) -> Vec<String> {
    let verbs = ["read", "write", "admin"];
    let mut order: Vec<usize> = (0..n).collect();
    // A fixed permutation (xorshift) so runs are comparable.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in (1..n).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        order.swap(i, (x % (i as u64 + 1)) as usize);
    }
    order
        .into_iter()
        .map(|i| format!("api{i}:{}", verbs[i % 3]))
        .collect()
}

/// [`synthetic_tokens`] as one scope string.
pub(crate) fn synthetic(n: usize) -> String {
    synthetic_tokens(n).join(" ")
}

/// The criterion settings of the parsing and set groups.
pub(crate) fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
}

/// The inputs of the parsing groups, by name.
pub(crate) fn workloads() -> Vec<(&'static str, String)> {
    vec![
        ("short", SHORT.to_string()),
        ("google", GOOGLE.to_string()),
        ("1k", synthetic(1_000)),
        ("100k", synthetic(100_000)),
    ]
}
