//! Routers (FastAPI's `APIRouter` and `include_router`): routes grouped — often one
//! router per file — with what they share: a path prefix, tags, dependencies, documented
//! responses, deprecation, visibility in OpenAPI, a default response class, callbacks and
//! how operation ids are made. Routers nest to any depth.
//!
//! Options combine as FastAPI combines them: prefixes, tags, dependencies, responses and
//! callbacks accumulate outermost first; `deprecated` holds if any level says so;
//! `include_in_schema` only if every level allows it; the response class and the
//! operation-id function of the nearest level win.
//!
//! ```
//! use brisk::prelude::*;
//!
//! #[get("/")]
//! async fn list_users() -> Json<Vec<&'static str>> {
//!     Json(vec!["rick", "morty"])
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let users = ApiRouter::new().prefix("/users").tag("users").routes(routes![list_users]);
//! let client = TestClient::new(App::new().include_router(users));
//! assert_eq!(client.get("/users/").send().await.text(), r#"["rick","morty"]"#);
//! let doc = client.get("/openapi.json").send().await.json::<serde_json::Value>();
//! assert_eq!(doc["paths"]["/users/"]["get"]["tags"], serde_json::json!(["users"]));
//! # }
//! ```

use serde_json::Value;

use crate::context::ErasedRun;
use crate::depends::Dependency;
use crate::operation::{DependencyInfo, ResponseDoc};
use crate::response::ResponseClass;
use std::sync::Arc;

use crate::next::{Next, route_wrap};
use crate::request::Request;
use crate::response::IntoResponse;
use crate::routing::{Route, RouteOptions, Wrappers};

/// A group of routes with what they share (FastAPI's `APIRouter`).
///
/// FastAPI's `include_router(router, prefix=.., tags=..)` options are this router's own:
/// set them on the router when including it.
///
/// ```
/// use brisk::prelude::*;
///
/// #[get("/{item_id}")]
/// async fn read_item(item_id: String) -> String {
///     item_id
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let items = ApiRouter::new().prefix("/items").tag("items").response(404, "Not found").routes(routes![read_item]);
/// let app = App::new().include_router(ApiRouter::new().prefix("/v1").include_router(items));
/// let client = TestClient::new(app);
/// assert_eq!(client.get("/v1/items/foo").send().await.json::<String>(), "foo");
/// # }
/// ```
#[derive(Debug, Clone, Default)]
pub struct ApiRouter {
    prefix: String,
    tags: Vec<String>,
    deps: Vec<(&'static DependencyInfo, ErasedRun)>,
    responses: Vec<ResponseDoc>,
    deprecated: bool,
    hidden: bool,
    response_class: Option<ResponseClass>,
    callbacks: Vec<Route>,
    generate_unique_id: Option<fn(&Route) -> String>,
    wrappers: Wrappers,
    routes: Vec<Route>,
}

impl ApiRouter {
    /// An empty router.
    pub fn new() -> Self {
        Self::default()
    }

    /// Prefixes every path (e.g. `/items`; a trailing `/` is dropped).
    pub fn prefix(mut self, prefix: &str) -> Self {
        self.prefix = prefix.trim_end_matches('/').to_owned();
        self
    }

    /// Adds a tag to every route (before the routes' own).
    pub fn tag(mut self, tag: &str) -> Self {
        self.tags.push(tag.to_owned());
        self
    }

    /// Adds tags to every route.
    pub fn tags<'a>(mut self, tags: impl IntoIterator<Item = &'a str>) -> Self {
        self.tags.extend(tags.into_iter().map(str::to_owned));
        self
    }

    /// Adds a dependency every route of this router runs (its value unused), e.g.
    /// `.dependency::<verify_token>()`.
    pub fn dependency<D: Dependency>(mut self) -> Self {
        self.deps.push((D::INFO, D::run_erased));
        self
    }

