//! HTTP/1.1 over a plain `TcpStream` (RFC 9110, RFC 9112): one request per
//! connection (`Connection: close`), the answer read by its
//! `Content-Length`, by its chunks, or to the end of the connection, and
//! redirects never followed: a 3xx comes back to the caller like any other
//! answer, which is how the authorization code is read from `Location`.
//!
//! There is no TLS: `https` URLs are refused with a message. Every read and
//! write has a deadline, and an answer's head and body have size limits, so
//! a hostile or hung server ends the run with an error, not a hang.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use crate::error::{Error, Result};
use crate::url::Url;

/// How long to wait for a connection, and for each read or write.
const TIMEOUT: Duration = Duration::from_secs(20);
/// The most an answer's status line and headers may take.
const MAX_HEAD: usize = 64 * 1024;
/// The most an answer's body may take.
const MAX_BODY: usize = 8 * 1024 * 1024;

/// An HTTP answer: the status, the header fields in the order received
/// (names as sent; compare them without regard to case), and the body.
#[derive(Debug)]
pub(crate) struct Response {
    /// The status code.
    pub(crate) status: u16,
    headers: Vec<(String, String)>,
    /// The body, decoded from its chunks.
    pub(crate) body: Vec<u8>,
}

impl Response {
    /// The value of the first field named `name`.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every field named `name`, combined as one list value (RFC 9110
    /// §5.3): how a `WWW-Authenticate` sent as several fields is read.
    pub(crate) fn combined_header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    }

    /// The media type of the body, lowercase, without parameters.
    pub(crate) fn media_type(&self) -> String {
        self.header("content-type")
            .and_then(|v| v.split(';').next())
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    }

    /// Whether the status is 2xx.
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The start of the body as text, for error messages.
    pub(crate) fn excerpt(&self) -> String {
        let text = String::from_utf8_lossy(&self.body);
        let text = text.trim();
        match text.char_indices().nth(300) {
            Some((at, _)) => format!("{}…", &text[..at]),
            None => text.to_owned(),
        }
    }
}

/// `GET url` with `headers`.
pub(crate) fn get(url: &Url, headers: &[(&str, &str)]) -> Result<Response> {
    send("GET", url, headers, None)
}

/// `POST url` with `headers` and `body`.
pub(crate) fn post(url: &Url, headers: &[(&str, &str)], body: &[u8]) -> Result<Response> {
    send("POST", url, headers, Some(body))
}

fn send(
    method: &str,
    url: &Url,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Result<Response> {
    let doing = format!("{method} {url}");
    if url.is_https() {
        return Err(Error::protocol(format!(
            "{doing}: this example client speaks plain http only (no TLS)"
        )));
    }
    let mut head = format!(
        "{method} {} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nUser-Agent: mcp-client-example\r\n",
        url.request_target(),
        url.authority()
    );
    for (name, value) in headers {
        // A field that could end the head early would let a server-chosen
        // value (a tool name, a parameter) inject fields or a request.
        let clean = |s: &str| s.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b));
        if name.is_empty() || !clean(name) || name.contains([' ', ':']) || !clean(value) {
            return Err(Error::protocol(format!(
                "{doing}: refusing to send the header field {name:?}: {value:?}"
            )));
        }
        head.push_str(name);
        head.push_str(": ");
        head.push_str(value);
        head.push_str("\r\n");
    }
    if let Some(body) = body {
        let _ = write!(head, "Content-Length: {}\r\n", body.len());
    }
    head.push_str("\r\n");

    let io = |source| Error::Io {
        doing: doing.clone(),
        source,
    };
    let mut stream = connect(url).map_err(io)?;
    stream.set_read_timeout(Some(TIMEOUT)).map_err(io)?;
    stream.set_write_timeout(Some(TIMEOUT)).map_err(io)?;
    stream.write_all(head.as_bytes()).map_err(io)?;
    if let Some(body) = body {
        stream.write_all(body).map_err(io)?;
    }
    stream.flush().map_err(io)?;
    read_response(&mut BufReader::new(stream), method == "HEAD").map_err(|e| match e {
        ReadError::Io(source) => io(source),
        ReadError::Malformed(why) => Error::protocol(format!("{doing}: {why}")),
    })
}

/// Tries each address of the host in turn, as a browser does for
/// `localhost` (which may be `::1` first and `127.0.0.1` second).
fn connect(url: &Url) -> std::io::Result<TcpStream> {
    let mut last = None;
    for addr in (url.connect_host(), url.port()).to_socket_addrs()? {
        match TcpStream::connect_timeout(&addr, TIMEOUT) {
            Ok(stream) => return Ok(stream),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("the host has no address")))
}

enum ReadError {
    Io(std::io::Error),
    Malformed(String),
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        Self::Io(e)
    }
}

fn malformed<T>(why: impl Into<String>) -> Result<T, ReadError> {
    Err(ReadError::Malformed(why.into()))
}

