//! `ProtectedResourceMetadata` (RFC 9728): the URL checks, the well-known
//! URL of §3.1, the JSON document of §2 and §3.2 with its unknown members,
//! and `tower::MetadataService`, called as a tower service and over HTTP.

#[path = "util/poll.rs"]
mod poll;
use poll::now;

use std::convert::Infallible;
use std::io::{Read, Write};
use std::net::TcpStream;

use http::header::{ALLOW, CONTENT_LENGTH, CONTENT_TYPE};
use http::{Request, Response};
use oauth_scope::tower::MetadataService;
use oauth_scope::{
    BearerMethod, Error, MetadataError, MetadataErrorKind as Kind, ProtectedResourceMetadata,
    ScopeSet,
};
use serde_json::json;
use tower_service::Service;

#[path = "util/http.rs"]
mod http_util;

/// RFC 9728 §3.2's example response, as the RFC prints it.
const RFC_EXAMPLE: &str = r#"{
 "resource":
   "https://resource.example.com",
 "authorization_servers":
   ["https://as1.example.com",
    "https://as2.example.net"],
 "bearer_methods_supported":
   ["header", "body"],
 "scopes_supported":
   ["profile", "email", "phone"],
 "resource_documentation":
   "https://resource.example.com/resource_documentation.html"
}"#;

/// A realistic document: every member the type models, in the order it
/// writes them, then the other members of RFC 9728 §2, §2.1 and §2.2, an
/// extension with a nested object (its members in name order, as
/// `serde_json` writes them) and numbers.
const FULL: &str = concat!(
    r#"{"resource":"https://api.example.com/mcp","#,
    r#""authorization_servers":["https://auth.example.com","https://login.example.net/tenant-7"],"#,
    r#""scopes_supported":["mcp:prompts","mcp:resources","mcp:tools"],"#,
    r#""bearer_methods_supported":["header"],"#,
    r#""resource_name":"Example MCP server","#,
    r#""resource_documentation":"https://docs.example.com/mcp#authorization","#,
    r#""dpop_signing_alg_values_supported":["ES256","PS256","EdDSA"],"#,
    r#""dpop_bound_access_tokens_required":false,"#,
    r#""jwks_uri":"https://api.example.com/jwks.json","#,
    r#""resource_signing_alg_values_supported":["ES256"],"#,
    r#""resource_policy_uri":"https://example.com/policy","#,
    r#""resource_tos_uri":"https://example.com/tos","#,
    r#""tls_client_certificate_bound_access_tokens":true,"#,
    r#""authorization_details_types_supported":["payment_initiation","account_information"],"#,
    r#""resource_name#it":"Server MCP d'esempio","#,
    r#""x_rate_limit":{"burst":20,"per_minute":600,"scope":null,"weights":[1.5,-2]}}"#,
);

#[track_caller]
fn new(resource: &str) -> ProtectedResourceMetadata {
    ProtectedResourceMetadata::new(resource).unwrap_or_else(|e| panic!("{resource:?} refused: {e}"))
}

#[track_caller]
fn refused(result: Result<ProtectedResourceMetadata, MetadataError>) -> (Kind, Option<usize>) {
    let err = result.unwrap_err();
    (err.kind(), err.offset())
}

