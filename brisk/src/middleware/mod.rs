//! Middleware: code around every request of an app, routes, 404s and docs alike
//! (Starlette's middleware stack).
//!
//! Two kinds, in one stack: functions like FastAPI's `@app.middleware("http")`
//! ([`App::middleware`](crate::App::middleware), taking the [`Request`] and a [`Next`]),
//! and any tower `Layer` ([`App::layer`](crate::App::layer)), tower-http's included. As in
//! Starlette, the last one added is the outermost: it sees the request first and the
//! response last. An app with no middleware pays nothing for the stack.
//!
//! Starlette's built-in middleware, with its exact wire behaviour, are tower layers:
//! [`CorsMiddleware`], [`GZipMiddleware`], [`TrustedHostMiddleware`] and
//! [`HttpsRedirectMiddleware`].
//!
//! ```
//! use brisk::prelude::*;
//! use brisk::response::HttpResponse;
//!
//! async fn tag(request: Request, next: Next) -> HttpResponse {
//!     let mut response = next.run(request).await;
//!     response.headers_mut().insert("x-app", http::HeaderValue::from_static("brisk"));
//!     response
//! }
//!
//! #[get("/")]
//! async fn root() -> &'static str {
//!     "root"
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! // A function middleware, and a tower layer (the last added is the outermost).
//! let app = App::new().middleware(tag).layer(GZipMiddleware::new()).routes(routes![root]);
//! let client = TestClient::new(app);
//! assert_eq!(client.get("/").send().await.header("x-app"), Some("brisk"));
//! assert_eq!(client.get("/nowhere").send().await.header("x-app"), Some("brisk"));
//! # }
//! ```

pub mod cors;
pub use cors::CorsMiddleware;
pub mod gzip;
pub use gzip::GZipMiddleware;
pub mod https_redirect;
mod request_url;
pub use https_redirect::HttpsRedirectMiddleware;
pub mod trusted_host;
pub use trusted_host::TrustedHostMiddleware;

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use tower::ServiceExt;
use tower_service::Service;

use crate::body::{Body, BoxError};
use crate::request::{Request, RequestConfig};
use crate::response::{HttpResponse, IntoResponse, Raised, internal_error};

pub use crate::next::{BoxService, Next};

/// One step of the stack: wraps the service inside it.
pub(crate) type Wrap = Arc<dyn Fn(BoxService, &Arc<RequestConfig>) -> BoxService + Send + Sync>;

/// A function middleware as a step of the stack.
pub(crate) fn from_fn<F, Fut, R>(f: F) -> Wrap
where
    F: Fn(Request, Next) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = R> + Send + 'static,
    R: IntoResponse + 'static,
{
    let f = Arc::new(f);
    Arc::new(move |inner, config| BoxService::new(FnService { f: f.clone(), inner, config: config.clone() }))
}

struct FnService<F> {
    f: Arc<F>,
    inner: BoxService,
    config: Arc<RequestConfig>,
}

impl<F> Clone for FnService<F> {
    fn clone(&self) -> Self {
        FnService { f: self.f.clone(), inner: self.inner.clone(), config: self.config.clone() }
    }
}

impl<F, Fut, R> Service<http::Request<Body>> for FnService<F>
where
    F: Fn(Request, Next) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = R> + Send + 'static,
    R: IntoResponse + 'static,
{
    type Response = HttpResponse;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<HttpResponse, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<Body>) -> Self::Future {
        let req = Request::from_http(req, self.config.clone());
        let fut = (self.f)(req, Next::service(self.inner.clone()));
        Box::pin(async move {
            let mut res = fut.await.into_response();
            // An error a middleware raises is outside the app's exception handlers: it
            // gets its default answer (an `HttpException` its detail, others a 500).
            let _ = Raised::take(&mut res);
            Ok(res)
        })
    }
}

/// A tower service an app can run — a layer's service, a mounted service: any request
/// in, any body out, any error (answered 500, logged). Every such service is one.
///
/// ```
/// use std::convert::Infallible;
/// use brisk::prelude::*;
/// use brisk::request::RootPath;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let legacy = tower::service_fn(|req: http::Request<brisk::Body>| async move {
///     let root = req.extensions().get::<RootPath>().map(|r| r.0.clone()).unwrap_or_default();
///     Ok::<_, Infallible>(http::Response::new(format!("{root} {}", req.uri().path())))
/// });
/// let client = TestClient::new(App::new().mount_service("/legacy", legacy));
/// assert_eq!(client.get("/legacy/users").send().await.text(), "/legacy /users");
/// # }
/// ```
///
/// Guide: `guide/src/advanced/sub-applications.md`.
pub trait HttpService: Send + Sync + 'static {
    /// The service as the app's: readiness awaited per request, its body made a [`Body`],
    /// its error a 500.
    fn into_box_service(self) -> BoxService;
}

impl<S, B, E> HttpService for S
where
    S: Service<http::Request<Body>, Response = http::Response<B>, Error = E> + Clone + Send + Sync + 'static,
    S::Future: Send + 'static,
    B: http_body::Body<Data = bytes::Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
    E: Into<BoxError> + 'static,
{
    fn into_box_service(self) -> BoxService {
        BoxService::new(LayerService(self))
    }
}

/// A tower `Layer` as a step of the stack.
pub(crate) fn from_layer<L>(layer: L) -> Wrap
where
    L: tower_layer::Layer<BoxService> + Send + Sync + 'static,
    L::Service: HttpService,
{
    Arc::new(move |inner, _| layer.layer(inner).into_box_service())
}

/// A layer's service made the app's: readiness awaited per request (so a layer with
/// back-pressure, like a concurrency limit, works), its body made a [`Body`], its error a
/// 500.
#[derive(Clone)]
struct LayerService<S>(S);

impl<S, B, E> Service<http::Request<Body>> for LayerService<S>
where
    S: Service<http::Request<Body>, Response = http::Response<B>, Error = E> + Clone + Send + Sync + 'static,
    S::Future: Send + 'static,
    B: http_body::Body<Data = bytes::Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
    E: Into<BoxError> + 'static,
{
    type Response = HttpResponse;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<HttpResponse, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<Body>) -> Self::Future {
        let fut = self.0.clone().oneshot(req);
        Box::pin(async move {
            Ok(match fut.await {
                Ok(res) => res.map(into_body),
                Err(e) => internal_error(&format!("a middleware failed: {}", e.into())),
            })
        })
    }
}

/// A layer's response body as the app's: unchanged when it is one already.
fn into_body<B>(body: B) -> Body
where
    B: http_body::Body<Data = bytes::Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    let mut slot = Some(body);
    match (&mut slot as &mut dyn std::any::Any).downcast_mut::<Option<Body>>() {
        Some(own) => own.take().unwrap_or_default(),
        None => slot.map(Body::from_stream).unwrap_or_default(),
    }
}

/// Builds the stack over `app`: each step wraps the ones added before it.
pub(crate) fn stack(app: BoxService, steps: &[Wrap], config: &Arc<RequestConfig>) -> BoxService {
    steps.iter().fold(app, |inner, wrap| wrap(inner, config))
}

/// A response future run under the stack: a panic in a middleware answers 500, as
/// Starlette's `ServerErrorMiddleware`.
pub(crate) fn call_stack(stack: &BoxService, req: http::Request<Body>) -> BoxFuture<'static, HttpResponse> {
    stack.clone().oneshot(req).map(|r| r.unwrap_or_else(|never| match never {})).boxed()
}
