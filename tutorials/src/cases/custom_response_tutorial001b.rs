//! `response_class = Json` declared and a `JsonResponse` returned directly (FastAPI's
//! `ORJSONResponse`): documented as `application/json`.
use brisk::prelude::*;
use serde_json::json;

#[get("/items/", response_class = Json)]
async fn read_items() -> JsonResponse {
    JsonResponse::new(json!([{"item_id": "Foo"}]))
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
