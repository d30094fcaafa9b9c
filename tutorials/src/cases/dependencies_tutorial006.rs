//! Dependencies in the decorator: run for their checks, values unused.
use brisk::prelude::*;
use serde_json::{Value, json};

#[dependency]
async fn verify_token(#[header] x_token: String) -> Result<(), HttpException> {
    if x_token != "fake-super-secret-token" {
        return Err(HttpException::new(400, "X-Token header invalid"));
    }
    Ok(())
}

#[dependency]
async fn verify_key(#[header] x_key: String) -> Result<String, HttpException> {
    if x_key != "fake-super-secret-key" {
        return Err(HttpException::new(400, "X-Key header invalid"));
    }
    Ok(x_key)
}

#[get("/items/", dependencies = [verify_token, verify_key])]
async fn read_items() -> Value {
    json!([{"item": "Foo"}, {"item": "Bar"}])
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
