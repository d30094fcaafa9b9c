//! Pure descriptions of path operations and dependencies, generated as statics by the
//! macros: each parameter's declaration ([`ParamSpec`]), an operation's settings
//! ([`Operation`]), a dependency's ([`DependencyInfo`]), and what their types contribute
//! to the documentation. Nothing here runs a request.
//!
//! ```
//! use brisk::prelude::*;
//!
//! /// Create an item.
//! #[post("/items/", status_code = 201, tags = ["items"], summary = "New item", deprecated)]
//! async fn create_item(#[body] name: String) -> String {
//!     name
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let client = TestClient::new(App::new().routes(routes![create_item]));
//! let doc = client.get("/openapi.json").send().await.json::<serde_json::Value>();
//! let op = &doc["paths"]["/items/"]["post"];
//! assert_eq!((op["summary"].as_str(), op["deprecated"].as_bool()), (Some("New item"), Some(true)));
//! assert_eq!(op["tags"], serde_json::json!(["items"]));
//! assert!(op["responses"]["201"].is_object());
//! # }
//! ```

use http::Method;
use serde_json::Value;

use crate::model::{Constraints, JsonSchema, SchemaGenerator, Validate};
use http::HeaderValue;

/// Where a parameter is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[doc(hidden)]
pub enum Source {
    /// A `{name}` segment of the path template.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
    /// The JSON body (the whole body, or one key of it when embedded).
    Body,
    /// A field of a urlencoded or multipart form.
    Form,
    /// A file part of a multipart form.
    File,
    /// Not declared: a model reads the body, anything else the query string.
    Inferred,
}

impl Source {
    /// The name used in error locations and OpenAPI (`"query"`, `"body"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Path => "path",
            Source::Query | Source::Inferred => "query",
            Source::Header => "header",
            Source::Cookie => "cookie",
            Source::Body | Source::Form | Source::File => "body",
        }
    }

    /// Resolves `Inferred` for a parameter of type `T`.
    pub fn resolve<T: Validate>(self) -> Source {
        match self {
            Source::Inferred if T::body_by_default() => Source::Body,
            Source::Inferred => Source::Query,
            s => s,
        }
    }
}

/// Everything declared about one parameter. Generated as a static by the macros.
#[derive(Debug)]
#[doc(hidden)]
pub struct ParamSpec {
    /// The Rust parameter name.
    pub name: &'static str,
    /// The name on the wire: the alias, or the name (for headers, with `_` turned to `-`).
    pub wire: &'static str,
    /// Where it is read from.
    pub source: Source,
    /// For path parameters, the position of `{name}` in the template.
    pub path_index: usize,
    /// Validation constraints.
    pub constraints: Constraints,
    /// For a single body parameter: still nest it under its name (`Body(embed=True)`).
    pub embed: bool,
    /// Must be sent even if its type allows absence (`Option` with no default).
    pub required: bool,
    /// For headers, the name parsed once at compile time.
    pub header: Option<http::HeaderName>,
    /// For a header model: its fields' `_` read as `-` (FastAPI's `convert_underscores`,
    /// on by default).
    pub convert_underscores: bool,
    /// What only the documentation reads.
    pub docs: ParamDocs,
}

/// What only the OpenAPI document reads of a parameter's declaration.
#[derive(Debug, Clone, Copy)]
#[doc(hidden)]
pub struct ParamDocs {
    /// The schema title (default: the name title-cased).
    pub title: Option<&'static str>,
    /// The description.
    pub description: Option<&'static str>,
    /// Marked deprecated in OpenAPI.
    pub deprecated: bool,
    /// Listed in OpenAPI.
    pub include_in_schema: bool,
    /// The default value as JSON, for the schema (`None`: no default).
    pub default: Option<fn() -> Value>,
    /// Examples for the schema.
    pub examples: Option<fn() -> Value>,
    /// OpenAPI named examples (on the body's media type).
    pub openapi_examples: Option<fn() -> Value>,
    /// A JSON Schema `format` written in the documentation.
    pub format: Option<&'static str>,
}

impl ParamDocs {
    /// Nothing declared: FastAPI's defaults.
    pub const NONE: ParamDocs = ParamDocs {
        title: None,
        description: None,
        deprecated: false,
        include_in_schema: true,
        default: None,
        examples: None,
        openapi_examples: None,
        format: None,
    };
}

