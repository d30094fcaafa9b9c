//! The request as a path operation sees it: parts, path parameters, the body read once,
//! and FastAPI's `Request` object for handlers that want the raw request.

use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http::request::Parts;
use http::{HeaderMap, Method, Uri};
use serde_json::Value;

use crate::app::AppState;
use crate::body::{Body, BodyError};
use crate::error::ValidationErrors;
use crate::routing::RouteInfo;

/// The client's address, put in the request extensions by the server.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub SocketAddr);

/// Everything one request carries through extraction. Generated handlers receive it;
/// users get a [`Request`] instead.
pub struct RequestCtx {
    pub(crate) parts: Parts,
    body: Option<Body>,
    bytes: Option<Bytes>,
    json: Option<Result<Value, JsonError>>,
    pub(crate) path_values: Vec<String>,
    pub(crate) route: Arc<RouteInfo>,
    pub(crate) app: Arc<AppState>,
    /// The parsed form, for routes with `#[form]` or `#[file]` parameters.
    pub(crate) form: Option<crate::forms::FormData>,
    /// Exit code of `Yield` dependencies, in setup order.
    pub(crate) exits: Vec<crate::depends::ExitFn>,
    /// The OAuth2 scopes required by the dependants of the dependency being resolved.
    pub(crate) scopes: Vec<&'static str>,
    /// Values of the dependencies resolved so far (FastAPI's per-request cache).
    pub(crate) dependency_cache: Vec<(std::any::TypeId, Box<dyn std::any::Any + Send + Sync>)>,
}

/// A JSON syntax error located as Python's `json` module reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonError {
    /// Character offset of the error.
    pub pos: usize,
    /// Python's message, e.g. `Expecting value`.
    pub msg: String,
}

impl RequestCtx {
    pub(crate) fn new(
        parts: Parts,
        body: Body,
        path_values: Vec<String>,
        route: Arc<RouteInfo>,
        app: Arc<AppState>,
    ) -> Self {
        RequestCtx {
            parts,
            body: Some(body),
            bytes: None,
            json: None,
            path_values,
            route,
            app,
            dependency_cache: Vec::new(),
            scopes: Vec::new(),
            exits: Vec::new(),
            form: None,
        }
    }

    /// The request method.
    pub fn method(&self) -> &Method {
        &self.parts.method
    }

    /// The request URI.
    pub fn uri(&self) -> &Uri {
        &self.parts.uri
    }

    /// The request headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.parts.headers
    }

    /// The route this request matched.
    pub fn route(&self) -> &RouteInfo {
        &self.route
    }

    /// The decoded value of the `i`-th path parameter of the template.
    pub fn path_value(&self, i: usize) -> Option<&str> {
        self.path_values.get(i).map(String::as_str)
    }

    /// The raw query string (without `?`), empty when absent.
    pub fn query_str(&self) -> &str {
        self.parts.uri.query().unwrap_or("")
    }

    /// Takes the body stream (for a streaming parser); the body is then empty.
    pub(crate) fn take_body(&mut self) -> Body {
        self.body.take().unwrap_or_default()
    }

    /// Reads what the route's parameters need before extraction: the form (parsed once),
    /// or the whole body. `Err` is the response for a body that cannot be read.
    pub async fn prepare_body(&mut self) -> Result<(), crate::response::HttpResponse> {
        if self.route.reads_form {
            // Boxed: the multipart parser's state stays out of every handler's future.
            let form = Box::pin(crate::forms::parse(self)).await?;
            self.form = Some(form);
        } else if self.route.reads_body {
            self.read_body().await.map_err(|e| crate::exceptions::body_error_response(&e))?;
        }
        Ok(())
    }

    /// Reads the whole body once (within the app's size limit) and keeps it.
    pub async fn read_body(&mut self) -> Result<&Bytes, BodyError> {
        if self.bytes.is_none() {
            let body = self.body.take().unwrap_or_default();
            let bytes = body.collect_limited(self.app.body_limit).await?;
            self.bytes = Some(bytes);
        }
        Ok(self.bytes.get_or_insert_with(Bytes::new))
    }

    /// The body read by [`read_body`](Self::read_body) (empty if it was not read).
    pub fn body_bytes(&self) -> &[u8] {
        self.bytes.as_deref().unwrap_or(&[])
    }

    /// The body parsed as JSON, parsed once. Call [`read_body`](Self::read_body) first.
    pub fn body_json(&mut self) -> &Result<Value, JsonError> {
        if self.json.is_none() {
            let parsed = serde_json::from_slice::<Value>(self.body_bytes())
                .map_err(|e| python_json_error(self.body_bytes(), &e));
            self.json = Some(parsed);
        }
        self.json.get_or_insert_with(|| Ok(Value::Null))
    }

    /// FastAPI's rule for reading a body as JSON: `application/json` or any
    /// `application/*+json`; no content type only when the app is not strict.
    pub fn is_json_content(&self) -> bool {
        match self.parts.headers.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) {
            None => !self.app.strict_content_type,
            Some(ct) => {
                let essence = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
                match essence.split_once('/') {
                    Some(("application", sub)) => sub == "json" || sub.ends_with("+json"),
                    _ => false,
                }
            }
        }
    }

    /// Answers a validation failure with the app's handler (FastAPI's 422 by default).
    pub fn validation_error(&self, errors: ValidationErrors) -> crate::response::HttpResponse {
        self.app.exception_handlers.validation(self, errors)
    }

    /// True when `Yield` dependencies registered exit code for this request.
    pub fn has_exits(&self) -> bool {
        !self.exits.is_empty()
    }

    /// Answers an `HttpException` with the app's handler.
    pub fn http_exception(&self, e: crate::error::HttpException) -> crate::response::HttpResponse {
        self.app.exception_handlers.http_exception(self, e)
    }

    /// The scopes required by the dependants of the running dependency
    /// (FastAPI's `SecurityScopes`).
    pub fn security_scopes(&self) -> crate::security::SecurityScopes {
        crate::security::SecurityScopes::from_stack(&self.scopes)
    }

    /// The body as text (lossy UTF-8), for exception handlers that echo it.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(self.body_bytes()).into_owned()
    }

    /// A snapshot of this request for a handler that takes a [`Request`].
    pub fn to_request(&self) -> Request {
        Request {
            method: self.parts.method.clone(),
            uri: self.parts.uri.clone(),
            headers: self.parts.headers.clone(),
            client: self.parts.extensions.get::<ClientAddr>().map(|c| c.0),
            body: self.bytes.clone().unwrap_or_default(),
            path_values: self.path_values.clone(),
        }
    }
}

