//! Exception handlers: how an [`HttpException`], a validation failure, a custom error, a
//! body that cannot be read and a panicking handler become responses.
//!
//! FastAPI's defaults are the functions here; an app may replace the `HttpException` and
//! validation handlers and register handlers for its own error types
//! (`App::exception_handler`). A custom handler can call the defaults to reuse them.
//!
//! ```
//! use brisk::prelude::*;
//!
//! #[get("/items/{id}")]
//! async fn read_item(id: u32) -> Result<String, HttpException> {
//!     Err(HttpException::new(418, format!("no item {id}")))
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! // FastAPI's handler for HTTPException, replaced: plain text instead of JSON.
//! let app = App::new().routes(routes![read_item]).http_exception_handler(|_req, e| {
//!     let text = e.detail().as_str().unwrap_or_default().to_owned();
//!     PlainTextResponse::new(text).status(e.status().as_u16()).into_response()
//! });
//! let res = TestClient::new(app).get("/items/1").send().await;
//! assert_eq!((res.status(), res.text()), (418, "no item 1".to_owned()));
//! # }
//! ```

use std::any::{Any, TypeId};
use std::sync::Arc;

use http::StatusCode;

use crate::error::{HttpException, ValidationErrors};
use crate::request::Request;
use crate::response::{HttpResponse, internal_error};
use crate::result::Error;

pub use crate::response::errors::{body_error_response, http_exception_response, validation_error_response};

type Handler<E> = Arc<dyn Fn(&Request, E) -> HttpResponse + Send + Sync>;
type AnyHandler = Arc<dyn Fn(&Request, Box<dyn Any + Send>) -> HttpResponse + Send + Sync>;

/// The handlers an app answers errors with.
///
/// Set through the app:
///
/// ```
/// use brisk::prelude::*;
/// use brisk::response::HttpResponse;
///
/// struct UnicornException(String);
///
/// impl IntoResponse for UnicornException {
///     fn into_response(self) -> HttpResponse {
///         brisk::raise(self)
///     }
/// }
///
/// #[get("/unicorns/{name}")]
/// async fn read_unicorn(name: String) -> Result<String, UnicornException> {
///     if name == "yolo" {
///         return Err(UnicornException(name));
///     }
///     Ok(name)
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let app = App::new().routes(routes![read_unicorn]).exception_handler(|_req: &Request, e: UnicornException| {
///     let message = format!("Oops! {} did something. There goes a rainbow...", e.0);
///     JsonResponse::new(serde_json::json!({"message": message})).status(418).into_response()
/// });
/// let res = TestClient::new(app).get("/unicorns/yolo").send().await;
/// assert_eq!(res.status(), 418);
/// # }
/// ```
///
/// Guide: `guide/src/tutorial/handling-errors.md`.
#[derive(Clone, Default)]
pub struct ExceptionHandlers {
    http: Option<Handler<HttpException>>,
    validation: Option<Handler<ValidationErrors>>,
    custom: Vec<(TypeId, AnyHandler)>,
}

impl std::fmt::Debug for ExceptionHandlers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExceptionHandlers")
            .field("http", &self.http.is_some())
            .field("validation", &self.validation.is_some())
            .field("custom", &self.custom.len())
            .finish()
    }
}

impl ExceptionHandlers {
    /// Replaces the `HttpException` handler.
    pub fn set_http(&mut self, f: impl Fn(&Request, HttpException) -> HttpResponse + Send + Sync + 'static) {
        self.http = Some(Arc::new(f));
    }

    /// Replaces the validation-error (422) handler.
    pub fn set_validation(&mut self, f: impl Fn(&Request, ValidationErrors) -> HttpResponse + Send + Sync + 'static) {
        self.validation = Some(Arc::new(f));
    }

    /// Registers the handler of error type `E`.
    pub fn set_custom<E: Any + Send>(&mut self, f: impl Fn(&Request, E) -> HttpResponse + Send + Sync + 'static) {
        let any: AnyHandler = Arc::new(move |req, e: Box<dyn Any + Send>| match e.downcast::<E>() {
            Ok(e) => f(req, *e),
            Err(_) => internal_error("exception handler called with another type"),
        });
        self.custom.retain(|(t, _)| *t != TypeId::of::<E>());
        self.custom.push((TypeId::of::<E>(), any));
    }

    /// True when the `HttpException` handler was replaced.
    pub fn has_http_handler(&self) -> bool {
        self.http.is_some()
    }

    /// True when some raised error may be answered by a handler of the app's: the
    /// `HttpException` handler was replaced or a custom one registered.
    pub fn answers_raised(&self) -> bool {
        self.http.is_some() || self.validation.is_some() || !self.custom.is_empty()
    }

