//! Responses: what a path operation sends back.
//!
//! By default the data a handler returns is encoded as JSON with the route's status code.
//! A handler may instead return any response type here — [`Response`], [`JsonResponse`],
//! [`HtmlResponse`], [`PlainTextResponse`], [`RedirectResponse`] — and it is sent as it
//! is, exactly as FastAPI does with a returned `Response`.

use bytes::Bytes;
use http::header::{CONTENT_TYPE, LOCATION};
use http::{HeaderName, HeaderValue, StatusCode};
use serde::Serialize;
use serde_json::Value;

use crate::body::Body;
use crate::error::HttpException;
use crate::openapi::SchemaGenerator;

/// The `http` response type brisk's services produce.
pub type HttpResponse = http::Response<Body>;

/// How a route renders the plain data its handler returns (FastAPI's `response_class`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ResponseClass {
    /// JSON, `application/json` (FastAPI's default `JSONResponse`).
    #[default]
    Json,
    /// HTML text, `text/html; charset=utf-8` (`HTMLResponse`).
    Html,
    /// Plain text, `text/plain; charset=utf-8` (`PlainTextResponse`).
    PlainText,
}

impl ResponseClass {
    /// The media type documented in OpenAPI.
    pub fn media_type(self) -> &'static str {
        match self {
            ResponseClass::Json => "application/json",
            ResponseClass::Html => "text/html",
            ResponseClass::PlainText => "text/plain",
        }
    }

    /// The `content-type` header sent.
    pub fn content_type(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            ResponseClass::Json => "application/json",
            ResponseClass::Html => "text/html; charset=utf-8",
            ResponseClass::PlainText => "text/plain; charset=utf-8",
        })
    }
}

/// What a route contributes to the responses built from returned data.
#[derive(Debug, Clone, Copy)]
pub struct ResponseDefaults {
    /// The status code of a successful response (`status_code=` in FastAPI).
    pub status: StatusCode,
    /// How returned data is rendered.
    pub class: ResponseClass,
}

impl Default for ResponseDefaults {
    fn default() -> Self {
        ResponseDefaults { status: StatusCode::OK, class: ResponseClass::Json }
    }
}

impl ResponseDefaults {
    /// Builds the response for data already serialized to JSON bytes (or text for the
    /// HTML and plain-text classes).
    pub fn render_json(&self, json: Vec<u8>) -> HttpResponse {
        let mut res = http::Response::new(Body::from(json));
        *res.status_mut() = self.status;
        res.headers_mut().insert(CONTENT_TYPE, self.class.content_type());
        res
    }

    /// Renders returned data: JSON for the JSON class; for the text classes a string is
    /// sent as it is and other data as its JSON text.
    pub fn render<T: Serialize + ?Sized>(&self, value: &T) -> HttpResponse {
        match serde_json::to_vec(value) {
            Ok(bytes) => {
                if self.class != ResponseClass::Json {
                    if let Ok(Value::String(s)) = serde_json::from_slice::<Value>(&bytes) {
                        return self.render_json(s.into_bytes());
                    }
                }
                self.render_json(bytes)
            }
            Err(e) => internal_error(&e.to_string()),
        }
    }
}

/// A 500 response for a failure that is the server's fault (logged).
pub fn internal_error(reason: &str) -> HttpResponse {
    tracing::error!("internal server error: {reason}");
    let mut res = http::Response::new(Body::from("Internal Server Error"));
    *res.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    res
}

/// What a path operation may return.
///
/// Response types ignore the route's defaults and are sent as they are; plain data (models,
/// strings, numbers, `serde_json::Value`, vectors, maps) is rendered with the route's status
/// code and response class.
pub trait IntoResponse {
    /// Builds the HTTP response.
    fn into_response(self, defaults: &ResponseDefaults) -> HttpResponse;

    /// The JSON Schema documented for the success response, or `None` for "any" (`{}`).
    fn response_schema(_gen: &mut SchemaGenerator) -> Option<Value> {
        None
    }

    /// Extra documented responses (status code, description, schema) this type can produce,
    /// e.g. the error half of a `Result`.
    fn extra_responses(_gen: &mut SchemaGenerator) -> Vec<(u16, String, Option<Value>)> {
        Vec::new()
    }
}

