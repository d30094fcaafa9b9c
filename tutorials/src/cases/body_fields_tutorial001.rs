//! Field metadata and constraints inside a model.
use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model)]
pub struct Item {
    name: String,
    #[field(title = "The description of the item", max_length = 300)]
    description: Option<String>,
    #[field(gt = 0, description = "The price must be greater than zero")]
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
