//! A struct as a dependency (FastAPI's class dependencies): its fields are parameters.
use brisk::prelude::*;
use serde_json::{Value, json};

const FAKE_ITEMS_DB: [&str; 3] = ["Foo", "Bar", "Baz"];

#[derive(Dependency, Clone)]
pub struct CommonQueryParams {
    #[query]
    q: Option<String>,
    #[query(default = 0)]
    skip: i64,
    #[query(default = 100)]
    limit: i64,
}

/// Python's slice `list[skip : skip + limit]`, negative indices counting from the end.
fn slice(skip: i64, limit: i64) -> Vec<Value> {
    let len = FAKE_ITEMS_DB.len() as i64;
    let clamp = |i: i64| if i < 0 { (len + i).max(0) } else { i.min(len) };
    let (start, end) = (clamp(skip), clamp(skip + limit));
    (start..end.max(start)).map(|i| json!({"item_name": FAKE_ITEMS_DB[i as usize]})).collect()
}

#[get("/items/")]
async fn read_items(#[depends(CommonQueryParams)] commons: CommonQueryParams) -> Value {
    let mut response = json!({});
    if let Some(q) = commons.q {
        response["q"] = json!(q);
    }
    response["items"] = json!(slice(commons.skip, commons.limit));
    response
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_items])
}
