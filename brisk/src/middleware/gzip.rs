//! Compresses responses: Starlette's `GZipMiddleware` (Starlette 1.10).
//!
//! Starlette decides on the response's first body message: a complete body under
//! `minimum_size` is sent untouched; a larger complete body is compressed whole
//! (`Content-Length` updated); a body that says "more to come" is compressed as it
//! streams, each chunk flushed (`Content-Length` removed). Here the first message is the
//! body's first frame, complete when the body ends with it (a full body, or a stream
//! whose `Content-Length` the frame fills).
//!
//! ```
//! use brisk::prelude::*;
//!
//! #[get("/")]
//! async fn root() -> PlainTextResponse {
//!     PlainTextResponse::new("x".repeat(1000))
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let client = TestClient::new(App::new().layer(GZipMiddleware::new()).routes(routes![root]));
//! let res = client.get("/").header("accept-encoding", "gzip").send().await;
//! assert_eq!(res.header("content-encoding"), Some("gzip"));
//! assert!(res.bytes().len() < 1000);
//! # }
//! ```

use std::convert::Infallible;
use std::io::Write;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use flate2::write::GzEncoder;
use flate2::{Compression, GzBuilder};
use futures_util::future::BoxFuture;
use http::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, VARY};
use http::{HeaderMap, HeaderValue, Request, Response, StatusCode};
use http_body::{Body as _, Frame, SizeHint};
use http_body_util::BodyExt;
use tower_layer::Layer;
use tower_service::Service;

use super::request_url::{is_websocket, latin1};
use crate::body::{Body, BoxError};

/// Media types never compressed by default (Starlette's `DEFAULT_EXCLUDED_CONTENT_TYPES`):
/// already compressed, or streamed to be read as they come (`text/event-stream`).
///
/// ```
/// use brisk::middleware::gzip::DEFAULT_EXCLUDED_CONTENT_TYPES;
/// assert!(DEFAULT_EXCLUDED_CONTENT_TYPES.contains(&"text/event-stream"));
/// ```
pub const DEFAULT_EXCLUDED_CONTENT_TYPES: [&str; 14] = [
    "application/grpc",
    "application/gzip",
    "application/x-gzip",
    "application/zip",
    "audio/*",
    "font/woff",
    "font/woff2",
    "image/avif",
    "image/gif",
    "image/jpeg",
    "image/png",
    "image/webp",
    "text/event-stream",
    "video/*",
];

/// Starlette's `GZipMiddleware` as a tower layer: gzip-compresses responses for clients
/// that accept it (`Accept-Encoding` containing `gzip`), so large bodies travel smaller.
///
/// Defaults are Starlette's: `minimum_size` 500 bytes, `compresslevel` 9. Responses that
/// already have a `Content-Encoding`, partial ones (206) and those of an excluded media
/// type are untouched; others of at least `minimum_size` (or streamed) get
/// `Vary: Accept-Encoding`, and, when compressed, `Content-Encoding: gzip`.
///
/// ```
/// use brisk::prelude::*;
/// use std::io::Read;
///
/// #[get("/")]
/// async fn root() -> PlainTextResponse {
///     PlainTextResponse::new("x".repeat(2000))
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let gzip = GZipMiddleware::new().minimum_size(1000).compresslevel(5);
/// let client = TestClient::new(App::new().layer(gzip).routes(routes![root]));
/// let res = client.get("/").header("accept-encoding", "gzip").send().await;
/// assert_eq!(res.header("content-encoding"), Some("gzip"));
/// assert_eq!(res.header("vary"), Some("Accept-Encoding"));
/// let mut text = String::new();
/// flate2::read::GzDecoder::new(&res.bytes()[..]).read_to_string(&mut text).unwrap();
/// assert_eq!(text, "x".repeat(2000));
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct GZipMiddleware {
    minimum_size: usize,
    compresslevel: u32,
    exclude_content_types: Vec<String>,
}

impl Default for GZipMiddleware {
    fn default() -> Self {
        GZipMiddleware {
            minimum_size: 500,
            compresslevel: 9,
            exclude_content_types: DEFAULT_EXCLUDED_CONTENT_TYPES.iter().map(|t| (*t).to_owned()).collect(),
        }
    }
}

/// Starlette's normalisation of a media type: parameters dropped, trimmed, lowercased.
fn media_type(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or("").trim().to_lowercase()
}

