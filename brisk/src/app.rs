//! The application: configuration, routes, and the `tower::Service` that serves them.
//!
//! [`App`] is the builder a user configures (FastAPI's `FastAPI(...)` arguments and
//! `include_router`); building it computes everything that can be computed once — the
//! route table, each route's runtime info, the OpenAPI document as bytes, the docs pages —
//! and yields an [`AppService`].

use std::borrow::Cow;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::FutureExt;
use http::header::{CONTENT_TYPE, HOST};
use http::{HeaderValue, Method};
use serde_json::{Map, Value};

use crate::background::TaskTracker;
use crate::body::Body;
use crate::context::{ErasedRun, RequestCtx, Runtime};
use crate::docs::{self, DocsConfig};
use crate::error::{HttpException, ValidationErrors};
use crate::exceptions::{self, ExceptionHandlers};
use crate::lifespan::{Hooks, Lifecycle, StartupError};
use crate::middleware::{self, BoxService, Next, Wrap};
use crate::openapi::{self, OpenApiInfo};
use crate::operation::DependencyInfo;
use crate::request::{ClientAddr, Request, RequestConfig};
use crate::response::{HttpResponse, ResponseClass};
use crate::routing::{ApiRouter, Lookup, Route, RouteInfo, Router, Target};
use crate::state::StateMap;

/// A function that changes the generated OpenAPI document.
type OpenApiModifier = Arc<dyn Fn(&mut Value) + Send + Sync>;

/// The default limit on a request body: 16 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 16 * 1024 * 1024;

/// A brisk application (FastAPI's `FastAPI` object): settings plus routes.
///
/// ```
/// use brisk::App;
/// let app = App::new().title("Shop").version("1.2.0");
/// let service = app.into_service().expect("valid app");
/// assert!(service.openapi_json().starts_with(b"{"));
/// ```
#[derive(Clone)]
pub struct App {
    info: OpenApiInfo,
    openapi_url: Option<String>,
    docs_url: Option<String>,
    redoc_url: Option<String>,
    oauth2_redirect_url: Option<String>,
    swagger_ui_parameters: Map<String, Value>,
    default_response_class: ResponseClass,
    body_limit: usize,
    form_limits: crate::forms::FormLimits,
    routes: Vec<Route>,
    webhooks: Vec<Route>,
    exception_handlers: ExceptionHandlers,
    openapi_modifiers: Vec<OpenApiModifier>,
    unique_id: Option<fn(&Route) -> String>,
    deps: Vec<(&'static DependencyInfo, ErasedRun)>,
    strict_content_type: bool,
    overrides: Vec<(std::any::TypeId, ErasedRun)>,
    middleware: Vec<Wrap>,
    hooks: Hooks,
    state: StateMap,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App").field("info", &self.info).field("routes", &self.routes.len()).finish_non_exhaustive()
    }
}

impl Default for App {
    fn default() -> Self {
        Self::new()
    }
}

impl App {
    /// An app with FastAPI's defaults: OpenAPI at `/openapi.json`, Swagger UI at `/docs`,
    /// ReDoc at `/redoc`, title "brisk", version "0.1.0".
    pub fn new() -> Self {
        App {
            info: OpenApiInfo {
                title: "brisk".into(),
                version: "0.1.0".into(),
                summary: None,
                description: None,
                terms_of_service: None,
                contact: None,
                license: None,
                tags: None,
            },
            openapi_modifiers: Vec::new(),
            unique_id: None,
            deps: Vec::new(),
            strict_content_type: true,
            overrides: Vec::new(),
            middleware: Vec::new(),
            hooks: Hooks::default(),
            state: StateMap::default(),
            openapi_url: Some("/openapi.json".into()),
            docs_url: Some("/docs".into()),
            redoc_url: Some("/redoc".into()),
            oauth2_redirect_url: Some("/docs/oauth2-redirect".into()),
            swagger_ui_parameters: docs::default_swagger_ui_parameters(),
            default_response_class: ResponseClass::Json,
            body_limit: DEFAULT_BODY_LIMIT,
            form_limits: crate::forms::FormLimits::new(),
            routes: Vec::new(),
            webhooks: Vec::new(),
            exception_handlers: ExceptionHandlers::default(),
        }
    }

