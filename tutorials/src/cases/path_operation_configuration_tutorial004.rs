//! A summary in the decorator, the description from the doc comment (markdown).
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

/// Create an item with all the information:
///
/// - **name**: each item must have a name
/// - **description**: a long description
/// - **price**: required
/// - **tax**: if the item doesn't have tax, you can omit this
/// - **tags**: a set of unique tag strings for this item
#[post("/items/", summary = "Create an item")]
async fn create_item(item: Item) -> Item {
    item
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_item])
}
