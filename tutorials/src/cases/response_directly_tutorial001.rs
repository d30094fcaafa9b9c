//! The seed page: encode a model with `jsonable_encoder` and return a `JsonResponse`.
use brisk::prelude::*;

#[derive(Model)]
pub struct Item {
    title: String,
    timestamp: DateTime,
    description: Option<String>,
}

#[put("/items/{id}")]
async fn update_item(id: String, item: Item) -> JsonResponse {
    let _ = id;
    let json_compatible_item_data = jsonable_encoder(&item);
    JsonResponse::new(json_compatible_item_data)
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![update_item])
}
