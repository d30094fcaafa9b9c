//! Routes and the router: a path operation's static description ([`Operation`]), the
//! per-app route ([`Route`]), and path lookup on `matchit` with FastAPI's 404, 405 and
//! trailing-slash redirect behaviour.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use http::Method;

use crate::depends::DependencyInfo;
use crate::openapi::{OperationTypes, SchemaGenerator};
use crate::params::{ParamSpec, Source};
use crate::request::RequestCtx;
use crate::response::{HttpResponse, ResponseClass, ResponseDefaults};

/// A boxed response future, what generated handlers return.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// A generated request handler: extraction, the user's function, the response.
pub type Handler = fn(RequestCtx) -> BoxFuture<HttpResponse>;

/// Everything a path-operation macro knows about one handler. Generated as a static.
#[derive(Debug)]
pub struct Operation {
    /// The HTTP method.
    pub method: Method,
    /// The path template as written (`/files/{file_path:path}`).
    pub path: &'static str,
    /// The function name (FastAPI's route name).
    pub name: &'static str,
    /// An explicit summary (default: the name title-cased).
    pub summary: Option<&'static str>,
    /// The description (default: the doc comment).
    pub description: Option<&'static str>,
    /// Tags.
    pub tags: &'static [&'static str],
    /// The success status code (default 200).
    pub status_code: Option<u16>,
    /// The response class for returned data (default: the app's).
    pub response_class: Option<ResponseClass>,
    /// The description of the success response.
    pub response_description: &'static str,
    /// Marked deprecated.
    pub deprecated: bool,
    /// Listed in the OpenAPI document.
    pub include_in_schema: bool,
    /// An explicit operationId.
    pub operation_id: Option<&'static str>,
    /// The parameters, in declaration order.
    pub params: &'static [&'static ParamSpec],
    /// The dependencies it takes (`#[depends(..)]`), in declaration order.
    pub deps: &'static [&'static crate::depends::DependencyInfo],
    /// Merged into the generated OpenAPI operation (FastAPI's `openapi_extra`).
    pub openapi_extra: Option<fn() -> serde_json::Value>,
    /// True when a handler reads the raw body itself (it takes a `Request`).
    pub raw_body: bool,
    /// OpenAPI callbacks: operations (`#[post(.., callback)]`) the API user implements.
    pub callbacks: &'static [fn() -> Route],
    /// Where each parameter is read from, resolved for its type.
    pub sources: fn() -> Vec<Source>,
    /// The schemas of the parameters and of the response.
    pub types: fn(&mut SchemaGenerator) -> OperationTypes,
    /// The request handler.
    pub handler: Handler,
}

/// A path operation registered on an app or router.
#[derive(Debug, Clone)]
pub struct Route {
    pub(crate) op: &'static Operation,
    pub(crate) path: String,
    pub(crate) tags: Vec<String>,
    pub(crate) deps: Vec<&'static DependencyInfo>,
}

impl Route {
    /// The route of a generated operation (what `routes![...]` collects).
    pub fn new(op: &'static Operation) -> Self {
        Route { op, path: op.path.to_owned(), tags: op.tags.iter().map(|t| t.to_string()).collect(), deps: Vec::new() }
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
    pub fn operation(&self) -> &'static Operation {
        self.op
    }

    /// The app's and routers' dependencies followed by the operation's own.
    pub fn all_deps(&self) -> Vec<&'static DependencyInfo> {
        self.deps.iter().chain(self.op.deps.iter()).copied().collect()
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

/// A group of routes with a common prefix and tags (FastAPI's `APIRouter`).
#[derive(Debug, Clone, Default)]
pub struct ApiRouter {
    prefix: String,
    tags: Vec<String>,
    deps: Vec<&'static DependencyInfo>,
    routes: Vec<Route>,
}

impl ApiRouter {
    /// An empty router.
    pub fn new() -> Self {
        Self::default()
    }

    /// Prefixes every path (e.g. `/items`).
    pub fn prefix(mut self, prefix: &str) -> Self {
        self.prefix = prefix.trim_end_matches('/').to_owned();
        self
    }

    /// Adds a tag to every route.
    pub fn tag(mut self, tag: &str) -> Self {
        self.tags.push(tag.to_owned());
        self
    }