impl GZipMiddleware {
    /// Starlette's defaults: `minimum_size` 500, `compresslevel` 9.
    pub fn new() -> Self {
        Self::default()
    }

    /// Complete bodies smaller than this many bytes are not compressed (default 500).
    pub fn minimum_size(mut self, bytes: usize) -> Self {
        self.minimum_size = bytes;
        self
    }

    /// The compression level, 0 (none) to 9 (smallest, slowest; the default).
    ///
    /// # Panics
    ///
    /// When `level` is above 9.
    pub fn compresslevel(mut self, level: u32) -> Self {
        assert!(level <= 9, "GZipMiddleware: compresslevel must be 0 to 9, not {level}");
        self.compresslevel = level;
        self
    }

    /// Media types never compressed, replacing [`DEFAULT_EXCLUDED_CONTENT_TYPES`];
    /// `type/*` excludes a whole type (`audio/*`).
    pub fn exclude_content_types<I, T>(mut self, types: I) -> Self
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        self.exclude_content_types = types.into_iter().map(|t| media_type(t.as_ref())).collect();
        self
    }
}

impl<S> Layer<S> for GZipMiddleware {
    type Service = GZipService<S>;

    fn layer(&self, inner: S) -> GZipService<S> {
        GZipService { inner, config: Arc::new(self.clone()) }
    }
}

/// The service [`GZipMiddleware`] wraps around an app.
///
/// The layer is a `tower::Layer`, so it also wraps a plain tower service:
///
/// ```
/// use std::convert::Infallible;
/// use brisk::Body;
/// use brisk::middleware::GZipMiddleware;
/// use tower::{Layer, ServiceExt};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let inner = tower::service_fn(|_req: http::Request<Body>| async { Ok::<_, Infallible>(http::Response::new(Body::full("ok"))) });
/// let service = GZipMiddleware::new().minimum_size(1).layer(inner);
/// let req = http::Request::builder().uri("/").header("accept-encoding", "gzip").body(Body::empty()).unwrap();
/// let res = service.oneshot(req).await.unwrap();
/// assert_eq!(res.headers()["content-encoding"], "gzip");
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct GZipService<S> {
    inner: S,
    config: Arc<GZipMiddleware>,
}

impl<S> Service<Request<Body>> for GZipService<S>
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
        // Starlette's middleware sees HTTP requests only.
        if is_websocket(&req) {
            return Box::pin(self.inner.call(req));
        }
        // As Starlette: the first `Accept-Encoding` header, `gzip` anywhere in it.
        let gzip = req.headers().get(ACCEPT_ENCODING).is_some_and(|v| v.as_bytes().windows(4).any(|w| w == b"gzip"));
        let config = self.config.clone();
        let future = self.inner.call(req);
        Box::pin(async move {
            let res = future.await?;
            Ok(config.respond(res, gzip).await)
        })
    }
}

/// A gzip stream as Python's `zlib.compressobj(level, DEFLATED, 16 + MAX_WBITS)` starts
/// it: no name, no time stamp, OS "Unix".
fn encoder(level: u32) -> GzEncoder<Vec<u8>> {
    GzBuilder::new().operating_system(3).write(Vec::new(), Compression::new(level))
}

fn io_error(e: std::io::Error) -> BoxError {
    Box::new(e)
}

/// Starlette's `add_vary_header`: all present values and the new one, in one header.
fn add_vary(headers: &mut HeaderMap) {
    let mut joined: Vec<u8> = Vec::new();
    for v in headers.get_all(VARY) {
        joined.extend_from_slice(v.as_bytes());
        joined.extend_from_slice(b", ");
    }
    joined.extend_from_slice(b"Accept-Encoding");
    if let Ok(v) = HeaderValue::from_bytes(&joined) {
        headers.insert(VARY, v);
    }
}

impl GZipMiddleware {
    fn is_excluded(&self, headers: &HeaderMap) -> bool {
        let ct = headers.get(CONTENT_TYPE).map(|v| media_type(&latin1(v.as_bytes()))).unwrap_or_default();
        let major = format!("{}/*", ct.split('/').next().unwrap_or(""));
        let grpc = ct.starts_with("application/grpc+");
        self.exclude_content_types.iter().any(|t| *t == ct || *t == major || (grpc && t == "application/grpc"))
    }

