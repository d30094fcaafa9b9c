//! `status_code = 201` (FastAPI spells it `status.HTTP_201_CREATED`).
use brisk::prelude::*;
use serde_json::{Value, json};

#[post("/items/", status_code = 201)]
async fn create_item(name: String) -> Value {
    json!({"name": name})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_item])
}
