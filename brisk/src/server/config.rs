//! `ServerConfig`: where and how the server listens — timeouts, header limits, the
//! shutdown grace period, trusted proxies, logging, worker threads — set in code or read
//! from the environment.

use std::time::Duration;

/// How the server runs an app: uvicorn's options that brisk has, plus the timeouts and
/// limits that keep slow or idle clients from holding connections.
///
/// Every setting has a default and an environment variable read by
/// [`ServerConfig::from_env`] (see the README's "Timeouts and server configuration").
///
/// ```
/// use std::time::Duration;
/// use brisk::server::ServerConfig;
///
/// let config = ServerConfig::default()
///     .port(8080)
///     .keep_alive_timeout(Duration::from_secs(10))
///     .shutdown_grace(Duration::from_secs(5))
///     .access_log(false);
/// assert_eq!(config.addr(), "127.0.0.1:8080");
/// assert!(config.validate().is_ok());
/// ```
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The interface to bind (`HOST`, default `127.0.0.1`).
    pub host: String,
    /// The port to bind (`PORT`, default `8000`).
    pub port: u16,
    /// A new connection must send a complete request head within this time of being
    /// accepted, and every later head within this time of the server seeing it begin
    /// (looked at once per this time: at most twice it after its first byte)
    /// (`BRISK_HEADER_TIMEOUT`, 30 s). Past it the connection is closed.
    pub header_timeout: Duration,
    /// An HTTP/1.1 connection with no request in flight is closed after this long
    /// without a new request (uvicorn's `--timeout-keep-alive`; `BRISK_KEEP_ALIVE_TIMEOUT`,
    /// 5 s).
    pub keep_alive_timeout: Duration,
    /// Reading a request body fails when no byte arrives for this long
    /// (`BRISK_BODY_TIMEOUT`, 30 s): 408 if the response has not started, and the
    /// connection is closed.
    pub body_timeout: Duration,
    /// The slowest a request body may arrive, in bytes per second of waiting for it,
    /// after [`body_rate_grace`](Self::body_rate_grace) (Kestrel's
    /// `MinRequestBodyDataRate`; `BRISK_MIN_BODY_RATE`, 240; 0 turns the check off).
    pub min_body_rate: u64,
    /// How long a body may arrive slower than [`min_body_rate`](Self::min_body_rate)
    /// before the rate is enforced (`BRISK_BODY_RATE_GRACE`, 5 s).
    pub body_rate_grace: Duration,
    /// How often an HTTP/2 connection is pinged (`BRISK_HTTP2_KEEP_ALIVE_INTERVAL`, 20 s).
    pub http2_keep_alive_interval: Duration,
    /// How long a ping may go unanswered before the HTTP/2 connection is closed
    /// (`BRISK_HTTP2_KEEP_ALIVE_TIMEOUT`, 20 s).
    pub http2_keep_alive_timeout: Duration,
    /// An HTTP/2 connection with no open stream for this long receives GOAWAY and is
    /// closed (`BRISK_HTTP2_IDLE_TIMEOUT`, 60 s).
    pub http2_idle_timeout: Duration,
    /// After SIGINT/SIGTERM, how long in-flight requests, streams and background tasks
    /// may take to finish before they are cut off (`BRISK_SHUTDOWN_GRACE`, 30 s).
    pub shutdown_grace: Duration,
    /// The most header fields a request may have (`BRISK_MAX_HEADERS`, 100): 431 past it.
    pub max_headers: usize,
    /// The largest HTTP/1.1 request head, request line and headers, in bytes
    /// (`BRISK_MAX_HEADER_SIZE`, 417 792 — hyper's read buffer, which it sizes; at least
    /// 8192): 431 past it.
    pub max_header_size: usize,
    /// The largest HTTP/2 header list, in bytes as HTTP/2 counts them
    /// (`BRISK_HTTP2_MAX_HEADER_LIST_SIZE`, 16 384): 431 past it.
    pub http2_max_header_list_size: u32,
    /// The peers whose `X-Forwarded-*` headers are believed (uvicorn's
    /// `--forwarded-allow-ips`; `FORWARDED_ALLOW_IPS`, default `127.0.0.1`), unless the app
    /// set its own ([`App::forwarded_allow_ips`](crate::App::forwarded_allow_ips)).
    pub forwarded_allow_ips: String,
    /// One line per request in uvicorn's format (`INFO:     127.0.0.1:51234 - "GET /items/
    /// HTTP/1.1" 200 OK`), through `tracing` (target `brisk::access`)
    /// (`BRISK_ACCESS_LOG`, on).
    pub access_log: bool,
    /// The level of the subscriber `serve` installs when the app installed none, unless
    /// `RUST_LOG` says otherwise (`BRISK_LOG_LEVEL`, `info`; `warning`, `error`, `off`, ...).
    pub log_level: String,
    /// The path prefix a proxy serves the app under (uvicorn's `--root-path`;
    /// `ROOT_PATH`); it replaces the app's [`App::root_path`](crate::App::root_path).
    pub root_path: Option<String>,
    /// The runtime's worker threads for [`ServerConfig::run`] (`BRISK_WORKERS`; default:
    /// one per CPU core).
    pub workers: Option<usize>,
    /// Whether HTTP/2 with prior knowledge (h2c) is served beside HTTP/1.1 (`BRISK_HTTP2`,
    /// on when brisk's `http2` feature is, as by default). Off, a connection's first bytes
    /// are not peeked at for the HTTP/2 preface: one `recv` less per connection.
    pub http2: bool,
    /// How [`ServerConfig::run`] spreads connections over its threads
    /// (`BRISK_THREADING`: `work-stealing`, the default, or `per-core`).
    pub threading: Threading,
    /// Limits for the apps this server runs (body size, form fields, validation errors):
    /// what an app sets itself wins, and what neither sets comes from the `BRISK_MAX_*`
    /// variables, then the defaults (see [`Limits`](crate::Limits)).
    pub limits: crate::Limits,
}