    /// Adds a dependency every route of this router runs (its value unused), e.g.
    /// `.dependency::<verify_token>()`.
    pub fn dependency<D: crate::depends::Dependency>(mut self) -> Self {
        self.deps.push(D::INFO);
        self
    }

    /// Adds routes.
    pub fn routes(mut self, routes: impl IntoIterator<Item = Route>) -> Self {
        self.routes.extend(routes);
        self
    }

    /// Includes another router's routes under this one.
    pub fn include(mut self, other: ApiRouter) -> Self {
        self.routes.extend(other.into_routes());
        self
    }

    /// The routes with the prefix and tags applied.
    pub fn into_routes(self) -> Vec<Route> {
        let ApiRouter { prefix, tags, deps, routes } = self;
        routes
            .into_iter()
            .map(|mut r| {
                r.path = format!("{prefix}{}", r.path);
                let mut all = tags.clone();
                all.extend(r.tags);
                r.tags = all;
                let mut d = deps.clone();
                d.extend(r.deps);
                r.deps = d;
                r
            })
            .collect()
    }
}

/// What a route knows at run time, computed once when the app is built.
#[derive(Debug)]
pub struct RouteInfo {
    /// The operation.
    pub op: &'static Operation,
    /// The full path template (with router prefixes).
    pub path: String,
    /// Status code and response class for returned data.
    pub defaults: ResponseDefaults,
    /// True when the body must be read before extraction.
    pub reads_body: bool,
    /// True when the body is a form to parse before extraction.
    pub reads_form: bool,
    /// True when body parameters are nested under their names.
    pub embed_body: bool,
    /// The operationId.
    pub operation_id: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Dependencies used more than once in the route's tree (their addresses).
    shared_deps: Vec<usize>,
    /// The app's and routers' dependencies, run before the route's own.
    pub global_deps: Vec<&'static crate::depends::DependencyInfo>,
}

impl RouteInfo {
    /// True when `dep` occurs more than once in this route's dependency tree.
    pub fn shares(&self, dep: &'static crate::depends::DependencyInfo) -> bool {
        !self.shared_deps.is_empty() && self.shared_deps.contains(&(dep as *const _ as usize))
    }

    /// The pseudo-route of requests no route matched (for exception handlers).
    pub(crate) fn no_route() -> Self {
        RouteInfo::new(&Route::new(&NO_ROUTE), ResponseClass::Json)
    }

