//! Operation ids generated from the handler's name alone.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/")]
async fn read_items() -> Value {
    json!([{"item_id": "Foo"}])
}

pub fn app() -> App {
    crate::fastapi_app().generate_unique_id(|route| route.name().to_owned()).routes(routes![read_items])
}
