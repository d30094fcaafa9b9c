//! A startup event fills the items the handler serves; an unknown item is an error of
//! the server's, as the `KeyError` it is in FastAPI (500).
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use brisk::prelude::*;
use serde_json::{Value, json};

/// The items, filled at startup.
#[derive(Clone, Default)]
struct Items(Arc<RwLock<HashMap<String, Value>>>);

#[get("/items/{item_id}")]
async fn read_items(item_id: String, items: State<Items>) -> brisk::Result<Value> {
    let items = items.0.read().map_err(|_| brisk::Error::msg("the items lock is poisoned"))?;
    items.get(&item_id).cloned().ok_or_else(|| brisk::Error::msg(format!("KeyError: {item_id:?}")))
}

pub fn app() -> App {
    let items = Items::default();
    let startup = items.clone();
    crate::fastapi_app().state(items).routes(routes![read_items]).on_startup(move || {
        let items = startup.clone();
        async move {
            let mut items = items.0.write().map_err(|_| brisk::Error::msg("the items lock is poisoned"))?;
            items.insert("foo".into(), json!({"name": "Fighters"}));
            items.insert("bar".into(), json!({"name": "Tenders"}));
            Ok(())
        }
    })
}
