//! An optional query string and a boolean flag with lax conversion.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/{item_id}")]
async fn read_item(item_id: String, q: Option<String>, #[query(default = false)] short: bool) -> Value {
    let mut item = json!({"item_id": item_id});
    if let Some(q) = q {
        item["q"] = json!(q);
    }
    if !short {
        item["description"] = json!("This is an amazing item that has a long description");
    }
    item
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_item])
}
