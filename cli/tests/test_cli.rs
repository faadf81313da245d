//! The `oauth-scope` binary, run as a user runs it: exit statuses and exact
//! output of every subcommand.

use std::process::Command;

use oauth_scope::ScopeSet;
use serde_json::{json, Value};

/// The scopes of Google's consent screen for Drive, as sent on the wire.
const GOOGLE: &str = "email openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/docs.test https://www.googleapis.com/auth/drive https://www.googleapis.com/auth/drive.photos.readonly https://www.googleapis.com/auth/peopleapi.readonly https://www.googleapis.com/auth/meetings https://www.googleapis.com/auth/drive.activity.readonly https://www.googleapis.com/auth/experimentsandconfigs https://www.googleapis.com/auth/photos.native";

/// The tails of the library's messages for an invalid character and for an
/// empty token after the first byte.
const ALLOWED: &str = "a scope-token allows ! # through [ and ] through ~";
const BETWEEN: &str =
    "scope-tokens are separated by exactly one separator, and a scope must end with a scope-token";

#[track_caller]
fn set(text: &str) -> ScopeSet<'_> {
    ScopeSet::parse(text).unwrap_or_else(|err| panic!("{text:?} should be a scope: {err}"))
}

const SUCCESS: i32 = 0;
const FAILURE: i32 = 1;
const USAGE: i32 = 2;

/// What one run of the binary gave.
#[derive(Debug)]
struct Output {
    status: i32,
    stdout: String,
    stderr: String,
}