/// Each row: a resource identifier and the kind and byte it is refused at.
#[test]
fn resource_refusals() {
    let rows: &[(&str, Kind, usize)] = &[
        ("", Kind::NotAbsolute, 0),
        ("/api", Kind::NotAbsolute, 0),
        ("rs.example/api", Kind::NotAbsolute, 0),
        ("//rs.example/api", Kind::NotAbsolute, 0),
        ("https:rs.example", Kind::NotAbsolute, 6),
        ("https:/rs.example", Kind::NotAbsolute, 6),
        ("ftp://rs.example", Kind::UnsupportedScheme, 0),
        ("urn:example:rs", Kind::UnsupportedScheme, 0),
        ("wss://rs.example/socket", Kind::UnsupportedScheme, 0),
        // RFC 3986 reads `localhost` as a scheme here.
        ("localhost:8080/api", Kind::UnsupportedScheme, 0),
        ("ftp://a b", Kind::UnsupportedScheme, 0),
        ("http://rs.example", Kind::InsecureHttp, 0),
        ("http://10.0.0.1:8080/", Kind::InsecureHttp, 0),
        ("http://127.0.0.1.nip.io/", Kind::InsecureHttp, 0),
        ("http://localhost.example/", Kind::InsecureHttp, 0),
        ("http://128.0.0.1/", Kind::InsecureHttp, 0),
        ("http://127.0.0.256/", Kind::InsecureHttp, 0),
        ("http://[::2]/", Kind::InsecureHttp, 0),
        ("https://user@rs.example", Kind::Userinfo, 12),
        ("https://user:secret@rs.example/", Kind::Userinfo, 19),
        ("https://", Kind::EmptyHost, 8),
        ("https:///api", Kind::EmptyHost, 8),
        ("https://:8443/api", Kind::EmptyHost, 8),
        ("https://?q", Kind::EmptyHost, 8),
        ("https://[::1/", Kind::InvalidHost, 8),
        ("https://[]/", Kind::InvalidHost, 8),
        ("https://[fe80::zz]/", Kind::InvalidHost, 8),
        ("https://[::1]x/", Kind::InvalidHost, 13),
        ("https://rs.exa]mple/", Kind::InvalidHost, 14),
        ("https://rs.example:", Kind::InvalidPort, 19),
        ("https://rs.example:/api", Kind::InvalidPort, 19),
        ("https://rs.example:8o", Kind::InvalidPort, 19),
        ("https://rs.example:65536", Kind::InvalidPort, 19),
        ("https://rs.example:123456", Kind::InvalidPort, 19),
        ("https://rs.example:8443:1", Kind::InvalidPort, 19),
        ("https://rs.example#", Kind::Fragment, 18),
        ("https://rs.example/#top", Kind::Fragment, 19),
        ("https://rs.example/api?a=b#c", Kind::Fragment, 26),
        ("https://rs.example/a b", Kind::InvalidChar, 20),
        // `[` and `]` only around an IP literal host (RFC 3986 §3.2.2).
        ("https://rs.example/a[0]", Kind::InvalidChar, 20),
        ("https://rs.example/?q=]", Kind::InvalidChar, 22),
        (" https://rs.example", Kind::InvalidChar, 0),
        ("https://rs.example/\n", Kind::InvalidChar, 19),
        ("https://rs.example/café", Kind::InvalidChar, 22),
        ("https://rs.example/\"x\"", Kind::InvalidChar, 19),
        ("https://rs.example/a\\b", Kind::InvalidChar, 20),
        ("https://rs.example/{id}", Kind::InvalidChar, 19),
        ("https://rs.example/%zz", Kind::InvalidPercentEncoding, 19),
        ("https://rs.example/%4", Kind::InvalidPercentEncoding, 19),
        ("https://rs.example/%", Kind::InvalidPercentEncoding, 19),
        // The first problem is the one reported.
        ("https://user@rs.example/#x", Kind::Userinfo, 12),
        ("https://rs.example/a b#x", Kind::InvalidChar, 20),
        ("https://rs.example/#a b", Kind::Fragment, 19),
    ];
    for &(url, kind, at) in rows {
        assert_eq!(
            refused(ProtectedResourceMetadata::new(url)),
            (kind, Some(at)),
            "{url:?}"
        );
    }
}

#[test]
fn resource_accepted_as_given() {
    for url in [
        "https://rs.example",
        "https://rs.example/",
        "HTTPS://RS.Example/Api",
        "https://rs.example:8443/api/v1?tenant=a",
        "https://rs.example/api/",
        "https://rs.example/%41%2f?x=%20",
        "https://[2001:db8::1]:8443/",
        "https://xn--caf-dma.example/",
        "https://rs.example/a;b=c/d:e@f!$&'()*+,=~_-.",
        "http://localhost",
        "http://LOCALHOST:3000/mcp",
        "http://127.0.0.1:8080",
        "http://127.255.0.9/x",
        "http://[::1]:8080/",
    ] {
        assert_eq!(new(url).resource(), url);
    }
}

