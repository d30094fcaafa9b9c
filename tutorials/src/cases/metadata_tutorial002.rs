//! The OpenAPI document at a custom URL.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/")]
async fn read_items() -> Value {
    json!([{"name": "Foo"}])
}

pub fn app() -> App {
    crate::fastapi_app().openapi_url(Some("/api/v1/openapi.json")).routes(routes![read_items])
}
