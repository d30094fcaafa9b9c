//! Examples on the body parameter: they go in the request body's schema.
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
async fn update_item(
    item_id: i64,
    #[body(examples = [
        {"name": "Foo", "description": "A very nice Item", "price": 35.4, "tax": 3.2},
        {"name": "Bar", "price": "35.4"},
        {"name": "Baz", "price": "thirty five point four"}
    ])]
    item: Item,
) -> Value {
    json!({"item_id": item_id, "item": item})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![update_item])
}
