//! The response status code set in the decorator (201), documented in OpenAPI.
use std::collections::BTreeSet;

use brisk::prelude::*;

#[derive(Model)]
pub struct Item {
    name: String,
    description: Option<String>,
    price: f64,
    tax: Option<f64>,
    #[field(default = BTreeSet::new())]
    tags: BTreeSet<String>,
}

#[post("/items/", status_code = 201)]
async fn create_item(item: Item) -> Item {
    item
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_item])
}
