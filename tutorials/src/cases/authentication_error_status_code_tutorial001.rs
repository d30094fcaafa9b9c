//! A bearer scheme with its own error for missing credentials: 403 without
//! `WWW-Authenticate` (FastAPI: an `HTTPBearer` subclass overriding
//! `make_not_authenticated_error`).
use brisk::prelude::*;
use brisk::security::{HttpAuthorizationCredentials, HttpBearer};
use serde_json::{Value, json};

fn forbidden() -> HttpException {
    HttpException::new(403, "Not authenticated")
}

static HTTP_BEARER_403: HttpBearer =
    HttpBearer::new().scheme_name("HTTPBearer403").not_authenticated_error(forbidden);

#[get("/me")]
async fn read_me(#[security(HTTP_BEARER_403)] credentials: HttpAuthorizationCredentials) -> Value {
    json!({"message": "You are authenticated", "token": credentials.credentials})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_me])
}
