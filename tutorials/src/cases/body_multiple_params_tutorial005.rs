//! One body model, embedded under its name: `{"item": {...}}`.
use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model)]
pub struct Item {
    name: String,
    description: Option<String>,
    price: f64,
    tax: Option<f64>,
}

#[put("/items/{item_id}")]
async fn update_item(item_id: i64, #[body(embed)] item: Item) -> Value {
    json!({"item_id": item_id, "item": item})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![update_item])
}
