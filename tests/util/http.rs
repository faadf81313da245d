//! A minimal HTTP/1.1 client and a server thread for the tests that run
//! the axum examples over real connections on 127.0.0.1.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

/// What came back: the status, every `WWW-Authenticate` value, the body.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) challenges: Vec<String>,
    pub(crate) body: String,
}

/// Sends `method path` with the given header lines over a new connection.
pub(crate) fn send(addr: SocketAddr, method: &str, path: &str, headers: &[&str]) -> Answer {
    exchange(addr, method, path, headers, "")
}

/// Sends one request with `extra` header lines (each ended by CRLF) and
/// `body`, and reads the whole answer.
fn exchange(addr: SocketAddr, method: &str, path: &str, extra: &[&str], body: &str) -> Answer {
    let mut stream = TcpStream::connect(addr).unwrap();
    let headers: String = extra.iter().flat_map(|h| [*h, "\r\n"]).collect();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    Answer {
        status: head[9..12].parse().unwrap(),
        challenges: head
            .lines()
            .filter_map(|l| l.strip_prefix("www-authenticate: "))
            .map(str::to_string)
            .collect(),
        body: body.to_string(),
    }
}

/// Serves `app` on an ephemeral port of 127.0.0.1 from a thread of its own.
pub(crate) fn serve(app: impl FnOnce(&str) -> axum::Router + Send + 'static) -> SocketAddr {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let base_url = format!("http://{addr}");
    std::thread::spawn(move || {
        runtime.block_on(async move { axum::serve(listener, app(&base_url)).await })
    });
    addr
}

/// Sends `method path` with the given header lines and a JSON `body` over
/// a new connection.
pub(crate) fn send_body(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[&str],
    body: &str,
) -> Answer {
    let headers: Vec<&str> = headers
        .iter()
        .copied()
        .chain(["Content-Type: application/json"])
        .collect();
    exchange(addr, method, path, &headers, body)
}
