//! `HTTPSRedirectMiddleware`: every plain HTTP request is redirected to HTTPS.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/")]
async fn main() -> Value {
    json!({"message": "Hello World"})
}

pub fn app() -> App {
    crate::fastapi_app().layer(HttpsRedirectMiddleware::new()).routes(routes![main])
}
