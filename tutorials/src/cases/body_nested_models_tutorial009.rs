//! A dict body with int keys and float values.
use std::collections::BTreeMap;

use brisk::prelude::*;

#[post("/index-weights/")]
async fn create_index_weights(weights: BTreeMap<i64, f64>) -> Json<BTreeMap<i64, f64>> {
    Json(weights)
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_index_weights])
}
