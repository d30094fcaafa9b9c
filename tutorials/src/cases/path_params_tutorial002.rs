//! An integer path parameter.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/{item_id}")]
async fn read_item(item_id: i64) -> Value {
    json!({"item_id": item_id})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_item])
}