/// How [`ServerConfig::run`] uses its worker threads.
///
/// Set it in code, or with `BRISK_THREADING=per-core`:
///
/// ```
/// use brisk::server::{ServerConfig, Threading};
///
/// let config = ServerConfig { workers: Some(2), threading: Threading::PerCore, ..ServerConfig::default() };
/// assert_eq!(ServerConfig::default().threading, Threading::WorkStealing);
/// # let _ = config;
/// ```
///
/// Guide: `guide/src/deploying.md`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Threading {
    /// One multi-threaded tokio runtime: any thread may run any connection's work
    /// (tasks are stolen by idle threads). The default. With one worker there is no one
    /// to steal from: the runtime is then tokio's single-threaded one, which skips the
    /// work-stealing bookkeeping on every wake-up.
    #[default]
    WorkStealing,
    /// One single-threaded runtime per worker, each accepting on its own `SO_REUSEPORT`
    /// listener, so a connection stays on one thread (actix-web's model; Unix only): no
    /// cross-thread wake-ups, at the price of no balancing once connections are spread.
    PerCore,
}

/// hyper's HTTP/1 read buffer, which bounds a request head unless told otherwise.
pub(crate) const HYPER_MAX_BUF_SIZE: usize = 8192 + 4096 * 100;
/// The smallest read buffer hyper accepts.
pub(crate) const MIN_MAX_HEADER_SIZE: usize = 8192;
/// hyper's default limit on header fields (a larger one moves them to the heap).
pub(crate) const HYPER_MAX_HEADERS: usize = 100;

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            host: "127.0.0.1".into(),
            port: 8000,
            header_timeout: Duration::from_secs(30),
            keep_alive_timeout: Duration::from_secs(5),
            body_timeout: Duration::from_secs(30),
            min_body_rate: 240,
            body_rate_grace: Duration::from_secs(5),
            http2_keep_alive_interval: Duration::from_secs(20),
            http2_keep_alive_timeout: Duration::from_secs(20),
            http2_idle_timeout: Duration::from_secs(60),
            shutdown_grace: Duration::from_secs(30),
            max_headers: HYPER_MAX_HEADERS,
            max_header_size: HYPER_MAX_BUF_SIZE,
            http2_max_header_list_size: 16 * 1024,
            forwarded_allow_ips: "127.0.0.1".into(),
            access_log: true,
            log_level: "info".into(),
            root_path: None,
            workers: None,
            http2: cfg!(feature = "http2"),
            threading: Threading::WorkStealing,
            limits: crate::Limits::new(),
        }
    }
}

