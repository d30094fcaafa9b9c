//! Responses: what a path operation sends back.
//!
//! By default the data a handler returns is encoded as JSON with the route's status code.
//! A handler may instead return any response type here — [`Response`], [`JsonResponse`],
//! [`HtmlResponse`], [`PlainTextResponse`], [`RedirectResponse`] — and it is sent as it
//! is, exactly as FastAPI does with a returned `Response`.
//!
//! ```
//! use brisk::prelude::*;
//!
//! #[get("/data")]
//! async fn data() -> Json<Vec<u32>> {
//!     Json(vec![1, 2]) // plain data: encoded as JSON
//! }
//!
//! #[get("/legacy")]
//! async fn legacy() -> Response {
//!     Response::new("<shampoo/>").media_type("application/xml") // sent as built
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let client = TestClient::new(App::new().routes(routes![data, legacy]));
//! assert_eq!(client.get("/data").send().await.text(), "[1,2]");
//! let res = client.get("/legacy").send().await;
//! assert_eq!((res.header("content-type"), res.text().as_str()), (Some("application/xml"), "<shampoo/>"));
//! # }
//! ```

use http::header::CONTENT_TYPE;
use http::{HeaderValue, StatusCode};
use serde::Serialize;
use serde_json::Value;

mod cookie;
pub mod errors;
mod file;
mod jsonl;
mod sse;
mod stream;
mod types;

pub use cookie::Cookie;

pub use file::FileResponse;
pub use jsonl::{JsonLines, StreamItem};
pub use sse::{
    DEFAULT_KEEP_ALIVE, EventData, EventItem, EventSourceResponse, EventStream, InvalidEvent, KEEPALIVE_COMMENT,
    ServerSentEvent,
};
pub use stream::{ByteStream, StreamingResponse};
pub use types::{HtmlResponse, JsonResponse, PlainTextResponse, RedirectResponse, Response};

use crate::body::Body;
use crate::error::HttpException;
use crate::model::SchemaGenerator;

/// The `http` response type brisk's services produce.
///
/// ```
/// use brisk::prelude::*;
/// use brisk::response::HttpResponse;
///
/// async fn add_header(request: Request, call_next: Next) -> HttpResponse {
///     let mut res: HttpResponse = call_next.run(request).await;
///     res.headers_mut().insert("x-served-by", http::HeaderValue::from_static("brisk"));
///     res
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().middleware(add_header));
/// assert_eq!(client.get("/").send().await.header("x-served-by"), Some("brisk"));
/// # }
/// ```
pub type HttpResponse = http::Response<Body>;

pub use crate::operation::{CustomClass, ResponseClass, ResponseContent};

/// What a route contributes to the responses built from returned data.
///
/// ```
/// use brisk::response::{ResponseClass, ResponseDefaults};
///
/// let defaults = ResponseDefaults::default();
/// assert_eq!(defaults.status, http::StatusCode::OK);
/// assert!(matches!(defaults.class, ResponseClass::Json));
/// ```
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
    #[inline]
    fn build(&self, body: Body) -> HttpResponse {
        let mut res = http::Response::new(body);
        *res.status_mut() = self.status;
        res.headers_mut().insert(CONTENT_TYPE, self.class.content_type());
        res
    }
}

/// How a route renders the data its handler returns: the route's status code and
/// response class, the `&mut Response` the handler adjusted, and the request's headers
/// (for byte ranges). Plain data; it holds nothing of the app.
#[derive(Clone, Copy)]
#[doc(hidden)]
pub struct RouteRender<'a> {
    /// The route's status code and response class.
    pub defaults: &'a ResponseDefaults,
    /// The injected response whose status and headers the data response takes.
    pub patch: Option<&'a Response>,
    /// The request's headers, when there is a request.
    pub headers: Option<&'a http::HeaderMap>,
}

static DEFAULTS: ResponseDefaults = ResponseDefaults { status: StatusCode::OK, class: ResponseClass::Json };

impl<'a> RouteRender<'a> {
    /// Rendering with these defaults, no adjustments and no request.
    pub fn new(defaults: &'a ResponseDefaults) -> Self {
        RouteRender { defaults, patch: None, headers: None }
    }

