//! Form fields.
use brisk::prelude::*;
use serde_json::{Value, json};

#[post("/login/")]
async fn login(#[form] username: String, #[form] password: String) -> Value {
    let _ = password;
    json!({"username": username})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![login])
}
