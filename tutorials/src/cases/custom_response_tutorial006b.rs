//! `response_class = Redirect`: the returned URL becomes a 307 redirect.
use brisk::prelude::*;

#[get("/fastapi", response_class = Redirect)]
async fn redirect_fastapi() -> &'static str {
    "https://fastapi.tiangolo.com"
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![redirect_fastapi])
}
