//! A header set on the injected response while returning plain data.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/headers-and-object/")]
async fn get_headers(response: &mut Response) -> Value {
    response.append_header("X-Cat-Dog", "alone in the world");
    json!({"message": "Hello World"})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![get_headers])
}
