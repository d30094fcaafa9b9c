//! Responses: what a path operation sends back.
//!
//! By default the data a handler returns is encoded as JSON with the route's status code.
//! A handler may instead return any response type here — [`Response`], [`JsonResponse`],
//! [`HtmlResponse`], [`PlainTextResponse`], [`RedirectResponse`] — and it is sent as it
//! is, exactly as FastAPI does with a returned `Response`.

use http::header::CONTENT_TYPE;
use http::{HeaderValue, StatusCode};
use serde::Serialize;
use serde_json::Value;

mod cookie;
mod file;
mod stream;
mod types;

pub use cookie::Cookie;

pub use file::FileResponse;
pub use stream::StreamingResponse;
pub use types::{HtmlResponse, JsonResponse, PlainTextResponse, RedirectResponse, Response};

use crate::body::Body;
use crate::error::HttpException;
use crate::openapi::SchemaGenerator;
use crate::request::RequestCtx;

/// The `http` response type brisk's services produce.
pub type HttpResponse = http::Response<Body>;

/// How a route renders the plain data its handler returns (FastAPI's `response_class`).
#[derive(Debug, Clone, Copy, Default)]
pub enum ResponseClass {
    /// JSON, `application/json` (FastAPI's default `JSONResponse`).
    #[default]
    Json,
    /// HTML text, `text/html; charset=utf-8` (`HTMLResponse`).
    Html,
    /// Plain text, `text/plain; charset=utf-8` (`PlainTextResponse`).
    PlainText,
    /// A class of your own: its media type and its `render` (a `Response` subclass with
    /// `render()` in Starlette), e.g. indented JSON.
    Custom(&'static CustomClass),
}

impl PartialEq for ResponseClass {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (ResponseClass::Custom(a), ResponseClass::Custom(b)) => std::ptr::eq(*a, *b),
            (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
        }
    }
}

impl Eq for ResponseClass {}

/// A custom response class: declare it as a `static` and name it in `response_class`.
///
/// ```
/// use brisk::response::CustomClass;
/// static INDENTED_JSON: CustomClass = CustomClass {
///     media_type: "application/json",
///     render: |v| serde_json::to_vec_pretty(v).unwrap_or_default(),
/// };
/// assert_eq!((INDENTED_JSON.render)(&serde_json::json!({"a": 1})), b"{\n  \"a\": 1\n}");
/// ```
#[derive(Debug)]
pub struct CustomClass {
    /// The media type, sent as `content-type` (with `; charset=utf-8` for `text/*`).
    pub media_type: &'static str,
    /// Turns returned data (as JSON) into the body.
    pub render: fn(&Value) -> Vec<u8>,
}

impl ResponseClass {
    /// The media type documented in OpenAPI.
    pub fn media_type(self) -> &'static str {
        match self {
            ResponseClass::Json => "application/json",
            ResponseClass::Html => "text/html",
            ResponseClass::PlainText => "text/plain",
            ResponseClass::Custom(c) => c.media_type,
        }
    }

    /// The `content-type` header sent.
    pub fn content_type(self) -> HeaderValue {
        match self {
            ResponseClass::Json => HeaderValue::from_static("application/json"),
            ResponseClass::Html => HeaderValue::from_static("text/html; charset=utf-8"),
            ResponseClass::PlainText => HeaderValue::from_static("text/plain; charset=utf-8"),
            ResponseClass::Custom(c) if c.media_type.starts_with("text/") => {
                HeaderValue::from_str(&format!("{}; charset=utf-8", c.media_type))
                    .unwrap_or(HeaderValue::from_static("text/plain; charset=utf-8"))
            }
            ResponseClass::Custom(c) => {
                HeaderValue::from_str(c.media_type).unwrap_or(HeaderValue::from_static("application/octet-stream"))
            }
        }
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
    /// A response of this route's status and media type with a complete body.
    fn build(&self, body: Body) -> HttpResponse {
        let mut res = http::Response::new(body);
        *res.status_mut() = self.status;
        res.headers_mut().insert(CONTENT_TYPE, self.class.content_type());
        res
    }
}

/// What turning a handler's result into a response may use: the route's defaults, the
/// request (for exception handlers), and the `&mut Response` the handler adjusted.
#[derive(Clone, Copy)]
pub struct RenderCtx<'a> {
    /// The route's status code and response class.
    pub defaults: &'a ResponseDefaults,
    request: Option<&'a RequestCtx>,
    patch: Option<&'a Response>,
}

