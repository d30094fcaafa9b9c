//! Routes and the router: a path operation's static description ([`Operation`]), the
//! per-app route ([`Route`]), and path lookup on `matchit` with FastAPI's 404, 405 and
//! trailing-slash redirect behaviour.
//!
//! ```
//! use brisk::prelude::*;
//!
//! #[get("/items/{id}")]
//! async fn read_item(id: u32) -> u32 {
//!     id
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let client = TestClient::new(App::new().routes(routes![read_item]));
//! assert_eq!(client.get("/items/7").send().await.text(), "7");
//! assert_eq!(client.post("/items/7").send().await.status(), 405);
//! assert_eq!(client.get("/nothing").send().await.status(), 404);
//! # }
//! ```

use std::sync::Arc;

use http::Method;

use crate::context::{ErasedRun, RoutePlan};
use crate::handler::{Endpoint, Handler};
use crate::model::SchemaGenerator;
use crate::next::RouteWrap;
use crate::operation::{DependencyInfo, DocSource, Operation, ParamSpec, ResponseDoc, Source, flatten};
use crate::response::{ResponseClass, ResponseDefaults};
use crate::state::StateNeed;

/// A path operation registered on an app or router.
///
/// ```
/// use brisk::prelude::*;
///
/// #[get("/items/{id}", tags = ["items"])]
/// async fn read_item(id: u32) -> u32 {
///     id
/// }
///
/// let route = routes![read_item].remove(0);
/// assert_eq!((route.method().as_str(), route.path(), route.name()), ("GET", "/items/{id}", "read_item"));
/// assert_eq!(route.tags(), ["items"]);
/// ```
#[derive(Debug, Clone)]
pub struct Route {
    pub(crate) op: &'static Operation,
    pub(crate) handler: Handler,
    pub(crate) path: String,
    pub(crate) tags: Vec<String>,
    pub(crate) deps: Vec<(&'static DependencyInfo, ErasedRun)>,
    pub(crate) websocket: bool,
    /// What the routers it was included through add (FastAPI's `include_router` options).
    pub(crate) options: RouteOptions,
}

/// What routers add to the routes they include, outermost router first (FastAPI's
/// `APIRouter(...)` and `include_router(...)` options, combined as FastAPI combines them).
#[derive(Debug, Clone)]
#[doc(hidden)]
pub struct RouteOptions {
    /// Additional responses documented, before the route's own (which win on a shared
    /// status).
    pub responses: Vec<ResponseDoc>,
    /// Marked deprecated by a router.
    pub deprecated: bool,
    /// False when a router leaves its routes out of OpenAPI.
    pub include_in_schema: bool,
    /// The response class for routes that name none (the nearest router's).
    pub response_class: Option<ResponseClass>,
    /// Callbacks documented with each route, before the route's own.
    pub callbacks: Vec<&'static Operation>,
    /// How operation ids are made (the nearest router's), unless the route names one.
    pub generate_unique_id: Option<fn(&Route) -> String>,
    /// Code around the route (FastAPI's custom `APIRoute` classes), outermost first.
    pub wrappers: Wrappers,
}

/// Route wrappers, outermost first.
#[derive(Clone)]
#[doc(hidden)]
pub struct Wrappers(pub Arc<[RouteWrap]>);

impl Default for Wrappers {
    fn default() -> Self {
        Wrappers(Arc::new([]))
    }
}

impl Wrappers {
    /// These wrappers around `inner` ones.
    pub fn around(&self, inner: &Wrappers) -> Wrappers {
        Wrappers(self.0.iter().chain(inner.0.iter()).cloned().collect())
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Wrappers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Wrappers({})", self.0.len())
    }
}

impl Default for RouteOptions {
    fn default() -> Self {
        RouteOptions {
            responses: Vec::new(),
            deprecated: false,
            include_in_schema: true,
            response_class: None,
            callbacks: Vec::new(),
            generate_unique_id: None,
            wrappers: Wrappers::default(),
        }
    }
}

impl Route {
    /// The route of a generated path operation or WebSocket route (what `routes![...]`
    /// collects).
    #[doc(hidden)]
    pub fn of<E: Endpoint>() -> Self {
        match E::WEBSOCKET {
            Some(handler) => Route { websocket: true, ..Route::new(E::OPERATION, handler) },
            None => Route::new(E::OPERATION, crate::handler::handle::<E>),
        }
    }

