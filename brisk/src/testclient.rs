//! An in-process client for tests (FastAPI's `TestClient`): requests go through the whole
//! app — middleware, routing, extraction, handlers, exception handlers — without a
//! socket.
//!
//! Like FastAPI's `with TestClient(app)`, it runs the app's lifespan: startup before the
//! first request (or at [`TestClient::start`]), shutdown at [`TestClient::close`] or
//! when the last clone is dropped. A response is handed back once the background tasks
//! it started have run.
//!
//! ```
//! use brisk::prelude::*;
//!
//! #[get("/")]
//! async fn root() -> Json<&'static str> {
//!     Json("Hello World")
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let client = TestClient::new(App::new().routes(routes![root]));
//! let res = client.get("/").send().await;
//! assert_eq!(res.status(), 200);
//! assert_eq!(res.json::<String>(), "Hello World");
//! # }
//! ```

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use http_body_util::BodyExt;
use serde::Serialize;
use serde::de::DeserializeOwned;

mod websocket;

pub use websocket::{TestWebSocket, WebSocketRejected, WebSocketRequest};

use crate::app::{App, AppService, BuildError};
use crate::body::Body;
use crate::lifespan::StartupError;

/// Sends requests to an app in-process.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use brisk::{App, TestClient};
/// let client = TestClient::new(App::new());
/// let res = client.get("/nope").send().await;
/// assert_eq!(res.status(), 404);
/// assert_eq!(res.json::<serde_json::Value>()["detail"], "Not Found");
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct TestClient {
    service: AppService,
    life: std::sync::Arc<Life>,
}

/// The lifespan of the app under test, shared by a client's clones.
#[derive(Debug)]
struct Life {
    service: AppService,
    started: tokio::sync::OnceCell<Result<(), String>>,
}

/// How long a client dropped inside a runtime waits for the app's shutdown work.
///
/// That work runs on a thread of its own while the dropping thread waits. Inside a runtime
/// the waiting thread may be the one a task the shutdown waits for needs (a request's
/// teardown holding a pooled connection that closing the pool waits for): past this, the
/// drop returns and the work goes on alone. [`TestClient::close`] has no such limit.
const DROP_SHUTDOWN_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

impl Drop for Life {
    fn drop(&mut self) {
        // Dropped without `close()`: run the shutdown work on a thread of its own, as
        // a runtime cannot be blocked from inside.
        if let Some(work) = self.service.take_shutdown() {
            let (done, finished) = std::sync::mpsc::channel::<()>();
            let run = std::thread::spawn(move || {
                match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                    Ok(rt) => rt.block_on(work),
                    Err(e) => eprintln!("TestClient: no runtime for the app's shutdown: {e}"),
                }
                let _ = done.send(());
            });
            if tokio::runtime::Handle::try_current().is_err() {
                let _ = run.join();
            } else if finished.recv_timeout(DROP_SHUTDOWN_WAIT).is_err() {
                eprintln!(
                    "TestClient: the app's shutdown did not finish within {DROP_SHUTDOWN_WAIT:?} of the \
                     client's drop (it may wait for work on this runtime); call `client.close().await` \
                     before the test ends"
                );
            }
        }
    }
}

impl TestClient {
    /// A client for `app`. Panics if the app is misconfigured (use
    /// [`try_new`](Self::try_new) to get the error instead).
    pub fn new(app: App) -> Self {
        match Self::try_new(app) {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        }
    }

    /// A client for `app`, or the app's configuration error.
    pub fn try_new(app: App) -> Result<Self, BuildError> {
        let service = app.into_service()?;
        let life = std::sync::Arc::new(Life { service: service.clone(), started: tokio::sync::OnceCell::new() });
        Ok(TestClient { service, life })
    }

    /// Runs the app's startup now (it runs before the first request otherwise): its
    /// error, for a test of a failing startup.
    pub async fn start(&self) -> Result<(), StartupError> {
        self.life.start().await.map_err(StartupError)
    }

    /// Runs the app's shutdown work (once; later requests still reach the app).
    pub async fn close(&self) {
        if self.life.started.initialized() {
            self.service.shutdown().await;
        }
    }

    /// A request with any method.
    pub fn request(&self, method: Method, path: &str) -> TestRequest {
        let mut headers = HeaderMap::new();
        headers.insert(http::header::HOST, HeaderValue::from_static("testserver"));
        headers.insert(http::header::USER_AGENT, HeaderValue::from_static("testclient"));
        TestRequest {
            service: self.service.clone(),
            life: self.life.clone(),
            method,
            path: path.to_owned(),
            headers,
            body: Bytes::new(),
        }
    }

    /// A GET request.
    pub fn get(&self, path: &str) -> TestRequest {
        self.request(Method::GET, path)
    }
    /// A POST request.
    pub fn post(&self, path: &str) -> TestRequest {
        self.request(Method::POST, path)
    }
    /// A PUT request.
    pub fn put(&self, path: &str) -> TestRequest {
        self.request(Method::PUT, path)
    }
    /// A PATCH request.
    pub fn patch(&self, path: &str) -> TestRequest {
        self.request(Method::PATCH, path)
    }
    /// A DELETE request.
    pub fn delete(&self, path: &str) -> TestRequest {
        self.request(Method::DELETE, path)
    }
    /// A HEAD request.
    pub fn head(&self, path: &str) -> TestRequest {
        self.request(Method::HEAD, path)
    }
    /// An OPTIONS request.
    pub fn options(&self, path: &str) -> TestRequest {
        self.request(Method::OPTIONS, path)
    }
}

