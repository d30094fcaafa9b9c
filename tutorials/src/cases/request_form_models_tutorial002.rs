//! A form model with extra fields forbidden.
use brisk::prelude::*;

#[derive(Model)]
#[model(extra = "forbid")]
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