impl ParamSpec {
    /// Nothing declared: the base the macros fill in (`..ParamSpec::NONE`).
    pub const NONE: ParamSpec = ParamSpec {
        name: "",
        wire: "",
        source: Source::Inferred,
        path_index: 0,
        constraints: Constraints::NONE,
        embed: false,
        required: false,
        header: None,
        convert_underscores: true,
        docs: ParamDocs::NONE,
    };

    /// A spec with the defaults FastAPI uses.
    pub const fn new(name: &'static str, wire: &'static str, source: Source) -> Self {
        ParamSpec {
            name,
            wire,
            source,
            path_index: 0,
            constraints: Constraints::NONE,
            embed: false,
            required: false,
            header: None,
            convert_underscores: true,
            docs: ParamDocs::NONE,
        }
    }
}

/// Everything a path-operation macro knows about one handler. Generated as a static.
#[derive(Debug)]
#[doc(hidden)]
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
    pub deps: &'static [&'static DependencyInfo],
    /// Merged into the generated OpenAPI operation (FastAPI's `openapi_extra`).
    pub openapi_extra: Option<fn() -> serde_json::Value>,
    /// OpenAPI callbacks: operations (`#[post(.., callback)]`) the API user implements.
    pub callbacks: &'static [&'static Operation],
    /// The schemas of the parameters and of the response.
    pub types: fn(&mut SchemaGenerator) -> OperationTypes,
}

impl Operation {
    /// Nothing declared: the base the macros fill in (`..Operation::NONE`).
    pub const NONE: Operation = Operation {
        method: Method::GET,
        path: "",
        name: "",
        summary: None,
        description: None,
        tags: &[],
        status_code: None,
        response_class: None,
        response_description: "Successful Response",
        deprecated: false,
        include_in_schema: true,
        operation_id: None,
        params: &[],
        deps: &[],
        openapi_extra: None,
        callbacks: &[],
        types: |_| OperationTypes::empty(),
    };
}

/// What the types of an operation contribute to its documentation: one entry per
/// parameter, and the response schema. Generated by the path-operation macros.
#[derive(Debug, Default)]
#[doc(hidden)]
pub struct OperationTypes {
    /// One entry per parameter, in declaration order.
    pub params: Vec<ParamDoc>,
    /// The success response schema, `None` for "any".
    pub response: Option<Value>,
    /// The success response's content, when the return type documents it itself.
    pub response_content: Option<ResponseContent>,
    /// Other documented responses: the return type's and the route's `responses(...)`.
    pub extra_responses: Vec<ResponseDoc>,
    /// True when the return type documents all its statuses itself (no default entry).
    pub own_statuses: bool,
}

impl OperationTypes {
    /// Nothing documented.
    pub fn empty() -> Self {
        OperationTypes {
            params: Vec::new(),
            response: None,
            response_content: None,
            extra_responses: Vec::new(),
            own_statuses: false,
        }
    }
}

