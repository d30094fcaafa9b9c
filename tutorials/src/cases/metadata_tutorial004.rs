//! Tag metadata: descriptions and external docs.
use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/users/", tags = ["users"])]
async fn get_users() -> Value {
    json!([{"name": "Harry"}, {"name": "Ron"}])
}

#[get("/items/", tags = ["items"])]
async fn get_items() -> Value {
    json!([{"name": "wand"}, {"name": "flying broom"}])
}

pub fn app() -> App {
    crate::fastapi_app()
        .openapi_tags(json!([
            {"name": "users", "description": "Operations with users. The **login** logic is also here."},
            {
                "name": "items",
                "description": "Manage items. So _fancy_ they have their own docs.",
                "externalDocs": {"description": "Items external docs", "url": "https://fastapi.tiangolo.com/"},
            },
        ]))
        .routes(routes![get_users, get_items])
}
