//! A query parameter read from an alias that is not a valid identifier.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/")]
async fn read_items(#[query(alias = "item-query")] q: Option<String>) -> Value {
    let mut results = json!({"items": [{"item_id": "Foo"}, {"item_id": "Bar"}]});
    if let Some(q) = q {
        results["q"] = json!(q);
    }
    results
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
