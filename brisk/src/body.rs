//! The HTTP body type brisk sends and receives.
//!
//! One concrete type for every body keeps the hot path free of boxing: a complete body
//! (`Full`) is the common case, a connection's incoming stream is passed through, and
//! only streaming responses are boxed.
//!
//! ```
//! use brisk::Body;
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let bytes = Body::full("hello").collect_limited(1024).await.expect("under the limit");
//! assert_eq!(&bytes[..], b"hello");
//! # }
//! ```

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Frame, SizeHint};
use http_body_util::BodyExt;
use http_body_util::combinators::UnsyncBoxBody;

#[doc(hidden)]
pub mod deadline;

use deadline::{ReadDeadlines, TimedIncoming, TimeoutFlag};

/// The error type of streaming bodies.
///
/// ```
/// use brisk::body::{Body, BoxError};
/// use bytes::Bytes;
/// use futures_util::stream;
/// use http_body::Frame;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let chunks = stream::iter([Ok::<_, BoxError>(Frame::data(Bytes::from("a"))), Err("connection lost".into())]);
/// let body = Body::from_stream(http_body_util::StreamBody::new(chunks));
/// assert!(body.collect_limited(1024).await.is_err());
/// # }
/// ```
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A request or response body.
///
/// ```
/// use brisk::Body;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let body = Body::full("hello");
/// assert_eq!(body.as_bytes(), Some(&b"hello"[..]));
/// let bytes = body.collect_limited(1024).await.expect("under the limit");
/// assert_eq!(&bytes[..], b"hello");
/// assert!(Body::full("too long").collect_limited(3).await.is_err());
/// assert_eq!(Body::empty().as_bytes(), Some(&b""[..]));
/// # }
/// ```
#[derive(Debug, Default)]
pub struct Body(Inner);

#[derive(Default)]
enum Inner {
    #[default]
    Empty,
    Full(Bytes),
    Incoming(hyper::body::Incoming),
    Timed(Box<TimedIncoming>),
    Stream(UnsyncBoxBody<Bytes, BoxError>),
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Inner::Empty => f.write_str("Empty"),
            Inner::Full(b) => write!(f, "Full({} bytes)", b.len()),
            Inner::Incoming(_) => f.write_str("Incoming"),
            Inner::Timed(t) => t.fmt(f),
            Inner::Stream(_) => f.write_str("Stream"),
        }
    }
}

impl Body {
    /// An empty body.
    pub const fn empty() -> Self {
        Body(Inner::Empty)
    }

    /// A complete body held in memory.
    pub fn full(bytes: impl Into<Bytes>) -> Self {
        Body(Inner::Full(bytes.into()))
    }

    /// A body produced by any `http_body::Body`, e.g. a stream of chunks.
    pub fn from_stream<B>(body: B) -> Self
    where
        B: http_body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<BoxError>,
    {
        Body(Inner::Stream(body.map_err(Into::into).boxed_unsync()))
    }

    /// A connection's incoming body, read under `deadlines`: a stalled or too slow
    /// read fails with [`deadline::BodyTimeout`] and sets `flag`.
    pub(crate) fn incoming_with_deadlines(
        incoming: hyper::body::Incoming,
        deadlines: ReadDeadlines,
        flag: TimeoutFlag,
    ) -> Self {
        Body(Inner::Timed(Box::new(TimedIncoming::new(incoming, deadlines, flag))))
    }

    /// The bytes of a complete body, without polling (None for streams).
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.0 {
            Inner::Empty => Some(&[]),
            Inner::Full(b) => Some(b),
            _ => None,
        }
    }

    /// Reads the whole body, failing with [`BodyError::TooLarge`] past `limit` bytes —
    /// at once, before reading anything, when its declared length (`Content-Length`) is
    /// over the limit, so that a client waiting for `100 Continue` is not invited to send.
    pub async fn collect_limited(self, limit: usize) -> Result<Bytes, BodyError> {
        if http_body::Body::size_hint(&self).lower() > limit as u64 {
            return Err(BodyError::TooLarge);
        }
        match self.0 {
            Inner::Empty => Ok(Bytes::new()),
            Inner::Full(b) if b.len() <= limit => Ok(b),
            Inner::Full(_) => Err(BodyError::TooLarge),
            other => {
                let limited = http_body_util::Limited::new(Body(other), limit);
                match limited.collect().await {
                    Ok(c) => Ok(c.to_bytes()),
                    Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(BodyError::TooLarge),
                    Err(e) => Err(BodyError::Read(e)),
                }
            }
        }
    }
}

