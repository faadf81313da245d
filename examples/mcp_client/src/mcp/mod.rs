//! MCP over Streamable HTTP: JSON-RPC 2.0 messages sent with POST to one endpoint,
//! answered in JSON or as an event stream, in the two forms of the
//! protocol this client speaks:
//!
//! - **2025-11-25** (and 2025-06-18, 2025-03-26), stateful: `initialize`,
//!   `notifications/initialized`, then requests with the
//!   `MCP-Protocol-Version` header and the `Mcp-Session-Id` the server
//!   gave, if any (MCP 2025-11-25, "Lifecycle", "Transports").
//! - **2026-07-28**, stateless (SEP-2575): no handshake; every request
//!   carries the version and the client's capabilities in `params._meta`
//!   and the `MCP-Protocol-Version` header, and mirrors its method and name
//!   in `Mcp-Method` and `Mcp-Name` (SEP-2243). A server that refuses the
//!   version with `-32022` and lists the ones it supports is asked again.
//!
//! Every request goes through the [`Authorizer`](crate::oauth::Authorizer)
//! on 401 and 403, and is then sent again.

mod headers;
mod sse;

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::http;
use crate::oauth::Authorizer;
use crate::url::Url;
use headers::ParamHeaders;

/// The stateless protocol version.
pub(crate) const STATELESS: &str = "2026-07-28";
/// The stateful protocol versions, newest first.
pub(crate) const STATEFUL: [&str; 3] = ["2025-11-25", "2025-06-18", "2025-03-26"];

/// `UnsupportedProtocolVersionError` (SEP-2575).
const UNSUPPORTED_VERSION: i64 = -32022;
/// How many pages of `tools/list` the client reads at most.
const MAX_PAGES: usize = 100;
/// How many rounds of input requests a tool call may take (SEP-2322).
const MAX_ROUNDS: usize = 8;
/// How many times one message is sent at most, whatever the answers: a
/// guard under the planner's own limit.
const MAX_SENDS: usize = 10;

/// A connection to one MCP server.
#[derive(Debug)]
pub(crate) struct Session {
    url: Url,
    version: String,
    stateless: bool,
    /// Stateful only: whether `initialize` was answered.
    initialized: bool,
    /// `Mcp-Session-Id`, as the server gave it.
    mcp_session_id: Option<String>,
    next_id: u64,
    auth: Authorizer,
    /// The `x-mcp-header` declarations of the tools kept by `list_tools`.
    tools: HashMap<String, ParamHeaders>,
}

/// A tool as listed.
#[derive(Debug)]
pub(crate) struct Tool {
    pub(crate) name: String,
}

impl Session {
    /// Connects: the `initialize` handshake for a stateful version, nothing
    /// for the stateless one.
    ///
    /// # Errors
    ///
    /// `Usage` for a version this client does not speak; the errors of the
    /// handshake.
    pub(crate) fn connect(url: Url, version: &str, auth: Authorizer) -> Result<Self> {
        let stateless = version == STATELESS;
        if !stateless && !STATEFUL.contains(&version) {
            return Err(Error::Usage(format!(
                "protocol version {version:?} is not one of {STATELESS}, {}",
                STATEFUL.join(", ")
            )));
        }
        let mut session = Self {
            url,
            version: version.to_owned(),
            stateless,
            initialized: false,
            mcp_session_id: None,
            next_id: 0,
            auth,
            tools: HashMap::new(),
        };
        if !stateless {
            let result = session.request(
                "initialize",
                &json!({
                    "protocolVersion": version,
                    "capabilities": {},
                    "clientInfo": client_info(),
                }),
                &[],
            )?;
            // MCP 2025-11-25 "Version Negotiation": the server answers with
            // the version it speaks; the client goes on only if it speaks it too.
            let answered = result
                .get("protocolVersion")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if !STATEFUL.contains(&answered) {
                return Err(Error::protocol(format!(
                    "the server answered initialize with protocol version {answered:?}, which this client does not speak"
                )));
            }
            answered.clone_into(&mut session.version);
            session.initialized = true;
            session.send("notifications/initialized", &json!({}), None, &[])?;
        }
        Ok(session)
    }

