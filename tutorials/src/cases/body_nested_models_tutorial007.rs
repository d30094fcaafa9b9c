//! Deeply nested models: errors carry the full location.
use std::collections::BTreeSet;

use brisk::prelude::*;
use brisk::types::HttpUrl;

#[derive(Model)]
pub struct Image {
    url: HttpUrl,
    name: String,
}

#[derive(Model)]
pub struct Item {
    name: String,
    description: Option<String>,
    price: f64,
    tax: Option<f64>,
    #[field(default = BTreeSet::new())]
    tags: BTreeSet<String>,
    images: Option<Vec<Image>>,
}

#[derive(Model)]
pub struct Offer {
    name: String,
    description: Option<String>,
    price: f64,
    items: Vec<Item>,
}

#[post("/offers/")]
async fn create_offer(offer: Offer) -> Json<Offer> {
    Json(offer)
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_offer])
}
