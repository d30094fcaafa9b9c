//! A query parameter left out of OpenAPI that still works.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/")]
async fn read_items(#[query(include_in_schema = false)] hidden_query: Option<String>) -> Value {
    match hidden_query {
        Some(hidden_query) => json!({"hidden_query": hidden_query}),
        None => json!({"hidden_query": "Not found"}),
    }
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
