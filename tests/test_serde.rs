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
        (r#"{"scp":["a",""]}"#, "empty scope"),
        (r#"{"scope":["a"]}"#, "invalid type: sequence"),
        (r#"{"scope":"a  b"}"#, "unexpected separator at byte 2"),
        (r#"{"scope":"a","scope":"b"}"#, "duplicate field `scope`"),
        (r#"{"active":"false"}"#, "invalid type: string"),
        (r#"["a"]"#, "invalid type: sequence"),
    ] {
        let err = serde_json::from_str::<Claims>(json)
            .unwrap_err()
            .to_string();
        assert!(err.contains(message), "{json}: {err}");
    }
}
