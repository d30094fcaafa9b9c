//! A list query parameter: `?q=foo&q=bar`.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/")]
async fn read_items(#[query] q: Option<Vec<String>>) -> Value {
    json!({"q": q})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
