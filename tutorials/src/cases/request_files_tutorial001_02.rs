//! Optional file uploads: a message when nothing is sent.
use brisk::forms::{FileBytes, UploadFile};
use brisk::prelude::*;
use serde_json::{Value, json};

#[post("/files/")]
async fn create_file(#[file] file: Option<FileBytes>) -> Value {
    match file {
        Some(f) if !f.0.is_empty() => json!({"file_size": f.0.len()}),
        _ => json!({"message": "No file sent"}),
    }
}

#[post("/uploadfile/")]
async fn create_upload_file(#[file] file: Option<UploadFile>) -> Value {
    match file {
        Some(f) => json!({"filename": f.filename()}),
        None => json!({"message": "No upload file sent"}),
    }
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_file, create_upload_file])
}
