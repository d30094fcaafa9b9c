//! Another media type for the main response: the item as JSON, or an image.
use brisk::prelude::*;
use serde_json::json;

#[derive(Model)]
pub struct Item {
    id: String,
    value: String,
}

#[get(
    "/items/{item_id}",
    response_model = Item,
    responses(200(content = { "image/png": {} }, description = "Return the JSON item or an image.")),
)]
async fn read_item(item_id: String, img: Option<bool>) -> Response {
    if img == Some(true) {
        return FileResponse::new("image.png").media_type("image/png").into();
    }
    JsonResponse::new(json!({"id": item_id, "value": "there goes my hero"})).into()
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_item])
}
