//! Dependencies with teardown (FastAPI's `yield` dependencies): a value for the request,
//! and exit code that runs after the handler, in reverse order of setup, seeing the error
//! the handler raised and able to replace it (with an `HttpException`, say).
//!
//! ```
//! use brisk::prelude::*;
//! use brisk::depends::{Exit, Yield};
//!
//! struct OwnerError;
//!
//! impl IntoResponse for OwnerError {
//!     fn into_response(self) -> brisk::response::HttpResponse {
//!         brisk::raise(self)
//!     }
//! }
//!
//! #[dependency]
//! async fn username() -> Yield<String> {
//!     Yield::new("Rick".to_owned()).on_exit(|mut exit: Exit| async move {
//!         // After the handler: sees its error, replaces it.
//!         if exit.error::<OwnerError>().is_some() {
//!             exit.raise(HttpException::new(400, "Owner error"));
//!         }
//!         exit
//!     })
//! }
//!
//! #[get("/items/{owner}")]
//! async fn read_item(owner: String, #[depends(username)] user: String) -> Result<String, OwnerError> {
//!     if owner != user {
//!         return Err(OwnerError);
//!     }
//!     Ok(owner)
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let client = TestClient::new(App::new().routes(routes![read_item]));
//! assert_eq!(client.get("/items/Rick").send().await.status(), 200);
//! let res = client.get("/items/Morty").send().await;
//! assert_eq!((res.status(), res.text()), (400, r#"{"detail":"Owner error"}"#.to_owned()));
//! # }
//! ```

use std::any::Any;
use std::future::Future;
use std::pin::Pin;

/// The exit code of one `Yield` dependency.
///
/// ```
/// use brisk::depends::{Exit, Yield};
/// use brisk::teardown::{ExitFn, run_exits};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let (_, first) = Yield::new(()).on_exit(|mut exit: Exit| async move {
///     exit.raise("first saw it");
///     exit
/// }).split();
/// let (_, second) = Yield::new(()).on_exit(|exit: Exit| async move { exit }).split();
/// let exits: Vec<ExitFn> = [first, second].into_iter().flatten().collect();
/// // Last registered runs first; the first one replaces the error.
/// let error = run_exits(exits, Some(Box::new("handler failed"))).await;
/// assert_eq!(error.and_then(|e| e.downcast::<&str>().ok()).map(|e| *e), Some("first saw it"));
/// # }
/// ```
pub type ExitFn = Box<dyn FnOnce(Exit) -> Pin<Box<dyn Future<Output = Exit> + Send>> + Send>;

/// A dependency's value with exit code: return it from a `#[dependency]` function.
///
/// ```
/// use brisk::depends::{Exit, Yield};
/// struct OwnerError(String);
/// let y = Yield::new("Rick".to_owned()).on_exit(|mut exit: Exit| async move {
///     if let Some(e) = exit.error::<OwnerError>() {
///         let detail = format!("Owner error: {}", e.0);
///         exit.raise(brisk::HttpException::new(400, detail));
///     }
///     exit
/// });
/// assert_eq!(y.value(), "Rick");
/// ```
pub struct Yield<T> {
    value: T,
    on_exit: Option<ExitFn>,
}

impl<T> std::fmt::Debug for Yield<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Yield").field("on_exit", &self.on_exit.is_some()).finish_non_exhaustive()
    }
}

impl<T> Yield<T> {
    /// A value with no exit code yet.
    pub fn new(value: T) -> Self {
        Yield { value, on_exit: None }
    }

    /// The exit code: it gets the request's outcome and returns it, possibly changed.
    pub fn on_exit<F, Fut>(mut self, f: F) -> Self
    where
        F: FnOnce(Exit) -> Fut + Send + 'static,
        Fut: Future<Output = Exit> + Send + 'static,
    {
        self.on_exit = Some(Box::new(move |exit| Box::pin(f(exit))));
        self
    }

    /// The value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The value and its exit code.
    pub fn split(self) -> (T, Option<ExitFn>) {
        (self.value, self.on_exit)
    }
}

/// What exit code sees: the error the handler (or a later exit) raised, if any.
///
/// ```
/// use brisk::prelude::*;
/// use brisk::depends::{Exit, Yield};
///
/// /// The handler's error, raised (not answered) so that exit code sees it.
/// struct OwnerError(String);
///
/// impl IntoResponse for OwnerError {
///     fn into_response(self) -> brisk::response::HttpResponse {
///         brisk::raise(self)
///     }
/// }
///
/// #[dependency]
/// async fn get_username() -> Yield<String> {
///     Yield::new("Rick".to_owned()).on_exit(|mut exit: Exit| async move {
///         if let Some(e) = exit.error::<OwnerError>() {
///             let detail = format!("Owner error: {}", e.0);
///             exit.raise(HttpException::new(400, detail));
///         }
///         exit
///     })
/// }
///
/// #[get("/items/{item_id}")]
/// async fn get_item(item_id: String, #[depends(get_username)] username: String) -> Result<String, OwnerError> {
///     if item_id != "plumbus" {
///         return Err(OwnerError(username));
///     }
///     Ok(item_id)
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![get_item]));
/// let res = client.get("/items/portal-gun").send().await;
/// assert_eq!(res.status(), 400);
/// assert_eq!(res.json::<serde_json::Value>()["detail"], "Owner error: Rick");
/// # }
/// ```
///
/// Guide: `guide/src/tutorial/dependencies/dependencies-with-yield.md`.
#[derive(Default)]
pub struct Exit {
    error: Option<Box<dyn Any + Send>>,
}

