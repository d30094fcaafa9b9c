//! Reverse routing: the names of an app's routes and mounts, and the URLs built from
//! them (Starlette's `url_path_for` and `request.url_for`).
//!
//! A route is named after its function (FastAPI's route name); a mount has the name it
//! was given ([`App::mount_as`](crate::App::mount_as),
//! [`App::mount_service_as`](crate::App::mount_service_as)). Names are looked up in the
//! outermost app's table, in order, as Starlette's router does: a named mount answers
//! `name` with a `path` parameter (`url_for("static", path="/styles.css")`) and
//! `name:child` for the routes of the app mounted there; an unnamed mount's routes
//! answer their own names.
//!
//! ```
//! use brisk::prelude::*;
//!
//! #[get("/users/{user_id}")]
//! async fn read_user(user_id: u32, request: Request) -> String {
//!     let _ = user_id;
//!     request.url_for("read_user", [("user_id", "7")]).map(|u| u.to_string()).unwrap_or_default()
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let client = TestClient::new(App::new().routes(routes![read_user]));
//! assert_eq!(client.get("/users/1").send().await.json::<String>(), "http://testserver/users/7");
//! # }
//! ```

use std::fmt;

/// The route and mount names of an app, with the path templates they stand for.
///
/// An app builds its own (routes by function name, mounts by the name given to
/// `mount_as`); [`Request::url_for`](crate::Request::url_for) reads it:
///
/// ```
/// use brisk::urls::UrlTable;
///
/// let mut table = UrlTable::default();
/// table.route("read_user", "/users/{user_id}");
/// assert_eq!(table.url_path_for("read_user", &[("user_id", "7")]).as_deref(), Ok("/users/7"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct UrlTable {
    entries: Vec<Entry>,
}

#[derive(Debug, Clone)]
enum Entry {
    Route { name: String, path: String },
    Mount { name: Option<String>, path: String, table: Option<UrlTable> },
}

/// No route or mount has this name and these parameters (Starlette's `NoMatchFound`),
/// or a parameter's value cannot go in the path.
///
/// ```
/// use brisk::urls::{UrlForError, UrlTable};
///
/// let mut table = UrlTable::default();
/// table.route("read_item", "/items/{id}");
/// assert!(matches!(table.url_path_for("read_item", &[]), Err(UrlForError::NoMatch { .. })));
/// assert!(matches!(table.url_path_for("read_item", &[("id", "a/b")]), Err(UrlForError::InvalidParam { .. })));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlForError {
    /// Nothing has this name with exactly these parameters.
    NoMatch {
        /// The name asked for.
        name: String,
        /// The parameter names given.
        params: Vec<String>,
    },
    /// A value cannot fill its parameter: empty, or holding `/` where a `{param}`
    /// (not a `{param:path}`) stands.
    InvalidParam {
        /// The parameter.
        param: String,
        /// Its value.
        value: String,
    },
}

impl fmt::Display for UrlForError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlForError::NoMatch { name, params } => {
                write!(f, "No route exists for name \"{name}\" and params \"{}\".", params.join(", "))
            }
            UrlForError::InvalidParam { param, value } => {
                write!(f, "the value {value:?} of path parameter {param:?} cannot be put in the path")
            }
        }
    }
}

impl std::error::Error for UrlForError {}

impl UrlTable {
    /// Adds a route: its function name and full path template.
    pub fn route(&mut self, name: &str, path: &str) {
        self.entries.push(Entry::Route { name: name.to_owned(), path: path.to_owned() });
    }

    /// Adds a mount at `path`, maybe named, with the table of the app mounted there
    /// (`None` for a service: it has no routes to name).
    pub fn mount(&mut self, name: Option<&str>, path: &str, table: Option<UrlTable>) {
        self.entries.push(Entry::Mount { name: name.map(str::to_owned), path: path.to_owned(), table });
    }

    /// The path (without the root path) of the route or mount named `name`, its
    /// parameters filled from `params` (Starlette's `url_path_for`). Values are put in as
    /// they are, not percent-encoded, as Starlette does.
    ///
    /// ```
    /// use brisk::urls::UrlTable;
    /// let mut table = UrlTable::default();
    /// table.route("read_item", "/items/{id}");
    /// table.mount(Some("static"), "/static", None);
    /// assert_eq!(table.url_path_for("read_item", &[("id", "42")]).as_deref(), Ok("/items/42"));
    /// assert_eq!(table.url_path_for("static", &[("path", "/css/site.css")]).as_deref(), Ok("/static/css/site.css"));
    /// assert!(table.url_path_for("nope", &[]).is_err());
    /// ```
    pub fn url_path_for(&self, name: &str, params: &[(&str, &str)]) -> Result<String, UrlForError> {
        match self.find(name, params)? {
            Some(path) => Ok(path),
            None => Err(UrlForError::NoMatch {
                name: name.to_owned(),
                params: params.iter().map(|(k, _)| (*k).to_owned()).collect(),
            }),
        }
    }

