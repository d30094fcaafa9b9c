//! A cookie set on a response returned directly.
use brisk::prelude::*;
use serde_json::json;

#[post("/cookie/")]
async fn create_cookie() -> JsonResponse {
    JsonResponse::new(json!({"message": "Come to the dark side, we have cookies"}))
        .cookie(Cookie::new("fakesession", "fake-cookie-session-value"))
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_cookie])
}