impl std::fmt::Debug for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Exit").field("error", &self.error.is_some()).finish()
    }
}

impl Exit {
    /// The raised error, when it is of type `E`, or a [`brisk::Error`]
    /// wrapping an `E` (what `?` made of it).
    pub fn error<E: Any>(&self) -> Option<&E> {
        let e = self.error.as_ref()?;
        e.downcast_ref::<E>().or_else(|| e.downcast_ref::<crate::result::Error>().and_then(|e| e.downcast_ref::<E>()))
    }

    /// True when nothing was raised.
    pub fn is_ok(&self) -> bool {
        self.error.is_none()
    }

    /// Raises `e` instead (an `HttpException`, or a type with an exception handler).
    pub fn raise<E: Any + Send>(&mut self, e: E) {
        self.error = Some(Box::new(e));
    }

    /// Clears the error: the handler's result stands... there is none, so the request
    /// answers 500. Mostly useful to replace an error with another.
    pub fn take_error(&mut self) -> Option<Box<dyn Any + Send>> {
        self.error.take()
    }
}

/// Runs the exit code registered during this request, last first.
///
/// ```
/// use brisk::depends::{Exit, Yield};
/// use brisk::teardown::{ExitFn, run_exits};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let (_, first) = Yield::new(()).on_exit(|mut exit: Exit| async move {
///     exit.raise("first saw it");
///     exit
/// }).split();
/// let (_, second) = Yield::new(()).on_exit(|exit: Exit| async move { exit }).split();
/// let exits: Vec<ExitFn> = [first, second].into_iter().flatten().collect();
/// // Last registered runs first; the first one replaces the error.
/// let error = run_exits(exits, Some(Box::new("handler failed"))).await;
/// assert_eq!(error.and_then(|e| e.downcast::<&str>().ok()).map(|e| *e), Some("first saw it"));
/// # }
/// ```
pub async fn run_exits(exits: Vec<ExitFn>, error: Option<Box<dyn Any + Send>>) -> Option<Box<dyn Any + Send>> {
    let mut exit = Exit { error };
    for f in exits.into_iter().rev() {
        exit = f(exit).await;
    }
    exit.error
}

/// A streamed body whose dependencies' exit code runs when it ends (or is dropped): a
/// streaming response keeps what it uses alive until the last chunk.
///
/// ```
/// use brisk::Body;
/// use brisk::depends::{Exit, Yield};
/// use brisk::teardown::ExitOnEnd;
/// use std::sync::atomic::{AtomicBool, Ordering};
/// use std::sync::Arc;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let closed = Arc::new(AtomicBool::new(false));
/// let flag = closed.clone();
/// let (_, exit) = Yield::new(()).on_exit(move |exit: Exit| async move {
///     flag.store(true, Ordering::SeqCst);
///     exit
/// }).split();
/// let body = ExitOnEnd::new(Body::full("chunk"), exit.into_iter().collect());
/// drop(body);
/// tokio::task::yield_now().await;
/// assert!(closed.load(Ordering::SeqCst));
/// # }
/// ```
pub struct ExitOnEnd {
    inner: crate::body::Body,
    exits: Option<Vec<ExitFn>>,
}

impl ExitOnEnd {
    /// `inner`, running `exits` when it ends or is dropped.
    pub fn new(inner: crate::body::Body, exits: Vec<ExitFn>) -> Self {
        ExitOnEnd { inner, exits: Some(exits) }
    }

    fn run_exits(&mut self) {
        if let Some(exits) = self.exits.take() {
            // The response is out: nothing can answer an error any more.
            tokio::spawn(async move {
                let _ = run_exits(exits, None).await;
            });
        }
    }
}

impl http_body::Body for ExitOnEnd {
    type Data = bytes::Bytes;
    type Error = crate::body::BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<bytes::Bytes>, Self::Error>>> {
        let poll = Pin::new(&mut self.inner).poll_frame(cx);
        if let std::task::Poll::Ready(None) = poll {
            self.run_exits();
        }
        poll
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for ExitOnEnd {
    fn drop(&mut self) {
        self.run_exits();
    }
}
