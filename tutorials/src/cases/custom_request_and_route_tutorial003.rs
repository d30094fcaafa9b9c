//! A wrapper around the routes of one router only: it times them.
use brisk::prelude::*;
use brisk::response::HttpResponse;
use serde_json::{Value, json};

/// FastAPI's `TimedRoute`.
async fn timed_route(request: Request, call_next: Next) -> HttpResponse {
    let before = std::time::Instant::now();
    let mut response = call_next.run(request).await;
    let duration = before.elapsed().as_secs_f64();
    if let Ok(value) = duration.to_string().parse() {
        response.headers_mut().insert("x-response-time", value);
    }
    response
}

#[get("/")]
async fn not_timed() -> Value {
    json!({"message": "Not timed"})
}

#[get("/timed")]
async fn timed() -> Value {
    json!({"message": "It's the time of my life"})
}

pub fn app() -> App {
    let router = ApiRouter::new().wrap_routes(timed_route).routes(routes![timed]);
    crate::fastapi_app().routes(routes![not_timed]).include_router(router)
}
