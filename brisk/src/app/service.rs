//! The built app: [`AppService`], the `tower::Service` every request goes through — the
//! middleware stack when there is one, then routing, the docs, 404/405/redirects, and a
//! route's pipeline.

use std::borrow::Cow;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::FutureExt;
use http::HeaderValue;
use http::header::CONTENT_TYPE;

use crate::path_params::PathParams;

use crate::background::TaskTracker;
use crate::body::Body;
use crate::context::{RequestCtx, Runtime};
use crate::docs;
use crate::error::HttpException;
use crate::exceptions;
use crate::lifespan::{Lifecycle, StartupError};
use crate::middleware::{self, BoxService};
use crate::request::{ClientAddr, Request, RootPath};
use crate::response::HttpResponse;
use crate::routing::{Lookup, RouteInfo, Router, Target};

/// What a built app shares with every request.
#[derive(Debug)]
#[doc(hidden)]
pub struct AppState {
    pub(super) router: Router,
    pub(super) lifecycle: Lifecycle,
    pub(super) runtime: Arc<Runtime>,
    /// The OpenAPI document, when served.
    pub(super) document: Option<super::document::Document>,
    pub(super) swagger_html: Bytes,
    pub(super) redoc_html: Bytes,
    pub(super) docs_url: Option<String>,
    pub(super) routes: Vec<Arc<RouteInfo>>,
    /// A prefix removed from request paths before routing (the app's root path).
    pub(super) strip_prefix: String,
    /// What is mounted under which path, in the order mounted.
    pub(super) mounts: Vec<(String, Mount)>,
}

/// Something mounted under a path.
pub(super) enum Mount {
    App(AppService),
    Service(BoxService),
}

impl std::fmt::Debug for Mount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mount::App(app) => app.fmt(f),
            Mount::Service(_) => f.write_str("Service"),
        }
    }
}

/// A built app: a cheap-to-clone `tower::Service` for `http::Request<Body>`.
///
/// Whoever serves it runs [`startup`](Self::startup) before the first request and
/// [`shutdown`](Self::shutdown) after the last (`serve` and `TestClient` do).
///
/// ```
/// use brisk::prelude::*;
/// use http_body_util::BodyExt;
///
/// #[get("/")]
/// async fn root() -> &'static str {
///     "Hello World"
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let service = App::new().routes(routes![root]).into_service().expect("a valid app");
/// service.startup().await.expect("started");
/// let res = service.call(http::Request::new(brisk::Body::empty())).await;
/// assert_eq!(res.status(), 200);
/// assert_eq!(&res.into_body().collect().await.unwrap().to_bytes()[..], b"\"Hello World\"");
/// service.shutdown().await;
/// # }
/// ```
#[derive(Clone)]
pub struct AppService {
    pub(super) state: Arc<AppState>,
    /// The middleware stack over the routes, when there is middleware.
    pub(super) stack: Option<BoxService>,
}

impl std::fmt::Debug for AppService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppService").field("state", &self.state).field("middleware", &self.stack.is_some()).finish()
    }
}

/// The routes under the middleware: the client's address comes in an extension.
#[derive(Clone)]
pub(super) struct RouterService(pub(super) Arc<AppState>);

impl tower_service::Service<http::Request<Body>> for RouterService {
    type Response = HttpResponse;
    type Error = Infallible;
    type Future = futures_util::future::Map<ResponseFuture, fn(HttpResponse) -> Result<HttpResponse, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<Body>) -> Self::Future {
        let client = req.extensions().get::<ClientAddr>().map(|c| c.0);
        dispatch(&self.0, req, client).map(Ok)
    }
}

impl AppService {
    /// The OpenAPI document as served (empty when disabled), rendered on first use.
    pub fn openapi_json(&self) -> &[u8] {
        self.state.document.as_ref().map_or(&[], |d| d.json())
    }

    /// The docs URL, when Swagger UI is served.
    pub fn docs_url(&self) -> Option<&str> {
        self.state.docs_url.as_deref()
    }

    /// The routes' runtime information.
    pub fn routes(&self) -> &[Arc<RouteInfo>] {
        &self.state.routes
    }

    /// Handles one request.
    pub fn call(&self, req: http::Request<Body>) -> ResponseFuture {
        match &self.stack {
            None => dispatch(&self.state, req, None),
            Some(stack) => ResponseFuture(Inner::Running(middleware::call_stack(stack, req))),
        }
    }