    /// The API title (OpenAPI `info.title`, and the docs pages' title).
    pub fn title(mut self, title: &str) -> Self {
        self.info.title = title.to_owned();
        self
    }

    /// The API version.
    pub fn version(mut self, version: &str) -> Self {
        self.info.version = version.to_owned();
        self
    }

    /// A short summary of the API.
    pub fn summary(mut self, summary: &str) -> Self {
        self.info.summary = Some(summary.to_owned());
        self
    }

    /// A description of the API (Markdown).
    pub fn description(mut self, description: &str) -> Self {
        self.info.description = Some(description.to_owned());
        self
    }

    /// The terms of service URL.
    pub fn terms_of_service(mut self, url: &str) -> Self {
        self.info.terms_of_service = Some(url.to_owned());
        self
    }

    /// Contact information: `{"name", "url", "email"}`.
    pub fn contact(mut self, contact: Value) -> Self {
        self.info.contact = Some(contact);
        self
    }

    /// License information: `{"name", "url"}` or `{"name", "identifier"}`.
    pub fn license_info(mut self, license: Value) -> Self {
        self.info.license = Some(license);
        self
    }

    /// Tag metadata, in display order: `[{"name", "description", "externalDocs"}]`
    /// (FastAPI's `openapi_tags`).
    pub fn openapi_tags(mut self, tags: Value) -> Self {
        self.info.tags = Some(tags);
        self
    }

    /// How operation ids are made for routes without an explicit `operation_id` (FastAPI's
    /// `generate_unique_id_function`), e.g. `|r| format!("{}-{}", r.tags()[0], r.name())`.
    pub fn generate_unique_id(mut self, f: fn(&Route) -> String) -> Self {
        self.unique_id = Some(f);
        self
    }

    /// Changes the generated OpenAPI document once, when the app is built (FastAPI's
    /// "extending OpenAPI"): add `x-logo`, rewrite titles, anything.
    pub fn openapi_modifier(mut self, f: impl Fn(&mut Value) + Send + Sync + 'static) -> Self {
        self.openapi_modifiers.push(Arc::new(f));
        self
    }

    /// Where the OpenAPI document is served; `None` disables it and the docs pages.
    pub fn openapi_url(mut self, url: Option<&str>) -> Self {
        self.openapi_url = url.filter(|u| !u.is_empty()).map(str::to_owned);
        self
    }

    /// Where Swagger UI is served; `None` disables it.
    pub fn docs_url(mut self, url: Option<&str>) -> Self {
        self.docs_url = url.map(str::to_owned);
        self
    }

    /// Where ReDoc is served; `None` disables it.
    pub fn redoc_url(mut self, url: Option<&str>) -> Self {
        self.redoc_url = url.map(str::to_owned);
        self
    }

    /// Sets one Swagger UI parameter (FastAPI's `swagger_ui_parameters`).
    pub fn swagger_ui_parameter(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.swagger_ui_parameters.insert(key.to_owned(), value.into());
        self
    }

    /// How routes render returned data unless they say otherwise.
    pub fn default_response_class(mut self, class: ResponseClass) -> Self {
        self.default_response_class = class;
        self
    }

    /// Whether a JSON body must say so in `content-type` (FastAPI's `strict_content_type`,
    /// on by default): when off, a body with no `content-type` is read as JSON too.
    pub fn strict_content_type(mut self, strict: bool) -> Self {
        self.strict_content_type = strict;
        self
    }

