//! A header read with underscore conversion turned off.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/")]
async fn read_items(#[header(convert_underscores = false)] strange_header: Option<String>) -> Value {
    json!({"strange_header": strange_header})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
