//! Global dependencies: every route of the app runs them.
use brisk::prelude::*;
use serde_json::{Value, json};

#[dependency]
async fn verify_token(#[header] x_token: String) -> Result<(), HttpException> {
    if x_token != "fake-super-secret-token" {
        return Err(HttpException::new(400, "X-Token header invalid"));
    }
    Ok(())
}

#[dependency]
async fn verify_key(#[header] x_key: String) -> Result<String, HttpException> {
    if x_key != "fake-super-secret-key" {
        return Err(HttpException::new(400, "X-Key header invalid"));
    }
    Ok(x_key)
}

#[get("/items/")]
async fn read_items() -> Value {
    json!([{"item": "Portal Gun"}, {"item": "Plumbus"}])
}

#[get("/users/")]
async fn read_users() -> Value {
    json!([{"username": "Rick"}, {"username": "Morty"}])
}

pub fn app() -> App {
    crate::fastapi_app()
        .dependency::<verify_token>()
        .dependency::<verify_key>()
        .routes(routes![read_items, read_users])
}
