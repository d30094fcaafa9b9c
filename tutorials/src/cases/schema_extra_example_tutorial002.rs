//! Field-level examples in the JSON Schema.
use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model)]
pub struct Item {
    #[field(examples = ["Foo"])]
    name: String,
    #[field(examples = ["A very nice Item"])]
    description: Option<String>,
    #[field(examples = [35.4])]
    price: f64,
    #[field(examples = [3.2])]
    tax: Option<f64>,
}

#[put("/items/{item_id}")]
async fn update_item(item_id: i64, item: Item) -> Value {
    json!({"item_id": item_id, "item": item})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![update_item])
}
