//! An HTTP middleware that times every request and says so in `X-Process-Time`.
use brisk::prelude::*;
use brisk::response::HttpResponse;

async fn add_process_time_header(request: Request, call_next: Next) -> HttpResponse {
    let start_time = std::time::Instant::now();
    let mut response = call_next.run(request).await;
    let process_time = start_time.elapsed().as_secs_f64();
    if let Ok(value) = process_time.to_string().parse() {
        response.headers_mut().insert("x-process-time", value);
    }
    response
}

pub fn app() -> App {
    crate::fastapi_app().middleware(add_process_time_header)
}
