//! The request: FastAPI's `Request` object — method, URI, headers, path parameters —
//! and the body, read once (within the app's limits) and parsed once as JSON or a form
//! when a route's parameters need it.
//!
//! ```
//! use brisk::prelude::*;
//!
//! #[get("/whoami")]
//! async fn whoami(request: Request) -> String {
//!     let agent = request.headers().get("user-agent").and_then(|v| v.to_str().ok()).unwrap_or("?");
//!     format!("{} {} {agent}", request.method(), request.url())
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let client = TestClient::new(App::new().routes(routes![whoami]));
//! let res = client.get("/whoami?x=1").send().await;
//! assert_eq!(res.json::<String>(), "GET http://testserver/whoami?x=1 testclient");
//! # }
//! ```

use std::borrow::Cow;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http::request::Parts;
use http::{HeaderMap, Method, Uri};
use serde_json::Value;

use crate::background::{BackgroundTasks, TaskTracker};
use crate::body::{Body, BodyError};
use crate::error::HttpException;
use crate::forms::{FormData, FormError, FormLimits};
pub use crate::path_params::PathParams;
use crate::proxy::ForwardedAllow;
use crate::state::{State, StateSlot};
use crate::urls::{Url, UrlForError, UrlTable};

mod json_error;
pub use json_error::python_json_error;

/// The client's address, put in the request extensions by the server.
///
/// ```
/// use std::convert::Infallible;
/// use brisk::prelude::*;
/// use brisk::request::ClientAddr;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let who = tower::service_fn(|req: http::Request<brisk::Body>| async move {
///     let ip = req.extensions().get::<ClientAddr>().map(|a| a.0.ip().to_string()).unwrap_or_default();
///     Ok::<_, Infallible>(http::Response::new(ip))
/// });
/// let client = TestClient::new(App::new().mount_service("/who", who));
/// assert_eq!(client.get("/who/").send().await.text(), "127.0.0.1");
/// # }
/// ```
///
/// In a route, read it with [`Request::client`].
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub SocketAddr);

/// The root path a mounted service is served under (the ASGI scope's `root_path`): the
/// app's root path and the mount's path, put in the extensions of the requests an app
/// forwards to a service mounted with [`App::mount_service`](crate::App::mount_service).
///
/// ```
/// use std::convert::Infallible;
/// use brisk::prelude::*;
/// use brisk::request::RootPath;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let service = tower::service_fn(|req: http::Request<brisk::Body>| async move {
///     let root = req.extensions().get::<RootPath>().map(|r| r.0.clone()).unwrap_or_default();
///     Ok::<_, Infallible>(http::Response::new(root))
/// });
/// let client = TestClient::new(App::new().root_path("/api").mount_service("/v1", service));
/// assert_eq!(client.get("/v1/users").send().await.text(), "/api/v1");
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct RootPath(pub String);

/// What every request of an app shares: how bodies are read, the app's state, and the
/// count of background work. Set once on the app.
///
/// ```
/// use std::sync::Arc;
/// use brisk::Request;
/// use brisk::path_params::PathParams;
/// use brisk::request::RequestConfig;
///
/// let (parts, body) = http::Request::get("/items/42").body(brisk::Body::empty()).unwrap().into_parts();
/// let params = PathParams::from(vec!["42".to_owned()]);
/// assert_eq!(params.len(), 1);
/// let config = Arc::new(RequestConfig { body_limit: 1024, ..RequestConfig::default() });
/// let request = Request::new(parts, body, params, config);
/// assert_eq!(request.path_value(0), Some("42"));
/// assert_eq!(request.config().body_limit, 1024);
/// ```
#[derive(Debug, Clone)]
pub struct RequestConfig {
    /// The largest body read, in bytes (413 beyond).
    pub body_limit: usize,
    /// Bounds on form bodies.
    pub form_limits: FormLimits,
    /// The most validation errors one request reports (`None`: all).
    pub max_validation_errors: Option<usize>,
    /// JSON bodies need a JSON content type (FastAPI's default).
    pub strict_content_type: bool,
    /// The app's state, set when it starts.
    pub state: StateSlot,
    /// The background tasks still running.
    pub tasks: TaskTracker,
    /// The path prefix the app is served under (a proxy's, or a mount's): `""` for none.
    pub root_path: String,
    /// The peers whose `X-Forwarded-*` headers are believed.
    pub forwarded_allow: ForwardedAllow,
    /// The names of the outermost app's routes and mounts, for `url_for`.
    pub urls: Arc<UrlTable>,
    /// The outermost app's root path (without any mount's path): where `url_for`'s
    /// paths start (Starlette's `app_root_path`).
    pub app_root_path: String,
}

