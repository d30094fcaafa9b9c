//! A top-level JSON array of models as the body.
use brisk::prelude::*;
use brisk::types::HttpUrl;

#[derive(Model)]
pub struct Image {
    url: HttpUrl,
    name: String,
}

#[post("/images/multiple/")]
async fn create_multiple_images(images: Vec<Image>) -> Json<Vec<Image>> {
    Json(images)
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_multiple_images])
}
