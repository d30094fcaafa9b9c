//! Query parameters with defaults slicing a list.
use brisk::prelude::*;
use serde_json::{Value, json};

const FAKE_ITEMS_DB: [&str; 3] = ["Foo", "Bar", "Baz"];

#[get("/items/")]
async fn read_item(#[query(default = 0)] skip: i64, #[query(default = 10)] limit: i64) -> Value {
    let len = FAKE_ITEMS_DB.len() as i64;
    let clamp = |i: i64| if i < 0 { (len + i).max(0) } else { i.min(len) };
    let (start, end) = (clamp(skip), clamp(skip + limit));
    json!((start..end.max(start)).map(|i| json!({"item_name": FAKE_ITEMS_DB[i as usize]})).collect::<Vec<_>>())
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_item])
}
