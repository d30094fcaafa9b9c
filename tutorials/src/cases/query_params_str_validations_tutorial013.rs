//! An untyped list query parameter (`list` without an item type), default empty.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/")]
async fn read_items(#[query(default = Vec::new())] q: Vec<Value>) -> Value {
    json!({"q": q})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
