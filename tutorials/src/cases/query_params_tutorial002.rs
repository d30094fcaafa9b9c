//! An optional query parameter, included when non-empty.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/{item_id}")]
async fn read_item(item_id: String, q: Option<String>) -> Value {
    match q.filter(|q| !q.is_empty()) {
        Some(q) => json!({"item_id": item_id, "q": q}),
        None => json!({"item_id": item_id}),
    }
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_item])
}
