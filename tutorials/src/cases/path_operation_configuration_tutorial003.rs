//! A summary and a description given in the decorator.
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

#[post(
    "/items/",
    summary = "Create an item",
    description = "Create an item with all the information, name, description, price, tax and a set of unique tags"
)]
async fn create_item(item: Item) -> Item {
    item
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_item])
}