/// A request being built by a [`TestClient`].
///
/// ```
/// use brisk::prelude::*;
///
/// #[post("/echo")]
/// async fn echo(request: Request) -> String {
///     let token = request.headers().get("x-token").and_then(|v| v.to_str().ok()).unwrap_or("");
///     format!("{token} {}", request.query_str())
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![echo]));
/// let res = client.post("/echo?q=1").header("x-token", "abc").send().await;
/// assert_eq!(res.json::<String>(), "abc q=1");
/// # }
/// ```
///
/// Guide: `guide/src/tutorial/testing.md`.
#[derive(Debug)]
pub struct TestRequest {
    service: AppService,
    life: std::sync::Arc<Life>,
    method: Method,
    path: String,
    headers: HeaderMap,
    body: Bytes,
}

impl TestRequest {
    /// Sets a header (replacing one of the same name). Invalid names or values panic, as
    /// a test's mistake.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let n = HeaderName::from_bytes(name.as_bytes()).unwrap_or_else(|e| panic!("header name {name:?}: {e}"));
        let v = HeaderValue::from_str(value).unwrap_or_else(|e| panic!("header value {value:?}: {e}"));
        self.headers.insert(n, v);
        self
    }

    /// Appends a header, keeping others of the same name (repeated headers).
    pub fn append_header(mut self, name: &str, value: &str) -> Self {
        let n = HeaderName::from_bytes(name.as_bytes()).unwrap_or_else(|e| panic!("header name {name:?}: {e}"));
        let v = HeaderValue::from_str(value).unwrap_or_else(|e| panic!("header value {value:?}: {e}"));
        self.headers.append(n, v);
        self
    }

    /// Appends a header whose value is raw bytes: what `header` cannot send, such as a
    /// value that is not UTF-8 (any byte but control characters is allowed on the wire).
    pub fn header_bytes(mut self, name: &str, value: &[u8]) -> Self {
        let n = HeaderName::from_bytes(name.as_bytes()).unwrap_or_else(|e| panic!("header name {name:?}: {e}"));
        let v = HeaderValue::from_bytes(value).unwrap_or_else(|e| panic!("header value {value:?}: {e}"));
        self.headers.append(n, v);
        self
    }

    /// Removes every header, including the default `host` and `user-agent`.
    pub fn clear_headers(mut self) -> Self {
        self.headers.clear();
        self
    }

    /// A JSON body (and `content-type: application/json`).
    pub fn json<T: Serialize + ?Sized>(mut self, value: &T) -> Self {
        self.body = serde_json::to_vec(value).unwrap_or_else(|e| panic!("test body not serializable: {e}")).into();
        self.headers.insert(http::header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        self
    }

    /// A raw body.
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// An urlencoded form body.
    pub fn form(mut self, fields: &[(&str, &str)]) -> Self {
        let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        self.body = body.into();
        self.headers.insert(http::header::CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"));
        self
    }

    /// Sends the request through the app and reads the whole response.
    pub async fn send(self) -> TestResponse {
        if let Err(e) = self.life.start().await {
            panic!("the app did not start: {e}");
        }
        let mut req = http::Request::new(Body::from(self.body.clone()));
        *req.method_mut() = self.method;
        *req.uri_mut() = self.path.parse().unwrap_or_else(|e| panic!("test path {:?}: {e}", self.path));
        let mut headers = self.headers;
        if !self.body.is_empty() || matches!(*req.method(), Method::POST | Method::PUT | Method::PATCH) {
            headers.insert(http::header::CONTENT_LENGTH, HeaderValue::from(self.body.len()));
        }
        *req.headers_mut() = headers;
        // An in-process request still has a client, as with Starlette's test client.
        let res = self.service.call_from(req, std::net::SocketAddr::from(([127, 0, 0, 1], 50000))).await;
        let (parts, body) = res.into_parts();
        let body = match body.collect().await {
            Ok(c) => c.to_bytes(),
            Err(e) => panic!("response body failed: {e}"),
        };
        // As Starlette's test client: the response comes back after its background tasks.
        self.service.wait_background_tasks().await;
        TestResponse { status: parts.status, headers: parts.headers, body }
    }
}

impl Life {
    async fn start(&self) -> Result<(), String> {
        self.started.get_or_init(|| async { self.service.startup().await.map_err(|e| e.0) }).await.clone()
    }
}

/// A complete response received by a [`TestClient`].
///
/// ```
/// use brisk::prelude::*;
///
/// #[get("/")]
/// async fn root() -> Response {
///     Response::new("hi").media_type("text/plain").header("x-a", "1")
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let res = TestClient::new(App::new().routes(routes![root])).get("/").send().await;
/// assert_eq!(res.status(), 200);
/// assert_eq!(res.header("x-a"), Some("1"));
/// assert_eq!(res.bytes().as_ref(), b"hi");
/// assert_eq!(res.text(), "hi");
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct TestResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl TestResponse {
    /// The status code.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }
    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
    /// One header's value as text (`None` if absent or not text).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    /// The body bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.body
    }
    /// The body as text (lossy UTF-8).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    /// The body parsed as JSON. Panics if it is not, as a failed test.
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not the expected JSON ({e}): {}", self.text()))
    }
}
