//! Background tasks (FastAPI's `BackgroundTasks`): work a handler or a dependency adds
//! to its request, run after the response has been sent, in the order it was added.
//!
//! A failing or panicking task is logged and affects neither the response nor the other
//! tasks. The app keeps count of the tasks still running ([`TaskTracker`]), so that the
//! server's graceful shutdown and the `TestClient` can wait for them.
//!
//! ```
//! use std::sync::Mutex;
//! use brisk::prelude::*;
//!
//! static SENT: Mutex<Vec<String>> = Mutex::new(Vec::new());
//!
//! #[post("/notify/{email}")]
//! async fn notify(email: String, tasks: BackgroundTasks) -> &'static str {
//!     tasks.add(async move { SENT.lock().unwrap().push(email) });
//!     "sent"
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let client = TestClient::new(App::new().routes(routes![notify]));
//! assert_eq!(client.post("/notify/a@b.c").send().await.status(), 200);
//! // The test client hands the response back once its tasks have run.
//! assert_eq!(*SENT.lock().unwrap(), ["a@b.c"]);
//! # }
//! ```

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use futures_util::FutureExt;

use crate::body::{Body, BoxError};

type Task = Pin<Box<dyn Future<Output = ()> + Send>>;

/// What a background task may return: nothing, or a `Result` whose error is logged.
///
/// ```
/// use brisk::prelude::*;
///
/// #[post("/send/{email}")]
/// async fn send(email: String, tasks: BackgroundTasks) -> &'static str {
///     tasks.add(async move { println!("notify {email}") });
///     tasks.add(async { std::fs::read_to_string("no/such/template").map(drop) });
///     "sent in the background"
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![send]));
/// assert_eq!(client.post("/send/a@b.c").send().await.status(), 200);
/// # }
/// ```
pub trait TaskOutput: Send + 'static {
    /// Logs the failure, if this is one.
    fn report(self);
}

impl TaskOutput for () {
    fn report(self) {}
}

impl<E: std::fmt::Display + Send + 'static> TaskOutput for Result<(), E> {
    fn report(self) {
        if let Err(e) = self {
            tracing::error!("a background task failed: {e}");
        }
    }
}

/// The tasks of one request: take it as a parameter (of handlers and dependencies alike;
/// all of them get the same list) and add work to it.
///
/// ```
/// use brisk::prelude::*;
///
/// #[post("/send-notification/{email}")]
/// async fn send_notification(email: String, tasks: BackgroundTasks) -> serde_json::Value {
///     tasks.add(async move { println!("notification for {email}") });
///     serde_json::json!({"message": "Notification sent in the background"})
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![send_notification]));
/// // The test client hands the response back once the tasks have run.
/// assert_eq!(client.post("/send-notification/a@b.c").send().await.status(), 200);
/// # }
/// ```
#[derive(Clone, Default)]
pub struct BackgroundTasks {
    tasks: Arc<Mutex<Vec<Task>>>,
}

impl std::fmt::Debug for BackgroundTasks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BackgroundTasks({})", self.len())
    }
}

impl BackgroundTasks {
    /// Adds async work (FastAPI's `add_task` with an `async def`).
    pub fn add<F>(&self, task: F)
    where
        F: Future + Send + 'static,
        F::Output: TaskOutput,
    {
        self.push(Box::pin(task.map(TaskOutput::report)));
    }

    /// Adds blocking work, run on tokio's blocking pool (FastAPI's `add_task` with a plain
    /// `def`): file writes, password hashing, a synchronous client.
    pub fn add_blocking<F, R>(&self, task: F)
    where
        F: FnOnce() -> R + Send + 'static,
        R: TaskOutput,
    {
        self.push(Box::pin(async move {
            match tokio::task::spawn_blocking(task).await {
                Ok(out) => out.report(),
                Err(e) if e.is_panic() => tracing::error!("a background task panicked"),
                Err(e) => tracing::error!("a background task was cancelled: {e}"),
            }
        }));
    }

