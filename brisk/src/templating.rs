//! `Templates`: Jinja templates rendered into HTML responses, as FastAPI's
//! `Jinja2Templates`, on [minijinja](https://docs.rs/minijinja).
//!
//! Templates are read from a directory, relative to the working directory as FastAPI's
//! are. Each is read and compiled the first time it is used and kept; before each
//! render, the files read so far are checked (their modification time) and all are
//! read again when one changed — Jinja2's `auto_reload`, so an edited template shows
//! without a restart. HTML escaping is on for `.html`, `.htm` and `.xml` templates
//! (Jinja2's `select_autoescape()`). Every template sees `request` (the request's URL,
//! method, headers, query parameters) and `url_for(name, **params)`.
//!
//! ```
//! use brisk::prelude::*;
//! use brisk::Templates;
//! use brisk::templating::TemplateResponse;
//!
//! #[get("/hello/{name}")]
//! async fn hello(request: Request, name: String, templates: State<Templates>) -> TemplateResponse {
//!     templates.response(&request, "hello.html", serde_json::json!({"name": name}))
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let dir = tempfile::tempdir().expect("a temporary directory");
//! std::fs::write(dir.path().join("hello.html"), "<p>Hello {{ name }}</p>").expect("written");
//! let app = App::new().state(Templates::new(dir.path())).routes(routes![hello]);
//! assert_eq!(TestClient::new(app).get("/hello/%3Cb%3E").send().await.text(), "<p>Hello &lt;b&gt;</p>");
//! # }
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

use http::header::CONTENT_TYPE;
use http::{HeaderName, HeaderValue, StatusCode};
use minijinja::value::{Kwargs, Object, Value};
use minijinja::{AutoEscape, Environment, ErrorKind, State};

use crate::body::Body;
use crate::request::Request;
use crate::response::{HttpResponse, IntoResponse, internal_error};
use crate::urls::{Url, UrlTable};

/// Adds values to every template's context from the request (Jinja2Templates'
/// `context_processors`).
type ContextProcessor = Arc<dyn Fn(&Request) -> serde_json::Value + Send + Sync>;

/// Renders Jinja templates into HTML responses (FastAPI's `Jinja2Templates`).
///
/// ```
/// use brisk::prelude::*;
/// use brisk::Templates;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let dir = tempfile::tempdir().expect("a temporary directory");
/// std::fs::write(dir.path().join("item.html"), "<h1>{{ name }}</h1> <a href=\"{{ url_for('read_item', id=id) }}\">")
///     .expect("written");
/// let templates = Templates::new(dir.path());
///
/// let app = App::new().routes(routes![read_item]).state(templates);
///
/// #[get("/items/{id}")]
/// async fn read_item(request: Request, id: String, templates: State<Templates>) -> brisk::templating::TemplateResponse {
///     templates.response(&request, "item.html", serde_json::json!({"id": id, "name": "<b>"}))
/// }
///
/// let res = TestClient::new(app).get("/items/7").send().await;
/// assert_eq!(res.text(), "<h1>&lt;b&gt;</h1> <a href=\"http://testserver/items/7\">");
/// assert_eq!(res.header("content-type"), Some("text/html; charset=utf-8"));
/// # }
/// ```
#[derive(Clone)]
pub struct Templates(Arc<Inner>);

struct Inner {
    env: RwLock<Environment<'static>>,
    /// The directory read (none for an environment given whole).
    directory: Option<PathBuf>,
    /// The files read so far, with their modification time when read.
    loaded: Arc<Mutex<HashMap<PathBuf, Option<SystemTime>>>>,
    processors: Vec<ContextProcessor>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates").field("directory", &self.0.directory).finish_non_exhaustive()
    }
}

impl Templates {
    /// Templates read from `directory` (FastAPI's `Jinja2Templates(directory=...)`). The
    /// directory is read when a template is first used.
    pub fn new(directory: impl Into<PathBuf>) -> Self {
        let directory = directory.into();
        let loaded: Arc<Mutex<HashMap<PathBuf, Option<SystemTime>>>> = Arc::default();
        let mut env = Environment::new();
        let (dir, record) = (directory.clone(), loaded.clone());
        env.set_loader(move |name| load(&dir, name, &record));
        env.set_auto_escape_callback(|name| {
            let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
            if matches!(ext.as_str(), "html" | "htm" | "xml") { AutoEscape::Html } else { AutoEscape::None }
        });
        Self::build(env, Some(directory), loaded)
    }

