//! A list query parameter with a default list.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/")]
async fn read_items(#[query(default = vec!["foo".to_owned(), "bar".to_owned()])] q: Vec<String>) -> Value {
    json!({"q": q})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
