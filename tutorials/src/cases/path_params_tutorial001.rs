//! An untyped path parameter: any segment, as a string.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/{item_id}")]
async fn read_item(item_id: Value) -> Value {
    json!({"item_id": item_id})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_item])
}
