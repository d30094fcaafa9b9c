//! Database errors as responses: the app's exception handler for `sqlx::Error`, so a
//! handler only writes `?` (as FastAPI lets `IntegrityError` reach an exception handler).

use brisk::exceptions::ExceptionHandlers;
use brisk::prelude::*;
use brisk::response::HttpResponse;
use serde_json::json;
use sqlx::error::ErrorKind;

// ANCHOR: handler
/// A unique constraint broken (a second hero with a name already taken) is the client's
/// conflict: 409. A required column set to `null` (`{"name": null}` in a PATCH) is
/// invalid input: 422. Anything else is the server's fault: logged, and a plain 500.
pub fn database_error(_req: &Request, error: sqlx::Error) -> HttpResponse {
    let (status, detail) = match &error {
        sqlx::Error::Database(e) => match e.kind() {
            ErrorKind::UniqueViolation => (409, "A hero with this name already exists"),
            ErrorKind::NotNullViolation => (422, "A hero's name and secret name may not be null"),
            _ => return ExceptionHandlers::unhandled(Box::new(brisk::Error::from(error))),
        },
        _ => return ExceptionHandlers::unhandled(Box::new(brisk::Error::from(error))),
    };
    JsonResponse::new(json!({ "detail": detail })).status(status).into_response()
}
// ANCHOR_END: handler