    /// Starlette's `IdentityResponder` (`gzip` false: only `Vary` changes) or
    /// `GZipResponder`.
    async fn respond(&self, res: Response<Body>, gzip: bool) -> Response<Body> {
        if res.headers().contains_key(CONTENT_ENCODING)
            || res.status() == StatusCode::PARTIAL_CONTENT
            || self.is_excluded(res.headers())
        {
            return res;
        }
        let (mut parts, mut body) = res.into_parts();
        // The first message: its bytes, and whether more follow.
        let (first, more, trailers) = match body.frame().await {
            None => (Bytes::new(), false, None),
            Some(Err(e)) => return Response::from_parts(parts, failed(e)),
            Some(Ok(frame)) => match frame.into_data() {
                Ok(data) => {
                    let declared = parts
                        .headers
                        .get(CONTENT_LENGTH)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.parse::<u64>().ok());
                    let ended = body.is_end_stream()
                        || body.size_hint().upper() == Some(0)
                        || declared == Some(data.len() as u64);
                    (data, !ended, None)
                }
                // Trailers first: an empty body.
                Err(frame) => (Bytes::new(), false, frame.into_trailers().ok()),
            },
        };

        if !more && first.len() < self.minimum_size {
            // Small: untouched.
            return Response::from_parts(parts, whole(first, trailers));
        }
        add_vary(&mut parts.headers);
        if !gzip {
            let body = if more { Body::from_stream(Chunks::new(first, body, None)) } else { whole(first, trailers) };
            return Response::from_parts(parts, body);
        }
        parts.headers.insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        if more {
            parts.headers.remove(CONTENT_LENGTH);
            let body = Chunks::new(first, body, Some(encoder(self.compresslevel)));
            return Response::from_parts(parts, Body::from_stream(body));
        }
        let mut enc = encoder(self.compresslevel);
        match enc.write_all(&first).and_then(|()| enc.finish()) {
            Ok(compressed) => {
                parts.headers.insert(CONTENT_LENGTH, HeaderValue::from(compressed.len()));
                Response::from_parts(parts, whole(Bytes::from(compressed), trailers))
            }
            Err(e) => Response::from_parts(parts, failed(io_error(e))),
        }
    }
}

/// A complete body, with the trailers that followed it if any.
fn whole(data: Bytes, trailers: Option<HeaderMap>) -> Body {
    match trailers {
        None => Body::from(data),
        Some(t) => {
            Body::from_stream(Chunks { first: Some(data), rest: Body::empty(), encoder: None, trailers: Some(t) })
        }
    }
}

/// A body that fails with `e` at once (the app's body failed before its first frame).
fn failed(e: BoxError) -> Body {
    Body::from_stream(http_body_util::StreamBody::new(futures_util::stream::iter([Err::<Frame<Bytes>, _>(e)])))
}

/// The body after the first message: the first chunk, then the rest, each compressed and
/// flushed when an encoder is given (Starlette's `Z_SYNC_FLUSH` per chunk), the gzip
/// stream finished at the end.
struct Chunks {
    first: Option<Bytes>,
    rest: Body,
    encoder: Option<GzEncoder<Vec<u8>>>,
    /// Trailers held back until the compressed stream is finished.
    trailers: Option<HeaderMap>,
}

impl Chunks {
    fn new(first: Bytes, rest: Body, encoder: Option<GzEncoder<Vec<u8>>>) -> Self {
        Chunks { first: Some(first), rest, encoder, trailers: None }
    }

    /// One chunk as it goes out: compressed and flushed, or as is.
    fn chunk(&mut self, data: Bytes) -> Result<Bytes, BoxError> {
        let Some(enc) = &mut self.encoder else { return Ok(data) };
        enc.write_all(&data).and_then(|()| enc.flush()).map_err(io_error)?;
        Ok(Bytes::from(std::mem::take(enc.get_mut())))
    }

    /// The end of the gzip stream (its last block and trailer), once.
    fn finish(&mut self) -> Result<Bytes, BoxError> {
        match self.encoder.take() {
            Some(enc) => enc.finish().map(Bytes::from).map_err(io_error),
            None => Ok(Bytes::new()),
        }
    }
}

