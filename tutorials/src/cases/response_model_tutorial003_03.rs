//! A handler whose return type is a redirect response: sent as it is.
use brisk::prelude::*;

#[get("/teleport")]
async fn get_teleport() -> RedirectResponse {
    RedirectResponse::new("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![get_teleport])
}
