//! A titled path parameter and an aliased optional query.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/{item_id}")]
async fn read_items(
    #[path(title = "The ID of the item to get")] item_id: i64,
    #[query(alias = "item-query")] q: Option<String>,
) -> Value {
    let mut results = json!({"item_id": item_id});
    if let Some(q) = q.filter(|q| !q.is_empty()) {
        results["q"] = json!(q);
    }
    results
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
