//! A query string with a default value.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/")]
async fn read_items(#[query(min_length = 3, default = "fixedquery")] q: String) -> Value {
    let mut results = json!({"items": [{"item_id": "Foo"}, {"item_id": "Bar"}]});
    results["q"] = json!(q);
    results
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
