//! Exception handlers: how an [`HttpException`], a validation failure, a custom error, a
//! body that cannot be read and a panicking handler become responses.
//!
//! FastAPI's defaults are the functions here; an app may replace the `HttpException` and
//! validation handlers and register handlers for its own error types
//! (`App::exception_handler`). A custom handler can call the defaults to reuse them.

use http::header::{CONTENT_TYPE, LOCATION};
use http::{HeaderValue, StatusCode};
use serde_json::{Value, json};

use std::any::{Any, TypeId};
use std::sync::Arc;

use crate::body::{Body, BodyError};
use crate::error::{HttpException, ValidationErrors};
use crate::request::RequestCtx;
use crate::response::{HttpResponse, internal_error};

type Handler<E> = Arc<dyn Fn(&RequestCtx, E) -> HttpResponse + Send + Sync>;
type AnyHandler = Arc<dyn Fn(&RequestCtx, Box<dyn Any + Send>) -> HttpResponse + Send + Sync>;

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
    pub fn set_http(&mut self, f: impl Fn(&RequestCtx, HttpException) -> HttpResponse + Send + Sync + 'static) {
        self.http = Some(Arc::new(f));
    }

    /// Replaces the validation-error (422) handler.
    pub fn set_validation(
        &mut self,
        f: impl Fn(&RequestCtx, ValidationErrors) -> HttpResponse + Send + Sync + 'static,
    ) {
        self.validation = Some(Arc::new(f));
    }

    /// Registers the handler of error type `E`.
    pub fn set_custom<E: Any + Send>(&mut self, f: impl Fn(&RequestCtx, E) -> HttpResponse + Send + Sync + 'static) {
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

    /// Answers an `HttpException`.
    pub fn http_exception(&self, req: &RequestCtx, e: HttpException) -> HttpResponse {
        match &self.http {
            Some(h) => h(req, e),
            None => http_exception_response(&e),
        }
    }

    /// Answers a validation failure.
    pub fn validation(&self, req: &RequestCtx, errors: ValidationErrors) -> HttpResponse {
        match &self.validation {
            Some(h) => h(req, errors),
            None => validation_error_response(&errors),
        }
    }

    /// Answers a boxed error by its dynamic type, or a 500 when no handler is registered.
    pub fn custom_boxed(&self, req: &RequestCtx, e: Box<dyn Any + Send>) -> HttpResponse {
        let t = (*e).type_id();
        match self.custom.iter().find(|(id, _)| *id == t) {
            Some((_, h)) => h(req, e),
            None => internal_error("an error was raised with no exception handler for its type"),
        }
    }

    /// Answers a custom error, or a 500 when no handler is registered for its type.
    pub fn custom<E: Any + Send>(&self, req: &RequestCtx, e: E) -> HttpResponse {
        match self.custom.iter().find(|(t, _)| *t == TypeId::of::<E>()) {
            Some((_, h)) => h(req, Box::new(e)),
            None => internal_error(&format!("no exception handler for {}", std::any::type_name::<E>())),
        }
    }
}

fn json_response(status: StatusCode, body: Vec<u8>) -> HttpResponse {
    let mut res = http::Response::new(Body::from(body));
    *res.status_mut() = status;
    res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    res
}

fn detail(status: StatusCode, detail: &Value) -> HttpResponse {
    json_response(status, serde_json::to_vec(&json!({ "detail": detail })).unwrap_or_default())
}

/// FastAPI's `http_exception_handler`: `{"detail": ...}` with the exception's status and
/// headers (no body for 204 and 304).
pub fn http_exception_response(e: &HttpException) -> HttpResponse {
    let status = e.status();
    let mut res = if status == StatusCode::NO_CONTENT || status == StatusCode::NOT_MODIFIED {
        let mut r = http::Response::new(Body::empty());
        *r.status_mut() = status;
        r
    } else {
        detail(status, e.detail())
    };
    for (k, v) in e.headers() {
        res.headers_mut().append(k.clone(), v.clone());
    }
    res
}

/// FastAPI's `request_validation_exception_handler`: 422 `{"detail": [...]}`.
pub fn validation_error_response(errors: &ValidationErrors) -> HttpResponse {
    json_response(StatusCode::UNPROCESSABLE_ENTITY, errors.to_body())
}

/// A body that could not be read: 413 past the size limit, 400 when the connection failed.
pub fn body_error_response(e: &BodyError) -> HttpResponse {
    match e {
        BodyError::TooLarge => detail(StatusCode::PAYLOAD_TOO_LARGE, &json!("Request body too large")),
        BodyError::Read(_) => detail(StatusCode::BAD_REQUEST, &json!("Could not read the request body")),
    }
}

pub(crate) fn not_found() -> HttpResponse {
    detail(StatusCode::NOT_FOUND, &json!("Not Found"))
}

pub(crate) fn redirect(location: &str) -> HttpResponse {
    let mut res = http::Response::new(Body::empty());
    *res.status_mut() = StatusCode::TEMPORARY_REDIRECT;
    if let Ok(v) = HeaderValue::from_str(location) {
        res.headers_mut().insert(LOCATION, v);
    }
    res
}

/// What a panicking handler answers: a plain 500, as Starlette's server error middleware.
pub(crate) fn panic_response() -> HttpResponse {
    let mut res = http::Response::new(Body::from("Internal Server Error"));
    *res.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::header::ALLOW;

    #[test]
    fn http_exception_keeps_status_detail_and_headers() {
        let r = http_exception_response(&HttpException::new(404, "Item not found").header("x-error", "boom"));
        assert_eq!(r.status(), 404);
        assert_eq!(r.headers()["x-error"], "boom");
        assert_eq!(r.body().as_bytes().unwrap(), br#"{"detail":"Item not found"}"#);
        let r = http_exception_response(&HttpException::new(204, "ignored"));
        assert_eq!(r.body().as_bytes().unwrap(), b"");
    }

    #[test]
    fn router_errors_match_starlette() {
        assert_eq!(not_found().body().as_bytes().unwrap(), br#"{"detail":"Not Found"}"#);
        let r = http_exception_response(&HttpException::from_status(405).header("allow", "GET"));
        assert_eq!((r.status().as_u16(), &r.headers()[ALLOW]), (405, &HeaderValue::from_static("GET")));
        assert_eq!(body_error_response(&BodyError::TooLarge).status(), 413);
    }
}