impl http_body::Body for Chunks {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        if let Some(first) = this.first.take() {
            match this.chunk(first) {
                Ok(out) if out.is_empty() => {}
                Ok(out) => return Poll::Ready(Some(Ok(Frame::data(out)))),
                Err(e) => return Poll::Ready(Some(Err(e))),
            }
        }
        loop {
            if let Some(t) = this.trailers.take() {
                return Poll::Ready(Some(Ok(Frame::trailers(t))));
            }
            let next = match Pin::new(&mut this.rest).poll_frame(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(next) => next,
            };
            let out = match next {
                Some(Ok(frame)) => match frame.into_data() {
                    Ok(data) => this.chunk(data),
                    Err(frame) => {
                        this.trailers = frame.into_trailers().ok();
                        this.finish()
                    }
                },
                Some(Err(e)) => {
                    this.encoder = None;
                    return Poll::Ready(Some(Err(e)));
                }
                None => match this.finish() {
                    Ok(out) if out.is_empty() => return Poll::Ready(None),
                    other => other,
                },
            };
            match out {
                Ok(out) if out.is_empty() => continue,
                Ok(out) => return Poll::Ready(Some(Ok(Frame::data(out)))),
                Err(e) => return Poll::Ready(Some(Err(e))),
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.first.is_none() && self.encoder.is_none() && self.trailers.is_none() && self.rest.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        if self.encoder.is_some() {
            return SizeHint::default();
        }
        let mut hint = self.rest.size_hint();
        let first = self.first.as_ref().map_or(0, |b| b.len() as u64);
        hint.set_lower(hint.lower() + first);
        if let Some(upper) = hint.upper() {
            hint.set_upper(upper + first);
        }
        hint
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use tower::{ServiceExt, service_fn};

    fn gunzip(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(data).read_to_end(&mut out).expect("valid gzip");
        out
    }

    fn text(n: usize) -> String {
        (0..n).map(|i| char::from(b'a' + (i % 26) as u8)).collect()
    }

    struct Answer {
        status: u16,
        headers: HeaderMap,
        frames: Vec<Bytes>,
    }

    impl Answer {
        fn get(&self, name: &str) -> Option<&str> {
            self.headers.get(name).map(|v| v.to_str().unwrap_or("?"))
        }
        fn body(&self) -> Vec<u8> {
            self.frames.concat()
        }
    }

    /// Sends a request to an app answering `make()`.
    async fn send<F>(mw: &GZipMiddleware, accept: Option<&str>, make: F) -> Answer
    where
        F: Fn() -> Response<Body> + Clone + Send + Sync + 'static,
    {
        let app = service_fn(move |_req: Request<Body>| {
            let make = make.clone();
            async move { Ok::<_, Infallible>(make()) }
        });
        let mut req = Request::get("/");
        if let Some(a) = accept {
            req = req.header("accept-encoding", a);
        }
        let res = mw.layer(app).oneshot(req.body(Body::empty()).expect("valid request")).await.expect("infallible");
        let status = res.status().as_u16();
        let (parts, mut body) = res.into_parts();
        let mut frames = Vec::new();
        while let Some(frame) = body.frame().await {
            if let Ok(data) = frame.expect("no body error").into_data() {
                frames.push(data);
            }
        }
        Answer { status, headers: parts.headers, frames }
    }

    fn full(body: String, content_type: &'static str) -> impl Fn() -> Response<Body> + Clone + Send + Sync + 'static {
        move || {
            let mut res = Response::new(Body::from(body.clone()));
            res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
            res
        }
    }

    fn streamed(chunks: Vec<String>) -> impl Fn() -> Response<Body> + Clone + Send + Sync + 'static {
        move || {
            let frames = chunks.clone().into_iter().map(|c| Ok::<_, Infallible>(Frame::data(Bytes::from(c))));
            let mut res =
                Response::new(Body::from_stream(http_body_util::StreamBody::new(futures_util::stream::iter(frames))));
            res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain"));
            res
        }
    }

    #[tokio::test]
    async fn large_body_is_compressed_with_length_and_vary() {
        let body = text(2000);
        let a = send(&GZipMiddleware::new(), Some("gzip, deflate"), full(body.clone(), "text/plain")).await;
        assert_eq!(a.status, 200);
        assert_eq!(a.get("content-encoding"), Some("gzip"));
        assert_eq!(a.get("vary"), Some("Accept-Encoding"));
        let compressed = a.body();
        assert_eq!(a.get("content-length").map(str::to_owned), Some(compressed.len().to_string()));
        assert!(compressed.len() < 2000);
        // Python zlib's gzip header: no flags, no time, best compression, Unix.
        assert_eq!(compressed[..10], [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3]);
        assert_eq!(gunzip(&compressed), body.as_bytes());
    }

    #[tokio::test]
    async fn below_minimum_size_is_untouched() {
        let a = send(&GZipMiddleware::new(), Some("gzip"), full(text(499), "text/plain")).await;
        assert_eq!(a.get("content-encoding"), None);
        assert_eq!(a.get("vary"), None);
        assert_eq!(a.body(), text(499).as_bytes());
        // Exactly the minimum is compressed.
        let a = send(&GZipMiddleware::new(), Some("gzip"), full(text(500), "text/plain")).await;
        assert_eq!(a.get("content-encoding"), Some("gzip"));
        // A configured minimum.
        let mw = GZipMiddleware::new().minimum_size(1000).compresslevel(5);
        let a = send(&mw, Some("gzip"), full(text(999), "application/json")).await;
        assert_eq!(a.get("content-encoding"), None);
        let a = send(&mw, Some("gzip"), full(text(1000), "application/json")).await;
        assert_eq!(a.get("content-encoding"), Some("gzip"));
        assert_eq!(a.body()[8], 0, "level 5: no extra flag");
        assert_eq!(gunzip(&a.body()), text(1000).as_bytes());
    }

    #[tokio::test]
    async fn minimum_size_zero_compresses_an_empty_body() {
        let mw = GZipMiddleware::new().minimum_size(0);
        let a = send(&mw, Some("gzip"), || Response::new(Body::empty())).await;
        assert_eq!(a.get("content-encoding"), Some("gzip"));
        assert_eq!(gunzip(&a.body()), b"");
    }

    #[tokio::test]
    async fn without_gzip_accepted_only_vary_changes() {
        for accept in [None, Some("deflate, br"), Some("GZIP")] {
            let a = send(&GZipMiddleware::new(), accept, full(text(600), "text/plain")).await;
            assert_eq!(a.get("content-encoding"), None, "{accept:?}");
            assert_eq!(a.get("vary"), Some("Accept-Encoding"), "{accept:?}");
            assert_eq!(a.body(), text(600).as_bytes());
        }
        let a = send(&GZipMiddleware::new(), None, full(text(10), "text/plain")).await;
        assert_eq!(a.get("vary"), None);
    }

    #[tokio::test]
    async fn already_encoded_partial_and_excluded_types_are_untouched() {
        let encoded = || {
            let mut res = Response::new(Body::from(text(1000)));
            res.headers_mut().insert(CONTENT_ENCODING, HeaderValue::from_static("br"));
            res
        };
        let a = send(&GZipMiddleware::new(), Some("gzip"), encoded).await;
        assert_eq!(a.get("content-encoding"), Some("br"));
        assert_eq!(a.get("vary"), None);
        let partial = || {
            let mut res = Response::new(Body::from(text(1000)));
            *res.status_mut() = StatusCode::PARTIAL_CONTENT;
            res
        };
        assert_eq!(send(&GZipMiddleware::new(), Some("gzip"), partial).await.get("content-encoding"), None);
        for ct in [
            "text/event-stream",
            "Text/Event-Stream; charset=utf-8",
            "image/png",
            "video/mp4",
            "application/grpc+proto",
        ] {
            let a = send(&GZipMiddleware::new(), Some("gzip"), full(text(1000), ct)).await;
            assert_eq!(a.get("content-encoding"), None, "{ct}");
            assert_eq!(a.get("vary"), None, "{ct}");
            assert_eq!(a.body(), text(1000).as_bytes(), "{ct}");
        }
        let mw = GZipMiddleware::new().exclude_content_types(["text/plain; charset=utf-8"]);
        assert_eq!(send(&mw, Some("gzip"), full(text(1000), "text/plain")).await.get("content-encoding"), None);
        assert_eq!(send(&mw, Some("gzip"), full(text(1000), "image/png")).await.get("content-encoding"), Some("gzip"));
    }

    #[tokio::test]
    async fn existing_vary_is_merged() {
        let make = || {
            let mut res = Response::new(Body::from(text(1000)));
            res.headers_mut().insert(VARY, HeaderValue::from_static("Origin"));
            res
        };
        assert_eq!(send(&GZipMiddleware::new(), Some("gzip"), make).await.get("vary"), Some("Origin, Accept-Encoding"));
    }

    #[tokio::test]
    async fn a_stream_is_compressed_chunk_by_chunk() {
        let chunks: Vec<String> = (0..5).map(|i| format!("chunk {i} ") + &text(300)).collect();
        let expected = chunks.concat();
        let a = send(&GZipMiddleware::new(), Some("gzip"), streamed(chunks)).await;
        assert_eq!(a.get("content-encoding"), Some("gzip"));
        assert_eq!(a.get("vary"), Some("Accept-Encoding"));
        assert_eq!(a.get("content-length"), None);
        // One frame per chunk, each ending in a sync flush, then the end of the stream.
        assert_eq!(a.frames.len(), 6);
        for f in &a.frames[..5] {
            assert!(f.ends_with(&[0, 0, 0xff, 0xff]), "flushed");
        }
        assert_eq!(gunzip(&a.body()), expected.as_bytes());
    }

    #[tokio::test]
    async fn a_small_stream_is_compressed_as_starlette_does() {
        // A streamed first message has "more body": compressed whatever its size.
        let a = send(&GZipMiddleware::new(), Some("gzip"), streamed(vec!["tiny".into()])).await;
        assert_eq!(a.get("content-encoding"), Some("gzip"));
        assert_eq!(gunzip(&a.body()), b"tiny");
        // An empty stream is an empty complete body: untouched.
        let a = send(&GZipMiddleware::new(), Some("gzip"), streamed(vec![])).await;
        assert_eq!(a.get("content-encoding"), None);
        assert_eq!(a.body(), b"");
        // Without gzip a stream passes unchanged, with `Vary`.
        let a = send(&GZipMiddleware::new(), None, streamed(vec!["a".into(), "b".into()])).await;
        assert_eq!(a.get("vary"), Some("Accept-Encoding"));
        assert_eq!(a.frames, [Bytes::from("a"), Bytes::from("b")]);
    }

    #[tokio::test]
    async fn a_stream_filling_its_content_length_is_a_complete_body() {
        // As a small file: one frame of the declared length.
        let make = || {
            let frames = [Ok::<_, Infallible>(Frame::data(Bytes::from(text(700))))];
            let mut res =
                Response::new(Body::from_stream(http_body_util::StreamBody::new(futures_util::stream::iter(frames))));
            res.headers_mut().insert(CONTENT_LENGTH, HeaderValue::from(700));
            res
        };
        let a = send(&GZipMiddleware::new(), Some("gzip"), make).await;
        assert_eq!(a.get("content-encoding"), Some("gzip"));
        assert_eq!(a.get("content-length").map(str::to_owned), Some(a.body().len().to_string()));
        assert_eq!(gunzip(&a.body()), text(700).as_bytes());
        let small = || {
            let frames = [Ok::<_, Infallible>(Frame::data(Bytes::from(text(100))))];
            let mut res =
                Response::new(Body::from_stream(http_body_util::StreamBody::new(futures_util::stream::iter(frames))));
            res.headers_mut().insert(CONTENT_LENGTH, HeaderValue::from(100));
            res
        };
        let a = send(&GZipMiddleware::new(), Some("gzip"), small).await;
        assert_eq!(a.get("content-encoding"), None);
        assert_eq!(a.body(), text(100).as_bytes());
    }

    #[tokio::test]
    async fn a_failing_body_fails_through() {
        let make = || {
            let frames = [Err::<Frame<Bytes>, BoxError>("boom".into())];
            Response::new(Body::from_stream(http_body_util::StreamBody::new(futures_util::stream::iter(frames))))
        };
        let app = service_fn(move |_req: Request<Body>| async move { Ok::<_, Infallible>(make()) });
        let req = Request::get("/").header("accept-encoding", "gzip").body(Body::empty()).expect("valid request");
        let res = GZipMiddleware::new().layer(app).oneshot(req).await.expect("infallible");
        assert!(res.into_body().collect().await.is_err());
    }

    #[test]
    #[should_panic(expected = "compresslevel must be 0 to 9")]
    fn level_above_nine_panics() {
        let _ = GZipMiddleware::new().compresslevel(10);
    }
}
