//! Serving an app over HTTP/1.1 and HTTP/2 with hyper: the app's lifespan around the
//! accept loop, connection timeouts (first request, keep-alive, HTTP/2 idle and pings,
//! body reads), HTTP strictness, graceful shutdown within a grace period, and uvicorn's
//! access log — all set by a [`ServerConfig`].
//!
//! ```no_run
//! use brisk::prelude::*;
//! use brisk::server::{ServerConfig, serve_with};
//!
//! #[get("/")]
//! async fn root() -> &'static str {
//!     "Hello World"
//! }
//!
//! #[tokio::main]
//! async fn main() -> std::io::Result<()> {
//!     // HOST, PORT, LOG_LEVEL... from the environment, then changed in code.
//!     let config = ServerConfig { port: 8080, ..ServerConfig::from_env()? };
//!     serve_with(App::new().routes(routes![root]), config).await
//! }
//! ```

mod accept;
mod access_log;
mod activity;
mod bell;
mod config;
mod connection;
mod io;
mod per_core;
mod service;
mod shutdown;

use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

pub use access_log::{UvicornFormat, install_subscriber};
pub use config::{ConfigError, ServerConfig, Threading};
pub use shutdown::shutdown_signal;

use crate::app::{App, AppService};

/// Serves `app` as [`ServerConfig::from_env`] says — at `$HOST:$PORT` (default
/// `127.0.0.1:8000`), under `$ROOT_PATH` when set (uvicorn's `--root-path`) — until
/// SIGINT or SIGTERM.
///
/// Runs the app's startup before accepting and its shutdown after draining; logs one
/// start-up line with the docs URL and, by default, one line per request. In-flight
/// requests and background tasks get the grace period to finish before it returns. A
/// failed startup, or a malformed environment variable, is its error.
///
/// ```no_run
/// use brisk::prelude::*;
///
/// #[get("/")]
/// async fn root() -> &'static str {
///     "Hello World"
/// }
///
/// #[tokio::main]
/// async fn main() -> std::io::Result<()> {
///     brisk::serve(App::new().routes(routes![root])).await
/// }
/// ```
///
/// Guide: `guide/src/deploying.md`.
pub async fn serve(app: App) -> std::io::Result<()> {
    serve_with(app, ServerConfig::from_env()?).await
}

/// [`serve`] with a configuration: binds `config.host:config.port`, installs the log
/// subscriber, serves until SIGINT or SIGTERM.
///
/// ```no_run
/// use brisk::App;
/// use brisk::server::{ServerConfig, serve_with};
///
/// #[tokio::main]
/// async fn main() -> std::io::Result<()> {
///     let config = ServerConfig { host: "0.0.0.0".into(), port: 80, ..ServerConfig::from_env()? };
///     serve_with(App::new(), config).await
/// }
/// ```
pub async fn serve_with(app: App, config: ServerConfig) -> std::io::Result<()> {
    config.validate()?;
    install_subscriber(&config.log_level);
    let listener = TcpListener::bind(config.addr()).await?;
    serve_listener_with(app, listener, shutdown_signal(), config).await
}

/// Builds a multi-threaded runtime ([`ServerConfig::workers`] threads) and serves `app`
/// on it as [`ServerConfig::from_env`] says, blocking until shut down: a `main` without
/// `#[tokio::main]`.
///
/// ```no_run
/// use brisk::prelude::*;
///
/// #[get("/")]
/// async fn hello() -> &'static str {
///     "hello"
/// }
///
/// fn main() -> std::io::Result<()> {
///     brisk::run(App::new().routes(routes![hello]))
/// }
/// ```
pub fn run(app: App) -> std::io::Result<()> {
    ServerConfig::from_env()?.run(app)
}

impl ServerConfig {
    /// Builds the runtime — one multi-threaded runtime with [`workers`](Self::workers)
    /// threads (one per core by default; tokio's single-threaded one for one worker), or
    /// with [`Threading::PerCore`] one single-threaded runtime per worker — and serves
    /// `app` with this configuration, blocking until SIGINT or SIGTERM.
    pub fn run(self, app: App) -> std::io::Result<()> {
        self.run_until(app, shutdown_signal())
    }

    /// [`run`](Self::run) until `shutdown` completes instead of a signal.
    pub fn run_until(
        self,
        app: App,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        self.validate()?;
        if self.threading == Threading::PerCore {
            return per_core::run(self, app, shutdown);
        }
        // One worker: the calling thread runs everything, nothing to steal. Unset, it is
        // tokio's default: `TOKIO_WORKER_THREADS`, or one per core.
        let workers = self.workers.or_else(|| {
            let from_env = std::env::var("TOKIO_WORKER_THREADS").ok().and_then(|v| v.trim().parse().ok());
            from_env.or_else(|| std::thread::available_parallelism().ok().map(usize::from))
        });
        let mut runtime = if workers == Some(1) {
            tokio::runtime::Builder::new_current_thread()
        } else {
            let mut runtime = tokio::runtime::Builder::new_multi_thread();
            if let Some(workers) = self.workers {
                runtime.worker_threads(workers);
            }
            runtime
        };
        runtime.enable_all().build()?.block_on(async move {
            install_subscriber(&self.log_level);
            let listener = TcpListener::bind(self.addr()).await?;
            serve_listener_with(app, listener, shutdown, self).await
        })
    }
}

