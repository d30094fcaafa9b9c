//! Nested data structures: a list body and a list response model.
use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model, Clone)]
pub struct Item {
    name: String,
    description: Option<String>,
}

#[derive(Model)]
pub struct Author {
    name: String,
    #[field(default_factory = Vec::new())]
    items: Vec<Item>,
}

#[post("/authors/{author_id}/items/", response_model = Author)]
async fn create_author_items(author_id: String, items: Vec<Item>) -> Value {
    json!({"name": author_id, "items": items})
}

#[get("/authors/", response_model = Vec<Author>)]
async fn get_authors() -> Value {
    json!([
        {
            "name": "Breaters",
            "items": [
                {"name": "Island In The Moon", "description": "A place to be playin' and havin' fun"},
                {"name": "Holy Buddies"},
            ],
        },
        {
            "name": "System of an Up",
            "items": [
                {"name": "Salt", "description": "The kombucha mushroom people's favorite"},
                {"name": "Pad Thai"},
                {"name": "Lonely Night", "description": "The mostests lonliest nightiest of allest"},
            ],
        },
    ])
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_author_items, get_authors])
}
