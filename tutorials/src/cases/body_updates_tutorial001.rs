//! Full replacement with PUT: omitted fields fall back to the model's defaults.
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model)]
pub struct Item {
    name: Option<String>,
    description: Option<String>,
    price: Option<f64>,
    #[field(default = 10.5)]
    tax: f64,
    #[field(default = Vec::new())]
    tags: Vec<String>,
}

static ITEMS: LazyLock<Mutex<HashMap<String, Value>>> = LazyLock::new(|| {
    Mutex::new(HashMap::from([
        ("foo".to_owned(), json!({"name": "Foo", "price": 50.2})),
        ("bar".to_owned(), json!({"name": "Bar", "description": "The bartenders", "price": 62, "tax": 20.2})),
        ("baz".to_owned(), json!({"name": "Baz", "description": null, "price": 50.2, "tax": 10.5, "tags": []})),
    ]))
});

#[get("/items/{item_id}", response_model = Item)]
async fn read_item(item_id: String) -> Value {
    ITEMS.lock().unwrap_or_else(|e| e.into_inner()).get(&item_id).cloned().unwrap_or(Value::Null)
}

#[put("/items/{item_id}", response_model = Item)]
async fn update_item(item_id: String, item: Item) -> Value {
    let update_item_encoded = jsonable_encoder(&item);
    ITEMS.lock().unwrap_or_else(|e| e.into_inner()).insert(item_id, update_item_encoded.clone());
    update_item_encoded
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_item, update_item])
}
