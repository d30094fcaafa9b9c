//! A Swagger UI parameter overriding one of FastAPI's defaults: no deep linking.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/users/{username}")]
async fn read_user(username: String) -> Value {
    json!({"message": format!("Hello {username}")})
}

pub fn app() -> App {
    crate::fastapi_app().swagger_ui_parameter("deepLinking", false).routes(routes![read_user])
}
