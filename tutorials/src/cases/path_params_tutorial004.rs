//! A path parameter that captures the rest of the path, slashes included.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/files/{file_path:path}")]
async fn read_file(file_path: String) -> Value {
    json!({"file_path": file_path})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_file])
}
