//! `response_class = PlainText`.
use brisk::prelude::*;

#[get("/", response_class = PlainText)]
async fn main() -> &'static str {
    "Hello World"
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![main])
}
