//! Headers from a model: `save_data` reads `save-data`.
use brisk::prelude::*;

#[derive(Model)]
pub struct CommonHeaders {
    host: String,
    save_data: bool,
    if_modified_since: Option<String>,
    traceparent: Option<String>,
    #[field(default = Vec::new())]
    x_tag: Vec<String>,
}

#[get("/items/")]
async fn read_items(#[header] headers: CommonHeaders) -> Json<CommonHeaders> {
    Json(headers)
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