    /// FastAPI's defaults: JSON, status 200.
    pub fn standalone() -> RouteRender<'static> {
        RouteRender { defaults: &DEFAULTS, patch: None, headers: None }
    }

    /// Renders returned data: JSON for the JSON class; for the text classes a string is
    /// sent as it is and other data as its JSON text.
    pub fn render<T: Serialize + ?Sized>(&self, value: &T) -> HttpResponse {
        if matches!(self.defaults.class, ResponseClass::Redirect | ResponseClass::File) {
            return match serde_json::to_value(value) {
                Ok(Value::String(target)) => self.render_target(&target),
                Ok(_) => internal_error("a Redirect or File response class needs a returned URL or path string"),
                Err(e) => internal_error(&e.to_string()),
            };
        }
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

    /// The response a `Redirect` or `File` route builds from a returned URL or path:
    /// the redirect (with the route's status) or the file; then the injected response's
    /// status and headers, as for data.
    pub fn render_target(&self, target: &str) -> HttpResponse {
        let mut res = match self.defaults.class {
            ResponseClass::File => FileResponse::new(target).into_route_response(self),
            _ => {
                let mut res = Response::from(RedirectResponse::new(target)).into_http();
                *res.status_mut() = self.defaults.status;
                res
            }
        };
        if let Some(p) = self.patch {
            if p.status_set() {
                *res.status_mut() = p.status_code();
            }
            for (k, v) in p.headers() {
                res.headers_mut().append(k.clone(), v.clone());
            }
        }
        res
    }

    /// A streamed response (JSON Lines, events, a byte stream) as FastAPI builds one: the
    /// route's status code (or the injected response's), these headers, then the injected
    /// response's headers.
    pub fn render_stream(&self, body: Body, headers: &[(&'static str, &'static str)]) -> HttpResponse {
        let mut res = http::Response::new(body);
        *res.status_mut() = self.defaults.status;
        for (k, v) in headers {
            res.headers_mut().insert(http::HeaderName::from_static(k), HeaderValue::from_static(v));
        }
        if let Some(p) = self.patch {
            if p.status_set() {
                *res.status_mut() = p.status_code();
            }
            for (k, v) in p.headers() {
                res.headers_mut().append(k.clone(), v.clone());
            }
        }
        res
    }

    /// Renders data with another status than the route's (a typed response variant).
    pub fn render_status<T: Serialize + ?Sized>(&self, status: u16, value: &T) -> HttpResponse {
        let mut res = self.render(value);
        if let Ok(s) = StatusCode::from_u16(status) {
            *res.status_mut() = s;
        }
        drop_disallowed_body(&mut res);
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
        drop_disallowed_body(&mut res);
        res
    }
}

/// True when a response of this status may have a body: not 1xx, 204, 205 or 304
/// (FastAPI's `is_body_allowed_for_status_code`).
///
/// ```
/// use brisk::response::body_allowed;
/// assert!(body_allowed(http::StatusCode::OK));
/// assert!(!body_allowed(http::StatusCode::NO_CONTENT) && !body_allowed(http::StatusCode::NOT_MODIFIED));
/// ```
pub fn body_allowed(status: StatusCode) -> bool {
    !(status.is_informational() || matches!(status.as_u16(), 204 | 205 | 304))
}

/// Empties the body of a data response whose status allows none, as FastAPI does after
/// rendering (a `204` route returning `()` sends no `null`); the media type stays, as in
/// FastAPI. (In place: a response moved in and out is copied twice.)
#[inline]
fn drop_disallowed_body(res: &mut HttpResponse) {
    if !body_allowed(res.status()) {
        *res.body_mut() = Body::empty();
    }
}