/// Maps a serde_json syntax error to what Python's `json.loads` would say, which is what
/// FastAPI puts in a `json_invalid` error: the message and the character offset.
pub fn python_json_error(input: &[u8], e: &serde_json::Error) -> JsonError {
    let text = String::from_utf8_lossy(input);
    let (line, col) = (e.line(), e.column());
    // serde_json columns are 1-based byte columns on the failing line.
    let mut offset_bytes = 0usize;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 == line {
            offset_bytes += col.saturating_sub(1).min(l.len());
            break;
        }
        offset_bytes += l.len() + 1;
    }
    let offset_bytes = offset_bytes.min(text.len());
    let mut pos = text.char_indices().take_while(|(i, _)| *i < offset_bytes).count();
    let s = e.to_string();
    let msg = if s.starts_with("key must be a string") {
        "Expecting property name enclosed in double quotes"
    } else if s.starts_with("expected `:`") {
        "Expecting ':' delimiter"
    } else if s.starts_with("expected `,` or `}`") || s.starts_with("expected `,` or `]`") {
        "Expecting ',' delimiter"
    } else if s.starts_with("trailing characters") {
        "Extra data"
    } else if s.starts_with("invalid escape") {
        "Invalid \\escape"
    } else if s.starts_with("control character") {
        "Invalid control character at"
    } else if s.starts_with("EOF while parsing a string") {
        "Unterminated string starting at"
    } else if s.starts_with("trailing comma") {
        "Illegal trailing comma before end of object"
    } else {
        "Expecting value"
    };
    if msg == "Expecting value" && s.starts_with("EOF") {
        pos = text.chars().count();
    }
    JsonError { pos, msg: msg.to_owned() }
}

/// FastAPI's `Request`: the raw request, for handlers that need more than parameters.
///
/// Take it as a parameter of type `Request`; it does not appear in the OpenAPI document.
#[derive(Debug, Clone)]
pub struct Request {
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    client: Option<SocketAddr>,
    body: Bytes,
    path_values: Vec<String>,
}

impl Request {
    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }
    /// The URI as received (path and query).
    pub fn uri(&self) -> &Uri {
        &self.uri
    }
    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
    /// The client's address, when served over a socket.
    pub fn client(&self) -> Option<SocketAddr> {
        self.client
    }
    /// The body, when the route read it.
    pub fn body(&self) -> &Bytes {
        &self.body
    }
    /// The decoded path parameters, in template order.
    pub fn path_params(&self) -> &[String] {
        &self.path_values
    }
    /// The full URL (`http://host/path?query`), built from the `host` header.
    pub fn url(&self) -> String {
        let host = self.headers.get(http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
        let pq = self.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
        format!("http://{host}{pq}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(s: &str) -> JsonError {
        let e = serde_json::from_str::<Value>(s).unwrap_err();
        python_json_error(s.as_bytes(), &e)
    }

    #[test]
    fn json_errors_read_like_python() {
        assert_eq!(
            err("{some broken json}"),
            JsonError { pos: 1, msg: "Expecting property name enclosed in double quotes".into() }
        );
        assert_eq!(err("{\"a\" 1}").msg, "Expecting ':' delimiter");
        assert_eq!(err("[1 2]").msg, "Expecting ',' delimiter");
        assert_eq!(err("nope").msg, "Expecting value");
        assert_eq!(err("{} x").msg, "Extra data");
    }
}
