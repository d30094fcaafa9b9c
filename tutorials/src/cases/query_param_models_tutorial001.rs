//! Query parameters from a model.
use brisk::prelude::*;

#[derive(Model, Clone, Copy)]
#[model(literal)]
pub enum OrderBy {
    #[value("created_at")]
    CreatedAt,
    #[value("updated_at")]
    UpdatedAt,
}

#[derive(Model)]
pub struct FilterParams {
    #[field(default = 100, gt = 0, le = 100)]
    limit: i64,
    #[field(default = 0, ge = 0)]
    offset: i64,
    #[field(default = OrderBy::CreatedAt)]
    order_by: OrderBy,
    #[field(default = Vec::new())]
    tags: Vec<String>,
}

#[get("/items/")]
async fn read_items(#[query] filter_query: FilterParams) -> Json<FilterParams> {
    Json(filter_query)
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
