//! A cookie set on the injected response while returning plain data.
use brisk::prelude::*;
use serde_json::{Value, json};

#[post("/cookie-and-object/")]
async fn create_cookie(response: &mut Response) -> Value {
    response.set_cookie(Cookie::new("fakesession", "fake-cookie-session-value"));
    json!({"message": "Come to the dark side, we have cookies"})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_cookie])
}
