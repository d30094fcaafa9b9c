//! A plain data structure as the JSON body (FastAPI's dataclass support).
use brisk::prelude::*;

#[derive(Model)]
pub struct Item {
    name: String,
    price: f64,
    description: Option<String>,
    tax: Option<f64>,
}

#[post("/items/")]
async fn create_item(item: Item) -> Json<Item> {
    Json(item)
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_item])
}
