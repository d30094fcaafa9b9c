//! `gt` and `le` on a path parameter.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/{item_id}")]
async fn read_items(#[path(title = "The ID of the item to get", gt = 0, le = 1000)] item_id: i64, q: String) -> Value {
    json!({"item_id": item_id, "q": q})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
