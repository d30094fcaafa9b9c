//! The trailing-slash redirect is built from the `Host` header the proxy forwards.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/")]
fn read_items() -> Value {
    json!(["plumbus", "portal gun"])
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
