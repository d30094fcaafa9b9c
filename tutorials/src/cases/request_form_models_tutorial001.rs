//! A form read into a model.
use brisk::prelude::*;

#[derive(Model)]
pub struct FormData {
    username: String,
    password: String,
}

#[post("/login/")]
async fn login(#[form] data: FormData) -> Json<FormData> {
    Json(data)
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![login])
}
