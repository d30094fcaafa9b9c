//! An optional cookie model: `null` when none of its cookies is sent, validated as a
//! whole when any is.
use brisk::prelude::*;

#[derive(Model)]
pub struct Preferences {
    theme: String,
    locale: String,
}

#[get("/items/")]
async fn read_items(#[cookie] preferences: Option<Preferences>) -> Json<Option<Preferences>> {
    Json(preferences)
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