/// Serves `app` on a bound listener until `shutdown` completes, with the default
/// configuration.
///
/// ```
/// use brisk::prelude::*;
/// use tokio::io::{AsyncReadExt, AsyncWriteExt};
///
/// #[get("/ping")]
/// async fn ping() -> &'static str {
///     "pong"
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> std::io::Result<()> {
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
/// let addr = listener.local_addr()?;
/// let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
/// let server = tokio::spawn(brisk::server::serve_listener(App::new().routes(routes![ping]), listener, async {
///     let _ = stopped.await;
/// }));
///
/// let mut conn = tokio::net::TcpStream::connect(addr).await?;
/// conn.write_all(b"GET /ping HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").await?;
/// let mut reply = String::new();
/// conn.read_to_string(&mut reply).await?;
/// assert!(reply.starts_with("HTTP/1.1 200 OK") && reply.ends_with("\"pong\""), "{reply}");
///
/// let _ = stop.send(());
/// server.await.expect("the server task")?;
/// # Ok(()) }
/// ```
pub async fn serve_listener(
    app: App,
    listener: TcpListener,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    serve_listener_with(app, listener, shutdown, ServerConfig::default()).await
}

/// [`serve_listener`] with a configuration (its host and port are not used, and it
/// installs no log subscriber: the caller's is used).
///
/// When `shutdown` completes: no new connection is accepted, idle connections close at
/// once (HTTP/2 ones are sent GOAWAY), and in-flight requests, streams and background
/// tasks get [`ServerConfig::shutdown_grace`] to finish; what is still running then is
/// cut off and logged, and the app's shutdown runs. It returns `Ok` either way.
///
/// ```no_run
/// use std::time::Duration;
/// use brisk::App;
/// use brisk::server::{ServerConfig, serve_listener_with, shutdown_signal};
///
/// #[tokio::main]
/// async fn main() -> std::io::Result<()> {
///     let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
///     let config = ServerConfig { shutdown_grace: Duration::from_secs(10), ..ServerConfig::from_env()? };
///     serve_listener_with(App::new(), listener, shutdown_signal(), config).await
/// }
/// ```
pub async fn serve_listener_with(
    app: App,
    listener: TcpListener,
    shutdown: impl std::future::Future<Output = ()>,
    config: ServerConfig,
) -> std::io::Result<()> {
    config.validate()?;
    let service = start(app, &config).await?;
    let addr = listener.local_addr()?;
    announce(&service, addr);
    serve_started(&service, listener, shutdown, &config).await;
    service.shutdown().await;
    Ok(())
}

/// The app made a service, with the server's root path and trusted proxies, its
/// startup run.
async fn start(app: App, config: &ServerConfig) -> std::io::Result<AppService> {
    let app = match &config.root_path {
        Some(root) => app.root_path(root),
        None => app,
    };
    let app = app.server_forwarded_allow_ips(&config.forwarded_allow_ips).server_limits(&config.limits);
    let service = app.into_service().map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    service.startup().await.map_err(std::io::Error::other)?;
    Ok(service)
}

/// The start-up line, with the docs URL.
fn announce(service: &AppService, addr: std::net::SocketAddr) {
    match service.docs_url() {
        Some(docs) => eprintln!("brisk: serving on http://{addr} (docs at http://{addr}{docs})"),
        None => eprintln!("brisk: serving on http://{addr}"),
    }
}

/// Accepts on `listener` until `shutdown`, then drains (on the current runtime): what
/// was cut off.
async fn serve_started(
    service: &AppService,
    listener: TcpListener,
    shutdown: impl std::future::Future<Output = ()>,
    config: &ServerConfig,
) -> shutdown::CutOff {
    // Decided once: with the log off (or filtered out), requests pay nothing for it.
    let access_log = config.access_log && tracing::enabled!(target: "brisk::access", tracing::Level::INFO);
    let (draining, draining_rx) = watch::channel(false);
    let serving = accept::Serving {
        app: service.clone(),
        protocols: Arc::new(connection::Protocols::of(config)),
        rules: Arc::new(service::RequestRules::of(config, access_log)),
        timeouts: activity::ConnTimeouts::of(config),
        load: Arc::default(),
        draining: draining_rx,
    };
    let mut connections = JoinSet::new();
    accept::accept(&listener, shutdown, &serving, &mut connections).await;
    drop(listener);
    shutdown::drain(connections, &draining, config.shutdown_grace, service, &serving.load).await
}
