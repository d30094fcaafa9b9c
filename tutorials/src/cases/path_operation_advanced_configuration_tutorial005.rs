//! `openapi_extra`: a vendor extension merged into the operation.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/", openapi_extra = {"x-aperture-labs-portal": "blue"})]
async fn read_items() -> Value {
    json!([{"item_id": "portal-gun"}])
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
