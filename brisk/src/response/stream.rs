//! `StreamingResponse`: a body sent as it is produced (Starlette's `StreamingResponse`).

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use http::header::CONTENT_TYPE;
use http::{HeaderValue, StatusCode};
use http_body::Frame;

use super::{HttpResponse, IntoResponse, Response};
use crate::body::{Body, BoxError};

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
