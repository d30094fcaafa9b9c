//! Strict content-type checking turned off: a body without `content-type` is JSON.
use brisk::prelude::*;

#[derive(Model)]
pub struct Item {
    name: String,
    price: f64,
}

#[post("/items/")]
async fn create_item(item: Item) -> Json<Item> {
    Json(item)
}

pub fn app() -> App {
    crate::fastapi_app().strict_content_type(false).routes(routes![create_item])
}
