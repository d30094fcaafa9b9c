//! A query string that must be sent, though it may be null.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/")]
async fn read_items(#[query(min_length = 3, required)] q: Option<String>) -> Value {
    let mut results = json!({"items": [{"item_id": "Foo"}, {"item_id": "Bar"}]});
    if let Some(q) = q.filter(|q| !q.is_empty()) {
        results["q"] = json!(q);
    }
    results
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
