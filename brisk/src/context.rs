//! What the pipeline carries through one request: the [`Request`], the matched route's
//! plan, the app's runtime settings, the dependency cache and the exit code registered
//! by `Yield` dependencies.
//!
//! ```
//! use brisk::context::WebSocketSettings;
//!
//! let settings = WebSocketSettings::default(); // uvicorn's defaults
//! assert_eq!(settings.max_message_size, 16 * 1024 * 1024);
//! let app = brisk::App::new().websocket_settings(WebSocketSettings { max_queue: 8, ..settings });
//! # let _ = app;
//! ```

use std::any::{Any, TypeId};
use std::sync::Arc;

use crate::body::Body;
use crate::error::ValidationErrors;
use crate::exceptions::ExceptionHandlers;
use crate::operation::DependencyInfo;
use crate::request::{Request, RequestConfig};
use crate::response::{HttpResponse, ResponseDefaults};
use crate::teardown::ExitFn;

/// What a route needs at run time, computed once when the app is built.
#[derive(Debug, Default)]
#[doc(hidden)]
pub struct RoutePlan {
    /// Status code and response class for returned data.
    pub defaults: ResponseDefaults,
    /// True when the body must be read before extraction.
    pub reads_body: bool,
    /// True when the body is a form to parse before extraction.
    pub reads_form: bool,
    /// True when body parameters are nested under their names.
    pub embed_body: bool,
    /// The app's and routers' dependencies, run before the route's own.
    pub global_deps: Vec<(&'static DependencyInfo, ErasedRun)>,
    /// Dependencies used more than once in the route's tree (their addresses).
    pub shared_deps: Vec<usize>,
    /// True when route wrappers run around the pipeline: raised errors are left for them,
    /// and answered after them.
    pub wrapped: bool,
}

impl RoutePlan {
    /// True when `dep` occurs more than once in this route's dependency tree.
    pub fn shares(&self, dep: &'static DependencyInfo) -> bool {
        !self.shared_deps.is_empty() && self.shared_deps.contains(&(dep as *const _ as usize))
    }
}

/// The outcome of extracting and running something for a request: `Err` stops the
/// request with that response; `Ok(None)` means its parameters were invalid (the errors
/// are recorded, the request will get a 422).
#[doc(hidden)]
pub type Outcome<T> = Result<Option<T>, HttpResponse>;

/// A dependency's value, type-erased (for overrides and app dependencies).
#[doc(hidden)]
pub type AnyValue = Box<dyn Any + Send>;

/// The future of a type-erased dependency run.
#[doc(hidden)]
pub type ErasedFuture<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Outcome<AnyValue>> + Send + 'a>>;

/// A type-erased dependency run: its value boxed (what overrides and app dependencies run).
#[doc(hidden)]
pub type ErasedRun = for<'a> fn(&'a mut RequestCtx, &'a mut ValidationErrors) -> ErasedFuture<'a>;

/// What the app gives every request's pipeline.
#[derive(Debug, Default)]
#[doc(hidden)]
pub struct Runtime {
    /// How bodies are read.
    pub body: Arc<RequestConfig>,
    /// Dependency overrides (`App::override_dependency`).
    pub overrides: Vec<(TypeId, ErasedRun)>,
    /// The exception handlers.
    pub exception_handlers: ExceptionHandlers,
    /// How WebSocket connections are kept.
    pub websocket: WebSocketSettings,
}

/// How WebSocket connections are kept (uvicorn's `--ws-*` options, with its defaults),
/// for [`App::websocket_settings`](crate::App::websocket_settings).
///
/// ```
/// use std::time::Duration;
/// use brisk::App;
/// use brisk::context::WebSocketSettings;
///
/// let settings = WebSocketSettings {
///     ping_interval: Some(Duration::from_secs(30)),
///     max_message_size: 1024 * 1024,
///     ..WebSocketSettings::default()
/// };
/// assert_eq!(settings.ping_timeout, Some(Duration::from_secs(20)));
/// let app = App::new().websocket_settings(settings);
/// # let _ = app;
/// ```
#[derive(Debug, Clone)]
pub struct WebSocketSettings {
    /// How often a ping is sent to the client (20 s); `None`: never.
    pub ping_interval: Option<std::time::Duration>,
    /// How long to wait for its pong before closing the connection (20 s); `None`: forever.
    pub ping_timeout: Option<std::time::Duration>,
    /// The largest message accepted, reassembled (16 MiB); larger ones close with 1009.
    pub max_message_size: usize,
    /// How many received messages wait for the route before reading stops (32), and how
    /// many sent ones wait to be written.
    pub max_queue: usize,
}

impl Default for WebSocketSettings {
    fn default() -> Self {
        WebSocketSettings {
            ping_interval: Some(std::time::Duration::from_secs(20)),
            ping_timeout: Some(std::time::Duration::from_secs(20)),
            max_message_size: 16 * 1024 * 1024,
            max_queue: 32,
        }
    }
}

/// One request on its way through the pipeline. Generated extraction code receives it;
/// users see its [`Request`].
#[doc(hidden)]
pub struct RequestCtx {
    /// The request.
    pub req: Request,
    pub(crate) plan: Arc<RoutePlan>,
    pub(crate) runtime: Arc<Runtime>,
    /// Exit code of `Yield` dependencies, in setup order.
    pub(crate) exits: Vec<ExitFn>,
    /// Values of the dependencies resolved so far (FastAPI's per-request cache).
    pub(crate) dependency_cache: Vec<((TypeId, TypeId), Box<dyn Any + Send + Sync>)>,
}

impl RequestCtx {
    /// A request matched to a route.
    #[inline]
    pub fn new(
        parts: http::request::Parts,
        body: Body,
        path_values: crate::path_params::PathParams,
        plan: Arc<RoutePlan>,
        runtime: Arc<Runtime>,
        client: Option<std::net::SocketAddr>,
    ) -> Self {
        let mut req = Request::new(parts, body, path_values, runtime.body.clone());
        req.embed_body = plan.embed_body;
        req.set_client(client);
        RequestCtx { req, plan, runtime, exits: Vec::new(), dependency_cache: Vec::new() }
    }

    /// True when `Yield` dependencies registered exit code for this request.
    pub fn has_exits(&self) -> bool {
        !self.exits.is_empty()
    }

    /// Registers exit code to run after the response.
    pub fn push_exit(&mut self, exit: ExitFn) {
        self.exits.push(exit);
    }

    /// Answers a validation failure with the app's handler (FastAPI's 422 by default).
    /// In a wrapped route the failure is raised instead, for the wrappers to see
    /// (FastAPI's `RequestValidationError` caught in a custom route class); the handler
    /// answers it after them.
    pub fn validation_error(&self, errors: ValidationErrors) -> HttpResponse {
        if self.plan.wrapped {
            let res = crate::response::errors::validation_error_response(&errors);
            return crate::response::Raised::mark(res, Box::new(errors));
        }
        self.runtime.exception_handlers.validation(&self.req, errors)
    }

    /// A request that went through route wrappers, back in the pipeline.
    pub fn from_request(req: Request, plan: Arc<RoutePlan>, runtime: Arc<Runtime>) -> Self {
        let mut req = req;
        req.embed_body = plan.embed_body;
        RequestCtx { req, plan, runtime, exits: Vec::new(), dependency_cache: Vec::new() }
    }
}
