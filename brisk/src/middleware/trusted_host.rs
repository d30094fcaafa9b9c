//! Refuses requests for other hosts: Starlette's `TrustedHostMiddleware` (Starlette 1.10).
//!
//! ```
//! use brisk::prelude::*;
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let hosts = TrustedHostMiddleware::new().allowed_hosts(["example.com"]);
//! let client = TestClient::new(App::new().layer(hosts));
//! let res = client.get("/").header("host", "evil.com").send().await;
//! assert_eq!((res.status(), res.text()), (400, "Invalid host header".to_owned()));
//! # }
//! ```

use std::convert::Infallible;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_util::future::BoxFuture;
use http::header::HOST;
use http::{Request, Response};
use tower_layer::Layer;
use tower_service::Service;

use super::request_url::{RequestUrl, invalid_host, latin1, parse_host, redirect};
use crate::body::Body;

/// Starlette's `TrustedHostMiddleware` as a tower layer: only requests whose `Host`
/// header names an allowed host reach the app, which guards against HTTP Host header
/// attacks; the others get 400 `Invalid host header` (`text/plain; charset=utf-8`).
///
/// Patterns are host names (compared without the port, case-insensitively), `"*"` (any
/// host: the default) or `"*.example.com"` (any subdomain of `example.com`, not
/// `example.com` itself). With `www_redirect` (the default), a request for
/// `example.com` when only `www.example.com` is allowed is redirected (307) there.
///
/// ```
/// use brisk::prelude::*;
/// use serde_json::{Value, json};
///
/// #[get("/")]
/// async fn root() -> Value {
///     json!({"message": "Hello World"})
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let hosts = TrustedHostMiddleware::new().allowed_hosts(["example.com", "*.example.com"]);
/// let client = TestClient::new(App::new().layer(hosts).routes(routes![root]));
/// let res = client.get("/").header("host", "api.example.com:8000").send().await;
/// assert_eq!(res.status(), 200);
/// let res = client.get("/").send().await; // host: testserver
/// assert_eq!(res.status(), 400);
/// assert_eq!(res.text(), "Invalid host header");
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct TrustedHostMiddleware {
    allowed_hosts: Vec<String>,
    www_redirect: bool,
}

impl Default for TrustedHostMiddleware {
    fn default() -> Self {
        TrustedHostMiddleware { allowed_hosts: vec!["*".to_owned()], www_redirect: true }
    }
}

const ENFORCE_DOMAIN_WILDCARD: &str = "Domain wildcard patterns must be like '*.example.com'.";

impl TrustedHostMiddleware {
    /// Starlette's defaults: any host allowed, `www` redirects on.
    pub fn new() -> Self {
        Self::default()
    }

    /// The hosts requests may be for: names, `"*"`, or `"*.example.com"` wildcards.
    ///
    /// # Panics
    ///
    /// When a `*` is anywhere but in a leading `*.` (or alone), as Starlette's assertion.
    pub fn allowed_hosts<I, T>(mut self, hosts: I) -> Self
    where
        I: IntoIterator<Item = T>,
        T: Into<String>,
    {
        let hosts: Vec<String> = hosts.into_iter().map(Into::into).collect();
        for pattern in &hosts {
            let rest = pattern.get(1..).unwrap_or("");
            assert!(!rest.contains('*'), "{ENFORCE_DOMAIN_WILDCARD}");
            if pattern.starts_with('*') && pattern != "*" {
                assert!(pattern.starts_with("*."), "{ENFORCE_DOMAIN_WILDCARD}");
            }
        }
        self.allowed_hosts = hosts;
        self
    }

    /// Whether a request for `example.com` is redirected to `www.example.com` when only
    /// the latter is allowed (default `true`); otherwise it is refused.
    pub fn www_redirect(mut self, redirect: bool) -> Self {
        self.www_redirect = redirect;
        self
    }
}

impl<S> Layer<S> for TrustedHostMiddleware {
    type Service = TrustedHostService<S>;

