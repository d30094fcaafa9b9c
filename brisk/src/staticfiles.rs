//! `StaticFiles`: the files of a directory served as Starlette 1.10's `StaticFiles`
//! serves them, as a tower `Service` to mount with
//! [`App::mount_service`](crate::App::mount_service).
//!
//! A request's path (percent-decoded) is normalised as Python's
//! `os.path.normpath` does, joined to the directory and resolved (symbolic links
//! followed, unless `follow_symlink`); a path that resolves outside the directory is not
//! found. A file is sent as a [`FileResponse`] (Starlette's `etag`, `last-modified`,
//! byte ranges), or `304 Not Modified` when the request's `If-None-Match` or
//! `If-Modified-Since` says the client has it. Methods other than GET and HEAD answer
//! 405 with `allow: GET, HEAD`; a missing file answers 404. Both are raised as
//! [`HttpException`]s, so the app the service is mounted in answers them with its
//! exception handler (FastAPI's JSON `{"detail": "Not Found"}` by default).
//!
//! ```
//! use brisk::prelude::*;
//! use brisk::StaticFiles;
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let dir = tempfile::tempdir().expect("a temporary directory");
//! std::fs::write(dir.path().join("app.css"), "body {}").expect("written");
//! let client = TestClient::new(App::new().mount_service("/static", StaticFiles::new(dir.path())));
//! assert_eq!(client.get("/static/app.css").send().await.text(), "body {}");
//! assert_eq!(client.get("/static/missing.css").send().await.status(), 404);
//! # }
//! ```

use std::convert::Infallible;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};

use http::header::{ETAG, HOST, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use http::{HeaderMap, HeaderValue, Method, StatusCode};

use crate::body::Body;
use crate::error::HttpException;
use crate::request::RootPath;
use crate::response::{FileResponse, HttpResponse, IntoResponse, internal_error};

/// Serves the files under a directory (Starlette's `StaticFiles`).
///
/// ```
/// use brisk::prelude::*;
/// use brisk::staticfiles::StaticFiles;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let dir = tempfile::tempdir().expect("a temporary directory");
/// std::fs::write(dir.path().join("hello.txt"), "Hello").expect("written");
///
/// // FastAPI's app.mount("/static", StaticFiles(directory=...), name="static")
/// let app = App::new().mount_service_as("static", "/static", StaticFiles::new(dir.path()));
/// let client = TestClient::new(app);
/// let res = client.get("/static/hello.txt").send().await;
/// assert_eq!((res.status(), res.text()), (200, "Hello".to_owned()));
/// assert_eq!(res.header("content-type"), Some("text/plain; charset=utf-8"));
/// assert_eq!(client.get("/static/../Cargo.toml").send().await.status(), 404);
/// # }
/// ```
#[derive(Clone)]
pub struct StaticFiles(Arc<Config>);

struct Config {
    directory: PathBuf,
    html: bool,
    check_dir: bool,
    follow_symlink: bool,
    /// Starlette's `check_config`, run once, on the first request.
    checked: OnceLock<Result<(), StaticFilesError>>,
}

impl std::fmt::Debug for StaticFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaticFiles")
            .field("directory", &self.0.directory)
            .field("html", &self.0.html)
            .field("check_dir", &self.0.check_dir)
            .field("follow_symlink", &self.0.follow_symlink)
            .finish()
    }
}

/// The directory of a [`StaticFiles`] is missing or is not a directory.
///
/// ```
/// use brisk::StaticFiles;
///
/// let err = StaticFiles::try_new("no/such/directory").unwrap_err();
/// assert!(err.to_string().contains("no/such/directory"), "{err}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticFilesError(pub String);

impl std::fmt::Display for StaticFilesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StaticFilesError {}

impl StaticFiles {
    /// Serves the files under `directory` (relative to the working directory, as
    /// Starlette's). With `check_dir` (the default) a missing directory is an error when
    /// the app it is mounted in is built ([`App::into_service`](crate::App::into_service)
    /// fails, and so does `serve`); [`try_new`](Self::try_new) checks at once.
    pub fn new(directory: impl Into<PathBuf>) -> Self {
        StaticFiles(Arc::new(Config {
            directory: directory.into(),
            html: false,
            check_dir: true,
            follow_symlink: false,
            checked: OnceLock::new(),
        }))
    }

    /// [`new`](Self::new), failing now when the directory does not exist (Starlette's
    /// constructor raising `RuntimeError`).
    pub fn try_new(directory: impl Into<PathBuf>) -> Result<Self, StaticFilesError> {
        let files = Self::new(directory);
        files.check()?;
        Ok(files)
    }

    fn with(self, f: impl FnOnce(&mut Config)) -> Self {
        let c = &self.0;
        let mut config = Config {
            directory: c.directory.clone(),
            html: c.html,
            check_dir: c.check_dir,
            follow_symlink: c.follow_symlink,
            checked: OnceLock::new(),
        };
        f(&mut config);
        StaticFiles(Arc::new(config))
    }

