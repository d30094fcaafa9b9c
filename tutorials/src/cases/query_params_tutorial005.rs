//! A required query parameter.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/{item_id}")]
async fn read_user_item(item_id: String, needy: String) -> Value {
    json!({"item_id": item_id, "needy": needy})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_user_item])
}
