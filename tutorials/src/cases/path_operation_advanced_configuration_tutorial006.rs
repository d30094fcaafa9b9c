//! Reading the raw body yourself, with the request body documented by hand.
use brisk::prelude::*;
use serde_json::{Value, json};

#[post("/items/", openapi_extra = {
    "requestBody": {
        "content": {
            "application/json": {
                "schema": {
                    "required": ["name", "price"],
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "price": {"type": "number"},
                        "description": {"type": "string"}
                    }
                }
            }
        },
        "required": true
    }
})]
async fn create_item(request: Request) -> Value {
    let raw_body = request.body();
    json!({
        "size": raw_body.len(),
        "content": {"name": "Maaaagic", "price": 42, "description": "Just kiddin', no magic here. ✨"},
    })
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_item])
}
