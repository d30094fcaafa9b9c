//! Swagger UI moved to `/documentation`, ReDoc disabled.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/")]
async fn read_items() -> Value {
    json!([{"name": "Foo"}])
}

pub fn app() -> App {
    crate::fastapi_app().docs_url(Some("/documentation")).redoc_url(None).routes(routes![read_items])
}