/// A setting that cannot be used: its name (the environment variable, when read from
/// one), the value and why.
///
/// ```
/// use brisk::server::ServerConfig;
///
/// let err = ServerConfig::from_lookup(|name| (name == "PORT").then(|| "eighty".to_owned())).unwrap_err();
/// assert_eq!((err.variable.as_str(), err.value.as_str()), ("PORT", "eighty"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The environment variable (or field) at fault.
    pub variable: String,
    /// The value given.
    pub value: String,
    /// What is wrong with it.
    pub reason: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid {}={:?}: {}", self.variable, self.value, self.reason)
    }
}

impl std::error::Error for ConfigError {}

impl From<ConfigError> for std::io::Error {
    fn from(e: ConfigError) -> Self {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, e)
    }
}

impl ServerConfig {
    /// The defaults overridden by the environment: `HOST`, `PORT`, `ROOT_PATH`,
    /// `FORWARDED_ALLOW_IPS` and the `BRISK_*` variables (durations in seconds, decimals
    /// allowed). A malformed value is an error naming its variable.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`from_env`](Self::from_env) with the variables read through `lookup`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mut c = ServerConfig::default();
        let env = Env(&lookup);
        if let Some(host) = lookup("HOST").filter(|h| !h.is_empty()) {
            c.host = host;
        }
        env.read("PORT", &mut c.port, parse_number)?;
        c.root_path = lookup("ROOT_PATH").filter(|r| !r.is_empty());
        if let Some(ips) = lookup("FORWARDED_ALLOW_IPS") {
            c.forwarded_allow_ips = ips;
        }
        env.read("BRISK_HEADER_TIMEOUT", &mut c.header_timeout, parse_duration)?;
        env.read("BRISK_KEEP_ALIVE_TIMEOUT", &mut c.keep_alive_timeout, parse_duration)?;
        env.read("BRISK_BODY_TIMEOUT", &mut c.body_timeout, parse_duration)?;
        env.read("BRISK_MIN_BODY_RATE", &mut c.min_body_rate, parse_number)?;
        env.read("BRISK_BODY_RATE_GRACE", &mut c.body_rate_grace, parse_duration)?;
        env.read("BRISK_HTTP2_KEEP_ALIVE_INTERVAL", &mut c.http2_keep_alive_interval, parse_duration)?;
        env.read("BRISK_HTTP2_KEEP_ALIVE_TIMEOUT", &mut c.http2_keep_alive_timeout, parse_duration)?;
        env.read("BRISK_HTTP2_IDLE_TIMEOUT", &mut c.http2_idle_timeout, parse_duration)?;
        env.read("BRISK_SHUTDOWN_GRACE", &mut c.shutdown_grace, parse_duration)?;
        env.read("BRISK_MAX_HEADERS", &mut c.max_headers, parse_number)?;
        env.read("BRISK_MAX_HEADER_SIZE", &mut c.max_header_size, parse_number)?;
        env.read("BRISK_HTTP2_MAX_HEADER_LIST_SIZE", &mut c.http2_max_header_list_size, parse_number)?;
        env.read("BRISK_ACCESS_LOG", &mut c.access_log, parse_bool)?;
        if let Some(level) = lookup("BRISK_LOG_LEVEL").filter(|l| !l.is_empty()) {
            c.log_level = level;
        }
        let mut workers = 0usize;
        env.read("BRISK_WORKERS", &mut workers, parse_number)?;
        if workers > 0 {
            c.workers = Some(workers);
        }
        env.read("BRISK_HTTP2", &mut c.http2, parse_bool)?;
        env.read("BRISK_THREADING", &mut c.threading, parse_threading)?;
        c.validate()?;
        Ok(c)
    }

    /// Checks the settings the server cannot work with: a zero timeout, interval or
    /// header limit, or zero workers (each error names its environment variable).
    pub fn validate(&self) -> Result<(), ConfigError> {
        let durations = [
            ("BRISK_HEADER_TIMEOUT", self.header_timeout),
            ("BRISK_KEEP_ALIVE_TIMEOUT", self.keep_alive_timeout),
            ("BRISK_BODY_TIMEOUT", self.body_timeout),
            ("BRISK_HTTP2_KEEP_ALIVE_INTERVAL", self.http2_keep_alive_interval),
            ("BRISK_HTTP2_KEEP_ALIVE_TIMEOUT", self.http2_keep_alive_timeout),
            ("BRISK_HTTP2_IDLE_TIMEOUT", self.http2_idle_timeout),
        ];
        for (variable, d) in durations {
            if d.is_zero() {
                return Err(invalid(variable, "0", "must be more than 0 seconds"));
            }
        }
        let counts = [
            ("BRISK_MAX_HEADERS", self.max_headers),
            ("BRISK_MAX_HEADER_SIZE", self.max_header_size),
            ("BRISK_HTTP2_MAX_HEADER_LIST_SIZE", self.http2_max_header_list_size as usize),
            ("BRISK_WORKERS", self.workers.unwrap_or(1)),
        ];
        for (variable, n) in counts {
            if n == 0 {
                return Err(invalid(variable, "0", "must be at least 1"));
            }
        }
        if self.http2 && !cfg!(feature = "http2") {
            return Err(invalid("BRISK_HTTP2", "true", "HTTP/2 needs brisk's `http2` feature, which is left out"));
        }
        if self.max_header_size < MIN_MAX_HEADER_SIZE {
            let value = self.max_header_size.to_string();
            return Err(invalid("BRISK_MAX_HEADER_SIZE", &value, "must be at least 8192 bytes"));
        }
        Ok(())
    }

    /// `host:port`, as the listener binds it.
    pub fn addr(&self) -> String {
        if self.host.contains(':') && !self.host.starts_with('[') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// Sets the interface to bind.
    pub fn host(mut self, host: &str) -> Self {
        self.host = host.to_owned();
        self
    }

    /// Sets the port to bind.
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Sets [`header_timeout`](Self::header_timeout).
    pub fn header_timeout(mut self, d: Duration) -> Self {
        self.header_timeout = d;
        self
    }

    /// Sets [`keep_alive_timeout`](Self::keep_alive_timeout).
    pub fn keep_alive_timeout(mut self, d: Duration) -> Self {
        self.keep_alive_timeout = d;
        self
    }

    /// Sets [`body_timeout`](Self::body_timeout).
    pub fn body_timeout(mut self, d: Duration) -> Self {
        self.body_timeout = d;
        self
    }

    /// Sets the minimum body rate (bytes per second) and its grace period.
    pub fn min_body_rate(mut self, bytes_per_second: u64, grace: Duration) -> Self {
        self.min_body_rate = bytes_per_second;
        self.body_rate_grace = grace;
        self
    }

    /// Sets the HTTP/2 ping interval and how long a ping may go unanswered.
    pub fn http2_keep_alive(mut self, interval: Duration, timeout: Duration) -> Self {
        self.http2_keep_alive_interval = interval;
        self.http2_keep_alive_timeout = timeout;
        self
    }

    /// Sets [`http2_idle_timeout`](Self::http2_idle_timeout).
    pub fn http2_idle_timeout(mut self, d: Duration) -> Self {
        self.http2_idle_timeout = d;
        self
    }

    /// Sets [`shutdown_grace`](Self::shutdown_grace).
    pub fn shutdown_grace(mut self, d: Duration) -> Self {
        self.shutdown_grace = d;
        self
    }

    /// Sets the most header fields and the largest HTTP/1.1 request head (bytes).
    pub fn max_headers(mut self, count: usize, head_bytes: usize) -> Self {
        self.max_headers = count;
        self.max_header_size = head_bytes;
        self
    }

    /// Sets [`http2_max_header_list_size`](Self::http2_max_header_list_size).
    pub fn http2_max_header_list_size(mut self, bytes: u32) -> Self {
        self.http2_max_header_list_size = bytes;
        self
    }

    /// Sets the peers whose `X-Forwarded-*` headers are believed (comma-separated
    /// addresses or networks, `*` for all).
    pub fn forwarded_allow_ips(mut self, ips: &str) -> Self {
        self.forwarded_allow_ips = ips.to_owned();
        self
    }

    /// Limits for the apps served, under what each app sets itself.
    ///
    /// ```
    /// use brisk::{Limits, server::ServerConfig};
    /// let config = ServerConfig::default().limits(Limits::new().max_body_size(1 << 20));
    /// assert_eq!(config.limits.body_size(), 1 << 20);
    /// ```
    pub fn limits(mut self, limits: crate::Limits) -> Self {
        self.limits = limits;
        self
    }

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

    /// Sets the runtime's worker threads for [`ServerConfig::run`].
    pub fn workers(mut self, threads: usize) -> Self {
        self.workers = Some(threads);
        self
    }

    /// Serves HTTP/2 with prior knowledge beside HTTP/1.1, or HTTP/1.1 only.
    pub fn http2(mut self, on: bool) -> Self {
        self.http2 = on;
        self
    }

    /// Sets how [`ServerConfig::run`] uses its threads.
    pub fn threading(mut self, threading: Threading) -> Self {
        self.threading = threading;
        self
    }
}

