//! A path parameter and a body together.
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
async fn update_item(item_id: i64, item: Item) -> Value {
    let mut out = json!({"item_id": item_id});
    if let (Value::Object(o), Value::Object(i)) = (&mut out, jsonable_encoder(&item)) {
        o.extend(i);
    }
    out
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![update_item])
}