/// The content of a success response a return type documents itself (streams).
#[derive(Debug, Clone)]
#[doc(hidden)]
pub enum ResponseContent {
    /// This media type with this media object (`{"itemSchema": ...}`), whatever the
    /// route's response class.
    Media(&'static str, Value),
    /// Bytes in the route's response class: its media type with a string schema, and no
    /// content for the default class (FastAPI's `StreamingResponse`, which has no media
    /// type).
    Bytes,
}

/// One documented response (FastAPI's `responses={status: {...}}` entry).
#[derive(Debug, Clone, Default)]
#[doc(hidden)]
pub struct ResponseDoc {
    /// The status code.
    pub status: u16,
    /// The description (default: the status's reason phrase).
    pub description: Option<String>,
    /// The schema of its JSON body (FastAPI's `model`).
    pub schema: Option<Value>,
    /// Anything else, merged into the response object (`content` with other media types,
    /// examples, headers, links).
    pub extra: Option<Value>,
}

/// The documentation of one parameter's type.
#[derive(Debug, Clone)]
#[doc(hidden)]
pub struct ParamDoc {
    /// Where it is read from; `None` for parameters that are not request data (`Request`).
    pub source: Option<Source>,
    /// The JSON Schema, constraints included.
    pub schema: Value,
    /// True when the type allows absence (`Option`).
    pub optional: bool,
    /// For a model read from the query, headers or cookies: one parameter per field.
    pub fields: Option<Vec<crate::model::FieldDoc>>,
    /// For a model read from a form: its fields' names (the form body is their union).
    pub form_model: Option<Vec<&'static str>>,
    /// True for a parameter that reads the raw body (`Request`): the route reads it
    /// before extraction.
    pub raw_body: bool,
    /// The app state it reads (`State<T>`), checked when the app starts.
    pub state: Option<crate::state::StateNeed>,
}

impl ParamDoc {
    /// The documentation of a parameter of type `T` declared by `spec`.
    pub fn of<T: Validate + JsonSchema>(spec: &ParamSpec, schemas: &mut SchemaGenerator) -> Self {
        let source = spec.source.resolve::<T>();
        if is_params_model::<T>(source) {
            let fields = T::fields(schemas);
            return ParamDoc {
                source: Some(source),
                schema: Value::Null,
                // An optional model: none of its fields is required.
                optional: T::is_optional(),
                fields,
                form_model: None,
                raw_body: false,
                state: None,
            };
        }
        schemas.float_bounds = source == Source::Body;
        let schema = T::constrained_schema(schemas, &spec.constraints);
        schemas.float_bounds = false;
        let form_model = (T::body_by_default() && source == Source::Form)
            .then(|| T::model_fields().into_iter().map(|(name, _)| name).collect());
        ParamDoc {
            source: Some(source),
            schema,
            optional: T::is_optional(),
            fields: None,
            form_model,
            raw_body: false,
            state: None,
        }
    }

    /// A parameter that is not request data and is not documented.
    pub fn hidden() -> Self {
        ParamDoc {
            source: None,
            schema: Value::Null,
            optional: true,
            fields: None,
            form_model: None,
            raw_body: false,
            state: None,
        }
    }

    /// A parameter that is not documented but needs the body read (`Request`).
    pub fn raw_request() -> Self {
        ParamDoc { raw_body: true, ..ParamDoc::hidden() }
    }
}

/// The OpenAPI side of a security scheme; object safe, so dependency declarations can
/// point at any scheme.
///
/// ```
/// use brisk::operation::SecurityDoc;
/// use brisk::security::HttpBearer;
///
/// let bearer = HttpBearer::new();
/// assert_eq!(SecurityDoc::scheme_name(&bearer), "HTTPBearer");
/// assert_eq!(SecurityDoc::openapi(&bearer), serde_json::json!({"type": "http", "scheme": "bearer"}));
/// ```
///
/// A scheme of your own implements it with
/// [`SecurityScheme`](crate::security::SecurityScheme), whose documentation has an example.
pub trait SecurityDoc: Sync + std::fmt::Debug {
    /// Its name in `components.securitySchemes` (FastAPI: the class name, or
    /// `scheme_name`).
    fn scheme_name(&self) -> &str;
    /// Its `securitySchemes` entry.
    fn openapi(&self) -> Value;
}

/// What a dependency declares, for planning and documentation. Generated as a static.
#[derive(Debug)]
#[doc(hidden)]
pub struct DependencyInfo {
    /// The function name.
    pub name: &'static str,
    /// Its own request parameters, in declaration order.
    pub params: &'static [&'static ParamSpec],
    /// The documentation of those parameters.
    pub types: fn(&mut SchemaGenerator) -> Vec<ParamDoc>,
    /// The dependencies it depends on.
    pub deps: &'static [&'static DependencyInfo],
    /// The OAuth2 scopes this edge of the tree requires (`#[depends(f, scopes = [..])]`).
    pub scopes: &'static [&'static str],
    /// The security scheme it reads, for OpenAPI (`#[security(SCHEME)]`).
    pub security: Option<&'static dyn SecurityDoc>,
}

impl DependencyInfo {
    /// A dependency with this name and nothing declared.
    pub const fn named(name: &'static str) -> Self {
        DependencyInfo { name, params: &[], types: no_params, deps: &[], scopes: &[], security: None }
    }

