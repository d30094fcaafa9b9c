//! An optional list of nested models: errors inside it are located by index.
use std::collections::BTreeSet;

use brisk::prelude::*;
use brisk::types::HttpUrl;
use serde_json::{Value, json};

#[derive(Model)]
pub struct Image {
    url: HttpUrl,
    name: String,
}

#[derive(Model)]
pub struct Item {
    name: String,
    description: Option<String>,
    price: f64,
    tax: Option<f64>,
    #[field(default = BTreeSet::new())]
    tags: BTreeSet<String>,
    images: Option<Vec<Image>>,
}

#[put("/items/{item_id}")]
async fn update_item(item_id: i64, item: Item) -> Value {
    json!({"item_id": item_id, "item": item})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![update_item])
}
