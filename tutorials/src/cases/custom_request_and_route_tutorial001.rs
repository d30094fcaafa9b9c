//! A wrapper around every route (FastAPI's custom `APIRoute` class) that decompresses
//! gzip request bodies before the route reads them.
use std::io::Read;

use brisk::prelude::*;
use brisk::response::HttpResponse;
use serde_json::{Value, json};

/// FastAPI's `GzipRoute`: the body, decompressed when `Content-Encoding` says gzip.
async fn gzip_route(mut request: Request, call_next: Next) -> HttpResponse {
    let gzipped = request
        .headers()
        .get_all("content-encoding")
        .iter()
        .any(|v| v.to_str().is_ok_and(|v| v.split(',').any(|e| e.trim() == "gzip")));
    if gzipped {
        let limit = request.config().body_limit;
        let body = match request.read_body().await {
            Ok(body) => body.clone(),
            Err(_) => return HttpException::new(413, "Request body too large").into_response(),
        };
        // Never more than the app's body limit, however well it compresses.
        let mut plain = Vec::new();
        let read = flate2::read::GzDecoder::new(&body[..]).take(limit as u64 + 1).read_to_end(&mut plain);
        match read {
            Ok(n) if n > limit => return HttpException::new(413, "Request body too large").into_response(),
            Ok(_) => request.set_body(plain),
            Err(_) => return HttpException::new(400, "Invalid gzip body").into_response(),
        }
    }
    call_next.run(request).await
}

#[post("/sum")]
async fn sum_numbers(#[body] numbers: Vec<i64>) -> Value {
    json!({"sum": numbers.iter().sum::<i64>()})
}

pub fn app() -> App {
    crate::fastapi_app().wrap_routes(gzip_route).routes(routes![sum_numbers])
}