    /// Lists the server's tools, every page of them, and keeps those whose
    /// `x-mcp-header` declarations are valid; the others are refused with
    /// a message (SEP-2243).
    ///
    /// # Errors
    ///
    /// The errors of the requests; `Protocol` for an answer without a
    /// `tools` array.
    pub(crate) fn list_tools(&mut self) -> Result<Vec<Tool>> {
        let mut tools = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let params = match &cursor {
                Some(cursor) => json!({ "cursor": cursor }),
                None => json!({}),
            };
            let result = self.request("tools/list", &params, &[])?;
            let Some(page) = result.get("tools").and_then(Value::as_array) else {
                return Err(Error::protocol("tools/list: the result has no tools array"));
            };
            for tool in page {
                let Some(name) = tool.get("name").and_then(Value::as_str) else {
                    eprintln!("mcp-client: skipping a tool without a name: {tool}");
                    continue;
                };
                let schema = tool.get("inputSchema").unwrap_or(&Value::Null);
                match ParamHeaders::read(schema) {
                    Ok(headers) => {
                        self.tools.insert(name.to_owned(), headers);
                        tools.push(Tool {
                            name: name.to_owned(),
                        });
                    }
                    Err(why) => eprintln!("mcp-client: refusing tool {name:?}: {why}"),
                }
            }
            cursor = result
                .get("nextCursor")
                .and_then(Value::as_str)
                .map(str::to_owned);
            if cursor.is_none() {
                return Ok(tools);
            }
        }
        Err(Error::protocol(format!(
            "tools/list: more than {MAX_PAGES} pages"
        )))
    }

    /// Calls a tool that [`list_tools`](Self::list_tools) kept, and answers
    /// its input requests (SEP-2322, multi round-trip requests): the call
    /// is sent again, with a new id, the responses, and the `requestState`
    /// exactly as received, or none when none came. The client has no user
    /// to ask: it declines elicitations and has no roots.
    ///
    /// # Errors
    ///
    /// `Usage` for a tool not listed; the errors of the requests;
    /// `Protocol` for an input request the client cannot answer.
    pub(crate) fn call_tool(
        &mut self,
        name: &str,
        arguments: &Map<String, Value>,
    ) -> Result<Value> {
        let Some(declared) = self.tools.get(name) else {
            return Err(Error::Usage(format!("no tool {name:?} among those listed")));
        };
        let param_headers = declared.for_arguments(arguments);
        let mut input: Option<(Value, Option<Value>)> = None;
        for _ in 0..MAX_ROUNDS {
            let mut params = json!({ "name": name, "arguments": arguments });
            if let Some((responses, state)) = input.take() {
                params["inputResponses"] = responses;
                if let Some(state) = state {
                    params["requestState"] = state;
                }
            }
            let result = self.request("tools/call", &params, &param_headers)?;
            // An absent resultType means "complete".
            match result.get("resultType").and_then(Value::as_str) {
                None | Some("complete") => return Ok(result),
                Some("input_required") => {
                    let responses = answer_input_requests(name, result.get("inputRequests"))?;
                    input = Some((responses, result.get("requestState").cloned()));
                }
                Some(other) => {
                    return Err(Error::protocol(format!(
                        "tools/call {name}: unknown resultType {other:?}"
                    )));
                }
            }
        }
        Err(Error::protocol(format!(
            "tools/call {name}: still asking for input after {MAX_ROUNDS} rounds"
        )))
    }

    fn request(
        &mut self,
        method: &str,
        params: &Value,
        extra: &[(String, String)],
    ) -> Result<Value> {
        self.next_id += 1;
        let id = self.next_id;
        self.send(method, params, Some(id), extra)?
            .ok_or_else(|| Error::protocol(format!("{method}: no answer")))
    }

    /// Sends one message until it is accepted: again after each
    /// authorization, and once after a refused protocol version. Returns
    /// the result of a request, `None` for a notification.
    fn send(
        &mut self,
        method: &str,
        params: &Value,
        mut id: Option<u64>,
        extra: &[(String, String)],
    ) -> Result<Option<Value>> {
        // The planner counts attempts per operation, a tool call per tool.
        let name = params.get("name").and_then(Value::as_str);
        let operation = match name {
            Some(name) if method == "tools/call" => format!("{method}:{name}"),
            _ => method.to_owned(),
        };
        let mut version_retried = false;
        for attempt in 0..MAX_SENDS {
            if attempt > 0 {
                // A new message, a new id (JSON-RPC ids are not reused).
                id = id.map(|_| {
                    self.next_id += 1;
                    self.next_id
                });
            }
            let body = self.envelope(method, params, id);
            let headers = self.headers(method, params, extra);
            let headers: Vec<(&str, &str)> = headers
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            let response = http::post(&self.url, &headers, body.to_string().as_bytes())?;
            let challenge = response.combined_header("www-authenticate");
            match response.status {
                401 => {
                    self.auth
                        .on_unauthorized(&operation, challenge.as_deref())?;
                    continue;
                }
                403 => {
                    self.auth.on_forbidden(&operation, challenge.as_deref())?;
                    continue;
                }
                _ => {}
            }
            if response.status == 400 && self.stateless && !version_retried {
                if let Some(supported) = unsupported_version(&response) {
                    if !supported.iter().any(|v| v == STATELESS) {
                        return Err(Error::protocol(format!(
                            "{method}: the server supports protocol versions {}; this client speaks {STATELESS} here",
                            supported.join(", ")
                        )));
                    }
                    eprintln!("mcp-client: {method}: the server refused the version, and lists {STATELESS}: sending again");
                    STATELESS.clone_into(&mut self.version);
                    version_retried = true;
                    continue;
                }
            }
            if !response.is_success() {
                return Err(match rpc_error(method, &response.body) {
                    Some(error) => error,
                    None => Error::protocol(format!(
                        "{method}: HTTP {}: {}",
                        response.status,
                        response.excerpt()
                    )),
                });
            }
            self.auth.on_success(&operation);
            if method == "initialize" {
                self.mcp_session_id = response.header("mcp-session-id").map(str::to_owned);
            }
            let Some(id) = id else {
                return Ok(None);
            };
            return read_answer(method, id, &response).map(Some);
        }
        Err(Error::protocol(format!(
            "{method}: sent {MAX_SENDS} times without an answer"
        )))
    }

    /// The JSON-RPC message: stateless, with the `_meta` of SEP-2575.
    fn envelope(&self, method: &str, params: &Value, id: Option<u64>) -> Value {
        let mut params = params.clone();
        if self.stateless {
            if let Some(object) = params.as_object_mut() {
                let meta = object.entry("_meta").or_insert_with(|| json!({}));
                if let Some(meta) = meta.as_object_mut() {
                    meta.insert(
                        "io.modelcontextprotocol/protocolVersion".into(),
                        json!(self.version),
                    );
                    meta.insert(
                        "io.modelcontextprotocol/clientCapabilities".into(),
                        json!({}),
                    );
                    meta.insert("io.modelcontextprotocol/clientInfo".into(), client_info());
                }
            }
        }
        let mut message = json!({ "jsonrpc": "2.0", "method": method, "params": params });
        if let Some(id) = id {
            message["id"] = json!(id);
        }
        message
    }

    fn headers(
        &self,
        method: &str,
        params: &Value,
        extra: &[(String, String)],
    ) -> Vec<(String, String)> {
        let mut fields = vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            // Both, or a Streamable HTTP server answers 406.
            (
                "Accept".to_owned(),
                "application/json, text/event-stream".to_owned(),
            ),
        ];
        if self.stateless || self.initialized {
            fields.push(("MCP-Protocol-Version".to_owned(), self.version.clone()));
        }
        if let Some(session_id) = &self.mcp_session_id {
            fields.push(("Mcp-Session-Id".to_owned(), session_id.clone()));
        }
        if let Some(token) = self.auth.access_token() {
            fields.push(("Authorization".to_owned(), format!("Bearer {token}")));
        }
        if self.stateless {
            fields.push(("Mcp-Method".to_owned(), method.to_owned()));
            let name = match method {
                "tools/call" | "prompts/get" => params.get("name"),
                "resources/read" => params.get("uri"),
                _ => None,
            };
            if let Some(name) = name.and_then(Value::as_str) {
                fields.push(("Mcp-Name".to_owned(), headers::encode_value(name)));
            }
            fields.extend(extra.iter().cloned());
        }
        fields
    }
}