    /// Answers an `HttpException`.
    pub fn http_exception(&self, req: &Request, e: HttpException) -> HttpResponse {
        match &self.http {
            Some(h) => h(req, e),
            None => http_exception_response(&e),
        }
    }

    /// Answers a validation failure.
    pub fn validation(&self, req: &Request, errors: ValidationErrors) -> HttpResponse {
        match &self.validation {
            Some(h) => h(req, errors),
            None => validation_error_response(&errors),
        }
    }

    /// Answers a raised error by its type: an `HttpException` by the `HttpException`
    /// handler, another type by the handler registered for it; a [`brisk::Error`]
    /// by the type it wraps, else by a handler registered for `brisk::Error` itself (the
    /// catch-all). `Err` gives the error back when no handler of the app's is for it.
    pub fn answer(&self, req: &Request, e: Box<dyn Any + Send>) -> Result<HttpResponse, Box<dyn Any + Send>> {
        let t = (*e).type_id();
        if t == TypeId::of::<HttpException>() {
            return match e.downcast::<HttpException>() {
                Ok(e) => Ok(self.http_exception(req, *e)),
                Err(e) => Err(e),
            };
        }
        if t == TypeId::of::<ValidationErrors>() {
            return match e.downcast::<ValidationErrors>() {
                Ok(errors) => Ok(self.validation(req, *errors)),
                Err(e) => Err(e),
            };
        }
        if t == TypeId::of::<Error>() {
            return match e.downcast::<Error>() {
                Ok(e) => self.answer_error(req, *e),
                Err(e) => Err(e),
            };
        }
        match self.custom.iter().find(|(id, _)| *id == t) {
            Some((_, h)) => Ok(h(req, e)),
            None => Err(e),
        }
    }

    /// Answers a [`brisk::Error`]: by what it wraps (an `HttpException`, a type
    /// with a handler), else by the handler of `brisk::Error`, if any.
    fn answer_error(&self, req: &Request, e: Error) -> Result<HttpResponse, Box<dyn Any + Send>> {
        let e = match e.downcast::<HttpException>() {
            Ok(http) => return Ok(self.http_exception(req, http)),
            Err(e) => e,
        };
        let inner = e.type_id_of_error();
        if let Some((_, h)) = self.custom.iter().find(|(id, _)| *id == inner) {
            return Ok(h(req, e.into_any()));
        }
        match self.custom.iter().find(|(id, _)| *id == TypeId::of::<Error>()) {
            Some((_, h)) => Ok(h(req, Box::new(e))),
            None => Err(Box::new(e)),
        }
    }

    /// Replaces a response that raised an error ([`raise`](crate::response::raise), an
    /// `HttpException`, a [`brisk::Error`]) by the app's handler for it, if there
    /// is one. A raised error no handler takes keeps its default answer (a 500 for all but
    /// an `HttpException`) and is logged. Only a response that raised something does any
    /// work here: one that did not has no handler to run (none registered) or is not a
    /// 500 and has no `Raised` mark to take.
    #[inline]
    pub fn finish(&self, req: &Request, res: HttpResponse) -> HttpResponse {
        // Inlined, the common case moves no response.
        if !self.answers_raised() && res.status() != StatusCode::INTERNAL_SERVER_ERROR {
            return res;
        }
        self.finish_raised(req, res)
    }

    /// [`finish`](Self::finish) of a response that may carry a raised error.
    #[cold]
    fn finish_raised(&self, req: &Request, mut res: HttpResponse) -> HttpResponse {
        match crate::response::Raised::take(&mut res) {
            Some(e) => match self.answer(req, e) {
                Ok(answered) => answered,
                Err(e) => {
                    log_unhandled(&*e);
                    res
                }
            },
            None => res,
        }
    }

    /// The answer to a raised error no handler takes: it is logged (a
    /// [`brisk::Error`] with its causes) and answered 500, as Starlette's
    /// `ServerErrorMiddleware` does.
    pub fn unhandled(e: Box<dyn Any + Send>) -> HttpResponse {
        log_unhandled(&*e);
        crate::response::errors::panic_response()
    }
}

/// Logs a raised error that no handler answered: a [`brisk::Error`] with its
/// whole chain of causes.
fn log_unhandled(e: &(dyn Any + Send)) {
    match e.downcast_ref::<Error>() {
        // `{:#}`: the message, then each cause: `loading item 3: store unavailable: ...`.
        Some(e) => tracing::error!("unhandled error, answered 500: {e:#}"),
        None => tracing::error!("an error was raised with no exception handler for its type; answered 500"),
    }
}