    fn layer(&self, inner: S) -> TrustedHostService<S> {
        let policy = Policy {
            allow_any: self.allowed_hosts.iter().any(|h| h == "*"),
            allowed_hosts: self.allowed_hosts.iter().map(|h| h.to_lowercase()).collect(),
            www_redirect: self.www_redirect,
        };
        TrustedHostService { inner, policy: Arc::new(policy) }
    }
}

/// The service [`TrustedHostMiddleware`] wraps around an app.
///
/// The layer is a `tower::Layer`, so it also wraps a plain tower service:
///
/// ```
/// use std::convert::Infallible;
/// use brisk::Body;
/// use brisk::middleware::TrustedHostMiddleware;
/// use tower::{Layer, ServiceExt};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let inner = tower::service_fn(|_req: http::Request<Body>| async { Ok::<_, Infallible>(http::Response::new(Body::full("ok"))) });
/// let service = TrustedHostMiddleware::new().allowed_hosts(["example.com"]).layer(inner);
/// let req = http::Request::builder().uri("/").header("host", "evil.com").body(Body::empty()).unwrap();
/// let res = service.oneshot(req).await.unwrap();
/// assert_eq!(res.status(), 400);
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct TrustedHostService<S> {
    inner: S,
    policy: Arc<Policy>,
}

#[derive(Debug)]
struct Policy {
    /// Lowercased.
    allowed_hosts: Vec<String>,
    allow_any: bool,
    www_redirect: bool,
}

/// What to do with a request.
#[derive(Debug, PartialEq)]
enum Verdict {
    Pass,
    WwwRedirect,
    Refuse,
}

impl Policy {
    fn judge<B>(&self, req: &Request<B>) -> Verdict {
        if self.allow_any {
            return Verdict::Pass;
        }
        let Some(parsed) = req.headers().get(HOST).and_then(|h| parse_host(&latin1(h.as_bytes()))) else {
            return Verdict::Refuse;
        };
        let host = parsed.host.to_lowercase();
        let mut www = false;
        for pattern in &self.allowed_hosts {
            if *pattern == host || pattern.strip_prefix('*').is_some_and(|suffix| host.ends_with(suffix)) {
                return Verdict::Pass;
            }
            if pattern.strip_prefix("www.").is_some_and(|rest| rest == host) {
                www = true;
            }
        }
        if www && self.www_redirect { Verdict::WwwRedirect } else { Verdict::Refuse }
    }
}