    /// The largest request body accepted (413 beyond it).
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Bounds on form bodies: how many files and fields, how large each part (FastAPI's
    /// `request.form(max_files=, max_fields=, max_part_size=)`).
    pub fn form_limits(mut self, limits: crate::forms::FormLimits) -> Self {
        self.form_limits = limits;
        self
    }

    /// Replaces the `HttpException` handler (FastAPI's
    /// `@app.exception_handler(StarletteHTTPException)`).
    pub fn http_exception_handler(
        mut self,
        f: impl Fn(&Request, HttpException) -> HttpResponse + Send + Sync + 'static,
    ) -> Self {
        self.exception_handlers.set_http(f);
        self
    }

    /// Replaces the validation-error handler (FastAPI's
    /// `@app.exception_handler(RequestValidationError)`).
    pub fn validation_exception_handler(
        mut self,
        f: impl Fn(&Request, ValidationErrors) -> HttpResponse + Send + Sync + 'static,
    ) -> Self {
        self.exception_handlers.set_validation(f);
        self
    }

    /// Registers the handler of a custom error type `E`; a handler returning
    /// `Result<_, E>` reaches it when `E`'s `IntoResponse` raises it
    /// ([`raise`](crate::response::raise)).
    pub fn exception_handler<E: std::any::Any + Send>(
        mut self,
        f: impl Fn(&Request, E) -> HttpResponse + Send + Sync + 'static,
    ) -> Self {
        self.exception_handlers.set_custom(f);
        self
    }

    /// Adds a dependency every route runs before its own (FastAPI's
    /// `FastAPI(dependencies=[Depends(f)])`), e.g. `.dependency::<verify_token>()`; its
    /// parameters are validated and documented with each route's.
    pub fn dependency<D: crate::depends::Dependency>(mut self) -> Self {
        self.deps.push((D::INFO, D::run_erased));
        self
    }

    /// Replaces dependency `D` by `R` everywhere (FastAPI's `app.dependency_overrides`),
    /// typically in tests: `App::override_dependency::<get_db, fake_db>()`. `R` must give
    /// the same value type (a different one answers 500); its own parameters are read
    /// from the request.
    pub fn override_dependency<D, R>(mut self) -> Self
    where
        D: crate::depends::Dependency,
        R: crate::depends::Dependency,
    {
        let f: ErasedRun = R::run_erased;
        self.overrides.retain(|(t, _)| *t != std::any::TypeId::of::<D>());
        self.overrides.push((std::any::TypeId::of::<D>(), f));
        self
    }

    /// Adds an HTTP middleware function (FastAPI's `@app.middleware("http")`): it gets
    /// every request with the rest of the app as [`Next`], and may change the request,
    /// answer without calling `next`, or change the response. The last middleware added
    /// is the outermost.
    ///
    /// ```
    /// use brisk::prelude::*;
    /// use brisk::middleware::Next;
    ///
    /// async fn add_process_time_header(req: Request, next: Next) -> brisk::response::HttpResponse {
    ///     let start = std::time::Instant::now();
    ///     let mut res = next.run(req).await;
    ///     let took = start.elapsed().as_secs_f64().to_string();
    ///     res.headers_mut().insert("x-process-time", took.parse().expect("a number is a header value"));
    ///     res
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let client = TestClient::new(App::new().middleware(add_process_time_header));
    /// assert!(client.get("/").send().await.header("x-process-time").is_some());
    /// # }
    /// ```
    pub fn middleware<F, Fut, R>(mut self, f: F) -> Self
    where
        F: Fn(Request, Next) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = R> + Send + 'static,
        R: crate::response::IntoResponse + 'static,
    {
        self.middleware.push(middleware::from_fn(f));
        self
    }

    /// Wraps the whole app — routes, 404/405, docs and OpenAPI alike — in a tower
    /// `Layer` (tower-http's trace, timeout, concurrency limit; brisk's CORS, GZip...).
    /// The last layer or middleware added is the outermost; an error from the layer's
    /// service answers 500.
    pub fn layer<L, S, B, E>(mut self, layer: L) -> Self
    where
        L: tower_layer::Layer<BoxService, Service = S> + Send + Sync + 'static,
        S: tower_service::Service<http::Request<Body>, Response = http::Response<B>, Error = E>
            + Clone
            + Send
            + Sync
            + 'static,
        S::Future: Send + 'static,
        B: http_body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<crate::body::BoxError>,
        E: Into<crate::body::BoxError> + 'static,
    {
        self.middleware.push(middleware::from_layer(layer));
        self
    }

    /// Adds a state value known now, read by `State<T>` parameters (and
    /// [`Request::state`]).
    pub fn state<T: Send + Sync + 'static>(mut self, value: T) -> Self {
        self.state.insert(value);
        self
    }