    pub(crate) fn new(route: &Route, default_class: ResponseClass) -> Self {
        let op = route.op;
        let bodies: Vec<&ParamSpec> =
            all_params(op, &route.deps).into_iter().filter(|(_, s)| *s == Source::Body).map(|(p, _)| p).collect();
        let embed_body = bodies.len() > 1 || bodies.iter().any(|p| p.embed);
        let reads_form = all_params(op, &route.deps).iter().any(|(_, s)| matches!(s, Source::Form | Source::File));
        let status = op.status_code.and_then(|c| http::StatusCode::from_u16(c).ok()).unwrap_or(http::StatusCode::OK);
        RouteInfo {
            op,
            path: route.path.clone(),
            defaults: ResponseDefaults { status, class: op.response_class.unwrap_or(default_class) },
            reads_body: !bodies.is_empty() || op.raw_body,
            reads_form,
            embed_body,
            operation_id: op
                .operation_id
                .map(str::to_owned)
                .unwrap_or_else(|| unique_id(op.name, &route.path, &op.method)),
            tags: route.tags.clone(),
            shared_deps: crate::depends::shared(&route.all_deps()),
            global_deps: route.deps.clone(),
        }
    }
}

/// Every parameter of an operation (the app's and routers' dependencies', then its own
/// dependencies', then its own) with its resolved source.
pub fn all_params(op: &Operation, global: &[&'static DependencyInfo]) -> Vec<(&'static ParamSpec, Source)> {
    let own = (op.sources)();
    let deps: Vec<&'static DependencyInfo> = global.iter().chain(op.deps.iter()).copied().collect();
    crate::depends::flatten(&deps, op.params)
        .into_iter()
        .map(|(p, from)| {
            let source = match from {
                crate::depends::DocSource::Route(i) => own.get(i).copied().unwrap_or(p.source),
                crate::depends::DocSource::Dependency(d, i) => (d.sources)().get(i).copied().unwrap_or(p.source),
            };
            (p, source)
        })
        .collect()
}

fn no_route_handler(_: RequestCtx) -> BoxFuture<HttpResponse> {
    Box::pin(async { crate::exceptions::http_exception_response(&crate::HttpException::from_status(404)) })
}

static NO_ROUTE: Operation = Operation {
    method: Method::GET,
    path: "",
    name: "",
    summary: None,
    description: None,
    tags: &[],
    status_code: None,
    response_class: None,
    response_description: "",
    deprecated: false,
    include_in_schema: false,
    operation_id: None,
    params: &[],
    deps: &[],
    callbacks: &[],
    openapi_extra: None,
    raw_body: false,
    sources: Vec::new,
    types: |_| OperationTypes::default(),
    handler: no_route_handler,
};

/// FastAPI's `generate_unique_id`: name + path with non-word characters as `_` + method.
pub fn unique_id(name: &str, path: &str, method: &Method) -> String {
    let raw = format!("{name}{}", openapi_path(path));
    let cleaned: String = raw.chars().map(|c| if c.is_alphanumeric() || c == '_' { c } else { '_' }).collect();
    format!("{cleaned}_{}", method.as_str().to_ascii_lowercase())
}

/// The path as OpenAPI writes it: `{file_path:path}` becomes `{file_path}`.
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
pub(crate) enum Endpoint {
    Op(Arc<RouteInfo>),
    OpenApi,
    SwaggerUi,
    SwaggerRedirect,
    Redoc,
    Asset,
}

#[derive(Debug)]
struct PathEntry {
    methods: Vec<(Method, Endpoint)>,
}

/// The result of looking a request up.
pub(crate) enum Lookup {
    Found(Endpoint, Vec<String>),
    MethodNotAllowed(String),
    NotFound,
}

/// The route table.
#[derive(Debug, Default)]
pub(crate) struct Router {
    matcher: matchit::Router<usize>,
    entries: Vec<PathEntry>,
    templates: Vec<String>,
}

impl Router {
    pub(crate) fn add(&mut self, path: &str, methods: &[Method], endpoint: Endpoint) -> Result<(), String> {
        let m = matchit_path(path);
        let idx = match self.templates.iter().position(|t| *t == m) {
            Some(i) => i,
            None => {
                let i = self.entries.len();
                self.matcher.insert(m.clone(), i).map_err(|e| format!("route {path:?}: {e}"))?;
                self.entries.push(PathEntry { methods: Vec::new() });
                self.templates.push(m);
                i
            }
        };
        for method in methods {
            // The first route declared for a path and method wins, as in FastAPI.
            if !self.entries[idx].methods.iter().any(|(mm, _)| mm == method) {
                self.entries[idx].methods.push((method.clone(), endpoint.clone()));
            }
        }
        Ok(())
    }

    pub(crate) fn lookup(&self, method: &Method, path: &str) -> Lookup {
        let Ok(m) = self.matcher.at(path) else { return Lookup::NotFound };
        let entry = &self.entries[*m.value];
        match entry.methods.iter().find(|(mm, _)| mm == method) {
            Some((_, ep)) => Lookup::Found(ep.clone(), m.params.iter().map(|(_, v)| v.to_owned()).collect()),
            None => {
                let allow: Vec<&str> = entry.methods.iter().map(|(m, _)| m.as_str()).collect();
                Lookup::MethodNotAllowed(allow.join(", "))
            }
        }
    }

    /// True when some route matches `path`, whatever its method.
    pub(crate) fn matches(&self, path: &str) -> bool {
        self.matcher.at(path).is_ok()
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
        r.add("/users/me", &[Method::GET], Endpoint::OpenApi).unwrap();
        r.add("/users/{id}", &[Method::GET, Method::HEAD], Endpoint::Redoc).unwrap();
        assert!(matches!(r.lookup(&Method::GET, "/users/me"), Lookup::Found(Endpoint::OpenApi, _)));
        match r.lookup(&Method::GET, "/users/alice") {
            Lookup::Found(Endpoint::Redoc, p) => assert_eq!(p, vec!["alice".to_owned()]),
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