impl<'a> RenderCtx<'a> {
    /// The context of a request being answered.
    pub fn new(defaults: &'a ResponseDefaults, request: &'a RequestCtx, patch: Option<&'a Response>) -> Self {
        RenderCtx { defaults, request: Some(request), patch }
    }

    /// A context with no request: default exception handlers, no adjustments.
    pub fn detached(defaults: &'a ResponseDefaults) -> Self {
        RenderCtx { defaults, request: None, patch: None }
    }

    /// The request, when there is one.
    pub fn request(&self) -> Option<&'a RequestCtx> {
        self.request
    }

    /// Renders returned data: JSON for the JSON class; for the text classes a string is
    /// sent as it is and other data as its JSON text.
    pub fn render<T: Serialize + ?Sized>(&self, value: &T) -> HttpResponse {
        if let ResponseClass::Custom(c) = self.defaults.class {
            return match serde_json::to_value(value) {
                Ok(v) => self.render_bytes((c.render)(&v)),
                Err(e) => internal_error(&e.to_string()),
            };
        }
        match serde_json::to_vec(value) {
            Ok(bytes) => {
                if self.defaults.class != ResponseClass::Json
                    && let Ok(Value::String(s)) = serde_json::from_slice::<Value>(&bytes)
                {
                    return self.render_bytes(s);
                }
                self.render_bytes(bytes)
            }
            Err(e) => internal_error(&e.to_string()),
        }
    }

    /// Renders data with another status than the route's (a typed response variant).
    pub fn render_status<T: Serialize + ?Sized>(&self, status: u16, value: &T) -> HttpResponse {
        let mut res = self.render(value);
        if let Ok(s) = StatusCode::from_u16(status) {
            *res.status_mut() = s;
        }
        res
    }

    /// An empty response with this status (a typed response variant without a body).
    pub fn empty_status(&self, status: u16) -> HttpResponse {
        let mut res = http::Response::new(Body::empty());
        *res.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
        res
    }

    /// A data response with this body, already rendered in the route's media type.
    pub fn render_bytes(&self, body: impl Into<Body>) -> HttpResponse {
        let mut res = self.defaults.build(body.into());
        if let Some(p) = self.patch {
            // FastAPI copies the injected response's status and headers onto the result.
            if p.status_set() {
                *res.status_mut() = p.status_code();
            }
            for (k, v) in p.headers() {
                res.headers_mut().append(k.clone(), v.clone());
            }
        }
        res
    }

    /// Answers an `HttpException` with the app's handler (FastAPI's default unless replaced).
    pub fn http_exception(&self, e: HttpException) -> HttpResponse {
        match self.request {
            Some(req) => req.app.exception_handlers.http_exception(req, e),
            None => crate::exceptions::http_exception_response(&e),
        }
    }

    /// Answers a boxed error with the handler registered for its dynamic type, or a 500.
    pub fn exception_boxed(&self, e: Box<dyn std::any::Any + Send>) -> HttpResponse {
        match self.request {
            Some(req) => req.app.exception_handlers.custom_boxed(req, e),
            None => internal_error("an error with no handler"),
        }
    }

    /// Answers a custom error with the handler registered for its type
    /// (`App::exception_handler`), or a 500 when there is none.
    pub fn exception<E: std::any::Any + Send>(&self, e: E) -> HttpResponse {
        match self.request {
            Some(req) => req.app.exception_handlers.custom(req, e),
            None => internal_error(&format!("no handler for {}", std::any::type_name::<E>())),
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
    fn into_response(self, cx: &RenderCtx<'_>) -> HttpResponse;

    /// The JSON Schema documented for the success response, or `None` for "any" (`{}`).
    fn response_schema(_gen: &mut SchemaGenerator) -> Option<Value> {
        None
    }

    /// True when the type documents every status it can answer (through
    /// [`extra_responses`](Self::extra_responses)), so the route's default status is not
    /// documented on its own: `#[derive(ApiResponse)]` enums.
    fn documents_statuses() -> bool {
        false
    }

    /// The response on its own, outside a route (in an exception handler, say): data is
    /// rendered as JSON with status 200.
    fn into_http_response(self) -> HttpResponse
    where
        Self: Sized,
    {
        self.into_response(&RenderCtx::detached(&ResponseDefaults::default()))
    }

    /// Extra documented responses (status code, description, schema) this type can produce,
    /// e.g. the error half of a `Result`.
    fn extra_responses(_gen: &mut SchemaGenerator) -> Vec<crate::openapi::ResponseDoc> {
        Vec::new()
    }
}

impl IntoResponse for HttpResponse {
    fn into_response(self, _: &RenderCtx<'_>) -> HttpResponse {
        self
    }
}

impl<T: IntoResponse, E: IntoResponse> IntoResponse for Result<T, E> {
    fn into_response(self, d: &RenderCtx<'_>) -> HttpResponse {
        match self {
            Ok(t) => t.into_response(d),
            Err(e) => e.into_response(d),
        }
    }
    fn response_schema(schemas: &mut SchemaGenerator) -> Option<Value> {
        T::response_schema(schemas)
    }
    fn extra_responses(schemas: &mut SchemaGenerator) -> Vec<crate::openapi::ResponseDoc> {
        let mut v = T::extra_responses(schemas);
        v.extend(E::extra_responses(schemas));
        v
    }
    fn documents_statuses() -> bool {
        T::documents_statuses()
    }
}

impl IntoResponse for HttpException {
    fn into_response(self, cx: &RenderCtx<'_>) -> HttpResponse {
        cx.http_exception(self)
    }
}

macro_rules! data_response {
    ($($t:ty),*) => {$(
        impl IntoResponse for $t {
            fn into_response(self, d: &RenderCtx<'_>) -> HttpResponse {
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
    fn into_response(self, d: &RenderCtx<'_>) -> HttpResponse {
        match d.defaults.class {
            ResponseClass::Json => d.render(&self),
            _ => d.render_bytes(self),
        }
    }
    fn response_schema(_: &mut SchemaGenerator) -> Option<Value> {
        Some(serde_json::json!({"type": "string"}))
    }
}

impl IntoResponse for &'static str {
    fn into_response(self, d: &RenderCtx<'_>) -> HttpResponse {
        match d.defaults.class {
            ResponseClass::Json => d.render(self),
            // Text is sent as it is: no copy of a static string.
            _ => d.render_bytes(self),
        }
    }
    fn response_schema(schemas: &mut SchemaGenerator) -> Option<Value> {
        String::response_schema(schemas)
    }
}

impl IntoResponse for Value {
    fn into_response(self, d: &RenderCtx<'_>) -> HttpResponse {
        d.render(&self)
    }
}

impl IntoResponse for () {
    fn into_response(self, d: &RenderCtx<'_>) -> HttpResponse {
        d.render_bytes(&b"null"[..])
    }
}

impl<T: Serialize + crate::model::JsonSchema> IntoResponse for Option<T> {
    fn into_response(self, d: &RenderCtx<'_>) -> HttpResponse {
        d.render(&self)
    }
    fn response_schema(schemas: &mut SchemaGenerator) -> Option<Value> {
        Some(<Option<T> as crate::model::JsonSchema>::json_schema(schemas))
    }
}

impl<T: Serialize + crate::model::JsonSchema> IntoResponse for Vec<T> {
    fn into_response(self, d: &RenderCtx<'_>) -> HttpResponse {
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
    fn into_response(self, d: &RenderCtx<'_>) -> HttpResponse {
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

impl<T: Serialize> Serialize for Json<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self, d: &RenderCtx<'_>) -> HttpResponse {
        d.render(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use http::header::LOCATION;

    fn text(r: &HttpResponse) -> &[u8] {
        r.body().as_bytes().unwrap()
    }

    #[test]
    fn data_uses_route_defaults() {
        let d = ResponseDefaults { status: StatusCode::CREATED, class: ResponseClass::Json };
        let d = RenderCtx::detached(&d);
        let r = serde_json::json!({"a": 1.0}).into_response(&d);
        assert_eq!(r.status(), 201);
        assert_eq!(text(&r), br#"{"a":1.0}"#);
        let html = ResponseDefaults { status: StatusCode::OK, class: ResponseClass::Html };
        let r = "<h1>x</h1>".into_response(&RenderCtx::detached(&html));
        assert_eq!(r.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
        assert_eq!(text(&r), b"<h1>x</h1>");
    }

    #[test]
    fn direct_responses_ignore_defaults() {
        let d = ResponseDefaults { status: StatusCode::CREATED, class: ResponseClass::Html };
        let d = RenderCtx::detached(&d);
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
