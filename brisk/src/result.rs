//! [`Error`] and [`Result`]: any error, for `?` in handlers and dependencies, in the spirit
//! of `anyhow`.
//!
//! `?` turns any `std::error::Error + Send + Sync + 'static` into an [`Error`] (an
//! [`HttpException`](crate::HttpException) too). Returned from a path operation or a
//! dependency it is answered by its type, as Starlette answers a raised exception: an
//! `HttpException` by the app's `HttpException` handler, a type with a handler of the
//! app's (`App::exception_handler::<E>`) by that handler, anything else by a logged 500
//! (`Internal Server Error`, as Starlette's `ServerErrorMiddleware`).
//!
//! ```
//! use brisk::prelude::*;
//!
//! #[get("/double/{text}")]
//! async fn double(text: String) -> brisk::Result<String> {
//!     let n: i64 = text.parse()?; // any error: `?`
//!     Ok((2 * n).to_string())
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let client = TestClient::new(App::new().routes(routes![double]));
//! assert_eq!(client.get("/double/21").send().await.json::<String>(), "42");
//! assert_eq!(client.get("/double/x").send().await.status(), 500);
//! # }
//! ```

use std::any::{Any, TypeId};
use std::error::Error as StdError;
use std::fmt;

/// `std::result::Result` with [`Error`] as its default error: `brisk::Result<Item>`.
///
/// ```
/// use brisk::prelude::*;
///
/// #[get("/items/{id}")]
/// async fn read_item(id: String) -> brisk::Result<Json<u32>> {
///     let n: u32 = id.parse()?; // any error: a 500, logged with its causes
///     if n == 0 {
///         return Err(HttpException::new(404, "Item not found").into()); // answered as itself
///     }
///     Ok(Json(n))
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![read_item]));
/// assert_eq!(client.get("/items/7").send().await.json::<u32>(), 7);
/// assert_eq!(client.get("/items/0").send().await.status(), 404);
/// assert_eq!(client.get("/items/x").send().await.status(), 500);
/// # }
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Any error: what `?` converts an error into in a function returning [`Result`].
///
/// Like `anyhow::Error`, it does not implement `std::error::Error` itself (so that
/// `From<E>` can take every error type); it derefs to one, and its [`chain`](Error::chain)
/// walks the causes. `{}` shows the outermost message, `{:#}` the whole chain
/// (`outer: cause: root cause`), `{:?}` the chain on several lines.
///
/// ```
/// use brisk::prelude::*;
///
/// #[get("/number/{text}")]
/// async fn number(text: String) -> brisk::Result<Json<i64>> {
///     let n: i64 = text.parse()?; // a `ParseIntError` becomes a `brisk::Error`
///     if n < 0 {
///         Err(HttpException::new(400, "negative"))?; // answered as the HttpException
///     }
///     Ok(Json(n))
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![number]));
/// assert_eq!(client.get("/number/7").send().await.text(), "7");
/// let res = client.get("/number/-1").send().await;
/// assert_eq!((res.status(), res.text()), (400, r#"{"detail":"negative"}"#.to_owned()));
/// // Any other error: logged with its causes, answered as a plain 500.
/// let res = client.get("/number/seven").send().await;
/// assert_eq!((res.status(), res.text()), (500, "Internal Server Error".to_owned()));
/// # }
/// ```
pub struct Error(Box<dyn Erased>);

/// What an [`Error`] holds: a `std::error::Error` that can also be given back by value,
/// as its own type, to the exception handler registered for that type.
trait Erased: StdError + Send + Sync + 'static {
    fn as_std(&self) -> &(dyn StdError + Send + Sync + 'static);
    fn as_any(&self) -> &(dyn Any + Send + Sync);
    fn into_any(self: Box<Self>) -> Box<dyn Any + Send>;
}

impl<E: StdError + Send + Sync + 'static> Erased for E {
    fn as_std(&self) -> &(dyn StdError + Send + Sync + 'static) {
        self
    }
    fn as_any(&self) -> &(dyn Any + Send + Sync) {
        self
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any + Send> {
        self
    }
}

/// A plain message as an error (`Error::msg`).
struct Message<M>(M);

impl<M: fmt::Display> fmt::Display for Message<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<M: fmt::Debug> fmt::Debug for Message<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<M: fmt::Display + fmt::Debug> StdError for Message<M> {}

/// An error with a message of context around it (`Error::context`): the message shows
/// first, the error is its source.
struct WithContext {
    message: String,
    error: Error,
}

impl fmt::Display for WithContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for WithContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WithContext").field("message", &self.message).field("error", &self.error).finish()
    }
}

