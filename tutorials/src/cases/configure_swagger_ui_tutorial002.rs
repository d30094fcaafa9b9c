//! A Swagger UI parameter: the syntax highlighting theme.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/users/{username}")]
async fn read_user(username: String) -> Value {
    json!({"message": format!("Hello {username}")})
}

pub fn app() -> App {
    crate::fastapi_app()
        .swagger_ui_parameter("syntaxHighlight", json!({"theme": "obsidian"}))
        .routes(routes![read_user])
}