impl Default for RequestConfig {
    fn default() -> Self {
        RequestConfig {
            body_limit: crate::limits::DEFAULT_BODY_SIZE,
            form_limits: FormLimits::new(),
            max_validation_errors: Some(crate::limits::DEFAULT_VALIDATION_ERRORS),
            strict_content_type: true,
            state: StateSlot::default(),
            tasks: TaskTracker::default(),
            root_path: String::new(),
            forwarded_allow: ForwardedAllow::none(),
            urls: Arc::default(),
            app_root_path: String::new(),
        }
    }
}

/// A JSON syntax error located as Python's `json` module reports it.
///
/// ```
/// use brisk::prelude::*;
///
/// #[post("/raw")]
/// async fn raw(mut request: Request) -> String {
///     if request.read_body().await.is_err() {
///         return "too large".into();
///     }
///     match request.body_json() {
///         Ok(value) => value.to_string(),
///         Err(e) => format!("{} at {}", e.msg, e.pos),
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![raw]));
/// let res = client.post("/raw").header("content-type", "application/json").body("{\"a\": }").send().await;
/// assert_eq!(res.json::<String>(), "Expecting value at 6");
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct JsonError {
    /// Character offset of the error.
    pub pos: usize,
    /// Python's message, e.g. `Expecting value`.
    pub msg: String,
}

/// Why a body could not be prepared for extraction.
///
/// ```
/// use brisk::body::BodyError;
/// use brisk::request::BodyFailure;
///
/// let failure = BodyFailure::Read(BodyError::TooLarge);
/// assert!(matches!(failure, BodyFailure::Read(BodyError::TooLarge)));
/// ```
#[derive(Debug)]
pub enum BodyFailure {
    /// It could not be read (too large, or the connection failed).
    Read(BodyError),
    /// A form body broke the multipart format or a form limit, or a JSON body is not
    /// UTF-8: FastAPI's 400 or 413.
    Form(HttpException),
    /// The server failed (spooling an upload to disk): a 500.
    Internal(String),
}

impl From<FormError> for BodyFailure {
    fn from(e: FormError) -> Self {
        match e {
            FormError::Invalid(msg) => BodyFailure::Form(HttpException::new(400, msg.into_owned())),
            FormError::FileTooLarge(msg) => BodyFailure::Form(HttpException::new(413, msg)),
            FormError::TooLarge => BodyFailure::Read(BodyError::TooLarge),
            FormError::Io(e) => BodyFailure::Internal(format!("spooling an upload failed: {e}")),
        }
    }
}

/// FastAPI's `Request`: the raw request, for handlers that need more than parameters,
/// and what exception handlers receive.
///
/// Take it as a parameter of type `Request`; it does not appear in the OpenAPI document.
///
/// ```
/// use brisk::prelude::*;
///
/// #[get("/items/{item_id}")]
/// async fn read_item(item_id: String, request: Request) -> serde_json::Value {
///     let agent = request.headers().get("user-agent").and_then(|v| v.to_str().ok()).map(str::to_owned);
///     serde_json::json!({"item_id": item_id, "agent": agent, "url": request.url()})
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![read_item]));
/// let body = client.get("/items/foo?q=1").send().await.json::<serde_json::Value>();
/// assert_eq!(body, serde_json::json!({"item_id": "foo", "agent": "testclient", "url": "http://testserver/items/foo?q=1"}));
/// # }
/// ```
///
/// Guide: `guide/src/advanced/using-request-directly.md`.
pub struct Request {
    parts: Parts,
    path_values: PathParams,
    body: Option<Bytes>,
    stream: Option<Body>,
    json: Option<Box<Result<Value, JsonError>>>,
    config: Arc<RequestConfig>,
    client: Option<SocketAddr>,
    /// The parsed form, for routes with `#[form]` or `#[file]` parameters.
    pub(crate) form: Option<Box<FormData>>,
    /// The OAuth2 scopes required by the dependants of the dependency being resolved.
    pub(crate) scopes: Vec<&'static str>,
    /// True when the route's body parameters are nested under their names.
    pub(crate) embed_body: bool,
    /// The request's background tasks, once a parameter asked for them.
    pub(crate) background: Option<BackgroundTasks>,
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request").field("method", self.method()).field("uri", self.uri()).finish_non_exhaustive()
    }
}

