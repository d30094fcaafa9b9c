//! A union response model: `PlaneItem | CarItem`, documented as `anyOf`.
use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model)]
pub struct CarItem {
    description: String,
    #[field(default = "car")]
    r#type: String,
}

#[derive(Model)]
pub struct PlaneItem {
    description: String,
    #[field(default = "plane")]
    r#type: String,
    size: i64,
}

#[derive(Model)]
pub enum Item {
    Plane(PlaneItem),
    Car(CarItem),
}

#[get("/items/{item_id}", response_model = Item)]
async fn read_item(item_id: String) -> Value {
    let items = json!({
        "item1": {"description": "All my friends drive a low rider", "type": "car"},
        "item2": {"description": "Music is my aeroplane, it's my aeroplane", "type": "plane", "size": 5},
    });
    items[item_id.as_str()].clone()
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_item])
}
