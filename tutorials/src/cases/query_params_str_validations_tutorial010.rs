//! Every query option at once: alias, title, description, lengths, pattern, deprecated.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/")]
async fn read_items(
    #[query(
        alias = "item-query",
        title = "Query string",
        description = "Query string for the items to search in the database that have a good match",
        min_length = 3,
        max_length = 50,
        pattern = "^fixedquery$",
        deprecated
    )]
    q: Option<String>,
) -> Value {
    let mut results = json!({"items": [{"item_id": "Foo"}, {"item_id": "Bar"}]});
    if let Some(q) = q {
        results["q"] = json!(q);
    }
    results
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
