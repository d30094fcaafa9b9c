//! A sub-application mounted at `/subapi`, with its own OpenAPI document and docs.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/app")]
fn read_main() -> Value {
    json!({"message": "Hello World from main app"})
}

#[get("/sub")]
fn read_sub() -> Value {
    json!({"message": "Hello World from sub API"})
}

pub fn app() -> App {
    let subapi = crate::fastapi_app().routes(routes![read_sub]);
    crate::fastapi_app().routes(routes![read_main]).mount("/subapi", subapi)
}
