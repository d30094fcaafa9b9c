//! Predefined additional responses reused with one of the route's own: the item as
//! JSON or, on request, an image.
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
    responses(
        404(description = "Item not found"),
        302(description = "The item was moved"),
        403(description = "Not enough privileges"),
        200(content = { "image/png": {} }),
    ),
)]
#[allow(unused_variables)] // FastAPI's example answers the same item for every id
async fn read_item(item_id: String, img: Option<bool>) -> Response {
    if img == Some(true) {
        return FileResponse::new("image.png").media_type("image/png").into();
    }
    JsonResponse::new(json!({"id": "foo", "value": "there goes my hero"})).into()
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_item])
}
