//! A YAML body read by hand: parsed with a YAML crate, validated as `Item` with
//! `model_validate`, and documented through `openapi_extra`.
use brisk::prelude::*;
use serde_json::Value;

#[derive(Model)]
pub struct Item {
    name: String,
    tags: Vec<String>,
}

#[post("/items/", openapi_extra = {
    "requestBody": {
        "content": {"application/x-yaml": {"schema": (Item::model_json_schema())}},
        "required": true
    }
})]
async fn create_item(request: Request) -> Result<Value, HttpException> {
    let raw_body = request.body();
    let data: serde_json::Value =
        serde_yaml_ng::from_slice(raw_body).map_err(|_| HttpException::new(422, "Invalid YAML"))?;
    let item = Item::model_validate(&data)
        .map_err(|e| HttpException::new(422, serde_json::to_value(&e).unwrap_or_default()))?;
    // Returned as plain data (the Python function has no return annotation): no response
    // schema is documented.
    Ok(jsonable_encoder(&item))
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_item])
}
