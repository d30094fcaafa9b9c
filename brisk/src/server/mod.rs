//! Serving an app over HTTP/1.1 and HTTP/2 with hyper: the app's lifespan around the
//! accept loop, graceful shutdown that waits for in-flight requests and background
//! tasks, and uvicorn's access log.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

use futures_util::FutureExt;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

use crate::app::{App, AppService};
use crate::body::Body;

/// How long in-flight requests may take to finish after a shutdown signal.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);
/// How long a client may take to send a request's headers.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// How `serve` runs an app (uvicorn's options that brisk has).
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// One line per request in uvicorn's format (`INFO:     127.0.0.1:51234 - "GET /items/
    /// HTTP/1.1" 200 OK`), through `tracing` (target `brisk::access`). On by default.
    pub access_log: bool,
    /// The level of the subscriber `serve` installs when the app installed none, unless
    /// `RUST_LOG` says otherwise: `info` by default (`warning`, `error`, `off`, ...).
    pub log_level: String,
    /// The path prefix a proxy serves the app under (uvicorn's `--root-path`; `serve`
    /// reads `ROOT_PATH`); it replaces the app's [`App::root_path`].
    pub root_path: Option<String>,
    /// The peers whose `X-Forwarded-*` headers are believed (uvicorn's
    /// `--forwarded-allow-ips`, default `127.0.0.1`; `serve` reads `FORWARDED_ALLOW_IPS`),
    /// unless the app set its own ([`App::forwarded_allow_ips`]).
    pub forwarded_allow_ips: String,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            access_log: true,
            log_level: "info".into(),
            root_path: None,
            forwarded_allow_ips: "127.0.0.1".into(),
        }
    }
}

impl ServeOptions {
    /// Turns the access log on or off (uvicorn's `--no-access-log`).
    pub fn access_log(mut self, on: bool) -> Self {
        self.access_log = on;
        self
    }

    /// Serves the app under a proxy's path prefix (uvicorn's `--root-path`).
    pub fn root_path(mut self, root_path: &str) -> Self {
        self.root_path = Some(root_path.to_owned());
        self
    }

    /// Sets the log level (uvicorn's `--log-level`).
    pub fn log_level(mut self, level: &str) -> Self {
        self.log_level = level.to_owned();
        self
    }
}

/// Serves `app` at `$HOST:$PORT` (default `127.0.0.1:8000`), under `$ROOT_PATH` when set
/// (uvicorn's `--root-path`), until SIGINT or SIGTERM.
///
/// Runs the app's startup before accepting and its shutdown after draining; logs one
/// start-up line with the docs URL and, by default, one line per request. In-flight
/// requests and background tasks finish before it returns. A failed startup is its
/// error.
pub async fn serve(app: App) -> std::io::Result<()> {
    let mut options = ServeOptions {
        root_path: std::env::var("ROOT_PATH").ok().filter(|r| !r.is_empty()),
        ..ServeOptions::default()
    };
    if let Ok(ips) = std::env::var("FORWARDED_ALLOW_IPS") {
        options.forwarded_allow_ips = ips;
    }
    serve_with(app, options).await
}

/// [`serve`] with options.
pub async fn serve_with(app: App, options: ServeOptions) -> std::io::Result<()> {
    install_subscriber(&options.log_level);
    let host = std::env::var("HOST").unwrap_or_else(|_| "127.0.0.1".into());
    let port = std::env::var("PORT").unwrap_or_else(|_| "8000".into());
    let listener = TcpListener::bind(format!("{host}:{port}")).await?;
    serve_listener_with(app, listener, shutdown_signal(), options).await
}

/// Serves `app` on a bound listener until `shutdown` completes.
pub async fn serve_listener(
    app: App,
    listener: TcpListener,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    serve_listener_with(app, listener, shutdown, ServeOptions::default()).await
}

/// [`serve_listener`] with options (it installs no log subscriber: the caller's is used).
pub async fn serve_listener_with(
    app: App,
    listener: TcpListener,
    shutdown: impl std::future::Future<Output = ()>,
    options: ServeOptions,
) -> std::io::Result<()> {
    let app = match &options.root_path {
        Some(root) => app.root_path(root),
        None => app,
    };
    let app = app.server_forwarded_allow_ips(&options.forwarded_allow_ips);
    let service = app.into_service().map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    service.startup().await.map_err(std::io::Error::other)?;
    // Decided once: with the log off (or filtered out), requests pay nothing for it.
    let access_log = options.access_log && tracing::enabled!(target: "brisk::access", tracing::Level::INFO);
    let addr = listener.local_addr()?;
    match service.docs_url() {
        Some(docs) => eprintln!("brisk: serving on http://{addr} (docs at http://{addr}{docs})"),
        None => eprintln!("brisk: serving on http://{addr}"),
    }
    let graceful = GracefulShutdown::new();
    // One accept loop per kind of connection service, so that without the access log
    // requests run exactly the plain service.
    if access_log {
        accept(&listener, shutdown, &graceful, |peer| logged_service(service.clone(), peer)).await;
    } else {
        accept(&listener, shutdown, &graceful, |peer| connection_service(service.clone(), peer)).await;
    }
    drop(listener);
    let deadline = tokio::time::Instant::now() + SHUTDOWN_GRACE;
    if tokio::time::timeout_at(deadline, graceful.shutdown()).await.is_err() {
        eprintln!("brisk: some connections did not finish within {SHUTDOWN_GRACE:?}");
    }
    if tokio::time::timeout_at(deadline, service.wait_background_tasks()).await.is_err() {
        eprintln!("brisk: some background tasks did not finish within {SHUTDOWN_GRACE:?}");
    }
    service.shutdown().await;
    Ok(())
}