impl IntoResponse for HttpResponse {
    fn into_response(self, _: &ResponseDefaults) -> HttpResponse {
        self
    }
}

impl<T: IntoResponse, E: IntoResponse> IntoResponse for Result<T, E> {
    fn into_response(self, d: &ResponseDefaults) -> HttpResponse {
        match self {
            Ok(t) => t.into_response(d),
            Err(e) => e.into_response(d),
        }
    }
    fn response_schema(schemas: &mut SchemaGenerator) -> Option<Value> {
        T::response_schema(schemas)
    }
    fn extra_responses(schemas: &mut SchemaGenerator) -> Vec<(u16, String, Option<Value>)> {
        let mut v = T::extra_responses(schemas);
        v.extend(E::extra_responses(schemas));
        v
    }
}

impl IntoResponse for HttpException {
    fn into_response(self, _: &ResponseDefaults) -> HttpResponse {
        crate::exceptions::http_exception_response(&self)
    }
}

macro_rules! data_response {
    ($($t:ty),*) => {$(
        impl IntoResponse for $t {
            fn into_response(self, d: &ResponseDefaults) -> HttpResponse {
                d.render(&self)
            }
            fn response_schema(schemas: &mut SchemaGenerator) -> Option<Value> {
                Some(<$t as crate::model::JsonSchema>::json_schema(schemas))
            }
        }
    )*};
}
data_response!(bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, crate::types::DateTime);

impl IntoResponse for String {
    fn into_response(self, d: &ResponseDefaults) -> HttpResponse {
        match d.class {
            ResponseClass::Json => d.render(&self),
            _ => d.render_json(self.into_bytes()),
        }
    }
    fn response_schema(_: &mut SchemaGenerator) -> Option<Value> {
        Some(serde_json::json!({"type": "string"}))
    }
}

impl IntoResponse for &'static str {
    fn into_response(self, d: &ResponseDefaults) -> HttpResponse {
        match d.class {
            ResponseClass::Json => d.render(self),
            // Text is sent as it is: no copy of a static string.
            _ => {
                let mut res = http::Response::new(Body::from(self));
                *res.status_mut() = d.status;
                res.headers_mut().insert(CONTENT_TYPE, d.class.content_type());
                res
            }
        }
    }
    fn response_schema(schemas: &mut SchemaGenerator) -> Option<Value> {
        String::response_schema(schemas)
    }
}

impl IntoResponse for Value {
    fn into_response(self, d: &ResponseDefaults) -> HttpResponse {
        d.render(&self)
    }
}

impl IntoResponse for () {
    fn into_response(self, d: &ResponseDefaults) -> HttpResponse {
        d.render_json(b"null".to_vec())
    }
}

impl<T: Serialize + crate::model::JsonSchema> IntoResponse for Option<T> {
    fn into_response(self, d: &ResponseDefaults) -> HttpResponse {
        d.render(&self)
    }
    fn response_schema(schemas: &mut SchemaGenerator) -> Option<Value> {
        Some(<Option<T> as crate::model::JsonSchema>::json_schema(schemas))
    }
}

impl<T: Serialize + crate::model::JsonSchema> IntoResponse for Vec<T> {
    fn into_response(self, d: &ResponseDefaults) -> HttpResponse {
        d.render(&self)
    }
    fn response_schema(schemas: &mut SchemaGenerator) -> Option<Value> {
        Some(<Vec<T> as crate::model::JsonSchema>::json_schema(schemas))
    }
}

impl<K, V, S> IntoResponse for std::collections::HashMap<K, V, S>
where
    K: Serialize + Eq + std::hash::Hash,
    V: Serialize + crate::model::JsonSchema,
    S: std::hash::BuildHasher,
{
    fn into_response(self, d: &ResponseDefaults) -> HttpResponse {
        d.render(&self)
    }
    fn response_schema(schemas: &mut SchemaGenerator) -> Option<Value> {
        Some(serde_json::json!({"type": "object", "additionalProperties": V::json_schema(schemas)}))
    }
}

/// Plain data of any `Serialize` type, rendered like returned data but documented as "any".
///
/// Use it to return a type that does not derive `Model`.
#[derive(Debug, Clone)]
pub struct Json<T>(pub T);

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self, d: &ResponseDefaults) -> HttpResponse {
        d.render(&self.0)
    }
}