impl<S> Service<Request<Body>> for TrustedHostService<S>
where
    S: Service<Request<Body>, Response = Response<Body>, Error = Infallible> + Clone + Send + Sync + 'static,
    S::Future: Send + 'static,
{
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Response<Body>, Infallible>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<Body>) -> Self::Future {
        let res = match self.policy.judge(&req) {
            Verdict::Pass => return Box::pin(self.inner.call(req)),
            Verdict::Refuse => invalid_host(),
            Verdict::WwwRedirect => match RequestUrl::of(&req) {
                Some(url) => redirect(&url.with(url.scheme, &format!("www.{}", url.netloc))),
                None => invalid_host(),
            },
        };
        Box::pin(std::future::ready(Ok(res)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::header::LOCATION;
    use http_body_util::BodyExt;
    use tower::{ServiceExt, service_fn};

    async fn send(mw: &TrustedHostMiddleware, req: Request<Body>) -> (u16, Option<String>, String) {
        let app = service_fn(|_req: Request<Body>| async { Ok::<_, Infallible>(Response::new(Body::from("inner"))) });
        let res = mw.layer(app).oneshot(req).await.expect("infallible");
        let status = res.status().as_u16();
        let location = res.headers().get(LOCATION).map(|v| v.to_str().unwrap_or("?").to_owned());
        let ct = res.headers().get("content-type").map(|v| v.to_str().unwrap_or("?").to_owned());
        let body = res.into_body().collect().await.expect("body").to_bytes();
        let body = String::from_utf8_lossy(&body).into_owned();
        if status == 400 {
            assert_eq!(ct.as_deref(), Some("text/plain; charset=utf-8"));
            assert_eq!(body, "Invalid host header");
        }
        (status, location, body)
    }

    fn host(h: &str) -> Request<Body> {
        Request::get("/p?q=1").header("host", h).body(Body::empty()).expect("valid request")
    }

    fn tutorial() -> TrustedHostMiddleware {
        TrustedHostMiddleware::new().allowed_hosts(["example.com", "*.example.com"])
    }

    #[tokio::test]
    async fn exact_and_wildcard_hosts_pass_port_ignored() {
        for h in ["example.com", "api.example.com", "a.b.example.com", "EXAMPLE.com:8000", "api.example.com:1"] {
            assert_eq!(send(&tutorial(), host(h)).await.0, 200, "{h}");
        }
    }

    #[tokio::test]
    async fn other_hosts_are_refused() {
        for h in ["testserver", "example.org", "badexample.com", "example.com.evil.org", "example.com/x", ""] {
            assert_eq!(send(&tutorial(), host(h)).await.0, 400, "{h:?}");
        }
        let req = Request::get("/").body(Body::empty()).expect("valid request");
        assert_eq!(send(&tutorial(), req).await.0, 400);
    }

    #[tokio::test]
    async fn star_allows_anything_even_no_host() {
        let req = Request::get("/").body(Body::empty()).expect("valid request");
        assert_eq!(send(&TrustedHostMiddleware::new(), req).await.0, 200);
        let mw = TrustedHostMiddleware::new().allowed_hosts(["a.com", "*"]);
        assert_eq!(send(&mw, host("b b")).await.0, 200);
    }

    #[tokio::test]
    async fn www_redirect_keeps_port_path_and_query() {
        let mw = TrustedHostMiddleware::new().allowed_hosts(["www.example.com"]);
        let (status, location, body) = send(&mw, host("example.com:8000")).await;
        assert_eq!(status, 307);
        assert_eq!(location.as_deref(), Some("http://www.example.com:8000/p?q=1"));
        assert_eq!(body, "");
        assert_eq!(send(&mw, host("www.example.com")).await.0, 200);
        assert_eq!(send(&mw, host("other.com")).await.0, 400);
        let https = Request::get("https://example.com/p").header("host", "example.com").body(Body::empty());
        let (_, location, _) = send(&mw, https.expect("valid request")).await;
        assert_eq!(location.as_deref(), Some("https://www.example.com/p"));
        let off = mw.www_redirect(false);
        assert_eq!(send(&off, host("example.com")).await.0, 400);
    }

    #[test]
    fn patterns_are_lowercased_and_checked() {
        let mw = TrustedHostMiddleware::new().allowed_hosts(["Example.COM"]);
        let svc = mw.layer(());
        assert_eq!(svc.policy.judge(&host("example.com")), Verdict::Pass);
        assert_eq!(svc.policy.judge(&host("[::1]")), Verdict::Refuse);
        let ip = TrustedHostMiddleware::new().allowed_hosts(["[::1]", "127.0.0.1"]).layer(());
        assert_eq!(ip.policy.judge(&host("[::1]:8000")), Verdict::Pass);
        assert_eq!(ip.policy.judge(&host("127.0.0.1:8000")), Verdict::Pass);
    }

    #[test]
    #[should_panic(expected = "Domain wildcard patterns must be like '*.example.com'.")]
    fn bad_wildcard_panics() {
        let _ = TrustedHostMiddleware::new().allowed_hosts(["*example.com"]);
    }

    #[test]
    #[should_panic(expected = "Domain wildcard patterns must be like '*.example.com'.")]
    fn inner_star_panics() {
        let _ = TrustedHostMiddleware::new().allowed_hosts(["api.*.com"]);
    }
}
