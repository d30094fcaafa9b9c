//! Single-file uploads with descriptions on the file parameters.
use brisk::forms::{FileBytes, UploadFile};
use brisk::prelude::*;
use serde_json::{Value, json};

#[post("/files/")]
async fn create_file(#[file(description = "A file read as bytes")] file: FileBytes) -> Value {
    json!({"file_size": file.0.len()})
}

#[post("/uploadfile/")]
async fn create_upload_file(#[file(description = "A file read as UploadFile")] file: UploadFile) -> Value {
    json!({"filename": file.filename()})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_file, create_upload_file])
}