#[test]
fn other_url_members() {
    let base = || new("https://rs.example");
    let issuer = |url: &str| base().with_authorization_server(url);
    assert_eq!(
        refused(issuer("https://as.example?tenant=a")),
        (Kind::Query, Some(18))
    );
    assert_eq!(
        refused(issuer("https://as.example/t/?")),
        (Kind::Query, Some(21))
    );
    assert_eq!(
        refused(issuer("https://as.example/#x")),
        (Kind::Fragment, Some(19))
    );
    assert_eq!(
        refused(issuer("http://as.example")),
        (Kind::InsecureHttp, Some(0))
    );
    assert_eq!(refused(issuer("as.example")), (Kind::NotAbsolute, Some(0)));
    let err = issuer("https://as.example?x").unwrap_err();
    assert_eq!(err.member(), "authorization_servers");
    assert!(issuer("http://localhost:9000/realms/dev").is_ok());

    let docs = |url: &str| base().with_resource_documentation(url);
    assert_eq!(
        docs("https://docs.example/api?lang=en#auth")
            .unwrap()
            .resource_documentation(),
        Some("https://docs.example/api?lang=en#auth")
    );
    assert_eq!(refused(docs("docs.html")), (Kind::NotAbsolute, Some(0)));
    assert_eq!(
        refused(docs("mailto:api@example.com")),
        (Kind::UnsupportedScheme, Some(0))
    );
    assert_eq!(
        docs("docs.html").unwrap_err().member(),
        "resource_documentation"
    );
}

#[test]
fn dpop_algs() {
    let algs = |list: &[&str]| {
        new("https://rs.example").with_dpop_signing_alg_values_supported(list.iter().copied())
    };
    let rows: &[(&[&str], Kind, usize)] = &[
        (&[""], Kind::InvalidAlg, 0),
        (&["ES256", "ES 256"], Kind::InvalidAlg, 2),
        (&["ES\"256"], Kind::InvalidAlg, 2),
        (&["ES\\256"], Kind::InvalidAlg, 2),
        (&["ÉS256"], Kind::InvalidAlg, 0),
        (&["none"], Kind::AlgNone, 0),
        (&["ES256", "NONE"], Kind::AlgNone, 0),
    ];
    for &(list, kind, at) in rows {
        assert_eq!(refused(algs(list)), (kind, Some(at)), "{list:?}");
    }
    let metadata = algs(&["ES256", "EdDSA", "ES256"]).unwrap();
    assert_eq!(
        metadata
            .dpop_signing_alg_values_supported()
            .collect::<Vec<_>>(),
        ["ES256", "EdDSA"]
    );
    let cleared = metadata.with_dpop_signing_alg_values_supported([]).unwrap();
    assert_eq!(cleared.dpop_signing_alg_values_supported().len(), 0);
}

#[test]
fn error_messages() {
    let rows: &[(Result<ProtectedResourceMetadata, MetadataError>, &str)] = &[
        (
            ProtectedResourceMetadata::new("https://rs.example/a b"),
            "invalid resource \"https://rs.example/a b\" at byte 20: character ' ' not allowed in a URL (RFC 3986 §2)",
        ),
        (
            ProtectedResourceMetadata::new("https://rs.example/\n"),
            "invalid resource \"https://rs.example/\\n\" at byte 19: character '\\n' not allowed in a URL (RFC 3986 §2)",
        ),
        (
            ProtectedResourceMetadata::new("http://api.example"),
            "invalid resource \"http://api.example\" at byte 0: http with a host that is not loopback; \
             use https (http only for localhost, 127.0.0.0/8 and [::1])",
        ),
        (
            ProtectedResourceMetadata::new("/mcp"),
            "invalid resource \"/mcp\" at byte 0: not an absolute URL; expected https:// and a host",
        ),
        (
            new("https://rs.example").with_authorization_server("https://as.example?t=1"),
            "invalid authorization_servers \"https://as.example?t=1\" at byte 18: \
             query; an issuer identifier has none (RFC 8414 §2)",
        ),
        (
            new("https://rs.example").with_dpop_signing_alg_values_supported(["none"]),
            "invalid dpop_signing_alg_values_supported \"none\" at byte 0: \
             `none` signs nothing; a DPoP proof's alg is not none (RFC 9449 §4.3)",
        ),
    ];
    for (result, message) in rows {
        assert_eq!(result.as_ref().unwrap_err().to_string(), *message);
    }
    let long = format!("https://rs.example/{}#", "a".repeat(100));
    assert_eq!(
        ProtectedResourceMetadata::new(&long)
            .unwrap_err()
            .to_string(),
        format!(
            "invalid resource \"https://rs.example/{}\"… (120 bytes) at byte 119: \
             fragment; resource and issuer identifiers have none (RFC 9728 §1.2, RFC 8414 §2)",
            "a".repeat(61)
        )
    );
    assert_eq!(
        "cookie".parse::<BearerMethod>().unwrap_err().to_string(),
        "invalid bearer_methods_supported \"cookie\": unknown bearer method; \
         RFC 9728 §2 defines header, body and query"
    );
    assert_eq!(
        format!("{:?}", ProtectedResourceMetadata::new("").unwrap_err()),
        "MetadataError(\"invalid resource \"\" at byte 0: not an absolute URL; expected https:// and a host\")"
    );

    // One `Error` for `?`.
    let err: Error = ProtectedResourceMetadata::new("https://rs.example#x")
        .unwrap_err()
        .into();
    assert!(matches!(&err, Error::Metadata(e) if e.kind() == Kind::Fragment));
    assert!(err.to_string().starts_with("invalid resource"));
    assert!(std::error::Error::source(&err).is_none());
}

