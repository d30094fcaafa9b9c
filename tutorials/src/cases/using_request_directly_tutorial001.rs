//! The raw request as a parameter: the client's address.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/{item_id}")]
async fn read_root(item_id: String, request: Request) -> Value {
    let client_host = request.client().map(|a| a.ip().to_string());
    json!({"client_host": client_host, "item_id": item_id})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_root])
}