    /// HTML mode (Starlette's `html=True`): a directory serves its `index.html` (a
    /// directory asked for without a trailing slash is redirected to it with one), and
    /// a `404.html` at the top is the page of every path not found, with status 404.
    pub fn html(self, on: bool) -> Self {
        self.with(|c| c.html = on)
    }

    /// Whether a missing directory is an error when the app is built (on by default,
    /// Starlette's `check_dir`); when off, the first request checks it (a logged 500).
    pub fn check_dir(self, on: bool) -> Self {
        self.with(|c| c.check_dir = on)
    }

    /// Whether symbolic links inside the directory may point outside it (Starlette's
    /// `follow_symlink`, off by default: a path is served only when its real location is
    /// inside the directory).
    pub fn follow_symlink(self, on: bool) -> Self {
        self.with(|c| c.follow_symlink = on)
    }

    /// The directory served.
    pub fn directory(&self) -> &Path {
        &self.0.directory
    }

    /// The check of `check_dir`: `Err` when the directory does not exist. Always `Ok`
    /// when `check_dir` is off.
    pub fn check(&self) -> Result<(), StaticFilesError> {
        if self.0.check_dir && !self.0.directory.is_dir() {
            return Err(StaticFilesError(format!("Directory '{}' does not exist", self.0.directory.display())));
        }
        Ok(())
    }

    /// Answers one request.
    pub async fn serve(&self, req: http::Request<Body>) -> HttpResponse {
        let config = self.0.clone();
        let (parts, _body) = req.into_parts();
        let checked = match config.checked.get() {
            Some(c) => c.clone(),
            None => {
                let dir = config.directory.clone();
                let result = tokio::task::spawn_blocking(move || check_config(&dir))
                    .await
                    .unwrap_or_else(|e| Err(StaticFilesError(e.to_string())));
                config.checked.get_or_init(|| result).clone()
            }
        };
        if let Err(e) = checked {
            return internal_error(&e.0);
        }
        if parts.method != Method::GET && parts.method != Method::HEAD {
            return HttpException::from_status(405).header("allow", "GET, HEAD").into_response();
        }
        let raw = parts.uri.path().to_owned();
        let job = config.clone();
        let looked_up = tokio::task::spawn_blocking(move || job.find(&raw)).await;
        let found = match looked_up {
            Ok(Ok(found)) => found,
            Ok(Err(status)) => return HttpException::from_status(status).into_response(),
            Err(e) => return internal_error(&format!("static file lookup failed: {e}")),
        };
        match found {
            Found::File(path, meta) => file_response(path, meta, &parts),
            Found::Redirect => {
                let host = parts.headers.get(HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
                let root = parts.extensions.get::<RootPath>().map(|r| r.0.as_str()).unwrap_or("");
                let query = parts.uri.query().map(|q| format!("?{q}")).unwrap_or_default();
                let url = format!("http://{host}{root}{}/{query}", parts.uri.path());
                let location = percent_encoding::utf8_percent_encode(&url, crate::encoding::QUOTE_SAFE).to_string();
                crate::response::errors::redirect(&location)
            }
            Found::NotFoundPage(path, meta) => {
                FileResponse::new(path).metadata(meta).status(404).respond(&parts.method, &parts.headers)
            }
            Found::Nothing => HttpException::from_status(404).into_response(),
        }
    }
}

/// What a request's path leads to.
enum Found {
    File(PathBuf, std::fs::Metadata),
    /// A directory with an `index.html`, asked for without a trailing slash.
    Redirect,
    /// HTML mode's `404.html`.
    NotFoundPage(PathBuf, std::fs::Metadata),
    Nothing,
}

impl Config {
    /// Starlette's `get_response` up to the response: `Err` is an error status.
    fn find(&self, raw_path: &str) -> Result<Found, u16> {
        let decoded = percent_encoding::percent_decode_str(raw_path).decode_utf8_lossy();
        let path = normpath(&decoded);
        if let Some((full, meta)) = self.lookup(path.as_deref())? {
            if meta.is_file() {
                return Ok(Found::File(full, meta));
            }
            if meta.is_dir() && self.html {
                let index = match &path {
                    Some(p) => format!("{p}/index.html"),
                    None => "index.html".to_owned(),
                };
                if let Some((full, meta)) = self.lookup(Some(&index))?
                    && meta.is_file()
                {
                    if !raw_path.ends_with('/') {
                        return Ok(Found::Redirect);
                    }
                    return Ok(Found::File(full, meta));
                }
            }
        }
        if self.html
            && let Some((full, meta)) = self.lookup(Some("404.html"))?
            && meta.is_file()
        {
            return Ok(Found::NotFoundPage(full, meta));
        }
        Ok(Found::Nothing)
    }

