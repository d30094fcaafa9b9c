//! Several body parameters (two models and a singular value) plus a query parameter.
use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model)]
pub struct Item {
    name: String,
    description: Option<String>,
    price: f64,
    tax: Option<f64>,
}

#[derive(Model)]
pub struct User {
    username: String,
    full_name: Option<String>,
}

#[put("/items/{item_id}")]
async fn update_item(item_id: i64, item: Item, user: User, #[body(gt = 0)] importance: i64, q: Option<String>) -> Value {
    let mut results = json!({"item_id": item_id, "item": item, "user": user, "importance": importance});
    if let Some(q) = q {
        results["q"] = json!(q);
    }
    results
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![update_item])
}