/// A response sent exactly as built: any body, any media type (Starlette's `Response`).
///
/// ```
/// use brisk::Response;
/// let xml = Response::new("<shampoo/>").media_type("application/xml");
/// assert_eq!(xml.headers()["content-type"], "application/xml");
/// ```
#[derive(Debug)]
pub struct Response {
    inner: HttpResponse,
}

impl Response {
    /// A 200 response with this content and no content type.
    pub fn new(content: impl Into<Body>) -> Self {
        Response { inner: http::Response::new(content.into()) }
    }

    /// Sets the media type; `text/*` types get `; charset=utf-8` as in Starlette.
    pub fn media_type(mut self, media_type: &str) -> Self {
        let value = if media_type.starts_with("text/") && !media_type.contains("charset") {
            HeaderValue::from_str(&format!("{media_type}; charset=utf-8"))
        } else {
            HeaderValue::from_str(media_type)
        };
        if let Ok(v) = value {
            self.inner.headers_mut().insert(CONTENT_TYPE, v);
        }
        self
    }

    /// Sets the status code (an invalid code is ignored).
    pub fn status(mut self, status: u16) -> Self {
        if let Ok(s) = StatusCode::from_u16(status) {
            *self.inner.status_mut() = s;
        }
        self
    }

    /// Appends a header (invalid names or values are ignored).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let (Ok(n), Ok(v)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
            self.inner.headers_mut().append(n, v);
        }
        self
    }

    /// The headers set so far.
    pub fn headers(&self) -> &http::HeaderMap {
        self.inner.headers()
    }

    /// Mutable access to the headers.
    pub fn headers_mut(&mut self) -> &mut http::HeaderMap {
        self.inner.headers_mut()
    }

    /// The status code.
    pub fn status_code(&self) -> StatusCode {
        self.inner.status()
    }

    /// The `http::Response` this wraps.
    pub fn into_http(self) -> HttpResponse {
        self.inner
    }
}

impl From<Response> for HttpResponse {
    fn from(r: Response) -> Self {
        r.inner
    }
}

impl IntoResponse for Response {
    fn into_response(self, _: &ResponseDefaults) -> HttpResponse {
        self.inner
    }
}

macro_rules! text_response {
    ($(#[$doc:meta])* $name:ident, $ct:expr) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name(Response);

        impl $name {
            /// A 200 response with this content.
            pub fn new(content: impl Into<Body>) -> Self {
                let mut r = Response::new(content);
                r.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static($ct));
                $name(r)
            }
            /// Sets the status code.
            pub fn status(self, status: u16) -> Self {
                $name(self.0.status(status))
            }
            /// Appends a header.
            pub fn header(self, name: &str, value: &str) -> Self {
                $name(self.0.header(name, value))
            }
            /// The headers set so far.
            pub fn headers(&self) -> &http::HeaderMap {
                self.0.headers()
            }
        }

        impl IntoResponse for $name {
            fn into_response(self, _: &ResponseDefaults) -> HttpResponse {
                self.0.inner
            }
        }

        impl From<$name> for Response {
            fn from(r: $name) -> Response {
                r.0
            }
        }
    };
}

text_response!(
    /// An HTML page, `text/html; charset=utf-8` (FastAPI's `HTMLResponse`).
    HtmlResponse,
    "text/html; charset=utf-8"
);
text_response!(
    /// Plain text, `text/plain; charset=utf-8` (FastAPI's `PlainTextResponse`).
    PlainTextResponse,
    "text/plain; charset=utf-8"
);

/// A JSON response returned directly, with its own status and headers.
///
/// Unlike FastAPI's `JSONResponse`, a typed `JsonResponse<T>` keeps `T`'s schema in the
/// OpenAPI document, so returning a response directly no longer loses the docs.
///
/// ```
/// use brisk::JsonResponse;
/// let r = JsonResponse::new(serde_json::json!({"ok": true})).status(201);
/// assert_eq!(r.status_code().as_u16(), 201);
/// ```
#[derive(Debug)]
pub struct JsonResponse<T = Value> {
    content: T,
    status: StatusCode,
    headers: http::HeaderMap,
}

