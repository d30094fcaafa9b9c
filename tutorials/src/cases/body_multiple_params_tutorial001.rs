//! Path, query and an optional body together: the body may be left out.
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
    #[path(title = "The ID of the item to get", ge = 0, le = 1000)] item_id: i64,
    q: Option<String>,
    item: Option<Item>,
) -> Value {
    let mut results = json!({"item_id": item_id});
    if let Some(q) = q {
        results["q"] = json!(q);
    }
    if let Some(item) = item {
        results["item"] = json!(item);
    }
    results
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![update_item])
}
