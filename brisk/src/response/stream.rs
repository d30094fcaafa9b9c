//! `StreamingResponse`: a body sent as it is produced (Starlette's `StreamingResponse`).

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use http::header::CONTENT_TYPE;
use http::{HeaderValue, StatusCode};
use http_body::Frame;

use super::{HttpResponse, IntoResponse, Response, ResponseClass, ResponseContent, RouteRender};
use crate::body::{Body, BoxError};
use crate::model::SchemaGenerator;

/// A response whose body comes from a stream of chunks, sent as they arrive (chunked).
/// No content type unless one is given, as in Starlette.
///
/// ```
/// use brisk::response::StreamingResponse;
/// let chunks = futures_util::stream::iter(["a", "b"].map(|s| Ok::<_, std::io::Error>(s)));
/// let r = StreamingResponse::new(chunks).media_type("text/plain");
/// assert_eq!(r.status_code().as_u16(), 200);
/// ```
#[derive(Debug)]
pub struct StreamingResponse(Response);

impl StreamingResponse {
    /// A 200 response streaming `chunks`; an error ends the body early.
    pub fn new<S, C, E>(chunks: S) -> Self
    where
        S: Stream<Item = Result<C, E>> + Send + 'static,
        C: Into<Bytes>,
        E: Into<BoxError>,
    {
        let frames = chunks.map(|c| c.map(|c| Frame::data(c.into())).map_err(Into::into));
        StreamingResponse(Response::new(Body::from_stream(http_body_util::StreamBody::new(frames))))
    }

    /// Sets the media type (`text/*` gets `; charset=utf-8`).
    pub fn media_type(self, media_type: &str) -> Self {
        StreamingResponse(self.0.media_type(media_type))
    }

    /// Sets the status code.
    pub fn status(self, status: u16) -> Self {
        StreamingResponse(self.0.status(status))
    }

    /// Appends a header.
    pub fn header(self, name: &str, value: &str) -> Self {
        StreamingResponse(self.0.header(name, value))
    }

    /// The status code.
    pub fn status_code(&self) -> StatusCode {
        self.0.status_code()
    }

    /// True when a content type was set.
    pub fn has_media_type(&self) -> bool {
        self.0.headers().get(CONTENT_TYPE).is_some_and(|v: &HeaderValue| !v.is_empty())
    }
}

impl IntoResponse for StreamingResponse {
    fn into_response(self) -> HttpResponse {
        self.0.into_http()
    }
}

impl From<StreamingResponse> for Response {
    fn from(r: StreamingResponse) -> Response {
        r.0
    }
}

/// A stream of byte chunks sent as they come, in the route's response class: FastAPI's
/// path operation that `yield`s `str` or `bytes` with `response_class=StreamingResponse`
/// (or a subclass with a media type).
///
/// With the default class there is no content type and OpenAPI documents no content, as
/// for FastAPI's `StreamingResponse`; with `response_class = PNG` (a [`CustomClass`]
/// whose media type is `image/png`) the content type is the class's and OpenAPI documents
/// it with a string schema. The route's status code and an injected `&mut Response`'s
/// headers apply. The stream is dropped when the client goes away.
///
/// [`CustomClass`]: crate::response::CustomClass
///
/// ```
/// use brisk::prelude::*;
/// use brisk::response::ByteStream;
/// use futures_util::stream::{self, Stream};
///
/// #[get("/story")]
/// async fn story() -> ByteStream<impl Stream<Item = &'static str>> {
///     ByteStream::new(stream::iter(["Once ", "upon ", "a time."]))
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![story]));
/// let res = client.get("/story").send().await;
/// assert!(res.headers().get("content-type").is_none());
/// assert_eq!(res.text(), "Once upon a time.");
/// # }
/// ```
#[derive(Debug)]
pub struct ByteStream<S>(S);

impl<S> ByteStream<S>
where
    S: Stream + Send + 'static,
    S::Item: Into<Bytes>,
{
    /// The chunks of `chunks`.
    pub fn new(chunks: S) -> Self {
        ByteStream(chunks)
    }

    fn body(self) -> Body {
        let frames = self.0.map(|c| Ok::<_, BoxError>(Frame::data(c.into())));
        Body::from_stream(http_body_util::StreamBody::new(frames))
    }
}

impl<S> IntoResponse for ByteStream<S>
where
    S: Stream + Send + 'static,
    S::Item: Into<Bytes>,
{
    fn into_response(self) -> HttpResponse {
        RouteRender::standalone().render_stream(self.body(), &[])
    }

    fn into_route_response(self, route: &RouteRender<'_>) -> HttpResponse {
        let mut res = route.render_stream(self.body(), &[]);
        if route.defaults.class != ResponseClass::Json {
            res.headers_mut().insert(CONTENT_TYPE, route.defaults.class.content_type());
        }
        res
    }

    fn response_content(_: &mut SchemaGenerator) -> Option<ResponseContent> {
        Some(ResponseContent::Bytes)
    }
}
