//! Custom handlers that log, then reuse the default handlers.
use brisk::exceptions::{http_exception_response, validation_error_response};
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/{item_id}")]
async fn read_item(item_id: i64) -> Result<Value, HttpException> {
    if item_id == 3 {
        return Err(HttpException::new(418, "Nope! I don't like 3."));
    }
    Ok(json!({"item_id": item_id}))
}

pub fn app() -> App {
    crate::fastapi_app()
        .http_exception_handler(|_req, exc| {
            eprintln!("OMG! An HTTP error!: {exc}");
            http_exception_response(&exc)
        })
        .validation_exception_handler(|_req, errors| {
            eprintln!("OMG! The client sent invalid data!: {errors}");
            validation_error_response(&errors)
        })
        .routes(routes![read_item])
}