#[test]
fn kind_codes() {
    let kinds = [
        (Kind::NotAbsolute, "not_absolute"),
        (Kind::UnsupportedScheme, "unsupported_scheme"),
        (Kind::InsecureHttp, "insecure_http"),
        (Kind::Userinfo, "userinfo"),
        (Kind::EmptyHost, "empty_host"),
        (Kind::InvalidHost, "invalid_host"),
        (Kind::InvalidPort, "invalid_port"),
        (Kind::Query, "query"),
        (Kind::Fragment, "fragment"),
        (Kind::InvalidChar, "invalid_char"),
        (Kind::InvalidPercentEncoding, "invalid_percent_encoding"),
        (Kind::InvalidAlg, "invalid_alg"),
        (Kind::AlgNone, "alg_none"),
        (Kind::UnknownBearerMethod, "unknown_bearer_method"),
        (Kind::MissingResource, "missing_resource"),
        (Kind::DuplicateMember, "duplicate_member"),
        (Kind::ModeledMember, "modeled_member"),
    ];
    for (kind, code) in kinds {
        assert_eq!(kind.code(), code);
    }
}

/// RFC 9728 §3.1's two examples, then the terminating slash, queries,
/// ports and IPv6.
#[test]
fn well_known_url() {
    let rows = [
        (
            "https://resource.example.com",
            "https://resource.example.com/.well-known/oauth-protected-resource",
            "/.well-known/oauth-protected-resource",
        ),
        (
            "https://resource.example.com/resource1",
            "https://resource.example.com/.well-known/oauth-protected-resource/resource1",
            "/.well-known/oauth-protected-resource/resource1",
        ),
        (
            "https://rs.example/",
            "https://rs.example/.well-known/oauth-protected-resource",
            "/.well-known/oauth-protected-resource",
        ),
        (
            "https://rs.example/api/v1",
            "https://rs.example/.well-known/oauth-protected-resource/api/v1",
            "/.well-known/oauth-protected-resource/api/v1",
        ),
        (
            "https://rs.example/api/",
            "https://rs.example/.well-known/oauth-protected-resource/api/",
            "/.well-known/oauth-protected-resource/api/",
        ),
        (
            "https://rs.example?tenant=a",
            "https://rs.example/.well-known/oauth-protected-resource?tenant=a",
            "/.well-known/oauth-protected-resource",
        ),
        (
            "https://rs.example/?tenant=a",
            "https://rs.example/.well-known/oauth-protected-resource?tenant=a",
            "/.well-known/oauth-protected-resource",
        ),
        (
            "https://rs.example:8443/t/7?v=2&x=/y",
            "https://rs.example:8443/.well-known/oauth-protected-resource/t/7?v=2&x=/y",
            "/.well-known/oauth-protected-resource/t/7",
        ),
        (
            "http://[::1]:8080/mcp",
            "http://[::1]:8080/.well-known/oauth-protected-resource/mcp",
            "/.well-known/oauth-protected-resource/mcp",
        ),
        (
            "HTTPS://RS.Example//a",
            "HTTPS://RS.Example/.well-known/oauth-protected-resource//a",
            "/.well-known/oauth-protected-resource//a",
        ),
    ];
    for (resource, url, path) in rows {
        let metadata = new(resource);
        assert_eq!(metadata.well_known_url(), url, "{resource}");
        assert_eq!(metadata.well_known_path(), path, "{resource}");
    }
}

