//! A validation-error handler that reuses the errors and echoes the received body.
use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model)]
pub struct Item {
    title: String,
    size: i64,
}

#[post("/items/")]
async fn create_item(item: Item) -> Json<Item> {
    Json(item)
}

pub fn app() -> App {
    crate::fastapi_app()
        .validation_exception_handler(|req, errors| {
            let body: Value = serde_json::from_slice(req.body_bytes()).unwrap_or_else(|_| json!(req.body_text()));
            JsonResponse::new(json!({"detail": errors, "body": body}))
                .status(422)
                .into_response()
        })
        .routes(routes![create_item])
}
