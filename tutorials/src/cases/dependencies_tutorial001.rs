//! A function dependency whose query parameters join both routes'.
use brisk::prelude::*;
use serde_json::{Value, json};

#[dependency]
async fn common_parameters(q: Option<String>, #[query(default = 0)] skip: i64, #[query(default = 100)] limit: i64) -> Value {
    json!({"q": q, "skip": skip, "limit": limit})
}

#[get("/items/")]
async fn read_items(#[depends(common_parameters)] commons: Value) -> Value {
    commons
}

#[get("/users/")]
async fn read_users(#[depends(common_parameters)] commons: Value) -> Value {
    commons
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items, read_users])
}
