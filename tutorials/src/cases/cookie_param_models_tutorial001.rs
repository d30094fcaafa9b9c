//! Cookies from a model.
use brisk::prelude::*;

#[derive(Model)]
pub struct Cookies {
    session_id: String,
    fatebook_tracker: Option<String>,
    googall_tracker: Option<String>,
}

#[get("/items/")]
async fn read_items(#[cookie] cookies: Cookies) -> Json<Cookies> {
    Json(cookies)
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