#[test]
fn builder_and_accessors() {
    let metadata = new("https://rs.example");
    assert_eq!(metadata.authorization_servers().len(), 0);
    assert!(metadata.scopes_supported().is_empty());
    assert_eq!(metadata.bearer_methods_supported(), None);
    assert_eq!(metadata.resource_name(), None);
    assert_eq!(metadata.resource_documentation(), None);
    assert_eq!(metadata.dpop_signing_alg_values_supported().len(), 0);
    assert!(!metadata.dpop_bound_access_tokens_required());
    assert_eq!(metadata.other_members().len(), 0);

    let metadata = metadata
        .with_authorization_server("https://as2.example")
        .unwrap()
        .with_authorization_server("https://as1.example")
        .unwrap()
        .with_authorization_server("https://as2.example")
        .unwrap()
        .with_scopes_supported(&ScopeSet::parse("b a").unwrap())
        .with_bearer_methods_supported([
            BearerMethod::Query,
            BearerMethod::Header,
            BearerMethod::Query,
        ])
        .with_resource_name("")
        .with_dpop_bound_access_tokens_required(true);
    assert_eq!(
        metadata.authorization_servers().collect::<Vec<_>>(),
        ["https://as2.example", "https://as1.example"]
    );
    assert_eq!(metadata.scopes_supported().to_string(), "a b");
    assert_eq!(
        metadata.bearer_methods_supported(),
        Some(&[BearerMethod::Query, BearerMethod::Header][..])
    );
    assert_eq!(metadata.resource_name(), Some(""));
    assert!(metadata.dpop_bound_access_tokens_required());

    // Setting again replaces; an empty scope removes the member.
    let metadata = metadata.with_scopes_supported(&ScopeSet::new());
    assert!(metadata.scopes_supported().is_empty());
    assert_eq!(
        serde_json::to_string(&metadata).unwrap(),
        r#"{"resource":"https://rs.example","authorization_servers":["https://as2.example","https://as1.example"],"bearer_methods_supported":["query","header"],"resource_name":"","dpop_bound_access_tokens_required":true}"#
    );
    assert_eq!(BearerMethod::Body.to_string(), "body");
}

/// RFC 9728 §3.2's example response, read; written back in the crate's
/// order and with the scopes in canonical order.
#[test]
fn rfc_example_parsed() {
    let metadata: ProtectedResourceMetadata = serde_json::from_str(RFC_EXAMPLE).unwrap();
    assert_eq!(metadata.resource(), "https://resource.example.com");
    assert_eq!(
        metadata.authorization_servers().collect::<Vec<_>>(),
        ["https://as1.example.com", "https://as2.example.net"]
    );
    assert_eq!(
        metadata.bearer_methods_supported(),
        Some(&[BearerMethod::Header, BearerMethod::Body][..])
    );
    assert_eq!(
        metadata.scopes_supported(),
        &ScopeSet::parse("profile email phone").unwrap()
    );
    assert_eq!(
        metadata.resource_documentation(),
        Some("https://resource.example.com/resource_documentation.html")
    );
    assert_eq!(metadata.other_members().len(), 0);
    assert_eq!(
        metadata.well_known_url(),
        "https://resource.example.com/.well-known/oauth-protected-resource"
    );

    let built = new("https://resource.example.com")
        .with_authorization_server("https://as1.example.com")
        .unwrap()
        .with_authorization_server("https://as2.example.net")
        .unwrap()
        .with_bearer_methods_supported([BearerMethod::Header, BearerMethod::Body])
        .with_scopes_supported(&ScopeSet::parse("profile email phone").unwrap())
        .with_resource_documentation("https://resource.example.com/resource_documentation.html")
        .unwrap();
    assert_eq!(metadata, built);
    assert_eq!(
        serde_json::to_string(&metadata).unwrap(),
        concat!(
            r#"{"resource":"https://resource.example.com","#,
            r#""authorization_servers":["https://as1.example.com","https://as2.example.net"],"#,
            r#""scopes_supported":["email","phone","profile"],"#,
            r#""bearer_methods_supported":["header","body"],"#,
            r#""resource_documentation":"https://resource.example.com/resource_documentation.html"}"#,
        )
    );
}

