//! Each request as the server hands it to the app: checked for what HTTP requires
//! (`Host`, header count), its body read under deadlines, answered 408 when that body
//! timed out, logged, and kept in flight until its response has been sent.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{HeaderValue, StatusCode, Version, header};
use http_body::{Frame, SizeHint};
use hyper::body::Incoming;

use super::access_log::AccessLine;
use super::activity::{Activity, InFlight};
use super::config::ServerConfig;
use crate::app::{AppService, ResponseFuture};
use crate::body::deadline::{ReadDeadlines, TimeoutFlag};
use crate::body::{Body, BoxError};

/// What every request of the server is held to, taken from the configuration once.
#[derive(Debug, Clone)]
pub(super) struct RequestRules {
    pub(super) deadlines: ReadDeadlines,
    pub(super) max_headers: usize,
    pub(super) access_log: bool,
}

impl RequestRules {
    pub(super) fn of(config: &ServerConfig, access_log: bool) -> Self {
        RequestRules {
            deadlines: ReadDeadlines {
                idle: config.body_timeout,
                min_rate: config.min_body_rate,
                grace: config.body_rate_grace,
            },
            max_headers: config.max_headers,
            access_log,
        }
    }
}

/// The hyper service of one connection.
pub(super) fn connection_service(
    app: AppService,
    peer: SocketAddr,
    activity: Arc<Activity>,
    rules: Arc<RequestRules>,
) -> impl hyper::service::Service<
    http::Request<Incoming>,
    Response = http::Response<Tracked>,
    Error = Infallible,
    Future = impl Future<Output = Result<http::Response<Tracked>, Infallible>> + Send + 'static,
> + Clone
+ Send
+ 'static {
    hyper::service::service_fn(move |req: http::Request<Incoming>| {
        let guard = activity.start();
        // Boxed, so the future hyper keeps is as small without an access log as with one.
        let line = rules.access_log.then(|| Box::new(AccessLine::of(&req, peer)));
        let version = req.version();
        // The app is called here, before the future: it routes the request at once, and
        // the future hyper keeps (and moves) holds the response future, not the request.
        let mut flag = None;
        let call = match refusal(&req, rules.max_headers) {
            Some(res) => ResponseFuture::ready(res),
            None => {
                // Only a request with a body pays for its deadlines.
                let req = req.map(|incoming| {
                    if http_body::Body::is_end_stream(&incoming) {
                        Body::from(incoming)
                    } else {
                        let set = flag.insert(TimeoutFlag::default()).clone();
                        Body::incoming_with_deadlines(incoming, rules.deadlines, set)
                    }
                });
                app.call_from(req, peer)
            }
        };
        async move {
            let res = call.await;
            let res = if flag.is_some_and(|f| f.is_set()) { request_timeout(version) } else { res };
            if let Some(line) = line {
                line.log(res.status());
            }
            Ok(res.map(|body| Tracked { body, _in_flight: guard }))
        }
    })
}

/// The answer to a request HTTP does not allow: HTTP/1.1 without exactly one `Host`
/// (400, as uvicorn answers), more header fields than allowed (431).
fn refusal<B>(req: &http::Request<B>, max_headers: usize) -> Option<http::Response<Body>> {
    if req.headers().len() > max_headers {
        return Some(closing(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "Request Header Fields Too Large",
            req.version(),
        ));
    }
    if req.version() == Version::HTTP_11 && hosts(req.headers()) != 1 {
        return Some(closing(StatusCode::BAD_REQUEST, "Invalid HTTP request received.", req.version()));
    }
    None
}

/// How many `Host` fields a request has. A few fields are read in order, which costs
/// less than hashing the name; many are looked up.
fn hosts(headers: &http::HeaderMap) -> usize {
    if headers.len() <= 8 {
        headers.iter().filter(|(name, _)| *name == header::HOST).count()
    } else {
        headers.get_all(header::HOST).iter().count()
    }
}

/// 408 for a request whose body stopped arriving; the connection is closed after it.
fn request_timeout(version: Version) -> http::Response<Body> {
    let mut res = http::Response::new(Body::from(r#"{"detail":"Request Timeout"}"#));
    *res.status_mut() = StatusCode::REQUEST_TIMEOUT;
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    close_after(&mut res, version);
    res
}

/// A plain-text error after which an HTTP/1 connection is closed.
fn closing(status: StatusCode, text: &'static str, version: Version) -> http::Response<Body> {
    let mut res = http::Response::new(Body::from(text));
    *res.status_mut() = status;
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    close_after(&mut res, version);
    res
}

fn close_after(res: &mut http::Response<Body>, version: Version) {
    if version < Version::HTTP_2 {
        res.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
}

/// A response body that keeps its request in flight until hyper has sent (or dropped) it.
#[derive(Debug)]
pub(super) struct Tracked {
    body: Body,
    _in_flight: InFlight,
}

impl http_body::Body for Tracked {
    type Data = Bytes;
    type Error = BoxError;

    #[inline]
    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    #[inline]
    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    #[inline]
    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(version: Version, headers: &[(&str, &str)]) -> http::Request<()> {
        let mut b = http::Request::get("/").version(version);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(()).unwrap()
    }

    #[test]
    fn http11_needs_exactly_one_host() {
        let missing = refusal(&req(Version::HTTP_11, &[]), 100).unwrap();
        assert_eq!(missing.status(), 400);
        assert_eq!(missing.headers()[header::CONNECTION], "close");
        assert_eq!(refusal(&req(Version::HTTP_11, &[("host", "a"), ("host", "b")]), 100).unwrap().status(), 400);
        assert!(refusal(&req(Version::HTTP_11, &[("host", "a")]), 100).is_none());
        // Read in order or looked up, by the number of fields.
        let many: Vec<(String, String)> = (0..12).map(|i| (format!("x-{i}"), "v".to_owned())).collect();
        for n in [0, 3, 12] {
            let mut fields: Vec<(&str, &str)> = many[..n].iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            assert_eq!(refusal(&req(Version::HTTP_11, &fields), 100).unwrap().status(), 400);
            fields.push(("host", "a"));
            assert!(refusal(&req(Version::HTTP_11, &fields), 100).is_none());
            fields.push(("Host", "b"));
            assert_eq!(refusal(&req(Version::HTTP_11, &fields), 100).unwrap().status(), 400);
        }
        // HTTP/1.0 may omit it; HTTP/2 carries :authority instead.
        assert!(refusal(&req(Version::HTTP_10, &[]), 100).is_none());
        assert!(refusal(&req(Version::HTTP_2, &[]), 100).is_none());
    }

    #[test]
    fn too_many_headers_is_431() {
        let headers: Vec<(String, String)> = (0..4).map(|i| (format!("x-{i}"), "v".to_owned())).collect();
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let r = req(Version::HTTP_2, &headers);
        assert_eq!(refusal(&r, 3).unwrap().status(), 431);
        assert!(refusal(&r, 4).is_none());
        assert!(!refusal(&r, 3).unwrap().headers().contains_key(header::CONNECTION));
    }
}
