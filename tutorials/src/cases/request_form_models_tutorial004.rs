//! A form model and an uploaded file in one multipart form.
use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model)]
pub struct Profile {
    name: String,
}

#[post("/profiles/")]
async fn create_profile(#[form] profile: Profile, #[file] avatar: UploadFile) -> Value {
    json!({"profile": profile, "filename": avatar.filename()})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_profile])
}
