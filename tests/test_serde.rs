//! serde: the canonical string out; a string or an array of tokens in.

use oauth_scope::ScopeSet;
use serde::Deserialize;

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    token_type: String,
    expires_in: u64,
    scope: Option<ScopeSet<'static>>,
}

/// RFC 6749 §5.1.
#[test]
fn token_response() {
    let json = r#"{
        "access_token":"2YotnFZFEjr1zCsicMWpAA",
        "token_type":"example",
        "expires_in":3600,
        "scope":"profile openid email"
    }"#;
    let response: TokenResponse = serde_json::from_str(json).unwrap();
    assert_eq!(response.access_token, "2YotnFZFEjr1zCsicMWpAA");
    assert_eq!(
        (response.token_type.as_str(), response.expires_in),
        ("example", 3600)
    );
    assert_eq!(response.scope.unwrap().to_string(), "email openid profile");

    let without: TokenResponse =
        serde_json::from_str(r#"{"access_token":"x","token_type":"Bearer","expires_in":1}"#)
            .unwrap();
    assert!(without.scope.is_none());
}

#[derive(Deserialize)]
struct Introspection<'a> {
    active: bool,
    client_id: &'a str,
    #[serde(borrow, deserialize_with = "oauth_scope::serde::borrowed")]
    scope: ScopeSet<'a>,
}

/// RFC 7662 §2.2, zero-copy.
#[test]
fn introspection_response_borrows() {
    let json = r#"{"active":true,"client_id":"l238j323ds-23ij4","scope":"read write dolphin"}"#;
    let info: Introspection<'_> = serde_json::from_str(json).unwrap();
    assert!(info.active);
    assert_eq!(info.client_id, "l238j323ds-23ij4");
    assert_eq!(info.scope.to_string(), "dolphin read write");
    let read = info.scope.iter().find(|t| *t == "read").unwrap();
    let json_range = json.as_bytes().as_ptr_range();
    assert!(
        json_range.contains(&read.as_str().as_ptr()),
        "the token is a slice of the input"
    );

    // An escaped string cannot be lent: the tokens are owned instead.
    let escaped = r#"{"active":true,"client_id":"c","scope":"read\u0020write"}"#;
    let info: Introspection<'_> = serde_json::from_str(escaped).unwrap();
    assert_eq!(info.scope.to_string(), "read write");
}

#[derive(Deserialize)]
struct Claims {
    sub: String,
    #[serde(default)]
    scope: Option<ScopeSet<'static>>,
    #[serde(default)]
    scp: Option<ScopeSet<'static>>,
}