/// A response model (`response_model = M`): validates and filters returned data, as
/// JSON, and renders it. Implemented by [`ResponseModel`](crate::response_model::ResponseModel).
#[doc(hidden)]
pub trait ModelRender: Sync {
    /// Renders encoded data through the model.
    fn render_value(&self, data: Value, route: &RouteRender<'_>) -> HttpResponse;
}

/// Encodes `data` and renders it through `model`.
#[doc(hidden)]
pub fn render_through<T: Serialize + ?Sized>(
    model: &dyn ModelRender,
    data: &T,
    route: &RouteRender<'_>,
) -> HttpResponse {
    match serde_json::to_value(data) {
        Ok(v) => model.render_value(v, route),
        Err(e) => internal_error(&format!("response data could not be encoded: {e}")),
    }
}

/// An error raised as a response (an `HttpException`, or a type of yours passed to
/// [`raise`]): the pipeline answers it with the app's exception handler for its type.
///
/// ```
/// use brisk::prelude::*;
/// use brisk::response::Raised;
///
/// let mut res = HttpException::new(404, "Item not found").into_response();
/// assert!(Raised::is_marked(&res));
/// let error = Raised::take(&mut res).expect("raised");
/// assert_eq!(error.downcast_ref::<HttpException>().map(|e| e.status().as_u16()), Some(404));
/// ```
pub struct Raised(std::sync::Mutex<Option<Box<dyn std::any::Any + Send>>>);

impl Raised {
    /// Takes the error out of a response that raised one.
    pub fn take(res: &mut HttpResponse) -> Option<Box<dyn std::any::Any + Send>> {
        let raised = res.extensions_mut().remove::<std::sync::Arc<Raised>>()?;
        let mut slot = raised.0.lock().unwrap_or_else(|p| p.into_inner());
        slot.take()
    }

    /// True when `res` raised an error.
    pub fn is_marked(res: &HttpResponse) -> bool {
        res.extensions().get::<std::sync::Arc<Raised>>().is_some()
    }

    /// Marks `res` as the default answer to `error`.
    pub fn mark(mut res: HttpResponse, error: Box<dyn std::any::Any + Send>) -> HttpResponse {
        res.extensions_mut().insert(std::sync::Arc::new(Raised(std::sync::Mutex::new(Some(error)))));
        res
    }
}

impl std::fmt::Debug for Raised {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Raised(..)")
    }
}

/// Takes the error of type `E` out of a response that raised one — a route wrapper
/// catching the route's `ValidationErrors` (FastAPI's `except RequestValidationError`),
/// say. `None`, and the response unchanged, when it raised nothing or something else.
///
/// ```
/// use brisk::prelude::*;
/// use brisk::ValidationErrors;
/// use brisk::response::HttpResponse;
///
/// async fn count_errors(request: Request, call_next: Next) -> HttpResponse {
///     let mut response = call_next.run(request).await;
///     match brisk::response::raised::<ValidationErrors>(&mut response) {
///         Some(errors) => HttpException::new(400, format!("{} errors", errors.len())).into_response(),
///         None => response,
///     }
/// }
///
/// #[get("/items/{id}")]
/// async fn read_item(id: u32) -> u32 {
///     id
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![read_item]).wrap_routes(count_errors));
/// assert_eq!(client.get("/items/1").send().await.status(), 200);
/// let res = client.get("/items/one").send().await;
/// assert_eq!((res.status(), res.json::<serde_json::Value>()["detail"].as_str()), (400, Some("1 errors")));
/// # }
/// ```
///
/// Guide: `guide/src/how-to/custom-request-and-route.md`.
pub fn raised<E: std::any::Any + Send>(res: &mut HttpResponse) -> Option<E> {
    let error = Raised::take(res)?;
    match error.downcast::<E>() {
        Ok(e) => Some(*e),
        Err(other) => {
            let taken = std::mem::take(res);
            *res = Raised::mark(taken, other);
            None
        }
    }
}

/// Raises an error of your own type, as Python's `raise`: the app's handler registered
/// for `E` (`App::exception_handler`) answers it, or a 500 when there is none.
///
/// ```
/// struct Unicorn(String);
/// impl brisk::IntoResponse for Unicorn {
///     fn into_response(self) -> brisk::response::HttpResponse {
///         brisk::response::raise(self)
///     }
/// }
/// ```
pub fn raise<E: std::any::Any + Send>(error: E) -> HttpResponse {
    Raised::mark(plain_500(), Box::new(error))
}

fn plain_500() -> HttpResponse {
    let mut res = http::Response::new(Body::from("Internal Server Error"));
    *res.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    res
}

/// A 500 response for a failure that is the server's fault (logged).
///
/// ```
/// let res = brisk::response::internal_error("the cache is gone");
/// assert_eq!(res.status(), 500);
/// ```
pub fn internal_error(reason: &str) -> HttpResponse {
    tracing::error!("internal server error: {reason}");
    plain_500()
}

