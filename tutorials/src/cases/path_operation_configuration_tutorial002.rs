//! Operations grouped in OpenAPI with tags.
use std::collections::BTreeSet;

use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model)]
pub struct Item {
    name: String,
    description: Option<String>,
    price: f64,
    tax: Option<f64>,
    #[field(default = BTreeSet::new())]
    tags: BTreeSet<String>,
}

#[post("/items/", tags = ["items"])]
async fn create_item(item: Item) -> Item {
    item
}

#[get("/items/", tags = ["items"])]
async fn read_items() -> Value {
    json!([{"name": "Foo", "price": 42}])
}

#[get("/users/", tags = ["users"])]
async fn read_users() -> Value {
    json!([{"username": "johndoe"}])
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_item, read_items, read_users])
}