    /// A route serving `op` with `handler`.
    #[doc(hidden)]
    pub fn new(op: &'static Operation, handler: Handler) -> Self {
        Route {
            op,
            handler,
            path: op.path.to_owned(),
            tags: op.tags.iter().map(|t| t.to_string()).collect(),
            deps: Vec::new(),
            options: RouteOptions::default(),
            websocket: false,
        }
    }

    /// True for a WebSocket route (`#[websocket]`).
    pub fn is_websocket(&self) -> bool {
        self.websocket
    }

    /// The path template.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.op.method
    }

    /// The operation.
    #[doc(hidden)]
    pub fn operation(&self) -> &'static Operation {
        self.op
    }

    /// The app's and routers' dependencies followed by the operation's own.
    #[doc(hidden)]
    pub fn all_deps(&self) -> Vec<&'static DependencyInfo> {
        self.deps.iter().map(|(d, _)| *d).chain(self.op.deps.iter().copied()).collect()
    }

    /// The function name (FastAPI's route name).
    pub fn name(&self) -> &'static str {
        self.op.name
    }

    /// The tags, router tags first.
    pub fn tags(&self) -> &[String] {
        &self.tags
    }
}

/// What a route knows at run time, computed once when the app is built.
///
/// ```
/// use brisk::prelude::*;
///
/// #[get("/items/{id}")]
/// async fn read_item(id: u32) -> u32 {
///     id
/// }
///
/// let service = App::new().routes(routes![read_item]).into_service().expect("a valid app");
/// let info = &service.routes()[0];
/// assert_eq!((info.path.as_str(), info.operation_id.as_str()), ("/items/{id}", "read_item_items__id__get"));
/// ```
#[derive(Debug)]
pub struct RouteInfo {
    /// The operation.
    pub op: &'static Operation,
    /// Its handler.
    pub handler: Handler,
    /// The full path template (with router prefixes).
    pub path: String,
    /// The operationId.
    pub operation_id: String,
    /// Tags.
    pub tags: Vec<String>,
    /// What its routers add to its documentation.
    pub options: RouteOptions,
    /// Deprecated, by the operation or a router.
    pub deprecated: bool,
    /// Listed in OpenAPI (by the operation and every router).
    pub include_in_schema: bool,
    /// What the pipeline needs.
    pub plan: Arc<RoutePlan>,
    /// Its wrappers, outermost first (empty for most routes).
    pub wrappers: Wrappers,
    /// The app state its parameters and dependencies read (`State<T>`).
    pub needs_state: Vec<StateNeed>,
    /// True for a WebSocket route (never documented in OpenAPI).
    pub websocket: bool,
}

impl RouteInfo {
    /// The app's and routers' dependencies, run before the route's own.
    #[doc(hidden)]
    pub fn global_deps(&self) -> impl Iterator<Item = &'static DependencyInfo> + '_ {
        self.plan.global_deps.iter().map(|(d, _)| *d)
    }

