//! Numeric validations on path and query parameters.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/{item_id}")]
async fn read_items(
    #[path(title = "The ID of the item to get", ge = 0, le = 1000)] item_id: i64,
    q: String,
    #[query(gt = 0, lt = 10.5)] size: f64,
) -> Value {
    json!({"item_id": item_id, "q": q, "size": size})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