/// Why a request body could not be read.
///
/// ```
/// use brisk::body::{Body, BodyError};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let err = Body::full("0123456789").collect_limited(4).await.unwrap_err();
/// assert!(matches!(err, BodyError::TooLarge));
/// assert_eq!(err.to_string(), "request body too large");
/// # }
/// ```
#[derive(Debug)]
pub enum BodyError {
    /// The body is larger than the configured limit (answered with 413).
    TooLarge,
    /// The connection failed while reading.
    Read(BoxError),
}

impl std::fmt::Display for BodyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BodyError::TooLarge => f.write_str("request body too large"),
            BodyError::Read(e) => write!(f, "failed to read request body: {e}"),
        }
    }
}

impl std::error::Error for BodyError {}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = BoxError;

    #[inline]
    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match &mut self.0 {
            Inner::Empty => Poll::Ready(None),
            Inner::Full(b) => {
                if b.is_empty() {
                    self.0 = Inner::Empty;
                    return Poll::Ready(None);
                }
                let data = std::mem::take(b);
                self.0 = Inner::Empty;
                Poll::Ready(Some(Ok(Frame::data(data))))
            }
            Inner::Incoming(inc) => Pin::new(inc).poll_frame(cx).map_err(Into::into),
            Inner::Timed(t) => t.poll_frame(cx),
            Inner::Stream(s) => Pin::new(s).poll_frame(cx),
        }
    }

    #[inline]
    fn is_end_stream(&self) -> bool {
        match &self.0 {
            Inner::Empty => true,
            Inner::Full(b) => b.is_empty(),
            Inner::Incoming(i) => i.is_end_stream(),
            Inner::Timed(t) => t.is_end_stream(),
            Inner::Stream(s) => s.is_end_stream(),
        }
    }

    #[inline]
    fn size_hint(&self) -> SizeHint {
        match &self.0 {
            Inner::Empty => SizeHint::with_exact(0),
            Inner::Full(b) => SizeHint::with_exact(b.len() as u64),
            Inner::Incoming(i) => i.size_hint(),
            Inner::Timed(t) => t.size_hint(),
            Inner::Stream(s) => s.size_hint(),
        }
    }
}

impl From<hyper::body::Incoming> for Body {
    fn from(i: hyper::body::Incoming) -> Self {
        Body(Inner::Incoming(i))
    }
}

impl From<Bytes> for Body {
    fn from(b: Bytes) -> Self {
        Body(Inner::Full(b))
    }
}

impl From<Vec<u8>> for Body {
    fn from(b: Vec<u8>) -> Self {
        Body(Inner::Full(b.into()))
    }
}

impl From<String> for Body {
    fn from(s: String) -> Self {
        Body(Inner::Full(s.into()))
    }
}

impl From<&'static str> for Body {
    fn from(s: &'static str) -> Self {
        Body(Inner::Full(Bytes::from_static(s.as_bytes())))
    }
}

impl From<&'static [u8]> for Body {
    fn from(s: &'static [u8]) -> Self {
        Body(Inner::Full(Bytes::from_static(s)))
    }
}

impl From<()> for Body {
    fn from(_: ()) -> Self {
        Body(Inner::Empty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn full_body_collects_and_respects_limit() {
        assert_eq!(Body::from("hello").collect_limited(5).await.unwrap(), "hello");
        assert!(matches!(Body::from("hello!").collect_limited(5).await, Err(BodyError::TooLarge)));
        assert_eq!(Body::empty().collect_limited(0).await.unwrap(), "");
    }

    #[tokio::test]
    async fn stream_body_is_limited() {
        let stream = http_body_util::Full::new(Bytes::from_static(b"0123456789"));
        let b = Body::from_stream(stream);
        assert!(matches!(b.collect_limited(4).await, Err(BodyError::TooLarge)));
        let b = Body::from_stream(http_body_util::Full::new(Bytes::from_static(b"0123")));
        assert_eq!(b.collect_limited(4).await.unwrap(), "0123");
    }

    /// A body that declares its length and fails the test if it is read.
    struct Declared(u64);

    impl http_body::Body for Declared {
        type Data = Bytes;
        type Error = BoxError;
        fn poll_frame(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
            Poll::Ready(Some(Err("read although its declared length is over the limit".into())))
        }
        fn size_hint(&self) -> SizeHint {
            SizeHint::with_exact(self.0)
        }
    }

    #[tokio::test]
    async fn a_declared_length_over_the_limit_is_refused_unread() {
        assert!(matches!(Body::from_stream(Declared(5)).collect_limited(4).await, Err(BodyError::TooLarge)));
        // Within the limit, the body is read (and here fails).
        assert!(matches!(Body::from_stream(Declared(4)).collect_limited(4).await, Err(BodyError::Read(_))));
    }
}
