//! FastAPI's default answers to errors: an `HttpException`, a validation failure, a
//! body that cannot be read, the router's 404 and redirects, a panicking handler.
//!
//! ```
//! use brisk::HttpException;
//! use brisk::response::errors::{http_exception_response, not_found};
//!
//! assert_eq!(not_found().status(), 404);
//! let res = http_exception_response(&HttpException::new(400, "Bad thing"));
//! assert_eq!(res.status(), 400);
//! ```

use http::header::{CONTENT_TYPE, LOCATION};
use http::{HeaderValue, StatusCode};
use serde_json::{Value, json};

use crate::body::{Body, BodyError};
use crate::error::{HttpException, ValidationErrors};

use super::HttpResponse;

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
///
/// ```
/// use brisk::HttpException;
/// let res = brisk::response::errors::http_exception_response(&HttpException::new(404, "Item not found").header("x-error", "1"));
/// assert_eq!((res.status().as_u16(), res.headers()["x-error"].to_str().unwrap()), (404, "1"));
/// ```
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
///
/// ```
/// let res = brisk::response::errors::validation_error_response(&brisk::ValidationErrors::new());
/// assert_eq!(res.status(), 422);
/// ```
pub fn validation_error_response(errors: &ValidationErrors) -> HttpResponse {
    json_response(StatusCode::UNPROCESSABLE_ENTITY, errors.to_body())
}

/// A body that could not be read: 413 past the size limit, 400 when the connection failed.
///
/// ```
/// use brisk::body::BodyError;
/// assert_eq!(brisk::response::errors::body_error_response(&BodyError::TooLarge).status(), 413);
/// ```
pub fn body_error_response(e: &BodyError) -> HttpResponse {
    match e {
        BodyError::TooLarge => detail(StatusCode::PAYLOAD_TOO_LARGE, &json!("Request body too large")),
        BodyError::Read(_) => detail(StatusCode::BAD_REQUEST, &json!("Could not read the request body")),
    }
}

/// The router's 404.
///
/// ```
/// assert_eq!(brisk::response::errors::not_found().status(), 404);
/// ```
pub fn not_found() -> HttpResponse {
    detail(StatusCode::NOT_FOUND, &json!("Not Found"))
}

/// A 307 redirect (the router's trailing-slash redirect).
///
/// ```
/// let res = brisk::response::errors::redirect("/items/");
/// assert_eq!((res.status().as_u16(), res.headers()["location"].to_str().unwrap()), (307, "/items/"));
/// ```
pub fn redirect(location: &str) -> HttpResponse {
    let mut res = http::Response::new(Body::empty());
    *res.status_mut() = StatusCode::TEMPORARY_REDIRECT;
    if let Ok(v) = HeaderValue::from_str(location) {
        res.headers_mut().insert(LOCATION, v);
    }
    res
}

/// What a panicking handler answers: a plain 500, as Starlette's server error middleware.
///
/// ```
/// assert_eq!(brisk::response::errors::panic_response().status(), 500);
/// ```
pub fn panic_response() -> HttpResponse {
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
