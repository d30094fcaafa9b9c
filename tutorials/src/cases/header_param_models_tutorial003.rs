//! A header model with `convert_underscores = false`: its fields are read from headers
//! of the same literal names (`save_data`), hyphenated ones do not count.
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
async fn read_items(#[header(convert_underscores = false)] headers: CommonHeaders) -> Json<CommonHeaders> {
    Json(headers)
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
