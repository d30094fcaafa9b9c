//! The same path and method registered twice: the first route answers.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/users")]
async fn read_users() -> Value {
    json!(["Rick", "Morty"])
}

#[get("/users")]
async fn read_users2() -> Value {
    json!(["Bean", "Elfo"])
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_users, read_users2])
}
