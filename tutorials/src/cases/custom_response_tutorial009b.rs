//! `response_class = File`: the returned path is served as a file response.
use brisk::prelude::*;

const SOME_FILE_PATH: &str = "large-video-file.mp4";

#[get("/", response_class = File)]
async fn main() -> &'static str {
    SOME_FILE_PATH
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![main])
}
