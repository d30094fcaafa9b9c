//! Redirects plain HTTP to HTTPS: Starlette's `HTTPSRedirectMiddleware` (Starlette 1.10).
//!
//! ```
//! use brisk::prelude::*;
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let client = TestClient::new(App::new().layer(HttpsRedirectMiddleware::new()));
//! let res = client.get("/items").header("host", "example.com").send().await;
//! assert_eq!((res.status(), res.header("location")), (307, Some("https://example.com/items")));
//! # }
//! ```

use std::convert::Infallible;
use std::task::{Context, Poll};

use futures_util::future::BoxFuture;
use http::{Request, Response};
use tower_layer::Layer;
use tower_service::Service;

use super::request_url::{RequestUrl, invalid_host, redirect};
use crate::body::Body;

/// Starlette's `HTTPSRedirectMiddleware` as a tower layer: every `http` request (and
/// `ws` WebSocket handshake) is answered `307` to the same URL in `https` (`wss`), so
/// the app is only ever served encrypted.
///
/// A request is already secure when its URI's scheme is `https` (HTTP/2, or a proxy's
/// absolute-form request); plain HTTP/1 requests carry no scheme and are redirected.
/// The port is dropped when it is 80 or 443, kept otherwise. A request with no usable
/// host (no valid `Host` header, no authority in its URI) gets 400 `Invalid host header`.
///
/// ```
/// use brisk::prelude::*;
/// use serde_json::{Value, json};
///
/// #[get("/items")]
/// async fn items() -> Value {
///     json!([])
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().layer(HttpsRedirectMiddleware::new()).routes(routes![items]));
/// let res = client.get("/items?q=1").header("host", "example.com:80").send().await;
/// assert_eq!(res.status(), 307);
/// assert_eq!(res.header("location"), Some("https://example.com/items?q=1"));
/// # }
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct HttpsRedirectMiddleware {
    _private: (),
}

impl HttpsRedirectMiddleware {
    /// The middleware; it has no settings.
    pub fn new() -> Self {
        Self::default()
    }
}

impl<S> Layer<S> for HttpsRedirectMiddleware {
    type Service = HttpsRedirectService<S>;

    fn layer(&self, inner: S) -> HttpsRedirectService<S> {
        HttpsRedirectService { inner }
    }
}

/// The service [`HttpsRedirectMiddleware`] wraps around an app.
///
/// The layer is a `tower::Layer`, so it also wraps a plain tower service:
///
/// ```
/// use std::convert::Infallible;
/// use brisk::Body;
/// use brisk::middleware::HttpsRedirectMiddleware;
/// use tower::{Layer, ServiceExt};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let inner = tower::service_fn(|_req: http::Request<Body>| async { Ok::<_, Infallible>(http::Response::new(Body::full("ok"))) });
/// let service = HttpsRedirectMiddleware::new().layer(inner);
/// let req = http::Request::builder().uri("http://example.com/items").body(Body::empty()).unwrap();
/// let res = service.oneshot(req).await.unwrap();
/// assert_eq!(res.status(), 307);
/// assert_eq!(res.headers()["location"], "https://example.com/items");
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct HttpsRedirectService<S> {
    inner: S,
}

