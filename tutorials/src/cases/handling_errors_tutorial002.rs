//! An `HttpException` with a custom header.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items-header/{item_id}")]
async fn read_item_header(item_id: String) -> Result<Value, HttpException> {
    if item_id != "foo" {
        return Err(HttpException::new(404, "Item not found").header("X-Error", "There goes my error"));
    }
    Ok(json!({"item": "The Foo Wrestlers"}))
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_item_header])
}
