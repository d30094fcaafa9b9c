//! The application: configuration, routes, and the `tower::Service` that serves them.
//!
//! [`App`] is the builder a user configures (FastAPI's `FastAPI(...)` arguments and
//! `include_router`); building it computes everything that can be computed once — the
//! route table, each route's runtime info, the docs pages, the middleware stack — and
//! yields an [`AppService`] (in `service`). The OpenAPI document is made on its first
//! request and kept (in `document`).
//!
//! ```
//! use brisk::prelude::*;
//!
//! #[get("/")]
//! async fn root() -> &'static str {
//!     "Hello World"
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let app = App::new().title("Shop").routes(routes![root]);
//! let client = TestClient::new(app.clone());
//! assert_eq!(client.get("/").send().await.json::<String>(), "Hello World");
//! // Built once: the route table; the OpenAPI document on first use.
//! let service = app.into_service().expect("a valid app");
//! assert!(service.openapi_json().starts_with(b"{"));
//! # }
//! ```

mod document;
mod service;

use std::sync::Arc;

use bytes::Bytes;
use http::Method;
use serde_json::{Map, Value};

use crate::context::{ErasedRun, Runtime};
use crate::docs::{self, DocsConfig};
use crate::error::{HttpException, ValidationErrors};
use crate::exceptions::ExceptionHandlers;
use crate::lifespan::{Hooks, Lifecycle};
use crate::limits::Limits;
use crate::middleware::{self, BoxService, Next, Wrap};
use crate::openapi::OpenApiInfo;
use crate::operation::DependencyInfo;
use crate::request::{Request, RequestConfig};
use crate::response::{HttpResponse, ResponseClass};
use crate::router::ApiRouter;
use crate::routing::{Route, RouteInfo, Router, Target};
use crate::state::StateMap;
use crate::urls::UrlTable;

use document::Document;
pub use service::{AppService, AppState, ResponseFuture};
use service::{Mount, RouterService};

/// A function that changes the generated OpenAPI document.
type OpenApiModifier = Arc<dyn Fn(&mut Value) + Send + Sync>;

/// The default limit on a request body: 16 MiB.
///
/// ```
/// assert_eq!(brisk::app::DEFAULT_BODY_LIMIT, 16 * 1024 * 1024);
/// ```
pub const DEFAULT_BODY_LIMIT: usize = crate::limits::DEFAULT_BODY_SIZE;

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
    limits: Limits,
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
    root_path: String,
    forwarded_allow: crate::proxy::ForwardedAllow,
    config_errors: Vec<String>,
    wrappers: crate::routing::Wrappers,
    strip_root_path: bool,
    root_path_in_servers: bool,
    servers: Vec<Value>,
    mounts: Vec<MountSpec>,
    websocket: crate::context::WebSocketSettings,
}

/// A mount: its path, its name (for `url_for`), and what is mounted.
#[derive(Clone)]
struct MountSpec {
    path: String,
    name: Option<String>,
    target: Mounted,
}

