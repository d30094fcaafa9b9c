//! A header parameter: `user_agent` reads `user-agent`.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/")]
async fn read_items(#[header] user_agent: Option<String>) -> Value {
    json!({"User-Agent": user_agent})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