/// Runs `oauth-scope ARGS` from the crate's root, so that hierarchy files
/// are named as in `tests/hierarchies/…`.
#[track_caller]
fn run(args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_oauth-scope"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    Output {
        status: output.status.code().expect("the binary exits"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs `oauth-scope ARGS` with `stdin` as its standard input.
#[track_caller]
fn run_with_stdin(args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_oauth-scope"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().unwrap();
    let text = stdin.to_owned();
    // Written from a thread, so that a binary that does not read its input
    // cannot block the test.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(text.as_bytes());
    });
    let output = child.wait_with_output().expect("the binary exits");
    writer.join().unwrap();
    Output {
        status: output.status.code().expect("the binary exits"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Asserts the exit status and exact output of a run with `stdin` as input.
#[track_caller]
fn assert_run_with_stdin(args: &[&str], stdin: &str, status: i32, stdout: &str, stderr: &str) {
    let out = run_with_stdin(args, stdin);
    assert_eq!(
        (out.status, out.stdout.as_str(), out.stderr.as_str()),
        (status, stdout, stderr),
        "oauth-scope {args:?} < {stdin:?}"
    );
}

/// Asserts the exit status and the exact stdout and stderr of a run.
#[track_caller]
fn assert_run(args: &[&str], status: i32, stdout: &str, stderr: &str) {
    let out = run(args);
    assert_eq!(
        (out.status, out.stdout.as_str(), out.stderr.as_str()),
        (status, stdout, stderr),
        "oauth-scope {args:?}"
    );
}

/// Asserts a successful run that prints `stdout` and nothing on stderr.
#[track_caller]
fn assert_prints(args: &[&str], stdout: &str) {
    assert_run(args, SUCCESS, stdout, "");
}

/// Runs with `--json` and returns the exit status and the parsed object;
/// nothing may go to stderr.
#[track_caller]
fn run_json(args: &[&str]) -> (i32, Value) {
    let out = run(&[args, &["--json"]].concat());
    assert_eq!(out.stderr, "", "oauth-scope {args:?} --json");
    assert!(out.stdout.ends_with('\n') && out.stdout.lines().count() == 1);
    let value = serde_json::from_str(&out.stdout).expect("stdout is one JSON value");
    (out.status, value)
}

/// Asserts a usage error: status 2, nothing on stdout, and stderr starting
/// with `error: ` and the expected text.
#[track_caller]
fn assert_usage_error(args: &[&str], starts: &str) -> String {
    let out = run(args);
    assert_eq!(out.status, USAGE, "oauth-scope {args:?}: {out:?}");
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.starts_with(&format!("error: {starts}")),
        "oauth-scope {args:?}: {}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 1, "one line: {}", out.stderr);
    out.stderr
}

// ---------------------------------------------------------------------------
// validate

#[test]
fn validate_counts_distinct_tokens() {
    assert_prints(&["validate", GOOGLE], "valid scope: 11 distinct tokens\n");
    assert_prints(&["validate", "openid"], "valid scope: 1 distinct token\n");
    assert_prints(&["validate", "b a b"], "valid scope: 2 distinct tokens\n");
}

#[test]
fn validate_points_at_the_first_problem() {
    let cases = [
        (
            "openid  email",
            "openid  email\n       ^\n",
            format!("unexpected separator at byte 7; {BETWEEN}"),
        ),
        (
            "openid \"email\"",
            "openid \"email\"\n       ^\n",
            format!("invalid character '\"' (U+0022) at byte 7; {ALLOWED}"),
        ),
        (
            "",
            "\n^\n",
            "empty scope; expected at least one scope-token".to_owned(),
        ),
    ];
    for (input, caret, message) in cases {
        let stderr = format!("{caret}error: invalid SCOPE: {message}\n");
        assert_run(&["validate", input], FAILURE, "", &stderr);
    }
}

/// The caret counts characters, not bytes: under `é` (two bytes) and `日`
/// (three), with more multi-byte text after them. A character outside
/// `NQCHAR` is itself the first problem, so none ever comes before the caret.
#[test]
fn validate_caret_counts_characters() {
    assert_run(
        &["validate", "openid café"],
        FAILURE,
        "",
        &format!(
            "openid café\n          ^\n\
             error: invalid SCOPE: invalid character 'é' (U+00E9) at byte 10; {ALLOWED}\n"
        ),
    );
    assert_run(
        &["validate", "scope:日本語 openid"],
        FAILURE,
        "",
        &format!(
            "scope:日本語 openid\n      ^\n\
             error: invalid SCOPE: invalid character '日' (U+65E5) at byte 6; {ALLOWED}\n"
        ),
    );
}

/// Control characters are shown escaped, so the input stays on one line and
/// the caret under the character.
#[test]
fn validate_shows_control_characters_escaped() {
    assert_run(
        &["validate", "read\twrite\n"],
        FAILURE,
        "",
        &format!(
            "read\\twrite\\n\n    ^\n\
             error: invalid SCOPE: invalid character '\\t' (U+0009) at byte 4; {ALLOWED}\n"
        ),
    );
}

/// Bidi overrides and isolates, C1 controls and other characters that draw
/// nothing are escaped as controls are, in the echo line, in messages and
/// in JSON (as `\uXXXX`, which reads back as the same string): raw, they
/// could show a scope reversed, or two scopes alike.
#[test]
fn output_escapes_characters_that_hide_or_reorder_text() {
    let hidden = [
        '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}', '\u{85}', '\u{9f}', '\u{200b}', '\u{feff}',
        '\u{2028}', '\u{3164}',
    ];
    for c in hidden {
        let input = format!("api:read{c}x");
        // `escape_debug` leaves the Hangul fillers as they are.
        let escaped = if c == '\u{3164}' {
            "\\u{3164}".to_string()
        } else {
            c.escape_debug().to_string()
        };
        let code = format!("U+{:04X}", u32::from(c));
        assert_run(
            &["validate", &input],
            FAILURE,
            "",
            &format!(
                "api:read{escaped}x\n        ^\n\
                 error: invalid SCOPE: invalid character '{escaped}' ({code}) at byte 8; {ALLOWED}\n"
            ),
        );
        let out = run(&["--json", "validate", &input]);
        assert!(!out.stdout.contains(c), "{}", out.stdout);
        assert!(
            out.stdout
                .contains(&format!(r#""input":"api:read\u{:04x}x""#, u32::from(c))),
            "{}",
            out.stdout
        );
        let value: Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(value["error"]["input"], input);
    }
    // U+202E in an scp item, and in a file name that a usage error quotes.
    let out = run_with_stdin(
        &["--json", "validate", "--scope-json", "-"],
        "{\"scp\":[\"a\u{202e}b\"]}",
    );
    assert!(
        out.stdout.contains(r#""input":"a\u202eb""#),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains('\u{202e}'));
    let stderr = assert_usage_error(
        &["validate", "--scope-json", "no-such\u{202e}file.json"],
        "--scope-json: cannot read no-such\\u{202e}file.json: ",
    );
    assert!(!stderr.contains('\u{202e}'));
}

#[test]
fn validate_json() {
    assert_eq!(
        run_json(&["validate", "openid email openid"]),
        (SUCCESS, json!({"scope": "email openid", "tokens": 2}))
    );
    assert_eq!(
        run_json(&["validate", "openid café"]),
        (
            FAILURE,
            json!({"error": {
                "argument": "SCOPE",
                "input": "openid café",
                "kind": "invalid_char",
                "offset": 10,
                "column": 10,
                "message": format!("invalid character 'é' (U+00E9) at byte 10; {ALLOWED}"),
            }})
        )
    );
    let (_, value) = run_json(&["validate", "a "]);
    assert_eq!(value["error"]["kind"], "empty_token");
    let (_, value) = run_json(&["validate", ""]);
    assert_eq!(value["error"]["kind"], "empty");
}

// ---------------------------------------------------------------------------
// --lenient and --commas

#[test]
fn lenient_and_commas() {
    // GitHub's X-OAuth-Scopes header.
    let header = " repo, gist,,user ";
    assert_prints(
        &["validate", "--lenient", "--commas", header],
        "valid scope: 3 distinct tokens\n",
    );
    assert_prints(
        &["normalize", "--lenient", "--commas", header],
        "canonical: gist repo user\nnormalized: gist repo user\n",
    );
    // Lenient alone: the commas belong to the tokens.
    assert_prints(
        &["normalize", "--lenient", header],
        "canonical: gist,,user repo,\nnormalized: gist,,user repo,\n",
    );
    // Lenient: no token is the empty scope.
    assert_prints(
        &["validate", "--lenient", "  "],
        "valid scope: 0 distinct tokens\n",
    );
    // Commas alone: exactly one separator between tokens.
    assert_prints(
        &["validate", "--commas", "repo,gist user"],
        "valid scope: 3 distinct tokens\n",
    );
    assert_run(
        &["validate", "--commas", "repo,,gist"],
        FAILURE,
        "",
        &format!(
            "repo,,gist\n     ^\n\
             error: invalid SCOPE: unexpected separator at byte 5; {BETWEEN}\n"
        ),
    );
    // Strict: a comma is a token character, a space run is an error.
    assert_prints(
        &["validate", "repo,gist"],
        "valid scope: 1 distinct token\n",
    );
    assert_eq!(run(&["validate", header]).status, FAILURE);
}

/// The flags may come before the subcommand too.
#[test]
fn flags_before_the_subcommand() {
    assert_prints(
        &["--lenient", "--commas", "validate", "a,b"],
        "valid scope: 2 distinct tokens\n",
    );
    let out = run(&["--json", "validate", "a"]);
    assert_eq!(out.stdout, "{\"scope\":\"a\",\"tokens\":1}\n");
}

// ---------------------------------------------------------------------------
// normalize

#[test]
fn normalize_github() {
    assert_prints(
        &[
            "normalize",
            "--hierarchy",
            "github",
            "user gist user:email read:org admin:org",
        ],
        "canonical: admin:org gist read:org user user:email\n\
         normalized: admin:org gist user\n  \
           read:org    implied by admin:org\n  \
           user:email  implied by user\n",
    );
}

#[test]
fn normalize_google() {
    // Google's consent screen asks for nothing that another of its scopes
    // includes: Drive's hierarchy leaves it whole.
    let canonical = set(GOOGLE).to_string();
    assert_prints(
        &["normalize", "--hierarchy", "google-drive", GOOGLE],
        &format!("canonical: {canonical}\nnormalized: {canonical}\n"),
    );
    let drive = |s: &str| format!("https://www.googleapis.com/auth/{s}");
    let asked = [
        drive("drive.metadata.readonly"),
        drive("drive"),
        "openid".into(),
    ]
    .join(" ");
    let (status, value) = run_json(&["normalize", "--hierarchy", "google-drive", &asked]);
    assert_eq!(status, SUCCESS);
    assert_eq!(
        value,
        json!({
            "canonical": set(&asked).to_string(),
            "normalized": format!("{} openid", drive("drive")),
            "implied_by": {drive("drive.metadata.readonly"): drive("drive")},
        })
    );
}

#[test]
fn normalize_exact_by_default() {
    assert_prints(
        &["normalize", "repo:status repo repo"],
        "canonical: repo repo:status\nnormalized: repo repo:status\n",
    );
}

// ---------------------------------------------------------------------------
// check

#[test]
fn check_covered() {
    assert_prints(
        &[
            "check",
            "--granted",
            "repo user",
            "--required",
            "user:email repo:status",
            "--hierarchy",
            "github",
        ],
        "covered\n  \
           repo:status  covered by repo\n  \
           user:email   covered by user\n",
    );
}

#[test]
fn check_not_covered() {
    assert_run(
        &[
            "check",
            "--granted",
            "repo user",
            "--required",
            "repo:status user:email workflow delete_repo",
            "--hierarchy",
            "github",
        ],
        FAILURE,
        "not covered: missing delete_repo workflow\n  \
           repo:status  covered by repo\n  \
           user:email   covered by user\n",
        "",
    );
    // Without a hierarchy only the tokens themselves count.
    assert_run(
        &["check", "--granted", "repo", "--required", "repo:status"],
        FAILURE,
        "not covered: missing repo:status\n",
        "",
    );
}

/// SMART App Launch v2: a clinical scope covered letter by letter names a
/// granted token per letter, and one covered in part is missing only its
/// other letters.
#[test]
fn check_smart_letters() {
    assert_run(
        &[
            "check",
            "--granted",
            "patient/Observation.r patient/*.s launch/patient",
            "--required",
            "patient/Observation.rs patient/Condition.rs",
            "--hierarchy",
            "smart-on-fhir",
        ],
        FAILURE,
        "not covered: missing patient/Condition.r\n  \
           patient/Observation.rs  covered by patient/Observation.r and patient/*.s\n",
        "",
    );
    assert_prints(
        &[
            "normalize",
            "--hierarchy",
            "smart-on-fhir",
            "patient/Observation.read patient/Observation.r patient/*.s",
        ],
        "canonical: patient/*.s patient/Observation.r patient/Observation.read\n\
         normalized: patient/*.s patient/Observation.read\n  \
           patient/Observation.r  implied by patient/Observation.read\n",
    );
}

/// Of the granted tokens that imply a required one, the first in canonical
/// order is named, even when the token itself is granted.
#[test]
fn check_names_the_first_granted_token() {
    assert_prints(
        &[
            "check",
            "--granted",
            "write:org read:org admin:org",
            "--required",
            "read:org",
            "--hierarchy",
            "github",
        ],
        "covered\n  read:org  covered by admin:org\n",
    );
}

#[test]
fn check_google() {
    let readonly = "https://www.googleapis.com/auth/drive.readonly";
    assert_prints(
        &[
            "check",
            "--granted",
            GOOGLE,
            "--required",
            &format!("openid {readonly}"),
            "--hierarchy",
            "google-drive",
        ],
        &format!(
            "covered\n  \
               {readonly}  covered by https://www.googleapis.com/auth/drive\n  \
               openid{:pad$}  covered by openid\n",
            "",
            pad = readonly.len() - "openid".len()
        ),
    );
}

/// The verdict, what is missing, and what covers each covered token.
#[test]
fn check_json() {
    assert_eq!(
        run_json(&[
            "check",
            "--granted",
            "repo",
            "--required",
            "public_repo workflow",
            "--hierarchy",
            "github",
        ]),
        (
            FAILURE,
            json!({
                "covered": false,
                "missing": "workflow",
                "covered_by": {"public_repo": "repo"},
            })
        )
    );
    // Of the granted tokens that imply one, the first in canonical order:
    // `*:read` sorts before `user:*` and `user:read`.
    assert_eq!(
        run_json(&[
            "check",
            "--granted",
            "user:read user:* *:read",
            "--required",
            "user:read user:email",
            "--hierarchy",
            "tests/hierarchies/example.txt",
        ]),
        (
            SUCCESS,
            json!({
                "covered": true,
                "missing": "",
                "covered_by": {"user:email": "user:*", "user:read": "*:read"},
            })
        )
    );
}

/// Each scope argument is named when it does not parse.
#[test]
fn check_names_the_invalid_argument() {
    assert_run(
        &["check", "--granted", "repo ", "--required", "repo"],
        FAILURE,
        "",
        "repo \n    ^\nerror: invalid --granted: unexpected separator at byte 4; \
         scope-tokens are separated by exactly one separator, and a scope must end with a scope-token\n",
    );
    let (status, value) = run_json(&["check", "--granted", "repo", "--required", "a\\b"]);
    assert_eq!(status, FAILURE);
    assert_eq!(value["error"]["argument"], "--required");
    assert_eq!(value["error"]["offset"], 1);
}

// ---------------------------------------------------------------------------
// narrow

#[test]
fn narrow_github() {
    assert_prints(
        &[
            "narrow",
            "--requested",
            "repo gist delete_repo",
            "--allowed",
            "public_repo repo:status gist",
            "--hierarchy",
            "github",
        ],
        "granted: gist public_repo repo:status\n\
         denied: delete_repo\n\
         scope in the token response: required, the grant differs from the request \
         (RFC 6749 §5.1)\n",
    );
}

#[test]
fn narrow_as_requested() {
    assert_prints(
        &[
            "narrow",
            "--requested",
            "openid",
            "--allowed",
            "openid email",
        ],
        "granted: openid\n\
         denied: (none)\n\
         scope in the token response: optional, the grant is the request (RFC 6749 §5.1)\n",
    );
}

#[test]
fn narrow_json() {
    let drive = "https://www.googleapis.com/auth/drive";
    let readonly = "https://www.googleapis.com/auth/drive.readonly";
    assert_eq!(
        run_json(&[
            "narrow",
            "--requested",
            &format!("{drive} openid"),
            "--allowed",
            readonly,
            "--hierarchy",
            "google-drive",
        ]),
        (
            SUCCESS,
            json!({"granted": readonly, "denied": "openid", "response_scope": readonly})
        )
    );
    assert_eq!(
        run_json(&["narrow", "--requested", "a b", "--allowed", "b a c"]),
        (
            SUCCESS,
            json!({"granted": "a b", "denied": "", "response_scope": null})
        )
    );
    // Nothing granted is still an answer, not a failure.
    let (status, value) = run_json(&["narrow", "--requested", "admin", "--allowed", "read"]);
    assert_eq!(status, SUCCESS);
    assert_eq!(value["response_scope"], "");
}

// ---------------------------------------------------------------------------
// --hierarchy FILE

/// Every kind of rule, as `oauth-scope --help` describes the file.
const EXAMPLE: &str = "tests/hierarchies/example.txt";

#[test]
fn hierarchy_file() {
    let asked = "repo public_repo read:org admin:org hydra hydra/clients user:* user:email";
    assert_prints(
        &["normalize", "--hierarchy", EXAMPLE, asked],
        "canonical: admin:org hydra hydra/clients public_repo read:org repo user:* user:email\n\
         normalized: admin:org hydra repo user:*\n  \
           hydra/clients  implied by hydra\n  \
           public_repo    implied by repo\n  \
           read:org       implied by admin:org\n  \
           user:email     implied by user:*\n",
    );
    let readonly = "https://www.googleapis.com/auth/drive.readonly";
    assert_prints(
        &[
            "check",
            "--granted",
            GOOGLE,
            "--required",
            readonly,
            "--hierarchy",
            EXAMPLE,
        ],
        &format!("covered\n  {readonly}  covered by https://www.googleapis.com/auth/drive\n"),
    );
    // Nesting stays inside the namespace.
    assert_run(
        &[
            "check",
            "--granted",
            "https://www",
            "--required",
            readonly,
            "--hierarchy",
            EXAMPLE,
        ],
        FAILURE,
        &format!("not covered: missing {readonly}\n"),
        "",
    );
}

/// A usage error, with or without `--json`.
#[test]
fn malformed_hierarchy_file() {
    let args = [
        "normalize",
        "--hierarchy",
        "tests/hierarchies/malformed.txt",
        "repo",
    ];
    let stderr = "error: tests/hierarchies/malformed.txt: line 4: \
                  nested takes a namespace and a separator: nested NAMESPACE SEP\n";
    assert_run(&args, USAGE, "", stderr);
    assert_run(&[&args[..], &["--json"]].concat(), USAGE, "", stderr);
}

/// A file the library refuses is a usage error naming the line, never a
/// panic: two wildcard separators used to end the tool with status 101.
#[test]
fn hierarchy_file_refused_by_the_builder() {
    assert_run(
        &[
            "normalize",
            "--hierarchy",
            "tests/hierarchies/two_wildcards.txt",
            "repo",
        ],
        USAGE,
        "",
        "error: tests/hierarchies/two_wildcards.txt: line 3: second wildcard separator '.' \
         (U+002E); a hierarchy takes one wildcard separator\n",
    );
}

/// A typo never becomes a grant: each of these files used to make the
/// first token cover the last.
#[test]
fn hierarchy_file_typos_grant_nothing() {
    // A comment after the children is a comment, not more children.
    let file = "tests/hierarchies/comment_after_children.txt";
    let check = |granted: &str, required: &str, file: &str| {
        run(&[
            "check",
            "--granted",
            granted,
            "--required",
            required,
            "--hierarchy",
            file,
        ])
    };
    let out = check("repo", "admin:org", file);
    assert_eq!(
        (out.status, out.stdout.as_str()),
        (FAILURE, "not covered: missing admin:org\n")
    );
    assert_eq!(check("repo", "public_repo", file).status, SUCCESS);
    // A second arrow is a mistake on its line.
    let file = "tests/hierarchies/two_arrows.txt";
    assert_usage_error(
        &[
            "check",
            "--granted",
            "a",
            "--required",
            "d",
            "--hierarchy",
            file,
        ],
        &format!("{file}: line 1: a second '=>'; expected PARENT => CHILD..."),
    );
    // CR alone ends a line, so the rules after it are rules of their own.
    let file = "tests/hierarchies/cr_line_ends.txt";
    let out = check("repo", "admin:org", file);
    assert_eq!(
        (out.status, out.stdout.as_str()),
        (FAILURE, "not covered: missing admin:org\n")
    );
    assert_eq!(check("admin", "admin:org", file).status, SUCCESS);
    assert_eq!(check("x:*", "x:y", file).status, SUCCESS);
}

/// Built-in names win over files; a file of that name is `./github`.
#[test]
fn hierarchy_names_are_not_files() {
    let stderr = assert_usage_error(
        &[
            "check",
            "--granted",
            "a",
            "--required",
            "a",
            "--hierarchy",
            "./github",
        ],
        "cannot read hierarchy file ./github: ",
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

/// A word that is neither a built-in name nor a file is most likely a
/// mistyped name: the message lists the names.
#[test]
fn a_mistyped_hierarchy_name_lists_the_built_in_names() {
    for subcommand in [
        &["normalize", "repo"][..],
        &["check", "--granted", "repo", "--required", "repo"],
        &["narrow", "--requested", "repo", "--allowed", "repo"],
        &["challenge", "--scope", "repo"],
    ] {
        assert_usage_error(
            &[subcommand, &["--hierarchy", "gihtub"]].concat(),
            "--hierarchy: gihtub is neither a built-in hierarchy (exact, github, google-drive, smart-on-fhir) \
             nor a readable file: ",
        );
    }
    // With a directory in it, the word is a path.
    assert_usage_error(
        &["normalize", "--hierarchy", "tests/gihtub", "repo"],
        "cannot read hierarchy file tests/gihtub: ",
    );
}

// ---------------------------------------------------------------------------
// Usage errors and help

#[test]
fn usage_errors_exit_2() {
    assert_run(
        &[],
        USAGE,
        "",
        "error: a subcommand is required (see 'oauth-scope --help')\n",
    );
    assert_run(
        &["validate"],
        USAGE,
        "",
        "error: the following required arguments were not provided: <SCOPE> (see 'oauth-scope --help')\n",
    );

    assert_usage_error(&["frobnicate"], "unrecognized subcommand 'frobnicate'");
    assert_usage_error(
        &["validate"],
        "the following required arguments were not provided",
    );
    assert_usage_error(
        &["validate", "--bogus", "a"],
        "unexpected argument '--bogus' found",
    );
    assert_usage_error(&["validate", "a", "b"], "unexpected argument 'b' found");
    assert_usage_error(
        &["check", "--granted", "repo"],
        "the following required arguments were not provided",
    );
    assert_usage_error(
        &["check", "--granted"],
        "a value is required for '--granted <SCOPE>'",
    );
    // validate reasons with no hierarchy.
    assert_usage_error(
        &["validate", "--hierarchy", "github", "a"],
        "unexpected argument '--hierarchy' found",
    );
}

/// Output that cannot be written (a pipe closed by its reader) is status 2,
/// not a panic.
#[test]
fn closed_output_is_a_usage_error_not_a_panic() {
    for (args, to_stdout) in [
        (
            &["normalize", "--hierarchy", "github", "user gist user:email"][..],
            true,
        ),
        (&["--json", "validate", "a  b"][..], true),
        (&["validate", "a  b"][..], false),
        (&["frobnicate"][..], false),
    ] {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let mut command = Command::new(env!("CARGO_BIN_EXE_oauth-scope"));
        command.args(args);
        if to_stdout {
            command.stdout(writer);
        } else {
            command.stderr(writer);
        }
        let status = command.status().expect("the binary runs").code();
        assert_eq!(status, Some(USAGE), "oauth-scope {args:?}");
    }
}

/// The messages this tool writes itself are one line.
#[test]
fn own_usage_errors_are_one_line() {
    for path in ["tests/hierarchies/missing.txt", "tests/hierarchies"] {
        let stderr = assert_usage_error(
            &["normalize", "--hierarchy", path, "repo"],
            &format!("cannot read hierarchy file {path}: "),
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
}

#[test]
fn help_documents_exit_status_json_errors_and_hierarchy_files() {
    let out = run(&["--help"]);
    assert_eq!((out.status, out.stderr.as_str()), (SUCCESS, ""));
    for needle in [
        "Exit status:\n  0  success",
        "\n  1  a scope or challenge argument is invalid",
        "\n  2  usage error",
        "repo => repo:status public_repo",
        "chain admin:org write:org read:org",
        "nested https://www.googleapis.com/auth/ .",
        "nested \"\" .",
        "wildcard :",
        "Errors with --json:",
        r#"{"error": {"kind": "empty_token", "argument": "--granted", "message": "…","#,
    ] {
        assert!(out.stdout.contains(needle), "{needle:?} in\n{}", out.stdout);
    }
    let out = run(&["narrow", "--help"]);
    assert_eq!(out.status, SUCCESS);
    assert!(out.stdout.contains("--hierarchy <H>"));
    let version = concat!("oauth-scope ", env!("CARGO_PKG_VERSION"), "\n");
    assert_eq!(run(&["--version"]).stdout, version);
}

/// `ScopeSet` is what the JSON strings parse back into.
#[test]
fn json_scopes_are_canonical() {
    let (_, value) = run_json(&["normalize", "--lenient", " b  a c a "]);
    let canonical: ScopeSet<'static> = serde_json::from_value(value["canonical"].clone()).unwrap();
    assert_eq!(canonical, set("a b c"));
    assert_eq!(value["canonical"], "a b c");
}

// ---------------------------------------------------------------------------
// challenge

#[test]
fn challenge_renders_from_attributes() {
    assert_prints(
        &[
            "challenge",
            "--realm",
            "example",
            "--error",
            "invalid_token",
            "--error-description",
            "The access token expired",
        ],
        "status: 401\n\
         WWW-Authenticate: Bearer realm=\"example\", error=\"invalid_token\", \
         error_description=\"The access token expired\"\n\
         \x20 realm: example\n\
         \x20 error: invalid_token\n\
         \x20 error_description: The access token expired\n",
    );
    assert_prints(&["challenge"], "status: 401\nWWW-Authenticate: Bearer\n");
}

#[test]
fn challenge_names_the_whole_required_scope() {
    assert_prints(
        &[
            "challenge",
            "--hierarchy",
            "github",
            "--granted",
            "repo",
            "--required",
            "repo:status workflow",
        ],
        "status: 403\n\
         WWW-Authenticate: Bearer scope=\"repo:status workflow\", error=\"insufficient_scope\"\n\
         \x20 scope: repo:status workflow\n\
         \x20 error: insufficient_scope\n",
    );
    assert_run(
        &[
            "challenge",
            "--hierarchy",
            "github",
            "--granted",
            "repo",
            "--required",
            "repo:status",
        ],
        FAILURE,
        "",
        "error: --granted: the granted scope covers the required one; no challenge to send\n",
    );
}

/// The Bearer challenge is written back in the order its parameters were
/// read, with the scheme and names in their usual case and values quoted.
#[test]
fn challenge_parses_a_header() {
    let header = r#"Basic realm="legacy", bearer Error=insufficient_scope, scope="repo workflow""#;
    assert_prints(
        &["challenge", "--parse", header],
        "status: 403\n\
         WWW-Authenticate: Bearer error=\"insufficient_scope\", scope=\"repo workflow\"\n\
         \x20 scope: repo workflow\n\
         \x20 error: insufficient_scope\n",
    );
    let (status, value) = run_json(&["challenge", "--parse", header]);
    assert_eq!(status, SUCCESS);
    assert_eq!(value["status"], 403);
    assert_eq!(value["scope"], "repo workflow");
    assert_eq!(
        value["header"],
        r#"Bearer error="insufficient_scope", scope="repo workflow""#
    );
    // Escaped quotes are read; a tab in a value is shown escaped.
    assert_prints(
        &[
            "challenge",
            "--parse",
            "Bearer realm=\"the \\\"staff\\\"\tAPI\"",
        ],
        "status: 401\n\
         WWW-Authenticate: Bearer realm=\"the \\\"staff\\\"\tAPI\"\n\
         \x20 realm: the \"staff\"\\tAPI\n",
    );
}

/// RFC 9728 §5.1: `resource_metadata` is rendered with
/// `--resource-metadata` and shown when read.
#[test]
fn challenge_carries_resource_metadata() {
    let url = "https://api.example/.well-known/oauth-protected-resource";
    let header = format!(
        "Bearer realm=\"api\", scope=\"workflow\", error=\"insufficient_scope\", \
         resource_metadata=\"{url}\""
    );
    let shown = format!(
        "status: 403\n\
         WWW-Authenticate: {header}\n\
         \x20 scope: workflow\n\
         \x20 realm: api\n\
         \x20 error: insufficient_scope\n\
         \x20 resource_metadata: {url}\n"
    );
    assert_prints(
        &[
            "challenge",
            "--realm",
            "api",
            "--resource-metadata",
            url,
            "--hierarchy",
            "github",
            "--granted",
            "repo",
            "--required",
            "workflow",
        ],
        &shown,
    );
    assert_prints(&["challenge", "--parse", &header], &shown);
    let (status, value) = run_json(&["challenge", "--parse", &header]);
    assert_eq!(
        (status, &value["resource_metadata"]),
        (SUCCESS, &json!(url))
    );
    let (_, value) = run_json(&["challenge"]);
    assert_eq!(value["resource_metadata"], Value::Null);
    assert_run(
        &["challenge", "--resource-metadata", "https://a.example/m d"],
        FAILURE,
        "",
        "error: --resource-metadata: invalid character ' ' (U+0020) at byte 19 of the \
         resource_metadata value; expected printable ASCII without space, '\"' and '\\'\n",
    );
    assert_usage_error(
        &["challenge", "--parse", "Bearer", "--resource-metadata", url],
        "the argument '--parse <HEADER>' cannot be used with '--resource-metadata <URL>'",
    );
}

/// `--parse` reads a header as pasted: `WWW-Authenticate:` field lines, one
/// or more, with the name in any case and CRLF or LF line ends, are one
/// value joined with ", " (RFC 9110 §5.2, §5.3), also when a challenge goes
/// on in the next line.
#[test]
fn challenge_parses_pasted_header_lines() {
    let joined = r#"Bearer realm="x", scope="a", error="insufficient_scope""#;
    let want = run(&["challenge", "--parse", joined]);
    assert_eq!(want.status, SUCCESS);
    for pasted in [
        "WWW-Authenticate: Bearer realm=\"x\"\r\nwww-authenticate: scope=\"a\", error=\"insufficient_scope\"\r\n",
        "WWW-Authenticate: Bearer realm=\"x\", scope=\"a\", error=\"insufficient_scope\"\n",
        "www-authenticate:Bearer realm=\"x\"  \n  WWW-AUTHENTICATE:   scope=\"a\"\nWWW-Authenticate: error=\"insufficient_scope\"",
        "Bearer realm=\"x\"\nscope=\"a\", error=\"insufficient_scope\"",
    ] {
        assert_run_with_stdin(
            &["challenge", "--parse", "-"],
            pasted,
            SUCCESS,
            &want.stdout,
            "",
        );
    }
    assert_prints(
        &["challenge", "--parse", "WWW-Authenticate: Bearer error=\"invalid_token\""],
        "status: 401\nWWW-Authenticate: Bearer error=\"invalid_token\"\n\x20 error: invalid_token\n",
    );
    // oidc-provider: a DPoP line, then the Bearer line.
    assert_run_with_stdin(
        &["challenge", "--parse", "-"],
        "WWW-Authenticate: DPoP algs=\"ES256\", error=\"invalid_token\"\n\
         WWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\"\n",
        SUCCESS,
        "status: 401\n\
         WWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\"\n\
         \x20 realm: api\n\
         \x20 error: invalid_token\n",
        "",
    );
    // A problem is placed in the joined value, which is shown.
    assert_run_with_stdin(
        &["challenge", "--parse", "-"],
        "WWW-Authenticate: Basic @@@\nWWW-Authenticate: Bearer\n",
        FAILURE,
        "",
        "Basic @@@, Bearer\n      ^\n\
         error: invalid --parse: malformed challenge at byte 6: expected a token68 or a parameter\n",
    );
    // Another field's line is not part of the value.
    assert_run_with_stdin(
        &["challenge", "--parse", "-"],
        "WWW-Authenticate: Bearer realm=\"x\"\nContent-Type: text/plain\n",
        FAILURE,
        "",
        "error: --parse: line 2 is a Content-Type field line, not WWW-Authenticate\n",
    );
}

#[test]
fn challenge_refuses_what_it_cannot_render_or_read() {
    assert_run(
        &["challenge", "--parse", r#"Bearer realm="x"#],
        FAILURE,
        "",
        "Bearer realm=\"x\n               ^\n\
         error: invalid --parse: malformed challenge at byte 15: expected a closing '\"'\n",
    );
    assert_run(
        &["challenge", "--parse", "Basic realm=x"],
        FAILURE,
        "",
        "error: --parse: no Bearer challenge in the header\n",
    );
    assert_run(
        &["challenge", "--realm", "café"],
        FAILURE,
        "",
        "error: --realm: invalid character 'é' (U+00E9) at byte 3 of the realm value; \
         expected printable ASCII, space or tab\n",
    );
    assert_run(
        &["challenge", "--error-description", "say \"hi\""],
        FAILURE,
        "",
        "error: --error-description: invalid character '\"' (U+0022) at byte 4 of the \
         error_description value; expected printable ASCII without '\"' and '\\'\n",
    );
    assert_usage_error(
        &["challenge", "--parse", "x", "--realm", "y"],
        "the argument '--parse <HEADER>' cannot be used",
    );
    assert_usage_error(
        &["challenge", "--granted", "repo"],
        "the following required arguments were not provided",
    );
}

/// Every subcommand writes its errors in JSON with one shape, the one
/// `--help` shows: `kind`, `argument` and `message` always, `offset` when
/// the problem has a place, `input` and `column` for a scope.
#[test]
fn json_errors_have_one_shape() {
    let bad_scope = [
        &["validate", "a  b"][..],
        &["normalize", "a  b"],
        &["check", "--granted", "a  b", "--required", "a"],
        &["narrow", "--requested", "a", "--allowed", "a  b"],
        &["challenge", "--scope", "a  b"],
    ];
    for args in bad_scope {
        let (status, value) = run_json(args);
        assert_eq!(status, FAILURE, "{args:?}");
        let error = value["error"].as_object().expect("an error object");
        let mut keys: Vec<&str> = error.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["argument", "column", "input", "kind", "message", "offset"],
            "{args:?}"
        );
        assert_eq!(
            (&error["kind"], &error["offset"]),
            (&json!("empty_token"), &json!(2))
        );
    }
    assert_eq!(
        run_json(&["challenge", "--parse", r#"Bearer realm="x"#]),
        (
            FAILURE,
            json!({"error": {
                "kind": "invalid_challenge",
                "argument": "--parse",
                "message": "malformed challenge at byte 15: expected a closing '\"'",
                "offset": 15,
                "input": "Bearer realm=\"x",
                "column": 15,
            }})
        )
    );
    assert_eq!(
        run_json(&["challenge", "--realm", "café"]),
        (
            FAILURE,
            json!({"error": {
                "kind": "invalid_attribute",
                "argument": "--realm",
                "message": "invalid character 'é' (U+00E9) at byte 3 of the realm value; \
                            expected printable ASCII, space or tab",
            }})
        )
    );
    assert_eq!(
        run_json(&["challenge", "--granted", "repo", "--required", "repo"]),
        (
            FAILURE,
            json!({"error": {
                "kind": "covered",
                "argument": "--granted",
                "message": "the granted scope covers the required one; no challenge to send",
            }})
        )
    );
}

// ---------------------------------------------------------------------------
// input: standard input and JSON documents

#[test]
fn a_dash_reads_standard_input_without_one_trailing_newline() {
    let valid = "valid scope: 2 distinct tokens\n";
    for stdin in ["b a", "b a\n", "b a\r\n"] {
        assert_run_with_stdin(&["validate", "-"], stdin, SUCCESS, valid, "");
    }
    // The scope `-` itself comes that way.
    assert_run_with_stdin(
        &["validate", "-"],
        "-\n",
        SUCCESS,
        "valid scope: 1 distinct token\n",
        "",
    );
    // Only one newline goes: the second is part of the scope, and wrong.
    let out = run_with_stdin(&["validate", "-"], "b a\n\n");
    assert_eq!(out.status, FAILURE);
    assert!(out.stderr.ends_with("error: invalid SCOPE: invalid character '\\n' (U+000A) at byte 3; a scope-token allows ! # through [ and ] through ~\n"), "{}", out.stderr);
    assert_run_with_stdin(
        &["check", "--granted", "-", "--required", "a"],
        "a b\n",
        SUCCESS,
        "covered\n  a  covered by a\n",
        "",
    );
    assert_run_with_stdin(
        &["narrow", "--requested", "a b", "--allowed", "-"],
        "a\n",
        SUCCESS,
        &run(&["narrow", "--requested", "a b", "--allowed", "a"]).stdout,
        "",
    );
    assert_run_with_stdin(
        &["challenge", "--parse", "-"],
        "Bearer error=\"insufficient_scope\", scope=\"a b\"\n",
        SUCCESS,
        &run(&[
            "challenge",
            "--parse",
            r#"Bearer error="insufficient_scope", scope="a b""#,
        ])
        .stdout,
        "",
    );
}

#[test]
fn standard_input_is_read_once() {
    assert_run_with_stdin(
        &["check", "--granted", "-", "--required", "-"],
        "a\n",
        USAGE,
        "",
        "error: --granted and --required both read standard input ('-'); only one can\n",
    );
    assert_run_with_stdin(
        &["narrow", "--requested-json", "-", "--allowed", "-"],
        r#"{"scope":"a"}"#,
        USAGE,
        "",
        "error: --requested-json and --allowed both read standard input ('-'); only one can\n",
    );
}

#[test]
fn json_documents_give_their_scope_or_scp() {
    // (document, canonical scope)
    let cases = [
        // RFC 6749 §5.1 token response.
        (
            r#"{"access_token":"t","token_type":"Bearer","scope":"api:write api:read"}"#,
            "api:read api:write",
        ),
        // RFC 7662 introspection response.
        (r#"{"active":true,"scope":"b a","client_id":"c"}"#, "a b"),
        // JWT claims with `scp` as a string and as an array.
        (r#"{"sub":"s","scp":"b a"}"#, "a b"),
        (r#"{"sub":"s","scp":["b","a"]}"#, "a b"),
        // `scope` wins over `scp`.
        (r#"{"scope":"x","scp":["y"]}"#, "x"),
    ];
    for (document, canonical) in cases {
        let out = run_with_stdin(&["normalize", "--scope-json", "-", "--json"], document);
        assert_eq!(
            (out.status, out.stderr.as_str()),
            (SUCCESS, ""),
            "{document}"
        );
        let value: Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(value["canonical"], canonical, "{document}");
    }
    // From a file, for every subcommand that takes scopes.
    let dir = std::env::temp_dir().join(format!("oauth-scope-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let token = dir.join("token.json");
    std::fs::write(&token, r#"{"access_token":"t","scope":"repo gist"}"#).unwrap();
    let token = token.to_str().unwrap();
    assert_prints(
        &["validate", "--scope-json", token],
        "valid scope: 2 distinct tokens\n",
    );
    assert_prints(
        &[
            "check",
            "--granted-json",
            token,
            "--required",
            "public_repo",
            "--hierarchy",
            "github",
        ],
        &run(&[
            "check",
            "--granted",
            "repo gist",
            "--required",
            "public_repo",
            "--hierarchy",
            "github",
        ])
        .stdout,
    );
    let out = run(&["check", "--granted", "repo", "--required-json", token]);
    let want = run(&["check", "--granted", "repo", "--required", "repo gist"]);
    assert_eq!((out.status, out.stdout), (FAILURE, want.stdout));
    assert_eq!(
        run(&["narrow", "--requested-json", token, "--allowed-json", token]).stdout,
        run(&[
            "narrow",
            "--requested",
            "repo gist",
            "--allowed",
            "repo gist"
        ])
        .stdout,
    );
    assert_eq!(
        run(&["challenge", "--granted", "gist", "--required-json", token]).stdout,
        run(&["challenge", "--granted", "gist", "--required", "repo gist"]).stdout,
    );
    assert_eq!(
        run(&["challenge", "--scope-json", token]).stdout,
        run(&["challenge", "--scope", "repo gist"]).stdout,
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Each item of an `scp` array is one scope-token, as the library's serde
/// reads it: an item is never split or joined, and `--lenient` and
/// `--commas` apply to the string forms only.
#[test]
fn an_scp_array_item_is_one_scope_token() {
    let space = "api:read api:admin\n        ^\n\
         error: invalid --granted-json: \"scp\" item 0 is not a scope-token: \
         invalid character ' ' (U+0020) at byte 8; a scope-token allows ! # through [ and ] through ~\n";
    for flags in [&[][..], &["--lenient"], &["--lenient", "--commas"]] {
        let args = [
            flags,
            &["check", "--granted-json", "-", "--required", "api:admin"],
        ]
        .concat();
        assert_run_with_stdin(
            &args,
            r#"{"scp":["api:read api:admin"]}"#,
            FAILURE,
            "",
            space,
        );
    }
    assert_run_with_stdin(
        &["--lenient", "validate", "--scope-json", "-"],
        r#"{"scp":["a","","x"]}"#,
        FAILURE,
        "",
        "\n^\nerror: invalid --scope-json: \"scp\" item 1 is not a scope-token: it is empty\n",
    );
    // A comma belongs to the token; in a string it separates with --commas.
    assert_run_with_stdin(
        &["--commas", "normalize", "--scope-json", "-"],
        r#"{"scp":["a,b"]}"#,
        SUCCESS,
        "canonical: a,b\nnormalized: a,b\n",
        "",
    );
    assert_run_with_stdin(
        &["--commas", "normalize", "--scope-json", "-"],
        r#"{"scp":"a,b"}"#,
        SUCCESS,
        "canonical: a b\nnormalized: a b\n",
        "",
    );
    // An empty array is the empty scope, as the library reads it.
    assert_run_with_stdin(
        &["validate", "--scope-json", "-"],
        r#"{"scp":[]}"#,
        SUCCESS,
        "valid scope: 0 distinct tokens\n",
        "",
    );
    let out = run_with_stdin(
        &["--json", "validate", "--scope-json", "-"],
        r#"{"scp":["a","b","c\"d"]}"#,
    );
    assert_eq!(out.status, FAILURE);
    assert_eq!(
        serde_json::from_str::<Value>(&out.stdout).unwrap(),
        json!({"error": {
            "kind": "invalid_char",
            "argument": "--scope-json",
            "message": format!("\"scp\" item 2 is not a scope-token: \
                                invalid character '\"' (U+0022) at byte 1; {ALLOWED}"),
            "offset": 1,
            "item": 2,
            "input": "c\"d",
            "column": 1,
        }})
    );
}

#[test]
fn json_documents_without_a_scope_are_usage_errors() {
    // (document, message)
    let cases = [
        (
            r#"{"sub":"s"}"#,
            r#"no "scope" or "scp" member in standard input"#,
        ),
        (
            r#"{"active":true,"scope":null}"#,
            r#"standard input: the "scope" member is null, not a string"#,
        ),
        (
            r#"{"scope":["a"]}"#,
            r#"standard input: the "scope" member is an array, not a string"#,
        ),
        (
            r#"{"scp":{"a":1}}"#,
            r#"standard input: the "scp" member is an object, not a string or an array of strings"#,
        ),
        (
            r#"{"scp":["a",null]}"#,
            r#"standard input: an item of the "scp" array is null, not a string"#,
        ),
        (
            r#"["a"]"#,
            "standard input: invalid type: sequence, expected an object: \
             the claims of an access token or an introspection response",
        ),
        (
            "null",
            "standard input: invalid type: null, expected an object: \
             the claims of an access token or an introspection response",
        ),
        (
            "scope=a",
            "standard input is not a JSON document: expected value at line 1 column 1",
        ),
        (
            "",
            "standard input is not a JSON document: EOF while parsing a value at line 1 column 0",
        ),
    ];
    for (document, message) in cases {
        for subcommand in [
            &["validate", "--scope-json", "-"][..],
            &["check", "--granted-json", "-", "--required", "a"],
        ] {
            let out = run_with_stdin(subcommand, document);
            assert_eq!(
                (out.status, out.stdout.as_str(), out.stderr.as_str()),
                (USAGE, "", format!("error: {message}\n").as_str()),
                "{subcommand:?} < {document}"
            );
        }
    }
    assert_usage_error(
        &["validate", "--scope-json", "tests/no-such-file.json"],
        "--scope-json: cannot read tests/no-such-file.json: ",
    );
    assert_usage_error(
        &["validate", "a", "--scope-json", "-"],
        "the argument '[SCOPE]' cannot be used with '--scope-json <FILE>'",
    );
    assert_usage_error(
        &["validate"],
        "the following required arguments were not provided: <SCOPE>",
    );
}

/// The claims of JWT access tokens (RFC 9068) as oidc-provider 9 issues
/// them (recorded from tests/interop, whose test reads the same claims with
/// the library), piped in: with a `scope` claim, and without one, when the
/// token holds no scope the server knows.
#[test]
fn jwt_claims_as_an_authorization_server_issues_them() {
    let claims = |scope: &str| {
        format!(
            r#"{{"aud":"http://127.0.0.1:42583/jwt","client_id":"client","exp":1796644436,"iat":1796644136,"iss":"http://127.0.0.1:34187","jti":"WGJDMQsWypieC3Cu1lt7ZfGl19PEppYZbB5UYV5cU-9",{scope}"sub":"client"}}"#
        )
    };
    let check = ["check", "--granted-json", "-", "--required", "api:write"];
    assert_run_with_stdin(
        &check,
        &claims(r#""scope":"api:read api:write","#),
        SUCCESS,
        "covered\n  api:write  covered by api:write\n",
        "",
    );
    assert_run_with_stdin(
        &check,
        &claims(""),
        USAGE,
        "",
        "error: no \"scope\" or \"scp\" member in standard input\n",
    );
}

/// RFC 7662 §2.2: an inactive token carries nothing, whatever else its
/// introspection response says. Checked, it covers nothing (status 1, as
/// any scope not covered); anywhere else it is an invalid argument.
#[test]
fn an_inactive_token_covers_nothing() {
    let inactive = r#"standard input is an inactive token ("active": false), which carries no scope (RFC 7662 §2.2)"#;
    for document in [
        r#"{"active":false,"scope":"api:read"}"#,
        r#"{"active":false}"#,
        r#"{"active":false,"scope":null,"scp":["api:read"]}"#,
    ] {
        assert_run_with_stdin(
            &["check", "--granted-json", "-", "--required", "api:read"],
            document,
            FAILURE,
            &format!("not covered: missing api:read\n  --granted-json: {inactive}\n"),
            "",
        );
        let out = run_with_stdin(
            &[
                "--json",
                "check",
                "--granted-json",
                "-",
                "--required",
                "api:read",
            ],
            document,
        );
        assert_eq!((out.status, out.stderr.as_str()), (FAILURE, ""));
        assert_eq!(
            serde_json::from_str::<Value>(&out.stdout).unwrap(),
            json!({"covered": false, "missing": "api:read", "covered_by": {}, "inactive": true})
        );
    }
    // Not even the empty scope.
    assert_run_with_stdin(
        &[
            "--lenient",
            "check",
            "--granted-json",
            "-",
            "--required",
            "",
        ],
        r#"{"active":false}"#,
        FAILURE,
        &format!("not covered: missing (none)\n  --granted-json: {inactive}\n"),
        "",
    );
    // Where a scope must be, it is an invalid argument.
    for args in [
        &["validate", "--scope-json", "-"][..],
        &["check", "--granted", "a", "--required-json", "-"],
        &["narrow", "--requested", "a", "--allowed-json", "-"],
        &["challenge", "--scope-json", "-"],
        &["challenge", "--granted-json", "-", "--required", "a"],
    ] {
        let argument = args.iter().find(|a| a.ends_with("-json")).unwrap();
        assert_run_with_stdin(
            args,
            r#"{"active":false,"scope":"a"}"#,
            FAILURE,
            "",
            &format!("error: {argument}: {inactive}\n"),
        );
    }
    let out = run_with_stdin(
        &["--json", "validate", "--scope-json", "-"],
        r#"{"active":false}"#,
    );
    assert_eq!(
        serde_json::from_str::<Value>(&out.stdout).unwrap(),
        json!({"error": {"kind": "inactive_token", "argument": "--scope-json", "message": inactive}})
    );
}

/// A document without a scope says what it is: RFC 6749 §5.1 lets a token
/// response leave `scope` out when it is the scope requested, which the
/// tool cannot know; an active token's introspection response may leave it
/// out too; and an error response (RFC 6749 §5.2) is no token.
#[test]
fn a_document_without_a_scope_says_what_it_is() {
    let token_response = |twin: &str| {
        format!(
            "standard input is a token response without \"scope\": RFC 6749 §5.1 then \
             means the scope requested, which only the request says; give that scope {twin}\n"
        )
    };
    let cases = [
        (
            &["check", "--granted-json", "-", "--required", "a"][..],
            r#"{"access_token":"t","token_type":"Bearer","expires_in":3600}"#,
            token_response("with --granted"),
        ),
        (
            &["validate", "--scope-json", "-"],
            r#"{"token_type":"Bearer"}"#,
            token_response("as SCOPE"),
        ),
        (
            &["check", "--granted-json", "-", "--required", "a"],
            r#"{"active":true,"client_id":"c"}"#,
            "standard input is the introspection response of an active token without \
             \"scope\" (RFC 7662 §2.2): it does not say what the token may do\n"
                .to_owned(),
        ),
        (
            &["check", "--granted-json", "-", "--required", "a"],
            r#"{"error":"invalid_scope","error_description":"unknown scope"}"#,
            "standard input is an OAuth error response (\"error\": \"invalid_scope\"), \
             not a token: it carries no scope (RFC 6749 §5.2)\n"
                .to_owned(),
        ),
        (
            &["validate", "--scope-json", "-"],
            r#"{"active":"false","scope":"a"}"#,
            "standard input: the \"active\" member is a string, not a boolean\n".to_owned(),
        ),
    ];
    for (args, document, message) in cases {
        assert_run_with_stdin(args, document, USAGE, "", &format!("error: {message}"));
    }
}

#[test]
fn an_invalid_scope_in_a_json_document_is_an_invalid_argument() {
    assert_run_with_stdin(
        &["validate", "--scope-json", "-"],
        r#"{"scope":"a  b"}"#,
        FAILURE,
        "",
        "a  b\n  ^\nerror: invalid --scope-json: unexpected separator at byte 2; scope-tokens are separated by exactly one separator, and a scope must end with a scope-token\n",
    );
    // With --lenient, the empty scope of an introspection response is the empty scope.
    assert_run_with_stdin(
        &["--lenient", "validate", "--scope-json", "-"],
        r#"{"active":true,"scope":""}"#,
        SUCCESS,
        "valid scope: 0 distinct tokens\n",
        "",
    );
}
