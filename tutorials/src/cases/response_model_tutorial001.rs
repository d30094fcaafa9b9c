//! `response_model`: data validated and completed through a model, or a list of them.
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

#[post("/items/", response_model = Item)]
async fn create_item(item: Item) -> Item {
    item
}

#[get("/items/", response_model = Vec<Item>)]
async fn read_items() -> Value {
    json!([
        {"name": "Portal Gun", "price": 42.0},
        {"name": "Plumbus", "price": 32.0},
    ])
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_item, read_items])
}
