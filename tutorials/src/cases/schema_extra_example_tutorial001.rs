//! Model-level examples in the JSON Schema.
use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model)]
#[model(examples = [{"name": "Foo", "description": "A very nice Item", "price": 35.4, "tax": 3.2}])]
pub struct Item {
    name: String,
    description: Option<String>,
    price: f64,
    tax: Option<f64>,
}

#[put("/items/{item_id}")]
async fn update_item(item_id: i64, item: Item) -> Value {
    json!({"item_id": item_id, "item": item})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![update_item])
}