impl StdError for WithContext {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(self.error.0.as_std())
    }
}

impl Error {
    /// Wraps an error.
    pub fn new<E: StdError + Send + Sync + 'static>(error: E) -> Self {
        Error(Box::new(error))
    }

    /// An error that is only a message: `Error::msg(format!("no user {id}"))`.
    pub fn msg<M: fmt::Display + fmt::Debug + Send + Sync + 'static>(message: M) -> Self {
        Error::new(Message(message))
    }

    /// This error with a message around it, shown first in the chain (the error stays
    /// what answers the request: context is for the log).
    pub fn context<C: fmt::Display>(self, context: C) -> Self {
        Error::new(WithContext { message: context.to_string(), error: self })
    }

    /// The error and its causes, outermost first (each `source()` in turn).
    pub fn chain(&self) -> Chain<'_> {
        Chain { next: Some(self.0.as_std()) }
    }

    /// The innermost cause (this error itself when it has none).
    pub fn root_cause(&self) -> &(dyn StdError + 'static) {
        let mut last: &(dyn StdError + 'static) = self.0.as_std();
        while let Some(next) = last.source() {
            last = next;
        }
        last
    }

    /// The wrapped error as an `E`, if it is one (context messages are looked through).
    pub fn downcast_ref<E: Any>(&self) -> Option<&E> {
        self.peeled().0.as_any().downcast_ref::<E>()
    }

    /// True when the wrapped error is an `E` (context messages are looked through).
    pub fn is<E: Any>(&self) -> bool {
        self.downcast_ref::<E>().is_some()
    }

    /// The wrapped error by value as an `E`, or this error back when it is another type
    /// (context messages are dropped when it is an `E`).
    pub fn downcast<E: Any>(self) -> std::result::Result<E, Self> {
        if !self.is::<E>() {
            return Err(self);
        }
        match self.into_peeled().into_any().downcast::<E>() {
            Ok(e) => Ok(*e),
            // `is` said it is an `E`.
            Err(_) => unreachable!("the error changed type"),
        }
    }

    /// The type of the wrapped error, context messages looked through: what picks its
    /// exception handler.
    pub fn type_id_of_error(&self) -> TypeId {
        self.peeled().0.as_any().type_id()
    }

    /// The wrapped error, context messages dropped, boxed as its own type: what the
    /// exception handler registered for that type is given.
    pub fn into_any(self) -> Box<dyn Any + Send> {
        self.into_peeled().0.into_any()
    }

    /// The error under any context messages.
    fn peeled(&self) -> &Error {
        let mut e = self;
        while let Some(c) = e.0.as_any().downcast_ref::<WithContext>() {
            e = &c.error;
        }
        e
    }

    /// The error under any context messages, by value.
    fn into_peeled(self) -> Error {
        let mut e = self;
        while e.0.as_any().is::<WithContext>() {
            match e.0.into_any().downcast::<WithContext>() {
                Ok(c) => e = c.error,
                Err(_) => unreachable!("checked to be a context"),
            }
        }
        e
    }
}

impl<E: StdError + Send + Sync + 'static> From<E> for Error {
    fn from(error: E) -> Self {
        Error::new(error)
    }
}

/// Back to a boxed `std::error::Error` (what a lifespan or a startup hook may return),
/// its causes kept.
impl From<Error> for Box<dyn StdError + Send + Sync + 'static> {
    fn from(error: Error) -> Self {
        error.0
    }
}

impl std::ops::Deref for Error {
    type Target = dyn StdError + Send + Sync + 'static;

    fn deref(&self) -> &Self::Target {
        self.0.as_std()
    }
}

impl AsRef<dyn StdError + Send + Sync + 'static> for Error {
    fn as_ref(&self) -> &(dyn StdError + Send + Sync + 'static) {
        self.0.as_std()
    }
}

impl fmt::Display for Error {
    /// The outermost message; with `{:#}`, every cause after it: `a: b: c`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        if f.alternate() {
            for cause in self.chain().skip(1) {
                write!(f, ": {cause}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    /// The message, then its causes numbered, one a line (as `anyhow` shows them, e.g.
    /// when `main` returns the error).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            return f.debug_tuple("Error").field(&self.0).finish();
        }
        write!(f, "{}", self.0)?;
        let causes: Vec<_> = self.chain().skip(1).collect();
        if !causes.is_empty() {
            f.write_str("\n\nCaused by:")?;
            for (i, cause) in causes.iter().enumerate() {
                write!(f, "\n    {i}: {cause}")?;
            }
        }
        Ok(())
    }
}

