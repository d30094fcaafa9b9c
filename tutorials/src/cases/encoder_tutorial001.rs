//! `jsonable_encoder` into a fake database; the handler returns nothing (JSON null).
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use brisk::prelude::*;
use serde_json::Value;

static FAKE_DB: LazyLock<Mutex<HashMap<String, Value>>> = LazyLock::new(Default::default);

#[derive(Model)]
pub struct Item {
    title: String,
    timestamp: DateTime,
    description: Option<String>,
}

#[put("/items/{id}")]
fn update_item(id: String, item: Item) {
    let json_compatible_item_data = jsonable_encoder(&item);
    if let Ok(mut db) = FAKE_DB.lock() {
        db.insert(id, json_compatible_item_data);
    }
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![update_item])
}
