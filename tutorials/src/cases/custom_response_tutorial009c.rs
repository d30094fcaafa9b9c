//! A custom response class with its own render: JSON indented by two spaces.
use brisk::prelude::*;
use brisk::response::CustomClass;
use serde_json::{Value, json};

static CUSTOM_ORJSON_RESPONSE: CustomClass =
    CustomClass { media_type: "application/json", render: |content| serde_json::to_vec_pretty(content).unwrap_or_default() };

#[get("/", response_class = CUSTOM_ORJSON_RESPONSE)]
async fn main() -> Json<Value> {
    Json(json!({"message": "Hello World"}))
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![main])
}