/// Reads variables through a lookup, parsing each present, non-empty one.
struct Env<'a>(&'a dyn Fn(&str) -> Option<String>);

impl Env<'_> {
    fn read<T>(&self, variable: &str, into: &mut T, parse: fn(&str) -> Result<T, String>) -> Result<(), ConfigError> {
        let Some(raw) = (self.0)(variable) else { return Ok(()) };
        let value = raw.trim();
        if value.is_empty() {
            return Ok(());
        }
        *into = parse(value).map_err(|reason| invalid(variable, &raw, &reason))?;
        Ok(())
    }
}

fn invalid(variable: &str, value: &str, reason: &str) -> ConfigError {
    ConfigError { variable: variable.to_owned(), value: value.to_owned(), reason: reason.to_owned() }
}

fn parse_number<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    s.parse().map_err(|_| "expected a whole number in range".to_owned())
}

/// Seconds, decimals allowed: `5`, `0.5`.
fn parse_duration(s: &str) -> Result<Duration, String> {
    let secs: f64 = s.parse().map_err(|_| "expected a number of seconds".to_owned())?;
    Duration::try_from_secs_f64(secs).map_err(|_| "expected a non-negative number of seconds".to_owned())
}

fn parse_threading(s: &str) -> Result<Threading, String> {
    match s.to_ascii_lowercase().as_str() {
        "work-stealing" => Ok(Threading::WorkStealing),
        "per-core" => Ok(Threading::PerCore),
        _ => Err("expected work-stealing or per-core".to_owned()),
    }
}

