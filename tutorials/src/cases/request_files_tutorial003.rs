//! Several files in one field, with descriptions, and a page with upload forms.
use brisk::forms::{FileBytes, UploadFile};
use brisk::prelude::*;
use serde_json::{Value, json};

#[post("/files/")]
async fn create_files(#[file(description = "Multiple files as bytes")] files: Vec<FileBytes>) -> Value {
    json!({"file_sizes": files.iter().map(|f| f.0.len()).collect::<Vec<_>>()})
}

#[post("/uploadfiles/")]
async fn create_upload_files(#[file(description = "Multiple files as UploadFile")] files: Vec<UploadFile>) -> Value {
    json!({"filenames": files.iter().map(|f| f.filename()).collect::<Vec<_>>()})
}

#[get("/")]
async fn main() -> HtmlResponse {
    HtmlResponse::new(
        r#"
<body>
<form action="/files/" enctype="multipart/form-data" method="post">
<input name="files" type="file" multiple>
<input type="submit">
</form>
<form action="/uploadfiles/" enctype="multipart/form-data" method="post">
<input name="files" type="file" multiple>
<input type="submit">
</form>
</body>
    "#,
    )
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_files, create_upload_files, main])
}