impl Clone for Request {
    /// The request as received, with its body if it was read (not what was parsed).
    fn clone(&self) -> Self {
        Request {
            parts: self.parts.clone(),
            path_values: self.path_values.clone(),
            body: self.body.clone(),
            stream: None,
            json: None,
            config: self.config.clone(),
            client: self.client,
            form: None,
            scopes: Vec::new(),
            embed_body: self.embed_body,
            background: None,
        }
    }
}

static EMPTY: Bytes = Bytes::new();

impl Request {
    /// A request whose body has not been read yet.
    #[inline]
    pub fn new(parts: Parts, body: Body, path_values: impl Into<PathParams>, config: Arc<RequestConfig>) -> Self {
        Request {
            parts,
            path_values: path_values.into(),
            body: None,
            stream: Some(body),
            json: None,
            config,
            client: None,
            form: None,
            scopes: Vec::new(),
            embed_body: false,
            background: None,
        }
    }

    /// The request as middleware receives it from the app (the client address travels in
    /// a [`ClientAddr`] extension).
    pub fn from_http(req: http::Request<Body>, config: Arc<RequestConfig>) -> Self {
        let (parts, body) = req.into_parts();
        let mut req = Request::new(parts, body, PathParams::default(), config);
        req.client = req.parts.extensions.get::<ClientAddr>().map(|c| c.0);
        req
    }

    /// The request as the next service takes it: the body as read, or still unread.
    pub fn into_http(mut self) -> http::Request<Body> {
        if let Some(client) = self.client {
            self.parts.extensions.insert(ClientAddr(client));
        }
        let body = match (self.body, self.stream) {
            (Some(bytes), _) => Body::from(bytes),
            (None, Some(stream)) => stream,
            (None, None) => Body::empty(),
        };
        http::Request::from_parts(self.parts, body)
    }

