//! An optional form model: `null` when none of its fields is sent.
use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model)]
pub struct Profile {
    name: String,
    age: i64,
}

#[post("/profiles/")]
async fn create_profile(#[form] token: String, #[form] profile: Option<Profile>) -> Value {
    json!({"token": token, "profile": profile})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_profile])
}
