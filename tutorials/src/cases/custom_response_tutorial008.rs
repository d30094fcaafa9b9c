//! A `StreamingResponse` over an open file, read chunk by chunk.
use brisk::prelude::*;
use tokio_util::io::ReaderStream;

const SOME_FILE_PATH: &str = "large-video-file.mp4";

#[get("/")]
async fn main() -> brisk::Result<StreamingResponse> {
    let file_like = tokio::fs::File::open(SOME_FILE_PATH).await?;
    Ok(StreamingResponse::new(ReaderStream::new(file_like)).media_type("video/mp4"))
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![main])
}