    /// The method, URI, headers and extensions, to change them (in middleware).
    pub fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }

    /// The app's state of type `T` (what a `State<T>` parameter reads), if the app has it.
    pub fn state<T: Send + Sync + 'static>(&self) -> Option<State<T>> {
        self.config.state.get()?.get::<T>()
    }

    /// The request's background tasks (what a `BackgroundTasks` parameter receives).
    pub fn background_tasks(&mut self) -> BackgroundTasks {
        self.background.get_or_insert_with(BackgroundTasks::default).clone()
    }

    /// Takes the background tasks out, to start them after the response.
    pub(crate) fn take_background(&mut self) -> Option<BackgroundTasks> {
        self.background.take()
    }

    /// The path prefix the app is served under (FastAPI's `request.scope["root_path"]`):
    /// a proxy's `root_path`, or the path it is mounted at. `""` for none.
    pub fn root_path(&self) -> &str {
        &self.config.root_path
    }

    /// What the app shares with every request.
    pub fn config(&self) -> &Arc<RequestConfig> {
        &self.config
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.parts.method
    }

    /// The URI as received (path and query).
    pub fn uri(&self) -> &Uri {
        &self.parts.uri
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.parts.headers
    }

    /// The request's extensions (the client address, values set by middleware).
    pub fn extensions(&self) -> &http::Extensions {
        &self.parts.extensions
    }

    /// The client's address, when served over a socket (or set as a [`ClientAddr`]
    /// extension by whoever calls the app); behind a trusted proxy, the one it forwards
    /// (`X-Forwarded-For`, port 0).
    pub fn client(&self) -> Option<SocketAddr> {
        let peer = self.peer();
        crate::proxy::client(&self.parts.headers, peer, &self.config.forwarded_allow)
    }

    /// The address of the peer that sent the request (the proxy, behind one).
    pub fn peer(&self) -> Option<SocketAddr> {
        self.client.or_else(|| self.parts.extensions.get::<ClientAddr>().map(|c| c.0))
    }

    /// The scheme the client used: `http`, or a trusted proxy's `X-Forwarded-Proto`.
    pub fn scheme(&self) -> &str {
        self.origin().0
    }

    /// The host the client asked for: the `Host` header, or a trusted proxy's
    /// `X-Forwarded-Host`.
    pub fn host(&self) -> &str {
        self.origin().1
    }

    fn origin(&self) -> (&str, &str) {
        crate::proxy::origin(&self.parts.headers, &self.parts.uri, self.peer(), &self.config.forwarded_allow)
    }

    /// The app's public base URL: scheme, host and root path (`https://api.example.com/v1`).
    pub fn base_url(&self) -> String {
        let (scheme, host) = self.origin();
        format!("{scheme}://{host}{}", self.config.root_path)
    }

    /// Sets the client's address (the server passes it with the request, rather than in
    /// the extensions, which would allocate a map for every request).
    pub fn set_client(&mut self, client: Option<SocketAddr>) {
        self.client = client;
    }

    /// The body, when it was read (empty otherwise).
    pub fn body(&self) -> &Bytes {
        self.body.as_ref().unwrap_or(&EMPTY)
    }

    /// The body, when it was read (empty otherwise).
    pub fn body_bytes(&self) -> &[u8] {
        self.body.as_deref().unwrap_or(&[])
    }

    /// The body as text (lossy UTF-8), for exception handlers that echo it.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(self.body_bytes()).into_owned()
    }

    /// The decoded path parameters, in template order.
    pub fn path_params(&self) -> impl ExactSizeIterator<Item = &str> {
        (0..self.path_values.len()).map(|i| self.path_value(i).unwrap_or(""))
    }

    /// The decoded value of the `i`-th path parameter of the template.
    #[inline]
    pub fn path_value(&self, i: usize) -> Option<&str> {
        self.path_values.get(self.parts.uri.path(), i)
    }

    /// The raw query string (without `?`), empty when absent.
    pub fn query_str(&self) -> &str {
        self.parts.uri.query().unwrap_or("")
    }

    /// The full URL the client asked for (`https://host/root/path?query`): scheme and
    /// host as [`scheme`](Self::scheme) and [`host`](Self::host) say, the root path, the
    /// path and query.
    pub fn url(&self) -> String {
        let pq = self.parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
        let (scheme, host) = self.origin();
        // A path that still has the root path (not removed by a proxy) keeps it once.
        let root = self.config.root_path.as_str();
        let has_root = pq.strip_prefix(root).is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?']));
        let root = if has_root { "" } else { root };
        format!("{scheme}://{host}{root}{pq}")
    }

    /// The absolute URL of the route or mount named `name` (Starlette's
    /// `request.url_for(name, **path_params)`): scheme and host of this request (a trusted
    /// proxy's, behind one), the
    /// app's root path, and the path of [`url_path_for`](Self::url_path_for).
    ///
    /// ```
    /// use brisk::prelude::*;
    ///
    /// #[get("/items/{id}")]
    /// async fn read_item(id: String, request: Request) -> String {
    ///     request.url_for("read_item", [("id", id.as_str())]).map(|u| u.to_string()).unwrap_or_default()
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let client = TestClient::new(App::new().routes(routes![read_item]));
    /// let res = client.get("/items/42").send().await;
    /// assert_eq!(res.json::<String>(), "http://testserver/items/42");
    /// # }
    /// ```
    pub fn url_for<'a>(
        &self,
        name: &str,
        params: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Url, UrlForError> {
        let path = self.url_path_for(name, params)?;
        let base = self.config.app_root_path.trim_end_matches('/');
        let (scheme, host) = self.origin();
        Ok(Url::new(scheme, host, &format!("{base}{path}")))
    }

    /// The path of the route or mount named `name`, from the outermost app's root
    /// (Starlette's `app.url_path_for`): a route by its function name, a mount by the
    /// name it was given, with a `path` parameter (`("path", "/styles.css")`), a route of
    /// a mounted app as `mount_name:route_name`. The root path is not in it.
    pub fn url_path_for<'a>(
        &self,
        name: &str,
        params: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<String, UrlForError> {
        let params: Vec<(&str, &str)> = params.into_iter().collect();
        self.config.urls.url_path_for(name, &params)
    }

    /// Reads what a route's parameters need before extraction: the form (parsed once),
    /// or the whole body.
    pub async fn prepare_body(&mut self, form: bool, body: bool) -> Result<(), BodyFailure> {
        if form {
            let content_type =
                self.headers().get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
            let stream = self.stream.take().unwrap_or_default();
            // A declared length over the limit is refused before the body is polled (no
            // `100 Continue` invites the upload).
            if http_body::Body::size_hint(&stream).lower() > self.config.body_limit as u64 {
                return Err(BodyFailure::Read(BodyError::TooLarge));
            }
            let config = self.config.clone();
            // Boxed: the multipart parser's state stays out of every handler's future.
            let parsed =
                Box::pin(crate::forms::parse(&content_type, stream, &config.form_limits, config.body_limit)).await;
            let (form, raw) = parsed?;
            self.form = Some(Box::new(form));
            self.body = raw;
        } else if body {
            let bytes = self.read_body().await.map_err(BodyFailure::Read)?;
            // Python's `json.loads` cannot decode a JSON body that is not UTF-8: FastAPI's 400.
            let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
            if !text.is_empty() && std::str::from_utf8(text).is_err() && self.is_json_content() {
                return Err(BodyFailure::Form(HttpException::new(400, "There was an error parsing the body")));
            }
        }
        Ok(())
    }

    /// Reads the whole body once (within the app's size limit) and keeps it.
    pub async fn read_body(&mut self) -> Result<&Bytes, BodyError> {
        if self.body.is_none() {
            let body = self.stream.take().unwrap_or_default();
            let bytes = body.collect_limited(self.config.body_limit).await?;
            self.body = Some(bytes);
        }
        Ok(self.body.get_or_insert_with(Bytes::new))
    }

    /// Replaces the body (a route wrapper decompressing it, say): what the route's
    /// parameters read from then on.
    pub fn set_body(&mut self, body: impl Into<Bytes>) {
        self.body = Some(body.into());
        self.stream = None;
        self.json = None;
        self.form = None;
    }

    /// The body parsed as JSON, parsed once. Call [`read_body`](Self::read_body) first.
    pub fn body_json(&mut self) -> &Result<Value, JsonError> {
        if self.json.is_none() {
            // Python's `json.loads` skips a UTF-8 byte-order mark in bytes.
            let bytes = self.body_bytes();
            let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
            // UTF-8 checked once, in bulk, rather than string by string; bytes that are not
            // UTF-8 are read as bytes, for the error serde_json gives them.
            let parsed = match std::str::from_utf8(bytes) {
                Ok(text) => serde_json::from_str::<Value>(text),
                Err(_) => serde_json::from_slice::<Value>(bytes),
            };
            let parsed = parsed.map_err(|e| python_json_error(bytes, &e));
            self.json = Some(Box::new(parsed));
        }
        self.json.get_or_insert_with(|| Box::new(Ok(Value::Null)))
    }

    /// FastAPI's rule for reading a body as JSON: `application/json` or any
    /// `application/*+json`; no content type only when the app is not strict.
    pub fn is_json_content(&self) -> bool {
        match self.parts.headers.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) {
            None => !self.config.strict_content_type,
            Some(ct) => {
                // Compared without case and without allocating: this runs on every JSON body.
                let essence = ct.split(';').next().unwrap_or("").trim();
                match essence.split_once('/') {
                    Some((kind, sub)) if kind.eq_ignore_ascii_case("application") => {
                        sub.eq_ignore_ascii_case("json")
                            || (sub.len() >= 5 && sub.as_bytes()[sub.len() - 5..].eq_ignore_ascii_case(b"+json"))
                    }
                    _ => false,
                }
            }
        }
    }
}

