//! Returning a different status code directly: 201 for a created item.
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use brisk::prelude::*;
use serde_json::{Value, json};

static ITEMS: LazyLock<Mutex<HashMap<String, Value>>> = LazyLock::new(|| {
    Mutex::new(HashMap::from([
        ("foo".to_owned(), json!({"name": "Fighters", "size": 6})),
        ("bar".to_owned(), json!({"name": "Tenders", "size": 3})),
    ]))
});

#[put("/items/{item_id}")]
async fn upsert_item(item_id: String, #[body] name: Option<String>, #[body] size: Option<i64>) -> JsonResponse {
    let mut items = ITEMS.lock().unwrap_or_else(|e| e.into_inner());
    match items.get_mut(&item_id) {
        Some(item) => {
            item["name"] = json!(name);
            item["size"] = json!(size);
            JsonResponse::new(item.clone())
        }
        None => {
            let item = json!({"name": name, "size": size});
            items.insert(item_id, item.clone());
            JsonResponse::new(item).status(201)
        }
    }
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![upsert_item])
}
