//! The response types a handler returns directly, sent untouched (Starlette's
//! `Response` and its subclasses).

use bytes::Bytes;
use http::header::{CONTENT_TYPE, LOCATION, SET_COOKIE};
use http::{HeaderName, HeaderValue, StatusCode};
use serde::Serialize;
use serde_json::Value;

use super::{Cookie, HttpResponse, IntoResponse, internal_error};
use crate::body::Body;
use crate::model::SchemaGenerator;

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
    status_set: bool,
}

impl Default for Response {
    /// An empty 200 response: what a handler's `&mut Response` parameter starts as.
    fn default() -> Self {
        Response::new(Body::empty())
    }
}

impl Response {
    /// A 200 response with this content and no content type.
    pub fn new(content: impl Into<Body>) -> Self {
        Response { inner: http::Response::new(content.into()), status_set: false }
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
        self.set_status(status);
        self
    }

    /// Appends a header (invalid names or values are ignored).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.append_header(name, value);
        self
    }

    /// Sets a cookie (a `set-cookie` header).
    pub fn cookie(mut self, cookie: Cookie) -> Self {
        self.set_cookie(cookie);
        self
    }

    /// Sets the status code in place (an invalid code is ignored).
    pub fn set_status(&mut self, status: u16) {
        if let Ok(s) = StatusCode::from_u16(status) {
            *self.inner.status_mut() = s;
            self.status_set = true;
        }
    }

    /// Appends a header in place (invalid names or values are ignored).
    pub fn append_header(&mut self, name: &str, value: &str) {
        if let (Ok(n), Ok(v)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
            self.inner.headers_mut().append(n, v);
        }
    }

    /// Sets a header in place, replacing any of the same name.
    pub fn insert_header(&mut self, name: &str, value: &str) {
        if let (Ok(n), Ok(v)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
            self.inner.headers_mut().insert(n, v);
        }
    }

    /// Sets a cookie in place.
    pub fn set_cookie(&mut self, cookie: Cookie) {
        if let Ok(v) = HeaderValue::from_str(&cookie.to_string()) {
            self.inner.headers_mut().append(SET_COOKIE, v);
        }
    }

    /// Deletes a cookie in the client (an expired `set-cookie`), as Starlette does.
    pub fn delete_cookie(&mut self, name: &str) {
        self.set_cookie(Cookie::new(name, "").max_age(0).expires("Thu, 01 Jan 1970 00:00:00 GMT"));
    }

    /// True when the status was set explicitly.
    pub fn status_set(&self) -> bool {
        self.status_set
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

    /// Wraps an `http::Response` as it is.
    pub fn from_http(inner: HttpResponse) -> Self {
        Response { inner, status_set: true }
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
    fn into_response(self) -> HttpResponse {
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
            /// Sets a cookie.
            pub fn cookie(self, cookie: Cookie) -> Self {
                $name(self.0.cookie(cookie))
            }
            /// The headers set so far.
            pub fn headers(&self) -> &http::HeaderMap {
                self.0.headers()
            }
        }

        impl IntoResponse for $name {
            fn into_response(self) -> HttpResponse {
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
    ///
    /// ```
    /// use brisk::prelude::*;
    ///
    /// #[get("/")]
    /// async fn page() -> HtmlResponse {
    ///     HtmlResponse::new("<h1>Look ma! HTML!</h1>")
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let res = TestClient::new(App::new().routes(routes![page])).get("/").send().await;
    /// assert_eq!(res.header("content-type"), Some("text/html; charset=utf-8"));
    /// # }
    /// ```
    HtmlResponse,
    "text/html; charset=utf-8"
);
text_response!(
    /// Plain text, `text/plain; charset=utf-8` (FastAPI's `PlainTextResponse`).
    ///
    /// ```
    /// use brisk::prelude::*;
    ///
    /// #[get("/")]
    /// async fn hello() -> PlainTextResponse {
    ///     PlainTextResponse::new("Hello World").status(202)
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let res = TestClient::new(App::new().routes(routes![hello])).get("/").send().await;
    /// assert_eq!((res.status(), res.text().as_str()), (202, "Hello World"));
    /// # }
    /// ```
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

    /// Sets a cookie.
    pub fn cookie(mut self, cookie: Cookie) -> Self {
        if let Ok(v) = HeaderValue::from_str(&cookie.to_string()) {
            self.headers.append(SET_COOKIE, v);
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
    fn into_response(self) -> HttpResponse {
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
///
/// ```
/// use brisk::prelude::*;
///
/// #[get("/typer")]
/// async fn redirect_typer() -> RedirectResponse {
///     RedirectResponse::new("https://typer.tiangolo.com")
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![redirect_typer]));
/// let res = client.get("/typer").send().await;
/// assert_eq!((res.status(), res.header("location")), (307, Some("https://typer.tiangolo.com")));
/// # }
/// ```
#[derive(Debug)]
pub struct RedirectResponse(Response);

impl RedirectResponse {
    /// A 307 redirect to `url`, quoted as Starlette quotes it (a space is `%20`, what
    /// is already percent-encoded stays).
    pub fn new(url: &str) -> Self {
        let mut r = Response::new(Bytes::new()).status(307);
        let url = percent_encoding::utf8_percent_encode(url, crate::encoding::QUOTE_SAFE).to_string();
        match HeaderValue::from_str(&url) {
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

    /// Sets a cookie.
    pub fn cookie(self, cookie: Cookie) -> Self {
        RedirectResponse(self.0.cookie(cookie))
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
        Response { inner: r.into_response(), status_set: true }
    }
}

impl IntoResponse for RedirectResponse {
    fn into_response(self) -> HttpResponse {
        self.0.inner
    }
}
