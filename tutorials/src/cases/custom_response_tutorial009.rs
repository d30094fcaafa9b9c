//! A `FileResponse`: streamed from disk with its media type, etag and range support.
use brisk::prelude::*;

#[get("/")]
async fn main() -> FileResponse {
    FileResponse::new("large-video-file.mp4")
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![main])
}
