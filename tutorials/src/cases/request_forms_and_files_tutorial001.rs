//! Files and form fields in one multipart form.
use brisk::forms::{FileBytes, UploadFile};
use brisk::prelude::*;
use serde_json::{Value, json};

#[post("/files/")]
async fn create_file(#[file] file: FileBytes, #[file] fileb: UploadFile, #[form] token: String) -> Value {
    json!({"file_size": file.0.len(), "token": token, "fileb_content_type": fileb.content_type()})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_file])
}
