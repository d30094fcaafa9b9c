//! uvicorn's logging: one access line per request (target `brisk::access`) and the
//! subscriber `serve` installs, writing `INFO:     ...` lines to stderr.

use std::net::SocketAddr;

/// What uvicorn's access log says of a request, kept until its response.
pub(super) struct AccessLine {
    peer: SocketAddr,
    method: http::Method,
    target: String,
    version: http::Version,
}

impl AccessLine {
    pub(super) fn of<B>(req: &http::Request<B>, peer: SocketAddr) -> Self {
        let target = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/").to_owned();
        AccessLine { peer, method: req.method().clone(), target, version: req.version() }
    }

    pub(super) fn log(self, status: http::StatusCode) {
        let AccessLine { peer, method, target, version } = self;
        let reason = status.canonical_reason().unwrap_or("");
        tracing::info!(target: "brisk::access", "{peer} - \"{method} {target} {version:?}\" {} {reason}", status.as_u16());
    }
}

/// Installs a `tracing` subscriber writing uvicorn-style lines (`INFO:     ...`) to
/// stderr, filtered by `RUST_LOG` or else `level` — unless the app installed its own.
///
/// ```
/// brisk::server::install_subscriber("warning");
/// tracing::warn!("printed as `WARNING:  ...`");
/// ```
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
///
/// ```
/// use tracing_subscriber::layer::SubscriberExt;
///
/// let layer = tracing_subscriber::fmt::layer().event_format(brisk::server::UvicornFormat);
/// let subscriber = tracing_subscriber::registry().with(layer);
/// tracing::subscriber::with_default(subscriber, || tracing::info!("Application startup complete."));
/// ```
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