    /// Documents a response every route may give (FastAPI's
    /// `responses={404: {"description": "Not found"}}`).
    pub fn response(mut self, status: u16, description: &str) -> Self {
        self.responses.push(ResponseDoc {
            status,
            description: Some(description.to_owned()),
            schema: None,
            extra: None,
        });
        self
    }

    /// Documents a response as an OpenAPI response object (`description`, `content`,
    /// `headers`...), merged into each route's.
    pub fn response_object(mut self, status: u16, object: Value) -> Self {
        let description = object.get("description").and_then(Value::as_str).map(str::to_owned);
        self.responses.push(ResponseDoc { status, description, schema: None, extra: Some(object) });
        self
    }

    /// Marks every route deprecated in OpenAPI.
    pub fn deprecated(mut self, deprecated: bool) -> Self {
        self.deprecated = deprecated;
        self
    }

    /// Leaves every route out of OpenAPI when `false` (they are still served).
    pub fn include_in_schema(mut self, include: bool) -> Self {
        self.hidden = !include;
        self
    }

    /// How routes that name no response class render returned data.
    pub fn default_response_class(mut self, class: ResponseClass) -> Self {
        self.response_class = Some(class);
        self
    }

    /// Documents callbacks (routes declared `#[post("..", callback)]`) with every route.
    pub fn callbacks(mut self, callbacks: impl IntoIterator<Item = Route>) -> Self {
        self.callbacks.extend(callbacks);
        self
    }

    /// How operation ids are made for the routes that name none (FastAPI's
    /// `generate_unique_id_function`).
    pub fn generate_unique_id(mut self, f: fn(&Route) -> String) -> Self {
        self.generate_unique_id = Some(f);
        self
    }

    /// Wraps every route of this router (FastAPI's `APIRouter(route_class=...)`): `f`
    /// runs after routing, with the route as [`Next`]; it can replace the request's body,
    /// catch the route's validation failure (a response marked raised: see
    /// [`raised`](crate::response::raised)), time the call, change the response. Wrappers
    /// of outer routers run first.
    pub fn wrap_routes<F, Fut, R>(mut self, f: F) -> Self
    where
        F: Fn(Request, Next) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = R> + Send + 'static,
        R: IntoResponse + 'static,
    {
        self.wrappers = self.wrappers.around(&Wrappers(Arc::new([route_wrap(f)])));
        self
    }

    /// Adds routes.
    pub fn routes(mut self, routes: impl IntoIterator<Item = Route>) -> Self {
        self.routes.extend(routes);
        self
    }

    /// Includes another router under this one: its routes get this router's options too.
    pub fn include_router(mut self, other: ApiRouter) -> Self {
        self.routes.extend(other.into_routes());
        self
    }

    /// Includes another router under this one (the same as
    /// [`include_router`](Self::include_router)).
    pub fn include(self, other: ApiRouter) -> Self {
        self.include_router(other)
    }

    /// The routes with this router's options applied.
    pub fn into_routes(self) -> Vec<Route> {
        let ApiRouter {
            prefix,
            tags,
            deps,
            responses,
            deprecated,
            hidden,
            response_class,
            callbacks,
            generate_unique_id,
            wrappers,
            routes,
        } = self;
        let callbacks: Vec<_> = callbacks.iter().map(Route::operation).collect();
        routes
            .into_iter()
            .map(|mut r| {
                r.path = format!("{prefix}{}", r.path);
                r.tags = tags.iter().cloned().chain(r.tags).collect();
                r.deps = deps.iter().cloned().chain(r.deps).collect();
                let inner = std::mem::take(&mut r.options);
                r.options = RouteOptions {
                    responses: responses.iter().cloned().chain(inner.responses).collect(),
                    deprecated: deprecated || inner.deprecated,
                    include_in_schema: !hidden && inner.include_in_schema,
                    response_class: inner.response_class.or(response_class),
                    callbacks: callbacks.iter().copied().chain(inner.callbacks).collect(),
                    generate_unique_id: inner.generate_unique_id.or(generate_unique_id),
                    wrappers: wrappers.around(&inner.wrappers),
                };
                r
            })
            .collect()
    }
}
