//! Required, defaulted and optional query parameters together.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/{item_id}")]
async fn read_user_item(item_id: String, needy: String, #[query(default = 0)] skip: i64, limit: Option<i64>) -> Value {
    json!({"item_id": item_id, "needy": needy, "skip": skip, "limit": limit})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_user_item])
}