    /// Handles one request from a client at this address (what the server calls).
    pub fn call_from(&self, mut req: http::Request<Body>, client: std::net::SocketAddr) -> ResponseFuture {
        match &self.stack {
            None => dispatch(&self.state, req, Some(client)),
            Some(stack) => {
                req.extensions_mut().insert(ClientAddr(client));
                // Middleware reads the scheme from the URI (an HTTPS redirect, say): a
                // trusted proxy's `X-Forwarded-Proto` makes it the public one, as uvicorn
                // sets the scope's scheme before the app.
                let allow = &self.state.runtime.body.forwarded_allow;
                if !allow.is_none()
                    && let Some(uri) = crate::proxy::public_uri(req.headers(), req.uri(), client, allow)
                {
                    *req.uri_mut() = uri;
                }
                ResponseFuture(Inner::Running(middleware::call_stack(stack, req)))
            }
        }
    }

    /// Runs the app's startup work (once): hooks and lifespans, then the check that its
    /// state has every type its routes read. Call it before the first request.
    pub async fn startup(&self) -> Result<(), StartupError> {
        self.state.lifecycle.startup().await?;
        for (path, mount) in &self.state.mounts {
            if let Mount::App(app) = mount {
                Box::pin(app.startup())
                    .await
                    .map_err(|e| StartupError(format!("the app mounted at {path}: {}", e.0)))?;
            }
        }
        Ok(())
    }

    /// Runs the app's shutdown work (once), after the last request: the mounted apps'
    /// first.
    pub async fn shutdown(&self) {
        for (_, mount) in self.state.mounts.iter().rev() {
            if let Mount::App(app) = mount {
                Box::pin(app.shutdown()).await;
            }
        }
        self.state.lifecycle.shutdown().await
    }

    /// Completes when no background task of this app or of the apps mounted in it is
    /// running.
    pub async fn wait_background_tasks(&self) {
        self.background_tasks().wait_idle().await;
        for (_, mount) in &self.state.mounts {
            if let Mount::App(app) = mount {
                Box::pin(app.wait_background_tasks()).await;
            }
        }
    }

    /// The shutdown work taken out, to run elsewhere (see
    /// [`Lifecycle::take_shutdown`]).
    pub fn take_shutdown(&self) -> Option<impl std::future::Future<Output = ()> + Send + 'static> {
        self.state.lifecycle.take_shutdown()
    }

    /// The background tasks still running.
    pub fn background_tasks(&self) -> &TaskTracker {
        &self.state.runtime.body.tasks
    }
}

impl tower_service::Service<http::Request<Body>> for AppService {
    type Response = HttpResponse;
    type Error = Infallible;
    type Future = futures_util::future::Map<ResponseFuture, fn(HttpResponse) -> Result<HttpResponse, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<Body>) -> Self::Future {
        AppService::call(self, req).map(Ok)
    }
}

fn bytes_response(bytes: Bytes, content_type: &'static str) -> HttpResponse {
    let mut res = http::Response::new(Body::from(bytes));
    res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    res
}

/// The future of one request: a route's pipeline, or a response known at once (docs,
/// 404, 405, redirects). Two words wide, so the server moves it cheaply.
///
/// ```
/// use brisk::App;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let service = App::new().into_service().expect("a valid app");
/// let future: brisk::app::ResponseFuture = service.call(http::Request::get("/nowhere").body(brisk::Body::empty()).unwrap());
/// assert_eq!(future.await.status(), 404);
/// # }
/// ```
pub struct ResponseFuture(Inner);

enum Inner {
    /// Boxed: answers known at once are the rare ones, and a response kept inline would
    /// make every request's future 150 bytes to copy instead of 16.
    Ready(Option<Box<HttpResponse>>),
    Running(crate::handler::BoxFuture<HttpResponse>),
}

impl ResponseFuture {
    /// A response known at once (a route's lookup, the server's refusals).
    pub(crate) fn ready(res: HttpResponse) -> Self {
        ResponseFuture(Inner::Ready(Some(Box::new(res))))
    }
}

impl std::fmt::Debug for ResponseFuture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ResponseFuture")
    }
}

impl Future for ResponseFuture {
    type Output = HttpResponse;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<HttpResponse> {
        match &mut self.0 {
            Inner::Running(f) => {
                // A panic in a path operation answers 500 for this request; the server goes on.
                match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f.as_mut().poll(cx))) {
                    Ok(poll) => poll,
                    Err(_) => {
                        tracing::error!("a path operation panicked; answered 500");
                        self.0 = Inner::Ready(None);
                        Poll::Ready(crate::response::errors::panic_response())
                    }
                }
            }
            Inner::Ready(res) => Poll::Ready(res.take().map_or_else(crate::response::errors::panic_response, |r| *r)),
        }
    }
}

fn dispatch(state: &Arc<AppState>, req: http::Request<Body>, client: Option<std::net::SocketAddr>) -> ResponseFuture {
    match route(state, req, client) {
        Ok(running) => ResponseFuture(Inner::Running(running)),
        Err(res) => ResponseFuture::ready(res),
    }
}

