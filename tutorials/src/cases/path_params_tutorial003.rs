//! Order matters: `/users/me` is declared before `/users/{user_id}`.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/users/me")]
async fn read_user_me() -> Value {
    json!({"user_id": "the current user"})
}

#[get("/users/{user_id}")]
async fn read_user(user_id: String) -> Value {
    json!({"user_id": user_id})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_user_me, read_user])
}
