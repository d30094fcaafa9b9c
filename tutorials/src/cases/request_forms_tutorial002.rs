//! An optional boolean form field with a default.
use brisk::prelude::*;
use serde_json::{Value, json};

#[post("/preferences/")]
async fn update_preferences(#[form(default = false)] subscribe: bool) -> Value {
    json!({"subscribe": subscribe})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![update_preferences])
}
