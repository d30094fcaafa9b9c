//! A JSON body model, returned as it was validated.
use brisk::prelude::*;

#[derive(Model)]
pub struct Item {
    name: String,
    description: Option<String>,
    price: f64,
    tax: Option<f64>,
}

#[post("/items/")]
async fn create_item(item: Item) -> Json<Item> {
    Json(item)
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_item])
}
