//! Response models taken from the return types (`Item`, `Vec<Item>`).
use brisk::prelude::*;

#[derive(Model)]
pub struct Item {
    name: String,
    description: Option<String>,
    price: f64,
    tax: Option<f64>,
    #[field(default = Vec::new())]
    tags: Vec<String>,
}

#[post("/items/")]
async fn create_item(item: Item) -> Item {
    item
}

#[get("/items/")]
async fn read_items() -> Vec<Item> {
    vec![
        Item { name: "Portal Gun".to_owned(), description: None, price: 42.0, tax: None, tags: Vec::new() },
        Item { name: "Plumbus".to_owned(), description: None, price: 32.0, tax: None, tags: Vec::new() },
    ]
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_item, read_items])
}
