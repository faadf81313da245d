//! [`MetadataService`]: a tower service that serves a protected resource
//! metadata document at its well-known path (RFC 9728 §3).

use alloc::string::String;
use alloc::sync::Arc;
use core::convert::Infallible;
use core::future::{ready, Ready};
use core::task::{Context, Poll};

use http::header::{HeaderValue, ALLOW, CONTENT_LENGTH, CONTENT_TYPE};
use http::{Method, Request, Response, StatusCode};

use crate::metadata::ProtectedResourceMetadata;

/// Serves a [`ProtectedResourceMetadata`] document at its
/// [`well_known_path`](ProtectedResourceMetadata::well_known_path) (RFC
/// 9728 §3; features `tower` and `serde`):
///
/// | the request | the answer |
/// | --- | --- |
/// | `GET` on the path | `200`, `Content-Type: application/json` and the document (§3.2) |
/// | `HEAD` on the path | the same status and headers, `Content-Length` included, and no body |
/// | another method on the path | `405`, `Allow: GET, HEAD` |
/// | another path | `404` |
///
/// The path is compared exactly with the request's, the query ignored.
/// The document is written once, when the service is built; cloning the
/// service is a reference count. Its error is `Infallible`, so it mounts
/// on an axum router as it is (`Router::route_service`), or answers a
/// hyper connection directly (`String` is an `http_body::Body`).
///
/// # Cost
///
/// A `GET` copies the document into the response body (a few hundred
/// bytes); the other answers allocate only their response.
///
/// # Examples
///
/// ```
/// use axum::Router;
/// use http::{Request, StatusCode};
/// use oauth_scope::tower::MetadataService;
/// use oauth_scope::{ProtectedResourceMetadata, ScopeSet};
/// use tower_service::Service;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> oauth_scope::Result<()> {
/// let metadata = ProtectedResourceMetadata::new("https://api.example/mcp")?
///     .with_authorization_server("https://auth.example")?
///     .with_scopes_supported(&ScopeSet::parse("mcp:tools")?);
/// let service = MetadataService::new(&metadata);
/// let mut app: Router = Router::new().route_service(service.path(), service.clone());
///
/// let request = Request::get("/.well-known/oauth-protected-resource/mcp")
///     .body(axum::body::Body::empty())
///     .unwrap();
/// let response = app.call(request).await?;
/// assert_eq!(response.status(), StatusCode::OK);
/// assert_eq!(response.headers()["content-type"], "application/json");
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct MetadataService {
    served: Arc<Served>,
}

/// What every request is answered from.
#[derive(Debug)]
struct Served {
    path: String,
    json: String,
    length: HeaderValue,
}

impl MetadataService {
    /// A service that serves `metadata`, written as JSON now.
    ///
    /// # Panics
    ///
    /// Never: a document's members are strings, arrays, booleans and JSON
    /// values, which `serde_json` always writes.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::tower::MetadataService;
    /// use oauth_scope::ProtectedResourceMetadata;
    ///
    /// let service = MetadataService::new(&ProtectedResourceMetadata::new("https://api.example")?);
    /// assert_eq!(service.path(), "/.well-known/oauth-protected-resource");
    /// # Ok::<(), oauth_scope::MetadataError>(())
    /// ```
    pub fn new(metadata: &ProtectedResourceMetadata) -> Self {
        let json = serde_json::to_string(metadata).expect(
            "a metadata document is an object with string keys whose values are strings, \
             arrays, booleans and JSON values: serde_json writes it",
        );
        Self {
            served: Arc::new(Served {
                path: metadata.well_known_path(),
                length: HeaderValue::from(json.len()),
                json,
            }),
        }
    }

    /// The path the document is served at, the metadata's
    /// [`well_known_path`](ProtectedResourceMetadata::well_known_path): the
    /// route to mount the service on. A router may give some path
    /// characters a meaning: axum 0.8 refuses, when the route is added, a
    /// segment that starts with `:` or `*` or holds `{` or `}` (route
    /// parameters). For a resource whose path has one, mount the service as
    /// a fallback instead; it answers 404 to every other path.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::tower::MetadataService;
    /// use oauth_scope::ProtectedResourceMetadata;
    ///
    /// let metadata = ProtectedResourceMetadata::new("https://api.example/v1/")?;
    /// assert_eq!(MetadataService::new(&metadata).path(), "/.well-known/oauth-protected-resource/v1/");
    /// # Ok::<(), oauth_scope::MetadataError>(())
    /// ```
    pub fn path(&self) -> &str {
        &self.served.path
    }

    /// The document as served: the JSON text of the body of a `GET`.
    ///
    /// # Examples
    ///
    /// ```
    /// use oauth_scope::tower::MetadataService;
    /// use oauth_scope::ProtectedResourceMetadata;
    ///
    /// let metadata = ProtectedResourceMetadata::new("https://api.example")?;
    /// assert_eq!(MetadataService::new(&metadata).json(), r#"{"resource":"https://api.example"}"#);
    /// # Ok::<(), oauth_scope::MetadataError>(())
    /// ```
    pub fn json(&self) -> &str {
        &self.served.json
    }
}

impl Served {
    /// The answer to `method` on `path`.
    fn answer(&self, method: &Method, path: &str) -> Response<String> {
        let mut response = Response::new(String::new());
        if path != self.path {
            *response.status_mut() = StatusCode::NOT_FOUND;
            return response;
        }
        if method != Method::GET && method != Method::HEAD {
            *response.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
            response
                .headers_mut()
                .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
            return response;
        }
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(CONTENT_LENGTH, self.length.clone());
        if method == Method::GET {
            response.body_mut().push_str(&self.json);
        }
        response
    }
}

impl<B> tower_service::Service<Request<B>> for MetadataService {
    type Response = Response<String>;
    type Error = Infallible;
    type Future = Ready<Result<Response<String>, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        ready(Ok(self
            .served
            .answer(request.method(), request.uri().path())))
    }
}
