//! An explicit operationId.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/", operation_id = "some_specific_id_you_define")]
async fn read_items() -> Value {
    json!([{"item_id": "Foo"}])
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
