//! What `tests/test_interop.rs` and `tests/test_interop_mcp.rs` share: the
//! check that the Node.js parts are installed (a loud skip without them,
//! a failure in CI), and oidc-provider (`tests/interop/server.mjs`) started
//! on 127.0.0.1 and killed when the test ends.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long the authorization server may take to start.
const START: Duration = Duration::from_secs(20);

/// `tests/interop`, where `server.mjs` and its `node_modules` are.
pub(crate) fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop")
}

/// Whether `node` and the npm `packages` are there. Without them: a failure
/// when `CI` is set; else `false`, after a message on standard error that
/// says `test` was skipped and why (straight to stderr: the test harness
/// captures `eprintln!`, and a skip nobody sees is a pass).
pub(crate) fn installed(test: &str, packages: &[&str]) -> bool {
    let Err(why) = prerequisites(packages) else {
        return true;
    };
    assert!(
        std::env::var_os("CI").is_none(),
        "{test} cannot run in CI: {why}"
    );
    let bar = "!".repeat(72);
    let _ = writeln!(
        std::io::stderr().lock(),
        "\n{bar}\n!!! SKIPPED {test}: {why}\n!!! (set CI to make this a failure)\n{bar}\n"
    );
    false
}

fn prerequisites(packages: &[&str]) -> Result<(), String> {
    match Command::new("node").arg("--version").output() {
        Ok(out) if out.status.success() => {}
        _ => return Err("`node` is not on the PATH".into()),
    }
    let dir = dir();
    for package in packages {
        if !dir.join("node_modules").join(package).is_dir() {
            return Err(format!(
                "{} has no node_modules/{package}: run `(cd tests/interop && npm ci)`",
                dir.display()
            ));
        }
    }
    Ok(())
}

/// oidc-provider, running until dropped, however the test ends.
pub(crate) struct AuthorizationServer {
    child: Child,
    /// Its port on 127.0.0.1; the issuer is `http://127.0.0.1:{port}`.
    pub(crate) port: u16,
}

impl AuthorizationServer {
    /// Starts `node server.mjs PORT ARGS…` with the `env` variables on a
    /// free port, and waits for its `ready` line, which it returns.
    pub(crate) fn start(args: &[&str], env: &[(&str, &str)]) -> (Self, String) {
        // A free port: the server must know its issuer URL before it
        // listens.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new("node")
            .arg("server.mjs")
            .arg(port.to_string())
            .args(args)
            .envs(env.iter().copied())
            .current_dir(dir())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("node starts");
        let stdout = child.stdout.take().unwrap();
        let server = Self { child, port };
        let (ready_tx, ready_rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if line.starts_with("ready ") {
                    let _ = ready_tx.send(line);
                }
            }
        });
        let ready = ready_rx
            .recv_timeout(START)
            .expect("the authorization server prints its ready line in time");
        (server, ready)
    }
}

impl Drop for AuthorizationServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
