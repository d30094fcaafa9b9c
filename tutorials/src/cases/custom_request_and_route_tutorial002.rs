//! A wrapper around every route that catches the validation failure and answers it with
//! the body that caused it.
use brisk::ValidationErrors;
use brisk::prelude::*;
use brisk::response::HttpResponse;
use serde_json::json;

/// FastAPI's `ValidationErrorLoggingRoute`.
async fn validation_error_logging_route(mut request: Request, call_next: Next) -> HttpResponse {
    // Read now, to show it with the errors (the route reads the same bytes).
    let body = match request.read_body().await {
        Ok(body) => body.clone(),
        Err(_) => return HttpException::new(413, "Request body too large").into_response(),
    };
    let mut response = call_next.run(request).await;
    match brisk::response::raised::<ValidationErrors>(&mut response) {
        Some(errors) => {
            let detail = json!({"errors": errors, "body": String::from_utf8_lossy(&body)});
            HttpException::new(422, detail).into_response()
        }
        None => response,
    }
}

#[post("/")]
async fn sum_numbers(#[body] numbers: Vec<i64>) -> serde_json::Value {
    json!(numbers.iter().sum::<i64>())
}

pub fn app() -> App {
    crate::fastapi_app().wrap_routes(validation_error_logging_route).routes(routes![sum_numbers])
}