/// RFC 9068 §2.2.3 `scope`, and the `scp` array of several identity providers.
#[test]
fn jwt_claims_scope_and_scp() {
    let claims: Claims =
        serde_json::from_str(r#"{"sub":"5ba552d67","scope":"openid profile reademail"}"#).unwrap();
    assert_eq!(claims.sub, "5ba552d67");
    assert_eq!(claims.scope.unwrap().len(), 3);

    let claims: Claims =
        serde_json::from_str(r#"{"sub":"x","scp":["user.read","openid","openid"]}"#).unwrap();
    assert_eq!(claims.scp.unwrap().to_string(), "openid user.read");

    // from_value and from_reader need DeserializeOwned.
    let value = serde_json::json!({"sub": "y", "scp": [], "scope": ""});
    let claims: Claims = serde_json::from_value(value).unwrap();
    assert!(claims.scp.unwrap().is_empty());
    assert!(claims.scope.unwrap().is_empty());
    let from_reader: ScopeSet<'static> = serde_json::from_reader(&b"\"b a\""[..]).unwrap();
    assert_eq!(from_reader.to_string(), "a b");
}

#[test]
fn serialize_is_canonical() {
    let set = ScopeSet::parse("b a b").unwrap();
    assert_eq!(serde_json::to_string(&set).unwrap(), r#""a b""#);
    assert_eq!(serde_json::to_string(&ScopeSet::new()).unwrap(), r#""""#);
    let back: ScopeSet<'static> =
        serde_json::from_str(&serde_json::to_string(&set).unwrap()).unwrap();
    assert_eq!(back, set);
}

#[test]
fn invalid_input_carries_the_parse_error() {
    let cases = [
        (r#""a  b""#, "unexpected separator at byte 2; scope-tokens are separated by exactly one separator, and a scope must end with a scope-token at line 1 column 6"),
        (r#"" a""#, "unexpected separator at byte 0; a scope must start with a scope-token at line 1 column 4"),
        (r#""caf\u00e9""#, "invalid character 'é' (U+00E9) at byte 3; a scope-token allows ! # through [ and ] through ~ at line 1 column 11"),
        (r#"["ok","a b"]"#, "invalid character ' ' (U+0020) at byte 1; a scope-token allows ! # through [ and ] through ~ in scope-token 1 of the sequence at line 1 column 12"),
        (r#"[""]"#, "empty scope; expected at least one scope-token in scope-token 0 of the sequence at line 1 column 4"),
        ("42", "invalid type: integer `42`, expected a space-delimited scope string or a sequence of scope-tokens at line 1 column 2"),
        ("[1]", "invalid type: integer `1`, expected a scope-token string at line 1 column 2"),
    ];
    for (json, message) in cases {
        let err = serde_json::from_str::<ScopeSet<'static>>(json).unwrap_err();
        assert_eq!(err.to_string(), message, "{json}");
    }
}

/// A format that is not self-describing: it refuses `deserialize_any`, as
/// bincode and postcard do, and lends a string when asked for one.
struct Compact<'de>(&'de str);

impl<'de> serde::Deserializer<'de> for Compact<'de> {
    type Error = serde::de::value::Error;

    fn is_human_readable(&self) -> bool {
        false
    }

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom("deserialize_any is not supported"))
    }

    fn deserialize_str<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_borrowed_str(self.0)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct
        map struct enum identifier ignored_any
    }
}

#[test]
fn formats_that_are_not_self_describing_read_the_string() {
    let owned = ScopeSet::deserialize(Compact("read write")).unwrap();
    assert_eq!(owned.to_string(), "read write");
    let borrowed = oauth_scope::serde::borrowed(Compact("b a")).unwrap();
    assert_eq!(borrowed.to_string(), "a b");
    let err = ScopeSet::deserialize(Compact("a  b")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("unexpected separator at byte 2"),
        "{err}"
    );
}

/// The granted scope from JWT claims or an introspection response.
#[test]
fn claims_read_scope_scp_and_active() {
    use oauth_scope::serde::Claims;

    // (JSON, active, granted)
    let cases = [
        (r#"{"scope":"b a"}"#, true, "a b"),
        (
            r#"{"scp":"User.Read Mail.Send"}"#,
            true,
            "Mail.Send User.Read",
        ),
        (r#"{"scp":["openid","api:read"]}"#, true, "api:read openid"),
        // `scope` is the standard member; `scp` only stands in for it.
        (r#"{"scp":["x"],"scope":"a"}"#, true, "a"),
        (
            r#"{"active":true,"scope":"a","exp":1,"ext":{"scope":"zzz"}}"#,
            true,
            "a",
        ),
        (r#"{"active":true}"#, true, ""),
        (r#"{"sub":"u1","aud":["x","y"]}"#, true, ""),
        (r#"{"scope":""}"#, true, ""),
        (r#"{"scp":[]}"#, true, ""),
        // RFC 7662 §2.2: an inactive token carries nothing.
        (r#"{"active":false,"scope":"a b","scp":["c"]}"#, false, ""),
        (r#"{"scope":"a","active":false}"#, false, ""),
        // Whatever else it says: its other members are not read.
        (r#"{"scope":null,"scp":7,"active":false}"#, false, ""),
        (r#"{"active":false,"scope":"a  b"}"#, false, ""),
        // `scp` is read only without `scope`: its type does not matter then.
        (r#"{"scope":"a","scp":7}"#, true, "a"),
    ];
    for (json, active, granted) in cases {
        let claims: Claims = serde_json::from_str(json).unwrap();
        assert_eq!(claims.is_active(), active, "{json}");
        assert_eq!(claims.granted().to_string(), granted, "{json}");
    }
    // Nothing is dropped silently: each of these is an error.
    for (json, message) in [
        (
            r#"{"scp":["api:read api:admin"]}"#,
            "invalid character ' ' (U+0020) at byte 8",
        ),
        (
            r#"{"scp":["a",""]}"#,
            r#""scp" item 1 is not a scope-token: it is empty"#,
        ),
        (
            r#"{"scope":["a"]}"#,
            r#"the "scope" member is an array, not a string"#,
        ),
        (
            r#"{"scope":null}"#,
            r#"the "scope" member is null, not a string"#,
        ),
        (
            r#"{"scp":{"a":1}}"#,
            r#"the "scp" member is an object, not a string or an array of strings"#,
        ),
        (
            r#"{"scp":["a",7]}"#,
            r#"an item of the "scp" array is a number, not a string"#,
        ),
        (
            r#"{"scope":"a  b"}"#,
            r#"the "scope" member is not a valid scope: unexpected separator at byte 2"#,
        ),
        (
            r#"{"scp":["a","b c"]}"#,
            r#""scp" item 1 is not a scope-token: invalid character ' ' (U+0020) at byte 1"#,
        ),
        (r#"{"scope":"a","scope":"b"}"#, "duplicate field `scope`"),
        (r#"{"scp":"a","scp":"b"}"#, "duplicate field `scp`"),
        (
            r#"{"active":null,"active":false}"#,
            "duplicate field `active`",
        ),
        (r#"{"scope":7,"scope":"a"}"#, "duplicate field `scope`"),
        (
            r#"{"active":false,"active":"no"}"#,
            "duplicate field `active`",
        ),
        (
            r#"{"active":"false"}"#,
            r#"the "active" member is a string, not a boolean"#,
        ),
        (r#"["a"]"#, "invalid type: sequence, expected an object"),
    ] {
        let err = serde_json::from_str::<Claims>(json)
            .unwrap_err()
            .to_string();
        assert!(err.contains(message), "{json}: {err}");
    }
}

/// `RawClaims` is the reading of `Claims` before validation: the same
/// members, the strings read with the caller's options.
#[test]
fn raw_claims_read_with_options() {
    use oauth_scope::serde::{RawClaims, ScopeClaim};
    use oauth_scope::{ErrorKind, ParseOptions};

    let commas = ParseOptions::lenient().commas(true);
    // (JSON, the member, granted with commas)
    let cases = [
        (r#"{"scope":"b, a"}"#, Some("scope"), "a b"),
        (r#"{"scp":"b,a"}"#, Some("scp"), "a b"),
        // An item is one token: its comma is part of it.
        (r#"{"scp":["b,a"]}"#, Some("scp"), "b,a"),
        (r#"{"scope":"x","scp":"y"}"#, Some("scope"), "x"),
        (r#"{"sub":"s"}"#, None, ""),
    ];
    for (json, member, granted) in cases {
        let raw: RawClaims = serde_json::from_str(json).unwrap();
        assert_eq!(raw.scope().map(ScopeClaim::member), member, "{json}");
        let claims = raw.claims_with(&commas).unwrap();
        assert_eq!(claims.granted().to_string(), granted, "{json}");
    }
    // The strict reading is what `Claims` does.
    let raw: RawClaims = serde_json::from_str(r#"{"scope":"b,a c"}"#).unwrap();
    let strict = raw.claims_with(&ParseOptions::strict()).unwrap();
    assert_eq!(strict.granted().to_string(), "b,a c");
    let raw: RawClaims = serde_json::from_str(r#"{"scope":"a  b"}"#).unwrap();
    let err = raw.claims_with(&ParseOptions::strict()).unwrap_err();
    assert_eq!(
        (err.member(), err.item(), err.parse_error().kind()),
        ("scope", None, ErrorKind::EmptyToken)
    );
    assert_eq!(err.parse_error().offset(), 2);
    assert_eq!(raw.claims_with(&commas).unwrap().granted().len(), 2);
    let items: RawClaims = serde_json::from_str(r#"{"scp":["a","","c"]}"#).unwrap();
    let err = items.claims_with(&commas).unwrap_err();
    assert_eq!((err.member(), err.item()), ("scp", Some(1)));
    // An inactive token's scope is not read: it grants nothing either way.
    let inactive: RawClaims = serde_json::from_str(r#"{"active":false,"scope":"a  b"}"#).unwrap();
    let claims = inactive.claims_with(&ParseOptions::strict()).unwrap();
    assert!(!claims.is_active() && claims.granted().is_empty());
    // The umbrella error takes it.
    let any: oauth_scope::Error = err.clone().into();
    assert_eq!(any.to_string(), err.to_string());
}