    /// How many tasks are waiting.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// True when no task was added.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn push(&self, task: Task) {
        self.lock().push(task);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Task>> {
        self.tasks.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs every task, one after another, on a new tokio task counted by `tracker`.
    pub fn spawn(self, tracker: &TaskTracker) {
        let tasks = std::mem::take(&mut *self.lock());
        if tasks.is_empty() {
            return;
        }
        let guard = tracker.enter();
        tokio::spawn(async move {
            for task in tasks {
                if std::panic::AssertUnwindSafe(task).catch_unwind().await.is_err() {
                    tracing::error!("a background task panicked");
                }
            }
            drop(guard);
        });
    }
}

/// Counts the background work still running, so that shutdown and tests can wait for it.
///
/// ```
/// use brisk::prelude::*;
///
/// #[post("/jobs")]
/// async fn jobs(tasks: BackgroundTasks) -> &'static str {
///     tasks.add(async { tokio::time::sleep(std::time::Duration::from_millis(5)).await });
///     "queued"
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let service = App::new().routes(routes![jobs]).into_service().expect("a valid app");
/// let req = http::Request::post("/jobs").body(brisk::Body::empty()).unwrap();
/// assert_eq!(service.call(req).await.status(), 200);
/// service.background_tasks().wait_idle().await;
/// assert_eq!(service.background_tasks().running(), 0);
/// # }
/// ```
#[derive(Clone, Default, Debug)]
pub struct TaskTracker {
    inner: Arc<TrackerInner>,
}

#[derive(Default, Debug)]
struct TrackerInner {
    running: AtomicUsize,
    idle: tokio::sync::Notify,
}

struct TrackGuard(Arc<TrackerInner>);

impl Drop for TrackGuard {
    fn drop(&mut self) {
        if self.0.running.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

impl TaskTracker {
    fn enter(&self) -> TrackGuard {
        self.inner.running.fetch_add(1, Ordering::AcqRel);
        TrackGuard(self.inner.clone())
    }

    /// How many task lists are still running.
    pub fn running(&self) -> usize {
        self.inner.running.load(Ordering::Acquire)
    }

    /// Completes when no background work is running.
    pub async fn wait_idle(&self) {
        loop {
            let notified = self.inner.idle.notified();
            if self.running() == 0 {
                return;
            }
            notified.await;
        }
    }
}

/// A response body whose request's background tasks start when it has been sent (or
/// dropped: a client that went away does not cancel them, as in Starlette).
///
/// ```
/// use brisk::{BackgroundTasks, Body};
/// use brisk::background::{TaskTracker, TasksOnEnd};
/// use std::sync::atomic::{AtomicBool, Ordering};
/// use std::sync::Arc;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let done = Arc::new(AtomicBool::new(false));
/// let flag = done.clone();
/// let tasks = BackgroundTasks::default();
/// tasks.add(async move { flag.store(true, Ordering::SeqCst) });
/// let tracker = TaskTracker::default();
/// drop(TasksOnEnd::new(Body::full("sent"), tasks, tracker.clone()));
/// tracker.wait_idle().await;
/// assert!(done.load(Ordering::SeqCst));
/// # }
/// ```
pub struct TasksOnEnd {
    inner: Body,
    tasks: Option<(BackgroundTasks, TaskTracker)>,
}

impl TasksOnEnd {
    /// `inner`, starting `tasks` when it ends.
    pub fn new(inner: Body, tasks: BackgroundTasks, tracker: TaskTracker) -> Self {
        TasksOnEnd { inner, tasks: Some((tasks, tracker)) }
    }

    fn start(&mut self) {
        if let Some((tasks, tracker)) = self.tasks.take() {
            tasks.spawn(&tracker);
        }
    }
}

impl http_body::Body for TasksOnEnd {
    type Data = bytes::Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<bytes::Bytes>, Self::Error>>> {
        let poll = Pin::new(&mut self.inner).poll_frame(cx);
        if let Poll::Ready(None) = poll {
            self.start();
        }
        poll
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for TasksOnEnd {
    fn drop(&mut self) {
        self.start();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn tasks_run_in_order_and_survive_failures() {
        let tasks = BackgroundTasks::default();
        let log = Arc::new(Mutex::new(Vec::new()));
        let l = log.clone();
        tasks.add(async move { l.lock().expect("log").push(1) });
        tasks.add(async {
            if true {
                panic!("boom");
            }
        });
        tasks.add(async { Err::<(), _>("failed") });
        let l = log.clone();
        tasks.add_blocking(move || l.lock().expect("log").push(2));
        let l = log.clone();
        tasks.add(async move { l.lock().expect("log").push(3) });
        assert_eq!(tasks.len(), 5);
        let tracker = TaskTracker::default();
        tasks.clone().spawn(&tracker);
        tracker.wait_idle().await;
        assert_eq!(*log.lock().expect("log"), vec![1, 2, 3]);
        assert!(tasks.is_empty());
    }
}