    /// `Ok(None)`: no match here (the search goes on); `Err`: a match whose values do not
    /// fit.
    fn find(&self, name: &str, params: &[(&str, &str)]) -> Result<Option<String>, UrlForError> {
        for entry in &self.entries {
            match entry {
                Entry::Route { name: n, path } => {
                    if n == name
                        && let Some(p) = fill(path, params)?
                    {
                        return Ok(Some(p));
                    }
                }
                Entry::Mount { name: n, path, table } => {
                    let path_value = params.iter().find(|(k, _)| *k == "path").map(|(_, v)| *v);
                    if let (Some(n), Some(value)) = (n, path_value)
                        && n == name
                    {
                        // `{prefix}/{path:path}`, the value without its leading slashes.
                        if params.len() == 1 {
                            return Ok(Some(format!("{path}/{}", value.trim_start_matches('/'))));
                        }
                        continue;
                    }
                    let rest = match n {
                        None => Some(name),
                        Some(n) => name.strip_prefix(n.as_str()).and_then(|r| r.strip_prefix(':')),
                    };
                    if let (Some(rest), Some(table)) = (rest, table)
                        && let Some(p) = table.find(rest, params)?
                    {
                        return Ok(Some(format!("{}{p}", path.trim_end_matches('/'))));
                    }
                }
            }
        }
        Ok(None)
    }
}

/// The template with its parameters filled, when `params` names exactly its
/// parameters.
fn fill(template: &str, params: &[(&str, &str)]) -> Result<Option<String>, UrlForError> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    let mut used = 0;
    let mut values = Vec::new();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        out.push_str(&rest[..open]);
        let inner = &rest[open + 1..open + close];
        let (param, is_path) = match inner.split_once(':') {
            Some((p, kind)) => (p, kind == "path"),
            None => (inner, false),
        };
        let Some((_, value)) = params.iter().find(|(k, _)| *k == param) else { return Ok(None) };
        used += 1;
        values.push((param, *value, is_path));
        out.push_str(value);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    if used != params.len() {
        return Ok(None);
    }
    for (param, value, is_path) in values {
        if !is_path && (value.is_empty() || value.contains('/')) {
            return Err(UrlForError::InvalidParam { param: param.to_owned(), value: value.to_owned() });
        }
    }
    Ok(Some(out))
}

/// An absolute URL built by `url_for`: `scheme://host/path` (Starlette's `URL`).
///
/// It displays as the whole URL; [`path`](Self::path) is its path alone (what a
/// template's `url_for(..).path` gives).
///
/// ```
/// let url = brisk::urls::Url::new("http", "testserver", "/items/42");
/// assert_eq!(url.to_string(), "http://testserver/items/42");
/// assert_eq!(url.path(), "/items/42");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    scheme: String,
    netloc: String,
    path: String,
}

impl Url {
    /// A URL of these parts.
    pub fn new(scheme: &str, netloc: &str, path: &str) -> Self {
        Url { scheme: scheme.to_owned(), netloc: netloc.to_owned(), path: path.to_owned() }
    }

    /// `http` or `https`.
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// The host, with the port when there is one.
    pub fn netloc(&self) -> &str {
        &self.netloc
    }

    /// The path.
    pub fn path(&self) -> &str {
        &self.path
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}{}", self.scheme, self.netloc, self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> UrlTable {
        let mut sub = UrlTable::default();
        sub.route("read_sub", "/sub");
        sub.route("file", "/files/{file_path:path}");
        let mut t = UrlTable::default();
        t.route("read_item", "/items/{id}");
        t.route("pair", "/a/{x}/b/{y}");
        t.mount(Some("static"), "/static", None);
        t.mount(Some("subapi"), "/subapi", Some(sub.clone()));
        t.mount(None, "/plain", Some(sub));
        t
    }

    #[test]
    fn names_resolve_as_starlette_resolves_them() {
        let t = table();
        assert_eq!(t.url_path_for("read_item", &[("id", "7")]).as_deref(), Ok("/items/7"));
        assert_eq!(t.url_path_for("pair", &[("y", "2"), ("x", "1")]).as_deref(), Ok("/a/1/b/2"));
        assert_eq!(t.url_path_for("static", &[("path", "css/x.css")]).as_deref(), Ok("/static/css/x.css"));
        assert_eq!(t.url_path_for("subapi:read_sub", &[]).as_deref(), Ok("/subapi/sub"));
        assert_eq!(t.url_path_for("subapi:file", &[("file_path", "a/b")]).as_deref(), Ok("/subapi/files/a/b"));
        // An unnamed mount's routes answer their own names.
        assert_eq!(t.url_path_for("read_sub", &[]).as_deref(), Ok("/plain/sub"));
    }

    #[test]
    fn missing_names_and_params_are_errors() {
        let t = table();
        let err = t.url_path_for("read_item", &[]).unwrap_err();
        assert_eq!(err.to_string(), "No route exists for name \"read_item\" and params \"\".");
        assert!(t.url_path_for("read_item", &[("id", "1"), ("q", "2")]).is_err());
        assert!(t.url_path_for("static", &[]).is_err());
        assert!(t.url_path_for("subapi:nope", &[]).is_err());
        assert_eq!(
            t.url_path_for("read_item", &[("id", "a/b")]),
            Err(UrlForError::InvalidParam { param: "id".into(), value: "a/b".into() })
        );
        assert!(matches!(t.url_path_for("read_item", &[("id", "")]), Err(UrlForError::InvalidParam { .. })));
    }
}