    /// Adds a lifespan (FastAPI's `lifespan`): `f` runs when the app starts, before the
    /// first request is accepted, and gives state and shutdown work as a
    /// [`Lifespan`](crate::lifespan::Lifespan); its error stops the app.
    pub fn lifespan<F, Fut>(mut self, f: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = crate::Result<crate::lifespan::Lifespan>> + Send + 'static,
    {
        self.hooks.lifespan(f);
        self
    }

    /// Adds a startup hook (FastAPI's `@app.on_event("startup")`), run in the order
    /// added; returning an `Err` (a `brisk::Result<()>`) stops the app.
    pub fn on_startup<F, Fut>(mut self, f: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: std::future::Future + Send + 'static,
        Fut::Output: crate::lifespan::HookOutput,
    {
        self.hooks.on_startup(f);
        self
    }

    /// Adds a shutdown hook (FastAPI's `@app.on_event("shutdown")`), run after the
    /// server has drained.
    pub fn on_shutdown<F, Fut>(mut self, f: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        self.hooks.on_shutdown(f);
        self
    }

    /// Adds path operations (use `routes![...]`).
    pub fn routes(mut self, routes: impl IntoIterator<Item = Route>) -> Self {
        self.routes.extend(routes);
        self
    }

    /// Documents webhooks: operations (declared `#[post("name", webhook)]`) your API sends
    /// to its users; they appear under `webhooks` in OpenAPI and are not served.
    pub fn webhooks(mut self, routes: impl IntoIterator<Item = Route>) -> Self {
        self.webhooks.extend(routes);
        self
    }

    /// Adds a router's routes, with its prefix and tags.
    pub fn include_router(mut self, router: ApiRouter) -> Self {
        self.routes.extend(router.into_routes());
        self
    }

    /// Builds the service: the route table, the OpenAPI document and the docs pages.
    ///
    /// Fails on a configuration error: conflicting paths, an invalid pattern.
    pub fn into_service(self) -> Result<AppService, BuildError> {
        let mut router = Router::default();
        let mut infos = Vec::with_capacity(self.routes.len());
        for route in &self.routes {
            let mut route = route.clone();
            let mut deps = self.deps.clone();
            deps.extend(route.deps);
            route.deps = deps;
            let route = &route;
            for p in route.op.params {
                if let Some(e) = p.constraints.config_error() {
                    return Err(BuildError(format!("{} {}: parameter {}: {e}", route.op.method, route.path, p.name)));
                }
            }
            let mut info = RouteInfo::new(route, self.default_response_class);
            if let (Some(f), None) = (self.unique_id, route.op.operation_id) {
                info.operation_id = f(route);
            }
            let info = Arc::new(info);
            router
                .add(&route.path, std::slice::from_ref(&route.op.method), Target::Op(info.clone()))
                .map_err(BuildError)?;
            infos.push(info);
        }
        let get_head = [Method::GET, Method::HEAD];
        let mut openapi_json = Bytes::new();
        let mut swagger_html = String::new();
        let mut redoc_html = String::new();
        if let Some(url) = &self.openapi_url {
            let hooks: Vec<Arc<RouteInfo>> =
                self.webhooks.iter().map(|r| Arc::new(RouteInfo::new(r, self.default_response_class))).collect();
            let mut doc = openapi::build(&self.info, &infos, &hooks);
            for modify in &self.openapi_modifiers {
                modify(&mut doc);
            }
            openapi_json = serde_json::to_vec(&doc).map_err(|e| BuildError(e.to_string()))?.into();
            router.add(url, &get_head, Target::OpenApi).map_err(BuildError)?;
            let cfg = DocsConfig {
                title: self.info.title.clone(),
                openapi_url: url.clone(),
                swagger_ui_oauth2_redirect_url: self.oauth2_redirect_url.clone(),
                swagger_ui_parameters: self.swagger_ui_parameters.clone(),
                swagger_ui_init_oauth: None,
                assets_prefix: ASSETS_PREFIX.to_owned(),
            };
            if let Some(docs_url) = &self.docs_url {
                swagger_html = docs::swagger_ui_html(&cfg);
                router.add(docs_url, &get_head, Target::SwaggerUi).map_err(BuildError)?;
                if let Some(r) = &self.oauth2_redirect_url {
                    router.add(r, &get_head, Target::SwaggerRedirect).map_err(BuildError)?;
                }
            }
            if let Some(redoc_url) = &self.redoc_url {
                redoc_html = docs::redoc_html(&cfg);
                router.add(redoc_url, &get_head, Target::Redoc).map_err(BuildError)?;
            }
            if self.docs_url.is_some() || self.redoc_url.is_some() {
                router.add(&format!("{ASSETS_PREFIX}/{{name}}"), &get_head, Target::Asset).map_err(BuildError)?;
            }
        }
        let config = Arc::new(RequestConfig {
            body_limit: self.body_limit,
            form_limits: self.form_limits,
            strict_content_type: self.strict_content_type,
            state: Default::default(),
            tasks: Default::default(),
        });
        let needs = infos
            .iter()
            .flat_map(|r| r.needs_state.iter().map(|n| (format!("{} {}", r.op.method, r.path), *n)))
            .collect();
        let lifecycle = Lifecycle::new(self.hooks.clone(), self.state.clone(), config.state.clone(), needs)
            .map_err(|e| BuildError(e.0))?;
        let state = Arc::new(AppState {
            router,
            lifecycle,
            runtime: Arc::new(Runtime {
                body: config.clone(),
                overrides: self.overrides.clone(),
                exception_handlers: self.exception_handlers.clone(),
            }),
            openapi_json,
            swagger_html: Bytes::from(swagger_html),
            redoc_html: Bytes::from(redoc_html),
            docs_url: self.docs_url.clone().filter(|_| self.openapi_url.is_some()),
            routes: infos,
        });
        let stack = (!self.middleware.is_empty())
            .then(|| middleware::stack(BoxService::new(RouterService(state.clone())), &self.middleware, &config));
        Ok(AppService { state, stack })
    }
}

const ASSETS_PREFIX: &str = "/docs/assets";

/// A configuration error found while building the app.
#[derive(Debug, Clone)]
pub struct BuildError(pub String);

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid app: {}", self.0)
    }
}