/// What a path operation may return, and what can answer a request.
///
/// Response types are sent as they are; plain data (models, strings, numbers,
/// `serde_json::Value`, vectors, maps) is rendered with the route's status code and
/// response class. An error type's response is raised ([`raise`]) so that the app's
/// exception handler for it answers.
///
/// ```
/// use brisk::prelude::*;
/// use brisk::response::HttpResponse;
///
/// /// An error of the app's own, answered by the handler registered for it.
/// struct UnicornError(String);
///
/// impl IntoResponse for UnicornError {
///     fn into_response(self) -> HttpResponse {
///         brisk::raise(self)
///     }
/// }
///
/// #[get("/unicorns/{name}")]
/// async fn read_unicorn(name: String) -> Result<Json<String>, UnicornError> {
///     if name == "yolo" {
///         return Err(UnicornError(name));
///     }
///     Ok(Json(name))
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let app = App::new().routes(routes![read_unicorn]).exception_handler(|_req: &Request, e: UnicornError| {
///     JsonResponse::new(serde_json::json!({"message": format!("Oops! {} did something.", e.0)})).status(418).into_response()
/// });
/// let client = TestClient::new(app);
/// assert_eq!(client.get("/unicorns/yolo").send().await.status(), 418);
/// assert_eq!(client.get("/unicorns/ok").send().await.json::<String>(), "ok");
/// # }
/// ```
///
/// Guide: `guide/src/tutorial/handling-errors.md`, `guide/src/advanced/response-directly.md`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be returned from a path operation",
    label = "not a response",
    note = "derive `Model` for it (`#[derive(Model)]`), wrap it in `Json(..)` (any `Serialize` type), \
            or return a response type (`Response`, `JsonResponse`, `HtmlResponse`, ...)"
)]
pub trait IntoResponse {
    /// The response on its own: data as JSON with status 200, an error as its default
    /// answer (raised, so the app's handler can replace it).
    fn into_response(self) -> HttpResponse;