    pub(crate) fn new(route: &Route, default_class: ResponseClass) -> Self {
        let op = route.op;
        let (params, needs_state) = all_params(op, &route.all_deps());
        let bodies: Vec<&ParamSpec> =
            params.iter().filter(|(_, s, _)| *s == Some(Source::Body)).map(|(p, _, _)| *p).collect();
        let embed_body = bodies.len() > 1 || bodies.iter().any(|p| p.embed);
        let reads_form = params.iter().any(|(_, s, _)| matches!(s, Some(Source::Form | Source::File)));
        let raw_body = params.iter().any(|(_, _, raw)| *raw);
        let class = op.response_class.or(route.options.response_class).unwrap_or(default_class);
        let status = op.status_code.and_then(|c| http::StatusCode::from_u16(c).ok()).unwrap_or(class.default_status());
        let plan = RoutePlan {
            defaults: ResponseDefaults { status, class },
            reads_body: !bodies.is_empty() || raw_body,
            reads_form,
            embed_body,
            global_deps: route.deps.clone(),
            shared_deps: crate::operation::shared(&route.all_deps()),
            wrapped: !route.options.wrappers.is_empty(),
        };
        RouteInfo {
            op,
            handler: route.handler,
            path: route.path.clone(),
            operation_id: match (op.operation_id, route.options.generate_unique_id) {
                (Some(id), _) => id.to_owned(),
                (None, Some(f)) => f(route),
                (None, None) => unique_id(op.name, &route.path, &op.method),
            },
            tags: route.tags.clone(),
            options: route.options.clone(),
            deprecated: op.deprecated || route.options.deprecated,
            include_in_schema: op.include_in_schema && route.options.include_in_schema,
            plan: Arc::new(plan),
            wrappers: route.options.wrappers.clone(),
            needs_state,
            websocket: route.websocket,
        }
    }
}