/// Accepts connections until `shutdown`, serving each with the service `make` gives.
async fn accept<S, F>(
    listener: &TcpListener,
    shutdown: impl std::future::Future<Output = ()>,
    graceful: &GracefulShutdown,
    make: impl Fn(SocketAddr) -> S,
) where
    S: hyper::service::Service<
            http::Request<Incoming>,
            Response = http::Response<Body>,
            Error = Infallible,
            Future = F,
        > + Clone
        + Send
        + 'static,
    F: std::future::Future<Output = Result<http::Response<Body>, Infallible>> + Send + 'static,
{
    let mut builder = Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(x) => x,
                    Err(e) => {
                        // Out of file descriptors and the like: back off, keep serving.
                        tracing::warn!("accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let conn = builder.serve_connection_with_upgrades(TokioIo::new(stream), make(peer));
                let conn = graceful.watch(conn.into_owned());
                tokio::spawn(async move {
                    let _ = conn.await;
                });
            }
            _ = &mut shutdown => break,
        }
    }
}

fn connection_service(
    service: AppService,
    peer: SocketAddr,
) -> impl hyper::service::Service<
    http::Request<Incoming>,
    Response = http::Response<Body>,
    Error = Infallible,
    Future = impl std::future::Future<Output = Result<http::Response<Body>, Infallible>> + Send + 'static,
> + Clone
+ Send
+ 'static {
    hyper::service::service_fn(move |req: http::Request<Incoming>| {
        service.call_from(req.map(Body::from), peer).map(Ok::<_, Infallible>)
    })
}

/// [`connection_service`] with uvicorn's access log line for each request.
fn logged_service(
    service: AppService,
    peer: SocketAddr,
) -> impl hyper::service::Service<
    http::Request<Incoming>,
    Response = http::Response<Body>,
    Error = Infallible,
    Future = impl std::future::Future<Output = Result<http::Response<Body>, Infallible>> + Send + 'static,
> + Clone
+ Send
+ 'static {
    hyper::service::service_fn(move |req: http::Request<Incoming>| {
        let line = AccessLine::of(&req, peer);
        service.call_from(req.map(Body::from), peer).map(move |res| {
            line.log(res.status());
            Ok::<_, Infallible>(res)
        })
    })
}

/// What uvicorn's access log says of a request, kept until its response.
struct AccessLine {
    peer: SocketAddr,
    method: http::Method,
    target: String,
    version: http::Version,
}

impl AccessLine {
    fn of<B>(req: &http::Request<B>, peer: SocketAddr) -> Self {
        let target = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/").to_owned();
        AccessLine { peer, method: req.method().clone(), target, version: req.version() }
    }

    fn log(self, status: http::StatusCode) {
        let AccessLine { peer, method, target, version } = self;
        let reason = status.canonical_reason().unwrap_or("");
        tracing::info!(target: "brisk::access", "{peer} - \"{method} {target} {version:?}\" {} {reason}", status.as_u16());
    }
}

/// Installs a `tracing` subscriber writing uvicorn-style lines (`INFO:     ...`) to
/// stderr, filtered by `RUST_LOG` or else `level` — unless the app installed its own.
pub fn install_subscriber(level: &str) {
    use tracing_subscriber::layer::SubscriberExt;
    if tracing::dispatcher::has_been_set() {
        return;
    }
    let level = if level.eq_ignore_ascii_case("warning") { "warn" } else { level };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .or_else(|_| tracing_subscriber::EnvFilter::try_new(level))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let fmt = tracing_subscriber::fmt::layer().with_writer(std::io::stderr).event_format(UvicornFormat);
    let _ = tracing::subscriber::set_global_default(tracing_subscriber::registry().with(filter).with(fmt));
}

/// uvicorn's log line: the level and a colon padded to ten columns, then the message
/// (what [`install_subscriber`] writes; usable in a subscriber of your own).
#[derive(Debug, Clone, Copy, Default)]
pub struct UvicornFormat;

impl<S, N> tracing_subscriber::fmt::FormatEvent<S, N> for UvicornFormat
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
    N: for<'a> tracing_subscriber::fmt::FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &tracing_subscriber::fmt::FmtContext<'_, S, N>,
        mut writer: tracing_subscriber::fmt::format::Writer<'_>,
        event: &tracing::Event<'_>,
    ) -> std::fmt::Result {
        let level = match *event.metadata().level() {
            tracing::Level::WARN => "WARNING:",
            tracing::Level::ERROR => "ERROR:",
            tracing::Level::INFO => "INFO:",
            tracing::Level::DEBUG => "DEBUG:",
            tracing::Level::TRACE => "TRACE:",
        };
        write!(writer, "{level:<10}")?;
        ctx.field_format().format_fields(writer.by_ref(), event)?;
        writeln!(writer)
    }
}

/// Completes on SIGINT (Ctrl-C) or, on Unix, SIGTERM.
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