    /// Templates of an environment of your own (FastAPI's `Jinja2Templates(env=...)`):
    /// its loader, filters and settings; `url_for` is added to it.
    pub fn from_env(env: Environment<'static>) -> Self {
        Self::build(env, None, Arc::default())
    }

    fn build(
        mut env: Environment<'static>,
        directory: Option<PathBuf>,
        loaded: Arc<Mutex<HashMap<PathBuf, Option<SystemTime>>>>,
    ) -> Self {
        env.add_function("url_for", url_for);
        // Written as Jinja2 writes values: markupsafe's escaping, Python's `None`, `True`.
        env.set_formatter(jinja_formatter);
        env.add_filter("escape", escape_filter);
        env.add_filter("e", escape_filter);
        Templates(Arc::new(Inner { env: RwLock::new(env), directory, loaded, processors: Vec::new() }))
    }

    /// Adds a context processor: what it returns (a JSON object) is added to the context
    /// of every template rendered (Jinja2Templates' `context_processors`).
    pub fn context_processor(self, f: impl Fn(&Request) -> serde_json::Value + Send + Sync + 'static) -> Self {
        let inner = match Arc::try_unwrap(self.0) {
            Ok(inner) => inner,
            Err(shared) => Inner {
                env: RwLock::new(shared.env.read().unwrap_or_else(|p| p.into_inner()).clone()),
                directory: shared.directory.clone(),
                loaded: shared.loaded.clone(),
                processors: shared.processors.clone(),
            },
        };
        let mut inner = inner;
        inner.processors.push(Arc::new(f));
        Templates(Arc::new(inner))
    }

    /// Renders template `name` with `context` (any `Serialize` map: `serde_json::json!`,
    /// `minijinja::context!`, a struct), `request` added, into an HTML response
    /// (FastAPI's `templates.TemplateResponse(request, name, context)`). Set its status
    /// and headers on the [`TemplateResponse`]. A template that is missing or fails to
    /// render answers 500, its name and the error logged.
    pub fn response(&self, request: &Request, name: &str, context: impl serde::Serialize) -> TemplateResponse {
        TemplateResponse {
            rendered: self.render(request, name, context),
            status: StatusCode::OK,
            headers: Vec::new(),
            media_type: None,
        }
    }

    /// Renders template `name` with `context` and `request` into a string.
    pub fn render(
        &self,
        request: &Request,
        name: &str,
        context: impl serde::Serialize,
    ) -> Result<String, TemplateError> {
        let fail = |source| TemplateError { template: name.to_owned(), directory: self.0.directory.clone(), source };
        // Later maps win: `request` under the route's values (Starlette's
        // `setdefault("request", ..)`), and those under what context processors give.
        let mut maps = vec![minijinja::context! { request => Value::from_object(TemplateRequest::new(request)) }];
        maps.push(Value::from_serialize(context));
        maps.extend(self.0.processors.iter().map(|p| Value::from_serialize(p(request))));
        let ctx = minijinja::value::merge_maps(maps);
        self.reload_if_changed();
        let env = self.0.env.read().unwrap_or_else(|p| p.into_inner());
        let template = env.get_template(name).map_err(fail)?;
        template.render(ctx).map_err(fail)
    }

    /// Jinja2's `auto_reload`: forgets every compiled template when a file read changed.
    fn reload_if_changed(&self) {
        let changed = {
            let loaded = self.0.loaded.lock().unwrap_or_else(|p| p.into_inner());
            loaded.iter().any(|(path, when)| modified(path) != *when)
        };
        if changed {
            let mut env = self.0.env.write().unwrap_or_else(|p| p.into_inner());
            self.0.loaded.lock().unwrap_or_else(|p| p.into_inner()).clear();
            env.clear_templates();
        }
    }
}

