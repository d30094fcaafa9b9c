//! Cookies from a model, with unknown cookies forbidden.
use brisk::prelude::*;

#[derive(Model)]
#[model(extra = "forbid")]
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
