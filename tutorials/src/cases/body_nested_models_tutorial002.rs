//! A list of strings: each element is validated, errors located by index.
use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model)]
pub struct Item {
    name: String,
    description: Option<String>,
    price: f64,
    tax: Option<f64>,
    #[field(default = Vec::new())]
    tags: Vec<String>,
}

#[put("/items/{item_id}")]
async fn update_item(item_id: i64, item: Item) -> Value {
    json!({"item_id": item_id, "item": item})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![update_item])
}
