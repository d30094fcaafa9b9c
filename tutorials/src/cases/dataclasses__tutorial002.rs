//! A plain data structure as the response model: returned data is validated and
//! completed with its defaults.
use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model)]
pub struct Item {
    name: String,
    price: f64,
    #[field(default_factory = Vec::new())]
    tags: Vec<String>,
    description: Option<String>,
    tax: Option<f64>,
}

#[get("/items/next", response_model = Item)]
async fn read_next_item() -> Value {
    json!({
        "name": "Island In The Moon",
        "price": 12.99,
        "description": "A place to be playin' and havin' fun",
        "tags": ["breater"],
    })
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_next_item])
}