    /// A use of `dep` (`&[D::INFO]`) requiring OAuth2 `scopes` (`#[depends(f, scopes = [..])]`).
    pub const fn scoped(dep: &'static [&'static DependencyInfo], scopes: &'static [&'static str]) -> Self {
        DependencyInfo { deps: dep, scopes, ..DependencyInfo::named("scoped") }
    }

    /// A security scheme's credentials (`#[security(SCHEME, scopes = [..])]`).
    pub const fn security(scheme: &'static dyn SecurityDoc, scopes: &'static [&'static str]) -> Self {
        DependencyInfo {
            name: "security",
            params: &[],
            types: |_| Vec::new(),
            deps: &[],
            scopes,
            security: Some(scheme),
        }
    }
}

fn no_params(_: &mut SchemaGenerator) -> Vec<ParamDoc> {
    Vec::new()
}

/// The dependencies that occur more than once in a tree (by address), whose values the
/// per-request cache must keep.
#[doc(hidden)]
pub fn shared(deps: &[&'static DependencyInfo]) -> Vec<usize> {
    fn walk(d: &'static DependencyInfo, counts: &mut Vec<(usize, usize)>) {
        let key = d as *const DependencyInfo as usize;
        match counts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => counts.push((key, 1)),
        }
        for sub in d.deps {
            walk(sub, counts);
        }
    }
    let mut counts = Vec::new();
    for d in deps {
        walk(d, &mut counts);
    }
    counts.into_iter().filter(|(_, n)| *n > 1).map(|(k, _)| k).collect()
}

