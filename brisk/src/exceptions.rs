//! Exception handlers: how an [`HttpException`], a validation failure, a custom error, a
//! body that cannot be read and a panicking handler become responses.
//!
//! FastAPI's defaults are the functions here; an app may replace the `HttpException` and
//! validation handlers and register handlers for its own error types
//! (`App::exception_handler`). A custom handler can call the defaults to reuse them.

use std::any::{Any, TypeId};
use std::sync::Arc;

use crate::error::{HttpException, ValidationErrors};
use crate::request::Request;
use crate::response::{HttpResponse, internal_error};

pub use crate::response::errors::{body_error_response, http_exception_response, validation_error_response};

type Handler<E> = Arc<dyn Fn(&Request, E) -> HttpResponse + Send + Sync>;
type AnyHandler = Arc<dyn Fn(&Request, Box<dyn Any + Send>) -> HttpResponse + Send + Sync>;

/// The handlers an app answers errors with.
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
        self.http.is_some() || !self.custom.is_empty()
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
    /// handler, another type by the handler registered for it. `Err` gives the error back
    /// when no handler of the app's is for it.
    pub fn answer(&self, req: &Request, e: Box<dyn Any + Send>) -> Result<HttpResponse, Box<dyn Any + Send>> {
        let t = (*e).type_id();
        if t == TypeId::of::<HttpException>() {
            return match e.downcast::<HttpException>() {
                Ok(e) => Ok(self.http_exception(req, *e)),
                Err(e) => Err(e),
            };
        }
        match self.custom.iter().find(|(id, _)| *id == t) {
            Some((_, h)) => Ok(h(req, e)),
            None => Err(e),
        }
    }

    /// Replaces a response that raised an error ([`raise`](crate::response::raise), an
    /// `HttpException`) by the app's handler for it, if there is one.
    #[inline]
    pub fn finish(&self, req: &Request, mut res: HttpResponse) -> HttpResponse {
        if !self.answers_raised() {
            return res;
        }
        match crate::response::Raised::take(&mut res) {
            Some(e) => self.answer(req, e).unwrap_or(res),
            None => res,
        }
    }
}
