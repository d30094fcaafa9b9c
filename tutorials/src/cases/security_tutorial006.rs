//! HTTP Basic authentication: the decoded username and password.
use brisk::prelude::*;
use brisk::security::{HttpBasic, HttpBasicCredentials};
use serde_json::{Value, json};

static SECURITY: HttpBasic = HttpBasic::new();

#[get("/users/me")]
async fn read_current_user(#[security(SECURITY)] credentials: HttpBasicCredentials) -> Value {
    json!({"username": credentials.username, "password": credentials.password})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_current_user])
}
