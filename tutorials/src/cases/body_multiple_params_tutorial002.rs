//! Two body models: the JSON body is an object keyed by parameter name.
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
async fn update_item(item_id: i64, item: Item, user: User) -> Value {
    json!({"item_id": item_id, "item": item, "user": user})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![update_item])
}
