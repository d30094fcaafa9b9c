//! A list header: every `x-token` occurrence.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/")]
async fn read_items(#[header] x_token: Option<Vec<String>>) -> Value {
    json!({"X-Token values": x_token})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
