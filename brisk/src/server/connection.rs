//! One connection served: hyper's HTTP/1.1-or-HTTP/2 connection over the watched socket,
//! beside a watchdog that closes it when one of its timeouts passes, and that closes it
//! as soon as it is idle once the server drains (GOAWAY first for HTTP/2).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::time::Instant;

use super::activity::{Activity, ConnTimeouts, Verdict};
use super::config::{HYPER_MAX_BUF_SIZE, HYPER_MAX_HEADERS, MIN_MAX_HEADER_SIZE, ServerConfig};
use super::io::WatchedIo;
use super::service::Tracked;

/// How long an idle HTTP/2 connection that was sent GOAWAY may take to close itself
/// before it is dropped.
const GOAWAY_LINGER: Duration = Duration::from_secs(1);

/// hyper's connection builder, configured once: header limits and timeouts, HTTP/2 pings.
pub(super) fn builder(config: &ServerConfig) -> Builder<TokioExecutor> {
    let mut builder = Builder::new(TokioExecutor::new());
    let mut http1 = builder.http1();
    http1.timer(TokioTimer::new()).header_read_timeout(config.header_timeout);
    // hyper's defaults are left alone when kept: a custom header count moves the parsed
    // headers to the heap.
    if config.max_headers != HYPER_MAX_HEADERS {
        http1.max_headers(config.max_headers);
    }
    // The read buffer bounds the request head: past it, hyper answers 431.
    if config.max_header_size != HYPER_MAX_BUF_SIZE {
        http1.max_buf_size(config.max_header_size.max(MIN_MAX_HEADER_SIZE));
    }
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(config.http2_keep_alive_interval)
        .keep_alive_timeout(config.http2_keep_alive_timeout)
        .max_header_list_size(config.http2_max_header_list_size);
    builder
}

/// Serves one accepted connection until it ends, times out, or the server drains.
pub(super) async fn serve<S, F>(
    builder: Arc<Builder<TokioExecutor>>,
    stream: TcpStream,
    activity: Arc<Activity>,
    service: S,
    timeouts: ConnTimeouts,
    mut draining: watch::Receiver<bool>,
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
    let mut conn = std::pin::pin!(builder.serve_connection_with_upgrades(io, service));
    let check = tokio::time::sleep_until(Instant::now());
    let mut check = std::pin::pin!(check);
    let mut drained = false;
    // Set once the connection was asked to close: past it, it is dropped.
    let mut closing_by: Option<Instant> = None;
    loop {
        tokio::select! {
            _ = conn.as_mut() => return,
            _ = draining.wait_for(|d| *d), if !drained => {
                drained = true;
                conn.as_mut().graceful_shutdown();
                check.as_mut().reset(Instant::now());
            }
            () = check.as_mut() => {
                let now = Instant::now();
                if closing_by.is_some_and(|by| now >= by) {
                    return;
                }
                let idle = activity.in_flight() == 0;
                let verdict = if drained && idle { None } else { Some(activity.verdict(now, &timeouts)) };
                match verdict {
                    Some(Verdict::WaitUntil(at)) => check.as_mut().reset(closing_by.map_or(at, |by| at.min(by))),
                    // Timed out, or idle while draining: HTTP/1 (or a connection that
                    // has not said which) is closed at once, HTTP/2 is sent GOAWAY.
                    Some(Verdict::Expired(_)) | None => {
                        if !activity.is_http2() {
                            return;
                        }
                        if closing_by.is_none() {
                            conn.as_mut().graceful_shutdown();
                            closing_by = Some(now + GOAWAY_LINGER);
                        }
                        check.as_mut().reset(closing_by.unwrap_or(now));
                    }
                }
            }
        }
    }
}
