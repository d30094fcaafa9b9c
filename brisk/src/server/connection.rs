//! One connection served: hyper's HTTP/1.1-or-HTTP/2 connection over the watched socket,
//! beside a watchdog that closes it when one of its timeouts passes, and that closes it
//! as soon as it is idle once the server drains (GOAWAY first for HTTP/2).

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
#[cfg(feature = "http2")]
use hyper_util::rt::{TokioExecutor, TokioTimer};
#[cfg(feature = "http2")]
use hyper_util::server::conn::auto::Builder;
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::time::Instant;

use super::activity::{Activity, ConnTimeouts, Verdict};
use super::bell::{self, Bell};
use super::config::{HYPER_MAX_BUF_SIZE, HYPER_MAX_HEADERS, MIN_MAX_HEADER_SIZE, ServerConfig};
use super::io::WatchedIo;
use super::service::Tracked;

/// How long an idle HTTP/2 connection that was sent GOAWAY may take to close itself
/// before it is dropped.
const GOAWAY_LINGER: Duration = Duration::from_secs(1);

/// hyper's connection builders, configured once: header limits and timeouts, HTTP/2
/// pings.
pub(super) enum Protocols {
    /// HTTP/1.1, or HTTP/2 with prior knowledge, told apart by the first bytes.
    #[cfg(feature = "http2")]
    Auto(Builder<TokioExecutor>),
    /// HTTP/1.1 only: served at once, the first bytes not peeked at.
    Http1(hyper::server::conn::http1::Builder),
}

impl Protocols {
    pub(super) fn of(config: &ServerConfig) -> Self {
        // hyper's defaults are left alone when kept: a custom header count moves the
        // parsed headers to the heap. The read buffer bounds the request head: past it,
        // hyper answers 431.
        let max_headers = (config.max_headers != HYPER_MAX_HEADERS).then_some(config.max_headers);
        let max_buf =
            (config.max_header_size != HYPER_MAX_BUF_SIZE).then(|| config.max_header_size.max(MIN_MAX_HEADER_SIZE));
        // The watchdog keeps the header timeout (first request, next request's head):
        // hyper's own would arm a timer per request, and with a timer set it keeps one
        // of 30 s when told nothing, so HTTP/1 gets no timer at all.
        // A response's head and body are written with one `write` from one buffer (the
        // body copied after the head) rather than one `writev` of both: cheaper for the
        // small bodies of an API.
        #[cfg(feature = "http2")]
        if config.http2 {
            return Self::auto(config, max_headers, max_buf);
        }
        let mut http1 = hyper::server::conn::http1::Builder::new();
        http1.header_read_timeout(None).writev(false);
        if let Some(n) = max_headers {
            http1.max_headers(n);
        }
        if let Some(n) = max_buf {
            http1.max_buf_size(n);
        }
        Protocols::Http1(http1)
    }

    /// HTTP/1.1 and HTTP/2, told apart by the first bytes (without the `http2` feature,
    /// `ServerConfig::validate` refuses `http2` on).
    #[cfg(feature = "http2")]
    fn auto(config: &ServerConfig, max_headers: Option<usize>, max_buf: Option<usize>) -> Self {
        let mut builder = Builder::new(TokioExecutor::new());
        let mut http1 = builder.http1();
        http1.header_read_timeout(None).writev(false);
        if let Some(n) = max_headers {
            http1.max_headers(n);
        }
        if let Some(n) = max_buf {
            http1.max_buf_size(n);
        }
        builder
            .http2()
            .timer(TokioTimer::new())
            .keep_alive_interval(config.http2_keep_alive_interval)
            .keep_alive_timeout(config.http2_keep_alive_timeout)
            .max_header_list_size(config.http2_max_header_list_size);
        Protocols::Auto(builder)
    }
}

/// A hyper connection that can be asked to close once idle (HTTP/2: GOAWAY).
trait Closable: Future {
    fn close_when_idle(self: Pin<&mut Self>);
}

#[cfg(feature = "http2")]
impl<I, S, E, B> Closable for hyper_util::server::conn::auto::UpgradeableConnection<'_, I, S, E>
where
    S: hyper::service::Service<http::Request<Incoming>, Response = http::Response<B>>,
    S::Future: 'static,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    B: http_body::Body + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
    E: hyper_util::server::conn::auto::HttpServerConnExec<S::Future, B>,
{
    fn close_when_idle(self: Pin<&mut Self>) {
        self.graceful_shutdown()
    }
}

