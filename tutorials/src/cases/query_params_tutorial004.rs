//! Several path and query parameters, in any order.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/users/{user_id}/items/{item_id}")]
async fn read_user_item(user_id: i64, item_id: String, q: Option<String>, #[query(default = false)] short: bool) -> Value {
    let mut item = json!({"item_id": item_id, "owner_id": user_id});
    if let Some(q) = q.filter(|q| !q.is_empty()) {
        item["q"] = json!(q);
    }
    if !short {
        item["description"] = json!("This is an amazing item that has a long description");
    }
    item
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_user_item])
}
