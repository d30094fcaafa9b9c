//! Cross-origin resource sharing: Starlette's `CORSMiddleware` (Starlette 1.10).
//!
//! A preflight request (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is
//! answered here, 200 `OK` or 400 `Disallowed CORS ...`; every other HTTP request goes to
//! the app and its response gets the CORS headers (and `Vary: Origin`, also when the
//! request has no `Origin`, as Starlette 1.10 does). WebSocket upgrades pass untouched.
//!
//! ```
//! use brisk::prelude::*;
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let cors = CorsMiddleware::new().allow_origins(["https://app.example.com"]);
//! let client = TestClient::new(App::new().layer(cors));
//! let res = client.get("/").header("origin", "https://app.example.com").send().await;
//! assert_eq!(res.header("access-control-allow-origin"), Some("https://app.example.com"));
//! # }
//! ```

use std::borrow::Cow;
use std::convert::Infallible;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::{BufMut, Bytes, BytesMut};
use futures_util::future::BoxFuture;
use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_HEADERS,
    ACCESS_CONTROL_REQUEST_METHOD, CONTENT_LENGTH, CONTENT_TYPE, ORIGIN, VARY,
};
use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, Response, StatusCode};
use regex::Regex;
use tower_layer::Layer;
use tower_service::Service;

use super::request_url::{is_websocket, latin1};
use crate::body::Body;

/// What `allow_methods(["*"])` stands for (Starlette's `ALL_METHODS`, in its order).
const ALL_METHODS: [&str; 8] = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "QUERY"];
/// Request headers a preflight may always ask for (Starlette's `SAFELISTED_HEADERS`).
const SAFELISTED_HEADERS: [&str; 4] = ["Accept", "Accept-Language", "Content-Language", "Content-Type"];
/// The `Vary` of every preflight answer.
const PREFLIGHT_VARY: &str =
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network";
const REQUEST_PRIVATE_NETWORK: &str = "access-control-request-private-network";
const ALLOW_PRIVATE_NETWORK: &str = "access-control-allow-private-network";

/// Starlette's `CORSMiddleware` as a tower layer: answers CORS preflights and adds the
/// CORS headers to the app's responses, so browsers let other origins call the API.
///
/// Defaults are Starlette's: no origin allowed, `GET` only, only the CORS-safelisted
/// request headers, no credentials, `max_age` 600. `"*"` in `allow_origins`,
/// `allow_methods` or `allow_headers` allows all.
///
/// ```
/// use brisk::prelude::*;
/// use serde_json::{Value, json};
///
/// #[get("/")]
/// async fn root() -> Value {
///     json!({"message": "Hello World"})
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let cors = CorsMiddleware::new()
///     .allow_origins(["https://app.example.com"])
///     .allow_methods(["*"])
///     .allow_headers(["*"])
///     .allow_credentials(true);
/// let client = TestClient::new(App::new().layer(cors).routes(routes![root]));
///
/// let res = client
///     .options("/")
///     .header("origin", "https://app.example.com")
///     .header("access-control-request-method", "PUT")
///     .send()
///     .await;
/// assert_eq!(res.status(), 200);
/// assert_eq!(res.header("access-control-allow-origin"), Some("https://app.example.com"));
///
/// let res = client.get("/").header("origin", "https://evil.example.com").send().await;
/// assert_eq!(res.header("access-control-allow-origin"), None);
/// assert_eq!(res.header("vary"), Some("Origin"));
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct CorsMiddleware {
    allow_origins: Vec<String>,
    allow_methods: Vec<String>,
    allow_headers: Vec<String>,
    allow_credentials: bool,
    allow_origin_regex: Option<Regex>,
    allow_private_network: bool,
    expose_headers: Vec<String>,
    max_age: u64,
}

impl Default for CorsMiddleware {
    fn default() -> Self {
        CorsMiddleware {
            allow_origins: Vec::new(),
            allow_methods: vec!["GET".to_owned()],
            allow_headers: Vec::new(),
            allow_credentials: false,
            allow_origin_regex: None,
            allow_private_network: false,
            expose_headers: Vec::new(),
            max_age: 600,
        }
    }
}

/// Panics unless `value` can be sent as (part of) a header value: configuration only.
fn checked(setting: &str, value: String) -> String {
    assert!(
        HeaderValue::from_str(&value).is_ok(),
        "CorsMiddleware: {setting} entry {value:?} is not a valid header value"
    );
    value
}