    /// Starlette's `lookup_path`: the file a relative path names, when it is inside the
    /// directory (`None`: the directory itself). `Err(401)` on a permission error.
    fn lookup(&self, path: Option<&str>) -> Result<Option<(PathBuf, std::fs::Metadata)>, u16> {
        let joined = match path {
            // An absolute path would replace the directory when joined.
            Some(p) if p.starts_with(['/', '\\']) || p.contains('\0') => return Ok(None),
            Some(p) => {
                let mut joined = self.directory.clone();
                for segment in p.split('/') {
                    // Each segment must be one plain name: no drive, root or separator of
                    // another platform's.
                    let mut parts = Path::new(segment).components();
                    match (parts.next(), parts.next()) {
                        (Some(Component::Normal(_) | Component::ParentDir), None) => joined.push(segment),
                        _ => return Ok(None),
                    }
                }
                joined
            }
            None => self.directory.clone(),
        };
        let (full, directory) = if self.follow_symlink {
            match (absolute(&joined), absolute(&self.directory)) {
                (Some(f), Some(d)) => (f, d),
                _ => return Ok(None),
            }
        } else {
            match (std::fs::canonicalize(&joined), std::fs::canonicalize(&self.directory)) {
                (Ok(f), Ok(d)) => (f, d),
                (Err(e), _) | (_, Err(e)) if e.kind() == std::io::ErrorKind::PermissionDenied => return Err(401),
                _ => return Ok(None),
            }
        };
        // Don't let a client out of the directory.
        if !full.starts_with(&directory) {
            return Ok(None);
        }
        match std::fs::metadata(&full) {
            Ok(meta) => Ok(Some((full, meta))),
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Err(401),
            Err(_) => Ok(None),
        }
    }
}

/// Starlette's `check_config`, run on the first request whatever `check_dir` says.
fn check_config(directory: &Path) -> Result<(), StaticFilesError> {
    match std::fs::metadata(directory) {
        Err(_) => Err(StaticFilesError(format!("StaticFiles directory '{}' does not exist.", directory.display()))),
        Ok(m) if !m.is_dir() => {
            Err(StaticFilesError(format!("StaticFiles path '{}' is not a directory.", directory.display())))
        }
        Ok(_) => Ok(()),
    }
}

/// `os.path.normpath(os.path.join(*path.split("/")))`: the path's names joined by `/`,
/// without `.` and with each `..` taking out the name before it (leading ones kept);
/// `None` for the directory itself.
fn normpath(path: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." if out.last().is_some_and(|l| *l != "..") => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    (!out.is_empty()).then(|| out.join("/"))
}

/// Python's `os.path.abspath`: the path from the working directory, `.` and `..`
/// resolved by name (symbolic links untouched).
fn absolute(path: &Path) -> Option<PathBuf> {
    let path = std::path::absolute(path).ok()?;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    Some(out)
}

/// Starlette's `file_response`: the file, or 304 when the client has it.
fn file_response(path: PathBuf, meta: std::fs::Metadata, parts: &http::request::Parts) -> HttpResponse {
    let mut file = FileResponse::new(path).metadata(meta);
    let headers = match file.headers() {
        Ok(h) => h,
        Err(res) => return res,
    };
    if is_not_modified(&headers, &parts.headers) {
        let mut res = http::Response::new(Body::empty());
        *res.status_mut() = StatusCode::NOT_MODIFIED;
        if let Some(etag) = headers.get(ETAG) {
            res.headers_mut().insert(ETAG, etag.clone());
        }
        return res;
    }
    file.send(headers, &parts.method, &parts.headers)
}

/// Starlette's `is_not_modified`: `If-None-Match` (`*`, or one of its tags, weak or
/// not, is the etag) decides when present; else `If-Modified-Since` at or after the
/// file's `last-modified`.
fn is_not_modified(response: &HeaderMap, request: &HeaderMap) -> bool {
    let text = |h: Option<&HeaderValue>| h.map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    if let Some(tags) = text(request.get(IF_NONE_MATCH)).filter(|t| !t.is_empty()) {
        if tags.trim() == "*" {
            return true;
        }
        let etag = text(response.get(ETAG)).unwrap_or_default();
        return tags.split(',').any(|t| {
            let t = t.trim();
            t.strip_prefix("W/").unwrap_or(t) == etag
        });
    }
    let since = text(request.get(IF_MODIFIED_SINCE)).and_then(|d| httpdate::parse_http_date(d.trim()).ok());
    let modified = text(response.get(LAST_MODIFIED)).and_then(|d| httpdate::parse_http_date(&d).ok());
    matches!((since, modified), (Some(s), Some(m)) if s >= m)
}

impl tower_service::Service<http::Request<Body>> for StaticFiles {
    type Response = HttpResponse;
    type Error = Infallible;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<HttpResponse, Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<Body>) -> Self::Future {
        let files = self.clone();
        Box::pin(async move { Ok(files.serve(req).await) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalise_as_python_does() {
        assert_eq!(normpath("/sub/data.json"), Some("sub/data.json".into()));
        assert_eq!(normpath("/a/./b/../c"), Some("a/c".into()));
        assert_eq!(normpath("/../../etc/passwd"), Some("../../etc/passwd".into()));
        assert_eq!(normpath("//x//y/"), Some("x/y".into()));
        assert_eq!(normpath("/"), None);
        assert_eq!(normpath("/a/.."), None);
    }
}
