//! What a connection is doing — bytes read, requests in flight, when it went idle,
//! which protocol it speaks — and the timeouts decided from it: the first request
//! within the header timeout, HTTP/1.1 keep-alive, HTTP/2 idle.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use tokio::time::Instant;

use super::config::ServerConfig;

/// The server's requests in flight, over all connections (what shutdown reports).
#[derive(Debug, Default)]
pub(super) struct ServerLoad {
    in_flight: AtomicUsize,
}

impl ServerLoad {
    pub(super) fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::Acquire)
    }
}

/// One connection's activity, shared by its socket, its requests and its watchdog.
#[derive(Debug)]
pub(super) struct Activity {
    accepted: Instant,
    load: Arc<ServerLoad>,
    bytes_read: AtomicU64,
    http2: AtomicBool,
    requests: AtomicU64,
    in_flight: AtomicUsize,
    /// When the last request in flight ended, in nanoseconds after `accepted`.
    idle_since: AtomicU64,
    /// `bytes_read` then: more since means the next request is arriving.
    bytes_at_idle: AtomicU64,
    /// When the watchdog first saw that next request arriving, in nanoseconds after
    /// `accepted` (0: not yet). Stamped by the watchdog rather than per read, so no
    /// request pays for a clock read.
    head_seen: AtomicU64,
}

/// The connection timeouts, taken from the configuration once.
#[derive(Debug, Clone, Copy)]
pub(super) struct ConnTimeouts {
    pub(super) header: Duration,
    pub(super) keep_alive: Duration,
    pub(super) http2_idle: Duration,
}

impl ConnTimeouts {
    pub(super) fn of(config: &ServerConfig) -> Self {
        ConnTimeouts {
            header: config.header_timeout,
            keep_alive: config.keep_alive_timeout,
            http2_idle: config.http2_idle_timeout,
        }
    }

    /// How often a busy connection is looked at again: no deadline can come sooner
    /// after it goes idle.
    fn recheck(&self) -> Duration {
        self.header.min(self.keep_alive).min(self.http2_idle)
    }
}

/// What the watchdog should do with a connection now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    /// Look again at this instant.
    WaitUntil(Instant),
    /// The connection timed out: close it.
    Expired(Expiry),
}

/// Which timeout closed a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Expiry {
    /// No complete first request (or HTTP/2 preface) within the header timeout.
    FirstRequest,
    /// HTTP/1.1 keep-alive: no new request.
    KeepAlive,
    /// The next request's head did not complete in time.
    Header,
    /// HTTP/2: no open stream for the idle timeout.
    Http2Idle,
}

impl Activity {
    pub(super) fn new(load: Arc<ServerLoad>) -> Self {
        Activity {
            accepted: Instant::now(),
            load,
            bytes_read: AtomicU64::new(0),
            http2: AtomicBool::new(false),
            requests: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
            idle_since: AtomicU64::new(0),
            bytes_at_idle: AtomicU64::new(0),
            head_seen: AtomicU64::new(0),
        }
    }

    pub(super) fn read(&self, n: usize) {
        self.bytes_read.fetch_add(n as u64, Ordering::Relaxed);
    }

    pub(super) fn bytes_read(&self) -> u64 {
        self.bytes_read.load(Ordering::Relaxed)
    }

    pub(super) fn speaks_http2(&self) {
        self.http2.store(true, Ordering::Release);
    }

    pub(super) fn is_http2(&self) -> bool {
        self.http2.load(Ordering::Acquire)
    }

    pub(super) fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::Acquire)
    }

    /// A request starts: it is in flight until the guard (kept by its response body) drops.
    pub(super) fn start(self: &Arc<Self>) -> InFlight {
        self.requests.fetch_add(1, Ordering::Relaxed);
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        self.load.in_flight.fetch_add(1, Ordering::AcqRel);
        InFlight(self.clone())
    }

    fn end(&self) {
        // Recorded before the count drops, so the watchdog never sees an idle
        // connection with a stale idle time.
        let since = Instant::now().saturating_duration_since(self.accepted).as_nanos() as u64;
        self.idle_since.store(since, Ordering::Relaxed);
        self.bytes_at_idle.store(self.bytes_read(), Ordering::Relaxed);
        self.head_seen.store(0, Ordering::Relaxed);
        self.in_flight.fetch_sub(1, Ordering::AcqRel);
        self.load.in_flight.fetch_sub(1, Ordering::AcqRel);
    }

    /// The connection's fate at `now`.
    pub(super) fn verdict(&self, now: Instant, t: &ConnTimeouts) -> Verdict {
        if self.in_flight() > 0 {
            return Verdict::WaitUntil(now + t.recheck());
        }
        let (deadline, expiry) = if self.requests.load(Ordering::Relaxed) == 0 {
            if self.is_http2() {
                (self.accepted + t.http2_idle, Expiry::Http2Idle)
            } else {
                (self.accepted + t.header, Expiry::FirstRequest)
            }
        } else {
            let idle_since = self.accepted + Duration::from_nanos(self.idle_since.load(Ordering::Relaxed));
            if self.is_http2() {
                (idle_since + t.http2_idle, Expiry::Http2Idle)
            } else if self.bytes_read() > self.bytes_at_idle.load(Ordering::Relaxed) {
                // The head began at most one look (`header`) before it was first seen:
                // it gets the header timeout from then.
                let seen = match self.head_seen.load(Ordering::Relaxed) {
                    0 => {
                        let at = now.saturating_duration_since(self.accepted).as_nanos().max(1) as u64;
                        self.head_seen.store(at, Ordering::Relaxed);
                        at
                    }
                    at => at,
                };
                (self.accepted + Duration::from_nanos(seen) + t.header, Expiry::Header)
            } else {
                let deadline = idle_since + t.keep_alive;
                if deadline > now {
                    // Looked at again within the header timeout, so a head that begins
                    // meanwhile is held to it.
                    return Verdict::WaitUntil(deadline.min(now + t.header));
                }
                (deadline, Expiry::KeepAlive)
            }
        };
        if deadline <= now { Verdict::Expired(expiry) } else { Verdict::WaitUntil(deadline) }
    }
}

