//! A route left out of the OpenAPI document.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/", include_in_schema = false)]
async fn read_items() -> Value {
    json!([{"item_id": "Foo"}])
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
