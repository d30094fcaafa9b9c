//! `TrustedHostMiddleware`: only `example.com` and its subdomains are served.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/")]
async fn main() -> Value {
    json!({"message": "Hello World"})
}

pub fn app() -> App {
    crate::fastapi_app()
        .layer(TrustedHostMiddleware::new().allowed_hosts(["example.com", "*.example.com"]))
        .routes(routes![main])
}