impl<T> JsonResponse<T> {
    /// A 200 JSON response with this content.
    pub fn new(content: T) -> Self {
        JsonResponse { content, status: StatusCode::OK, headers: http::HeaderMap::new() }
    }

    /// Sets the status code (an invalid code is ignored).
    pub fn status(mut self, status: u16) -> Self {
        if let Ok(s) = StatusCode::from_u16(status) {
            self.status = s;
        }
        self
    }

    /// Appends a header (invalid names or values are ignored).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let (Ok(n), Ok(v)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
            self.headers.append(n, v);
        }
        self
    }

    /// The status code.
    pub fn status_code(&self) -> StatusCode {
        self.status
    }

    /// The content.
    pub fn content(&self) -> &T {
        &self.content
    }
}

impl<T: Serialize + crate::model::JsonSchema> IntoResponse for JsonResponse<T> {
    fn into_response(self, _: &ResponseDefaults) -> HttpResponse {
        let bytes = match serde_json::to_vec(&self.content) {
            Ok(b) => b,
            Err(e) => return internal_error(&e.to_string()),
        };
        let mut res = http::Response::new(Body::from(bytes));
        *res.status_mut() = self.status;
        *res.headers_mut() = self.headers;
        res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        res
    }
    fn response_schema(schemas: &mut SchemaGenerator) -> Option<Value> {
        Some(T::json_schema(schemas))
    }
}

/// A redirect, 307 by default (FastAPI's `RedirectResponse`).
#[derive(Debug)]
pub struct RedirectResponse(Response);

impl RedirectResponse {
    /// A 307 redirect to `url`.
    pub fn new(url: &str) -> Self {
        let mut r = Response::new(Bytes::new()).status(307);
        match HeaderValue::from_str(url) {
            Ok(v) => {
                r.headers_mut().insert(LOCATION, v);
            }
            Err(_) => r = r.status(500),
        }
        RedirectResponse(r)
    }

    /// Uses another redirect status (301, 302, 303, 308).
    pub fn status(self, status: u16) -> Self {
        RedirectResponse(self.0.status(status))
    }
}

impl From<RedirectResponse> for Response {
    fn from(r: RedirectResponse) -> Response {
        r.0
    }
}

impl<T: Serialize + crate::model::JsonSchema> From<JsonResponse<T>> for Response {
    /// Any response type is a `Response`, as in Starlette: so one handler can return
    /// several kinds.
    fn from(r: JsonResponse<T>) -> Response {
        Response { inner: r.into_response(&ResponseDefaults::default()) }
    }
}

impl IntoResponse for RedirectResponse {
    fn into_response(self, _: &ResponseDefaults) -> HttpResponse {
        self.0.inner
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(r: &HttpResponse) -> &[u8] {
        r.body().as_bytes().unwrap()
    }

    #[test]
    fn data_uses_route_defaults() {
        let d = ResponseDefaults { status: StatusCode::CREATED, class: ResponseClass::Json };
        let r = serde_json::json!({"a": 1.0}).into_response(&d);
        assert_eq!(r.status(), 201);
        assert_eq!(text(&r), br#"{"a":1.0}"#);
        let html = ResponseDefaults { status: StatusCode::OK, class: ResponseClass::Html };
        let r = "<h1>x</h1>".into_response(&html);
        assert_eq!(r.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
        assert_eq!(text(&r), b"<h1>x</h1>");
    }

    #[test]
    fn direct_responses_ignore_defaults() {
        let d = ResponseDefaults { status: StatusCode::CREATED, class: ResponseClass::Html };
        let r = Response::new("<a/>").media_type("application/xml").into_response(&d);
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()[CONTENT_TYPE], "application/xml");
        let r = Response::new("x").media_type("text/csv").into_response(&d);
        assert_eq!(r.headers()[CONTENT_TYPE], "text/csv; charset=utf-8");
        let r = RedirectResponse::new("https://typer.tiangolo.com").into_response(&d);
        assert_eq!(r.status(), 307);
        assert_eq!(r.headers()[LOCATION], "https://typer.tiangolo.com");
        assert_eq!(text(&r), b"");
        let r = JsonResponse::new(serde_json::json!([1])).status(202).header("x-a", "b").into_response(&d);
        assert_eq!((r.status().as_u16(), &r.headers()["x-a"]), (202, &HeaderValue::from_static("b")));
    }
}