/// One `name=value` pair of a query string, not decoded: the pair, where its first `=`
/// is, and whether its key or value holds `%` or `+` (and so needs decoding).
struct RawPair<'a> {
    pair: &'a str,
    eq: Option<usize>,
    key_coded: bool,
    value_coded: bool,
}

impl<'a> RawPair<'a> {
    #[inline]
    fn key(&self) -> &'a str {
        &self.pair[..self.eq.unwrap_or(self.pair.len())]
    }

    #[inline]
    fn value(&self) -> &'a str {
        self.eq.map_or("", |i| &self.pair[i + 1..])
    }

    /// Key and value decoded as `application/x-www-form-urlencoded` (by `form_urlencoded`).
    fn decoded(&self) -> (Cow<'a, str>, Cow<'a, str>) {
        form_urlencoded::parse(self.pair.as_bytes()).next().unwrap_or((Cow::Borrowed(""), Cow::Borrowed("")))
    }
}

/// The non-empty pairs of a query string, each scanned once (this runs for the query
/// parameters of every request).
#[inline]
fn raw_pairs(q: &str) -> impl Iterator<Item = RawPair<'_>> {
    // One loop over the bytes, no searcher set up per pair: query strings are short.
    let mut rest = q;
    std::iter::from_fn(move || {
        loop {
            if rest.is_empty() {
                return None;
            }
            let mut end = rest.len();
            let (mut eq, mut key_coded, mut value_coded) = (None, false, false);
            for (i, &b) in rest.as_bytes().iter().enumerate() {
                match b {
                    b'&' => {
                        end = i;
                        break;
                    }
                    b'=' if eq.is_none() => eq = Some(i),
                    b'%' | b'+' if eq.is_none() => key_coded = true,
                    b'%' | b'+' => value_coded = true,
                    _ => {}
                }
            }
            let pair = &rest[..end];
            rest = rest.get(end + 1..).unwrap_or("");
            if !pair.is_empty() {
                return Some(RawPair { pair, eq, key_coded, value_coded });
            }
        }
    })
}