impl CorsMiddleware {
    /// Starlette's defaults: nothing allowed cross-origin but `GET` from allowed origins.
    pub fn new() -> Self {
        Self::default()
    }

    /// The origins allowed to make cross-origin requests, e.g. `https://example.com`
    /// (compared exactly); `"*"` allows any.
    pub fn allow_origins<I, T>(mut self, origins: I) -> Self
    where
        I: IntoIterator<Item = T>,
        T: Into<String>,
    {
        self.allow_origins = origins.into_iter().map(Into::into).collect();
        self
    }

    /// A regular expression an allowed origin must match in full (as Python's
    /// `re.fullmatch`), e.g. `https://.*\.example\.org`.
    ///
    /// # Panics
    ///
    /// When the pattern is not a valid regular expression (Starlette fails at startup
    /// too). Rust's `regex` syntax has no look-around or backreferences.
    pub fn allow_origin_regex(mut self, pattern: &str) -> Self {
        match Regex::new(&format!(r"\A(?:{pattern})\z")) {
            Ok(re) => self.allow_origin_regex = Some(re),
            Err(e) => panic!("CorsMiddleware: invalid allow_origin_regex {pattern:?}: {e}"),
        }
        self
    }

    /// The methods allowed cross-origin (default `GET`), compared exactly; `"*"` allows
    /// all (`DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, QUERY`).
    ///
    /// # Panics
    ///
    /// When a method cannot be sent in a header value.
    pub fn allow_methods<I, T>(mut self, methods: I) -> Self
    where
        I: IntoIterator<Item = T>,
        T: Into<String>,
    {
        self.allow_methods = methods.into_iter().map(|m| checked("allow_methods", m.into())).collect();
        self
    }

    /// The request headers allowed cross-origin, besides the always allowed `Accept`,
    /// `Accept-Language`, `Content-Language` and `Content-Type`; `"*"` allows any.
    ///
    /// # Panics
    ///
    /// When a name cannot be sent in a header value.
    pub fn allow_headers<I, T>(mut self, headers: I) -> Self
    where
        I: IntoIterator<Item = T>,
        T: Into<String>,
    {
        self.allow_headers = headers.into_iter().map(|h| checked("allow_headers", h.into())).collect();
        self
    }

    /// Whether cross-origin requests may carry cookies and credentials: adds
    /// `Access-Control-Allow-Credentials: true`, and the origin is echoed instead of `*`.
    pub fn allow_credentials(mut self, allow: bool) -> Self {
        self.allow_credentials = allow;
        self
    }

    /// Whether a preflight asking for private network access
    /// (`Access-Control-Request-Private-Network`) is allowed; refused by default.
    pub fn allow_private_network(mut self, allow: bool) -> Self {
        self.allow_private_network = allow;
        self
    }

    /// Response headers the browser may show to the page (`Access-Control-Expose-Headers`).
    ///
    /// # Panics
    ///
    /// When a name cannot be sent in a header value.
    pub fn expose_headers<I, T>(mut self, headers: I) -> Self
    where
        I: IntoIterator<Item = T>,
        T: Into<String>,
    {
        self.expose_headers = headers.into_iter().map(|h| checked("expose_headers", h.into())).collect();
        self
    }

    /// How long, in seconds, browsers may cache a preflight answer (default 600).
    pub fn max_age(mut self, seconds: u64) -> Self {
        self.max_age = seconds;
        self
    }