/// A realistic document reads and writes back byte for byte, and equals
/// the one built with the `with_*` methods.
#[test]
fn round_trip_byte_for_byte() {
    let metadata: ProtectedResourceMetadata = serde_json::from_str(FULL).unwrap();
    assert_eq!(serde_json::to_string(&metadata).unwrap(), FULL);

    let built = new("https://api.example.com/mcp")
        .with_authorization_server("https://auth.example.com")
        .unwrap()
        .with_authorization_server("https://login.example.net/tenant-7")
        .unwrap()
        .with_scopes_supported(&ScopeSet::parse("mcp:tools mcp:resources mcp:prompts").unwrap())
        .with_bearer_methods_supported([BearerMethod::Header])
        .with_resource_name("Example MCP server")
        .with_resource_documentation("https://docs.example.com/mcp#authorization")
        .unwrap()
        .with_dpop_signing_alg_values_supported(["ES256", "PS256", "EdDSA"])
        .unwrap()
        .with_dpop_bound_access_tokens_required(false)
        .with_other_member("jwks_uri", json!("https://api.example.com/jwks.json"))
        .unwrap()
        .with_other_member("resource_signing_alg_values_supported", json!(["ES256"]))
        .unwrap()
        .with_other_member("resource_policy_uri", json!("https://example.com/policy"))
        .unwrap()
        .with_other_member("resource_tos_uri", json!("https://example.com/tos"))
        .unwrap()
        .with_other_member("tls_client_certificate_bound_access_tokens", json!(true))
        .unwrap()
        .with_other_member(
            "authorization_details_types_supported",
            json!(["payment_initiation", "account_information"]),
        )
        .unwrap()
        .with_other_member("resource_name#it", json!("Server MCP d'esempio"))
        .unwrap()
        .with_other_member(
            "x_rate_limit",
            json!({"per_minute": 600, "burst": 20, "weights": [1.5, -2], "scope": null}),
        )
        .unwrap();
    assert_eq!(built, metadata);
    assert_eq!(serde_json::to_string(&built).unwrap(), FULL);

    // Pretty-printed input reads to the same document: the `Value` in
    // between sorts the members, and equality does not count the order of
    // the other members, as a JSON object does not.
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(FULL).unwrap())
            .unwrap();
    let reread: ProtectedResourceMetadata = serde_json::from_str(&pretty).unwrap();
    assert_eq!(reread, metadata);
}

#[test]
fn unknown_members_kept() {
    let json = concat!(
        r#"{"x_first":[1,{"b":true,"a":"z"}],"resource":"https://rs.example","#,
        r#""resource_name#en":"My Resource","resource_name#it":"La mia bella risorsa","#,
        r#""signed_metadata":"eyJhbGciOiJFUzI1NiJ9.e30.c2ln","scopes_supported":["read"],"#,
        r#""x_last":null}"#,
    );
    let metadata: ProtectedResourceMetadata = serde_json::from_str(json).unwrap();
    assert_eq!(
        metadata.other_members().map(|(n, _)| n).collect::<Vec<_>>(),
        [
            "x_first",
            "resource_name#en",
            "resource_name#it",
            "signed_metadata",
            "x_last"
        ]
    );
    assert_eq!(
        metadata.other_member("x_first"),
        Some(&json!([1, {"a": "z", "b": true}]))
    );
    assert_eq!(metadata.other_member("x_last"), Some(&json!(null)));
    assert_eq!(metadata.other_member("scopes_supported"), None);
    // Modeled members first, then the others in the order read.
    assert_eq!(
        serde_json::to_string(&metadata).unwrap(),
        concat!(
            r#"{"resource":"https://rs.example","scopes_supported":["read"],"#,
            r#""x_first":[1,{"a":"z","b":true}],"#,
            r#""resource_name#en":"My Resource","resource_name#it":"La mia bella risorsa","#,
            r#""signed_metadata":"eyJhbGciOiJFUzI1NiJ9.e30.c2ln","x_last":null}"#,
        )
    );

    // Set again: the same place, the new value.
    let metadata = metadata
        .with_other_member("resource_name#en", json!("Renamed"))
        .unwrap();
    assert_eq!(
        metadata.other_members().nth(1),
        Some(("resource_name#en", &json!("Renamed")))
    );
    for name in [
        "resource",
        "authorization_servers",
        "scopes_supported",
        "bearer_methods_supported",
        "resource_name",
        "resource_documentation",
        "dpop_signing_alg_values_supported",
        "dpop_bound_access_tokens_required",
    ] {
        let err = metadata
            .clone()
            .with_other_member(name, json!(null))
            .unwrap_err();
        assert_eq!((err.kind(), err.member()), (Kind::ModeledMember, name));
        assert_eq!(
            err.to_string(),
            format!("{name}: a member with its own method; set it with that method")
        );
    }
}

