//! Raising an `HttpException`.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/{item_id}")]
async fn read_item(item_id: String) -> Result<Value, HttpException> {
    if item_id != "foo" {
        return Err(HttpException::new(404, "Item not found"));
    }
    Ok(json!({"item": "The Foo Wrestlers"}))
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_item])
}