/// The `clientInfo` of `initialize` and of the stateless `_meta`.
fn client_info() -> Value {
    json!({ "name": "mcp-client-example", "version": env!("CARGO_PKG_VERSION") })
}

/// The answer to request `id` in a response: a JSON object (or a batch of
/// them), or an event stream whose events are messages; other messages in
/// the stream (notifications, requests) are passed over.
fn read_answer(method: &str, id: u64, response: &http::Response) -> Result<Value> {
    let text = String::from_utf8_lossy(&response.body);
    let messages: Vec<Value> = if response.media_type() == "text/event-stream" {
        sse::events(&text)
            .iter()
            .filter_map(|data| serde_json::from_str(data).ok())
            .collect()
    } else {
        match serde_json::from_str(&text) {
            Ok(Value::Array(batch)) => batch,
            Ok(message) => vec![message],
            Err(e) => {
                return Err(Error::protocol(format!(
                    "{method}: the answer is not JSON ({e}): {}",
                    response.excerpt()
                )));
            }
        }
    };
    let Some(answer) = messages
        .into_iter()
        .find(|m| m.get("id") == Some(&json!(id)))
    else {
        return Err(Error::protocol(format!(
            "{method}: no answer with id {id} in: {}",
            response.excerpt()
        )));
    };
    if let Some(error) = rpc_error_of(method, &answer) {
        return Err(error);
    }
    match answer.get("result") {
        Some(result) => Ok(result.clone()),
        None => Err(Error::protocol(format!(
            "{method}: an answer with neither result nor error"
        ))),
    }
}