    /// The response as a route's answer: data takes the route's status code, response
    /// class and injected-response adjustments; response types ignore them.
    fn into_route_response(self, _route: &RouteRender<'_>) -> HttpResponse
    where
        Self: Sized,
    {
        self.into_response()
    }

    /// The response through a response model (`response_model = M`): data is validated
    /// and filtered by the model; response types are sent untouched, as in FastAPI.
    fn into_model_response(self, route: &RouteRender<'_>, _model: &dyn ModelRender) -> HttpResponse
    where
        Self: Sized,
    {
        self.into_route_response(route)
    }

    /// Splits off an error for the exit code of `Yield` dependencies to see: `Err` of a
    /// `Result`. Other types are never errors.
    fn split_error(self) -> Result<Self, Box<dyn std::any::Any + Send>>
    where
        Self: Sized,
    {
        Ok(self)
    }

    /// The value for an error that exit code left (the one it saw, or `Err` when it is
    /// another type, raised in its place).
    fn from_error(error: Box<dyn std::any::Any + Send>) -> Result<Self, Box<dyn std::any::Any + Send>>
    where
        Self: Sized,
    {
        Err(error)
    }

    /// The JSON Schema documented for the success response, or `None` for "any" (`{}`).
    fn response_schema(_gen: &mut SchemaGenerator) -> Option<Value> {
        None
    }

    /// The success response's content when the type documents it itself rather than as
    /// a schema in the route's media type: streams (JSON Lines, events, bytes).
    fn response_content(_schemas: &mut SchemaGenerator) -> Option<ResponseContent> {
        None
    }

    /// True when the type documents every status it can answer (through
    /// [`extra_responses`](Self::extra_responses)), so the route's default status is not
    /// documented on its own: `#[derive(ApiResponse)]` enums.
    fn documents_statuses() -> bool {
        false
    }

    /// Extra documented responses (status code, description, schema) this type can produce,
    /// e.g. the error half of a `Result`.
    fn extra_responses(_gen: &mut SchemaGenerator) -> Vec<crate::operation::ResponseDoc> {
        Vec::new()
    }
}

/// The documentation of an operation whose function returns `R`, with these parameters
/// (used by the macros).
#[doc(hidden)]
pub fn operation_types<R: IntoResponse>(
    params: Vec<crate::operation::ParamDoc>,
    schemas: &mut SchemaGenerator,
) -> crate::operation::OperationTypes {
    // A response is output: described in serialization mode (computed fields).
    let (response, response_content, extra_responses) =
        schemas.serializing(|s| (R::response_schema(s), R::response_content(s), R::extra_responses(s)));
    crate::operation::OperationTypes {
        params,
        response,
        response_content,
        extra_responses,
        own_statuses: R::documents_statuses(),
    }
}

/// Implements [`IntoResponse`] for a serializable data type: rendered with the route's
/// defaults, or through its response model.
#[doc(hidden)]
#[macro_export]
macro_rules! __data_response_methods {
    () => {
        fn into_response(self) -> $crate::response::HttpResponse {
            $crate::response::RouteRender::standalone().render(&self)
        }
        fn into_route_response(self, route: &$crate::response::RouteRender<'_>) -> $crate::response::HttpResponse {
            route.render(&self)
        }
        fn into_model_response(
            self,
            route: &$crate::response::RouteRender<'_>,
            model: &dyn $crate::response::ModelRender,
        ) -> $crate::response::HttpResponse {
            $crate::response::render_through(model, &self, route)
        }
    };
}

impl IntoResponse for HttpResponse {
    fn into_response(self) -> HttpResponse {
        self
    }
}

impl<T: IntoResponse, E: IntoResponse + Send + 'static> IntoResponse for Result<T, E> {
    fn into_response(self) -> HttpResponse {
        match self {
            Ok(t) => t.into_response(),
            Err(e) => e.into_response(),
        }
    }
    fn into_route_response(self, route: &RouteRender<'_>) -> HttpResponse {
        match self {
            Ok(t) => t.into_route_response(route),
            Err(e) => e.into_route_response(route),
        }
    }
    fn into_model_response(self, route: &RouteRender<'_>, model: &dyn ModelRender) -> HttpResponse {
        match self {
            Ok(t) => t.into_model_response(route, model),
            Err(e) => e.into_route_response(route),
        }
    }
    fn split_error(self) -> Result<Self, Box<dyn std::any::Any + Send>> {
        match self {
            Ok(t) => Ok(Ok(t)),
            Err(e) => Err(Box::new(e)),
        }
    }
    fn from_error(error: Box<dyn std::any::Any + Send>) -> Result<Self, Box<dyn std::any::Any + Send>> {
        error.downcast::<E>().map(|e| Err(*e))
    }
    fn response_schema(schemas: &mut SchemaGenerator) -> Option<Value> {
        T::response_schema(schemas)
    }
    fn response_content(schemas: &mut SchemaGenerator) -> Option<ResponseContent> {
        T::response_content(schemas)
    }
    fn extra_responses(schemas: &mut SchemaGenerator) -> Vec<crate::operation::ResponseDoc> {
        let mut v = T::extra_responses(schemas);
        v.extend(E::extra_responses(schemas));
        v
    }
    fn documents_statuses() -> bool {
        T::documents_statuses()
    }
}

impl IntoResponse for HttpException {
    /// FastAPI's answer, raised so that a replaced `HttpException` handler answers instead.
    fn into_response(self) -> HttpResponse {
        let res = errors::http_exception_response(&self);
        Raised::mark(res, Box::new(self))
    }
}

impl IntoResponse for crate::result::Error {
    /// An `HttpException` inside is answered as one (raised, so a replaced handler answers
    /// it); any other error is raised as it is: the app's handler for the wrapped type
    /// answers it, or a logged plain 500 (see `ExceptionHandlers::finish`).
    fn into_response(self) -> HttpResponse {
        match self.downcast::<HttpException>() {
            Ok(e) => e.into_response(),
            Err(e) => Raised::mark(plain_500(), Box::new(e)),
        }
    }
}

macro_rules! data_response {
    ($($t:ty),*) => {$(
        impl IntoResponse for $t {
            crate::__data_response_methods!();
            fn response_schema(schemas: &mut SchemaGenerator) -> Option<Value> {
                Some(<$t as crate::model::JsonSchema>::json_schema(schemas))
            }
        }
    )*};
}
data_response!(bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, crate::types::DateTime);

impl IntoResponse for String {
    fn into_response(self) -> HttpResponse {
        RouteRender::standalone().render(&self)
    }
    fn into_route_response(self, d: &RouteRender<'_>) -> HttpResponse {
        match d.defaults.class {
            ResponseClass::Json => d.render(&self),
            ResponseClass::Redirect | ResponseClass::File => d.render_target(&self),
            _ => d.render_bytes(self),
        }
    }
    fn into_model_response(self, route: &RouteRender<'_>, model: &dyn ModelRender) -> HttpResponse {
        render_through(model, &self, route)
    }
    fn response_schema(_: &mut SchemaGenerator) -> Option<Value> {
        Some(serde_json::json!({"type": "string"}))
    }
}

impl IntoResponse for &'static str {
    fn into_response(self) -> HttpResponse {
        RouteRender::standalone().render(self)
    }
    fn into_route_response(self, d: &RouteRender<'_>) -> HttpResponse {
        match d.defaults.class {
            ResponseClass::Json => d.render(self),
            ResponseClass::Redirect | ResponseClass::File => d.render_target(self),
            // Text is sent as it is: no copy of a static string.
            _ => d.render_bytes(self),
        }
    }
    fn into_model_response(self, route: &RouteRender<'_>, model: &dyn ModelRender) -> HttpResponse {
        render_through(model, self, route)
    }
    fn response_schema(schemas: &mut SchemaGenerator) -> Option<Value> {
        String::response_schema(schemas)
    }
}