/// Every parameter of a route's dependency tree, depth first in declaration order (each
/// dependency once), followed by the route's own: the flat list FastAPI validates and
/// documents.
#[doc(hidden)]
pub fn flatten<'a>(
    deps: &'a [&'static DependencyInfo],
    own: &'a [&'static ParamSpec],
) -> Vec<(&'static ParamSpec, DocSource)> {
    let mut seen: Vec<*const DependencyInfo> = Vec::new();
    let mut out = Vec::new();
    fn walk(
        d: &'static DependencyInfo,
        seen: &mut Vec<*const DependencyInfo>,
        out: &mut Vec<(&'static ParamSpec, DocSource)>,
    ) {
        if seen.contains(&(d as *const _)) {
            return;
        }
        seen.push(d as *const _);
        for sub in d.deps {
            walk(sub, seen, out);
        }
        for (i, p) in d.params.iter().enumerate() {
            out.push((p, DocSource::Dependency(d, i)));
        }
    }
    for d in deps {
        walk(d, &mut seen, &mut out);
    }
    for (i, p) in own.iter().enumerate() {
        out.push((p, DocSource::Route(i)));
    }
    out
}

/// Where a flattened parameter's documentation comes from.
#[derive(Debug, Clone, Copy)]
#[doc(hidden)]
pub enum DocSource {
    /// The `i`-th parameter of a dependency.
    Dependency(&'static DependencyInfo, usize),
    /// The `i`-th parameter of the route itself.
    Route(usize),
}

/// The security requirements of a dependency tree, for OpenAPI: one `(scheme, scopes)`
/// per security scheme reached, with the scopes required along the way, outermost first.
#[doc(hidden)]
pub fn security_requirements(deps: &[&'static DependencyInfo]) -> Vec<(&'static dyn SecurityDoc, Vec<&'static str>)> {
    fn walk(
        d: &'static DependencyInfo,
        scopes: &mut Vec<&'static str>,
        out: &mut Vec<(&'static dyn SecurityDoc, Vec<&'static str>)>,
    ) {
        let before = scopes.len();
        scopes.extend_from_slice(d.scopes);
        if let Some(s) = d.security {
            out.push((s, scopes.clone()));
        }
        for sub in d.deps {
            walk(sub, scopes, out);
        }
        scopes.truncate(before);
    }
    let mut out = Vec::new();
    for d in deps {
        walk(d, &mut Vec::new(), &mut out);
    }
    out
}

/// How a route renders the plain data its handler returns (FastAPI's `response_class`).
///
/// ```
/// use brisk::prelude::*;
///
/// #[get("/items/")]
/// async fn read_items() -> &'static str {
///     "<h1>Items</h1>"
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// // The app's default class (a route chooses its own with `response_class = Html`).
/// let client = TestClient::new(App::new().default_response_class(ResponseClass::Html).routes(routes![read_items]));
/// let res = client.get("/items/").send().await;
/// assert_eq!((res.header("content-type"), res.text().as_str()), (Some("text/html; charset=utf-8"), "<h1>Items</h1>"));
/// # }
/// ```
///
/// Guide: `guide/src/advanced/custom-response.md`.
#[derive(Debug, Clone, Copy, Default)]
pub enum ResponseClass {
    /// JSON, `application/json` (FastAPI's default `JSONResponse`).
    #[default]
    Json,
    /// HTML text, `text/html; charset=utf-8` (`HTMLResponse`).
    Html,
    /// Plain text, `text/plain; charset=utf-8` (`PlainTextResponse`).
    PlainText,
    /// A redirect to the returned URL (`response_class=RedirectResponse`): 307 unless the
    /// route sets another status.
    Redirect,
    /// The file at the returned path, served as [`FileResponse`](crate::FileResponse)
    /// serves it (`response_class=FileResponse`).
    File,
    /// A class of your own: its media type and its `render` (a `Response` subclass with
    /// `render()` in Starlette), e.g. indented JSON.
    Custom(&'static CustomClass),
}

impl PartialEq for ResponseClass {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (ResponseClass::Custom(a), ResponseClass::Custom(b)) => std::ptr::eq(*a, *b),
            (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
        }
    }
}

impl Eq for ResponseClass {}

/// A custom response class: declare it as a `static` and name it in `response_class`.
///
/// ```
/// use brisk::response::CustomClass;
/// static INDENTED_JSON: CustomClass = CustomClass {
///     media_type: "application/json",
///     render: |v| serde_json::to_vec_pretty(v).unwrap_or_default(),
/// };
/// assert_eq!((INDENTED_JSON.render)(&serde_json::json!({"a": 1})), b"{\n  \"a\": 1\n}");
/// ```
#[derive(Debug)]
pub struct CustomClass {
    /// The media type, sent as `content-type` (with `; charset=utf-8` for `text/*`).
    pub media_type: &'static str,
    /// Turns returned data (as JSON) into the body.
    pub render: fn(&Value) -> Vec<u8>,
}

impl ResponseClass {
    /// The media type documented in OpenAPI.
    pub fn media_type(self) -> &'static str {
        match self {
            ResponseClass::Json => "application/json",
            ResponseClass::Html => "text/html",
            ResponseClass::PlainText => "text/plain",
            ResponseClass::Redirect | ResponseClass::File => "",
            ResponseClass::Custom(c) => c.media_type,
        }
    }

    /// True for the classes FastAPI documents without content (no media type of their
    /// own: a redirect, a file).
    pub fn documents_content(self) -> bool {
        !matches!(self, ResponseClass::Redirect | ResponseClass::File)
    }

    /// The status of a route that sets none: 307 for a redirect, else 200.
    pub fn default_status(self) -> http::StatusCode {
        match self {
            ResponseClass::Redirect => http::StatusCode::TEMPORARY_REDIRECT,
            _ => http::StatusCode::OK,
        }
    }

    /// The `content-type` header sent.
    pub fn content_type(self) -> HeaderValue {
        match self {
            ResponseClass::Json => HeaderValue::from_static("application/json"),
            ResponseClass::Html => HeaderValue::from_static("text/html; charset=utf-8"),
            ResponseClass::PlainText => HeaderValue::from_static("text/plain; charset=utf-8"),
            ResponseClass::Redirect | ResponseClass::File => HeaderValue::from_static("application/octet-stream"),
            ResponseClass::Custom(c) if c.media_type.starts_with("text/") => {
                HeaderValue::from_str(&format!("{}; charset=utf-8", c.media_type))
                    .unwrap_or(HeaderValue::from_static("text/plain; charset=utf-8"))
            }
            ResponseClass::Custom(c) => {
                HeaderValue::from_str(c.media_type).unwrap_or(HeaderValue::from_static("application/octet-stream"))
            }
        }
    }
}

/// True when a parameter of type `T` read from `source` is a parameter model: a model
/// (or an optional one) with fields, from the query, headers or cookies. Other types
/// there (scalars, lists, untyped values) are one parameter.
#[doc(hidden)]
pub fn is_params_model<T: Validate>(source: Source) -> bool {
    matches!(source, Source::Query | Source::Header | Source::Cookie)
        && T::body_by_default()
        && !T::model_fields().is_empty()
}
