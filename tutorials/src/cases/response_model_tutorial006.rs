//! `response_model_include` and `response_model_exclude` given as lists of names.
use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model)]
pub struct Item {
    name: String,
    description: Option<String>,
    price: f64,
    #[field(default = 10.5)]
    tax: f64,
}

fn items() -> Value {
    json!({
        "foo": {"name": "Foo", "price": 50.2},
        "bar": {"name": "Bar", "description": "The Bar fighters", "price": 62, "tax": 20.2},
        "baz": {"name": "Baz", "description": "There goes my baz", "price": 50.2, "tax": 10.5},
    })
}

#[get("/items/{item_id}/name", response_model = Item, response_model_include = ["name", "description"])]
async fn read_item_name(item_id: String) -> Value {
    items()[item_id.as_str()].clone()
}

#[get("/items/{item_id}/public", response_model = Item, response_model_exclude = ["tax"])]
async fn read_item_public_data(item_id: String) -> Value {
    items()[item_id.as_str()].clone()
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_item_name, read_item_public_data])
}
