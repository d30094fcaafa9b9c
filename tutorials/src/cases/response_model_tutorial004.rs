//! `response_model_exclude_unset`: only the values that were stored are returned.
use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model)]
pub struct Item {
    name: String,
    description: Option<String>,
    price: f64,
    #[field(default = 10.5)]
    tax: f64,
    #[field(default = Vec::new())]
    tags: Vec<String>,
}

fn items() -> Value {
    json!({
        "foo": {"name": "Foo", "price": 50.2},
        "bar": {"name": "Bar", "description": "The bartenders", "price": 62, "tax": 20.2},
        "baz": {"name": "Baz", "description": null, "price": 50.2, "tax": 10.5, "tags": []},
    })
}

#[get("/items/{item_id}", response_model = Item, response_model_exclude_unset)]
async fn read_item(item_id: String) -> Value {
    items()[item_id.as_str()].clone()
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_item])
}
