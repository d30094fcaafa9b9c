//! Using the model: a computed field when tax is given.
use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model)]
pub struct Item {
    name: String,
    description: Option<String>,
    price: f64,
    tax: Option<f64>,
}

#[post("/items/")]
async fn create_item(item: Item) -> Value {
    let mut item_dict = jsonable_encoder(&item);
    if let Some(tax) = item.tax {
        item_dict["price_with_tax"] = json!(item.price + tax);
    }
    item_dict
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_item])
}
