//! Extending the generated OpenAPI document once: custom info and an `x-logo`.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/")]
async fn read_items() -> Value {
    json!([{"name": "Foo"}])
}

pub fn app() -> App {
    crate::fastapi_app()
        .title("Custom title")
        .version("2.5.0")
        .summary("This is a very custom OpenAPI schema")
        .description("Here's a longer description of the custom **OpenAPI** schema")
        .openapi_modifier(|doc| {
            doc["info"]["x-logo"] = json!({"url": "https://fastapi.tiangolo.com/img/logo-margin/logo-teal.png"});
        })
        .routes(routes![read_items])
}
