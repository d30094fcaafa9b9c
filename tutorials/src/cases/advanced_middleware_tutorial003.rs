//! `GZipMiddleware`: responses of 1000 bytes or more are gzip-compressed (level 5) for
//! clients that accept it.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/")]
async fn main() -> Value {
    json!("somebigcontent")
}

pub fn app() -> App {
    crate::fastapi_app().layer(GZipMiddleware::new().minimum_size(1000).compresslevel(5)).routes(routes![main])
}