/// The causes of an [`Error`], outermost first: [`Error::chain`].
///
/// ```
/// use brisk::result::Context;
///
/// let read: brisk::Result<String> = std::fs::read_to_string("no/such/file").context("reading the config");
/// let err = read.unwrap_err();
/// let causes: Vec<String> = err.chain().map(|e| e.to_string()).collect();
/// assert_eq!(causes[0], "reading the config");
/// assert_eq!(causes.len(), 2);
/// ```
#[derive(Clone)]
pub struct Chain<'a> {
    next: Option<&'a (dyn StdError + 'static)>,
}

impl fmt::Debug for Chain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone().map(|e| e.to_string())).finish()
    }
}

impl<'a> Iterator for Chain<'a> {
    type Item = &'a (dyn StdError + 'static);

    fn next(&mut self) -> Option<Self::Item> {
        let current = self.next?;
        self.next = current.source();
        Some(current)
    }
}

/// `.context("..")` on a `Result`: its error becomes an [`Error`] with that message
/// around it (shown first in the log).
///
/// ```
/// use brisk::prelude::*;
/// use brisk::result::Context;
///
/// #[get("/config")]
/// async fn config() -> brisk::Result<String> {
///     let port: u16 = "eighty".parse().context("parsing the port")?;
///     Ok(port.to_string())
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = TestClient::new(App::new().routes(routes![config]));
/// let res = client.get("/config").send().await;
/// assert_eq!(res.status(), 500);
/// # }
/// ```
pub trait Context<T> {
    /// The error wrapped with a message.
    fn context<C: fmt::Display>(self, context: C) -> Result<T>;

    /// The error wrapped with a message computed only when there is an error.
    fn with_context<C: fmt::Display, F: FnOnce() -> C>(self, f: F) -> Result<T>;
}

impl<T, E: Into<Error>> Context<T> for std::result::Result<T, E> {
    fn context<C: fmt::Display>(self, context: C) -> Result<T> {
        self.map_err(|e| e.into().context(context))
    }

    fn with_context<C: fmt::Display, F: FnOnce() -> C>(self, f: F) -> Result<T> {
        self.map_err(|e| e.into().context(f()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Outer(std::io::Error);

    impl fmt::Display for Outer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("reading the config")
        }
    }

    impl StdError for Outer {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            Some(&self.0)
        }
    }

    fn io() -> std::io::Error {
        std::io::Error::new(std::io::ErrorKind::NotFound, "no such file")
    }

    #[test]
    fn question_mark_wraps_any_error() {
        fn parse() -> Result<i32> {
            Ok("x".parse::<i32>()?)
        }
        let e = parse().unwrap_err();
        assert!(e.is::<std::num::ParseIntError>());
        assert!(!e.is::<std::io::Error>());
        assert_eq!(e.to_string(), "invalid digit found in string");
    }

    #[test]
    fn chain_display_and_debug() {
        let e = Error::new(Outer(io()));
        let chain: Vec<String> = e.chain().map(|c| c.to_string()).collect();
        assert_eq!(chain, ["reading the config", "no such file"]);
        assert_eq!(e.root_cause().to_string(), "no such file");
        assert_eq!(format!("{e}"), "reading the config");
        assert_eq!(format!("{e:#}"), "reading the config: no such file");
        assert_eq!(format!("{e:?}"), "reading the config\n\nCaused by:\n    0: no such file");
        assert_eq!(format!("{:?}", Error::msg("plain")), "plain");
        assert!(e.source().is_some(), "derefs to the wrapped std error");
    }

    #[test]
    fn context_is_shown_and_looked_through() {
        let r: std::result::Result<(), std::io::Error> = Err(io());
        let e = r.context("loading user 3").unwrap_err().context("handling the request");
        assert_eq!(format!("{e:#}"), "handling the request: loading user 3: no such file");
        assert_eq!(e.downcast_ref::<std::io::Error>().map(|e| e.kind()), Some(std::io::ErrorKind::NotFound));
        assert_eq!(e.type_id_of_error(), TypeId::of::<std::io::Error>());
        let io = e.downcast::<std::io::Error>().unwrap();
        assert_eq!(io.to_string(), "no such file");
        let lazy: Result<()> = Err(Error::msg("inner")).with_context(|| format!("step {}", 2));
        assert_eq!(format!("{:#}", lazy.unwrap_err()), "step 2: inner");
    }

    #[test]
    fn downcast_gives_the_error_back_when_it_is_another_type() {
        let e = Error::new(io());
        let e = e.downcast::<std::num::ParseIntError>().unwrap_err();
        let any = e.into_any();
        assert!(any.downcast::<std::io::Error>().is_ok());
    }
}