impl std::error::Error for BuildError {}

/// What a built app shares with every request.
#[derive(Debug)]
pub struct AppState {
    router: Router,
    lifecycle: Lifecycle,
    runtime: Arc<Runtime>,
    openapi_json: Bytes,
    swagger_html: Bytes,
    redoc_html: Bytes,
    docs_url: Option<String>,
    routes: Vec<Arc<RouteInfo>>,
}

/// A built app: a cheap-to-clone `tower::Service` for `http::Request<Body>`.
///
/// Whoever serves it runs [`startup`](Self::startup) before the first request and
/// [`shutdown`](Self::shutdown) after the last (`serve` and `TestClient` do).
#[derive(Clone)]
pub struct AppService {
    state: Arc<AppState>,
    /// The middleware stack over the routes, when there is middleware.
    stack: Option<BoxService>,
}

impl std::fmt::Debug for AppService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppService").field("state", &self.state).field("middleware", &self.stack.is_some()).finish()
    }
}

/// The routes under the middleware: the client's address comes in an extension.
#[derive(Clone)]
struct RouterService(Arc<AppState>);

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
    /// The OpenAPI document as served (empty when disabled).
    pub fn openapi_json(&self) -> &[u8] {
        &self.state.openapi_json
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
                ResponseFuture(Inner::Running(middleware::call_stack(stack, req)))
            }
        }
    }

    /// Runs the app's startup work (once): hooks and lifespans, then the check that its
    /// state has every type its routes read. Call it before the first request.
    pub async fn startup(&self) -> Result<(), StartupError> {
        self.state.lifecycle.startup().await
    }

    /// Runs the app's shutdown work (once), after the last request.
    pub async fn shutdown(&self) {
        self.state.lifecycle.shutdown().await
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
/// 404, 405, redirects). Small, so the server keeps it inline.
pub struct ResponseFuture(Inner);

enum Inner {
    Ready(Option<HttpResponse>),
    Running(crate::handler::BoxFuture<HttpResponse>),
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
            Inner::Ready(res) => Poll::Ready(res.take().unwrap_or_else(crate::response::errors::panic_response)),
        }
    }
}