impl<I, S, B> Closable for hyper::server::conn::http1::UpgradeableConnection<I, S>
where
    S: hyper::service::HttpService<Incoming, ResBody = B>,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
    B: http_body::Body + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    fn close_when_idle(self: Pin<&mut Self>) {
        self.graceful_shutdown()
    }
}

/// Serves one accepted connection until it ends, times out, or the server drains.
pub(super) async fn serve<S, F>(
    protocols: Arc<Protocols>,
    stream: TcpStream,
    activity: Arc<Activity>,
    service: S,
    timeouts: ConnTimeouts,
    draining: watch::Receiver<bool>,
) where
    S: hyper::service::Service<
            http::Request<Incoming>,
            Response = http::Response<Tracked>,
            Error = Infallible,
            Future = F,
        > + Clone
        + Send
        + 'static,
    F: std::future::Future<Output = Result<http::Response<Tracked>, Infallible>> + Send + 'static,
{
    let io = TokioIo::new(WatchedIo::new(stream, activity.clone()));
    match &*protocols {
        #[cfg(feature = "http2")]
        Protocols::Auto(builder) => {
            watch_over(builder.serve_connection_with_upgrades(io, service), &activity, timeouts, draining).await
        }
        Protocols::Http1(builder) => {
            watch_over(builder.serve_connection(io, service).with_upgrades(), &activity, timeouts, draining).await
        }
    }
}

/// Drives `conn` beside its watchdog: closes it when a timeout passes, or once idle
/// when the server drains.
async fn watch_over(
    conn: impl Closable,
    activity: &Activity,
    timeouts: ConnTimeouts,
    mut draining: watch::Receiver<bool>,
) {
    let mut conn = std::pin::pin!(conn);
    let check = tokio::time::sleep_until(Instant::now());
    let mut check = std::pin::pin!(check);
    // Made once: a fresh `wait_for` would register with the channel again each time.
    let drain = draining.wait_for(|d| *d);
    let mut drain = std::pin::pin!(drain);
    // The timer and the drain signal wake the task through the bell: the task wakes once
    // per request for the connection, and only then are they not polled.
    let bell = Bell::new();
    let bell_waker = bell::waker(&bell);
    let mut drained = false;
    // Set once the connection was asked to close: past it, it is dropped.
    let mut closing_by: Option<Instant> = None;
    std::future::poll_fn(|cx| {
        bell.listen(cx);
        if conn.as_mut().poll(cx).is_ready() {
            return Poll::Ready(());
        }
        if !bell.take() {
            return Poll::Pending;
        }
        let mut watched = Context::from_waker(&bell_waker);
        if !drained && drain.as_mut().poll(&mut watched).is_ready() {
            drained = true;
            conn.as_mut().close_when_idle();
            // The connection is polled again, to act on it.
            cx.waker().wake_by_ref();
            check.as_mut().reset(Instant::now());
        }
        while check.as_mut().poll(&mut watched).is_ready() {
            let now = Instant::now();
            if closing_by.is_some_and(|by| now >= by) {
                return Poll::Ready(());
            }
            let idle = activity.in_flight() == 0;
            let verdict = if drained && idle { None } else { Some(activity.verdict(now, &timeouts)) };
            match verdict {
                Some(Verdict::WaitUntil(at)) => check.as_mut().reset(closing_by.map_or(at, |by| at.min(by))),
                // Timed out, or idle while draining: HTTP/1 (or a connection that
                // has not said which) is closed at once, HTTP/2 is sent GOAWAY.
                Some(Verdict::Expired(_)) | None => {
                    if !activity.is_http2() {
                        return Poll::Ready(());
                    }
                    if closing_by.is_none() {
                        conn.as_mut().close_when_idle();
                        cx.waker().wake_by_ref();
                        closing_by = Some(now + GOAWAY_LINGER);
                    }
                    check.as_mut().reset(closing_by.unwrap_or(now));
                }
            }
        }
        Poll::Pending
    })
    .await
}