#[test]
fn members_with_zero_values_omitted() {
    let json = concat!(
        r#"{"resource":"https://rs.example","authorization_servers":[],"scopes_supported":[],"#,
        r#""bearer_methods_supported":[],"dpop_signing_alg_values_supported":[]}"#,
    );
    let metadata: ProtectedResourceMetadata = serde_json::from_str(json).unwrap();
    // RFC 9728 §3.2 omits empty members; `bearer_methods_supported: []`
    // means "none supported" (§2) and stays.
    assert_eq!(metadata.bearer_methods_supported(), Some(&[][..]));
    assert_eq!(
        serde_json::to_string(&metadata).unwrap(),
        r#"{"resource":"https://rs.example","bearer_methods_supported":[]}"#
    );
    // Repeats in arrays are listed once; a scope array reads in any order.
    let json = concat!(
        r#"{"resource":"https://rs.example","authorization_servers":["https://a.example","https://a.example"],"#,
        r#""scopes_supported":["b","a","b"],"bearer_methods_supported":["body","body"]}"#,
    );
    let metadata: ProtectedResourceMetadata = serde_json::from_str(json).unwrap();
    assert_eq!(metadata.authorization_servers().len(), 1);
    assert_eq!(metadata.scopes_supported().to_string(), "a b");
    assert_eq!(
        serde_json::to_string(&metadata).unwrap(),
        concat!(
            r#"{"resource":"https://rs.example","authorization_servers":["https://a.example"],"#,
            r#""scopes_supported":["a","b"],"bearer_methods_supported":["body"]}"#,
        )
    );
}

/// Each row: a document and the start of the error `serde_json` reports.
#[test]
fn documents_refused() {
    let rows = [
        ("{}", "resource: missing; RFC 9728 §2 requires the resource member"),
        (
            r#"{"resource_name":"x"}"#,
            "resource: missing; RFC 9728 §2 requires the resource member",
        ),
        (
            r#"{"resource":"https://rs.example#x"}"#,
            "invalid resource \"https://rs.example#x\" at byte 18: fragment",
        ),
        (
            r#"{"resource":"http://rs.example"}"#,
            "invalid resource \"http://rs.example\" at byte 0: http with a host that is not loopback",
        ),
        (
            r#"{"resource":"https://rs.example","resource":"https://rs.example"}"#,
            "resource: member given twice",
        ),
        (
            r#"{"resource":"https://rs.example","x":1,"x":2}"#,
            "x: member given twice",
        ),
        (
            r#"{"resource":"https://rs.example","scopes_supported":["a"],"scopes_supported":["b"]}"#,
            "scopes_supported: member given twice",
        ),
        (
            r#"{"resource":"https://rs.example","authorization_servers":["https://as.example?x"]}"#,
            "invalid authorization_servers \"https://as.example?x\" at byte 18: query",
        ),
        (
            r#"{"resource":"https://rs.example","resource_documentation":"/docs"}"#,
            "invalid resource_documentation \"/docs\" at byte 0: not an absolute URL",
        ),
        (
            r#"{"resource":"https://rs.example","bearer_methods_supported":["header","cookie"]}"#,
            "invalid bearer_methods_supported \"cookie\": unknown bearer method",
        ),
        (
            r#"{"resource":"https://rs.example","bearer_methods_supported":["Header"]}"#,
            "invalid bearer_methods_supported \"Header\": unknown bearer method",
        ),
        (
            r#"{"resource":"https://rs.example","dpop_signing_alg_values_supported":["none"]}"#,
            "invalid dpop_signing_alg_values_supported \"none\" at byte 0: `none` signs nothing",
        ),
        (
            r#"{"resource":"https://rs.example","scopes_supported":["a b"]}"#,
            "invalid character ' ' (U+0020) at byte 1; a scope-token allows",
        ),
        (r#"{"resource":42}"#, "invalid type: integer `42`, expected a string"),
        (
            r#"{"resource":"https://rs.example","resource_name":null}"#,
            "invalid type: null, expected a string",
        ),
        (
            r#"{"resource":"https://rs.example","dpop_bound_access_tokens_required":"yes"}"#,
            "invalid type: string \"yes\", expected a boolean",
        ),
        (
            r#"["https://rs.example"]"#,
            "invalid type: sequence, expected a protected resource metadata document (RFC 9728 §2)",
        ),
    ];
    for (json, start) in rows {
        let err = serde_json::from_str::<ProtectedResourceMetadata>(json)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with(start), "{json}: {err}");
    }
}

fn assert_send_sync<T: Send + Sync>(_: &T) {}

fn get(path: &str) -> Request<()> {
    Request::get(path).body(()).unwrap()
}

