//! `response_class = Json` named explicitly (FastAPI's `UJSONResponse`: the same JSON,
//! another encoder).
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/", response_class = Json)]
async fn read_items() -> Value {
    json!([{"item_id": "Foo"}])
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