/// markupsafe's `escape`: `&`, `<`, `>`, `"` and `'` (minijinja's own escaping also
/// changes `/`, which Jinja2 leaves).
fn markupsafe_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A value as Python's `str()` writes it: `None`, `True`, `False`; `None` for undefined
/// too is not Jinja's (undefined prints nothing), so that is kept apart.
fn python_text(value: &Value) -> Option<String> {
    use minijinja::value::ValueKind;
    match value.kind() {
        ValueKind::Undefined => Some(String::new()),
        ValueKind::None => Some("None".to_owned()),
        ValueKind::Bool => Some(if value.is_true() { "True" } else { "False" }.to_owned()),
        _ => None,
    }
}

/// How `{{ value }}` is written: as Jinja2 with markupsafe writes it.
fn jinja_formatter(out: &mut minijinja::Output, state: &State, value: &Value) -> Result<(), minijinja::Error> {
    let text = python_text(value).unwrap_or_else(|| value.to_string());
    let escaped = match state.auto_escape() {
        AutoEscape::Html if !value.is_safe() => markupsafe_escape(&text),
        _ => text,
    };
    out.write_str(&escaped).map_err(|e| minijinja::Error::new(ErrorKind::WriteFailure, "writing failed").with_source(e))
}

/// The `escape` (`e`) filter, as markupsafe escapes: the result is safe.
fn escape_filter(value: &Value) -> Value {
    if value.is_safe() {
        return value.clone();
    }
    let text = python_text(value).unwrap_or_else(|| value.to_string());
    Value::from_safe_string(markupsafe_escape(&text))
}

/// Jinja2's `FileSystemLoader`: `name` split on `/`, no `..` nor separator of the
/// platform's in a piece; `None` when there is no such file.
fn load(
    directory: &Path,
    name: &str,
    record: &Mutex<HashMap<PathBuf, Option<SystemTime>>>,
) -> Result<Option<String>, minijinja::Error> {
    let mut path = directory.to_path_buf();
    for piece in name.split('/') {
        if piece == ".." || piece.contains(std::path::MAIN_SEPARATOR) || piece.contains(['\\', '\0']) {
            return Ok(None);
        }
        if !piece.is_empty() && piece != "." {
            path.push(piece);
        }
    }
    if !path.is_file() {
        return Ok(None);
    }
    let when = modified(&path);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            record.lock().unwrap_or_else(|p| p.into_inner()).insert(path, when);
            Ok(Some(text))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(minijinja::Error::new(ErrorKind::InvalidOperation, "could not read template").with_source(e)),
    }
}

/// A file's modification time, when it can be read.
fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// A template that could not be rendered: missing, invalid, or failing as it ran.
///
/// ```
/// use brisk::prelude::*;
/// use brisk::Templates;
///
/// #[get("/")]
/// async fn page(request: Request, templates: State<Templates>) -> String {
///     match templates.render(&request, "missing.html", ()) {
///         Ok(html) => html,
///         Err(e) if e.is_not_found() => format!("no {}", e.template()),
///         Err(e) => e.to_string(),
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let dir = tempfile::tempdir().expect("a temporary directory");
/// let app = App::new().routes(routes![page]).state(Templates::new(dir.path()));
/// assert_eq!(TestClient::new(app).get("/").send().await.json::<String>(), "no missing.html");
/// # }
/// ```
#[derive(Debug)]
pub struct TemplateError {
    template: String,
    directory: Option<PathBuf>,
    source: minijinja::Error,
}

impl TemplateError {
    /// The name of the template.
    pub fn template(&self) -> &str {
        &self.template
    }

