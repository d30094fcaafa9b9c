//! A `StreamingResponse` from a stream of chunks, with no media type.
use std::convert::Infallible;

use brisk::prelude::*;

#[get("/")]
async fn main() -> StreamingResponse {
    let chunks = futures_util::stream::iter((0..10).map(|_| Ok::<_, Infallible>("some fake video bytes")));
    StreamingResponse::new(chunks)
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![main])
}
