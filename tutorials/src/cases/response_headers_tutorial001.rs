//! Custom headers on a response returned directly.
use brisk::prelude::*;
use serde_json::json;

#[get("/headers/")]
async fn get_headers() -> JsonResponse {
    JsonResponse::new(json!({"message": "Hello World"}))
        .header("X-Cat-Dog", "alone in the world")
        .header("Content-Language", "en-US")
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![get_headers])
}