impl<S> Service<Request<Body>> for HttpsRedirectService<S>
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
        if req.uri().scheme_str() == Some("https") {
            return Box::pin(self.inner.call(req));
        }
        let res = match RequestUrl::of(&req) {
            None => invalid_host(),
            Some(url) => {
                let scheme = if url.scheme == "ws" { "wss" } else { "https" };
                // `url.hostname` when the port is a default one: lowercased, unbracketed.
                let netloc = match url.netloc.port_number() {
                    Some(80 | 443) => url.netloc.hostname(),
                    _ => url.netloc.to_string(),
                };
                redirect(&url.with(scheme, &netloc))
            }
        };
        Box::pin(std::future::ready(Ok(res)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::middleware::request_url::parse_host;
    use http::header::LOCATION;
    use http_body_util::BodyExt;
    use tower::{ServiceExt, service_fn};

    async fn send(req: Request<Body>) -> (u16, Option<String>, Vec<(String, String)>, String) {
        let app = service_fn(|_req: Request<Body>| async { Ok::<_, Infallible>(Response::new(Body::from("inner"))) });
        let res = HttpsRedirectMiddleware::new().layer(app).oneshot(req).await.expect("infallible");
        let status = res.status().as_u16();
        let location = res.headers().get(LOCATION).map(|v| v.to_str().unwrap_or("?").to_owned());
        let headers =
            res.headers().iter().map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("?").to_owned())).collect();
        let body = res.into_body().collect().await.expect("body").to_bytes();
        (status, location, headers, String::from_utf8_lossy(&body).into_owned())
    }

    fn get(uri: &str, host: &str) -> Request<Body> {
        Request::get(uri).header("host", host).body(Body::empty()).expect("valid request")
    }

    #[tokio::test]
    async fn http_is_redirected_with_path_and_query() {
        let (status, location, headers, body) = send(get("/items/a?q=1&r=%20x", "testserver")).await;
        assert_eq!(status, 307);
        assert_eq!(location.as_deref(), Some("https://testserver/items/a?q=1&r=%20x"));
        assert_eq!(headers, [("content-length".into(), "0".into()), ("location".into(), location.unwrap())]);
        assert_eq!(body, "");
    }

    #[tokio::test]
    async fn default_ports_are_dropped_others_kept() {
        let loc = |host: &'static str| async move { send(get("/", host)).await.1 };
        assert_eq!(loc("example.com:80").await.as_deref(), Some("https://example.com/"));
        assert_eq!(loc("example.com:443").await.as_deref(), Some("https://example.com/"));
        assert_eq!(loc("example.com:0080").await.as_deref(), Some("https://example.com/"));
        assert_eq!(loc("example.com:8080").await.as_deref(), Some("https://example.com:8080/"));
        // With the port dropped the host is Python's `hostname`: lowercased, unbracketed.
        assert_eq!(loc("Example.COM:80").await.as_deref(), Some("https://example.com/"));
        assert_eq!(loc("Example.COM:8000").await.as_deref(), Some("https://Example.COM:8000/"));
        assert_eq!(loc("[::1]:8000").await.as_deref(), Some("https://[::1]:8000/"));
        assert_eq!(loc("[::1]:80").await.as_deref(), Some("https://::1/"));
    }

    #[tokio::test]
    async fn path_is_decoded_and_quoted_again() {
        let loc = |uri: &'static str| async move { send(get(uri, "h")).await.1.unwrap_or_default() };
        assert_eq!(loc("/caf%C3%A9/a%2Fb").await, "https://h/caf%C3%A9/a/b");
        assert_eq!(loc("/a%3Fb%23c").await, "https://h/a%3Fb%23c");
        assert_eq!(loc("/a%09b%22").await, "https://h/ab%22");
        assert_eq!(loc("/x?").await, "https://h/x");
        assert_eq!(loc("/x?a=%7Bb%7D&c=[d]").await, "https://h/x?a=%7Bb%7D&c=[d]");
    }

    #[tokio::test]
    async fn websocket_handshakes_go_to_wss() {
        let req = Request::get("/ws?t=1")
            .header("host", "example.com:8000")
            .header("upgrade", "websocket")
            .header("connection", "upgrade")
            .body(Body::empty())
            .expect("valid request");
        assert_eq!(send(req).await.1.as_deref(), Some("wss://example.com:8000/ws?t=1"));
    }

    #[tokio::test]
    async fn https_requests_reach_the_app() {
        let req = Request::get("https://example.com/").body(Body::empty()).expect("valid request");
        let (status, _, _, body) = send(req).await;
        assert_eq!((status, body.as_str()), (200, "inner"));
    }

    #[tokio::test]
    async fn host_from_the_uri_when_the_header_is_missing_or_invalid() {
        let req = Request::get("http://example.org:80/p").body(Body::empty()).expect("valid request");
        assert_eq!(send(req).await.1.as_deref(), Some("https://example.org/p"));
        let req =
            Request::get("http://example.org/p").header("host", "bad host").body(Body::empty()).expect("valid request");
        assert_eq!(send(req).await.1.as_deref(), Some("https://example.org/p"));
        let (status, _, headers, body) = send(get("/p", "a/b")).await;
        assert_eq!((status, body.as_str()), (400, "Invalid host header"));
        assert!(headers.contains(&("content-type".into(), "text/plain; charset=utf-8".into())));
        let req = Request::get("/p").body(Body::empty()).expect("valid request");
        assert_eq!(send(req).await.0, 400);
    }

    #[test]
    fn host_parsing_follows_starlette() {
        let p = |s| parse_host(s).map(|n| n.to_string());
        assert_eq!(p("example.com"), Some("example.com".into()));
        assert_eq!(p("Example.com:8000"), Some("Example.com:8000".into()));
        assert_eq!(p("[::1]:80"), Some("[::1]:80".into()));
        assert_eq!(p("[vA.x:y]"), Some("[vA.x:y]".into()));
        assert_eq!(p("[::g]"), None);
        assert_eq!(p("[1:2]"), None);
        assert_eq!(p("a b"), None);
        assert_eq!(p("a:"), None);
        assert_eq!(p(""), None);
        assert!(!parse_host("a:65536").is_some_and(|n| n.has_valid_port()));
        assert!(parse_host("a:065535").is_some_and(|n| n.has_valid_port()));
    }
}
