//! Just enough of RFC 3986 for this client: absolute `http` and `https`
//! URLs split into scheme, authority, path and query, the origin
//! comparison RFC 6454 defines, and nothing normalized. Every URL keeps the
//! text it was read from: OAuth compares issuers and resource identifiers
//! as strings (RFC 8414 §3.3, RFC 9207 §2.4, RFC 9728 §3.3), and the client
//! sends a resource indicator byte for byte as the metadata wrote it.

use std::fmt;

use crate::error::{Error, Result};

/// An absolute `http` or `https` URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Url {
    text: String,
    https: bool,
    /// `host[:port]` as written.
    authority: String,
    /// The host as written: a name, an IPv4 address or `[v6]`.
    host: String,
    port: u16,
    /// Possibly empty (`http://host`), never with the query.
    path: String,
    query: Option<String>,
}

impl Url {
    /// Reads an absolute `http` or `https` URL. A fragment is dropped: it
    /// is never sent.
    ///
    /// # Errors
    ///
    /// `Protocol` for another scheme, a missing host, userinfo, a bad
    /// port, or whitespace and control characters.
    pub(crate) fn parse(text: &str) -> Result<Self> {
        let refuse = |why: &str| Err(Error::protocol(format!("{why} in URL {text:?}")));
        if text.bytes().any(|b| b <= b' ' || b == 0x7f) {
            return refuse("whitespace or a control character");
        }
        let Some((scheme, rest)) = text.split_once("://") else {
            return refuse("no scheme");
        };
        let https = if scheme.eq_ignore_ascii_case("https") {
            true
        } else if scheme.eq_ignore_ascii_case("http") {
            false
        } else {
            return refuse("a scheme other than http and https");
        };
        let rest = rest.split('#').next().unwrap_or_default();
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, path_and_query) = rest.split_at(end);
        if authority.contains('@') {
            return refuse("userinfo");
        }
        let (host, port) = match authority.rfind(':') {
            Some(colon) if !authority[colon..].contains(']') => {
                (&authority[..colon], Some(&authority[colon + 1..]))
            }
            _ => (authority, None),
        };
        if host.is_empty() || host == "[]" {
            return refuse("no host");
        }
        let port = match port {
            None | Some("") => {
                if https {
                    443
                } else {
                    80
                }
            }
            Some(digits) => match digits.parse::<u16>() {
                Ok(port) if digits.bytes().all(|b| b.is_ascii_digit()) => port,
                _ => return refuse("a bad port"),
            },
        };
        let (path, query) = match path_and_query.split_once('?') {
            Some((path, query)) => (path, Some(query.to_owned())),
            None => (path_and_query, None),
        };
        Ok(Self {
            text: text.to_owned(),
            https,
            authority: authority.to_owned(),
            host: host.to_owned(),
            port,
            path: path.to_owned(),
            query,
        })
    }

    /// Whether the scheme is `https`.
    pub(crate) fn is_https(&self) -> bool {
        self.https
    }

    /// `scheme://host[:port]` as written, without a trailing slash: what a
    /// well-known URL is built on (RFC 8615).
    pub(crate) fn origin(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        format!("{scheme}://{}", self.authority)
    }

    /// Whether the two URLs have the same origin (RFC 6454 §5): scheme,
    /// host (without regard to case) and port, the default port counted.
    pub(crate) fn same_origin(&self, other: &Self) -> bool {
        self.https == other.https
            && self.host.eq_ignore_ascii_case(&other.host)
            && self.port == other.port
    }

    /// `host[:port]`, for the `Host` header.
    pub(crate) fn authority(&self) -> &str {
        &self.authority
    }

    /// The host to connect to: an IPv6 literal without its brackets.
    pub(crate) fn connect_host(&self) -> &str {
        self.host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(&self.host)
    }

    /// The port, the scheme's default when none is written.
    pub(crate) fn port(&self) -> u16 {
        self.port
    }

    /// The path as written: empty for `http://host`.
    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    /// The query, without its `?`.
    pub(crate) fn query(&self) -> Option<&str> {
        self.query.as_deref()
    }

    /// The request target of an HTTP/1.1 request line (RFC 9112 §3.2.1):
    /// the path, `/` when empty, and the query.
    pub(crate) fn request_target(&self) -> String {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        match &self.query {
            Some(query) => format!("{path}?{query}"),
            None => path.to_owned(),
        }
    }

    /// The URL with `query` (already encoded) appended to its query.
    pub(crate) fn with_query(&self, query: &str) -> String {
        let base = self.text.split('#').next().unwrap_or_default();
        let separator = match &self.query {
            None => "?",
            Some(q) if q.is_empty() => "",
            Some(_) => "&",
        };
        format!("{base}{separator}{query}")
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts() {
        let url = Url::parse("http://localhost:3000/mcp?x=1#frag").unwrap();
        assert_eq!(url.origin(), "http://localhost:3000");
        assert_eq!(url.path(), "/mcp");
        assert_eq!(url.query(), Some("x=1"));
        assert_eq!(url.request_target(), "/mcp?x=1");
        assert_eq!(url.port(), 3000);
        assert_eq!(url.with_query("a=b"), "http://localhost:3000/mcp?x=1&a=b");

        let bare = Url::parse("http://localhost:3000").unwrap();
        assert_eq!(bare.path(), "");
        assert_eq!(bare.request_target(), "/");
        assert_eq!(bare.with_query("a=b"), "http://localhost:3000?a=b");

        let v6 = Url::parse("http://[::1]:8080/x").unwrap();
        assert_eq!(v6.connect_host(), "::1");
        assert_eq!(v6.authority(), "[::1]:8080");
        assert_eq!(Url::parse("https://[::1]/").unwrap().port(), 443);
    }

    #[test]
    fn origins() {
        let a = Url::parse("http://LOCALHOST:80/a").unwrap();
        assert!(a.same_origin(&Url::parse("http://localhost/b").unwrap()));
        assert!(!a.same_origin(&Url::parse("https://localhost:80/a").unwrap()));
        assert!(!a.same_origin(&Url::parse("http://localhost:81/a").unwrap()));
    }

    #[test]
    fn refused() {
        for text in [
            "localhost/mcp",
            "ftp://host/",
            "http://",
            "http://user@host/",
            "http://host:99999/",
            "http://host:+1/",
            "http://host/a b",
        ] {
            assert!(Url::parse(text).is_err(), "{text}");
        }
    }
}
