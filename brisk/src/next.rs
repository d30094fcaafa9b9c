//! What comes next: [`Next`], the rest of the app as a middleware sees it, or the rest of
//! a route as a route wrapper sees it (FastAPI's `call_next`, and the
//! `original_route_handler` of a custom `APIRoute` class).
//!
//! ```
//! use brisk::prelude::*;
//! use brisk::response::HttpResponse;
//!
//! async fn timing(request: Request, next: Next) -> HttpResponse {
//!     let start = std::time::Instant::now();
//!     let mut response = next.run(request).await;
//!     if let Ok(took) = start.elapsed().as_micros().to_string().parse() {
//!         response.headers_mut().insert("x-process-time", took);
//!     }
//!     response
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let client = TestClient::new(App::new().middleware(timing));
//! assert!(client.get("/").send().await.header("x-process-time").is_some());
//! # }
//! ```

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;

use futures_util::future::BoxFuture;
use tower::ServiceExt;
use tower::util::BoxCloneSyncService;

use crate::body::Body;
use crate::context::{RequestCtx, RoutePlan, Runtime};
use crate::handler::Handler;
use crate::request::Request;
use crate::response::{HttpResponse, IntoResponse};

/// The app's service as middleware sees it: any request in, a response out, never an
/// error (errors are responses by then).
#[doc(hidden)]
pub type BoxService = BoxCloneSyncService<http::Request<Body>, HttpResponse, Infallible>;

/// Code around every route of a router or app, after routing (FastAPI's custom
/// `APIRoute` class): it gets the request, path parameters read, and the route as
/// [`Next`]. Errors the route raises — a validation failure included — reach it as
/// responses marked raised, and are answered by the app's handlers after it.
#[doc(hidden)]
pub type RouteWrap = Arc<dyn Fn(Request, Next) -> BoxFuture<'static, HttpResponse> + Send + Sync>;

/// A route wrapper from a function like a middleware's.
#[doc(hidden)]
pub fn route_wrap<F, Fut, R>(f: F) -> RouteWrap
where
    F: Fn(Request, Next) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = R> + Send + 'static,
    R: IntoResponse + 'static,
{
    Arc::new(move |req, next| {
        let fut = f(req, next);
        Box::pin(async move { fut.await.into_response() })
    })
}

/// The rest of the app, or of a route, for a middleware or a route wrapper to call
/// (FastAPI's `call_next`).
///
/// ```
/// use brisk::prelude::*;
///
/// async fn add_process_time(request: Request, next: Next) -> brisk::response::HttpResponse {
///     let start = std::time::Instant::now();
///     let mut response = next.run(request).await;
///     let took = start.elapsed().as_secs_f64().to_string();
///     if let Ok(value) = took.parse() {
///         response.headers_mut().insert("x-process-time", value);
///     }
///     response
/// }
///
/// #[get("/")]
/// async fn root() -> &'static str {
///     "root"
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().middleware(add_process_time).routes(routes![root]));
/// assert!(client.get("/").send().await.header("x-process-time").is_some());
/// # }
/// ```
///
/// Guide: `guide/src/tutorial/middleware.md`, `guide/src/how-to/custom-request-and-route.md`.
pub struct Next(Inner);

enum Inner {
    Service(BoxService),
    Route(RouteRest),
}

/// A wrapped route from one of its wrappers on.
struct RouteRest {
    wrappers: Arc<[RouteWrap]>,
    index: usize,
    handler: Handler,
    plan: Arc<RoutePlan>,
    runtime: Arc<Runtime>,
}

impl std::fmt::Debug for Next {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Next")
    }
}

impl Next {
    /// The rest of the app behind a middleware.
    pub(crate) fn service(inner: BoxService) -> Self {
        Next(Inner::Service(inner))
    }

    /// Passes the request on (changed or not) and gives back the response of the rest of
    /// the app or route.
    pub async fn run(self, req: Request) -> HttpResponse {
        match self.0 {
            Inner::Service(svc) => match svc.oneshot(req.into_http()).await {
                Ok(res) => res,
                Err(never) => match never {},
            },
            Inner::Route(rest) => match rest.wrappers.get(rest.index).cloned() {
                Some(wrap) => wrap(req, Next(Inner::Route(RouteRest { index: rest.index + 1, ..rest }))).await,
                None => (rest.handler)(RequestCtx::from_request(req, rest.plan, rest.runtime)).await,
            },
        }
    }
}

/// Runs a wrapped route: its wrappers, outermost first, then its pipeline; what was
/// raised and not caught (see [`raised`](crate::response::raised)) is then answered by
/// the app's handlers.
#[doc(hidden)]
pub fn run_wrapped(wrappers: Arc<[RouteWrap]>, handler: Handler, cx: RequestCtx) -> BoxFuture<'static, HttpResponse> {
    let RequestCtx { req, plan, runtime, .. } = cx;
    Box::pin(async move {
        // The exception handlers receive the request as it came.
        let seen = req.clone();
        let rest = RouteRest { wrappers, index: 0, handler, plan, runtime: runtime.clone() };
        let mut res = Next(Inner::Route(rest)).run(req).await;
        // An error raised past the wrappers is answered afresh, as an exception raised
        // through FastAPI's route class: what the wrappers did to that response is lost.
        match crate::response::Raised::take(&mut res) {
            Some(error) => match runtime.exception_handlers.answer(&seen, error) {
                Ok(answer) => answer,
                Err(unhandled) => crate::exceptions::ExceptionHandlers::unhandled(unhandled),
            },
            None => res,
        }
    })
}