/// Every parameter of an operation (the app's and routers' dependencies', then its own
/// dependencies', then its own) with where it is read from (`None`: not request data) and
/// whether it reads the raw body; and the app state they read.
#[allow(clippy::type_complexity)]
#[doc(hidden)]
pub fn all_params(
    op: &Operation,
    deps: &[&'static DependencyInfo],
) -> (Vec<(&'static ParamSpec, Option<Source>, bool)>, Vec<StateNeed>) {
    let mut schemas = SchemaGenerator::new();
    let mut needs = Vec::new();
    let own = (op.types)(&mut schemas).params;
    let mut dep_docs: Vec<(*const DependencyInfo, Vec<crate::operation::ParamDoc>)> = Vec::new();
    let params = flatten(deps, op.params)
        .into_iter()
        .map(|(p, from)| {
            let doc = match from {
                DocSource::Route(i) => own.get(i).cloned(),
                DocSource::Dependency(d, i) => {
                    let key = d as *const DependencyInfo;
                    if !dep_docs.iter().any(|(k, _)| *k == key) {
                        dep_docs.push((key, (d.types)(&mut schemas)));
                    }
                    dep_docs.iter().find(|(k, _)| *k == key).and_then(|(_, docs)| docs.get(i).cloned())
                }
            };
            match doc {
                Some(doc) => {
                    needs.extend(doc.state);
                    (p, doc.source, doc.raw_body)
                }
                None => (p, None, false),
            }
        })
        .collect();
    (params, needs)
}

/// FastAPI's `generate_unique_id`: name + path with non-word characters as `_` + method.
///
/// ```
/// let id = brisk::routing::unique_id("read_item", "/items/{item_id}", &http::Method::GET);
/// assert_eq!(id, "read_item_items__item_id__get");
/// ```
pub fn unique_id(name: &str, path: &str, method: &Method) -> String {
    let raw = format!("{name}{}", openapi_path(path));
    let cleaned: String = raw.chars().map(|c| if c.is_alphanumeric() || c == '_' { c } else { '_' }).collect();
    format!("{cleaned}_{}", method.as_str().to_ascii_lowercase())
}

/// The path as OpenAPI writes it: `{file_path:path}` becomes `{file_path}`.
///
/// ```
/// assert_eq!(brisk::routing::openapi_path("/files/{file_path:path}"), "/files/{file_path}");
/// ```
pub fn openapi_path(path: &str) -> String {
    path.replace(":path}", "}")
}

/// The path as matchit expects it: `{file_path:path}` becomes `{*file_path}`.
pub(crate) fn matchit_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for (i, seg) in path.split('{').enumerate() {
        if i > 0 {
            out.push('{');
            if let Some((name, rest)) = seg.split_once(":path}")
                && !name.contains('}')
            {
                out.push('*');
                out.push_str(name);
                out.push('}');
                out.push_str(rest);
                continue;
            }
        }
        out.push_str(seg);
    }
    out
}

/// What a route table entry serves.
#[derive(Debug, Clone)]
pub(crate) enum Target {
    Op(Arc<RouteInfo>),
    /// A WebSocket route, with the HTTP GET route of the same path if there is one.
    WebSocket(Arc<WebSocketTarget>),
    OpenApi,
    SwaggerUi,
    SwaggerRedirect,
    Redoc,
    Asset,
}

/// A path's WebSocket route and the HTTP GET route sharing its path.
#[derive(Debug, Clone)]
pub(crate) struct WebSocketTarget {
    pub(crate) ws: Arc<RouteInfo>,
    pub(crate) http: Option<Arc<RouteInfo>>,
}

impl Target {
    /// True for a target that serves plain HTTP requests.
    fn serves_http(&self) -> bool {
        !matches!(self, Target::WebSocket(w) if w.http.is_none())
    }
}

#[derive(Debug)]
struct PathEntry {
    methods: Vec<(Method, Target)>,
}

/// The result of looking a request up.
pub(crate) enum Lookup<'a, 'p> {
    /// The target, and the values of the path parameters (slices of the path looked up).
    Found(&'a Target, Matched<'a, 'p>),
    MethodNotAllowed(String),
    NotFound,
}

/// The path parameters of a match, in template order.
pub(crate) struct Matched<'a, 'p> {
    params: matchit::Params<'a, 'p>,
    /// The empty value of a trailing `{name:path}` (`/files/` for `/files/{p:path}`),
    /// which Starlette's `.*` matches and matchit's catch-all does not.
    empty_tail: Option<&'p str>,
}

impl<'a, 'p> Matched<'a, 'p> {
    /// The values, in template order.
    pub(crate) fn values(&self) -> impl Iterator<Item = &'p str> + '_ {
        self.params.iter().map(|(_, v)| v).chain(self.empty_tail)
    }
}

/// The route table.
#[derive(Debug, Default)]
pub(crate) struct Router {
    /// Each template's entry, and whether it is the empty-tail form of a `{name:path}` one.
    matcher: matchit::Router<(usize, bool)>,
    entries: Vec<PathEntry>,
    templates: Vec<String>,
}

impl Router {
    fn entry(&mut self, path: &str) -> Result<usize, String> {
        let m = matchit_path(path);
        Ok(match self.templates.iter().position(|t| *t == m) {
            Some(i) => i,
            None => {
                let i = self.entries.len();
                self.matcher.insert(m.clone(), (i, false)).map_err(|e| format!("route {path:?}: {e}"))?;
                // `/files/{*p}` also matches `/files/`, with `p` empty (Starlette's `.*`);
                // a route declared for that path itself keeps it.
                if let Some(head) = m.strip_suffix('}').and_then(|t| t.rsplit_once("/{*")).map(|(h, _)| h) {
                    let _ = self.matcher.insert(format!("{head}/"), (i, true));
                }
                self.entries.push(PathEntry { methods: Vec::new() });
                self.templates.push(m);
                i
            }
        })
    }

    pub(crate) fn add(&mut self, path: &str, methods: &[Method], endpoint: Target) -> Result<(), String> {
        let idx = self.entry(path)?;
        for method in methods {
            let entry = &mut self.entries[idx].methods;
            match entry.iter_mut().find(|(mm, _)| mm == method) {
                // A GET route on a WebSocket route's path serves its plain requests.
                Some((_, Target::WebSocket(w))) if w.http.is_none() => {
                    if let Target::Op(info) = &endpoint {
                        Arc::make_mut(w).http = Some(info.clone());
                    }
                }
                // The first route declared for a path and method wins, as in FastAPI.
                Some(_) => {}
                None => entry.push((method.clone(), endpoint.clone())),
            }
        }
        Ok(())
    }

    /// Adds a WebSocket route: upgrade requests (GET) to its path.
    pub(crate) fn add_websocket(&mut self, path: &str, ws: Arc<RouteInfo>) -> Result<(), String> {
        let idx = self.entry(path)?;
        let entry = &mut self.entries[idx].methods;
        match entry.iter_mut().find(|(m, _)| m == Method::GET) {
            // The first WebSocket route for a path wins.
            Some((_, Target::WebSocket(_))) => {}
            Some((_, t)) => {
                let http = match t {
                    Target::Op(info) => Some(info.clone()),
                    _ => None,
                };
                *t = Target::WebSocket(Arc::new(WebSocketTarget { ws, http }));
            }
            None => entry.push((Method::GET, Target::WebSocket(Arc::new(WebSocketTarget { ws, http: None })))),
        }
        Ok(())
    }

    pub(crate) fn lookup<'p>(&self, method: &Method, path: &'p str) -> Lookup<'_, 'p> {
        let Ok(m) = self.matcher.at(path) else { return Lookup::NotFound };
        let (i, empty_tail) = *m.value;
        let entry = &self.entries[i];
        match entry.methods.iter().find(|(mm, _)| mm == method) {
            Some((_, ep)) => {
                Lookup::Found(ep, Matched { params: m.params, empty_tail: empty_tail.then(|| &path[path.len()..]) })
            }
            None => {
                let allow: Vec<&str> =
                    entry.methods.iter().filter(|(_, t)| t.serves_http()).map(|(m, _)| m.as_str()).collect();
                // A path with only a WebSocket route is unknown to HTTP, as in Starlette.
                if allow.is_empty() {
                    return Lookup::NotFound;
                }
                Lookup::MethodNotAllowed(allow.join(", "))
            }
        }
    }

    /// True when some HTTP route matches `path`, whatever its method.
    pub(crate) fn matches(&self, path: &str) -> bool {
        self.matcher.at(path).is_ok_and(|m| self.entries[m.value.0].methods.iter().any(|(_, t)| t.serves_http()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_follow_fastapi() {
        assert_eq!(unique_id("read_item", "/items/{item_id}", &Method::GET), "read_item_items__item_id__get");
        assert_eq!(unique_id("root", "/", &Method::GET), "root__get");
        assert_eq!(unique_id("read_file", "/files/{file_path:path}", &Method::GET), "read_file_files__file_path__get");
        assert_eq!(unique_id("get_legacy_data", "/legacy/", &Method::GET), "get_legacy_data_legacy__get");
    }

    #[test]
    fn path_templates_convert() {
        assert_eq!(matchit_path("/files/{file_path:path}"), "/files/{*file_path}");
        assert_eq!(matchit_path("/a/{b}/c"), "/a/{b}/c");
        assert_eq!(openapi_path("/files/{file_path:path}"), "/files/{file_path}");
    }

    #[test]
    fn lookup_gives_404_405_and_params() {
        let mut r = Router::default();
        r.add("/users/me", &[Method::GET], Target::OpenApi).unwrap();
        r.add("/users/{id}", &[Method::GET, Method::HEAD], Target::Redoc).unwrap();
        assert!(matches!(r.lookup(&Method::GET, "/users/me"), Lookup::Found(Target::OpenApi, _)));
        match r.lookup(&Method::GET, "/users/alice") {
            Lookup::Found(Target::Redoc, p) => assert_eq!(p.values().collect::<Vec<_>>(), ["alice"]),
            _ => panic!("expected a match"),
        }
        match r.lookup(&Method::POST, "/users/alice") {
            Lookup::MethodNotAllowed(a) => assert_eq!(a, "GET, HEAD"),
            _ => panic!("expected 405"),
        }
        assert!(matches!(r.lookup(&Method::GET, "/nope"), Lookup::NotFound));
        assert!(r.matches("/users/x") && !r.matches("/users/x/y"));
    }
}