impl IntoResponse for Value {
    crate::__data_response_methods!();
}

impl IntoResponse for () {
    fn into_response(self) -> HttpResponse {
        RouteRender::standalone().render_bytes(&b"null"[..])
    }
    fn into_route_response(self, d: &RouteRender<'_>) -> HttpResponse {
        d.render_bytes(&b"null"[..])
    }
}

impl<T: Serialize + crate::model::JsonSchema> IntoResponse for Option<T> {
    crate::__data_response_methods!();
    fn response_schema(schemas: &mut SchemaGenerator) -> Option<Value> {
        Some(<Option<T> as crate::model::JsonSchema>::json_schema(schemas))
    }
}

impl<T: Serialize + crate::model::JsonSchema> IntoResponse for Vec<T> {
    crate::__data_response_methods!();
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
    crate::__data_response_methods!();
    fn response_schema(schemas: &mut SchemaGenerator) -> Option<Value> {
        Some(serde_json::json!({"type": "object", "additionalProperties": V::json_schema(schemas)}))
    }
}

/// Plain data of any `Serialize` type, rendered like returned data but documented as "any".
///
/// Use it to return a type that does not derive `Model`.
///
/// ```
/// use brisk::prelude::*;
///
/// #[get("/numbers")]
/// async fn numbers() -> Json<Vec<u32>> {
///     Json(vec![1, 2, 3])
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![numbers]));
/// let res = client.get("/numbers").send().await;
/// assert_eq!((res.header("content-type"), res.text().as_str()), (Some("application/json"), "[1,2,3]"));
/// # }
/// ```
///
/// Guide: `guide/src/advanced/custom-response.md`.
#[derive(Debug, Clone)]
pub struct Json<T>(pub T);

impl<T: Serialize> Serialize for Json<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    crate::__data_response_methods!();
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
        let d = RouteRender::new(&d);
        let r = serde_json::json!({"a": 1.0}).into_route_response(&d);
        assert_eq!(r.status(), 201);
        assert_eq!(text(&r), br#"{"a":1.0}"#);
        let html = ResponseDefaults { status: StatusCode::OK, class: ResponseClass::Html };
        let r = "<h1>x</h1>".into_route_response(&RouteRender::new(&html));
        assert_eq!(r.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
        assert_eq!(text(&r), b"<h1>x</h1>");
    }

    #[test]
    fn direct_responses_ignore_defaults() {
        let d = ResponseDefaults { status: StatusCode::CREATED, class: ResponseClass::Html };
        let d = RouteRender::new(&d);
        let r = Response::new("<a/>").media_type("application/xml").into_route_response(&d);
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()[CONTENT_TYPE], "application/xml");
        let r = Response::new("x").media_type("text/csv").into_route_response(&d);
        assert_eq!(r.headers()[CONTENT_TYPE], "text/csv; charset=utf-8");
        let r = RedirectResponse::new("https://typer.tiangolo.com").into_route_response(&d);
        assert_eq!(r.status(), 307);
        assert_eq!(r.headers()[LOCATION], "https://typer.tiangolo.com");
        assert_eq!(text(&r), b"");
        let r = JsonResponse::new(serde_json::json!([1])).status(202).header("x-a", "b").into_route_response(&d);
        assert_eq!((r.status().as_u16(), &r.headers()["x-a"]), (202, &HeaderValue::from_static("b")));
    }
}