/// Calls `each` with every value of the query parameter `name`, in order: what
/// [`query_pairs`] gives for that name, but the key is compared before anything is
/// decoded, and only a matching pair's value is looked at.
pub(crate) fn query_values<'a>(q: &'a str, name: &str, mut each: impl FnMut(Cow<'a, str>)) {
    for raw in raw_pairs(q) {
        if raw.key_coded {
            // An encoded key: decoded (with its value) before it is compared.
            let (k, v) = raw.decoded();
            if k == name {
                each(v);
            }
        } else if raw.key() == name {
            each(if raw.value_coded { raw.decoded().1 } else { Cow::Borrowed(raw.value()) });
        }
    }
}

/// The `(name, value)` pairs of a query string, decoded as `application/x-www-form-urlencoded`
/// (by `form_urlencoded`) only where a pair holds `%` or `+`: plain pairs are borrowed.
///
/// ```
/// let pairs: Vec<(String, String)> =
///     brisk::request::query_pairs("q=a+b&tag=%C3%A9&empty=").map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
/// assert_eq!(pairs, [("q".into(), "a b".into()), ("tag".into(), "é".into()), ("empty".into(), String::new())]);
/// ```
pub fn query_pairs(q: &str) -> impl Iterator<Item = (Cow<'_, str>, Cow<'_, str>)> {
    raw_pairs(q).map(|raw| {
        if raw.key_coded || raw.value_coded {
            raw.decoded()
        } else {
            (Cow::Borrowed(raw.key()), Cow::Borrowed(raw.value()))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_content_types_match_without_case() {
        let is_json = |ct: &str| {
            let (parts, _) = http::Request::builder().header("content-type", ct).body(()).unwrap().into_parts();
            Request::new(parts, Body::empty(), PathParams::default(), Arc::default()).is_json_content()
        };
        assert!(is_json("application/json"));
        assert!(is_json("Application/JSON; charset=utf-8"));
        assert!(is_json("application/vnd.api+JSON"));
        assert!(!is_json("application/jsonx"));
        assert!(!is_json("text/json"));
        assert!(!is_json("application/+jso"));
    }
}