/// Looks the request up: `Ok` is the matched route's pipeline, `Err` a response known
/// at once.
fn route(
    state: &Arc<AppState>,
    req: http::Request<Body>,
    client: Option<std::net::SocketAddr>,
) -> Result<crate::handler::BoxFuture<HttpResponse>, HttpResponse> {
    let (parts, body) = req.into_parts();
    // Starlette routes on the percent-decoded path.
    let raw = parts.uri.path();
    let mut path: Cow<'_, str> = if raw.contains('%') {
        percent_encoding::percent_decode_str(raw).decode_utf8_lossy()
    } else {
        Cow::Borrowed(raw)
    };
    // A request that still has the root path is routed without it.
    if !state.strip_prefix.is_empty() {
        path = strip_prefix(path, &state.strip_prefix);
    }
    let html = "text/html; charset=utf-8";
    Err(match state.router.lookup(&parts.method, &path) {
        Lookup::Found(Target::Op(info), params) => {
            // A WebSocket handshake to an HTTP-only path is refused (one check of an
            // empty extension map on a plain request).
            if crate::websocket::is_upgrade(&parts) {
                return Err(crate::websocket::forbidden());
            }
            let values = PathParams::of(raw, path.as_ref(), params.values());
            let ctx = RequestCtx::new(parts, body, values, info.plan.clone(), state.runtime.clone(), client);
            if !info.wrappers.is_empty() {
                return Ok(crate::next::run_wrapped(info.wrappers.0.clone(), info.handler, ctx));
            }
            return Ok((info.handler)(ctx));
        }
        Lookup::Found(Target::WebSocket(target), params) => {
            // Route wrappers are for HTTP routes (FastAPI's `APIRoute` classes).
            let (info, wrapped) = if crate::websocket::is_upgrade(&parts) {
                (&target.ws, false)
            } else {
                match &target.http {
                    Some(info) => (info, !info.wrappers.is_empty()),
                    None => return Err(router_error(state, parts, body, client, HttpException::from_status(404))),
                }
            };
            let values = PathParams::of(raw, path.as_ref(), params.values());
            let ctx = RequestCtx::new(parts, body, values, info.plan.clone(), state.runtime.clone(), client);
            if wrapped {
                return Ok(crate::next::run_wrapped(info.wrappers.0.clone(), info.handler, ctx));
            }
            return Ok((info.handler)(ctx));
        }
        Lookup::Found(Target::OpenApi, _) => {
            let json = state.document.as_ref().map(|d| d.json().clone()).unwrap_or_default();
            bytes_response(json, "application/json")
        }
        Lookup::Found(Target::SwaggerUi, _) => bytes_response(state.swagger_html.clone(), html),
        Lookup::Found(Target::Redoc, _) => bytes_response(state.redoc_html.clone(), html),
        Lookup::Found(Target::SwaggerRedirect, _) => {
            bytes_response(Bytes::from_static(docs::swagger_ui_oauth2_redirect_html().as_bytes()), html)
        }
        Lookup::Found(Target::Asset, params) => match params.values().next().and_then(docs::asset) {
            Some((bytes, ct)) => bytes_response(Bytes::from_static(bytes), ct),
            None => crate::response::errors::not_found(),
        },
        // A WebSocket handshake to a path without a WebSocket route: refused, never
        // redirected.
        // (A mount may have one: the handshake goes to it.)
        Lookup::MethodNotAllowed(_) | Lookup::NotFound if crate::websocket::is_upgrade(&parts) => {
            if let Some(i) = state.mounts.iter().position(|(prefix, _)| under(&path, prefix)) {
                return forward(state, i, parts, body, client);
            }
            crate::websocket::forbidden()
        }
        Lookup::MethodNotAllowed(allow) => {
            let e = HttpException::from_status(405).header("allow", &allow);
            router_error(state, parts, body, client, e)
        }
        Lookup::NotFound => {
            if let Some(i) = state.mounts.iter().position(|(prefix, _)| under(&path, prefix)) {
                return forward(state, i, parts, body, client);
            }
            if path != "/" {
                // Starlette strips every trailing slash: `//` becomes `` and matches nothing.
                let alt = match path.strip_suffix('/') {
                    Some(_) => path.trim_end_matches('/').to_owned(),
                    None => format!("{path}/"),
                };
                if !alt.is_empty() && state.router.matches(&alt)
                    || state.mounts.iter().any(|(prefix, _)| under(&alt, prefix))
                {
                    let config = &state.runtime.body;
                    let (scheme, host) =
                        crate::proxy::origin(&parts.headers, &parts.uri, client, &config.forwarded_allow);
                    let query = parts.uri.query().map(|q| format!("?{q}")).unwrap_or_default();
                    let encoded = percent_encoding::utf8_percent_encode(&alt, PATH_ENCODE).to_string();
                    let root = &config.root_path;
                    let location = format!("{scheme}://{host}{root}{encoded}{query}");
                    return Err(crate::response::errors::redirect(&location));
                }
            }
            router_error(state, parts, body, client, HttpException::from_status(404))
        }
    })
}

