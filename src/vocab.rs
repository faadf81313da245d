//! Built-in vocabularies, declared edge by edge from their owners' documentation.

use crate::hierarchy::BuildError;
use crate::hierarchy::{Hierarchy, HierarchyBuilder};

/// GitHub OAuth app scopes: each parent with the scopes it includes.
const GITHUB: &[(&str, &[&str])] = &[
    (
        "repo",
        &[
            "repo:status",
            "repo_deployment",
            "public_repo",
            "repo:invite",
            "security_events",
        ],
    ),
    ("admin:repo_hook", &["write:repo_hook"]),
    ("write:repo_hook", &["read:repo_hook"]),
    ("admin:org", &["write:org"]),
    ("write:org", &["read:org"]),
    ("admin:public_key", &["write:public_key"]),
    ("write:public_key", &["read:public_key"]),
    ("admin:gpg_key", &["write:gpg_key"]),
    ("write:gpg_key", &["read:gpg_key"]),
    ("user", &["read:user", "user:email", "user:follow"]),
    ("project", &["read:project"]),
    (
        "admin:enterprise",
        &[
            "manage_runners:enterprise",
            "manage_billing:enterprise",
            "read:enterprise",
        ],
    ),
    ("write:discussion", &["read:discussion"]),
];

/// Google Drive API scopes, after `https://www.googleapis.com/auth/`.
const GOOGLE_DRIVE: &[(&str, &[&str])] = &[
    ("drive", &["drive.readonly", "drive.file", "drive.metadata"]),
    (
        "drive.readonly",
        &["drive.metadata.readonly", "drive.meet.readonly"],
    ),
    ("drive.metadata", &["drive.metadata.readonly"]),
    ("drive.activity", &["drive.activity.readonly"]),
    ("drive.labels", &["drive.labels.readonly"]),
    ("drive.admin.labels", &["drive.admin.labels.readonly"]),
];

const GOOGLE_AUTH: &str = "https://www.googleapis.com/auth/";

fn try_build(edges: &[(&str, &[&str])], prefix: &str) -> Result<Hierarchy, BuildError> {
    let mut builder = HierarchyBuilder::default();
    let mut parent = alloc::string::String::new();
    let mut child = alloc::string::String::new();
    for (p, children) in edges {
        parent.clear();
        parent.push_str(prefix);
        parent.push_str(p);
        for c in *children {
            child.clear();
            child.push_str(prefix);
            child.push_str(c);
            builder = builder.imply(&parent, &child);
        }
    }
    builder.build()
}

fn build(edges: &[(&str, &[&str])], prefix: &str) -> Hierarchy {
    try_build(edges, prefix).expect(
        "every built-in vocabulary builds: its tokens are literals that this module's tests build",
    )
}

impl Hierarchy {
    /// GitHub's OAuth app scopes, as GitHub documents them in "Scopes for
    /// OAuth apps" (docs.github.com, `apps/oauth-apps/building-oauth-apps/
    /// scopes-for-oauth-apps`), where a scope's sub-scopes are listed under
    /// it:
    ///
    /// - `repo` ⇒ `repo:status`, `repo_deployment`, `public_repo`,
    ///   `repo:invite`, `security_events` — but not `delete_repo`,
    ///   `workflow`, `admin:repo_hook` or any `*:packages` scope, which are
    ///   scopes of their own;
    /// - `admin:org` ⇒ `write:org` ⇒ `read:org`, and the same three-step
    ///   ladders for `*:repo_hook`, `*:public_key` and `*:gpg_key`;
    /// - `user` ⇒ `read:user`, `user:email`, `user:follow` ("this scope
    ///   includes `user:email` and `user:follow`");
    /// - `project` ⇒ `read:project`; `write:discussion` ⇒ `read:discussion`;
    /// - `admin:enterprise` ⇒ `manage_runners:enterprise`,
    ///   `manage_billing:enterprise`, `read:enterprise` ("Includes …").
    ///
    /// `write:packages` does not imply `read:packages` here: the scopes page
    /// lists them side by side. Build it once and keep it.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::{Hierarchy, ScopeSet};
    ///
    /// let github = Hierarchy::github();
    /// assert!(github.implies("repo", "public_repo"));
    /// assert!(!github.implies("repo", "delete_repo"));
    /// // GitHub's own normalization example.
    /// let asked = ScopeSet::parse("user gist user:email")?;
    /// assert_eq!(asked.normalize(&github).to_string(), "gist user");
    /// # Ok::<(), oauth_scope::Error>(())
    /// ```
    pub fn github() -> Self {
        build(GITHUB, "")
    }

    /// Google Drive API scopes (full URLs under
    /// `https://www.googleapis.com/auth/`), from the descriptions Google
    /// publishes for them ("Choose Google Drive API scopes",
    /// developers.google.com/workspace/drive/api/guides/api-specific-auth, and
    /// the Drive, Drive Activity and Drive Labels API descriptions):
    ///
    /// - `drive` ("See, edit, create, and delete all of your Google Drive
    ///   files") ⇒ `drive.readonly`, `drive.file`, `drive.metadata`;
    /// - `drive.readonly` ⇒ `drive.metadata.readonly`, `drive.meet.readonly`;
    ///   `drive.metadata` ⇒ `drive.metadata.readonly`;
    /// - `drive.activity`, `drive.labels`, `drive.admin.labels` ⇒ their
    ///   `.readonly` forms.
    ///
    /// Not included by `drive`: `drive.appdata` (the application data folder,
    /// which Google excludes from full Drive access), `drive.apps.readonly`,
    /// `drive.photos.readonly`, `drive.scripts`, `drive.install`, and the
    /// Activity and Labels scopes, which belong to other APIs. `drive.file`
    /// and `drive.readonly` are unrelated. Build it once and keep it.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::Hierarchy;
    ///
    /// let h = Hierarchy::google_drive();
    /// let auth = |s: &str| format!("https://www.googleapis.com/auth/{s}");
    /// assert!(h.implies(&auth("drive"), &auth("drive.metadata.readonly")));
    /// assert!(!h.implies(&auth("drive"), &auth("drive.appdata")));
    /// assert!(!h.implies(&auth("drive.readonly"), &auth("drive.file")));
    /// ```
    pub fn google_drive() -> Self {
        build(GOOGLE_DRIVE, GOOGLE_AUTH)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_token_is_valid() {
        assert!(try_build(GITHUB, "").is_ok());
        assert!(try_build(GOOGLE_DRIVE, GOOGLE_AUTH).is_ok());
    }
}