fn dispatch(state: &Arc<AppState>, req: http::Request<Body>, client: Option<std::net::SocketAddr>) -> ResponseFuture {
    ResponseFuture(match route(state, req, client) {
        Ok(running) => Inner::Running(running),
        Err(res) => Inner::Ready(Some(res)),
    })
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
    let path: Cow<'_, str> = if raw.contains('%') {
        percent_encoding::percent_decode_str(raw).decode_utf8_lossy()
    } else {
        Cow::Borrowed(raw)
    };
    let html = "text/html; charset=utf-8";
    Err(match state.router.lookup(&parts.method, &path) {
        Lookup::Found(Target::Op(info), values) => {
            let ctx = RequestCtx::new(parts, body, values, info.plan.clone(), state.runtime.clone(), client);
            return Ok((info.handler)(ctx));
        }
        Lookup::Found(Target::OpenApi, _) => bytes_response(state.openapi_json.clone(), "application/json"),
        Lookup::Found(Target::SwaggerUi, _) => bytes_response(state.swagger_html.clone(), html),
        Lookup::Found(Target::Redoc, _) => bytes_response(state.redoc_html.clone(), html),
        Lookup::Found(Target::SwaggerRedirect, _) => {
            bytes_response(Bytes::from_static(docs::swagger_ui_oauth2_redirect_html().as_bytes()), html)
        }
        Lookup::Found(Target::Asset, values) => match values.first().and_then(|n| docs::asset(n)) {
            Some((bytes, ct)) => bytes_response(Bytes::from_static(bytes), ct),
            None => crate::response::errors::not_found(),
        },
        Lookup::MethodNotAllowed(allow) => {
            let e = HttpException::from_status(405).header("allow", &allow);
            router_error(state, parts, body, client, e)
        }
        Lookup::NotFound => {
            if path != "/" {
                let alt = match path.strip_suffix('/') {
                    Some(p) => p.to_owned(),
                    None => format!("{path}/"),
                };
                if state.router.matches(&alt) {
                    let host = parts.headers.get(HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
                    let query = parts.uri.query().map(|q| format!("?{q}")).unwrap_or_default();
                    let encoded = percent_encoding::utf8_percent_encode(&alt, PATH_ENCODE).to_string();
                    return Err(crate::response::errors::redirect(&format!("http://{host}{encoded}{query}")));
                }
            }
            router_error(state, parts, body, client, HttpException::from_status(404))
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
        let mut req = Request::new(parts, body, Vec::new(), state.runtime.body.clone());
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
