//! The OpenAPI URL from the environment: `OPENAPI_URL=""` disables the document and docs.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/")]
async fn root() -> Value {
    json!({"message": "Hello World"})
}

pub fn app() -> App {
    let url = std::env::var("OPENAPI_URL").unwrap_or_else(|_| "/openapi.json".into());
    crate::fastapi_app().openapi_url(Some(url.as_str())).routes(routes![root])
}