/// A request in flight on its connection: dropped when its response has been sent (or
/// abandoned).
#[derive(Debug)]
pub(super) struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: ConnTimeouts = ConnTimeouts {
        header: Duration::from_secs(30),
        keep_alive: Duration::from_secs(5),
        http2_idle: Duration::from_secs(60),
    };

    #[tokio::test(start_paused = true)]
    async fn each_phase_has_its_deadline() {
        let load = Arc::new(ServerLoad::default());
        let a = Arc::new(Activity::new(load.clone()));
        let start = a.accepted;
        // Nothing yet, even with a partial head: the header timeout from the accept.
        assert_eq!(a.verdict(start, &T), Verdict::WaitUntil(start + T.header));
        a.read(10);
        assert_eq!(a.verdict(start + T.header, &T), Verdict::Expired(Expiry::FirstRequest));
        // A request in flight: looked at again later, never expired.
        let guard = a.start();
        assert_eq!(load.in_flight(), 1);
        let later = start + Duration::from_secs(100);
        assert_eq!(a.verdict(later, &T), Verdict::WaitUntil(later + T.keep_alive));
        tokio::time::advance(Duration::from_secs(1)).await;
        drop(guard);
        assert_eq!(load.in_flight(), 0);
        let idle = start + Duration::from_secs(1);
        // Idle: keep-alive, unless the next request has begun to arrive.
        assert_eq!(a.verdict(idle, &T), Verdict::WaitUntil(idle + T.keep_alive));
        assert_eq!(a.verdict(idle + T.keep_alive, &T), Verdict::Expired(Expiry::KeepAlive));
        a.read(3);
        // The head is held to the header timeout from when it was first seen.
        let seen = idle + T.keep_alive;
        assert_eq!(a.verdict(seen, &T), Verdict::WaitUntil(seen + T.header));
        assert_eq!(a.verdict(seen + T.keep_alive, &T), Verdict::WaitUntil(seen + T.header));
        assert_eq!(a.verdict(seen + T.header, &T), Verdict::Expired(Expiry::Header));
    }

    #[tokio::test(start_paused = true)]
    async fn a_keep_alive_longer_than_the_header_timeout_is_looked_at_within_it() {
        let t = ConnTimeouts { keep_alive: Duration::from_secs(100), ..T };
        let a = Arc::new(Activity::new(Arc::default()));
        drop(a.start());
        let idle = Instant::now();
        // Idle for longer than the header timeout: looked at every header timeout...
        assert_eq!(a.verdict(idle, &t), Verdict::WaitUntil(idle + t.header));
        let look = idle + t.header;
        assert_eq!(a.verdict(look, &t), Verdict::WaitUntil(look + t.header));
        // ...so a head begun then is cut at most two header timeouts later, not at the
        // keep-alive deadline.
        a.read(3);
        let seen = look + t.header;
        assert_eq!(a.verdict(seen, &t), Verdict::WaitUntil(seen + t.header));
        assert_eq!(a.verdict(seen + t.header, &t), Verdict::Expired(Expiry::Header));
        // The next request starts afresh.
        drop(a.start());
        let later = Instant::now();
        assert_eq!(a.verdict(later, &t), Verdict::WaitUntil(later + t.header));
    }

    #[tokio::test(start_paused = true)]
    async fn http2_connections_idle_for_longer() {
        let a = Arc::new(Activity::new(Arc::default()));
        a.speaks_http2();
        let start = a.accepted;
        assert_eq!(a.verdict(start + T.header, &T), Verdict::WaitUntil(start + T.http2_idle));
        assert_eq!(a.verdict(start + T.http2_idle, &T), Verdict::Expired(Expiry::Http2Idle));
        drop(a.start());
        let now = Instant::now();
        assert_eq!(a.verdict(now, &T), Verdict::WaitUntil(now + T.http2_idle));
    }
}