/// What is mounted at a path: another app, or any service (a `StaticFiles` kept to
/// check its directory when the app is built).
#[derive(Clone)]
enum Mounted {
    App(Box<App>),
    Service(BoxService, Option<crate::staticfiles::StaticFiles>),
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
                separate_input_output_schemas: true,
            },
            openapi_modifiers: Vec::new(),
            unique_id: None,
            deps: Vec::new(),
            strict_content_type: true,
            overrides: Vec::new(),
            middleware: Vec::new(),
            hooks: Hooks::default(),
            state: StateMap::default(),
            root_path: String::new(),
            forwarded_allow: Default::default(),
            config_errors: Vec::new(),
            wrappers: Default::default(),
            strip_root_path: true,
            root_path_in_servers: true,
            servers: Vec::new(),
            mounts: Vec::new(),
            websocket: Default::default(),
            openapi_url: Some("/openapi.json".into()),
            docs_url: Some("/docs".into()),
            redoc_url: Some("/redoc".into()),
            oauth2_redirect_url: Some("/docs/oauth2-redirect".into()),
            swagger_ui_parameters: docs::default_swagger_ui_parameters(),
            default_response_class: ResponseClass::Json,
            limits: Limits::new(),
            routes: Vec::new(),
            webhooks: Vec::new(),
            exception_handlers: ExceptionHandlers::default(),
        }
    }

    /// FastAPI's `separate_input_output_schemas` (default `true`): with `false`, outputs
    /// are described with their input schemas, except types with computed fields
    /// (FastAPI 0.163 keeps those split into `Name-Input` and `Name-Output`).
    pub fn separate_input_output_schemas(mut self, separate: bool) -> Self {
        self.info.separate_input_output_schemas = separate;
        self
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

    /// The app's limits: body size, form shape, validation errors listed. What `limits`
    /// sets replaces what was set before; what it leaves unset stays as it was (set
    /// earlier, or from the `BRISK_MAX_*` environment variables when the app is built,
    /// or the default).
    ///
    /// ```
    /// use brisk::{App, Limits};
    /// let app = App::new().limits(Limits::new().max_body_size(1 << 20).max_validation_errors(Some(100)));
    /// assert!(app.into_service().is_ok());
    /// ```
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits.or(&self.limits);
        self
    }

    /// The largest request body accepted (413 beyond it): a shortcut for
    /// [`Limits::max_body_size`].
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.limits = self.limits.max_body_size(bytes);
        self
    }

    /// Bounds on form bodies: how many files and fields, how large each part (FastAPI's
    /// `request.form(max_files=, max_fields=, max_part_size=)`): a shortcut for
    /// [`Limits::form_limits`], which sets them all.
    pub fn form_limits(mut self, limits: crate::forms::FormLimits) -> Self {
        self.limits = self.limits.form_limits(limits);
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
    pub fn layer<L>(mut self, layer: L) -> Self
    where
        L: tower_layer::Layer<BoxService> + Send + Sync + 'static,
        L::Service: middleware::HttpService,
    {
        self.middleware.push(middleware::from_layer(layer));
        self
    }

    /// Wraps every route of the app (FastAPI's `app.router.route_class = ...`): `f` runs
    /// after routing, around the route's pipeline, before the wrappers of routers (see
    /// [`ApiRouter::wrap_routes`]).
    pub fn wrap_routes<F, Fut, R>(mut self, f: F) -> Self
    where
        F: Fn(Request, Next) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = R> + Send + 'static,
        R: crate::response::IntoResponse + 'static,
    {
        self.wrappers = self.wrappers.around(&crate::routing::Wrappers(Arc::new([crate::next::route_wrap(f)])));
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

    /// The path prefix a proxy serves the app under (FastAPI's `root_path`, uvicorn's
    /// `--root-path`), e.g. `/api/v1`: it is listed in the OpenAPI `servers`, the docs load
    /// the document through it, `url_for` and redirects include it, and a request whose
    /// path still has it is routed without it.
    pub fn root_path(mut self, root_path: &str) -> Self {
        self.root_path = root_path.trim_end_matches('/').to_owned();
        self
    }

    /// Which peers' `X-Forwarded-For`, `-Proto` and `-Host` headers are believed
    /// (uvicorn's `--forwarded-allow-ips`): addresses, networks or `*`. None by default;
    /// `serve` trusts `127.0.0.1` unless told otherwise. The client address, `url_for`,
    /// `Request::url` and redirects then use what the proxy says.
    pub fn forwarded_allow_ips<'a>(mut self, ips: impl IntoIterator<Item = &'a str>) -> Self {
        match crate::proxy::ForwardedAllow::parse(ips) {
            Ok(allow) => self.forwarded_allow = allow,
            Err(e) => self.config_errors.push(format!("forwarded_allow_ips: {e}")),
        }
        self
    }

    /// The server's limits, under those the app set itself.
    pub(crate) fn server_limits(mut self, limits: &Limits) -> Self {
        self.limits = self.limits.or(limits);
        self
    }

    /// The server's trusted proxies, unless the app chose its own.
    pub(crate) fn server_forwarded_allow_ips(self, list: &str) -> Self {
        if !self.forwarded_allow.is_none() {
            return self;
        }
        self.forwarded_allow_ips(list.split(','))
    }

    /// Whether the root path is listed first in the OpenAPI `servers` (FastAPI's
    /// `root_path_in_servers`, on by default).
    pub fn root_path_in_servers(mut self, on: bool) -> Self {
        self.root_path_in_servers = on;
        self
    }

    /// Adds an OpenAPI server: `{"url": .., "description": ..}` (FastAPI's `servers`).
    pub fn server(mut self, server: Value) -> Self {
        self.servers.push(server);
        self
    }

    /// Mounts another app at `path` (FastAPI's `app.mount("/subapi", subapi)`): requests
    /// under `path` go to it, with the prefix removed. It keeps its own routes, middleware,
    /// exception handlers, OpenAPI document (at `{path}/openapi.json`, with `path` as its
    /// server) and docs; its startup and shutdown work runs with this app's.
    pub fn mount(self, path: &str, app: App) -> Self {
        self.add_mount(None, path, Mounted::App(Box::new(app)))
    }

    /// [`mount`](Self::mount) with a name (FastAPI's `app.mount(path, subapi, name=..)`):
    /// `url_for("name:route")` builds the URL of a route of the mounted app.
    pub fn mount_as(self, name: &str, path: &str, app: App) -> Self {
        self.add_mount(Some(name), path, Mounted::App(Box::new(app)))
    }

    fn add_mount(mut self, name: Option<&str>, path: &str, target: Mounted) -> Self {
        let path = path.trim_end_matches('/').to_owned();
        self.mounts.push(MountSpec { path, name: name.map(str::to_owned), target });
        self
    }

    /// Mounts any tower service at `path` (a GraphQL endpoint, a service of another
    /// framework, [`StaticFiles`](crate::staticfiles::StaticFiles)): it receives the
    /// requests under `path`, with the prefix removed and the path it is served under in
    /// a [`RootPath`](crate::request::RootPath) extension. An
    /// [`HttpException`] it raises (a response carrying one, as `StaticFiles`' 404 and
    /// 405) is answered by this app's exception handler. A `StaticFiles` whose directory
    /// is missing makes [`into_service`](Self::into_service) fail.
    pub fn mount_service<S: middleware::HttpService>(self, path: &str, service: S) -> Self {
        self.mount_service_named(None, path, service)
    }

    /// [`mount_service`](Self::mount_service) with a name (FastAPI's
    /// `app.mount("/static", StaticFiles(directory="static"), name="static")`):
    /// `url_for("static", path="/styles.css")` builds `/static/styles.css`.
    pub fn mount_service_as<S: middleware::HttpService>(self, name: &str, path: &str, service: S) -> Self {
        self.mount_service_named(Some(name), path, service)
    }

    fn mount_service_named<S: middleware::HttpService>(self, name: Option<&str>, path: &str, service: S) -> Self {
        let files = (&service as &dyn std::any::Any).downcast_ref::<crate::staticfiles::StaticFiles>().cloned();
        self.add_mount(name, path, Mounted::Service(middleware::HttpService::into_box_service(service), files))
    }

    /// How WebSocket connections are kept: keep-alive pings, their timeout, the largest
    /// message (uvicorn's `--ws-ping-interval`, `--ws-ping-timeout`, `--ws-max-size`).
    pub fn websocket_settings(mut self, settings: crate::context::WebSocketSettings) -> Self {
        self.websocket = settings;
        self
    }

    /// Adds path operations and WebSocket routes (use `routes![...]`).
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
        self.build(None)
    }

    /// The names of the routes and mounts, for `url_for`: FastAPI's docs routes, the
    /// routes by function name, then the mounts.
    fn url_table(&self) -> UrlTable {
        let mut table = UrlTable::default();
        if let Some(url) = &self.openapi_url {
            table.route("openapi", url);
            if let Some(docs) = &self.docs_url {
                table.route("swagger_ui_html", docs);
                if let Some(r) = &self.oauth2_redirect_url {
                    table.route("swagger_ui_redirect", r);
                }
            }
            if let Some(redoc) = &self.redoc_url {
                table.route("redoc_html", redoc);
            }
        }
        for route in &self.routes {
            table.route(route.name(), &route.path);
        }
        for m in &self.mounts {
            let sub = match &m.target {
                Mounted::App(app) => Some(app.url_table()),
                Mounted::Service(..) => None,
            };
            table.mount(m.name.as_deref(), &m.path, sub);
        }
        table
    }

    /// Builds the service; `urls` is the outermost app's name table and root path, for
    /// an app built as a mount.
    fn build(self, urls: Option<(Arc<UrlTable>, String)>) -> Result<AppService, BuildError> {
        let (urls, app_root_path) = match urls {
            Some(u) => u,
            None => (Arc::new(self.url_table()), self.root_path.clone()),
        };
        if let Some(e) = self.config_errors.first() {
            return Err(BuildError(e.clone()));
        }
        let mut router = Router::default();
        let mut infos = Vec::with_capacity(self.routes.len());
        for route in &self.routes {
            let mut route = route.clone();
            let mut deps = self.deps.clone();
            deps.extend(route.deps);
            route.deps = deps;
            if !self.wrappers.is_empty() {
                route.options.wrappers = self.wrappers.around(&route.options.wrappers);
            }
            let route = &route;
            for p in route.op.params {
                if let Some(e) = p.constraints.config_error() {
                    return Err(BuildError(format!("{} {}: parameter {}: {e}", route.op.method, route.path, p.name)));
                }
            }
            let mut info = RouteInfo::new(route, self.default_response_class);
            if let (Some(f), None, None) = (self.unique_id, route.op.operation_id, route.options.generate_unique_id) {
                info.operation_id = f(route);
            }
            let info = Arc::new(info);
            if route.websocket {
                router.add_websocket(&route.path, info.clone()).map_err(BuildError)?;
            } else {
                router
                    .add(&route.path, std::slice::from_ref(&route.op.method), Target::Op(info.clone()))
                    .map_err(BuildError)?;
            }
            infos.push(info);
        }
        let get_head = [Method::GET, Method::HEAD];
        let mut document = None;
        let mut swagger_html = String::new();
        let mut redoc_html = String::new();
        if let Some(url) = &self.openapi_url {
            let mut servers = self.servers.clone();
            if self.root_path_in_servers
                && !self.root_path.is_empty()
                && !servers.iter().any(|s| s["url"] == self.root_path.as_str())
            {
                servers.insert(0, serde_json::json!({ "url": self.root_path }));
            }
            document = Some(Document {
                info: self.info.clone(),
                routes: infos.iter().filter(|r| !r.websocket).cloned().collect(),
                webhooks: self.webhooks.clone(),
                default_response_class: self.default_response_class,
                servers,
                declared_servers: !self.servers.is_empty(),
                modifiers: self.openapi_modifiers.clone(),
                json: Default::default(),
            });
            router.add(url, &get_head, Target::OpenApi).map_err(BuildError)?;
            // The pages load what they need through the root path.
            let root = &self.root_path;
            let cfg = DocsConfig {
                title: self.info.title.clone(),
                openapi_url: format!("{root}{url}"),
                swagger_ui_oauth2_redirect_url: self.oauth2_redirect_url.as_ref().map(|r| format!("{root}{r}")),
                swagger_ui_parameters: self.swagger_ui_parameters.clone(),
                swagger_ui_init_oauth: None,
                assets_prefix: format!("{root}{ASSETS_PREFIX}"),
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
        // Set in code wins over the environment, which wins over the defaults.
        let env = Limits::from_env().map_err(|e| BuildError(e.to_string()))?;
        let limits = self.limits.or(&env);
        let config = Arc::new(RequestConfig {
            body_limit: limits.body_size(),
            form_limits: limits.form(),
            max_validation_errors: limits.validation_errors(),
            strict_content_type: self.strict_content_type,
            state: Default::default(),
            tasks: Default::default(),
            root_path: self.root_path.clone(),
            forwarded_allow: self.forwarded_allow.clone(),
            urls: urls.clone(),
            app_root_path: app_root_path.clone(),
        });
        let mut mounts = Vec::with_capacity(self.mounts.len());
        for MountSpec { path, target: mounted, .. } in &self.mounts {
            let target = match mounted {
                Mounted::App(app) => {
                    let mut app = (**app).clone();
                    // Under the mount, the app's public paths start with the mount's.
                    app.root_path = format!("{}{path}{}", self.root_path, app.root_path);
                    app.strip_root_path = false;
                    if app.forwarded_allow.is_none() {
                        app.forwarded_allow = self.forwarded_allow.clone();
                    }
                    let built = app.build(Some((urls.clone(), app_root_path.clone())));
                    Mount::App(built.map_err(|e| BuildError(format!("mounted at {path}: {}", e.0)))?)
                }
                Mounted::Service(svc, files) => {
                    if let Some(files) = files {
                        files.check().map_err(|e| BuildError(format!("mounted at {path}: {e}")))?;
                    }
                    Mount::Service(svc.clone())
                }
            };
            mounts.push((path.clone(), target));
        }
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
                websocket: self.websocket.clone(),
            }),
            document,
            swagger_html: Bytes::from(swagger_html),
            redoc_html: Bytes::from(redoc_html),
            docs_url: self.docs_url.clone().filter(|_| self.openapi_url.is_some()),
            routes: infos,
            strip_prefix: if self.strip_root_path { self.root_path.clone() } else { String::new() },
            mounts,
        });
        let stack = (!self.middleware.is_empty())
            .then(|| middleware::stack(BoxService::new(RouterService(state.clone())), &self.middleware, &config));
        Ok(AppService { state, stack })
    }
}

const ASSETS_PREFIX: &str = "/docs/assets";

/// A configuration error found while building the app.
///
/// ```
/// use brisk::{App, StaticFiles};
///
/// let app = App::new().mount_service("/static", StaticFiles::new("no/such/directory"));
/// let err = app.into_service().unwrap_err();
/// assert!(err.to_string().starts_with("invalid app: "));
/// ```
#[derive(Debug, Clone)]
pub struct BuildError(pub String);

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid app: {}", self.0)
    }
}

impl std::error::Error for BuildError {}
