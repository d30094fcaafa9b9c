//! OpenAPI named examples on the request body's media type.
use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model)]
pub struct Item {
    name: String,
    description: Option<String>,
    price: f64,
    tax: Option<f64>,
}

#[put("/items/{item_id}")]
async fn update_item(
    item_id: i64,
    #[body(openapi_examples = {
        "normal": {
            "summary": "A normal example",
            "description": "A **normal** item works correctly.",
            "value": {"name": "Foo", "description": "A very nice Item", "price": 35.4, "tax": 3.2}
        },
        "converted": {
            "summary": "An example with converted data",
            "description": "FastAPI can convert price `strings` to actual `numbers` automatically",
            "value": {"name": "Bar", "price": "35.4"}
        },
        "invalid": {
            "summary": "Invalid data is rejected with an error",
            "value": {"name": "Baz", "price": "thirty five point four"}
        }
    })]
    item: Item,
) -> Value {
    json!({"item_id": item_id, "item": item})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![update_item])
}
