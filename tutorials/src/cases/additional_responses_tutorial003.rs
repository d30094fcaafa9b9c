//! Additional responses combined with the generated one: descriptions and an example.
use brisk::prelude::*;
use serde_json::json;

#[derive(Model)]
pub struct Item {
    id: String,
    value: String,
}

#[derive(Model)]
pub struct Message {
    message: String,
}

#[get(
    "/items/{item_id}",
    response_model = Item,
    responses(
        404(model = Message, description = "The item was not found"),
        200(
            description = "Item requested by ID",
            content = { "application/json": { "example": {"id": "bar", "value": "The bar tenders"} } },
        ),
    ),
)]
async fn read_item(item_id: String) -> JsonResponse {
    if item_id == "foo" {
        return JsonResponse::new(json!({"id": "foo", "value": "there goes my hero"}));
    }
    JsonResponse::new(json!({"message": "Item not found"})).status(404)
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_item])
}
