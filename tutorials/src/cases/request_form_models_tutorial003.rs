//! Two form models and a plain form field read from one form.
use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model)]
pub struct Profile {
    name: String,
}

#[derive(Model)]
pub struct Preferences {
    #[field(default = Vec::new())]
    tags: Vec<String>,
}

#[post("/profiles/")]
async fn create_profile(#[form] profile: Profile, #[form] preferences: Preferences, #[form] token: String) -> Value {
    json!({"profile": profile, "preferences": preferences, "token": token})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_profile])
}
