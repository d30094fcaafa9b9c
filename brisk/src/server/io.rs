//! The connection's socket, watched: every byte read is counted, and the first bytes are
//! compared with the HTTP/2 preface, so that the connection's timeouts know whether the
//! client is talking and which protocol it speaks.

use std::io::IoSlice;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::activity::Activity;

/// What an HTTP/2 client sends first.
const H2_PREFACE: &[u8; 24] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// A socket whose reads are reported to the connection's [`Activity`].
pub(super) struct WatchedIo<T> {
    inner: T,
    activity: Arc<Activity>,
    /// How many bytes of the preface matched so far (`u8::MAX`: not HTTP/2).
    preface: u8,
}

impl<T> WatchedIo<T> {
    pub(super) fn new(inner: T, activity: Arc<Activity>) -> Self {
        WatchedIo { inner, activity, preface: 0 }
    }

    fn saw(&mut self, bytes: &[u8]) {
        self.activity.read(bytes.len());
        let matched = self.preface as usize;
        if matched >= H2_PREFACE.len() {
            return;
        }
        let n = bytes.len().min(H2_PREFACE.len() - matched);
        if bytes[..n] == H2_PREFACE[matched..matched + n] {
            self.preface += n as u8;
            if self.preface as usize == H2_PREFACE.len() {
                self.activity.speaks_http2();
            }
        } else {
            self.preface = u8::MAX;
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for WatchedIo<T> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = polled
            && buf.filled().len() > before
        {
            let this = &mut *self;
            this.saw(&buf.filled()[before..]);
        }
        polled
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for WatchedIo<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fed(chunks: &[&[u8]]) -> Arc<Activity> {
        let activity = Arc::new(Activity::new(Arc::default()));
        let mut io = WatchedIo::new((), activity.clone());
        for c in chunks {
            io.saw(c);
        }
        activity
    }

    #[test]
    fn the_preface_is_recognised_across_reads() {
        let a = fed(&[b"PRI * HTTP/2.0\r\n", b"\r\nSM\r\n\r\n\x00\x00"]);
        assert!(a.is_http2());
        assert_eq!(a.bytes_read(), 26);
        assert!(!fed(&[b"PRI * HTTP/2.0\r\n"]).is_http2());
        assert!(!fed(&[b"GET / HTTP/1.1\r\nhost: x\r\n\r\n"]).is_http2());
        assert!(!fed(&[b"PRI * HTTP/2.0\r\n", b"GET"]).is_http2());
    }
}