    /// Everything a request needs, computed once (Starlette's `__init__`).
    fn policy(&self) -> Policy {
        let allow_methods: Vec<String> = if self.allow_methods.iter().any(|m| m == "*") {
            ALL_METHODS.iter().map(|m| (*m).to_owned()).collect()
        } else {
            self.allow_methods.clone()
        };
        let allow_all_origins = self.allow_origins.iter().any(|o| o == "*");
        let allow_all_headers = self.allow_headers.iter().any(|h| h == "*");
        let explicit_origin = !allow_all_origins || self.allow_credentials;

        let mut simple_headers = Vec::new();
        if allow_all_origins {
            simple_headers.push((ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*")));
        }
        if self.allow_credentials {
            simple_headers.push((ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("true")));
        }
        if !self.expose_headers.is_empty() {
            simple_headers.push((ACCESS_CONTROL_EXPOSE_HEADERS, header_value(&self.expose_headers.join(", "))));
        }

        let mut preflight_headers = vec![(VARY, HeaderValue::from_static(PREFLIGHT_VARY))];
        if !explicit_origin {
            preflight_headers.push((ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*")));
        }
        preflight_headers.push((ACCESS_CONTROL_ALLOW_METHODS, header_value(&allow_methods.join(", "))));
        preflight_headers.push((ACCESS_CONTROL_MAX_AGE, HeaderValue::from(self.max_age)));
        // Python's `sorted(set)`: code point order, exact duplicates dropped.
        let mut allow_headers: Vec<&str> =
            SAFELISTED_HEADERS.iter().copied().chain(self.allow_headers.iter().map(String::as_str)).collect();
        allow_headers.sort_unstable();
        allow_headers.dedup();
        if !allow_all_headers {
            preflight_headers.push((ACCESS_CONTROL_ALLOW_HEADERS, header_value(&allow_headers.join(", "))));
        }
        if self.allow_credentials {
            preflight_headers.push((ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("true")));
        }

        Policy {
            allow_origins: self.allow_origins.clone(),
            allow_all_origins,
            allow_origin_regex: self.allow_origin_regex.clone(),
            allow_methods,
            allow_headers: allow_headers.iter().map(|h| h.to_lowercase()).collect(),
            allow_all_headers,
            allow_credentials: self.allow_credentials,
            allow_private_network: self.allow_private_network,
            explicit_origin,
            simple_headers,
            preflight_headers,
        }
    }
}

/// A header value from configuration checked by the builder methods.
fn header_value(s: &str) -> HeaderValue {
    HeaderValue::from_str(s).unwrap_or_else(|_| panic!("CorsMiddleware: {s:?} is not a valid header value"))
}

impl<S> Layer<S> for CorsMiddleware {
    type Service = CorsService<S>;

    fn layer(&self, inner: S) -> CorsService<S> {
        CorsService { inner, policy: Arc::new(self.policy()) }
    }
}

/// The service [`CorsMiddleware`] wraps around an app.
///
/// The layer is a `tower::Layer`, so it also wraps a plain tower service:
///
/// ```
/// use std::convert::Infallible;
/// use brisk::Body;
/// use brisk::middleware::CorsMiddleware;
/// use tower::{Layer, ServiceExt};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let inner = tower::service_fn(|_req: http::Request<Body>| async { Ok::<_, Infallible>(http::Response::new(Body::full("ok"))) });
/// let service = CorsMiddleware::new().allow_origins(["https://example.com"]).layer(inner);
/// let req = http::Request::builder().uri("/").header("origin", "https://example.com").body(Body::empty()).unwrap();
/// let res = service.oneshot(req).await.unwrap();
/// assert_eq!(res.headers()["access-control-allow-origin"], "https://example.com");
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct CorsService<S> {
    inner: S,
    policy: Arc<Policy>,
}

#[derive(Debug)]
struct Policy {
    allow_origins: Vec<String>,
    allow_all_origins: bool,
    allow_origin_regex: Option<Regex>,
    allow_methods: Vec<String>,
    /// Lowercased, safelisted ones included.
    allow_headers: Vec<String>,
    allow_all_headers: bool,
    allow_credentials: bool,
    allow_private_network: bool,
    /// Whether an allowed origin is echoed (rather than `*`).
    explicit_origin: bool,
    simple_headers: Vec<(HeaderName, HeaderValue)>,
    preflight_headers: Vec<(HeaderName, HeaderValue)>,
}

/// Python's `str.strip()` for the characters a latin-1 header can hold.
fn py_strip(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\x1c'..='\x1f').contains(&c))
}

/// Starlette's `Vary` merge: every present value and the new one, joined into one header.
fn add_vary(headers: &mut HeaderMap, vary: &'static str) {
    let mut joined = BytesMut::new();
    for v in headers.get_all(VARY) {
        joined.put_slice(v.as_bytes());
        joined.put_slice(b", ");
    }
    joined.put_slice(vary.as_bytes());
    if let Ok(v) = HeaderValue::from_maybe_shared(Bytes::from(joined)) {
        headers.insert(VARY, v);
    }
}

impl Policy {
    fn is_allowed_origin(&self, origin: &str) -> bool {
        self.allow_all_origins
            || self.allow_origin_regex.as_ref().is_some_and(|re| re.is_match(origin))
            || self.allow_origins.iter().any(|o| o == origin)
    }

    /// Starlette's `preflight_response`.
    fn preflight(&self, request: &HeaderMap, origin: &HeaderValue) -> Response<Body> {
        let mut headers = HeaderMap::with_capacity(self.preflight_headers.len() + 5);
        for (name, value) in &self.preflight_headers {
            headers.append(name.clone(), value.clone());
        }
        let mut failures: Vec<&str> = Vec::new();

        if self.is_allowed_origin(&latin1(origin.as_bytes())) {
            if self.explicit_origin {
                headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
            }
        } else {
            failures.push("origin");
        }

        let method = request.get(ACCESS_CONTROL_REQUEST_METHOD).map(|m| latin1(m.as_bytes())).unwrap_or_default();
        if !self.allow_methods.iter().any(|m| *m == method) {
            failures.push("method");
        }

        if let Some(requested) = request.get(ACCESS_CONTROL_REQUEST_HEADERS) {
            if self.allow_all_headers {
                // Everything is allowed: the requested headers are echoed back.
                headers.insert(ACCESS_CONTROL_ALLOW_HEADERS, requested.clone());
            } else {
                let requested = latin1(requested.as_bytes()).to_lowercase();
                if requested.split(',').any(|h| !self.allow_headers.iter().any(|a| a == py_strip(h))) {
                    failures.push("headers");
                }
            }
        }

        if request.contains_key(REQUEST_PRIVATE_NETWORK) {
            if self.allow_private_network {
                headers.insert(HeaderName::from_static(ALLOW_PRIVATE_NETWORK), HeaderValue::from_static("true"));
            } else {
                failures.push("private-network");
            }
        }

        // A 400 is not needed (the browser enforces CORS) but tells more.
        let (status, text) = if failures.is_empty() {
            (StatusCode::OK, Cow::Borrowed("OK"))
        } else {
            (StatusCode::BAD_REQUEST, Cow::Owned(format!("Disallowed CORS {}", failures.join(", "))))
        };
        headers.insert(CONTENT_LENGTH, HeaderValue::from(text.len()));
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
        let mut res = Response::new(Body::from(Bytes::from(text.into_owned())));
        *res.status_mut() = status;
        *res.headers_mut() = headers;
        res
    }

    /// Starlette's `send` wrapper for every other request: CORS headers on the app's
    /// response.
    fn decorate(&self, headers: &mut HeaderMap, origin: Option<&HeaderValue>) {
        let Some(origin) = origin else {
            add_vary(headers, "Origin");
            return;
        };
        for (name, value) in &self.simple_headers {
            headers.insert(name.clone(), value.clone());
        }
        let explicit = if self.allow_all_origins {
            self.allow_credentials
        } else {
            self.is_allowed_origin(&latin1(origin.as_bytes()))
        };
        if explicit {
            headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        }
        add_vary(headers, "Origin");
    }
}

impl<S> Service<Request<Body>> for CorsService<S>
where
    S: Service<Request<Body>, Response = Response<Body>, Error = Infallible> + Clone + Send + Sync + 'static,
    S::Future: Send + 'static,
{
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Response<Body>, Infallible>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<Body>) -> Self::Future {
        // Starlette's CORS middleware sees HTTP requests only.
        if is_websocket(&req) {
            return Box::pin(self.inner.call(req));
        }
        let origin = req.headers().get(ORIGIN).cloned();
        if let Some(origin) = &origin
            && req.method() == Method::OPTIONS
            && req.headers().contains_key(ACCESS_CONTROL_REQUEST_METHOD)
        {
            let res = self.policy.preflight(req.headers(), origin);
            return Box::pin(std::future::ready(Ok(res)));
        }
        let policy = self.policy.clone();
        let future = self.inner.call(req);
        Box::pin(async move {
            let mut res = future.await?;
            policy.decorate(res.headers_mut(), origin.as_ref());
            Ok(res)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;
    use tower::{ServiceExt, service_fn};

    /// The app behind the middleware: 200 `hello`, plus the headers named by the
    /// request's `x-respond-vary` header (a `Vary` to merge with).
    fn app() -> impl Service<
        Request<Body>,
        Response = Response<Body>,
        Error = Infallible,
        Future = impl Future<Output = Result<Response<Body>, Infallible>> + Send + 'static,
    > + Clone
    + Send
    + Sync
    + 'static {
        service_fn(|req: Request<Body>| async move {
            let mut res = Response::new(Body::from("hello"));
            res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain"));
            for v in req.headers().get_all("x-respond-vary") {
                res.headers_mut().append(VARY, v.clone());
            }
            Ok(res)
        })
    }

    struct Answer {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    }

    impl Answer {
        fn get(&self, name: &str) -> Option<&str> {
            self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
        }
        fn names(&self) -> Vec<&str> {
            self.headers.iter().map(|(n, _)| n.as_str()).collect()
        }
    }

    async fn send(cors: &CorsMiddleware, method: &str, headers: &[(&str, &str)]) -> Answer {
        let mut req = Request::builder().method(method).uri("/");
        for (n, v) in headers {
            req = req.header(*n, *v);
        }
        let req = req.body(Body::empty()).expect("valid request");
        let res = cors.layer(app()).oneshot(req).await.expect("infallible");
        let status = res.status().as_u16();
        let headers = res
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        let body = res.into_body().collect().await.expect("body").to_bytes();
        Answer { status, headers, body: String::from_utf8_lossy(&body).into_owned() }
    }

    fn preflight<'a>(origin: &'a str, method: &'a str) -> Vec<(&'a str, &'a str)> {
        vec![("origin", origin), ("access-control-request-method", method)]
    }

    fn tutorial() -> CorsMiddleware {
        CorsMiddleware::new()
            .allow_origins([
                "http://localhost.tiangolo.com",
                "https://localhost.tiangolo.com",
                "http://localhost",
                "http://localhost:8080",
            ])
            .allow_credentials(true)
            .allow_methods(["*"])
            .allow_headers(["*"])
    }

    #[tokio::test]
    async fn preflight_allowed_mirrors_origin_and_headers_in_starlette_order() {
        let mut h = preflight("http://localhost:8080", "GET");
        h.push(("access-control-request-headers", "X-Example"));
        let a = send(&tutorial(), "OPTIONS", &h).await;
        assert_eq!(a.status, 200);
        assert_eq!(a.body, "OK");
        assert_eq!(
            a.names(),
            [
                "vary",
                "access-control-allow-methods",
                "access-control-max-age",
                "access-control-allow-credentials",
                "access-control-allow-origin",
                "access-control-allow-headers",
                "content-length",
                "content-type",
            ]
        );
        assert_eq!(a.get("vary"), Some(PREFLIGHT_VARY));
        assert_eq!(a.get("access-control-allow-methods"), Some("DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, QUERY"));
        assert_eq!(a.get("access-control-max-age"), Some("600"));
        assert_eq!(a.get("access-control-allow-origin"), Some("http://localhost:8080"));
        assert_eq!(a.get("access-control-allow-headers"), Some("X-Example"));
        assert_eq!(a.get("content-type"), Some("text/plain; charset=utf-8"));
        assert_eq!(a.get("content-length"), Some("2"));
    }

    #[tokio::test]
    async fn preflight_disallowed_origin_is_400_without_allow_origin() {
        let a = send(&tutorial(), "OPTIONS", &preflight("https://evil.example.com", "GET")).await;
        assert_eq!(a.status, 400);
        assert_eq!(a.body, "Disallowed CORS origin");
        assert_eq!(a.get("access-control-allow-origin"), None);
        assert_eq!(a.get("access-control-allow-credentials"), Some("true"));
        assert_eq!(a.get("access-control-allow-headers"), None);
    }

    #[tokio::test]
    async fn preflight_failures_are_joined_in_starlette_order() {
        let cors = CorsMiddleware::new().allow_origins(["https://a.com"]).allow_headers(["X-Token"]);
        let mut h = preflight("https://b.com", "DELETE");
        h.push(("access-control-request-headers", "x-token, x-other"));
        h.push(("access-control-request-private-network", "true"));
        let a = send(&cors, "OPTIONS", &h).await;
        assert_eq!(a.status, 400);
        assert_eq!(a.body, "Disallowed CORS origin, method, headers, private-network");
        assert_eq!(a.get("content-length"), Some("56"));
    }

    #[tokio::test]
    async fn preflight_method_is_checked_against_allow_methods() {
        let cors = CorsMiddleware::new().allow_origins(["https://a.com"]);
        let a = send(&cors, "OPTIONS", &preflight("https://a.com", "GET")).await;
        assert_eq!(a.status, 200);
        assert_eq!(a.get("access-control-allow-methods"), Some("GET"));
        let a = send(&cors, "OPTIONS", &preflight("https://a.com", "POST")).await;
        assert_eq!((a.status, a.body.as_str()), (400, "Disallowed CORS method"));
        // Compared exactly, as Starlette does.
        let a = send(&cors, "OPTIONS", &preflight("https://a.com", "get")).await;
        assert_eq!(a.status, 400);
        let cors = cors.allow_methods(["POST", "PUT"]);
        let a = send(&cors, "OPTIONS", &preflight("https://a.com", "PUT")).await;
        assert_eq!(a.status, 200);
        assert_eq!(a.get("access-control-allow-methods"), Some("POST, PUT"));
    }

    #[tokio::test]
    async fn preflight_headers_safelisted_listed_and_checked_case_insensitively() {
        let cors = CorsMiddleware::new().allow_origins(["https://a.com"]).allow_headers(["X-Token", "Authorization"]);
        let mut h = preflight("https://a.com", "GET");
        h.push(("access-control-request-headers", "content-type, X-TOKEN ,authorization"));
        let a = send(&cors, "OPTIONS", &h).await;
        assert_eq!(a.status, 200, "{}", a.body);
        assert_eq!(
            a.get("access-control-allow-headers"),
            Some("Accept, Accept-Language, Authorization, Content-Language, Content-Type, X-Token")
        );
        // An empty item (a trailing comma) is not an allowed header.
        let mut h = preflight("https://a.com", "GET");
        h.push(("access-control-request-headers", "x-token,"));
        assert_eq!(send(&cors, "OPTIONS", &h).await.body, "Disallowed CORS headers");
        // Without a configured header only the safelisted ones pass.
        let cors = CorsMiddleware::new().allow_origins(["https://a.com"]);
        let mut h = preflight("https://a.com", "GET");
        h.push(("access-control-request-headers", "Accept-Language"));
        assert_eq!(send(&cors, "OPTIONS", &h).await.status, 200);
        let mut h = preflight("https://a.com", "GET");
        h.push(("access-control-request-headers", "X-Token"));
        assert_eq!(send(&cors, "OPTIONS", &h).await.status, 400);
    }

    #[tokio::test]
    async fn preflight_wildcard_origin_without_credentials_answers_star() {
        let cors = CorsMiddleware::new().allow_origins(["*"]).max_age(60);
        let a = send(&cors, "OPTIONS", &preflight("https://any.com", "GET")).await;
        assert_eq!(a.status, 200);
        assert_eq!(a.get("access-control-allow-origin"), Some("*"));
        assert_eq!(a.get("vary"), Some(PREFLIGHT_VARY));
        assert_eq!(a.get("access-control-max-age"), Some("60"));
        assert_eq!(a.get("access-control-allow-credentials"), None);
        assert_eq!(&a.names()[..3], ["vary", "access-control-allow-origin", "access-control-allow-methods"]);
    }

    #[tokio::test]
    async fn preflight_wildcard_origin_with_credentials_echoes_origin() {
        let cors = CorsMiddleware::new().allow_origins(["*"]).allow_credentials(true);
        let a = send(&cors, "OPTIONS", &preflight("https://any.com", "GET")).await;
        assert_eq!(a.get("access-control-allow-origin"), Some("https://any.com"));
        assert_eq!(a.get("access-control-allow-credentials"), Some("true"));
    }

    #[tokio::test]
    async fn preflight_private_network() {
        let mut h = preflight("https://a.com", "GET");
        h.push(("access-control-request-private-network", "true"));
        let cors = CorsMiddleware::new().allow_origins(["https://a.com"]);
        assert_eq!(send(&cors, "OPTIONS", &h).await.body, "Disallowed CORS private-network");
        let a = send(&cors.allow_private_network(true), "OPTIONS", &h).await;
        assert_eq!(a.status, 200);
        assert_eq!(a.get("access-control-allow-private-network"), Some("true"));
    }

    #[tokio::test]
    async fn options_without_request_method_or_origin_reaches_the_app() {
        let a = send(&tutorial(), "OPTIONS", &[("origin", "http://localhost")]).await;
        assert_eq!(a.body, "hello");
        assert_eq!(a.get("access-control-allow-origin"), Some("http://localhost"));
        let a = send(&tutorial(), "OPTIONS", &[("access-control-request-method", "GET")]).await;
        assert_eq!(a.body, "hello");
        assert_eq!(a.get("vary"), Some("Origin"));
    }

    #[tokio::test]
    async fn simple_request_from_allowed_origin() {
        let a = send(&tutorial(), "GET", &[("origin", "http://localhost:8080")]).await;
        assert_eq!(a.status, 200);
        assert_eq!(a.body, "hello");
        assert_eq!(
            a.names(),
            ["content-type", "access-control-allow-credentials", "access-control-allow-origin", "vary"]
        );
        assert_eq!(a.get("access-control-allow-origin"), Some("http://localhost:8080"));
        assert_eq!(a.get("vary"), Some("Origin"));
    }

    #[tokio::test]
    async fn simple_request_from_disallowed_origin_still_gets_simple_headers() {
        let cors = tutorial().expose_headers(["X-Total", "X-Page"]);
        let a = send(&cors, "GET", &[("origin", "https://evil.com")]).await;
        assert_eq!(a.get("access-control-allow-origin"), None);
        assert_eq!(a.get("access-control-allow-credentials"), Some("true"));
        assert_eq!(a.get("access-control-expose-headers"), Some("X-Total, X-Page"));
        assert_eq!(a.get("vary"), Some("Origin"));
    }

    #[tokio::test]
    async fn simple_request_without_origin_only_varies() {
        let a = send(&tutorial(), "GET", &[]).await;
        assert_eq!(a.names(), ["content-type", "vary"]);
        assert_eq!(a.get("vary"), Some("Origin"));
    }

    #[tokio::test]
    async fn simple_request_wildcard_without_and_with_credentials() {
        let cors = CorsMiddleware::new().allow_origins(["*"]);
        let a = send(&cors, "GET", &[("origin", "https://x.com")]).await;
        assert_eq!(a.get("access-control-allow-origin"), Some("*"));
        assert_eq!(a.get("vary"), Some("Origin"));
        let a = send(&cors.allow_credentials(true), "GET", &[("origin", "https://x.com")]).await;
        assert_eq!(a.get("access-control-allow-origin"), Some("https://x.com"));
        assert_eq!(a.get("access-control-allow-credentials"), Some("true"));
    }

    #[tokio::test]
    async fn vary_is_merged_into_existing_values() {
        let cors = CorsMiddleware::new().allow_origins(["https://a.com"]);
        let a = send(&cors, "GET", &[("origin", "https://a.com"), ("x-respond-vary", "Accept-Encoding")]).await;
        assert_eq!(a.get("vary"), Some("Accept-Encoding, Origin"));
        // Several `Vary` headers become one, in order.
        let a = send(
            &cors,
            "GET",
            &[("origin", "https://b.com"), ("x-respond-vary", "Accept"), ("x-respond-vary", "Cookie")],
        )
        .await;
        assert_eq!(a.headers.iter().filter(|(n, _)| n == "vary").count(), 1);
        assert_eq!(a.get("vary"), Some("Accept, Cookie, Origin"));
    }

    #[tokio::test]
    async fn origin_regex_must_match_in_full() {
        let cors = CorsMiddleware::new().allow_origin_regex(r"https://.*\.example\.org");
        let a = send(&cors, "GET", &[("origin", "https://api.example.org")]).await;
        assert_eq!(a.get("access-control-allow-origin"), Some("https://api.example.org"));
        let a = send(&cors, "GET", &[("origin", "https://api.example.org.evil.com")]).await;
        assert_eq!(a.get("access-control-allow-origin"), None);
        let a = send(&cors, "OPTIONS", &preflight("https://x.example.org", "GET")).await;
        assert_eq!(a.status, 200);
        assert_eq!(a.get("access-control-allow-origin"), Some("https://x.example.org"));
        let a = send(&cors, "OPTIONS", &preflight("http://x.example.org", "GET")).await;
        assert_eq!(a.status, 400);
    }

    #[test]
    #[should_panic(expected = "invalid allow_origin_regex")]
    fn invalid_regex_panics_at_configuration() {
        let _ = CorsMiddleware::new().allow_origin_regex("(");
    }

    #[tokio::test]
    async fn websocket_upgrades_pass_untouched() {
        let a = send(&tutorial(), "GET", &[("origin", "http://localhost"), ("upgrade", "websocket")]).await;
        assert_eq!(a.names(), ["content-type"]);
    }

    #[test]
    fn latin1_and_strip_follow_python() {
        assert_eq!(latin1(b"abc"), "abc");
        assert_eq!(latin1(b"a\xe9"), "a\u{e9}");
        assert_eq!(py_strip(" \t x-a \u{a0}"), "x-a");
    }
}
