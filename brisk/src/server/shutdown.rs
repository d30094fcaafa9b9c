//! Shutting down: the signals that start it, and the drain — connections closed as soon
//! as they are idle, in-flight requests, streams and background tasks given the grace
//! period, then whatever is left cut off and reported.

use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinSet;

use super::activity::ServerLoad;
use crate::app::AppService;

/// What a drain cut off when its grace period ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct CutOff {
    pub(super) connections: usize,
    pub(super) requests: usize,
    pub(super) background_tasks: usize,
}

/// Tells every connection to close when idle, waits up to `grace` for the connections
/// and the app's background tasks, then aborts the connections left and reports them.
pub(super) async fn drain(
    mut connections: JoinSet<()>,
    draining: &watch::Sender<bool>,
    grace: Duration,
    app: &AppService,
    load: &ServerLoad,
) -> CutOff {
    let _ = draining.send(true);
    let deadline = tokio::time::Instant::now() + grace;
    let closed =
        tokio::time::timeout_at(deadline, async { while connections.join_next().await.is_some() {} }).await.is_ok();
    let tasks_done = tokio::time::timeout_at(deadline, app.wait_background_tasks()).await.is_ok();
    let mut cut = CutOff::default();
    if !closed {
        cut.connections = connections.len();
        cut.requests = load.in_flight();
        connections.shutdown().await;
    }
    if !tasks_done {
        cut.background_tasks = app.background_tasks().running();
    }
    if cut != CutOff::default() {
        eprintln!(
            "brisk: shutdown grace period ({grace:?}) over: cut off {} connection(s) with {} request(s) in flight, \
             {} background task(s) still running",
            cut.connections, cut.requests, cut.background_tasks
        );
    }
    cut
}

/// Completes on SIGINT (Ctrl-C) or, on Unix, SIGTERM.
///
/// ```no_run
/// use brisk::App;
/// use brisk::server::{serve_listener, shutdown_signal};
///
/// #[tokio::main]
/// async fn main() -> std::io::Result<()> {
///     let listener = tokio::net::TcpListener::bind("127.0.0.1:8000").await?;
///     serve_listener(App::new(), listener, shutdown_signal()).await
/// }
/// ```
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
