//! The request headers of MCP 2026-07-28's Streamable HTTP transport that
//! mirror the body (SEP-2243): `Mcp-Method`, `Mcp-Name`, and the
//! `Mcp-Param-{Name}` headers a tool asks for with `x-mcp-header` in its
//! input schema, with their value encoding.

use serde_json::{Map, Value};

/// A tool's `x-mcp-header` declarations: (argument name, header name,
/// JSON Schema type), read from the `properties` of its input schema.
#[derive(Debug, Clone, Default)]
pub(crate) struct ParamHeaders(Vec<(String, String, String)>);

impl ParamHeaders {
    /// Reads the declarations of a tool's `inputSchema`, or says why the
    /// tool must be refused (SEP-2243, "`x-mcp-header`": a client MUST
    /// reject a tool whose annotations break the rules, and keep the
    /// others). A declaration is a direct property of the schema with:
    ///
    /// - a non-empty name of RFC 9110 token characters (§5.6.2): no space,
    ///   colon, control or non-ASCII character;
    /// - a name not declared twice, without regard to case (header names
    ///   are case-insensitive);
    /// - a primitive type: `string`, `integer` or `boolean`.
    pub(crate) fn read(input_schema: &Value) -> Result<Self, String> {
        let mut headers = Vec::new();
        let properties = input_schema.get("properties").and_then(Value::as_object);
        for (argument, schema) in properties.into_iter().flatten() {
            let Some(declared) = schema.get("x-mcp-header") else {
                continue;
            };
            let Some(name) = declared.as_str() else {
                return Err(format!("{argument}: x-mcp-header is not a string"));
            };
            if name.is_empty() {
                return Err(format!("{argument}: x-mcp-header is empty"));
            }
            if !name.bytes().all(is_tchar) {
                return Err(format!(
                    "{argument}: x-mcp-header {name:?} is not an HTTP token"
                ));
            }
            let kind = schema
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if !["string", "integer", "boolean"].contains(&kind) {
                return Err(format!(
                    "{argument}: x-mcp-header {name:?} on a property of type {}",
                    schema
                        .get("type")
                        .map_or_else(|| "none".to_owned(), Value::to_string)
                ));
            }
            if headers
                .iter()
                .any(|(_, n, _): &(String, String, String)| n.eq_ignore_ascii_case(name))
            {
                return Err(format!("x-mcp-header {name:?} is declared twice"));
            }
            headers.push((argument.clone(), name.to_owned(), kind.to_owned()));
        }
        Ok(Self(headers))
    }

    /// The `Mcp-Param-{Name}` headers for a call with `arguments`: one per
    /// declared argument that has a value of its type; a `null` or absent
    /// argument has no header (SEP-2243, "Custom Headers from Tool
    /// Parameters").
    pub(crate) fn for_arguments(&self, arguments: &Map<String, Value>) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (argument, name, kind) in &self.0 {
            let value = match (kind.as_str(), arguments.get(argument)) {
                ("string", Some(Value::String(s))) => encode_value(s),
                ("integer", Some(Value::Number(n))) => n.to_string(),
                ("boolean", Some(Value::Bool(b))) => b.to_string(),
                _ => continue,
            };
            out.push((format!("Mcp-Param-{name}"), value));
        }
        out
    }
}

/// RFC 9110 §5.6.2: `tchar`.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// A value as an MCP header carries it (SEP-2243, "Value Encoding"): as it
/// is when every character is visible ASCII or an inner space, and it does
/// not look like the encoded form itself; otherwise `=?base64?…?=` around
/// the Base64 of its UTF-8. So a non-ASCII name, a control character or a
/// leading or trailing space cannot break or change the header.
pub(crate) fn encode_value(value: &str) -> String {
    let looks_encoded = value.starts_with("=?base64?") && value.ends_with("?=");
    let plain = value.bytes().all(|b| (b' '..=b'~').contains(&b))
        && !value.starts_with(' ')
        && !value.ends_with(' ')
        && !looks_encoded;
    if plain {
        value.to_owned()
    } else {
        format!("=?base64?{}?=", crate::codec::base64(value.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values() {
        let cases = [
            ("us-west1", "us-west1"),
            ("", ""),
            ("us west 1", "us west 1"),
            ("Hello, 世界", "=?base64?SGVsbG8sIOS4lueVjA==?="),
            (" padded ", "=?base64?IHBhZGRlZCA=?="),
            ("line1\nline2", "=?base64?bGluZTEKbGluZTI=?="),
            ("\tindented", "=?base64?CWluZGVudGVk?="),
            ("=?base64?literal?=", "=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?="),
        ];
        for (value, expected) in cases {
            assert_eq!(encode_value(value), expected, "{value:?}");
        }
    }

    #[test]
    fn declarations() {
        let schema = json!({"type": "object", "properties": {
            "region": {"type": "string", "x-mcp-header": "Region"},
            "priority": {"type": "integer", "x-mcp-header": "Priority"},
            "verbose": {"type": "boolean", "x-mcp-header": "Verbose"},
            "ratio": {"type": "number"},
            "query": {"type": "string"},
        }});
        let headers = ParamHeaders::read(&schema).unwrap();
        let args =
            json!({"region": "eu", "priority": 42, "verbose": null, "ratio": 1.5, "query": "q"});
        let mut sent = headers.for_arguments(args.as_object().unwrap());
        sent.sort();
        assert_eq!(
            sent,
            [
                ("Mcp-Param-Priority".to_owned(), "42".to_owned()),
                ("Mcp-Param-Region".to_owned(), "eu".to_owned()),
            ]
        );
    }

    #[test]
    fn refused_declarations() {
        let bad = [
            json!({"v": {"type": "string", "x-mcp-header": ""}}),
            json!({"v": {"type": "object", "x-mcp-header": "V"}}),
            json!({"v": {"type": "array", "x-mcp-header": "V"}}),
            json!({"v": {"type": "null", "x-mcp-header": "V"}}),
            json!({"v": {"type": "number", "x-mcp-header": "V"}}),
            json!({"a": {"type": "string", "x-mcp-header": "R"}, "b": {"type": "string", "x-mcp-header": "r"}}),
            json!({"v": {"type": "string", "x-mcp-header": "My Region"}}),
            json!({"v": {"type": "string", "x-mcp-header": "Region:Primary"}}),
            json!({"v": {"type": "string", "x-mcp-header": "Région"}}),
            json!({"v": {"type": "string", "x-mcp-header": "Region\t1"}}),
            json!({"v": {"type": "string", "x-mcp-header": 7}}),
        ];
        for properties in bad {
            let schema = json!({"type": "object", "properties": properties});
            assert!(ParamHeaders::read(&schema).is_err(), "{schema}");
        }
    }
}
