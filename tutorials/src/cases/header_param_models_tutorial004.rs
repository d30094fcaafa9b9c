//! An optional header model: `null` when none of its headers is sent.
use brisk::prelude::*;

#[derive(Model)]
pub struct ClientHeaders {
    x_client_name: String,
    x_client_version: String,
}

#[get("/items/")]
async fn read_items(#[header] headers: Option<ClientHeaders>) -> Json<Option<ClientHeaders>> {
    Json(headers)
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