    /// True when there is no template of that name.
    pub fn is_not_found(&self) -> bool {
        self.source.kind() == ErrorKind::TemplateNotFound
    }
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.directory, self.is_not_found()) {
            (Some(dir), true) => write!(f, "template {:?} not found in {}", self.template, dir.display()),
            (None, true) => write!(f, "template {:?} not found", self.template),
            (_, false) => {
                write!(f, "template {:?} failed to render: {}", self.template, self.source)?;
                let mut cause = std::error::Error::source(&self.source);
                while let Some(c) = cause {
                    write!(f, ": {c}")?;
                    cause = c.source();
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for TemplateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// A rendered template as an HTML response (Starlette's `_TemplateResponse`): status
/// 200 and `text/html; charset=utf-8` unless set otherwise. When rendering failed it
/// answers 500, the error (naming the template) logged.
///
/// ```
/// use std::sync::LazyLock;
///
/// use brisk::prelude::*;
/// use brisk::Templates;
/// use brisk::templating::TemplateResponse;
///
/// static DIR: LazyLock<std::path::PathBuf> = LazyLock::new(|| {
///     let dir = std::env::temp_dir().join(format!("brisk-doc-templates-{}", std::process::id()));
///     std::fs::create_dir_all(&dir).unwrap();
///     std::fs::write(dir.join("item.html"), "<h1>Item {{ id }}</h1>").unwrap();
///     dir
/// });
/// static TEMPLATES: LazyLock<Templates> = LazyLock::new(|| Templates::new(DIR.as_path()));
///
/// #[get("/items/{id}", response_class = Html)]
/// async fn read_item(request: Request, id: String) -> TemplateResponse {
///     TEMPLATES.response(&request, "item.html", serde_json::json!({"id": id}))
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let res = TestClient::new(App::new().routes(routes![read_item])).get("/items/42").send().await;
/// assert_eq!(res.text(), "<h1>Item 42</h1>");
/// # }
/// ```
///
/// Guide: `guide/src/advanced/templates.md`.
#[derive(Debug)]
pub struct TemplateResponse {
    rendered: Result<String, TemplateError>,
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    media_type: Option<String>,
}

impl TemplateResponse {
    /// The status code (FastAPI's `status_code=`).
    pub fn status(mut self, status: u16) -> Self {
        self.status = StatusCode::from_u16(status).unwrap_or(self.status);
        self
    }

    /// Adds a header (FastAPI's `headers=`); a name or value that is not valid in HTTP
    /// is left out.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let (Ok(n), Ok(v)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
            self.headers.push((n, v));
        }
        self
    }

    /// The media type, `text/html` by default (`; charset=utf-8` is added to `text/`
    /// types).
    pub fn media_type(mut self, media_type: &str) -> Self {
        self.media_type = Some(media_type.to_owned());
        self
    }

    /// The rendered text, or why there is none.
    pub fn rendered(&self) -> Result<&str, &TemplateError> {
        self.rendered.as_deref()
    }
}

impl IntoResponse for TemplateResponse {
    fn into_response(self) -> HttpResponse {
        let text = match self.rendered {
            Ok(text) => text,
            Err(e) => return internal_error(&e.to_string()),
        };
        let mut res = http::Response::new(Body::from(text));
        *res.status_mut() = self.status;
        let h = res.headers_mut();
        for (name, value) in self.headers {
            h.append(name, value);
        }
        if !h.contains_key(CONTENT_TYPE) {
            let media = self.media_type.unwrap_or_else(|| "text/html".to_owned());
            let media = if media.starts_with("text/") && !media.contains("charset=") {
                format!("{media}; charset=utf-8")
            } else {
                media
            };
            if let Ok(v) = HeaderValue::from_str(&media) {
                h.insert(CONTENT_TYPE, v);
            }
        }
        res
    }
}

/// The request as templates see it: `request.url` (with `.path`, `.query`...),
/// `request.base_url`, `request.method`, `request.headers`, `request.query_params`,
/// `request.cookies`, `request.root_path`.
#[derive(Debug)]
struct TemplateRequest {
    fields: BTreeMap<&'static str, Value>,
    urls: Arc<UrlTable>,
    /// `http://host` and the app's root path: where `url_for`'s URLs start.
    scheme: &'static str,
    host: String,
    app_root_path: String,
}

impl TemplateRequest {
    fn new(req: &Request) -> Self {
        let host =
            req.headers().get(http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost").to_owned();
        let mut headers = BTreeMap::new();
        for (name, value) in req.headers() {
            headers
                .entry(name.as_str().to_owned())
                .or_insert_with(|| String::from_utf8_lossy(value.as_bytes()).into_owned());
        }
        let query: BTreeMap<String, String> =
            crate::request::query_pairs(req.query_str()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        let mut cookies = BTreeMap::new();
        for header in req.headers().get_all(http::header::COOKIE) {
            for pair in String::from_utf8_lossy(header.as_bytes()).split(';') {
                if let Some((k, v)) = pair.split_once('=') {
                    cookies.insert(k.trim().to_owned(), v.trim().to_owned());
                }
            }
        }
        let config = req.config();
        // The whole path, as Starlette's `request.url`: the root path (a proxy's, a
        // mount's) and the path under it, whether or not the request still had the root.
        let (root, path) = (req.root_path(), req.uri().path());
        let full = match path.strip_prefix(root) {
            Some(rest) if !root.is_empty() && (rest.is_empty() || rest.starts_with('/')) => path.to_owned(),
            _ => format!("{root}{path}"),
        };
        let url = UrlObject { url: Url::new("http", &host, &full), query: req.query_str().to_owned() };
        let base_path = format!("{}/", config.app_root_path.trim_end_matches('/'));
        let base = UrlObject { url: Url::new("http", &host, &base_path), query: String::new() };
        let mut fields = BTreeMap::new();
        fields.insert("url", Value::from_object(url));
        fields.insert("base_url", Value::from_object(base));
        fields.insert("method", Value::from(req.method().as_str()));
        fields.insert("headers", Value::from_serialize(headers));
        fields.insert("query_params", Value::from_serialize(query));
        fields.insert("cookies", Value::from_serialize(cookies));
        fields.insert("root_path", Value::from(req.root_path()));
        TemplateRequest {
            fields,
            urls: config.urls.clone(),
            scheme: "http",
            host,
            app_root_path: config.app_root_path.clone(),
        }
    }
}

impl Object for TemplateRequest {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.fields.get(key.as_str()?).cloned()
    }

    fn render(self: &Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<Request>")
    }
}

/// A URL in a template: it renders whole; `.path`, `.scheme`, `.netloc`, `.hostname`,
/// `.query` give its parts (Starlette's `URL`).
#[derive(Debug)]
struct UrlObject {
    url: Url,
    query: String,
}

impl Object for UrlObject {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        Some(match key.as_str()? {
            "path" => Value::from(self.url.path()),
            "scheme" => Value::from(self.url.scheme()),
            "netloc" => Value::from(self.url.netloc()),
            "hostname" => Value::from(self.url.netloc().rsplit_once(':').map_or(self.url.netloc(), |(h, _)| h)),
            "query" => Value::from(self.query.as_str()),
            _ => return None,
        })
    }

    fn render(self: &Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.url)?;
        if !self.query.is_empty() {
            write!(f, "?{}", self.query)?;
        }
        Ok(())
    }
}

