//! Two query models and a plain query parameter on one operation.
use brisk::prelude::*;
use serde_json::{Value, json};

#[derive(Model)]
pub struct Pagination {
    #[field(default = 10, ge = 1)]
    limit: i64,
    #[field(default = 0, ge = 0)]
    offset: i64,
}

#[derive(Model)]
pub struct Filters {
    #[field(default = Vec::new())]
    tags: Vec<String>,
}

#[get("/items/")]
async fn read_items(#[query] pagination: Pagination, #[query] filters: Filters, search: Option<String>) -> Value {
    json!({"pagination": pagination, "filters": filters, "search": search})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
