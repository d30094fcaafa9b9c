//! uvicorn's logging: one access line per request (target `brisk::access`) and the
//! subscriber `serve` installs, writing `INFO:     ...` lines to stderr.

use std::net::SocketAddr;

use tracing_subscriber::filter::{LevelFilter, Targets};

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
/// The filter is a list of `target=level` directives with a default level (`info`,
/// `warn,my_api=debug`, `brisk::access=off`), as env_logger reads `RUST_LOG`;
/// tracing-subscriber's `EnvFilter` (span and field filters) would bring a regex
/// compiler into every app for a syntax few use. An app that wants it installs its own
/// subscriber first.
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
    let filter = filter(std::env::var("RUST_LOG").ok().as_deref(), level);
    let fmt = tracing_subscriber::fmt::layer().with_writer(std::io::stderr).event_format(UvicornFormat);
    let _ = tracing::subscriber::set_global_default(tracing_subscriber::registry().with(filter).with(fmt));
}

/// The filter `RUST_LOG` gives when set and valid, else `level` (uvicorn's names),
/// else `info`.
fn filter(rust_log: Option<&str>, level: &str) -> Targets {
    let level = if level.eq_ignore_ascii_case("warning") { "warn" } else { level };
    rust_log
        .filter(|v| !v.trim().is_empty())
        .and_then(|v| v.parse().ok())
        .or_else(|| level.parse().ok())
        .unwrap_or_else(|| Targets::new().with_default(LevelFilter::INFO))
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

#[cfg(test)]
mod tests {
    use super::*;
    use tracing::Level;

    fn enabled(f: &Targets, target: &str, level: Level) -> bool {
        f.would_enable(target, &level)
    }

    #[test]
    fn rust_log_wins_over_the_level_and_names_targets() {
        let f = filter(Some("warn,my_api=debug,brisk::access=off"), "info");
        assert!(enabled(&f, "my_api::db", Level::DEBUG));
        assert!(!enabled(&f, "hyper", Level::INFO));
        assert!(enabled(&f, "hyper", Level::WARN));
        assert!(!enabled(&f, "brisk::access", Level::ERROR));
    }

    #[test]
    fn the_level_is_used_when_rust_log_is_unset_empty_or_invalid() {
        for rust_log in [None, Some(""), Some("a=b=c")] {
            let f = filter(rust_log, "warning");
            assert!(enabled(&f, "brisk", Level::WARN), "{rust_log:?}");
            assert!(!enabled(&f, "brisk", Level::INFO), "{rust_log:?}");
        }
        let off = filter(None, "off");
        assert!(!enabled(&off, "brisk", Level::ERROR));
        let fallback = filter(None, "a=b=c");
        assert!(enabled(&fallback, "brisk", Level::INFO));
        assert!(!enabled(&fallback, "brisk", Level::DEBUG));
    }
}
