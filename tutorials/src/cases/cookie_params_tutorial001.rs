//! A cookie parameter.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/")]
async fn read_items(#[cookie] ads_id: Option<String>) -> Value {
    json!({"ads_id": ads_id})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