/// `url_for(name, **params)` in a template: the absolute URL of a route or mount, from
/// the `request` in the context (Jinja2Templates' `url_for`).
fn url_for(state: &State, name: &str, params: Kwargs) -> Result<Value, minijinja::Error> {
    let request = state.lookup("request");
    let Some(req) = request.as_ref().and_then(|r| r.downcast_object_ref::<TemplateRequest>()) else {
        return Err(minijinja::Error::new(ErrorKind::InvalidOperation, "url_for needs the request in the context"));
    };
    let mut values: Vec<(String, String)> = Vec::new();
    for key in params.args() {
        let value: Value = params.get(key)?;
        // As Python's `str()` writes them.
        let text = match value.kind() {
            minijinja::value::ValueKind::Bool => if value.is_true() { "True" } else { "False" }.to_owned(),
            minijinja::value::ValueKind::None | minijinja::value::ValueKind::Undefined => "None".to_owned(),
            _ => value.to_string(),
        };
        values.push((key.to_owned(), text));
    }
    params.assert_all_used()?;
    let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let path = req
        .urls
        .url_path_for(name, &pairs)
        .map_err(|e| minijinja::Error::new(ErrorKind::InvalidOperation, e.to_string()))?;
    let base = req.app_root_path.trim_end_matches('/');
    let url = Url::new(req.scheme, &req.host, &format!("{base}{path}"));
    Ok(Value::from_object(UrlObject { url, query: String::new() }))
}