/// A JSON-RPC error in a body, if it holds one.
fn rpc_error(method: &str, body: &[u8]) -> Option<Error> {
    serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|m| rpc_error_of(method, &m))
}

fn rpc_error_of(method: &str, message: &Value) -> Option<Error> {
    let error = message.get("error")?;
    Some(Error::Rpc {
        method: method.to_owned(),
        code: error
            .get("code")
            .and_then(Value::as_i64)
            .unwrap_or_default(),
        // A malformed error is still an error: shown as sent.
        message: error
            .get("message")
            .and_then(Value::as_str)
            .map_or_else(|| error.to_string(), str::to_owned),
    })
}

/// The versions a `-32022` error lists in `data.supported`, if the body is
/// one.
fn unsupported_version(response: &http::Response) -> Option<Vec<String>> {
    let message: Value = serde_json::from_slice(&response.body).ok()?;
    let error = message.get("error")?;
    if error.get("code").and_then(Value::as_i64) != Some(UNSUPPORTED_VERSION) {
        return None;
    }
    let supported = error.get("data")?.get("supported")?.as_array()?;
    Some(
        supported
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
    )
}

/// The responses to a tool call's `inputRequests`, by the same keys.
fn answer_input_requests(tool: &str, requests: Option<&Value>) -> Result<Value> {
    let Some(requests) = requests.and_then(Value::as_object) else {
        return Err(Error::protocol(format!(
            "tools/call {tool}: input_required without inputRequests"
        )));
    };
    let mut responses = Map::new();
    for (key, request) in requests {
        let method = request
            .get("method")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let response = match method {
            "elicitation/create" => {
                let message = request
                    .get("params")
                    .and_then(|p| p.get("message"))
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                eprintln!("mcp-client: {tool} asks: {message:?}; declining (no one to ask)");
                json!({ "action": "decline" })
            }
            "roots/list" => json!({ "roots": [] }),
            other => {
                return Err(Error::protocol(format!(
                    "tools/call {tool}: the server asks for {other:?}, which this client does not offer"
                )));
            }
        };
        responses.insert(key.clone(), response);
    }
    Ok(Value::Object(responses))
}
