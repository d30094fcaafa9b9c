//! A list response model.
use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model)]
pub struct Item {
    name: String,
    description: String,
}

#[get("/items/", response_model = Vec<Item>)]
async fn read_items() -> Value {
    json!([
        {"name": "Foo", "description": "There comes my hero"},
        {"name": "Red", "description": "It's my aeroplane"},
    ])
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
