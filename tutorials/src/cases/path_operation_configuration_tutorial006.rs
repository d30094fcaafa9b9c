//! Tags, and a deprecated operation.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/", tags = ["items"])]
async fn read_items() -> Value {
    json!([{"name": "Foo", "price": 42}])
}

#[get("/users/", tags = ["users"])]
async fn read_users() -> Value {
    json!([{"username": "johndoe"}])
}

#[get("/elements/", tags = ["items"], deprecated)]
async fn read_elements() -> Value {
    json!([{"item_id": "Foo"}])
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items, read_users, read_elements])
}
