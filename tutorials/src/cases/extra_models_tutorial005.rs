//! A dict response model: `dict[str, float]`.
use std::collections::HashMap;

use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/keyword-weights/", response_model = HashMap<String, f64>)]
async fn read_keyword_weights() -> Value {
    json!({"foo": 2.3, "bar": 3.4})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_keyword_weights])
}