/// The status, the headers that matter and the body.
fn answer(
    service: &mut MetadataService,
    request: Request<()>,
) -> (u16, Option<String>, Option<String>, Option<String>, String) {
    assert_eq!(
        now(std::future::poll_fn(|cx| {
            Service::<Request<()>>::poll_ready(service, cx)
        })),
        Ok::<(), Infallible>(())
    );
    let response: Response<String> = now(service.call(request)).unwrap();
    let header = |name| {
        response
            .headers()
            .get(name)
            .map(|v: &http::HeaderValue| v.to_str().unwrap().to_string())
    };
    let (ct, cl, allow) = (header(CONTENT_TYPE), header(CONTENT_LENGTH), header(ALLOW));
    (
        response.status().as_u16(),
        ct,
        cl,
        allow,
        response.into_body(),
    )
}

#[test]
fn service_answers() {
    let metadata: ProtectedResourceMetadata = serde_json::from_str(FULL).unwrap();
    let mut service = MetadataService::new(&metadata);
    assert_eq!(service.path(), "/.well-known/oauth-protected-resource/mcp");
    assert_eq!(service.json(), FULL);
    let json = Some("application/json".to_string());
    let length = Some(FULL.len().to_string());
    let path = "/.well-known/oauth-protected-resource/mcp";

    assert_eq!(
        answer(&mut service, get(path)),
        (200, json.clone(), length.clone(), None, FULL.to_string())
    );
    // The query is not part of the path.
    assert_eq!(answer(&mut service, get(&format!("{path}?x=1"))).0, 200);
    // HEAD: the headers of GET, no body (RFC 9110 §9.3.2).
    let head = Request::head(path).body(()).unwrap();
    assert_eq!(
        answer(&mut service, head),
        (200, json, length, None, String::new())
    );
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .body(())
            .unwrap();
        assert_eq!(
            answer(&mut service, request),
            (
                405,
                None,
                None,
                Some("GET, HEAD".to_string()),
                String::new()
            ),
            "{method}"
        );
    }
    for other in [
        "/",
        "/mcp",
        "/.well-known/oauth-protected-resource",
        "/.well-known/oauth-protected-resource/mcp/",
        "/.well-known/oauth-protected-resource/MCP",
        "/.well-known/oauth-authorization-server/mcp",
    ] {
        assert_eq!(
            answer(&mut service, get(other)),
            (404, None, None, None, String::new()),
            "{other}"
        );
        // Not found comes before method not allowed.
        let post = Request::post(other).body(()).unwrap();
        assert_eq!(answer(&mut service, post).0, 404, "{other}");
    }

    // A clone serves the same document; it and its future cross threads.
    let mut clone = service.clone();
    assert_send_sync(&clone);
    assert_send_sync(&clone.call(get(path)));
    assert_eq!(answer(&mut clone, get(path)).4, FULL);
    let _ = format!("{service:?}");
}

/// Mounted on an axum router with `route_service`, over real HTTP: the
/// document, HEAD's `Content-Length` kept by hyper, 405 and 404.
#[test]
fn service_over_http() {
    let addr = http_util::serve(|base_url| {
        let metadata = ProtectedResourceMetadata::new(&format!("{base_url}/api"))
            .unwrap()
            .with_authorization_server("https://auth.example")
            .unwrap()
            .with_scopes_supported(&ScopeSet::parse("api:read").unwrap());
        let service = MetadataService::new(&metadata);
        axum::Router::new().route_service(service.path(), service.clone())
    });
    let path = "/.well-known/oauth-protected-resource/api";
    let raw = |method: &str, path: &str| {
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response.to_ascii_lowercase()
    };
    let expected = format!(
        r#"{{"resource":"http://{addr}/api","authorization_servers":["https://auth.example"],"scopes_supported":["api:read"]}}"#
    );

    let answer = http_util::send(addr, "GET", path, &[]);
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (200, expected.as_str())
    );

    let head = raw("HEAD", path);
    assert!(head.starts_with("http/1.1 200 ok\r\n"), "{head}");
    assert!(
        head.contains("content-type: application/json\r\n"),
        "{head}"
    );
    assert!(
        head.contains(&format!("content-length: {}\r\n", expected.len())),
        "{head}"
    );
    assert!(head.ends_with("\r\n\r\n"), "no body: {head}");

    let post = raw("POST", path);
    assert!(post.starts_with("http/1.1 405 "), "{post}");
    assert!(post.contains("allow: get, head\r\n"), "{post}");
    assert_eq!(
        http_util::send(addr, "GET", "/.well-known/oauth-protected-resource", &[]).status,
        404
    );
}