fn read_response(reader: &mut impl BufRead, head_only: bool) -> Result<Response, ReadError> {
    let mut budget = MAX_HEAD;
    // Interim 1xx answers (RFC 9110 §15.2) come before the final one.
    let (status, headers) = loop {
        let line = read_line(reader, &mut budget)?;
        let status = parse_status_line(&line)?;
        let headers = read_fields(reader, &mut budget)?;
        if status >= 200 {
            break (status, headers);
        }
    };
    let mut response = Response {
        status,
        headers,
        body: Vec::new(),
    };
    // RFC 9112 §6.3: no body for HEAD, 1xx, 204 and 304.
    if head_only || status == 204 || status == 304 {
        return Ok(response);
    }
    let chunked = response.header("transfer-encoding").is_some_and(|te| {
        te.split(',')
            .any(|c| c.trim().eq_ignore_ascii_case("chunked"))
    });
    response.body = if chunked {
        read_chunked(reader)?
    } else if let Some(length) = response.header("content-length") {
        let Ok(length) = length.trim().parse::<usize>() else {
            return malformed(format!("Content-Length {length:?} is not a number"));
        };
        if length > MAX_BODY {
            return malformed(format!(
                "a body of {length} bytes is over the limit of {MAX_BODY}"
            ));
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        body
    } else {
        let mut body = Vec::new();
        reader.take(MAX_BODY as u64 + 1).read_to_end(&mut body)?;
        if body.len() > MAX_BODY {
            return malformed(format!("the body is over the limit of {MAX_BODY} bytes"));
        }
        body
    };
    Ok(response)
}

/// One line without its CRLF (or bare LF), charged to `budget`.
fn read_line(reader: &mut impl BufRead, budget: &mut usize) -> Result<String, ReadError> {
    let mut line = Vec::new();
    let limit = u64::try_from(*budget).unwrap_or(u64::MAX) + 1;
    reader.take(limit).read_until(b'\n', &mut line)?;
    if line.len() > *budget {
        return malformed(format!(
            "the answer's head is over the limit of {MAX_HEAD} bytes"
        ));
    }
    *budget -= line.len();
    if line.last() != Some(&b'\n') {
        return malformed("the connection closed in the middle of the answer's head");
    }
    line.pop();
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(String::from_utf8_lossy(&line).into_owned())
}

fn parse_status_line(line: &str) -> Result<u16, ReadError> {
    // HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4).
    let mut parts = line.splitn(3, ' ');
    let version = parts.next().unwrap_or_default();
    let code = parts.next().unwrap_or_default();
    if !version.starts_with("HTTP/1.")
        || code.len() != 3
        || !code.bytes().all(|b| b.is_ascii_digit())
    {
        return malformed(format!("not an HTTP/1.x status line: {line:?}"));
    }
    code.parse()
        .or_else(|_| malformed(format!("not a status code: {code:?}")))
}

fn read_fields(
    reader: &mut impl BufRead,
    budget: &mut usize,
) -> Result<Vec<(String, String)>, ReadError> {
    let mut fields: Vec<(String, String)> = Vec::new();
    loop {
        let line = read_line(reader, budget)?;
        if line.is_empty() {
            return Ok(fields);
        }
        if line.starts_with([' ', '\t']) {
            // Obsolete line folding (RFC 9112 §5.2): one space instead.
            match fields.last_mut() {
                Some((_, value)) => {
                    value.push(' ');
                    value.push_str(line.trim());
                }
                None => return malformed("the first header field starts with whitespace"),
            }
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            return malformed(format!("a header line without a colon: {line:?}"));
        };
        if name.is_empty() || name.ends_with([' ', '\t']) {
            return malformed(format!("a bad header field name: {name:?}"));
        }
        fields.push((name.to_owned(), value.trim_matches([' ', '\t']).to_owned()));
    }
}

/// The chunked transfer coding (RFC 9112 §7.1); extensions and trailers
/// are read and dropped.
fn read_chunked(reader: &mut impl BufRead) -> Result<Vec<u8>, ReadError> {
    let mut body = Vec::new();
    loop {
        let mut budget = MAX_HEAD;
        let line = read_line(reader, &mut budget)?;
        let size = line.split(';').next().unwrap_or_default().trim();
        let Ok(size) = usize::from_str_radix(size, 16) else {
            return malformed(format!("a bad chunk size: {line:?}"));
        };
        if size == 0 {
            read_fields(reader, &mut budget)?;
            return Ok(body);
        }
        if size > MAX_BODY - body.len() {
            return malformed(format!("the body is over the limit of {MAX_BODY} bytes"));
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..])?;
        let mut crlf = [0; 2];
        reader.read_exact(&mut crlf)?;
        if &crlf != b"\r\n" {
            return malformed("a chunk not followed by CRLF");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Result<Response, ReadError> {
        read_response(&mut BufReader::new(bytes), false)
    }

    #[test]
    fn length_chunks_and_close() {
        let r = read(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX: a\r\n\r\nhi!")
            .ok()
            .unwrap();
        assert_eq!(
            (r.status, &r.body[..], r.header("x")),
            (200, &b"hi"[..], Some("a"))
        );

        let r = read(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nT: 1\r\n\r\n")
            .ok()
            .unwrap();
        assert_eq!(r.body, b"abcde");

        let r = read(b"HTTP/1.0 401 Unauthorized\nWWW-Authenticate: Bearer a=1\nwww-authenticate: DPoP\n\nend").ok().unwrap();
        assert_eq!(r.status, 401);
        assert_eq!(
            r.combined_header("WWW-Authenticate").as_deref(),
            Some("Bearer a=1, DPoP")
        );
        assert_eq!(r.body, b"end");

        let r = read(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 302 Found\r\nLocation: /x\r\n\r\n")
            .ok()
            .unwrap();
        assert_eq!((r.status, r.header("location")), (302, Some("/x")));
    }

    #[test]
    fn malformed_answers() {
        for bytes in [
            &b""[..],
            b"SSH-2.0-OpenSSH\r\n\r\n",
            b"HTTP/1.1 20 OK\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab",
            b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab",
        ] {
            assert!(read(bytes).is_err(), "{}", String::from_utf8_lossy(bytes));
        }
    }
}
