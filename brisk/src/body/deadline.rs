//! Read deadlines for a request body: a body that sends no byte for a while, or arrives
//! slower than a minimum rate once a grace period is over, fails to read — so a client
//! stalling or trickling its upload cannot hold a connection (Kestrel's
//! `MinRequestBodyDataRate`).
//!
//! Only time spent waiting for the client counts: an app that reads slowly does not make
//! its client look slow.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body as _, Frame, SizeHint};
use tokio::time::{Instant, Sleep};

use super::BoxError;

/// How long a request body may make its reader wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadDeadlines {
    /// The longest wait for the next byte.
    pub idle: Duration,
    /// The slowest acceptable rate, in bytes per second of waiting (0: no minimum).
    pub min_rate: u64,
    /// How much waiting is allowed before the rate is enforced.
    pub grace: Duration,
}

/// Set when a body's read deadline passed, so that whoever answers the request knows
/// to answer 408 and close the connection (the app may have turned the read error into
/// another answer).
#[derive(Debug, Clone, Default)]
pub struct TimeoutFlag(Arc<AtomicBool>);

impl TimeoutFlag {
    /// Whether the body's deadline passed.
    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }

    fn set(&self) {
        self.0.store(true, Ordering::Release)
    }
}

/// Why reading the body stopped: the error a timed body's read fails with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyTimeout {
    /// No byte arrived within the idle deadline.
    Idle(Duration),
    /// The body arrived slower than the minimum rate (bytes per second).
    TooSlow(u64),
}

impl std::fmt::Display for BodyTimeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BodyTimeout::Idle(d) => write!(f, "request body timed out: no data for {d:?}"),
            BodyTimeout::TooSlow(rate) => write!(f, "request body arrived slower than {rate} bytes/s"),
        }
    }
}

impl std::error::Error for BodyTimeout {}

/// A connection's incoming body, read under [`ReadDeadlines`].
pub(crate) struct TimedIncoming {
    inner: hyper::body::Incoming,
    deadlines: ReadDeadlines,
    flag: TimeoutFlag,
    /// Data bytes read so far.
    bytes: u64,
    /// Time spent waiting for the client before the current wait.
    waited: Duration,
    /// When the current wait began.
    waiting_since: Option<Instant>,
    /// The timer of the current wait, kept to be reset.
    sleep: Option<Pin<Box<Sleep>>>,
    expired: Option<BodyTimeout>,
}

impl TimedIncoming {
    pub(crate) fn new(inner: hyper::body::Incoming, deadlines: ReadDeadlines, flag: TimeoutFlag) -> Self {
        TimedIncoming {
            inner,
            deadlines,
            flag,
            bytes: 0,
            waited: Duration::ZERO,
            waiting_since: None,
            sleep: None,
            expired: None,
        }
    }

    /// When the wait that began at `since` fails, and why.
    fn deadline(&self, since: Instant) -> (Instant, BodyTimeout) {
        let idle = (since + self.deadlines.idle, BodyTimeout::Idle(self.deadlines.idle));
        if self.deadlines.min_rate == 0 {
            return idle;
        }
        // The rate is bytes / waited: too slow once waited > max(grace, bytes / min_rate).
        let allowed =
            self.deadlines.grace.max(Duration::from_secs_f64(self.bytes as f64 / self.deadlines.min_rate as f64));
        let rate = (since + allowed.saturating_sub(self.waited), BodyTimeout::TooSlow(self.deadlines.min_rate));
        if rate.0 < idle.0 { rate } else { idle }
    }

    fn expire(&mut self, why: BodyTimeout) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        self.flag.set();
        self.expired = Some(why);
        self.sleep = None;
        Poll::Ready(Some(Err(Box::new(why))))
    }

    pub(crate) fn poll_frame(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        if let Some(why) = self.expired {
            return Poll::Ready(Some(Err(Box::new(why))));
        }
        match Pin::new(&mut self.inner).poll_frame(cx) {
            Poll::Ready(frame) => {
                if let Some(since) = self.waiting_since.take() {
                    self.waited += since.elapsed();
                }
                if let Some(Ok(data)) = frame.as_ref().map(|f| f.as_ref().map(Frame::data_ref)) {
                    self.bytes += data.map_or(0, |d| d.len() as u64);
                }
                Poll::Ready(frame.map(|f| f.map_err(Into::into)))
            }
            Poll::Pending => {
                let now = Instant::now();
                let since = *self.waiting_since.get_or_insert(now);
                let (deadline, why) = self.deadline(since);
                if deadline <= now {
                    return self.expire(why);
                }
                let sleep = self.sleep.get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
                if sleep.deadline() != deadline {
                    sleep.as_mut().reset(deadline);
                }
                match sleep.as_mut().poll(cx) {
                    Poll::Ready(()) => self.expire(why),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    pub(crate) fn is_end_stream(&self) -> bool {
        self.expired.is_none() && http_body::Body::is_end_stream(&self.inner)
    }

    pub(crate) fn size_hint(&self) -> SizeHint {
        http_body::Body::size_hint(&self.inner)
    }
}

impl std::fmt::Debug for TimedIncoming {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TimedIncoming").field("deadlines", &self.deadlines).field("bytes", &self.bytes).finish()
    }
}