/// `path` without `prefix`, when it starts with it (a whole segment); as it was otherwise.
fn strip_prefix<'a>(path: Cow<'a, str>, prefix: &str) -> Cow<'a, str> {
    let cut = match path.strip_prefix(prefix) {
        Some("") => return Cow::Borrowed("/"),
        Some(rest) if rest.starts_with('/') => prefix.len(),
        _ => return path,
    };
    match path {
        Cow::Borrowed(p) => Cow::Borrowed(&p[cut..]),
        Cow::Owned(p) => Cow::Owned(p[cut..].to_owned()),
    }
}

/// True when `path` is under the mount at `prefix` (`/subapi/...`; `/subapi` itself is
/// redirected to `/subapi/`, as Starlette's `Mount` does).
fn under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/')) || (prefix.is_empty() && path.starts_with('/'))
}

/// Hands a request to the mount at index `i`, its path without the mount's prefix.
fn forward(
    state: &Arc<AppState>,
    i: usize,
    mut parts: http::request::Parts,
    body: Body,
    client: Option<std::net::SocketAddr>,
) -> Result<crate::handler::BoxFuture<HttpResponse>, HttpResponse> {
    let (prefix, mount) = &state.mounts[i];
    // The prefix is removed from the path as received (still percent-encoded); also
    // from the root path the request came under.
    let raw = parts.uri.path();
    let raw = raw.strip_prefix(state.strip_prefix.as_str()).filter(|r| under(r, prefix)).unwrap_or(raw);
    let Some(rest) = raw.strip_prefix(prefix.as_str()).filter(|r| r.starts_with('/')) else {
        return Err(crate::response::errors::not_found());
    };
    let target = match parts.uri.query() {
        Some(q) => format!("{rest}?{q}"),
        None => rest.to_owned(),
    };
    parts.uri = match target.parse() {
        Ok(uri) => uri,
        Err(_) => return Err(crate::response::errors::not_found()),
    };
    let mut req = http::Request::from_parts(parts, body);
    Ok(match mount {
        Mount::App(app) => match client {
            Some(client) => Box::pin(app.call_from(req, client)),
            None => Box::pin(app.call(req)),
        },
        Mount::Service(svc) => {
            if let Some(client) = client {
                req.extensions_mut().insert(ClientAddr(client));
            }
            req.extensions_mut().insert(RootPath(format!("{}{prefix}", state.runtime.body.root_path)));
            // What the service raises (an `HttpException` in the response's extensions)
            // is answered here, by this app's handler, as Starlette's exception
            // middleware answers what a mounted app raises.
            let runtime = state.runtime.clone();
            let asked = runtime.exception_handlers.answers_raised().then(|| {
                let (parts, _) = http::Request::new(()).into_parts();
                let mut parts = parts;
                parts.method = req.method().clone();
                parts.uri = req.uri().clone();
                parts.headers = req.headers().clone();
                parts
            });
            let running = middleware::call_stack(svc, req);
            Box::pin(async move {
                let mut res = running.await;
                if !crate::response::Raised::is_marked(&res) {
                    return res;
                }
                match asked {
                    Some(parts) => {
                        let mut req = Request::new(parts, Body::empty(), PathParams::default(), runtime.body.clone());
                        req.set_client(client);
                        runtime.exception_handlers.finish(&req, res)
                    }
                    None => {
                        // The default answer is already in place.
                        let _ = crate::response::Raised::take(&mut res);
                        res
                    }
                }
            })
        }
    })
}

/// A 404 or 405 from the router, answered by the app's `HttpException` handler as
/// Starlette does (so a replaced handler formats them too).
fn router_error(
    state: &Arc<AppState>,
    parts: http::request::Parts,
    body: Body,
    client: Option<std::net::SocketAddr>,
    e: HttpException,
) -> HttpResponse {
    let handlers = &state.runtime.exception_handlers;
    if handlers.has_http_handler() {
        let mut req = Request::new(parts, body, PathParams::default(), state.runtime.body.clone());
        req.set_client(client);
        return handlers.http_exception(&req, e);
    }
    exceptions::http_exception_response(&e)
}

const PATH_ENCODE: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_future_of_a_request_is_two_words_wide() {
        // The server moves it into hyper's slot on every request: a response kept inline
        // made that a 150-byte copy.
        assert_eq!(std::mem::size_of::<ResponseFuture>(), 2 * std::mem::size_of::<usize>());
    }

    #[tokio::test]
    async fn a_response_known_at_once_is_answered_from_its_box() {
        let res = bytes_response(Bytes::from_static(b"{}"), "application/json");
        let res = ResponseFuture::ready(res).await;
        assert_eq!(res.headers()[CONTENT_TYPE], "application/json");
    }
}
