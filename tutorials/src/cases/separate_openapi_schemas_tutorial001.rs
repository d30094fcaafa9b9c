//! A model used both as input and output.
use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model)]
pub struct Item {
    name: String,
    description: Option<String>,
}

#[post("/items/")]
async fn create_item(item: Item) -> Json<Item> {
    Json(item)
}

#[get("/items/", response_model = Vec<Item>)]
async fn read_items() -> Value {
    json!([
        {"name": "Portal Gun", "description": "Device to travel through the multi-rick-verse"},
        {"name": "Plumbus", "description": null},
    ])
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_item, read_items])
}