fn parse_bool(s: &str) -> Result<bool, String> {
    match s.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err("expected true or false".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(vars: &[(&str, &str)]) -> Result<ServerConfig, ConfigError> {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        ServerConfig::from_lookup(|name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    }

    #[test]
    fn no_environment_gives_the_defaults() {
        let c = from(&[]).unwrap();
        assert_eq!(c.addr(), "127.0.0.1:8000");
        assert_eq!(c.keep_alive_timeout, Duration::from_secs(5));
        assert_eq!(c.shutdown_grace, Duration::from_secs(30));
        assert_eq!((c.max_headers, c.max_header_size), (100, HYPER_MAX_BUF_SIZE));
        assert_eq!(c.root_path, None);
        assert_eq!(c.workers, None);
        assert!(c.access_log);
    }

    #[test]
    fn every_variable_is_read() {
        let c = from(&[
            ("HOST", "0.0.0.0"),
            ("PORT", "9000"),
            ("ROOT_PATH", "/api"),
            ("FORWARDED_ALLOW_IPS", "*"),
            ("BRISK_HEADER_TIMEOUT", "2.5"),
            ("BRISK_KEEP_ALIVE_TIMEOUT", "1"),
            ("BRISK_BODY_TIMEOUT", "3"),
            ("BRISK_MIN_BODY_RATE", "0"),
            ("BRISK_BODY_RATE_GRACE", "7"),
            ("BRISK_HTTP2_KEEP_ALIVE_INTERVAL", "4"),
            ("BRISK_HTTP2_KEEP_ALIVE_TIMEOUT", "6"),
            ("BRISK_HTTP2_IDLE_TIMEOUT", "8"),
            ("BRISK_SHUTDOWN_GRACE", "0"),
            ("BRISK_MAX_HEADERS", "50"),
            ("BRISK_MAX_HEADER_SIZE", "9000"),
            ("BRISK_HTTP2_MAX_HEADER_LIST_SIZE", "4096"),
            ("BRISK_ACCESS_LOG", "false"),
            ("BRISK_LOG_LEVEL", "warning"),
            ("BRISK_WORKERS", "3"),
            ("BRISK_THREADING", "per-core"),
            ("BRISK_HTTP2", "off"),
        ])
        .unwrap();
        assert_eq!(c.addr(), "0.0.0.0:9000");
        assert_eq!(c.root_path.as_deref(), Some("/api"));
        assert_eq!(c.forwarded_allow_ips, "*");
        assert_eq!(c.header_timeout, Duration::from_millis(2500));
        assert_eq!(c.keep_alive_timeout, Duration::from_secs(1));
        assert_eq!(c.body_timeout, Duration::from_secs(3));
        assert_eq!((c.min_body_rate, c.body_rate_grace), (0, Duration::from_secs(7)));
        assert_eq!(c.http2_keep_alive_interval, Duration::from_secs(4));
        assert_eq!(c.http2_keep_alive_timeout, Duration::from_secs(6));
        assert_eq!(c.http2_idle_timeout, Duration::from_secs(8));
        assert_eq!(c.shutdown_grace, Duration::ZERO);
        assert_eq!((c.max_headers, c.max_header_size, c.http2_max_header_list_size), (50, 9000, 4096));
        assert!(!c.access_log);
        assert_eq!(c.log_level, "warning");
        assert_eq!(c.workers, Some(3));
        assert_eq!(c.threading, Threading::PerCore);
        assert!(!c.http2);
    }

    #[test]
    fn a_malformed_value_names_its_variable() {
        let e = from(&[("PORT", "eighty")]).unwrap_err();
        assert_eq!(e.variable, "PORT");
        assert_eq!(e.to_string(), "invalid PORT=\"eighty\": expected a whole number in range");
        assert_eq!(from(&[("PORT", "70000")]).unwrap_err().variable, "PORT");
        assert_eq!(from(&[("BRISK_KEEP_ALIVE_TIMEOUT", "soon")]).unwrap_err().variable, "BRISK_KEEP_ALIVE_TIMEOUT");
        assert_eq!(from(&[("BRISK_BODY_TIMEOUT", "-1")]).unwrap_err().variable, "BRISK_BODY_TIMEOUT");
        assert_eq!(from(&[("BRISK_ACCESS_LOG", "maybe")]).unwrap_err().variable, "BRISK_ACCESS_LOG");
        assert_eq!(from(&[("BRISK_THREADING", "many")]).unwrap_err().variable, "BRISK_THREADING");
        assert_eq!(from(&[("BRISK_HEADER_TIMEOUT", "0")]).unwrap_err().variable, "BRISK_HEADER_TIMEOUT");
        assert_eq!(from(&[("BRISK_MAX_HEADERS", "0")]).unwrap_err().variable, "BRISK_MAX_HEADERS");
        assert_eq!(from(&[("BRISK_MAX_HEADER_SIZE", "100")]).unwrap_err().variable, "BRISK_MAX_HEADER_SIZE");
        // Empty means unset.
        assert_eq!(from(&[("PORT", ""), ("HOST", "")]).unwrap().addr(), "127.0.0.1:8000");
    }

    #[test]
    fn http2_needs_its_feature() {
        let on = ServerConfig::default().http2(true);
        if cfg!(feature = "http2") {
            assert!(ServerConfig::default().http2);
            assert!(on.validate().is_ok());
        } else {
            assert!(!ServerConfig::default().http2);
            let e = on.validate().unwrap_err();
            assert_eq!(e.variable, "BRISK_HTTP2");
            assert!(e.reason.contains("`http2` feature"), "{e}");
            assert_eq!(from(&[("BRISK_HTTP2", "1")]).unwrap_err().variable, "BRISK_HTTP2");
        }
    }

    #[test]
    fn ipv6_hosts_are_bracketed() {
        assert_eq!(ServerConfig::default().host("::1").addr(), "[::1]:8000");
    }
}
